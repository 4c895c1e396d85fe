//! CommonJS modules, loaded the way wrangler's bundler (esbuild) links them into an ES
//! module bundle.
//!
//! The engine only loads ES modules, so a CommonJS file gets two generated faces:
//! - its **body** (module name: the file's own, so stacks and traces name it): the
//!   original text inside the usual `function (exports, require, module, __filename,
//!   __dirname)` wrapper, behind a default-exported function that runs it on its first
//!   call and returns the cached `module.exports` after (`require` semantics: lazy, once,
//!   cycles see the partial exports). The wrapper's header is written on the file's
//!   first line, so every line keeps its number ([`HeaderShift`] maps the first line's
//!   columns back).
//! - its **ES face** for an importer: `default` is `module.exports` (or `exports.default`
//!   when `__esModule` is set, as esbuild's `__toESM` does, unless the importer is one
//!   Node runs as ESM — `.mjs`, or `"type": "module"` — where it is always
//!   `module.exports`, esbuild's node mode), and each name the importer asks for or the
//!   CommonJS lexer sees (`exports.a = …`) is a named export.
//!
//! `require()` inside a body is a switch over the literal specifiers the file requires,
//! each resolved with the `require` condition when the module is generated: a CommonJS
//! target is called through its body, an ES module target is converted as esbuild's
//! `__toCommonJS` does, a `node:` module gives its default export. Any other call throws
//! esbuild's own message for a require it could not bundle.

use std::fmt::Write;

use crosstalk_runtime::PositionMap;

/// The specifier prefix of a CommonJS body (`crosstalk:cjs:node_modules/x/index.js`).
pub(crate) const BODY_PREFIX: &str = "crosstalk:cjs:";
/// The specifier prefix that names a file directly, ES module or JSON
/// (`crosstalk:file:node_modules/x/index.mjs`).
pub(crate) const FILE_PREFIX: &str = "crosstalk:file:";
/// The suffix of an ES face's module name: `<file>?esm-for=<importer>`.
pub(crate) const FACE_MARK: &str = "?esm-for=";

/// What a literal `require(specifier)` of a CommonJS file resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Required {
    /// A CommonJS file (module name).
    CommonJs(String),
    /// An ES module or JSON file (module name).
    Module(String),
    /// A `node:` module crosstalk provides, by its specifier.
    Builtin(String),
    /// An empty module (`"browser": { "./x.js": false }`): `{}`.
    Empty,
    /// Nothing: the call throws when it runs (it may sit in a `try`, as optional
    /// dependencies do).
    Missing,
}

/// The body of the CommonJS file `name` with text `source`, requiring `requires`.
/// Returns the module text and the width of the header written before the first line.
pub(crate) fn body(name: &str, source: &str, requires: &[(String, Required)]) -> (String, u32) {
    let (mut header, cases) = require_parts(requires);
    let folder = name.rfind('/').map_or("", |i| &name[..i]);
    header.push_str(
        "export default function __ct$run() { if (__ct$module) return __ct$module.exports; \
         __ct$module = { exports: {} }; \
         (function (exports, require, module, __filename, __dirname) {",
    );
    let width = header.chars().count() as u32;
    let mut text = header;
    text.push_str(source);
    let _ = write!(
        text,
        "\n}}).call(__ct$module.exports, __ct$module.exports, __ct$require, __ct$module, {}, {}); \
         return __ct$module.exports; }}\n\
         var __ct$module;\n{}",
        json(&format!("/{name}")),
        json(&format!("/{folder}")),
        require_function(&cases),
    );
    (text, width)
}

/// An ES module that calls `require()` (esbuild bundles those calls: turndown's ES build
/// requires its DOM parser) with a `require` function of its own over `requires`,
/// appended after its last line, so no position moves: the imports and the function
/// declaration are hoisted.
pub(crate) fn with_require(source: &str, requires: &[(String, Required)]) -> String {
    let (imports, cases) = require_parts(requires);
    format!("{source}\n{imports}\nfunction require(id) {{ return __ct$require(id); }}\n{}", require_function(&cases))
}

/// The imports of what `requires` names, and the `case`s of `__ct$require`'s switch.
fn require_parts(requires: &[(String, Required)]) -> (String, String) {
    let mut header = String::new();
    let mut cases = String::new();
    for (i, (specifier, target)) in requires.iter().enumerate() {
        let spec = json(specifier);
        match target {
            Required::CommonJs(file) => {
                let _ = write!(header, "import __ct$d{i} from {};", json(&format!("{BODY_PREFIX}{file}")));
                let _ = write!(cases, "case {spec}: return __ct$d{i}();");
            }
            Required::Module(file) if file.ends_with(".json") => {
                let _ = write!(header, "import __ct$d{i} from {};", json(&format!("{FILE_PREFIX}{file}")));
                let _ = write!(cases, "case {spec}: return __ct$d{i};");
            }
            Required::Module(file) => {
                let _ = write!(header, "import * as __ct$d{i} from {};", json(&format!("{FILE_PREFIX}{file}")));
                let _ = write!(cases, "case {spec}: return __ct$cjs(__ct$d{i});");
            }
            Required::Builtin(module) => {
                let _ = write!(header, "import __ct$d{i} from {};", json(module));
                let _ = write!(cases, "case {spec}: return __ct$d{i};");
            }
            Required::Empty => {
                let _ = write!(cases, "case {spec}: return {{}};");
            }
            Required::Missing => {}
        }
    }
    (header, cases)
}

/// `__ct$require` over `cases`, esbuild's message for any other id, and `__ct$cjs`, the
/// CommonJS view of an ES module's namespace (esbuild's `__toCommonJS`).
fn require_function(cases: &str) -> String {
    format!(
        "function __ct$require(id) {{ switch (id) {{ {cases} }} \
         throw new Error('Dynamic require of \"' + id + '\" is not supported'); }}\n\
         function __ct$cjs(ns) {{ if (__ct$converted.has(ns)) return __ct$converted.get(ns); \
         const out = {{}}; Object.defineProperty(out, '__esModule', {{ value: true }}); \
         for (const key of Object.keys(ns)) Object.defineProperty(out, key, {{ get: () => ns[key], enumerable: true }}); \
         __ct$converted.set(ns, out); return out; }}\n\
         var __ct$converted = new Map();\n"
    )
}

/// The ES face of the CommonJS file `name`, exporting `default` and `names`. In
/// `node_mode` (an importer Node would run as ESM) `default` is always `module.exports`,
/// as Node and esbuild's `__toESM(mod, 1)` make it; otherwise a module marked
/// `__esModule` gives its own `default`.
pub(crate) fn face(name: &str, names: &std::collections::BTreeSet<String>, node_mode: bool) -> String {
    let default = if node_mode { "__ct$e" } else { "(__ct$e != null && __ct$e.__esModule ? __ct$e.default : __ct$e)" };
    let mut text = format!(
        "import __ct$run from {};\nconst __ct$e = __ct$run();\nexport default {default};\n",
        json(&format!("{BODY_PREFIX}{name}"))
    );
    for (i, export) in names.iter().filter(|n| is_identifier_name(n)).enumerate() {
        let _ = writeln!(text, "const __ct$n{i} = __ct$e == null ? undefined : __ct$e[{}];", json(export));
        let _ = writeln!(text, "export {{ __ct$n{i} as {export} }};");
    }
    text
}

/// Whether a `.js`-like file is CommonJS: `.cjs`, or no `import`/`export` statement and a
/// `require(`, `module.exports` or a use of `exports` itself (`exports.a = …`,
/// protobufjs's `var base64 = exports;`) in the text (esbuild's test, by syntax).
pub(crate) fn is_commonjs(name: &str, text: &str, module_syntax: bool) -> bool {
    if name.ends_with(".cjs") {
        return true;
    }
    if !(name.ends_with(".js") || name.ends_with(".cjs")) || module_syntax {
        return false;
    }
    text.contains("require(") || text.contains("module.exports") || uses_exports(text)
}

/// Whether `exports` occurs as a name of its own: not a property (`x.exports`), not part
/// of a longer identifier (`reexports`, `exportsMap`).
fn uses_exports(text: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    text.match_indices("exports").any(|(at, found)| {
        let before = text[..at].chars().next_back();
        let after = text[at + found.len()..].chars().next();
        !before.is_some_and(|c| word(c) || c == '.') && !after.is_some_and(word)
    })
}

/// Maps the first line's columns of a body back past its header.
#[derive(Debug)]
pub(crate) struct HeaderShift(pub u32);

impl PositionMap for HeaderShift {
    fn original(&self, line: u32, column: u32) -> (u32, u32) {
        if line == 1 { (1, column.saturating_sub(self.0).max(1)) } else { (line, column) }
    }
}

/// An ASCII IdentifierName (what an `export { x as name }` can spell without quotes).
fn is_identifier_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && name != "default"
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commonjs_is_decided_by_extension_then_syntax() {
        assert!(is_commonjs("a.cjs", "export {}", true));
        assert!(is_commonjs("a.js", "module.exports = 1", false));
        assert!(is_commonjs("a.js", "var base64 = exports;\nbase64.length = 1;", false));
        assert!(is_commonjs("a.js", "(function (exports) {})(typeof exports === 'object' ? exports : {})", false));
        assert!(!is_commonjs("a.js", "const reexports = 1; pkg.exports; const exportsMap = {};", false));
        assert!(!is_commonjs("a.js", "module.exports = 1; export {}", true));
        assert!(!is_commonjs("a.mjs", "module.exports = 1", false));
        assert!(!is_commonjs("a.js", "console.log(1)", false));
    }

    #[test]
    fn the_body_keeps_every_line_and_shifts_only_the_first() {
        let (text, width) = body(
            "lib/a.js",
            "const b = require('./b');\nmodule.exports = b;",
            &[("./b".to_string(), Required::CommonJs("lib/b.js".to_string()))],
        );
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(first.chars().skip(width as usize).collect::<String>(), "const b = require('./b');");
        assert_eq!(text.lines().nth(1), Some("module.exports = b;"));
        assert!(text.starts_with("import __ct$d0 from \"crosstalk:cjs:lib/b.js\";"), "{text}");
        assert_eq!(HeaderShift(width).original(1, width + 7), (1, 7));
        assert_eq!(HeaderShift(width).original(2, 3), (2, 3));
    }
}
