//! `peki send`: compose the message (words and stdin), deliver it through a `Session`, and
//! hand the outcome to `output`.

use crate::cli::{ExpectArgs, GlobalArgs, SendArgs};
use crate::config::{Key, Value};
use crate::error::{Error, UsageError};
use crate::expect::{Check, Expectations, Pattern};
use crate::input;
use crate::output::{self, SendReport};

use super::session::Session;

pub fn run(global: &GlobalArgs, args: &SendArgs) -> Result<(), Error> {
    if args.dry_run {
        return dry_run(global, args);
    }
    let (report, result) = match deliver(global, args) {
        Ok(delivery) => (delivery.report, delivery.result),
        // Nothing was sent: the object still names the chatbot the flags asked for.
        Err(error) => {
            let report = SendReport {
                bot: args.settings.get(Key::Bot).map(|bot| match bot {
                    Value::Bot(bot) => bot.to_string(),
                    other => other.shown(),
                }),
                ..SendReport::default()
            };
            (report, Err(error))
        }
    };
    let printed = output::print_send(&report, &result, args.output.format(), args.rate_limit);
    // The send's own failure comes first; a failed write matters when all else went well.
    result.and(printed)
}

/// `--dry-run`: the signed request and its curl command on stdout; nothing is sent.
fn dry_run(global: &GlobalArgs, args: &SendArgs) -> Result<(), Error> {
    expectations(&args.expect)?;
    let content = read_message(args)?;
    let session = Session::open(global, &args.settings, false, true)?;
    let message = session.message(content, args.file.clone().map(|f| f.into_string()))?;
    output::print_preview(&session.preview(&message)?, args.output.format())
}

fn read_message(args: &SendArgs) -> Result<String, Error> {
    compose_message(&args.message, || {
        if input::stdin_is_terminal() {
            output::note("peki: reading the message from the terminal; end it with Ctrl-D");
        }
        Ok(input::read_stdin(std::io::stdin().lock())?)
    })
}

fn deliver(global: &GlobalArgs, args: &SendArgs) -> Result<super::session::Delivery, Error> {
    let expectations = expectations(&args.expect)?;
    let content = read_message(args)?;
    let session = Session::open(global, &args.settings, args.sandbox, true)?;
    let message = session.message(content, args.file.clone().map(|f| f.into_string()))?;
    Ok(session.deliver(&message, &expectations))
}

/// The expectations of `--expect-*`, in a fixed order.
pub fn expectations(args: &ExpectArgs) -> Result<Expectations, Error> {
    let regex = |source: &String| {
        Pattern::regex(source, args.ignore_case)
            .map_err(|e| Error::from(UsageError::CommandLine(e)))
    };
    let mut checks: Vec<Check> = Vec::new();
    checks.extend(args.expect_contains.iter().cloned().map(Check::Contains));
    checks.extend(
        args.expect_not_contains
            .iter()
            .cloned()
            .map(Check::NotContains),
    );
    for source in &args.expect_regex {
        checks.push(Check::Regex(regex(source)?));
    }
    checks.extend(args.expect_equals.iter().cloned().map(Check::Equals));
    if args.expect_json {
        checks.push(Check::Json);
    }
    checks.extend(args.expect_max_ms.map(Check::MaxMs));
    Ok(Expectations {
        checks,
        ignore_case: args.ignore_case,
    })
}

/// The message: the words joined by spaces, with stdin read for no words or for a lone
/// `-`. Stdin is read only then, so `while read` loops keep their input.
pub fn compose_message(
    words: &[String],
    read_stdin: impl FnOnce() -> Result<String, Error>,
) -> Result<String, Error> {
    let message = if words.is_empty() {
        read_stdin()?
    } else {
        match words.iter().filter(|w| *w == "-").count() {
            0 => words.join(" "),
            1 => {
                let stdin = read_stdin()?;
                words
                    .iter()
                    .map(|w| if w == "-" { stdin.as_str() } else { w.as_str() })
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            _ => return Err(UsageError::StdinTwice.into()),
        }
    };
    if message.trim().is_empty() {
        return Err(UsageError::EmptyMessage.into());
    }
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    }

    fn no_stdin() -> Result<String, Error> {
        panic!("stdin must not be read")
    }

    #[test]
    fn words_are_joined_without_reading_stdin() {
        assert_eq!(
            compose_message(&words(&["a", "b"]), no_stdin).unwrap(),
            "a b"
        );
    }

    #[test]
    fn dash_is_replaced_by_stdin() {
        let msg = compose_message(&words(&["Review:", "-"]), || Ok("diff".into())).unwrap();
        assert_eq!(msg, "Review: diff");
        let err = compose_message(&words(&["-", "-"]), || Ok("x".into())).unwrap_err();
        assert!(matches!(err, Error::Usage(UsageError::StdinTwice)));
    }

    #[test]
    fn blank_messages_are_usage_errors() {
        for input in ["", "  \n"] {
            let err = compose_message(&[], || Ok(input.into())).unwrap_err();
            assert!(matches!(err, Error::Usage(UsageError::EmptyMessage)));
        }
    }
}
