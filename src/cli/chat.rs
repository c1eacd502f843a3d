//! `peki chat`: the chatbot, the user, the setting flags, history and output.

use clap::Args;

use super::{OutputArgs, SettingFlags};

pub(super) const CHAT_HELP: &str = concat!(
    "On a terminal: line editing, history (kept in the data directory, mode 0600; lines that\n",
    "start with a space and /commands with arguments are not kept), a spinner while the bot\n",
    "thinks, and /commands: /help, /bot ID, /user ID [NAME], /file URL, /limits, /retry,\n",
    "/quit. End a line with \\ to go on to the next one; a paste may hold many lines.\n",
    "Ctrl-C clears the line (or cancels a request); Ctrl-D quits. Start a message with //\n",
    "to send a leading /.\n",
    "\n",
    "Off a terminal (a pipe or a file): each input line is one message, sent as it is (no\n",
    "/commands); each reply is one output line, with backslashes doubled and line breaks\n",
    "written \\n (printf '%b' restores them); a failed message prints an empty line (the\n",
    "error goes to stderr) and the exit code is the last failure's. --json prints one JSON\n",
    "object a line instead.\n",
    "\n",
    "The conversation is one user: --user-id/PEKI_USER_ID/user_id if set, else a new id for\n",
    "each session (login-name plus a random suffix), shown at the start.\n",
    "\n",
    "Examples:\n",
    "  peki chat --bot support\n",
    "  peki chat --sandbox                          # try it against a built-in sandbox\n",
    "  printf 'hi\\nand bye\\n' | peki chat -b support\n",
    "  peki chat -b support --json < questions.txt > answers.jsonl\n",
    "\n",
    client_env!(),
    "\n",
    exit_codes!(),
);

#[derive(Debug, Clone, Args)]
pub struct ChatArgs {
    #[command(flatten)]
    pub settings: SettingFlags,
    /// Start a sandbox in-process on a free loopback port and talk to it (demo credentials)
    #[arg(long, conflicts_with_all = ["base_url", "api_key", "proxy", "ca_cert", "native_roots"])]
    pub sandbox: bool,
    /// Keep no history file (on a terminal)
    #[arg(long)]
    pub no_history: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}
