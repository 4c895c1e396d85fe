//! AES-GCM, AES-CBC, AES-CTR and AES-KW against published known-answer vectors, plus the
//! error names and messages workerd 1.20261117 gives for the common mistakes (taken from
//! a run of the same calls in workerd).

mod common;
use common::{error_name, ok, run};

/// The GCM paper's test cases (McGrew and Viega, "The Galois/Counter Mode of Operation",
/// the vectors NIST SP 800-38D's validation uses): (key, iv, plaintext, aad, ciphertext || tag).
const GCM: [(&str, &str, &str, &str, &str); 3] = [
    // Test Case 2: one zero block under the zero key.
    (
        "00000000000000000000000000000000",
        "000000000000000000000000",
        "00000000000000000000000000000000",
        "",
        "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf",
    ),
    // Test Case 4: 60-byte plaintext, 20-byte additional data, 96-bit IV.
    (
        "feffe9928665731c6d6a8f9467308308",
        "cafebabefacedbaddecaf888",
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
        "feedfacedeadbeeffeedfacedeadbeefabaddad2",
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e0915bc94fbc3221a5db94fae95ae7121a47",
    ),
    // Test Case 5: the same with a 64-bit IV (J0 comes from GHASH of the IV).
    (
        "feffe9928665731c6d6a8f9467308308",
        "cafebabefacedbad",
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
        "feedfacedeadbeeffeedfacedeadbeefabaddad2",
        "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f45983612d2e79e3b0785561be14aaca2fccb",
    ),
];

#[test]
fn aes_gcm_matches_the_gcm_test_cases_and_round_trips() {
    for (key, iv, plain, aad, expected) in GCM {
        let aad = if aad.is_empty() { String::new() } else { format!(", additionalData: unhex('{aad}')") };
        let body = format!(
            "const key = await subtle.importKey('raw', unhex('{key}'), 'AES-GCM', false, ['encrypt', 'decrypt']);
             const alg = {{name: 'AES-GCM', iv: unhex('{iv}'){aad}}};
             const sealed = await subtle.encrypt(alg, key, unhex('{plain}'));
             const opened = await subtle.decrypt(alg, key, sealed);
             return hex(sealed) + ' ' + hex(opened);"
        );
        assert_eq!(ok(&body), format!("{expected} {plain}"), "key {key} iv {iv}");
    }
}

#[test]
fn aes_gcm_truncated_tags_are_the_prefix_of_the_full_tag() {
    // Test Case 4 with tagLength 96 and 32: the tag is MSB_t of the 128-bit tag (SP 800-38D 7.1).
    let (key, iv, plain, aad, expected) = GCM[1];
    let body = format!(
        "const key = await subtle.importKey('raw', unhex('{key}'), 'AES-GCM', false, ['encrypt', 'decrypt']);
         const out = [];
         for (const tagLength of [96, 32]) {{
           const alg = {{name: 'AES-GCM', iv: unhex('{iv}'), additionalData: unhex('{aad}'), tagLength}};
           const sealed = await subtle.encrypt(alg, key, unhex('{plain}'));
           out.push(hex(sealed), hex(await subtle.decrypt(alg, key, sealed)) === '{plain}');
         }}
         return out.join(' ');"
    );
    let full_tag_start = plain.len();
    let ct = &expected[..full_tag_start];
    let tag = &expected[full_tag_start..];
    assert_eq!(ok(&body), format!("{ct}{} true {ct}{} true", &tag[..24], &tag[..8]));
}

#[test]
fn aes_gcm_same_key_and_iv_as_workerd_gives_workerds_bytes() {
    // workerd 1.20261117: key 00..0f, iv 00..01, "hello world" (and with aad "aad", tag 96).
    let body = "const key = await subtle.importKey('raw', unhex('000102030405060708090a0b0c0d0e0f'), 'AES-GCM', true, ['encrypt', 'decrypt']);
         const iv = unhex('000000000000000000000001');
         const a = await subtle.encrypt({name: 'AES-GCM', iv}, key, ascii('hello world'));
         const b = await subtle.encrypt({name: 'AES-GCM', iv, additionalData: ascii('aad'), tagLength: 96}, key, ascii('hello world'));
         const c = await subtle.encrypt({name: 'AES-GCM', iv: new Uint8Array(1)}, key, ascii('x'));
         return [hex(a), hex(b), hex(c)].join(' ');";
    assert_eq!(
        ok(body),
        "d2b0c30fa2c9bd413c2820a204a5ea2c567c0635bfaedd4ea1a594 d2b0c30fa2c9bd413c2820bc56b6d9a189e0f945e17440 \
         4245b52722688027b5b2ec322ab0998f24"
    );
}

/// NIST SP 800-38A F.2.1 (CBC-AES128.Encrypt) and F.5.1 (CTR-AES128.Encrypt): key, the
/// four plaintext blocks, and the ciphertexts.
const SP800_38A_KEY: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const SP800_38A_PLAIN: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const SP800_38A_CBC: &str = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7";
const SP800_38A_CTR: &str = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";

#[test]
fn aes_cbc_matches_sp800_38a_and_adds_pkcs7_padding() {
    let body = format!(
        "const key = await subtle.importKey('raw', unhex('{SP800_38A_KEY}'), 'AES-CBC', false, ['encrypt', 'decrypt']);
         const alg = {{name: 'AES-CBC', iv: unhex('000102030405060708090a0b0c0d0e0f')}};
         const sealed = new Uint8Array(await subtle.encrypt(alg, key, unhex('{SP800_38A_PLAIN}')));
         const opened = await subtle.decrypt(alg, key, sealed);
         return [sealed.length, hex(sealed.subarray(0, 64)), hex(opened) === '{SP800_38A_PLAIN}'].join(' ');"
    );
    // Four full blocks get a fifth block of padding (PKCS #7, RFC 5652 section 6.3).
    assert_eq!(ok(&body), format!("80 {SP800_38A_CBC} true"));
    // workerd 1.20261117's bytes for key 00..0f, iv 0f..00, "hello world".
    let body = "const key = await subtle.importKey('raw', unhex('000102030405060708090a0b0c0d0e0f'), 'AES-CBC', false, ['encrypt']);
         return hex(await subtle.encrypt({name: 'AES-CBC', iv: unhex('0f0e0d0c0b0a09080706050403020100')}, key, ascii('hello world')));";
    assert_eq!(ok(body), "3fb51c0ccbcb533bb82a08e6817013ea");
}

#[test]
fn aes_ctr_matches_sp800_38a_and_rfc_3686() {
    let body = format!(
        "const key = await subtle.importKey('raw', unhex('{SP800_38A_KEY}'), 'AES-CTR', false, ['encrypt', 'decrypt']);
         const out = [];
         for (const length of [128, 64]) {{
           const alg = {{name: 'AES-CTR', counter: unhex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'), length}};
           const sealed = await subtle.encrypt(alg, key, unhex('{SP800_38A_PLAIN}'));
           out.push(hex(sealed), hex(await subtle.decrypt(alg, key, sealed)) === '{SP800_38A_PLAIN}');
         }}
         return out.join(' ');"
    );
    assert_eq!(ok(&body), format!("{SP800_38A_CTR} true {SP800_38A_CTR} true"));
    // RFC 3686 section 6, test vector #1: nonce 00000030, IV 0, block counter 1.
    let body = "const key = await subtle.importKey('raw', unhex('ae6852f8121067cc4bf7a5765577f39e'), 'AES-CTR', false, ['encrypt']);
         return hex(await subtle.encrypt({name: 'AES-CTR', counter: unhex('00000030000000000000000000000001'), length: 32}, key, ascii('Single block msg')));";
    assert_eq!(ok(body), "e4095d4fb7a7b3792d6175a3261311b8");
}

#[test]
fn aes_ctr_wraps_within_the_counter_length_as_workerd() {
    // workerd 1.20261117: key 00..0f, counter ff..ff, 48 zero bytes, length 8 and 128.
    let body = "const key = await subtle.importKey('raw', unhex('000102030405060708090a0b0c0d0e0f'), 'AES-CTR', false, ['encrypt']);
         const counter = unhex('ffffffffffffffffffffffffffffffff');
         const a = await subtle.encrypt({name: 'AES-CTR', counter, length: 8}, key, new Uint8Array(48));
         const b = await subtle.encrypt({name: 'AES-CTR', counter, length: 128}, key, new Uint8Array(48));
         return hex(a) + ' ' + hex(b);";
    assert_eq!(
        ok(body),
        "3c441f32ce07822364d7a2990e50bb1390dcf07a729615b8537aaafb90b8ec834be90bda27f92f1df1adadf588516235 \
         3c441f32ce07822364d7a2990e50bb13c6a13b37878f5b826f4f8162a1c8d8797346139595c0b41e497bbde365f42d0a"
    );
}

#[test]
fn aes_kw_matches_rfc_3394() {
    // RFC 3394 section 4.1 (128-bit KEK, 128-bit key) and 4.6 (256-bit KEK, 256-bit key).
    let cases = [
        (
            "000102030405060708090a0b0c0d0e0f",
            "00112233445566778899aabbccddeeff",
            "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5",
        ),
        (
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f",
            "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21",
        ),
    ];
    for (kek, data, wrapped) in cases {
        let body = format!(
            "const kek = await subtle.importKey('raw', unhex('{kek}'), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
             const key = await subtle.importKey('raw', unhex('{data}'), 'AES-CBC', true, ['encrypt']);
             const wrapped = await subtle.wrapKey('raw', key, kek, 'AES-KW');
             const back = await subtle.unwrapKey('raw', wrapped, kek, 'AES-KW', 'AES-CBC', true, ['decrypt']);
             return [hex(wrapped), hex(await subtle.exportKey('raw', back)), back.usages.join()].join(' ');"
        );
        assert_eq!(ok(&body), format!("{wrapped} {data} decrypt"));
    }
}

#[test]
fn wrapping_a_jwk_encrypts_its_json_text_in_workerds_member_order() {
    let body = "const wrapper = await subtle.importKey('raw', new Uint8Array(16), 'AES-CTR', false, ['wrapKey', 'decrypt']);
         const hmac = await subtle.importKey('raw', new Uint8Array(20), {name: 'HMAC', hash: 'SHA-256'}, true, ['sign']);
         const alg = {name: 'AES-CTR', counter: new Uint8Array(16), length: 64};
         const wrapped = await subtle.wrapKey('jwk', hmac, wrapper, alg);
         return String.fromCharCode(...new Uint8Array(await subtle.decrypt(alg, wrapper, wrapped)));";
    // workerd 1.20261117 gives this text for the same calls.
    assert_eq!(
        ok(body),
        r#"{"kty":"oct","key_ops":["sign"],"alg":"HS256","ext":true,"k":"AAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#
    );
    let body = "const gcm = await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['wrapKey', 'unwrapKey']);
         const hmac = await subtle.importKey('raw', new Uint8Array(20), {name: 'HMAC', hash: 'SHA-256'}, true, ['sign']);
         const alg = {name: 'AES-GCM', iv: new Uint8Array(12)};
         const wrapped = await subtle.wrapKey('jwk', hmac, gcm, alg);
         const back = await subtle.unwrapKey('jwk', wrapped, gcm, alg, {name: 'HMAC', hash: 'SHA-256'}, true, ['sign']);
         return [wrapped.byteLength, JSON.stringify(back.algorithm), back.usages.join()].join(' ');";
    assert_eq!(ok(body), r#"107 {"name":"HMAC","hash":{"name":"SHA-256"},"length":160} sign"#);
}

#[test]
fn aes_keys_import_export_and_generate_as_workerd() {
    let body = "const key = await subtle.importKey('raw', unhex('000102030405060708090a0b0c0d0e0f'), 'AES-GCM', true, ['decrypt', 'encrypt']);
         const jwk = await subtle.exportKey('jwk', key);
         const made = await subtle.generateKey({name: 'AES-CBC', length: 256}, true, ['encrypt', 'decrypt']);
         const kw = await subtle.importKey('jwk', {kty: 'oct', k: 'AAECAwQFBgcICQoLDA0ODw', alg: 'A128KW'}, 'AES-KW', true, ['unwrapKey', 'wrapKey']);
         return [JSON.stringify(key.algorithm), key.usages.join(), JSON.stringify(jwk), JSON.stringify(made.algorithm),
                 (await subtle.exportKey('raw', made)).byteLength, JSON.stringify(await subtle.exportKey('jwk', kw))].join(' ');";
    assert_eq!(
        ok(body),
        r#"{"name":"AES-GCM","length":128} encrypt,decrypt {"kty":"oct","key_ops":["encrypt","decrypt"],"alg":"A128GCM","ext":true,"k":"AAECAwQFBgcICQoLDA0ODw"} {"name":"AES-CBC","length":256} 32 {"kty":"oct","key_ops":["wrapKey","unwrapKey"],"alg":"A128KW","ext":true,"k":"AAECAwQFBgcICQoLDA0ODw"}"#
    );
}

/// Runs `call` after importing `key` (an AES-GCM key for encrypt only unless the call
/// imports its own) and returns "Name: message".
fn failure(call: &str) -> String {
    let body = format!(
        "const gcm = await subtle.importKey('raw', unhex('000102030405060708090a0b0c0d0e0f'), 'AES-GCM', false, ['encrypt']);
         const cbc = await subtle.importKey('raw', new Uint8Array(16), 'AES-CBC', false, ['encrypt', 'decrypt']);
         const ctr = await subtle.importKey('raw', new Uint8Array(16), 'AES-CTR', false, ['encrypt']);
         const kw = await subtle.importKey('raw', new Uint8Array(16), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
         const iv = new Uint8Array(12);
         await {call};"
    );
    run(&body).expect_err("the call should fail")
}

#[test]
fn mistakes_fail_with_workerds_error_names_and_messages() {
    let cases = [
        (
            "subtle.decrypt({name: 'AES-GCM', iv}, gcm, new Uint8Array(32))",
            "InvalidAccessError: Requested key usage \"decrypt\" does not match any usage listed in this CryptoKey.",
        ),
        (
            "subtle.encrypt({name: 'AES-CBC', iv: new Uint8Array(16)}, gcm, ascii('x'))",
            "InvalidAccessError: Requested algorithm \"AES-CBC\" does not match this CryptoKey's algorithm \"AES-GCM\".",
        ),
        (
            "subtle.encrypt({name: 'AES-XYZ'}, gcm, ascii('x'))",
            "InvalidAccessError: Requested algorithm \"AES-XYZ\" does not match this CryptoKey's algorithm \"AES-GCM\".",
        ),
        ("subtle.encrypt({name: 'AES-GCM'}, gcm, ascii('x'))", "TypeError: Missing field \"iv\" in \"algorithm\"."),
        (
            "subtle.encrypt({name: 'AES-GCM', iv: new Uint8Array(0)}, gcm, ascii('x'))",
            "OperationError: AES-GCM IV must not be empty.",
        ),
        (
            "subtle.encrypt({name: 'AES-GCM', iv, tagLength: 33}, gcm, ascii('x'))",
            "OperationError: Invalid AES-GCM tag length 33.",
        ),
        (
            "subtle.encrypt({name: 'AES-CBC', iv: new Uint8Array(12)}, cbc, ascii('x'))",
            "OperationError: AES-CBC IV must be 16 bytes long (provided 12 bytes).",
        ),
        (
            "subtle.decrypt({name: 'AES-CBC', iv: new Uint8Array(16)}, cbc, new Uint8Array(15))",
            "OperationError: Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was 15, output length expected to be 0 for AES-CBC",
        ),
        (
            "subtle.encrypt({name: 'AES-CTR', counter: new Uint8Array(16), length: 0}, ctr, ascii('x'))",
            "OperationError: Invalid counter of 0 bits length provided.",
        ),
        (
            "subtle.encrypt({name: 'AES-CTR', counter: new Uint8Array(8), length: 64}, ctr, ascii('x'))",
            "OperationError: Counter must have length of 16 bytes (provided 8).",
        ),
        (
            "subtle.encrypt({name: 'AES-CTR', counter: new Uint8Array(16), length: 1}, ctr, new Uint8Array(48))",
            "OperationError: Counter block values will repeat.",
        ),
        (
            "subtle.encrypt({name: 'AES-GCM', iv}, {}, ascii('x'))",
            "TypeError: Failed to execute 'encrypt' on 'SubtleCrypto': parameter 2 is not of type 'CryptoKey'.",
        ),
        (
            "subtle.importKey('raw', new Uint8Array(15), 'AES-GCM', true, ['encrypt'])",
            "DataError: Imported AES key length must be 128, 192, or 256 bits but provided 120.",
        ),
        (
            "subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, ['sign'])",
            "SyntaxError: Attempt to import secret AES-GCM key with invalid usage \"sign\".",
        ),
        (
            "subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, [])",
            "SyntaxError: Secret/private CryptoKeys must have at least one usage.",
        ),
        (
            "subtle.importKey('jwk', {kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', alg: 'A256GCM'}, 'AES-GCM', true, ['encrypt'])",
            "DataError: Symmetric \"jwk\" key contains invalid \"alg\" value \"A256GCM\", expected \"A128GCM\".",
        ),
        (
            "subtle.importKey('raw', new Uint8Array(16), 'AES-XYZ', true, ['encrypt'])",
            "NotSupportedError: Unrecognized key import algorithm \"AES-XYZ\" requested.",
        ),
        (
            "subtle.generateKey({name: 'AES-GCM', length: 100}, true, ['encrypt'])",
            "OperationError: Generated AES key length must be 128, 192, or 256 bits but requested 100.",
        ),
        ("subtle.exportKey('raw', gcm)", "InvalidAccessError: Attempt to export non-extractable AES-GCM key."),
        (
            "subtle.unwrapKey('raw', new Uint8Array(24), kw, 'AES-KW', 'AES-GCM', true, ['encrypt'])",
            "OperationError: AES-KW key unwrapping failed.",
        ),
        (
            "subtle.unwrapKey('raw', new Uint8Array(16), kw, 'AES-KW', 'AES-GCM', true, ['encrypt'])",
            "OperationError: Provided a wrapped key to unwrap this is 128 bits that is less than the minimal length of 192 bits.",
        ),
    ];
    for (call, expected) in cases {
        assert_eq!(failure(call), expected, "{call}");
    }
    assert_eq!(
        error_name("await subtle.importKey('spki', new Uint8Array(16), 'AES-GCM', true, ['encrypt'])"),
        "NotSupportedError"
    );
    let tampered =
        "const key = await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt', 'decrypt']);
         const alg = {name: 'AES-GCM', iv: new Uint8Array(12)};
         const sealed = new Uint8Array(await subtle.encrypt(alg, key, ascii('hello')));
         sealed[sealed.length - 1] ^= 1;
         await subtle.decrypt(alg, key, sealed);";
    assert_eq!(
        run(tampered).expect_err("a bad tag fails"),
        "OperationError: Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was 5, output length expected to be 5 for AES-GCM"
    );
}
