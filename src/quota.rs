//! The rate-limit book: the last `X-RateLimit-*` reading seen for each base URL, API key
//! and chatbot, kept in the platform's state directory (`~/.local/state/peki/rate-limits.json`
//! on Linux) by every command that talks to the API. `peki limits` shows it; `peki test`
//! and `batch` plan with it. Written through `store` (private, atomic, locked); a missing or
//! corrupt book is an empty one. Never prints.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::api::RateLimit;
use crate::store;

/// A book larger than this is not read (it is replaced by the next reading).
const MAX_BOOK_BYTES: u64 = 4 * 1024 * 1024;
/// Readings kept; past it, the oldest go.
const MAX_READINGS: usize = 512;

/// One reading of a chatbot's window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub base_url: String,
    pub api_key: String,
    pub bot: String,
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// Unix seconds when the window resets.
    pub reset: Option<i64>,
    /// Unix seconds when the reading was taken.
    pub seen_at: i64,
}

impl Reading {
    pub fn new(
        base_url: &str,
        api_key: &str,
        bot: &str,
        rate_limit: RateLimit,
        seen_at: i64,
    ) -> Self {
        Reading {
            base_url: base_url.to_string(),
            api_key: api_key.to_string(),
            bot: bot.to_string(),
            limit: rate_limit.limit,
            remaining: rate_limit.remaining,
            reset: rate_limit.reset,
            seen_at,
        }
    }

    fn same_window(&self, other: &Reading) -> bool {
        self.base_url == other.base_url && self.api_key == other.api_key && self.bot == other.bot
    }

    /// Whether this reading should replace `kept`. A later window wins; within one window
    /// the count only goes down, so the reading with less left is the later one, whatever
    /// order concurrent processes wrote them in (and whatever second they were stamped). A
    /// window reset by hand (the sandbox's `/__peki/reset`) shows until its reset passes.
    fn supersedes(&self, kept: &Reading) -> bool {
        use std::cmp::Reverse;
        match (self.reset, kept.reset) {
            (Some(mine), Some(theirs)) if mine != theirs => mine > theirs,
            (Some(_), Some(_)) => match (self.remaining, kept.remaining) {
                (Some(mine), Some(theirs)) if mine != theirs => mine < theirs,
                _ => self.seen_at >= kept.seen_at,
            },
            _ => (self.seen_at, Reverse(self.remaining)) >= (kept.seen_at, Reverse(kept.remaining)),
        }
    }

    /// What is left at `now`: the reading's `remaining`, or the whole `limit` once the
    /// window has reset since; `None` when the reading does not say.
    pub fn remaining_at(&self, now: i64) -> Option<u64> {
        match self.reset {
            Some(reset) if now >= reset => self.limit.or(self.remaining),
            _ => self.remaining,
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Book {
    readings: Vec<Reading>,
}

/// The book in a file.
#[derive(Debug, Clone)]
pub struct QuotaBook {
    path: PathBuf,
}

impl QuotaBook {
    /// The book in the platform's state dir (or its cache dir where there is no state dir).
    pub fn open_default() -> Option<QuotaBook> {
        let dirs = directories::ProjectDirs::from("", "", "peki")?;
        let dir = dirs.state_dir().unwrap_or_else(|| dirs.cache_dir());
        Some(QuotaBook::at(dir.join("rate-limits.json")))
    }

    pub fn at(path: impl Into<PathBuf>) -> QuotaBook {
        QuotaBook { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every reading, newest first.
    pub fn readings(&self) -> Vec<Reading> {
        let mut readings = read(&self.path).readings;
        readings.sort_by_key(|r| std::cmp::Reverse(r.seen_at));
        readings
    }

    /// The newest reading for this base URL, key and chatbot.
    pub fn find(&self, base_url: &str, api_key: &str, bot: &str) -> Option<Reading> {
        let probe = Reading::new(base_url, api_key, bot, RateLimit::default(), 0);
        self.readings().into_iter().find(|r| r.same_window(&probe))
    }

    /// Records a reading, replacing the one kept for its window when it supersedes it; an
    /// older reading (from a slower concurrent process) is dropped.
    pub fn record(&self, reading: Reading) -> std::io::Result<()> {
        self.record_all(vec![reading])
    }

    /// `record` for several readings, in one write.
    pub fn record_all(&self, readings: Vec<Reading>) -> std::io::Result<()> {
        let lock = store::lock(&self.path)?;
        let mut book = read(&self.path);
        for reading in readings {
            if let Some(kept) = book.readings.iter_mut().find(|r| r.same_window(&reading)) {
                if reading.supersedes(kept) {
                    *kept = reading;
                }
            } else {
                book.readings.push(reading);
            }
        }
        if book.readings.len() > MAX_READINGS {
            book.readings.sort_by_key(|r| std::cmp::Reverse(r.seen_at));
            book.readings.truncate(MAX_READINGS);
        }
        let bytes = serde_json::to_vec_pretty(&book).map_err(std::io::Error::other)?;
        lock.replace_quickly(&bytes)
    }
}

/// The readings of one process on their way to the book: the first is written at once,
/// later ones at most once every `RECORD_EVERY` (the newest of each window), and what is left
/// when the recorder is dropped. A batch of thousands of messages, several workers at once,
/// rewrites the book once a second instead of once a message.
#[derive(Debug)]
pub struct Recorder {
    book: Option<QuotaBook>,
    state: Mutex<Pending>,
}

#[derive(Debug, Default)]
struct Pending {
    written_at: Option<Instant>,
    readings: Vec<Reading>,
}

/// How often a recorder writes the book at most.
pub const RECORD_EVERY: Duration = Duration::from_secs(1);

impl Recorder {
    /// Records into `book`; with none, readings go nowhere.
    pub fn new(book: Option<QuotaBook>) -> Recorder {
        Recorder {
            book,
            state: Mutex::new(Pending::default()),
        }
    }

    pub fn book(&self) -> Option<&QuotaBook> {
        self.book.as_ref()
    }

    /// Notes a reading; writes the book when it is due. The error is the write's.
    pub fn note(&self, reading: Reading) -> std::io::Result<()> {
        let mut pending = self.pending();
        match pending
            .readings
            .iter_mut()
            .find(|r| r.same_window(&reading))
        {
            Some(kept) if reading.supersedes(kept) => *kept = reading,
            Some(_) => {}
            None => pending.readings.push(reading),
        }
        let due = pending
            .written_at
            .is_none_or(|at| at.elapsed() >= RECORD_EVERY);
        if due {
            self.write(&mut pending)
        } else {
            Ok(())
        }
    }

    /// Writes what is pending now.
    pub fn flush(&self) -> std::io::Result<()> {
        let mut pending = self.pending();
        self.write(&mut pending)
    }

    fn write(&self, pending: &mut Pending) -> std::io::Result<()> {
        pending.written_at = Some(Instant::now());
        let readings = std::mem::take(&mut pending.readings);
        match &self.book {
            Some(book) if !readings.is_empty() => book.record_all(readings),
            _ => Ok(()),
        }
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, Pending> {
        // Pending readings are replaced whole: a panic elsewhere cannot leave them torn.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        // Nowhere to report at this point; the next command's reading will do.
        let _ = self.flush();
    }
}

/// The book as the file holds it; anything unreadable counts as empty.
fn read(path: &Path) -> Book {
    let small = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= MAX_BOOK_BYTES);
    if !small {
        return Book::default();
    }
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(bot: &str, remaining: u64, seen_at: i64) -> Reading {
        let window = RateLimit {
            limit: Some(100),
            remaining: Some(remaining),
            reset: Some(2_000),
        };
        Reading::new("https://api.peki.ai/api", "pk_a", bot, window, seen_at)
    }

    #[test]
    fn the_newest_reading_of_each_window_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let book = QuotaBook::at(dir.path().join("state/rate-limits.json"));
        assert_eq!(book.readings(), []);
        book.record(reading("a", 90, 10)).unwrap();
        book.record(reading("b", 50, 11)).unwrap();
        book.record(reading("a", 80, 12)).unwrap();
        // A late writer with an older reading does not win.
        book.record(reading("a", 95, 5)).unwrap();
        // Nor one stamped later that saw more left in the same window.
        book.record(reading("a", 81, 13)).unwrap();
        let found = book.find("https://api.peki.ai/api", "pk_a", "a").unwrap();
        assert_eq!((found.remaining, found.seen_at), (Some(80), 12));
        assert_eq!(book.readings().len(), 2);
        assert_eq!(book.find("https://api.peki.ai/api", "pk_other", "a"), None);
    }

    #[test]
    fn a_later_window_wins_whatever_was_left_in_the_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let book = QuotaBook::at(dir.path().join("rate-limits.json"));
        book.record(reading("a", 3, 10)).unwrap();
        let next = RateLimit {
            limit: Some(100),
            remaining: Some(99),
            reset: Some(3_000),
        };
        let url = "https://api.peki.ai/api";
        book.record(Reading::new(url, "pk_a", "a", next, 11))
            .unwrap();
        assert_eq!(book.find(url, "pk_a", "a").unwrap().remaining, Some(99));
        // A late reading of the earlier window does not bring it back.
        book.record(reading("a", 1, 12)).unwrap();
        assert_eq!(book.find(url, "pk_a", "a").unwrap().remaining, Some(99));
    }

    #[test]
    fn a_recorder_writes_the_first_reading_at_once_and_the_rest_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rate-limits.json");
        let recorder = Recorder::new(Some(QuotaBook::at(&path)));
        recorder.note(reading("a", 99, 10)).unwrap();
        let book = QuotaBook::at(&path);
        assert_eq!(book.readings()[0].remaining, Some(99));
        for left in (90..99).rev() {
            recorder.note(reading("a", left, 11)).unwrap();
        }
        recorder.note(reading("b", 5, 11)).unwrap();
        // Within the second: not written yet.
        assert_eq!(book.readings().len(), 1);
        drop(recorder);
        let url = "https://api.peki.ai/api";
        assert_eq!(book.find(url, "pk_a", "a").unwrap().remaining, Some(90));
        assert_eq!(book.find(url, "pk_a", "b").unwrap().remaining, Some(5));
        Recorder::new(None).note(reading("a", 1, 1)).unwrap();
    }

    #[test]
    fn a_corrupt_book_is_an_empty_one_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rate-limits.json");
        std::fs::write(&path, "{not json").unwrap();
        let book = QuotaBook::at(&path);
        assert_eq!(book.readings(), []);
        book.record(reading("a", 1, 1)).unwrap();
        assert_eq!(book.readings().len(), 1);
    }

    #[test]
    fn what_is_left_counts_the_reset() {
        let r = reading("a", 3, 1);
        assert_eq!(r.remaining_at(1_999), Some(3));
        assert_eq!(r.remaining_at(2_000), Some(100));
    }
}
