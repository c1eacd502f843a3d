//! A pattern of an expectation, compiled once: a regex (size-limited, linear-time) or an
//! RFC 9535 JSONPath. A bad one is an error that says why.

use regex::{Regex, RegexBuilder};
use serde_json_path::JsonPath;

use crate::text::one_line;

/// The most a compiled pattern may take: a hostile suite cannot make `peki` allocate
/// without bound (the `regex` crate already matches in linear time).
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A pattern as written and compiled once: a regex or a JSONPath.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    compiled: Compiled,
}

#[derive(Debug, Clone)]
enum Compiled {
    Regex(Regex),
    Path(JsonPath),
}

impl Pattern {
    /// A regex, case-insensitive when asked; a bad or oversized one is an error that says
    /// why.
    pub fn regex(source: &str, ignore_case: bool) -> Result<Pattern, String> {
        RegexBuilder::new(source)
            .case_insensitive(ignore_case)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map(|regex| Pattern {
                source: source.to_string(),
                compiled: Compiled::Regex(regex),
            })
            .map_err(|e| {
                format!(
                    "invalid regex {source:?}: {}",
                    one_line(&e.to_string(), 200)
                )
            })
    }

    /// An RFC 9535 JSONPath query.
    pub fn json_path(source: &str) -> Result<Pattern, String> {
        JsonPath::parse(source)
            .map(|path| Pattern {
                source: source.to_string(),
                compiled: Compiled::Path(path),
            })
            .map_err(|e| {
                format!(
                    "invalid JSONPath {source:?}: {}",
                    one_line(&e.to_string(), 200)
                )
            })
    }

    /// The compiled regex, when this is one.
    pub fn as_regex(&self) -> Option<&Regex> {
        match &self.compiled {
            Compiled::Regex(regex) => Some(regex),
            Compiled::Path(_) => None,
        }
    }

    /// The compiled JSONPath, when this is one.
    pub(super) fn as_json_path(&self) -> Option<&JsonPath> {
        match &self.compiled {
            Compiled::Path(path) => Some(path),
            Compiled::Regex(_) => None,
        }
    }

    pub(super) fn find(&self, text: &str) -> Option<(usize, usize)> {
        match &self.compiled {
            Compiled::Regex(regex) => regex.find(text).map(|m| (m.start(), m.end())),
            Compiled::Path(_) => None,
        }
    }
}
