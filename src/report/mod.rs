//! What a `peki test` run found, and its reports: JSON Lines (`jsonl`), JUnit XML (`junit`),
//! TAP 14 (`tap`) and a self-contained HTML page (`html`). The renderers are pure: results
//! in, text out; writing it is the caller's. Nothing here holds a secret: the results
//! carry messages, replies and errors (already masked), never keys.

pub mod html;
pub mod jsonl;
pub mod junit;
pub mod tap;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::expect::Verdict;

/// How a case (or one run of it) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    /// An expectation did not hold.
    Failed,
    /// No usable answer (an API or network error nobody expected).
    Errored,
    /// Not run: filtered out by --fail-fast, or the quota ran out.
    Skipped,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Errored => "errored",
            Status::Skipped => "skipped",
        }
    }
}

/// One case of one suite.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub suite: String,
    pub case: String,
    pub file: PathBuf,
    pub line: usize,
    pub bot: String,
    pub status: Status,
    /// Why it was skipped, or what made it fail or error, in one line.
    pub reason: Option<String>,
    pub samples: u32,
    pub min_pass: u32,
    pub passed_runs: u32,
    pub elapsed_ms: u64,
    /// Messages sent for it.
    pub messages: u64,
    pub runs: Vec<RunResult>,
}

/// One run (sample) of a case: its turns in order, as one user.
#[derive(Debug, Clone, Serialize)]
pub struct RunResult {
    pub sample: u32,
    pub user_id: String,
    pub status: Status,
    pub turns: Vec<TurnResult>,
}

/// One message and its answer.
#[derive(Debug, Clone, Serialize)]
pub struct TurnResult {
    pub say: String,
    pub reply: Option<String>,
    pub http_status: Option<u16>,
    pub attempts: u32,
    pub elapsed_ms: u64,
    pub expectations: Vec<Verdict>,
    /// The error kind and message when no reply came.
    pub error: Option<TurnError>,
    pub captured: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TurnError {
    pub kind: String,
    pub message: String,
}

/// The counts of a run, for the summary line and the reports' totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub passed: usize,
    pub failed: usize,
    pub errored: usize,
    pub skipped: usize,
    pub messages: u64,
    pub elapsed_ms: u64,
}

impl Totals {
    pub fn of(results: &[CaseResult], elapsed_ms: u64) -> Totals {
        let count = |status| results.iter().filter(|r| r.status == status).count();
        Totals {
            passed: count(Status::Passed),
            failed: count(Status::Failed),
            errored: count(Status::Errored),
            skipped: count(Status::Skipped),
            messages: results.iter().map(|r| r.messages).sum(),
            elapsed_ms,
        }
    }

    pub fn cases(&self) -> usize {
        self.passed + self.failed + self.errored + self.skipped
    }

    /// `3 passed, 1 failed, 0 errored, 2 skipped; 14 messages in 2.4 s`.
    pub fn summary(&self) -> String {
        format!(
            "{} passed, {} failed, {} errored, {} skipped; {} message{} in {:.1} s",
            self.passed,
            self.failed,
            self.errored,
            self.skipped,
            self.messages,
            if self.messages == 1 { "" } else { "s" },
            self.elapsed_ms as f64 / 1000.0
        )
    }
}

impl CaseResult {
    /// `suite › case`, as the line per case and TAP show it.
    pub fn title(&self) -> String {
        format!("{} › {}", self.suite, self.case)
    }

    /// The verdicts that failed, each with its turn, for the reports' failure text.
    pub fn failures(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for run in self.runs.iter().filter(|r| r.status != Status::Passed) {
            for (index, turn) in run.turns.iter().enumerate() {
                let at = if self.samples > 1 {
                    format!("sample {}, turn {}", run.sample, index + 1)
                } else {
                    format!("turn {}", index + 1)
                };
                if let Some(error) = &turn.error
                    && !turn.expectations.iter().any(|v| v.kind == "error" && v.ok)
                {
                    lines.push(format!("{at}: {} ({})", error.message, error.kind));
                }
                for verdict in turn.expectations.iter().filter(|v| !v.ok) {
                    lines.push(format!("{at}: {verdict}"));
                }
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_every_status() {
        let totals = Totals {
            passed: 3,
            failed: 1,
            errored: 0,
            skipped: 2,
            messages: 14,
            elapsed_ms: 2400,
        };
        assert_eq!(
            totals.summary(),
            "3 passed, 1 failed, 0 errored, 2 skipped; 14 messages in 2.4 s"
        );
        assert_eq!(totals.cases(), 6);
    }
}

/// Results for the renderers' unit tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    pub fn result(case: &str, status: Status) -> CaseResult {
        let verdict = Verdict {
            kind: "contains",
            expected: "x".into(),
            ok: status != Status::Failed,
            detail: (status == Status::Failed).then(|| "not found in \"y\"".to_string()),
        };
        let turn = TurnResult {
            say: "hello <b>&".into(),
            reply: (status != Status::Skipped).then(|| "y <script>".to_string()),
            http_status: Some(200),
            attempts: 1,
            elapsed_ms: 12,
            expectations: vec![verdict],
            error: None,
            captured: BTreeMap::new(),
        };
        CaseResult {
            suite: "suite".into(),
            case: case.into(),
            file: "suites/s.toml".into(),
            line: 3,
            bot: "support".into(),
            status,
            reason: match status {
                Status::Skipped => Some("the quota ran out".into()),
                Status::Failed => Some("0 of 1 runs passed".into()),
                _ => None,
            },
            samples: 1,
            min_pass: 1,
            passed_runs: u32::from(status == Status::Passed),
            elapsed_ms: 12,
            messages: u64::from(status != Status::Skipped),
            runs: if status == Status::Skipped {
                Vec::new()
            } else {
                vec![RunResult {
                    sample: 1,
                    user_id: "peki-run-case-1".into(),
                    status,
                    turns: vec![turn],
                }]
            },
        }
    }
}
