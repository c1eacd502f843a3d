//! Reading what the user gives: stdin (capped, UTF-8, one trailing newline dropped) and
//! questions on the terminal (secrets without echo). The only reader of stdin.

use std::io::{BufRead, IsTerminal, Read, Write};

use crate::error::Error;

/// The most stdin `peki` reads for one value.
pub const MAX_STDIN_BYTES: usize = 1024 * 1024;

/// Whether stdin is a terminal (a person typing) rather than a pipe or a file.
pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

/// Reads at most 1 MiB of UTF-8 from `input` and drops one trailing newline.
pub fn read_stdin(input: impl Read) -> Result<String, Error> {
    let mut bytes = Vec::new();
    input
        .take(MAX_STDIN_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::usage(format!("cannot read stdin: {e}")))?;
    if bytes.len() > MAX_STDIN_BYTES {
        return Err(Error::usage("stdin is larger than 1 MiB"));
    }
    let mut text =
        String::from_utf8(bytes).map_err(|_| Error::usage("stdin is not valid UTF-8 text"))?;
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
    fn ask(&mut self, question: &str) -> Result<Option<String>, Error>;
    /// Like `ask`, without echoing what is typed.
    fn ask_secret(&mut self, question: &str) -> Result<Option<String>, Error>;
}

/// Questions on stderr, answers from the terminal.
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn ask(&mut self, question: &str) -> Result<Option<String>, Error> {
        let mut err = std::io::stderr().lock();
        let _ = err
            .write_all(question.as_bytes())
            .and_then(|()| err.flush());
        let mut line = String::new();
        let read = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::usage(format!("cannot read the answer: {e}")))?;
        Ok((read > 0).then(|| line.trim().to_string()))
    }

    fn ask_secret(&mut self, question: &str) -> Result<Option<String>, Error> {
        match rpassword::prompt_password(question) {
            Ok(answer) => Ok(Some(answer.trim().to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
            Err(e) => Err(Error::usage(format!("cannot read the secret: {e}"))),
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
        assert_eq!(read_stdin(&[0xff, 0xfe][..]).unwrap_err().exit_code(), 2);
        let big = vec![b'a'; MAX_STDIN_BYTES + 1];
        assert!(
            read_stdin(&big[..])
                .unwrap_err()
                .to_string()
                .contains("1 MiB")
        );
        let exact = vec![b'a'; MAX_STDIN_BYTES];
        assert_eq!(read_stdin(&exact[..]).unwrap().len(), MAX_STDIN_BYTES);
    }
}
