//! The parts of running a case that need no I/O: the user a sample sends as, the message
//! of a turn with its file, a value captured from a reply, the tally of its runs, and a
//! case's verdict from them.

use crate::commands::session::{Outgoing, Session};
use crate::expect::Pattern;
use crate::report::{RunResult, Status};
use crate::suite::{Case, Turn, Vars};
use crate::values::FileUrl;

/// The user id and name a sample of `case` sends as: the case's own, else
/// `<prefix>-<case>-<sample>` and the settings' name.
pub fn identity(
    session: &Session,
    prefix: &str,
    case: &Case,
    sample: u32,
    vars: &Vars,
) -> (String, String) {
    // These name no capture, and the loader filled them in with these very variables: they
    // fit the bound.
    let filled = |t: &crate::suite::Template| {
        t.render(vars)
            .unwrap_or_else(|_| t.as_written().to_string())
    };
    let user_id = match &case.user_id {
        Some(template) => filled(template),
        None => format!("{prefix}-{}-{sample}", case.user_key),
    };
    let user_name = case
        .user_name
        .as_ref()
        .map_or_else(|| session.settings.user_name().to_string(), filled);
    (user_id, user_name)
}

/// Whether every placeholder of `turn`'s message and file is known before any reply
/// comes (none names a capture).
pub fn known_before_sending(turn: &Turn, vars: &Vars) -> bool {
    std::iter::once(&turn.say).chain(&turn.file).all(|t| {
        t.names()
            .is_ok_and(|names| names.iter().all(|n| vars.contains(n)))
    })
}

/// The message of `turn` (its text already rendered as `say`), its file filled in.
pub fn outgoing(
    turn: &Turn,
    bot: &str,
    user_id: &str,
    user_name: &str,
    say: String,
    vars: &Vars,
) -> Result<Outgoing, String> {
    let file = match &turn.file {
        Some(template) => Some(
            template
                .render(vars)
                .map_err(|e| format!("file: {e}"))?
                .parse::<FileUrl>()
                .map(FileUrl::into_string)?,
        ),
        None => None,
    };
    Ok(Outgoing {
        bot: bot.parse().map_err(|e: String| e)?,
        user_id: user_id.to_string(),
        user_name: user_name.to_string(),
        content: say,
        file,
    })
}

pub fn reply_text(reply: &crate::api::Reply) -> String {
    match reply {
        crate::api::Reply::Text(text) => text.clone(),
        crate::api::Reply::Json(value) => value.to_string(),
    }
}

/// The named group, else group 1, else the whole match.
pub fn capture(pattern: &Pattern, name: &str, text: &str) -> Option<String> {
    let regex = pattern.as_regex()?;
    let caps = regex.captures(text)?;
    caps.name(name)
        .or_else(|| caps.get(1))
        .or_else(|| caps.get(0))
        .map(|m| m.as_str().to_string())
}

/// The runs of a case so far: how many ran and passed, and the ones kept. A run that did
/// not pass is always kept (the summary says why it failed); one that passed only when a
/// report shows it, so that 1,000 samples of long replies do not all stay in memory until
/// the run ends for nothing.
#[derive(Debug, Default)]
pub struct Tally {
    pub ran: u32,
    pub passed: u32,
    pub kept: Vec<RunResult>,
    keep_passed: bool,
}

impl Tally {
    pub fn new(keep_passed: bool) -> Tally {
        Tally {
            keep_passed,
            ..Tally::default()
        }
    }

    /// Counts a run that ran (a skipped one did not).
    pub fn add(&mut self, run: RunResult) {
        self.ran += 1;
        let passed = run.status == Status::Passed;
        self.passed += u32::from(passed);
        if !passed || self.keep_passed {
            self.kept.push(run);
        }
    }
}

/// The case's status and one line saying why, from its runs.
pub fn verdict(case: &Case, tally: &Tally, cut_short: Option<String>) -> (Status, Option<String>) {
    let (ran, passed) = (tally.ran, tally.passed);
    let count = format!(
        "{passed} of {ran} run{} passed, {} needed",
        if ran == 1 { "" } else { "s" },
        case.min_pass
    );
    if passed >= case.min_pass {
        return (Status::Passed, (case.samples > 1).then_some(count));
    }
    if let Some(reason) = cut_short {
        // Not settled when the run stopped: not run, rather than failed.
        if passed + (case.samples - ran) >= case.min_pass || ran == passed {
            return (Status::Skipped, Some(reason));
        }
    }
    if tally.kept.iter().any(|r| r.status == Status::Failed) {
        (Status::Failed, Some(count))
    } else {
        (Status::Errored, Some(count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sample: u32, status: Status) -> RunResult {
        RunResult {
            sample,
            user_id: format!("u-{sample}"),
            status,
            turns: Vec::new(),
        }
    }

    #[test]
    fn passing_runs_are_counted_and_kept_only_when_a_report_shows_them() {
        for keep_passed in [false, true] {
            let mut tally = Tally::new(keep_passed);
            for sample in 1..=1000 {
                tally.add(run(sample, Status::Passed));
            }
            tally.add(run(1001, Status::Failed));
            assert_eq!((tally.ran, tally.passed), (1001, 1000));
            let kept: Vec<u32> = tally.kept.iter().map(|r| r.sample).collect();
            if keep_passed {
                assert_eq!(kept.len(), 1001);
            } else {
                assert_eq!(kept, [1001], "passing runs held for nothing");
            }
        }
    }
}
