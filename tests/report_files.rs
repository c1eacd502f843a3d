//! Where `peki test` writes its report files: through a symbolic link to the file it names,
//! into a FIFO or a device in place (never replaced by a regular file), and a destination
//! that cannot take a report refused before anything is sent.

#![cfg(unix)]

mod common;

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::PathBuf;

use common::{Canned, FakeApi, Test, run};

const SUITE: &str =
    "[[case]]\nname = \"greets\"\nmessage = \"hello\"\nexpect = { contains = \"hello\" }\n";

fn suite(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("suite.toml");
    std::fs::write(&path, SUITE).unwrap();
    path
}

#[test]
fn a_report_through_a_symbolic_link_lands_in_the_file_it_names_and_the_link_stays() {
    let t = Test::new();
    let suite = suite(t.home.path());
    std::fs::create_dir(t.home.path().join("reports")).unwrap();
    let link = t.home.path().join("junit.xml");
    std::os::unix::fs::symlink("reports/junit.xml", &link).unwrap();
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support", "--junit"])
        .arg(&link)
        .arg(&suite);
    run(cmd).code(0);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    let report = std::fs::read_to_string(t.home.path().join("reports/junit.xml")).unwrap();
    assert!(report.contains("<testcase name=\"greets\""), "{report}");
}

#[test]
fn a_report_into_a_fifo_reaches_its_reader_and_the_fifo_stays() {
    let t = Test::new();
    let suite = suite(t.home.path());
    let fifo = t.home.path().join("report.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Opened for reading and writing, a FIFO never blocks its opener (Linux); peki's write
    // then lands in its buffer, and a FIFO replaced by a file leaves this one empty.
    let mut reader = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support", "--report-json"])
        .arg(&fifo)
        .arg(&suite);
    run(cmd).code(0);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO was replaced by a file"
    );
    let mut got = Vec::new();
    let _ = reader.read_to_end(&mut got); // WouldBlock once the buffer is drained
    let got = String::from_utf8(got).unwrap();
    assert!(got.contains("\"case\":\"greets\""), "{got:?}");
}

#[test]
fn a_report_that_cannot_be_written_is_refused_before_anything_is_sent() {
    let home = tempfile::tempdir().unwrap();
    let suite = suite(home.path());
    let api = FakeApi::start(Canned::new(200, r#"{"data":"hello","error":null}"#));
    let folder = home.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let nowhere = home.path().join("no/such/dir/report.xml");
    for (flag, path, why) in [
        ("--junit", &nowhere, "does not exist"),
        ("--html", &folder, "is a folder"),
        ("--report-json", &folder, "is a folder"),
    ] {
        let mut cmd = api.command(home.path());
        cmd.args(["test", "--bot", "support", flag])
            .arg(path)
            .arg(&suite);
        run(cmd)
            .code(2)
            .stderr_has(&path.display().to_string())
            .stderr_has(why)
            .stderr_has("nothing was sent");
    }
    assert_eq!(api.hits(), 0);
}
