//! Where the bodies of the loops that boa 0.22's AST gives no place for are, from oxc's
//! parse of the same text.
//!
//! The meter pass checks a loop in its body or in an expression of its head that runs on
//! every pass (`lib.rs`, [`crate::LOOP_HOOK`]), and boa's AST has positions for
//! expressions only: a `for (;;)` with neither a condition nor an update has none that
//! runs on every pass, and the one expression of a `for…of` or `for…in` head runs once.
//! boa's own loop limit still counts those, but its error is lost when it stops an async
//! function resumed after an `await` (the request was then reported as a hang). oxc's
//! AST has a span for every statement: this module lists those loops' bodies in source
//! order, kind by kind, and the walk over boa's AST takes the n-th of a kind for the n-th
//! loop of that kind it meets. Both walks are pre-order over the same text; when the two
//! counts of a kind differ, no loop of that kind is checked here (boa's limit stays), so
//! a disagreement between the parsers never misplaces a check.

use oxc::allocator::Allocator;
use oxc::ast::ast::{ForInStatement, ForOfStatement, ForStatement, Statement};
use oxc::ast_visit::{Visit, walk};
use oxc::parser::Parser;
use oxc::span::SourceType;

/// A loop's body, as byte offsets of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Body {
    /// A block: just past its `{`.
    Block { open: usize },
    /// Any other statement: where it starts and ends.
    Statement { start: usize, end: usize },
}

/// The kinds of loop boa gives no place for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `for (…;;)`: no condition and no update.
    Bare = 0,
    Of = 1,
    In = 2,
}

/// The bodies of each [`Kind`] (indexed by it), in source order.
#[derive(Debug, Default)]
pub(crate) struct LoopBodies {
    pub(crate) bodies: [Vec<Body>; 3],
}

/// The loop bodies of `src` (a module when `module`), or `None` when oxc does not parse
/// it cleanly.
pub(crate) fn loop_bodies(src: &str, module: bool) -> Option<LoopBodies> {
    let allocator = Allocator::default();
    let source_type = if module { SourceType::mjs() } else { SourceType::script() };
    let parsed = Parser::new(&allocator, src, source_type).parse();
    if parsed.panicked || parsed.diagnostics.errors().next().is_some() {
        return None;
    }
    let mut found = Found { src, bodies: LoopBodies::default() };
    found.visit_program(&parsed.program);
    Some(found.bodies)
}

struct Found<'s> {
    src: &'s str,
    bodies: LoopBodies,
}

impl Found<'_> {
    fn push(&mut self, kind: Kind, body: &Statement<'_>) {
        let span = oxc::span::GetSpan::span(body);
        let (start, end) = (span.start as usize, span.end as usize);
        let body = match body {
            Statement::BlockStatement(_) => {
                assert_eq!(self.src.as_bytes()[start], b'{', "a block starts with its brace");
                Body::Block { open: start + 1 }
            }
            _ => {
                assert!(start < end && end <= self.src.len(), "a statement has text");
                Body::Statement { start, end }
            }
        };
        self.bodies.bodies[kind as usize].push(body);
    }
}

impl<'a> Visit<'a> for Found<'_> {
    fn visit_for_statement(&mut self, it: &ForStatement<'a>) {
        if it.test.is_none() && it.update.is_none() {
            self.push(Kind::Bare, &it.body);
        }
        walk::walk_for_statement(self, it);
    }

    fn visit_for_of_statement(&mut self, it: &ForOfStatement<'a>) {
        self.push(Kind::Of, &it.body);
        walk::walk_for_of_statement(self, it);
    }

    fn visit_for_in_statement(&mut self, it: &ForInStatement<'a>) {
        self.push(Kind::In, &it.body);
        walk::walk_for_in_statement(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_lists_its_bodies_in_source_order() {
        let src = "for (;;) { for (const a of b) x(a); }\nfor (k in o) {}\nfor (let i = 0;;) y();\nfor (;; i++) {}\nfor (;i;) {}";
        let found = loop_bodies(src, false).expect("parses");
        let open = |needle: &str| src.find(needle).unwrap() + needle.len();
        assert_eq!(
            found.bodies[Kind::Bare as usize],
            [
                Body::Block { open: open("for (;;) {") },
                Body::Statement { start: src.find("y();").unwrap(), end: src.find("y();").unwrap() + 4 }
            ]
        );
        let x = src.find("x(a);").unwrap();
        assert_eq!(found.bodies[Kind::Of as usize], [Body::Statement { start: x, end: x + 5 }]);
        assert_eq!(found.bodies[Kind::In as usize], [Body::Block { open: open("for (k in o) {") }]);
        assert!(loop_bodies("for (;;", false).is_none());
        assert!(loop_bodies("export const a = 1; for await (const x of y) {}", true).is_some());
    }
}
