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

use crate::algorithm::{self, AlgorithmName, Hash, Params, missing};
use crate::algorithms::{aes, ecdsa, ed25519, hmac, kdf, rsa, x25519};
use crate::buffer;
use crate::error::{SubtleError, SubtleResult, invalid_access, not_supported, operation, type_error};
use crate::format::{Format, KeyData};
use crate::jwk;
use crate::key::{self, CryptoKey, KeyAlgorithm, KeyType, Material, Requested, Usage};

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

/// A BufferSource argument, or workerd's TypeError naming the method and parameter.
fn data_arg(args: &[JsValue], index: usize, method: &str, context: &mut Context) -> SubtleResult<Vec<u8>> {
    buffer::bytes_of(&arg(args, index), context).map_err(|_| {
        type_error(format!(
            "Failed to execute '{method}' on 'SubtleCrypto': parameter {} is not of type 'BufferSource'.",
            index + 1
        ))
    })
}

/// A CryptoKey argument, or workerd's TypeError naming the method and parameter.
fn key_arg(args: &[JsValue], index: usize, method: &str) -> SubtleResult<JsValue> {
    let value = arg(args, index);
    if value.as_object().is_some_and(|o| o.downcast_ref::<CryptoKey>().is_some()) {
        return Ok(value);
    }
    Err(type_error(format!(
        "Failed to execute '{method}' on 'SubtleCrypto': parameter {} is not of type 'CryptoKey'.",
        index + 1
    )))
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

/// The usages a key of `name` and `key_type` may carry.
fn allowed_usages(name: AlgorithmName, key_type: KeyType) -> &'static [Usage] {
    use AlgorithmName as A;
    match (name, key_type) {
        (A::Hmac, _) => &[Usage::Sign, Usage::Verify],
        (A::RsassaPkcs1V15 | A::RsaPss | A::Ecdsa | A::Ed25519, KeyType::Public) => &[Usage::Verify],
        (A::RsassaPkcs1V15 | A::RsaPss | A::Ecdsa | A::Ed25519, _) => &[Usage::Sign],
        (A::AesGcm | A::AesCbc | A::AesCtr, _) => &[Usage::Encrypt, Usage::Decrypt, Usage::WrapKey, Usage::UnwrapKey],
        (A::AesKw, _) => &[Usage::WrapKey, Usage::UnwrapKey],
        (A::RsaOaep, KeyType::Public) => &[Usage::Encrypt, Usage::WrapKey],
        (A::RsaOaep, _) => &[Usage::Decrypt, Usage::UnwrapKey],
        (A::Ecdh | A::X25519, KeyType::Public) => &[],
        (A::Ecdh | A::X25519 | A::Pbkdf2 | A::Hkdf, _) => &[Usage::DeriveKey, Usage::DeriveBits],
    }
}

/// The requested usages, checked against what a key of `name` and `key_type` allows
/// (workerd's `SyntaxError`s); `action` is "import" or "generate".
fn checked_usages(
    requested: &[Requested],
    name: AlgorithmName,
    key_type: KeyType,
    action: &str,
) -> SubtleResult<Vec<Usage>> {
    let allowed = allowed_usages(name, key_type);
    let mut usages = Vec::new();
    for usage in requested {
        match usage {
            Requested::Usage(usage) if allowed.contains(usage) => usages.push(*usage),
            other => {
                let described = if action == "import" {
                    format!("{} {}", key_type.as_str(), name.as_str())
                } else {
                    name.as_str().to_owned()
                };
                return Err(SubtleError::Syntax(format!(
                    "Attempt to {action} {described} key with invalid usage \"{}\".",
                    other.as_str()
                )));
            }
        }
    }
    if usages.is_empty() && key_type != KeyType::Public {
        return Err(SubtleError::Syntax("Secret/private CryptoKeys must have at least one usage.".into()));
    }
    Ok(usages)
}

/// Normalizes an algorithm for an operation on a key: an unknown name is reported as
/// not matching the key's algorithm (as workerd does), not as unsupported.
fn normalize_for(value: &JsValue, key: &JsValue, context: &mut Context) -> SubtleResult<Params> {
    match algorithm::normalize(value, context) {
        Err(SubtleError::NotSupported(message)) => {
            let requested = algorithm::requested_name(value, context);
            if algorithm::AlgorithmName::parse(&requested).is_ok() {
                return Err(SubtleError::NotSupported(message));
            }
            let actual = key::with_key(key, "key", |key| Ok(key.algorithm.name.as_str()));
            match actual {
                Ok(actual) => Err(invalid_access(format!(
                    "Requested algorithm \"{requested}\" does not match this CryptoKey's algorithm \"{actual}\"."
                ))),
                Err(_) => Err(SubtleError::NotSupported(message)),
            }
        }
        other => other,
    }
}

/// The JWK `use` a key of this algorithm expects.
fn jwk_use(name: AlgorithmName) -> &'static str {
    match name {
        AlgorithmName::Hmac
        | AlgorithmName::RsassaPkcs1V15
        | AlgorithmName::RsaPss
        | AlgorithmName::Ecdsa
        | AlgorithmName::Ed25519 => "sig",
        _ => "enc",
    }
}

/// Imports key data as a key of `params`: `importKey`, and the last step of `deriveKey`
/// and `unwrapKey`.
fn import(
    format: Format,
    key_data: &KeyData,
    params: &Params,
    extractable: bool,
    requested: &[Requested],
) -> SubtleResult<CryptoKey> {
    let (algorithm, material) = match params.name {
        AlgorithmName::Hmac => hmac::import(format, key_data, params)?,
        AlgorithmName::RsassaPkcs1V15 | AlgorithmName::RsaPss | AlgorithmName::RsaOaep => {
            rsa::import(format, key_data, params)?
        }
        AlgorithmName::Ecdsa | AlgorithmName::Ecdh => ecdsa::import(format, key_data, params)?,
        AlgorithmName::Ed25519 => ed25519::import(format, key_data)?,
        AlgorithmName::X25519 => x25519::import(format, key_data)?,
        AlgorithmName::AesGcm | AlgorithmName::AesCbc | AlgorithmName::AesCtr | AlgorithmName::AesKw => {
            aes::import(format, key_data, params)?
        }
        AlgorithmName::Pbkdf2 | AlgorithmName::Hkdf => {
            let imported = kdf::import(format, key_data, params)?;
            if extractable {
                return Err(SubtleError::Syntax(format!("{} key cannot be extractable.", params.name.as_str())));
            }
            imported
        }
    };
    let usages = checked_usages(requested, params.name, material.key_type(), "import")?;
    if let KeyData::Jwk(jwk) = key_data {
        jwk.check_common(&usages, extractable, jwk_use(params.name))?;
    }
    Ok(CryptoKey::new(algorithm, extractable, &usages, material))
}

/// Normalizes the algorithm of a key to import; an unknown name is `NotSupportedError`.
fn normalize_import(value: &JsValue, context: &mut Context) -> SubtleResult<Params> {
    match algorithm::normalize(value, context) {
        Err(SubtleError::NotSupported(message)) => {
            let requested = algorithm::requested_name(value, context);
            if AlgorithmName::parse(&requested).is_ok() {
                return Err(SubtleError::NotSupported(message));
            }
            Err(not_supported(format!("Unrecognized key import algorithm \"{requested}\" requested.")))
        }
        other => other,
    }
}

/// `importKey(format, keyData, algorithm, extractable, keyUsages)`.
pub(crate) fn import_key(args: &[JsValue], context: &mut Context) -> SubtleResult<JsValue> {
    let format = format_of(&arg(args, 0), context)?;
    let params = normalize_import(&arg(args, 2), context)?;
    let extractable = arg(args, 3).to_boolean();
    let requested = key::parse_usages(&arg(args, 4), context)?;
    let key_data = match format {
        Format::Jwk => KeyData::Jwk(jwk::from_value(&arg(args, 1), context)?),
        _ => KeyData::Bytes(buffer::bytes_of(&arg(args, 1), context)?),
    };
    let key = import(format, &key_data, &params, extractable, &requested)?;
    Ok(key.into_object(context).map_err(js_failure)?.into())
}

/// A key's data in `format`, with `key_ops` and `ext` for jwk (`exportKey`, `wrapKey`).
fn export_data(key: &CryptoKey, format: Format) -> SubtleResult<KeyData> {
    if !key.extractable {
        return Err(invalid_access(format!("Attempt to export non-extractable {} key.", key.algorithm.name.as_str())));
    }
    let mut exported = match (&key.material, key.algorithm.name) {
        (Material::Hmac(secret), _) => hmac::export(secret, &key.algorithm, format)?,
        (Material::Secret(secret), name) if name.is_aes() => aes::export(secret, name, format)?,
        (_, AlgorithmName::RsassaPkcs1V15 | AlgorithmName::RsaPss | AlgorithmName::RsaOaep) => {
            rsa::export(&key.material, &key.algorithm, format)?
        }
        (_, AlgorithmName::Ecdsa | AlgorithmName::Ecdh) => ecdsa::export(&key.material, format)?,
        (_, AlgorithmName::Ed25519) => ed25519::export(&key.material, format)?,
        (_, AlgorithmName::X25519) => x25519::export(&key.material, format)?,
        (_, name) => {
            return Err(not_supported(format!("Unrecognized algorithm \"{}\" for key export.", name.as_str())));
        }
    };
    if let KeyData::Jwk(jwk) = &mut exported {
        jwk.key_ops = Some(key.usages.iter().map(|u| u.as_str().to_owned()).collect());
        jwk.ext = Some(key.extractable);
    }
    Ok(exported)
}

/// `exportKey(format, key)`.
pub(crate) fn export_key(args: &[JsValue], context: &mut Context) -> SubtleResult<JsValue> {
    let format = format_of(&arg(args, 0), context)?;
    let exported = key::with_key(&arg(args, 1), "key", |key| export_data(key, format))?;
    match exported {
        KeyData::Bytes(bytes) => buffer::array_buffer(&bytes, context).map_err(js_failure),
        KeyData::Jwk(jwk) => Ok(jwk::to_object(&jwk, context).map_err(js_failure)?.into()),
    }
}

/// The checks of every operation on a key: the algorithm matches, the key allows `usage`.
fn check_key_use(params: &Params, key: &CryptoKey, usage: Usage) -> SubtleResult<()> {
    if params.name != key.algorithm.name {
        return Err(invalid_access(format!(
            "Requested algorithm \"{}\" does not match this CryptoKey's algorithm \"{}\".",
            params.name.as_str(),
            key.algorithm.name.as_str()
        )));
    }
    if !key.usages.contains(&usage) {
        return Err(invalid_access(format!(
            "Requested key usage \"{}\" does not match any usage listed in this CryptoKey.",
            usage.as_str()
        )));
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

fn key_hash(key: &CryptoKey) -> SubtleResult<Hash> {
    key.algorithm.hash.ok_or_else(|| invalid_access("The key has no hash."))
}

fn mismatch(key: &CryptoKey) -> SubtleError {
    invalid_access(format!("Key material does not match its algorithm \"{}\".", key.algorithm.name.as_str()))
}

/// `sign(algorithm, key, data)`.
pub(crate) fn sign(args: &[JsValue], context: &mut Context, random: Random) -> SubtleResult<JsValue> {
    let key_value = arg(args, 1);
    let params = normalize_for(&arg(args, 0), &key_value, context)?;
    let message = buffer::bytes_of(&arg(args, 2), context)?;
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
            _ => Err(mismatch(key)),
        }
    })?;
    buffer::array_buffer(&signature, context).map_err(js_failure)
}

/// `verify(algorithm, key, signature, data)`.
pub(crate) fn verify(args: &[JsValue], context: &mut Context) -> SubtleResult<JsValue> {
    let key_value = arg(args, 1);
    let params = normalize_for(&arg(args, 0), &key_value, context)?;
    let signature = buffer::bytes_of(&arg(args, 2), context)?;
    let message = buffer::bytes_of(&arg(args, 3), context)?;
    let verified = key::with_key(&key_value, "key", |key| {
        check_key_use(&params, key, Usage::Verify)?;
        match (&key.material, params.name) {
            (Material::Hmac(secret), _) => hmac::verify(secret, key_hash(key)?, &message, &signature),
            (_, AlgorithmName::RsassaPkcs1V15 | AlgorithmName::RsaPss) => {
                rsa::verify(&key.material, key_hash(key)?, pss_salt(&params)?, &message, &signature)
            }
            (_, AlgorithmName::Ecdsa) => ecdsa::verify(&key.material, params.required_hash()?, &message, &signature),
            (_, AlgorithmName::Ed25519) => ed25519::verify(&key.material, &message, &signature),
            _ => Err(mismatch(key)),
        }
    })?;
    Ok(verified.into())
}

/// Encrypts or decrypts with a key already checked for the usage.
fn crypt(
    params: &Params,
    key: &CryptoKey,
    input: &[u8],
    encrypt: bool,
    random: &mut dyn FnMut(&mut [u8]),
) -> SubtleResult<Vec<u8>> {
    match (&key.material, params.name) {
        (Material::Secret(secret), name @ (AlgorithmName::AesGcm | AlgorithmName::AesCbc | AlgorithmName::AesCtr)) => {
            aes::crypt(name, secret, params, input, encrypt)
        }
        (_, AlgorithmName::RsaOaep) => {
            let label = params.label.as_deref().unwrap_or_default();
            rsa::oaep(&key.material, key_hash(key)?, label, input, encrypt, random)
        }
        _ => Err(mismatch(key)),
    }
}

/// `encrypt(algorithm, key, data)` and `decrypt(algorithm, key, data)`.
pub(crate) fn encrypt_or_decrypt(
    args: &[JsValue],
    context: &mut Context,
    random: Random,
    encrypt: bool,
) -> SubtleResult<JsValue> {
    let method = if encrypt { "encrypt" } else { "decrypt" };
    let key_value = key_arg(args, 1, method)?;
    let params = normalize_for(&arg(args, 0), &key_value, context)?;
    let data = data_arg(args, 2, method, context)?;
    let mut fill = |bytes: &mut [u8]| random(context, bytes);
    let usage = if encrypt { Usage::Encrypt } else { Usage::Decrypt };
    let output = key::with_key(&key_value, "key", |key| {
        check_key_use(&params, key, usage)?;
        crypt(&params, key, &data, encrypt, &mut fill)
    })?;
    buffer::array_buffer(&output, context).map_err(js_failure)
}

/// The `length` argument of `deriveBits`: `null` and `undefined` are "no length".
fn optional_length(value: &JsValue, context: &mut Context) -> SubtleResult<Option<u32>> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    let number = value.to_number(context).map_err(|e| type_error(e.to_string()))?;
    if !number.is_finite() || number < 0.0 || number > f64::from(u32::MAX) {
        return Err(type_error("The length must be an unsigned 32-bit integer."));
    }
    Ok(Some(number as u32))
}

/// `length` bits of a shared secret: all of it for no length, else the first bits with the
/// rest of the last byte cleared.
fn truncate_secret(mut secret: Vec<u8>, length: Option<u32>) -> SubtleResult<Vec<u8>> {
    let Some(length) = length else { return Ok(secret) };
    let available = secret.len() * 8;
    if length as usize > available {
        return Err(operation(format!(
            "Derived key length ({length} bits) is too long (should be at most {available} bits)."
        )));
    }
    secret.truncate((length as usize).div_ceil(8));
    if !length.is_multiple_of(8)
        && let Some(last) = secret.last_mut()
    {
        *last &= 0xffu8 << (8 - length % 8);
    }
    Ok(secret)
}

/// The bits a base key (already checked for the usage) derives.
fn derive(params: &Params, key: &CryptoKey, length: Option<u32>) -> SubtleResult<Vec<u8>> {
    match (&key.material, params.name) {
        (Material::Secret(secret), name @ (AlgorithmName::Pbkdf2 | AlgorithmName::Hkdf)) => {
            kdf::derive_bits(name, secret, params, length)
        }
        (_, name @ (AlgorithmName::Ecdh | AlgorithmName::X25519)) => {
            let public = params.public.as_ref().ok_or_else(|| missing("public", "derivedKeyParams"))?;
            if public.as_object().is_none_or(|o| o.downcast_ref::<CryptoKey>().is_none()) {
                return Err(type_error(
                    "Incorrect type for the 'public' field on 'DeriveKeyAlgorithm': the provided value is not of type 'CryptoKey'.",
                ));
            }
            let secret = key::with_key(public, "public", |public| {
                let public_type = public.material.key_type();
                if public_type != KeyType::Public {
                    return Err(invalid_access(format!(
                        "The provided key has type \"{}\", not \"public\"",
                        public_type.as_str()
                    )));
                }
                if public.algorithm.name != name {
                    return Err(invalid_access(format!(
                        "Base {} private key cannot be used to derive a key from a peer {} public key",
                        name.as_str(),
                        public.algorithm.name.as_str()
                    )));
                }
                if name == AlgorithmName::Ecdh {
                    if let (Some(ours), Some(theirs)) = (key.algorithm.curve, public.algorithm.curve)
                        && ours != theirs
                    {
                        return Err(invalid_access(format!(
                            "Private key for derivation is using curve \"{}\" while public key is using \"{}\".",
                            ours.name(),
                            theirs.name()
                        )));
                    }
                    ecdsa::shared_secret(&key.material, &public.material)
                } else {
                    x25519::shared_secret(&key.material, &public.material)
                }
            })?;
            truncate_secret(secret, length)
        }
        _ => Err(mismatch(key)),
    }
}

/// `deriveBits(algorithm, baseKey, length)`.
pub(crate) fn derive_bits(args: &[JsValue], context: &mut Context) -> SubtleResult<JsValue> {
    let key_value = key_arg(args, 1, "deriveBits")?;
    let params = normalize_for(&arg(args, 0), &key_value, context)?;
    let length = optional_length(&arg(args, 2), context)?;
    let bits = key::with_key(&key_value, "baseKey", |key| {
        check_key_use(&params, key, Usage::DeriveBits)?;
        derive(&params, key, length)
    })?;
    buffer::array_buffer(&bits, context).map_err(js_failure)
}

/// The length in bits of a key `deriveKey` makes ("get key length"); none for the KDFs.
fn derived_key_length(params: &Params) -> SubtleResult<Option<u32>> {
    match params.name {
        name if name.is_aes() => {
            let length = params.length_bits.ok_or_else(|| missing("length", "derivedKeyParams"))?;
            if !matches!(length, 128 | 192 | 256) {
                return Err(operation(format!(
                    "Derived AES key must be 128, 192, or 256 bits in length but provided {length}."
                )));
            }
            Ok(Some(length))
        }
        AlgorithmName::Hmac => {
            let hash = params.hash.ok_or_else(|| missing("hash", "derivedKeyParams"))?;
            Ok(Some(params.length_bits.unwrap_or(hash.block_size_bytes() as u32 * 8)))
        }
        AlgorithmName::Pbkdf2 | AlgorithmName::Hkdf => Ok(None),
        name => Err(not_supported(format!("Cannot derive a key for algorithm \"{}\".", name.as_str()))),
    }
}

/// `deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages)`.
pub(crate) fn derive_key(args: &[JsValue], context: &mut Context) -> SubtleResult<JsValue> {
    let key_value = key_arg(args, 1, "deriveKey")?;
    let params = normalize_for(&arg(args, 0), &key_value, context)?;
    let derived = normalize_import(&arg(args, 2), context)?;
    let extractable = arg(args, 3).to_boolean();
    let requested = key::parse_usages(&arg(args, 4), context)?;
    let length = derived_key_length(&derived)?;
    let bits = key::with_key(&key_value, "baseKey", |key| {
        check_key_use(&params, key, Usage::DeriveKey)?;
        derive(&params, key, length)
    })?;
    let key = import(Format::Raw, &KeyData::Bytes(bits), &derived, extractable, &requested)?;
    Ok(key.into_object(context).map_err(js_failure)?.into())
}

/// `wrapKey(format, key, wrappingKey, wrapAlgorithm)`.
pub(crate) fn wrap_key(args: &[JsValue], context: &mut Context, random: Random) -> SubtleResult<JsValue> {
    let format = format_of(&arg(args, 0), context)?;
    key_arg(args, 1, "wrapKey")?;
    let wrapping_value = key_arg(args, 2, "wrapKey")?;
    let params = normalize_for(&arg(args, 3), &wrapping_value, context)?;
    let exported = key::with_key(&arg(args, 1), "key", |key| export_data(key, format))?;
    let bytes = match exported {
        KeyData::Bytes(bytes) => bytes,
        KeyData::Jwk(jwk) => jwk::to_json(&jwk).into_bytes(),
    };
    let mut fill = |bytes: &mut [u8]| random(context, bytes);
    let wrapped = key::with_key(&wrapping_value, "wrappingKey", |key| {
        check_key_use(&params, key, Usage::WrapKey)?;
        match (&key.material, params.name) {
            (Material::Secret(secret), AlgorithmName::AesKw) => aes::wrap(secret, &bytes),
            _ => crypt(&params, key, &bytes, true, &mut fill),
        }
    })?;
    buffer::array_buffer(&wrapped, context).map_err(js_failure)
}

/// `unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
/// extractable, keyUsages)`.
pub(crate) fn unwrap_key(args: &[JsValue], context: &mut Context, random: Random) -> SubtleResult<JsValue> {
    let format = format_of(&arg(args, 0), context)?;
    let wrapped = data_arg(args, 1, "unwrapKey", context)?;
    let unwrapping_value = key_arg(args, 2, "unwrapKey")?;
    let params = normalize_for(&arg(args, 3), &unwrapping_value, context)?;
    let unwrapped_params = normalize_import(&arg(args, 4), context)?;
    let extractable = arg(args, 5).to_boolean();
    let requested = key::parse_usages(&arg(args, 6), context)?;
    let mut fill = |bytes: &mut [u8]| random(context, bytes);
    let bytes = key::with_key(&unwrapping_value, "unwrappingKey", |key| {
        check_key_use(&params, key, Usage::UnwrapKey)?;
        match (&key.material, params.name) {
            (Material::Secret(secret), AlgorithmName::AesKw) => aes::unwrap(secret, &wrapped),
            _ => crypt(&params, key, &wrapped, false, &mut fill),
        }
    })?;
    let key_data = match format {
        Format::Jwk => KeyData::Jwk(jwk::from_json(&bytes)?),
        _ => KeyData::Bytes(bytes),
    };
    let key = import(format, &key_data, &unwrapped_params, extractable, &requested)?;
    Ok(key.into_object(context).map_err(js_failure)?.into())
}

/// `timingSafeEqual(a, b)` (workerd's extension): synchronous, throws on bad input.
pub(crate) fn timing_safe_equal(args: &[JsValue], context: &mut Context) -> boa_engine::JsResult<JsValue> {
    let mut buffers = Vec::with_capacity(2);
    for index in 0..2 {
        let bytes = buffer::bytes_of(&arg(args, index), context).map_err(|_| {
            boa_engine::JsNativeError::typ().with_message(format!(
                "Failed to execute 'timingSafeEqual' on 'SubtleCrypto': parameter {} is not of type 'BufferSource'.",
                index + 1
            ))
        })?;
        buffers.push(bytes);
    }
    let (a, b) = (&buffers[0], &buffers[1]);
    if a.len() != b.len() {
        return Err(boa_engine::JsNativeError::typ()
            .with_message("Input buffers must have the same byte length.")
            .into());
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    Ok((difference == 0).into())
}

/// `generateKey(algorithm, extractable, keyUsages)`: secret keys (HMAC, AES) and key pairs
/// (ECDSA, ECDH, Ed25519, X25519).
pub(crate) fn generate_key(args: &[JsValue], context: &mut Context, random: Random) -> SubtleResult<JsValue> {
    let params = match algorithm::normalize(&arg(args, 0), context) {
        Err(SubtleError::NotSupported(_)) => {
            let requested = algorithm::requested_name(&arg(args, 0), context);
            return Err(not_supported(format!("Unrecognized key generation algorithm \"{requested}\" requested.")));
        }
        other => other?,
    };
    let extractable = arg(args, 1).to_boolean();
    let requested = key::parse_usages(&arg(args, 2), context)?;
    let mut fill = |bytes: &mut [u8]| random(context, bytes);
    let (algorithm, material) = match params.name {
        AlgorithmName::Hmac => hmac::generate(&params, &mut fill)?,
        AlgorithmName::Ecdsa | AlgorithmName::Ecdh => ecdsa::generate(&params, &mut fill)?,
        AlgorithmName::Ed25519 => ed25519::generate(&mut fill),
        AlgorithmName::X25519 => x25519::generate(&mut fill),
        name if name.is_aes() => aes::generate(&params, &mut fill)?,
        AlgorithmName::RsassaPkcs1V15 | AlgorithmName::RsaPss | AlgorithmName::RsaOaep => {
            return Err(not_supported("crosstalk does not generate RSA keys; import one instead."));
        }
        name => {
            return Err(not_supported(format!(
                "Unrecognized key generation algorithm \"{}\" requested.",
                name.as_str()
            )));
        }
    };
    if material.key_type() == KeyType::Secret {
        let usages = checked_usages(&requested, params.name, KeyType::Secret, "generate")?;
        let key = CryptoKey::new(algorithm, extractable, &usages, material);
        return Ok(key.into_object(context).map_err(js_failure)?.into());
    }
    let public_allowed = allowed_usages(params.name, KeyType::Public);
    let private_allowed = allowed_usages(params.name, KeyType::Private);
    let mut public_usages = Vec::new();
    let mut private_usages = Vec::new();
    for usage in &requested {
        match usage {
            Requested::Usage(u) if public_allowed.contains(u) => public_usages.push(*u),
            Requested::Usage(u) if private_allowed.contains(u) => private_usages.push(*u),
            other => {
                return Err(SubtleError::Syntax(format!(
                    "Attempt to generate {} key with invalid usage \"{}\".",
                    params.name.as_str(),
                    other.as_str()
                )));
            }
        }
    }
    if private_usages.is_empty() {
        return Err(SubtleError::Syntax(
            "Attempt to generate asymmetric keys with no valid private key usages.".into(),
        ));
    }
    let public = ecdsa::public_of(&material)
        .or_else(|| ed25519::public_of(&material))
        .or_else(|| x25519::public_of(&material))
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
