//! Test suites for `peki test`: the TOML format as types, loaded from files and folders and
//! checked in full before anything is sent (unknown keys, wrong types, bad regexes and
//! JSONPaths, unknown variables: each an error with file, line and column). Reads files;
//! never sends and never prints. Running them is `commands::test`'s.

mod parse;
pub mod template;
mod vars;

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::expect::{Check, Expectations, Pattern};
pub use template::{BlankMessage, Template, TooLarge, Vars};

/// A suite file larger than this is refused.
pub const MAX_SUITE_BYTES: u64 = 4 * 1024 * 1024;
/// The most runs of one case (`samples`).
pub const MAX_SAMPLES: u32 = 1000;

/// One suite file.
#[derive(Debug, Clone)]
pub struct Suite {
    pub path: PathBuf,
    pub name: String,
    pub cases: Vec<Case>,
    /// [vars], --var overrides and the `${env.NAME}` the suite reads: what every run
    /// starts with.
    pub vars: Vars,
}

/// A case: one message, or a conversation of turns sent in order as one user, run
/// `samples` times and passing when at least `min_pass` runs pass.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    /// What its default user ids are made of (`<run-id>-<user_key>-<sample>`): its name as
    /// a slug, unique among every case loaded, so that no two cases talk to a bot as one
    /// user.
    pub user_key: String,
    /// Where it starts in its file (1-based line).
    pub line: usize,
    pub bot: Option<String>,
    pub user_id: Option<Template>,
    pub user_name: Option<Template>,
    pub samples: u32,
    pub min_pass: u32,
    pub turns: Vec<Turn>,
}

/// One message of a case and what its reply must satisfy.
#[derive(Debug, Clone)]
pub struct Turn {
    pub say: Template,
    pub file: Option<Template>,
    pub expect: ExpectSpec,
    /// Names and the regexes whose group 1 (or the named group) they take from the reply.
    pub capture: Vec<(String, Pattern)>,
}

/// Expectations as written: text may hold placeholders, filled in when the turn runs.
#[derive(Debug, Clone, Default)]
pub struct ExpectSpec {
    pub entries: Vec<Entry>,
    pub ignore_case: bool,
}

#[derive(Debug, Clone)]
pub enum Entry {
    Contains(Template),
    ContainsAny(Vec<Template>),
    NotContains(Template),
    /// One of these (a single one when written as a string).
    Equals(Vec<Template>),
    /// One of these.
    StartsWith(Vec<Template>),
    Regex(Template),
    NotRegex(Template),
    MinChars(usize),
    MaxChars(usize),
    MaxMs(u64),
    Json,
    JsonPath(Pattern, Value),
    Similar(Template, f64),
    Error(String),
}

impl ExpectSpec {
    /// The expectations with `vars` filled in. Regex fields take captured text literally.
    /// A regex that no longer compiles is an error (its text is in it).
    pub fn resolve(&self, vars: &Vars) -> Result<Expectations, String> {
        let text = |t: &Template| t.render(vars).map_err(|e| e.to_string());
        let regex = |t: &Template| {
            let text = t
                .render_with(vars, regex::escape)
                .map_err(|e| e.to_string())?;
            Pattern::regex(&text, self.ignore_case)
        };
        let texts = |list: &[Template]| {
            list.iter()
                .map(text)
                .collect::<Result<Vec<String>, String>>()
        };
        let mut checks = Vec::with_capacity(self.entries.len());
        for entry in &self.entries {
            checks.push(match entry {
                Entry::Contains(t) => Check::Contains(text(t)?),
                Entry::ContainsAny(list) => Check::ContainsAny(texts(list)?),
                Entry::NotContains(t) => Check::NotContains(text(t)?),
                Entry::Equals(list) => match list.as_slice() {
                    [one] => Check::Equals(text(one)?),
                    many => Check::EqualsAny(texts(many)?),
                },
                Entry::StartsWith(list) => match list.as_slice() {
                    [one] => Check::StartsWith(text(one)?),
                    many => Check::StartsWithAny(texts(many)?),
                },
                Entry::Regex(t) => Check::Regex(regex(t)?),
                Entry::NotRegex(t) => Check::NotRegex(regex(t)?),
                Entry::MinChars(n) => Check::MinChars(*n),
                Entry::MaxChars(n) => Check::MaxChars(*n),
                Entry::MaxMs(n) => Check::MaxMs(*n),
                Entry::Json => Check::Json,
                Entry::JsonPath(path, expected) => Check::JsonPath {
                    path: path.clone(),
                    expected: render_strings(expected, vars).map_err(|e| e.to_string())?,
                },
                Entry::Similar(to, min) => Check::Similar {
                    to: text(to)?,
                    min: *min,
                },
                Entry::Error(kind) => Check::Error(kind.clone()),
            });
        }
        Ok(Expectations {
            checks,
            ignore_case: self.ignore_case,
        })
    }

    /// The error kind this turn is expected to end with, if any.
    pub fn expected_error(&self) -> Option<&str> {
        self.entries.iter().find_map(|e| match e {
            Entry::Error(kind) => Some(kind.as_str()),
            _ => None,
        })
    }
}

/// A JSON value with placeholders filled in wherever it holds a string.
fn render_strings(value: &Value, vars: &Vars) -> Result<Value, TooLarge> {
    Ok(match value {
        Value::String(text) => Value::String(Template::new(text.as_str()).render(vars)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| render_strings(v, vars))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), render_strings(v, vars)?)))
                .collect::<Result<_, TooLarge>>()?,
        ),
        other => other.clone(),
    })
}

/// Every string in a JSON value, for checking their placeholders.
pub(crate) fn strings_in(value: &Value) -> Vec<&str> {
    match value {
        Value::String(text) => vec![text.as_str()],
        Value::Array(items) => items.iter().flat_map(strings_in).collect(),
        Value::Object(map) => map.values().flat_map(strings_in).collect(),
        _ => Vec::new(),
    }
}

impl Case {
    /// Messages one run of this case sends.
    pub fn messages(&self) -> u64 {
        self.turns.len() as u64
    }
}

/// A suite that cannot be run, with where in which file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct SuiteError {
    pub path: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SuiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        }
    }
}

/// What the command line adds to every suite: `--var NAME=VALUE` overrides and the
/// environment for `${env.NAME}`.
pub struct LoadOptions<'a> {
    pub overrides: &'a [(String, String)],
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

/// The suites named by `paths`: files as given, and for a folder every `*.toml` in it,
/// sorted by name. A path that is neither is an error.
pub fn load(paths: &[PathBuf], options: &LoadOptions<'_>) -> Result<Vec<Suite>, SuiteError> {
    let whole = |path: &Path, message: String| SuiteError {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        message,
    };
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|e| whole(path, e.to_string()))?;
        if metadata.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| whole(path, e.to_string()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
                .collect();
            if found.is_empty() {
                return Err(whole(path, "the folder holds no *.toml suite".into()));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut suites = files
        .iter()
        .map(|file| {
            let metadata = std::fs::metadata(file).map_err(|e| whole(file, e.to_string()))?;
            if !metadata.is_file() {
                return Err(whole(file, "not a regular file".into()));
            }
            if metadata.len() > MAX_SUITE_BYTES {
                return Err(whole(file, format!("larger than {MAX_SUITE_BYTES} bytes")));
            }
            let text = std::fs::read_to_string(file).map_err(|e| whole(file, e.to_string()))?;
            parse::parse(file, &text, options)
        })
        .collect::<Result<Vec<Suite>, SuiteError>>()?;
    assign_user_keys(&mut suites);
    Ok(suites)
}

/// Gives each case its `user_key`: its slug, with `-2`, `-3`, … when an earlier case (of
/// any suite) has it already. The same name in two files, names alike but for case or
/// punctuation, names with no ASCII letter or alike in their first 40 characters would
/// otherwise share a user, and the bot's memory of one case would leak into the other.
fn assign_user_keys(suites: &mut [Suite]) {
    let mut taken = std::collections::HashSet::new();
    for case in suites.iter_mut().flat_map(|s| s.cases.iter_mut()) {
        let base = slug(&case.name);
        let mut key = base.clone();
        let mut n = 1;
        while !taken.insert(key.clone()) {
            n += 1;
            key = format!("{base}-{n}");
        }
        case.user_key = key;
    }
}

/// A name made safe for an id: lower case, `-` between words, at most 40 characters.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() { "case".into() } else { slug }
}

#[cfg(test)]
mod tests;
