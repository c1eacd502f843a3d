//! One file a subcommand; `run` dispatches the parsed command line to it.

pub mod config;
pub mod send;
pub mod serve;

use crate::cli::{Cli, Command};
use crate::error::Error;

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> Result<(), Error> {
    match &cli.command {
        Command::Send(args) => send::run(&cli.global, args),
        Command::Serve(args) => serve::run(args),
        Command::Config(command) => config::run(&cli.global, command),
    }
}
