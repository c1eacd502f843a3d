//! Where the reply goes and what can go wrong there: a full disk, a closed stdout, a reader
//! that leaves early, and a terminal that would act on escape sequences in a reply.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::{SECRET, Test, run};

/// `cmd` with its stdout on `/dev/full`: every write fails with ENOSPC.
#[cfg(target_os = "linux")]
fn into_full_disk(mut cmd: Command) -> common::Run {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = cmd
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains(SECRET));
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr,
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_reply_that_cannot_be_written_is_a_failure_not_a_success() {
    let t = Test::new();
    into_full_disk(t.send(&["hi"]))
        .code(1)
        .stderr_has("error: cannot write the output: No space left on device");
    into_full_disk(t.send(&["--json", "hi"]))
        .code(1)
        .stderr_has("cannot write the output");
    t.write_config("[profiles.default]\nbot = \"x\"\n");
    let mut get = t.bare();
    get.args(["config", "get", "bot"]);
    into_full_disk(get)
        .code(1)
        .stderr_has("cannot write the output");
    // The send's own failure is the one reported.
    let mut missing_bot = t.peki();
    missing_bot.args(["send", "--bot", "nope", "hi"]);
    into_full_disk(missing_bot).code(5);
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_a_failure() {
    let t = Test::new();
    let out = run(t.shell("\"$PEKI\" send --bot support hi >&-"));
    out.code(1).stderr_has("cannot write the output");
}

#[test]
fn a_reader_that_goes_away_early_is_not_an_error() {
    let t = Test::new();
    // A reply larger than a pipe's buffer, to a reader that has already gone.
    let mut cmd = t.send(&[]);
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let big = "x".repeat(300 * 1024);
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), big.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// What a reply with terminal escapes and a bidi override does.
const HOSTILE: &str = "\x1b]0;pwned\x07\x1b[2Jhi\u{202E}gnp.exe";

#[test]
fn piped_and_json_output_stay_byte_exact() {
    let t = Test::new();
    run(t.send(&[HOSTILE]))
        .code(0)
        .stdout_is(&format!("Echo: {HOSTILE}\n"));
    let out = run(t.send(&["--json", HOSTILE]));
    assert_eq!(out.json()["reply"], format!("Echo: {HOSTILE}"));
}

#[cfg(unix)]
#[test]
fn a_terminal_is_shown_escapes_not_fed_them() {
    use expectrl::{Eof, Expect};
    let t = Test::new();
    let mut session = expectrl::Session::spawn(t.send(&[HOSTILE])).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    let seen = session.expect(Eof).unwrap();
    let seen = String::from_utf8_lossy(seen.as_bytes()).into_owned();
    assert!(
        seen.contains("Echo: ^[]0;pwned^G^[[2Jhi<U+202E>gnp.exe"),
        "{seen:?}"
    );
    assert!(
        !seen.contains('\x1b') && !seen.contains('\u{202E}'),
        "{seen:?}"
    );
}

#[test]
fn error_lines_drop_bidi_overrides_too() {
    let api = common::FakeApi::start(common::Canned::new(
        500,
        "{\"title\":\"fine\u{202E}txt.exe\",\"status\":500}",
    ));
    let home = tempfile::tempdir().unwrap();
    let out = api.send(home.path(), &["--retries", "0"]);
    out.code(7)
        .stderr_has("HTTP 500 Internal Server Error: finetxt.exe");
    assert!(!out.stderr.contains('\u{202E}'));
}
