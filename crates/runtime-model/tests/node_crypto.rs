//! node:crypto (KeyObject, sign/verify, key derivation, random values, hashes), checked
//! against workerd 1.20261117 with nodejs_compat.

mod common;

use common::*;
use crosstalk_runtime::{MemorySource, Model, MsRange, Syntax};

/// A module worker with node:crypto's globals (nodejs_compat) and one request.
fn module_model(script: &str) -> Model {
    let mut model = Model::new("m", Syntax::Module, MemorySource::single("worker.mjs", script)).with_requests(
        "https://w.example/",
        MsRange::fixed(0),
        1,
    );
    model.node_globals = true;
    model
}

/// KeyObject: createSecretKey/createPrivateKey/createPublicKey from PEM (PKCS#1, PKCS#8, SEC1, SPKI),
/// DER and JWK; details, export to PEM/DER/JWK, equals, and workerd's errors.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_crypto_key_objects_import_export_and_compare_like_workerd() {
    let model = module_model(
        r##"const K = {"rsa1": "-----BEGIN RSA PRIVATE KEY-----\nMIICWwIBAAKBgQCfNXITGl7sylEPA5+MKRTz/rXl9XrewQn0dctyuwgmH0y2oDzj\nLSu0y/CFMTiMbLW+rAbAF92+93TUtEfhhJAemjCAeprLMdUKsOahpfI66qjQ85GU\n09eYlSP4Xkj1cIqo89Kd39Klxi0Uqx2F1vmQTHnVTlFrWSXHqf8YNKhbCwIDAQAB\nAoGAbliNsx3Q8w+atOxO9cc3hZFho3vL6H4lFzFZjDCDimChO+a9rLsPEuVS1A30\nYqeqI/h5SUSBZa1/ZTl6pJzLgcJXP04WYV4JVgFh5NCDiOlBagmVci1ALP9ZFk2t\nyzz4qoanr+rlWxKTLvgZNMQuQph+2YMtQfrwIOIado9dSnECQQDRLX8vIDLIvac3\nkavsvqzatlr0TT6/g5ZBoYOMl3wGEPVvQJezbPC9hq9aky9Zv9XMI7vUxrm9jb9p\nCwmX2b/zAkEAwtiUdTbvBVZgEkqD8YCOVYDyRk4MW5Ytzed58vkHPUPAYgEQtCL9\nSs2IuqWN7t4spZTgvOdKeaMLutKFCQdWiQJAH29/8pwbJbHixGYe+Ug6f+/xwU8u\ng+eJmDlmpKVLXToFOH/zjGJt1327Mph2AD3lKnWgT7zBwyvfPTEMcwalYwJAP/cw\nDacCIwNvOLIDzOXCVGmnn9MBlZOg5+blDxIYAVHbt5DX9ftCoisFhxjQlqmTiKxu\ndzWLKpGPST7Rc9xX2QJASaooo/DUi23bOMA2zjx4Prx0m6qwW+BculkmvzfR0dLm\n4d3naqI1F6s+8K17W5/wB+5KsE+RNCJPI+uBCVi71g==\n-----END RSA PRIVATE KEY-----\n", "rsapub": "-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCfNXITGl7sylEPA5+MKRTz/rXl\n9XrewQn0dctyuwgmH0y2oDzjLSu0y/CFMTiMbLW+rAbAF92+93TUtEfhhJAemjCA\neprLMdUKsOahpfI66qjQ85GU09eYlSP4Xkj1cIqo89Kd39Klxi0Uqx2F1vmQTHnV\nTlFrWSXHqf8YNKhbCwIDAQAB\n-----END PUBLIC KEY-----\n", "ec256": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPWrJyoCszzbp3IQyBGo1F+vcFnAR2yMed2iqFpwOPN9oAoGCCqGSM49\nAwEHoUQDQgAEF/OYW/zthOhkUUh/a7ZgymwMBkytvmBWTjRtldkKvuKwhSPUyMLI\nJYrezoeKvwgvXEbZlhGKuLlTmPOXR39RKw==\n-----END EC PRIVATE KEY-----\n", "ec256pub": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEF/OYW/zthOhkUUh/a7ZgymwMBkyt\nvmBWTjRtldkKvuKwhSPUyMLIJYrezoeKvwgvXEbZlhGKuLlTmPOXR39RKw==\n-----END PUBLIC KEY-----\n", "ed": "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIFcr83HYvk2QMhRrIz9NsrSJdTARW68ltOLlFIlAja+d\n-----END PRIVATE KEY-----\n", "edpub": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEASC9ITp8oYQtCQJzpuOdn/thACT7QevU8IAlPmAggYcI=\n-----END PUBLIC KEY-----\n"};
import * as c from "node:crypto";
function t(f){try{const v=f();return v instanceof Uint8Array? "buf:"+Buffer.from(v).toString("hex"):v}catch(e){return {name:e.name,code:e.code,message:e.message}}}
export default { async fetch() {

  const L = [];
  const s = c.createSecretKey(Buffer.from("secret"));
  L.push([s.type, s.symmetricKeySize, s.constructor.name, Object.prototype.toString.call(s), s.export().toString("hex")]);
  L.push(s.export({format: "jwk"}));
  L.push(t(() => s.export({format: "pem"})));
  L.push(t(() => c.createSecretKey(null)));
  L.push(t(() => new c.KeyObject()));
  const rsa = c.createPrivateKey(K.rsa1);
  const rsaPub = c.createPublicKey(rsa);
  L.push([rsa.type, rsa.asymmetricKeyType, String(rsa.asymmetricKeyDetails.publicExponent), rsa.asymmetricKeyDetails.modulusLength, rsaPub.constructor.name]);
  L.push(rsaPub.equals(c.createPublicKey(K.rsapub)));
  L.push(rsa.export({format: "pem", type: "pkcs8"}).split("\n")[1]);
  L.push(rsaPub.export({format: "pem", type: "pkcs1"}).split("\n")[0]);
  L.push(rsaPub.export({format: "der", type: "spki"}).toString("base64").slice(0, 40));
  L.push(Object.keys(rsa.export({format: "jwk"})));
  L.push(t(() => rsa.export()));
  L.push(t(() => rsa.export({format: "pem", type: "sec1"})));
  L.push(t(() => rsa.export({format: "xyz", type: "pkcs8"})));
  const ec = c.createPrivateKey(K.ec256);
  L.push([ec.asymmetricKeyType, ec.asymmetricKeyDetails, c.createPublicKey(K.ec256pub).equals(c.createPublicKey(ec))]);
  L.push(ec.export({format: "jwk"}));
  L.push(ec.export({format: "pem", type: "pkcs8"}).split("\n").slice(0, 2));
  L.push(t(() => ec.export({format: "pem", type: "pkcs1"})));
  L.push(c.createPrivateKey({key: ec.export({format: "jwk"}), format: "jwk"}).equals(ec));
  const ed = c.createPrivateKey(K.ed);
  L.push([ed.asymmetricKeyType, ed.asymmetricKeyDetails, ed.export({format: "jwk"})]);
  L.push(ed.export({format: "der", type: "pkcs8"}).toString("base64"));
  L.push(t(() => c.createPrivateKey("garbage")));
  L.push(t(() => c.createPublicKey("garbage")));
  L.push(t(() => c.createPrivateKey(K.rsapub)));
  L.push(t(() => c.createPublicKey(s)));
  L.push(t(() => c.createPrivateKey({key: K.rsa1, format: "xx"})));
  L.push(t(() => c.createPublicKey({key: {kty: "EC"}, format: "jwk"})));
  L.push(t(() => c.KeyObject.from({})));
  L.push(c.createPrivateKey({key: rsa.export({format: "der", type: "pkcs1"}), format: "der", type: "pkcs1"}).equals(rsa));
  return new Response(L.map((x) => JSON.stringify(x, (k, v) => typeof v === "bigint" ? `${v}n` : v)).join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"["secret",6,"SecretKeyObject","[object KeyObject]","736563726574"]
{"kty":"oct","ext":true,"k":"c2VjcmV0"}
{"name":"TypeError","message":"Invalid format for secret key export: pem"}
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"key\" argument must be of type string or an instance of ArrayBuffer, TypedArray, or DataView. Received null"}
{"name":"Error","message":"Illegal constructor"}
["private","rsa","65537",1024,"PublicKeyObject"]
true
"MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAJ81chMaXuzKUQ8D"
"-----BEGIN RSA PUBLIC KEY-----"
"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCf"
["kty","use","key_ops","alg","ext","crv","x","y","d","n","e","p","q","dp","dq","qi","oth","k","pub","priv"]
{"name":"TypeError","message":"Missing type option"}
{"name":"Error","code":"ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS","message":"The selected key encoding sec1 can only be used for EC keys."}
{"name":"Error","message":"Invalid key format"}
["ec",{"namedCurve":"prime256v1"},true]
{"kty":"EC","crv":"P-256","x":"F_OYW_zthOhkUUh_a7ZgymwMBkytvmBWTjRtldkKvuI","y":"sIUj1MjCyCWK3s6Hir8IL1xG2ZYRiri5U5jzl0d_USs","d":"9asnKgKzPNunchDIEajUX69wWcBHbIx53aKoWnA4830"}
["-----BEGIN PRIVATE KEY-----","MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg9asnKgKzPNunchDI"]
{"name":"Error","code":"ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS","message":"The selected key encoding pkcs1 can only be used for RSA keys."}
true
["ed25519",{},{"kty":"OKP","alg":"EdDSA","crv":"Ed25519","x":"SC9ITp8oYQtCQJzpuOdn_thACT7QevU8IAlPmAggYcI","d":"Vyvzcdi-TZAyFGsjP02ytIl1MBFbryW04uUUiUCNr50"}]
"MC4CAQAwBQYDK2VwBCIEIFcr83HYvk2QMhRrIz9NsrSJdTARW68ltOLlFIlAja+d"
{"name":"Error","message":"Failed to parse private key"}
{"name":"Error","message":"Failed to parse public key"}
{"name":"Error","message":"Failed to parse private key"}
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"key\" argument must be an instance of PrivateKeyObject. Received an instance of SecretKeyObject"}
{"name":"TypeError","code":"ERR_INVALID_ARG_VALUE","message":"The argument 'format' must be one of: 'pem', 'der'. Received 'xx'"}
{"name":"Error","message":"EC JWK missing crv parameter"}
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"key\" argument must be an instance of CryptoKey. Received an instance of Object"}
true"##,
    );
}

/// sign/verify and createSign/createVerify for RSA PKCS#1 v1.5 and PSS, ECDSA (DER and
/// IEEE P1363) and Ed25519, generateKeyPairSync, and workerd's errors. Only outputs that do
/// not depend on randomness (RSA PKCS#1 v1.5 and Ed25519 signatures, verification results)
/// are compared.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_crypto_signs_and_verifies_like_workerd() {
    let model = module_model(
        r##"const K = {"rsa1": "-----BEGIN RSA PRIVATE KEY-----\nMIICWwIBAAKBgQCfNXITGl7sylEPA5+MKRTz/rXl9XrewQn0dctyuwgmH0y2oDzj\nLSu0y/CFMTiMbLW+rAbAF92+93TUtEfhhJAemjCAeprLMdUKsOahpfI66qjQ85GU\n09eYlSP4Xkj1cIqo89Kd39Klxi0Uqx2F1vmQTHnVTlFrWSXHqf8YNKhbCwIDAQAB\nAoGAbliNsx3Q8w+atOxO9cc3hZFho3vL6H4lFzFZjDCDimChO+a9rLsPEuVS1A30\nYqeqI/h5SUSBZa1/ZTl6pJzLgcJXP04WYV4JVgFh5NCDiOlBagmVci1ALP9ZFk2t\nyzz4qoanr+rlWxKTLvgZNMQuQph+2YMtQfrwIOIado9dSnECQQDRLX8vIDLIvac3\nkavsvqzatlr0TT6/g5ZBoYOMl3wGEPVvQJezbPC9hq9aky9Zv9XMI7vUxrm9jb9p\nCwmX2b/zAkEAwtiUdTbvBVZgEkqD8YCOVYDyRk4MW5Ytzed58vkHPUPAYgEQtCL9\nSs2IuqWN7t4spZTgvOdKeaMLutKFCQdWiQJAH29/8pwbJbHixGYe+Ug6f+/xwU8u\ng+eJmDlmpKVLXToFOH/zjGJt1327Mph2AD3lKnWgT7zBwyvfPTEMcwalYwJAP/cw\nDacCIwNvOLIDzOXCVGmnn9MBlZOg5+blDxIYAVHbt5DX9ftCoisFhxjQlqmTiKxu\ndzWLKpGPST7Rc9xX2QJASaooo/DUi23bOMA2zjx4Prx0m6qwW+BculkmvzfR0dLm\n4d3naqI1F6s+8K17W5/wB+5KsE+RNCJPI+uBCVi71g==\n-----END RSA PRIVATE KEY-----\n", "rsapub": "-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCfNXITGl7sylEPA5+MKRTz/rXl\n9XrewQn0dctyuwgmH0y2oDzjLSu0y/CFMTiMbLW+rAbAF92+93TUtEfhhJAemjCA\neprLMdUKsOahpfI66qjQ85GU09eYlSP4Xkj1cIqo89Kd39Klxi0Uqx2F1vmQTHnV\nTlFrWSXHqf8YNKhbCwIDAQAB\n-----END PUBLIC KEY-----\n", "ec256": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPWrJyoCszzbp3IQyBGo1F+vcFnAR2yMed2iqFpwOPN9oAoGCCqGSM49\nAwEHoUQDQgAEF/OYW/zthOhkUUh/a7ZgymwMBkytvmBWTjRtldkKvuKwhSPUyMLI\nJYrezoeKvwgvXEbZlhGKuLlTmPOXR39RKw==\n-----END EC PRIVATE KEY-----\n", "ec256pub": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEF/OYW/zthOhkUUh/a7ZgymwMBkyt\nvmBWTjRtldkKvuKwhSPUyMLIJYrezoeKvwgvXEbZlhGKuLlTmPOXR39RKw==\n-----END PUBLIC KEY-----\n", "ed": "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIFcr83HYvk2QMhRrIz9NsrSJdTARW68ltOLlFIlAja+d\n-----END PRIVATE KEY-----\n", "edpub": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEASC9ITp8oYQtCQJzpuOdn/thACT7QevU8IAlPmAggYcI=\n-----END PUBLIC KEY-----\n"};
import * as c from "node:crypto";
function t(f){try{const v=f();return v instanceof Uint8Array? "buf:"+Buffer.from(v).toString("hex"):v}catch(e){return {name:e.name,code:e.code,message:e.message}}}
export default { async fetch() {

  const L = [];
  const data = Buffer.from("hello world");
  const rsa = c.createPrivateKey(K.rsa1);
  L.push(c.sign("sha256", data, rsa).toString("base64"));
  L.push(c.createSign("RSA-SHA256").update("hello ").update("world").sign(K.rsa1, "base64") === c.sign("sha256", data, K.rsa1).toString("base64"));
  L.push(c.createVerify("sha256").update("hello world").verify(K.rsapub, c.sign("sha256", data, rsa).toString("hex"), "hex"));
  L.push(c.verify("sha256", data, rsa, c.sign("sha512", data, rsa)));
  const pss = c.createSign("sha256").update(data).sign({key: K.rsa1, padding: c.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32});
  L.push([pss.length, c.createVerify("sha256").update(data).verify({key: K.rsapub, padding: 6, saltLength: 32}, pss), c.createVerify("sha256").update(data).verify({key: K.rsapub, padding: 6}, pss), c.createVerify("sha256").update(data).verify({key: K.rsapub, padding: 6, saltLength: 20}, pss), c.createVerify("sha256").update(data).verify(K.rsapub, pss)]);
  const pssMax = c.createSign("sha256").update(data).sign({key: K.rsa1, padding: 6});
  L.push([c.createVerify("sha256").update(data).verify({key: K.rsapub, padding: 6, saltLength: 94}, pssMax), c.createVerify("sha256").update(data).verify({key: K.rsapub, padding: 6, saltLength: 32}, pssMax), c.createVerify("sha256").update(data).verify({key: K.rsapub, padding: 6, saltLength: -2}, pssMax)]);
  const pss20 = c.createSign("sha256").update(data).sign({key: K.rsa1, padding: 6, saltLength: 20});
  const pss94 = c.createSign("sha256").update(data).sign({key: K.rsa1, padding: 6, saltLength: -2});
  L.push([c.createVerify("sha256").update(data).verify({key: K.rsapub, padding: 6}, pss20), c.createVerify("sha256").update(data).verify({key: K.rsapub, padding: 6, saltLength: -2}, pss20), c.createVerify("sha256").update(data).verify({key: K.rsapub, padding: 6, saltLength: 94}, pss94), t(() => c.createSign("sha256").update(data).sign({key: K.rsa1, padding: 6, saltLength: 95}))]);
  L.push(c.sign("sha256", data, {key: K.rsa1, padding: 6}).equals(c.sign("sha256", data, rsa)));
  L.push(t(() => c.sign(null, data, rsa)));
  L.push(t(() => c.sign("sha256", data, {key: rsa, padding: 6})));
  L.push(t(() => c.sign("sha-256", data, rsa)));
  L.push(t(() => c.createSign("foo")));
  L.push(t(() => c.createSign("sha256").sign()));
  L.push(t(() => c.sign("sha256", data, c.createPublicKey(rsa))));
  L.push(t(() => c.sign("sha256", "str", rsa)));
  L.push(t(() => c.sign("sha256", data, {key: K.rsa1, dsaEncoding: "x"})));
  L.push(t(() => { const s = c.createSign("sha256"); s.update("x"); s.sign(K.rsa1); return s.sign(K.rsa1); }));
  const ec = c.createPrivateKey(K.ec256);
  const der = c.sign("sha256", data, ec);
  L.push([der[0], c.verify("sha256", data, K.ec256pub, der), c.verify("sha256", data, {key: K.ec256pub, dsaEncoding: "ieee-p1363"}, der)]);
  const p1363 = c.sign("sha256", data, {key: K.ec256, dsaEncoding: "ieee-p1363"});
  L.push([p1363.length, c.verify("sha256", data, {key: K.ec256pub, dsaEncoding: "ieee-p1363"}, p1363), c.verify("sha256", data, K.ec256pub, p1363)]);
  L.push(c.verify("sha256", data, K.ec256pub, Buffer.from("garbage")));
  const ed = c.createPrivateKey(K.ed);
  const edSig = c.sign(null, data, ed);
  L.push([edSig.toString("base64"), c.verify(null, data, K.edpub, edSig), c.verify(undefined, Buffer.from("x"), K.edpub, edSig)]);
  L.push(t(() => c.sign("sha256", data, ed)));
  L.push(t(() => c.createSign("sha256").update(data).sign(ed)));
  L.push(t(() => c.createVerify("sha256").update(data).verify(K.edpub, edSig)));
  const pair = c.generateKeyPairSync("ec", {namedCurve: "P-256"});
  L.push([pair.publicKey.asymmetricKeyDetails, c.verify("sha256", data, pair.publicKey, c.sign("sha256", data, pair.privateKey))]);
  const edPair = c.generateKeyPairSync("ed25519", {publicKeyEncoding: {format: "pem", type: "spki"}, privateKeyEncoding: {format: "der", type: "pkcs8"}});
  L.push([edPair.publicKey.slice(0, 26), edPair.privateKey.length]);
  L.push([t(() => c.generateKeyPairSync("ec", {namedCurve: "nope"})), t(() => c.generateKeyPairSync("rsa", {})), t(() => c.generateKeyPairSync("dsa"))]);
  return new Response(L.map((x) => JSON.stringify(x, (k, v) => typeof v === "bigint" ? `${v}n` : v)).join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##""BNaq3A4keD90Rue2gmghZApVmjnJSHamOAAD4yWphVvUtTEy5Jf0ezHIg3zt6EIyV2rV+Jbxnkwwd470K3WTWhQbGQCjBfNEHzYjmnBA12L0q8ZP6swmcTj08qfp+CxJmEtyl+neOf00Ymj7Ap2BK2CY0IlPNc/ah92LZhgK/Lg="
true
true
false
[128,true,true,false,false]
[false,true,true]
[false,true,true,{"name":"Error","message":"Failed to generate signature"}]
true
{"name":"Error","message":"Failed to initialize signing context"}
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"options.key\" property must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, or Object. Received an instance of PrivateKeyObject"}
{"name":"Error","message":"Unknown digest: sha-256"}
{"name":"Error","message":"Unknown digest: foo"}
{"name":"Error","code":"ERR_CRYPTO_SIGN_KEY_REQUIRED","message":"No key provided to sign"}
{"name":"Error","code":"ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE","message":"Invalid key object type public, expected private."}
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"data\" argument must be an instance of Buffer, TypedArray, or DataView. Received type string ('str')"}
{"name":"TypeError","code":"ERR_INVALID_ARG_VALUE","message":"The property 'options.dsaEncoding' is invalid. Received 'x'"}
{"name":"Error","message":"Signing context has already been finalized"}
[48,true,false]
[64,true,false]
false
["3A1+94Qih5UOPtjqjJanYnEJpWN34LkAfcnipq1HxJ4PcKjZXzp5pWuzCkHgtkczmWuZHCfhHHxpNLtrAl5rBg==",true,false]
{"name":"Error","message":"Failed to initialize signing context"}
{"name":"Error","message":"Failed to set signature digest"}
{"name":"Error","message":"Unsupported operation for this key"}
[{"namedCurve":"prime256v1"},true]
["-----BEGIN PUBLIC KEY-----",48]
[{"name":"Error","message":"Invalid or unsupported curve"},{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"options.modulusLength\" property must be of type number. Received undefined"},{"name":"TypeError","code":"ERR_INVALID_ARG_VALUE","message":"The argument 'type' must be one of: 'rsa', 'ec', 'ed25519', 'x25519', 'dh'. Received 'dsa'"}]"##,
    );
}

/// Hash/Hmac (as streams), hash(), timingSafeEqual, pbkdf2, hkdf, scrypt, random values,
/// generateKeySync, primes, lists and constants, and workerd's errors.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_crypto_hashes_kdfs_random_and_constants_like_workerd() {
    let model = module_model(
        r##"const K = {"rsa1": "-----BEGIN RSA PRIVATE KEY-----\nMIICWwIBAAKBgQCfNXITGl7sylEPA5+MKRTz/rXl9XrewQn0dctyuwgmH0y2oDzj\nLSu0y/CFMTiMbLW+rAbAF92+93TUtEfhhJAemjCAeprLMdUKsOahpfI66qjQ85GU\n09eYlSP4Xkj1cIqo89Kd39Klxi0Uqx2F1vmQTHnVTlFrWSXHqf8YNKhbCwIDAQAB\nAoGAbliNsx3Q8w+atOxO9cc3hZFho3vL6H4lFzFZjDCDimChO+a9rLsPEuVS1A30\nYqeqI/h5SUSBZa1/ZTl6pJzLgcJXP04WYV4JVgFh5NCDiOlBagmVci1ALP9ZFk2t\nyzz4qoanr+rlWxKTLvgZNMQuQph+2YMtQfrwIOIado9dSnECQQDRLX8vIDLIvac3\nkavsvqzatlr0TT6/g5ZBoYOMl3wGEPVvQJezbPC9hq9aky9Zv9XMI7vUxrm9jb9p\nCwmX2b/zAkEAwtiUdTbvBVZgEkqD8YCOVYDyRk4MW5Ytzed58vkHPUPAYgEQtCL9\nSs2IuqWN7t4spZTgvOdKeaMLutKFCQdWiQJAH29/8pwbJbHixGYe+Ug6f+/xwU8u\ng+eJmDlmpKVLXToFOH/zjGJt1327Mph2AD3lKnWgT7zBwyvfPTEMcwalYwJAP/cw\nDacCIwNvOLIDzOXCVGmnn9MBlZOg5+blDxIYAVHbt5DX9ftCoisFhxjQlqmTiKxu\ndzWLKpGPST7Rc9xX2QJASaooo/DUi23bOMA2zjx4Prx0m6qwW+BculkmvzfR0dLm\n4d3naqI1F6s+8K17W5/wB+5KsE+RNCJPI+uBCVi71g==\n-----END RSA PRIVATE KEY-----\n", "rsapub": "-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCfNXITGl7sylEPA5+MKRTz/rXl\n9XrewQn0dctyuwgmH0y2oDzjLSu0y/CFMTiMbLW+rAbAF92+93TUtEfhhJAemjCA\neprLMdUKsOahpfI66qjQ85GU09eYlSP4Xkj1cIqo89Kd39Klxi0Uqx2F1vmQTHnV\nTlFrWSXHqf8YNKhbCwIDAQAB\n-----END PUBLIC KEY-----\n", "ec256": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPWrJyoCszzbp3IQyBGo1F+vcFnAR2yMed2iqFpwOPN9oAoGCCqGSM49\nAwEHoUQDQgAEF/OYW/zthOhkUUh/a7ZgymwMBkytvmBWTjRtldkKvuKwhSPUyMLI\nJYrezoeKvwgvXEbZlhGKuLlTmPOXR39RKw==\n-----END EC PRIVATE KEY-----\n", "ec256pub": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEF/OYW/zthOhkUUh/a7ZgymwMBkyt\nvmBWTjRtldkKvuKwhSPUyMLIJYrezoeKvwgvXEbZlhGKuLlTmPOXR39RKw==\n-----END PUBLIC KEY-----\n", "ed": "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIFcr83HYvk2QMhRrIz9NsrSJdTARW68ltOLlFIlAja+d\n-----END PRIVATE KEY-----\n", "edpub": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEASC9ITp8oYQtCQJzpuOdn/thACT7QevU8IAlPmAggYcI=\n-----END PUBLIC KEY-----\n"};
import * as c from "node:crypto";
function t(f){try{const v=f();return v instanceof Uint8Array? "buf:"+Buffer.from(v).toString("hex"):v}catch(e){return {name:e.name,code:e.code,message:e.message}}}
export default { async fetch() {

  const L = [];
  L.push([typeof c.Hash, c.createHash("sha256") instanceof c.Hash, typeof c.createHash("sha256").pipe, typeof c.Sign("sha256").write]);
  L.push(await new Promise((res) => { const h = c.createHash("sha256"); h.on("data", (d) => res(d.toString("hex"))); h.write("abc"); h.end(); }));
  L.push(t(() => { const h = c.createHash("sha256").update("a"); const h2 = h.copy(); h.update("b"); return [h.digest("hex"), h2.digest("hex")]; }));
  L.push([c.createHash("sha224").update("abc").digest("hex"), c.hash("sha1", "abc"), c.hash("md5", Buffer.from("x"), "base64")]);
  L.push(t(() => c.createHash("nope")));
  L.push(t(() => { const h = c.createHash("sha256"); h.digest(); return h.digest(); }));
  L.push(t(() => { const h = c.createHmac("sha256", "k"); h.digest(); return h.digest("hex"); }));
  L.push(c.createHmac("sha256", c.createSecretKey(Buffer.from("k"))).update("x").digest("hex"));
  L.push(t(() => c.createHmac("sha256", 5)));
  L.push([t(() => c.timingSafeEqual(Buffer.from("ab"), Buffer.from("ab"))), t(() => c.timingSafeEqual(Buffer.from("ab"), Buffer.from("abc"))), t(() => c.timingSafeEqual("ab", "ab"))]);
  L.push([c.pbkdf2Sync("pw", "salt", 1000, 32, "sha512").toString("hex"), t(() => c.pbkdf2Sync("pw", "salt", 1, 32, "nope")), t(() => c.pbkdf2Sync("pw", "salt", 0, 32, "sha1"))]);
  L.push(await new Promise((res) => c.pbkdf2("pw", "salt", 2, 20, "sha1", (e, k) => res(e ? e.message : k.toString("hex")))));
  L.push([Buffer.from(c.hkdfSync("sha512", "key", "salt", "info", 100)).toString("hex"), t(() => c.hkdfSync("nope", "k", "s", "i", 10)), t(() => c.hkdfSync("sha256", "k", "s", "i", 256 * 32)), t(() => c.hkdfSync("sha256", "k", "s", "i", -1))]);
  L.push([c.scryptSync("pw", "salt", 32, {N: 1024, r: 8, p: 1}).toString("hex"), c.scryptSync("", "", 64, {N: 16, r: 1, p: 1}).toString("hex"), t(() => c.scryptSync("pw", "salt", 16, {N: 3})), t(() => c.scryptSync("pw", "salt", 16, {N: 2 ** 20}))]);
  L.push([c.randomInt(10) < 10, t(() => c.randomInt(5, 5)), t(() => c.randomInt(1.5)), t(() => c.randomInt("a")), t(() => c.randomInt(0, 2 ** 49))]);
  L.push([c.randomBytes(8).length, t(() => c.randomBytes(-1)), c.randomFillSync(new Uint8Array(4), 1, 2).length, t(() => c.randomFillSync("x")), c.randomUUID().length, t(() => c.randomUUID(5))]);
  L.push([c.generateKeySync("hmac", {length: 100}).symmetricKeySize, t(() => c.generateKeySync("aes", {length: 100})), t(() => c.generateKeySync("des", {length: 100}))]);
  L.push([c.checkPrimeSync(97n), c.checkPrimeSync(91n), c.checkPrimeSync(Buffer.from([251])), typeof c.generatePrimeSync(32, {bigint: true}), t(() => c.generatePrimeSync(0))]);
  L.push([c.getHashes().length, c.getCiphers().length, c.getCurves(), c.getFips(), c.fips, c.secureHeapUsed()]);
  L.push([Object.keys(c.constants).length, c.constants.RSA_PKCS1_PSS_PADDING, c.constants.RSA_PSS_SALTLEN_AUTO, c.constants.TLS1_3_VERSION, c.constants.defaultCipherList]);
  L.push([t(() => c.setEngine("x")), t(() => c.createCipher("aes-128-cbc", "x"))]);
  L.push([c.webcrypto === crypto, c.subtle === crypto.subtle, c.CryptoKey === CryptoKey, c.getRandomValues(new Uint8Array(3)).length]);
  return new Response(L.map((x) => JSON.stringify(x, (k, v) => typeof v === "bigint" ? `${v}n` : v)).join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"["function",true,"function","function"]
"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
["fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603","ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"]
["23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7","a9993e364706816aba3e25717850c26c9cd0d89d","ndTkYSaMgDT1yFZOFVxnpg=="]
{"name":"Error","message":"Digest method not supported"}
{"name":"Error","code":"ERR_CRYPTO_HASH_FINALIZED","message":"Digest already called"}
""
"c38edc8815c8489f64738978f44008f8596345545f0baa68ef6fcf5c53e57189"
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"key\" argument must be of type string or an instance of ArrayBuffer, Buffer, ArrayBufferView, KeyObject, or CryptoKey. Received type number (5)"}
[true,{"name":"TypeError","message":"Input buffers must have the same byte length."},{"name":"TypeError","message":"Failed to execute 'timingSafeEqual' on 'SubtleCrypto': parameter 1 is not of type 'BufferSource'."}]
["dba2956d5d8f05e6f06dc9732ca6037d32a4fcbcdde4b35e62594b632d059275",{"name":"TypeError","message":"Invalid Pbkdf2 digest: nope."},{"name":"RangeError","code":"ERR_OUT_OF_RANGE","message":"The value of \"iterations\" is out of range. It must be >= 1 && <= 2147483647. Received 0"}]
"133a0b823b029801576d5a38793387e88064dd5f"
["24156e2c35525baaf3d0fbb92b734c8032a110a3f12e2596e441e1924870d84c3a500652a723738024432451046fd237efad8392fb686c5277a59e01053916536ce56ffa4036f0224573100a07a8dafb96aba25a717b1ef32723bd136a8770834b8b6198",{"name":"TypeError","message":"Invalid Hkdf digest: nope"},{"name":"RangeError","message":"Invalid Hkdf key length"},{"name":"RangeError","code":"ERR_OUT_OF_RANGE","message":"The value of \"length\" is out of range. It must be >= 0 && <= 2147483647. Received -1"}]
["9f1f8695838e682c1689750f45a69fb95645b4a27f0c9994c696b1c98c0a1671","77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906",{"name":"Error","message":"Scrypt failed"},{"name":"RangeError","message":"Scrypt failed: cost exceeds maximum (1048576)."}]
[true,{"name":"RangeError","code":"ERR_OUT_OF_RANGE","message":"The value of \"min\" is out of range. It must be min < max. Received 5"},{"name":"RangeError","code":"ERR_OUT_OF_RANGE","message":"The value of \"max\" is out of range. It must be an integer. Received 1.5"},{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"max\" argument must be of type number. Received type string ('a')"},{"name":"RangeError","code":"ERR_OUT_OF_RANGE","message":"The value of \"max\" is out of range. It must be <= 281474976710655. Received 562_949_953_421_312"}]
[8,{"name":"RangeError","code":"ERR_OUT_OF_RANGE","message":"The value of \"size\" is out of range. It must be >= 0 && <= 2147483647. Received -1"},2,{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"buffer\" argument must be an instance of TypedArray, DataView, ArrayBuffer, or SharedArrayBuffer. Received type string ('x')"},36,{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"options\" argument must be of type object. Received type number (5)"}]
[12,{"name":"TypeError","code":"ERR_INVALID_ARG_VALUE","message":"The property 'options.length' must be one of: 128, 192, 256. Received 100"},{"name":"TypeError","code":"ERR_INVALID_ARG_VALUE","message":"The argument 'type' must be one of: 'hmac', 'aes'. Received 'des'"}]
[true,false,true,"bigint",{"name":"RangeError","code":"ERR_OUT_OF_RANGE","message":"The value of \"size\" is out of range. It must be >= 1 && <= 2147483647. Received 0"}]
[17,60,["secp224r1","prime256v1","secp384r1","secp521r1"],true,true,{"total":0,"used":0,"utilization":0,"min":0}]
[0,6,-2,772,""]
[{"name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED","message":"The setEngine method is not implemented"},{"name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED","message":"The createCipher method is not implemented"}]
[true,true,true,3]"##,
    );
}

/// createCipheriv/createDecipheriv for aes-*-cbc/ecb/ctr/ofb/gcm (update/final buffering, setAAD,
/// getAuthTag/setAuthTag, setAutoPadding, streams), getCipherInfo, and workerd's errors.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_crypto_aes_ciphers_like_workerd() {
    let model = module_model(
        r##"import * as c from "node:crypto";
function t(f){try{const v=f();return v instanceof Uint8Array? "buf:"+Buffer.from(v).toString("hex"):v}catch(e){return {name:e.name,code:e.code,message:e.message}}}
const k16 = Buffer.alloc(16, 1), k24 = Buffer.alloc(24, 3), k32 = Buffer.alloc(32, 5), iv16 = Buffer.alloc(16, 2), iv12 = Buffer.alloc(12, 2);
function run(alg, key, iv, chunks, opts = {}, pad) {
  const e = c.createCipheriv(alg, key, iv, opts); if (pad === false) e.setAutoPadding(false); if (opts.aad) e.setAAD(opts.aad);
  const parts = chunks.map((x) => e.update(x).toString("hex")); parts.push(e.final().toString("hex"));
  const tag = /gcm/.test(alg) ? e.getAuthTag().toString("hex") : undefined;
  const d = c.createDecipheriv(alg, key, iv, opts); if (pad === false) d.setAutoPadding(false); if (opts.aad) d.setAAD(opts.aad); if (tag) d.setAuthTag(Buffer.from(tag, "hex"));
  const ct = Buffer.from(parts.join(""), "hex");
  const back = [d.update(ct.subarray(0, 7)).toString("hex"), d.update(ct.subarray(7)).toString("hex"), d.final().toString("hex")];
  return { parts, tag, back };
}
export default { async fetch() {
  const L = [];
  const msg = [Buffer.from("hello world, "), Buffer.from("this is a longer message!!")];
  L.push(t(() => run("aes-128-cbc", k16, iv16, msg)));
  L.push(t(() => run("aes-192-cbc", k24, iv16, msg)));
  L.push(t(() => run("aes-256-cbc", k32, iv16, [Buffer.alloc(32, 7)], {}, false)));
  L.push(t(() => run("aes-128-ctr", k16, iv16, msg)));
  L.push(t(() => run("aes-256-ctr", k32, Buffer.from("ffffffffffffffffffffffffffffffff", "hex"), msg)));
  L.push(t(() => run("aes-128-ecb", k16, null, msg)));
  L.push(t(() => run("aes-128-ofb", k16, iv16, msg)));
  L.push(t(() => run("aes-128-gcm", k16, iv12, msg, { aad: Buffer.from("aad") })));
  L.push(t(() => run("aes-256-gcm", k32, Buffer.alloc(16, 9), msg)));
  L.push(t(() => run("aes-192-gcm", k24, iv12, msg, { authTagLength: 8 })));
  L.push(t(() => run("AES-128-CBC", k16, iv16, msg)));
  L.push(t(() => c.createCipheriv("aes-128-cbc", Buffer.alloc(15), iv16)));
  L.push(t(() => c.createCipheriv("aes-128-cbc", k16, Buffer.alloc(15))));
  L.push(t(() => c.createCipheriv("aes-128-gcm", k16, Buffer.alloc(0))));
  L.push(t(() => c.createCipheriv("aes-128-ecb", k16, iv16)));
  L.push(t(() => c.createCipheriv("nope", k16, iv16)));
  L.push(t(() => c.createCipheriv("aes-128-cbc", 5, iv16)));
  L.push(t(() => c.createCipheriv("aes-128-cbc", k16, 5)));
  L.push(t(() => c.createCipheriv("aes-128-cbc", k16, iv16).update("abc")));
  L.push(t(() => { const e = c.createCipheriv("aes-128-cbc", k16, iv16); e.setAutoPadding(false); e.update(Buffer.from("abc")); return e.final(); }));
  L.push(t(() => { const d = c.createDecipheriv("aes-128-cbc", k16, iv16); d.update(Buffer.alloc(16)); return d.final(); }));
  L.push(t(() => { const d = c.createDecipheriv("aes-128-gcm", k16, iv12); d.setAuthTag(Buffer.alloc(16)); d.update(Buffer.from("abc")); return d.final(); }));
  L.push(t(() => { const d = c.createDecipheriv("aes-128-gcm", k16, iv12); d.update(Buffer.from("abc")); return d.final(); }));
  L.push(t(() => { const e = c.createCipheriv("aes-128-gcm", k16, iv12); return e.getAuthTag(); }));
  L.push(t(() => { const e = c.createCipheriv("aes-128-cbc", k16, iv16); return e.getAuthTag(); }));
  L.push(t(() => { const e = c.createCipheriv("aes-128-cbc", k16, iv16); e.final(); return e.final(); }));
  L.push(t(() => { const e = c.createCipheriv("aes-128-cbc", k16, iv16); e.final(); return e.update(Buffer.from("x")); }));
  L.push(t(() => c.createCipheriv("aes-128-cbc", k16, iv16).update("abc", "utf8", "hex")));
  L.push(t(() => c.createCipheriv("aes-128-cbc", c.createSecretKey(k16), iv16).final("base64")));
  L.push(t(() => c.getCipherInfo("aes-128-gcm")));
  L.push(t(() => c.getCipherInfo("aes-256-ctr")));
  L.push(t(() => c.getCipherInfo("aes-192-ecb")));
  L.push(t(() => c.getCipherInfo("nope")));
  L.push(t(() => c.getCipherInfo("aes-128-cbc", { keyLength: 16, ivLength: 16 })));
  L.push(t(() => c.getCipherInfo("aes-128-cbc", { keyLength: 12 })));
  L.push(t(() => c.getCipherInfo("aes-128-ofb")));
  L.push(t(() => c.getCipherInfo("aes-256-cbc")));
  L.push(t(() => c.getCipherInfo("aes-192-gcm")));
  L.push(t(() => c.getCipherInfo(419)));
  L.push(await new Promise((res) => { const e = c.createCipheriv("aes-128-ctr", k16, iv16); const out = []; e.on("data", (d) => out.push(d.toString("hex"))); e.on("end", () => res(out.join(""))); e.write("stream me"); e.end(); }));
  return new Response(L.map((x) => JSON.stringify(x)).join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"{"parts":["","71db388103a663f908aa2453634abde5a2e30c02371f0d012c45874b683b2a32","caa1ac563db5ef4b0f013bea720e372d"],"back":["","68656c6c6f20776f726c642c20746869732069732061206c6f6e676572206d65","73736167652121"]}
{"parts":["","75c2278f19f9fd0e81bbebc8e7ab1b1873a81f452e09b6132200ed0054e3bd6c","30e6c34fbfbe25352cd8c41c1cd7c1a5"],"back":["","68656c6c6f20776f726c642c20746869732069732061206c6f6e676572206d65","73736167652121"]}
{"parts":["f587a94fec12bc7ac878536a627eab889481e029ee3435d228f0b277be8ece38",""],"back":["","0707070707070707070707070707070707070707070707070707070707070707",""]}
{"parts":["7fb3789f168942ff0585315bdd","45aa6350ade411d8f3be99bbb7614e82db1a38457bbd8e7cef8c",""],"back":["68656c6c6f2077","6f726c642c20746869732069732061206c6f6e676572206d6573736167652121",""]}
{"parts":["dbc08d3414086b2b3b7bf10ab8","70b79df11074c8aca245e6ec857742fb114cf17b0278bddb33d2",""],"back":["68656c6c6f2077","6f726c642c20746869732069732061206c6f6e676572206d6573736167652121",""]}
{"parts":["","5434334ea8e39b5f6048ccb9eba1094c82afdaee73cab5e5719dfed79ba01a7a","477a49b7f89ec61c67d5470ba5afe317"],"back":["","68656c6c6f20776f726c642c20746869732069732061206c6f6e676572206d65","73736167652121"]}
{"parts":["7fb3789f168942ff0585315bdd","45aa632c981075bcda76594808728f4a6704539b9d54a521ab32",""],"back":["68656c6c6f2077","6f726c642c20746869732069732061206c6f6e676572206d6573736167652121",""]}
{"parts":["3b817c0fa90e3113e58c6a1892","951232286d204e70935076a70c6652fface08b7b338e90587cb2",""],"tag":"7f72d19b0989f6fa355e84408c30dd87","back":["68656c6c6f2077","6f726c642c20746869732069732061206c6f6e676572206d6573736167652121",""]}
{"parts":["88c90bc27eed82709d8f6ec05f","0283690c939095aa2c9819b63fa0bc8d05954042a5003a6c44d8",""],"tag":"3908b35dbc9de42899b02108049cff58","back":["68656c6c6f2077","6f726c642c20746869732069732061206c6f6e676572206d6573736167652121",""]}
{"parts":["ca0684a3d9dd4902524a3fac7a","7459ed7a7ae9d4bd2f0e8fbaf304694ee760171bfea89038ee80",""],"tag":"83405c84c6475f2e038d37e2163bee0b","back":["68656c6c6f2077","6f726c642c20746869732069732061206c6f6e676572206d6573736167652121",""]}
{"parts":["","71db388103a663f908aa2453634abde5a2e30c02371f0d012c45874b683b2a32","caa1ac563db5ef4b0f013bea720e372d"],"back":["","68656c6c6f20776f726c642c20746869732069732061206c6f6e676572206d65","73736167652121"]}
{"name":"Error","message":"Invalid key length"}
{"name":"Error","message":"Invalid initialization vector"}
{"name":"Error","message":"Invalid initialization vector"}
{"name":"Error","message":"Invalid initialization vector"}
{"name":"Error","message":"Unknown or unsupported cipher: nope"}
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"key\" argument must be of type string or an instance of Buffer, TypedArray, DataView, KeyObject, or CryptoKey. Received type number (5)"}
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"iv\" argument must be of type string or an instance of Buffer, TypedArray, or DataView or null. Received type number (5)"}
{"name":"TypeError","code":"ERR_INVALID_ARG_VALUE","message":"The argument 'inputEncoding' If inputEncoding is not provided then the data must be a Buffer. Received undefined"}
{"name":"Error","message":"Authentication failed"}
{"name":"Error","message":"Authentication failed"}
{"name":"Error","message":"Authentication failed"}
{"name":"Error","message":"No auth tag provided"}
{"name":"Error","message":"Auth tag is only available once cipher context has been finalized"}
{"name":"Error","message":"Auth tag is only available once cipher context has been finalized"}
{"name":"Error","message":"Cipher/decipher context has already been finalized"}
{"name":"Error","message":"Cipher/decipher context has already been finalized"}
""
"nzLUN2Q3uobgvBSKJ83ttA=="
{"name":"id-aes128-GCM","nid":895,"blockSize":1,"ivLength":12,"keyLength":16,"mode":"gcm"}
{"name":"AES-256-CTR","nid":906,"blockSize":1,"ivLength":16,"keyLength":32,"mode":"ctr"}
{"name":"AES-192-ECB","nid":422,"blockSize":16,"ivLength":0,"keyLength":24,"mode":"ecb"}

{"name":"AES-128-CBC","nid":419,"blockSize":16,"ivLength":16,"keyLength":16,"mode":"cbc"}

{"name":"AES-128-OFB","nid":420,"blockSize":1,"ivLength":16,"keyLength":16,"mode":"ofb"}
{"name":"AES-256-CBC","nid":427,"blockSize":16,"ivLength":16,"keyLength":32,"mode":"cbc"}
{"name":"id-aes192-GCM","nid":898,"blockSize":1,"ivLength":12,"keyLength":24,"mode":"gcm"}
{"name":"AES-128-CBC","nid":419,"blockSize":16,"ivLength":16,"keyLength":16,"mode":"cbc"}
"64a2669618c415fd12""##,
    );
}

/// createPublicKey from an X.509 certificate PEM, digest-name spellings, callbacks of randomFill and
/// generateKeyPair, KeyObject.from a WebCrypto CryptoKey, sign/verify with CryptoKeys, and a
/// passphrase given for an unencrypted key.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_crypto_certificates_passphrases_and_webcrypto_keys_like_workerd() {
    let model = module_model(
        r##"const K = {"cert": "-----BEGIN CERTIFICATE-----\nMIIBbTCCAROgAwIBAgIUKsC1lhBuSxCWPOFSZUXvu+3sZ1MwCgYIKoZIzj0EAwIw\nDDEKMAgGA1UEAwwBeDAeFw0yNjEyMDUwMDU5MDhaFw0yNjEyMDYwMDU5MDhaMAwx\nCjAIBgNVBAMMAXgwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQX85hb/O2E6GRR\nSH9rtmDKbAwGTK2+YFZONG2V2Qq+4rCFI9TIwsglit7Oh4q/CC9cRtmWEYq4uVOY\n85dHf1Ero1MwUTAdBgNVHQ4EFgQUl8DfuAIe4Oo3F3aDkAMFK40ZGykwHwYDVR0j\nBBgwFoAUl8DfuAIe4Oo3F3aDkAMFK40ZGykwDwYDVR0TAQH/BAUwAwEB/zAKBggq\nhkjOPQQDAgNIADBFAiBobtWU41Bq4xXCrNcxEAmJ87ldptqrNJDgyz8yBVJH9QIh\nAI+t1yfKRitASDZb1f2jAhr0UKy0P9/NPGU9UFIGluM3\n-----END CERTIFICATE-----\n", "ec256": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPWrJyoCszzbp3IQyBGo1F+vcFnAR2yMed2iqFpwOPN9oAoGCCqGSM49\nAwEHoUQDQgAEF/OYW/zthOhkUUh/a7ZgymwMBkytvmBWTjRtldkKvuKwhSPUyMLI\nJYrezoeKvwgvXEbZlhGKuLlTmPOXR39RKw==\n-----END EC PRIVATE KEY-----\n"};
import * as c from "node:crypto";
function t(f){try{const v=f();return v instanceof Uint8Array? "buf:"+Buffer.from(v).toString("hex"):v}catch(e){return {name:e.name,code:e.code,message:e.message}}}
export default { async fetch() {
  const L = [];
  L.push(t(() => { const k = c.createPublicKey(K.cert); return [k.asymmetricKeyType, k.equals(c.createPublicKey(K.ec256))]; }));
  L.push(t(() => c.createHash("sha-256")));
  L.push(t(() => c.createHash("RSA-SHA256").update("616263", "hex").digest("hex")));
  L.push(t(() => c.createHmac("SHA256", "k").update("x").digest("base64")));
  L.push(await new Promise((res) => c.randomFill(new Uint8Array(4), (e, b) => res([e, b.length]))));
  L.push(await new Promise((res) => c.generateKeyPair("ec", { namedCurve: "secp384r1" }, (e, pub, priv) => res([e, pub.asymmetricKeyDetails, priv.type]))));
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  L.push(t(() => { const ko = c.KeyObject.from(pair.privateKey); return [ko.type, ko.asymmetricKeyType, ko.asymmetricKeyDetails]; }));
  L.push(t(() => c.verify("sha256", Buffer.from("x"), pair.publicKey, c.sign("sha256", Buffer.from("x"), pair.privateKey))));
  L.push(t(() => c.createSecretKey("abc").equals(c.createSecretKey(Buffer.from("abc")))));
  L.push(t(() => String(c.createSecretKey("abc"))));
  L.push(t(() => c.createPrivateKey({ key: K.ec256, passphrase: "x" }).type));
  L.push(t(() => c.createPrivateKey({ key: Buffer.from(K.ec256) }).type));
  L.push(t(() => c.createPrivateKey(new TextEncoder().encode(K.ec256)).asymmetricKeyType));
  L.push(t(() => c.pseudoRandomBytes(3).length));
  return new Response(L.map((x) => JSON.stringify(x)).join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"["ec",true]
{"name":"Error","message":"Digest method not supported"}
"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
"w47ciBXISJ9kc4l49EAI+FljRVRfC6po72/PXFPlcYk="
[null,4]
[null,{"namedCurve":"secp384r1"},"private"]
["private","ec",{"namedCurve":"prime256v1"}]
true
true
"[object KeyObject]"
"private"
"private"
"ec"
3"##,
    );
}

/// createECDH (P-256, P-384): keys from set/generated scalars, point formats, computeSecret,
/// ECDH.convertKey, diffieHellman over EC KeyObjects, and workerd's errors.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_crypto_ecdh_and_diffie_hellman_like_workerd() {
    let model = module_model(
        r##"const K = {"ec256": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPWrJyoCszzbp3IQyBGo1F+vcFnAR2yMed2iqFpwOPN9oAoGCCqGSM49\nAwEHoUQDQgAEF/OYW/zthOhkUUh/a7ZgymwMBkytvmBWTjRtldkKvuKwhSPUyMLI\nJYrezoeKvwgvXEbZlhGKuLlTmPOXR39RKw==\n-----END EC PRIVATE KEY-----\n", "ec384": "-----BEGIN EC PRIVATE KEY-----\nMIGkAgEBBDBn2mD3xZ7m0KJRQj6lRUehT8+4ul5zxBMQkb6Xnfrn5mE9k/OJ6nZo\ndfqdNlcKtoegBwYFK4EEACKhZANiAATIeyIlPBErDTm9PPzqPTczccnFBq7Cm8Cu\ncTTv6XmVJVoqlkDxC+NOKLT21ao4DlpD719aWBFAwsbe76pXWGX0EZ5GAm04XMBa\nq80Y2JznXmK3Z/4vLZNSG4HhFW69OB4=\n-----END EC PRIVATE KEY-----\n", "rsa1": "-----BEGIN RSA PRIVATE KEY-----\nMIICWwIBAAKBgQCfNXITGl7sylEPA5+MKRTz/rXl9XrewQn0dctyuwgmH0y2oDzj\nLSu0y/CFMTiMbLW+rAbAF92+93TUtEfhhJAemjCAeprLMdUKsOahpfI66qjQ85GU\n09eYlSP4Xkj1cIqo89Kd39Klxi0Uqx2F1vmQTHnVTlFrWSXHqf8YNKhbCwIDAQAB\nAoGAbliNsx3Q8w+atOxO9cc3hZFho3vL6H4lFzFZjDCDimChO+a9rLsPEuVS1A30\nYqeqI/h5SUSBZa1/ZTl6pJzLgcJXP04WYV4JVgFh5NCDiOlBagmVci1ALP9ZFk2t\nyzz4qoanr+rlWxKTLvgZNMQuQph+2YMtQfrwIOIado9dSnECQQDRLX8vIDLIvac3\nkavsvqzatlr0TT6/g5ZBoYOMl3wGEPVvQJezbPC9hq9aky9Zv9XMI7vUxrm9jb9p\nCwmX2b/zAkEAwtiUdTbvBVZgEkqD8YCOVYDyRk4MW5Ytzed58vkHPUPAYgEQtCL9\nSs2IuqWN7t4spZTgvOdKeaMLutKFCQdWiQJAH29/8pwbJbHixGYe+Ug6f+/xwU8u\ng+eJmDlmpKVLXToFOH/zjGJt1327Mph2AD3lKnWgT7zBwyvfPTEMcwalYwJAP/cw\nDacCIwNvOLIDzOXCVGmnn9MBlZOg5+blDxIYAVHbt5DX9ftCoisFhxjQlqmTiKxu\ndzWLKpGPST7Rc9xX2QJASaooo/DUi23bOMA2zjx4Prx0m6qwW+BculkmvzfR0dLm\n4d3naqI1F6s+8K17W5/wB+5KsE+RNCJPI+uBCVi71g==\n-----END RSA PRIVATE KEY-----\n"};
import * as c from "node:crypto";
function t(f){try{const v=f();return v instanceof Uint8Array? "buf:"+Buffer.from(v).toString("hex"):v}catch(e){return {name:e.name,code:e.code,message:e.message}}}
export default { async fetch() {
  const L = [];
  const a = c.createECDH("prime256v1");
  a.setPrivateKey(Buffer.alloc(32, 1));
  const b = c.createECDH("prime256v1");
  b.setPrivateKey("02".repeat(32), "hex");
  L.push([a.getPublicKey("hex"), a.getPublicKey("hex", "compressed"), t(() => a.getPublicKey("base64", "hybrid")), a.getPrivateKey("hex")]);
  L.push([a.computeSecret(b.getPublicKey()).toString("hex"), b.computeSecret(a.getPublicKey("hex"), "hex", "hex")]);
  L.push(c.ECDH.convertKey(a.getPublicKey("hex", "compressed"), "prime256v1", "hex", "hex", "uncompressed"));
  const g = c.createECDH("secp384r1"); const pub = g.generateKeys(); const h = c.createECDH("secp384r1"); h.generateKeys();
  L.push([pub.length, g.getPrivateKey().length, g.computeSecret(h.getPublicKey()).equals(h.computeSecret(g.getPublicKey()))]);
  L.push(t(() => c.createECDH("nope")));
  L.push(t(() => a.computeSecret(Buffer.from("04" + "00".repeat(64), "hex"))));
  L.push(t(() => c.createECDH("prime256v1").getPublicKey()));
  L.push(t(() => a.setPrivateKey(Buffer.alloc(32, 255))));
  L.push(t(() => a.getPublicKey("hex", "weird")));
  L.push(t(() => c.ECDH("prime256v1") instanceof c.ECDH));
  const k1 = c.createPrivateKey(K.ec256), k2 = c.generateKeyPairSync("ec", {namedCurve: "prime256v1"});
  L.push(c.diffieHellman({privateKey: k1, publicKey: k2.publicKey}).equals(c.diffieHellman({privateKey: k2.privateKey, publicKey: c.createPublicKey(k1)})));
  L.push(t(() => c.diffieHellman({privateKey: k1, publicKey: k1})));
  L.push(t(() => c.diffieHellman({privateKey: k1, publicKey: c.createPublicKey(K.ec384)})));
  L.push(t(() => c.diffieHellman({privateKey: k1, publicKey: c.createPublicKey(K.rsa1)})));
  L.push(t(() => c.diffieHellman({privateKey: 1})));
  return new Response(L.map((x) => JSON.stringify(x)).join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"["046ff03b949241ce1dadd43519e6960e0a85b41a69a05c328103aa2bce1594ca163c4f753a55bf01dc53f6c0b0c7eee78b40c6ff7d25a96e2282b989cef71c144a","026ff03b949241ce1dadd43519e6960e0a85b41a69a05c328103aa2bce1594ca16",{"name":"Error","message":"Failed to get public key length"},"0101010101010101010101010101010101010101010101010101010101010101"]
["eb459a6b30d70eb4c0ddcd34ea96ed59e8f8d1843c22dd895ab603aa13d9a81d","eb459a6b30d70eb4c0ddcd34ea96ed59e8f8d1843c22dd895ab603aa13d9a81d"]
"046ff03b949241ce1dadd43519e6960e0a85b41a69a05c328103aa2bce1594ca163c4f753a55bf01dc53f6c0b0c7eee78b40c6ff7d25a96e2282b989cef71c144a"
[97,48,true]
{"name":"Error","message":"Invalid curve"}
{"name":"Error","message":"Failed to set point"}
{"name":"Error","message":"Failed to get ECDH public key"}
{"name":"Error","message":"Private key is not valid for specified curve."}
{"name":"TypeError","code":"ERR_INVALID_ARG_VALUE","message":"The argument 'format' must be one of: 'compressed', 'uncompressed', 'hybrid'. Received 'weird'"}
true
true
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"options.publicKey\" property must be public key. Received an instance of PrivateKeyObject"}
{"name":"Error","message":"Failed to derive shared diffie-hellman secret"}
{"name":"TypeError","code":"ERR_INVALID_ARG_VALUE","message":"The property 'options.publicKey.asymmetricKeyType' must equal privateKey.asymmetricKeyType. Received 'rsa'"}
{"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"options.publicKey\" property must be an instance of KeyObject. Received undefined"}"##,
    );
}
