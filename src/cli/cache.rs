//! `peki cache`: the reply cache that `--cache TTL` reads and fills.

use clap::Subcommand;

/// The help of a `peki cache` command: its example, the environment, the exit codes.
macro_rules! cache_help {
    ($example:literal) => {
        concat!(
            "Examples:\n  ",
            $example,
            "\n\nEnvironment:\n",
            "  XDG_CACHE_HOME                 where the replies are kept (peki/replies/)\n",
            colour_env!(),
            "\n",
            exit_codes!(),
        )
    };
}

pub(super) const CACHE_HELP: &str = concat!(
    "With --cache TTL (or PEKI_CACHE, or `cache` in a profile), send, batch and test use a\n",
    "stored reply at most TTL old instead of sending, and store each new reply. Entries are\n",
    "keyed by a SHA-256 of the base URL, API key, chatbot, user id and name, message and\n",
    "file (never the secret); failures are never stored.\n",
    "\n",
    "Examples:\n",
    "  peki send --cache 1d \"What are your opening hours?\"\n",
    "  peki cache path\n",
    "  peki cache clear\n",
    "\n",
    "Environment:\n",
    "  XDG_CACHE_HOME                 where the replies are kept (peki/replies/)\n",
    colour_env!(),
    "\n",
    exit_codes!(),
);

#[derive(Debug, Clone, Copy, Subcommand)]
pub enum CacheCommand {
    /// Remove every stored reply
    #[command(after_help = cache_help!("peki cache clear"))]
    Clear,
    /// Print the directory that holds the stored replies
    #[command(after_help = cache_help!("du -sh \"$(peki cache path)\""))]
    Path,
}
