//! RSASSA-PKCS1-v1_5 and RSA-PSS keys: spki/pkcs8/jwk (`kty: "RSA"`) import and export,
//! signing and verification. Key generation is not offered (too slow to be "cheap").
//!
//! PKCS #1 v1.5 signing is deterministic and draws nothing; PSS salts (and its blinding)
//! come from the schedule's stream through `ScheduleRng` (R3).

use rsa::pkcs1::der::{Decode, Encode};
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey, UintRef};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};

use crate::algorithm::{AlgorithmName, Hash, Params};
use crate::error::{SubtleResult, data, invalid_access, not_supported, operation};
use crate::format::{Format, KeyData};
use crate::jwk::Jwk;
use crate::key::{KeyAlgorithm, Material};
use crate::random::ScheduleRng;

fn algorithm(name: AlgorithmName, hash: Hash, key: &RsaPublicKey) -> KeyAlgorithm {
    KeyAlgorithm {
        hash: Some(hash),
        modulus_length_bits: Some(key.n().bits_vartime()),
        public_exponent: Some(key.e_bytes().to_vec()),
        ..KeyAlgorithm::new(name)
    }
}

fn jwk_alg(name: AlgorithmName, hash: Hash) -> String {
    if name == AlgorithmName::RsaOaep {
        return match hash {
            Hash::Sha1 => "RSA-OAEP".to_owned(),
            _ => format!("RSA-OAEP-{}", hash.jwa_suffix()),
        };
    }
    let prefix = if name == AlgorithmName::RsaPss { "PS" } else { "RS" };
    format!("{prefix}{}", hash.jwa_suffix())
}

fn uint(bytes: &[u8]) -> SubtleResult<UintRef<'_>> {
    UintRef::new(bytes).map_err(|_| data("An RSA JWK member is not a valid integer."))
}

fn from_jwk(jwk: &Jwk) -> SubtleResult<Material> {
    jwk.require_kty("RSA")?;
    let (n, e) = (jwk.bytes("n")?, jwk.bytes("e")?);
    let Some(d) = jwk.optional_bytes("d")? else {
        let public = rsa::pkcs1::RsaPublicKey { modulus: uint(&n)?, public_exponent: uint(&e)? };
        let der = public.to_der().map_err(|e| data(e.to_string()))?;
        let key = RsaPublicKey::from_pkcs1_der(&der).map_err(|e| data(format!("Invalid RSA public key ({e}).")))?;
        return Ok(Material::RsaPublic(key));
    };
    let [p, q, dp, dq, qi] = ["p", "q", "dp", "dq", "qi"].map(|name| jwk.bytes(name));
    let (p, q, dp, dq, qi) = (p?, q?, dp?, dq?, qi?);
    let private = rsa::pkcs1::RsaPrivateKey {
        modulus: uint(&n)?,
        public_exponent: uint(&e)?,
        private_exponent: uint(&d)?,
        prime1: uint(&p)?,
        prime2: uint(&q)?,
        exponent1: uint(&dp)?,
        exponent2: uint(&dq)?,
        coefficient: uint(&qi)?,
        other_prime_infos: None,
    };
    let der = private.to_der().map_err(|e| data(e.to_string()))?;
    let key = RsaPrivateKey::from_pkcs1_der(&der).map_err(|e| data(format!("Invalid RSA private key ({e}).")))?;
    Ok(Material::RsaPrivate(Box::new(key)))
}

/// The key algorithm and material for imported key data.
pub(crate) fn import(format: Format, key_data: &KeyData, params: &Params) -> SubtleResult<(KeyAlgorithm, Material)> {
    let hash = params.required_hash()?;
    let material = match format {
        Format::Spki => Material::RsaPublic(
            RsaPublicKey::from_public_key_der(key_data.bytes()?)
                .map_err(|e| data(format!("The key data is not a valid SPKI RSA public key ({e}).")))?,
        ),
        Format::Pkcs8 => Material::RsaPrivate(Box::new(
            RsaPrivateKey::from_pkcs8_der(key_data.bytes()?)
                .map_err(|e| data(format!("The key data is not a valid PKCS #8 RSA private key ({e}).")))?,
        )),
        Format::Jwk => {
            let jwk = key_data.jwk()?;
            // workerd does not hold an RSA-OAEP JWK's "alg" to the hash (it imports "RS256").
            if params.name != AlgorithmName::RsaOaep {
                jwk.require_alg(&jwk_alg(params.name, hash))?;
            }
            from_jwk(jwk)?
        }
        Format::Raw => return Err(not_supported("RSA keys cannot be imported in the \"raw\" format.")),
    };
    let public = match &material {
        Material::RsaPublic(key) => key,
        Material::RsaPrivate(key) => key.as_public_key(),
        _ => return Err(data("Not an RSA key.")),
    };
    Ok((algorithm(params.name, hash, public), material))
}

/// Exports key material (without `key_ops`/`ext` for jwk; the caller adds them).
pub(crate) fn export(material: &Material, algorithm: &KeyAlgorithm, format: Format) -> SubtleResult<KeyData> {
    let wrong_type = || invalid_access(format!("This key type cannot be exported as \"{}\".", format.as_str()));
    let failed = |e: &dyn std::fmt::Display| operation(format!("RSA key export failed ({e})."));
    match (format, material) {
        (Format::Spki, Material::RsaPublic(key)) => {
            key.to_public_key_der().map(|d| KeyData::Bytes(d.as_bytes().to_vec())).map_err(|e| failed(&e))
        }
        (Format::Pkcs8, Material::RsaPrivate(key)) => {
            key.to_pkcs8_der().map(|d| KeyData::Bytes(d.as_bytes().to_vec())).map_err(|e| failed(&e))
        }
        (Format::Jwk, Material::RsaPublic(_) | Material::RsaPrivate(_)) => {
            let mut jwk = Jwk::default();
            jwk.set("kty", "RSA");
            if let Some(hash) = algorithm.hash {
                jwk.set("alg", jwk_alg(algorithm.name, hash));
            }
            match material {
                Material::RsaPrivate(key) => {
                    let der = key.to_pkcs1_der().map_err(|e| failed(&e))?;
                    let parts =
                        rsa::pkcs1::RsaPrivateKey::<UintRef<'_>>::from_der(der.as_bytes()).map_err(|e| failed(&e))?;
                    jwk.set_bytes("n", parts.modulus.as_bytes());
                    jwk.set_bytes("e", parts.public_exponent.as_bytes());
                    jwk.set_bytes("d", parts.private_exponent.as_bytes());
                    jwk.set_bytes("p", parts.prime1.as_bytes());
                    jwk.set_bytes("q", parts.prime2.as_bytes());
                    jwk.set_bytes("dp", parts.exponent1.as_bytes());
                    jwk.set_bytes("dq", parts.exponent2.as_bytes());
                    jwk.set_bytes("qi", parts.coefficient.as_bytes());
                }
                _ => {
                    if let Material::RsaPublic(key) = material {
                        jwk.set_bytes("n", &key.n_bytes());
                        jwk.set_bytes("e", &key.e_bytes());
                    }
                }
            }
            Ok(KeyData::Jwk(jwk))
        }
        (Format::Raw, _) => Err(not_supported("RSA keys cannot be exported in the \"raw\" format.")),
        _ => Err(wrong_type()),
    }
}

fn pkcs1v15(hash: Hash) -> Pkcs1v15Sign {
    match hash {
        Hash::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
        Hash::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
        Hash::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
        Hash::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
    }
}

/// Runs `f` with the PSS padding for `hash` and a salt of `salt_length` bytes.
macro_rules! with_pss {
    ($hash:expr, $salt_length:expr, |$pss:ident| $body:expr) => {
        match $hash {
            Hash::Sha1 => {
                let $pss = Pss::<sha1::Sha1>::new_with_salt($salt_length);
                $body
            }
            Hash::Sha256 => {
                let $pss = Pss::<sha2::Sha256>::new_with_salt($salt_length);
                $body
            }
            Hash::Sha384 => {
                let $pss = Pss::<sha2::Sha384>::new_with_salt($salt_length);
                $body
            }
            Hash::Sha512 => {
                let $pss = Pss::<sha2::Sha512>::new_with_salt($salt_length);
                $body
            }
        }
    };
}

/// A signature of `message` with the key's hash; `salt_length` is `Some` for RSA-PSS.
pub(crate) fn sign(
    material: &Material,
    hash: Hash,
    salt_length: Option<usize>,
    message: &[u8],
    random: &mut dyn FnMut(&mut [u8]),
) -> SubtleResult<Vec<u8>> {
    let Material::RsaPrivate(key) = material else { return Err(invalid_access("RSA signing needs a private key.")) };
    let digest = hash.digest(message);
    let signature = match salt_length {
        None => key.sign(pkcs1v15(hash), &digest),
        Some(salt_length) => {
            let mut rng = ScheduleRng::new(random);
            with_pss!(hash, salt_length, |pss| key.sign_with_rng(&mut rng, pss, &digest))
        }
    };
    signature.map_err(|e| operation(format!("RSA signing failed ({e}).")))
}

/// Whether `signature` signs `message`; `salt_length` is `Some` for RSA-PSS.
pub(crate) fn verify(
    material: &Material,
    hash: Hash,
    salt_length: Option<usize>,
    message: &[u8],
    signature: &[u8],
) -> SubtleResult<bool> {
    let Material::RsaPublic(key) = material else {
        return Err(invalid_access("RSA verification needs a public key."));
    };
    let digest = hash.digest(message);
    let verified = match salt_length {
        None => key.verify(pkcs1v15(hash), &digest, signature),
        Some(salt_length) => with_pss!(hash, salt_length, |pss| key.verify(pss, &digest, signature)),
    };
    Ok(verified.is_ok())
}

/// The public half of a private key.
pub(crate) fn public_of(material: &Material) -> Option<Material> {
    match material {
        Material::RsaPrivate(key) => Some(Material::RsaPublic(key.to_public_key())),
        _ => None,
    }
}

/// Runs `f` with the OAEP padding for `hash` and `label`.
macro_rules! with_oaep {
    ($hash:expr, $label:expr, |$oaep:ident| $body:expr) => {
        match ($hash, $label) {
            (Hash::Sha1, label) => {
                let $oaep = rsa::Oaep::<sha1::Sha1>::new_with_label(label);
                $body
            }
            (Hash::Sha256, label) => {
                let $oaep = rsa::Oaep::<sha2::Sha256>::new_with_label(label);
                $body
            }
            (Hash::Sha384, label) => {
                let $oaep = rsa::Oaep::<sha2::Sha384>::new_with_label(label);
                $body
            }
            (Hash::Sha512, label) => {
                let $oaep = rsa::Oaep::<sha2::Sha512>::new_with_label(label);
                $body
            }
        }
    };
}

/// RSA-OAEP encryption (public key) or decryption (private key) with the key's hash.
/// The seed (encryption) and the blinding (decryption) come from `random`.
pub(crate) fn oaep(
    material: &Material,
    hash: Hash,
    label: &[u8],
    input: &[u8],
    encrypt: bool,
    random: &mut dyn FnMut(&mut [u8]),
) -> SubtleResult<Vec<u8>> {
    let failed = || operation("RSA-OAEP failed encrypt/decrypt.");
    let label = label.to_vec();
    let mut rng = ScheduleRng::new(random);
    match (material, encrypt) {
        (Material::RsaPublic(key), true) => {
            with_oaep!(hash, label, |oaep| key.encrypt(&mut rng, oaep, input)).map_err(|_| failed())
        }
        (Material::RsaPrivate(key), false) => {
            with_oaep!(hash, label, |oaep| key.decrypt_blinded(&mut rng, oaep, input)).map_err(|_| failed())
        }
        _ => Err(invalid_access("RSA-OAEP encrypts with a public key and decrypts with a private key.")),
    }
}
