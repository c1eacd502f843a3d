//! `peki limits`: the rate-limit readings that sends record, shown without sending, and a
//! book that stays whole when several `peki` processes write it at once.

mod common;

use std::process::Stdio;

use common::{KEY, Test, run};

fn limits(t: &Test, args: &[&str]) -> common::Run {
    let mut cmd = t.bare();
    cmd.arg("limits").args(args);
    run(cmd)
}

fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn limits_with_no_reading_says_so_and_prints_nothing() {
    let t = Test::new();
    let out = limits(&t, &[]);
    out.code(0)
        .stdout_is("")
        .stderr_has("no rate-limit reading yet");
    limits(&t, &["--bot", "support", "--json"])
        .code(0)
        .stdout_is("")
        .stderr_has("for chatbot 'support'");
}

#[test]
fn limits_after_a_send_shows_its_reading_without_sending() {
    let t = Test::new();
    run(t.send(&["hi"])).code(0);
    run(t.send(&["again"])).code(0);
    let out = limits(&t, &[]);
    out.code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(lines[0].starts_with("BOT"), "{}", out.stdout);
    assert!(lines[1].starts_with("support"), "{}", out.stdout);
    assert!(lines[1].contains("98 of 100"), "{}", out.stdout);
    assert!(lines[1].contains(&t.sandbox.base_url()), "{}", out.stdout);
    assert!(lines[1].contains(KEY), "{}", out.stdout);

    let out = limits(&t, &["--json"]);
    let [reading] = json_lines(&out.stdout).try_into().unwrap();
    assert_eq!(reading["bot"], "support");
    assert_eq!(reading["remaining"], 98);
    assert_eq!(reading["remaining_now"], 98);
    assert_eq!(reading["limit"], 100);
    assert_eq!(reading["api_key"], KEY);
    assert!(reading["age_secs"].as_i64().unwrap() >= 0);
    // `peki limits` sent nothing: a send still sees 98 left before its own.
    let after = run(t.send(&["--json", "third"]));
    assert_eq!(after.json()["rate_limit"]["remaining"], 97);
}

#[test]
fn limits_filters_by_bot_and_matches_its_schema() {
    let t = Test::new();
    for bot in ["support", "fromenv"] {
        let mut cmd = t.peki();
        cmd.args(["send", "--bot", bot, "hi"]);
        run(cmd).code(0);
    }
    let all = json_lines(&limits(&t, &["--json"]).stdout);
    assert_eq!(all.len(), 2);
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/limits-line.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for line in &all {
        assert!(validator.is_valid(line), "{line}");
    }
    assert!(!validator.is_valid(&serde_json::json!({"bot": "support"})));
    let only = json_lines(&limits(&t, &["--json", "-b", "fromenv"]).stdout);
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["bot"], "fromenv");
    limits(&t, &["--bot", "not a bot"]).code(2);
}

#[test]
fn limits_stays_whole_with_several_processes_sending_and_reading_at_once() {
    let t = Test::new();
    let bots = ["support", "fromenv", "fromfile"];
    let mut children = Vec::new();
    for round in 0..4 {
        for bot in bots {
            let mut send = t.peki();
            send.args(["send", "--bot", bot, &format!("round {round}")])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            children.push(send.spawn().unwrap());
        }
        let mut read = t.bare();
        read.args(["limits", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        children.push(read.spawn().unwrap());
    }
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{output:?}");
        // Whatever a reader saw mid-way was a whole book.
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            serde_json::from_str::<serde_json::Value>(line).unwrap();
        }
    }
    let readings = json_lines(&limits(&t, &["--json"]).stdout);
    assert_eq!(readings.len(), 3, "{readings:?}");
    for reading in readings {
        // Four sends a chatbot: the lowest count seen is the one kept.
        assert_eq!(reading["remaining"], 96, "{reading}");
    }
}
