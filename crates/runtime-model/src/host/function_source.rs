//! `Function.prototype.toString` shows the source the user wrote: the call meter that the
//! instrumenter puts at the start of every function body (`crosstalk_instrument::strip_meter`)
//! is taken out of the text the engine returns. Code that reads a function's source (feature
//! tests, dependency injection by parameter names, serialised functions) sees what V8
//! shows. Left observable: the provenance pass's rewrite of async functions.

use boa_engine::{Context, JsResult, JsString, JsValue};

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let prototype = context.intrinsics().constructors().function().prototype();
    super::wrap_builtin(&prototype, "toString", 0, context, |this, args, original, context| {
        let source = original.call(this, args, context)?;
        let Some(text) = source.as_string() else { return Ok(source) };
        let text = text.to_std_string_escaped();
        if !text.contains("__ct$") {
            // Untouched, lone surrogates and all.
            return Ok(source);
        }
        Ok(JsValue::from(JsString::from(crosstalk_instrument::strip_meter(&text).as_str())))
    })
}
