//! The wire format of the Messages API: request and response bodies, problem details,
//! rate-limit headers. Reading a response into a reply or an error is `response`'s job.
//!
//! Pure data and functions: no network, no printing. The client and the sandbox both use
//! these types, so the two cannot disagree about a field name.

mod failure;
mod response;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use failure::{ApiFailure, BadResponse, ResponseError};
pub use response::{RawResponse, Reply, excerpt};

/// The standard reason phrase of a status (`Not Found`), or "" for an unknown one.
pub fn reason(status: u16) -> &'static str {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .unwrap_or("")
}

/// `POST /Dev/{chatbotId}/message` body. It borrows the message: a 1 MiB message is not
/// copied to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MessageRequest<'a> {
    pub user: User<'a>,
    pub message: Message<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct User<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Message<'a> {
    pub content: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
}

impl MessageRequest<'_> {
    /// The exact bytes to sign and send. Serialize once: re-serializing after signing could
    /// change the bytes and break the signature.
    pub fn to_body(&self) -> Vec<u8> {
        let message = &self.message;
        // Sized for the text unescaped: a large message is not copied through doubling.
        let mut body = Vec::with_capacity(
            64 + self.user.id.len()
                + self.user.name.len()
                + message.content.len()
                + message.file.map_or(0, str::len),
        );
        // Plain structs of strings always serialize.
        serde_json::to_writer(&mut body, self).expect("a MessageRequest always serializes");
        body
    }
}

/// The success envelope: `data` is the reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    pub data: Value,
    pub error: Value,
    pub total_items: u64,
    pub page_size: u64,
    pub current_page: u64,
    pub total_pages: u64,
}

impl Envelope {
    pub fn reply(data: impl Into<Value>) -> Self {
        Envelope {
            data: data.into(),
            error: Value::Null,
            total_items: 0,
            page_size: 0,
            current_page: 0,
            total_pages: 0,
        }
    }
}

/// RFC 9457 problem details, in the shape ASP.NET produces.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "lenient_errors"
    )]
    pub errors: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
}

impl Problem {
    /// A problem of `status` with ASP.NET's `type` link and title.
    pub fn new(status: u16, title: impl Into<String>) -> Self {
        Problem {
            kind: Some(problem_type(status).to_string()),
            title: Some(title.into()),
            status: Some(status),
            ..Default::default()
        }
    }
}

/// ASP.NET's `type` links for the statuses the API uses.
pub fn problem_type(status: u16) -> &'static str {
    match status {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
    }
}

/// Field errors as lists of strings, whatever a server sends: a list, a lone string, or
/// other JSON (kept as its text) — a malformed map must not hide the rest of the problem.
fn lenient_errors<'de, D>(de: D) -> Result<BTreeMap<String, Vec<String>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = Value::deserialize(de)?;
    let Value::Object(map) = value else {
        return Ok(BTreeMap::new());
    };
    Ok(map
        .into_iter()
        .map(|(field, messages)| {
            let list = match messages {
                Value::Array(items) => items.into_iter().map(value_text).collect(),
                other => vec![value_text(other)],
            };
            (field, list)
        })
        .collect())
}

pub(crate) fn value_text(value: Value) -> String {
    match value {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// The `X-RateLimit-*` headers of a response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// Unix seconds when the window resets.
    pub reset: Option<i64>,
}

impl RateLimit {
    /// Reads the three headers through `header` (a case-insensitive lookup); `None` when the
    /// response carries none of them.
    pub fn from_headers<'a>(header: impl Fn(&str) -> Option<&'a str>) -> Option<Self> {
        let number = |name: &str| header(name).and_then(|v| v.trim().parse::<i64>().ok());
        let rl = RateLimit {
            limit: number("x-ratelimit-limit").and_then(|n| u64::try_from(n).ok()),
            remaining: number("x-ratelimit-remaining").and_then(|n| u64::try_from(n).ok()),
            reset: number("x-ratelimit-reset"),
        };
        (rl != RateLimit::default()).then_some(rl)
    }

    /// One line for humans: `95 of 100 requests left; resets at … (in 3h 12m)`.
    pub fn describe(&self) -> String {
        let count = |n: Option<u64>| n.map_or_else(|| "?".to_string(), |n| n.to_string());
        let mut line = format!(
            "{} of {} requests left",
            count(self.remaining),
            count(self.limit)
        );
        if let Some(reset) = self.reset {
            line.push_str("; resets ");
            line.push_str(&crate::clock::describe_reset(reset));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_serializes_compact_and_omits_missing_file() {
        let req = MessageRequest {
            user: User {
                id: "u1",
                name: "Ada",
            },
            message: Message {
                content: "hi",
                file: None,
            },
        };
        assert_eq!(
            String::from_utf8(req.to_body()).unwrap(),
            r#"{"user":{"id":"u1","name":"Ada"},"message":{"content":"hi"}}"#
        );
    }

    #[test]
    fn rate_limit_headers_parse_and_describe() {
        let headers = [
            ("x-ratelimit-limit", "100"),
            ("x-ratelimit-remaining", "95"),
            ("x-ratelimit-reset", "1672617600"),
        ];
        let rl = RateLimit::from_headers(|name| {
            headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        })
        .unwrap();
        assert_eq!(
            rl,
            RateLimit {
                limit: Some(100),
                remaining: Some(95),
                reset: Some(1672617600)
            }
        );
        assert!(RateLimit::from_headers(|_| None).is_none());
    }
}
