//! `partial-init`: a call delivered to a Durable Object while I/O its constructor started
//! outside `blockConcurrencyWhile` was still in flight (R15: only storage reads and
//! `blockConcurrencyWhile` hold the input gate, so the call ran on an object whose
//! initialisation had not finished), from the runtime's `do-early-delivery` events.

use crosstalk_runtime::EventKind;

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX: &str = "Wrap the constructor's asynchronous initialisation in `ctx.blockConcurrencyWhile(async () => { … })`: \
no call is delivered to the object until the callback settles. Work started in the constructor with a plain \
`fetch(…).then(…)` is still in flight when the first calls run.";

pub(crate) fn check(index: &TraceIndex, config: &CheckConfig) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, event) in index.trace.iter().enumerate() {
        let EventKind::DoEarlyDelivery { object, constructed_by, pending } = &event.kind else { continue };
        let first = pending.first().and_then(|&n| index.fetch(*constructed_by, n));
        let started = first.map(|(_, method, url, _)| format!(" ({method} {url})")).unwrap_or_default();
        let location = first.and_then(|(_, _, _, at)| at.cloned());
        let message = format!(
            "{} was delivered to {object} at {} ms while the fetch its constructor started for {constructed_by}{started} \
             was still in flight: the handler ran on an object whose initialisation had not finished.",
            event.owner, event.t_ms
        );
        let mut keys = vec![i];
        if let Some((fetch_index, ..)) = first {
            keys.insert(0, fetch_index);
        }
        let v = Violation::new(config, Kind::PartialInit, event.owner, event.t_ms, message, FIX)
            .related(vec![*constructed_by])
            .at(location);
        out.push(v.timeline(index.trace, &keys));
    }
    out
}
