//! A cheap lexical scan of JavaScript for its static imports and for module syntax.
//!
//! Owns two questions asked before any engine sees the text: "which modules does this
//! file import?" (so `load` can resolve the whole graph and report a bad import at its
//! line and column) and "is this an ES module?" (the syntax of a wrangler `main`, and
//! whether a package's `main` is ESM or CommonJS). It skips comments, strings, template
//! literals and regular expressions (by the usual previous-token rule), so an `import`
//! inside them is never seen. It never parses: anything it does not recognise is
//! ignored, so a false "import" needs text that fools the regex rule, and a missed one
//! still fails at run time with the runtime's own error.

/// One `import … from "x"`, `import "x"` or `export … from "x"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StaticImport {
    pub specifier: String,
    /// Byte offset of the specifier's opening quote.
    pub offset: usize,
    /// The exported names it asks for by name (`{ a, b as c }` → `a`, `b`).
    pub names: Vec<String>,
}

/// What [`scan`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    pub imports: Vec<StaticImport>,
    /// An `import` or `export` statement was seen (not `import(…)` or `import.meta`).
    pub module_syntax: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Str(String, usize),
    Punct(char),
    /// A regex or template literal: opaque.
    Opaque,
}

/// Scans `text`; never fails.
pub(crate) fn scan(text: &str) -> Scan {
    let tokens = tokenize(text);
    let mut out = Scan::default();
    let mut i = 0;
    while i < tokens.len() {
        let after_dot = i > 0 && tokens[i - 1] == Token::Punct('.');
        match &tokens[i] {
            Token::Word(w) if w == "import" && !after_dot => match tokens.get(i + 1) {
                Some(Token::Punct('(' | '.')) => {}
                Some(Token::Str(s, at)) => {
                    out.module_syntax = true;
                    out.imports.push(StaticImport { specifier: s.clone(), offset: *at, names: Vec::new() });
                }
                _ => {
                    if let Some(import) = from_clause(&tokens, i + 1) {
                        out.module_syntax = true;
                        out.imports.push(import);
                    }
                }
            },
            Token::Word(w) if w == "export" && !after_dot => match tokens.get(i + 1) {
                Some(Token::Punct('*' | '{')) => {
                    out.module_syntax = true;
                    if let Some(import) = from_clause(&tokens, i + 1) {
                        out.imports.push(import);
                    }
                }
                Some(Token::Word(w))
                    if ["default", "const", "let", "var", "function", "class", "async"].contains(&w.as_str()) =>
                {
                    out.module_syntax = true;
                }
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    out
}

/// `x, { a as b } from "m"`, `* as ns from "m"`, `{ a } from "m"` starting at `start`.
fn from_clause(tokens: &[Token], start: usize) -> Option<StaticImport> {
    let mut depth = 0usize;
    let mut names = Vec::new();
    for (k, token) in tokens.iter().enumerate().skip(start).take(4096) {
        // The first word after `{` or `,` inside the braces is an exported name.
        let names_one = depth > 0 && matches!(tokens.get(k - 1), Some(Token::Punct('{' | ',')));
        match token {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => depth = depth.checked_sub(1)?,
            Token::Punct(',' | '*') => {}
            Token::Word(w) if w == "from" && depth == 0 => {
                return match tokens.get(k + 1) {
                    Some(Token::Str(s, at)) => Some(StaticImport { specifier: s.clone(), offset: *at, names }),
                    _ => None,
                };
            }
            Token::Word(w) => {
                if names_one && w != "default" {
                    names.push(w.clone());
                }
            }
            Token::Str(name, _) if depth > 0 => {
                // `{ "a-b" as c }`
                if names_one {
                    names.push(name.clone());
                }
            }
            _ => return None,
        }
    }
    None
}

/// Whether the text declares or builds a `require` of its own (`const require =
/// createRequire(import.meta.url)`, `function require`, `import { require }`,
/// `{ require } = …`, `require = …`), so that none may be added. Conservative: any such
/// form anywhere counts.
pub(crate) fn declares_require(text: &str) -> bool {
    if text.contains("createRequire") {
        return true;
    }
    let tokens = tokenize(text);
    let declaring = ["var", "let", "const", "function", "class", "import", "as"];
    tokens.iter().enumerate().any(|(i, token)| {
        if !matches!(token, Token::Word(w) if w == "require") {
            return false;
        }
        let before = i.checked_sub(1).and_then(|b| tokens.get(b));
        let after = tokens.get(i + 1);
        if matches!(before, Some(Token::Word(w)) if w == "function") {
            return true;
        }
        if after == Some(&Token::Punct('(')) || matches!(before, Some(Token::Punct('.'))) {
            // A call (`{ require("x") }` in a block) or a property.
            return false;
        }
        let declared = match before {
            Some(Token::Word(w)) => declaring.contains(&w.as_str()),
            Some(Token::Punct(p)) => matches!(p, '{' | ','),
            _ => false,
        };
        let assigned = after == Some(&Token::Punct('=')) && tokens.get(i + 2) != Some(&Token::Punct('='));
        declared || assigned
    })
}

/// What a CommonJS module's text shows of its shape, read the way Node's
/// cjs-module-lexer reads it: the literal `require("x")` calls (with the offset of the
/// specifier) and the export names assigned in forms a lexer can see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CommonJs {
    pub requires: Vec<(String, usize)>,
    pub exports: std::collections::BTreeSet<String>,
}

/// Scans a CommonJS module: `require("x")`, `exports.a =`, `module.exports.a =`,
/// `Object.defineProperty(exports, "a", …)` and the keys of `module.exports = { a, b: … }`.
pub(crate) fn scan_commonjs(text: &str) -> CommonJs {
    let tokens = tokenize(text);
    let mut out = CommonJs::default();
    let word = |i: usize, w: &str| matches!(tokens.get(i), Some(Token::Word(x)) if x == w);
    let punct = |i: usize, p: char| tokens.get(i) == Some(&Token::Punct(p));
    let assigned = |i: usize| punct(i, '=') && !punct(i + 1, '=');
    for i in 0..tokens.len() {
        let after_dot = i > 0 && punct(i - 1, '.');
        if word(i, "require")
            && !after_dot
            && punct(i + 1, '(')
            && punct(i + 3, ')')
            && let Some(Token::Str(s, at)) = tokens.get(i + 2)
        {
            out.requires.push((s.clone(), *at));
        }
        // `exports.a =` and `module.exports.a =`
        if word(i, "exports")
            && punct(i + 1, '.')
            && assigned(i + 3)
            && (!after_dot || word(i.wrapping_sub(2), "module"))
            && let Some(Token::Word(name)) = tokens.get(i + 2)
        {
            out.exports.insert(name.clone());
        }
        // `Object.defineProperty(exports, "a"`
        if word(i, "defineProperty")
            && punct(i + 1, '(')
            && word(i + 2, "exports")
            && punct(i + 3, ',')
            && let Some(Token::Str(name, _)) = tokens.get(i + 4)
        {
            out.exports.insert(name.clone());
        }
        // `module.exports = { a, b: 1, c() {} }`: the keys at the literal's top level.
        if word(i, "module") && punct(i + 1, '.') && word(i + 2, "exports") && assigned(i + 3) && punct(i + 4, '{') {
            let mut depth = 0usize;
            for k in i + 4..tokens.len().min(i + 4 + 100_000) {
                match &tokens[k] {
                    Token::Punct('{' | '(' | '[') => depth += 1,
                    Token::Punct('}' | ')' | ']') => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    Token::Word(name) | Token::Str(name, _)
                        if depth == 1
                            && matches!(tokens.get(k - 1), Some(Token::Punct('{' | ',')))
                            && matches!(tokens.get(k + 1), Some(Token::Punct(':' | ',' | '}' | '('))) =>
                    {
                        out.exports.insert(name.clone());
                    }
                    _ => {}
                }
            }
        }
    }
    out.exports.remove("default");
    out.exports.remove("__esModule");
    out
}

const REGEX_AFTER_WORDS: &[&str] = &[
    "return",
    "typeof",
    "case",
    "do",
    "else",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "instanceof",
    "yield",
    "await",
];

fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    // One entry per open `{`: true when it opened a template substitution `${`.
    let mut braces: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |end| i + 2 + end + 2);
            }
            b'/' if regex_allowed(tokens.last()) => {
                i = skip_regex(bytes, i + 1);
                tokens.push(Token::Opaque);
            }
            b'\'' | b'"' => {
                let (value, end) = string_literal(text, i);
                tokens.push(Token::Str(value, i));
                i = end;
            }
            b'`' => {
                i = skip_template(bytes, i + 1, &mut braces);
                tokens.push(Token::Opaque);
            }
            b'}' if braces.last() == Some(&true) => {
                braces.pop();
                i = skip_template(bytes, i + 1, &mut braces);
                tokens.push(Token::Opaque);
            }
            _ if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                tokens.push(Token::Word(text[start..i].to_string()));
            }
            _ => {
                if c == b'{' {
                    braces.push(false);
                } else if c == b'}' {
                    braces.pop();
                }
                tokens.push(Token::Punct(c as char));
                i += 1;
            }
        }
    }
    tokens
}

fn regex_allowed(previous: Option<&Token>) -> bool {
    match previous {
        None => true,
        Some(Token::Punct(p)) => !matches!(p, ')' | ']'),
        Some(Token::Word(w)) => REGEX_AFTER_WORDS.contains(&w.as_str()),
        Some(Token::Str(..) | Token::Opaque) => false,
    }
}

/// Skips a regex body and its flags; stops at a line end so a misjudged `/` costs a line.
fn skip_regex(bytes: &[u8], mut i: usize) -> usize {
    let mut in_class = false;
    while i < bytes.len() && bytes[i] != b'\n' {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'/' if !in_class => {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return i;
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Skips template characters up to the closing backtick or a `${` (pushed on `braces`).
fn skip_template(bytes: &[u8], mut i: usize, braces: &mut Vec<bool>) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => return i + 1,
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                braces.push(true);
                return i + 2;
            }
            _ => i += 1,
        }
    }
    i
}

/// The value of the string literal opening at `start` (simple escapes only, which is all
/// a module specifier uses) and the offset after it.
fn string_literal(text: &str, start: usize) -> (String, usize) {
    let quote = text.as_bytes()[start] as char;
    let mut value = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((k, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    value.push(escaped);
                }
            }
            '\n' => return (value, start + 1 + k),
            c if c == quote => return (value, start + 1 + k + 1),
            c => value.push(c),
        }
    }
    (value, text.len())
}

#[cfg(test)]
mod tests {
    use super::{declares_require, scan};

    #[test]
    fn a_require_of_the_modules_own_is_recognised() {
        for own in [
            "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
            "function require(id) {} require('x');",
            "let require; require = f;",
            "const { require } = globalThis;",
            "import { require } from './r.js';",
            "import { r as require } from './r.js';",
        ] {
            assert!(declares_require(own), "{own}");
        }
        for call in [
            "if (x) { require('y'); }",
            "f(require('a'), require('b'));",
            "o.require = 1; require('z');",
            "x = require == y;",
        ] {
            assert!(!declares_require(call), "{call}");
        }
    }

    #[test]
    fn named_imports_are_the_exported_names_asked_for() {
        let found = scan("import d, { a, b as c, default as e, \"x-y\" as z } from \"m\";\nexport { f } from \"n\";");
        assert_eq!(found.imports[0].names, ["a", "b", "x-y"]);
        assert_eq!(found.imports[1].names, ["f"]);
    }

    #[test]
    fn commonjs_requires_and_exports_are_found_as_a_lexer_sees_them() {
        let text = "const a = require('./a'); const b = require(\"b\"); x.require('no');\n\
                    exports.one = 1; module.exports.two = 2; exports.three == 3;\n\
                    Object.defineProperty(exports, \"four\", { get() {} });\n\
                    module.exports = { five, six: 6, seven() {}, nested: { no: 1 }, 'eight': 8 };\n\
                    // exports.commented = 1\n\
                    const s = \"exports.instring = 1\";\n";
        let found = super::scan_commonjs(text);
        let requires: Vec<&str> = found.requires.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(requires, ["./a", "b"]);
        let exports: Vec<&str> = found.exports.iter().map(String::as_str).collect();
        assert_eq!(exports, ["eight", "five", "four", "nested", "one", "seven", "six", "two"]);
    }

    fn specifiers(text: &str) -> Vec<String> {
        scan(text).imports.into_iter().map(|i| i.specifier).collect()
    }

    #[test]
    fn finds_every_static_import_form() {
        let text = r#"
            import a from "a"; import * as b from 'b'; import { c as d, "e-f" as g } from "c";
            import "side"; export * from "re"; export { x } from "ex"; import h, { i } from "h";
            import data from "./d.json" with { type: "json" };
            import{j}from"min";
        "#;
        assert_eq!(specifiers(text), ["a", "b", "c", "side", "re", "ex", "h", "./d.json", "min"]);
        assert_eq!(scan(text).imports[0].offset, text.find("\"a\"").unwrap());
    }

    #[test]
    fn ignores_comments_strings_templates_regexes_and_dynamic_imports() {
        let text = r#"
            // import a from "no1";
            /* import b from "no2" */
            const s = 'import c from "no3"';
            const t = `import d from "no4" ${ `import e from "no5"` } import f from "no6"`;
            const r = /import g from "no7"/g;
            const x = await import("dyn"); const m = import.meta.url; obj.import("no8");
        "#;
        assert!(specifiers(text).is_empty(), "{:?}", specifiers(text));
        assert!(!scan(text).module_syntax);
    }

    #[test]
    fn module_syntax_needs_an_import_or_export_statement() {
        assert!(scan("export default { fetch() {} }").module_syntax);
        assert!(scan("const a = 1;\nexport const b = 2;").module_syntax);
        assert!(scan("export { a };").module_syntax);
        assert!(!scan("module.exports = { exported: 1 }; exports.x = require('x');").module_syntax);
        assert!(
            !scan("addEventListener('fetch', e => e.respondWith(new Response('import x from \"y\"')));").module_syntax
        );
    }

    #[test]
    fn division_is_not_a_regex() {
        let text = "const a = (b) / 2; const c = d[0] / e / f;\nimport g from \"g\";";
        assert_eq!(specifiers(text), ["g"]);
    }
}
