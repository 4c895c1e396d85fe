//! The `CryptoKey` class and the cross-cutting rules: `instanceof`, no public
//! constructor, non-extractable keys, usage checks, bad arguments.

mod common;
use common::{error_name, ok};

#[test]
fn crypto_key_is_a_global_class_without_a_public_constructor() {
    assert_eq!(ok("return typeof CryptoKey;"), "function");
    assert_eq!(error_name("new CryptoKey()"), "TypeError");
}

#[test]
fn keys_are_crypto_key_instances_with_stable_attribute_objects() {
    let body = "const key = await subtle.importKey('raw', ascii('k'), {name: 'HMAC', hash: 'SHA-1'}, false, ['sign']);
         return [key instanceof CryptoKey, Object.prototype.toString.call(key), key.usages === key.usages,
                 key.algorithm.hash.name, key.extractable].join(' ');";
    assert_eq!(ok(body), "true [object Object] true SHA-1 false");
}

#[test]
fn bad_arguments_reject_with_webcrypto_errors() {
    assert_eq!(
        error_name("await subtle.importKey('der', ascii('k'), {name: 'HMAC', hash: 'SHA-256'}, false, ['sign'])"),
        "TypeError"
    );
    // workerd reports a usage that is no KeyUsage like any usage the key cannot have.
    assert_eq!(
        error_name("await subtle.importKey('raw', ascii('k'), {name: 'HMAC', hash: 'SHA-256'}, false, ['fly'])"),
        "SyntaxError"
    );
    assert_eq!(error_name("await subtle.sign('HMAC', {}, ascii('x'))"), "TypeError");
    assert_eq!(
        error_name("await subtle.importKey('raw', ascii('k'), 'AES-XYZ', false, ['encrypt'])"),
        "NotSupportedError"
    );
    assert_eq!(error_name("await subtle.exportKey('raw', null)"), "TypeError");
}

#[test]
fn methods_return_promises_and_never_throw_synchronously() {
    let body = "const p = subtle.digest('nope', 1);
         let rejected = false;
         await p.catch(() => { rejected = true; });
         return [p instanceof Promise, rejected].join(' ');";
    assert_eq!(ok(body), "true true");
}
