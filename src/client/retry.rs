//! When to try a request again, and after how long: full-jitter exponential backoff, waits
//! announced by a 429 (`Retry-After`, `X-RateLimit-Reset`), and the clock skew a 401's
//! `Date` header reveals. Pure functions of their inputs; the loop that sleeps is
//! `attempts`'.

use std::time::Duration;

use super::error::{NetworkKind, TransportError};
use crate::clock::parse_http_date;

/// The default first backoff step (`--retry-delay`); each retry doubles it, up to
/// `BACKOFF_CAP`.
pub const DEFAULT_RETRY_DELAY: Duration = Duration::from_millis(500);
pub const BACKOFF_CAP: Duration = Duration::from_secs(30);
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);
/// A 401 whose `Date` differs from the local clock by more than this is retried once with
/// the timestamp corrected (the server accepts ±300 s).
pub const SKEW_THRESHOLD: i64 = 240;
/// A `Date` further off than this is not believed: no clock is a day wrong, but a broken
/// or hostile server's header can be anything (1970, 9999).
pub const MAX_SKEW: i64 = 86_400;

/// How hard to try.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The longest wait for a rate-limit window that `peki` accepts before giving up.
    pub max_wait: Duration,
    /// The first backoff step.
    pub retry_delay: Duration,
    /// The budget of the whole send: attempts, backoff and rate-limit waits.
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            retries: 3,
            max_wait: DEFAULT_MAX_WAIT,
            retry_delay: DEFAULT_RETRY_DELAY,
            timeout: Duration::from_secs(60),
        }
    }
}

/// Full jitter: a uniform draw (`unit` in 0..1) of `min(cap, base * 2^(retry-1))`, where
/// `retry` counts from 1.
pub fn backoff(retry: u32, base: Duration, unit: f64) -> Duration {
    let exponent = retry.saturating_sub(1).min(16);
    let ceiling = base.saturating_mul(1u32 << exponent).min(BACKOFF_CAP);
    ceiling.mul_f64(unit.clamp(0.0, 1.0))
}

/// Whether an HTTP status is worth another try: rate limits and transient server errors.
/// Never 400, 401, 403, 404: the same request would get the same answer.
pub fn retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// Whether a failure without an HTTP answer is worth another try: connect failures,
/// resets and timeouts are; a certificate problem, a proxy's refusal and an answer that is
/// not HTTP (the server may have taken the message) are not.
pub fn retryable_error(error: &TransportError) -> bool {
    matches!(error, TransportError::Network(e) if !matches!(e.kind, NetworkKind::Tls | NetworkKind::Proxy))
}

/// Seconds until a 429's window reopens: `Retry-After` (delta seconds or an HTTP date),
/// else `X-RateLimit-Reset` (Unix seconds). `None` when neither says.
pub fn rate_limit_wait(retry_after: Option<&str>, reset: Option<i64>, now: i64) -> Option<i64> {
    let from_retry_after = retry_after.and_then(|value| {
        let value = value.trim();
        // Delta seconds, clamped (a huge value is "not soon", not "absent"); else a date.
        let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
        digits
            .then(|| i64::try_from(value.parse::<u64>().unwrap_or(u64::MAX)).unwrap_or(i64::MAX))
            .or_else(|| value.parse::<i64>().ok())
            .or_else(|| parse_http_date(value).map(|at| at.saturating_sub(now)))
    });
    from_retry_after
        .or_else(|| reset.map(|reset| reset.saturating_sub(now)))
        .map(|secs| secs.max(0))
}

/// The server's clock minus ours, when a response's `Date` shows more than
/// `SKEW_THRESHOLD` seconds of difference, and no more than `MAX_SKEW`.
pub fn clock_skew(date_header: Option<&str>, local_now: i64) -> Option<i64> {
    let server_now = parse_http_date(date_header?)?;
    let skew = server_now.saturating_sub(local_now);
    (skew.abs() > SKEW_THRESHOLD && skew.abs() <= MAX_SKEW).then_some(skew)
}

/// `5m 3s ahead of` / `2h 0m behind`: how the local clock compares with the server's,
/// given `skew` = server − local.
pub fn describe_skew(skew: i64) -> String {
    let direction = if skew > 0 { "behind" } else { "ahead of" };
    format!(
        "this machine's clock is {} {direction} the server's",
        crate::clock::human_duration(skew.saturating_abs())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_retry_delay_up_to_thirty_seconds() {
        let base = DEFAULT_RETRY_DELAY;
        assert_eq!(backoff(1, base, 1.0), Duration::from_millis(500));
        assert_eq!(backoff(2, base, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(3, base, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(7, base, 1.0), Duration::from_secs(30));
        assert_eq!(backoff(1000, base, 1.0), Duration::from_secs(30));
        assert_eq!(backoff(3, base, 0.5), Duration::from_secs(1));
        assert_eq!(backoff(3, base, 0.0), Duration::ZERO);
        assert_eq!(
            backoff(3, base, 7.0),
            Duration::from_secs(2),
            "unit is clamped"
        );
        assert_eq!(backoff(5, Duration::ZERO, 1.0), Duration::ZERO);
        assert_eq!(backoff(2, Duration::from_secs(3600), 1.0), BACKOFF_CAP);
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for status in [429, 500, 502, 503, 504] {
            assert!(retryable_status(status), "{status}");
        }
        for status in [200, 400, 401, 403, 404, 413, 501, 505] {
            assert!(!retryable_status(status), "{status}");
        }
    }

    #[test]
    fn tls_failures_are_not_retried() {
        use super::super::error::NetworkError;
        let net = |kind| TransportError::Network(NetworkError::new(kind, ""));
        assert!(retryable_error(&net(NetworkKind::Connect)));
        assert!(retryable_error(&net(NetworkKind::Timeout)));
        assert!(retryable_error(&net(NetworkKind::Io)));
        assert!(!retryable_error(&net(NetworkKind::Tls)));
        assert!(!retryable_error(&net(NetworkKind::Proxy)));
        let bad = TransportError::Bad(crate::api::BadResponse {
            status: None,
            message: String::new(),
        });
        assert!(!retryable_error(&bad));
    }

    #[test]
    fn rate_limit_waits_come_from_retry_after_or_the_reset() {
        let now = 1_700_000_000;
        assert_eq!(rate_limit_wait(Some("7"), Some(now + 100), now), Some(7));
        let date = crate::clock::http_date(now + 30);
        assert_eq!(rate_limit_wait(Some(&date), None, now), Some(30));
        assert_eq!(rate_limit_wait(None, Some(now + 3600), now), Some(3600));
        assert_eq!(rate_limit_wait(Some("soon"), Some(now + 5), now), Some(5));
        assert_eq!(rate_limit_wait(None, Some(now - 5), now), Some(0));
        assert_eq!(rate_limit_wait(None, None, now), None);
        assert_eq!(rate_limit_wait(Some("-3"), None, now), Some(0));
        assert_eq!(
            rate_limit_wait(Some("99999999999999999999"), None, now),
            Some(i64::MAX)
        );
    }

    #[test]
    fn skew_counts_only_beyond_four_minutes() {
        let now = 1_700_000_000;
        let at = crate::clock::http_date;
        assert_eq!(clock_skew(Some(&at(now + 600)), now), Some(600));
        assert_eq!(clock_skew(Some(&at(now - 241)), now), Some(-241));
        assert_eq!(clock_skew(Some(&at(now + 240)), now), None);
        assert_eq!(clock_skew(Some("garbage"), now), None);
        assert_eq!(clock_skew(Some(&at(now + 86_400)), now), Some(86_400));
        assert_eq!(
            clock_skew(Some(&at(now + 86_401)), now),
            None,
            "not a clock"
        );
        assert_eq!(clock_skew(Some(&at(0)), now), None);
        assert_eq!(clock_skew(None, now), None);
        assert_eq!(
            describe_skew(600),
            "this machine's clock is 10m 0s behind the server's"
        );
    }
}
