//! Ctrl-C and SIGTERM as a request to stop, for a command that should finish what it has
//! started (`peki batch`: the requests in flight, so that every message sent is reported):
//! the first one is noted for the command to see; a second one stops the process at once,
//! as if nothing had been installed. Elsewhere than Unix, signals keep their default.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The signals caught since `install`.
pub struct Interrupts {
    signal: Arc<AtomicUsize>,
}

impl Interrupts {
    /// Catches SIGINT and SIGTERM from now on. If the handlers cannot be installed, the
    /// signals keep their default (they end the process).
    pub fn install() -> Interrupts {
        let signal = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        for number in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            let again = Arc::new(std::sync::atomic::AtomicBool::new(false));
            // Registered first, so that it runs before `again` is set: the first signal
            // only sets the flags, the second finds `again` set and does the default.
            let _ = signal_hook::flag::register_conditional_default(number, again.clone());
            let _ = signal_hook::flag::register(number, again);
            let _ = signal_hook::flag::register_usize(number, signal.clone(), number as usize);
        }
        Interrupts { signal }
    }

    /// The first signal caught, as its name and number.
    pub fn caught(&self) -> Option<(&'static str, u8)> {
        match self.signal.load(Ordering::Relaxed) {
            0 => None,
            2 => Some(("SIGINT", 2)),
            15 => Some(("SIGTERM", 15)),
            other => Some(("a signal", u8::try_from(other).unwrap_or(0))),
        }
    }
}
