//! The parts of the Web platform crosstalk writes in JS, its own code: streams
//! (`web/streams.js`), events, `AbortSignal` and `MessageChannel` (`web/events.js`), and
//! `Blob`/`File`/`FormData` (`web/blob.js`), `URLPattern` (`web/urlpattern.js`) and
//! `structuredClone` (`web/clone.js`).
//!
//! Each file is one function expression `(function (host) { …; return exports; })`. A
//! module is evaluated at most once per isolate, on first use: the first read of one of
//! its globals, or the first time host code needs one of its helpers. A worker that uses
//! none of them parses none of them.
//!
//! The globals stay accessors for the isolate's life (a value the worker assigns is kept
//! aside and read back). They never turn into data properties, because boa 0.22's
//! property inline cache pairs the slot found before a getter ran with the shape the
//! object has after it (ARCHITECTURE.md, "A getter that replaces itself"): a getter
//! that redefined the global would make the next read at the same site return another
//! property's value.
//!
//! The `host` object handed to every module is the only door from this JS back into the
//! runtime: `load`, `loaded`, `compress`, `timer`, `queueTask`, `boundary`, `reportError`,
//! the URL Pattern parser (`urlPatternParse`, `urlPatternMatchInput`), `d1Query`, `r2` and `queueSend`.
//!
//! Invariants: a module's exports object is created in this isolate's realm and held by
//! the [`WebModules`] component only while the run lasts (cleared at teardown); the
//! scripts are evaluated under the path `crosstalk:web/…`, which `location::caller_location`
//! skips, so trace locations stay in the user's code.

use boa_engine::object::builtins::{JsFunction, JsUint8Array};
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::{Attribute, PropertyDescriptor};
use boa_engine::{
    Context, Finalize, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, Script, Source, Trace,
    js_error, js_string,
};
use std::cell::{Cell, RefCell};
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

use crate::component::Component;
use crate::engine::Host;

/// The path prefix of the Web modules' scripts (a path component of its own).
pub(crate) const PATH_PREFIX: &str = "crosstalk:web";

/// One of the JS-written Web modules.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum WebModule {
    Streams,
    Events,
    Blob,
    UrlPattern,
    Clone,
    /// `DisposableStack`, `AsyncDisposableStack` and `SuppressedError` (explicit resource
    /// management's library, which V8 has and boa 0.22 has not).
    Disposal,
    /// `node:events`' EventEmitter.
    NodeEvents,
    /// `node:buffer`'s Buffer, and the `Buffer` global under `nodejs_compat_v2`.
    NodeBuffer,
    /// `node:process`, and the `process` global under `nodejs_compat_v2`.
    NodeProcess,
    /// `node:util`.
    NodeUtil,
    /// D1 database bindings (`env.DB`); no globals.
    D1,
    /// R2 bucket bindings (`env.BUCKET`); no globals.
    R2,
    /// What the `scheduled` and `queue` handlers receive; no globals.
    Handlers,
    /// Queue producer bindings (`env.QUEUE`); no globals.
    Queues,
    /// `node:crypto`.
    NodeCrypto,
    /// Service bindings (`env.AUTH`) and the callee side of their RPC calls; no globals.
    Service,
    /// Durable Object namespaces (`env.ROOMS`), their stubs, and the `ctx` an object
    /// receives; no globals.
    DurableObjects,
    /// `node:timers`' Timeout-returning timers, and the timer globals under
    /// `enable_nodejs_global_timers` ([`register_node_timers`]).
    NodeTimers,
    /// `node:zlib`'s native half (`host.zlib`); no globals.
    NodeZlib,
    /// `node:fs`'s virtual file system (`host.fs`); no globals.
    NodeFs,
    /// `HTMLRewriter`, over lol_html (`host.htmlRewrite`).
    HtmlRewriter,
    /// The User Timing API and the performance classes: the `performance` global becomes
    /// a `Performance` under `enable_global_performance_classes`
    /// ([`register_performance_classes`]); `node:perf_hooks` exports them.
    Performance,
    /// `Intl` (a lazy global of its own, `lazy`) and the helpers of the locale-sensitive
    /// built-in methods (`host::intl`).
    Intl,
    /// `WebSocketPair` and `WebSocket` (R21), over `host.ws` (`host::websocket`).
    WebSocket,
    /// The small bindings (rate limiters, Analytics Engine, email senders, Hyperdrive,
    /// version metadata), over `host.smallBinding`; no globals.
    Bindings,
}

impl WebModule {
    const ALL: [WebModule; 25] = [
        WebModule::Streams,
        WebModule::Events,
        WebModule::Blob,
        WebModule::UrlPattern,
        WebModule::Clone,
        WebModule::Disposal,
        WebModule::NodeEvents,
        WebModule::NodeBuffer,
        WebModule::NodeProcess,
        WebModule::NodeUtil,
        WebModule::D1,
        WebModule::R2,
        WebModule::Handlers,
        WebModule::Queues,
        WebModule::NodeCrypto,
        WebModule::Service,
        WebModule::DurableObjects,
        WebModule::NodeTimers,
        WebModule::NodeZlib,
        WebModule::NodeFs,
        WebModule::HtmlRewriter,
        WebModule::Performance,
        WebModule::Intl,
        WebModule::WebSocket,
        WebModule::Bindings,
    ];

    fn name(self) -> &'static str {
        match self {
            WebModule::Streams => "streams",
            WebModule::Events => "events",
            WebModule::Blob => "blob",
            WebModule::UrlPattern => "urlpattern",
            WebModule::Clone => "clone",
            WebModule::Disposal => "disposal",
            WebModule::NodeEvents => "node-events",
            WebModule::NodeBuffer => "node-buffer",
            WebModule::NodeProcess => "node-process",
            WebModule::NodeUtil => "node-util",
            WebModule::D1 => "d1",
            WebModule::R2 => "r2",
            WebModule::Handlers => "handlers",
            WebModule::Queues => "queues",
            WebModule::NodeCrypto => "node-crypto",
            WebModule::Service => "service",
            WebModule::DurableObjects => "durable-objects",
            WebModule::NodeTimers => "node-timers",
            WebModule::NodeZlib => "node-zlib",
            WebModule::NodeFs => "node-fs",
            WebModule::HtmlRewriter => "html-rewriter",
            WebModule::Performance => "performance",
            WebModule::Intl => "intl",
            WebModule::WebSocket => "websocket",
            WebModule::Bindings => "bindings",
        }
    }

    fn path(self) -> &'static str {
        match self {
            WebModule::Streams => "crosstalk:web/streams.js",
            WebModule::Events => "crosstalk:web/events.js",
            WebModule::Blob => "crosstalk:web/blob.js",
            WebModule::UrlPattern => "crosstalk:web/urlpattern.js",
            WebModule::Clone => "crosstalk:web/clone.js",
            WebModule::Disposal => "crosstalk:web/disposal.js",
            WebModule::NodeEvents => "crosstalk:web/node_events.js",
            WebModule::NodeBuffer => "crosstalk:web/node_buffer.js",
            WebModule::NodeProcess => "crosstalk:web/node_process.js",
            WebModule::NodeUtil => "crosstalk:web/node_util.js",
            WebModule::D1 => "crosstalk:web/d1.js",
            WebModule::R2 => "crosstalk:web/r2.js",
            WebModule::Handlers => "crosstalk:web/handlers.js",
            WebModule::Queues => "crosstalk:web/queues.js",
            WebModule::NodeCrypto => "crosstalk:web/node_crypto.js",
            WebModule::Service => "crosstalk:web/service.js",
            WebModule::DurableObjects => "crosstalk:web/durable_objects.js",
            WebModule::NodeTimers => "crosstalk:web/node_timers.js",
            WebModule::NodeZlib => "crosstalk:web/node_zlib.js",
            WebModule::NodeFs => "crosstalk:web/node_fs.js",
            WebModule::HtmlRewriter => "crosstalk:web/html_rewriter.js",
            WebModule::Performance => "crosstalk:web/performance.js",
            WebModule::Intl => "crosstalk:web/intl.js",
            WebModule::WebSocket => "crosstalk:web/websocket.js",
            WebModule::Bindings => "crosstalk:web/bindings.js",
        }
    }

    fn source(self) -> &'static str {
        match self {
            WebModule::Streams => include_str!("web/streams.js"),
            WebModule::Events => include_str!("web/events.js"),
            WebModule::Blob => include_str!("web/blob.js"),
            WebModule::UrlPattern => include_str!("web/urlpattern.js"),
            WebModule::Clone => include_str!("web/clone.js"),
            WebModule::Disposal => include_str!("web/disposal.js"),
            WebModule::NodeEvents => include_str!("web/node_events.js"),
            WebModule::NodeBuffer => include_str!("web/node_buffer.js"),
            WebModule::NodeProcess => include_str!("web/node_process.js"),
            WebModule::NodeUtil => include_str!("web/node_util.js"),
            WebModule::D1 => include_str!("web/d1.js"),
            WebModule::R2 => include_str!("web/r2.js"),
            WebModule::Handlers => include_str!("web/handlers.js"),
            WebModule::Queues => include_str!("web/queues.js"),
            WebModule::NodeCrypto => include_str!("web/node_crypto.js"),
            WebModule::Service => include_str!("web/service.js"),
            WebModule::DurableObjects => include_str!("web/durable_objects.js"),
            WebModule::NodeTimers => include_str!("web/node_timers.js"),
            WebModule::NodeZlib => include_str!("web/node_zlib.js"),
            WebModule::NodeFs => include_str!("web/node_fs.js"),
            WebModule::HtmlRewriter => include_str!("web/html_rewriter.js"),
            WebModule::Performance => include_str!("web/performance.js"),
            WebModule::Intl => include_str!("web/intl.js"),
            WebModule::WebSocket => include_str!("web/websocket.js"),
            WebModule::Bindings => include_str!("web/bindings.js"),
        }
    }

    /// The globals the module defines (its other exports are host helpers).
    fn globals(self) -> &'static [&'static str] {
        match self {
            WebModule::Streams => &[
                "ReadableStream",
                "ReadableStreamDefaultReader",
                "ReadableStreamBYOBReader",
                "ReadableStreamDefaultController",
                "ReadableByteStreamController",
                "ReadableStreamBYOBRequest",
                "WritableStream",
                "WritableStreamDefaultWriter",
                "WritableStreamDefaultController",
                "TransformStream",
                "TransformStreamDefaultController",
                "ByteLengthQueuingStrategy",
                "CountQueuingStrategy",
                "TextEncoderStream",
                "TextDecoderStream",
                "IdentityTransformStream",
                "FixedLengthStream",
                "CompressionStream",
                "DecompressionStream",
            ],
            WebModule::Events => &[
                "Event",
                "CustomEvent",
                "MessageEvent",
                "ErrorEvent",
                "CloseEvent",
                "PromiseRejectionEvent",
                "ExtendableEvent",
                "ScheduledEvent",
                "TailEvent",
                "TraceEvent",
                "EventTarget",
                "DOMException",
                "AbortController",
                "AbortSignal",
                "MessageChannel",
                "MessagePort",
            ],
            WebModule::Blob => &["Blob", "File", "FormData"],
            WebModule::UrlPattern => &["URLPattern"],
            WebModule::HtmlRewriter => &["HTMLRewriter"],
            WebModule::Performance => &[
                "performance",
                "Performance",
                "PerformanceEntry",
                "PerformanceMark",
                "PerformanceMeasure",
                "PerformanceResourceTiming",
                "PerformanceObserver",
                "PerformanceObserverEntryList",
            ],
            WebModule::Clone => &["structuredClone"],
            WebModule::WebSocket => &["WebSocket", "WebSocketPair"],
            WebModule::Disposal => &["DisposableStack", "AsyncDisposableStack", "SuppressedError"],
            WebModule::NodeEvents => &[],
            WebModule::NodeBuffer => &["Buffer"],
            WebModule::NodeProcess => &["process"],
            WebModule::NodeUtil => &[],
            WebModule::NodeTimers => &["setTimeout", "setInterval", "clearTimeout", "clearInterval"],
            WebModule::D1
            | WebModule::R2
            | WebModule::Handlers
            | WebModule::Queues
            | WebModule::NodeCrypto
            | WebModule::Service
            | WebModule::DurableObjects
            | WebModule::NodeZlib
            | WebModule::NodeFs
            | WebModule::Intl
            | WebModule::Bindings => &[],
        }
    }

    /// A `node:` module: its globals exist only where workerd installs them
    /// ([`register_node_globals`]).
    /// Whether the module's globals are workerd's C++ (JSG) classes, whose prototypes have
    /// a `Symbol.toStringTag` only from `set_tostring_tag` on; the others are V8's or
    /// JavaScript in workerd too, and tag themselves whatever the date.
    fn has_jsg_classes(self) -> bool {
        matches!(
            self,
            WebModule::Streams
                | WebModule::Events
                | WebModule::Blob
                | WebModule::UrlPattern
                | WebModule::HtmlRewriter
                | WebModule::Performance
                | WebModule::WebSocket
        )
    }

    fn is_node(self) -> bool {
        matches!(self, WebModule::NodeEvents | WebModule::NodeBuffer | WebModule::NodeProcess | WebModule::NodeUtil)
    }

    pub(crate) fn of_global(name: &str) -> Option<WebModule> {
        WebModule::ALL.into_iter().find(|m| m.globals().contains(&name))
    }
}

/// The Web modules loaded in this isolate.
#[derive(Default)]
pub(crate) struct WebModules {
    // invariant: at most one entry per module, each the exports object its script returned
    // in this isolate's realm.
    loaded: RefCell<Vec<(WebModule, JsObject)>>,
    // invariant: the `host` object every module received; made with the first module.
    host_object: RefCell<Option<JsObject>>,
    // invariant: counts the multipart boundaries handed out, so each is new.
    boundaries: Cell<u64>,
    // invariant: the values the worker assigned to the modules' globals, by name; an
    // assigned global reads as assigned, loaded or not.
    assigned: RefCell<Vec<(JsString, JsValue)>>,
    // invariant: scripts compiled in this isolate's realm ahead of the run ([`prepare`]),
    // of modules not loaded yet: a module is in `prepared` or `loaded`, never both.
    prepared: RefCell<Vec<Prepared>>,
}

/// A module's script parsed and compiled ahead of the run, by a template, and the
/// memory that holds: the run is charged it when it first uses the module, where a
/// parse at that moment would have allocated it.
struct Prepared {
    module: WebModule,
    script: Script,
    bytes: isize,
}

impl Component for WebModules {
    fn clear_js_values(&self) {
        self.loaded.borrow_mut().clear();
        self.host_object.borrow_mut().take();
        self.assigned.borrow_mut().clear();
        self.prepared.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.loaded.borrow().is_empty()
            && self.host_object.borrow().is_none()
            && self.assigned.borrow().is_empty()
            && self.prepared.borrow().is_empty()
    }
}

impl WebModules {
    /// The exports of `module` if this isolate has loaded it.
    pub(crate) fn find(&self, module: WebModule) -> Option<JsObject> {
        self.loaded.borrow().iter().find(|(m, _)| *m == module).map(|(_, o)| o.clone())
    }

    fn take_prepared(&self, module: WebModule) -> Option<Prepared> {
        let mut prepared = self.prepared.borrow_mut();
        let at = prepared.iter().position(|p| p.module == module)?;
        Some(prepared.swap_remove(at))
    }
}

thread_local! {
    /// The Web modules runs on this thread have loaded (bit `i`: `WebModule::ALL[i]`).
    static USED: Cell<u32> = const { Cell::new(0) };
}

/// The Web modules runs on this thread have loaded so far, in `WebModule::ALL`'s order.
pub(crate) fn used() -> Vec<WebModule> {
    let used = USED.with(Cell::get);
    WebModule::ALL.into_iter().enumerate().filter(|(i, _)| used & (1 << i) != 0).map(|(_, m)| m).collect()
}

/// The length of the sources of the Web modules runs on this thread have loaded: what
/// parsing them costs every run that boots fresh (about a thousand instructions a byte).
pub(crate) fn used_bytes() -> usize {
    used().into_iter().map(|module| module.source().len()).sum()
}

fn note_used(module: WebModule) {
    let index = WebModule::ALL.iter().position(|m| *m == module).expect("every module is in ALL");
    USED.with(|used| used.set(used.get() | (1 << index)));
}

/// Parses and compiles `modules` in this isolate, those it has not loaded, ahead of the
/// run (a template does it once, so that each forked run does not parse the modules it
/// uses again). Returns the bytes the compiled scripts hold, which the caller keeps out
/// of the run's memory until `exports` charges each module's share on first use.
///
/// Unobservable by the worker: parsing runs no code and defines no binding (each
/// script is one function expression), and evaluating a compiled script is what
/// `Context::eval` does after its parse.
pub(crate) fn prepare(modules_wanted: &[WebModule], context: &mut Context) -> JsResult<isize> {
    let modules = Host::of(context).get::<WebModules>();
    // What the parses allocate is measured as live bytes: no garbage may be freed meanwhile.
    boa_gc::force_collect();
    let mut total = 0;
    for &module in modules_wanted {
        let known = modules.find(module).is_some() || modules.prepared.borrow().iter().any(|p| p.module == module);
        if known {
            continue;
        }
        let before = crate::memory::live_bytes();
        let source = Source::from_bytes(module.source().as_bytes()).with_path(Path::new(module.path()));
        let script = Script::parse(source, None, context)?;
        script.codeblock(context)?;
        let bytes = crate::memory::live_bytes() - before;
        debug_assert!(bytes > 0, "a compiled script holds memory");
        total += bytes;
        modules.prepared.borrow_mut().push(Prepared { module, script, bytes });
    }
    Ok(total)
}

/// The exports of `module` if this isolate has loaded it (host code uses this to tell
/// whether a value can be one of its objects at all without loading anything).
pub(crate) fn loaded(context: &Context, module: WebModule) -> Option<JsObject> {
    Host::of(context).get::<WebModules>().find(module)
}

/// The exports of `module`, loading it on first use.
pub(crate) fn exports(module: WebModule, context: &mut Context) -> JsResult<JsObject> {
    let host = Host::of(context);
    let modules = host.get::<WebModules>();
    if let Some(found) = modules.find(module) {
        return Ok(found);
    }
    let existing = modules.host_object.borrow().clone();
    let host_object = match existing {
        Some(object) => object,
        None => {
            let object = host_object(context);
            *modules.host_object.borrow_mut() = Some(object.clone());
            object
        }
    };
    note_used(module);
    let factory = match modules.take_prepared(module) {
        Some(prepared) => {
            host.world.memory.include(prepared.bytes);
            prepared.script.evaluate(context)?
        }
        None => context.eval(Source::from_bytes(module.source().as_bytes()).with_path(Path::new(module.path())))?,
    };
    let factory = factory
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message(format!("{} is not a module", module.path())))?;
    // The module's own set-up (`process` noting when it started) is not a read by the worker.
    let exports = host.world.inputs.quietly(|| factory.call(&JsValue::undefined(), &[host_object.into()], context))?;
    let exports = exports
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message(format!("{} returned no exports", module.path())))?;
    debug_assert!(modules.find(module).is_none(), "a module's evaluation does not load itself");
    for name in module.globals() {
        debug_assert!(exports.has_own_property(JsString::from(*name), context)?, "{} exports {name}", module.path());
    }
    if module.has_jsg_classes() {
        tag_classes(module, &exports, context)?;
    }
    modules.loaded.borrow_mut().push((module, exports.clone()));
    Ok(exports)
}

/// Gives each class a module exports as a global the `Symbol.toStringTag` workerd's has:
/// its name from `set_tostring_tag` on (`[object ReadableStreamDefaultReader]`, also for a
/// class whose prototype inherits another's tag), none before it (`[object Object]`).
fn tag_classes(module: WebModule, exports: &JsObject, context: &mut Context) -> JsResult<()> {
    let tagged = crate::host::global_scope::tagged(context);
    for name in module.globals() {
        let class = exports.get(JsString::from(*name), context)?;
        let Some(class) = class.as_constructor() else { continue };
        let prototype = class.get(js_string!("prototype"), context)?;
        let Some(prototype) = prototype.as_object() else { continue };
        // The modules tag their classes only when `host.tagged` (a deletion here would
        // undo the members' enumerability: boa 0.22 rebuilds a shared shape without the
        // attribute changes); this adds the tags they leave to their names.
        if tagged {
            crate::host::tag_object(&prototype, name, context)?;
        }
    }
    Ok(())
}

/// A helper function the module exports for the host (`readAll`, `bytesOf`, …).
pub(crate) fn helper(module: WebModule, name: &str, context: &mut Context) -> JsResult<JsFunction> {
    let exports = exports(module, context)?;
    let value = exports.get(JsString::from(name), context)?;
    value
        .as_object()
        .and_then(|o| JsFunction::from_object(o.clone()))
        .ok_or_else(|| js_error!(TypeError: "{} does not export {}", module.path(), name))
}

/// Calls a helper of a module with `args`.
pub(crate) fn call(module: WebModule, name: &str, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    helper(module, name, context)?.call(&JsValue::undefined(), args, context)
}

fn lazy_get(_: &JsValue, _: &[JsValue], name: &JsString, context: &mut Context) -> JsResult<JsValue> {
    let modules = Host::of(context).get::<WebModules>();
    let assigned = modules.assigned.borrow().iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    if let Some(value) = assigned {
        return Ok(value);
    }
    let text = name.to_std_string_escaped();
    let module = WebModule::of_global(&text).expect("lazy globals are the modules' globals");
    let exports = exports(module, context)?;
    exports.get(name.clone(), context)
}

fn lazy_set(_: &JsValue, args: &[JsValue], name: &JsString, context: &mut Context) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    let modules = Host::of(context).get::<WebModules>();
    let mut assigned = modules.assigned.borrow_mut();
    match assigned.iter_mut().find(|(n, _)| n == name) {
        Some(entry) => entry.1 = value,
        None => assigned.push((name.clone(), value)),
    }
    Ok(JsValue::undefined())
}

/// Installs every Web module's globals as accessors that load the module on first read,
/// and the hidden loader the `node:` ES modules import their code through.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    install_globals(context, |m| !m.is_node() && m != WebModule::NodeTimers && m != WebModule::Performance)?;
    let loader = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(host_load)).build();
    crate::host::define_hidden_global("crosstalk.node", loader.into(), context)
}

/// The `Buffer` and `process` globals, lazy like the Web modules', `setImmediate` and
/// `clearImmediate` (`nodejs_compat_v2`),
/// and `global`, Node's name for `globalThis` (enumerable, as workerd 1.20261117 has it).
pub(crate) fn register_node_globals(context: &mut Context) -> JsResult<()> {
    install_globals(context, WebModule::is_node)?;
    crate::host::lazy::register_node(context)?;
    let global = context.global_object();
    global.define_property_or_throw(
        js_string!("global"),
        PropertyDescriptor::builder().value(global.clone()).writable(true).enumerable(true).configurable(true),
        context,
    )?;
    Ok(())
}

/// Replaces the timer globals by `node:timers`' (workerd's `enable_nodejs_global_timers`):
/// `setTimeout` returns a `Timeout` object. Loaded on first use like any Web module.
pub(crate) fn register_node_timers(context: &mut Context) -> JsResult<()> {
    install_globals(context, |m| m == WebModule::NodeTimers)
}

/// Makes the `performance` global a `Performance` with the User Timing API, and the
/// performance classes globals (workerd's `enable_global_performance_classes`).
pub(crate) fn register_performance_classes(context: &mut Context) -> JsResult<()> {
    install_globals(context, |m| m == WebModule::Performance)
}

fn install_globals(context: &mut Context, which: impl Fn(WebModule) -> bool) -> JsResult<()> {
    let global = context.global_object();
    for module in WebModule::ALL.into_iter().filter(|m| which(*m)) {
        // Where workerd has each (`global_scope`), but node:timers' timers, which workerd
        // defines on the global object itself, over those of its prototype.
        let own = module == WebModule::NodeTimers;
        for name in module.globals() {
            if !crate::host::global_scope::exposed(name, context) {
                continue;
            }
            let key = JsString::from(*name);
            // One function is both the getter (called with no argument) and the setter
            // (called with the value): a function object is the dearest part of an
            // isolate's set-up, and every schedule pays for each of these.
            let access = NativeFunction::from_copy_closure_with_captures(lazy_access, key.clone());
            let access = FunctionObjectBuilder::new(context.realm(), access).build();
            let (holder, enumerable) =
                if own { (global.clone(), None) } else { crate::host::global_scope::holder(name, context) };
            // workerd's Web classes are enumerable on the prototypes they live on; of
            // its own globals, `Buffer`, `process` and `performance` are.
            let property = PropertyDescriptor::builder()
                .get(access.clone())
                .set(access)
                .enumerable(enumerable.unwrap_or(module.is_node() || *name == "performance"))
                .configurable(true);
            // These two replace globals the host defined before (`performance`, the timers).
            if matches!(module, WebModule::Performance | WebModule::NodeTimers) {
                holder.define_property_or_throw(key, property, context)?;
            } else {
                crate::host::define_new(&holder, key, property);
            }
        }
    }
    Ok(())
}

fn lazy_access(this: &JsValue, args: &[JsValue], name: &JsString, context: &mut Context) -> JsResult<JsValue> {
    if args.is_empty() { lazy_get(this, args, name, context) } else { lazy_set(this, args, name, context) }
}

/// `host.webidlMembers(...classes)`: makes each class's static and prototype members
/// enumerable, as WebIDL (and workerd) has them; a class body leaves them not enumerable.
fn host_webidl_members(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    for class in args {
        let class = class.as_object().ok_or_else(|| js_error!(TypeError: "webidlMembers: a class"))?;
        crate::host::global_scope::enumerable_class(&class, context)?;
    }
    Ok(JsValue::undefined())
}

/// The `host` object the modules receive.
fn host_object(context: &mut Context) -> JsObject {
    let tagged = crate::host::global_scope::tagged(context);
    ObjectInitializer::new(context)
        .function(NativeFunction::from_fn_ptr(host_load), js_string!("load"), 1)
        .function(NativeFunction::from_fn_ptr(host_loaded), js_string!("loaded"), 1)
        .function(NativeFunction::from_fn_ptr(host_compress), js_string!("compress"), 2)
        .function(NativeFunction::from_fn_ptr(host_timer), js_string!("timer"), 3)
        .function(NativeFunction::from_fn_ptr(host_queue_task), js_string!("queueTask"), 1)
        .function(NativeFunction::from_fn_ptr(host_boundary), js_string!("boundary"), 0)
        .function(NativeFunction::from_fn_ptr(host_report_error), js_string!("reportError"), 1)
        .function(
            NativeFunction::from_fn_ptr(crate::host::error_stack::describe_reported),
            js_string!("describeError"),
            1,
        )
        .function(NativeFunction::from_fn_ptr(url_pattern_parse), js_string!("urlPatternParse"), 3)
        .function(NativeFunction::from_fn_ptr(url_pattern_match_input), js_string!("urlPatternMatchInput"), 2)
        .function(NativeFunction::from_fn_ptr(host_format), js_string!("format"), 1)
        .function(NativeFunction::from_fn_ptr(crate::host::intl::host_intl), js_string!("intl"), 1)
        .function(NativeFunction::from_fn_ptr(crate::host::websocket::host_ws), js_string!("ws"), 1)
        .function(NativeFunction::from_fn_ptr(host_inspect), js_string!("inspect"), 1)
        .function(NativeFunction::from_fn_ptr(host_webidl_members), js_string!("webidlMembers"), 1)
        .property(js_string!("tagged"), tagged, Attribute::READONLY)
        .function(NativeFunction::from_fn_ptr(host_detach_buffer), js_string!("detachBuffer"), 1)
        .function(NativeFunction::from_fn_ptr(crate::host::d1::d1_query), js_string!("d1Query"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::r2::r2_op), js_string!("r2"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::queue::queue_send), js_string!("queueSend"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::assets::assets_fetch), js_string!("assetsFetch"), 3)
        .function(
            NativeFunction::from_fn_ptr(crate::host::small_bindings::small_binding),
            js_string!("smallBinding"),
            3,
        )
        .function(NativeFunction::from_fn_ptr(crate::host::workflows::host_workflow), js_string!("workflow"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::service::service_fetch), js_string!("serviceFetch"), 6)
        .function(NativeFunction::from_fn_ptr(crate::host::service::service_call), js_string!("serviceCall"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::id), js_string!("doId"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::fetch), js_string!("doFetch"), 9)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::call), js_string!("doCall"), 6)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::abort), js_string!("doAbort"), 2)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::storage), js_string!("doStorage"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::block), js_string!("doBlock"), 2)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::sql), js_string!("doSql"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::sql_read), js_string!("doSqlRead"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::sql_size), js_string!("doSqlSize"), 1)
        .function(
            NativeFunction::from_fn_ptr(crate::host::durable_object::storage_sync),
            js_string!("doStorageSync"),
            3,
        )
        .function(
            NativeFunction::from_fn_ptr(crate::host::durable_object::transaction_sync),
            js_string!("doTransactionSync"),
            2,
        )
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::wait_until), js_string!("doWaitUntil"), 1)
        .function(NativeFunction::from_fn_ptr(crate::host::durable_object::host_exports), js_string!("exports"), 0)
        .function(NativeFunction::from_fn_ptr(crate::host::node_crypto::host_hash), js_string!("hash"), 2)
        .function(NativeFunction::from_fn_ptr(crate::host::node_crypto::host_hmac), js_string!("hmac"), 3)
        .function(NativeFunction::from_fn_ptr(crate::host::node_crypto::host_node_crypto), js_string!("nodeCrypto"), 2)
        .function(NativeFunction::from_fn_ptr(crate::host::node_zlib::host_zlib), js_string!("zlib"), 2)
        .function(NativeFunction::from_fn_ptr(crate::host::node_fs::host_fs), js_string!("fs"), 2)
        .function(
            NativeFunction::from_fn_ptr(crate::host::html_rewriter::host_html_selector),
            js_string!("htmlSelector"),
            1,
        )
        .function(
            NativeFunction::from_fn_ptr(crate::host::html_rewriter::host_html_rewrite),
            js_string!("htmlRewrite"),
            5,
        )
        .function(NativeFunction::from_fn_ptr(crate::host::timers::set_timeout), js_string!("timerSet"), 2)
        .function(NativeFunction::from_fn_ptr(crate::host::timers::set_interval), js_string!("intervalSet"), 2)
        .function(NativeFunction::from_fn_ptr(crate::host::timers::clear), js_string!("timerClear"), 1)
        .build()
}

/// `host.detachBuffer(buffer)`: detaches `buffer` (its bytes are dropped, its length and
/// its views' lengths become 0), as a transfer leaves it, without the copy
/// `ArrayBuffer.prototype.transfer` would make.
fn host_detach_buffer(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let buffer = args
        .first()
        .and_then(JsValue::as_object)
        .and_then(|o| boa_engine::object::builtins::JsArrayBuffer::from_object(o.clone()).ok())
        .ok_or_else(|| js_error!(TypeError: "detachBuffer needs an ArrayBuffer"))?;
    buffer.detach(&JsValue::undefined())?;
    Ok(JsValue::undefined())
}

fn module_arg(args: &[JsValue], context: &mut Context) -> JsResult<WebModule> {
    let name = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    WebModule::ALL.into_iter().find(|m| m.name() == name).ok_or_else(|| js_error!(TypeError: "no web module {}", name))
}

/// `host.format(...args)`: console-style formatting (`util.format`).
fn host_format(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    Ok(JsString::from(crate::host::format::format_args(args, context)).into())
}

/// `host.inspect(value)`: the console's rendering of one value (`util.inspect`).
fn host_inspect(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    Ok(JsString::from(crate::host::format::inspect(&value, context)).into())
}

/// `host.load(name)`: a module's exports, loading it on first use.
fn host_load(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let module = module_arg(args, context)?;
    exports(module, context).map(Into::into)
}

/// `host.loaded(name)`: whether the module is loaded (no object of it can exist before).
fn host_loaded(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let module = module_arg(args, context)?;
    Ok(loaded(context, module).is_some().into())
}

fn callback_arg(args: &[JsValue]) -> JsResult<JsFunction> {
    args.first()
        .and_then(JsValue::as_object)
        .and_then(|o| JsFunction::from_object(o.clone()))
        .ok_or_else(|| js_error!(TypeError: "a callback is required"))
}

/// `host.timer(callback, ms, label)`: a timer of the running request, as the runtime's
/// own (`AbortSignal.timeout()`): traced with `label`, never reported as the worker's.
fn host_timer(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let callback = callback_arg(args)?;
    let delay = args.get(1).cloned().unwrap_or_default().to_number(context)?;
    let delay = if delay.is_finite() && delay > 0.0 { delay as u64 } else { 0 };
    let label = args.get(2).cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    crate::host::timers::schedule(callback, Vec::new(), delay, false, true, &label, context).map(JsValue::from)
}

/// `host.queueTask(callback)`: `callback` runs as a task of the running request, after
/// the current one (`MessagePort` delivery).
fn host_queue_task(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let callback = callback_arg(args)?;
    crate::host::timers::schedule(callback, Vec::new(), 0, false, true, "MessagePort.postMessage()", context)
        .map(JsValue::from)
}

/// `host.boundary()`: a multipart boundary, new for each call, the same in every replay.
fn host_boundary(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let modules = Host::of(context).get::<WebModules>();
    let n = modules.boundaries.get() + 1;
    modules.boundaries.set(n);
    Ok(JsString::from(format!("----crosstalk-boundary-{n:016x}")).into())
}

/// `host.reportError(error, trusted)`: an error thrown by an event listener. Whether the
/// dispatch propagates it (`true`) follows workerd 1.20261117: for an event the worker
/// dispatched (not `trusted`), until `spec_compliant_dispatch_exceptions` (2026-09-15); else
/// the dispatch goes on and the error is the request's uncaught exception (workerd's tail
/// lists it among the exceptions, its console shows nothing).
fn host_report_error(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let error = args.first().cloned().unwrap_or_default();
    let trusted = args.get(1).is_some_and(JsValue::to_boolean);
    let host = Host::of(context);
    if !trusted && !crate::compat_flags::is_on(&host.world.profile, "spec_compliant_dispatch_exceptions") {
        return Ok(true.into());
    }
    let thrown = crate::location::describe_value(&error, context);
    host.record(crate::trace::EventKind::UncaughtError { message: thrown.message, stack: thrown.stack, at: thrown.at });
    Ok(false.into())
}

/// A compressor or decompressor for `CompressionStream`/`DecompressionStream`.
enum Codec {
    GzipEncode(flate2::write::GzEncoder<Vec<u8>>),
    ZlibEncode(flate2::write::ZlibEncoder<Vec<u8>>),
    RawEncode(flate2::write::DeflateEncoder<Vec<u8>>),
    GzipDecode(flate2::write::GzDecoder<Vec<u8>>),
    ZlibDecode(flate2::write::ZlibDecoder<Vec<u8>>),
    RawDecode(flate2::write::DeflateDecoder<Vec<u8>>),
    Done,
}

impl Codec {
    fn new(format: &str, decompress: bool) -> Option<Codec> {
        let level = flate2::Compression::default();
        Some(match (format, decompress) {
            ("gzip", false) => Codec::GzipEncode(flate2::write::GzEncoder::new(Vec::new(), level)),
            ("deflate", false) => Codec::ZlibEncode(flate2::write::ZlibEncoder::new(Vec::new(), level)),
            ("deflate-raw", false) => Codec::RawEncode(flate2::write::DeflateEncoder::new(Vec::new(), level)),
            ("gzip", true) => Codec::GzipDecode(flate2::write::GzDecoder::new(Vec::new())),
            ("deflate", true) => Codec::ZlibDecode(flate2::write::ZlibDecoder::new(Vec::new())),
            ("deflate-raw", true) => Codec::RawDecode(flate2::write::DeflateDecoder::new(Vec::new())),
            _ => return None,
        })
    }

    /// Feeds `input` and returns the output produced so far.
    fn write(&mut self, input: &[u8]) -> std::io::Result<Vec<u8>> {
        fn step<W: Write>(
            w: &mut W,
            input: &[u8],
            out: impl FnOnce(&mut W) -> &mut Vec<u8>,
        ) -> std::io::Result<Vec<u8>> {
            w.write_all(input)?;
            Ok(std::mem::take(out(w)))
        }
        match self {
            Codec::GzipEncode(w) => step(w, input, |w| w.get_mut()),
            Codec::ZlibEncode(w) => step(w, input, |w| w.get_mut()),
            Codec::RawEncode(w) => step(w, input, |w| w.get_mut()),
            Codec::GzipDecode(w) => step(w, input, |w| w.get_mut()),
            Codec::ZlibDecode(w) => step(w, input, |w| w.get_mut()),
            Codec::RawDecode(w) => step(w, input, |w| w.get_mut()),
            Codec::Done => Err(std::io::Error::other("the stream is finished")),
        }
    }

    /// Ends the input and returns the rest of the output.
    fn finish(&mut self) -> std::io::Result<Vec<u8>> {
        match std::mem::replace(self, Codec::Done) {
            Codec::GzipEncode(w) => w.finish(),
            Codec::ZlibEncode(w) => w.finish(),
            Codec::RawEncode(w) => w.finish(),
            Codec::GzipDecode(w) => w.finish(),
            Codec::ZlibDecode(w) => w.finish(),
            Codec::RawDecode(w) => w.finish(),
            Codec::Done => Err(std::io::Error::other("the stream is finished")),
        }
    }
}

/// A codec shared by the `write` and `finish` functions of one `host.compress()` object.
#[derive(Clone, Trace, Finalize)]
struct SharedCodec(#[unsafe_ignore_trace] Rc<RefCell<Codec>>);

fn bytes_arg(args: &[JsValue], context: &mut Context) -> JsResult<Vec<u8>> {
    let value = args.first().cloned().unwrap_or_default();
    let Some(object) = value.as_object() else { return Err(js_error!(TypeError: "expected a Uint8Array")) };
    let array = JsUint8Array::from_object(object.clone())?;
    Ok(array.iter(context).collect())
}

fn codec_result(result: std::io::Result<Vec<u8>>, decompress: bool, context: &mut Context) -> JsResult<JsValue> {
    match result {
        Ok(bytes) => JsUint8Array::from_iter(bytes, context).map(Into::into),
        Err(error) if decompress => Err(js_error!(TypeError: "Decompression failed: {}", error)),
        Err(error) => Err(js_error!(TypeError: "Compression failed: {}", error)),
    }
}

/// `host.compress(format, decompress)`: `{ write(bytes) → bytes, finish() → bytes }`
/// over flate2 for "gzip", "deflate" (zlib) and "deflate-raw".
fn host_compress(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let format = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    let decompress = args.get(1).is_some_and(JsValue::to_boolean);
    let Some(codec) = Codec::new(&format, decompress) else {
        return Err(js_error!(TypeError: "Unsupported compression format: '{}'", format));
    };
    let shared = SharedCodec(Rc::new(RefCell::new(codec)));
    let write = NativeFunction::from_copy_closure_with_captures(
        |_, args, (shared, decompress): &(SharedCodec, bool), context| {
            let input = bytes_arg(args, context)?;
            let result = shared.0.borrow_mut().write(&input);
            codec_result(result, *decompress, context)
        },
        (shared.clone(), decompress),
    );
    let finish = NativeFunction::from_copy_closure_with_captures(
        |_, _, (shared, decompress): &(SharedCodec, bool), context| {
            let result = shared.0.borrow_mut().finish();
            codec_result(result, *decompress, context)
        },
        (shared, decompress),
    );
    Ok(ObjectInitializer::new(context)
        .function(write, js_string!("write"), 1)
        .function(finish, js_string!("finish"), 0)
        .property(js_string!("format"), JsString::from(format), Attribute::READONLY)
        .build()
        .into())
}

/// A `URLPatternInput` (a string or an init of strings) as the `urlpattern` crate takes it.
fn url_pattern_input(value: &JsValue, context: &mut Context) -> JsResult<urlpattern::quirks::StringOrInit> {
    let json = value.to_json(context)?.unwrap_or_default();
    serde_json::from_value(json).map_err(|e| js_error!(TypeError: "Invalid URLPattern input: {}", e))
}

fn optional_string(value: Option<&JsValue>, context: &mut Context) -> JsResult<Option<String>> {
    match value.filter(|v| !v.is_undefined()) {
        Some(v) => Ok(Some(v.to_string(context)?.to_std_string_lossy())),
        None => Ok(None),
    }
}

/// `host.urlPatternParse(input, baseURL, ignoreCase)`: each component's pattern string,
/// regular expression and group names, or the standard's TypeError.
fn url_pattern_parse(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let input = url_pattern_input(&args.first().cloned().unwrap_or_default(), context)?;
    let base = optional_string(args.get(1), context)?;
    let ignore_case = args.get(2).is_some_and(JsValue::to_boolean);
    let parsed = urlpattern::quirks::process_construct_pattern_input(input, base.as_deref())
        .and_then(|init| urlpattern::quirks::parse_pattern(init, urlpattern::UrlPatternOptions { ignore_case }))
        .map_err(|e| js_error!(TypeError: "Failed to construct 'URLPattern': {}", e))?;
    let json = serde_json::to_value(&parsed).map_err(|e| js_error!(TypeError: "{}", e))?;
    JsValue::from_json(&json, context)
}

/// `host.urlPatternMatchInput(input, baseURL)`: the canonical components of a match input,
/// or `null` when it is not a URL.
fn url_pattern_match_input(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let input = url_pattern_input(&args.first().cloned().unwrap_or_default(), context)?;
    let base = optional_string(args.get(1), context)?;
    let processed = urlpattern::quirks::process_match_input(input, base.as_deref())
        .map_err(|e| js_error!(TypeError: "Failed to execute 'exec' on 'URLPattern': {}", e))?;
    let Some((input, _)) = processed else { return Ok(JsValue::null()) };
    let Some(canonical) = urlpattern::quirks::parse_match_input(input) else { return Ok(JsValue::null()) };
    let json = serde_json::to_value(&canonical).map_err(|e| js_error!(TypeError: "{}", e))?;
    JsValue::from_json(&json, context)
}
