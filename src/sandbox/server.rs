//! The accept loop and each connection's task: TLS handshake, hyper's HTTP/1.1 with its
//! limits (header bytes and time, idle keep-alive), the connection cap, and the way out:
//! at once when the handle is dropped, or draining in-flight requests on SIGINT/SIGTERM.
//! It does not decide answers (`service` does) and does not print.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

use super::app::App;
use super::connections::{Connections, Slot};
use super::service;

/// Request line and headers past this get hyper's 431 and the connection is closed.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// hyper's read buffer per connection; bounds what a client can make the sandbox hold.
const MAX_BUFFER_BYTES: usize = 64 * 1024;

/// How long in-flight requests get to finish after SIGINT/SIGTERM.
pub const DRAIN_LIMIT: Duration = Duration::from_secs(30);

/// How the listener serves, beyond what each request needs (`App`).
pub(super) struct Settings {
    pub tls: Option<TlsAcceptor>,
    /// Silence allowed while waiting for a request's headers (keep-alive included), a
    /// TLS handshake, or the next piece of a body.
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub stop_on_signals: bool,
}

/// How serving ended.
pub(super) enum Ended {
    /// The handle was dropped: everything was cut at once.
    Dropped,
    /// A signal: in-flight requests were given `DRAIN_LIMIT` to finish (`false`: some did not).
    Signalled { drained: bool },
}

/// Accepts until `stop` fires (or is dropped), or a signal comes when `settings` ask for it.
pub(super) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    settings: Settings,
    mut stop: oneshot::Receiver<()>,
) -> Ended {
    let settings = Arc::new(settings);
    let connections = Arc::new(Connections::new(settings.max_connections));
    let graceful = GracefulShutdown::new();
    let mut signals = Signals::new(settings.stop_on_signals);
    let mut backoff = Duration::ZERO;
    loop {
        tokio::select! {
            biased;
            _ = &mut stop => return Ended::Dropped,
            () = signals.next() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    backoff = Duration::ZERO;
                    let Some((id, slot)) = connections.admit() else {
                        continue; // every connection is busy: this one is closed at once
                    };
                    let connection = Connection {
                        app: app.clone(),
                        settings: settings.clone(),
                        slot,
                        peer,
                        watcher: graceful.watcher(),
                    };
                    let connections = connections.clone();
                    tokio::spawn(async move {
                        connection.run(stream).await;
                        connections.remove(id);
                    });
                }
                // Out of descriptors, a connection reset before it was accepted, …: never
                // the end of the loop. Free a descriptor if we can, back off, go on.
                Err(error) => {
                    if out_of_descriptors(&error) {
                        connections.relieve();
                    }
                    backoff = (backoff * 2).clamp(Duration::from_millis(5), Duration::from_millis(100));
                    tokio::time::sleep(backoff).await;
                }
            },
        }
    }
    drop(listener);
    connections.close_idle();
    let drained = tokio::select! {
        finished = tokio::time::timeout(DRAIN_LIMIT, graceful.shutdown()) => finished.is_ok(),
        // A second signal: stop waiting.
        () = signals.next() => false,
        _ = &mut stop => false,
    };
    Ended::Signalled { drained }
}

fn out_of_descriptors(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(error.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// One accepted client.
struct Connection {
    app: Arc<App>,
    settings: Arc<Settings>,
    slot: Arc<Slot>,
    peer: SocketAddr,
    watcher: Watcher,
}

impl Connection {
    async fn run(self, stream: TcpStream) {
        // Answers are written whole; Nagle would hold a small one back for a delayed ACK.
        let _ = stream.set_nodelay(true);
        match self.settings.tls.clone() {
            None => self.serve(stream).await,
            Some(acceptor) => {
                let handshake =
                    tokio::time::timeout(self.settings.idle_timeout, acceptor.accept(stream));
                let tls = tokio::select! {
                    done = handshake => done,
                    () = self.slot.closed() => return,
                };
                // A failed or silent handshake ends here; the client sees a closed socket.
                if let Ok(Ok(tls)) = tls {
                    self.serve(tls).await;
                }
            }
        }
    }

    async fn serve<I>(self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let Connection {
            app,
            settings,
            slot,
            peer,
            watcher,
        } = self;
        let busy_slot = slot.clone();
        let service = service_fn(move |req| {
            let app = app.clone();
            let busy = busy_slot.busy();
            async move {
                let answer = service::handle(req, &app, peer).await;
                drop(busy);
                answer
            }
        });
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            // Also the keep-alive idle limit: hyper starts it when it waits for a request.
            .header_read_timeout(settings.idle_timeout)
            .max_header_size(MAX_HEADER_BYTES)
            .max_buf_size(MAX_BUFFER_BYTES)
            // A client that shuts its sending side after the request (nc -N) still wants
            // the answer; by default hyper drops the connection when it sees that end.
            .half_close(true);
        let connection = watcher.watch(builder.serve_connection(TokioIo::new(io), service));
        tokio::select! {
            // Errors (a client gone, a parse error hyper already answered, a dropped
            // request) end only this connection.
            _ = connection => {}
            () = slot.closed() => {}
        }
    }
}

/// SIGINT and SIGTERM (Ctrl-C elsewhere), when asked for; otherwise never.
struct Signals {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
    #[cfg(not(unix))]
    enabled: bool,
}

impl Signals {
    fn new(enabled: bool) -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            // If the handlers cannot be installed, the default action (exit) stays: no drain,
            // but no hang either.
            let streams = enabled
                .then(|| {
                    Some((
                        signal(SignalKind::interrupt()).ok()?,
                        signal(SignalKind::terminate()).ok()?,
                    ))
                })
                .flatten();
            Signals { streams }
        }
        #[cfg(not(unix))]
        {
            Signals { enabled }
        }
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        {
            match &mut self.streams {
                Some((interrupt, terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                None => std::future::pending().await,
            }
        }
        #[cfg(not(unix))]
        {
            if self.enabled && tokio::signal::ctrl_c().await.is_ok() {
                return;
            }
            std::future::pending::<()>().await
        }
    }
}
