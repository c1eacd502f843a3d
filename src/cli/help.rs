//! Help texts of the commands that make artefacts: `completions` and `man`.

pub(super) const COMPLETIONS_HELP: &str = concat!(
    "Completes commands, flags, flag values (--output, --color, config keys) and file paths.\n",
    "The scripts are also in the source tree, under completions/.\n",
    "\n",
    "Examples:\n",
    "  peki completions bash > ~/.local/share/bash-completion/completions/peki\n",
    "  peki completions zsh > ~/.zfunc/_peki        # with fpath+=(~/.zfunc) before compinit\n",
    "  peki completions fish > ~/.config/fish/completions/peki.fish\n",
    "  peki completions powershell >> $PROFILE\n",
    "  peki completions elvish > ~/.config/elvish/lib/peki.elv   # then: use peki\n",
    "\n",
    "Environment:\n",
    colour_env!(),
);

pub(super) const MAN_HELP: &str = concat!(
    "The page covers every command and its flags, the exit codes, the environment and the\n",
    "files peki reads and writes. It is also in the source tree as doc/peki.1.\n",
    "\n",
    "Examples:\n",
    "  peki man | man -l -\n",
    "  peki man > ~/.local/share/man/man1/peki.1\n",
    "\n",
    "Environment:\n",
    colour_env!(),
);
