//! Property tests: no input panics the parsers of what comes from outside (responses,
//! problem details, headers, config files, URLs) or the sandbox's verifier, and their
//! answers stay within the documented sets; what is signed always verifies.

use proptest::prelude::*;

use peki::api::{RateLimit, RawResponse};
use peki::sandbox::verify::{BodyError, Incoming, Verifier};
use peki::sandbox::{Account, Accounts};
use peki::sign::{SignedParts, sign, verify};
use peki::values::{BaseUrl, BotId, FileUrl, ProxyUrl, Secret};

/// A verifier that knows key `pk_k` (secret `sk_s`) with access to chatbot `b`.
fn verifier() -> Verifier {
    let account = Account {
        api_key: "pk_k".into(),
        api_secret: Secret::new("sk_s"),
        bots: ["b".to_string()].into(),
    };
    Verifier::new(Accounts::new(vec![account], 3).unwrap())
}

/// JSON-looking text: objects with the fields the parsers look at, and plain noise.
fn jsonish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\{\"title\": ?\"[a-z\\\\nu0-9\\[ ]{0,12}\",\"errors\":\\{\"[a-z\\\\n]{1,4}\":\\[\"[a-z\\\\ne]{0,6}\"\\]\\}\\}",
        "\\{\"(data|error|title|errors|traceId|status|detail)\": ?(null|\"[a-z ]{0,8}\"|[0-9]{1,3}|\\[\\]|\\{\\}|\\{\"[a-z.]{1,6}\": ?\\[\"x\"\\]\\})\\}",
        "\\{\"data\":\"[^\"]{0,20}\",\"error\":(null|\"e\"|1|\\[\\])\\}",
    ]
}

proptest! {
    #[test]
    fn interpreting_any_response_never_panics(status in 100u16..600, body in jsonish()) {
        let response = RawResponse { status, body: body.into_bytes(), ..Default::default() };
        let _ = response.body_value();
        if let Err(error) = response.judge("bot") {
            let error = peki::Error::from(error);
            prop_assert!((2..=7).contains(&error.exit_code()), "{error:?}");
            let text = error.to_string();
            prop_assert!(!text.chars().any(char::is_control), "not one clean line: {text:?}");
        }
    }

    #[test]
    fn interpreting_raw_bytes_never_panics(status in any::<u16>(), body in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = RawResponse { status, body, ..Default::default() }.judge("bot");
    }

    #[test]
    fn rate_limit_headers_of_any_text_never_panic(limit in any::<String>(), remaining in any::<String>(), reset in "-?[0-9]{0,20}") {
        let rl = RateLimit::from_headers(|name| match name {
            "x-ratelimit-limit" => Some(limit.as_str()),
            "x-ratelimit-remaining" => Some(remaining.as_str()),
            _ => Some(reset.as_str()),
        });
        if let Some(rl) = rl {
            let _ = rl.describe();
        }
        let _ = peki::client::retry::rate_limit_wait(Some(&limit), reset.parse().ok(), 1_700_000_000);
        let _ = peki::client::retry::clock_skew(Some(&remaining), 1_700_000_000);
    }

    #[test]
    fn config_parsing_never_panics_and_errors_have_a_position(text in any::<String>()) {
        if let Err(error) = peki::config::parse_config(std::path::Path::new("c.toml"), &text) {
            let peki::config::ConfigError::Parse { at, .. } = &error else {
                panic!("not a parse error with a position: {error:?}");
            };
            prop_assert!(at.line >= 1 && at.column >= 1, "{error}");
            let prefix = format!("c.toml:{}:{}: ", at.line, at.column);
            prop_assert!(error.to_string().starts_with(&prefix), "{}", error);
        }
    }

    #[test]
    fn config_parsing_of_toml_like_text_never_panics(
        text in "(default_profile = \"[a-z]{0,5}\"\n)?(\\[profiles\\.[a-z]{1,5}\\]\n((api_key|bot|timeout|retries|native_roots|ca_cert) = (\"[a-z ]{0,5}\"|-?[0-9.]{1,4}|true|\\[\\])\n){0,4}){0,3}"
    ) {
        let _ = peki::config::parse_config(std::path::Path::new("c.toml"), &text);
    }

    #[test]
    fn value_parsers_never_panic(text in any::<String>()) {
        let _ = text.parse::<BotId>();
        let _ = text.parse::<FileUrl>();
        if let Ok(url) = text.parse::<BaseUrl>() {
            let bot: BotId = "b".parse().unwrap();
            let path = url.message_path(&bot);
            prop_assert!(path.starts_with('/') && path.is_ascii(), "{path}");
        }
        let _ = peki::values::mask(&text);
        let _ = peki::values::redact_url(&text);
        if let Ok(proxy) = text.parse::<ProxyUrl>() {
            let shown = proxy.to_string();
            prop_assert!(!shown.contains('@') || shown.contains("***@"), "{shown}");
        }
        for setting in &peki::config::SETTINGS {
            let _ = setting.kind.parse(&text);
        }
        let _ = peki::text::one_line(&text, 10);
    }

    #[test]
    fn the_sandbox_verifier_answers_anything_with_a_known_status(
        method in "(POST|GET|post|PUT|[A-Z]{0,6})",
        url in "(/api/Dev/[a-z~./%-]{0,8}/message|/[ -~]{0,20})",
        headers in proptest::collection::vec(("(Content-Type|X-API-Key|X-Timestamp|X-Signature|[A-Za-z-]{1,10})", any::<String>()), 0..6),
        body in proptest::option::of(jsonish()),
        now in any::<i64>(),
    ) {
        let verifier = verifier();
        let headers: Vec<(String, String)> = headers;
        let answer = verifier.answer(
            &Incoming {
                method: &method,
                url: &url,
                headers: &headers,
                body: body.as_deref().map(str::as_bytes).ok_or(BodyError::TooLarge),
            },
            now,
        );
        prop_assert!([200, 400, 401, 403, 404, 405, 413, 429].contains(&answer.status), "{}", answer.status);
        let parsed: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        prop_assert!(parsed.is_object());
    }
}

proptest! {
    #[test]
    fn the_verifiers_timestamp_and_signature_checks_take_any_values(
        timestamp in prop_oneof![any::<String>(), "-?[0-9]{1,20}"],
        signature in any::<String>(),
        now in any::<i64>(),
    ) {
        let verifier = verifier();
        let headers = vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            ("X-API-Key".to_string(), "pk_k".to_string()),
            ("X-Timestamp".to_string(), timestamp),
            ("X-Signature".to_string(), signature),
        ];
        let answer = verifier.answer(
            &Incoming {
                method: "POST",
                url: "/api/Dev/b/message",
                headers: &headers,
                body: Ok(br#"{"user":{"id":"u","name":"n"},"message":{"content":"c"}}"#),
            },
            now,
        );
        prop_assert_eq!(answer.status, 401);
    }
}

proptest! {
    #[test]
    fn what_is_signed_verifies_and_any_change_does_not(
        secret in "[ -~]{1,64}",
        path in "/[a-zA-Z0-9/_.~-]{0,40}",
        body in proptest::collection::vec(any::<u8>(), 0..512),
        timestamp in "[0-9]{1,12}",
        flip in any::<prop::sample::Index>(),
    ) {
        let parts = SignedParts { method: "POST", path: &path, body: &body, timestamp: &timestamp };
        let signature = sign(&secret, &parts);
        prop_assert!(verify(&secret, &parts, &signature));
        let other_secret = format!("{secret}x");
        prop_assert!(!verify(&other_secret, &parts, &signature));
        if !body.is_empty() {
            let mut tampered = body.clone();
            tampered[flip.index(body.len())] ^= 1;
            let changed = SignedParts { body: &tampered, ..parts };
            prop_assert!(!verify(&secret, &changed, &signature));
        }
        let later = format!("{timestamp}0");
        let delayed = SignedParts { timestamp: &later, ..parts };
        prop_assert!(!verify(&secret, &delayed, &signature));
    }
}
