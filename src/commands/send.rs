//! `peki send`: compose the message (words and stdin), resolve settings, send it signed
//! (with retries), and hand the outcome to `output`.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use crate::api::{Message, MessageRequest, RateLimit, Reply, User};
use crate::ca_bundle::CaBundle;
use crate::cli::{ExpectArgs, GlobalArgs, SendArgs};
use crate::client::proxy::{self, ProxyChoice};
use crate::client::{Client, Event, Options, Policy, retry};
use crate::config::{self, ConfigError, Key, Settings, Source, Value};
use crate::error::{Error, UsageError};
use crate::expect::{Check, Expectations, Outcome, Pattern};
use crate::input;
use crate::output::{self, SendReport};
use crate::quota::{QuotaBook, Reading};
use crate::sandbox::{self, Accounts, Sandbox, SandboxOptions};
use crate::values::{BaseUrl, BotId, Credentials, ProxyUrl, Secret};

/// Waits at least this long are announced even without `--verbose`: silence that long
/// would look like a hang.
const ANNOUNCED_WAIT: Duration = Duration::from_secs(2);

pub fn run(global: &GlobalArgs, args: &SendArgs) -> Result<(), Error> {
    let mut report = SendReport {
        bot: args.settings.get(Key::Bot).map(|bot| match bot {
            Value::Bot(bot) => bot.to_string(),
            other => other.shown(),
        }),
        ..Default::default()
    };
    let started = Instant::now();
    let expectations = expectations(&args.expect)?;
    let result = send(global, args, &mut report);
    report.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let result = result.and_then(|reply| {
        report.reply = Some(reply);
        judge(&expectations, &mut report)
    });
    let printed = output::print_send(&report, &result, args.output.format(), args.rate_limit);
    // The send's own failure comes first; a failed write matters when all else went well.
    result.and(printed)
}

/// The expectations of `--expect-*`, in a fixed order.
pub(crate) fn expectations(args: &ExpectArgs) -> Result<Expectations, Error> {
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

/// The verdicts on the reply in `report`; exit 9 when one failed.
pub(crate) fn judge(expectations: &Expectations, report: &mut SendReport) -> Result<(), Error> {
    let Some(reply) = &report.reply else {
        return Ok(());
    };
    if expectations.is_empty() {
        return Ok(());
    }
    let text = match reply {
        Reply::Text(text) => text.clone(),
        Reply::Json(value) => value.to_string(),
    };
    let json = match reply {
        Reply::Json(value) => Some(value),
        Reply::Text(_) => None,
    };
    report.expectations = expectations.check(&Outcome::Reply {
        text: &text,
        json,
        elapsed_ms: report.elapsed_ms,
    });
    let failed = report.expectations.iter().filter(|v| !v.ok).count();
    if failed == 0 {
        Ok(())
    } else {
        Err(Error::Expectation {
            failed,
            total: report.expectations.len(),
        })
    }
}

fn send(global: &GlobalArgs, args: &SendArgs, report: &mut SendReport) -> Result<Reply, Error> {
    let content = compose_message(&args.message, || {
        if input::stdin_is_terminal() {
            output::diagnostic("peki: reading the message from the terminal; end it with Ctrl-D");
        }
        Ok(input::read_stdin(std::io::stdin().lock())?)
    })?;
    let mut overrides = super::overrides(global, &args.settings);
    if args.sandbox {
        // The sandbox brings its own URL and credentials: whatever the environment or the
        // profile says about those must not stop the demo.
        overrides
            .values
            .insert(Key::BaseUrl, Value::BaseUrl(loopback_placeholder()?));
        overrides
            .values
            .insert(Key::ApiKey, Value::Text(sandbox::DEMO_API_KEY.to_string()));
    }
    let settings = config::load(&overrides, &config::process_env)?;
    for warning in &settings.warnings {
        output::diagnostic(warning);
    }
    // Keep the sandbox alive until the exchange is over.
    let (_sandbox, bot, client) = if args.sandbox {
        let bot = match settings.bot() {
            Some(bot) => bot.clone(),
            None => demo_bot()?,
        };
        let (sandbox, client) = start_sandbox(&settings, &bot)?;
        (Some(sandbox), bot, client)
    } else {
        let bot = settings.require_bot()?;
        let credentials = settings.require_credentials()?;
        let options = client_options(&settings)?;
        if global.verbose
            && let Some(proxy) = &options.proxy
        {
            output::diagnostic(&format!("* via proxy {proxy}"));
        }
        let client = Client::new(settings.base_url().clone(), credentials, &options)?;
        (None, bot, client)
    };
    report.bot = Some(bot.to_string());
    let request = MessageRequest {
        user: User {
            id: settings.user_id().to_string(),
            name: settings.user_name().to_string(),
        },
        message: Message {
            content,
            file: args.file.clone().map(|f| f.into_string()),
        },
    };
    if request.user.id.trim().is_empty() || request.user.name.trim().is_empty() {
        return Err(UsageError::BlankUser.into());
    }
    let outcome = client.send_message(&bot, &request, &policy(&settings), &mut |event| {
        show_event(&client, &event, global.verbose);
    });
    report.attempts = outcome.attempts;
    if let Err(crate::client::TransportError::Bad(bad)) = &outcome.result {
        report.status = bad.status;
    }
    let exchange = outcome.result?;
    report.status = Some(exchange.response.status);
    report.rate_limit = exchange.response.rate_limit;
    // The in-process sandbox's windows are gone when it is: not worth a reading.
    if !args.sandbox
        && let Some(rate_limit) = exchange.response.rate_limit
    {
        record_rate_limit(&client, &bot, rate_limit, global.verbose);
    }
    report.response = exchange.response.body_value();
    let mut result = exchange.response.judge(bot.as_str()).map_err(Error::from);
    if let (Err(Error::Api(failure)), Some(note)) = (&mut result, outcome.note) {
        failure.note = Some(note);
    }
    result
}

/// Notes the window in the rate-limit book (`peki limits`). A book that cannot be written
/// does not fail the send; `-v` says why.
pub(crate) fn record_rate_limit(
    client: &Client,
    bot: &BotId,
    rate_limit: RateLimit,
    verbose: bool,
) {
    let Some(book) = QuotaBook::open_default() else {
        return;
    };
    let reading = Reading::new(
        &client.base_url().to_string(),
        client.api_key(),
        bot.as_str(),
        rate_limit,
        crate::clock::unix_now(),
    );
    if let Err(e) = book.record(reading)
        && verbose
    {
        output::diagnostic(&format!(
            "peki: cannot record the rate limit in {}: {e}",
            book.path().display()
        ));
    }
}

/// How hard to try, from the settings.
fn policy(settings: &Settings) -> Policy {
    Policy {
        retries: settings.retries(),
        max_wait: settings.max_wait(),
        retry_delay: settings.retry_delay(),
        timeout: settings.timeout(),
    }
}

/// TLS roots and proxy from the settings and the environment.
fn client_options(settings: &Settings) -> Result<Options, Error> {
    let ca_bundle = match (settings.ca_cert(), settings.get(Key::CaCert)) {
        (Some(path), Some(sourced)) => {
            Some(CaBundle::load(path).map_err(|reason| ConfigError::Invalid {
                setting: Key::CaCert.name(),
                origin: sourced.source.clone(),
                at: settings.positions.get(&Key::CaCert).cloned(),
                reason,
            })?)
        }
        _ => None,
    };
    let base_url = settings.base_url();
    let proxy =
        match proxy::choose(
            base_url.scheme(),
            base_url.host(),
            settings.proxy().cloned(),
            &config::process_env,
        ) {
            None => None,
            Some(ProxyChoice::Explicit(proxy)) => Some(proxy),
            Some(ProxyChoice::Env(var, raw)) => Some(raw.parse::<ProxyUrl>().map_err(
                |reason| ConfigError::Invalid {
                    setting: "proxy",
                    origin: Source::Env(var),
                    at: None,
                    reason,
                },
            )?),
        };
    Ok(Options {
        timeout: settings.timeout(),
        connect_timeout: settings.connect_timeout(),
        ca_bundle,
        native_roots: settings.native_roots(),
        proxy,
    })
}

/// Any loopback URL: `--sandbox` replaces it with the sandbox's own once it listens.
fn loopback_placeholder() -> Result<BaseUrl, Error> {
    "http://127.0.0.1/api".parse().map_err(Error::Unexpected)
}

fn demo_bot() -> Result<BotId, Error> {
    sandbox::DEMO_BOT.parse().map_err(Error::Unexpected)
}

/// Starts an in-process sandbox with the demo credentials and a client for it.
fn start_sandbox(settings: &Settings, bot: &BotId) -> Result<(Sandbox, Client), Error> {
    let secret = Secret::new(sandbox::DEMO_API_SECRET);
    let accounts = Accounts::single(
        sandbox::DEMO_API_KEY,
        secret.clone(),
        std::slice::from_ref(bot),
        sandbox::DEFAULT_DAILY_LIMIT,
    )
    .map_err(Error::Unexpected)?;
    let sandbox = Sandbox::start(
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        accounts,
        SandboxOptions::default(),
    )?;
    let base_url = sandbox.base_url().parse().map_err(Error::Unexpected)?;
    let credentials = Credentials {
        api_key: sandbox::DEMO_API_KEY.to_string(),
        api_secret: secret,
    };
    let options = Options {
        timeout: settings.timeout(),
        connect_timeout: settings.connect_timeout(),
        ..Options::default()
    };
    let client = Client::new(base_url, credentials, &options)?;
    Ok((sandbox, client))
}

/// Progress on stderr: every attempt and retry with `--verbose`; long waits and clock
/// corrections always.
fn show_event(client: &Client, event: &Event<'_>, verbose: bool) {
    match event {
        Event::Attempted {
            number,
            sent,
            result,
        } if verbose => {
            let mut lines = vec![
                format!("> POST {} (attempt {number})", sent.url),
                format!("> X-API-Key: {}", client.api_key_shown()),
                format!("> X-Timestamp: {}", sent.timestamp),
                "> X-Signature: (hidden)".to_string(),
                format!(
                    "> signed: POST\\n{}\\n<body {} bytes>\\n{}",
                    sent.path, sent.body_len, sent.timestamp
                ),
            ];
            lines.push(match result {
                Ok(exchange) => format!(
                    "< HTTP {} ({} bytes, {} ms)",
                    exchange.response.status,
                    exchange.response.body.len(),
                    exchange.elapsed.as_millis()
                ),
                Err(error) => format!("* no answer: {error}"),
            });
            output::diagnostic(&lines.join("\n"));
        }
        Event::Attempted { .. } => {}
        Event::Waiting {
            retry,
            of,
            wait,
            reason,
        } => {
            if verbose || *wait >= ANNOUNCED_WAIT {
                output::diagnostic(&format!(
                    "peki: {reason}; retry {retry}/{of} in {:.2}s",
                    wait.as_secs_f64()
                ));
            }
        }
        Event::GivingUp { why } => {
            if verbose {
                output::diagnostic(&format!("peki: giving up: {why}"));
            }
        }
        Event::ClockSkew { skew } => output::diagnostic(&format!(
            "warning: {}; retrying with timestamps corrected by {skew:+}s (sync the clock, e.g. with NTP)",
            retry::describe_skew(*skew)
        )),
    }
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
