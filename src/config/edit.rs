//! Writing the config file: a read-modify-write under an advisory lock, so that concurrent
//! `peki config` runs lose no edit; edits through `toml_edit`, so the user's comments, order
//! and unrelated keys survive; and an atomic save (a 0600 temp file in the same directory,
//! then rename) so a crash never leaves half a file. Never prints.
//!
//! A temp file holds the secret until the rename: termination signals are held for that
//! moment, and one left by a `kill -9` is removed by the next edit (under the lock, so it
//! is never a live edit's).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use toml_edit::{DocumentMut, InlineTable, Item, Table, TableLike};

use super::error::ConfigError;
use super::file::{ConfigFile, parse_config, read_text};
use super::table::Key;

/// How long an edit waits for another `peki config` to finish its own.
const LOCK_PATIENCE: Duration = Duration::from_secs(10);

/// An open config file being edited, locked until dropped.
pub struct Editor {
    path: PathBuf,
    /// The file the path finally names (symbolic links followed).
    target: PathBuf,
    doc: DocumentMut,
    file: ConfigFile,
    _lock: File,
}

impl Editor {
    /// Locks `path` for editing and reads it; a missing file is an empty one.
    pub fn open(path: &Path) -> Result<Editor, ConfigError> {
        let target = follow_links(path);
        let dir = parent_dir(&target);
        create_private_dir(&dir).map_err(|source| ConfigError::Write {
            action: "create the directory of",
            path: target.clone(),
            source,
        })?;
        let lock = lock(&target)?;
        remove_stale_temps(&dir, &target);
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
                message: e.message().trim().to_string(),
            })?;
        Ok(Editor {
            path: path.to_path_buf(),
            target,
            doc,
            file,
            _lock: lock,
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
        let text = self.doc.to_string();
        let fail = |action, source| ConfigError::Write {
            action,
            path: self.target.clone(),
            source,
        };
        // Never write something the loader would reject.
        if let Err(e) = parse_config(&self.path, &text) {
            return Err(fail(
                "write",
                std::io::Error::other(format!("the edited file would not parse: {e}")),
            ));
        }
        let dir = parent_dir(&self.target);
        // From the temp file's creation to the rename, a Ctrl-C or a TERM waits: no temp
        // copy of the secret is left behind by them.
        let _held = signals::hold();
        // tempfile creates the file with mode 0600 on Unix.
        let mut temp = tempfile::Builder::new()
            .prefix(&temp_prefix(&self.target))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| fail("write", e))?;
        temp.write_all(text.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| fail("write", e))?;
        temp.persist(&self.target)
            .map_err(|e| fail("write", e.error))?;
        // The rename is durable once the directory is.
        if let Ok(dir) = File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// `.config.toml.write-`: temp files of this target, never named like a config file.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or_else(|| "config".into(), |n| n.to_string_lossy());
    format!(".{name}.write-")
}

/// Temp files a killed edit of this target left behind. Called under the lock, so no
/// live edit of this file is writing one.
fn remove_stale_temps(dir: &Path, target: &Path) {
    let prefix = temp_prefix(target);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Takes the advisory lock for editing `target`. The config file itself is replaced by
/// each save, so a lock on it would not outlive the save: on Unix the lock is on its
/// directory (nothing is left behind), elsewhere on a `.NAME.lock` file beside it.
fn lock(target: &Path) -> Result<File, ConfigError> {
    let (path, file) = lock_handle(target);
    let fail = |source| ConfigError::Write {
        action: "lock",
        path: path.clone(),
        source,
    };
    let file = file.map_err(fail)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(fail(std::io::Error::other(
                    "another peki process has been editing it for 10 s",
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(fail(e)),
        }
    }
}

/// What to lock for `target`, and the handle to lock.
#[cfg(unix)]
fn lock_handle(target: &Path) -> (PathBuf, std::io::Result<File>) {
    let dir = parent_dir(target);
    let handle = File::open(&dir);
    (dir, handle)
}

#[cfg(not(unix))]
fn lock_handle(target: &Path) -> (PathBuf, std::io::Result<File>) {
    let name = target
        .file_name()
        .map_or_else(|| "config".into(), |n| n.to_string_lossy());
    let path = parent_dir(target).join(format!(".{name}.lock"));
    let handle = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path);
    (path, handle)
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

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
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

/// Holding termination signals while a secret sits in a temp file.
mod signals {
    /// Until dropped, SIGINT, SIGTERM, SIGHUP and SIGQUIT wait; on drop, one that came in
    /// the meantime takes effect. (SIGKILL cannot wait: the next edit removes its leftover.)
    pub struct Held {
        #[cfg(unix)]
        previous: libc::sigset_t,
    }

    #[cfg(unix)]
    pub fn hold() -> Held {
        // SAFETY: sigset_t is plain data that sigemptyset initialises; pthread_sigmask
        // only reads `set` and writes `previous`, both valid for the call.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut previous: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
                libc::sigaddset(&mut set, signal);
            }
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous);
            Held { previous }
        }
    }

    #[cfg(not(unix))]
    pub fn hold() -> Held {
        Held {}
    }

    #[cfg(unix)]
    impl Drop for Held {
        fn drop(&mut self) {
            // SAFETY: restores the mask saved by `hold` on this same thread.
            unsafe {
                libc::pthread_sigmask(libc::SIG_SETMASK, &self.previous, std::ptr::null_mut());
            }
        }
    }
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
