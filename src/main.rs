//! The `peki` binary: parse, run, map the error to an exit code; nothing else.

use std::process::ExitCode;

use clap::Parser;
use peki::cli::{Cli, wants_json};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
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
