//! `peki batch`'s core: reading lines (`lines`), keeping to the rate limit (`budget`),
//! putting parallel answers back in input order (`reorder`), skipping what an earlier run
//! did (`resume`), and the loop that ties them to a pool of workers (`runner`). It sends
//! through a `runner::Courier` and writes through a `runner::Sink`, both passed in, so it
//! never prints and never opens a connection itself.

pub mod budget;
pub mod lines;
pub mod reorder;
pub mod resume;
pub mod runner;

use crate::error::exit;

/// The exit codes of failed lines, from the one that most needs a person to the one that a
/// later run clears by itself: output lost or a bug, configuration, credentials, bad
/// input, a chatbot that does not exist, a reply that failed its expectations, then the
/// transient ones: network, server, rate limit.
pub const SEVERITY: [u8; 9] = [
    exit::UNEXPECTED,
    exit::CONFIG,
    exit::AUTH,
    exit::USAGE,
    exit::NOT_FOUND,
    exit::EXPECTATION,
    exit::NETWORK,
    exit::SERVER,
    exit::RATE_LIMITED,
];

/// The more severe of two exit codes (an unknown code counts as the most severe).
pub fn worse(a: u8, b: u8) -> u8 {
    let rank = |code: u8| SEVERITY.iter().position(|&c| c == code).unwrap_or(0);
    if rank(b) < rank(a) { b } else { a }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_failure_that_needs_a_person_wins() {
        assert_eq!(worse(6, 2), 2);
        assert_eq!(worse(9, 7), 9);
        assert_eq!(worse(4, 3), 3);
        assert_eq!(worse(8, 6), 8);
        assert_eq!(worse(1, 3), 1);
        assert_eq!(worse(6, 6), 6);
        let mut codes = SEVERITY.to_vec();
        codes.sort_unstable();
        assert_eq!(
            codes,
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
            "every failure code has a rank"
        );
    }
}
