//! Untrusted text made safe to show: folded to one line for logs and error messages, or
//! escaped for a terminal. A leaf: it imports nothing of ours, and it never prints.
//!
//! "Unsafe" here is what a terminal acts on instead of showing: C0 and C1 control
//! characters (escape sequences can set the window title, clear the screen, move the
//! cursor) and the Unicode bidirectional controls that reorder text as it is displayed
//! ("Trojan Source", CVE-2021-42574).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is a bidirectional control: an embedding, override or isolate, or one of
/// the invisible direction marks. Shown, they make text read differently than it is.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether a terminal would act on `c` rather than show it (tab and newline excepted).
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Untrusted text fit for one line of a log or a message: whitespace runs folded to one
/// space, control characters and bidi controls removed, at most `max` characters, and `…`
/// where something was cut.
pub fn one_line(text: &str, max: usize) -> String {
    let mut flat = String::with_capacity(text.len().min(max.saturating_mul(4)));
    let mut pending_space = false;
    let mut kept = 0usize;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !flat.is_empty();
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            continue;
        }
        if kept == max {
            flat.push('…');
            return flat;
        }
        if pending_space {
            if kept + 1 == max {
                flat.push('…');
                return flat;
            }
            flat.push(' ');
            kept += 1;
            pending_space = false;
        }
        flat.push(c);
        kept += 1;
    }
    flat
}

/// Text for a terminal: newlines and tabs as they are, every other control character and
/// every bidi control shown visibly escaped, as `cat -v` does: `^[` for ESC, `^?` for DEL,
/// `<U+202E>` for the rest. Text with nothing to escape is returned as it is.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            c if !acts_on_terminal(c) => shown.push(c),
            '\u{7f}' => shown.push_str("^?"),
            // C0 controls in caret notation: ESC is ^[, NUL is ^@.
            c if (c as u32) < 0x20 => {
                shown.push('^');
                shown.push(char::from(b'@' + c as u8));
            }
            c => {
                let _ = write!(shown, "<U+{:04X}>", c as u32);
            }
        }
    }
    Cow::Owned(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_strips_escapes_and_marks_only_real_cuts() {
        assert_eq!(one_line("G\x1b[31mET\r\n x", 80), "G[31mET x");
        assert_eq!(one_line("abc", 3), "abc");
        assert_eq!(one_line("abcd", 3), "abc…");
        assert_eq!(one_line("  a \n\t b  ", 80), "a b");
        assert_eq!(one_line("ab cd", 3), "ab…");
    }

    #[test]
    fn one_line_removes_bidi_overrides() {
        assert_eq!(one_line("abc\u{202E}fed\u{202C}", 80), "abcfed");
        assert_eq!(one_line("x\u{2066}y\u{2069}\u{200F}", 80), "xy");
    }

    #[test]
    fn terminal_text_keeps_newlines_and_tabs_and_shows_the_rest() {
        assert!(matches!(
            for_terminal("plain\ttext\nüñï"),
            Cow::Borrowed("plain\ttext\nüñï")
        ));
        assert_eq!(for_terminal("\x1b]0;pwned\x07\x1b[2J"), "^[]0;pwned^G^[[2J");
        assert_eq!(for_terminal("a\rb\x7f\0"), "a^Mb^?^@");
        assert_eq!(for_terminal("\u{202E}txt.exe"), "<U+202E>txt.exe");
        assert_eq!(for_terminal("\u{9b}31m"), "<U+009B>31m");
    }
}
