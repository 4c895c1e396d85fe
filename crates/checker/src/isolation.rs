//! `state-leak`, the isolation oracle: a request's outcome must equal its outcome when
//! it runs alone in a fresh isolate (the Sentry-breadcrumbs story: module state carried
//! one request's data into another's).
//!
//! Outcome parts the scenario declares as shared on purpose (`shared_state`) and parts
//! that differ between two fresh reference runs (nondeterminism) are not compared.
//! Requests alone in their isolate cannot leak and are skipped.

use std::collections::BTreeSet;

use crosstalk_runtime::{EventKind, Model, Owner, Run};

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::observe::{compare, observe};
use crate::reference::{ReferenceCache, ReferenceError};
use crate::serializability::note_masks;
use crate::trace_index::TraceIndex;
use crate::violation::{Violation, list_owners};

const FIX: &str = "Keep per-request data inside the handler (local variables, objects created per request) \
instead of module scope: isolates are reused across requests. If the state is shared on purpose (a cache of \
settled values, a counter), declare the outcome parts it may influence in the scenario's shared state.";

pub(crate) fn check(
    model: &Model,
    run: &Run,
    index: &TraceIndex,
    config: &CheckConfig,
    cache: &mut ReferenceCache,
    excluded: &BTreeSet<usize>,
    notes: &mut Vec<String>,
) -> Vec<Violation> {
    let (fresh, masks) = match cache.fresh(model) {
        Ok(f) => f,
        Err(ReferenceError::Budget) => {
            notes.push("state-leak: not checked: the reference-run budget (reference_runs_max) ran out".into());
            return Vec::new();
        }
        Err(ReferenceError::Model(m)) => {
            notes.push(format!("state-leak: not checked: a fresh-isolate reference run failed: {m}"));
            return Vec::new();
        }
    };
    note_masks(&masks, run, "a fresh isolate", notes);
    let mut out = Vec::new();
    for request in run.incoming() {
        if excluded.contains(&request.index) {
            continue;
        }
        let mates: Vec<Owner> =
            run.incoming().filter(|r| r.isolate == request.isolate && r.id != request.id).map(|r| r.id).collect();
        if mates.is_empty() {
            continue;
        }
        let (Some(here), Some(alone)) = (observe(run, request.index), fresh.get(&request.index)) else { continue };
        let shared = |field: &str| config.is_shared(field);
        let Some(difference) = compare(&here, alone, masks.get(&request.index), &shared) else { continue };
        let answered = index.answered_at(request.id).unwrap_or(index.trace.len());
        // R18: after an injected eviction the difference is `state-lost`'s (the
        // serializability check reports it), not module state left behind.
        let reset = |e: &&crosstalk_runtime::Event| {
            matches!(
                e.kind,
                crosstalk_runtime::EventKind::DoReset { .. } | crosstalk_runtime::EventKind::DoDeploy { .. }
            )
        };
        if index.trace[..answered].iter().any(|e| reset(&e)) {
            continue;
        }
        let before = index.isolate_mates_before(request.id, answered);
        let message = format!(
            "{}'s {}: its outcome depends on module state that {} (same isolate, earlier or overlapping) left \
             behind.",
            request.id,
            difference.describe("when it runs alone in a fresh isolate"),
            if before.is_empty() { "other requests".to_string() } else { list_owners(&before) }
        );
        let keys: Vec<usize> = index
            .trace
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                (e.owner == request.id || before.contains(&e.owner))
                    && matches!(e.kind, EventKind::Dispatch | EventKind::Response { .. })
            })
            .map(|(i, _)| i)
            .collect();
        let t_ms = request.responded_ms.unwrap_or(run.end_ms);
        out.push(
            Violation::new(config, Kind::StateLeak, request.id, t_ms, message, FIX)
                .related(before)
                .timeline(index.trace, &keys),
        );
    }
    out
}
