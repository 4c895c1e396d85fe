//! `respond-with-misuse`: `respondWith` called after dispatch, twice, or on another
//! request's event (R5, R8), from the runtime's `respond-with-misuse` events.

use crosstalk_runtime::{EventKind, Misuse};

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX_LATE: &str = "Call `event.respondWith()` synchronously in the listener, passing a promise: \
`event.respondWith(handle(event))` with an async `handle` that awaits whatever it needs.";
const FIX_TWICE: &str = "Call `respondWith` exactly once per event; decide the response inside the promise you \
pass to it.";
const FIX_FOREIGN: &str = "Never keep a FetchEvent in module state: each request answers its own event.";

pub(crate) fn check(index: &TraceIndex, config: &CheckConfig) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, event) in index.trace.iter().enumerate() {
        let EventKind::RespondWithMisuse { misuse, target, at } = &event.kind else { continue };
        let owner = event.owner;
        let site = at.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
        let (message, fix) = match misuse {
            Misuse::Late => {
                let outcome = index
                    .trace
                    .iter()
                    .find(|e| {
                        e.owner == *target
                            && matches!(e.kind, EventKind::PassThrough { .. } | EventKind::Response { .. })
                    })
                    .map(|e| match e.kind {
                        EventKind::PassThrough { .. } => {
                            format!("it had already passed through to the origin at {} ms", e.t_ms)
                        }
                        _ => format!("the request had already been answered at {} ms", e.t_ms),
                    })
                    .unwrap_or_else(|| "the request had already been dispatched".into());
                (
                    format!(
                        "{owner} called respondWith(){site} at {} ms, after its fetch listener returned: workerd \
                             ignores it silently; {outcome}.",
                        event.t_ms
                    ),
                    FIX_LATE,
                )
            }
            Misuse::Twice => (
                format!(
                    "{owner} called respondWith(){site} a second time during dispatch: it threw InvalidStateError \
                         and the first response stands."
                ),
                FIX_TWICE,
            ),
            Misuse::Foreign => (
                format!(
                    "Code running for {owner} called respondWith(){site} on {target}'s FetchEvent: it threw \
                         'InvalidStateError: Too late to call FetchEvent.respondWith()' (R8)."
                ),
                FIX_FOREIGN,
            ),
        };
        let v = Violation::new(config, Kind::RespondWithMisuse, owner, event.t_ms, message, fix)
            .related(vec![*target])
            .at(at.clone());
        out.push(v.timeline(index.trace, &[i]));
    }
    out
}
