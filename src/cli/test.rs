//! `peki test`: suite files, what to run of them, how, and the reports to write.

use std::path::PathBuf;

use clap::Args;

use super::SettingFlags;

pub(super) const TEST_HELP: &str = concat!(
    "A suite is a TOML file: [suite] defaults (bot, user_name), [vars], and [[case]]s.\n",
    "A case sends one `message`, or its [[case.turn]]s in order as one user, checks each\n",
    "reply with `expect = { contains = [...], regex = '...', max_ms = 5000, ... }`, can\n",
    "`capture` text into ${name} for later turns, and can run `samples = N` times and pass\n",
    "with `min_pass = M`. Each case run gets its own user id. The whole format, every\n",
    "expectation key and a CI job: README section \"Use in CI: peki test\".\n",
    "\n",
    "Before sending, the messages the run needs are counted and compared with --budget\n",
    "and the last rate-limit reading (peki limits); a run that cannot fit is refused\n",
    "(exit 6) unless --force. A chatbot's quota that runs out mid-run skips what is\n",
    "left of its cases.\n",
    "\n",
    "Examples:\n",
    "  peki test suites/                             # every *.toml in the folder\n",
    "  peki test support.toml --filter refund --var order=A-2002\n",
    "  peki test suites/ --parallel 4 --junit report.xml --html report.html\n",
    "  peki test suites/ --list                      # cases and message counts; sends nothing\n",
    "  peki test support.toml --dry-run | less       # the signed requests as curl; sends nothing\n",
    "\n",
    "Exit codes: 0 all passed, 9 a case failed or errored, 2 a bad suite, 6 refused for\n",
    "the quota or stopped by it (and nothing failed), 4/5 the first request was refused\n",
    "(credentials, unknown chatbot): the suite cannot run, 8 the API never answered\n",
    "(three requests in a row got no answer, before any did; the rest are skipped).\n",
    "\n",
    client_env!(),
    "  Any other variable, as ${env.NAME} in a suite\n",
);

#[derive(Debug, Clone, Args)]
pub struct TestArgs {
    /// Suite files, or folders of them (every *.toml, in name order)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub settings: SettingFlags,
    /// Set a suite variable, overriding [vars] (repeatable)
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Run only the cases whose name matches this regex
    #[arg(long, value_name = "PATTERN", value_parser = parse_filter)]
    pub filter: Option<regex::Regex>,
    /// Stop at the first case that fails or errors (the rest are skipped)
    #[arg(long)]
    pub fail_fast: bool,
    /// Cases run at once; the turns of a case stay in order
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub parallel: u32,
    /// Print the cases and the messages they need; send nothing
    #[arg(long)]
    pub list: bool,
    /// Print each case's requests, signed, as curl commands; send nothing
    #[arg(long, conflicts_with = "list")]
    pub dry_run: bool,
    /// The most messages this run may send
    #[arg(long, value_name = "N")]
    pub budget: Option<u64>,
    /// Run even when the budget or the last rate-limit reading says it cannot fit
    #[arg(long)]
    pub force: bool,
    /// Prefix of the user ids (<run-id>-<case>-<sample>) [default: random; with --cache: peki-test]
    #[arg(long, value_name = "ID", value_parser = parse_run_id)]
    pub run_id: Option<String>,
    /// Write a JUnit XML report (GitLab, GitHub, Jenkins)
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Print TAP version 14 on stdout
    #[arg(long)]
    pub tap: bool,
    /// Write one JSON object per case (JSON Lines) with every turn and verdict
    #[arg(long, value_name = "FILE")]
    pub report_json: Option<PathBuf>,
    /// Write a self-contained HTML report
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() && !name.contains(['$', '{', '}']) => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

fn parse_filter(text: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(text)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("invalid regex: {e}"))
}

/// A run id fit for a user id: letters, digits, `-`, `_`, `.`.
fn parse_run_id(text: &str) -> Result<String, String> {
    let ok = !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(text.to_string())
    } else {
        Err("use 1 to 64 letters, digits, '-', '_', '.'".into())
    }
}
