//! `--junit FILE`: JUnit XML as GitLab, GitHub and Jenkins read it: a `testsuite` per suite
//! file, a `testcase` per case, the failing expectations in `failure`, API and network
//! errors in `error`, skipped cases in `skipped`, and the conversation in `system-out`.

use std::fmt::Write as _;

use super::{CaseResult, Status, Totals};

/// The XML document for these results.
pub fn render(results: &[CaseResult], totals: &Totals) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"peki test\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
        totals.cases(),
        totals.failed,
        totals.errored,
        totals.skipped,
        seconds(totals.elapsed_ms)
    );
    let mut start = 0;
    while start < results.len() {
        let file = &results[start].file;
        let end = results[start..]
            .iter()
            .position(|r| &r.file != file)
            .map_or(results.len(), |n| start + n);
        suite(&mut out, &results[start..end]);
        start = end;
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite(out: &mut String, cases: &[CaseResult]) {
    let totals = Totals::of(cases, cases.iter().map(|c| c.elapsed_ms).sum());
    let first = &cases[0];
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\" file=\"{}\">",
        escape(&first.suite),
        totals.cases(),
        totals.failed,
        totals.errored,
        totals.skipped,
        seconds(totals.elapsed_ms),
        escape(&first.file.display().to_string())
    );
    for case in cases {
        testcase(out, case);
    }
    out.push_str("  </testsuite>\n");
}

fn testcase(out: &mut String, case: &CaseResult) {
    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"{}\">",
        escape(&case.case),
        escape(&case.suite),
        escape(&case.file.display().to_string()),
        case.line,
        seconds(case.elapsed_ms)
    );
    let reason = case.reason.as_deref().unwrap_or(case.status.word());
    match case.status {
        Status::Passed => {}
        Status::Skipped => {
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", escape(reason));
        }
        Status::Failed | Status::Errored => {
            let (element, kind) = if case.status == Status::Failed {
                ("failure", "expectation")
            } else {
                ("error", "error")
            };
            let _ = writeln!(
                out,
                "      <{element} message=\"{}\" type=\"{kind}\">{}</{element}>",
                escape(reason),
                escape(&case.failures().join("\n"))
            );
        }
    }
    if !case.runs.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            escape(&conversation(case))
        );
    }
    out.push_str("    </testcase>\n");
}

/// The conversation as text: `> said`, `< replied`, each sample headed when there are
/// several.
pub fn conversation(case: &CaseResult) -> String {
    let mut text = String::new();
    for run in &case.runs {
        if case.samples > 1 {
            let _ = writeln!(
                text,
                "# sample {} ({}) as {}",
                run.sample,
                run.status.word(),
                run.user_id
            );
        }
        for turn in &run.turns {
            let _ = writeln!(text, "> {}", turn.say);
            match (&turn.reply, &turn.error) {
                (Some(reply), _) => {
                    let _ = writeln!(text, "< {reply}  ({} ms)", turn.elapsed_ms);
                }
                (None, Some(error)) => {
                    let _ = writeln!(text, "! {} ({})", error.message, error.kind);
                }
                (None, None) => {}
            }
        }
    }
    text
}

/// `1.234`: seconds with milliseconds.
fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// Text for XML content or an attribute: the five entities escaped, and characters XML 1.0
/// does not allow (most control characters) replaced by U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests_support::result;

    #[test]
    fn cases_map_to_testcases_with_their_outcome() {
        let results = vec![
            result("greets", Status::Passed),
            result("fails", Status::Failed),
            result("later", Status::Skipped),
        ];
        let xml = render(&results, &Totals::of(&results, 1500));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"peki test\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"1.500\">"), "{xml}");
        assert!(xml.contains("<testcase name=\"fails\" classname=\"suite\" file=\"suites/s.toml\" line=\"3\" time=\"0.012\">"), "{xml}");
        assert!(xml.contains("<failure message=\"0 of 1 runs passed\" type=\"expectation\">turn 1: contains &quot;x&quot;: not found in &quot;y&quot;</failure>"), "{xml}");
        assert!(
            xml.contains("<skipped message=\"the quota ran out\"/>"),
            "{xml}"
        );
        assert!(xml.contains("<system-out>&gt; hello &lt;b&gt;&amp;\n&lt; y &lt;script&gt;  (12 ms)\n</system-out>"), "{xml}");
    }

    #[test]
    fn control_characters_cannot_break_the_document() {
        assert_eq!(escape("a\u{1b}[31m\u{0}b\tc"), "a\u{FFFD}[31m\u{FFFD}b\tc");
    }
}
