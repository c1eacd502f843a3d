//! The reply cache (`--cache TTL`): successful answers stored under a digest of where, as
//! whom and what was asked (base URL, API key, chatbot, user id and name, content, file),
//! one private file per entry in the platform's cache dir, written atomically through
//! `store`. The digest is the only trace of the request in a file name; the secret is never
//! part of anything stored. A stored entry serves a lookup while it is younger than the
//! TTL of that lookup (the TTL is the reader's, as HTTP's `max-age` is). Anything unreadable
//! — torn, foreign, too large, from a future version — is a miss, and the next store replaces
//! it. Never prints.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{digest, store};

/// The layout of an entry; another version is a miss.
const VERSION: u32 = 1;
/// An entry larger than this is not read: a 64 MiB response and its JSON framing fit.
const MAX_ENTRY_BYTES: u64 = 80 * 1024 * 1024;
/// An entry stamped later than this ahead of the clock was not written by this clock.
const FUTURE_SLACK_SECS: i64 = 60;

/// What an entry is stored under: a SHA-256 of the request's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheKey([u8; 32]);

/// Everything that makes two requests the same request (never the secret).
#[derive(Debug, Clone, Copy)]
pub struct Identity<'a> {
    pub base_url: &'a str,
    pub api_key: &'a str,
    pub bot: &'a str,
    pub user_id: &'a str,
    pub user_name: &'a str,
    pub content: &'a str,
    pub file: Option<&'a str>,
}

impl CacheKey {
    pub fn of(id: &Identity<'_>) -> CacheKey {
        CacheKey(digest::fields(
            "peki reply cache v1",
            &[
                Some(id.base_url),
                Some(id.api_key),
                Some(id.bot),
                Some(id.user_id),
                Some(id.user_name),
                Some(id.content),
                id.file,
            ],
        ))
    }

    pub fn hex(&self) -> String {
        digest::hex(&self.0)
    }
}

/// A stored answer: the status and the server's body as received (JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    pub status: u16,
    pub response: Value,
    /// Unix seconds when it was stored.
    pub stored_at: i64,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    version: u32,
    /// The key again, so that a file copied or renamed under another key is not believed.
    key: String,
    #[serde(flatten)]
    stored: Stored,
}

/// The cache in a directory, read with one TTL.
#[derive(Debug)]
pub struct ReplyCache {
    dir: PathBuf,
    ttl: Duration,
    /// Whether a store already failed (a full disk is reported once, not once a message).
    failed: AtomicBool,
}

/// The platform's cache dir for replies (`~/.cache/peki/replies` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "peki")?;
    Some(dirs.cache_dir().join("replies"))
}

/// Whether an entry stored at `stored_at` may serve a lookup at `now` with `ttl`.
pub fn fresh(stored_at: i64, now: i64, ttl: Duration) -> bool {
    let age = now.saturating_sub(stored_at);
    let ttl = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
    age >= -FUTURE_SLACK_SECS && age < ttl
}

impl ReplyCache {
    pub fn at(dir: impl Into<PathBuf>, ttl: Duration) -> ReplyCache {
        ReplyCache {
            dir: dir.into(),
            ttl,
            failed: AtomicBool::new(false),
        }
    }

    /// The cache in the platform's cache dir; `None` where there is none.
    pub fn open_default(ttl: Duration) -> Option<ReplyCache> {
        default_dir().map(|dir| ReplyCache::at(dir, ttl))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `DIR/ab/abcdef….json`: 256 subdirectories keep each one small.
    fn path(&self, key: &CacheKey) -> PathBuf {
        let hex = key.hex();
        self.dir.join(&hex[..2]).join(format!("{hex}.json"))
    }

    /// The entry for `key` if there is a fresh, readable one.
    pub fn lookup(&self, key: &CacheKey, now: i64) -> Option<Stored> {
        let path = self.path(key);
        let meta = std::fs::metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_ENTRY_BYTES {
            return None;
        }
        let entry: Entry = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
        let usable = entry.version == VERSION
            && entry.key == key.hex()
            && (200..300).contains(&entry.stored.status)
            && fresh(entry.stored.stored_at, now, self.ttl);
        usable.then_some(entry.stored)
    }

    /// Stores a successful answer, replacing whatever was there. The first failure is
    /// returned; later ones are not (the caller reports it once).
    pub fn store(&self, key: &CacheKey, stored: Stored) -> Result<(), Option<std::io::Error>> {
        let entry = Entry {
            version: VERSION,
            key: key.hex(),
            stored,
        };
        let written = serde_json::to_vec(&entry)
            .map_err(std::io::Error::other)
            .and_then(|bytes| store::lock(&self.path(key))?.replace_quickly(&bytes));
        written.map_err(|e| (!self.failed.swap(true, Ordering::Relaxed)).then_some(e))
    }
}

/// Removes every entry (and a killed writer's temp files) under `dir`; how many entries
/// went. Entries a concurrent `peki` writes meanwhile may stay.
pub fn clear(dir: &Path) -> std::io::Result<usize> {
    let mut removed = 0;
    let shards = match std::fs::read_dir(dir) {
        Ok(shards) => shards,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    for shard in shards.flatten() {
        // Only our own two-hex-digit shards: nothing else in the directory is ours.
        let name = shard.file_name();
        let ours = name.len() == 2
            && name
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_hexdigit());
        if !ours || !shard.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        for file in std::fs::read_dir(shard.path())?.flatten() {
            let name = file.file_name();
            let name = name.to_string_lossy();
            let entry = name.ends_with(".json") && !name.starts_with('.');
            let temp = name.starts_with('.') && name.ends_with(".tmp");
            if !(entry || temp) {
                continue;
            }
            match std::fs::remove_file(file.path()) {
                Ok(()) => removed += usize::from(entry),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        // Empty now unless a writer is busy in it: then it stays, which is fine.
        let _ = std::fs::remove_dir(shard.path());
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(content: &str) -> Identity<'_> {
        Identity {
            base_url: "https://api.peki.ai/api",
            api_key: "pk_a",
            bot: "support",
            user_id: "u1",
            user_name: "Ada",
            content,
            file: None,
        }
    }

    fn answer(at: i64) -> Stored {
        Stored {
            status: 200,
            response: serde_json::json!({"data": "hi", "error": null}),
            stored_at: at,
        }
    }

    #[test]
    fn every_part_of_the_identity_is_in_the_key() {
        let base = identity("hi");
        let key = CacheKey::of(&base);
        let variants = [
            Identity {
                base_url: "https://x/api",
                ..base
            },
            Identity {
                api_key: "pk_b",
                ..base
            },
            Identity { bot: "b", ..base },
            Identity {
                user_id: "u2",
                ..base
            },
            Identity {
                user_name: "Bo",
                ..base
            },
            identity("hi!"),
            Identity {
                file: Some("https://f/a.pdf"),
                ..base
            },
        ];
        for variant in &variants {
            assert_ne!(CacheKey::of(variant), key, "{variant:?}");
        }
        assert_eq!(CacheKey::of(&identity("hi")), key);
    }

    #[test]
    fn freshness_is_the_lookups_ttl() {
        let ttl = Duration::from_secs(600);
        assert!(fresh(1_000, 1_000, ttl));
        assert!(fresh(1_000, 1_599, ttl));
        assert!(!fresh(1_000, 1_600, ttl));
        // A stamp from the far future is not believed; a little skew is.
        assert!(fresh(1_030, 1_000, ttl));
        assert!(!fresh(5_000, 1_000, ttl));
        assert!(!fresh(i64::MIN, i64::MAX, Duration::MAX));
    }

    #[test]
    fn entries_round_trip_expire_and_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ReplyCache::at(dir.path().join("replies"), Duration::from_secs(60));
        let key = CacheKey::of(&identity("hi"));
        assert_eq!(cache.lookup(&key, 1_000), None);
        cache.store(&key, answer(1_000)).unwrap();
        assert_eq!(cache.lookup(&key, 1_059), Some(answer(1_000)));
        assert_eq!(cache.lookup(&key, 1_060), None);
        let other = CacheKey::of(&identity("bye"));
        assert_eq!(cache.lookup(&other, 1_000), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(cache.path(&key))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn corrupt_foreign_and_failed_entries_are_misses_and_get_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ReplyCache::at(dir.path(), Duration::from_secs(60));
        let key = CacheKey::of(&identity("hi"));
        let other = CacheKey::of(&identity("bye"));
        cache.store(&other, answer(1_000)).unwrap();
        std::fs::create_dir_all(cache.path(&key).parent().unwrap()).unwrap();
        // A torn file, an entry under another key's name, a failure, another version.
        let foreign = std::fs::read(cache.path(&other)).unwrap();
        let failure = serde_json::json!({"version": 1, "key": key.hex(), "status": 500,
            "response": {}, "stored_at": 1_000});
        let future = serde_json::json!({"version": 2, "key": key.hex(), "status": 200,
            "response": {}, "stored_at": 1_000});
        for bytes in [
            b"{\"version\":1,\"ke".to_vec(),
            foreign,
            failure.to_string().into_bytes(),
            future.to_string().into_bytes(),
            vec![0xff, 0x00],
        ] {
            std::fs::write(cache.path(&key), &bytes).unwrap();
            assert_eq!(cache.lookup(&key, 1_000), None);
        }
        cache.store(&key, answer(1_000)).unwrap();
        assert_eq!(cache.lookup(&key, 1_000), Some(answer(1_000)));
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_store_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the cache directory should be: nothing can be created under it.
        let blocker = dir.path().join("replies");
        std::fs::write(&blocker, "").unwrap();
        let cache = ReplyCache::at(&blocker, Duration::from_secs(60));
        let key = CacheKey::of(&identity("hi"));
        assert!(matches!(cache.store(&key, answer(1)), Err(Some(_))));
        assert!(matches!(cache.store(&key, answer(1)), Err(None)));
    }

    #[test]
    fn clear_removes_entries_and_leaves_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ReplyCache::at(dir.path(), Duration::from_secs(60));
        assert_eq!(clear(&dir.path().join("absent")).unwrap(), 0);
        for text in ["a", "b", "c"] {
            cache
                .store(&CacheKey::of(&identity(text)), answer(1))
                .unwrap();
        }
        let mine = dir.path().join("notes.txt");
        std::fs::write(&mine, "keep").unwrap();
        assert_eq!(clear(dir.path()).unwrap(), 3);
        assert!(mine.exists());
        assert_eq!(clear(dir.path()).unwrap(), 0);
    }
}
