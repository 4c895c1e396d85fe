//! The life of a request: dispatch (R5), `respondWith`, `waitUntil`, the true
//! ResponseTime and its cleanup (R6), hangs (R7) and CPU-limit stops (R11).
//!
//! Invariant: a request's answer is decided exactly once, here; every drop of a timer
//! goes through [`drop_timers`] so that it is traced with its reason.

use boa_engine::builtins::promise::PromiseState;
use boa_engine::class::Class;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsResult, JsValue, js_string};

use crate::engine::{EngineStop, Host, Microtasks, Registrations, Rejections, is_pending};
use crate::host::fetch_event::Handlers;
use crate::host::fetch_event::{ExecutionContext, FetchEvent};
use crate::host::request::Request;
use crate::host::{dom_exception, response};
use crate::location::{Thrown, caller, describe_error, describe_value};
use crate::model::Syntax;
use crate::outcome::OutcomeKind;
use crate::subrequest::Draws;
use crate::trace::{DropReason, EventKind, Misuse, Owner};
use crate::world::{Answer, Phase, Task, TaskKind};

/// R5: `respondWith` — only during dispatch, only once.
pub(crate) fn respond_with(id: u32, value: JsValue, context: &mut Context) -> JsResult<()> {
    let host = Host::of(context);
    let world = &host.world;
    let (phase, called) = world.with_request(id, |r| (r.phase, r.respond_with_called));
    let at = caller(context);
    if phase != Phase::Dispatching {
        let current = host.current.get();
        if current != Owner::Request(id) {
            host.record(EventKind::RespondWithMisuse { misuse: Misuse::Foreign, target: Owner::Request(id), at });
            return Err(dom_exception(
                "InvalidStateError",
                "Too late to call FetchEvent.respondWith(). It must be called synchronously in the event handler.",
                context,
            ));
        }
        // workerd accepts a late call silently and ignores it.
        host.record(EventKind::RespondWithMisuse { misuse: Misuse::Late, target: Owner::Request(id), at });
        return Ok(());
    }
    if called {
        host.record(EventKind::RespondWithMisuse { misuse: Misuse::Twice, target: Owner::Request(id), at });
        return Err(dom_exception(
            "InvalidStateError",
            "FetchEvent.respondWith() has already been called; it can only be called once.",
            context,
        ));
    }
    accept_response(&host, id, value, at, context)
}

fn accept_response(
    host: &Host,
    id: u32,
    value: JsValue,
    at: Option<crate::Location>,
    context: &mut Context,
) -> JsResult<()> {
    let is_promise = value.as_object().is_some_and(|o| JsPromise::from_object(o.clone()).is_ok());
    let promise = JsPromise::resolve(value, context)?;
    // A `scheduled` or `queue` handler's promise is not a response: nothing to trace.
    if host.world.with_request(id, |r| r.spec.is_fetch()) {
        host.world.record(Owner::Request(id), EventKind::RespondWith { promise: is_promise, at });
    }
    host.world.with_request(id, |r| {
        r.respond_with_called = true;
        r.response = Some(promise);
    });
    Ok(())
}

/// R6: `waitUntil` keeps the request alive after its response, until `promise` settles.
///
/// The runtime consumes the promise itself, so its rejection is never "unhandled": it is
/// an uncaught exception of the request, as workerd logs it (`Uncaught (in promise)`,
/// reported with the request's other exceptions).
pub(crate) fn wait_until(id: u32, value: JsValue, context: &mut Context) -> JsResult<()> {
    let host = Host::of(context);
    let promise = JsPromise::resolve(value, context)?;
    let at = caller(context);
    host.world.record(host.current.get(), EventKind::WaitUntil { at });
    let on_rejected = boa_engine::NativeFunction::from_copy_closure_with_captures(
        |_, args, id: &u32, context| {
            let reason = args.first().cloned().unwrap_or_default();
            let thrown = describe_value(&reason, context);
            let host = Host::of(context);
            let event = EventKind::UncaughtError { message: thrown.message, stack: thrown.stack, at: thrown.at };
            host.world.record(Owner::Request(*id), event);
            Ok(JsValue::undefined())
        },
        id,
    )
    .to_js_function(context.realm());
    // The derived promise fulfils (the handler returns), so it is never a rejection itself.
    drop(promise.then(None, Some(on_rejected), context));
    host.world.with_request(id, |r| r.wait_until.push(promise));
    Ok(())
}

pub(crate) fn pass_through_on_exception(id: u32, context: &mut Context) {
    Host::of(context).world.with_request(id, |r| r.pass_through_on_exception = true);
}

/// Runs the dispatch task of request `id`: calls the fetch listeners (service-worker
/// syntax) or the default export's `fetch` (module syntax) synchronously (R5); for a
/// `scheduled` or `queue` event, that handler instead.
pub(crate) fn dispatch(host: &Host, id: u32, syntax: Syntax, env: &JsValue, context: &mut Context) -> Option<Thrown> {
    let owner = Owner::Request(id);
    host.current.set(owner);
    let spec = host.world.with_request(id, |r| {
        r.phase = Phase::Dispatching;
        r.spec.clone()
    });
    host.record(EventKind::Dispatch);
    let object = host.world.with_request(id, |r| r.object);
    let thrown = if let Some(object) = object {
        dispatch_object(host, id, object, env, context)
    } else if spec.is_fetch() {
        dispatch_fetch(host, id, &spec, syntax, env, context)
    } else if let crate::model::EventSpec::Rpc { method, args } = &spec.event {
        dispatch_rpc(host, id, method, args, env, context)
    } else if let crate::model::EventSpec::Workflow { binding, class, instance, payload } = &spec.event {
        let started = crate::host::workflows::run_instance(id, binding, class, instance, payload, env, context);
        started
            .and_then(|value| accept_response(host, id, value, None, context))
            .err()
            .map(|error| describe_error(&error, context))
    } else {
        dispatch_event(host, id, &spec, syntax, env, context)
    };
    await_response(host, id);
    thrown
}

fn dispatch_fetch(
    host: &Host,
    id: u32,
    spec: &crate::model::RequestSpec,
    syntax: Syntax,
    env: &JsValue,
    context: &mut Context,
) -> Option<Thrown> {
    let from_client = host.world.with_request(id, |r| r.called_by.is_none());
    // The router in front of a worker with static assets: what they answer never
    // reaches the worker's code.
    if from_client
        && spec.websocket.is_none()
        && let Some(answer) = crate::host::assets::serve_incoming(spec, context)
    {
        return match answer.and_then(|response| accept_response(host, id, response, None, context)) {
            Ok(()) => None,
            Err(error) => Some(describe_error(&error, context)),
        };
    }
    let request = match Request::incoming(spec, id, from_client, context) {
        Ok(request) => request,
        Err(error) => return Some(describe_error(&error, context)),
    };
    let mut thrown = None;
    match syntax {
        Syntax::ServiceWorker => {
            let event = match FetchEvent::from_data(FetchEvent { request_id: id, request }, context) {
                Ok(event) => event,
                Err(error) => return Some(describe_error(&error, context)),
            };
            host.world.with_request(id, |r| r.event = Some(event.clone()));
            let listeners = host.get::<Handlers>().listeners();
            for listener in listeners {
                if let Err(error) = listener.call(&JsValue::undefined(), &[event.clone().into()], context) {
                    let t = describe_error(&error, context);
                    let stop = t.stop;
                    thrown = Some(t);
                    if stop.is_some() {
                        break;
                    }
                }
            }
        }
        Syntax::Module => {
            let result = (|| {
                let handler =
                    entrypoint(host, id).ok_or_else(|| boa_engine::js_error!(TypeError: "no fetch handler"))?;
                let ctx: JsValue = ExecutionContext::from_data(ExecutionContext { request_id: id }, context)?.into();
                let (receiver, args) = receiver(handler, request.into(), env, ctx, context)?;
                let fetch = receiver.get(js_string!("fetch"), context)?;
                let fetch = fetch
                    .as_callable()
                    .ok_or_else(|| boa_engine::js_error!(TypeError: "Handler does not export a fetch() function."))?;
                fetch.call(&receiver.into(), &args, context)
            })();
            match result {
                Ok(value) => {
                    if let Err(error) = accept_response(host, id, value, None, context) {
                        thrown = Some(describe_error(&error, context));
                    }
                }
                Err(error) => thrown = Some(describe_error(&error, context)),
            }
        }
    }
    thrown
}

/// Dispatches a call to Durable Object `object`: its instance is made if it has none (the
/// constructor runs now, for this call), then the call is delivered unless the object's
/// input gate closed meanwhile (a `blockConcurrencyWhile` in the constructor, a storage
/// read): then a `DoDeliver` task delivers it when the gate opens (R15).
fn dispatch_object(host: &Host, id: u32, object: u32, env: &JsValue, context: &mut Context) -> Option<Thrown> {
    if let Err(error) = crate::host::durable_object::instance(host, object, env, context) {
        return Some(describe_error(&error, context));
    }
    if host.world.objects.gated(object, id, true, None) {
        host.world.with_request(id, |r| r.delivery_deferred = true);
        host.world.schedule(
            host.world.now(),
            Task { isolate: host.isolate, owner: Owner::Request(id), kind: TaskKind::DoDeliver(id) },
        );
        return None;
    }
    deliver_to_object(host, id, object, env, context)
}

/// Runs the handler of call `id` on the object's instance: `fetch(request)`, or the RPC
/// method; its promise takes the response's place.
fn deliver_to_object(host: &Host, id: u32, object: u32, env: &JsValue, context: &mut Context) -> Option<Thrown> {
    let spec = host.world.with_request(id, |r| r.spec.clone());
    crate::host::durable_object::note_early_delivery(host, id, object);
    let result = (|| -> JsResult<JsValue> {
        let instance = crate::host::durable_object::instance(host, object, env, context)?;
        match &spec.event {
            crate::model::EventSpec::Rpc { method, args } => {
                crate::host::durable_object::invoke(&instance, method, args, context)
            }
            crate::model::EventSpec::Alarm { retry_count } => {
                crate::host::durable_object::run_alarm(&instance, *retry_count, context)
            }
            event @ crate::model::EventSpec::WebSocket { .. } => {
                crate::host::websocket::run_hibernation_event(&instance, event, context)
            }
            _ => {
                let request = Request::incoming(&spec, id, false, context)?;
                let fetch = instance.get(js_string!("fetch"), context)?;
                let fetch = fetch
                    .as_callable()
                    .ok_or_else(|| boa_engine::js_error!(TypeError: "Handler does not export a fetch() function."))?;
                fetch.call(&instance.clone().into(), &[request.into()], context)
            }
        }
    })();
    let accepted = result.and_then(|value| accept_response(host, id, value, None, context));
    accepted.err().map(|error| describe_error(&error, context))
}

/// The `DoDeliver` task of call `id`: the object's input gate opened.
pub(crate) fn deliver(host: &Host, id: u32, env: &JsValue, context: &mut Context) -> Option<Thrown> {
    let object = host.world.with_request(id, |r| r.object).expect("only a Durable Object call is delivered later");
    host.current.set(Owner::Request(id));
    host.world.with_request(id, |r| {
        r.delivery_deferred = false;
        r.phase = Phase::Dispatching;
    });
    let thrown = deliver_to_object(host, id, object, env, context);
    await_response(host, id);
    thrown
}

/// The module handler request `id` goes to: the entrypoint its service binding names, or
/// the default export.
fn entrypoint(host: &Host, id: u32) -> Option<boa_engine::JsObject> {
    let named = host.world.with_request(id, |r| r.called_by.as_ref().and_then(|c| c.entrypoint.clone()));
    match named {
        Some(name) => host.get::<Handlers>().entrypoint(&name),
        None => host.get::<Handlers>().default_export(),
    }
}

/// The object a handler method is called on, and its arguments: an entrypoint object's
/// method takes `(argument, env, ctx)`; a class-based entrypoint (`extends
/// WorkerEntrypoint`) is constructed with `(ctx, env)` for each event, as workerd does,
/// and its method takes the argument alone.
fn receiver(
    handler: boa_engine::JsObject,
    argument: JsValue,
    env: &JsValue,
    ctx: JsValue,
    context: &mut Context,
) -> JsResult<(boa_engine::JsObject, Vec<JsValue>)> {
    if handler.is_constructor() {
        let instance = handler.construct(&[ctx, env.clone()], None, context)?;
        Ok((instance, vec![argument]))
    } else {
        Ok((handler, vec![argument, env.clone(), ctx]))
    }
}

/// Dispatches an RPC call through a service binding: the method runs on the entrypoint
/// (`web/service.js`'s `invoke`, which always returns a promise), and that promise takes
/// the response's place.
fn dispatch_rpc(
    host: &Host,
    id: u32,
    method: &str,
    payload: &str,
    env: &JsValue,
    context: &mut Context,
) -> Option<Thrown> {
    let result = (|| -> JsResult<JsValue> {
        let handler: JsValue = entrypoint(host, id).map(JsValue::from).unwrap_or_default();
        let ctx: JsValue = ExecutionContext::from_data(ExecutionContext { request_id: id }, context)?.into();
        let args = [handler, js_string!(method).into(), js_string!(payload).into(), env.clone(), ctx];
        crate::host::web::call(crate::host::web::WebModule::Service, "invoke", &args, context)
    })();
    let accepted = result.and_then(|value| accept_response(host, id, value, None, context));
    accepted.err().map(|error| describe_error(&error, context))
}

/// Dispatches a `scheduled` or `queue` event: the module's handler is called with its
/// controller (or batch), `env` and `ctx`, and the promise it returns plays the part of
/// a response; service-worker listeners get an event whose `waitUntil` holds the event
/// open. The event completes when that promise and every `waitUntil` promise settle.
fn dispatch_event(
    host: &Host,
    id: u32,
    spec: &crate::model::RequestSpec,
    syntax: Syntax,
    env: &JsValue,
    context: &mut Context,
) -> Option<Thrown> {
    use crate::host::web::{WebModule, call};
    let result = (|| -> JsResult<JsValue> {
        let now = (host.world.epoch_ms + host.world.now() as i64) as f64;
        let ctx: JsValue = ExecutionContext::from_data(ExecutionContext { request_id: id }, context)?.into();
        let (name, argument) = match &spec.event {
            crate::model::EventSpec::Fetch
            | crate::model::EventSpec::Rpc { .. }
            | crate::model::EventSpec::Alarm { .. }
            | crate::model::EventSpec::WebSocket { .. }
            | crate::model::EventSpec::Workflow { .. } => {
                unreachable!(
                    "fetch events, RPC calls, alarms, WebSocket events and Workflow runs have dispatchers of their own"
                )
            }
            crate::model::EventSpec::Scheduled { cron } => {
                let cron: JsValue = js_string!(cron.as_str()).into();
                let argument = match syntax {
                    Syntax::Module => call(WebModule::Handlers, "controller", &[now.into(), cron], context)?,
                    Syntax::ServiceWorker => {
                        call(WebModule::Handlers, "scheduledEvent", &[now.into(), cron, ctx.clone()], context)?
                    }
                };
                ("scheduled", argument)
            }
            crate::model::EventSpec::Queue { messages } => {
                let messages = serde_json::to_value(messages).map_err(|e| boa_engine::js_error!(Error: "{}", e))?;
                let messages = JsValue::from_json(&messages, context)?;
                let queue: JsValue = js_string!(spec.url.as_str()).into();
                let batch = call(WebModule::Handlers, "batch", &[queue, messages, now.into()], context)?;
                host.world.with_request(id, |r| r.event = batch.as_object());
                let argument = match syntax {
                    Syntax::Module => batch,
                    Syntax::ServiceWorker => call(WebModule::Handlers, "queueEvent", &[batch, ctx.clone()], context)?,
                };
                ("queue", argument)
            }
        };
        match syntax {
            Syntax::Module => {
                let handler =
                    entrypoint(host, id).ok_or_else(|| boa_engine::js_error!(TypeError: "no default export"))?;
                let (handler, args) = receiver(handler, argument, env, ctx, context)?;
                let function = handler.get(js_string!(name), context)?;
                // workerd's texts, word for word (the scheduled one has no full stop).
                let missing = match name {
                    "scheduled" => "Handler does not export a scheduled() function",
                    _ => "Handler does not export a queue() function.",
                };
                let function = function.as_callable().ok_or_else(|| boa_engine::js_error!(Error: "{}", missing))?;
                function.call(&handler.clone().into(), &args, context)
            }
            Syntax::ServiceWorker => {
                let listeners = host.get::<Handlers>().listeners_of(name);
                if listeners.is_empty() {
                    let missing = match name {
                        "scheduled" => "No event listener registered for scheduled events.",
                        _ => "No event listener registered for queue messages.",
                    };
                    return Err(boa_engine::js_error!(Error: "{}", missing));
                }
                for listener in listeners {
                    listener.call(&JsValue::undefined(), std::slice::from_ref(&argument), context)?;
                }
                Ok(JsValue::undefined())
            }
        }
    })();
    let accepted = result.and_then(|value| accept_response(host, id, value, None, context));
    accepted.err().map(|error| describe_error(&error, context))
}

/// After the dispatch task and its microtasks: a request that threw or never called
/// `respondWith` is answered now (R5).
pub(crate) fn after_dispatch(host: &Host, id: u32, thrown: Option<Thrown>) {
    let owner = Owner::Request(id);
    if thrown.is_none() && host.world.with_request(id, |r| r.delivery_deferred) {
        return;
    }
    let (called, pass_through) = host.world.with_request(id, |r| (r.respond_with_called, r.pass_through_on_exception));
    if let Some(thrown) = thrown {
        if let Some(limit) = thrown.stop.and_then(EngineStop::limit) {
            stop_for_limit(host, id, limit);
            return;
        }
        host.world.record(
            owner,
            EventKind::UncaughtError {
                message: thrown.message.clone(),
                stack: thrown.stack.clone(),
                at: thrown.at.clone(),
            },
        );
        if !called {
            if pass_through {
                pass_through_now(host, id, "passThroughOnException() and the handler threw");
            } else {
                fail(host, id, thrown.message, DropReason::ResponseTime);
            }
        }
        return;
    }
    if !called {
        pass_through_now(host, id, "no respondWith() during dispatch");
    }
}

/// R5 pass-through: the request goes to the origin for its own URL; it is answered when
/// the origin's headers arrive; its timers and subrequests end now unless waitUntil holds it.
fn pass_through_now(host: &Host, id: u32, reason: &str) {
    host.world.record(Owner::Request(id), EventKind::PassThrough { reason: reason.to_string() });
    // The worker's part of the request is over (checked against workerd: timers set
    // before the pass-through never fire, even while the origin is still answering),
    // unless waitUntil holds it (R6).
    if host.world.with_request(id, |r| r.wait_until.is_empty()) {
        drop_timers(host, Owner::Request(id), DropReason::ResponseTime);
        end_io(host, id, crate::trace::CancelReason::ResponseTime);
    }
    // A request through a service binding passes through to the origin of its URL too, as
    // workerd sends it through the called worker's outbound (checked on 1.20261117).
    let url = host.world.with_request(id, |r| r.spec.url.clone());
    match host.world.origin_for(&url) {
        Some(origin) => {
            host.get::<Draws>().push(crate::subrequest::PendingDraw {
                key: crate::scheduler::LatencyKey::Subrequest { request: id, n: 0 },
                range: origin.latency,
                task: Task { isolate: host.isolate, owner: Owner::Request(id), kind: TaskKind::PassThrough(id) },
            });
        }
        None => {
            let answer = Answer {
                kind: Some(OutcomeKind::PassThrough),
                error: Some(format!(
                    "no [[origin]] in the scenario answers {url}: in production it would reach your real origin"
                )),
                ..Answer::default()
            };
            respond(host, id, answer);
        }
    }
}

/// The origin answered a passed-through request.
pub(crate) fn pass_through_arrived(host: &Host, id: u32) {
    let url = host.world.with_request(id, |r| r.spec.url.clone());
    let Some(origin) = host.world.origin_for(&url).cloned() else { return };
    if host.world.phase(id) != Phase::Awaiting {
        return;
    }
    let mut headers = origin.headers.clone();
    headers.sort();
    let answer = Answer {
        kind: Some(OutcomeKind::PassThrough),
        status: Some(origin.status),
        headers,
        body: Some(origin.body.clone()),
        error: None,
        rpc_value: None,
        reset: false,
        websocket: None,
    };
    respond(host, id, answer);
}

/// Fails request `id` with a 500 and `message`.
pub(crate) fn fail(host: &Host, id: u32, message: String, reason: DropReason) {
    // A `scheduled` or `queue` event has no response, so no status.
    let status = host.world.with_request(id, |r| r.spec.is_fetch()).then_some(500);
    let answer = Answer { kind: Some(OutcomeKind::Error), status, error: Some(message), ..Answer::default() };
    if reason != DropReason::ResponseTime {
        // A stopped request does not linger for its waitUntil promises.
        drop_timers(host, Owner::Request(id), reason);
        respond(host, id, answer);
        end(host, id, reason);
    } else {
        respond(host, id, answer);
    }
}

/// Fails call `id` to a Durable Object its object's break stopped (R19): the caller's
/// error is `text` with `durableObjectReset: true`.
/// `[faults] workflow_hibernation`: Workflow run `id`, waiting only for its own timer,
/// ends here as completed: its timers are cleared (the instance sleeps, and the engine
/// wakes it; its next run replays it, so no work is dropped) and its microtasks dropped.
pub(crate) fn end_hibernated(host: &Host, id: u32) {
    let owner = Owner::Request(id);
    for (timer, state) in host.get::<crate::host::timers::Timers>().take_owned_by(owner) {
        host.world.unschedule(state.task);
        host.world.record(owner, EventKind::TimerCleared { timer });
    }
    debug_assert!(
        host.world.tasks.borrow().values().all(|t| t.owner != owner),
        "a Workflow run hibernates only while its timers are all its work"
    );
    host.get::<crate::engine::Microtasks>().drop_owned_by(owner);
    respond(host, id, Answer { kind: Some(OutcomeKind::Completed), ..Answer::default() });
    end(host, id, DropReason::RequestEnded);
}

pub(crate) fn fail_reset(host: &Host, id: u32, text: String) {
    let answer = Answer { kind: Some(OutcomeKind::Error), error: Some(text), reset: true, ..Answer::default() };
    drop_timers(host, Owner::Request(id), DropReason::RequestEnded);
    respond(host, id, answer);
    end(host, id, DropReason::RequestEnded);
}

/// The true ResponseTime (R6): records the answer; the request ends now unless it holds
/// unsettled `waitUntil` promises.
fn respond(host: &Host, id: u32, answer: Answer) {
    let world = &host.world;
    let owner = Owner::Request(id);
    if let Some(status) = answer.status {
        world.record(owner, EventKind::Response { status });
    }
    let (pending, client_socket) = world.with_request(id, |r| {
        assert!(r.responded_ms.is_none() && r.answer.kind.is_none(), "request {id}'s answer is decided once");
        let client_socket = answer.websocket.filter(|_| r.called_by.is_none());
        r.answer = answer;
        r.responded_ms = Some(world.now());
        r.phase = Phase::Lingering;
        (r.wait_until.iter().any(is_pending), client_socket)
    });
    if let Some(end) = client_socket {
        // R21: the connection opens; the request lives while it does.
        crate::host::websocket::connect(host, id, end);
    } else if let Some((pair, _)) = world.with_request(id, |r| r.answer.websocket) {
        // R21: the socket crosses to the caller; an end kept with `accept()` keeps this
        // request open while connected (workerd's pump is a pending event of its context).
        world.sockets.with(pair, |p| p.crossed = true);
    }
    // An open WebSocket keeps the request, with no waitUntil deadline (workerd: the
    // connection is a pending event of its I/O context); `settle` ends it once closed.
    let held_open = socket_open(host, id);
    if !held_open && (pending || object_work_goes_on(host, id)) {
        let due = world.now() + world.limits.wait_until_grace_ms;
        let key = world.schedule(due, Task { isolate: host.isolate, owner, kind: TaskKind::WaitUntilDeadline(id) });
        world.with_request(id, |r| r.wait_until_deadline = Some(key));
    } else if !held_open {
        end(host, id, DropReason::ResponseTime);
    }
    // A service binding's request: its caller's promise settles in the caller's context.
    if let Some(caller) = world.with_request(id, |r| r.called_by.clone()) {
        let task = Task {
            isolate: caller.isolate,
            owner: Owner::Request(caller.request),
            kind: TaskKind::ServiceAnswer(caller.request, caller.n),
        };
        // R16: a Durable Object's answer waits for its unconfirmed writes.
        let held = world
            .with_request(id, |r| r.object)
            .is_some_and(|object| crate::host::durable_object::hold_answer(world, object, &task));
        if !held {
            world.schedule(world.now(), task);
        }
    }
    if world.with_request(id, |r| r.alarm_of.is_some()) {
        let failed = world.with_request(id, |r| r.answer.kind == Some(OutcomeKind::Error));
        crate::host::durable_object::alarm_finished(host, id, failed);
    }
}

/// The caller of service-binding request `id` ended before the answer: the call is
/// cancelled, as a request whose client went away (its `waitUntil` work goes on).
pub(crate) fn caller_ended(host: &Host, id: u32) {
    let (phase, answered, caller) =
        host.world.with_request(id, |r| (r.phase, r.answer.kind.is_some(), r.called_by.clone()));
    if answered || phase == Phase::Done {
        return;
    }
    let caller = caller.map_or_else(String::new, |c| format!("{} (through {})", Owner::Request(c.request), c.binding));
    let error = format!("the caller {caller} ended before the call was answered");
    if phase == Phase::Arriving {
        // Not dispatched yet: it never runs.
        host.world.tasks.borrow_mut().retain(|_, t| !matches!(t.kind, TaskKind::Dispatch(d) if d == id));
        host.world.with_request(id, |r| {
            r.answer = Answer { kind: Some(OutcomeKind::Cancelled), error: Some(error), ..Answer::default() };
            r.phase = Phase::Done;
        });
        host.world.record(Owner::Request(id), EventKind::RequestEnd { outcome: OutcomeKind::Cancelled });
        return;
    }
    let answer = Answer { kind: Some(OutcomeKind::Cancelled), error: Some(error), ..Answer::default() };
    if host.world.with_request(id, |r| r.wait_until.iter().any(is_pending)) {
        // Its waitUntil work goes on (R6), as after any response.
        respond(host, id, answer);
        return;
    }
    // Cancelled, not answered: what it left undone is the cancellation's, not dropped work
    // of its own.
    host.world.with_request(id, |r| {
        r.answer = answer;
        r.responded_ms = Some(host.world.now());
    });
    end(host, id, DropReason::RequestEnded);
}

/// Ends request `id`: drops its remaining timers and records the end.
pub(crate) fn end(host: &Host, id: u32, reason: DropReason) {
    let world = &host.world;
    let (deadline, phase) = world.with_request(id, |r| (r.wait_until_deadline.take(), r.phase));
    if phase == Phase::Done {
        return;
    }
    if let Some(key) = deadline {
        world.unschedule(key);
    }
    drop_timers(host, Owner::Request(id), reason);
    let cancel_reason = if reason == DropReason::ResponseTime {
        crate::trace::CancelReason::ResponseTime
    } else {
        crate::trace::CancelReason::RequestEnded
    };
    end_io(host, id, cancel_reason);
    if host.world.profile.cross_request_resolution_flag() {
        crate::provenance::creator_ended(host, id);
    }
    let outcome = world.with_request(id, |r| {
        r.phase = Phase::Done;
        r.answer.kind.unwrap_or(OutcomeKind::NoResponse)
    });
    world.record(Owner::Request(id), EventKind::RequestEnd { outcome });
}

/// R6: the I/O of request `id` ends: binding operations (KV, D1, R2, queues) in the
/// order they started, then Durable Object reads, then subrequests. The order is the
/// order of their cancellation events in the trace.
fn end_io(host: &Host, id: u32, reason: crate::trace::CancelReason) {
    crate::host::binding_io::end_request(host, id, reason);
    crate::host::durable_object::end_request(host, id, reason);
    crate::subrequest::end_request(host, id, reason);
}

/// R6/R7: drops every pending timer of `owner`, recording each.
pub(crate) fn drop_timers(host: &Host, owner: Owner, reason: DropReason) {
    let dropped = host.get::<crate::host::timers::Timers>().take_owned_by(owner);
    for (id, timer) in dropped {
        host.world.unschedule(timer.task);
        host.world.record(
            owner,
            EventKind::TimerDropped { timer: id, due_ms: timer.due_ms, reason, at: timer.at, internal: timer.internal },
        );
    }
}

/// A limit of R11 that stops the request whose code exceeds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Limit {
    Cpu,
    Memory,
}

impl Limit {
    /// What the request fails with: workerd's texts (production's CPU message; the
    /// memory one as workerd's io-context rejects with it).
    pub(crate) fn message(self) -> &'static str {
        match self {
            Limit::Cpu => "Error: Worker exceeded CPU time limit.",
            Limit::Memory => "Error: Worker has exceeded memory limit.",
        }
    }
}

/// R11: the request's code went past `limit`: it fails (or ends, once answered), and its
/// queued microtasks are dropped.
pub(crate) fn stop_for_limit(host: &Host, id: u32, limit: Limit) {
    // What runs next (other requests' microtasks in the same drain) has a budget of its own.
    host.reset_budgets();
    let message = limit.message().to_string();
    let (event, reason) = match limit {
        Limit::Cpu => (EventKind::CpuLimit { message: message.clone() }, DropReason::CpuLimit),
        Limit::Memory => (EventKind::MemoryLimit { message: message.clone() }, DropReason::MemoryLimit),
    };
    host.world.record(Owner::Request(id), event);
    host.get::<Microtasks>().drop_owned_by(Owner::Request(id));
    let phase = host.world.phase(id);
    if matches!(phase, Phase::Dispatching | Phase::Awaiting) {
        fail(host, id, message, reason);
    } else {
        end(host, id, reason);
    }
}

/// R13 (`production-2022`, or `workerd` with `handle_cross_request_promise_resolution`
/// off): records who was running when each awaiting request's response promise settled.
/// Called after every reaction (`by` the owner it ran as), every other microtask job and
/// a task's own code.
pub(crate) fn note_response_settlements(host: &Host, by: Owner) {
    if !r13_drops_foreign_settlement(host) {
        return;
    }
    // Only the requests still awaiting an unsettled response are looked at (a burst of
    // thousands of requests would otherwise cost n² over its microtasks); a request
    // leaves the list once noted or past awaiting.
    let mut requests = host.world.requests.borrow_mut();
    host.world.awaiting_response.borrow_mut().retain(|&id| {
        let r = &mut requests[(id - 1) as usize];
        debug_assert_eq!(r.id, id, "requests are stored by id");
        if r.phase != Phase::Awaiting || r.response_settled_by.is_some() {
            return false;
        }
        if r.isolate == host.isolate && r.response.as_ref().is_some_and(|p| !is_pending(p)) {
            r.response_settled_by = Some(by);
            return false;
        }
        true
    });
}

/// The request's handler returned: it now awaits its response (unless it already
/// answered), and R13 watches who settles that response.
fn await_response(host: &Host, id: u32) {
    let awaiting = host.world.with_request(id, |r| {
        let awaiting = r.phase == Phase::Dispatching;
        if awaiting {
            r.phase = Phase::Awaiting;
        }
        awaiting
    });
    if awaiting {
        host.world.awaiting_response.borrow_mut().push(id);
    }
}

/// The message a request gets when its response was settled from another request's
/// context and its own context runs again (workerd 1.20261117 with the flag off, and the
/// 2023-05-18 binary that stands for production-2022).
pub(crate) const PROMISE_WILL_NEVER_COMPLETE: &str = "Error: Promise will never complete.";

/// R13 (`production-2022`, `workerd` with the flag off): a request whose response was
/// settled from another request's context fails when a task of its own runs (its timer, its I/O): the
/// response's fulfiller belonged to its context and was dropped.
pub(crate) fn orphaned_response_fails(host: &Host, owner: Owner) {
    let Owner::Request(id) = owner else { return };
    let orphaned = host.world.with_request(id, |r| r.response_orphaned && r.phase == Phase::Awaiting);
    if orphaned {
        host.world.record(
            owner,
            EventKind::UncaughtError { message: PROMISE_WILL_NEVER_COMPLETE.to_string(), stack: None, at: None },
        );
        fail(host, id, PROMISE_WILL_NEVER_COMPLETE.to_string(), DropReason::ResponseTime);
    }
}

/// After every task and its microtasks: settle responses and finished `waitUntil`s of
/// the isolate's live requests (R5, R6).
pub(crate) fn settle(host: &Host, context: &mut Context) {
    let live: Vec<(u32, Phase)> = host
        .world
        .requests
        .borrow()
        .iter()
        .filter(|r| r.isolate == host.isolate && matches!(r.phase, Phase::Awaiting | Phase::Lingering))
        .map(|r| (r.id, r.phase))
        .collect();
    for (id, phase) in live {
        match phase {
            Phase::Awaiting => settle_response(host, id, context),
            Phase::Lingering => {
                let pending = host.world.with_request(id, |r| r.wait_until.iter().any(is_pending))
                    || object_work_goes_on(host, id)
                    || socket_open(host, id);
                if !pending {
                    host.world.record(Owner::Request(id), EventKind::WaitUntilDone { timed_out: false });
                    end(host, id, DropReason::WaitUntilSettled);
                }
            }
            _ => {}
        }
    }
    // After the answers: a call that returned in the same turn as a
    // `blockConcurrencyWhile` callback threw has answered before the object breaks (R19,
    // as on workerd).
    crate::host::durable_object::check_blocks(host, context);
}

/// A `scheduled` or `queue` event's handler promise settled: the event is complete (its
/// `waitUntil` promises may still hold it open). A queue event's outcome is the fate of
/// each message: `{"acked":[…],"retried":[…]}`, undecided ones acknowledged when the
/// handler succeeded and retried when it threw.
fn settle_event(host: &Host, id: u32, promise: &JsPromise, context: &mut Context) {
    let (succeeded, failure) = match promise.state() {
        PromiseState::Pending => return,
        PromiseState::Fulfilled(_) => (true, None),
        PromiseState::Rejected(reason) => (false, Some(describe_value(&reason, context))),
    };
    let owner = Owner::Request(id);
    if let Some(thrown) = &failure {
        host.world.record(
            owner,
            EventKind::UncaughtError {
                message: thrown.message.clone(),
                stack: thrown.stack.clone(),
                at: thrown.at.clone(),
            },
        );
    }
    let batch = host.world.with_request(id, |r| r.event.clone());
    let body = batch.and_then(|batch| {
        let previous = host.current.replace(owner);
        let fates = crate::host::web::call(
            crate::host::web::WebModule::Handlers,
            "fates",
            &[batch.into(), succeeded.into()],
            context,
        );
        host.current.set(previous);
        fates.and_then(|v| v.to_string(context)).ok().map(|v| v.to_std_string_escaped())
    });
    let kind = if succeeded { OutcomeKind::Completed } else { OutcomeKind::Error };
    let error = failure.map(|t| t.message);
    respond(host, id, Answer { kind: Some(kind), body, error, ..Answer::default() });
}

/// An RPC call's promise settled: its result (or what it threw) is serialised for the
/// caller's isolate. A result that cannot be cloned fails the call with the
/// `DataCloneError`, as workerd's serialiser does.
fn settle_rpc(host: &Host, id: u32, promise: &JsPromise, context: &mut Context) {
    use crate::host::web::{WebModule, call};
    let owner = Owner::Request(id);
    let previous = host.current.replace(owner);
    let (kind, value, error) = match promise.state() {
        PromiseState::Pending => {
            host.current.set(previous);
            return;
        }
        PromiseState::Fulfilled(result) => match call(WebModule::Service, "serialize", &[result], context) {
            Ok(text) => (OutcomeKind::Completed, Some(text), None),
            Err(thrown) => {
                let message = describe_error(&thrown, context).message;
                let text = thrown
                    .into_opaque(context)
                    .ok()
                    .and_then(|v| call(WebModule::Service, "serialize", &[v], context).ok());
                (OutcomeKind::Error, text, Some(message))
            }
        },
        PromiseState::Rejected(reason) => {
            let message = describe_value(&reason, context).message;
            let text = call(WebModule::Service, "serialize", &[reason], context).ok();
            (OutcomeKind::Error, text, Some(message))
        }
    };
    host.current.set(previous);
    let value = value.and_then(|v| v.as_string().map(|s| s.to_std_string_escaped()));
    respond(host, id, Answer { kind: Some(kind), error, rpc_value: value, ..Answer::default() });
}

fn settle_response(host: &Host, id: u32, context: &mut Context) {
    let Some(promise) = host.world.with_request(id, |r| r.response.clone()) else { return };
    let owner = Owner::Request(id);
    let (settled_by, orphaned) = host.world.with_request(id, |r| (r.response_settled_by, r.response_orphaned));
    if orphaned {
        return;
    }
    if let Some(by @ Owner::Request(other)) = settled_by
        && !host.world.same_io_context(other, id)
        && r13_drops_foreign_settlement(host)
        && created_by(host, &promise, id, context)
    {
        // A promise of this request's context, settled from `by`'s: its fulfiller is
        // dropped and the response never delivered (checked against workerd 1.20261117).
        // A response promise another request created (a shared one) is different: this
        // request's own reaction to it runs in its context and delivers it.
        host.world.with_request(id, |r| r.response_orphaned = true);
        host.world.record(owner, EventKind::ResponseSettledElsewhere { by });
        return;
    }
    if host.world.with_request(id, |r| matches!(r.spec.event, crate::model::EventSpec::Rpc { .. })) {
        settle_rpc(host, id, &promise, context);
        return;
    }
    if !host.world.with_request(id, |r| r.spec.is_fetch()) {
        settle_event(host, id, &promise, context);
        return;
    }
    match promise.state() {
        PromiseState::Pending => {}
        PromiseState::Fulfilled(value) if response::streams_own_body(&value) => {
            // The worker's own stream: the response is sent when the stream is done.
            let previous = host.current.replace(owner);
            let drained = response::drain(&value, context);
            host.current.set(previous);
            match drained {
                Ok(promise) => host.world.with_request(id, |r| r.response = Some(promise)),
                Err(error) => {
                    let thrown = crate::location::describe_error(&error, context);
                    host.world.record(
                        owner,
                        EventKind::UncaughtError {
                            message: thrown.message.clone(),
                            stack: thrown.stack,
                            at: thrown.at,
                        },
                    );
                    fail(host, id, thrown.message, DropReason::ResponseTime);
                }
            }
        }
        PromiseState::Fulfilled(value) => match response::sent(host, &value) {
            Some(sent) if sent.owner.is_some_and(|o| !host.world.same_io_context(o, id)) => {
                // R8: answering with another request's Response sends that request's I/O
                // object (workerd 1.20261117: 500, the foreign-I/O error).
                let object_owner = Owner::Request(sent.owner.expect("checked above"));
                host.world.record(
                    owner,
                    EventKind::ForeignIo { object: "response body".to_string(), object_owner, at: None },
                );
                let message = format!("Error: {}", crate::host::stream::FOREIGN_IO_MESSAGE);
                host.world.record(owner, EventKind::UncaughtError { message: message.clone(), stack: None, at: None });
                fail(host, id, message, DropReason::ResponseTime);
            }
            Some(sent) => {
                // R21: a 101 response hands its WebSocket to whoever sent the request.
                let websocket = match &sent.web_socket {
                    Some(socket) => match hand_over(host, id, socket, context) {
                        Ok(end) => Some(end),
                        Err(error) => {
                            let thrown = describe_error(&error, context);
                            host.world.record(
                                owner,
                                EventKind::UncaughtError { message: thrown.message.clone(), stack: None, at: None },
                            );
                            fail(host, id, thrown.message, DropReason::ResponseTime);
                            return;
                        }
                    },
                    None => None,
                };
                // A proxied subrequest body is streamed to the client by the runtime.
                if let Some(key) = sent.subrequest {
                    host.finish(key);
                }
                respond(
                    host,
                    id,
                    Answer {
                        kind: Some(OutcomeKind::Response),
                        status: Some(sent.status),
                        headers: sent.headers,
                        body: sent.body,
                        error: None,
                        rpc_value: None,
                        reset: false,
                        websocket,
                    },
                )
            }
            None => {
                let message = "TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'.";
                host.world
                    .record(owner, EventKind::UncaughtError { message: message.to_string(), stack: None, at: None });
                fail(host, id, message.to_string(), DropReason::ResponseTime);
            }
        },
        PromiseState::Rejected(reason) => {
            let thrown = describe_value(&reason, context);
            host.world.record(
                owner,
                EventKind::UncaughtError { message: thrown.message.clone(), stack: thrown.stack, at: thrown.at },
            );
            if host.world.with_request(id, |r| r.pass_through_on_exception) {
                pass_through_now(host, id, "passThroughOnException() and the response promise rejected");
            } else {
                fail(host, id, thrown.message, DropReason::ResponseTime);
            }
        }
    }
}

/// R21: the WebSocket of request `id`'s 101 response goes to whoever sent the request:
/// workerd's error when the request asked for no WebSocket, or when the worker accepted
/// (or already handed over) that end.
fn hand_over(
    host: &Host,
    id: u32,
    socket: &boa_engine::JsObject,
    context: &mut Context,
) -> JsResult<crate::websocket::End> {
    let upgrade = host.world.with_request(id, |r| {
        (r.spec.headers.iter()).any(|(n, v)| {
            n.eq_ignore_ascii_case("upgrade") && v.split(',').any(|t| t.trim().eq_ignore_ascii_case("websocket"))
        })
    });
    if !upgrade {
        return Err(boa_engine::js_error!(
            TypeError: "Worker tried to return a WebSocket in a response to a request which did not contain the header \"Upgrade: websocket\"."
        ));
    }
    let end = crate::host::websocket::release(&socket.clone().into(), context)?;
    Ok(end.expect("a Response's webSocket is a WebSocket (checked when it was made)"))
}

/// R7: at an idle instant, a request awaiting its response with no pending work of its
/// own is hung. Pending work is counted per request, never through the promise graph.
pub(crate) fn check_hangs(host: &Host) {
    let awaiting: Vec<u32> = host
        .world
        .requests
        .borrow()
        .iter()
        .filter(|r| r.isolate == host.isolate && r.phase == Phase::Awaiting)
        .map(|r| r.id)
        .collect();
    for id in awaiting {
        let owner = Owner::Request(id);
        // R14: the calls to one Durable Object share its I/O context: the work of any of
        // them keeps all of them alive.
        let object = host.world.with_request(id, |r| r.object);
        let has_work = match object {
            None => has_work(host, id),
            Some(object) => {
                let calls: Vec<u32> = (host.world.requests.borrow().iter())
                    .filter(|r| r.object == Some(object) && r.is_live())
                    .map(|r| r.id)
                    .collect();
                calls.into_iter().any(|call| has_work(host, call))
            }
        };
        if has_work || (host.world.profile.promise_context_tagging() && foreign_wait(host, owner).is_some()) {
            // R13 (`workerd`): waiting on another request's pending promise keeps it alive.
            continue;
        }
        let message = host.world.profile.hang_message().to_string();
        let (awaiting_at, waits_on) = host.get::<Registrations>().stuck(owner);
        let awaited = waits_on.and_then(|t| host.provenance.awaited(t));
        host.world.record(owner, EventKind::Hang { message: message.clone(), awaiting_at, awaited });
        fail(host, id, message, DropReason::Hang);
    }
}

/// R7: whether request `id` has work of its own pending: tasks (timers, subrequest
/// steps), queued jobs, latencies to draw, queued subrequests, calls in flight.
fn has_work(host: &Host, id: u32) -> bool {
    let owner = Owner::Request(id);
    // The request's own waitUntil deadline is not work it waits for.
    let task = |t: &Task| t.owner == owner && !matches!(t.kind, TaskKind::WaitUntilDeadline(_));
    host.world.tasks.borrow().values().any(task)
        || host.get::<Microtasks>().owns_any(owner)
        || host.get::<Draws>().owns_any(owner)
        || host.queued_or_open(id).iter().any(|(_, s)| *s == crate::subrequest::SubState::Queued)
        || crate::host::service::in_flight(host, id)
}

/// R14: a call to a Durable Object shares the object's I/O context, which outlives the
/// call: what the call started (timers, fetches) goes on after its answer, as if under
/// `waitUntil` (workerd 1.20261117: a fetch a constructor started completes after the
/// call that constructed the object has answered).
fn object_work_goes_on(host: &Host, id: u32) -> bool {
    host.world.with_request(id, |r| r.object.is_some()) && has_work(host, id)
}

/// R21: request `id`'s client holds an open WebSocket (or request `id` accepted one whose
/// connection is open): its I/O context lives on.
fn socket_open(host: &Host, id: u32) -> bool {
    host.world.sockets.keeps_open(id)
}

/// The waitUntil grace period of request `id` ran out (R6).
pub(crate) fn wait_until_deadline(host: &Host, id: u32) {
    host.world.with_request(id, |r| r.wait_until_deadline = None);
    host.world.record(Owner::Request(id), EventKind::WaitUntilDone { timed_out: true });
    end(host, id, DropReason::WaitUntilTimeout);
}

/// Reports rejected promises that nobody handled by the end of a checkpoint (R10).
pub(crate) fn report_unhandled_rejections(host: &Host, context: &mut Context) {
    let rejections = host.get::<Rejections>().take();
    for (promise, owner) in rejections {
        let is_response = host
            .world
            .requests
            .borrow()
            .iter()
            .any(|r| r.response.as_ref().is_some_and(|p| boa_engine::JsObject::from(p.clone()) == promise));
        if is_response {
            continue;
        }
        let Ok(promise) = JsPromise::from_object(promise) else { continue };
        if let PromiseState::Rejected(reason) = promise.state() {
            let thrown = describe_value(&reason, context);
            host.world.record(
                owner,
                EventKind::UnhandledRejection { message: thrown.message, stack: thrown.stack, at: thrown.at },
            );
            crate::host::fetch_event::unhandled_rejection(&promise.clone().into(), &reason, owner, context);
        }
    }
}

/// The pending promise of another request that `owner` waits on (R13), as its tag.
pub(crate) fn foreign_wait(host: &Host, owner: Owner) -> Option<u32> {
    host.get::<Registrations>().foreign_wait(owner)
}

/// R13: the simulation has no work left and `id` still waits: its outcome is
/// `no-response`, explained by the promise it waits on.
pub(crate) fn never_answered(host: &Host, id: u32) {
    let owner = Owner::Request(id);
    let (awaiting_at, newest) = host.get::<Registrations>().stuck(owner);
    let waits_on = foreign_wait(host, owner).or(newest);
    let awaited = waits_on.and_then(|t| host.provenance.awaited(t));
    let reason = match &awaited {
        Some(a) if a.creator.is_request() && a.creator != owner => match a.creator.request() {
            Some(c) if host.world.phase(c) == Phase::Done => {
                format!("waits on a promise of {}, which ended without settling it", a.creator)
            }
            _ => format!("waits on a promise of {}, which never settled", a.creator),
        },
        _ => "waits on a promise that never settled".to_string(),
    };
    host.world.record(owner, EventKind::NoResponse { reason, awaiting_at, awaited });
}

/// Whether a response settled from another request's context is dropped: in every
/// profile but `workerd` with `handle_cross_request_promise_resolution` on, which defers
/// the settlement into the creator instead (checked on workerd 1.20261117 with the flag
/// off and on, and on the 2023-05-18 binary).
fn r13_drops_foreign_settlement(host: &Host) -> bool {
    !host.world.profile.cross_request_resolution_flag()
}

/// Whether request `id` created `promise` (as promise provenance recorded it).
fn created_by(host: &Host, promise: &JsPromise, id: u32, context: &mut Context) -> bool {
    let object: boa_engine::JsObject = promise.clone().into();
    crate::provenance::lookup(host, &object, context).and_then(|i| crate::provenance::creator_request(host, i))
        == Some(id)
}
