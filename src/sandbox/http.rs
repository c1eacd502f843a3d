//! Between hyper's types and the sandbox's: the request's parts as `Incoming` needs them,
//! the body read within its size and time limits, and an `Answer` as a hyper response with
//! the API's headers. No decisions about what to answer.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Body;
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};

use super::answer::Answer;
use super::incoming::{BodyError, MAX_BODY_BYTES};

/// A body announced or sent past the cap is read on (and thrown away) up to this much, so
/// that the client finishes writing and reads the 413 instead of a reset connection.
const DISCARD_LIMIT: u64 = 8 * 1024 * 1024;

/// The whole body must arrive within this, however steadily it trickles.
const BODY_DEADLINE: Duration = Duration::from_secs(60);

/// Method, target and headers of `req`, as `Incoming` borrows them.
pub(super) struct Head {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

pub(super) fn head<B>(req: &Request<B>) -> Head {
    let url = req.uri().path_and_query().map_or_else(
        || req.uri().path().to_string(),
        |pq| pq.as_str().to_string(),
    );
    let headers = req
        .headers()
        .iter()
        .map(|(name, value)| {
            // Values with bytes beyond ASCII are kept, lossily: checks compare them anyway.
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_string(), value)
        })
        .collect();
    Head {
        method: req.method().as_str().to_string(),
        url,
        headers,
    }
}

/// The body, unless it is larger than `MAX_BODY_BYTES`, broken, or stalls for `idle`.
pub(super) async fn read_body<B>(mut body: B, idle: Duration) -> Result<Bytes, BodyError>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: std::fmt::Display,
{
    let announced = body.size_hint().exact();
    if announced.is_some_and(|n| n > MAX_BODY_BYTES as u64 + DISCARD_LIMIT) {
        // Not worth reading: answer now, and hyper closes the connection after the answer.
        return Err(BodyError::TooLarge);
    }
    let reading = async {
        let mut collected = Vec::with_capacity(
            usize::try_from(announced.unwrap_or(0))
                .unwrap_or(0)
                .min(MAX_BODY_BYTES),
        );
        let mut too_large = false;
        let mut seen: u64 = 0;
        loop {
            let frame = match tokio::time::timeout(idle, body.frame()).await {
                Err(_) => {
                    return Err(BodyError::Unreadable(format!(
                        "no data for {} s",
                        idle.as_secs_f64()
                    )));
                }
                Ok(None) => break,
                Ok(Some(Err(e))) => return Err(BodyError::Unreadable(e.to_string())),
                Ok(Some(Ok(frame))) => frame,
            };
            let Ok(data) = frame.into_data() else {
                continue; // trailers
            };
            seen = seen.saturating_add(data.len() as u64);
            if seen > MAX_BODY_BYTES as u64 {
                too_large = true;
                collected = Vec::new();
                if seen > MAX_BODY_BYTES as u64 + DISCARD_LIMIT {
                    break;
                }
            } else {
                collected.extend_from_slice(&data);
            }
        }
        if too_large {
            Err(BodyError::TooLarge)
        } else {
            Ok(Bytes::from(collected))
        }
    };
    match tokio::time::timeout(BODY_DEADLINE, reading).await {
        Ok(read) => read,
        Err(_) => Err(BodyError::Unreadable(format!(
            "the body took longer than {} s",
            BODY_DEADLINE.as_secs()
        ))),
    }
}

/// `answer` as hyper's response, dated `date` (the sandbox's clock, which clients read for
/// skew; hyper adds its own Date only when there is none).
pub(super) fn response(answer: Answer, date: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(answer.body)));
    *response.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(answer.content_type),
    );
    insert(headers, header::DATE, date);
    let rl = answer.rate_limit;
    if let (Some(limit), Some(remaining), Some(reset)) = (rl.limit, rl.remaining, rl.reset) {
        insert(headers, X_RATELIMIT_LIMIT, &limit.to_string());
        insert(headers, X_RATELIMIT_REMAINING, &remaining.to_string());
        insert(headers, X_RATELIMIT_RESET, &reset.to_string());
    }
    if let Some(seconds) = answer.retry_after {
        insert(headers, header::RETRY_AFTER, &seconds.to_string());
    }
    if let Some(allow) = answer.allow {
        headers.insert(header::ALLOW, HeaderValue::from_static(allow));
    }
    response
}

const X_RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const X_RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const X_RATELIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// Values here are digits or dates, always valid; one that were not would be left out
/// rather than fail the answer.
fn insert(headers: &mut hyper::HeaderMap, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}
