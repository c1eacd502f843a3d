//! Settings resolution: flags > environment > config-file profile > built-in default, into
//! one `Settings` that remembers where each value came from.
//!
//! Reads the config file; never writes it and never prints. The environment is passed in
//! as a lookup function, so resolution is testable without touching the process env.

pub mod edit;
pub mod env;
pub mod file;
pub mod keys;
pub mod secret_command;
pub mod settings;

use std::path::PathBuf;
use std::time::Duration;

pub use file::{ConfigFile, Profile, default_config_path, parse_config, read_config};

pub use env::{ENV_VARS, Env, check_env_encoding, login_name, process_env};
pub use settings::{
    Credentials, Overrides, SecretSpec, Settings, Source, Sourced, check_not_swapped,
};

use crate::error::Error;
use crate::values::{DEFAULT_BASE_URL, Seconds, Secret};

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
pub const DEFAULT_RETRIES: u32 = 3;
/// The most retries accepted anywhere (flag, config).
pub const MAX_RETRIES: u32 = 100;
/// The profile `config set` writes to when none is chosen.
pub const DEFAULT_PROFILE: &str = "default";

/// The config file to use, and whether it was named explicitly (flag or env).
pub fn locate(overrides: &Overrides, env: Env<'_>) -> (Option<PathBuf>, bool) {
    match overrides
        .config
        .clone()
        .or_else(|| env("PEKI_CONFIG").map(PathBuf::from))
    {
        Some(path) => (Some(path), true),
        None => (default_config_path(), false),
    }
}

/// The profile `peki config` edits: flag, env, the file's `default_profile`, else `default`.
pub fn profile_to_edit(
    overrides: &Overrides,
    env: Env<'_>,
    file: &ConfigFile,
) -> Result<String, Error> {
    let name = overrides
        .profile
        .clone()
        .or_else(|| env("PEKI_PROFILE"))
        .or_else(|| file.default_profile.clone())
        .unwrap_or_else(|| DEFAULT_PROFILE.to_string());
    check_profile_name(&name).map_err(Error::Usage)?;
    Ok(name)
}

/// A profile name fit to print and to find again: not blank, no control characters.
pub fn check_profile_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() || name.chars().any(char::is_control) {
        Err(format!("invalid profile name {name:?}"))
    } else {
        Ok(())
    }
}

/// "profile X is not in FILE; profiles there: a, b", as a configuration error.
pub fn missing_profile(what: &str, file: &ConfigFile, file_name: &str) -> Error {
    let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
    let known = if known.is_empty() {
        "none".to_string()
    } else {
        known.join(", ")
    };
    Error::config(format!(
        "profile {what} is not in {file_name}; profiles there: {known}"
    ))
}

/// Finds and reads the config file, then resolves every setting.
pub fn load(overrides: &Overrides, env: Env<'_>) -> Result<Settings, Error> {
    check_env_encoding()?;
    let (path, explicit) = locate(overrides, env);
    let file = match &path {
        Some(path) => match read_config(path)? {
            Some(file) => file,
            None if explicit => {
                return Err(Error::config(format!(
                    "config file {} does not exist",
                    path.display()
                )));
            }
            None => ConfigFile::default(),
        },
        None => ConfigFile::default(),
    };
    let warning = path
        .as_deref()
        .and_then(|path| file::permission_warning(path, &file));
    let mut settings = resolve(overrides, env, &file, path)?;
    settings.warnings.extend(warning);
    Ok(settings)
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
                source: Source::File("default_profile"),
            })
        })
        .or_else(|| {
            file.profiles
                .contains_key(DEFAULT_PROFILE)
                .then(|| Sourced {
                    value: DEFAULT_PROFILE.to_string(),
                    source: Source::Default,
                })
        });
    if let Some(p) = &profile {
        check_profile_name(&p.value).map_err(|e| {
            let message = format!("{e} (from {})", p.source);
            match p.source {
                Source::File(_) => Error::config(message),
                _ => Error::usage(message),
            }
        })?;
    }
    let empty = Profile::default();
    let table = match &profile {
        None => &empty,
        Some(p) => file.profiles.get(&p.value).ok_or_else(|| {
            missing_profile(
                &format!("'{}' (from {})", p.value, p.source),
                file,
                &file_name,
            )
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
    if table.api_secret.is_some()
        && table.api_secret_command.is_some()
        && env("PEKI_API_SECRET").is_none()
    {
        return Err(Error::config(format!(
            "profile '{}' in {file_name} sets both api_secret and api_secret_command; keep one",
            profile
                .as_ref()
                .map(|p| p.value.as_str())
                .unwrap_or_default()
        )));
    }
    let api_secret = match layered(None, "", "PEKI_API_SECRET", &table.api_secret) {
        Some(s) => Some(Sourced {
            value: SecretSpec::Value(Secret::new(s.value)),
            source: s.source,
        }),
        None => table.api_secret_command.clone().map(|command| Sourced {
            value: SecretSpec::Command(command),
            source: in_profile(),
        }),
    };
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
    // A bad value in the file matters only when no flag overrides it.
    let file_timeout = match (overrides.timeout, table.timeout) {
        (None, Some(secs)) => Some(
            Seconds::try_from_f64(secs)
                .map_err(|e| Error::config(format!("{e} (`timeout` in {file_name})")))?
                .0,
        ),
        _ => None,
    };
    let file_retries = match (overrides.retries, table.retries) {
        (None, Some(value)) if value > MAX_RETRIES => {
            return Err(Error::config(format!(
                "retries = {value} in {file_name}: at most {MAX_RETRIES}"
            )));
        }
        (None, value) => value,
        (Some(_), _) => None,
    };
    let timeout = flag_profile_default(
        overrides.timeout.map(|Seconds(d)| d),
        "--timeout",
        file_timeout,
        in_profile(),
        DEFAULT_TIMEOUT,
    );
    let retries = flag_profile_default(
        overrides.retries,
        "--retries",
        file_retries,
        in_profile(),
        DEFAULT_RETRIES,
    );
    let ca_cert = match overrides.ca_cert.clone() {
        Some(value) => Some(Sourced {
            value,
            source: Source::Flag("--ca-cert"),
        }),
        None => layered(None, "", "PEKI_CA_CERT", &table.ca_cert).map(|s| Sourced {
            value: PathBuf::from(s.value),
            source: s.source,
        }),
    };
    let native_roots = flag_profile_default(
        overrides.native_roots.then_some(true),
        "--native-roots",
        table.native_roots,
        in_profile(),
        false,
    );
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
        retries,
        ca_cert,
        native_roots,
        warnings: Vec::new(),
    })
}

/// For settings with no environment variable: the flag's value, else the profile's, else
/// the default, with its source.
fn flag_profile_default<T>(
    flag: Option<T>,
    flag_name: &'static str,
    in_file: Option<T>,
    profile: Source,
    default: T,
) -> Sourced<T> {
    match (flag, in_file) {
        (Some(value), _) => Sourced {
            value,
            source: Source::Flag(flag_name),
        },
        (None, Some(value)) => Sourced {
            value,
            source: profile,
        },
        (None, None) => Sourced {
            value: default,
            source: Source::Default,
        },
    }
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

/// Parses a value from the environment or the file; a bad one names where it came from,
/// and is a configuration error when the file holds it (a usage error otherwise).
fn parse_sourced<T: std::str::FromStr<Err = String>>(
    s: Sourced<String>,
    what: &str,
) -> Result<Sourced<T>, Error> {
    match s.value.parse() {
        Ok(value) => Ok(Sourced {
            value,
            source: s.source,
        }),
        Err(e) => {
            let message = format!("{e} (the {what} from {})", s.source);
            Err(match s.source {
                Source::Profile(_) | Source::File(_) => Error::config(message),
                Source::Flag(_) | Source::Env(_) | Source::Default => Error::usage(message),
            })
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
