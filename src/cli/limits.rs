//! `peki limits`: the rate-limit readings every command that talks to the API records.

use clap::Args;

use crate::values::BotId;

pub(super) const LIMITS_HELP: &str = concat!(
    "Shows the last X-RateLimit-* reading seen for each base URL, API key and chatbot:\n",
    "what was left, when the window resets, and how old the reading is. Sends nothing:\n",
    "a reading is only as fresh as the last command that talked to the API.\n",
    "\n",
    "Examples:\n",
    "  peki limits\n",
    "  peki limits --bot support --json | jq .remaining_now\n",
    "\n",
    "Environment:\n",
    "  XDG_STATE_HOME                 where the readings are kept (peki/rate-limits.json)\n",
    "  TZ                             the zone reset times are shown in\n",
    colour_env!(),
    "\n",
    exit_codes!(),
);

#[derive(Debug, Clone, Args)]
pub struct LimitsArgs {
    /// Only the readings of this chatbot
    #[arg(long, short = 'b', value_name = "ID")]
    pub bot: Option<BotId>,
    /// One JSON object a line instead of a table
    #[arg(long)]
    pub json: bool,
}
