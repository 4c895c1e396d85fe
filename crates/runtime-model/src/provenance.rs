//! Promise provenance: which request created each promise, and which promise each
//! reaction waits on (R13, and the "awaited at … a promise created by …" of hang reports).
//!
//! boa 0.22 has no promise-creation hook, so provenance is assembled from levers that
//! exist (ARCHITECTURE.md, "Promise provenance", lists what each covers):
//! - a native replacement of the global `Promise` constructor that builds a genuine
//!   intrinsic promise and tags it (`new Promise`, subclasses through `super`);
//! - native wrappers of `Promise.prototype.then` (which `catch`, `finally`, `await`ed
//!   thenables and the combinators all go through) and of the statics;
//! - the source instrumentation of [`crate::instrument`]: every async function's result
//!   passes through `__ct$t` (tagged at call time) and every `await e` through `__ct$a`
//!   (which names the exact promise and the exact site of the `await`);
//! - host code tags the promises it makes (fetch, body reads, KV, cache, `scheduler.wait`).
//!
//! A promise none of these saw (made by code crosstalk does not instrument: `eval`,
//! `new Function`, an async generator's own promise) is tagged when first seen, as
//! created by the request that first used it, and marked [`Creation::Inferred`]; reports
//! that rely on such a tag say so.
//!
//! The tag of the promise a reaction is about to wait on travels in a short-lived
//! *stash*: set by `__ct$a` or the `then` wrapper, consumed by the engine's very next
//! `make_job_callback` calls for the same registration (an `await` registers two
//! reactions, `then` up to two).

use boa_engine::builtins::promise::Promise;
use boa_engine::object::builtins::{JsFunction, JsPromise, JsWeakMap};
use boa_engine::object::{FunctionObjectBuilder, JsObject};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, Finalize, JsData, JsNativeError, JsResult, JsValue, NativeFunction, Trace, js_string};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use crate::engine::Host;
use crate::location::{RawLocation, caller_location};
use crate::trace::{Awaited, EventKind, Owner};
use crate::world::{Phase, Task, TaskKind};

/// The error a waiter gets when the creator of the promise it awaits has ended (R13,
/// `workerd` with `handle_cross_request_promise_resolution`).
pub const CREATOR_ENDED_MESSAGE: &str = "This promise was created by a request that has since ended, so it can never settle. With the handle_cross_request_promise_resolution compatibility flag, a promise can only settle in the request that created it, and settling it after that request ends is dropped.";

/// Warning W1 (R13): a settlement from another request, after the creator ended.
pub const W1: &str = "A promise was resolved or rejected from a different request context than the one it was created in. However, the creating request has already been completed or canceled. Continuations for that request are unlikely to run safely and have been canceled. If this behavior breaks your worker, consider setting the `no_handle_cross_request_promise_resolution` compatibility flag for your worker.";

/// How a promise came to be, as far as crosstalk saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Creation {
    NewPromise,
    AsyncFunction,
    Then,
    Static(&'static str),
    Host(&'static str),
    /// A per-waiter stand-in for another request's promise (R13, flag on).
    Proxy,
    /// Never seen at creation: tagged when first used.
    Inferred,
}

impl Creation {
    pub fn describe(self) -> String {
        match self {
            Self::NewPromise => "new Promise()".into(),
            Self::AsyncFunction => "an async function call".into(),
            Self::Then => "then()/catch()/finally()".into(),
            Self::Static(name) => format!("Promise.{name}()"),
            Self::Host(api) => api.into(),
            Self::Proxy => "a cross-request await".into(),
            Self::Inferred => "code crosstalk does not instrument".into(),
        }
    }
}

/// What crosstalk knows about one promise.
#[derive(Clone, Debug)]
pub(crate) struct PromiseTag {
    pub creator: Owner,
    pub creation: Creation,
    /// Where it was created (`worker.js:5:15`), when known.
    pub at: Option<RawLocation>,
}

/// The registration the engine is about to make: the promise it waits on and the site.
#[derive(Clone, Debug)]
struct Stash {
    tag: Option<u32>,
    at: Option<RawLocation>,
    promise: Option<JsPromise>,
    group: u64,
    remaining: u8,
}

/// What the next reaction registrations wait on (consumed by `make_job_callback`).
pub(crate) struct Waiting {
    pub tag: Option<u32>,
    pub at: Option<RawLocation>,
    pub promise: Option<JsPromise>,
    pub group: u64,
}

/// A settlement queued into another request's context, or an orphaned waiter's rejection.
struct Deferred {
    function: JsFunction,
    /// `None`: reject with [`CREATOR_ENDED_MESSAGE`].
    value: Option<JsValue>,
    /// The request whose code settled it (W1 is recorded against it).
    settler: Owner,
}

/// A waiter's stand-in for another request's pending promise (flag on).
struct ProxyWait {
    creator: u32,
    waiter: Owner,
    reject: JsFunction,
    awaited: JsPromise,
}

/// Per-isolate provenance state.
#[derive(Default)]
pub(crate) struct Provenance {
    map: RefCell<Option<JsWeakMap>>,
    tags: RefCell<Vec<PromiseTag>>,
    stash: RefCell<Option<Stash>>,
    next_group: Cell<u64>,
    intrinsic_promise: RefCell<Option<JsObject>>,
    intrinsic_then: RefCell<Option<JsFunction>>,
    global_promise: RefCell<Option<JsObject>>,
    deferred: RefCell<BTreeMap<u64, Deferred>>,
    next_deferred: Cell<u64>,
    proxies: RefCell<Vec<ProxyWait>>,
}

impl Provenance {
    pub fn clear_js_values(&self) {
        self.map.borrow_mut().take();
        self.stash.borrow_mut().take();
        self.intrinsic_promise.borrow_mut().take();
        self.intrinsic_then.borrow_mut().take();
        self.global_promise.borrow_mut().take();
        self.deferred.borrow_mut().clear();
        self.proxies.borrow_mut().clear();
    }

    /// Whether no JS value is held (after `clear_js_values`).
    pub fn is_clear(&self) -> bool {
        self.map.borrow().is_none()
            && self.stash.borrow().is_none()
            && self.intrinsic_promise.borrow().is_none()
            && self.intrinsic_then.borrow().is_none()
            && self.global_promise.borrow().is_none()
            && self.deferred.borrow().is_empty()
            && self.proxies.borrow().is_empty()
    }

    pub fn tag(&self, index: u32) -> Option<PromiseTag> {
        self.tags.borrow().get(index as usize).cloned()
    }

    /// Takes the stash for one reaction registration.
    pub fn take_waiting(&self) -> Option<Waiting> {
        let mut stash = self.stash.borrow_mut();
        let s = stash.as_mut()?;
        let waiting = Waiting { tag: s.tag, at: s.at.clone(), promise: s.promise.clone(), group: s.group };
        s.remaining -= 1;
        if s.remaining == 0 {
            stash.take();
        }
        Some(waiting)
    }

    pub fn new_group(&self) -> u64 {
        let g = self.next_group.get();
        self.next_group.set(g + 1);
        g
    }

    fn set_stash(&self, tag: Option<u32>, promise: Option<&JsObject>, at: Option<RawLocation>, remaining: u8) {
        let group = self.new_group();
        let promise = promise.and_then(|p| JsPromise::from_object(p.clone()).ok());
        *self.stash.borrow_mut() = Some(Stash { tag, at, promise, group, remaining });
    }

    fn clear_stash(&self) {
        self.stash.borrow_mut().take();
    }

    /// The description of the promise with tag `index`, for the trace.
    pub fn awaited(&self, index: u32) -> Option<Awaited> {
        self.tag(index).map(|t| Awaited {
            creator: t.creator,
            created_at: t.at.map(|l| l.to_string()),
            how: t.creation.describe(),
            inferred: t.creation == Creation::Inferred,
        })
    }
}

fn weak_map(host: &Host, context: &mut Context) -> JsWeakMap {
    if let Some(map) = host.provenance.map.borrow().as_ref() {
        return map.clone();
    }
    let map = JsWeakMap::new(context);
    *host.provenance.map.borrow_mut() = Some(map.clone());
    map
}

/// The tag of `promise`, if it has one.
pub(crate) fn lookup(host: &Host, promise: &JsObject, context: &mut Context) -> Option<u32> {
    let map = weak_map(host, context);
    map.get(promise, context).ok().and_then(|v| v.as_number()).map(|n| n as u32)
}

/// Tags `promise` as created now by the running owner (no-op when already tagged).
pub(crate) fn tag(
    host: &Host,
    promise: &JsObject,
    creation: Creation,
    at: Option<RawLocation>,
    context: &mut Context,
) -> u32 {
    if let Some(index) = lookup(host, promise, context) {
        return index;
    }
    tag_fresh(host, promise, creation, at, context)
}

fn tag_fresh(
    host: &Host,
    promise: &JsObject,
    creation: Creation,
    at: Option<RawLocation>,
    context: &mut Context,
) -> u32 {
    let index = reserve(host, creation, at);
    let map = weak_map(host, context);
    let _ = map.set(promise, JsValue::from(index), context);
    index
}

fn reserve(host: &Host, creation: Creation, at: Option<RawLocation>) -> u32 {
    let mut tags = host.provenance.tags.borrow_mut();
    tags.push(PromiseTag { creator: host.current.get(), creation, at });
    (tags.len() - 1) as u32
}

/// Tags a promise made by a host API (`fetch()`, `response.text()`, `KV.get()`…).
pub(crate) fn tag_host(host: &Host, promise: &JsPromise, api: &'static str, context: &mut Context) {
    let object: JsObject = promise.clone().into();
    let at = if host.capture_locations { caller_location(context) } else { None };
    tag(host, &object, Creation::Host(api), at, context);
}

fn as_promise(value: &JsValue) -> Option<JsObject> {
    value.as_object().filter(|o| o.is::<Promise>())
}

/// The request that created the promise with tag `index`, if a request did.
fn creator_request(host: &Host, index: u32) -> Option<u32> {
    host.provenance.tags.borrow().get(index as usize).and_then(|t| t.creator.request())
}

/// Installs the levers on a fresh context, before any user code runs.
pub(crate) fn install(context: &mut Context) -> JsResult<()> {
    let host = Host::of(context);
    let promise = context.intrinsics().constructors().promise().constructor();
    let prototype = context.intrinsics().constructors().promise().prototype();
    let then = prototype
        .get(js_string!("then"), context)?
        .as_object()
        .and_then(JsFunction::from_object)
        .ok_or_else(|| JsNativeError::typ().with_message("Promise.prototype.then missing"))?;
    *host.provenance.intrinsic_promise.borrow_mut() = Some(promise.clone());
    *host.provenance.intrinsic_then.borrow_mut() = Some(then);

    let then = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(then_wrapper))
        .name(js_string!("then"))
        .length(2)
        .build();
    prototype.define_property_or_throw(
        js_string!("then"),
        PropertyDescriptor::builder().value(then).writable(true).enumerable(false).configurable(true),
        context,
    )?;

    let constructor = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(construct_promise))
        .name(js_string!("Promise"))
        .length(1)
        .constructor(true)
        .build();
    let constructor: JsObject = constructor.into();
    *host.provenance.global_promise.borrow_mut() = Some(constructor.clone());
    constructor.define_property_or_throw(
        js_string!("prototype"),
        PropertyDescriptor::builder().value(prototype.clone()).writable(false).enumerable(false).configurable(false),
        context,
    )?;
    for (name, length) in STATICS {
        if promise.get(js_string!(*name), context)?.is_undefined() {
            continue;
        }
        let wrapper = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure(move |this, args, context| call_static(name, this, args, context)),
        )
        .name(js_string!(*name))
        .length(*length)
        .build();
        constructor.define_property_or_throw(
            js_string!(*name),
            PropertyDescriptor::builder().value(wrapper).writable(true).enumerable(false).configurable(true),
            context,
        )?;
    }
    let species =
        FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(|this, _, _| Ok(this.clone())))
            .name(js_string!("get [Symbol.species]"))
            .build();
    constructor.define_property_or_throw(
        boa_engine::JsSymbol::species(),
        PropertyDescriptor::builder().get(species).enumerable(false).configurable(true),
        context,
    )?;
    context.global_object().define_property_or_throw(
        js_string!("Promise"),
        PropertyDescriptor::builder().value(constructor).writable(true).enumerable(false).configurable(true),
        context,
    )?;

    for (name, f, length) in [
        (crosstalk_instrument::AWAIT_HOOK, instrumented_await as boa_engine::native_function::NativeFunctionPointer, 2),
        (crosstalk_instrument::ASYNC_HOOK, instrumented_async_result, 2),
    ] {
        let function = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(f))
            .name(js_string!(name))
            .length(length)
            .build();
        context.global_object().define_property_or_throw(
            js_string!(name),
            PropertyDescriptor::builder().value(function).writable(false).enumerable(false).configurable(false),
            context,
        )?;
    }
    Ok(())
}

const STATICS: &[(&str, usize)] = &[
    ("resolve", 1),
    ("reject", 1),
    ("all", 1),
    ("allSettled", 1),
    ("any", 1),
    ("race", 1),
    ("try", 1),
    ("withResolvers", 0),
];

/// `Promise.<name>(…)`: the intrinsic static, called with the intrinsic `%Promise%` as
/// receiver when called on the global replacement, and its result tagged.
fn call_static(name: &'static str, this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let intrinsic = host.provenance.intrinsic_promise.borrow().clone().expect("installed");
    let global = host.provenance.global_promise.borrow().clone();
    let receiver = match this.as_object() {
        Some(o) if global.as_ref().is_some_and(|g| JsObject::equals(&o, g)) => JsValue::from(intrinsic.clone()),
        _ => this.clone(),
    };
    let at = if host.capture_locations { caller_location(context) } else { None };
    let function = intrinsic.get(js_string!(name), context)?;
    let function = function.as_callable().ok_or_else(|| JsNativeError::typ().with_message("not callable"))?;
    let creation = Creation::Static(name);
    if name == "withResolvers" && host.world.profile.cross_request_resolution_flag() {
        return with_resolvers(&host, at, context);
    }
    let result = function.call(&receiver, args, context)?;
    if let Some(promise) = as_promise(&result) {
        tag(&host, &promise, creation, at, context);
    } else if let Some(object) = result.as_object()
        && let Some(promise) = as_promise(&object.get(js_string!("promise"), context)?)
    {
        tag(&host, &promise, creation, at, context);
    }
    Ok(result)
}

/// `Promise.withResolvers()` whose resolving functions defer cross-request settlement.
fn with_resolvers(host: &Host, at: Option<RawLocation>, context: &mut Context) -> JsResult<JsValue> {
    let (promise, functions) = JsPromise::new_pending(context);
    let object: JsObject = promise.into();
    let index = tag_fresh(host, &object, Creation::Static("withResolvers"), at, context);
    let resolve = guarded_settle(functions.resolve, index, context);
    let reject = guarded_settle(functions.reject, index, context);
    let result = boa_engine::object::ObjectInitializer::new(context)
        .property(js_string!("promise"), object, boa_engine::property::Attribute::all())
        .property(js_string!("resolve"), resolve, boa_engine::property::Attribute::all())
        .property(js_string!("reject"), reject, boa_engine::property::Attribute::all())
        .build();
    Ok(result.into())
}

/// `new Promise(executor)`: a genuine intrinsic promise, tagged with its creator.
fn construct_promise(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    // For [[Construct]], boa passes new.target as `this`.
    let new_target = this
        .as_object()
        .filter(|o| o.is_constructor())
        .ok_or_else(|| JsNativeError::typ().with_message("Promise constructor cannot be invoked without 'new'"))?;
    let intrinsic = host.provenance.intrinsic_promise.borrow().clone().expect("installed");
    let global = host.provenance.global_promise.borrow().clone();
    let new_target =
        if global.as_ref().is_some_and(|g| JsObject::equals(&new_target, g)) { intrinsic.clone() } else { new_target };
    let at = if host.capture_locations { caller_location(context) } else { None };
    let index = reserve(&host, Creation::NewPromise, at);
    let promise = if host.world.profile.cross_request_resolution_flag()
        && let Some(executor) = args.first().and_then(JsValue::as_object).and_then(JsFunction::from_object)
    {
        // R13, flag on: settling from another request is deferred into the creator's.
        let wrapped = NativeFunction::from_copy_closure_with_captures(
            |_, args, captures: &Captured, context| {
                let resolve = args.first().and_then(JsValue::as_object).and_then(JsFunction::from_object);
                let reject = args.get(1).and_then(JsValue::as_object).and_then(JsFunction::from_object);
                let (Some(resolve), Some(reject)) = (resolve, reject) else {
                    return captures.function.call(&JsValue::undefined(), args, context);
                };
                let resolve = guarded_settle(resolve, captures.index, context);
                let reject = guarded_settle(reject, captures.index, context);
                captures.function.call(&JsValue::undefined(), &[resolve.into(), reject.into()], context)
            },
            Captured { function: executor, index },
        )
        .to_js_function(context.realm());
        intrinsic.construct(&[wrapped.into()], Some(&new_target), context)?
    } else {
        intrinsic.construct(args, Some(&new_target), context)?
    };
    let map = weak_map(&host, context);
    let _ = map.set(&promise, JsValue::from(index), context);
    Ok(promise.into())
}

#[derive(Trace, Finalize, JsData)]
struct Captured {
    function: JsFunction,
    #[unsafe_ignore_trace]
    index: u32,
}

/// A resolving function that applies R13's flag-on rule: settling from another request
/// is deferred into the creator's context, or dropped with W1 when it has ended.
fn guarded_settle(function: JsFunction, index: u32, context: &mut Context) -> JsFunction {
    NativeFunction::from_copy_closure_with_captures(
        |_, args, captures: &Captured, context| {
            let host = Host::of(context);
            let value = args.first().cloned().unwrap_or_default();
            let settler = host.current.get();
            match creator_request(&host, captures.index) {
                Some(creator) if settler != Owner::Request(creator) && settler != Owner::Startup => {
                    if host.world.phase(creator) == Phase::Done {
                        host.record(EventKind::Console { level: "warn".into(), text: W1.to_string() });
                    } else {
                        defer(&host, Owner::Request(creator), captures.function.clone(), Some(value), settler);
                        host.record(EventKind::SettlementDeferred { creator: Owner::Request(creator) });
                    }
                    Ok(JsValue::undefined())
                }
                _ => captures.function.call(&JsValue::undefined(), &[value], context),
            }
        },
        Captured { function, index },
    )
    .to_js_function(context.realm())
}

fn defer(host: &Host, owner: Owner, function: JsFunction, value: Option<JsValue>, settler: Owner) {
    let id = host.provenance.next_deferred.get();
    host.provenance.next_deferred.set(id + 1);
    host.provenance.deferred.borrow_mut().insert(id, Deferred { function, value, settler });
    let now = host.world.now();
    host.world.schedule(now, Task { isolate: host.isolate, owner, kind: TaskKind::Settle(id) });
}

/// Runs a deferred settlement (task [`TaskKind::Settle`]) as its task's owner.
pub(crate) fn run_deferred(host: &Host, id: u64, context: &mut Context) {
    let Some(deferred) = host.provenance.deferred.borrow_mut().remove(&id) else { return };
    let owner = host.current.get();
    if let Some(request) = owner.request()
        && host.world.phase(request) == Phase::Done
    {
        if deferred.value.is_some() {
            host.world.record(deferred.settler, EventKind::Console { level: "warn".into(), text: W1.to_string() });
        }
        return;
    }
    let value = match deferred.value {
        Some(value) => value,
        None => JsNativeError::error().with_message(CREATOR_ENDED_MESSAGE).into_opaque(context).into(),
    };
    let _ = deferred.function.call(&JsValue::undefined(), &[value], context);
}

/// `promise.then(onFulfilled, onRejected)`: names the promise the reactions wait on,
/// stands in for another request's pending promise under the flag (R13), tags the result.
fn then_wrapper(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let then = host.provenance.intrinsic_then.borrow().clone().expect("installed");
    let Some(promise) = as_promise(this) else {
        return then.call(this, args, context);
    };
    let at = if host.capture_locations { caller_location(context) } else { None };
    let (target, index) = waited_on(&host, promise, at.clone(), context)?;
    host.provenance.set_stash(Some(index), Some(&target), at.clone(), 2);
    let result = then.call(&target.clone().into(), args, context);
    host.provenance.clear_stash();
    let result = result?;
    if let Some(derived) = as_promise(&result) {
        tag(&host, &derived, Creation::Then, at, context);
    }
    Ok(result)
}

/// `__ct$a(value, site)`: inserted around every `await` operand by the instrumentation.
fn instrumented_await(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let value = args.first().cloned().unwrap_or_default();
    let at = site(&host, args.get(1), context);
    match as_promise(&value) {
        Some(promise) => {
            let (target, index) = waited_on(&host, promise, at.clone(), context)?;
            host.provenance.set_stash(Some(index), Some(&target), at, 2);
            Ok(target.into())
        }
        None => {
            host.provenance.set_stash(None, None, at, 2);
            Ok(value)
        }
    }
}

/// The original location of the site number an instrumented module passed: site numbers
/// are per module, and the module is the calling frame's.
fn site(host: &Host, number: Option<&JsValue>, context: &Context) -> Option<RawLocation> {
    let number = number.and_then(JsValue::as_number)? as u32;
    let frame = context.stack_trace().next()?;
    match frame.position().path {
        boa_engine::vm::SourcePath::Path(path) => host.sites.location(&path, number),
        _ => None,
    }
}

/// `__ct$t(promise, site)`: an async function's result, tagged at call time.
fn instrumented_async_result(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let value = args.first().cloned().unwrap_or_default();
    if let Some(promise) = as_promise(&value) {
        let at = site(&host, args.get(1), context);
        tag_fresh(&host, &promise, Creation::AsyncFunction, at, context);
    }
    Ok(value)
}

/// The promise a waiter should really register on, and the tag of the one it names.
///
/// Under the flag (R13), another request's pending promise is replaced by a stand-in
/// owned by the waiter: it follows the original while its creator lives and is rejected
/// with [`CREATOR_ENDED_MESSAGE`] when the creator ends first.
fn waited_on(
    host: &Host,
    promise: JsObject,
    at: Option<RawLocation>,
    context: &mut Context,
) -> JsResult<(JsObject, u32)> {
    let index = match lookup(host, &promise, context) {
        Some(index) => index,
        None => tag_fresh(host, &promise, Creation::Inferred, None, context),
    };
    let waiter = host.current.get();
    let Some(creator) = creator_request(host, index) else { return Ok((promise, index)) };
    if !host.world.profile.cross_request_resolution_flag()
        || waiter == Owner::Request(creator)
        || waiter == Owner::Startup
    {
        return Ok((promise, index));
    }
    let Ok(awaited) = JsPromise::from_object(promise.clone()) else { return Ok((promise, index)) };
    if !crate::engine::is_pending(&awaited) {
        return Ok((promise, index));
    }
    let (proxy, functions) = JsPromise::new_pending(context);
    let proxy_object: JsObject = proxy.clone().into();
    tag_fresh(host, &proxy_object, Creation::Proxy, at.clone(), context);
    if host.world.phase(creator) == Phase::Done {
        let error = JsNativeError::error().with_message(CREATOR_ENDED_MESSAGE).into_opaque(context);
        functions.reject.call(&JsValue::undefined(), &[error.into()], context)?;
        return Ok((proxy_object, index));
    }
    // The forwarding reactions are the waiter's and wait on the original (keep-alive).
    let then = host.provenance.intrinsic_then.borrow().clone().expect("installed");
    host.provenance.set_stash(Some(index), Some(&promise), at, 2);
    let forwarded =
        then.call(&promise.clone().into(), &[functions.resolve.into(), functions.reject.clone().into()], context);
    host.provenance.clear_stash();
    if let Some(derived) = forwarded?.as_object() {
        // The forwarding chain's own promise is never observed by user code.
        tag_fresh(host, &derived, Creation::Proxy, None, context);
    }
    host.provenance.proxies.borrow_mut().push(ProxyWait { creator, waiter, reject: functions.reject, awaited });
    Ok((proxy_object, index))
}

/// R13, flag on: request `creator` ended; every live waiter still following one of its
/// pending promises gets the "has since ended" rejection, as a task of its own.
pub(crate) fn creator_ended(host: &Host, creator: u32) {
    let orphaned: Vec<ProxyWait> = {
        let mut proxies = host.provenance.proxies.borrow_mut();
        let (orphaned, kept): (Vec<_>, Vec<_>) = proxies.drain(..).partition(|p| p.creator == creator);
        *proxies = kept;
        orphaned
    };
    for proxy in orphaned {
        if !crate::engine::is_pending(&proxy.awaited) {
            continue;
        }
        if let Some(request) = proxy.waiter.request()
            && host.world.phase(request) == Phase::Done
        {
            continue;
        }
        defer(host, proxy.waiter, proxy.reject, None, proxy.waiter);
    }
}
