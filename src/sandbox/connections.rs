//! The open connections and their cap (`--max-connections`). At the cap, the oldest
//! connection with no request in progress is closed to make room (a client holding idle
//! sockets cannot lock others out); when every connection is busy, the new one is refused.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

/// Descriptors kept free for everything that is not a client: the listener, the journal,
/// the runtime's own, stdio.
const RESERVED_DESCRIPTORS: u64 = 32;

/// Where the descriptor limit cannot be read.
const FALLBACK_MAX_CONNECTIONS: usize = 512;

/// The default cap: under the process's descriptor limit (`ulimit -n`), so that accepting
/// never runs out of descriptors.
pub fn default_max_connections() -> usize {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes only into the struct we pass, which outlives the call.
        let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
        if read {
            // rlim_t is u64 on Linux and macOS, but not on every Unix.
            #[allow(clippy::useless_conversion)]
            let soft = u64::try_from(limit.rlim_cur).unwrap_or(u64::MAX);
            let room = soft.saturating_sub(RESERVED_DESCRIPTORS).clamp(8, 100_000);
            return usize::try_from(room).unwrap_or(FALLBACK_MAX_CONNECTIONS);
        }
    }
    FALLBACK_MAX_CONNECTIONS
}

/// One open connection, as the registry and its task share it.
#[derive(Debug, Default)]
pub(super) struct Slot {
    /// Requests in progress on it (pipelining aside, 0 or 1).
    busy: AtomicUsize,
    /// Told when the connection must close now.
    close: Notify,
}

impl Slot {
    /// Marks a request in progress until the guard is dropped.
    pub fn busy(self: &Arc<Self>) -> BusyGuard {
        self.busy.fetch_add(1, Ordering::SeqCst);
        BusyGuard(self.clone())
    }

    /// Resolves once the connection has been told to close.
    pub async fn closed(&self) {
        self.close.notified().await;
    }

    fn is_idle(&self) -> bool {
        self.busy.load(Ordering::SeqCst) == 0
    }
}

pub(super) struct BusyGuard(Arc<Slot>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Open connections by age.
pub(super) struct Connections {
    max: usize,
    open: Mutex<BTreeMap<u64, Arc<Slot>>>,
    next_id: AtomicUsize,
}

impl Connections {
    pub fn new(max: usize) -> Self {
        Connections {
            max: max.max(1),
            open: Mutex::default(),
            next_id: AtomicUsize::new(0),
        }
    }

    /// Room for a new connection: its id and slot, or `None` when every one is busy.
    pub fn admit(&self) -> Option<(u64, Arc<Slot>)> {
        let mut open = self.lock();
        if open.len() >= self.max && !Self::close_oldest_idle(&mut open) {
            return None;
        }
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) as u64;
        let slot = Arc::new(Slot::default());
        open.insert(id, slot.clone());
        Some((id, slot))
    }

    /// Out of descriptors: closes the oldest idle connection, if any, to free one.
    pub fn relieve(&self) -> bool {
        Self::close_oldest_idle(&mut self.lock())
    }

    /// Shutting down: every connection without a request in progress closes now.
    pub fn close_idle(&self) {
        let mut open = self.lock();
        open.retain(|_, slot| {
            if slot.is_idle() {
                slot.close.notify_one();
                false
            } else {
                true
            }
        });
    }

    pub fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    #[cfg(test)]
    fn count(&self) -> usize {
        self.lock().len()
    }

    fn close_oldest_idle(open: &mut BTreeMap<u64, Arc<Slot>>) -> bool {
        let Some(id) = open
            .iter()
            .find(|(_, slot)| slot.is_idle())
            .map(|(id, _)| *id)
        else {
            return false;
        };
        if let Some(slot) = open.remove(&id) {
            slot.close.notify_one();
        }
        true
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, Arc<Slot>>> {
        // Every update is one map operation: a poisoned lock still holds a valid map.
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_cap_the_oldest_idle_connection_makes_room() {
        let connections = Connections::new(2);
        let (_, first) = connections.admit().unwrap();
        let (_, second) = connections.admit().unwrap();
        let _busy = first.busy();
        // The first is busy: the second, idle, is closed for the third.
        assert!(connections.admit().is_some());
        assert!(second.is_idle());
        assert_eq!(connections.count(), 2);
        let _also_busy = connections.lock().values().last().unwrap().busy();
        assert!(connections.admit().is_none(), "every connection is busy");
    }
}
