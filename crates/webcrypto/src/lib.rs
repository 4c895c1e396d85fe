//! `crypto.subtle` (W3C WebCrypto) for the boa engine, on RustCrypto primitives, as
//! Cloudflare Workers exposes it to the libraries workers use (`jose`, session encryption).
//!
//! Owns: algorithm normalization, the `SubtleCrypto` and `CryptoKey` classes, key
//! import/export, `digest`, `sign`/`verify` (HMAC, RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA
//! P-256/P-384, Ed25519), `encrypt`/`decrypt` (AES-GCM, AES-CBC, AES-CTR, RSA-OAEP),
//! `deriveBits`/`deriveKey` (PBKDF2, HKDF, ECDH P-256/P-384, X25519), `wrapKey`/`unwrapKey`
//! (AES-KW and the encrypting algorithms), workerd's `timingSafeEqual`, and `generateKey`
//! for the cheap key types (HMAC, AES, ECDSA, ECDH, Ed25519, X25519).
//!
//! Must never: draw randomness except through the `random` callback (R3: it comes from
//! the schedule), keep a JS value outside the GC heap, or panic on input.
//!
//! ```
//! use boa_engine::{Context, Source, js_string, object::ObjectInitializer, property::Attribute};
//!
//! fn zeros(_: &mut Context, bytes: &mut [u8]) {
//!     bytes.fill(0);
//! }
//!
//! let mut context = Context::default();
//! let crypto = ObjectInitializer::new(&mut context).build();
//! context.register_global_property(js_string!("crypto"), crypto.clone(), Attribute::all()).unwrap();
//! crosstalk_webcrypto::register(&mut context, &crypto, zeros).unwrap();
//! let value = context.eval(Source::from_bytes("typeof crypto.subtle.digest")).unwrap();
//! assert_eq!(value.as_string().unwrap().to_std_string_escaped(), "function");
//! ```

mod algorithm;
mod algorithms;
mod buffer;
mod error;
mod format;
mod jwk;
mod key;
pub mod node;
mod random;
mod subtle;

use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::Attribute;
use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsString, JsSymbol, JsValue, NativeFunction, Trace,
    js_string,
};

pub use key::CryptoKey;

/// The `CryptoKey` class of the context's realm, registered there on first use, without
/// a global property: the embedder decides how (and when) the global reaches it.
pub fn crypto_key_class(context: &mut Context) -> JsResult<JsObject> {
    if let Some(registered) = context.get_global_class::<CryptoKey>() {
        return Ok(registered.constructor());
    }
    let mut builder = boa_engine::class::ClassBuilder::new::<CryptoKey>(context);
    <CryptoKey as boa_engine::class::Class>::init(&mut builder)?;
    let class = builder.build();
    let constructor = class.constructor();
    context.realm().register_class::<CryptoKey>(class);
    Ok(constructor)
}

/// The `SubtleCrypto` interface: the class of `crypto.subtle`. Its methods live on the
/// prototype (as workerd's do), and `new SubtleCrypto()` is an illegal constructor.
///
/// Each instance carries the `random` callback its methods draw from.
#[derive(Trace, Finalize, JsData)]
pub struct SubtleCrypto {
    #[unsafe_ignore_trace]
    random: subtle::Random,
}

/// workerd's TypeError for a method called on an object of the wrong class.
pub const ILLEGAL_INVOCATION: &str = "Illegal invocation: function called with incorrect `this` reference. See https://developers.cloudflare.com/workers/observability/errors/#illegal-invocation-errors for details.";

fn random_of(this: &JsValue) -> JsResult<subtle::Random> {
    this.as_object()
        .and_then(|object| object.downcast_ref::<SubtleCrypto>().map(|s| s.random))
        .ok_or_else(|| JsNativeError::typ().with_message(ILLEGAL_INVOCATION).into())
}

/// A promise-returning method: `op` runs with the instance's `random`.
type Operation = fn(&[JsValue], &mut Context, subtle::Random) -> error::SubtleResult<JsValue>;

/// The prototype methods, in workerd's order (its `SubtleCrypto.prototype` lists
/// `encrypt, decrypt, sign, verify, digest, generateKey, deriveKey, deriveBits, importKey,
/// exportKey, wrapKey, unwrapKey, timingSafeEqual`).
const OPERATIONS: [(&str, Operation); 12] = [
    ("encrypt", |a, c, r| subtle::encrypt_or_decrypt(a, c, r, true)),
    ("decrypt", |a, c, r| subtle::encrypt_or_decrypt(a, c, r, false)),
    ("sign", subtle::sign),
    ("verify", |a, c, _| subtle::verify(a, c)),
    ("digest", |a, c, _| subtle::digest(a, c)),
    ("generateKey", subtle::generate_key),
    ("deriveKey", |a, c, _| subtle::derive_key(a, c)),
    ("deriveBits", |a, c, _| subtle::derive_bits(a, c)),
    ("importKey", |a, c, _| subtle::import_key(a, c)),
    ("exportKey", |a, c, _| subtle::export_key(a, c)),
    ("wrapKey", subtle::wrap_key),
    ("unwrapKey", subtle::unwrap_key),
];

/// Defines an enumerable, writable, configurable method of length 0 (as workerd's are).
fn define_method(class: &mut ClassBuilder<'_>, name: &str, function: NativeFunction) {
    let realm = class.context().realm().clone();
    let function = FunctionObjectBuilder::new(&realm, function).name(JsString::from(name)).length(0).build();
    class.property(JsString::from(name), function, Attribute::all());
}

impl Class for SubtleCrypto {
    const NAME: &'static str = "SubtleCrypto";
    const LENGTH: usize = 0;

    fn data_constructor(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<Self> {
        Err(JsNativeError::typ().with_message("Illegal constructor").into())
    }

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        for (index, (name, _)) in OPERATIONS.iter().enumerate() {
            let function = NativeFunction::from_copy_closure(move |this, args, context| {
                let random = random_of(this)?;
                let outcome = (OPERATIONS[index].1)(args, context, random);
                subtle::settle(outcome, context)
            });
            define_method(class, name, function);
        }
        let timing_safe_equal = NativeFunction::from_fn_ptr(|this, args, context| {
            random_of(this)?;
            subtle::timing_safe_equal(args, context)
        });
        define_method(class, "timingSafeEqual", timing_safe_equal);
        class.property(
            JsSymbol::to_string_tag(),
            js_string!("SubtleCrypto"),
            Attribute::WRITABLE | Attribute::CONFIGURABLE,
        );
        Ok(())
    }
}

/// The `SubtleCrypto` class of the context's realm, registered there on first use, without
/// a global property (the embedder decides how the global reaches it).
pub fn subtle_crypto_class(context: &mut Context) -> JsResult<JsObject> {
    if let Some(registered) = context.get_global_class::<SubtleCrypto>() {
        return Ok(registered.constructor());
    }
    let mut builder = ClassBuilder::new::<SubtleCrypto>(context);
    SubtleCrypto::init(&mut builder)?;
    let class = builder.build();
    let constructor = class.constructor();
    context.realm().register_class::<SubtleCrypto>(class);
    Ok(constructor)
}

/// A new `SubtleCrypto` whose methods draw from `random` (registering the `SubtleCrypto`
/// and `CryptoKey` classes in the realm first).
///
/// `random` fills a buffer from the simulation's seeded stream; it is used only by
/// `generateKey`, RSA-PSS signing (salt and blinding) and RSA-OAEP (seed and blinding).
/// ECDSA nonces are RFC 6979 deterministic and PKCS #1 v1.5 / Ed25519 signing draw
/// nothing. `random` must behave as a stream (successive calls give fresh bytes): RSA
/// blinding retries until it draws a usable value, so a callback that repeats itself
/// could make it retry forever.
pub fn new_subtle(context: &mut Context, random: fn(&mut Context, &mut [u8])) -> JsResult<JsObject> {
    crypto_key_class(context)?;
    subtle_crypto_class(context)?;
    SubtleCrypto::from_data(SubtleCrypto { random }, context)
}

/// Installs a [`new_subtle`] instance as the data property `subtle` of `crypto_object`
/// (for embedders without a `Crypto` class of their own).
pub fn register(context: &mut Context, crypto_object: &JsObject, random: fn(&mut Context, &mut [u8])) -> JsResult<()> {
    let subtle = new_subtle(context, random)?;
    crypto_object.set(js_string!("subtle"), subtle, false, context)?;
    Ok(())
}
