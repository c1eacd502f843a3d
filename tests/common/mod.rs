//! Test helpers: a hermetic `peki` command (temp HOME and XDG dirs, no PEKI_* or proxy
//! variables, TZ=UTC), an in-process sandbox on an OS-chosen loopback port, a canned fake
//! API for responses the sandbox never gives, and raw signed requests.
//!
//! Every run checks that the sentinel secret appears in no output.

#![allow(dead_code)] // each test file uses a different part of this module

pub mod net;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use peki::sandbox::{Account, Accounts, Sandbox};
use peki::sign::{SignedParts, sign};
use peki::values::Secret;

/// The API key of the test sandbox.
pub const KEY: &str = "pk_test_key";
/// A secret that must never appear in any output.
pub const SECRET: &str = "sk_test_SENTINEL_7c1e9b44";
/// The chatbot the test key may use.
pub const BOT: &str = "support";

/// A temp HOME and a sandbox; builds hermetic `peki` commands against it.
pub struct Test {
    pub home: tempfile::TempDir,
    pub sandbox: Sandbox,
}

impl Test {
    /// A sandbox where `KEY`/`SECRET` may use `support`, `fromenv` and `fromfile`; `pk_other`
    /// may use only `private`.
    pub fn new() -> Self {
        Test::with_limit(100)
    }

    pub fn with_limit(daily_limit: u64) -> Self {
        Test::with_options(daily_limit, peki::sandbox::SandboxOptions::default())
    }

    /// A sandbox with TLS, faults or a shifted clock.
    pub fn with_options(daily_limit: u64, options: peki::sandbox::SandboxOptions) -> Self {
        let accounts = Accounts::new(
            vec![
                account(KEY, SECRET, &[BOT, "fromenv", "fromfile"]),
                account("pk_other", "sk_other_secret_value", &["private"]),
            ],
            daily_limit,
        )
        .unwrap();
        Test {
            home: tempfile::tempdir().unwrap(),
            sandbox: Sandbox::start("127.0.0.1:0".parse().unwrap(), accounts, options).unwrap(),
        }
    }

    /// `peki` with the sandbox's URL and credentials in the environment.
    pub fn peki(&self) -> Command {
        let mut cmd = self.bare();
        self.credentials(&mut cmd);
        cmd
    }

    /// `sh -c SCRIPT` with the same environment as `peki()`, and `$PEKI` the binary.
    pub fn shell(&self, script: &str) -> Command {
        let mut cmd = Command::new("sh");
        isolate(&mut cmd, self.home.path());
        self.credentials(&mut cmd);
        cmd.env("PEKI", env!("CARGO_BIN_EXE_peki"))
            .args(["-c", script]);
        cmd
    }

    fn credentials(&self, cmd: &mut Command) {
        cmd.env("PEKI_BASE_URL", self.sandbox.base_url())
            .env("PEKI_API_KEY", KEY)
            .env("PEKI_API_SECRET", SECRET);
    }

    /// `peki` with a hermetic environment and no settings at all.
    pub fn bare(&self) -> Command {
        hermetic(self.home.path())
    }

    /// `peki send --bot support ARGS…` against the sandbox.
    pub fn send(&self, args: &[&str]) -> Command {
        let mut cmd = self.peki();
        cmd.args(["send", "--bot", BOT]).args(args);
        cmd
    }

    /// Writes the default config file (`$XDG_CONFIG_HOME/peki/config.toml`).
    pub fn write_config(&self, text: &str) -> PathBuf {
        let dir = self.home.path().join("xdg-config/peki");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(&path, text).unwrap();
        path
    }
}

/// Sandbox options whose clock is at least four minutes from midnight UTC, when its daily
/// limits reset: tests that expect a reset "hours away" must not meet one a minute away. The
/// shift stays inside the ±300 s timestamp window, so clients are not refused for it.
pub fn far_from_midnight() -> peki::sandbox::SandboxOptions {
    let to_midnight = 86_400 - peki::clock::unix_now().rem_euclid(86_400);
    peki::sandbox::SandboxOptions {
        clock_offset: if to_midnight < 120 { -250 } else { 0 },
        ..Default::default()
    }
}

pub fn account(key: &str, secret: &str, bots: &[&str]) -> Account {
    Account {
        api_key: key.into(),
        api_secret: Secret::new(secret),
        bots: bots.iter().map(ToString::to_string).collect(),
    }
}

/// The built `peki` binary with nothing from the developer's environment: HOME and XDG
/// dirs in `home`, USER=tester, TZ=UTC, PATH kept; no PEKI_*, no proxies.
pub fn hermetic(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peki"));
    isolate(&mut cmd, home);
    cmd
}

/// Replaces `cmd`'s environment with the hermetic one.
pub fn isolate(cmd: &mut Command, home: &Path) {
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_CACHE_HOME", home.join("xdg-cache"))
        .env("XDG_STATE_HOME", home.join("xdg-state"))
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("USER", "tester")
        .env("TZ", "UTC")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
}

/// What a finished `peki` run printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}): {}", self.stdout))
    }

    /// Asserts the exit code and returns self for more checks.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(self.code, expected, "unexpected exit code; {self:#?}");
        self
    }

    #[track_caller]
    pub fn stdout_is(&self, expected: &str) -> &Self {
        assert_eq!(self.stdout, expected, "{self:#?}");
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}; {self:#?}"
        );
        self
    }
}

/// Runs `cmd` with `stdin` (none: an empty, closed stdin) and checks that no output holds
/// the sentinel secret.
pub fn run_with(cmd: Command, stdin: Option<&[u8]>) -> Run {
    run_limited(cmd, stdin, Duration::from_secs(60))
}

/// `run`, killed (and failing the test) if it takes longer than `limit`.
pub fn run_within(cmd: Command, limit: Duration) -> Run {
    let run = run_limited(cmd, None, limit);
    assert_ne!(run.code, -1, "killed after {limit:?}: {run:#?}");
    run
}

fn run_limited(mut cmd: Command, stdin: Option<&[u8]>, limit: Duration) -> Run {
    let output = assert_cmd::Command::from_std(std::mem::replace(&mut cmd, Command::new("true")))
        .write_stdin(stdin.unwrap_or_default().to_vec())
        .timeout(limit)
        .output()
        .expect("peki runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.contains(SECRET),
            "the secret leaked on {name}: {run:#?}"
        );
        assert!(
            !text.contains("sk_other_secret_value"),
            "a secret leaked on {name}"
        );
    }
    run
}

pub fn run(cmd: Command) -> Run {
    run_with(cmd, None)
}

/// A signed POST to the sandbox's message endpoint with full control over every part.
pub struct Raw<'a> {
    pub key: &'a str,
    pub secret: &'a str,
    pub bot: &'a str,
    pub body: &'a str,
    pub timestamp: String,
    pub content_type: &'a str,
}

impl Default for Raw<'_> {
    fn default() -> Self {
        Raw {
            key: KEY,
            secret: SECRET,
            bot: BOT,
            body: r#"{"user":{"id":"u1","name":"Ada"},"message":{"content":"hi"}}"#,
            timestamp: peki::clock::unix_now().to_string(),
            content_type: "application/json",
        }
    }
}

/// A response as raw parts.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: serde_json::Value,
}

impl RawAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Raw<'_> {
    pub fn path(&self) -> String {
        format!("/api/Dev/{}/message", self.bot)
    }

    pub fn signature(&self) -> String {
        let path = self.path();
        sign(
            self.secret,
            &SignedParts {
                method: "POST",
                path: &path,
                body: self.body.as_bytes(),
                timestamp: &self.timestamp,
            },
        )
    }

    /// Sends it with ureq to `sandbox`.
    pub fn send(&self, sandbox: &Sandbox) -> RawAnswer {
        self.send_to(sandbox.addr())
    }

    /// Sends it with ureq to the server at `addr` (plain http).
    pub fn send_to(&self, addr: SocketAddr) -> RawAnswer {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            // A server that stopped answering fails the test instead of hanging it.
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let url = format!("http://{addr}{}", self.path());
        let mut response = agent
            .post(&url)
            .header("Content-Type", self.content_type)
            .header("X-API-Key", self.key)
            .header("X-Timestamp", &self.timestamp)
            .header("X-Signature", &self.signature())
            .send(self.body.as_bytes())
            .expect("the sandbox answers");
        answer(&mut response)
    }
}

pub fn answer(response: &mut ureq::http::Response<ureq::Body>) -> RawAnswer {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let text = response.body_mut().read_to_string().unwrap();
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    RawAnswer {
        status,
        headers,
        body,
    }
}

/// Writes `request` on a fresh connection and reads until the server closes or `answers`
/// complete HTTP responses (with Content-Length) have arrived.
pub fn raw_exchange(addr: SocketAddr, request: &[u8], answers: usize) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 8192];
    while count_complete_responses(&received) < answers {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&received).into_owned()
}

fn count_complete_responses(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let mut count = 0;
    let mut rest: &str = &text;
    while let Some(head_end) = rest.find("\r\n\r\n") {
        let head = &rest[..head_end];
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .unwrap_or(0);
        let end = head_end + 4 + length;
        if rest.len() < end {
            break;
        }
        count += 1;
        rest = &rest[end..];
    }
    count
}

/// One canned HTTP answer of the fake API.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Canned {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A request as the fake API received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A fake API on loopback that answers with canned responses in order (the last one
/// repeats) and records every request. A hyper server on a thread of its own; dropping it
/// stops the server.
///
/// A fake that no request reached, in a test that never asked how many did, fails the test
/// when dropped: the test would pass without exercising what it meant to.
pub struct FakeApi {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    consulted: std::sync::atomic::AtomicBool,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeApi {
    pub fn start(canned: Canned) -> Self {
        FakeApi::sequence(vec![canned])
    }

    pub fn sequence(answers: Vec<Canned>) -> Self {
        assert!(!answers.is_empty());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let listener = {
            let _entered = runtime.enter();
            let std_listener = TcpListener::bind("127.0.0.1:0").unwrap();
            std_listener.set_nonblocking(true).unwrap();
            tokio::net::TcpListener::from_std(std_listener).unwrap()
        };
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let (log, answers) = (received.clone(), Arc::new(answers));
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                loop {
                    let stream = tokio::select! {
                        _ = &mut stopped => return,
                        accepted = listener.accept() => match accepted {
                            Ok((stream, _)) => stream,
                            Err(_) => continue,
                        },
                    };
                    let (log, answers) = (log.clone(), answers.clone());
                    let service = hyper::service::service_fn(move |request| {
                        fake_answer(request, log.clone(), answers.clone())
                    });
                    tokio::spawn(async move {
                        let io = hyper_util::rt::TokioIo::new(stream);
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(io, service)
                            .await;
                    });
                }
            });
        });
        FakeApi {
            addr,
            received,
            consulted: std::sync::atomic::AtomicBool::new(false),
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    pub fn hits(&self) -> usize {
        self.consulted
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.received.lock().unwrap().len()
    }

    pub fn requests(&self) -> Vec<Received> {
        self.consulted
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.received.lock().unwrap().clone()
    }

    /// `peki send --bot support EXTRA… hi` against this fake API with the test credentials.
    pub fn send(&self, home: &Path, extra: &[&str]) -> Run {
        let mut cmd = self.command(home);
        cmd.args(["send", "--bot", BOT]).args(extra).arg("hi");
        run(cmd)
    }

    /// A hermetic `peki` with this fake API's URL and the test credentials.
    pub fn command(&self, home: &Path) -> Command {
        let mut cmd = hermetic(home);
        cmd.env("PEKI_BASE_URL", self.base_url())
            .env("PEKI_API_KEY", KEY)
            .env("PEKI_API_SECRET", SECRET);
        cmd
    }
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        let unused = self.received.lock().map(|r| r.is_empty()).unwrap_or(false);
        let consulted = self.consulted.load(std::sync::atomic::Ordering::Relaxed);
        if unused && !consulted && !std::thread::panicking() {
            panic!(
                "the fake API at {} was never called and the test never checked hits(): \
                 it cannot have tested what it meant to",
                self.addr
            );
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Records `request` and answers the canned response of its turn.
async fn fake_answer(
    request: hyper::Request<hyper::body::Incoming>,
    log: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Vec<Canned>>,
) -> Result<hyper::Response<http_body_util::Full<bytes::Bytes>>, std::convert::Infallible> {
    use http_body_util::BodyExt;
    let headers = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = match request.into_body().collect().await {
        Ok(collected) => String::from_utf8_lossy(&collected.to_bytes()).into_owned(),
        Err(_) => String::new(),
    };
    let index = {
        let mut log = log.lock().unwrap();
        log.push(Received { headers, body });
        (log.len() - 1).min(answers.len() - 1)
    };
    let canned = &answers[index];
    let mut response = hyper::Response::new(http_body_util::Full::new(bytes::Bytes::from(
        canned.body.clone(),
    )));
    *response.status_mut() = hyper::StatusCode::from_u16(canned.status).unwrap();
    for (name, value) in &canned.headers {
        response.headers_mut().append(
            hyper::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            hyper::header::HeaderValue::from_str(value).unwrap(),
        );
    }
    Ok(response)
}

/// `peki serve` as a child process on an OS-chosen port, killed when dropped.
pub struct Serve {
    child: std::process::Child,
    stderr: std::io::BufReader<std::process::ChildStderr>,
    /// The base URL from the banner's first line.
    pub url: String,
    /// The whole start-up banner (it is written in one piece).
    pub banner: String,
}

impl Serve {
    /// Starts `peki serve --addr 127.0.0.1:0 ARGS…` and reads its banner: the server is
    /// bound before it prints, so no waiting is needed.
    pub fn start(home: &Path, args: &[&str]) -> Serve {
        let mut cmd = hermetic(home);
        cmd.args(["serve", "--addr", "127.0.0.1:0"]).args(args);
        Serve::spawn(cmd)
    }

    /// `start` with the descriptor limit lowered to `fd_limit` (`ulimit -n`) first.
    pub fn start_with_fd_limit(home: &Path, fd_limit: u32, args: &[&str]) -> Serve {
        let mut cmd = Command::new("sh");
        isolate(&mut cmd, home);
        cmd.env("PEKI", env!("CARGO_BIN_EXE_peki"))
            .arg("-c")
            .arg(format!(
                "ulimit -n {fd_limit} && exec \"$PEKI\" serve --addr 127.0.0.1:0 \"$@\""
            ))
            .arg("sh")
            .args(args);
        Serve::spawn(cmd)
    }

    fn spawn(mut cmd: Command) -> Serve {
        use std::io::BufRead;
        cmd.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let url = first
            .trim()
            .strip_prefix("peki sandbox listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
            .to_string();
        let banner = format!("{first}{}", String::from_utf8_lossy(stderr.buffer()));
        stderr.consume(stderr.buffer().len());
        Serve {
            child,
            stderr,
            url,
            banner,
        }
    }

    /// `host:port` of the server.
    pub fn addr(&self) -> SocketAddr {
        let rest = self.url.split_once("://").unwrap().1;
        rest.split_once('/').unwrap().0.parse().unwrap()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's peak resident memory so far, in KiB (`VmHWM`, Linux only).
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Sends SIGTERM and waits: the exit code and what was logged after the banner.
    pub fn terminate(mut self) -> (Option<i32>, String) {
        let killed = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = self.child.wait().unwrap();
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut self.stderr, &mut rest).unwrap();
        (status.code(), rest)
    }

    /// Stops the server and returns what it logged after the banner.
    pub fn finish(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut self.stderr, &mut rest).unwrap();
        rest
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A listener that accepts connections and never answers: for timeouts.
pub fn silent_server() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}
