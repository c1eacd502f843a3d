//! `peki test`: load the suites (every error before anything is sent), list or plan the
//! run (the budget and the last rate-limit reading), run the cases (in parallel when
//! asked, results kept in suite order), show progress, write the reports, and exit with
//! what the run came to.

mod dry_run;
mod parts;
mod plan;
mod report_file;
mod runner;

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::cli::{GlobalArgs, TestArgs};
use crate::config;
use crate::error::Error;
use crate::expect::Expectations;
use crate::output;
use crate::quota::QuotaBook;
use crate::report::{self, CaseResult, Status, Totals};
use crate::style::Level;
use crate::suite::{self, Case, LoadOptions, Suite};

use super::session::Session;
use report_file::ReportFile;
use runner::{Run, Stop};

pub fn run(global: &GlobalArgs, args: &TestArgs) -> Result<(), Error> {
    config::check_env_encoding()?;
    let suites = suite::load(
        &args.paths,
        &LoadOptions {
            overrides: &args.vars,
            env: &config::process_env,
        },
    )?;
    let selected: Vec<(&Suite, &Case)> = suites
        .iter()
        .flat_map(|s| s.cases.iter().map(move |c| (s, c)))
        .filter(|(_, c)| args.filter.as_ref().is_none_or(|f| f.is_match(&c.name)))
        .collect();
    if selected.is_empty() {
        return Err(Error::Suite(suite::SuiteError {
            path: args.paths[0].clone(),
            line: 0,
            column: 0,
            message: "no case matches --filter".into(),
        }));
    }
    if args.list {
        return list(&selected);
    }
    let session = Session::open(global, &args.settings, false, false)?;
    let bots = bots(&selected, &session)?;
    // A random prefix keeps runs apart; with --cache, a fixed one lets replies match.
    let prefix = args.run_id.clone().unwrap_or_else(|| {
        if session.settings.cache_ttl().is_some() {
            "peki-test".to_string()
        } else {
            format!("peki-{:08x}", fastrand::u32(..))
        }
    });
    if args.dry_run {
        return dry_run::print(&session, &selected, &bots, &prefix);
    }
    // A report that cannot land would make the whole run's messages spent for nothing.
    for (file, _) in report_files(args) {
        file.check()?;
    }
    if !args.force
        && let Err(refusal) =
            refuse_what_cannot_fit(&selected, &bots, args.budget, &session, &prefix)
    {
        // CI shows the reports, not the log: each case says why it did not run.
        let results: Vec<CaseResult> = selected
            .iter()
            .zip(&bots)
            .map(|((suite, case), bot)| {
                runner::not_run(
                    suite,
                    case,
                    bot,
                    Status::Errored,
                    format!("not run: {refusal}"),
                )
            })
            .collect();
        if let Err(unwritten) = write_reports(args, &results, &Totals::of(&results, 0)) {
            // Why nothing ran comes first: the report that failed would have said it.
            output::print_error(&refusal);
            return Err(unwritten);
        }
        return Err(refusal);
    }
    let started = Instant::now();
    // Only a report file shows the runs that passed; the summary needs the others alone.
    let keep_passed = !report_files(args).is_empty();
    let run = Run::new(&session, prefix, args.fail_fast, keep_passed);
    let results = run_all(&run, &selected, &bots, args.parallel as usize);
    let totals = Totals::of(
        &results,
        u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    );
    summarize(&results, &totals);
    write_reports(args, &results, &totals)?;
    let quota = run.quota_reason();
    let stop = run.stop.into_inner().unwrap_or_else(|p| p.into_inner());
    match (stop, quota) {
        (Some(Stop::Refused(error)), _) => Err(error),
        // Not one request was answered: the suite could not run, as with a refusal.
        (Some(Stop::Unreachable { error, first: true }), _) => Err(error),
        _ if totals.failed + totals.errored > 0 => Err(Error::TestsFailed {
            failed: totals.failed,
            errored: totals.errored,
        }),
        (_, Some(reason)) => Err(Error::Quota(format!(
            "{} case{} not run: {}",
            totals.skipped,
            if totals.skipped == 1 { "" } else { "s" },
            reason.trim_start_matches("not run: ")
        ))),
        _ => Ok(()),
    }
}

/// `--list`: each case and the messages it needs at most; nothing is sent.
fn list(selected: &[(&Suite, &Case)]) -> Result<(), Error> {
    let mut lines = Vec::new();
    let mut total = 0;
    for (suite, case) in selected {
        let need = u64::from(case.samples) * case.messages();
        total += need;
        lines.push(format!(
            "{} › {}  ({} sample{} × {} turn{} = {need} message{})",
            suite.name,
            case.name,
            case.samples,
            plural(case.samples.into()),
            case.messages(),
            plural(case.messages()),
            plural(need)
        ));
    }
    lines.push(format!(
        "{} case{}, up to {total} message{}",
        selected.len(),
        plural(selected.len() as u64),
        plural(total)
    ));
    output::print_lines(&lines)
}

/// The chatbot of each case: its own, the suite's, else the settings'.
fn bots(selected: &[(&Suite, &Case)], session: &Session) -> Result<Vec<String>, Error> {
    selected
        .iter()
        .map(|(_, case)| match &case.bot {
            Some(bot) => Ok(bot.clone()),
            None => session.default_bot().map(|b| b.to_string()),
        })
        .collect()
}

/// Refuses (exit 6) a run that `--budget` or the last rate-limit readings say cannot fit.
fn refuse_what_cannot_fit(
    selected: &[(&Suite, &Case)],
    bots: &[String],
    budget: Option<u64>,
    session: &Session,
    prefix: &str,
) -> Result<(), Error> {
    let mut needs = plan::Needs::new();
    for ((suite, case), bot) in selected.iter().zip(bots) {
        *needs.entry(bot.clone()).or_default() += needed(session, prefix, suite, case, bot);
    }
    let book = QuotaBook::open_default();
    let base_url = session.settings.base_url().to_string();
    let api_key = session.client().api_key().to_string();
    let reading = |bot: &str| book.as_ref().and_then(|b| b.find(&base_url, &api_key, bot));
    match plan::refusal(&needs, budget, &reading, crate::clock::unix_now()) {
        Some(why) => Err(Error::Quota(why)),
        None => Ok(()),
    }
}

/// Messages a case may send: every turn of every sample, less those `--cache` answers
/// (a sample's turns from the first, up to one that is not stored or that says what an
/// earlier reply gave), so that a run the cache answers is not refused for the quota.
fn needed(session: &Session, prefix: &str, suite: &Suite, case: &Case, bot: &str) -> u64 {
    let vars = &suite.vars;
    (1..=case.samples)
        .map(|sample| {
            let (user_id, user_name) = parts::identity(session, prefix, case, sample, vars);
            let stored = case.turns.iter().take_while(|turn| {
                parts::known_before_sending(turn, vars)
                    && turn
                        .say
                        .render(vars)
                        .ok()
                        .and_then(|say| {
                            parts::outgoing(turn, bot, &user_id, &user_name, say, vars).ok()
                        })
                        .is_some_and(|message| {
                            session.cached(&message, &Expectations::default()).is_some()
                        })
            });
            case.messages() - stored.count() as u64
        })
        .sum()
}

/// Runs every case, `parallel` at a time, and returns the results in suite order.
fn run_all(
    run: &Run<'_>,
    selected: &[(&Suite, &Case)],
    bots: &[String],
    parallel: usize,
) -> Vec<CaseResult> {
    let slots: Vec<Mutex<Option<CaseResult>>> = selected.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let progress = Progress::new(selected.len());
    let worker = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some((suite, case)) = selected.get(index) else {
                return;
            };
            let result = run.case(suite, case, &bots[index]);
            progress.done(&result);
            *slots[index].lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..parallel.min(selected.len()) {
            scope.spawn(worker);
        }
        worker();
    });
    progress.finish();
    slots
        .into_iter()
        .zip(selected.iter().zip(bots))
        .map(|(slot, ((suite, case), bot))| {
            slot.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                // Every index is taken by exactly one worker; a missing one was not run.
                .unwrap_or_else(|| run.skipped(suite, case, bot, "not run".into()))
        })
        .collect()
}

/// A bar on a terminal, a line per case elsewhere (both on stderr).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(cases: usize) -> Progress {
        let shown = std::io::stderr().is_terminal() && crate::style::shows(Level::Normal);
        let bar = shown.then(|| {
            let bar = indicatif::ProgressBar::new(cases as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} [{bar:30}] {pos}/{len} cases  {elapsed}  {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            // `-v` lines and warnings from the workers then print above it, not into it.
            crate::progress::show(&bar);
            bar
        });
        Progress { bar }
    }

    fn done(&self, result: &CaseResult) {
        let line = format!(
            "{:<7} {} ({} ms{})",
            result.status.word(),
            result.title(),
            result.elapsed_ms,
            result
                .reason
                .as_ref()
                .map_or(String::new(), |r| format!("; {r}"))
        );
        match &self.bar {
            Some(bar) => {
                bar.println(crate::text::one_line(&line, 300));
                bar.inc(1);
            }
            // Progress: `--quiet` silences it.
            None => output::note(&crate::text::one_line(&line, 300)),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            crate::progress::hide();
            bar.finish_and_clear();
        }
    }
}

/// The failures, each with why, then the summary line, on stderr.
fn summarize(results: &[CaseResult], totals: &Totals) {
    for result in results
        .iter()
        .filter(|r| matches!(r.status, Status::Failed | Status::Errored))
    {
        output::diagnostic(&format!("\n{} {}:", result.status.word(), result.title()));
        for failure in result.failures() {
            output::diagnostic(&format!("  {}", crate::text::one_line(&failure, 400)));
        }
    }
    // A run that passed has nothing to say under `--quiet`; one that failed says why.
    if totals.failed + totals.errored > 0 {
        output::diagnostic(&format!("\ntest result: FAILED. {}", totals.summary()));
    } else {
        output::note(&format!("\ntest result: ok. {}", totals.summary()));
    }
}

/// Renders the results as one report.
type Render = fn(&[CaseResult], &Totals) -> String;

/// The report files asked for, each with its renderer.
fn report_files(args: &TestArgs) -> Vec<(ReportFile<'_>, Render)> {
    let jsonl: Render = |results, _| report::jsonl::render(results);
    [
        ("the JSON report", &args.report_json, jsonl),
        ("the JUnit report", &args.junit, report::junit::render),
        ("the HTML report", &args.html, report::html::render),
    ]
    .into_iter()
    .filter_map(|(what, path, render)| {
        path.as_deref()
            .map(|path| (ReportFile { what, path }, render))
    })
    .collect()
}

/// The reports asked for: files written whole (see `report_file`), TAP on stdout. One
/// that cannot be written does not keep the others from CI: each is tried, and the first
/// failure is the error (the others are said on stderr).
fn write_reports(args: &TestArgs, results: &[CaseResult], totals: &Totals) -> Result<(), Error> {
    let mut first = None;
    let mut failed = |error: Error| match first {
        None => first = Some(error),
        Some(_) => output::print_error(&error),
    };
    for (file, render) in report_files(args) {
        if let Err(error) = file.write(&render(results, totals)) {
            failed(error);
        }
    }
    if args.tap
        && let Err(error) = output::print_text(&report::tap::render(results))
    {
        failed(error);
    }
    first.map_or(Ok(()), Err)
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
