//! Running cases: each sample as its own user, its turns in order, captures filled in for
//! the turns after them; samples stop once the case's outcome is settled. A chatbot's quota
//! that runs out stops its own cases; a first request refused for credentials, or
//! `--fail-fast`, stop the whole run; what it did not reach is skipped, never failed. The
//! parts that need no I/O are in `parts`.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Instant;

use serde_json::json;

use super::parts::{Tally, capture, identity, outgoing, reply_text, verdict};
use crate::commands::session::{Outgoing, Session};
use crate::error::Error;
use crate::expect::{Expectations, Outcome, Verdict};
use crate::report::{CaseResult, RunResult, Status, TurnError, TurnResult};
use crate::suite::{BlankMessage, Case, Suite, TooLarge, Turn, Vars};

/// Why the run stopped early. (A chatbot whose rate limit ran out stops only its own
/// cases: see `Run::quota_out`.)
#[derive(Debug)]
pub enum Stop {
    /// `--fail-fast` after a case that did not pass.
    FailFast,
    /// The first request was refused (credentials, an unknown chatbot): the suite cannot
    /// run, and the run ends with that error's exit code.
    Refused(Error),
    /// `MAX_UNANSWERED` requests in a row got no answer at all (the API is down or cannot
    /// be reached): every other case would spend its retries and `--timeout` for nothing.
    /// When no request was ever answered, the run ends with this error's exit code.
    Unreachable { error: Error, first: bool },
}

/// Requests in a row with no answer, retries included, that stop the run (as in `batch`).
const MAX_UNANSWERED: u32 = 3;

impl Stop {
    pub fn reason(&self) -> String {
        match self {
            Stop::FailFast => "not run: --fail-fast stopped the run after a failure".into(),
            Stop::Refused(error) => format!("not run: the first request was refused ({error})"),
            Stop::Unreachable { error, .. } => format!(
                "not run: {MAX_UNANSWERED} requests in a row got no answer from the API ({error})"
            ),
        }
    }
}

/// A case that was not run (`Skipped`, or `Errored` when the whole run was refused), with
/// why.
pub fn not_run(
    suite: &Suite,
    case: &Case,
    bot: &str,
    status: Status,
    reason: String,
) -> CaseResult {
    outcome(suite, case, bot, status, Some(reason))
}

/// The result of `case` with its verdict and nothing run yet: no runs, messages or time.
fn outcome(
    suite: &Suite,
    case: &Case,
    bot: &str,
    status: Status,
    reason: Option<String>,
) -> CaseResult {
    CaseResult {
        suite: suite.name.clone(),
        case: case.name.clone(),
        file: suite.path.clone(),
        line: case.line,
        bot: bot.to_string(),
        status,
        reason,
        samples: case.samples,
        min_pass: case.min_pass,
        passed_runs: 0,
        elapsed_ms: 0,
        messages: 0,
        runs: Vec::new(),
    }
}

/// What the cases of one run share.
pub struct Run<'a> {
    pub session: &'a Session,
    /// The start of every generated user id.
    pub prefix: String,
    pub fail_fast: bool,
    /// Whether a report shows the runs that passed (else only the others are kept).
    keep_passed: bool,
    pub stop: Mutex<Option<Stop>>,
    /// Chatbots whose rate limit ran out, each with why: the API counts each chatbot's
    /// messages apart, so only their own cases are skipped.
    quota_out: Mutex<BTreeMap<String, String>>,
    /// Whether any request has had an answer (a refusal after one is the case's, not the
    /// run's).
    answered: AtomicBool,
    /// Requests in a row that got no answer at all.
    unanswered: AtomicU32,
    /// Whether any request has had a response, of any status.
    responded: AtomicBool,
}

impl<'a> Run<'a> {
    pub fn new(session: &'a Session, prefix: String, fail_fast: bool, keep_passed: bool) -> Self {
        Run {
            session,
            prefix,
            fail_fast,
            keep_passed,
            stop: Mutex::new(None),
            quota_out: Mutex::new(BTreeMap::new()),
            answered: AtomicBool::new(false),
            unanswered: AtomicU32::new(0),
            responded: AtomicBool::new(false),
        }
    }

    /// Why cases for `bot` are no longer run, if they are not.
    pub fn stopped_for(&self, bot: &str) -> Option<String> {
        self.lock().as_ref().map(Stop::reason).or_else(|| {
            self.quota_out
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(bot)
                .cloned()
        })
    }

    /// Why some chatbot's cases were skipped for its rate limit: the first one's reason.
    pub fn quota_reason(&self) -> Option<String> {
        let out = self.quota_out.lock().unwrap_or_else(|p| p.into_inner());
        out.values().next().cloned()
    }

    fn halt(&self, stop: Stop) {
        let mut current = self.lock();
        if current.is_none() {
            *current = Some(stop);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Stop>> {
        // Only ever set once, by a single assignment: a poisoned lock holds a valid value.
        self.stop.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A case that was not run, with why.
    pub fn skipped(&self, suite: &Suite, case: &Case, bot: &str, reason: String) -> CaseResult {
        not_run(suite, case, bot, Status::Skipped, reason)
    }

    /// Runs `case` of `suite` against `bot`.
    pub fn case(&self, suite: &Suite, case: &Case, bot: &str) -> CaseResult {
        if let Some(reason) = self.stopped_for(bot) {
            return self.skipped(suite, case, bot, reason);
        }
        let started = Instant::now();
        let mut tally = Tally::new(self.keep_passed);
        let mut messages = 0;
        let mut cut_short = None;
        for sample in 1..=case.samples {
            if let Some(reason) = self.stopped_for(bot) {
                cut_short = Some(reason);
                break;
            }
            let (run, sent) = self.sample(suite, case, bot, sample);
            messages += sent;
            if run.status == Status::Skipped {
                cut_short = self.stopped_for(bot);
                break;
            }
            tally.add(run);
            let left = case.samples - sample;
            // Settled either way: the rest would only spend quota.
            if tally.passed >= case.min_pass || tally.passed + left < case.min_pass {
                break;
            }
        }
        let (status, reason) = verdict(case, &tally, cut_short);
        if self.fail_fast && matches!(status, Status::Failed | Status::Errored) {
            self.halt(Stop::FailFast);
        }
        CaseResult {
            passed_runs: tally.passed,
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            messages,
            runs: tally.kept,
            ..outcome(suite, case, bot, status, reason)
        }
    }

    /// One sample: the turns in order as one user, stopping at the first that does not
    /// pass. Returns the run and the messages it sent.
    fn sample(&self, suite: &Suite, case: &Case, bot: &str, sample: u32) -> (RunResult, u64) {
        let mut vars = suite.vars.clone();
        let (user_id, user_name) = identity(self.session, &self.prefix, case, sample, &vars);
        let mut run = RunResult {
            sample,
            user_id: user_id.clone(),
            status: Status::Passed,
            turns: Vec::new(),
        };
        let mut sent = 0;
        for turn in &case.turns {
            let (result, status, delivered) = self.turn(turn, bot, &user_id, &user_name, &mut vars);
            sent += u64::from(delivered);
            run.turns.push(result);
            if status != Status::Passed {
                run.status = status;
                break;
            }
        }
        (run, sent)
    }

    /// One turn: the message, its verdicts and captures. Returns the result, its status,
    /// and whether a request went out.
    fn turn(
        &self,
        turn: &Turn,
        bot: &str,
        user_id: &str,
        user_name: &str,
        vars: &mut Vars,
    ) -> (TurnResult, Status, bool) {
        let say = turn.say.render(vars);
        let mut result = TurnResult {
            say: say
                .clone()
                .unwrap_or_else(|_| turn.say.as_written().to_string()),
            reply: None,
            http_status: None,
            attempts: 0,
            elapsed_ms: 0,
            expectations: Vec::new(),
            error: None,
            captured: BTreeMap::new(),
        };
        let prepared = self.prepare(turn, bot, user_id, user_name, say, vars);
        let (message, expectations) = match prepared {
            Ok(ready) => ready,
            Err(message) => {
                result.error = Some(TurnError {
                    kind: "usage".into(),
                    message,
                });
                return (result, Status::Errored, false);
            }
        };
        let delivery = self.session.deliver(&message, &Expectations::default());
        let report = &delivery.report;
        result.http_status = report.status;
        result.attempts = report.attempts;
        result.elapsed_ms = report.elapsed_ms;
        let text = report.reply.as_ref().map(reply_text);
        result.reply = text.clone();
        let json = match &report.reply {
            Some(crate::api::Reply::Json(value)) => Some(value),
            _ => None,
        };
        let outcome = match (&text, &delivery.result) {
            (Some(text), _) => Outcome::Reply {
                text,
                json,
                elapsed_ms: report.elapsed_ms,
            },
            (None, Err(error)) => {
                result.error = Some(TurnError {
                    kind: error.kind().to_string(),
                    message: error.to_string(),
                });
                Outcome::Failed {
                    kind: error.kind(),
                    message: result.error.as_ref().map_or("", |e| e.message.as_str()),
                    elapsed_ms: report.elapsed_ms,
                }
            }
            (None, Ok(())) => Outcome::Failed {
                kind: "bad_response",
                message: "no reply",
                elapsed_ms: report.elapsed_ms,
            },
        };
        result.expectations = expectations.check(&outcome);
        let delivered = report.attempts > 0;
        if let Some(text) = &text {
            self.answered.store(true, Ordering::Relaxed);
            for (name, pattern) in &turn.capture {
                match capture(pattern, name, text) {
                    Some(value) => {
                        vars.set(name, value.clone());
                        result.captured.insert(name.clone(), value);
                    }
                    None => result.expectations.push(Verdict {
                        kind: "capture",
                        expected: json!({ "name": name, "regex": pattern.source }),
                        ok: false,
                        detail: Some(format!(
                            "no match in {}",
                            crate::expect::quote_around(text, (0, 0))
                        )),
                    }),
                }
            }
        }
        let expected_error = turn.expect.expected_error();
        if report.status.is_some() {
            self.unanswered.store(0, Ordering::Relaxed);
            self.responded.store(true, Ordering::Relaxed);
        }
        if let Err(error) = delivery.result {
            let kind = error.kind();
            if expected_error != Some(kind) {
                if matches!(error, Error::Network(_))
                    && self.unanswered.fetch_add(1, Ordering::Relaxed) + 1 >= MAX_UNANSWERED
                {
                    let first = !self.responded.load(Ordering::Relaxed);
                    self.halt(Stop::Unreachable { error, first });
                    return (result, Status::Errored, delivered);
                }
                if kind == "rate_limited" {
                    self.quota_out
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .entry(bot.to_string())
                        .or_insert_with(|| {
                            format!("not run: the rate limit of chatbot '{bot}' ran out ({error})")
                        });
                    return (result, Status::Skipped, delivered);
                }
                let refusal = matches!(kind, "unauthorized" | "forbidden" | "not_found");
                if refusal && !self.answered.load(Ordering::Relaxed) {
                    self.halt(Stop::Refused(error));
                }
                return (result, Status::Errored, delivered);
            }
        }
        let status = if result.expectations.iter().all(|v| v.ok) {
            Status::Passed
        } else {
            Status::Failed
        };
        (result, status, delivered)
    }

    /// The message and its expectations with the variables filled in.
    fn prepare(
        &self,
        turn: &Turn,
        bot: &str,
        user_id: &str,
        user_name: &str,
        say: Result<String, TooLarge>,
        vars: &Vars,
    ) -> Result<(Outgoing, Expectations), String> {
        // Text captured from a reply may make it too large, or blank; the rest was checked
        // at load.
        let say = say.map_err(|e| format!("say: {e}"))?;
        if say.trim().is_empty() {
            return Err(format!("say: {BlankMessage}"));
        }
        let message = outgoing(turn, bot, user_id, user_name, say, vars)?;
        let expectations = turn.expect.resolve(vars)?;
        Ok((message, expectations))
    }
}
