//! The parts of running a case that need no I/O: the user a sample sends as, the message
//! of a turn with its file, a value captured from a reply, and a case's verdict from its
//! runs.

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

/// The case's status and one line saying why, from its runs.
pub fn verdict(
    case: &Case,
    runs: &[RunResult],
    passed: u32,
    cut_short: Option<String>,
) -> (Status, Option<String>) {
    let count = format!(
        "{passed} of {} run{} passed, {} needed",
        runs.len(),
        if runs.len() == 1 { "" } else { "s" },
        case.min_pass
    );
    if passed >= case.min_pass {
        return (Status::Passed, (case.samples > 1).then_some(count));
    }
    if let Some(reason) = cut_short {
        // Not settled when the run stopped: not run, rather than failed.
        let failed = runs.iter().filter(|r| r.status != Status::Passed).count() as u32;
        if passed + (case.samples - runs.len() as u32) >= case.min_pass || failed == 0 {
            return (Status::Skipped, Some(reason));
        }
    }
    if runs.iter().any(|r| r.status == Status::Failed) {
        (Status::Failed, Some(count))
    } else {
        (Status::Errored, Some(count))
    }
}
