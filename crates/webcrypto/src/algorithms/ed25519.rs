//! Ed25519 (RFC 8032): raw/spki/pkcs8/jwk (`kty: "OKP"`) import and export, signing
//! (deterministic by construction), verification, and key generation.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};

use crate::algorithm::AlgorithmName;
use crate::error::{SubtleResult, data, invalid_access, operation};
use crate::format::{Format, KeyData};
use crate::jwk::Jwk;
use crate::key::{KeyAlgorithm, Material};

const KEY_BYTES: usize = 32;

/// RFC 8410 section 7: a version-1 OneAsymmetricKey (no embedded public key) for
/// id-Ed25519, up to the 32-byte seed. BoringSSL, and so workerd, exports this form.
const PKCS8_V1_PREFIX: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

fn public_from_bytes(bytes: &[u8]) -> SubtleResult<VerifyingKey> {
    let bytes: &[u8; KEY_BYTES] = bytes.try_into().map_err(|_| data("An Ed25519 public key must be 32 bytes."))?;
    VerifyingKey::from_bytes(bytes).map_err(|_| data("The key data is not a valid Ed25519 public key."))
}

fn from_jwk(jwk: &Jwk) -> SubtleResult<Material> {
    jwk.require_kty("OKP")?;
    if jwk.get("crv") != Some("Ed25519") {
        return Err(data("The JWK \"crv\" member must be \"Ed25519\"."));
    }
    if let Some(alg) = jwk.get("alg")
        && alg != "EdDSA"
        && alg != "Ed25519"
    {
        return Err(data(format!("The JWK \"alg\" member was \"{alg}\", expected \"EdDSA\" or \"Ed25519\".")));
    }
    let public = public_from_bytes(&jwk.bytes("x")?)?;
    let Some(d) = jwk.optional_bytes("d")? else { return Ok(Material::Ed25519Public(public)) };
    let d: [u8; KEY_BYTES] = d.try_into().map_err(|_| data("The JWK \"d\" member must be 32 bytes."))?;
    let key = SigningKey::from_bytes(&d);
    if key.verifying_key() != public {
        return Err(data("The JWK \"d\" member does not match \"x\"."));
    }
    Ok(Material::Ed25519Private(Box::new(key)))
}

/// The key algorithm and material for imported key data.
pub(crate) fn import(format: Format, key_data: &KeyData) -> SubtleResult<(KeyAlgorithm, Material)> {
    let material = match format {
        Format::Raw => Material::Ed25519Public(public_from_bytes(key_data.bytes()?)?),
        Format::Spki => Material::Ed25519Public(
            VerifyingKey::from_public_key_der(key_data.bytes()?)
                .map_err(|e| data(format!("The key data is not a valid SPKI Ed25519 public key ({e}).")))?,
        ),
        Format::Pkcs8 => Material::Ed25519Private(Box::new(
            SigningKey::from_pkcs8_der(key_data.bytes()?)
                .map_err(|e| data(format!("The key data is not a valid PKCS #8 Ed25519 private key ({e}).")))?,
        )),
        Format::Jwk => from_jwk(key_data.jwk()?)?,
    };
    Ok((KeyAlgorithm::new(AlgorithmName::Ed25519), material))
}

/// A new key pair (private material) from 32 `random` bytes.
pub(crate) fn generate(random: &mut dyn FnMut(&mut [u8])) -> (KeyAlgorithm, Material) {
    let mut seed = [0u8; KEY_BYTES];
    random(&mut seed);
    (KeyAlgorithm::new(AlgorithmName::Ed25519), Material::Ed25519Private(Box::new(SigningKey::from_bytes(&seed))))
}

/// The public half of a private key.
pub(crate) fn public_of(material: &Material) -> Option<Material> {
    match material {
        Material::Ed25519Private(key) => Some(Material::Ed25519Public(key.verifying_key())),
        _ => None,
    }
}

/// Exports key material (without `key_ops`/`ext` for jwk; the caller adds them).
pub(crate) fn export(material: &Material, format: Format) -> SubtleResult<KeyData> {
    let wrong_type = || invalid_access(format!("This key type cannot be exported as \"{}\".", format.as_str()));
    match (format, material) {
        (Format::Raw, Material::Ed25519Public(key)) => Ok(KeyData::Bytes(key.as_bytes().to_vec())),
        (Format::Spki, Material::Ed25519Public(key)) => {
            key.to_public_key_der().map(|d| KeyData::Bytes(d.as_bytes().to_vec())).map_err(|e| operation(e.to_string()))
        }
        (Format::Pkcs8, Material::Ed25519Private(key)) => {
            Ok(KeyData::Bytes([&PKCS8_V1_PREFIX[..], key.as_bytes()].concat()))
        }
        (Format::Jwk, Material::Ed25519Public(_) | Material::Ed25519Private(_)) => {
            let mut jwk = Jwk::default();
            jwk.set("kty", "OKP");
            jwk.set("crv", "Ed25519");
            match material {
                Material::Ed25519Private(key) => {
                    jwk.set_bytes("x", key.verifying_key().as_bytes());
                    jwk.set_bytes("d", key.as_bytes());
                }
                Material::Ed25519Public(key) => jwk.set_bytes("x", key.as_bytes()),
                _ => return Err(wrong_type()),
            }
            Ok(KeyData::Jwk(jwk))
        }
        _ => Err(wrong_type()),
    }
}

/// The 64-byte signature of `message`.
pub(crate) fn sign(material: &Material, message: &[u8]) -> SubtleResult<Vec<u8>> {
    match material {
        Material::Ed25519Private(key) => Ok(key.sign(message).to_bytes().to_vec()),
        _ => Err(invalid_access("Ed25519 signing needs a private key.")),
    }
}

/// Whether `signature` signs `message`.
pub(crate) fn verify(material: &Material, message: &[u8], signature: &[u8]) -> SubtleResult<bool> {
    let Material::Ed25519Public(key) = material else {
        return Err(invalid_access("Ed25519 verification needs a public key."));
    };
    let Ok(signature) = Signature::from_slice(signature) else { return Ok(false) };
    Ok(key.verify(message, &signature).is_ok())
}
