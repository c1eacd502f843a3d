//! The HTTP side of a request: the ureq `Agent`, timeouts, signing each attempt, reading the
//! response (capped) and classifying transport failures.
//!
//! It returns what came back; judging the body is `api`'s job and printing is `output`'s.

use std::time::{Duration, Instant};

use ureq::Agent;

use crate::api::{MessageRequest, RateLimit, RawResponse};
use crate::clock::unix_now;
use crate::config::Credentials;
use crate::error::{Error, NetworkKind};
use crate::sign::{SignedParts, sign};
use crate::values::{BaseUrl, BotId};

/// Responses larger than this are refused rather than read into memory.
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Separate from the overall timeout: an unreachable host should fail fast.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub const USER_AGENT: &str = concat!("peki/", env!("CARGO_PKG_VERSION"));

/// A signing, sending client for one base URL and one set of credentials.
#[derive(Debug, Clone)]
pub struct Client {
    agent: Agent,
    base_url: BaseUrl,
    credentials: Credentials,
    timeout: Duration,
}

/// One signed request as sent: what `--verbose` shows (the signature itself is not kept).
#[derive(Debug, Clone)]
pub struct Sent {
    pub url: String,
    pub path: String,
    pub timestamp: String,
    pub body_len: usize,
}

/// A request that got an HTTP answer, whatever its status.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub sent: Sent,
    pub response: RawResponse,
    pub elapsed: Duration,
    pub attempts: u32,
}

impl Client {
    pub fn new(base_url: BaseUrl, credentials: Credentials, timeout: Duration) -> Self {
        let config = Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(CONNECT_TIMEOUT.min(timeout)))
            // 4xx and 5xx carry problem details and rate-limit headers: keep the response.
            .http_status_as_error(false)
            // A redirect would change the signed path (and turn POST into GET): never follow.
            .max_redirects(0)
            .user_agent(USER_AGENT);
        // A loopback target (the sandbox) never goes through a proxy from the environment.
        let config = if base_url.is_loopback() {
            config.proxy(None)
        } else {
            config
        };
        Client {
            agent: config.build().into(),
            base_url,
            credentials,
            timeout,
        }
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// The API key as `--verbose` may show it.
    pub fn api_key_masked(&self) -> String {
        crate::values::show_api_key(&self.credentials.api_key)
    }

    /// Signs and sends one message to `bot`; any HTTP answer is `Ok`.
    pub fn send_message(&self, bot: &BotId, request: &MessageRequest) -> Result<Exchange, Error> {
        let body = request.to_body();
        let path = self.base_url.message_path(bot);
        let url = self.base_url.message_url(bot);
        let started = Instant::now();
        let timestamp = unix_now().to_string();
        let signature = sign(
            self.credentials.api_secret.expose(),
            &SignedParts {
                method: "POST",
                path: &path,
                body: &body,
                timestamp: &timestamp,
            },
        );
        let sent = Sent {
            url: url.clone(),
            path,
            timestamp: timestamp.clone(),
            body_len: body.len(),
        };
        let result = self
            .agent
            .post(&url)
            .content_type("application/json")
            .header("Accept", "application/json")
            .header("X-API-Key", &self.credentials.api_key)
            .header("X-Timestamp", &timestamp)
            .header("X-Signature", &signature)
            .send(&body[..]);
        let mut response = result.map_err(|e| self.classify(e))?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let rate_limit =
            RateLimit::from_headers(|name| headers.get(name).and_then(|v| v.to_str().ok()));
        // Read to the end: it returns the connection to the pool.
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
                other => self.classify(other),
            })?;
        Ok(Exchange {
            sent,
            response: RawResponse {
                status,
                body,
                rate_limit,
            },
            elapsed: started.elapsed(),
            attempts: 1,
        })
    }

    /// Turns a transport error into a one-line network error that names the host.
    fn classify(&self, error: ureq::Error) -> Error {
        let target = self.base_url.to_string();
        let (kind, message) = match &error {
            ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => (
                NetworkKind::Timeout,
                format!(
                    "timed out connecting to {target} after {}",
                    seconds(CONNECT_TIMEOUT.min(self.timeout))
                ),
            ),
            ureq::Error::Timeout(_) => (
                NetworkKind::Timeout,
                format!(
                    "timed out after {} waiting for {target} (raise it with --timeout)",
                    seconds(self.timeout)
                ),
            ),
            ureq::Error::HostNotFound => (
                NetworkKind::Connect,
                format!("cannot resolve the host of {target}"),
            ),
            ureq::Error::ConnectionFailed => {
                (NetworkKind::Connect, format!("cannot connect to {target}"))
            }
            ureq::Error::Io(io) if io.to_string().contains("certificate") => (
                NetworkKind::Tls,
                format!("TLS certificate problem with {target}: {io}"),
            ),
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => (
                    NetworkKind::Connect,
                    format!("cannot connect to {target}: connection refused"),
                ),
                std::io::ErrorKind::TimedOut => (
                    NetworkKind::Timeout,
                    format!("timed out talking to {target}: {io}"),
                ),
                _ => (
                    NetworkKind::Io,
                    format!("network error talking to {target}: {io}"),
                ),
            },
            other => (
                NetworkKind::Io,
                format!("request to {target} failed: {other}"),
            ),
        };
        Error::Network { kind, message }
    }
}

/// `60s`, `2.5s`.
fn seconds(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}
