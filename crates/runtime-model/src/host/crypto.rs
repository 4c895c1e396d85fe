//! `crypto.getRandomValues` and `crypto.randomUUID`, drawn from the schedule's seeded
//! stream (R3). Like timers and fetch, they are not available at the top level (R2).
//! `crypto.subtle` is the crosstalk-webcrypto crate (RustCrypto underneath). `crypto` is
//! an instance of the `Crypto` class, as in workerd (see [`Crypto`]).

use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsTypedArray;
use boa_engine::property::{Attribute, PropertyDescriptor};
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsValue, NativeFunction, Source, Trace, js_error, js_string,
};
use rand::RngCore;

use crate::engine::Host;
use crate::host::require_request;

type NativeFunctionPointer = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;

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

/// R3: `crypto.subtle` draws (generateKey, RSA-PSS salts, RSA-OAEP seeds) from the
/// schedule's stream.
fn fill_random(context: &mut Context, bytes: &mut [u8]) {
    let host = Host::of(context);
    host.world.random(host.current.get(), "crypto.subtle").fill_bytes(bytes);
}

/// The `Crypto` interface: `crypto` is its one instance. As in workerd, `crypto` has no own
/// properties: `subtle` (a getter), `getRandomValues`, `randomUUID` and `DigestStream` are
/// on the prototype, and `new Crypto()` is an illegal constructor.
#[derive(Trace, Finalize, JsData)]
pub(crate) struct Crypto {
    subtle: JsObject,
}

/// The `Crypto` a method was called on, or workerd's illegal-invocation TypeError.
fn this_crypto(this: &JsValue) -> JsResult<JsObject> {
    this.as_object()
        .filter(|object| object.downcast_ref::<Crypto>().is_some())
        .ok_or_else(|| js_error!(TypeError: "{}", crosstalk_webcrypto::ILLEGAL_INVOCATION))
}

fn get_subtle(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let crypto = this_crypto(this)?;
    let subtle = crypto.downcast_ref::<Crypto>().map(|c| c.subtle.clone());
    Ok(subtle.map(JsValue::from).unwrap_or_default())
}

impl Class for Crypto {
    const NAME: &'static str = "Crypto";
    const LENGTH: usize = 0;

    fn data_constructor(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<Self> {
        Err(js_error!(TypeError: "Illegal constructor"))
    }

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        let realm = class.context().realm().clone();
        let getter = FunctionObjectBuilder::new(&realm, NativeFunction::from_fn_ptr(get_subtle))
            .name(js_string!("get subtle"))
            .length(0)
            .build();
        class.property_descriptor(
            js_string!("subtle"),
            PropertyDescriptor::builder().get(getter).set(JsValue::undefined()).enumerable(true).configurable(true),
        );
        let methods: [(&str, NativeFunctionPointer); 2] =
            [("getRandomValues", get_random_values), ("randomUUID", random_uuid)];
        for (name, method) in methods {
            let function = NativeFunction::from_copy_closure(move |this, args, context| {
                this_crypto(this)?;
                method(this, args, context)
            });
            let function = FunctionObjectBuilder::new(&realm, function).name(js_string!(name)).length(0).build();
            class.property(js_string!(name), function, Attribute::all());
        }
        Ok(())
    }
}

/// workerd's `crypto.DigestStream`: a WritableStream of bytes whose `digest` promise
/// settles with the hash of everything written once the stream closes.
const DIGEST_STREAM: &str = r#"(function (subtle) {
  "use strict";
  const states = new WeakMap();
  class DigestStream extends WritableStream {
    constructor(algorithm) {
      const name = typeof algorithm === "string" ? algorithm : algorithm && algorithm.name;
      if (!["SHA-1", "SHA-256", "SHA-384", "SHA-512"].includes(String(name).toUpperCase())) {
        throw new DOMException("Unrecognized or unimplemented digest algorithm requested.", "NotSupportedError");
      }
      const state = { chunks: [], written: 0 };
      state.digest = new Promise((resolve, reject) => { state.resolve = resolve; state.reject = reject; });
      super({
        write(chunk) {
          let bytes;
          if (chunk instanceof ArrayBuffer) bytes = new Uint8Array(chunk.slice(0));
          else if (ArrayBuffer.isView(chunk)) bytes = new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
          else if (typeof chunk === "string") bytes = new TextEncoder().encode(chunk);
          else throw new TypeError("DigestStream is a byte stream but received an object of non-ArrayBuffer/ArrayBufferView/string type on its writable side.");
          state.chunks.push(bytes);
          state.written += bytes.byteLength;
        },
        close() {
          const all = new Uint8Array(state.written);
          let offset = 0;
          for (const chunk of state.chunks) { all.set(chunk, offset); offset += chunk.byteLength; }
          state.chunks = [];
          return subtle.digest(algorithm, all).then(state.resolve, (error) => { state.reject(error); throw error; });
        },
        abort(reason) { state.reject(reason); },
      });
      state.digest.catch(() => {});
      states.set(this, state);
    }
    get digest() { return states.get(this).digest; }
    get bytesWritten() { return states.get(this).written; }
  }
  return DigestStream;
})"#;

/// The `Crypto` class (registered in the realm, with `DigestStream` on its prototype).
pub(crate) fn class(context: &mut Context) -> JsResult<JsObject> {
    let constructor = crate::host::lazy::class::<Crypto>(context)?;
    let prototype = constructor.get(js_string!("prototype"), context)?;
    let Some(prototype) = prototype.as_object() else { return Ok(constructor) };
    if prototype.has_own_property(js_string!("DigestStream"), context)? {
        return Ok(constructor);
    }
    // A SubtleCrypto of its own, so DigestStream works however the worker replaces
    // `crypto` or `crypto.subtle`.
    let subtle = crosstalk_webcrypto::new_subtle(context, fill_random)?;
    let factory = context.eval(Source::from_bytes(DIGEST_STREAM))?;
    let factory = factory.as_callable().ok_or_else(|| js_error!(TypeError: "DigestStream factory"))?;
    let digest_stream = factory.call(&JsValue::undefined(), &[subtle.into()], context)?;
    prototype.define_property_or_throw(
        js_string!("DigestStream"),
        PropertyDescriptor::builder().value(digest_stream).writable(true).enumerable(true).configurable(true),
        context,
    )?;
    // workerd lists `constructor` last: define it again after `DigestStream`.
    prototype.delete_property_or_throw(js_string!("constructor"), context)?;
    prototype.define_property_or_throw(
        js_string!("constructor"),
        PropertyDescriptor::builder().value(constructor.clone()).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    Ok(constructor)
}

/// The `SubtleCrypto` class, registered in the realm.
pub(crate) fn subtle_class(context: &mut Context) -> JsResult<JsObject> {
    let class = crosstalk_webcrypto::subtle_crypto_class(context)?;
    // The crate tags its prototype; workerd's has no tag before `set_tostring_tag`.
    if !crate::host::global_scope::tagged(context) {
        let prototype = class.get(boa_engine::js_string!("prototype"), context)?;
        if let Some(prototype) = prototype.as_object() {
            prototype.delete_property_or_throw(boa_engine::JsSymbol::to_string_tag(), context)?;
        }
    }
    Ok(class)
}

/// The `crypto` global: the one `Crypto` instance.
pub(crate) fn build(context: &mut Context) -> JsResult<JsObject> {
    class(context)?;
    subtle_class(context)?;
    let subtle = crosstalk_webcrypto::new_subtle(context, fill_random)?;
    Crypto::from_data(Crypto { subtle }, context)
}
