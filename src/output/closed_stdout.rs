//! Whether the process started with stdout closed (`peki send hi >&-`). Rust's runtime
//! quietly reopens a closed stdout as `/dev/null` before `main`, so that a closed stdout
//! would swallow the reply and report success; a constructor that runs earlier, from the
//! platform's initialiser list, notes how the process really started.

use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);

pub fn at_start() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
extern "C" fn note() {
    // SAFETY: F_GETFD on a descriptor number only reads its flags; EBADF means closed.
    let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
    CLOSED.store(closed, Ordering::Relaxed);
}

#[cfg(any(target_os = "linux", target_os = "android"))]
#[used]
#[unsafe(link_section = ".init_array")]
static NOTE: extern "C" fn() = note;

#[cfg(target_os = "macos")]
#[used]
#[unsafe(link_section = "__DATA,__mod_init_func")]
static NOTE: extern "C" fn() = note;
