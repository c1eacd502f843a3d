//! `peki config` and its subcommands.

use clap::{Args, Subcommand};

use super::SettingFlags;
use crate::config::Key;
use crate::values::ProfileName;

/// The environment the config commands read.
macro_rules! config_env {
    () => {
        concat!(
            "Environment:\n",
            "  PEKI_CONFIG, PEKI_PROFILE      the config file and the profile in it\n",
            colour_env!(),
        )
    };
}

/// A config subcommand's help: its examples, then the environment.
macro_rules! config_help {
    ($($example:literal),+ $(,)?) => {
        concat!("Examples:\n", $("  ", $example, "\n",)+ "\n", config_env!())
    };
}

pub(super) const CONFIG_HELP: &str = concat!(
    "Keys: api_key, api_secret, api_secret_command, bot, base_url, user_id, user_name,\n",
    "timeout, connect_timeout, retries, retry_delay, max_wait, ca_cert, native_roots,\n",
    "proxy, cache. Commands act on the profile chosen by --profile, PEKI_PROFILE or\n",
    "default_profile (else 'default').\n",
    "\n",
    "Examples:\n",
    "  peki config init                              # asks, on a terminal\n",
    "  peki config set api_key pk_live_123\n",
    "  pass show peki | head -n1 | peki config set api_secret -  # from stdin only\n",
    "  peki config set api_secret_command \"pass show peki\"\n",
    "  peki --profile staging config set base_url https://staging.example/api\n",
    "  peki config use staging\n",
    "  peki config check\n",
    "\n",
    config_env!(),
    "\n",
    exit_codes!(),
);

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ConfigCommand {
    /// Ask for credentials and defaults and write a profile (needs a terminal)
    #[command(after_help = config_help!("peki config init", "peki --profile staging config init"))]
    Init,
    /// Set KEY to VALUE in the profile ('-' reads the value from stdin)
    #[command(after_help = config_help!(
        "peki config set bot support",
        "pass show peki | head -n1 | peki config set api_secret -  # from stdin only",
        "peki -p staging config set base_url https://staging.example/api",
    ))]
    Set {
        /// The setting
        key: Key,
        /// The value; for api_secret only '-' (stdin) is accepted
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Print the value of KEY in the profile (secrets masked)
    #[command(after_help = config_help!("peki config get bot", "peki config get api_secret --reveal | wl-copy"))]
    Get {
        /// The setting
        key: Key,
        /// Print a secret in full
        #[arg(long)]
        reveal: bool,
    },
    /// Remove KEY from the profile
    #[command(after_help = config_help!("peki config unset proxy"))]
    Unset {
        /// The setting
        key: Key,
    },
    /// Print every key set in the profile (secrets masked)
    #[command(after_help = config_help!("peki config list", "peki -p staging config list"))]
    List,
    /// Print the path of the config file
    #[command(after_help = config_help!("peki config path", "$EDITOR \"$(peki config path)\""))]
    Path,
    /// Print the names of the profiles in the config file
    #[command(after_help = config_help!("peki config profiles"))]
    Profiles,
    /// Make PROFILE the default (sets default_profile)
    #[command(after_help = config_help!("peki config use staging"))]
    Use {
        /// A profile in the config file (its id is not `profile`: that is --profile's)
        #[arg(value_name = "PROFILE")]
        name: ProfileName,
    },
    /// Resolve the active settings, show where each comes from, and list problems
    #[command(after_help = concat!(
        "Examples:\n",
        "  peki config check\n",
        "  peki -p staging config check --bot sales\n",
        "\n",
        client_env!(),
    ))]
    Check(Box<CheckArgs>),
}

// `config check` takes the flags `send` takes, to show what `send` with them would use.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub settings: SettingFlags,
}
