//! `peki config` in a temp HOME: writing and reading profiles, secrets kept out of sight,
//! `api_secret_command`, permission warnings, swapped credentials, `config check`, and
//! `config init` through a real pseudo-terminal.

mod common;

use std::time::Duration;

use common::{BOT, Canned, FakeApi, KEY, SECRET, Test, run, run_with};

fn config(t: &Test, args: &[&str]) -> common::Run {
    let mut cmd = t.bare();
    cmd.arg("config").args(args);
    run(cmd)
}

fn config_with_stdin(t: &Test, args: &[&str], stdin: &str) -> common::Run {
    let mut cmd = t.bare();
    cmd.arg("config").args(args);
    run_with(cmd, Some(stdin.as_bytes()))
}

fn config_path(t: &Test) -> std::path::PathBuf {
    t.home.path().join("xdg-config/peki/config.toml")
}

fn read_config(t: &Test) -> String {
    std::fs::read_to_string(config_path(t)).unwrap()
}

#[test]
fn path_follows_xdg_config_home_and_the_flag() {
    let t = Test::new();
    config(&t, &["path"])
        .code(0)
        .stdout_is(&format!("{}\n", config_path(&t).display()));
    config(&t, &["--config", "/tmp/elsewhere.toml", "path"])
        .code(0)
        .stdout_is("/tmp/elsewhere.toml\n");
}

#[test]
fn set_get_list_and_unset_round_trip() {
    let t = Test::new();
    config(&t, &["set", "api_key", KEY]).code(0);
    config(&t, &["set", "bot", BOT]).code(0);
    config(&t, &["set", "timeout", "2.5"]).code(0);
    config(&t, &["set", "retries", "5"])
        .code(0)
        .stderr_has("set retries = 5 in profile 'default'");
    config(&t, &["get", "bot"]).code(0).stdout_is("support\n");
    config(&t, &["list"])
        .code(0)
        .stdout_is("api_key = pk_test_key\nbot = support\ntimeout = 2.5\nretries = 5\n");
    config(&t, &["unset", "bot"])
        .code(0)
        .stderr_has("removed bot");
    config(&t, &["get", "bot"])
        .code(3)
        .stderr_has("bot is not set in profile 'default'");
    config(&t, &["unset", "bot"])
        .code(0)
        .stderr_has("was not set");
}

#[test]
fn profiles_are_chosen_with_profile_flag_and_use() {
    let t = Test::new();
    config(&t, &["set", "bot", "one"]).code(0);
    config(&t, &["--profile", "staging", "set", "bot", "two"]).code(0);
    config(&t, &["profiles"])
        .code(0)
        .stdout_is("default\nstaging\n");
    config(&t, &["use", "staging"])
        .code(0)
        .stderr_has("default profile is now 'staging'");
    config(&t, &["profiles"])
        .code(0)
        .stdout_is("default\nstaging (default)\n");
    config(&t, &["get", "bot"]).code(0).stdout_is("two\n");
    config(&t, &["-p", "default", "get", "bot"])
        .code(0)
        .stdout_is("one\n");
    config(&t, &["use", "nope"])
        .code(2)
        .stderr_has("profiles there: default, staging");
    config(&t, &["-p", "nope", "list"]).code(3);
}

#[test]
fn secrets_come_only_from_stdin_and_are_shown_masked() {
    let t = Test::new();
    config(&t, &["set", "api_secret", SECRET])
        .code(2)
        .stderr_has("lands in your shell history")
        .stderr_has("peki config set api_secret -");
    assert!(!config_path(&t).exists(), "nothing may be written");
    config_with_stdin(&t, &["set", "api_secret", "-"], &format!("{SECRET}\n"))
        .code(0)
        .stderr_has("set api_secret = sk_…9b44");
    config(&t, &["get", "api_secret"])
        .code(0)
        .stdout_is("sk_…9b44\n");
    config(&t, &["list"])
        .code(0)
        .stdout_is("api_secret = sk_…9b44\n");
    // --reveal is the one way to see it; run() would fail on the sentinel, so read raw.
    let mut cmd = t.bare();
    cmd.args(["config", "get", "api_secret", "--reveal"]);
    let out = cmd.output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{SECRET}\n"));
    assert!(read_config(&t).contains(SECRET));
}

#[test]
fn unknown_keys_and_bad_values_are_usage_errors() {
    let t = Test::new();
    config(&t, &["set", "api_kye", "x"])
        .code(2)
        .stderr_has("possible values: api_key, api_secret, api_secret_command, bot, base_url")
        .stderr_has("a similar value exists: 'api_key'");
    config(&t, &["get", "nope"])
        .code(2)
        .stderr_has("possible values:");
    // Which values each kind takes is unit-tested with the settings table; here, that a
    // refusal is a usage error naming the key, and that nothing is written.
    for (key, value) in [("base_url", "http://example.com/api"), ("retries", "many")] {
        config(&t, &["set", key, value])
            .code(2)
            .stderr_has(&format!("error: invalid {key} (from the command line): "));
    }
    assert!(!config_path(&t).exists());
}

#[cfg(unix)]
#[test]
fn the_file_is_written_0600_in_a_0700_dir_and_keeps_comments() {
    use std::os::unix::fs::PermissionsExt;
    let t = Test::new();
    let path = t.write_config(
        "# my settings\n[profiles.default]\nbot = \"old\"   # the usual one\n[extra]\nmine = 1\n",
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    // [extra] is not a peki table, so the file is refused rather than rewritten.
    config(&t, &["set", "bot", "new"])
        .code(3)
        .stderr_has("config.toml:4:2: unknown field `extra`");
    t.write_config("# my settings\n[profiles.default]\nbot = \"old\"   # the usual one\n");
    config(&t, &["set", "bot", "new"]).code(0);
    assert_eq!(
        read_config(&t),
        "# my settings\n[profiles.default]\nbot = \"new\"   # the usual one\n"
    );
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);

    let fresh = Test::new();
    config(&fresh, &["set", "bot", "x"]).code(0);
    assert_eq!(mode(&config_path(&fresh)), 0o600);
    assert_eq!(mode(config_path(&fresh).parent().unwrap()), 0o700);
    let leftovers: Vec<_> = std::fs::read_dir(config_path(&fresh).parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["config.toml"], "no temp files left behind");
}

#[cfg(unix)]
#[test]
fn loading_warns_once_when_a_file_with_a_secret_is_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let t = Test::new();
    let path = t.write_config(&format!(
        "[profiles.default]\napi_key = \"{KEY}\"\napi_secret = \"{SECRET}\"\n"
    ));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let mut cmd = t.bare();
    cmd.env("PEKI_BASE_URL", t.sandbox.base_url())
        .args(["send", "-b", BOT, "hi"]);
    let out = run(cmd);
    out.code(0).stdout_is("Echo: hi\n");
    assert_eq!(
        out.stderr
            .matches("holds an API secret and others can read it (mode 0640)")
            .count(),
        1,
        "{}",
        out.stderr
    );
    out.stderr_has("chmod 600");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut cmd = t.bare();
    cmd.env("PEKI_BASE_URL", t.sandbox.base_url())
        .args(["send", "-b", BOT, "hi"]);
    assert_eq!(run(cmd).code(0).stderr, "");
}

#[test]
fn api_secret_command_supplies_the_secret() {
    let t = Test::new();
    config(&t, &["set", "api_key", KEY]).code(0);
    // The command builds the secret, so its own text does not contain it; like `pass`,
    // it prints metadata lines after the secret.
    let (head, tail) = SECRET.split_at(10);
    config(
        &t,
        &[
            "set",
            "api_secret_command",
            &format!("printf '  %s%s\\nlogin: me\\nurl: peki\\n' {head} {tail}"),
        ],
    )
    .code(0);
    let mut cmd = t.bare();
    cmd.env("PEKI_BASE_URL", t.sandbox.base_url())
        .args(["send", "-b", BOT, "hi"]);
    run(cmd).code(0).stdout_is("Echo: hi\n");
    // Setting a secret directly replaces the command.
    config_with_stdin(&t, &["set", "api_secret", "-"], SECRET)
        .code(0)
        .stderr_has("removed api_secret_command");
    assert!(!read_config(&t).contains("api_secret_command"));
}

#[test]
fn a_failing_or_silent_secret_command_is_exit_3_naming_the_command_only() {
    let t = Test::new();
    let api = FakeApi::start(Canned::new(200, r#"{"data":"x","error":null}"#));
    for (command, why) in [
        (
            "echo leaked-$((6 * 7)) >&1; exit 4",
            "failed with exit code 4",
        ),
        ("true", "printed nothing"),
    ] {
        t.write_config(&format!(
            "[profiles.default]\napi_key = \"{KEY}\"\napi_secret_command = '{command}'\n"
        ));
        let mut cmd = t.bare();
        cmd.env("PEKI_BASE_URL", api.base_url())
            .args(["send", "-b", BOT, "hi"]);
        let out = run(cmd);
        out.code(3)
            .stderr_has(&format!("api_secret_command `{command}` {why}"));
        assert!(!out.stderr.contains("leaked-42") && !out.stdout.contains("leaked-42"));
    }
    assert_eq!(api.hits(), 0, "no request without a secret");
}

#[test]
fn swapped_key_and_secret_are_caught_before_any_request() {
    let t = Test::new();
    let api = FakeApi::start(Canned::new(200, r#"{"data":"x","error":null}"#));
    for (key, secret) in [
        ("sk_looks_secret", "sk_fine_secret"),
        (KEY, "pk_looks_like_key"),
    ] {
        let mut cmd = t.bare();
        cmd.env("PEKI_BASE_URL", api.base_url())
            .env("PEKI_API_KEY", key)
            .env("PEKI_API_SECRET", secret)
            .args(["send", "-b", BOT, "hi"]);
        run(cmd)
            .code(3)
            .stderr_has("looks like the API key and secret are swapped");
    }
    assert_eq!(api.hits(), 0);
    config(&t, &["set", "api_key", "sk_oops"])
        .code(2)
        .stderr_has("swapped");
}

#[test]
fn both_secret_and_secret_command_in_one_profile_is_a_config_error() {
    let t = Test::new();
    t.write_config(&format!(
        "[profiles.default]\napi_key = \"{KEY}\"\napi_secret = \"sk_a\"\napi_secret_command = \"echo b\"\n"
    ));
    let mut cmd = t.bare();
    cmd.env("PEKI_BASE_URL", t.sandbox.base_url())
        .args(["send", "-b", BOT, "hi"]);
    run(cmd)
        .code(3)
        .stderr_has("sets both api_secret and api_secret_command");
    // PEKI_API_SECRET overrides both, so the conflict does not matter then.
    run(t.send(&["hi"])).code(0);
}

#[test]
fn check_shows_each_value_with_its_source_and_passes_when_ready() {
    let t = Test::new();
    t.write_config(&format!(
        "default_profile = \"work\"\n[profiles.work]\napi_key = \"{KEY}\"\ntimeout = 9\n"
    ));
    let mut cmd = t.bare();
    cmd.env("PEKI_API_SECRET", SECRET)
        .env("PEKI_BOT", BOT)
        .args(["config", "check"]);
    let out = run(cmd);
    out.code(0);
    let line = |name: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} line: {}", out.stdout))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("profile"),
        "profile work (default_profile in the config file)"
    );
    assert_eq!(line("api_key"), "api_key pk_test_key (profile 'work')");
    assert_eq!(
        line("api_secret"),
        "api_secret sk_…9b44 (env PEKI_API_SECRET)"
    );
    assert_eq!(line("bot"), "bot support (env PEKI_BOT)");
    assert_eq!(
        line("base_url"),
        "base_url https://api.peki.ai/api (default)"
    );
    assert_eq!(line("user_name"), "user_name tester (default)");
    assert_eq!(line("timeout"), "timeout 9s (profile 'work')");
    assert!(out.stdout.contains("ok: ready to send"), "{}", out.stdout);
}

#[test]
fn check_lists_problems_and_exits_3() {
    let t = Test::new();
    let mut cmd = t.bare();
    cmd.env("PEKI_API_KEY", "sk_swapped")
        .args(["config", "check"]);
    let out = run(cmd);
    out.code(3).stderr_has("2 problems found");
    assert!(
        out.stdout.contains("problems:\n  - no chatbot given"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("  - no API secret"), "{}", out.stdout);
}

#[test]
fn init_refuses_without_a_terminal() {
    let t = Test::new();
    config_with_stdin(&t, &["init"], "pk_x\n")
        .code(2)
        .stderr_has("needs a terminal")
        .stderr_has("peki config set KEY VALUE");
    assert!(!config_path(&t).exists());
}

/// `peki config init` on a pseudo-terminal of its own.
#[cfg(unix)]
fn spawn_init(t: &Test) -> expectrl::session::OsSession {
    let mut cmd = t.bare();
    cmd.args(["config", "init"]);
    let mut session = expectrl::Session::spawn(cmd).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

#[cfg(unix)]
#[test]
fn init_asks_on_a_terminal_hides_the_secret_and_writes_a_private_profile() {
    use expectrl::{Eof, Expect};
    use std::os::unix::fs::PermissionsExt;
    let t = Test::new();
    let mut p = spawn_init(&t);
    p.expect("Profile name [default]: ").unwrap();
    p.send_line("work").unwrap();
    p.expect("API key (pk_…): ").unwrap();
    p.send_line("sk_wrong_way_round").unwrap();
    p.expect("swapped").unwrap(); // refused, asked again
    p.expect("API key (pk_…): ").unwrap();
    p.send_line(KEY).unwrap();
    p.expect("API secret (sk_…, not shown): ").unwrap();
    p.send_line(SECRET).unwrap();
    let echoed = p.expect("Chatbot id: ").unwrap();
    let echoed = String::from_utf8_lossy(echoed.before()).into_owned();
    assert!(
        !echoed.contains("SENTINEL"),
        "the secret was echoed: {echoed:?}"
    );
    p.send_line(BOT).unwrap();
    p.expect("User id [tester]: ").unwrap();
    p.send_line("").unwrap();
    p.expect("User name [tester]: ").unwrap();
    p.send_line("Ada").unwrap();
    let rest = p.expect(Eof).unwrap();
    let transcript = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(transcript.contains("wrote profile 'work'"), "{transcript}");
    assert!(
        !transcript.contains(SECRET),
        "the secret was echoed: {transcript}"
    );

    let text = read_config(&t);
    assert!(text.contains("default_profile = \"work\""), "{text}");
    assert!(
        text.contains(&format!("api_secret = \"{SECRET}\"")),
        "{text}"
    );
    assert!(
        text.contains("user_id = \"tester\"") && text.contains("user_name = \"Ada\""),
        "{text}"
    );
    let mode = std::fs::metadata(config_path(&t))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    // The profile works.
    let mut cmd = t.bare();
    cmd.env("PEKI_BASE_URL", t.sandbox.base_url())
        .args(["send", "hi"]);
    run(cmd).code(0).stdout_is("Echo: hi\n");
}

#[test]
fn tls_keys_are_checked_and_stored() {
    let t = Test::new();
    let dir = tempfile::tempdir().unwrap();
    let pki = common::net::Pki::create(dir.path());
    config(&t, &["set", "ca_cert", pki.ca_pem.to_str().unwrap()]).code(0);
    config(&t, &["get", "ca_cert"])
        .code(0)
        .stdout_is(&format!("{}\n", pki.ca_pem.display()));
    config(&t, &["set", "ca_cert", pki.key_pem.to_str().unwrap()])
        .code(2)
        .stderr_has("holds no PEM certificate");
    config(&t, &["set", "native_roots", "yes"])
        .code(2)
        .stderr_has("not true or false");
    // A CA bundle and the system store do not combine: setting one removes the other
    // (a `native_roots = false` is no rival, and stays).
    config(&t, &["set", "native_roots", "false"]).code(0);
    let out = config(&t, &["set", "ca_cert", pki.ca_pem.to_str().unwrap()]);
    out.code(0);
    assert!(!out.stderr.contains("removed"), "{}", out.stderr);
    config(&t, &["list"]).code(0).stdout_is(&format!(
        "ca_cert = {}\nnative_roots = false\n",
        pki.ca_pem.display()
    ));
    config(&t, &["set", "native_roots", "true"])
        .code(0)
        .stderr_has("removed ca_cert from profile 'default'");
    config(&t, &["list"])
        .code(0)
        .stdout_is("native_roots = true\n");
    config(&t, &["set", "ca_cert", pki.ca_pem.to_str().unwrap()])
        .code(0)
        .stderr_has("removed native_roots from profile 'default'");
    config(&t, &["list"])
        .code(0)
        .stdout_is(&format!("ca_cert = {}\n", pki.ca_pem.display()));
}

#[test]
fn inline_profile_tables_can_be_edited() {
    let t = Test::new();
    t.write_config("# mine\nprofiles = { default = { bot = \"x\" } }\n");
    config(&t, &["set", "api_key", KEY]).code(0);
    config(&t, &["list"])
        .code(0)
        .stdout_is("api_key = pk_test_key\nbot = x\n");
    // The comment and the inline style survive.
    let text = read_config(&t);
    assert!(text.starts_with("# mine\nprofiles = {"), "{text}");
}

#[test]
fn a_secret_stored_as_the_key_is_masked_everywhere() {
    let t = Test::new();
    t.write_config(&format!("[profiles.default]\napi_key = \"{SECRET}\"\n"));
    // run() fails on any output holding the sentinel.
    config(&t, &["list"])
        .code(0)
        .stdout_is("api_key = sk_…9b44\n");
    config(&t, &["get", "api_key"])
        .code(0)
        .stdout_is("sk_…9b44\n");
    config(&t, &["check"]).code(3).stderr_has("problems found");
    let mut cmd = t.bare();
    cmd.env("PEKI_API_KEY", SECRET).args(["config", "check"]);
    run(cmd).code(3);
}

#[test]
fn values_with_line_breaks_and_blank_profile_names_are_refused() {
    let t = Test::new();
    config(&t, &["set", "api_key", "pk_a\nX-Evil: 1"])
        .code(2)
        .stderr_has("line break");
    config_with_stdin(
        &t,
        &["set", "api_secret", "-"],
        "sk_line_one\nsk_line_two\n",
    )
    .code(2)
    .stderr_has("line break");
    config(&t, &["set", "user_name", "  Ada  "]).code(0);
    config(&t, &["get", "user_name"]).code(0).stdout_is("Ada\n");
    for bad in ["", " ", "new\nline"] {
        config(&t, &["--profile", bad, "set", "bot", "x"])
            .code(2)
            .stderr_has("invalid profile name");
    }
    let mut cmd = t.bare();
    cmd.env("PEKI_PROFILE", " ")
        .args(["config", "set", "bot", "x"]);
    run(cmd).code(2).stderr_has("invalid profile name");
    config_with_stdin(&t, &["set", "api_secret", "-"], "\u{7f}").code(2);
    let mut cmd = t.bare();
    cmd.args(["config", "set", "api_secret", "-"]);
    run_with(cmd, Some(&[0xff, 0xfe, b'\n']))
        .code(2)
        .stderr_has("not valid UTF-8");
}

#[cfg(unix)]
#[test]
fn a_file_others_can_change_that_runs_a_command_is_a_problem() {
    use std::os::unix::fs::PermissionsExt;
    let t = Test::new();
    let path = t.write_config(&format!(
        "[profiles.default]\napi_key = \"{KEY}\"\napi_secret_command = \"echo sk_x\"\nbot = \"b\"\n"
    ));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = config(&t, &["check"]);
    out.code(3);
    assert!(
        out.stdout
            .contains("names an api_secret_command and others can change it (mode 0666)"),
        "{}",
        out.stdout
    );
}

#[test]
fn check_takes_the_flags_send_takes() {
    let t = Test::new();
    let mut cmd = t.peki();
    cmd.args([
        "config",
        "check",
        "--bot",
        BOT,
        "--timeout",
        "5",
        "--retries",
        "1",
    ]);
    let out = run(cmd);
    out.code(0);
    for expected in [
        "bot                support  (flag --bot)",
        "timeout            5s  (flag --timeout)",
        "retries            1  (flag --retries)",
        "native_roots       false  (default)",
    ] {
        assert!(out.stdout.contains(expected), "{expected}: {}", out.stdout);
    }
}

#[test]
fn editing_a_malformed_file_names_its_line_and_column_and_keeps_it() {
    let t = Test::new();
    let path = t.write_config("[profiles.a]\nbot = \"x\"\nbot = \"y\"\n");
    config(&t, &["set", "bot", "z"])
        .code(3)
        .stderr_has(&format!("{}:3:", path.display()));
    assert_eq!(read_config(&t), "[profiles.a]\nbot = \"x\"\nbot = \"y\"\n");
}

#[test]
fn a_config_path_that_is_a_directory_is_a_clear_error() {
    let t = Test::new();
    std::fs::create_dir_all(config_path(&t)).unwrap();
    config(&t, &["set", "bot", "x"])
        .code(3)
        .stderr_has("config.toml is not a regular file");
    run(t.send(&["hi"]))
        .code(3)
        .stderr_has("config.toml is not a regular file");
}

#[test]
fn a_numeric_secret_in_the_file_is_an_error_that_does_not_quote_it() {
    let t = Test::new();
    t.write_config("[profiles.default]\napi_secret = 987654321987654321\n");
    let out = run(t.send(&["hi"]));
    out.code(3)
        .stderr_has("config.toml:2:14: api_secret: expected a string, found integer");
    assert!(!out.stderr.contains("987654321987654321"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn init_cancelled_with_ctrl_d_writes_nothing() {
    use expectrl::{Eof, Expect};
    let t = Test::new();
    let mut p = spawn_init(&t);
    p.expect("Profile name [default]: ").unwrap();
    p.send_line("").unwrap();
    p.expect("API key (pk_…): ").unwrap();
    p.send(expectrl::ControlCode::EndOfTransmission).unwrap();
    let rest = p.expect(Eof).unwrap();
    let transcript = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(
        transcript.contains("cancelled; nothing was written"),
        "{transcript}"
    );
    assert!(!config_path(&t).exists());
}

#[test]
fn concurrent_config_sets_lose_no_write() {
    let t = Test::new();
    let children: Vec<_> = (0..20)
        .map(|i| {
            let mut cmd = t.bare();
            cmd.args(["--profile", &format!("p{i}"), "config", "set", "bot"])
                .arg(format!("bot{i}"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            cmd.spawn().unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let text = read_config(&t);
    for i in 0..20 {
        assert!(
            text.contains(&format!("[profiles.p{i}]\nbot = \"bot{i}\"\n")),
            "profile p{i} was lost:\n{text}"
        );
    }
}

/// Names in the config directory other than the config file itself.
fn strays(t: &Test) -> Vec<String> {
    std::fs::read_dir(config_path(t).parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "config.toml")
        .collect()
}

#[cfg(unix)]
#[test]
fn an_interrupted_config_set_leaves_no_temp_copy_of_the_secret() {
    let t = Test::new();
    config_with_stdin(&t, &["set", "api_secret", "-"], &format!("{SECRET}\n")).code(0);
    // TERM at every moment of a write, from before it starts to after it ends.
    for i in 0..150u64 {
        let mut cmd = t.bare();
        cmd.args(["config", "set", "bot"])
            .arg(format!("b{i}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().unwrap();
        std::thread::sleep(Duration::from_micros((i * 37) % 6000));
        let pid = i32::try_from(child.id()).unwrap();
        // SAFETY: kill(2) on a child of ours that has not been waited for yet.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        child.wait().unwrap();
        assert_eq!(strays(&t), Vec::<String>::new(), "after run {i}");
    }
    // A kill -9 cannot be held off: the next edit removes what it left.
    for i in 0..40u64 {
        let mut cmd = t.bare();
        cmd.args(["config", "set", "bot", "x"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().unwrap();
        std::thread::sleep(Duration::from_micros((i * 97) % 5000));
        child.kill().unwrap();
        child.wait().unwrap();
    }
    config(&t, &["set", "bot", "final"]).code(0);
    assert_eq!(strays(&t), Vec::<String>::new());
    assert!(
        read_config(&t).contains(SECRET),
        "the secret is still in the file"
    );
}

/// `peki send` with `--config PATH`, bounded in time: a read that never ends fails the test.
fn send_with_config(t: &Test, path: &std::path::Path) -> common::Run {
    let mut cmd = t.send(&["hi"]);
    cmd.arg("--config").arg(path);
    common::run_within(cmd, Duration::from_secs(10))
}

#[cfg(unix)]
#[test]
fn config_files_that_are_not_small_regular_files_are_refused_at_once() {
    let t = Test::new();
    send_with_config(&t, std::path::Path::new("/dev/zero"))
        .code(3)
        .stderr_has("/dev/zero is not a regular file");
    let fifo = t.home.path().join("fifo.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    send_with_config(&t, &fifo)
        .code(3)
        .stderr_has("fifo.toml is not a regular file");
    let big = t.home.path().join("big.toml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(2 * 1024 * 1024))).unwrap();
    send_with_config(&t, &big)
        .code(3)
        .stderr_has("big.toml is larger than 1048576 bytes");
}

#[test]
fn secret_looking_values_are_not_echoed_in_config_errors() {
    let t = Test::new();
    let leaked = "sk_live_9f8e7d6c5b4a39281706";
    for text in [
        format!("[profiles.default]\nretries = \"{leaked}\"\n"),
        format!("[profiles.default]\ntimeout = \"{leaked}\"\n"),
        format!("[profiles.default]\nnative_roots = \"{leaked}\"\n"),
    ] {
        t.write_config(&text);
        let out = run(t.send(&["hi"]));
        out.code(3).stderr_has("expected");
        assert!(!out.stderr.contains("9f8e7d6c5b4a"), "{}", out.stderr);
    }
    let out = config(&t, &["set", "retries", leaked]);
    out.code(2);
    assert!(!out.stderr.contains("9f8e7d6c5b4a"), "{}", out.stderr);
}

#[test]
fn the_file_is_not_read_when_flags_and_the_environment_give_every_setting() {
    let t = Test::new();
    // A file that cannot be parsed: reading it at all fails the command.
    t.write_config("this is = not [toml\n");
    let pki = common::net::Pki::create(t.home.path());
    let every_flag = [
        "--timeout",
        "5",
        "--connect-timeout",
        "5",
        "--retries",
        "0",
        "--retry-delay",
        "0",
        "--max-wait",
        "0",
        "--cache",
        "0",
        "--proxy",
        "http://127.0.0.1:9",
    ];
    let send = |flags: &[&str]| {
        let mut cmd = t.send(&["--dry-run"]);
        cmd.args(flags)
            .arg("hi")
            .env("PEKI_USER_ID", "u1")
            .env("PEKI_USER_NAME", "Ada")
            .env("PEKI_CA_CERT", &pki.ca_pem);
        run(cmd)
    };
    send(&every_flag).code(0);
    // One setting left to the file: the file is read, and its error stops the command.
    send(&every_flag[..every_flag.len() - 2])
        .code(3)
        .stderr_has("config.toml");
    // A profile asked for by name is looked up in the file, whatever the flags say.
    let mut named = t.send(&["--dry-run", "--profile", "work"]);
    named.args(every_flag).arg("hi");
    run(named).code(3);
}
