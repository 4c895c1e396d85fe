//! `Function.prototype.toString` shows the source the user wrote: the call meter that the
//! instrumenter puts at the start of every function body (`crosstalk_instrument::strip_meter`)
//! is taken out of the text the engine returns. Code that reads a function's source (feature
//! tests, dependency injection by parameter names, serialised functions) sees what V8
//! shows. Left observable: the provenance pass's rewrite of async functions.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsFunction;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsResult, JsString, JsValue, NativeFunction, js_error, js_string};

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let prototype = context.intrinsics().constructors().function().prototype();
    let original = prototype.get(js_string!("toString"), context)?;
    let original = original
        .as_object()
        .and_then(|o| JsFunction::from_object(o.clone()))
        .ok_or_else(|| js_error!(TypeError: "Function.prototype.toString is not a function"))?;
    let wrapper = NativeFunction::from_copy_closure_with_captures(
        |this, args, original: &JsFunction, context| {
            let source = original.call(this, args, context)?;
            let Some(text) = source.as_string() else { return Ok(source) };
            let text = text.to_std_string_escaped();
            if !text.contains(crosstalk_instrument::METER_HOOK) {
                // Untouched, lone surrogates and all.
                return Ok(source);
            }
            Ok(JsValue::from(JsString::from(crosstalk_instrument::strip_meter(&text).as_str())))
        },
        original,
    );
    let wrapper = FunctionObjectBuilder::new(context.realm(), wrapper).name(js_string!("toString")).length(0).build();
    prototype.define_property_or_throw(
        js_string!("toString"),
        PropertyDescriptor::builder().value(wrapper).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    Ok(())
}
