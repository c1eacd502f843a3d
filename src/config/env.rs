//! The environment as settings read it: a lookup that treats empty values as unset, the
//! variables `peki` reads (refused when not UTF-8), and the login name.

use crate::error::Error;

/// A lookup of environment variables; empty values count as unset.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The variables `peki` reads, checked for encoding before use.
pub const ENV_VARS: [&str; 9] = [
    "PEKI_CONFIG",
    "PEKI_PROFILE",
    "PEKI_API_KEY",
    "PEKI_API_SECRET",
    "PEKI_BOT",
    "PEKI_BASE_URL",
    "PEKI_USER_ID",
    "PEKI_USER_NAME",
    "PEKI_CA_CERT",
];

/// A `PEKI_*` variable that is not valid UTF-8 would otherwise read as unset (and a
/// default would be used in silence): say so instead.
pub fn check_env_encoding() -> Result<(), Error> {
    let bad = ENV_VARS
        .iter()
        .find(|name| matches!(std::env::var(name), Err(std::env::VarError::NotUnicode(_))));
    match bad {
        Some(name) => Err(Error::usage(format!("{name} is not valid UTF-8"))),
        None => Ok(()),
    }
}

/// The process environment, with empty variables treated as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The login name, the default user id and name: `USER`, `LOGNAME` or `USERNAME`.
pub fn login_name(env: Env<'_>) -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .find_map(env)
        .unwrap_or_else(|| "peki-user".to_string())
}
