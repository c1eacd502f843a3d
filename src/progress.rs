//! The progress bar of long commands (`peki batch`): lines done, their rate, failures, and
//! with an input of known size the share done and an ETA. Drawn on stderr only when stderr
//! is a terminal (and `TERM` is set and not `dumb`: indicatif's rule); otherwise nothing is
//! drawn at all. While a bar is shown (this one, or another command's made known with
//! `show`), `suspend` clears it for a diagnostic line and draws it again below (indicatif
//! does the drawing).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar on screen, for `suspend`.
static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// A progress bar, or nothing when stderr is not a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
    lines: u64,
    failed: u64,
    started: Instant,
}

impl Progress {
    /// A bar over `total_bytes` of input (a spinner when the size is unknown), shown only
    /// on a terminal.
    pub fn start(total_bytes: Option<u64>) -> Progress {
        let bar = std::io::stderr()
            .is_terminal()
            .then(|| new_bar(total_bytes));
        if let Some(bar) = &bar {
            show(bar);
        }
        Progress {
            bar,
            lines: 0,
            failed: 0,
            started: Instant::now(),
        }
    }

    /// No bar at all (`--quiet`), counting all the same.
    pub fn hidden() -> Progress {
        Progress {
            bar: None,
            lines: 0,
            failed: 0,
            started: Instant::now(),
        }
    }

    /// One more line done, ending at `end_offset` bytes of input.
    pub fn line_done(&mut self, end_offset: u64, failed: bool) {
        self.lines += 1;
        self.failed += u64::from(failed);
        let Some(bar) = &self.bar else {
            return;
        };
        bar.set_position(end_offset);
        let secs = self.started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 {
            self.lines as f64 / secs
        } else {
            0.0
        };
        bar.set_message(message(self.lines, rate, self.failed));
    }

    /// Takes the bar off the screen.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            hide();
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `120 lines, 35.2/s, 2 failed`.
fn message(lines: u64, rate: f64, failed: u64) -> String {
    let noun = if lines == 1 { "line" } else { "lines" };
    let mut text = format!("{lines} {noun}, {rate:.1}/s");
    if failed > 0 {
        text.push_str(&format!(", {failed} failed"));
    }
    text
}

/// With an input of known size: how much is done, and when the rest will be.
const SIZED: &str = "{spinner} {elapsed_precise} [{wide_bar}] {percent:>3}% | {msg} | ETA {eta}";
/// Stdin: what is done so far.
const STREAM: &str = "{spinner} {elapsed_precise} {msg}";

fn new_bar(total_bytes: Option<u64>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(total_bytes, ProgressDrawTarget::stderr());
    let template = if total_bytes.is_some() { SIZED } else { STREAM };
    // The templates are constants that parse (a unit test checks them).
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message(0, 0.0, 0));
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

fn shown() -> std::sync::MutexGuard<'static, Option<ProgressBar>> {
    // Only a clone of the bar is kept here: a panic elsewhere cannot leave it half-set.
    SHOWN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Makes `bar` the one `suspend` clears: stderr lines from any thread (`-v` traces,
/// warnings) then print above it instead of into it.
pub fn show(bar: &ProgressBar) {
    *shown() = Some(bar.clone());
}

/// Forgets the bar `show` made known, once it is off the screen.
pub fn hide() {
    *shown() = None;
}

/// Runs `print` with the progress bar, if one is shown, cleared from the screen.
pub fn suspend<R>(print: impl FnOnce() -> R) -> R {
    let bar = shown().clone();
    match bar {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_parse_and_the_message_reads_well() {
        for template in [SIZED, STREAM] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
        assert_eq!(message(120, 35.24, 0), "120 lines, 35.2/s");
        assert_eq!(message(3, 1.0, 2), "3 lines, 1.0/s, 2 failed");
        assert_eq!(message(1, 1.0, 0), "1 line, 1.0/s");
    }

    #[test]
    fn off_a_terminal_nothing_is_drawn_and_diagnostics_pass_through() {
        // Test runs capture stderr: never a terminal.
        let mut progress = Progress::start(Some(10));
        assert!(progress.bar.is_none());
        progress.line_done(5, false);
        assert_eq!(suspend(|| 7), 7);
        progress.finish();
    }
}
