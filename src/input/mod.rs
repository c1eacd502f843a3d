//! Reading what the user gives: stdin (capped, UTF-8, one trailing newline dropped) and
//! questions on the terminal (secrets without echo). The only reader of stdin.

mod hidden;
mod own_output;

pub use own_output::{Reading, ReadsItsOutput, refuse_path, refuse_stdin};

use std::io::{BufRead, IsTerminal, Read, Write};

/// The most stdin `peki` reads for one value.
pub const MAX_STDIN_BYTES: usize = 1024 * 1024;

/// What reading the user's input can run into.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("stdin is larger than 1 MiB")]
    TooLarge,
    #[error("a line of stdin is larger than 1 MiB")]
    LineTooLong,
    #[error("stdin is larger than {mib} MiB")]
    LargerThan { mib: usize },
    #[error("stdin is not valid UTF-8 text")]
    NotUtf8,
    #[error("cannot read stdin: {0}")]
    Read(#[source] std::io::Error),
    #[error("cannot read the answer: {0}")]
    Answer(#[source] std::io::Error),
    #[error(transparent)]
    ReadsItsOutput(#[from] ReadsItsOutput),
}

/// Whether stdin is a terminal (a person typing) rather than a pipe or a file.
pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

/// Reads at most 1 MiB of UTF-8 from `input` and drops one trailing newline.
pub fn read_stdin(input: impl Read) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_STDIN_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(InputError::Read)?;
    if bytes.len() > MAX_STDIN_BYTES {
        return Err(InputError::TooLarge);
    }
    let mut text = String::from_utf8(bytes).map_err(|_| InputError::NotUtf8)?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

/// Reads all of `input`, byte for byte (nothing dropped), refusing more than `max` bytes.
pub fn read_exact_bytes(input: impl Read, max: usize) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    input
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(InputError::Read)?;
    if bytes.len() > max {
        return Err(InputError::LargerThan {
            mib: max / (1024 * 1024),
        });
    }
    Ok(bytes)
}

/// The next line of `input` without its line ending; `None` at the end. A line longer
/// than `max` bytes is skipped to its end and reported, and so is one that is not UTF-8,
/// so that the caller can go on with the next.
pub fn read_line(input: &mut impl BufRead, max: usize) -> Result<Option<String>, InputError> {
    let mut bytes = Vec::new();
    let read = input
        .by_ref()
        .take(max as u64 + 2)
        .read_until(b'\n', &mut bytes)
        .map_err(InputError::Read)?;
    if read == 0 {
        return Ok(None);
    }
    let ended = bytes.ends_with(b"\n");
    if ended {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    if bytes.len() > max {
        if !ended {
            input.skip_until(b'\n').map_err(InputError::Read)?;
        }
        return Err(InputError::LineTooLong);
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| InputError::NotUtf8)
}

/// Asks questions and reads answers; `None` means the user ended input (Ctrl-D).
pub trait Prompter {
    fn ask(&mut self, question: &str) -> Result<Option<String>, InputError>;
    /// Like `ask`, without echoing what is typed.
    fn ask_secret(&mut self, question: &str) -> Result<Option<String>, InputError>;
}

/// Questions on stderr, answers from the terminal.
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn ask(&mut self, question: &str) -> Result<Option<String>, InputError> {
        let mut err = std::io::stderr().lock();
        let _ = err
            .write_all(question.as_bytes())
            .and_then(|()| err.flush());
        let mut line = String::new();
        let read = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(InputError::Answer)?;
        Ok((read > 0).then(|| line.trim().to_string()))
    }

    fn ask_secret(&mut self, question: &str) -> Result<Option<String>, InputError> {
        match hidden::ask(question).map_err(InputError::Answer)? {
            hidden::Answer::Typed(answer) => Ok(Some(answer.trim().to_string())),
            hidden::Answer::Cancelled => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_drops_one_trailing_newline_only() {
        assert_eq!(read_stdin(&b"hi\n\n"[..]).unwrap(), "hi\n");
        assert_eq!(read_stdin(&b"hi\r\n"[..]).unwrap(), "hi");
        assert_eq!(read_stdin(&b"hi"[..]).unwrap(), "hi");
    }

    #[test]
    fn lines_are_read_one_by_one_and_a_bad_one_is_only_that_line() {
        let mut input = &b"one\r\ntwo\n\xff\n"[..];
        let mut long = vec![b'x'; 11];
        long.extend_from_slice(b"\nafter");
        assert_eq!(read_line(&mut input, 10).unwrap().as_deref(), Some("one"));
        assert_eq!(read_line(&mut input, 10).unwrap().as_deref(), Some("two"));
        assert!(matches!(
            read_line(&mut input, 10),
            Err(InputError::NotUtf8)
        ));
        assert_eq!(read_line(&mut input, 10).unwrap(), None);
        let mut input = &long[..];
        assert!(matches!(
            read_line(&mut input, 10),
            Err(InputError::LineTooLong)
        ));
        assert_eq!(read_line(&mut input, 10).unwrap().as_deref(), Some("after"));
        let mut exact = &b"0123456789\n"[..];
        assert_eq!(
            read_line(&mut exact, 10).unwrap().as_deref(),
            Some("0123456789")
        );
    }

    #[test]
    fn stdin_must_be_small_utf8() {
        assert!(matches!(
            read_stdin(&[0xff, 0xfe][..]),
            Err(InputError::NotUtf8)
        ));
        let big = vec![b'a'; MAX_STDIN_BYTES + 1];
        assert!(matches!(read_stdin(&big[..]), Err(InputError::TooLarge)));
        let exact = vec![b'a'; MAX_STDIN_BYTES];
        assert_eq!(read_stdin(&exact[..]).unwrap().len(), MAX_STDIN_BYTES);
    }
}
