//! Daily per-chatbot message counts, reset at midnight UTC, as the API's rate limits are.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::api::RateLimit;

const DAY: i64 = 86_400;

/// Counts accepted messages per chatbot per UTC day.
#[derive(Debug, Default)]
pub struct DailyLimits {
    used: Mutex<HashMap<String, (i64, u64)>>,
}

impl DailyLimits {
    /// The state of `bot`'s window at `now`, without counting anything.
    pub fn peek(&self, bot: &str, limit: u64, now: i64) -> RateLimit {
        let used = self
            .lock()
            .get(bot)
            .map_or(0, |&(day, n)| if day == day_of(now) { n } else { 0 });
        window(limit, used, now)
    }

    /// Counts one message if the window has room. `Ok` is the state after counting, `Err`
    /// the (full) state when there was no room.
    pub fn try_take(&self, bot: &str, limit: u64, now: i64) -> Result<RateLimit, RateLimit> {
        let mut used = self.lock();
        let entry = used.entry(bot.to_string()).or_insert((day_of(now), 0));
        if entry.0 != day_of(now) {
            *entry = (day_of(now), 0);
        }
        if entry.1 >= limit {
            return Err(window(limit, entry.1, now));
        }
        entry.1 += 1;
        Ok(window(limit, entry.1, now))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (i64, u64)>> {
        // A panic while holding this lock cannot leave the counts inconsistent (each update
        // is a single assignment), so a poisoned lock is still safe to use.
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn day_of(now: i64) -> i64 {
    now.div_euclid(DAY)
}

/// Unix seconds of the next midnight UTC.
pub fn next_reset(now: i64) -> i64 {
    day_of(now).saturating_add(1).saturating_mul(DAY)
}

fn window(limit: u64, used: u64, now: i64) -> RateLimit {
    RateLimit {
        limit: Some(limit),
        remaining: Some(limit.saturating_sub(used)),
        reset: Some(next_reset(now)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_until_the_limit_then_refuses_until_midnight() {
        let limits = DailyLimits::default();
        let now = 1_700_000_000;
        assert_eq!(limits.try_take("b", 2, now).unwrap().remaining, Some(1));
        assert_eq!(limits.try_take("b", 2, now).unwrap().remaining, Some(0));
        let full = limits.try_take("b", 2, now).unwrap_err();
        assert_eq!(full.remaining, Some(0));
        assert_eq!(full.reset, Some(next_reset(now)));
        assert_eq!(limits.peek("other", 2, now).remaining, Some(2));
        // A new UTC day starts a new window.
        assert_eq!(
            limits.try_take("b", 2, next_reset(now)).unwrap().remaining,
            Some(1)
        );
    }

    #[test]
    fn reset_is_next_midnight_utc() {
        assert_eq!(next_reset(0), 86_400);
        assert_eq!(next_reset(86_399), 86_400);
        assert_eq!(next_reset(86_400), 172_800);
    }
}
