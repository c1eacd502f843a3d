//! `peki config check`: the settings `send` would use, each with its source, then every
//! problem that would stop a send.

use crate::cli::{CheckArgs, GlobalArgs};
use crate::config::{self, SecretSpec, Settings, Source, Sourced};
use crate::error::Error;
use crate::output;
use crate::values::show_api_key;

/// `config check`: every setting with its source, then the problems; exit 3 if any.
pub(super) fn check(global: &GlobalArgs, args: &CheckArgs) -> Result<(), Error> {
    let overrides = crate::commands::overrides(global, &args.target, &args.connection);
    let settings = config::load(&overrides, &config::process_env)?;
    output::print_lines(&describe(&settings));
    let mut problems: Vec<String> = settings.warnings.clone();
    if let Err(e) = settings.require_bot() {
        problems.push(e.to_string());
    }
    // Each missing credential on its own line; the full check (running the secret
    // command, the swap test) once both are there.
    if settings.api_key.is_none() {
        problems.push("no API key: set PEKI_API_KEY, pass --api-key, or set `api_key`".into());
    }
    if settings.api_secret.is_none() {
        problems.push(
            "no API secret: set PEKI_API_SECRET, or run `peki config set api_secret -`".into(),
        );
    }
    if settings.api_key.is_some()
        && settings.api_secret.is_some()
        && let Err(e) = settings.require_credentials()
    {
        problems.push(e.to_string());
    }
    if let Some(ca) = &settings.ca_cert
        && let Err(e) = crate::client::load_ca_bundle(&ca.value)
    {
        problems.push(e);
    }
    if problems.is_empty() {
        output::print_lines(&["ok: ready to send".to_string()]);
        return Ok(());
    }
    let mut lines = vec!["problems:".to_string()];
    lines.extend(problems.iter().map(|p| format!("  - {p}")));
    output::print_lines(&lines);
    Err(Error::config(format!(
        "{} problem{} found",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    )))
}

/// `name  value  (source)` for each setting; secrets masked.
fn describe(settings: &Settings) -> Vec<String> {
    fn row<T>(name: &str, value: Option<&Sourced<T>>, show: impl Fn(&T) -> String) -> String {
        match value {
            Some(s) => format!("{name:<12} {}  ({})", show(&s.value), s.source),
            None => format!("{name:<12} (not set)"),
        }
    }
    let config_file = match &settings.config_path {
        Some(path) if path.exists() => format!("{}", path.display()),
        Some(path) => format!("{} (does not exist)", path.display()),
        None => "(none)".to_string(),
    };
    let profile = settings.profile.clone().unwrap_or(Sourced {
        value: "(none)".to_string(),
        source: Source::Default,
    });
    vec![
        format!("{:<12} {config_file}", "config"),
        row("profile", Some(&profile), String::clone),
        row("api_key", settings.api_key.as_ref(), |key| {
            show_api_key(key)
        }),
        row(
            "api_secret",
            settings.api_secret.as_ref(),
            |spec| match spec {
                SecretSpec::Value(secret) => secret.masked(),
                SecretSpec::Command(command) => format!("from command `{command}`"),
            },
        ),
        row("bot", settings.bot.as_ref(), ToString::to_string),
        row("base_url", Some(&settings.base_url), ToString::to_string),
        row("user_id", Some(&settings.user_id), String::clone),
        row("user_name", Some(&settings.user_name), String::clone),
        row("timeout", Some(&settings.timeout), |d| {
            format!("{}s", d.as_secs_f64())
        }),
        row("retries", Some(&settings.retries), ToString::to_string),
        row("ca_cert", settings.ca_cert.as_ref(), |p| {
            p.display().to_string()
        }),
        row(
            "native_roots",
            Some(&settings.native_roots),
            ToString::to_string,
        ),
    ]
}
