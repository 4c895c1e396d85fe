//! TypeScript and JSX to JavaScript, as wrangler's bundler (esbuild, target `es2022`)
//! would emit them, with a [`PositionMap`] from the emitted text back to the user's
//! source.
//!
//! One public function, [`transpile`]: a pure text-to-text transform over oxc's parser,
//! transformer and code generator. Types, `declare`s, `enum`s and namespaces are
//! compiled the way `tsc --isolatedModules` does; JSX follows the project's tsconfig
//! (`jsx`, `jsxFactory`, `jsxFragmentFactory`, `jsxImportSource`). JavaScript syntax is
//! left as written (the engine runs ES2024); a transform that would need a runtime helper
//! module (TypeScript's legacy decorators) is refused with a located error rather than
//! emitting an import the project cannot resolve.
//!
//! Positions are 1-based lines and columns, as the engine's stack frames give them.
//!
//! ```
//! use crosstalk_transpile::{Options, transpile};
//! let source = "type N = number;\nexport const twice = (n: N): N => n * 2;\n";
//! let out = transpile("src/a.ts", source, &Options::default()).unwrap();
//! assert!(out.code.contains("twice = (n) => n * 2"), "{}", out.code);
//! // The emitted `n * 2` (line 1 of the output) is line 2 of the source.
//! let (line, _) = out.map.original(1, out.code.find("n * 2").unwrap() as u32 + 1);
//! assert_eq!(line, 2);
//! ```

use std::path::Path;

mod boa_compat;
mod node_env;
pub use boa_compat::boa_compatible;
pub use node_env::{NODE_ENV, define_node_env};

use oxc::allocator::Allocator;
use oxc::codegen::{Codegen, CodegenOptions};
use oxc::parser::Parser;
use oxc::semantic::SemanticBuilder;
use oxc::span::SourceType;
use oxc::transformer::{EnvOptions, JsxOptions, JsxRuntime, TransformOptions, Transformer};

/// The module oxc imports its runtime helpers from; crosstalk provides none.
const HELPERS: &str = "@oxc-project/runtime";

/// How JSX is compiled (tsconfig's `jsx` and its companions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Jsx {
    /// `"jsx": "react"` (esbuild's default): calls to `factory` and `fragment`.
    Classic {
        /// The element factory (`jsxFactory`, default `React.createElement`).
        factory: String,
        /// The fragment factory (`jsxFragmentFactory`, default `React.Fragment`).
        fragment: String,
    },
    /// `"jsx": "react-jsx"`: imports from `<import_source>/jsx-runtime`.
    Automatic {
        /// The package the runtime is imported from (`jsxImportSource`, default `react`).
        import_source: String,
    },
}

impl Default for Jsx {
    fn default() -> Self {
        Jsx::Classic { factory: "React.createElement".to_string(), fragment: "React.Fragment".to_string() }
    }
}

/// The tsconfig `compilerOptions` that change the emitted code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// How JSX elements are compiled.
    pub jsx: Jsx,
    /// `experimentalDecorators`: TypeScript's legacy decorators.
    pub experimental_decorators: bool,
    /// `emitDecoratorMetadata` (with legacy decorators).
    pub emit_decorator_metadata: bool,
    /// `useDefineForClassFields` (default true for the es2022 target): a class field
    /// without an initializer is kept as a define, else removed.
    pub use_define_for_class_fields: bool,
    /// wrangler's `define`: global identifiers or property chains (`process.env.MODE`)
    /// and the JavaScript expression each is replaced with, as esbuild's `define` does.
    pub define: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            jsx: Jsx::default(),
            experimental_decorators: false,
            emit_decorator_metadata: false,
            use_define_for_class_fields: true,
            define: Vec::new(),
        }
    }
}

/// A transpiled module: the JavaScript to run and the way back to the source.
#[derive(Clone, Debug)]
pub struct Transpiled {
    /// The emitted JavaScript.
    pub code: String,
    /// From positions in `code` back to positions in the source.
    pub map: PositionMap,
}

/// Why a source does not transpile: the first error, located in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, without its place.
    pub message: String,
    /// 1-based line and column (in characters) of the error, when it has a place.
    pub at: Option<(u32, u32)>,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{line}:{column}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Whether crosstalk transpiles a module of this name: `.ts`, `.mts`, `.tsx`, `.jsx`
/// (`.d.ts` declarations have no code and are never imported at run time).
pub fn is_transpiled(name: &str) -> bool {
    [".ts", ".mts", ".tsx", ".jsx"].iter().any(|e| name.ends_with(e)) && !name.ends_with(".d.ts")
}

/// Whether a JavaScript module (not transpiled for its syntax) is rewritten for the
/// `define`s: only when it mentions the first name of one of them.
pub fn needs_define(name: &str, text: &str, define: &[(String, String)]) -> bool {
    let javascript = [".js", ".mjs", ".cjs"].iter().any(|e| name.ends_with(e));
    javascript
        && define.iter().any(|(key, _)| {
            let head = key.trim_start_matches("typeof ").split('.').next().unwrap_or_default();
            !head.is_empty() && text.contains(head)
        })
}

/// Checks wrangler's `define` entries: each key an identifier, property chain or
/// `typeof` expression, each value an expression.
pub fn check_define(define: &[(String, String)]) -> Result<(), String> {
    oxc::transformer_plugins::ReplaceGlobalDefinesConfig::new(define)
        .map(|_| ())
        .map_err(|errors| errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "))
}

/// Transpiles the module `name` (its extension says TypeScript, TSX or JSX), applying
/// `options.define`; a JavaScript module (`.js`, `.mjs`, `.cjs`) only gets the defines.
pub fn transpile(name: &str, text: &str, options: &Options) -> Result<Transpiled, Diagnostic> {
    let javascript = !is_transpiled(name);
    let source_type = if name.ends_with(".tsx") {
        SourceType::tsx()
    } else if name.ends_with(".jsx") {
        SourceType::jsx()
    } else if name.ends_with(".mjs") {
        SourceType::mjs()
    } else if name.ends_with(".cjs") {
        SourceType::cjs()
    } else if javascript {
        SourceType::unambiguous()
    } else {
        SourceType::ts()
    };
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, source_type).parse();
    if let Some(error) = parsed.diagnostics.errors().next() {
        return Err(diagnostic(text, error));
    }
    if parsed.panicked {
        return Err(Diagnostic { message: "the parser gave up".to_string(), at: None });
    }
    let mut program = parsed.program;
    let semantic = SemanticBuilder::new().with_excess_capacity(2.0).with_enum_eval(true).build(&program);
    if let Some(error) = semantic.diagnostics.iter().find(|d| d.severity == oxc::diagnostics::Severity::Error) {
        return Err(diagnostic(text, error));
    }
    let mut scoping = semantic.semantic.into_scoping();
    let path = Path::new(name);
    if !javascript {
        let transform = transform_options(options);
        let transformed = Transformer::new(&allocator, path, &transform).build_with_scoping(scoping, &mut program);
        if let Some(error) = transformed.diagnostics.errors().next() {
            return Err(diagnostic(text, error));
        }
        scoping = transformed.scoping;
    }
    if !options.define.is_empty() {
        let config = oxc::transformer_plugins::ReplaceGlobalDefinesConfig::new(&options.define)
            .map_err(|errors| Diagnostic { message: format!("bad define: {}", errors[0].message), at: None })?;
        let replaced =
            oxc::transformer_plugins::ReplaceGlobalDefines::new(&allocator, config).build(scoping, &mut program);
        drop(replaced.scoping);
    }
    let codegen = CodegenOptions { source_map_path: Some(path.to_path_buf()), ..CodegenOptions::default() };
    let generated = Codegen::new().with_options(codegen).build(&program);
    if generated.code.contains(HELPERS) {
        let at = text.find('@').map(|offset| line_column(text, offset));
        return Err(Diagnostic {
            message: "this TypeScript needs compiler helpers (legacy decorators), which crosstalk does not provide: \
                      bundle the worker first"
                .to_string(),
            at,
        });
    }
    let mut tokens: Vec<Token> = match &generated.map {
        Some(map) => map
            .get_tokens()
            .map(|t| Token {
                generated: (t.get_dst_line() + 1, t.get_dst_col() + 1),
                original: (t.get_src_line() + 1, t.get_src_col() + 1),
            })
            .collect(),
        None => Vec::new(),
    };
    tokens.sort_by_key(|t| t.generated);
    debug_assert!(tokens.iter().all(|t| t.generated.0 >= 1 && t.original.0 >= 1), "positions are 1-based");
    Ok(Transpiled { code: generated.code, map: PositionMap { tokens } })
}

fn transform_options(options: &Options) -> TransformOptions {
    let mut transform = TransformOptions { env: EnvOptions::default(), ..TransformOptions::default() };
    transform.typescript.remove_class_fields_without_initializer = !options.use_define_for_class_fields;
    transform.decorator.legacy = options.experimental_decorators;
    transform.decorator.emit_decorator_metadata = options.emit_decorator_metadata;
    let mut jsx = JsxOptions { display_name_plugin: false, pure: true, ..JsxOptions::enable() };
    match &options.jsx {
        Jsx::Classic { factory, fragment } => {
            jsx.runtime = JsxRuntime::Classic;
            jsx.pragma = Some(factory.clone());
            jsx.pragma_frag = Some(fragment.clone());
            transform.typescript.jsx_pragma = factory.clone().into();
            transform.typescript.jsx_pragma_frag = fragment.clone().into();
        }
        Jsx::Automatic { import_source } => {
            jsx.runtime = JsxRuntime::Automatic;
            jsx.import_source = Some(import_source.clone());
        }
    }
    transform.jsx = jsx;
    transform
}

fn diagnostic(text: &str, error: &oxc::diagnostics::OxcDiagnostic) -> Diagnostic {
    let offset = error.labels.iter().find(|l| l.primary()).or(error.labels.first()).map(|l| l.offset());
    let at = offset.map(|offset| line_column(text, offset as usize));
    Diagnostic { message: error.message.to_string(), at }
}

/// The 1-based line and character column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line as u32, column as u32)
}

/// A generated position and the source position it came from (both 1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Token {
    generated: (u32, u32),
    original: (u32, u32),
}

/// Maps positions in the emitted JavaScript back to the TypeScript source.
///
/// Invariant: `tokens` are sorted by generated position.
#[derive(Clone, Debug, Default)]
pub struct PositionMap {
    tokens: Vec<Token>,
}

impl PositionMap {
    /// The source position of the emitted position (`line`, `column`): that of the
    /// nearest mapped token at or before it on the same line, else the first one after it
    /// on that line, as source-map consumers resolve a position inside a segment. A line
    /// with no token maps to the nearest token before it.
    pub fn original(&self, line: u32, column: u32) -> (u32, u32) {
        let after = self.tokens.partition_point(|t| t.generated <= (line, column));
        if after > 0 && self.tokens[after - 1].generated.0 == line {
            return self.tokens[after - 1].original;
        }
        if let Some(next) = self.tokens.get(after).filter(|t| t.generated.0 == line) {
            return next.original;
        }
        match after.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some(before) => before.original,
            None => (line, column),
        }
    }
}

/// Where an ES module names the modules it loads: every static `import`/`export … from`
/// and every `import("…")` whose argument is a string literal, as the byte range of the
/// quoted literal in `text` and the specifier, in source order. `crosstalk conform` uses
/// it to point a module's imports at the names it serves workerd.
///
/// Errors: the text is not a parsable ES module (the parser's first message).
pub fn module_requests(text: &str) -> Result<Vec<(std::ops::Range<usize>, String)>, String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::mjs()).parse();
    if let Some(error) = parsed.diagnostics.errors().next() {
        return Err(error.to_string());
    }
    if parsed.panicked {
        return Err("the module could not be parsed".to_string());
    }
    let record = &parsed.module_record;
    let mut found: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (specifier, requests) in &record.requested_modules {
        for request in requests {
            found.push((request.span.start as usize..request.span.end as usize, specifier.to_string()));
        }
    }
    for import in &record.dynamic_imports {
        let range = import.module_request.start as usize..import.module_request.end as usize;
        let literal = &text[range.clone()];
        let quoted = literal.len() >= 2
            && (literal.starts_with('"') && literal.ends_with('"')
                || literal.starts_with('\'') && literal.ends_with('\''));
        if quoted && !literal[1..literal.len() - 1].contains(['\\', '"', '\'']) {
            found.push((range, literal[1..literal.len() - 1].to_string()));
        }
    }
    found.sort_by_key(|(range, _)| range.start);
    found.dedup_by_key(|(range, _)| range.start);
    Ok(found)
}

#[cfg(test)]
mod tests {
    #[test]
    fn module_requests_are_the_quoted_specifiers_of_imports_exports_and_literal_dynamic_imports() {
        let text = "import a from \"./a.js\";\nexport { b } from './b';\nimport \"side\";\n\
                    const c = await import(\"pkg/c\");\nconst d = import(name);\nexport * from \"./a.js\";";
        let found = super::module_requests(text).unwrap();
        let specifiers: Vec<&str> = found.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(specifiers, ["./a.js", "./b", "side", "pkg/c", "./a.js"]);
        for (range, specifier) in &found {
            assert_eq!(&text[range.start + 1..range.end - 1], specifier);
        }
        assert!(super::module_requests("import {").is_err());
    }

    use super::*;

    fn run(name: &str, text: &str) -> Transpiled {
        match transpile(name, text, &Options::default()) {
            Ok(out) => out,
            Err(e) => panic!("{name}: {e}"),
        }
    }

    /// Where `needle` starts in `text`, 1-based.
    fn position(text: &str, needle: &str) -> (u32, u32) {
        let offset = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text}"));
        line_column(text, offset)
    }

    #[test]
    fn types_are_stripped_and_enums_compiled_as_tsc_does() {
        let source = "interface P { x: number }\nexport enum Color { Red, Green = 5, Blue }\n\
                      export function f(p: P): number { return p.x as number; }\n";
        let out = run("a.ts", source);
        assert!(!out.code.contains("interface") && !out.code.contains(": number"), "{}", out.code);
        // TypeScript's enum: a reverse-mapped object, Blue = Green + 1.
        assert!(out.code.contains("Color[Color[\"Blue\"] = 6] = \"Blue\""), "{}", out.code);
    }

    #[test]
    fn positions_map_back_to_the_typescript_source() {
        let source = "type Id = string;\n\n\nexport function get(\n  id: Id,\n  cache: Map<Id, number>,\n): number {\n  \
                      return cache.get(id)!.toFixed(2) as unknown as number;\n}\n";
        let out = run("src/get.ts", source);
        let emitted = position(&out.code, "cache.get(id)");
        assert_eq!(out.map.original(emitted.0, emitted.1), position(source, "cache.get(id)"));
    }

    #[test]
    fn syntax_errors_are_located_in_the_source() {
        let error = transpile("a.ts", "let a: number = 1;\nlet b = (;\n", &Options::default()).unwrap_err();
        assert_eq!(error.at, Some((2, 10)), "{error}");
    }

    #[test]
    fn jsx_follows_the_configured_runtime() {
        let classic = run("a.tsx", "export const v = <p class=\"x\">hi</p>;\n");
        assert!(classic.code.contains("React.createElement(\"p\""), "{}", classic.code);
        let options = Options { jsx: Jsx::Automatic { import_source: "hono/jsx".to_string() }, ..Options::default() };
        let automatic = transpile("a.tsx", "export const v = <p>hi</p>;\n", &options).unwrap();
        assert!(automatic.code.contains("from \"hono/jsx/jsx-runtime\""), "{}", automatic.code);
    }

    #[test]
    fn decorators_needing_helpers_are_refused_not_imported() {
        let options = Options { experimental_decorators: true, ..Options::default() };
        let source = "function d(..._: unknown[]) {}\nexport class A {\n  @d m() {}\n}\n";
        let error = transpile("a.ts", source, &options).unwrap_err();
        assert_eq!(error.at, Some((3, 3)), "{error}");
        assert!(error.message.contains("decorators"), "{error}");
    }

    #[test]
    fn only_typescript_and_jsx_modules_are_transpiled() {
        assert!(is_transpiled("src/index.ts") && is_transpiled("a.mts") && is_transpiled("v.tsx"));
        assert!(!is_transpiled("types.d.ts") && !is_transpiled("a.js") && !is_transpiled("a.cts"));
    }
}
