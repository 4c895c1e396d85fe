//! What every storage binding's operation (KV, D1, R2) shares: it is I/O of the request
//! that started it (R2), numbered with the request's `io_made`, traced when it starts,
//! completed by a task after a latency the schedule draws, and cancelled like a
//! subrequest when its request ends first (R6). A binding keeps its operations in
//! flight in a [`Pending`] of its own operation type.

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsResult, JsValue};
use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::component::Component;
use crate::engine::Host;
use crate::host::require_request;
use crate::location::{Location, caller};
use crate::model::MsRange;
use crate::scheduler::LatencyKey;
use crate::subrequest::{Draws, PendingDraw};
use crate::trace::{CancelReason, EventKind, Owner};
use crate::world::{Completion, Phase, Task, TaskKind};

/// A binding operation in flight.
pub(crate) trait BindingOp: 'static {
    /// The label of its completion task in scheduler choices (`kv`, `queue send`).
    const LABEL: &'static str;
    /// How the operation appears in cancellation events (`kv://CACHE/key (put)`).
    fn describe(&self) -> String;
    /// Its completion task runs: takes operation `key` with [`take`] (nothing to do if
    /// it was cancelled) and settles its promise.
    fn complete(host: &Host, key: (u32, u32), context: &mut Context);
}

/// A binding's operations in flight, by (request id, n).
pub(crate) struct Pending<T> {
    // invariant: every operation here has its completion task (or draw) queued.
    ops: RefCell<BTreeMap<(u32, u32), T>>,
}

impl<T> Default for Pending<T> {
    fn default() -> Self {
        Pending { ops: RefCell::new(BTreeMap::new()) }
    }
}

impl<T: BindingOp> Component for Pending<T> {
    fn clear_js_values(&self) {
        self.ops.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.ops.borrow().is_empty()
    }
    fn cancel_owned_by(&self, owner: u32) -> Vec<((u32, u32), String)> {
        let mut ops = self.ops.borrow_mut();
        let keys: Vec<(u32, u32)> = ops.keys().filter(|k| k.0 == owner).copied().collect();
        keys.into_iter().filter_map(|key| ops.remove(&key).map(|op| (key, op.describe()))).collect()
    }
}

/// An operation just started: its number, its promise, and the functions that settle it.
pub(crate) struct Started {
    pub owner: u32,
    pub n: u32,
    pub promise: JsPromise,
    pub resolvers: ResolvingFunctions,
}

/// Starts an operation of the running request: numbers it, records `event(n, caller)`,
/// and makes its promise (tagged for provenance as `what`). Throws at the top level (R2).
pub(crate) fn begin(
    api: &str,
    what: &'static str,
    event: impl FnOnce(u32, Option<Location>) -> EventKind,
    context: &mut Context,
) -> JsResult<Started> {
    let host = Host::of(context);
    let Owner::Request(owner) = require_request(&host, api)? else { unreachable!("require_request") };
    let at = caller(context);
    let n = host.world.next_io(owner);
    host.record(event(n, at));
    let (promise, resolvers) = JsPromise::new_pending(context);
    crate::provenance::tag_host(&host, &promise, what, context);
    Ok(Started { owner, n, promise, resolvers })
}

/// Queues `op` to complete after a latency drawn from `latency` (its task runs
/// [`BindingOp::complete`]); or, when its request has already ended, cancels it at once
/// (its promise never settles). Returns the operation's promise.
pub(crate) fn queue<T: BindingOp>(host: &Host, started: &Started, op: T, latency: MsRange) -> JsValue {
    let (owner, n) = (started.owner, started.n);
    let kind = TaskKind::BindingOp(owner, n, Completion { label: T::LABEL, run: T::complete });
    if host.world.with_request(owner, |r| r.phase) == Phase::Done {
        host.record(EventKind::SubrequestCancelled { n, reason: CancelReason::RequestEnded, url: op.describe() });
        return started.promise.clone().into();
    }
    host.get::<Pending<T>>().ops.borrow_mut().insert((owner, n), op);
    host.get::<Draws>().push(PendingDraw {
        key: LatencyKey::Binding { request: owner, n },
        range: latency,
        task: Task { isolate: host.isolate, owner: Owner::Request(owner), kind },
    });
    started.promise.clone().into()
}

/// Takes operation `key` out of flight when its task runs; `None` if it was cancelled.
pub(crate) fn take<T: BindingOp>(host: &Host, key: (u32, u32)) -> Option<T> {
    host.get::<Pending<T>>().ops.borrow_mut().remove(&key)
}

/// R6: the operations of request `owner` still in flight, of every binding, are
/// cancelled in the order they started, each traced.
pub(crate) fn end_request(host: &Host, owner: u32, reason: CancelReason) {
    for (key, url) in host.cancel_io_of(owner) {
        debug_assert_eq!(key.0, owner, "a component cancelled another request's I/O");
        host.world.tasks.borrow_mut().retain(|_, t| !t.kind.is_subrequest(key));
        host.get::<Draws>().forget(key);
        host.world.record(Owner::Request(owner), EventKind::SubrequestCancelled { n: key.1, reason, url });
    }
}

/// The `env` objects of a binding kind whose API is written in JS: `module`'s
/// `factory(name)` for each binding name, in order.
pub(crate) fn env_objects<'a>(
    names: impl Iterator<Item = &'a str>,
    module: crate::host::web::WebModule,
    factory: &str,
    context: &mut Context,
) -> JsResult<Vec<(String, boa_engine::JsObject)>> {
    let mut out = Vec::new();
    for name in names {
        let binding: JsValue = boa_engine::JsString::from(name).into();
        let object = crate::host::web::call(module, factory, &[binding], context)?;
        let object = object
            .as_object()
            .ok_or_else(|| boa_engine::js_error!(TypeError: "{} made no binding object", factory))?
            .clone();
        out.push((name.to_string(), object));
    }
    Ok(out)
}
