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

impl Subrequests {
    pub(crate) fn borrow(&self) -> std::cell::Ref<'_, BTreeMap<(u32, u32), Subrequest>> {
        self.map.borrow()
    }

    pub(crate) fn borrow_mut(&self) -> std::cell::RefMut<'_, BTreeMap<(u32, u32), Subrequest>> {
        self.map.borrow_mut()
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
        self.get::<Subrequests>()
            .borrow()
            .values()
            .filter(|s| {
                s.owner == owner && s.is_connection() && matches!(s.state, SubState::AwaitingHeaders | SubState::Open)
            })
            .count() as u32
    }

    pub(crate) fn touch(&self, key: (u32, u32)) {
        let tick = self.next_tick();
        if let Some(sub) = self.get::<Subrequests>().borrow_mut().get_mut(&key) {
            sub.last_used = tick;
        }
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
            self.get::<Subrequests>().borrow_mut().get_mut(&key).expect("admitted subrequest exists").state =
                SubState::Queued;
            self.world.record(Owner::Request(key.0), EventKind::SubrequestQueued { n: key.1, open });
            return;
        }
        self.start(key);
    }

    fn start(&self, key: (u32, u32)) {
        let range = {
            let subs = self.get::<Subrequests>();
            let mut subs = subs.borrow_mut();
            let sub = subs.get_mut(&key).expect("started subrequest exists");
            sub.state = SubState::AwaitingHeaders;
            sub.origin.latency
        };
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
        let next = self
            .get::<Subrequests>()
            .borrow()
            .iter()
            .find(|(_, s)| s.owner == owner && s.state == SubState::Queued)
            .map(|(k, _)| *k);
        if let Some(key) = next
            && self.open_count(owner) < self.world.limits.subrequest_concurrency
        {
            self.start(key);
        }
    }

    /// The body of `key` was fully read: the subrequest is done and its slot free.
    pub(crate) fn finish(&self, key: (u32, u32)) {
        let was_open = {
            let subs = self.get::<Subrequests>();
            let mut subs = subs.borrow_mut();
            match subs.get_mut(&key) {
                Some(sub) if sub.state == SubState::Open => {
                    sub.state = SubState::Done;
                    true
                }
                _ => false,
            }
        };
        if was_open {
            self.world.record(Owner::Request(key.0), EventKind::SubrequestDone { n: key.1 });
            self.release(key.0);
        }
    }

    /// Cancels subrequest `key`: its pending tasks are removed and body reads reject.
    /// A subrequest of an ended request is cancelled with [`REQUEST_ENDED`].
    pub(crate) fn cancel(&self, key: (u32, u32), reason: CancelReason, message: &str, release: bool) {
        let (url, body, was, service) = {
            let subs = self.get::<Subrequests>();
            let mut subs = subs.borrow_mut();
            let Some(sub) = subs.get_mut(&key) else { return };
            let was = sub.state;
            if matches!(was, SubState::Done | SubState::Cancelled) {
                return;
            }
            sub.state = SubState::Cancelled;
            sub.resolvers = None;
            (sub.url.clone(), sub.body, was, sub.service)
        };
        if let Some(call) = service
            && was == SubState::AwaitingHeaders
        {
            // The callee, still working on the call, is cancelled in its own isolate.
            crate::host::service::cancel_callee(self, call);
        }
        self.world.tasks.borrow_mut().retain(|_, t| !t.kind.is_subrequest(key));
        self.get::<Draws>().forget(key);
        if let Some(id) = body
            && let Some(state) = self.get::<Bodies>().borrow_mut().get_mut(&id)
        {
            state.error = Some(message.to_string());
        }
        self.world.record(Owner::Request(key.0), EventKind::SubrequestCancelled { n: key.1, reason, url });
        if release && was != SubState::Queued {
            self.release(key.0);
        }
    }

    /// Subrequests of `owner` that are queued or in flight.
    pub(crate) fn queued_or_open(&self, owner: u32) -> Vec<((u32, u32), SubState)> {
        self.get::<Subrequests>()
            .borrow()
            .iter()
            .filter(|(_, s)| {
                s.owner == owner && matches!(s.state, SubState::Queued | SubState::AwaitingHeaders | SubState::Open)
            })
            .map(|(k, s)| (*k, s.state))
            .collect()
    }
}

/// R9 deadlock avoidance, run when the isolate is idle: a request with a queued fetch,
/// whose open slots all hold responses nobody reads, and that owns no other pending work,
/// loses its least-recently-used open subrequest.
pub(crate) fn avoid_deadlocks(host: &Host) {
    let requests: Vec<u32> = host
        .get::<Subrequests>()
        .borrow()
        .values()
        .filter(|s| s.state == SubState::Queued)
        .map(|s| s.owner)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for owner in requests {
        let busy = host.world.tasks.borrow().values().any(|t| t.owner == Owner::Request(owner))
            || !host.get::<Draws>().is_empty();
        if busy {
            continue;
        }
        let lru = host
            .get::<Subrequests>()
            .borrow()
            .iter()
            .filter(|(_, s)| s.owner == owner && s.is_connection() && s.state == SubState::Open)
            .min_by_key(|(_, s)| s.last_used)
            .map(|(k, _)| *k);
        if let Some(key) = lru {
            host.cancel(key, CancelReason::Deadlock, DEADLOCK_MESSAGE, true);
        }
    }
}

/// R6: at the end of request `owner`, subrequests still queued or in flight are
/// cancelled, and bodies that arrived but were never read are recorded.
pub(crate) fn end_request(host: &Host, owner: u32, reason: CancelReason) {
    for (key, state) in host.queued_or_open(owner) {
        let body = host.get::<Subrequests>().borrow().get(&key).and_then(|s| s.body);
        let disturbed = body.and_then(|id| host.get::<Bodies>().borrow().get(&id).map(|b| b.disturbed));
        let connection = host.get::<Subrequests>().borrow().get(&key).is_some_and(Subrequest::is_connection);
        match (state, disturbed) {
            // A service binding's answer, unread: it held no connection (R9), and the
            // callee's work is done; nothing is lost.
            (SubState::Open, _) if !connection => {
                if let Some(sub) = host.get::<Subrequests>().borrow_mut().get_mut(&key) {
                    sub.state = SubState::Done;
                }
            }
            // Answered, and nobody started reading the body: the request reached the
            // origin; only the body transfer is cut. That is an unread body (R9).
            (SubState::Open, Some(false)) => {
                let url = host.get::<Subrequests>().borrow().get(&key).map(|s| s.url.clone()).unwrap_or_default();
                host.world.tasks.borrow_mut().retain(|_, t| !t.kind.is_subrequest(key));
                host.get::<Draws>().forget(key);
                host.world.record(Owner::Request(owner), EventKind::UnreadBody { n: key.1, url });
                if let Some(sub) = host.get::<Subrequests>().borrow_mut().get_mut(&key) {
                    sub.state = SubState::Done;
                }
            }
            _ => host.cancel(key, reason, REQUEST_ENDED, false),
        }
    }
}

/// After a task: subrequests whose `AbortSignal` fired are cancelled and their `fetch`
/// promise (or body reads) reject with the signal's reason.
pub(crate) fn check_aborts(host: &Host, context: &mut Context) {
    let aborted: Vec<(u32, u32)> = host
        .get::<Subrequests>()
        .borrow()
        .iter()
        .filter(|(_, s)| {
            matches!(s.state, SubState::Queued | SubState::AwaitingHeaders | SubState::Open)
                && s.aborted.as_ref().is_some_and(crate::host::abort::AbortFlag::is_set)
        })
        .map(|(k, _)| *k)
        .collect();
    for key in aborted {
        let (resolvers, signal, body) = {
            let subs = host.get::<Subrequests>();
            let mut subs = subs.borrow_mut();
            let sub = subs.get_mut(&key).expect("listed above");
            (sub.resolvers.take(), sub.signal.take(), sub.body)
        };
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
