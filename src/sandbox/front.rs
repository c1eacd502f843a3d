//! A plain TCP front for the sandbox, used only when connections are to be dropped: it
//! forwards bytes (TLS included, untouched) between each client and the HTTP server, and
//! can hang up on a client without a byte of answer, which the HTTP server alone cannot.

use std::collections::HashMap;
use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Client connections by the address the HTTP server sees them from.
type Registry = Arc<Mutex<HashMap<SocketAddr, TcpStream>>>;

pub struct Front {
    addr: SocketAddr,
    registry: Registry,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Front {
    /// Listens on `public` and forwards every connection to `backend`.
    pub fn start(public: SocketAddr, backend: SocketAddr) -> io::Result<Front> {
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
                    if let Ok(client) = client {
                        let registry = registry.clone();
                        std::thread::spawn(move || {
                            let _ = pump(client, backend, &registry);
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
    /// nothing sent to it. `false` when there is no such connection.
    pub fn hang_up(&self, seen_from: SocketAddr) -> bool {
        let registry = self.registry.lock().unwrap_or_else(|p| p.into_inner());
        match registry.get(&seen_from) {
            Some(client) => client.shutdown(Shutdown::Both).is_ok(),
            None => false,
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

/// Copies bytes both ways until either side closes.
fn pump(client: TcpStream, backend: SocketAddr, registry: &Registry) -> io::Result<()> {
    let upstream = TcpStream::connect(backend)?;
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
