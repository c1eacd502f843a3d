//! `peki chat`: a conversation with one chatbot as one user, through a `Session` (one
//! client, one connection). On a terminal: the line editor, /commands, a spinner and
//! Ctrl-C to give up waiting; anywhere else: one message an input line, one reply an output
//! line, never a question to a terminal that is not there.

mod editor;
mod interrupt;
mod slash;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use editor::{Line, LineEditor};
use interrupt::{Caught, Watch};
use slash::Input;

use super::session::{Delivery, Outgoing, Session};
use crate::api::{RateLimit, Reply};
use crate::cli::{ChatArgs, GlobalArgs};
use crate::config::{Key, Source};
use crate::error::{Error, UsageError};
use crate::expect::Expectations;
use crate::input::{self, InputError, MAX_STDIN_BYTES, Reading};
use crate::output::{self, OutputFormat, SendReport};
use crate::style::{self, Level};
use crate::values::BotId;

pub fn run(global: &GlobalArgs, args: &ChatArgs) -> Result<(), Error> {
    // `peki chat < f >> f` would answer its own replies for ever, each one a request.
    input::refuse_stdin(Reading::Messages).map_err(InputError::from)?;
    let session = Arc::new(Session::open(global, &args.settings, args.sandbox, true)?);
    let chat = Conversation::start(&session)?;
    let format = args.output.format();
    let terminal = input::stdin_is_terminal() && std::io::stdout().is_terminal();
    if terminal && format == OutputFormat::Plain {
        interactive(&session, chat, args.no_history)
    } else {
        piped(&session, chat, format)
    }
}

/// Who talks to whom, and what is pending.
struct Conversation {
    bot: BotId,
    user_id: String,
    user_name: String,
    /// Attached to the next message (`/file`).
    file: Option<String>,
    /// The last message sent, for `/retry`.
    last: Option<Outgoing>,
    /// The last rate-limit reading of each chatbot in this session.
    limits: HashMap<String, RateLimit>,
}

impl Conversation {
    fn start(session: &Session) -> Result<Conversation, Error> {
        let settings = &session.settings;
        // The API keeps a conversation per user: a user id nobody chose is made new for
        // each session, so that a chat starts afresh.
        let chosen = settings
            .get(Key::UserId)
            .is_some_and(|s| s.source != Source::Default);
        let user_id = if chosen {
            settings.user_id().to_string()
        } else {
            format!("{}-{:08x}", settings.user_id(), fastrand::u32(..))
        };
        Ok(Conversation {
            bot: session.default_bot()?,
            user_id,
            user_name: settings.user_name().to_string(),
            file: None,
            last: None,
            limits: HashMap::new(),
        })
    }

    /// `content` from this user to this chatbot, with the pending file.
    fn outgoing(&mut self, content: String) -> Result<Outgoing, Error> {
        if content.len() > MAX_STDIN_BYTES {
            return Err(UsageError::MessageTooLarge.into());
        }
        Ok(Outgoing {
            bot: self.bot.clone(),
            user_id: self.user_id.clone(),
            user_name: self.user_name.clone(),
            content,
            file: self.file.take(),
        })
    }

    fn note_rate_limit(&mut self, report: &SendReport) {
        if let (Some(bot), Some(rate_limit)) = (&report.bot, report.rate_limit) {
            self.limits.insert(bot.clone(), rate_limit);
        }
    }

    /// The rate limit of the current chatbot: this session's last reading, else the
    /// book's (what `peki limits` shows).
    fn describe_limits(&self, session: &Session) -> String {
        let bot = self.bot.as_str();
        if let Some(rate_limit) = self.limits.get(bot) {
            return format!("{bot}: {}", rate_limit.describe());
        }
        let client = session.client();
        let reading = (!session.is_sandbox())
            .then(crate::quota::QuotaBook::open_default)
            .flatten()
            .and_then(|book| book.find(&client.base_url().to_string(), client.api_key(), bot));
        match reading {
            Some(reading) => format!(
                "{bot}: {} (as last seen, {})",
                RateLimit {
                    limit: reading.limit,
                    remaining: reading.remaining_at(crate::clock::unix_now()),
                    reset: reading.reset,
                }
                .describe(),
                crate::clock::describe_reset(reading.seen_at)
            ),
            None => format!("{bot}: no reading yet; the next reply will tell"),
        }
    }
}

/// The conversation on a terminal.
fn interactive(
    session: &Arc<Session>,
    mut chat: Conversation,
    no_history: bool,
) -> Result<(), Error> {
    let mut editor = LineEditor::open(no_history)
        .map_err(|e| Error::Unexpected(format!("cannot start the line editor: {e}")))?;
    output::note(&format!(
        "Talking to {} as user {} ({}). /help lists the commands; Ctrl-D quits.",
        chat.bot, chat.user_id, chat.user_name
    ));
    loop {
        let line = match editor.read(&format!("{}> ", chat.bot)) {
            Ok(Line::Text(line)) => line,
            Ok(Line::Cleared) => continue,
            Ok(Line::End) => return Ok(()),
            Err(e) => return Err(InputError::Answer(std::io::Error::other(e)).into()),
        };
        let input = slash::parse(&line);
        if input.keep_in_history() {
            editor.remember(&line);
        }
        let message = match input {
            Input::Nothing => continue,
            Input::Quit => return Ok(()),
            Input::Message(text) => chat.outgoing(text),
            Input::Retry => match chat.last.clone() {
                Some(last) => Ok(last),
                None => {
                    tell("nothing to retry yet");
                    continue;
                }
            },
            other => {
                command(session, &mut chat, other);
                continue;
            }
        };
        match message {
            Ok(message) => converse(session, &mut chat, message)?,
            Err(error) => output::print_error(&error),
        }
    }
}

/// A /command that changes the conversation or shows something.
fn command(session: &Session, chat: &mut Conversation, input: Input) {
    match input {
        Input::Help => {
            let mut lines =
                vec!["Type a message and press Enter; end a line with \\ to go on.".to_string()];
            lines.extend(
                slash::COMMANDS
                    .iter()
                    .map(|(usage, about)| format!("  {usage:<16} {about}")),
            );
            lines.push("  Ctrl-C clears the line or stops waiting; Ctrl-D quits.".into());
            tell(&lines.join("\n"));
        }
        Input::Bot(bot) => {
            tell(&format!("now talking to {bot}"));
            chat.bot = bot;
        }
        Input::User { id, name } => {
            if let Some(name) = name {
                chat.user_name = name;
            }
            chat.user_id = id;
            tell(&format!(
                "now talking as {} ({})",
                chat.user_id, chat.user_name
            ));
        }
        Input::File(url) => {
            tell("the file goes with your next message");
            chat.file = Some(url);
        }
        Input::Limits => tell(&chat.describe_limits(session)),
        Input::Invalid(why) => output::print_error(&UsageError::CommandLine(why).into()),
        Input::Nothing | Input::Quit | Input::Retry | Input::Message(_) => {}
    }
}

/// A line the user asked for: shown even with `-q`.
fn tell(text: &str) {
    output::diagnostic(&crate::text::for_terminal(text));
}

/// Sends `message` with a spinner, then prints the reply or the error; Ctrl-C gives up
/// waiting, TERM or HUP end the session.
fn converse(
    session: &Arc<Session>,
    chat: &mut Conversation,
    message: Outgoing,
) -> Result<(), Error> {
    chat.last = Some(message.clone());
    let delivery = match wait_for(session, message) {
        Waited::Done(delivery) => delivery,
        Waited::Cancelled => {
            tell("stopped waiting (the message may still reach the bot); /retry sends it again");
            return Ok(());
        }
        Waited::Ended(signal) => interrupt::die_of(signal),
    };
    chat.note_rate_limit(&delivery.report);
    if delivery.report.reply.is_some() {
        output::print_send(
            &delivery.report,
            &delivery.result,
            OutputFormat::Plain,
            false,
        )?;
    }
    if let Err(error) = &delivery.result {
        output::print_error(error);
    }
    Ok(())
}

enum Waited {
    Done(Box<Delivery>),
    Cancelled,
    Ended(i32),
}

/// Delivers on a thread of its own, so that a signal can end the wait; the spinner turns
/// on stderr meanwhile (on a terminal, unless `-q`).
fn wait_for(session: &Arc<Session>, message: Outgoing) -> Waited {
    let (done, answer) = mpsc::channel();
    let worker = session.clone();
    let bot = message.bot.clone();
    std::thread::spawn(move || {
        // The receiver is gone when the user stopped waiting: nobody wants this answer.
        let _ = done.send(worker.deliver(&message, &Expectations::default()));
    });
    let watch = Watch::start();
    let spinner = spinner(&bot);
    let waited = loop {
        match answer.recv_timeout(Duration::from_millis(50)) {
            Ok(delivery) => break Waited::Done(Box::new(delivery)),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                break Waited::Done(Box::new(Delivery {
                    report: SendReport::default(),
                    result: Err(Error::Unexpected(
                        "the request ended without an answer".into(),
                    )),
                }));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => match watch.caught() {
                Caught::Nothing => {}
                Caught::Interrupt => break Waited::Cancelled,
                Caught::Terminate(signal) => break Waited::Ended(signal),
            },
        }
    };
    spinner.finish_and_clear();
    waited
}

fn spinner(bot: &BotId) -> indicatif::ProgressBar {
    // With -v the progress lines would tear through the spinner's line.
    if style::level() != Level::Normal || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message(format!("{bot} is answering… (Ctrl-C stops waiting)"));
    spinner.enable_steady_tick(Duration::from_millis(100));
    spinner
}

/// Off a terminal: each input line is a message and each reply one line (or one JSON
/// object); a failure prints an empty line (or its object), and the exit code is the last
/// failure's.
fn piped(session: &Session, mut chat: Conversation, format: OutputFormat) -> Result<(), Error> {
    let mut stdin = std::io::stdin().lock();
    let mut last_failure = None;
    loop {
        let delivery = match input::read_line(&mut stdin, MAX_STDIN_BYTES) {
            Ok(None) => break,
            Ok(Some(line)) if line.trim().is_empty() => continue,
            Ok(Some(line)) => match chat.outgoing(line) {
                Ok(message) => session.deliver(&message, &Expectations::default()),
                Err(error) => failed(&chat, error),
            },
            // A line that is too long or not UTF-8 is that line's failure, not the end.
            Err(error @ (InputError::LineTooLong | InputError::NotUtf8)) => {
                failed(&chat, error.into())
            }
            Err(error) => return Err(error.into()),
        };
        chat.note_rate_limit(&delivery.report);
        match format {
            OutputFormat::Json => {
                output::print_send(&delivery.report, &delivery.result, format, false)?
            }
            OutputFormat::Plain => output::print_line(&reply_line(delivery.report.reply.as_ref()))?,
        }
        if let Err(error) = delivery.result {
            output::print_error(&error);
            last_failure = Some(error.exit_code());
        }
    }
    match last_failure {
        Some(code) => Err(Error::Reported { code }),
        None => Ok(()),
    }
}

/// A message that could not be sent, as a delivery with nothing in it.
fn failed(chat: &Conversation, error: Error) -> Delivery {
    Delivery {
        report: SendReport {
            bot: Some(chat.bot.to_string()),
            ..SendReport::default()
        },
        result: Err(error),
    }
}

/// A reply as one output line; none (a failure) is an empty line.
fn reply_line(reply: Option<&Reply>) -> String {
    match reply {
        Some(Reply::Text(text)) => slash::one_line_reply(text),
        Some(Reply::Json(value)) => value.to_string(),
        None => String::new(),
    }
}
