//! The Peki-compatible sandbox behind `peki serve`, `peki send --sandbox` and the tests.
//!
//! `Sandbox::start` binds before it returns, so its address is ready to use; dropping the
//! handle stops the server. Verification lives in `verify` (checks in `auth`, bodies in
//! `validate`, answers in `answer`), keys and bots in `accounts`, counts in `limits`, the
//! accept loop in `server` (with the connection cap in `connections`), one request's path in
//! `service` (hyper's types in `http`, shared state in `app`), scripted replies in `script`
//! (texts in `template`), the request journal in `journal`, `/__peki/` in `control`,
//! HTTPS in `tls`, faults in `faults`.

pub mod accounts;
mod answer;
mod app;
pub mod auth;
mod connections;
mod control;
pub mod error;
pub mod faults;
mod http;
mod incoming;
mod journal;
pub mod limits;
mod refusal;
mod replays;
pub mod script;
mod server;
mod service;
mod template;
mod tls;
pub mod validate;
pub mod verify;

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::values::Secret;

pub use accounts::{
    Account, Accounts, DEFAULT_DAILY_LIMIT, DEMO_API_KEY, DEMO_API_SECRET, DEMO_BOT,
};
pub use connections::default_max_connections;
pub use error::{Blame, SandboxError};
pub use faults::Faults;
pub use journal::DEFAULT_JOURNAL_MAX;
pub use script::Script;
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
    /// Scripted replies (`--script`): loaded, and checked, at start.
    pub script: Option<PathBuf>,
    /// Append one JSON line per request to this file (created afresh).
    pub journal: Option<PathBuf>,
    /// Requests the in-memory journal keeps for `/__peki/requests`; `None`: 10,000.
    pub journal_max: Option<usize>,
    /// Open `/__peki/requests` and `/__peki/reset`.
    pub admin: bool,
    /// Require `Authorization: Bearer TOKEN` on them (needed off loopback).
    pub admin_token: Option<Secret>,
    /// 401 for a signature already accepted while its timestamp is in the window.
    pub reject_replays: bool,
    /// Daily limits counted over windows of this many seconds instead of the UTC day.
    pub limit_window: Option<u64>,
    /// Retry-After of every 429, instead of the seconds to the reset.
    pub retry_after: Option<u64>,
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
        if options.admin && options.admin_token.is_none() && !addr.ip().is_loopback() {
            return Err(SandboxError::Options(format!(
                "--admin on {addr}, beyond loopback, needs --admin-token: anyone who can reach \
                 it could read and reset the journal"
            )));
        }
        let tls = options.tls.as_ref().map(TlsFiles::acceptor).transpose()?;
        let script = options.script.as_deref().map(Script::load).transpose()?;
        let journal = journal::Journal::open(
            options.journal.as_deref(),
            options.admin,
            options.journal_max.unwrap_or(DEFAULT_JOURNAL_MAX),
        )?;
        let mut verifier = Verifier::new(accounts);
        if let Some(window) = options.limit_window {
            verifier = verifier.with_window(i64::try_from(window).unwrap_or(i64::MAX));
        }
        if options.reject_replays {
            verifier = verifier.rejecting_replays();
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(SandboxError::Runtime)?;
        let bound = {
            // The listener registers with this runtime's reactor.
            let _entered = runtime.enter();
            bind(addr).and_then(|listener| {
                let bound = listener.local_addr().map_err(SandboxError::Runtime)?;
                Ok((listener, bound))
            })
        };
        let (listener, bound) = match bound {
            Ok(bound) => bound,
            Err(e) => {
                // Dropping a runtime blocks, which panics if the caller is itself async
                // (a library user's #[tokio::test]); this does not.
                runtime.shutdown_background();
                return Err(e);
            }
        };
        let idle_timeout = options.idle_timeout.unwrap_or(DEFAULT_IDLE_TIMEOUT);
        let log = options.log.clone();
        let app = Arc::new(app::App {
            verifier,
            log: options.log,
            dice: faults::Dice::new(options.faults),
            clock_offset: options.clock_offset,
            idle_timeout,
            retry_after: options
                .retry_after
                .map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
            script,
            journal,
            admin: options
                .admin
                .then(|| app::Admin::new(options.admin_token.as_ref())),
            in_flight: Default::default(),
            answered: Default::default(),
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
        let shared = app.clone();
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
                shared.journal.finish()
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
