//! `peki limits`: the rate-limit book's readings as a table or JSON Lines, newest first.
//! Reads the book only: sends nothing, needs no credentials.

use serde_json::{Value, json};

use crate::cli::LimitsArgs;
use crate::clock;
use crate::error::Error;
use crate::output;
use crate::quota::{QuotaBook, Reading};
use crate::values::show_api_key;

pub fn run(args: &LimitsArgs) -> Result<(), Error> {
    let book = QuotaBook::open_default().ok_or_else(|| {
        Error::Unexpected("no state directory: set HOME (or XDG_STATE_HOME)".into())
    })?;
    let readings: Vec<Reading> = book
        .readings()
        .into_iter()
        .filter(|r| args.bot.as_ref().is_none_or(|bot| r.bot == bot.as_str()))
        .collect();
    if readings.is_empty() {
        let which = args
            .bot
            .as_ref()
            .map_or_else(String::new, |bot| format!(" for chatbot '{bot}'"));
        output::diagnostic(&format!(
            "peki: no rate-limit reading yet{which}: each command that talks to the API \
             records one in {}",
            book.path().display()
        ));
        return Ok(());
    }
    let now = clock::unix_now();
    if args.json {
        for reading in &readings {
            if output::print_json_line(&reading_json(reading, now))? == output::Stdout::Closed {
                break;
            }
        }
        Ok(())
    } else {
        output::print_lines(&table(&readings, now, &clock::local_zone()))
    }
}

/// One reading as a JSON object (`schemas/limits-line.schema.json`).
pub fn reading_json(reading: &Reading, now: i64) -> Value {
    json!({
        "bot": reading.bot,
        "base_url": reading.base_url,
        "api_key": show_api_key(&reading.api_key),
        "limit": reading.limit,
        "remaining": reading.remaining,
        "reset": reading.reset,
        "seen_at": reading.seen_at,
        "age_secs": now.saturating_sub(reading.seen_at).max(0),
        "remaining_now": reading.remaining_at(now),
    })
}

/// The readings as aligned columns under a header.
pub fn table(readings: &[Reading], now: i64, tz: &jiff::tz::TimeZone) -> Vec<String> {
    let mut rows = vec![[
        "BOT".to_string(),
        "LEFT".to_string(),
        "RESETS".to_string(),
        "SEEN".to_string(),
        "API".to_string(),
    ]];
    for r in readings {
        let count = |n: Option<u64>| n.map_or_else(|| "?".to_string(), |n| n.to_string());
        let reset_passed = r.reset.is_some_and(|reset| now >= reset);
        let mut left = format!("{} of {}", count(r.remaining_at(now)), count(r.limit));
        if reset_passed {
            left.push_str(" (reset since)");
        }
        let resets = match r.reset {
            Some(reset) => clock::describe_reset_at(reset, now, tz),
            None => "unknown".to_string(),
        };
        let age = now.saturating_sub(r.seen_at).max(0);
        rows.push([
            r.bot.clone(),
            left,
            resets,
            format!("{} ago", clock::human_duration(age)),
            format!("{} {}", r.base_url, show_api_key(&r.api_key)),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|col| {
            rows.iter()
                .map(|row| row[col].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let padded: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            padded.join("  ").trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::RateLimit;

    fn reading(bot: &str, remaining: u64, reset: i64, seen_at: i64) -> Reading {
        let window = RateLimit {
            limit: Some(100),
            remaining: Some(remaining),
            reset: Some(reset),
        };
        Reading::new("https://api.peki.ai/api", "pk_live_1", bot, window, seen_at)
    }

    #[test]
    fn the_table_shows_what_is_left_when_it_resets_and_how_old_it_is() {
        let now = 1_672_605_000;
        let rows = table(
            &[
                reading("support", 95, 1_672_617_600, now - 120),
                reading("sales", 0, now - 10, now - 7200),
            ],
            now,
            &jiff::tz::TimeZone::UTC,
        );
        assert_eq!(rows.len(), 3);
        assert!(rows[0].starts_with("BOT "), "{rows:?}");
        assert!(rows[1].contains("95 of 100"), "{rows:?}");
        assert!(
            rows[1].contains("at 2023-01-02 00:00:00 UTC (in 3h 30m)"),
            "{rows:?}"
        );
        assert!(rows[1].contains("2m 0s ago"), "{rows:?}");
        assert!(
            rows[1].ends_with("https://api.peki.ai/api pk_live_1"),
            "{rows:?}"
        );
        // The window has reset since the reading: the whole limit is back.
        assert!(rows[2].contains("100 of 100 (reset since)"), "{rows:?}");
        // Columns line up.
        let at = |row: &String| row.find("at 20").unwrap();
        assert_eq!(at(&rows[1]), at(&rows[2]));
    }

    #[test]
    fn json_readings_carry_the_reading_and_what_is_left_now() {
        let r = reading("support", 3, 2_000, 1_000);
        let before = reading_json(&r, 1_500);
        assert_eq!(before["remaining"], 3);
        assert_eq!(before["remaining_now"], 3);
        assert_eq!(before["age_secs"], 500);
        let after = reading_json(&r, 2_000);
        assert_eq!(after["remaining_now"], 100);
        assert_eq!(after["remaining"], 3);
        let odd = Reading::new("u", "sk_not_a_key_123456", "b", RateLimit::default(), 5);
        let shown = reading_json(&odd, 1);
        assert_eq!(shown["age_secs"], 0);
        assert!(!shown["api_key"].as_str().unwrap().contains("not_a_key"));
    }
}
