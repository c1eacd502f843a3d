//! How loud and how colourful stderr is: the level (`-q`, `-v`, `-vv`), the colour choice
//! (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`) and the styles of labels. Set once by
//! `commands::run` (or before a parse error is printed); writes nothing itself.
//!
//! Colour is only ever added to labels on stderr (`error:`, `hint:`, `warning:`, the `>`
//! and `<` of `-v`); anstream strips it wherever colour is off. The reply is never styled.

use std::sync::atomic::{AtomicI8, Ordering};

use anstyle::{AnsiColor, Style};

/// When to colour stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)
    #[default]
    Auto,
    /// Always, even into a pipe or a file
    Always,
    /// Never
    Never,
}

/// How much goes to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// `-q`: errors only.
    Quiet,
    /// Warnings, notes and long waits.
    Normal,
    /// `-v`: request lines, statuses, attempts, times, rate-limit state.
    Verbose,
    /// `-vv`: also headers (the key masked) and bodies.
    Debug,
}

impl Level {
    /// The level of `-q` and a count of `-v`.
    pub fn from_flags(quiet: bool, verbose: u8) -> Level {
        match (quiet, verbose) {
            (true, _) => Level::Quiet,
            (false, 0) => Level::Normal,
            (false, 1) => Level::Verbose,
            (false, _) => Level::Debug,
        }
    }

    fn code(self) -> i8 {
        self as i8
    }
}

static LEVEL: AtomicI8 = AtomicI8::new(Level::Normal as i8);

/// Sets the level and the colour choice for the rest of the process.
pub fn configure(level: Level, color: ColorWhen) {
    LEVEL.store(level.code(), Ordering::Relaxed);
    anstream::ColorChoice::write_global(match color {
        // anstream's auto reads NO_COLOR, CLICOLOR_FORCE, CLICOLOR and TERM=dumb, then
        // whether the stream is a terminal.
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
}

/// The current level.
pub fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        0 => Level::Quiet,
        1 => Level::Normal,
        2 => Level::Verbose,
        _ => Level::Debug,
    }
}

/// Whether lines of `at` are shown.
pub fn shows(at: Level) -> bool {
    level() >= at
}

/// `--color WHEN` as given on a command line clap could not parse, so that its error is
/// printed as asked. The last one wins, as clap would decide.
pub fn color_in_args(args: &[String]) -> ColorWhen {
    let mut choice = ColorWhen::Auto;
    for (i, arg) in args.iter().enumerate() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--color") {
            Some(rest) if rest.starts_with('=') => Some(&rest[1..]),
            Some("") => args.get(i + 1).map(String::as_str),
            _ => None,
        };
        choice = match value {
            Some("always") => ColorWhen::Always,
            Some("never") => ColorWhen::Never,
            Some("auto") => ColorWhen::Auto,
            _ => choice,
        };
    }
    choice
}

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const HINT: Style = AnsiColor::Cyan.on_default().bold();
/// The `>`/`<`/`*` marks of `-v` and the labels of `peki sign` and `--dry-run`.
pub const LABEL: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();

/// `label` in `style`, then the rest of the text plain: `error: …`.
pub fn labelled(style: Style, label: &str, text: &str) -> String {
    format!("{style}{label}{style:#} {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_level_follows_q_and_the_count_of_v() {
        assert_eq!(Level::from_flags(false, 0), Level::Normal);
        assert_eq!(Level::from_flags(false, 1), Level::Verbose);
        assert_eq!(Level::from_flags(false, 5), Level::Debug);
        assert_eq!(Level::from_flags(true, 0), Level::Quiet);
        assert!(Level::Debug > Level::Verbose && Level::Normal > Level::Quiet);
    }

    #[test]
    fn color_is_found_in_every_spelling_and_the_last_wins() {
        assert_eq!(color_in_args(&args(&["peki", "x"])), ColorWhen::Auto);
        assert_eq!(
            color_in_args(&args(&["--color", "never", "x"])),
            ColorWhen::Never
        );
        assert_eq!(
            color_in_args(&args(&["--color=always", "--color=never"])),
            ColorWhen::Never
        );
        assert_eq!(
            color_in_args(&args(&["--", "--color=always"])),
            ColorWhen::Auto
        );
        assert_eq!(color_in_args(&args(&["--color=pink"])), ColorWhen::Auto);
    }

    #[test]
    fn labels_are_styled_then_reset() {
        let line = labelled(ERROR, "error:", "boom");
        assert!(
            line.starts_with("\x1b[") && line.ends_with("\x1b[0m boom"),
            "{line:?}"
        );
    }
}
