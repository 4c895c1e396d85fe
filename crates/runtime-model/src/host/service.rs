//! Service bindings, the host side: `host.serviceFetch` and `host.serviceCall`, the doors
//! `web/service.js` (the `Fetcher` a worker sees) has into the run.
//!
//! A call through `env.AUTH` is a subrequest of the calling request (R9's total limit, R6
//! cancellation, R2 provenance) that holds no connection slot and draws no latency: it
//! becomes a request of its own in the target worker's isolate, dispatched at once (the
//! scheduler orders it against everything else ready at that instant), with the whole
//! lifecycle of any request (`waitUntil`, hangs, CPU limit, dropped work). When that
//! request is answered, a `ServiceAnswer` task of the caller settles the caller's promise:
//! with a `Response` for `fetch()`, with the structured clone of the method's result for
//! an RPC call, or with the callee's error (its type and message, as workerd propagates
//! it). A call still in progress when its caller ends is cancelled in the callee's
//! isolate (`ServiceCancel`).

use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsError, JsNativeError, JsResult, JsString, JsValue, js_error, js_string};
use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::component::Component;
use crate::engine::Host;
use crate::host::require_request;
use crate::host::web::{WebModule, call};
use crate::location::caller;
use crate::model::{EventSpec, MsRange, OriginSpec, RequestSpec};
use crate::outcome::OutcomeKind;
use crate::subrequest::{ServiceCall, SubState, Subrequest, Subrequests};
use crate::trace::{EventKind, Owner};
use crate::world::{Caller, Phase, RequestState, Task, TaskKind};

/// Where a binding's calls go: a worker's isolate, and there its named entrypoint, or
/// a Durable Object (by number, `World::objects`).
#[derive(Clone, Debug)]
pub(crate) struct Route {
    pub isolate: u32,
    pub entrypoint: Option<String>,
    pub object: Option<u32>,
}

/// The isolate's service bindings, by binding name.
#[derive(Default)]
pub(crate) struct ServiceBindings {
    // invariant: every route's isolate is one of `World::workers`' (checked in `bindings`).
    routes: RefCell<BTreeMap<String, Route>>,
}

impl Component for ServiceBindings {
    // Routes hold no JS value; teardown empties them so the component reads as clear.
    fn clear_js_values(&self) {
        self.routes.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.routes.borrow().is_empty()
    }
}

/// The `env` objects of the model's service bindings (`web/service.js`'s `Fetcher`).
pub(crate) fn bindings(model: &crate::model::Model, context: &mut Context) -> JsResult<Vec<(String, JsValue)>> {
    let host = Host::of(context);
    let mut out = Vec::new();
    for spec in &model.services {
        let Some(&isolate) = host.world.workers.get(&spec.service) else {
            return Err(js_error!(Error: "service binding {} names worker '{}', which the scenario does not define",
                spec.binding, spec.service));
        };
        let route = Route { isolate, entrypoint: spec.entrypoint.clone(), object: None };
        host.get::<ServiceBindings>().routes.borrow_mut().insert(spec.binding.clone(), route);
        // workerd's flags that change what a Fetcher is (checked on workerd 1.20261117 at
        // 2024-04-02/03 and 2024-09-25/26; `fetch_standard_url` is the Request's, whose URL
        // a Fetcher then refuses to load).
        let profile = &host.world.profile;
        let date = crate::CompatibilityDate::ymd;
        let options = [
            profile.flag("rpc", "no_rpc", date(2024, 4, 3)),
            profile.flag("set_tostring_tag", "do_not_set_tostring_tag", date(2024, 9, 26)),
        ]
        .map(JsValue::from);
        let binding: JsValue = JsString::from(spec.binding.as_str()).into();
        let fetcher = call(WebModule::Service, "fetcher", &[binding, options[0].clone(), options[1].clone()], context)?;
        out.push((spec.binding.clone(), fetcher));
    }
    Ok(out)
}

/// A Fetcher of `ctx.exports` that calls this worker itself (its default export, or the
/// named `entrypoint`), in `isolate`, the worker's own.
pub(crate) fn loopback(isolate: u32, entrypoint: Option<String>, context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let binding = format!("ctx.exports.{}", entrypoint.as_deref().unwrap_or("default"));
    let route = Route { isolate, entrypoint, object: None };
    host.get::<ServiceBindings>().routes.borrow_mut().insert(binding.clone(), route);
    let yes = JsValue::from(true);
    call(WebModule::Service, "fetcher", &[JsString::from(binding).into(), yes.clone(), yes], context)
}

fn string_arg(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<String> {
    Ok(args.get(i).cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped())
}

/// What a call starts with: the caller, its I/O number, and the promise to hand back.
pub(crate) struct Started {
    owner: u32,
    n: u32,
    route: Route,
    at: Option<crate::Location>,
}

/// The checks and numbering every call through `binding` shares: it runs for a request
/// (R2), the binding exists, and the call is within R9's total limit.
fn start(binding: &str, context: &mut Context) -> JsResult<Result<Started, JsError>> {
    let host = Host::of(context);
    let route = host
        .get::<ServiceBindings>()
        .routes
        .borrow()
        .get(binding)
        .cloned()
        .ok_or_else(|| js_error!(TypeError: "no service binding {}", binding))?;
    start_on(route, context)
}

/// As [`start`], for a call along `route` (a Durable Object's, say).
pub(crate) fn start_on(route: Route, context: &mut Context) -> JsResult<Result<Started, JsError>> {
    let host = Host::of(context);
    let Owner::Request(owner) = require_request(&host, "a service binding")? else {
        unreachable!("require_request returns a request")
    };
    let at = caller(context);
    Ok(crate::host::fetch::number_subrequest(&host, owner, at.clone()).map(|n| Started { owner, n, route, at }))
}

/// `host.serviceFetch(binding, method, url, headers, body, request)`: `env.AUTH.fetch()`
/// of the running request; `headers` is the request's `[name, value]` pairs and `body`
/// its text (or `undefined`).
pub(crate) fn service_fetch(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let binding = string_arg(args, 0, context)?;
    let method = string_arg(args, 1, context)?;
    let url = string_arg(args, 2, context)?;
    let headers = pairs(args.get(3), context)?;
    let body = match args.get(4) {
        Some(value) if !value.is_undefined() => Some(value.to_string(context)?.to_std_string_escaped()),
        _ => None,
    };
    let started = match start(&binding, context)? {
        Ok(started) => started,
        Err(error) => return Ok(crate::host::body::rejected(error, context).into()),
    };
    let signal = args.get(5).cloned().unwrap_or_default();
    fetch_along(started, binding, FetchCall { method, url, headers, body }, &signal, context)
}

/// A `fetch()` through a binding: what it sends.
pub(crate) struct FetchCall {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// Sends `call` along a started call (a service binding's or a Durable Object stub's).
pub(crate) fn fetch_along(
    started: Started,
    binding: String,
    call: FetchCall,
    signal: &JsValue,
    context: &mut Context,
) -> JsResult<JsValue> {
    let FetchCall { method, url, headers, body } = call;
    let host = Host::of(context);
    host.record(EventKind::Fetch { n: started.n, method: method.clone(), url: url.clone(), at: started.at.clone() });
    // The request itself may stand for its signal: the signal it was given, if any (reading
    // `request.signal` would make a never-aborted one, and load the events module for it).
    let given =
        signal.as_object().and_then(|o| o.downcast_ref::<crate::host::request::Request>().map(|r| r.given_signal()));
    let signal = match given {
        Some(given) => given,
        None => crate::host::abort::signal_of(signal, context)?,
    };
    if let Some(signal) = &signal
        && signal.get(js_string!("aborted"), context)?.to_boolean()
    {
        let reason = signal.get(js_string!("reason"), context)?;
        host.record(EventKind::SubrequestFailed { n: started.n, message: "aborted before it was sent".to_string() });
        return Ok(crate::host::body::rejected(JsError::from_opaque(reason), context).into());
    }
    let spec = RequestSpec {
        url: url.clone(),
        method: method.clone(),
        headers,
        body,
        arrival: MsRange::fixed(host.world.now()),
        isolate: Some(started.route.isolate),
        event: EventSpec::Fetch,
        cf: std::collections::BTreeMap::new(),
        websocket: None,
    };
    let call = format!("fetch({method} {url})");
    send(&host, started, spec, binding, call, signal, context)
}

/// `host.serviceCall(binding, name, payload)`: an RPC call (or a property read) of the
/// running request on the target's entrypoint; `payload` is the serialised
/// `{ call, args }`.
pub(crate) fn service_call(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let binding = string_arg(args, 0, context)?;
    let name = string_arg(args, 1, context)?;
    let payload = string_arg(args, 2, context)?;
    let started = match start(&binding, context)? {
        Ok(started) => started,
        Err(error) => return Ok(crate::host::body::rejected(error, context).into()),
    };
    call_along(started, binding, name, payload, context)
}

/// Makes RPC call `name` (with the serialised `payload`) along a started call.
pub(crate) fn call_along(
    started: Started,
    binding: String,
    name: String,
    payload: String,
    context: &mut Context,
) -> JsResult<JsValue> {
    let host = Host::of(context);
    let spec = RequestSpec {
        url: format!("{binding}.{name}"),
        method: "RPC".to_string(),
        headers: Vec::new(),
        body: None,
        arrival: MsRange::fixed(host.world.now()),
        isolate: Some(started.route.isolate),
        event: EventSpec::Rpc { method: name.clone(), args: payload },
        cf: std::collections::BTreeMap::new(),
        websocket: None,
    };
    send(&host, started, spec, binding, format!("{name}()"), None, context)
}

/// Makes the call: the caller's pending promise and subrequest, and the callee request,
/// dispatched now in the target's isolate. A caller that has already ended makes no call
/// (R6), as for `fetch()`.
fn send(
    host: &Host,
    started: Started,
    spec: RequestSpec,
    binding: String,
    call: String,
    signal: Option<boa_engine::JsObject>,
    context: &mut Context,
) -> JsResult<JsValue> {
    let Started { owner, n, route, at } = started;
    let key = (owner, n);
    let rpc = matches!(spec.event, EventSpec::Rpc { .. });
    let (promise, resolvers) = JsPromise::new_pending(context);
    crate::provenance::tag_host(host, &promise, if rpc { "an RPC call" } else { "fetch()" }, context);
    let aborted = match &signal {
        Some(signal) => Some(crate::host::abort::on_abort(signal, context)?),
        None => None,
    };
    let world = &host.world;
    let ended = world.phase(owner) == Phase::Done;
    let callee = if ended {
        0
    } else {
        let mut requests = world.requests.borrow_mut();
        let id = u32::try_from(requests.len() + 1).expect("request ids fit in u32");
        let mut state = RequestState::new(id, id as usize - 1, route.isolate, spec.clone(), world.now());
        state.called_by = Some(Caller {
            request: owner,
            n,
            isolate: host.isolate,
            binding: binding.clone(),
            entrypoint: route.entrypoint,
        });
        state.object = route.object;
        requests.push(state);
        id
    };
    host.get::<Subrequests>().insert(
        key,
        Subrequest {
            owner,
            url: spec.url.clone(),
            origin: placeholder_origin(&spec.url),
            // A call its ended caller never made is cancelled from the queue, unsent.
            state: if ended { SubState::Queued } else { SubState::AwaitingHeaders },
            resolvers: Some(resolvers),
            body: None,
            last_used: 0,
            signal,
            aborted,
            service: (!ended).then_some(ServiceCall { callee, isolate: route.isolate, rpc }),
        },
    );
    if ended {
        host.cancel(key, crate::trace::CancelReason::RequestEnded, crate::subrequest::REQUEST_ENDED, false);
        return Ok(promise.into());
    }
    let object = route.object.map(|o| host.world.objects.label(o));
    host.record(EventKind::ServiceCall { n, binding, call, callee: Owner::Request(callee), object, at });
    world.schedule(
        world.now(),
        Task { isolate: route.isolate, owner: Owner::Request(callee), kind: TaskKind::Dispatch(callee) },
    );
    Ok(promise.into())
}

/// The origin a service call's subrequest holds until the callee answers (then its
/// status, headers and body).
fn placeholder_origin(url: &str) -> OriginSpec {
    OriginSpec {
        url: url.to_string(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: String::new(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    }
}

/// `[name, value]` pairs of a JS array.
pub(crate) fn pairs(value: Option<&JsValue>, context: &mut Context) -> JsResult<Vec<(String, String)>> {
    let Some(array) = value.and_then(JsValue::as_object) else { return Ok(Vec::new()) };
    let length = array.get(js_string!("length"), context)?.to_length(context)?;
    let mut out = Vec::new();
    for i in 0..length {
        let pair = array.get(i, context)?;
        let Some(pair) = pair.as_object() else { continue };
        let name = pair.get(0, context)?.to_string(context)?.to_std_string_escaped();
        let value = pair.get(1, context)?.to_string(context)?.to_std_string_escaped();
        out.push((name, value));
    }
    Ok(out)
}

/// Whether request `owner` has a service call whose callee has not answered: it is
/// waiting on another request's work, not hung (R7).
pub(crate) fn in_flight(host: &Host, owner: u32) -> bool {
    let waiting = host
        .get::<Subrequests>()
        .select(|_, s| (s.owner == owner && s.service.is_some() && s.state == SubState::AwaitingHeaders).then_some(()));
    !waiting.is_empty()
}

/// The caller's side of a cancelled call: the callee is cancelled in its own isolate.
pub(crate) fn cancel_callee(host: &Host, call: ServiceCall) {
    let now = host.world.now();
    let task =
        Task { isolate: call.isolate, owner: Owner::Request(call.callee), kind: TaskKind::ServiceCancel(call.callee) };
    host.world.schedule(now, task);
}

/// The callee of call `key` answered: the caller's promise settles (the caller's task).
pub(crate) fn answered(host: &Host, key: (u32, u32), context: &mut Context) {
    let call = host.get::<Subrequests>().with(key, |s| s.service.filter(|_| s.state == SubState::AwaitingHeaders));
    let Some(Some(call)) = call else {
        return;
    };
    let (answer, broken) = host.world.with_request(call.callee, |r| {
        r.answer_taken = true;
        (r.answer.clone(), r.broken_before_delivery.clone())
    });
    host.current.set(Owner::Request(key.0));
    if let Some(text) = broken {
        // R19: the object broke before this response crossed to the caller.
        let error = remote(crate::host::durable_object::reset_error(&text, context), context);
        fail(host, key, text, Err(error), context);
        return;
    }
    if call.rpc {
        rpc_answered(host, key, answer, context);
        return;
    }
    match (answer.kind, answer.status) {
        (Some(OutcomeKind::Response | OutcomeKind::PassThrough), Some(status)) => {
            host.get::<Subrequests>().with_mut(key, |sub| {
                sub.origin.status = status;
                sub.origin.headers = answer.headers;
                sub.origin.body = answer.body.unwrap_or_default();
            });
            crate::host::fetch::headers_arrived(host, key, context);
        }
        _ => {
            let message = answer.error.unwrap_or_else(|| "the service call ended without an answer".to_string());
            let message = caller_text(&message);
            // A `fetch()` failed by its object's break (R19) carries both marks on
            // workerd; an RPC call's only `durableObjectReset`.
            let error = if answer.reset {
                remote(crate::host::durable_object::reset_error(&message, context), context)
            } else {
                remote(error_from_message(&message), context)
            };
            fail(host, key, message, Err(error), context);
        }
    }
}

/// An exception of the callee (a worker behind a service binding, a Durable Object)
/// reaches its caller with `remote: true`, as workerd marks it (checked on workerd
/// 1.20261117 for `fetch()` and RPC calls through both).
fn remote(error: JsError, context: &mut Context) -> JsError {
    match error.into_opaque(context) {
        Ok(value) => {
            if let Some(object) = value.as_object() {
                drop(object.set(js_string!("remote"), true, false, context));
            }
            JsError::from_opaque(value)
        }
        Err(error) => error,
    }
}

fn rpc_answered(host: &Host, key: (u32, u32), answer: crate::world::Answer, context: &mut Context) {
    let deserialize = |text: String, context: &mut Context| {
        call(WebModule::Service, "deserialize", &[JsString::from(text.as_str()).into()], context)
    };
    let result = match (answer.kind, answer.rpc_value) {
        (Some(OutcomeKind::Completed), Some(value)) => deserialize(value, context),
        (Some(OutcomeKind::Error), Some(thrown)) => {
            deserialize(thrown, context).and_then(|reason| Err(JsError::from_opaque(reason)))
        }
        _ => Err(error_from_message(answer.error.as_deref().unwrap_or("the RPC call ended without an answer"))),
    };
    match result {
        Ok(value) => {
            host.record(EventKind::ServiceAnswered { n: key.1, error: None });
            let resolvers = take_resolvers(host, key, SubState::Done);
            if let Some(resolvers) = resolvers {
                crate::host::settle(&resolvers, Ok(value), context);
            }
        }
        Err(_) if answer.reset => {
            let message = answer.error.unwrap_or_default();
            let error = crate::host::durable_object::reset_error(&message, context);
            host.record(EventKind::ServiceAnswered { n: key.1, error: Some(message) });
            if let Some(resolvers) = take_resolvers(host, key, SubState::Done) {
                crate::host::settle(&resolvers, Err(error), context);
            }
        }
        Err(error) => {
            let message = answer.error.unwrap_or_else(|| crate::location::describe_error(&error, context).message);
            let error = remote(error, context);
            host.record(EventKind::ServiceAnswered { n: key.1, error: Some(message) });
            let resolvers = take_resolvers(host, key, SubState::Done);
            if let Some(resolvers) = resolvers {
                crate::host::settle(&resolvers, Err(error), context);
            }
        }
    }
}

fn take_resolvers(
    host: &Host,
    key: (u32, u32),
    state: SubState,
) -> Option<boa_engine::builtins::promise::ResolvingFunctions> {
    host.get::<Subrequests>()
        .with_mut(key, |sub| {
            sub.state = state;
            sub.resolvers.take()
        })
        .flatten()
}

/// A `fetch()` through the binding whose callee failed: its promise rejects.
fn fail(host: &Host, key: (u32, u32), message: String, result: JsResult<JsValue>, context: &mut Context) {
    host.record(EventKind::SubrequestFailed { n: key.1, message });
    if let Some(resolvers) = take_resolvers(host, key, SubState::Done) {
        crate::host::settle(&resolvers, result, context);
    }
}

/// workerd's hang error as the exception it is (what a caller sees): the hang message a
/// request fails with, followed by the page it refers to (workerd 1.20261117).
fn caller_text(message: &str) -> String {
    const HUNG: &str = "The Workers runtime canceled this request because it detected that your Worker's code had hung";
    const REFER: &str = " Refer to: https://developers.cloudflare.com/workers/observability/errors/";
    if message.starts_with(HUNG) && !message.ends_with(REFER.trim_start()) {
        format!("{message}{REFER}")
    } else {
        message.to_string()
    }
}

/// The error a caller sees for a callee's failure message (`TypeError: bad type`): the
/// same type and message, as workerd propagates an exception across a service binding;
/// a message that names no error type is an `Error`'s.
pub(crate) fn error_from_message(message: &str) -> JsError {
    // A thrown value that is not an error (`throw "a string"`) reaches the caller as an
    // `Error` of its text (workerd 1.20261117: `Error: a string`).
    if let Some(value) = message.strip_prefix("Uncaught ") {
        let text = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')).unwrap_or(value);
        return JsNativeError::error().with_message(text.to_string()).into();
    }
    let typed = message.split_once(": ").and_then(|(name, rest)| {
        let error = match name {
            "Error" => JsNativeError::error(),
            "TypeError" => JsNativeError::typ(),
            "RangeError" => JsNativeError::range(),
            "SyntaxError" => JsNativeError::syntax(),
            "ReferenceError" => JsNativeError::reference(),
            "EvalError" => JsNativeError::eval(),
            "URIError" => JsNativeError::uri(),
            _ => return None,
        };
        Some(error.with_message(rest.to_string()))
    });
    typed.unwrap_or_else(|| JsNativeError::error().with_message(message.to_string())).into()
}
