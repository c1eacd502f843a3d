//! The config file as data: its location, its shape (`default_profile` and
//! `[profiles.NAME]` tables of the table's keys), reading it (a bounded read of a regular
//! file only) and parsing it with positions in errors, and the check of its permissions.
//! Never writes (that is `edit`) and never prints.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::{ConfigError, Position};
use super::table::Key;

/// A config file larger than this is refused: a real one is a few hundred bytes.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A value in a profile, with its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub value: toml::Value,
    pub line: usize,
    pub column: usize,
}

/// One `[profiles.NAME]` table: the keys it sets.
pub type Profile = BTreeMap<Key, Entry>;

/// The config file: `default_profile` and `[profiles.NAME]` tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub default_profile: Option<String>,
    pub profiles: BTreeMap<String, Profile>,
}

/// The file's shape for the TOML reader; keys and types are checked after, with positions.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    default_profile: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>>,
}

impl ConfigFile {
    /// Whether any profile stores a secret in the file itself.
    pub fn holds_secret(&self) -> bool {
        self.profiles
            .values()
            .any(|p| p.contains_key(&Key::ApiSecret))
    }

    /// Whether any profile runs a command to get its secret.
    pub fn runs_command(&self) -> bool {
        self.profiles
            .values()
            .any(|p| p.contains_key(&Key::ApiSecretCommand))
    }

    pub fn position(&self, entry: &Entry) -> Position {
        Position {
            path: self.path.clone(),
            line: entry.line,
            column: entry.column,
        }
    }
}

/// The default config file: `$XDG_CONFIG_HOME/peki/config.toml` or the platform's equivalent.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "peki").map(|d| d.config_dir().join("config.toml"))
}

/// Reads and parses a config file; `Ok(None)` when it does not exist.
pub fn read_config(path: &Path) -> Result<Option<ConfigFile>, ConfigError> {
    match read_text(path)? {
        Some(text) => parse_config(path, &text).map(Some),
        None => Ok(None),
    }
}

/// The text of a config file; `Ok(None)` when it does not exist. Only a regular file of at
/// most `MAX_CONFIG_BYTES` is read: `/dev/zero` would never end, and a FIFO would block.
pub fn read_text(path: &Path) -> Result<Option<String>, ConfigError> {
    let read_error = |source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = match open_regular(path) {
        Ok(Some(file)) => file,
        Ok(None) => {
            return Err(ConfigError::NotRegular {
                path: path.to_path_buf(),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_error(e)),
    };
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(ConfigError::TooLarge {
            path: path.to_path_buf(),
            limit: MAX_CONFIG_BYTES,
        });
    }
    String::from_utf8(bytes).map(Some).map_err(|_| {
        read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is not UTF-8 text",
        ))
    })
}

/// Opens `path` for reading if it is a regular file; `Ok(None)` when it is something else
/// (a FIFO, a device, a folder), which is never opened: a FIFO would block and `/dev/zero`
/// would never end. The read itself is the caller's, bounded or streamed as it needs.
pub fn open_regular(path: &Path) -> std::io::Result<Option<std::fs::File>> {
    if !std::fs::metadata(path)?.is_file() {
        return Ok(None);
    }
    let file = open_nonblocking(path)?;
    // Checked again on what was opened: the path could have been swapped in between.
    Ok(file.metadata()?.is_file().then_some(file))
}

/// Opens for reading without blocking on a FIFO swapped in after the check.
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Parses the text of the file at `path`: TOML, then every key and value type checked
/// against the settings table. Errors read `PATH:LINE:COLUMN: message` and never quote a
/// value.
pub fn parse_config(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    let lines = crate::toml_error::Lines::new(text);
    let at = |offset: usize| {
        let (line, column) = lines.position(offset);
        Position {
            path: path.to_path_buf(),
            line,
            column,
        }
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| ConfigError::Parse {
        at: at(e.span().map_or(0, |span| span.start)),
        message: crate::toml_error::message(&e),
    })?;
    let mut profiles = BTreeMap::new();
    for (name, table) in raw.profiles {
        let mut profile = Profile::new();
        for (key, value) in table {
            let Some(known) = Key::from_name(key.get_ref()) else {
                return Err(ConfigError::Parse {
                    at: at(key.span().start),
                    message: format!(
                        "unknown key `{}` in profile '{}', expected one of: {}",
                        key.get_ref().escape_debug(),
                        name.escape_debug(),
                        Key::names()
                    ),
                });
            };
            let start = value.span().start;
            let value = value.into_inner();
            // The type is checked in every profile; what a value means (a valid URL, a
            // bundle that reads) matters only in the profile in use, when it is resolved.
            if let Err(reason) = known.setting().kind.check_toml_type(&value) {
                return Err(ConfigError::Parse {
                    at: at(start),
                    message: format!("{known}: {reason}"),
                });
            }
            let Position { line, column, .. } = at(start);
            profile.insert(
                known,
                Entry {
                    value,
                    line,
                    column,
                },
            );
        }
        profiles.insert(name, profile);
    }
    Ok(ConfigFile {
        path: path.to_path_buf(),
        default_profile: raw.default_profile,
        profiles,
    })
}

/// The warning ssh would give: a file holding a secret that others can read or change, or
/// a file naming a command to run that others can change, swap or own.
#[cfg(unix)]
pub fn permission_warning(path: &Path, file: &ConfigFile) -> Option<String> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let metadata = std::fs::metadata(path).ok()?;
    let mode = metadata.permissions().mode() & 0o777;
    if file.holds_secret() || file.runs_command() {
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if metadata.uid() != me && metadata.uid() != 0 {
            return Some(format!(
                "warning: {} is owned by another user (uid {}), who can change it; use a \
                 config file of your own",
                path.display(),
                metadata.uid()
            ));
        }
        if let Some(dir) = replaceable_by_others(path) {
            return Some(format!(
                "warning: others can replace {}: its directory {} is writable by others \
                 (without the sticky bit); run: chmod go-w {}",
                path.display(),
                dir.display(),
                dir.display()
            ));
        }
    }
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

/// A directory above `path` in which others may rename or delete files (group- or
/// world-writable without the sticky bit, as `/tmp` has): they could swap the file.
#[cfg(unix)]
fn replaceable_by_others(path: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let real = std::fs::canonicalize(path).ok()?;
    real.ancestors().skip(1).find_map(|dir| {
        let mode = std::fs::metadata(dir).ok()?.permissions().mode();
        (mode & 0o022 != 0 && mode & 0o1000 == 0).then(|| dir.to_path_buf())
    })
}

#[cfg(not(unix))]
pub fn permission_warning(_path: &Path, _file: &ConfigFile) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, ConfigError> {
        parse_config(Path::new("c.toml"), text)
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        let err = parse("[profiles.a]\nbase_url = \"https://x\n").unwrap_err();
        assert!(
            matches!(&err, ConfigError::Parse { at, .. } if at.line == 2),
            "{err}"
        );
        let err = parse("[profiles.a]\ntimeout = \"ten\"\n").unwrap_err();
        assert!(
            matches!(&err, ConfigError::Parse { at, .. } if (at.line, at.column) == (2, 11)),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "c.toml:2:11: timeout: expected a number of seconds, found string"
        );
    }

    #[test]
    fn unknown_keys_are_named_with_their_position() {
        let err = parse("[profiles.a]\nbot = \"x\"\napi_kye = \"pk\"\n").unwrap_err();
        let ConfigError::Parse { at, message } = &err else {
            panic!("{err:?}");
        };
        assert_eq!((at.line, at.column), (3, 1));
        assert!(
            message.starts_with("unknown key `api_kye` in profile 'a'"),
            "{message}"
        );
        assert!(parse("[extra]\n").is_err());
    }

    #[test]
    fn type_errors_never_quote_the_value() {
        let err = parse("[profiles.a]\nretries = \"sk_live_0123456789abcdef\"\n").unwrap_err();
        assert!(!err.to_string().contains("0123456789"), "{err}");
        let err = parse("[profiles.a]\napi_secret = 12345678901234\n").unwrap_err();
        assert!(!err.to_string().contains("12345678901234"), "{err}");
    }

    #[test]
    fn values_keep_their_position() {
        let file = parse("default_profile = \"a\"\n\n[profiles.a]\n  bot = \"x\"\n").unwrap();
        let entry = &file.profiles["a"][&Key::Bot];
        assert_eq!((entry.line, entry.column), (4, 9));
        assert_eq!(file.default_profile.as_deref(), Some("a"));
    }

    #[cfg(unix)]
    #[test]
    fn only_small_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_text(Path::new("/dev/zero")),
            Err(ConfigError::NotRegular { .. })
        ));
        assert!(matches!(
            read_text(dir.path()),
            Err(ConfigError::NotRegular { .. })
        ));
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(matches!(
            read_text(&fifo),
            Err(ConfigError::NotRegular { .. })
        ));
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; MAX_CONFIG_BYTES as usize + 1]).unwrap();
        assert!(matches!(read_text(&big), Err(ConfigError::TooLarge { .. })));
        assert_eq!(read_text(&dir.path().join("none.toml")).unwrap(), None);
    }
}
