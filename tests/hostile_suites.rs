//! `peki test` fed suites written to hurt: names that would break out of a shell comment,
//! variables that multiply each other.

mod common;

use common::{Test, run};

fn write(t: &Test, name: &str, text: &str) -> std::path::PathBuf {
    let path = t.home.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_dry_run_piped_to_sh_runs_curl_and_nothing_a_name_in_the_suite_holds() {
    let t = Test::new();
    let marker = t.home.path().join("INJECTED");
    // A capture's name is shown in a `#` comment when a later turn uses it.
    let name = format!("x\\ntouch {} #", marker.display());
    let suite = write(
        &t,
        "s.toml",
        &format!(
            "[[case]]\nname = \"c\"\n\
             [[case.turn]]\nsay = \"hi\"\ncapture = {{ \"{name}\" = 'h(i)' }}\n\
             [[case.turn]]\nsay = \"again ${{{name}}}\"\n"
        ),
    );
    run(t.shell(&format!(
        "\"$PEKI\" test --bot support --dry-run '{}' | sh",
        suite.display()
    )))
    .code(0);
    assert!(
        !marker.exists(),
        "the dry run's output ran a command of the suite's"
    );
}

#[test]
fn a_suite_name_on_more_than_one_line_is_a_bad_suite() {
    let t = Test::new();
    let suite = write(
        &t,
        "s.toml",
        "[suite]\nname = \"x\\ntouch nothing #\"\n[[case]]\nname = \"c\"\nmessage = \"hi\"\n",
    );
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support", "--dry-run"])
        .arg(&suite);
    run(cmd)
        .code(2)
        .stderr_has("s.toml:2:8: the suite needs a name on one line");
}

#[test]
fn variables_that_multiply_each_other_are_refused_at_load_not_built() {
    let t = Test::new();
    // 25 KB of suite that would fill in to a terabyte.
    let mut text = format!("[vars]\na = \"{}\"\n", "x".repeat(1000));
    for (name, used) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d")] {
        text.push_str(&format!(
            "{name} = \"{}\"\n",
            format!("${{{used}}}").repeat(1000)
        ));
    }
    text.push_str("[[case]]\nname = \"c\"\nmessage = \"${e}\"\n");
    let suite = write(&t, "s.toml", &text);
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support", "--list"]).arg(&suite);
    run(cmd)
        .code(2)
        .stderr_has("s.toml:4:5: var c: larger than 1 MiB once its ${…} are filled in");
}

#[test]
fn a_variable_is_filled_in_from_the_variables_it_names_in_any_order() {
    let t = Test::new();
    let suite = write(
        &t,
        "s.toml",
        "[vars]\na = \"${b}!\"\nb = \"${c}\"\nc = \"z\"\n[[case]]\nname = \"c\"\nmessage = \"say ${a}\"\n",
    );
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support", "--dry-run"])
        .arg(&suite);
    let out = run(cmd);
    out.code(0);
    assert!(
        out.stdout.contains(r#""content":"say z!""#),
        "{}",
        out.stdout
    );
    let cycle = write(
        &t,
        "cycle.toml",
        "[vars]\na = \"${b}\"\nb = \"${a}\"\n[[case]]\nname = \"c\"\nmessage = \"${a}\"\n",
    );
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support", "--list"]).arg(&cycle);
    run(cmd)
        .code(2)
        .stderr_has("cycle.toml:3:5: var b: ${a} leads back to b");
}

#[test]
fn a_capture_that_would_make_a_message_too_large_errors_its_turn_and_sends_nothing_more() {
    let t = Test::new();
    // The echo of 2 KB, captured and said 600 times: 1.2 MB.
    let suite = write(
        &t,
        "s.toml",
        &format!(
            "[[case]]\nname = \"c\"\n\
             [[case.turn]]\nsay = \"{}\"\ncapture = {{ x = '(.*)' }}\n\
             [[case.turn]]\nsay = \"{}\"\n",
            "y".repeat(2000),
            "${x}".repeat(600)
        ),
    );
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support"]).arg(&suite);
    run(cmd)
        .code(9)
        .stderr_has("say: larger than 1 MiB once its ${…} are filled in")
        .stderr_has("1 message in");
}

#[test]
fn a_message_that_is_empty_or_blank_is_a_bad_suite_before_anything_is_sent() {
    let t = Test::new();
    for (text, error) in [
        (
            "[[case]]\nname = \"c\"\nmessage = \"\"\n",
            "s.toml:3:11: the message is empty\n",
        ),
        (
            "[[case]]\nname = \"c\"\n[[case.turn]]\nsay = \"  \\t \"\n",
            "s.toml:4:7: the message is empty\n",
        ),
        (
            "[vars]\nx = \" \"\n[[case]]\nname = \"c\"\nmessage = \"${x}\"\n",
            "s.toml:5:11: the message is empty once its ${…} are filled in\n",
        ),
    ] {
        let suite = write(&t, "s.toml", text);
        let mut cmd = t.peki();
        cmd.args(["test", "--bot", "support"]).arg(&suite);
        run(cmd).code(2).stderr_has(error);
    }
    // A --var that fills it with nothing, likewise.
    let suite = write(
        &t,
        "s.toml",
        "[vars]\nx = \"hi\"\n[[case]]\nname = \"c\"\nmessage = \"${x}\"\n",
    );
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support", "--var", "x="])
        .arg(&suite);
    run(cmd)
        .code(2)
        .stderr_has("s.toml:5:11: the message is empty");
}

#[test]
fn a_capture_that_leaves_a_message_blank_errors_its_turn_and_sends_nothing_more() {
    let t = Test::new();
    let suite = write(
        &t,
        "s.toml",
        "[[case]]\nname = \"c\"\n\
         [[case.turn]]\nsay = \"hi\"\ncapture = { x = '(z*)' }\n\
         [[case.turn]]\nsay = \"${x} \"\n",
    );
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support"]).arg(&suite);
    run(cmd)
        .code(9)
        .stderr_has("turn 2: say: the message is empty once its ${…} are filled in (usage)")
        .stderr_has("1 message in");
}

#[test]
fn a_chatbot_whose_quota_runs_out_skips_only_its_own_cases() {
    let t = Test::with_limit(2);
    let mut text = String::new();
    for (n, bot) in [
        (1, "support"),
        (2, "support"),
        (3, "support"),
        (4, "fromenv"),
    ] {
        text.push_str(&format!(
            "[[case]]\nname = \"c{n}\"\nbot = \"{bot}\"\nmessage = \"hello\"\n"
        ));
    }
    let suite = write(&t, "s.toml", &text);
    let report = t.home.path().join("report.jsonl");
    let mut cmd = t.peki();
    cmd.args(["test", "--report-json"]).arg(&report).arg(&suite);
    run(cmd)
        .code(6)
        .stderr_has("3 passed, 0 failed, 0 errored, 1 skipped");
    let statuses: Vec<String> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|line| {
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            format!(
                "{} {}",
                case["case"].as_str().unwrap(),
                case["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        statuses,
        ["c1 passed", "c2 passed", "c3 skipped", "c4 passed"]
    );
}

#[test]
fn an_api_that_never_answers_stops_the_run_after_three_cases_with_exit_8() {
    let t = Test::new();
    // Connections are taken by the kernel and never answered: each request times out.
    let (_listener, addr) = common::silent_server();
    let mut text = String::new();
    for n in 1..=8 {
        text.push_str(&format!("[[case]]\nname = \"c{n}\"\nmessage = \"hello\"\n"));
    }
    let suite = write(&t, "s.toml", &text);
    let mut cmd = t.peki();
    cmd.args([
        "test",
        "--bot",
        "support",
        "--timeout",
        "0.5",
        "--retries",
        "0",
    ])
    .arg("--base-url")
    .arg(format!("http://{addr}/api"))
    .arg(&suite);
    run(cmd)
        .code(8)
        .stderr_has("0 passed, 0 failed, 3 errored, 5 skipped")
        .stderr_has("3 requests in a row got no answer");
}

#[test]
fn every_case_of_every_suite_talks_to_the_bot_as_a_user_of_its_own() {
    let t = Test::new();
    let dir = t.home.path().join("suites");
    std::fs::create_dir(&dir).unwrap();
    // The same name in two files; names alike but for case and punctuation; names with no
    // ASCII letter; names alike in their first 40 characters.
    let long = "the refund policy for orders placed in december";
    std::fs::write(
        dir.join("a.toml"),
        format!(
            "[[case]]\nname = \"greets\"\nmessage = \"hi\"\n\
             [[case]]\nname = \"挨拶\"\nmessage = \"hi\"\n\
             [[case]]\nname = \"{long}, A\"\nmessage = \"hi\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.toml"),
        format!(
            "[[case]]\nname = \"greets\"\nmessage = \"hi\"\n\
             [[case]]\nname = \"Greets!\"\nmessage = \"hi\"\n\
             [[case]]\nname = \"返金\"\nmessage = \"hi\"\n\
             [[case]]\nname = \"{long}, B\"\nmessage = \"hi\"\n\
             [[case]]\nname = \"greets 2\"\nmessage = \"hi\"\n"
        ),
    )
    .unwrap();
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support", "--dry-run", "--run-id", "r"])
        .arg(&dir);
    let out = run(cmd);
    out.code(0);
    let ids: Vec<&str> = out
        .stdout
        .lines()
        .filter(|line| line.starts_with("# {"))
        .map(|line| {
            line.split("\"id\":\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 8, "{}", out.stdout);
    let distinct: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(distinct.len(), 8, "two cases share a user: {ids:?}");
    assert_eq!(ids[0], "r-greets-1", "the first keeps the plain name");
}

#[test]
fn with_cache_a_run_the_cache_answers_is_not_refused_for_a_used_up_quota() {
    let t = Test::with_limit(2);
    let suite = write(
        &t,
        "s.toml",
        "[[case]]\nname = \"a\"\nmessage = \"hello a\"\n\
         [[case]]\nname = \"b\"\n[[case.turn]]\nsay = \"hello b\"\ncapture = { x = 'hello (b)' }\n\
         [[case.turn]]\nsay = \"again ${x}\"\n",
    );
    let test = |extra: &[&str]| {
        let mut cmd = t.peki();
        cmd.args(["test", "--bot", "support"])
            .args(extra)
            .arg(&suite);
        run(cmd)
    };
    // Three messages: the quota of two runs out at the last turn, which is skipped.
    test(&["--cache", "1h"]).code(6);
    // The cache holds the first two answers; the last turn depends on a capture and
    // would be sent: one message, which the reading says cannot be sent.
    test(&["--cache", "1h"])
        .code(6)
        .stderr_has("the run needs up to 1 message to chatbot 'support'");
    test(&["--cache", "1h", "--filter", "^a$"])
        .code(0)
        .stderr_has("0 messages");
    // Without the cache every turn counts.
    test(&["--filter", "^a$"])
        .code(6)
        .stderr_has("the run needs up to 1 message to chatbot 'support'");
    test(&["--cache", "1h", "--filter", "^a$", "--budget", "0"]).code(0);
}
