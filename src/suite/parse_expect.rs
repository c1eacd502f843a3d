//! The `expect` table of a turn: each key's shape and meaning checked, its texts made
//! templates whose placeholders must be known. A part of `parse`.

use std::collections::BTreeSet;

use toml::Spanned;

use super::{Checker, ERROR_KINDS, RawExpect};
use crate::expect::Pattern;
use crate::suite::{Entry, ExpectSpec, SuiteError, Template, Vars};

impl Checker<'_> {
    pub(super) fn expect(
        &mut self,
        raw: RawExpect,
        captured: &BTreeSet<String>,
    ) -> Result<ExpectSpec, SuiteError> {
        let ignore_case = raw.ignore_case.unwrap_or(false);
        let mut entries = Vec::new();
        // Strings or lists of strings, each a template.
        let texts = |value: Option<Spanned<toml::Value>>,
                     what: &str,
                     checker: &mut Self|
         -> Result<Option<Vec<Template>>, SuiteError> {
            let Some(value) = value else {
                return Ok(None);
            };
            let offset = value.span().start;
            let items: Vec<String> = match value.into_inner() {
                toml::Value::String(s) => vec![s],
                toml::Value::Array(list) if !list.is_empty() => list
                    .into_iter()
                    .map(|v| match v {
                        toml::Value::String(s) => Ok(s),
                        other => Err((checker.at)(
                            offset,
                            format!("{what}: expected strings, found {}", other.type_str()),
                        )),
                    })
                    .collect::<Result<_, _>>()?,
                other => {
                    return Err((checker.at)(
                        offset,
                        format!(
                            "{what}: expected a string or a list of strings, found {}",
                            describe_type(&other)
                        ),
                    ));
                }
            };
            let mut templates = Vec::new();
            for item in items {
                let template = Template::new(item);
                checker.check(&template, offset, captured)?;
                templates.push(template);
            }
            Ok(Some(templates))
        };
        if let Some(list) = texts(raw.contains, "contains", self)? {
            entries.extend(list.into_iter().map(Entry::Contains));
        }
        if let Some(list) = texts(raw.contains_any, "contains_any", self)? {
            entries.push(Entry::ContainsAny(list));
        }
        if let Some(list) = texts(raw.not_contains, "not_contains", self)? {
            entries.extend(list.into_iter().map(Entry::NotContains));
        }
        // A list for equals or starts_with means one of them.
        if let Some(list) = texts(raw.equals, "equals", self)? {
            entries.push(Entry::Equals(list));
        }
        if let Some(list) = texts(raw.starts_with, "starts_with", self)? {
            entries.push(Entry::StartsWith(list));
        }
        for (value, negated) in [(raw.regex, false), (raw.not_regex, true)] {
            let offset = value.as_ref().map_or(0, |v| v.span().start);
            let what = if negated { "not_regex" } else { "regex" };
            for template in texts(value, what, self)?.unwrap_or_default() {
                // Placeholders take literal text at run time; any text stands in now.
                let mut stand_ins = Vars::default();
                for name in template.names().unwrap_or_default() {
                    stand_ins.set(name, "x".into());
                }
                let probe = template
                    .render_with(&stand_ins, regex::escape)
                    .map_err(|e| (self.at)(offset, format!("{what}: {e}")))?;
                Pattern::regex(&probe, ignore_case)
                    .map_err(|e| (self.at)(offset, format!("{what}: {e}")))?;
                entries.push(if negated {
                    Entry::NotRegex(template)
                } else {
                    Entry::Regex(template)
                });
            }
        }
        let count = |value: Option<Spanned<i64>>,
                     what: &str,
                     at: &dyn Fn(usize, String) -> SuiteError|
         -> Result<Option<u64>, SuiteError> {
            value
                .map(|v| {
                    u64::try_from(*v.get_ref())
                        .map_err(|_| at(v.span().start, format!("{what} must not be negative")))
                })
                .transpose()
        };
        let usize_of = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        if let Some(n) = count(raw.min_chars, "min_chars", self.at)? {
            entries.push(Entry::MinChars(usize_of(n)));
        }
        if let Some(n) = count(raw.max_chars, "max_chars", self.at)? {
            entries.push(Entry::MaxChars(usize_of(n)));
        }
        if let Some(n) = count(raw.max_ms, "max_ms", self.at)? {
            entries.push(Entry::MaxMs(n));
        }
        if raw.json == Some(true) {
            entries.push(Entry::Json);
        }
        for (path, expected) in raw.json_path.unwrap_or_default() {
            let pattern = Pattern::json_path(path.get_ref())
                .map_err(|e| (self.at)(path.span().start, format!("json_path: {e}")))?;
            let expected = serde_json::to_value(&expected)
                .map_err(|e| (self.at)(path.span().start, format!("json_path: {e}")))?;
            for text in crate::suite::strings_in(&expected) {
                self.check(&Template::new(text), path.span().start, captured)?;
            }
            entries.push(Entry::JsonPath(pattern, expected));
        }
        if let Some(similar) = raw.similar {
            let offset = similar.span().start;
            let similar = similar.into_inner();
            if !(0.0..=1.0).contains(&similar.min) {
                return Err((self.at)(offset, "similar.min must be from 0 to 1".into()));
            }
            let to = Template::new(similar.to);
            self.check(&to, offset, captured)?;
            entries.push(Entry::Similar(to, similar.min));
        }
        if let Some(kind) = raw.error {
            if !ERROR_KINDS.contains(&kind.get_ref().as_str()) {
                return Err((self.at)(
                    kind.span().start,
                    format!(
                        "error: unknown kind {:?}; kinds: {}",
                        kind.get_ref(),
                        ERROR_KINDS.join(", ")
                    ),
                ));
            }
            entries.push(Entry::Error(kind.into_inner()));
        }
        Ok(ExpectSpec {
            entries,
            ignore_case,
        })
    }
}

fn describe_type(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::Array(list) if list.is_empty() => "an empty list",
        other => other.type_str(),
    }
}
