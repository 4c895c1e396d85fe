//! The supervisor: the last line of defence against hostile worker code.
//!
//! `run`, `replay`, `trace` and `check` do their work in a child process (this same
//! binary, marked by [`SUPERVISED_ENV`]) under an address-space limit, while the parent
//! waits with a wall-clock timeout. Whatever the worker does to the engine — an
//! allocation the machine cannot give (`"x".repeat(2**31)`), native recursion that
//! overflows the stack (`JSON.stringify` of deeply nested data), a builtin that never
//! returns (a catastrophic regex) — the user gets a verdict, `crash`, with exit 1: never
//! an abort, a hang or an out-of-memory machine. A child that finishes normally is
//! invisible: its stdout is the user's, its stderr is forwarded line by line, its exit
//! code is returned.
//!
//! The wall clock is read here, outside the simulation: it decides only whether a
//! verdict arrives, never what a schedule does.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use crosstalk_harness::crash::{
    Crash, EVENT_MARKER, LAST_EVENTS, Limits, TAIL_LINES, internal_exit_is_crash, keep_last, running_request,
};

use crate::cli::{Cli, Command, ReportFormat};

/// Set in the child's environment: the child runs the command itself.
pub const SUPERVISED_ENV: &str = "CROSSTALK_SUPERVISED";
/// Default wall-clock limits: of `run`, `replay` and `trace` between two steps of a
/// simulation (trace events), and of an exploration of every scenario named (`check`).
pub(crate) const DEFAULT_TIMEOUT_MS: u64 = 2 * 60 * 1000;
const DEFAULT_CHECK_TIMEOUT_MS: u64 = 30 * 60 * 1000;
const DEFAULT_MEMORY_MIB: u64 = 8192;

/// What the supervisor needs to know of a command line.
struct Plan {
    what: String,
    json: bool,
    limits: Limits,
}

/// Runs the command line `args` (program name first), supervised when the command is one
/// the supervisor guards and this process is not already the supervised child.
pub fn main_supervised(args: Vec<OsString>) -> i32 {
    if std::env::var_os(SUPERVISED_ENV).is_some() {
        return crate::main_with(args);
    }
    let Some(plan) = plan(&args) else { return crate::main_with(args) };
    match supervise(&args, &plan) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("internal error: cannot supervise the command: {error}");
            crate::Exit::Internal.code()
        }
    }
}

fn plan(args: &[OsString]) -> Option<Plan> {
    let cli = Cli::try_parse_from(args).ok()?;
    let name = |path: &Path| path.display().to_string();
    let default_timeout =
        if matches!(cli.command, Command::Check(_)) { DEFAULT_CHECK_TIMEOUT_MS } else { DEFAULT_TIMEOUT_MS };
    let (what, json) = match &cli.command {
        Command::Run(a) => (name(&a.scenario), a.format == ReportFormat::Json),
        Command::Replay(a) => (name(&a.file), a.format == ReportFormat::Json),
        Command::Trace(a) => (name(&a.scenario), false),
        Command::Check(a) => {
            (a.scenarios.iter().map(|p| name(p)).collect::<Vec<_>>().join(" "), a.format == ReportFormat::Json)
        }
        // A campaign runs its schedules in worker processes of its own (`workers`);
        // conform runs workerd, which it supervises itself.
        Command::Fuzz(_) | Command::Conform(_) => return None,
    };
    Some(Plan { what, json, limits: limits(&cli, default_timeout) })
}

/// The limits `--timeout` and `--memory-limit` set, with `default_timeout_ms` when the
/// first is not given.
pub(crate) fn limits(cli: &Cli, default_timeout_ms: u64) -> Limits {
    Limits {
        timeout: Duration::from_millis(cli.timeout.unwrap_or(default_timeout_ms)),
        memory_bytes: cli.memory_limit.unwrap_or(DEFAULT_MEMORY_MIB) * 1024 * 1024,
    }
}

fn supervise(args: &[OsString], plan: &Plan) -> std::io::Result<i32> {
    let exe = std::env::current_exe()?;
    let mut command = Process::new(exe);
    command
        .args(&args[1..])
        .env(SUPERVISED_ENV, "1")
        // The cause of a crash is one line of std's; a backtrace would bury it.
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped());
    crosstalk_harness::workers::limit_memory(&mut command, plan.limits.memory_bytes);
    let mut child = command.spawn()?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let tail = Arc::new(Mutex::new(VecDeque::<String>::new()));
    let events = Arc::new(Mutex::new(VecDeque::<(String, String)>::new()));
    // When the timeout's clock started: at the child's start, and again at each trace
    // event and as each run begins (`run`, `replay` and `trace` report them), so that
    // `--timeout` bounds work that makes no progress — a builtin that never returns, code
    // that never yields —, not how long the checks take: its reference runs boot the
    // worker once per request, which for a project of many libraries is seconds each.
    let started = Arc::new(Mutex::new(Instant::now()));
    let forward = {
        let tail = tail.clone();
        let events = events.clone();
        let started = started.clone();
        std::thread::spawn(move || {
            let mut ours = std::io::stderr();
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(event) = line.strip_prefix(EVENT_MARKER) {
                    let mut events = events.lock().unwrap_or_else(|e| e.into_inner());
                    // A run begins (the checker's reference runs follow the run itself):
                    // only the events of the run that died tell what it did.
                    let Some((owner, text)) = event.split_once('\t') else {
                        events.clear();
                        *started.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
                        continue;
                    };
                    *started.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
                    keep_last(&mut events, (owner.to_string(), text.to_string()), LAST_EVENTS);
                    continue;
                }
                // Forwarding fails only when our own stderr is gone; keep reading regardless.
                drop(writeln!(ours, "{line}"));
                keep_last(&mut tail.lock().unwrap_or_else(|e| e.into_inner()), line, TAIL_LINES);
            }
        })
    };
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait()? {
            break (status, false);
        }
        if started.lock().unwrap_or_else(|e| e.into_inner()).elapsed() >= plan.limits.timeout {
            // Kill and reap: no child outlives its supervisor.
            drop(child.kill());
            break (child.wait()?, true);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    drop(forward.join());
    let tail: Vec<String> = tail.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect();
    if !timed_out
        && let Some(code) = status.code()
        && !(code == crate::Exit::Internal.code() && internal_exit_is_crash(&tail))
    {
        return Ok(code);
    }
    let crash = Crash::classify(Some(status), timed_out, &tail);
    let events: Vec<(String, String)> = events.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect();
    let last = Last {
        request: running_request(events.last().and_then(|(owner, _)| crosstalk_runtime::parse_owner(owner))),
        events: events.into_iter().map(|(_, text)| text).collect(),
    };
    let mut out = std::io::stdout();
    let written =
        if plan.json { crash.write_json(&mut out, plan, &last) } else { crash.write_text(&mut out, plan, &last) };
    if written.and_then(|()| out.flush()).is_err() {
        eprintln!("error: cannot write the results to stdout");
        return Ok(crate::Exit::Internal.code());
    }
    Ok(crate::Exit::Differs.code())
}

/// What the child's run did last before it died: the request whose code was running,
/// if known, and the last trace events.
struct Last {
    request: Option<String>,
    events: Vec<String>,
}

/// The crash report, as text or as the JSON report's shape.
trait Report {
    fn write_text(&self, out: &mut impl Write, plan: &Plan, last: &Last) -> std::io::Result<()>;
    fn write_json(&self, out: &mut impl Write, plan: &Plan, last: &Last) -> std::io::Result<()>;
}

impl Report for Crash {
    fn write_text(&self, out: &mut impl Write, plan: &Plan, last: &Last) -> std::io::Result<()> {
        writeln!(out, "error[crash]: {}", plan.what)?;
        let running = last.request.as_ref().map(|r| format!(" while {r}'s code ran")).unwrap_or_default();
        writeln!(out, "  the run stopped without a verdict{running}: {}.", self.message(&plan.limits))?;
        if let Some(detail) = &self.detail {
            writeln!(out, "  the process said: {detail}")?;
        }
        if !last.events.is_empty() {
            writeln!(out, "  last events:")?;
            for event in &last.events {
                writeln!(out, "  {event}")?;
            }
        }
        writeln!(out, "  fix: {}", self.fix())?;
        writeln!(out)?;
        writeln!(out, "verdict: differs-from-expect; unexpected: crash")
    }

    fn write_json(&self, out: &mut impl Write, plan: &Plan, last: &Last) -> std::io::Result<()> {
        // Keys in the order of the JSON report (INTERFACES.md): scenario first, verdict last.
        #[derive(serde::Serialize)]
        struct Violation {
            kind: &'static str,
            request: Option<String>,
            message: String,
            related: [String; 0],
            location: Option<String>,
        }
        #[derive(serde::Serialize)]
        struct CrashJson<'a> {
            cause: &'static str,
            signal: Option<i32>,
            detail: Option<&'a str>,
            fix: &'static str,
            last_events: &'a [String],
        }
        #[derive(serde::Serialize)]
        struct Report<'a> {
            scenario: &'a str,
            violations: [Violation; 1],
            crash: CrashJson<'a>,
            verdict: &'static str,
        }
        let report = Report {
            scenario: &plan.what,
            violations: [Violation {
                kind: "crash",
                request: last.request.clone(),
                message: self.message(&plan.limits),
                related: [],
                location: None,
            }],
            crash: CrashJson {
                cause: self.kind(),
                signal: self.signal(),
                detail: self.detail.as_deref(),
                fix: self.fix(),
                last_events: &last.events,
            },
            verdict: "differs-from-expect",
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }
}
