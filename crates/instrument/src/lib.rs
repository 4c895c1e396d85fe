//! Source-to-source instrumentation that makes promise provenance observable: a pure
//! text-to-text transform, [`instrument`], and the only user of boa's parser crates.
//! It knows nothing of the runtime; crosstalk-runtime defines the two hooks.
//!
//! boa 0.22 has no hook that fires when an async function creates its result promise, and
//! no hook that tells which value an `await` waits on. We therefore rewrite the JavaScript
//! source before handing it to the engine, so that both pass through two host functions:
//!
//! * [`AWAIT_HOOK`] (`__ct$a`): every `await EXPR` becomes `await __ct$a(void 0 ??EXPR, N)` (the
//!   text between `await` and `EXPR` is kept, so it reads `await __ct$a(void 0 ?? EXPR, N)`). The hook sees
//!   the awaited value and must return it unchanged, which keeps the tick count.
//! * [`ASYNC_HOOK`] (`__ct$t`): every async function that is not a generator keeps its
//!   parameters but loses its `async` keyword (blanked with five spaces), and its body
//!   `{ BODY }` becomes `{ return __ct$t({"": async () => { BODY }}[""](), N) }` (the key is the
//!   function's name when it has one, for stack traces; an object literal rather than
//!   parentheses around the arrow, which boa's parser would copy with the body). The inner arrow
//!   inherits `this`, `arguments`, `super` and `new.target`, so the body behaves as before,
//!   and the hook sees the result promise at call time; it must return it unchanged.
//!   A concise async arrow `async (x) => EXPR` becomes `(x) => __ct$t((async () => EXPR)(), N)`.
//!   The outer function returns the inner promise itself, so callers see no extra tick.
//!
//! `N` indexes [`Instrumented::sites`], the position of the `await` or `async` keyword in the
//! original source. Both hooks are free identifiers that the host defines on the global object.
//!
//! # How the text is produced
//!
//! boa cannot compile an AST, only source text, so the source is parsed with
//! [`boa_parser::Parser`], walked with a [`boa_ast::visitor::Visitor`], and the collected
//! insertions are spliced into the *original* text. No newline is ever inserted: every
//! line of the output is the line of the input with the same number, and only columns on
//! edited lines move. [`Instrumented::original_position`] maps them back.
//!
//! Positions from the parser need care: a `Call`'s span covers only its argument list (so
//! every expression whose span is derived from its leftmost operand starts too late), the
//! span of a computed member access `a[b]` stops before the `]`, columns count code points
//! while linear spans count UTF-16 code units, and `\r\n` is a single line terminator. The
//! helpers `Collector::expr_start` and `Collector::expr_end` recover exact bounds, and
//! every splice point is checked against the text it expects (`async`, `await`, `{`, `}`,
//! `]`); if a check fails, [`instrument`] returns `Err` and the caller runs the original.
//!
//! # Details of the async-function rewrite
//!
//! * A directive prologue (`'use strict'`) stays at the start of the *outer* function, so
//!   the strictness of both functions is unchanged.
//! * Rewritten function declarations and expressions would become constructible; a guard
//!   `if (new.target) throw new TypeError("f is not a constructor");` keeps `new f()` an
//!   error. Methods and arrows stay non-constructible by themselves.
//! * `name` and `length` are unchanged: the parameter list is untouched.
//! * A parameter that the body redeclares with `var` (`function f(o) { var o = o || {} }`)
//!   would be shadowed by a fresh `undefined` binding of the inner arrow; such parameters
//!   are passed to the inner arrow as same-named parameters instead.
//! * Async generators are left alone (their `await`s are still rewritten).
//!
//! # The lexical-`this` pass
//!
//! boa 0.22 resolves `this` wrongly in a module when an arrow function is nested in another
//! arrow inside a function or method: `o = { m() { return (() => (() => this)())(); } }`
//! gives `undefined` (scripts, class fields and static blocks are not affected). The
//! provenance pass nests every async function's body in an arrow, so every arrow in an
//! async method hits it. In modules, each `this` inside an arrow becomes `__ct$this()`, and
//! the nearest enclosing non-arrow function starts with `const __ct$this=()=>this;`: an
//! arrow directly inside the function, which boa resolves right, and which reads `this`
//! only when called (so a derived constructor may still call `super()` first). Class
//! field initializers and static blocks are left alone, and so is module-level code,
//! whose `this` is `undefined` either way. [`strip_meter`] undoes it for
//! `Function.prototype.toString`.
//!
//! # The guard pass
//!
//! boa 0.22 throws `cannot convert 'null' or 'undefined' to object` for a property of
//! `null`/`undefined`, often at the position of the statement rather than the access; V8
//! says `Cannot read properties of undefined (reading 'b')`. Each member access whose
//! object may be nullish gets a guard that hands such an object to [`NULLISH_HOOK`]
//! (the host answers a stand-in whose traps throw V8's text for the key the access uses):
//! `a.b` → `(a ?? __ct$n(a)).b` when `a` is side-effect free (its copy is printed from the
//! AST, on one line), `f().b` → `((__ct$v=f())??__ct$n(__ct$v)).b` otherwise, with
//! `__ct$v` declared once at the start of the program. `this`, `super`, private names,
//! optional chains, objects that cannot be nullish (literals, `new`, arithmetic…) and the
//! well-known globals are left alone. A guard that starts an expression statement of a
//! statement list is preceded by `;` so that the line before cannot call it (ASI). Each
//! `catch (e) {` block starts with `__ct$x(e);` ([`CAUGHT_HOOK`]), where the host gives
//! other engine errors V8's text before the block reads them. The initialiser of a flat
//! object pattern (plain names and a rest) is guarded the same way through
//! [`DESTRUCTURE_HOOK`], with the pattern's first key and the initialiser as V8 prints it,
//! and what a `for…of`, a spread or an array pattern of a name iterates goes through
//! [`ITERABLE_HOOK`] with V8's message for it.
//!
//! Each guard costs boa's parser about 45 k instructions, paid by every schedule, so two
//! static rules leave out guards that cannot fire (`stable_names`): a name whose one
//! binding is never assigned is not nullish after an earlier statement of the same list
//! (or the callee of the call around) read a property of it, and a stable `const`
//! initialised with a literal, `new …` or a call of a function declaration that only
//! returns such is never nullish. An access left unguarded behaves as before; only the
//! text of an error it could not raise is at stake.
//!
//! # What it does not cover
//!
//! * Code compiled at run time (`eval`, `new Function`, `import()` of text produced at run
//!   time) is not instrumented.
//! * Async generators' own promises (from `next`/`return`/`throw`) never pass through the
//!   hooks; the host tags them elsewhere. `for await` and `await using` are not rewritten
//!   (their implicit awaits have no operand to wrap).
//! * Observable differences of rewritten functions: `f.constructor` is `Function` rather
//!   than `AsyncFunction` (so `constructor.name` and `Symbol.toStringTag` differ),
//!   declarations and expressions gain a `prototype` property, `f.toString()` shows the
//!   rewritten text, errors thrown while binding parameters (defaults, destructuring) are
//!   thrown synchronously instead of rejecting the result promise, a sloppy-mode
//!   `arguments` object no longer aliases a parameter that the body redeclares with `var`,
//!   and in sloppy-mode scripts an async function declared inside a block is now also
//!   var-hoisted as Annex B does for plain functions. A rewritten declaration or expression
//!   is a constructor as far as the engine knows: `new f(x = g())` runs the parameter
//!   defaults before the guard throws, and `class C extends f {}` no longer throws. The
//!   guard assumes that `TypeError` is not shadowed.
//! * Each rewritten function nests its body three levels deeper (a call, an arrow and, for
//!   concise bodies, parentheses). boa's recursive-descent parser uses several kilobytes of
//!   stack per level, so text that was close to overflowing a small thread stack can cross
//!   the limit after rewriting.

mod interface;
mod keyword_imports;
mod loop_bodies;
pub use interface::{ModuleInterface, NamedImport, module_interface};
pub use keyword_imports::{Inserted, repair_keyword_import};

/// Whether the `(` at byte `at` of an instrumented text opens the call of the inner arrow
/// that [`ASYNC_HOOK`]'s rewrite gives an async function's body (`…})(a), 7)` or
/// `…}})["name"](a), 7)`): the frame of a function at that call is the outer function
/// whose body the arrow runs, a second frame for one call of the user's function.
pub fn is_async_body_call(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'(') || !matches!(at.checked_sub(1).map(|b| bytes[b]), Some(b')' | b']')) {
        return false;
    }
    // The arguments are the outer function's parameter names: no nested parentheses.
    let Some(close) = text[at + 1..].find(')').map(|c| at + 1 + c) else { return false };
    if text[at + 1..close].contains('(') {
        return false;
    }
    let rest = &text[close + 1..];
    let Some(site) = rest.strip_prefix(", ") else { return false };
    let digits = site.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && site[digits..].starts_with(')')
        && (text[..at].contains(&format!("{ASYNC_HOOK}((")) || text[..at].contains(&format!("{ASYNC_HOOK}({{")))
}

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use boa_ast::{
    Expression, LinearPosition, Position, Spanned, Statement, StatementList, StatementListItem,
    declaration::{Binding, VarDeclaration},
    expression::{
        Await, This,
        access::{PropertyAccess, PropertyAccessField},
        literal::LiteralKind,
        literal::ObjectMethodDefinition,
        operator::{
            assign::AssignTarget,
            binary::BinaryOp,
            unary::UnaryOp,
            update::{UpdateOp, UpdateTarget},
        },
    },
    function::{
        ArrowFunction, AsyncArrowFunction, AsyncFunctionDeclaration, AsyncFunctionExpression,
        AsyncGeneratorDeclaration, AsyncGeneratorExpression, ClassElement, FormalParameterList, FunctionBody,
        FunctionDeclaration, FunctionExpression, GeneratorDeclaration, GeneratorExpression,
    },
    operations::{annex_b_function_declarations_names, bound_names, var_declared_names},
    pattern::Pattern,
    property::MethodDefinitionKind,
    property::PropertyName,
    scope::Scope,
    statement::{With, iteration::IterableLoopInitializer},
    visitor::{VisitWith, Visitor},
};
use boa_interner::{Interner, Sym};
use boa_parser::{Parser, Source};

/// Global function that every rewritten `await` calls with the awaited value and its site.
pub const AWAIT_HOOK: &str = "__ct$a";
/// Global function that every rewritten async function calls with its result promise and its site.
pub const ASYNC_HOOK: &str = "__ct$t";
/// Global function that every function calls, with no arguments, when its body starts: the
/// host counts the calls against the CPU budget of the running task (the engine meters only
/// loop iterations, so recursion and call-heavy code would otherwise run unmetered).
pub const METER_HOOK: &str = "__ct$m";

/// Global function the loops call once every [`LOOP_STEP`] iterations (the meter pass):
/// the host counts the iterations against the CPU budget of the running task. A `while`
/// or `for` loop's block body starts with [`LOOP_STATEMENT`] (`++__ct$k||(__ct$k=__ct$l());`:
/// the counter counts up to 0 from minus the step, which the hook answers again); another
/// body, or a `do…while`,
/// has its condition (or, without one, its update) checked instead,
/// `(++__ct$k||(__ct$k=__ct$l()), CONDITION)`. A loop with neither (`for (;;)`), and a
/// `for…of` or `for…in`, has its body checked: a block starts with the check, another
/// body is wrapped in a block that does ([`LOOP_WRAP_OPEN`]); boa's AST has no positions
/// for statements, so those bodies are found by oxc's parse (`loop_bodies.rs`).
/// [`LOOP_COUNTER`] only samples, so one
/// counter serves every loop it reaches. boa's own loop limit still counts, per function call, but
/// its error is lost when it stops an async function resumed after an `await`; this one
/// goes through the host, which keeps the stop it raised.
pub const LOOP_HOOK: &str = "__ct$l";
/// The variable the loop checks count in: a `let` at the start of each function body
/// that has such a loop of its own, and one for the whole program (a module's `var`, a
/// script's `let`) for the loops outside them.
pub const LOOP_COUNTER: &str = "__ct$k";
/// Iterations between two calls of [`LOOP_HOOK`]: a counter starts at minus this, and
/// the hook answers it again.
pub const LOOP_STEP: u64 = 1024;
// [`LOOP_DECLARATION`] spells the step out.
const _: () = assert!(LOOP_STEP == 1024);
/// The check a loop's block body starts with. boa keeps a condition's compare and jump
/// as one instruction; a check inside the condition would split them (measured on a
/// tight loop: 2× its instructions, against 1.8× with the check in the body).
const LOOP_STATEMENT: &str = "++__ct$k||(__ct$k=__ct$l());";
/// What opens a loop's check when the body is not a block (or `do…while`): in the
/// condition, or the update.
const LOOP_OPEN: &str = "(++__ct$k||(__ct$k=__ct$l()),";
/// What closes it (marked, for [`strip_meter`]).
const LOOP_CLOSE: &str = "/*ct$k*/)";
/// A function body's own counter, after its meter call.
const LOOP_DECLARATION: &str = "let __ct$k=-1024;";
/// What a loop body that is not a block, and that has no expression to check on every
/// pass (`for (;;) i++;`, `for (x of y) f(x);`), is wrapped in: a block that starts with
/// the check (marked, for [`strip_meter`]).
const LOOP_WRAP_OPEN: &str = "{/*ct$w*/++__ct$k||(__ct$k=__ct$l());";
const LOOP_WRAP_CLOSE: &str = "/*ct$w*/}";

/// Global function a guarded member access calls when its object is `null` or
/// `undefined` (the guard pass): `a.b` becomes `(a ?? __ct$n(a)).b`, and the hook answers
/// an object whose every property read or write throws V8's TypeError for that value and
/// key (`Cannot read properties of undefined (reading 'b')`). The object is evaluated a
/// second time only then, so only side-effect-free objects are guarded this way.
pub const NULLISH_HOOK: &str = "__ct$n";
/// Global function an object pattern's initialiser goes through when it is `null` or
/// `undefined`: `const { a } = x` becomes `const { a } = (x ?? __ct$d(x, "a", "x"))`, and
/// the hook throws V8's `Cannot destructure property 'a' of 'x' as it is undefined.`
pub const DESTRUCTURE_HOOK: &str = "__ct$d";

/// Global function what a `for…of` or a spread iterates goes through: `for (y of x)`
/// becomes `for (y of __ct$i(x,/*ct$i*/"x is not iterable"))`, and the hook throws that
/// text (V8's) when the value is not iterable.
pub const ITERABLE_HOOK: &str = "__ct$i";
/// V8's message for spreading what is not iterable into a call's arguments.
const SPREAD_NOT_ITERABLE: &str = "Spread syntax requires ...iterable[Symbol.iterator] to be a function";
/// What separates the iterated value from the message in an [`ITERABLE_HOOK`] call.
const ITERABLE_MESSAGE: &str = ",/*ct$i*/";

/// Global function every `catch (e)` block starts with, `e` as its argument: the host gives
/// an error the engine raised V8's text before the block reads it (the guard pass).
pub const CAUGHT_HOOK: &str = "__ct$x";

/// The variable a guard of an object whose evaluation may have side effects keeps it in,
/// so that it is evaluated once: `f().b` becomes `((__ct$v=f())??__ct$n(__ct$v)).b`. Each
/// instrumented program declares it once at its start, a module with `var` (hoisted: no
/// temporal dead zone, even for a function called early through a circular import), a
/// script with `let` (not a property of the global object); every use assigns it and
/// reads it back at once, so nothing else runs in between.
pub const GUARD_VARIABLE: &str = "__ct$v";

/// What a guard that starts a statement puts ahead of itself (see [`Collector::guard_access`]).
const STATEMENT_SEPARATOR: &str = ";/*ct$;*/";

/// What follows the initialiser of a pattern guarded through `__ct$v`, before the key.
const DESTRUCTURE_OPEN: &str = "??__ct$d(__ct$v, ";

/// What opens a guard of an object that may have side effects.
const IMPURE_OPEN: &str = "((__ct$v=";
/// What closes it.
const IMPURE_CLOSE: &str = ")??__ct$n(__ct$v)/*ct$g*/)";

/// What closes a guard, so that [`strip_meter`] can take guards out of a function's text.
const GUARD_CLOSE: &str = "/*ct$g*/)";
/// What opens a guard of a side-effect-free object.
const GUARD_OPEN: &str = "(/*ct$g*/";

/// What the async rewrite hands each rewritten async function to when it is made
/// (`__ct$t(async-less function)`, or `__ct$t(name);` after a declaration): [`ASYNC_HOOK`]
/// itself, called with the function alone (one global less for every isolate to
/// define). The host gives the function back as an async function to the eye
/// (`AsyncFunction.prototype` as its prototype), as libraries test
/// (`fn[Symbol.toStringTag] === "AsyncFunction"`, `fn.constructor.name`), and returns it.
pub const ASYNC_FUNCTION_HOOK: &str = ASYNC_HOOK;

/// What the lexical-`this` pass declares at the start of a function whose arrows use
/// `this`, and what those arrows call instead of reading `this`.
pub const THIS_HOOK: &str = "__ct$this";

/// What closes the meter's parenthesis around a concise arrow body: the comment marks it,
/// so that [`strip_meter`] can take the meter out of a function's source text.
const METER_CLOSE: &str = "/*ct$m*/)";

/// What starts a concise arrow body that [`binds_tighter_than_nullish`]: the meter returns
/// `undefined`, so `__ct$m() ?? EXPR` is `EXPR`, without the parentheses that make boa 0.22's
/// parser copy the whole expression (it clones what every parenthesised expression holds).
const METER_NULLISH: &str = "__ct$m() ?? ";

/// Whether `expr` can follow `??` unparenthesised and stay one operand: no logical,
/// conditional, assignment, comma or arrow at its top, and no `in` (which a `for` head's
/// initialiser would read as the loop's).
fn binds_tighter_than_nullish(expr: &Expression) -> bool {
    use boa_ast::expression::operator::binary::{BinaryOp, RelationalOp};
    match expr {
        Expression::This(_)
        | Expression::Identifier(_)
        | Expression::Literal(_)
        | Expression::RegExpLiteral(_)
        | Expression::ArrayLiteral(_)
        | Expression::TemplateLiteral(_)
        | Expression::PropertyAccess(_)
        | Expression::New(_)
        | Expression::Call(_)
        | Expression::SuperCall(_)
        | Expression::ImportCall(_)
        | Expression::Optional(_)
        | Expression::TaggedTemplate(_)
        | Expression::NewTarget(_)
        | Expression::ImportMeta(_)
        | Expression::Unary(_)
        | Expression::Update(_)
        | Expression::Parenthesized(_) => true,
        Expression::Binary(binary) => match binary.op() {
            BinaryOp::Arithmetic(_) | BinaryOp::Bitwise(_) => true,
            BinaryOp::Relational(op) => op != RelationalOp::In,
            BinaryOp::Logical(_) | BinaryOp::Comma => false,
        },
        _ => false,
    }
}

/// The source text of a function as the user wrote it, from the text of a metered one
/// (what `Function.prototype.toString` must show): every meter call taken out. The
/// provenance pass's rewrite of async functions is not undone.
pub fn strip_meter(text: &str) -> String {
    strip_guards(text)
        .replace(&format!(";const {THIS_HOOK}=()=>this;"), "")
        .replace(&format!("const {THIS_HOOK}=()=>this;"), "")
        .replace(&format!("{THIS_HOOK}()"), "this")
        .replace(&format!(";{METER_HOOK}();{LOOP_DECLARATION}"), "")
        .replace(&format!("{METER_HOOK}();{LOOP_DECLARATION}"), "")
        .replace(&format!(";{METER_HOOK}();"), "")
        .replace(&format!("{METER_HOOK}();"), "")
        .replace(LOOP_WRAP_OPEN, "")
        .replace(LOOP_WRAP_CLOSE, "")
        .replace(LOOP_STATEMENT, "")
        .replace(LOOP_OPEN, "")
        .replace(LOOP_CLOSE, "")
        .replace(&format!("({METER_HOOK}(), "), "")
        .replace(METER_NULLISH, "")
        .replace(METER_CLOSE, "")
}

/// `text` without the [`ITERABLE_HOOK`] calls around what `for…of` and spreads iterate.
fn strip_iterable(text: &str) -> String {
    if !text.contains(ITERABLE_MESSAGE) {
        return text.to_string();
    }
    let text = text.replace(&format!("{ITERABLE_HOOK}("), "");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(ITERABLE_MESSAGE) {
        out.push_str(&rest[..at]);
        // The message: a string literal, then the call's `)`.
        let after = &rest[at + ITERABLE_MESSAGE.len()..];
        let mut escaped = false;
        let mut end = None;
        for (i, c) in after.char_indices().skip(1) {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { return out + rest };
        rest = after[end + 1..].strip_prefix(')').unwrap_or(&after[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// `text` without the `__ct$x(e);` calls the guard pass starts `catch` blocks with.
fn strip_caught(text: &str) -> String {
    let hook = format!("{CAUGHT_HOOK}(");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&hook) {
        out.push_str(&rest[..at]);
        let after = &rest[at + hook.len()..];
        match after.find(");") {
            Some(end) if after[..end].chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$') => {
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str(&hook);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` without the guard pass's insertions: `(/*ct$g*/a ?? __ct$n(a)/*ct$g*/)` is
/// `a` again, and `((__ct$v=f())??__ct$n(__ct$v)/*ct$g*/)` is `f()`.
fn strip_guards(text: &str) -> String {
    let text = strip_iterable(&strip_caught(text));
    if !text.contains(GUARD_CLOSE) {
        return text;
    }
    let text = (text.replace(IMPURE_CLOSE, ""))
        .replace(STATEMENT_SEPARATOR, "")
        .replace(IMPURE_OPEN, "")
        .replace(GUARD_OPEN, "");
    // What follows a guarded object up to its close: ` ?? __ct$n(COPY)`, ` ?? __ct$d(COPY,
    // "key", "text")`, `)??__ct$d(__ct$v, "key", "text")`.
    let tails = [format!(" ?? {NULLISH_HOOK}("), format!(" ?? {DESTRUCTURE_HOOK}("), format!("){DESTRUCTURE_OPEN}")];
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    loop {
        let next_tail = tails.iter().filter_map(|t| rest.find(t.as_str())).min();
        let next_close = rest.find(GUARD_CLOSE);
        match (next_tail, next_close) {
            (Some(t), Some(c)) if t < c => {
                out.push_str(&rest[..t]);
                let Some(end) = rest[t..].find(GUARD_CLOSE) else { break };
                rest = &rest[t + end + GUARD_CLOSE.len()..];
            }
            (_, Some(c)) => {
                out.push_str(&rest[..c]);
                rest = &rest[c + GUARD_CLOSE.len()..];
            }
            (_, None) => break,
        }
    }
    out.push_str(rest);
    out
}

/// Which rewrites [`instrument_with`] applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Passes {
    /// Route awaits and async-function results through [`AWAIT_HOOK`] and [`ASYNC_HOOK`].
    pub provenance: bool,
    /// Start every function body with a call of [`METER_HOOK`].
    pub meter: bool,
    /// In a module, make every `this` read inside an arrow function read the enclosing
    /// function's `this` through [`THIS_HOOK`] (see "The lexical-`this` pass").
    pub lexical_this: bool,
    /// Guard every member access whose object may be `null` or `undefined` with
    /// [`NULLISH_HOOK`] (through [`GUARD_VARIABLE`] when it has side effects), so that
    /// reading or writing a property of it throws V8's TypeError text (see "The guard
    /// pass").
    pub guards: bool,
}

impl Passes {
    /// Every rewrite.
    pub const ALL: Passes = Passes { provenance: true, meter: true, lexical_this: true, guards: true };
}

/// How the source is parsed: as a classic script or as an ECMAScript module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// A classic script, as a service-worker syntax Worker is: no `import`, `export` or
    /// top-level `await`.
    Script,
    /// An ECMAScript module: strict, with `import`, `export` and top-level `await`.
    Module,
}

/// What a site number emitted into the rewritten text refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteKind {
    /// An `await` expression; the site is its `await` keyword.
    Await,
    /// An async function, arrow or method; the site is its `async` keyword.
    AsyncFunction,
}

/// A position in the original source that a hook call refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Site {
    /// Which construct the site is.
    pub kind: SiteKind,
    /// 1-based line in the original source.
    pub line: u32,
    /// 1-based column in the original source, counted in code points as boa counts them.
    pub column: u32,
}

/// The result of [`instrument`].
#[derive(Clone, Debug)]
pub struct Instrumented {
    /// The rewritten source; it has exactly the lines of the original.
    pub text: String,
    /// Whether any edit was made (`text` differs from the source).
    pub edited: bool,
    /// The sites, indexed by the number passed to the hooks.
    pub sites: Vec<Site>,
    /// Where text was inserted on each edited line.
    columns: ColumnMap,
}

impl Instrumented {
    /// Maps a 1-based (line, column) of the rewritten text, as boa reports it in errors and
    /// backtraces, to the original source. A column inside inserted text maps to the point
    /// where it was inserted; lines without edits map to themselves.
    pub fn original_position(&self, line: u32, column: u32) -> (u32, u32) {
        (line, self.columns.original_column(line, column))
    }
}

/// Rewrites `src` so that awaits and async-function results pass through the hooks.
///
/// Returns `Err` with the parser's message if `src` does not parse as `goal` (or, defensively,
/// if the parser reported a position that does not match the text); the caller then runs the
/// original text and reports its syntax error as usual.
pub fn instrument(src: &str, goal: Goal) -> Result<Instrumented, String> {
    instrument_with(src, goal, Passes::ALL)
}

/// Like [`instrument`], applying only the rewrites `passes` names.
pub fn instrument_with(src: &str, goal: Goal, passes: Passes) -> Result<Instrumented, String> {
    let index = SourceIndex::new(src)?;
    let mut interner = Interner::default();
    let scope = Scope::new_global();
    let mut parser = Parser::new(Source::from_bytes(src.as_bytes()));
    let (mut edits, sites) = match goal {
        Goal::Script => {
            let script = parser.parse_script(&scope, &mut interner).map_err(|e| e.to_string())?;
            collect(&script, Some(script.statements()), &index, &interner, passes, false)?
        }
        Goal::Module => {
            let module = parser.parse_module(&scope, &mut interner).map_err(|e| e.to_string())?;
            collect(&module, None, &index, &interner, passes, true)?
        }
    };
    let edited = !edits.is_empty();
    let (text, columns) = splice(&index, &mut edits)?;
    Ok(Instrumented { text, edited, sites, columns })
}

// ---------------------------------------------------------------------------------------
// Edits

/// Whether an edit closes a construct (and so must come before openers at the same offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Close,
    Open,
}

/// Replace `delete` bytes at byte offset `at` of the original with `text`.
#[derive(Debug)]
struct Edit {
    at: usize,
    delete: usize,
    text: String,
    side: Side,
    /// Pre-order number of the AST node that made the edit: at one offset, outer nodes
    /// open first and close last.
    seq: u32,
}

/// Applies the edits to the source, recording the column shifts they cause.
fn splice(index: &SourceIndex, edits: &mut [Edit]) -> Result<(String, ColumnMap), String> {
    edits.sort_by_key(|e| (e.at, e.side, if e.side == Side::Close { u32::MAX - e.seq } else { e.seq }));
    let src = index.src;
    let mut text = String::with_capacity(src.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut columns = ColumnMap::default();
    let mut copied = 0;
    for edit in edits.iter() {
        if edit.at < copied {
            return Err(format!("cannot instrument: overlapping edits at byte {}", edit.at));
        }
        text.push_str(&src[copied..edit.at]);
        text.push_str(&edit.text);
        copied = edit.at + edit.delete;
        let (line, column) = index.position_of_byte(edit.at);
        let deleted = src[edit.at..copied].chars().count();
        columns.record(line, column, count_u32(edit.text.chars().count()), count_u32(deleted));
    }
    text.push_str(&src[copied..]);
    Ok((text, columns))
}

/// Column edits of one line, in rewritten-column order.
#[derive(Clone, Debug)]
struct LineSplices {
    line: u32,
    splices: Vec<Splice>,
    /// Original minus rewritten column after the last splice.
    shift: i64,
}

/// Text of `inserted` code points that replaced `deleted` code points at rewritten `column`.
#[derive(Clone, Copy, Debug)]
struct Splice {
    column: u32,
    inserted: u32,
    deleted: u32,
}

/// The position map from rewritten columns to original columns, for edited lines only.
#[derive(Clone, Debug, Default)]
struct ColumnMap {
    /// Edited lines, in line order.
    lines: Vec<LineSplices>,
}

impl ColumnMap {
    /// Records a splice at `column` of the original `line`; splices arrive in source order.
    fn record(&mut self, line: u32, column: u32, inserted: u32, deleted: u32) {
        if self.lines.last().is_none_or(|l| l.line != line) {
            self.lines.push(LineSplices { line, splices: Vec::new(), shift: 0 });
        }
        let edited = self.lines.last_mut().expect("pushed above");
        let rewritten = i64::from(column) - edited.shift;
        edited.shift += i64::from(deleted) - i64::from(inserted);
        edited.splices.push(Splice { column: u32::try_from(rewritten).unwrap_or(u32::MAX), inserted, deleted });
    }

    /// The original column of `column` on `line` of the rewritten text.
    fn original_column(&self, line: u32, column: u32) -> u32 {
        let Ok(i) = self.lines.binary_search_by_key(&line, |l| l.line) else { return column };
        let mut shift = 0i64; // original minus rewritten
        for s in &self.lines[i].splices {
            if column < s.column {
                break;
            }
            let into = column - s.column;
            if into < s.inserted {
                // Inside inserted text: the insertion point, or the matching replaced code point.
                let original = i64::from(s.column) + shift + i64::from(into.min(s.deleted.saturating_sub(1)));
                return u32::try_from(original).unwrap_or(column);
            }
            shift += i64::from(s.deleted) - i64::from(s.inserted);
        }
        u32::try_from(i64::from(column) + shift).unwrap_or(column)
    }
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------
// Positions

/// Converts between boa's positions and byte offsets of the source.
struct SourceIndex<'a> {
    src: &'a str,
    /// Byte offset where each line starts (lines end at `\n`, `\r\n`, `\r`, U+2028, U+2029).
    line_starts: Vec<u32>,
    /// Tables for sources that are not pure ASCII (where bytes, code points and UTF-16
    /// units coincide).
    wide: Option<WideIndex>,
}

struct WideIndex {
    /// Byte offset of each code point, followed by the source length.
    char_bytes: Vec<u32>,
    /// Byte offset of each UTF-16 code unit, followed by the source length.
    utf16_bytes: Vec<u32>,
    /// Code-point index where each line starts.
    line_start_chars: Vec<u32>,
}

impl<'a> SourceIndex<'a> {
    fn new(src: &'a str) -> Result<Self, String> {
        let len = u32::try_from(src.len()).map_err(|_| "source larger than 4 GiB".to_string())?;
        let ascii = src.is_ascii();
        let mut line_starts = vec![0];
        let mut wide = (!ascii).then(|| WideIndex {
            char_bytes: Vec::with_capacity(src.len() + 1),
            utf16_bytes: Vec::with_capacity(src.len() + 1),
            line_start_chars: vec![0],
        });
        let mut chars = src.char_indices().peekable();
        let mut char_count = 0u32;
        while let Some((b, c)) = chars.next() {
            let b = b as u32; // < len, checked above
            if let Some(w) = wide.as_mut() {
                w.char_bytes.push(b);
                w.utf16_bytes.extend(std::iter::repeat_n(b, c.len_utf16()));
            }
            char_count += 1;
            let line_break = match c {
                '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => false, // the '\n' ends it
                '\n' | '\r' | '\u{2028}' | '\u{2029}' => true,
                _ => false,
            };
            if line_break {
                line_starts.push(b + c.len_utf8() as u32);
                if let Some(w) = wide.as_mut() {
                    w.line_start_chars.push(char_count);
                }
            }
        }
        if let Some(w) = wide.as_mut() {
            w.char_bytes.push(len);
            w.utf16_bytes.push(len);
        }
        Ok(Self { src, line_starts, wide })
    }

    /// Byte offset of a boa line/column position (1-based, columns in code points).
    fn byte_of_position(&self, p: Position) -> Result<usize, String> {
        let bad = || format!("position {}:{} outside the source", p.line_number(), p.column_number());
        let line = (p.line_number() as usize).checked_sub(1).ok_or_else(bad)?;
        let column = p.column_number().checked_sub(1).ok_or_else(bad)?;
        let start = *self.line_starts.get(line).ok_or_else(bad)?;
        let byte = match &self.wide {
            None => start.checked_add(column).ok_or_else(bad)?,
            Some(w) => {
                let index = w.line_start_chars[line].checked_add(column).ok_or_else(bad)?;
                *w.char_bytes.get(index as usize).ok_or_else(bad)?
            }
        };
        let end = self.line_starts.get(line + 1).map_or(self.src.len(), |&s| s as usize);
        if byte as usize > end {
            return Err(bad());
        }
        Ok(byte as usize)
    }

    /// Byte offset of a boa linear position (counted in UTF-16 code units).
    fn byte_of_linear(&self, p: LinearPosition) -> Result<usize, String> {
        let unit = p.pos();
        let byte = match &self.wide {
            None => (unit <= self.src.len()).then_some(unit),
            Some(w) => w.utf16_bytes.get(unit).map(|&b| b as usize),
        };
        byte.ok_or_else(|| format!("linear position {unit} outside the source"))
    }

    /// 1-based line and code-point column of a byte offset.
    fn position_of_byte(&self, byte: usize) -> (u32, u32) {
        let b = byte as u32;
        let line = self.line_starts.partition_point(|&s| s <= b) - 1;
        let column = match &self.wide {
            None => b - self.line_starts[line],
            Some(w) => w.char_bytes.partition_point(|&s| s < b) as u32 - w.line_start_chars[line],
        };
        (line as u32 + 1, column + 1)
    }
}

// ---------------------------------------------------------------------------------------
// The AST walk

/// Walks `root` and returns the edits and sites it needs.
fn collect<N: VisitWith>(
    root: &N,
    statements: Option<&StatementList>,
    index: &SourceIndex,
    interner: &Interner,
    passes: Passes,
    module: bool,
) -> Result<(Vec<Edit>, Vec<Site>), String> {
    let Stability { stable, non_null } =
        if passes.guards { stable_names(root, interner, module) } else { Stability::default() };
    let mut collector = Collector {
        index,
        interner,
        passes,
        metered: Vec::new(),
        edits: Vec::new(),
        sites: Vec::new(),
        seq: 0,
        frames: Vec::new(),
        module,
        guard_variable: false,
        loop_counter: false,
        loop_bodies: None,
        loop_bodies_seen: [Vec::new(), Vec::new(), Vec::new()],
        statement_starts: BTreeSet::new(),
        stable,
        non_null,
        known: Vec::new(),
        runtime_names: Vec::new(),
    };
    if let ControlFlow::Break(message) = root.visit_with(&mut collector) {
        return Err(format!("cannot instrument: {message}"));
    }
    collector.drop_unmatched_loop_checks();
    if collector.guard_variable {
        let (at, separator) = program_start(index, statements)?;
        // A module's `var` is the module's own, hoisted, so a function called early through
        // a circular import still finds it. A script's would be a property of the global
        // object (`Object.keys(globalThis)` would list it): there a `let` at the top, which
        // runs before any of the script's code can.
        let keyword = if module { "var" } else { "let" };
        // Sequence 0: ahead of anything else inserted at the same offset.
        collector.edit(at, 0, format!("{separator}{keyword} {GUARD_VARIABLE};"), Side::Open, 0);
    }
    if collector.loop_counter {
        let (at, separator) = program_start(index, statements)?;
        // As the guard variable's (above); the loops of functions mostly use their own.
        let keyword = if module { "var" } else { "let" };
        collector.edit(at, 0, format!("{separator}{keyword} {LOOP_COUNTER}=-{LOOP_STEP};"), Side::Open, 0);
    }
    Ok((collector.edits, collector.sites))
}

/// Whether `body` has a loop the meter pass checks ([`LOOP_OPEN`]) outside the functions
/// nested in it, so that its meter call declares the body's own [`LOOP_COUNTER`].
fn has_own_loop(body: &FunctionBody) -> bool {
    struct Scan;
    impl<'ast> Visitor<'ast> for Scan {
        type BreakTy = ();
        fn visit_function_body(&mut self, _: &'ast FunctionBody) -> ControlFlow<()> {
            ControlFlow::Continue(()) // a nested function declares its own
        }
        fn visit_while_loop(&mut self, _: &'ast boa_ast::statement::WhileLoop) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
        fn visit_do_while_loop(&mut self, _: &'ast boa_ast::statement::DoWhileLoop) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
        fn visit_for_loop(&mut self, _: &'ast boa_ast::statement::ForLoop) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
        fn visit_for_in_loop(&mut self, _: &'ast boa_ast::statement::ForInLoop) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
        fn visit_for_of_loop(&mut self, _: &'ast boa_ast::statement::ForOfLoop) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
    }
    body.statements().iter().any(|item| item.visit_with(&mut Scan).is_break())
}

/// Where a declaration can go ahead of a program's own statements: after a hashbang line
/// and after a script's directive prologue (`'use strict'` must stay first to stay a
/// directive; a module is strict either way), with the separator a directive needs.
fn program_start(index: &SourceIndex, statements: Option<&StatementList>) -> Result<(usize, &'static str), String> {
    let directives_end = (statements.map_or(&[][..], StatementList::statements).iter())
        .map_while(|item| match item {
            StatementListItem::Statement(statement) => match statement.as_ref() {
                Statement::Expression(Expression::Literal(lit)) if lit.as_string().is_some() => Some(lit.span().end()),
                _ => None,
            },
            StatementListItem::Declaration(_) => None,
        })
        .last();
    match directives_end {
        Some(end) => Ok((index.byte_of_position(end)?, ";")),
        None if index.src.starts_with("#!") => {
            Ok((index.line_starts.get(1).map_or(index.src.len(), |&s| s as usize), ""))
        }
        None => Ok((0, "")),
    }
}

/// Collects the edits and sites while walking the AST.
struct Collector<'a> {
    index: &'a SourceIndex<'a>,
    interner: &'a Interner,
    passes: Passes,
    /// Bodies whose meter call the async-function rewrite already placed (in the outer
    /// function, ahead of its own text, so that it runs once per call and before `return`).
    metered: Vec<*const FunctionBody>,
    edits: Vec<Edit>,
    sites: Vec<Site>,
    /// Pre-order counter of rewritten nodes.
    seq: u32,
    /// The functions, arrows and class-element boundaries around the node being walked
    /// (the lexical-`this` pass).
    frames: Vec<Frame>,
    /// Whether the source is a module (the lexical-`this` pass applies to modules only).
    module: bool,
    /// A guard uses [`GUARD_VARIABLE`]: the program must declare it.
    guard_variable: bool,
    /// A loop checks [`LOOP_COUNTER`]: the program declares it too (for the loops that no
    /// function body's own declaration reaches).
    loop_counter: bool,
    /// Where the bodies of the loops boa gives no place for are (oxc's parse, made when
    /// the walk meets the first such loop; `Some(None)` when oxc could not parse).
    loop_bodies: Option<Option<loop_bodies::LoopBodies>>,
    /// Per [`loop_bodies::Kind`]: the sequence numbers of the checks placed for each loop
    /// of that kind the walk met (0 for none), to be taken back when the counts disagree.
    loop_bodies_seen: [Vec<u32>; 3],
    /// Byte offsets where an expression statement of a statement list starts, not yet
    /// taken by a guard (the guard pass).
    statement_starts: BTreeSet<usize>,
    /// Names whose one binding never changes once initialised (see [`stable_names`]),
    /// sorted.
    stable: Vec<Sym>,
    /// Stable names that are never nullish (see [`Stability`]), sorted.
    non_null: Vec<Sym>,
    /// Per statement list being walked (innermost last): the stable names an earlier
    /// statement of the list read a property of unconditionally, so they are not nullish
    /// in the statements after it; `None` starts a hoisted function, which may run before
    /// any of the enclosing lists' statements.
    known: Vec<Option<BTreeSet<Sym>>>,
    /// Anonymous async functions that get a name at run time from where they stand (a
    /// class field's initialiser, a parameter's default) which boa's parser did not write
    /// into the node: the node (by address) and the name, for [`Mark::Wrap`].
    runtime_names: Vec<(*const (), String)>,
}

/// What encloses the node being walked, as far as `this` is concerned.
enum Frame {
    /// A function other than an arrow: `this` is its own. `capture` is where its body
    /// starts (after any directive, with the separator a directive needs), and `needed`
    /// whether an arrow inside reads `this`.
    Function {
        capture: Result<(usize, &'static str), String>,
        needed: bool,
    },
    Arrow,
    /// A class field initializer or static block: its own `this`, and no place for a
    /// declaration (boa resolves arrows there right).
    Boundary,
}

/// The body of an async function, as far as the rewrite is concerned.
enum Body<'n> {
    /// `{ ... }`.
    Block(&'n FunctionBody),
    /// The expression of a concise arrow body.
    Concise(&'n Expression),
}

/// An async function to rewrite.
struct AsyncFunction<'n> {
    /// Start of the `async` keyword.
    start: LinearPosition,
    params: &'n FormalParameterList,
    body: Body<'n>,
    /// The function's body as the AST has it (a concise body is a `return` statement).
    function_body: &'n FunctionBody,
    guard: Guard,
}

/// Whether `name` occurs in `src` other than as a callee (`name(`), a property
/// (`.name`) or a declared function's name (`function name`): somewhere its value could
/// be seen. Textual, so it errs towards yes (a string, a comment, another binding of the
/// same name).
fn used_as_value(src: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    src.match_indices(name).any(|(at, _)| {
        let before = src[..at].chars().next_back();
        let after = src[at + name.len()..].chars().next();
        if before.is_some_and(|c| word(c) || c == '.') || after.is_some_and(word) {
            return false;
        }
        let called = src[at + name.len()..].trim_start().starts_with('(');
        let declared = src[..at].trim_end().ends_with("function");
        !called && !declared
    })
}

/// How a rewritten async function is marked as async where it is made.
enum Mark {
    /// An expression (arrow or function expression), with the name it has from where it
    /// stands: wrapped in the hook's call.
    Wrap(Option<String>),
    /// A declaration: the hook's call on its name follows it (it runs where the
    /// declaration stands, not where the function is hoisted to).
    After(String),
    /// A method, or an anonymous default-export declaration: not marked.
    None,
}

/// Whether a rewritten function needs a guard that keeps it from being constructed.
#[derive(Clone, Copy)]
enum Guard {
    /// Methods and arrows: not constructors even without the `async` keyword.
    None,
    /// A declaration or expression, with the name to report when it has one.
    NotAConstructor(Option<Sym>),
}

impl Collector<'_> {
    fn edit(&mut self, at: usize, delete: usize, text: String, side: Side, seq: u32) {
        self.edits.push(Edit { at, delete, text, side, seq });
    }

    fn next_seq(&mut self) -> u32 {
        self.seq += 1;
        self.seq
    }

    fn lexical_this(&self) -> bool {
        self.module && self.passes.lexical_this
    }

    /// Walks the function `node` whose body is `body` inside a [`Frame::Function`], then
    /// declares [`THIS_HOOK`] at the start of its body if an arrow inside read `this`.
    fn walk_function<'ast, N: VisitWith>(
        &mut self,
        body: &FunctionBody,
        rewrite: Result<(), String>,
        node: &'ast N,
    ) -> ControlFlow<String>
    where
        Self: Visitor<'ast, BreakTy = String>,
    {
        if !self.lexical_this() {
            return self.then_walk(rewrite, node);
        }
        let capture = self.body_start(body);
        self.frames.push(Frame::Function { capture, needed: false });
        let flow = self.then_walk(rewrite, node);
        let frame = self.frames.pop();
        debug_assert!(matches!(frame, Some(Frame::Function { .. })), "frames are pushed and popped in pairs");
        if let (ControlFlow::Continue(()), Some(Frame::Function { capture, needed: true })) = (&flow, frame) {
            match capture {
                // Sequence 0: ahead of the meter and the async rewrite at the same offset.
                Ok((at, separator)) => {
                    self.edit(at, 0, format!("{separator}const {THIS_HOOK}=()=>this;"), Side::Open, 0)
                }
                Err(message) => return ControlFlow::Break(message),
            }
        }
        flow
    }

    /// Walks `node` inside `frame` (an arrow or a boundary).
    fn walk_in<'ast, N: VisitWith>(
        &mut self,
        frame: Frame,
        rewrite: Result<(), String>,
        node: &'ast N,
    ) -> ControlFlow<String>
    where
        Self: Visitor<'ast, BreakTy = String>,
    {
        if !self.lexical_this() {
            return self.then_walk(rewrite, node);
        }
        self.frames.push(frame);
        let flow = self.then_walk(rewrite, node);
        self.frames.pop();
        flow
    }

    /// Where a block body's statements start: after its `{`, or after its last directive
    /// (then a `;` must separate what is inserted from it).
    fn body_start(&self, body: &FunctionBody) -> Result<(usize, &'static str), String> {
        let open = self.byte(body.span().start())?;
        self.expect_text(open, "{")?;
        match last_directive_end(body) {
            Some(end) => Ok((self.byte(end)?, ";")),
            None => Ok((open + 1, "")),
        }
    }

    /// `this` inside an arrow of a function → `__ct$this()` (the lexical-`this` pass).
    fn rewrite_this(&mut self, node: &This) -> Result<(), String> {
        let arrows = self.frames.iter().rev().take_while(|f| matches!(f, Frame::Arrow)).count();
        if arrows == 0 {
            return Ok(());
        }
        let Some(Frame::Function { needed, .. }) = self.frames.iter_mut().rev().nth(arrows) else { return Ok(()) };
        *needed = true;
        let seq = self.next_seq();
        let at = self.byte(node.span().start())?;
        self.expect_text(at, "this")?;
        self.edit(at, "this".len(), format!("{THIS_HOOK}()"), Side::Open, seq);
        Ok(())
    }

    fn add_site(&mut self, kind: SiteKind, line: u32, column: u32) -> usize {
        self.sites.push(Site { kind, line, column });
        self.sites.len() - 1
    }

    /// Fails unless the original text at byte `at` starts with `expected`.
    fn expect_text(&self, at: usize, expected: &str) -> Result<(), String> {
        if self.index.src.get(at..).is_some_and(|rest| rest.starts_with(expected)) {
            Ok(())
        } else {
            let (line, column) = self.index.position_of_byte(at.min(self.index.src.len()));
            Err(format!("expected `{expected}` at {line}:{column}"))
        }
    }

    fn byte(&self, p: Position) -> Result<usize, String> {
        self.index.byte_of_position(p)
    }

    fn linear(&self, p: LinearPosition) -> Result<usize, String> {
        self.index.byte_of_linear(p)
    }

    /// `await EXPR` → `await __ct$a(void 0 ??EXPR, N)`.
    ///
    /// The `??` is there for boa 0.22's positions: a call that is directly an argument of
    /// another call is reported at the outer call's `(`, which would move the location of
    /// `await fetch(…)` into the inserted text. It is not a parenthesised comma expression,
    /// `(0, EXPR)`, because boa's parser copies whatever a parenthesised expression holds:
    /// `await new Promise((r) => { … })` would copy the whole callback. An `await`'s
    /// operand is a unary expression, so it is one operand of `??` as it stands.
    fn rewrite_await(&mut self, node: &Await) -> Result<(), String> {
        let seq = self.next_seq();
        let start = node.span().start();
        let at = self.byte(start)?;
        self.expect_text(at, "await")?;
        let site = self.add_site(SiteKind::Await, start.line_number(), start.column_number());
        let end = self.expr_end(node.target())?;
        self.edit(at + "await".len(), 0, format!(" {AWAIT_HOOK}(void 0 ??"), Side::Open, seq);
        self.edit(end, 0, format!(", {site})"), Side::Close, seq);
        Ok(())
    }

    /// Drops the `async` keyword of `f` and routes its result promise through the hook;
    /// then marks the function as async where it is made (`mark`, [`ASYNC_FUNCTION_HOOK`]).
    fn rewrite_async_function(&mut self, f: &AsyncFunction<'_>, mark: Mark) -> Result<(), String> {
        if !self.passes.provenance {
            return Ok(());
        }
        // The mark is outside the rewrite: it opens first and closes last.
        let mark_seq = self.next_seq();
        let seq = self.next_seq();
        let at = self.linear(f.start)?;
        self.expect_text(at, "async")?;
        let (line, column) = self.index.position_of_byte(at);
        let site = self.add_site(SiteKind::AsyncFunction, line, column);
        self.edit(at, "async".len(), " ".repeat("async".len()), Side::Open, seq);
        let meter = if self.passes.meter {
            self.metered.push(std::ptr::from_ref(f.function_body));
            format!("{METER_HOOK}();")
        } else {
            String::new()
        };
        match f.body {
            Body::Concise(expr) => {
                let start = self.expr_start(expr)?;
                let end = self.expr_end(expr)?;
                let (open, close) =
                    if self.passes.meter { (format!("({METER_HOOK}(), "), METER_CLOSE) } else { (String::new(), "") };
                self.edit(start, 0, format!("{open}{ASYNC_HOOK}((async () => "), Side::Open, seq);
                self.edit(end, 0, format!(")(), {site}){close}"), Side::Close, seq);
                self.mark(&mark, at, end, mark_seq);
            }
            Body::Block(body) => {
                let open = self.byte(body.span().start())?;
                self.expect_text(open, "{")?;
                let close = self.byte(body.span().end())?.checked_sub(1).ok_or("empty function body span")?;
                self.expect_text(close, "}")?;
                // Directives stay in the outer function, followed by the guard and the return.
                let (insert_at, separator) = match last_directive_end(body) {
                    Some(end) => (self.byte(end)?, ";"),
                    None => (open + 1, ""),
                };
                let (guard, name) = match f.guard {
                    Guard::None => (String::new(), None),
                    Guard::NotAConstructor(name) => {
                        let name = name.map(|s| self.resolve(s));
                        let shown = name.clone().unwrap_or_else(|| "function".to_string());
                        let guard = format!(
                            "if (new.target) throw new TypeError({});",
                            js_string(&format!("{shown} is not a constructor"))
                        );
                        (guard, name)
                    }
                };
                let passed = self.redeclared_parameters(f.params, body).join(", ");
                // A named function's inner arrow takes its name from a property key, so
                // stack traces read `at handle (…)`, not `at <anonymous> (…)`.
                let (opening, closing) = match name {
                    Some(name) => {
                        let key = js_string(&name);
                        (
                            format!("{separator}{meter}{guard}return {ASYNC_HOOK}({{{key}: async ({passed}) => {{"),
                            format!("}}}}[{key}]({passed}), {site})"),
                        )
                    }
                    // Not `(async () => { BODY })()`: boa's parser would copy the whole
                    // body for the parentheses. An object literal needs none in an argument,
                    // and its key "" leaves the arrow as anonymous as it was.
                    None => (
                        format!("{separator}{meter}{guard}return {ASYNC_HOOK}({{\"\": async ({passed}) => {{"),
                        format!("}}}}[\"\"]({passed}), {site})"),
                    ),
                };
                if insert_at == close {
                    // Nothing between: one edit, so that no other edit can come between the halves.
                    self.edit(close, 0, opening + &closing, Side::Open, seq);
                } else {
                    self.edit(insert_at, 0, opening, Side::Open, seq);
                    self.edit(close, 0, closing, Side::Close, seq);
                }
                self.mark(&mark, at, close + 1, mark_seq);
            }
        }
        Ok(())
    }

    /// Notes the name an anonymous async function `init` gets at run time from `name`.
    fn name_at_run_time(&mut self, init: &Expression, name: String) {
        let node: *const () = match init {
            Expression::AsyncArrowFunction(f) if f.name().is_none() => std::ptr::from_ref(f).cast(),
            Expression::AsyncFunctionExpression(f) if f.name().is_none() => std::ptr::from_ref(f).cast(),
            _ => return,
        };
        self.runtime_names.push((node, name));
    }

    /// The name `node` has from where it stands: the parser's, else one noted by
    /// [`Self::name_at_run_time`].
    fn standing_name<T>(&mut self, node: &T, parsed: Option<Sym>) -> Option<String> {
        if let Some(sym) = parsed {
            return Some(self.resolve(sym));
        }
        let address: *const () = std::ptr::from_ref(node).cast();
        let found = self.runtime_names.iter().position(|(n, _)| *n == address)?;
        Some(self.runtime_names.swap_remove(found).1)
    }

    /// The async rewrite of a function with a block body (a declaration, an expression
    /// or a method), starting at `start`.
    fn rewrite_block_bodied(
        &mut self,
        start: LinearPosition,
        params: &FormalParameterList,
        body: &FunctionBody,
        guard: Guard,
        mark: Mark,
    ) -> Result<(), String> {
        let function = AsyncFunction { start, params, body: Body::Block(body), function_body: body, guard };
        self.rewrite_async_function(&function, mark)
    }

    /// The [`ASYNC_FUNCTION_HOOK`] edits for a rewritten function spanning `start..end`.
    fn mark(&mut self, mark: &Mark, start: usize, end: usize, seq: u32) {
        match mark {
            Mark::Wrap(None) => {
                self.edit(start, 0, format!("{ASYNC_FUNCTION_HOOK}("), Side::Open, seq);
                self.edit(end, 0, ")".to_string(), Side::Close, seq);
            }
            // The name the function had from where it stands (`const f = async () => …`)
            // would be lost inside a call: a property key gives it again.
            Mark::Wrap(Some(name)) => {
                let key = js_string(name);
                self.edit(start, 0, format!("{ASYNC_FUNCTION_HOOK}({{{key}: "), Side::Open, seq);
                self.edit(end, 0, format!("}}[{key}])"), Side::Close, seq);
            }
            Mark::After(name) => self.edit(end, 0, format!("{ASYNC_FUNCTION_HOOK}({name});"), Side::Close, seq),
            Mark::None => {}
        }
    }

    /// Parameters that the body also declares with `var` (or as an Annex B block function):
    /// in the inner arrow those declarations would create fresh bindings, so the parameters
    /// are handed to it as parameters of the same names.
    fn redeclared_parameters(&self, params: &FormalParameterList, body: &FunctionBody) -> Vec<String> {
        let params = bound_names(params);
        if params.is_empty() {
            return Vec::new(); // skip walking the body
        }
        let vars = var_declared_names(body);
        let annex_b = annex_b_function_declarations_names(body);
        let mut names: Vec<Sym> = Vec::new();
        for name in params {
            if (vars.contains(&name) || annex_b.contains(&name)) && !names.contains(&name) {
                names.push(name);
            }
        }
        names.into_iter().map(|s| self.resolve(s)).collect()
    }

    fn resolve(&self, sym: Sym) -> String {
        self.interner.resolve_expect(sym).to_string()
    }

    /// Byte offset where expression `e` starts. Spans built from a leftmost operand start
    /// too late when that operand is a call, so follow leftmost operands down to a token.
    fn expr_start(&self, e: &Expression) -> Result<usize, String> {
        match e {
            Expression::Call(call) => self.expr_start(call.function()),
            Expression::PropertyAccess(access) => self.access_start(access),
            Expression::TaggedTemplate(tagged) => self.expr_start(tagged.tag()),
            Expression::Optional(optional) => self.expr_start(optional.target()),
            Expression::Binary(binary) => self.expr_start(binary.lhs()),
            Expression::Conditional(conditional) => self.expr_start(conditional.condition()),
            Expression::Assign(assign) => match assign.lhs() {
                AssignTarget::Access(access) => self.access_start(access),
                target => self.byte(target.span().start()),
            },
            Expression::Update(update) if is_postfix(update.op()) => match update.target() {
                UpdateTarget::PropertyAccess(access) => self.access_start(access),
                UpdateTarget::Identifier(id) => self.byte(id.span().start()),
            },
            Expression::ArrowFunction(arrow) => self.linear(arrow.linear_span().start()),
            Expression::AsyncArrowFunction(arrow) => self.linear(arrow.linear_span().start()),
            _ => self.byte(e.span().start()),
        }
    }

    fn access_start(&self, access: &PropertyAccess) -> Result<usize, String> {
        match access {
            PropertyAccess::Simple(simple) => self.expr_start(simple.target()),
            PropertyAccess::Private(private) => self.expr_start(private.target()),
            PropertyAccess::Super(_) => self.byte(access.span().start()),
        }
    }

    /// Byte offset just after expression `e`. A computed member access's span stops before
    /// its `]`, and spans built from a rightmost operand inherit that, so follow rightmost
    /// operands and step over the bracket.
    fn expr_end(&self, e: &Expression) -> Result<usize, String> {
        match e {
            Expression::PropertyAccess(access) => self.access_end(access),
            Expression::Unary(unary) => self.expr_end(unary.target()),
            Expression::Await(node) => self.expr_end(node.target()),
            Expression::Update(update) if !is_postfix(update.op()) => match update.target() {
                UpdateTarget::PropertyAccess(access) => self.access_end(access),
                UpdateTarget::Identifier(id) => self.byte(id.span().end()),
            },
            // `new C` without an argument list ends where its constructor ends.
            Expression::New(new)
                if new.arguments().is_empty() && new.span().end() == new.constructor().span().end() =>
            {
                self.expr_end(new.constructor())
            }
            Expression::Binary(binary) => self.expr_end(binary.rhs()),
            Expression::BinaryInPrivate(binary) => self.expr_end(binary.rhs()),
            Expression::Assign(assign) => self.expr_end(assign.rhs()),
            Expression::Conditional(conditional) => self.expr_end(conditional.if_false()),
            Expression::Yield(node) => match node.target() {
                Some(target) => self.expr_end(target),
                None => self.byte(e.span().end()),
            },
            Expression::ArrowFunction(arrow) => self.body_end(arrow.body()),
            Expression::AsyncArrowFunction(arrow) => self.body_end(arrow.body()),
            // A class with a body ends where its closing brace *starts* (boa's ClassTail takes
            // the brace's start); an empty `class {}` ends after it.
            Expression::ClassExpression(class) if !class.elements().is_empty() || class.constructor().is_some() => {
                let brace = self.byte(e.span().end())?;
                self.expect_text(brace, "}")?;
                Ok(brace + 1)
            }
            _ => self.byte(e.span().end()),
        }
    }

    /// Byte offset just after an arrow function's body.
    fn body_end(&self, body: &FunctionBody) -> Result<usize, String> {
        match self.arrow_body(body)? {
            Body::Block(body) => self.byte(body.span().end()),
            Body::Concise(expr) => self.expr_end(expr),
        }
    }

    fn access_end(&self, access: &PropertyAccess) -> Result<usize, String> {
        match access {
            PropertyAccess::Simple(simple) => match simple.field() {
                PropertyAccessField::Expr(field) => {
                    let bracket = skip_trivia(self.index.src, self.expr_end(field)?);
                    self.expect_text(bracket, "]")?;
                    Ok(bracket + 1)
                }
                PropertyAccessField::Const(_) => self.byte(access.span().end()),
            },
            PropertyAccess::Private(_) | PropertyAccess::Super(_) => self.byte(access.span().end()),
        }
    }

    /// Runs `rewrite`, then walks into `node`, stopping the walk on the first error.
    fn then_walk<'ast, N: VisitWith>(&mut self, rewrite: Result<(), String>, node: &'ast N) -> ControlFlow<String>
    where
        Self: Visitor<'ast, BreakTy = String>,
    {
        match rewrite {
            Ok(()) => node.visit_with(self),
            Err(message) => ControlFlow::Break(message),
        }
    }
}

impl<'ast> Visitor<'ast> for Collector<'_> {
    type BreakTy = String;

    fn visit_function_body(&mut self, node: &'ast FunctionBody) -> ControlFlow<String> {
        let rewrite = if self.passes.meter { self.meter(node) } else { Ok(()) };
        self.known.push(Some(BTreeSet::new()));
        let flow = self.then_walk(rewrite, node);
        self.known.pop();
        flow
    }

    fn visit_await(&mut self, node: &'ast Await) -> ControlFlow<String> {
        let rewrite = if self.passes.provenance { self.rewrite_await(node) } else { Ok(()) };
        self.then_walk(rewrite, node)
    }

    fn visit_while_loop(&mut self, node: &'ast boa_ast::statement::WhileLoop) -> ControlFlow<String> {
        let rewrite = self.check_loop(node.condition(), Some((node.condition(), false)));
        self.then_walk(rewrite, node)
    }

    fn visit_do_while_loop(&mut self, node: &'ast boa_ast::statement::DoWhileLoop) -> ControlFlow<String> {
        let rewrite = self.check_loop(node.cond(), None);
        self.then_walk(rewrite, node)
    }

    fn visit_for_loop(&mut self, node: &'ast boa_ast::statement::ForLoop) -> ControlFlow<String> {
        let last = match (node.condition(), node.final_expr()) {
            (_, Some(update)) => Some((update, false)),
            (Some(condition), None) => Some((condition, true)),
            (None, None) => None,
        };
        match node.condition().or(node.final_expr()) {
            Some(expr) => {
                let rewrite = self.check_loop(expr, last);
                self.then_walk(rewrite, node)
            }
            // `for (;;)`: no expression runs on every pass.
            None => {
                self.check_placed_body(loop_bodies::Kind::Bare);
                self.then_walk(Ok(()), node)
            }
        }
    }

    fn visit_for_in_loop(&mut self, node: &'ast boa_ast::statement::ForInLoop) -> ControlFlow<String> {
        self.check_placed_body(loop_bodies::Kind::In);
        self.then_walk(Ok(()), node)
    }

    fn visit_async_function_declaration(&mut self, node: &'ast AsyncFunctionDeclaration) -> ControlFlow<String> {
        let name = self.resolve(node.name().sym());
        // `export default async function () {}` has no binding to name. A function that is
        // only ever called by its name is never seen as a value: no mark (its statement
        // is a parse every isolate pays).
        let before = self.linear(node.linear_span().start()).map(|start| self.index.src[..start].trim_end());
        let exported = before.is_ok_and(|before| before.ends_with("export") || before.ends_with("default"));
        let mark = if name.is_empty() || name == "default" || (!exported && !used_as_value(self.index.src, &name)) {
            Mark::None
        } else {
            Mark::After(name)
        };
        let guard = Guard::NotAConstructor(Some(node.name().sym()));
        let rewrite =
            self.rewrite_block_bodied(node.linear_span().start(), node.parameters(), node.body(), guard, mark);
        self.known.push(None);
        let flow = self.walk_function(node.body(), rewrite, node);
        self.known.pop();
        flow
    }

    fn visit_async_function_expression(&mut self, node: &'ast AsyncFunctionExpression) -> ControlFlow<String> {
        let mark = Mark::Wrap(self.standing_name(node, node.name().map(|id| id.sym())));
        let guard = Guard::NotAConstructor(node.name().map(|id| id.sym()));
        let rewrite =
            self.rewrite_block_bodied(node.linear_span().start(), node.parameters(), node.body(), guard, mark);
        self.walk_function(node.body(), rewrite, node)
    }

    fn visit_async_arrow_function(&mut self, node: &'ast AsyncArrowFunction) -> ControlFlow<String> {
        let mark = Mark::Wrap(self.standing_name(node, node.name().map(|id| id.sym())));
        let rewrite = self.arrow_body(node.body()).and_then(|body| {
            self.rewrite_async_function(
                &AsyncFunction {
                    start: node.linear_span().start(),
                    params: node.parameters(),
                    body,
                    function_body: node.body(),
                    guard: Guard::None,
                },
                mark,
            )
        });
        self.walk_in(Frame::Arrow, rewrite, node)
    }

    fn visit_arrow_function(&mut self, node: &'ast ArrowFunction) -> ControlFlow<String> {
        self.walk_in(Frame::Arrow, Ok(()), node)
    }

    fn visit_function_declaration(&mut self, node: &'ast FunctionDeclaration) -> ControlFlow<String> {
        self.known.push(None);
        let flow = self.walk_function(node.body(), Ok(()), node);
        self.known.pop();
        flow
    }

    fn visit_function_expression(&mut self, node: &'ast FunctionExpression) -> ControlFlow<String> {
        self.walk_function(node.body(), Ok(()), node)
    }

    fn visit_generator_declaration(&mut self, node: &'ast GeneratorDeclaration) -> ControlFlow<String> {
        self.known.push(None);
        let flow = self.walk_function(node.body(), Ok(()), node);
        self.known.pop();
        flow
    }

    fn visit_generator_expression(&mut self, node: &'ast GeneratorExpression) -> ControlFlow<String> {
        self.walk_function(node.body(), Ok(()), node)
    }

    fn visit_async_generator_declaration(&mut self, node: &'ast AsyncGeneratorDeclaration) -> ControlFlow<String> {
        self.known.push(None);
        let flow = self.walk_function(node.body(), Ok(()), node);
        self.known.pop();
        flow
    }

    fn visit_async_generator_expression(&mut self, node: &'ast AsyncGeneratorExpression) -> ControlFlow<String> {
        self.walk_function(node.body(), Ok(()), node)
    }

    fn visit_statement_list_item(&mut self, node: &'ast StatementListItem) -> ControlFlow<String> {
        if self.passes.guards
            && let StatementListItem::Statement(statement) = node
            && let Statement::Expression(expression) = statement.as_ref()
        {
            match self.expr_start(expression) {
                Ok(start) => {
                    self.statement_starts.insert(start);
                }
                Err(message) => return ControlFlow::Break(message),
            }
        }
        node.visit_with(self)?;
        if self.passes.guards {
            self.learn(node);
        }
        ControlFlow::Continue(())
    }

    /// The arguments of `o.m(…)` run after `o.m` was read: a stable `o` is not nullish
    /// there.
    fn visit_call(&mut self, node: &'ast boa_ast::expression::Call) -> ControlFlow<String> {
        if !self.passes.guards {
            return node.visit_with(self);
        }
        for argument in node.args() {
            if let Expression::Spread(spread) = argument
                && let Err(message) = self.guard_iterable(spread.target(), SPREAD_NOT_ITERABLE)
            {
                return ControlFlow::Break(message);
            }
        }
        let mut read = Vec::new();
        spine(node.function(), &mut read);
        read.retain(|s| self.stable.binary_search(s).is_ok());
        if read.is_empty() {
            return node.visit_with(self);
        }
        self.visit_expression(node.function())?;
        self.known.push(Some(read.into_iter().collect()));
        let flow = node.args().iter().try_for_each(|argument| self.visit_expression(argument));
        self.known.pop();
        flow
    }

    fn visit_statement_list(&mut self, node: &'ast StatementList) -> ControlFlow<String> {
        self.known.push(Some(BTreeSet::new()));
        let flow = node.visit_with(self);
        self.known.pop();
        flow
    }

    fn visit_module_item_list(&mut self, node: &'ast boa_ast::ModuleItemList) -> ControlFlow<String> {
        self.known.push(Some(BTreeSet::new()));
        let flow = node.visit_with(self);
        self.known.pop();
        flow
    }

    fn visit_variable(&mut self, node: &'ast boa_ast::declaration::Variable) -> ControlFlow<String> {
        // A parameter's default (`function f(cb = async () => {})`) is named `cb` when it
        // runs; boa's parser names declarations' initialisers itself.
        if let (Binding::Identifier(id), Some(init)) = (node.binding(), node.init()) {
            let name = self.resolve(id.sym());
            self.name_at_run_time(init, name);
        }
        let rewrite = match (node.binding(), node.init()) {
            (Binding::Pattern(Pattern::Object(pattern)), Some(init)) if self.passes.guards => {
                self.guard_destructuring(pattern, init)
            }
            // An array pattern iterates its initialiser; V8 names it when it is a name (a
            // member chain reads as `undefined is not iterable (cannot read property …)`).
            (Binding::Pattern(Pattern::Array(_)), Some(init @ Expression::Identifier(_))) if self.passes.guards => {
                let message = self.not_iterable(init);
                self.guard_iterable(init, &message)
            }
            // So is a call of a name (`const [a, b] = g()`: `g is not a function or its
            // return value is not iterable`); V8 words a method's result by its value.
            (Binding::Pattern(Pattern::Array(_)), Some(init @ Expression::Call(call)))
                if self.passes.guards && matches!(call.function(), Expression::Identifier(_)) =>
            {
                let message = self.not_iterable(init);
                self.guard_iterable(init, &message)
            }
            _ => Ok(()),
        };
        self.then_walk(rewrite, node)
    }

    fn visit_assign(&mut self, node: &'ast boa_ast::expression::operator::Assign) -> ControlFlow<String> {
        let rewrite = match node.lhs() {
            AssignTarget::Pattern(Pattern::Object(pattern))
                if self.passes.guards && node.op() == boa_ast::expression::operator::assign::AssignOp::Assign =>
            {
                self.guard_destructuring(pattern, node.rhs())
            }
            _ => Ok(()),
        };
        self.then_walk(rewrite, node)
    }

    fn visit_for_of_loop(&mut self, node: &'ast boa_ast::statement::ForOfLoop) -> ControlFlow<String> {
        self.check_placed_body(loop_bodies::Kind::Of);
        let rewrite = if self.passes.guards && !node.r#await() {
            let message = self.not_iterable(node.iterable());
            self.guard_iterable(node.iterable(), &message)
        } else {
            Ok(())
        };
        self.then_walk(rewrite, node)
    }

    fn visit_array_literal(&mut self, node: &'ast boa_ast::expression::literal::ArrayLiteral) -> ControlFlow<String> {
        let mut rewrite = Ok(());
        if self.passes.guards {
            for element in node.as_ref().iter().flatten() {
                if let Expression::Spread(spread) = element {
                    let message = self.not_iterable(spread.target());
                    rewrite = rewrite.and_then(|()| self.guard_iterable(spread.target(), &message));
                }
            }
        }
        self.then_walk(rewrite, node)
    }

    fn visit_catch(&mut self, node: &'ast boa_ast::statement::Catch) -> ControlFlow<String> {
        let rewrite = if self.passes.guards { self.hook_catch(node) } else { Ok(()) };
        self.then_walk(rewrite, node)
    }

    fn visit_property_access(&mut self, node: &'ast PropertyAccess) -> ControlFlow<String> {
        let rewrite = if self.passes.guards { self.guard_access(node) } else { Ok(()) };
        self.then_walk(rewrite, node)
    }

    fn visit_this(&mut self, node: &'ast This) -> ControlFlow<String> {
        let rewrite = if self.lexical_this() { self.rewrite_this(node) } else { Ok(()) };
        self.then_walk(rewrite, node)
    }

    fn visit_object_method_definition(&mut self, node: &'ast ObjectMethodDefinition) -> ControlFlow<String> {
        let rewrite = if node.kind() == MethodDefinitionKind::Async {
            // A method is not a constructor by itself, and is not marked.
            self.rewrite_block_bodied(
                node.linear_span().start(),
                node.parameters(),
                node.body(),
                Guard::None,
                Mark::None,
            )
        } else {
            Ok(())
        };
        self.walk_function(node.body(), rewrite, node)
    }

    fn visit_class_element(&mut self, node: &'ast ClassElement) -> ControlFlow<String> {
        // A field's initialiser is named after the field when it runs.
        match node {
            ClassElement::FieldDefinition(field) | ClassElement::StaticFieldDefinition(field) => {
                if let (boa_ast::property::PropertyName::Literal(key), Some(init)) = (field.name(), field.initializer())
                {
                    let name = self.resolve(key.sym());
                    self.name_at_run_time(init, name);
                }
            }
            ClassElement::PrivateFieldDefinition(field) | ClassElement::PrivateStaticFieldDefinition(field) => {
                if let Some(init) = field.initializer() {
                    let name = format!("#{}", self.resolve(field.name().description()));
                    self.name_at_run_time(init, name);
                }
            }
            _ => {}
        }
        let rewrite = match node {
            ClassElement::MethodDefinition(method) if method.kind() == MethodDefinitionKind::Async => {
                let (start, params, body) = (method.linear_span().start(), method.parameters(), method.body());
                self.rewrite_block_bodied(start, params, body, Guard::None, Mark::None)
            }
            _ => Ok(()),
        };
        match node {
            ClassElement::MethodDefinition(method) => self.walk_function(method.body(), rewrite, node),
            _ => self.walk_in(Frame::Boundary, rewrite, node),
        }
    }
}

/// What a member access's object can be, as far as the guard pass is concerned.
enum Object {
    /// Never `null` or `undefined` (a literal, a `new`, arithmetic…), or `this`, or a
    /// well-known global: left alone.
    Unguarded,
    /// Side-effect free; the text that evaluates it again.
    Pure(String),
    /// Anything else.
    Impure,
}

/// Globals a worker reads constantly and never finds `null` or `undefined`: their member
/// accesses stay unguarded (a local of the same name that is `undefined` only keeps
/// boa's own error text).
const WELL_KNOWN_GLOBALS: &[&str] = &[
    "Array",
    "BigInt",
    "Date",
    "Error",
    "JSON",
    "Math",
    "Number",
    "Object",
    "Promise",
    "Reflect",
    "String",
    "Symbol",
    "console",
    "globalThis",
];

impl Collector<'_> {
    /// The guard pass: `OBJ.key`, `OBJ[key]` (read, written, called, deleted) becomes
    /// `(OBJ ?? __ct$n(COPY)).key` when `OBJ` is side-effect free (COPY is its text,
    /// printed on one line), `((__ct$v=OBJ)??__ct$n(__ct$v)).key` otherwise. Private and `super` accesses,
    /// and objects that cannot be nullish, are left alone.
    fn guard_access(&mut self, node: &PropertyAccess) -> Result<(), String> {
        let PropertyAccess::Simple(simple) = node else { return Ok(()) };
        let target = simple.target();
        let object = self.object_of(target);
        if matches!(object, Object::Unguarded) {
            return Ok(());
        }
        let seq = self.next_seq();
        let start = self.expr_start(target)?;
        let end = self.expr_end(target)?;
        // A guard opens with `(`: at the start of a statement that follows a line without a
        // `;`, that would call the previous line's value, so it gets its own `;` there (an
        // empty statement in the list; the outermost guard at that offset takes it).
        let separator = if self.statement_starts.remove(&start) { STATEMENT_SEPARATOR } else { "" };
        match object {
            Object::Pure(copy) => {
                self.edit(start, 0, format!("{separator}{GUARD_OPEN}"), Side::Open, seq);
                self.edit(end, 0, format!(" ?? {NULLISH_HOOK}({copy}){GUARD_CLOSE}"), Side::Close, seq);
            }
            Object::Impure => {
                self.guard_variable = true;
                self.edit(start, 0, format!("{separator}{IMPURE_OPEN}"), Side::Open, seq);
                self.edit(end, 0, IMPURE_CLOSE.to_string(), Side::Close, seq);
            }
            Object::Unguarded => unreachable!("returned above"),
        }
        Ok(())
    }

    /// An object pattern's initialiser `INIT` → `(INIT ?? __ct$d(COPY, "first key",
    /// "INIT as V8 prints it"))`, through `__ct$v` when `INIT` has side effects. Only a flat
    /// pattern of plain names (and a rest): V8 words the others differently (a default or
    /// a nested pattern reads as `Cannot read properties of undefined (reading 'a')`).
    fn guard_destructuring(
        &mut self,
        pattern: &boa_ast::pattern::ObjectPattern,
        init: &Expression,
    ) -> Result<(), String> {
        use boa_ast::pattern::ObjectPatternElement;
        let mut first = None;
        for element in pattern.bindings() {
            match element {
                ObjectPatternElement::SingleName { name: PropertyName::Literal(name), default_init: None, .. } => {
                    first.get_or_insert_with(|| self.resolve(name.sym()));
                }
                ObjectPatternElement::RestProperty { .. } => {}
                _ => return Ok(()),
            }
        }
        if never_nullish(init) {
            return Ok(());
        }
        let printed = js_string(&self.v8_text(init));
        let key = js_string(first.as_deref().unwrap_or(""));
        let seq = self.next_seq();
        let start = self.expr_start(init)?;
        let end = self.expr_end(init)?;
        match self.copy_of(init) {
            Some(copy) => {
                self.edit(start, 0, GUARD_OPEN.to_string(), Side::Open, seq);
                let close = format!(" ?? {DESTRUCTURE_HOOK}({copy}, {key}, {printed}){GUARD_CLOSE}");
                self.edit(end, 0, close, Side::Close, seq);
            }
            None => {
                self.guard_variable = true;
                self.edit(start, 0, IMPURE_OPEN.to_string(), Side::Open, seq);
                let close = format!("){DESTRUCTURE_OPEN}{key}, {printed}){GUARD_CLOSE}");
                self.edit(end, 0, close, Side::Close, seq);
            }
        }
        Ok(())
    }

    /// `e` as V8's messages print it: names and member chains as written (a string key as
    /// a name), a call's arguments as `(...)`, anything else `(intermediate value)`.
    fn v8_text(&self, e: &Expression) -> String {
        match e {
            Expression::Identifier(id) => self.resolve(id.sym()),
            Expression::This(_) => "this".to_string(),
            Expression::Literal(literal) if matches!(literal.kind(), LiteralKind::Null) => "null".to_string(),
            Expression::PropertyAccess(PropertyAccess::Simple(simple)) => {
                let target = self.v8_text(simple.target());
                match simple.field() {
                    PropertyAccessField::Const(id) => format!("{target}.{}", self.resolve(id.sym())),
                    PropertyAccessField::Expr(key) => match key.as_ref() {
                        Expression::Literal(literal) => match literal.kind() {
                            LiteralKind::String(sym) => format!("{target}.{}", self.resolve(*sym)),
                            LiteralKind::Int(n) => format!("{target}[{n}]"),
                            _ => "(intermediate value)".to_string(),
                        },
                        Expression::Identifier(id) => format!("{target}[{}]", self.resolve(id.sym())),
                        _ => "(intermediate value)".to_string(),
                    },
                }
            }
            Expression::Call(call) => format!("{}(...)", self.v8_text(call.function())),
            Expression::Parenthesized(inner) => self.v8_text(inner.expression()),
            _ => "(intermediate value)".to_string(),
        }
    }

    /// V8's message for iterating `e` when it is not iterable.
    fn not_iterable(&self, e: &Expression) -> String {
        match e {
            Expression::Call(call) => {
                format!("{} is not a function or its return value is not iterable", self.v8_text(call.function()))
            }
            _ => format!("{} is not iterable", self.v8_text(e)),
        }
    }

    /// `E` → `__ct$i(E,/*ct$i*/"message")`.
    fn guard_iterable(&mut self, e: &Expression, message: &str) -> Result<(), String> {
        if matches!(e, Expression::ArrayLiteral(_) | Expression::Literal(_) | Expression::TemplateLiteral(_))
            && !matches!(e, Expression::Literal(l) if matches!(l.kind(), LiteralKind::Null))
        {
            return Ok(());
        }
        let seq = self.next_seq();
        let start = self.expr_start(e)?;
        let end = self.expr_end(e)?;
        self.edit(start, 0, format!("{ITERABLE_HOOK}("), Side::Open, seq);
        self.edit(end, 0, format!("{ITERABLE_MESSAGE}{})", js_string(message)), Side::Close, seq);
        Ok(())
    }

    /// `catch (e) {` → `catch (e) {__ct$x(e);`: the block sees the error with V8's text.
    /// A pattern parameter or none is left alone.
    fn hook_catch(&mut self, node: &boa_ast::statement::Catch) -> Result<(), String> {
        let Some(Binding::Identifier(id)) = node.parameter() else { return Ok(()) };
        let seq = self.next_seq();
        let close = skip_trivia(self.index.src, self.byte(id.span().end())?);
        self.expect_text(close, ")")?;
        let open = skip_trivia(self.index.src, close + 1);
        self.expect_text(open, "{")?;
        let name = self.resolve(id.sym());
        self.edit(open + 1, 0, format!("{CAUGHT_HOOK}({name});"), Side::Open, seq);
        Ok(())
    }

    fn object_of(&self, e: &Expression) -> Object {
        match e {
            Expression::This(_) => return Object::Unguarded,
            Expression::Identifier(id) if WELL_KNOWN_GLOBALS.contains(&self.resolve(id.sym()).as_str()) => {
                return Object::Unguarded;
            }
            Expression::Identifier(id) if self.is_known(id.sym()) || self.non_null.binary_search(&id.sym()).is_ok() => {
                return Object::Unguarded;
            }
            _ => {}
        }
        if never_nullish(e) {
            return Object::Unguarded;
        }
        match self.copy_of(e) {
            Some(copy) => Object::Pure(copy),
            None => Object::Impure,
        }
    }

    /// The text of a side-effect-free object on one line: identifiers, `this` (where the
    /// lexical-`this` pass leaves it), `null`, `new.target`, and member accesses of them by
    /// name, identifier or literal key. `None` for anything else.
    fn copy_of(&self, e: &Expression) -> Option<String> {
        match e {
            Expression::Identifier(id) => Some(self.resolve(id.sym())),
            Expression::This(_) => (!self.this_rewritten()).then(|| "this".to_string()),
            Expression::Literal(literal) if matches!(literal.kind(), LiteralKind::Null) => Some("null".to_string()),
            Expression::NewTarget(_) => Some("new.target".to_string()),
            Expression::Parenthesized(inner) => self.copy_of(inner.expression()).map(|c| format!("({c})")),
            Expression::PropertyAccess(PropertyAccess::Simple(simple)) => {
                let target = self.copy_of(simple.target())?;
                let key = match simple.field() {
                    PropertyAccessField::Const(id) => format!(".{}", self.resolve(id.sym())),
                    PropertyAccessField::Expr(key) => match key.as_ref() {
                        Expression::Identifier(id) => format!("[{}]", self.resolve(id.sym())),
                        Expression::Literal(literal) => match literal.kind() {
                            LiteralKind::String(sym) => format!("[{}]", js_string(&self.resolve(*sym))),
                            LiteralKind::Int(n) => format!("[{n}]"),
                            _ => return None,
                        },
                        _ => return None,
                    },
                };
                Some(target + &key)
            }
            _ => None,
        }
    }

    /// Whether an earlier statement of an enclosing list (up to a hoisted function) read a
    /// property of `name`, which is stable: it is not nullish here.
    fn is_known(&self, name: Sym) -> bool {
        for frame in self.known.iter().rev() {
            match frame {
                Some(names) if names.contains(&name) => return true,
                Some(_) => {}
                None => return false,
            }
        }
        false
    }

    /// After statement `node` of a list: the stable names it read a property of on every
    /// path that completes it are known not nullish for the rest of the list.
    fn learn(&mut self, node: &StatementListItem) {
        let StatementListItem::Statement(statement) = node else {
            if let StatementListItem::Declaration(declaration) = node
                && let boa_ast::Declaration::Lexical(lexical) = declaration.as_ref()
            {
                let mut read = Vec::new();
                for variable in lexical.variable_list().as_ref() {
                    if let Some(init) = variable.init() {
                        spine(init, &mut read);
                    }
                }
                self.remember(read);
            }
            return;
        };
        let mut read = Vec::new();
        match statement.as_ref() {
            Statement::Expression(expression) => spine(expression, &mut read),
            Statement::Return(ret) => {
                if let Some(expression) = ret.target() {
                    spine(expression, &mut read);
                }
            }
            _ => {}
        }
        self.remember(read);
    }

    fn remember(&mut self, read: Vec<Sym>) {
        let stable: Vec<Sym> = read.into_iter().filter(|s| self.stable.binary_search(s).is_ok()).collect();
        if let Some(Some(frame)) = self.known.last_mut() {
            frame.extend(stable);
        }
    }

    /// Whether the lexical-`this` pass rewrites a `this` at the current point.
    fn this_rewritten(&self) -> bool {
        if !self.lexical_this() {
            return false;
        }
        let arrows = self.frames.iter().rev().take_while(|f| matches!(f, Frame::Arrow)).count();
        arrows > 0 && matches!(self.frames.iter().rev().nth(arrows), Some(Frame::Function { .. }))
    }

    /// Starts a function body with a call of [`METER_HOOK`]: `{ BODY }` becomes
    /// `{ __ct$m(); BODY }` (after the directive prologue, which must stay first), and a
    /// concise arrow body `EXPR` becomes `(__ct$m(), EXPR)`. Every function, method,
    /// accessor, constructor, generator, arrow and class static block has such a body;
    /// a body of any other shape is left alone.
    fn meter(&mut self, body: &FunctionBody) -> Result<(), String> {
        if self.metered.contains(&std::ptr::from_ref(body)) {
            return Ok(()); // the async rewrite put the call in its own text
        }
        let seq = self.next_seq();
        let start = self.byte(body.span().start())?;
        if self.index.src[start..].starts_with('{') {
            let (at, separator) = match last_directive_end(body) {
                Some(end) => (self.byte(end)?, ";"),
                None => (start + 1, ""),
            };
            let counter = if has_own_loop(body) { LOOP_DECLARATION } else { "" };
            self.edit(at, 0, format!("{separator}{METER_HOOK}();{counter}"), Side::Open, seq);
            return Ok(());
        }
        if let Ok(Body::Concise(expr)) = self.arrow_body(body) {
            let start = self.expr_start(expr)?;
            if binds_tighter_than_nullish(expr) {
                self.edit(start, 0, METER_NULLISH.to_string(), Side::Open, seq);
            } else {
                let end = self.expr_end(expr)?;
                self.edit(start, 0, format!("({METER_HOOK}(), "), Side::Open, seq);
                self.edit(end, 0, METER_CLOSE.to_string(), Side::Close, seq);
            }
        }
        Ok(())
    }

    /// Checks a loop once per iteration: at the start of its block body, found after the
    /// head's last expression `last` (followed by `;` first when `semicolon`, a `for`
    /// without an update); otherwise in `expr`, the condition or the update:
    /// `(++__ct$k||(__ct$k=__ct$l()), EXPR/*ct$k*/)`.
    fn check_loop(&mut self, expr: &Expression, last: Option<(&Expression, bool)>) -> Result<(), String> {
        if !self.passes.meter {
            return Ok(());
        }
        self.loop_counter = true;
        let seq = self.next_seq();
        if let Some((last, semicolon)) = last {
            let mut at = self.expr_end(last)?;
            if semicolon {
                at = self.after_token(at, ';');
            }
            let body = self.after_token(at, ')');
            if body != usize::MAX && self.index.src[skip_trivia(self.index.src, body)..].starts_with('{') {
                let open = skip_trivia(self.index.src, body) + 1;
                self.edit(open, 0, LOOP_STATEMENT.to_string(), Side::Open, seq);
                return Ok(());
            }
        }
        let start = self.expr_start(expr)?;
        let end = self.expr_end(expr)?;
        self.edit(start, 0, LOOP_OPEN.to_string(), Side::Open, seq);
        self.edit(end, 0, LOOP_CLOSE.to_string(), Side::Close, seq);
        Ok(())
    }

    /// Checks the body of the next loop of `kind`, a loop boa's AST gives no place for,
    /// where oxc's parse puts it ([`loop_bodies`]): a block starts with the check, any
    /// other body is wrapped in one that does.
    fn check_placed_body(&mut self, kind: loop_bodies::Kind) {
        if !self.passes.meter {
            return;
        }
        let n = self.loop_bodies_seen[kind as usize].len();
        let (src, module) = (self.index.src, self.module);
        let bodies = self.loop_bodies.get_or_insert_with(|| loop_bodies::loop_bodies(src, module));
        let Some(&body) = bodies.as_ref().and_then(|found| found.bodies[kind as usize].get(n)) else {
            self.loop_bodies_seen[kind as usize].push(0);
            return;
        };
        let seq = self.next_seq();
        self.loop_bodies_seen[kind as usize].push(seq);
        self.loop_counter = true;
        match body {
            loop_bodies::Body::Block { open } => self.edit(open, 0, LOOP_STATEMENT.to_string(), Side::Open, seq),
            loop_bodies::Body::Statement { start, end } => {
                self.edit(start, 0, LOOP_WRAP_OPEN.to_string(), Side::Open, seq);
                self.edit(end, 0, LOOP_WRAP_CLOSE.to_string(), Side::Close, seq);
            }
        }
    }

    /// Takes back the checks [`Self::check_placed_body`] placed for a kind of loop whose
    /// count in boa's AST differs from oxc's: the n-th of one parse may not be the n-th
    /// of the other.
    fn drop_unmatched_loop_checks(&mut self) {
        let Some(Some(found)) = &self.loop_bodies else { return };
        let mut unmatched = BTreeSet::new();
        for (seen, bodies) in self.loop_bodies_seen.iter().zip(&found.bodies) {
            if seen.len() != bodies.len() {
                unmatched.extend(seen.iter().copied().filter(|&seq| seq != 0));
            }
        }
        if !unmatched.is_empty() {
            self.edits.retain(|edit| !unmatched.contains(&edit.seq));
        }
    }

    /// The offset just past `token` when it is the next thing after `at` (spaces and
    /// comments skipped), `usize::MAX` otherwise (and for `usize::MAX`).
    fn after_token(&self, at: usize, token: char) -> usize {
        if at == usize::MAX {
            return at;
        }
        let at = skip_trivia(self.index.src, at);
        if self.index.src[at..].starts_with(token) { at + token.len_utf8() } else { usize::MAX }
    }

    /// Classifies an arrow function's body. boa turns a concise body into a `return`
    /// statement whose span is the expression's, so a body is a block exactly when it starts
    /// with `{` (an expression body cannot). The arrow's linear span is no help: it ends
    /// before the closing backtick of a template literal.
    fn arrow_body<'n>(&self, body: &'n FunctionBody) -> Result<Body<'n>, String> {
        let starts_with_brace = self.index.src[self.byte(body.span().start())?..].starts_with('{');
        if starts_with_brace {
            return Ok(Body::Block(body));
        }
        match body.statements() {
            [StatementListItem::Statement(statement)] => match statement.as_ref() {
                Statement::Return(ret) => match ret.target() {
                    Some(expr) => Ok(Body::Concise(expr)),
                    None => Err("concise arrow body without an expression".into()),
                },
                _ => Err("unexpected concise arrow body".into()),
            },
            _ => Err("unexpected concise arrow body".into()),
        }
    }
}

/// The identifiers whose property `e` reads on every evaluation that completes: the
/// object of a member access by name at the head of an evaluation order that nothing
/// short-circuits (callees, arguments, operands of arithmetic, awaited values, the
/// right-hand side of `=`).
fn spine(e: &Expression, read: &mut Vec<Sym>) {
    match e {
        Expression::PropertyAccess(PropertyAccess::Simple(simple)) => match simple.target() {
            Expression::Identifier(id) => read.push(id.sym()),
            target => spine(target, read),
        },
        Expression::Call(call) => {
            spine(call.function(), read);
            for argument in call.args() {
                spine(argument, read);
            }
        }
        Expression::New(new) => {
            for argument in new.arguments() {
                spine(argument, read);
            }
        }
        Expression::Await(node) => spine(node.target(), read),
        Expression::Parenthesized(inner) => spine(inner.expression(), read),
        Expression::Unary(unary) => spine(unary.target(), read),
        Expression::Binary(binary) => {
            spine(binary.lhs(), read);
            if !matches!(binary.op(), BinaryOp::Logical(_)) {
                spine(binary.rhs(), read);
            }
        }
        Expression::Assign(assign) if assign.op() == boa_ast::expression::operator::assign::AssignOp::Assign => {
            if let AssignTarget::Access(PropertyAccess::Simple(simple)) = assign.lhs()
                && let Expression::Identifier(id) = simple.target()
            {
                read.push(id.sym());
            }
            spine(assign.rhs(), read);
        }
        _ => {}
    }
}

/// The names of the program whose binding cannot change once initialised: declared by
/// exactly one binding (a `let`/`const`, a parameter, a `catch` parameter, a `var`
/// without initialiser), never assigned, updated or bound by a pattern. None when the
/// program uses `with`, `eval`, or (in a script) `arguments`, which can change bindings
/// behind the names. Sorted.
fn stable_names<N: VisitWith>(root: &N, interner: &Interner, module: bool) -> Stability {
    #[derive(Default)]
    struct Names {
        declared: std::collections::BTreeMap<Sym, u32>,
        unstable: std::collections::BTreeSet<Sym>,
        opaque: bool,
        in_pattern: u32,
        /// `eval` (always) and `arguments` (in a script), which can change bindings.
        watched: Vec<Sym>,
        /// `const NAME = INIT`: the name, and whether INIT is never nullish or else the
        /// function whose call it is.
        consts: Vec<(Sym, Result<(), Sym>)>,
        /// Function declarations that always return something that is never nullish.
        non_null_functions: Vec<Sym>,
    }
    impl<'ast> Visitor<'ast> for Names {
        type BreakTy = ();
        fn visit_binding(&mut self, node: &'ast Binding) -> ControlFlow<()> {
            if let Binding::Identifier(id) = node {
                *self.declared.entry(id.sym()).or_default() += 1;
            }
            node.visit_with(self)
        }
        fn visit_pattern(&mut self, node: &'ast Pattern) -> ControlFlow<()> {
            self.in_pattern += 1;
            let flow = node.visit_with(self);
            self.in_pattern -= 1;
            flow
        }
        fn visit_identifier(&mut self, node: &'ast boa_ast::expression::Identifier) -> ControlFlow<()> {
            if self.in_pattern > 0 {
                self.unstable.insert(node.sym());
            }
            if self.watched.contains(&node.sym()) {
                self.opaque = true;
            }
            ControlFlow::Continue(())
        }
        fn visit_var_declaration(&mut self, node: &'ast VarDeclaration) -> ControlFlow<()> {
            for variable in node.0.as_ref() {
                if let (Binding::Identifier(id), Some(_)) = (variable.binding(), variable.init()) {
                    self.unstable.insert(id.sym());
                }
            }
            node.visit_with(self)
        }
        fn visit_assign(&mut self, node: &'ast boa_ast::expression::operator::Assign) -> ControlFlow<()> {
            if let AssignTarget::Identifier(id) = node.lhs() {
                self.unstable.insert(id.sym());
            }
            node.visit_with(self)
        }
        fn visit_update(&mut self, node: &'ast boa_ast::expression::operator::Update) -> ControlFlow<()> {
            if let UpdateTarget::Identifier(id) = node.target() {
                self.unstable.insert(id.sym());
            }
            node.visit_with(self)
        }
        fn visit_iterable_loop_initializer(&mut self, node: &'ast IterableLoopInitializer) -> ControlFlow<()> {
            if let IterableLoopInitializer::Identifier(id) = node {
                self.unstable.insert(id.sym());
            }
            node.visit_with(self)
        }
        fn visit_with(&mut self, node: &'ast With) -> ControlFlow<()> {
            self.opaque = true;
            node.visit_with(self)
        }
        fn visit_lexical_declaration(
            &mut self,
            node: &'ast boa_ast::declaration::LexicalDeclaration,
        ) -> ControlFlow<()> {
            if let boa_ast::declaration::LexicalDeclaration::Const(list) = node {
                for variable in list.as_ref() {
                    let (Binding::Identifier(id), Some(init)) = (variable.binding(), variable.init()) else { continue };
                    if never_nullish(init) {
                        self.consts.push((id.sym(), Ok(())));
                    } else if let Expression::Call(call) = init
                        && let Expression::Identifier(callee) = call.function()
                    {
                        self.consts.push((id.sym(), Err(callee.sym())));
                    }
                }
            }
            node.visit_with(self)
        }
        fn visit_function_declaration(&mut self, node: &'ast FunctionDeclaration) -> ControlFlow<()> {
            if returns_non_null(node.body()) {
                self.non_null_functions.push(node.name().sym());
            }
            node.visit_with(self)
        }
    }
    let mut names = Names::default();
    names.watched.extend(interner.get("eval"));
    if !module {
        names.watched.extend(interner.get("arguments"));
    }
    // The walk cannot fail: `BreakTy` is never produced.
    let _ = root.visit_with(&mut names);
    if names.opaque {
        return Stability::default();
    }
    let stable: Vec<Sym> =
        (names.declared.iter()).filter(|(s, n)| **n == 1 && !names.unstable.contains(s)).map(|(s, _)| *s).collect();
    // A function's name is bound by its declaration, not by a `Binding`: it is stable when
    // nothing else declares or assigns it.
    let function_stable = |f: &Sym| {
        !names.declared.contains_key(f)
            && !names.unstable.contains(f)
            && names.non_null_functions.iter().filter(|g| *g == f).count() == 1
    };
    let mut non_null: Vec<Sym> = (names.consts.iter())
        .filter(|(name, init)| {
            stable.binary_search(name).is_ok()
                && match init {
                    Ok(()) => true,
                    Err(function) => names.non_null_functions.contains(function) && function_stable(function),
                }
        })
        .map(|(name, _)| *name)
        .collect();
    non_null.sort_unstable();
    Stability { stable, non_null }
}

/// What the guard pass knows of a program's names before walking it.
#[derive(Default)]
struct Stability {
    /// Names whose one binding never changes once initialised, sorted.
    stable: Vec<Sym>,
    /// Stable `const` names initialised with something never nullish (a literal, `new`,
    /// a call of a function that always returns such), sorted: never guarded.
    non_null: Vec<Sym>,
}

/// Whether every `return` of `body` (outside nested functions) gives something never
/// nullish, and the body ends with one (so it cannot fall off its end).
fn returns_non_null(body: &FunctionBody) -> bool {
    struct Returns {
        all_non_null: bool,
    }
    /// Visitor methods that do not walk into their node.
    macro_rules! skip {
        ($lifetime:lifetime; $($method:ident: $node:ty),* $(,)?) => {
            $(fn $method(&mut self, _: &$lifetime $node) -> ControlFlow<()> {
                ControlFlow::Continue(())
            })*
        };
    }
    impl<'ast> Visitor<'ast> for Returns {
        type BreakTy = ();
        fn visit_return(&mut self, node: &'ast boa_ast::statement::Return) -> ControlFlow<()> {
            self.all_non_null &= node.target().is_some_and(never_nullish);
            ControlFlow::Continue(())
        }
        // Nested functions return for themselves.
        skip!('ast;
            visit_function_expression: FunctionExpression,
            visit_function_declaration: FunctionDeclaration,
            visit_arrow_function: ArrowFunction,
            visit_async_arrow_function: AsyncArrowFunction,
            visit_generator_expression: GeneratorExpression,
            visit_generator_declaration: GeneratorDeclaration,
            visit_async_function_expression: AsyncFunctionExpression,
            visit_async_function_declaration: AsyncFunctionDeclaration,
            visit_async_generator_expression: AsyncGeneratorExpression,
            visit_async_generator_declaration: AsyncGeneratorDeclaration,
            visit_class_expression: boa_ast::function::ClassExpression,
            visit_class_declaration: boa_ast::function::ClassDeclaration,
            visit_object_method_definition: ObjectMethodDefinition,
        );
    }
    let ends_with_return = matches!(
        body.statements().last(),
        Some(StatementListItem::Statement(statement)) if matches!(statement.as_ref(), Statement::Return(_))
    );
    if !ends_with_return {
        return false;
    }
    let mut returns = Returns { all_non_null: true };
    let _ = body.visit_with(&mut returns);
    returns.all_non_null
}

/// Whether `e` evaluates to something other than `null` or `undefined` whatever its
/// operands: literals other than `null`, object, array, function and class expressions,
/// templates, `new`, `import()`, `import.meta`, and the operators that make a number, a
/// string, a boolean or a BigInt.
fn never_nullish(e: &Expression) -> bool {
    match e {
        Expression::Literal(literal) => !matches!(literal.kind(), LiteralKind::Null | LiteralKind::Undefined),
        Expression::RegExpLiteral(_)
        | Expression::ArrayLiteral(_)
        | Expression::ObjectLiteral(_)
        | Expression::FunctionExpression(_)
        | Expression::ArrowFunction(_)
        | Expression::AsyncArrowFunction(_)
        | Expression::GeneratorExpression(_)
        | Expression::AsyncFunctionExpression(_)
        | Expression::AsyncGeneratorExpression(_)
        | Expression::ClassExpression(_)
        | Expression::TemplateLiteral(_)
        | Expression::New(_)
        | Expression::ImportCall(_)
        | Expression::ImportMeta(_)
        | Expression::Update(_)
        | Expression::BinaryInPrivate(_) => true,
        Expression::Unary(unary) => !matches!(unary.op(), UnaryOp::Void),
        Expression::Binary(binary) => !matches!(binary.op(), BinaryOp::Logical(_) | BinaryOp::Comma),
        Expression::Parenthesized(inner) => never_nullish(inner.expression()),
        _ => false,
    }
}

fn is_postfix(op: UpdateOp) -> bool {
    matches!(op, UpdateOp::IncrementPost | UpdateOp::DecrementPost)
}

/// End of the directive prologue of `body` (the end of its last string-literal statement).
fn last_directive_end(body: &FunctionBody) -> Option<Position> {
    body.statements()
        .iter()
        .map_while(|item| match item {
            StatementListItem::Statement(statement) => match statement.as_ref() {
                Statement::Expression(Expression::Literal(lit)) if lit.as_string().is_some() => Some(lit.span().end()),
                _ => None,
            },
            StatementListItem::Declaration(_) => None,
        })
        .last()
}

/// Skips whitespace, line terminators and comments from byte `at`.
fn skip_trivia(src: &str, mut at: usize) -> usize {
    loop {
        let rest = &src[at..];
        if let Some(c) = rest.chars().next().filter(|&c| c.is_whitespace() || c == '\u{feff}') {
            at += c.len_utf8();
        } else if let Some(comment) = rest.strip_prefix("//") {
            let end = comment.find(['\n', '\r', '\u{2028}', '\u{2029}']).unwrap_or(comment.len());
            at += 2 + end;
        } else if let Some(comment) = rest.strip_prefix("/*") {
            match comment.find("*/") {
                Some(end) => at += 2 + end + 2,
                None => return src.len(),
            }
        } else {
            return at;
        }
    }
}

/// A double-quoted JavaScript string literal for `s`.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use boa_engine::builtins::promise::PromiseState;
    use boa_engine::module::{ModuleLoader, ModuleRequest, Referrer};
    use boa_engine::{Context, JsNativeError, JsResult, Module, Script};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;

    /// Globals for the test programs: `print` appends to `out`; the hook stubs log to `hooks`.
    const PRELUDE: &str = r#"
        var out = [], hooks = [];
        function print(...args) { out.push(args.map(String).join(' ')); }
        Object.defineProperty(globalThis, '__ct$a', { value: (v, n) => (hooks.push('a' + n), v) });
        const AsyncFunction = (async () => {}).constructor;
        Object.defineProperty(globalThis, '__ct$t', {
            value: (p, n) => n === undefined ? Object.setPrototypeOf(p, AsyncFunction.prototype) : (hooks.push('t' + n), p),
        });
        var metered = 0, guarded = [];
        Object.defineProperty(globalThis, '__ct$m', { value: () => { metered++; } });
        const poison = (v) => new Proxy({}, {
            get(_, key) { guarded.push('get ' + v + ' ' + String(key)); throw new TypeError('read ' + String(key) + ' of ' + v); },
            set(_, key) { guarded.push('set ' + v + ' ' + String(key)); throw new TypeError('set ' + String(key) + ' of ' + v); },
            deleteProperty(_, key) { guarded.push('delete ' + v); throw new TypeError('delete of ' + v); },
        });
        Object.defineProperty(globalThis, '__ct$n', { value: poison });
        Object.defineProperty(globalThis, '__ct$x', { value: (e) => { guarded.push('caught ' + e); } });
        Object.defineProperty(globalThis, '__ct$i', { value: (v, m) => { if (v == null || typeof v[Symbol.iterator] !== 'function') throw new TypeError(m); return v; } });
    "#;

    #[derive(Debug, PartialEq)]
    struct Outcome {
        out: Vec<String>,
        hooks: Vec<String>,
    }

    fn context(loader: Rc<MapLoader>) -> Context {
        let mut context = Context::builder().module_loader(loader).build().expect("context");
        context.eval(boa_engine::Source::from_bytes(PRELUDE)).expect("prelude");
        context
    }

    fn outcome(context: &mut Context, mut failure: Option<String>) -> Outcome {
        if let Err(e) = context.run_jobs() {
            failure.get_or_insert(format!("job failed: {e}"));
        }
        let json = context.eval(boa_engine::Source::from_bytes("JSON.stringify([out, hooks])")).expect("read log");
        let json = json.to_string(context).expect("string").to_std_string_escaped();
        let (mut out, hooks): (Vec<String>, Vec<String>) = serde_json::from_str(&json).expect("json");
        out.extend(failure);
        Outcome { out, hooks }
    }

    /// boa's parser recurses deeply: parse on a grown stack, whatever thread runs the test.
    fn on_big_stack<T>(f: impl FnOnce() -> T) -> T {
        stacker::maybe_grow(4 * 1024 * 1024, 32 * 1024 * 1024, f)
    }

    fn run_script(src: &str) -> Outcome {
        on_big_stack(|| run_script_here(src))
    }

    fn run_script_here(src: &str) -> Outcome {
        let mut context = context(Rc::default());
        let failure = context.eval(boa_engine::Source::from_bytes(src)).err().map(|e| format!("uncaught: {e}"));
        outcome(&mut context, failure)
    }

    /// Runs module `main` with the importable modules `deps` (specifier, text).
    fn run_module(main: &str, deps: &[(&str, String)]) -> Outcome {
        on_big_stack(|| run_module_here(main, deps))
    }

    fn run_module_here(main: &str, deps: &[(&str, String)]) -> Outcome {
        let loader = Rc::new(MapLoader::default());
        let mut context = context(loader.clone());
        for (specifier, text) in deps {
            let module = Module::parse(boa_engine::Source::from_bytes(text), None, &mut context).expect("dep parses");
            loader.0.borrow_mut().insert((*specifier).to_string(), module);
        }
        let module = Module::parse(boa_engine::Source::from_bytes(main), None, &mut context).expect("main parses");
        let promise = module.load_link_evaluate(&mut context);
        context.run_jobs().expect("jobs");
        let failure = match promise.state() {
            PromiseState::Rejected(reason) => Some(format!("rejected: {}", reason.display())),
            PromiseState::Pending => Some("pending".to_string()),
            PromiseState::Fulfilled(_) => None,
        };
        outcome(&mut context, failure)
    }

    #[derive(Default)]
    struct MapLoader(RefCell<HashMap<String, Module>>);

    impl ModuleLoader for MapLoader {
        async fn load_imported_module(
            self: Rc<Self>,
            _referrer: Referrer,
            request: ModuleRequest,
            _context: &RefCell<&mut Context>,
        ) -> JsResult<Module> {
            let specifier = request.specifier().to_std_string_escaped();
            self.0
                .borrow()
                .get(&specifier)
                .cloned()
                .ok_or_else(|| JsNativeError::typ().with_message("no module").into())
        }
    }

    fn line_count(src: &str) -> usize {
        SourceIndex::new(src).expect("index").line_starts.len()
    }

    /// The provenance rewrite alone, whose exact text the tests below spell out.
    const PROVENANCE: Passes = Passes { provenance: true, meter: false, lexical_this: false, guards: false };

    /// Instruments `src` for provenance, checking that no line moved and that the result parses.
    fn rewrite(src: &str, goal: Goal) -> Instrumented {
        rewrite_with(src, goal, PROVENANCE)
    }

    fn rewrite_with(src: &str, goal: Goal, passes: Passes) -> Instrumented {
        on_big_stack(|| rewrite_here(src, goal, passes))
    }

    fn rewrite_here(src: &str, goal: Goal, passes: Passes) -> Instrumented {
        let rewritten = instrument_with(src, goal, passes).unwrap_or_else(|e| panic!("cannot instrument: {e}\n{src}"));
        assert_eq!(line_count(&rewritten.text), line_count(src), "lines moved:\n{}", rewritten.text);
        let mut interner = Interner::default();
        let mut parser = Parser::new(Source::from_bytes(rewritten.text.as_bytes()));
        let parsed = match goal {
            Goal::Script => parser.parse_script(&Scope::new_global(), &mut interner).map(drop),
            Goal::Module => parser.parse_module(&Scope::new_global(), &mut interner).map(drop),
        };
        parsed.unwrap_or_else(|e| panic!("rewritten text does not parse: {e}\n{}", rewritten.text));
        rewritten
    }

    /// Runs `src` before and after instrumenting and checks that it prints the same.
    /// Returns the rewritten outcome (whose `hooks` show the hook calls).
    fn same_script(src: &str) -> Outcome {
        let before = run_script(src);
        assert!(before.hooks.is_empty());
        assert!(!before.out.iter().any(|l| l.starts_with("uncaught")), "original failed: {:?}\n{src}", before.out);
        let rewritten = rewrite(src, Goal::Script);
        let after = run_script(&rewritten.text);
        assert_eq!(before.out, after.out, "\n--- rewritten text:\n{}", rewritten.text);
        // With the meter as well: the same output and the same provenance hook calls.
        let metered = rewrite_with(src, Goal::Script, Passes::ALL);
        let both = run_script(&metered.text);
        assert_eq!((&before.out, &after.hooks), (&both.out, &both.hooks), "\n--- metered text:\n{}", metered.text);
        after
    }

    fn column_of(line: &str, needle: &str) -> u32 {
        let byte = line.find(needle).unwrap_or_else(|| panic!("`{needle}` not in `{line}`"));
        line[..byte].chars().count() as u32 + 1
    }

    #[test]
    fn battery_of_programs_behaves_as_before() {
        let programs = [
            // declarations, expressions, arrows (concise, block, bare parameter, object body)
            r#"async function f(x) { const y = await x; return y * 2; }
               const g = async x => x + 1, h = async (a, b) => { return a + await b; };
               const o = async () => ({ a: 1 }), e = async function () { return 'expr'; };
               f(21).then(v => print('f', v)); g(1).then(print); h(1, Promise.resolve(2)).then(print);
               o().then(v => print(JSON.stringify(v))); e().then(print);"#,
            // object and class methods: computed, static, private, getters
            r#"const k = 'ck';
               const obj = { v: 5, async m() { return this.v + await 1; }, async [k + '2']() { return 'computed'; },
                             get g() { return 'getter'; }, set s(v) { print('setter', v); } };
               class K { #p = 7; static async s() { return 'static ' + this.name; } async i() { return this.#p; }
                         async #priv() { return 'priv'; } callPriv() { return this.#priv(); } }
               obj.m().then(print); obj.ck2().then(print); print(obj.g); obj.s = 3;
               K.s().then(print); new K().i().then(print); new K().callPriv().then(print);"#,
            // errors: rejected results, synchronous throws become rejections
            r#"async function boom() { await 1; throw new Error('boom'); }
               async function early() { throw new TypeError('early'); }
               boom().catch(e => print('caught', e.message));
               const p = early(); print(p instanceof Promise); p.catch(e => print(e.name, e.message));
               (async () => { null.x; })().catch(e => print(e.constructor.name));"#,
            // try/catch/finally around awaits, loops, labels, switch
            r#"async function tf() {
                 try { await Promise.reject(new Error('x')); } catch (e) { print('catch', e.message); }
                 finally { print('finally'); await 0; }
                 let sum = 0;
                 outer: for (const x of [1, 2, 3]) { for (;;) { sum += await x; if (x === 2) break outer; break; } }
                 switch (await 'b') { case 'a': print('a'); break; case 'b': print('b'); }
                 return 'done ' + sum;
               }
               tf().then(print);"#,
            // awaits of non-promises and thenables
            r#"async function values() {
                 print(await 1, await 'two', await null, await undefined, await { then(r) { r('thenable'); } });
                 print(await { then: 5 }.then, await [1, 2].length);
               }
               values();"#,
            // nested awaits and awaits in arguments
            r#"const id = async v => v;
               async function nested() { return await (await id(id(3))) + await id(await id(4)); }
               nested().then(print);"#,
            // var-redeclared parameters, destructuring, defaults, rest
            r#"async function opts(o) { var o = o || { d: 1 }; return o.d; }
               async function blockFn(a) { print(typeof a); { function a() {} } return typeof a; }
               async function shapes({ a, b: [c] }, d = a + c, ...rest) { return [a, c, d, rest.length].join(); }
               opts().then(print); opts({ d: 2 }).then(print); blockFn(1).then(print);
               shapes({ a: 1, b: [2] }, undefined, 4, 5).then(print);"#,
            // async arrow in a default parameter
            r#"async function withDefault(cb = async () => 'dflt', n = async x => x * 2) { return await cb() + await n(4); }
               withDefault().then(print);"#,
            // async generators are untouched, their awaits are still rewritten; for await
            r#"async function* gen() { yield 1; yield await Promise.resolve(2); }
               const og = { async *m() { yield await 'gm'; } };
               (async () => { for await (const v of gen()) print('gen', v); for await (const v of og.m()) print(v); })();
               print(Object.getPrototypeOf(gen).constructor.name);"#,
            // template and regex text containing the keywords
            r#"async function tpl() { const s = `await ${await 'x'} async`; const r = /await async/; return s + r.source; }
               tpl().then(print); print(`async () => await`);"#,
            // class field arrows, this in arrows, new.target, arguments
            r#"class F { tag = 'F'; f = async () => this.tag; }
               new F().f().then(print);
               async function nt() { return new.target === undefined; }
               async function args() { await null; return arguments.length + ':' + arguments[1]; }
               nt().then(print); args(1, 2, 3).then(print);
               function Outer() { this.v = 'outer-this'; const a = async () => [this.v, new.target === Outer]; return a(); }
               new Outer().then(v => print(v.join()));"#,
            // empty bodies
            r#"async function empty() {} const ea = async () => {}; const em = { async m() {} };
               empty().then(v => print('e', v)); ea().then(v => print('ea', v)); em.m().then(v => print('em', v));"#,
            // returning a promise from an async function (extra ticks) and chains
            r#"async function ret() { return Promise.resolve('r'); }
               ret().then(print); Promise.resolve().then(() => print(1)).then(() => print(2)).then(() => print(3));"#,
            // immediately invoked, comma and conditional contexts, ASI around the blanked keyword
            r#"let r = (async function () { return 'iife'; })(); r.then(print)
               const pick = true ? async () => 'cond' : null
               pick().then(print)
               const seq = (0, async () => 'comma'); seq().then(print)"#,
        ];
        for program in programs {
            let after = same_script(program);
            assert!(!after.hooks.is_empty(), "no hook ran for {program}");
        }
    }

    #[test]
    fn odd_layouts_behave_as_before() {
        let programs = [
            "#!/usr/bin/env node\nasync function f() { return await 1 }\nf().then(print)",
            "\u{feff}async function f() { return await 'bom' }\nf().then(print)",
            "const f = async /* c */ function /* d */ () /* e */ { return 'comments' /* f */ } // g\nf().then(print)",
            "const g = async () => // line comment\n    'after comment';\ng().then(print)",
            "async function h() { return 'trailing' // comment\n}\nh().then(print)",
            "async function w() { return await\n  'newline after await' }\nw().then(print)",
            "!async function () { print(await 'bang iife') }()",
            "async function d() {'use strict'}\nasync function e() { 'use strict'; 'use asm' }\nd().then(print); e().then(print)",
            "var obj = { v: 'with' };\nasync function s() { with (obj) { return await v; } }\ns().then(print)",
            "async function c() { class A { get x() { return 'getter'; } async m() { return this.x; } } return new A().m(); }\nc().then(print)",
            "async function l() { lbl: { if (await true) break lbl; print('not here'); } return 'labels'; }\nl().then(print)",
            "const o = { async 'str key'() { return 1; }, async 2() { return 2; }, async async() { return 3; }, async() { return 4; } };\n\
             Promise.all([o['str key'](), o[2](), o.async(), o.async()]).then(v => print(v.join()))",
            "class A { static async async() { return 's'; } static async *gen() { yield 'g'; } static async #p() { return 'p'; } static p() { return A.#p(); } }\n\
             A.async().then(print); A.gen().next().then(r => print(r.value)); A.p().then(print)",
            // (boa 0.22 cannot parse a call `async(1)` nor an arrow `async => 1` whose parameter is `async`)
            "var async = 'async as a name'; print(async); const o = { async: 2, await: 3 }; print(o.async + o.await);",
            "async function f() { return typeof await 0 }; async function g() { return void await 0 }; f().then(print); g().then(print)",
            "async function f(x) { return (await x) ? await x : !await x } f(0).then(print); f(1).then(print)",
            "const f = async () => { try { return await Promise.reject(new Error('e')) } catch { return 'caught' } }; f().then(print)",
            "async function f() { for (let i = 0; i < 3; i++) { const j = await i; setTimeout; print(j) } } f()",
            "async function f() { return [await 1, ...(await [2, 3]), { k: await 4 }[`k`]] } f().then(v => print(v))",
            "async function f(a, b = a) { return arguments.length + b } f(1).then(print); f(1, 2, 3).then(print)",
        ];
        for program in programs {
            same_script(program);
        }
    }

    #[test]
    fn directive_prologue_stays_in_the_outer_function() {
        let src = r#"async function strict(a) { 'use strict'; return (function () { return this === undefined; })(); }
            async function noSemicolon() { "use strict"
                return (function () { return this === undefined; })(); }
            async function sloppy() { return (function () { return this === undefined; })(); }
            const arrow = async () => { 'use strict'; return (function () { return this; })(); };
            async function notDirective() { ('use strict'); return (function () { return this === undefined; })(); }
            strict().then(v => print('strict', v)); noSemicolon().then(v => print('noSemicolon', v));
            sloppy().then(v => print('sloppy', v)); arrow().then(v => print('arrow', v));
            notDirective().then(v => print('notDirective', v));"#;
        let after = same_script(src);
        assert_eq!(
            after.out,
            ["strict true", "noSemicolon true", "sloppy false", "arrow undefined", "notDirective false"]
        );
        let text = rewrite(src, Goal::Script).text;
        assert!(text.contains("{ 'use strict';if (new.target)"), "{text}");
        assert!(text.contains("\"use strict\";if (new.target)"), "{text}");
    }

    #[test]
    fn this_arguments_super_and_new_target_are_inherited() {
        let src = r#"
            class Base { async who() { return 'base'; } static async s() { return 'static base'; } }
            class Derived extends Base {
                async who() { const b = await super.who(); return [b, this.constructor.name, arguments.length].join(); }
                static async s() { return (await super.s()) + ' via ' + this.name; }
            }
            new Derived().who(1, 2).then(print);
            Derived.s().then(print);
            const o = { __proto__: { hi() { return 'proto hi'; } }, async m() { return super.hi() + ' ' + arguments[0]; } };
            o.m('arg').then(print);
            async function t() { return [typeof this, new.target, arguments[0]].join(); }
            t.call('s', 'a0').then(print);
            (async function () { 'use strict'; return this; }).call(undefined).then(v => print(v));
        "#;
        let after = same_script(src);
        assert_eq!(after.out, ["proto hi arg", "object,,a0", "undefined", "base,Derived,2", "static base via Derived"]);
    }

    #[test]
    fn rewritten_functions_are_not_constructible() {
        let src = r#"
            let ran = false;
            async function decl() { ran = true; }
            const expr = async function named() { ran = true; };
            const anon = [async function () { ran = true; }][0];
            for (const f of [decl, expr, anon]) {
                try { new f(); print('constructed'); } catch (e) { print(e instanceof TypeError); }
            }
            const arrow = async () => {}, method = { async m() {} }.m;
            for (const f of [arrow, method]) {
                try { new f(); print('constructed'); } catch (e) { print(e instanceof TypeError); }
            }
            print(ran);
        "#;
        assert_eq!(same_script(src).out, ["true", "true", "true", "true", "true", "false"]);
        let text = rewrite(src, Goal::Script).text;
        assert!(text.contains(r#"throw new TypeError("decl is not a constructor")"#), "{text}");
        assert!(text.contains(r#"throw new TypeError("named is not a constructor")"#), "{text}");
    }

    #[test]
    fn name_and_length_are_unchanged() {
        let src = r#"
            async function decl(a, b) {}
            const expr = async function (a, b = 1, c) {};
            const arrow = async (a, ...b) => a, bare = async x => x;
            const obj = { async method(a, b, c) {}, async ['comp' + 'uted'](a) {} };
            class C { static async s(a) {} async #p(a, b) {} async i() {} static p() { return new C().#p; } }
            for (const f of [decl, expr, arrow, bare, obj.method, obj.computed, C.s, C.p(), C.prototype.i]) {
                print(f.name, f.length);
            }
        "#;
        let out = same_script(src).out;
        assert_eq!(out, ["decl 2", "expr 1", "arrow 1", "bare 1", "method 3", "computed 1", "s 1", "#p 2", "i 0"]);
    }

    #[test]
    fn microtask_order_is_unchanged() {
        let src = r#"
            class MyPromise extends Promise {}
            const thenable = { then(resolve) { print('thenable.then'); resolve('T'); } };
            async function inner(n) { print('inner start ' + n); await null; print('inner resumed ' + n); return n; }
            async function outer() {
                print('outer start');
                print('outer got ' + await inner(1));
                print('outer thenable ' + await thenable);
                print('outer subclass ' + await MyPromise.resolve('M'));
                print('outer all ' + await Promise.all([inner(2), Promise.resolve(3), 4, thenable]));
                try { await Promise.reject(new Error('r')); } catch (e) { print('outer caught ' + e.message); }
                finally { print('outer finally'); }
                for await (const x of [Promise.resolve('fa1'), 'fa2']) print('for await ' + x);
                return 'outer done';
            }
            Promise.resolve().then(() => print('then 1')).then(() => print('then 2')).then(() => print('then 3'))
                .then(() => print('then 4')).then(() => print('then 5')).then(() => print('then 6'));
            outer().then(v => print(v)).finally(() => print('outer .finally'));
            (async () => { print('arrow start'); await 5; print('arrow after 5'); await undefined; print('arrow end'); })();
            new MyPromise(r => r(1)).then(() => print('subclass then'));
            Promise.resolve(thenable).then(v => print('resolved thenable ' + v));
            const m = { async method() { print('method'); return await 'mv'; } };
            m.method().then(v => print('method ' + v));
            async function returnsPromise() { return Promise.resolve('returned promise'); }
            returnsPromise().then(print);
            async function nestedCalls() { return await inner(3) + await (async () => await inner(4))(); }
            nestedCalls().then(v => print('nested ' + v));
            Promise.allSettled([Promise.reject(1), inner(5)]).then(r => print('settled ' + r.map(x => x.status)));
            print('sync end');
        "#;
        let after = same_script(src);
        assert!(after.out.len() >= 25, "only {} events: {:?}", after.out.len(), after.out);
        assert!(after.hooks.iter().filter(|h| h.starts_with('a')).count() >= 10);
    }

    #[test]
    fn await_operands_and_concise_bodies_of_every_shape() {
        let src = r#"
            const a = { b: [10, 20], c: { d: () => [5] } }, k = 'b', i = 1, n = [1];
            function f() { return [7, 8]; }
            class X { constructor() { this.v = 'X'; } }
            function tag(s, ...v) { return s.raw.join('|') + v.join(','); }
            function g() { return tag; }
            class P { #p; static has = async o => #p in o; static async #sp(x) { return await x[0]; } static sp() { return P.#sp([9]); } }
            async function awaits() {
                print(await a[k][i], await a.c.d()[0], await f()[1], await -a[k][0], await typeof a[k]);
                print(await new X().v, (await new X).v, await new X()['v'], await a?.[k]?.[0], await tag`x${1}y`);
                print(await (1, 2), await a[k /* ] */ ][0 /* c */ ], await void a[k], await !f(), await await a[k][0]);
                print(await n[0]++, await ++n[0], await a
                    [k]
                    [0], await `t${a[k][0]}`, await delete a.zz, await [a[k][0]][0], await f()?.[0]);
                print(await (async () => a[k])(), await/* c */a[k][1], await f().length, await a.c.d().length);
                print(await P.sp(), await g()`u`, await (a)[k], await this?.[k], await class { static v = 1 }.v);
            }
            const concise = [
                async () => a[k], async () => f()[0], async () => new X, async () => f(), async () => a.c.d()[0] + f()[1],
                async () => i ? a[k] : f()[0], async () => tag`q${i}`, async x => x = a[k], async () => f().length,
                async () => (a.c).d()[0], async () => f()?.[0], async () => n[0]++, async () => x => a[k],
                async () => async () => a[k], async () => a[k] || f()[1], async () => f() instanceof Array,
                async () => [a][0][k], async () => ({ v: a[k] }), async () => /re/.source, async () => i > 0 && f()[0],
                async () => typeof f(), async () => -f()[0], async () => ++f()[0], async () => f().x = 1,
                async () => [n[0]] = f(), async () => g()`t${i}`, async () => void f(), async () => f() ? 1 : 2,
                async () => a[k][0] ** 2, async () => (0, f)()[0], async () => new X().v, async () => f()?.y ?? 0,
                async () => P.has(new P()), async () => f().x += 1, async () => class {}.name,
            ];
            awaits().then(() => Promise.all(concise.map(c => c())))
                .then(vs => vs.forEach(v => print(typeof v === 'function' ? typeof v() : JSON.stringify(v))))
                .catch(e => print('failed', e));
        "#;
        let after = same_script(src);
        assert_eq!(after.out.len(), 6 + 35, "{:?}", after.out);
    }

    #[test]
    fn sites_point_at_the_original_keywords() {
        let src = "const x = 1;\nasync function f() {\n  const a = await x; const b = await x;\n  return async () => await a;\n}\n";
        let rewritten = rewrite(src, Goal::Script);
        let site = |kind, line, column| Site { kind, line, column };
        assert_eq!(
            rewritten.sites,
            [
                site(SiteKind::AsyncFunction, 2, 1),
                site(SiteKind::Await, 3, 13),
                site(SiteKind::Await, 3, 32),
                site(SiteKind::AsyncFunction, 4, 10),
                site(SiteKind::Await, 4, 22),
            ]
        );
        // The numbers in the text are the indexes of those sites.
        let lines: Vec<&str> = rewritten.text.lines().collect();
        assert!(
            lines[2].contains("await __ct$a(void 0 ?? x, 1)") && lines[2].contains("await __ct$a(void 0 ?? x, 2)"),
            "{}",
            lines[2]
        );
        assert!(lines[3].contains("__ct$t((async () => await __ct$a(void 0 ?? a, 4))(), 3)"), "{}", lines[3]);
        assert!(lines[4].starts_with(r#"}}["f"](), 0)}"#), "{}", lines[4]);
    }

    #[test]
    fn sites_count_code_points() {
        let src = "// 😀 ünïcödé 😀\nconst s = \"😀é\"; const g = async () => await s;\nclass 𝒞 { async m() {} }";
        let rewritten = rewrite(src, Goal::Script);
        let site = |kind, line, column| Site { kind, line, column };
        assert_eq!(
            rewritten.sites,
            [site(SiteKind::AsyncFunction, 2, 27), site(SiteKind::Await, 2, 39), site(SiteKind::AsyncFunction, 3, 11)]
        );
        assert!(
            rewritten
                .text
                .contains("\"😀é\"; const g = __ct$t({\"g\":       () => __ct$t((async () => await __ct$a(void 0 ?? s, 1))(), 0)}[\"g\"]);")
        );
        assert_eq!(run_script(&rewritten.text).hooks, Vec::<String>::new());
    }

    /// A declared async function is marked where it is declared only when its value can
    /// be seen: passed, stored or exported; called by its name, it needs none.
    #[test]
    fn a_declaration_is_marked_only_when_its_value_escapes() {
        let called = rewrite("async function h(r) { return r; }\nh(1); o.h; function g() {}", Goal::Script);
        assert!(!called.text.contains("__ct$t(h);"), "{}", called.text);
        let passed = rewrite("async function h(r) { return r; }\nuse(h);", Goal::Script);
        assert!(passed.text.contains("__ct$t(h);"), "{}", passed.text);
        let exported = rewrite("export async function h(r) { return r; }\nh(1);", Goal::Module);
        assert!(exported.text.contains("__ct$t(h);"), "{}", exported.text);
        assert!(super::used_as_value("f(a, h)", "h"));
        assert!(!super::used_as_value("h (1); x.h; hh; h2; function h() {}", "h"));
    }

    #[test]
    fn crlf_and_other_line_terminators() {
        let src = "async function f() {\r\n  await a;\r\n  await b; await c;\r\n}\r// cr only\r\u{2028}  const g = async () => await d;\r\n";
        let rewritten = rewrite(src, Goal::Script);
        let lines: Vec<(u32, u32)> = rewritten.sites.iter().map(|s| (s.line, s.column)).collect();
        assert_eq!(lines, [(1, 1), (2, 3), (3, 3), (3, 12), (7, 13), (7, 25)]);
        assert_eq!(rewritten.text.matches("\r\n").count(), src.matches("\r\n").count());
        assert!(rewritten.text.ends_with("await __ct$a(void 0 ?? d, 5))(), 4)}[\"g\"]);\r\n"), "{:?}", rewritten.text);
        assert!(rewritten.text.contains("}}[\"f\"](), 0)}\r// cr only"), "{:?}", rewritten.text);
    }

    #[test]
    fn original_position_maps_columns_on_edited_lines() {
        let src = "let x;\nasync function f() { return await x + await x; } f();\nconst y = 1;";
        let rewritten = rewrite(src, Goal::Script);
        let original: Vec<&str> = src.lines().collect();
        let edited: Vec<&str> = rewritten.text.lines().collect();
        assert_eq!(edited[0], original[0]);
        assert_eq!(rewritten.original_position(1, 5), (1, 5));
        assert_eq!(rewritten.original_position(3, 7), (3, 7));
        // Original tokens keep mapping to themselves.
        for token in ["function", "f()", "return await", "+ await", "; }", " f();"] {
            let from = column_of(edited[1], token);
            let to = column_of(original[1], token);
            assert_eq!(rewritten.original_position(2, from), (2, to), "{token}");
        }
        // The second `f()` is the call after the function.
        let call = edited[1].rfind("f();").map(|b| edited[1][..b].chars().count() as u32 + 1).unwrap();
        assert_eq!(rewritten.original_position(2, call), (2, original[1].rfind("f();").unwrap() as u32 + 1));
        // Inside inserted text: the insertion point.
        assert_eq!(rewritten.original_position(2, column_of(edited[1], "__ct$t")), (2, 21));
        assert_eq!(rewritten.original_position(2, column_of(edited[1], "__ct$a")), (2, 34));
        assert_eq!(rewritten.original_position(2, column_of(edited[1], ", 1)")), (2, 36));
        // The blanked `async` maps column for column.
        assert_eq!(rewritten.original_position(2, 3), (2, 3));
    }

    #[test]
    fn modules_with_imports_exports_and_top_level_await() {
        let dep = r#"
            export async function load(x) { return await x + 1; }
            export default async function () { return 'default'; }
            export const arrow = async () => 'arrow';
            export class Service { async get() { return 'service'; } }
        "#;
        let other = "export default async function named() { return 'named'; }\nexport const ready = await Promise.resolve('ready');";
        let main = r#"
            import def, { load, arrow, Service } from 'dep';
            import named, { ready } from 'other';
            const v = await load(1);
            print('tla', v, await def(), await arrow(), await new Service().get(), def.name, await named(), named.name, ready);
            try { new def(); } catch (e) { print(e.name); }
            export async function unused() {}
        "#;
        let deps = |dep: &str, other: &str| vec![("dep", dep.to_string()), ("other", other.to_string())];
        let before = run_module(main, &deps(dep, other));
        let (m, d, o) = (rewrite(main, Goal::Module), rewrite(dep, Goal::Module), rewrite(other, Goal::Module));
        let after = run_module(&m.text, &deps(&d.text, &o.text));
        assert_eq!(before.out, ["tla 2 default arrow service default named named ready", "TypeError"]);
        assert_eq!(before.out, after.out);
        assert!(d.text.contains("export default       function () {"), "{}", d.text);
        assert!(after.hooks.contains(&"a0".to_string()));
        assert!(instrument("await 1;", Goal::Script).is_err(), "top-level await is module-only");
    }

    /// A concise arrow whose body is a class (effect's `TaggedClass = tag => class extends
    /// Class { _tag = tag }`, linkedom's factories): boa's span of a class with members
    /// ends where its closing brace starts, and the arrow's closing text used to land
    /// inside the class body.
    #[test]
    fn an_arrow_returning_a_class_keeps_the_class_whole() {
        let main = r#"
            class Base { base() { return 'base'; } }
            const Tagged = tag => class extends Base { _tag = tag; get t() { return this._tag; } };
            const Empty = () => class {};
            const Named = n => class C { static n = n; }.n;
            print(new (Tagged('x'))().t, new (Tagged('y'))().base(), typeof Empty(), Named(3));
        "#;
        let before = run_module(main, &[]);
        let after = run_module(&rewrite(main, Goal::Module).text, &[]);
        assert_eq!(before.out, ["x base function 3"]);
        assert_eq!(before.out, after.out);
    }

    #[test]
    fn syntax_errors_are_reported() {
        assert!(instrument("async function (", Goal::Script).is_err());
        assert!(instrument("let let = 1;", Goal::Module).is_err());
        assert!(instrument("function f() { await x; }", Goal::Module).is_err());
    }

    #[test]
    fn sources_without_async_code_are_unchanged() {
        let src = r#"const o = { get x() { return 1; }, set x(v) {}, async: 1, await: 2 };
            class G { get g() { return 2; } static set s(v) {} }
            const r = /async function await/g, t = `await ${o.async} async () => {}`; // async await
            /* async function x() { await y; } */ const s = 'await async';
            function* gen() { yield 1; } var async = 3; var await = 4; print(async + await);"#;
        let rewritten = rewrite(src, Goal::Script);
        assert_eq!(rewritten.text, src);
        assert!(rewritten.sites.is_empty());
    }

    #[test]
    fn getters_keep_their_body_inside_async_classes() {
        let src = "class C { get v() { return 1; } async m() { return this.v; } }\nnew C().m().then(print);";
        let rewritten = rewrite(src, Goal::Script);
        assert!(
            rewritten.text.starts_with("class C { get v() { return 1; }       m() {return __ct$t("),
            "{}",
            rewritten.text
        );
        assert_eq!(same_script(src).out, ["1"]);
    }

    #[test]
    fn async_method_with_computed_key_and_default_parameter_arrow() {
        let src = "const k = 'key'; const o = { async [k]() { return await k; } };\n\
                   async function d(f = async x => [x]) { return f(1); }\no[k]().then(print); d().then(print);";
        let rewritten = rewrite(src, Goal::Script);
        assert_eq!(
            rewritten.sites.iter().map(|s| s.kind).collect::<Vec<_>>(),
            [SiteKind::AsyncFunction, SiteKind::Await, SiteKind::AsyncFunction, SiteKind::AsyncFunction]
        );
        assert!(rewritten.text.contains(
            r#"{       [k]() {return __ct$t({"": async () => { return await __ct$a(void 0 ?? k, 1); }}[""](), 0)}"#
        ));
        assert!(
            rewritten
                .text
                .contains("function d(f = __ct$t({\"f\":       x => __ct$t((async () => [x])(), 3)}[\"f\"]))"),
            "{}",
            rewritten.text
        );
        assert_eq!(same_script(src).out, ["key", "1"]);
    }

    #[test]
    fn async_generators_are_left_alone_except_their_awaits() {
        let src =
            "async function* g() { yield await 1; }\nconst o = { async *m() { await 2; } };\nclass C { async *n() {} }";
        let rewritten = rewrite(src, Goal::Script);
        assert_eq!(
            rewritten.text,
            "async function* g() { yield await __ct$a(void 0 ?? 1, 0); }\nconst o = { async *m() { await __ct$a(void 0 ?? 2, 1); } };\nclass C { async *n() {} }"
        );
    }

    /// Runs `src` instrumented with `passes` and returns what it printed.
    fn printed_with(src: &str, passes: Passes) -> Vec<String> {
        run_script(&rewrite_with(src, Goal::Script, passes).text).out
    }

    #[test]
    fn the_meter_counts_each_call_of_every_kind_of_function_once() {
        let src = r#"
            function f() {}
            const a = () => 1, b = () => { return 2; };
            const o = { m() {}, get g() { return 1; }, set s(v) {} };
            class C { constructor() {} static st() {} method() {} }
            class D extends C { constructor() { super(); } }
            function* gen() { yield 1; yield 2; }
            async function af() { await null; }
            const aa = async () => 1, ab = async () => { return 1; };
            function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
            let before = metered;
            f(); a(); b(); o.m(); o.g; o.s = 1; new C(); C.st(); new C().method(); new D();
            [...gen()]; af(); aa(); ab(); (function strict() { 'use strict'; })();
            print(metered - before);
            before = metered; fib(10); print(metered - before);
        "#;
        // f, a, b, m, g, s, C, st, C + method, D + C, gen (one body run), af, aa, ab, strict;
        // fib(10) makes 177 calls.
        let expected = vec!["17".to_string(), "177".to_string()];
        assert_eq!(printed_with(src, Passes::ALL), expected);
        assert_eq!(
            printed_with(src, Passes { provenance: false, meter: true, lexical_this: false, guards: false }),
            expected
        );
        assert_eq!(printed_with(src, PROVENANCE), vec!["0", "0"]);
    }

    #[test]
    fn stripping_the_meter_gives_back_the_source_text_of_every_function() {
        let src = "function f(a) { return a; }\nconst g = x => x + 1, h = () => ({ v: (1, 2) });\n\
                   function s() { 'use strict'; return this; }\nfunction t() {\"use strict\"\n return 1 }\n\
                   const o = { m() {}, get p() { return y => [y]; } };\nclass C { constructor() { super.x; } }";
        let metered = rewrite_with(
            src,
            Goal::Script,
            Passes { provenance: false, meter: true, lexical_this: false, guards: false },
        );
        assert_ne!(metered.text, src);
        assert_eq!(strip_meter(&metered.text), src);
    }

    #[test]
    fn the_meter_alone_leaves_awaits_and_async_functions_as_they_are() {
        let src = "async function f(x) { 'use strict'; return await x; }\nconst g = async x => x;";
        let rewritten = rewrite_with(
            src,
            Goal::Script,
            Passes { provenance: false, meter: true, lexical_this: false, guards: false },
        );
        assert_eq!(
            rewritten.text,
            "async function f(x) { 'use strict';__ct$m();; return await x; }\nconst g = async x => __ct$m() ?? x;"
        );
        assert!(rewritten.sites.is_empty() && rewritten.edited);
    }

    #[test]
    fn empty_bodies() {
        // (boa names an anonymous function expression after the binding it initialises)
        let src = "async function e() {}\nconst a = async () => {}, m = { async m(){} }, x = async function () {'use strict'};";
        let rewritten = rewrite(src, Goal::Script);
        let lines: Vec<&str> = rewritten.text.lines().collect();
        // Each body's call is recognised, and nothing else.
        let calls: Vec<usize> =
            (0..rewritten.text.len()).filter(|&at| crate::is_async_body_call(&rewritten.text, at)).collect();
        assert_eq!(calls.len(), 4, "{}", rewritten.text);
        for at in calls {
            assert!(rewritten.text[..at].ends_with(')') || rewritten.text[..at].ends_with(']'));
        }
        assert_eq!(
            lines[0],
            r#"      function e() {if (new.target) throw new TypeError("e is not a constructor");return __ct$t({"e": async () => {}}["e"](), 0)}"#
        );
        // Functions made by expressions are marked where they are made, keeping the name
        // they have from where they stand; methods are not marked.
        assert_eq!(
            lines[1],
            "const a = __ct$t({\"a\":       () => {return __ct$t({\"\": async () => {}}[\"\"](), 1)}}[\"a\"]), m = {       m(){return __ct$t({\"\": async () => {}}[\"\"](), 2)} }, \
             x = __ct$t({\"x\":       function () {'use strict';if (new.target) throw new TypeError(\"x is not a constructor\");\
             return __ct$t({\"x\": async () => {}}[\"x\"](), 3)}}[\"x\"]);"
        );
    }

    #[test]
    fn for_await_is_not_rewritten() {
        let src = "async function f(xs) { for await (const x of xs) print(x); }";
        let rewritten = rewrite(src, Goal::Script);
        assert!(rewritten.text.contains("for await (const x of xs)"));
        assert_eq!(rewritten.sites.len(), 1);
    }

    #[test]
    fn parameters_redeclared_with_var_are_passed_to_the_body() {
        let src = "async function f(o, p) { var o = o || {}; return o; }";
        let rewritten = rewrite(src, Goal::Script);
        assert!(
            rewritten.text.contains(r#"return __ct$t({"f": async (o) => { var o = o || {}; return o; }}["f"](o), 0)"#)
        );
    }

    /// Instruments every JavaScript file of the jose package (and the scenarios) and checks
    /// that boa parses the result. Run with `--ignored --nocapture` to see the time.
    #[test]
    #[ignore = "needs scenarios/jwt-project/node_modules (npm install)"]
    fn instrument_real_packages() {
        // boa's parser recurses deeply on minified code: give the whole test a big stack.
        stacker::grow(512 * 1024 * 1024, instrument_real_packages_here);
    }

    fn instrument_real_packages_here() {
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, files);
                } else if path.extension().is_some_and(|e| e == "js" || e == "mjs") {
                    files.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
        let jose = root.join("jwt-project/node_modules/jose");
        assert!(jose.is_dir(), "run `npm install` in scenarios/jwt-project first");
        let mut files = Vec::new();
        walk(&root, &mut files);
        files.sort();
        let sources: Vec<(std::path::PathBuf, String)> =
            files.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).expect("read"))).collect();
        let mut context = Context::default();
        let mut results = Vec::new();
        for (path, text) in &sources {
            match instrument(text, Goal::Module) {
                Ok(rewritten) => results.push((path, text, rewritten)),
                // Not a module (CommonJS with a top-level `return`): the engine refuses it too.
                Err(e) => assert!(
                    Module::parse(boa_engine::Source::from_bytes(text), None, &mut context).is_err(),
                    "{}: {e}",
                    path.display()
                ),
            }
        }
        assert!(results.len() > 100, "only {} modules instrumented", results.len());
        for (path, text, rewritten) in results {
            assert_eq!(line_count(&rewritten.text), line_count(text));
            Module::parse(boa_engine::Source::from_bytes(&rewritten.text), None, &mut context)
                .unwrap_or_else(|e| panic!("{}: rewritten text does not parse: {e}", path.display()));
            if !text.contains("import") && !text.contains("export") {
                // A fresh realm: scripts share the global scope.
                Script::parse(boa_engine::Source::from_bytes(&rewritten.text), None, &mut Context::default())
                    .unwrap_or_else(|e| panic!("{}: rewritten script does not parse: {e}", path.display()));
            }
        }
    }

    const GUARDS: Passes = Passes { provenance: false, meter: false, lexical_this: false, guards: true };

    #[test]
    fn guards_wrap_the_objects_of_member_accesses_that_may_be_nullish() {
        let cases = [
            ("x = a.b.c;", "x = (/*ct$g*/(/*ct$g*/a ?? __ct$n(a)/*ct$g*/).b ?? __ct$n(a.b)/*ct$g*/).c;"),
            ("x = f().x;", "let __ct$v;x = ((__ct$v=f())??__ct$n(__ct$v)/*ct$g*/).x;"),
            ("'use strict'; x = g().y;", "'use strict';let __ct$v;; x = ((__ct$v=g())??__ct$n(__ct$v)/*ct$g*/).y;"),
            ("x = o[k] = 1;", "x = (/*ct$g*/o ?? __ct$n(o)/*ct$g*/)[k] = 1;"),
            ("x = o['k'].m();", "x = (/*ct$g*/(/*ct$g*/o ?? __ct$n(o)/*ct$g*/)['k'] ?? __ct$n(o[\"k\"])/*ct$g*/).m();"),
            ("x = (a || b).c;", "let __ct$v;x = ((__ct$v=(a || b))??__ct$n(__ct$v)/*ct$g*/).c;"),
            (
                "x = a\n  .b\n  .c;",
                "x = (/*ct$g*/(/*ct$g*/a ?? __ct$n(a)/*ct$g*/)\n  .b ?? __ct$n(a.b)/*ct$g*/)\n  .c;",
            ),
            // A statement that starts with a guard gets its own `;`, so that the line
            // before cannot call it; one in an `if` body needs none.
            (
                "x = y\na.b\nif (c) d.e",
                "x = y\n;/*ct$;*/(/*ct$g*/a ?? __ct$n(a)/*ct$g*/).b\nif (c) (/*ct$g*/d ?? __ct$n(d)/*ct$g*/).e",
            ),
            ("x = y\nf().g", "let __ct$v;x = y\n;/*ct$;*/((__ct$v=f())??__ct$n(__ct$v)/*ct$g*/).g"),
            ("const { a, ...r } = x;", "const { a, ...r } = (/*ct$g*/x ?? __ct$d(x, \"a\", \"x\")/*ct$g*/);"),
            (
                "let {} = f(o[\"k\"]); ({ b } = c ? d : e);",
                "let __ct$v;let {} = ((__ct$v=f((/*ct$g*/o ?? __ct$n(o)/*ct$g*/)[\"k\"]))??__ct$d(__ct$v, \"\", \"f(...)\")/*ct$g*/); ({ b } = ((__ct$v=c ? d : e)??__ct$d(__ct$v, \"b\", \"(intermediate value)\")/*ct$g*/));",
            ),
            (
                "for (const y of x) {} for (const z of f()) {} g(...o.l, [...m]);",
                "for (const y of __ct$i(x,/*ct$i*/\"x is not iterable\")) {} for (const z of __ct$i(f(),/*ct$i*/\"f is not a function or its return value is not iterable\")) {} g(...__ct$i((/*ct$g*/o ?? __ct$n(o)/*ct$g*/).l,/*ct$i*/\"Spread syntax requires ...iterable[Symbol.iterator] to be a function\"), [...__ct$i(m,/*ct$i*/\"m is not iterable\")]);",
            ),
            // Defaults and nested patterns are worded differently by V8: left alone.
            ("const { a = 1 } = x, { b: { c } } = y, [d] = [z];", ""),
            ("const [d] = z;", "const [d] = __ct$i(z,/*ct$i*/\"z is not iterable\");"),
            (
                "const [a, b] = g(1); let [c] = this.m();",
                "const [a, b] = __ct$i(g(1),/*ct$i*/\"g is not a function or its return value is not iterable\"); let [c] = this.m();",
            ),
            (
                "try { x(); } catch (e) { y(); } try {} catch { } try {} catch ({ m }) {}",
                "try { x(); } catch (e) {__ct$x(e); y(); } try {} catch { } try {} catch ({ m }) {}",
            ),
            // Never nullish, `this`, well-known globals, private names, optional chains.
            ("new C().x; 's'.length; [1].map; `t`.at; (1 + 2).toFixed; this.x; Math.max; a?.b;", ""),
        ];
        for (src, expected) in cases {
            let text = rewrite_with(src, Goal::Script, GUARDS).text;
            let expected = if expected.is_empty() { src } else { expected };
            assert_eq!(text, expected, "{src}");
        }
    }

    /// A name whose one binding never changes, once a statement read a property of it,
    /// is not nullish in the statements after it in the same list: their accesses need no
    /// guard. Not across a hoisted function (it may run first), not for a name assigned
    /// anywhere, declared twice, bound by a pattern or a `var` initialiser, and not in a
    /// script that uses `arguments`.
    #[test]
    fn a_stable_name_read_by_an_earlier_statement_is_not_guarded_again() {
        let g = |name: &str| format!("(/*ct$g*/{name} ?? __ct$n({name})/*ct$g*/)");
        let cases = [
            (
                "function f(o) { const r = g(o.a); r.push(1); if (c) { r.push(2); } return r.join(o.b); }",
                format!(
                    "function f(o) {{ const r = g({}.a); ;/*ct$;*/{}.push(1); if (c) {{ r.push(2); }} return r.join(o.b); }}",
                    g("o"),
                    g("r")
                ),
            ),
            // A stable `const` whose initialiser is never nullish: a literal, `new`, or a call
            // of a function declaration that ends in a `return` and returns only such.
            (
                "const a = [], u = new URL(x); function mk() { if (c) { return { k: 1 }; } return []; } const m = mk(); a.x; u.y; m.z;",
                String::new(),
            ),
            (
                "function mk(c) { if (c) return null; return {}; } function mk2() { if (c) return {}; } const p = mk(), q = mk2(); p.x; q.y;",
                format!(
                    "function mk(c) {{ if (c) return null; return {{}}; }} function mk2() {{ if (c) return {{}}; }} const p = mk(), q = mk2(); ;/*ct$;*/{}.x; ;/*ct$;*/{}.y;",
                    g("p"),
                    g("q")
                ),
            ),
            // The arguments of a method call run after its object was read.
            ("(e) => e.respondWith(h(e.request))", format!("(e) => {}.respondWith(h(e.request))", g("e"))),
            // Assigned: every access keeps its guard.
            (
                "function f(o) { o.a; o = p; o.b; }",
                format!("function f(o) {{ ;/*ct$;*/{}.a; o = p; ;/*ct$;*/{}.b; }}", g("o"), g("o")),
            ),
            // A conditional read teaches nothing; a hoisted function may run before the read.
            (
                "function f(o) { c && o.a; o.b; function h() { return o.c; } }",
                format!(
                    "function f(o) {{ c && {}.a; ;/*ct$;*/{}.b; function h() {{ return {}.c; }} }}",
                    g("o"),
                    g("o"),
                    g("o")
                ),
            ),
            // Declared twice: not stable.
            (
                "function f(o) { o.a; o.b; } function k(o) {}",
                format!("function f(o) {{ ;/*ct$;*/{}.a; ;/*ct$;*/{}.b; }} function k(o) {{}}", g("o"), g("o")),
            ),
            // `arguments` in a script can change a parameter.
            (
                "function f(o) { o.a; arguments[0] = null; o.b; }",
                format!(
                    "function f(o) {{ ;/*ct$;*/{}.a; ;/*ct$;*/{}[0] = null; ;/*ct$;*/{}.b; }}",
                    g("o"),
                    g("arguments"),
                    g("o")
                ),
            ),
        ];
        for (src, expected) in cases {
            let expected = if expected.is_empty() { src.to_string() } else { expected };
            assert_eq!(rewrite_with(src, Goal::Script, GUARDS).text, expected, "{src}");
        }
    }

    #[test]
    fn a_nullish_object_reaches_the_hook_with_its_value_and_key_in_evaluation_order() {
        let src = r#"
            let u, n = null, log = [];
            const o = { a: undefined, s: "str" };
            const attempt = (f) => { try { f(); print("no error"); } catch (e) { print(e.message); } };
            attempt(() => u.x);
            attempt(() => n.y.z);
            attempt(() => o.a.b);
            attempt(() => { const k = "key"; return o.a[k]; });
            attempt(() => { o.a.b = (log.push("rhs"), 1); });
            print(log.join());
            let calls = 0;
            const f = () => (calls++, null);
            attempt(() => f().x);
            print(calls);
            attempt(() => o.a.m());
            attempt(() => { delete o.a.b; });
            let i = 0;
            const list = [undefined];
            attempt(() => list[i++].x);
            print(i, o.s.length, list.length);
        "#;
        let out = printed_with(src, GUARDS);
        assert_eq!(
            out,
            [
                "read x of undefined",
                "read y of null",
                "read b of undefined",
                "read key of undefined",
                "set b of undefined",
                "rhs",
                "read x of null",
                "1",
                "read m of undefined",
                "delete of undefined",
                "read x of undefined",
                "1 3 1"
            ]
        );
    }

    #[test]
    fn stripping_a_guarded_text_gives_the_source_back() {
        let src = "function f(o, k) { for (const i of [...o.it, ...g()]) h(...i); const { p, q } = o.s, { r } = g(); try { o.t } catch (err) { err.u } o.n = 1\n g().h; for (;o.i;) o.j; return o.a[k].b(g(o.c).d, (x || y).z, this.w, a\n.b.c); }";
        let text = rewrite_with(src, Goal::Script, Passes::ALL).text;
        // The program's own declarations (the guard variable, the loop counter) are not
        // the function's.
        let function = text.strip_prefix("let __ct$v;let __ct$k=-1024;").unwrap_or_else(|| panic!("{text}"));
        assert_ne!(function, src);
        assert_eq!(strip_meter(function), src);
    }

    /// Every `while`, `do…while` and `for` loop with a condition or an update calls the
    /// loop hook once every `LOOP_STEP` (1024) evaluations of that condition (or update),
    /// counting in the innermost function body's own counter, which starts at −1024 at
    /// every call (or in the program's); `for (;;)` and `for…of` are left to the engine. A
    /// function's source text reads as written.
    #[test]
    fn loops_call_the_loop_hook_once_every_step_and_read_as_written() {
        let src = "var calls = 0; var __ct$l = () => { calls++; return -1024; };\n\
                   function count(f, n) { const before = calls; f(n); return calls - before; }\n\
                   function w(n) { let i = 0; while (i < n) i++; return i; }\n\
                   function d(n) { let i = 0; do { i++; } while (i < n); return i; }\n\
                   function f(n) { let s = 0; for (let j = 0; j < n; j++) s++; return s; }\n\
                   function u(n) { let j = 0; for (;; j++) { if (j >= n) break; } return j; }\n\
                   function outer(n) { const inner = () => { let k = 0; while (k < n) k++; return k; }; return inner(); }\n\
                   function bare(n) { for (;;) { if (n-- <= 0) break; } }\n\
                   function bare1(n) { let i = 0; for (;;) if (++i >= n) break; return i; }\n\
                   function of(n) { for (const x of Array(n)) {} }\n\
                   function of1(n) { let s = 0; for (const x of Array(n)) s++; return s; }\n\
                   function within(n) { const o = {}; for (let i = 0; i < n; i++) o['k' + i] = i; let c = 0; for (const k in o) c++; return c; }\n\
                   let top = 0; while (top < 1023) top++;\n\
                   print(calls, count(w, 2047), count(w, 1022), count(d, 1024), count(f, 1023), count(u, 1024),\n\
                     count(outer, 2047), count(bare, 5000), count(bare1, 2048), count(of, 3072), count(of1, 1024),\n\
                     count(within, 1024));";
        let passes = Passes { provenance: false, meter: true, lexical_this: false, guards: false };
        let text = rewrite_with(src, Goal::Script, passes).text;
        assert!(text.starts_with("let __ct$k=-1024;"), "{text}");
        assert!(text.contains("function w(n) {__ct$m();let __ct$k=-1024;"), "{text}");
        // A block body starts with the check; any other body has it in the condition.
        assert!(text.contains("for (;; j++) {++__ct$k||(__ct$k=__ct$l()); if"), "{text}");
        assert!(text.contains("while ((++__ct$k||(__ct$k=__ct$l()),i < n/*ct$k*/)) i++;"), "{text}");
        assert!(text.contains("function count(f, n) {__ct$m(); const"), "{text}");
        // The loops boa gives no place for: a block body starts with the check, another body
        // is wrapped in a block that does.
        assert!(text.contains("for (;;) {++__ct$k||(__ct$k=__ct$l()); if (n--"), "{text}");
        assert!(
            text.contains("for (;;) {/*ct$w*/++__ct$k||(__ct$k=__ct$l());if (++i >= n) break;/*ct$w*/} return i;"),
            "{text}"
        );
        assert!(text.contains("for (const x of Array(n)) {++__ct$k||(__ct$k=__ct$l());}"), "{text}");
        assert!(text.contains("for (const k in o) {/*ct$w*/++__ct$k||(__ct$k=__ct$l());c++;/*ct$w*/}"), "{text}");
        let out = run_script(&format!("var __ct$m = () => {{}};\n{text}")).out;
        // The top level's 1024 evaluations; w: 2048 and 1023; d: 1024 (no evaluation before
        // the first pass); f: 1024; u: 1025 passes through its block body; the arrow: 2048;
        // bare: 5001 passes; bare1: 2048; of: 3072; of1: 1024; within: 1024 passes of each
        // of its two loops.
        assert_eq!(out, ["1 2 0 1 1 1 2 4 2 3 1 2"], "{text}");
        // Function.prototype.toString gives the text without the checks (`strip_meter`).
        for (written, instrumented) in src.lines().zip(text.trim_start_matches("let __ct$k=-1024;").lines()) {
            if written.starts_with("function ") {
                assert_eq!(strip_meter(instrumented), written);
            }
        }
    }
}
