//! `peki batch`: the shell around `batch::runner`. Opens the input and the `--resume` file,
//! opens one `Session` (one connection pool for every line), makes lines into messages with
//! the settings' defaults, writes each result as a JSON line, shows progress, turns Ctrl-C
//! into "finish what is in flight", and works out the exit code.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::Path;

use crate::batch::lines::{Format, Request};
use crate::batch::resume::Earlier;
use crate::batch::runner::{self, Courier, Delivered, Finished, Notice, Outcome, Prepared, Sink};
use crate::cli::{BatchArgs, GlobalArgs};
use crate::client::SystemTime;
use crate::error::{Error, UsageError};
use crate::expect::Expectations;
use crate::input::{self, InputError, Reading};
use crate::interrupt::Interrupts;
use crate::output::{self, LineFields, Stdout};
use crate::progress::{self, Progress};
use crate::style::{self, Level};
use crate::{clock, digest};

use super::send::expectations;
use super::session::{Outgoing, Session};

pub fn run(global: &GlobalArgs, args: &BatchArgs) -> Result<(), Error> {
    // Results that cannot be written must not be sent for.
    output::check_stdout()?;
    let expectations = expectations(&args.expect)?;
    let (source, size) = open_input(args.input.as_deref())?;
    let mut earlier = match &args.resume {
        Some(path) => {
            input::refuse_path(
                path,
                &format!("--resume {}", path.display()),
                Reading::Results,
            )
            .map_err(InputError::from)?;
            Some(Earlier::load(path)?)
        }
        None => None,
    };
    // Text lines cannot name a chatbot: without a default one, none of them could be sent.
    let needs_bot = args.format == Format::Text;
    if args.dry_run {
        let session = Session::open(global, &args.settings, false, needs_bot)?;
        return dry_run(
            &session,
            source,
            args.format,
            earlier.as_mut(),
            &expectations,
        );
    }
    let mut session = Session::open(global, &args.settings, args.sandbox, needs_bot)?;
    session.hold_rate_limit_waits();
    let courier = Lines {
        session: &session,
        expectations: &expectations,
    };
    let options = runner::Options {
        parallel: usize::from(args.parallel),
        format: args.format,
        wait: args.wait.then(|| session.settings.max_wait()),
    };
    let interrupts = Interrupts::install();
    let mut sink = Results {
        // Progress is what `--quiet` silences.
        progress: if style::shows(Level::Normal) {
            Progress::start(size)
        } else {
            Progress::hidden()
        },
        stdout_is_terminal: std::io::stdout().is_terminal(),
    };
    let summary = runner::run(
        source,
        &courier,
        options,
        &mut SystemTime::start(),
        &|| interrupts.caught(),
        &mut |number, hash| earlier.as_mut().map_or(Ok(None), |e| e.take(number, hash)),
        &mut sink,
    );
    sink.progress.finish();
    if let Some(earlier) = &earlier {
        report_resume(earlier, args.resume.as_deref());
    }
    let summary = summary?;
    match summary.worst {
        Some(code) => Err(Error::LinesFailed {
            failed: summary.failed,
            lines: summary.lines,
            code,
        }),
        None => Ok(()),
    }
}

/// `--dry-run`: each line's request, signed, as a curl command under a comment naming the
/// line; what would not be sent (a bad line, one `--resume` or `--cache` answers) is a
/// comment. Nothing is sent. Exit 2 when a line is not a message, as a real run's would be.
fn dry_run(
    session: &Session,
    source: Box<dyn BufRead + Send>,
    format: Format,
    mut earlier: Option<&mut Earlier>,
    expectations: &Expectations,
) -> Result<(), Error> {
    let courier = Lines {
        session,
        expectations,
    };
    let mut lines = crate::batch::lines::Lines::new(source, format);
    let (mut shown, mut bad) = (0_u64, 0_u64);
    while let Some(line) = lines
        .next_line()
        .map_err(|e| Error::from(crate::input::InputError::Read(e)))?
    {
        let number = line.number;
        let prepared = line
            .request
            .map_err(|reason| {
                Error::from(UsageError::BadLine {
                    line: number,
                    reason,
                })
            })
            .and_then(|request| courier.prepare(request));
        let prepared = match prepared {
            Ok(prepared) => prepared,
            Err(error) => {
                bad += 1;
                let why = crate::text::one_line(&error.to_string(), 300);
                output::write_escaped(&format!("# line {number}: not sent: {why}\n\n"))?;
                continue;
            }
        };
        let skip = if let Some(earlier) = earlier.as_deref_mut()
            && earlier.take(number, &prepared.input_hash)?.is_some()
        {
            Some("it succeeded in the --resume file")
        } else if session.cached(&prepared.message, expectations).is_some() {
            Some("a stored reply is fresh (--cache)")
        } else {
            None
        };
        if let Some(why) = skip {
            output::write_escaped(&format!("# line {number}: not sent: {why}\n\n"))?;
            continue;
        }
        output::write_escaped(&format!("# peki batch: line {number}\n"))?;
        let preview = session.preview(&prepared.message)?;
        output::print_preview(&preview, output::OutputFormat::Plain)?;
        output::write_escaped("\n")?;
        shown += 1;
    }
    output::note(&format!(
        "peki: {shown} request{} shown, none sent",
        if shown == 1 { "" } else { "s" }
    ));
    if bad > 0 {
        return Err(UsageError::CommandLine(format!(
            "{bad} line{} not a message (see the comments in the output)",
            if bad == 1 { " is" } else { "s are" }
        ))
        .into());
    }
    Ok(())
}

/// The input and its size when known (for the progress bar's ETA). A named file must be
/// a file that can be read; stdin on a terminal gets a hint.
fn open_input(path: Option<&Path>) -> Result<(Box<dyn BufRead + Send>, Option<u64>), Error> {
    let unreadable = |path: &Path, e: std::io::Error| {
        Error::Usage(UsageError::CommandLine(format!(
            "cannot read {}: {e}",
            path.display()
        )))
    };
    match path {
        Some(path) if path.as_os_str() != "-" => {
            input::refuse_path(
                path,
                &format!("the input {}", path.display()),
                Reading::Messages,
            )
            .map_err(InputError::from)?;
            let file = File::open(path).map_err(|e| unreadable(path, e))?;
            let meta = file.metadata().map_err(|e| unreadable(path, e))?;
            if meta.is_dir() {
                return Err(unreadable(path, std::io::Error::other("it is a directory")));
            }
            let size = meta.is_file().then_some(meta.len());
            Ok((Box::new(BufReader::new(file)), size))
        }
        _ => {
            input::refuse_stdin(Reading::Messages).map_err(InputError::from)?;
            if input::stdin_is_terminal() {
                output::diagnostic(
                    "peki: reading messages from the terminal, one a line; end with Ctrl-D",
                );
            }
            Ok((Box::new(BufReader::new(std::io::stdin())), None))
        }
    }
}

/// What `--resume` could not use, said once at the end.
fn report_resume(earlier: &Earlier, path: Option<&Path>) {
    let shown = path.map(|p| p.display().to_string()).unwrap_or_default();
    if earlier.torn_tail {
        output::diagnostic(&format!(
            "peki: the last line of {shown} was cut off (an interrupted run?) and was ignored"
        ));
    }
    if earlier.mismatched > 0 {
        output::diagnostic(&format!(
            "warning: {} lines of {shown} succeeded for other messages at the same line \
             numbers (another input?); those lines were sent",
            earlier.mismatched
        ));
    }
}

/// Lines made into messages and delivered through the session.
struct Lines<'a> {
    session: &'a Session,
    expectations: &'a Expectations,
}

impl Courier for Lines<'_> {
    type Message = Outgoing;

    fn prepare(&self, request: Request) -> Result<Prepared<Outgoing>, Error> {
        let settings = &self.session.settings;
        let message = Outgoing {
            bot: match request.bot {
                Some(bot) => bot,
                None => self.session.default_bot()?,
            },
            user_id: request
                .user_id
                .unwrap_or_else(|| settings.user_id().to_string()),
            user_name: request
                .user_name
                .unwrap_or_else(|| settings.user_name().to_string()),
            content: request.content,
            file: request.file.map(|f| f.into_string()),
        };
        Ok(Prepared {
            input_hash: input_hash(&message),
            bot: message.bot.to_string(),
            message,
        })
    }

    fn deliver(&self, message: &Outgoing) -> Delivered {
        let delivery = self.session.deliver(message, self.expectations);
        let mut result = delivery.result;
        // The send's note says it did not wait within --max-wait; the batch decides that.
        if let Err(Error::Api(failure)) = &mut result
            && failure.status == 429
        {
            failure.note = None;
        }
        Delivered {
            report: delivery.report,
            result,
        }
    }

    fn cached(&self, message: &Outgoing) -> Option<Delivered> {
        let delivery = self.session.cached(message, self.expectations)?;
        Some(Delivered {
            report: delivery.report,
            result: delivery.result,
        })
    }
}

/// What `--resume` matches a line on: the SHA-256 of the message it became.
pub fn input_hash(message: &Outgoing) -> String {
    digest::hex(&digest::fields(
        "peki batch line v1",
        &[
            Some(message.bot.as_str()),
            Some(&message.user_id),
            Some(&message.user_name),
            Some(&message.content),
            message.file.as_deref(),
        ],
    ))
}

/// Results on stdout, notices on stderr, progress on a terminal.
struct Results {
    progress: Progress,
    /// Results then go to the terminal the progress bar is on: it is cleared for each.
    stdout_is_terminal: bool,
}

impl Sink for Results {
    fn line(&mut self, finished: Finished) -> Result<Stdout, Error> {
        let failed = finished.failure_code().is_some();
        let value = match &finished.outcome {
            Outcome::Resumed(value) => value.clone(),
            Outcome::Line(delivered) => output::batch_line_json(
                &delivered.report,
                &delivered.result,
                LineFields {
                    line: finished.number,
                    id: finished.id.as_ref(),
                    input_hash: finished.input_hash.as_deref(),
                },
            ),
        };
        self.progress.line_done(finished.end_offset, failed);
        if self.stdout_is_terminal {
            progress::suspend(|| output::print_json_line(&value))
        } else {
            output::print_json_line(&value)
        }
    }

    fn notice(&mut self, notice: Notice) {
        let line = match notice {
            Notice::Waiting { until } => format!(
                "peki: the rate limit is used up; waiting until it resets {} (--wait)",
                clock::describe_reset(until)
            ),
            Notice::Stopped(stop) => format!("peki: not sending any more lines: {stop}"),
            Notice::StoppedFor { bot, stop } => {
                format!("peki: not sending any more lines to chatbot '{bot}': {stop}")
            }
            Notice::Interrupted { name, in_flight: 0 } => format!("peki: {name}: stopping"),
            Notice::Interrupted { name, in_flight } => format!(
                "peki: {name}: finishing the {in_flight} {} in flight, then stopping \
                 (again to stop at once)",
                if in_flight == 1 {
                    "request"
                } else {
                    "requests"
                }
            ),
            Notice::OutputClosed { after_line } => {
                format!("peki: the output was closed after line {after_line}: nothing more is sent")
            }
        };
        output::diagnostic(&line);
    }
}
