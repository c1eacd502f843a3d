//! The local time zone a reset time is shown in, read from `TZ` (or `TZDIR`): whatever it
//! names that is not a zone file (a FIFO, a device, a folder) is UTC, and never a hang.

#![cfg(unix)]

mod common;

use std::time::Duration;

use common::{Test, run_within};

#[test]
fn a_tz_naming_a_fifo_a_device_or_a_folder_shows_utc_at_once() {
    let t = Test::new();
    let fifo = t.home.path().join("zone");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let fifo = fifo.to_str().unwrap().to_string();
    let home = t.home.path().to_str().unwrap().to_string();
    for (tz, tzdir) in [
        (fifo.as_str(), None),
        ("zone", Some(home.as_str())),
        ("/dev/zero", None),
        ("/dev/tty", None),
        (home.as_str(), None),
    ] {
        let mut cmd = t.send(&["--rate-limit", "hi"]);
        cmd.env("TZ", tz);
        if let Some(dir) = tzdir {
            cmd.env("TZDIR", dir);
        }
        run_within(cmd, Duration::from_secs(20))
            .code(0)
            .stderr_has(" UTC (in ");
    }
}

/// `peki limits` shows its reset times in the same zone as a send: a POSIX rule in `TZ`
/// needs no zone file, so this holds on any machine.
#[test]
fn limits_and_send_show_the_reset_in_the_zone_tz_names() {
    let t = Test::new();
    let mut cmd = t.send(&["--rate-limit", "hi"]);
    cmd.env("TZ", "ZZT-3");
    run_within(cmd, Duration::from_secs(20))
        .code(0)
        .stderr_has(" ZZT (in ");
    let mut cmd = t.bare();
    cmd.arg("limits").env("TZ", "ZZT-3");
    let out = run_within(cmd, Duration::from_secs(20));
    out.code(0);
    assert!(out.stdout.contains(" ZZT (in "), "{}", out.stdout);
}
