//! The Peki-compatible sandbox behind `peki serve`, `peki send --sandbox` and the tests.
//!
//! `Sandbox::start` binds before it returns, so its address is ready to use; dropping the
//! handle stops the server. Verification lives in `verify`, keys and bots in `accounts`,
//! daily counts in `limits`, the HTTP loop in `server`.

pub mod accounts;
pub mod limits;
pub mod server;
pub mod validate;
pub mod verify;

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

pub use accounts::{
    Account, Accounts, DEFAULT_DAILY_LIMIT, DEMO_API_KEY, DEMO_API_SECRET, DEMO_BOT,
};
pub use server::LogSink;
pub use verify::Verifier;

use crate::error::Error;

/// A running sandbox. Dropping it stops the server and joins its threads.
pub struct Sandbox {
    addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    dispatcher: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `addr` (e.g. `127.0.0.1:0` for an OS-chosen port) and starts serving.
    pub fn start(
        addr: SocketAddr,
        accounts: Accounts,
        log: Option<LogSink>,
    ) -> Result<Sandbox, Error> {
        let server = tiny_http::Server::http(addr)
            .map_err(|e| Error::Unexpected(format!("cannot listen on {addr}: {e}")))?;
        let bound = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Unexpected(format!("{addr} is not an IP address")))?;
        let server = Arc::new(server);
        let verifier = Arc::new(Verifier::new(accounts));
        let stop = Arc::new(AtomicBool::new(false));
        let dispatcher = {
            let (server, stop) = (server.clone(), stop.clone());
            std::thread::spawn(move || {
                server::dispatch(&server, &verifier, log.as_ref(), &|| {
                    stop.load(Ordering::SeqCst)
                });
            })
        };
        Ok(Sandbox {
            addr: bound,
            server,
            stop,
            dispatcher: Some(dispatcher),
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
        format!("http://{addr}/api")
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
