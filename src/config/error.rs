//! What can go wrong with settings: a bad value (named with where it came from), a missing
//! one, a config file that cannot be read, parsed, locked or written, a secret command that
//! fails. Values and their one-line text; exit codes are `error`'s.

use std::path::PathBuf;

use super::source::Source;

/// A place in the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A CA bundle and the system's trust store, given at one level: both as flags, or
    /// both in the profile (`at`: the profile's `native_roots`).
    #[error("{}", describe_roots_conflict(native_roots, at.as_ref()))]
    RootsConflict {
        native_roots: Source,
        at: Option<Position>,
    },
    /// A value that does not fit its setting. The reason never quotes a secret.
    #[error("{}", describe_invalid(setting, origin, at.as_ref(), reason))]
    Invalid {
        setting: &'static str,
        origin: Source,
        /// Where in the file, when the value came from it.
        at: Option<Position>,
        reason: String,
    },
    #[error("{var} is not valid UTF-8")]
    EnvNotUtf8 { var: &'static str },
    #[error("no chatbot given: pass --bot ID, set PEKI_BOT, or set `bot` in the config profile")]
    MissingBot,
    #[error("no API key: set PEKI_API_KEY, pass --api-key, or set `api_key` in the config profile")]
    MissingApiKey,
    #[error("no API secret: set PEKI_API_SECRET, or run `peki config set api_secret -`")]
    MissingApiSecret,
    #[error("the API key or secret is empty (from {key} / {secret})")]
    EmptyCredential { key: Source, secret: Source },
    #[error("the API key (from {origin}) holds spaces, line breaks or non-ASCII characters")]
    KeyNotAscii { origin: Source },
    #[error(
        "looks like the API key and secret are swapped: API keys start with pk_, secrets with sk_"
    )]
    Swapped,
    #[error("api_secret_command `{command}` {failure}")]
    SecretCommand {
        command: String,
        #[source]
        failure: CommandFailure,
    },
    #[error("profile '{profile}' in {} sets both api_secret and api_secret_command; keep one", path.display())]
    BothSecrets { profile: String, path: PathBuf },
    #[error("cannot find a config directory: pass --config FILE or set PEKI_CONFIG")]
    NoConfigDir,
    #[error("config file {} does not exist", path.display())]
    FileMissing { path: PathBuf },
    #[error("config file {} is not a regular file", path.display())]
    NotRegular { path: PathBuf },
    #[error("config file {} is larger than {limit} bytes", path.display())]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("cannot read config file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{at}: {message}")]
    Parse { at: Position, message: String },
    #[error("profile '{}' (from {origin}) is not in {}; profiles there: {}", name.escape_debug(), path.display(), list(known))]
    UnknownProfile {
        name: String,
        origin: Source,
        path: PathBuf,
        known: Vec<String>,
    },
    #[error("cannot {action} {}: {source}", path.display())]
    Write {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{count} problem{} found", if *count == 1 { "" } else { "s" })]
    Problems { count: usize },
    #[error("{setting} is not set in profile '{profile}'")]
    NotSet {
        setting: &'static str,
        profile: String,
    },
}

/// Why `api_secret_command` gave no secret. Its output is never part of the message.
#[derive(Debug, thiserror::Error)]
pub enum CommandFailure {
    #[error("could not be started: {0}")]
    Spawn(#[source] std::io::Error),
    #[error("failed with exit code {0}")]
    Exit(i32),
    #[error("was killed by a signal")]
    Signal,
    #[error("printed something that is not UTF-8 text")]
    NotUtf8,
    #[error("printed nothing")]
    Empty,
    #[error("printed control characters")]
    Control,
}

fn describe_roots_conflict(native_roots: &Source, at: Option<&Position>) -> String {
    const KEEP: &str = "the bundle is trusted on top of the built-in roots";
    match (native_roots, at) {
        (Source::Flag(_), _) => format!(
            "--ca-cert and --native-roots cannot be combined: drop --native-roots ({KEEP}), \
             or add the CA to the system store and drop --ca-cert"
        ),
        (origin, at) => format!(
            "{}ca_cert and native_roots cannot be combined in {origin}: remove one \
             (`peki config unset native_roots`: {KEEP})",
            at.map(|at| format!("{at}: ")).unwrap_or_default()
        ),
    }
}

fn describe_invalid(setting: &str, origin: &Source, at: Option<&Position>, reason: &str) -> String {
    match at {
        Some(at) => format!("{at}: invalid {setting}: {reason}"),
        None => format!("invalid {setting} (from {origin}): {reason}"),
    }
}

/// Profile names from the file, escaped: a name may hold anything TOML can quote.
fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names
            .iter()
            .map(|n| n.escape_debug().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
