//! `addEventListener('fetch', …)`, the `FetchEvent` class and the module syntax's
//! `ExecutionContext` (`ctx.waitUntil`, `ctx.passThroughOnException`).
//!
//! Both only forward to the request lifecycle (crate::lifecycle), which owns R5/R6.

use boa_engine::object::builtins::JsFunction;
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsValue, NativeFunction, Trace, boa_class, js_error, js_string,
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

fn add_event_listener(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let kind = args.first().map(|v| v.to_string(context)).transpose()?.map(|s| s.to_std_string_escaped());
    let listener = args.get(1).and_then(JsValue::as_object).and_then(|o| JsFunction::from_object(o.clone()));
    let known = EVENT_TYPES.iter().find(|t| Some(**t) == kind.as_deref());
    if let (Some(kind), Some(listener)) = (known, listener) {
        Host::of(context).get::<Handlers>().listeners.borrow_mut().push((kind, listener));
    }
    Ok(JsValue::undefined())
}

fn remove_event_listener(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let kind = args.first().map(|v| v.to_string(context)).transpose()?.map(|s| s.to_std_string_escaped());
    let listener = args.get(1).and_then(JsValue::as_object);
    if let Some(listener) = listener {
        Host::of(context)
            .get::<Handlers>()
            .listeners
            .borrow_mut()
            .retain(|(k, l)| Some(*k) != kind.as_deref() || JsObject::from(l.clone()) != listener);
    }
    Ok(JsValue::undefined())
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    context.register_global_class::<FetchEvent>()?;
    context.register_global_class::<ExecutionContext>()?;
    context.register_global_callable(
        js_string!("addEventListener"),
        2,
        NativeFunction::from_fn_ptr(add_event_listener),
    )?;
    context.register_global_callable(
        js_string!("removeEventListener"),
        2,
        NativeFunction::from_fn_ptr(remove_event_listener),
    )?;
    Ok(())
}
