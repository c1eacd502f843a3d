//! The sandbox's answer to one request (status, body, the API's headers) and how refusals
//! and replies become one: problem details with a deterministic trace id, or the 200
//! envelope. Pure: no sockets, no clock.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::incoming::Incoming;
use super::refusal::{Refusal, hex};
use crate::api::{Envelope, Problem, RateLimit};

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
    /// The problem's `detail` (why it was refused), for the journal.
    pub reason: Option<String>,
}

/// The 200 envelope around `reply`.
pub(super) fn reply(reply: String, rate_limit: RateLimit) -> Answer {
    // An envelope of a string has only string and number fields: serializing cannot fail,
    // and an empty body would still be an answer rather than a panic.
    let body = serde_json::to_vec(&Envelope::reply(reply)).unwrap_or_default();
    Answer {
        status: 200,
        content_type: "application/json; charset=utf-8",
        body,
        rate_limit,
        retry_after: None,
        allow: None,
        verdict: "ok".into(),
        reason: None,
    }
}

/// Problem details for `refusal`, titled as the API titles them (unless `title` is given).
pub(super) fn problem(
    req: &Incoming<'_>,
    rate_limit: RateLimit,
    refusal: Refusal,
    title: Option<&str>,
) -> Answer {
    let title = title.unwrap_or(match refusal.status {
        400 => "One or more validation errors occurred.",
        status => crate::api::reason(status),
    });
    let mut problem = Problem::new(refusal.status, title);
    problem.detail = refusal.detail.clone();
    problem.errors = refusal.errors;
    problem.trace_id = Some(trace_id(req));
    Answer {
        status: refusal.status,
        content_type: "application/problem+json; charset=utf-8",
        // Strings, numbers and maps of strings: serializing cannot fail.
        body: serde_json::to_vec(&problem).unwrap_or_default(),
        rate_limit,
        retry_after: None,
        allow: (refusal.status == 405).then_some("POST"),
        verdict: refusal.verdict,
        reason: refusal.detail,
    }
}

/// Field errors as a script gives them, for `problem`.
pub(super) type FieldErrors = BTreeMap<String, Vec<String>>;

/// A W3C-style trace id derived from the request, so the same request gets the same answer.
pub(super) fn trace_id(req: &Incoming<'_>) -> String {
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
