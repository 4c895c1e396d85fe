//! X25519 (RFC 7748) keys: raw/spki/pkcs8/jwk (`kty: "OKP"`, `crv: "X25519"`) import and
//! export, generation, and `deriveBits` on `x25519-dalek`.

use crate::algorithm::AlgorithmName;
use crate::error::{SubtleResult, data, invalid_access, not_supported, operation};
use crate::format::{Format, KeyData};
use crate::jwk::Jwk;
use crate::key::{KeyAlgorithm, Material};

/// RFC 8410: SubjectPublicKeyInfo for id-X25519 (1.3.101.110), up to the 32 key bytes.
const SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00];
/// RFC 8410: a version-1 OneAsymmetricKey for id-X25519, up to the 32 private key bytes.
const PKCS8_PREFIX: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20];

fn key_bytes(bytes: &[u8], what: &str) -> SubtleResult<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| data(format!("X25519 {what} keys must be exactly 32-bytes (provided {}).", bytes.len())))
}

fn public_of_scalar(scalar: &[u8; 32]) -> [u8; 32] {
    let secret = x25519_dalek::StaticSecret::from(*scalar);
    *x25519_dalek::PublicKey::from(&secret).as_bytes()
}

fn from_jwk(jwk: &Jwk) -> SubtleResult<Material> {
    let kty = jwk.get("kty").unwrap_or_default();
    if kty != "OKP" {
        return Err(data(format!("X25519 \"jwk\" key must have \"kty\" equal to \"OKP\" (encountered \"{kty}\").")));
    }
    let crv = jwk.get("crv").unwrap_or_default();
    if crv != "X25519" {
        return Err(data(format!("X25519 \"jwk\" key must have \"crv\" equal to \"X25519\" (encountered \"{crv}\").")));
    }
    let x = key_bytes(&jwk.bytes("x")?, "raw")?;
    let Some(d) = jwk.optional_bytes("d")? else { return Ok(Material::X25519Public(x)) };
    let d = key_bytes(&d, "private")?;
    if public_of_scalar(&d) != x {
        return Err(data("X25519 \"jwk\" key's \"d\" does not match its \"x\"."));
    }
    Ok(Material::X25519Private(d))
}

/// The key algorithm and material for imported key data.
pub(crate) fn import(format: Format, key_data: &KeyData) -> SubtleResult<(KeyAlgorithm, Material)> {
    let material = match format {
        Format::Raw => Material::X25519Public(key_bytes(key_data.bytes()?, "raw")?),
        Format::Spki => {
            let der = key_data.bytes()?;
            let key = der.strip_prefix(&SPKI_PREFIX[..]).ok_or_else(|| data("Invalid X25519 key in SPKI format."))?;
            Material::X25519Public(key_bytes(key, "raw")?)
        }
        Format::Pkcs8 => {
            let der = key_data.bytes()?;
            let key = der.strip_prefix(&PKCS8_PREFIX[..]).ok_or_else(|| data("Invalid X25519 key in PKCS8 format."))?;
            Material::X25519Private(key_bytes(key, "private")?)
        }
        Format::Jwk => from_jwk(key_data.jwk()?)?,
    };
    Ok((KeyAlgorithm::new(AlgorithmName::X25519), material))
}

/// A new private key of 32 `random` bytes.
pub(crate) fn generate(random: &mut dyn FnMut(&mut [u8])) -> (KeyAlgorithm, Material) {
    let mut scalar = [0u8; 32];
    random(&mut scalar);
    (KeyAlgorithm::new(AlgorithmName::X25519), Material::X25519Private(scalar))
}

/// The public half of a private key.
pub(crate) fn public_of(material: &Material) -> Option<Material> {
    match material {
        Material::X25519Private(scalar) => Some(Material::X25519Public(public_of_scalar(scalar))),
        _ => None,
    }
}

/// Exports key material (without `key_ops`/`ext` for jwk; the caller adds them).
pub(crate) fn export(material: &Material, format: Format) -> SubtleResult<KeyData> {
    let wrong = || invalid_access(format!("This key type cannot be exported as \"{}\".", format.as_str()));
    match (format, material) {
        (Format::Raw, Material::X25519Public(x)) => Ok(KeyData::Bytes(x.to_vec())),
        (Format::Spki, Material::X25519Public(x)) => Ok(KeyData::Bytes([&SPKI_PREFIX[..], x].concat())),
        (Format::Pkcs8, Material::X25519Private(d)) => Ok(KeyData::Bytes([&PKCS8_PREFIX[..], d].concat())),
        (Format::Jwk, Material::X25519Public(_) | Material::X25519Private(_)) => {
            let mut jwk = Jwk::default();
            jwk.set("kty", "OKP");
            jwk.set("crv", "X25519");
            match material {
                Material::X25519Private(d) => {
                    jwk.set_bytes("x", &public_of_scalar(d));
                    jwk.set_bytes("d", d);
                }
                Material::X25519Public(x) => jwk.set_bytes("x", x),
                _ => return Err(wrong()),
            }
            Ok(KeyData::Jwk(jwk))
        }
        (Format::Raw, _) => Err(invalid_access("Raw export of X25519 keys is only allowed for public keys.")),
        (Format::Spki, _) => Err(invalid_access("Asymmetric spki export requires public key (not \"private\").")),
        (Format::Pkcs8, _) => Err(invalid_access("Asymmetric pkcs8 export requires private key (not \"public\").")),
        _ => Err(wrong()),
    }
}

/// The shared secret of a private and a public key (all 32 bytes).
pub(crate) fn shared_secret(private: &Material, public: &Material) -> SubtleResult<Vec<u8>> {
    let (Material::X25519Private(d), Material::X25519Public(x)) = (private, public) else {
        return Err(not_supported("X25519 needs an X25519 private and public key."));
    };
    let secret = x25519_dalek::StaticSecret::from(*d);
    let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(*x));
    // RFC 7748 section 6.1: an all-zero output means a small-order peer key.
    if !shared.was_contributory() {
        return Err(operation("Failed to derive EDDH key: public key routines INVALID_PEER_KEY."));
    }
    Ok(shared.as_bytes().to_vec())
}
