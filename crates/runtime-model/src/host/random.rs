//! R3: `Math.random` draws from the schedule's seeded stream, never from the OS.

use boa_engine::{Context, JsResult, JsValue, NativeFunction, js_string};
use rand::Rng;

use crate::engine::Host;

fn random(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let value: f64 = host.world.random(host.current.get(), "Math.random").random();
    Ok(JsValue::from(value))
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let math = context.intrinsics().objects().math();
    let f = NativeFunction::from_fn_ptr(random).to_js_function(context.realm());
    math.define_property_or_throw(
        js_string!("random"),
        boa_engine::property::PropertyDescriptor::builder()
            .value(f)
            .writable(true)
            .enumerable(false)
            .configurable(true),
        context,
    )?;
    Ok(())
}
