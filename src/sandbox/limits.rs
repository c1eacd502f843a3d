//! Daily per-chatbot message counts, reset at midnight UTC, as the API's rate limits are
//! (or over a shorter window, `--window SECS`, to test a reset without waiting a day).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::api::RateLimit;

const DAY: i64 = 86_400;

/// Counts accepted messages per chatbot per window (by default the UTC day).
#[derive(Debug)]
pub struct DailyLimits {
    used: Mutex<HashMap<String, (i64, u64)>>,
    /// Seconds; windows start at multiples of it since the Unix epoch.
    window: i64,
}

impl Default for DailyLimits {
    fn default() -> Self {
        DailyLimits::with_window(DAY)
    }
}

impl DailyLimits {
    /// Windows of `seconds` (at least 1) instead of the UTC day.
    pub fn with_window(seconds: i64) -> Self {
        DailyLimits {
            used: Mutex::default(),
            window: seconds.max(1),
        }
    }

    /// Forgets every count.
    pub fn reset(&self) {
        self.lock().clear();
    }

    /// The state of `bot`'s window at `now`, without counting anything.
    pub fn peek(&self, bot: &str, limit: u64, now: i64) -> RateLimit {
        let used = self
            .lock()
            .get(bot)
            .map_or(0, |&(day, n)| if day == self.day_of(now) { n } else { 0 });
        self.window(limit, used, now)
    }

    /// Counts one message if the window has room. `Ok` is the state after counting, `Err`
    /// the (full) state when there was no room.
    pub fn try_take(&self, bot: &str, limit: u64, now: i64) -> Result<RateLimit, RateLimit> {
        let mut used = self.lock();
        let today = self.day_of(now);
        let entry = used.entry(bot.to_string()).or_insert((today, 0));
        if entry.0 != today {
            *entry = (today, 0);
        }
        if entry.1 >= limit {
            return Err(self.window(limit, entry.1, now));
        }
        entry.1 += 1;
        let count = entry.1;
        drop(used);
        Ok(self.window(limit, count, now))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (i64, u64)>> {
        // A panic while holding this lock cannot leave the counts inconsistent (each update
        // is a single assignment), so a poisoned lock is still safe to use.
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn day_of(&self, now: i64) -> i64 {
        now.div_euclid(self.window)
    }

    fn window(&self, limit: u64, used: u64, now: i64) -> RateLimit {
        RateLimit {
            limit: Some(limit),
            remaining: Some(limit.saturating_sub(used)),
            reset: Some(next_reset_of(now, self.window)),
        }
    }
}

/// Unix seconds of the next midnight UTC.
pub fn next_reset(now: i64) -> i64 {
    next_reset_of(now, DAY)
}

/// Unix seconds when the `window`-second window holding `now` ends.
fn next_reset_of(now: i64, window: i64) -> i64 {
    now.div_euclid(window)
        .saturating_add(1)
        .saturating_mul(window)
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
    fn a_shorter_window_resets_at_its_own_multiples() {
        let limits = DailyLimits::with_window(60);
        assert_eq!(limits.try_take("b", 1, 119).unwrap().reset, Some(120));
        assert!(limits.try_take("b", 1, 119).is_err());
        assert_eq!(limits.try_take("b", 1, 120).unwrap().reset, Some(180));
        limits.reset();
        assert_eq!(limits.peek("b", 1, 120).remaining, Some(1));
    }

    #[test]
    fn reset_is_next_midnight_utc() {
        assert_eq!(next_reset(0), 86_400);
        assert_eq!(next_reset(86_399), 86_400);
        assert_eq!(next_reset(86_400), 172_800);
    }
}
