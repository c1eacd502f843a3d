//! Every clap definition: commands, flags, help text and examples. The single source for
//! `--help`, the completion scripts and the man page (`generate`). Values are parsed into validated
//! types here, at the edge; the setting flags come from the settings table
//! (`settings_flags`).

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueHint};

pub use batch::BatchArgs;
pub use cache::CacheCommand;
pub use chat::ChatArgs;
pub use config::{CheckArgs, ConfigCommand};
pub use limits::LimitsArgs;
pub use send::{ExpectArgs, OutputArgs, SendArgs};
pub use serve::ServeArgs;
pub use settings_flags::SettingFlags;
pub use sign::SignArgs;
pub use test::TestArgs;

use crate::style::{ColorWhen, Level};
use crate::values::ProfileName;

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
            "  9  an expectation on the reply failed (--expect-*, peki test)\n",
            "  130, 143  peki batch stopped by Ctrl-C or SIGTERM (what was in flight was reported)",
        )
    };
}

/// The environment a command that talks to the API reads, for its help.
macro_rules! client_env {
    () => {
        concat!(
            "Environment:\n",
            "  PEKI_API_KEY, PEKI_API_SECRET  credentials (the secret never as a flag)\n",
            "  PEKI_BOT, PEKI_BASE_URL        the chatbot and the API's base URL\n",
            "  PEKI_USER_ID, PEKI_USER_NAME   who the message is from\n",
            "  PEKI_CA_CERT                   CA certificates trusted on top of the built-in roots\n",
            "  PEKI_CACHE                     reuse stored replies this fresh (see peki cache)\n",
            "  PEKI_CONFIG, PEKI_PROFILE      the config file and the profile in it\n",
            "  HTTPS_PROXY, ALL_PROXY, NO_PROXY (or lower case)  the proxy\n",
            colour_env!(),
        )
    };
}

/// The environment every command reads: colour.
macro_rules! colour_env {
    () => {
        "  NO_COLOR, CLICOLOR_FORCE       colour on stderr (see --color)\n"
    };
}

mod batch;
mod cache;
mod chat;
mod config;
pub mod generate;
mod help;
mod limits;
mod send;
mod serve;
mod settings_flags;
mod sign;
mod test;

const MAIN_HELP: &str = concat!(
    "Examples:\n",
    "  peki send --sandbox \"hello\"                 # a signed round trip against a built-in sandbox\n",
    "  peki send --bot support \"Where is my order?\"\n",
    "  git diff | peki send -b reviewer \"Review this:\" -\n",
    "  peki send -b support --json \"hi\" | jq -r .reply\n",
    "  peki chat --bot support                     # a conversation, with history and /commands\n",
    "  peki send -b support --dry-run \"hi\"         # the signed request and a curl command; sends nothing\n",
    "  peki batch -b support questions.txt > answers.jsonl   # one message a line\n",
    "  peki serve --bot support                    # a local Peki-compatible API on 127.0.0.1:8787\n",
    "  peki completions bash > ~/.local/share/bash-completion/completions/peki\n",
    "\n",
    client_env!(),
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

#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Config file [env: PEKI_CONFIG] [default: ~/.config/peki/config.toml or the platform's]
    #[arg(long, global = true, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,
    /// Profile in the config file to use [env: PEKI_PROFILE]
    #[arg(long, short = 'p', global = true, value_name = "NAME")]
    pub profile: Option<ProfileName>,
    /// More on stderr: -v request line, status, attempts, time, rate limit; -vv also
    /// headers and bodies (the key masked; never the secret or the signature)
    #[arg(long, short = 'v', global = true, action = ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Nothing on stderr but errors: no warnings, notes or progress
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// Colour on stderr: auto (a terminal without NO_COLOR; CLICOLOR_FORCE forces it),
    /// always or never. The reply is never coloured.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

impl GlobalArgs {
    /// How much goes to stderr.
    pub fn level(&self) -> Level {
        Level::from_flags(self.quiet, self.verbose)
    }
}

/// Subcommands are built only when invoked (`defer`): building every command's arguments
/// on every run cost a third of a loopback `peki send`'s instructions.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Send a message to a chatbot and print its reply
    #[command(after_help = send::SEND_HELP)]
    Send(SendArgs),
    /// Talk with a chatbot: a conversation on a terminal, one reply a line in a pipe
    #[command(after_help = chat::CHAT_HELP)]
    Chat(ChatArgs),
    /// Sign a request by hand: the headers, the signed string, a curl command, or a check
    #[command(after_help = sign::SIGN_HELP)]
    Sign(Box<SignArgs>),
    /// Send many messages, one a line, and print one JSON result a line
    #[command(after_help = batch::BATCH_HELP)]
    Batch(Box<BatchArgs>),
    /// Run a local Peki-compatible sandbox API
    #[command(after_help = serve::SERVE_HELP)]
    Serve(Box<ServeArgs>),
    /// Run conversation test suites against a chatbot (CI: JUnit, TAP, JSON, HTML reports)
    #[command(after_help = test::TEST_HELP)]
    Test(Box<TestArgs>),
    /// Read and write the config file (profiles, credentials, defaults)
    #[command(subcommand, after_help = config::CONFIG_HELP)]
    Config(ConfigCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_help = help::COMPLETIONS_HELP)]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), every command in one page
    #[command(after_help = help::MAN_HELP)]
    Man,
    /// Show the last rate-limit reading of each chatbot (sends nothing)
    #[command(after_help = limits::LIMITS_HELP)]
    Limits(LimitsArgs),
    /// Show where stored replies live, or remove them (see --cache)
    #[command(subcommand, after_help = cache::CACHE_HELP)]
    Cache(CacheCommand),
}

/// The commands whose output is the send object (`--json`, `--output json`).
const JSON_COMMANDS: [&str; 2] = ["send", "chat"];

/// Whether the command line asks for JSON output, for reporting a parse error as JSON.
/// Only `send` and `chat` answer in JSON: for any other command (`peki test --json`, a flag
/// it does not have) a send object on stdout would be a second, foreign report of the
/// error, in the middle of its TAP or its text. `args` starts with the program's name.
pub fn wants_json(args: &[String]) -> bool {
    let mut rest = args.iter().skip(1).map(String::as_str);
    // The subcommand: the first word that is neither a global option nor its value.
    let command = loop {
        match rest.next() {
            Some("--config" | "--profile" | "--color") => {
                rest.next();
            }
            // `-p NAME`, and `-p` last in a cluster of global flags (`-qp NAME`).
            Some(arg) if short_value(arg, 'p') == Some(None) => {
                rest.next();
            }
            Some(arg) if arg.starts_with('-') => {}
            other => break other,
        }
    };
    if !command.is_some_and(|c| JSON_COMMANDS.contains(&c)) {
        return false;
    }
    // After `--`, a `--json` is a word of the message.
    let rest: Vec<&str> = rest.take_while(|arg| *arg != "--").collect();
    rest.iter().enumerate().any(|(i, arg)| {
        matches!(*arg, "--json" | "--output=json")
            || (*arg == "--output" && rest.get(i + 1) == Some(&"json"))
            || match short_value(arg, 'o') {
                Some(None) => rest.get(i + 1) == Some(&"json"),
                Some(Some(value)) => value == "json",
                None => false,
            }
    })
}

/// The value `word` gives the short option `flag`, in a cluster of short flags such as
/// `-qv` (`-v` and `-q` are the only ones that take no value): `None` when `word` does not
/// give `flag`; `Some(None)` when the value is the next word (`-o`, `-qo`); the value when
/// attached (`-ojson`, `-qojson`, `-o=json`; `-p=` an empty one).
fn short_value(word: &str, flag: char) -> Option<Option<&str>> {
    let cluster = word.strip_prefix('-').filter(|w| !w.starts_with('-'))?;
    let value = cluster.trim_start_matches(['v', 'q']).strip_prefix(flag)?;
    Some(match value {
        "" => None,
        attached => Some(attached.strip_prefix('=').unwrap_or(attached)),
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
        let args = |list: &[&str]| {
            std::iter::once("peki")
                .chain(list.iter().copied())
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        for yes in [
            &["send", "--json"][..],
            &["send", "-o", "json"],
            &["send", "--output=json"],
            &["-v", "--profile", "work", "send", "hi", "--output", "json"],
            &["chat", "-ojson"],
            &["-qp", "default", "send", "--json", "--timeout", "abc", "hi"],
            &["-vpwork", "send", "-qojson", "--timeout", "abc"],
            &["send", "--bogus", "--json"],
            &["-p=", "send", "--json", "--timeout", "abc"],
        ] {
            assert!(wants_json(&args(yes)), "{yes:?}");
        }
        for no in [
            &["send", "json"][..],
            &["send", "-o", "plain"],
            &["send", "--", "--json"],
            &["-qp", "send", "test", "--json"],
            &["send", "-bo", "hi"],
            &["test", "--json", "s.toml"],
            &["limits", "--json", "--bot", "a b"],
            &["--json"],
            &["--profile", "send", "test", "--json"],
        ] {
            assert!(!wants_json(&args(no)), "{no:?}");
        }
    }
}
