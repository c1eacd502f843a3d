//! The retry loop: sign, send, decide whether and when to try again, wait, repeat, all
//! within the `--timeout` budget. Time and the transport come in from outside (`Time`,
//! `Transport`), so tests run it with a fake clock and scripted answers; each decision is
//! a small function of its inputs (`retry` holds the pure rules they apply).

use std::time::Duration;

use super::error::TransportError;
use super::retry::{self, Policy};
use super::time::Time;
use super::transport::{Outgoing, Transport};
use crate::api::{RawResponse, reason};
use crate::sign::{SignedParts, sign};
use crate::values::{BaseUrl, BotId, Credentials};

/// Less time than this left of `--timeout` is not worth another attempt.
pub const MIN_ATTEMPT: Duration = Duration::from_millis(100);

/// What one send is: where to, as whom, and the exact bytes.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub base_url: &'a BaseUrl,
    pub bot: &'a BotId,
    pub credentials: &'a Credentials,
    /// Serialized once: every attempt signs and sends these exact bytes.
    pub body: &'a [u8],
}

/// One signed attempt as sent: what `--verbose` shows (the signature itself is not kept).
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

/// Progress of a send, for the caller to show.
#[derive(Debug)]
pub enum Event<'a> {
    /// One attempt ended, with an answer or without.
    Attempted {
        number: u32,
        sent: &'a Sent,
        result: Result<&'a Exchange, &'a TransportError>,
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

/// How a send ended.
#[derive(Debug)]
pub struct Outcome {
    /// The last answer (any status), or why there was none.
    pub result: Result<Exchange, TransportError>,
    pub attempts: u32,
    /// Why `peki` stopped short of what the status alone says (a rate-limit wait it would
    /// not make, a clock it corrected to no avail).
    pub note: Option<String>,
}

/// What to do after an attempt.
#[derive(Debug, PartialEq)]
enum Step {
    /// Stop here, with a note for the user when there is more to say than the status.
    Done(Option<String>),
    /// Try again at once with the timestamps corrected by this many seconds.
    CorrectClock(i64),
    /// Wait, then retry; `reason` says what went wrong.
    Retry { wait: Duration, reason: String },
}

/// Sends `request`, retrying what `policy` allows, each attempt signed afresh.
pub fn run(
    request: &Request<'_>,
    transport: &dyn Transport,
    time: &mut dyn Time,
    policy: &Policy,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Outcome {
    let mut clock_offset = 0i64;
    let mut attempts = 0u32;
    let mut retries_used = 0u32;
    loop {
        attempts += 1;
        let (sent, result) = attempt(request, transport, time, clock_offset, policy.timeout);
        on_event(Event::Attempted {
            number: attempts,
            sent: &sent,
            result: result.as_ref(),
        });
        let step = clock_step(&result, clock_offset, time.unix_now())
            .unwrap_or_else(|| retry_step(&result, retries_used, policy, time, on_event));
        match step {
            Step::Done(note) => {
                return Outcome {
                    result,
                    attempts,
                    note,
                };
            }
            Step::CorrectClock(skew) => {
                clock_offset = skew;
                on_event(Event::ClockSkew { skew });
            }
            Step::Retry { wait, reason } => {
                retries_used += 1;
                on_event(Event::Waiting {
                    retry: retries_used,
                    of: policy.retries,
                    wait,
                    reason,
                });
                time.sleep(wait);
            }
        }
    }
}

/// One signed attempt with what is left of the budget.
fn attempt(
    request: &Request<'_>,
    transport: &dyn Transport,
    time: &mut dyn Time,
    clock_offset: i64,
    timeout: Duration,
) -> (Sent, Result<Exchange, TransportError>) {
    let path = request.base_url.message_path(request.bot);
    let url = request.base_url.message_url(request.bot);
    let timestamp = time.unix_now().saturating_add(clock_offset).to_string();
    let signature = sign(
        request.credentials.api_secret.expose(),
        &SignedParts {
            method: "POST",
            path: &path,
            body: request.body,
            timestamp: &timestamp,
        },
    );
    let sent = Sent {
        url,
        path,
        timestamp,
        body_len: request.body.len(),
    };
    let started = time.elapsed();
    let budget = timeout.saturating_sub(started);
    if budget.is_zero() {
        return (sent, Err(TransportError::Network(transport.timed_out())));
    }
    let outgoing = Outgoing {
        url: &sent.url,
        api_key: &request.credentials.api_key,
        timestamp: &sent.timestamp,
        signature: &signature,
        body: request.body,
    };
    let result = transport.send(&outgoing, budget).map(|response| Exchange {
        response,
        elapsed: time.elapsed().saturating_sub(started),
    });
    (sent, result)
}

/// A 401 from a server whose clock differs from ours: correct the timestamp once, at once.
/// `None` when the clock is not the question.
fn clock_step(result: &Result<Exchange, TransportError>, offset: i64, now: i64) -> Option<Step> {
    let response = &result.as_ref().ok()?.response;
    if response.status != 401 {
        return None;
    }
    Some(match retry::clock_skew(response.date.as_deref(), now) {
        Some(skew) if offset == 0 => Step::CorrectClock(skew),
        _ if offset != 0 => Step::Done(Some(format!(
            "{}; peki corrected its timestamps and was still refused",
            retry::describe_skew(offset)
        ))),
        _ => Step::Done(None),
    })
}

/// Whether to retry a failed attempt, and after how long.
fn retry_step(
    result: &Result<Exchange, TransportError>,
    retries_used: u32,
    policy: &Policy,
    time: &mut dyn Time,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Step {
    let reason = match result {
        Ok(exchange) if retry::retryable_status(exchange.response.status) => {
            let status = exchange.response.status;
            format!("HTTP {status} {}", reason(status))
        }
        Err(error) if retry::retryable_error(error) => error.to_string(),
        _ => return Step::Done(None),
    };
    if retries_used >= policy.retries {
        return Step::Done(None);
    }
    let remaining = policy.timeout.saturating_sub(time.elapsed());
    let backoff = retry::backoff(retries_used + 1, policy.retry_delay, time.random_unit());
    let wait = match announced_wait(result, time.unix_now()) {
        Some(window) => match window_wait(window, backoff, remaining, policy) {
            Ok(wait) => wait,
            Err(note) => return Step::Done(Some(note)),
        },
        // A drawn backoff is shortened to leave room for the attempt after it.
        None => backoff.min(remaining / 2),
    };
    // --timeout bounds the whole run: with too little left there is no point in another
    // attempt.
    if remaining < MIN_ATTEMPT {
        on_event(Event::GivingUp {
            why: "the --timeout budget is spent".into(),
        });
        return Step::Done(None);
    }
    Step::Retry { wait, reason }
}

/// A rate-limit window that reopens `secs` from now (at Unix time `reset` on our clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    secs: i64,
    reset: i64,
}

/// For a 429: when the window reopens, measured on the server's clock (its `Date`, else
/// ours), and the Unix time of the reset on our clock.
fn announced_wait(result: &Result<Exchange, TransportError>, local_now: i64) -> Option<Window> {
    let response = &result.as_ref().ok()?.response;
    if response.status != 429 {
        return None;
    }
    // The server's clock, unless its `Date` is too far off to be a clock at all.
    let server_now = response
        .date
        .as_deref()
        .and_then(crate::clock::parse_http_date)
        .filter(|at| at.abs_diff(local_now) <= retry::MAX_SKEW.unsigned_abs())
        .unwrap_or(local_now);
    let secs = retry::rate_limit_wait(
        response.retry_after.as_deref(),
        response.rate_limit.and_then(|rl| rl.reset),
        server_now,
    )?;
    Some(Window {
        secs,
        reset: local_now.saturating_add(secs),
    })
}

/// The wait for a rate-limit window, or why `peki` will not wait for it.
fn window_wait(
    window: Window,
    backoff: Duration,
    remaining: Duration,
    policy: &Policy,
) -> Result<Duration, String> {
    let announced = Duration::from_secs(window.secs.unsigned_abs());
    let beyond = if announced > policy.max_wait {
        Some(format!(
            "beyond --max-wait {}s",
            policy.max_wait.as_secs_f64()
        ))
    } else if announced + MIN_ATTEMPT > remaining {
        Some(format!(
            "beyond what is left of --timeout ({:.1}s)",
            remaining.as_secs_f64()
        ))
    } else {
        None
    };
    if let Some(beyond) = beyond {
        return Err(format!(
            "not waiting: the limit resets {}, {beyond}",
            crate::clock::describe_reset(window.reset)
        ));
    }
    // Never sooner than the backoff (`Retry-After: 0` must not spin), and in full: a
    // retry before the window reopens would be refused again.
    Ok(announced.max(backoff.min(remaining.saturating_sub(announced + MIN_ATTEMPT))))
}

#[cfg(test)]
#[path = "attempts_tests.rs"]
mod tests;
