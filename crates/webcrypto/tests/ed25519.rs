//! Ed25519 against RFC 8032 section 7.1, TEST 1-3: raw public key import + verify, and
//! PKCS #8 private key import + sign reproducing the published signatures.

mod common;
use common::{error_name, ok};

/// (SECRET KEY, PUBLIC KEY, MESSAGE, SIGNATURE) from RFC 8032 section 7.1.
const RFC_8032: [(&str, &str, &str, &str); 3] = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
];

/// RFC 8410 section 7 OneAsymmetricKey prefix for an Ed25519 private key (version 0,
/// id-Ed25519, OCTET STRING wrapping the 32-byte seed); the seed follows.
const PKCS8_PREFIX: &str = "302e020100300506032b657004220420";

#[test]
fn rfc_8032_tests_1_to_3_verify_and_sign() {
    for (secret, public, message, signature) in RFC_8032 {
        let body = format!(
            "const pub = await subtle.importKey('raw', unhex('{public}'), 'Ed25519', true, ['verify']);
             const priv = await subtle.importKey('pkcs8', unhex('{PKCS8_PREFIX}{secret}'), {{name: 'ed25519'}}, true, ['sign']);
             const sig = hex(await subtle.sign('Ed25519', priv, unhex('{message}')));
             const good = await subtle.verify('Ed25519', pub, unhex('{signature}'), unhex('{message}'));
             const bad = await subtle.verify('Ed25519', pub, unhex('{signature}'), ascii('tampered'));
             const jwk = await subtle.exportKey('jwk', priv);
             return [sig, good, bad, pub.algorithm.name, jwk.kty, jwk.crv, jwk.x === b64u('{public}'),
                     jwk.d === b64u('{secret}'), hex(await subtle.exportKey('pkcs8', priv)) === '{PKCS8_PREFIX}{secret}',
                     hex(await subtle.exportKey('raw', pub))].join(' ');"
        );
        assert_eq!(ok(&body), format!("{signature} true false Ed25519 OKP Ed25519 true true true {public}"));
    }
}

#[test]
fn ed25519_jwk_and_spki_import() {
    let (secret, public, message, signature) = RFC_8032[1];
    let body = format!(
        "const pub = await subtle.importKey('jwk', {{kty: 'OKP', crv: 'Ed25519', x: b64u('{public}')}}, 'Ed25519', true, ['verify']);
         const spki = await subtle.exportKey('spki', pub);
         const again = await subtle.importKey('spki', spki, 'Ed25519', true, ['verify']);
         const priv = await subtle.importKey('jwk', {{kty: 'OKP', crv: 'Ed25519', x: b64u('{public}'), d: b64u('{secret}')}},
                                             'Ed25519', false, ['sign']);
         return [hex(spki), await subtle.verify('Ed25519', again, unhex('{signature}'), unhex('{message}')),
                 hex(await subtle.sign('Ed25519', priv, unhex('{message}')))].join(' ');"
    );
    // RFC 8410 section 4 SubjectPublicKeyInfo: SEQUENCE { id-Ed25519 } BIT STRING key.
    assert_eq!(ok(&body), format!("302a300506032b6570032100{public} true {signature}"));
}

#[test]
fn ed25519_errors_and_generate() {
    assert_eq!(
        error_name("await subtle.importKey('raw', new Uint8Array(31), 'Ed25519', true, ['verify'])"),
        "DataError"
    );
    assert_eq!(
        error_name(&format!(
            "await subtle.importKey('jwk', {{kty: 'OKP', crv: 'X25519', x: b64u('{}')}}, 'Ed25519', true, ['verify'])",
            RFC_8032[0].1
        )),
        "DataError"
    );
    assert_eq!(
        error_name("await subtle.importKey('raw', new Uint8Array(32), 'X448', true, ['verify'])"),
        "NotSupportedError"
    );
    let body = "const pair = await subtle.generateKey('Ed25519', true, ['sign', 'verify']);
         const sig = await subtle.sign('Ed25519', pair.privateKey, ascii('m'));
         return [await subtle.verify('Ed25519', pair.publicKey, sig, ascii('m')), pair.privateKey instanceof CryptoKey].join(' ');";
    assert_eq!(ok(body), "true true");
}
