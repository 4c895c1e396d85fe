//! What an ES module asks of other modules and offers them: its named imports, its
//! exported names and its `export *` requests, read from boa's parse of the text.
//!
//! The runtime uses it to say *where* a link error is. boa 0.22 reports an import of a
//! name a module does not export as `could not find export `x``, with no module and no
//! position; with the interfaces of the loaded modules the runtime names the import
//! statement, the module it asked and what that module does export, as V8 and esbuild do.

use boa_ast::declaration::{ExportEntry, ImportName, ReExportImportName};
use boa_interner::{Interner, Sym};
use boa_parser::{Parser, Source};

/// One name a module asks another module for: `import { name } from "specifier"`,
/// `import name from` (`default`) or `export { name } from`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedImport {
    /// The module request as written.
    pub specifier: String,
    /// The export name asked for.
    pub name: String,
    /// 1-based line of the name in the statement (the local binding of a default import),
    /// as V8 points at it; of the request's string literal when the name is not found.
    pub line: u32,
    /// 1-based column (in characters) of the name.
    pub column: u32,
}

/// The import and export side of one module.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleInterface {
    /// Every named import and named re-export, in source order.
    pub imports: Vec<NamedImport>,
    /// The names the module exports itself or re-exports by name (`export * as ns` too).
    pub exports: Vec<String>,
    /// The requests of `export * from "…"`, whose names (but `default`) it also exports.
    pub stars: Vec<String>,
    /// Every module request, in source order (side-effect and namespace imports too).
    pub requests: Vec<String>,
}

impl ModuleInterface {
    /// Whether the module exports `name` without going through an `export *`.
    pub fn exports_directly(&self, name: &str) -> bool {
        self.exports.iter().any(|e| e == name)
    }
}

/// The interface of the module `src`; `Err` with the parser's message when it does not
/// parse as a module.
pub fn module_interface(src: &str) -> Result<ModuleInterface, String> {
    let mut interner = Interner::default();
    let scope = boa_ast::scope::Scope::new_global();
    let module = Parser::new(Source::from_bytes(src.as_bytes()))
        .parse_module(&scope, &mut interner)
        .map_err(|e| e.to_string())?;
    let items = module.items();
    let text = |sym: Sym| interner.resolve_expect(sym).to_string();
    let mut interface =
        ModuleInterface { requests: items.requests().into_iter().map(text).collect(), ..Default::default() };
    let mut requests = Vec::new();
    for entry in items.import_entries() {
        if let ImportName::Name(name) = entry.import_name() {
            requests.push((text(entry.module_request()), text(name)));
        }
    }
    for entry in items.export_entries() {
        match entry {
            ExportEntry::Ordinary(local) => interface.exports.push(text(local.export_name())),
            ExportEntry::StarReExport { module_request, .. } => interface.stars.push(text(module_request)),
            ExportEntry::ReExport(indirect) => {
                interface.exports.push(text(indirect.export_name()));
                if let ReExportImportName::Name(name) = indirect.import_name() {
                    requests.push((text(indirect.module_request()), text(name)));
                }
            }
        }
    }
    interface.imports = requests
        .into_iter()
        .map(|(specifier, name)| {
            let at = literal_offset(src, &specifier).map_or(0, |literal| name_offset(src, literal, &name));
            let (line, column) = line_column(src, at);
            NamedImport { specifier, name, line, column }
        })
        .collect();
    interface.imports.sort_by_key(|i| (i.line, i.column));
    Ok(interface)
}

/// The byte offset of the string literal `specifier` where it first stands after `from`
/// or `import` in `src`; `None` when it is written with escapes a text search cannot see.
fn literal_offset(src: &str, specifier: &str) -> Option<usize> {
    ['"', '\'']
        .iter()
        .filter_map(|quote| {
            let literal = format!("{quote}{specifier}{quote}");
            src.match_indices(&literal).map(|(at, _)| at).find(|&at| after_keyword(&src[..at]))
        })
        .min()
}

/// The byte offset of `name` in the statement whose request literal is at `literal`: the
/// name as a whole word (or quoted) between the statement's `import`/`export` keyword and
/// the literal; for `default` without such a word, the default import's local binding
/// (the first word after `import`). The literal itself when neither is found.
fn name_offset(src: &str, literal: usize, name: &str) -> usize {
    let before = &src[..literal];
    let Some(keyword) = ["import", "export"].iter().filter_map(|k| rfind_word(before, k)).max() else {
        return literal;
    };
    let statement = &before[keyword..];
    if let Some(at) =
        find_word(statement, name).or_else(|| ['"', '\''].iter().find_map(|q| statement.find(&format!("{q}{name}{q}"))))
    {
        return keyword + at;
    }
    if name == "default" {
        let rest = &statement["import".len().min(statement.len())..];
        let skipped = rest.len() - rest.trim_start().len();
        if statement.starts_with("import") && rest.trim_start().starts_with(is_word_char) {
            return keyword + "import".len() + skipped;
        }
    }
    literal
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Whether `word` stands at byte `at` of `text` as a whole word.
fn whole_word(text: &str, at: usize, word: &str) -> bool {
    !text[..at].ends_with(is_word_char) && !text[at + word.len()..].starts_with(is_word_char)
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| whole_word(text, at, word))
}

fn rfind_word(text: &str, word: &str) -> Option<usize> {
    text.rmatch_indices(word).map(|(at, _)| at).find(|&at| whole_word(text, at, word))
}

/// 1-based line and character column of byte `at` of `src`.
fn line_column(src: &str, at: usize) -> (u32, u32) {
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

/// Whether the text before a literal ends with `from` or `import` (and blanks).
fn after_keyword(before: &str) -> bool {
    let trimmed = before.trim_end();
    ["from", "import"].iter().any(|k| trimmed.strip_suffix(k).is_some_and(|rest| !rest.ends_with(is_word_char)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_imports_default_imports_and_re_exports_are_requests() {
        let src = "import a, { b as c } from './x.js';\nimport * as ns from 'y';\nexport { d } from \"./z.js\";\n";
        let interface = module_interface(src).unwrap();
        let asked: Vec<(&str, &str, u32, u32)> =
            interface.imports.iter().map(|i| (i.specifier.as_str(), i.name.as_str(), i.line, i.column)).collect();
        // V8 points at the name: the default import's binding, the name asked for.
        assert_eq!(asked, [("./x.js", "default", 1, 8), ("./x.js", "b", 1, 13), ("./z.js", "d", 3, 10)]);
        assert_eq!(interface.exports, ["d"]);
        assert!(interface.stars.is_empty());
        assert_eq!(interface.requests, ["./x.js", "y", "./z.js"]);
    }

    #[test]
    fn exports_name_locals_defaults_namespaces_and_stars() {
        let src = "export const a = 1; export default 2; function f() {}\nexport { f as g };\nexport * from './s.js';\nexport * as t from './t.js';\n";
        let interface = module_interface(src).unwrap();
        assert!(["a", "default", "g", "t"].iter().all(|n| interface.exports_directly(n)), "{interface:?}");
        assert!(!interface.exports_directly("f"));
        assert_eq!(interface.stars, ["./s.js"]);
    }

    #[test]
    fn a_specifier_that_also_appears_in_a_string_is_found_at_its_import() {
        let src = "const s = './x.js';\nimport { q } from './x.js';\n";
        let interface = module_interface(src).unwrap();
        assert_eq!((interface.imports[0].line, interface.imports[0].column), (2, 10));
    }
}
