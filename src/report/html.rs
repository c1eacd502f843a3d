//! `--html FILE`: one self-contained page (inline style, no script, no external asset), so
//! it reads from a CI artifact without a server: a summary, a row per case, and each
//! case's conversation with its expectation verdicts, latencies and errors. It is written
//! as well-formed XHTML, so any XML parser can check it.

use std::fmt::Write as _;

use super::junit::escape;
use super::{CaseResult, RunResult, Status, Totals, TurnResult};

const STYLE: &str = "\
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}\
h1{font-size:1.5em}h2{font-size:1.15em;margin:0}\
table{border-collapse:collapse;width:100%}td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left}\
.badge{display:inline-block;min-width:5.5em;text-align:center;border-radius:3px;padding:0 .4em;color:#fff;font-weight:600}\
.passed .badge{background:#2a7d2e}.failed .badge{background:#b3261e}.errored .badge{background:#a15c00}.skipped .badge{background:#777}\
section.case{border:1px solid #ddd;border-radius:4px;margin:1em 0;padding:.8em 1em}\
.meta{color:#666;font-size:.9em}.say,.reply{white-space:pre-wrap;margin:.3em 0;padding:.4em .6em;border-radius:4px}\
.say{background:#eef3fb}.reply{background:#f4f4f4}.error{color:#a15c00}\
ul.checks{margin:.3em 0 .8em;padding-left:1.2em}li.ok{color:#2a7d2e}li.fail{color:#b3261e}\
pre{white-space:pre-wrap;margin:.2em 0}";

/// The page for these results.
pub fn render(results: &[CaseResult], totals: &Totals) -> String {
    let mut page =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    let _ = writeln!(
        page,
        "<title>peki test: {}</title>",
        escape(&totals.summary())
    );
    let _ = writeln!(
        page,
        "<style>{STYLE}</style>\n</head>\n<body>\n<h1>peki test</h1>"
    );
    let _ = writeln!(
        page,
        "<p class=\"summary\">{}</p>",
        escape(&totals.summary())
    );
    page.push_str("<table>\n<tr><th>status</th><th>case</th><th>runs</th><th>time</th></tr>\n");
    for (index, case) in results.iter().enumerate() {
        let _ = writeln!(
            page,
            "<tr class=\"{}\"><td><span class=\"badge\">{}</span></td><td><a href=\"#case-{}\">{}</a></td><td>{}/{} (needs {})</td><td>{} ms</td></tr>",
            case.status.word(),
            case.status.word(),
            index + 1,
            escape(&case.title()),
            case.passed_runs,
            case.runs.len(),
            case.min_pass,
            case.elapsed_ms
        );
    }
    page.push_str("</table>\n");
    for (index, case) in results.iter().enumerate() {
        section(&mut page, index + 1, case);
    }
    page.push_str("</body>\n</html>\n");
    page
}

fn section(page: &mut String, number: usize, case: &CaseResult) {
    let _ = writeln!(
        page,
        "<section class=\"case {}\" id=\"case-{number}\">\n<h2><span class=\"badge\">{}</span> {}</h2>",
        case.status.word(),
        case.status.word(),
        escape(&case.title())
    );
    let _ = writeln!(
        page,
        "<p class=\"meta\">{}:{} · chatbot {} · {} of {} runs passed (needs {}) · {} messages · {} ms</p>",
        escape(&case.file.display().to_string()),
        case.line,
        escape(&case.bot),
        case.passed_runs,
        case.runs.len(),
        case.min_pass,
        case.messages,
        case.elapsed_ms
    );
    if let Some(reason) = &case.reason {
        let _ = writeln!(page, "<p class=\"reason\">{}</p>", escape(reason));
    }
    for run in &case.runs {
        sample(page, case, run);
    }
    page.push_str("</section>\n");
}

fn sample(page: &mut String, case: &CaseResult, run: &RunResult) {
    // Samples that did not pass are open; the rest fold away.
    let open = if run.status == Status::Passed {
        ""
    } else {
        " open=\"open\""
    };
    let _ = writeln!(
        page,
        "<details{open}><summary>sample {} of {} as {} — {}</summary>",
        run.sample,
        case.samples,
        escape(&run.user_id),
        run.status.word()
    );
    for turn in &run.turns {
        self::turn(page, turn);
    }
    page.push_str("</details>\n");
}

fn turn(page: &mut String, turn: &TurnResult) {
    let _ = writeln!(page, "<p class=\"say\">{}</p>", escape(&turn.say));
    match (&turn.reply, &turn.error) {
        (Some(reply), _) => {
            let _ = writeln!(page, "<p class=\"reply\">{}</p>", escape(reply));
        }
        (None, Some(error)) => {
            let _ = writeln!(
                page,
                "<p class=\"reply error\">{} ({})</p>",
                escape(&error.message),
                escape(&error.kind)
            );
        }
        (None, None) => {}
    }
    let status = turn
        .http_status
        .map_or("no answer".to_string(), |s| format!("HTTP {s}"));
    let _ = writeln!(
        page,
        "<p class=\"meta\">{status} · {} ms · {} attempt{}</p>",
        turn.elapsed_ms,
        turn.attempts,
        if turn.attempts == 1 { "" } else { "s" }
    );
    if turn.expectations.is_empty() {
        return;
    }
    page.push_str("<ul class=\"checks\">\n");
    for verdict in &turn.expectations {
        let class = if verdict.ok { "ok" } else { "fail" };
        let mark = if verdict.ok { "✓" } else { "✗" };
        let _ = write!(
            page,
            "<li class=\"{class}\">{mark} {} <code>{}</code>",
            verdict.kind,
            escape(&verdict.expected.to_string())
        );
        if let Some(detail) = &verdict.detail {
            let _ = write!(page, ": {}", escape(detail));
        }
        // An `equals` that failed shows both texts in full, one under the other.
        if !verdict.ok
            && verdict.kind == "equals"
            && let (Some(want), Some(reply)) = (verdict.expected.as_str(), &turn.reply)
        {
            let _ = write!(
                page,
                "<pre>expected: {}</pre><pre>     got: {}</pre>",
                escape(want),
                escape(reply)
            );
        }
        page.push_str("</li>\n");
    }
    page.push_str("</ul>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests_support::result;

    #[test]
    fn the_page_escapes_what_it_shows_and_loads_nothing() {
        let results = vec![
            result("greets <now>", Status::Passed),
            result("fails", Status::Failed),
        ];
        let page = render(&results, &Totals::of(&results, 10));
        assert!(page.contains("suite › greets &lt;now&gt;"), "{page}");
        assert!(
            page.contains("<p class=\"say\">hello &lt;b&gt;&amp;</p>"),
            "{page}"
        );
        assert!(
            page.contains("<p class=\"reply\">y &lt;script&gt;</p>"),
            "{page}"
        );
        assert!(!page.contains("<script"), "no script at all");
        assert!(
            !page.contains(" src=") && !page.contains("http"),
            "nothing is fetched"
        );
    }
}
