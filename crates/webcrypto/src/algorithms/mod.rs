//! One file per algorithm family; each offers import, export and its operations (sign and
//! verify, encrypt and decrypt, deriveBits)
//! over plain Rust data and knows nothing about promises or JS objects.

pub(crate) mod aes;
pub(crate) mod ecdsa;
pub(crate) mod ed25519;
pub(crate) mod hmac;
pub(crate) mod kdf;
pub(crate) mod rsa;
pub(crate) mod x25519;
