//! The loop against a fake API with a daily quota, on a fake clock: order under
//! parallelism, the stop before a 429, `--wait`, refusals, 401, bad lines, resume, interrupts
//! and a closed output. Nothing sleeps for real except to shuffle answers.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;
use crate::api::{ApiFailure, RateLimit, Reply};

/// A clock in milliseconds that only moves when slept on; its wall clock can be set back.
#[derive(Clone)]
struct FakeTime {
    ms: Arc<AtomicI64>,
    /// Added to the wall clock (not to the monotonic one).
    wall_shift: Arc<AtomicI64>,
    /// Set the wall clock back by this many seconds at the first sleep.
    set_back: i64,
}

impl FakeTime {
    fn at(unix: i64) -> Self {
        FakeTime {
            ms: Arc::new(AtomicI64::new(unix * 1000)),
            wall_shift: Arc::new(AtomicI64::new(0)),
            set_back: 0,
        }
    }
}

impl Time for FakeTime {
    fn elapsed(&self) -> Duration {
        Duration::from_millis(self.ms.load(Ordering::SeqCst).unsigned_abs())
    }
    fn unix_now(&self) -> i64 {
        self.ms.load(Ordering::SeqCst) / 1000 + self.wall_shift.load(Ordering::SeqCst)
    }
    fn sleep(&mut self, duration: Duration) {
        let back = std::mem::take(&mut self.set_back);
        self.wall_shift.fetch_sub(back, Ordering::SeqCst);
        self.ms
            .fetch_add(duration.as_millis() as i64, Ordering::SeqCst);
    }
    fn random_unit(&mut self) -> f64 {
        0.5
    }
}

/// A fake API: `limit` messages per window of `window` seconds; `refuse` answers 429 to the
/// next N requests whatever the count (another user of the key); `status` forces a status.
struct FakeApi {
    clock: FakeTime,
    limit: u64,
    window: i64,
    used: Mutex<(i64, u64)>,
    requests: AtomicUsize,
    refuse: AtomicUsize,
    status: Mutex<Option<u16>>,
    /// No answer at all: a network failure.
    down: AtomicBool,
    shuffle: bool,
}

impl FakeApi {
    fn new(clock: &FakeTime, limit: u64) -> Self {
        FakeApi {
            clock: clock.clone(),
            limit,
            window: 100,
            used: Mutex::new((0, 0)),
            requests: AtomicUsize::new(0),
            refuse: AtomicUsize::new(0),
            status: Mutex::new(None),
            down: AtomicBool::new(false),
            shuffle: false,
        }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn failure(status: u16, rate_limit: RateLimit) -> Delivered {
    Delivered {
        report: SendReport {
            status: Some(status),
            rate_limit: Some(rate_limit),
            attempts: 1,
            ..SendReport::default()
        },
        result: Err(Error::Api(Box::new(ApiFailure {
            status,
            rate_limit: Some(rate_limit),
            ..ApiFailure::default()
        }))),
    }
}

impl Courier for FakeApi {
    type Message = String;

    fn prepare(&self, request: Request) -> Result<Prepared<String>, Error> {
        if request.content == "no bot" {
            return Err(crate::config::ConfigError::MissingBot.into());
        }
        Ok(Prepared {
            input_hash: format!("hash of {}", request.content),
            bot: "support".into(),
            message: request.content,
        })
    }

    fn deliver(&self, message: &String) -> Delivered {
        self.requests.fetch_add(1, Ordering::SeqCst);
        if self.shuffle {
            let jitter = message.bytes().map(u64::from).sum::<u64>() % 4;
            std::thread::sleep(Duration::from_millis(jitter));
        }
        let now = self.clock.unix_now();
        let window = now.div_euclid(self.window);
        let reset = (window + 1) * self.window;
        let mut used = self.used.lock().unwrap();
        if used.0 != window {
            *used = (window, 0);
        }
        let state = |left: u64| RateLimit {
            limit: Some(self.limit),
            remaining: Some(left),
            reset: Some(reset),
        };
        if self.down.load(Ordering::SeqCst) {
            let error = crate::client::NetworkError::new(
                crate::client::NetworkKind::Connect,
                "cannot connect",
            );
            return Delivered {
                report: SendReport {
                    attempts: 4,
                    ..SendReport::default()
                },
                result: Err(Error::Network(error)),
            };
        }
        if let Some(status) = *self.status.lock().unwrap() {
            return failure(status, state(self.limit - used.1));
        }
        let refused = self
            .refuse
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if refused || used.1 >= self.limit {
            return failure(429, state(0));
        }
        used.1 += 1;
        Delivered {
            report: SendReport {
                status: Some(200),
                rate_limit: Some(state(self.limit - used.1)),
                attempts: 1,
                reply: Some(Reply::Text(format!("Echo: {message}"))),
                ..SendReport::default()
            },
            result: Ok(()),
        }
    }

    fn cached(&self, _: &String) -> Option<Delivered> {
        None
    }
}

#[derive(Default)]
struct Collected {
    lines: Vec<Finished>,
    notices: Vec<Notice>,
    close_after: Option<usize>,
}

impl Sink for Collected {
    fn line(&mut self, finished: Finished) -> Result<Stdout, Error> {
        self.lines.push(finished);
        Ok(match self.close_after {
            Some(n) if self.lines.len() >= n => Stdout::Closed,
            _ => Stdout::Open,
        })
    }
    fn notice(&mut self, notice: Notice) {
        self.notices.push(notice);
    }
}

impl Collected {
    fn numbers(&self) -> Vec<u64> {
        self.lines.iter().map(|l| l.number).collect()
    }

    /// `ok`, `429`, `not_sent`, `bad` or `resumed` for each line.
    fn verdicts(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| match &l.outcome {
                Outcome::Resumed(_) => "resumed".into(),
                Outcome::Line(delivered) => match &delivered.result {
                    Ok(()) => "ok".into(),
                    Err(e) => match e {
                        Error::NotSent(_) => "not_sent".into(),
                        Error::Api(f) => f.status.to_string(),
                        _ => format!("bad {}", e.exit_code()),
                    },
                },
            })
            .collect()
    }
}

fn input(count: usize) -> Box<dyn BufRead + Send> {
    let text: String = (1..=count).map(|n| format!("message {n}\n")).collect();
    Box::new(std::io::Cursor::new(text.into_bytes()))
}

fn options(parallel: usize, wait: Option<u64>) -> Options {
    Options {
        parallel,
        format: Format::Auto,
        wait: wait.map(Duration::from_secs),
    }
}

fn never() -> Option<(&'static str, u8)> {
    None
}

fn run_batch(
    source: Box<dyn BufRead + Send>,
    api: &FakeApi,
    options: Options,
    sink: &mut Collected,
) -> Result<Summary, Error> {
    let mut time = api.clock.clone();
    run(
        source,
        api,
        options,
        &mut time,
        &never,
        &mut |_, _| Ok(None),
        sink,
    )
}

#[test]
fn results_come_out_in_input_order_under_parallel_workers() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi {
        shuffle: true,
        ..FakeApi::new(&clock, 10_000)
    };
    let mut sink = Collected::default();
    let summary = run_batch(input(300), &api, options(4, None), &mut sink).unwrap();
    assert_eq!(sink.numbers(), (1..=300).collect::<Vec<_>>());
    for line in &sink.lines {
        let Outcome::Line(delivered) = &line.outcome else {
            panic!("not sent")
        };
        let expected = format!("Echo: message {}", line.number);
        assert_eq!(delivered.report.reply, Some(Reply::Text(expected)));
    }
    assert_eq!((summary.lines, summary.worst), (300, None));
    assert_eq!(api.requests(), 300);
}

#[test]
fn the_batch_stops_before_a_429_and_reports_the_rest_as_not_sent() {
    for parallel in [1, 3] {
        let clock = FakeTime::at(1_000);
        let api = FakeApi::new(&clock, 5);
        let mut sink = Collected::default();
        let summary = run_batch(input(8), &api, options(parallel, None), &mut sink).unwrap();
        assert_eq!(
            sink.verdicts(),
            [
                "ok", "ok", "ok", "ok", "ok", "not_sent", "not_sent", "not_sent"
            ]
        );
        assert_eq!(api.requests(), 5, "no request was refused");
        assert_eq!((summary.worst, summary.not_sent), (Some(6), 3));
        let stop = Stop::RateLimit {
            reset: Some(1_100),
            max_wait: None,
        };
        assert_eq!(
            sink.notices,
            [Notice::StoppedFor {
                bot: "support".into(),
                stop
            }]
        );
        let Outcome::Line(last) = &sink.lines[7].outcome else {
            panic!()
        };
        assert_eq!(last.report.rate_limit.unwrap().reset, Some(1_100));
        assert_eq!(last.report.bot.as_deref(), Some("support"));
    }
}

#[test]
fn with_wait_the_batch_sleeps_until_the_reset_and_goes_on() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 5);
    let mut sink = Collected::default();
    let summary = run_batch(input(12), &api, options(3, Some(3600)), &mut sink).unwrap();
    assert_eq!(sink.verdicts(), vec!["ok"; 12]);
    assert_eq!(summary.worst, None);
    assert_eq!(api.requests(), 12);
    assert_eq!(
        sink.notices,
        [
            Notice::Waiting { until: 1_101 },
            Notice::Waiting { until: 1_201 }
        ]
    );
    assert!(clock.unix_now() >= 1_201);
}

#[test]
fn a_wall_clock_set_back_during_a_wait_does_not_lengthen_it() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 1);
    let mut sink = Collected::default();
    let mut time = FakeTime {
        set_back: 3600,
        ..clock.clone()
    };
    run(
        input(2),
        &api,
        options(1, Some(600)),
        &mut time,
        &never,
        &mut |_, _| Ok(None),
        &mut sink,
    )
    .unwrap();
    // 101 s of waiting on the monotonic clock, not an hour more; then, by the wall clock
    // now an hour earlier, the reset is beyond --max-wait: the batch stops.
    assert!(
        time.elapsed() <= Duration::from_secs(1_000 + 102),
        "{:?}",
        time.elapsed()
    );
    assert_eq!(sink.notices[0], Notice::Waiting { until: 1_101 });
    assert!(matches!(
        sink.notices[1],
        Notice::StoppedFor {
            stop: Stop::RateLimit { .. },
            ..
        }
    ));
}

#[test]
fn a_reset_beyond_max_wait_stops_the_batch() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 2);
    let mut sink = Collected::default();
    let summary = run_batch(input(4), &api, options(1, Some(10)), &mut sink).unwrap();
    assert_eq!(sink.verdicts(), ["ok", "ok", "not_sent", "not_sent"]);
    assert_eq!(summary.worst, Some(6));
    assert_eq!(clock.unix_now(), 1_000, "no sleeping");
}

#[test]
fn a_refusal_stops_the_batch_or_is_sent_again_after_the_reset() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 100);
    api.refuse.store(1, Ordering::SeqCst);
    let mut sink = Collected::default();
    run_batch(input(3), &api, options(1, None), &mut sink).unwrap();
    assert_eq!(sink.verdicts(), ["429", "not_sent", "not_sent"]);
    assert_eq!(api.requests(), 1, "no hammering");

    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 100);
    api.refuse.store(1, Ordering::SeqCst);
    let mut sink = Collected::default();
    run_batch(input(3), &api, options(2, Some(3600)), &mut sink).unwrap();
    assert_eq!(sink.verdicts(), ["ok", "ok", "ok"]);
    assert_eq!(api.requests(), 4);
    assert_eq!(sink.notices, [Notice::Waiting { until: 1_101 }]);
}

#[test]
fn a_line_refused_again_and_again_gives_up() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 100);
    api.refuse.store(usize::MAX, Ordering::SeqCst);
    let mut sink = Collected::default();
    let summary = run_batch(input(2), &api, options(1, Some(3600)), &mut sink).unwrap();
    assert_eq!(sink.verdicts(), ["429", "not_sent"]);
    assert_eq!(summary.worst, Some(6));
    assert_eq!(api.requests(), 1 + usize::from(MAX_REFUSALS));
}

#[test]
fn a_401_stops_the_batch() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 100);
    *api.status.lock().unwrap() = Some(401);
    let mut sink = Collected::default();
    let summary = run_batch(input(4), &api, options(1, None), &mut sink).unwrap();
    assert_eq!(sink.verdicts(), ["401", "not_sent", "not_sent", "not_sent"]);
    assert_eq!((summary.worst, api.requests()), (Some(4), 1));
    assert_eq!(sink.notices, [Notice::Stopped(Stop::Unauthorized)]);
}

#[test]
fn an_api_that_does_not_answer_stops_the_batch_after_three_lines() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 100);
    api.down.store(true, Ordering::SeqCst);
    let mut sink = Collected::default();
    let summary = run_batch(input(10), &api, options(1, None), &mut sink).unwrap();
    let verdicts = sink.verdicts();
    assert_eq!(verdicts[..4], ["bad 8", "bad 8", "bad 8", "not_sent"]);
    assert_eq!((api.requests(), summary.worst), (3, Some(8)));
    assert_eq!(
        sink.notices,
        [Notice::Stopped(Stop::Unreachable { lines: 3 })]
    );
}

#[test]
fn bad_lines_get_their_own_result_and_the_rest_go_on() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 100);
    let text = b"one\n\n{\"content\":\nno bot\n\xff\ntwo\n".to_vec();
    let mut sink = Collected::default();
    let summary = run_batch(
        Box::new(std::io::Cursor::new(text)),
        &api,
        options(2, None),
        &mut sink,
    )
    .unwrap();
    assert_eq!(
        sink.verdicts(),
        ["ok", "bad 2", "bad 2", "bad 2", "bad 2", "ok"]
    );
    assert_eq!((summary.failed, summary.worst), (4, Some(2)));
    assert_eq!(api.requests(), 2);
}

#[test]
fn resumed_lines_are_not_sent_again() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 100);
    let mut sink = Collected::default();
    let mut time = clock.clone();
    let mut earlier = |number: u64, hash: &str| {
        Ok(
            (number % 2 == 1 && hash == format!("hash of message {number}"))
                .then(|| serde_json::json!({"line": number, "resumed": true})),
        )
    };
    let summary = run(
        input(6),
        &api,
        options(2, None),
        &mut time,
        &never,
        &mut earlier,
        &mut sink,
    )
    .unwrap();
    assert_eq!(
        sink.verdicts(),
        ["resumed", "ok", "resumed", "ok", "resumed", "ok"]
    );
    assert_eq!((summary.resumed, api.requests()), (3, 3));
}

#[test]
fn an_interrupt_finishes_what_is_in_flight_and_reads_no_more() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 10_000);
    let fired = AtomicBool::new(false);
    let interrupted = || {
        if api.requests() >= 5 {
            fired.store(true, Ordering::SeqCst);
        }
        fired.load(Ordering::SeqCst).then_some(("SIGINT", 2))
    };
    let mut sink = Collected::default();
    let mut time = clock.clone();
    let result = run(
        input(1_000),
        &api,
        options(2, None),
        &mut time,
        &interrupted,
        &mut |_, _| Ok(None),
        &mut sink,
    );
    assert!(matches!(result, Err(Error::Interrupted { signal: 2, .. })));
    let count = sink.lines.len() as u64;
    assert!((5..20).contains(&count), "{count}");
    assert_eq!(sink.numbers(), (1..=count).collect::<Vec<_>>());
    assert_eq!(
        api.requests() as u64,
        count,
        "every request sent was reported"
    );
}

#[test]
fn a_closed_output_stops_the_sending() {
    let clock = FakeTime::at(1_000);
    let api = FakeApi::new(&clock, 10_000);
    let mut sink = Collected {
        close_after: Some(3),
        ..Collected::default()
    };
    let summary = run_batch(input(1_000), &api, options(2, None), &mut sink).unwrap();
    assert_eq!(summary.lines, 3);
    assert!(api.requests() < 20, "{}", api.requests());
    assert_eq!(sink.notices, [Notice::OutputClosed { after_line: 3 }]);
}

#[test]
fn a_slow_line_holds_back_at_most_the_window() {
    struct Slow {
        inner: FakeApi,
        others: AtomicUsize,
        most: AtomicUsize,
    }
    impl Courier for Slow {
        type Message = String;
        fn prepare(&self, request: Request) -> Result<Prepared<String>, Error> {
            self.inner.prepare(request)
        }
        fn deliver(&self, message: &String) -> Delivered {
            if message == "message 2" {
                // Hold line 2 (line 1 goes alone, as a probe) until the others stop coming:
                // the window is full.
                let started = std::time::Instant::now();
                let mut last = usize::MAX;
                loop {
                    let now = self.others.load(Ordering::SeqCst);
                    let settled = now == last && now >= 11;
                    if settled || started.elapsed() > Duration::from_secs(5) {
                        break;
                    }
                    last = now;
                    std::thread::sleep(Duration::from_millis(30));
                }
                self.most
                    .store(self.others.load(Ordering::SeqCst), Ordering::SeqCst);
            } else if message != "message 1" {
                self.others.fetch_add(1, Ordering::SeqCst);
            }
            self.inner.deliver(message)
        }
        fn cached(&self, _: &String) -> Option<Delivered> {
            None
        }
    }
    let clock = FakeTime::at(1_000);
    let slow = Slow {
        inner: FakeApi::new(&clock, 10_000),
        others: AtomicUsize::new(0),
        most: AtomicUsize::new(0),
    };
    let mut sink = Collected::default();
    let mut time = clock.clone();
    run(
        input(200),
        &slow,
        options(2, None),
        &mut time,
        &never,
        &mut |_, _| Ok(None),
        &mut sink,
    )
    .unwrap();
    assert_eq!(sink.lines.len(), 200);
    // The window is 2 × 4 + 4 lines, line 2 among them.
    assert_eq!(slow.most.load(Ordering::SeqCst), 11);
}
