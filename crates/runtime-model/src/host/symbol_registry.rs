//! `Symbol.for` made atomic across threads.
//!
//! boa 0.22 keeps one symbol registry per process and fills it in two steps: look the key
//! up, and if it is missing create a symbol and insert it. Two threads asking for a new key
//! at the same moment can both create one; the second insert wins, and the thread whose
//! symbol lost sees `Symbol.for(k) !== Symbol.for(k)` from then on. crosstalk runs isolates
//! on several threads (`--jobs`, tests), and its own modules find their hidden hooks
//! through `Symbol.for` (`define_hidden_global`), so a lost race broke a run at random
//! (an `AsyncLocalStorage` that read no store). Every isolate's `Symbol.for` is wrapped:
//! the key is converted first (that may run the worker's code), then the registry is
//! asked under one process-wide lock.

use std::sync::Mutex;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsFunction;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsResult, JsValue, NativeFunction, js_error, js_string};

static REGISTRY: Mutex<()> = Mutex::new(());

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let symbol = context.intrinsics().constructors().symbol().constructor();
    let original = symbol.get(js_string!("for"), context)?;
    let original = original
        .as_object()
        .and_then(|o| JsFunction::from_object(o.clone()))
        .ok_or_else(|| js_error!(TypeError: "Symbol.for is not a function"))?;
    let wrapper = NativeFunction::from_copy_closure_with_captures(
        |_, args, original: &JsFunction, context| {
            let key = args.first().cloned().unwrap_or_default().to_string(context)?;
            let _registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
            original.call(&JsValue::undefined(), &[key.into()], context)
        },
        original,
    );
    let wrapper = FunctionObjectBuilder::new(context.realm(), wrapper).name(js_string!("for")).length(1).build();
    symbol.define_property_or_throw(
        js_string!("for"),
        PropertyDescriptor::builder().value(wrapper).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    Ok(())
}
