//! `setTimeout`/`setInterval`/`clearTimeout`/`clearInterval` on the virtual clock.
//!
//! A timer is owned by the request running when it was set (R2) and fires as a task of
//! that request (R4). Timers with equal deadlines fire in creation order, because task
//! keys order by (deadline, creation sequence).

use boa_engine::object::builtins::JsFunction;
use boa_engine::{Context, JsObject, JsResult, JsValue, NativeFunction, js_string};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use crate::component::Component;
use crate::engine::Host;
use crate::host::require_request;
use crate::location::caller;
use crate::trace::{EventKind, Owner};
use crate::world::{Task, TaskKey, TaskKind};

/// A pending timer (R2: owned by the request that set it).
pub(crate) struct Timer {
    pub owner: Owner,
    pub callback: JsFunction,
    pub args: Vec<JsValue>,
    pub due_ms: u64,
    pub interval_ms: Option<u64>,
    pub task: TaskKey,
    pub at: Option<crate::Location>,
    /// The async context frame when the timer was set.
    pub frame: Option<JsObject>,
    /// Set by the runtime for itself (`AbortSignal.timeout`), not by user code.
    pub internal: bool,
}

/// The isolate's pending timers, by id.
#[derive(Default)]
pub(crate) struct Timers {
    // invariant: every timer here has its task queued in the world; ids are >= 1 and
    // never reused (JS reads 0 as "no timer").
    pending: RefCell<BTreeMap<u32, Timer>>,
    last_id: Cell<u32>,
}

impl Timers {
    fn next_id(&self) -> u32 {
        let id = self.last_id.get() + 1;
        self.last_id.set(id);
        assert!(id >= 1, "timer ids start at 1");
        id
    }

    /// Removes and returns the timers of `owner` (R6/R7 drop them).
    pub(crate) fn take_owned_by(&self, owner: Owner) -> Vec<(u32, Timer)> {
        let mut pending = self.pending.borrow_mut();
        let ids: Vec<u32> = pending.iter().filter(|(_, t)| t.owner == owner).map(|(id, _)| *id).collect();
        ids.into_iter().filter_map(|id| pending.remove(&id).map(|t| (id, t))).collect()
    }
}

impl Component for Timers {
    fn clear_js_values(&self) {
        self.pending.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.pending.borrow().is_empty()
    }
}

/// A delay as the HTML timer rules read it: a number, NaN and negatives as 0, truncated.
fn delay_ms(value: Option<&JsValue>, context: &mut Context) -> JsResult<u64> {
    let n = match value {
        Some(v) => v.to_number(context)?,
        None => 0.0,
    };
    Ok(if n.is_finite() && n > 0.0 { n.min(i32::MAX as f64) as u64 } else { 0 })
}

fn set(args: &[JsValue], repeat: bool, context: &mut Context) -> JsResult<JsValue> {
    let callback = args
        .first()
        .and_then(JsValue::as_object)
        .and_then(|o| JsFunction::from_object(o.clone()))
        .ok_or_else(|| boa_engine::js_error!(TypeError: "The \"callback\" argument must be of type function."))?;
    let delay = delay_ms(args.get(1), context)?;
    let extra = args.get(2..).map(<[JsValue]>::to_vec).unwrap_or_default();
    let api = if repeat { "setInterval()" } else { "setTimeout()" };
    schedule(callback, extra, delay, repeat, false, api, context).map(JsValue::from)
}

/// Creates a timer owned by the running request (R2) and queues its task. `internal`
/// timers are the runtime's own (`AbortSignal.timeout`).
pub(crate) fn schedule(
    callback: JsFunction,
    args: Vec<JsValue>,
    delay: u64,
    repeat: bool,
    internal: bool,
    api: &str,
    context: &mut Context,
) -> JsResult<u32> {
    let host = Host::of(context);
    let owner = require_request(&host, api)?;
    let timers = host.get::<Timers>();
    let id = timers.next_id();
    let due = host.world.now() + delay;
    let at = caller(context);
    host.record(EventKind::TimerSet { timer: id, delay_ms: delay, repeat, at: at.clone() });
    if let Some(request) = owner.request()
        && host.world.phase(request) == crate::world::Phase::Done
    {
        // Code still running for a request that has ended: the timer never fires (R6).
        let reason = crate::trace::DropReason::ResponseTime;
        host.record(EventKind::TimerDropped { timer: id, due_ms: due, reason, at, internal });
        return Ok(id);
    }
    let task = host.world.schedule(due, Task { isolate: host.isolate, owner, kind: TaskKind::Timer(id) });
    let frame = host.async_frame.borrow().clone();
    let interval_ms = repeat.then_some(delay.max(1));
    timers
        .pending
        .borrow_mut()
        .insert(id, Timer { owner, callback, args, due_ms: due, interval_ms, task, at, frame, internal });
    Ok(id)
}

pub(crate) fn set_timeout(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    set(args, false, context)
}

pub(crate) fn set_interval(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    set(args, true, context)
}

pub(crate) fn clear(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    // The id is converted as workerd converts it (a number): a node:timers `Timeout` gives
    // its timer's id through `Symbol.toPrimitive`.
    let id = match args.first() {
        None => None,
        Some(value) if value.is_null_or_undefined() => None,
        Some(value) => Some(value.to_number(context)?),
    };
    let Some(id) = id.filter(|n| n.fract() == 0.0 && *n >= 0.0) else {
        return Ok(JsValue::undefined());
    };
    let removed = host.get::<Timers>().pending.borrow_mut().remove(&(id as u32));
    if let Some(timer) = removed {
        host.world.unschedule(timer.task);
        host.record(EventKind::TimerCleared { timer: id as u32 });
    }
    Ok(JsValue::undefined())
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    crate::host::global_scope::callable("setTimeout", 0, set_timeout, context)?;
    crate::host::global_scope::callable("setInterval", 0, set_interval, context)?;
    crate::host::global_scope::callable("clearTimeout", 0, clear, context)?;
    crate::host::global_scope::callable("clearInterval", 0, clear, context)?;
    let scheduler = boa_engine::object::ObjectInitializer::new(context)
        .function(NativeFunction::from_fn_ptr(scheduler_wait), js_string!("wait"), 1)
        .build();
    context.register_global_property(js_string!("scheduler"), scheduler, boa_engine::property::Attribute::all())?;
    Ok(())
}

/// `scheduler.wait(ms)`: a promise fulfilled by a timer of the running request (a
/// timer like any other: it keeps the request alive and is dropped with it, R6).
fn scheduler_wait(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let delay = delay_ms(args.first(), context)?;
    let (promise, resolvers) = boa_engine::object::builtins::JsPromise::new_pending(context);
    let host = Host::of(context);
    crate::provenance::tag_host(&host, &promise, "scheduler.wait()", context);
    schedule(resolvers.resolve, Vec::new(), delay, false, false, "scheduler.wait()", context)?;
    Ok(promise.into())
}

/// Runs the task of timer `id`: re-arms an interval, then calls the callback as its owner.
pub(crate) fn fire(host: &Host, id: u32, context: &mut Context) -> Option<JsResult<JsValue>> {
    let (callback, args, owner, frame) = {
        let timers = host.get::<Timers>();
        let mut timers = timers.pending.borrow_mut();
        let timer = timers.get_mut(&id)?;
        let found = (timer.callback.clone(), timer.args.clone(), timer.owner, timer.frame.clone());
        match timer.interval_ms {
            Some(interval) => {
                timer.due_ms = host.world.now() + interval;
                timer.task = host.world.schedule(
                    timer.due_ms,
                    Task { isolate: host.isolate, owner: timer.owner, kind: TaskKind::Timer(id) },
                );
            }
            None => {
                timers.remove(&id);
            }
        }
        found
    };
    host.current.set(owner);
    host.record(EventKind::TimerFired { timer: id });
    *host.async_frame.borrow_mut() = frame;
    let result = callback.call(&JsValue::undefined(), &args, context);
    host.async_frame.borrow_mut().take();
    Some(result)
}
