//! How many requests a batch may have out, from the `X-RateLimit-*` readings of its own
//! answers: send while what is surely left exceeds what is in flight, hold while answers
//! are due, and once the window is used up, wait for its reset (`--wait`, within
//! `--max-wait`) or stop. Pure: readings and the time come in, a decision goes out.
//!
//! Within a window the count only goes down, so the lowest `remaining` read is the closest
//! to the truth; requests in flight may or may not be counted in it. Sending only while
//! `in flight < lowest remaining` can therefore never take the count past zero (others using
//! the same key can; their 429s are handled as any other). Until the first answer, and after
//! a wait, one request goes at a time: a window used up earlier costs one refusal, not N.
//! Each chatbot has a budget of its own (`Budgets`): the API counts their messages apart.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::api::RateLimit;

/// Chatbots whose budgets are kept at most; past it, the idle ones are forgotten (their
/// next request goes alone, as a first one does), so input naming a new chatbot on every
/// line cannot grow memory without bound.
const MAX_BUDGETS: usize = 1024;

/// One `Budget` per chatbot: the API counts each chatbot's messages apart, so one
/// chatbot's used-up window says nothing about another's.
#[derive(Debug, Default)]
pub struct Budgets {
    by_bot: BTreeMap<String, Budget>,
}

impl Budgets {
    /// The budget of `bot`, a new one (one request at a time) if it has none.
    pub fn of(&mut self, bot: &str) -> &mut Budget {
        if !self.by_bot.contains_key(bot) && self.by_bot.len() >= MAX_BUDGETS {
            self.by_bot.retain(|_, budget| budget.in_flight > 0);
        }
        self.by_bot.entry(bot.to_string()).or_default()
    }

    /// Requests out, to every chatbot.
    pub fn in_flight(&self) -> usize {
        self.by_bot.values().map(Budget::in_flight).sum()
    }

    /// The last reading of `bot`'s window.
    pub fn last_reading(&self, bot: &str) -> Option<RateLimit> {
        self.by_bot.get(bot).and_then(Budget::last_reading)
    }
}

/// The window the readings describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    /// Unix seconds of the reset, when the API says.
    reset: Option<i64>,
    /// The lowest `remaining` read in this window.
    low: Option<u64>,
    limit: Option<u64>,
}

/// What the batch may do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Send another request.
    Go,
    /// Wait for an answer in flight first.
    Hold,
    /// Nothing is in flight and the window is used up: sleep until this Unix time.
    Pause { until: i64 },
    /// Nothing is in flight and the window is used up beyond what `--wait` allows.
    Stop { reset: Option<i64> },
}

/// The batch's view of its rate limit.
#[derive(Debug, Clone)]
pub struct Budget {
    window: Option<Window>,
    /// No answer since the start or the last wait: one request at a time.
    probing: bool,
    in_flight: usize,
}

/// A reset passed on our clock may not have passed on the server's: after a refusal, try
/// again no sooner than this.
const MIN_PAUSE_SECS: i64 = 1;

impl Default for Budget {
    /// Nothing known yet: one request at a time until an answer.
    fn default() -> Self {
        Budget {
            window: None,
            probing: true,
            in_flight: 0,
        }
    }
}

impl Budget {
    pub fn new() -> Self {
        Budget::default()
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    /// A request (or a cache lookup) went out.
    pub fn sent(&mut self) {
        self.in_flight += 1;
    }

    /// What came back for one request: the reading of its response (if any), whether a
    /// response came at all (a cache hit or a network failure bring none), and whether it
    /// was a 429.
    pub fn answered(
        &mut self,
        reading: Option<RateLimit>,
        responded: bool,
        refused: bool,
        now: i64,
    ) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if responded {
            self.probing = false;
        }
        if let Some(reading) = reading {
            self.observe(reading);
        }
        if refused {
            // Refused: nothing is left, whatever a reading said, until a reset that has not
            // passed on our clock.
            let reset = reading
                .and_then(|r| r.reset)
                .or(self.window.and_then(|w| w.reset))
                .map(|reset| reset.max(now + MIN_PAUSE_SECS));
            let limit = reading
                .and_then(|r| r.limit)
                .or(self.window.and_then(|w| w.limit));
            self.window = Some(Window {
                reset,
                low: Some(0),
                limit,
            });
        }
    }

    fn observe(&mut self, reading: RateLimit) {
        let fresh = Window {
            reset: reading.reset,
            low: reading.remaining,
            limit: reading.limit,
        };
        match &mut self.window {
            None => self.window = Some(fresh),
            // A later window: the count started again.
            Some(kept) if reading.reset > kept.reset => *kept = fresh,
            Some(kept) if reading.reset == kept.reset => {
                kept.low = match (kept.low, reading.remaining) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                kept.limit = reading.limit.or(kept.limit);
            }
            // An answer from an earlier window, overtaken: it says nothing about now.
            Some(_) => {}
        }
    }

    /// The batch slept until the reset: the next request goes alone.
    pub fn waited(&mut self) {
        self.probing = true;
    }

    /// The reading to report with lines that were not sent.
    pub fn last_reading(&self) -> Option<RateLimit> {
        self.window.map(|w| RateLimit {
            limit: w.limit,
            remaining: w.low,
            reset: w.reset,
        })
    }

    /// What to do at `now`; `max_wait` is `--wait`'s bound (`None` without `--wait`).
    pub fn gate(&self, now: i64, max_wait: Option<Duration>) -> Gate {
        if self.probing && self.in_flight > 0 {
            return Gate::Hold;
        }
        let Some(window) = self.window else {
            return Gate::Go;
        };
        let left = match window.reset {
            // The window has reset since: the whole limit is back (if the API said it).
            Some(reset) if now >= reset => window.limit,
            _ => window.low,
        };
        match left {
            None => Gate::Go,
            Some(left) if (self.in_flight as u64) < left => Gate::Go,
            Some(_) if self.in_flight > 0 => Gate::Hold,
            Some(_) => match (window.reset, max_wait) {
                (Some(reset), Some(max))
                    if reset.saturating_sub(now)
                        <= i64::try_from(max.as_secs()).unwrap_or(i64::MAX) =>
                {
                    // A second past the reset: the server's clock may be a little behind ours.
                    Gate::Pause {
                        until: reset.saturating_add(1),
                    }
                }
                (reset, _) => Gate::Stop { reset },
            },
        }
    }
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
