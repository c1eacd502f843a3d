//! The error kinds, their JSON `kind` and their exit codes.
//!
//! Each module reports its own failures with its own type (`ConfigError`, `InputError`,
//! `ApiFailure`, `NetworkError`, …); `Error` wraps them, keeping every cause, and
//! `Error::exit_code` is the one place that maps a failure to an exit code (the table in
//! DESIGN.md and the README). Nothing here prints.

use crate::api::{ApiFailure, BadResponse, ResponseError};
use crate::client::{BuildError, NetworkError, NetworkKind, TransportError};
use crate::config::{ConfigError, Source};
use crate::input::InputError;
use crate::sandbox::Blame;

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
    /// Bad input on stdin or at a prompt.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A setting that is missing, malformed, or cannot be read or written.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A command used in a way it cannot work.
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// Options the transport cannot use (a proxy it refuses, roots that conflict).
    #[error(transparent)]
    Client(#[from] BuildError),
    /// The API answered with a failure it explained (problem details or a non-2xx status).
    #[error(transparent)]
    Api(Box<ApiFailure>),
    /// The server answered something `peki` cannot understand.
    #[error(transparent)]
    BadResponse(BadResponse),
    /// No usable answer came back: DNS, connect, TLS, timeout.
    #[error(transparent)]
    Network(NetworkError),
    /// The reply came, and did not meet what was expected of it.
    #[error("{failed} of {total} expectations failed")]
    Expectation { failed: usize, total: usize },
    /// A test suite that cannot be run (its file, line and column).
    #[error(transparent)]
    Suite(#[from] crate::suite::SuiteError),
    /// `peki test`: cases failed or errored.
    #[error("{failed} case{} failed and {errored} errored", if *failed == 1 { "" } else { "s" })]
    TestsFailed { failed: usize, errored: usize },
    /// The rate limit stands in the way: a run refused before it starts, or stopped by it.
    #[error("{0}")]
    Quota(String),
    /// A report could not be written.
    #[error("cannot write {} {}: {source}", what, path.display())]
    WriteFile {
        what: &'static str,
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The result could not be written to stdout (a full disk, a closed descriptor).
    #[error("cannot write the output: {0}")]
    Output(#[source] std::io::Error),
    /// `peki sign --verify`: the signature does not match; the sandbox's diagnosis.
    #[error("{0}")]
    SignatureMismatch(String),
    /// Failures already reported one by one as they happened (`peki chat` in a pipe); the
    /// exit code is the last one's.
    #[error("failures were reported above")]
    Reported { code: u8 },
    /// A broken invariant: a bug.
    #[error("{0}")]
    Unexpected(String),
    /// `peki serve` (or the in-process sandbox) could not start or finish cleanly.
    #[error(transparent)]
    Sandbox(#[from] crate::sandbox::SandboxError),
    /// A line of `peki batch` that was not sent: the batch had stopped before it.
    #[error("not sent: {0}")]
    NotSent(Stop),
    /// SIGINT or SIGTERM stopped a command before it was done.
    #[error("interrupted by {name}")]
    Interrupted { name: &'static str, signal: u8 },
    /// Some lines of `peki batch` failed; `code` is the most severe one's (`batch::worse`).
    #[error("{failed} of {lines} lines failed; each line's \"error\" says why")]
    LinesFailed { failed: u64, lines: u64, code: u8 },
}

/// Why `peki batch` stopped sending.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// The rate limit is used up until `reset` (Unix seconds, when the API said), and
    /// `--wait` was not given, or the reset is beyond its `--max-wait`.
    RateLimit {
        reset: Option<i64>,
        max_wait: Option<std::time::Duration>,
    },
    /// A line was refused with 401: every other line would be refused too.
    Unauthorized,
    /// This many lines in a row got no answer at all: the API cannot be reached.
    Unreachable { lines: u32 },
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::RateLimit { reset, max_wait } => {
                f.write_str("the rate limit is used up")?;
                match reset {
                    Some(reset) => {
                        write!(f, "; it resets {}", crate::clock::describe_reset(*reset))?;
                    }
                    None => f.write_str(" and the API gave no reset time")?,
                }
                match max_wait {
                    Some(max) if reset.is_some() => {
                        write!(f, ", beyond --max-wait {}s", max.as_secs())
                    }
                    Some(_) => Ok(()),
                    None => f.write_str(" (run the batch again with --resume, or with --wait)"),
                }
            }
            Stop::Unreachable { lines } => write!(
                f,
                "{lines} lines in a row got no answer from the API, retries included; run the \
                 batch again with --resume when it can be reached"
            ),
            Stop::Unauthorized => f.write_str(
                "an earlier line was refused with 401 (check the key, the secret and the \
                 clock); no other line was sent",
            ),
        }
    }
}

/// A command used in a way it cannot work.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// What clap said about a command line it could not parse.
    #[error("{0}")]
    CommandLine(String),
    #[error("the message is empty: give it as arguments or on stdin")]
    EmptyMessage,
    #[error("'-' (stdin) can stand only once in the message")]
    StdinTwice,
    #[error("the user id and user name must not be blank")]
    BlankUser,
    /// A message of only white space, from any command: the API would refuse it.
    #[error("the message is empty or only white space; nothing was sent")]
    BlankMessage,
    #[error("`peki {command}` asks questions and needs a terminal; {instead}")]
    NeedsTerminal {
        command: &'static str,
        instead: &'static str,
    },
    #[error(
        "a secret given as an argument lands in your shell history; use \
         `peki config set api_secret -` and type or pipe it in"
    )]
    SecretAsArgument,
    #[error("{what} cancelled; nothing was written")]
    Cancelled { what: &'static str },
    #[error("the message is larger than 1 MiB")]
    MessageTooLarge,
    /// A request that cannot be written as a shell command.
    #[error(transparent)]
    Preview(#[from] crate::preview::PreviewError),
    /// A report file `peki test` could not write, found before anything was sent.
    #[error("cannot write {what} to {}: {reason}; nothing was sent", path.display())]
    ReportPath {
        what: &'static str,
        path: std::path::PathBuf,
        reason: String,
    },
    /// A line of `peki batch` input that is not a message.
    #[error("line {line}: {reason}")]
    BadLine { line: u64, reason: String },
}

impl From<ResponseError> for Error {
    fn from(error: ResponseError) -> Self {
        match error {
            ResponseError::Api(failure) => Error::Api(failure),
            ResponseError::Bad(bad) => Error::BadResponse(bad),
        }
    }
}

impl From<TransportError> for Error {
    fn from(error: TransportError) -> Self {
        match error {
            TransportError::Network(network) => Error::Network(network),
            TransportError::Bad(bad) => Error::BadResponse(bad),
        }
    }
}

impl Error {
    /// The process exit code for this failure (DESIGN.md's table).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Usage(_) | Error::Client(_) => exit::USAGE,
            // A bad value is the caller's mistake when it came from the command line or
            // the environment, the file's when it came from the file.
            Error::Config(ConfigError::Invalid { origin, .. }) if is_callers(origin) => exit::USAGE,
            Error::Config(ConfigError::RootsConflict { native_roots, .. })
                if is_callers(native_roots) =>
            {
                exit::USAGE
            }
            // `peki config use NAME` of a profile that is not there; a --profile that names
            // none is a configuration problem, as the file decides what exists.
            Error::Config(ConfigError::UnknownProfile {
                origin: Source::Argument,
                ..
            }) => exit::USAGE,
            Error::Config(ConfigError::MissingBot | ConfigError::EnvNotUtf8 { .. }) => exit::USAGE,
            Error::Config(_) => exit::CONFIG,
            Error::Api(failure) => match failure.status {
                400 | 413 | 422 => exit::USAGE,
                401 | 403 => exit::AUTH,
                404 => exit::NOT_FOUND,
                429 => exit::RATE_LIMITED,
                _ => exit::SERVER,
            },
            Error::BadResponse(_) => exit::SERVER,
            Error::Network(_) => exit::NETWORK,
            Error::SignatureMismatch(_) => exit::AUTH,
            Error::Reported { code } => *code,
            Error::Expectation { .. } | Error::TestsFailed { .. } => exit::EXPECTATION,
            Error::Suite(_) => exit::USAGE,
            Error::Quota(_) => exit::RATE_LIMITED,
            Error::WriteFile { .. } => exit::UNEXPECTED,
            Error::Output(_) | Error::Unexpected(_) => exit::UNEXPECTED,
            Error::Sandbox(e) => match e.blame() {
                Blame::Usage => exit::USAGE,
                Blame::Config => exit::CONFIG,
                Blame::Internal => exit::UNEXPECTED,
            },
            Error::NotSent(Stop::RateLimit { .. }) => exit::RATE_LIMITED,
            Error::NotSent(Stop::Unauthorized) => exit::AUTH,
            Error::NotSent(Stop::Unreachable { .. }) => exit::NETWORK,
            // The shell's convention: 128 + the signal's number.
            Error::Interrupted { signal, .. } => 128u8.saturating_add(*signal),
            Error::LinesFailed { code, .. } => *code,
        }
    }

    /// The stable `error.kind` of the JSON output.
    pub fn kind(&self) -> &'static str {
        match self {
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
            Error::BadResponse(_) => "bad_response",
            Error::Network(e) => match e.kind {
                NetworkKind::Timeout => "timeout",
                NetworkKind::Tls => "tls",
                NetworkKind::Proxy => "proxy",
                NetworkKind::Connect | NetworkKind::Io => "network",
            },
            Error::Output(_) => "output",
            Error::SignatureMismatch(_) => "signature_mismatch",
            Error::Expectation { .. } => "expectation_failed",
            Error::TestsFailed { .. } => "tests_failed",
            Error::Quota(_) => "rate_limited",
            Error::WriteFile { .. } => "output",
            Error::NotSent(_) => "not_sent",
            Error::Interrupted { .. } => "interrupted",
            Error::LinesFailed { .. } => "lines_failed",
            Error::Unexpected(_) | Error::Sandbox(_) if self.exit_code() == exit::UNEXPECTED => {
                "internal"
            }
            _ if self.exit_code() == exit::USAGE => "usage",
            _ => "config",
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
            // Only a reset that could be real: a year out, or long past, is a broken header.
            429 => failure
                .rate_limit
                .as_ref()
                .and_then(|rl| rl.reset)
                .filter(|reset| {
                    let now = crate::clock::unix_now();
                    (now - 86_400..=now + 366 * 86_400).contains(reset)
                })
                .map(|reset| format!("the limit resets {}", crate::clock::describe_reset(reset))),
            _ => None,
        }
    }
}

/// Whether a value from here is the caller's to fix (a flag, a variable, an argument).
fn is_callers(origin: &Source) -> bool {
    matches!(
        origin,
        Source::Flag(_) | Source::Env(_) | Source::Argument | Source::Stdin
    )
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
