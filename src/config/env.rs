//! The environment as settings read it: a lookup that treats empty values as unset, the
//! variables `peki` reads (refused when not UTF-8), and the login name.

use super::table::SETTINGS;

/// A lookup of environment variables; empty values count as unset.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The variables that choose the config file and the profile.
pub const CONFIG_VAR: &str = "PEKI_CONFIG";
pub const PROFILE_VAR: &str = "PEKI_PROFILE";

/// Every `PEKI_*` variable `peki` reads: the two above and the settings table's.
pub fn peki_vars() -> impl Iterator<Item = &'static str> {
    [CONFIG_VAR, PROFILE_VAR]
        .into_iter()
        .chain(SETTINGS.iter().filter_map(|s| s.env))
}

/// A `PEKI_*` variable that is not valid UTF-8 would otherwise read as unset (and a
/// default would be used in silence): its name, to say so instead.
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
