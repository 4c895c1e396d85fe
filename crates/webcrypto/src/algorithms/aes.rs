//! AES keys (raw and `kty: "oct"` jwk import/export, generation) and the four WebCrypto
//! AES modes: GCM (any IV length, 32-128 bit tags), CBC with PKCS #7 padding, CTR with a
//! counter of `length` bits, and KW (RFC 3394).
//!
//! The block cipher is the `aes` crate and GHASH the `ghash` crate; GCM, CBC and CTR are
//! composed here because WebCrypto's parameters (IVs of any length, 32- and 64-bit tags,
//! a counter that wraps within its low `length` bits) are outside what the RustCrypto
//! mode crates' type-level sizes express. KW is the `aes-kw` crate.

use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use ghash::universal_hash::UniversalHash;

use crate::algorithm::{AlgorithmName, Params, missing};
use crate::error::{SubtleError, SubtleResult, data, not_supported, operation, type_error};
use crate::format::{Format, KeyData};
use crate::jwk::Jwk;
use crate::key::{KeyAlgorithm, Material};

const BLOCK: usize = 16;

/// An expanded AES key of any of the three sizes.
enum Cipher {
    Aes128(Box<aes::Aes128>),
    Aes192(Box<aes::Aes192>),
    Aes256(Box<aes::Aes256>),
}

impl Cipher {
    fn new(key: &[u8]) -> SubtleResult<Self> {
        let bad = || operation(format!("Invalid AES key length {} bits.", key.len() * 8));
        Ok(match key.len() {
            16 => Self::Aes128(Box::new(aes::Aes128::new_from_slice(key).map_err(|_| bad())?)),
            24 => Self::Aes192(Box::new(aes::Aes192::new_from_slice(key).map_err(|_| bad())?)),
            32 => Self::Aes256(Box::new(aes::Aes256::new_from_slice(key).map_err(|_| bad())?)),
            _ => return Err(bad()),
        })
    }

    fn encrypt(&self, block: &mut [u8; BLOCK]) {
        let mut b = aes::Block::from(*block);
        match self {
            Self::Aes128(c) => c.encrypt_block(&mut b),
            Self::Aes192(c) => c.encrypt_block(&mut b),
            Self::Aes256(c) => c.encrypt_block(&mut b),
        }
        block.copy_from_slice(&b);
    }

    fn decrypt(&self, block: &mut [u8; BLOCK]) {
        let mut b = aes::Block::from(*block);
        match self {
            Self::Aes128(c) => c.decrypt_block(&mut b),
            Self::Aes192(c) => c.decrypt_block(&mut b),
            Self::Aes256(c) => c.decrypt_block(&mut b),
        }
        block.copy_from_slice(&b);
    }
}

fn mode_suffix(name: AlgorithmName) -> &'static str {
    match name {
        AlgorithmName::AesGcm => "GCM",
        AlgorithmName::AesCbc => "CBC",
        AlgorithmName::AesCtr => "CTR",
        _ => "KW",
    }
}

fn algorithm(name: AlgorithmName, bytes: usize) -> KeyAlgorithm {
    KeyAlgorithm { length_bits: Some((bytes * 8) as u32), ..KeyAlgorithm::new(name) }
}

fn check_length(bytes: usize) -> SubtleResult<()> {
    if matches!(bytes, 16 | 24 | 32) {
        return Ok(());
    }
    Err(data(format!("Imported AES key length must be 128, 192, or 256 bits but provided {}.", bytes * 8)))
}

/// The key algorithm and material for imported key data.
pub(crate) fn import(format: Format, key_data: &KeyData, params: &Params) -> SubtleResult<(KeyAlgorithm, Material)> {
    let secret = match format {
        Format::Raw => key_data.bytes()?.to_vec(),
        Format::Jwk => {
            let jwk = key_data.jwk()?;
            let kty = jwk.get("kty").unwrap_or_default();
            if kty != "oct" {
                return Err(data(format!(
                    "Symmetric \"jwk\" key import requires a JSON Web Key with Key Type parameter \"kty\" equal to \"oct\" (encountered \"{kty}\")."
                )));
            }
            let secret = jwk
                .get("k")
                .and_then(crate::jwk::decode)
                .ok_or_else(|| data("Symmetric \"jwk\" key import requires a base64Url encoding of the key."))?;
            check_length(secret.len())?;
            let expected = format!("A{}{}", secret.len() * 8, mode_suffix(params.name));
            if let Some(alg) = jwk.get("alg")
                && alg != expected
            {
                return Err(data(format!(
                    "Symmetric \"jwk\" key contains invalid \"alg\" value \"{alg}\", expected \"{expected}\"."
                )));
            }
            secret
        }
        Format::Spki | Format::Pkcs8 => {
            return Err(not_supported(format!("Unrecognized key import format \"{}\".", format.as_str())));
        }
    };
    check_length(secret.len())?;
    Ok((algorithm(params.name, secret.len()), Material::Secret(secret)))
}

/// A new key of `length` bits from `random` bytes.
pub(crate) fn generate(params: &Params, random: &mut dyn FnMut(&mut [u8])) -> SubtleResult<(KeyAlgorithm, Material)> {
    let length = params.length_bits.ok_or_else(|| missing("length", "algorithm"))?;
    if !matches!(length, 128 | 192 | 256) {
        return Err(operation(format!(
            "Generated AES key length must be 128, 192, or 256 bits but requested {length}."
        )));
    }
    let mut secret = vec![0u8; length as usize / 8];
    random(&mut secret);
    Ok((algorithm(params.name, secret.len()), Material::Secret(secret)))
}

/// Exports the key bytes (`raw`) or a JWK without `key_ops`/`ext` (the caller adds them).
pub(crate) fn export(secret: &[u8], name: AlgorithmName, format: Format) -> SubtleResult<KeyData> {
    match format {
        Format::Raw => Ok(KeyData::Bytes(secret.to_vec())),
        Format::Jwk => {
            let mut jwk = Jwk::default();
            jwk.set("kty", "oct");
            jwk.set("alg", format!("A{}{}", secret.len() * 8, mode_suffix(name)));
            jwk.set_bytes("k", secret);
            Ok(KeyData::Jwk(jwk))
        }
        Format::Spki | Format::Pkcs8 => Err(not_supported(format!(
            "{} key only supports exporting \"raw\", \"raw-secret\" & \"jwk\", not \"{}\".",
            name.as_str(),
            format.as_str()
        ))),
    }
}

/// workerd's message for a decryption that fails authentication or unpadding.
fn decryption_failed(name: AlgorithmName, input: usize, output: usize) -> SubtleError {
    operation(format!(
        "Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was {input}, output length expected to be {output} for {}",
        name.as_str()
    ))
}

/// Encrypts (`encrypt`) or decrypts with AES-GCM, AES-CBC or AES-CTR.
pub(crate) fn crypt(
    name: AlgorithmName,
    secret: &[u8],
    params: &Params,
    input: &[u8],
    encrypt: bool,
) -> SubtleResult<Vec<u8>> {
    let cipher = Cipher::new(secret)?;
    match name {
        AlgorithmName::AesGcm => gcm(&cipher, params, input, encrypt),
        AlgorithmName::AesCbc => {
            let iv = params.iv.as_deref().ok_or_else(|| missing("iv", "algorithm"))?;
            let iv: [u8; BLOCK] = iv.try_into().map_err(|_| {
                let unit = if encrypt { " bytes" } else { "" };
                operation(format!("AES-CBC IV must be 16 bytes long (provided {}{unit}).", iv.len()))
            })?;
            if encrypt {
                Ok(cbc_encrypt(&cipher, iv, input))
            } else {
                cbc_decrypt(&cipher, iv, input).ok_or_else(|| decryption_failed(name, input.len(), 0))
            }
        }
        AlgorithmName::AesCtr => ctr(&cipher, params, input),
        _ => Err(not_supported(format!("{} cannot encrypt or decrypt.", name.as_str()))),
    }
}

fn xor_into(target: &mut [u8], source: &[u8]) {
    for (t, s) in target.iter_mut().zip(source) {
        *t ^= s;
    }
}

fn cbc_encrypt(cipher: &Cipher, iv: [u8; BLOCK], input: &[u8]) -> Vec<u8> {
    // PKCS #7: always 1 to 16 bytes of padding, each holding the padding length.
    let pad = BLOCK - input.len() % BLOCK;
    let mut data = input.to_vec();
    data.extend(std::iter::repeat_n(pad as u8, pad));
    let mut previous = iv;
    for chunk in data.chunks_exact_mut(BLOCK) {
        xor_into(&mut previous, chunk);
        cipher.encrypt(&mut previous);
        chunk.copy_from_slice(&previous);
    }
    data
}

fn cbc_decrypt(cipher: &Cipher, iv: [u8; BLOCK], input: &[u8]) -> Option<Vec<u8>> {
    if input.is_empty() || !input.len().is_multiple_of(BLOCK) {
        return None;
    }
    let mut out = Vec::with_capacity(input.len());
    let mut previous = iv;
    for chunk in input.chunks_exact(BLOCK) {
        let mut block: [u8; BLOCK] = chunk.try_into().ok()?;
        cipher.decrypt(&mut block);
        xor_into(&mut block, &previous);
        out.extend_from_slice(&block);
        previous.copy_from_slice(chunk);
    }
    let pad = usize::from(*out.last()?);
    if pad == 0 || pad > BLOCK || !out[out.len() - pad..].iter().all(|b| usize::from(*b) == pad) {
        return None;
    }
    out.truncate(out.len() - pad);
    Some(out)
}

/// AES-CTR: the counter block's low `length` bits count, wrapping, and the rest is fixed.
fn ctr(cipher: &Cipher, params: &Params, input: &[u8]) -> SubtleResult<Vec<u8>> {
    let counter =
        params.counter.as_deref().ok_or_else(|| type_error("Missing \"counter\" member in \"algorithm\"."))?;
    let counter: [u8; BLOCK] = counter
        .try_into()
        .map_err(|_| operation(format!("Counter must have length of 16 bytes (provided {}).", counter.len())))?;
    let length = params.length_bits.ok_or_else(|| type_error("Missing \"length\" member in \"algorithm\"."))?;
    if length == 0 || length > 128 {
        return Err(operation(format!("Invalid counter of {length} bits length provided.")));
    }
    let blocks = input.len().div_ceil(BLOCK) as u128;
    if length < 128 && blocks > 1u128 << length {
        return Err(operation("Counter block values will repeat."));
    }
    let mask = if length == 128 { u128::MAX } else { (1u128 << length) - 1 };
    let mut value = u128::from_be_bytes(counter);
    let mut out = input.to_vec();
    for chunk in out.chunks_mut(BLOCK) {
        let mut stream = value.to_be_bytes();
        cipher.encrypt(&mut stream);
        xor_into(chunk, &stream);
        value = (value & !mask) | (value.wrapping_add(1) & mask);
    }
    Ok(out)
}

/// The GHASH of `aad` and `text` (NIST SP 800-38D, section 7.1 step 5).
fn ghash(h: &[u8; BLOCK], aad: &[u8], text: &[u8]) -> [u8; BLOCK] {
    let mut hasher = ghash::GHash::new(&ghash::Key::from(*h));
    hasher.update_padded(aad);
    hasher.update_padded(text);
    let mut lengths = [0u8; BLOCK];
    lengths[..8].copy_from_slice(&((aad.len() as u64) * 8).to_be_bytes());
    lengths[8..].copy_from_slice(&((text.len() as u64) * 8).to_be_bytes());
    hasher.update_padded(&lengths);
    hasher.finalize().into()
}

fn inc32(block: &mut [u8; BLOCK]) {
    let low = u32::from_be_bytes([block[12], block[13], block[14], block[15]]).wrapping_add(1);
    block[12..].copy_from_slice(&low.to_be_bytes());
}

fn gcm(cipher: &Cipher, params: &Params, input: &[u8], encrypt: bool) -> SubtleResult<Vec<u8>> {
    let iv = params.iv.as_deref().ok_or_else(|| missing("iv", "algorithm"))?;
    if iv.is_empty() {
        return Err(operation("AES-GCM IV must not be empty."));
    }
    let tag_bits = params.tag_length.unwrap_or(128);
    if !matches!(tag_bits, 32 | 64 | 96 | 104 | 112 | 120 | 128) {
        return Err(operation(format!("Invalid AES-GCM tag length {tag_bits}.")));
    }
    let tag_bytes = tag_bits as usize / 8;
    let aad = params.additional_data.as_deref().unwrap_or_default();
    let mut h = [0u8; BLOCK];
    cipher.encrypt(&mut h);
    // J0: the IV and a 32-bit counter of 1 for 96-bit IVs, else GHASH of the IV.
    let j0 = if iv.len() == 12 {
        let mut j0 = [0u8; BLOCK];
        j0[..12].copy_from_slice(iv);
        j0[15] = 1;
        j0
    } else {
        ghash(&h, &[], iv)
    };
    let (text, received_tag) = if encrypt {
        (input, &[][..])
    } else {
        if input.len() < tag_bytes {
            return Err(operation(format!(
                "Ciphertext length of {} bits must be greater than or equal to the size of the AES-GCM tag length of {tag_bits} bits.",
                input.len() * 8
            )));
        }
        input.split_at(input.len() - tag_bytes)
    };
    let mut out = text.to_vec();
    let mut counter = j0;
    for chunk in out.chunks_mut(BLOCK) {
        inc32(&mut counter);
        let mut stream = counter;
        cipher.encrypt(&mut stream);
        xor_into(chunk, &stream);
    }
    let ciphertext = if encrypt { &out[..] } else { text };
    let mut tag = ghash(&h, aad, ciphertext);
    let mut mask = j0;
    cipher.encrypt(&mut mask);
    xor_into(&mut tag, &mask);
    if encrypt {
        out.extend_from_slice(&tag[..tag_bytes]);
        return Ok(out);
    }
    let difference = tag[..tag_bytes].iter().zip(received_tag).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    if difference != 0 {
        return Err(decryption_failed(AlgorithmName::AesGcm, text.len(), text.len()));
    }
    Ok(out)
}

/// AES-KW (RFC 3394) wrapping of `key_bytes`.
pub(crate) fn wrap(secret: &[u8], key_bytes: &[u8]) -> SubtleResult<Vec<u8>> {
    if !key_bytes.len().is_multiple_of(8) {
        return Err(operation(format!(
            "Unwrapped key bit length must be a multiple of 64 bits but unwrapped key has a length of {} bits.",
            key_bytes.len() * 8
        )));
    }
    if key_bytes.len() < 16 {
        return Err(operation(format!(
            "Unwrapped key has length {} bytes but it should be greater than or equal to 16 and less than or equal to {}",
            key_bytes.len(),
            usize::MAX - 8
        )));
    }
    let mut out = vec![0u8; key_bytes.len() + 8];
    let failed = || operation("AES-KW key wrapping failed.");
    match secret.len() {
        16 => aes_kw::KwAes128::new_from_slice(secret).map_err(|_| failed())?.wrap_key(key_bytes, &mut out).map(|_| ()),
        24 => aes_kw::KwAes192::new_from_slice(secret).map_err(|_| failed())?.wrap_key(key_bytes, &mut out).map(|_| ()),
        _ => aes_kw::KwAes256::new_from_slice(secret).map_err(|_| failed())?.wrap_key(key_bytes, &mut out).map(|_| ()),
    }
    .map_err(|_| failed())?;
    Ok(out)
}

/// AES-KW (RFC 3394) unwrapping; the integrity check failing is an `OperationError`.
pub(crate) fn unwrap(secret: &[u8], wrapped: &[u8]) -> SubtleResult<Vec<u8>> {
    if !wrapped.len().is_multiple_of(8) {
        return Err(operation(format!(
            "Provided a wrapped key to unwrap that is {} bits which isn't a multiple of 64 bits.",
            wrapped.len() * 8
        )));
    }
    if wrapped.len() < 24 {
        return Err(operation(format!(
            "Provided a wrapped key to unwrap this is {} bits that is less than the minimal length of 192 bits.",
            wrapped.len() * 8
        )));
    }
    let mut out = vec![0u8; wrapped.len() - 8];
    let failed = || operation("AES-KW key unwrapping failed.");
    match secret.len() {
        16 => aes_kw::KwAes128::new_from_slice(secret).map_err(|_| failed())?.unwrap_key(wrapped, &mut out).map(|_| ()),
        24 => aes_kw::KwAes192::new_from_slice(secret).map_err(|_| failed())?.unwrap_key(wrapped, &mut out).map(|_| ()),
        _ => aes_kw::KwAes256::new_from_slice(secret).map_err(|_| failed())?.unwrap_key(wrapped, &mut out).map(|_| ()),
    }
    .map_err(|_| failed())?;
    Ok(out)
}
