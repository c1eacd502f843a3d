//! Why an attempt brought back no usable answer: a network failure (DNS, connect, TLS,
//! timeout, a connection closed early), or an answer that is not readable HTTP. Values and
//! their one-line text; exit codes are `error`'s.

use crate::api::BadResponse;

/// How a request failed to get an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkKind {
    Connect,
    Timeout,
    Tls,
    /// The proxy refused us (authentication, policy): retrying will not help.
    Proxy,
    Io,
}

/// No answer came back. The message names the host (or the proxy) and says what to do.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct NetworkError {
    pub kind: NetworkKind,
    pub message: String,
    /// The transport's own error, when there was one (not for our own deadline).
    #[source]
    pub cause: Option<Box<ureq::Error>>,
}

impl NetworkError {
    pub fn new(kind: NetworkKind, message: impl Into<String>) -> Self {
        NetworkError {
            kind,
            message: message.into(),
            cause: None,
        }
    }
}

/// Why one attempt failed before a response could be judged.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error(transparent)]
    Network(NetworkError),
    /// The server answered, but not with HTTP that can be read in full.
    #[error(transparent)]
    Bad(BadResponse),
}

/// Why a client could not be built from its options.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot use the proxy {proxy}: {reason}")]
    Proxy { proxy: String, reason: String },
    #[error(
        "--ca-cert and --native-roots cannot be combined: add the CA to the system store, \
         or use --ca-cert alone"
    )]
    RootsConflict,
}
