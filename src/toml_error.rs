//! TOML errors as one line with their position, `LINE:COLUMN: message` (1-based), for the
//! config file, the sandbox's files and test suites alike; and positions of many values in
//! one text, found without rescanning it. A leaf: imports nothing of ours.

/// A TOML error as one line, `LINE:COLUMN: message`, with any value it quotes left out.
pub fn describe(text: &str, error: &toml::de::Error) -> String {
    let (line, column) = position(text, error.span().map_or(0, |span| span.start));
    format!("{line}:{column}: {}", message(error))
}

/// The error's message without the value it quotes: serde's "invalid type: string
/// \"sk_live_…\", expected a map" would print a secret pasted in the wrong place.
pub fn message(error: &toml::de::Error) -> String {
    without_values(error.message().trim())
}

/// `invalid type: string "x", expected …` → `invalid type: string, expected …`; the same
/// for `invalid value:` and for integers and floats quoted with backticks.
pub fn without_values(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // `<kind> <literal>, expected …`: keep the kind, drop the literal.
            if let Some((found, expected)) = rest.rsplit_once(", expected ") {
                let kind = found.split([' ', '"', '`']).next().unwrap_or(found);
                return format!("{prefix}{kind}, expected {expected}");
            }
        }
    }
    message.to_string()
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    Lines::new(text).position(offset)
}

/// Where each line of a text starts, so that the positions of many values cost a binary
/// search each rather than a scan of the text.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Lines { text, starts }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        assert_eq!(position("ab\ncd", 0), (1, 1));
        assert_eq!(position("ab\ncd", 4), (2, 2));
        assert_eq!(position("é\nx", 99), (2, 2));
        // An offset inside a character is moved back to its start.
        assert_eq!(position("aé", 2), (1, 2));
        let lines = Lines::new("one\ntwo\n\nfour");
        assert_eq!(lines.position(8), (3, 1));
        assert_eq!(lines.position(10), (4, 2));
    }

    #[test]
    fn quoted_values_are_left_out_of_messages() {
        assert_eq!(
            without_values("invalid type: string \"sk_live_x\", expected a map"),
            "invalid type: string, expected a map"
        );
        assert_eq!(
            without_values("invalid type: integer `123456`, expected a string"),
            "invalid type: integer, expected a string"
        );
        assert_eq!(without_values("unknown field `x`"), "unknown field `x`");
    }
}
