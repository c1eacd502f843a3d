//! The sandbox's authentication: Content-Type, API key, timestamp window and HMAC
//! signature, each failure a 401 whose detail names the check (never the secret).

use sha2::{Digest, Sha256};

use super::accounts::Accounts;
use super::incoming::Incoming;
use super::refusal::{Refusal, hex, printable_80, refuse};
use crate::sign::{SignedParts, verify};
use crate::values::show_api_key;

/// The accepted clock difference between client and server, in seconds.
pub const TIMESTAMP_WINDOW: i64 = 300;

/// Content-Type, key, timestamp window and signature: any failure is a 401.
pub(super) fn authenticate(
    accounts: &Accounts,
    req: &Incoming<'_>,
    body: &[u8],
    now: i64,
) -> Result<(), Refusal> {
    let unauthorized = |verdict: &str, detail: String| Err(refuse(401, verdict, detail));
    let content_type = req.header("content-type").unwrap_or("");
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return unauthorized(
            "wrong content type",
            format!(
                "Content-Type must be application/json (got '{}')",
                printable_80(content_type)
            ),
        );
    }
    let Some(key) = req.header("x-api-key") else {
        return unauthorized("missing X-API-Key", "missing X-API-Key header".into());
    };
    let Some(account) = accounts.key(key) else {
        let detail = if key.starts_with("sk_") {
            "the X-API-Key header holds what looks like an API secret (sk_…): \
             are the key and the secret swapped?"
                .to_string()
        } else {
            format!("unknown API key '{}'", show_api_key(key))
        };
        return unauthorized("unknown API key", detail);
    };
    let Some(timestamp) = req.header("x-timestamp") else {
        return unauthorized("missing X-Timestamp", "missing X-Timestamp header".into());
    };
    let seconds = (!timestamp.is_empty()
        && timestamp.len() <= 15
        && timestamp.bytes().all(|b| b.is_ascii_digit()))
    .then(|| timestamp.parse::<i64>().ok())
    .flatten();
    let Some(seconds) = seconds else {
        return unauthorized(
            "bad timestamp",
            format!(
                "X-Timestamp must be Unix time in seconds (got '{}')",
                printable_80(timestamp)
            ),
        );
    };
    let skew = seconds.saturating_sub(now);
    if skew.saturating_abs() > TIMESTAMP_WINDOW {
        let direction = if skew < 0 { "behind" } else { "ahead of" };
        return unauthorized(
            "timestamp outside window",
            format!(
                "timestamp off by {} seconds ({direction} the server's clock; allowed ±{TIMESTAMP_WINDOW}): \
                 check the client's clock",
                skew.saturating_abs()
            ),
        );
    }
    let Some(signature) = req.header("x-signature") else {
        return unauthorized("missing X-Signature", "missing X-Signature header".into());
    };
    let parts = SignedParts {
        method: "POST",
        path: req.path(),
        body,
        timestamp,
    };
    if !verify(account.api_secret.expose(), &parts, signature) {
        return unauthorized(
            "signature mismatch",
            format!(
                "signature mismatch: expected base64 HMAC-SHA256 of \"METHOD\\nPATH\\nBODY\\nTIMESTAMP\" \
                 keyed with the API secret; verified method POST, path {}, body {} bytes \
                 (SHA-256 {}), timestamp {timestamp}",
                printable_80(req.path()),
                body.len(),
                hex(&Sha256::digest(body)),
            ),
        );
    }
    Ok(())
}
