//! `peki chat`: off a terminal (one message a line, one reply a line, JSON Lines, failures
//! in place) and on one through a pseudo-terminal (prompt, /commands, multi-line input,
//! Ctrl-C, Ctrl-D, a private history file that keeps no /command argument).

mod common;

use std::time::Duration;

use common::{BOT, Canned, FakeApi, Test, run_with};

fn chat_piped(t: &Test, extra: &[&str], stdin: &str) -> common::Run {
    let mut cmd = t.peki();
    cmd.args(["chat", "--bot", BOT]).args(extra);
    run_with(cmd, Some(stdin.as_bytes()))
}

#[test]
fn off_a_terminal_each_line_is_a_message_and_each_reply_a_line() {
    let t = Test::new();
    chat_piped(&t, &[], "hello\n\n  \nsecond one\r\n/help\n")
        .code(0)
        .stdout_is("Echo: hello\nEcho: second one\nEcho: /help\n");
}

/// `peki chat < f >> f` would read its own replies back as messages, each one a request,
/// for ever: refused before anything is sent.
#[cfg(unix)]
#[test]
fn off_a_terminal_a_file_that_is_both_input_and_output_is_refused() {
    let t = Test::new();
    let file = t.home.path().join("talk.txt");
    std::fs::write(&file, "a\nb\n").unwrap();
    let script = format!("\"$PEKI\" chat --bot {BOT} < {0} >> {0}", file.display());
    common::run_within(t.shell(&script), Duration::from_secs(10))
        .code(2)
        .stderr_has(
            "error: stdin is also where the output goes: peki would read back what it appends \
             and never end",
        );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "a\nb\n");
}

#[test]
fn off_a_terminal_a_failure_is_an_empty_line_and_the_exit_code() {
    let t = Test::with_limit(1);
    let out = chat_piped(&t, &["--retries", "0"], "one\ntwo\n");
    out.code(6).stderr_has("error: ");
    assert_eq!(out.stdout, "Echo: one\n\n");
}

#[test]
fn off_a_terminal_line_breaks_in_replies_are_escaped() {
    let home = tempfile::tempdir().unwrap();
    let api = FakeApi::start(Canned::new(
        200,
        r#"{"data":"two\nlines \\ and\r\nmore","error":null}"#,
    ));
    let mut cmd = api.command(home.path());
    cmd.args(["chat", "--bot", BOT]);
    run_with(cmd, Some(b"hi\n"))
        .code(0)
        .stdout_is("two\\nlines \\\\ and\\r\\nmore\n");
    assert_eq!(api.hits(), 1);
}

#[test]
fn off_a_terminal_json_prints_one_object_a_line() {
    let t = Test::new();
    let out = chat_piped(&t, &["--json"], "a\nb\n");
    out.code(0);
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["reply"], "Echo: b");
    assert_eq!(lines[0]["ok"], true);
}

#[test]
fn off_a_terminal_a_bad_line_fails_alone() {
    let t = Test::new();
    let mut input = b"before\n".to_vec();
    input.extend(vec![b'x'; 1024 * 1024 + 10]);
    input.extend(b"\n\xff\xfe\nafter\n");
    let mut cmd = t.peki();
    cmd.args(["chat", "--bot", BOT]);
    let out = run_with(cmd, Some(&input));
    out.code(2)
        .stderr_has("a line of stdin is larger than 1 MiB")
        .stderr_has("not valid UTF-8");
    assert_eq!(out.stdout, "Echo: before\n\n\nEcho: after\n");
}

#[test]
fn the_user_id_is_new_each_session_unless_chosen() {
    let t = Test::new();
    let ids: Vec<String> = (0..2)
        .map(|_| {
            let mut cmd = t.peki();
            cmd.args(["-vv", "chat", "--bot", BOT]);
            let out = run_with(cmd, Some(b"x\n"));
            let start = out.stderr.find("\"id\":\"").unwrap() + 6;
            out.stderr[start..].split('"').next().unwrap().to_string()
        })
        .collect();
    assert!(ids[0].starts_with("tester-") && ids[0] != ids[1], "{ids:?}");
    let mut cmd = t.peki();
    cmd.args(["-vv", "chat", "--bot", BOT, "--user-id", "u42"]);
    run_with(cmd, Some(b"x\n"))
        .code(0)
        .stderr_has("\"id\":\"u42\"");
}

#[cfg(unix)]
fn spawn_chat(t: &Test, extra: &[&str]) -> expectrl::session::OsSession {
    let mut cmd = t.peki();
    cmd.args(["chat", "--bot", BOT]).args(extra);
    let mut session = expectrl::Session::spawn(cmd).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

#[cfg(unix)]
#[test]
fn on_a_terminal_a_conversation_goes_on_through_errors_and_commands() {
    use expectrl::{Eof, Expect};
    let t = Test::new();
    let mut p = spawn_chat(&t, &[]);
    p.expect("/help lists the commands").unwrap();
    p.expect("support> ").unwrap();
    // Each line waits for the prompt: rustyline drops keys typed ahead within one read.
    p.send_line("hello there").unwrap();
    p.expect("Echo: hello there").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("/limits").unwrap();
    p.expect("support: 99 of 100 requests left").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("/help").unwrap();
    p.expect("/retry").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("/bot nope").unwrap();
    p.expect("now talking to nope").unwrap();
    p.expect("nope> ").unwrap();
    p.send_line("anyone?").unwrap();
    p.expect("not found").unwrap();
    p.expect("nope> ").unwrap();
    p.send_line("/bot support").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("/file https://example.com/a.pdf?token=abc")
        .unwrap();
    p.expect("next message").unwrap();
    p.send_line("see this").unwrap();
    p.expect("Echo: see this (file: https://example.com/a.pdf?token=abc)")
        .unwrap();
    p.expect("support> ").unwrap();
    p.send_line("/retry").unwrap();
    p.expect("Echo: see this (file:").unwrap();
    // A trailing backslash goes on to the next line.
    p.expect("support> ").unwrap();
    p.send_line("first \\").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    p.send_line("second").unwrap();
    p.expect("Echo: first ").unwrap();
    p.expect("second").unwrap();
    // Ctrl-C drops the line being typed.
    p.expect("support> ").unwrap();
    p.send("dropped").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    p.send(expectrl::ControlCode::EndOfText).unwrap();
    p.expect("support> ").unwrap();
    p.send_line("kept").unwrap();
    p.expect("Echo: kept").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("/unknown").unwrap();
    p.expect("unknown command /unknown").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("/quit").unwrap();
    p.expect(Eof).unwrap();
    let status = p.get_process().wait().unwrap();
    assert!(
        format!("{status:?}").starts_with("Exited(") && format!("{status:?}").ends_with(", 0)"),
        "{status:?}"
    );

    let history = t.home.path().join("xdg-data/peki/chat-history");
    let text = std::fs::read_to_string(&history).unwrap();
    assert!(
        text.contains("hello there") && text.contains("/retry"),
        "{text}"
    );
    assert!(
        !text.contains("token=abc") && !text.contains("/bot"),
        "{text}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&history).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[cfg(unix)]
#[test]
fn on_a_terminal_ctrl_d_quits_and_an_unwritable_history_is_only_a_warning() {
    use expectrl::{Eof, Expect};
    let t = Test::new();
    // A file where the data directory should be: no history can be kept.
    std::fs::write(t.home.path().join("xdg-data"), "").unwrap();
    let mut p = spawn_chat(&t, &[]);
    p.expect("cannot use the chat history").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("hi").unwrap();
    p.expect("Echo: hi").unwrap();
    // As a person would, at the next prompt: a Ctrl-D typed while the line discipline is
    // still cooked (before the editor takes the terminal back) is the terminal's EOF, not
    // the editor's, and under load the test raced it.
    p.expect("support> ").unwrap();
    p.send(expectrl::ControlCode::EndOfTransmission).unwrap();
    p.expect(Eof).unwrap();
    let status = p.get_process().wait().unwrap();
    assert!(
        format!("{status:?}").starts_with("Exited(") && format!("{status:?}").ends_with(", 0)"),
        "{status:?}"
    );
}

#[cfg(unix)]
#[test]
fn on_a_terminal_a_history_that_is_a_fifo_is_skipped_with_a_warning() {
    use expectrl::{Eof, Expect};
    let t = Test::new();
    let dir = t.home.path().join("xdg-data/peki");
    std::fs::create_dir_all(&dir).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("chat-history"))
        .status();
    assert!(made.unwrap().success());
    let mut p = spawn_chat(&t, &[]);
    p.expect("chat-history: not a regular file; going on without it")
        .unwrap();
    p.expect("support> ").unwrap();
    p.send_line("hi").unwrap();
    p.expect("Echo: hi").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("/quit").unwrap();
    p.expect(Eof).unwrap();
    let status = p.get_process().wait().unwrap();
    assert!(format!("{status:?}").ends_with(", 0)"), "{status:?}");
}

#[cfg(unix)]
#[test]
fn on_a_terminal_ctrl_c_stops_waiting_for_a_slow_reply() {
    use expectrl::Expect;
    let options = peki::sandbox::SandboxOptions {
        faults: peki::sandbox::Faults {
            latency: Duration::from_secs(30),
            ..Default::default()
        },
        ..Default::default()
    };
    let t = Test::with_options(100, options);
    let mut p = spawn_chat(&t, &["--no-history"]);
    p.expect("support> ").unwrap();
    p.send_line("slow").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    p.send(expectrl::ControlCode::EndOfText).unwrap();
    p.expect("stopped waiting").unwrap();
    p.expect("support> ").unwrap();
    // TERM while waiting ends the session as TERM does, the spinner cleared first.
    p.send_line("slow again").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let pid = p.get_process().pid().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    p.expect(expectrl::Eof).unwrap();
    let status = format!("{:?}", p.get_process().wait().unwrap());
    assert!(status.contains("SIGTERM"), "{status}");
}

#[cfg(unix)]
#[test]
fn on_a_terminal_escape_sequences_in_a_reply_are_shown_not_obeyed() {
    use expectrl::Expect;
    let home = tempfile::tempdir().unwrap();
    let api = FakeApi::start(Canned::new(
        200,
        r#"{"data":"\u001b]0;pwned\u0007\u001b[2Jsafe\u202e","error":null}"#,
    ));
    let mut cmd = api.command(home.path());
    cmd.args(["chat", "--bot", BOT, "--no-history"]);
    let mut p = expectrl::Session::spawn(cmd).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p.expect("support> ").unwrap();
    p.send_line("hi").unwrap();
    let shown = p.expect("support> ").unwrap();
    let shown = String::from_utf8_lossy(shown.before()).into_owned();
    assert!(shown.contains("^[]0;pwned^G^[[2Jsafe<U+202E>"), "{shown:?}");
    assert!(!shown.contains("\x1b]0;"), "{shown:?}");
    p.send_line("/quit").unwrap();
    p.expect(expectrl::Eof).unwrap();
    assert_eq!(api.hits(), 1);
}

#[cfg(unix)]
#[test]
fn on_a_terminal_a_pasted_secret_stays_out_of_the_history() {
    use expectrl::Expect;
    let t = Test::new();
    let mut p = spawn_chat(&t, &[]);
    p.expect("support> ").unwrap();
    p.send_line("my key is sk_live_0123456789abcdef").unwrap();
    p.expect("Echo: my key").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("plain question").unwrap();
    p.expect("Echo: plain question").unwrap();
    p.expect("support> ").unwrap();
    p.send_line("/quit").unwrap();
    p.expect(expectrl::Eof).unwrap();
    let text = std::fs::read_to_string(t.home.path().join("xdg-data/peki/chat-history")).unwrap();
    assert!(
        text.contains("plain question") && !text.contains("sk_live"),
        "{text}"
    );
}
