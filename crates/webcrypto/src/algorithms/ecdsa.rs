//! ECDSA over P-256 and P-384: raw/spki/pkcs8/jwk (`kty: "EC"`) import and export,
//! IEEE P1363 (`r || s`) signatures, deterministic signing (RFC 6979 with the message's
//! own hash, so the published A.2.5/A.2.6 vectors reproduce), and key generation.
//!
//! Signing never draws randomness: the nonce is derived from the key and the digest.

use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};

use crate::algorithm::{AlgorithmName, Curve, Hash, Params};
use crate::error::{SubtleResult, data, invalid_access, operation};
use crate::format::{Format, KeyData};
use crate::jwk::Jwk;
use crate::key::{KeyAlgorithm, Material};

/// The same operations for each curve crate (they differ only in types).
macro_rules! curve {
    ($module:ident, $krate:ident, $curve:ty) => {
        mod $module {
            use ecdsa::signature::hazmat::PrehashVerifier;
            use $krate::ecdsa::{Signature, SigningKey, VerifyingKey};

            use super::*;

            pub(super) fn public_from_sec1(bytes: &[u8]) -> SubtleResult<VerifyingKey> {
                VerifyingKey::from_sec1_bytes(bytes).map_err(|_| data("The key data is not a valid EC point."))
            }

            pub(super) fn public_from_spki(bytes: &[u8]) -> SubtleResult<VerifyingKey> {
                VerifyingKey::from_public_key_der(bytes)
                    .map_err(|e| data(format!("The key data is not a valid SPKI EC public key ({e}).")))
            }

            pub(super) fn private_from_pkcs8(bytes: &[u8]) -> SubtleResult<SigningKey> {
                SigningKey::from_pkcs8_der(bytes)
                    .map_err(|e| data(format!("The key data is not a valid PKCS #8 EC private key ({e}).")))
            }

            pub(super) fn private_from_scalar(bytes: &[u8]) -> SubtleResult<SigningKey> {
                SigningKey::from_slice(bytes).map_err(|_| data("The JWK \"d\" member is not a valid EC scalar."))
            }

            pub(super) fn private_from_random(bytes: &[u8]) -> Option<SigningKey> {
                SigningKey::from_slice(bytes).ok()
            }

            pub(super) fn point(key: &VerifyingKey) -> Vec<u8> {
                key.to_sec1_point(false).as_bytes().to_vec()
            }

            pub(super) fn spki(key: &VerifyingKey) -> SubtleResult<Vec<u8>> {
                key.to_public_key_der().map(|d| d.as_bytes().to_vec()).map_err(|e| operation(e.to_string()))
            }

            pub(super) fn pkcs8(key: &SigningKey) -> SubtleResult<Vec<u8>> {
                key.to_pkcs8_der().map(|d| d.as_bytes().to_vec()).map_err(|e| operation(e.to_string()))
            }

            pub(super) fn scalar(key: &SigningKey) -> Vec<u8> {
                key.to_bytes().to_vec()
            }

            pub(super) fn sign(key: &SigningKey, hash: Hash, message: &[u8]) -> SubtleResult<Vec<u8>> {
                let digest = hash.digest(message);
                let d = key.as_nonzero_scalar();
                let signature = match hash {
                    Hash::Sha1 => ecdsa::hazmat::sign_prehashed_rfc6979::<$curve, sha1::Sha1>(d, &digest, &[]),
                    Hash::Sha256 => ecdsa::hazmat::sign_prehashed_rfc6979::<$curve, sha2::Sha256>(d, &digest, &[]),
                    Hash::Sha384 => ecdsa::hazmat::sign_prehashed_rfc6979::<$curve, sha2::Sha384>(d, &digest, &[]),
                    Hash::Sha512 => ecdsa::hazmat::sign_prehashed_rfc6979::<$curve, sha2::Sha512>(d, &digest, &[]),
                };
                Ok(signature.0.to_bytes().to_vec())
            }

            pub(super) fn verify(key: &VerifyingKey, hash: Hash, message: &[u8], signature: &[u8]) -> bool {
                // WebCrypto: a signature of the wrong shape is a failed verification, not an error.
                let Ok(signature) = Signature::from_slice(signature) else { return false };
                key.verify_prehash(&hash.digest(message), &signature).is_ok()
            }
        }
    };
}

curve!(p256_ops, p256, p256::NistP256);
curve!(p384_ops, p384, p384::NistP384);

fn algorithm(name: AlgorithmName, curve: Curve) -> KeyAlgorithm {
    KeyAlgorithm { curve: Some(curve), ..KeyAlgorithm::new(name) }
}

fn public_from_sec1(curve: Curve, bytes: &[u8]) -> SubtleResult<Material> {
    Ok(match curve {
        Curve::P256 => Material::P256Public(p256_ops::public_from_sec1(bytes)?),
        Curve::P384 => Material::P384Public(p384_ops::public_from_sec1(bytes)?),
    })
}

fn uncompressed_point(curve: Curve, x: &[u8], y: &[u8]) -> SubtleResult<Vec<u8>> {
    let size = curve.field_bytes();
    if x.len() != size || y.len() != size {
        return Err(data(format!("The JWK \"x\" and \"y\" members must be {size} bytes for {}.", curve.name())));
    }
    Ok([&[0x04][..], x, y].concat())
}

fn from_jwk(name: AlgorithmName, curve: Curve, jwk: &Jwk) -> SubtleResult<Material> {
    jwk.require_kty("EC")?;
    match jwk.get("crv") {
        Some(crv) if crv == curve.name() => {}
        other => {
            return Err(data(format!("The JWK \"crv\" member was {other:?}, expected \"{}\".", curve.name())));
        }
    }
    if name == AlgorithmName::Ecdsa {
        jwk.require_alg(match curve {
            Curve::P256 => "ES256",
            Curve::P384 => "ES384",
        })?;
    }
    let point = uncompressed_point(curve, &jwk.bytes("x")?, &jwk.bytes("y")?)?;
    let Some(d) = jwk.optional_bytes("d")? else { return public_from_sec1(curve, &point) };
    if d.len() != curve.field_bytes() {
        return Err(data("The JWK \"d\" member has the wrong length."));
    }
    let material = match curve {
        Curve::P256 => {
            let key = p256_ops::private_from_scalar(&d)?;
            (p256_ops::point(key.verifying_key()) == point).then_some(Material::P256Private(key))
        }
        Curve::P384 => {
            let key = p384_ops::private_from_scalar(&d)?;
            (p384_ops::point(key.verifying_key()) == point).then_some(Material::P384Private(key))
        }
    };
    material.ok_or_else(|| data("The JWK \"d\" member does not match \"x\" and \"y\"."))
}

/// The key algorithm and material for imported key data.
pub(crate) fn import(format: Format, key_data: &KeyData, params: &Params) -> SubtleResult<(KeyAlgorithm, Material)> {
    let curve = params.required_curve()?;
    let material = match (format, curve) {
        (Format::Raw, _) => public_from_sec1(curve, key_data.bytes()?)?,
        (Format::Spki, Curve::P256) => Material::P256Public(p256_ops::public_from_spki(key_data.bytes()?)?),
        (Format::Spki, Curve::P384) => Material::P384Public(p384_ops::public_from_spki(key_data.bytes()?)?),
        (Format::Pkcs8, Curve::P256) => Material::P256Private(p256_ops::private_from_pkcs8(key_data.bytes()?)?),
        (Format::Pkcs8, Curve::P384) => Material::P384Private(p384_ops::private_from_pkcs8(key_data.bytes()?)?),
        (Format::Jwk, _) => from_jwk(params.name, curve, key_data.jwk()?)?,
    };
    Ok((algorithm(params.name, curve), material))
}

/// A new key pair (private material; the caller derives the public key) from `random`
/// bytes, by rejection sampling of the scalar.
pub(crate) fn generate(params: &Params, random: &mut dyn FnMut(&mut [u8])) -> SubtleResult<(KeyAlgorithm, Material)> {
    let curve = params.required_curve()?;
    let mut bytes = vec![0u8; curve.field_bytes()];
    // The chance a random scalar is out of range is below 2^-32 per try for both curves.
    for _ in 0..64 {
        random(&mut bytes);
        let material = match curve {
            Curve::P256 => p256_ops::private_from_random(&bytes).map(Material::P256Private),
            Curve::P384 => p384_ops::private_from_random(&bytes).map(Material::P384Private),
        };
        if let Some(material) = material {
            return Ok((algorithm(params.name, curve), material));
        }
    }
    Err(operation("Could not draw a valid EC scalar."))
}

/// The public half of a private key.
pub(crate) fn public_of(material: &Material) -> Option<Material> {
    match material {
        Material::P256Private(key) => Some(Material::P256Public(*key.verifying_key())),
        Material::P384Private(key) => Some(Material::P384Public(*key.verifying_key())),
        _ => None,
    }
}

/// Exports key material (without `key_ops`/`ext` for jwk; the caller adds them).
pub(crate) fn export(material: &Material, format: Format) -> SubtleResult<KeyData> {
    let wrong_type = || invalid_access(format!("This key type cannot be exported as \"{}\".", format.as_str()));
    match (format, material) {
        (Format::Raw, Material::P256Public(key)) => Ok(KeyData::Bytes(p256_ops::point(key))),
        (Format::Raw, Material::P384Public(key)) => Ok(KeyData::Bytes(p384_ops::point(key))),
        (Format::Spki, Material::P256Public(key)) => Ok(KeyData::Bytes(p256_ops::spki(key)?)),
        (Format::Spki, Material::P384Public(key)) => Ok(KeyData::Bytes(p384_ops::spki(key)?)),
        (Format::Pkcs8, Material::P256Private(key)) => Ok(KeyData::Bytes(p256_ops::pkcs8(key)?)),
        (Format::Pkcs8, Material::P384Private(key)) => Ok(KeyData::Bytes(p384_ops::pkcs8(key)?)),
        (Format::Jwk, _) => {
            let (curve, point, d) = match material {
                Material::P256Public(key) => (Curve::P256, p256_ops::point(key), None),
                Material::P384Public(key) => (Curve::P384, p384_ops::point(key), None),
                Material::P256Private(key) => {
                    (Curve::P256, p256_ops::point(key.verifying_key()), Some(p256_ops::scalar(key)))
                }
                Material::P384Private(key) => {
                    (Curve::P384, p384_ops::point(key.verifying_key()), Some(p384_ops::scalar(key)))
                }
                _ => return Err(wrong_type()),
            };
            let size = curve.field_bytes();
            let (x, y) = point.get(1..1 + size).zip(point.get(1 + size..)).ok_or_else(wrong_type)?;
            let mut jwk = Jwk::default();
            jwk.set("kty", "EC");
            jwk.set("crv", curve.name());
            jwk.set_bytes("x", x);
            jwk.set_bytes("y", y);
            if let Some(d) = d {
                jwk.set_bytes("d", &d);
            }
            Ok(KeyData::Jwk(jwk))
        }
        (Format::Raw | Format::Spki | Format::Pkcs8, _) => Err(wrong_type()),
    }
}

/// ECDH (NIST SP 800-56A): the x-coordinate of the shared point, `field_bytes` long.
pub(crate) fn shared_secret(private: &Material, public: &Material) -> SubtleResult<Vec<u8>> {
    match (private, public) {
        (Material::P256Private(d), Material::P256Public(q)) => {
            let shared = p256::ecdh::diffie_hellman(d.as_nonzero_scalar(), q.as_affine());
            Ok(shared.raw_secret_bytes().to_vec())
        }
        (Material::P384Private(d), Material::P384Public(q)) => {
            let shared = p384::ecdh::diffie_hellman(d.as_nonzero_scalar(), q.as_affine());
            Ok(shared.raw_secret_bytes().to_vec())
        }
        _ => Err(invalid_access("The public key's curve does not match the private key's.")),
    }
}

/// An IEEE P1363 signature of `message`.
pub(crate) fn sign(material: &Material, hash: Hash, message: &[u8]) -> SubtleResult<Vec<u8>> {
    match material {
        Material::P256Private(key) => p256_ops::sign(key, hash, message),
        Material::P384Private(key) => p384_ops::sign(key, hash, message),
        _ => Err(invalid_access("ECDSA signing needs a private key.")),
    }
}

/// Whether `signature` (IEEE P1363) signs `message`.
pub(crate) fn verify(material: &Material, hash: Hash, message: &[u8], signature: &[u8]) -> SubtleResult<bool> {
    match material {
        Material::P256Public(key) => Ok(p256_ops::verify(key, hash, message, signature)),
        Material::P384Public(key) => Ok(p384_ops::verify(key, hash, message, signature)),
        _ => Err(invalid_access("ECDSA verification needs a public key.")),
    }
}
