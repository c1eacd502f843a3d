//! Network pieces for reliability tests, all on 127.0.0.1: a CA and server certificate made
//! per run (rcgen), a CONNECT proxy that records what it was asked, and servers that
//! misbehave (never answer, answer one byte at a time, hang up).

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose};

/// A CA, and a server certificate it signed for 127.0.0.1, localhost and api.peki.test,
/// written as PEM files in `dir`.
pub struct Pki {
    pub ca_pem: PathBuf,
    pub cert_pem: PathBuf,
    pub key_pem: PathBuf,
}

impl Pki {
    pub fn create(dir: &Path) -> Pki {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "peki test CA");
        let ca_key = KeyPair::generate().unwrap();
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);

        let names = vec![
            "127.0.0.1".to_string(),
            "localhost".to_string(),
            "api.peki.test".to_string(),
        ];
        let mut leaf_params = CertificateParams::new(names).unwrap();
        leaf_params.is_ca = IsCa::ExplicitNoCa;
        leaf_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "127.0.0.1");
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();

        let write = |name: &str, text: String| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        Pki {
            ca_pem: write("ca.pem", ca_cert.pem()),
            cert_pem: write("cert.pem", leaf.pem()),
            key_pem: write("key.pem", leaf_key.serialize_pem()),
        }
    }

    pub fn tls_files(&self) -> peki::sandbox::TlsFiles {
        peki::sandbox::TlsFiles {
            certificate: std::fs::read(&self.cert_pem).unwrap(),
            private_key: std::fs::read(&self.key_pem).unwrap(),
        }
    }
}

/// A CONNECT proxy on loopback. Tunnels to `routes[host:port]` when listed, else to the
/// target itself if it is on 127.0.0.1; records each CONNECT line and Proxy-Authorization.
pub struct ConnectProxy {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl ConnectProxy {
    pub fn start(routes: HashMap<String, SocketAddr>) -> ConnectProxy {
        ConnectProxy::spawn(routes, None)
    }

    /// A proxy that answers every CONNECT with `status` (e.g. "407 Proxy Authentication
    /// Required").
    pub fn refusing(status: &'static str) -> ConnectProxy {
        ConnectProxy::spawn(HashMap::new(), Some(status))
    }

    fn spawn(routes: HashMap<String, SocketAddr>, deny: Option<&'static str>) -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, halt) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if halt.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(client) = client else { continue };
                let (log, routes) = (log.clone(), routes.clone());
                std::thread::spawn(move || {
                    let _ = tunnel(client, &routes, &log, deny);
                });
            }
        });
        ConnectProxy { addr, seen, stop }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
    }
}

fn tunnel(
    client: TcpStream,
    routes: &HashMap<String, SocketAddr>,
    log: &Mutex<Vec<String>>,
    deny: Option<&'static str>,
) -> io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        head.push(line.trim_end().to_string());
    }
    let request = head.first().cloned().unwrap_or_default();
    let auth = head
        .iter()
        .find(|h| h.to_ascii_lowercase().starts_with("proxy-authorization:"));
    log.lock().unwrap().push(match auth {
        Some(auth) => format!("{request} | {auth}"),
        None => request.clone(),
    });
    let mut out = client.try_clone()?;
    if let Some(status) = deny {
        let answer = format!(
            "HTTP/1.1 {status}\r\nProxy-Authenticate: Basic realm=\"t\"\r\nContent-Length: 0\r\n\r\n"
        );
        out.write_all(answer.as_bytes())?;
        return Ok(());
    }
    let Some(target) = request
        .strip_prefix("CONNECT ")
        .and_then(|rest| rest.split_whitespace().next())
    else {
        out.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")?;
        return Ok(());
    };
    let upstream = match routes.get(target) {
        Some(addr) => *addr,
        None if target.starts_with("127.0.0.1:") => target.parse().unwrap(),
        None => {
            out.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")?;
            return Ok(());
        }
    };
    let upstream = TcpStream::connect(upstream)?;
    out.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
    client.set_read_timeout(None)?;
    let (mut up_in, mut up_out) = (upstream.try_clone()?, upstream);
    let mut client_in = reader.into_inner();
    let forward = std::thread::spawn(move || {
        let _ = io::copy(&mut client_in, &mut up_out);
        let _ = up_out.shutdown(Shutdown::Write);
    });
    let _ = io::copy(&mut up_in, &mut out);
    let _ = out.shutdown(Shutdown::Both);
    let _ = forward.join();
    Ok(())
}

/// A server that accepts every connection, reads the request, sends `head` at once and then
/// `tail` one byte every `pause`, then stays silent (both empty: never answers) until the
/// client leaves or 30 s pass. With an empty `tail` and no pause it hangs up after `head`.
pub fn trickle_server(head: &'static [u8], tail: &'static [u8], pause: Duration) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                let deadline = std::time::Instant::now() + Duration::from_secs(30);
                let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                let mut sink = [0u8; 4096];
                let _ = io::Read::read(&mut stream, &mut sink);
                if stream.write_all(head).is_err() {
                    return;
                }
                if tail.is_empty() && pause.is_zero() {
                    let _ = stream.shutdown(Shutdown::Both);
                    return;
                }
                for byte in tail {
                    if std::time::Instant::now() > deadline || stream.write_all(&[*byte]).is_err() {
                        return;
                    }
                    std::thread::sleep(pause);
                }
                while std::time::Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(100));
                    if stream.write_all(b"").is_err() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

/// A server that accepts, reads the request and closes the connection without a byte.
pub fn hang_up_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            let mut sink = [0u8; 4096];
            let _ = io::Read::read(&mut stream, &mut sink);
            let _ = stream.shutdown(Shutdown::Both);
        }
    });
    addr
}

/// A listener whose accept queue is full, with the connections that filled it: the kernel
/// drops further SYNs, so a connect to `addr` hangs (on loopback, the one way to make it
/// hang) for as long as this lives.
pub struct FullListener {
    pub addr: SocketAddr,
    _listener: TcpListener,
    _held: Vec<TcpStream>,
}

pub fn full_listener() -> FullListener {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut held = Vec::new();
    while let Ok(stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
        held.push(stream);
        assert!(held.len() < 5000, "the accept queue never filled");
    }
    FullListener {
        addr,
        _listener: listener,
        _held: held,
    }
}
