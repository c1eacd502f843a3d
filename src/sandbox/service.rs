//! One request, start to end: control endpoints aside, read the body within its limits,
//! apply the faults, verify, let the script shape the reply, record it (log line, journal)
//! and hand hyper the response, or an error that makes hyper hang up without answering.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response};

use super::answer::{self, Answer};
use super::app::App;
use super::control;
use super::faults::Fault;
use super::http;
use super::incoming::Incoming;
use super::journal::{self, Record};
use super::script::Outcome;
use super::verify::route_bot;
use crate::clock::unix_now;
use crate::text::one_line;
use crate::values::show_api_key;

/// Returned to hyper to close the connection with no answer at all.
#[derive(Debug)]
pub(super) struct HangUp;

impl std::fmt::Display for HangUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for HangUp {}

/// Counts a request in flight while it lives.
struct InFlight<'a>(&'a App);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.0.answered.fetch_add(1, Ordering::SeqCst);
    }
}

/// The answer to `req` from `peer`, or `HangUp`.
pub(super) async fn handle<B>(
    req: Request<B>,
    app: &App,
    peer: SocketAddr,
) -> Result<Response<Full<Bytes>>, HangUp>
where
    B: hyper::body::Body<Data = Bytes> + Unpin,
    B::Error: std::fmt::Display,
{
    let started = Instant::now();
    let head = http::head(&req);
    let log_line = |status: &str, verdict: &str, rule: Option<&str>| {
        if app.log.is_some() {
            let rule = rule
                .map(|r| format!(" [rule '{}']", one_line(r, 80)))
                .unwrap_or_default();
            app.log(&format!(
                "{} {} {status} {verdict}{rule} from {peer} {:.1}ms",
                one_line(&head.method, 16),
                one_line(&head.url, 200),
                started.elapsed().as_secs_f64() * 1000.0
            ));
        }
    };
    if control::is_control(req.uri().path()) {
        let authorization = req
            .headers()
            .get(hyper::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let (response, verdict) = control::answer(app, &head.method, &head.url, authorization);
        log_line(response.status().as_str(), verdict, None);
        return Ok(response);
    }
    app.in_flight.fetch_add(1, Ordering::SeqCst);
    let _in_flight = InFlight(app);
    let body = http::read_body(req.into_body(), app.idle_timeout).await;
    let incoming = Incoming {
        method: &head.method,
        url: &head.url,
        headers: &head.headers,
        body: body.as_deref().map_err(Clone::clone),
    };
    let faults = app.dice.faults();
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    let now = unix_now().saturating_add(app.clock_offset);
    let (decided, rule) = decide(app, &incoming, now).await;
    let record = |status: Option<u16>, verdict: &str, reason: Option<&str>, reply: Option<&str>| {
        log_line(
            &status.map_or("---".into(), |s| s.to_string()),
            verdict,
            rule.as_deref(),
        );
        if app.journal.is_active() {
            let failure = app.journal.record(&Record {
                time: format!("{:.3}", jiff::Timestamp::now()),
                peer: peer.to_string(),
                method: &head.method,
                path: incoming.path(),
                bot: route_bot(incoming.path()),
                api_key: incoming.header("x-api-key").map(show_api_key),
                verdict,
                status,
                reason,
                latency_ms: (started.elapsed().as_secs_f64() * 1e4).round() / 10.0,
                body: body
                    .as_deref()
                    .map_or(serde_json::Value::Null, journal::body_value),
                body_bytes: body.as_ref().map_or(0, Bytes::len),
                rule: rule.as_deref(),
                reply,
            });
            if let Some(failure) = failure {
                app.log(&failure);
            }
        }
    };
    let Some(mut answer) = decided else {
        let verdict = if rule.is_some() {
            "dropped (script)"
        } else {
            "dropped (--drop-rate)"
        };
        record(None, verdict, None, None);
        return Err(HangUp);
    };
    if answer.status == 429 {
        let to_reset = answer
            .rate_limit
            .reset
            .map(|reset| reset.saturating_sub(now).max(0));
        answer.retry_after = app.retry_after.or(answer.retry_after).or(to_reset);
    }
    let reply = (answer.status == 200)
        .then(|| serde_json::from_slice::<serde_json::Value>(&answer.body).ok())
        .flatten();
    let reply = reply.as_ref().and_then(|r| r["data"].as_str());
    record(
        Some(answer.status),
        &answer.verdict,
        answer.reason.as_deref(),
        reply,
    );
    Ok(http::response(answer, &crate::clock::http_date(now)))
}

/// The answer (`None`: hang up), and the script rule that gave it.
async fn decide(app: &App, incoming: &Incoming<'_>, now: i64) -> (Option<Answer>, Option<String>) {
    let accepted = match app.dice.roll() {
        Fault::Drop => return (None, None),
        Fault::Fail => return (Some(app.verifier.injected_failure(incoming, now)), None),
        Fault::None => match app.verifier.verify(incoming, now) {
            Err(refused) => return (Some(*refused), None),
            Ok(accepted) => accepted,
        },
    };
    let chosen = app
        .script
        .as_ref()
        .and_then(|script| script.choose(accepted.bot, &accepted.message));
    let Some(chosen) = chosen else {
        let message = &accepted.message;
        let echo = super::verify::echo(&message.content, message.file.as_deref());
        return (Some(answer::reply(echo, accepted.rate_limit)), None);
    };
    if !chosen.delay.is_zero() {
        tokio::time::sleep(chosen.delay).await;
    }
    let answer = match chosen.outcome {
        Outcome::Drop => None,
        Outcome::Reply(text) => Some(answer::reply(text, accepted.rate_limit)),
        Outcome::Problem {
            status,
            title,
            detail,
            errors,
        } => Some(app.verifier.scripted_problem(
            incoming,
            accepted.rate_limit,
            status,
            title.as_deref(),
            detail,
            errors,
        )),
    };
    (answer, Some(chosen.rule))
}
