//! The `SubtleCrypto` methods: argument conversion, usage and algorithm checks, dispatch
//! to `algorithms::*`, and settling the returned promise.
//!
//! Every method returns a promise that is already settled when the method returns
//! (WebCrypto runs "in parallel"; in the simulation that parallel step takes no time).
//! No method throws synchronously, and none panics on input.

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsPromise;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsResult, JsValue, js_string};

use crate::algorithm::{self, AlgorithmName, Params};
use crate::algorithms::{ecdsa, ed25519, hmac, rsa};
use crate::buffer;
use crate::error::{SubtleError, SubtleResult, invalid_access, not_supported, type_error};
use crate::format::{Format, KeyData};
use crate::jwk;
use crate::key::{self, CryptoKey, KeyAlgorithm, KeyType, Material, Usage};

/// Fills a buffer from the simulation's seeded stream (R3).
pub(crate) type Random = fn(&mut Context, &mut [u8]);

fn arg(args: &[JsValue], index: usize) -> JsValue {
    args.get(index).cloned().unwrap_or_default()
}

/// Settles a promise with the outcome of an operation.
pub(crate) fn settle(outcome: SubtleResult<JsValue>, context: &mut Context) -> JsResult<JsValue> {
    match outcome {
        Ok(value) => Ok(JsPromise::resolve(value, context)?.into()),
        Err(error) => {
            let error = error.into_js(context);
            Ok(JsPromise::reject(error, context)?.into())
        }
    }
}

fn js_failure(error: boa_engine::JsError) -> SubtleError {
    SubtleError::Operation(error.to_string())
}

/// `digest(algorithm, data)`.
pub(crate) fn digest(args: &[JsValue], context: &mut Context) -> SubtleResult<JsValue> {
    let hash = algorithm::normalize_hash(&arg(args, 0), context)?;
    let data = buffer::bytes_of(&arg(args, 1), context)?;
    buffer::array_buffer(&hash.digest(&data), context).map_err(js_failure)
}

fn format_of(value: &JsValue, context: &mut Context) -> SubtleResult<Format> {
    let name = value.to_string(context).map_err(|e| type_error(e.to_string()))?;
    Format::parse(&name.to_std_string_escaped())
}

/// The usages a key of `key_type` may carry; anything else is a `SyntaxError`.
fn checked_usages(requested: &[Option<Usage>], key_type: KeyType) -> SubtleResult<Vec<Usage>> {
    let allowed: &[Usage] = match key_type {
        KeyType::Secret => &[Usage::Sign, Usage::Verify],
        KeyType::Public => &[Usage::Verify],
        KeyType::Private => &[Usage::Sign],
    };
    let mut usages = Vec::new();
    for usage in requested {
        match usage {
            Some(usage) if allowed.contains(usage) => usages.push(*usage),
            _ => return Err(SubtleError::Syntax("Cannot create a key using the specified key usages.".into())),
        }
    }
    if usages.is_empty() && key_type != KeyType::Public {
        return Err(SubtleError::Syntax("Usages cannot be empty when creating a key.".into()));
    }
    Ok(usages)
}

/// `importKey(format, keyData, algorithm, extractable, keyUsages)`.
pub(crate) fn import_key(args: &[JsValue], context: &mut Context) -> SubtleResult<JsValue> {
    let format = format_of(&arg(args, 0), context)?;
    let params = algorithm::normalize(&arg(args, 2), context)?;
    let extractable = arg(args, 3).to_boolean();
    let requested = key::parse_usages(&arg(args, 4), context)?;
    let key_data = match format {
        Format::Jwk => KeyData::Jwk(jwk::from_value(&arg(args, 1), context)?),
        _ => KeyData::Bytes(buffer::bytes_of(&arg(args, 1), context)?),
    };
    let (algorithm, material) = match params.name {
        AlgorithmName::Hmac => hmac::import(format, &key_data, &params)?,
        AlgorithmName::RsassaPkcs1V15 | AlgorithmName::RsaPss => rsa::import(format, &key_data, &params)?,
        AlgorithmName::Ecdsa => ecdsa::import(format, &key_data, &params)?,
        AlgorithmName::Ed25519 => ed25519::import(format, &key_data)?,
    };
    let usages = checked_usages(&requested, material.key_type())?;
    if let KeyData::Jwk(jwk) = &key_data {
        jwk.check_common(&usages, extractable)?;
    }
    let key = CryptoKey::new(algorithm, extractable, &usages, material);
    Ok(key.into_object(context).map_err(js_failure)?.into())
}

/// `exportKey(format, key)`.
pub(crate) fn export_key(args: &[JsValue], context: &mut Context) -> SubtleResult<JsValue> {
    let format = format_of(&arg(args, 0), context)?;
    let exported = key::with_key(&arg(args, 1), "key", |key| {
        if !key.extractable {
            return Err(invalid_access("The key is not extractable."));
        }
        let mut exported = match (&key.material, key.algorithm.name) {
            (Material::Hmac(secret), _) => hmac::export(secret, &key.algorithm, format)?,
            (_, AlgorithmName::RsassaPkcs1V15 | AlgorithmName::RsaPss) => {
                rsa::export(&key.material, &key.algorithm, format)?
            }
            (_, AlgorithmName::Ecdsa) => ecdsa::export(&key.material, format)?,
            (_, AlgorithmName::Ed25519) => ed25519::export(&key.material, format)?,
            (_, AlgorithmName::Hmac) => return Err(invalid_access("Key material does not match its algorithm.")),
        };
        if let KeyData::Jwk(jwk) = &mut exported {
            jwk.key_ops = Some(key.usages.iter().map(|u| u.as_str().to_owned()).collect());
            jwk.ext = Some(key.extractable);
        }
        Ok(exported)
    })?;
    match exported {
        KeyData::Bytes(bytes) => buffer::array_buffer(&bytes, context).map_err(js_failure),
        KeyData::Jwk(jwk) => Ok(jwk::to_object(&jwk, context).map_err(js_failure)?.into()),
    }
}

/// Checks shared by `sign` and `verify`: the algorithm matches the key, the key allows `usage`.
fn check_key_use(params: &Params, key: &CryptoKey, usage: Usage) -> SubtleResult<()> {
    if params.name != key.algorithm.name {
        return Err(invalid_access(format!(
            "The requested algorithm \"{}\" does not match the key's algorithm \"{}\".",
            params.name.as_str(),
            key.algorithm.name.as_str()
        )));
    }
    if !key.usages.contains(&usage) {
        return Err(invalid_access(format!("The key does not allow the \"{}\" usage.", usage.as_str())));
    }
    Ok(())
}

fn pss_salt(params: &Params) -> SubtleResult<Option<usize>> {
    match params.name {
        AlgorithmName::RsaPss => params
            .salt_length_bytes
            .map(|s| Some(s as usize))
            .ok_or_else(|| type_error("RSA-PSS: the required member \"saltLength\" is missing.")),
        _ => Ok(None),
    }
}

fn key_hash(key: &CryptoKey) -> SubtleResult<algorithm::Hash> {
    key.algorithm.hash.ok_or_else(|| invalid_access("The key has no hash."))
}

/// `sign(algorithm, key, data)`.
pub(crate) fn sign(args: &[JsValue], context: &mut Context, random: Random) -> SubtleResult<JsValue> {
    let params = algorithm::normalize(&arg(args, 0), context)?;
    let message = buffer::bytes_of(&arg(args, 2), context)?;
    let key_value = arg(args, 1);
    let mut fill = |bytes: &mut [u8]| random(context, bytes);
    let signature = key::with_key(&key_value, "key", |key| {
        check_key_use(&params, key, Usage::Sign)?;
        match (&key.material, params.name) {
            (Material::Hmac(secret), _) => hmac::sign(secret, key_hash(key)?, &message),
            (_, AlgorithmName::RsassaPkcs1V15 | AlgorithmName::RsaPss) => {
                rsa::sign(&key.material, key_hash(key)?, pss_salt(&params)?, &message, &mut fill)
            }
            (_, AlgorithmName::Ecdsa) => ecdsa::sign(&key.material, params.required_hash()?, &message),
            (_, AlgorithmName::Ed25519) => ed25519::sign(&key.material, &message),
            (_, AlgorithmName::Hmac) => Err(invalid_access("Key material does not match its algorithm.")),
        }
    })?;
    buffer::array_buffer(&signature, context).map_err(js_failure)
}

/// `verify(algorithm, key, signature, data)`.
pub(crate) fn verify(args: &[JsValue], context: &mut Context) -> SubtleResult<JsValue> {
    let params = algorithm::normalize(&arg(args, 0), context)?;
    let signature = buffer::bytes_of(&arg(args, 2), context)?;
    let message = buffer::bytes_of(&arg(args, 3), context)?;
    let verified = key::with_key(&arg(args, 1), "key", |key| {
        check_key_use(&params, key, Usage::Verify)?;
        match (&key.material, params.name) {
            (Material::Hmac(secret), _) => hmac::verify(secret, key_hash(key)?, &message, &signature),
            (_, AlgorithmName::RsassaPkcs1V15 | AlgorithmName::RsaPss) => {
                rsa::verify(&key.material, key_hash(key)?, pss_salt(&params)?, &message, &signature)
            }
            (_, AlgorithmName::Ecdsa) => ecdsa::verify(&key.material, params.required_hash()?, &message, &signature),
            (_, AlgorithmName::Ed25519) => ed25519::verify(&key.material, &message, &signature),
            (_, AlgorithmName::Hmac) => Err(invalid_access("Key material does not match its algorithm.")),
        }
    })?;
    Ok(verified.into())
}

/// `generateKey(algorithm, extractable, keyUsages)` for HMAC, ECDSA and Ed25519.
pub(crate) fn generate_key(args: &[JsValue], context: &mut Context, random: Random) -> SubtleResult<JsValue> {
    let params = algorithm::normalize(&arg(args, 0), context)?;
    let extractable = arg(args, 1).to_boolean();
    let requested = key::parse_usages(&arg(args, 2), context)?;
    let mut fill = |bytes: &mut [u8]| random(context, bytes);
    let (algorithm, material) = match params.name {
        AlgorithmName::Hmac => hmac::generate(&params, &mut fill)?,
        AlgorithmName::Ecdsa => ecdsa::generate(&params, &mut fill)?,
        AlgorithmName::Ed25519 => ed25519::generate(&mut fill),
        AlgorithmName::RsassaPkcs1V15 | AlgorithmName::RsaPss => {
            return Err(not_supported("crosstalk does not generate RSA keys; import one instead."));
        }
    };
    if material.key_type() == KeyType::Secret {
        let usages = checked_usages(&requested, KeyType::Secret)?;
        let key = CryptoKey::new(algorithm, extractable, &usages, material);
        return Ok(key.into_object(context).map_err(js_failure)?.into());
    }
    if requested.iter().any(|u| u.is_none()) {
        return Err(SubtleError::Syntax("Cannot create a key using the specified key usages.".into()));
    }
    let usages: Vec<Usage> = requested.into_iter().flatten().collect();
    let private_usages: Vec<Usage> = usages.iter().copied().filter(|u| *u == Usage::Sign).collect();
    let public_usages: Vec<Usage> = usages.iter().copied().filter(|u| *u == Usage::Verify).collect();
    if private_usages.is_empty() {
        return Err(SubtleError::Syntax("Usages cannot be empty when creating a key.".into()));
    }
    let public = ecdsa::public_of(&material)
        .or_else(|| ed25519::public_of(&material))
        .or_else(|| rsa::public_of(&material))
        .ok_or_else(|| invalid_access("Not an asymmetric key."))?;
    let public_algorithm: KeyAlgorithm = algorithm.clone();
    let public = CryptoKey::new(public_algorithm, true, &public_usages, public).into_object(context);
    let private = CryptoKey::new(algorithm, extractable, &private_usages, material).into_object(context);
    let (public, private) = (public.map_err(js_failure)?, private.map_err(js_failure)?);
    let pair = ObjectInitializer::new(context)
        .property(js_string!("publicKey"), public, Attribute::all())
        .property(js_string!("privateKey"), private, Attribute::all())
        .build();
    Ok(pair.into())
}
