//! PBKDF2 (RFC 8018) and HKDF (RFC 5869) keys and `deriveBits`, on the `pbkdf2` and
//! `hkdf` crates. Their keys are raw secret bytes that never leave the key (not
//! extractable, import only).

use crate::algorithm::{AlgorithmName, Hash, Params, missing};
use crate::error::{SubtleResult, not_supported, operation};
use crate::format::{Format, KeyData};
use crate::key::{KeyAlgorithm, Material};

/// The key algorithm and material for imported key data (`raw` only).
pub(crate) fn import(format: Format, key_data: &KeyData, params: &Params) -> SubtleResult<(KeyAlgorithm, Material)> {
    if format != Format::Raw {
        return Err(not_supported(format!(
            "{} key must be imported in \"raw\" format (requested \"{}\").",
            params.name.as_str(),
            format.as_str()
        )));
    }
    Ok((KeyAlgorithm::new(params.name), Material::Secret(key_data.bytes()?.to_vec())))
}

/// The checks workerd makes on a KDF's `length` argument.
fn output_bytes(name: AlgorithmName, length: Option<u32>) -> SubtleResult<usize> {
    let length = length.ok_or_else(|| operation(format!("{} cannot derive a key with null length.", name.as_str())))?;
    if !length.is_multiple_of(8) {
        return Err(operation(format!(
            "{} requires a derived key length that is a multiple of eight (requested {length}).",
            name.as_str()
        )));
    }
    Ok(length as usize / 8)
}

/// `deriveBits` for PBKDF2 and HKDF.
pub(crate) fn derive_bits(
    name: AlgorithmName,
    secret: &[u8],
    params: &Params,
    length: Option<u32>,
) -> SubtleResult<Vec<u8>> {
    let hash = params.hash.ok_or_else(|| missing("hash", "algorithm"))?;
    let salt = params.salt.as_deref().ok_or_else(|| missing("salt", "algorithm"))?;
    match name {
        AlgorithmName::Pbkdf2 => {
            let iterations = params.iterations.ok_or_else(|| missing("iterations", "algorithm"))?;
            let bytes = output_bytes(name, length)?;
            if iterations == 0 {
                return Err(operation(format!("PBKDF2 requires a positive iteration count (requested {iterations}).")));
            }
            let mut out = vec![0u8; bytes];
            match hash {
                Hash::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(secret, salt, iterations, &mut out),
                Hash::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(secret, salt, iterations, &mut out),
                Hash::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(secret, salt, iterations, &mut out),
                Hash::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(secret, salt, iterations, &mut out),
            }
            Ok(out)
        }
        _ => {
            let info = params.info.as_deref().ok_or_else(|| missing("info", "algorithm"))?;
            let bytes = output_bytes(name, length)?;
            let mut out = vec![0u8; bytes];
            let expanded = match hash {
                Hash::Sha1 => hkdf::Hkdf::<sha1::Sha1>::new(Some(salt), secret).expand(info, &mut out),
                Hash::Sha256 => hkdf::Hkdf::<sha2::Sha256>::new(Some(salt), secret).expand(info, &mut out),
                Hash::Sha384 => hkdf::Hkdf::<sha2::Sha384>::new(Some(salt), secret).expand(info, &mut out),
                Hash::Sha512 => hkdf::Hkdf::<sha2::Sha512>::new(Some(salt), secret).expand(info, &mut out),
            };
            expanded.map_err(|_| operation("HKDF deriveBits failed."))?;
            Ok(out)
        }
    }
}
