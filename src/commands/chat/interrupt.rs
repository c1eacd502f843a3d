//! Signals while `peki chat` waits for a reply: Ctrl-C (SIGINT) gives up waiting and goes
//! back to the prompt; SIGTERM and SIGHUP end the session. The handler only notes the
//! signal (an atomic store, async-signal-safe), and it is in place only while a reply is
//! awaited: the previous dispositions come back after, so that at the prompt the line
//! editor reads Ctrl-C as a key and TERM/HUP keep their default action.

use std::sync::atomic::{AtomicI32, Ordering};

/// The last signal caught while a `Watch` was in place (0: none).
static CAUGHT: AtomicI32 = AtomicI32::new(0);

/// What came in while waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caught {
    Nothing,
    /// Ctrl-C: stop waiting.
    Interrupt,
    /// TERM or HUP: end the session with this signal's exit code (128 + its number).
    Terminate(i32),
}

/// The handlers, replaced by the previous dispositions when dropped.
pub struct Watch {
    #[cfg(unix)]
    previous: Vec<(libc::c_int, libc::sigaction)>,
}

#[cfg(unix)]
const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

#[cfg(unix)]
extern "C" fn note(signal: libc::c_int) {
    CAUGHT.store(signal, Ordering::SeqCst);
}

impl Watch {
    #[cfg(unix)]
    pub fn start() -> Watch {
        CAUGHT.store(0, Ordering::SeqCst);
        let mut previous = Vec::new();
        for signal in SIGNALS {
            // SAFETY: sigaction is plain data, zeroed then filled; the handler only does an
            // atomic store; `old` receives the previous disposition to restore on drop.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = note as *const () as libc::sighandler_t;
                libc::sigemptyset(&mut action.sa_mask);
                // The request's thread may take the signal: its reads and writes go on.
                action.sa_flags = libc::SA_RESTART;
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, &action, &mut old) == 0 {
                    previous.push((signal, old));
                }
            }
        }
        Watch { previous }
    }

    #[cfg(not(unix))]
    pub fn start() -> Watch {
        Watch {}
    }

    pub fn caught(&self) -> Caught {
        match CAUGHT.load(Ordering::SeqCst) {
            0 => Caught::Nothing,
            #[cfg(unix)]
            libc::SIGINT => Caught::Interrupt,
            signal => Caught::Terminate(signal),
        }
    }
}

#[cfg(unix)]
impl Drop for Watch {
    fn drop(&mut self) {
        for (signal, old) in self.previous.drain(..) {
            // SAFETY: restores a disposition sigaction itself returned for this signal.
            unsafe {
                libc::sigaction(signal, &old, std::ptr::null_mut());
            }
        }
    }
}

/// Ends the process as `signal` would have: the default action is back (the `Watch` is
/// gone), so raising it again ends the process with the status a shell expects.
pub fn die_of(signal: i32) -> ! {
    #[cfg(unix)]
    // SAFETY: resetting a disposition to the default and raising a signal are plain calls.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
    // Not reached on Unix; elsewhere, the conventional status.
    std::process::exit(128 + signal)
}
