//! The sandbox's authentication: Content-Type, API key, timestamp window and HMAC
//! signature, each failure a 401 whose detail names the check (never the secret).

use sha2::{Digest, Sha256};

use super::accounts::{Account, Accounts};
use super::incoming::Incoming;
use super::refusal::{Refusal, hex, printable_80, refuse};
use crate::sign::{SignedParts, verify};
use crate::values::{Secret, show_api_key};

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

/// What the sandbox's authentication says of a request with these parts, key and
/// signature at Unix time `now` (`peki sign --verify`): `Ok` when it passes, else the
/// `detail` of the 401 it would answer. The same checks as a request gets, not a copy.
pub fn diagnose(
    api_key: &str,
    api_secret: &Secret,
    parts: &SignedParts<'_>,
    signature: &str,
    now: i64,
) -> Result<(), String> {
    let account = Account {
        api_key: api_key.to_string(),
        api_secret: api_secret.clone(),
        bots: Default::default(),
    };
    let accounts = Accounts::new(vec![account], 0)?;
    let headers = [
        ("Content-Type", "application/json"),
        ("X-API-Key", api_key),
        ("X-Timestamp", parts.timestamp),
        ("X-Signature", signature),
    ]
    .map(|(name, value)| (name.to_string(), value.to_string()));
    let request = Incoming {
        method: parts.method,
        url: parts.path,
        headers: &headers,
        body: Ok(parts.body),
    };
    authenticate(&accounts, &request, parts.body, now)
        .map_err(|refusal| refusal.detail.unwrap_or(refusal.verdict))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::sign;

    #[test]
    fn diagnose_names_the_check_that_fails() {
        let secret = Secret::new("sk_s");
        let parts = SignedParts {
            method: "POST",
            path: "/api/Dev/b/message",
            body: b"{}",
            timestamp: "1700000000",
        };
        let good = sign("sk_s", &parts);
        assert_eq!(
            diagnose("pk_k", &secret, &parts, &good, 1_700_000_000),
            Ok(())
        );
        let wrong = diagnose(
            "pk_k",
            &secret,
            &parts,
            &sign("sk_x", &parts),
            1_700_000_000,
        );
        let detail = wrong.unwrap_err();
        assert!(detail.starts_with("signature mismatch"), "{detail}");
        assert!(detail.contains("body 2 bytes") && detail.contains("timestamp 1700000000"));
        let late = diagnose("pk_k", &secret, &parts, &good, 1_700_001_000).unwrap_err();
        assert!(late.contains("timestamp off by 1000 seconds"), "{late}");
    }
}
