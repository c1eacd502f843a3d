//! `peki batch` against the sandbox: input forms, order under --parallel, one connection,
//! bad lines, the stop before a 429, --wait, --resume, the cache, expectations, the schema,
//! and what happens when the output or the process is cut short.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::Stdio;

use common::{BOT, Run, SECRET, Test, run, run_with};
use peki::sandbox::SandboxOptions;
use serde_json::Value;

/// A sandbox that journals every request, with `limit` messages a window.
struct Journaled {
    t: Test,
    journal: PathBuf,
    _dir: tempfile::TempDir,
}

impl Journaled {
    fn new(limit: u64) -> Self {
        Journaled::with(limit, SandboxOptions::default())
    }

    fn with(limit: u64, options: SandboxOptions) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("journal.jsonl");
        let options = SandboxOptions {
            journal: Some(journal.clone()),
            ..options
        };
        Journaled {
            t: Test::with_options(limit, options),
            journal,
            _dir: dir,
        }
    }

    /// Every request the sandbox answered.
    fn requests(&self) -> Vec<Value> {
        lines_of(&std::fs::read_to_string(&self.journal).unwrap_or_default())
    }

    fn contents(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| {
                r["body"]["message"]["content"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    /// `peki batch --bot support ARGS…`.
    fn batch(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = self.t.peki();
        cmd.args(["batch", "--bot", BOT]).args(args);
        cmd
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self._dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

fn lines_of(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn results(run: &Run) -> Vec<Value> {
    lines_of(&run.stdout)
}

fn field<'a>(results: &'a [Value], name: &str) -> Vec<&'a Value> {
    results.iter().map(|r| &r[name]).collect()
}

fn numbered(count: usize) -> String {
    (1..=count).map(|n| format!("message {n}\n")).collect()
}

#[test]
fn batch_reads_a_file_stdin_and_dash_alike() {
    let j = Journaled::new(100);
    let file = j.write("in.txt", "one\ntwo\n");
    let from_file = run(j.batch(&[file.to_str().unwrap()]));
    let from_stdin = run_with(j.batch(&[]), Some(b"one\ntwo\n"));
    let from_dash = run_with(j.batch(&["-"]), Some(b"one\ntwo"));
    for out in [&from_file, &from_stdin, &from_dash] {
        out.code(0);
        let got = results(out);
        assert_eq!(field(&got, "reply"), ["Echo: one", "Echo: two"]);
        assert_eq!(field(&got, "line"), [1, 2]);
        assert_eq!(out.stderr, "");
    }
    run(j.batch(&["/nonexistent/in.txt"]))
        .code(2)
        .stderr_has("cannot read /nonexistent/in.txt");
    run(j.batch(&[j._dir.path().to_str().unwrap()]))
        .code(2)
        .stderr_has("directory");
}

#[test]
fn output_follows_input_order_under_parallel_workers() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("script.toml");
    std::fs::write(
        &script,
        "[[rule]]\ncontains = \"slow\"\ndelay_ms = 40\nreply = \"Slow: {content}\"\n",
    )
    .unwrap();
    let j = Journaled::with(
        1_000,
        SandboxOptions {
            script: Some(script),
            ..SandboxOptions::default()
        },
    );
    let input: String = (1..=40)
        .map(|n| {
            if n % 3 == 1 {
                format!("slow {n}\n")
            } else {
                format!("fast {n}\n")
            }
        })
        .collect();
    let out = run_with(j.batch(&["--parallel", "4"]), Some(input.as_bytes()));
    out.code(0);
    let got = results(&out);
    assert_eq!(got.len(), 40);
    for (index, result) in got.iter().enumerate() {
        let n = index + 1;
        assert_eq!(result["line"], n);
        let reply = if n % 3 == 1 {
            format!("Slow: slow {n}")
        } else {
            format!("Echo: fast {n}")
        };
        assert_eq!(result["reply"], reply);
    }
    // The answers did come back out of order: some later line was answered first.
    let journal_order: Vec<String> = j.contents();
    let sorted = {
        let mut sorted = journal_order.clone();
        sorted.sort_by_key(|c| c.split(' ').nth(1).unwrap().parse::<u32>().unwrap());
        sorted
    };
    assert_eq!(journal_order.len(), 40);
    assert_ne!(
        journal_order, sorted,
        "the sandbox answered in input order: not a test of order"
    );
}

#[test]
fn one_connection_serves_the_whole_batch() {
    let j = Journaled::new(1_000);
    let out = run_with(j.batch(&[]), Some(numbered(25).as_bytes()));
    out.code(0);
    let peers: std::collections::BTreeSet<String> = j
        .requests()
        .iter()
        .map(|r| r["peer"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(j.requests().len(), 25);
    assert_eq!(peers.len(), 1, "{peers:?}");
    // With four workers, four connections at most, each kept for the run.
    let j = Journaled::new(1_000);
    run_with(j.batch(&["-P", "4"]), Some(numbered(60).as_bytes())).code(0);
    let peers: std::collections::BTreeSet<String> = j
        .requests()
        .iter()
        .map(|r| r["peer"].as_str().unwrap().to_string())
        .collect();
    assert!((1..=4).contains(&peers.len()), "{peers:?}");
}

#[test]
fn bad_lines_get_their_own_failed_result_and_the_rest_go_on() {
    let j = Journaled::new(100);
    let mut input =
        b"first\n\n{\"content\": 5}\n{\"content\":\"to nobody\",\"bot\":\"nobody\"}\n".to_vec();
    input.extend_from_slice(b"\xff\xfe bytes\nnul \0 inside\n");
    input.extend(std::iter::repeat_n(b'x', 2 * 1024 * 1024));
    input.extend_from_slice(b"\n{\"content\":\"json\",\"id\":\"T-1\",\"user_id\":\"u9\"}\nlast\n");
    let out = run_with(j.batch(&[]), Some(&input));
    let got = results(&out);
    let kinds: Vec<String> = got
        .iter()
        .map(|r| r["error"]["kind"].as_str().unwrap_or("ok").to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "ok",
            "usage",
            "usage",
            "not_found",
            "usage",
            "ok",
            "usage",
            "ok",
            "ok"
        ]
    );
    assert_eq!(got[1]["error"]["message"], "line 2: the message is empty");
    assert!(
        got[6]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("longer than 1 MiB")
    );
    assert_eq!(got[7]["id"], "T-1");
    assert_eq!(got[5]["reply"], "Echo: nul \u{0} inside");
    // The most severe failure: a bad line (2) before a missing chatbot (5).
    out.code(2).stderr_has("error: 5 of 9 lines failed");
    let users: Vec<String> = j
        .requests()
        .iter()
        .map(|r| r["body"]["user"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(users, ["tester", "tester", "tester", "u9", "tester"]);
}

#[test]
fn the_batch_stops_before_it_would_get_a_429() {
    let j = Journaled::new(3);
    let out = run_with(j.batch(&["-P", "2"]), Some(numbered(6).as_bytes()));
    out.code(6)
        .stderr_has("not sending any more lines to chatbot 'support': the rate limit is used up");
    let got = results(&out);
    assert_eq!(field(&got, "ok"), [true, true, true, false, false, false]);
    for unsent in &got[3..] {
        assert_eq!(unsent["error"]["kind"], "not_sent");
        assert_eq!(unsent["error"]["exit_code"], 6);
        assert_eq!(unsent["attempts"], 0);
        assert_eq!(unsent["rate_limit"]["remaining"], 0);
        assert!(unsent["rate_limit"]["reset"].is_i64());
    }
    let statuses: Vec<Value> = j.requests().iter().map(|r| r["status"].clone()).collect();
    assert_eq!(statuses, [200, 200, 200], "no request was refused");
}

#[test]
fn with_wait_the_batch_sleeps_until_the_reset_and_finishes() {
    let j = Journaled::with(
        2,
        SandboxOptions {
            limit_window: Some(2),
            ..SandboxOptions::default()
        },
    );
    let out = run_with(
        j.batch(&["--wait", "--max-wait", "10"]),
        Some(numbered(4).as_bytes()),
    );
    out.code(0).stderr_has("waiting until it resets");
    assert_eq!(field(&results(&out), "ok"), [true; 4]);
    assert!(
        j.requests().iter().all(|r| r["status"] == 200),
        "no 429: {:?}",
        j.requests()
    );
    // Beyond --max-wait it stops instead.
    let j = Journaled::new(2);
    let out = run_with(
        j.batch(&["--wait", "--max-wait", "0"]),
        Some(numbered(3).as_bytes()),
    );
    out.code(6).stderr_has("beyond --max-wait 0s");
}

/// Starts the sandbox's next day: `POST /__peki/reset` (it needs `admin`).
fn next_day(j: &Journaled) {
    let base = j.t.sandbox.base_url();
    let url = format!("{}/__peki/reset", base.trim_end_matches("/api"));
    ureq::post(&url).send_empty().unwrap();
}

#[test]
fn resume_sends_nothing_twice() {
    let j = Journaled::with(
        3,
        SandboxOptions {
            admin: true,
            ..SandboxOptions::default()
        },
    );
    let input = j.write("in.txt", &numbered(5));
    let first = run(j.batch(&[input.to_str().unwrap()]));
    first.code(6);
    assert_eq!(
        field(&results(&first), "ok"),
        [true, true, true, false, false]
    );
    let earlier = j.write("out-1.jsonl", &first.stdout);
    next_day(&j);
    let second = run(j.batch(&[
        input.to_str().unwrap(),
        "--resume",
        earlier.to_str().unwrap(),
    ]));
    second.code(0);
    let got = results(&second);
    assert_eq!(field(&got, "ok"), [true; 5]);
    assert_eq!(field(&got, "resumed"), [true, true, true, false, false]);
    assert_eq!(got[0], {
        let mut old = results(&first)[0].clone();
        old["resumed"] = true.into();
        old
    });
    let mut sent = j.contents();
    sent.sort();
    assert_eq!(
        sent,
        (1..=5).map(|n| format!("message {n}")).collect::<Vec<_>>()
    );
    // The second output resumes a third run on its own: nothing is left to send.
    let complete = j.write("out-2.jsonl", &second.stdout);
    let third = run(j.batch(&[
        input.to_str().unwrap(),
        "--resume",
        complete.to_str().unwrap(),
    ]));
    third.code(0);
    assert_eq!(field(&results(&third), "resumed"), [true; 5]);
    assert_eq!(j.requests().len(), 5);
}

#[test]
fn resume_from_another_batch_sends_what_differs_and_says_so() {
    let j = Journaled::new(100);
    let earlier_run = run_with(j.batch(&[]), Some(b"same\nold two\n"));
    let earlier = j.write("out.jsonl", &earlier_run.stdout);
    let out = run_with(
        j.batch(&["--resume", earlier.to_str().unwrap()]),
        Some(b"same\nnew two\n"),
    );
    out.code(0).stderr_has("1 lines of");
    assert_eq!(field(&results(&out), "resumed"), [true, false]);
    // Another chatbot is another message, though the text is the same.
    let mut other_bot = j.t.peki();
    other_bot.args([
        "batch",
        "--bot",
        "fromenv",
        "--resume",
        earlier.to_str().unwrap(),
    ]);
    assert_eq!(
        field(&results(&run_with(other_bot, Some(b"same\n"))), "resumed"),
        [false]
    );
    // Not batch output at all: refused before anything is sent.
    let junk = j.write("junk.jsonl", "hello\n");
    run_with(j.batch(&["--resume", junk.to_str().unwrap()]), Some(b"x\n"))
        .code(2)
        .stderr_has("line 1 is not a result of peki batch");
    assert_eq!(j.requests().len(), 4);
}

#[cfg(unix)]
#[test]
fn resume_from_a_fifo_or_a_device_is_refused_at_once() {
    let j = Journaled::new(100);
    let input = j.write("in.txt", "a\n");
    let fifo = j._dir.path().join("out.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success());
    for resume in [fifo.as_path(), std::path::Path::new("/dev/zero")] {
        let mut cmd = j.batch(&["--resume"]);
        cmd.arg(resume).arg(&input);
        common::run_within(cmd, std::time::Duration::from_secs(10))
            .code(2)
            .stderr_has("not a regular file");
    }
    assert!(j.requests().is_empty());
}

#[cfg(unix)]
#[test]
fn resume_into_its_own_file_is_refused_before_the_shell_empties_it() {
    let j = Journaled::new(100);
    let out = j.write("out.jsonl", "");
    let script = format!(
        "printf 'a\\n' | \"$PEKI\" batch --bot support --resume {0} > {0}",
        out.display()
    );
    run(j.t.shell(&script))
        .code(2)
        .stderr_has("is also where the output goes: the shell emptied it before peki started");
    assert!(j.requests().is_empty());
}

#[cfg(unix)]
#[test]
fn appending_the_output_to_the_input_or_resume_file_is_refused_without_blaming_the_shell() {
    let j = Journaled::new(100);
    let input = j.write("in.txt", "a\n");
    let out = j.write("out.jsonl", "");
    for (script, what, why) in [
        (
            format!("\"$PEKI\" batch --bot support {0} >> {0}", input.display()),
            format!("the input {}", input.display()),
            "peki would read back what it appends and never end",
        ),
        (
            format!(
                "\"$PEKI\" batch --bot support --resume {0} {1} >> {0}",
                out.display(),
                input.display()
            ),
            format!("--resume {}", out.display()),
            "every line's result is written again, the resumed ones too, so it would hold \
             them twice",
        ),
        // Opened for reading and writing: nothing emptied it, but peki would write over it.
        (
            format!("\"$PEKI\" batch --bot support {0} 1<>{0}", input.display()),
            format!("the input {}", input.display()),
            "peki would write over what it reads",
        ),
    ] {
        let refused = run(j.t.shell(&script));
        refused.code(2).stderr_has(&format!(
            "error: {what} is also where the output goes: {why}; write the output to another \
             file\n"
        ));
        assert!(!refused.stderr.contains("empt"), "{}", refused.stderr);
    }
    assert!(j.requests().is_empty());
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "a\n");
}

#[cfg(unix)]
#[test]
fn stdin_appended_to_by_its_own_output_is_refused_instead_of_growing_for_ever() {
    let j = Journaled::new(100);
    let input = j.write("in.txt", "a\n");
    let script = format!(
        "\"$PEKI\" batch --bot support < {0} >> {0}",
        input.display()
    );
    common::run_within(j.t.shell(&script), std::time::Duration::from_secs(10))
        .code(2)
        .stderr_has("error: stdin is also where the output goes: peki would read back");
    assert!(j.requests().is_empty());
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "a\n");
}

#[test]
fn the_cache_answers_a_second_batch_and_every_line_meets_the_expectations() {
    let j = Journaled::new(100);
    let input = b"alpha\nbeta\n";
    run_with(j.batch(&["--cache", "1h"]), Some(input)).code(0);
    let again = run_with(j.batch(&["--cache", "1h", "-P", "2"]), Some(input));
    again.code(0);
    assert_eq!(field(&results(&again), "cached"), [true, true]);
    assert_eq!(j.requests().len(), 2);
    let checked = run_with(
        j.batch(&["--cache", "1h", "--expect-contains", "alpha"]),
        Some(input),
    );
    checked.code(9);
    let got = results(&checked);
    assert_eq!(field(&got, "ok"), [true, false]);
    assert_eq!(got[1]["error"]["kind"], "expectation_failed");
}

#[test]
fn a_batch_records_its_readings_for_peki_limits() {
    let j = Journaled::new(100);
    run_with(j.batch(&["-P", "3"]), Some(numbered(7).as_bytes())).code(0);
    let mut limits = j.t.bare();
    limits.args(["limits", "--json"]);
    let [reading] = lines_of(&run(limits).stdout).try_into().unwrap();
    assert_eq!(reading["remaining"], 93);
}

#[test]
fn a_401_stops_the_batch_at_the_first_line() {
    let j = Journaled::new(100);
    let mut cmd = j.batch(&["-P", "4"]);
    cmd.env("PEKI_API_SECRET", "sk_wrong_but_well_formed_1234");
    let out = run_with(cmd, Some(numbered(5).as_bytes()));
    out.code(4).stderr_has("refused with 401");
    let got = results(&out);
    assert_eq!(got[0]["error"]["kind"], "unauthorized");
    assert!(got[1..].iter().all(|r| r["error"]["kind"] == "not_sent"));
    assert_eq!(j.requests().len(), 1);
}

#[test]
fn an_api_that_cannot_be_reached_stops_the_batch_after_three_lines() {
    let (listener, addr) = common::silent_server();
    drop(listener);
    let t = Test::new();
    let mut cmd = t.peki();
    cmd.env("PEKI_BASE_URL", format!("http://{addr}/api"))
        .args(["batch", "--bot", BOT, "--retries", "0"]);
    let out = run_with(cmd, Some(numbered(20).as_bytes()));
    out.code(8).stderr_has("3 lines in a row got no answer");
    let got = results(&out);
    assert_eq!(got.len(), 20);
    assert!(got[..3].iter().all(|r| r["error"]["kind"] == "network"));
    assert!(got[3..].iter().all(|r| r["error"]["kind"] == "not_sent"));
}

#[test]
fn every_kind_of_line_matches_the_schema() {
    let j = Journaled::new(3);
    let earlier = run_with(j.batch(&[]), Some(b"one\n"));
    let earlier = j.write("out.jsonl", &earlier.stdout);
    let input = "one\n\n{\"content\":\"x\",\"bot\":\"nobody\",\"id\":3}\ntwo\nthree\nfour\n";
    let out = run_with(
        j.batch(&[
            "--resume",
            earlier.to_str().unwrap(),
            "--expect-contains",
            "two",
        ]),
        Some(input.as_bytes()),
    );
    let got = results(&out);
    let kinds: Vec<&str> = got
        .iter()
        .map(|r| r["error"]["kind"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(
        kinds,
        [
            "ok",
            "usage",
            "not_found",
            "ok",
            "expectation_failed",
            "not_sent"
        ]
    );

    let send: Value =
        serde_json::from_str(include_str!("../schemas/send-result.schema.json")).unwrap();
    let line: Value =
        serde_json::from_str(include_str!("../schemas/batch-line.schema.json")).unwrap();
    let registry = jsonschema::Registry::new()
        .add("file:///schemas/send-result.schema.json", send)
        .unwrap()
        .prepare()
        .unwrap();
    let validator = jsonschema::options()
        .with_registry(&registry)
        .with_base_uri("file:///schemas/batch-line.schema.json")
        .build(&line)
        .unwrap();
    for result in &got {
        let errors: Vec<String> = validator
            .iter_errors(result)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{result}: {errors:?}");
    }
    let mut broken = got[0].clone();
    broken.as_object_mut().unwrap().remove("input_hash");
    assert!(!validator.is_valid(&broken));
    let mut unsent = got[5].clone();
    unsent["attempts"] = 2.into();
    assert!(!validator.is_valid(&unsent));
}

#[test]
fn parallel_is_bounded_and_the_format_is_checked() {
    let j = Journaled::new(100);
    run_with(j.batch(&["-P", "0"]), Some(b"x\n")).code(2);
    run_with(j.batch(&["-P", "17"]), Some(b"x\n")).code(2);
    let out = run_with(
        j.batch(&["--format", "text"]),
        Some(b"{\"content\":\"x\"}\n"),
    );
    assert_eq!(results(&out)[0]["reply"], "Echo: {\"content\":\"x\"}");
    let out = run_with(j.batch(&["--format", "jsonl"]), Some(b"plain\n"));
    out.code(2);
    // Text lines cannot name a chatbot: without one, nothing could be sent.
    let mut no_bot = j.t.peki();
    no_bot.args(["batch", "--format", "text"]);
    run_with(no_bot, Some(b"x\n")).code(2).stderr_has("chatbot");
}

#[test]
fn a_reader_that_goes_away_stops_the_sending() {
    let j = Journaled::new(10_000);
    let input = j.write("in.txt", &numbered(2_000));
    let script = format!(
        "\"$PEKI\" batch --bot support {} | head -n 1",
        input.display()
    );
    let out = run(j.t.shell(&script));
    out.code(0);
    assert_eq!(lines_of(&out.stdout).len(), 1);
    assert!(j.requests().len() < 2_000, "{}", j.requests().len());
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_for_the_output_stops_the_batch_at_once() {
    let j = Journaled::new(10_000);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = j
        .batch(&["-P", "2"])
        .stdin(std::fs::File::open(j.write("in.txt", &numbered(500))).unwrap())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write the output"), "{stderr}");
    assert!(!stderr.contains(SECRET));
    assert!(j.requests().len() <= 4, "{}", j.requests().len());
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_found_before_anything_is_sent() {
    let j = Journaled::new(100);
    let input = j.write("in.txt", "one\n");
    let script = format!("\"$PEKI\" batch --bot support {} >&-", input.display());
    run(j.t.shell(&script))
        .code(1)
        .stderr_has("cannot write the output");
    assert!(j.requests().is_empty());
}

#[cfg(unix)]
#[test]
fn a_terminal_sees_a_progress_bar_and_the_output_stays_clean() {
    use expectrl::{Eof, Expect};
    let j = Journaled::new(100);
    let input = j.write("in.txt", &numbered(30));
    let out = j._dir.path().join("out.jsonl");
    let script = format!(
        "\"$PEKI\" batch --bot support -P 2 {} > {}",
        input.display(),
        out.display()
    );
    let mut shell = j.t.shell(&script);
    // indicatif, as other tools, draws nothing for a terminal it knows nothing of.
    shell.env("TERM", "xterm");
    let mut session = expectrl::Session::spawn(shell).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    let seen = session.expect(Eof).unwrap();
    let seen = String::from_utf8_lossy(seen.as_bytes()).into_owned();
    // Redrawn at most so often, so not every count shows; cleared at the end.
    assert!(
        seen.contains(" lines, ") && seen.contains("/s | ETA "),
        "{seen:?}"
    );
    assert!(seen.ends_with("\r\u{1b}[2K"), "{seen:?}");
    let results = lines_of(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(field(&results, "line"), (1..=30).collect::<Vec<_>>());
}

#[cfg(unix)]
#[test]
fn ctrl_c_finishes_what_is_in_flight_and_leaves_valid_json_lines() {
    let j = Journaled::new(100);
    let mut child = j
        .batch(&[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"one\ntwo\nthree\n").unwrap();
    stdin.flush().unwrap();
    // Wait for the three results: the batch is now waiting for more input.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    for _ in 0..3 {
        stdout.read_line(&mut seen).unwrap();
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("peki: SIGINT: stopping"), "{stderr}");
    assert_eq!(rest, "");
    assert_eq!(field(&lines_of(&seen), "ok"), [true; 3]);
    assert_eq!(j.requests().len(), 3);
}

#[test]
fn the_sandbox_flag_runs_a_batch_with_no_settings() {
    let t = Test::new();
    let mut cmd = t.bare();
    cmd.args(["batch", "--sandbox"]);
    let out = run_with(cmd, Some(b"hello\n"));
    out.code(0);
    assert_eq!(results(&out)[0]["reply"], "Echo: hello");
}

#[test]
fn dry_run_shows_each_line_signed_and_sends_nothing() {
    let j = Journaled::new(3);
    let input = j.write("in.txt", &numbered(2));
    // Line 1 succeeds for real; the dry run then skips it as --resume would.
    let first = run(j.batch(&[input.to_str().unwrap()]));
    first.code(0);
    let earlier = j.write("out.jsonl", &first.stdout);
    let input = j.write(
        "in2.txt",
        "message 1\n{\"content\": \"hi\", \"user_id\": \"u-7\"}\n{\"contnet\": 1}\nplain ünïcode\n",
    );
    let out = run(j.batch(&[
        input.to_str().unwrap(),
        "--dry-run",
        "--resume",
        earlier.to_str().unwrap(),
    ]));
    out.code(2)
        .stderr_has("2 requests shown, none sent")
        .stderr_has("1 line is not a message");
    let stdout = &out.stdout;
    assert_eq!(stdout.matches("\ncurl ").count(), 2, "{stdout}");
    for needle in [
        "# line 1: not sent: it succeeded in the --resume file\n",
        "# peki batch: line 2\n",
        r#""user":{"id":"u-7""#,
        "# line 3: not sent: line 3: ",
        "# peki batch: line 4\n",
        "plain ünïcode",
    ] {
        assert!(stdout.contains(needle), "{needle:?} not in\n{stdout}");
    }
    assert!(!stdout.contains(SECRET), "{stdout}");
    // Only the real run's two requests reached the sandbox.
    assert_eq!(j.requests().len(), 2);
    // With no bad line, a dry run exits 0; it cannot be combined with --wait.
    let good = j.write("good.txt", "one\ntwo\n");
    run(j.batch(&[good.to_str().unwrap(), "--dry-run"])).code(0);
    run(j.batch(&[good.to_str().unwrap(), "--dry-run", "--wait"])).code(2);
    assert_eq!(j.requests().len(), 2);
}
