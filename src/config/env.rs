//! The environment as settings read it: a lookup that treats empty values as unset, the
//! variables `peki` reads (refused when not UTF-8), and the login name.

use super::table::SETTINGS;

/// A lookup of environment variables; empty values count as unset.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The variables that choose the config file and the profile.
pub const CONFIG_VAR: &str = "PEKI_CONFIG";
pub const PROFILE_VAR: &str = "PEKI_PROFILE";

/// The proxy variables, in both cases, as curl reads them.
pub const PROXY_VARS: [&str; 8] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Every variable `peki` reads settings from: the two above, the settings table's, and
/// the proxy variables.
pub fn peki_vars() -> impl Iterator<Item = &'static str> {
    [CONFIG_VAR, PROFILE_VAR]
        .into_iter()
        .chain(SETTINGS.iter().filter_map(|s| s.env))
        .chain(PROXY_VARS)
}

/// A variable that is not valid UTF-8 would otherwise read as unset (a default, or a
/// direct connection, used in silence): its name, to say so instead.
pub fn badly_encoded_var() -> Option<&'static str> {
    peki_vars().find(|name| matches!(std::env::var(name), Err(std::env::VarError::NotUnicode(_))))
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
