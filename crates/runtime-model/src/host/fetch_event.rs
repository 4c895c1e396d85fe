//! `addEventListener('fetch', …)`, the `FetchEvent` class and the module syntax's
//! `ExecutionContext` (`ctx.waitUntil`, `ctx.passThroughOnException`).
//!
//! Both only forward to the request lifecycle (crate::lifecycle), which owns R5/R6.

use boa_engine::object::builtins::JsFunction;
use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue, Trace, boa_class, js_error,
    js_string,
};

use std::cell::RefCell;

use crate::component::Component;
use crate::engine::Host;
use crate::lifecycle;

#[derive(Trace, Finalize, JsData)]
pub(crate) struct FetchEvent {
    #[unsafe_ignore_trace]
    pub request_id: u32,
    pub request: JsObject,
}

#[boa_class(rename = "FetchEvent")]
#[boa(rename_all = "camelCase")]
impl FetchEvent {
    #[boa(constructor)]
    fn constructor() -> JsResult<Self> {
        Err(js_error!(TypeError: "Illegal constructor: FetchEvents are created by the runtime."))
    }

    #[boa(getter)]
    fn request(&self) -> JsObject {
        self.request.clone()
    }

    #[boa(getter)]
    #[boa(rename = "type")]
    fn kind(&self) -> JsValue {
        js_string!("fetch").into()
    }

    fn respond_with(&self, response: JsValue, context: &mut Context) -> JsResult<()> {
        lifecycle::respond_with(self.request_id, response, context)
    }

    fn wait_until(&self, promise: JsValue, context: &mut Context) -> JsResult<()> {
        lifecycle::wait_until(self.request_id, promise, context)
    }

    fn pass_through_on_exception(&self, context: &mut Context) {
        lifecycle::pass_through_on_exception(self.request_id, context);
    }
}

#[derive(Trace, Finalize, JsData)]
pub(crate) struct ExecutionContext {
    #[unsafe_ignore_trace]
    pub request_id: u32,
}

#[boa_class(rename = "ExecutionContext")]
#[boa(rename_all = "camelCase")]
impl ExecutionContext {
    #[boa(constructor)]
    fn constructor() -> JsResult<Self> {
        Err(js_error!(TypeError: "Illegal constructor"))
    }

    fn wait_until(&self, promise: JsValue, context: &mut Context) -> JsResult<()> {
        lifecycle::wait_until(self.request_id, promise, context)
    }

    fn pass_through_on_exception(&self, context: &mut Context) {
        lifecycle::pass_through_on_exception(self.request_id, context);
    }

    #[boa(getter)]
    fn props(&self, context: &mut Context) -> JsValue {
        boa_engine::object::ObjectInitializer::new(context).build().into()
    }

    /// The worker's loopback bindings (`durable_object::LoopbackExports`).
    #[boa(getter)]
    fn exports(&self, context: &mut Context) -> JsResult<JsValue> {
        crate::host::durable_object::ctx_exports(context)
    }
}

/// The event types a service worker can listen to.
const EVENT_TYPES: [&str; 3] = ["fetch", "scheduled", "queue"];

/// The worker's entry points: `addEventListener('fetch' | 'scheduled' | 'queue', …)`
/// listeners in registration order (service-worker syntax) or the module's default
/// export (module syntax).
#[derive(Default)]
pub(crate) struct Handlers {
    // invariant: each entry's type is one of `EVENT_TYPES`.
    listeners: RefCell<Vec<(&'static str, JsFunction)>>,
    default_export: RefCell<Option<JsObject>>,
    /// Named exports that service bindings call (`entrypoint = "…"`), read at boot.
    entrypoints: RefCell<Vec<(String, JsObject)>>,
}

impl Handlers {
    /// The fetch listeners, in registration order.
    pub(crate) fn listeners(&self) -> Vec<JsFunction> {
        self.listeners_of("fetch")
    }

    /// The listeners of event type `kind`, in registration order.
    pub(crate) fn listeners_of(&self, kind: &str) -> Vec<JsFunction> {
        self.listeners.borrow().iter().filter(|(k, _)| *k == kind).map(|(_, l)| l.clone()).collect()
    }

    /// Whether the script listens to any event at all.
    pub(crate) fn has_listeners(&self) -> bool {
        !self.listeners.borrow().is_empty()
    }

    /// The module worker's default export.
    pub(crate) fn default_export(&self) -> Option<JsObject> {
        self.default_export.borrow().clone()
    }

    pub(crate) fn set_default_export(&self, handler: JsObject) {
        *self.default_export.borrow_mut() = Some(handler);
    }

    /// The named export `name`, when a service binding names it as its entrypoint.
    /// The names of the named entrypoints read, in the order they were read.
    pub(crate) fn entrypoint_names(&self) -> Vec<String> {
        self.entrypoints.borrow().iter().map(|(n, _)| n.clone()).collect()
    }

    pub(crate) fn entrypoint(&self, name: &str) -> Option<JsObject> {
        self.entrypoints.borrow().iter().find(|(n, _)| n == name).map(|(_, e)| e.clone())
    }

    pub(crate) fn set_entrypoint(&self, name: &str, handler: JsObject) {
        self.entrypoints.borrow_mut().push((name.to_string(), handler));
    }
}

impl Component for Handlers {
    fn clear_js_values(&self) {
        self.listeners.borrow_mut().clear();
        self.default_export.borrow_mut().take();
        self.entrypoints.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.listeners.borrow().is_empty()
            && self.default_export.borrow().is_none()
            && self.entrypoints.borrow().is_empty()
    }
}

/// `addEventListener(type, listener, options)` on the global scope: the runtime's own
/// events (`EVENT_TYPES`) are the worker's entry points; any other type goes to the
/// global scope's EventTarget in `web/events.js` (`dispatchEvent`, `reportError`).
fn add_event_listener(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let Some(kind) = runtime_event(args, context)? else {
        return global_scope("addEventListener", args, context);
    };
    match args.get(1) {
        Some(listener) if listener.is_null() => {}
        Some(listener) if listener.is_object() => {
            if let Some(listener) = listener.as_object().and_then(|o| JsFunction::from_object(o.clone())) {
                Host::of(context).get::<Handlers>().listeners.borrow_mut().push((kind, listener));
            }
        }
        _ => {
            return Err(JsNativeError::typ()
                .with_message(
                    "Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'.",
                )
                .into());
        }
    }
    Ok(JsValue::undefined())
}

fn remove_event_listener(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let Some(kind) = runtime_event(args, context)? else {
        return global_scope("removeEventListener", args, context);
    };
    match args.get(1) {
        Some(listener) if listener.is_null() => {}
        Some(listener) if listener.is_object() => {
            let listener = listener.as_object().expect("checked").clone();
            Host::of(context)
                .get::<Handlers>()
                .listeners
                .borrow_mut()
                .retain(|(k, l)| *k != kind || JsObject::from(l.clone()) != listener);
        }
        _ => {
            return Err(JsNativeError::typ()
                .with_message(
                    "Failed to execute 'removeEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.",
                )
                .into());
        }
    }
    Ok(JsValue::undefined())
}

/// The runtime's event type `args[0]` names, if it names one.
fn runtime_event(args: &[JsValue], context: &mut Context) -> JsResult<Option<&'static str>> {
    let Some(kind) = args.first() else { return Ok(None) };
    // A Symbol is not a DOMString: events.js throws the TypeError for it.
    if kind.is_symbol() {
        return Ok(None);
    }
    let kind = kind.to_string(context)?.to_std_string_escaped();
    Ok(EVENT_TYPES.iter().find(|t| **t == kind).copied())
}

/// Calls the global scope's EventTarget method `name` in `web/events.js`.
fn global_scope(name: &str, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let exports = crate::host::web::exports(crate::host::web::WebModule::Events, context)?;
    let scope = exports.get(js_string!("globalScope"), context)?;
    let scope = scope.as_object().ok_or_else(|| JsNativeError::typ().with_message("events.js has no globalScope"))?;
    let method = scope.get(JsString::from(name), context)?;
    let method =
        method.as_callable().ok_or_else(|| JsNativeError::typ().with_message(format!("no globalScope.{name}")))?;
    method.call(&scope.clone().into(), args, context)
}

/// Dispatches `unhandledrejection` at the global scope for `promise`, rejected with
/// `reason` and unhandled after a checkpoint, as `owner`: only when the worker listens to
/// events of its own (`web/events.js` is loaded then; it dispatches only to listeners).
pub(crate) fn unhandled_rejection(
    promise: &JsObject,
    reason: &JsValue,
    owner: crate::trace::Owner,
    context: &mut Context,
) {
    let host = Host::of(context);
    if host.get::<crate::host::web::WebModules>().find(crate::host::web::WebModule::Events).is_none() {
        return;
    }
    let running = host.current.replace(owner);
    // A listener's exception is reported by events.js; nothing else can fail here.
    let dispatched = global_scope("unhandledRejection", &[promise.clone().into(), reason.clone()], context);
    debug_assert!(dispatched.is_ok(), "dispatching unhandledrejection failed: {dispatched:?}");
    host.current.set(running);
    if dispatched.is_ok_and(|listened| listened.to_boolean()) {
        host.get::<crate::engine::Rejections>().reported(promise.clone());
    }
}

/// Dispatches `rejectionhandled` at the global scope: `promise`, reported to the worker's
/// `unhandledrejection` listeners, just got a handler.
pub(crate) fn rejection_handled(promise: &JsObject, context: &mut Context) {
    let dispatched = global_scope("rejectionHandled", &[promise.clone().into()], context);
    debug_assert!(dispatched.is_ok(), "dispatching rejectionhandled failed: {dispatched:?}");
}

fn dispatch_event(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    global_scope("dispatchEvent", args, context)
}

fn report_error(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    global_scope("reportError", args, context)
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    use crate::host::global_scope::callable;
    crate::host::global_scope::class::<FetchEvent>(context)?;
    // In the realm only: workerd has no `ExecutionContext` global.
    crate::host::lazy::class::<ExecutionContext>(context)?;
    callable("addEventListener", 0, add_event_listener, context)?;
    callable("removeEventListener", 0, remove_event_listener, context)?;
    callable("dispatchEvent", 0, dispatch_event, context)?;
    callable("reportError", 0, report_error, context)?;
    Ok(())
}
