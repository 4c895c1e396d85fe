//! The native half of `node:crypto` (`host/web/node_crypto.js`): one-shot digests and
//! HMACs over RustCrypto (MD5, SHA-1, SHA-256, SHA-384, SHA-512), synchronous as Node's
//! `createHash`/`createHmac` are. Random values come from `crypto.getRandomValues`, the
//! schedule's seeded stream (R3), on the JS side.

use boa_engine::object::builtins::JsArrayBuffer;
use boa_engine::{Context, JsResult, JsValue, js_error};
use hmac::{KeyInit, Mac};
use md5::Digest;

fn bytes_arg(value: Option<&JsValue>) -> JsResult<Vec<u8>> {
    let object = value.and_then(JsValue::as_object).ok_or_else(|| js_error!(TypeError: "expected bytes"))?;
    let buffer =
        JsArrayBuffer::from_object(object.clone()).map_err(|_| js_error!(TypeError: "expected an ArrayBuffer"))?;
    Ok(buffer.data().map(|d| d.to_vec()).unwrap_or_default())
}

fn algorithm(value: Option<&JsValue>, context: &mut Context) -> JsResult<String> {
    Ok(value.cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped().to_ascii_lowercase())
}

/// The digest of `bytes` with `algorithm`, or `None` for an algorithm not provided.
pub(crate) fn digest(algorithm: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm {
        "md5" => md5::Md5::digest(bytes).to_vec(),
        "sha1" => sha1::Sha1::digest(bytes).to_vec(),
        "sha256" => sha2::Sha256::digest(bytes).to_vec(),
        "sha384" => sha2::Sha384::digest(bytes).to_vec(),
        "sha512" => sha2::Sha512::digest(bytes).to_vec(),
        _ => return None,
    })
}

fn mac<M: Mac + KeyInit>(key: &[u8], bytes: &[u8]) -> Vec<u8> {
    let mut mac = <M as KeyInit>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(bytes);
    mac.finalize().into_bytes().to_vec()
}

/// The HMAC of `bytes` under `key` with `algorithm`, or `None` for an algorithm not
/// provided.
pub(crate) fn hmac(algorithm: &str, key: &[u8], bytes: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm {
        "md5" => mac::<hmac::Hmac<md5::Md5>>(key, bytes),
        "sha1" => mac::<hmac::Hmac<sha1::Sha1>>(key, bytes),
        "sha256" => mac::<hmac::Hmac<sha2::Sha256>>(key, bytes),
        "sha384" => mac::<hmac::Hmac<sha2::Sha384>>(key, bytes),
        "sha512" => mac::<hmac::Hmac<sha2::Sha512>>(key, bytes),
        _ => return None,
    })
}

fn to_buffer(bytes: Vec<u8>, context: &mut Context) -> JsResult<JsValue> {
    crate::host::body::convert(&bytes, crate::host::body::ReadAs::ArrayBuffer, context)
}

/// `host.hash(algorithm, buffer)`: an ArrayBuffer with the digest, or null.
pub(crate) fn host_hash(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let algorithm = algorithm(args.first(), context)?;
    let bytes = bytes_arg(args.get(1))?;
    match digest(&algorithm, &bytes) {
        Some(out) => to_buffer(out, context),
        None => Ok(JsValue::null()),
    }
}

/// `host.hmac(algorithm, key, buffer)`: an ArrayBuffer with the MAC, or null.
pub(crate) fn host_hmac(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let algorithm = algorithm(args.first(), context)?;
    let key = bytes_arg(args.get(1))?;
    let bytes = bytes_arg(args.get(2))?;
    match hmac(&algorithm, &key, &bytes) {
        Some(out) => to_buffer(out, context),
        None => Ok(JsValue::null()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn digests_and_macs_match_their_standards_test_vectors() {
        // FIPS 180-4 / RFC 1321 examples for "abc".
        assert_eq!(
            hex(&digest("sha256", b"abc").unwrap()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hex(&digest("sha1", b"abc").unwrap()), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(hex(&digest("md5", b"abc").unwrap()), "900150983cd24fb0d6963f7d28e17f72");
        // RFC 4231 test case 2 (HMAC-SHA-256, key "Jefe").
        assert_eq!(
            hex(&hmac("sha256", b"Jefe", b"what do ya want for nothing?").unwrap()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(digest("whirlpool", b"").is_none());
    }
}

/// `host.nodeCrypto(op, args)`: the one door for node:crypto's other native operations:
/// runs operation `op` (a string) with the arguments in the array `args`.
pub(crate) fn host_node_crypto(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let op = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    Err(boa_engine::js_error!(TypeError: "host.nodeCrypto: unknown operation {}", op))
}
