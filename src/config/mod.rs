//! Settings resolution: flags > environment > config-file profile > built-in default, into
//! one `Settings` that remembers where each value came from. Every setting is a row of
//! `table::SETTINGS`; resolution walks the table.
//!
//! Reads the config file; writing it is `edit`'s. Never prints. The environment is passed
//! in as a lookup function, so resolution is testable without touching the process env.

pub mod edit;
pub mod env;
pub mod error;
pub mod file;
pub mod secret_command;
pub mod settings;
pub mod source;
pub mod table;
pub mod value;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

pub use env::{Env, login_name, process_env};
pub use error::{CommandFailure, ConfigError, Position};
pub use file::{ConfigFile, Profile, default_config_path, parse_config, read_config};
pub use settings::{Overrides, Roots, SecretSpec, Settings, check_not_swapped};
pub use source::{Source, Sourced};
pub use table::{Default, Key, SETTINGS, Setting};
pub use value::{Kind, Value};

use crate::values::{BaseUrl, DEFAULT_BASE_URL, ProfileName};

/// The profile used when none is chosen and the file has one by this name.
pub const DEFAULT_PROFILE: &str = "default";

/// The default base URL, parsed once.
pub static DEFAULT_BASE: LazyLock<BaseUrl> = LazyLock::new(|| {
    // A constant https URL; a unit test parses it.
    DEFAULT_BASE_URL
        .parse()
        .expect("the default base URL is valid")
});

/// The config file to use, and whether it was named explicitly (flag or env).
pub fn locate(overrides: &Overrides, env: Env<'_>) -> Result<(PathBuf, bool), ConfigError> {
    match overrides
        .config
        .clone()
        .or_else(|| env(env::CONFIG_VAR).map(PathBuf::from))
    {
        Some(path) => Ok((path, true)),
        None => default_config_path()
            .map(|path| (path, false))
            .ok_or(ConfigError::NoConfigDir),
    }
}

/// A `PEKI_*` variable that is not UTF-8 is refused rather than read as unset.
pub fn check_env_encoding() -> Result<(), ConfigError> {
    match env::badly_encoded_var() {
        Some(var) => Err(ConfigError::EnvNotUtf8 { var }),
        None => Ok(()),
    }
}

/// Finds and reads the config file, then resolves every setting.
/// The file is not read at all when flags and the environment decide every setting it
/// could hold (and no file or profile was named): it could change nothing.
pub fn load(overrides: &Overrides, env: Env<'_>) -> Result<Settings, ConfigError> {
    check_env_encoding()?;
    let (path, explicit) = locate(overrides, env)?;
    let unread = || ConfigFile {
        path: path.clone(),
        ..ConfigFile::default()
    };
    let named = explicit || overrides.profile.is_some() || env(env::PROFILE_VAR).is_some();
    if !named && file_changes_nothing(overrides, env) {
        return resolve(overrides, env, &unread());
    }
    let (file, warning) = match read_config(&path)? {
        Some(file) => {
            let warning = file::permission_warning(&path, &file);
            (file, warning)
        }
        None if explicit => return Err(ConfigError::FileMissing { path }),
        None => (unread(), None),
    };
    let mut settings = resolve(overrides, env, &file)?;
    settings.warnings.extend(warning);
    Ok(settings)
}

/// Whether a flag or a variable gives every setting. A secret settles the file's secret
/// command (it overrides it), and a CA bundle settles `native_roots` (they cannot combine,
/// and a switch has no flag for false).
fn file_changes_nothing(overrides: &Overrides, env: Env<'_>) -> bool {
    let given = |key: Key| {
        overrides.values.contains_key(&key) || key.setting().env.is_some_and(|v| env(v).is_some())
    };
    SETTINGS.iter().all(|setting| match setting.key {
        Key::ApiSecretCommand => given(Key::ApiSecret),
        Key::NativeRoots => given(Key::NativeRoots) || given(Key::CaCert),
        key => given(key),
    })
}

/// The profile in use: `--profile`, `PEKI_PROFILE`, the file's `default_profile`, else a
/// profile named `default` if the file has one.
pub fn choose_profile(
    overrides: &Overrides,
    env: Env<'_>,
    file: &ConfigFile,
) -> Result<Option<Sourced<ProfileName>>, ConfigError> {
    let parse = |name: String, origin: Source| {
        name.parse::<ProfileName>()
            .map(|value| Sourced {
                value,
                source: origin.clone(),
            })
            .map_err(|reason| ConfigError::Invalid {
                setting: "profile",
                origin,
                at: None,
                reason,
            })
    };
    if let Some(name) = &overrides.profile {
        return Ok(Some(Sourced {
            value: name.clone(),
            source: Source::Flag("--profile"),
        }));
    }
    if let Some(name) = env(env::PROFILE_VAR) {
        return parse(name, Source::Env(env::PROFILE_VAR)).map(Some);
    }
    if let Some(name) = &file.default_profile {
        return parse(name.clone(), Source::File("default_profile")).map(Some);
    }
    Ok(file
        .profiles
        .contains_key(DEFAULT_PROFILE)
        .then(|| Sourced {
            value: ProfileName::default(),
            source: Source::Default,
        }))
}

/// The profile `peki config` edits: the one in use, else `default`.
pub fn profile_to_edit(
    overrides: &Overrides,
    env: Env<'_>,
    file: &ConfigFile,
) -> Result<ProfileName, ConfigError> {
    Ok(choose_profile(overrides, env, file)?.map_or_else(ProfileName::default, |p| p.value))
}

/// The named profile of the file, or an error listing the profiles there.
pub fn existing_profile<'f>(
    file: &'f ConfigFile,
    name: &ProfileName,
    origin: Source,
) -> Result<&'f Profile, ConfigError> {
    file.profiles
        .get(name.as_str())
        .ok_or_else(|| ConfigError::UnknownProfile {
            name: name.to_string(),
            origin,
            path: file.path.clone(),
            known: file.profiles.keys().cloned().collect(),
        })
}

/// Resolves every setting of the table from the overrides, the environment and the file.
pub fn resolve(
    overrides: &Overrides,
    env: Env<'_>,
    file: &ConfigFile,
) -> Result<Settings, ConfigError> {
    let profile = choose_profile(overrides, env, file)?;
    let empty = Profile::new();
    let table = match &profile {
        Some(p) => existing_profile(file, &p.value, p.source.clone())?,
        None => &empty,
    };
    let profile_source = || {
        Source::Profile(
            profile
                .as_ref()
                .map(|p| p.value.to_string())
                .unwrap_or_default(),
        )
    };
    // The secret has no flag: command lines end up in shell history and `ps`.
    if table.contains_key(&Key::ApiSecret)
        && table.contains_key(&Key::ApiSecretCommand)
        && env(Key::ApiSecret.setting().env.unwrap_or_default()).is_none()
    {
        return Err(ConfigError::BothSecrets {
            profile: profile
                .as_ref()
                .map(|p| p.value.to_string())
                .unwrap_or_default(),
            path: file.path.clone(),
        });
    }
    let mut values = BTreeMap::new();
    let mut positions = BTreeMap::new();
    for setting in &SETTINGS {
        let key = setting.key;
        let invalid = |origin: Source, at: Option<Position>, reason: String| ConfigError::Invalid {
            setting: key.name(),
            origin,
            at,
            reason,
        };
        let resolved = if let Some(value) = overrides.values.get(&key) {
            Some(Sourced {
                value: value.clone(),
                source: Source::Flag(setting.flag.map_or("a flag", |f| f.long)),
            })
        } else if let Some((var, raw)) = setting.env.and_then(|var| env(var).map(|raw| (var, raw)))
        {
            let value = setting
                .kind
                .parse(&raw)
                .map_err(|reason| invalid(Source::Env(var), None, reason))?;
            Some(Sourced {
                value,
                source: Source::Env(var),
            })
        } else if let Some(entry) = table.get(&key) {
            let at = file.position(entry);
            let value = setting
                .kind
                .from_toml(&entry.value)
                .map_err(|reason| invalid(profile_source(), Some(at.clone()), reason))?;
            positions.insert(key, at);
            Some(Sourced {
                value,
                source: profile_source(),
            })
        } else {
            default_value(setting, env).map(|value| Sourced {
                value,
                source: Source::Default,
            })
        };
        if let Some(resolved) = resolved {
            values.insert(key, resolved);
        }
    }
    Ok(Settings {
        config_path: Some(file.path.clone()),
        profile,
        values,
        positions,
        warnings: Vec::new(),
    })
}

/// The default of a setting, if it has one.
fn default_value(setting: &Setting, env: Env<'_>) -> Option<Value> {
    match setting.default {
        Default::None => None,
        // Every default text parses (a unit test of the table checks it).
        Default::Text(text) => setting.kind.parse(text).ok(),
        Default::Login => Some(Value::Text(login_name(env))),
    }
}

#[cfg(test)]
pub(crate) mod tests;
