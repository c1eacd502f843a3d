//! The sandbox's verdict on one request, checked the way the API document describes:
//! route, body size, Content-Type, key, timestamp window, signature (401), replay (401, with
//! `--reject-replays`), chatbot (404), access (403), body validation (400), daily limit
//! (429). What passes is `Accepted`, which the caller turns into a reply (the echo, or a
//! scripted one).
//!
//! A pure function of the request and the clock (plus the daily counts and remembered
//! signatures): no sockets, no printing. Problem bodies add a `detail` naming the failed
//! check, never a secret.

use super::accounts::Accounts;
use super::answer::{self, FieldErrors};
use super::auth;
use super::limits::DailyLimits;
use super::refusal::{Refusal, printable_80, refuse};
use super::replays::Replays;
use super::validate::{self, ValidMessage};
use crate::api::RateLimit;
use crate::values::show_api_key;

pub use super::answer::Answer;
pub use super::incoming::{BodyError, Incoming, MAX_BODY_BYTES};

/// A request that passed every check; its message is already counted against the daily limit.
#[derive(Debug, Clone)]
pub struct Accepted<'r> {
    pub bot: &'r str,
    pub message: ValidMessage,
    /// The chatbot's window after counting this message.
    pub rate_limit: RateLimit,
}

/// Verifies requests against the known keys and chatbots and counts daily use.
#[derive(Debug)]
pub struct Verifier {
    accounts: Accounts,
    limits: DailyLimits,
    replays: Option<Replays>,
}

impl Verifier {
    pub fn new(accounts: Accounts) -> Self {
        Verifier {
            accounts,
            limits: DailyLimits::default(),
            replays: None,
        }
    }

    /// Daily limits counted over windows of `seconds` (from the Unix epoch) instead of the UTC day.
    pub fn with_window(mut self, seconds: i64) -> Self {
        self.limits = DailyLimits::with_window(seconds);
        self
    }

    /// Refuses (401) a signature already accepted while its timestamp is in the window.
    pub fn rejecting_replays(mut self) -> Self {
        self.replays = Some(Replays::default());
        self
    }

    /// Forgets the daily counts and the signatures seen.
    pub fn reset(&self) {
        self.limits.reset();
        if let Some(replays) = &self.replays {
            replays.reset();
        }
    }

    /// The answer to `req` at Unix time `now`: a refusal, or the echo.
    pub fn answer(&self, req: &Incoming<'_>, now: i64) -> Answer {
        match self.verify(req, now) {
            Ok(accepted) => {
                let echo = echo(&accepted.message.content, accepted.message.file.as_deref());
                answer::reply(echo, accepted.rate_limit)
            }
            Err(refused) => *refused,
        }
    }

    /// Every check, then the daily count: `Ok` when the request may be answered.
    pub fn verify<'r>(&self, req: &Incoming<'r>, now: i64) -> Result<Accepted<'r>, Box<Answer>> {
        let bot = route_bot(req.path());
        let limit = self.accounts.daily_limit;
        let (bot, message) = match self.check(req, bot, now) {
            Ok(checked) => checked,
            Err(refusal) => {
                let rate_limit = self.limits.peek(bot.unwrap_or(""), limit, now);
                return Err(Box::new(answer::problem(req, rate_limit, refusal, None)));
            }
        };
        match self.limits.try_take(bot, limit, now) {
            Ok(rate_limit) => Ok(Accepted {
                bot,
                message,
                rate_limit,
            }),
            Err(full) => {
                let reset = full.reset.unwrap_or(now);
                let refusal = refuse(
                    429,
                    "daily limit reached",
                    format!(
                        "the daily limit of {limit} messages for chatbot '{bot}' is reached; \
                         it resets at Unix time {reset}"
                    ),
                );
                let mut answer = answer::problem(req, full, refusal, None);
                answer.retry_after = Some(reset.saturating_sub(now).max(0));
                Err(Box::new(answer))
            }
        }
    }

    /// A problem a script asked for, after verification: `status` with an optional title,
    /// detail and field errors, and the window the accepted request left.
    pub fn scripted_problem(
        &self,
        req: &Incoming<'_>,
        rate_limit: RateLimit,
        status: u16,
        title: Option<&str>,
        detail: Option<String>,
        errors: FieldErrors,
    ) -> Answer {
        let refusal = Refusal {
            status,
            verdict: "scripted".into(),
            detail,
            errors,
        };
        answer::problem(req, rate_limit, refusal, title)
    }

    /// The 503 of `--fail-rate`, before any check.
    pub fn injected_failure(&self, req: &Incoming<'_>, now: i64) -> Answer {
        let bot = route_bot(req.path()).unwrap_or("");
        let rate_limit = self.limits.peek(bot, self.accounts.daily_limit, now);
        let refusal = refuse(
            503,
            "injected failure",
            "an injected failure (peki serve --fail-rate)",
        );
        answer::problem(req, rate_limit, refusal, None)
    }

    /// Every check before the daily limit; `Ok` holds the chatbot and the valid message.
    fn check<'r>(
        &self,
        req: &Incoming<'r>,
        bot: Option<&'r str>,
        now: i64,
    ) -> Result<(&'r str, ValidMessage), Refusal> {
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
        if let Some(replays) = &self.replays {
            replays.admit(req, now)?;
        }
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
        let message = validate::validate(body).map_err(|errors| {
            let fields = errors.keys().cloned().collect::<Vec<_>>().join(", ");
            Refusal {
                status: 400,
                verdict: format!("validation failed: {fields}"),
                detail: Some(format!("the body failed validation: {fields}")),
                errors,
            }
        })?;
        Ok((bot, message))
    }
}

/// The chatbot id of `/api/Dev/{chatbotId}/message`, or `None` for any other path.
pub fn route_bot(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/api/Dev/")?;
    let bot = rest.strip_suffix("/message")?;
    (!bot.is_empty() && !bot.contains('/')).then_some(bot)
}

/// The default reply: a deterministic echo.
pub(super) fn echo(content: &str, file: Option<&str>) -> String {
    match file {
        Some(url) => format!("Echo: {content} (file: {url})"),
        None => format!("Echo: {content}"),
    }
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
    fn timestamps_must_be_unix_seconds() {
        for bad in ["abc", "1.5", "-5", "", "1234567890123456"] {
            let mut headers = headers(NOW, "X-Timestamp");
            headers.push(("X-Timestamp".into(), bad.into()));
            let answer = verifier().answer(
                &Incoming {
                    method: "POST",
                    url: "/api/Dev/b/message",
                    headers: &headers,
                    body: Ok(BODY.as_bytes()),
                },
                NOW,
            );
            assert_eq!(answer.status, 401, "{bad}");
            assert!(
                detail(&answer).starts_with("X-Timestamp must be Unix time"),
                "{bad}"
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
