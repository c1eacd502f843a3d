//! Before a run: what it will send (per chatbot), and whether that fits `--budget` and the
//! last rate-limit reading of each chatbot. Pure: the readings and the clock come in.

use std::collections::BTreeMap;

use crate::quota::Reading;

/// Messages a run needs at most, per chatbot (every sample of every turn).
pub type Needs = BTreeMap<String, u64>;

/// Why a run does not fit, in one line that says what to do.
pub fn refusal(
    needs: &Needs,
    budget: Option<u64>,
    reading: &dyn Fn(&str) -> Option<Reading>,
    now: i64,
) -> Option<String> {
    let total: u64 = needs.values().sum();
    if let Some(budget) = budget
        && total > budget
    {
        return Some(format!(
            "the run needs up to {total} message{} and --budget allows {budget}; \
             narrow it with --filter, or pass --force",
            plural(total)
        ));
    }
    for (bot, need) in needs {
        let Some(reading) = reading(bot) else {
            continue;
        };
        let Some(left) = reading.remaining_at(now) else {
            continue;
        };
        if *need > left {
            let age = crate::clock::human_duration(now.saturating_sub(reading.seen_at).max(0));
            let reset = reading.reset.map_or(String::new(), |reset| {
                format!(" until it resets {}", crate::clock::describe_reset(reset))
            });
            return Some(format!(
                "the run needs up to {need} message{} to chatbot '{bot}', and its last \
                 rate-limit reading ({age} ago) left {left}{reset}; narrow it with --filter, \
                 wait, or pass --force",
                plural(*need)
            ));
        }
    }
    None
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::RateLimit;

    const NOW: i64 = 1_700_000_000;

    fn reading(remaining: u64, reset: i64) -> Reading {
        Reading::new(
            "https://api.peki.ai/api",
            "pk_a",
            "support",
            RateLimit {
                limit: Some(100),
                remaining: Some(remaining),
                reset: Some(reset),
            },
            NOW - 180,
        )
    }

    fn needs(n: u64) -> Needs {
        [("support".to_string(), n)].into()
    }

    #[test]
    fn a_budget_caps_the_whole_run() {
        let none = |_: &str| None;
        assert_eq!(refusal(&needs(10), Some(10), &none, NOW), None);
        let refused = refusal(&needs(11), Some(10), &none, NOW).unwrap();
        assert!(
            refused.starts_with("the run needs up to 11 messages and --budget allows 10"),
            "{refused}"
        );
    }

    #[test]
    fn the_last_reading_must_leave_room() {
        let low = |_: &str| Some(reading(5, NOW + 3600));
        let refused = refusal(&needs(6), None, &low, NOW).unwrap();
        assert!(refused.contains("to chatbot 'support'"), "{refused}");
        assert!(
            refused.contains("(3m 0s ago) left 5 until it resets at "),
            "{refused}"
        );
        assert_eq!(refusal(&needs(5), None, &low, NOW), None);
        // A window that has reset since the reading is whole again.
        let stale = |_: &str| Some(reading(0, NOW - 1));
        assert_eq!(refusal(&needs(50), None, &stale, NOW), None);
        // No reading: nothing to compare with.
        assert_eq!(refusal(&needs(500), None, &|_| None, NOW), None);
    }
}
