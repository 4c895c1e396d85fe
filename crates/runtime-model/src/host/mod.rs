//! The Workers host APIs, one file per JS-facing API. `register` installs them all on a
//! fresh isolate context.

pub(crate) mod abort;
pub(crate) mod bindings;
pub(crate) mod body;
pub(crate) mod cache;
pub(crate) mod console;
pub(crate) mod crypto;
pub(crate) mod fetch;
pub(crate) mod fetch_event;
pub(crate) mod format;
pub(crate) mod headers;
pub(crate) mod kv;
pub(crate) mod nondeterminism;
pub(crate) mod promise;
pub(crate) mod random;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod stream;
pub(crate) mod timers;
pub(crate) mod url;
pub(crate) mod url_search_params;
pub(crate) mod websocket;

use boa_engine::property::Attribute;
use boa_engine::{Context, JsError, JsNativeError, JsResult, JsValue, js_string};
use boa_runtime::extensions::{
    AbortControllerExtension, Base64Extension, EncodingExtension, MicrotaskExtension, StructuredCloneExtension,
    UrlExtension,
};

use crate::engine::Host;
use crate::trace::Owner;

/// The message workerd gives when I/O, timers or randomness are used at the top level (R2).
pub(crate) const GLOBAL_SCOPE_MESSAGE: &str = "Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or connect()), setting a timeout, and generating random values are not allowed within global scope. To fix this error, perform this operation within a handler.";

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

/// A DOMException-like error: an `Error` whose `name` is `name`.
pub(crate) fn dom_exception(name: &str, message: &str, context: &mut Context) -> JsError {
    let error = JsNativeError::error().with_message(message.to_string()).into_opaque(context);
    let named = error.set(js_string!("name"), js_string!(name), false, context);
    debug_assert!(named.is_ok(), "a fresh error object takes a name");
    JsError::from_opaque(error.into())
}

/// Installs every host API on a fresh context.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    boa_runtime::register_extensions(
        (
            Base64Extension,
            EncodingExtension,
            MicrotaskExtension,
            StructuredCloneExtension,
            UrlExtension,
            AbortControllerExtension,
        ),
        None,
        context,
    )?;
    context.register_global_class::<boa_runtime::fetch::headers::JsHeaders>()?;
    context.register_global_class::<response::Response>()?;
    context.register_global_class::<request::Request>()?;
    console::register(context)?;
    timers::register(context)?;
    random::register(context)?;
    crypto::register(context)?;
    abort_timeout(context)?;
    fetch_event::register(context)?;
    fetch::register(context)?;
    kv::register(context)?;
    websocket::register(context)?;
    cache::register(context)?;
    register_async_context(context)?;
    url::register(context)?;
    url_search_params::register(context)?;
    nondeterminism::register(context)?;
    abort::register(context)?;
    let navigator = boa_engine::object::ObjectInitializer::new(context)
        .property(js_string!("userAgent"), js_string!("Cloudflare-Workers"), Attribute::READONLY)
        .build();
    context.register_global_property(js_string!("navigator"), navigator, Attribute::all())?;
    let global = context.global_object();
    context.register_global_property(js_string!("self"), global.clone(), Attribute::all())?;
    let performance = boa_engine::object::ObjectInitializer::new(context)
        .function(boa_engine::NativeFunction::from_fn_ptr(performance_now), js_string!("now"), 0)
        .build();
    context.register_global_property(js_string!("performance"), performance, Attribute::all())?;
    // R12: GC timing must not be observable.
    global.delete_property_or_throw(js_string!("WeakRef"), context)?;
    global.delete_property_or_throw(js_string!("FinalizationRegistry"), context)?;
    Ok(())
}

/// R3: `performance.now()` is virtual time, frozen while JS runs.
fn performance_now(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::from(Host::of(context).world.now() as f64))
}

/// `AbortSignal.timeout(ms)`: a signal aborted with a `TimeoutError` by a timer of the
/// running request (boa_runtime's AbortSignal lacks it).
fn abort_timeout(context: &mut Context) -> JsResult<()> {
    let signal_class = context.global_object().get(js_string!("AbortSignal"), context)?;
    let Some(signal_class) = signal_class.as_object() else { return Ok(()) };
    let timeout = boa_engine::NativeFunction::from_fn_ptr(|_, args, context| {
        let controller_class = context.global_object().get(js_string!("AbortController"), context)?;
        let controller = controller_class
            .as_constructor()
            .ok_or_else(|| boa_engine::js_error!(TypeError: "AbortController missing"))?
            .construct(&[], None, context)?;
        let abort = boa_engine::NativeFunction::from_copy_closure_with_captures(
            |_, _, controller: &boa_engine::JsObject, context| {
                let error = dom_exception("TimeoutError", "The operation was aborted due to timeout", context);
                let reason = error.into_opaque(context)?;
                let abort = controller.get(js_string!("abort"), context)?;
                if let Some(abort) = abort.as_callable() {
                    abort.call(&controller.clone().into(), &[reason], context)?;
                }
                Ok(JsValue::undefined())
            },
            controller.clone(),
        )
        .to_js_function(context.realm());
        let delay = match args.first() {
            Some(v) => v.to_number(context)?,
            None => 0.0,
        };
        let delay = if delay.is_finite() && delay > 0.0 { delay as u64 } else { 0 };
        timers::schedule(abort, Vec::new(), delay, false, true, "AbortSignal.timeout()", context)?;
        controller.get(js_string!("signal"), context)
    })
    .to_js_function(context.realm());
    signal_class.set(js_string!("timeout"), timeout, false, context)?;
    Ok(())
}

/// The source of a built-in module crosstalk provides under `nodejs_compat` (`node:events`,
/// …), or `None` when it is not modelled. Module resolvers call this for `node:` imports.
pub fn builtin_module(specifier: &str) -> Option<&'static str> {
    match specifier {
        "node:async_hooks" => Some(include_str!("node/async_hooks.js")),
        "node:events" => Some(include_str!("node/events.js")),
        "node:buffer" => Some(include_str!("node/buffer.js")),
        _ => None,
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

/// The hidden hooks `node:async_hooks` uses to read and set the async context frame.
fn register_async_context(context: &mut Context) -> JsResult<()> {
    let hooks = boa_engine::object::ObjectInitializer::new(context)
        .function(boa_engine::NativeFunction::from_fn_ptr(async_context_get), js_string!("get"), 0)
        .function(boa_engine::NativeFunction::from_fn_ptr(async_context_set), js_string!("set"), 1)
        .build();
    let registry_key = context.global_object().get(js_string!("Symbol"), context)?;
    let symbol_for = registry_key.as_object().map(|s| s.get(js_string!("for"), context)).transpose()?;
    let symbol = match symbol_for.as_ref().and_then(JsValue::as_callable) {
        Some(f) => f.call(&registry_key, &[js_string!("crosstalk.asyncContext").into()], context)?,
        None => return Ok(()),
    };
    let Some(symbol) = symbol.as_symbol() else { return Ok(()) };
    context.global_object().define_property_or_throw(
        symbol,
        boa_engine::property::PropertyDescriptor::builder()
            .value(hooks)
            .writable(false)
            .enumerable(false)
            .configurable(false),
        context,
    )?;
    Ok(())
}
