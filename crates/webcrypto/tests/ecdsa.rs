//! ECDSA P-256 / P-384 against RFC 6979 appendix A.2.5 / A.2.6 (deterministic signatures
//! reproduce exactly) and Wycheproof `ecdsa_secp256r1_sha256_p1363_test.json`.

mod common;
use common::{error_name, ok, wycheproof as wp};

/// RFC 6979 A.2.5: P-256 key pair (x, Ux, Uy).
const P256_D: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const P256_UX: &str = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
const P256_UY: &str = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
/// RFC 6979 A.2.5, SHA-256, "sample" and "test": r || s.
const P256_SHA256_SAMPLE: &str = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
const P256_SHA256_TEST: &str = "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083";

/// RFC 6979 A.2.6: P-384 key pair (x, Ux, Uy).
const P384_D: &str = "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5";
const P384_UX: &str =
    "ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc13";
const P384_UY: &str =
    "8015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720";
/// RFC 6979 A.2.6, SHA-384, "sample" and "test": r || s.
const P384_SHA384_SAMPLE: &str = "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe4699ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8";
const P384_SHA384_TEST: &str = "8203b63d3c853e8d77227fb377bcf7b7b772e97892a80f36ab775d509d7a5feb0542a7f0812998da8f1dd3ca3cf023dbddd0760448d42d8a43af45af836fce4de8be06b485e9b61b827c2f13173923e06a739f040649a667bf3b828246baa5a5";

/// JS that imports the RFC key pair as `priv` (jwk) and `pub` (jwk).
fn import_pair(curve: &str, d: &str, x: &str, y: &str) -> String {
    format!(
        "const alg = {{name: 'ECDSA', namedCurve: '{curve}'}};
         const jwk = {{kty: 'EC', crv: '{curve}', x: b64u('{x}'), y: b64u('{y}')}};
         const priv = await subtle.importKey('jwk', {{...jwk, d: b64u('{d}')}}, alg, true, ['sign']);
         const pub = await subtle.importKey('jwk', jwk, alg, true, ['verify']);"
    )
}

fn rfc_6979(curve: &str, hash: &str, d: &str, x: &str, y: &str, sample: &str, test: &str) {
    let body = format!(
        "{}
         const sig = {{name: 'ECDSA', hash: '{hash}'}};
         const sample = hex(await subtle.sign(sig, priv, ascii('sample')));
         const test = hex(await subtle.sign(sig, priv, ascii('test')));
         const verified = await subtle.verify(sig, pub, unhex('{sample}'), ascii('sample'));
         const tampered = await subtle.verify(sig, pub, unhex('{sample}'), ascii('samplf'));
         return [sample, test, verified, tampered, pub.type, priv.type, pub.algorithm.namedCurve].join(' ');",
        import_pair(curve, d, x, y)
    );
    assert_eq!(ok(&body), format!("{sample} {test} true false public private {curve}"));
}

#[test]
fn p256_rfc_6979_a25_signatures_reproduce_and_verify() {
    rfc_6979("P-256", "SHA-256", P256_D, P256_UX, P256_UY, P256_SHA256_SAMPLE, P256_SHA256_TEST);
}

#[test]
fn p384_rfc_6979_a26_signatures_reproduce_and_verify() {
    rfc_6979("P-384", "SHA-384", P384_D, P384_UX, P384_UY, P384_SHA384_SAMPLE, P384_SHA384_TEST);
}

#[test]
fn p256_wycheproof_p1363_verify_via_spki_raw_and_jwk() {
    let body = format!(
        "const alg = {{name: 'ECDSA', namedCurve: 'P-256'}};
         const sig = {{name: 'ECDSA', hash: 'SHA-256'}};
         const keys = [
           await subtle.importKey('spki', unhex('{spki}'), alg, true, ['verify']),
           await subtle.importKey('raw', unhex('{raw}'), alg, true, ['verify']),
           await subtle.importKey('jwk', JSON.parse('{jwk}'), alg, true, ['verify']),
         ];
         const out = [];
         for (const key of keys) {{
           out.push(await subtle.verify(sig, key, unhex('{sig1}'), unhex('{msg1}')));
           out.push(await subtle.verify(sig, key, unhex('{sig4}'), unhex('{msg4}')));
           out.push(await subtle.verify(sig, key, unhex('{sig20}'), unhex('{msg20}')));
           out.push(await subtle.verify(sig, key, unhex('{sig1}'), unhex('{msg1}').subarray(1)));
         }}
         return out.join(' ');",
        spki = wp::P256_SPKI,
        raw = wp::P256_RAW,
        jwk = wp::P256_JWK,
        sig1 = wp::P256_TC1_SIG,
        msg1 = wp::P256_TC1_MSG,
        sig4 = wp::P256_TC4_SIG,
        msg4 = wp::P256_TC4_MSG,
        sig20 = wp::P256_TC20_SIG,
        msg20 = wp::P256_TC20_MSG,
    );
    assert_eq!(ok(&body), ["true false false false"; 3].join(" "));
}

#[test]
fn p256_export_round_trips_to_the_imported_bytes() {
    let body = format!(
        "const alg = {{name: 'ECDSA', namedCurve: 'P-256'}};
         const key = await subtle.importKey('spki', unhex('{spki}'), alg, true, ['verify']);
         const raw = hex(await subtle.exportKey('raw', key));
         const spki = hex(await subtle.exportKey('spki', key));
         const jwk = await subtle.exportKey('jwk', key);
         const expected = JSON.parse('{jwk}');
         return [raw === '{raw}', spki === '{spki}', jwk.x === expected.x, jwk.y === expected.y, jwk.kty, jwk.crv,
                 jwk.ext, jwk.key_ops.join(',')].join(' ');",
        spki = wp::P256_SPKI,
        raw = wp::P256_RAW,
        jwk = wp::P256_JWK,
    );
    assert_eq!(ok(&body), "true true true true EC P-256 true verify");
}

#[test]
fn p256_private_key_pkcs8_round_trip_still_signs_the_rfc_vector() {
    let body = format!(
        "{}
         const pkcs8 = await subtle.exportKey('pkcs8', priv);
         const again = await subtle.importKey('pkcs8', pkcs8, alg, false, ['sign']);
         const jwk = await subtle.exportKey('jwk', priv);
         return [hex(await subtle.sign({{name: 'ECDSA', hash: 'SHA-256'}}, again, ascii('sample'))),
                 jwk.d === b64u('{P256_D}')].join(' ');",
        import_pair("P-256", P256_D, P256_UX, P256_UY)
    );
    assert_eq!(ok(&body), format!("{P256_SHA256_SAMPLE} true"));
}

#[test]
fn ecdsa_errors() {
    let spki = wp::P256_SPKI;
    assert_eq!(
        error_name(&format!(
            "await subtle.importKey('spki', unhex('{spki}'), {{name: 'ECDSA', namedCurve: 'P-521'}}, true, ['verify'])"
        )),
        "NotSupportedError"
    );
    assert_eq!(
        error_name(&format!(
            "await subtle.importKey('spki', unhex('{spki}'), {{name: 'ECDSA', namedCurve: 'P-384'}}, true, ['verify'])"
        )),
        "DataError"
    );
    assert_eq!(
        error_name(
            "await subtle.importKey('raw', unhex('0400'), {name: 'ECDSA', namedCurve: 'P-256'}, true, ['verify'])"
        ),
        "DataError"
    );
    assert_eq!(
        error_name(&format!(
            "await subtle.importKey('spki', unhex('{spki}'), {{name: 'ECDSA', namedCurve: 'P-256'}}, true, ['sign'])"
        )),
        "SyntaxError"
    );
    assert_eq!(
        error_name(&format!(
            "const key = await subtle.importKey('spki', unhex('{spki}'), {{name: 'ECDSA', namedCurve: 'P-256'}}, true, ['verify']);
             await subtle.verify({{name: 'Ed25519'}}, key, new Uint8Array(64), ascii('x'))"
        )),
        "InvalidAccessError"
    );
}

#[test]
fn ecdsa_generate_key_pair_signs_and_verifies() {
    let body = "const pair = await subtle.generateKey({name: 'ECDSA', namedCurve: 'P-384'}, false, ['sign', 'verify']);
         const sig = {name: 'ECDSA', hash: 'SHA-384'};
         const signature = await subtle.sign(sig, pair.privateKey, ascii('hello'));
         return [new Uint8Array(signature).length, await subtle.verify(sig, pair.publicKey, signature, ascii('hello')),
                 pair.publicKey.usages.join(','), pair.privateKey.usages.join(','), pair.publicKey.extractable,
                 pair.privateKey.extractable].join(' ');";
    assert_eq!(ok(body), "96 true verify sign true false");
}
