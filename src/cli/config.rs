//! `peki config` and its subcommands.

use clap::{Args, Subcommand};

use super::SettingFlags;
use crate::config::Key;
use crate::values::ProfileName;

pub(super) const CONFIG_HELP: &str = concat!(
    "Keys: api_key, api_secret, api_secret_command, bot, base_url, user_id, user_name,\n",
    "timeout, connect_timeout, retries, retry_delay, max_wait, ca_cert, native_roots,\n",
    "proxy, cache. Commands act on the profile chosen by --profile, PEKI_PROFILE or\n",
    "default_profile (else 'default').\n",
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
        /// The setting
        key: Key,
        /// The value; for api_secret only '-' (stdin) is accepted
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Print the value of KEY in the profile (secrets masked)
    Get {
        key: Key,
        /// Print a secret in full
        #[arg(long)]
        reveal: bool,
    },
    /// Remove KEY from the profile
    Unset { key: Key },
    /// Print every key set in the profile (secrets masked)
    List,
    /// Print the path of the config file
    Path,
    /// Print the names of the profiles in the config file
    Profiles,
    /// Make PROFILE the default (sets default_profile)
    Use { profile: ProfileName },
    /// Resolve the active settings, show where each comes from, and list problems
    Check(Box<CheckArgs>),
}

/// `config check` takes the flags `send` takes, to show what `send` with them would use.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub settings: SettingFlags,
}
