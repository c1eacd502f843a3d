//! The wire format of the Messages API: request and response bodies, problem details,
//! rate-limit headers, and the reading of a response into a reply or an error.
//!
//! Pure data and functions: no network, no printing. The client and the sandbox both use
//! these types, so the two cannot disagree about a field name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiFailure, Error, reason};

/// The API's path below the base URL: `{base}/Dev/{chatbotId}/message`.
pub fn message_path(base_path: &str, bot: &str) -> String {
    format!("{}/Dev/{bot}/message", base_path.trim_end_matches('/'))
}

/// `POST /Dev/{chatbotId}/message` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageRequest {
    pub user: User,
    pub message: Message,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub content: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl MessageRequest {
    /// The exact bytes to sign and send. Serialize once: re-serializing after signing could
    /// change the bytes and break the signature.
    pub fn to_body(&self) -> Vec<u8> {
        // Plain structs of strings always serialize.
        serde_json::to_vec(self).expect("a MessageRequest always serializes")
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

fn value_text(value: Value) -> String {
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

/// What the bot answered: text, or (rarely) other JSON that is printed as it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Text(String),
    Json(Value),
}

/// A response as received, before it is judged.
#[derive(Debug, Clone, Default)]
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
    pub rate_limit: Option<RateLimit>,
    /// The `Retry-After` header as sent.
    pub retry_after: Option<String>,
    /// The `Date` header as sent: the server's clock.
    pub date: Option<String>,
}

impl RawResponse {
    /// The body as JSON when it is JSON, else as text (lossily), else nothing.
    pub fn body_value(&self) -> Option<Value> {
        if self.body.is_empty() {
            return None;
        }
        serde_json::from_slice(&self.body).ok().or_else(|| {
            Some(Value::String(
                String::from_utf8_lossy(&self.body).into_owned(),
            ))
        })
    }

    /// Judges the response: the reply on success, else the error to report. The status is
    /// checked before the body is parsed, as the API document asks.
    pub fn interpret(&self, bot: &str) -> Result<Reply, Error> {
        if (200..300).contains(&self.status) {
            self.interpret_success(bot)
        } else {
            Err(Error::Api(Box::new(self.failure(bot))))
        }
    }

    fn interpret_success(&self, bot: &str) -> Result<Reply, Error> {
        let bad = |what: String| Error::BadResponse {
            status: Some(self.status),
            message: format!("HTTP {} but {what}", self.status),
        };
        let envelope: serde_json::Map<String, Value> = match serde_json::from_slice(&self.body) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(bad("the body is not a JSON object".into())),
            Err(_) if self.body.is_empty() => return Err(bad("the body is empty".into())),
            Err(_) => {
                return Err(bad(format!(
                    "the body is not JSON: {}",
                    excerpt(&self.body)
                )));
            }
        };
        match envelope.get("error") {
            None | Some(Value::Null) => {}
            Some(error) => {
                return Err(Error::Api(Box::new(ApiFailure {
                    status: self.status,
                    title: value_text(error.clone()),
                    rate_limit: self.rate_limit,
                    bot: Some(bot.to_string()),
                    ..Default::default()
                })));
            }
        }
        match envelope.get("data") {
            Some(Value::String(text)) => Ok(Reply::Text(text.clone())),
            None | Some(Value::Null) => Err(bad("the response has no `data` (no reply)".into())),
            Some(other) => Ok(Reply::Json(other.clone())),
        }
    }

    fn failure(&self, bot: &str) -> ApiFailure {
        let mut failure = ApiFailure {
            status: self.status,
            title: reason(self.status).to_string(),
            rate_limit: self.rate_limit,
            bot: Some(bot.to_string()),
            ..Default::default()
        };
        match serde_json::from_slice::<Problem>(&self.body) {
            Ok(problem) if problem.title.is_some() || problem.trace_id.is_some() => {
                if let Some(title) = problem.title {
                    failure.title = title;
                }
                failure.detail = problem.detail;
                failure.errors = problem.errors;
                failure.trace_id = problem.trace_id;
            }
            _ if self.body.is_empty() => failure.excerpt = Some("(empty)".into()),
            _ => failure.excerpt = Some(excerpt(&self.body)),
        }
        failure
    }
}

/// At most 160 characters of a body on one line, for an error message.
pub fn excerpt(body: &[u8]) -> String {
    one_line(&String::from_utf8_lossy(body), 160)
}

/// Untrusted text made fit for one line of a log or a message: whitespace runs folded to
/// one space, control characters (terminal escapes) removed, at most `max` characters, and
/// `…` where something was cut.
pub fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    match flat.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            body: body.as_bytes().to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn request_serializes_compact_and_omits_missing_file() {
        let req = MessageRequest {
            user: User {
                id: "u1".into(),
                name: "Ada".into(),
            },
            message: Message {
                content: "hi".into(),
                file: None,
            },
        };
        assert_eq!(
            String::from_utf8(req.to_body()).unwrap(),
            r#"{"user":{"id":"u1","name":"Ada"},"message":{"content":"hi"}}"#
        );
    }

    #[test]
    fn success_with_text_data_is_the_reply() {
        let body = r#"{"data":"hello","error":null,"totalItems":0,"pageSize":0,"currentPage":0,"totalPages":0}"#;
        assert_eq!(
            response(200, body).interpret("b").unwrap(),
            Reply::Text("hello".into())
        );
    }

    #[test]
    fn success_with_json_data_is_kept_as_json() {
        let reply = response(200, r#"{"data":{"a":1},"error":null}"#)
            .interpret("b")
            .unwrap();
        assert_eq!(reply, Reply::Json(serde_json::json!({"a": 1})));
    }

    #[test]
    fn ok_status_with_error_is_a_failure() {
        let err = response(200, r#"{"data":null,"error":"quota exhausted"}"#)
            .interpret("b")
            .unwrap_err();
        assert_eq!(err.kind(), "api_error");
        assert_eq!(err.exit_code(), 7);
        assert!(err.to_string().contains("quota exhausted"), "{err}");
    }

    #[test]
    fn ok_status_without_data_or_json_is_a_bad_response() {
        for body in ["", "<html>oops</html>", "[1]", r#"{"error":null}"#] {
            let err = response(200, body).interpret("b").unwrap_err();
            assert_eq!(err.kind(), "bad_response", "{body}");
            assert!(err.to_string().starts_with("HTTP 200 but"), "{err}");
        }
    }

    #[test]
    fn problem_details_are_read_with_errors_and_trace() {
        let body = r#"{"type":"x","title":"One or more validation errors occurred.","status":400,
            "errors":{"user.name":["The user.name field is required."],"odd":"one string"},
            "traceId":"00-abc-def-00"}"#;
        let Error::Api(failure) = response(400, body).interpret("b").unwrap_err() else {
            panic!("expected an API failure");
        };
        assert_eq!(failure.title, "One or more validation errors occurred.");
        assert_eq!(
            failure.errors["user.name"],
            ["The user.name field is required."]
        );
        assert_eq!(failure.errors["odd"], ["one string"]);
        assert_eq!(failure.trace_id.as_deref(), Some("00-abc-def-00"));
    }

    #[test]
    fn non_json_error_bodies_keep_status_and_excerpt() {
        let Error::Api(failure) = response(502, "<html>\n<h1>Bad   gateway</h1>\n</html>")
            .interpret("b")
            .unwrap_err()
        else {
            panic!("expected an API failure");
        };
        assert_eq!(failure.status, 502);
        assert_eq!(
            failure.excerpt.as_deref(),
            Some("<html> <h1>Bad gateway</h1> </html>")
        );
        let empty = response(503, "").interpret("b").unwrap_err();
        assert_eq!(
            empty.to_string(),
            "HTTP 503 Service Unavailable; body: (empty)"
        );
    }

    #[test]
    fn one_line_strips_escapes_and_marks_only_real_cuts() {
        assert_eq!(one_line("G\x1b[31mET\r\n x", 80), "G[31mET x");
        assert_eq!(one_line("abc", 3), "abc");
        assert_eq!(one_line("abcd", 3), "abc…");
    }

    #[test]
    fn excerpt_is_bounded() {
        let long = "x".repeat(1000);
        assert_eq!(excerpt(long.as_bytes()).chars().count(), 161);
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
