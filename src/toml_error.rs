//! TOML errors as one line with their position, `LINE:COLUMN: message` (1-based), for the
//! config file, the sandbox's files and test suites alike. A leaf: imports nothing of ours.

/// A TOML error as one line, `LINE:COLUMN: message`.
pub fn describe(text: &str, error: &toml::de::Error) -> String {
    let (line, column) = position(text, error.span().map_or(0, |span| span.start));
    format!("{line}:{column}: {}", error.message().trim())
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
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
    }
}
