//! The resolved settings: each value with its source, typed accessors for the commands, and
//! the checks a command asks for (`require_bot`, `require_credentials`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::error::{ConfigError, Position};
use super::secret_command;
pub use super::source::{Source, Sourced};
use super::table::{Key, Value};
use crate::values::{BaseUrl, BotId, Credentials, ProfileName, ProxyUrl, Secret};

/// The certificates a TLS client trusts (`Settings::roots`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roots<'a> {
    /// Mozilla's, built in.
    Builtin,
    /// Mozilla's and a PEM bundle's, with where the bundle was named.
    Bundle(&'a Path, &'a Source),
    /// The operating system's store.
    Native,
}

/// How strongly a source speaks: a flag over a variable over the config file.
fn level(source: &Source) -> u8 {
    match source {
        Source::Flag(_) => 3,
        Source::Env(_) => 2,
        Source::Default => 0,
        _ => 1,
    }
}

/// What the command line says about settings: the config file and profile to use, and
/// the setting flags given (from the table's flags).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub profile: Option<ProfileName>,
    pub values: BTreeMap<Key, Value>,
}

/// The resolved settings. Values a command may not need stay optional; the command asks
/// for them with `require_*`, which says how to provide what is missing.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_path: Option<PathBuf>,
    pub profile: Option<Sourced<ProfileName>>,
    /// Every setting that has a value, its default included.
    pub values: BTreeMap<Key, Sourced<Value>>,
    /// Where each value from the file stands in it, for error messages.
    pub positions: BTreeMap<Key, Position>,
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

impl Settings {
    pub fn get(&self, key: Key) -> Option<&Sourced<Value>> {
        self.values.get(&key)
    }

    fn value(&self, key: Key) -> Option<&Value> {
        self.get(key).map(|s| &s.value)
    }

    fn text(&self, key: Key) -> &str {
        match self.value(key) {
            Some(Value::Text(text)) => text,
            _ => "",
        }
    }

    /// A duration setting; every one has a default, so it is always there.
    fn duration(&self, key: Key) -> Duration {
        match self.value(key) {
            Some(Value::Duration(d)) => *d,
            _ => Duration::ZERO,
        }
    }

    pub fn bot(&self) -> Option<&BotId> {
        match self.value(Key::Bot) {
            Some(Value::Bot(bot)) => Some(bot),
            _ => None,
        }
    }

    pub fn base_url(&self) -> &BaseUrl {
        match self.value(Key::BaseUrl) {
            Some(Value::BaseUrl(url)) => url,
            // Resolution always sets it (there is a default); this keeps the type total.
            _ => &super::DEFAULT_BASE,
        }
    }

    pub fn user_id(&self) -> &str {
        self.text(Key::UserId)
    }

    pub fn user_name(&self) -> &str {
        self.text(Key::UserName)
    }

    pub fn timeout(&self) -> Duration {
        self.duration(Key::Timeout)
    }

    pub fn connect_timeout(&self) -> Duration {
        self.duration(Key::ConnectTimeout)
    }

    pub fn retry_delay(&self) -> Duration {
        self.duration(Key::RetryDelay)
    }

    pub fn max_wait(&self) -> Duration {
        self.duration(Key::MaxWait)
    }

    pub fn retries(&self) -> u32 {
        match self.value(Key::Retries) {
            Some(Value::Count(n)) => *n,
            _ => 0,
        }
    }

    /// The CA bundle the client trusts on top of the built-in roots, if one wins (`roots`):
    /// for the curl commands of `--dry-run` and `peki sign`.
    pub fn ca_bundle(&self) -> Result<Option<&Path>, ConfigError> {
        Ok(match self.roots()? {
            Roots::Bundle(path, _) => Some(path),
            Roots::Builtin | Roots::Native => None,
        })
    }

    /// The certificates the client trusts. A CA bundle and the system's store do not
    /// combine, so the one given at the higher level wins, as every setting does:
    /// `--ca-cert` or `PEKI_CA_CERT` over a profile's `native_roots = true`,
    /// `--native-roots` over a profile's or the environment's `ca_cert`. Both at one level
    /// (two flags, or one profile) is an error. Asked where a client is built (whatever
    /// its scheme: the profile in use is checked as a whole), by `config check`, and for
    /// the curl commands that would carry the bundle; `--sandbox` asks nothing.
    pub fn roots(&self) -> Result<Roots<'_>, ConfigError> {
        let bundle = match self.values.get(&Key::CaCert) {
            Some(Sourced {
                value: Value::Path(path),
                source,
            }) => Some((path.as_path(), source)),
            _ => None,
        };
        let native = self
            .values
            .get(&Key::NativeRoots)
            .filter(|native| native.value == Value::Switch(true))
            .map(|native| &native.source);
        Ok(match (bundle, native) {
            (None, None) => Roots::Builtin,
            (Some((path, source)), None) => Roots::Bundle(path, source),
            (None, Some(_)) => Roots::Native,
            (Some((path, source)), Some(native)) => match level(source).cmp(&level(native)) {
                std::cmp::Ordering::Greater => Roots::Bundle(path, source),
                std::cmp::Ordering::Less => Roots::Native,
                std::cmp::Ordering::Equal => {
                    return Err(ConfigError::RootsConflict {
                        native_roots: native.clone(),
                        at: self.positions.get(&Key::NativeRoots).cloned(),
                    });
                }
            },
        })
    }

    /// How old a stored reply may be to be used instead of a request; `None` when the
    /// cache is off (not set, or 0).
    pub fn cache_ttl(&self) -> Option<Duration> {
        Some(self.duration(Key::Cache)).filter(|ttl| !ttl.is_zero())
    }

    pub fn proxy(&self) -> Option<&ProxyUrl> {
        match self.value(Key::Proxy) {
            Some(Value::Proxy(proxy)) => Some(proxy),
            _ => None,
        }
    }

    /// Where the secret comes from, if anywhere: `PEKI_API_SECRET` or `api_secret`, else
    /// `api_secret_command`.
    pub fn secret_spec(&self) -> Option<Sourced<SecretSpec>> {
        if let Some(Sourced {
            value: Value::Secret(secret),
            source,
        }) = self.get(Key::ApiSecret)
        {
            return Some(Sourced {
                value: SecretSpec::Value(secret.clone()),
                source: source.clone(),
            });
        }
        match self.get(Key::ApiSecretCommand) {
            Some(Sourced {
                value: Value::Text(command),
                source,
            }) => Some(Sourced {
                value: SecretSpec::Command(command.clone()),
                source: source.clone(),
            }),
            _ => None,
        }
    }

    pub fn require_bot(&self) -> Result<BotId, ConfigError> {
        self.bot().cloned().ok_or(ConfigError::MissingBot)
    }

    /// The key and the secret (running the secret command if that is where it comes from),
    /// checked for the mistakes that would only earn a 401.
    pub fn require_credentials(&self) -> Result<Credentials, ConfigError> {
        let api_key = self.get(Key::ApiKey).ok_or(ConfigError::MissingApiKey)?;
        let spec = self.secret_spec().ok_or(ConfigError::MissingApiSecret)?;
        let api_secret = match &spec.value {
            SecretSpec::Value(secret) => secret.clone(),
            SecretSpec::Command(command) => secret_command::run(command)?,
        };
        let Value::Text(key) = &api_key.value else {
            return Err(ConfigError::MissingApiKey);
        };
        if key.trim().is_empty() || api_secret.expose().trim().is_empty() {
            return Err(ConfigError::EmptyCredential {
                key: api_key.source.clone(),
                secret: spec.source,
            });
        }
        // It travels in a header: a line break there could forge another header.
        if !key.chars().all(|c| c.is_ascii_graphic()) {
            return Err(ConfigError::KeyNotAscii {
                origin: api_key.source.clone(),
            });
        }
        check_not_swapped(key, &api_secret)?;
        Ok(Credentials {
            api_key: key.clone(),
            api_secret,
        })
    }
}

/// Catches the most common credential mistake before any request is made.
pub fn check_not_swapped(api_key: &str, api_secret: &Secret) -> Result<(), ConfigError> {
    if api_key.starts_with("sk_") || api_secret.expose().starts_with("pk_") {
        return Err(ConfigError::Swapped);
    }
    Ok(())
}
