//! `peki config check`: the settings `send` would use, each with its source, then every
//! problem that would stop a send.

use crate::cli::{CheckArgs, GlobalArgs};
use crate::client::UreqTransport;
use crate::client::proxy::{self, ProxyChoice};
use crate::config::{
    self, ConfigError, Key, Roots, SETTINGS, SecretSpec, Settings, Sourced, Value,
};
use crate::error::Error;
use crate::output;

/// `config check`: every setting with its source, then the problems; exit 3 if any.
pub(super) fn check(global: &GlobalArgs, args: &CheckArgs) -> Result<(), Error> {
    let overrides = crate::commands::overrides(global, &args.settings);
    let settings = config::load(&overrides, &config::process_env)?;
    output::print_lines(&describe(&settings))?;
    let mut problems: Vec<String> = settings.warnings.clone();
    if let Err(e) = settings.require_bot() {
        problems.push(e.to_string());
    }
    // Each missing credential on its own line; the full check (running the secret
    // command, the swap test) once both are there.
    let key = settings.get(config::Key::ApiKey);
    let secret = settings.secret_spec();
    if key.is_none() {
        problems.push(ConfigError::MissingApiKey.to_string());
    }
    if secret.is_none() {
        problems.push(ConfigError::MissingApiSecret.to_string());
    }
    if key.is_some()
        && secret.is_some()
        && let Err(e) = settings.require_credentials()
    {
        problems.push(e.to_string());
    }
    // What `send` builds before it sends: the CA bundle, the proxy, the roots.
    match crate::commands::session::client_options(&settings) {
        Ok(options) => {
            if let Err(e) = UreqTransport::new(settings.base_url().clone(), &options) {
                problems.push(e.to_string());
            }
        }
        Err(e) => problems.push(e.to_string()),
    }
    if let Some(note) = unused_roots(&settings) {
        output::print_lines(&[note])?;
    }
    if problems.is_empty() {
        output::print_lines(&["ok: ready to send".to_string()])?;
        return Ok(());
    }
    let mut lines = vec!["problems:".to_string()];
    lines.extend(
        problems
            .iter()
            .map(|p| format!("  - {}", crate::values::mask_secret_tokens(p))),
    );
    output::print_lines(&lines)?;
    Err(ConfigError::Problems {
        count: problems.len(),
    }
    .into())
}

/// `name  value  (source)` for each setting of the table; secrets masked.
fn describe(settings: &Settings) -> Vec<String> {
    let row = |name: &str, value: Option<(String, String)>| match value {
        Some((value, source)) => format!("{name:<18} {value}  ({source})"),
        None => format!("{name:<18} (not set)"),
    };
    let config_file = match &settings.config_path {
        Some(path) if path.exists() => format!("{}", path.display()),
        Some(path) => format!("{} (does not exist)", path.display()),
        None => "(none)".to_string(),
    };
    let profile = settings.profile.as_ref().map_or_else(
        || ("(none)".to_string(), "default".to_string()),
        |p| (p.value.to_string(), p.source.to_string()),
    );
    let mut lines = vec![
        format!("{:<18} {config_file}", "config"),
        row("profile", Some(profile)),
    ];
    for setting in &SETTINGS {
        let key = setting.key;
        // The secret shows once, as where it comes from: its value or its command.
        let shown = match key {
            config::Key::ApiSecret => settings.secret_spec().map(|Sourced { value, source }| {
                let value = match value {
                    SecretSpec::Value(secret) => secret.masked(),
                    SecretSpec::Command(command) => format!("from command `{command}`"),
                };
                (value, source.to_string())
            }),
            config::Key::ApiSecretCommand => continue,
            // A proxy from the environment applies too (unless NO_PROXY exempts the host).
            config::Key::Proxy if settings.get(key).is_none() => {
                let url = settings.base_url();
                match proxy::choose::<String>(url.scheme(), url.host(), None, &config::process_env)
                {
                    Some(ProxyChoice::Env(var, value)) => {
                        Some((crate::values::redact_url(&value), format!("env {var}")))
                    }
                    _ => None,
                }
            }
            _ => settings
                .get(key)
                .map(|s| (s.value.shown(), s.source.to_string())),
        };
        lines.push(row(key.name(), shown));
    }
    lines
}

/// The roots setting the other one overrides (`Settings::roots`): listed above as set, but
/// not what a send would use.
fn unused_roots(settings: &Settings) -> Option<String> {
    let ca_cert = settings.get(Key::CaCert)?;
    let native = settings
        .get(Key::NativeRoots)
        .filter(|native| native.value == Value::Switch(true))?;
    match settings.roots().ok()? {
        Roots::Bundle(..) => Some(format!(
            "note: native_roots ({}) is not used: ca_cert ({}) wins",
            native.source, ca_cert.source
        )),
        Roots::Native => Some(format!(
            "note: ca_cert ({}) is not used: native_roots ({}) wins",
            ca_cert.source, native.source
        )),
        Roots::Builtin => None,
    }
}
