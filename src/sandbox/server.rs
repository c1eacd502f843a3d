//! The sandbox's HTTP side: one thread takes requests from tiny_http and gives each its own
//! thread, which reads the body (capped), asks `Verifier` for the answer, writes it back
//! and reports one log line. A client that stalls mid-body holds only its own thread. It
//! does not judge requests and does not print.

use std::io::Read;
use std::sync::Arc;
use std::time::Instant;

use super::verify::{Answer, BodyError, Incoming, MAX_BODY_BYTES, Verifier};
use crate::api::one_line;
use crate::clock::unix_now;

/// Receives one line per request: method, path, status, verdict, milliseconds.
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

/// Hands each request from `server` to a thread of its own until `stopped` says so.
pub(super) fn dispatch(
    server: &tiny_http::Server,
    verifier: &Arc<Verifier>,
    log: Option<&LogSink>,
    stopped: &dyn Fn() -> bool,
) {
    loop {
        match server.recv() {
            Ok(request) => {
                let (verifier, log) = (verifier.clone(), log.cloned());
                std::thread::spawn(move || serve_one(&verifier, request, log.as_ref()));
            }
            // `recv` fails when unblocked for shutdown, or on an accept error: keep serving
            // unless we are stopping.
            Err(_) if stopped() => return,
            Err(_) => continue,
        }
    }
}

fn serve_one(verifier: &Verifier, mut request: tiny_http::Request, log: Option<&LogSink>) {
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
    let answer = verifier.answer(&incoming, unix_now());
    let line = format!(
        "{} {} {} {} {:.1}ms",
        one_line(&method, 16),
        one_line(&url, 200),
        answer.status,
        answer.verdict,
        started.elapsed().as_secs_f64() * 1000.0
    );
    // The client may be gone already; there is nobody to tell.
    let _ = request.respond(into_response(answer));
    if let Some(log) = log {
        log(&line);
    }
}

fn into_response(answer: Answer) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut headers = vec![("Content-Type", answer.content_type.to_string())];
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
