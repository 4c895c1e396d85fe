//! The global object as workerd 1.20261117 makes it: a `ServiceWorkerGlobalScope`, whose
//! prototype chain is `ServiceWorkerGlobalScope.prototype → WorkerGlobalScope.prototype →
//! (an EventTarget prototype) → Object.prototype`.
//!
//! workerd keeps its Web classes and functions (`Response`, `fetch`, `setTimeout`, …) on
//! `ServiceWorkerGlobalScope.prototype`, the `EventTarget` class on
//! `WorkerGlobalScope.prototype`, and `addEventListener`, `removeEventListener` and
//! `dispatchEvent` on the third prototype; the global object's own properties are the
//! language's builtins and a few objects (`console`, `crypto`, `navigator`, `self`, …).
//! So `Object.getOwnPropertyNames(globalThis)`, `globalThis.hasOwnProperty('fetch')`
//! (false) and `for (k in globalThis)` (the prototypes' properties are enumerable) answer
//! as there. The third prototype is not the global `EventTarget`'s: in workerd
//! `globalThis instanceof EventTarget` is false.
//!
//! Every isolate sets up the host through [`define`], [`callable`] and [`class`] (and the
//! lazy globals through [`holder`]), which put each name where workerd has it: the
//! prototypes are made first ([`register`]), so nothing is moved afterwards (a property
//! deleted from the global object rebuilds its property table).
//!
//! It also says which globals the compatibility date and flags expose ([`exposed`]:
//! `MessageChannel`, `WeakRef`, `importScripts`, …), whether prototypes are tagged
//! ([`tagged`], `set_tostring_tag`), and builds `Cloudflare` ([`cloudflare`]).

use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, NativeFunction, js_error, js_string};

/// The names workerd 1.20261117 defines on `ServiceWorkerGlobalScope.prototype` that
/// crosstalk has (at any date or flag: a name crosstalk does not install is simply absent),
/// sorted by bytes.
const SERVICE_WORKER_SCOPE: [&str; 76] = [
    "AbortController",
    "AbortSignal",
    "Blob",
    "ByteLengthQueuingStrategy",
    "Cache",
    "CacheStorage",
    "CloseEvent",
    "CompressionStream",
    "CountQueuingStrategy",
    "Crypto",
    "CryptoKey",
    "CustomEvent",
    "DOMException",
    "DecompressionStream",
    "ErrorEvent",
    "Event",
    "ExtendableEvent",
    "FetchEvent",
    "File",
    "FixedLengthStream",
    "FormData",
    "HTMLRewriter",
    "Headers",
    "IdentityTransformStream",
    "MessageChannel",
    "MessageEvent",
    "MessagePort",
    "Navigator",
    "Performance",
    "PerformanceEntry",
    "PerformanceMark",
    "PerformanceMeasure",
    "PerformanceObserver",
    "PerformanceObserverEntryList",
    "PerformanceResourceTiming",
    "PromiseRejectionEvent",
    "ReadableByteStreamController",
    "ReadableStream",
    "ReadableStreamBYOBReader",
    "ReadableStreamBYOBRequest",
    "ReadableStreamDefaultController",
    "ReadableStreamDefaultReader",
    "Request",
    "Response",
    "ScheduledEvent",
    "SubtleCrypto",
    "TailEvent",
    "TextDecoder",
    "TextDecoderStream",
    "TextEncoder",
    "TextEncoderStream",
    "TraceEvent",
    "TransformStream",
    "TransformStreamDefaultController",
    "URL",
    "URLPattern",
    "URLSearchParams",
    "WebSocket",
    "WebSocketPair",
    "WebSocketRequestResponsePair",
    "WorkerGlobalScope",
    "WritableStream",
    "WritableStreamDefaultController",
    "WritableStreamDefaultWriter",
    "atob",
    "btoa",
    "clearImmediate",
    "clearInterval",
    "clearTimeout",
    "fetch",
    "queueMicrotask",
    "reportError",
    "setImmediate",
    "setInterval",
    "setTimeout",
    "structuredClone",
];

/// The names on the third prototype, workerd's global EventTarget methods.
const EVENT_TARGET_SCOPE: [&str; 3] = ["addEventListener", "removeEventListener", "dispatchEvent"];

/// Which object of the global scope holds a name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Home {
    /// The global object itself.
    Own,
    /// `ServiceWorkerGlobalScope.prototype`: one step up the chain.
    ServiceWorkerScope,
    /// `WorkerGlobalScope.prototype`: two steps.
    WorkerScope,
    /// The EventTarget prototype: three steps.
    EventTargetScope,
}

impl Home {
    fn of(name: &str) -> Home {
        debug_assert!(SERVICE_WORKER_SCOPE.is_sorted(), "the list is searched by halves");
        // Every lazy global asks at every boot: a search by halves, not a scan.
        if SERVICE_WORKER_SCOPE.binary_search(&name).is_ok() {
            Home::ServiceWorkerScope
        } else if name == "EventTarget" || name == "importScripts" {
            Home::WorkerScope
        } else if EVENT_TARGET_SCOPE.contains(&name) {
            Home::EventTargetScope
        } else {
            Home::Own
        }
    }

    /// How many prototypes up from the global object this home is.
    fn depth(self) -> usize {
        match self {
            Home::Own => 0,
            Home::ServiceWorkerScope => 1,
            Home::WorkerScope => 2,
            Home::EventTargetScope => 3,
        }
    }
}

/// The object that holds global `name` in workerd, and whether its properties are
/// enumerable there (the prototypes' are; the global object's own vary, so `None`).
pub(crate) fn holder(name: &str, context: &mut Context) -> (JsObject, Option<bool>) {
    let home = Home::of(name);
    let mut object = context.global_object();
    for _ in 0..home.depth() {
        // Set up by `register` before any global is defined; JS cannot run before.
        object = object.prototype().expect("the global scope's prototypes are set up first");
    }
    (object, (home != Home::Own).then_some(true))
}

/// Defines global `name` as a data property where workerd has it: on a prototype
/// writable, enumerable and configurable; on the global object writable and configurable.
pub(crate) fn define(name: &str, value: JsValue, context: &mut Context) -> JsResult<()> {
    let (object, enumerable) = holder(name, context);
    crate::host::define_new(
        &object,
        JsString::from(name),
        PropertyDescriptor::builder()
            .value(value)
            .writable(true)
            .enumerable(enumerable.unwrap_or(false))
            .configurable(true),
    );
    Ok(())
}

/// Defines global function `name` where workerd has it (as `Context::register_global_callable`
/// makes one: not a constructor).
pub(crate) fn callable(
    name: &str,
    length: usize,
    f: boa_engine::native_function::NativeFunctionPointer,
    context: &mut Context,
) -> JsResult<()> {
    let function = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(f))
        .name(JsString::from(name))
        .length(length)
        .constructor(false)
        .build();
    define(name, function.into(), context)
}

/// Registers class `C` in the realm and defines its constructor where workerd has it.
pub(crate) fn class<C: Class>(context: &mut Context) -> JsResult<()> {
    let constructor = register_class::<C>(context)?;
    define(C::NAME, constructor.into(), context)
}

/// The constructor of class `C` in this realm, registered on first use, without a global
/// and without a `Symbol.toStringTag`.
pub(crate) fn register_class<C: Class>(context: &mut Context) -> JsResult<JsObject> {
    if let Some(registered) = context.get_global_class::<C>() {
        return Ok(registered.constructor());
    }
    let mut builder = ClassBuilder::new::<C>(context);
    C::init(&mut builder)?;
    let class = builder.build();
    let constructor = class.constructor();
    context.realm().register_class::<C>(class);
    Ok(constructor)
}

/// Makes the string-keyed members of registered class `C`'s constructor and prototype
/// enumerable, as WebIDL (and workerd) has its attributes and operations:
/// `Object.keys(URLSearchParams.prototype)` lists `append`…, `for…in` reaches them. boa's
/// class builder defines them as a class body would, not enumerable. About 1.7 k
/// instructions a member: the classes every isolate builds at boot (`Request`, `Response`,
/// `Headers`, `FetchEvent`) would cost 1.4% of a schedule, and keep boa's attributes.
pub(crate) fn make_members_enumerable<C: Class>(context: &mut Context) -> JsResult<()> {
    let Some(class) = context.get_global_class::<C>() else {
        return Err(js_error!(TypeError: "{} is not registered", C::NAME));
    };
    enumerable_class(&class.constructor(), context)
}

/// Makes the members of class `constructor` (its statics and its prototype's) enumerable.
pub(crate) fn enumerable_class(constructor: &JsObject, context: &mut Context) -> JsResult<()> {
    let prototype = constructor.get(js_string!("prototype"), context)?;
    let prototype = prototype.as_object().ok_or_else(|| js_error!(TypeError: "a class without a prototype"))?;
    enumerable_members(constructor, context)?;
    enumerable_members(&prototype, context)
}

/// Makes the string-keyed own properties of `object` enumerable (but `constructor`,
/// `prototype`, `length` and `name`), keeping their other attributes.
fn enumerable_members(object: &JsObject, context: &mut Context) -> JsResult<()> {
    for key in object.own_property_keys(context)? {
        let boa_engine::property::PropertyKey::String(name) = &key else { continue };
        if ["constructor", "prototype", "length", "name"].iter().any(|skip| name == *skip) {
            continue;
        }
        // The descriptor as the builder made it, only made enumerable (a define with a
        // partial descriptor costs three times as much, and every isolate pays it).
        let Some(own) = object.borrow().properties().get(&key) else { continue };
        let mut enumerable = PropertyDescriptor::builder().enumerable(true);
        if own.is_accessor_descriptor() {
            if let Some(get) = own.get() {
                enumerable = enumerable.get(get.clone());
            }
            if let Some(set) = own.set() {
                enumerable = enumerable.set(set.clone());
            }
        } else {
            enumerable = enumerable.value(own.expect_value().clone()).writable(own.expect_writable());
        }
        let replaced = object.insert_property(key, enumerable.configurable(own.expect_configurable()));
        debug_assert!(replaced, "the member was there");
    }
    Ok(())
}

/// Gives the global object workerd's prototype chain, and defines the two classes that
/// name it (`ServiceWorkerGlobalScope` own, `WorkerGlobalScope` on its prototype). Runs
/// before any other global is defined ([`holder`] walks the chain).
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let global = context.global_object();
    debug_assert!(
        global.prototype().is_some_and(|p| p == context.intrinsics().constructors().object().prototype()),
        "the global object starts as an ordinary object"
    );
    let tagged = tagged(context);
    let object = context.intrinsics().constructors().object().prototype();
    let event_target = scope_prototype("EventTarget", object, tagged, context)?;
    let worker = scope_prototype("WorkerGlobalScope", event_target, tagged, context)?;
    let service_worker = scope_prototype("ServiceWorkerGlobalScope", worker.clone(), tagged, context)?;
    global.set_prototype(Some(service_worker.clone()));
    let class = service_worker.get(js_string!("constructor"), context)?;
    // Own and enumerable, as workerd has it: `Object.keys(globalThis)` lists it.
    global.define_property_or_throw(
        js_string!("ServiceWorkerGlobalScope"),
        PropertyDescriptor::builder().value(class).writable(true).enumerable(true).configurable(true),
        context,
    )?;
    let class = worker.get(js_string!("constructor"), context)?;
    define("WorkerGlobalScope", class, context)?;
    if exposed("importScripts", context) {
        callable("importScripts", 0, import_scripts, context)?;
    }
    Ok(())
}

/// Whether workerd gives its classes' prototypes a `Symbol.toStringTag`
/// (`set_tostring_tag`, from 2024-09-26): every class workerd implements in C++ follows it,
/// the Rust ones (`host::tag_object`) and the Web modules' (`web::tag_classes`).
pub(crate) fn tagged(context: &Context) -> bool {
    crate::compat_flags::is_on(&crate::engine::Host::of(context).world.profile, "set_tostring_tag")
}

/// One prototype of the chain ([`illegal_class`]), with the `Symbol.toStringTag` `name`
/// under `set_tostring_tag` (`tagged`), as workerd has them.
fn scope_prototype(name: &str, parent: JsObject, tagged: bool, context: &mut Context) -> JsResult<JsObject> {
    let prototype = illegal_class(name, parent, context)?;
    if tagged {
        crate::host::tag_object(&prototype, name, context)?;
    }
    Ok(prototype)
}

/// The prototype of a class `name` that refuses to be called or constructed, inheriting
/// from `parent`.
fn illegal_class(name: &str, parent: JsObject, context: &mut Context) -> JsResult<JsObject> {
    // A shape of its own: the scope's prototype gets some 75 properties at every boot,
    // which a shared shape would make as many transitions for.
    let prototype = JsObject::from_proto_and_data(Some(parent), OrdinaryObject);
    let constructor = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_fn_ptr(|_, _, _| Err(js_error!(TypeError: "Illegal constructor"))),
    )
    .name(JsString::from(name))
    .length(0)
    .constructor(true)
    .build();
    link_class(&constructor.into(), &prototype, context)?;
    Ok(prototype)
}

/// Makes `constructor.prototype` (fixed) and `prototype.constructor` (writable,
/// configurable) point at each other, as a class's do.
pub(crate) fn link_class(constructor: &JsObject, prototype: &JsObject, context: &mut Context) -> JsResult<()> {
    constructor.define_property_or_throw(
        js_string!("prototype"),
        PropertyDescriptor::builder().value(prototype.clone()).writable(false).enumerable(false).configurable(false),
        context,
    )?;
    prototype.define_property_or_throw(
        js_string!("constructor"),
        PropertyDescriptor::builder().value(constructor.clone()).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    Ok(())
}

/// The globals workerd has only while a compatibility flag is on (`true`) or off
/// (`false`): (global, flag, whether the flag being on exposes it).
const GATED: [(&str, &str, bool); 5] = [
    ("MessageChannel", "expose_global_message_channel", true),
    ("WeakRef", "enable_weak_ref", true),
    ("FinalizationRegistry", "enable_weak_ref", true),
    ("MessagePort", "expose_global_message_channel", true),
    ("importScripts", "no_global_importscripts", false),
];

/// Whether workerd has global `name` at this isolate's compatibility date and flags.
pub(crate) fn exposed(name: &str, context: &Context) -> bool {
    match GATED.iter().find(|(global, _, _)| *global == name) {
        Some((_, flag, when)) => {
            crate::compat_flags::is_on(&crate::engine::Host::of(context).world.profile, flag) == *when
        }
        None => true,
    }
}

/// `importScripts`, which workerd has (before `no_global_importscripts`) only to refuse.
fn import_scripts(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Err(js_error!(Error: "Failed to execute 'importScripts' on 'WorkerGlobalScope': the method is not implemented."))
}

/// `Cloudflare`: an object whose `compatibilityFlags` (read-only, enumerable) is a frozen
/// object without prototype mapping every compatibility flag workerd 1.20261117 knows
/// to whether it is on for this worker (`compat_flags`), as workerd lists them.
pub(crate) fn cloudflare(context: &mut Context) -> JsResult<JsValue> {
    let profile = &crate::engine::Host::of(context).world.profile;
    let listed = crate::compat_flags::listed(profile.compatibility_date, &profile.compatibility_flags);
    let flags = ObjectInitializer::new(context).build();
    flags.set_prototype(None);
    for (name, on) in listed {
        flags.define_property_or_throw(
            JsString::from(name),
            PropertyDescriptor::builder().value(on).writable(false).enumerable(true).configurable(false),
            context,
        )?;
    }
    let frozen = flags.set_integrity_level(boa_engine::object::IntegrityLevel::Frozen, context)?;
    debug_assert!(frozen, "an ordinary object can be frozen");
    // workerd's `Cloudflare` is an instance of a class of its own, `Cloudflare`, which is
    // not a global.
    let object = context.intrinsics().constructors().object().prototype();
    let prototype = scope_prototype("Cloudflare", object, tagged(context), context)?;
    let cloudflare = ObjectInitializer::new(context).build();
    cloudflare.set_prototype(Some(prototype));
    cloudflare.define_property_or_throw(
        js_string!("compatibilityFlags"),
        PropertyDescriptor::builder().value(flags).writable(false).enumerable(true).configurable(true),
        context,
    )?;
    Ok(cloudflare.into())
}
