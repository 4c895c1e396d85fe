//! Subrequests (R9): the per-request concurrency limit with a
//! FIFO queue, the total limit, deadlock avoidance, and cleanup at the true
//! ResponseTime (R6). The JS side (`fetch`, `Response.body`) is in host/fetch.rs.
//!
//! Invariants: a subrequest is *open* from the moment it holds a slot until its body is
//! fully read, cancelled or failed; at most `subrequest_concurrency` are open per
//! request; every state change is traced with its owner.

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::{Context, JsObject, JsValue};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use crate::component::Component;
use crate::host::stream::Bodies;

use crate::engine::Host;
use crate::model::{MsRange, OriginSpec};
use crate::scheduler::LatencyKey;
use crate::trace::{CancelReason, EventKind, Owner};
use crate::world::{Task, TaskKind};

/// Why a subrequest of a request that has ended is cancelled (R6): what its promise
/// and body reads reject with.
pub(crate) const REQUEST_ENDED: &str = "Error: The request that made this subrequest has ended.";

/// Where a subrequest is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SubState {
    /// Waiting for a slot (R9).
    Queued,
    /// Sent; its headers have not arrived.
    AwaitingHeaders,
    /// Headers arrived; the body is open until read or cancelled.
    Open,
    /// Body fully read (or no body): the slot is free.
    Done,
    /// Cancelled (deadlock avoidance, ResponseTime, abort).
    Cancelled,
}

pub(crate) struct Subrequest {
    pub owner: u32,
    pub url: String,
    pub origin: OriginSpec,
    pub state: SubState,
    /// Settles the `fetch()` promise.
    pub resolvers: Option<ResolvingFunctions>,
    pub body: Option<u64>,
    /// Logical time of last use, for least-recently-used cancellation (R9).
    pub last_used: u64,
    pub signal: Option<JsObject>,
    /// Set by the signal's `abort` listener; polled after every task (`check_aborts`).
    pub aborted: Option<crate::host::abort::AbortFlag>,
    /// A call through a service binding rather than to an origin: no connection slot, no
    /// drawn latency; the callee request's answer settles it (host/service.rs).
    pub service: Option<ServiceCall>,
}

/// The service-binding side of a subrequest.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ServiceCall {
    /// The request the call became in the target worker's isolate.
    pub callee: u32,
    pub isolate: u32,
    /// An RPC method call (its answer is a value), not a `fetch()` (a `Response`).
    pub rpc: bool,
}

impl Subrequest {
    /// Whether it holds one of its request's simultaneous connections (R9): a call
    /// through a service binding reaches another worker directly and does not.
    pub(crate) fn is_connection(&self) -> bool {
        self.service.is_none()
    }
}

/// A latency the scheduler must answer before a task can be queued (host code cannot
/// call the scheduler; the event loop drains these after every task).
pub(crate) struct PendingDraw {
    pub key: LatencyKey,
    pub range: MsRange,
    pub task: Task,
}

/// The isolate's subrequests by (request id, n) (R9).
#[derive(Default)]
pub(crate) struct Subrequests {
    // invariant: per request, at most `subrequest_concurrency` are open (awaiting headers
    // or open), checked in `Host::start`.
    map: RefCell<BTreeMap<(u32, u32), Subrequest>>,
    /// Logical clock of subrequest use (least-recently-used, R9).
    use_clock: Cell<u64>,
}

// The map is borrowed only inside these methods and the closures they take, which
// read or change one `Subrequest` and never run JavaScript: no borrow is held across a
// call into the engine, so re-entrant host code cannot find it borrowed.
impl Subrequests {
    /// Adds subrequest `key`: numbered once per request (`World::next_io`), never
    /// replacing another.
    pub(crate) fn insert(&self, key: (u32, u32), subrequest: Subrequest) {
        assert!(key.0 >= 1 && key.1 >= 1, "subrequest keys are 1-based");
        let replaced = self.map.borrow_mut().insert(key, subrequest);
        assert!(replaced.is_none(), "subrequest {key:?} numbered twice");
    }

    /// `read` of subrequest `key`; `None` when there is none.
    pub(crate) fn with<R>(&self, key: (u32, u32), read: impl FnOnce(&Subrequest) -> R) -> Option<R> {
        self.map.borrow().get(&key).map(read)
    }

    /// `change` of subrequest `key`; `None` when there is none.
    pub(crate) fn with_mut<R>(&self, key: (u32, u32), change: impl FnOnce(&mut Subrequest) -> R) -> Option<R> {
        self.map.borrow_mut().get_mut(&key).map(change)
    }

    /// What `pick` takes from each subrequest, in key order (request, then n).
    pub(crate) fn select<R>(&self, mut pick: impl FnMut((u32, u32), &Subrequest) -> Option<R>) -> Vec<R> {
        self.map.borrow().iter().filter_map(|(key, sub)| pick(*key, sub)).collect()
    }
}

impl Component for Subrequests {
    fn clear_js_values(&self) {
        self.map.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.map.borrow().is_empty()
    }
}

/// The latencies host code needs drawn after the current task.
#[derive(Default)]
pub(crate) struct Draws {
    // invariant: empty between tasks (the event loop drains it after each).
    queue: RefCell<Vec<PendingDraw>>,
}

impl Draws {
    pub(crate) fn push(&self, draw: PendingDraw) {
        self.queue.borrow_mut().push(draw);
    }

    /// Drops the queued draws `keep` refuses.
    pub(crate) fn retain(&self, keep: impl FnMut(&PendingDraw) -> bool) {
        self.queue.borrow_mut().retain(keep);
    }

    /// Takes every queued draw, in the order they were queued.
    pub(crate) fn take(&self) -> Vec<PendingDraw> {
        std::mem::take(&mut *self.queue.borrow_mut())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.queue.borrow().is_empty()
    }

    pub(crate) fn owns_any(&self, owner: Owner) -> bool {
        self.queue.borrow().iter().any(|d| d.task.owner == owner)
    }

    /// Forgets the draws of I/O `key` (a subrequest or binding operation).
    pub(crate) fn forget(&self, key: (u32, u32)) {
        self.queue.borrow_mut().retain(|d| !d.task.kind.is_subrequest(key));
    }
}

impl Component for Draws {
    // Draws hold no JS value; teardown empties them anyway, as before.
    fn clear_js_values(&self) {
        self.queue.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.queue.borrow().is_empty()
    }
}

/// The message reads of a deadlock-cancelled body reject with (R9).
pub(crate) const DEADLOCK_MESSAGE: &str = "Error: This response body was cancelled by the runtime to avoid a deadlock: the request had the maximum number of subrequests open, none of their bodies was being read, and more fetches were waiting. Read or cancel each response body before starting more fetches.";

impl Host {
    fn open_count(&self, owner: u32) -> u32 {
        let open = self.get::<Subrequests>().select(|_, s| {
            (s.owner == owner && s.is_connection() && matches!(s.state, SubState::AwaitingHeaders | SubState::Open))
                .then_some(())
        });
        open.len() as u32
    }

    pub(crate) fn touch(&self, key: (u32, u32)) {
        let tick = self.next_tick();
        self.get::<Subrequests>().with_mut(key, |sub| sub.last_used = tick);
    }

    pub(crate) fn next_tick(&self) -> u64 {
        let subrequests = self.get::<Subrequests>();
        let t = subrequests.use_clock.get() + 1;
        subrequests.use_clock.set(t);
        t
    }

    /// Sends subrequest `key` if a slot is free, or queues it (R9).
    pub(crate) fn admit(&self, key: (u32, u32)) {
        let limit = self.world.limits.subrequest_concurrency;
        let open = self.open_count(key.0);
        if open >= limit {
            let queued = self.get::<Subrequests>().with_mut(key, |sub| sub.state = SubState::Queued);
            assert!(queued.is_some(), "admitted subrequest exists");
            self.world.record(Owner::Request(key.0), EventKind::SubrequestQueued { n: key.1, open });
            return;
        }
        self.start(key);
    }

    fn start(&self, key: (u32, u32)) {
        let range = self.get::<Subrequests>().with_mut(key, |sub| {
            sub.state = SubState::AwaitingHeaders;
            sub.origin.latency
        });
        let range = range.expect("started subrequest exists");
        assert!(
            self.open_count(key.0) <= self.world.limits.subrequest_concurrency,
            "request {} has at most subrequest_concurrency subrequests open",
            key.0
        );
        self.touch(key);
        self.world.record(Owner::Request(key.0), EventKind::SubrequestStarted { n: key.1 });
        self.get::<Draws>().push(PendingDraw {
            key: LatencyKey::Subrequest { request: key.0, n: key.1 },
            range,
            task: Task {
                isolate: self.isolate,
                owner: Owner::Request(key.0),
                kind: TaskKind::SubrequestHeaders(key.0, key.1),
            },
        });
    }

    /// A slot of `owner` was freed: the oldest queued subrequest starts (FIFO).
    fn release(&self, owner: u32) {
        let queued =
            self.get::<Subrequests>().select(|k, s| (s.owner == owner && s.state == SubState::Queued).then_some(k));
        let next = queued.first().copied();
        if let Some(key) = next
            && self.open_count(owner) < self.world.limits.subrequest_concurrency
        {
            self.start(key);
        }
    }

    /// The body of `key` was fully read: the subrequest is done and its slot free.
    pub(crate) fn finish(&self, key: (u32, u32)) {
        let was_open = self.get::<Subrequests>().with_mut(key, |sub| {
            let open = sub.state == SubState::Open;
            if open {
                sub.state = SubState::Done;
            }
            open
        });
        let was_open = was_open == Some(true);
        if was_open {
            self.world.record(Owner::Request(key.0), EventKind::SubrequestDone { n: key.1 });
            self.release(key.0);
        }
    }

    /// Cancels subrequest `key`: its pending tasks are removed and body reads reject.
    /// A subrequest of an ended request is cancelled with [`REQUEST_ENDED`].
    pub(crate) fn cancel(&self, key: (u32, u32), reason: CancelReason, message: &str, release: bool) {
        let cancelled = self.get::<Subrequests>().with_mut(key, |sub| {
            let was = sub.state;
            if matches!(was, SubState::Done | SubState::Cancelled) {
                return None;
            }
            sub.state = SubState::Cancelled;
            sub.resolvers = None;
            Some((sub.url.clone(), sub.body, was, sub.service))
        });
        let Some(Some((url, body, was, service))) = cancelled else { return };
        if let Some(call) = service
            && was == SubState::AwaitingHeaders
        {
            // The callee, still working on the call, is cancelled in its own isolate.
            crate::host::service::cancel_callee(self, call);
        }
        self.world.tasks.borrow_mut().retain(|_, t| !t.kind.is_subrequest(key));
        self.get::<Draws>().forget(key);
        if let Some(id) = body {
            self.get::<Bodies>().with_mut(id, |state| state.error = Some(message.to_string()));
        }
        self.world.record(Owner::Request(key.0), EventKind::SubrequestCancelled { n: key.1, reason, url });
        if release && was != SubState::Queued {
            self.release(key.0);
        }
    }

    /// Subrequests of `owner` that are queued or in flight.
    pub(crate) fn queued_or_open(&self, owner: u32) -> Vec<((u32, u32), SubState)> {
        self.get::<Subrequests>().select(|k, s| {
            (s.owner == owner && matches!(s.state, SubState::Queued | SubState::AwaitingHeaders | SubState::Open))
                .then_some((k, s.state))
        })
    }
}

/// R9 deadlock avoidance, run when the isolate is idle: a request with a queued fetch,
/// whose open slots all hold responses nobody reads, and that owns no other pending work,
/// loses its least-recently-used open subrequest.
pub(crate) fn avoid_deadlocks(host: &Host) {
    let requests: std::collections::BTreeSet<u32> =
        host.get::<Subrequests>().select(|_, s| (s.state == SubState::Queued).then_some(s.owner)).into_iter().collect();
    for owner in requests {
        let busy = host.world.tasks.borrow().values().any(|t| t.owner == Owner::Request(owner))
            || !host.get::<Draws>().is_empty();
        if busy {
            continue;
        }
        let open = host.get::<Subrequests>().select(|k, s| {
            (s.owner == owner && s.is_connection() && s.state == SubState::Open).then_some((s.last_used, k))
        });
        // The first of the least recently used, in key order (as `min_by_key` keeps).
        let lru = open.iter().min_by_key(|(last_used, _)| *last_used).map(|(_, k)| *k);
        if let Some(key) = lru {
            host.cancel(key, CancelReason::Deadlock, DEADLOCK_MESSAGE, true);
        }
    }
}

/// R6: at the end of request `owner`, subrequests still queued or in flight are
/// cancelled, and bodies that arrived but were never read are recorded.
pub(crate) fn end_request(host: &Host, owner: u32, reason: CancelReason) {
    for (key, state) in host.queued_or_open(owner) {
        let body = host.get::<Subrequests>().with(key, |s| s.body).flatten();
        let disturbed = body.and_then(|id| host.get::<Bodies>().with(id, |b| b.disturbed));
        let connection = host.get::<Subrequests>().with(key, Subrequest::is_connection) == Some(true);
        match (state, disturbed) {
            // A service binding's answer, unread: it held no connection (R9), and the
            // callee's work is done; nothing is lost.
            (SubState::Open, _) if !connection => {
                host.get::<Subrequests>().with_mut(key, |sub| sub.state = SubState::Done);
            }
            // Answered, and nobody started reading the body: the request reached the
            // origin; only the body transfer is cut. That is an unread body (R9).
            (SubState::Open, Some(false)) => {
                let url = host.get::<Subrequests>().with(key, |s| s.url.clone()).unwrap_or_default();
                host.world.tasks.borrow_mut().retain(|_, t| !t.kind.is_subrequest(key));
                host.get::<Draws>().forget(key);
                host.world.record(Owner::Request(owner), EventKind::UnreadBody { n: key.1, url });
                host.get::<Subrequests>().with_mut(key, |sub| sub.state = SubState::Done);
            }
            _ => host.cancel(key, reason, REQUEST_ENDED, false),
        }
    }
}

/// After a task: subrequests whose `AbortSignal` fired are cancelled and their `fetch`
/// promise (or body reads) reject with the signal's reason.
pub(crate) fn check_aborts(host: &Host, context: &mut Context) {
    let aborted: Vec<(u32, u32)> = host.get::<Subrequests>().select(|k, s| {
        (matches!(s.state, SubState::Queued | SubState::AwaitingHeaders | SubState::Open)
            && s.aborted.as_ref().is_some_and(crate::host::abort::AbortFlag::is_set))
        .then_some(k)
    });
    for key in aborted {
        let taken = host.get::<Subrequests>().with_mut(key, |sub| (sub.resolvers.take(), sub.signal.take(), sub.body));
        let (resolvers, signal, body) = taken.expect("listed above");
        let reason = match &signal {
            Some(s) => s.get(boa_engine::js_string!("reason"), context).unwrap_or_default(),
            None => JsValue::undefined(),
        };
        host.cancel(key, CancelReason::Aborted, "AbortError: The operation was aborted.", true);
        let previous = host.current.replace(Owner::Request(key.0));
        if let Some(resolvers) = resolvers {
            crate::host::settle(&resolvers, Err(boa_engine::JsError::from_opaque(reason.clone())), context);
        }
        if let Some(id) = body {
            crate::host::stream::fail_waiters(host, id, reason, context);
        }
        host.current.set(previous);
    }
}
