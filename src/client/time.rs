//! The clock, the sleeps and the dice of the retry loop, passed in rather than called, so
//! that tests run the loop on a fake clock (see `attempts`' tests): exact waits, and no
//! real sleeping.

use std::time::{Duration, Instant};

/// Time as the retry loop sees it.
pub trait Time {
    /// Monotonic time since the send began: deadlines and attempt durations.
    fn elapsed(&self) -> Duration;
    /// Seconds since the Unix epoch (the wall clock): timestamps, and comparison with the
    /// server's `Date`.
    fn unix_now(&self) -> i64;
    /// Waits `duration` (a backoff, a rate-limit window).
    fn sleep(&mut self, duration: Duration);
    /// A uniform draw from 0 to 1, for backoff jitter.
    fn random_unit(&mut self) -> f64;
}

/// The real clock, `thread::sleep`, and an unseeded generator.
pub struct SystemTime {
    started: Instant,
    rng: fastrand::Rng,
}

impl SystemTime {
    pub fn start() -> Self {
        SystemTime {
            started: Instant::now(),
            rng: fastrand::Rng::new(),
        }
    }
}

impl Time for SystemTime {
    fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    fn unix_now(&self) -> i64 {
        crate::clock::unix_now()
    }

    fn sleep(&mut self, duration: Duration) {
        std::thread::sleep(duration);
    }

    fn random_unit(&mut self) -> f64 {
        self.rng.f64()
    }
}
