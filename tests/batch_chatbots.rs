//! `peki batch` with lines for several chatbots: the API counts each chatbot's messages
//! apart, so one chatbot's used-up quota stops only its own lines.

mod common;

use common::{Test, run_with};

fn verdicts(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|line| {
            let result: serde_json::Value = serde_json::from_str(line).unwrap();
            let verdict = match &result["error"]["kind"] {
                serde_json::Value::String(kind) => kind.clone(),
                _ => "ok".into(),
            };
            format!("{} {verdict}", result["bot"].as_str().unwrap_or("?"))
        })
        .collect()
}

#[test]
fn a_chatbot_whose_quota_is_used_up_stops_only_its_own_lines() {
    let t = Test::with_limit(3);
    let mut input = String::new();
    for n in 1..=4 {
        input.push_str(&format!("{{\"content\":\"s{n}\",\"bot\":\"support\"}}\n"));
    }
    for n in 1..=3 {
        input.push_str(&format!("{{\"content\":\"f{n}\",\"bot\":\"fromenv\"}}\n"));
    }
    let mut cmd = t.peki();
    cmd.args(["batch", "--parallel", "2"]);
    let out = run_with(cmd, Some(input.as_bytes()));
    out.code(6).stderr_has("chatbot 'support'");
    assert_eq!(
        verdicts(&out.stdout),
        [
            "support ok",
            "support ok",
            "support ok",
            "support not_sent",
            "fromenv ok",
            "fromenv ok",
            "fromenv ok",
        ],
        "{out:#?}"
    );
}
