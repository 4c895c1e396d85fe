//! `crypto.subtle` (W3C WebCrypto) for the boa engine, on RustCrypto primitives, as
//! Cloudflare Workers exposes it to the signature-verifying libraries workers use (`jose`).
//!
//! Owns: algorithm normalization, the `CryptoKey` class, key import/export, `digest`,
//! `sign`/`verify` (HMAC, RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA P-256/P-384, Ed25519) and
//! `generateKey` for the cheap key types (HMAC, ECDSA, Ed25519).
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

use boa_engine::object::ObjectInitializer;
use boa_engine::{Context, JsObject, JsResult, JsValue, NativeFunction, js_string};

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

/// Installs `crypto.subtle` on `crypto_object` and registers the `CryptoKey` class in the
/// realm ([`crypto_key_class`]).
///
/// `random` fills a buffer from the simulation's seeded stream; it is used only by
/// `generateKey` and RSA-PSS signing (salt and blinding). ECDSA nonces are RFC 6979
/// deterministic and PKCS #1 v1.5 / Ed25519 signing draw nothing. `random` must behave
/// as a stream (successive calls give fresh bytes): RSA blinding retries until it draws
/// a usable value, so a callback that repeats itself could make it retry forever.
pub fn register(context: &mut Context, crypto_object: &JsObject, random: fn(&mut Context, &mut [u8])) -> JsResult<()> {
    crypto_key_class(context)?;
    let digest = NativeFunction::from_fn_ptr(|_, args, context| {
        let outcome = subtle::digest(args, context);
        subtle::settle(outcome, context)
    });
    let import_key = NativeFunction::from_fn_ptr(|_, args, context| {
        let outcome = subtle::import_key(args, context);
        subtle::settle(outcome, context)
    });
    let export_key = NativeFunction::from_fn_ptr(|_, args, context| {
        let outcome = subtle::export_key(args, context);
        subtle::settle(outcome, context)
    });
    let verify = NativeFunction::from_fn_ptr(|_, args, context| {
        let outcome = subtle::verify(args, context);
        subtle::settle(outcome, context)
    });
    let sign = NativeFunction::from_copy_closure(move |_: &JsValue, args: &[JsValue], context: &mut Context| {
        let outcome = subtle::sign(args, context, random);
        subtle::settle(outcome, context)
    });
    let generate_key =
        NativeFunction::from_copy_closure(move |_: &JsValue, args: &[JsValue], context: &mut Context| {
            let outcome = subtle::generate_key(args, context, random);
            subtle::settle(outcome, context)
        });
    let subtle = ObjectInitializer::new(context)
        .function(digest, js_string!("digest"), 2)
        .function(import_key, js_string!("importKey"), 5)
        .function(export_key, js_string!("exportKey"), 2)
        .function(sign, js_string!("sign"), 3)
        .function(verify, js_string!("verify"), 4)
        .function(generate_key, js_string!("generateKey"), 3)
        .build();
    crypto_object.set(js_string!("subtle"), subtle, false, context)?;
    Ok(())
}
