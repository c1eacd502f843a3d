//! At the terminal: `send --dry-run` (sends nothing; its curl command is accepted when run),
//! `peki sign` (headers, curl, `--verify` with the sandbox's diagnosis), `-v`/`-vv`/`-q`
//! and colour.

mod common;

use common::{BOT, KEY, SECRET, Test, run, run_with};
use peki::sign::{SignedParts, sign};

/// A sandbox that journals every request it gets to a file.
fn journaled() -> (Test, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let journal = dir.join("journal.jsonl");
    let options = peki::sandbox::SandboxOptions {
        journal: Some(journal.clone()),
        ..Default::default()
    };
    (Test::with_options(100, options), journal)
}

fn journal_lines(path: &std::path::Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .count()
}

/// `peki ARGS…` with the sandbox's URL and credentials.
fn peki(t: &Test, args: &[&str]) -> common::Run {
    let mut cmd = t.peki();
    cmd.args(args);
    run(cmd)
}

fn have_curl() -> bool {
    let found = std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: curl is not installed, so the printed command cannot be run");
    }
    found
}

#[test]
fn dry_run_sends_nothing_and_prints_the_signed_request() {
    let (t, journal) = journaled();
    let out = run(t.send(&["--dry-run", "hello"]));
    out.code(0);
    assert_eq!(journal_lines(&journal), 0, "a dry run sent a request");
    let url = format!("{}/Dev/{BOT}/message", t.sandbox.base_url());
    assert!(
        out.stdout.starts_with(&format!("# POST {url}\n")),
        "{}",
        out.stdout
    );
    for needle in [
        &format!("# X-API-Key: {KEY}\n"),
        "# X-Signature: ",
        "\"message\":{\"content\":\"hello\"}",
        "as JSON: \"POST\\n/api/Dev/support/message\\n{",
        "\ncurl --silent",
    ] {
        assert!(
            out.stdout.contains(needle),
            "{needle:?} missing:\n{}",
            out.stdout
        );
    }
}

#[test]
fn the_dry_run_curl_command_is_accepted_when_run() {
    let (t, journal) = journaled();
    let message = "it's $(touch pwned) `touch pwned` ; | & ! \\ \" ü";
    let out = run(t.send(&["--dry-run", message]));
    out.code(0);
    if !have_curl() {
        return;
    }
    let workdir = tempfile::tempdir().unwrap();
    let sent = std::process::Command::new("sh")
        .current_dir(workdir.path())
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(out.stdout.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    let reply = String::from_utf8_lossy(&sent.stdout);
    assert!(sent.status.success(), "{reply}");
    let body: serde_json::Value = serde_json::from_str(reply.trim()).unwrap();
    assert_eq!(body["data"], format!("Echo: {message}"));
    assert_eq!(journal_lines(&journal), 1);
    assert!(
        !workdir.path().join("pwned").exists(),
        "the shell ran a substitution"
    );
}

#[test]
fn a_large_dry_run_pipes_its_body_and_json_output_has_every_part() {
    let (t, journal) = journaled();
    let big = "x".repeat(100 * 1024);
    let out = run(t.send(&["--dry-run", &big]));
    out.code(0);
    assert!(
        out.stdout.contains("\nprintf '%s' "),
        "a large body must not be one argument"
    );
    let out = run(t.send(&["--dry-run", "--json", "hi"]));
    let object = out.code(0).json();
    for field in ["method", "url", "headers", "body", "signed", "curl"] {
        assert!(object.get(field).is_some(), "{field}");
    }
    assert_eq!(journal_lines(&journal), 0);
}

fn signature(body: &str, timestamp: &str) -> String {
    sign(
        SECRET,
        &SignedParts {
            method: "POST",
            path: "/api/Dev/support/message",
            body: body.as_bytes(),
            timestamp,
        },
    )
}

#[test]
fn sign_prints_the_headers_send_would_send() {
    let t = Test::new();
    let body = r#"{"a":1}"#;
    let out = peki(
        &t,
        &[
            "sign",
            "--bot",
            BOT,
            "--body",
            body,
            "--timestamp",
            "1700000000",
        ],
    );
    out.code(0);
    assert_eq!(
        out.stdout,
        format!(
            "X-API-Key: {KEY}\nX-Timestamp: 1700000000\nX-Signature: {}\n\
             # signed string (METHOD\\nPATH\\nBODY\\nTIMESTAMP), as JSON: \
             \"POST\\n/api/Dev/support/message\\n{{\\\"a\\\":1}}\\n1700000000\"\n",
            signature(body, "1700000000")
        )
    );
}

#[test]
fn sign_reads_the_body_from_stdin_byte_for_byte() {
    let t = Test::new();
    let mut cmd = t.peki();
    cmd.args([
        "sign",
        "--path",
        "/api/Dev/support/message",
        "--timestamp",
        "5",
    ]);
    let out = run_with(cmd, Some(b"{}\n"));
    out.code(0)
        .stderr_has("ends with a newline, which is signed too");
    assert!(
        out.stdout.contains(&signature("{}\n", "5")),
        "{}",
        out.stdout
    );
}

#[test]
fn sign_verify_says_whether_a_signature_matches_with_the_sandboxs_diagnosis() {
    let t = Test::new();
    let body = r#"{"user":{"id":"u","name":"n"},"message":{"content":"hi"}}"#;
    let now = peki::clock::unix_now().to_string();
    let verify = |timestamp: &str, sig: &str| {
        peki(
            &t,
            &[
                "sign",
                "--bot",
                BOT,
                "--body",
                body,
                "--timestamp",
                timestamp,
                "--verify",
                sig,
            ],
        )
    };
    verify(&now, &signature(body, &now))
        .code(0)
        .stdout_is("signature matches\n");
    let wrong = signature("{}", &now);
    verify(&now, &wrong)
        .code(4)
        .stderr_has("error: signature mismatch")
        .stderr_has(&format!("body {} bytes (SHA-256 ", body.len()))
        .stderr_has(&format!("timestamp {now}"))
        .stderr_has("the signed string: \"POST\\n/api/Dev/support/message\\n");
    // Right for its own time, and too old for the API now: a match, with a warning.
    verify("1700000000", &signature(body, "1700000000"))
        .code(0)
        .stdout_is("signature matches\n")
        .stderr_has("the API would refuse it now: timestamp off by");
}

#[test]
fn sign_curl_is_quoted_for_the_shell_and_accepted() {
    let (t, journal) = journaled();
    let body = r#"{"user":{"id":"u","name":"n"},"message":{"content":"$(touch pwned); 'q' `x`"}}"#;
    let out = peki(&t, &["sign", "--bot", BOT, "--body", body, "--curl"]);
    out.code(0);
    assert!(out.stdout.starts_with("curl "), "{}", out.stdout);
    if !have_curl() {
        return;
    }
    let workdir = tempfile::tempdir().unwrap();
    let sent = std::process::Command::new("sh")
        .current_dir(workdir.path())
        .args(["-c", &out.stdout])
        .output()
        .unwrap();
    let reply = String::from_utf8_lossy(&sent.stdout);
    assert!(reply.contains("Echo: $(touch pwned); 'q' `x`"), "{reply}");
    assert_eq!(journal_lines(&journal), 1);
    assert!(!workdir.path().join("pwned").exists());
}

#[test]
fn sign_refuses_what_it_cannot_sign() {
    let t = Test::new();
    peki(&t, &["sign", "--path", "no-slash", "--body", "x"])
        .code(2)
        .stderr_has("starts with '/'");
    peki(&t, &["sign", "--body", "x"])
        .code(2)
        .stderr_has("no chatbot");
    let big = vec![b'x'; peki::commands::sign::MAX_BODY_BYTES + 1];
    let mut cmd = t.peki();
    cmd.args(["sign", "--bot", BOT]);
    run_with(cmd, Some(&big))
        .code(2)
        .stderr_has("stdin is larger than 16 MiB");
    // A curl command built from text would send other bytes than were signed.
    let mut cmd = t.peki();
    cmd.args(["sign", "--bot", BOT, "--curl"]);
    run_with(cmd, Some(b"{\"message\":\"\xff\"}"))
        .code(2)
        .stderr_has("the body is not UTF-8");
}

#[test]
fn verbose_levels_show_more_and_never_the_secret() {
    let t = Test::new();
    let one = run(t.send(&["-v", "hi"]));
    one.code(0)
        .stderr_has("> POST http://")
        .stderr_has("< HTTP 200 OK (")
        .stderr_has("* rate limit: ");
    assert!(!one.stderr.contains("X-API-Key"), "{}", one.stderr);
    let two = run(t.send(&["-vv", "hi"]));
    two.code(0)
        .stderr_has("> X-API-Key: pk_…")
        .stderr_has("> X-Signature: (hidden)")
        .stderr_has("{\"user\":")
        .stderr_has("\"data\":\"Echo: hi\"");
    assert!(!two.stderr.contains(KEY), "the key is masked at -vv");
    // `run` has checked that the sentinel secret is in no output.
}

#[test]
fn quiet_silences_all_but_the_reply_and_errors() {
    let t = Test::new();
    let config = t.write_config(&format!("[profiles.default]\napi_secret = \"{SECRET}\"\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let mut cmd = t.bare();
    cmd.env("PEKI_BASE_URL", t.sandbox.base_url())
        .env("PEKI_API_KEY", KEY)
        .args(["send", "--bot", BOT, "hi"]);
    #[cfg(unix)]
    run(cmd).code(0).stderr_has("warning: ");
    let mut cmd = t.bare();
    cmd.env("PEKI_BASE_URL", t.sandbox.base_url())
        .env("PEKI_API_KEY", KEY)
        .args(["-q", "send", "--bot", BOT, "hi"]);
    let quiet = run(cmd);
    quiet.code(0).stdout_is("Echo: hi\n");
    assert_eq!(quiet.stderr, "");
    peki(&t, &["-q", "send", "--bot", "nope", "hi"])
        .code(5)
        .stderr_has("error: ");
    peki(&t, &["-q", "-v", "send", "hi"]).code(2);
}

#[test]
fn colour_is_off_in_a_pipe_and_follows_color_no_color_and_clicolor_force() {
    let t = Test::new();
    let fails = |extra: &[&str], env: &[(&str, &str)]| {
        let mut cmd = t.peki();
        cmd.args(extra).args(["send", "--bot", "nope", "hi"]);
        for (name, value) in env {
            cmd.env(name, value);
        }
        run(cmd)
    };
    let piped = fails(&[], &[]);
    piped.code(5);
    assert!(!piped.stderr.contains('\x1b'), "{:?}", piped.stderr);
    let always = fails(&["--color", "always"], &[]);
    assert!(always.stderr.contains("\x1b["), "{:?}", always.stderr);
    assert!(
        always.stderr.contains("error:\x1b[0m "),
        "{:?}",
        always.stderr
    );
    let forced = fails(&[], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stderr.contains('\x1b'), "{:?}", forced.stderr);
    let never = fails(&["--color=never"], &[("CLICOLOR_FORCE", "1")]);
    assert!(!never.stderr.contains('\x1b'), "{:?}", never.stderr);
    let no_color = fails(&[], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
    assert!(
        !no_color.stderr.contains('\x1b'),
        "NO_COLOR wins: {:?}",
        no_color.stderr
    );
    // The reply on stdout is never styled, whatever --color says.
    let reply = run(t.send(&["--color", "always", "hi"]));
    reply.code(0).stdout_is("Echo: hi\n");
}

#[test]
fn quiet_leaves_a_passing_test_run_silent_and_a_failing_one_its_failures() {
    let t = Test::new();
    let suite = t.home.path().join("s.toml");
    std::fs::write(
        &suite,
        "[[case]]\nname = \"passes\"\nmessage = \"hi\"\n\
         [[case]]\nname = \"fails\"\nmessage = \"hi\"\nexpect = { contains = \"zzz\" }\n",
    )
    .unwrap();
    let quiet = |filter: &str| {
        let mut cmd = t.peki();
        cmd.args(["-q", "test", "--bot", BOT, "--filter", filter])
            .arg(&suite);
        run(cmd)
    };
    let passing = quiet("passes");
    passing.code(0);
    assert_eq!(
        passing.stderr, "",
        "progress and the summary are not errors"
    );
    let failing = quiet(".");
    failing
        .code(9)
        .stderr_has("failed s › fails:")
        .stderr_has("not found in")
        .stderr_has("error: 1 case failed");
    assert!(!failing.stderr.contains("passes"), "{}", failing.stderr);
}

#[cfg(unix)]
#[test]
fn quiet_draws_no_progress_bar_on_a_terminal() {
    use expectrl::{Eof, Expect};
    let t = Test::new();
    let input = t.home.path().join("in.txt");
    std::fs::write(&input, "one\ntwo\nthree\n").unwrap();
    let suite = t.home.path().join("s.toml");
    std::fs::write(&suite, "[[case]]\nname = \"c\"\nmessage = \"hi\"\n").unwrap();
    for command in [
        format!("batch --bot {BOT} {}", input.display()),
        format!("test --bot {BOT} {}", suite.display()),
    ] {
        let mut shell = t.shell(&format!("\"$PEKI\" -q {command} > /dev/null"));
        // indicatif draws nothing for a terminal it knows nothing of.
        shell.env("TERM", "xterm");
        let mut session = expectrl::Session::spawn(shell).unwrap();
        session.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
        let seen = session.expect(Eof).unwrap();
        let seen = String::from_utf8_lossy(seen.as_bytes()).into_owned();
        assert_eq!(seen, "", "{command}: -q drew on the terminal");
    }
}

#[cfg(unix)]
#[test]
fn verbose_lines_print_above_the_test_progress_bar_not_into_it() {
    use expectrl::{Eof, Expect};
    let t = Test::new();
    let suite = t.home.path().join("s.toml");
    let cases: String = (1..=4)
        .map(|n| format!("[[case]]\nname = \"c{n}\"\nmessage = \"hi\"\n"))
        .collect();
    std::fs::write(&suite, cases).unwrap();
    let mut shell = t.shell(&format!(
        "\"$PEKI\" -v test --bot {BOT} {} > /dev/null",
        suite.display()
    ));
    shell.env("TERM", "xterm");
    let mut session = expectrl::Session::spawn(shell).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    let seen = session.expect(Eof).unwrap();
    let seen = String::from_utf8_lossy(seen.as_bytes()).into_owned();
    assert!(seen.contains("cases"), "no bar was drawn: {seen:?}");
    let requests = seen.matches("POST http").count();
    assert_eq!(requests, 4, "{seen:?}");
    // What one line of the screen shows: the text after its last carriage return.
    for shown in seen.split('\n').flat_map(|line| line.split('\r')) {
        assert!(
            !(shown.contains("cases") && shown.contains("POST http")),
            "a -v line was written into the bar: {shown:?}"
        );
    }
    // Off a terminal, with cases at once: each line whole, none cut into another.
    let mut cmd = t.peki();
    cmd.args(["-v", "test", "--bot", BOT, "--parallel", "4"])
        .arg(&suite);
    let out = run(cmd);
    out.code(0);
    for line in out.stderr.lines() {
        assert!(
            [
                "> POST http",
                "< HTTP 200",
                "* rate limit",
                "passed s › c",
                "test result"
            ]
            .iter()
            .any(|start| line.starts_with(start))
                || line.is_empty(),
            "{line:?} in {}",
            out.stderr
        );
    }
    assert_eq!(out.stderr.matches("> POST http").count(), 4);
}
