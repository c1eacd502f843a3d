//! One file (or folder) a subcommand; `run` dispatches the parsed command line to it.

pub mod batch;
pub mod cache;
pub mod chat;
pub mod completions;
pub mod config;
pub mod limits;
mod progress;
pub mod send;
pub mod serve;
pub mod session;
pub mod sign;
pub mod test;

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
    crate::style::configure(cli.global.level(), cli.global.color);
    match &cli.command {
        Command::Send(args) => send::run(&cli.global, args),
        Command::Chat(args) => chat::run(&cli.global, args),
        Command::Sign(args) => sign::run(&cli.global, args),
        Command::Batch(args) => batch::run(&cli.global, args),
        Command::Serve(args) => serve::run(args),
        Command::Test(args) => test::run(&cli.global, args),
        Command::Config(command) => config::run(&cli.global, command),
        Command::Completions { shell } => completions::completions(*shell),
        Command::Man => completions::man(),
        Command::Limits(args) => limits::run(args),
        Command::Cache(command) => cache::run(*command),
    }
}
