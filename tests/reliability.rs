//! Faults and how `peki send` rides them out, end to end: retries, rate limits, clock skew,
//! timeouts, TLS roots, proxies, and the sandbox's own fault injection. The exact waits and
//! their arithmetic are unit-tested on a fake clock (`client::attempts`); here retries run
//! with `--retry-delay 0` and the only real waits are short timeouts.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::net::{ConnectProxy, Pki, hang_up_server, trickle_server};
use common::{BOT, Canned, FakeApi, KEY, Run, SECRET, Serve, Test, hermetic, run};
use peki::sandbox::{Faults, SandboxOptions};

const OK: &str = r#"{"data":"fine","error":null}"#;

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn attempts(out: &Run) -> u64 {
    out.json()["attempts"].as_u64().unwrap()
}

/// `peki send --json --retry-delay 0` to `base_url` with the test credentials and `extra`
/// flags.
fn send_to(base_url: &str, extra: &[&str]) -> (Run, Duration) {
    let home = home();
    let mut cmd = hermetic(home.path());
    cmd.env("PEKI_BASE_URL", base_url)
        .env("PEKI_API_KEY", KEY)
        .env("PEKI_API_SECRET", SECRET)
        .args(["send", "-b", BOT, "--json", "--retry-delay", "0"])
        .args(extra)
        .arg("hi");
    let started = Instant::now();
    let out = run(cmd);
    (out, started.elapsed())
}

#[test]
fn transient_statuses_are_retried_until_success() {
    let api = FakeApi::sequence(vec![
        Canned::new(503, ""),
        Canned::new(502, "<html>bad gateway</html>"),
        Canned::new(200, OK),
    ]);
    let (out, elapsed) = send_to(&api.base_url(), &["--retries", "3"]);
    assert_eq!(out.code(0).json()["reply"], "fine");
    assert_eq!(attempts(&out), 3);
    assert_eq!(api.hits(), 3);
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[test]
fn retries_stop_at_the_limit_with_the_last_status() {
    let api = FakeApi::start(Canned::new(500, r#"{"title":"boom","status":500}"#));
    let (out, _) = send_to(&api.base_url(), &["--retries", "2"]);
    out.code(7)
        .stderr_has("HTTP 500 Internal Server Error: boom");
    assert_eq!(attempts(&out), 3);
    assert_eq!(api.hits(), 3);
}

#[test]
fn client_errors_are_never_retried() {
    for (status, code) in [(400, 2), (401, 4), (403, 4), (404, 5)] {
        let api = FakeApi::start(Canned::new(status, r#"{"title":"no"}"#));
        let (out, _) = send_to(&api.base_url(), &["--retries", "3"]);
        out.code(code);
        assert_eq!(attempts(&out), 1, "{status}");
        assert_eq!(api.hits(), 1, "{status}");
    }
}

#[test]
fn verbose_logs_each_retry_with_reason_and_wait() {
    let api = FakeApi::sequence(vec![Canned::new(503, ""), Canned::new(200, OK)]);
    let (out, _) = send_to(&api.base_url(), &["-v", "--retries", "1"]);
    out.code(0)
        .stderr_has("(attempt 1)")
        .stderr_has("peki: HTTP 503 Service Unavailable; retry 1/1 in ")
        .stderr_has("(attempt 2)");
}

#[test]
fn a_429_that_says_when_is_retried_and_each_attempt_is_signed_for_itself() {
    let api = FakeApi::sequence(vec![
        Canned::new(429, r#"{"title":"Too Many Requests","status":429}"#)
            .header("Retry-After", "0"),
        Canned::new(200, OK),
    ]);
    let (out, _) = send_to(&api.base_url(), &[]);
    out.code(0);
    assert_eq!(attempts(&out), 2);
    for request in api.requests() {
        let timestamp = request.header("x-timestamp").unwrap();
        let expected = peki::sign::sign(
            SECRET,
            &peki::sign::SignedParts {
                method: "POST",
                path: "/api/Dev/support/message",
                body: request.body.as_bytes(),
                timestamp,
            },
        );
        assert_eq!(request.header("x-signature"), Some(expected.as_str()));
    }
}

#[test]
fn a_429_whose_reset_is_hours_away_fails_at_once_saying_when() {
    let t = Test::with_options(1, common::far_from_midnight());
    common::run(t.send(&["first"])).code(0);
    let started = Instant::now();
    let out = common::run(t.send(&["--json", "second"]));
    out.code(6);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(attempts(&out), 1);
    out.stderr_has("error: HTTP 429 Too Many Requests");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("not waiting: the limit resets at ")
            && message.contains(" UTC (in ")
            && message.contains("beyond --max-wait 60s"),
        "{message}"
    );
}

#[test]
fn max_wait_zero_never_waits() {
    let api = FakeApi::sequence(vec![
        Canned::new(429, "").header("Retry-After", "5"),
        Canned::new(200, OK),
    ]);
    let (out, _) = send_to(&api.base_url(), &["--max-wait", "0"]);
    out.code(6).stderr_has("beyond --max-wait 0s");
    assert_eq!(api.hits(), 1);
}

#[test]
fn clock_skew_is_measured_from_date_and_corrected_once() {
    // The sandbox's clock runs 10 minutes ahead: our timestamps look 600 s old to it.
    let t = Test::with_options(
        100,
        SandboxOptions {
            clock_offset: 600,
            ..SandboxOptions::default()
        },
    );
    let out = common::run(t.send(&["--json", "hi"]));
    out.code(0);
    assert_eq!(attempts(&out), 2);
    // Whole seconds on two clocks: a second may tick between them.
    let warned = ["9m 59s", "10m 0s", "10m 1s"].iter().any(|d| {
        out.stderr.contains(&format!(
            "warning: this machine's clock is {d} behind the server's"
        ))
    });
    let corrected = ["+599s", "+600s", "+601s"]
        .iter()
        .any(|d| out.stderr.contains(&format!("corrected by {d}")));
    assert!(warned && corrected, "{}", out.stderr);
}

#[test]
fn a_refusal_that_survives_the_clock_correction_names_the_skew() {
    let t = Test::with_options(
        100,
        SandboxOptions {
            clock_offset: -900,
            ..SandboxOptions::default()
        },
    );
    let mut cmd = t.peki();
    cmd.env("PEKI_API_SECRET", "sk_wrong_secret_value")
        .args(["send", "-b", BOT, "--json", "hi"]);
    let out = common::run(cmd);
    out.code(4);
    assert_eq!(attempts(&out), 2);
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    let named = ["14m 59s", "15m 0s", "15m 1s"].iter().any(|d| {
        message.contains(&format!(
            "this machine's clock is {d} ahead of the server's"
        ))
    });
    assert!(named, "{message}");
}

#[test]
fn a_server_that_never_answers_ends_in_exit_8_within_the_timeout() {
    let addr = trickle_server(b"", b"", Duration::from_millis(100));
    let (out, elapsed) = send_to(&format!("http://{addr}/api"), &["--timeout", "0.5"]);
    out.code(8).stderr_has("timed out after 0.5s");
    assert_eq!(out.json()["error"]["kind"], "timeout");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn a_server_that_trickles_one_byte_at_a_time_ends_in_exit_8_within_the_timeout() {
    // The status line and headers at once, then the body a byte at a time.
    let addr = trickle_server(
        b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n",
        b"{\"data\":\"slow\",\"error\":null}           ",
        Duration::from_millis(200),
    );
    let (out, elapsed) = send_to(&format!("http://{addr}/api"), &["--timeout", "0.7"]);
    out.code(8).stderr_has("timed out after 0.7s");
    assert_eq!(out.json()["error"]["kind"], "timeout");
    assert_eq!(attempts(&out), 1, "the budget is spent: no retry");
    assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
}

#[test]
fn a_body_cut_off_after_the_status_is_not_retried() {
    // 200 with Content-Length 100, then 11 bytes and a hang-up: the message was delivered,
    // so a retry would send it twice.
    let addr = trickle_server(
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"data\":\"x",
        b"",
        Duration::ZERO,
    );
    let (out, _) = send_to(
        &format!("http://{addr}/api"),
        &["--retries", "3", "--timeout", "3"],
    );
    out.code(7)
        .stderr_has("HTTP 200 but the response body was cut off");
    assert_eq!(attempts(&out), 1);
    assert_eq!(out.json()["status"], 200);
}

#[test]
fn a_connection_closed_before_any_answer_is_retried_then_exit_8() {
    let addr = hang_up_server();
    let (out, _) = send_to(&format!("http://{addr}/api"), &["--retries", "2"]);
    out.code(8)
        .stderr_has("closed the connection without an answer");
    assert_eq!(attempts(&out), 3);
}

#[test]
fn bodies_past_the_cap_are_refused_with_a_clear_error() {
    let huge = vec![b'x'; 65 * 1024 * 1024];
    let api = FakeApi::start(Canned::new(200, huge));
    let (out, elapsed) = send_to(&api.base_url(), &[]);
    out.code(7).stderr_has("larger than 64 MiB");
    assert_eq!(attempts(&out), 1);
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
}

fn tls_sandbox(dir: &std::path::Path) -> (Test, Pki) {
    let pki = Pki::create(dir);
    let t = Test::with_options(
        100,
        SandboxOptions {
            tls: Some(pki.tls_files()),
            ..SandboxOptions::default()
        },
    );
    (t, pki)
}

/// A CA bundle and the system store do not combine: over HTTPS with a CA of the test's
/// own (which the system store lacks), the one that wins shows. Both in the profile is the
/// file's error (exit 3, with its line); a flag or variable for one wins over the
/// profile's other.
#[test]
fn a_ca_bundle_and_the_system_store_settle_by_where_they_were_given() {
    let dir = home();
    let (t, pki) = tls_sandbox(dir.path());
    let ca = pki.ca_pem.to_str().unwrap();
    t.write_config(&format!(
        "[profiles.default]\nca_cert = {ca:?}\nnative_roots = true\n"
    ));
    common::run(t.send(&["hi"]))
        .code(3)
        .stderr_has("config.toml:3:")
        .stderr_has("ca_cert and native_roots cannot be combined in profile 'default'");
    // A curl command would have to choose too: refused the same way.
    let mut cmd = t.peki();
    cmd.args(["sign", "--bot", BOT, "--body", "{}", "--curl"]);
    common::run(cmd).code(3).stderr_has("cannot be combined");
    // --sandbox uses neither: the profile's conflict does not stop it.
    let mut cmd = t.bare();
    cmd.args(["send", "--sandbox", "hi"]);
    common::run(cmd).code(0).stdout_is("Echo: hi\n");
    // The bundle given as a flag or a variable wins: the test CA is trusted.
    common::run(t.send(&["--ca-cert", ca, "hi"]))
        .code(0)
        .stdout_is("Echo: hi\n");
    let mut cmd = t.send(&["hi"]);
    cmd.env("PEKI_CA_CERT", ca);
    common::run(cmd).code(0).stdout_is("Echo: hi\n");
    // The curl command carries the bundle that wins; config check says which one is unused.
    let mut cmd = t.peki();
    cmd.args([
        "sign",
        "--bot",
        BOT,
        "--body",
        "{}",
        "--curl",
        "--ca-cert",
        ca,
    ]);
    let out = common::run(cmd);
    out.code(0);
    assert!(out.stdout.contains("--cacert"), "{}", out.stdout);
    let mut cmd = t.peki();
    cmd.args(["config", "check", "--bot", BOT, "--ca-cert", ca]);
    let out = common::run(cmd);
    out.code(0);
    assert!(
        out.stdout.contains(
            "note: native_roots (profile 'default') is not used: ca_cert (flag --ca-cert) wins"
        ),
        "{}",
        out.stdout
    );
    // --native-roots wins over the profile's bundle: the system store, which lacks the
    // test CA unless SSL_CERT_FILE names it.
    t.write_config(&format!("[profiles.default]\nca_cert = {ca:?}\n"));
    let mut cmd = t.send(&["--native-roots", "hi"]);
    cmd.env("SSL_CERT_FILE", "/nonexistent/roots.pem");
    common::run(cmd).code(8).stderr_has("certificate");
    let mut cmd = t.send(&["--native-roots", "hi"]);
    cmd.env("SSL_CERT_FILE", &pki.ca_pem);
    common::run(cmd).code(0).stdout_is("Echo: hi\n");
    // Both as flags: a usage error that names the flags.
    common::run(t.send(&["--ca-cert", ca, "--native-roots", "hi"]))
        .code(2)
        .stderr_has("--ca-cert and --native-roots cannot be combined: drop --native-roots");
}

#[test]
fn https_with_an_added_ca_works_and_without_it_fails_with_certificate() {
    let dir = home();
    let (t, pki) = tls_sandbox(dir.path());
    assert!(t.sandbox.base_url().starts_with("https://127.0.0.1:"));
    let ca = pki.ca_pem.to_str().unwrap();
    common::run(t.send(&["--ca-cert", ca, "hi"]))
        .code(0)
        .stdout_is("Echo: hi\n");
    let mut cmd = t.send(&["hi"]);
    cmd.env("PEKI_CA_CERT", ca);
    common::run(cmd).code(0);
    let out = common::run(t.send(&["--json", "hi"]));
    out.code(8).stderr_has("certificate");
    assert_eq!(out.json()["error"]["kind"], "tls");
    assert_eq!(attempts(&out), 1, "certificate errors are not retried");
}

#[test]
fn ca_cert_from_the_config_profile_and_native_roots_from_the_system_store() {
    let dir = home();
    let (t, pki) = tls_sandbox(dir.path());
    t.write_config(&format!(
        "[profiles.default]\nca_cert = \"{}\"\n",
        pki.ca_pem.display()
    ));
    common::run(t.send(&["hi"])).code(0);
    // The platform verifier reads SSL_CERT_FILE on Linux.
    let bare = Test::new();
    let mut cmd = bare.peki();
    cmd.env("PEKI_BASE_URL", t.sandbox.base_url())
        .env("SSL_CERT_FILE", &pki.ca_pem)
        .args(["send", "-b", BOT, "--native-roots", "hi"]);
    common::run(cmd).code(0).stdout_is("Echo: hi\n");
}

#[test]
fn unusable_ca_files_are_usage_errors() {
    let dir = home();
    let (t, pki) = tls_sandbox(dir.path());
    common::run(t.send(&["--ca-cert", "/nonexistent/ca.pem", "hi"]))
        .code(2)
        .stderr_has("cannot use /nonexistent/ca.pem as a CA bundle");
    common::run(t.send(&["--ca-cert", pki.key_pem.to_str().unwrap(), "hi"]))
        .code(2)
        .stderr_has("holds no PEM certificate");
    let ca = pki.ca_pem.to_str().unwrap();
    common::run(t.send(&["--ca-cert", ca, "--native-roots", "hi"]))
        .code(2)
        .stderr_has("cannot be combined");
}

#[test]
fn peki_serve_serves_https_from_cert_and_key_files() {
    let dir = home();
    let pki = Pki::create(dir.path());
    let server = Serve::start(
        dir.path(),
        &[
            "--tls-cert",
            pki.cert_pem.to_str().unwrap(),
            "--tls-key",
            pki.key_pem.to_str().unwrap(),
        ],
    );
    assert!(server.url.starts_with("https://"), "{}", server.url);
    let mut send = hermetic(dir.path());
    send.env("PEKI_BASE_URL", &server.url)
        .env("PEKI_API_KEY", "pk_sandbox")
        .env("PEKI_API_SECRET", "sk_sandbox")
        .args(["send", "-b", "sandbox", "--ca-cert"])
        .arg(&pki.ca_pem)
        .arg("over tls");
    common::run(send).code(0).stdout_is("Echo: over tls\n");
    // A certificate with no key is refused at start, as bad input.
    let mut cmd = hermetic(dir.path());
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--tls-cert"])
        .arg(&pki.ca_pem)
        .arg("--tls-key")
        .arg(&pki.ca_pem);
    common::run(cmd).code(2).stderr_has("cannot serve HTTPS");
}

#[test]
fn an_explicit_proxy_tunnels_with_connect_and_sends_credentials() {
    let t = Test::new();
    let proxy = ConnectProxy::start(HashMap::new());
    let with_auth = format!("http://user:p%40ss@{}", proxy.addr);
    let out = common::run(t.send(&["-v", "--proxy", &with_auth, "hi"]));
    out.code(0)
        .stdout_is("Echo: hi\n")
        .stderr_has(&format!("* via proxy http://user:***@{}", proxy.addr));
    assert!(!out.stderr.contains("p%40ss"), "{}", out.stderr);
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let port = t.sandbox.addr().port();
    assert!(
        seen[0].starts_with(&format!("CONNECT 127.0.0.1:{port} HTTP/1.1")),
        "{seen:?}"
    );
    // "user:p@ss", base64
    assert!(seen[0].ends_with("Basic dXNlcjpwQHNz"), "{seen:?}");
}

#[test]
fn https_proxy_from_the_environment_carries_tls_to_a_named_host() {
    let dir = home();
    let (t, pki) = tls_sandbox(dir.path());
    // The proxy resolves api.peki.test itself (to the sandbox): no DNS on this side.
    let proxy = ConnectProxy::start(HashMap::from([(
        "api.peki.test:443".to_string(),
        t.sandbox.addr(),
    )]));
    let mut cmd = t.peki();
    cmd.env("PEKI_BASE_URL", "https://api.peki.test/api")
        .env("https_proxy", proxy.url())
        .env("NO_PROXY", "localhost, 127.0.0.1")
        .args(["send", "-b", BOT, "--ca-cert"])
        .arg(&pki.ca_pem)
        .arg("hi");
    common::run(cmd).code(0).stdout_is("Echo: hi\n");
    assert_eq!(proxy.seen(), ["CONNECT api.peki.test:443 HTTP/1.1"]);
}

#[test]
fn a_proxy_asking_for_credentials_is_not_retried_and_named() {
    let t = Test::new();
    let proxy = ConnectProxy::refusing("407 Proxy Authentication Required");
    let out = common::run(t.send(&["--json", "--proxy", &proxy.url(), "hi"]));
    out.code(8).stderr_has(&format!(
        "the proxy {} requires authentication (407)",
        proxy.url()
    ));
    assert_eq!(out.json()["error"]["kind"], "proxy");
    assert_eq!(attempts(&out), 1);
    let forbidding = ConnectProxy::refusing("403 Forbidden");
    let out = common::run(t.send(&["--json", "--proxy", &forbidding.url(), "hi"]));
    out.code(8).stderr_has("refused the tunnel");
    assert_eq!(
        attempts(&out),
        1,
        "a proxy's policy does not change on retry"
    );
}

#[test]
fn a_proxy_that_refuses_connections_is_named_in_the_error() {
    let t = Test::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let proxy = format!("http://u:topsecret@{closed}");
    let out = common::run(t.send(&["--retries", "0", "--proxy", &proxy, "hi"]));
    out.code(8).stderr_has(&format!(
        "cannot connect to the proxy http://u:***@{closed}: connection refused"
    ));
    assert!(!out.stderr.contains("topsecret"));
}

#[test]
fn socks_proxies_are_refused_with_a_usage_error() {
    let t = Test::new();
    common::run(t.send(&["--proxy", "socks5://127.0.0.1:1", "hi"]))
        .code(2)
        .stderr_has("invalid proxy URL 'socks5://127.0.0.1:1': peki speaks to http:// and https:// proxies only");
    let mut cmd = t.peki();
    cmd.env("PEKI_BASE_URL", "https://api.peki.test/api")
        .env("ALL_PROXY", "socks5h://127.0.0.1:1")
        .args(["send", "-b", BOT, "hi"]);
    common::run(cmd)
        .code(2)
        .stderr_has("http:// and https:// proxies only");
}

#[test]
fn environment_proxies_skip_loopback_targets() {
    let t = Test::new();
    let proxy = ConnectProxy::start(HashMap::new());
    let mut cmd = t.send(&["hi"]);
    cmd.env("HTTP_PROXY", proxy.url())
        .env("ALL_PROXY", proxy.url());
    common::run(cmd).code(0);
    assert!(proxy.seen().is_empty());
}

#[test]
fn sandbox_fault_injection_fails_drops_and_delays() {
    let failing = Test::with_options(
        100,
        SandboxOptions {
            faults: Faults {
                fail_rate: 1.0,
                ..Faults::default()
            },
            ..SandboxOptions::default()
        },
    );
    let out = common::run(failing.send(&["--json", "--retries", "1", "--retry-delay", "0", "hi"]));
    out.code(7).stderr_has("injected failure");
    assert_eq!(attempts(&out), 2);

    let dropping = Test::with_options(
        100,
        SandboxOptions {
            faults: Faults {
                drop_rate: 1.0,
                ..Faults::default()
            },
            ..SandboxOptions::default()
        },
    );
    let out = common::run(dropping.send(&["--json", "--retries", "1", "--retry-delay", "0", "hi"]));
    out.code(8).stderr_has("closed the connection");
    assert_eq!(attempts(&out), 2);

    let slow = Test::with_options(
        100,
        SandboxOptions {
            faults: Faults {
                latency: Duration::from_millis(100),
                ..Faults::default()
            },
            ..SandboxOptions::default()
        },
    );
    let started = Instant::now();
    common::run(slow.send(&["hi"])).code(0);
    assert!(started.elapsed() >= Duration::from_millis(100));
}

#[test]
fn a_seeded_flaky_sandbox_replays_its_faults_and_is_ridden_out_by_retries() {
    let faults = Faults {
        fail_rate: 0.3,
        drop_rate: 0.1,
        seed: 7,
        ..Faults::default()
    };
    // The fates the seed deals, in order: each message takes attempts until one is clean.
    let dice = peki::sandbox::faults::Dice::new(faults);
    let expected: Vec<u64> = (0..4)
        .map(|_| {
            let mut n = 1;
            while dice.roll() != peki::sandbox::faults::Fault::None {
                n += 1;
            }
            n
        })
        .collect();
    assert!(
        expected.iter().sum::<u64>() > 4,
        "the seed must inject a fault: {expected:?}"
    );
    let t = Test::with_options(
        100,
        SandboxOptions {
            faults,
            ..SandboxOptions::default()
        },
    );
    let seen: Vec<u64> = (0..4)
        .map(|i| {
            let out = common::run(t.send(&[
                "--json",
                "--retries",
                "6",
                "--retry-delay",
                "0",
                &format!("message {i}"),
            ]));
            assert_eq!(out.code(0).json()["reply"], format!("Echo: message {i}"));
            attempts(&out)
        })
        .collect();
    assert_eq!(seen, expected);
}

#[test]
fn peki_serve_fault_flags_reach_the_sandbox() {
    let dir = home();
    let server = Serve::start(
        dir.path(),
        &["--fail-rate", "1", "--latency", "50", "--clock-skew", "-30"],
    );
    let mut send = hermetic(dir.path());
    send.env("PEKI_BASE_URL", &server.url)
        .env("PEKI_API_KEY", "pk_sandbox")
        .env("PEKI_API_SECRET", "sk_sandbox")
        .args(["send", "-b", "sandbox", "--retries", "0", "hi"]);
    common::run(send).code(7).stderr_has("HTTP 503");
    let banner = &server.banner;
    assert!(banner.contains("fault: 50 ms latency"), "{banner}");
    assert!(
        banner.contains("fault: 503 for 100% of requests (seed 1)"),
        "{banner}"
    );
    assert!(banner.contains("fault: clock shifted by -30 s"), "{banner}");
    let mut cmd = hermetic(dir.path());
    cmd.args(["serve", "--clock-skew", "300000000000"]);
    common::run(cmd).code(2);
}

#[test]
fn an_answer_that_is_not_http_is_a_bad_response_and_not_retried() {
    let garbage = trickle_server(b"garbage\r\n\r\n", b"", Duration::ZERO);
    let (out, _) = send_to(&format!("http://{garbage}/api"), &["--retries", "3"]);
    out.code(7).stderr_has("not a readable HTTP response");
    assert_eq!(attempts(&out), 1);
    let huge_head: &'static [u8] = Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\nX-Big: {}\r\nContent-Length: 0\r\n\r\n",
            "a".repeat(200 * 1024)
        )
        .into_bytes()
        .into_boxed_slice(),
    );
    let big = trickle_server(huge_head, b"", Duration::ZERO);
    let (out, _) = send_to(&format!("http://{big}/api"), &["--retries", "3"]);
    out.code(7);
    assert_eq!(attempts(&out), 1);
}

#[test]
fn retries_and_native_roots_come_from_the_profile_too() {
    let api = FakeApi::start(Canned::new(503, ""));
    let home = home();
    let mut cmd = api.command(home.path());
    let config = home.path().join("peki.toml");
    std::fs::write(
        &config,
        "[profiles.default]\nretries = 1\nretry_delay = 0\n",
    )
    .unwrap();
    cmd.arg("--config")
        .arg(&config)
        .args(["send", "-b", BOT, "--json", "hi"]);
    let out = common::run(cmd);
    out.code(7);
    assert_eq!(attempts(&out), 2);
    assert_eq!(api.hits(), 2);

    let dir = tempfile::tempdir().unwrap();
    let (t, pki) = tls_sandbox(dir.path());
    t.write_config("[profiles.default]\nnative_roots = true\n");
    let mut cmd = t.send(&["hi"]);
    cmd.env("SSL_CERT_FILE", &pki.ca_pem);
    common::run(cmd).code(0).stdout_is("Echo: hi\n");
}

#[test]
fn connecting_has_its_own_time_limit() {
    // A listener whose accept queue is full: a connect hangs.
    let full = common::net::full_listener();
    let addr = full.addr;
    // The whole run may take 60 s; connecting alone gets what --connect-timeout says.
    let (out, elapsed) = send_to(
        &format!("http://{addr}/api"),
        &[
            "--timeout",
            "60",
            "--connect-timeout",
            "0.3",
            "--retries",
            "0",
        ],
    );
    out.code(8)
        .stderr_has("timed out connecting to http://127.0.0.1")
        .stderr_has("after 0.3s (raise it with --connect-timeout)");
    assert_eq!(out.json()["error"]["kind"], "timeout");
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
}

#[test]
fn a_proxy_token_is_masked_whole_and_a_malformed_proxy_is_named_as_such() {
    let t = Test::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let out = common::run(t.send(&[
        "--retries",
        "0",
        "--proxy",
        &format!("http://ghp_tokentokentoken@{closed}"),
        "hi",
    ]));
    out.code(8)
        .stderr_has(&format!("the proxy http://***@{closed}"));
    assert!(!out.stderr.contains("tokentoken"), "{}", out.stderr);
    for malformed in ["http://bob:pa/ss@host", "http://proxy:port", "http://"] {
        let out = common::run(t.send(&["--proxy", malformed, "hi"]));
        out.code(2).stderr_has("invalid proxy URL");
        assert!(!out.stderr.contains("pa/ss"), "{}", out.stderr);
        assert!(
            !out.stderr.contains("127.0.0.1"),
            "names the API: {}",
            out.stderr
        );
    }
    let mut cmd = t.send(&["hi"]);
    cmd.env("PEKI_BASE_URL", "https://api.peki.test/api")
        .env("HTTPS_PROXY", "http://bob:pa/ss@host");
    let out = common::run(cmd);
    out.code(2)
        .stderr_has("invalid proxy (from env HTTPS_PROXY): invalid proxy URL");
    assert!(!out.stderr.contains("pa/ss"), "{}", out.stderr);
}
