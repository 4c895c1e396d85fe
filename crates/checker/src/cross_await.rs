//! `cross-request-await`: a request awaited a promise whose settlement depended on
//! another request's task or I/O (seed: "The script will never generate a response").
//!
//! Evidence is the runtime's `job` event (R2): a reaction registered by the waiter ran
//! owned by the settler. It is an *await* (not a mere cross-request resolution) when the
//! waiter was still waiting for it: it hung at that very `await`, or had not answered yet
//! when the reaction ran. Also owns [`foreign_reactions`], which `hang` and
//! `cross_resolution` read, so each foreign reaction is classified in one place.

use std::collections::BTreeSet;

use crosstalk_runtime::{EventKind, Location, Owner};

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::trace_index::{Cause, TraceIndex};
use crate::violation::Violation;

/// A reaction registered by `waiter` that ran owned by `settler` (R2).
#[derive(Clone, Debug)]
pub(crate) struct ForeignReaction {
    pub index: usize,
    pub t_ms: u64,
    pub waiter: Owner,
    pub settler: Owner,
    /// Where the waiter registered it (its `await` or `then`).
    pub at: Option<Location>,
    /// The settler's task that settled the promise.
    pub cause: Option<(usize, Cause)>,
    /// Whether the waiter was waiting for it (see the module doc).
    pub awaited: bool,
    /// The waiter's `hang` event, when the waiter hung at this `await`.
    pub hang: Option<(usize, String)>,
}

pub(crate) const FIX: &str = "Don't share pending promises across requests: a promise created by one request \
can only be settled by that request's timers and I/O. Cache the settled value instead (`cache = await p`), \
or create the promise per request.";

impl ForeignReaction {
    /// The violation for this reaction: both requests, the registration site, the
    /// settler's task that caused it, and a timeline of those events plus `extra`.
    pub(crate) fn violation(
        &self,
        index: &TraceIndex,
        config: &CheckConfig,
        kind: Kind,
        message: String,
        fix: &str,
        extra: &[usize],
    ) -> Violation {
        let mut keys = vec![self.index];
        keys.extend_from_slice(extra);
        if let Some((c, cause)) = &self.cause {
            keys.push(*c);
            keys.extend(cause.started_at(index));
        }
        let mut v = Violation::new(config, kind, self.waiter, self.t_ms, message, fix)
            .related(vec![self.settler])
            .at(self.at.clone());
        if let Some((_, cause)) = &self.cause {
            v = v.see_also(format!("{} that settled the promise", cause.describe()), cause.location());
        }
        v.timeline(index.trace, &keys)
    }
}

/// Every foreign reaction of the trace, classified.
pub(crate) fn foreign_reactions(index: &TraceIndex) -> Vec<ForeignReaction> {
    let mut out = Vec::new();
    for (i, event) in index.trace.iter().enumerate() {
        let EventKind::Job { registered_by, at } = &event.kind else { continue };
        if index.same_context(*registered_by, event.owner)
            || *registered_by == Owner::Startup
            || event.owner == Owner::Startup
        {
            continue;
        }
        let waiter = *registered_by;
        let hang = index.trace[..i].iter().enumerate().find_map(|(h, e)| match &e.kind {
            EventKind::Hang { message, awaiting_at, .. }
                if e.owner == waiter && (awaiting_at.is_none() || awaiting_at == at) =>
            {
                Some((h, message.clone()))
            }
            _ => None,
        });
        let still_waiting = index.answered_at(waiter).is_none_or(|answered| answered > i);
        out.push(ForeignReaction {
            index: i,
            t_ms: event.t_ms,
            waiter,
            settler: event.owner,
            at: at.clone(),
            cause: index.running_task(event.owner, i),
            awaited: hang.is_some() || still_waiting,
            hang,
        });
    }
    out
}

/// One violation per (waiter, settler, await site).
pub(crate) fn check(index: &TraceIndex, reactions: &[ForeignReaction], config: &CheckConfig) -> Vec<Violation> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for r in reactions.iter().filter(|r| r.awaited) {
        if !seen.insert((r.waiter, r.settler, r.at.clone())) {
            continue;
        }
        let site = r.at.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
        let cause = r.cause.as_ref().map(|(_, c)| c.describe()).unwrap_or_else(|| format!("{}'s work", r.settler));
        let consequence = match &r.hang {
            Some((h, message)) => format!(
                "{} had no pending work of its own, so at {} ms the runtime failed it with '{message}'; the reaction \
                 ran only at {} ms, owned by {}, too late to answer {}.",
                r.waiter,
                index.trace.get(*h).map(|e| e.t_ms).unwrap_or(r.t_ms),
                r.t_ms,
                r.settler,
                r.waiter
            ),
            None => format!(
                "{} could only answer after {} did its work (at {} ms). Under the production-2022 runtime {} fails \
                 with 'The script will never generate a response.'; later runtimes keep it waiting only while {} lives.",
                r.waiter, r.settler, r.t_ms, r.waiter, r.settler
            ),
        };
        let message = format!("{} awaited{site} a promise that only {cause} settled. {consequence}", r.waiter);
        let hang: Vec<usize> = r.hang.iter().map(|(h, _)| *h).collect();
        out.push(r.violation(index, config, Kind::CrossRequestAwait, message, FIX, &hang));
    }
    out.extend(never_settled(index, config, &seen));
    out
}

/// A request that died waiting on a promise another request created, which nothing ever
/// settled (the creator answered and its timers and I/O were dropped, or it never
/// settles it): no reaction ran, so there is no `job` event, but the settlement depended
/// on the creator's work all the same. Read from the `hang`/`no-response` event's
/// provenance (`awaited`); a wait already reported through a reaction is not repeated.
fn never_settled(
    index: &TraceIndex,
    config: &CheckConfig,
    reported: &BTreeSet<(Owner, Owner, Option<Location>)>,
) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, event) in index.trace.iter().enumerate() {
        let (message, awaiting_at, awaited) = match &event.kind {
            EventKind::Hang { message, awaiting_at, awaited: Some(awaited) }
            | EventKind::NoResponse { reason: message, awaiting_at, awaited: Some(awaited) } => {
                (message, awaiting_at, awaited)
            }
            _ => continue,
        };
        let waiter = event.owner;
        if !awaited.creator.is_request() || awaited.creator == waiter {
            continue;
        }
        if reported.contains(&(waiter, awaited.creator, awaiting_at.clone())) {
            continue;
        }
        let site = awaiting_at.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
        let created = awaited.created_at.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
        let text = format!(
            "{waiter} awaited{site} a promise created by {}{created} ({}), which nothing ever settled: only {}'s \
             work could settle it, and another request's work never keeps a request alive. {waiter} failed at {} ms \
             with '{message}'.",
            awaited.creator, awaited.how, awaited.creator, event.t_ms
        );
        let v = Violation::new(config, Kind::CrossRequestAwait, waiter, event.t_ms, text, FIX)
            .related(vec![awaited.creator])
            .at(awaiting_at.clone())
            .see_also(format!("where {} created the promise", awaited.creator), awaited.created_at.as_ref());
        out.push(v.timeline(index.trace, &[i]));
    }
    out
}
