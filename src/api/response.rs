//! Judging a response: the status first, then the body, into the reply or the error to
//! report. Pure: the bytes come in, a `Reply` or a `ResponseError` goes out.

use serde_json::Value;

use super::failure::{ApiFailure, BadResponse, ResponseError};
use super::{Problem, RateLimit, reason, value_text};
use crate::text::one_line;

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
        self.shown(self.json())
    }

    /// The body parsed as JSON, when it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// `body_value` from the body already parsed by `json`: a large reply is parsed once.
    /// (An empty body is never JSON.)
    pub fn shown(&self, json: Option<Value>) -> Option<Value> {
        match json {
            Some(value) => Some(value),
            None if self.body.is_empty() => None,
            None => Some(Value::String(
                String::from_utf8_lossy(&self.body).into_owned(),
            )),
        }
    }

    /// Judges the response: the reply on success, else the error to report. The status is
    /// checked before the body is parsed, as the API document asks.
    pub fn judge(&self, bot: &str) -> Result<Reply, ResponseError> {
        if (200..300).contains(&self.status) {
            self.judge_success(bot, self.json().as_ref())
        } else {
            Err(ResponseError::Api(Box::new(self.failure(bot))))
        }
    }

    /// `judge` with the body already parsed by `json` (for a success only).
    pub fn judge_parsed(&self, bot: &str, json: Option<&Value>) -> Result<Reply, ResponseError> {
        if (200..300).contains(&self.status) {
            self.judge_success(bot, json)
        } else {
            Err(ResponseError::Api(Box::new(self.failure(bot))))
        }
    }

    fn judge_success(&self, bot: &str, json: Option<&Value>) -> Result<Reply, ResponseError> {
        let bad = |what: String| {
            ResponseError::Bad(BadResponse {
                status: Some(self.status),
                message: format!("HTTP {} but {what}", self.status),
            })
        };
        let envelope = match json {
            Some(Value::Object(map)) => map,
            Some(_) => return Err(bad("the body is not a JSON object".into())),
            None if self.body.is_empty() => return Err(bad("the body is empty".into())),
            None => {
                return Err(bad(format!(
                    "the body is not JSON: {}",
                    excerpt(&self.body)
                )));
            }
        };
        match envelope.get("error") {
            None | Some(Value::Null) => {}
            Some(error) => {
                return Err(ResponseError::Api(Box::new(ApiFailure {
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
    fn success_with_text_data_is_the_reply() {
        let body = r#"{"data":"hello","error":null,"totalItems":0,"pageSize":0,"currentPage":0,"totalPages":0}"#;
        assert_eq!(
            response(200, body).judge("b").unwrap(),
            Reply::Text("hello".into())
        );
    }

    #[test]
    fn success_with_json_data_is_kept_as_json() {
        let reply = response(200, r#"{"data":{"a":1},"error":null}"#)
            .judge("b")
            .unwrap();
        assert_eq!(reply, Reply::Json(serde_json::json!({"a": 1})));
    }

    #[test]
    fn ok_status_with_error_is_a_failure() {
        let err = response(200, r#"{"data":null,"error":"quota exhausted"}"#)
            .judge("b")
            .unwrap_err();
        let ResponseError::Api(failure) = err else {
            panic!("expected an API failure, got {err:?}");
        };
        assert_eq!(
            (failure.status, failure.title.as_str()),
            (200, "quota exhausted")
        );
    }

    #[test]
    fn ok_status_without_data_or_json_is_a_bad_response() {
        for body in ["", "<html>oops</html>", "[1]", r#"{"error":null}"#] {
            let err = response(200, body).judge("b").unwrap_err();
            assert!(
                matches!(
                    &err,
                    ResponseError::Bad(BadResponse {
                        status: Some(200),
                        ..
                    })
                ),
                "{body}: {err:?}"
            );
            assert!(err.to_string().starts_with("HTTP 200 but"), "{err}");
        }
    }

    #[test]
    fn problem_details_are_read_with_errors_and_trace() {
        let body = r#"{"type":"x","title":"One or more validation errors occurred.","status":400,
            "errors":{"user.name":["The user.name field is required."],"odd":"one string"},
            "traceId":"00-abc-def-00"}"#;
        let ResponseError::Api(failure) = response(400, body).judge("b").unwrap_err() else {
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
        let ResponseError::Api(failure) = response(502, "<html>\n<h1>Bad   gateway</h1>\n</html>")
            .judge("b")
            .unwrap_err()
        else {
            panic!("expected an API failure");
        };
        assert_eq!(failure.status, 502);
        assert_eq!(
            failure.excerpt.as_deref(),
            Some("<html> <h1>Bad gateway</h1> </html>")
        );
        let empty = response(503, "").judge("b").unwrap_err();
        assert_eq!(
            empty.to_string(),
            "HTTP 503 Service Unavailable; body: (empty)"
        );
    }

    #[test]
    fn excerpt_is_bounded() {
        let long = "x".repeat(1000);
        assert_eq!(excerpt(long.as_bytes()).chars().count(), 161);
    }
}
