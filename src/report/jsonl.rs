//! `--report-json FILE`: JSON Lines, one object per case with every run, turn, reply,
//! latency and expectation verdict (`schemas/test-report.schema.json`).

use super::CaseResult;

/// One line per case, in the order of the suites.
pub fn render(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for result in results {
        // Plain data (strings, numbers, maps of strings): it always serializes.
        out.push_str(&serde_json::to_string(result).unwrap_or_else(|e| {
            serde_json::json!({"case": result.case, "error": e.to_string()}).to_string()
        }));
        out.push('\n');
    }
    out
}
