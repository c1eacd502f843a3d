//! `--tap`: TAP version 14 on stdout, one test point per case, with a YAML block that says
//! why a case failed, errored or was skipped.

use std::fmt::Write as _;

use super::{CaseResult, Status};
use crate::text::one_line;

/// The whole TAP stream for these results.
pub fn render(results: &[CaseResult]) -> String {
    let mut out = format!("TAP version 14\n1..{}\n", results.len());
    for (index, result) in results.iter().enumerate() {
        let number = index + 1;
        let name = description(&result.title());
        match result.status {
            Status::Passed => {
                let _ = writeln!(out, "ok {number} - {name}");
            }
            Status::Skipped => {
                let reason = result.reason.as_deref().unwrap_or("not run");
                let _ = writeln!(out, "ok {number} - {name} # SKIP {}", description(reason));
            }
            Status::Failed | Status::Errored => {
                let _ = writeln!(out, "not ok {number} - {name}");
                out.push_str(&diagnostics(result));
            }
        }
    }
    out
}

/// The YAML block under a test point that did not pass.
fn diagnostics(result: &CaseResult) -> String {
    let mut block = String::from("  ---\n");
    let quoted = |text: &str| serde_json::Value::String(one_line(text, 500)).to_string();
    let _ = writeln!(
        block,
        "  message: {}",
        quoted(result.reason.as_deref().unwrap_or(result.status.word()))
    );
    let _ = writeln!(
        block,
        "  severity: {}",
        if result.status == Status::Errored {
            "error"
        } else {
            "fail"
        }
    );
    let failures = result.failures();
    if !failures.is_empty() {
        block.push_str("  failures:\n");
        for failure in failures {
            let _ = writeln!(block, "    - {}", quoted(&failure));
        }
    }
    let _ = writeln!(
        block,
        "  at:\n    file: {}\n    line: {}",
        quoted(&result.file.display().to_string()),
        result.line
    );
    let _ = writeln!(block, "  duration_ms: {}", result.elapsed_ms);
    block.push_str("  ...\n");
    block
}

/// A description on one line, with `#` escaped so that it cannot start a directive.
fn description(text: &str) -> String {
    one_line(text, 300)
        .replace('\\', "\\\\")
        .replace('#', "\\#")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests_support::result;

    #[test]
    fn each_status_has_its_test_point() {
        let results = vec![
            result("greets", Status::Passed),
            result("order #2", Status::Failed),
            result("later", Status::Skipped),
        ];
        let tap = render(&results);
        let lines: Vec<&str> = tap.lines().collect();
        assert_eq!(
            lines[..3],
            ["TAP version 14", "1..3", "ok 1 - suite › greets"]
        );
        assert_eq!(lines[3], "not ok 2 - suite › order \\#2");
        assert_eq!(lines[4], "  ---");
        assert!(tap.contains("  severity: fail\n"), "{tap}");
        assert!(
            tap.contains("    - \"turn 1: contains \\\"x\\\": not found in \\\"y\\\"\"\n"),
            "{tap}"
        );
        assert!(
            tap.ends_with("ok 3 - suite › later # SKIP the quota ran out\n"),
            "{tap}"
        );
    }
}
