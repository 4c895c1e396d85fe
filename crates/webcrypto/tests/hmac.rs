//! HMAC against RFC 4231 section 4 (test cases 1-4 and 6). Test case 5 checks output
//! truncation, which WebCrypto's HMAC does not offer (its `length` is the key length).

mod common;
use common::{error_name, ok};

/// (key hex, data hex, SHA-256, SHA-384, SHA-512) from RFC 4231 section 4.2-4.5.
const RFC_4231: [(&str, &str, &str, &str, &str); 4] = [
    (
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "4869205468657265",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
    ),
    (
        "4a656665",
        "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    ),
    (
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
        "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
    ),
    (
        "0102030405060708090a0b0c0d0e0f10111213141516171819",
        "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
        "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
    ),
];

fn sign_and_verify(key: &str, data: &str, hash: &str, expected: &str) {
    let body = format!(
        "const key = await subtle.importKey('raw', unhex('{key}'), {{name: 'HMAC', hash: '{hash}'}}, false, ['sign', 'verify']);
         const mac = hex(await subtle.sign('HMAC', key, unhex('{data}')));
         const good = await subtle.verify('HMAC', key, unhex('{expected}'), unhex('{data}'));
         const flipped = unhex('{expected}'); flipped[0] ^= 1;
         const bad = await subtle.verify('HMAC', key, flipped, unhex('{data}'));
         const short = await subtle.verify('HMAC', key, unhex('{expected}').subarray(1), unhex('{data}'));
         return [mac, good, bad, short].join(' ');"
    );
    assert_eq!(ok(&body), format!("{expected} true false false"), "{hash} key {key}");
}

#[test]
fn rfc_4231_cases_1_to_4_sign_and_verify() {
    for (key, data, sha256, sha384, sha512) in RFC_4231 {
        sign_and_verify(key, data, "SHA-256", sha256);
        sign_and_verify(key, data, "SHA-384", sha384);
        sign_and_verify(key, data, "SHA-512", sha512);
    }
}

#[test]
fn rfc_4231_case_6_key_longer_than_block() {
    // RFC 4231 section 4.7: 131 bytes of 0xaa, "Test Using Larger Than Block-Size Key - Hash Key First".
    let key = "aa".repeat(131);
    let data =
        "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374";
    sign_and_verify(&key, data, "SHA-256", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

#[test]
fn hmac_jwk_import_and_key_attributes() {
    // RFC 4231 test case 2 key "Jefe" as a JWK (base64url "SmVmZQ").
    let body = "const key = await subtle.importKey('jwk', {kty: 'oct', k: 'SmVmZQ', alg: 'HS256'},
                   {name: 'hmac', hash: {name: 'sha-256'}}, true, ['verify', 'sign']);
         const mac = hex(await subtle.sign({name: 'HMAC'}, key, ascii('what do ya want for nothing?')));
         const a = key.algorithm;
         return [key instanceof CryptoKey, key.type, key.extractable, key.usages.join(','), a.name, a.hash.name,
                 a.length, key.algorithm === a, mac].join(' ');";
    assert_eq!(
        ok(body),
        "true secret true sign,verify HMAC SHA-256 32 true 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[test]
fn hmac_errors() {
    let import =
        |alg: &str, usages: &str| format!("await subtle.importKey('raw', unhex('4a656665'), {alg}, false, {usages})");
    assert_eq!(error_name(&import("{name: 'HMAC'}", "['sign']")), "TypeError");
    assert_eq!(error_name(&import("{name: 'HMAC', hash: 'SHA-3'}", "['sign']")), "NotSupportedError");
    assert_eq!(error_name(&import("{name: 'HMAC', hash: 'SHA-256'}", "['encrypt']")), "SyntaxError");
    assert_eq!(error_name(&import("{name: 'HMAC', hash: 'SHA-256'}", "[]")), "SyntaxError");
    assert_eq!(error_name(&import("{name: 'HMAC', hash: 'SHA-256', length: 8}", "['sign']")), "DataError");
    assert_eq!(
        error_name(
            "await subtle.importKey('raw', new Uint8Array(0), {name: 'HMAC', hash: 'SHA-256'}, false, ['sign'])"
        ),
        "DataError"
    );
    assert_eq!(
        error_name(
            "await subtle.importKey('jwk', {kty: 'oct', k: 'SmVmZQ', alg: 'HS512'}, {name: 'HMAC', hash: 'SHA-256'}, false, ['sign'])"
        ),
        "DataError"
    );
    assert_eq!(
        error_name(
            "const key = await subtle.importKey('raw', unhex('4a656665'), {name: 'HMAC', hash: 'SHA-256'}, false, ['verify']);
             await subtle.sign('HMAC', key, ascii('x'));"
        ),
        "InvalidAccessError"
    );
    assert_eq!(
        error_name(
            "const key = await subtle.importKey('raw', unhex('4a656665'), {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);
             await subtle.exportKey('raw', key);"
        ),
        "InvalidAccessError"
    );
}

#[test]
fn hmac_generate_key_draws_from_the_schedule() {
    let body = "const key = await subtle.generateKey({name: 'HMAC', hash: 'SHA-256'}, true, ['sign']);
         const raw = new Uint8Array(await subtle.exportKey('raw', key));
         return [raw.length, key.algorithm.length, key.type].join(' ');";
    assert_eq!(ok(body), "64 512 secret");
    // The same schedule bytes give the same key (R3).
    let export = "const key = await subtle.generateKey({name: 'HMAC', hash: 'SHA-384', length: 256}, true, ['sign']);
         return hex(await subtle.exportKey('raw', key));";
    assert_eq!(ok(export), ok(export));
}
