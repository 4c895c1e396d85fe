//! JSON Web Keys (RFC 7517) as plain data, read from and written to JS objects, and the
//! base64url (no padding) their members use.
//!
//! Checks that concern every key type (`ext`, `key_ops`, `use`) live here; members that
//! belong to one key type are checked by `import`.

use base64ct::{Base64UrlUnpadded, Encoding};
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsObject, JsResult, JsValue, js_string};

use crate::error::{SubtleResult, data, type_error};
use crate::key::Usage;

/// The string members of a JWK crosstalk reads or writes, in output order.
const STRING_MEMBERS: [&str; 15] =
    ["kty", "crv", "alg", "use", "k", "n", "e", "d", "p", "q", "dp", "dq", "qi", "x", "y"];

/// A JWK: string members by name, plus `key_ops` and `ext`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Jwk {
    members: Vec<(&'static str, String)>,
    pub key_ops: Option<Vec<String>>,
    pub ext: Option<bool>,
}

impl Jwk {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.members.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    pub(crate) fn set(&mut self, name: &'static str, value: impl Into<String>) {
        self.members.retain(|(k, _)| *k != name);
        self.members.push((name, value.into()));
    }

    /// Sets a base64url-encoded member.
    pub(crate) fn set_bytes(&mut self, name: &'static str, bytes: &[u8]) {
        self.set(name, Base64UrlUnpadded::encode_string(bytes));
    }

    /// A required base64url member, decoded.
    pub(crate) fn bytes(&self, name: &str) -> SubtleResult<Vec<u8>> {
        let text = self.get(name).ok_or_else(|| data(format!("The JWK member \"{name}\" is missing.")))?;
        decode(text).ok_or_else(|| data(format!("The JWK member \"{name}\" is not valid base64url.")))
    }

    /// An optional base64url member, decoded.
    pub(crate) fn optional_bytes(&self, name: &str) -> SubtleResult<Option<Vec<u8>>> {
        if self.get(name).is_none() {
            return Ok(None);
        }
        self.bytes(name).map(Some)
    }

    /// `kty` must be `expected`.
    pub(crate) fn require_kty(&self, expected: &str) -> SubtleResult<()> {
        match self.get("kty") {
            Some(kty) if kty == expected => Ok(()),
            Some(kty) => Err(data(format!("The JWK \"kty\" member was \"{kty}\", expected \"{expected}\"."))),
            None => Err(data("The JWK member \"kty\" is missing.")),
        }
    }

    /// `alg`, when present, must be `expected`.
    pub(crate) fn require_alg(&self, expected: &str) -> SubtleResult<()> {
        match self.get("alg") {
            Some(alg) if alg != expected => {
                Err(data(format!("The JWK \"alg\" member was \"{alg}\", expected \"{expected}\".")))
            }
            _ => Ok(()),
        }
    }

    /// The checks of WebCrypto's JWK import shared by all key types: `use`, `key_ops`, `ext`.
    /// `expected_use` is `"sig"` for signature keys and `"enc"` for the others.
    pub(crate) fn check_common(&self, usages: &[Usage], extractable: bool, expected_use: &str) -> SubtleResult<()> {
        if !usages.is_empty()
            && let Some(key_use) = self.get("use")
            && key_use != expected_use
        {
            return Err(data(format!("The JWK \"use\" member was \"{key_use}\", expected \"{expected_use}\".")));
        }
        if let Some(ops) = &self.key_ops
            && let Some(missing) = usages.iter().find(|u| !ops.iter().any(|op| op == u.as_str()))
        {
            return Err(data(format!("The JWK \"key_ops\" member does not include \"{}\".", missing.as_str())));
        }
        if self.ext == Some(false) && extractable {
            return Err(data("The JWK \"ext\" member is false but the key was requested to be extractable."));
        }
        Ok(())
    }
}

/// Base64url without padding; tolerates padding, which some producers add.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    Base64UrlUnpadded::decode_vec(text.trim_end_matches('=')).ok()
}

/// Reads a JWK dictionary.
pub(crate) fn from_value(value: &JsValue, context: &mut Context) -> SubtleResult<Jwk> {
    let object = value.as_object().ok_or_else(|| type_error("A JWK must be an object."))?;
    let mut jwk = Jwk::default();
    for name in STRING_MEMBERS {
        let member = object.get(js_string!(name), context).map_err(|e| type_error(e.to_string()))?;
        if member.is_undefined() {
            continue;
        }
        let text =
            member.as_string().ok_or_else(|| type_error(format!("The JWK member \"{name}\" must be a string.")))?;
        jwk.set(name, text.to_std_string_escaped());
    }
    let ext = object.get(js_string!("ext"), context).map_err(|e| type_error(e.to_string()))?;
    if !ext.is_undefined() {
        jwk.ext = Some(ext.to_boolean());
    }
    let ops = object.get(js_string!("key_ops"), context).map_err(|e| type_error(e.to_string()))?;
    if !ops.is_undefined() {
        let array = ops
            .as_object()
            .and_then(|o| JsArray::from_object(o.clone()).ok())
            .ok_or_else(|| type_error("The JWK member \"key_ops\" must be an array."))?;
        let length = array.length(context).map_err(|e| type_error(e.to_string()))?;
        let mut list = Vec::new();
        for i in 0..length {
            let op = array.get(i, context).map_err(|e| type_error(e.to_string()))?;
            let op = op.as_string().ok_or_else(|| type_error("The JWK \"key_ops\" entries must be strings."))?;
            list.push(op.to_std_string_escaped());
        }
        jwk.key_ops = Some(list);
    }
    Ok(jwk)
}

/// The members of an exported JWK in the order workerd writes them.
const OUTPUT_ORDER: [&str; 17] =
    ["kty", "use", "key_ops", "alg", "ext", "crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "k"];

/// Writes a JWK as a plain JS object (`exportKey('jwk', ...)`), members in workerd's order.
pub(crate) fn to_object(jwk: &Jwk, context: &mut Context) -> JsResult<JsObject> {
    let object = ObjectInitializer::new(context).build();
    for name in OUTPUT_ORDER {
        match name {
            "key_ops" => {
                if let Some(ops) = &jwk.key_ops {
                    let ops: Vec<JsValue> = ops.iter().map(|op| js_string!(op.as_str()).into()).collect();
                    let ops = JsArray::from_iter(ops, context);
                    object.set(js_string!("key_ops"), ops, false, context)?;
                }
            }
            "ext" => {
                if let Some(ext) = jwk.ext {
                    object.set(js_string!("ext"), ext, false, context)?;
                }
            }
            _ => {
                if let Some(value) = jwk.get(name) {
                    object.set(js_string!(name), js_string!(value), false, context)?;
                }
            }
        }
    }
    Ok(object)
}

/// The JSON text of a JWK (what `wrapKey('jwk', ...)` wraps), as `JSON.stringify` writes
/// the exported object.
pub(crate) fn to_json(jwk: &Jwk) -> String {
    let mut members = serde_json::Map::new();
    for name in OUTPUT_ORDER {
        let value = match name {
            "key_ops" => jwk.key_ops.as_ref().map(|ops| serde_json::Value::from(ops.clone())),
            "ext" => jwk.ext.map(serde_json::Value::from),
            _ => jwk.get(name).map(serde_json::Value::from),
        };
        if let Some(value) = value {
            members.insert(name.to_owned(), value);
        }
    }
    // serde_json's map keeps insertion order only with `preserve_order`; write by hand.
    let mut out = String::from("{");
    for name in OUTPUT_ORDER {
        if let Some(value) = members.get(name) {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&serde_json::Value::from(name).to_string());
            out.push(':');
            out.push_str(&value.to_string());
        }
    }
    out.push('}');
    out
}

/// Reads the JSON text of a JWK (what `unwrapKey('jwk', ...)` unwraps).
pub(crate) fn from_json(bytes: &[u8]) -> SubtleResult<Jwk> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|_| data("Unwrapped key is not a valid JSON Web Key."))?;
    let object = value.as_object().ok_or_else(|| data("Unwrapped key is not a valid JSON Web Key."))?;
    let mut jwk = Jwk::default();
    for name in STRING_MEMBERS {
        match object.get(name) {
            None => {}
            Some(serde_json::Value::String(text)) => jwk.set(name, text.clone()),
            Some(_) => return Err(data(format!("The JWK member \"{name}\" must be a string."))),
        }
    }
    if let Some(ext) = object.get("ext") {
        jwk.ext = Some(ext.as_bool().ok_or_else(|| data("The JWK member \"ext\" must be a boolean."))?);
    }
    if let Some(ops) = object.get("key_ops") {
        let ops = ops.as_array().ok_or_else(|| data("The JWK member \"key_ops\" must be an array."))?;
        let ops = ops.iter().map(|op| op.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>();
        jwk.key_ops = Some(ops.ok_or_else(|| data("The JWK \"key_ops\" entries must be strings."))?);
    }
    Ok(jwk)
}
