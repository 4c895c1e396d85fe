//! `dropped-work`: timers and subrequests a request started that never ran or finished
//! because its true ResponseTime (or the end of its waitUntil work) came first (R6).
//!
//! One violation per request, listing every dropped item with the call site and what
//! was lost. Drops caused by a hang or the CPU limit are consequences of those kinds and
//! are not reported again here.

use crosstalk_runtime::{CancelReason, DropReason, EventKind, Location, Owner};
use std::collections::BTreeMap;

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX: &str = "Wrap work that must finish after the response in `event.waitUntil(promise)` (module syntax: \
`ctx.waitUntil(promise)`), e.g. `event.waitUntil(fetch(logUrl, { method: 'PUT', body }))` or \
`event.waitUntil(new Promise(r => setTimeout(r, ms)).then(work))`; the runtime then keeps the request alive \
until the promise settles (at most 30 s).";
const FIX_PASS_THROUGH: &str = "Call `event.respondWith(promise)` synchronously in the fetch listener (pass the \
promise of your async handler, e.g. `event.respondWith(handle(event))`), so the request waits for it instead \
of passing through to the origin; put remaining background work in `event.waitUntil(...)`.";
const FIX_TIMEOUT: &str = "Finish waitUntil work within the grace period (30 s after the response), or move \
long work out of the request (a queue, a cron trigger).";

struct Dropped {
    index: usize,
    text: String,
    location: Option<Location>,
    reason: &'static str,
}

pub(crate) fn check(index: &TraceIndex, config: &CheckConfig) -> Vec<Violation> {
    let mut per_request: BTreeMap<Owner, Vec<Dropped>> = BTreeMap::new();
    for (i, event) in index.trace.iter().enumerate() {
        let dropped = match &event.kind {
            // A timer the runtime set for itself (AbortSignal.timeout) carries no user work.
            EventKind::TimerDropped { internal: true, .. } => continue,
            EventKind::TimerDropped { timer, due_ms, reason, at, .. } => {
                let reason = match reason {
                    DropReason::ResponseTime => "response",
                    DropReason::WaitUntilSettled => "wait-until-settled",
                    DropReason::WaitUntilTimeout => "wait-until-timeout",
                    DropReason::Hang | DropReason::CpuLimit | DropReason::MemoryLimit | DropReason::RequestEnded => {
                        continue;
                    }
                };
                let site = at.as_ref().map(|l| format!("setTimeout at {l}, ")).unwrap_or_default();
                Dropped {
                    index: i,
                    text: format!(
                        "timer #{timer} ({site}due at {due_ms} ms) never ran: anything its callback would print, fetch or store is lost"
                    ),
                    location: at.clone(),
                    reason,
                }
            }
            EventKind::SubrequestCancelled { n, reason, url } => {
                let reason = match reason {
                    CancelReason::ResponseTime => "response",
                    CancelReason::RequestEnded => "wait-until-timeout",
                    CancelReason::Deadlock | CancelReason::Aborted => continue,
                };
                if let Some(op) = index.binding_op(event.owner, *n) {
                    let site = op.at.map(|l| format!(" (at {l})")).unwrap_or_default();
                    per_request.entry(event.owner).or_default().push(Dropped {
                        index: i,
                        text: format!("{} #{n}{site} {}", op.call, op.effect),
                        location: op.at.cloned(),
                        reason,
                    });
                    continue;
                }
                let call = index.trace[..i].iter().find_map(|e| match &e.kind {
                    EventKind::ServiceCall { n: m, binding, call, callee, at, .. }
                        if e.owner == event.owner && m == n =>
                    {
                        Some((binding, call, callee, at))
                    }
                    _ => None,
                });
                if let Some((binding, call, callee, at)) = call {
                    let site = at.as_ref().map(|l| format!(" (at {l})")).unwrap_or_default();
                    per_request.entry(event.owner).or_default().push(Dropped {
                        index: i,
                        text: format!(
                            "service call #{n} {binding}.{call}{site} was cancelled before its answer, and {callee}'s work in the called worker with it"
                        ),
                        location: at.clone(),
                        reason,
                    });
                    continue;
                }
                let fetched = index.fetch(event.owner, *n);
                let method = fetched.map(|f| f.1).unwrap_or("GET");
                let started = index.trace[..i].iter().any(|e| {
                    e.owner == event.owner && matches!(e.kind, EventKind::SubrequestStarted { n: m } if m == *n)
                });
                let what = if started { "was cut off before its response was read" } else { "was never sent" };
                let site = fetched.and_then(|f| f.3).map(|l| format!(" (fetch at {l})")).unwrap_or_default();
                Dropped {
                    index: i,
                    text: format!("subrequest #{n} {method} {url}{site} {what}"),
                    location: fetched.and_then(|f| f.3.cloned()),
                    reason,
                }
            }
            _ => continue,
        };
        per_request.entry(event.owner).or_default().push(dropped);
    }
    let mut out = Vec::new();
    for (owner, items) in per_request {
        let Some(first) = items.first() else { continue };
        let t_ms = index.trace.get(first.index).map(|e| e.t_ms).unwrap_or(0);
        let passed_through =
            index.trace.iter().any(|e| e.owner == owner && matches!(e.kind, EventKind::PassThrough { .. }));
        let (when, fix) = match first.reason {
            "wait-until-settled" => (
                format!(
                    "{owner}'s waitUntil promises all settled at {t_ms} ms and the request ended; work not covered by waitUntil was dropped"
                ),
                FIX,
            ),
            "wait-until-timeout" => (format!("{owner}'s waitUntil grace period ran out at {t_ms} ms"), FIX_TIMEOUT),
            _ if passed_through => (
                format!(
                    "{owner} passed through to the origin at {t_ms} ms (no respondWith() during dispatch), which is its true ResponseTime"
                ),
                FIX_PASS_THROUGH,
            ),
            _ => (
                format!(
                    "{owner}'s response settled at {t_ms} ms (its true ResponseTime) and no waitUntil held it open"
                ),
                FIX,
            ),
        };
        let shown: Vec<&str> = items.iter().take(6).map(|d| d.text.as_str()).collect();
        let more = items.len().saturating_sub(shown.len());
        let more = if more > 0 { format!("; and {more} more") } else { String::new() };
        let message = format!("{when}: {}{more}.", shown.join("; "));
        let keys: Vec<usize> = items.iter().map(|d| d.index).collect();
        let mut v = Violation::new(config, Kind::DroppedWork, owner, t_ms, message, fix).at(first.location.clone());
        for item in items.iter().skip(1).take(2) {
            v = v.see_also("also dropped".to_string(), item.location.as_ref());
        }
        out.push(v.timeline(index.trace, &keys));
    }
    out
}
