//! The sandbox's every verdict, driven with raw requests (signed by the library's `sign`),
//! raw TCP (chunked bodies, keep-alive, garbage), and `peki serve` as a process.

mod common;

use common::{BOT, KEY, Raw, SECRET, Serve, Test, hermetic, raw_exchange, run};
use peki::clock::unix_now;

fn detail(answer: &common::RawAnswer) -> String {
    answer.body["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_signed_request_gets_the_echo_with_rate_limit_and_date_headers() {
    let t = Test::new();
    let answer = Raw::default().send(&t.sandbox);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body["data"], "Echo: hi");
    assert_eq!(answer.body["error"], serde_json::Value::Null);
    assert_eq!(answer.body["totalPages"], 0);
    assert_eq!(answer.header("x-ratelimit-limit"), Some("100"));
    assert_eq!(answer.header("x-ratelimit-remaining"), Some("99"));
    let reset: i64 = answer.header("x-ratelimit-reset").unwrap().parse().unwrap();
    assert_eq!(reset % 86_400, 0, "resets at midnight UTC");
    assert!(answer.header("date").is_some());
    assert!(
        answer
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
}

#[test]
fn python_json_dumps_spacing_is_accepted() {
    // The vendor's Python example signs and sends `json.dumps` output, with spaces.
    let t = Test::new();
    let raw = Raw {
        body: r#"{"user": {"id": "user_123", "name": "John Doe"}, "message": {"content": "What are the latest crypto trends?"}}"#,
        ..Raw::default()
    };
    let answer = raw.send(&t.sandbox);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.body["data"],
        "Echo: What are the latest crypto trends?"
    );
}

#[test]
fn every_answer_carries_rate_limit_headers() {
    let t = Test::new();
    let refused = Raw {
        secret: "sk_wrong",
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(refused.status, 401);
    assert_eq!(refused.header("x-ratelimit-remaining"), Some("100"));
    assert!(refused.header("x-ratelimit-reset").is_some());
    assert!(refused.header("date").is_some());
}

#[test]
fn wrong_content_type_is_401() {
    let t = Test::new();
    let answer = Raw {
        content_type: "text/plain",
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(answer.status, 401);
    assert!(detail(&answer).contains("Content-Type must be application/json"));
    let with_charset = Raw {
        content_type: "application/json; charset=utf-8",
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(with_charset.status, 200);
}

#[test]
fn unknown_key_is_401() {
    let t = Test::new();
    let answer = Raw {
        key: "pk_nobody",
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(answer.status, 401);
    assert_eq!(detail(&answer), "unknown API key 'pk_nobody'");
    assert_eq!(answer.body["title"], "Unauthorized");
    assert!(answer.body["traceId"].as_str().unwrap().starts_with("00-"));
    assert!(
        answer
            .header("content-type")
            .unwrap()
            .starts_with("application/problem+json")
    );
}

#[test]
fn a_secret_sent_as_the_key_is_not_echoed_back() {
    let t = Test::new();
    let answer = Raw {
        key: SECRET,
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(answer.status, 401);
    assert!(detail(&answer).contains("are the key and the secret swapped?"));
    assert!(!answer.body.to_string().contains(SECRET));
}

#[test]
fn signature_mismatch_is_401_and_names_what_was_verified_but_no_secret() {
    let t = Test::new();
    let answer = Raw {
        secret: "sk_not_the_right_one",
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(answer.status, 401);
    let detail = detail(&answer);
    assert!(detail.contains("signature mismatch"), "{detail}");
    assert!(
        detail.contains("path /api/Dev/support/message,"),
        "{detail}"
    );
    let body_len = Raw::default().body.len();
    assert!(
        detail.contains(&format!("body {body_len} bytes (SHA-256 ")),
        "{detail}"
    );
    assert!(!answer.body.to_string().contains(SECRET));
}

#[test]
fn unknown_chatbot_is_404_and_a_chatbot_of_another_key_is_403() {
    let t = Test::new();
    let missing = Raw {
        bot: "ghost",
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(missing.status, 404);
    assert_eq!(detail(&missing), "chatbot 'ghost' not found");
    let foreign = Raw {
        bot: "private",
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(foreign.status, 403);
    assert_eq!(
        detail(&foreign),
        "API key 'pk_test_key' has no access to chatbot 'private'"
    );
}

#[test]
fn validation_errors_are_asp_net_problem_details() {
    let t = Test::new();
    let check = |body: &str, field: &str, message: &str| {
        let answer = Raw {
            body,
            ..Raw::default()
        }
        .send(&t.sandbox);
        assert_eq!(answer.status, 400, "{body}");
        assert_eq!(
            answer.body["title"],
            "One or more validation errors occurred."
        );
        assert_eq!(answer.body["status"], 400);
        assert_eq!(
            answer.body["type"],
            "https://tools.ietf.org/html/rfc9110#section-15.5.1"
        );
        assert!(answer.body["traceId"].is_string());
        let messages = &answer.body["errors"][field];
        assert!(
            messages
                .as_array()
                .is_some_and(|m| m.iter().any(|m| m.as_str().unwrap().contains(message))),
            "{body}: {}",
            answer.body
        );
    };
    check("{not json", "$", "The JSON value is malformed");
    check("[1,2]", "$", "must be an object");
    check(
        r#"{"message":{"content":"x"}}"#,
        "user",
        "The user field is required.",
    );
    check(
        r#"{"user":{"id":"u"},"message":{"content":"x"}}"#,
        "user.name",
        "The user.name field is required.",
    );
    check(
        r#"{"user":{"id":"u","name":"  "},"message":{"content":"x"}}"#,
        "user.name",
        "The user.name field is required.",
    );
    check(
        r#"{"user":{"name":"n"},"message":{"content":"x"}}"#,
        "user.id",
        "The user.id field is required.",
    );
    check(
        r#"{"user":{"id":"u","name":"n"},"message":{}}"#,
        "message.content",
        "The message.content field is required.",
    );
    check(
        r#"{"user":{"id":5,"name":"n"},"message":{"content":"x"}}"#,
        "user.id",
        "could not be converted to a string",
    );
    check(
        r#"{"user":{"id":"u","name":"n"},"message":{"content":"x","file":"ftp://x/y"}}"#,
        "message.file",
        "not a valid fully-qualified http or https URL",
    );
}

#[test]
fn over_the_daily_limit_is_429_with_retry_after() {
    let t = Test::with_limit(2);
    assert_eq!(Raw::default().send(&t.sandbox).status, 200);
    let last = Raw::default().send(&t.sandbox);
    assert_eq!(last.header("x-ratelimit-remaining"), Some("0"));
    let refused = Raw::default().send(&t.sandbox);
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("x-ratelimit-remaining"), Some("0"));
    let retry: i64 = refused.header("retry-after").unwrap().parse().unwrap();
    let reset: i64 = refused
        .header("x-ratelimit-reset")
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 86_400 && (reset - unix_now() - retry).abs() <= 2);
    // Refused requests do not count; other chatbots have their own window.
    let other = Raw {
        bot: "fromenv",
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(other.status, 200);
    assert_eq!(other.header("x-ratelimit-remaining"), Some("1"));
}

#[test]
fn bodies_over_two_mebibytes_are_413() {
    let t = Test::new();
    let big = format!(
        r#"{{"user":{{"id":"u","name":"n"}},"message":{{"content":"{}"}}}}"#,
        "a".repeat(2 * 1024 * 1024)
    );
    let answer = Raw {
        body: &big,
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(answer.status, 413);
}

#[test]
fn other_paths_are_404_and_other_methods_405() {
    let t = Test::new();
    let get = raw_exchange(
        t.sandbox.addr(),
        b"GET /api/Dev/support/message HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        1,
    );
    assert!(get.starts_with("HTTP/1.1 405"), "{get}");
    assert!(get.to_ascii_lowercase().contains("allow: post"), "{get}");
    let nowhere = raw_exchange(
        t.sandbox.addr(),
        b"POST /Dev/support/message HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        1,
    );
    assert!(nowhere.starts_with("HTTP/1.1 404"), "{nowhere}");
    assert!(
        nowhere.contains("POST /api/Dev/{chatbotId}/message"),
        "{nowhere}"
    );
}

/// A raw HTTP/1.1 request for the message endpoint with a valid signature.
fn signed_head(raw: &Raw<'_>, framing: &str) -> String {
    format!(
        "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         X-API-Key: {}\r\nX-Timestamp: {}\r\nX-Signature: {}\r\n{framing}\r\n",
        raw.path(),
        raw.key,
        raw.timestamp,
        raw.signature()
    )
}

#[test]
fn chunked_request_bodies_are_accepted() {
    // The vendor's JavaScript example sends its body with Transfer-Encoding: chunked.
    let t = Test::new();
    let raw = Raw::default();
    let (a, b) = raw.body.split_at(20);
    let request = format!(
        "{}{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
        signed_head(&raw, "Transfer-Encoding: chunked\r\nConnection: close\r\n"),
        a.len(),
        b.len()
    );
    let answer = raw_exchange(t.sandbox.addr(), request.as_bytes(), 1);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""data":"Echo: hi""#), "{answer}");
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let t = Test::new();
    let raw = Raw::default();
    let one = format!(
        "{}{}",
        signed_head(&raw, &format!("Content-Length: {}\r\n", raw.body.len())),
        raw.body
    );
    let answers = raw_exchange(t.sandbox.addr(), format!("{one}{one}{one}").as_bytes(), 3);
    assert_eq!(answers.matches("HTTP/1.1 200").count(), 3, "{answers}");
}

#[test]
fn garbage_does_not_take_the_sandbox_down() {
    let t = Test::new();
    let _ = raw_exchange(t.sandbox.addr(), b"\x00\xff\xfe garbage \r\n\r\n\r\n", 1);
    let _ = raw_exchange(
        t.sandbox.addr(),
        b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
        1,
    );
    let broken = raw_exchange(
        t.sandbox.addr(),
        b"POST /api/Dev/support/message HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n",
        1,
    );
    assert!(broken.starts_with("HTTP/1.1 400"), "{broken}");
    assert!(
        broken.contains("the request body could not be read"),
        "{broken}"
    );
    assert_eq!(Raw::default().send(&t.sandbox).status, 200);
}

#[test]
fn peki_serve_answers_peki_send_and_logs_one_line_per_request_without_secrets() {
    let home = tempfile::tempdir().unwrap();
    let server = Serve::start(
        home.path(),
        &[
            "--api-key",
            KEY,
            "--api-secret",
            SECRET,
            "--bot",
            BOT,
            "--bot",
            "other",
        ],
    );
    let url = server.url.clone();
    let banner = server.banner.clone();
    let send = |secret: &str| {
        let mut cmd = hermetic(home.path());
        cmd.env("PEKI_BASE_URL", &url)
            .env("PEKI_API_KEY", KEY)
            .env("PEKI_API_SECRET", secret)
            .args(["send", "-b", BOT, "hello"]);
        run(cmd)
    };
    send(SECRET).code(0).stdout_is("Echo: hello\n");
    send("sk_wrong").code(4);
    let log = server.finish();
    assert!(
        banner.contains(&format!(
            "key {KEY} (secret sk_…9b44) -> chatbots: other, support"
        )),
        "{banner}"
    );
    assert!(
        !log.contains(SECRET) && !banner.contains(SECRET),
        "{banner}{log}"
    );
    assert!(
        !banner.contains("try: export"),
        "a custom secret must not be printed: {banner}"
    );
    let requests: Vec<&str> = log.lines().filter(|l| l.starts_with("POST ")).collect();
    assert_eq!(requests.len(), 2, "{log}");
    assert!(
        requests[0].starts_with("POST /api/Dev/support/message 200 ok "),
        "{log}"
    );
    assert!(requests[0].ends_with("ms"), "{log}");
    assert!(
        requests[1].starts_with("POST /api/Dev/support/message 401 signature mismatch "),
        "{log}"
    );
}

#[test]
fn peki_serve_with_demo_credentials_prints_an_export_line() {
    let home = tempfile::tempdir().unwrap();
    let server = Serve::start(home.path(), &["--daily-limit", "5"]);
    let (url, log) = (&server.url, &server.banner);
    assert!(log.contains(&format!(
        "try: export PEKI_BASE_URL={url} PEKI_API_KEY=pk_sandbox PEKI_API_SECRET=sk_sandbox PEKI_BOT=sandbox"
    )), "{log}");
    assert!(log.contains("daily limit: 5 messages per chatbot"), "{log}");
    // With chatbots named, the first one named (not the first in order) is the one to try.
    let server = Serve::start(home.path(), &["--bot", "support", "--bot", "billing"]);
    assert!(
        server
            .banner
            .contains("PEKI_API_SECRET=sk_sandbox PEKI_BOT=support\n"),
        "{}",
        server.banner
    );
}

#[test]
fn peki_serve_bots_file_gives_403_to_a_key_without_access() {
    let home = tempfile::tempdir().unwrap();
    let bots = home.path().join("bots.toml");
    std::fs::write(
        &bots,
        format!(
            "daily_limit = 10\n[[keys]]\napi_key = \"{KEY}\"\napi_secret = \"{SECRET}\"\nbots = [\"support\"]\n\
             [[keys]]\napi_key = \"pk_sales\"\napi_secret = \"sk_sales_secret\"\nbots = [\"sales\"]\n"
        ),
    )
    .unwrap();
    let server = Serve::start(home.path(), &["--bots", bots.to_str().unwrap()]);
    let url = server.url.clone();
    let send = |bot: &str| {
        let mut cmd = hermetic(home.path());
        cmd.env("PEKI_BASE_URL", &url)
            .env("PEKI_API_KEY", KEY)
            .env("PEKI_API_SECRET", SECRET)
            .args(["send", "-b", bot, "hi"]);
        run(cmd)
    };
    send("support").code(0);
    send("sales").code(4).stderr_has("HTTP 403 Forbidden");
    send("nobody").code(5);
    let banner = server.banner.clone();
    let log = server.finish();
    assert!(
        !log.contains("sk_sales_secret") && !banner.contains("sk_sales_secret"),
        "{banner}{log}"
    );
}

#[test]
fn peki_serve_rejects_bad_setups() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = hermetic(home.path());
    cmd.args(["serve", "--bots", "/nonexistent/bots.toml"]);
    run(cmd)
        .code(3)
        .stderr_has("cannot read /nonexistent/bots.toml");
    let mut cmd = hermetic(home.path());
    cmd.args(["serve", "--bot", "bad id"]);
    run(cmd).code(2).stderr_has("invalid chatbot id");
    let mut cmd = hermetic(home.path());
    cmd.args(["serve", "--bots", "x.toml", "--bot", "y"]);
    run(cmd).code(2).stderr_has("cannot be used with");
    // The port is taken: a clear error, not a panic.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut cmd = hermetic(home.path());
    cmd.args(["serve", "--addr", &taken.local_addr().unwrap().to_string()]);
    run(cmd)
        .code(2)
        .stderr_has("cannot listen on")
        .stderr_has("already in use");
}

#[test]
fn peki_serve_masks_a_key_that_is_really_a_secret_in_its_banner() {
    // Key and secret swapped in the bots file: the "key" is the secret, and the banner
    // prints keys in full.
    let home = tempfile::tempdir().unwrap();
    let bots = home.path().join("bots.toml");
    std::fs::write(
        &bots,
        format!("[[keys]]\napi_key = \"{SECRET}\"\napi_secret = \"{KEY}\"\nbots = [\"support\"]\n"),
    )
    .unwrap();
    let server = Serve::start(home.path(), &["--bots", bots.to_str().unwrap()]);
    let banner = server.banner.clone();
    drop(server);
    assert!(!banner.contains(SECRET), "{banner}");
    assert!(banner.contains("key sk_…9b44 (secret pk_…)"), "{banner}");
}

#[test]
fn stalled_uploads_neither_block_other_clients_nor_stay_forever() {
    use std::io::{Read, Write};
    let t = Test::with_options(
        100,
        peki::sandbox::SandboxOptions {
            idle_timeout: Some(std::time::Duration::from_secs(1)),
            ..Default::default()
        },
    );
    // Eight clients announce a body and never send it.
    let stalled: Vec<std::net::TcpStream> = (0..8)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(t.sandbox.addr()).unwrap();
            s.write_all(
                b"POST /api/Dev/support/message HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{\"user\"",
            )
            .unwrap();
            s
        })
        .collect();
    let started = std::time::Instant::now();
    assert_eq!(Raw::default().send(&t.sandbox).status, 200);
    // Each stalled client is answered and cut off once it has been silent too long.
    for mut stream in stalled {
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
}

#[test]
fn the_sandbox_keeps_accepting_after_idle_periods() {
    let t = Test::with_options(
        100,
        peki::sandbox::SandboxOptions {
            idle_timeout: Some(std::time::Duration::from_millis(300)),
            ..Default::default()
        },
    );
    assert_eq!(Raw::default().send(&t.sandbox).status, 200);
    // Longer than the idle timeout: the sandbox must still take new connections.
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert_eq!(Raw::default().send(&t.sandbox).status, 200);
}

#[test]
fn an_answer_slower_than_the_idle_limit_keeps_its_connection() {
    // --latency 600 ms with a 300 ms idle limit: the client is silent while it waits, and
    // must still get its answers on the same connection.
    let t = Test::with_options(
        100,
        peki::sandbox::SandboxOptions {
            idle_timeout: Some(std::time::Duration::from_millis(300)),
            faults: peki::sandbox::Faults {
                latency: std::time::Duration::from_millis(600),
                ..Default::default()
            },
            ..Default::default()
        },
    );
    let raw = Raw::default();
    let one = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-API-Key: {}\r\n\
         X-Timestamp: {}\r\nX-Signature: {}\r\nContent-Length: {}\r\n\r\n{}",
        raw.path(),
        raw.key,
        raw.timestamp,
        raw.signature(),
        raw.body.len(),
        raw.body
    );
    let mut stream = std::net::TcpStream::connect(t.sandbox.addr()).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    for _ in 0..2 {
        std::io::Write::write_all(&mut stream, one.as_bytes()).unwrap();
        let mut buf = [0u8; 4096];
        let n = std::io::Read::read(&mut stream, &mut buf).unwrap();
        let answer = String::from_utf8_lossy(&buf[..n]);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
}

#[test]
fn peki_serve_rejects_an_address_that_is_not_host_port() {
    let home = tempfile::tempdir().unwrap();
    for bad in ["nonsense", "127.0.0.1", "127.0.0.1:99999"] {
        let mut cmd = hermetic(home.path());
        cmd.args(["serve", "--addr", bad]);
        run(cmd).code(2).stderr_has("--addr");
    }
}
