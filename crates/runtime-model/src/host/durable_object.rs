//! Durable Objects, the host side: the doors `web/durable_objects.js` has into the run
//! (`host.doId`, `doFetch`, `doCall`, `doStorage`, `doBlock`, `doWaitUntil`), the
//! instances an isolate keeps, and the completion of storage reads and writes.
//!
//! A call through a stub is I/O of the caller that becomes a request of its own in the
//! isolate of the worker that exports the class (as a service binding's call does), bound
//! to the object: its dispatch, timers, I/O completions and storage completions are
//! delivered through the object's input gate (R15, `Objects::gated`), and its answer goes
//! back through the output gate (R16). The object's instance is made by the first call
//! delivered to it, with `(ctx, env)`.

use boa_engine::builtins::promise::{PromiseState, ResolvingFunctions};
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_error, js_string};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::component::Component;
use crate::durable_object::{DurableObjectSpec, ObjectKey};
use crate::engine::{Host, is_pending};
use crate::host::require_request;
use crate::host::service::{self, FetchCall, Route};
use crate::host::web::{WebModule, call as web_call};
use crate::location::caller;
use crate::scheduler::LatencyKey;
use crate::subrequest::{Draws, PendingDraw};
use crate::trace::{CancelReason, DropReason, EventKind, Owner};
use crate::world::Phase;
use crate::world::{Task, TaskKind};

/// A binding's namespace: the class it addresses and the worker that exports it.
#[derive(Clone, Debug)]
struct Namespace {
    spec: DurableObjectSpec,
    worker: String,
}

/// The isolate's Durable Object bindings, by binding name, and the JS values it keeps for
/// the objects it hosts.
#[derive(Default)]
pub(crate) struct DurableObjects {
    // invariant: set once, when `env` is made; holds no JS value.
    namespaces: RefCell<BTreeMap<String, Namespace>>,
    // invariant: an object's instance lives in the isolate of the worker exporting its
    // class, and only there.
    instances: RefCell<BTreeMap<u32, JsObject>>,
    /// `blockConcurrencyWhile` callbacks still running: (object, their promise).
    blocks: RefCell<Vec<(u32, JsPromise)>>,
    /// Storage reads in flight, by (request, n).
    reads: RefCell<BTreeMap<(u32, u32), Read>>,
    /// `sync()` calls waiting for an object's writes to be confirmed.
    syncs: RefCell<Vec<(u32, ResolvingFunctions)>>,
    /// Open `transactionSync()` calls, innermost last: the object, its key-value storage
    /// and its SQL database (as an image) when the call began.
    sync_transactions: RefCell<Vec<SavedState>>,
}

/// An object's storage as a `transactionSync()` found it: the object, its key-value
/// storage, and its SQL database as an image (if it has one).
type SavedState = (u32, BTreeMap<String, crate::durable_object::Stored>, Option<Vec<u8>>);

/// A storage read in flight: its answer (as of when it was issued) and its promise.
struct Read {
    object: u32,
    answer: String,
    resolvers: ResolvingFunctions,
}

impl Component for DurableObjects {
    fn clear_js_values(&self) {
        self.namespaces.borrow_mut().clear();
        self.instances.borrow_mut().clear();
        self.blocks.borrow_mut().clear();
        self.reads.borrow_mut().clear();
        self.syncs.borrow_mut().clear();
        self.sync_transactions.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.namespaces.borrow().is_empty()
            && self.instances.borrow().is_empty()
            && self.blocks.borrow().is_empty()
            && self.reads.borrow().is_empty()
            && self.syncs.borrow().is_empty()
            && self.sync_transactions.borrow().is_empty()
    }
}

/// The `env` objects of the model's Durable Object bindings (`DurableObjectNamespace`).
pub(crate) fn bindings(model: &crate::model::Model, context: &mut Context) -> JsResult<Vec<(String, JsObject)>> {
    let host = Host::of(context);
    let component = host.get::<DurableObjects>();
    for spec in &model.durable_objects {
        // The objects live in the isolate of the worker that exports the class.
        let worker = spec.script.clone().unwrap_or_else(|| model.name.clone());
        let namespace = Namespace { spec: spec.clone(), worker };
        component.namespaces.borrow_mut().insert(spec.binding.clone(), namespace);
    }
    // workerd's `rpc` flag (2024-04-03) makes a stub's other properties RPC methods.
    let rpc = host.world.profile.flag("rpc", "no_rpc", crate::CompatibilityDate::ymd(2024, 4, 3));
    // and `set_tostring_tag` (2024-09-26) gives its classes their `Symbol.toStringTag`.
    let tags = host.world.profile.flag(
        "set_tostring_tag",
        "do_not_set_tostring_tag",
        crate::CompatibilityDate::ymd(2024, 9, 26),
    );
    let mut out = Vec::new();
    for spec in &model.durable_objects {
        let binding: JsValue = JsString::from(spec.binding.as_str()).into();
        let object = web_call(WebModule::DurableObjects, "namespace", &[binding, rpc.into(), tags.into()], context)?;
        let object =
            object.as_object().ok_or_else(|| js_error!(TypeError: "no Durable Object namespace made"))?.clone();
        out.push((spec.binding.clone(), object));
    }
    Ok(out)
}

/// `ctx.exports` (and cloudflare:workers' `exports`): workerd's loopback bindings to
/// what the worker exports. The Durable Object classes the worker exports itself are
/// there, by class name, as the namespaces its bindings give; its entrypoints' stubs are
/// not modelled. Made on the first read (most workers never read it).
#[derive(Default)]
pub(crate) struct LoopbackExports {
    /// (class name, binding) of each class the worker exports itself.
    own: RefCell<Vec<(String, String)>>,
    /// The worker's name, which `World::workers` maps to its isolate.
    worker: RefCell<String>,
    object: RefCell<Option<JsObject>>,
}

impl Component for LoopbackExports {
    fn clear_js_values(&self) {
        self.object.borrow_mut().take();
    }
    fn is_clear(&self) -> bool {
        self.object.borrow().is_none()
    }
}

/// Notes the Durable Object classes `model`'s worker exports itself (not another
/// worker's, `script_name`).
pub(crate) fn note_own_classes(model: &crate::model::Model, context: &Context) {
    let own: Vec<(String, String)> = model
        .durable_objects
        .iter()
        .filter(|spec| spec.script.as_deref().is_none_or(|worker| worker == model.name))
        .map(|spec| (spec.class_name.clone(), spec.binding.clone()))
        .collect();
    let host = Host::of(context);
    let component = host.get::<LoopbackExports>();
    *component.worker.borrow_mut() = model.name.clone();
    if !own.is_empty() {
        *component.own.borrow_mut() = own;
    }
}

/// The loopback exports object (see [`LoopbackExports`]), made on the first call.
pub(crate) fn loopback_exports(context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let component = host.get::<LoopbackExports>();
    if let Some(object) = component.object.borrow().clone() {
        return Ok(object.into());
    }
    let env = crate::host::hidden_global("crosstalk.env", context)?;
    let object = boa_engine::object::ObjectInitializer::new(context).build();
    let own = component.own.borrow().clone();
    // The default export and the named entrypoints: Fetchers that call this worker
    // itself, as a service binding to it would (workerd's loopback bindings).
    let worker = component.worker.borrow().clone();
    if let Some(&isolate) = host.world.workers.get(&worker) {
        let handlers = host.get::<crate::host::fetch_event::Handlers>();
        let mut entrypoints: Vec<Option<String>> = Vec::new();
        if handlers.default_export().is_some() {
            entrypoints.push(None);
        }
        entrypoints.extend(
            handlers
                .entrypoint_names()
                .into_iter()
                .filter(|name| !own.iter().any(|(class, _)| class == name))
                .map(Some),
        );
        for entrypoint in entrypoints {
            let name = entrypoint.clone().unwrap_or_else(|| "default".to_string());
            let fetcher = crate::host::service::loopback(isolate, entrypoint, context)?;
            object.set(JsString::from(name.as_str()), fetcher, false, context)?;
        }
    }
    for (class, binding) in own {
        let namespace = match env.as_object() {
            Some(env) => env.get(JsString::from(binding.as_str()), context)?,
            None => JsValue::undefined(),
        };
        object.set(JsString::from(class.as_str()), namespace, false, context)?;
    }
    *component.object.borrow_mut() = Some(object.clone());
    Ok(object.into())
}

/// `host.exports()`: [`loopback_exports`], for the Web modules; `host.exports("ctx")`:
/// [`ctx_exports`].
pub(crate) fn host_exports(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if args.first().and_then(JsValue::as_string).is_some_and(|s| s.to_std_string_escaped() == "ctx") {
        return ctx_exports(context);
    }
    loopback_exports(context)
}

/// `ctx.exports` (of a request or a Durable Object): the loopback bindings from
/// compatibility date 2025-11-17 (`enable_ctx_exports`), `undefined` before, as on
/// workerd 1.20261117 (cloudflare:workers' `exports` is there at every date).
pub(crate) fn ctx_exports(context: &mut Context) -> JsResult<JsValue> {
    let enabled = Host::of(context).world.profile.flag(
        "enable_ctx_exports",
        "disable_ctx_exports",
        crate::CompatibilityDate::ymd(2025, 11, 17),
    );
    if enabled { loopback_exports(context) } else { Ok(JsValue::undefined()) }
}

fn text(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<String> {
    Ok(args.get(i).cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped())
}

fn namespace(host: &Host, binding: &str) -> JsResult<Namespace> {
    host.get::<DurableObjects>()
        .namespaces
        .borrow()
        .get(binding)
        .cloned()
        .ok_or_else(|| js_error!(TypeError: "no Durable Object binding {}", binding))
}

/// `host.doId(binding, kind, argument)`: the hex id `newUniqueId()` (`unique`),
/// `idFromName(argument)` (`name`) or `idFromString(argument)` (`string`) makes.
pub(crate) fn id(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let binding = text(args, 0, context)?;
    let kind = text(args, 1, context)?;
    let argument = text(args, 2, context)?;
    let host = Host::of(context);
    let ns = namespace(&host, &binding)?;
    let class = &ns.spec.class_name;
    let hex = match kind.as_str() {
        "name" => crate::durable_object::id_from_name(&ns.worker, class, &argument),
        "string" => crate::durable_object::id_from_string(&ns.worker, class, &argument)
            .map_err(|message| js_error!(TypeError: "{}", message))?,
        _ => {
            let mut base = [0u8; 16];
            rand::RngCore::fill_bytes(&mut *host.world.random(host.current.get(), "newUniqueId"), &mut base);
            crate::durable_object::unique_id(&ns.worker, class, base)
        }
    };
    Ok(JsString::from(hex).into())
}

/// Addresses the object `hex` of `binding`'s class: its number, and the route to it.
fn route(host: &Host, binding: &str, hex: String, name: Option<String>) -> JsResult<Route> {
    let ns = namespace(host, binding)?;
    let isolate = *host.world.workers.get(&ns.worker).expect("the binding's worker is one of the scenario's");
    let key = ObjectKey { class_name: ns.spec.class_name.clone(), id: hex };
    let object = host.world.objects.address(key, name, &ns.spec, isolate);
    Ok(Route { isolate, entrypoint: None, object: Some(object) })
}

fn name_arg(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<Option<String>> {
    match args.get(i) {
        Some(value) if !value.is_undefined() => Ok(Some(value.to_string(context)?.to_std_string_escaped())),
        _ => Ok(None),
    }
}

/// `host.doFetch(binding, hex, name, method, url, headers, body, signal, connection)`:
/// `stub.fetch()`; `connection` is the stub's binding to an incarnation (R19).
pub(crate) fn fetch(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let binding = text(args, 0, context)?;
    let hex = text(args, 1, context)?;
    let name = name_arg(args, 2, context)?;
    let method = text(args, 3, context)?;
    let url = text(args, 4, context)?;
    let headers = crate::host::service::pairs(args.get(5), context)?;
    let body = name_arg(args, 6, context)?;
    let route = route(&Host::of(context), &binding, hex, name)?;
    let number = route.object.expect("a Durable Object's route names its object");
    if let Some(broken) = connect(&Host::of(context), number, &args.get(8).cloned().unwrap_or_default(), context)? {
        return Ok(crate::host::body::rejected(reset_error(&broken, context), context).into());
    }
    let started = match service::start_on(route, context)? {
        Ok(started) => started,
        Err(error) => return Ok(crate::host::body::rejected(error, context).into()),
    };
    let signal = args.get(7).cloned().unwrap_or_default();
    service::fetch_along(started, binding, FetchCall { method, url, headers, body }, &signal, context)
}

/// `host.doCall(binding, hex, name, method, payload, connection)`: an RPC call on a stub.
pub(crate) fn call(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let binding = text(args, 0, context)?;
    let hex = text(args, 1, context)?;
    let name = name_arg(args, 2, context)?;
    let method = text(args, 3, context)?;
    let payload = text(args, 4, context)?;
    let route = route(&Host::of(context), &binding, hex, name)?;
    let number = route.object.expect("a Durable Object's route names its object");
    if let Some(broken) = connect(&Host::of(context), number, &args.get(5).cloned().unwrap_or_default(), context)? {
        return Ok(crate::host::body::rejected(reset_error(&broken, context), context).into());
    }
    let started = match service::start_on(route, context)? {
        Ok(started) => started,
        Err(error) => return Ok(crate::host::body::rejected(error, context).into()),
    };
    service::call_along(started, binding, method, payload, context)
}

/// `host.doWaitUntil(promise)`: `ctx.waitUntil()` of an object, for the running call.
pub(crate) fn wait_until(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let Owner::Request(id) = require_request(&host, "waitUntil")? else { unreachable!("require_request") };
    crate::lifecycle::wait_until(id, args.first().cloned().unwrap_or_default(), context)?;
    Ok(JsValue::undefined())
}

fn object_arg(args: &[JsValue], context: &mut Context) -> JsResult<u32> {
    let number = args.first().cloned().unwrap_or_default().to_u32(context)?;
    Ok(number)
}

/// `host.doBlock(object, promise)`: `blockConcurrencyWhile`; the input gate stays closed
/// to every other call until `promise` settles.
pub(crate) fn block(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let number = object_arg(args, context)?;
    let promise = args
        .get(1)
        .and_then(JsValue::as_object)
        .and_then(|o| JsPromise::from_object(o.clone()).ok())
        .ok_or_else(|| js_error!(TypeError: "blockConcurrencyWhile needs a promise"))?;
    let host = Host::of(context);
    let Owner::Request(id) = require_request(&host, "blockConcurrencyWhile")? else { unreachable!("require_request") };
    let at = caller(context);
    host.record(EventKind::DoBlock { object: host.world.objects.label(number), at });
    host.world.objects.with(number, |o| o.gate.blocker = Some(id));
    host.get::<DurableObjects>().blocks.borrow_mut().push((number, promise));
    Ok(JsValue::undefined())
}

/// After every task: `blockConcurrencyWhile` callbacks that settled open their object's
/// gate; one that threw resets the object (its instance is dropped, its storage kept).
pub(crate) fn check_blocks(host: &Host, context: &mut Context) {
    if host.world.objects.is_empty() {
        return;
    }
    let component = host.get::<DurableObjects>();
    let settled: Vec<(u32, JsPromise)> = {
        let mut blocks = component.blocks.borrow_mut();
        let (done, pending): (Vec<_>, Vec<_>) = blocks.drain(..).partition(|(_, p)| !is_pending(p));
        *blocks = pending;
        done
    };
    for (number, promise) in settled {
        let still_blocked = component.blocks.borrow().iter().any(|(n, _)| *n == number);
        let error = match promise.state() {
            PromiseState::Rejected(reason) => Some(crate::location::describe_value(&reason, context).message),
            _ => None,
        };
        let owner = host.world.objects.with(number, |o| o.gate.blocker).map_or(Owner::Startup, Owner::Request);
        let object = host.world.objects.label(number);
        host.world.record(owner, EventKind::DoUnblock { object, error: error.clone() });
        if let Some(error) = error {
            // R19: as workerd, a callback that threw breaks the object.
            break_object(host, number, error);
        } else if !still_blocked {
            host.world.objects.with(number, |o| o.gate.blocker = None);
        }
    }
}

/// R18 (`[faults] durable_object_reset`): the schedule evicts idle object `number`: its
/// instance and in-memory state are dropped, its storage kept.
pub(crate) fn inject_reset(host: &Host, number: u32) {
    debug_assert!(host.world.objects.with(number, |o| o.instantiated), "only an object with an instance is reset");
    let object = host.world.objects.label(number);
    host.world.record(Owner::Startup, EventKind::DoReset { object });
    reset(host, number);
}

/// What the calls of an object reset by a deploy fail with (R20): production's text for
/// a Durable Object reset by a code update. workerd's open source has no code updates;
/// the text is the one production reports (Cloudflare's documentation of Durable Object
/// errors, and the reports of it), and the error is marked `durableObjectReset` as every
/// `broken.*` error is (`jsg/exception.c++`).
pub(crate) const DEPLOY_ERROR: &str = "Error: Durable Object reset because its code was updated.";

/// R20 (`[faults] durable_object_deploy`): the schedule resets object `number` by a
/// deploy, between two tasks and whatever it is running: a break (R19) with the
/// code-update error.
pub(crate) fn inject_deploy(host: &Host, number: u32) {
    debug_assert!(host.world.objects.with(number, |o| o.instantiated), "only an object with an instance is reset");
    let object = host.world.objects.label(number);
    host.world.record(Owner::Startup, EventKind::DoDeploy { object, error: DEPLOY_ERROR.to_string() });
    break_incarnation(host, number, DEPLOY_ERROR.to_string());
}

/// R19: object `number` is broken by its own code, with `error` (`Name: message`): its
/// instance is dropped, the calls it is running fail with `error` (marked
/// `durableObjectReset`), and a stub bound to this incarnation fails every later call the
/// same way; a stub that reaches the object afterwards gets a new instance.
fn break_object(host: &Host, number: u32, error: String) {
    let owner = host.current.get();
    let object = host.world.objects.label(number);
    host.world.record(owner, EventKind::DoBroken { object, error: error.clone() });
    break_incarnation(host, number, error);
}

/// What a break (R19) and a deploy (R20) do to object `number`'s present incarnation.
fn break_incarnation(host: &Host, number: u32, error: String) {
    // Writes not yet confirmed are lost (workerd shuts the storage down at once): the
    // storage is as before the first of them, and the answers they held go out.
    let (lost, released) = host.world.objects.with(number, |o| {
        let previous = o.breaks.insert(o.generation, error.clone());
        debug_assert!(previous.is_none(), "an incarnation breaks once");
        o.generation += 1;
        if let Some(base) = o.unconfirmed_base.take() {
            o.storage = base;
        }
        if let (Some(image), Some(db)) = (o.unconfirmed_sql_base.take(), o.sql.as_mut()) {
            db.restore(&image);
        }
        (std::mem::take(&mut o.gate.writes), std::mem::take(&mut o.gate.held))
    });
    for key in lost {
        host.world.tasks.borrow_mut().retain(|_, t| !matches!(t.kind, TaskKind::DoFlush(r, n) if (r, n) == key));
        host.get::<Draws>().forget(key);
    }
    let now = host.world.now();
    for task in released {
        host.world.schedule(now, task);
    }
    let running: Vec<(u32, Phase)> = host
        .world
        .requests
        .borrow()
        .iter()
        .filter(|r| r.object == Some(number) && r.alarm_of.is_none())
        .filter(|r| matches!(r.phase, Phase::Dispatching | Phase::Awaiting | Phase::Lingering))
        .map(|r| (r.id, r.phase))
        .collect();
    for (id, phase) in running {
        host.get::<crate::engine::Microtasks>().drop_owned_by(Owner::Request(id));
        if phase == Phase::Lingering {
            crate::lifecycle::end(host, id, DropReason::RequestEnded);
        } else {
            crate::lifecycle::fail_reset(host, id, error.clone());
        }
    }
    // `fetch()` calls that answered but whose response has not crossed to the caller yet
    // fail too (workerd 1.20261117: a response returned in the turn the object breaks).
    for r in host.world.requests.borrow_mut().iter_mut() {
        let fetch_call = r.object == Some(number) && !matches!(r.spec.event, crate::model::EventSpec::Rpc { .. });
        if fetch_call && r.called_by.is_some() && r.answer.kind.is_some() && !r.answer_taken {
            r.broken_before_delivery = Some(error.clone());
        }
    }
    reset(host, number);
}

/// `host.doAbort(object, reason)`: `ctx.abort(reason)` breaks the object (R19) with
/// `Error: reason` (workerd's default text without one) and throws that error, to stop
/// the running call.
pub(crate) fn abort(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let number = object_arg(args, context)?;
    let reason = name_arg(args, 1, context)?;
    let message = reason.unwrap_or_else(|| "Application called abort() to reset Durable Object.".to_string());
    let host = Host::of(context);
    require_request(&host, "abort")?;
    break_object(&host, number, format!("Error: {message}"));
    Err(reset_error(&format!("Error: {message}"), context))
}

/// The error a call to a broken object fails with: `text` (`Name: message`) as an error
/// of that type, with `durableObjectReset: true`, as workerd marks it.
pub(crate) fn reset_error(text: &str, context: &mut Context) -> boa_engine::JsError {
    let error = service::error_from_message(text);
    match error.into_opaque(context) {
        Ok(value) => {
            if let Some(object) = value.as_object() {
                drop(object.create_data_property_or_throw(js_string!("durableObjectReset"), true, context));
            }
            boa_engine::JsError::from_opaque(value)
        }
        Err(error) => error,
    }
}

/// A stub's call is about to reach object `number` (R19): the error it fails with when
/// the incarnation the stub is bound to (its `connection.generation`) was broken; else the
/// stub is bound to the object's present incarnation, if it was not bound yet.
fn connect(host: &Host, number: u32, connection: &JsValue, context: &mut Context) -> JsResult<Option<String>> {
    let Some(connection) = connection.as_object() else { return Ok(None) };
    let bound = connection.get(js_string!("generation"), context)?;
    let (generation, breaks) = host.world.objects.with(number, |o| (o.generation, o.breaks.clone()));
    if bound.is_undefined() {
        connection.set(js_string!("generation"), generation, false, context)?;
        return Ok(None);
    }
    let bound = bound.to_u32(context)?;
    Ok(breaks.get(&bound).cloned())
}

/// The object's instance is dropped; the next call delivered to it constructs it again.
fn reset(host: &Host, number: u32) {
    host.get::<DurableObjects>().instances.borrow_mut().remove(&number);
    host.get::<DurableObjects>().blocks.borrow_mut().retain(|(n, _)| *n != number);
    host.world.objects.forget_instance(number);
}

/// The instance of object `number`, made now (for call `id`) if it has none yet.
pub(crate) fn instance(host: &Host, number: u32, env: &JsValue, context: &mut Context) -> JsResult<JsObject> {
    if let Some(instance) = host.get::<DurableObjects>().instances.borrow().get(&number) {
        return Ok(instance.clone());
    }
    let (class_name, hex, name) =
        host.world.objects.with(number, |o| (o.key.class_name.clone(), o.key.id.clone(), o.name.clone()));
    let class = host
        .get::<crate::host::fetch_event::Handlers>()
        .entrypoint(&class_name)
        .ok_or_else(|| js_error!(TypeError: "the worker does not export the Durable Object class '{}'", class_name))?;
    if !class.is_constructor() {
        return Err(js_error!(TypeError: "the Durable Object export '{}' is not a class", class_name));
    }
    let name: JsValue = name.map_or(JsValue::undefined(), |n| JsString::from(n).into());
    let state =
        web_call(WebModule::DurableObjects, "state", &[number.into(), JsString::from(hex).into(), name], context)?;
    host.record(EventKind::DoConstruct { object: host.world.objects.label(number) });
    let io_before = current_io(host);
    let instance = class.construct(&[state, env.clone()], None, context)?;
    host.get::<DurableObjects>().instances.borrow_mut().insert(number, instance.clone());
    // The subrequests the constructor started, unless a blockConcurrencyWhile holds the
    // gate (then no call is delivered before its callback settles).
    let constructor_io: Vec<(u32, u32)> = match (host.current.get(), io_before) {
        (Owner::Request(id), Some(before)) if host.world.objects.with(number, |o| o.gate.blocker.is_none()) => {
            let after = host.world.with_request(id, |r| r.io_made);
            let subrequests = host.get::<crate::subrequest::Subrequests>();
            (before + 1..=after).map(|n| (id, n)).filter(|key| subrequests.with(*key, |_| ()).is_some()).collect()
        }
        _ => Vec::new(),
    };
    host.world.objects.with(number, |o| {
        o.instantiated = true;
        o.constructor_io = constructor_io;
    });
    Ok(instance)
}

/// The I/O count of the running request, if a request is running.
fn current_io(host: &Host) -> Option<u32> {
    match host.current.get() {
        Owner::Request(id) => Some(host.world.with_request(id, |r| r.io_made)),
        Owner::Startup => None,
    }
}

/// Before call `id` is delivered to object `number`: the constructor's subrequests still
/// in flight are recorded (`do-early-delivery`): the handler runs on an object whose
/// initialisation has not finished.
pub(crate) fn note_early_delivery(host: &Host, id: u32, number: u32) {
    let io = host.world.objects.with(number, |o| o.constructor_io.clone());
    if io.is_empty() {
        return;
    }
    let pending: Vec<(u32, u32)> = {
        let subrequests = host.get::<crate::subrequest::Subrequests>();
        let waiting = |s: &crate::subrequest::Subrequest| {
            matches!(s.state, crate::subrequest::SubState::Queued | crate::subrequest::SubState::AwaitingHeaders)
        };
        io.iter().copied().filter(|key| subrequests.with(*key, waiting) == Some(true)).collect()
    };
    if pending.is_empty() {
        // Initialisation's I/O is over: later calls need no check.
        host.world.objects.with(number, |o| o.constructor_io.clear());
        return;
    }
    let object = host.world.objects.label(number);
    let constructed_by = Owner::Request(pending[0].0);
    let pending = pending.iter().map(|&(_, n)| n).collect();
    host.world.record(Owner::Request(id), EventKind::DoEarlyDelivery { object, constructed_by, pending });
}

/// Runs the object's `alarm({ retryCount, isRetry })` handler; always a promise.
pub(crate) fn run_alarm(instance: &JsObject, retry_count: u32, context: &mut Context) -> JsResult<JsValue> {
    let args = [instance.clone().into(), retry_count.into()];
    web_call(WebModule::DurableObjects, "alarm", &args, context)
}

/// Runs RPC call `method` (serialised `payload`) on the object's instance.
pub(crate) fn invoke(instance: &JsObject, method: &str, payload: &str, context: &mut Context) -> JsResult<JsValue> {
    let args = [instance.clone().into(), js_string!(method).into(), js_string!(payload).into()];
    web_call(WebModule::DurableObjects, "invoke", &args, context)
}

/// `host.doStorage(object, op, argument)`: a storage operation of the running call on
/// object `object`'s storage. Writes are applied now and confirmed after a drawn latency
/// (R16); a read is answered as of now, at once when the object's cache holds every key
/// it names, else after a drawn latency during which the input gate is closed (R15).
pub(crate) fn storage(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let number = object_arg(args, context)?;
    let op = text(args, 1, context)?;
    let argument: Value = serde_json::from_str(&text(args, 2, context)?)
        .map_err(|e| js_error!(TypeError: "bad storage operation: {}", e))?;
    let host = Host::of(context);
    let Owner::Request(owner) = require_request(&host, "Durable Object storage")? else {
        unreachable!("require_request")
    };
    let at = caller(context);
    let n = host.world.next_io(owner);
    if let Some(answer) = transaction_op(&host, number, owner, &op, &argument, at.clone()) {
        return Ok(JsPromise::resolve(JsString::from(answer.to_string()), context)?.into());
    }
    if let Some(answer) = alarm_op(&host, number, &op, &argument, at.clone()) {
        return Ok(JsPromise::resolve(JsString::from(answer.to_string()), context)?.into());
    }
    let flag = |name: &str| argument.get(name).and_then(Value::as_bool).unwrap_or(false);
    let applied =
        host.world.objects.with(number, |o| apply_tracked(o, number, &op, &argument, !flag("allowUnconfirmed")));
    let object = host.world.objects.label(number);
    host.record(EventKind::DoStorage {
        n,
        object,
        op: op.clone(),
        keys: applied.keys.join(","),
        cached: !applied.round_trip,
        at,
    });
    // `allowUnconfirmed`: the output gate does not wait for this write.
    if applied.write && !flag("allowUnconfirmed") {
        pending_write(&host, number, owner, n);
    }
    if op == "sync" && host.world.objects.with(number, |o| !o.gate.writes.is_empty()) {
        let (promise, resolvers) = JsPromise::new_pending(context);
        crate::provenance::tag_host(&host, &promise, "a storage sync()", context);
        host.get::<DurableObjects>().syncs.borrow_mut().push((number, resolvers));
        return Ok(promise.into());
    }
    let answer: JsValue = JsString::from(applied.answer.to_string()).into();
    if !applied.round_trip {
        let promise = JsPromise::resolve(answer, context)?;
        return Ok(promise.into());
    }
    let (promise, resolvers) = JsPromise::new_pending(context);
    crate::provenance::tag_host(&host, &promise, "a storage read", context);
    // `allowConcurrency`: this read does not close the input gate.
    if !flag("allowConcurrency") {
        host.world.objects.with(number, |o| o.gate.reads.insert((owner, n)));
    }
    let read = Read { object: number, answer: applied.answer.to_string(), resolvers };
    host.get::<DurableObjects>().reads.borrow_mut().insert((owner, n), read);
    host.get::<Draws>().push(PendingDraw {
        key: LatencyKey::Binding { request: owner, n },
        range: host.world.objects.with(number, |o| o.latency),
        task: Task { isolate: host.isolate, owner: Owner::Request(owner), kind: TaskKind::DoRead(owner, n) },
    });
    Ok(promise.into())
}

/// `transaction()`'s bookkeeping: `txnBegin` keeps the storage as it is now and answers a
/// token, `txnRollback` puts that storage back (a write the output gate waits for),
/// `txnEnd` forgets it. `None` for any other operation.
fn transaction_op(
    host: &Host,
    number: u32,
    owner: u32,
    op: &str,
    argument: &Value,
    at: Option<crate::Location>,
) -> Option<Value> {
    let world = &host.world;
    let token = argument.get("token").and_then(Value::as_u64).map(|t| t as u32);
    match op {
        "txnBegin" => Some(json!(world.objects.with(number, |o| {
            o.transactions_begun += 1;
            let token = o.transactions_begun;
            let snapshot = o.storage.clone();
            o.transactions.insert(token, snapshot);
            token
        }))),
        "txnEnd" => {
            world.objects.with(number, |o| token.map(|t| o.transactions.remove(&t)));
            Some(Value::Null)
        }
        "txnRollback" => {
            let restored = world.objects.with(number, |o| {
                let snapshot = token.and_then(|t| o.transactions.get(&t).cloned())?;
                o.cached.extend(o.storage.keys().cloned());
                o.cached.extend(snapshot.keys().cloned());
                o.storage = snapshot;
                if o.sqlite
                    && let Some(db) = o.sql.as_mut()
                {
                    db.kv_replace(&o.storage);
                }
                Some(())
            });
            if restored.is_some() {
                let n = world.next_io(owner);
                let object = world.objects.label(number);
                host.record(EventKind::DoStorage {
                    n,
                    object,
                    op: "rollback".to_string(),
                    keys: String::new(),
                    cached: true,
                    at,
                });
                pending_write(host, number, owner, n);
            }
            Some(Value::Null)
        }
        _ => None,
    }
}

/// R17: `getAlarm`, `setAlarm` and `deleteAlarm`, answered at once (the alarm is kept
/// with the object); `None` for any other operation.
fn alarm_op(host: &Host, number: u32, op: &str, argument: &Value, at: Option<crate::Location>) -> Option<Value> {
    let world = &host.world;
    let object = world.objects.label(number);
    match op {
        "getAlarm" => Some(world.objects.with(number, |o| o.alarm.map_or(Value::Null, |(t, _)| json!(t)))),
        "deleteAlarm" => {
            if let Some((_, task)) = world.objects.with(number, |o| o.alarm.take()) {
                world.unschedule(task);
                host.record(EventKind::DoAlarmDeleted { object, at });
            }
            Some(Value::Null)
        }
        "setAlarm" => {
            let time = argument.get("time").and_then(Value::as_f64).unwrap_or(0.0) as i64;
            if let Some((_, task)) = world.objects.with(number, |o| o.alarm.take()) {
                world.unschedule(task);
                host.record(EventKind::DoAlarmDeleted { object: object.clone(), at: at.clone() });
            }
            // An alarm in the past runs at once.
            let due = u64::try_from(time - world.epoch_ms).unwrap_or(0).max(world.now());
            let isolate = host.isolate;
            let task = world.schedule(due, Task { isolate, owner: Owner::Startup, kind: TaskKind::DoAlarm(number) });
            world.objects.with(number, |o| {
                o.alarm = Some((time, task));
                o.alarm_retries = 0;
            });
            host.record(EventKind::DoAlarmSet { object, due_ms: due, at });
            Some(Value::Null)
        }
        _ => None,
    }
}

/// R17: object `number`'s alarm is due: it is cleared (a handler that sets a new one
/// keeps it) and its alarm event becomes a request of the object, dispatched now through
/// its input gate.
pub(crate) fn alarm_due(host: &Host, number: u32) {
    let world = &host.world;
    let retry_count = world.objects.with(number, |o| {
        o.alarm = None;
        o.alarm_retries
    });
    let binding = world.objects.with(number, |o| o.binding.clone());
    let spec = crate::model::RequestSpec {
        url: format!("{binding} alarm"),
        method: "ALARM".to_string(),
        headers: Vec::new(),
        body: None,
        arrival: crate::model::MsRange::fixed(world.now()),
        isolate: Some(host.isolate),
        event: crate::model::EventSpec::Alarm { retry_count },
        cf: BTreeMap::new(),
        websocket: None,
    };
    let id = {
        let mut requests = world.requests.borrow_mut();
        let id = u32::try_from(requests.len() + 1).expect("request ids fit in u32");
        let mut state = crate::world::RequestState::new(id, id as usize - 1, host.isolate, spec, world.now());
        state.object = Some(number);
        state.alarm_of = Some(binding);
        requests.push(state);
        id
    };
    let object = world.objects.label(number);
    world.record(Owner::Startup, EventKind::DoAlarmDue { object, alarm: Owner::Request(id), retry_count });
    world
        .schedule(world.now(), Task { isolate: host.isolate, owner: Owner::Request(id), kind: TaskKind::Dispatch(id) });
}

/// R21: the client of request `client` (or the request holding the other end) sent
/// `event` to a hibernatable WebSocket of object
/// `number`: the event becomes a call of the object, dispatched now through its input
/// gate (the object is constructed again if it was evicted meanwhile).
pub(crate) fn socket_event(host: &Host, number: u32, client: Option<u32>, event: crate::model::EventSpec) {
    let world = &host.world;
    let (binding, isolate) = world.objects.with(number, |o| (o.binding.clone(), o.isolate));
    let spec = crate::model::RequestSpec {
        url: format!("{binding} websocket"),
        method: "WEBSOCKET".to_string(),
        headers: Vec::new(),
        body: None,
        arrival: crate::model::MsRange::fixed(world.now()),
        isolate: Some(isolate),
        event,
        cf: BTreeMap::new(),
        websocket: None,
    };
    let id = {
        let mut requests = world.requests.borrow_mut();
        let id = u32::try_from(requests.len() + 1).expect("request ids fit in u32");
        let mut state = crate::world::RequestState::new(id, id as usize - 1, isolate, spec, world.now());
        state.object = Some(number);
        state.socket_event_of = client;
        requests.push(state);
        id
    };
    world.schedule(world.now(), Task { isolate, owner: Owner::Request(id), kind: TaskKind::Dispatch(id) });
}

/// workerd retries a failed alarm up to six times, 2 s after the first failure and twice
/// as long after each next one (Cloudflare's documented backoff).
const ALARM_RETRIES_MAX: u32 = 6;
const ALARM_FIRST_RETRY_MS: u64 = 2_000;

/// R17: alarm request `id` of object `number` finished: a failure is retried with backoff
/// unless the handler set a new alarm meanwhile.
pub(crate) fn alarm_finished(host: &Host, id: u32, failed: bool) {
    let world = &host.world;
    let (Some(number), crate::model::EventSpec::Alarm { retry_count }) =
        world.with_request(id, |r| (r.object, r.spec.event.clone()))
    else {
        return;
    };
    if !failed || retry_count >= ALARM_RETRIES_MAX || world.objects.with(number, |o| o.alarm.is_some()) {
        world.objects.with(number, |o| o.alarm_retries = 0);
        return;
    }
    let due = world.now() + (ALARM_FIRST_RETRY_MS << retry_count);
    let time = world.epoch_ms + due as i64;
    let task =
        world.schedule(due, Task { isolate: host.isolate, owner: Owner::Startup, kind: TaskKind::DoAlarm(number) });
    world.objects.with(number, |o| {
        o.alarm = Some((time, task));
        o.alarm_retries = retry_count + 1;
    });
}

/// workerd's text for the SQL API of a class that is not SQLite-backed (local workerd).
const SQL_NOT_ENABLED: &str = "SQL is not enabled for this Durable Object class. To enable it, change `new_classes` to \
`new_sqlite_classes` within the 'migrations' field in your wrangler.jsonc or wrangler.toml file. If using workerd \
directly,set `enableSql = true` in your workerd config for the class. Note that this change cannot be made after the \
class is already deployed to production.";

/// `host.doSql(object, sql, bindings)`: `ctx.storage.sql.exec()` of the running call.
/// SQL runs synchronously on the object's own SQLite database (the engine D1 runs on,
/// `crate::d1::Database`); a statement that changed the database is a write the output
/// gate waits for (R16). The statement runs up to its first row, as workerd's does, and
/// stays open as a cursor that `host.doSqlRead` steps as the cursor is read.
/// Answers `{ cursor, columns, rowsRead, rowsWritten }` (`cursor` is -1 when the
/// statement is done already).
pub(crate) fn sql(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let number = object_arg(args, context)?;
    let sql = text(args, 1, context)?;
    let mut params = Vec::new();
    if let Some(list) = args.get(2).and_then(JsValue::as_object) {
        let length = list.get(js_string!("length"), context)?.to_length(context)?;
        for i in 0..length {
            params.push(crate::host::d1::sql_value(&list.get(i, context)?, context)?);
        }
    }
    let host = Host::of(context);
    let owner = sqlite_call(&host, number)?;
    let at = caller(context);
    let now_unix_ms = host.world.epoch_ms + host.world.now() as i64;
    let opened = host.world.objects.with(number, |o| {
        open_sql(o, number)?;
        let db = o.sql.as_mut().expect("opened above");
        // R19: what a break restores, taken before the first unconfirmed write (a query
        // that can only read needs none).
        let reads_only = sql.trim_start().get(..6).is_some_and(|w| w.eq_ignore_ascii_case("select"));
        let base = (o.unconfirmed_sql_base.is_none() && !reads_only).then(|| db.image());
        let opened = db.open_cursor(&sql, &params, now_unix_ms)?;
        if opened.changed_db && o.unconfirmed_sql_base.is_none() {
            debug_assert!(base.is_some(), "a query that changed the database was not taken for a read");
            o.unconfirmed_sql_base = base;
        }
        Ok::<_, String>(opened)
    });
    let n = host.world.next_io(owner);
    let summary: String = sql.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(60).collect();
    let opened = opened.map_err(|message| js_error!(Error: "{}", message))?;
    let object = host.world.objects.label(number);
    host.record(EventKind::DoStorage { n, object, op: "sql.exec".to_string(), keys: summary, cached: true, at });
    if opened.changed_db {
        pending_write(&host, number, owner, n);
    }
    let columns: Vec<JsValue> = opened.columns.iter().map(|c| JsString::from(c.as_str()).into()).collect();
    let columns = boa_engine::object::builtins::JsArray::from_iter(columns, context);
    let cursor = opened.cursor.map_or(-1.0, f64::from);
    Ok(boa_engine::object::ObjectInitializer::new(context)
        .property(js_string!("cursor"), cursor, boa_engine::property::Attribute::all())
        .property(js_string!("columns"), columns, boa_engine::property::Attribute::all())
        .property(js_string!("rowsRead"), opened.rows_read as f64, boa_engine::property::Attribute::all())
        .property(js_string!("rowsWritten"), opened.rows_written as f64, boa_engine::property::Attribute::all())
        .build()
        .into())
}

/// The object's SQL database, opened on first use. workerd creates a SQLite-backed
/// object's database with its first page written (`databaseSize` of a fresh object is
/// 4096 on workerd 1.20261117), so a fresh one starts as the image of an empty database.
fn open_sql(o: &mut crate::durable_object::Object, number: u32) -> Result<&mut crate::d1::Database, String> {
    if o.sql.is_none() {
        let spec = crate::d1::D1Spec { binding: String::new(), latency: o.latency, migrations: Vec::new() };
        let mut db = crate::d1::Database::open(&spec, u64::from(number)).map_err(|e| e.message)?;
        db.restore(&[]);
        o.sql = Some(db);
    }
    Ok(o.sql.as_mut().expect("opened above"))
}

/// `host.doSqlSize(object)`: `ctx.storage.sql.databaseSize`, as workerd computes it:
/// the pages in use (the page count less the free list) times the page size, the
/// `_cf_KV` table of the object's key-value pairs included.
pub(crate) fn sql_size(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let number = object_arg(args, context)?;
    let host = Host::of(context);
    sqlite_call(&host, number)?;
    let size = host.world.objects.with(number, |o| open_sql(o, number).map(|db| db.size_in_use()));
    let size = size.map_err(|message| js_error!(Error: "{}", message))?;
    Ok(JsValue::from(size as f64))
}

/// `host.doSqlRead(object, cursor, max)`: reads up to `max` rows of a cursor `exec`
/// made (every row left when `max` is 0), stepping its statement now, so rows not
/// stepped over yet show what was written since (workerd steps the statement as the
/// cursor is read); `max` -1 ends the cursor (`one()` that found a second row). Answers
/// `{ rows, done, rowsRead, rowsWritten }`; a cursor that is done, or whose instance
/// was reset, answers no rows.
pub(crate) fn sql_read(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let number = object_arg(args, context)?;
    let cursor = args.get(1).cloned().unwrap_or_default().to_u32(context)?;
    let max = args.get(2).cloned().unwrap_or_default().to_number(context)?;
    let host = Host::of(context);
    let owner = sqlite_call(&host, number)?;
    let now_unix_ms = host.world.epoch_ms + host.world.now() as i64;
    if max < 0.0 {
        host.world.objects.with(number, |o| o.sql.as_mut().map(|db| db.close_cursor(cursor)));
        return Ok(JsValue::undefined());
    }
    let max = max as usize;
    let read = host.world.objects.with(number, |o| match o.sql.as_mut() {
        Some(db) => db.read_cursor(cursor, max, now_unix_ms),
        None => Ok(crate::d1::Read::empty()),
    });
    let read = read.map_err(|message| js_error!(Error: "{}", message))?;
    if read.changed_db {
        // A statement that writes as it is stepped (none does past its first step today).
        let n = host.world.next_io(owner);
        pending_write(&host, number, owner, n);
    }
    let columns = read.rows.first().map_or(1, Vec::len).max(1);
    crate::host::charge((read.rows.len() * columns) as u64, context)?;
    let mut rows = Vec::with_capacity(read.rows.len());
    for row in &read.rows {
        let cells: Vec<JsValue> = row.iter().map(|v| crate::host::d1::js_value(v, context)).collect();
        rows.push(boa_engine::object::builtins::JsArray::from_iter(cells, context).into());
    }
    let rows = boa_engine::object::builtins::JsArray::from_iter(rows, context);
    Ok(boa_engine::object::ObjectInitializer::new(context)
        .property(js_string!("rows"), rows, boa_engine::property::Attribute::all())
        .property(js_string!("done"), read.done, boa_engine::property::Attribute::all())
        .property(js_string!("rowsRead"), read.rows_read as f64, boa_engine::property::Attribute::all())
        .property(js_string!("rowsWritten"), read.rows_written as f64, boa_engine::property::Attribute::all())
        .build()
        .into())
}

/// The running call, for an API only a SQLite-backed object has (local workerd's error
/// for any other class; R2's for the top level).
fn sqlite_call(host: &Host, number: u32) -> JsResult<u32> {
    if !host.world.objects.with(number, |o| o.sqlite) {
        return Err(js_error!(Error: "{}", SQL_NOT_ENABLED));
    }
    let Owner::Request(owner) = require_request(host, "Durable Object storage")? else {
        unreachable!("require_request")
    };
    Ok(owner)
}

/// `host.doStorageSync(object, op, argument)`: `ctx.storage.kv` of a SQLite-backed
/// object, synchronous: the same storage as the asynchronous API, answered at once (no
/// round trip, so the input gate stays open); a write waits for confirmation (R16).
pub(crate) fn storage_sync(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let number = object_arg(args, context)?;
    let op = text(args, 1, context)?;
    let argument: Value = serde_json::from_str(&text(args, 2, context)?)
        .map_err(|e| js_error!(TypeError: "bad storage operation: {}", e))?;
    let host = Host::of(context);
    let owner = sqlite_call(&host, number)?;
    let at = caller(context);
    let n = host.world.next_io(owner);
    let applied = host.world.objects.with(number, |o| apply_tracked(o, number, &op, &argument, true));
    let object = host.world.objects.label(number);
    host.record(EventKind::DoStorage {
        n,
        object,
        op: format!("kv.{op}"),
        keys: applied.keys.join(","),
        cached: true,
        at,
    });
    if applied.write {
        pending_write(&host, number, owner, n);
    }
    Ok(JsString::from(applied.answer.to_string()).into())
}

/// `host.doTransactionSync(object, phase)`: `transactionSync()` of a SQLite-backed
/// object: `begin` keeps its key-value storage and SQL database as they are, `rollback`
/// puts both back, `commit` forgets them (nested calls keep a stack).
pub(crate) fn transaction_sync(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let number = object_arg(args, context)?;
    let phase = text(args, 1, context)?;
    let host = Host::of(context);
    if !host.world.objects.with(number, |o| o.sqlite) {
        return Err(js_error!(Error: "{}", SQL_NOT_ENABLED));
    }
    let component = host.get::<DurableObjects>();
    match phase.as_str() {
        "begin" => {
            let saved = host.world.objects.with(number, |o| (o.storage.clone(), o.sql.as_ref().map(|db| db.image())));
            component.sync_transactions.borrow_mut().push((number, saved.0, saved.1));
        }
        _ => {
            let saved = component.sync_transactions.borrow_mut().pop();
            let Some((object, storage, image)) = saved else { return Ok(JsValue::undefined()) };
            assert_eq!(object, number, "transactionSync nests per object");
            if phase == "rollback" {
                host.world.objects.with(number, |o| {
                    o.cached.extend(o.storage.keys().cloned());
                    o.cached.extend(storage.keys().cloned());
                    o.storage = storage;
                    if let (Some(db), Some(image)) = (o.sql.as_mut(), image) {
                        db.restore(&image);
                    }
                });
            }
        }
    }
    Ok(JsValue::undefined())
}

/// R16: write `n` of call `owner` to object `number` waits for its confirmation (a
/// `DoFlush` task after the object's drawn latency); the output gate holds answers until then.
fn pending_write(host: &Host, number: u32, owner: u32, n: u32) {
    let latency = host.world.objects.with(number, |o| {
        o.gate.writes.insert((owner, n));
        o.latency
    });
    host.get::<Draws>().push(PendingDraw {
        key: LatencyKey::Binding { request: owner, n },
        range: latency,
        task: Task { isolate: host.isolate, owner: Owner::Request(owner), kind: TaskKind::DoFlush(owner, n) },
    });
}

/// What a storage operation did to the object: its answer, the keys it touched, and
/// whether it needs a round trip (a read) or a confirmation (a write).
struct Applied {
    answer: Value,
    keys: Vec<String>,
    round_trip: bool,
    write: bool,
}

fn strings(value: &Value, name: &str) -> Vec<String> {
    value
        .get(name)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

/// [`apply`], keeping what a break restores (R19): the storage before the first write
/// still to be confirmed (`confirmed`: the output gate waits for this write).
fn apply_tracked(
    o: &mut crate::durable_object::Object,
    number: u32,
    op: &str,
    argument: &Value,
    confirmed: bool,
) -> Applied {
    let base = (o.unconfirmed_base.is_none() && confirmed && matches!(op, "put" | "delete" | "deleteAll"))
        .then(|| o.storage.clone());
    let applied = apply(o, op, argument);
    if applied.write && matches!(op, "put" | "delete") {
        mirror_kv(o, number, op, argument, confirmed);
    }
    if applied.write && o.unconfirmed_base.is_none() {
        o.unconfirmed_base = base;
    }
    if op == "deleteAll" {
        clear_sql(o);
    }
    applied
}

/// The (key, stored value) pairs of a `put` operation's argument.
fn put_entries(argument: &Value) -> Vec<(String, String)> {
    argument
        .get("entries")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter().filter_map(|e| Some((e.get(0)?.as_str()?.to_string(), e.get(1)?.as_str()?.to_string()))).collect()
        })
        .unwrap_or_default()
}

/// A SQLite-backed object's put or delete, written into its database's `_cf_KV` table as
/// workerd keeps it there (`Database::kv_mirror`); what a break restores (R19) is taken
/// first, as for any SQL write the output gate waits for.
fn mirror_kv(o: &mut crate::durable_object::Object, number: u32, op: &str, argument: &Value, confirmed: bool) {
    if !o.sqlite {
        return;
    }
    let take_base = confirmed && o.unconfirmed_sql_base.is_none();
    let image = match open_sql(o, number) {
        Ok(db) => take_base.then(|| db.image()),
        // A database that cannot open answers its error at the worker's next SQL call.
        Err(_) => return,
    };
    if image.is_some() {
        o.unconfirmed_sql_base = image;
    }
    let db = o.sql.as_mut().expect("opened above");
    if op == "put" {
        db.kv_mirror(&put_entries(argument), &[]);
    } else {
        db.kv_mirror(&[], &strings(argument, "keys"));
    }
}

/// `deleteAll()` of a SQLite-backed object drops every table of its database too, as
/// workerd 1.20261117 does (its key-value pairs live in that database there). What a
/// break restores (R19) is taken first, as for any SQL write.
fn clear_sql(o: &mut crate::durable_object::Object) {
    let Some(db) = o.sql.as_mut() else { return };
    if o.unconfirmed_sql_base.is_none() {
        o.unconfirmed_sql_base = Some(db.image());
    }
    // An empty image is a database with no table.
    db.restore(&[]);
}

fn apply(o: &mut crate::durable_object::Object, op: &str, argument: &Value) -> Applied {
    let cached =
        |o: &crate::durable_object::Object, keys: &[String]| o.all_cached || keys.iter().all(|k| o.cached.contains(k));
    match op {
        "get" => {
            let keys = strings(argument, "keys");
            let round_trip = !cached(o, &keys);
            let found: Vec<Value> = keys.iter().filter_map(|k| o.storage.get(k).map(|v| json!([k, v]))).collect();
            o.cached.extend(keys.iter().cloned());
            Applied { answer: Value::Array(found), keys, round_trip, write: false }
        }
        "put" => {
            let entries = put_entries(argument);
            let keys: Vec<String> = entries.iter().map(|(k, _)| k.clone()).collect();
            for (key, value) in entries {
                o.cached.insert(key.clone());
                o.storage.insert(key, value);
            }
            Applied { answer: Value::Null, keys, round_trip: false, write: true }
        }
        "delete" => {
            let keys = strings(argument, "keys");
            let round_trip = !cached(o, &keys);
            let count = keys.iter().filter(|k| o.storage.remove(*k).is_some()).count();
            o.cached.extend(keys.iter().cloned());
            Applied { answer: json!(count), keys, round_trip, write: true }
        }
        "list" => {
            let text = |name: &str| argument.get(name).and_then(Value::as_str).map(str::to_string);
            let (start, start_after, end, prefix) = (text("start"), text("startAfter"), text("end"), text("prefix"));
            let reverse = argument.get("reverse").and_then(Value::as_bool).unwrap_or(false);
            let limit = argument.get("limit").and_then(Value::as_u64).map(|l| l as usize);
            let bounded =
                start.is_some() || start_after.is_some() || end.is_some() || prefix.is_some() || limit.is_some();
            let round_trip = !o.all_cached;
            let mut pairs: Vec<(&String, &String)> = o
                .storage
                .iter()
                .filter(|(k, _)| start.as_ref().is_none_or(|s| *k >= s))
                .filter(|(k, _)| start_after.as_ref().is_none_or(|s| *k > s))
                .filter(|(k, _)| end.as_ref().is_none_or(|e| *k < e))
                .filter(|(k, _)| prefix.as_ref().is_none_or(|p| k.starts_with(p.as_str())))
                .collect();
            if reverse {
                pairs.reverse();
            }
            pairs.truncate(limit.unwrap_or(usize::MAX));
            let keys: Vec<String> = pairs.iter().map(|(k, _)| (*k).clone()).collect();
            let answer = Value::Array(pairs.iter().map(|(k, v)| json!([k, v])).collect());
            o.cached.extend(keys.iter().cloned());
            if !bounded {
                o.all_cached = true;
            }
            Applied { answer, keys: Vec::new(), round_trip, write: false }
        }
        "deleteAll" => {
            o.storage.clear();
            o.cached.clear();
            o.all_cached = true;
            Applied { answer: Value::Null, keys: Vec::new(), round_trip: false, write: true }
        }
        _ => Applied { answer: Value::Null, keys: Vec::new(), round_trip: false, write: false },
    }
}

/// Storage read `key` completes: its promise settles with the answer it was issued with.
pub(crate) fn read_done(host: &Host, key: (u32, u32), context: &mut Context) {
    let Some(read) = host.get::<DurableObjects>().reads.borrow_mut().remove(&key) else { return };
    host.world.objects.with(read.object, |o| o.gate.reads.remove(&key));
    host.current.set(Owner::Request(key.0));
    host.record(EventKind::DoStorageDone { n: key.1 });
    crate::host::settle(&read.resolvers, Ok(JsString::from(read.answer).into()), context);
}

/// Write `key` of object `number` is confirmed: when it was the last pending, the answers
/// the output gate held go out and `sync()` calls resolve.
pub(crate) fn write_confirmed(host: &Host, key: (u32, u32), context: &mut Context) {
    let Some(number) = object_of_write(host, key) else { return };
    host.world.record(Owner::Request(key.0), EventKind::DoWriteConfirmed { n: key.1 });
    let released = host.world.objects.with(number, |o| {
        o.gate.writes.remove(&key);
        if o.gate.writes.is_empty() {
            o.unconfirmed_base = None;
            o.unconfirmed_sql_base = None;
            std::mem::take(&mut o.gate.held)
        } else {
            Vec::new()
        }
    });
    let now = host.world.now();
    for task in released {
        host.world.schedule(now, task);
    }
    if host.world.objects.with(number, |o| o.gate.writes.is_empty()) {
        let waiting: Vec<ResolvingFunctions> = {
            let component = host.get::<DurableObjects>();
            let mut syncs = component.syncs.borrow_mut();
            let (mine, rest): (Vec<_>, Vec<_>) = syncs.drain(..).partition(|(n, _)| *n == number);
            *syncs = rest;
            mine.into_iter().map(|(_, r)| r).collect()
        };
        for resolvers in waiting {
            crate::host::settle(&resolvers, Ok(JsString::from("null").into()), context);
        }
    }
}

fn object_of_write(host: &Host, key: (u32, u32)) -> Option<u32> {
    let object = host.world.with_request(key.0, |r| r.object)?;
    host.world.objects.with(object, |o| o.gate.writes.contains(&key)).then_some(object)
}

/// R16: the answer of a call to an object with unconfirmed writes waits for them.
/// Returns `true` when `task` (the caller's `ServiceAnswer`) is held.
pub(crate) fn hold_answer(world: &crate::world::World, object: u32, task: &Task) -> bool {
    world.objects.with(object, |o| {
        if o.gate.writes.is_empty() {
            return false;
        }
        o.gate.held.push(task.clone());
        true
    })
}

/// R6: storage reads of call `id` still in flight when it ends are cancelled (the gate
/// they held opens); a `blockConcurrencyWhile` it was running ends with it.
pub(crate) fn end_request(host: &Host, id: u32, reason: CancelReason) {
    let Some(number) = host.world.with_request(id, |r| r.object) else { return };
    let keys: Vec<(u32, u32)> =
        host.get::<DurableObjects>().reads.borrow().keys().filter(|k| k.0 == id).copied().collect();
    for key in keys {
        host.get::<DurableObjects>().reads.borrow_mut().remove(&key);
        host.world.objects.with(number, |o| o.gate.reads.remove(&key));
        host.world.tasks.borrow_mut().retain(|_, t| !t.kind.is_subrequest(key));
        host.get::<Draws>().forget(key);
        let url = format!("{} storage read", host.world.objects.label(number));
        host.world.record(Owner::Request(id), EventKind::SubrequestCancelled { n: key.1, reason, url });
    }
    // A callback still running ends with the call; one that has settled is judged by
    // `check_blocks` at the end of this turn (a rejection breaks the object, R19).
    let running_block =
        host.get::<DurableObjects>().blocks.borrow().iter().any(|(n, promise)| *n == number && is_pending(promise));
    if host.world.objects.with(number, |o| o.gate.blocker == Some(id)) && running_block {
        reset(host, number);
    }
}
