//! `peki test --dry-run`: every request the run would send first, signed, as a shell
//! script of curl commands (one per turn, each after a comment naming its case). The
//! first sample of each case; text captured from replies cannot be known, so its
//! placeholders stay as written. Nothing is sent.

use crate::error::{Error, UsageError};
use crate::output::{self, OutputFormat};
use crate::suite::{Case, Suite};

use super::parts::{identity, outgoing};
use crate::commands::session::Session;

pub fn print(
    session: &Session,
    selected: &[(&Suite, &Case)],
    bots: &[String],
    prefix: &str,
) -> Result<(), Error> {
    let mut requests = 0;
    for ((suite, case), bot) in selected.iter().zip(bots) {
        let vars = suite.vars.clone();
        let (user_id, user_name) = identity(session, prefix, case, 1, &vars);
        for (index, turn) in case.turns.iter().enumerate() {
            let unusable = |message| UsageError::CommandLine(format!("{}: {message}", case.name));
            let say = turn
                .say
                .render(&vars)
                .map_err(|e| unusable(format!("say: {e}")))?;
            let message =
                outgoing(turn, bot, &user_id, &user_name, say, &vars).map_err(unusable)?;
            let captured: Vec<&str> = turn
                .say
                .names()
                .unwrap_or_default()
                .into_iter()
                .filter(|name| !vars.contains(name))
                .collect();
            let mut header = comment(&format!(
                "peki test: {} › {}, turn {} of {}",
                suite.name,
                case.name,
                index + 1,
                case.turns.len()
            ));
            if !captured.is_empty() {
                header.push_str(&comment(&format!(
                    "captured from an earlier reply, so left as written: {}",
                    captured
                        .iter()
                        .map(|n| format!("${{{n}}}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                )));
            }
            output::write_escaped(&header)?;
            output::print_preview(&session.preview(&message)?, OutputFormat::Plain)?;
            output::write_escaped("\n")?;
            requests += 1;
        }
    }
    output::note(&format!(
        "peki: {requests} request{} shown, none sent (the first sample of each case)",
        if requests == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// A `#` line for the shell script: text from the suite folded to one line, so that no
/// name in it can end the comment and start a command of its own.
fn comment(text: &str) -> String {
    format!("# {}\n", crate::text::one_line(text, 1000))
}
