//! The native half of `node:crypto` (`host/web/node_crypto.js`): one-shot digests and
//! HMACs over RustCrypto (MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512), synchronous as
//! Node's `createHash`/`createHmac` are; PBKDF2, HKDF and scrypt; and, through
//! `host.nodeCrypto`, the key operations of `crosstalk_webcrypto::node` (KeyObject,
//! sign/verify, key-pair generation). Random values come from the schedule's seeded
//! stream (R3): `crypto.getRandomValues` on the JS side, `fill_random` here.

use boa_engine::object::builtins::JsArrayBuffer;
use boa_engine::{Context, JsResult, JsValue, js_error};
use hmac::{KeyInit, Mac};
use md5::Digest;

fn bytes_arg(value: Option<&JsValue>) -> JsResult<Vec<u8>> {
    let object = value.and_then(JsValue::as_object).ok_or_else(|| js_error!(TypeError: "expected bytes"))?;
    let buffer =
        JsArrayBuffer::from_object(object.clone()).map_err(|_| js_error!(TypeError: "expected an ArrayBuffer"))?;
    Ok(buffer.data().map(|d| d.to_vec()).unwrap_or_default())
}

fn algorithm(value: Option<&JsValue>, context: &mut Context) -> JsResult<String> {
    Ok(value.cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped().to_ascii_lowercase())
}

/// The digest of `bytes` with `algorithm`, or `None` for an algorithm not provided.
pub(crate) fn digest(algorithm: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm {
        "md5" => md5::Md5::digest(bytes).to_vec(),
        "sha1" => sha1::Sha1::digest(bytes).to_vec(),
        "sha224" => sha2::Sha224::digest(bytes).to_vec(),
        "sha256" => sha2::Sha256::digest(bytes).to_vec(),
        "sha384" => sha2::Sha384::digest(bytes).to_vec(),
        "sha512" => sha2::Sha512::digest(bytes).to_vec(),
        _ => return None,
    })
}

fn mac<M: Mac + KeyInit>(key: &[u8], bytes: &[u8]) -> Vec<u8> {
    let mut mac = <M as KeyInit>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(bytes);
    mac.finalize().into_bytes().to_vec()
}

/// The HMAC of `bytes` under `key` with `algorithm`, or `None` for an algorithm not
/// provided.
pub(crate) fn hmac(algorithm: &str, key: &[u8], bytes: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm {
        "md5" => mac::<hmac::Hmac<md5::Md5>>(key, bytes),
        "sha1" => mac::<hmac::Hmac<sha1::Sha1>>(key, bytes),
        "sha224" => mac::<hmac::Hmac<sha2::Sha224>>(key, bytes),
        "sha256" => mac::<hmac::Hmac<sha2::Sha256>>(key, bytes),
        "sha384" => mac::<hmac::Hmac<sha2::Sha384>>(key, bytes),
        "sha512" => mac::<hmac::Hmac<sha2::Sha512>>(key, bytes),
        _ => return None,
    })
}

fn to_buffer(bytes: Vec<u8>, context: &mut Context) -> JsResult<JsValue> {
    crate::host::body::convert(&bytes, crate::host::body::ReadAs::ArrayBuffer, context)
}

/// `host.hash(algorithm, buffer)`: an ArrayBuffer with the digest, or null.
pub(crate) fn host_hash(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let algorithm = algorithm(args.first(), context)?;
    let bytes = bytes_arg(args.get(1))?;
    match digest(&algorithm, &bytes) {
        Some(out) => to_buffer(out, context),
        None => Ok(JsValue::null()),
    }
}

/// `host.hmac(algorithm, key, buffer)`: an ArrayBuffer with the MAC, or null.
pub(crate) fn host_hmac(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let algorithm = algorithm(args.first(), context)?;
    let key = bytes_arg(args.get(1))?;
    let bytes = bytes_arg(args.get(2))?;
    match hmac(&algorithm, &key, &bytes) {
        Some(out) => to_buffer(out, context),
        None => Ok(JsValue::null()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn digests_and_macs_match_their_standards_test_vectors() {
        // FIPS 180-4 / RFC 1321 examples for "abc".
        assert_eq!(
            hex(&digest("sha256", b"abc").unwrap()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hex(&digest("sha1", b"abc").unwrap()), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(hex(&digest("md5", b"abc").unwrap()), "900150983cd24fb0d6963f7d28e17f72");
        // RFC 4231 test case 2 (HMAC-SHA-256, key "Jefe").
        assert_eq!(
            hex(&hmac("sha256", b"Jefe", b"what do ya want for nothing?").unwrap()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(digest("whirlpool", b"").is_none());
    }

    #[test]
    fn kdfs_and_aes_match_their_standards_test_vectors() {
        // RFC 7914 section 12, first vector.
        let out = scrypt(b"", b"", 16, 1, 1, 64).unwrap();
        assert_eq!(&hex(&out)[..32], "77d6576238657b203b19ca42c18a0497");
        // RFC 6070 test 1 (PBKDF2-HMAC-SHA1, 1 iteration).
        assert_eq!(
            hex(&pbkdf2("sha1", b"password", b"salt", 1, 20).unwrap()),
            "0c60c80f961f0e71f3a9b524af6012062fe037a6"
        );
        // RFC 5869 test case 1 (HKDF-SHA-256).
        let ikm = [0x0bu8; 22];
        let salt: Vec<u8> = (0..=0x0c).collect();
        let info: Vec<u8> = (0xf0..=0xf9).collect();
        assert_eq!(&hex(&hkdf("sha256", &ikm, &salt, &info, 42).unwrap())[..32], "3cb25f25faacd57a90434f64d0362f2a");
        // FIPS 197 appendix C.1.
        let key: Vec<u8> = (0..16).collect();
        let aes = Aes::new(&key).unwrap();
        let plain: [u8; 16] = std::array::from_fn(|i| (i as u8) * 0x11);
        let cipher = aes.encrypt(&plain);
        assert_eq!(hex(&cipher), "69c4e0d86a7b0430d8cdb78070b4c55a");
        assert_eq!(aes.decrypt(&cipher), plain);
    }
}

/// The output size in bytes of a digest `digest` knows.
fn digest_size(algorithm: &str) -> Option<usize> {
    digest(algorithm, b"").map(|d| d.len())
}

/// PBKDF2 (RFC 8018) with HMAC-`algorithm`, or `None` for an unknown digest.
pub(crate) fn pbkdf2(algorithm: &str, password: &[u8], salt: &[u8], iterations: u32, length: usize) -> Option<Vec<u8>> {
    let size = digest_size(algorithm)?;
    let mut out = Vec::with_capacity(length + size);
    let mut block = 1u32;
    while out.len() < length {
        let mut input = salt.to_vec();
        input.extend_from_slice(&block.to_be_bytes());
        let mut u = hmac(algorithm, password, &input)?;
        let mut t = u.clone();
        for _ in 1..iterations {
            u = hmac(algorithm, password, &u)?;
            t.iter_mut().zip(&u).for_each(|(a, b)| *a ^= b);
        }
        out.extend_from_slice(&t);
        block = block.wrapping_add(1);
    }
    out.truncate(length);
    Some(out)
}

/// HKDF (RFC 5869) extract-and-expand with HMAC-`algorithm`, or `None` for an unknown
/// digest or a length over 255 blocks.
pub(crate) fn hkdf(algorithm: &str, ikm: &[u8], salt: &[u8], info: &[u8], length: usize) -> Option<Vec<u8>> {
    let size = digest_size(algorithm)?;
    if length > 255 * size {
        return None;
    }
    let salt = if salt.is_empty() { vec![0u8; size] } else { salt.to_vec() };
    let prk = hmac(algorithm, &salt, ikm)?;
    let mut out = Vec::with_capacity(length + size);
    let mut previous = Vec::new();
    let mut counter = 1u8;
    while out.len() < length {
        let mut input = previous.clone();
        input.extend_from_slice(info);
        input.push(counter);
        previous = hmac(algorithm, &prk, &input)?;
        out.extend_from_slice(&previous);
        counter = counter.wrapping_add(1);
    }
    out.truncate(length);
    Some(out)
}

fn salsa20_8(block: &mut [u32; 16]) {
    let mut x = *block;
    for _ in 0..4 {
        for (a, b, c, shift) in [
            (4, 0, 12, 7),
            (8, 4, 0, 9),
            (12, 8, 4, 13),
            (0, 12, 8, 18),
            (9, 5, 1, 7),
            (13, 9, 5, 9),
            (1, 13, 9, 13),
            (5, 1, 13, 18),
            (14, 10, 6, 7),
            (2, 14, 10, 9),
            (6, 2, 14, 13),
            (10, 6, 2, 18),
            (3, 15, 11, 7),
            (7, 3, 15, 9),
            (11, 7, 3, 13),
            (15, 11, 7, 18),
            (1, 0, 3, 7),
            (2, 1, 0, 9),
            (3, 2, 1, 13),
            (0, 3, 2, 18),
            (6, 5, 4, 7),
            (7, 6, 5, 9),
            (4, 7, 6, 13),
            (5, 4, 7, 18),
            (11, 10, 9, 7),
            (8, 11, 10, 9),
            (9, 8, 11, 13),
            (10, 9, 8, 18),
            (12, 15, 14, 7),
            (13, 12, 15, 9),
            (14, 13, 12, 13),
            (15, 14, 13, 18),
        ] {
            x[a] ^= x[b].wrapping_add(x[c]).rotate_left(shift);
        }
    }
    block.iter_mut().zip(x).for_each(|(b, x)| *b = b.wrapping_add(x));
}

/// scryptBlockMix over `2 * r` 64-byte blocks held as words.
fn block_mix(input: &[u32], r: usize) -> Vec<u32> {
    let mut x: [u32; 16] = input[(2 * r - 1) * 16..2 * r * 16].try_into().unwrap_or([0; 16]);
    let mut out = vec![0u32; input.len()];
    for i in 0..2 * r {
        x.iter_mut().zip(&input[i * 16..(i + 1) * 16]).for_each(|(a, b)| *a ^= b);
        salsa20_8(&mut x);
        let at = if i % 2 == 0 { (i / 2) * 16 } else { (r + i / 2) * 16 };
        out[at..at + 16].copy_from_slice(&x);
    }
    out
}

/// scrypt (RFC 7914).
pub(crate) fn scrypt(password: &[u8], salt: &[u8], n: usize, r: usize, p: usize, length: usize) -> Option<Vec<u8>> {
    let block_bytes = 128 * r;
    let mut b = pbkdf2("sha256", password, salt, 1, p * block_bytes)?;
    for chunk in b.chunks_mut(block_bytes) {
        let mut x: Vec<u32> = chunk.chunks(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
        let mut v = Vec::with_capacity(n * x.len());
        for _ in 0..n {
            v.extend_from_slice(&x);
            x = block_mix(&x, r);
        }
        let words = x.len();
        for _ in 0..n {
            let j = (x[(2 * r - 1) * 16] as usize) % n;
            x.iter_mut().zip(&v[j * words..(j + 1) * words]).for_each(|(a, b)| *a ^= b);
            x = block_mix(&x, r);
        }
        for (out, word) in chunk.chunks_mut(4).zip(x) {
            out.copy_from_slice(&word.to_le_bytes());
        }
    }
    pbkdf2("sha256", password, &b, 1, length)
}

// ---- AES (FIPS 197) and its modes -------------------------------------------------------

/// The AES S-box and its inverse, computed from the field inverse and affine map.
fn sboxes() -> &'static ([u8; 256], [u8; 256]) {
    static TABLES: std::sync::OnceLock<([u8; 256], [u8; 256])> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let mut sbox = [0u8; 256];
        let mut inverse = [0u8; 256];
        for x in 0..=255u8 {
            let inv = if x == 0 { 0 } else { (1..=255u8).find(|y| gmul8(x, *y) == 1).unwrap_or(0) };
            let b = inv ^ inv.rotate_left(1) ^ inv.rotate_left(2) ^ inv.rotate_left(3) ^ inv.rotate_left(4) ^ 0x63;
            sbox[x as usize] = b;
            inverse[b as usize] = x;
        }
        (sbox, inverse)
    })
}

fn gmul8(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0u8;
    while b != 0 {
        if b & 1 != 0 {
            p ^= a;
        }
        let high = a & 0x80;
        a <<= 1;
        if high != 0 {
            a ^= 0x1b;
        }
        b >>= 1;
    }
    p
}

/// An expanded AES key: 11, 13 or 15 round keys.
struct Aes {
    round_keys: Vec<[u8; 16]>,
}

impl Aes {
    fn new(key: &[u8]) -> Option<Self> {
        let nk = match key.len() {
            16 => 4,
            24 => 6,
            32 => 8,
            _ => return None,
        };
        let rounds = nk + 6;
        let (sbox, _) = sboxes();
        let mut words: Vec<[u8; 4]> = key.chunks(4).map(|c| [c[0], c[1], c[2], c[3]]).collect();
        let mut rcon = 1u8;
        for i in nk..4 * (rounds + 1) {
            let mut t = words[i - 1];
            if i % nk == 0 {
                t = [sbox[t[1] as usize] ^ rcon, sbox[t[2] as usize], sbox[t[3] as usize], sbox[t[0] as usize]];
                rcon = gmul8(rcon, 2);
            } else if nk > 6 && i % nk == 4 {
                t = t.map(|b| sbox[b as usize]);
            }
            let w = words[i - nk];
            words.push([w[0] ^ t[0], w[1] ^ t[1], w[2] ^ t[2], w[3] ^ t[3]]);
        }
        let round_keys = words
            .chunks(4)
            .map(|c| {
                let mut k = [0u8; 16];
                for (j, w) in c.iter().enumerate() {
                    k[4 * j..4 * j + 4].copy_from_slice(w);
                }
                k
            })
            .collect();
        Some(Self { round_keys })
    }

    fn encrypt(&self, block: &[u8; 16]) -> [u8; 16] {
        let (sbox, _) = sboxes();
        let mut s = *block;
        xor16(&mut s, &self.round_keys[0]);
        let last = self.round_keys.len() - 1;
        for round in 1..=last {
            s = s.map(|b| sbox[b as usize]);
            s = shift_rows(&s);
            if round != last {
                s = mix_columns(&s, [2, 3, 1, 1]);
            }
            xor16(&mut s, &self.round_keys[round]);
        }
        s
    }

    fn decrypt(&self, block: &[u8; 16]) -> [u8; 16] {
        let (_, inverse) = sboxes();
        let mut s = *block;
        let last = self.round_keys.len() - 1;
        xor16(&mut s, &self.round_keys[last]);
        for round in (0..last).rev() {
            s = inv_shift_rows(&s);
            s = s.map(|b| inverse[b as usize]);
            xor16(&mut s, &self.round_keys[round]);
            if round != 0 {
                s = mix_columns(&s, [14, 11, 13, 9]);
            }
        }
        s
    }
}

fn xor16(a: &mut [u8; 16], b: &[u8; 16]) {
    a.iter_mut().zip(b).for_each(|(x, y)| *x ^= y);
}

fn shift_rows(s: &[u8; 16]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for c in 0..4 {
        for r in 0..4 {
            out[4 * c + r] = s[4 * ((c + r) % 4) + r];
        }
    }
    out
}

fn inv_shift_rows(s: &[u8; 16]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for c in 0..4 {
        for r in 0..4 {
            out[4 * ((c + r) % 4) + r] = s[4 * c + r];
        }
    }
    out
}

/// MixColumns with the circulant row `m` ([2,3,1,1] forward, [14,11,13,9] inverse).
fn mix_columns(s: &[u8; 16], m: [u8; 4]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for c in 0..4 {
        let col = &s[4 * c..4 * c + 4];
        for r in 0..4 {
            out[4 * c + r] = (0..4).fold(0u8, |acc, k| acc ^ gmul8(col[(r + k) % 4], m[k]));
        }
    }
    out
}

fn block_of(bytes: &[u8]) -> [u8; 16] {
    let mut block = [0u8; 16];
    block[..bytes.len()].copy_from_slice(bytes);
    block
}

/// Multiplication in GCM's GF(2^128).
fn gf_mul(x: u128, y: u128) -> u128 {
    let r: u128 = 0xe1 << 120;
    let mut z = 0u128;
    let mut v = y;
    for i in 0..128 {
        if (x >> (127 - i)) & 1 == 1 {
            z ^= v;
        }
        v = if v & 1 == 1 { (v >> 1) ^ r } else { v >> 1 };
    }
    z
}

fn ghash(h: u128, aad: &[u8], text: &[u8]) -> u128 {
    let mut y = 0u128;
    for part in [aad, text] {
        for chunk in part.chunks(16) {
            y = gf_mul(y ^ u128::from_be_bytes(block_of(chunk)), h);
        }
    }
    let lengths = ((aad.len() as u128 * 8) << 64) | (text.len() as u128 * 8);
    gf_mul(y ^ lengths, h)
}

/// A cipher crosstalk models: AES in ECB, CBC, CTR, OFB or GCM mode.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Ecb,
    Cbc,
    Ctr,
    Ofb,
    Gcm,
}

/// Key bytes and mode of a cipher name (`aes-128-cbc`, ...), case-insensitively.
fn cipher_of(name: &str) -> Option<(usize, Mode)> {
    let lower = name.to_ascii_lowercase();
    let mut parts = lower.strip_prefix("aes-")?.splitn(2, '-');
    let bits = parts.next()?;
    let mode = match parts.next()? {
        "ecb" => Mode::Ecb,
        "cbc" => Mode::Cbc,
        "ctr" => Mode::Ctr,
        "ofb" => Mode::Ofb,
        "gcm" => Mode::Gcm,
        _ => return None,
    };
    let key = match bits {
        "128" => 16,
        "192" => 24,
        "256" => 32,
        _ => return None,
    };
    Some((key, mode))
}

fn keystream_xor(aes: &Aes, mut counter: [u8; 16], data: &[u8], increment: impl Fn(&mut [u8; 16])) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks(16) {
        let stream = aes.encrypt(&counter);
        out.extend(chunk.iter().zip(stream).map(|(a, b)| a ^ b));
        increment(&mut counter);
    }
    out
}

struct CipherRun<'a> {
    mode: Mode,
    encrypt: bool,
    iv: &'a [u8],
    data: &'a [u8],
    aad: &'a [u8],
    finish: bool,
    padding: bool,
    tag: Option<&'a [u8]>,
    tag_length: usize,
}

/// Runs a whole cipher over everything written so far: the output available now (all
/// of it when `finish`) and, for GCM encryption, the tag. Errors are workerd's texts.
fn run_cipher(aes: &Aes, run: &CipherRun<'_>) -> Result<(Vec<u8>, Option<Vec<u8>>), &'static str> {
    let data = run.data;
    match run.mode {
        Mode::Ecb | Mode::Cbc => {
            let available = if run.finish {
                data.len()
            } else if !run.encrypt && run.padding {
                data.len().saturating_sub(1) / 16 * 16
            } else {
                data.len() / 16 * 16
            };
            let mut input = data[..available].to_vec();
            if run.finish {
                if run.encrypt && run.padding {
                    let pad = 16 - input.len() % 16;
                    input.extend(std::iter::repeat_n(pad as u8, pad));
                } else if !input.len().is_multiple_of(16) {
                    return Err("Authentication failed");
                }
            }
            let mut chain = block_of(&run.iv[..run.iv.len().min(16)]);
            let mut out = Vec::with_capacity(input.len());
            for chunk in input.chunks(16) {
                let block = block_of(chunk);
                let result = match (run.mode, run.encrypt) {
                    (Mode::Ecb, true) => aes.encrypt(&block),
                    (Mode::Ecb, false) => aes.decrypt(&block),
                    (_, true) => {
                        let mut b = block;
                        xor16(&mut b, &chain);
                        chain = aes.encrypt(&b);
                        chain
                    }
                    (_, false) => {
                        let mut plain = aes.decrypt(&block);
                        xor16(&mut plain, &chain);
                        chain = block;
                        plain
                    }
                };
                out.extend_from_slice(&result);
            }
            if run.finish && !run.encrypt && run.padding {
                let pad = *out.last().ok_or("Authentication failed")? as usize;
                if pad == 0 || pad > 16 || out[out.len() - pad..].iter().any(|b| *b as usize != pad) {
                    return Err("Authentication failed");
                }
                out.truncate(out.len() - pad);
            }
            Ok((out, None))
        }
        Mode::Ctr => Ok((
            keystream_xor(aes, block_of(run.iv), data, |c| {
                let n = u128::from_be_bytes(*c).wrapping_add(1);
                *c = n.to_be_bytes();
            }),
            None,
        )),
        Mode::Ofb => {
            let mut state = block_of(run.iv);
            let mut out = Vec::with_capacity(data.len());
            for chunk in data.chunks(16) {
                state = aes.encrypt(&state);
                out.extend(chunk.iter().zip(state).map(|(a, b)| a ^ b));
            }
            Ok((out, None))
        }
        Mode::Gcm => {
            let h = u128::from_be_bytes(aes.encrypt(&[0u8; 16]));
            let j0 = if run.iv.len() == 12 {
                let mut j = [0u8; 16];
                j[..12].copy_from_slice(run.iv);
                j[15] = 1;
                j
            } else {
                ghash(h, &[], run.iv).to_be_bytes()
            };
            let inc32 = |c: &mut [u8; 16]| {
                let n = u32::from_be_bytes([c[12], c[13], c[14], c[15]]).wrapping_add(1);
                c[12..].copy_from_slice(&n.to_be_bytes());
            };
            let mut first = j0;
            inc32(&mut first);
            let out = keystream_xor(aes, first, data, inc32);
            if !run.finish {
                return Ok((out, None));
            }
            let ciphertext = if run.encrypt { &out[..] } else { data };
            let mut tag =
                (ghash(h, run.aad, ciphertext) ^ u128::from_be_bytes(aes.encrypt(&j0))).to_be_bytes().to_vec();
            if run.encrypt {
                tag.truncate(run.tag_length.clamp(1, 16));
                return Ok((out, Some(tag)));
            }
            let given = run.tag.ok_or("Authentication failed")?;
            if given.is_empty() || given.len() > 16 || tag[..given.len()] != *given {
                return Err("Authentication failed");
            }
            Ok((out, None))
        }
    }
}

/// `cipher(name, encrypt, key, iv|null, data, aad, finish, padding, tag|null, tagLength)`:
/// `[output, tag|null]`.
fn host_cipher(args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let name = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    let (key_bytes, mode) =
        cipher_of(&name).ok_or_else(|| js_error!(Error: "Unknown or unsupported cipher: {}", name))?;
    let encrypt = args.get(1).is_some_and(JsValue::to_boolean);
    let key = bytes_arg(args.get(2))?;
    let iv = match args.get(3) {
        Some(v) if !v.is_null_or_undefined() => bytes_arg(Some(v))?,
        _ => Vec::new(),
    };
    if key.len() != key_bytes {
        return Err(js_error!(Error: "Invalid key length"));
    }
    let iv_ok = match mode {
        Mode::Ecb => iv.is_empty(),
        Mode::Gcm => !iv.is_empty(),
        _ => iv.len() == 16,
    };
    if !iv_ok {
        return Err(js_error!(Error: "Invalid initialization vector"));
    }
    let data = bytes_arg(args.get(4))?;
    let aad = bytes_arg(args.get(5))?;
    let tag = match args.get(8) {
        Some(v) if !v.is_null_or_undefined() => Some(bytes_arg(Some(v))?),
        _ => None,
    };
    let tag_length = number_at(args, 9, context).ok().filter(|n| n.is_finite() && *n > 0.0).unwrap_or(16.0) as usize;
    let aes = Aes::new(&key).ok_or_else(|| js_error!(Error: "Invalid key length"))?;
    let run = CipherRun {
        mode,
        encrypt,
        iv: &iv,
        data: &data,
        aad: &aad,
        finish: args.get(6).is_some_and(JsValue::to_boolean),
        padding: args.get(7).is_none_or(JsValue::to_boolean),
        tag: tag.as_deref(),
        tag_length,
    };
    let (out, tag) = run_cipher(&aes, &run).map_err(|message| js_error!(Error: "{}", message))?;
    let out = to_buffer(out, context)?;
    let tag = match tag {
        Some(tag) => to_buffer(tag, context)?,
        None => JsValue::null(),
    };
    Ok(boa_engine::object::builtins::JsArray::from_iter([out, tag], context).into())
}

/// R3: node:crypto's key generation and RSA-PSS salts draw from the schedule's stream.
fn fill_random(context: &mut Context, bytes: &mut [u8]) {
    use rand::RngCore;
    let host = crate::engine::Host::of(context);
    host.world.random(host.current.get(), "node:crypto").fill_bytes(bytes);
}

fn string_at(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<String> {
    Ok(args.get(i).cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped().to_ascii_lowercase())
}

fn number_at(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<f64> {
    args.get(i).cloned().unwrap_or_default().to_number(context)
}

fn size_at(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<usize> {
    let n = number_at(args, i, context)?;
    if !(0.0..=f64::from(u32::MAX)).contains(&n) {
        return Err(js_error!(RangeError: "node:crypto: size out of range"));
    }
    Ok(n as usize)
}

fn or_null(out: Option<Vec<u8>>, context: &mut Context) -> JsResult<JsValue> {
    match out {
        Some(bytes) => to_buffer(bytes, context),
        None => Ok(JsValue::null()),
    }
}

/// `host.nodeCrypto(op, args)`: the one door for node:crypto's other native operations:
/// runs operation `op` (a string) with the arguments in the array `args`.
pub(crate) fn host_node_crypto(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let op = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    let list = args.get(1).and_then(JsValue::as_object);
    let mut values = Vec::new();
    if let Some(list) = list {
        let length = list.get(boa_engine::js_string!("length"), context)?.to_length(context)?;
        for i in 0..length {
            values.push(list.get(i, context)?);
        }
    }
    let args = values.as_slice();
    if op == "generateKeyPair" {
        let host = crate::engine::Host::of(context);
        crate::host::require_request(&host, "crypto.generateKeyPair()")?;
    }
    if let Some(result) = crosstalk_webcrypto::node::call(&op, args, context, fill_random) {
        return result;
    }
    match op.as_str() {
        "pbkdf2" => {
            let algorithm = string_at(args, 0, context)?;
            let password = bytes_arg(args.get(1))?;
            let salt = bytes_arg(args.get(2))?;
            let iterations = u32::try_from(size_at(args, 3, context)?).unwrap_or(u32::MAX);
            let length = size_at(args, 4, context)?;
            or_null(pbkdf2(&algorithm, &password, &salt, iterations, length), context)
        }
        "hkdf" => {
            let algorithm = string_at(args, 0, context)?;
            let ikm = bytes_arg(args.get(1))?;
            let salt = bytes_arg(args.get(2))?;
            let info = bytes_arg(args.get(3))?;
            let length = size_at(args, 4, context)?;
            or_null(hkdf(&algorithm, &ikm, &salt, &info, length), context)
        }
        "scrypt" => {
            let password = bytes_arg(args.first())?;
            let salt = bytes_arg(args.get(1))?;
            let n = size_at(args, 2, context)?;
            let r = size_at(args, 3, context)?;
            let p = size_at(args, 4, context)?;
            let length = size_at(args, 5, context)?;
            if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
                return Ok(JsValue::null());
            }
            or_null(scrypt(&password, &salt, n, r, p, length), context)
        }
        "cipher" => host_cipher(args, context),
        _ => Err(js_error!(TypeError: "host.nodeCrypto: unknown operation {}", op)),
    }
}
