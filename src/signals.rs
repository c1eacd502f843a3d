//! Holding termination signals for a moment that must not be cut short: a secret in a temp
//! file before its rename, a terminal with its echo off. A leaf: imports nothing of ours.

/// Until dropped, SIGINT, SIGTERM, SIGHUP and SIGQUIT wait; on drop, one that came in
/// the meantime takes effect. (SIGKILL cannot wait.)
pub struct Held {
    #[cfg(unix)]
    previous: libc::sigset_t,
}

#[cfg(unix)]
pub fn hold() -> Held {
    // SAFETY: sigset_t is plain data that sigemptyset initialises; pthread_sigmask
    // only reads `set` and writes `previous`, both valid for the call.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        let mut previous: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
            libc::sigaddset(&mut set, signal);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous);
        Held { previous }
    }
}

#[cfg(not(unix))]
pub fn hold() -> Held {
    Held {}
}

#[cfg(unix)]
impl Drop for Held {
    fn drop(&mut self) {
        // SAFETY: restores the mask saved by `hold` on this same thread.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.previous, std::ptr::null_mut());
        }
    }
}
