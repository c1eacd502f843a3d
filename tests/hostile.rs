//! The sandbox against hostile clients and broken set-ups: floods of idle connections under
//! a low descriptor limit, huge headers, stalled and slow clients, junk TLS files. Each
//! test ends with a good client still being answered.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{Raw, Serve, Test, hermetic, run};

#[test]
fn a_thousand_idle_connections_under_a_low_descriptor_limit_do_not_lock_out_a_client() {
    let home = tempfile::tempdir().unwrap();
    let server = Serve::start_with_fd_limit(home.path(), 256, &["-q", "--api-key", common::KEY]);
    let idle: Vec<TcpStream> = (0..1000)
        .map(|_| TcpStream::connect(server.addr()).unwrap())
        .collect();
    let answer = Raw {
        key: common::KEY,
        secret: "sk_sandbox",
        bot: "sandbox",
        ..Raw::default()
    }
    .send_to(server.addr());
    assert_eq!(answer.status, 200, "{answer:?}");
    drop(idle);
    let log = server.finish();
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn a_hundred_megabyte_header_gets_431_and_the_memory_stays_bounded() {
    let home = tempfile::tempdir().unwrap();
    let server = Serve::start(home.path(), &["-q"]);
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"POST /api/Dev/sandbox/message HTTP/1.1\r\nHost: x\r\nX-Big: ")
        .unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut written = 0usize;
    // The server answers and hangs up long before 100 MB: stop at the first failed write.
    while written < 100 * 1024 * 1024 {
        match stream.write(&chunk) {
            Ok(n) => written += n,
            Err(_) => break,
        }
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 431"),
        "after {written} bytes: {answer:?}"
    );
    assert!(written < 100 * 1024 * 1024, "the server read it all");
    let peak = server.peak_rss_kib();
    // A good client is still answered.
    let ok = Raw {
        key: "pk_sandbox",
        secret: "sk_sandbox",
        bot: "sandbox",
        ..Raw::default()
    }
    .send_to(server.addr());
    assert_eq!(ok.status, 200);
    if let Some(peak) = peak {
        assert!(peak < 64 * 1024, "peak RSS {peak} KiB");
    }
}

#[test]
fn slow_and_silent_clients_are_cut_off_while_others_are_served() {
    let t = Test::with_options(
        100,
        peki::sandbox::SandboxOptions {
            idle_timeout: Some(Duration::from_millis(500)),
            ..Default::default()
        },
    );
    // Slowloris: headers that never end; a half-open client that sends nothing.
    let mut slow = TcpStream::connect(t.sandbox.addr()).unwrap();
    slow.write_all(b"POST /api/Dev/support/message HTTP/1.1\r\nX-A: 1\r\n")
        .unwrap();
    let mut silent = TcpStream::connect(t.sandbox.addr()).unwrap();
    assert_eq!(Raw::default().send(&t.sandbox).status, 200);
    for stream in [&mut slow, &mut silent] {
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut rest = Vec::new();
        // Closed by the server: the read ends (with whatever hyper said, or nothing).
        assert!(stream.read_to_end(&mut rest).is_ok());
    }
}

#[test]
fn hostile_framing_gets_an_answer_or_a_closed_connection_never_a_dead_server() {
    let t = Test::with_options(
        100,
        peki::sandbox::SandboxOptions {
            idle_timeout: Some(Duration::from_millis(500)),
            ..Default::default()
        },
    );
    let addr = t.sandbox.addr();
    let attempts: [&[u8]; 5] = [
        // A chunk size far beyond the body limit.
        b"POST /api/Dev/support/message HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nabc",
        // Both framings at once (request smuggling).
        b"POST /api/Dev/support/message HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // Pipelined garbage after a valid request.
        b"GET /api/Dev/support/message HTTP/1.1\r\nHost: x\r\n\r\n\x00\x01garbage\r\n\r\n",
        // A huge Content-Length with no body.
        b"POST /api/Dev/support/message HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551615\r\n\r\n",
        // Too many headers.
        &[b"GET / HTTP/1.1\r\n".as_slice(), &b"X-A: 1\r\n".repeat(500), b"\r\n"].concat(),
    ];
    for request in attempts {
        let answer = common::raw_exchange(addr, request, 1);
        eprintln!("{:?}", answer.lines().next());
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
            "{answer}"
        );
    }
    assert_eq!(Raw::default().send(&t.sandbox).status, 200);
}

/// `peki serve --tls-cert CERT --tls-key KEY` with `key` as the key file's text.
fn serve_with_key(dir: &std::path::Path, cert: &std::path::Path, key: &str) -> common::Run {
    let key_file = dir.join("bad-key.pem");
    std::fs::write(&key_file, key).unwrap();
    let mut cmd = hermetic(dir);
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--tls-cert"])
        .arg(cert)
        .arg("--tls-key")
        .arg(&key_file);
    run(cmd)
}

#[test]
fn junk_tls_key_files_are_usage_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let pki = common::net::Pki::create(dir.path());
    let good_key = std::fs::read_to_string(&pki.key_pem).unwrap();
    let other_key = rcgen::KeyPair::generate().unwrap().serialize_pem();
    let cases = [
        (
            format!("{good_key}-----BEGIN PRIVATE KEY-----\n!!not base64!!\n-----END PRIVATE KEY-----\n"),
            "not valid PEM",
        ),
        (format!("{good_key}{other_key}"), "2 private keys"),
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0w\n-----END ENCRYPTED PRIVATE KEY-----\n".into(),
            "encrypted",
        ),
        (String::new(), "no PEM private key"),
        (std::fs::read_to_string(&pki.cert_pem).unwrap(), "no PEM private key"),
        (
            "-----BEGIN PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END PRIVATE KEY-----\n".into(),
            "cannot be used",
        ),
        (other_key, "does not match the certificate"),
        (
            "-----BEGIN PRIVATE KEY-----\nMIIB\n".into(),
            "not valid PEM",
        ),
    ];
    for (key, expected) in cases {
        let out = serve_with_key(dir.path(), &pki.cert_pem, &key);
        out.code(2)
            .stderr_has("cannot serve HTTPS with --tls-cert/--tls-key")
            .stderr_has(expected);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

#[test]
fn a_client_that_half_closes_after_its_request_still_gets_the_answer() {
    // `nc -N` and some HTTP/1.0 clients shut their sending side once the request is out;
    // the answer takes a while, so hyper sees the end of input while it waits.
    let t = Test::with_options(
        100,
        peki::sandbox::SandboxOptions {
            faults: peki::sandbox::Faults {
                latency: Duration::from_millis(300),
                ..Default::default()
            },
            ..Default::default()
        },
    );
    let raw = Raw::default();
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-API-Key: {}\r\n\
         X-Timestamp: {}\r\nX-Signature: {}\r\nContent-Length: {}\r\n\r\n{}",
        raw.path(),
        raw.key,
        raw.timestamp,
        raw.signature(),
        raw.body.len(),
        raw.body
    );
    let mut stream = TcpStream::connect(t.sandbox.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
}

#[test]
fn starting_and_stopping_inside_an_async_runtime_does_not_panic() {
    // A library user's #[tokio::test]: a failed start, and a sandbox dropped, in async code.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let accounts = || {
        peki::sandbox::Accounts::new(
            vec![common::account(common::KEY, common::SECRET, &["b"])],
            1,
        )
        .unwrap()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let failed = peki::sandbox::Sandbox::start(
            taken.local_addr().unwrap(),
            accounts(),
            Default::default(),
        );
        assert!(matches!(
            failed,
            Err(peki::sandbox::SandboxError::AddrInUse { .. })
        ));
        let running = peki::sandbox::Sandbox::start(
            "127.0.0.1:0".parse().unwrap(),
            accounts(),
            Default::default(),
        )
        .unwrap();
        drop(running);
    });
}

#[test]
fn running_out_of_descriptors_never_ends_the_accept_loop() {
    // A cap far above `ulimit -n`: accepting really fails with EMFILE, and the loop must
    // free a descriptor, back off and go on.
    let home = tempfile::tempdir().unwrap();
    let server = Serve::start_with_fd_limit(home.path(), 64, &["-q", "--max-connections", "10000"]);
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(server.addr()).unwrap())
        .collect();
    let ok = Raw {
        key: "pk_sandbox",
        secret: "sk_sandbox",
        bot: "sandbox",
        ..Raw::default()
    }
    .send_to(server.addr());
    assert_eq!(ok.status, 200);
    drop(idle);
    let log = server.finish();
    assert!(!log.contains("panicked"), "{log}");
}
