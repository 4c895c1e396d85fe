//! HMAC (RFC 2104) keys: raw and jwk (`kty: "oct"`) import/export, sign, verify, generate.

use hmac::{KeyInit, Mac};

use crate::algorithm::{AlgorithmName, Hash, Params};
use crate::error::{SubtleResult, data, not_supported, operation};
use crate::format::{Format, KeyData};
use crate::jwk::Jwk;
use crate::key::{KeyAlgorithm, Material};

fn algorithm(hash: Hash, length_bits: u32) -> KeyAlgorithm {
    KeyAlgorithm { hash: Some(hash), length_bits: Some(length_bits), ..KeyAlgorithm::new(AlgorithmName::Hmac) }
}

fn jwk_alg(hash: Hash) -> String {
    format!("HS{}", hash.jwa_suffix())
}

/// The key algorithm and material for imported key bytes.
pub(crate) fn import(format: Format, key_data: &KeyData, params: &Params) -> SubtleResult<(KeyAlgorithm, Material)> {
    let hash = params.required_hash()?;
    let secret = match format {
        Format::Raw => key_data.bytes()?.to_vec(),
        Format::Jwk => {
            let jwk = key_data.jwk()?;
            jwk.require_kty("oct")?;
            jwk.require_alg(&jwk_alg(hash))?;
            jwk.bytes("k")?
        }
        Format::Spki | Format::Pkcs8 => {
            return Err(not_supported(format!("HMAC keys cannot be imported in the \"{}\" format.", format.as_str())));
        }
    };
    if secret.is_empty() {
        return Err(data("HMAC key data must not be empty."));
    }
    let bits = u32::try_from(secret.len() * 8).map_err(|_| data("HMAC key data is too long."))?;
    // WebCrypto: `length` may only drop bits of the last byte.
    let length_bits = match params.length_bits {
        None => bits,
        Some(length) if length <= bits && length > bits.saturating_sub(8) => length,
        Some(length) => {
            return Err(data(format!("The HMAC key length {length} does not match the key data ({bits} bits).")));
        }
    };
    Ok((algorithm(hash, length_bits), Material::Hmac(secret)))
}

/// A new key of `length` bits (default: the hash block size) from `random` bytes.
pub(crate) fn generate(params: &Params, random: &mut dyn FnMut(&mut [u8])) -> SubtleResult<(KeyAlgorithm, Material)> {
    let hash = params.required_hash()?;
    let length_bits = match params.length_bits {
        None => hash.block_size_bytes() as u32 * 8,
        Some(0) => return Err(operation("HMAC key length must not be zero.")),
        Some(length) => length,
    };
    let mut secret = vec![0u8; length_bits.div_ceil(8) as usize];
    random(&mut secret);
    Ok((algorithm(hash, length_bits), Material::Hmac(secret)))
}

/// Exports the secret (`raw`) or a JWK without `key_ops`/`ext` (the caller adds them).
pub(crate) fn export(secret: &[u8], algorithm: &KeyAlgorithm, format: Format) -> SubtleResult<KeyData> {
    match format {
        Format::Raw => Ok(KeyData::Bytes(secret.to_vec())),
        Format::Jwk => {
            let mut jwk = Jwk::default();
            jwk.set("kty", "oct");
            jwk.set_bytes("k", secret);
            if let Some(hash) = algorithm.hash {
                jwk.set("alg", jwk_alg(hash));
            }
            Ok(KeyData::Jwk(jwk))
        }
        Format::Spki | Format::Pkcs8 => {
            Err(not_supported(format!("HMAC keys cannot be exported in the \"{}\" format.", format.as_str())))
        }
    }
}

/// The MAC of `message`.
pub(crate) fn sign(secret: &[u8], hash: Hash, message: &[u8]) -> SubtleResult<Vec<u8>> {
    fn mac<M: Mac + KeyInit>(secret: &[u8], message: &[u8]) -> SubtleResult<Vec<u8>> {
        let mut mac = <M as KeyInit>::new_from_slice(secret).map_err(|_| operation("Invalid HMAC key length."))?;
        mac.update(message);
        Ok(mac.finalize().into_bytes().to_vec())
    }
    match hash {
        Hash::Sha1 => mac::<hmac::Hmac<sha1::Sha1>>(secret, message),
        Hash::Sha256 => mac::<hmac::Hmac<sha2::Sha256>>(secret, message),
        Hash::Sha384 => mac::<hmac::Hmac<sha2::Sha384>>(secret, message),
        Hash::Sha512 => mac::<hmac::Hmac<sha2::Sha512>>(secret, message),
    }
}

/// Whether `signature` is the MAC of `message`, compared in constant time.
pub(crate) fn verify(secret: &[u8], hash: Hash, message: &[u8], signature: &[u8]) -> SubtleResult<bool> {
    let expected = sign(secret, hash, message)?;
    if expected.len() != signature.len() {
        return Ok(false);
    }
    let difference = expected.iter().zip(signature).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    Ok(difference == 0)
}
