//! `global-state-race`, the serializability oracle: the observable outcome of the
//! interleaved run must equal the outcome of *some* serial execution of the same
//! requests, one at a time, in one isolate.
//!
//! Requests of different isolates share no state (R1), so each isolate's requests are
//! checked as one group. The search is exhaustive over orders: depth-first over serial
//! prefixes, trying first the order in which requests answered in the interleaved run,
//! pruning a prefix as soon as one of its requests answers differently, and skipping a
//! candidate identical (same request class, same observed outcome) to one already tried
//! at that depth. A non-serializable group is usually refuted after a handful of
//! reference runs; a serializable one is confirmed along one path. When the check's
//! simulation budget runs out first, the result is reported as *inconclusive* in the
//! notes, never as a violation.

use std::collections::{BTreeMap, BTreeSet};

use crosstalk_runtime::{EventKind, Location, Model, Owner, Run};

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::observe::{Difference, Mask, Observation, Observed, compare, describe_mask, owner_of};
use crate::reference::{ReferenceCache, ReferenceError, request_class};
use crate::trace_index::TraceIndex;
use crate::violation::{Violation, list_owners};

const FIX: &str = "Don't keep per-request data in module-level variables that live across an `await`: read and \
update shared state in one synchronous step (no `await` in between), or keep the data in local variables of \
the handler. Module state is shared by every request of the isolate, and requests interleave at every `await`.";

struct Search<'a> {
    model: &'a Model,
    cache: &'a mut ReferenceCache,
    here: &'a BTreeMap<usize, Observation>,
    masks: &'a BTreeMap<usize, Mask>,
    excluded: &'a BTreeSet<usize>,
    /// The deepest refutation: (prefix, candidate, difference).
    deepest: Option<(Vec<usize>, usize, Difference)>,
}

impl Search<'_> {
    /// Whether some serial order of `remaining` after `prefix` explains the run. Both are
    /// one vector each for the whole search, taken from and put back at every level (a
    /// copy of the rest per level held n²/2 indices on the way down a group of n).
    fn dfs(&mut self, prefix: &mut Vec<usize>, remaining: &mut Vec<usize>) -> Result<bool, ReferenceError> {
        if remaining.is_empty() {
            return Ok(true);
        }
        let mut tried: Vec<(usize, Option<&Observation>)> = Vec::new();
        for k in 0..remaining.len() {
            let candidate = remaining[k];
            let signature = (request_class(self.model, candidate), self.here.get(&candidate));
            if tried.contains(&signature) {
                continue;
            }
            tried.push(signature);
            remaining.remove(k);
            let found = self.try_next(prefix, candidate, remaining);
            remaining.insert(k, candidate);
            if found? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `candidate` next after `prefix`, then the search of `rest`.
    fn try_next(
        &mut self,
        prefix: &mut Vec<usize>,
        candidate: usize,
        rest: &mut Vec<usize>,
    ) -> Result<bool, ReferenceError> {
        prefix.push(candidate);
        let serial = self.cache.serial_last(self.model, prefix, rest)?;
        let difference = match (self.excluded.contains(&candidate), self.here.get(&candidate)) {
            (true, _) => None,
            (false, Some(here)) => compare(here, &serial, self.masks.get(&candidate), &|_| false),
            (false, None) => None,
        };
        let found = match difference {
            None => self.dfs(prefix, rest),
            Some(d) => {
                let depth = prefix.len() - 1;
                if self.deepest.as_ref().is_none_or(|(p, _, _)| p.len() < depth) {
                    self.deepest = Some((prefix[..depth].to_vec(), candidate, d));
                }
                Ok(false)
            }
        };
        prefix.pop();
        found
    }
}

pub(crate) fn check(
    model: &Model,
    run: &Run,
    index: &TraceIndex,
    config: &CheckConfig,
    cache: &mut ReferenceCache,
    excluded: &BTreeSet<usize>,
    notes: &mut Vec<String>,
) -> Vec<Violation> {
    let mut groups: BTreeMap<u32, Vec<&crosstalk_runtime::RequestOutcome>> = BTreeMap::new();
    for request in run.incoming() {
        groups.entry(request.isolate).or_default().push(request);
    }
    let mut out = Vec::new();
    let observed = Observed::new(run);
    for (isolate, mut requests) in groups {
        if requests.len() < 2 {
            continue;
        }
        requests.sort_by_key(|r| r.id);
        let arrival_order: Vec<usize> = requests.iter().map(|r| r.index).collect();
        let mut answer_order = requests.clone();
        answer_order.sort_by_key(|r| (r.responded_ms.unwrap_or(u64::MAX), r.id));
        let candidates: Vec<usize> = answer_order.iter().map(|r| r.index).collect();
        let here: BTreeMap<usize, Observation> =
            arrival_order.iter().filter_map(|&i| observed.get(i).map(|o| (i, o))).collect();
        let names = list_owners(&requests.iter().map(|r| r.id).collect::<Vec<_>>());
        let masks = match cache.serial_masks(model, &arrival_order) {
            Ok(m) => m,
            Err(e) => {
                notes.push(skipped(&names, isolate, &e));
                continue;
            }
        };
        note_masks(&masks, run, "a serial order", notes);
        let mut search = Search { model, cache, here: &here, masks: &masks, excluded, deepest: None };
        let result = search.dfs(&mut Vec::new(), &mut candidates.clone());
        let deepest = search.deepest.take();
        match result {
            Ok(true) => {}
            Err(e) => notes.push(skipped(&names, isolate, &e)),
            Ok(false) => {
                let Some((prefix, culprit, difference)) = deepest else { continue };
                out.push(violation(run, index, config, &requests, &names, &prefix, culprit, &difference));
            }
        }
    }
    out
}

fn skipped(names: &str, isolate: u32, error: &ReferenceError) -> String {
    match error {
        ReferenceError::Budget => format!(
            "global-state-race: inconclusive for {names} (isolate {isolate}): the reference-run budget \
             (reference_runs_max) ran out before every serial order was ruled out or one matched"
        ),
        ReferenceError::Model(m) => format!("global-state-race: not checked for {names}: a reference run failed: {m}"),
    }
}

pub(crate) fn note_masks(masks: &BTreeMap<usize, Mask>, run: &Run, against: &str, notes: &mut Vec<String>) {
    for (index, mask) in masks {
        let who = owner_of(run, *index).map(|o| o.to_string()).unwrap_or_else(|| format!("request {index}"));
        notes.push(format!(
            "{who}: not compared with {against}: {} (they differ between two reference runs that differ only in \
             random seed, clock and latencies: Math.random(), Date.now(), crypto or timing)",
            describe_mask(mask).join(", ")
        ));
    }
}

#[allow(clippy::too_many_arguments)]
fn violation(
    run: &Run,
    index: &TraceIndex,
    config: &CheckConfig,
    requests: &[&crosstalk_runtime::RequestOutcome],
    names: &str,
    prefix: &[usize],
    culprit: usize,
    difference: &Difference,
) -> Violation {
    let owner = owner_of(run, culprit).unwrap_or(Owner::Startup);
    let before: Vec<Owner> = prefix.iter().filter_map(|&i| owner_of(run, i)).collect();
    let reference = if before.is_empty() {
        "when it runs first".to_string()
    } else {
        format!("when it runs right after {} (serially)", list_owners(&before))
    };
    let closest = if before.is_empty() {
        String::new()
    } else {
        format!(" The longest serial prefix that matches is {}; nothing can follow it.", list_owners(&before))
    };
    let related: Vec<Owner> = requests.iter().map(|r| r.id).filter(|o| *o != owner).collect();
    // Where the interleaving happened: the culprit's own await, or else the first
    // await of another request of the group that others ran during.
    let group: Vec<Owner> = std::iter::once(owner).chain(related.iter().copied()).collect();
    let yield_point = group.iter().find_map(|&who| {
        let others: Vec<Owner> = group.iter().copied().filter(|o| *o != who).collect();
        yield_point(index, who, &others).map(|(_, l)| (who, others, l))
    });
    let interleaved = yield_point
        .as_ref()
        .map(|(who, others, l)| {
            format!(" {who} yielded at {l} while {} ran and changed module state.", list_owners(others))
        })
        .unwrap_or_default();
    let message = format!(
        "No serial order of {names} (one at a time, in one isolate) produces what this interleaving produced: \
         {owner}'s {}.{closest}{interleaved}",
        difference.describe(&reference)
    );
    let t_ms = run.requests.iter().find(|r| r.id == owner).and_then(|r| r.responded_ms).unwrap_or(run.end_ms);
    let keys: Vec<usize> = index
        .trace
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            (e.owner == owner || related.contains(&e.owner))
                && matches!(e.kind, EventKind::Dispatch | EventKind::Response { .. } | EventKind::TimerFired { .. })
        })
        .map(|(i, _)| i)
        .collect();
    // R18: an injected eviction before the answer explains it better than an interleaving.
    let answered = index.answered_at(owner).unwrap_or(index.trace.len());
    let eviction = index.trace[..answered].iter().enumerate().find_map(|(i, e)| match &e.kind {
        EventKind::DoReset { object } => Some((i, object.clone(), e.t_ms, "evicted")),
        EventKind::DoDeploy { object, .. } => Some((i, object.clone(), e.t_ms, "reset by a deploy")),
        _ => None,
    });
    if let Some((i, object, evicted_ms, how)) = eviction {
        let message = format!(
            "{owner}'s {} — and {object} was {how} at {evicted_ms} ms (an injected fault): its instance and \
             everything it kept in memory were dropped, and the next call constructed it again. The result depended \
             on that in-memory state.",
            difference.describe(&reference)
        );
        let mut keys = keys;
        keys.push(i);
        keys.sort_unstable();
        return Violation::new(config, Kind::StateLost, owner, t_ms, message, STATE_LOST_FIX)
            .related(related)
            .timeline(index.trace, &keys);
    }
    Violation::new(config, Kind::GlobalStateRace, owner, t_ms, message, FIX)
        .related(related)
        .at(yield_point.map(|(_, _, l)| l))
        .timeline(index.trace, &keys)
}

const STATE_LOST_FIX: &str = "Keep what must survive in the object's storage, not in its fields or in module \
state: a Durable Object can be evicted whenever it is idle (and hibernates, and is reset on deploys). Load the \
state from `ctx.storage` in the constructor inside `ctx.blockConcurrencyWhile()`, and write every change back.";

/// The first timer or fetch `owner` waited on while another of `others` ran: where its
/// handler yielded to the interleaving.
fn yield_point(index: &TraceIndex, owner: Owner, others: &[Owner]) -> Option<(usize, Location)> {
    let end = index.answered_at(owner).unwrap_or(index.trace.len());
    let trace = index.trace;
    (0..end).find_map(|i| {
        let e = trace.get(i)?;
        let at = match &e.kind {
            EventKind::TimerSet { at, .. } | EventKind::Fetch { at, .. } if e.owner == owner => at.clone()?,
            _ => return None,
        };
        trace[i..end].iter().any(|x| others.contains(&x.owner)).then_some((i, at))
    })
}
