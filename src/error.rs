//! The error kinds, their user-facing text, their JSON `kind` and their exit codes.
//!
//! Every failure `peki` can report is one variant here, and `Error::exit_code` is the one
//! place that maps a failure to an exit code (the table in DESIGN.md and the README).
//! Nothing here prints.

use std::collections::BTreeMap;

use crate::api::RateLimit;
use crate::api::reason;
use crate::text::one_line;

/// The exit codes of the `peki` binary.
pub mod exit {
    pub const OK: u8 = 0;
    pub const UNEXPECTED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const CONFIG: u8 = 3;
    pub const AUTH: u8 = 4;
    pub const NOT_FOUND: u8 = 5;
    pub const RATE_LIMITED: u8 = 6;
    pub const SERVER: u8 = 7;
    pub const NETWORK: u8 = 8;
    pub const EXPECTATION: u8 = 9;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad flags or input: an empty message, a bad chatbot id, a non-http file URL.
    #[error("{0}")]
    Usage(String),
    /// Missing or unreadable settings: no API key, a broken config file.
    #[error("{0}")]
    Config(String),
    /// The API answered with a failure it explained (problem details or a non-2xx status).
    #[error("{0}")]
    Api(Box<ApiFailure>),
    /// The server answered something `peki` cannot understand.
    #[error("{message}")]
    BadResponse {
        status: Option<u16>,
        message: String,
    },
    /// No usable answer came back: DNS, connect, TLS, timeout.
    #[error("{message}")]
    Network { kind: NetworkKind, message: String },
    /// Anything else (a local I/O failure, a bug).
    #[error("{0}")]
    Unexpected(String),
    /// `peki serve` (or the in-process sandbox) could not start or finish cleanly.
    #[error(transparent)]
    Sandbox(#[from] crate::sandbox::SandboxError),
}

/// How a request failed to get an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkKind {
    Connect,
    Timeout,
    Tls,
    /// The proxy refused us (authentication): retrying will not help.
    Proxy,
    Io,
}

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

impl std::fmt::Display for ApiFailure {
    /// One line. Everything the server wrote is folded and stripped of control characters,
    /// so a hostile body cannot break the line or drive the terminal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let clean = |text: &str| one_line(text, 500);
        let title = clean(&self.title);
        if self.status == 200 {
            write!(f, "the API reported an error: {title}")?;
        } else {
            write!(f, "HTTP {}", self.status)?;
            if !reason(self.status).is_empty() {
                write!(f, " {}", reason(self.status))?;
            }
            if !title.is_empty() && !title.eq_ignore_ascii_case(reason(self.status)) {
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

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    pub fn config(message: impl Into<String>) -> Self {
        Error::Config(message.into())
    }

    /// The process exit code for this failure (DESIGN.md's table).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Config(_) => exit::CONFIG,
            Error::Api(failure) => match failure.status {
                400 | 413 | 422 => exit::USAGE,
                401 | 403 => exit::AUTH,
                404 => exit::NOT_FOUND,
                429 => exit::RATE_LIMITED,
                _ => exit::SERVER,
            },
            Error::BadResponse { .. } => exit::SERVER,
            Error::Network { .. } => exit::NETWORK,
            Error::Unexpected(_) => exit::UNEXPECTED,
            Error::Sandbox(e) => match e.blame() {
                crate::sandbox::Blame::Usage => exit::USAGE,
                crate::sandbox::Blame::Config => exit::CONFIG,
                crate::sandbox::Blame::Internal => exit::UNEXPECTED,
            },
        }
    }

    /// The stable `error.kind` of the JSON output.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Usage(_) => "usage",
            Error::Config(_) => "config",
            Error::Api(failure) => match failure.status {
                200 => "api_error",
                400 | 413 | 422 => "invalid_request",
                401 => "unauthorized",
                403 => "forbidden",
                404 => "not_found",
                429 => "rate_limited",
                500..=599 => "server_error",
                _ => "unexpected_status",
            },
            Error::BadResponse { .. } => "bad_response",
            Error::Network { kind, .. } => match kind {
                NetworkKind::Timeout => "timeout",
                NetworkKind::Tls => "tls",
                NetworkKind::Proxy => "proxy",
                NetworkKind::Connect | NetworkKind::Io => "network",
            },
            Error::Unexpected(_) => "internal",
            Error::Sandbox(e) => match e.blame() {
                crate::sandbox::Blame::Usage => "usage",
                crate::sandbox::Blame::Config => "config",
                crate::sandbox::Blame::Internal => "internal",
            },
        }
    }

    /// What to do next, where `peki` can tell.
    pub fn hint(&self) -> Option<String> {
        let Error::Api(failure) = self else {
            return None;
        };
        let bot = failure.bot.as_deref().unwrap_or("the chatbot");
        match failure.status {
            401 => Some(
                "check the API key and secret, and that this machine's clock is right \
                 (signatures are valid for 5 minutes)"
                    .into(),
            ),
            403 => Some(format!("this API key has no access to chatbot '{bot}'")),
            404 => Some(format!("check the chatbot id '{bot}' (--bot or PEKI_BOT)")),
            // A note already says when the limit resets.
            429 if failure.note.is_some() => None,
            429 => failure
                .rate_limit
                .as_ref()
                .and_then(|rl| rl.reset)
                .map(|reset| format!("the limit resets {}", crate::clock::describe_reset(reset))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> Error {
        Error::Api(Box::new(ApiFailure {
            status,
            ..Default::default()
        }))
    }

    #[test]
    fn statuses_map_to_design_exit_codes() {
        assert_eq!(api(400).exit_code(), 2);
        assert_eq!(api(401).exit_code(), 4);
        assert_eq!(api(403).exit_code(), 4);
        assert_eq!(api(404).exit_code(), 5);
        assert_eq!(api(429).exit_code(), 6);
        assert_eq!(api(500).exit_code(), 7);
        assert_eq!(api(503).exit_code(), 7);
        assert_eq!(api(200).exit_code(), 7);
        assert_eq!(Error::usage("x").exit_code(), 2);
        assert_eq!(Error::config("x").exit_code(), 3);
        let net = Error::Network {
            kind: NetworkKind::Timeout,
            message: "t".into(),
        };
        assert_eq!((net.exit_code(), net.kind()), (8, "timeout"));
    }

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
}
