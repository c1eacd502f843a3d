//! The sandbox's TCP front: it accepts the clients and forwards bytes (TLS included,
//! untouched) between each client and the HTTP server behind it. It cuts off a client that
//! stays silent too long, and can hang up on one without a byte of answer: two things the
//! HTTP server alone cannot do.

use std::collections::HashMap;
use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Client connections by the address the HTTP server sees them from.
type Registry = Arc<Mutex<HashMap<SocketAddr, TcpStream>>>;

pub struct Front {
    addr: SocketAddr,
    registry: Registry,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Front {
    /// Listens on `public` and forwards every connection to `backend`; a client silent for
    /// `idle` (between requests or in the middle of one) is disconnected.
    pub fn start(public: SocketAddr, backend: SocketAddr, idle: Duration) -> io::Result<Front> {
        let listener = TcpListener::bind(public)?;
        let addr = listener.local_addr()?;
        let registry: Registry = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let (registry, stop) = (registry.clone(), stop.clone());
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    // An accept error (say, out of descriptors) passes; the loop goes on.
                    if let Ok(client) = client {
                        let registry = registry.clone();
                        std::thread::spawn(move || {
                            let _ = pump(client, backend, idle, &registry);
                        });
                    }
                }
            })
        };
        Ok(Front {
            addr,
            registry,
            stop,
            acceptor: Some(acceptor),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Closes the client connection that reaches the HTTP server from `seen_from`, with
    /// nothing sent to it.
    pub fn hang_up(&self, seen_from: SocketAddr) {
        let registry = self.registry.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(client) = registry.get(&seen_from) {
            let _ = client.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for Front {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Copies bytes both ways until either side closes or the client is silent for `idle`.
fn pump(
    client: TcpStream,
    backend: SocketAddr,
    idle: Duration,
    registry: &Registry,
) -> io::Result<()> {
    client.set_read_timeout(Some(idle))?;
    let upstream = TcpStream::connect(backend)?;
    // Forward each write at once: with Nagle on, a body written after its headers would
    // wait for a delayed ACK (about 40 ms) on every request.
    client.set_nodelay(true)?;
    upstream.set_nodelay(true)?;
    let key = upstream.local_addr()?;
    registry
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, client.try_clone()?);
    let (mut client_in, mut upstream_out) = (client.try_clone()?, upstream.try_clone()?);
    let inbound = std::thread::spawn(move || {
        let _ = io::copy(&mut client_in, &mut upstream_out);
        let _ = upstream_out.shutdown(Shutdown::Write);
    });
    let (mut upstream_in, mut client_out) = (upstream, client);
    let _ = io::copy(&mut upstream_in, &mut client_out);
    let _ = client_out.shutdown(Shutdown::Both);
    let _ = inbound.join();
    registry
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&key);
    Ok(())
}
