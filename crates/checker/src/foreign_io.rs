//! `foreign-io`: an I/O object (a response body, a stream, a FetchEvent) used from a
//! request that does not own it (R8), from the runtime's `foreign-io` events.

use crosstalk_runtime::EventKind;

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX: &str = "Share parsed values across requests, not I/O objects: store `await res.json()` (or \
`await res.text()`) in module state, never the Response, its body stream or a FetchEvent.";

pub(crate) fn check(index: &TraceIndex, config: &CheckConfig) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, event) in index.trace.iter().enumerate() {
        let EventKind::ForeignIo { object, object_owner, at } = &event.kind else { continue };
        let owner = event.owner;
        let site = at.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
        let message = format!(
            "Code running for {owner} used a {object} that belongs to {object_owner}{site} at {} ms: it threw \
             'Error: Cannot perform I/O on behalf of a different request.' (R8).",
            event.t_ms
        );
        let v = Violation::new(config, Kind::ForeignIo, owner, event.t_ms, message, FIX)
            .related(vec![*object_owner])
            .at(at.clone());
        out.push(v.timeline(index.trace, &[i]));
    }
    out
}
