//! One file per signature algorithm family; each offers import, export, sign and verify
//! over plain Rust data and knows nothing about promises or JS objects.

pub(crate) mod ecdsa;
pub(crate) mod ed25519;
pub(crate) mod hmac;
pub(crate) mod rsa;
