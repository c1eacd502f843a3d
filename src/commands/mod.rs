//! One file (or folder) a subcommand; `run` dispatches the parsed command line to it.

pub mod batch;
pub mod cache;
pub mod config;
pub mod limits;
pub mod send;
pub mod serve;
pub mod session;

use crate::cli::{Cli, Command, GlobalArgs, SettingFlags};
use crate::config::Overrides;
use crate::error::Error;

/// What the command line says about settings, for `config::load`.
pub(crate) fn overrides(global: &GlobalArgs, flags: &SettingFlags) -> Overrides {
    Overrides {
        config: global.config.clone(),
        profile: global.profile.clone(),
        values: flags.0.clone(),
    }
}

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> Result<(), Error> {
    match &cli.command {
        Command::Send(args) => send::run(&cli.global, args),
        Command::Batch(args) => batch::run(&cli.global, args),
        Command::Serve(args) => serve::run(args),
        Command::Config(command) => config::run(&cli.global, command),
        Command::Limits(args) => limits::run(args),
        Command::Cache(command) => cache::run(*command),
    }
}
