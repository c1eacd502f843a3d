//! Fault injection for `peki serve`: added latency, injected 503s and dropped connections,
//! drawn from a seeded generator so that a run can be replayed.

use std::sync::Mutex;
use std::time::Duration;

/// What to do to requests, as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Faults {
    /// Added before every answer.
    pub latency: Duration,
    /// Probability (0..=1) of answering 503 instead of verifying.
    pub fail_rate: f64,
    /// Probability (0..=1) of closing the connection without any answer.
    pub drop_rate: f64,
    /// Seed of the draws: the same seed and the same request order give the same faults.
    pub seed: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency: Duration::ZERO,
            fail_rate: 0.0,
            drop_rate: 0.0,
            seed: 1,
        }
    }
}

/// The fate of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    Fail,
    Drop,
}

/// Draws a `Fault` for each request.
#[derive(Debug)]
pub struct Dice {
    faults: Faults,
    rng: Mutex<fastrand::Rng>,
}

impl Dice {
    pub fn new(faults: Faults) -> Self {
        Dice {
            faults,
            rng: Mutex::new(fastrand::Rng::with_seed(faults.seed)),
        }
    }

    /// Starts the draws again from the seed (`POST /__peki/reset`).
    pub fn reset(&self) {
        *self.rng.lock().unwrap_or_else(|p| p.into_inner()) =
            fastrand::Rng::with_seed(self.faults.seed);
    }

    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The next request's fate. Rates of 0 and 1 never draw, so they are exact.
    pub fn roll(&self) -> Fault {
        let draw = |rate: f64| {
            if rate <= 0.0 {
                false
            } else if rate >= 1.0 {
                true
            } else {
                // A poisoned lock only means another thread panicked mid-draw; the
                // generator's state is still a valid state.
                let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
                rng.f64() < rate
            }
        };
        if draw(self.faults.drop_rate) {
            Fault::Drop
        } else if draw(self.faults.fail_rate) {
            Fault::Fail
        } else {
            Fault::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rolls(faults: Faults, n: usize) -> Vec<Fault> {
        let dice = Dice::new(faults);
        (0..n).map(|_| dice.roll()).collect()
    }

    #[test]
    fn rates_of_zero_and_one_are_exact() {
        assert!(
            rolls(Faults::default(), 50)
                .iter()
                .all(|f| *f == Fault::None)
        );
        let fail = Faults {
            fail_rate: 1.0,
            ..Faults::default()
        };
        assert!(rolls(fail, 50).iter().all(|f| *f == Fault::Fail));
        let drop = Faults {
            drop_rate: 1.0,
            fail_rate: 1.0,
            ..Faults::default()
        };
        assert!(rolls(drop, 50).iter().all(|f| *f == Fault::Drop));
    }

    #[test]
    fn the_same_seed_replays_the_same_faults() {
        let faults = Faults {
            fail_rate: 0.5,
            seed: 42,
            ..Faults::default()
        };
        let first = rolls(faults, 40);
        assert_eq!(first, rolls(faults, 40));
        assert!(first.contains(&Fault::Fail) && first.contains(&Fault::None));
    }
}
