//! `.dev.vars`: the secrets wrangler reads next to its config file, in dotenv syntax.
//!
//! `KEY=value` lines; `export KEY=value`; `#` comment lines and ` #` comments after
//! unquoted values; values in double quotes (escapes `\n`, `\r`, `\t`, `\"`, `\\`; may span
//! lines), single quotes or backticks (literal). Unlike dotenv, a line that is not an
//! assignment is an error rather than silently dropped: a mistyped secret would
//! otherwise surface as `env.X === undefined` deep inside a run.

use std::collections::BTreeMap;

/// A syntax error at a byte offset.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct DotenvError {
    pub offset: usize,
    pub message: String,
}

/// Parses `text`; later assignments of a key win, as in dotenv.
pub(crate) fn parse(text: &str) -> Result<BTreeMap<String, String>, DotenvError> {
    let mut vars = BTreeMap::new();
    let mut at = 0;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = &text[at..line_end];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            at = line_end + 1;
            continue;
        }
        let assignment = trimmed.strip_prefix("export ").map_or(trimmed, str::trim_start);
        let key_at = at + indent + (trimmed.len() - assignment.len());
        let Some((key, _)) = assignment.split_once('=') else {
            return Err(DotenvError { offset: key_at, message: "expected KEY=value".into() });
        };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
            return Err(DotenvError { offset: key_at, message: format!("bad variable name '{key}'") });
        }
        let eq = key_at + assignment.find('=').unwrap_or(0);
        let value_start = eq + 1 + (text[eq + 1..].len() - text[eq + 1..].trim_start_matches([' ', '\t']).len());
        let (value, next) = value(text, value_start, line_end)?;
        vars.insert(key.to_string(), value);
        at = next;
    }
    Ok(vars)
}

/// The value starting at `start`, and where the next line begins.
fn value(text: &str, start: usize, line_end: usize) -> Result<(String, usize), DotenvError> {
    let rest = &text[start..];
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'));
    let Some(quote) = quote else {
        let raw = &text[start..line_end.max(start)];
        let raw = match raw.find(" #").or_else(|| raw.find("\t#")) {
            Some(i) => &raw[..i],
            None => raw,
        };
        return Ok((raw.trim_end_matches(['\r', ' ', '\t']).to_string(), line_end + 1));
    };
    let mut value = String::new();
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 'r')) => value.push('\r'),
                Some((_, 't')) => value.push('\t'),
                Some((_, other)) => value.push(other),
                None => break,
            },
            c if c == quote => {
                let after = start + i + 1;
                let end = text[after..].find('\n').map_or(text.len(), |j| after + j);
                let trailing = text[after..end].trim();
                if !trailing.is_empty() && !trailing.starts_with('#') {
                    return Err(DotenvError {
                        offset: after,
                        message: format!("unexpected '{trailing}' after the value"),
                    });
                }
                return Ok((value, end + 1));
            }
            c => value.push(c),
        }
    }
    Err(DotenvError { offset: start, message: format!("this value's {quote} quote is never closed") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quotes_comments_and_export() {
        let text =
            "# secrets\nA=plain # note\nexport B = \"two\\nlines\"\nC='lit\\n'\n\nD=\"multi\nline\"\nE=\nF=a#b\n";
        let vars = parse(text).unwrap();
        assert_eq!(vars["A"], "plain");
        assert_eq!(vars["B"], "two\nlines");
        assert_eq!(vars["C"], "lit\\n");
        assert_eq!(vars["D"], "multi\nline");
        assert_eq!(vars["E"], "");
        assert_eq!(vars["F"], "a#b");
    }

    #[test]
    fn errors_point_at_the_line() {
        let e = parse("A=1\nnot an assignment\n").unwrap_err();
        assert_eq!((e.offset, e.message.as_str()), (4, "expected KEY=value"));
        assert_eq!(parse("A=\"open\n").unwrap_err().offset, 2);
    }
}
