//! Reading a `--script FILE`: the TOML shape, and every check that can fail (unknown keys,
//! wrong types, bad regexes, placeholders, a rule with no action or two), each reported
//! with the file's line and column. Builds `Rule`s; matches nothing.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::{Action, Matchers, Rule};
use crate::sandbox::error::SandboxError;
use crate::sandbox::template::Template;
use crate::values::BotId;

/// Longest `delay_ms`: ten minutes, far past any client timeout worth testing.
pub const MAX_DELAY_MS: u64 = 600_000;

/// A compiled regex may take this much memory at most.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptFile {
    #[serde(default)]
    rule: Vec<Spanned<RuleSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: Option<String>,
    bot: Option<Spanned<String>>,
    user_id: Option<String>,
    contains: Option<String>,
    regex: Option<Spanned<String>>,
    has_file: Option<bool>,
    reply: Option<Spanned<String>>,
    replies: Option<Spanned<Vec<Spanned<String>>>>,
    sequence_by: Option<Spanned<String>>,
    status: Option<Spanned<u16>>,
    title: Option<Spanned<String>>,
    detail: Option<Spanned<String>>,
    errors: Option<Spanned<BTreeMap<String, Vec<String>>>>,
    drop: Option<Spanned<bool>>,
    times: Option<Spanned<u64>>,
    delay_ms: Option<Spanned<u64>>,
}

/// A problem at a byte range of the file.
#[derive(Debug)]
struct Problem {
    at: Range<usize>,
    message: String,
}

fn at<T>(value: &Spanned<T>, message: impl Into<String>) -> Problem {
    Problem {
        at: value.span(),
        message: message.into(),
    }
}

/// The rules of the script at `path`.
pub fn load(path: &Path) -> Result<Vec<Rule>, SandboxError> {
    let text = std::fs::read_to_string(path).map_err(|source| SandboxError::ScriptUnreadable {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text).map_err(|problem| {
        let (line, column) = crate::toml_error::position(&text, problem.at.start);
        SandboxError::Script {
            path: path.to_path_buf(),
            line,
            column,
            message: problem.message,
        }
    })
}

fn parse(text: &str) -> Result<Vec<Rule>, Problem> {
    let file: ScriptFile = toml::from_str(text).map_err(|e| Problem {
        at: e.span().unwrap_or(0..0),
        message: crate::toml_error::message(&e),
    })?;
    file.rule
        .into_iter()
        .enumerate()
        .map(|(index, spec)| build(index, spec))
        .collect()
}

fn build(index: usize, spec: Spanned<RuleSpec>) -> Result<Rule, Problem> {
    let rule_span = spec.span();
    let spec = spec.into_inner();
    let name = spec
        .name
        .clone()
        .unwrap_or_else(|| format!("rule {}", index + 1));
    let action = action(&spec).map_err(|message| match message {
        Ok(problem) => problem,
        Err(message) => Problem {
            at: rule_span.clone(),
            message: format!("{name}: {message}"),
        },
    })?;
    if let Some(bot) = &spec.bot {
        bot.get_ref().parse::<BotId>().map_err(|e| at(bot, e))?;
    }
    let regex = match &spec.regex {
        Some(pattern) => Some(
            regex::RegexBuilder::new(pattern.get_ref())
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| {
                    at(
                        pattern,
                        format!("bad regex: {}", crate::text::one_line(&e.to_string(), 300)),
                    )
                })?,
        ),
        None => None,
    };
    if let Some(times) = &spec.times
        && *times.get_ref() == 0
    {
        return Err(at(times, "times must be at least 1"));
    }
    if let Some(delay) = &spec.delay_ms
        && *delay.get_ref() > MAX_DELAY_MS
    {
        return Err(at(
            delay,
            format!("delay_ms must be at most {MAX_DELAY_MS}"),
        ));
    }
    Ok(Rule {
        name,
        matchers: Matchers {
            bot: spec.bot.map(Spanned::into_inner),
            user_id: spec.user_id,
            contains: spec.contains,
            regex,
            has_file: spec.has_file,
        },
        action,
        times: spec.times.map(Spanned::into_inner),
        delay: Duration::from_millis(spec.delay_ms.map_or(0, Spanned::into_inner)),
    })
}

/// The rule's one action. `Err(Ok(_))` points at a value; `Err(Err(_))` at the whole rule.
fn action(spec: &RuleSpec) -> Result<Action, Result<Problem, String>> {
    let given: Vec<&str> = [
        ("reply", spec.reply.is_some()),
        ("replies", spec.replies.is_some()),
        ("status", spec.status.is_some()),
        ("drop", spec.drop.is_some()),
    ]
    .into_iter()
    .filter_map(|(key, present)| present.then_some(key))
    .collect();
    match given.as_slice() {
        [] => {
            return Err(Err(
                "no action: give one of reply, replies, status or drop".into()
            ));
        }
        [_] => {}
        several => {
            return Err(Err(format!(
                "conflicting actions {}: give only one",
                several.join(" and ")
            )));
        }
    }
    let problem_only = [("title", &spec.title), ("detail", &spec.detail)];
    if spec.status.is_none() {
        for (key, value) in problem_only {
            if let Some(value) = value {
                return Err(Ok(at(value, format!("{key} goes with status"))));
            }
        }
        if let Some(errors) = &spec.errors {
            return Err(Ok(at(errors, "errors goes with status")));
        }
    }
    if spec.replies.is_none()
        && let Some(by) = &spec.sequence_by
    {
        return Err(Ok(at(by, "sequence_by goes with replies")));
    }
    let template =
        |text: &Spanned<String>| Template::parse(text.get_ref()).map_err(|e| Ok(at(text, e)));
    if let Some(reply) = &spec.reply {
        return Ok(Action::Reply(template(reply)?));
    }
    if let Some(replies) = &spec.replies {
        if replies.get_ref().is_empty() {
            return Err(Ok(at(replies, "replies must hold at least one reply")));
        }
        let per_user = match &spec.sequence_by {
            None => false,
            Some(by) => match by.get_ref().as_str() {
                "user" => true,
                "all" => false,
                _ => return Err(Ok(at(by, "sequence_by must be \"user\" or \"all\""))),
            },
        };
        let templates = replies
            .get_ref()
            .iter()
            .map(template)
            .collect::<Result<_, _>>()?;
        return Ok(Action::Replies {
            templates,
            per_user,
        });
    }
    if let Some(status) = &spec.status {
        let code = *status.get_ref();
        if !(400..=599).contains(&code) {
            return Err(Ok(at(
                status,
                "status must be an error status (400 to 599); use reply for a 200",
            )));
        }
        return Ok(Action::Status {
            status: code,
            title: spec.title.as_ref().map(|t| t.get_ref().clone()),
            detail: spec.detail.as_ref().map(|d| d.get_ref().clone()),
            errors: spec
                .errors
                .as_ref()
                .map(|e| e.get_ref().clone())
                .unwrap_or_default(),
        });
    }
    match &spec.drop {
        Some(drop) if *drop.get_ref() => Ok(Action::Drop),
        Some(drop) => Err(Ok(at(drop, "drop = false is no action; leave it out"))),
        None => Err(Err("no action".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("accepted: {text}"),
            Err(p) => {
                let (line, column) = crate::toml_error::position(text, p.at.start);
                format!("{line}:{column}: {}", p.message)
            }
        }
    }

    #[test]
    fn every_kind_of_mistake_names_its_place() {
        assert_eq!(
            problem("[[rule]]\nreplyy = \"x\"\n"),
            "2:1: unknown field `replyy`, expected one of `name`, `bot`, `user_id`, `contains`, `regex`, `has_file`, `reply`, `replies`, `sequence_by`, `status`, `title`, `detail`, `errors`, `drop`, `times`, `delay_ms`"
        );
        assert!(problem("[[rule]]\nreply = 5\n").starts_with("2:9: invalid type"));
        assert!(problem("[[rule]]\nregex = \"(\"\nreply = \"x\"\n").starts_with("2:9: bad regex"));
        assert_eq!(
            problem("[[rule]]\ncontains = \"x\"\n"),
            "1:1: rule 1: no action: give one of reply, replies, status or drop"
        );
        assert_eq!(
            problem("[[rule]]\nname = \"n\"\nreply = \"x\"\ndrop = true\n"),
            "1:1: n: conflicting actions reply and drop: give only one"
        );
        assert!(
            problem("[[rule]]\nreply = \"{nope}\"\n")
                .starts_with("2:9: unknown placeholder {nope}")
        );
        assert_eq!(
            problem("[[rule]]\nstatus = 200\n"),
            "2:10: status must be an error status (400 to 599); use reply for a 200"
        );
        assert_eq!(
            problem("[[rule]]\nreply = \"x\"\ntitle = \"t\"\n"),
            "3:9: title goes with status"
        );
        assert_eq!(
            problem("[[rule]]\nreply = \"x\"\nsequence_by = \"user\"\n"),
            "3:15: sequence_by goes with replies"
        );
        assert_eq!(
            problem("[[rule]]\nreplies = []\n"),
            "2:11: replies must hold at least one reply"
        );
        assert_eq!(
            problem("[[rule]]\nreply = \"x\"\ntimes = 0\n"),
            "3:9: times must be at least 1"
        );
        assert!(
            problem("[[rule]]\nbot = \"a b\"\nreply = \"x\"\n")
                .starts_with("2:7: invalid chatbot id")
        );
        assert!(
            problem("[[rule]]\nreply = \"x\"\ndelay_ms = 600001\n")
                .starts_with("3:12: delay_ms must be at most")
        );
    }

    #[test]
    fn a_huge_regex_is_refused_not_compiled() {
        let text = "[[rule]]\nregex = \"a{1000}{1000}\"\nreply = \"x\"\n";
        assert!(problem(text).contains("bad regex"), "{}", problem(text));
    }

    #[test]
    fn case_folding_and_perl_classes_work_with_the_trimmed_regex_features() {
        // (\p{..} refusal cannot be tested here: dev-dependencies turn regex's Unicode
        // tables back on in test builds.)
        assert_eq!(
            parse("[[rule]]\nregex = '(?i)\\bÉté\\b \\d'\nreply = \"x\"\n")
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn an_empty_script_has_no_rules() {
        assert!(parse("").unwrap().is_empty());
    }
}
