//! Where `peki test` writes a report file: checked before anything is sent, so that a run
//! never spends its quota on a report that cannot land, and written after the run. A
//! regular file (or a new one) is replaced atomically, through any symbolic link to it; a
//! FIFO, a device or `/dev/stdout` is written in place, never replaced by a regular file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, UsageError};

/// A report flag's file.
pub struct ReportFile<'a> {
    /// `the JUnit report`.
    pub what: &'static str,
    pub path: &'a Path,
}

/// How a report reaches its file.
enum Way {
    /// A temp file beside the file the path finally names, then a rename onto it.
    Replace(PathBuf),
    /// Written into the file as it is (appended: a shell's `>>` keeps what it holds).
    InPlace,
}

impl ReportFile<'_> {
    /// Refuses (exit 2) a destination that cannot take a report: a folder, a file in a
    /// folder that does not exist or cannot be written.
    pub fn check(&self) -> Result<(), Error> {
        let refuse = |reason: String| {
            Error::Usage(UsageError::ReportPath {
                what: self.what,
                path: self.path.to_path_buf(),
                reason,
            })
        };
        match std::fs::metadata(self.path) {
            Ok(metadata) if metadata.is_dir() => return Err(refuse("it is a folder".into())),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(refuse(e.to_string()));
            }
            _ => {}
        }
        let Way::Replace(target) = self.way() else {
            return Ok(());
        };
        let dir = crate::store::parent_dir(&target);
        if !dir.is_dir() {
            return Err(refuse(format!(
                "its folder {} does not exist",
                dir.display()
            )));
        }
        // The same kind of file the write makes, removed at once.
        temp_in(&dir, &target)
            .map(drop)
            .map_err(|e| refuse(format!("its folder cannot be written: {e}")))
    }

    /// Writes `text` to the file.
    pub fn write(&self, text: &str) -> Result<(), Error> {
        let fail = |source| Error::WriteFile {
            what: self.what,
            path: self.path.to_path_buf(),
            source,
        };
        match self.way() {
            Way::InPlace => std::fs::OpenOptions::new()
                .append(true)
                .open(self.path)
                .and_then(|mut file| file.write_all(text.as_bytes()))
                .map_err(fail),
            Way::Replace(target) => {
                let mut temp =
                    temp_in(&crate::store::parent_dir(&target), &target).map_err(fail)?;
                temp.write_all(text.as_bytes()).map_err(fail)?;
                temp.persist(&target).map_err(|e| fail(e.error))?;
                Ok(())
            }
        }
    }

    /// A file that is there and is not a regular file, or one reached through `/proc` (as
    /// `/dev/stdout` and `/dev/fd/N` are), is written in place: replacing it would swap a
    /// device or a descriptor's file for a plain file that nobody reads.
    fn way(&self) -> Way {
        let special = std::fs::metadata(self.path).is_ok_and(|m| !m.is_file());
        if special || through_proc(self.path) {
            Way::InPlace
        } else {
            Way::Replace(crate::store::follow_links(self.path))
        }
    }
}

/// Whether `path`, or a symbolic link on the way to its file, lies in `/proc`.
fn through_proc(path: &Path) -> bool {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let dir = crate::store::parent_dir(&current);
        if std::fs::canonicalize(&dir).is_ok_and(|d| d.starts_with("/proc")) {
            return true;
        }
        match std::fs::read_link(&current) {
            Ok(target) => current = dir.join(target),
            Err(_) => return false,
        }
    }
    false
}

/// A temp file for `target` in `dir`, named after it.
fn temp_in(dir: &Path, target: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&crate::store::temp_prefix(target))
        .suffix(".tmp")
        .tempfile_in(dir)
}
