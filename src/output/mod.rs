//! Plain and JSON renderers: the only writer to stdout, and the writer of every diagnostic
//! line on stderr. Rendering is split from writing so tests can check the text.
//!
//! A failed write to stdout is an error (a full disk must not pass for success), except a
//! reader that went away (`peki send … | head -c1`), which is the reader's choice. On a
//! terminal, a reply's control characters and bidi controls are shown escaped; piped
//! output and JSON stay byte-exact.

use std::io::{IsTerminal, Write};

use serde_json::{Value, json};

use crate::api::{ApiFailure, RateLimit, Reply};
use crate::error::{Error, UsageError};
use crate::expect::Verdict;
use crate::preview::Preview;
use crate::style;
use crate::text::for_terminal;
use crate::values::{mask_secret_tokens, redact_urls_in, secret_tokens};

mod closed_stdout;
mod stderr;

pub use stderr::{diagnostic, note, print_error, trace, warning};

/// How results are printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// The reply text alone
    Plain,
    /// One JSON object, on success and on failure
    Json,
}

/// What one `send` did, success or not: the fields of the JSON object.
#[derive(Debug, Clone, Default)]
pub struct SendReport {
    pub bot: Option<String>,
    pub status: Option<u16>,
    pub rate_limit: Option<RateLimit>,
    pub attempts: u32,
    pub elapsed_ms: u64,
    /// The server's body as received: JSON when it parses, else text.
    pub response: Option<Value>,
    /// The reply, when one came (also when it failed its expectations).
    pub reply: Option<Reply>,
    /// A verdict per expectation, in order.
    pub expectations: Vec<Verdict>,
    /// The reply came from the cache (`--cache`): nothing was sent.
    pub cached: bool,
}

/// The stable JSON object of one message (DESIGN.md's output contract). `result` is the
/// outcome; the reply itself is in `report`.
pub fn send_json(report: &SendReport, result: &Result<(), Error>) -> Value {
    let reply = match &report.reply {
        Some(Reply::Text(text)) => Value::String(text.clone()),
        Some(Reply::Json(value)) => value.clone(),
        None => Value::Null,
    };
    let error = match result {
        Ok(_) => Value::Null,
        Err(e) => error_json(e),
    };
    json!({
        "ok": result.is_ok(),
        "status": report.status,
        "bot": report.bot,
        "reply": reply,
        "rate_limit": report.rate_limit.map(|rl| json!({
            "limit": rl.limit,
            "remaining": rl.remaining,
            "reset": rl.reset,
        })),
        "attempts": report.attempts,
        "elapsed_ms": report.elapsed_ms,
        "error": error,
        "response": report.response,
        "expectations": report.expectations,
        "cached": report.cached,
    })
}

/// What `peki batch` adds to a line's send object.
#[derive(Debug, Clone, Copy)]
pub struct LineFields<'a> {
    /// The line's number in the input, from 1.
    pub line: u64,
    /// The line's own `id`, when it gave one.
    pub id: Option<&'a Value>,
    /// What `--resume` matches on; none for a line that is not a message.
    pub input_hash: Option<&'a str>,
}

/// One line of `peki batch` output (`schemas/batch-line.schema.json`): `line` and `id`
/// first, then the send object, then `input_hash` and `resumed` (false: a resumed line is
/// the earlier result, copied).
pub fn batch_line_json(
    report: &SendReport,
    result: &Result<(), Error>,
    fields: LineFields<'_>,
) -> Value {
    let mut object = serde_json::Map::new();
    object.insert("line".into(), fields.line.into());
    object.insert("id".into(), fields.id.cloned().unwrap_or(Value::Null));
    if let Value::Object(send) = send_json(report, result) {
        object.extend(send);
    }
    object.insert("input_hash".into(), fields.input_hash.into());
    object.insert("resumed".into(), false.into());
    Value::Object(object)
}

fn error_json(error: &Error) -> Value {
    let failure = match error {
        Error::Api(failure) => Some(failure.as_ref()),
        _ => None,
    };
    let ApiFailure {
        title,
        errors,
        trace_id,
        ..
    } = failure.cloned().unwrap_or_default();
    json!({
        "kind": error.kind(),
        "message": mask_secret_tokens(&error.to_string()),
        "exit_code": error.exit_code(),
        "title": failure.map(|_| title),
        "errors": errors,
        "trace_id": trace_id,
    })
}

/// The reply as plain output: the text and one newline, always (a script strips exactly
/// one to get the reply back); escaped for a terminal. JSON that is not text is pretty.
pub fn render_reply(reply: &Reply, terminal: bool) -> String {
    let json;
    let text = match reply {
        Reply::Text(text) => text.as_str(),
        Reply::Json(value) => {
            json = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
            json.as_str()
        }
    };
    let text = if terminal {
        for_terminal(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    // One copy, sized once: a 1 MiB reply is not grown to 2 MiB for its newline.
    let mut shown = String::with_capacity(text.len() + 1);
    shown.push_str(&text);
    shown.push('\n');
    shown
}

/// Prints the outcome of a `send`: the reply (or the JSON object) on stdout, and on stderr
/// the expectations that failed and the rate-limit line when asked for.
pub fn print_send(
    report: &SendReport,
    result: &Result<(), Error>,
    format: OutputFormat,
    show_rate_limit: bool,
) -> Result<(), Error> {
    for verdict in report.expectations.iter().filter(|v| !v.ok) {
        diagnostic(&style::labelled(
            style::ERROR,
            "expectation failed:",
            &verdict.to_string(),
        ));
    }
    if show_rate_limit && report.status.is_some() {
        let line = match &report.rate_limit {
            Some(rl) => format!("rate limit: {}", rl.describe()),
            None => "rate limit: the response carried no X-RateLimit-* headers".to_string(),
        };
        diagnostic(&line);
    }
    match (format, &report.reply) {
        (OutputFormat::Json, _) => write_stdout(&format!("{}\n", send_json(report, result))),
        // A reply is printed even when it failed its expectations: the caller may want it.
        (OutputFormat::Plain, Some(reply)) => {
            write_stdout(&render_reply(reply, std::io::stdout().is_terminal()))
        }
        (OutputFormat::Plain, None) => Ok(()),
    }
}

/// Lines of a command's result on stdout (`config get`, `config list`, …), escaped for a
/// terminal: they may hold what a config file says.
pub fn print_lines(lines: &[String]) -> Result<(), Error> {
    let terminal = std::io::stdout().is_terminal();
    let mut text = String::new();
    for line in lines {
        if terminal {
            text.push_str(&for_terminal(line));
        } else {
            text.push_str(line);
        }
        text.push('\n');
    }
    write_stdout(&text)
}

/// Text on stdout as it is (a TAP stream, a report).
pub fn print_text(text: &str) -> Result<(), Error> {
    write_stdout(text)
}

/// A request shown instead of sent: the commented request and its curl command (a shell
/// script), or with `--json` one object with the same parts.
pub fn print_preview(preview: &Preview, format: OutputFormat) -> Result<(), Error> {
    let curl = crate::preview::curl(preview).map_err(UsageError::from)?;
    match format {
        OutputFormat::Json => {
            let object = json!({
                "method": preview.method,
                "url": preview.url,
                "headers": preview.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
                "body": String::from_utf8_lossy(&preview.body),
                "signed": String::from_utf8_lossy(&preview.signed),
                "curl": curl,
            });
            write_stdout(&format!("{object}\n"))
        }
        OutputFormat::Plain => {
            let text = crate::preview::render(preview).map_err(UsageError::from)?;
            write_escaped(&text)
        }
    }
}

/// One line on stdout (a newline added), escaped where stdout is a terminal.
pub fn print_line(line: &str) -> Result<(), Error> {
    write_escaped(&format!("{line}\n"))
}

/// Text on stdout, escaped where stdout is a terminal.
pub fn write_escaped(text: &str) -> Result<(), Error> {
    if std::io::stdout().is_terminal() {
        write_stdout(&for_terminal(text))
    } else {
        write_stdout(text)
    }
}

/// A generated artefact (a completion script, the man page) on stdout, as it is.
pub fn print_generated(bytes: &[u8]) -> Result<(), Error> {
    write_stdout(&String::from_utf8_lossy(bytes))
}

/// Whether stdout's reader is still there after a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stdout {
    Open,
    /// The reader went away (EPIPE): whatever comes next would be lost.
    Closed,
}

/// One JSON object and a newline on stdout, in one write: a line of JSON Lines (a batch
/// result, a rate-limit reading). A failed write is an error; a reader that went away is
/// `Closed`, so that a batch stops sending what nobody will read.
pub fn print_json_line(value: &Value) -> Result<Stdout, Error> {
    write_stdout_checked(&format!("{value}\n"))
}

/// Fails when the process started with stdout closed (`peki batch … >&-`), for a command
/// to find out before it sends anything rather than at its first result.
pub fn check_stdout() -> Result<(), Error> {
    if closed_stdout::at_start() {
        return Err(Error::Output(std::io::Error::from_raw_os_error(
            libc::EBADF,
        )));
    }
    Ok(())
}

/// A command line clap could not parse (or `--help`/`--version`): clap's own text, and with
/// `--json` also the JSON failure object, so that a script always gets its one object.
/// Clap quotes a rejected value, so URL credentials in it are masked first.
/// Returns the exit code (0 for help and version, 2 for usage errors).
pub fn print_parse_error(error: &clap::Error, json: bool) -> u8 {
    let code = u8::try_from(error.exit_code()).unwrap_or(2);
    let rendered = error.render();
    let plain = mask_secret_tokens(&redact_urls_in(&rendered.to_string()));
    if code != 0 && json {
        let first = plain.lines().next().unwrap_or("invalid command line");
        let message = first.strip_prefix("error: ").unwrap_or(first);
        let failure = Err(UsageError::CommandLine(message.to_string()).into());
        let object = send_json(&SendReport::default(), &failure);
        // Nothing more can be reported if this write fails too.
        let _ = write_stdout(&format!("{object}\n"));
    }
    // Styled where the stream is a terminal (anstream strips the styles elsewhere). The
    // secrets are found in the plain text: in the styled one a style code abuts them.
    let mut styled = redact_urls_in(&rendered.ansi().to_string());
    for token in secret_tokens(&rendered.to_string()) {
        styled = styled.replace(token, &crate::values::mask(token));
    }
    if error.use_stderr() {
        let _ = anstream::stderr().write_all(styled.as_bytes());
        return code;
    }
    // `--help` and `--version` go to stdout: a full disk there is a failure, not exit 0.
    let mut out = anstream::stdout();
    match out.write_all(styled.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            print_error(&Error::Output(e));
            crate::error::exit::UNEXPECTED
        }
        _ => code,
    }
}

/// Writes to stdout and flushes. A reader that went away (EPIPE) is not an error; any
/// other failure (ENOSPC, EBADF) is.
fn write_stdout(text: &str) -> Result<(), Error> {
    write_stdout_checked(text).map(|_| ())
}

/// `write_stdout`, saying whether the reader is still there.
fn write_stdout_checked(text: &str) -> Result<Stdout, Error> {
    check_stdout()?;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(Stdout::Open),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Stdout::Closed),
        Err(e) => Err(Error::Output(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_object_has_every_contract_field_on_success_and_failure() {
        let report = SendReport {
            bot: Some("b".into()),
            status: Some(200),
            attempts: 1,
            ..Default::default()
        };
        let ok = send_json(
            &SendReport {
                reply: Some(Reply::Text("hi".into())),
                ..report.clone()
            },
            &Ok(()),
        );
        let err = send_json(&report, &Err(Error::Usage(UsageError::EmptyMessage)));
        let fields = [
            "ok",
            "status",
            "bot",
            "reply",
            "rate_limit",
            "attempts",
            "elapsed_ms",
            "error",
            "response",
            "expectations",
            "cached",
        ];
        for object in [&ok, &err] {
            for field in fields {
                assert!(object.get(field).is_some(), "{field} missing in {object}");
            }
        }
        assert_eq!(ok["reply"], "hi");
        assert_eq!(err["error"]["kind"], "usage");
        assert_eq!(err["error"]["exit_code"], 2);
    }

    #[test]
    fn replies_are_escaped_for_a_terminal_and_exact_otherwise() {
        let reply = Reply::Text("\x1b]0;owned\x07hi\u{202E}\tok\n".into());
        assert_eq!(
            render_reply(&reply, false),
            "\x1b]0;owned\x07hi\u{202E}\tok\n\n"
        );
        assert_eq!(render_reply(&reply, true), "^[]0;owned^Ghi<U+202E>\tok\n\n");
    }
}
