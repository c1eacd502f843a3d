//! The batch loop. One coordinating thread reads lines (through a reader thread that reads
//! a few lines ahead, as many as it is asked for, and hands each over as soon as it has it,
//! so a slow pipe never holds results back), turns them into messages,
//! hands them to `parallel` workers that share one `Courier` (one connection pool), keeps to
//! the rate limit (`Budget`), and writes every line's result in input order (`Reorder`).
//!
//! Every line taken in gets exactly one result: sent, bad, not sent (the batch stopped
//! before it), from the cache, or copied from `--resume`. The only exceptions: after an
//! interrupt, a failed read of the input or a reader that closed the output, nothing more
//! is taken in, and the lines read ahead but not yet taken (always after every line
//! reported) are dropped; so is a line taken in but never sent, the last one.
//!
//! Time, the courier, the output and the interrupt flag are passed in: tests run the loop
//! with a fake clock and a fake API, and nothing here sleeps for real or prints.

use std::collections::{BTreeMap, VecDeque};
use std::io::BufRead;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use super::budget::Budgets;
use super::lines::{Format, Lines, ReadLine, Request};
use super::reorder::Reorder;
use crate::client::Time;
use crate::error::{Error, Stop};
use crate::output::{SendReport, Stdout};

/// How often the loop looks at the interrupt flag while it waits.
const POLL: Duration = Duration::from_millis(100);
/// Lines the reader reads ahead at most (within the reorder window): fewer hand-overs
/// between the threads, and at most this many lines, of at most 1 MiB, held.
const READ_AHEAD: u64 = 16;
/// How many times a line refused with 429 is sent again with `--wait`.
const MAX_REFUSALS: u8 = 3;
/// Lines in a row with no answer (each after its retries) that stop the batch: the API is
/// down, and every other line would spend its retries and its timeout for nothing.
const MAX_UNREACHABLE: u32 = 3;

/// What delivering one message came to.
#[derive(Debug)]
pub struct Delivered {
    pub report: SendReport,
    pub result: Result<(), Error>,
}

/// A line made into a message.
pub struct Prepared<M> {
    pub message: M,
    /// What `--resume` matches on (with the line number).
    pub input_hash: String,
    pub bot: String,
}

/// Sends messages; shared by the workers.
pub trait Courier: Sync {
    type Message: Send + 'static;
    /// The message a line asks for, with the settings' defaults filled in.
    fn prepare(&self, request: Request) -> Result<Prepared<Self::Message>, Error>;
    /// Sends it (or answers it from the cache).
    fn deliver(&self, message: &Self::Message) -> Delivered;
    /// Its stored reply, if the cache holds one: used for lines after the batch stopped.
    fn cached(&self, message: &Self::Message) -> Option<Delivered>;
}

/// One line's result, ready to print.
#[derive(Debug)]
pub struct Finished {
    pub number: u64,
    /// Bytes of input consumed up to the end of this line (for progress).
    pub end_offset: u64,
    pub id: Option<Value>,
    pub input_hash: Option<String>,
    pub outcome: Outcome,
}

#[derive(Debug)]
pub enum Outcome {
    /// Sent, bad, not sent or cached: a send object.
    Line(Box<Delivered>),
    /// Copied from `--resume`.
    Resumed(Value),
}

impl Finished {
    /// The exit code of this line's failure; `None` when it succeeded.
    pub fn failure_code(&self) -> Option<u8> {
        match &self.outcome {
            Outcome::Line(delivered) => delivered.result.as_ref().err().map(Error::exit_code),
            Outcome::Resumed(_) => None,
        }
    }
}

/// What the loop says on its way, for stderr.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Sleeping until this Unix time for the rate limit to reset (`--wait`).
    Waiting { until: i64 },
    /// No more lines are sent; they are reported as not sent.
    Stopped(Stop),
    /// No more lines to this chatbot are sent (its rate limit is used up); the others go on.
    StoppedFor { bot: String, stop: Stop },
    /// A signal came: the requests in flight finish, nothing more is read.
    Interrupted {
        name: &'static str,
        in_flight: usize,
    },
    /// Nobody reads the output any more: nothing more is sent.
    OutputClosed { after_line: u64 },
}

/// Where results and notices go.
pub trait Sink {
    fn line(&mut self, finished: Finished) -> Result<Stdout, Error>;
    fn notice(&mut self, notice: Notice);
}

/// How the loop runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub parallel: usize,
    pub format: Format,
    /// `--wait`: sleep for a reset at most this far away (`--max-wait`).
    pub wait: Option<Duration>,
}

/// What came out, for the exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub lines: u64,
    pub failed: u64,
    pub not_sent: u64,
    pub cached: u64,
    pub resumed: u64,
    /// The most severe failure's exit code (`super::worse`).
    pub worst: Option<u8>,
}

/// The signal that interrupted the run, if one came: its name and number.
pub type Interrupted<'a> = &'a (dyn Fn() -> Option<(&'static str, u8)> + Sync);
/// The earlier result of a line, from `--resume`.
pub type Earlier<'a> = &'a mut dyn FnMut(u64, &str) -> Result<Option<Value>, Error>;

enum Event<M> {
    Line(std::io::Result<Option<ReadLine>>),
    Done(Box<Answer<M>>),
}

/// A worker's answer to a job.
struct Answer<M> {
    worker: usize,
    job: Job<M>,
    delivered: Delivered,
}

struct Job<M> {
    number: u64,
    end_offset: u64,
    id: Option<Value>,
    input_hash: String,
    bot: String,
    message: M,
    refusals: u8,
    /// The answer to the last attempt, when it was a refusal to be tried again.
    last: Option<Delivered>,
}

/// Runs the batch over `input`: every result goes to `sink`, in input order.
pub fn run<C: Courier>(
    input: Box<dyn BufRead + Send>,
    courier: &C,
    options: Options,
    time: &mut dyn Time,
    interrupted: Interrupted<'_>,
    earlier: Earlier<'_>,
    sink: &mut dyn Sink,
) -> Result<Summary, Error> {
    let parallel = options.parallel.max(1);
    let (events, inbox) = mpsc::channel::<Event<C::Message>>();
    let ask = spawn_reader(input, options.format, events.clone());
    std::thread::scope(|scope| {
        let mut workers = Vec::with_capacity(parallel);
        for worker in 0..parallel {
            let (jobs, queue) = mpsc::channel::<Job<C::Message>>();
            let events = events.clone();
            scope.spawn(move || {
                for job in queue {
                    let delivered = courier.deliver(&job.message);
                    let done = Event::Done(Box::new(Answer {
                        worker,
                        job,
                        delivered,
                    }));
                    if events.send(done).is_err() {
                        break;
                    }
                }
            });
            workers.push(jobs);
        }
        drop(events);
        let mut state = State {
            courier,
            options,
            budgets: Budgets::default(),
            halted: BTreeMap::new(),
            reorder: Reorder::new(1, parallel * 4 + 4),
            idle: (0..parallel).rev().collect(),
            workers,
            queue: VecDeque::new(),
            pending: VecDeque::new(),
            asked: 0,
            read: 0,
            input_done: false,
            stop: None,
            unreachable: 0,
            closing: None,
            summary: Summary::default(),
        };
        // Dropping the workers' senders on return ends them once their job is done.
        state.run(&inbox, &ask, time, interrupted, earlier, sink)
    })
}

/// Reads lines on a thread of its own, as many as it is asked for, each handed over as soon
/// as it is read: a read that blocks (a terminal, a slow pipe) never keeps results from
/// being written. It is not joined: one blocked in a read when the batch ends dies with
/// the process.
fn spawn_reader<M: Send + 'static>(
    input: Box<dyn BufRead + Send>,
    format: Format,
    events: mpsc::Sender<Event<M>>,
) -> mpsc::Sender<u64> {
    let (ask, asked) = mpsc::channel::<u64>();
    std::thread::spawn(move || {
        let mut lines = Lines::new(input, format);
        while let Ok(count) = asked.recv() {
            for _ in 0..count {
                let line = lines.next_line();
                let more = matches!(line, Ok(Some(_)));
                if events.send(Event::Line(line)).is_err() || !more {
                    return;
                }
            }
        }
    });
    ask
}

/// Why the loop stopped reading.
enum Closing {
    Interrupted { name: &'static str, signal: u8 },
    OutputClosed,
    InputFailed(std::io::Error),
}

/// What the loop waits for next.
enum Next {
    Event,
    /// Until this Unix time, for this chatbot's window to reset.
    Sleep {
        until: i64,
        bot: String,
    },
    Done,
}

struct State<'c, C: Courier> {
    courier: &'c C,
    options: Options,
    budgets: Budgets,
    /// Chatbots whose rate limit is used up, and why: their lines are not sent.
    halted: BTreeMap<String, Stop>,
    reorder: Reorder<Finished>,
    idle: Vec<usize>,
    workers: Vec<mpsc::Sender<Job<C::Message>>>,
    /// Lines made into messages, waiting for the rate limit or a worker; refusals to try
    /// again go first.
    queue: VecDeque<Job<C::Message>>,
    /// Lines read and not yet taken in.
    pending: VecDeque<ReadLine>,
    /// Lines asked of the reader and not yet come.
    asked: u64,
    read: u64,
    input_done: bool,
    stop: Option<Stop>,
    /// Lines in a row that got no answer at all.
    unreachable: u32,
    closing: Option<Closing>,
    summary: Summary,
}

#[path = "runner_state.rs"]
mod state;

#[cfg(test)]
#[path = "runner_tests.rs"]
mod tests;
