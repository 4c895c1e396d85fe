//! WebCrypto as a worker sees it in crosstalk: the `Crypto`/`SubtleCrypto`/`CacheStorage`
//! classes and instances, AES-GCM, PBKDF2, ECDH, AES-KW wrapping, errors, `timingSafeEqual`
//! and `crypto.DigestStream`. Expected: workerd 1.20261117 at compatibility date
//! 2026-11-17 answering the same worker (deterministic: fixed keys, IVs and salts).

mod common;

use common::*;
use crosstalk_runtime::{Model, MsRange};

const WORKER: &str = r#"const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
const unhex = (t) => Uint8Array.from(t.match(/../g), (h) => parseInt(h, 16));
const enc = (s) => new TextEncoder().encode(s);
export default { async fetch() {
  const out = [];
  const t = async (f) => { try { out.push(String(await f())); } catch (e) { out.push(e.name + ": " + e.message); } };
  const s = crypto.subtle;
  await t(() => [Object.getOwnPropertyNames(crypto).length, Object.getOwnPropertyNames(Crypto.prototype), Object.getOwnPropertyNames(SubtleCrypto.prototype)].join(" "));
  await t(() => [crypto instanceof Crypto, s instanceof SubtleCrypto, caches instanceof CacheStorage, s === crypto.subtle, Object.getOwnPropertyNames(CacheStorage.prototype), Object.getOwnPropertyNames(caches)].join(" "));
  await t(() => [Object.prototype.toString.call(crypto), Object.prototype.toString.call(s), Object.prototype.toString.call(caches), Object.keys(Object.getOwnPropertyDescriptor(Crypto.prototype, "subtle")).join()].join(" "));
  await t(() => new Crypto());
  await t(() => new SubtleCrypto());
  await t(() => new CacheStorage());
  await t(() => SubtleCrypto.prototype.digest.call({}, "SHA-256", new Uint8Array(1)));
  await t(() => caches.match("https://x.example/"));
  const key = await s.importKey("raw", unhex("000102030405060708090a0b0c0d0e0f"), "AES-GCM", true, ["encrypt", "decrypt"]);
  const iv = unhex("000000000000000000000001");
  const sealed = await s.encrypt({ name: "AES-GCM", iv }, key, enc("hello world"));
  await t(() => hex(sealed));
  await t(async () => new TextDecoder().decode(await s.decrypt({ name: "AES-GCM", iv }, key, unhex("d2b0c30fa2c9bd413c2820a204a5ea2c567c0635bfaedd4ea1a594"))));
  const pw = await s.importKey("raw", enc("password"), "PBKDF2", false, ["deriveBits"]);
  await t(async () => hex(await s.deriveBits({ name: "PBKDF2", salt: enc("salt"), iterations: 2, hash: "SHA-1" }, pw, 160)));
  const alg = { name: "ECDH", namedCurve: "P-256" };
  const a = await s.importKey("jwk", { kty: "EC", crv: "P-256", x: "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0", y: "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps", d: "0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo" }, alg, false, ["deriveBits"]);
  const b = await s.importKey("jwk", { kty: "EC", crv: "P-256", x: "weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ", y: "e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck" }, alg, true, []);
  await t(async () => hex(await s.deriveBits({ name: "ECDH", public: b }, a, 256)));
  const kek = await s.importKey("raw", unhex("000102030405060708090a0b0c0d0e0f"), "AES-KW", false, ["wrapKey", "unwrapKey"]);
  const inner = await s.importKey("raw", unhex("00112233445566778899aabbccddeeff"), "AES-CBC", true, ["encrypt"]);
  const wrapped = await s.wrapKey("raw", inner, kek, "AES-KW");
  await t(async () => { const k = await s.unwrapKey("raw", wrapped, kek, "AES-KW", { name: "AES-CBC" }, true, ["decrypt"]); return [hex(wrapped), hex(await s.exportKey("raw", k)), JSON.stringify(k.algorithm), k.usages].join(" "); });
  await t(async () => JSON.stringify(await s.exportKey("jwk", inner)));
  const encOnly = await s.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]);
  await t(() => s.decrypt({ name: "AES-GCM", iv }, encOnly, new Uint8Array(32)));
  await t(() => s.encrypt({ name: "AES-GCM", iv: new Uint8Array(0) }, encOnly, enc("x")));
  await t(() => s.encrypt({ name: "AES-CBC", iv }, encOnly, enc("x")));
  await t(() => s.importKey("raw", new Uint8Array(16), "AES-XYZ", true, ["encrypt"]));
  await t(() => s.deriveBits({ name: "PBKDF2", salt: enc("salt"), iterations: 0, hash: "SHA-1" }, pw, 160));
  await t(() => [s.timingSafeEqual(enc("ab"), enc("ab")), s.timingSafeEqual(enc("ab"), enc("ac"))].join(" "));
  await t(async () => { const ds = new crypto.DigestStream("SHA-256"); const w = ds.getWriter(); await w.write(enc("ab")); await w.write("c"); await w.close(); return hex(await ds.digest) + " " + ds.bytesWritten; });
  return new Response(out.join("\n"));
} };
"#;

/// workerd 1.20261117's body for `WORKER`, one line per check.
const WORKERD: [&str; 21] = [
    "0 subtle,getRandomValues,randomUUID,DigestStream,constructor encrypt,decrypt,sign,verify,digest,generateKey,deriveKey,deriveBits,importKey,exportKey,wrapKey,unwrapKey,timingSafeEqual,constructor",
    "true true true true open,delete,match,has,keys,constructor default",
    "[object Crypto] [object SubtleCrypto] [object CacheStorage] get,set,enumerable,configurable",
    "TypeError: Illegal constructor",
    "TypeError: Illegal constructor",
    "TypeError: Illegal constructor",
    "TypeError: Illegal invocation: function called with incorrect `this` reference. See https://developers.cloudflare.com/workers/observability/errors/#illegal-invocation-errors for details.",
    "Error: Failed to execute 'match' on 'CacheStorage': the method is not implemented.",
    "d2b0c30fa2c9bd413c2820a204a5ea2c567c0635bfaedd4ea1a594",
    "hello world",
    "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
    "9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4",
    "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5 00112233445566778899aabbccddeeff {\"name\":\"AES-CBC\",\"length\":128} decrypt",
    "{\"kty\":\"oct\",\"key_ops\":[\"encrypt\"],\"alg\":\"A128CBC\",\"ext\":true,\"k\":\"ABEiM0RVZneImaq7zN3u_w\"}",
    "InvalidAccessError: Requested key usage \"decrypt\" does not match any usage listed in this CryptoKey.",
    "OperationError: AES-GCM IV must not be empty.",
    "InvalidAccessError: Requested algorithm \"AES-CBC\" does not match this CryptoKey's algorithm \"AES-GCM\".",
    "NotSupportedError: Unrecognized key import algorithm \"AES-XYZ\" requested.",
    "OperationError: PBKDF2 requires a positive iteration count (requested 0).",
    "true false",
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad 3",
];

#[test]
fn webcrypto_answers_as_workerd_does() {
    let model = Model::module("worker.mjs", WORKER).with_requests("https://x.example/", MsRange::fixed(0), 1);
    let run = run_seed(&model, 1);
    let body = run.requests[0].body.clone().unwrap_or_else(|| format!("no body: {:?}", run.requests[0]));
    let lines: Vec<&str> = body.lines().collect();
    for (index, (got, want)) in lines.iter().zip(WORKERD).enumerate() {
        assert_eq!(*got, want, "line {index}");
    }
    assert_eq!(lines.len(), WORKERD.len(), "{body}");
}
