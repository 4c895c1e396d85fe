//! `atob` and `btoa` (HTML's forgiving base64), with workerd's `InvalidCharacterError`s.
//!
//! boa_runtime's versions throw values without a name or message on bad input; workerd
//! throws a `DOMException` named `InvalidCharacterError` (code 5) with these texts
//! (workerd 1.20261117).

use boa_engine::{Context, JsResult, JsString, JsValue};

const ATOB_INVALID: &str = "atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', \
                            alphanumeric ASCII, and up to two terminal '=' signs when the input data length is \
                            divisible by 4 are allowed.)";
const BTOA_INVALID: &str = "btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.";

/// The value of one base64 digit, or `None` for anything else.
fn digit(unit: u16) -> Option<u32> {
    let c = char::from_u32(u32::from(unit))?;
    match c {
        'A'..='Z' => Some(c as u32 - 'A' as u32),
        'a'..='z' => Some(c as u32 - 'a' as u32 + 26),
        '0'..='9' => Some(c as u32 - '0' as u32 + 52),
        '+' => Some(62),
        '/' => Some(63),
        _ => None,
    }
}

/// HTML's forgiving-base64 decode of UTF-16 `input`, or `None` when it is not base64.
pub(crate) fn forgiving_decode(input: &[u16]) -> Option<Vec<u8>> {
    let is_space = |u: &u16| matches!(*u, 0x09 | 0x0A | 0x0C | 0x0D | 0x20);
    let mut data: Vec<u16> = input.iter().copied().filter(|u| !is_space(u)).collect();
    if data.len().is_multiple_of(4) {
        for _ in 0..2 {
            if data.last() == Some(&u16::from(b'=')) {
                data.pop();
            }
        }
    }
    if data.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for unit in data {
        buffer = (buffer << 6) | digit(unit)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn atob(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let input = args.first().cloned().unwrap_or_default().to_string(context)?;
    let units: Vec<u16> = input.iter().collect();
    let bytes = forgiving_decode(&units)
        .ok_or_else(|| crate::host::dom_exception("InvalidCharacterError", ATOB_INVALID, context))?;
    let latin1: Vec<u16> = bytes.into_iter().map(u16::from).collect();
    Ok(JsString::from(latin1.as_slice()).into())
}

fn btoa(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let input = args.first().cloned().unwrap_or_default().to_string(context)?;
    let mut bytes = Vec::with_capacity(input.len());
    for unit in input.iter() {
        let byte = u8::try_from(unit)
            .map_err(|_| crate::host::dom_exception("InvalidCharacterError", BTOA_INVALID, context))?;
        bytes.push(byte);
    }
    Ok(JsString::from(encode(&bytes).as_str()).into())
}

/// Standard base64 with padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    crate::host::global_scope::callable("atob", 0, atob, context)?;
    crate::host::global_scope::callable("btoa", 0, btoa, context)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn forgiving_base64_as_html_defines_it() {
        assert_eq!(forgiving_decode(&utf16("aGVsbG8=")), Some(b"hello".to_vec()));
        assert_eq!(forgiving_decode(&utf16(" aGVs\nbG8 ")), Some(b"hello".to_vec()));
        assert_eq!(forgiving_decode(&utf16("aGVsbG8")), Some(b"hello".to_vec()), "padding is optional");
        assert_eq!(forgiving_decode(&utf16("YQ==")), Some(b"a".to_vec()));
        assert_eq!(forgiving_decode(&utf16("")), Some(Vec::new()));
        for bad in ["***", "a", "YQ===", "Y=Q=", "aGVsbG8=="] {
            assert_eq!(forgiving_decode(&utf16(bad)), None, "{bad}");
        }
    }
}
