//! A suite file's TOML into checked `Suite` types, every error placed at its line and
//! column: the shape (unknown keys, wrong types) by the TOML reader, the meaning (regexes,
//! JSONPaths, variables, counts) here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::Spanned;

use super::{
    BlankMessage, Case, ExpectSpec, LoadOptions, MAX_SAMPLES, Suite, SuiteError, Template, Turn,
    Vars,
};
use crate::expect::Pattern;
use crate::values::BotId;
use raw::{RawCase, RawExpect, RawFile, RawHeader, RawTurn};

/// The error kinds a turn may expect (the `error.kind` of the JSON output).
pub const ERROR_KINDS: [&str; 13] = [
    "api_error",
    "invalid_request",
    "unauthorized",
    "forbidden",
    "not_found",
    "rate_limited",
    "server_error",
    "unexpected_status",
    "bad_response",
    "timeout",
    "tls",
    "proxy",
    "network",
];

/// The file's text into a checked suite.
pub fn parse(path: &Path, text: &str, options: &LoadOptions<'_>) -> Result<Suite, SuiteError> {
    let lines = crate::toml_error::Lines::new(text);
    let at = |offset: usize, message: String| {
        let (line, column) = lines.position(offset);
        SuiteError {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        at(
            e.span().map_or(0, |s| s.start),
            crate::toml_error::message(&e),
        )
    })?;
    let mut known = Vars::default();
    for (name, value) in &raw.vars {
        let text = match value.get_ref() {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(_) | toml::Value::Float(_) | toml::Value::Boolean(_) => {
                value.get_ref().to_string()
            }
            other => {
                return Err(at(
                    value.span().start,
                    format!("var {name}: expected text, found {}", other.type_str()),
                ));
            }
        };
        known.set(name, text);
    }
    for (name, value) in options.overrides {
        known.set(name, value.clone());
    }
    let header = raw.suite.unwrap_or(RawHeader {
        name: None,
        bot: None,
        user_id: None,
        user_name: None,
    });
    let line = |offset: usize| lines.position(offset).0;
    let mut checker = Checker {
        known,
        env: options.env,
        at: &at,
        line: &line,
    };
    // Variables may use the environment (`token = "${env.TOKEN}"`) and each other.
    let var_templates: BTreeMap<String, (usize, Template)> = raw
        .vars
        .iter()
        .filter(|(name, _)| !options.overrides.iter().any(|(n, _)| n == *name))
        .filter_map(|(name, value)| {
            value
                .get_ref()
                .as_str()
                .map(|text| (name.clone(), (value.span().start, Template::new(text))))
        })
        .collect();
    for (offset, template) in var_templates.values() {
        checker.check_names(template, *offset, &BTreeSet::new())?;
    }
    super::vars::resolve(&var_templates, &mut checker.known)
        .map_err(|(offset, message)| at(offset, message))?;
    let suite_bot = header.bot.map(|b| checker.bot(&b)).transpose()?;
    let suite_user_id = header
        .user_id
        .map(|t| checker.template(&t, &BTreeSet::new()))
        .transpose()?;
    let suite_user_name = header
        .user_name
        .map(|t| checker.template(&t, &BTreeSet::new()))
        .transpose()?;
    // The name heads reports, TAP lines and the dry run's shell comments: one line.
    let suite_name = match header.name {
        Some(name)
            if name.get_ref().trim().is_empty() || name.get_ref().contains(char::is_control) =>
        {
            return Err(at(
                name.span().start,
                "the suite needs a name on one line".into(),
            ));
        }
        Some(name) => Some(name.into_inner().trim().to_string()),
        None => None,
    };
    let mut names = BTreeSet::new();
    let mut cases = Vec::new();
    for raw_case in raw.cases {
        let start = raw_case.span().start;
        let raw_case = raw_case.into_inner();
        let name = raw_case.name.get_ref().trim().to_string();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(at(
                raw_case.name.span().start,
                "a case needs a name on one line".into(),
            ));
        }
        if !names.insert(name.clone()) {
            return Err(at(
                raw_case.name.span().start,
                format!("a second case named {name:?}"),
            ));
        }
        let mut case = checker.case(raw_case, start)?;
        case.bot = case.bot.or_else(|| suite_bot.clone());
        case.user_id = case.user_id.or_else(|| suite_user_id.clone());
        case.user_name = case.user_name.or_else(|| suite_user_name.clone());
        cases.push(case);
    }
    if cases.is_empty() {
        return Err(at(0, "the suite has no [[case]]".into()));
    }
    Ok(Suite {
        vars: checker.known,
        path: path.to_path_buf(),
        name: suite_name.unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(|| "suite".into(), |s| s.to_string_lossy().into_owned())
        }),
        cases,
    })
}

/// Checks values against what is known: variables, the environment, earlier captures.
struct Checker<'a> {
    known: Vars,
    env: &'a dyn Fn(&str) -> Option<String>,
    at: &'a dyn Fn(usize, String) -> SuiteError,
    line: &'a dyn Fn(usize) -> usize,
}

impl Checker<'_> {
    fn case(&mut self, raw: RawCase, start: usize) -> Result<Case, SuiteError> {
        let count = |value: Option<Spanned<i64>>,
                     what: &str,
                     max: u32|
         -> Result<Option<u32>, SuiteError> {
            value
                .map(|v| {
                    u32::try_from(*v.get_ref())
                        .ok()
                        .filter(|n| (1..=max).contains(n))
                        .ok_or_else(|| {
                            (self.at)(v.span().start, format!("{what} must be from 1 to {max}"))
                        })
                })
                .transpose()
        };
        let samples = count(raw.samples, "samples", MAX_SAMPLES)?.unwrap_or(1);
        let min_pass = count(raw.min_pass, "min_pass", samples)?.unwrap_or(samples);
        let single = raw.message.is_some();
        if single && !raw.turns.is_empty() {
            return Err((self.at)(
                raw.name.span().start,
                "a case has either message (one turn) or [[case.turn]] tables, not both".into(),
            ));
        }
        let turns_raw: Vec<RawTurn> = if let Some(message) = raw.message {
            vec![RawTurn {
                say: message,
                file: raw.file,
                expect: raw.expect,
                capture: raw.capture,
            }]
        } else {
            if raw.file.is_some() || raw.expect.is_some() || raw.capture.is_some() {
                return Err((self.at)(
                    raw.name.span().start,
                    "file, expect and capture of a conversation go in its [[case.turn]] tables"
                        .into(),
                ));
            }
            raw.turns.into_iter().map(Spanned::into_inner).collect()
        };
        if turns_raw.is_empty() {
            return Err((self.at)(
                raw.name.span().start,
                "a case needs a message or at least one [[case.turn]]".into(),
            ));
        }
        let mut captured = BTreeSet::new();
        let mut turns = Vec::new();
        for RawTurn {
            say,
            file,
            expect,
            capture,
        } in turns_raw
        {
            let say = self.message(&say, &captured)?;
            let file = file.map(|f| self.template(&f, &captured)).transpose()?;
            let expect = match expect {
                Some(raw) => self.expect(raw, &captured)?,
                None => ExpectSpec::default(),
            };
            let mut captures = Vec::new();
            for (name, pattern) in capture.unwrap_or_default() {
                let compiled = Pattern::regex(pattern.get_ref(), false)
                    .map_err(|e| (self.at)(pattern.span().start, format!("capture {name}: {e}")))?;
                captured.insert(name.clone());
                captures.push((name, compiled));
            }
            turns.push(Turn {
                say,
                file,
                expect,
                capture: captures,
            });
        }
        Ok(Case {
            name: raw.name.get_ref().trim().to_string(),
            user_key: String::new(), // given by `load`, which sees every suite
            line: (self.line)(start),
            bot: raw.bot.map(|b| self.bot(&b)).transpose()?,
            user_id: raw
                .user_id
                .map(|t| self.template(&t, &BTreeSet::new()))
                .transpose()?,
            user_name: raw
                .user_name
                .map(|t| self.template(&t, &BTreeSet::new()))
                .transpose()?,
            samples,
            min_pass,
            turns,
        })
    }

    fn bot(&self, raw: &Spanned<String>) -> Result<String, SuiteError> {
        raw.get_ref()
            .parse::<BotId>()
            .map(|b| b.to_string())
            .map_err(|e| (self.at)(raw.span().start, e))
    }

    /// A template whose every placeholder is known; `${env.NAME}` is read now.
    fn template(
        &mut self,
        raw: &Spanned<String>,
        captured: &BTreeSet<String>,
    ) -> Result<Template, SuiteError> {
        let template = Template::new(raw.get_ref().clone());
        self.check(&template, raw.span().start, captured)?;
        Ok(template)
    }

    /// A turn's message: a template that, when it names no capture, is not blank once
    /// filled in (what a capture makes of it is checked when the turn runs).
    fn message(
        &mut self,
        raw: &Spanned<String>,
        captured: &BTreeSet<String>,
    ) -> Result<Template, SuiteError> {
        let template = self.template(raw, captured)?;
        let names = template.names().unwrap_or_default();
        let blank = !names.iter().any(|name| captured.contains(*name))
            && template
                .render(&self.known)
                .is_ok_and(|text| text.trim().is_empty());
        if blank {
            let why = if names.is_empty() {
                "the message is empty".to_string()
            } else {
                BlankMessage.to_string()
            };
            return Err((self.at)(raw.span().start, why));
        }
        Ok(template)
    }

    /// `check_names`, and the template filled in with what is known now fits the bound
    /// (captured text is checked when the turn runs).
    fn check(
        &mut self,
        template: &Template,
        offset: usize,
        captured: &BTreeSet<String>,
    ) -> Result<(), SuiteError> {
        self.check_names(template, offset, captured)?;
        template
            .render(&self.known)
            .map(drop)
            .map_err(|e| (self.at)(offset, e.to_string()))
    }

    /// Every placeholder names something known; `${env.NAME}` is read now.
    fn check_names(
        &mut self,
        template: &Template,
        offset: usize,
        captured: &BTreeSet<String>,
    ) -> Result<(), SuiteError> {
        let names = template.names().map_err(|e| (self.at)(offset, e))?;
        for name in names {
            if self.known.contains(name) || captured.contains(name) {
                continue;
            }
            if let Some(var) = name.strip_prefix("env.") {
                match (self.env)(var) {
                    Some(value) => self.known.set(name, value),
                    None => {
                        return Err((self.at)(
                            offset,
                            format!("${{{name}}}: the environment variable {var} is not set"),
                        ));
                    }
                }
                continue;
            }
            return Err((self.at)(
                offset,
                format!(
                    "${{{name}}} is not a variable of [vars], a --var, or a capture of an earlier turn"
                ),
            ));
        }
        Ok(())
    }
}

#[path = "parse_expect.rs"]
mod expect;
#[path = "parse_raw.rs"]
mod raw;
