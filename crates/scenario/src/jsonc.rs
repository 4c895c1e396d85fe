//! `wrangler.jsonc`: JSON with `//` and `/* */` comments and trailing commas.
//!
//! [`to_json`] blanks comments and trailing commas with spaces, byte for byte, so the
//! result is plain JSON in which every byte offset (and so every serde_json line and
//! column) is the same as in the file the user wrote. Twenty lines do not justify a
//! dependency. [`top_level_keys`] finds where each top-level key is written, so errors
//! about a value point at it.

/// `text` with comments and trailing commas replaced by spaces (newlines kept).
pub(crate) fn to_json(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let bytes = text.as_bytes();
    let mut i = 0;
    // Offset of the last comma outside strings whose fate depends on the next token.
    let mut pending_comma: Option<usize> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                pending_comma = None;
                i = string_end(bytes, i);
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map_or(bytes.len(), |e| i + 2 + e + 2);
                for b in &mut out[i..end] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
                i = end;
            }
            b',' => {
                pending_comma = Some(i);
                i += 1;
            }
            b'}' | b']' => {
                if let Some(comma) = pending_comma.take() {
                    out[comma] = b' ';
                }
                i += 1;
            }
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            _ => {
                pending_comma = None;
                i += 1;
            }
        }
    }
    // Only ASCII bytes were replaced, and only whole comments: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Offset after the string literal opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Each key of the top-level object with the offset of its opening quote, in file order.
pub(crate) fn top_level_keys(json: &str) -> Vec<(String, usize)> {
    let bytes = json.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                if depth == 1 && expect_key {
                    let key = serde_json::from_str::<String>(&json[i..end]).unwrap_or_default();
                    keys.push((key, i));
                    expect_key = false;
                }
                i = end;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                expect_key = depth == 1;
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expect_key = true,
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_become_spaces_in_place() {
        let text = "{\n  // note: \"x\", é\n  \"a\": \"//not\", /* b */\n  \"c\": [1, 2,],\n}";
        let json = to_json(text);
        assert_eq!(json.len(), text.len());
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value, serde_json::json!({"a": "//not", "c": [1, 2]}));
        let keys = top_level_keys(&json);
        assert_eq!(
            keys,
            [("a".to_string(), text.find("\"a\"").unwrap()), ("c".to_string(), text.find("\"c\"").unwrap())]
        );
    }

    #[test]
    fn nested_keys_are_not_top_level() {
        let keys = top_level_keys(r#"{"env": {"main": 1}, "main": "x"}"#);
        assert_eq!(keys.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["env", "main"]);
    }
}
