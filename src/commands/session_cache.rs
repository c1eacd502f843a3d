//! `--cache` in a session: a fresh stored reply instead of a request, and each reply that
//! came stored (the files themselves are `crate::cache`'s).

use std::time::Instant;

use super::{Delivery, Outgoing, Session, judge};
use crate::api::RawResponse;
use crate::cache::{CacheKey, Identity, Stored};
use crate::expect::Expectations;
use crate::output::{self, SendReport};

impl Session {
    /// The stored reply for `message` when `--cache` is on and holds a fresh one, judged
    /// and checked as if it had just come; `cached` in the report. Sends nothing.
    pub fn cached(&self, message: &Outgoing, expectations: &Expectations) -> Option<Delivery> {
        let cache = self.cache.as_ref()?;
        let started = Instant::now();
        let stored = cache.lookup(&self.cache_key(message), crate::clock::unix_now())?;
        let raw = RawResponse {
            status: stored.status,
            body: serde_json::to_vec(&stored.response).ok()?,
            ..RawResponse::default()
        };
        // An entry that does not read as a reply is as good as absent.
        let reply = raw.judge(message.bot.as_str()).ok()?;
        let mut report = SendReport {
            bot: Some(message.bot.to_string()),
            status: Some(stored.status),
            response: Some(stored.response),
            reply: Some(reply),
            cached: true,
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            ..SendReport::default()
        };
        let result = judge(expectations, &mut report);
        Some(Delivery { report, result })
    }

    /// What the cache files `message` under: this client's base URL and key, the message.
    pub(super) fn cache_key(&self, message: &Outgoing) -> CacheKey {
        CacheKey::of(&Identity {
            base_url: &self.client.base_url().to_string(),
            api_key: self.client.api_key(),
            bot: message.bot.as_str(),
            user_id: &message.user_id,
            user_name: &message.user_name,
            content: &message.content,
            file: message.file.as_deref(),
        })
    }

    /// Stores the answer of a successful exchange when `--cache` is on; a cache that cannot
    /// be written is said once, and does not fail the send.
    pub(super) fn store_reply(&self, message: &Outgoing, report: &SendReport) {
        let (Some(cache), Some(status), Some(response)) =
            (&self.cache, report.status, &report.response)
        else {
            return;
        };
        let stored = Stored {
            status,
            response: response.clone(),
            stored_at: crate::clock::unix_now(),
        };
        if let Err(Some(e)) = cache.store(&self.cache_key(message), stored) {
            output::diagnostic(&format!(
                "warning: cannot store replies in the cache {}: {e}",
                cache.dir().display()
            ));
        }
    }
}
