//! `peki test` against `peki serve --script`: every expectation key, conversations with
//! captures, sampling, user isolation, the budget and the quota, parallel runs, every report
//! and every exit code.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, Serve, hermetic, run};

/// A sandbox answering with a script, and a temp dir for suites and reports.
struct Lab {
    dir: tempfile::TempDir,
    server: Serve,
}

impl Lab {
    fn new(script: &str, serve_args: &[&str]) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let script_path = dir.path().join("script.toml");
        std::fs::write(&script_path, script).unwrap();
        let mut args = vec![
            "--script",
            script_path.to_str().unwrap(),
            "--bot",
            "support",
            "-q",
        ];
        args.extend_from_slice(serve_args);
        let server = Serve::start(dir.path(), &args);
        Lab { dir, server }
    }

    fn suite(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `peki test ARGS…` with the sandbox's URL and demo credentials.
    fn test(&self, args: &[&str]) -> Run {
        run(self.command(args))
    }

    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = hermetic(self.dir.path());
        cmd.env("PEKI_BASE_URL", &self.server.url)
            .env("PEKI_API_KEY", "pk_sandbox")
            .env("PEKI_API_SECRET", "sk_sandbox")
            .arg("test")
            .args(args);
        cmd
    }
}

const SCRIPT: &str = r#"
[[rule]]
regex = "(?i)^hello"
reply = "Hi {user.name}, how can I help?"
[[rule]]
contains = "where is"
reply = "{content}: it arrives on Dec 3."
[[rule]]
contains = "before Dec 3"
reply = "No, it cannot come sooner."
[[rule]]
contains = "json please"
reply = "{{\"order\": \"A-1\", \"items\": [1, 2]}}"
[[rule]]
contains = "who am i"
reply = "you are {user.id}"
[[rule]]
contains = "flaky"
replies = ["yes", "no", "yes", "yes"]
[[rule]]
contains = "boom"
status = 503
"#;

fn case(name: &str, message: &str, expect: &str) -> String {
    format!("[[case]]\nname = \"{name}\"\nmessage = \"{message}\"\nexpect = {{ {expect} }}\n")
}

#[test]
fn every_expectation_key_passes_and_fails_as_written() {
    let lab = Lab::new(SCRIPT, &[]);
    let passing = [
        case("contains", "hello", "contains = [\"help\", \"Hi\"]"),
        case(
            "contains_any",
            "hello",
            "contains_any = [\"nope\", \"help\"]",
        ),
        case("not_contains", "hello", "not_contains = \"error\""),
        case("equals", "hello", "equals = \"Hi CI, how can I help?\""),
        case(
            "equals one of",
            "hello",
            "equals = [\"x\", \"Hi CI, how can I help?\"]",
        ),
        case("starts_with", "hello", "starts_with = \"Hi\""),
        case("regex", "hello", "regex = '^Hi \\w+,'"),
        case("not_regex", "hello", "not_regex = '\\d'"),
        case(
            "ignore_case",
            "hello",
            "contains = \"HOW CAN\", ignore_case = true",
        ),
        case("chars", "hello", "min_chars = 10, max_chars = 40"),
        case("max_ms", "hello", "max_ms = 60000"),
        case("json", "json please", "json = true"),
        case(
            "json_path",
            "json please",
            "json_path = { \"$.order\" = \"A-1\", \"$.items[1]\" = 2 }",
        ),
        case(
            "similar",
            "hello",
            "similar = { to = \"Hi CI, how can I help\", min = 0.8 }",
        ),
        case("error", "boom", "error = \"server_error\""),
    ];
    let suite = lab.suite(
        "pass.toml",
        &format!(
            "[suite]\nbot = \"support\"\nuser_name = \"CI\"\n{}",
            passing.concat()
        ),
    );
    let out = lab.test(&[suite.to_str().unwrap(), "--retries", "0"]);
    out.code(0)
        .stderr_has("test result: ok. 15 passed, 0 failed, 0 errored, 0 skipped");
    let failing = [
        case("contains", "hello", "contains = \"bye\""),
        case(
            "contains_any",
            "hello",
            "contains_any = [\"bye\", \"ciao\"]",
        ),
        case("not_contains", "hello", "not_contains = \"help\""),
        case("equals", "hello", "equals = \"Hi\""),
        case("starts_with", "hello", "starts_with = \"Hello\""),
        case("regex", "hello", "regex = '^\\d+$'"),
        case("not_regex", "hello", "not_regex = 'help'"),
        case("case matters", "hello", "contains = \"HOW CAN\""),
        case("min_chars", "hello", "min_chars = 100"),
        case("max_chars", "hello", "max_chars = 3"),
        case("json", "hello", "json = true"),
        case(
            "json_path",
            "json please",
            "json_path = { \"$.order\" = \"B-2\" }",
        ),
        case(
            "similar",
            "hello",
            "similar = { to = \"Completely different text here\", min = 0.8 }",
        ),
        case("error", "hello", "error = \"rate_limited\""),
    ];
    let suite = lab.suite(
        "fail.toml",
        &format!(
            "[suite]\nbot = \"support\"\nuser_name = \"CI\"\n{}",
            failing.concat()
        ),
    );
    let out = lab.test(&[suite.to_str().unwrap()]);
    out.code(9)
        .stderr_has("test result: FAILED. 0 passed, 14 failed, 0 errored, 0 skipped");
    out.stderr_has(
        "turn 1: json_path {\"path\":\"$.order\",\"equals\":\"B-2\"}: $.order is \"A-1\"",
    )
    .stderr_has(
        "turn 1: similar {\"to\":\"Completely different text here\",\"min\":0.8}: similarity 0.",
    )
    .stderr_has("turn 1: error \"rate_limited\": it succeeded with \"Hi CI");
}

#[test]
fn a_conversation_captures_and_reuses_text_as_one_user() {
    let lab = Lab::new(SCRIPT, &[]);
    let suite = lab.suite(
        "talk.toml",
        r#"
[suite]
bot = "support"
[vars]
order = "A-1001"
[[case]]
name = "order follow-up"
[[case.turn]]
say = "where is ${order}?"
expect = { contains = ["${order}"] }
capture = { eta = 'arrives on (\w+ \d+)' }
[[case.turn]]
say = "Can it come before ${eta}?"
expect = { regex = '(?i)\b(yes|no)\b' }
[[case.turn]]
say = "who am i"
"#,
    );
    let report = lab.path("r.jsonl");
    lab.test(&[
        suite.to_str().unwrap(),
        "--run-id",
        "ci42",
        "--report-json",
        report.to_str().unwrap(),
    ])
    .code(0);
    let line: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&report).unwrap().trim()).unwrap();
    let turns = line["runs"][0]["turns"].as_array().unwrap();
    assert_eq!(turns[0]["captured"]["eta"], "Dec 3");
    assert_eq!(turns[1]["say"], "Can it come before Dec 3?");
    assert_eq!(turns[2]["reply"], "you are ci42-order-follow-up-1");
    // A capture that does not match fails the turn and says so.
    let suite = lab.suite("nomatch.toml", "[suite]\nbot = \"support\"\n[[case]]\nname = \"c\"\n[[case.turn]]\nsay = \"hello\"\ncapture = { x = 'never (\\d+)' }\n[[case.turn]]\nsay = \"${x}\"\n");
    lab.test(&[suite.to_str().unwrap()])
        .code(9)
        .stderr_has("turn 1: capture {\"name\":\"x\",\"regex\":\"never (\\\\d+)\"}: no match in");
}

#[test]
fn samples_pass_with_min_pass_and_each_run_is_its_own_user() {
    let lab = Lab::new(SCRIPT, &[]);
    // The script answers "yes", "no", "yes", "yes" in turn.
    let suite = lab.suite(
        "flaky.toml",
        "[suite]\nbot = \"support\"\n[[case]]\nname = \"flaky\"\nsamples = 4\nmin_pass = 3\nmessage = \"flaky?\"\nexpect = { equals = \"yes\" }\n\
         [[case]]\nname = \"who\"\nsamples = 2\nmessage = \"who am i\"\n",
    );
    let report = lab.path("r.jsonl");
    let out = lab.test(&[
        suite.to_str().unwrap(),
        "--run-id",
        "r1",
        "--report-json",
        report.to_str().unwrap(),
    ]);
    out.code(0).stderr_has("3 of 4 runs passed, 3 needed");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["passed_runs"], 3);
    let users: Vec<&str> = lines[1]["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["r1-who-1", "r1-who-2"]);
    let replies: Vec<&str> = lines[1]["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["turns"][0]["reply"].as_str().unwrap())
        .collect();
    assert_eq!(replies, ["you are r1-who-1", "you are r1-who-2"]);
}

#[test]
fn without_a_report_samples_are_counted_and_failures_shown_all_the_same() {
    // The script answers "yes", "no", "yes", "yes" in turn.
    for (min_pass, code, said) in [
        (3, 0, "3 of 4 runs passed, 3 needed"),
        (4, 9, "1 of 2 runs passed, 4 needed"),
    ] {
        let lab = Lab::new(SCRIPT, &[]);
        let suite = lab.suite(
            "flaky.toml",
            &format!(
                "[suite]\nbot = \"support\"\n[[case]]\nname = \"flaky\"\nsamples = 4\n\
                 min_pass = {min_pass}\nmessage = \"flaky?\"\nexpect = {{ equals = \"yes\" }}\n"
            ),
        );
        let out = lab.test(&[suite.to_str().unwrap()]);
        out.code(code).stderr_has(said);
        if code == 9 {
            out.stderr_has("sample 2, turn 1: equals \"yes\"");
        }
    }
}

#[test]
fn a_run_that_cannot_fit_is_refused_before_anything_is_sent() {
    let lab = Lab::new(SCRIPT, &["--daily-limit", "3"]);
    let suite = lab.suite("many.toml", "[suite]\nbot = \"support\"\n[[case]]\nname = \"a\"\nsamples = 2\nmessage = \"hello\"\n[[case]]\nname = \"b\"\nmessage = \"hello\"\n");
    lab.test(&[suite.to_str().unwrap(), "--budget", "2"])
        .code(6)
        .stderr_has("the run needs up to 3 messages and --budget allows 2");
    lab.test(&["--list", suite.to_str().unwrap()]).code(0).stdout_is(
        "many › a  (2 samples × 1 turn = 2 messages)\nmany › b  (1 sample × 1 turn = 1 message)\n2 cases, up to 3 messages\n",
    );
    // One send leaves a reading of 2 remaining: a run of 3 no longer fits.
    let mut one = hermetic(lab.dir.path());
    one.env("PEKI_BASE_URL", &lab.server.url)
        .env("PEKI_API_KEY", "pk_sandbox")
        .env("PEKI_API_SECRET", "sk_sandbox")
        .args(["send", "-b", "support", "hello"]);
    run(one).code(0);
    lab.test(&[suite.to_str().unwrap()])
        .code(6)
        .stderr_has("to chatbot 'support', and its last rate-limit reading")
        .stderr_has("left 2");
    lab.test(&[suite.to_str().unwrap(), "--force", "--max-wait", "0"])
        .code(6)
        .stderr_has("1 case not run: the rate limit of chatbot 'support' ran out");
}

#[test]
fn a_run_refused_for_the_quota_still_writes_its_reports_saying_why() {
    let lab = Lab::new(SCRIPT, &[]);
    let suite = lab.suite(
        "many.toml",
        "[suite]\nbot = \"support\"\n[[case]]\nname = \"a\"\nsamples = 2\nmessage = \"hello\"\n\
         [[case]]\nname = \"b\"\nmessage = \"hello\"\n",
    );
    let (junit, jsonl) = (lab.path("r.xml"), lab.path("r.jsonl"));
    let why = "the run needs up to 3 messages and --budget allows 2";
    let out = lab.test(&[
        suite.to_str().unwrap(),
        "--budget",
        "2",
        "--junit",
        junit.to_str().unwrap(),
        "--report-json",
        jsonl.to_str().unwrap(),
        "--tap",
    ]);
    out.code(6).stderr_has(why);
    assert_eq!(out.stderr.matches(why).count(), 1, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("TAP version 14\n1..2\nnot ok 1 - many › a\n"),
        "{}",
        out.stdout
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("tests=\"2\" failures=\"0\" errors=\"2\""),
        "{xml}"
    );
    assert_eq!(
        xml.matches(&format!("<error message=\"not run: {why}"))
            .count(),
        2,
        "{xml}"
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for line in &lines {
        assert_eq!(line["status"], "errored");
        assert_eq!(line["messages"], 0);
        assert!(line["reason"].as_str().unwrap().contains(why), "{line}");
    }
    // A report that cannot be written is the error, and why nothing ran is still said.
    #[cfg(target_os = "linux")]
    {
        // Why nothing ran comes first and once; a report that fails keeps no other from CI.
        let junit = lab.path("again.xml");
        let out = lab.test(&[
            suite.to_str().unwrap(),
            "--budget",
            "2",
            "--report-json",
            "/dev/full",
            "--junit",
            junit.to_str().unwrap(),
        ]);
        out.code(1);
        let (refusal, failure) = (
            out.stderr.find(why).expect("the refusal is said"),
            out.stderr.find("/dev/full").expect("the failure is said"),
        );
        assert!(refusal < failure, "{}", out.stderr);
        assert_eq!(out.stderr.matches(why).count(), 1, "{}", out.stderr);
        assert!(
            std::fs::read_to_string(&junit)
                .unwrap()
                .contains("not run: ")
        );
    }
}

#[test]
fn a_quota_that_runs_out_mid_run_skips_the_rest_and_fails_nothing() {
    let lab = Lab::new(SCRIPT, &["--daily-limit", "2"]);
    let cases: String = (1..=4)
        .map(|i| case(&format!("c{i}"), "hello", "contains = \"Hi\""))
        .collect();
    let suite = lab.suite("q.toml", &format!("[suite]\nbot = \"support\"\n{cases}"));
    let report = lab.path("r.jsonl");
    let out = lab.test(&[
        suite.to_str().unwrap(),
        "--max-wait",
        "0",
        "--report-json",
        report.to_str().unwrap(),
    ]);
    out.code(6)
        .stderr_has("2 passed, 0 failed, 0 errored, 2 skipped");
    let statuses: Vec<String> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["status"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(statuses, ["passed", "passed", "skipped", "skipped"]);
}

#[test]
fn parallel_runs_keep_the_suite_order_in_every_report() {
    let lab = Lab::new(SCRIPT, &["--latency", "30"]);
    let cases: String = (1..=8)
        .map(|i| case(&format!("case {i}"), "hello", "contains = \"Hi\""))
        .collect();
    let suite = lab.suite("p.toml", &format!("[suite]\nbot = \"support\"\n{cases}"));
    let report = lab.path("r.jsonl");
    let out = lab.test(&[
        suite.to_str().unwrap(),
        "--parallel",
        "4",
        "--tap",
        "--report-json",
        report.to_str().unwrap(),
    ]);
    out.code(0);
    let names: Vec<String> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["case"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        (1..=8).map(|i| format!("case {i}")).collect::<Vec<_>>()
    );
    let points: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("ok "))
        .collect();
    assert_eq!(points.len(), 8);
    assert_eq!(points[7], "ok 8 - p › case 8");
}

#[test]
fn the_reports_hold_every_case_its_status_and_replies_and_nothing_else() {
    let lab = Lab::new(SCRIPT, &[]);
    let suite = lab.suite(
        "r.toml",
        &format!(
            "[suite]\nname = \"reports\"\nbot = \"support\"\n{}{}{}",
            case("greets", "hello", "contains = \"Hi\""),
            case("fails <b>", "hello", "contains = \"bye\""),
            case("errors", "boom", "contains = \"x\""),
        ),
    );
    let (junit, html, jsonl) = (lab.path("r.xml"), lab.path("r.html"), lab.path("r.jsonl"));
    let out = lab.test(&[
        suite.to_str().unwrap(),
        "--retries",
        "0",
        "--junit",
        junit.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
        "--report-json",
        jsonl.to_str().unwrap(),
    ]);
    out.code(9)
        .stderr_has("1 passed, 1 failed, 1 errored, 0 skipped");
    // JUnit, as CI servers read it.
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(
        (
            root.attribute("tests"),
            root.attribute("failures"),
            root.attribute("errors")
        ),
        (Some("3"), Some("1"), Some("1"))
    );
    let testcases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let names: Vec<_> = testcases
        .iter()
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert_eq!(names, ["greets", "fails <b>", "errors"]);
    let failure = testcases[1]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure
            .text()
            .unwrap()
            .contains("contains \"bye\": not found in \"Hi"),
        "{xml}"
    );
    assert!(testcases[2].children().any(|n| n.has_tag_name("error")));
    let out_text = testcases[0]
        .children()
        .find(|n| n.has_tag_name("system-out"))
        .unwrap()
        .text()
        .unwrap();
    assert!(out_text.contains("< Hi"), "{out_text}");
    // HTML: self-contained, every case with its status and reply.
    let page = std::fs::read_to_string(&html).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    for name in [
        "reports › greets",
        "reports › fails <b>",
        "reports › errors",
    ] {
        assert!(
            doc.descendants().any(|n| n.text() == Some(name)),
            "{name} missing"
        );
    }
    let classes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("section"))
        .map(|n| n.attribute("class").unwrap())
        .collect();
    assert_eq!(classes, ["case passed", "case failed", "case errored"]);
    assert!(
        doc.descendants()
            .any(|n| n.text().is_some_and(|t| t.starts_with("Hi ")))
    );
    for node in doc.descendants() {
        for attr in ["src", "href"] {
            if let Some(target) = node.attribute(attr) {
                assert!(target.starts_with('#'), "{attr}={target} leaves the page");
            }
        }
    }
    assert!(
        !doc.descendants()
            .any(|n| n.has_tag_name("script") || n.has_tag_name("link"))
    );
    // JSON Lines, against the published schema.
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/test-report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let lines = std::fs::read_to_string(&jsonl).unwrap();
    assert_eq!(lines.lines().count(), 3);
    for line in lines.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{line}: {errors:?}");
    }
    assert!(!validator.is_valid(&serde_json::json!({"case": 1})));
    for text in [&xml, &page, &lines] {
        assert!(!text.contains("sk_sandbox"), "the secret reached a report");
    }
}

#[test]
fn a_bad_suite_is_exit_2_with_file_line_and_column_before_anything_is_sent() {
    let lab = Lab::new(SCRIPT, &["--admin"]);
    let suite = lab.suite(
        "bad.toml",
        "[[case]]\nname = \"a\"\nmessage = \"m\"\nexpect = { regex = '(oops' }\n",
    );
    let out = lab.test(&[suite.to_str().unwrap()]);
    out.code(2).stderr_has(&format!(
        "{}:4:20: regex: invalid regex \"(oops\"",
        suite.display()
    ));
    let typo = lab.suite("typo.toml", "[[case]]\nname = \"a\"\nmesage = \"m\"\n");
    lab.test(&[typo.to_str().unwrap()])
        .code(2)
        .stderr_has("typo.toml:3:1:");
    lab.test(&[lab.path("missing.toml").to_str().unwrap()])
        .code(2);
    // Nothing reached the sandbox.
    let requests = ureq::get(format!(
        "{}/__peki/requests",
        lab.server.url.trim_end_matches("/api")
    ))
    .call()
    .unwrap()
    .body_mut()
    .read_to_string()
    .unwrap();
    let requests: serde_json::Value = serde_json::from_str(&requests).unwrap();
    assert_eq!(requests.as_array().map(Vec::len), Some(0), "{requests}");
}

#[test]
fn a_json_flag_peki_test_does_not_have_is_one_error_in_text_not_a_send_object() {
    let lab = Lab::new(SCRIPT, &[]);
    let suite = lab.suite("s.toml", &case("a", "hello", "contains = \"Hi\""));
    for args in [
        &["--json", suite.to_str().unwrap()][..],
        &["--tap", "-o", "json", suite.to_str().unwrap()],
    ] {
        let out = lab.test(args);
        out.code(2).stderr_has("error: unexpected argument");
        assert_eq!(out.stdout, "", "{args:?}: stdout holds TAP or nothing");
        assert_eq!(out.stderr.matches("error:").count(), 1, "{}", out.stderr);
    }
}

#[test]
fn a_refused_first_request_stops_the_run_with_its_exit_code() {
    let lab = Lab::new(SCRIPT, &[]);
    let suite = lab.suite(
        "s.toml",
        &format!(
            "[suite]\nbot = \"nosuchbot\"\n{}{}",
            case("a", "hello", "contains = \"Hi\""),
            case("b", "hello", "contains = \"Hi\"")
        ),
    );
    lab.test(&[suite.to_str().unwrap()])
        .code(5)
        .stderr_has("1 skipped");
    let mut wrong = lab.command(&[suite.to_str().unwrap(), "--bot", "support"]);
    wrong.env("PEKI_API_SECRET", "sk_wrong_secret");
    run(wrong).code(4);
}

#[test]
fn filter_fail_fast_vars_env_and_list() {
    let lab = Lab::new(SCRIPT, &[]);
    let suite = lab.suite(
        "f.toml",
        "[suite]\nbot = \"support\"\n[vars]\nword = \"hello\"\n\
         [[case]]\nname = \"first fails\"\nmessage = \"${word}\"\nexpect = { contains = \"nope\" }\n\
         [[case]]\nname = \"second\"\nmessage = \"${env.GREETING}\"\nexpect = { contains = \"Hi\" }\n",
    );
    let mut cmd = lab.command(&[suite.to_str().unwrap(), "--fail-fast"]);
    cmd.env("GREETING", "hello");
    run(cmd)
        .code(9)
        .stderr_has("0 passed, 1 failed, 0 errored, 1 skipped");
    let mut cmd = lab.command(&[
        suite.to_str().unwrap(),
        "--filter",
        "^sec",
        "--var",
        "word=zzz",
    ]);
    cmd.env("GREETING", "hello");
    run(cmd)
        .code(0)
        .stderr_has("1 passed, 0 failed, 0 errored, 0 skipped");
    // Without the variable the suite does not load.
    lab.test(&[suite.to_str().unwrap()])
        .code(2)
        .stderr_has("${env.GREETING}: the environment variable GREETING is not set");
    let mut list = lab.command(&[suite.to_str().unwrap(), "--list"]);
    list.env("GREETING", "hello");
    run(list).code(0).stdout_is("f › first fails  (1 sample × 1 turn = 1 message)\nf › second  (1 sample × 1 turn = 1 message)\n2 cases, up to 2 messages\n");
}

#[test]
fn the_example_suite_passes_against_its_example_script() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = std::fs::read_to_string(root.join("examples/support-sandbox.toml")).unwrap();
    let lab = Lab::new(&script, &[]);
    lab.test(&[root.join("examples/suites").to_str().unwrap()])
        .code(0)
        .stderr_has("test result: ok. 4 passed");
}

#[test]
fn the_example_workflow_uses_only_flags_peki_has() {
    let workflow = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/github-actions-peki-test.yml"
    ))
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let help = |command: &str| {
        let mut cmd = hermetic(home.path());
        cmd.args([command, "--help"]);
        run(cmd).code(0).stdout.clone()
    };
    let (test_help, serve_help) = (help("test"), help("serve"));
    let mut checked = 0;
    for line in workflow.lines().map(str::trim) {
        let line = line.strip_prefix("run: ").unwrap_or(line);
        let help = if line.starts_with("peki test") {
            &test_help
        } else if line.starts_with("peki serve") {
            &serve_help
        } else {
            continue;
        };
        for flag in line.split_whitespace().filter(|w| w.starts_with("--")) {
            assert!(help.contains(flag), "{line}: no {flag}");
            checked += 1;
        }
    }
    assert!(checked >= 6, "the workflow's peki commands were not found");
}

#[test]
fn dry_run_prints_every_turn_signed_and_sends_nothing() {
    let lab = Lab::new(SCRIPT, &["--admin"]);
    let suite = lab.suite(
        "talk.toml",
        "[suite]\nbot = \"support\"\n[vars]\norder = \"A-1001\"\n\
         [[case]]\nname = \"order follow-up\"\nsamples = 3\n\
         [[case.turn]]\nsay = \"where is ${order}?\"\ncapture = { eta = 'on (\\w+ \\d+)' }\n\
         [[case.turn]]\nsay = \"before ${eta}?\"\n\
         [[case]]\nname = \"other\"\nmessage = \"hello\"\n",
    );
    let out = lab.test(&[suite.to_str().unwrap(), "--dry-run", "--run-id", "ci7"]);
    out.code(0)
        .stderr_has("3 requests shown, none sent (the first sample of each case)");
    let stdout = &out.stdout;
    // One curl command per turn of the first sample, each after its case's comment.
    assert_eq!(stdout.matches("\ncurl ").count(), 3, "{stdout}");
    for line in [
        "# peki test: talk › order follow-up, turn 1 of 2\n",
        "# peki test: talk › order follow-up, turn 2 of 2\n",
        "# captured from an earlier reply, so left as written: ${eta}\n",
        "# peki test: talk › other, turn 1 of 1\n",
        r#""content":"where is A-1001?""#,
        r#""content":"before ${eta}?""#,
        r#""id":"ci7-order-follow-up-1""#,
        r#""id":"ci7-other-1""#,
    ] {
        assert!(stdout.contains(line), "{line} not in\n{stdout}");
    }
    assert!(!stdout.contains("sk_sandbox"), "{stdout}");
    // Not one request reached the sandbox.
    let requests = ureq::get(format!(
        "{}/__peki/requests",
        lab.server.url.trim_end_matches("/api")
    ))
    .call()
    .unwrap()
    .body_mut()
    .read_to_string()
    .unwrap();
    let requests: serde_json::Value = serde_json::from_str(&requests).unwrap();
    assert_eq!(requests.as_array().map(Vec::len), Some(0), "{requests}");
    lab.test(&[suite.to_str().unwrap(), "--dry-run", "--list"])
        .code(2);
}

#[test]
fn with_cache_a_second_run_is_answered_from_the_cache_and_sends_nothing() {
    let lab = Lab::new(SCRIPT, &["--admin"]);
    let suite = lab.suite(
        "c.toml",
        &format!(
            "[suite]\nbot = \"support\"\n{}",
            case("greets", "hello", "contains = \"Hi\"")
        ),
    );
    let requests = || {
        let body = ureq::get(format!(
            "{}/__peki/requests",
            lab.server.url.trim_end_matches("/api")
        ))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
        serde_json::from_str::<Vec<serde_json::Value>>(&body)
            .unwrap()
            .len()
    };
    lab.test(&[suite.to_str().unwrap(), "--cache", "1h"])
        .code(0);
    assert_eq!(requests(), 1);
    lab.test(&[suite.to_str().unwrap(), "--cache", "1h"])
        .code(0)
        .stderr_has("1 passed");
    assert_eq!(requests(), 1, "the second run sent a request");
    // Without the cache every run sends.
    lab.test(&[suite.to_str().unwrap()]).code(0);
    assert_eq!(requests(), 2);
}
