//! `AbortController.prototype.abort()` with workerd's default reason.
//!
//! boa_runtime's `AbortController` is reused as it is, except for the reason a bare
//! `abort()` gives its signal: workerd's is an `AbortError` whose message is "The
//! operation was aborted" (Workers code and tests match on it), boa_runtime's says
//! "signal is aborted without reason". The original `abort` is kept and called with
//! that reason; an explicit reason passes through untouched.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{Context, JsResult, JsValue, NativeFunction, js_string};

/// workerd's message for the default abort reason.
const DEFAULT_ABORT_MESSAGE: &str = "The operation was aborted";

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let controller = context.global_object().get(js_string!("AbortController"), context)?;
    let Some(controller) = controller.as_object() else { return Ok(()) };
    let prototype = controller.get(js_string!("prototype"), context)?;
    let Some(prototype) = prototype.as_object() else { return Ok(()) };
    let original = prototype.get(js_string!("abort"), context)?;
    let Some(original) = original.as_callable() else { return Ok(()) };
    let abort = NativeFunction::from_copy_closure_with_captures(
        |this, args, original, context| {
            let reason = match args.first() {
                Some(reason) if !reason.is_undefined() => reason.clone(),
                _ => super::dom_exception("AbortError", DEFAULT_ABORT_MESSAGE, context).into_opaque(context)?,
            };
            original.call(this, &[reason], context)
        },
        original.clone(),
    );
    let abort = FunctionObjectBuilder::new(context.realm(), abort).name(js_string!("abort")).length(0).build();
    prototype.set(js_string!("abort"), JsValue::from(abort), true, context)?;
    Ok(())
}
