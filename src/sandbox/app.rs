//! What every request shares: the verifier, the script, the journal, the faults, the
//! admin access, the counters the health endpoint reports. Plain state; no I/O of its own.

use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::time::Duration;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::LogSink;
use super::faults::Dice;
use super::journal::Journal;
use super::script::Script;
use super::verify::Verifier;
use crate::values::Secret;

pub(super) struct App {
    pub verifier: Verifier,
    pub log: Option<LogSink>,
    pub dice: Dice,
    pub clock_offset: i64,
    /// How long a body may stall between two pieces.
    pub idle_timeout: Duration,
    /// `--retry-after`: the Retry-After of every 429, instead of the time to the reset.
    pub retry_after: Option<i64>,
    pub script: Option<Script>,
    pub journal: Journal,
    /// `Some` with `--admin`: the control endpoints beyond health are open.
    pub admin: Option<Admin>,
    /// API requests being answered now (the health endpoint shows it).
    pub in_flight: AtomicUsize,
    /// API requests answered (or dropped) since start.
    pub answered: AtomicU64,
}

impl App {
    pub fn log(&self, line: &str) {
        if let Some(log) = &self.log {
            log(line);
        }
    }
}

/// Who may use the admin endpoints.
pub(super) struct Admin {
    /// SHA-256 of `--admin-token`: compared in constant time, never kept in clear.
    token: Option<[u8; 32]>,
}

impl Admin {
    pub fn new(token: Option<&Secret>) -> Self {
        Admin {
            token: token.map(|t| Sha256::digest(t.expose().as_bytes()).into()),
        }
    }

    /// Whether an `Authorization` header value lets the caller in.
    pub fn allows(&self, authorization: Option<&str>) -> bool {
        let Some(expected) = &self.token else {
            return true;
        };
        let Some(given) = authorization.and_then(|v| v.trim().strip_prefix("Bearer ")) else {
            return false;
        };
        // Digests have one length, so the comparison leaks neither content nor length.
        let given: [u8; 32] = Sha256::digest(given.trim().as_bytes()).into();
        given.ct_eq(expected).into()
    }
}
