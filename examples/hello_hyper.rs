//! The ceiling `scripts/bench.sh` measures `peki serve` against under wrk: the sandbox's own
//! server stack (hyper 1's HTTP/1.1 on hyper-util's tokio glue, a current-thread tokio runtime,
//! one task a connection) answering every request with a fixed 200, and nothing else: no
//! signature check, no JSON, no quota, no log.
//!
//! `hello_hyper [HOST:PORT]` (default `127.0.0.1:0`, any free port) prints its base URL as the
//! first line on stdout once it listens, as `peki serve --print-addr` does.

use std::io::Write as _;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

/// The shape of the sandbox's echo, so that both write about as many bytes per answer.
const REPLY: &[u8] = br#"{"data":"Echo: hi","error":null,"totalItems":0,"pageSize":0,"currentPage":0,"totalPages":0}"#;

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, hyper::Error> {
    // Read the body as the sandbox does: the ceiling does the same socket work per request.
    request.into_body().collect().await?;
    let mut response = Response::new(Full::new(Bytes::from_static(REPLY)));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(response)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".into());
    let listener = TcpListener::bind(&addr).await?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "http://{}", listener.local_addr()?)?;
    stdout.flush()?;
    loop {
        // An accept error (a client gone before accept, no descriptors left) ends no one
        // but that client; the sandbox's loop keeps going too.
        let Ok((stream, _)) = listener.accept().await else {
            tokio::task::yield_now().await;
            continue;
        };
        // As the sandbox does: small answers go out at once, not after Nagle's delay.
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            // A client that goes away mid-request is no error of the server's.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .serve_connection(TokioIo::new(stream), service_fn(answer))
                .await;
        });
    }
}
