//! `peki completions SHELL` and `peki man`: print the committed scripts and page, embedded
//! at build time. `tests/generated.rs` renders them from the clap definition and fails when
//! a committed file is stale, so that the binary links no generator and renders nothing.

use crate::cli::Shell;
use crate::error::Error;
use crate::output;

pub fn completions(shell: Shell) -> Result<(), Error> {
    let script: &[u8] = match shell {
        Shell::Bash => include_bytes!("../../completions/peki.bash"),
        Shell::Elvish => include_bytes!("../../completions/peki.elv"),
        Shell::Fish => include_bytes!("../../completions/peki.fish"),
        Shell::PowerShell => include_bytes!("../../completions/_peki.ps1"),
        Shell::Zsh => include_bytes!("../../completions/_peki"),
    };
    output::print_generated(script)
}

pub fn man() -> Result<(), Error> {
    output::print_generated(include_bytes!("../../doc/peki.1"))
}
