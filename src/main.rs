//! The `peki` binary: parse, run, map the error to an exit code; nothing else.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = peki::cli::Cli::parse();
    match peki::commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            peki::output::print_error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}
