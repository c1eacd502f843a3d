//! Lines on stderr: errors and hints whatever the level, warnings and notes unless
//! `--quiet`, traces from `-v` up; each line one write, above a progress bar if one is
//! shown.

use std::io::Write;

use crate::error::Error;
use crate::style::{self, Level};
use crate::values::mask_secret_tokens;

/// `error: …` and, where known, `hint: …` on stderr, whatever the level. A secret pasted
/// where a value was expected is masked, whatever the message quotes.
pub fn print_error(error: &Error) {
    if matches!(error, Error::Reported { .. }) {
        return;
    }
    diagnostic(&style::labelled(
        style::ERROR,
        "error:",
        &mask_secret_tokens(&error.to_string()),
    ));
    if let Some(hint) = error.hint() {
        diagnostic(&style::labelled(style::HINT, "hint:", &hint));
    }
}

/// `warning: …` on stderr, unless `--quiet`.
pub fn warning(text: &str) {
    let text = text.strip_prefix("warning: ").unwrap_or(text);
    note(&style::labelled(style::WARNING, "warning:", text));
}

/// A line on stderr that `--quiet` silences: progress, confirmations, announced waits.
pub fn note(line: &str) {
    trace(Level::Normal, line);
}

/// A line on stderr shown from `level` up (`-v`: `Verbose`, `-vv`: `Debug`).
pub fn trace(level: Level, line: &str) {
    if style::shows(level) {
        diagnostic(line);
    }
}

/// One line on stderr whatever the level (errors, and what was asked for), in one write so
/// that lines from several threads never interleave (above `peki batch`'s progress bar,
/// when one is shown). Styles in it reach a terminal only
/// where colour is on (anstream strips them elsewhere). A closed stderr is ignored: there
/// is nowhere else to report.
pub fn diagnostic(line: &str) {
    crate::progress::suspend(|| {
        let _ = anstream::stderr()
            .lock()
            .write_all(format!("{line}\n").as_bytes());
    });
}
