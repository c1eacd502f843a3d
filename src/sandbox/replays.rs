//! `--reject-replays`: the signatures already accepted, remembered while their timestamp is
//! still inside the window, so that a client whose retries reuse a signature gets a 401.
//! Bounded: past `MAX_REMEMBERED` the oldest are forgotten.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use super::auth::TIMESTAMP_WINDOW;
use super::incoming::Incoming;
use super::refusal::{Refusal, refuse};

/// About 10 MB at most; at thousands of requests a second a CI run stays well under it.
pub const MAX_REMEMBERED: usize = 100_000;

#[derive(Debug, Default)]
pub struct Replays {
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    /// Signature -> (Unix time it was first accepted, Unix time it can be forgotten).
    by_signature: HashMap<Box<str>, (i64, i64)>,
    /// Signatures in the order they were accepted, for expiry and eviction.
    order: VecDeque<Box<str>>,
}

impl Replays {
    /// Remembers the (already verified) signature of `req`, or refuses it if it was seen.
    pub(super) fn admit(&self, req: &Incoming<'_>, now: i64) -> Result<(), Refusal> {
        let signature = req.header("x-signature").unwrap_or_default();
        let timestamp = req
            .header("x-timestamp")
            .and_then(|t| t.parse::<i64>().ok())
            .unwrap_or(now);
        let mut seen = self.lock();
        seen.expire(now);
        if let Some(&(first, _)) = seen.by_signature.get(signature) {
            return Err(refuse(
                401,
                "replayed signature",
                format!(
                    "replayed signature: the same X-Signature was already accepted at Unix time \
                     {first}; sign every request afresh, retries included (a new X-Timestamp)"
                ),
            ));
        }
        // After this its timestamp is outside the window, and the timestamp check refuses it.
        let forget_at = timestamp.saturating_add(TIMESTAMP_WINDOW).saturating_add(1);
        if seen.order.len() >= MAX_REMEMBERED
            && let Some(oldest) = seen.order.pop_front()
        {
            seen.by_signature.remove(&oldest);
        }
        let key: Box<str> = signature.into();
        seen.order.push_back(key.clone());
        seen.by_signature.insert(key, (now, forget_at));
        Ok(())
    }

    pub(super) fn reset(&self) {
        *self.lock() = Seen::default();
    }

    fn lock(&self) -> MutexGuard<'_, Seen> {
        // Each update leaves both maps consistent before it can panic: a poisoned lock is
        // still usable.
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Seen {
    /// Drops the signatures at the front whose time has passed. Timestamps are not in
    /// order, so a few may linger behind a later one: harmless, they are refused anyway.
    fn expire(&mut self, now: i64) {
        while let Some(front) = self.order.front() {
            match self.by_signature.get(front) {
                Some(&(_, forget_at)) if forget_at > now => break,
                _ => {
                    if let Some(old) = self.order.pop_front() {
                        self.by_signature.remove(&old);
                    }
                }
            }
        }
    }
}
