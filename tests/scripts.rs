//! Scripted replies, the journal, the control endpoints and the time-and-limit knobs of
//! the sandbox, driven in-process with signed requests. Verification always runs first.

mod common;

use common::{BOT, KEY, Raw, SECRET, Test};
use peki::sandbox::SandboxOptions;
use serde_json::Value;

/// A sandbox (limit 100 unless `options` say) whose script is `script`.
fn scripted(script: &str, options: SandboxOptions) -> (Test, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("script.toml");
    std::fs::write(&path, script).unwrap();
    let t = Test::with_options(
        100,
        SandboxOptions {
            script: Some(path),
            admin: true,
            ..options
        },
    );
    (t, dir)
}

/// A signed request with this content (and user id, and maybe a file) to `bot`.
fn say<'a>(body: &'a str, bot: &'a str) -> Raw<'a> {
    Raw {
        body,
        bot,
        ..Raw::default()
    }
}

fn body(user: &str, content: &str, file: Option<&str>) -> String {
    let file = file
        .map(|f| format!(",\"file\":\"{f}\""))
        .unwrap_or_default();
    format!(
        r#"{{"user":{{"id":"{user}","name":"Name of {user}"}},"message":{{"content":"{content}"{file}}}}}"#
    )
}

/// The reply text (or the status, for a refusal).
fn reply(t: &Test, user: &str, content: &str) -> String {
    let body = body(user, content, None);
    let answer = say(&body, BOT).send(&t.sandbox);
    match answer.status {
        200 => answer.body["data"].as_str().unwrap().to_string(),
        status => status.to_string(),
    }
}

/// `METHOD /__peki/PATH` with an optional bearer token: status and JSON body.
fn control(t: &Test, method: &str, path: &str, token: Option<&str>) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("http://{}/__peki/{path}", t.sandbox.addr());
    let request = ureq::http::Request::builder().method(method).uri(&url);
    let request = match token {
        Some(token) => request.header("Authorization", format!("Bearer {token}")),
        None => request,
    };
    let mut response = agent.run(request.body(()).unwrap()).unwrap();
    let answer = common::answer(&mut response);
    (answer.status, answer.body)
}

#[test]
fn each_matcher_selects_its_requests() {
    let (t, _dir) = scripted(
        r#"
        [[rule]]
        bot = "fromenv"
        reply = "bot matched"
        [[rule]]
        user_id = "vip"
        reply = "user matched"
        [[rule]]
        contains = "needle"
        reply = "contains matched"
        [[rule]]
        regex = "(?i)^order #\\d+$"
        reply = "regex matched"
        [[rule]]
        has_file = true
        reply = "file matched"
        "#,
        SandboxOptions::default(),
    );
    let to_fromenv = body("u", "hello", None);
    assert_eq!(
        say(&to_fromenv, "fromenv").send(&t.sandbox).body["data"],
        "bot matched"
    );
    assert_eq!(reply(&t, "vip", "hello"), "user matched");
    assert_eq!(reply(&t, "u", "a needle here"), "contains matched");
    assert_eq!(reply(&t, "u", "ORDER #42"), "regex matched");
    assert_eq!(reply(&t, "u", "order #42 please"), "Echo: order #42 please");
    let with_file = body("u", "see attached", Some("https://example.com/a.pdf"));
    assert_eq!(
        say(&with_file, BOT).send(&t.sandbox).body["data"],
        "file matched"
    );
    assert_eq!(reply(&t, "u", "nothing special"), "Echo: nothing special");
}

#[test]
fn the_first_matching_rule_wins_and_times_lets_later_rules_answer() {
    let (t, _dir) = scripted(
        r#"
        [[rule]]
        contains = "x"
        reply = "first"
        times = 2
        [[rule]]
        contains = "x"
        reply = "second"
        [[rule]]
        contains = "x"
        reply = "never"
        "#,
        SandboxOptions::default(),
    );
    let replies: Vec<String> = (0..4).map(|_| reply(&t, "u", "x")).collect();
    assert_eq!(replies, ["first", "first", "second", "second"]);
}

#[test]
fn replies_come_in_turn_globally_or_per_user_and_fill_placeholders() {
    let (t, _dir) = scripted(
        r#"
        [[rule]]
        contains = "global"
        replies = ["one", "two {{three}}"]
        [[rule]]
        contains = "mine"
        replies = ["hello {user.name} ({user.id}) at {bot}", "you said: {content}"]
        sequence_by = "user"
        "#,
        SandboxOptions::default(),
    );
    let global: Vec<String> = ["a", "b", "a"]
        .iter()
        .map(|u| reply(&t, u, "global"))
        .collect();
    assert_eq!(
        global,
        ["one", "two {three}", "two {three}"],
        "the last one repeats"
    );
    assert_eq!(
        reply(&t, "ada", "mine"),
        "hello Name of ada (ada) at support"
    );
    assert_eq!(
        reply(&t, "bob", "mine"),
        "hello Name of bob (bob) at support"
    );
    assert_eq!(reply(&t, "ada", "mine"), "you said: mine");
}

#[test]
fn a_status_rule_answers_problem_details_and_a_drop_rule_hangs_up() {
    let (t, _dir) = scripted(
        r#"
        [[rule]]
        contains = "busy"
        status = 429
        title = "Slow down"
        [[rule]]
        contains = "invalid"
        status = 400
        detail = "scripted"
        errors = { "message.content" = ["Not today."] }
        [[rule]]
        contains = "bye"
        drop = true
        delay_ms = 50
        "#,
        SandboxOptions {
            retry_after: Some(7),
            ..Default::default()
        },
    );
    let busy = body("u", "busy", None);
    let answer = say(&busy, BOT).send(&t.sandbox);
    assert_eq!(answer.status, 429);
    assert_eq!(answer.body["title"], "Slow down");
    assert_eq!(answer.header("retry-after"), Some("7"));
    assert!(answer.header("x-ratelimit-remaining").is_some());
    let invalid = body("u", "invalid", None);
    let answer = say(&invalid, BOT).send(&t.sandbox);
    assert_eq!(answer.status, 400);
    assert_eq!(answer.body["errors"]["message.content"][0], "Not today.");
    assert_eq!(answer.body["detail"], "scripted");
    assert!(answer.body["traceId"].is_string());
    // peki itself reports a dropped connection as a network error.
    let out = common::run(t.send(&["--retries", "0", "bye"]));
    out.code(8).stderr_has("closed the connection");
}

#[test]
fn verification_runs_before_any_rule() {
    let (t, _dir) = scripted(
        "[[rule]]\nreply = \"scripted for everyone\"\n",
        SandboxOptions::default(),
    );
    assert_eq!(reply(&t, "u", "hi"), "scripted for everyone");
    let wrong = Raw {
        secret: "sk_wrong",
        ..Raw::default()
    }
    .send(&t.sandbox);
    assert_eq!(wrong.status, 401);
    let blank = say(
        r#"{"user":{"id":"u","name":" "},"message":{"content":"x"}}"#,
        BOT,
    );
    assert_eq!(blank.send(&t.sandbox).status, 400);
    let ghost = body("u", "hi", None);
    assert_eq!(say(&ghost, "ghost").send(&t.sandbox).status, 404);
}

#[test]
fn the_admin_journal_lists_filters_and_forgets_requests_without_secrets() {
    let (t, _dir) = scripted(
        "[[rule]]\ncontains = \"rule\"\nreply = \"ruled\"\n",
        SandboxOptions::default(),
    );
    assert_eq!(reply(&t, "u", "plain"), "Echo: plain");
    assert_eq!(reply(&t, "u", "by rule"), "ruled");
    Raw {
        secret: "sk_wrong",
        ..Raw::default()
    }
    .send(&t.sandbox);
    Raw {
        key: SECRET,
        ..Raw::default()
    }
    .send(&t.sandbox);
    let (status, all) = control(&t, "GET", "requests", None);
    assert_eq!(status, 200);
    let all = all.as_array().unwrap().clone();
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(all[0]["verdict"], "ok");
    assert_eq!(all[0]["api_key"], KEY);
    assert_eq!(all[0]["body"]["message"]["content"], "plain");
    assert_eq!(all[0]["reply"], "Echo: plain");
    assert_eq!(all[1]["rule"], "rule 1");
    assert!(all[0]["peer"].as_str().unwrap().starts_with("127.0.0.1:"));
    assert!(all[0]["latency_ms"].is_number() && all[0]["time"].is_string());
    assert_eq!(all[2]["status"], 401);
    assert!(
        all[2]["reason"]
            .as_str()
            .unwrap()
            .contains("signature mismatch")
    );
    let text = serde_json::to_string(&all).unwrap();
    assert!(!text.contains(SECRET), "a secret in the journal: {text}");
    let signature = Raw::default().signature();
    assert!(!text.contains(&signature));
    let (_, refused) = control(&t, "GET", "requests?status=401", None);
    assert_eq!(refused.as_array().unwrap().len(), 2);
    let (_, mismatches) = control(
        &t,
        "GET",
        "requests?verdict=signature+mismatch&bot=support",
        None,
    );
    assert_eq!(mismatches.as_array().unwrap().len(), 1);
    let (status, _) = control(&t, "GET", "requests?colour=red", None);
    assert_eq!(status, 400);
    let (status, deleted) = control(&t, "DELETE", "requests", None);
    assert_eq!((status, deleted["deleted"].as_u64()), (200, Some(4)));
    assert_eq!(
        control(&t, "GET", "requests", None).1,
        serde_json::json!([])
    );
}

#[test]
fn reset_forgets_daily_counts_rule_counters_and_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("script.toml");
    std::fs::write(&path, "[[rule]]\nreply = \"once\"\ntimes = 1\n").unwrap();
    let t = Test::with_options(
        2,
        SandboxOptions {
            script: Some(path),
            admin: true,
            ..Default::default()
        },
    );
    assert_eq!(reply(&t, "u", "a"), "once");
    assert_eq!(reply(&t, "u", "b"), "Echo: b");
    assert_eq!(reply(&t, "u", "c"), "429");
    let (status, reset) = control(&t, "POST", "reset", None);
    assert_eq!((status, reset["reset"].as_bool()), (200, Some(true)));
    assert_eq!(reply(&t, "u", "d"), "once");
    let (_, journal) = control(&t, "GET", "requests", None);
    assert_eq!(journal.as_array().unwrap().len(), 1);
    let (status, _) = control(&t, "GET", "reset", None);
    assert_eq!(status, 405);
}

#[test]
fn health_is_always_open_and_the_rest_needs_admin_and_its_token() {
    let plain = Test::new();
    let (status, health) = control(&plain, "GET", "health", None);
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    let (status, problem) = control(&plain, "GET", "requests", None);
    assert_eq!(status, 404);
    assert!(problem["detail"].as_str().unwrap().contains("--admin"));
    let guarded = Test::with_options(
        100,
        SandboxOptions {
            admin: true,
            admin_token: Some(peki::values::Secret::new("s3cret-token")),
            ..Default::default()
        },
    );
    assert_eq!(control(&guarded, "GET", "health", None).0, 200);
    assert_eq!(control(&guarded, "GET", "requests", None).0, 401);
    assert_eq!(
        control(&guarded, "GET", "requests", Some("s3cret-tokeN")).0,
        401
    );
    assert_eq!(control(&guarded, "POST", "reset", Some("wrong")).0, 401);
    assert_eq!(
        control(&guarded, "GET", "requests", Some("s3cret-token")).0,
        200
    );
    assert_eq!(
        control(&guarded, "GET", "nothing", Some("s3cret-token")).0,
        404
    );
    // Beyond loopback, --admin without a token is refused at start.
    let accounts =
        peki::sandbox::Accounts::new(vec![common::account(KEY, SECRET, &[BOT])], 1).unwrap();
    let open = peki::sandbox::Sandbox::start(
        "0.0.0.0:0".parse().unwrap(),
        accounts,
        SandboxOptions {
            admin: true,
            ..Default::default()
        },
    );
    assert!(matches!(open, Err(peki::sandbox::SandboxError::Options(_))));
}

#[test]
fn reject_replays_refuses_a_signature_seen_before() {
    let t = Test::with_options(
        100,
        SandboxOptions {
            reject_replays: true,
            ..Default::default()
        },
    );
    let raw = Raw::default();
    assert_eq!(raw.send(&t.sandbox).status, 200);
    let again = raw.send(&t.sandbox);
    assert_eq!(again.status, 401);
    assert!(
        again.body["detail"]
            .as_str()
            .unwrap()
            .contains("replayed signature")
    );
    // A fresh signature (another body) is fine. (Identical messages within one second
    // have identical signatures: timestamps are whole seconds.)
    assert_eq!(reply(&t, "u", "new"), "Echo: new");
    common::run(t.send(&["hi"])).code(0);
    common::run(t.send(&["hi again"])).code(0);
}

#[test]
fn window_sets_the_reset_and_retry_after_overrides_the_wait() {
    let t = Test::with_options(
        1,
        SandboxOptions {
            limit_window: Some(60),
            retry_after: Some(3),
            ..Default::default()
        },
    );
    let first = Raw::default().send(&t.sandbox);
    let reset: i64 = first.header("x-ratelimit-reset").unwrap().parse().unwrap();
    let now = peki::clock::unix_now();
    assert_eq!(reset % 60, 0);
    assert!(reset > now - 1 && reset <= now + 61, "{reset} vs {now}");
    let refused = Raw::default().send(&t.sandbox);
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("retry-after"), Some("3"));
}
