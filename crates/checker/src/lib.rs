//! crosstalk's checker: turns a run's trace into findings, one module per invariant,
//! and compares them with the scenario's `[expect]`.
//!
//! Learn three names: [`check`] (trace → [`CheckReport`]), [`verdict`] (findings vs
//! `[expect]`) and [`report`] (text with code frames, JSON items). Every check reads
//! only traces: the trace of the run under test, and for `global-state-race` and
//! `state-leak` the traces of reference runs made by the runtime itself and kept in a
//! [`ReferenceCache`] per scenario.
//!
//! ```
//! use crosstalk_checker::{CheckConfig, Kind, ReferenceCache, check, verdict};
//! use crosstalk_runtime::{FirstScheduler, Model, MsRange, simulate};
//!
//! let script = "addEventListener('fetch', e => { setTimeout(() => console.log('late'), 10); \
//!               e.respondWith(new Response('ok')); });";
//! let model = Model::service_worker("worker.js", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
//! let run = simulate(&model, &mut FirstScheduler).unwrap();
//! let config = CheckConfig::expecting(&[Kind::DroppedWork]);
//! let findings = check(&model, &run, &config, &mut ReferenceCache::new());
//! assert_eq!(findings.kinds(), vec![Kind::DroppedWork]);
//! assert!(verdict(&config, &findings.violations).matches);
//! ```
//!
//! Module map (one invariant each): `hang`, `cross_await`, `cross_resolution`,
//! `dropped_work`, `serializability` (global-state-race), `isolation` (state-leak),
//! `respond_with`, `foreign_io`, `subrequests` (the four R9 kinds), `failures`
//! (uncaught-error, cpu-limit). Shared plumbing: `trace_index`, `observe`, `reference`.

mod config;
mod cross_await;
mod cross_resolution;
mod dropped_work;
mod failures;
mod foreign_io;
mod hang;
mod isolation;
mod kind;
mod lost_update;
mod observe;
mod partial_init;
mod reference;
pub mod report;
mod respond_with;
mod serializability;
mod subrequests;
mod trace_index;
mod verdict;
mod violation;
mod workflow_replay;

use serde::Serialize;
use std::collections::BTreeSet;

use crosstalk_runtime::{EventKind, Model, OutcomeKind, Owner, Run};

pub use config::CheckConfig;
pub use kind::{Kind, Severity};
pub use reference::{ReferenceCache, ReferenceRunner, run_references_with, simulate_reference};
pub use verdict::{Verdict, verdict};
pub use violation::{SeeAlso, Violation};

/// What a check found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CheckReport {
    /// In a deterministic order: by time, request, kind, location, message.
    pub violations: Vec<Violation>,
    /// What the oracles did not compare or could not decide (nondeterministic fields,
    /// an exhausted reference budget, requests excluded because they hung).
    pub notes: Vec<String>,
}

impl CheckReport {
    /// The distinct kinds found, in table order.
    pub fn kinds(&self) -> Vec<Kind> {
        let kinds: BTreeSet<Kind> = self.violations.iter().map(|v| v.kind).collect();
        kinds.into_iter().collect()
    }
}

/// Checks one run of `model` against every invariant.
///
/// `cache` holds the reference runs of the oracles; reuse it across the schedules of
/// one scenario so they are made once. The result is deterministic for a given run.
pub fn check(model: &Model, run: &Run, config: &CheckConfig, cache: &mut ReferenceCache) -> CheckReport {
    let index = trace_index::TraceIndex::new(&run.trace);
    let reactions = cross_await::foreign_reactions(&index);
    let mut violations = Vec::new();
    violations.extend(hang::check(&index, &reactions, config));
    violations.extend(cross_await::check(&index, &reactions, config));
    violations.extend(cross_resolution::check(&index, &reactions, config));
    violations.extend(dropped_work::check(&index, config));
    violations.extend(respond_with::check(&index, config));
    violations.extend(foreign_io::check(&index, config));
    violations.extend(lost_update::check(&index, config));
    violations.extend(partial_init::check(&index, config));
    violations.extend(workflow_replay::check(&index, config));
    violations.extend(subrequests::check(&index, config));
    violations.extend(failures::check(&index, config));

    let mut notes = Vec::new();
    if config.reference_runs_max > 0 && run.incoming().count() >= 2 {
        let mut excluded = hung_requests(run, &mut notes);
        excluded.extend(workflow_readers(model, run, &mut notes));
        cache.begin(model, config.reference_runs_max);
        violations.extend(serializability::check(model, run, &index, config, cache, &excluded, &mut notes));
        violations.extend(isolation::check(model, run, &index, config, cache, &excluded, &mut notes));
    }
    // Locations compare as their text (`worker.js:12:3` < `worker.js:9:1`), the order
    // reports have always had.
    violations.sort_by_cached_key(|v| {
        (v.t_ms, v.request, v.kind, v.location.as_ref().map(|l| l.to_string()), v.message.clone())
    });
    // R13: where provenance had to guess, say so rather than judge silently.
    for event in &run.trace {
        let awaited = match &event.kind {
            EventKind::Hang { awaited: Some(a), .. } | EventKind::NoResponse { awaited: Some(a), .. } => a,
            _ => continue,
        };
        if awaited.inferred {
            notes.push(format!(
                "{}: the promise it waited on was not seen when it was created (it came from code crosstalk does \
                 not instrument, e.g. eval, new Function or an async generator), so crosstalk assumed {} created it. \
                 Under profile workerd (SEMANTICS R13) whether the request is kept alive depends on that creator.",
                event.owner, awaited.creator
            ));
        }
    }
    CheckReport { violations, notes }
}

/// Requests that read a Workflow instance's status: what they see depends on how far the
/// instance's steps and sleeps have come in virtual time, which no serial order of the
/// requests reproduces (a reference run dispatches them back to back), so the oracles do
/// not compare their outcomes.
fn workflow_readers(model: &crosstalk_runtime::Model, run: &Run, notes: &mut Vec<String>) -> BTreeSet<usize> {
    let bindings: BTreeSet<&str> = model.workflows.iter().map(|w| w.binding.as_str()).collect();
    if bindings.is_empty() {
        return BTreeSet::new();
    }
    let readers: BTreeSet<Owner> = (run.trace.iter())
        .filter(|e| {
            matches!(&e.kind, EventKind::BindingCall { binding, call, .. }
                if bindings.contains(binding.as_str()) && call.starts_with("status("))
        })
        .map(|e| e.owner)
        .collect();
    if !readers.is_empty() {
        let names: Vec<Owner> = readers.iter().copied().collect();
        notes.push(format!(
            "{} read a Workflow instance's status, which depends on how far its steps have come in virtual time, not \
             on the order of requests: their outcomes are not compared by global-state-race and state-leak",
            violation::list_owners(&names)
        ));
    }
    run.incoming().filter(|r| readers.contains(&r.id)).map(|r| r.index).collect()
}

/// Requests that hung are already reported (`hang`, with its cause); the oracles do not
/// compare their outcomes, so one failure is not reported three times. They still run
/// in the reference runs, so their effect on shared state counts.
fn hung_requests(run: &Run, notes: &mut Vec<String>) -> BTreeSet<usize> {
    let hung: BTreeSet<Owner> = run
        .trace
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Hang { .. }
                    | EventKind::NoResponse { .. }
                    | EventKind::RequestEnd { outcome: OutcomeKind::NoResponse }
            )
        })
        .map(|e| e.owner)
        .collect();
    if !hung.is_empty() {
        let names: Vec<Owner> = hung.iter().copied().collect();
        notes.push(format!(
            "{} hung (see hang): their outcomes are not compared by global-state-race and state-leak",
            violation::list_owners(&names)
        ));
    }
    run.incoming().filter(|r| hung.contains(&r.id)).map(|r| r.index).collect()
}
