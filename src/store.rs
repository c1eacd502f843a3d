//! Files `peki` keeps for the user (the config file, the rate-limit state, cached replies):
//! private (0600 in a 0700 directory), replaced atomically (a temp file, then a rename),
//! and read-modify-written under an advisory lock, so that concurrent `peki` processes lose
//! nothing and a crash never leaves half a file. Never prints.
//!
//! A temp file may hold a secret until the rename: termination signals are held for that
//! moment, and one left by a `kill -9` is removed by the next locked write.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another `peki` to finish its own write.
pub const LOCK_PATIENCE: Duration = Duration::from_secs(10);

/// The right to replace `target`, held until dropped.
#[derive(Debug)]
pub struct Locked {
    /// The file the path finally names (symbolic links followed).
    target: PathBuf,
    _lock: File,
}

/// Locks `path` for a read-modify-write, creating its directory (0700) if needed, and
/// removes temp files a killed writer left behind.
pub fn lock(path: &Path) -> std::io::Result<Locked> {
    let target = follow_links(path);
    let dir = parent_dir(&target);
    create_private_dir(&dir)?;
    let lock = take_lock(&target)?;
    remove_stale_temps(&dir, &target);
    Ok(Locked {
        target,
        _lock: lock,
    })
}

impl Locked {
    /// The file that `replace` writes (links followed).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Replaces the file with `bytes`, mode 0600, atomically and durably (synced to disk).
    pub fn replace(&self, bytes: &[u8]) -> std::io::Result<()> {
        self.write(bytes, true)
    }

    /// Replaces the file atomically without waiting for the disk: for what can be
    /// observed again (rate-limit readings, cached replies), a power cut may lose the
    /// latest write but never leaves a torn file.
    pub fn replace_quickly(&self, bytes: &[u8]) -> std::io::Result<()> {
        self.write(bytes, false)
    }

    fn write(&self, bytes: &[u8], durable: bool) -> std::io::Result<()> {
        let dir = parent_dir(&self.target);
        // From the temp file's creation to the rename, a Ctrl-C or a TERM waits.
        let _held = crate::signals::hold();
        // tempfile creates the file with mode 0600 on Unix.
        let mut temp = tempfile::Builder::new()
            .prefix(&temp_prefix(&self.target))
            .suffix(".tmp")
            .tempfile_in(&dir)?;
        temp.write_all(bytes)?;
        if durable {
            temp.as_file().sync_all()?;
        }
        temp.persist(&self.target).map_err(|e| e.error)?;
        // The rename is durable once the directory is.
        if durable && let Ok(dir) = File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// `.config.toml.write-`: temp files of this target, never named like the file itself.
pub fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or_else(|| "peki".into(), |n| n.to_string_lossy());
    format!(".{name}.write-")
}

/// Temp files a killed write of this target left behind. Called under the lock, so none
/// is a live write's.
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

/// Takes the advisory lock for writing `target`. The file itself is replaced by each
/// write, so a lock on it would not outlive the write: on Unix the lock is on its
/// directory (nothing is left behind), elsewhere on a `.NAME.lock` file beside it.
fn take_lock(target: &Path) -> std::io::Result<File> {
    let file = lock_handle(target)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(std::io::Error::other(format!(
                    "another peki process has held the lock on it for {} s",
                    LOCK_PATIENCE.as_secs()
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

#[cfg(unix)]
fn lock_handle(target: &Path) -> std::io::Result<File> {
    File::open(parent_dir(target))
}

#[cfg(not(unix))]
fn lock_handle(target: &Path) -> std::io::Result<File> {
    let name = target
        .file_name()
        .map_or_else(|| "peki".into(), |n| n.to_string_lossy());
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(parent_dir(target).join(format!(".{name}.lock")))
}

pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The file a path finally names, following symbolic links even when the last one dangles
/// (a dotfiles link to a file not yet created), so that a write goes through them.
pub fn follow_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // As many as the kernel follows (Linux: 40), so a write goes where a read went.
    for _ in 0..40 {
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
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let first = lock(&path).unwrap();
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || {
                let second = lock(&path).unwrap();
                let before = std::fs::read_to_string(&path).unwrap();
                second
                    .replace(format!("{before}+second").as_bytes())
                    .unwrap();
            })
        };
        // If the second writer did not wait, it would read nothing and lose "first".
        std::thread::sleep(Duration::from_millis(50));
        first.replace(b"first").unwrap();
        drop(first);
        waiter.join().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first+second");
    }

    #[test]
    fn stale_temps_of_this_file_only_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let stale = dir.path().join(".config.toml.write-abc123.tmp");
        let other = dir.path().join(".other.toml.write-xyz.tmp");
        std::fs::write(&stale, "api_secret = \"sk_left_behind\"").unwrap();
        std::fs::write(&other, "").unwrap();
        lock(&path).unwrap().replace(b"x").unwrap();
        assert!(!stale.exists());
        assert!(
            other.exists(),
            "temp files of other files are not ours to remove"
        );
    }

    #[cfg(unix)]
    #[test]
    fn files_and_new_directories_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/peki/state.json");
        lock(&path).unwrap().replace(b"{}").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }
}
