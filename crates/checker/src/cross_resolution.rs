//! `cross-request-resolution`: a reaction registered by one request ran because of
//! another request's work (R2), when the registering request was not waiting for it
//! (those are `cross-request-await`, reported once under that more specific kind).
//!
//! Reads the reactions `cross_await::foreign_reactions` classified.

use std::collections::BTreeSet;

use crate::config::CheckConfig;
use crate::cross_await::ForeignReaction;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX: &str = "Keep promise reactions inside the request that needs them: don't attach `then`/`await` to a \
promise another request will settle. Share settled values (a cache of results), not pending promises; under \
today's runtime such reactions are deferred into (or dropped with) the request that created the promise.";

pub(crate) fn check(index: &TraceIndex, reactions: &[ForeignReaction], config: &CheckConfig) -> Vec<Violation> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for r in reactions.iter().filter(|r| !r.awaited) {
        if !seen.insert((r.waiter, r.settler, r.at.clone())) {
            continue;
        }
        let site = r.at.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
        let cause = r.cause.as_ref().map(|(_, c)| c.describe()).unwrap_or_else(|| format!("{}'s work", r.settler));
        let message = format!(
            "A reaction {} registered{site} ran at {} ms, after {} had answered, because {cause} settled the promise. \
             It ran in {}'s context: its console output, timers and I/O count as {}'s (R2), and I/O on {}'s \
             objects from it fails.",
            r.waiter, r.t_ms, r.waiter, r.settler, r.settler, r.waiter
        );
        out.push(r.violation(index, config, Kind::CrossRequestResolution, message, FIX, &[]));
    }
    out
}
