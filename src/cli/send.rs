//! `peki send`: the message, its attachment, the setting flags, the output format and the
//! expectations on the reply.

use clap::Args;

use super::SettingFlags;
use crate::output::OutputFormat;
use crate::values::FileUrl;

pub(super) const SEND_HELP: &str = concat!(
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
    "  peki send -b support --dry-run \"hi\" | sh     # the request it would send, as curl\n",
    "  peki -v send -b support \"hi\"                 # request line, status, time, rate limit\n",
    "\n",
    client_env!(),
    "\n",
    exit_codes!(),
);

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
    /// URL of a file to attach (http or https)
    #[arg(long, value_name = "URL", value_hint = clap::ValueHint::Url)]
    pub file: Option<FileUrl>,
    #[command(flatten)]
    pub settings: SettingFlags,
    /// Print the rate-limit state (limit, remaining, reset) on stderr
    #[arg(long)]
    pub rate_limit: bool,
    /// Start a sandbox in-process on a free loopback port and send to it (demo credentials)
    #[arg(long, conflicts_with_all = ["base_url", "api_key", "proxy", "ca_cert", "native_roots"])]
    pub sandbox: bool,
    /// Print the signed request (method, URL, headers, body, the signed string) and a curl
    /// command that sends it, on stdout; send nothing
    #[arg(long, conflicts_with = "sandbox")]
    pub dry_run: bool,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub expect: ExpectArgs,
}

// What the reply must satisfy; a reply that does not exits 9 (and is still printed). (A
// doc comment here would become the about text of every command that flattens it.)
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Expectations (exit 9 when one fails)")]
pub struct ExpectArgs {
    /// The reply must contain TEXT (repeatable: all must appear)
    #[arg(long, value_name = "TEXT")]
    pub expect_contains: Vec<String>,
    /// The reply must not contain TEXT (repeatable)
    #[arg(long, value_name = "TEXT")]
    pub expect_not_contains: Vec<String>,
    /// The reply must match the regular expression RE (repeatable; Rust regex syntax)
    #[arg(long, value_name = "RE", value_parser = check_regex)]
    pub expect_regex: Vec<String>,
    /// The reply must be exactly TEXT
    #[arg(long, value_name = "TEXT")]
    pub expect_equals: Option<String>,
    /// The reply must parse as JSON
    #[arg(long)]
    pub expect_json: bool,
    /// The whole exchange, retries included, must take at most MS milliseconds
    #[arg(long, value_name = "MS")]
    pub expect_max_ms: Option<u64>,
    /// Compare text and regexes without regard to case
    #[arg(long)]
    pub ignore_case: bool,
}

/// A regex that compiles, kept as text: `--ignore-case` decides how it is built.
fn check_regex(text: &str) -> Result<String, String> {
    crate::expect::Pattern::regex(text, false).map(|_| text.to_string())
}
