//! Every clap definition: commands, flags, help text and examples. The single source for
//! `--help` (and later completions and the man page). Values are parsed into validated
//! types here, at the edge.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::values::{BaseUrl, BotId, FileUrl, Probability, Seconds};

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
            "  8  network error (DNS, connect, TLS, timeout)",
        )
    };
}

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
    #[arg(long, short = 'p', global = true, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<String>,
    /// Show the request and response on stderr (the secret and signature stay hidden)
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Send a message to a chatbot and print its reply
    #[command(after_help = SEND_HELP)]
    Send(SendArgs),
    /// Run a local Peki-compatible sandbox API
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Read and write the config file (profiles, credentials, defaults)
    #[command(subcommand, after_help = CONFIG_HELP)]
    Config(ConfigCommand),
}

const CONFIG_HELP: &str = concat!(
    "Keys: api_key, api_secret, api_secret_command, bot, base_url, user_id, user_name,\n",
    "timeout, retries, ca_cert, native_roots. Commands act on the profile chosen by\n",
    "--profile, PEKI_PROFILE or default_profile (else 'default').\n",
    "\n",
    "Examples:\n",
    "  peki config init                              # asks, on a terminal\n",
    "  peki config set api_key pk_live_123\n",
    "  pass show peki | peki config set api_secret -  # secrets only from stdin\n",
    "  peki config set api_secret_command \"pass show peki\"\n",
    "  peki --profile staging config set base_url https://staging.example/api\n",
    "  peki config use staging\n",
    "  peki config check\n",
    "\n",
    exit_codes!(),
);

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Ask for credentials and defaults and write a profile (needs a terminal)
    Init,
    /// Set KEY to VALUE in the profile ('-' reads the value from stdin)
    Set {
        /// One of the keys listed below
        key: String,
        /// The value; for api_secret only '-' (stdin) is accepted
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Print the value of KEY in the profile (secrets masked)
    Get {
        key: String,
        /// Print a secret in full
        #[arg(long)]
        reveal: bool,
    },
    /// Remove KEY from the profile
    Unset { key: String },
    /// Print every key set in the profile (secrets masked)
    List,
    /// Print the path of the config file
    Path,
    /// Print the names of the profiles in the config file
    Profiles,
    /// Make PROFILE the default (sets default_profile)
    Use { profile: String },
    /// Resolve the active settings, show where each comes from, and list problems
    Check(Box<CheckArgs>),
}

/// `config check` takes the flags `send` takes, to show what `send` with them would use.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub connection: ConnectionArgs,
}

const SEND_HELP: &str = concat!(
    "The message is the words joined by spaces. With no words, it is read from stdin;\n",
    "a lone '-' among the words is replaced by stdin. One trailing newline of stdin is\n",
    "dropped; stdin may hold at most 1 MiB of UTF-8.\n",
    "\n",
    "Examples:\n",
    "  peki send --sandbox \"hello\"\n",
    "  peki send --bot support \"Where is my order?\"\n",
    "  echo \"$text\" | peki send --bot support\n",
    "  git diff | peki send -b reviewer \"Review this:\" -\n",
    "  peki send -b support --file https://example.com/invoice.pdf \"Summarize this\"\n",
    "  peki send -b support --json \"hi\" | jq -r .reply\n",
    "\n",
    exit_codes!(),
);

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// The reply text alone
    Plain,
    /// One JSON object, on success and on failure
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, short = 'o', value_enum, default_value_t = OutputFormat::Plain, value_name = "FORMAT")]
    pub output: OutputFormat,
    /// Same as --output json
    #[arg(long, conflicts_with = "output")]
    pub json: bool,
}

impl OutputArgs {
    pub fn format(&self) -> OutputFormat {
        if self.json {
            OutputFormat::Json
        } else {
            self.output
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct SendArgs {
    /// The message; '-' reads stdin; no words at all reads stdin
    #[arg(value_name = "MESSAGE")]
    pub message: Vec<String>,
    #[command(flatten)]
    pub target: TargetArgs,
    /// URL of a file to attach (http or https)
    #[arg(long, value_name = "URL")]
    pub file: Option<FileUrl>,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Print the rate-limit state (limit, remaining, reset) on stderr
    #[arg(long)]
    pub rate_limit: bool,
    /// Start a sandbox in-process on a free loopback port and send to it (demo credentials)
    #[arg(long, conflicts_with_all = ["base_url", "api_key", "proxy", "ca_cert", "native_roots"])]
    pub sandbox: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Who talks to which chatbot: shared by every command that sends.
#[derive(Debug, Clone, Args)]
pub struct TargetArgs {
    /// Chatbot id [env: PEKI_BOT]
    #[arg(long, short = 'b', value_name = "ID")]
    pub bot: Option<BotId>,
    /// User id sent with the message [env: PEKI_USER_ID] [default: login name]
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,
    /// User display name [env: PEKI_USER_NAME] [default: login name]
    #[arg(long, value_name = "NAME")]
    pub user_name: Option<String>,
}

/// How to reach the API: shared by every command that sends.
#[derive(Debug, Clone, Args)]
pub struct ConnectionArgs {
    /// API base URL [env: PEKI_BASE_URL] [default: https://api.peki.ai/api]
    #[arg(long, value_name = "URL")]
    pub base_url: Option<BaseUrl>,
    /// API key (the secret comes only from PEKI_API_SECRET or the config file) [env: PEKI_API_KEY]
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Seconds the whole request may take, retries included [default: 60]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<Seconds>,
    /// Retries on connect failures, resets, timeouts, 429 and 500/502/503/504 [default: 3]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub retries: Option<u32>,
    /// Longest wait for a rate-limit window before giving up with exit 6 [default: 60]
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub max_wait: Option<u64>,
    /// PEM file of CA certificates trusted on top of the built-in roots [env: PEKI_CA_CERT]
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Trust the operating system's certificate store instead of the built-in roots
    #[arg(long)]
    pub native_roots: bool,
    /// Proxy URL (http://[user:pass@]host:port); overrides HTTPS_PROXY, HTTP_PROXY, ALL_PROXY
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
}

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
    #[arg(long, value_name = "FILE")]
    pub bots: Option<PathBuf>,
    /// Do not log requests on stderr
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Open connections at most; at the cap the oldest idle one is closed for a new one
    /// [default: under the descriptor limit, ulimit -n]
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_connections: Option<usize>,
    /// Serve HTTPS with this PEM certificate (chain)
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
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
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// Check a script file and exit: 0 if valid, 2 with the file, line and column of a problem
    #[arg(long, value_name = "FILE", exclusive = true)]
    pub check_script: Option<PathBuf>,
    /// Write one JSON line per request to FILE (created afresh), each before its answer
    #[arg(long, value_name = "FILE")]
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
    #[arg(long, value_name = "PATH")]
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

fn parse_profile(text: &str) -> Result<String, String> {
    crate::config::check_profile_name(text).map(|()| text.to_string())
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
