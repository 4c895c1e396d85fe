//! What a child process's death means: the `crash` verdict of a supervised command
//! (`run`, `replay`, `trace`, `check`) and of a campaign's worker processes.
//!
//! A child dies of the worker's code when it asks for memory past its address-space
//! limit, overflows its stack in native recursion, outlives its wall-clock limit, or
//! makes the engine (boa) fail one of its own internal checks. [`Crash::classify`]
//! reads which from the exit status and the last lines the child wrote on stderr.

use std::process::ExitStatus;
use std::time::Duration;

/// The finding kind and violation kind of a crash (an extension of INTERFACES.md's kinds).
pub const CRASH: &str = "crash";

/// The limits a supervised child ran under, which a crash message names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time for the work (a whole command, or one schedule of a campaign).
    pub timeout: Duration,
    /// The child's address-space limit.
    pub memory_bytes: u64,
}

/// Why a child ended without a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// An allocation failed under the address-space limit.
    Memory,
    /// Native recursion overflowed the stack.
    Stack,
    /// The child outlived its wall-clock limit and was killed.
    Timeout,
    /// The JS engine (boa) panicked on an internal check while running the worker.
    Engine,
    /// The child stopped on this signal.
    Signal(i32),
    /// The child exited by itself without a verdict (its exit code, when known).
    Exited(Option<i32>),
}

/// A child's death, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crash {
    /// What killed the child.
    pub cause: Cause,
    /// The child's own last words about it (std's one-line message), if any.
    pub detail: Option<String>,
}

/// Whether a child that exited with crosstalk's internal-error code (3) died of the
/// worker's code after all: an allocation refused under the limit can surface as a
/// panic of code that asserts its allocations (a stack segment's mmap), and a panic
/// inside the JS engine's own crates is the engine crashing on that code.
pub fn internal_exit_is_crash(tail: &[String]) -> bool {
    let refused = tail.iter().any(|l| l.contains("Cannot allocate memory") || l.contains("memory allocation of"));
    refused || engine_panic(tail).is_some()
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

impl Crash {
    /// Classifies a child that ended with `status` (killed by its supervisor when
    /// `timed_out`), whose stderr ended with `tail`.
    pub fn classify(status: Option<ExitStatus>, timed_out: bool, tail: &[String]) -> Crash {
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
        let detail = said("fatal runtime error").or_else(|| said("panicked at"));
        match status.and_then(|s| s.signal()) {
            Some(signal) => Crash { cause: Cause::Signal(signal), detail },
            None => Crash { cause: Cause::Exited(status.and_then(|s| s.code())), detail },
        }
    }

    /// The cause as the JSON report names it.
    pub fn kind(&self) -> &'static str {
        match self.cause {
            Cause::Memory => "memory",
            Cause::Stack => "stack-overflow",
            Cause::Timeout => "timeout",
            Cause::Engine => "engine",
            Cause::Signal(_) => "signal",
            Cause::Exited(_) => "exited",
        }
    }

    /// What happened, for a Workers developer.
    pub fn message(&self, limits: &Limits) -> String {
        match self.cause {
            Cause::Memory => format!(
                "the worker asked for more memory than the {} MiB crosstalk allows ({}); Workers isolates have 128 MB",
                limits.memory_bytes / (1024 * 1024),
                self.detail.as_deref().unwrap_or("an allocation failed")
            ),
            Cause::Timeout => format!(
                "the work did not finish within {} of wall-clock time (a builtin that never returns, \
                 such as a catastrophic regular expression, is not metered by the CPU budget)",
                human(limits.timeout)
            ),
            _ => self.summary(),
        }
    }

    /// [`Crash::message`] without the numbers that change from run to run (the size of
    /// the allocation that failed): what makes two crashes the same finding.
    pub fn summary(&self) -> String {
        match self.cause {
            Cause::Memory => {
                "the worker asked for more memory than crosstalk allows (Workers isolates have 128 MB)".to_string()
            }
            Cause::Stack => "the worker's code recursed natively (native functions calling each other with no \
                 JS between them, such as a long chain of Function.prototype.call bound to the next link) \
                 until the engine's stack overflowed"
                .to_string(),
            Cause::Timeout => "the work did not finish within its wall-clock limit (a builtin that never returns, \
                 such as a catastrophic regular expression, is not metered by the CPU budget)"
                .to_string(),
            Cause::Engine => "the JS engine crosstalk embeds (boa 0.22) failed one of its own internal checks \
                 while running the worker's code, for instance on deep recursion inside an async generator"
                .to_string(),
            Cause::Signal(signal) => format!("the process stopped on signal {signal}"),
            Cause::Exited(Some(code)) => format!("the process exited with code {code} without a verdict"),
            Cause::Exited(None) => "the process ended without a verdict".to_string(),
        }
    }

    /// How to fix it.
    pub fn fix(&self) -> &'static str {
        match self.cause {
            Cause::Memory => {
                "Bound what one request allocates: sizes from input, string doubling and huge arrays \
                 must be capped; workerd stops an isolate over 128 MB."
            }
            Cause::Stack => {
                "Bound the length of chains of native calls (bound functions, Function.prototype.call \
                 and apply, Reflect); V8 throws 'RangeError: Maximum call stack size exceeded' for \
                 most of them, and crosstalk's engine overflows its stack before it can."
            }
            Cause::Timeout => {
                "Look for regular expressions with nested quantifiers (e.g. /^(a+)+$/) and for \
                 builtins over huge inputs; raise --timeout if the work is legitimately long."
            }
            Cause::Engine => {
                "The code that reached it would most likely be stopped in workerd (a loop past the \
                 CPU budget is 'Worker exceeded CPU time limit.'); bound it, and report the scenario \
                 so that crosstalk can work around the engine."
            }
            Cause::Signal(_) | Cause::Exited(_) => {
                "This is likely a crosstalk bug: please report it with the scenario."
            }
        }
    }

    /// The signal that stopped the child, if that is the cause.
    pub fn signal(&self) -> Option<i32> {
        match self.cause {
            Cause::Signal(signal) => Some(signal),
            _ => None,
        }
    }

    /// The crash as a campaign finding: kind `crash`, identified by its cause
    /// ([`crosstalk_scenario::Finding::signature`]; the message holds no request, time
    /// or size), with the details as its one violation: the request whose code was
    /// running, when known, and the last trace events before the crash.
    pub fn finding(
        &self,
        limits: &Limits,
        request: Option<&str>,
        last_events: &[String],
    ) -> crosstalk_scenario::Finding {
        crosstalk_scenario::Finding {
            kind: CRASH.to_string(),
            message: format!("{}: {}", self.kind(), self.summary()),
            violations: serde_json::json!([{
                "kind": CRASH,
                "request": request,
                "message": self.message(limits),
                "related": [],
                "location": null,
                "crash": {
                    "cause": self.kind(),
                    "signal": self.signal(),
                    "detail": self.detail,
                    "fix": self.fix(),
                    "last_events": last_events,
                },
            }]),
        }
    }
}

/// Trace events kept to tell what ran when a child died.
pub const LAST_EVENTS: usize = 12;

/// Lines of a child's stderr kept to tell why it died.
pub const TAIL_LINES: usize = 40;

/// Appends `item` to `ring`, dropping its oldest item first when it holds `capacity`:
/// what a child said or did last before it died.
pub fn keep_last<T>(ring: &mut std::collections::VecDeque<T>, item: T, capacity: usize) {
    debug_assert!(ring.len() <= capacity, "a ring never holds more than its capacity");
    if ring.len() == capacity {
        ring.pop_front();
    }
    ring.push_back(item);
}

/// Starts a line a supervised child writes on stderr for each trace event as it is
/// recorded (`{EVENT_MARKER}{owner}\t{line}`) and for each run that begins
/// (`{EVENT_MARKER}run`); the supervisor keeps the last run's last events for a crash
/// report and forwards none of these lines.
pub const EVENT_MARKER: &str = "\u{1e}crosstalk-event\t";

/// One trace event as a crash report lists it.
pub fn event_line(event: &crosstalk_runtime::Event) -> String {
    format!(
        "{:>10}ms  {:<8} {:<20} {}",
        event.t_ms,
        event.owner.to_string(),
        event.kind.name(),
        crosstalk_runtime::describe(&event.kind)
    )
}

/// The request whose code was running when a child died: the owner of the last event
/// recorded (a task's first event names whose code it runs), if that is a request.
pub fn running_request(last_owner: Option<crosstalk_runtime::Owner>) -> Option<String> {
    last_owner.filter(|o| o.is_request()).map(|o| o.to_string())
}

/// The cause of a `crash` finding made by [`Crash::finding`] (`None` for other findings).
pub fn cause_of(finding: &crosstalk_scenario::Finding) -> Option<&str> {
    (finding.kind == CRASH).then(|| finding.violations.get(0)?.get("crash")?.get("cause")?.as_str()).flatten()
}

/// `2 min`, `30 s` or `1500 ms`.
pub fn human(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms.is_multiple_of(60_000) {
        format!("{} min", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn a_child_that_exits_or_is_signalled_says_which() {
        // A wait status of 256 is exit code 1; 9 is SIGKILL (POSIX wait-status encoding).
        let exited = Crash::classify(Some(ExitStatus::from_raw(256)), false, &[]);
        assert_eq!(exited.cause, Cause::Exited(Some(1)));
        assert_eq!(exited.kind(), "exited");
        assert_eq!(exited.signal(), None);
        assert_eq!(exited.summary(), "the process exited with code 1 without a verdict");
        let killed = Crash::classify(Some(ExitStatus::from_raw(9)), false, &[]);
        assert_eq!(killed.cause, Cause::Signal(9));
        assert_eq!(killed.signal(), Some(9));
        assert_eq!(Crash::classify(None, false, &[]).cause, Cause::Exited(None));
    }
}
