//! `KeyFormat` and the key data that comes with each format.

use crate::error::{SubtleResult, type_error};
use crate::jwk::Jwk;

/// `KeyFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Raw,
    Spki,
    Pkcs8,
    Jwk,
}

impl Format {
    pub(crate) fn parse(name: &str) -> SubtleResult<Self> {
        match name {
            "raw" => Ok(Self::Raw),
            "spki" => Ok(Self::Spki),
            "pkcs8" => Ok(Self::Pkcs8),
            "jwk" => Ok(Self::Jwk),
            _ => Err(type_error(format!("\"{name}\" is not a valid key format (raw, spki, pkcs8, jwk)."))),
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Raw => "raw",
            Self::Spki => "spki",
            Self::Pkcs8 => "pkcs8",
            Self::Jwk => "jwk",
        }
    }
}

/// Key data as imported or exported: bytes for raw/spki/pkcs8, a JWK for jwk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyData {
    Bytes(Vec<u8>),
    Jwk(Jwk),
}

impl KeyData {
    pub(crate) fn bytes(&self) -> SubtleResult<&[u8]> {
        match self {
            Self::Bytes(bytes) => Ok(bytes),
            Self::Jwk(_) => Err(type_error("Key data must be a BufferSource for this format.")),
        }
    }

    pub(crate) fn jwk(&self) -> SubtleResult<&Jwk> {
        match self {
            Self::Jwk(jwk) => Ok(jwk),
            Self::Bytes(_) => Err(type_error("Key data must be a JsonWebKey for the \"jwk\" format.")),
        }
    }
}
