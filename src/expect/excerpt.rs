//! What a failed expectation quotes: about 60 characters of the reply around the mismatch,
//! on one line, and where a reply stops following the text it should equal.

use crate::text::one_line;

/// The byte offset where `text` stops following `want`.
pub(super) fn first_difference(want: &str, text: &str, ignore_case: bool) -> usize {
    let fold = |c: char| {
        if ignore_case {
            c.to_lowercase().next().unwrap_or(c)
        } else {
            c
        }
    };
    let mut wants = want.chars();
    for (at, c) in text.char_indices() {
        match wants.next() {
            Some(w) if fold(w) == fold(c) => {}
            _ => return at,
        }
    }
    text.len()
}

pub(super) fn char_index(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |before| before.chars().count())
}

/// `"Echo: hello…"`: the start of the reply on one line.
pub(super) fn quote_start(text: &str) -> String {
    quote_around(text, (0, 0))
}

/// About 60 characters of `text` around a span, on one line, `…` where cut.
pub fn quote_around(text: &str, (start, end): (usize, usize)) -> String {
    const BEFORE: usize = 25;
    const AFTER: usize = 35;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let first = chars
        .iter()
        .position(|(at, _)| *at >= start)
        .unwrap_or(chars.len());
    let last = chars
        .iter()
        .position(|(at, _)| *at >= end)
        .unwrap_or(chars.len());
    let from = first.saturating_sub(BEFORE);
    let to = (last + AFTER).min(chars.len());
    let piece: String = chars[from..to].iter().map(|(_, c)| c).collect();
    let mut quoted = String::from("\"");
    if from > 0 {
        quoted.push('…');
    }
    quoted.push_str(&one_line(&piece, BEFORE + AFTER + (last - first)));
    if to < chars.len() {
        quoted.push('…');
    }
    quoted.push('"');
    quoted
}
