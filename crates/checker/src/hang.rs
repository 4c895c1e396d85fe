//! `hang`: a request failed with the profile's "never generate a response" error (R7),
//! or still waited when the simulation had no work left (R13 `no-response`).
//!
//! Explains why: the `await` it was stuck at, and — from the foreign reactions that
//! `cross_await` classified — which other request's task settled that promise later.
//! Without such evidence it lists what could have settled it (other requests' pending
//! or dropped work in the same isolate) as hints, never as facts.

use crosstalk_runtime::{EventKind, OutcomeKind, Owner};

use crate::config::CheckConfig;
use crate::cross_await::ForeignReaction;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX_OWN: &str = "Make sure every promise a request awaits is settled by that request's own timers or I/O \
(or is already settled). If the request waits for another request's work, cache the settled value instead of \
the pending promise, or create the promise per request.";

pub(crate) fn check(index: &TraceIndex, reactions: &[ForeignReaction], config: &CheckConfig) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, event) in index.trace.iter().enumerate() {
        let (awaiting_at, awaited, what) = match &event.kind {
            EventKind::Hang { message, awaiting_at, awaited } => {
                (awaiting_at.clone(), awaited.clone(), format!("failed with '{message}'"))
            }
            EventKind::NoResponse { reason, awaiting_at, awaited } => (
                awaiting_at.clone(),
                awaited.clone(),
                format!(
                    "never got a response: it {reason}, and nothing was left that could settle it (outcome no-response)"
                ),
            ),
            EventKind::RequestEnd { outcome: OutcomeKind::NoResponse } => (
                None,
                None,
                "was still waiting when the simulation had no work left (the runtime would cancel it)".to_string(),
            ),
            _ => continue,
        };
        let waiter = event.owner;
        // "awaited at worker.js:9:3 a promise created by r1 at worker.js:5:15"
        let site = match (&awaiting_at, &awaited) {
            (Some(l), Some(a)) => format!(" at {l} on {a}"),
            (Some(l), None) => format!(" at {l}"),
            (None, Some(a)) => format!(" on {a}"),
            (None, None) => String::new(),
        };
        let explained = reactions.iter().find(|r| {
            r.waiter == waiter && r.awaited && (r.hang.as_ref().map(|h| h.0) == Some(i) || awaiting_at.is_none())
        });
        let mut keys = vec![i];
        let (message, related, fix) = match explained {
            Some(r) => {
                let cause =
                    r.cause.as_ref().map(|(_, c)| c.describe()).unwrap_or_else(|| format!("{}'s work", r.settler));
                keys.push(r.index);
                (
                    format!(
                        "{waiter} {what} at {} ms. It was waiting{site} and owned no pending work (no timer, subrequest \
                         or waitUntil): what it awaited was settled only by {cause}, and another request's pending work \
                         never keeps a request alive (R7). See cross-request-await.",
                        event.t_ms
                    ),
                    vec![r.settler],
                    crate::cross_await::FIX,
                )
            }
            None => {
                let hints = hints(index, waiter, i);
                let related: Vec<Owner> = hints.iter().map(|h| h.0).collect();
                let hint_text = if hints.is_empty() {
                    " No other request of its isolate had work that could settle it either: the promise can never \
                     settle (e.g. its `resolve` was parked in module state and never called)."
                        .to_string()
                } else {
                    let parts: Vec<String> = hints.iter().map(|h| h.1.clone()).collect();
                    format!(" Work of other requests that might have settled it: {}.", parts.join("; "))
                };
                (
                    format!(
                        "{waiter} {what} at {} ms. It was waiting{site} and owned no pending work (no timer, \
                         subrequest or waitUntil).{hint_text}",
                        event.t_ms
                    ),
                    related,
                    FIX_OWN,
                )
            }
        };
        let v = Violation::new(config, Kind::Hang, waiter, event.t_ms, message, fix).related(related).at(awaiting_at);
        out.push(v.timeline(index.trace, &keys));
    }
    out
}

/// Other requests of the waiter's isolate with timers or subrequests pending or dropped
/// by the time of the hang: (request, description).
fn hints(index: &TraceIndex, waiter: Owner, hang_at: usize) -> Vec<(Owner, String)> {
    let mates = index.isolate_mates_before(waiter, hang_at);
    let mut out = Vec::new();
    for mate in mates {
        let mut items = Vec::new();
        for event in index.trace.iter().filter(|e| e.owner == mate) {
            match &event.kind {
                EventKind::TimerDropped { timer, at, .. } => {
                    let at = at.as_ref().map(|l| format!(" set at {l}")).unwrap_or_default();
                    items.push(format!("timer #{timer}{at} (dropped at {} ms)", event.t_ms));
                }
                EventKind::TimerFired { timer } if event_after(index, event, hang_at) => {
                    items.push(format!("timer #{timer} (fired at {} ms)", event.t_ms));
                }
                _ => {}
            }
        }
        items.dedup();
        if !items.is_empty() {
            out.push((mate, format!("{mate}'s {}", list(&items))));
        }
    }
    out
}

fn event_after(index: &TraceIndex, event: &crosstalk_runtime::Event, at: usize) -> bool {
    index.trace.get(at).is_some_and(|h| event.t_ms >= h.t_ms)
}

fn list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(3).cloned().collect();
    let more = items.len().saturating_sub(3);
    if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
}
