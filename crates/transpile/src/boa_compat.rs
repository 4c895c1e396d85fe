//! JavaScript that V8 runs but boa 0.22 refuses or mis-compiles, rewritten so that boa runs
//! it. Five cases, each a rewrite that keeps every line where it was:
//!
//! - A variable, parameter or function named `using`. boa's lexer makes `using` a keyword
//!   (for `using` declarations) and its parser then refuses it as an identifier in an
//!   expression (`using.bind(…)` in tRPC's bundle, `{ ...using }` in kysely). Every binding
//!   named `using` and every reference to one is renamed to a five-character name the
//!   module does not contain, in place. The forms that name a property or an export after
//!   the binding keep that name: `{ using }` becomes `{ using: usin$ }`, `import { using }`
//!   becomes `import { using as usin$ }`, `export { using }` becomes
//!   `export { usin$ as using }`, and an exported declaration (`export function using`)
//!   loses its `export` keyword to an added `export { usin$ as using };` at the end. A
//!   reference to a `using` the module does not declare (a global) is left alone.
//! - A binding named `async`. When it is called, boa's parser takes `async(` for the start
//!   of an async arrow function and fails when no `=>` follows (asynckit's `var async =
//!   require('./async.js'); … iterator(item, async(callback))`, which axios and form-data
//!   pull in); an import of that name (`import async from "async"`) it refuses outright.
//!   Renamed the same way, to a five-character name, when the module declares such a
//!   binding.
//! - A `let` or `const` declaration written comma-first (`const a = f()\n  , b = g()`,
//!   postgres.js's style): boa's parser ends the declaration at the line break and then
//!   fails on the `,` (`var` is parsed right). The comma moves to the end of the
//!   declarator before it, and a space takes its place, so no column after it moves.
//! - A function inside the computed key of a class method. boa's scope analysis skips a
//!   class method's computed key (it does visit a field's, and an object method's), so a
//!   function there that declares anything panics its compiler ("binding must exist").
//!   TypeScript emits exactly that for private methods below ES2022
//!   (`[(_C_m = function _C_m() { … }, Symbol.asyncIterator)]() { … }` in the openai SDK).
//!   The key moves into the computed key of a static field just before the method, which
//!   stores it in a variable the method's key then reads; a static block deletes the
//!   field again: `static [($ctk1 = (KEY), "$ctk1")]; static { delete this.$ctk1; }
//!   [$ctk1]() { … }`, with `var $ctk1;` added at the end of the file. Keys are evaluated
//!   in the same order as before, and static elements only run after every key.
//! - An async arrow function as a module's default export (`export default async (a) =>
//!   …`, @panva/hkdf). The standard excludes only `async function` after `export default`;
//!   boa's parser takes any `async` there for a function declaration and fails on the `(`.
//!   The arrow is put in parentheses: the blank before `async` becomes `(` (no column
//!   moves) and a `)` follows the arrow.

use std::collections::BTreeMap;

use oxc::allocator::Allocator;
use oxc::ast::ast::{
    ArrowFunctionExpression, AssignmentTargetPropertyIdentifier, BindingIdentifier, BindingPattern, BindingProperty,
    Class, Declaration, ExportDeclaration, ExportSpecifier, Function, IdentifierReference, ImportSpecifier,
    MethodDefinition, ModuleExportName, ObjectProperty, PropertyKey,
};
use oxc::ast_visit::{Visit, walk};
use oxc::parser::Parser;
use oxc::semantic::SemanticBuilder;
use oxc::span::{GetSpan, SourceType, Span};

const USING: &str = "using";
const ASYNC: &str = "async";

/// The declarations that make a binding named `async` (the cheap test before a parse:
/// nearly every module mentions `async`, few name a binding so).
const ASYNC_BINDINGS: &[&str] =
    &["var async", "let async", "const async", "function async", "async =", "import async", "as async"];

/// The module `name`'s text rewritten for boa, if it needs it (`None`: run it as written,
/// which includes text oxc cannot parse).
pub fn boa_compatible(name: &str, text: &str) -> Option<String> {
    let renamed = if text.contains(USING) {
        rename_binding(name, text, USING, &["usin$", "u$ing", "us$ng", "usi$g", "$sing", "_sing", "usin_"])
    } else {
        None
    };
    let current = renamed.as_deref().unwrap_or(text);
    let renamed = if ASYNC_BINDINGS.iter().any(|form| current.contains(form)) {
        rename_binding(name, current, ASYNC, &["asyn$", "a$ync", "as$nc", "asy$c", "$sync", "_sync", "asyn_"])
            .or(renamed)
    } else {
        renamed
    };
    let current = renamed.as_deref().unwrap_or(text);
    let hoisted = if may_have_function_keys(current) { hoist_method_keys(name, current) } else { None };
    let changed = hoisted.or(renamed);
    let current = changed.as_deref().unwrap_or(text);
    let commas = if has_leading_comma(current) { move_leading_commas(name, current) } else { None };
    let changed = commas.or(changed);
    let current = changed.as_deref().unwrap_or(text);
    let arrows = if current.contains("default async") { wrap_default_async_arrow(name, current) } else { None };
    arrows.or(changed)
}

/// The default-export rewrite (module docs), or `None` when the default export is not an
/// async arrow written after a blank.
fn wrap_default_async_arrow(name: &str, text: &str) -> Option<String> {
    let allocator = Allocator::default();
    let program = parse_clean(&allocator, name, text)?;
    let arrow = program.body.iter().find_map(|statement| match statement {
        oxc::ast::ast::Statement::ExportDefaultDeclaration(export) => match &export.declaration {
            oxc::ast::ast::ExportDefaultDeclarationKind::ArrowFunctionExpression(arrow) if arrow.r#async => {
                Some(arrow.span)
            }
            _ => None,
        },
        _ => None,
    })?;
    let (start, end) = (arrow.start as usize, arrow.end as usize);
    // The blank between `default` and `async` (a line break would move the lines: left alone).
    let blank = start.checked_sub(1).filter(|&b| matches!(text.as_bytes()[b], b' ' | b'\t'))?;
    let mut edits = BTreeMap::new();
    edits.insert(blank, (start, "(".to_string()));
    edits.insert(end, (end, ")".to_string()));
    Some(apply(text, &edits))
}

/// A cheap test that saves parsing: a line whose first character after blanks is a comma.
fn has_leading_comma(text: &str) -> bool {
    text.lines().any(|line| line.trim_start().starts_with(','))
}

/// The comma-first rewrite (module docs), or `None` when no `let`/`const` has a comma
/// after a line break.
fn move_leading_commas(name: &str, text: &str) -> Option<String> {
    let allocator = Allocator::default();
    let program = parse_clean(&allocator, name, text)?;
    let mut mover = CommaMover { text, edits: BTreeMap::new() };
    mover.visit_program(&program);
    if mover.edits.is_empty() {
        return None;
    }
    Some(apply(text, &mover.edits))
}

/// Finds the commas of `let`/`const` declarations that stand after a line break.
struct CommaMover<'t> {
    text: &'t str,
    // invariant: non-overlapping byte ranges of the text, by start.
    edits: BTreeMap<usize, (usize, String)>,
}

impl<'a> Visit<'a> for CommaMover<'_> {
    fn visit_variable_declaration(&mut self, it: &oxc::ast::ast::VariableDeclaration<'a>) {
        if !matches!(it.kind, oxc::ast::ast::VariableDeclarationKind::Var) {
            for pair in it.declarations.windows(2) {
                let (end, next) = (pair[0].span.end as usize, pair[1].span.start as usize);
                if let Some(comma) = comma_after_break(&self.text[end..next]) {
                    self.edits.insert(end, (end, ",".to_string()));
                    self.edits.insert(end + comma, (end + comma + 1, " ".to_string()));
                }
            }
        }
        walk::walk_variable_declaration(self, it);
    }
}

/// The offset of the separating comma in `between` (the text between two declarators)
/// when a line break comes before it; comments are skipped.
fn comma_after_break(between: &str) -> Option<usize> {
    let bytes = between.as_bytes();
    let mut broke = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => broke = true,
            b',' => return broke.then_some(i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let close = between[i + 2..].find("*/").map_or(bytes.len(), |c| i + 2 + c + 2);
                broke |= between[i..close].contains('\n');
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// oxc's parse of `text`; `None` when oxc reports an error (the text runs as written).
pub(crate) fn parse_clean<'a>(
    allocator: &'a Allocator,
    name: &str,
    text: &'a str,
) -> Option<oxc::ast::ast::Program<'a>> {
    let parsed = Parser::new(allocator, text, source_type(name)).parse();
    if parsed.panicked || parsed.diagnostics.errors().next().is_some() {
        return None;
    }
    Some(parsed.program)
}

fn source_type(name: &str) -> SourceType {
    if name.ends_with(".cjs") {
        SourceType::cjs()
    } else if name.ends_with(".mjs") {
        SourceType::mjs()
    } else {
        SourceType::unambiguous()
    }
}

/// The rename of every binding named `old` (module docs) to the first of `candidates` the
/// text does not contain, or `None` when nothing needs renaming.
fn rename_binding(name: &str, text: &str, old: &'static str, candidates: &[&'static str]) -> Option<String> {
    let allocator = Allocator::default();
    let program = parse_clean(&allocator, name, text)?;
    // Resolves every reference, so that a global `using` can be told from a local one.
    let scoping = SemanticBuilder::new().build(&program).semantic.into_scoping();
    let fallback = if old == USING { "using$crosstalk" } else { "async$crosstalk" };
    let replacement = candidates.iter().copied().find(|candidate| !text.contains(candidate)).unwrap_or(fallback);
    let mut renamer = Renamer { old, new: replacement, scoping: &scoping, edits: BTreeMap::new(), exports: Vec::new() };
    renamer.visit_program(&program);
    if renamer.edits.is_empty() {
        return None;
    }
    let mut out = apply(text, &renamer.edits);
    for exported in &renamer.exports {
        let local = if exported == old { replacement } else { exported.as_str() };
        out.push_str(&format!("\nexport {{ {local} as {exported} }};"));
    }
    Some(out)
}

/// `text` with each edit (start → (end, replacement)) made; the edits do not overlap.
pub(crate) fn apply(text: &str, edits: &BTreeMap<usize, (usize, String)>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (start, (end, replacement)) in edits {
        debug_assert!(*start >= at, "edits do not overlap");
        out.push_str(&text[at..*start]);
        out.push_str(replacement);
        at = *end;
    }
    out.push_str(&text[at..]);
    out
}

/// A cheap test that saves parsing: a class, a computed name, and a function somewhere.
fn may_have_function_keys(text: &str) -> bool {
    text.contains("class") && text.contains('[') && (text.contains("function") || text.contains("=>"))
}

/// The method-key rewrite (module docs), or `None` when no class method has a function in
/// its computed key.
fn hoist_method_keys(name: &str, text: &str) -> Option<String> {
    let allocator = Allocator::default();
    let program = parse_clean(&allocator, name, text)?;
    let prefix = ["$ctk", "$ctk$", "$crosstalkKey"].into_iter().find(|p| !text.contains(p)).unwrap_or("$crosstalkKey$");
    let mut hoister = KeyHoister { text, prefix, edits: BTreeMap::new(), names: Vec::new() };
    hoister.visit_program(&program);
    if hoister.edits.is_empty() {
        return None;
    }
    let mut out = apply(text, &hoister.edits);
    out.push_str(&format!("\nvar {};", hoister.names.join(", ")));
    Some(out)
}

/// Finds class methods whose computed key holds a function, and rewrites each.
struct KeyHoister<'t> {
    text: &'t str,
    prefix: &'static str,
    // invariant: non-overlapping byte ranges of the text, by start.
    edits: BTreeMap<usize, (usize, String)>,
    /// The variables the rewritten keys are stored in, in order.
    names: Vec<String>,
}

impl<'a> Visit<'a> for KeyHoister<'_> {
    fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
        if it.computed && it.decorators.is_empty() && contains_function(&it.key) && self.hoist(it) {
            // The key's own functions are rewritten with it; only the method body is left.
            self.visit_function(&it.value, oxc::syntax::scope::ScopeFlags::empty());
            return;
        }
        walk::walk_method_definition(self, it);
    }
}

impl KeyHoister<'_> {
    /// Rewrites `[modifiers] [KEY]` of method `it`; false when its brackets cannot be found
    /// next to the key (a comment between them), which leaves it alone.
    fn hoist(&mut self, it: &MethodDefinition<'_>) -> bool {
        let (start, key_start, key_end) =
            (it.span.start as usize, it.key.span().start as usize, it.key.span().end as usize);
        let Some(open) = self.text[start..key_start].rfind('[').map(|i| start + i) else { return false };
        if !self.text[open + 1..key_start].trim().is_empty() {
            return false;
        }
        let after = &self.text[key_end..];
        let Some(close) = after.find(|c: char| !c.is_whitespace()).filter(|i| after[*i..].starts_with(']')) else {
            return false;
        };
        let close = key_end + close;
        if self.edits.range(start..=close).next().is_some() {
            return false;
        }
        let name = format!("{}{}", self.prefix, self.names.len() + 1);
        let key = &self.text[key_start..key_end];
        let modifiers = &self.text[start..open];
        let replacement =
            format!("static [({name} = ({key}), \"{name}\")]; static {{ delete this.{name}; }} {modifiers}[{name}]");
        self.edits.insert(start, (close + 1, replacement));
        self.names.push(name);
        true
    }
}

/// Whether `key` holds a function, an arrow function or a class anywhere inside it.
fn contains_function(key: &PropertyKey<'_>) -> bool {
    struct Finder(bool);
    impl<'a> Visit<'a> for Finder {
        fn visit_function(&mut self, _: &Function<'a>, _: oxc::syntax::scope::ScopeFlags) {
            self.0 = true;
        }
        fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {
            self.0 = true;
        }
        fn visit_class(&mut self, _: &Class<'a>) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    finder.visit_property_key(key);
    finder.0
}

struct Renamer<'n> {
    /// The name renamed (`using`, `async`).
    old: &'static str,
    new: &'n str,
    scoping: &'n oxc::semantic::Scoping,
    // invariant: non-overlapping byte ranges of the text, by start; the first edit made for
    // a range wins (a form that keeps a name is seen before the identifier inside it).
    edits: BTreeMap<usize, (usize, String)>,
    /// Names of exported declarations whose `export` keyword was taken off.
    exports: Vec<String>,
}

impl Renamer<'_> {
    fn edit(&mut self, span: Span, text: String) {
        self.edits.entry(span.start as usize).or_insert((span.end as usize, text));
    }

    fn resolved(&self, reference: &IdentifierReference) -> bool {
        reference.name == self.old
            && reference.reference_id.get().is_some_and(|id| self.scoping.get_reference(id).symbol_id().is_some())
    }
}

impl<'a> Visit<'a> for Renamer<'_> {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if self.resolved(it) {
            self.edit(it.span, self.new.to_string());
        }
    }

    fn visit_binding_identifier(&mut self, it: &BindingIdentifier<'a>) {
        if it.name == self.old {
            self.edit(it.span, self.new.to_string());
        }
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if it.shorthand
            && let oxc::ast::ast::Expression::Identifier(reference) = &it.value
            && self.resolved(reference)
        {
            self.edit(reference.span, format!("{}: {}", self.old, self.new));
        }
        walk::walk_object_property(self, it);
    }

    fn visit_binding_property(&mut self, it: &BindingProperty<'a>) {
        if it.shorthand {
            let binding = match &it.value {
                BindingPattern::BindingIdentifier(id) => Some(id.as_ref()),
                BindingPattern::AssignmentPattern(pattern) => match &pattern.left {
                    BindingPattern::BindingIdentifier(id) => Some(id.as_ref()),
                    _ => None,
                },
                _ => None,
            };
            if let Some(id) = binding.filter(|id| id.name == self.old) {
                self.edit(id.span, format!("{}: {}", self.old, self.new));
            }
        }
        walk::walk_binding_property(self, it);
    }

    fn visit_assignment_target_property_identifier(&mut self, it: &AssignmentTargetPropertyIdentifier<'a>) {
        if self.resolved(&it.binding) {
            self.edit(it.binding.span, format!("{}: {}", self.old, self.new));
        }
        walk::walk_assignment_target_property_identifier(self, it);
    }

    fn visit_import_specifier(&mut self, it: &ImportSpecifier<'a>) {
        if it.local.name == self.old && it.imported.span() == it.local.span {
            self.edit(it.local.span, format!("{} as {}", self.old, self.new));
        }
        walk::walk_import_specifier(self, it);
    }

    fn visit_export_specifier(&mut self, it: &ExportSpecifier<'a>) {
        if let ModuleExportName::IdentifierReference(local) = &it.local
            && self.resolved(local)
            && it.exported.span() == local.span
        {
            self.edit(local.span, format!("{} as {}", self.new, self.old));
        }
        walk::walk_export_specifier(self, it);
    }

    fn visit_export_declaration(&mut self, it: &ExportDeclaration<'a>) {
        let names: Option<Vec<String>> = match &it.declaration {
            Declaration::FunctionDeclaration(f) => f.id.as_ref().map(|id| vec![id.name.to_string()]),
            Declaration::ClassDeclaration(c) => c.id.as_ref().map(|id| vec![id.name.to_string()]),
            Declaration::VariableDeclaration(v) => v
                .declarations
                .iter()
                .map(|d| match &d.id {
                    BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        if let Some(names) = names.filter(|names| names.iter().any(|n| n == self.old)) {
            // `export` off (six spaces keep the columns), the names exported at the end.
            let keyword = Span::new(it.span.start, it.span.start + 6);
            self.edit(keyword, " ".repeat(6));
            self.exports.extend(names);
        }
        walk::walk_export_declaration(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::boa_compatible;

    #[test]
    fn a_called_binding_named_async_is_renamed_in_place() {
        // asynckit's shape, CommonJS: boa reads `async(callback)` as an async arrow's head.
        let text = "var async = require('./async.js');\nfunction run(it, cb) { return it(1, async(cb)); }\nmodule.exports = { async };\n";
        let out = boa_compatible("lib/iterate.js", text).unwrap();
        assert_eq!(
            out,
            "var asyn$ = require('./async.js');\nfunction run(it, cb) { return it(1, asyn$(cb)); }\nmodule.exports = { async: asyn$ };\n"
        );
        // Async functions and arrows, and a property named async, are not bindings.
        let text =
            "const f = async (x) => x; async function g() {} const o = { async: 1 }; o.async; let async = 2; async;";
        let out = boa_compatible("w.mjs", text).unwrap();
        assert_eq!(
            out,
            "const f = async (x) => x; async function g() {} const o = { async: 1 }; o.async; let asyn$ = 2; asyn$;"
        );
        assert_eq!(boa_compatible("w.mjs", "const f = async () => 1; export default f;"), None);
        // The async package imported by its own name (boa reads `import async` as the
        // start of a malformed declaration).
        let text =
            "import async from \"async\";\nimport * as async2 from \"x\";\nasync.mapLimit([1], 1, async (x) => x);";
        assert_eq!(
            boa_compatible("w.mjs", text).unwrap(),
            "import asyn$ from \"async\";\nimport * as async2 from \"x\";\nasyn$.mapLimit([1], 1, async (x) => x);"
        );
    }

    #[test]
    fn comma_first_let_and_const_declarations_get_their_commas_back() {
        let text = "const writer = raw.w()\n    , reader = raw.r() // two\n    , n = 1;\nvar a = 1\n  , b = 2;\nlet x = 1, y = 2;\n";
        let out = boa_compatible("cf.js", text).unwrap();
        assert_eq!(
            out,
            "const writer = raw.w(),\n      reader = raw.r(), // two\n      n = 1;\nvar a = 1\n  , b = 2;\nlet x = 1, y = 2;\n"
        );
        // A comma inside an initializer's own text is not the separator.
        let text = "let a = [1\n, 2]\n  , b = 3;";
        assert_eq!(boa_compatible("w.mjs", text).unwrap(), "let a = [1\n, 2],\n    b = 3;");
        assert_eq!(boa_compatible("w.mjs", "const a = f(\n  1\n  , 2);"), None);
    }

    #[test]
    fn a_local_named_using_is_renamed_in_place() {
        let text = "function using(a) { return a * 2; }\nexport default { fetch() { return using(21); } };\n";
        let out = boa_compatible("w.mjs", text).unwrap();
        assert_eq!(out, "function usin$(a) { return a * 2; }\nexport default { fetch() { return usin$(21); } };\n");
    }

    #[test]
    fn forms_that_name_a_property_or_an_export_keep_the_name() {
        let text = "import { using } from './u.js';\nconst o = { using };\nconst { using: u2 } = o;\nexport { using };";
        let out = boa_compatible("w.mjs", text).unwrap();
        assert_eq!(
            out,
            "import { using as usin$ } from './u.js';\nconst o = { using: usin$ };\nconst { using: u2 } = o;\nexport { usin$ as using };"
        );
        let out = boa_compatible("w.mjs", "export function using() {}\nusing();").unwrap();
        assert_eq!(out, "       function usin$() {}\nusin$();\nexport { usin$ as using };");
        // The other names of the declaration keep theirs, even one that contains `using`.
        let out = boa_compatible("w.mjs", "export const usingX = 1, using = 2;").unwrap();
        assert_eq!(
            out,
            "       const usingX = 1, usin$ = 2;\nexport { usingX as usingX };\nexport { usin$ as using };"
        );
    }

    #[test]
    fn properties_globals_and_comments_are_left_alone() {
        assert_eq!(boa_compatible("w.mjs", "// using x\nglobalThis.using = 1; o.using(); using;"), None);
        assert_eq!(
            boa_compatible("w.mjs", "const { using } = o; f(using);").unwrap(),
            "const { using: usin$ } = o; f(usin$);"
        );
    }

    #[test]
    fn a_function_in_a_class_method_key_moves_to_a_static_field_key() {
        let text = "var _m;\nclass C {\n  static async *[(_m = function (x) { var y = x; return y; }, \"g\")]() {}\n  [k]() {}\n}\n";
        let out = boa_compatible("w.mjs", text).unwrap();
        assert_eq!(
            out,
            "var _m;\nclass C {\n  static [($ctk1 = ((_m = function (x) { var y = x; return y; }, \"g\")), \"$ctk1\")]; \
             static { delete this.$ctk1; } static async *[$ctk1]() {}\n  [k]() {}\n}\n\nvar $ctk1;"
        );
        // Lines stay where they were.
        assert_eq!(out.lines().count(), text.lines().count() + 2);
        assert_eq!(out.lines().nth(3), text.lines().nth(3));
    }

    #[test]
    fn keys_without_functions_and_fields_are_left_alone() {
        assert_eq!(boa_compatible("w.mjs", "class C { [a + b]() {} [f]; static [(() => 1)()] = 2; }"), None);
        assert_eq!(boa_compatible("w.mjs", "const o = { [(() => 'k')()]() {} };"), None);
    }

    #[test]
    fn an_async_arrow_default_export_is_put_in_parentheses() {
        // @panva/hkdf's web runtime.
        let text = "export default async (digest, ikm) => {\n  return digest;\n};\n";
        assert_eq!(
            boa_compatible("hkdf.js", text).unwrap(),
            "export default(async (digest, ikm) => {\n  return digest;\n});\n"
        );
        assert_eq!(
            boa_compatible("w.mjs", "export default async x => x * 2").unwrap(),
            "export default(async x => x * 2)"
        );
        // What boa parses already is left alone.
        assert_eq!(boa_compatible("w.mjs", "export default async function f() {}"), None);
        assert_eq!(boa_compatible("w.mjs", "export default (async () => 1);"), None);
        assert_eq!(boa_compatible("w.mjs", "const f = async () => 1; export default f;"), None);
    }

    #[test]
    fn both_rewrites_compose() {
        let text = "const using = 1;\nclass C { [(() => using)()]() {} }\n";
        let out = boa_compatible("w.mjs", text).unwrap();
        assert_eq!(
            out,
            "const usin$ = 1;\nclass C { static [($ctk1 = ((() => usin$)()), \"$ctk1\")]; static { delete this.$ctk1; } [$ctk1]() {} }\n\nvar $ctk1;"
        );
    }
}
