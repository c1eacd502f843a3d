//! Settings resolution: flags > environment > config-file profile > built-in default, into
//! one `Settings` that remembers where each value came from.
//!
//! Reads the config file; never writes it and never prints. The environment is passed in
//! as a lookup function, so resolution is testable without touching the process env.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::Error;
use crate::values::{BaseUrl, BotId, DEFAULT_BASE_URL, Seconds, Secret};

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The config file: `default_profile` and `[profiles.NAME]` tables.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
    pub bot: Option<String>,
    pub base_url: Option<String>,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub timeout: Option<f64>,
    pub retries: Option<u32>,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    Profile(String),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::Profile(name) => write!(f, "profile '{name}'"),
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
}

/// The resolved settings. Values a command may not need stay optional; the command asks
/// for them with `require_*`, which says how to provide what is missing.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_path: Option<PathBuf>,
    pub profile: Option<Sourced<String>>,
    pub api_key: Option<Sourced<String>>,
    pub api_secret: Option<Sourced<Secret>>,
    pub bot: Option<Sourced<BotId>>,
    pub base_url: Sourced<BaseUrl>,
    pub user_id: Sourced<String>,
    pub user_name: Sourced<String>,
    pub timeout: Sourced<Duration>,
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
                "no API secret: set PEKI_API_SECRET, or set `api_secret` in the config profile",
            )
        })?;
        Ok(Credentials {
            api_key: api_key.value.clone(),
            api_secret: api_secret.value.clone(),
        })
    }
}

/// A lookup of environment variables; empty values count as unset.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, with empty variables treated as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The default config file: `$XDG_CONFIG_HOME/peki/config.toml` or the platform's equivalent.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "peki").map(|d| d.config_dir().join("config.toml"))
}

/// Finds and reads the config file, then resolves every setting.
pub fn load(overrides: &Overrides, env: Env<'_>) -> Result<Settings, Error> {
    let explicit = overrides
        .config
        .clone()
        .or_else(|| env("PEKI_CONFIG").map(PathBuf::from));
    let (path, file) = match explicit {
        Some(path) => {
            let file = read_config(&path)?.ok_or_else(|| {
                Error::config(format!("config file {} does not exist", path.display()))
            })?;
            (Some(path), file)
        }
        None => match default_config_path() {
            Some(path) => {
                let file = read_config(&path)?.unwrap_or_default();
                (Some(path), file)
            }
            None => (None, ConfigFile::default()),
        },
    };
    resolve(overrides, env, &file, path)
}

/// Reads and parses a config file; `Ok(None)` when it does not exist.
pub fn read_config(path: &Path) -> Result<Option<ConfigFile>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::config(format!(
                "cannot read config file {}: {e}",
                path.display()
            )));
        }
    };
    parse_config(&text)
        .map(Some)
        .map_err(|e| Error::config(format!("{}:{e}", path.display())))
}

/// Parses config text; the error reads `LINE:COLUMN: message`.
pub fn parse_config(text: &str) -> Result<ConfigFile, String> {
    toml::from_str(text).map_err(|e| describe_toml_error(text, &e))
}

/// A TOML error as one line, `LINE:COLUMN: message` (1-based).
pub fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let offset = error.span().map_or(0, |span| span.start.min(text.len()));
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{line}:{column}: {}", error.message().trim())
}

/// Resolves every setting from the overrides, the environment and the parsed file.
pub fn resolve(
    overrides: &Overrides,
    env: Env<'_>,
    file: &ConfigFile,
    config_path: Option<PathBuf>,
) -> Result<Settings, Error> {
    let file_name = config_path.as_ref().map_or_else(
        || "the config file".to_string(),
        |p| p.display().to_string(),
    );
    let profile = flag_or_env(overrides.profile.clone(), "--profile", env, "PEKI_PROFILE")
        .or_else(|| {
            let value = file.default_profile.clone()?;
            Some(Sourced {
                value,
                source: Source::Profile("default_profile".into()),
            })
        })
        .or_else(|| {
            file.profiles.contains_key("default").then(|| Sourced {
                value: "default".to_string(),
                source: Source::Default,
            })
        });
    let empty = Profile::default();
    let table = match &profile {
        None => &empty,
        Some(p) => file.profiles.get(&p.value).ok_or_else(|| {
            let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
            Error::config(format!(
                "profile '{}' (from {}) is not in {file_name}; profiles there: {}",
                p.value,
                p.source,
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ))
        })?,
    };
    let in_profile = || {
        Source::Profile(
            profile
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
        )
    };
    let layered = |flag: Option<String>, flag_name, var, key: &Option<String>| {
        flag_or_env(flag, flag_name, env, var).or_else(|| {
            key.clone().map(|value| Sourced {
                value,
                source: in_profile(),
            })
        })
    };
    let or_default = |value: String| Sourced {
        value,
        source: Source::Default,
    };

    let api_key = layered(
        overrides.api_key.clone(),
        "--api-key",
        "PEKI_API_KEY",
        &table.api_key,
    );
    // The secret has no flag: command lines end up in shell history and `ps`.
    let api_secret = layered(None, "", "PEKI_API_SECRET", &table.api_secret).map(|s| Sourced {
        value: Secret::new(s.value),
        source: s.source,
    });
    let bot = match overrides.bot.clone() {
        Some(value) => Some(Sourced {
            value,
            source: Source::Flag("--bot"),
        }),
        None => layered(None, "", "PEKI_BOT", &table.bot)
            .map(|s| parse_sourced(s, "chatbot id"))
            .transpose()?,
    };
    let base_url = match overrides.base_url.clone() {
        Some(value) => Sourced {
            value,
            source: Source::Flag("--base-url"),
        },
        None => match layered(None, "", "PEKI_BASE_URL", &table.base_url) {
            Some(s) => parse_sourced(s, "base URL")?,
            None => Sourced {
                // The constant is a valid https URL (a unit test parses it).
                value: DEFAULT_BASE_URL
                    .parse()
                    .expect("the default base URL is valid"),
                source: Source::Default,
            },
        },
    };
    let login = login_name(env);
    let user_id = layered(
        overrides.user_id.clone(),
        "--user-id",
        "PEKI_USER_ID",
        &table.user_id,
    )
    .unwrap_or_else(|| or_default(login.clone()));
    let user_name = layered(
        overrides.user_name.clone(),
        "--user-name",
        "PEKI_USER_NAME",
        &table.user_name,
    )
    .unwrap_or_else(|| or_default(login));
    let timeout = match (overrides.timeout, table.timeout) {
        (Some(Seconds(value)), _) => Sourced {
            value,
            source: Source::Flag("--timeout"),
        },
        (None, Some(secs)) => Sourced {
            value: Seconds::try_from_f64(secs)
                .map_err(|e| Error::config(format!("{e} (`timeout` in {file_name})")))?
                .0,
            source: in_profile(),
        },
        (None, None) => Sourced {
            value: DEFAULT_TIMEOUT,
            source: Source::Default,
        },
    };
    Ok(Settings {
        config_path,
        profile,
        api_key,
        api_secret,
        bot,
        base_url,
        user_id,
        user_name,
        timeout,
    })
}

/// The flag's value if given, else the environment variable's, with its source.
fn flag_or_env(
    flag: Option<String>,
    flag_name: &'static str,
    env: Env<'_>,
    var: &'static str,
) -> Option<Sourced<String>> {
    match flag {
        Some(value) => Some(Sourced {
            value,
            source: Source::Flag(flag_name),
        }),
        None => env(var).map(|value| Sourced {
            value,
            source: Source::Env(var),
        }),
    }
}

/// Parses a value from the environment or the file; a bad one is a usage error that names
/// where it came from.
fn parse_sourced<T: std::str::FromStr<Err = String>>(
    s: Sourced<String>,
    what: &str,
) -> Result<Sourced<T>, Error> {
    match s.value.parse() {
        Ok(value) => Ok(Sourced {
            value,
            source: s.source,
        }),
        Err(e) => Err(Error::usage(format!("{e} (the {what} from {})", s.source))),
    }
}

/// The login name, the default user id and name: `USER`, `LOGNAME` or `USERNAME`.
fn login_name(env: Env<'_>) -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .find_map(env)
        .unwrap_or_else(|| "peki-user".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn file(text: &str) -> ConfigFile {
        parse_config(text).unwrap()
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let env = env_of(&[("USER", "ada")]);
        let s = resolve(&Overrides::default(), &env, &ConfigFile::default(), None).unwrap();
        assert_eq!(s.base_url.value.to_string(), DEFAULT_BASE_URL);
        assert_eq!(s.base_url.source, Source::Default);
        assert_eq!(
            (s.user_id.value.as_str(), s.user_name.value.as_str()),
            ("ada", "ada")
        );
        assert_eq!(s.timeout.value, DEFAULT_TIMEOUT);
        assert!(s.api_key.is_none() && s.api_secret.is_none() && s.bot.is_none());
        assert_eq!(s.require_bot().unwrap_err().exit_code(), 2);
        assert_eq!(s.require_credentials().unwrap_err().exit_code(), 3);
    }

    #[test]
    fn each_layer_overrides_the_next() {
        let cfg =
            file("[profiles.default]\nuser_name = \"file\"\ntimeout = 5\napi_secret = \"sk_f\"\n");
        let env = env_of(&[("PEKI_USER_NAME", "env"), ("USER", "login")]);
        let s = resolve(&Overrides::default(), &env, &cfg, None).unwrap();
        assert_eq!(s.user_name.value, "env");
        assert_eq!(s.user_name.source, Source::Env("PEKI_USER_NAME"));
        assert_eq!(s.timeout.value, Duration::from_secs(5));
        assert_eq!(s.timeout.source, Source::Profile("default".into()));
        assert_eq!(
            s.api_secret.unwrap().source,
            Source::Profile("default".into())
        );
        let flags = Overrides {
            user_name: Some("flag".into()),
            timeout: Some("2.5".parse().unwrap()),
            ..Default::default()
        };
        let s = resolve(&flags, &env, &cfg, None).unwrap();
        assert_eq!(s.user_name.value, "flag");
        assert_eq!(s.timeout.value, Duration::from_millis(2500));
    }

    #[test]
    fn bad_values_from_env_or_file_name_their_source() {
        let env = env_of(&[("PEKI_BASE_URL", "http://example.com/api")]);
        let err = resolve(&Overrides::default(), &env, &ConfigFile::default(), None).unwrap_err();
        assert!(err.to_string().contains("from env PEKI_BASE_URL"), "{err}");
        let cfg = file("[profiles.default]\ntimeout = -1\n");
        let err = resolve(&Overrides::default(), &env_of(&[]), &cfg, None).unwrap_err();
        assert_eq!(err.exit_code(), 3);
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        let err = parse_config("[profiles.a]\nbase_url = \"https://x\n").unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
        let err = parse_config("[profiles.a]\ntimeout = \"ten\"\n").unwrap_err();
        assert!(err.starts_with("2:11:"), "{err}");
    }
}
