//! WebCrypto algorithm normalization: a string or `{name, ...}` dictionary becomes plain
//! Rust data (`Hash`, `AlgorithmName`, `Params`).
//!
//! Names compare ASCII case-insensitively and come out in their registered spelling.
//! This module reads JS values but never touches key material.

use boa_engine::{Context, JsObject, JsValue, js_string};
use sha2::Digest as _;

use crate::buffer;
use crate::error::{SubtleResult, not_supported, type_error};

/// A digest algorithm WebCrypto names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }

    fn parse(name: &str) -> SubtleResult<Self> {
        match name.to_ascii_uppercase().as_str() {
            "SHA-1" => Ok(Self::Sha1),
            "SHA-256" => Ok(Self::Sha256),
            "SHA-384" => Ok(Self::Sha384),
            "SHA-512" => Ok(Self::Sha512),
            _ => Err(not_supported(format!("Unrecognized hash algorithm \"{name}\"."))),
        }
    }

    /// The digest of `data`.
    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Self::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Self::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    /// The digest block size in bytes (the HMAC key length `generateKey` uses).
    pub(crate) fn block_size_bytes(self) -> usize {
        match self {
            Self::Sha1 | Self::Sha256 => 64,
            Self::Sha384 | Self::Sha512 => 128,
        }
    }

    /// The JWA suffix (`256` in `HS256`); SHA-1 gives `1`, as WebCrypto's `HS1`/`RS1`/`PS1`.
    pub(crate) fn jwa_suffix(self) -> &'static str {
        match self {
            Self::Sha1 => "1",
            Self::Sha256 => "256",
            Self::Sha384 => "384",
            Self::Sha512 => "512",
        }
    }
}

/// A key algorithm crosstalk implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AlgorithmName {
    Hmac,
    RsassaPkcs1V15,
    RsaPss,
    Ecdsa,
    Ed25519,
    RsaOaep,
    AesGcm,
    AesCbc,
    AesCtr,
    AesKw,
    Ecdh,
    X25519,
    Pbkdf2,
    Hkdf,
}

impl AlgorithmName {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Hmac => "HMAC",
            Self::RsassaPkcs1V15 => "RSASSA-PKCS1-v1_5",
            Self::RsaPss => "RSA-PSS",
            Self::Ecdsa => "ECDSA",
            Self::Ed25519 => "Ed25519",
            Self::RsaOaep => "RSA-OAEP",
            Self::AesGcm => "AES-GCM",
            Self::AesCbc => "AES-CBC",
            Self::AesCtr => "AES-CTR",
            Self::AesKw => "AES-KW",
            Self::Ecdh => "ECDH",
            Self::X25519 => "X25519",
            Self::Pbkdf2 => "PBKDF2",
            Self::Hkdf => "HKDF",
        }
    }

    /// Whether this is one of the AES algorithms.
    pub(crate) fn is_aes(self) -> bool {
        matches!(self, Self::AesGcm | Self::AesCbc | Self::AesCtr | Self::AesKw)
    }

    pub(crate) fn parse(name: &str) -> SubtleResult<Self> {
        match name.to_ascii_uppercase().as_str() {
            "HMAC" => Ok(Self::Hmac),
            "RSASSA-PKCS1-V1_5" => Ok(Self::RsassaPkcs1V15),
            "RSA-PSS" => Ok(Self::RsaPss),
            "ECDSA" => Ok(Self::Ecdsa),
            "ED25519" => Ok(Self::Ed25519),
            "RSA-OAEP" => Ok(Self::RsaOaep),
            "AES-GCM" => Ok(Self::AesGcm),
            "AES-CBC" => Ok(Self::AesCbc),
            "AES-CTR" => Ok(Self::AesCtr),
            "AES-KW" => Ok(Self::AesKw),
            "ECDH" => Ok(Self::Ecdh),
            "X25519" => Ok(Self::X25519),
            "PBKDF2" => Ok(Self::Pbkdf2),
            "HKDF" => Ok(Self::Hkdf),
            _ => Err(not_supported(format!("Unrecognized or unimplemented algorithm \"{name}\"."))),
        }
    }
}

/// A NIST curve for ECDSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
}

impl Curve {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::P256 => "P-256",
            Self::P384 => "P-384",
        }
    }

    pub(crate) fn parse(name: &str) -> SubtleResult<Self> {
        match name {
            "P-256" => Ok(Self::P256),
            "P-384" => Ok(Self::P384),
            _ => Err(not_supported(format!("Unrecognized or unimplemented EC curve \"{name}\"."))),
        }
    }

    /// Bytes of one coordinate or scalar.
    pub(crate) fn field_bytes(self) -> usize {
        match self {
            Self::P256 => 32,
            Self::P384 => 48,
        }
    }
}

/// A normalized algorithm dictionary: the name and the members crosstalk reads.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    pub name: AlgorithmName,
    pub hash: Option<Hash>,
    pub named_curve: Option<String>,
    /// HMAC key length in bits.
    pub length_bits: Option<u32>,
    /// RSA-PSS salt length in bytes.
    pub salt_length_bytes: Option<u32>,
    pub modulus_length_bits: Option<u32>,
    pub public_exponent: Option<Vec<u8>>,
    /// AES-GCM and AES-CBC.
    pub iv: Option<Vec<u8>>,
    /// AES-GCM.
    pub additional_data: Option<Vec<u8>>,
    /// AES-GCM, in bits.
    pub tag_length: Option<u32>,
    /// AES-CTR's initial counter block.
    pub counter: Option<Vec<u8>>,
    /// RSA-OAEP.
    pub label: Option<Vec<u8>>,
    /// PBKDF2 and HKDF.
    pub salt: Option<Vec<u8>>,
    /// HKDF.
    pub info: Option<Vec<u8>>,
    /// PBKDF2.
    pub iterations: Option<u32>,
    /// ECDH and X25519: the peer's public `CryptoKey` (or whatever the worker passed).
    pub public: Option<JsValue>,
}

/// The algorithm name a worker asked for, as given (for messages about unknown names).
pub(crate) fn requested_name(value: &JsValue, context: &mut Context) -> String {
    name_of(value, context).map(|(name, _)| name).unwrap_or_default()
}

fn name_of(value: &JsValue, context: &mut Context) -> SubtleResult<(String, Option<JsObject>)> {
    if let Some(s) = value.as_string() {
        return Ok((s.to_std_string_escaped(), None));
    }
    let object = value.as_object().ok_or_else(|| type_error("Algorithm must be a string or an object."))?;
    let name = get(&object, "name", context)?;
    let name = name
        .as_string()
        .ok_or_else(|| type_error("Algorithm: the required member \"name\" is missing."))?
        .to_std_string_escaped();
    Ok((name, Some(object.clone())))
}

fn get(object: &JsObject, key: &str, context: &mut Context) -> SubtleResult<JsValue> {
    object.get(js_string!(key), context).map_err(|e| type_error(e.to_string()))
}

fn optional_bytes(object: &JsObject, key: &str, context: &mut Context) -> SubtleResult<Option<Vec<u8>>> {
    let value = get(object, key, context)?;
    if value.is_undefined() {
        return Ok(None);
    }
    buffer::bytes_of(&value, context).map(Some)
}

fn optional_u32(object: &JsObject, key: &str, context: &mut Context) -> SubtleResult<Option<u32>> {
    let value = get(object, key, context)?;
    if value.is_undefined() {
        return Ok(None);
    }
    let number = value.as_number().ok_or_else(|| type_error(format!("Algorithm: \"{key}\" must be a number.")))?;
    if !(0.0..=f64::from(u32::MAX)).contains(&number) || number.fract() != 0.0 {
        return Err(type_error(format!("Algorithm: \"{key}\" must be an unsigned 32-bit integer.")));
    }
    Ok(Some(number as u32))
}

/// Normalizes a digest algorithm (`digest()` and the `hash` member).
pub(crate) fn normalize_hash(value: &JsValue, context: &mut Context) -> SubtleResult<Hash> {
    let (name, _) = name_of(value, context)?;
    Hash::parse(&name)
}

/// Normalizes a key algorithm, reading the members its operations use.
pub(crate) fn normalize(value: &JsValue, context: &mut Context) -> SubtleResult<Params> {
    let (name, object) = name_of(value, context)?;
    let name = AlgorithmName::parse(&name)?;
    let mut params = Params {
        name,
        hash: None,
        named_curve: None,
        length_bits: None,
        salt_length_bytes: None,
        modulus_length_bits: None,
        public_exponent: None,
        iv: None,
        additional_data: None,
        tag_length: None,
        counter: None,
        label: None,
        salt: None,
        info: None,
        iterations: None,
        public: None,
    };
    let Some(object) = object else { return Ok(params) };
    let hash = get(&object, "hash", context)?;
    if !hash.is_undefined() {
        params.hash = Some(normalize_hash(&hash, context)?);
    }
    let curve = get(&object, "namedCurve", context)?;
    if !curve.is_undefined() {
        params.named_curve =
            Some(curve.to_string(context).map_err(|e| type_error(e.to_string()))?.to_std_string_escaped());
    }
    params.length_bits = optional_u32(&object, "length", context)?;
    params.salt_length_bytes = optional_u32(&object, "saltLength", context)?;
    params.modulus_length_bits = optional_u32(&object, "modulusLength", context)?;
    let exponent = get(&object, "publicExponent", context)?;
    if !exponent.is_undefined() {
        params.public_exponent = Some(buffer::bytes_of(&exponent, context)?);
    }
    params.iv = optional_bytes(&object, "iv", context)?;
    params.additional_data = optional_bytes(&object, "additionalData", context)?;
    params.tag_length = optional_u32(&object, "tagLength", context)?;
    params.counter = optional_bytes(&object, "counter", context)?;
    params.label = optional_bytes(&object, "label", context)?;
    params.salt = optional_bytes(&object, "salt", context)?;
    params.info = optional_bytes(&object, "info", context)?;
    params.iterations = optional_u32(&object, "iterations", context)?;
    let public = get(&object, "public", context)?;
    if !public.is_undefined() {
        params.public = Some(public);
    }
    Ok(params)
}

/// workerd's TypeError for a required dictionary member that is missing.
pub(crate) fn missing(field: &str, dictionary: &str) -> crate::error::SubtleError {
    type_error(format!("Missing field \"{field}\" in \"{dictionary}\"."))
}

impl Params {
    /// The `hash` member, required by this operation.
    pub(crate) fn required_hash(&self) -> SubtleResult<Hash> {
        self.hash.ok_or_else(|| type_error(format!("{}: the required member \"hash\" is missing.", self.name.as_str())))
    }

    /// The `namedCurve` member, required by this operation.
    pub(crate) fn required_curve(&self) -> SubtleResult<Curve> {
        let name = self
            .named_curve
            .as_deref()
            .ok_or_else(|| type_error("ECDSA: the required member \"namedCurve\" is missing."))?;
        Curve::parse(name)
    }
}
