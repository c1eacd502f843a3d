//! What a response can say went wrong: a failure the API explained (`ApiFailure`, from a
//! non-2xx status or a 200 whose `error` is set), or an answer that cannot be understood
//! (`BadResponse`). Values and their one-line text; exit codes are `error`'s.

use std::collections::BTreeMap;
use std::fmt;

use super::{RateLimit, reason};
use crate::text::one_line;

/// A failure the server reported, with everything support needs to follow it up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiFailure {
    pub status: u16,
    /// The problem's `title`, or the `error` of a 200 envelope, or the status reason.
    pub title: String,
    pub detail: Option<String>,
    /// Field errors, e.g. `user.name` -> ["The user.name field is required."].
    pub errors: BTreeMap<String, Vec<String>>,
    pub trace_id: Option<String>,
    /// A short excerpt of a body that was not problem details (an HTML page from a proxy).
    pub excerpt: Option<String>,
    pub rate_limit: Option<RateLimit>,
    /// The chatbot the request was for, to word 403/404 messages.
    pub bot: Option<String>,
    /// What `peki` adds: why it did not wait for a rate limit, a clock it found off.
    pub note: Option<String>,
}

impl fmt::Display for ApiFailure {
    /// One line. Everything the server wrote is folded and stripped of control characters,
    /// so a hostile body cannot break the line or drive the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clean = |text: &str| one_line(text, 500);
        let title = clean(&self.title);
        if self.status == 200 {
            write!(f, "the API reported an error: {title}")?;
        } else {
            write!(f, "HTTP {}", self.status)?;
            let reason = reason(self.status);
            if !reason.is_empty() {
                write!(f, " {reason}")?;
            }
            if !title.is_empty() && !title.eq_ignore_ascii_case(reason) {
                write!(f, ": {title}")?;
            }
        }
        if let Some(detail) = &self.detail {
            write!(f, " ({})", clean(detail))?;
        }
        for (field, messages) in &self.errors {
            write!(f, "; {}: {}", clean(field), clean(&messages.join(" ")))?;
        }
        if let Some(excerpt) = &self.excerpt {
            write!(f, "; body: {excerpt}")?;
        }
        if let Some(trace) = &self.trace_id {
            write!(f, " [trace id {}]", clean(trace))?;
        }
        if let Some(note) = &self.note {
            write!(f, "; {note}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiFailure {}

/// The server answered something `peki` cannot understand: not HTTP, cut off, too large,
/// not the API's JSON. `status` is the HTTP status when one arrived.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct BadResponse {
    pub status: Option<u16>,
    pub message: String,
}

/// How judging a response can fail.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResponseError {
    #[error(transparent)]
    Api(Box<ApiFailure>),
    #[error(transparent)]
    Bad(BadResponse),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_failure_shows_title_field_errors_and_trace() {
        let failure = ApiFailure {
            status: 400,
            title: "One or more validation errors occurred.".into(),
            errors: BTreeMap::from([
                (
                    "user.id".into(),
                    vec!["The user.id field is required.".into()],
                ),
                (
                    "user.name".into(),
                    vec!["The user.name field is required.".into()],
                ),
            ]),
            trace_id: Some("00-abc-01".into()),
            ..Default::default()
        };
        assert_eq!(
            failure.to_string(),
            "HTTP 400 Bad Request: One or more validation errors occurred.; \
             user.id: The user.id field is required.; \
             user.name: The user.name field is required. [trace id 00-abc-01]"
        );
    }

    #[test]
    fn hostile_titles_cannot_break_the_line_or_reverse_it() {
        let failure = ApiFailure {
            status: 500,
            title: "bad\n\x1b]0;title\x07\u{202E}gnp.exe".into(),
            ..Default::default()
        };
        assert_eq!(
            failure.to_string(),
            "HTTP 500 Internal Server Error: bad ]0;titlegnp.exe"
        );
    }
}
