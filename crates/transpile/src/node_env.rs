//! wrangler's own `define`: a build that wrangler deploys replaces `process.env.NODE_ENV`
//! with `"production"` (workers-sdk, `deployment-bundle/bundle.ts`; the project's own
//! `define`, spread after it, wins), so libraries that branch on it (immer, React) run
//! their production code, and run at all where `process` is not a global.
//!
//! Done in place, as the rewrites of `boa_compat.rs` are: the replacement is padded with
//! spaces to the length of what it replaces, so no line or column of the module moves and
//! no source map is needed (a module compiled by oxc for a `define` of the project's own
//! reports oxc's positions instead, the callee of a call rather than boa's `(`).

use std::collections::BTreeMap;

use oxc::allocator::Allocator;
use oxc::ast::ast::{Expression, IdentifierReference, SimpleAssignmentTarget, StaticMemberExpression};
use oxc::ast_visit::{Visit, walk};
use oxc::semantic::{Scoping, SemanticBuilder};

/// The property chain wrangler defines in every build.
pub const NODE_ENV: &str = "process.env.NODE_ENV";

/// `text` (module `name`) with every read of the global `process.env.NODE_ENV`, written
/// just so, replaced by the JavaScript expression `value` padded to its length; `None`
/// when it reads none (or oxc cannot parse it). A local `process`, a property of that
/// name elsewhere (`a.process.env.NODE_ENV`) and an assignment to it are left as they are.
pub fn define_node_env(name: &str, text: &str, value: &str) -> Option<String> {
    assert!(value.len() <= NODE_ENV.len(), "the value fits where the chain was: {value}");
    if !text.contains(NODE_ENV) {
        return None;
    }
    let allocator = Allocator::default();
    let program = crate::boa_compat::parse_clean(&allocator, name, text)?;
    let scoping = SemanticBuilder::new().build(&program).semantic.into_scoping();
    let mut finder = Finder { text, scoping: &scoping, edits: BTreeMap::new(), value };
    finder.visit_program(&program);
    if finder.edits.is_empty() {
        return None;
    }
    Some(crate::boa_compat::apply(text, &finder.edits))
}

struct Finder<'t> {
    text: &'t str,
    scoping: &'t Scoping,
    // invariant: non-overlapping byte ranges of the text, by start.
    edits: BTreeMap<usize, (usize, String)>,
    value: &'t str,
}

impl Finder<'_> {
    /// Whether `it` is `process.env.NODE_ENV` written just so, `process` the global.
    fn is_node_env(&self, it: &StaticMemberExpression<'_>) -> bool {
        let (start, end) = (it.span.start as usize, it.span.end as usize);
        if &self.text[start..end] != NODE_ENV || it.property.name != "NODE_ENV" {
            return false;
        }
        let Expression::StaticMemberExpression(env) = &it.object else { return false };
        let Expression::Identifier(process) = &env.object else { return false };
        env.property.name == "env" && self.is_global(process)
    }

    fn is_global(&self, reference: &IdentifierReference<'_>) -> bool {
        reference.name == "process"
            && reference.reference_id.get().is_some_and(|id| self.scoping.get_reference(id).symbol_id().is_none())
    }
}

impl<'a> Visit<'a> for Finder<'_> {
    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if self.is_node_env(it) {
            let (start, end) = (it.span.start as usize, it.span.end as usize);
            self.edits.insert(start, (end, format!("{:<width$}", self.value, width = end - start)));
            return;
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_simple_assignment_target(&mut self, it: &SimpleAssignmentTarget<'a>) {
        if let SimpleAssignmentTarget::StaticMemberExpression(member) = it
            && self.is_node_env(member)
        {
            return;
        }
        walk::walk_simple_assignment_target(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_of_the_global_chain_become_the_value_in_place() {
        let text = "const a = process.env.NODE_ENV !== 'production';\n\
                    function f(process) { return process.env.NODE_ENV; }\n\
                    x.process.env.NODE_ENV; process.env.NODE_ENV = 'dev';\n\
                    if (process.env.NODE_ENV === 'test') {}\n";
        let out = define_node_env("m.mjs", text, "\"production\"").expect("two reads");
        assert_eq!(
            out,
            "const a = \"production\"         !== 'production';\n\
             function f(process) { return process.env.NODE_ENV; }\n\
             x.process.env.NODE_ENV; process.env.NODE_ENV = 'dev';\n\
             if (\"production\"         === 'test') {}\n"
        );
        assert_eq!(out.len(), text.len());
        assert_eq!(define_node_env("m.mjs", "process.env.MODE", "\"production\""), None);
        assert_eq!(define_node_env("m.mjs", "let x = process.env.NODE_ENV +", "\"production\""), None);
    }
}
