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

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command as Process, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;

use crate::cli::{Cli, Command, ReportFormat};

/// Set in the child's environment: the child runs the command itself.
pub const SUPERVISED_ENV: &str = "CROSSTALK_SUPERVISED";
/// Default wall-clock limits: one schedule and its checks (`run`, `replay`, `trace`), and
/// an exploration of every scenario named (`check`).
const DEFAULT_TIMEOUT_MS: u64 = 2 * 60 * 1000;
const DEFAULT_CHECK_TIMEOUT_MS: u64 = 30 * 60 * 1000;
const DEFAULT_MEMORY_MIB: u64 = 8192;
/// Lines of the child's stderr kept to tell why it died.
const TAIL_LINES: usize = 40;

/// What the supervisor needs to know of a command line.
struct Plan {
    what: String,
    json: bool,
    timeout: Duration,
    memory_bytes: u64,
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
        // A campaign's crash isolation belongs to its own worker processes (not built yet);
        // conform runs workerd, which it supervises itself.
        Command::Fuzz(_) | Command::Conform(_) => return None,
    };
    Some(Plan {
        what,
        json,
        timeout: Duration::from_millis(cli.timeout.unwrap_or(default_timeout)),
        memory_bytes: cli.memory_limit.unwrap_or(DEFAULT_MEMORY_MIB) * 1024 * 1024,
    })
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
    limit_memory(&mut command, plan.memory_bytes);
    let mut child = command.spawn()?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let tail = Arc::new(Mutex::new(Vec::<String>::new()));
    let forward = {
        let tail = tail.clone();
        std::thread::spawn(move || {
            let mut ours = std::io::stderr();
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                // Forwarding fails only when our own stderr is gone; keep reading regardless.
                drop(writeln!(ours, "{line}"));
                let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
                if tail.len() == TAIL_LINES {
                    tail.remove(0);
                }
                tail.push(line);
            }
        })
    };
    let started = Instant::now();
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait()? {
            break (status, false);
        }
        if started.elapsed() >= plan.timeout {
            // Kill and reap: no child outlives its supervisor.
            drop(child.kill());
            break (child.wait()?, true);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    drop(forward.join());
    let tail = tail.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if !timed_out && let Some(code) = status.code() {
        // An allocation refused under the limit can also surface as a panic (exit 3) of
        // code that asserts its allocations, such as a stack segment's mmap.
        let refused = tail.iter().any(|l| l.contains("Cannot allocate memory") || l.contains("memory allocation of"));
        // A panic inside the JS engine (a failed internal check of boa's, reached by the
        // worker's code) is the engine crashing on that code, not a crosstalk bug.
        let engine = engine_panic(&tail).is_some();
        if !(code == crate::Exit::Internal.code() && (refused || engine)) {
            return Ok(code);
        }
    }
    let crash = Crash::classify(status, timed_out, &tail);
    let mut out = std::io::stdout();
    let written = if plan.json { crash.write_json(&mut out, plan) } else { crash.write_text(&mut out, plan) };
    if written.and_then(|()| out.flush()).is_err() {
        eprintln!("error: cannot write the results to stdout");
        return Ok(crate::Exit::Internal.code());
    }
    Ok(crate::Exit::Differs.code())
}

/// Caps the child's address space, so that an allocation past the limit fails in the
/// child (which then aborts, a `crash`) instead of exhausting the machine; no core file.
fn limit_memory(command: &mut Process, bytes: u64) {
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

/// Why the supervised work ended without a verdict.
#[derive(Debug, PartialEq)]
enum Cause {
    Memory,
    Stack,
    Timeout,
    /// The JS engine (boa) panicked on an internal check while running the worker.
    Engine,
    Signal(i32),
}

/// The child's report of a panic inside the JS engine's own crates, if it made one.
fn engine_panic(tail: &[String]) -> Option<String> {
    tail.iter()
        .rev()
        .find(|l| {
            l.contains("panicked at") && ["/boa_engine-", "/boa_gc-", "/boa_parser-"].iter().any(|c| l.contains(c))
        })
        .cloned()
}

struct Crash {
    cause: Cause,
    /// The child's own last words about it (std's one-line message), if any.
    detail: Option<String>,
}

impl Crash {
    fn classify(status: ExitStatus, timed_out: bool, tail: &[String]) -> Crash {
        use std::os::unix::process::ExitStatusExt;
        let said = |needle: &str| tail.iter().rev().find(|l| l.contains(needle)).cloned();
        if timed_out {
            return Crash { cause: Cause::Timeout, detail: None };
        }
        if let Some(line) = said("memory allocation of").or_else(|| said("Cannot allocate memory")) {
            return Crash { cause: Cause::Memory, detail: Some(line) };
        }
        if let Some(line) = said("has overflowed its stack") {
            return Crash { cause: Cause::Stack, detail: Some(line) };
        }
        if let Some(line) = engine_panic(tail) {
            return Crash { cause: Cause::Engine, detail: Some(line) };
        }
        Crash { cause: Cause::Signal(status.signal().unwrap_or(0)), detail: said("fatal runtime error") }
    }

    fn kind(&self) -> &'static str {
        match self.cause {
            Cause::Memory => "memory",
            Cause::Stack => "stack-overflow",
            Cause::Timeout => "timeout",
            Cause::Engine => "engine",
            Cause::Signal(_) => "signal",
        }
    }

    fn message(&self, plan: &Plan) -> String {
        match self.cause {
            Cause::Memory => format!(
                "the worker asked for more memory than the {} MiB crosstalk allows ({}); Workers isolates have 128 MB",
                plan.memory_bytes / (1024 * 1024),
                self.detail.as_deref().unwrap_or("an allocation failed")
            ),
            Cause::Stack => "the worker's code recursed natively (deeply nested data through JSON.stringify, \
                 flat, toString, a Proxy or prototype chain) until the engine's stack overflowed"
                .to_string(),
            Cause::Timeout => format!(
                "the work did not finish within {} of wall-clock time (a builtin that never returns, \
                 such as a catastrophic regular expression, is not metered by the CPU budget)",
                human(plan.timeout)
            ),
            Cause::Engine => "the JS engine crosstalk embeds (boa 0.22) failed one of its own internal checks \
                 while running the worker's code, for instance on deep recursion inside an async generator"
                .to_string(),
            Cause::Signal(signal) => format!("the process stopped on signal {signal}"),
        }
    }

    fn fix(&self) -> &'static str {
        match self.cause {
            Cause::Memory => {
                "Bound what one request allocates: sizes from input, string doubling and huge arrays \
                              must be capped; workerd stops an isolate over 128 MB."
            }
            Cause::Stack => {
                "Bound the nesting of data you serialise or flatten, and of Proxy, bound-function and \
                             prototype chains; V8 throws 'RangeError: Maximum call stack size exceeded' there."
            }
            Cause::Timeout => {
                "Look for regular expressions with nested quantifiers (e.g. /^(a+)+$/) and for \
                               builtins over huge inputs; raise --timeout if the work is legitimately long."
            }
            Cause::Engine => {
                "The code that reached it would most likely throw in workerd (deep recursion is \
                 'RangeError: Maximum call stack size exceeded'); bound it, and report the scenario \
                 so that crosstalk can work around the engine."
            }
            Cause::Signal(_) => "This is likely a crosstalk bug: please report it with the scenario.",
        }
    }

    fn write_text(&self, out: &mut impl Write, plan: &Plan) -> std::io::Result<()> {
        writeln!(out, "error[crash]: {}", plan.what)?;
        writeln!(out, "  the run stopped without a verdict: {}.", self.message(plan))?;
        if let Some(detail) = &self.detail {
            writeln!(out, "  the process said: {detail}")?;
        }
        writeln!(out, "  fix: {}", self.fix())?;
        writeln!(out)?;
        writeln!(out, "verdict: differs-from-expect; unexpected: crash")
    }

    fn write_json(&self, out: &mut impl Write, plan: &Plan) -> std::io::Result<()> {
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
                request: None,
                message: self.message(plan),
                related: [],
                location: None,
            }],
            crash: CrashJson {
                cause: self.kind(),
                signal: match self.cause {
                    Cause::Signal(signal) => Some(signal),
                    _ => None,
                },
                detail: self.detail.as_deref(),
                fix: self.fix(),
            },
            verdict: "differs-from-expect",
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }
}

fn human(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms.is_multiple_of(60_000) {
        format!("{} min", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}
