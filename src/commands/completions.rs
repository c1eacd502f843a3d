//! `peki completions SHELL` and `peki man`: print what `cli::generate` renders.

use crate::cli::generate;
use crate::error::Error;
use crate::output;

pub fn completions(shell: clap_complete::Shell) -> Result<(), Error> {
    output::print_generated(&generate::completion(shell))
}

pub fn man() -> Result<(), Error> {
    output::print_generated(&generate::man_page())
}
