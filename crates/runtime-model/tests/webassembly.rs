//! WebAssembly as workerd 1.20261117 has it: modules imported from `.wasm` files
//! (wrangler's CompiledWasm rule), no compilation at run time, and the JS API on them.
//!
//! Every expected value was printed by the real workerd (`node_modules/.bin/workerd`,
//! 1.20261117, compatibility date 2026-11-17) running the same worker with the same
//! modules (`wasm = embed` in its config); the probe each block comes from is named.

mod common;

use common::{has_event, run_first};
use crosstalk_runtime::{MemorySource, Model, MsRange, Owner, Syntax, compiled_wasm_source};

/// Module `a.wasm` of the probes: one of each export kind, traps, and a JS import.
const EXPORTS_WAT: &str = r#"(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1 4)
  (global $g (export "g") (mut i32) (i32.const 7))
  (table (export "tbl") 2 funcref)
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "f32") (param f32) (result f32) local.get 0)
  (func (export "f64") (param f64) (result f64) local.get 0)
  (func (export "callLog") (param i32) local.get 0 call $log)
  (func (export "trap") unreachable)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load)
  (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "size") (result i32) memory.size)
  (func (export "loop") (loop $l br $l))
  (func $rec (export "rec") call $rec)
  (func (export "multi") (result i32 i64) i32.const 1 i64.const 2)
  (func (export "trunc") (param f64) (result i32) local.get 0 i32.trunc_f64_s)
  (func (export "ind") (param i32) (result i32) local.get 0 call_indirect (result i32))
  (@custom "hello" "world")
)"#;

/// Module `b.wasm` of the probes: a memory, globals, a table and a function imported.
const IMPORTS_WAT: &str = r#"(module
  (import "env" "mem" (memory 1))
  (import "env" "g" (global $g i32))
  (import "env" "gm" (global $gm (mut i64)))
  (import "env" "tbl" (table 1 funcref))
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (func (export "readG") (result i32) global.get $g)
  (func (export "bumpGm") global.get $gm i64.const 1 i64.add global.set $gm)
  (func (export "sum") (param i32 i32) (result i32)
    (local $acc i32)
    (block $done (loop $l
      local.get 1 i32.eqz br_if $done
      local.get $acc local.get 0 i32.load8_u i32.add local.set $acc
      local.get 0 i32.const 1 i32.add local.set 0
      local.get 1 i32.const 1 i32.sub local.set 1
      br $l))
    local.get $acc)
  (func (export "viaCb") (param i32) (result i32)
    i32.const 0 i32.const 77 i32.store8
    local.get 0 call $cb
    i32.const 1 i32.load8_u i32.add)
  (func (export "depth") (param i32) (result i32) local.get 0 call $cb)
  (func (export "callTbl") (result i32) i32.const 0 call_indirect (result i32))
  (func (export "hostile") (result i32) i32.const 30000 memory.grow)
)"#;

/// Module `s.wasm` of probe w4: a start function that calls a JS import.
const START_WAT: &str = r#"(module
  (import "env" "f" (func $f))
  (func $start call $f)
  (start $start))"#;

/// The probes' helpers: `t(label, f)` records `label: value` or `label threw Class: message`.
const PRELUDE: &str = r#"import a from "./a.wasm";
import b from "./b.wasm";
import s from "./s.wasm";
const out = [];
const t = (label, f) => { try { out.push(label + ": " + f()); } catch (e) { out.push(label + " threw " + e.constructor.name + ": " + e.message); } };
const ta = async (label, f) => { try { out.push(label + ": " + await f()); } catch (e) { out.push(label + " rejected " + e.constructor.name + ": " + e.message); } };
const W = WebAssembly;
"#;

fn model(body: &str) -> Model {
    let worker = format!(
        "{PRELUDE}export default {{ async fetch() {{\n{body}\nreturn new Response(out.join(\"\\n\"));\n}} }};\n"
    );
    let exports = wat::parse_str(EXPORTS_WAT).expect("a.wasm assembles");
    let imports = wat::parse_str(IMPORTS_WAT).expect("b.wasm assembles");
    let start = wat::parse_str(START_WAT).expect("s.wasm assembles");
    let source = MemorySource::single("worker.mjs", &worker)
        .with("a.wasm", &compiled_wasm_source(&exports))
        .with("b.wasm", &compiled_wasm_source(&imports))
        .with("s.wasm", &compiled_wasm_source(&start));
    Model::new("m", Syntax::Module, source).with_requests("https://x.example/", MsRange::fixed(0), 1)
}

fn body(model: &Model) -> String {
    let run = run_first(model);
    run.requests[0].body.clone().unwrap_or_else(|| panic!("no body: {:?}", run.requests[0].error))
}

fn assert_lines(body: &str, expected: &str) {
    for (got, want) in body.lines().zip(expected.lines()) {
        assert_eq!(got, want);
    }
    assert_eq!(body.lines().count(), expected.lines().count(), "{body}");
}

/// Probes w1 and w2: the namespace, `Module`'s statics, and the run-time compilation
/// workerd refuses.
#[test]
fn the_namespace_has_workerds_members_and_refuses_compiling_at_run_time() {
    let body = body(&model(
        r#"
  t("keys", () => Object.getOwnPropertyNames(W).join(","));
  t("tag", () => Object.prototype.toString.call(W));
  t("mod", () => Object.prototype.toString.call(a) + " " + (a instanceof W.Module));
  t("exports", () => JSON.stringify(W.Module.exports(a)));
  t("imports", () => JSON.stringify(W.Module.imports(a)));
  t("custom", () => W.Module.customSections(a, "hello").map(b => new TextDecoder().decode(b)).join());
  const bytes = new Uint8Array([0,97,115,109,1,0,0,0]);
  t("new Module", () => new W.Module(bytes));
  t("validate", () => W.validate(bytes) + " " + W.validate(new Uint8Array([1,2,3])));
  await ta("compile", () => W.compile(bytes));
  await ta("instantiate bytes", () => W.instantiate(bytes));
  t("compileStreaming", () => typeof W.compileStreaming);
  t("Module call", () => W.Module(a));
  t("new Module(mod)", () => new W.Module(a));
  t("ex mod", () => W.Module.exports({}));
  t("customSections", () => W.Module.customSections(a));
  t("customSections2", () => W.Module.customSections(a, "nope").length);
  t("fns", () => [W.compile.length, W.validate.length, W.instantiate.length, W.promising.length].join());
  t("JSTag", () => Object.prototype.toString.call(W.JSTag));
  t("error msg", () => { const e = new W.RuntimeError("m"); return e.name + "|" + e.message + "|" + String(e) + "|" + Object.prototype.toString.call(e) + "|" + (e instanceof Error); });
  t("error call", () => String(W.RuntimeError("x")));
"#,
    ));
    assert_lines(
        &body,
        r#"keys: compile,validate,instantiate,Module,Instance,Table,Memory,Global,Tag,JSTag,Exception,CompileError,LinkError,RuntimeError,Suspending,promising,SuspendError
tag: [object WebAssembly]
mod: [object WebAssembly.Module] true
exports: [{"name":"memory","kind":"memory"},{"name":"g","kind":"global"},{"name":"tbl","kind":"table"},{"name":"add","kind":"function"},{"name":"add64","kind":"function"},{"name":"f32","kind":"function"},{"name":"f64","kind":"function"},{"name":"callLog","kind":"function"},{"name":"trap","kind":"function"},{"name":"div","kind":"function"},{"name":"load","kind":"function"},{"name":"store","kind":"function"},{"name":"grow","kind":"function"},{"name":"size","kind":"function"},{"name":"loop","kind":"function"},{"name":"rec","kind":"function"},{"name":"multi","kind":"function"},{"name":"trunc","kind":"function"},{"name":"ind","kind":"function"}]
imports: [{"module":"env","name":"log","kind":"function"}]
custom: world
new Module threw CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder
validate: true false
compile rejected CompileError: WebAssembly.compile(): Wasm code generation disallowed by embedder
instantiate bytes rejected CompileError: WebAssembly.instantiate(): Wasm code generation disallowed by embedder
compileStreaming: undefined
Module call threw TypeError: WebAssembly.Module(): WebAssembly.Module must be invoked with 'new'
new Module(mod) threw CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder
ex mod threw TypeError: WebAssembly.Module.exports(): Argument 0 must be a WebAssembly.Module
customSections threw TypeError: WebAssembly.Module.customSections(): Argument 1 is required
customSections2: 0
fns: 1,1,1,1
JSTag: [object WebAssembly.Tag]
error msg: RuntimeError|m|RuntimeError: m|[object Error]|true
error call: RuntimeError: x"#,
    );
}

/// Probe w1: calls with the JS API's conversions, and traps as workerd words them.
#[test]
fn exported_functions_convert_their_values_and_trap_as_workerd_does() {
    let body = body(&model(
        r#"
  const logs = [];
  let inst;
  await ta("instantiate module", async () => { inst = await W.instantiate(a, { env: { log: (x) => logs.push(x) } }); return Object.prototype.toString.call(inst); });
  const e = inst.exports;
  t("exports frozen", () => Object.isFrozen(e) + " " + Object.getPrototypeOf(e));
  t("add", () => e.add(2, 3) + " " + e.add(2**31 - 1, 1) + " " + e.add("4", {valueOf(){return 5}}));
  t("add fn", () => e.add.name + " " + e.add.length + " " + String(e.add));
  t("add64", () => e.add64(1n, 2n) + " " + typeof e.add64(1n, 2n) + " " + e.add64(2n**63n - 1n, 1n));
  t("f32", () => e.f32(0.1) + " " + e.f32(NaN));
  t("f64", () => e.f64(0.1));
  t("callLog", () => { e.callLog(42); return logs.join(); });
  t("trap", () => e.trap());
  t("div", () => e.div(1, 0));
  t("divov", () => e.div(-(2**31), -1));
  t("load oob", () => e.load(65536));
  t("trunc", () => e.trunc(NaN));
  t("ind", () => e.ind(0));
  t("ind oob", () => e.ind(5));
  t("rec", () => e.rec());
  t("same fn", () => e.add === e.add);
  t("fn new", () => { try { new e.add(1,2); } catch (x) { return x instanceof TypeError; } });
  t("multi", () => JSON.stringify(e.multi(), (k, v) => typeof v === "bigint" ? v + "n" : v));
  t("link", () => new W.Instance(a, {}));
  t("link2", () => new W.Instance(a, { env: { log: 1 } }));
  t("link3", () => new W.Instance(a));
  await ta("inst reject", () => W.instantiate(a, {}));
"#,
    ));
    assert_lines(
        &body,
        r#"instantiate module: [object WebAssembly.Instance]
exports frozen: true null
add: 5 -2147483648 9
add fn: 1 2 function 1() { [native code] }
add64: 3 bigint -9223372036854775808
f32: 0.10000000149011612 NaN
f64: 0.1
callLog: 42
trap threw RuntimeError: unreachable
div threw RuntimeError: divide by zero
divov threw RuntimeError: divide result unrepresentable
load oob threw RuntimeError: memory access out of bounds
trunc threw RuntimeError: float unrepresentable in integer range
ind threw RuntimeError: null function
ind oob threw RuntimeError: table index is out of bounds
rec threw RangeError: Maximum call stack size exceeded
same fn: true
fn new: true
multi: [1,"2n"]
link threw TypeError: WebAssembly.Instance(): Import #0 "env": module is not an object or function
link2 threw LinkError: WebAssembly.Instance(): Import #0 "env" "log": function import requires a callable
link3 threw TypeError: WebAssembly.Instance(): Imports argument must be present and must be an object
inst reject rejected TypeError: WebAssembly.instantiate(): Import #0 "env": module is not an object or function"#,
    );
}

/// Probes w1 and w3: a memory is one set of bytes for JS and Wasm, written by either side
/// and read by the other, across calls in both directions; `grow` detaches the old buffer.
#[test]
fn memory_is_exact_on_both_sides_and_grow_detaches_the_old_buffer() {
    let body = body(&model(
        r#"
  const e = new W.Instance(a, { env: { log() {} } }).exports;
  const mem = e.memory;
  t("mem", () => Object.prototype.toString.call(mem) + " " + mem.buffer.byteLength + " " + Object.prototype.toString.call(mem.buffer));
  t("store/load", () => { e.store(8, 0x01020304); const u = new Uint8Array(mem.buffer); const r = u.slice(8, 12).join(); u[8] = 9; return r + " " + e.load(8); });
  t("grow", () => { const b = mem.buffer; const r = mem.grow(1); return r + " " + b.byteLength + " " + mem.buffer.byteLength + " " + (b === mem.buffer); });
  t("wasm grow", () => { const b = mem.buffer; const r = e.grow(1); return r + " " + b.byteLength + " " + mem.buffer.byteLength + " " + e.size(); });
  t("grow past", () => mem.grow(5));
  t("wasm grow past", () => e.grow(5));
  const memory = new W.Memory({ initial: 1, maximum: 100 });
  const gm = new W.Global({ value: "i64", mutable: true }, 41n);
  const tbl = new W.Table({ element: "anyfunc", initial: 1 });
  let bi;
  const seen = [];
  const cb = (x) => {
    const u = new Uint8Array(memory.buffer);
    seen.push(u[0]);
    u[1] = 5;
    if (x > 0) return bi.exports.depth(x - 1) + 1;
    return x + 100;
  };
  t("link", () => { bi = new W.Instance(b, { env: { mem: memory, g: 5, gm, tbl, cb } }); return Object.keys(bi.exports).join(); });
  const x = bi.exports;
  t("readG", () => x.readG());
  t("gm", () => { x.bumpGm(); return gm.value; });
  t("sum", () => { const u = new Uint8Array(memory.buffer); u.set([1, 2, 3, 250], 10); return x.sum(10, 4); });
  t("viaCb", () => x.viaCb(0) + " seen=" + seen.join());
  t("depth", () => x.depth(3));
  t("callTbl null", () => x.callTbl());
  const fresh = new W.Instance(a, { env: { log() {} } }).exports;
  t("tbl set", () => { tbl.set(0, fresh.size); return x.callTbl(); });
  t("tbl get", () => tbl.get(0) === fresh.size);
  t("hostile", () => { const r = x.hostile(); return r + " " + memory.buffer.byteLength; });
  t("cb throws", () => { const i = new W.Instance(b, { env: { mem: memory, g: 5, gm, tbl, cb() { throw new Error("boom"); } } }); return i.exports.depth(1); });
  t("cb returns obj", () => { const i = new W.Instance(b, { env: { mem: memory, g: 5, gm, tbl, cb() { return { valueOf() { return 9; } }; } } }); return i.exports.depth(1); });
"#,
    ));
    assert_lines(
        &body,
        r#"mem: [object WebAssembly.Memory] 65536 [object ArrayBuffer]
store/load: 4,3,2,1 16909065
grow: 1 0 131072 false
wasm grow: 2 0 196608 3
grow past threw RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded
wasm grow past: -1
link: readG,bumpGm,sum,viaCb,depth,callTbl,hostile
readG: 5
gm: 42
sum: 256
viaCb: 105 seen=77
depth: 103
callTbl null threw RuntimeError: null function
tbl set: 1
tbl get: true
hostile: -1 65536
cb throws threw Error: boom
cb returns obj: 9"#,
    );
}

/// Probes w1, w2 and w3: the Memory, Table and Global constructors, their checks, and
/// the link errors of imports that do not fit.
#[test]
fn memories_tables_and_globals_are_made_and_checked_as_in_workerd() {
    let body = body(&model(
        r#"
  const e = new W.Instance(a, { env: { log() {} } }).exports;
  t("global", () => { const g = e.g; const r = [Object.prototype.toString.call(g), g.value, g.valueOf()]; g.value = 9; return r.join() + " " + g.value; });
  t("table", () => { const tb = e.tbl; return [Object.prototype.toString.call(tb), tb.length, tb.get(0), tb.grow(1), tb.length].join(); });
  t("memory new", () => { const m = new W.Memory({ initial: 1, maximum: 2 }); return m.buffer.byteLength + " " + m.grow(1) + " " + m.buffer.byteLength; });
  t("shared", () => { const m = new W.Memory({ shared: true, initial: 0, maximum: 0 }); return Object.prototype.toString.call(m.buffer) + " " + m.buffer.constructor.name + " " + typeof SharedArrayBuffer; });
  t("shared nomax", () => new W.Memory({ shared: true, initial: 0 }));
  t("mem big", () => new W.Memory({ initial: 65537 }));
  t("mem big2", () => new W.Memory({ initial: 1, maximum: 65537 }));
  t("global new", () => { const g = new W.Global({ value: "i64", mutable: true }, 5n); return g.value + " " + typeof g.value; });
  t("global imm", () => { const g = new W.Global({ value: "i32" }, 5); g.value = 3; return g.value; });
  t("table new", () => { const tb = new W.Table({ element: "anyfunc", initial: 1 }); return tb.length + " " + tb.get(0); });
  t("mem ctor", () => new W.Memory());
  t("mem ctor2", () => new W.Memory({}));
  t("mem ctor3", () => new W.Memory({ initial: -1 }));
  t("mem ctor4", () => new W.Memory({ initial: 2, maximum: 1 }));
  t("mem call", () => W.Memory({ initial: 1 }));
  t("mem grow neg", () => new W.Memory({ initial: 1 }).grow(-1));
  t("mem buffer brand", () => Object.getOwnPropertyDescriptor(W.Memory.prototype, "buffer").get.call({}));
  t("mem grow0 detach", () => { const m = new W.Memory({ initial: 1 }); const b = m.buffer; m.grow(0); return b.byteLength + " " + (b === m.buffer); });
  t("shared grow", () => { const m = new W.Memory({ initial: 1, maximum: 3, shared: true }); const b = m.buffer; m.grow(1); return b.byteLength + " " + m.buffer.byteLength + " " + (b === m.buffer); });
  t("global bad", () => new W.Global({ value: "i33" }, 1));
  t("global noarg", () => new W.Global());
  t("global def", () => [new W.Global({ value: "i32" }).value, new W.Global({ value: "f32" }, 1.1).value, new W.Global({ value: "i64" }).value, new W.Global({ value: "externref" }).value, new W.Global({ value: "anyfunc" }).value].join("|"));
  t("global ext", () => new W.Global({ value: "externref" }, "hi").value);
  t("global f32 set", () => { const g = new W.Global({ value: "f32", mutable: true }); g.value = 0.1; return g.value; });
  t("global value", () => { const g = new W.Global({ value: "i32", mutable: true }, 4); return g.value + " " + g.valueOf() + " " + String(g) + " " + JSON.stringify(g); });
  t("table bad", () => new W.Table({ element: "x", initial: 1 }));
  t("table get oob", () => new W.Table({ element: "anyfunc", initial: 1 }).get(5));
  t("table set oob", () => new W.Table({ element: "anyfunc", initial: 1 }).set(5, null));
  t("table set bad", () => new W.Table({ element: "anyfunc", initial: 1 }).set(0, () => 1));
  t("table ext", () => { const tb = new W.Table({ element: "externref", initial: 2 }, "z"); return tb.get(0) + " " + tb.get(1) + " " + tb.length; });
  t("table grow past", () => new W.Table({ element: "anyfunc", initial: 1, maximum: 1 }).grow(1));
  t("inst args", () => new W.Instance({}));
  const mem = new W.Memory({ initial: 1, maximum: 100 });
  const gm = new W.Global({ value: "i64", mutable: true }, 41n);
  const tbl = new W.Table({ element: "anyfunc", initial: 1 });
  const cb = () => 0;
  t("badg", () => new W.Instance(b, { env: { mem, g: 1n, gm, tbl, cb } }));
  t("badgm", () => new W.Instance(b, { env: { mem, g: 5, gm: 1n, tbl, cb } }));
  t("badgm2", () => new W.Instance(b, { env: { mem, g: 5, gm: new W.Global({ value: "i32", mutable: true }), tbl, cb } }));
  t("badmem", () => new W.Instance(b, { env: { mem: 1, g: 5, gm, tbl, cb } }));
  t("badtbl", () => new W.Instance(b, { env: { mem, g: 5, gm, tbl: {}, cb } }));
  t("smallmem", () => new W.Instance(b, { env: { mem: new W.Memory({ initial: 0 }), g: 5, gm, tbl, cb } }));
  t("fnmismatch", () => new W.Instance(b, { env: { mem, g: 5, gm, tbl, cb: e.add } }));
"#,
    ));
    assert_lines(
        &body,
        r#"global: [object WebAssembly.Global],7,7 9
table: [object WebAssembly.Table],2,,2,3
memory new: 65536 1 131072
shared: [object SharedArrayBuffer] SharedArrayBuffer function
shared nomax threw TypeError: WebAssembly.Memory(): If shared is true, maximum property should be defined.
mem big threw RangeError: WebAssembly.Memory(): Property 'initial': value 65537 is above the upper bound 65536
mem big2 threw RangeError: WebAssembly.Memory(): Property 'maximum': value 65537 is above the upper bound 65536
global new: 5 bigint
global imm threw TypeError: set WebAssembly.Global.value): Can't set the value of an immutable global.
table new: 1 null
mem ctor threw TypeError: WebAssembly.Memory(): Argument 0 must be a memory descriptor
mem ctor2 threw TypeError: WebAssembly.Memory(): Property 'initial' is required
mem ctor3 threw TypeError: WebAssembly.Memory(): Property 'initial' must be non-negative
mem ctor4 threw RangeError: WebAssembly.Memory(): Property 'maximum': value 1 is below the lower bound 2
mem call threw TypeError: WebAssembly.Memory(): WebAssembly.Memory must be invoked with 'new'
mem grow neg threw TypeError: WebAssembly.Memory.grow(): Argument 0 must be non-negative
mem buffer brand threw TypeError: WebAssembly.Memory.buffer: Receiver is not a WebAssembly.Memory
mem grow0 detach: 0 false
shared grow: 65536 131072 false
global bad threw TypeError: WebAssembly.Global(): Descriptor property 'value' must be a WebAssembly type
global noarg threw TypeError: WebAssembly.Global(): Argument 0 must be a global descriptor
global def: 0|1.100000023841858|0||
global ext: hi
global f32 set: 0.10000000149011612
global value: 4 4 [object WebAssembly.Global] {}
table bad threw TypeError: WebAssembly.Table(): Descriptor property 'element' must be a WebAssembly reference type
table get oob threw RangeError: WebAssembly.Table.get(): invalid address 5 in funcref table of size 1
table set oob threw RangeError: WebAssembly.Table.set(): invalid address 5 in funcref table of size 1
table set bad threw TypeError: WebAssembly.Table.set(): Argument 1 is invalid for table: function-typed object must be null (if nullable) or a Wasm function object
table ext: z z 2
table grow past threw RangeError: WebAssembly.Table.grow(): failed to grow table by 1
inst args threw TypeError: WebAssembly.Instance(): Argument 0 must be a WebAssembly.Module
badg threw LinkError: WebAssembly.Instance(): Import #1 "env" "g": global import must be a number, valid Wasm reference, or WebAssembly.Global object
badgm threw LinkError: WebAssembly.Instance(): Import #2 "env" "gm": imported mutable global must be a WebAssembly.Global object
badgm2 threw LinkError: WebAssembly.Instance(): Import #2 "env" "gm": imported global does not match the expected type
badmem threw LinkError: WebAssembly.Instance(): Import #0 "env" "mem": memory import must be a WebAssembly.Memory object
badtbl threw LinkError: WebAssembly.Instance(): Import #3 "env" "tbl": table import requires a WebAssembly.Table
smallmem threw LinkError: WebAssembly.Instance(): Import #0 "env" "mem": memory import has 0 pages which is smaller than the declared initial of 1
fnmismatch threw LinkError: WebAssembly.Instance(): Import #4 "env" "cb": imported function does not match the expected type"#,
    );
}

/// An endless Wasm loop is stopped by the CPU budget (workerd: "Worker exceeded CPU time
/// limit."), with crosstalk's cpu-limit verdict, instead of hanging the tool.
#[test]
fn an_endless_wasm_loop_ends_in_the_cpu_verdict() {
    let run = run_first(&model(
        r#"
  const e = new W.Instance(a, { env: { log() {} } }).exports;
  try { e.loop(); } catch (error) { out.push("caught " + error); }
"#,
    ));
    assert!(has_event(&run, Owner::Request(1), "cpu-limit"), "{:?}", run.requests[0]);
    assert!(run.requests[0].body.is_none(), "{:?}", run.requests[0].body);
}

/// A hostile `memory.grow` never takes the tool down: past the isolate's memory limit the
/// grow fails, as the JS API spec lets a grow fail (`Memory.prototype.grow` throws a
/// RangeError, the Wasm instruction gives -1). (workerd gave these 1.9 GB; crosstalk
/// holds memories to the isolate's limit instead.)
#[test]
fn a_hostile_memory_grow_fails_instead_of_exhausting_the_tool() {
    let body = body(&model(
        r#"
  const m = new W.Memory({ initial: 1 });
  t("js grow", () => { try { m.grow(30000); return "grew"; } catch (e) { return e instanceof RangeError; } });
  const mem = new W.Memory({ initial: 1 });
  const x = new W.Instance(b, { env: { mem, g: 5, gm: new W.Global({ value: "i64", mutable: true }), tbl: new W.Table({ element: "anyfunc", initial: 1 }), cb: () => 0 } }).exports;
  t("wasm grow", () => x.hostile() + " " + mem.buffer.byteLength);
"#,
    ));
    assert_lines(&body, "js grow: true\nwasm grow: -1 65536");
}

/// WPT's `common/sab.js` makes its SharedArrayBuffers through a shared memory, and the
/// encoding tests decode from them (`textdecoder-copy.any.js`, `decode-utf8.any.js`,
/// which workerd passes): the bytes are decoded as from an ArrayBuffer.
#[test]
fn a_shared_memorys_buffer_is_a_shared_array_buffer_text_decoder_reads() {
    let body = body(&model(
        r#"
  const Sab = new W.Memory({ shared: true, initial: 0, maximum: 0 }).buffer.constructor;
  const sab = new Sab(5);
  new Uint8Array(sab).set([104, 195, 169, 33, 33]);
  t("decode", () => new TextDecoder().decode(new Uint8Array(sab, 0, 4)) + " " + new TextDecoder().decode(sab));
"#,
    ));
    assert_lines(&body, "decode: hé! hé!!");
}

/// Probe w4: a start function runs at instantiation and may call the JS imports.
#[test]
fn a_start_function_runs_at_instantiation_and_calls_js() {
    let body = body(&model(
        r#"
  let called = 0;
  t("start", () => { new W.Instance(s, { env: { f() { called++; } } }); return called; });
  t("exports", () => JSON.stringify(W.Module.exports(s)) + " " + Object.keys(new W.Instance(s, { env: { f() {} } }).exports).length);
"#,
    ));
    assert_lines(&body, "start: 1\nexports: [] 0");
}
