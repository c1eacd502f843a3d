//! How `peki send` reads what a server answers: statuses, problem details, odd bodies,
//! network failures, `--json` and `--rate-limit`. Uses the sandbox and a canned fake API.

mod common;

use common::{BOT, Canned, FakeApi, KEY, SECRET, Test, hermetic, run};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

const VALIDATION_PROBLEM: &str = r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1",
  "title":"One or more validation errors occurred.","status":400,
  "errors":{"user.name":["The user.name field is required."],"message.content":["Too long.","Really."]},
  "traceId":"00-abc123-def456-00"}"#;

#[test]
fn validation_problem_shows_title_every_field_error_and_trace_id() {
    let api = FakeApi::start(Canned::new(400, VALIDATION_PROBLEM));
    api.send(home().path(), &[])
        .code(2)
        .stderr_has("HTTP 400 Bad Request: One or more validation errors occurred.")
        .stderr_has("user.name: The user.name field is required.")
        .stderr_has("message.content: Too long. Really.")
        .stderr_has("[trace id 00-abc123-def456-00]");
}

#[test]
fn json_failure_object_carries_kind_errors_trace_and_body() {
    let api = FakeApi::start(Canned::new(400, VALIDATION_PROBLEM));
    let out = api.send(home().path(), &["--json"]);
    let json = out.code(2).json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["status"], 400);
    assert_eq!(json["reply"], serde_json::Value::Null);
    assert_eq!(json["error"]["kind"], "invalid_request");
    assert_eq!(
        json["error"]["title"],
        "One or more validation errors occurred."
    );
    assert_eq!(json["error"]["errors"]["message.content"][1], "Really.");
    assert_eq!(json["error"]["trace_id"], "00-abc123-def456-00");
    assert_eq!(json["response"]["traceId"], "00-abc123-def456-00");
}

#[test]
fn server_errors_exit_7_with_status_and_excerpt_of_non_json_bodies() {
    let html = Canned::new(
        502,
        "<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>",
    )
    .header("Content-Type", "text/html");
    FakeApi::start(html)
        .send(home().path(), &["--retries", "0"])
        .code(7)
        .stderr_has(
            "HTTP 502 Bad Gateway; body: <html> <body><h1>502 Bad Gateway</h1></body> </html>",
        );
    FakeApi::start(Canned::new(503, ""))
        .send(home().path(), &["--retries", "0"])
        .code(7)
        .stderr_has("HTTP 503 Service Unavailable; body: (empty)");
    let problem = r#"{"title":"An error occurred while processing your request.","status":500,"traceId":"00-t-00"}"#;
    FakeApi::start(Canned::new(500, problem))
        .send(home().path(), &["--retries", "0"])
        .code(7)
        .stderr_has("HTTP 500 Internal Server Error: An error occurred while processing your request. [trace id 00-t-00]");
}

#[test]
fn ok_status_with_an_error_is_a_failure() {
    let body = r#"{"data":null,"error":"The chatbot is paused.","totalItems":0,"pageSize":0,"currentPage":0,"totalPages":0}"#;
    let out = FakeApi::start(Canned::new(200, body)).send(home().path(), &["--json"]);
    let json = out.code(7).json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["error"]["kind"], "api_error");
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("The chatbot is paused.")
    );
}

#[test]
fn ok_status_with_a_body_that_is_not_the_envelope_exits_7() {
    for body in ["", "<html>maintenance</html>", r#"{"error":null}"#] {
        FakeApi::start(Canned::new(200, body))
            .send(home().path(), &[])
            .code(7)
            .stderr_has("HTTP 200 but");
    }
}

#[test]
fn a_reply_of_any_size_prints_in_full() {
    let reply = "x".repeat(3 * 1024 * 1024);
    let body = serde_json::json!({"data": reply, "error": null}).to_string();
    let out = FakeApi::start(Canned::new(200, body)).send(home().path(), &[]);
    out.code(0);
    assert_eq!(out.stdout.len(), reply.len() + 1);
    assert!(out.stdout.starts_with("xxx") && out.stdout.ends_with("x\n"));
}

#[test]
fn non_string_data_prints_as_json() {
    let body = r#"{"data":{"answer":42},"error":null}"#;
    FakeApi::start(Canned::new(200, body))
        .send(home().path(), &[])
        .code(0)
        .stdout_is("{\n  \"answer\": 42\n}\n");
}

#[test]
fn redirects_are_not_followed() {
    let api = FakeApi::start(
        Canned::new(307, "").header("Location", "https://elsewhere.invalid/api/Dev/x/message"),
    );
    api.send(home().path(), &[]).code(7).stderr_has("HTTP 307");
    assert_eq!(api.hits(), 1);
}

#[test]
fn each_sandbox_refusal_maps_to_its_exit_code() {
    let t = Test::new();
    // wrong secret: 401
    let mut cmd = t.peki();
    cmd.env("PEKI_API_SECRET", "sk_wrong_secret_for_this_test")
        .args(["send", "-b", BOT, "hi"]);
    run(cmd)
        .code(4)
        .stderr_has("HTTP 401 Unauthorized")
        .stderr_has("signature mismatch")
        .stderr_has("[trace id 00-")
        .stderr_has("hint: check the API key and secret");
    // a chatbot that does not exist: 404
    let mut cmd = t.peki();
    cmd.args(["send", "-b", "nosuchbot", "hi"]);
    run(cmd).code(5).stderr_has("chatbot 'nosuchbot' not found");
    // a chatbot of another key: 403
    let mut cmd = t.peki();
    cmd.args(["send", "-b", "private", "hi"]);
    run(cmd)
        .code(4)
        .stderr_has("HTTP 403 Forbidden")
        .stderr_has("hint: this API key has no access to chatbot 'private'");
}

#[test]
fn connection_refused_is_a_network_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut cmd = hermetic(home().path());
    cmd.env("PEKI_BASE_URL", format!("http://127.0.0.1:{port}/api"))
        .env("PEKI_API_KEY", KEY)
        .env("PEKI_API_SECRET", SECRET)
        .args(["send", "-b", BOT, "--json", "--retries", "0", "hi"]);
    let out = run(cmd);
    let json = out.code(8).json();
    assert_eq!(json["error"]["kind"], "network");
    assert_eq!(json["status"], serde_json::Value::Null);
    out.stderr_has("connection refused");
}

#[test]
fn rate_limit_flag_reports_on_stderr_and_leaves_stdout_alone() {
    let t = Test::new();
    run(t.send(&["--rate-limit", "hi"]))
        .code(0)
        .stdout_is("Echo: hi\n")
        .stderr_has("rate limit: 99 of 100 requests left; resets at ")
        .stderr_has(" 00:00:00 UTC (in ");
    let api = FakeApi::start(Canned::new(200, r#"{"data":"x","error":null}"#));
    api.send(home().path(), &["--rate-limit"])
        .code(0)
        .stderr_has("no X-RateLimit-* headers");
}

#[test]
fn json_success_object_has_the_contract_fields() {
    let t = Test::new();
    let json = run(t.send(&["--json", "hi"])).code(0).json();
    assert_eq!(json["ok"], true);
    assert_eq!(json["status"], 200);
    assert_eq!(json["bot"], BOT);
    assert_eq!(json["reply"], "Echo: hi");
    assert_eq!(json["rate_limit"]["limit"], 100);
    assert_eq!(json["rate_limit"]["remaining"], 99);
    assert!(json["rate_limit"]["reset"].as_i64().unwrap() > 0);
    assert_eq!(json["attempts"], 1);
    assert!(json["elapsed_ms"].is_u64());
    assert_eq!(json["error"], serde_json::Value::Null);
    assert_eq!(json["response"]["data"], "Echo: hi");
}

#[test]
fn json_output_matches_the_published_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/send-result.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    let t = Test::with_options(1, common::far_from_midnight());
    let api = FakeApi::start(Canned::new(400, VALIDATION_PROBLEM));
    let mut outputs = vec![
        run(t.send(&["--json", "hi"])).json(),
        run(t.send(&["--json", "over the limit"])).json(),
        api.send(home().path(), &["--json"]).json(),
    ];
    let mut usage = t.send(&["--json"]);
    usage.arg("   ");
    outputs.push(run(usage).json());
    let met = Test::new();
    outputs.push(run(met.send(&["--json", "--expect-contains", "hi", "hi"])).json());
    let failed = run(met.send(&["--json", "--expect-contains", "bye", "hi"]));
    assert_eq!(failed.code, 9);
    outputs.push(failed.json());
    for output in &outputs {
        let errors: Vec<String> = validator
            .iter_errors(output)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{output}: {errors:?}");
    }
    // A schema that accepted anything would pass the loop above.
    assert!(!validator.is_valid(&serde_json::json!({"ok": "yes"})));
}
