//! Expectations on a reply: what `send --expect-*`, `peki test` suites and `batch` check.
//! Pure: an expectation and an outcome come in, a verdict per expectation goes out, with a
//! short explanation and an excerpt of the reply around the mismatch. Never prints.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::text::one_line;

mod excerpt;
mod pattern;

pub use excerpt::quote_around;
use excerpt::{char_index, first_difference, quote_start};
pub use pattern::Pattern;

/// One thing a reply must satisfy.
#[derive(Debug, Clone)]
pub enum Check {
    Contains(String),
    /// At least one of these.
    ContainsAny(Vec<String>),
    NotContains(String),
    Equals(String),
    /// Equal to one of these.
    EqualsAny(Vec<String>),
    StartsWith(String),
    /// Starts with one of these.
    StartsWithAny(Vec<String>),
    Regex(Pattern),
    NotRegex(Pattern),
    MinChars(usize),
    MaxChars(usize),
    /// The whole exchange, retries included, within this many milliseconds.
    MaxMs(u64),
    /// The reply parses as JSON.
    Json,
    /// The value an RFC 9535 JSONPath selects in a JSON reply equals `expected`.
    JsonPath {
        path: Pattern,
        expected: Value,
    },
    /// Sørensen–Dice similarity of the reply to `to` (bigrams, 0 to 1) at least `min`.
    Similar {
        to: String,
        min: f64,
    },
    /// The request is expected to fail with this error kind (`rate_limited`, …).
    Error(String),
}

/// Checks to apply, and whether text comparisons ignore case.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    pub checks: Vec<Check>,
    pub ignore_case: bool,
}

/// What happened to a message, as the expectations see it.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    /// A reply: its text, and the JSON when the API sent JSON rather than text.
    Reply {
        text: &'a str,
        json: Option<&'a Value>,
        elapsed_ms: u64,
    },
    /// No reply: the error kind of the JSON output (`rate_limited`) and its message.
    Failed {
        kind: &'a str,
        message: &'a str,
        elapsed_ms: u64,
    },
}

/// The verdict on one check: the object of the JSON output's `expectations` array.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub kind: &'static str,
    pub expected: Value,
    pub ok: bool,
    /// Why it failed (or a measure when it passed, such as a similarity score).
    pub detail: Option<String>,
}

impl fmt::Display for Verdict {
    /// `contains "refund": not found in "Echo: hello"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            self.kind,
            one_line(&self.expected.to_string(), 120)
        )?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl Expectations {
    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
    }

    /// A verdict for every check, in order.
    pub fn check(&self, outcome: &Outcome<'_>) -> Vec<Verdict> {
        self.checks.iter().map(|c| self.judge(c, outcome)).collect()
    }

    fn judge(&self, check: &Check, outcome: &Outcome<'_>) -> Verdict {
        let (kind, expected) = describe(check);
        let verdict = |ok: bool, detail: Option<String>| Verdict {
            kind,
            expected: expected.clone(),
            ok,
            detail,
        };
        let elapsed = match outcome {
            Outcome::Reply { elapsed_ms, .. } | Outcome::Failed { elapsed_ms, .. } => *elapsed_ms,
        };
        match (check, outcome) {
            (Check::MaxMs(max), _) => verdict(elapsed <= *max, Some(format!("took {elapsed} ms"))),
            (Check::Error(want), Outcome::Failed { kind: got, .. }) => verdict(
                want == got,
                (want != got).then(|| format!("it failed with {got} instead")),
            ),
            (Check::Error(_), Outcome::Reply { text, .. }) => verdict(
                false,
                Some(format!("it succeeded with {}", quote_start(text))),
            ),
            (_, Outcome::Failed { message, .. }) => {
                verdict(false, Some(format!("no reply: {}", one_line(message, 160))))
            }
            (check, Outcome::Reply { text, json, .. }) => match self.on_reply(check, text, *json) {
                Ok(detail) => verdict(true, detail),
                Err(detail) => verdict(false, Some(detail)),
            },
        }
    }

    /// A check of a reply: `Ok` with an optional measure, or `Err` with why not.
    fn on_reply(
        &self,
        check: &Check,
        text: &str,
        json: Option<&Value>,
    ) -> Result<Option<String>, String> {
        let literal = |needle: &str| self.literal(needle);
        match check {
            Check::Contains(needle) => match literal(needle).find(text) {
                Some(_) => Ok(None),
                None => Err(format!("not found in {}", quote_start(text))),
            },
            Check::ContainsAny(needles) => {
                if needles.iter().any(|n| literal(n).find(text).is_some()) {
                    Ok(None)
                } else {
                    Err(format!("none found in {}", quote_start(text)))
                }
            }
            Check::NotContains(needle) => match literal(needle).find(text) {
                None => Ok(None),
                Some(at) => Err(format!("found in {}", quote_around(text, at))),
            },
            Check::Equals(want) => {
                let same = if self.ignore_case {
                    want.to_lowercase() == text.to_lowercase()
                } else {
                    want == text
                };
                if same {
                    Ok(None)
                } else {
                    let at = first_difference(want, text, self.ignore_case);
                    Err(format!(
                        "differs at character {}: {}",
                        char_index(text, at) + 1,
                        quote_around(text, (at, at))
                    ))
                }
            }
            Check::StartsWith(prefix) => match literal(prefix).find(text) {
                Some((0, _)) => Ok(None),
                _ => Err(format!("the reply starts {}", quote_start(text))),
            },
            Check::EqualsAny(options) => {
                let same = |want: &String| {
                    if self.ignore_case {
                        want.to_lowercase() == text.to_lowercase()
                    } else {
                        want == text
                    }
                };
                if options.iter().any(same) {
                    Ok(None)
                } else {
                    Err(format!("the reply is {}", quote_start(text)))
                }
            }
            Check::StartsWithAny(prefixes) => {
                if prefixes
                    .iter()
                    .any(|p| matches!(literal(p).find(text), Some((0, _))))
                {
                    Ok(None)
                } else {
                    Err(format!("the reply starts {}", quote_start(text)))
                }
            }
            Check::Regex(pattern) => match pattern.find(text) {
                Some(_) => Ok(None),
                None => Err(format!("no match in {}", quote_start(text))),
            },
            Check::NotRegex(pattern) => match pattern.find(text) {
                None => Ok(None),
                Some(at) => Err(format!("matched in {}", quote_around(text, at))),
            },
            Check::MinChars(min) => counted(text, |n| n >= *min),
            Check::MaxChars(max) => counted(text, |n| n <= *max),
            Check::Json => parsed(text, json).map(|_| None),
            Check::JsonPath { path, expected } => {
                let value = parsed(text, json)?;
                let Some(query) = path.as_json_path() else {
                    return Err("not a JSONPath".into());
                };
                let nodes = query.query(&value).all();
                let got = match nodes.as_slice() {
                    [] => return Err(format!("{} selects nothing", path.source)),
                    [one] => (*one).clone(),
                    many => Value::Array(many.iter().map(|v| (*v).clone()).collect()),
                };
                if &got == expected {
                    Ok(None)
                } else {
                    Err(format!(
                        "{} is {}",
                        path.source,
                        one_line(&got.to_string(), 120)
                    ))
                }
            }
            Check::Similar { to, min } => {
                let score = if self.ignore_case {
                    strsim::sorensen_dice(&text.to_lowercase(), &to.to_lowercase())
                } else {
                    strsim::sorensen_dice(text, to)
                };
                let measure = format!("similarity {score:.2}");
                if score >= *min {
                    Ok(Some(measure))
                } else {
                    Err(measure)
                }
            }
            // Judged before a reply is looked at.
            Check::MaxMs(_) | Check::Error(_) => Ok(None),
        }
    }

    /// A literal as a pattern, so that ignoring case keeps positions in the original text.
    fn literal(&self, needle: &str) -> Pattern {
        // An escaped literal within the size limit always compiles; a literal too large
        // for it cannot be found either, so a pattern that matches nothing stands in.
        Pattern::regex(&regex::escape(needle), self.ignore_case)
            .or_else(|_| Pattern::regex(r"[^\s\S]", false))
            .unwrap_or_else(|_| unreachable!("a one-class pattern compiles"))
    }
}

/// The kind name and the expected value of a check, as the JSON output shows them.
fn describe(check: &Check) -> (&'static str, Value) {
    match check {
        Check::Contains(s) => ("contains", s.as_str().into()),
        Check::ContainsAny(list) => ("contains_any", list.clone().into()),
        Check::NotContains(s) => ("not_contains", s.as_str().into()),
        Check::Equals(s) => ("equals", s.as_str().into()),
        Check::EqualsAny(list) => ("equals", list.clone().into()),
        Check::StartsWith(s) => ("starts_with", s.as_str().into()),
        Check::StartsWithAny(list) => ("starts_with", list.clone().into()),
        Check::Regex(p) => ("regex", p.source.as_str().into()),
        Check::NotRegex(p) => ("not_regex", p.source.as_str().into()),
        Check::MinChars(n) => ("min_chars", (*n).into()),
        Check::MaxChars(n) => ("max_chars", (*n).into()),
        Check::MaxMs(n) => ("max_ms", (*n).into()),
        Check::Json => ("json", true.into()),
        Check::JsonPath { path, expected } => (
            "json_path",
            serde_json::json!({ "path": path.source, "equals": expected }),
        ),
        Check::Similar { to, min } => ("similar", serde_json::json!({ "to": to, "min": min })),
        Check::Error(kind) => ("error", kind.as_str().into()),
    }
}

fn counted(text: &str, fits: impl Fn(usize) -> bool) -> Result<Option<String>, String> {
    let n = text.chars().count();
    if fits(n) {
        Ok(None)
    } else {
        Err(format!("the reply has {n} characters"))
    }
}

fn parsed(text: &str, json: Option<&Value>) -> Result<Value, String> {
    match json {
        Some(value) => Ok(value.clone()),
        None => serde_json::from_str(text)
            .map_err(|e| format!("the reply is not JSON ({e}): {}", quote_start(text))),
    }
}

#[cfg(test)]
#[path = "expect_tests.rs"]
mod tests;
