//! `peki serve` as CI runs it: a script, a journal, `--print-addr`/`--ready-file`, SIGTERM
//! and SIGKILL, a full disk, `--check-script`, and the vendor's JavaScript example as the
//! client.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Raw, Serve, hermetic, run};

const EXAMPLE_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sandbox-script.toml");

/// A signed request with the demo credentials (what `peki serve` accepts by default).
fn demo(body: &str) -> Raw<'_> {
    Raw {
        key: "pk_sandbox",
        secret: "sk_sandbox",
        bot: "sandbox",
        body,
        ..Raw::default()
    }
}

fn message(content: &str) -> String {
    format!(r#"{{"user":{{"id":"u1","name":"Ada"}},"message":{{"content":"{content}"}}}}"#)
}

/// `GET /__peki/health` of the server at `addr`.
fn health(addr: std::net::SocketAddr) -> serde_json::Value {
    let mut response = ureq::get(format!("http://{addr}/__peki/health"))
        .call()
        .unwrap();
    common::answer(&mut response).body
}

/// Polls health until a request is being answered (bounded; not a fixed sleep).
fn wait_for_in_flight(addr: std::net::SocketAddr) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while health(addr)["in_flight"].as_u64() == Some(0) {
        assert!(Instant::now() < deadline, "the request never arrived");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn write_script(dir: &Path, text: &str) -> String {
    let path = dir.join("script.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn print_addr_puts_the_base_url_first_on_stdout_and_ready_file_holds_it_too() {
    let home = tempfile::tempdir().unwrap();
    let ready = home.path().join("run/ready");
    std::fs::create_dir_all(ready.parent().unwrap()).unwrap();
    let mut cmd = hermetic(home.path());
    cmd.args([
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--print-addr",
        "--ready-file",
    ])
    .arg(&ready)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = KillOnDrop(cmd.spawn().unwrap());
    let mut first = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first.trim().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/api"),
        "{url:?}"
    );
    assert_eq!(std::fs::read_to_string(&ready).unwrap(), format!("{url}\n"));
    let addr = url["http://".len()..url.len() - "/api".len()]
        .parse()
        .unwrap();
    assert_eq!(demo(&message("hi")).send_to(addr).status, 200);
}

/// A child process killed when the test ends, failed assertions included.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn sigterm_lets_a_delayed_request_finish_then_exits_0() {
    let home = tempfile::tempdir().unwrap();
    let script = write_script(
        home.path(),
        "[[rule]]\nreply = \"slow but sure\"\ndelay_ms = 1500\n",
    );
    let server = Serve::start(home.path(), &["--script", &script]);
    let addr = server.addr();
    let body = message("hi");
    let client = std::thread::spawn(move || demo(&body).send_to(addr));
    wait_for_in_flight(addr);
    let (code, log) = server.terminate();
    let answer = client.join().unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["data"], "slow but sure");
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("peki sandbox stopped"), "{log}");
    // The port is closed: nothing listens any more.
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn a_second_sigterm_cuts_a_long_delay_short() {
    let home = tempfile::tempdir().unwrap();
    let script = write_script(
        home.path(),
        "[[rule]]\nreply = \"never\"\ndelay_ms = 600000\n",
    );
    let server = Serve::start(home.path(), &["--script", &script]);
    let addr = server.addr();
    let body = message("hi");
    let client = std::thread::spawn(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        let raw = demo(&body);
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-API-Key: pk_sandbox\r\n\
             X-Timestamp: {}\r\nX-Signature: {}\r\nContent-Length: {}\r\n\r\n{}",
            raw.path(),
            raw.timestamp,
            raw.signature(),
            raw.body.len(),
            raw.body
        );
        std::io::Write::write_all(&mut stream, request.as_bytes()).unwrap();
        let mut rest = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stream, &mut rest);
        rest
    });
    wait_for_in_flight(addr);
    let pid = server.pid().to_string();
    let started = Instant::now();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    // Let the first signal be taken (the listener closes), then send the second.
    while std::net::TcpStream::connect(addr).is_ok() {
        assert!(started.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(10));
    }
    let (code, log) = server.terminate();
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("were cut"), "{log}");
    assert!(
        client.join().unwrap().is_empty(),
        "no answer for a cut request"
    );
}

#[test]
fn the_journal_keeps_every_answered_request_when_the_server_is_killed() {
    let home = tempfile::tempdir().unwrap();
    let journal = home.path().join("journal.jsonl");
    let script = write_script(
        home.path(),
        "[[rule]]\ncontains = \"refund\"\nreply = \"5 days\"\n",
    );
    let server = Serve::start(
        home.path(),
        &[
            "--script",
            &script,
            "--journal",
            journal.to_str().unwrap(),
            "-q",
        ],
    );
    let addr = server.addr();
    for content in ["one", "a refund", "three"] {
        assert_eq!(demo(&message(content)).send_to(addr).status, 200);
    }
    let bad = message("bad");
    let wrong = Raw {
        secret: common::SECRET,
        ..demo(&bad)
    };
    assert_eq!(wrong.send_to(addr).status, 401);
    // SIGKILL: no chance to flush anything.
    server.finish();
    let text = std::fs::read_to_string(&journal).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[1]["rule"], "rule 1");
    assert_eq!(lines[1]["reply"], "5 days");
    assert_eq!(lines[1]["body"]["message"]["content"], "a refund");
    assert_eq!(lines[3]["verdict"], "signature mismatch");
    assert!(
        !text.contains(common::SECRET) && !text.contains("sk_sandbox"),
        "{text}"
    );
    assert!(!text.contains(&wrong.signature()));
}

#[test]
fn a_journal_on_a_full_disk_is_reported_and_the_exit_code_says_so() {
    let home = tempfile::tempdir().unwrap();
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full here");
        return;
    }
    let server = Serve::start(home.path(), &["--journal", "/dev/full"]);
    assert_eq!(demo(&message("hi")).send_to(server.addr()).status, 200);
    assert_eq!(demo(&message("again")).send_to(server.addr()).status, 200);
    let (code, log) = server.terminate();
    assert!(log.contains("cannot write the journal /dev/full"), "{log}");
    assert_eq!(log.matches("cannot write the journal").count(), 1, "{log}");
    assert_eq!(code, Some(1), "{log}");
    assert!(
        log.contains("2 journal line(s) could not be written"),
        "{log}"
    );
}

#[test]
fn check_script_accepts_the_example_and_points_at_mistakes() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = hermetic(home.path());
    cmd.args(["serve", "--check-script", EXAMPLE_SCRIPT]);
    let out = run(cmd);
    out.code(0).stdout_is(&format!(
        "{EXAMPLE_SCRIPT}: 6 rule(s), valid: 'refund question', 'onboarding conversation', \
         'outage, twice', 'a field error', 'an attachment', 'hang up'\n"
    ));
    let bad = write_script(
        home.path(),
        "[[rule]]\ncontains = \"x\"\n\n[[rule]]\nreply = \"{who}\"\n",
    );
    let mut cmd = hermetic(home.path());
    cmd.args(["serve", "--check-script", &bad]);
    run(cmd)
        .code(2)
        .stderr_has(&format!("{bad}:1:1: rule 1: no action"));
    // The same check at start, before listening.
    let mut cmd = hermetic(home.path());
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--script", &bad]);
    run(cmd).code(2).stderr_has("no action");
    let mut cmd = hermetic(home.path());
    cmd.args(["serve", "--check-script", "/nonexistent.toml"]);
    run(cmd)
        .code(2)
        .stderr_has("cannot read the script /nonexistent.toml");
}

#[test]
fn the_vendors_javascript_example_gets_a_scripted_reply_over_a_chunked_body() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipped: node is not installed");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let script = write_script(
        home.path(),
        "[[rule]]\ncontains = \"crypto\"\nreply = \"Scripted for {user.name}: {content}\"\n",
    );
    let server = Serve::start(
        home.path(),
        &[
            "--script",
            &script,
            "--journal",
            home.path().join("j.jsonl").to_str().unwrap(),
        ],
    );
    // The vendor's example, with only the host, port, scheme and credentials changed.
    let example = format!(
        r#"const crypto = require("crypto");
const http = require("http");
const apiKey = "pk_sandbox";
const apiSecret = "sk_sandbox";
const chatbotId = "sandbox";
const requestBody = JSON.stringify({{
  user: {{ id: "user_123", name: "John Doe" }},
  message: {{ content: "What are the latest crypto trends?" }},
}});
const timestamp = Math.floor(Date.now() / 1000);
const path = `/api/Dev/${{chatbotId}}/message`;
const payload = `POST\n${{path}}\n${{requestBody}}\n${{timestamp}}`;
const signature = crypto.createHmac("sha256", apiSecret).update(payload).digest("base64");
const options = {{
  hostname: "127.0.0.1",
  port: {port},
  path: path,
  method: "POST",
  headers: {{
    "Content-Type": "application/json",
    "X-API-Key": apiKey,
    "X-Signature": signature,
    "X-Timestamp": timestamp.toString(),
  }},
}};
const req = http.request(options, (res) => {{
  let data = "";
  res.on("data", (chunk) => (data += chunk));
  res.on("end", () => {{
    const response = JSON.parse(data);
    console.log("AI Response:", response.data);
  }});
}});
req.on("error", (error) => {{
  console.error("Error:", error);
}});
req.write(requestBody);
req.end();
"#,
        port = server.addr().port()
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(&example)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "AI Response: Scripted for John Doe: What are the latest crypto trends?\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(server);
    let journal = std::fs::read_to_string(home.path().join("j.jsonl")).unwrap();
    assert!(journal.contains("\"rule\":\"rule 1\""), "{journal}");
}

#[test]
fn the_example_workflow_uses_only_flags_peki_serve_has() {
    let workflow = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/github-actions-sandbox.yml"
    ))
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = hermetic(home.path());
    cmd.args(["serve", "--help"]);
    let help = run(cmd).code(0).stdout.clone();
    let serve_lines: String = workflow
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("peki serve"))
        .take_while(|l| !l.contains('&'))
        .chain(workflow.lines().filter(|l| l.contains("2> ")))
        .collect::<Vec<_>>()
        .join(" ");
    let flags: Vec<&str> = serve_lines
        .split_whitespace()
        .filter(|w| w.starts_with("--") || (w.starts_with('-') && w.len() == 2))
        .collect();
    assert!(flags.len() >= 6, "{flags:?}");
    for flag in flags {
        assert!(help.contains(flag), "peki serve has no {flag}");
    }
}
