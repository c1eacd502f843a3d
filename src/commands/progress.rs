//! A delivery's progress on stderr, by level: `-v` each attempt's request line, status,
//! size and time, the rate-limit state and every retry; `-vv` also the headers (the key
//! masked, the signature hidden) and both bodies; long waits and clock corrections
//! always (not with `-q`). Never the secret.

use std::time::Duration;

use crate::client::{Client, Event, retry};
use crate::output;
use crate::style::{self, Level};
use crate::text::for_terminal;
use crate::values::mask;

/// Waits at least this long are announced even without `--verbose`: silence that long
/// would look like a hang.
const ANNOUNCED_WAIT: Duration = Duration::from_secs(2);

/// `-vv` shows at most this much of a body.
const SHOWN_BODY_MAX: usize = 16 * 1024;

/// Progress on stderr. `-v`: each attempt's request line, status, size and time, the
/// rate-limit state and every retry; `-vv`: also the headers (the key masked, the
/// signature hidden) and both bodies. Long waits and clock corrections always (not `-q`).
pub(super) fn show_event(client: &Client, event: &Event<'_>, request_body: Option<&[u8]>) {
    match event {
        Event::Attempted {
            number,
            sent,
            result,
        } if style::shows(Level::Verbose) => {
            let mark = |m: &str| format!("{}{m}{:#}", style::LABEL, style::LABEL);
            let mut lines = vec![format!(
                "{} POST {} (attempt {number})",
                mark(">"),
                sent.url
            )];
            if style::shows(Level::Debug) {
                lines.extend([
                    format!("{} Content-Type: application/json", mark(">")),
                    format!("{} X-API-Key: {}", mark(">"), mask(client.api_key())),
                    format!("{} X-Timestamp: {}", mark(">"), sent.timestamp),
                    format!("{} X-Signature: (hidden)", mark(">")),
                    format!(
                        "{} signed: POST\\n{}\\n<body {} bytes>\\n{}",
                        mark("*"),
                        sent.path,
                        sent.body_len,
                        sent.timestamp
                    ),
                ]);
                if let Some(body) = request_body {
                    lines.push(format!("{}\n{}", mark(">"), shown_body(body)));
                }
            }
            match result {
                Ok(exchange) => {
                    let response = &exchange.response;
                    lines.push(format!(
                        "{} HTTP {} {} ({} bytes, {} ms)",
                        mark("<"),
                        response.status,
                        crate::api::reason(response.status),
                        response.body.len(),
                        exchange.elapsed.as_millis()
                    ));
                    if style::shows(Level::Debug) {
                        for (name, value) in [
                            ("Date", response.date.as_deref()),
                            ("Retry-After", response.retry_after.as_deref()),
                        ] {
                            if let Some(value) = value {
                                lines.push(format!(
                                    "{} {name}: {}",
                                    mark("<"),
                                    crate::text::one_line(value, 80)
                                ));
                            }
                        }
                    }
                    if let Some(rate_limit) = response.rate_limit {
                        lines.push(format!(
                            "{} rate limit: {}",
                            mark("*"),
                            rate_limit.describe()
                        ));
                    }
                    if style::shows(Level::Debug) {
                        lines.push(format!("{}\n{}", mark("<"), shown_body(&response.body)));
                    }
                }
                Err(error) => lines.push(format!("{} no answer: {error}", mark("*"))),
            }
            output::diagnostic(&lines.join("\n"));
        }
        Event::Attempted { .. } => {}
        Event::Waiting {
            retry,
            of,
            wait,
            reason,
        } => {
            let line = format!(
                "peki: {reason}; retry {retry}/{of} in {:.2}s",
                wait.as_secs_f64()
            );
            if *wait >= ANNOUNCED_WAIT {
                output::note(&line);
            } else {
                output::trace(Level::Verbose, &line);
            }
        }
        Event::GivingUp { why } => {
            output::trace(Level::Verbose, &format!("peki: giving up: {why}"))
        }
        Event::ClockSkew { skew } => output::warning(&format!(
            "{}; retrying with timestamps corrected by {skew:+}s (sync the clock, e.g. with NTP)",
            retry::describe_skew(*skew)
        )),
    }
}

/// A body for `-vv`: text with anything a terminal would act on shown escaped, cut at
/// `SHOWN_BODY_MAX` bytes.
fn shown_body(body: &[u8]) -> String {
    let cut = body.len().min(SHOWN_BODY_MAX);
    let text = String::from_utf8_lossy(&body[..cut]);
    let mut shown = for_terminal(&text).into_owned();
    if body.len() > cut {
        shown.push_str(&format!("… ({} more bytes)", body.len() - cut));
    }
    shown
}
