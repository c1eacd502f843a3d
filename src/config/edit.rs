//! Writing the config file: a read-modify-write under the store's lock, so that concurrent
//! `peki config` runs lose no edit; edits through `toml_edit`, so the user's comments, order
//! and unrelated keys survive; saved atomically and privately by `store`. Never prints.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, InlineTable, Item, Table, TableLike};

use super::error::ConfigError;
use super::file::{ConfigFile, MAX_CONFIG_BYTES, parse_config, read_text};
use super::table::Key;
use crate::store::{self, Locked};

/// An open config file being edited, locked until dropped.
pub struct Editor {
    path: PathBuf,
    doc: DocumentMut,
    file: ConfigFile,
    lock: Locked,
    /// The file's own style, kept on save: CRLF line endings, a byte-order mark.
    crlf: bool,
    bom: bool,
}

impl Editor {
    /// Locks `path` for editing and reads it; a missing file is an empty one.
    pub fn open(path: &Path) -> Result<Editor, ConfigError> {
        let lock = store::lock(path).map_err(|source| ConfigError::Write {
            action: "lock",
            path: store::follow_links(path),
            source,
        })?;
        let text = read_text(path)?.unwrap_or_default();
        // Check the shape with the same parser the loader uses, so errors read the same.
        let file = parse_config(path, &text)?;
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| ConfigError::Parse {
                at: super::error::Position {
                    path: path.to_path_buf(),
                    line: 1,
                    column: 1,
                },
                message: crate::toml_error::without_values(e.message().trim()),
            })?;
        Ok(Editor {
            path: path.to_path_buf(),
            doc,
            file,
            lock,
            crlf: text.contains("\r\n"),
            bom: text.starts_with('\u{feff}'),
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
        match profiles.get_mut(profile) {
            Some(item) => table_like(item),
            // Inserted just above when it was missing.
            None => unreachable!("the profile table exists"),
        }
    }

    /// Writes the file atomically with mode 0600, through a symlink if it is one.
    pub fn save(&self) -> Result<(), ConfigError> {
        let mut text = self.doc.to_string();
        if self.crlf {
            text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        if self.bom && !text.starts_with('\u{feff}') {
            text.insert(0, '\u{feff}');
        }
        let fail = |source| ConfigError::Write {
            action: "write",
            path: self.lock.target().to_path_buf(),
            source,
        };
        // Never write something the loader would reject: too large, or not parsing.
        if text.len() as u64 > MAX_CONFIG_BYTES {
            return Err(fail(std::io::Error::other(format!(
                "the edited file would be larger than the {MAX_CONFIG_BYTES} bytes peki reads"
            ))));
        }
        if let Err(e) = parse_config(&self.path, &text) {
            return Err(fail(std::io::Error::other(format!(
                "the edited file would not parse: {e}"
            ))));
        }
        self.lock.replace(text.as_bytes()).map_err(fail)
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
    match item.as_table_like_mut() {
        Some(table) => table,
        // It was made a table just above.
        None => unreachable!("the item is a table"),
    }
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
