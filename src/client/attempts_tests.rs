//! The retry loop on a fake clock and a scripted transport: exact sequences of attempts,
//! timestamps and waits, with no real sleeping.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use super::*;
use crate::api::{BadResponse, RateLimit};
use crate::client::error::{NetworkError, NetworkKind};
use crate::clock::http_date;
use crate::values::Secret;

const NOW: i64 = 1_700_000_000;
const SEED: u64 = 7;

/// A clock that moves only when told: by sleeps (recorded) and by the transport's latency.
struct FakeTime {
    elapsed: Rc<Cell<Duration>>,
    sleeps: Vec<Duration>,
    rng: fastrand::Rng,
}

impl Time for FakeTime {
    fn elapsed(&self) -> Duration {
        self.elapsed.get()
    }

    fn unix_now(&self) -> i64 {
        NOW + i64::try_from(self.elapsed.get().as_secs()).unwrap()
    }

    fn sleep(&mut self, duration: Duration) {
        self.sleeps.push(duration);
        self.elapsed.set(self.elapsed.get() + duration);
    }

    fn random_unit(&mut self) -> f64 {
        self.rng.f64()
    }
}

/// What the fake transport saw of one attempt.
#[derive(Debug, Clone)]
struct Seen {
    timestamp: String,
    signature: String,
    budget: Duration,
}

/// Answers in order (the last repeats), each after `latency` on the shared fake clock.
struct FakeTransport {
    answers: RefCell<VecDeque<Answer>>,
    seen: RefCell<Vec<Seen>>,
    clock: Rc<Cell<Duration>>,
    latency: Duration,
}

#[derive(Clone)]
enum Answer {
    Status(u16, Vec<(&'static str, String)>),
    Network(NetworkKind),
    NotHttp,
}

impl Transport for FakeTransport {
    fn send(
        &self,
        request: &Outgoing<'_>,
        budget: Duration,
    ) -> Result<RawResponse, TransportError> {
        self.seen.borrow_mut().push(Seen {
            timestamp: request.timestamp.to_string(),
            signature: request.signature.to_string(),
            budget,
        });
        self.clock.set(self.clock.get() + self.latency);
        let mut answers = self.answers.borrow_mut();
        let answer = if answers.len() > 1 {
            answers.pop_front()
        } else {
            answers.front().cloned()
        };
        match answer.expect("the test scripts at least one answer") {
            Answer::Status(status, headers) => {
                let header = |name: &str| {
                    headers
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(name))
                        .map(|(_, v)| v.clone())
                };
                Ok(RawResponse {
                    status,
                    body: Vec::new(),
                    rate_limit: header("x-ratelimit-reset").map(|reset| RateLimit {
                        reset: reset.parse().ok(),
                        ..Default::default()
                    }),
                    retry_after: header("retry-after"),
                    date: header("date"),
                })
            }
            Answer::Network(kind) => Err(TransportError::Network(NetworkError::new(kind, "down"))),
            Answer::NotHttp => Err(TransportError::Bad(BadResponse {
                status: None,
                message: "not HTTP".into(),
            })),
        }
    }

    fn timed_out(&self) -> NetworkError {
        NetworkError::new(NetworkKind::Timeout, "timed out")
    }
}

fn status(code: u16) -> Answer {
    Answer::Status(code, Vec::new())
}

fn with(code: u16, headers: &[(&'static str, String)]) -> Answer {
    Answer::Status(code, headers.to_vec())
}

/// The result of one scripted send.
struct Run {
    outcome: Outcome,
    sleeps: Vec<Duration>,
    seen: Vec<Seen>,
    events: Vec<String>,
}

fn run_with(answers: Vec<Answer>, policy: Policy, latency: Duration) -> Run {
    let clock = Rc::new(Cell::new(Duration::ZERO));
    let transport = FakeTransport {
        answers: RefCell::new(answers.into()),
        seen: RefCell::default(),
        clock: clock.clone(),
        latency,
    };
    let mut time = FakeTime {
        elapsed: clock,
        sleeps: Vec::new(),
        rng: fastrand::Rng::with_seed(SEED),
    };
    let base_url: BaseUrl = "http://127.0.0.1:1/api".parse().unwrap();
    let bot: BotId = "b".parse().unwrap();
    let credentials = Credentials {
        api_key: "pk_k".into(),
        api_secret: Secret::new("sk_s"),
    };
    let request = Request {
        base_url: &base_url,
        bot: &bot,
        credentials: &credentials,
        body: b"{}",
    };
    let mut events = Vec::new();
    let outcome = run(&request, &transport, &mut time, &policy, &mut |event| {
        events.push(match event {
            Event::Attempted { number, .. } => format!("attempt {number}"),
            Event::Waiting { retry, wait, .. } => format!("wait {retry} {wait:?}"),
            Event::ClockSkew { skew } => format!("skew {skew}"),
            Event::GivingUp { why } => format!("give up: {why}"),
        });
    });
    Run {
        outcome,
        sleeps: time.sleeps,
        seen: transport.seen.into_inner(),
        events,
    }
}

fn send(answers: Vec<Answer>) -> Run {
    run_with(answers, Policy::default(), Duration::from_millis(5))
}

/// The backoff draws the loop makes, in order, from the same seed.
fn draws(n: usize) -> Vec<f64> {
    let mut rng = fastrand::Rng::with_seed(SEED);
    (0..n).map(|_| rng.f64()).collect()
}

fn status_of(run: &Run) -> Option<u16> {
    run.outcome.result.as_ref().ok().map(|e| e.response.status)
}

#[test]
fn transient_statuses_are_retried_with_exact_full_jitter_backoff() {
    let run = send(vec![status(503), status(502), status(200)]);
    assert_eq!(status_of(&run), Some(200));
    assert_eq!(run.outcome.attempts, 3);
    let u = draws(2);
    let base = retry::DEFAULT_RETRY_DELAY;
    assert_eq!(
        run.sleeps,
        [retry::backoff(1, base, u[0]), retry::backoff(2, base, u[1])]
    );
    assert_eq!(
        run.events,
        [
            "attempt 1".to_string(),
            format!("wait 1 {:?}", run.sleeps[0]),
            "attempt 2".into(),
            format!("wait 2 {:?}", run.sleeps[1]),
            "attempt 3".into(),
        ]
    );
}

#[test]
fn retries_stop_at_the_limit_with_the_last_answer() {
    let policy = Policy {
        retries: 2,
        ..Policy::default()
    };
    let run = run_with(vec![status(500)], policy, Duration::ZERO);
    assert_eq!((status_of(&run), run.outcome.attempts), (Some(500), 3));
    assert_eq!(run.sleeps.len(), 2);
    assert_eq!(run.outcome.note, None);
}

#[test]
fn refusals_and_answers_that_are_not_http_are_never_retried() {
    for code in [400, 401, 403, 404, 413] {
        let run = send(vec![status(code), status(200)]);
        assert_eq!((status_of(&run), run.outcome.attempts), (Some(code), 1));
        assert!(run.sleeps.is_empty());
    }
    for answer in [
        Answer::Network(NetworkKind::Tls),
        Answer::Network(NetworkKind::Proxy),
        Answer::NotHttp,
    ] {
        let run = send(vec![answer, status(200)]);
        assert!(run.outcome.result.is_err());
        assert_eq!(run.outcome.attempts, 1);
    }
}

#[test]
fn network_failures_are_retried() {
    let run = send(vec![
        Answer::Network(NetworkKind::Connect),
        Answer::Network(NetworkKind::Io),
        Answer::Network(NetworkKind::Timeout),
        status(200),
    ]);
    assert_eq!((status_of(&run), run.outcome.attempts), (Some(200), 4));
}

#[test]
fn every_attempt_is_signed_afresh_with_the_current_time() {
    let retry_after = [("retry-after", "7".to_string())];
    let run = send(vec![with(429, &retry_after), status(200)]);
    assert_eq!(run.sleeps, [Duration::from_secs(7)]);
    let [first, second] = &run.seen[..] else {
        panic!("two attempts expected: {:?}", run.seen);
    };
    assert_eq!(first.timestamp, NOW.to_string());
    assert_eq!(second.timestamp, (NOW + 7).to_string());
    assert_ne!(first.signature, second.signature);
}

#[test]
fn a_429_waits_for_retry_after_as_seconds_or_an_http_date_or_for_the_reset() {
    for headers in [
        vec![("retry-after", "30".to_string())],
        vec![("retry-after", http_date(NOW + 30))],
        vec![("x-ratelimit-reset", (NOW + 30).to_string())],
    ] {
        let run = send(vec![with(429, &headers), status(200)]);
        assert_eq!(run.sleeps, [Duration::from_secs(30)], "{headers:?}");
        assert_eq!(status_of(&run), Some(200));
    }
}

#[test]
fn rate_limit_waits_are_measured_on_the_servers_clock() {
    // The server's clock is 10 minutes ahead; its window reopens 2 s from its now.
    let headers = [
        ("date", http_date(NOW + 600)),
        ("x-ratelimit-reset", (NOW + 602).to_string()),
    ];
    let run = send(vec![with(429, &headers), status(200)]);
    assert_eq!(run.sleeps, [Duration::from_secs(2)]);
}

#[test]
fn retry_after_zero_still_waits_the_backoff() {
    let run = send(vec![with(429, &[("retry-after", "0".into())]), status(200)]);
    let expected = retry::backoff(1, retry::DEFAULT_RETRY_DELAY, draws(1)[0]);
    assert!(!expected.is_zero());
    assert_eq!(run.sleeps, [expected]);
}

#[test]
fn a_window_beyond_max_wait_fails_at_once_saying_when() {
    let hours_away = [("x-ratelimit-reset", (NOW + 3 * 3600).to_string())];
    let run = send(vec![with(429, &hours_away), status(200)]);
    assert_eq!((status_of(&run), run.outcome.attempts), (Some(429), 1));
    assert!(run.sleeps.is_empty());
    let note = run.outcome.note.unwrap();
    assert!(
        note.starts_with("not waiting: the limit resets at "),
        "{note}"
    );
    assert!(note.ends_with(", beyond --max-wait 60s"), "{note}");

    let never = Policy {
        max_wait: Duration::ZERO,
        ..Policy::default()
    };
    let run = run_with(
        vec![with(429, &[("retry-after", "1".into())])],
        never,
        Duration::ZERO,
    );
    assert!(run.sleeps.is_empty());
    assert!(run.outcome.note.unwrap().ends_with("beyond --max-wait 0s"));
}

#[test]
fn the_timeout_bounds_rate_limit_waits() {
    let policy = Policy {
        timeout: Duration::from_secs(5),
        ..Policy::default()
    };
    let run = run_with(
        vec![with(429, &[("retry-after", "10".into())])],
        policy,
        Duration::ZERO,
    );
    assert!(run.sleeps.is_empty());
    let note = run.outcome.note.unwrap();
    assert!(
        note.ends_with("beyond what is left of --timeout (5.0s)"),
        "{note}"
    );
}

#[test]
fn an_announced_wait_longer_than_half_the_budget_is_waited_in_full() {
    let policy = Policy {
        timeout: Duration::from_secs(10),
        ..Policy::default()
    };
    let run = run_with(
        vec![with(429, &[("retry-after", "6".into())]), status(200)],
        policy,
        Duration::ZERO,
    );
    assert_eq!(run.sleeps, [Duration::from_secs(6)]);
    assert_eq!(status_of(&run), Some(200));
}

#[test]
fn a_wait_that_would_end_too_close_to_the_deadline_is_not_started() {
    let policy = Policy {
        timeout: Duration::from_secs(10),
        ..Policy::default()
    };
    // 50 ms of latency, then a 9.9 s window: it would reopen with < 100 ms to spare.
    let run = run_with(
        vec![with(429, &[("retry-after", "10".into())])],
        policy,
        Duration::from_millis(50),
    );
    assert!(run.sleeps.is_empty());
    assert!(
        run.outcome
            .note
            .unwrap()
            .contains("beyond what is left of --timeout")
    );
}

#[test]
fn backoff_is_shortened_to_half_of_what_is_left() {
    let policy = Policy {
        timeout: Duration::from_secs(1),
        retry_delay: Duration::from_secs(20),
        ..Policy::default()
    };
    let run = run_with(
        vec![status(503), status(200)],
        policy,
        Duration::from_millis(200),
    );
    assert_eq!(run.sleeps, [Duration::from_millis(400)]);
    // The next attempt gets exactly what is left of the budget.
    assert_eq!(run.seen[1].budget, Duration::from_millis(400));
}

#[test]
fn retries_give_up_when_the_budget_is_spent_and_say_so() {
    let policy = Policy {
        timeout: Duration::from_secs(1),
        ..Policy::default()
    };
    let run = run_with(vec![status(503)], policy, Duration::from_millis(950));
    assert_eq!(run.outcome.attempts, 1);
    assert_eq!(
        run.events.last().unwrap(),
        "give up: the --timeout budget is spent"
    );
}

#[test]
fn an_attempt_with_no_budget_left_times_out_without_sending() {
    let policy = Policy {
        timeout: Duration::from_millis(300),
        retry_delay: Duration::ZERO,
        ..Policy::default()
    };
    // The first attempt uses the whole budget; no second one is sent.
    let run = run_with(vec![status(503)], policy, Duration::from_millis(300));
    assert_eq!(run.seen.len(), 1);
    assert_eq!(status_of(&run), Some(503));
}

#[test]
fn clock_skew_is_corrected_once_at_once_even_without_retries() {
    let ahead = [("date", http_date(NOW + 600))];
    let policy = Policy {
        retries: 0,
        ..Policy::default()
    };
    let run = run_with(vec![with(401, &ahead), status(200)], policy, Duration::ZERO);
    assert_eq!((status_of(&run), run.outcome.attempts), (Some(200), 2));
    assert!(run.sleeps.is_empty());
    assert_eq!(run.seen[1].timestamp, (NOW + 600).to_string());
    assert_eq!(run.events, ["attempt 1", "skew 600", "attempt 2"]);
}

#[test]
fn a_refusal_after_the_correction_names_the_skew() {
    let ahead = [("date", http_date(NOW + 600))];
    let run = send(vec![with(401, &ahead)]);
    assert_eq!((status_of(&run), run.outcome.attempts), (Some(401), 2));
    assert_eq!(
        run.outcome.note.as_deref(),
        Some(
            "this machine's clock is 10m 0s behind the server's; \
             peki corrected its timestamps and was still refused"
        )
    );
    // A 401 from a server whose clock agrees is final at once.
    let run = send(vec![with(401, &[("date", http_date(NOW + 10))])]);
    assert_eq!((run.outcome.attempts, run.outcome.note), (1, None));
}
