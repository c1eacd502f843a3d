//! Where a setting's value came from: a flag, a variable, the profile, the file, an
//! argument or the default. Shown by `config check` and in every message about a value.

use std::fmt;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    Profile(String),
    /// A top-level key of the config file, such as `default_profile`.
    File(&'static str),
    /// An argument of the command (`peki config use NAME`).
    Argument,
    /// Standard input (`peki config set KEY -`).
    Stdin,
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::Profile(name) => write!(f, "profile '{name}'"),
            Source::File(key) => write!(f, "{key} in the config file"),
            Source::Argument => f.write_str("the command line"),
            Source::Stdin => f.write_str("stdin"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}
