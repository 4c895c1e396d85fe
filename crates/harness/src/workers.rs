//! Supervised worker processes: where a campaign runs the worker's code, so that nothing
//! that code does to the engine can take the campaign down.
//!
//! `fuzz` keeps the campaign (strategy, shards, findings, shrinking, corpus) in its own
//! process and hands every schedule to a pool of worker processes, one per job — this
//! same binary started with [`WORKER_ENV`] and the campaign's command line, each under an
//! address-space limit. A worker loads the scenario once and then serves jobs, one JSON
//! line in and one out on its stdin and stdout: run schedule `n` of a strategy, replay a
//! schedule, render a report. Every run builds a fresh engine context, as in a single
//! process, or (a worker whose boot is slow) runs in a fork of the worker with its
//! isolates booted once ([`serve`]): either way a trial's result does not depend on which
//! worker ran it or how many it ran before.
//!
//! A worker that aborts, overflows its stack, runs past the wall-clock limit of one
//! schedule or exits is reaped and replaced. Its schedule becomes a finding of kind
//! `crash` ([`crate::crash`]). The schedule of an exploration is only known as it is
//! drawn, so the crashing schedule is run once more on a fresh worker that writes out
//! every decision the moment it is made (a journal): the crash finding carries the
//! schedule up to the crash, which replays it exactly — it is shrunk, saved to the
//! corpus and replayed like any other finding, and the campaign goes on.
//!
//! Workers are also replaced after [`SCHEDULES_PER_WORKER`] schedules, which bounds
//! whatever the engine leaks over a campaign of millions. Every worker is reaped on
//! every path: when it is dropped, its stdin is closed and it exits, or it is killed.
//!
//! The wall clock is read here, outside the simulation: it decides only whether a
//! schedule's verdict is a timeout, and whether a worker forks (how long its boot took),
//! never what a schedule does.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crosstalk_checker::Kind;
use crosstalk_runtime::{Event, Model, ModelError, Tapped, Template, tap_trace};
use crosstalk_scenario::{
    Decision, Executor, Explorer, Finding, Schedule, StrategyName, Trial, explore_trial, replay_trial,
    run_trial_observed,
};
use serde::{Deserialize, Serialize};

use crate::crash::{
    Crash, LAST_EVENTS, Limits, TAIL_LINES, event_line, internal_exit_is_crash, keep_last, running_request,
};
use crate::exit::CommandError;
use crate::fork;
use crate::session::{CampaignCounts, Session};

/// Set in a worker's environment: the process serves jobs instead of running a campaign.
pub const WORKER_ENV: &str = "CROSSTALK_WORKER";

/// Schedules one worker process runs before it is replaced.
pub const SCHEDULES_PER_WORKER: u64 = 20_000;

/// How long a worker whose stdin was closed gets to exit before it is killed.
const EXIT_GRACE: Duration = Duration::from_millis(500);

/// How to start a worker: this binary and the campaign's own command line (the worker
/// loads the same scenario with the same options), under these limits per schedule.
#[derive(Clone, Debug)]
pub struct WorkerCommand {
    /// The crosstalk executable each worker runs.
    pub program: PathBuf,
    /// The arguments after the program name.
    pub args: Vec<OsString>,
    /// Each worker's address-space limit and each schedule's wall-clock limit.
    pub limits: Limits,
}

/// One job, one JSON line on a worker's stdin.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Job {
    /// Schedule `n` of an independent strategy; with `journal`, every decision and
    /// every trace event is sent as it is made.
    Explore { strategy: StrategyName, seed: u64, n: u64, journal: bool },
    /// A stateful strategy's partial schedule on the full model; `journal` as above.
    Partial { schedule: Schedule, journal: bool },
    /// A normalized schedule, replayed exactly; `journal` as above.
    Replay { schedule: Schedule, journal: bool },
    /// The text report of a schedule's run, as `crosstalk run` prints it.
    Report { schedule: Schedule },
}

/// One JSON line on a worker's stdout.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Reply {
    /// One decision of a journaled run (more lines follow).
    Decision(Decision),
    /// One trace event of a journaled run, as it is recorded (more lines follow).
    Event(Event),
    /// A run of a journaled job begins (the checker's reference runs follow the run
    /// itself): the events before it are not the ones of the run that may die.
    Run,
    /// A trial and the violation kinds its judgement saw (`None`: the strategy has
    /// nothing left).
    Trial {
        trial: Option<Trial>,
        kinds: Vec<Kind>,
    },
    Report {
        text: Result<String, String>,
    },
}

/// A trial a worker ran, and the kinds its judgement saw (none when it crashed).
#[derive(Debug)]
pub struct Ran {
    /// The schedule and its verdict: a crash is a finding, crosstalk's own failure an error.
    pub trial: Trial,
    /// Violation kinds the judgement saw, for [`CampaignCounts`]; empty after a crash.
    pub kinds: Vec<Kind>,
}

/// Why a job got no answer.
enum Death {
    /// The worker died of the worker's code (or ran out of time).
    Crash(Crash),
    /// Something that is crosstalk's own fault: no process could be started, or the
    /// worker ended in an internal error.
    Broken(String),
}

/// A pool of worker processes, one per campaign thread that asks.
pub struct Workers {
    command: WorkerCommand,
    idle: Mutex<Vec<Worker>>,
}

impl Workers {
    /// A pool with no worker yet: each starts when a job finds none idle.
    pub fn new(command: WorkerCommand) -> Self {
        Self { command, idle: Mutex::new(Vec::new()) }
    }

    /// Schedule `n` of `strategy` seeded with `seed`; `None` when the strategy is done.
    pub fn explore(&self, strategy: StrategyName, seed: u64, n: u64) -> Option<Ran> {
        self.drawn(&|journal| Job::Explore { strategy, seed, n, journal })
    }

    /// A stateful strategy's partial schedule, run on the scenario's full model.
    pub fn run_partial(&self, schedule: &Schedule) -> Ran {
        let ran = self.drawn(&|journal| Job::Partial { schedule: schedule.clone(), journal });
        ran.expect("a partial schedule always runs")
    }

    /// Runs a schedule that is drawn as it runs (`job(journal)`): when it crashes its
    /// worker, once more on a fresh worker, journaled, for the schedule up to the crash.
    fn drawn(&self, job: &dyn Fn(bool) -> Job) -> Option<Ran> {
        match self.ask(&job(false), &mut |_| {}) {
            Ok(Reply::Trial { trial, kinds }) => trial.map(|trial| Ran { trial, kinds }),
            Ok(other) => Some(broken(Schedule::default(), &format!("a worker answered {other:?} to a schedule"))),
            Err(Death::Broken(why)) => Some(broken(Schedule::default(), &why)),
            Err(Death::Crash(_)) => {
                let mut schedule = Schedule::default();
                let mut last = VecDeque::with_capacity(LAST_EVENTS);
                let mut journal = |reply: Reply| match reply {
                    Reply::Decision(decision) => schedule.record(&decision, None),
                    Reply::Event(event) => keep_last(&mut last, event, LAST_EVENTS),
                    Reply::Run => last.clear(),
                    _ => {}
                };
                match self.ask(&job(true), &mut journal) {
                    // It did not crash again: its own verdict stands.
                    Ok(Reply::Trial { trial, kinds }) => trial.map(|trial| Ran { trial, kinds }),
                    Ok(other) => Some(broken(schedule, &format!("a worker answered {other:?} to a schedule"))),
                    Err(Death::Crash(crash)) => Some(self.crashed(schedule, &crash, &last)),
                    Err(Death::Broken(why)) => Some(broken(schedule, &why)),
                }
            }
        }
    }

    /// `schedule` (normalized for the scenario), replayed exactly.
    pub fn replay(&self, schedule: &Schedule) -> Ran {
        self.replay_with(schedule, false)
    }

    /// [`Workers::replay`], journaled: a crash finding then says which request's code
    /// was running and what the run did last (for reports; shrinking does not need it).
    pub fn replay_journaled(&self, schedule: &Schedule) -> Ran {
        self.replay_with(schedule, true)
    }

    fn replay_with(&self, schedule: &Schedule, journal: bool) -> Ran {
        let mut last = VecDeque::new();
        let mut keep = |reply: Reply| match reply {
            Reply::Event(event) => keep_last(&mut last, event, LAST_EVENTS),
            Reply::Run => last.clear(),
            _ => {}
        };
        match self.ask(&Job::Replay { schedule: schedule.clone(), journal }, &mut keep) {
            Ok(Reply::Trial { trial: Some(trial), kinds }) => Ran { trial, kinds },
            Ok(other) => broken(schedule.clone(), &format!("a worker answered {other:?} to a replay")),
            Err(Death::Crash(crash)) => self.crashed(schedule.clone(), &crash, &last),
            Err(Death::Broken(why)) => broken(schedule.clone(), &why),
        }
    }

    /// The text report of `schedule`'s run, rendered by a worker.
    pub fn report(&self, schedule: &Schedule) -> Result<String, CommandError> {
        match self.ask(&Job::Report { schedule: schedule.clone() }, &mut |_| {}) {
            Ok(Reply::Report { text: Ok(text) }) => Ok(text),
            Ok(Reply::Report { text: Err(error) }) => Err(CommandError::internal(error)),
            Ok(other) => Err(CommandError::internal(format!("a worker answered {other:?} to a report"))),
            Err(Death::Crash(crash)) => Err(CommandError::internal(format!(
                "the worker process crashed while reporting a schedule: {}",
                crash.message(&self.command.limits)
            ))),
            Err(Death::Broken(why)) => Err(CommandError::internal(why)),
        }
    }

    fn crashed(&self, schedule: Schedule, crash: &Crash, last: &VecDeque<Event>) -> Ran {
        let request = running_request(last.back().map(|e| e.owner));
        let events: Vec<String> = last.iter().map(event_line).collect();
        let finding = crash.finding(&self.command.limits, request.as_deref(), &events);
        Ran { trial: Trial { schedule, widths: Vec::new(), verdict: Ok(Some(finding)) }, kinds: Vec::new() }
    }

    /// Sends `job` to an idle worker (or a new one) and waits for its final reply,
    /// handing the lines of a journal (decisions, events) to `journal` as they come.
    fn ask(&self, job: &Job, journal: &mut dyn FnMut(Reply)) -> Result<Reply, Death> {
        let line = serde_json::to_string(job).expect("a job is serde data");
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        // An idle worker that cannot take the job ended after its last answer (it is
        // reaped as it drops): the job goes to a fresh one.
        let idle = idle.and_then(|mut worker| worker.send(&line).is_ok().then_some(worker));
        let mut worker = match idle {
            Some(worker) => worker,
            None => {
                let mut worker = Worker::spawn(&self.command)
                    .map_err(|e| Death::Broken(format!("cannot start a worker process: {e}")))?;
                if worker.send(&line).is_err() {
                    return Err(worker.death(false));
                }
                worker
            }
        };
        let deadline = Instant::now() + self.command.limits.timeout;
        loop {
            match worker.receive(deadline) {
                Ok(line @ (Reply::Decision(_) | Reply::Event(_) | Reply::Run)) => journal(line),
                Ok(reply) => {
                    worker.served += 1;
                    if worker.served < SCHEDULES_PER_WORKER {
                        self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(worker);
                    }
                    return Ok(reply);
                }
                Err(timed_out) => return Err(worker.death(timed_out)),
            }
        }
    }
}

/// A trial that says crosstalk itself failed (exit 3 for the campaign).
fn broken(schedule: Schedule, why: &str) -> Ran {
    let error = ModelError::Internal(format!("worker process: {why}"));
    Ran { trial: Trial { schedule, widths: Vec::new(), verdict: Err(error) }, kinds: Vec::new() }
}

/// One worker process and the threads reading its stdout and stderr.
struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    replies: Receiver<String>,
    tail: Arc<Mutex<VecDeque<String>>>,
    stderr: Option<JoinHandle<()>>,
    reaped: bool,
    served: u64,
}

impl Worker {
    fn spawn(command: &WorkerCommand) -> std::io::Result<Worker> {
        let mut process = Command::new(&command.program);
        process
            .args(&command.args)
            .env(WORKER_ENV, "1")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        limit_memory(&mut process, command.limits.memory_bytes);
        let mut child = process.spawn()?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (sender, replies) = std::sync::mpsc::channel();
        // Ends at the worker's end of stdout; a closed channel means we stopped listening.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let tail = Arc::new(Mutex::new(VecDeque::with_capacity(TAIL_LINES)));
        let kept = tail.clone();
        let stderr = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                keep_last(&mut kept.lock().unwrap_or_else(PoisonError::into_inner), line, TAIL_LINES);
            }
        });
        Ok(Worker { child, stdin: Some(stdin), replies, tail, stderr: Some(stderr), reaped: false, served: 0 })
    }

    fn send(&mut self, line: &str) -> std::io::Result<()> {
        let stdin = self.stdin.as_mut().expect("a live worker has its stdin");
        stdin.write_all(line.as_bytes())?;
        stdin.write_all(b"\n")?;
        stdin.flush()
    }

    /// The next reply; `Err(timed_out)` when there is none: the deadline passed
    /// (`true`) or the worker closed its stdout (`false`).
    fn receive(&self, deadline: Instant) -> Result<Reply, bool> {
        let wait = deadline.saturating_duration_since(Instant::now());
        match self.replies.recv_timeout(wait) {
            // A line that is not a reply is the worker's stdout gone wrong: treat it as
            // the worker's end, which its stderr explains.
            Ok(line) => serde_json::from_str(&line).map_err(|_| false),
            Err(RecvTimeoutError::Timeout) => Err(true),
            Err(RecvTimeoutError::Disconnected) => Err(false),
        }
    }

    /// Reaps the worker (killing it first when it timed out) and says why it ended.
    fn death(mut self, timed_out: bool) -> Death {
        if timed_out {
            // Killing fails only if it already exited; the wait below reaps it either way.
            drop(self.child.kill());
        }
        drop(self.stdin.take());
        let status = self.child.wait().ok();
        self.reaped = true;
        if let Some(reader) = self.stderr.take() {
            // The reader ends with the worker's stderr, which closed when it exited.
            drop(reader.join());
        }
        let tail: Vec<String> = self.tail.lock().unwrap_or_else(PoisonError::into_inner).iter().cloned().collect();
        if !timed_out
            && let Some(code) = status.and_then(|s| s.code())
            && !(code == crate::Exit::Internal.code() && internal_exit_is_crash(&tail))
        {
            let said = tail.last().map(String::as_str).unwrap_or("(nothing on stderr)");
            return Death::Broken(format!("a worker process exited with code {code}: {said}"));
        }
        Death::Crash(Crash::classify(status, timed_out, &tail))
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if self.reaped {
            return;
        }
        // Closing stdin ends the worker's job loop; a worker that does not exit soon is
        // killed. Either way it is reaped here.
        drop(self.stdin.take());
        let started = Instant::now();
        while started.elapsed() < EXIT_GRACE {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

/// Caps a child's address space, so that an allocation past the limit fails in the
/// child (which then aborts, a `crash`) instead of exhausting the machine; no core file.
pub fn limit_memory(command: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec the closure calls only setrlimit, which is
    // async-signal-safe, and touches no memory of the parent's but its own locals.
    unsafe {
        command.pre_exec(move || {
            let address_space = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            let no_core = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            if libc::setrlimit(libc::RLIMIT_AS, &address_space) != 0
                || libc::setrlimit(libc::RLIMIT_CORE, &no_core) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// In a campaign's environment, how its workers run schedules: `0`, each in the worker's
/// own process with fresh isolates; `1`, each in a fork of a booted template once the
/// oracles' cache has settled; unset, forks only for a worker whose boot is slow
/// (`boot_worth_forking`). For benchmarks and tests that compare the two.
pub const FORK_ENV: &str = "CROSSTALK_FORK";

/// What a forked run may allocate before the engine collects garbage (see
/// `Template::defer_collections`).
const COLLECTION_HEADROOM: usize = 64 << 20;

/// Jobs in a row that run no new reference simulation before a fork server forks: the
/// oracles' cache of reference runs is filled in the server, so that forks inherit it.
const WARM_JOBS: u32 = 8;

/// The boot that is worth a fork per schedule (see `boot_worth_forking`).
const FORK_BOOT_MIN: Duration = Duration::from_millis(20);

/// The Web module source a run loads that is worth a fork per schedule: parsing 8 KB
/// costs about 9 M instructions, more than a fork's page copies (BENCHMARKS.md, "The
/// fork server").
const FORK_WEB_MODULES_MIN: usize = 8 << 10;

/// A forked run's exit status when it ran reference simulations the oracles cache: what
/// it learnt is lost, so the fork server runs the next jobs itself until the cache
/// settles again. (Not an exit code of crosstalk's, INTERFACES.md "CLI".)
const REFERENCES_LEARNT: i32 = 64;

/// A forked run's exit status when the campaign closed our stdout.
const CAMPAIGN_GONE: i32 = 65;

/// The worker's side: serves jobs from stdin until it closes, one reply line each on
/// stdout (the journal of a journaled job first, line by line as the run goes).
///
/// A fork server, as AFL's: the worker boots the scenario's isolates once (a
/// [`Template`]: module graph parsed, linked and evaluated) and runs each job in a
/// `fork()` of itself, which writes the replies and exits. The campaign sees one worker
/// process; a fork that dies makes the worker die the same way, so that crashes are
/// found and reported as without forks. A fork's run is the run a fresh boot gives
/// (`Template`'s invariants; `crosstalk check` proves it for every schedule it judges),
/// and whatever the run leaks dies with the fork.
pub fn serve(session: &Session) -> Result<(), CommandError> {
    let base: Model = session.model().clone();
    // A worker that cannot boot serves without forks: each run meets the error.
    let forced = std::env::var_os(FORK_ENV);
    let mut template = match &forced {
        Some(value) if value == "0" => None,
        Some(value) if value == "1" => Template::boot(&base).ok(),
        _ => boot_worth_forking(&base),
    };
    // Whether the Web modules the first runs load have been weighed (once, when the
    // warm-up ends: a small boot whose runs parse large modules is worth forking too).
    let mut weighed = forced.is_some();
    if let Some(template) = &template {
        template.defer_collections(COLLECTION_HEADROOM);
    }
    let mut explorer: Option<(StrategyName, u64, Box<dyn Explorer>)> = None;
    // Jobs in a row that taught the oracles nothing: forks start after `WARM_JOBS`.
    let mut settled = 0;
    // Whether the template holds the compiled Web modules (done before the first fork).
    let mut compiled = false;
    // Whether JS ran in this process since its last collection: a forked run measures its
    // memory from what is live when it starts, so the garbage goes first.
    let mut dirty = true;
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| CommandError::internal(format!("worker: cannot read a job: {e}")))?;
        let job: Job = serde_json::from_str(&line)
            .map_err(|e| CommandError::internal(format!("worker: not a job ({e}): {line}")))?;
        let references = session.reference_runs();
        if template.is_none() && settled >= WARM_JOBS && !weighed {
            weighed = true;
            if Template::used_web_module_bytes() >= FORK_WEB_MODULES_MIN {
                template = Template::boot(&base).ok();
                if let Some(template) = &template {
                    template.defer_collections(COLLECTION_HEADROOM);
                }
            }
        }
        if template.is_none() || settled < WARM_JOBS {
            if !answer(session, &base, &mut explorer, job)? {
                return Ok(());
            }
            dirty = true;
            settled = if session.reference_runs() == references { settled + 1 } else { 0 };
            continue;
        }
        if !compiled {
            // The Web modules the jobs so far used, compiled once for every fork.
            compiled = true;
            if let Some(template) = template.as_mut() {
                template.compile_used_web_modules().map_err(|e| CommandError::internal(format!("worker: {e}")))?;
            }
        }
        if dirty {
            dirty = false;
            template.as_ref().expect("the fork server keeps its template").collect_before_fork();
        }
        let ended = fork::run(|| {
            template.take().expect("the fork server keeps its template").install_in_fork();
            match answer(session, &base, &mut explorer, job) {
                Ok(true) if session.reference_runs() != references => REFERENCES_LEARNT,
                Ok(true) => 0,
                Ok(false) => CAMPAIGN_GONE,
                Err(error) => {
                    eprintln!("{error}");
                    error.exit().code()
                }
            }
        })?;
        match ended {
            fork::Ended::Exited(0) => {}
            // What the fork learnt died with it: learn in this process again for a while.
            fork::Ended::Exited(REFERENCES_LEARNT) => settled = 0,
            fork::Ended::Exited(CAMPAIGN_GONE) => return Ok(()),
            // The fork died (or failed): this worker ends the same way, for the campaign.
            ended => ended.die_alike(),
        }
    }
    Ok(())
}

/// The template of `base`, if booting it costs more than a fork does. A fork copies the
/// pages each run writes to (the engine's reference counts are in every object it
/// touches): a few milliseconds, more than a small worker's whole boot. The wall clock
/// decides only how runs are made, never what they do (`Template`'s invariants).
fn boot_worth_forking(base: &Model) -> Option<Template> {
    let started = Instant::now();
    let template = Template::boot(base).ok()?;
    (started.elapsed() >= FORK_BOOT_MIN).then_some(template)
}

/// Runs one job and sends its replies; `false` when the campaign is gone (its end closed
/// our stdout): nothing is left to serve.
fn answer(
    session: &Session,
    base: &Model,
    explorer: &mut Option<(StrategyName, u64, Box<dyn Explorer>)>,
    job: Job,
) -> Result<bool, CommandError> {
    let counts = CampaignCounts::default();
    let oracle = |schedule: &Schedule, run: &crosstalk_runtime::Run| -> Option<Finding> {
        session.judge(schedule, run, &counts)
    };
    let reply = match job {
        Job::Explore { strategy, seed, n, journal: journaled_job } => {
            if explorer.as_ref().is_none_or(|(s, k, _)| (*s, *k) != (strategy, seed)) {
                *explorer = Some((strategy, seed, strategy.build(seed)));
            }
            let (_, _, explorer) = explorer.as_mut().expect("built above");
            let trial =
                journaled(journaled_job, |observer| explore_trial(base, explorer.as_mut(), n, &oracle, observer))?;
            Reply::Trial { trial, kinds: counts.kinds().into_iter().collect() }
        }
        Job::Partial { schedule, journal: journaled_job } => {
            let all: Vec<usize> = (0..base.requests.len()).collect();
            let mut replay = crosstalk_scenario::Replay::new(&schedule);
            let trial =
                journaled(journaled_job, |observer| run_trial_observed(base, &mut replay, all, &oracle, observer))?;
            Reply::Trial { trial: Some(trial), kinds: counts.kinds().into_iter().collect() }
        }
        Job::Replay { schedule, journal: journaled_job } => {
            let trial = journaled(journaled_job, |observer| {
                replay_trial(&session.scenario, base, &schedule, &oracle, observer)
            })?;
            Reply::Trial { trial: Some(trial), kinds: counts.kinds().into_iter().collect() }
        }
        Job::Report { schedule } => {
            let text = session
                .checked(None, Some(schedule))
                .map(|checked| {
                    let sources = |file: &str| session.source(file);
                    crosstalk_checker::report::text(&checked.findings, Some(&checked.verdict), &sources)
                })
                .map_err(|e| e.to_string());
            Reply::Report { text }
        }
    };
    Ok(send(&reply).is_ok())
}

/// Writes one reply line on stdout.
fn send(reply: &Reply) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, reply)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Runs `trial`; when `journal` is set, every decision (through the observer it is
/// given) and every trace event is sent the moment it is made, so that a crash of this
/// process leaves the campaign the run up to it.
fn journaled<T>(journal: bool, trial: impl FnOnce(Option<&mut dyn FnMut(&Decision)>) -> T) -> Result<T, CommandError> {
    if !journal {
        return Ok(trial(None));
    }
    let failed = std::rc::Rc::new(std::cell::Cell::new(false));
    let events_failed = failed.clone();
    let tap = tap_trace(Box::new(move |tapped| {
        let reply = match tapped {
            Tapped::Run => Reply::Run,
            Tapped::Event(event) => Reply::Event(event.clone()),
        };
        if send(&reply).is_err() {
            events_failed.set(true);
        }
    }));
    let mut tell = |d: &Decision| {
        if send(&Reply::Decision(d.clone())).is_err() {
            failed.set(true);
        }
    };
    let result = trial(Some(&mut tell));
    drop(tap);
    if failed.get() {
        return Err(CommandError::internal("worker: cannot write the journal to stdout"));
    }
    Ok(result)
}

/// Runs a campaign's trials on [`Workers`], counting each in `counts` and handing its
/// finding to `found` the moment it comes back.
pub struct OnWorkers<'a> {
    /// The pool the trials run on.
    pub workers: &'a Workers,
    /// Where every trial is counted, as [`Session::judge`] counts in-process runs.
    pub counts: &'a CampaignCounts,
    /// Told each failing schedule and its finding as it comes back (to save it
    /// provisionally).
    pub found: &'a (dyn Fn(&Schedule, &Finding) + Sync),
}

impl OnWorkers<'_> {
    fn count(&self, ran: Ran) -> Trial {
        use std::sync::atomic::Ordering;
        self.counts.runs.fetch_add(1, Ordering::Relaxed);
        self.counts.record(ran.kinds);
        if let Ok(Some(finding)) = &ran.trial.verdict {
            self.counts.failures.fetch_add(1, Ordering::Relaxed);
            (self.found)(&ran.trial.schedule, finding);
        }
        ran.trial
    }
}

impl Executor for OnWorkers<'_> {
    fn explore(&self, strategy: StrategyName, seed: u64, n: u64) -> Option<Trial> {
        self.workers.explore(strategy, seed, n).map(|ran| self.count(ran))
    }

    fn run_partial(&self, schedule: &Schedule) -> Trial {
        self.count(self.workers.run_partial(schedule))
    }

    fn replay(&self, schedule: &Schedule) -> Trial {
        self.count(self.workers.replay(schedule))
    }
}
