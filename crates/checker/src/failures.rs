//! `uncaught-error`, `cpu-limit` and `memory-limit`: a request's code failed on its own (R10, R11); and
//! `run-limit`: the run was cut off by crosstalk's own limits, so it has no verdict of
//! its own to give.
//!
//! Reads `uncaught-error`, `unhandled-rejection`, `cpu-limit` and `memory-limit` events; the location is
//! the throwing line of the user's script, taken from the event or its JS stack.

use crosstalk_runtime::{EventKind, Location};

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX_ERROR: &str = "Catch the error where it can happen (try/catch around the awaited call, `.catch()` on \
promises you don't await) and answer with a deliberate error response; call `event.passThroughOnException()` \
if the origin should answer instead.";
const FIX_CPU: &str = "Bound the work of one task: avoid unbounded loops, deep or exponential recursion and \
microtask chains, split large work across requests or move it out of the request path.";

const FIX_MEMORY: &str = "Bound what the isolate holds: Workers isolates have 128 MB, shared by every request \
they serve. Stream large bodies instead of buffering them, cap caches kept in module state, and never grow \
a string or array with input-sized data.";

const FIX_RUN_LIMIT: &str = "Work that never ends (a setInterval never cleared, a timer that re-arms itself, \
a promise nothing will settle while a timer keeps the request alive) never lets a request finish. Clear \
intervals once the request is answered, and bound every retry or polling loop.";

const FIX_EVICTED: &str = "Keep what must survive an eviction where the runtime keeps it: in `ctx.storage`, \
or, for a hibernatable WebSocket, in its attachment (`ws.serializeAttachment()` / `deserializeAttachment()`) \
and its tags, and find the sockets with `ctx.getWebSockets()` instead of a Map in a field. A Durable Object is \
evicted whenever it is idle, and a hibernatable socket outlives it.";

/// If `owner` constructed a Durable Object again before trace position `i`, after the
/// schedule evicted it: the object's label and when it was evicted.
fn rebuilt_after_eviction(index: &TraceIndex, owner: crosstalk_runtime::Owner, i: usize) -> Option<(String, u64)> {
    let trace = index.trace;
    let construct = (0..i).rev().find_map(|j| match &trace[j].kind {
        EventKind::DoConstruct { object } if trace[j].owner == owner => Some((j, object)),
        _ => None,
    })?;
    let (at, object) = construct;
    (0..at).rev().find_map(|j| match &trace[j].kind {
        EventKind::DoReset { object: evicted } if evicted == object => Some((object.clone(), trace[j].t_ms)),
        _ => None,
    })
}

pub(crate) fn check(index: &TraceIndex, config: &CheckConfig) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, event) in index.trace.iter().enumerate() {
        let owner = event.owner;
        let v = match &event.kind {
            EventKind::UncaughtError { message, stack, at } | EventKind::UnhandledRejection { message, stack, at } => {
                let rejection = matches!(event.kind, EventKind::UnhandledRejection { .. });
                let location = at.clone().or_else(|| stack.as_deref().and_then(Location::from_stack));
                let site = location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
                let what = if rejection { "A promise rejection nobody handled" } else { "An exception escaped" };
                let message = format!("{what} in {owner}'s code{site} at {} ms: {message}", event.t_ms);
                match rebuilt_after_eviction(index, owner, i) {
                    // The call ran on an object the schedule had evicted: what its fields
                    // held before is the likely cause.
                    Some((object, evicted_ms)) => {
                        let message = format!(
                            "{}. {object} had been evicted at {evicted_ms} ms ([faults]) and {owner} ran on a new instance, constructed again: what the old one kept only in memory (fields, maps of sockets or sessions) was gone.",
                            message.trim_end_matches('.')
                        );
                        Violation::new(config, Kind::UncaughtError, owner, event.t_ms, message, FIX_EVICTED)
                            .at(location)
                    }
                    None => {
                        Violation::new(config, Kind::UncaughtError, owner, event.t_ms, message, FIX_ERROR).at(location)
                    }
                }
            }
            EventKind::CpuLimit { message } => {
                let running = index.running_task(owner, i).map(|(_, c)| c);
                let during = running.as_ref().map(|c| format!(" during {}", c.describe())).unwrap_or_default();
                let message =
                    format!("{owner} exceeded its CPU budget{during} at {} ms: '{message}' (R11).", event.t_ms);
                Violation::new(config, Kind::CpuLimit, owner, event.t_ms, message, FIX_CPU)
                    .at(running.as_ref().and_then(|c| c.location().cloned()))
            }
            EventKind::MemoryLimit { message } => {
                let running = index.running_task(owner, i).map(|(_, c)| c);
                let during = running.as_ref().map(|c| format!(" during {}", c.describe())).unwrap_or_default();
                let message = format!(
                    "{owner}'s code took the isolate past its memory limit{during} at {} ms: '{message}' (R11).",
                    event.t_ms
                );
                Violation::new(config, Kind::MemoryLimit, owner, event.t_ms, message, FIX_MEMORY)
                    .at(running.as_ref().and_then(|c| c.location().cloned()))
            }
            EventKind::RunLimit { message } => {
                // The requests it cut off end right after it.
                let mut cut: Vec<_> = index.trace[i..]
                    .iter()
                    .filter(|e| matches!(e.kind, EventKind::RequestEnd { .. }) && e.owner.is_request())
                    .map(|e| e.owner)
                    .collect();
                cut.sort();
                cut.dedup();
                let Some(&first) = cut.first() else { continue };
                let names: Vec<String> = cut.iter().map(ToString::to_string).collect();
                let message = format!(
                    "The run was cut off at {} ms with {} still waiting: {message}. Their outcome is unknown.",
                    event.t_ms,
                    names.join(", ")
                );
                Violation::new(config, Kind::RunLimit, first, event.t_ms, message, FIX_RUN_LIMIT).related(cut)
            }
            _ => continue,
        };
        out.push(v.timeline(index.trace, &[i]));
    }
    out
}
