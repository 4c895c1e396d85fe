//! The R9 subrequest kinds: `subrequest-queued`, `subrequest-cancelled` (deadlock
//! avoidance), `too-many-subrequests` and `unread-body`.
//!
//! They share one invariant — a request's subrequest slots and budget — and read the
//! runtime's subrequest events directly; one violation per event, located at the
//! `fetch()` call.

use crosstalk_runtime::{CancelReason, Event, EventKind, Location};

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX_QUEUED: &str = "Read or cancel each response body as soon as you can (`await res.text()`, \
`res.body.cancel()`), so its slot frees, or start fewer fetches at once: only 6 subrequests of a request are \
open at a time.";
const FIX_DEADLOCK: &str = "Read (or cancel) the bodies of open responses before starting more fetches: with 6 \
responses open and unread, the runtime cancels the least recently used one to avoid a deadlock, and reading it \
later fails.";
const FIX_TOO_MANY: &str = "Stay under the per-request subrequest limit (50): batch requests to the origin, \
cache results across requests as settled values, or split the work across requests (a queue).";
const FIX_UNREAD: &str = "Consume or cancel every response body: `await res.arrayBuffer()`, `await res.text()` \
or `await res.body?.cancel()`; an unread body holds a subrequest slot until the request ends.";

fn fetch_text(index: &TraceIndex, event: &Event, n: u32, url: Option<&str>) -> (String, Option<Location>) {
    match index.fetch(event.owner, n) {
        Some((_, method, fetched_url, at)) => {
            let site = at.map(|l| format!(" at {l}")).unwrap_or_default();
            (format!("subrequest #{n} ({method} {fetched_url}, fetch{site})"), at.cloned())
        }
        None => (format!("subrequest #{n}{}", url.map(|u| format!(" ({u})")).unwrap_or_default()), None),
    }
}

pub(crate) fn check(index: &TraceIndex, config: &CheckConfig) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, event) in index.trace.iter().enumerate() {
        let owner = event.owner;
        let v = match &event.kind {
            EventKind::SubrequestQueued { n, open } => {
                let (what, at) = fetch_text(index, event, *n, None);
                let message =
                    format!("{owner}'s {what} waited at {} ms: {open} subrequests were already open (R9).", event.t_ms);
                Violation::new(config, Kind::SubrequestQueued, owner, event.t_ms, message, FIX_QUEUED).at(at)
            }
            EventKind::SubrequestCancelled { n, reason: CancelReason::Deadlock, url } => {
                let (what, at) = fetch_text(index, event, *n, Some(url));
                let message = format!(
                    "At {} ms {owner} had a fetch queued while every open slot held a response nobody was reading, so \
                     the runtime cancelled its least recently used {what} to avoid a deadlock (R9); reading that body \
                     now fails.",
                    event.t_ms
                );
                Violation::new(config, Kind::SubrequestCancelled, owner, event.t_ms, message, FIX_DEADLOCK).at(at)
            }
            EventKind::TooManySubrequests { n, limit, at } => {
                let message = format!(
                    "{owner}'s fetch #{n} at {} ms rejected with 'Error: Too many subrequests.': the request already \
                     made {limit} (R9).",
                    event.t_ms
                );
                Violation::new(config, Kind::TooManySubrequests, owner, event.t_ms, message, FIX_TOO_MANY)
                    .at(at.clone())
            }
            EventKind::UnreadBody { n, url } => {
                let (what, at) = fetch_text(index, event, *n, Some(url));
                let message = format!("The body of {owner}'s {what} was never read or cancelled (R9).");
                Violation::new(config, Kind::UnreadBody, owner, event.t_ms, message, FIX_UNREAD).at(at)
            }
            _ => continue,
        };
        let mut keys = vec![i];
        let n = match &event.kind {
            EventKind::SubrequestQueued { n, .. }
            | EventKind::SubrequestCancelled { n, .. }
            | EventKind::UnreadBody { n, .. } => Some(*n),
            _ => None,
        };
        if let Some((f, ..)) = n.and_then(|n| index.fetch(owner, n)) {
            keys.push(f);
        }
        out.push(v.timeline(index.trace, &keys));
    }
    out
}
