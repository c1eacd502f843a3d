//! `peki serve`: the sandbox's address, keys, limits, scripted replies, journal, control
//! endpoints, TLS and faults.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;

use clap::Args;

use crate::values::{BotId, Probability};

pub(super) const SERVE_HELP: &str = concat!(
    "The sandbox checks Content-Type, API key, timestamp (±300 s) and HMAC signature (401),\n",
    "chatbot (404), key access (403), the body (400) and a daily limit per chatbot (429),\n",
    "and answers with the API's statuses, problem details and X-RateLimit-* headers.\n",
    "By default it replies with an echo of the message.\n",
    "\n",
    "Examples:\n",
    "  peki serve\n",
    "  peki serve --addr 127.0.0.1:9000 --bot support --bot sales --daily-limit 5\n",
    "  peki serve --bots bots.toml\n",
    "  peki serve --tls-cert cert.pem --tls-key key.pem\n",
    "  peki serve --latency 200 --fail-rate 0.2 --drop-rate 0.05 --seed 7\n",
    "\n",
    "  export PEKI_BASE_URL=http://127.0.0.1:8787/api PEKI_API_KEY=pk_sandbox \\\n",
    "         PEKI_API_SECRET=sk_sandbox PEKI_BOT=sandbox\n",
    "  peki send \"hello\"\n",
    "\n",
    "Environment:\n",
    colour_env!(),
    "\n",
    "-q (--quiet) keeps the request log off stderr; the banner is still printed.",
);

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port)
    #[arg(long, default_value = "127.0.0.1:8787", value_name = "HOST:PORT", value_parser = parse_addr)]
    pub addr: SocketAddr,
    /// The API key the sandbox accepts [default: pk_sandbox]
    #[arg(long, value_name = "KEY", conflicts_with = "bots")]
    pub api_key: Option<String>,
    /// The API secret the sandbox verifies signatures with [default: sk_sandbox]
    #[arg(long, value_name = "SECRET", conflicts_with = "bots")]
    pub api_secret: Option<String>,
    /// A chatbot that exists (repeatable) [default: sandbox]
    #[arg(long, short = 'b', value_name = "ID", conflicts_with = "bots")]
    pub bot: Vec<BotId>,
    /// Messages per chatbot per UTC day before 429 [default: 100]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..))]
    pub daily_limit: Option<u64>,
    /// TOML file of API keys, their secrets and their chatbots (see the README)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub bots: Option<PathBuf>,
    /// Open connections at most; at the cap the oldest idle one is closed for a new one
    /// [default: under the descriptor limit, ulimit -n]
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_connections: Option<usize>,
    /// Serve HTTPS with this PEM certificate (chain)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Fault: milliseconds added before every answer
    #[arg(long, value_name = "MS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=600_000))]
    pub latency: u64,
    /// Fault: probability (0 to 1) of answering 503 instead
    #[arg(long, value_name = "P", default_value = "0")]
    pub fail_rate: Probability,
    /// Fault: probability (0 to 1) of closing the connection without an answer
    #[arg(long, value_name = "P", default_value = "0")]
    pub drop_rate: Probability,
    /// Seed for the fault draws: the same seed replays the same faults
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Fault: shift the sandbox's clock by SECS (negative: behind), to rehearse clock skew
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 0,
        allow_negative_numbers = true,
        value_parser = clap::value_parser!(i64).range(-315_576_000..=315_576_000)
    )]
    pub clock_skew: i64,
    /// Scripted replies: a TOML file of rules, first match wins (see examples/sandbox-script.toml)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub script: Option<PathBuf>,
    /// Check a script file and exit: 0 if valid, 2 with the file, line and column of a problem
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, exclusive = true)]
    pub check_script: Option<PathBuf>,
    /// Write one JSON line per request to FILE (created afresh), each before its answer
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub journal: Option<PathBuf>,
    /// Requests kept in memory for GET /__peki/requests
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub journal_max: usize,
    /// Open the admin endpoints: GET and DELETE /__peki/requests, POST /__peki/reset
    #[arg(long)]
    pub admin: bool,
    /// Require 'Authorization: Bearer TOKEN' on the admin endpoints (needed beyond loopback)
    #[arg(long, value_name = "TOKEN", requires = "admin")]
    pub admin_token: Option<String>,
    /// Print the base URL as the first line on stdout once listening (with --addr HOST:0)
    #[arg(long)]
    pub print_addr: bool,
    /// Write the base URL to PATH, atomically, once listening
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub ready_file: Option<PathBuf>,
    /// Refuse (401) a signature already accepted within its 5-minute window
    #[arg(long)]
    pub reject_replays: bool,
    /// Count the daily limit over windows of SECS (from the Unix epoch) instead of the UTC day
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=31_622_400))]
    pub window: Option<u64>,
    /// Send Retry-After: SECS with every 429 instead of the seconds to the reset
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(0..=31_622_400))]
    pub retry_after: Option<u64>,
}

/// `HOST:PORT` to a socket address (names such as `localhost` are resolved).
fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    text.to_socket_addrs()
        .map_err(|e| format!("expected HOST:PORT such as 127.0.0.1:8787 ({e})"))?
        .next()
        .ok_or_else(|| format!("'{text}' resolves to no address"))
}
