//! Where boa and V8 differ in what a worker can observe, crosstalk gives V8's behaviour
//! (issues #14, #16). Expected values are what workerd (V8) printed for the same code.

mod common;

use common::*;
use crosstalk_runtime::{Model, MsRange};

fn answer(script: &str) -> String {
    let model = Model::module("worker.mjs", script).with_requests("https://worker.example/", MsRange::fixed(0), 1);
    let run = run_seed(&model, 1);
    run.requests[0].body.clone().unwrap_or_else(|| format!("no body: {:?}", run.requests[0]))
}

/// Checks a body that answered each case of `expected` once synchronously and once in a
/// promise reaction, in that order, and then the lines of `tail`.
fn assert_cases_then(body: &str, expected: &[&str], tail: &[&str]) {
    let got: Vec<&str> = body.lines().collect();
    assert_eq!(got.len(), 2 * expected.len() + tail.len(), "{body}");
    for (i, line) in got[..2 * expected.len()].iter().enumerate() {
        let (case, path) = (i % expected.len(), ["sync", "reaction"][i / expected.len()]);
        assert_eq!(*line, expected[case], "case {case} ({path})");
    }
    assert_eq!(got[2 * expected.len()..], *tail);
}

/// Each JSON text and the message `JSON.parse` throws for it on workerd (2026-11-17).
#[test]
fn json_parse_errors_carry_v8s_messages() {
    let cases: &[(&str, &str)] = &[
        ("", "Unexpected end of JSON input"),
        ("{", "Expected property name or '}' in JSON at position 1 (line 1 column 2)"),
        ("[1 2]", "Expected ',' or ']' after array element in JSON at position 3 (line 1 column 4)"),
        ("xyz", r#"Unexpected token 'x', "xyz" is not valid JSON"#),
        (r#"{"a":tru}"#, r#"Unexpected token '}', "{"a":tru}" is not valid JSON"#),
        (
            "this is a long invalid json text with more words",
            r#"Unexpected token 'h', "this is a l"... is not valid JSON"#,
        ),
        ("undefined", r#""undefined" is not valid JSON"#),
        ("\n\n  {\n x", "Expected property name or '}' in JSON at position 7 (line 4 column 2)"),
        ("01", "Unexpected number in JSON at position 1 (line 1 column 2)"),
        ("[1,]", r#"Unexpected token ']', "[1,]" is not valid JSON"#),
        (r#"{"a":1,}"#, "Expected double-quoted property name in JSON at position 7 (line 1 column 8)"),
        (r#""\u12x4""#, "Bad Unicode escape in JSON at position 5 (line 1 column 6)"),
        ("1.e5", "Unterminated fractional number in JSON at position 2 (line 1 column 3)"),
        ("+1", r#"Unexpected token '+', "+1" is not valid JSON"#),
        ("tru", "Unexpected end of JSON input"),
        ("\"a\nb\"", "Bad control character in string literal in JSON at position 2 (line 1 column 3)"),
        ("[1] x", "Unexpected non-whitespace character after JSON at position 4 (line 1 column 5)"),
        ("-x", "No number after minus sign in JSON at position 1 (line 1 column 2)"),
        ("1e+", "Exponent part is missing a number in JSON at position 3 (line 1 column 4)"),
        (r#"{"a" 1}"#, "Expected ':' after property name in JSON at position 5 (line 1 column 6)"),
        (r#"{"a":1 "b"}"#, "Expected ',' or '}' after property value in JSON at position 7 (line 1 column 8)"),
        (r#""abc"#, "Unterminated string in JSON at position 4 (line 1 column 5)"),
        (r#""\q""#, "Bad escaped character in JSON at position 2 (line 1 column 3)"),
        ("NaN", r#""NaN" is not valid JSON"#),
        ("[1,2", "Expected ',' or ']' after array element in JSON at position 4 (line 1 column 5)"),
        ("\r\n{", "Expected property name or '}' in JSON at position 3 (line 2 column 2)"),
        (r#"["a","b","c","d","e","f","g","h","i",x]"#, r#"Unexpected token 'x', ..."","h","i",x]" is not valid JSON"#),
    ];
    let texts: Vec<String> = cases.iter().map(|(text, _)| serde_json::to_string(text).unwrap()).collect();
    let script = format!(
        r#"export default {{ async fetch() {{
            const out = [];
            for (const text of [{}]) {{
              try {{ JSON.parse(text); out.push('parsed'); }} catch (e) {{ out.push(e.name + ': ' + e.message); }}
            }}
            return new Response(JSON.stringify(out));
        }} }};"#,
        texts.join(", ")
    );
    let body = answer(&script);
    let got: Vec<String> = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{body}"));
    for ((text, expected), got) in cases.iter().zip(got) {
        assert_eq!(got, format!("SyntaxError: {expected}"), "JSON.parse({text:?})");
    }
}

#[test]
fn json_parse_keeps_lone_surrogates_and_builds_values() {
    let body = answer(
        r#"export default { async fetch() {
            const lone = JSON.parse('"\\uD800"');
            const raw = JSON.parse('"' + String.fromCharCode(0xDC00) + '"');
            const value = JSON.parse(' {"a": [1, -0.5e2, true, null, {"b": "\\u00e9\\n"}], "__proto__": 1, "a2": {}} ');
            const revived = JSON.parse('{"x": 1, "y": [2, 3], "drop": 4}', (k, v) => k === 'drop' ? undefined : typeof v === 'number' ? v * 10 : v);
            return new Response(JSON.stringify([lone.length, lone.charCodeAt(0), raw.charCodeAt(0), value.a, Object.keys(value),
              Object.getPrototypeOf(value) === Object.prototype, revived]));
        } };"#,
    );
    assert_eq!(
        body,
        r#"[1,55296,56320,[1,-50,true,null,{"b":"é\n"}],["a","__proto__","a2"],true,{"x":10,"y":[20,30]}]"#
    );
}

#[test]
fn json_parse_of_deeply_nested_arrays_needs_no_stack() {
    let body = answer(
        r#"export default { async fetch() {
            const depth = 100000;
            let value = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
            let n = 0;
            while (Array.isArray(value) && value.length) { value = value[0]; n += 1; }
            return new Response(String(n));
        } };"#,
    );
    assert_eq!(body, "99999");
}

/// The lazy-property idiom (zod 4's `defineLazy`, its `$ZodObject` shape): a getter that
/// redefines its own property as a data property. Read twice from one site it must give
/// the value both times, and reflection must show the data property; the expected line
/// is what workerd 2026-11-17 answered for the same code.
#[test]
fn a_getter_that_replaces_itself_reads_correctly_from_one_site() {
    let body = answer(
        r#"function defineLazy(object, key, getter) {
  Object.defineProperty(object, key, {
    get() { const value = getter(); Object.defineProperty(object, key, { value }); return value; },
    set(v) { Object.defineProperty(object, key, { value: v, writable: true }); },
    configurable: true, enumerable: true,
  });
}
export default { async fetch() {
  const out = [];
  const read = (o) => o.shape;
  try {
    for (let i = 0; i < 4; i++) { const c = {}; defineLazy(c, 'shape', () => ({ n: i })); out.push(read(c).n, read(c).n); }
    const d = {}; defineLazy(d, 'shape', () => 7); d.shape;
    const desc = Object.getOwnPropertyDescriptor(d, 'shape');
    out.push(JSON.stringify(desc), JSON.stringify(Object.getOwnPropertyDescriptors(d)), JSON.stringify(Reflect.getOwnPropertyDescriptor(d, 'shape')));
    const e = {}; defineLazy(e, 'shape', () => 1); e.shape = 5; out.push(e.shape, JSON.stringify(Object.getOwnPropertyDescriptor(e, 'shape')));
    e.shape = 6; out.push(e.shape, Object.keys(e).join(), JSON.stringify(e));
    'use strict';
    try { d.shape = 9; out.push('assigned ' + d.shape); } catch (err) { out.push(err.name); }
    const f = Object.defineProperties({}, { a: { get() { return 1; }, configurable: true }, b: { value: 2, enumerable: true } });
    Object.defineProperty(f, 'a', { value: 3 }); out.push(f.a, f.b, JSON.stringify(Object.getOwnPropertyDescriptor(f, 'a')));
  } catch (err) { out.push('ERR ' + err.message); }
  return new Response(out.join(' | '));
} };"#,
    );
    assert_eq!(
        body,
        r#"0 | 0 | 1 | 1 | 2 | 2 | 3 | 3 | {"value":7,"writable":false,"enumerable":true,"configurable":true} | {"shape":{"value":7,"writable":false,"enumerable":true,"configurable":true}} | {"value":7,"writable":false,"enumerable":true,"configurable":true} | 5 | {"value":5,"writable":true,"enumerable":true,"configurable":true} | 6 | shape | {"shape":6} | TypeError | 3 | 2 | {"value":3,"writable":false,"enumerable":false,"configurable":true}"#
    );
}

/// `Function.prototype.toString` returns the function's source text exactly as written
/// (ECMAScript's [[SourceText]]; V8 prints the same slice), not the text crosstalk runs.
/// (A class itself prints as `function C() { [native code] }`: boa 0.22 keeps no source
/// text for classes, a difference of its own.)
#[test]
fn function_to_string_shows_the_source_as_written() {
    let script = "function add(a, b) { return a + b; }\n\
        const inc = x => x + 1, obj = () => ({ v: (1, 2) });\n\
        function strict() { 'use strict'; return this; }\n\
        const o = { m() { return 1; }, get p() { return y => [y]; } };\n\
        class C { constructor() { this.v = 1; } static s() {} }\n\
        export default { fetch() {\n\
          return new Response([add, inc, obj, strict, o.m, Object.getOwnPropertyDescriptor(o, 'p').get, o.p, C.s]\n\
            .map(f => Function.prototype.toString.call(f)).join('|'));\n\
        } };";
    let expected = [
        "function add(a, b) { return a + b; }",
        "x => x + 1",
        "() => ({ v: (1, 2) })",
        "function strict() { 'use strict'; return this; }",
        "m() { return 1; }",
        "get p() { return y => [y]; }",
        "y => [y]",
        "s() {}",
    ]
    .join("|");
    assert_eq!(answer(script), expected);
}

/// ECMAScript: an arrow function has no `this` of its own; it reads the `this` of the
/// nearest enclosing non-arrow function, however deep the arrows nest (ECMA-262
/// ResolveThisBinding). boa 0.22 gets arrows nested in arrows wrong in modules, and the
/// provenance rewrite nests every async function's body in an arrow; the instrumentation's
/// lexical-`this` pass makes each of these read the method's `this`, with provenance on
/// and off.
#[test]
fn arrows_read_the_enclosing_functions_this_in_modules() {
    let script = r#"
      class Base { constructor() { this.a = "base"; } }
      class Derived extends Base {
        constructor() { const early = () => (() => this.a)(); super(); this.got = early(); }
      }
      const o = {
        name: "o",
        async asyncMap() { return [1].map((x) => this.name + x).join(); },
        async arrowAfterAwait() { const f = async () => { await 1; return this.name; }; return f(); },
        nested() { return (() => (() => this.name)())(); },
        strict() { "use strict"; return (() => (() => this.name)())(); },
        source() { const f = () => (() => this.name)(); return String(f); },
      };
      export default {
        async fetch() {
          const out = [await o.asyncMap(), await o.arrowAfterAwait(), o.nested(), o.strict(), new Derived().got, o.source()];
          return new Response(out.join("|"));
        },
      };
    "#;
    for provenance in [true, false] {
        let mut model = crosstalk_runtime::Model::module("worker.mjs", script).with_requests(
            "https://w.example/",
            crosstalk_runtime::MsRange::fixed(0),
            1,
        );
        model.provenance = provenance;
        let run = crosstalk_runtime::simulate(&model, &mut crosstalk_runtime::FirstScheduler).expect("runs");
        assert_eq!(
            run.requests[0].body.as_deref(),
            Some("o1|o|o|o|base|() => (() => this.name)()"),
            "provenance {provenance}: {:?}",
            run.requests[0].error
        );
    }
}

/// An error's `stack` is V8's: `Name: message`, then the frames at the positions of the
/// worker's own source (the top level's as a bare location), without the subclass's
/// constructor, and it is the error's own property once read; a module worker's files are
/// `file:///bundle/…`, where workerd serves them. Expected texts: workerd 1.20261117 on
/// the same worker (the column of `outer`'s call is where boa's differs, so it is not
/// compared).
#[test]
fn an_errors_stack_begins_with_name_and_message_and_shows_the_workers_own_lines() {
    let body = answer(
        r#"class E extends Error { constructor(m) { super(m); this.name = "E"; } }
function inner() { return new Error("boom"); }
function outer() { return inner(); }
const top = new Error("top");
export default { async fetch() {
  const e = outer();
  const lines = e.stack.split("\n");
  const renamed = new Error("late"); renamed.name = "Renamed";
  return Response.json([lines[0], lines[1], lines.length, new E("x").stack.split("\n")[0],
    new E("x").stack.split("\n").length, top.stack, Object.hasOwn(e, "stack"), renamed.stack.split("\n")[0],
    new RangeError().stack.split("\n")[0]]);
} };"#,
    );
    assert_eq!(
        body,
        r#"["Error: boom","    at inner (file:///bundle/worker.mjs:2:27)",4,"E: x",2,"Error: top\n    at file:///bundle/worker.mjs:4:13",true,"Renamed: late","RangeError"]"#
    );
}

/// `Error.stackTraceLimit` bounds the frames (V8 reads it; 0 leaves the header alone).
/// The line:column of every frame of four stacks, as workerd 1.20261117 printed them for
/// the same worker: a call's frame is at the name before its `(` (`s.nope(` at `nope`,
/// `tools.run(` at `run`), at the `(` after a computed key (`["k"](`) or a `new` at the
/// `new`; an anonymous function's frame and its caller's are both shown; an async
/// function shows one frame.
#[test]
fn every_frame_is_where_v8_puts_it() {
    let script = r#"function Parser() {}
Parser.prototype.parse = function (s) { return s.nope(); };
function RootNode(x) { return new Parser().parse(x); }
async function later() {
  throw new Error("boom");
}
const tools = { run(f) { return f(); }, keyed: { k(f) { return f(); } } };
function fail() { throw new TypeError("inner"); }
export default { async fetch(req) {
  const out = [];
  try { new RootNode(1); } catch (e) { out.push(e.stack); }
  try { await later(); } catch (e) { out.push(e.stack); }
  try { tools.run(fail); } catch (e) { out.push(e.stack); }
  try { tools.keyed["k"](() => fail()); } catch (e) { out.push(e.stack); }
  return new Response(out.map((s) => s.split("\n").slice(1).map((l) => l.slice(l.lastIndexOf(":", l.lastIndexOf(":") - 1) + 1).replace(")", "")).join(" ")).join(" | "));
} };
"#;
    assert_eq!(answer(script), "2:50 3:44 11:9 | 5:9 12:15 | 8:25 7:33 13:15 | 8:25 14:32 7:64 14:25");
}

/// The instrumentation runs async functions without their `async` keyword; libraries
/// that test `fn[Symbol.toStringTag]` or `fn.constructor.name` to decide how to call a
/// function (the async package calls a non-async one with a callback) must still see an
/// async function, with its name. workerd 1.20261117 prints the same line.
#[test]
fn async_functions_look_async_to_the_code_that_tests_them() {
    let script = r#"const h = async (x) => x;
async function decl() {}
const fe = async function () {};
const named = async function inner() {};
const o = { k: async () => 1 };
const isAsync = (fn) => fn[Symbol.toStringTag] === "AsyncFunction";
function callEither(xs, fn) {
  if (isAsync(fn)) return Promise.all(xs.map((x) => fn(x)));
  return new Promise((resolve) => { const out = []; let n = 0; xs.forEach((x, i) => fn(x, (e, v) => { out[i] = v; if (++n === xs.length) resolve(out); })); });
}
export default { async fetch() {
  const out = [isAsync(h), isAsync(decl), isAsync(fe), isAsync(named), isAsync(o.k), h.name, decl.name, fe.name, named.name, o.k.name,
    h.constructor.name, Object.prototype.toString.call(decl), isAsync(async () => 1), h instanceof (async () => {}).constructor,
    Object.getPrototypeOf(h) === Object.getPrototypeOf(async function () {}), typeof h.call];
  out.push(JSON.stringify(await callEither([1, 2], async (x) => x * 2)));
  return new Response(out.join(" "));
} };
"#;
    assert_eq!(
        answer(script),
        "true true true true true h decl fe inner k AsyncFunction [object AsyncFunction] true true true function [2,4]"
    );
}

/// The same for async functions named where they stand at run time — class fields
/// (public, static, private) and a parameter's default. workerd 1.20261117 prints the
/// same line.
#[test]
fn async_functions_named_by_fields_and_defaults_keep_their_names() {
    let script = r#"class C {
  handler = async (x) => x;
  static s = async function () {};
  #p = async () => 1;
  p() { return this.#p; }
}
function d(cb = async () => 1) { return cb; }
const c = new C();
const isAsync = (fn) => fn[Symbol.toStringTag] === "AsyncFunction";
export default { async fetch() {
  return new Response([c.handler.name, C.s.name, c.p().name, d().name, isAsync(c.handler), isAsync(C.s), isAsync(c.p()), isAsync(d())].join(" "));
} };
"#;
    assert_eq!(answer(script), "handler s #p cb true true true true");
}

#[test]
fn error_stack_trace_limit_bounds_the_frames() {
    let body = answer(
        r#"function deep(n) { return n === 0 ? new Error("d") : deep(n - 1); }
export default { async fetch() {
  const ten = deep(20).stack.split("\n").length;
  Error.stackTraceLimit = 0;
  const none = deep(3).stack;
  Error.stackTraceLimit = 10;
  return new Response(ten + "|" + none);
} };"#,
    );
    assert_eq!(body, "11|Error: d");
}

/// workerd refuses to compile strings once the worker serves a request (`eval`, indirect
/// `eval`, `new Function`), and allows it at the top level. Expected: workerd 1.20261117.
#[test]
fn eval_and_new_function_are_refused_during_a_request_but_not_at_the_top_level() {
    let body = answer(
        r#"const atTop = new Function("return 1")() + eval("1");
const indirect = eval;
export default { async fetch() {
  const out = [atTop];
  for (const f of [() => new Function("return 1")(), () => eval("1"), () => indirect("1"),
                   () => new (Object.getPrototypeOf(async function () {}).constructor)("return 1")]) {
    try { out.push(String(f())); } catch (e) { out.push(e.name + ": " + e.message); }
  }
  return Response.json(out);
} };"#,
    );
    let refused = "EvalError: Code generation from strings disallowed for this context";
    assert_eq!(body, serde_json::json!([2, refused, refused, refused, refused]).to_string());
}

/// `RegExp.prototype.source` escapes as V8 does, so a pattern rebuilt from another's
/// `source` (marked's GFM autolinks, path-to-regexp) matches what the original matched.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn a_regexps_source_reads_back_as_the_same_pattern() {
    let body = answer(
        r#"export default { fetch() {
  const a = /a\/b/.source, b = new RegExp(a).source, r = /\/a/;
  return new Response(JSON.stringify([a, b, new RegExp("a/b").source, new RegExp(b).test("a/b"), r.source,
    new RegExp(r.source).test("/a"), /[/]x/.source, new RegExp("\n").source, new RegExp("[\\]/]").source,
    String(/x\/y/g), new RegExp("").source, RegExp.prototype.source, new RegExp("a\u2028").source, /\\\//.source]));
} };"#,
    );
    assert_eq!(
        body,
        r#"["a\\/b","a\\/b","a\\/b",true,"\\/a",true,"[/]x","\\n","[\\]/]","/x\\/y/g","(?:)","(?:)","a\\u2028","\\\\\\/"]"#
    );
}

/// `console.log` prints an accessor as Node's `[Getter]`, `[Setter]` or `[Getter/Setter]`
/// (a data property crosstalk emulates with an accessor prints as its value), and each
/// getter still runs once, as workerd's log serialisation reads it. Expected: workerd
/// 1.20261117's console and body for the same worker.
#[test]
fn console_log_shows_accessors_as_node_does() {
    let model = Model::module("worker.mjs", r#"export default { fetch() {
  let calls = 0;
  const o = Object.defineProperty({ a: 1 }, "g", { get() { calls++; return 1; }, enumerable: true });
  Object.defineProperty(o, "s", { set(v) {}, enumerable: true });
  Object.defineProperty(o, "gs", { get() { calls++; return 2; }, set(v) {}, enumerable: true });
  const lazy = { get v() { const value = 42; Object.defineProperty(this, "v", { value, enumerable: true }); return value; } };
  lazy.v;
  console.log(o);
  console.log(lazy);
  return new Response(String(calls));
} };"#)
        .with_requests("https://worker.example/", MsRange::fixed(0), 1);
    let run = run_seed(&model, 1);
    let console = run.all_console();
    assert_eq!(console, ["{ a: 1, g: [Getter], s: [Setter], gs: [Getter/Setter] }", "{ v: 42 }"]);
    assert_eq!(run.requests[0].body.as_deref(), Some("2"));
}

/// `console.log`'s `%d`, `%i` and `%f` follow Node: `Number(x)`, `parseInt(x)` and
/// `parseFloat(x)`, a BigInt as itself, a Symbol as NaN. Expected: workerd 1.20261117's
/// console for the same worker.
#[test]
fn console_number_formats_follow_node() {
    let model = Model::module(
        "worker.mjs",
        r#"export default { fetch() {
  console.log("%i|%d|%f", "7x", "7x", "7.5x");
  console.log("%i|%d|%f", 42.9, -0, "1e3");
  console.log("%i|%d", 5n, 6n);
  console.log("%i|%d|%f", "abc", "", " 12 ");
  console.log("%d|%i", Symbol("s"), Symbol("t"));
  return new Response("ok");
} };"#,
    )
    .with_requests("https://worker.example/", MsRange::fixed(0), 1);
    let run = run_seed(&model, 1);
    assert_eq!(run.all_console(), ["7|NaN|7.5", "42|-0|1000", "5n|6n", "NaN|0|12", "NaN|NaN"]);
}

/// A property read or written on `null` or `undefined`, however the object was reached
/// (a variable, a chain, a call's result, a computed or symbol key, `++`, `+=`), each
/// thrown once synchronously and once in a promise reaction, and once after an `await`.
/// The script went through `crosstalk conform`; the expected lines are what workerd
/// 1.20261117 (2026-11-17) answered.
#[test]
fn reading_or_writing_a_property_of_null_or_undefined_throws_v8s_message() {
    let body = answer(
        r#"const cases = [
  () => { const config = undefined; return config.greeting; },
  () => { const config = null; return config.greeting; },
  () => { const o = {}; o.a.b(); },
  () => { const o = { f() { return null; } }; o.f().g(); },
  () => "abc".match(/x/)[1],
  () => { const o = {}; const k = "key"; return o.a[k]; },
  () => { const o = {}; return o.a[0]; },
  () => { const o = {}; const s = Symbol("tag"); return o.a[s]; },
  () => { const o = {}; o.a.b = 1; },
  () => { const o = {}; o.a.b.c = 1; },
  () => { const o = null; o["x"] = 1; },
  () => { const o = {}; return o.a.b?.c; },
  () => { const o = {}; o.n = (o.log = "rhs ran", 1); o.a.x = (o.log2 = "rhs ran", 2); },
  () => { const env = {}; return env.KV.get("k"); },
  () => { const o = {}; o.a.count++; },
  () => { const o = {}; o.a.count += 1; },
];
export default {
  async fetch() {
    const out = [];
    for (const f of cases) {
      try { f(); out.push("no error"); } catch (e) { out.push(e.name + ": " + e.message); }
    }
    for (const f of cases) {
      out.push(await Promise.resolve().then(f).then(() => "no error", (e) => e.name + ": " + e.message));
    }
    const awaited = async () => (await Promise.resolve(undefined)).value;
    out.push(await awaited().catch((e) => e.name + ": " + e.message));
    return new Response(out.join("\n"));
  }
};"#,
    );
    let expected = [
        "TypeError: Cannot read properties of undefined (reading 'greeting')",
        "TypeError: Cannot read properties of null (reading 'greeting')",
        "TypeError: Cannot read properties of undefined (reading 'b')",
        "TypeError: Cannot read properties of null (reading 'g')",
        "TypeError: Cannot read properties of null (reading '1')",
        "TypeError: Cannot read properties of undefined (reading 'key')",
        "TypeError: Cannot read properties of undefined (reading '0')",
        "TypeError: Cannot read properties of undefined (reading 'Symbol(tag)')",
        "TypeError: Cannot set properties of undefined (setting 'b')",
        "TypeError: Cannot read properties of undefined (reading 'b')",
        "TypeError: Cannot set properties of null (setting 'x')",
        "TypeError: Cannot read properties of undefined (reading 'b')",
        "TypeError: Cannot set properties of undefined (setting 'x')",
        "TypeError: Cannot read properties of undefined (reading 'get')",
        "TypeError: Cannot read properties of undefined (reading 'count')",
        "TypeError: Cannot read properties of undefined (reading 'count')",
    ];
    assert_cases_then(&body, &expected, &["TypeError: Cannot read properties of undefined (reading 'value')"]);
}

/// A call of something that is not a function or not a constructor, an assignment to a
/// `const`, and BigInt mixed with a number, as a worker sees them in `catch`, in a
/// rejection handler, after an `await`, and at the head of `error.stack`: V8 names the
/// callee as written (`obj.method`, `o[k]`, `o.f(...)`, `this.n`), whatever the
/// instrumentation inserted around it. The script went through `crosstalk conform`; the
/// expected lines are what workerd 1.20261117 (2026-11-17) answered.
#[test]
fn calling_what_is_not_a_function_names_the_callee_as_v8_does() {
    let body = answer(
        r#"const cases = [
  () => { const x = 1; x(); },
  () => { const obj = {}; obj.method(); },
  () => { const o = {}; o["a b"](); },
  () => { const k = "q"; const o = {}; o[k](); },
  () => { const o = {}; (o.a || o.b)(); },
  () => { const o = {}; o.f(1)(2); },
  () => { const o = { f() { return 1; } }; o.f()(2); },
  () => { const x = 1; new x(); },
  () => { const o = {}; new o.Foo(); },
  () => { const c = 1; c = 2; },
  () => 1n + 1,
  () => { const o = { a: {} };
    o.a
      .missing(); },
  () => { const o = { m() { return this.n(); } }; o.m(); },
  () => { const list = [1]; list.map((v) => v.toFixed(1)).nope(); },
];
export default {
  async fetch() {
    const out = [];
    for (const f of cases) {
      try { f(); out.push("no error"); } catch (e) { out.push(e.name + ": " + e.message); }
    }
    for (const f of cases) {
      out.push(await Promise.resolve().then(f).then(() => "no error", (e) => e.name + ": " + e.message));
    }
    const later = async () => { await null; const handler = {}; return handler.run(); };
    out.push(await later().catch((e) => String(e)));
    try { cases[1](); } catch (e) { out.push(e.stack.split("\n")[0]); }
    return new Response(out.join("\n"));
  }
};"#,
    );
    let expected = [
        "TypeError: x is not a function",
        "TypeError: obj.method is not a function",
        "TypeError: o.a b is not a function",
        "TypeError: o[k] is not a function",
        "TypeError: (o.a || o.b) is not a function",
        "TypeError: o.f is not a function",
        "TypeError: o.f(...) is not a function",
        "TypeError: x is not a constructor",
        "TypeError: o.Foo is not a constructor",
        "TypeError: Assignment to constant variable.",
        "TypeError: Cannot mix BigInt and other types, use explicit conversions",
        "TypeError: o.a.missing is not a function",
        "TypeError: this.n is not a function",
        "TypeError: list.map(...).nope is not a function",
    ];
    assert_cases_then(
        &body,
        &expected,
        &["TypeError: handler.run is not a function", "TypeError: obj.method is not a function"],
    );
}

/// Destructuring `null` or `undefined` with a flat object pattern, in a declaration or an
/// assignment, as a worker sees it in `catch`, in a rejection handler and after an
/// `await`: V8 names the pattern's first key and the initialiser as it prints it (`x`,
/// `o.b`, `o[k]`, `none(...)`, `(intermediate value)`). The script went through
/// `crosstalk conform`; the expected lines are what workerd 1.20261117 (2026-11-17)
/// answered.
#[test]
fn destructuring_null_or_undefined_names_the_key_and_the_value_as_v8_does() {
    let body = answer(
        r#"const none = () => undefined;
const cases = [
  () => { const x = undefined; const { a } = x; },
  () => { const x = null; const { a, b } = x; },
  () => { const { a } = none(); },
  () => { const o = {}; const { a } = o.b; },
  () => { const o = {}; const { a } = o["b"]; },
  () => { const o = {}; const k = "q"; const { a } = o[k]; },
  () => { const x = null; const {} = x; },
  () => { const x = null; const { ...rest } = x; },
  () => { const x = undefined; let a; ({ a } = x); },
  () => { const { a } = null; },
  () => { const x = undefined; const { "quoted key": q } = x; },
];
export default {
  async fetch() {
    const out = [];
    for (const f of cases) {
      try { f(); out.push("no error"); } catch (e) { out.push(e.name + ": " + e.message); }
    }
    for (const f of cases) {
      out.push(await Promise.resolve().then(f).then(() => "no error", (e) => e.name + ": " + e.message));
    }
    const later = async () => { const { a } = await Promise.resolve(undefined); return a; };
    out.push(await later().catch((e) => String(e)));
    return new Response(out.join("\n"));
  }
};"#,
    );
    let expected = [
        "TypeError: Cannot destructure property 'a' of 'x' as it is undefined.",
        "TypeError: Cannot destructure property 'a' of 'x' as it is null.",
        "TypeError: Cannot destructure property 'a' of 'none(...)' as it is undefined.",
        "TypeError: Cannot destructure property 'a' of 'o.b' as it is undefined.",
        "TypeError: Cannot destructure property 'a' of 'o.b' as it is undefined.",
        "TypeError: Cannot destructure property 'a' of 'o[k]' as it is undefined.",
        "TypeError: Cannot destructure 'x' as it is null.",
        "TypeError: Cannot destructure 'x' as it is null.",
        "TypeError: Cannot destructure property 'a' of 'x' as it is undefined.",
        "TypeError: Cannot destructure property 'a' of 'null' as it is null.",
        "TypeError: Cannot destructure property 'quoted key' of 'x' as it is undefined.",
    ];
    assert_cases_then(
        &body,
        &expected,
        &["TypeError: Cannot destructure property 'a' of '(intermediate value)' as it is undefined."],
    );
}

/// Iterating what is not iterable, in `for…of`, an array spread, a call spread and an
/// array pattern, in `catch` and in a rejection handler, and an iteration that works
/// (the guard leaves iterables alone): V8 names what was iterated (`o.list is not
/// iterable`, `none is not a function or its return value is not iterable`). The script
/// went through `crosstalk conform`; the expected lines are what workerd 1.20261117
/// (2026-11-17) answered.
#[test]
fn iterating_what_is_not_iterable_names_it_as_v8_does() {
    let body = answer(
        r#"const none = () => undefined;
const cases = [
  () => { const x = undefined; for (const y of x) {} },
  () => { const x = 1; for (const y of x) {} },
  () => { for (const y of null) {} },
  () => { const o = {}; for (const y of o.list) {} },
  () => { const o = { n: 1 }; for (const y of o.n) {} },
  () => { for (const y of none()) {} },
  () => { const m = new Map(); for (const y of m.get("k")) {} },
  () => { const x = {}; return [...x]; },
  () => { const x = undefined; return [1, ...x]; },
  () => { const o = {}; return [...o.list]; },
  () => { const x = 5; return Math.max(...x); },
  () => { const x = undefined; const [a] = x; },
  () => { const x = {}; const [a, b] = x; },
  () => { const x = {}; for (const [k, v] of x) {} },
  () => { const ok = [[1, 2]]; let n = 0; for (const [a, b] of ok) n += a + b; return [...ok[0], ...new Set([n])].join(); },
];
export default {
  async fetch() {
    const out = [];
    for (const f of cases) {
      try { out.push(String(f() ?? "no error")); } catch (e) { out.push(e.name + ": " + e.message); }
    }
    for (const f of cases) {
      out.push(await Promise.resolve().then(f).then((v) => String(v ?? "no error"), (e) => e.name + ": " + e.message));
    }
    return new Response(out.join("\n"));
  }
};"#,
    );
    let expected = [
        "TypeError: x is not iterable",
        "TypeError: x is not iterable",
        "TypeError: null is not iterable",
        "TypeError: o.list is not iterable",
        "TypeError: o.n is not iterable",
        "TypeError: none is not a function or its return value is not iterable",
        "TypeError: m.get is not a function or its return value is not iterable",
        "TypeError: x is not iterable",
        "TypeError: x is not iterable",
        "TypeError: o.list is not iterable",
        "TypeError: Spread syntax requires ...iterable[Symbol.iterator] to be a function",
        "TypeError: x is not iterable",
        "TypeError: x is not iterable",
        "TypeError: x is not iterable",
        "1,2,3",
    ];
    assert_cases_then(&body, &expected, &[]);
}

/// The engine's own errors, each thrown once synchronously and once inside a promise
/// reaction, as a worker sees them in `catch` and in a rejection handler. The script went
/// through `crosstalk conform`; the expected lines are what workerd 1.20261117
/// (2026-11-17) answered.
#[test]
fn engine_errors_carry_v8s_messages_in_catch_and_in_rejection_handlers() {
    let body = answer(
        r#"const cases = [
  () => { const config = undefined; return config.greeting; },
  () => { const config = null; return config.greeting; },
  () => { const x = 1; x(); },
  () => { const obj = {}; obj.method(); },
  () => { const {a} = null; },
  () => { const x = 1; new x(); },
  () => notDeclared,
  () => { const c = 1; c = 2; },
  () => { const o = undefined; o.x = 1; },
  () => { const x = 1; for (const y of x) {} },
  () => 1n + 1,
];
export default {
  async fetch() {
    const out = [];
    for (const f of cases) {
      try { f(); out.push("no error"); } catch (e) { out.push(e.name + ": " + e.message); }
    }
    for (const f of cases) {
      out.push(await Promise.resolve().then(f).then(() => "no error", (e) => e.name + ": " + e.message));
    }
    return new Response(out.join("\n"));
  }
};"#,
    );
    let expected = [
        "TypeError: Cannot read properties of undefined (reading 'greeting')",
        "TypeError: Cannot read properties of null (reading 'greeting')",
        "TypeError: x is not a function",
        "TypeError: obj.method is not a function",
        "TypeError: Cannot destructure property 'a' of 'null' as it is null.",
        "TypeError: x is not a constructor",
        "ReferenceError: notDeclared is not defined",
        "TypeError: Assignment to constant variable.",
        "TypeError: Cannot set properties of undefined (setting 'x')",
        "TypeError: x is not iterable",
        "TypeError: Cannot mix BigInt and other types, use explicit conversions",
    ];
    assert_cases_then(&body, &expected, &[]);
}

/// The `in` operator on a primitive: V8 names the key and the value. The script went
/// through `crosstalk conform`; the expected lines are what workerd 1.20261117
/// (2026-11-17) answered. Ignored: boa 0.22 says `right-hand side of 'in' should be an
/// object, got \`number\``, and V8's text needs the key's and the value's run-time
/// strings (issue #16's remaining engine text).
#[test]
#[ignore = "issue #16: the `in` operator's error keeps boa's text"]
fn the_in_operator_on_a_primitive_names_key_and_value_as_v8_does() {
    let body = answer(
        r#"const cases = [
  () => "a" in 1,
  () => { const s = "str"; return "k" in s; },
  () => { const u = undefined; const key = "kk"; return key in u; },
];
export default {
  async fetch() {
    const out = [];
    for (const f of cases) {
      try { f(); out.push("no error"); } catch (e) { out.push(e.name + ": " + e.message); }
    }
    for (const f of cases) {
      out.push(await Promise.resolve().then(f).then(() => "no error", (e) => e.name + ": " + e.message));
    }
    return new Response(out.join("\n"));
  }
};"#,
    );
    let expected = [
        "TypeError: Cannot use 'in' operator to search for 'a' in 1",
        "TypeError: Cannot use 'in' operator to search for 'k' in str",
        "TypeError: Cannot use 'in' operator to search for 'kk' in undefined",
    ];
    assert_cases_then(&body, &expected, &[]);
}

/// An engine error that escapes the handler (the bundled `scenarios/uncaught-error`):
/// the request answers 500 and the error crosstalk reports is V8's text, as workerd
/// 1.20261117 reported it for the same script under `crosstalk conform`.
#[test]
fn an_uncaught_engine_error_is_reported_with_v8s_message() {
    let script = r#"addEventListener("fetch", (e) => {
  e.respondWith(handle(e.request));
});

async function handle(request) {
  const config = undefined;
  return new Response(config.greeting);
}
"#;
    let model =
        Model::service_worker("worker.js", script).with_requests("https://worker.example/", MsRange::fixed(0), 1);
    let run = run_seed(&model, 1);
    assert_eq!(run.requests[0].status, Some(500));
    assert_eq!(
        run.requests[0].error.as_deref(),
        Some("TypeError: Cannot read properties of undefined (reading 'greeting')")
    );
}

/// `sort` and `toSorted` with a comparator, on arrays and typed arrays: workerd
/// 1.20261117's answer to each line. boa 0.22 sorted with Rust's `sort_by`, which panicked
/// (and took the tool down) on a comparator that is not a total order, such as a shuffle's
/// `() => rnd() - 0.5`; crosstalk sorts as V8 does (TimSort's one-run order below 64
/// elements, a merge sort for typed arrays), so even inconsistent comparators give V8's
/// order.
#[test]
fn sort_with_a_comparator_orders_as_v8_and_survives_inconsistent_comparators() {
    const SCRIPT: &str = r#"export default { fetch() {
  const out = [];
  const t = (f) => { try { out.push(JSON.stringify(f())); } catch (e) { out.push(e.name + ": " + e.message); } };
  t(() => [].sort(1));
  t(() => [3,1].toSorted("x"));
  t(() => new Uint8Array(2).sort(1));
  t(() => new Uint8Array(2).toSorted({}));
  t(() => [5, 1, 4, undefined, 2, , 3].sort((a, b) => a - b));
  t(() => { const a = [5, 1, 4, undefined, 2, , 3]; const r = a.toSorted((a, b) => b - a); return [r, a, 5 in r]; });
  t(() => [1, 2, 3, 4].sort(() => 0));
  t(() => [{k:1,v:"a"},{k:0,v:"b"},{k:1,v:"c"},{k:0,v:"d"}].sort((x, y) => x.k - y.k).map(x => x.v).join(""));
  t(() => Array.from(new Float64Array([3, NaN, -0, 0, -1]).sort((a, b) => a - b)));
  t(() => Array.from(new Int8Array([3, 1, 2]).toSorted((a, b) => b - a)));
  t(() => { const o = { length: 3, 0: "c", 2: "a" }; Array.prototype.sort.call(o, (a, b) => a < b ? -1 : 1); return o; });
  t(() => [3, 1, 2].sort((a, b) => { throw new RangeError("cmp"); }));
  t(() => [3, 1, 2].sort((a, b) => "1"));
  t(() => [3, 1, 2].sort((a, b) => NaN));
  let seed = 7; const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  t(() => { const a = Array.from({ length: 200 }, (_, i) => i); a.sort(() => rnd() - 0.5); return a.length + ":" + a.slice().sort((x, y) => x - y).every((v, i) => v === i); });
  t(() => { const a = new Uint8Array(64).map((_, i) => i); a.sort(() => rnd() - 0.5); return a.length; });
  t(() => { const a = [3, 2, 1]; const r = a.sort((x, y) => x - y); return r === a; });
  t(() => Array.prototype.sort.name + Array.prototype.sort.length + Array.prototype.toSorted.length + Uint8Array.prototype.sort.length);
  return new Response(out.join("\n"));
} };"#;
    const EXPECTED: &str = r#"TypeError: The comparison function must be either a function or undefined: 1
TypeError: The comparison function must be either a function or undefined: x
TypeError: The comparison function must be either a function or undefined: 1
TypeError: The comparison function must be either a function or undefined: #<Object>
[1,2,3,4,5,null,null]
[[5,4,3,2,1,null,null],[5,1,4,null,2,null,3],true]
[1,2,3,4]
"bdac"
[-1,0,0,3,null]
[3,2,1]
{"0":"a","1":"c","length":3}
RangeError: cmp
[3,1,2]
[3,1,2]
"200:true"
64
true
"sort111""#;
    let model = Model::module("worker.mjs", SCRIPT).with_requests("https://worker.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(&model, EXPECTED);
}

/// Calls with many arguments, spread or through `apply`: workerd 1.20261117 takes 120,000
/// (and throws a RangeError at 125,000). boa's default VM stack of 10,240 values made
/// even `String.fromCharCode.apply(null, chunk)` of a 32 KiB chunk, the base64 idiom,
/// fail the request.
#[test]
fn calls_with_a_hundred_thousand_arguments_run_as_on_v8() {
    let body = answer(
        "export default { fetch() {
           const out = [];
           for (const n of [10000, 32768, 120000]) {
             out.push(n + ':' + Math.max(...new Array(n).fill(1)));
             out.push(n + ' apply:' + String.fromCharCode.apply(null, new Array(n).fill(65)).length);
           }
           return new Response(out.join('\\n'));
         } };",
    );
    assert_eq!(body, "10000:1\n10000 apply:10000\n32768:1\n32768 apply:32768\n120000:1\n120000 apply:120000");
}

/// Converting a Symbol or a BigInt where a string or number is needed: workerd
/// 1.20261117's messages for the same code.
#[test]
fn symbol_and_bigint_conversions_throw_v8s_messages() {
    let body = answer(
        "const s = Symbol('q');\n\
         const cases = [() => `${s}`, () => 'a' + s, () => +s, () => s * 2, () => new String(s), () => parseInt(s),\n\
           () => +1n, () => JSON.rawJSON(s)];\n\
         export default { fetch() {\n\
           return new Response(cases.map((f) => { try { return String(f()); } catch (e) { return `${e.name}: ${e.message}`; } }).join('\\n'));\n\
         } };\n",
    );
    let string = "TypeError: Cannot convert a Symbol value to a string";
    let number = "TypeError: Cannot convert a Symbol value to a number";
    let expected = [
        string,
        string,
        number,
        number,
        string,
        string,
        "TypeError: Cannot convert a BigInt value to a number",
        string,
    ];
    assert_eq!(body.lines().collect::<Vec<_>>(), expected);
}

/// Errors the engine raises that a worker commonly catches and answers with: each case's
/// `name: message` as workerd 1.20261117 gave it for the same code (the suite's
/// `tests/conformance/error-messages` compares many more with workerd itself).
#[test]
fn common_engine_errors_carry_v8s_messages() {
    let cases: &[(&str, &str)] = &[
        ("new Array(-1)", "RangeError: Invalid array length"),
        ("[].length = -1", "RangeError: Invalid array length"),
        ("(1).toPrecision(0)", "RangeError: toPrecision() argument must be between 1 and 100"),
        ("(1).toString(1)", "RangeError: toString() radix argument must be between 2 and 36"),
        ("'abc'.repeat(-1)", "RangeError: Invalid count value: -1"),
        ("'abc'.repeat(Infinity)", "RangeError: Invalid count value: Infinity"),
        ("Object.defineProperty(1, 'x', {})", "TypeError: Object.defineProperty called on non-object"),
        ("(() => { class A {} A(); })()", "TypeError: Class constructor A cannot be invoked without 'new'"),
        ("BigInt(1.5)", "RangeError: The number 1.5 cannot be converted to a BigInt because it is not an integer"),
        ("BigInt('1.5')", "SyntaxError: Cannot convert 1.5 to a BigInt"),
        ("new Proxy({}, null)", "TypeError: Cannot create proxy with a non-object as target or handler"),
        ("[].reduce((a, b) => a)", "TypeError: Reduce of empty array with no initial value"),
        ("[].reduceRight((a, b) => a)", "TypeError: Reduce of empty array with no initial value"),
        ("decodeURIComponent('%')", "URIError: URI malformed"),
        ("new WeakMap().set(1, 1)", "TypeError: Invalid value used as weak map key"),
        ("new WeakSet().add(1)", "TypeError: Invalid value used in weak set"),
        ("String.fromCodePoint(-1)", "RangeError: Invalid code point -1"),
        ("Object.keys(null)", "TypeError: Cannot convert undefined or null to object"),
        ("Object.assign(undefined, {})", "TypeError: Cannot convert undefined or null to object"),
        ("new TextDecoder('nope')", "RangeError: \"nope\" is not a valid encoding."),
    ];
    let list: Vec<String> = cases.iter().map(|(code, _)| format!("() => {code}")).collect();
    let body = answer(&format!(
        "const cases = [{}];\n\
         export default {{ fetch() {{\n\
           return new Response(cases.map((f) => {{ try {{ f(); return 'no error'; }} catch (e) {{ return `${{e.name}}: ${{e.message}}`; }} }}).join('\\n'));\n\
         }} }};\n",
        list.join(", ")
    ));
    let got: Vec<&str> = body.lines().collect();
    assert_eq!(got.len(), cases.len(), "{body}");
    for ((code, expected), got) in cases.iter().zip(got) {
        assert_eq!(got, *expected, "{code}");
    }
}
