//! The `CryptoKey` class: an algorithm, a type, usages, extractability, and the key
//! material as Rust data.
//!
//! Key material never becomes a JS value except through `exportKey`; the JS objects a
//! key hands out (`algorithm`, `usages`) are made on first read and cached on the key so
//! `key.algorithm === key.algorithm` as in browsers and workerd.

use boa_engine::class::Class;
use boa_engine::gc::GcRefCell;
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsArray;
use boa_engine::property::Attribute;
use boa_engine::{Context, Finalize, JsData, JsObject, JsResult, JsValue, Trace, boa_class, js_error, js_string};

use crate::algorithm::{AlgorithmName, Curve, Hash};
use crate::buffer;
use crate::error::{SubtleResult, type_error};

/// `KeyType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyType {
    Public,
    Private,
    Secret,
}

impl KeyType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Private => "private",
            Self::Secret => "secret",
        }
    }
}

/// `KeyUsage`, in the order WebCrypto (and workerd) list a key's usages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Usage {
    Encrypt,
    Decrypt,
    Sign,
    Verify,
    DeriveKey,
    DeriveBits,
    WrapKey,
    UnwrapKey,
}

impl Usage {
    /// Every usage, in WebCrypto's order.
    pub(crate) const ALL: [Self; 8] = [
        Self::Encrypt,
        Self::Decrypt,
        Self::Sign,
        Self::Verify,
        Self::DeriveKey,
        Self::DeriveBits,
        Self::WrapKey,
        Self::UnwrapKey,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Encrypt => "encrypt",
            Self::Decrypt => "decrypt",
            Self::Sign => "sign",
            Self::Verify => "verify",
            Self::DeriveKey => "deriveKey",
            Self::DeriveBits => "deriveBits",
            Self::WrapKey => "wrapKey",
            Self::UnwrapKey => "unwrapKey",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == name)
    }
}

/// A requested usage: a `KeyUsage`, or a string that is none (workerd reports it as an
/// invalid usage of the algorithm, a `SyntaxError`, rather than a `TypeError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Requested {
    Usage(Usage),
    Unknown(String),
}

impl Requested {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Usage(usage) => usage.as_str(),
            Self::Unknown(name) => name,
        }
    }
}

/// Reads a `sequence<KeyUsage>`, without duplicates.
pub(crate) fn parse_usages(value: &JsValue, context: &mut Context) -> SubtleResult<Vec<Requested>> {
    let object = value.as_object().ok_or_else(|| type_error("keyUsages must be an array of strings."))?;
    let array = JsArray::from_object(object.clone()).map_err(|_| type_error("keyUsages must be an array."))?;
    let length = array.length(context).map_err(|e| type_error(e.to_string()))?;
    let mut usages = Vec::new();
    for i in 0..length {
        let item = array.get(i, context).map_err(|e| type_error(e.to_string()))?;
        let item = item.to_string(context).map_err(|e| type_error(e.to_string()))?.to_std_string_escaped();
        let usage = match Usage::parse(&item) {
            Some(usage) => Requested::Usage(usage),
            None => Requested::Unknown(item),
        };
        if !usages.contains(&usage) {
            usages.push(usage);
        }
    }
    Ok(usages)
}

/// The secret or asymmetric key itself.
pub(crate) enum Material {
    Hmac(Vec<u8>),
    /// AES, PBKDF2 and HKDF key bytes.
    Secret(Vec<u8>),
    RsaPublic(rsa::RsaPublicKey),
    RsaPrivate(Box<rsa::RsaPrivateKey>),
    P256Public(p256::ecdsa::VerifyingKey),
    P256Private(p256::ecdsa::SigningKey),
    P384Public(p384::ecdsa::VerifyingKey),
    P384Private(p384::ecdsa::SigningKey),
    Ed25519Public(ed25519_dalek::VerifyingKey),
    Ed25519Private(Box<ed25519_dalek::SigningKey>),
    /// An X25519 public key (the u-coordinate, RFC 7748).
    X25519Public([u8; 32]),
    /// An X25519 private key (the scalar as given, before clamping).
    X25519Private([u8; 32]),
}

impl Material {
    pub(crate) fn key_type(&self) -> KeyType {
        match self {
            Self::Hmac(_) | Self::Secret(_) => KeyType::Secret,
            Self::RsaPublic(_)
            | Self::P256Public(_)
            | Self::P384Public(_)
            | Self::Ed25519Public(_)
            | Self::X25519Public(_) => KeyType::Public,
            Self::RsaPrivate(_)
            | Self::P256Private(_)
            | Self::P384Private(_)
            | Self::Ed25519Private(_)
            | Self::X25519Private(_) => KeyType::Private,
        }
    }
}

/// `KeyAlgorithm` and its subtypes as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyAlgorithm {
    pub name: AlgorithmName,
    /// HMAC and RSA.
    pub hash: Option<Hash>,
    /// ECDSA.
    pub curve: Option<Curve>,
    /// HMAC key length in bits.
    pub length_bits: Option<u32>,
    /// RSA.
    pub modulus_length_bits: Option<u32>,
    /// RSA, big-endian without leading zeros.
    pub public_exponent: Option<Vec<u8>>,
}

impl KeyAlgorithm {
    pub(crate) fn new(name: AlgorithmName) -> Self {
        Self { name, hash: None, curve: None, length_bits: None, modulus_length_bits: None, public_exponent: None }
    }

    fn to_object(&self, context: &mut Context) -> JsResult<JsObject> {
        let object = ObjectInitializer::new(context).build();
        object.set(js_string!("name"), js_string!(self.name.as_str()), false, context)?;
        if let Some(length) = self.modulus_length_bits {
            object.set(js_string!("modulusLength"), length, false, context)?;
        }
        if let Some(exponent) = &self.public_exponent {
            let exponent = buffer::uint8_array(exponent, context)?;
            object.set(js_string!("publicExponent"), exponent, false, context)?;
        }
        if let Some(hash) = self.hash {
            let hash = ObjectInitializer::new(context)
                .property(js_string!("name"), js_string!(hash.name()), Attribute::all())
                .build();
            object.set(js_string!("hash"), hash, false, context)?;
        }
        if let Some(length) = self.length_bits {
            object.set(js_string!("length"), length, false, context)?;
        }
        if let Some(curve) = self.curve {
            object.set(js_string!("namedCurve"), js_string!(curve.name()), false, context)?;
        }
        Ok(object)
    }
}

/// The `CryptoKey` interface.
#[derive(Trace, Finalize, JsData)]
pub struct CryptoKey {
    #[unsafe_ignore_trace]
    pub(crate) algorithm: KeyAlgorithm,
    #[unsafe_ignore_trace]
    pub(crate) extractable: bool,
    #[unsafe_ignore_trace]
    pub(crate) usages: Vec<Usage>,
    #[unsafe_ignore_trace]
    pub(crate) material: Material,
    /// The `algorithm` object handed out, made on first read.
    algorithm_object: GcRefCell<Option<JsObject>>,
    /// The `usages` array handed out, made on first read.
    usages_object: GcRefCell<Option<JsObject>>,
}

impl CryptoKey {
    /// A new key; usages are stored in the order WebCrypto lists them.
    pub(crate) fn new(algorithm: KeyAlgorithm, extractable: bool, usages: &[Usage], material: Material) -> Self {
        let usages = Usage::ALL.into_iter().filter(|u| usages.contains(u)).collect();
        Self {
            algorithm,
            extractable,
            usages,
            material,
            algorithm_object: GcRefCell::new(None),
            usages_object: GcRefCell::new(None),
        }
    }

    /// Wraps the key in a JS `CryptoKey` object.
    pub(crate) fn into_object(self, context: &mut Context) -> JsResult<JsObject> {
        crate::crypto_key_class(context)?;
        Self::from_data(self, context)
    }
}

#[boa_class(rename = "CryptoKey")]
#[boa(rename_all = "camelCase")]
impl CryptoKey {
    #[boa(constructor)]
    fn constructor() -> JsResult<Self> {
        Err(js_error!(TypeError: "Illegal constructor"))
    }

    #[boa(getter)]
    #[boa(rename = "type")]
    fn key_type(&self) -> JsValue {
        js_string!(self.material.key_type().as_str()).into()
    }

    #[boa(getter)]
    fn extractable(&self) -> bool {
        self.extractable
    }

    #[boa(getter)]
    fn algorithm(&self, context: &mut Context) -> JsResult<JsObject> {
        if let Some(object) = self.algorithm_object.borrow().as_ref() {
            return Ok(object.clone());
        }
        let object = self.algorithm.to_object(context)?;
        *self.algorithm_object.borrow_mut() = Some(object.clone());
        Ok(object)
    }

    #[boa(getter)]
    fn usages(&self, context: &mut Context) -> JsResult<JsObject> {
        if let Some(object) = self.usages_object.borrow().as_ref() {
            return Ok(object.clone());
        }
        let items: Vec<JsValue> = self.usages.iter().map(|u| js_string!(u.as_str()).into()).collect();
        let object: JsObject = JsArray::from_iter(items, context).into();
        *self.usages_object.borrow_mut() = Some(object.clone());
        Ok(object)
    }
}

/// Runs `f` on the Rust key inside a JS value, or fails with a TypeError naming it.
pub(crate) fn with_key<T>(
    value: &JsValue,
    what: &str,
    f: impl FnOnce(&CryptoKey) -> SubtleResult<T>,
) -> SubtleResult<T> {
    let object = value.as_object().ok_or_else(|| type_error(format!("{what} must be a CryptoKey.")))?;
    let key = object.downcast_ref::<CryptoKey>().ok_or_else(|| type_error(format!("{what} must be a CryptoKey.")))?;
    f(&key)
}
