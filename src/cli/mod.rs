//! Every clap definition: commands, flags, help text and examples. The single source for
//! `--help` (and later completions and the man page). Values are parsed into validated
//! types here, at the edge; the setting flags come from the settings table
//! (`settings_flags`).

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use config::{CheckArgs, ConfigCommand};
pub use send::{ExpectArgs, OutputArgs, SendArgs};
pub use settings_flags::SettingFlags;

use crate::values::{BotId, ProfileName};

/// The exit codes, shared by `peki --help` and the subcommands' help.
macro_rules! exit_codes {
    () => {
        concat!(
            "Exit codes:\n",
            "  0  success\n",
            "  1  unexpected failure\n",
            "  2  usage error or invalid input (bad flag, empty message, bad chatbot id or\n",
            "     file URL; also a 400 from the API)\n",
            "  3  configuration error (no credentials, unreadable config file)\n",
            "  4  authentication or permission refused (401, 403)\n",
            "  5  chatbot not found (404)\n",
            "  6  rate limited (429) after retries, or the reset is beyond --max-wait\n",
            "  7  server error (5xx) after retries, or a response that cannot be understood\n",
            "  8  network error (DNS, connect, TLS, timeout)\n",
            "  9  an expectation on the reply failed (--expect-*, peki test)",
        )
    };
}

mod config;
mod send;
mod settings_flags;

const MAIN_HELP: &str = concat!(
    "Examples:\n",
    "  peki send --sandbox \"hello\"                 # a signed round trip against a built-in sandbox\n",
    "  peki send --bot support \"Where is my order?\"\n",
    "  git diff | peki send -b reviewer \"Review this:\" -\n",
    "  peki send -b support --json \"hi\" | jq -r .reply\n",
    "  peki serve --bot support                    # a local Peki-compatible API on 127.0.0.1:8787\n",
    "\n",
    exit_codes!(),
);

/// Command-line client for the Peki chatbot Messages API.
///
/// Signs each request with HMAC-SHA256, sends it, and prints the bot's reply. Credentials
/// come from flags, PEKI_* environment variables or a profile in the config file, in that
/// order. `peki serve` runs a local Peki-compatible sandbox to try it all without an account.
#[derive(Debug, Parser)]
#[command(name = "peki", version, propagate_version = true)]
#[command(after_help = MAIN_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform's]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Profile in the config file to use [env: PEKI_PROFILE]
    #[arg(long, short = 'p', global = true, value_name = "NAME")]
    pub profile: Option<ProfileName>,
    /// Show the request and response on stderr (the secret and signature stay hidden)
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Send a message to a chatbot and print its reply
    #[command(after_help = send::SEND_HELP)]
    Send(SendArgs),
    /// Run a local Peki-compatible sandbox API
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Read and write the config file (profiles, credentials, defaults)
    #[command(subcommand, after_help = config::CONFIG_HELP)]
    Config(ConfigCommand),
}

const SERVE_HELP: &str = concat!(
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
    "  peki send \"hello\"",
);

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port)
    #[arg(long, default_value = "127.0.0.1:8787", value_name = "HOST:PORT", value_parser = parse_addr)]
    pub addr: SocketAddr,
    /// The API key the sandbox accepts
    #[arg(long, default_value = crate::sandbox::DEMO_API_KEY, value_name = "KEY", conflicts_with = "bots")]
    pub api_key: String,
    /// The API secret the sandbox verifies signatures with
    #[arg(long, default_value = crate::sandbox::DEMO_API_SECRET, value_name = "SECRET", conflicts_with = "bots")]
    pub api_secret: String,
    /// A chatbot that exists (repeatable) [default: sandbox]
    #[arg(long, short = 'b', value_name = "ID", conflicts_with = "bots")]
    pub bot: Vec<BotId>,
    /// Messages per chatbot per UTC day before 429 [default: 100]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..))]
    pub daily_limit: Option<u64>,
    /// TOML file of API keys, their secrets and their chatbots (see the README)
    #[arg(long, value_name = "FILE")]
    pub bots: Option<PathBuf>,
    /// Do not log requests on stderr
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Serve HTTPS with this PEM certificate (chain)
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Fault: milliseconds added before every answer
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency: u64,
    /// Fault: probability (0 to 1) of answering 503 instead
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = crate::sandbox::faults::parse_rate)]
    pub fail_rate: f64,
    /// Fault: probability (0 to 1) of closing the connection without an answer
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = crate::sandbox::faults::parse_rate)]
    pub drop_rate: f64,
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
}

/// `HOST:PORT` to a socket address (names such as `localhost` are resolved).
fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    text.to_socket_addrs()
        .map_err(|e| format!("expected HOST:PORT such as 127.0.0.1:8787 ({e})"))?
        .next()
        .ok_or_else(|| format!("'{text}' resolves to no address"))
}

/// Whether the command line asks for JSON output, for reporting a parse error as JSON.
pub fn wants_json(args: &[String]) -> bool {
    args.iter().enumerate().any(|(i, arg)| {
        matches!(arg.as_str(), "--json" | "--output=json" | "-ojson")
            || (matches!(arg.as_str(), "--output" | "-o")
                && args.get(i + 1).is_some_and(|next| next == "json"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn json_requests_are_recognised_in_every_spelling() {
        let args = |list: &[&str]| list.iter().map(ToString::to_string).collect::<Vec<_>>();
        for yes in [
            &["--json"][..],
            &["-o", "json"],
            &["--output=json"],
            &["--output", "json"],
        ] {
            assert!(wants_json(&args(yes)), "{yes:?}");
        }
        for no in [&["json"][..], &["-o", "plain"], &["--", "x"]] {
            assert!(!wants_json(&args(no)), "{no:?}");
        }
    }
}
