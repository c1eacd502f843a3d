//! The Peki-compatible sandbox behind `peki serve`, `peki send --sandbox` and the tests.
//!
//! `Sandbox::start` binds before it returns, so its address is ready to use; dropping the
//! handle stops the server. Verification lives in `verify`, keys and bots in `accounts`,
//! daily counts in `limits`, the HTTP loop in `server`.

pub mod accounts;
pub mod limits;
pub mod server;
pub mod verify;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

pub use accounts::{
    Account, Accounts, DEFAULT_DAILY_LIMIT, DEMO_API_KEY, DEMO_API_SECRET, DEMO_BOT,
};
pub use server::LogSink;
pub use verify::Verifier;

use crate::error::Error;

/// Worker threads answering requests; tiny_http reads connections on its own threads.
const WORKERS: usize = 4;

/// A running sandbox. Dropping it stops the server and joins its threads.
pub struct Sandbox {
    addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `addr` (e.g. `127.0.0.1:0` for an OS-chosen port) and starts serving.
    pub fn start(addr: &str, accounts: Accounts, log: Option<LogSink>) -> Result<Sandbox, Error> {
        let server = tiny_http::Server::http(addr)
            .map_err(|e| Error::Unexpected(format!("cannot listen on {addr}: {e}")))?;
        let bound = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Unexpected(format!("{addr} is not an IP address")))?;
        let server = Arc::new(server);
        let verifier = Arc::new(Verifier::new(accounts));
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..WORKERS)
            .map(|_| {
                let (server, verifier, stop, log) =
                    (server.clone(), verifier.clone(), stop.clone(), log.clone());
                std::thread::spawn(move || {
                    server::run_worker(&server, &verifier, log.as_ref(), &|| {
                        stop.load(Ordering::SeqCst)
                    });
                })
            })
            .collect();
        Ok(Sandbox {
            addr: bound,
            server,
            stop,
            workers,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give `peki` (`--base-url`): `http://127.0.0.1:PORT/api`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    /// Blocks while the sandbox serves (until the process is interrupted).
    pub fn wait(mut self) {
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for _ in &self.workers {
            self.server.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}
