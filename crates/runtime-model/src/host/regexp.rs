//! `RegExp.prototype.source` as V8 gives it.
//!
//! The standard's EscapeRegExpPattern leaves the exact text to the engine, as long as it
//! reads back as the same pattern. boa 0.22 puts a backslash before every `/`, even one
//! already escaped (`/a\/b/.source` is `a\\/b`, which reads back as a different
//! pattern) or inside a class (`[/]`). Libraries build patterns from other patterns'
//! `source` (marked's GFM autolinks, path-to-regexp), so crosstalk wraps the getter: it
//! recovers the pattern from boa's text (boa's only change that is not itself a valid
//! escape is the backslash it adds before each `/`) and escapes it as V8 does.

use boa_engine::{Context, JsObject, JsResult, JsString, JsValue};

/// Wraps `RegExp.prototype.source`'s getter.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let prototype = context.intrinsics().constructors().regexp().prototype();
    super::wrap_getter(&prototype, "source", get_source, context)?;
    Ok(())
}

fn get_source(this: &JsValue, _: &[JsValue], boa_getter: &JsObject, context: &mut Context) -> JsResult<JsValue> {
    let escaped = boa_getter.call(this, &[], context)?;
    let Some(escaped) = escaped.as_string() else { return Ok(escaped) };
    let units: Vec<u16> = escaped.iter().collect();
    Ok(JsString::from(&v8_source(&boa_pattern(&units))[..]).into())
}

const BACKSLASH: u16 = b'\\' as u16;
const SLASH: u16 = b'/' as u16;

/// The pattern behind boa's `source`: every `/` in it comes with a backslash boa added
/// just before it. (Line terminators boa wrote as `\n`, `\r`, `\u2028`, `\u2029` stay
/// escapes: V8 writes the character and its escape alike.)
fn boa_pattern(escaped: &[u16]) -> Vec<u16> {
    let mut pattern = Vec::with_capacity(escaped.len());
    for (i, &unit) in escaped.iter().enumerate() {
        let added = unit == BACKSLASH && escaped.get(i + 1) == Some(&SLASH);
        if !added {
            pattern.push(unit);
        }
    }
    pattern
}

/// V8's escaping of a pattern: a `/` outside a class and not escaped gets a backslash;
/// an escape is copied as it is (`\/` stays, `\]` does not close a class); a line
/// terminator is written as its escape, and a backslash just before one is dropped.
fn v8_source(pattern: &[u16]) -> Vec<u16> {
    fn line_terminator(unit: u16) -> Option<&'static str> {
        match unit {
            0x0A => Some("\\n"),
            0x0D => Some("\\r"),
            0x2028 => Some("\\u2028"),
            0x2029 => Some("\\u2029"),
            _ => None,
        }
    }
    if pattern.is_empty() {
        return "(?:)".encode_utf16().collect();
    }
    let mut out = Vec::with_capacity(pattern.len() + 4);
    let mut in_class = false;
    let mut i = 0;
    while i < pattern.len() {
        let unit = pattern[i];
        if unit == BACKSLASH {
            match pattern.get(i + 1) {
                Some(&next) if line_terminator(next).is_some() => {}
                Some(&next) => {
                    out.extend([unit, next]);
                    i += 1;
                }
                None => out.push(unit),
            }
        } else if let Some(escape) = line_terminator(unit) {
            out.extend(escape.encode_utf16());
        } else {
            if unit == SLASH && !in_class {
                out.push(BACKSLASH);
            } else if unit == u16::from(b'[') {
                in_class = true;
            } else if unit == u16::from(b']') {
                in_class = false;
            }
            out.push(unit);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v8(boa: &str) -> String {
        String::from_utf16(&v8_source(&boa_pattern(&boa.encode_utf16().collect::<Vec<_>>()))).unwrap()
    }

    /// boa's text for a pattern → V8's `source` for it (V8's values from node 20 / workerd).
    #[test]
    fn boas_escaping_becomes_v8s() {
        assert_eq!(v8(r"a\/b"), r"a\/b"); // pattern a/b
        assert_eq!(v8(r"a\\/b"), r"a\/b"); // pattern a\/b
        assert_eq!(v8(r"[\/]x"), r"[/]x"); // pattern [/]x
        assert_eq!(v8(r"[\]\/]"), r"[\]/]"); // pattern [\]/]
        assert_eq!(v8(r"\\\/"), r"\\\/"); // pattern \\/
        assert_eq!(v8(r"a\nb"), r"a\nb");
        assert_eq!(v8(""), "(?:)");
    }
}
