//! The resolved settings as types: each value with its source, the command line's
//! overrides, and the checks a command asks for (`require_bot`, `require_credentials`).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::secret_command;
use crate::error::Error;
use crate::values::{BaseUrl, BotId, Seconds, Secret};

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    Profile(String),
    /// A top-level key of the config file, such as `default_profile`.
    File(&'static str),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::Profile(name) => write!(f, "profile '{name}'"),
            Source::File(key) => write!(f, "{key} in the config file"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// What the command line says about settings; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub profile: Option<String>,
    pub api_key: Option<String>,
    pub bot: Option<BotId>,
    pub base_url: Option<BaseUrl>,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub timeout: Option<Seconds>,
    pub retries: Option<u32>,
    pub ca_cert: Option<PathBuf>,
    /// `--native-roots` was given.
    pub native_roots: bool,
}

/// The resolved settings. Values a command may not need stay optional; the command asks
/// for them with `require_*`, which says how to provide what is missing.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_path: Option<PathBuf>,
    pub profile: Option<Sourced<String>>,
    pub api_key: Option<Sourced<String>>,
    pub api_secret: Option<Sourced<SecretSpec>>,
    pub bot: Option<Sourced<BotId>>,
    pub base_url: Sourced<BaseUrl>,
    pub user_id: Sourced<String>,
    pub user_name: Sourced<String>,
    pub timeout: Sourced<Duration>,
    pub retries: Sourced<u32>,
    /// A PEM bundle to trust on top of the built-in roots.
    pub ca_cert: Option<Sourced<PathBuf>>,
    pub native_roots: Sourced<bool>,
    /// Warnings about the config file (loose permissions), for the command to print once.
    pub warnings: Vec<String>,
}

/// Where the secret comes from: the value itself, or a command that prints it.
#[derive(Debug, Clone, PartialEq)]
pub enum SecretSpec {
    Value(Secret),
    /// `api_secret_command`, run through the shell only when the secret is needed.
    Command(String),
}

/// The credentials a signed request needs.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub api_key: String,
    pub api_secret: Secret,
}

impl Settings {
    pub fn require_bot(&self) -> Result<BotId, Error> {
        self.bot.as_ref().map(|b| b.value.clone()).ok_or_else(|| {
            Error::usage(
                "no chatbot given: pass --bot ID, set PEKI_BOT, or set `bot` in the config profile",
            )
        })
    }

    pub fn require_credentials(&self) -> Result<Credentials, Error> {
        let api_key = self.api_key.as_ref().ok_or_else(|| {
            Error::config("no API key: set PEKI_API_KEY, pass --api-key, or set `api_key` in the config profile")
        })?;
        let api_secret = self.api_secret.as_ref().ok_or_else(|| {
            Error::config(
                "no API secret: set PEKI_API_SECRET, or run `peki config set api_secret -`",
            )
        })?;
        let api_secret = match &api_secret.value {
            SecretSpec::Value(secret) => secret.clone(),
            SecretSpec::Command(command) => secret_command::run(command)?,
        };
        if api_key.value.trim().is_empty() || api_secret.expose().trim().is_empty() {
            return Err(Error::config(format!(
                "the API key or secret is empty (from {} / {})",
                api_key.source,
                self.api_secret
                    .as_ref()
                    .map_or(Source::Default, |s| s.source.clone())
            )));
        }
        // It travels in a header: a line break there could forge another header.
        if !api_key.value.chars().all(|c| c.is_ascii_graphic()) {
            return Err(Error::config(format!(
                "the API key (from {}) holds spaces, line breaks or non-ASCII characters",
                api_key.source
            )));
        }
        check_not_swapped(&api_key.value, &api_secret)?;
        Ok(Credentials {
            api_key: api_key.value.clone(),
            api_secret,
        })
    }
}

/// Catches the most common credential mistake before any request is made.
pub fn check_not_swapped(api_key: &str, api_secret: &Secret) -> Result<(), Error> {
    if api_key.starts_with("sk_") || api_secret.expose().starts_with("pk_") {
        return Err(Error::config(
            "looks like the API key and secret are swapped: API keys start with pk_, secrets with sk_",
        ));
    }
    Ok(())
}
