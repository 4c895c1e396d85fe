//! The errors `crypto.subtle` rejects with, named as WebCrypto and workerd name them.
//!
//! Owns the mapping from a failure kind to a JS error object; it never decides *which*
//! failure happened (the operation modules do).

use boa_engine::{Context, JsError, JsNativeError, JsObject, JsValue, js_string};

/// A failure of a `crypto.subtle` operation, with the message shown to the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SubtleError {
    /// `TypeError`: an argument of the wrong type or a missing required member.
    Type(String),
    /// `NotSupportedError`: an algorithm, curve, hash or format crosstalk does not offer.
    NotSupported(String),
    /// `DataError`: key data that does not parse or does not fit the algorithm.
    Data(String),
    /// `InvalidAccessError`: a key used for an operation or algorithm it was not made for.
    InvalidAccess(String),
    /// `SyntaxError`: key usages that the key type does not allow.
    Syntax(String),
    /// `OperationError`: the primitive itself failed.
    Operation(String),
}

/// The result type of the operation modules.
pub(crate) type SubtleResult<T> = Result<T, SubtleError>;

impl SubtleError {
    /// The DOMException name (or `TypeError`).
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Type(_) => "TypeError",
            Self::NotSupported(_) => "NotSupportedError",
            Self::Data(_) => "DataError",
            Self::InvalidAccess(_) => "InvalidAccessError",
            Self::Syntax(_) => "SyntaxError",
            Self::Operation(_) => "OperationError",
        }
    }

    fn message(&self) -> &str {
        match self {
            Self::Type(m)
            | Self::NotSupported(m)
            | Self::Data(m)
            | Self::InvalidAccess(m)
            | Self::Syntax(m)
            | Self::Operation(m) => m,
        }
    }

    /// The JS error: a real `TypeError`, or a `DOMException` when the global has one,
    /// else an `Error` whose `name` is the DOMException name (what libraries test).
    pub(crate) fn into_js(self, context: &mut Context) -> JsError {
        if let Self::Type(message) = &self {
            return JsNativeError::typ().with_message(message.clone()).into();
        }
        match dom_exception(self.message(), self.name(), context) {
            Some(object) => JsError::from_opaque(object.into()),
            None => JsNativeError::error().with_message(self.message().to_owned()).into(),
        }
    }
}

fn dom_exception(message: &str, name: &str, context: &mut Context) -> Option<JsObject> {
    let global = context.global_object();
    let text = message.to_owned();
    let message = JsValue::from(js_string!(message));
    let name = JsValue::from(js_string!(name));
    if let Ok(constructor) = global.get(js_string!("DOMException"), context)
        && let Some(constructor) = constructor.as_constructor()
        && let Ok(object) = constructor.construct(&[message.clone(), name.clone()], None, context)
    {
        return Some(object);
    }
    let object = JsNativeError::error().with_message(text).into_opaque(context);
    object.set(js_string!("name"), name, false, context).ok()?;
    Some(object)
}

/// Shorthands used across the crate.
pub(crate) fn not_supported(message: impl Into<String>) -> SubtleError {
    SubtleError::NotSupported(message.into())
}
pub(crate) fn data(message: impl Into<String>) -> SubtleError {
    SubtleError::Data(message.into())
}
pub(crate) fn invalid_access(message: impl Into<String>) -> SubtleError {
    SubtleError::InvalidAccess(message.into())
}
pub(crate) fn type_error(message: impl Into<String>) -> SubtleError {
    SubtleError::Type(message.into())
}
pub(crate) fn operation(message: impl Into<String>) -> SubtleError {
    SubtleError::Operation(message.into())
}
