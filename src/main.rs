//! The `peki` binary: parse, run, map the error to an exit code; nothing else.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use peki::cli::{Cli, wants_json};

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(error) => {
            let args: Vec<String> = std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            let color = peki::style::color_in_args(&args);
            peki::style::configure(peki::style::Level::Normal, color);
            return ExitCode::from(peki::output::print_parse_error(&error, wants_json(&args)));
        }
    };
    match peki::commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            peki::output::print_error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

/// `Cli::try_parse`, but the parser's command tree and matches are left to the exit to
/// free: dropping them was an eighth of a loopback send's instructions (callgrind).
fn parse() -> Result<Cli, clap::Error> {
    let mut command = Cli::command();
    let parsed = match command.try_get_matches_from_mut(std::env::args_os()) {
        Ok(mut matches) => {
            let cli = Cli::from_arg_matches_mut(&mut matches);
            std::mem::forget(matches);
            cli.map_err(|error| error.format(&mut command))
        }
        Err(error) => Err(error),
    };
    std::mem::forget(command);
    parsed
}
