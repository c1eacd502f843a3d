//! `peki batch`: the input, its format, parallelism, waiting for the rate limit, resuming,
//! the setting flags and the expectations every line must meet.

use std::path::PathBuf;

use clap::Args;

use super::{ExpectArgs, SettingFlags};
use crate::batch::lines::Format;

/// The most requests in flight: the client keeps this many connections to the API.
pub const MAX_PARALLEL: u16 = crate::client::POOL_SIZE as u16;

pub(super) const BATCH_HELP: &str = concat!(
    "Each line is a message: text, or a JSON object {\"content\", \"file\"?, \"user_id\"?,\n",
    "\"user_name\"?, \"bot\"?, \"id\"?} (with --format auto, a line starting with '{').\n",
    "Lines are at most 1 MiB of UTF-8. Each gets one JSON result line on stdout, in\n",
    "input order: the send --json object plus line, id, input_hash and resumed.\n",
    "\n",
    "The batch keeps to each chatbot's rate limit: before it would get a 429 it stops\n",
    "sending to that chatbot, and reports its remaining lines as not sent (or, with\n",
    "--wait, sleeps until the reset when that is within --max-wait).\n",
    "--resume OUT skips the lines OUT says succeeded.\n",
    "\n",
    "Examples:\n",
    "  peki batch -b support questions.txt > answers.jsonl\n",
    "  jq -c '{id, content: .text}' tickets.json | peki batch -b support --parallel 4\n",
    "  peki batch -b support questions.txt --resume answers.jsonl > answers-2.jsonl\n",
    "  peki batch -b support --wait --max-wait 86400 nightly.txt > out.jsonl\n",
    "  peki batch -b support --dry-run questions.txt | less   # the requests as curl\n",
    "\n",
    "Exit status: 0 when every line succeeded, else the code of the most severe failure,\n",
    "in this order: 1, 3, 4, 2, 5, 9, 8, 7, 6 (see below); 130 after a Ctrl-C, 143 after\n",
    "SIGTERM.\n",
    "\n",
    client_env!(),
    "\n",
    exit_codes!(),
);

#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// File of messages, one a line; '-' or none reads stdin
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// How lines are read
    #[arg(long, value_enum, default_value_t = Format::Auto, value_name = "FORMAT")]
    pub format: Format,
    /// Requests in flight at once (results stay in input order)
    #[arg(long, short = 'P', value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_PARALLEL)))]
    pub parallel: u16,
    /// When the rate limit is used up, sleep until it resets (within --max-wait) instead of stopping
    #[arg(long)]
    pub wait: bool,
    /// An earlier output of peki batch: the lines it says succeeded are not sent again
    #[arg(long, value_name = "FILE")]
    pub resume: Option<PathBuf>,
    #[command(flatten)]
    pub settings: SettingFlags,
    /// Print each line's request, signed, as a curl command; send nothing
    #[arg(long, conflicts_with_all = ["sandbox", "wait"])]
    pub dry_run: bool,
    /// Start a sandbox in-process on a free loopback port and send to it (demo credentials)
    #[arg(long, conflicts_with_all = ["base_url", "api_key", "proxy", "ca_cert", "native_roots"])]
    pub sandbox: bool,
    #[command(flatten)]
    pub expect: ExpectArgs,
}
