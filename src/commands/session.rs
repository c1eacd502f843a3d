//! What every command that talks to the API shares: the settings resolved once, one client
//! (one connection pool, so a run of many messages reuses its connection), and `deliver`,
//! which sends one message, judges the answer, records the rate limit and checks the
//! expectations. It prints progress and warnings on stderr, never a reply.

use std::time::{Duration, Instant};

use crate::api::{Message, MessageRequest, RateLimit, Reply, User};
use crate::cache::ReplyCache;
use crate::cli::{GlobalArgs, SettingFlags};
use crate::client::{Client, Policy, TransportError};
use crate::config::{self, ConfigError, Key, Settings, Value};
use crate::error::{Error, UsageError};
use crate::expect::{Expectations, Outcome};
use crate::output::{self, SendReport};
use crate::preview::Preview;
use crate::quota::{QuotaBook, Reading, Recorder};
use crate::sandbox::{self, Sandbox};
use crate::style::{self, Level};
use crate::values::BotId;

#[path = "session_cache.rs"]
mod cache;
#[path = "session_client.rs"]
mod client;

pub(crate) use client::client_options;
use client::{demo_bot, loopback_placeholder, policy, start_sandbox};

/// One message to deliver.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub bot: BotId,
    pub user_id: String,
    pub user_name: String,
    pub content: String,
    pub file: Option<String>,
}

/// What delivering one message came to: the fields of its JSON object, and the outcome.
#[derive(Debug)]
pub struct Delivery {
    pub report: SendReport,
    pub result: Result<(), Error>,
}

/// Settings, a client and (for `--sandbox`) the sandbox it talks to.
pub struct Session {
    pub settings: Settings,
    client: Client,
    policy: Policy,
    verbose: bool,
    /// The chatbot when none is named per message: the setting, or the demo one.
    default_bot: Option<BotId>,
    /// The in-process sandbox, alive as long as the session; its windows are not recorded.
    sandbox: Option<Sandbox>,
    /// `--cache TTL`: stored replies reused, new ones stored.
    cache: Option<ReplyCache>,
    /// Rate-limit readings on their way to the book (`peki limits`).
    recorder: Recorder,
}

impl Session {
    /// Resolves the settings (printing their warnings once) and builds the client; with
    /// `sandbox`, starts one in-process with the demo credentials and talks to it. With
    /// `needs_bot`, a missing chatbot is reported first, before a secret command runs.
    pub fn open(
        global: &GlobalArgs,
        flags: &SettingFlags,
        sandbox: bool,
        needs_bot: bool,
    ) -> Result<Session, Error> {
        let mut overrides = super::overrides(global, flags);
        if sandbox {
            // The sandbox brings its own URL and credentials: whatever the environment or
            // the profile says about those must not stop the demo.
            overrides
                .values
                .insert(Key::BaseUrl, Value::BaseUrl(loopback_placeholder()?));
            overrides
                .values
                .insert(Key::ApiKey, Value::Text(sandbox::DEMO_API_KEY.to_string()));
        }
        let settings = config::load(&overrides, &config::process_env)?;
        for warning in &settings.warnings {
            output::warning(warning);
        }
        let policy = policy(&settings);
        if sandbox {
            let bot = match settings.bot() {
                Some(bot) => bot.clone(),
                None => demo_bot()?,
            };
            let (running, client) = start_sandbox(&settings, &bot)?;
            return Ok(Session {
                settings,
                client,
                policy,
                verbose: style::shows(Level::Verbose),
                default_bot: Some(bot),
                sandbox: Some(running),
                // Each in-process sandbox has a port of its own: its replies never match again.
                cache: None,
                recorder: Recorder::new(None),
            });
        }
        if needs_bot {
            settings.require_bot()?;
        }
        let credentials = settings.require_credentials()?;
        let options = client_options(&settings)?;
        if let Some(proxy) = &options.proxy {
            output::trace(Level::Verbose, &format!("* via proxy {proxy}"));
        }
        let client = Client::new(settings.base_url().clone(), credentials, &options)?;
        Ok(Session {
            default_bot: settings.bot().cloned(),
            cache: settings.cache_ttl().and_then(ReplyCache::open_default),
            recorder: Recorder::new(QuotaBook::open_default()),
            settings,
            client,
            policy,
            verbose: style::shows(Level::Verbose),
            sandbox: None,
        })
    }

    /// The chatbot to talk to when a message names none.
    pub fn default_bot(&self) -> Result<BotId, Error> {
        self.default_bot
            .clone()
            .ok_or_else(|| ConfigError::MissingBot.into())
    }

    /// A message from the settings' user to the default chatbot.
    pub fn message(&self, content: String, file: Option<String>) -> Result<Outgoing, Error> {
        Ok(Outgoing {
            bot: self.default_bot()?,
            user_id: self.settings.user_id().to_string(),
            user_name: self.settings.user_name().to_string(),
            content,
            file,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Whether this session talks to an in-process sandbox (`--sandbox`).
    pub fn is_sandbox(&self) -> bool {
        self.sandbox.is_some()
    }

    /// The request `deliver` would send for `message` now, signed: for `--dry-run`, which
    /// shows it and sends nothing.
    pub fn preview(&self, message: &Outgoing) -> Result<Preview, Error> {
        let request = message_request(message)?;
        let mut preview = self
            .client
            .preview(&message.bot, &request, crate::clock::unix_now());
        preview.ca_cert = self.settings.ca_bundle()?.map(Into::into);
        Ok(preview)
    }

    /// Leaves rate-limit windows to the caller: a 429 ends a delivery at once instead of
    /// waiting within `--max-wait` (`peki batch` waits, or stops, for the whole batch).
    pub fn hold_rate_limit_waits(&mut self) {
        self.policy.max_wait = Duration::ZERO;
    }

    /// Sends one message (retrying as the settings allow), judges the answer, records the
    /// rate limit and checks `expectations`. The reply, if any, is in the report. With
    /// `--cache`, a fresh stored reply is used instead and nothing is sent; a reply that came
    /// is stored.
    pub fn deliver(&self, message: &Outgoing, expectations: &Expectations) -> Delivery {
        if let Some(hit) = self.cached(message, expectations) {
            return hit;
        }
        let started = Instant::now();
        let mut report = SendReport {
            bot: Some(message.bot.to_string()),
            ..SendReport::default()
        };
        let result = self.exchange(message, &mut report);
        if result.is_ok() {
            self.store_reply(message, &report);
        }
        report.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let result = result.and_then(|reply| {
            report.reply = Some(reply);
            judge(expectations, &mut report)
        });
        Delivery { report, result }
    }

    fn exchange(&self, message: &Outgoing, report: &mut SendReport) -> Result<Reply, Error> {
        let request = message_request(message)?;
        let bot = &message.bot;
        // Serialized again only to be shown (the same function makes the same bytes).
        let shown_body = style::shows(Level::Debug).then(|| request.to_body());
        let outcome = self
            .client
            .send_message(bot, &request, &self.policy, &mut |event| {
                super::progress::show_event(&self.client, &event, shown_body.as_deref());
            });
        report.attempts = outcome.attempts;
        if let Err(TransportError::Bad(bad)) = &outcome.result {
            report.status = bad.status;
        }
        let exchange = outcome.result?;
        report.status = Some(exchange.response.status);
        report.rate_limit = exchange.response.rate_limit;
        // The in-process sandbox's windows are gone when it is: not worth a reading.
        if self.sandbox.is_none()
            && let Some(rate_limit) = exchange.response.rate_limit
        {
            record_rate_limit(&self.recorder, &self.client, bot, rate_limit, self.verbose);
        }
        // Parsed once: the reply is taken from it, then it is kept as the response. A
        // success's bytes are not needed once parsed (a 1 MiB reply is held twice, not three
        // times); a failure's are read again for its problem details.
        let mut response = exchange.response;
        let json = response.json();
        if json.is_some() && (200..300).contains(&response.status) {
            response.body = Vec::new();
        }
        let mut result = response
            .judge_parsed(bot.as_str(), json.as_ref())
            .map_err(Error::from);
        report.response = response.shown(json);
        if let (Err(Error::Api(failure)), Some(note)) = (&mut result, outcome.note) {
            failure.note = Some(note);
        }
        result
    }
}

/// The request body of `message`, once its user and content are checked: each command
/// refuses a blank message in its own words first, and none may reach the API.
fn message_request(message: &Outgoing) -> Result<MessageRequest<'_>, Error> {
    if message.user_id.trim().is_empty() || message.user_name.trim().is_empty() {
        return Err(UsageError::BlankUser.into());
    }
    if message.content.trim().is_empty() {
        return Err(UsageError::BlankMessage.into());
    }
    Ok(MessageRequest {
        user: User {
            id: &message.user_id,
            name: &message.user_name,
        },
        message: Message {
            content: &message.content,
            file: message.file.as_deref(),
        },
    })
}

/// The verdicts on the reply in `report`; exit 9 when one failed.
pub fn judge(expectations: &Expectations, report: &mut SendReport) -> Result<(), Error> {
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

/// Notes the window for the rate-limit book (`peki limits`). A book that cannot be written
/// does not fail the send; `-v` says why.
fn record_rate_limit(
    recorder: &Recorder,
    client: &Client,
    bot: &BotId,
    rate_limit: RateLimit,
    verbose: bool,
) {
    let Some(book) = recorder.book() else {
        return;
    };
    let reading = Reading::new(
        &client.base_url().to_string(),
        client.api_key(),
        bot.as_str(),
        rate_limit,
        crate::clock::unix_now(),
    );
    if let Err(e) = recorder.note(reading)
        && verbose
    {
        output::diagnostic(&format!(
            "peki: cannot record the rate limit in {}: {e}",
            book.path().display()
        ));
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
