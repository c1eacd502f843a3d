//! One request, start to end: read the body within its limits, apply the faults, verify,
//! let the script shape the reply, record it (log line, journal), and hand hyper the
//! response, or an error that makes hyper hang up without answering.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response};

use super::LogSink;
use super::answer::Answer;
use super::faults::{Dice, Fault};
use super::http;
use super::incoming::Incoming;
use super::verify::Verifier;
use crate::clock::unix_now;
use crate::text::one_line;

/// What every request shares.
pub(super) struct App {
    pub verifier: Verifier,
    pub log: Option<LogSink>,
    pub dice: Dice,
    pub clock_offset: i64,
    /// How long a body may stall between two pieces.
    pub idle_timeout: Duration,
    /// `--retry-after`: the Retry-After of every 429, instead of the time to the reset.
    pub retry_after: Option<i64>,
}

/// Returned to hyper to close the connection with no answer at all (`--drop-rate`).
#[derive(Debug)]
pub(super) struct HangUp;

impl std::fmt::Display for HangUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for HangUp {}

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
    let record = |status: &str, verdict: &str| {
        if let Some(log) = &app.log {
            log(&format!(
                "{} {} {status} {verdict} from {peer} {:.1}ms",
                one_line(&head.method, 16),
                one_line(&head.url, 200),
                started.elapsed().as_secs_f64() * 1000.0
            ));
        }
    };
    let mut answer: Answer = match app.dice.roll() {
        Fault::Drop => {
            record("---", "dropped (--drop-rate)");
            return Err(HangUp);
        }
        Fault::Fail => app.verifier.injected_failure(&incoming, now),
        Fault::None => app.verifier.answer(&incoming, now),
    };
    if answer.status == 429
        && let Some(seconds) = app.retry_after
    {
        answer.retry_after = Some(seconds);
    }
    record(&answer.status.to_string(), &answer.verdict);
    Ok(http::response(answer, &crate::clock::http_date(now)))
}
