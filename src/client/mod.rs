//! The HTTP side of a send: a `Client` for one base URL and one set of credentials, which
//! signs each attempt afresh and retries what the policy allows.
//!
//! It returns what came back; judging the body is `api`'s job and printing is `output`'s
//! (progress reaches the caller as `Event`s). The retry loop is `attempts`, its rules
//! `retry`, its clock `time`, the wire `transport`, proxy choice `proxy`.

mod attempts;
mod error;
pub mod proxy;
mod resolver;
pub mod retry;
mod time;
mod transport;

pub use attempts::{Event, Exchange, Outcome, Request, Sent};
pub use error::{BuildError, NetworkError, NetworkKind, TransportError};
pub use retry::Policy;
pub use time::{SystemTime, Time};
pub use transport::{
    MAX_RESPONSE_BYTES, Options, Outgoing, POOL_SIZE, Transport, USER_AGENT, UreqTransport,
};

use crate::api::MessageRequest;
use crate::preview::Preview;
use crate::sign::{SignedParts, sign};
use crate::values::{BaseUrl, BotId, Credentials};

/// A signing, sending client for one base URL and one set of credentials. Clones share
/// the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    transport: UreqTransport,
    base_url: BaseUrl,
    credentials: Credentials,
}

impl Client {
    pub fn new(
        base_url: BaseUrl,
        credentials: Credentials,
        options: &Options,
    ) -> Result<Self, BuildError> {
        Ok(Client {
            transport: UreqTransport::new(base_url.clone(), options)?,
            base_url,
            credentials,
        })
    }

    /// The API key (a public identifier; `api_key_shown` for logs).
    pub fn api_key(&self) -> &str {
        &self.credentials.api_key
    }

    /// The API key as `--verbose` may show it.
    pub fn api_key_shown(&self) -> String {
        crate::values::show_api_key(&self.credentials.api_key)
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// The request `send_message` would make first at Unix time `now`, signed, with the
    /// headers the transport sets, for showing instead of sending (`--dry-run`).
    pub fn preview(&self, bot: &BotId, message: &MessageRequest, now: i64) -> Preview {
        let body = message.to_body();
        let path = self.base_url.message_path(bot);
        let timestamp = now.to_string();
        let parts = SignedParts {
            method: "POST",
            path: &path,
            body: &body,
            timestamp: &timestamp,
        };
        let signature = sign(self.credentials.api_secret.expose(), &parts);
        let signed = parts.payload();
        let headers = [
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
            ("User-Agent", USER_AGENT),
            ("X-API-Key", self.credentials.api_key.as_str()),
            ("X-Timestamp", timestamp.as_str()),
            ("X-Signature", signature.as_str()),
        ]
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .to_vec();
        Preview {
            method: "POST",
            url: self.base_url.message_url(bot),
            headers,
            body,
            signed,
            ca_cert: None,
        }
    }

    /// Sends one message, retrying what `policy` allows, each attempt signed afresh, on
    /// the real clock.
    pub fn send_message(
        &self,
        bot: &BotId,
        message: &MessageRequest,
        policy: &Policy,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Outcome {
        let body = message.to_body();
        let request = Request {
            base_url: &self.base_url,
            bot,
            credentials: &self.credentials,
            body: &body,
        };
        attempts::run(
            &request,
            &self.transport,
            &mut SystemTime::start(),
            policy,
            on_event,
        )
    }
}
