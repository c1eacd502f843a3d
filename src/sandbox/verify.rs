//! The sandbox's verdict on one request, checked the way the API document describes:
//! route, body size, Content-Type, key, timestamp window, signature (401), chatbot (404),
//! access (403), body validation (400), daily limit (429), then the reply.
//!
//! A pure function of the request and the clock (plus the daily counts): no sockets, no
//! printing. Problem bodies add a `detail` naming the failed check, never a secret.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::accounts::Accounts;
use super::auth;
use super::limits::DailyLimits;
use super::validate;
use crate::api::{Envelope, Problem, RateLimit};
use crate::text::one_line;
use crate::values::show_api_key;

/// Request bodies larger than this get 413: room for the largest message `peki send`
/// takes (1 MiB) once it is escaped into JSON.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// A request as the HTTP layer read it.
#[derive(Debug, Clone)]
pub struct Incoming<'a> {
    pub method: &'a str,
    /// The request target as sent (path and maybe a query).
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: Result<&'a [u8], BodyError>,
}

/// Why a request body could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than `MAX_BODY_BYTES`.
    TooLarge,
    /// The connection failed or the chunked encoding was broken mid-body.
    Unreadable(String),
}

impl Incoming<'_> {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn path(&self) -> &str {
        self.url.split(['?', '#']).next().unwrap_or("")
    }
}

/// The sandbox's answer: status, body and the headers the API sends.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub rate_limit: RateLimit,
    pub retry_after: Option<i64>,
    pub allow: Option<&'static str>,
    /// A short phrase for the log line: `ok`, `signature mismatch`.
    pub verdict: String,
}

/// Verifies requests against the known keys and chatbots and counts daily use.
#[derive(Debug)]
pub struct Verifier {
    accounts: Accounts,
    limits: DailyLimits,
}

/// What a failed check reports: status, log verdict, problem detail, field errors.
pub(super) struct Refusal {
    status: u16,
    verdict: String,
    detail: Option<String>,
    errors: BTreeMap<String, Vec<String>>,
}

pub(super) fn refuse(
    status: u16,
    verdict: impl Into<String>,
    detail: impl Into<String>,
) -> Refusal {
    Refusal {
        status,
        verdict: verdict.into(),
        detail: Some(detail.into()),
        errors: BTreeMap::new(),
    }
}

impl Verifier {
    pub fn new(accounts: Accounts) -> Self {
        Verifier {
            accounts,
            limits: DailyLimits::default(),
        }
    }

    /// The answer to `req` at Unix time `now`.
    pub fn answer(&self, req: &Incoming<'_>, now: i64) -> Answer {
        let bot = route_bot(req.path());
        let limit = self.accounts.daily_limit;
        let rate_limit = self.limits.peek(bot.unwrap_or(""), limit, now);
        let refusal = match self.check(req, bot, now) {
            Ok((bot, reply)) => match self.limits.try_take(bot, limit, now) {
                Ok(rate_limit) => {
                    let body = serde_json::to_vec(&Envelope::reply(reply))
                        .expect("an envelope of a string always serializes");
                    return Answer {
                        status: 200,
                        content_type: "application/json; charset=utf-8",
                        body,
                        rate_limit,
                        retry_after: None,
                        allow: None,
                        verdict: "ok".into(),
                    };
                }
                Err(full) => {
                    let reset = full.reset.unwrap_or(now);
                    let mut answer = self.problem(
                        req,
                        full,
                        refuse(
                            429,
                            "daily limit reached",
                            format!(
                                "the daily limit of {limit} messages for chatbot '{bot}' is reached; \
                                 it resets at Unix time {reset}"
                            ),
                        ),
                    );
                    answer.retry_after = Some(reset.saturating_sub(now).max(0));
                    return answer;
                }
            },
            Err(refusal) => refusal,
        };
        self.problem(req, rate_limit, refusal)
    }

    /// The 503 of `--fail-rate`, before any check.
    pub fn injected_failure(&self, req: &Incoming<'_>, now: i64) -> Answer {
        let bot = route_bot(req.path()).unwrap_or("");
        let rate_limit = self.limits.peek(bot, self.accounts.daily_limit, now);
        self.problem(
            req,
            rate_limit,
            refuse(
                503,
                "injected failure",
                "an injected failure (peki serve --fail-rate)",
            ),
        )
    }

    /// Every check before the daily limit; `Ok` holds the chatbot and the reply text.
    fn check<'r>(
        &self,
        req: &Incoming<'r>,
        bot: Option<&'r str>,
        now: i64,
    ) -> Result<(&'r str, String), Refusal> {
        let Some(bot) = bot else {
            return Err(refuse(
                404,
                "no such endpoint",
                "no such endpoint: the Messages API is POST /api/Dev/{chatbotId}/message",
            ));
        };
        if !req.method.eq_ignore_ascii_case("POST") {
            return Err(refuse(
                405,
                "method not allowed",
                "use POST for this endpoint",
            ));
        }
        let body = match &req.body {
            Ok(body) => *body,
            Err(BodyError::TooLarge) => {
                return Err(refuse(
                    413,
                    "body too large",
                    format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
                ));
            }
            Err(BodyError::Unreadable(why)) => {
                return Err(refuse(
                    400,
                    "unreadable body",
                    format!("the request body could not be read: {}", printable_80(why)),
                ));
            }
        };
        auth::authenticate(&self.accounts, req, body, now)?;
        if !self.accounts.bot_exists(bot) {
            return Err(refuse(
                404,
                "unknown chatbot",
                format!("chatbot '{bot}' not found"),
            ));
        }
        let key = req.header("x-api-key").unwrap_or_default();
        let allowed = self
            .accounts
            .key(key)
            .is_some_and(|account| account.bots.contains(bot));
        if !allowed {
            return Err(refuse(
                403,
                "no access to chatbot",
                format!(
                    "API key '{}' has no access to chatbot '{bot}'",
                    show_api_key(key)
                ),
            ));
        }
        let (content, file) = validate::validate(body).map_err(|errors| {
            let fields = errors.keys().cloned().collect::<Vec<_>>().join(", ");
            Refusal {
                status: 400,
                verdict: format!("validation failed: {fields}"),
                detail: Some(format!("the body failed validation: {fields}")),
                errors,
            }
        })?;
        Ok((bot, echo(&content, file.as_deref())))
    }

    fn problem(&self, req: &Incoming<'_>, rate_limit: RateLimit, refusal: Refusal) -> Answer {
        let title = match refusal.status {
            400 => "One or more validation errors occurred.",
            status => crate::api::reason(status),
        };
        let mut problem = Problem::new(refusal.status, title);
        problem.detail = refusal.detail;
        problem.errors = refusal.errors;
        problem.trace_id = Some(trace_id(req));
        Answer {
            status: refusal.status,
            content_type: "application/problem+json; charset=utf-8",
            body: serde_json::to_vec(&problem).expect("problem details always serialize"),
            rate_limit,
            retry_after: None,
            allow: (refusal.status == 405).then_some("POST"),
            verdict: refusal.verdict,
        }
    }
}

/// The chatbot id of `/api/Dev/{chatbotId}/message`, or `None` for any other path.
fn route_bot(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/api/Dev/")?;
    let bot = rest.strip_suffix("/message")?;
    (!bot.is_empty() && !bot.contains('/')).then_some(bot)
}

/// The default reply: a deterministic echo.
fn echo(content: &str, file: Option<&str>) -> String {
    match file {
        Some(url) => format!("Echo: {content} (file: {url})"),
        None => format!("Echo: {content}"),
    }
}

/// A W3C-style trace id derived from the request, so the same request gets the same answer.
fn trace_id(req: &Incoming<'_>) -> String {
    let mut hash = Sha256::new();
    for part in [
        req.method.as_bytes(),
        req.url.as_bytes(),
        req.body.as_ref().copied().unwrap_or_default(),
        req.header("x-timestamp").unwrap_or_default().as_bytes(),
    ] {
        hash.update(part);
        hash.update(b"\n");
    }
    let digest = hex(&hash.finalize());
    format!("00-{}-{}-00", &digest[..32], &digest[32..48])
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A header value fit for a detail: one line, at most 80 characters.
pub(super) fn printable_80(text: &str) -> String {
    one_line(text, 80)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::Account;
    use crate::sign::{SignedParts, sign};
    use crate::values::Secret;

    const NOW: i64 = 1_700_000_000;
    const BODY: &str = r#"{"user":{"id":"u","name":"n"},"message":{"content":"hi"}}"#;

    fn verifier() -> Verifier {
        let account = Account {
            api_key: "pk_k".into(),
            api_secret: Secret::new("sk_s"),
            bots: ["b".to_string()].into(),
        };
        Verifier::new(Accounts::new(vec![account], 100).unwrap())
    }

    /// Headers of a correctly signed request at `timestamp`, minus any named in `without`.
    fn headers(timestamp: i64, without: &str) -> Vec<(String, String)> {
        let ts = timestamp.to_string();
        let signature = sign(
            "sk_s",
            &SignedParts {
                method: "POST",
                path: "/api/Dev/b/message",
                body: BODY.as_bytes(),
                timestamp: &ts,
            },
        );
        [
            ("Content-Type", "application/json".to_string()),
            ("X-API-Key", "pk_k".to_string()),
            ("X-Timestamp", ts),
            ("X-Signature", signature),
        ]
        .into_iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case(without))
        .map(|(n, v)| (n.to_string(), v))
        .collect()
    }

    fn answer_at(timestamp: i64, without: &str) -> Answer {
        let headers = headers(timestamp, without);
        verifier().answer(
            &Incoming {
                method: "POST",
                url: "/api/Dev/b/message",
                headers: &headers,
                body: Ok(BODY.as_bytes()),
            },
            NOW,
        )
    }

    fn detail(answer: &Answer) -> String {
        let body: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        body["detail"].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn the_timestamp_window_is_exactly_300_seconds_each_way() {
        for ok in [NOW - 300, NOW, NOW + 300] {
            assert_eq!(answer_at(ok, "").status, 200, "{ok}");
        }
        for late in [NOW - 301, NOW + 301] {
            let answer = answer_at(late, "");
            assert_eq!(answer.status, 401);
            assert!(
                detail(&answer).contains("off by 301 seconds"),
                "{}",
                detail(&answer)
            );
        }
    }

    #[test]
    fn each_missing_auth_header_is_named() {
        for (header, expected) in [
            ("X-API-Key", "missing X-API-Key header"),
            ("X-Timestamp", "missing X-Timestamp header"),
            ("X-Signature", "missing X-Signature header"),
            (
                "Content-Type",
                "Content-Type must be application/json (got '')",
            ),
        ] {
            let answer = answer_at(NOW, header);
            assert_eq!(answer.status, 401, "{header}");
            assert_eq!(detail(&answer), expected);
        }
    }

    #[test]
    fn identical_requests_get_identical_answers() {
        let first = answer_at(NOW - 1000, "");
        let second = answer_at(NOW - 1000, "");
        assert_eq!(first.body, second.body);
        let ok = (answer_at(NOW, ""), answer_at(NOW, ""));
        assert_eq!(ok.0.body, ok.1.body);
    }
}
