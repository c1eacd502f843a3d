//! `peki send` against the in-process sandbox: message composition, settings precedence,
//! output contract and exit codes.

mod common;

use common::{BOT, KEY, Run, SECRET, Test, hermetic, run, run_with};

#[test]
fn send_prints_only_the_reply_on_stdout() {
    let t = Test::new();
    let out = run(t.send(&["hello", "world"]));
    out.code(0).stdout_is("Echo: hello world\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn send_sandbox_flag_round_trips_with_no_settings() {
    let t = Test::new();
    let mut cmd = t.bare();
    cmd.args(["send", "--sandbox", "hello"]);
    run(cmd).code(0).stdout_is("Echo: hello\n");
}

#[test]
fn send_reads_stdin_when_no_words_given() {
    let t = Test::new();
    run_with(t.send(&[]), Some(b"from stdin\n"))
        .code(0)
        .stdout_is("Echo: from stdin\n");
}

#[test]
fn send_keeps_all_but_one_trailing_newline_of_stdin() {
    let t = Test::new();
    run_with(t.send(&["--json"]), Some(b"two\nlines\n\n"))
        .code(0)
        .json()["reply"]
        .as_str()
        .map(|reply| assert_eq!(reply, "Echo: two\nlines\n"))
        .unwrap();
}

#[test]
fn send_replaces_a_lone_dash_with_stdin() {
    let t = Test::new();
    run_with(t.send(&["Review:", "-"]), Some(b"+ added line\n"))
        .code(0)
        .stdout_is("Echo: Review: + added line\n");
}

#[test]
fn send_does_not_read_stdin_when_words_are_given() {
    // In a `while read` loop, a peki that read stdin would swallow the remaining lines.
    let t = Test::new();
    let sh = t.shell(
        r#"printf 'one\ntwo\nthree\n' | while read -r line; do "$PEKI" send --bot support "$line"; done"#,
    );
    run(sh)
        .code(0)
        .stdout_is("Echo: one\nEcho: two\nEcho: three\n");
}

#[test]
fn send_rejects_empty_messages() {
    let t = Test::new();
    run_with(t.send(&[]), Some(b"\n"))
        .code(2)
        .stderr_has("the message is empty");
    run(t.send(&["  "]))
        .code(2)
        .stderr_has("the message is empty");
}

#[test]
fn send_rejects_stdin_that_is_not_utf8() {
    let t = Test::new();
    run_with(t.send(&[]), Some(&[0x66, 0x6f, 0xff, 0x0a]))
        .code(2)
        .stderr_has("not valid UTF-8");
}

#[test]
fn send_rejects_stdin_over_one_mebibyte() {
    let t = Test::new();
    let big = vec![b'a'; 1024 * 1024 + 1];
    run_with(t.send(&[]), Some(&big))
        .code(2)
        .stderr_has("larger than 1 MiB");
}

#[test]
fn send_rejects_two_dashes() {
    let t = Test::new();
    run_with(t.send(&["-", "-"]), Some(b"x"))
        .code(2)
        .stderr_has("'-' (stdin) can stand only once");
}

#[test]
fn send_rejects_chatbot_ids_outside_url_unreserved_characters() {
    let t = Test::new();
    let mut cmd = t.peki();
    cmd.args(["send", "--bot", "a/b", "hi"]);
    run(cmd).code(2).stderr_has("invalid chatbot id");
    let mut cmd = t.peki();
    cmd.env("PEKI_BOT", "white space").args(["send", "hi"]);
    run(cmd)
        .code(2)
        .stderr_has("invalid chatbot id")
        .stderr_has("env PEKI_BOT");
}

#[test]
fn send_attaches_an_http_file_url_and_rejects_others() {
    let t = Test::new();
    run(t.send(&["--file", "https://example.com/doc.pdf", "summarize"]))
        .code(0)
        .stdout_is("Echo: summarize (file: https://example.com/doc.pdf)\n");
    run(t.send(&["--file", "/etc/passwd", "x"]))
        .code(2)
        .stderr_has("must be an http:// or https:// URL");
}

#[test]
fn send_refuses_plain_http_beyond_loopback() {
    let t = Test::new();
    let mut cmd = t.peki();
    cmd.args([
        "send",
        "-b",
        BOT,
        "--base-url",
        "http://api.peki.ai/api",
        "hi",
    ]);
    run(cmd).code(2).stderr_has("refusing plain http://");
    let mut cmd = t.peki();
    cmd.env("PEKI_BASE_URL", "http://10.0.0.1/api")
        .args(["send", "-b", BOT, "hi"]);
    run(cmd).code(2).stderr_has("refusing plain http://");
}

#[test]
fn send_without_credentials_is_a_configuration_error() {
    let t = Test::new();
    let mut cmd = t.bare();
    cmd.args(["send", "-b", BOT, "hi"]);
    run(cmd).code(3).stderr_has("no API key");
    let mut cmd = t.bare();
    cmd.env("PEKI_API_KEY", KEY).args(["send", "-b", BOT, "hi"]);
    run(cmd).code(3).stderr_has("no API secret");
}

#[test]
fn send_without_a_chatbot_is_a_usage_error() {
    let t = Test::new();
    let mut cmd = t.peki();
    cmd.args(["send", "hi"]);
    run(cmd).code(2).stderr_has("no chatbot given");
}

fn bot_of(out: &Run) -> String {
    out.code(0).json()["bot"].as_str().unwrap().to_string()
}

#[test]
fn settings_precedence_is_flag_then_env_then_profile() {
    let t = Test::new();
    t.write_config(&format!(
        "default_profile = \"main\"\n[profiles.main]\nbot = \"fromfile\"\napi_key = \"{KEY}\"\n"
    ));
    let mut cmd = t.bare();
    cmd.env("PEKI_API_SECRET", SECRET)
        .env("PEKI_BASE_URL", t.sandbox.base_url())
        .args(["send", "--json", "hi"]);
    assert_eq!(bot_of(&run(cmd)), "fromfile");

    let mut cmd = t.peki();
    cmd.env("PEKI_BOT", "fromenv")
        .args(["send", "--json", "hi"]);
    assert_eq!(bot_of(&run(cmd)), "fromenv");

    let mut cmd = t.peki();
    cmd.env("PEKI_BOT", "fromenv")
        .args(["send", "--bot", BOT, "--json", "hi"]);
    assert_eq!(bot_of(&run(cmd)), BOT);
}

#[test]
fn api_key_flag_beats_env_and_env_beats_profile() {
    let t = Test::new();
    t.write_config("[profiles.default]\napi_key = \"pk_wrong_from_file\"\n");
    // env (right) over profile (wrong): accepted
    run(t.send(&["hi"])).code(0);
    // flag (wrong) over env (right): refused with 401
    run(t.send(&["--api-key", "pk_wrong_flag", "hi"]))
        .code(4)
        .stderr_has("unknown API key 'pk_wrong_flag'");
}

#[test]
fn profile_is_chosen_by_flag_env_or_default_profile() {
    let t = Test::new();
    t.write_config(
        "default_profile = \"a\"\n[profiles.a]\nbot = \"fromfile\"\n[profiles.b]\nbot = \"fromenv\"\n",
    );
    let json_bot = |profile_flag: Option<&str>, profile_env: Option<&str>| {
        let mut cmd = t.peki();
        if let Some(p) = profile_env {
            cmd.env("PEKI_PROFILE", p);
        }
        cmd.arg("send");
        if let Some(p) = profile_flag {
            cmd.args(["--profile", p]);
        }
        cmd.args(["--json", "hi"]);
        bot_of(&run(cmd))
    };
    assert_eq!(json_bot(None, None), "fromfile");
    assert_eq!(json_bot(None, Some("b")), "fromenv");
    assert_eq!(json_bot(Some("a"), Some("b")), "fromfile");
}

#[test]
fn unknown_profile_is_a_configuration_error_listing_profiles() {
    let t = Test::new();
    t.write_config("[profiles.work]\nbot = \"x\"\n");
    run(t.send(&["-p", "play", "hi"]))
        .code(3)
        .stderr_has("profile 'play' (from flag --profile) is not in")
        .stderr_has("profiles there: work");
}

#[test]
fn config_file_from_flag_and_env_must_exist() {
    let t = Test::new();
    let missing = t.home.path().join("nope.toml");
    let mut cmd = t.send(&["hi"]);
    cmd.arg("--config").arg(&missing);
    run(cmd).code(3).stderr_has("does not exist");
    let mut cmd = t.send(&["hi"]);
    cmd.env("PEKI_CONFIG", &missing);
    run(cmd).code(3).stderr_has("nope.toml does not exist");
}

#[test]
fn malformed_config_names_file_line_and_column() {
    let t = Test::new();
    let path = t.write_config("[profiles.a]\nbot = \"x\"\ntimeout = \"ten\"\n");
    run(t.send(&["hi"]))
        .code(3)
        .stderr_has(&format!("{}:3:11:", path.display()));
    t.write_config("[profiles.a]\napi_kye = \"pk\"\n");
    run(t.send(&["hi"]))
        .code(3)
        .stderr_has("config.toml:2:1: unknown key `api_kye` in profile 'a'");
}

#[test]
fn help_explains_usage_examples_and_exit_codes() {
    let t = Test::new();
    for args in [
        vec!["--help"],
        vec!["send", "--help"],
        vec!["serve", "--help"],
    ] {
        let mut cmd = t.bare();
        cmd.args(&args);
        let out = run(cmd);
        out.code(0);
        assert!(out.stdout.contains("Examples:"), "{args:?}: {}", out.stdout);
    }
    for args in [vec!["--help"], vec!["send", "--help"]] {
        let mut cmd = t.bare();
        cmd.args(&args);
        let out = run(cmd);
        for code in ["Exit codes:", "4  authentication", "8  network error"] {
            assert!(out.stdout.contains(code), "{args:?} lacks {code}");
        }
    }
}

#[test]
fn unknown_flags_are_usage_errors() {
    let t = Test::new();
    run(t.send(&["--nope", "hi"])).code(2);
    run(t.send(&["--timeout", "-1", "hi"])).code(2);
    run(t.send(&["--timeout", "0", "hi"])).code(2);
}

#[test]
fn verbose_shows_the_exchange_without_secret_or_signature() {
    let t = Test::new();
    // Headers are shown from -vv on.
    let out = run(t.send(&["-vv", "hi"]));
    out.code(0)
        .stdout_is("Echo: hi\n")
        .stderr_has("> POST http://127.0.0.1:")
        .stderr_has("> X-Signature: (hidden)")
        .stderr_has("< HTTP 200");
    // run() already checked the secret; the signature must not be there either.
    let signature_like = out
        .stderr
        .lines()
        .any(|l| l.len() >= 44 && l.trim_end().ends_with('='));
    assert!(!signature_like, "{}", out.stderr);
}

#[test]
fn secret_never_appears_even_when_it_is_sent_as_the_key() {
    let t = Test::new();
    // Someone swapped key and secret: caught before any request, and never echoed.
    let mut cmd = t.peki();
    cmd.env("PEKI_API_KEY", SECRET)
        .env("PEKI_API_SECRET", "pk_test_key")
        .args(["send", "-v", "--json", "-b", BOT, "hi"]);
    let out = run(cmd);
    out.code(3);
    assert!(
        out.stdout
            .contains("looks like the API key and secret are swapped"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stderr.contains("> POST"),
        "no request may be sent: {}",
        out.stderr
    );
}

#[test]
fn hermetic_helper_clears_the_environment() {
    // A guard for the other tests: a variable set before isolation must not reach the child.
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new("env");
    cmd.env("PEKI_LEAKED", "from the developer");
    common::isolate(&mut cmd, home.path());
    let out = run(cmd);
    out.code(0);
    assert!(!out.stdout.contains("PEKI_LEAKED"), "{}", out.stdout);
    assert!(out.stdout.contains("USER=tester"), "{}", out.stdout);
}

#[test]
fn credentials_that_cannot_travel_in_a_header_are_caught_before_sending() {
    let home = tempfile::tempdir().unwrap();
    let api = common::FakeApi::start(common::Canned::new(200, r#"{"data":"x","error":null}"#));
    let mut cmd = api.command(home.path());
    cmd.env("PEKI_API_KEY", "pk_a\nX-Evil: 1")
        .args(["send", "-b", BOT, "hi"]);
    run(cmd)
        .code(3)
        .stderr_has("holds spaces, line breaks or non-ASCII");
    let config = home.path().join("c.toml");
    std::fs::write(&config, "[profiles.default]\napi_key = \"\"\n").unwrap();
    let mut cmd = hermetic(home.path());
    cmd.env("PEKI_BASE_URL", api.base_url())
        .env("PEKI_API_SECRET", SECRET)
        .arg("--config")
        .arg(&config)
        .args(["send", "-b", BOT, "hi"]);
    run(cmd)
        .code(3)
        .stderr_has("c.toml:2:11: invalid api_key: it must not be empty");
    assert_eq!(api.hits(), 0);
}

#[cfg(unix)]
#[test]
fn environment_values_that_are_not_utf8_are_refused() {
    use std::os::unix::ffi::OsStrExt;
    let t = Test::new();
    let mut cmd = t.peki();
    cmd.env("PEKI_BOT", std::ffi::OsStr::from_bytes(&[0x73, 0xff]))
        .args(["send", "--sandbox", "hi"]);
    run(cmd).code(2).stderr_has("PEKI_BOT is not valid UTF-8");
}

#[cfg(unix)]
#[test]
fn a_login_name_that_is_not_utf8_only_matters_when_it_is_used() {
    use std::os::unix::ffi::OsStrExt;
    let t = Test::new();
    let mut cmd = t.send(&["--user-id", "u1", "--user-name", "Ada", "hi"]);
    cmd.env("USER", std::ffi::OsStr::from_bytes(&[0x63, 0xe9]));
    run(cmd).code(0).stdout_is("Echo: hi\n");
}

#[test]
fn an_empty_default_profile_in_the_file_is_a_configuration_error() {
    let t = Test::new();
    t.write_config("default_profile = \"\"\n");
    run(t.send(&["hi"]))
        .code(3)
        .stderr_has("invalid profile name");
}

#[test]
fn a_message_of_the_largest_size_stdin_takes_reaches_the_sandbox() {
    let t = Test::new();
    let message = "é".repeat(512 * 1024);
    let out = run_with(t.send(&["--json"]), Some(message.as_bytes()));
    assert_eq!(out.code(0).json()["reply"], format!("Echo: {message}"));
}

#[test]
fn user_id_and_name_reach_the_wire_with_their_precedence() {
    let home = tempfile::tempdir().unwrap();
    let api = common::FakeApi::start(common::Canned::new(200, r#"{"data":"x","error":null}"#));
    // Defaults: the login name for both.
    api.send(home.path(), &[]).code(0);
    let mut cmd = api.command(home.path());
    cmd.env("PEKI_USER_ID", "env-id")
        .env("PEKI_USER_NAME", "Env Name")
        .args(["send", "-b", BOT, "--user-name", "Flag Name", "hi"]);
    run(cmd).code(0);
    let bodies: Vec<serde_json::Value> = api.requests().iter().map(|r| r.json()).collect();
    assert_eq!(
        bodies[0],
        serde_json::json!({"user": {"id": "tester", "name": "tester"}, "message": {"content": "hi"}})
    );
    assert_eq!(
        bodies[1]["user"],
        serde_json::json!({"id": "env-id", "name": "Flag Name"})
    );
}

#[test]
fn base_url_flag_and_output_json_spelling_work() {
    let t = Test::new();
    let mut cmd = t.bare();
    cmd.env("PEKI_API_KEY", KEY)
        .env("PEKI_API_SECRET", SECRET)
        .env("PEKI_BASE_URL", "https://wrong.invalid/api")
        .args([
            "send",
            "-b",
            BOT,
            "--base-url",
            &t.sandbox.base_url(),
            "-o",
            "json",
            "hi",
        ]);
    assert_eq!(run(cmd).code(0).json()["reply"], "Echo: hi");
    run(t.send(&["--json", "-o", "plain", "hi"])).code(2);
}

#[test]
fn json_is_printed_even_when_a_flag_value_is_rejected() {
    let t = Test::new();
    for args in [
        &["send", "--json", "--bot", "a b", "hi"][..],
        &["send", "-o", "json", "--file", "ftp://x/y", "hi"],
        &["send", "--output=json", "--timeout", "abc", "hi"],
        // Global flags clustered before the command, one taking the next word.
        &["-qp", "default", "send", "--json", "--timeout", "abc", "hi"],
        &["send", "-qojson", "--timeout", "abc", "hi"],
    ] {
        let mut cmd = t.peki();
        cmd.args(args);
        let out = run(cmd);
        let json = out.code(2).json();
        assert_eq!(json["ok"], false, "{args:?}");
        assert_eq!(json["error"]["kind"], "usage");
        out.stderr_has("error:");
    }
}

#[test]
fn bad_values_in_the_config_file_are_configuration_errors() {
    let t = Test::new();
    t.write_config("[profiles.default]\nbot = \"a b\"\n");
    let mut cmd = t.peki();
    cmd.args(["send", "hi"]);
    run(cmd)
        .code(3)
        .stderr_has("config.toml:2:7: invalid bot: invalid chatbot id 'a b'");
    t.write_config("[profiles.default]\nbase_url = \"http://example.com/api\"\n");
    let mut cmd = t.bare();
    cmd.env("PEKI_API_KEY", KEY)
        .env("PEKI_API_SECRET", SECRET)
        .args(["send", "-b", BOT, "hi"]);
    run(cmd).code(3).stderr_has("refusing plain http://");
}

#[test]
fn sandbox_demo_ignores_url_and_key_settings_it_does_not_use() {
    let t = Test::new();
    t.write_config(
        "[profiles.default]\nbase_url = \"https://api.example/api\"\napi_key = \"pk_x\"\n",
    );
    let mut cmd = t.bare();
    cmd.env("PEKI_BASE_URL", "http://example.com/not-loopback")
        .args(["send", "--sandbox", "hello"]);
    run(cmd).code(0).stdout_is("Echo: hello\n");
}

#[test]
fn a_reply_that_ends_in_a_newline_still_gets_one_more() {
    let home = tempfile::tempdir().unwrap();
    let api = common::FakeApi::start(common::Canned::new(
        200,
        r#"{"data":"line\n","error":null}"#,
    ));
    api.send(home.path(), &[]).code(0).stdout_is("line\n\n");
}

#[test]
fn credentials_in_a_base_url_are_never_echoed() {
    let t = Test::new();
    for url in [
        "https://ada:hunter2pass@api.example.com/api",
        "https://tok_hunter2pass@api.example.com/api",
        "http://ada:hunter2pass@example.com/api",
    ] {
        let out = run(t.send(&["--json", "--base-url", url, "hi"]));
        out.code(2);
        for text in [&out.stdout, &out.stderr] {
            assert!(!text.contains("hunter2pass"), "{text}");
        }
        let mut cmd = t.send(&["--json", "hi"]);
        cmd.env("PEKI_BASE_URL", url);
        let out = run(cmd);
        out.code(2).stderr_has("***@");
        assert!(!out.stdout.contains("hunter2pass") && !out.stderr.contains("hunter2pass"));
    }
}

#[test]
fn every_send_records_the_rate_limit_window_privately() {
    let t = Test::new();
    run(t.send(&["one"])).code(0);
    run(t.send(&["two"])).code(0);
    let book = t.home.path().join("xdg-state/peki/rate-limits.json");
    let text = std::fs::read_to_string(&book).unwrap();
    assert!(!text.contains(SECRET));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let readings = json["readings"].as_array().unwrap();
    assert_eq!(readings.len(), 1, "{text}");
    assert_eq!(readings[0]["bot"], BOT);
    assert_eq!(readings[0]["api_key"], KEY);
    assert_eq!(readings[0]["base_url"], t.sandbox.base_url());
    assert_eq!(readings[0]["remaining"], 98);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&book).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // The in-process demo sandbox leaves no reading behind.
    let mut demo = t.bare();
    demo.args(["send", "--sandbox", "hi"]);
    run(demo).code(0);
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&book).unwrap()).unwrap();
    assert_eq!(after["readings"].as_array().unwrap().len(), 1);
}
