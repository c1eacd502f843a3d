//! Writing the config file: edits through `toml_edit`, so the user's comments, order and
//! unrelated keys survive, and an atomic save (a 0600 temp file in the same directory,
//! then rename) so a crash never leaves half a file. Never prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, InlineTable, Item, Table, TableLike};

use super::file::{ConfigFile, parse_at, read_text};
use super::keys::Key;
use crate::error::Error;

/// An open config file being edited, with what the loader makes of it.
pub struct Editor {
    path: PathBuf,
    doc: DocumentMut,
    file: ConfigFile,
}

impl Editor {
    /// Opens `path` for editing; a missing file is an empty one.
    pub fn open(path: &Path) -> Result<Editor, Error> {
        let text = read_text(path)?.unwrap_or_default();
        // Check the shape with the same parser the loader uses, so errors read the same.
        let file = parse_at(path, &text)?;
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| Error::config(format!("{}: {e}", path.display())))?;
        Ok(Editor {
            path: path.to_path_buf(),
            doc,
            file,
        })
    }

    /// The file as it was when opened.
    pub fn file(&self) -> &ConfigFile {
        &self.file
    }

    /// Sets `key` in `[profiles.PROFILE]`, creating the table if needed and keeping the
    /// comment that trailed an old value.
    pub fn set(&mut self, profile: &str, key: Key, value: toml_edit::Value) {
        replace_keeping_decor(self.profile_table(profile), key.name(), value);
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
        replace_keeping_decor(self.doc.as_table_mut(), "default_profile", profile.into());
    }

    /// The profile's table, created in the style of its parent: a `[profiles.NAME]` table,
    /// or an inline table inside an inline `profiles = { … }`.
    fn profile_table(&mut self, profile: &str) -> &mut dyn TableLike {
        let profiles = self.doc.entry("profiles").or_insert_with(|| {
            let mut table = Table::new();
            // Only `[profiles.NAME]` headers appear, no empty `[profiles]`.
            table.set_implicit(true);
            Item::Table(table)
        });
        let inline = profiles.is_inline_table();
        let profiles = table_like(profiles);
        if profiles.get(profile).is_none() {
            let fresh = if inline {
                Item::Value(toml_edit::Value::InlineTable(InlineTable::new()))
            } else {
                Item::Table(Table::new())
            };
            profiles.insert(profile, fresh);
        }
        table_like(
            profiles
                .get_mut(profile)
                .expect("the profile was just inserted"),
        )
    }

    /// Writes the file atomically with mode 0600, creating its directory with mode 0700.
    /// A symlinked config file is written through the link.
    pub fn save(&self) -> Result<(), Error> {
        let text = self.doc.to_string();
        // Never write something the loader would reject.
        super::parse_config(&text).map_err(|e| {
            Error::Unexpected(format!("refusing to write an invalid config file: {e}"))
        })?;
        let target = follow_links(&self.path);
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
}

/// `table[name] = value`, keeping the comments around an old value.
fn replace_keeping_decor(table: &mut dyn TableLike, name: &str, value: toml_edit::Value) {
    match table.get_mut(name) {
        // In place, so the key keeps the comment above it and the value the one after it.
        Some(slot) => {
            let decor = slot.as_value().map(|v| v.decor().clone());
            *slot = Item::Value(value);
            if let (Some(decor), Some(new)) = (decor, slot.as_value_mut()) {
                *new.decor_mut() = decor;
            }
        }
        None => {
            table.insert(name, Item::Value(value));
        }
    }
}

/// A table or an inline table, as one. Anything else becomes an empty table; the loader
/// accepted the file, so `profiles` and each profile are tables of one kind or the other.
fn table_like(item: &mut Item) -> &mut dyn TableLike {
    if item.as_table_like().is_none() {
        *item = Item::Table(Table::new());
    }
    item.as_table_like_mut()
        .expect("the item is a table (or was just made one)")
}

/// The file a path finally names, following symbolic links even when the last one dangles
/// (a dotfiles link to a file not yet created), so that a save writes through them.
fn follow_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..16 {
        match std::fs::read_link(&current) {
            Ok(target) => {
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Err(_) => break,
        }
    }
    current
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
        assert!(text.contains("bot = \"support\"  # keep"), "{text}");
    }

    #[test]
    fn inline_profile_tables_are_expanded_not_a_panic() {
        for source in [
            "profiles = { default = { bot = \"x\" } }\n",
            "[profiles]\ndefault = { bot = \"x\" }\n",
        ] {
            let text = edited(source, |e| e.set("default", Key::ApiKey, "pk_new".into()));
            let file = crate::config::parse_config(&text).unwrap();
            let profile = &file.profiles["default"];
            assert_eq!(profile.bot.as_deref(), Some("x"), "{text}");
            assert_eq!(profile.api_key.as_deref(), Some("pk_new"), "{text}");
        }
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

    #[cfg(unix)]
    #[test]
    fn saves_write_through_symlinks_even_dangling_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("dotfiles")).unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink("dotfiles/peki.toml", &link).unwrap();
        for bot in ["first", "second"] {
            let mut editor = Editor::open(&link).unwrap();
            editor.set("default", Key::Bot, bot.into());
            editor.save().unwrap();
            assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
            let text = std::fs::read_to_string(dir.path().join("dotfiles/peki.toml")).unwrap();
            assert!(text.contains(&format!("bot = \"{bot}\"")), "{text}");
        }
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
