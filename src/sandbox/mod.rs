//! The Peki-compatible sandbox behind `peki serve`, `peki send --sandbox` and the tests.
//!
//! `Sandbox::start` binds before it returns, so its address is ready to use; dropping the
//! handle stops the server. Verification lives in `verify` (checks in `auth`, bodies in
//! `validate`, answers in `answer`), keys and bots in `accounts`, counts in `limits`, the
//! accept loop in `server` (with the connection cap in `connections`), one request's path in
//! `service` (hyper's types in `http`), HTTPS in `tls`, faults in `faults`.

pub mod accounts;
mod answer;
pub mod auth;
mod connections;
pub mod error;
pub mod faults;
mod http;
mod incoming;
pub mod limits;
mod refusal;
mod replays;
mod server;
mod service;
mod tls;
pub mod validate;
pub mod verify;

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

pub use accounts::{
    Account, Accounts, DEFAULT_DAILY_LIMIT, DEMO_API_KEY, DEMO_API_SECRET, DEMO_BOT,
};
pub use connections::default_max_connections;
pub use error::{Blame, SandboxError};
pub use faults::Faults;
pub use server::{DRAIN_LIMIT, MAX_HEADER_BYTES};
pub use tls::TlsFiles;
pub use verify::Verifier;

/// Receives one line per request: method, path, status, verdict, peer, milliseconds.
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

/// How the sandbox runs beyond its accounts. `Default` is what `peki send --sandbox` uses.
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
    /// How long a connection may stay silent (idle between requests, sending its headers,
    /// or stalled mid-body) before the sandbox closes it; `None` for the default, 30 s.
    pub idle_timeout: Option<Duration>,
    /// Open connections at most; `None`: `default_max_connections()`, under `ulimit -n`.
    pub max_connections: Option<usize>,
    /// Stop on SIGINT/SIGTERM (Ctrl-C elsewhere), letting requests in progress finish
    /// (`peki serve`); otherwise signals keep their default action.
    pub stop_on_signals: bool,
}

/// Longer than a client pool keeps idle connections (ureq: 15 s), so that a connection
/// the client reuses is still open.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// A running sandbox. Dropping it stops it at once: the listening socket and every
/// connection are closed, requests in progress included. `wait` instead serves until a
/// signal (with `stop_on_signals`) and lets requests in progress finish.
pub struct Sandbox {
    addr: SocketAddr,
    scheme: &'static str,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<(), SandboxError>>>,
}

impl Sandbox {
    /// Binds `addr` (port 0: an OS-chosen port) and starts serving on a thread of its own.
    pub fn start(
        addr: SocketAddr,
        accounts: Accounts,
        options: SandboxOptions,
    ) -> Result<Sandbox, SandboxError> {
        let tls = options.tls.as_ref().map(TlsFiles::acceptor).transpose()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(SandboxError::Runtime)?;
        let listener = {
            // The listener registers with this runtime's reactor.
            let _entered = runtime.enter();
            bind(addr)?
        };
        let bound = listener.local_addr().map_err(SandboxError::Runtime)?;
        let idle_timeout = options.idle_timeout.unwrap_or(DEFAULT_IDLE_TIMEOUT);
        let log = options.log.clone();
        let app = Arc::new(service::App {
            verifier: Verifier::new(accounts),
            log: options.log,
            dice: faults::Dice::new(options.faults),
            clock_offset: options.clock_offset,
            idle_timeout,
            retry_after: None,
        });
        let settings = server::Settings {
            tls,
            idle_timeout,
            max_connections: options
                .max_connections
                .unwrap_or_else(default_max_connections),
            stop_on_signals: options.stop_on_signals,
        };
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("peki-sandbox".into())
            .spawn(move || {
                let ended = runtime.block_on(server::serve(listener, app, settings, stopped));
                if let (server::Ended::Signalled { drained: false }, Some(log)) = (ended, &log) {
                    log(&format!(
                        "peki sandbox: requests still in progress were cut (after {} s, or a second signal)",
                        DRAIN_LIMIT.as_secs()
                    ));
                }
                Ok(())
            })
            .map_err(SandboxError::Runtime)?;
        Ok(Sandbox {
            addr: bound,
            scheme: if options.tls.is_some() {
                "https"
            } else {
                "http"
            },
            stop: Some(stop),
            thread: Some(thread),
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

    /// Serves until a signal ends it (with `stop_on_signals`; else for ever).
    pub fn wait(mut self) -> Result<(), SandboxError> {
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            // The server thread panicked: nothing in it should, but say so rather than hide it.
            Some(Err(_)) => Err(SandboxError::Runtime(std::io::Error::other(
                "the sandbox's thread stopped unexpectedly",
            ))),
            None => Ok(()),
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A listener on `addr`, with a deep accept queue so that a burst of clients waits for its
/// turn instead of timing out.
fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, SandboxError> {
    let cannot = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::AddrInUse => SandboxError::AddrInUse { addr },
        _ => SandboxError::Bind { addr, source },
    };
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
    }
    .map_err(cannot)?;
    // Restarting on the same port must not wait out the old connections' TIME_WAIT. (Only on
    // Unix: on Windows the option would let another process share the port.)
    #[cfg(unix)]
    socket.set_reuseaddr(true).map_err(cannot)?;
    socket.bind(addr).map_err(cannot)?;
    socket.listen(1024).map_err(cannot)
}
