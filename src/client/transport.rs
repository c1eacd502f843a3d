//! The transport: building the ureq agent (TLS roots, proxy, timeouts) and turning ureq's
//! errors into peki's, worded for a person and classed for the exit code and retries.

use std::path::Path;
use std::time::Duration;

use ureq::Agent;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

use super::Options;
use crate::error::{Error, NetworkKind};
use crate::values::BaseUrl;

/// Separate from the overall timeout: an unreachable host should fail fast.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub const USER_AGENT: &str = concat!("peki/", env!("CARGO_PKG_VERSION"));

/// Only HTTP(S) proxies: ureq is built without SOCKS (and would panic on one).
fn check_proxy_scheme(url: &str) -> Result<(), Error> {
    match url.split_once("://") {
        Some((scheme, _))
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") =>
        {
            Err(Error::usage(format!(
                "unsupported proxy '{}': peki speaks to http:// and https:// proxies only",
                crate::proxy::redact(url)
            )))
        }
        _ => Ok(()),
    }
}

/// The agent for `options`: roots, proxy, timeouts, and statuses returned, not raised.
pub(super) fn build_agent(options: &Options) -> Result<Agent, Error> {
    let roots = if options.native_roots {
        RootCerts::PlatformVerifier
    } else if options.extra_roots.is_empty() {
        RootCerts::WebPki
    } else {
        // `Specific` replaces the built-in roots: add Mozilla's so that a corporate CA
        // is trusted on top of them, not instead.
        let mut certs: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .map(|der| Certificate::from_der(der.as_ref()).to_owned())
            .collect();
        certs.extend(options.extra_roots.iter().cloned());
        RootCerts::new_with_certs(&certs)
    };
    let proxy = match &options.proxy {
        Some(url) => Some(check_proxy_scheme(url).and_then(|()| {
            ureq::Proxy::new(url).map_err(|e| {
                Error::usage(format!(
                    "invalid proxy '{}': {e}",
                    crate::proxy::redact(url)
                ))
            })
        })?),
        None => None,
    };
    let agent: Agent = Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT.min(options.timeout)))
        // 4xx and 5xx carry problem details and rate-limit headers: keep the response.
        .http_status_as_error(false)
        // A redirect would change the signed path (and turn POST into GET): never follow.
        .max_redirects(0)
        .user_agent(USER_AGENT)
        // Always explicit, never ureq's own reading of the environment.
        .proxy(proxy)
        .tls_config(TlsConfig::builder().root_certs(roots).build())
        .build()
        .into();
    Ok(agent)
}

/// Where requests go, for wording failures: the API's base URL, the budget, the proxy.
pub(super) struct Route<'a> {
    pub base_url: &'a BaseUrl,
    pub timeout: Duration,
    /// The proxy URL, password redacted.
    pub proxy: Option<&'a str>,
}

pub(super) fn timed_out(route: &Route<'_>) -> Error {
    Error::Network {
        kind: NetworkKind::Timeout,
        message: format!(
            "timed out after {} waiting for {} (raise it with --timeout)",
            seconds(route.timeout),
            route.base_url
        ),
    }
}

/// Turns a transport error into a one-line error: a network error that names the host (or
/// the proxy, when it is the proxy that failed), or a bad response when the server
/// answered something that is not HTTP.
pub(super) fn classify(error: ureq::Error, route: &Route<'_>) -> Error {
    let target = route.base_url.to_string();
    // The server answered, but not in HTTP that can be read: a retry would send the
    // message again to a server that may have taken it.
    if matches!(
        error,
        ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..)
    ) {
        return Error::BadResponse {
            status: None,
            message: format!(
                "{target} answered something that is not a readable HTTP response ({error})"
            ),
        };
    }
    // What a failed connection was to: the proxy when there is one.
    let peer = match route.proxy {
        Some(proxy) => format!("the proxy {proxy}"),
        None => target.clone(),
    };
    let (kind, message) = match &error {
        ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => (
            NetworkKind::Timeout,
            format!(
                "timed out connecting to {peer} after {}",
                seconds(CONNECT_TIMEOUT.min(route.timeout))
            ),
        ),
        ureq::Error::Timeout(_) => return timed_out(route),
        ureq::Error::HostNotFound => (
            NetworkKind::Connect,
            format!("cannot resolve the host of {peer}"),
        ),
        ureq::Error::ConnectionFailed => {
            (NetworkKind::Connect, format!("cannot connect to {peer}"))
        }
        ureq::Error::ConnectProxyFailed(why) if proxy_status(why) == Some(407) => (
            NetworkKind::Proxy,
            format!(
                "{peer} requires authentication (407): check the credentials in the proxy \
                 URL, http://user:password@host:port"
            ),
        ),
        // Any other refusal in the 4xx range is the proxy's policy: retrying will not help.
        ureq::Error::ConnectProxyFailed(why)
            if proxy_status(why).is_some_and(|s| (400..500).contains(&s)) =>
        {
            (
                NetworkKind::Proxy,
                format!("{peer} refused the tunnel to {target}: {why}"),
            )
        }
        ureq::Error::ConnectProxyFailed(why) => (
            NetworkKind::Connect,
            format!("{peer} refused the tunnel to {target}: {why}"),
        ),
        ureq::Error::Io(io) => match tls_failure(io) {
            Some(why) => (
                NetworkKind::Tls,
                format!("TLS {why} with {target}{}", tls_hint(io)),
            ),
            None => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => (
                    NetworkKind::Connect,
                    format!("cannot connect to {peer}: connection refused"),
                ),
                std::io::ErrorKind::TimedOut => return timed_out(route),
                std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::BrokenPipe => (
                    NetworkKind::Io,
                    format!("{target} closed the connection without an answer ({io})"),
                ),
                _ => (
                    NetworkKind::Io,
                    format!("network error talking to {target}: {io}"),
                ),
            },
        },
        other => (
            NetworkKind::Io,
            format!("request to {target} failed: {other}"),
        ),
    };
    Error::Network { kind, message }
}

/// The status of a proxy's refusal, from ureq's `proxy server responded 403/Forbidden`.
fn proxy_status(why: &str) -> Option<u16> {
    why.strip_prefix("proxy server responded ")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// The TLS part of an I/O error, worded for a person: a certificate failure says
/// `certificate`, so that exit 8 says what to fix.
fn tls_failure(io: &std::io::Error) -> Option<String> {
    let rustls_error = io.get_ref()?.downcast_ref::<rustls::Error>()?;
    Some(match rustls_error {
        rustls::Error::InvalidCertificate(_) => format!("certificate problem ({rustls_error})"),
        other => format!("handshake failed ({other})"),
    })
}

fn tls_hint(io: &std::io::Error) -> &'static str {
    let certificate = io
        .get_ref()
        .and_then(|e| e.downcast_ref::<rustls::Error>())
        .is_some_and(|e| matches!(e, rustls::Error::InvalidCertificate(_)));
    if certificate {
        "; for a private CA pass --ca-cert FILE or set PEKI_CA_CERT"
    } else {
        ""
    }
}

/// Reads a PEM bundle: every certificate in it (a file with none is an error).
pub fn load_ca_bundle(path: &Path) -> Result<Vec<Certificate<'static>>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(cert)) => Some(cert),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(format!("{} holds no PEM certificate", path.display()));
    }
    Ok(certs)
}

/// `60s`, `2.5s`.
fn seconds(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}
