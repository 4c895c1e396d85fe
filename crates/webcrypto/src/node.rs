//! The key half of `node:crypto` (KeyObject, sign/verify, generateKeyPair) over the same
//! RustCrypto key material `crypto.subtle` uses: a Node key is held as a `CryptoKey`
//! object, as workerd layers its KeyObject on CryptoKey.
//!
//! Owns: PEM/DER/JWK parsing and writing in the encodings Node names (pkcs1, pkcs8,
//! sec1, spki), Node's signature conventions (digest names, RSA padding and PSS salt
//! lengths, DER or IEEE P1363 ECDSA signatures) and key-pair generation.
//!
//! Must never: draw randomness except through the `random` callback it is handed (R3),
//! or panic on input. Errors carry workerd's texts ("Failed to parse private key", ...).

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsValue, js_string};
use rsa::pkcs1::der::{Decode, Encode};
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey, EncodeRsaPublicKey, UintRef};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};

use crate::algorithm::{AlgorithmName, Curve, Hash};
use crate::algorithms::{ecdsa, ed25519};
use crate::buffer;
use crate::jwk;
use crate::key::{CryptoKey, KeyAlgorithm, Material, Usage};
use crate::random::ScheduleRng;

/// The seeded byte source (R3) the embedder hands in.
pub type Random = fn(&mut Context, &mut [u8]);

fn error(message: impl Into<String>) -> JsError {
    JsNativeError::error().with_message(message.into()).into()
}

fn type_error(message: impl Into<String>) -> JsError {
    JsNativeError::typ().with_message(message.into()).into()
}

fn arg(args: &[JsValue], i: usize) -> JsValue {
    args.get(i).cloned().unwrap_or_default()
}

fn string_arg(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<Option<String>> {
    let value = arg(args, i);
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    Ok(Some(value.to_string(context)?.to_std_string_escaped()))
}

fn int_arg(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<Option<i64>> {
    let value = arg(args, i);
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    Ok(Some(value.to_number(context)? as i64))
}

fn bytes_arg(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<Vec<u8>> {
    buffer::bytes_of(&arg(args, i), context).map_err(|e| type_error(format!("{e:?}")))
}

fn with_material<T>(value: &JsValue, f: impl FnOnce(&CryptoKey) -> JsResult<T>) -> JsResult<T> {
    let object = value.as_object().ok_or_else(|| type_error("Expected a CryptoKey."))?;
    let key = object.downcast_ref::<CryptoKey>().ok_or_else(|| type_error("Expected a CryptoKey."))?;
    f(&key)
}

// ---- PEM ------------------------------------------------------------------------------

/// The label and DER bytes of the first PEM block in `text`.
fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let begin = text.find("-----BEGIN ")?;
    let rest = &text[begin + 11..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_owned();
    let body = &rest[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let end = body.find(&end_marker)?;
    let body = &body[..end];
    if body.contains(':') {
        // RFC 1421 headers: an encrypted legacy PEM, which is not supported.
        return None;
    }
    let cleaned: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Base64::decode_vec(&cleaned).ok().map(|der| (label, der))
}

fn pem_encode(label: &str, der: &[u8]) -> String {
    let text = Base64::encode_string(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in text.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

// ---- Parsing --------------------------------------------------------------------------

fn private_from_pkcs8(der: &[u8]) -> Option<Material> {
    if let Ok(key) = RsaPrivateKey::from_pkcs8_der(der) {
        return Some(Material::RsaPrivate(Box::new(key)));
    }
    if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
        return Some(Material::P256Private(key));
    }
    if let Ok(key) = p384::ecdsa::SigningKey::from_pkcs8_der(der) {
        return Some(Material::P384Private(key));
    }
    if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
        return Some(Material::Ed25519Private(Box::new(key)));
    }
    None
}

fn private_from_pkcs1(der: &[u8]) -> Option<Material> {
    RsaPrivateKey::from_pkcs1_der(der).ok().map(|k| Material::RsaPrivate(Box::new(k)))
}

fn private_from_sec1(der: &[u8]) -> Option<Material> {
    if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
        return Some(Material::P256Private(key.into()));
    }
    if let Ok(key) = p384::SecretKey::from_sec1_der(der) {
        return Some(Material::P384Private(key.into()));
    }
    None
}

fn public_from_spki(der: &[u8]) -> Option<Material> {
    if let Ok(key) = RsaPublicKey::from_public_key_der(der) {
        return Some(Material::RsaPublic(key));
    }
    if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(der) {
        return Some(Material::P256Public(key));
    }
    if let Ok(key) = p384::ecdsa::VerifyingKey::from_public_key_der(der) {
        return Some(Material::P384Public(key));
    }
    if let Ok(key) = ed25519_dalek::VerifyingKey::from_public_key_der(der) {
        return Some(Material::Ed25519Public(key));
    }
    None
}

fn public_from_pkcs1(der: &[u8]) -> Option<Material> {
    RsaPublicKey::from_pkcs1_der(der).ok().map(Material::RsaPublic)
}

/// The public half of private material, or the material itself when already public.
fn public_of(material: &Material) -> Option<Material> {
    match material {
        Material::RsaPrivate(key) => Some(Material::RsaPublic(key.to_public_key())),
        Material::RsaPublic(key) => Some(Material::RsaPublic(key.clone())),
        Material::P256Public(key) => Some(Material::P256Public(*key)),
        Material::P384Public(key) => Some(Material::P384Public(*key)),
        Material::Ed25519Public(key) => Some(Material::Ed25519Public(*key)),
        other => ecdsa::public_of(other).or_else(|| ed25519::public_of(other)),
    }
}

/// Private key material from PEM text or DER bytes of the given Node type.
fn parse_private(data: &[u8], format: &str, kind: Option<&str>) -> Option<Material> {
    if format == "pem" {
        let text = std::str::from_utf8(data).ok()?;
        let (label, der) = pem_decode(text)?;
        return match label.as_str() {
            "PRIVATE KEY" => private_from_pkcs8(&der),
            "RSA PRIVATE KEY" => private_from_pkcs1(&der),
            "EC PRIVATE KEY" => private_from_sec1(&der),
            _ => None,
        };
    }
    match kind {
        Some("pkcs8") => private_from_pkcs8(data),
        Some("pkcs1") => private_from_pkcs1(data),
        Some("sec1") => private_from_sec1(data),
        _ => None,
    }
}

/// Public key material from PEM or DER; a private key's encoding gives its public half.
fn parse_public(data: &[u8], format: &str, kind: Option<&str>) -> Option<Material> {
    if format == "pem" {
        let text = std::str::from_utf8(data).ok()?;
        let (label, der) = pem_decode(text)?;
        return match label.as_str() {
            "PUBLIC KEY" => public_from_spki(&der),
            "RSA PUBLIC KEY" => public_from_pkcs1(&der),
            "CERTIFICATE" => certificate_spki(&der).and_then(|spki| public_from_spki(&spki)),
            _ => parse_private(data, format, kind).and_then(|m| public_of(&m)),
        };
    }
    match kind {
        Some("spki") => public_from_spki(data),
        Some("pkcs1") => public_from_pkcs1(data).or_else(|| private_from_pkcs1(data).and_then(|m| public_of(&m))),
        Some(other) => parse_private(data, format, Some(other)).and_then(|m| public_of(&m)),
        None => None,
    }
}

// ---- Minimal DER reading (certificates, ECDSA signatures) -----------------------------

/// One DER TLV at the start of `bytes`: (tag, content, rest).
fn der_tlv(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *bytes.first()?;
    let first = *bytes.get(1)?;
    let (length, header) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let count = (first & 0x7f) as usize;
        if count == 0 || count > 4 {
            return None;
        }
        let mut length = 0usize;
        for i in 0..count {
            length = (length << 8) | *bytes.get(2 + i)? as usize;
        }
        (length, 2 + count)
    };
    let end = header.checked_add(length)?;
    Some((tag, bytes.get(header..end)?, bytes.get(end..)?))
}

/// The full encoding (header included) of the TLV at the start of `bytes`, and the rest.
fn der_element(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (_, content, rest) = der_tlv(bytes)?;
    let total = bytes.len() - rest.len();
    let _ = content;
    Some((&bytes[..total], rest))
}

/// The SubjectPublicKeyInfo of an X.509 certificate.
pub(crate) fn certificate_spki(der: &[u8]) -> Option<Vec<u8>> {
    let (_, certificate, _) = der_tlv(der)?;
    let (_, tbs, _) = der_tlv(certificate)?;
    let mut rest = tbs;
    // [0] version is optional.
    if rest.first() == Some(&0xa0) {
        rest = der_element(rest)?.1;
    }
    // serialNumber, signature, issuer, validity, subject.
    for _ in 0..5 {
        rest = der_element(rest)?.1;
    }
    Some(der_element(rest)?.0.to_vec())
}

fn der_length(length: usize, out: &mut Vec<u8>) {
    if length < 0x80 {
        out.push(length as u8);
    } else if length < 0x100 {
        out.extend([0x81, length as u8]);
    } else {
        out.extend([0x82, (length >> 8) as u8, length as u8]);
    }
}

fn der_integer(bytes: &[u8], out: &mut Vec<u8>) {
    let trimmed: &[u8] = {
        let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len().saturating_sub(1));
        &bytes[start.min(bytes.len())..]
    };
    let trimmed = if trimmed.is_empty() { &[0u8][..] } else { trimmed };
    let pad = trimmed[0] & 0x80 != 0;
    out.push(0x02);
    der_length(trimmed.len() + usize::from(pad), out);
    if pad {
        out.push(0);
    }
    out.extend_from_slice(trimmed);
}

/// An IEEE P1363 (`r || s`) ECDSA signature as a DER `ECDSA-Sig-Value`.
fn p1363_to_der(signature: &[u8]) -> Vec<u8> {
    let (r, s) = signature.split_at(signature.len() / 2);
    let mut body = Vec::new();
    der_integer(r, &mut body);
    der_integer(s, &mut body);
    let mut out = vec![0x30];
    der_length(body.len(), &mut out);
    out.extend(body);
    out
}

/// A DER `ECDSA-Sig-Value` as IEEE P1363 with `size`-byte halves.
fn der_to_p1363(signature: &[u8], size: usize) -> Option<Vec<u8>> {
    let (tag, body, rest) = der_tlv(signature)?;
    if tag != 0x30 || !rest.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(size * 2);
    let mut rest = body;
    for _ in 0..2 {
        let (tag, int, after) = der_tlv(rest)?;
        if tag != 0x02 {
            return None;
        }
        let start = int.iter().position(|b| *b != 0).unwrap_or(int.len());
        let int = &int[start..];
        if int.len() > size {
            return None;
        }
        out.extend(std::iter::repeat_n(0, size - int.len()));
        out.extend_from_slice(int);
        rest = after;
    }
    rest.is_empty().then_some(out)
}

// ---- JWK ------------------------------------------------------------------------------

fn jwk_member(object: &JsObject, name: &str, context: &mut Context) -> JsResult<Option<String>> {
    let value = object.get(js_string!(name), context)?;
    if value.is_undefined() {
        return Ok(None);
    }
    Ok(Some(value.to_string(context)?.to_std_string_escaped()))
}

fn jwk_bytes(object: &JsObject, name: &str, context: &mut Context) -> JsResult<Option<Vec<u8>>> {
    match jwk_member(object, name, context)? {
        None => Ok(None),
        Some(text) => jwk::decode(&text).map(Some).ok_or_else(|| error("Invalid JWK data")),
    }
}

fn require(value: Option<Vec<u8>>, message: &str) -> JsResult<Vec<u8>> {
    value.ok_or_else(|| error(message))
}

fn uint(bytes: &[u8]) -> JsResult<UintRef<'_>> {
    UintRef::new(bytes).map_err(|_| error("Invalid JWK data"))
}

/// Key material from a JWK object; `private` asks for the private key.
fn from_jwk(value: &JsValue, private: bool, context: &mut Context) -> JsResult<Material> {
    let object = value.as_object().ok_or_else(|| type_error("Invalid JWK data"))?;
    let kty = jwk_member(&object, "kty", context)?.unwrap_or_default();
    let (what, failed) =
        if private { ("private", "Failed to parse private key") } else { ("public", "Failed to parse public key") };
    match kty.as_str() {
        "RSA" => {
            let n = require(jwk_bytes(&object, "n", context)?, "RSA JWK missing n parameter")?;
            let e = require(jwk_bytes(&object, "e", context)?, "RSA JWK missing e parameter")?;
            let d = jwk_bytes(&object, "d", context)?;
            if private || d.is_some() {
                let d = require(d, "RSA JWK missing d parameter")?;
                let mut parts = Vec::new();
                for name in ["p", "q", "dp", "dq", "qi"] {
                    parts.push(require(jwk_bytes(&object, name, context)?, "Invalid JWK data")?);
                }
                let key = rsa::pkcs1::RsaPrivateKey {
                    modulus: uint(&n)?,
                    public_exponent: uint(&e)?,
                    private_exponent: uint(&d)?,
                    prime1: uint(&parts[0])?,
                    prime2: uint(&parts[1])?,
                    exponent1: uint(&parts[2])?,
                    exponent2: uint(&parts[3])?,
                    coefficient: uint(&parts[4])?,
                    other_prime_infos: None,
                };
                let der = key.to_der().map_err(|_| error(failed))?;
                let material = private_from_pkcs1(&der).ok_or_else(|| error(failed))?;
                return if private { Ok(material) } else { public_of(&material).ok_or_else(|| error(failed)) };
            }
            let key = rsa::pkcs1::RsaPublicKey { modulus: uint(&n)?, public_exponent: uint(&e)? };
            let der = key.to_der().map_err(|_| error(failed))?;
            public_from_pkcs1(&der).ok_or_else(|| error(failed))
        }
        "EC" => {
            let crv = jwk_member(&object, "crv", context)?.ok_or_else(|| error("EC JWK missing crv parameter"))?;
            let curve = match crv.as_str() {
                "P-256" => Curve::P256,
                "P-384" => Curve::P384,
                _ => return Err(error("Invalid or unsupported curve")),
            };
            let x = require(jwk_bytes(&object, "x", context)?, "EC JWK missing x parameter")?;
            let y = require(jwk_bytes(&object, "y", context)?, "EC JWK missing y parameter")?;
            let size = curve.field_bytes();
            if x.len() != size || y.len() != size {
                return Err(error("Invalid JWK data"));
            }
            let point = [&[0x04][..], &x, &y].concat();
            let d = jwk_bytes(&object, "d", context)?;
            if private {
                let d = require(d, "EC JWK missing d parameter")?;
                let material = match curve {
                    Curve::P256 => p256::ecdsa::SigningKey::from_slice(&d).ok().map(Material::P256Private),
                    Curve::P384 => p384::ecdsa::SigningKey::from_slice(&d).ok().map(Material::P384Private),
                }
                .ok_or_else(|| error(failed))?;
                return Ok(material);
            }
            match curve {
                Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).ok().map(Material::P256Public),
                Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(&point).ok().map(Material::P384Public),
            }
            .ok_or_else(|| error(failed))
        }
        "OKP" => {
            let crv = jwk_member(&object, "crv", context)?.unwrap_or_default();
            if crv != "Ed25519" {
                return Err(error(format!("JWK {what} key import is not implemented for this key type")));
            }
            if private {
                let d = require(jwk_bytes(&object, "d", context)?, "Invalid JWK data")?;
                let seed: [u8; 32] = d.as_slice().try_into().map_err(|_| error(failed))?;
                return Ok(Material::Ed25519Private(Box::new(ed25519_dalek::SigningKey::from_bytes(&seed))));
            }
            let x = require(jwk_bytes(&object, "x", context)?, "Invalid JWK data")?;
            let x: [u8; 32] = x.as_slice().try_into().map_err(|_| error(failed))?;
            ed25519_dalek::VerifyingKey::from_bytes(&x).map(Material::Ed25519Public).map_err(|_| error(failed))
        }
        _ => Err(error(format!("JWK {what} key import is not implemented for this key type"))),
    }
}

fn set(object: &JsObject, name: &str, value: impl Into<JsValue>, context: &mut Context) -> JsResult<()> {
    object.set(js_string!(name), value.into(), false, context).map(|_| ())
}

fn set_b64(object: &JsObject, name: &str, bytes: &[u8], context: &mut Context) -> JsResult<()> {
    set(object, name, js_string!(Base64UrlUnpadded::encode_string(bytes).as_str()), context)
}

/// The JWK of asymmetric key material, members in workerd's order.
fn to_jwk(material: &Material, context: &mut Context) -> JsResult<JsValue> {
    let object = ObjectInitializer::new(context).build();
    // workerd hands out its whole JsonWebKey dictionary: every member, undefined if unset.
    for name in [
        "kty", "use", "key_ops", "alg", "ext", "crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "oth", "k",
        "pub", "priv",
    ] {
        set(&object, name, JsValue::undefined(), context)?;
    }
    let ec = |curve: &str, point: &[u8], d: Option<Vec<u8>>, context: &mut Context| -> JsResult<()> {
        let size = (point.len() - 1) / 2;
        set(&object, "kty", js_string!("EC"), context)?;
        set(&object, "crv", js_string!(curve), context)?;
        set_b64(&object, "x", &point[1..1 + size], context)?;
        set_b64(&object, "y", &point[1 + size..], context)?;
        if let Some(d) = d {
            set_b64(&object, "d", &d, context)?;
        }
        Ok(())
    };
    match material {
        Material::RsaPublic(key) => {
            set(&object, "kty", js_string!("RSA"), context)?;
            set_b64(&object, "n", &key.n_bytes(), context)?;
            set_b64(&object, "e", &key.e_bytes(), context)?;
        }
        Material::RsaPrivate(key) => {
            let der = key.to_pkcs1_der().map_err(|_| error("Failed to export key"))?;
            let parts = rsa::pkcs1::RsaPrivateKey::<UintRef<'_>>::from_der(der.as_bytes())
                .map_err(|_| error("Failed to export key"))?;
            set(&object, "kty", js_string!("RSA"), context)?;
            set_b64(&object, "d", parts.private_exponent.as_bytes(), context)?;
            set_b64(&object, "n", parts.modulus.as_bytes(), context)?;
            set_b64(&object, "e", parts.public_exponent.as_bytes(), context)?;
            set_b64(&object, "p", parts.prime1.as_bytes(), context)?;
            set_b64(&object, "q", parts.prime2.as_bytes(), context)?;
            set_b64(&object, "dp", parts.exponent1.as_bytes(), context)?;
            set_b64(&object, "dq", parts.exponent2.as_bytes(), context)?;
            set_b64(&object, "qi", parts.coefficient.as_bytes(), context)?;
        }
        Material::P256Public(key) => ec("P-256", key.to_sec1_point(false).as_bytes(), None, context)?,
        Material::P384Public(key) => ec("P-384", key.to_sec1_point(false).as_bytes(), None, context)?,
        Material::P256Private(key) => {
            let point = key.verifying_key().to_sec1_point(false);
            ec("P-256", point.as_bytes(), Some(key.to_bytes().to_vec()), context)?;
        }
        Material::P384Private(key) => {
            let point = key.verifying_key().to_sec1_point(false);
            ec("P-384", point.as_bytes(), Some(key.to_bytes().to_vec()), context)?;
        }
        Material::Ed25519Public(key) => {
            set(&object, "kty", js_string!("OKP"), context)?;
            set(&object, "alg", js_string!("EdDSA"), context)?;
            set(&object, "crv", js_string!("Ed25519"), context)?;
            set_b64(&object, "x", key.as_bytes(), context)?;
        }
        Material::Ed25519Private(key) => {
            set(&object, "kty", js_string!("OKP"), context)?;
            set(&object, "alg", js_string!("EdDSA"), context)?;
            set(&object, "crv", js_string!("Ed25519"), context)?;
            set_b64(&object, "x", key.verifying_key().as_bytes(), context)?;
            set_b64(&object, "d", key.as_bytes(), context)?;
        }
        Material::X25519Public(x) => {
            set(&object, "kty", js_string!("OKP"), context)?;
            set(&object, "crv", js_string!("X25519"), context)?;
            set_b64(&object, "x", x, context)?;
        }
        Material::X25519Private(d) => {
            let Some(Material::X25519Public(x)) = crate::algorithms::x25519::public_of(material) else {
                return Err(error("Failed to export key"));
            };
            set(&object, "kty", js_string!("OKP"), context)?;
            set(&object, "crv", js_string!("X25519"), context)?;
            set_b64(&object, "x", &x, context)?;
            set_b64(&object, "d", d, context)?;
        }
        Material::Hmac(secret) | Material::Secret(secret) => {
            set(&object, "kty", js_string!("oct"), context)?;
            set(&object, "ext", true, context)?;
            set_b64(&object, "k", secret, context)?;
        }
    }
    Ok(object.into())
}

// ---- Export ---------------------------------------------------------------------------

fn spki_der(material: &Material) -> Option<Vec<u8>> {
    match material {
        Material::RsaPublic(key) => key.to_public_key_der().ok().map(|d| d.as_bytes().to_vec()),
        Material::P256Public(key) => key.to_public_key_der().ok().map(|d| d.as_bytes().to_vec()),
        Material::P384Public(key) => key.to_public_key_der().ok().map(|d| d.as_bytes().to_vec()),
        Material::Ed25519Public(key) => key.to_public_key_der().ok().map(|d| d.as_bytes().to_vec()),
        _ => None,
    }
}

fn pkcs8_der(material: &Material) -> Option<Vec<u8>> {
    match material {
        Material::RsaPrivate(key) => key.to_pkcs8_der().ok().map(|d| d.as_bytes().to_vec()),
        Material::P256Private(key) => key.to_pkcs8_der().ok().map(|d| d.as_bytes().to_vec()),
        Material::P384Private(key) => key.to_pkcs8_der().ok().map(|d| d.as_bytes().to_vec()),
        Material::Ed25519Private(_) => match ed25519::export(material, crate::format::Format::Pkcs8) {
            Ok(crate::format::KeyData::Bytes(bytes)) => Some(bytes),
            _ => None,
        },
        _ => None,
    }
}

fn sec1_der(material: &Material) -> Option<Vec<u8>> {
    match material {
        Material::P256Private(key) => p256::SecretKey::from(key).to_sec1_der().ok().map(|d| d.to_vec()),
        Material::P384Private(key) => p384::SecretKey::from(key).to_sec1_der().ok().map(|d| d.to_vec()),
        _ => None,
    }
}

fn is_ec(material: &Material) -> bool {
    matches!(
        material,
        Material::P256Public(_) | Material::P256Private(_) | Material::P384Public(_) | Material::P384Private(_)
    )
}

/// `exportKey(key, format, type)`: PEM text, DER bytes (ArrayBuffer) or a JWK object.
fn export(args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let format = string_arg(args, 1, context)?.unwrap_or_else(|| "buffer".into());
    let kind = string_arg(args, 2, context)?;
    let (der, label) = with_material(&arg(args, 0), |key| {
        let material = &key.material;
        if let Material::Hmac(secret) = material {
            return match format.as_str() {
                "buffer" => Ok((Some(secret.clone()), None)),
                "jwk" => Ok((None, None)),
                other => Err(type_error(format!("Invalid format for secret key export: {other}"))),
            };
        }
        if format == "jwk" {
            return Ok((None, None));
        }
        let kind = kind.as_deref().ok_or_else(|| type_error("Missing type option"))?;
        if format != "pem" && format != "der" {
            return Err(error("Invalid key format"));
        }
        let private = matches!(key.material.key_type(), crate::key::KeyType::Private);
        let (der, label) = match (private, kind) {
            (false, "spki") => (spki_der(material), "PUBLIC KEY"),
            (false, "pkcs1") => {
                let Material::RsaPublic(rsa_key) = material else {
                    return Err(error("PKCS1 can only be used for RSA keys"));
                };
                (rsa_key.to_pkcs1_der().ok().map(|d| d.as_bytes().to_vec()), "RSA PUBLIC KEY")
            }
            // workerd exports a public key as SPKI whatever else the type names.
            (false, _) => (spki_der(material), "PUBLIC KEY"),
            (true, "pkcs8") => (pkcs8_der(material), "PRIVATE KEY"),
            (true, "pkcs1") => match material {
                Material::RsaPrivate(rsa_key) => {
                    (rsa_key.to_pkcs1_der().ok().map(|d| d.as_bytes().to_vec()), "RSA PRIVATE KEY")
                }
                _ => return Err(error("PKCS1 can only be used for RSA keys")),
            },
            (true, "sec1") => {
                if !is_ec(material) {
                    return Err(error("SEC1 can only be used for EC keys"));
                }
                (sec1_der(material), "EC PRIVATE KEY")
            }
            (true, _) => return Err(error("Failed to export key")),
        };
        let der = der.ok_or_else(|| error("Failed to export key"))?;
        Ok((Some(der), (format == "pem").then_some(label)))
    })?;
    match (der, label) {
        (Some(der), Some(label)) => Ok(js_string!(pem_encode(label, &der).as_str()).into()),
        (Some(der), None) => buffer::array_buffer(&der, context),
        (None, _) => {
            let object = arg(args, 0).as_object().ok_or_else(|| type_error("Expected a CryptoKey."))?;
            let key = object.downcast_ref::<CryptoKey>().ok_or_else(|| type_error("Expected a CryptoKey."))?;
            to_jwk(&key.material, context)
        }
    }
}

// ---- Key objects ----------------------------------------------------------------------

fn algorithm_of(material: &Material) -> KeyAlgorithm {
    match material {
        Material::Hmac(secret) | Material::Secret(secret) => {
            KeyAlgorithm { length_bits: u32::try_from(secret.len() * 8).ok(), ..KeyAlgorithm::new(AlgorithmName::Hmac) }
        }
        Material::X25519Public(_) | Material::X25519Private(_) => KeyAlgorithm::new(AlgorithmName::X25519),
        Material::RsaPublic(key) => rsa_algorithm(key),
        Material::RsaPrivate(key) => rsa_algorithm(&key.to_public_key()),
        Material::P256Public(_) | Material::P256Private(_) => {
            KeyAlgorithm { curve: Some(Curve::P256), ..KeyAlgorithm::new(AlgorithmName::Ecdsa) }
        }
        Material::P384Public(_) | Material::P384Private(_) => {
            KeyAlgorithm { curve: Some(Curve::P384), ..KeyAlgorithm::new(AlgorithmName::Ecdsa) }
        }
        Material::Ed25519Public(_) | Material::Ed25519Private(_) => KeyAlgorithm::new(AlgorithmName::Ed25519),
    }
}

fn rsa_algorithm(public: &RsaPublicKey) -> KeyAlgorithm {
    KeyAlgorithm {
        hash: Some(Hash::Sha256),
        modulus_length_bits: Some(public.n().bits_vartime()),
        public_exponent: Some(public.e_bytes().to_vec()),
        ..KeyAlgorithm::new(AlgorithmName::RsassaPkcs1V15)
    }
}

fn key_object(material: Material, context: &mut Context) -> JsResult<JsValue> {
    let algorithm = algorithm_of(&material);
    let usages: &[Usage] = match material.key_type() {
        crate::key::KeyType::Private => &[Usage::Sign],
        crate::key::KeyType::Public => &[Usage::Verify],
        crate::key::KeyType::Secret => &[Usage::Sign, Usage::Verify],
    };
    Ok(CryptoKey::new(algorithm, true, usages, material).into_object(context)?.into())
}

fn clone_material(material: &Material) -> Option<Material> {
    Some(match material {
        Material::Hmac(secret) => Material::Hmac(secret.clone()),
        Material::RsaPrivate(key) => Material::RsaPrivate(key.clone()),
        Material::P256Private(key) => Material::P256Private(key.clone()),
        Material::P384Private(key) => Material::P384Private(key.clone()),
        Material::Ed25519Private(key) => Material::Ed25519Private(key.clone()),
        other => public_of(other)?,
    })
}

/// `createPrivateKey(data, format, type)` / `createPublicKey(...)`: data is bytes (PEM
/// text or DER), a JWK object (format "jwk"), or for public keys a private CryptoKey.
fn create_asymmetric(args: &[JsValue], private: bool, context: &mut Context) -> JsResult<JsValue> {
    let format = string_arg(args, 1, context)?.unwrap_or_else(|| "pem".into());
    let kind = string_arg(args, 2, context)?;
    let failed = if private { "Failed to parse private key" } else { "Failed to parse public key" };
    let data = arg(args, 0);
    if !private
        && let Some(object) = data.as_object()
        && let Some(key) = object.downcast_ref::<CryptoKey>()
    {
        let material = public_of(&key.material).ok_or_else(|| error("Failed to derive public key from private key"))?;
        drop(key);
        return key_object(material, context);
    }
    let material = if format == "jwk" {
        from_jwk(&data, private, context)?
    } else {
        let bytes = bytes_arg(args, 0, context)?;
        let parsed = if private {
            parse_private(&bytes, &format, kind.as_deref())
        } else {
            parse_public(&bytes, &format, kind.as_deref())
        };
        parsed.ok_or_else(|| error(failed))?
    };
    key_object(material, context)
}

/// `keyInfo(key)`: `{type, asymmetricKeyType, modulusLength, publicExponent (hex),
/// namedCurve, size}`.
fn key_info(args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let info = with_material(&arg(args, 0), |key| {
        let material = &key.material;
        let kind = match material.key_type() {
            crate::key::KeyType::Public => "public",
            crate::key::KeyType::Private => "private",
            crate::key::KeyType::Secret => "secret",
        };
        let (asymmetric, modulus, exponent, curve, size) = match material {
            Material::Hmac(secret) | Material::Secret(secret) => (None, None, None, None, Some(secret.len())),
            Material::X25519Public(_) | Material::X25519Private(_) => (Some("x25519"), None, None, None, None),
            Material::RsaPublic(_) | Material::RsaPrivate(_) => {
                let Some(Material::RsaPublic(public)) = public_of(material) else {
                    return Err(error("Failed to get key details"));
                };
                let exponent: String = public.e_bytes().iter().map(|b| format!("{b:02x}")).collect();
                (Some("rsa"), Some(public.n().bits_vartime()), Some(exponent), None, None)
            }
            Material::P256Public(_) | Material::P256Private(_) => (Some("ec"), None, None, Some("prime256v1"), None),
            Material::P384Public(_) | Material::P384Private(_) => (Some("ec"), None, None, Some("secp384r1"), None),
            Material::Ed25519Public(_) | Material::Ed25519Private(_) => (Some("ed25519"), None, None, None, None),
        };
        Ok((kind, asymmetric, modulus, exponent, curve, size))
    })?;
    let (kind, asymmetric, modulus, exponent, curve, size) = info;
    let object = ObjectInitializer::new(context).build();
    set(&object, "type", js_string!(kind), context)?;
    if let Some(a) = asymmetric {
        set(&object, "asymmetricKeyType", js_string!(a), context)?;
    }
    if let Some(m) = modulus {
        set(&object, "modulusLength", m, context)?;
    }
    if let Some(e) = exponent {
        set(&object, "publicExponent", js_string!(e.as_str()), context)?;
    }
    if let Some(c) = curve {
        set(&object, "namedCurve", js_string!(c), context)?;
    }
    if let Some(s) = size {
        set(&object, "size", s as f64, context)?;
    }
    Ok(object.into())
}

fn canonical(material: &Material) -> Option<Vec<u8>> {
    match material {
        Material::Hmac(secret) => Some(secret.clone()),
        m if matches!(m.key_type(), crate::key::KeyType::Private) => pkcs8_der(m),
        m => spki_der(m),
    }
}

fn equals(args: &[JsValue]) -> JsResult<JsValue> {
    let a = with_material(&arg(args, 0), |k| Ok((k.material.key_type(), canonical(&k.material))))?;
    let b = with_material(&arg(args, 1), |k| Ok((k.material.key_type(), canonical(&k.material))))?;
    Ok((a.0 == b.0 && a.1.is_some() && a.1 == b.1).into())
}

// ---- Signatures -----------------------------------------------------------------------

/// A digest name as BoringSSL knows it, mapped to a hash crosstalk offers.
fn digest_of(name: &str) -> JsResult<Hash> {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_prefix("rsa-").unwrap_or(&lower);
    match bare {
        "sha1" | "ecdsa-with-sha1" | "dsa-sha1" | "dsa-sha" => Ok(Hash::Sha1),
        "sha256" => Ok(Hash::Sha256),
        "sha384" => Ok(Hash::Sha384),
        "sha512" => Ok(Hash::Sha512),
        "md5" | "md4" | "sha224" | "md5-sha1" => {
            Err(error(format!("node:crypto signatures with digest {name} are not modelled by crosstalk")))
        }
        _ => Err(error(format!("Unknown digest: {name}"))),
    }
}

const RSA_PKCS1_PADDING: i64 = 1;
const RSA_PKCS1_PSS_PADDING: i64 = 6;

macro_rules! with_digest {
    ($hash:expr, $d:ident => $body:expr) => {
        match $hash {
            Hash::Sha1 => {
                type $d = sha1::Sha1;
                $body
            }
            Hash::Sha256 => {
                type $d = sha2::Sha256;
                $body
            }
            Hash::Sha384 => {
                type $d = sha2::Sha384;
                $body
            }
            Hash::Sha512 => {
                type $d = sha2::Sha512;
                $body
            }
        }
    };
}

fn hash_len(hash: Hash) -> usize {
    match hash {
        Hash::Sha1 => 20,
        Hash::Sha256 => 32,
        Hash::Sha384 => 48,
        Hash::Sha512 => 64,
    }
}

/// The PSS salt length for a Node `saltLength` (-1 digest, -2 maximum / auto).
fn pss_salt(salt: Option<i64>, hash: Hash, modulus_bits: usize, signing: bool) -> JsResult<Option<usize>> {
    let em_len = (modulus_bits - 1).div_ceil(8);
    let max =
        em_len.checked_sub(hash_len(hash) + 2).ok_or_else(|| error("Failed to set RSA parameters for signature"))?;
    // BoringSSL's default is the digest length; -2 is the maximum when signing and
    // "recover it from the signature" when verifying.
    match salt {
        None | Some(-1) => Ok(Some(hash_len(hash))),
        Some(-2) => Ok(if signing { Some(max) } else { None }),
        Some(n) if n >= 0 && (n as usize) <= max => Ok(Some(n as usize)),
        Some(n) if n >= 0 && signing => Err(error("Failed to generate signature")),
        Some(n) if n >= 0 => Ok(Some(n as usize)),
        Some(_) => Err(error("Failed to set RSA parameters for signature")),
    }
}

struct SignOptions {
    hash: Option<Hash>,
    padding: Option<i64>,
    salt: Option<i64>,
    p1363: bool,
    /// A createSign/createVerify context rather than a one-shot call.
    streaming: bool,
}

/// Reads `digest` at `first`, then padding, salt length, DSA encoding and the
/// streaming flag from `first + 2` on (one slot is left for the data or signature).
fn sign_options(args: &[JsValue], first: usize, after: usize, context: &mut Context) -> JsResult<SignOptions> {
    let hash = string_arg(args, first, context)?.map(|name| digest_of(&name)).transpose()?;
    let padding = int_arg(args, after, context)?;
    let salt = int_arg(args, after + 1, context)?;
    let encoding = int_arg(args, after + 2, context)?.unwrap_or(0);
    if !(0..=1).contains(&encoding) {
        return Err(error("Invalid DSA signature encoding"));
    }
    let streaming = arg(args, after + 3).to_boolean();
    Ok(SignOptions { hash, padding, salt, p1363: encoding == 1, streaming })
}

fn sign_material(
    material: &Material,
    message: &[u8],
    options: &SignOptions,
    rng: &mut dyn FnMut(&mut [u8]),
) -> JsResult<Vec<u8>> {
    let failed = || error("Failed to initialize signing context");
    match material {
        Material::RsaPrivate(key) => {
            let hash = options.hash.ok_or_else(failed)?;
            let digest = hash.digest(message);
            let padding =
                if options.streaming { options.padding.unwrap_or(RSA_PKCS1_PADDING) } else { RSA_PKCS1_PADDING };
            let result = match padding {
                RSA_PKCS1_PADDING => with_digest!(hash, D => key.sign(Pkcs1v15Sign::new::<D>(), &digest)),
                RSA_PKCS1_PSS_PADDING => {
                    let salt = pss_salt(options.salt, hash, key.n().bits_vartime() as usize, true)?.unwrap_or(0);
                    let mut rng = ScheduleRng::new(rng);
                    with_digest!(hash, D => key.sign_with_rng(&mut rng, Pss::<D>::new_with_salt(salt), &digest))
                }
                _ => return Err(error("Failed to set RSA parameters for signature")),
            };
            result.map_err(|_| error("Failed to sign"))
        }
        Material::P256Private(_) | Material::P384Private(_) => {
            let hash = options.hash.ok_or_else(failed)?;
            let signature = ecdsa::sign(material, hash, message).map_err(|_| failed())?;
            Ok(if options.p1363 { signature } else { p1363_to_der(&signature) })
        }
        Material::Ed25519Private(_) => {
            if options.streaming {
                return Err(error("Failed to set signature digest"));
            }
            if options.hash.is_some() {
                return Err(failed());
            }
            ed25519::sign(material, message).map_err(|_| failed())
        }
        _ => Err(error("Invalid key for sign operation")),
    }
}

fn verify_material(material: &Material, message: &[u8], signature: &[u8], options: &SignOptions) -> JsResult<bool> {
    let failed = || error("Failed to initialize verification context");
    let public = public_of(material).ok_or_else(|| error("Invalid key for verification operation"))?;
    match &public {
        Material::RsaPublic(key) => {
            let hash = options.hash.ok_or_else(failed)?;
            let digest = hash.digest(message);
            let padding =
                if options.streaming { options.padding.unwrap_or(RSA_PKCS1_PADDING) } else { RSA_PKCS1_PADDING };
            let ok = match padding {
                RSA_PKCS1_PADDING => with_digest!(hash, D => key.verify(Pkcs1v15Sign::new::<D>(), &digest, signature)),
                RSA_PKCS1_PSS_PADDING => {
                    let salt = pss_salt(options.salt, hash, key.n().bits_vartime() as usize, false)?;
                    with_digest!(hash, D => {
                        let mut pss = Pss::<D>::new();
                        pss.salt_len = salt;
                        key.verify(pss, &digest, signature)
                    })
                }
                _ => return Err(error("Failed to set RSA parameters for signature")),
            };
            Ok(ok.is_ok())
        }
        Material::P256Public(_) | Material::P384Public(_) => {
            let size = if matches!(public, Material::P256Public(_)) { 32 } else { 48 };
            let hash = options.hash.ok_or_else(failed)?;
            let p1363 = if options.p1363 {
                if signature.len() != size * 2 {
                    return Ok(false);
                }
                signature.to_vec()
            } else {
                match der_to_p1363(signature, size) {
                    Some(p1363) => p1363,
                    None => return Ok(false),
                }
            };
            ecdsa::verify(&public, hash, message, &p1363).map_err(|_| failed())
        }
        Material::Ed25519Public(_) => {
            if options.streaming {
                return Err(error("Unsupported operation for this key"));
            }
            if options.hash.is_some() {
                return Err(failed());
            }
            ed25519::verify(&public, message, signature).map_err(|_| failed())
        }
        _ => Err(error("Invalid key for verification operation")),
    }
}

/// `sign(key, digest|null, data, padding, saltLength, dsaEncoding, streaming)`.
fn sign(args: &[JsValue], context: &mut Context, random: Random) -> JsResult<JsValue> {
    let message = bytes_arg(args, 2, context)?;
    let options = sign_options(args, 1, 3, context)?;
    let material = with_material(&arg(args, 0), |key| {
        clone_material(&key.material).ok_or_else(|| error("Invalid key for sign operation"))
    })?;
    if !matches!(material.key_type(), crate::key::KeyType::Private) {
        return Err(error("Invalid key for sign operation"));
    }
    let signature = {
        let mut fill = |bytes: &mut [u8]| random(context, bytes);
        sign_material(&material, &message, &options, &mut fill)?
    };
    buffer::array_buffer(&signature, context)
}

/// `verify(key, digest|null, data, signature, padding, saltLength, dsaEncoding, streaming)`.
fn verify(args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let message = bytes_arg(args, 2, context)?;
    let signature = bytes_arg(args, 3, context)?;
    let options = sign_options(args, 1, 4, context)?;
    let ok = with_material(&arg(args, 0), |key| {
        if matches!(key.material.key_type(), crate::key::KeyType::Secret) {
            return Err(error("Invalid key for verification operation"));
        }
        verify_material(&key.material, &message, &signature, &options)
    })?;
    Ok(ok.into())
}

// ---- Generation -----------------------------------------------------------------------

/// `generateKeyPair(type, modulusLength, publicExponent, namedCurve)`: `[public, private]`.
fn generate(args: &[JsValue], context: &mut Context, random: Random) -> JsResult<JsValue> {
    let kind = string_arg(args, 0, context)?.unwrap_or_default();
    let material = match kind.as_str() {
        "rsa" => {
            let bits = int_arg(args, 1, context)?.unwrap_or(0);
            let exponent = int_arg(args, 2, context)?.unwrap_or(65537);
            if !(512..=16384).contains(&bits) || exponent < 3 || exponent % 2 == 0 {
                return Err(error("Failed to generate key"));
            }
            let mut fill = |bytes: &mut [u8]| random(context, bytes);
            let mut rng = ScheduleRng::new(&mut fill);
            let key = if bits >= 1024 {
                RsaPrivateKey::new_with_exp(&mut rng, bits as usize, rsa::BoxedUint::from(exponent as u64))
            } else {
                return Err(error("node:crypto RSA keys under 1024 bits are not modelled by crosstalk"));
            };
            Material::RsaPrivate(Box::new(key.map_err(|_| error("Failed to generate key"))?))
        }
        "ec" => {
            let curve = string_arg(args, 3, context)?.unwrap_or_default();
            let curve = match curve.as_str() {
                "P-256" | "prime256v1" | "secp256r1" => Curve::P256,
                "P-384" | "secp384r1" => Curve::P384,
                _ => return Err(error("Invalid or unsupported curve")),
            };
            let mut bytes = vec![0u8; curve.field_bytes()];
            let mut found = None;
            for _ in 0..64 {
                random(context, &mut bytes);
                found = match curve {
                    Curve::P256 => p256::ecdsa::SigningKey::from_slice(&bytes).ok().map(Material::P256Private),
                    Curve::P384 => p384::ecdsa::SigningKey::from_slice(&bytes).ok().map(Material::P384Private),
                };
                if found.is_some() {
                    break;
                }
            }
            found.ok_or_else(|| error("Failed to generate key"))?
        }
        "ed25519" => {
            let mut seed = [0u8; 32];
            random(context, &mut seed);
            Material::Ed25519Private(Box::new(ed25519_dalek::SigningKey::from_bytes(&seed)))
        }
        other => return Err(error(format!("node:crypto key pairs of type {other} are not modelled by crosstalk"))),
    };
    let public = public_of(&material).ok_or_else(|| error("Failed to generate key"))?;
    let public = key_object(public, context)?;
    let private = key_object(material, context)?;
    Ok(JsArray::from_iter([public, private], context).into())
}

// ---- ECDH -----------------------------------------------------------------------------

/// The same ECDH operations for each curve crate.
macro_rules! ecdh_curve {
    ($module:ident, $krate:ident) => {
        mod $module {
            use $krate::elliptic_curve::sec1::ToSec1Point;
            use $krate::{PublicKey, SecretKey};

            /// The public point of a private scalar, in SEC1 form.
            pub(super) fn public(scalar: &[u8], compressed: bool) -> Option<Vec<u8>> {
                let secret = SecretKey::from_slice(scalar).ok()?;
                Some(secret.public_key().to_sec1_point(compressed).as_bytes().to_vec())
            }

            /// A SEC1 point re-encoded.
            pub(super) fn convert(point: &[u8], compressed: bool) -> Option<Vec<u8>> {
                let public = PublicKey::from_sec1_bytes(point).ok()?;
                Some(public.to_sec1_point(compressed).as_bytes().to_vec())
            }

            /// The x coordinate of `scalar` times the peer's point.
            pub(super) fn shared(scalar: &[u8], point: &[u8]) -> Option<Vec<u8>> {
                let secret = SecretKey::from_slice(scalar).ok()?;
                let public = PublicKey::from_sec1_bytes(point).ok()?;
                let product = (public.to_projective() * *secret.to_nonzero_scalar()).to_affine();
                let product = PublicKey::from_affine(product).ok()?;
                let encoded = product.to_sec1_point(false);
                let bytes = encoded.as_bytes();
                let size = (bytes.len() - 1) / 2;
                Some(bytes[1..1 + size].to_vec())
            }

            pub(super) fn valid_scalar(scalar: &[u8]) -> bool {
                SecretKey::from_slice(scalar).is_ok()
            }
        }
    };
}

ecdh_curve!(p256_dh, p256);
ecdh_curve!(p384_dh, p384);

fn ecdh_curve_of(name: &str) -> JsResult<Curve> {
    match name {
        "prime256v1" | "secp256r1" | "P-256" => Ok(Curve::P256),
        "secp384r1" | "P-384" => Ok(Curve::P384),
        "secp224r1" | "secp521r1" | "P-521" | "P-224" => {
            Err(error(format!("node:crypto ECDH on {name} is not modelled by crosstalk")))
        }
        _ => Err(error("Invalid curve")),
    }
}

/// SEC1 point `bytes` in Node's `format` (compressed, uncompressed or hybrid).
fn point_format(curve: Curve, bytes: &[u8], format: &str) -> JsResult<Vec<u8>> {
    if format == "hybrid" {
        // BoringSSL has no hybrid encoding.
        return Err(error("Failed to get public key length"));
    }
    let compressed = format == "compressed";
    match curve {
        Curve::P256 => p256_dh::convert(bytes, compressed),
        Curve::P384 => p384_dh::convert(bytes, compressed),
    }
    .ok_or_else(|| error("Failed to set point"))
}

/// `ecdh(action, curve, ...)`: `generate` → scalar; `public(scalar, format)`;
/// `compute(scalar, point)` → shared secret; `convert(point, format)`; `check(scalar)`.
fn ecdh(args: &[JsValue], context: &mut Context, random: Random) -> JsResult<JsValue> {
    let action = string_arg(args, 0, context)?.unwrap_or_default();
    let curve = ecdh_curve_of(&string_arg(args, 1, context)?.unwrap_or_default())?;
    let size = curve.field_bytes();
    let out = match action.as_str() {
        "generate" => {
            let mut bytes = vec![0u8; size];
            for _ in 0..64 {
                random(context, &mut bytes);
                let ok = match curve {
                    Curve::P256 => p256_dh::valid_scalar(&bytes),
                    Curve::P384 => p384_dh::valid_scalar(&bytes),
                };
                if ok {
                    break;
                }
            }
            bytes
        }
        "check" => {
            let scalar = bytes_arg(args, 2, context)?;
            let ok = scalar.len() <= size && {
                let padded = [vec![0u8; size - scalar.len()], scalar].concat();
                match curve {
                    Curve::P256 => p256_dh::valid_scalar(&padded),
                    Curve::P384 => p384_dh::valid_scalar(&padded),
                }
            };
            if !ok {
                return Err(error("Private key is not valid for specified curve."));
            }
            return Ok(true.into());
        }
        "public" => {
            let scalar = bytes_arg(args, 2, context)?;
            let format = string_arg(args, 3, context)?.unwrap_or_else(|| "uncompressed".into());
            let scalar = [vec![0u8; size.saturating_sub(scalar.len())], scalar].concat();
            let point = match curve {
                Curve::P256 => p256_dh::public(&scalar, false),
                Curve::P384 => p384_dh::public(&scalar, false),
            }
            .ok_or_else(|| error("Failed to get ECDH public key"))?;
            point_format(curve, &point, &format)?
        }
        "compute" => {
            let scalar = bytes_arg(args, 2, context)?;
            let scalar = [vec![0u8; size.saturating_sub(scalar.len())], scalar].concat();
            let point = bytes_arg(args, 3, context)?;
            match curve {
                Curve::P256 => p256_dh::shared(&scalar, &point),
                Curve::P384 => p384_dh::shared(&scalar, &point),
            }
            .ok_or_else(|| error("Failed to set point"))?
        }
        "convert" => {
            let point = bytes_arg(args, 2, context)?;
            let format = string_arg(args, 3, context)?.unwrap_or_else(|| "uncompressed".into());
            point_format(curve, &point, &format)?
        }
        _ => return Err(type_error(format!("unknown ECDH action {action}"))),
    };
    buffer::array_buffer(&out, context)
}

/// `statelessDH(private, public)`: the ECDH shared secret of two EC KeyObject handles.
fn stateless_dh(args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let private = with_material(&arg(args, 0), |k| Ok(clone_material(&k.material)))?;
    let public = with_material(&arg(args, 1), |k| Ok(public_of(&k.material)))?;
    let shared = match (private, public) {
        (Some(Material::P256Private(key)), Some(Material::P256Public(other))) => {
            p256_dh::shared(&key.to_bytes(), other.to_sec1_point(false).as_bytes())
        }
        (Some(Material::P384Private(key)), Some(Material::P384Public(other))) => {
            p384_dh::shared(&key.to_bytes(), other.to_sec1_point(false).as_bytes())
        }
        (
            Some(Material::P256Private(_) | Material::P384Private(_)),
            Some(Material::P256Public(_) | Material::P384Public(_)),
        ) => None,
        _ => return Err(error("Unsupported keys for stateless diffie-hellman")),
    };
    let shared = shared.ok_or_else(|| error("Failed to derive shared diffie-hellman secret"))?;
    buffer::array_buffer(&shared, context)
}

/// Runs node:crypto key operation `op`, or `None` when `op` is not one of them.
pub fn call(op: &str, args: &[JsValue], context: &mut Context, random: Random) -> Option<JsResult<JsValue>> {
    Some(match op {
        "createSecretKey" => bytes_arg(args, 0, context).and_then(|bytes| key_object(Material::Hmac(bytes), context)),
        "createPrivateKey" => create_asymmetric(args, true, context),
        "createPublicKey" => create_asymmetric(args, false, context),
        "keyInfo" => key_info(args, context),
        "exportKey" => export(args, context),
        "equals" => equals(args),
        "sign" => sign(args, context, random),
        "verify" => verify(args, context),
        "generateKeyPair" => generate(args, context, random),
        "ecdh" => ecdh(args, context, random),
        "statelessDH" => stateless_dh(args, context),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecdsa_signatures_convert_between_der_and_p1363() {
        let mut p1363 = vec![0u8; 64];
        p1363[0] = 0x80;
        p1363[31] = 1;
        p1363[63] = 2;
        let der = p1363_to_der(&p1363);
        assert_eq!(der[0], 0x30);
        assert_eq!(der_to_p1363(&der, 32), Some(p1363));
        assert_eq!(der_to_p1363(&[0x30, 0x00], 32), None);
    }

    #[test]
    fn pem_round_trips() {
        let pem = pem_encode("PUBLIC KEY", &[1, 2, 3]);
        assert_eq!(pem, "-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----\n");
        assert_eq!(pem_decode(&pem), Some(("PUBLIC KEY".to_owned(), vec![1, 2, 3])));
    }
}
