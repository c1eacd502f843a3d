//! The HTTP side of a request: signing each attempt afresh, reading the response (capped),
//! and the retry loop that `retry` decides for. The agent and the reading of transport
//! failures are `transport`'s.
//!
//! It returns what came back; judging the body is `api`'s job and printing is `output`'s
//! (progress reaches the caller as `Event`s).

use std::time::{Duration, Instant};

mod transport;

pub use transport::load_ca_bundle;

use ureq::Agent;
use ureq::tls::Certificate;

use crate::api::reason;
use crate::api::{MessageRequest, RateLimit, RawResponse};
use crate::clock::unix_now;
use crate::config::Credentials;
use crate::error::Error;
use crate::retry::{self, Policy};
use crate::sign::{SignedParts, sign};
use crate::values::{BaseUrl, BotId};

/// Responses larger than this are refused rather than read into memory.
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// How to reach the API.
#[derive(Debug, Clone)]
pub struct Options {
    /// The budget for the whole request: attempts, backoff and rate-limit waits.
    pub timeout: Duration,
    /// PEM certificates trusted on top of the built-in roots.
    pub extra_roots: Vec<Certificate<'static>>,
    /// Trust the operating system's store instead of the built-in roots.
    pub native_roots: bool,
    /// The proxy URL, already chosen (see `proxy::choose`); `None` for a direct connection.
    pub proxy: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: crate::config::DEFAULT_TIMEOUT,
            extra_roots: Vec::new(),
            native_roots: false,
            proxy: None,
        }
    }
}

/// A signing, sending client for one base URL and one set of credentials.
#[derive(Debug, Clone)]
pub struct Client {
    agent: Agent,
    base_url: BaseUrl,
    credentials: Credentials,
    timeout: Duration,
    /// The proxy in use, password redacted, for error messages.
    proxy: Option<String>,
}

/// One signed request as sent: what `--verbose` shows (the signature itself is not kept).
#[derive(Debug, Clone)]
pub struct Sent {
    pub url: String,
    pub path: String,
    pub timestamp: String,
    pub body_len: usize,
}

/// An HTTP answer, whatever its status.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub response: RawResponse,
    pub elapsed: Duration,
}

/// Progress of `send_message`, for the caller to show.
#[derive(Debug)]
pub enum Event<'a> {
    /// One attempt ended, with an answer or without.
    Attempted {
        number: u32,
        sent: &'a Sent,
        result: Result<&'a Exchange, &'a Error>,
    },
    /// Waiting before retry `retry` of `of`.
    Waiting {
        retry: u32,
        of: u32,
        wait: Duration,
        reason: String,
    },
    /// The server's clock differs from ours by `skew` seconds (server − local); the next
    /// attempt's timestamp is corrected by it.
    ClockSkew { skew: i64 },
    /// No more attempts although the retries allowed more.
    GivingUp { why: String },
}

/// Less time than this left of `--timeout` is not worth another attempt.
const MIN_ATTEMPT: Duration = Duration::from_millis(100);

/// For a 429: seconds until the window reopens, measured on the server's clock (its `Date`,
/// else ours), and the Unix time of the reset on our clock.
fn announced_wait(result: &Result<Exchange, Error>) -> Option<(i64, i64)> {
    let response = &result.as_ref().ok()?.response;
    if response.status != 429 {
        return None;
    }
    let local_now = unix_now();
    let server_now = response
        .date
        .as_deref()
        .and_then(crate::clock::parse_http_date)
        .unwrap_or(local_now);
    let secs = retry::rate_limit_wait(
        response.retry_after.as_deref(),
        response.rate_limit.and_then(|rl| rl.reset),
        server_now,
    )?;
    Some((secs, local_now.saturating_add(secs)))
}

/// How `send_message` ended.
#[derive(Debug)]
pub struct Outcome {
    /// The last answer (any status), or why there was none.
    pub result: Result<Exchange, Error>,
    pub attempts: u32,
    /// Why `peki` stopped short of what the status alone says (a rate-limit wait it would
    /// not make, a clock it corrected to no avail).
    pub note: Option<String>,
}

impl Client {
    pub fn new(
        base_url: BaseUrl,
        credentials: Credentials,
        options: Options,
    ) -> Result<Self, Error> {
        let agent = transport::build_agent(&options)?;
        Ok(Client {
            agent,
            base_url,
            credentials,
            timeout: options.timeout,
            proxy: options.proxy.as_deref().map(crate::proxy::redact),
        })
    }

    fn route(&self) -> transport::Route<'_> {
        transport::Route {
            base_url: &self.base_url,
            timeout: self.timeout,
            proxy: self.proxy.as_deref(),
        }
    }

    /// A transport error as peki's, naming this client's target.
    fn fail(&self, error: ureq::Error) -> Error {
        transport::classify(error, &self.route())
    }

    /// The API key as `--verbose` may show it.
    pub fn api_key_masked(&self) -> String {
        crate::values::show_api_key(&self.credentials.api_key)
    }

    /// Sends one message, retrying what `policy` allows, each attempt signed afresh.
    pub fn send_message(
        &self,
        bot: &BotId,
        request: &MessageRequest,
        policy: &Policy,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Outcome {
        // Serialize once: every attempt signs and sends these exact bytes.
        let body = request.to_body();
        let deadline = Instant::now() + self.timeout;
        let mut clock_offset = 0i64;
        let mut attempts = 0u32;
        let mut retries_used = 0u32;
        loop {
            attempts += 1;
            let budget = deadline.saturating_duration_since(Instant::now());
            let (sent, result) = self.send_once(bot, &body, clock_offset, budget);
            on_event(Event::Attempted {
                number: attempts,
                sent: &sent,
                result: result.as_ref(),
            });
            let done = |result, note| Outcome {
                result,
                attempts,
                note,
            };
            // A 401 from a server whose clock differs: correct the timestamp once, at once.
            if let Ok(exchange) = &result
                && exchange.response.status == 401
            {
                let skew = retry::clock_skew(exchange.response.date.as_deref(), unix_now());
                match skew {
                    Some(skew) if clock_offset == 0 => {
                        clock_offset = skew;
                        on_event(Event::ClockSkew { skew });
                        continue;
                    }
                    _ if clock_offset != 0 => {
                        let note = format!(
                            "{}; peki corrected its timestamps and was still refused",
                            retry::describe_skew(clock_offset)
                        );
                        return done(result, Some(note));
                    }
                    _ => return done(result, None),
                }
            }
            let reason = match &result {
                Ok(exchange) if retry::retryable_status(exchange.response.status) => {
                    let status = exchange.response.status;
                    format!("HTTP {status} {}", reason(status))
                }
                Err(error) if retry::retryable_error(error) => error.to_string(),
                _ => return done(result, None),
            };
            if retries_used >= policy.retries {
                return done(result, None);
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            let backoff = retry::backoff(retries_used + 1, fastrand::f64());
            // A rate limit that says when it reopens: wait that long if it is soon enough.
            let wait = match announced_wait(&result) {
                Some((secs, reset)) => {
                    let announced = Duration::from_secs(secs.unsigned_abs());
                    let beyond = if announced > policy.max_wait {
                        Some(format!("beyond --max-wait {}s", policy.max_wait.as_secs()))
                    } else if announced + MIN_ATTEMPT > remaining {
                        Some(format!(
                            "beyond what is left of --timeout ({:.1}s)",
                            remaining.as_secs_f64()
                        ))
                    } else {
                        None
                    };
                    if let Some(beyond) = beyond {
                        let note = format!(
                            "not waiting: the limit resets {}, {beyond}",
                            crate::clock::describe_reset(reset)
                        );
                        return done(result, Some(note));
                    }
                    // Never sooner than the backoff (`Retry-After: 0` must not spin), and in
                    // full: a retry before the window reopens would be refused again.
                    announced.max(backoff.min(remaining.saturating_sub(announced + MIN_ATTEMPT)))
                }
                // A drawn backoff is shortened to leave room for the attempt after it.
                None => backoff.min(remaining / 2),
            };
            // --timeout bounds the whole run: a wait that would spend the rest of it is cut
            // short, and with too little left there is no point in another attempt.
            if remaining < MIN_ATTEMPT {
                on_event(Event::GivingUp {
                    why: "the --timeout budget is spent".into(),
                });
                return done(result, None);
            }
            retries_used += 1;
            on_event(Event::Waiting {
                retry: retries_used,
                of: policy.retries,
                wait,
                reason,
            });
            std::thread::sleep(wait);
        }
    }

    /// One signed attempt with `budget` for the whole exchange.
    fn send_once(
        &self,
        bot: &BotId,
        body: &[u8],
        clock_offset: i64,
        budget: Duration,
    ) -> (Sent, Result<Exchange, Error>) {
        let path = self.base_url.message_path(bot);
        let url = self.base_url.message_url(bot);
        let timestamp = unix_now().saturating_add(clock_offset).to_string();
        let signature = sign(
            self.credentials.api_secret.expose(),
            &SignedParts {
                method: "POST",
                path: &path,
                body,
                timestamp: &timestamp,
            },
        );
        let sent = Sent {
            url,
            path,
            timestamp,
            body_len: body.len(),
        };
        if budget.is_zero() {
            let error = transport::timed_out(&self.route());
            return (sent, Err(error));
        }
        let started = Instant::now();
        let result = self
            .agent
            .post(&sent.url)
            .config()
            .timeout_global(Some(budget))
            .build()
            .content_type("application/json")
            .header("Accept", "application/json")
            .header("X-API-Key", &self.credentials.api_key)
            .header("X-Timestamp", &sent.timestamp)
            .header("X-Signature", &signature)
            .send(body)
            .map_err(|e| self.fail(e))
            .and_then(|mut response| self.read(&mut response))
            .map(|response| Exchange {
                response,
                elapsed: started.elapsed(),
            });
        (sent, result)
    }

    /// Reads status, headers and the (capped) body; reading to the end returns the
    /// connection to the pool.
    fn read(&self, response: &mut ureq::http::Response<ureq::Body>) -> Result<RawResponse, Error> {
        let status = response.status().as_u16();
        let headers = response.headers();
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let rate_limit = RateLimit::from_headers(header);
        let retry_after = header("retry-after").map(str::to_string);
        let date = header("date").map(str::to_string);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => Error::BadResponse {
                    status: Some(status),
                    message: format!(
                        "HTTP {status} but the response body is larger than {} MiB",
                        MAX_RESPONSE_BYTES / (1024 * 1024)
                    ),
                },
                // Too slow to finish within the budget: a timeout like any other.
                timeout @ ureq::Error::Timeout(_) => self.fail(timeout),
                // The server answered, then the body broke off: the message was delivered,
                // so this is not retried (it would be sent twice).
                other => Error::BadResponse {
                    status: Some(status),
                    message: format!("HTTP {status} but the response body was cut off: {other}"),
                },
            })?;
        Ok(RawResponse {
            status,
            body,
            rate_limit,
            retry_after,
            date,
        })
    }
}
