//! `crypto.getRandomValues` and `crypto.randomUUID`, drawn from the schedule's seeded
//! stream (R3). Like timers and fetch, they are not available at the top level (R2).
//! `crypto.subtle` is the crosstalk-webcrypto crate (RustCrypto underneath).

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsTypedArray;
use boa_engine::{Context, JsObject, JsResult, JsValue, NativeFunction, js_error, js_string};
use rand::RngCore;

use crate::engine::Host;
use crate::host::require_request;

fn get_random_values(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    require_request(&host, "crypto.getRandomValues()")?;
    let target = args.first().cloned().unwrap_or_default();
    let array = target
        .as_object()
        .and_then(|o| JsTypedArray::from_object(o.clone()).ok())
        .ok_or_else(|| js_error!(TypeError: "crypto.getRandomValues() expects an integer TypedArray."))?;
    let length = array.byte_length(context)?;
    if length > 65_536 {
        return Err(
            js_error!(RangeError: "The ArrayBufferView's byte length ({}) exceeds the number of bytes of entropy available via this API (65536)", length),
        );
    }
    let mut bytes = vec![0u8; length];
    host.world.random(host.current.get(), "crypto.getRandomValues").fill_bytes(&mut bytes);
    let offset = array.byte_offset(context)?;
    let buffer = array.buffer(context)?;
    let buffer = buffer
        .as_object()
        .and_then(|o| boa_engine::object::builtins::JsArrayBuffer::from_object(o.clone()).ok())
        .ok_or_else(|| js_error!(TypeError: "crypto.getRandomValues() expects a TypedArray over an ArrayBuffer."))?;
    if let Some(mut data) = buffer.data_mut()
        && let Some(target) = data.get_mut(offset..offset + length)
    {
        target.copy_from_slice(&bytes);
    }
    Ok(target)
}

fn random_uuid(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    require_request(&host, "crypto.randomUUID()")?;
    let mut b = [0u8; 16];
    host.world.random(host.current.get(), "crypto.randomUUID").fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    let uuid = format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]);
    Ok(js_string!(uuid.as_str()).into())
}

/// R3: `crypto.subtle` draws (generateKey, RSA-PSS salts) from the schedule's stream.
fn fill_random(context: &mut Context, bytes: &mut [u8]) {
    let host = Host::of(context);
    host.world.random(host.current.get(), "crypto.subtle").fill_bytes(bytes);
}

pub(crate) fn build(context: &mut Context) -> JsResult<JsObject> {
    let crypto = ObjectInitializer::new(context)
        .function(NativeFunction::from_fn_ptr(get_random_values), js_string!("getRandomValues"), 1)
        .function(NativeFunction::from_fn_ptr(random_uuid), js_string!("randomUUID"), 0)
        .build();
    crosstalk_webcrypto::register(context, &crypto, fill_random)?;
    crate::host::tag_object(&crypto, "Crypto", context)?;
    let subtle = crypto.get(js_string!("subtle"), context)?;
    if let Some(subtle) = subtle.as_object() {
        crate::host::tag_object(&subtle, "SubtleCrypto", context)?;
    }
    Ok(crypto)
}
