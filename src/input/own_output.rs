//! A file `peki` reads that is also its stdout (`peki batch in.txt > in.txt`, `peki chat <
//! f >> f`): whatever it writes would be read back, or the shell already emptied it.
//! Refused before anything is read or sent. Unix only: elsewhere nothing is checked.

use std::fs::Metadata;
use std::path::Path;

/// How the file would be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Messages, one a line, until the end: appended replies would be read as messages.
    Messages,
    /// An earlier run's results (`--resume`): every result is written again.
    Results,
}

/// The refusal: what the file is and why it cannot also be the output.
#[derive(Debug, thiserror::Error)]
#[error("{shown} is also where the output goes: {why}; write the output to another file")]
pub struct ReadsItsOutput {
    shown: String,
    why: &'static str,
}

/// Refuses `path` (shown as `shown`) when it is the file stdout writes to.
pub fn refuse_path(path: &Path, shown: &str, reading: Reading) -> Result<(), ReadsItsOutput> {
    refuse(std::fs::metadata(path).ok(), shown, reading)
}

/// Refuses stdin when it is the file stdout writes to.
pub fn refuse_stdin(reading: Reading) -> Result<(), ReadsItsOutput> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let stdin = std::io::stdin().as_fd().try_clone_to_owned();
        refuse(
            stdin.and_then(|fd| std::fs::File::from(fd).metadata()).ok(),
            "stdin",
            reading,
        )
    }
    #[cfg(not(unix))]
    {
        let _ = reading;
        Ok(())
    }
}

#[cfg(unix)]
fn refuse(file: Option<Metadata>, shown: &str, reading: Reading) -> Result<(), ReadsItsOutput> {
    use std::os::fd::{AsFd, AsRawFd};
    use std::os::unix::fs::MetadataExt;
    let stdout = std::io::stdout();
    let Some(out) = stdout
        .as_fd()
        .try_clone_to_owned()
        .and_then(|fd| std::fs::File::from(fd).metadata())
        .ok()
        .zip(file)
        .filter(|(out, file)| out.is_file() && out.dev() == file.dev() && out.ino() == file.ino())
        .map(|(out, _)| out)
    else {
        return Ok(());
    };
    // SAFETY: F_GETFL only reads the flags of a descriptor this process holds open.
    let flags = unsafe { libc::fcntl(stdout.as_fd().as_raw_fd(), libc::F_GETFL) };
    let appends = flags != -1 && flags & libc::O_APPEND != 0;
    let why = match (appends, reading) {
        (true, Reading::Messages) => "peki would read back what it appends and never end",
        (true, Reading::Results) => {
            "every line's result is written again, the resumed ones too, so it would hold \
             them twice"
        }
        (false, _) if out.len() == 0 => "the shell emptied it before peki started",
        (false, _) => "peki would write over what it reads",
    };
    Err(ReadsItsOutput {
        shown: shown.to_string(),
        why,
    })
}

#[cfg(not(unix))]
fn refuse(_: Option<Metadata>, _: &str, _: Reading) -> Result<(), ReadsItsOutput> {
    Ok(())
}
