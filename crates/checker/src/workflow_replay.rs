//! `workflow-replay`: a Workflow instance that hibernated (`[faults]
//! workflow_hibernation`) replays `run()` from the start; its steps answer from their
//! stored results, but I/O made outside any `step.do` runs again. This checker finds I/O
//! from the same line of the worker's code made by two runs of one instance, outside a
//! step each time, from the runtime's `workflow-step` and `workflow-hibernated` events.

use std::collections::BTreeMap;

use crosstalk_runtime::{EventKind, Owner};

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX: &str = "Move the side effect into a `step.do(\"name\", async () => …)`: a step's result is stored, and a \
replay of `run()` after the instance hibernated (or was restarted) returns it without running the callback again. \
Code outside steps runs once per replay.";

/// The I/O an event starts, as (what, where), if it is I/O.
fn io(kind: &EventKind) -> Option<(String, Option<String>)> {
    let at = |l: &Option<crosstalk_runtime::Location>| l.as_ref().map(ToString::to_string);
    Some(match kind {
        EventKind::Fetch { method, url, at: l, .. } => (format!("fetch({method} {url})"), at(l)),
        EventKind::KvOp { binding, op, key, at: l, .. } => (format!("KV {binding}.{op}({key})"), at(l)),
        EventKind::D1Op { binding, method, sql, at: l, .. } => (format!("D1 {binding}.{method}({sql})"), at(l)),
        EventKind::R2Op { binding, op, key, at: l, .. } => (format!("R2 {binding}.{op}({key})"), at(l)),
        EventKind::QueueSend { binding, method, at: l, .. } => (format!("{binding}.{method}()"), at(l)),
        EventKind::BindingCall { binding, call, at: l, .. } => (format!("{binding}.{call}"), at(l)),
        EventKind::AssetsFetch { binding, method, path, at: l, .. } => {
            (format!("{binding}.fetch({method} {path})"), at(l))
        }
        EventKind::ServiceCall { binding, call, at: l, .. } => (format!("{binding}.{call}"), at(l)),
        _ => return None,
    })
}

pub(crate) fn check(index: &TraceIndex, config: &CheckConfig) -> Vec<Violation> {
    // Each run's instance, from its step events.
    let mut instance_of: BTreeMap<Owner, String> = BTreeMap::new();
    for event in index.trace {
        if let EventKind::WorkflowStep { instance, .. } | EventKind::WorkflowHibernated { instance, .. } = &event.kind {
            instance_of.entry(event.owner).or_insert_with(|| instance.clone());
        }
    }
    if !index.trace.iter().any(|e| matches!(e.kind, EventKind::WorkflowHibernated { .. })) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Per instance: where earlier runs made I/O outside steps (location → run, what, event).
    let mut seen: BTreeMap<String, BTreeMap<String, (Owner, String, usize)>> = BTreeMap::new();
    let mut reported: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut in_step: BTreeMap<Owner, bool> = BTreeMap::new();
    for (i, event) in index.trace.iter().enumerate() {
        let Some(instance) = instance_of.get(&event.owner) else { continue };
        if let EventKind::WorkflowStep { what, .. } = &event.kind {
            let inside = what == "start" || what.starts_with("retry");
            if inside || what == "ran" || what == "failed" {
                in_step.insert(event.owner, inside);
            }
            continue;
        }
        if in_step.get(&event.owner).copied().unwrap_or(false) {
            continue;
        }
        let Some((what, Some(location))) = io(&event.kind) else { continue };
        let earlier = seen.entry(instance.clone()).or_default();
        match earlier.get(&location) {
            Some((run, first, first_index)) if *run != event.owner => {
                let done = reported.entry(instance.clone()).or_default();
                if done.contains(&location) {
                    continue;
                }
                done.push(location.clone());
                let message = format!(
                    "Workflow instance {instance} made {what} again in {} at {} ms: {run} had already made {first} from \
                     the same line, outside any step. The instance hibernated and its run() was replayed from the \
                     start; its steps answered from their stored results, but this call is outside them, so it ran \
                     twice.",
                    event.owner, event.t_ms
                );
                let at = location.parse().ok();
                let v = Violation::new(config, Kind::WorkflowReplay, event.owner, event.t_ms, message, FIX)
                    .related(vec![*run])
                    .at(at);
                out.push(v.timeline(index.trace, &[*first_index, i]));
            }
            Some(_) => {}
            None => {
                earlier.insert(location, (event.owner, what, i));
            }
        }
    }
    out
}
