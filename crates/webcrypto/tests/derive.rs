//! PBKDF2, HKDF, ECDH and X25519 `deriveBits`/`deriveKey` against published known-answer
//! vectors, RSA-OAEP, `timingSafeEqual`, and workerd 1.20261117's messages for mistakes.

mod common;
use common::{error_name, ok, run, wycheproof as wp};

/// (password, salt, iterations, hash, output hex): RFC 6070 section 2 (PBKDF2-HMAC-SHA1)
/// and RFC 7914 section 11 (PBKDF2-HMAC-SHA256, the first case).
const PBKDF2: [(&str, &str, u32, &str, &str); 6] = [
    ("password", "salt", 1, "SHA-1", "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
    ("password", "salt", 2, "SHA-1", "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
    ("password", "salt", 4096, "SHA-1", "4b007901b765489abead49d926f721d065a429c1"),
    (
        "passwordPASSWORDpassword",
        "saltSALTsaltSALTsaltSALTsaltSALTsalt",
        4096,
        "SHA-1",
        "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
    ),
    ("pass\\0word", "sa\\0lt", 4096, "SHA-1", "56fa6aa75548099dcc37d7f03425e0c3"),
    (
        "passwd",
        "salt",
        1,
        "SHA-256",
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
    ),
];

#[test]
fn pbkdf2_matches_rfc_6070_and_rfc_7914() {
    for (password, salt, iterations, hash, expected) in PBKDF2 {
        let bits = expected.len() * 4;
        let body = format!(
            "const key = await subtle.importKey('raw', ascii('{password}'), 'PBKDF2', false, ['deriveBits']);
             return hex(await subtle.deriveBits({{name: 'PBKDF2', salt: ascii('{salt}'), iterations: {iterations}, hash: '{hash}'}}, key, {bits}));"
        );
        assert_eq!(ok(&body), expected, "{password} {salt} {iterations}");
    }
}

/// RFC 5869 appendix A: (hash, IKM, salt, info, L, OKM) for test cases 1, 3 and 4.
const HKDF: [(&str, &str, &str, &str, usize, &str); 3] = [
    (
        "SHA-256",
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "000102030405060708090a0b0c",
        "f0f1f2f3f4f5f6f7f8f9",
        42,
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    ),
    (
        "SHA-256",
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "",
        "",
        42,
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    ),
    (
        "SHA-1",
        "0b0b0b0b0b0b0b0b0b0b0b",
        "000102030405060708090a0b0c",
        "f0f1f2f3f4f5f6f7f8f9",
        42,
        "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896",
    ),
];

#[test]
fn hkdf_matches_rfc_5869() {
    for (hash, ikm, salt, info, length, expected) in HKDF {
        let body = format!(
            "const key = await subtle.importKey('raw', unhex('{ikm}'), 'HKDF', false, ['deriveBits']);
             return hex(await subtle.deriveBits({{name: 'HKDF', hash: '{hash}', salt: unhex('{salt}'), info: unhex('{info}')}}, key, {}));",
            length * 8
        );
        assert_eq!(ok(&body), expected, "{hash} {ikm}");
    }
}

#[test]
fn derive_key_makes_aes_and_hmac_keys_as_workerd() {
    // workerd 1.20261117: PBKDF2 "password"/"salt"/1000/SHA-256 into AES-GCM 256 and HMAC.
    let body = "const pw = await subtle.importKey('raw', ascii('password'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
         const alg = {name: 'PBKDF2', salt: ascii('salt'), iterations: 1000, hash: 'SHA-256'};
         const aes = await subtle.deriveKey(alg, pw, {name: 'AES-GCM', length: 256}, true, ['encrypt', 'decrypt']);
         const mac = await subtle.deriveKey(alg, pw, {name: 'HMAC', hash: 'SHA-256'}, true, ['sign']);
         return [JSON.stringify(pw.algorithm), pw.usages.join(), JSON.stringify(aes.algorithm), hex(await subtle.exportKey('raw', aes)),
                 JSON.stringify(mac.algorithm), hex(await subtle.exportKey('raw', mac))].join(' ');";
    assert_eq!(
        ok(body),
        r#"{"name":"PBKDF2"} deriveKey,deriveBits {"name":"AES-GCM","length":256} 632c2812e46d4604102ba7618e9d6d7d2f8128f6266b4a03264d2a0460b7dcb3 {"name":"HMAC","hash":{"name":"SHA-256"},"length":512} 632c2812e46d4604102ba7618e9d6d7d2f8128f6266b4a03264d2a0460b7dcb388b3b1131f741bcbeb02541c8c2e97bd8bed62ab6425542e45512b7312f440eb"#
    );
}

/// RFC 5903 section 8.1 (256-bit random ECP group): i, g^i, r, g^r, and g^ir's x.
const RFC_5903_I: &str = "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433";
const RFC_5903_GIX: &str = "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180";
const RFC_5903_GIY: &str = "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3";
const RFC_5903_GRX: &str = "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63";
const RFC_5903_GRY: &str = "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
const RFC_5903_GIRX: &str = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";

#[test]
fn ecdh_p256_matches_rfc_5903() {
    let body = format!(
        "const alg = {{name: 'ECDH', namedCurve: 'P-256'}};
         const mine = await subtle.importKey('jwk', {{kty: 'EC', crv: 'P-256', d: b64u('{RFC_5903_I}'), x: b64u('{RFC_5903_GIX}'), y: b64u('{RFC_5903_GIY}')}}, alg, false, ['deriveBits']);
         const theirs = await subtle.importKey('raw', unhex('04{RFC_5903_GRX}{RFC_5903_GRY}'), alg, true, []);
         const all = await subtle.deriveBits({{name: 'ECDH', public: theirs}}, mine, null);
         const some = await subtle.deriveBits({{name: 'ECDH', public: theirs}}, mine, 12);
         return [hex(all), hex(some), JSON.stringify(theirs.algorithm), theirs.usages.length].join(' ');"
    );
    // 12 bits: the first two bytes with the low four bits of the second cleared.
    let twelve = format!("{}{}0", &RFC_5903_GIRX[..2], &RFC_5903_GIRX[2..3]);
    assert_eq!(ok(&body), format!("{RFC_5903_GIRX} {twelve} {{\"name\":\"ECDH\",\"namedCurve\":\"P-256\"}} 0"));
}

#[test]
fn ecdh_between_imported_jwks_gives_workerds_bits() {
    // Two P-256 JWKs (not from a standard); workerd 1.20261117 derives these bits.
    let body = "const alg = {name: 'ECDH', namedCurve: 'P-256'};
         const a = await subtle.importKey('jwk', {kty: 'EC', crv: 'P-256', x: 'gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0', y: 'SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps', d: '0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo'}, alg, true, ['deriveBits', 'deriveKey']);
         const b = await subtle.importKey('jwk', {kty: 'EC', crv: 'P-256', x: 'weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ', y: 'e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck'}, alg, true, []);
         const bits = await subtle.deriveBits({name: 'ECDH', public: b}, a, 256);
         const key = await subtle.deriveKey({name: 'ECDH', public: b}, a, {name: 'AES-GCM', length: 128}, true, ['encrypt']);
         return [hex(bits), hex(await subtle.exportKey('raw', key)), JSON.stringify(await subtle.exportKey('jwk', b))].join(' ');";
    assert_eq!(
        ok(body),
        r#"9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4 9e56d91d817135d372834283bf84269c {"kty":"EC","key_ops":[],"ext":true,"crv":"P-256","x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ","y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck"}"#
    );
}

#[test]
fn ecdh_generated_pairs_agree() {
    let body = "const alg = {name: 'ECDH', namedCurve: 'P-384'};
         const a = await subtle.generateKey(alg, false, ['deriveBits']);
         const b = await subtle.generateKey(alg, false, ['deriveBits']);
         const ab = hex(await subtle.deriveBits({name: 'ECDH', public: b.publicKey}, a.privateKey, 384));
         const ba = hex(await subtle.deriveBits({name: 'ECDH', public: a.publicKey}, b.privateKey, 384));
         return [ab === ba, ab.length, a.publicKey.usages.length, a.privateKey.usages.join(), a.publicKey.extractable].join(' ');";
    assert_eq!(ok(body), "true 96 0 deriveBits true");
}

/// RFC 7748 section 6.1: Alice's private key and public key, Bob's public key, the shared secret.
const RFC_7748_ALICE_PRIVATE: &str = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const RFC_7748_ALICE_PUBLIC: &str = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const RFC_7748_BOB_PUBLIC: &str = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const RFC_7748_SHARED: &str = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

#[test]
fn x25519_matches_rfc_7748() {
    let body = format!(
        "const pkcs8 = unhex('302e020100300506032b656e04220420{RFC_7748_ALICE_PRIVATE}');
         const alice = await subtle.importKey('pkcs8', pkcs8, 'X25519', true, ['deriveBits']);
         const bob = await subtle.importKey('raw', unhex('{RFC_7748_BOB_PUBLIC}'), {{name: 'X25519'}}, true, []);
         const shared = await subtle.deriveBits({{name: 'X25519', public: bob}}, alice, 256);
         const jwk = await subtle.exportKey('jwk', alice);
         return [hex(shared), jwk.x === b64u('{RFC_7748_ALICE_PUBLIC}'), hex(await subtle.exportKey('pkcs8', alice)) === hex(pkcs8),
                 hex(await subtle.exportKey('spki', bob)), JSON.stringify(alice.algorithm)].join(' ');"
    );
    assert_eq!(
        ok(&body),
        format!("{RFC_7748_SHARED} true true 302a300506032b656e032100{RFC_7748_BOB_PUBLIC} {{\"name\":\"X25519\"}}")
    );
    // An all-zero public key is of small order: the output would be zero (RFC 7748 section 6.1).
    let body = format!(
        "const alice = await subtle.importKey('pkcs8', unhex('302e020100300506032b656e04220420{RFC_7748_ALICE_PRIVATE}'), 'X25519', true, ['deriveBits']);
         const zero = await subtle.importKey('raw', new Uint8Array(32), 'X25519', true, []);
         await subtle.deriveBits({{name: 'X25519', public: zero}}, alice, 256);"
    );
    assert_eq!(
        run(&body).expect_err("a small-order key fails"),
        "OperationError: Failed to derive EDDH key: public key routines INVALID_PEER_KEY."
    );
}

#[test]
fn rsa_oaep_decrypts_another_implementations_ciphertext_and_round_trips() {
    // The ciphertext is OAEP (SHA-256, MGF1-SHA-256, label "L") of "secret message" under
    // the Wycheproof key, made by pyca/cryptography.
    let ciphertext = "4412179a5e5af94ca570f298b36242cbb00b3d36778ececa06edfead97820ce058e72d06799411a4fae6cedc9d7269b8b592530360b9230a37694009c7b81f4ed674eb3b2ed191fb915093dc53fff466c448f634b6afeb0ae4d2d6aece6e6c50932bc4c2455f7c8918a17ee3755b71f7d52583d7592579adac3b5357e614f74e50cb0255fcca0739d30b6f9522c7f198959516b92e273aaf2870e3f35014977924efbfa296df59abb981de82de2d3b0089410f88a976e062a46dd743ef0c3d75a838dbdf4e155e953f7c459f5c149f843e8d84d59ff8ac360421c05c7885695b72a3ee9cb31f219a08c19ff9e286c0784b2996ec4e8cf46a907b85a14f3d6419";
    let body = format!(
        "const jwk = JSON.parse('{jwk}');
         const alg = {{name: 'RSA-OAEP', hash: 'SHA-256'}};
         const priv = await subtle.importKey('jwk', jwk, alg, true, ['decrypt', 'unwrapKey']);
         const {{d, p, q, dp, dq, qi, ...pubJwk}} = jwk;
         const pub = await subtle.importKey('jwk', pubJwk, alg, true, ['encrypt', 'wrapKey']);
         const text = (b) => String.fromCharCode(...new Uint8Array(b));
         const theirs = text(await subtle.decrypt({{name: 'RSA-OAEP', label: ascii('L')}}, priv, unhex('{ciphertext}')));
         const sealed = await subtle.encrypt({{name: 'RSA-OAEP'}}, pub, ascii('hi'));
         const ours = text(await subtle.decrypt({{name: 'RSA-OAEP'}}, priv, sealed));
         let wrongLabel;
         try {{ await subtle.decrypt({{name: 'RSA-OAEP'}}, priv, unhex('{ciphertext}')); }} catch (e) {{ wrongLabel = e.name + ': ' + e.message; }}
         const exported = await subtle.exportKey('jwk', pub);
         return [theirs, ours, sealed.byteLength, wrongLabel, exported.alg, priv.usages.join(), pub.usages.join(), JSON.stringify(pub.algorithm)].join(' | ');",
        jwk = wp::RSA_SIGGEN_PRIVATE_JWK
    );
    assert_eq!(
        ok(&body),
        "secret message | hi | 256 | OperationError: RSA-OAEP failed encrypt/decrypt. | RSA-OAEP-256 | decrypt,unwrapKey | encrypt,wrapKey | \
         {\"name\":\"RSA-OAEP\",\"modulusLength\":2048,\"publicExponent\":{\"0\":1,\"1\":0,\"2\":1},\"hash\":{\"name\":\"SHA-256\"}}"
    );
}

#[test]
fn timing_safe_equal_compares_buffers_and_throws_like_workerd() {
    let body = "return [subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])),
                        subtle.timingSafeEqual(new Uint8Array([1, 2]).buffer, new Uint8Array([1, 3])),
                        subtle.timingSafeEqual(new Uint8Array(0), new Uint8Array(0))].join(' ');";
    assert_eq!(ok(body), "true false true");
    assert_eq!(
        run("subtle.timingSafeEqual(new Uint8Array(2), new Uint8Array(1));").expect_err("lengths differ"),
        "TypeError: Input buffers must have the same byte length."
    );
    assert_eq!(
        run("subtle.timingSafeEqual('ab', 'ab');").expect_err("not buffers"),
        "TypeError: Failed to execute 'timingSafeEqual' on 'SubtleCrypto': parameter 1 is not of type 'BufferSource'."
    );
}

#[test]
fn derivation_mistakes_fail_with_workerds_messages() {
    let setup = "const pw = await subtle.importKey('raw', ascii('password'), 'PBKDF2', false, ['deriveBits']);
         const ikm = await subtle.importKey('raw', ascii('x'), 'HKDF', false, ['deriveKey']);
         const p256 = await subtle.generateKey({name: 'ECDH', namedCurve: 'P-256'}, false, ['deriveBits']);
         const p384 = await subtle.generateKey({name: 'ECDH', namedCurve: 'P-384'}, false, ['deriveBits']);
         const x = await subtle.generateKey('X25519', false, ['deriveBits']);
         const pbkdf2 = (extra) => ({name: 'PBKDF2', salt: ascii('salt'), iterations: 1, hash: 'SHA-1', ...extra});
         const hkdf = {name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new Uint8Array(0)};";
    let cases = [
        (
            "subtle.deriveBits(pbkdf2({iterations: 0}), pw, 160)",
            "OperationError: PBKDF2 requires a positive iteration count (requested 0).",
        ),
        (
            "subtle.deriveBits(pbkdf2(), pw, 7)",
            "OperationError: PBKDF2 requires a derived key length that is a multiple of eight (requested 7).",
        ),
        ("subtle.deriveBits(pbkdf2(), pw, null)", "OperationError: PBKDF2 cannot derive a key with null length."),
        (
            "subtle.deriveBits({name: 'PBKDF2', salt: ascii('salt'), iterations: 1}, pw, 128)",
            "TypeError: Missing field \"hash\" in \"algorithm\".",
        ),
        (
            "subtle.importKey('raw', ascii('p'), 'PBKDF2', true, ['deriveBits'])",
            "SyntaxError: PBKDF2 key cannot be extractable.",
        ),
        (
            "subtle.importKey('jwk', {kty: 'oct', k: 'AAAA'}, 'PBKDF2', false, ['deriveBits'])",
            "NotSupportedError: PBKDF2 key must be imported in \"raw\" format (requested \"jwk\").",
        ),
        (
            "subtle.generateKey({name: 'PBKDF2'}, false, ['deriveBits'])",
            "NotSupportedError: Unrecognized key generation algorithm \"PBKDF2\" requested.",
        ),
        (
            "subtle.deriveKey(pbkdf2(), pw, {name: 'AES-GCM', length: 128}, true, ['encrypt'])",
            "InvalidAccessError: Requested key usage \"deriveKey\" does not match any usage listed in this CryptoKey.",
        ),
        (
            "subtle.deriveKey(hkdf, ikm, {name: 'AES-GCM'}, true, ['encrypt'])",
            "TypeError: Missing field \"length\" in \"derivedKeyParams\".",
        ),
        (
            "subtle.deriveKey(hkdf, ikm, {name: 'AES-GCM', length: 100}, true, ['encrypt'])",
            "OperationError: Derived AES key must be 128, 192, or 256 bits in length but provided 100.",
        ),
        (
            "subtle.deriveKey(hkdf, ikm, 'HKDF', false, ['deriveBits'])",
            "OperationError: HKDF cannot derive a key with null length.",
        ),
        (
            "subtle.deriveKey(hkdf, ikm, 'HMAC', true, ['sign'])",
            "TypeError: Missing field \"hash\" in \"derivedKeyParams\".",
        ),
        (
            "subtle.deriveBits({name: 'ECDH'}, p256.privateKey, 256)",
            "TypeError: Missing field \"public\" in \"derivedKeyParams\".",
        ),
        (
            "subtle.deriveBits({name: 'ECDH', public: {}}, p256.privateKey, 256)",
            "TypeError: Incorrect type for the 'public' field on 'DeriveKeyAlgorithm': the provided value is not of type 'CryptoKey'.",
        ),
        (
            "subtle.deriveBits({name: 'ECDH', public: p256.privateKey}, p256.privateKey, 256)",
            "InvalidAccessError: The provided key has type \"private\", not \"public\"",
        ),
        (
            "subtle.deriveBits({name: 'ECDH', public: p384.publicKey}, p256.privateKey, 128)",
            "InvalidAccessError: Private key for derivation is using curve \"P-256\" while public key is using \"P-384\".",
        ),
        (
            "subtle.deriveBits({name: 'ECDH', public: x.publicKey}, p256.privateKey, 128)",
            "InvalidAccessError: Base ECDH private key cannot be used to derive a key from a peer X25519 public key",
        ),
        (
            "subtle.deriveBits({name: 'ECDH', public: p256.publicKey}, p256.privateKey, 264)",
            "OperationError: Derived key length (264 bits) is too long (should be at most 256 bits).",
        ),
        (
            "subtle.generateKey({name: 'ECDH', namedCurve: 'P-256'}, true, ['deriveBits', 'sign'])",
            "SyntaxError: Attempt to generate ECDH key with invalid usage \"sign\".",
        ),
        (
            "subtle.generateKey({name: 'ECDH', namedCurve: 'P-256'}, true, [])",
            "SyntaxError: Attempt to generate asymmetric keys with no valid private key usages.",
        ),
        ("subtle.exportKey('raw', x.privateKey)", "InvalidAccessError: Attempt to export non-extractable X25519 key."),
        (
            "subtle.importKey('raw', new Uint8Array(31), 'X25519', true, [])",
            "DataError: X25519 raw keys must be exactly 32-bytes (provided 31).",
        ),
    ];
    assert_eq!(error_name("await subtle.deriveBits({name: 'HKDF'}, {}, 8)"), "TypeError");
    for (call, expected) in cases {
        let body = format!("{setup}\n await {call};");
        assert_eq!(run(&body).expect_err("the call should fail"), expected, "{call}");
    }
}
