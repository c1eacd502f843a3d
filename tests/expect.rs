//! `peki send --expect-*`: what a CI job checks in a reply, exit 9 when it does not hold,
//! the reply still on stdout and the reason on stderr.

mod common;

use common::{Test, run};

#[test]
fn a_reply_that_meets_every_expectation_exits_0() {
    let t = Test::new();
    let out = run(t.send(&[
        "--expect-contains",
        "Echo",
        "--expect-contains",
        "refund",
        "--expect-not-contains",
        "error",
        "--expect-regex",
        r"^Echo: \w+ refund$",
        "--expect-equals",
        "Echo: my refund",
        "--expect-max-ms",
        "60000",
        "my refund",
    ]));
    out.code(0).stdout_is("Echo: my refund\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn a_failed_expectation_exits_9_prints_the_reply_and_says_why() {
    let t = Test::new();
    let out = run(t.send(&[
        "--expect-contains",
        "Echo",
        "--expect-contains",
        "shipped",
        "--expect-not-contains",
        "parcel",
        "where is my parcel",
    ]));
    out.code(9)
        .stdout_is("Echo: where is my parcel\n")
        .stderr_has(
            "expectation failed: contains \"shipped\": not found in \"Echo: where is my parcel\"",
        )
        .stderr_has(
            "expectation failed: not_contains \"parcel\": found in \"Echo: where is my parcel\"",
        )
        .stderr_has("error: 2 of 3 expectations failed");
    assert!(
        !out.stderr.contains("contains \"Echo\""),
        "only failures are listed"
    );
}

#[test]
fn each_flag_can_fail() {
    let t = Test::new();
    for flags in [
        &["--expect-regex", r"^\d+$"][..],
        &["--expect-equals", "Echo: hi!"],
        &["--expect-json"],
        &["--expect-max-ms", "0", "--expect-contains", "zzz"],
    ] {
        run(t.send(&[flags, &["hi"]].concat())).code(9);
    }
}

#[test]
fn ignore_case_applies_to_every_text_flag() {
    let t = Test::new();
    run(t.send(&[
        "--ignore-case",
        "--expect-contains",
        "HELLO",
        "--expect-equals",
        "ECHO: HELLO",
        "--expect-regex",
        "^echo",
        "Hello",
    ]))
    .code(0);
    run(t.send(&["--expect-contains", "HELLO", "Hello"])).code(9);
}

#[test]
fn json_output_carries_each_verdict() {
    let t = Test::new();
    let out = run(t.send(&[
        "--json",
        "--expect-contains",
        "hi",
        "--expect-regex",
        "bye",
        "hi",
    ]));
    let json = out.code(9).json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["reply"], "Echo: hi");
    assert_eq!(json["error"]["kind"], "expectation_failed");
    assert_eq!(json["error"]["exit_code"], 9);
    let verdicts = json["expectations"].as_array().unwrap();
    assert_eq!(verdicts.len(), 2);
    assert_eq!(
        verdicts[0],
        serde_json::json!({"kind": "contains", "expected": "hi", "ok": true, "detail": null})
    );
    assert_eq!(verdicts[1]["kind"], "regex");
    assert_eq!(verdicts[1]["ok"], false);
    let plain = run(t.send(&["--json", "hi"])).json();
    assert_eq!(plain["expectations"], serde_json::json!([]));
}

#[test]
fn a_bad_regex_is_a_usage_error_and_nothing_is_sent() {
    let api = common::FakeApi::start(common::Canned::new(200, r#"{"data":"x","error":null}"#));
    let home = tempfile::tempdir().unwrap();
    let out = api.send(home.path(), &["--expect-regex", "(unclosed"]);
    out.code(2).stderr_has("invalid regex \"(unclosed\"");
    assert_eq!(api.hits(), 0);
}

#[test]
fn an_api_failure_keeps_its_own_exit_code() {
    let t = Test::new();
    let mut cmd = t.peki();
    cmd.args(["send", "--bot", "nosuchbot", "--expect-contains", "x", "hi"]);
    run(cmd).code(5);
}
