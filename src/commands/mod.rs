//! One file a subcommand; `run` dispatches the parsed command line to it.

pub mod config;
pub mod send;
pub mod serve;

use crate::cli::{Cli, Command, ConnectionArgs, GlobalArgs, TargetArgs};
use crate::config::Overrides;
use crate::error::Error;

/// What the command line says about settings, for `config::load`.
pub(crate) fn overrides(
    global: &GlobalArgs,
    target: &TargetArgs,
    connection: &ConnectionArgs,
) -> Overrides {
    Overrides {
        config: global.config.clone(),
        profile: global.profile.clone(),
        api_key: connection.api_key.clone(),
        bot: target.bot.clone(),
        base_url: connection.base_url.clone(),
        user_id: target.user_id.clone(),
        user_name: target.user_name.clone(),
        timeout: connection.timeout,
        retries: connection.retries,
        ca_cert: connection.ca_cert.clone(),
        native_roots: connection.native_roots,
    }
}

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> Result<(), Error> {
    match &cli.command {
        Command::Send(args) => send::run(&cli.global, args),
        Command::Serve(args) => serve::run(args),
        Command::Config(command) => config::run(&cli.global, command),
    }
}
