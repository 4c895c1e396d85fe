//! The Workers host APIs, one file per JS-facing API. `register` installs them all on a
//! fresh isolate context.

pub(crate) mod abort;
pub(crate) mod assets;
pub(crate) mod base64;
pub(crate) mod binding_io;
pub(crate) mod bindings;
pub(crate) mod body;
pub(crate) mod cache;
pub(crate) mod console;
pub(crate) mod crypto;
pub(crate) mod d1;
pub(crate) mod date;
pub(crate) mod date_parse;
pub(crate) mod define_property;
pub(crate) mod durable_object;
pub(crate) mod encoding;
pub(crate) mod engine_errors;
pub(crate) mod error_stack;
pub(crate) mod es2025;
pub(crate) mod fetch;
pub(crate) mod fetch_event;
pub(crate) mod format;
pub(crate) mod function_source;
pub(crate) mod global_scope;
pub(crate) mod guards;
pub(crate) mod headers;
pub(crate) mod html_rewriter;
pub(crate) mod intl;
pub(crate) mod json;
pub(crate) mod json_stringify;
pub(crate) mod kv;
pub(crate) mod lazy;
pub(crate) mod navigator;
pub(crate) mod node_crypto;
pub(crate) mod node_fs;
pub(crate) mod node_zlib;
pub(crate) mod nondeterminism;
pub(crate) mod nullish;
pub(crate) mod promise;
pub(crate) mod proxy;
pub(crate) mod queue;
pub(crate) mod r2;
pub(crate) mod random;
pub(crate) mod regexp;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod service;
pub(crate) mod small_bindings;
pub(crate) mod sort;
pub(crate) mod stream;
pub(crate) mod symbol_registry;
pub(crate) mod timers;
pub(crate) mod uint8_base64;
pub(crate) mod url;
pub(crate) mod url_search_params;
pub(crate) mod wasm;
pub(crate) mod weak_refs;
pub(crate) mod web;
pub(crate) mod websocket;
pub(crate) mod workflows;

use boa_engine::property::Attribute;
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsSymbol, JsValue, js_string};
use boa_runtime::extensions::MicrotaskExtension;

use crate::engine::Host;
use crate::trace::Owner;

/// The message workerd gives when I/O, timers or randomness are used at the top level (R2).
pub(crate) const GLOBAL_SCOPE_MESSAGE: &str = "Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or connect()), setting a timeout, and generating random values are not allowed within global scope. To fix this error, perform this operation within a handler. https://developers.cloudflare.com/workers/runtime-apis/handlers/";

/// The running request, or the R2 error for top-level code.
pub(crate) fn require_request(host: &Host, _api: &str) -> JsResult<Owner> {
    match host.current.get() {
        Owner::Startup => Err(JsNativeError::error().with_message(GLOBAL_SCOPE_MESSAGE).into()),
        owner => Ok(owner),
    }
}

/// Settles a promise through its resolving functions: fulfilled with `Ok`, rejected with
/// the thrown value of `Err`. A promise's resolving functions never throw (ECMA-262
/// CreateResolvingFunctions), which the call asserts.
pub(crate) fn settle(
    resolvers: &boa_engine::builtins::promise::ResolvingFunctions,
    result: JsResult<JsValue>,
    context: &mut Context,
) {
    let settled = match result {
        Ok(value) => resolvers.resolve.call(&JsValue::undefined(), &[value], context),
        Err(error) => {
            let reason = error.into_opaque(context).unwrap_or_default();
            resolvers.reject.call(&JsValue::undefined(), &[reason], context)
        }
    };
    debug_assert!(settled.is_ok(), "a promise's resolving functions never throw");
}

/// A `DOMException` named `name` (web/events.js), as the runtime throws it.
pub(crate) fn dom_exception(name: &str, message: &str, context: &mut Context) -> JsError {
    let made = web::exports(web::WebModule::Events, context).and_then(|events| {
        let class = events.get(js_string!("DOMException"), context)?;
        let class = class.as_constructor().ok_or_else(|| JsNativeError::typ().with_message("no DOMException"))?;
        class.construct(&[js_string!(message).into(), js_string!(name).into()], None, context)
    });
    match made {
        Ok(exception) => JsError::from_opaque(exception.into()),
        Err(error) => error,
    }
}

/// Installs every host API on a fresh context.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    // Deleting a property of the global object rebuilds its property table: done first,
    // while it holds only the builtins, it costs a quarter of what it does at the end.
    let global = context.global_object();
    // R12: GC timing must not be observable (`weak_refs` has deterministic ones).
    global.delete_property_or_throw(js_string!("WeakRef"), context)?;
    global.delete_property_or_throw(js_string!("FinalizationRegistry"), context)?;
    // boa's own globals V8 does not have (workerd 1.20261117 has neither): the abstract
    // `%TypedArray%` constructor, which JS reaches only through a typed array's
    // prototype, and `Temporal`, which V8 does not ship yet.
    global.delete_property_or_throw(js_string!("TypedArray"), context)?;
    global.delete_property_or_throw(js_string!("Temporal"), context)?;
    // workerd's prototype chain of the global object, before any global is defined
    // (`global_scope` defines each where workerd has it).
    global_scope::register(context)?;
    // Then: everything after it may ask the registry (`define_hidden_global`).
    symbol_registry::register(context)?;
    boa_runtime::register_extensions(MicrotaskExtension, None, context)?;
    // workerd has `queueMicrotask` on the global scope's prototype (the global object holds
    // only builtins yet, so this delete is cheap).
    let queue_microtask = global.get(js_string!("queueMicrotask"), context)?;
    global.delete_property_or_throw(js_string!("queueMicrotask"), context)?;
    global_scope::define("queueMicrotask", queue_microtask, context)?;
    base64::register(context)?;
    uint8_base64::register(context)?;
    es2025::register(context)?;
    headers::register(context)?;
    global_scope::class::<response::Response>(context)?;
    global_scope::class::<request::Request>(context)?;
    json::register(context)?;
    date::register(context)?;
    date_parse::register(context)?;
    define_property::register(context)?;
    timers::register(context)?;
    random::register(context)?;
    fetch_event::register(context)?;
    fetch::register(context)?;
    register_async_context(context)?;
    register_meter(context)?;
    nullish::register(context)?;
    engine_errors::register(context)?;
    guards::register(context)?;
    sort::register(context)?;
    function_source::register(context)?;
    nondeterminism::register(context)?;
    error_stack::register(context)?;
    proxy::register(context)?;
    regexp::register(context)?;
    web::register(context)?;
    lazy::register(context)?;
    intl::register(context)?;
    context.register_global_property(js_string!("self"), global.clone(), Attribute::all())?;
    // workerd's `origin`: the opaque origin's serialisation, read-only.
    context.register_global_property(
        js_string!("origin"),
        js_string!("null"),
        Attribute::ENUMERABLE | Attribute::CONFIGURABLE,
    )?;
    let performance = base_performance(context)?;
    context.register_global_property(js_string!("performance"), performance.clone(), Attribute::all())?;
    // `web/performance.js` finds it here when the performance classes are on.
    define_hidden_global("crosstalk.performance", performance.into(), context)?;
    register_to_string_tags(context)?;
    Ok(())
}

/// Web IDL's `Symbol.toStringTag` of the classes and objects made in Rust, so that
/// `Object.prototype.toString.call(new Response())` is `[object Response]` as in workerd
/// (1.20261117); the JS-written Web modules define their own, and the lazy globals
/// (`lazy`) are tagged when they are built: reading one here would build it.
fn register_to_string_tags(context: &mut Context) -> JsResult<()> {
    let global = context.global_object();
    let classes = ["Response", "Request", "FetchEvent"];
    for name in classes {
        debug_assert!(web::WebModule::of_global(name).is_none(), "{name} is not a lazy Web module global");
        let class = global.get(js_string!(name), context)?;
        if let Some(class) = class.as_object() {
            tag_prototype(&class, name, context)?;
        }
    }
    let scheduler = global.get(js_string!("scheduler"), context)?;
    if let Some(scheduler) = scheduler.as_object() {
        tag_object(&scheduler, "Scheduler", context)?;
    }
    Ok(())
}

/// Gives `object` the `Symbol.toStringTag` `name` (writable, not enumerable, configurable,
/// as workerd's), unless it has one of its own or the date is before `set_tostring_tag`.
pub(crate) fn tag_object(object: &JsObject, name: &str, context: &mut Context) -> JsResult<()> {
    // Before `set_tostring_tag` workerd's classes have none: `[object Object]`.
    if !global_scope::tagged(context) || object.has_own_property(JsSymbol::to_string_tag(), context)? {
        return Ok(());
    }
    object.define_property_or_throw(
        JsSymbol::to_string_tag(),
        boa_engine::property::PropertyDescriptor::builder()
            .value(js_string!(name))
            .writable(true)
            .enumerable(false)
            .configurable(true),
        context,
    )?;
    Ok(())
}

/// Gives the prototype of class `class` the `Symbol.toStringTag` `name` ([`tag_object`]).
pub(crate) fn tag_prototype(class: &JsObject, name: &str, context: &mut Context) -> JsResult<()> {
    let prototype = class.get(js_string!("prototype"), context)?;
    match prototype.as_object() {
        Some(prototype) => tag_object(&prototype, name, context),
        None => Ok(()),
    }
}

/// workerd's `performance` without the performance classes: an object whose prototype has
/// `constructor` (an illegal constructor named `Performance`, not a global), `now` and the
/// `timeOrigin` getter — 0, as workerd's performance clock starts at the epoch it freezes.
fn base_performance(context: &mut Context) -> JsResult<JsObject> {
    let prototype = boa_engine::object::ObjectInitializer::new(context)
        .function(boa_engine::NativeFunction::from_fn_ptr(performance_now), js_string!("now"), 0)
        .build();
    let origin = boa_engine::object::FunctionObjectBuilder::new(
        context.realm(),
        boa_engine::NativeFunction::from_fn_ptr(|_, _, _| Ok(JsValue::from(0))),
    )
    .name(js_string!("get timeOrigin"))
    .build();
    prototype.define_property_or_throw(
        js_string!("timeOrigin"),
        boa_engine::property::PropertyDescriptor::builder().get(origin).enumerable(true).configurable(true),
        context,
    )?;
    let constructor = boa_engine::object::FunctionObjectBuilder::new(
        context.realm(),
        boa_engine::NativeFunction::from_fn_ptr(|_, _, _| Err(boa_engine::js_error!(TypeError: "Illegal constructor"))),
    )
    .name(js_string!("Performance"))
    .constructor(true)
    .build();
    constructor.define_property_or_throw(
        js_string!("prototype"),
        boa_engine::property::PropertyDescriptor::builder()
            .value(prototype.clone())
            .writable(false)
            .enumerable(false)
            .configurable(false),
        context,
    )?;
    prototype.define_property_or_throw(
        js_string!("constructor"),
        boa_engine::property::PropertyDescriptor::builder()
            .value(constructor)
            .writable(true)
            .enumerable(false)
            .configurable(true),
        context,
    )?;
    let performance = boa_engine::object::ObjectInitializer::new(context).build();
    performance.set_prototype(Some(prototype));
    Ok(performance)
}

/// R3: `performance.now()` is virtual time, frozen while JS runs. As in workerd, whose
/// `performance.timeOrigin` is 0, it is the same instant `Date.now()` reads.
fn performance_now(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    host.world.inputs.read(host.current.get(), crate::inputs::InputSource::Clock, "performance.now");
    Ok(JsValue::from(host.unix_now_ms() as f64))
}

/// The source of a built-in module crosstalk provides (`node:events`, `cloudflare:workers`,
/// …), whatever the compatibility flags, or `None` when there is no such module. Module
/// resolvers call this for `node:` and `cloudflare:` imports, and check the flags with
/// [`crate::node_modules::NodeSettings`].
pub fn builtin_module(specifier: &str) -> Option<&'static str> {
    match specifier {
        "cloudflare:workers" => Some(include_str!("cloudflare/workers.js")),
        "cloudflare:workflows" => Some(include_str!("cloudflare/workflows.js")),
        "cloudflare:sockets" => Some(include_str!("cloudflare/sockets.js")),
        "cloudflare:email" => Some(include_str!("cloudflare/email.js")),
        _ => crate::node_modules::node_module(specifier).map(|m| m.source),
    }
}

fn async_context_get(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    Ok(Host::of(context).async_frame.borrow().clone().map(JsValue::from).unwrap_or_default())
}

fn async_context_set(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let frame = args.first().and_then(JsValue::as_object);
    *Host::of(context).async_frame.borrow_mut() = frame;
    Ok(JsValue::undefined())
}

/// Defines `globalThis[Symbol.for(name)]`, read-only and not enumerable: how crosstalk's
/// own JS modules (`node:*`) reach host data without a visible global. It is held by the
/// global scope's prototype (`global_scope`), so that `Object.getOwnPropertySymbols(globalThis)`
/// is empty, as in workerd.
pub(crate) fn define_hidden_global(name: &str, value: JsValue, context: &mut Context) -> JsResult<()> {
    let Some(symbol) = hidden_symbol(name, context)? else { return Ok(()) };
    let holder = context.global_object().prototype().unwrap_or_else(|| context.global_object());
    define_fixed(&holder, symbol.into(), value, context)
}

/// The value [`define_hidden_global`] gave `name` (undefined if none).
pub(crate) fn hidden_global(name: &str, context: &mut Context) -> JsResult<JsValue> {
    let Some(symbol) = hidden_symbol(name, context)? else { return Ok(JsValue::undefined()) };
    context.global_object().get(symbol, context)
}

/// `Symbol.for(name)`s already asked for: boa's registry is one per process and never
/// forgets a symbol, so later isolates take it from here instead of calling `Symbol.for`
/// through JS at every boot.
static HIDDEN_SYMBOLS: std::sync::Mutex<Vec<(String, boa_engine::JsSymbol)>> = std::sync::Mutex::new(Vec::new());

/// `Symbol.for(name)` (`None` if the realm has no callable `Symbol.for`).
fn hidden_symbol(name: &str, context: &mut Context) -> JsResult<Option<boa_engine::JsSymbol>> {
    let known =
        |list: &Vec<(String, boa_engine::JsSymbol)>| list.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone());
    if let Some(symbol) = known(&HIDDEN_SYMBOLS.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(Some(symbol));
    }
    let registry_key = context.global_object().get(js_string!("Symbol"), context)?;
    let symbol_for = registry_key.as_object().map(|s| s.get(js_string!("for"), context)).transpose()?;
    let symbol = match symbol_for.as_ref().and_then(JsValue::as_callable) {
        Some(f) => f.call(&registry_key, &[boa_engine::JsString::from(name).into()], context)?,
        None => return Ok(None),
    };
    let Some(symbol) = symbol.as_symbol() else { return Ok(None) };
    let mut list = HIDDEN_SYMBOLS.lock().unwrap_or_else(|e| e.into_inner());
    match known(&list) {
        // Another thread asked at the same time; the registry gave it the same symbol.
        Some(theirs) => debug_assert!(theirs == symbol, "Symbol.for is one registry per process"),
        None => list.push((name.to_string(), symbol.clone())),
    }
    Ok(Some(symbol))
}

/// The function `holder[name]`, or a TypeError naming it.
pub(crate) fn method_of(
    holder: &boa_engine::JsObject,
    name: &str,
    context: &mut Context,
) -> JsResult<boa_engine::object::builtins::JsFunction> {
    let value = holder.get(js_string!(name), context)?;
    value
        .as_object()
        .and_then(|o| boa_engine::object::builtins::JsFunction::from_object(o.clone()))
        .ok_or_else(|| boa_engine::js_error!(TypeError: "{} is not a function", name))
}

/// Replaces the getter of the builtin accessor `holder[name]` with `getter`, which
/// receives the original getter (and may call it); the setter and attributes stay.
/// Returns the original getter. It runs at every boot, before any JS: the accessor is read
/// from the holder's own property table and its slot overwritten in place
/// (`insert_property`), as [`wrap_builtin`] does (through `Object.getOwnPropertyDescriptor`
/// and `define_property` it cost 19,000 instructions a boot).
pub(crate) fn wrap_getter(
    holder: &boa_engine::JsObject,
    name: &str,
    getter: fn(&JsValue, &[JsValue], &boa_engine::JsObject, &mut Context) -> JsResult<JsValue>,
    context: &mut Context,
) -> JsResult<boa_engine::JsObject> {
    let key = boa_engine::property::PropertyKey::from(js_string!(name));
    let descriptor = holder.borrow().properties().get(&key);
    let descriptor = descriptor.ok_or_else(|| boa_engine::js_error!(TypeError: "no accessor {}", name))?;
    let original = descriptor
        .get()
        .and_then(JsValue::as_object)
        .filter(|g| g.is_callable())
        .ok_or_else(|| boa_engine::js_error!(TypeError: "{} has no getter", name))?;
    debug_assert!(descriptor.configurable() == Some(true), "a builtin accessor is configurable");
    let setter = descriptor.set().cloned().unwrap_or_default();
    let wrapped = boa_engine::object::FunctionObjectBuilder::new(
        context.realm(),
        boa_engine::NativeFunction::from_copy_closure_with_captures(getter, original.clone()),
    )
    .name(js_string!(format!("get {name}")))
    .build();
    let replaced = holder.insert_property(
        key,
        boa_engine::property::PropertyDescriptor::builder()
            .get(wrapped)
            .set(setter)
            .enumerable(descriptor.enumerable().unwrap_or(false))
            .configurable(true),
    );
    debug_assert!(replaced, "the accessor was the holder's own");
    Ok(original)
}

/// Replaces the builtin method `holder[name]` with a native function that gets the
/// original as its capture: the same `name` and `length` (the standard's, given by the
/// caller: reading the original's costs more than the rest of the wrap, and debug builds
/// check it), writable, not enumerable, configurable, as builtin methods are. It runs at
/// every boot, before any JS: the slot boa made is overwritten in place
/// (`insert_property`), without `define_property`'s validation of a property the engine
/// itself defined.
pub(crate) fn wrap_builtin<F>(
    holder: &boa_engine::JsObject,
    name: &str,
    length: usize,
    context: &mut Context,
    behaviour: F,
) -> JsResult<()>
where
    F: Fn(&JsValue, &[JsValue], &boa_engine::object::builtins::JsFunction, &mut Context) -> JsResult<JsValue>
        + Copy
        + 'static,
{
    let original = method_of(holder, name, context)?;
    #[cfg(debug_assertions)]
    {
        let actual = original.get(js_string!("length"), context)?.to_length(context)?;
        debug_assert_eq!(usize::try_from(actual).ok(), Some(length), "the standard's length of {name}");
    }
    let wrapper = boa_engine::NativeFunction::from_copy_closure_with_captures(behaviour, original);
    let wrapper = boa_engine::object::FunctionObjectBuilder::new(context.realm(), wrapper)
        .name(js_string!(name))
        .length(length)
        .build();
    let property = boa_engine::property::PropertyDescriptor::builder()
        .value(wrapper)
        .writable(true)
        .enumerable(false)
        .configurable(true)
        .build();
    let existed = holder.insert_property(js_string!(name), property);
    assert!(existed, "the engine defines the builtin {name} that is wrapped");
    Ok(())
}

/// Defines property `key`, which `object` does not have yet, while an isolate boots
/// (before any JS runs, on an ordinary extensible object): what `define_property_or_throw`
/// does there, without its lookup and validation, which were half the cost of the host's
/// set-up (BENCHMARKS.md, "Host properties inserted"). Attributes left out are `false`.
pub(crate) fn define_new(
    object: &JsObject,
    key: impl Into<boa_engine::property::PropertyKey>,
    property: impl Into<boa_engine::property::PropertyDescriptor>,
) {
    let property = property.into().complete_property_descriptor();
    let existed = object.insert_property(key, property);
    assert!(!existed, "the host defines each property once, before any JS runs");
}

/// Defines a global property that JS can neither change, delete nor enumerate.
fn define_fixed_global(key: boa_engine::property::PropertyKey, value: JsValue, context: &mut Context) -> JsResult<()> {
    define_fixed(&context.global_object(), key, value, context)
}

/// Defines `holder[key]`, which JS can neither change, delete nor enumerate.
fn define_fixed(
    holder: &JsObject,
    key: boa_engine::property::PropertyKey,
    value: JsValue,
    context: &mut Context,
) -> JsResult<()> {
    let _ = context;
    define_new(
        holder,
        key,
        boa_engine::property::PropertyDescriptor::builder()
            .value(value)
            .writable(false)
            .enumerable(false)
            .configurable(false),
    );
    Ok(())
}

/// The call meter every function body starts with (`crosstalk_instrument::METER_HOOK`):
/// one unit of work per call (see [`charge`]).
fn register_meter(context: &mut Context) -> JsResult<()> {
    define_hook(crosstalk_instrument::METER_HOOK, meter, 0, context)?;
    define_hook(crosstalk_instrument::LOOP_HOOK, loop_step, 0, context)
}

/// The loop meter (`crosstalk_instrument::LOOP_HOOK`), called once every
/// `crosstalk_instrument::LOOP_STEP` iterations of the loops of the worker's code: counts
/// them against the task's `cpu_loop_iterations_max` (all its loops together), and checks
/// the memory limit, as [`charge`] does (a loop that only calls builtins meets no meter).
fn loop_step(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = charge(0, context)?;
    let loops = host.loops.get().saturating_add(crosstalk_instrument::LOOP_STEP);
    host.loops.set(loops);
    if loops > host.world.limits.cpu_loop_iterations_max {
        host.raised.set(Some(crate::engine::EngineStop::CpuLimit));
        return Err(boa_engine::error::RuntimeLimitError::LoopIteration.into());
    }
    // The loop counts up to 0 from here again.
    Ok(JsValue::from(-(crosstalk_instrument::LOOP_STEP as f64)))
}

/// Defines one of the instrumentation's hooks: a global function the rewritten code calls
/// by name, read-only and not enumerable.
pub(crate) fn define_hook(
    name: &str,
    f: boa_engine::native_function::NativeFunctionPointer,
    length: usize,
    context: &mut Context,
) -> JsResult<()> {
    let function =
        boa_engine::object::FunctionObjectBuilder::new(context.realm(), boa_engine::NativeFunction::from_fn_ptr(f))
            .name(js_string!(name))
            .length(length)
            .build();
    define_fixed_global(js_string!(name).into(), function.into(), context)
}

/// One unit of work for the call being entered, and the call stack's limit
/// (`crate::stack`): both are checked where every function body of the worker starts.
fn meter(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = charge(1, context)?;
    crate::stack::check(host.world.limits.stack_depth_max, context)?;
    Ok(JsValue::undefined())
}

/// Counts `units` of work against the running task's CPU budget (R11): one per function
/// call (the meter) and one per element a guarded builtin walks (`guards.rs`). Past
/// `cpu_work_per_task_max` the task is stopped with the engine's own uncatchable limit
/// error, which the event loop turns into workerd's "Worker exceeded CPU time limit."
/// for the request; the budget is reset when a task starts. The stop is also kept in
/// `Host::raised`, for the jobs whose error boa drops (an `await`'s continuation).
///
/// The same points check the memory the run holds (`memory.rs`): past the isolates'
/// limit, after a collection, the task is stopped with an uncatchable engine error
/// ([`MEMORY_STOP`]) that becomes "Worker has exceeded memory limit." for the request.
pub(crate) fn charge(units: u64, context: &Context) -> JsResult<&std::rc::Rc<Host>> {
    let host = context.get_data::<std::rc::Rc<Host>>().expect("every isolate context carries its host");
    let work = host.work.get().saturating_add(units);
    host.work.set(work);
    if work > host.world.limits.cpu_work_per_task_max {
        host.raised.set(Some(crate::engine::EngineStop::CpuLimit));
        return Err(boa_engine::error::RuntimeLimitError::LoopIteration.into());
    }
    if host.world.memory.exceeded() {
        host.raised.set(Some(crate::engine::EngineStop::MemoryLimit));
        return Err(boa_engine::error::PanicError::new(MEMORY_STOP).into());
    }
    Ok(host)
}

/// The text of the engine error that stops a task over the memory limit (JS cannot
/// catch an engine error; `describe_error` recognises it by this text).
pub(crate) const MEMORY_STOP: &str = "crosstalk: the isolate exceeded its memory limit";

/// The hidden hooks `node:async_hooks` uses to read and set the async context frame.
fn register_async_context(context: &mut Context) -> JsResult<()> {
    let hooks = boa_engine::object::ObjectInitializer::new(context)
        .function(boa_engine::NativeFunction::from_fn_ptr(async_context_get), js_string!("get"), 0)
        .function(boa_engine::NativeFunction::from_fn_ptr(async_context_set), js_string!("set"), 1)
        .build();
    define_hidden_global("crosstalk.asyncContext", hooks.into(), context)?;
    Ok(())
}
