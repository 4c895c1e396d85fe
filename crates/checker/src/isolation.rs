//! `state-leak`, the isolation oracle: a request's outcome must equal its outcome when
//! it runs alone in a fresh isolate (the Sentry-breadcrumbs story: module state carried
//! one request's data into another's).
//!
//! Outcome parts the scenario declares as shared on purpose (`shared_state`) and parts
//! that differ between two fresh reference runs (nondeterminism) are not compared.
//! Requests alone in their isolate cannot leak and are skipped.
//!
//! Requests that share durable state (storage, a Durable Object) see each other's writes
//! in the fresh reference too, in the order that run happened to reach the state. A
//! difference from it is a leak only if it remains in a second reference that keeps fresh
//! isolates but serves the requests one after another in the order the checked run
//! reached its durable state (`durable_order`).

use std::collections::{BTreeMap, BTreeSet};

use crosstalk_runtime::{EventKind, Model, Owner, Run};

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::observe::{Observed, compare};
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
    let mut in_order: Option<Option<BTreeMap<usize, _>>> = None;
    let observed = Observed::new(run);
    // Incoming requests per isolate: one alone in its isolate cannot leak.
    let mut per_isolate: BTreeMap<u32, usize> = BTreeMap::new();
    for request in run.incoming() {
        *per_isolate.entry(request.isolate).or_default() += 1;
    }
    for request in run.incoming() {
        if excluded.contains(&request.index) {
            continue;
        }
        if per_isolate.get(&request.isolate).copied().unwrap_or(0) < 2 {
            continue;
        }
        let (Some(here), Some(alone)) = (observed.get(request.index), fresh.get(&request.index)) else { continue };
        let shared = |field: &str| config.is_shared(field);
        let Some(difference) = compare(&here, alone, masks.get(&request.index), &shared) else { continue };
        let in_order = in_order.get_or_insert_with(|| match cache.fresh_serial(model, &durable_order(run, index)) {
            Ok(observed) => Some(observed),
            Err(ReferenceError::Budget) => {
                notes.push(
                    "state-leak: the reference in the checked run's storage order was not run: the reference-run \
                     budget (reference_runs_max) ran out"
                        .into(),
                );
                None
            }
            Err(ReferenceError::Model(m)) => {
                notes.push(format!("state-leak: the reference in the checked run's storage order failed: {m}"));
                None
            }
        });
        let explained = in_order
            .as_ref()
            .and_then(|observed| observed.get(&request.index))
            .is_some_and(|ordered| compare(&here, ordered, masks.get(&request.index), &shared).is_none());
        if explained {
            continue;
        }
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

/// The scenario's requests (spec indices) in the order the run reached durable state on
/// their behalf: by the first storage operation (KV, D1, R2, Durable Object storage) of
/// the request or of any call it made, directly or through other calls; requests that
/// reached none keep their dispatch order among the rest.
fn durable_order(run: &Run, index: &TraceIndex) -> Vec<usize> {
    let caller: BTreeMap<Owner, Owner> =
        run.requests.iter().filter_map(|r| Some((r.id, r.called_by.as_ref()?.request))).collect();
    let root = |mut owner: Owner| {
        // Calls form a tree (a call's caller exists before it), so the walk ends.
        for _ in 0..=run.requests.len() {
            match caller.get(&owner) {
                Some(&parent) => owner = parent,
                None => return owner,
            }
        }
        unreachable!("a call chain longer than the run's requests: {owner:?}")
    };
    let mut reached: BTreeMap<Owner, usize> = BTreeMap::new();
    let mut dispatched: BTreeMap<Owner, usize> = BTreeMap::new();
    for (i, event) in index.trace.iter().enumerate() {
        let durable = matches!(
            event.kind,
            EventKind::KvOp { .. } | EventKind::D1Op { .. } | EventKind::R2Op { .. } | EventKind::DoStorage { .. }
        );
        if durable {
            reached.entry(root(event.owner)).or_insert(i);
        } else if matches!(event.kind, EventKind::Dispatch) {
            dispatched.entry(event.owner).or_insert(i);
        }
    }
    let mut order: Vec<(usize, usize)> = run
        .incoming()
        .map(|r| {
            let at = reached.get(&r.id).or_else(|| dispatched.get(&r.id)).copied().unwrap_or(usize::MAX);
            (at, r.index)
        })
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, i)| i).collect()
}
