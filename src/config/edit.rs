//! Writing the config file: edits through `toml_edit`, so the user's comments, order and
//! unrelated keys survive, and an atomic save (a 0600 temp file in the same directory,
//! then rename) so a crash never leaves half a file. Never prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table};

use super::keys::Key;
use crate::error::Error;

/// An open config file being edited.
pub struct Editor {
    path: PathBuf,
    doc: DocumentMut,
}

impl Editor {
    /// Opens `path` for editing; a missing file is an empty one.
    pub fn open(path: &Path) -> Result<Editor, Error> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(Error::config(format!(
                    "cannot read config file {}: {e}",
                    path.display()
                )));
            }
        };
        // Check the shape with the same parser the loader uses, so errors read the same.
        super::parse_config(&text).map_err(|e| Error::config(format!("{}:{e}", path.display())))?;
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| Error::config(format!("{}: {e}", path.display())))?;
        Ok(Editor {
            path: path.to_path_buf(),
            doc,
        })
    }

    /// Sets `key` in `[profiles.PROFILE]`, creating the table if needed and keeping the
    /// comment that trailed an old value.
    pub fn set(&mut self, profile: &str, key: Key, value: toml_edit::Value) {
        let table = self.profile_table(profile);
        let old_decor = table
            .get(key.name())
            .and_then(Item::as_value)
            .map(|v| v.decor().clone());
        table[key.name()] = Item::Value(value);
        if let (Some(decor), Some(new)) = (old_decor, table[key.name()].as_value_mut()) {
            *new.decor_mut() = decor;
        }
    }

    /// Removes `key` from the profile; `false` when it was not set.
    pub fn unset(&mut self, profile: &str, key: Key) -> bool {
        self.doc
            .get_mut("profiles")
            .and_then(|p| p.get_mut(profile))
            .and_then(Item::as_table_like_mut)
            .and_then(|t| t.remove(key.name()))
            .is_some()
    }

    pub fn set_default_profile(&mut self, profile: &str) {
        let old = self
            .doc
            .get("default_profile")
            .and_then(Item::as_value)
            .map(|v| v.decor().clone());
        self.doc["default_profile"] = toml_edit::value(profile);
        if let (Some(decor), Some(new)) = (old, self.doc["default_profile"].as_value_mut()) {
            *new.decor_mut() = decor;
        }
    }

    fn profile_table(&mut self, profile: &str) -> &mut Table {
        let profiles = self.doc.entry("profiles").or_insert_with(|| {
            let mut table = Table::new();
            // No empty `[profiles]` header: only `[profiles.NAME]` tables appear.
            table.set_implicit(true);
            Item::Table(table)
        });
        // `open` checked that `profiles` is a table of tables (parse_config would have
        // failed otherwise), and a fresh one is a table.
        let profiles = profiles
            .as_table_mut()
            .expect("`profiles` is a table: checked when the file was opened");
        profiles
            .entry(profile)
            .or_insert_with(|| Item::Table(Table::new()))
            .as_table_mut()
            .expect("a profile is a table: checked when the file was opened")
    }

    /// Writes the file atomically with mode 0600, creating its directory with mode 0700.
    /// A symlinked config file is written through the link.
    pub fn save(&self) -> Result<(), Error> {
        let text = self.doc.to_string();
        // Never write something the loader would reject.
        super::parse_config(&text).map_err(|e| {
            Error::Unexpected(format!("refusing to write an invalid config file: {e}"))
        })?;
        let target = std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        let fail = |what: &str, e: std::io::Error| {
            Error::config(format!("cannot {what} {}: {e}", target.display()))
        };
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        create_private_dir(&dir).map_err(|e| fail("create the directory of", e))?;
        // tempfile creates the file with mode 0600 on Unix.
        let mut temp = tempfile::Builder::new()
            .prefix(".peki-config-")
            .tempfile_in(&dir)
            .map_err(|e| fail("write", e))?;
        temp.write_all(text.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| fail("write", e))?;
        temp.persist(&target).map_err(|e| fail("write", e.error))?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMENTED: &str = "\
# my peki settings
default_profile = \"prod\"   # the one I use

[profiles.prod]
# production bot
bot = \"support\"  # keep
api_key = \"pk_old\"
";

    fn edited(text: &str, edit: impl FnOnce(&mut Editor)) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let mut editor = Editor::open(&path).unwrap();
        edit(&mut editor);
        editor.save().unwrap();
        std::fs::read_to_string(&path).unwrap()
    }

    #[test]
    fn comments_and_other_keys_survive_an_edit() {
        let text = edited(COMMENTED, |e| {
            e.set("prod", Key::Bot, "sales".into());
            e.set("staging", Key::Timeout, 5.into());
            e.set_default_profile("staging");
        });
        assert!(text.starts_with("# my peki settings\n"), "{text}");
        assert!(
            text.contains("default_profile = \"staging\"   # the one I use"),
            "{text}"
        );
        assert!(
            text.contains("# production bot\nbot = \"sales\"  # keep\n"),
            "{text}"
        );
        assert!(text.contains("api_key = \"pk_old\""), "{text}");
        assert!(text.contains("[profiles.staging]\ntimeout = 5\n"), "{text}");
        assert!(!text.contains("[profiles]\n"), "{text}");
    }

    #[test]
    fn unset_removes_only_that_key() {
        let text = edited(COMMENTED, |e| {
            assert!(e.unset("prod", Key::ApiKey));
            assert!(!e.unset("prod", Key::ApiKey));
            assert!(!e.unset("nope", Key::Bot));
        });
        assert!(!text.contains("api_key"), "{text}");
        assert!(text.contains("bot = \"sales\"") || text.contains("bot = \"support\""));
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/peki/config.toml");
        let mut editor = Editor::open(&path).unwrap();
        editor.set("default", Key::ApiSecret, "sk_x".into());
        editor.save().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }

    #[test]
    fn malformed_files_are_not_edited() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "profiles = 5\n").unwrap();
        let err = Editor::open(&path).err().unwrap();
        assert_eq!(err.exit_code(), 3);
        assert!(err.to_string().contains("config.toml:1:"), "{err}");
    }
}
