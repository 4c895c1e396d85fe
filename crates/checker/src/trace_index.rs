//! Lookups over one trace that several invariants share: where each timer was set,
//! where each subrequest was fetched, when each request answered, and which task of a
//! request was running at a given point.
//!
//! Reads only the trace; never runs anything.

use std::collections::BTreeMap;

use crosstalk_runtime::{Event, EventKind, Location, Owner};

/// The task of a request that was running at some point of the trace: the cause of
/// whatever it settled.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cause {
    Timer {
        owner: Owner,
        timer: u32,
        set_at: Option<Location>,
        delay_ms: Option<u64>,
        fired_ms: u64,
    },
    Subrequest {
        owner: Owner,
        n: u32,
        method: String,
        url: String,
        at: Option<Location>,
    },
    Dispatch {
        owner: Owner,
    },
    /// A WebSocket message or close reached the owner's socket (R21): `what` is
    /// `message "…"` or `close 1000`.
    WebSocket {
        owner: Owner,
        pair: u32,
        what: String,
    },
}

impl Cause {
    /// Where in the script the cause was started (the `setTimeout` or `fetch` call).
    pub(crate) fn location(&self) -> Option<&Location> {
        match self {
            Cause::Timer { set_at, .. } => set_at.as_ref(),
            Cause::Subrequest { at, .. } => at.as_ref(),
            Cause::Dispatch { .. } | Cause::WebSocket { .. } => None,
        }
    }

    /// The trace index of the event that started the cause (`timer-set`, `fetch`).
    pub(crate) fn started_at(&self, index: &TraceIndex) -> Option<usize> {
        match self {
            Cause::Timer { owner, timer, .. } => index.timer_set(*owner, *timer).map(|s| s.0),
            Cause::Subrequest { owner, n, .. } => index.fetch(*owner, *n).map(|f| f.0),
            Cause::Dispatch { .. } | Cause::WebSocket { .. } => None,
        }
    }

    /// `r1's timer #1 (set at worker.js:22:15, fired at 20000 ms)`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Cause::Timer { owner, timer, set_at, delay_ms, fired_ms } => {
                let set = set_at.as_ref().map(|l| format!("set at {l}, ")).unwrap_or_default();
                let delay = delay_ms.map(|d| format!("{d} ms timer")).unwrap_or_else(|| "timer".into());
                format!("{owner}'s {delay} #{timer} ({set}fired at {fired_ms} ms)")
            }
            Cause::Subrequest { owner, n, method, url, at } => {
                let at = at.as_ref().map(|l| format!(", fetched at {l}")).unwrap_or_default();
                format!("{owner}'s subrequest #{n} ({method} {url}{at})")
            }
            Cause::Dispatch { owner } => format!("{owner}'s own handler"),
            Cause::WebSocket { owner, pair, what } => format!("{owner}'s WebSocket #{pair} listeners ({what})"),
        }
    }
}

pub(crate) struct TraceIndex<'t> {
    pub trace: &'t [Event],
    timers_set: BTreeMap<(Owner, u32), usize>,
    fetches: BTreeMap<(Owner, u32), usize>,
    /// KV and D1 operations by (owner, n).
    binding_ops: BTreeMap<(Owner, u32), usize>,
    /// The first event at which a request's response settled or it failed.
    answered: BTreeMap<Owner, usize>,
    isolate: BTreeMap<Owner, u32>,
    arrived: BTreeMap<Owner, usize>,
    /// The Durable Object each call (or alarm) ran on (R14: an object's calls share one
    /// I/O context).
    object: BTreeMap<Owner, String>,
}

impl<'t> TraceIndex<'t> {
    pub(crate) fn new(trace: &'t [Event]) -> Self {
        let mut index = Self {
            trace,
            timers_set: BTreeMap::new(),
            fetches: BTreeMap::new(),
            binding_ops: BTreeMap::new(),
            answered: BTreeMap::new(),
            isolate: BTreeMap::new(),
            arrived: BTreeMap::new(),
            object: BTreeMap::new(),
        };
        for (i, event) in trace.iter().enumerate() {
            match &event.kind {
                EventKind::TimerSet { timer, .. } => {
                    index.timers_set.insert((event.owner, *timer), i);
                }
                EventKind::Fetch { n, .. } => {
                    index.fetches.insert((event.owner, *n), i);
                }
                EventKind::KvOp { n, .. }
                | EventKind::D1Op { n, .. }
                | EventKind::R2Op { n, .. }
                | EventKind::QueueSend { n, .. }
                | EventKind::AssetsFetch { n, .. }
                | EventKind::BindingCall { n, .. } => {
                    index.binding_ops.insert((event.owner, *n), i);
                }
                EventKind::Response { .. } | EventKind::PassThrough { .. } | EventKind::RequestEnd { .. } => {
                    index.answered.entry(event.owner).or_insert(i);
                }
                EventKind::Arrival { isolate, .. } => {
                    index.isolate.insert(event.owner, *isolate);
                    index.arrived.insert(event.owner, i);
                }
                EventKind::ServiceCall { callee, object: Some(object), .. } => {
                    index.object.insert(*callee, object.clone());
                }
                EventKind::DoAlarmDue { object, alarm, .. } => {
                    index.object.insert(*alarm, object.clone());
                }
                _ => {}
            }
        }
        index
    }

    /// The `TimerSet` event of a timer.
    pub(crate) fn timer_set(&self, owner: Owner, timer: u32) -> Option<(usize, Option<&Location>, u64)> {
        let i = *self.timers_set.get(&(owner, timer))?;
        match &self.trace.get(i)?.kind {
            EventKind::TimerSet { at, delay_ms, .. } => Some((i, at.as_ref(), *delay_ms)),
            _ => None,
        }
    }

    /// The `Fetch` event of a subrequest: (index, method, url, location).
    pub(crate) fn fetch(&self, owner: Owner, n: u32) -> Option<(usize, &str, &str, Option<&Location>)> {
        let i = *self.fetches.get(&(owner, n))?;
        match &self.trace.get(i)?.kind {
            EventKind::Fetch { method, url, at, .. } => Some((i, method.as_str(), url.as_str(), at.as_ref())),
            _ => None,
        }
    }

    /// A binding operation (KV, D1) of `owner` numbered `n`, as a developer names it:
    /// `D1 DB.run(INSERT …)`, `KV STATS.put(key)`, with where it was called and what it
    /// would have done.
    pub(crate) fn binding_op(&self, owner: Owner, n: u32) -> Option<BindingOp<'_>> {
        let i = *self.binding_ops.get(&(owner, n))?;
        match &self.trace.get(i)?.kind {
            EventKind::KvOp { binding, op, key, at, .. } => Some(BindingOp {
                call: format!("KV {binding}.{op}({key})"),
                at: at.as_ref(),
                effect: if matches!(op.as_str(), "put" | "delete") { "never reached KV" } else { "never completed" },
            }),
            EventKind::BindingCall { binding, call, at, .. } => {
                Some(BindingOp { call: format!("{binding}.{call}"), at: at.as_ref(), effect: "never completed" })
            }
            EventKind::AssetsFetch { binding, method, path, at, .. } => Some(BindingOp {
                call: format!("{binding}.fetch({method} {path})"),
                at: at.as_ref(),
                effect: "never completed",
            }),
            EventKind::QueueSend { binding, queue, method, at, .. } => Some(BindingOp {
                call: format!("queue {binding}.{method}() to {queue}"),
                at: at.as_ref(),
                effect: "never reached the queue: its messages were not sent",
            }),
            EventKind::R2Op { binding, op, key, at, .. } => Some(BindingOp {
                call: format!("R2 {binding}.{op}({key})"),
                at: at.as_ref(),
                effect: if matches!(op.as_str(), "get" | "head" | "list") {
                    "never completed"
                } else {
                    "never reached the bucket"
                },
            }),
            EventKind::D1Op { binding, method, sql, at, .. } => Some(BindingOp {
                call: format!("D1 {binding}.{method}({sql})"),
                at: at.as_ref(),
                effect: "never reached the database: its statements did not run",
            }),
            _ => None,
        }
    }

    /// Index of the event at which `owner`'s response settled (or it failed / passed through).
    pub(crate) fn answered_at(&self, owner: Owner) -> Option<usize> {
        self.answered.get(&owner).copied()
    }

    /// Whether `a` and `b` share an I/O context: the same owner, or two calls to the same
    /// Durable Object (R14).
    pub(crate) fn same_context(&self, a: Owner, b: Owner) -> bool {
        a == b || self.object.get(&a).is_some_and(|o| self.object.get(&b) == Some(o))
    }

    pub(crate) fn isolate_of(&self, owner: Owner) -> Option<u32> {
        self.isolate.get(&owner).copied()
    }

    pub(crate) fn arrived_at(&self, owner: Owner) -> Option<usize> {
        self.arrived.get(&owner).copied()
    }

    /// Requests of the same isolate as `owner` whose lifetime overlapped or preceded
    /// the point `before` (they arrived before it).
    pub(crate) fn isolate_mates_before(&self, owner: Owner, before: usize) -> Vec<Owner> {
        let Some(isolate) = self.isolate_of(owner) else { return Vec::new() };
        self.isolate
            .iter()
            .filter(|(other, iso)| **other != owner && **iso == isolate)
            .filter(|(other, _)| self.arrived_at(**other).is_some_and(|a| a < before))
            .map(|(other, _)| *other)
            .collect()
    }

    /// The task of `owner` that was running at trace index `at`: the nearest earlier task
    /// start of that owner.
    pub(crate) fn running_task(&self, owner: Owner, at: usize) -> Option<(usize, Cause)> {
        let end = at.min(self.trace.len());
        for i in (0..end).rev() {
            let event = &self.trace[i];
            if event.owner != owner {
                continue;
            }
            let cause = match &event.kind {
                EventKind::TimerFired { timer } => {
                    let set = self.timer_set(owner, *timer);
                    Cause::Timer {
                        owner,
                        timer: *timer,
                        set_at: set.and_then(|s| s.1.cloned()),
                        delay_ms: set.map(|s| s.2),
                        fired_ms: event.t_ms,
                    }
                }
                EventKind::SubrequestHeaders { n, .. }
                | EventKind::SubrequestChunk { n, .. }
                | EventKind::SubrequestDone { n }
                | EventKind::SubrequestFailed { n, .. } => {
                    let (method, url, fetched_at) = match self.fetch(owner, *n) {
                        Some((_, m, u, l)) => (m.to_string(), u.to_string(), l.cloned()),
                        None => (String::from("GET"), String::from("?"), None),
                    };
                    Cause::Subrequest { owner, n: *n, method, url, at: fetched_at }
                }
                EventKind::Dispatch => Cause::Dispatch { owner },
                EventKind::WsMessage { pair, data } => {
                    Cause::WebSocket { owner, pair: *pair, what: format!("message {data:?}") }
                }
                EventKind::WsClose { pair, by, code, .. } if by == "client" => {
                    Cause::WebSocket { owner, pair: *pair, what: format!("close {code}") }
                }
                _ => continue,
            };
            return Some((i, cause));
        }
        None
    }
}

/// A binding operation as [`TraceIndex::binding_op`] describes it.
pub(crate) struct BindingOp<'a> {
    pub call: String,
    pub at: Option<&'a Location>,
    pub effect: &'static str,
}
