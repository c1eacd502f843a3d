//! The line editor of `peki chat` on a terminal (rustyline): editing, /command completion,
//! lines continued with a trailing `\`, and the history file (the data directory, mode
//! 0600). A history that cannot be read or written is warned about once and never stops
//! the conversation.

use std::path::PathBuf;

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Config, Context, Editor, Helper};

use super::slash;
use crate::output;
use crate::store;

/// Entries kept in the history file.
const HISTORY_SIZE: usize = 1000;

/// What the user did at the prompt.
pub enum Line {
    Text(String),
    /// Ctrl-C: the line is dropped.
    Cleared,
    /// Ctrl-D on an empty line, or the terminal went away.
    End,
}

pub struct LineEditor {
    editor: Editor<ChatHelper, FileHistory>,
    history: Option<PathBuf>,
}

impl LineEditor {
    /// An editor on the terminal, with the history file unless `no_history`.
    pub fn open(no_history: bool) -> Result<LineEditor, ReadlineError> {
        let config = Config::builder()
            .auto_add_history(false)
            .history_ignore_space(true)
            .history_ignore_dups(true)?
            .max_history_size(HISTORY_SIZE)?
            .bracketed_paste(true)
            .build();
        let mut editor = Editor::with_config(config)?;
        editor.set_helper(Some(ChatHelper));
        let history = if no_history { None } else { history_path() };
        let mut line_editor = LineEditor { editor, history };
        line_editor.load_history();
        Ok(line_editor)
    }

    /// Reads one (maybe continued) line.
    pub fn read(&mut self, prompt: &str) -> Result<Line, ReadlineError> {
        match self.editor.readline(prompt) {
            Ok(text) => Ok(Line::Text(slash::join_continued(&text))),
            Err(ReadlineError::Interrupted) => Ok(Line::Cleared),
            Err(ReadlineError::Eof) => Ok(Line::End),
            // The terminal is gone (SIGHUP, a closed pty): nothing more can be read.
            Err(ReadlineError::Io(e)) if is_gone(&e) => Ok(Line::End),
            Err(e) => Err(e),
        }
    }

    /// Keeps `line` in the history (and its file), unless it starts with a space or holds
    /// a word that looks like a secret (a pasted `sk_…` or long token).
    pub fn remember(&mut self, line: &str) {
        if line.starts_with(' ') || line.trim().is_empty() || holds_secret(line) {
            return;
        }
        let _ = self.editor.add_history_entry(line);
        if let Some(path) = &self.history
            && let Err(e) = self.editor.append_history(path)
        {
            output::warning(&format!(
                "cannot write the chat history to {}: {e}; going on without it",
                path.display()
            ));
            self.history = None;
        }
    }

    fn load_history(&mut self) {
        let Some(path) = &self.history else {
            return;
        };
        let prepared = store::create_private_dir(&store::parent_dir(path))
            .and_then(|()| create_private_file(path));
        let loaded = prepared
            .map_err(ReadlineError::Io)
            .and_then(|()| self.editor.load_history(path));
        if let Err(e) = loaded {
            output::warning(&format!(
                "cannot use the chat history in {}: {e}; going on without it",
                path.display()
            ));
            self.history = None;
        }
    }
}

/// Whether a word of `line` looks like a secret: such a line stays out of the history.
fn holds_secret(line: &str) -> bool {
    line.split_whitespace().any(|word| {
        crate::values::looks_secret(word.trim_matches(|c: char| "\"'`,;()".contains(c)))
    })
}

/// `chat-history` in the platform's data directory.
pub fn history_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "peki")?;
    Some(dirs.data_dir().join("chat-history"))
}

/// Creates the history file with mode 0600 if it is not there, so that it is never
/// readable by others, not even for a moment. Anything but a regular file is refused: a
/// FIFO would block the chat at its first read or write of the history.
fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    let not_regular = || std::io::Error::other("not a regular file");
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(not_regular());
    }
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Not blocked by a FIFO swapped in after the check; checked again below.
        options.mode(0o600).custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(())
}

fn is_gone(error: &std::io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::EIO | libc::ENXIO | libc::EBADF)
    ) || error.kind() == std::io::ErrorKind::UnexpectedEof
}

/// Completion of /commands, and a line that ends with `\` going on to the next.
struct ChatHelper;

impl Completer for ChatHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let typed = &line[..pos];
        if typed.starts_with('/') && !typed.contains(char::is_whitespace) {
            return Ok((0, slash::completions(typed)));
        }
        Ok((0, Vec::new()))
    }
}

impl Hinter for ChatHelper {
    type Hint = String;
}

impl Highlighter for ChatHelper {}

impl Validator for ChatHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if slash::continues(ctx.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Helper for ChatHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_a_secret_looking_word_are_not_kept() {
        assert!(holds_secret("my secret is sk_live_abc, oops"));
        assert!(holds_secret("token \"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==\""));
        assert!(!holds_secret("where is order 1042?"));
        assert!(!holds_secret("see https://example.com/a.pdf"));
    }
}
