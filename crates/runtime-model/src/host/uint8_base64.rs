//! `Uint8Array`'s base64 and hex methods (ECMA-262 2026, "Uint8Array to/from base64"):
//! `toBase64`, `toHex`, `setFromBase64`, `setFromHex` and the statics `fromBase64`,
//! `fromHex`, which workerd's V8 ships and boa 0.22 lacks.
//!
//! The decoding follows the standard's FromBase64 and FromHex step by step (whitespace
//! skipped, the three `lastChunkHandling` modes, a partial write when the target is
//! full). The errors are V8's texts, whose choice follows V8's decoder rather than the
//! standard's single "SyntaxError" (each verified on workerd 1.20261117):
//! - a character outside the alphabet, `=` where no padding can be, anything after the
//!   padding: `Found a character that cannot be part of a valid base64 string.`;
//! - input that ends inside a chunk the mode refuses (and a lone character before `=`):
//!   `The base64 input terminates with a single character, excluding padding (=).`;
//! - padding bits that are not zero under `strict`: `The base64 input terminates with
//!   non-zero padding bits.`;
//! - any bad hex input: `Input string must contain hex characters in even length`.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsUint8Array;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, js_string};

const INVALID_CHARACTER: &str = "Found a character that cannot be part of a valid base64 string.";
const SINGLE_CHARACTER: &str = "The base64 input terminates with a single character, excluding padding (=).";
const EXTRA_BITS: &str = "The base64 input terminates with non-zero padding bits.";
const BAD_HEX: &str = "Input string must contain hex characters in even length";

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Alphabet {
    Base64,
    Base64Url,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LastChunk {
    Loose,
    Strict,
    StopBeforePartial,
}

/// What a decode produced: the bytes, how many code units of the input it consumed, and
/// the error that stopped it, if one did (the bytes before it are still written by
/// `setFromBase64`).
#[derive(Debug, PartialEq, Eq)]
struct Decoded {
    bytes: Vec<u8>,
    read: usize,
    error: Option<&'static str>,
}

fn is_ascii_whitespace(unit: u16) -> bool {
    matches!(unit, 0x09 | 0x0a | 0x0c | 0x0d | 0x20)
}

fn skip_whitespace(text: &[u16], mut index: usize) -> usize {
    while index < text.len() && is_ascii_whitespace(text[index]) {
        index += 1;
    }
    index
}

/// The standard's DecodeBase64Chunk: two to four characters' sextets into their bytes;
/// under `strict` the bits a short chunk leaves over must be zero.
fn decode_chunk(chunk: &[u8], strict: bool) -> Result<Vec<u8>, &'static str> {
    debug_assert!((2..=4).contains(&chunk.len()), "a chunk holds two to four sextets");
    let mut sextets = [0u8; 4];
    sextets[..chunk.len()].copy_from_slice(chunk);
    let bits = (u32::from(sextets[0]) << 18)
        | (u32::from(sextets[1]) << 12)
        | (u32::from(sextets[2]) << 6)
        | u32::from(sextets[3]);
    let bytes = [(bits >> 16) as u8, (bits >> 8) as u8, bits as u8];
    let kept = chunk.len() - 1;
    if strict && bytes[kept..].iter().any(|&b| b != 0) {
        return Err(EXTRA_BITS);
    }
    Ok(bytes[..kept].to_vec())
}

/// The sextet of a base64 character in `alphabet`.
fn sextet(unit: u16, alphabet: Alphabet) -> Option<u8> {
    let table = match alphabet {
        Alphabet::Base64 => STANDARD,
        Alphabet::Base64Url => URL_SAFE,
    };
    let byte = u8::try_from(unit).ok()?;
    table.iter().position(|&c| c == byte).map(|p| p as u8)
}

/// The standard's FromBase64, with V8's choice of error text.
fn from_base64(text: &[u16], alphabet: Alphabet, last: LastChunk, max_length: usize) -> Decoded {
    let mut decoded = Decoded { bytes: Vec::new(), read: 0, error: None };
    if max_length == 0 {
        return decoded;
    }
    let fail = |mut decoded: Decoded, error: &'static str| {
        decoded.error = Some(error);
        decoded
    };
    let mut chunk: Vec<u8> = Vec::with_capacity(4);
    let mut index = 0;
    loop {
        index = skip_whitespace(text, index);
        if index == text.len() {
            if !chunk.is_empty() {
                match last {
                    LastChunk::StopBeforePartial => return decoded,
                    LastChunk::Loose if chunk.len() > 1 => match decode_chunk(&chunk, false) {
                        Ok(bytes) => decoded.bytes.extend(bytes),
                        Err(error) => return fail(decoded, error),
                    },
                    LastChunk::Loose | LastChunk::Strict => return fail(decoded, SINGLE_CHARACTER),
                }
            }
            decoded.read = text.len();
            return decoded;
        }
        let unit = text[index];
        index += 1;
        if unit == u16::from(b'=') {
            match chunk.len() {
                0 => return fail(decoded, INVALID_CHARACTER),
                1 => return fail(decoded, SINGLE_CHARACTER),
                _ => {}
            }
            index = skip_whitespace(text, index);
            if chunk.len() == 2 {
                if index == text.len() {
                    return match last {
                        LastChunk::StopBeforePartial => decoded,
                        LastChunk::Strict => fail(decoded, SINGLE_CHARACTER),
                        LastChunk::Loose => fail(decoded, INVALID_CHARACTER),
                    };
                }
                if text[index] == u16::from(b'=') {
                    index = skip_whitespace(text, index + 1);
                }
            }
            if index < text.len() {
                return fail(decoded, INVALID_CHARACTER);
            }
            match decode_chunk(&chunk, last == LastChunk::Strict) {
                Ok(bytes) => decoded.bytes.extend(bytes),
                Err(error) => return fail(decoded, error),
            }
            decoded.read = text.len();
            return decoded;
        }
        let Some(value) = sextet(unit, alphabet) else { return fail(decoded, INVALID_CHARACTER) };
        let remaining = max_length - decoded.bytes.len();
        if (remaining == 1 && chunk.len() == 2) || (remaining == 2 && chunk.len() == 3) {
            return decoded;
        }
        chunk.push(value);
        if chunk.len() == 4 {
            decoded.bytes.extend(decode_chunk(&chunk, false).expect("a full chunk has no bits over"));
            chunk.clear();
            decoded.read = index;
            if decoded.bytes.len() == max_length {
                return decoded;
            }
        }
    }
}

/// The standard's FromHex: pairs of hex digits, at most `max_length` bytes.
fn from_hex(text: &[u16], max_length: usize) -> Decoded {
    let mut decoded = Decoded { bytes: Vec::new(), read: 0, error: None };
    if !text.len().is_multiple_of(2) {
        decoded.error = Some(BAD_HEX);
        return decoded;
    }
    let digit = |unit: u16| char::from_u32(u32::from(unit)).and_then(|c| c.to_digit(16));
    while decoded.read < text.len() && decoded.bytes.len() < max_length {
        let (Some(high), Some(low)) = (digit(text[decoded.read]), digit(text[decoded.read + 1])) else {
            decoded.error = Some(BAD_HEX);
            return decoded;
        };
        decoded.bytes.push((high * 16 + low) as u8);
        decoded.read += 2;
    }
    decoded
}

/// `bytes` in base64 (`host::base64::encode`'s standard alphabet, padded), in `alphabet`,
/// without its padding when asked.
fn encode_base64(bytes: &[u8], alphabet: Alphabet, omit_padding: bool) -> String {
    let mut text = super::base64::encode(bytes);
    if omit_padding {
        text.truncate(text.trim_end_matches('=').len());
    }
    if alphabet == Alphabet::Base64Url {
        text = text
            .chars()
            .map(|c| match c {
                '+' => '-',
                '/' => '_',
                c => c,
            })
            .collect();
    }
    text
}

/// V8's rendering of a receiver in "incompatible receiver" messages.
fn describe(value: &JsValue, context: &mut Context) -> String {
    match value.as_object() {
        Some(object) if object.is_array() => "[object Array]".to_string(),
        Some(object) => {
            if let Ok(typed) = boa_engine::object::builtins::JsTypedArray::from_object(object.clone())
                && let Ok(tag) = typed.to_string_tag(context)
                && let Some(tag) = tag.as_string()
            {
                return format!("[object {}]", tag.to_std_string_escaped());
            }
            "#<Object>".to_string()
        }
        None => value.to_string(context).map(|s| s.to_std_string_escaped()).unwrap_or_default(),
    }
}

/// The `this` of a method: a `Uint8Array`, or V8's TypeError naming `method`.
fn receiver(this: &JsValue, method: &str, context: &mut Context) -> JsResult<JsUint8Array> {
    this.as_object().and_then(|o| JsUint8Array::from_object(o.clone()).ok()).ok_or_else(|| {
        let text =
            format!("Method Uint8Array.prototype.{method} called on incompatible receiver {}", describe(this, context));
        JsNativeError::typ().with_message(text).into()
    })
}

/// The bytes a `Uint8Array` views, or V8's TypeError for a detached buffer.
fn bytes_of(array: &JsUint8Array, method: &str, context: &mut Context) -> JsResult<Vec<u8>> {
    array.to_vec(context).map_err(|_| {
        let text = format!("Cannot perform Uint8Array.prototype.{method} on a detached or out-of-bounds ArrayBuffer");
        JsNativeError::typ().with_message(text).into()
    })
}

/// GetOptionsObject: undefined is no options; anything but an object is V8's TypeError.
fn options(value: Option<&JsValue>) -> JsResult<Option<JsObject>> {
    match value {
        None => Ok(None),
        Some(value) if value.is_undefined() => Ok(None),
        Some(value) => {
            value.as_object().map(Some).ok_or_else(|| JsNativeError::typ().with_message("invalid_argument").into())
        }
    }
}

/// The option `name` of `options`: one of `allowed` (the first when absent), or V8's
/// TypeError naming the value.
fn choice(options: &Option<JsObject>, name: &str, allowed: &[&str], context: &mut Context) -> JsResult<usize> {
    let Some(options) = options else { return Ok(0) };
    let value = options.get(JsString::from(name), context)?;
    if value.is_undefined() {
        return Ok(0);
    }
    let invalid = |value: &JsValue, context: &mut Context| -> boa_engine::JsError {
        let text = value.to_string(context).map(|s| s.to_std_string_escaped()).unwrap_or_default();
        JsNativeError::typ().with_message(format!("invalid option {text}")).into()
    };
    let Some(text) = value.as_string() else { return Err(invalid(&value, context)) };
    let text = text.to_std_string_escaped();
    allowed.iter().position(|a| *a == text).ok_or_else(|| invalid(&value, context))
}

fn alphabet(options: &Option<JsObject>, context: &mut Context) -> JsResult<Alphabet> {
    Ok(match choice(options, "alphabet", &["base64", "base64url"], context)? {
        0 => Alphabet::Base64,
        _ => Alphabet::Base64Url,
    })
}

fn last_chunk(options: &Option<JsObject>, context: &mut Context) -> JsResult<LastChunk> {
    Ok(match choice(options, "lastChunkHandling", &["loose", "strict", "stop-before-partial"], context)? {
        0 => LastChunk::Loose,
        1 => LastChunk::Strict,
        _ => LastChunk::StopBeforePartial,
    })
}

/// The string argument of the decoders, or V8's TypeError.
fn input(args: &[JsValue]) -> JsResult<Vec<u16>> {
    args.first()
        .and_then(JsValue::as_string)
        .map(|s| s.to_vec())
        .ok_or_else(|| JsNativeError::typ().with_message("input argument must be a string").into())
}

fn syntax(error: &'static str) -> boa_engine::JsError {
    JsNativeError::syntax().with_message(error).into()
}

fn to_base64(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let array = receiver(this, "toBase64", context)?;
    let options = options(args.first())?;
    let alphabet = alphabet(&options, context)?;
    let omit_padding = match &options {
        Some(options) => options.get(js_string!("omitPadding"), context)?.to_boolean(),
        None => false,
    };
    let bytes = bytes_of(&array, "toBase64", context)?;
    Ok(JsString::from(encode_base64(&bytes, alphabet, omit_padding).as_str()).into())
}

fn to_hex(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let array = receiver(this, "toHex", context)?;
    let bytes = bytes_of(&array, "toHex", context)?;
    let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(JsString::from(text.as_str()).into())
}

fn from_base64_static(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let text = input(args)?;
    let options = options(args.get(1))?;
    let alphabet = alphabet(&options, context)?;
    let last = last_chunk(&options, context)?;
    let decoded = from_base64(&text, alphabet, last, usize::MAX);
    if let Some(error) = decoded.error {
        return Err(syntax(error));
    }
    Ok(JsUint8Array::from_iter(decoded.bytes, context)?.into())
}

fn from_hex_static(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let text = input(args)?;
    let decoded = from_hex(&text, usize::MAX);
    if let Some(error) = decoded.error {
        return Err(syntax(error));
    }
    Ok(JsUint8Array::from_iter(decoded.bytes, context)?.into())
}

/// Writes `decoded`'s bytes into `array` from its start, then throws its error or answers
/// `{ read, written }`.
fn write_into(array: &JsUint8Array, decoded: Decoded, context: &mut Context) -> JsResult<JsValue> {
    let object: &JsObject = array;
    for (index, &byte) in decoded.bytes.iter().enumerate() {
        object.set(index, byte, true, context)?;
    }
    if let Some(error) = decoded.error {
        return Err(syntax(error));
    }
    let result = JsObject::with_object_proto(context.intrinsics());
    result.create_data_property_or_throw(js_string!("read"), decoded.read, context)?;
    result.create_data_property_or_throw(js_string!("written"), decoded.bytes.len(), context)?;
    Ok(result.into())
}

fn set_from_base64(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let array = receiver(this, "setFromBase64", context)?;
    let text = input(args)?;
    let options = options(args.get(1))?;
    let alphabet = alphabet(&options, context)?;
    let last = last_chunk(&options, context)?;
    let length = bytes_of(&array, "setFromBase64", context)?.len();
    let decoded = from_base64(&text, alphabet, last, length);
    debug_assert!(decoded.bytes.len() <= length, "FromBase64 writes at most the target's length");
    write_into(&array, decoded, context)
}

fn set_from_hex(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let array = receiver(this, "setFromHex", context)?;
    let text = input(args)?;
    let length = bytes_of(&array, "setFromHex", context)?.len();
    let decoded = from_hex(&text, length);
    debug_assert!(decoded.bytes.len() <= length, "FromHex writes at most the target's length");
    write_into(&array, decoded, context)
}

/// Installs the six functions on `Uint8Array` and its prototype (writable,
/// configurable, not enumerable, as builtins are).
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let constructor = context.intrinsics().constructors().typed_uint8_array().constructor();
    let prototype = context.intrinsics().constructors().typed_uint8_array().prototype();
    type Native = boa_engine::native_function::NativeFunctionPointer;
    let methods: [(&JsObject, &str, Native, usize); 6] = [
        (&prototype, "toBase64", to_base64, 0),
        (&prototype, "toHex", to_hex, 0),
        (&prototype, "setFromBase64", set_from_base64, 1),
        (&prototype, "setFromHex", set_from_hex, 1),
        (&constructor, "fromBase64", from_base64_static, 1),
        (&constructor, "fromHex", from_hex_static, 1),
    ];
    for (holder, name, f, length) in methods {
        let function = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(f))
            .name(JsString::from(name))
            .length(length)
            .build();
        super::define_new(
            holder,
            JsString::from(name),
            PropertyDescriptor::builder().value(function).writable(true).enumerable(false).configurable(true),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    /// Each input and mode with workerd 1.20261117's answer (bytes, or the error text),
    /// and `setFromBase64`'s into two bytes (read, written).
    #[test]
    fn decoding_follows_the_standard_with_v8s_errors() {
        use LastChunk::*;
        type Case = (&'static str, LastChunk, Result<&'static [u8], &'static str>, (usize, usize));
        let cases: &[Case] = &[
            ("aGk=", Loose, Ok(&[104, 105]), (4, 2)),
            ("=", Loose, Err(INVALID_CHARACTER), (0, 0)),
            ("a=", Loose, Err(SINGLE_CHARACTER), (0, 0)),
            ("aG=", Loose, Err(INVALID_CHARACTER), (0, 0)),
            ("aG=", Strict, Err(SINGLE_CHARACTER), (0, 0)),
            ("aG=x", Loose, Err(INVALID_CHARACTER), (0, 0)),
            ("aGk=a", Loose, Err(INVALID_CHARACTER), (0, 0)),
            ("aG==", Strict, Err(EXTRA_BITS), (0, 0)),
            ("aGk", Strict, Err(SINGLE_CHARACTER), (0, 0)),
            ("a", StopBeforePartial, Ok(&[]), (0, 0)),
            ("aGk", Loose, Ok(&[104, 105]), (3, 2)),
            ("aGlk", Strict, Ok(&[104, 105, 100]), (0, 0)),
            ("aGl=", Strict, Err(EXTRA_BITS), (0, 0)),
            ("aGk=\n", Strict, Ok(&[104, 105]), (5, 2)),
            ("  ", Loose, Ok(&[]), (2, 0)),
            ("YQ=", StopBeforePartial, Ok(&[]), (0, 0)),
            ("Y Q = =", Loose, Ok(&[97]), (7, 1)),
        ];
        for (text, mode, expected, (read, written)) in cases {
            let decoded = from_base64(&units(text), Alphabet::Base64, *mode, usize::MAX);
            match expected {
                Ok(bytes) => assert_eq!((decoded.bytes.as_slice(), decoded.error), (*bytes, None), "{text} {mode:?}"),
                Err(error) => assert_eq!(decoded.error, Some(*error), "{text} {mode:?}"),
            }
            let into_two = from_base64(&units(text), Alphabet::Base64, *mode, 2);
            if into_two.error.is_none() {
                assert_eq!((into_two.read, into_two.bytes.len()), (*read, *written), "{text} {mode:?} into 2");
            }
        }
        let url = from_base64(&units("_-8"), Alphabet::Base64Url, LastChunk::Loose, usize::MAX);
        assert_eq!(url.bytes, [255, 239]);
        let plus = from_base64(&units("aGk+"), Alphabet::Base64Url, LastChunk::Loose, usize::MAX);
        assert_eq!(plus.error, Some(INVALID_CHARACTER));
    }

    #[test]
    fn encoding_and_hex_as_v8_gives_them() {
        assert_eq!(encode_base64(&[104, 105, 255, 254], Alphabet::Base64, false), "aGn//g==");
        assert_eq!(encode_base64(&[255, 254], Alphabet::Base64Url, false), "__4=");
        assert_eq!(encode_base64(&[251, 255], Alphabet::Base64Url, false), "-_8=");
        assert_eq!(encode_base64(&[1], Alphabet::Base64, true), "AQ");
        assert_eq!(encode_base64(&[], Alphabet::Base64, false), "");
        assert_eq!(from_hex(&units("00ff0A"), usize::MAX).bytes, [0, 255, 10]);
        for bad in ["a", "abc", "zz", "0g", " 00"] {
            assert_eq!(from_hex(&units(bad), usize::MAX).error, Some(BAD_HEX), "{bad}");
        }
        let into_one = from_hex(&units("AbCd"), 1);
        assert_eq!((into_one.read, into_one.bytes.as_slice()), (2, &[171u8][..]));
    }
}
