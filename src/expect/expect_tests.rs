//! Unit tests of the expectation engine: every check, on replies and on failures.

use serde_json::json;

use super::*;

fn reply(text: &str) -> Outcome<'_> {
    Outcome::Reply {
        text,
        json: None,
        elapsed_ms: 120,
    }
}

fn one(check: Check, ignore_case: bool, outcome: &Outcome<'_>) -> Verdict {
    let expectations = Expectations {
        checks: vec![check],
        ignore_case,
    };
    expectations.check(outcome).remove(0)
}

fn passes(check: Check, text: &str) -> bool {
    one(check, false, &reply(text)).ok
}

#[test]
fn text_checks_pass_and_fail_as_written() {
    let text = "Refunds take 5 days, Ada.";
    assert!(passes(Check::Contains("5 days".into()), text));
    assert!(!passes(Check::Contains("5 weeks".into()), text));
    assert!(passes(
        Check::ContainsAny(vec!["no".into(), "Ada".into()]),
        text
    ));
    assert!(!passes(
        Check::ContainsAny(vec!["no".into(), "Bob".into()]),
        text
    ));
    assert!(passes(Check::NotContains("error".into()), text));
    assert!(!passes(Check::NotContains("days".into()), text));
    assert!(passes(Check::Equals(text.into()), text));
    assert!(!passes(Check::Equals("Refunds".into()), text));
    assert!(passes(Check::StartsWith("Refunds".into()), text));
    assert!(!passes(Check::StartsWith("days".into()), text));
    assert!(passes(Check::MinChars(25), text));
    assert!(!passes(Check::MinChars(26), text));
    assert!(passes(Check::MaxChars(25), text));
    assert!(!passes(Check::MaxChars(24), text));
}

#[test]
fn ignoring_case_applies_to_literals_and_patterns() {
    let text = "HELLO there";
    assert!(one(Check::Contains("hello".into()), true, &reply(text)).ok);
    assert!(!one(Check::Contains("hello".into()), false, &reply(text)).ok);
    assert!(one(Check::Equals("hello THERE".into()), true, &reply(text)).ok);
    assert!(one(Check::StartsWith("hello".into()), true, &reply(text)).ok);
    let pattern = Pattern::regex(r"\bhello\b", true).unwrap();
    assert!(one(Check::Regex(pattern), true, &reply(text)).ok);
}

#[test]
fn literals_are_not_patterns() {
    assert!(passes(Check::Contains("a.c".into()), "a.c"));
    assert!(!passes(Check::Contains("a.c".into()), "abc"));
    assert!(passes(Check::Contains("(?i)x[".into()), "say (?i)x[ now"));
}

#[test]
fn regexes_match_and_bad_ones_are_refused_with_a_reason() {
    let yes_no = Pattern::regex(r"(?i)\b(yes|no)\b", false).unwrap();
    assert!(passes(Check::Regex(yes_no.clone()), "Yes, it can."));
    assert!(!passes(Check::NotRegex(yes_no), "No."));
    let err = Pattern::regex("(unclosed", false).unwrap_err();
    assert!(err.starts_with("invalid regex \"(unclosed\""), "{err}");
    // A pattern too large to compile is refused, not built.
    assert!(Pattern::regex(r"\w{1000}{1000}", false).is_err());
}

#[test]
fn failures_explain_with_an_excerpt_around_the_mismatch() {
    let long = format!(
        "{}the word error appears here{}",
        "x".repeat(100),
        "y".repeat(100)
    );
    let verdict = one(Check::NotContains("error".into()), false, &reply(&long));
    let detail = verdict.detail.unwrap();
    assert!(detail.starts_with("found in \"…"), "{detail}");
    assert!(detail.contains("the word error appears"), "{detail}");
    assert!(detail.ends_with("…\""), "{detail}");
    let verdict = one(
        Check::Equals("Echo: hallo".into()),
        false,
        &reply("Echo: hello"),
    );
    assert_eq!(
        verdict.detail.as_deref(),
        Some("differs at character 8: \"Echo: hello\"")
    );
    assert_eq!(
        verdict.to_string(),
        "equals \"Echo: hallo\": differs at character 8: \"Echo: hello\""
    );
}

#[test]
fn json_and_json_paths_look_inside_a_json_reply() {
    let text = r#"{"order":{"id":"A-1","status":"shipped"},"items":[1,2]}"#;
    assert!(passes(Check::Json, text));
    assert!(!passes(Check::Json, "not json"));
    let path = |p: &str, expected| Check::JsonPath {
        path: Pattern::json_path(p).unwrap(),
        expected,
    };
    assert!(passes(path("$.order.status", json!("shipped")), text));
    assert!(passes(path("$.items[*]", json!([1, 2])), text));
    let verdict = one(path("$.order.status", json!("lost")), false, &reply(text));
    assert_eq!(
        verdict.detail.as_deref(),
        Some("$.order.status is \"shipped\"")
    );
    let verdict = one(path("$.missing", json!(1)), false, &reply(text));
    assert_eq!(verdict.detail.as_deref(), Some("$.missing selects nothing"));
    assert!(Pattern::json_path("order.status").is_err());
    // A reply the API sent as JSON rather than text is used as it is.
    let value = json!({"a": 1});
    let outcome = Outcome::Reply {
        text: "{\"a\":1}",
        json: Some(&value),
        elapsed_ms: 1,
    };
    assert!(one(path("$.a", json!(1)), false, &outcome).ok);
}

#[test]
fn similarity_is_deterministic_and_reported() {
    let check = || Check::Similar {
        to: "Your order ships tomorrow".into(),
        min: 0.8,
    };
    let close = one(check(), false, &reply("Your order ships tomorrow!"));
    assert!(close.ok);
    assert!(close.detail.unwrap().starts_with("similarity 0.9"));
    let far = one(check(), false, &reply("I cannot help with that"));
    assert!(!far.ok);
}

#[test]
fn time_and_error_kinds_are_judged_on_failures_too() {
    assert!(one(Check::MaxMs(200), false, &reply("x")).ok);
    let verdict = one(Check::MaxMs(100), false, &reply("x"));
    assert_eq!(
        (verdict.ok, verdict.detail.as_deref()),
        (false, Some("took 120 ms"))
    );
    let limited = Outcome::Failed {
        kind: "rate_limited",
        message: "HTTP 429 Too Many Requests",
        elapsed_ms: 5,
    };
    assert!(one(Check::Error("rate_limited".into()), false, &limited).ok);
    let verdict = one(Check::Error("not_found".into()), false, &limited);
    assert_eq!(
        verdict.detail.as_deref(),
        Some("it failed with rate_limited instead")
    );
    let verdict = one(Check::Contains("x".into()), false, &limited);
    assert_eq!(
        verdict.detail.as_deref(),
        Some("no reply: HTTP 429 Too Many Requests")
    );
    assert!(!one(Check::Error("rate_limited".into()), false, &reply("fine")).ok);
}

#[test]
fn verdicts_serialize_as_the_json_contract() {
    let verdict = one(Check::Contains("hi".into()), false, &reply("hi"));
    assert_eq!(
        serde_json::to_value(&verdict).unwrap(),
        json!({"kind": "contains", "expected": "hi", "ok": true, "detail": null})
    );
}
