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
    fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Private => "private",
            Self::Secret => "secret",
        }
    }
}

/// `KeyUsage`, restricted to the signature usages crosstalk implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Usage {
    Sign,
    Verify,
}

impl Usage {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Sign => "sign",
            Self::Verify => "verify",
        }
    }
}

/// Reads a `sequence<KeyUsage>`; usages of other algorithm families (encrypt, deriveKey,
/// ...) parse but are never allowed for the keys crosstalk makes, hence `SyntaxError`.
pub(crate) fn parse_usages(value: &JsValue, context: &mut Context) -> SubtleResult<Vec<Option<Usage>>> {
    let object = value.as_object().ok_or_else(|| type_error("keyUsages must be an array of strings."))?;
    let array = JsArray::from_object(object.clone()).map_err(|_| type_error("keyUsages must be an array."))?;
    let length = array.length(context).map_err(|e| type_error(e.to_string()))?;
    let mut usages = Vec::new();
    for i in 0..length {
        let item = array.get(i, context).map_err(|e| type_error(e.to_string()))?;
        let item = item.as_string().ok_or_else(|| type_error("keyUsages must be an array of strings."))?;
        let usage = match item.to_std_string_escaped().as_str() {
            "sign" => Some(Usage::Sign),
            "verify" => Some(Usage::Verify),
            "encrypt" | "decrypt" | "deriveKey" | "deriveBits" | "wrapKey" | "unwrapKey" => None,
            other => return Err(type_error(format!("Invalid keyUsages value \"{other}\"."))),
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
    RsaPublic(rsa::RsaPublicKey),
    RsaPrivate(Box<rsa::RsaPrivateKey>),
    P256Public(p256::ecdsa::VerifyingKey),
    P256Private(p256::ecdsa::SigningKey),
    P384Public(p384::ecdsa::VerifyingKey),
    P384Private(p384::ecdsa::SigningKey),
    Ed25519Public(ed25519_dalek::VerifyingKey),
    Ed25519Private(Box<ed25519_dalek::SigningKey>),
}

impl Material {
    pub(crate) fn key_type(&self) -> KeyType {
        match self {
            Self::Hmac(_) => KeyType::Secret,
            Self::RsaPublic(_) | Self::P256Public(_) | Self::P384Public(_) | Self::Ed25519Public(_) => KeyType::Public,
            Self::RsaPrivate(_) | Self::P256Private(_) | Self::P384Private(_) | Self::Ed25519Private(_) => {
                KeyType::Private
            }
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
        let usages = [Usage::Sign, Usage::Verify].into_iter().filter(|u| usages.contains(u)).collect();
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
