//! The coordinator's steps: place a line, dispatch or hold a message, take an answer in,
//! write what is ready. `advance` does everything that needs no waiting and says what to
//! wait for next.

use std::sync::mpsc;

use serde_json::Value;

use super::super::worse;
use super::{
    Closing, Courier, Delivered, Earlier, Event, Finished, Interrupted, Job, MAX_REFUSALS,
    MAX_UNREACHABLE, Next, Notice, Outcome, POLL, READ_AHEAD, Sink, State,
};
use crate::batch::budget::Gate;
use crate::batch::lines::ReadLine;
use crate::client::Time;
use crate::error::{Error, Stop, UsageError};
use crate::input::InputError;
use crate::output::{SendReport, Stdout};

impl<C: Courier> State<'_, C> {
    pub(super) fn run(
        &mut self,
        inbox: &mpsc::Receiver<Event<C::Message>>,
        ask: &mpsc::Sender<u64>,
        time: &mut dyn Time,
        interrupted: Interrupted<'_>,
        earlier: Earlier<'_>,
        sink: &mut dyn Sink,
    ) -> Result<super::Summary, Error> {
        loop {
            self.check_interrupt(interrupted, sink);
            match self.advance(ask, time, earlier, sink)? {
                Next::Done => break,
                Next::Event => match inbox.recv_timeout(POLL) {
                    Ok(event) => self.take(event, time, sink)?,
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    // Every worker and the reader are gone: nothing more can come.
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        self.input_done = true;
                        self.asked = 0;
                    }
                },
                Next::Sleep { until, bot } => {
                    sink.notice(Notice::Waiting { until });
                    // In short steps, so that a Ctrl-C is not kept waiting; until the wall
                    // clock says so or the time has passed on the monotonic clock, so that
                    // a clock set back meanwhile does not make the wait longer.
                    let span = std::time::Duration::from_secs(
                        until.saturating_sub(time.unix_now()).max(0).unsigned_abs(),
                    );
                    let deadline = time.elapsed() + span;
                    while time.unix_now() < until
                        && time.elapsed() < deadline
                        && interrupted().is_none()
                    {
                        time.sleep(POLL);
                    }
                    self.budgets.of(&bot).waited();
                }
            }
        }
        match self.closing.take() {
            Some(Closing::Interrupted { name, signal }) => Err(Error::Interrupted { name, signal }),
            Some(Closing::InputFailed(e)) => Err(InputError::Read(e).into()),
            Some(Closing::OutputClosed) | None => Ok(std::mem::take(&mut self.summary)),
        }
    }

    fn check_interrupt(&mut self, interrupted: Interrupted<'_>, sink: &mut dyn Sink) {
        if matches!(self.closing, Some(Closing::Interrupted { .. })) {
            return;
        }
        if let Some((name, signal)) = interrupted() {
            self.closing = Some(Closing::Interrupted { name, signal });
            sink.notice(Notice::Interrupted {
                name,
                in_flight: self.budgets.in_flight(),
            });
        }
    }

    /// Everything that can be done without waiting; then what to wait for.
    fn advance(
        &mut self,
        ask: &mpsc::Sender<u64>,
        time: &mut dyn Time,
        earlier: Earlier<'_>,
        sink: &mut dyn Sink,
    ) -> Result<Next, Error> {
        loop {
            self.flush(sink)?;
            if self.closing.is_some() {
                // Nothing more is sent or read; what was read and refused keeps its refusal.
                while let Some(job) = self.queue.pop_front() {
                    if let Some(last) = job.last {
                        self.finish_job_with(
                            job.number,
                            job.end_offset,
                            job.id,
                            Some(job.input_hash),
                            last,
                        )?;
                    }
                }
                self.flush(sink)?;
                return Ok(if self.budgets.in_flight() == 0 {
                    Next::Done
                } else {
                    Next::Event
                });
            }
            if let Some(bot) = self.queue.front().map(|job| job.bot.clone()) {
                if let Some(stop) = self.stop.as_ref().or(self.halted.get(&bot)) {
                    let stop = stop.clone();
                    if let Some(job) = self.queue.pop_front() {
                        self.finish_unsent(job, stop)?;
                    }
                    continue;
                }
                match self
                    .budgets
                    .of(&bot)
                    .gate(time.unix_now(), self.options.wait)
                {
                    Gate::Go => {
                        // No worker free: wait for an answer.
                        let Some(worker) = self.idle.pop() else {
                            return Ok(Next::Event);
                        };
                        if let Some(job) = self.queue.pop_front() {
                            self.dispatch(worker, job);
                        }
                        continue;
                    }
                    Gate::Hold => return Ok(Next::Event),
                    Gate::Pause { until } => return Ok(Next::Sleep { until, bot }),
                    Gate::Stop { reset } => {
                        self.halt(bot, reset, sink);
                        continue;
                    }
                }
            }
            if let Some(line) = self.pending.pop_front() {
                self.place(line, earlier)?;
                continue;
            }
            if self.asked > 0 {
                return Ok(Next::Event);
            }
            let room = self.reorder.room_after(self.read).min(READ_AHEAD);
            if !self.input_done && room > 0 {
                // The reader is gone only if it ended, and then it said so.
                let _ = ask.send(room);
                self.asked = room;
                return Ok(Next::Event);
            }
            if self.input_done && self.budgets.in_flight() == 0 {
                return Ok(Next::Done);
            }
            return Ok(Next::Event);
        }
    }

    /// A line read: finished at once (bad, or done in an earlier run), or queued to send.
    fn place(&mut self, line: ReadLine, earlier: Earlier<'_>) -> Result<(), Error> {
        let ReadLine {
            number,
            end_offset,
            request,
        } = line;
        let bad = |error: Error| Delivered {
            report: SendReport::default(),
            result: Err(error),
        };
        let request = match request {
            Ok(request) => request,
            Err(reason) => {
                let error = UsageError::BadLine {
                    line: number,
                    reason,
                }
                .into();
                return self.finish_job_with(number, end_offset, None, None, bad(error));
            }
        };
        let id = request.id.clone();
        let prepared = match self.courier.prepare(request) {
            Ok(prepared) => prepared,
            Err(error) => return self.finish_job_with(number, end_offset, id, None, bad(error)),
        };
        if let Some(old) = earlier(number, &prepared.input_hash)? {
            return self.finish(Finished {
                number,
                end_offset,
                id,
                input_hash: Some(prepared.input_hash),
                outcome: Outcome::Resumed(old),
            });
        }
        self.queue.push_back(Job {
            number,
            end_offset,
            id,
            input_hash: prepared.input_hash,
            bot: prepared.bot,
            message: prepared.message,
            refusals: 0,
            last: None,
        });
        Ok(())
    }

    fn dispatch(&mut self, worker: usize, job: Job<C::Message>) {
        let budget = self.budgets.of(&job.bot);
        budget.sent();
        if let Err(mpsc::SendError(job)) = self.workers[worker].send(job) {
            // A worker only ends when the loop does; keep the line rather than lose it.
            self.budgets.of(&job.bot).answered(None, false, false, 0);
            self.queue.push_front(job);
        }
    }

    /// An event from the reader or a worker.
    fn take(
        &mut self,
        event: Event<C::Message>,
        time: &mut dyn Time,
        sink: &mut dyn Sink,
    ) -> Result<(), Error> {
        match event {
            Event::Line(Ok(Some(line))) => {
                self.asked = self.asked.saturating_sub(1);
                self.read = line.number;
                self.pending.push_back(line);
            }
            Event::Line(Ok(None)) => {
                self.asked = 0;
                self.input_done = true;
            }
            Event::Line(Err(e)) => {
                self.asked = 0;
                self.input_done = true;
                if self.closing.is_none() {
                    self.closing = Some(Closing::InputFailed(e));
                }
            }
            Event::Done(answer) => {
                let super::Answer {
                    worker,
                    mut job,
                    delivered,
                } = *answer;
                self.idle.push(worker);
                let report = &delivered.report;
                let responded = report.status.is_some() && !report.cached;
                let refused = report.status == Some(429);
                let now = time.unix_now();
                self.budgets
                    .of(&job.bot)
                    .answered(report.rate_limit, responded, refused, now);
                let again = refused
                    && self.options.wait.is_some()
                    && job.refusals < MAX_REFUSALS
                    && self.stop.is_none()
                    && !self.halted.contains_key(&job.bot)
                    && self.closing.is_none();
                if again {
                    job.refusals += 1;
                    job.last = Some(delivered);
                    self.queue.push_front(job);
                    return Ok(());
                }
                // Lines in a row that got no answer at all, retries included.
                if matches!(delivered.result, Err(Error::Network(_))) {
                    self.unreachable += 1;
                } else if report.status.is_some() {
                    self.unreachable = 0;
                }
                // A 401 would be every line's answer; a line refused over and over (or once,
                // without --wait) means the chatbot's window is not coming back for this
                // batch; an API that does not answer line after line is down.
                if refused && !self.halted.contains_key(&job.bot) {
                    let reset = self.budgets.last_reading(&job.bot).and_then(|r| r.reset);
                    self.halt(job.bot.clone(), reset, sink);
                }
                let stop = match report.status {
                    Some(401) => Some(Stop::Unauthorized),
                    None if self.unreachable >= MAX_UNREACHABLE => Some(Stop::Unreachable {
                        lines: MAX_UNREACHABLE,
                    }),
                    _ => None,
                };
                if let (Some(stop), None) = (stop, &self.stop) {
                    sink.notice(Notice::Stopped(stop.clone()));
                    self.stop = Some(stop);
                }
                return self.finish_job_with(
                    job.number,
                    job.end_offset,
                    job.id,
                    Some(job.input_hash),
                    delivered,
                );
            }
        }
        Ok(())
    }

    /// No more lines to `bot`: its window is used up until `reset`, beyond `--wait`.
    fn halt(&mut self, bot: String, reset: Option<i64>, sink: &mut dyn Sink) {
        let stop = Stop::RateLimit {
            reset,
            max_wait: self.options.wait,
        };
        sink.notice(Notice::StoppedFor {
            bot: bot.clone(),
            stop: stop.clone(),
        });
        self.halted.insert(bot, stop);
    }

    /// A line the batch did not send: its stored reply if the cache has one, its last
    /// refusal if it had one, else `not_sent` with the last reading.
    fn finish_unsent(&mut self, job: Job<C::Message>, stop: Stop) -> Result<(), Error> {
        let rate_limit = self.budgets.last_reading(&job.bot);
        let delivered = self
            .courier
            .cached(&job.message)
            .or(job.last)
            .unwrap_or_else(|| Delivered {
                report: SendReport {
                    bot: Some(job.bot),
                    rate_limit,
                    ..SendReport::default()
                },
                result: Err(Error::NotSent(stop)),
            });
        self.finish_job_with(
            job.number,
            job.end_offset,
            job.id,
            Some(job.input_hash),
            delivered,
        )
    }

    fn finish_job_with(
        &mut self,
        number: u64,
        end_offset: u64,
        id: Option<Value>,
        input_hash: Option<String>,
        delivered: Delivered,
    ) -> Result<(), Error> {
        self.finish(Finished {
            number,
            end_offset,
            id,
            input_hash,
            outcome: Outcome::Line(Box::new(delivered)),
        })
    }

    fn finish(&mut self, finished: Finished) -> Result<(), Error> {
        self.reorder
            .put(finished.number, finished)
            .map_err(Error::Unexpected)
    }

    /// Writes every result that is next in order. A reader that went away stops the batch.
    fn flush(&mut self, sink: &mut dyn Sink) -> Result<(), Error> {
        while let Some(finished) = self.reorder.pop_ready() {
            if matches!(self.closing, Some(Closing::OutputClosed)) {
                continue;
            }
            self.count(&finished);
            let number = finished.number;
            if sink.line(finished)? == Stdout::Closed {
                sink.notice(Notice::OutputClosed { after_line: number });
                self.closing = Some(Closing::OutputClosed);
            }
        }
        Ok(())
    }

    fn count(&mut self, finished: &Finished) {
        let summary = &mut self.summary;
        summary.lines += 1;
        match &finished.outcome {
            Outcome::Resumed(_) => summary.resumed += 1,
            Outcome::Line(delivered) => {
                summary.cached += u64::from(delivered.report.cached);
                if let Err(error) = &delivered.result {
                    summary.failed += 1;
                    summary.not_sent += u64::from(matches!(error, Error::NotSent(_)));
                    let code = error.exit_code();
                    summary.worst = Some(summary.worst.map_or(code, |w| worse(w, code)));
                }
            }
        }
    }
}
