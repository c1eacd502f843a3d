//! The config file as data: its location, its shape (`default_profile` and
//! `[profiles.NAME]` tables), reading and parsing it with positions in errors, and the check
//! of its permissions. Never writes (that is `edit`) and never prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

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
    #[serde(default, deserialize_with = "secret_text")]
    pub api_secret: Option<String>,
    pub api_secret_command: Option<String>,
    pub bot: Option<String>,
    pub base_url: Option<String>,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub timeout: Option<f64>,
    pub retries: Option<u32>,
    pub ca_cert: Option<String>,
    pub native_roots: Option<bool>,
}

/// The secret as a string; any other type is an error that does not quote the value (a
/// numeric "secret" would otherwise be printed in the parse error).
fn secret_text<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
    match toml::Value::deserialize(de)? {
        toml::Value::String(text) => Ok(Some(text)),
        _ => Err(serde::de::Error::custom(
            "api_secret must be a string in quotes",
        )),
    }
}

impl ConfigFile {
    /// Whether any profile stores a secret in the file itself.
    pub fn holds_secret(&self) -> bool {
        self.profiles.values().any(|p| p.api_secret.is_some())
    }

    /// Whether any profile runs a command to get its secret.
    pub fn runs_command(&self) -> bool {
        self.profiles
            .values()
            .any(|p| p.api_secret_command.is_some())
    }
}

/// The default config file: `$XDG_CONFIG_HOME/peki/config.toml` or the platform's equivalent.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "peki").map(|d| d.config_dir().join("config.toml"))
}

/// Reads and parses a config file; `Ok(None)` when it does not exist.
pub fn read_config(path: &Path) -> Result<Option<ConfigFile>, Error> {
    match read_text(path)? {
        Some(text) => parse_at(path, &text).map(Some),
        None => Ok(None),
    }
}

/// The text of a config file; `Ok(None)` when it does not exist.
pub fn read_text(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::config(format!(
            "cannot read config file {}: {e}",
            path.display()
        ))),
    }
}

/// Parses the text of the file at `path`; the error reads `PATH:LINE:COLUMN: message`.
pub fn parse_at(path: &Path, text: &str) -> Result<ConfigFile, Error> {
    parse_config(text).map_err(|e| Error::config(format!("{}:{e}", path.display())))
}

/// Parses config text; the error reads `LINE:COLUMN: message`.
pub fn parse_config(text: &str) -> Result<ConfigFile, String> {
    toml::from_str(text).map_err(|e| crate::toml_error::describe(text, &e))
}

/// The warning ssh would give: a file holding a secret that others can read or change, or
/// a file naming a command to run that others can change.
#[cfg(unix)]
pub fn permission_warning(path: &Path, file: &ConfigFile) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    let readable = mode & 0o044 != 0;
    let writable = mode & 0o022 != 0;
    let problem = if file.holds_secret() && (readable || writable) {
        match (readable, writable) {
            (true, true) => "holds an API secret and others can read and change it",
            (true, false) => "holds an API secret and others can read it",
            _ => "holds an API secret and others can change it",
        }
    } else if file.runs_command() && writable {
        "names an api_secret_command and others can change it"
    } else {
        return None;
    };
    Some(format!(
        "warning: {} {problem} (mode {mode:04o}); run: chmod 600 {}",
        path.display(),
        path.display()
    ))
}

#[cfg(not(unix))]
pub fn permission_warning(_path: &Path, _file: &ConfigFile) -> Option<String> {
    None
}
