//! The Peki-compatible sandbox behind `peki serve`, `peki send --sandbox` and the tests.
//!
//! `Sandbox::start` binds before it returns, so its address is ready to use; dropping the
//! handle stops the server. Verification lives in `verify` (bodies in `validate`), keys and
//! bots in `accounts`, daily counts in `limits`, the HTTP loop in `server`, fault
//! injection in `faults`, and the TCP front that can drop connections in `front`.

pub mod accounts;
mod answer;
pub mod auth;
pub mod error;
pub mod faults;
pub mod front;
mod incoming;
pub mod limits;
mod refusal;
mod replays;
pub mod server;
pub mod validate;
pub mod verify;

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

pub use accounts::{
    Account, Accounts, DEFAULT_DAILY_LIMIT, DEMO_API_KEY, DEMO_API_SECRET, DEMO_BOT,
};
pub use error::{Blame, SandboxError};
pub use faults::Faults;
pub use server::LogSink;
pub use verify::Verifier;

use front::Front;

/// How the sandbox runs beyond its accounts.
#[derive(Clone, Default)]
pub struct SandboxOptions {
    /// Receives one line per request.
    pub log: Option<LogSink>,
    /// Serve HTTPS with this PEM certificate chain and private key.
    pub tls: Option<TlsFiles>,
    pub faults: Faults,
    /// Seconds added to the sandbox's clock (its `Date` header and timestamp checks), to
    /// rehearse a client whose clock is off.
    pub clock_offset: i64,
    /// How long a connection may stay silent (idle between requests, or stalled mid-body)
    /// before the sandbox closes it; `None` for the default, 30 s.
    pub idle_timeout: Option<Duration>,
}

/// Longer than a client pool keeps idle connections (ureq: 15 s), so that a connection
/// the client reuses is still open.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// PEM contents of a certificate chain and its private key.
#[derive(Clone)]
pub struct TlsFiles {
    pub certificate: Vec<u8>,
    pub private_key: Vec<u8>,
}

impl TlsFiles {
    /// What tiny_http would otherwise panic on: a chain with no certificate, a key file
    /// with no unencrypted PKCS#8 or RSA key.
    pub fn check(&self) -> Result<(), String> {
        use rustls::pki_types::PrivateKeyDer;
        use rustls::pki_types::pem::PemObject;
        use ureq::tls::{PemItem, parse_pem};
        let has_cert =
            parse_pem(&self.certificate).any(|item| matches!(item, Ok(PemItem::Certificate(_))));
        if !has_cert {
            return Err("the certificate file holds no PEM certificate".into());
        }
        match PrivateKeyDer::from_pem_slice(&self.private_key) {
            Ok(PrivateKeyDer::Pkcs8(_) | PrivateKeyDer::Pkcs1(_)) => Ok(()),
            Ok(_) => Err(
                "the key is not PKCS#8 or RSA; convert it with `openssl pkcs8 -topk8 -nocrypt`"
                    .into(),
            ),
            Err(_) => Err("the key file holds no unencrypted PEM private key".into()),
        }
    }
}

/// A running sandbox. Dropping it stops taking new requests and closes the listening
/// socket; connections already open end when their clients leave or stay silent past the
/// idle timeout.
pub struct Sandbox {
    addr: SocketAddr,
    scheme: &'static str,
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    dispatcher: Option<JoinHandle<()>>,
    // Dropped after the server: it forwards to it.
    _front: Arc<Front>,
}

impl Sandbox {
    /// Binds `addr` (port 0: an OS-chosen port) and starts serving.
    pub fn start(
        addr: SocketAddr,
        accounts: Accounts,
        options: SandboxOptions,
    ) -> Result<Sandbox, SandboxError> {
        let cannot = |source: std::io::Error| match source.kind() {
            std::io::ErrorKind::AddrInUse => SandboxError::AddrInUse { addr },
            _ => SandboxError::Bind { addr, source },
        };
        // The front owns the client sockets: it cuts off clients that stay silent (tiny_http
        // sets no timeout, so a stalled upload would hold one of its few connection threads
        // for ever) and can drop a connection without an answer. The HTTP server listens
        // privately on loopback behind it.
        let listener = std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .map_err(cannot)?;
        if let Some(tls) = &options.tls {
            tls.check().map_err(|problem| SandboxError::Tls {
                problem,
                source: None,
            })?;
        }
        let ssl = options.tls.as_ref().map(|tls| tiny_http::SslConfig {
            certificate: tls.certificate.clone(),
            private_key: tls.private_key.clone(),
        });
        let server =
            tiny_http::Server::from_listener(listener, ssl).map_err(|e| SandboxError::Tls {
                problem: e.to_string(),
                source: None,
            })?;
        let http_bound = server.server_addr().to_ip().ok_or_else(|| {
            SandboxError::Runtime(std::io::Error::other(format!(
                "{addr} is not an IP address"
            )))
        })?;
        // A client waiting for an answer that --latency delays is silent too: the idle
        // limit counts from the end of that delay.
        let idle = options.idle_timeout.unwrap_or(DEFAULT_IDLE_TIMEOUT) + options.faults.latency;
        let front = Arc::new(Front::start(addr, http_bound, idle).map_err(cannot)?);
        let bound = front.addr();
        let server = Arc::new(server);
        let stop = Arc::new(AtomicBool::new(false));
        let context = Arc::new(server::Context {
            verifier: Verifier::new(accounts),
            log: options.log,
            dice: faults::Dice::new(options.faults),
            front: front.clone(),
            clock_offset: options.clock_offset,
        });
        let dispatcher = {
            let (server, stop) = (server.clone(), stop.clone());
            std::thread::spawn(move || {
                server::dispatch(&server, &context, &|| stop.load(Ordering::SeqCst));
            })
        };
        Ok(Sandbox {
            addr: bound,
            scheme: if options.tls.is_some() {
                "https"
            } else {
                "http"
            },
            server,
            stop,
            dispatcher: Some(dispatcher),
            _front: front,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give `peki` (`--base-url`): `http://127.0.0.1:PORT/api`. A sandbox
    /// bound to every interface (`0.0.0.0`) is reached through loopback from here.
    pub fn base_url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr {
                SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
            });
        }
        format!("{}://{addr}/api", self.scheme)
    }

    /// Blocks while the sandbox serves (until the process is interrupted).
    pub fn wait(mut self) {
        if let Some(dispatcher) = self.dispatcher.take() {
            let _ = dispatcher.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.server.unblock();
        if let Some(dispatcher) = self.dispatcher.take() {
            let _ = dispatcher.join();
        }
    }
}
