//! Reading what the user gives: stdin (capped, UTF-8, one trailing newline dropped) and
//! questions on the terminal (secrets without echo). The only reader of stdin.

mod hidden;

use std::io::{BufRead, IsTerminal, Read, Write};

/// The most stdin `peki` reads for one value.
pub const MAX_STDIN_BYTES: usize = 1024 * 1024;

/// What reading the user's input can run into.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("stdin is larger than 1 MiB")]
    TooLarge,
    #[error("stdin is not valid UTF-8 text")]
    NotUtf8,
    #[error("cannot read stdin: {0}")]
    Read(#[source] std::io::Error),
    #[error("cannot read the answer: {0}")]
    Answer(#[source] std::io::Error),
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
