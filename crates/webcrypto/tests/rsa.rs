//! RSASSA-PKCS1-v1_5 and RSA-PSS against Wycheproof (`rsa_signature_2048_sha256_test.json`,
//! `rsa_pkcs1_2048_sig_gen_test.json`, `rsa_pss_2048_sha256_mgf1_32_test.json`).

mod common;
use common::{error_name, ok, wycheproof as wp};

#[test]
fn pkcs1_v15_wycheproof_verify_via_spki_and_jwk() {
    let body = format!(
        "const alg = {{name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}};
         const keys = [
           await subtle.importKey('spki', unhex('{spki}'), alg, true, ['verify']),
           await subtle.importKey('jwk', JSON.parse('{jwk}'), alg, true, ['verify']),
         ];
         const out = [];
         for (const key of keys) {{
           out.push(await subtle.verify('RSASSA-PKCS1-v1_5', key, unhex('{sig1}'), unhex('{msg1}')));
           out.push(await subtle.verify('RSASSA-PKCS1-v1_5', key, unhex('{sig3}'), unhex('{msg3}')));
           out.push(await subtle.verify('RSASSA-PKCS1-v1_5', key, unhex('{sig5}'), unhex('{msg5}')));
           out.push(await subtle.verify('RSASSA-PKCS1-v1_5', key, unhex('{sig9}'), unhex('{msg9}')));
           out.push(await subtle.verify('RSASSA-PKCS1-v1_5', key, unhex('{sig3}'), ascii('Tesu')));
         }}
         const a = keys[0].algorithm;
         out.push(a.name, a.hash.name, a.modulusLength, hex(a.publicExponent), a.publicExponent instanceof Uint8Array);
         return out.join(' ');",
        spki = wp::RSA_PKCS1_SPKI,
        jwk = wp::RSA_PKCS1_JWK,
        sig1 = wp::RSA_PKCS1_TC1_SIG,
        msg1 = wp::RSA_PKCS1_TC1_MSG,
        sig3 = wp::RSA_PKCS1_TC3_SIG,
        msg3 = wp::RSA_PKCS1_TC3_MSG,
        sig5 = wp::RSA_PKCS1_TC5_SIG,
        msg5 = wp::RSA_PKCS1_TC5_MSG,
        sig9 = wp::RSA_PKCS1_TC9_SIG,
        msg9 = wp::RSA_PKCS1_TC9_MSG,
    );
    let per_key = "true true true false false";
    assert_eq!(ok(&body), format!("{per_key} {per_key} RSASSA-PKCS1-v1_5 SHA-256 2048 010001 true"));
}

#[test]
fn pkcs1_v15_signing_is_deterministic_and_reproduces_wycheproof() {
    for (format, key) in [
        ("pkcs8", format!("unhex('{}')", wp::RSA_SIGGEN_PKCS8)),
        ("jwk", format!("JSON.parse('{}')", wp::RSA_SIGGEN_PRIVATE_JWK)),
    ] {
        let body = format!(
            "const alg = {{name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}};
             const key = await subtle.importKey('{format}', {key}, alg, true, ['sign']);
             const pub = await subtle.importKey('spki', unhex('{spki}'), alg, true, ['verify']);
             const a = hex(await subtle.sign(alg, key, unhex('{msg81}')));
             const b = hex(await subtle.sign(alg, key, unhex('{msg83}')));
             return [a, b, key.type, await subtle.verify(alg, pub, unhex(a), unhex('{msg81}'))].join(' ');",
            spki = wp::RSA_SIGGEN_SPKI,
            msg81 = wp::RSA_SIGGEN_TC81_MSG,
            msg83 = wp::RSA_SIGGEN_TC83_MSG,
        );
        assert_eq!(
            ok(&body),
            format!("{} {} private true", wp::RSA_SIGGEN_TC81_SIG, wp::RSA_SIGGEN_TC83_SIG),
            "{format}"
        );
    }
}

#[test]
fn rsa_pss_wycheproof_verify() {
    let body = format!(
        "const alg = {{name: 'RSA-PSS', hash: 'SHA-256'}};
         const keys = [
           await subtle.importKey('spki', unhex('{spki}'), alg, true, ['verify']),
           await subtle.importKey('jwk', JSON.parse('{jwk}'), alg, true, ['verify']),
         ];
         const pss = {{name: 'RSA-PSS', saltLength: 32}};
         const out = [];
         for (const key of keys) {{
           out.push(await subtle.verify(pss, key, unhex('{sig1}'), unhex('{msg1}')));
           out.push(await subtle.verify(pss, key, unhex('{sig3}'), unhex('{msg3}')));
           out.push(await subtle.verify(pss, key, unhex('{sig3}'), unhex('{msg1}')));
           out.push(await subtle.verify({{name: 'RSA-PSS', saltLength: 20}}, key, unhex('{sig3}'), unhex('{msg3}')));
         }}
         return out.join(' ');",
        spki = wp::RSA_PSS_SPKI,
        jwk = wp::RSA_PSS_JWK,
        sig1 = wp::RSA_PSS_TC1_SIG,
        msg1 = wp::RSA_PSS_TC1_MSG,
        sig3 = wp::RSA_PSS_TC3_SIG,
        msg3 = wp::RSA_PSS_TC3_MSG,
    );
    assert_eq!(ok(&body), "true true false false true true false false");
}

#[test]
fn rsa_pss_sign_round_trips_with_schedule_salt() {
    let body = format!(
        "const alg = {{name: 'RSA-PSS', hash: 'SHA-256'}};
         const key = await subtle.importKey('pkcs8', unhex('{pkcs8}'), alg, false, ['sign']);
         const pub = await subtle.importKey('spki', unhex('{spki}'), alg, false, ['verify']);
         const pss = {{name: 'RSA-PSS', saltLength: 32}};
         const sig = await subtle.sign(pss, key, ascii('hello'));
         return [new Uint8Array(sig).length, await subtle.verify(pss, pub, sig, ascii('hello')),
                 await subtle.verify(pss, pub, sig, ascii('hellp'))].join(' ');",
        pkcs8 = wp::RSA_SIGGEN_PKCS8,
        spki = wp::RSA_SIGGEN_SPKI,
    );
    assert_eq!(ok(&body), "256 true false");
}

#[test]
fn rsa_export_round_trips_to_the_imported_bytes() {
    let body = format!(
        "const alg = {{name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}};
         const pub = await subtle.importKey('jwk', JSON.parse('{jwk}'), alg, true, ['verify']);
         const priv = await subtle.importKey('pkcs8', unhex('{pkcs8}'), alg, true, ['sign']);
         const privJwk = await subtle.exportKey('jwk', priv);
         const expected = JSON.parse('{private_jwk}');
         const same = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].every((k) => privJwk[k] === expected[k]);
         const pubJwk = await subtle.exportKey('jwk', pub);
         return [hex(await subtle.exportKey('spki', pub)) === '{spki}',
                 hex(await subtle.exportKey('pkcs8', priv)) === '{pkcs8}',
                 same, pubJwk.alg, pubJwk.kty, pubJwk.n === JSON.parse('{jwk}').n].join(' ');",
        jwk = wp::RSA_PKCS1_JWK,
        spki = wp::RSA_PKCS1_SPKI,
        pkcs8 = wp::RSA_SIGGEN_PKCS8,
        private_jwk = wp::RSA_SIGGEN_PRIVATE_JWK,
    );
    assert_eq!(ok(&body), "true true true RS256 RSA true");
}

#[test]
fn rsa_errors() {
    let alg = "{name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}";
    assert_eq!(
        error_name(&format!("await subtle.importKey('spki', unhex('3000'), {alg}, true, ['verify'])")),
        "DataError"
    );
    assert_eq!(
        error_name(&format!("await subtle.importKey('raw', unhex('{}'), {alg}, true, ['verify'])", wp::RSA_PKCS1_SPKI)),
        "NotSupportedError"
    );
    assert_eq!(
        error_name(&format!(
            "await subtle.importKey('jwk', JSON.parse('{}'), {{name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384'}}, true, ['verify'])",
            wp::RSA_PKCS1_JWK
        )),
        "DataError"
    );
    assert_eq!(
        error_name(&format!(
            "const key = await subtle.importKey('spki', unhex('{}'), {{name: 'RSA-PSS', hash: 'SHA-256'}}, true, ['verify']);
             await subtle.verify({{name: 'RSA-PSS'}}, key, new Uint8Array(256), ascii('x'))",
            wp::RSA_PSS_SPKI
        )),
        "TypeError"
    );
    assert_eq!(
        error_name(
            "await subtle.generateKey({name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256'}, true, ['sign', 'verify'])"
        ),
        "NotSupportedError"
    );
}
