//! JavaScript that V8 runs but boa 0.22's parser refuses, rewritten so that boa runs it.
//!
//! One case: a variable, parameter or function named `using`. boa's lexer makes `using` a
//! keyword (for `using` declarations) and its parser then refuses it as an identifier in an
//! expression (`using.bind(…)` in tRPC's bundle, `{ ...using }` in kysely). Every binding
//! named `using` and every reference to one is renamed to a five-character name the module
//! does not contain, in place, so that lines and columns stay where they were. The forms
//! that name a property or an export after the binding keep that name: `{ using }` becomes
//! `{ using: usin$ }`, `import { using }` becomes `import { using as usin$ }`,
//! `export { using }` becomes `export { usin$ as using }`, and an exported declaration
//! (`export function using`) loses its `export` keyword to an added
//! `export { usin$ as using };` at the end. A reference to a `using` the module does not
//! declare (a global) is left alone.

use std::collections::BTreeMap;

use oxc::allocator::Allocator;
use oxc::ast::ast::{
    AssignmentTargetPropertyIdentifier, BindingIdentifier, BindingPattern, BindingProperty, Declaration,
    ExportDeclaration, ExportSpecifier, IdentifierReference, ImportSpecifier, ModuleExportName, ObjectProperty,
};
use oxc::ast_visit::{Visit, walk};
use oxc::parser::Parser;
use oxc::semantic::SemanticBuilder;
use oxc::span::{GetSpan, SourceType, Span};

const USING: &str = "using";

/// The module `name`'s text rewritten for boa, if it needs it (`None`: run it as written,
/// which includes text oxc cannot parse).
pub fn boa_compatible(name: &str, text: &str) -> Option<String> {
    if !text.contains(USING) {
        return None;
    }
    let source_type = if name.ends_with(".cjs") {
        SourceType::cjs()
    } else if name.ends_with(".mjs") {
        SourceType::mjs()
    } else {
        SourceType::unambiguous()
    };
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, source_type).parse();
    if parsed.panicked || parsed.diagnostics.errors().next().is_some() {
        return None;
    }
    let program = parsed.program;
    // Resolves every reference, so that a global `using` can be told from a local one.
    let scoping = SemanticBuilder::new().build(&program).semantic.into_scoping();
    let replacement = ["usin$", "u$ing", "us$ng", "usi$g", "$sing", "_sing", "usin_"]
        .into_iter()
        .find(|candidate| !text.contains(candidate))
        .unwrap_or("using$crosstalk");
    let mut renamer = Renamer { new: replacement, scoping: &scoping, edits: BTreeMap::new(), exports: Vec::new() };
    renamer.visit_program(&program);
    if renamer.edits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (start, (end, replacement)) in &renamer.edits {
        debug_assert!(*start >= at, "edits do not overlap");
        out.push_str(&text[at..*start]);
        out.push_str(replacement);
        at = *end;
    }
    out.push_str(&text[at..]);
    for exported in &renamer.exports {
        let local = if exported == USING { replacement } else { exported.as_str() };
        out.push_str(&format!("\nexport {{ {local} as {exported} }};"));
    }
    Some(out)
}

struct Renamer<'n> {
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
        reference.name == USING
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
        if it.name == USING {
            self.edit(it.span, self.new.to_string());
        }
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if it.shorthand
            && let oxc::ast::ast::Expression::Identifier(reference) = &it.value
            && self.resolved(reference)
        {
            self.edit(reference.span, format!("{USING}: {}", self.new));
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
            if let Some(id) = binding.filter(|id| id.name == USING) {
                self.edit(id.span, format!("{USING}: {}", self.new));
            }
        }
        walk::walk_binding_property(self, it);
    }

    fn visit_assignment_target_property_identifier(&mut self, it: &AssignmentTargetPropertyIdentifier<'a>) {
        if self.resolved(&it.binding) {
            self.edit(it.binding.span, format!("{USING}: {}", self.new));
        }
        walk::walk_assignment_target_property_identifier(self, it);
    }

    fn visit_import_specifier(&mut self, it: &ImportSpecifier<'a>) {
        if it.local.name == USING && it.imported.span() == it.local.span {
            self.edit(it.local.span, format!("{USING} as {}", self.new));
        }
        walk::walk_import_specifier(self, it);
    }

    fn visit_export_specifier(&mut self, it: &ExportSpecifier<'a>) {
        if let ModuleExportName::IdentifierReference(local) = &it.local
            && self.resolved(local)
            && it.exported.span() == local.span
        {
            self.edit(local.span, format!("{} as {USING}", self.new));
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
        if let Some(names) = names.filter(|names| names.iter().any(|n| n == USING)) {
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
}
