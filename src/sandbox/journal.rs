//! The request journal: one JSON object per API request (time, peer, method, path, bot,
//! key as shown in logs, verdict, status, reason, latency, the parsed body, the rule), kept
//! in memory for `/__peki/requests` (the last N, bounded in bytes too) and appended to
//! `--journal FILE` with one write per line before the answer leaves, so a killed server
//! loses nothing it answered. Never headers, so never the signature; never a secret.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use serde_json::Value;

use super::error::SandboxError;

/// Bodies larger than this are journaled by size only.
pub const MAX_JOURNALED_BODY: usize = 64 * 1024;

/// The in-memory journal holds at most this many bytes of JSON, whatever `--journal-max`.
const MAX_MEMORY_BYTES: usize = 64 * 1024 * 1024;

pub const DEFAULT_JOURNAL_MAX: usize = 10_000;

/// One request, as the journal records it.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// Wall-clock time (not shifted by --clock-skew), RFC 3339 with milliseconds.
    pub time: String,
    pub peer: String,
    pub method: &'a str,
    pub path: &'a str,
    pub bot: Option<&'a str>,
    /// As logs show it: in full when it looks like a key, masked otherwise.
    pub api_key: Option<String>,
    pub verdict: &'a str,
    /// `null` when the connection was dropped without an answer.
    pub status: Option<u16>,
    /// Why it was refused: the problem's detail.
    pub reason: Option<&'a str>,
    pub latency_ms: f64,
    /// The body as JSON when it is JSON and at most `MAX_JOURNALED_BODY` bytes.
    pub body: Value,
    pub body_bytes: usize,
    /// The script rule that answered, if one did.
    pub rule: Option<&'a str>,
    /// The reply text of a 200.
    pub reply: Option<&'a str>,
}

/// The body for a record: parsed JSON, a string when it is not JSON, `null` when too big.
pub fn body_value(body: &[u8]) -> Value {
    if body.len() > MAX_JOURNALED_BODY {
        return Value::Null;
    }
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

struct Entry {
    bot: Option<String>,
    status: Option<u16>,
    verdict: String,
    json: String,
}

/// Which entries `/__peki/requests` lists.
#[derive(Debug, Default)]
pub struct Filter {
    pub bot: Option<String>,
    pub status: Option<u16>,
    /// Entries whose verdict starts with this (`validation failed` matches them all).
    pub verdict: Option<String>,
}

struct FileSink {
    path: PathBuf,
    file: File,
    failed: u64,
    first_error: Option<io::Error>,
}

pub struct Journal {
    file: Option<Mutex<FileSink>>,
    memory: Option<Mutex<Memory>>,
    max_entries: usize,
}

#[derive(Default)]
struct Memory {
    entries: VecDeque<Entry>,
    bytes: usize,
}

impl Journal {
    /// A journal writing to `path` (started afresh) and, with `in_memory`, keeping the last
    /// `max_entries` for the control endpoints.
    pub fn open(
        path: Option<&Path>,
        in_memory: bool,
        max_entries: usize,
    ) -> Result<Journal, SandboxError> {
        let file = match path {
            Some(path) => {
                let file = File::create(path).map_err(|source| SandboxError::JournalOpen {
                    path: path.to_path_buf(),
                    source,
                })?;
                Some(Mutex::new(FileSink {
                    path: path.to_path_buf(),
                    file,
                    failed: 0,
                    first_error: None,
                }))
            }
            None => None,
        };
        Ok(Journal {
            file,
            memory: in_memory.then(Mutex::default),
            max_entries: max_entries.max(1),
        })
    }

    /// Whether anything is recorded at all (else callers skip building records).
    pub fn is_active(&self) -> bool {
        self.file.is_some() || self.memory.is_some()
    }

    /// Records one request. Returns the error of the file write when it is the first to
    /// fail, for the log; later failures are only counted.
    pub fn record(&self, record: &Record<'_>) -> Option<String> {
        // Strings, numbers and a JSON value: serializing cannot fail.
        let json = serde_json::to_string(record).unwrap_or_default();
        let mut first_failure = None;
        if let Some(file) = &self.file {
            let mut sink = lock(file);
            let mut line = json.clone();
            line.push('\n');
            // One write_all on an unbuffered file: the line is in the kernel before the
            // answer is sent.
            if let Err(e) = sink.file.write_all(line.as_bytes()) {
                sink.failed += 1;
                if sink.first_error.is_none() {
                    first_failure = Some(format!(
                        "peki sandbox: cannot write the journal {}: {e}",
                        sink.path.display()
                    ));
                    sink.first_error = Some(e);
                }
            }
        }
        if let Some(memory) = &self.memory {
            let mut memory = lock(memory);
            memory.bytes += json.len();
            memory.entries.push_back(Entry {
                bot: record.bot.map(str::to_string),
                status: record.status,
                verdict: record.verdict.to_string(),
                json,
            });
            while memory.entries.len() > self.max_entries || memory.bytes > MAX_MEMORY_BYTES {
                match memory.entries.pop_front() {
                    Some(old) => memory.bytes -= old.json.len(),
                    None => break,
                }
            }
        }
        first_failure
    }

    /// The kept entries that pass `filter`, oldest first, as a JSON array.
    pub fn list(&self, filter: &Filter) -> String {
        let Some(memory) = &self.memory else {
            return "[]".into();
        };
        let memory = lock(memory);
        let mut out = String::from("[");
        for entry in memory.entries.iter().filter(|e| {
            filter
                .bot
                .as_deref()
                .is_none_or(|b| e.bot.as_deref() == Some(b))
                && filter.status.is_none_or(|s| e.status == Some(s))
                && filter
                    .verdict
                    .as_deref()
                    .is_none_or(|v| e.verdict.starts_with(v))
        }) {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&entry.json);
        }
        out.push(']');
        out
    }

    /// Empties the in-memory journal (the file keeps its lines); returns how many went.
    pub fn clear(&self) -> usize {
        self.memory.as_ref().map_or(0, |memory| {
            let mut memory = lock(memory);
            memory.bytes = 0;
            std::mem::take(&mut memory.entries).len()
        })
    }

    /// Entries kept in memory.
    pub fn kept(&self) -> usize {
        self.memory.as_ref().map_or(0, |m| lock(m).entries.len())
    }

    /// At shutdown: the lines are already written; sync them, and report any that failed.
    pub fn finish(&self) -> Result<(), SandboxError> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let mut sink = lock(file);
        let synced = sink.file.sync_data();
        match sink.first_error.take() {
            Some(source) => Err(SandboxError::JournalWrite {
                path: sink.path.clone(),
                failed: sink.failed,
                source,
            }),
            // Devices and pipes cannot be synced; the lines are written all the same.
            None => {
                let _ = synced;
                Ok(())
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic mid-record leaves at worst one entry missing: still a usable journal.
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
