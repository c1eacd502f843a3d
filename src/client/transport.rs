//! The transport: one signed request out, one response in. `Transport` is the seam the
//! retry loop calls (tests put a fake behind it); `UreqTransport` is the real one: the
//! ureq agent (TLS roots, proxy, timeouts) and ureq's errors turned into peki's, worded
//! for a person and classed for the exit code and retries.

use std::sync::Arc;
use std::time::Duration;

use ureq::Agent;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

use super::error::{BuildError, NetworkError, NetworkKind, TransportError};
use crate::api::{BadResponse, RateLimit, RawResponse};
use crate::ca_bundle::CaBundle;
use crate::values::{BaseUrl, ProxyUrl};

/// Idle connections kept to the API: enough for `peki batch --parallel` at its most, so
/// that every worker keeps its connection (ureq keeps 3 a host by default).
pub const POOL_SIZE: usize = 16;

/// Responses larger than this are refused rather than read into memory.
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The most a response's Content-Length reserves before a byte of it arrives.
const MAX_PRESIZED_BYTES: u64 = 4 * 1024 * 1024;

/// The most a response's status line and headers may take. The API's are a few hundred
/// bytes; ureq's default buffers (two of 128 KiB, zero-filled for every agent) cost more
/// than the rest of a loopback send.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

pub const USER_AGENT: &str = concat!("peki/", env!("CARGO_PKG_VERSION"));

/// One signed request, ready to go.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    pub url: &'a str,
    pub api_key: &'a str,
    pub timestamp: &'a str,
    pub signature: &'a str,
    pub body: &'a [u8],
}

/// Sends one request and reads its response, within `budget` for the whole exchange.
pub trait Transport {
    fn send(&self, request: &Outgoing<'_>, budget: Duration)
    -> Result<RawResponse, TransportError>;

    /// The error for a budget that ran out before an attempt could start.
    fn timed_out(&self) -> NetworkError;
}

/// How to reach the API.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The budget for the whole send: attempts, backoff and rate-limit waits.
    pub timeout: Duration,
    /// Separate from the overall timeout: an unreachable host should fail fast.
    pub connect_timeout: Duration,
    /// Certificates trusted on top of the built-in roots.
    pub ca_bundle: Option<CaBundle>,
    /// Trust the operating system's store instead of the built-in roots.
    pub native_roots: bool,
    /// The proxy, already chosen (see `proxy::choose`); `None` for a direct connection.
    pub proxy: Option<ProxyUrl>,
}

/// The real transport: a ureq agent for one base URL.
#[derive(Debug, Clone)]
pub struct UreqTransport {
    agent: Agent,
    base_url: BaseUrl,
    timeout: Duration,
    connect_timeout: Duration,
    /// The proxy in use, credentials masked, for error messages.
    proxy: Option<String>,
}

impl UreqTransport {
    pub fn new(base_url: BaseUrl, options: &Options) -> Result<Self, BuildError> {
        Ok(UreqTransport {
            agent: build_agent(&base_url, options)?,
            base_url,
            timeout: options.timeout,
            connect_timeout: options.connect_timeout.min(options.timeout),
            proxy: options.proxy.as_ref().map(ToString::to_string),
        })
    }

    /// Reads status, headers and the (capped) body; reading to the end returns the
    /// connection to the pool.
    fn read(
        &self,
        response: &mut ureq::http::Response<ureq::Body>,
    ) -> Result<RawResponse, TransportError> {
        let status = response.status().as_u16();
        let headers = response.headers();
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let rate_limit = RateLimit::from_headers(header);
        let retry_after = header("retry-after").map(str::to_string);
        let date = header("date").map(str::to_string);
        // Sized once from Content-Length (a hint only, capped): a large reply is not copied
        // through doubling buffers.
        let expected = header("content-length")
            .and_then(|n| n.parse::<u64>().ok())
            .map_or(0, |n| n.min(MAX_PRESIZED_BYTES));
        let mut body = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
        let read = std::io::Read::read_to_end(
            &mut response
                .body_mut()
                .with_config()
                .limit(MAX_RESPONSE_BYTES)
                .reader(),
            &mut body,
        );
        read.map_err(ureq::Error::from).map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => TransportError::Bad(BadResponse {
                status: Some(status),
                message: format!(
                    "HTTP {status} but the response body is larger than {} MiB",
                    MAX_RESPONSE_BYTES / (1024 * 1024)
                ),
            }),
            // Too slow to finish within the budget: a timeout like any other.
            timeout @ ureq::Error::Timeout(_) => self.classify(timeout),
            // The server answered, then the body broke off: the message was delivered,
            // so this is not retried (it would be sent twice).
            other => TransportError::Bad(BadResponse {
                status: Some(status),
                message: format!("HTTP {status} but the response body was cut off: {other}"),
            }),
        })?;
        Ok(RawResponse {
            status,
            body,
            rate_limit,
            retry_after,
            date,
        })
    }

    /// A transport error as peki's: a network error that names the host (or the proxy,
    /// when it is the proxy that failed), or a bad response when the server answered
    /// something that is not HTTP.
    fn classify(&self, error: ureq::Error) -> TransportError {
        let target = self.base_url.to_string();
        // The server answered, but not in HTTP that can be read: a retry would send the
        // message again to a server that may have taken it.
        if let ureq::Error::LargeResponseHeader(..) = error {
            return TransportError::Bad(BadResponse {
                status: None,
                message: format!(
                    "{target} answered with response headers larger than {} KiB",
                    MAX_HEADER_BYTES / 1024
                ),
            });
        }
        if matches!(error, ureq::Error::Protocol(_)) {
            return TransportError::Bad(BadResponse {
                status: None,
                message: format!(
                    "{target} answered something that is not a readable HTTP response ({error})"
                ),
            });
        }
        // What a failed connection was to: the proxy when there is one.
        let peer = match &self.proxy {
            Some(proxy) => format!("the proxy {proxy}"),
            None => target.clone(),
        };
        let (kind, message) = match &error {
            ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => (
                NetworkKind::Timeout,
                format!(
                    "timed out connecting to {peer} after {} (raise it with {})",
                    seconds(self.connect_timeout),
                    // Whichever limit was the shorter one is the one that cut it.
                    if self.connect_timeout < self.timeout {
                        "--connect-timeout"
                    } else {
                        "--timeout"
                    }
                ),
            ),
            ureq::Error::Timeout(_) => return TransportError::Network(self.timed_out()),
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
                Some((why, hint)) => (NetworkKind::Tls, format!("TLS {why} with {target}{hint}")),
                None => match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => (
                        NetworkKind::Connect,
                        format!("cannot connect to {peer}: connection refused"),
                    ),
                    std::io::ErrorKind::TimedOut => {
                        return TransportError::Network(self.timed_out());
                    }
                    // ureq reports a failed lookup as a plain I/O error. With a proxy, only
                    // the proxy's host is looked up here (the proxy resolves the API's).
                    _ if io.to_string().contains("failed to lookup address") => (
                        NetworkKind::Connect,
                        format!("cannot resolve the host of {peer} ({io})"),
                    ),
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
        TransportError::Network(NetworkError {
            kind,
            message,
            cause: Some(Box::new(error)),
        })
    }
}

impl Transport for UreqTransport {
    fn send(
        &self,
        request: &Outgoing<'_>,
        budget: Duration,
    ) -> Result<RawResponse, TransportError> {
        let mut response = self
            .agent
            .post(request.url)
            .config()
            .timeout_global(Some(budget))
            .build()
            .content_type("application/json")
            .header("Accept", "application/json")
            .header("X-API-Key", request.api_key)
            .header("X-Timestamp", request.timestamp)
            .header("X-Signature", request.signature)
            .send(request.body)
            .map_err(|e| self.classify(e))?;
        self.read(&mut response)
    }

    fn timed_out(&self) -> NetworkError {
        NetworkError::new(
            NetworkKind::Timeout,
            format!(
                "timed out after {} waiting for {} (raise it with --timeout)",
                seconds(self.timeout),
                self.base_url
            ),
        )
    }
}

/// The agent for `options`: roots, proxy, timeouts, and statuses returned, not raised.
fn build_agent(base_url: &BaseUrl, options: &Options) -> Result<Agent, BuildError> {
    if options.native_roots && options.ca_bundle.is_some() {
        return Err(BuildError::RootsConflict);
    }
    let roots = if options.native_roots {
        RootCerts::PlatformVerifier
    } else if base_url.scheme() == "https" {
        // Mozilla's roots as certificates, so that a --ca-cert is trusted on top of them,
        // not instead (ureq's `Specific` roots replace the built-in ones).
        let mut certs: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .map(|der| Certificate::from_der(der.as_ref()))
            .collect();
        if let Some(bundle) = &options.ca_bundle {
            certs.extend(bundle.certificates.iter().cloned());
        }
        RootCerts::new_with_certs(&certs)
    } else {
        // Plain http (loopback only): no certificate will ever be checked.
        RootCerts::new_with_certs(&[])
    };
    let proxy = match &options.proxy {
        Some(url) => Some(
            ureq::Proxy::new(url.expose()).map_err(|e| BuildError::Proxy {
                proxy: url.to_string(),
                reason: e.to_string(),
            })?,
        ),
        None => None,
    };
    let tls = TlsConfig::builder()
        .root_certs(roots)
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .build();
    let config = Agent::config_builder()
        .timeout_connect(Some(options.connect_timeout.min(options.timeout)))
        .max_response_header_size(MAX_HEADER_BYTES)
        .input_buffer_size(2 * MAX_HEADER_BYTES)
        .output_buffer_size(MAX_HEADER_BYTES)
        // 4xx and 5xx carry problem details and rate-limit headers: keep the response.
        .http_status_as_error(false)
        // A redirect would change the signed path (and turn POST into GET): never follow.
        .max_redirects(0)
        .max_idle_connections(POOL_SIZE)
        .max_idle_connections_per_host(POOL_SIZE)
        .user_agent(USER_AGENT)
        // Always explicit, never ureq's own reading of the environment.
        .proxy(proxy)
        .tls_config(tls)
        .build();
    Ok(Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::default(),
        super::resolver::LiteralsInPlace::default(),
    ))
}

/// The status of a proxy's refusal, from ureq's `proxy server responded 403/Forbidden`.
fn proxy_status(why: &str) -> Option<u16> {
    why.strip_prefix("proxy server responded ")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// The TLS part of an I/O error, worded for a person, and a hint: a certificate failure
/// says `certificate` and how to trust a private CA, so that exit 8 says what to fix.
fn tls_failure(io: &std::io::Error) -> Option<(String, &'static str)> {
    let rustls_error = io.get_ref()?.downcast_ref::<rustls::Error>()?;
    Some(match rustls_error {
        rustls::Error::InvalidCertificate(_) => (
            format!("certificate problem ({rustls_error})"),
            "; for a private CA pass --ca-cert FILE or set PEKI_CA_CERT",
        ),
        other => (format!("handshake failed ({other})"), ""),
    })
}

/// `60s`, `2.5s`.
fn seconds(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}
