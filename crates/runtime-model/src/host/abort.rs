//! The host's side of `AbortSignal` (written in JS, web/events.js): recognising a signal
//! passed to `fetch()` and learning when it aborts.

use boa_engine::object::builtins::JsFunction;
use boa_engine::{Context, Finalize, JsObject, JsResult, JsValue, NativeFunction, Trace, js_error, js_string};
use std::cell::Cell;
use std::rc::Rc;

use crate::host::web::{self, WebModule};

/// Whether a signal has aborted, as its `abort` listener saw it.
#[derive(Clone, Default, Trace, Finalize)]
pub(crate) struct AbortFlag(#[unsafe_ignore_trace] Rc<Cell<bool>>);

impl AbortFlag {
    pub(crate) fn is_set(&self) -> bool {
        self.0.get()
    }
}

/// `value` as an `AbortSignal`, `None` for `undefined`/`null`; anything else is the
/// TypeError WebIDL gives for a wrong `signal` member.
pub(crate) fn signal_of(value: &JsValue, context: &mut Context) -> JsResult<Option<JsObject>> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    // Without the events module loaded no AbortSignal exists yet.
    let is_signal = web::loaded(context, WebModule::Events).is_some()
        && web::call(WebModule::Events, "isAbortSignal", std::slice::from_ref(value), context)?.to_boolean();
    match value.as_object() {
        Some(object) if is_signal => Ok(Some(object.clone())),
        _ => Err(js_error!(TypeError: "Failed to execute 'fetch': member signal is not of type AbortSignal.")),
    }
}

/// Listens for `signal`'s abort: the returned flag is set when it fires.
pub(crate) fn on_abort(signal: &JsObject, context: &mut Context) -> JsResult<AbortFlag> {
    let flag = AbortFlag::default();
    let listener = NativeFunction::from_copy_closure_with_captures(
        |_, _, flag: &AbortFlag, _| {
            flag.0.set(true);
            Ok(JsValue::undefined())
        },
        flag.clone(),
    )
    .to_js_function(context.realm());
    let add = signal.get(js_string!("addEventListener"), context)?;
    let add = add
        .as_object()
        .and_then(|o| JsFunction::from_object(o.clone()))
        .ok_or_else(|| js_error!(TypeError: "AbortSignal.addEventListener is missing"))?;
    add.call(&signal.clone().into(), &[js_string!("abort").into(), listener.into()], context)?;
    Ok(flag)
}
