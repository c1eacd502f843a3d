//! What a session talks through: a client built from the settings (roots, proxy,
//! timeouts, retry policy), or one for a sandbox started in-process (`--sandbox`).

use std::net::{Ipv4Addr, SocketAddr};

use crate::ca_bundle::CaBundle;
use crate::client::proxy::{self, ProxyChoice};
use crate::client::{Client, Options, Policy};
use crate::config::{self, ConfigError, Key, Roots, Settings, Source};
use crate::error::Error;
use crate::sandbox::{self, Accounts, Sandbox, SandboxOptions};
use crate::values::{BaseUrl, BotId, Credentials, ProxyUrl, Secret};

/// How hard to try, from the settings.
pub(super) fn policy(settings: &Settings) -> Policy {
    Policy {
        retries: settings.retries(),
        max_wait: settings.max_wait(),
        retry_delay: settings.retry_delay(),
        timeout: settings.timeout(),
    }
}

/// TLS roots and proxy from the settings and the environment.
pub(crate) fn client_options(settings: &Settings) -> Result<Options, Error> {
    let (ca_bundle, native_roots) = match settings.roots()? {
        Roots::Builtin => (None, false),
        Roots::Native => (None, true),
        Roots::Bundle(path, source) => {
            let bundle = CaBundle::load(path).map_err(|reason| ConfigError::Invalid {
                setting: Key::CaCert.name(),
                origin: source.clone(),
                at: settings.positions.get(&Key::CaCert).cloned(),
                reason,
            })?;
            (Some(bundle), false)
        }
    };
    let base_url = settings.base_url();
    let proxy =
        match proxy::choose(
            base_url.scheme(),
            base_url.host(),
            settings.proxy().cloned(),
            &config::process_env,
        ) {
            None => None,
            Some(ProxyChoice::Explicit(proxy)) => Some(proxy),
            Some(ProxyChoice::Env(var, raw)) => Some(raw.parse::<ProxyUrl>().map_err(
                |reason| ConfigError::Invalid {
                    setting: "proxy",
                    origin: Source::Env(var),
                    at: None,
                    reason,
                },
            )?),
        };
    Ok(Options {
        timeout: settings.timeout(),
        connect_timeout: settings.connect_timeout(),
        ca_bundle,
        native_roots,
        proxy,
    })
}

/// Any loopback URL: `--sandbox` replaces it with the sandbox's own once it listens.
pub(super) fn loopback_placeholder() -> Result<BaseUrl, Error> {
    "http://127.0.0.1/api".parse().map_err(Error::Unexpected)
}

pub(super) fn demo_bot() -> Result<BotId, Error> {
    sandbox::DEMO_BOT.parse().map_err(Error::Unexpected)
}

/// Starts an in-process sandbox with the demo credentials and a client for it.
pub(super) fn start_sandbox(settings: &Settings, bot: &BotId) -> Result<(Sandbox, Client), Error> {
    let secret = Secret::new(sandbox::DEMO_API_SECRET);
    let accounts = Accounts::single(
        sandbox::DEMO_API_KEY,
        secret.clone(),
        std::slice::from_ref(bot),
        sandbox::DEFAULT_DAILY_LIMIT,
    )
    .map_err(Error::Unexpected)?;
    let sandbox = Sandbox::start(
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        accounts,
        SandboxOptions::default(),
    )?;
    let base_url = sandbox.base_url().parse().map_err(Error::Unexpected)?;
    let credentials = Credentials {
        api_key: sandbox::DEMO_API_KEY.to_string(),
        api_secret: secret,
    };
    let options = Options {
        timeout: settings.timeout(),
        connect_timeout: settings.connect_timeout(),
        ..Options::default()
    };
    let client = Client::new(base_url, credentials, &options)?;
    Ok((sandbox, client))
}
