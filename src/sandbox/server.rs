//! The sandbox's HTTP side: one thread takes requests from tiny_http and gives each its own
//! thread, which reads the body (capped), asks `Verifier` for the answer, writes it back
//! and reports one log line. A client that stalls mid-body holds only its own thread. It
//! does not judge requests and does not print.

use std::io::Read;
use std::sync::Arc;
use std::time::Instant;

use super::faults::{Dice, Fault};
use super::front::Front;
use super::verify::{Answer, BodyError, Incoming, MAX_BODY_BYTES, Verifier};
use crate::clock::unix_now;
use crate::text::one_line;

/// Receives one line per request: method, path, status, verdict, milliseconds.
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

/// What every request's thread shares.
pub(super) struct Context {
    pub verifier: Verifier,
    pub log: Option<LogSink>,
    pub dice: Dice,
    pub front: Arc<Front>,
    pub clock_offset: i64,
}

/// Hands each request from `server` to a thread of its own until `stopped` says so.
pub(super) fn dispatch(
    server: &tiny_http::Server,
    context: &Arc<Context>,
    stopped: &dyn Fn() -> bool,
) {
    loop {
        match server.recv() {
            Ok(request) => {
                let context = context.clone();
                std::thread::spawn(move || serve_one(&context, request));
            }
            // `recv` fails when unblocked for shutdown, or on an accept error: keep serving
            // unless we are stopping.
            Err(_) if stopped() => return,
            Err(_) => continue,
        }
    }
}

fn serve_one(context: &Context, mut request: tiny_http::Request) {
    let started = Instant::now();
    let method = request.method().as_str().to_string();
    let url = request.url().to_string();
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_string(),
                h.value.as_str().to_string(),
            )
        })
        .collect();
    let mut body = Vec::new();
    let read = request
        .as_reader()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut body);
    let body = match read {
        Err(e) => Err(BodyError::Unreadable(e.to_string())),
        Ok(n) if n > MAX_BODY_BYTES => Err(BodyError::TooLarge),
        Ok(_) => Ok(&body[..]),
    };
    let incoming = Incoming {
        method: &method,
        url: &url,
        headers: &headers,
        body,
    };
    let faults = context.dice.faults();
    if !faults.latency.is_zero() {
        std::thread::sleep(faults.latency);
    }
    let now = unix_now().saturating_add(context.clock_offset);
    let log = |status: &str, verdict: &str| {
        if let Some(log) = &context.log {
            log(&format!(
                "{} {} {status} {verdict} {:.1}ms",
                one_line(&method, 16),
                one_line(&url, 200),
                started.elapsed().as_secs_f64() * 1000.0
            ));
        }
    };
    let answer = match context.dice.roll() {
        Fault::Drop => {
            let seen_from = request.remote_addr().copied();
            if let Some(seen_from) = seen_from {
                context.front.hang_up(seen_from);
            }
            log("---", "dropped (--drop-rate)");
            // Dropping the request makes tiny_http write a 500 into the closed connection.
            return;
        }
        Fault::Fail => context.verifier.injected_failure(&incoming, now),
        Fault::None => context.verifier.answer(&incoming, now),
    };
    log(&answer.status.to_string(), &answer.verdict);
    // The client may be gone already; there is nobody to tell.
    let _ = request.respond(into_response(answer, now));
}

fn into_response(answer: Answer, now: i64) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut headers = vec![
        ("Content-Type", answer.content_type.to_string()),
        // The sandbox's own clock (shifted by --clock-skew), which clients read for skew.
        ("Date", crate::clock::http_date(now)),
    ];
    let rl = answer.rate_limit;
    if let (Some(limit), Some(remaining), Some(reset)) = (rl.limit, rl.remaining, rl.reset) {
        headers.push(("X-RateLimit-Limit", limit.to_string()));
        headers.push(("X-RateLimit-Remaining", remaining.to_string()));
        headers.push(("X-RateLimit-Reset", reset.to_string()));
    }
    if let Some(seconds) = answer.retry_after {
        headers.push(("Retry-After", seconds.to_string()));
    }
    if let Some(allow) = answer.allow {
        headers.push(("Allow", allow.to_string()));
    }
    let mut response = tiny_http::Response::from_data(answer.body).with_status_code(answer.status);
    for (name, value) in headers {
        // Names are constants and values are ASCII digits or constants: always valid.
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}
