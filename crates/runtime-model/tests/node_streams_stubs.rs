//! node:stream (its helpers, node:stream/consumers, the `_stream_*` modules), node:events,
//! node:async_hooks, node:net's BoundSocket, node:dns and workerd's non-functional node:
//! modules (child_process, cluster, dgram, domain, http2, inspector, readline, repl,
//! sqlite, test, trace_events, v8, vm, wasi, worker_threads, tls), each answering as
//! workerd does.

mod common;

use common::*;
use crosstalk_runtime::{CompatibilityDate, MemorySource, Model, MsRange, OriginSpec, Profile, ProfileName, Syntax};

/// One request to a module worker at compatibility date 2026-11-17 with `nodejs_compat`.
fn module_model(script: &str) -> Model {
    let mut model = Model::new("m", Syntax::Module, MemorySource::single("worker.mjs", script)).with_requests(
        "https://x.example/",
        MsRange::fixed(0),
        1,
    );
    model.profile = Profile::new(
        ProfileName::Production2022,
        Some(CompatibilityDate::ymd(2026, 11, 17)),
        vec!["nodejs_compat".into()],
    );
    model
}
/// node:stream: flowing and 'readable' modes, a Writable's events and backpressure, a Transform
/// piped from Readable.from, pipeline errors, Node's errors (null and non-chunk writes, write
/// after end, _read not implemented), calling the constructors without `new`, own keys of
/// streams and states, async iteration, finished, the helper exports and duplexPair.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn stream_events_errors_and_helpers_answer_as_on_workerd() {
    let script = r#"import stream, { Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished } from "node:stream";
const tick = () => new Promise((r) => setTimeout(r, 0));
function show(e) { return e && typeof e === "object" ? { name: e.name, code: e.code, message: e.message } : e; }
export default { async fetch() {
  const out = [];
  const log = (...a) => out.push(a.map((x) => typeof x === "string" ? x : JSON.stringify(x)).join(" "));
  // 1. basic flowing
  {
    const ev = [];
    const r = new Readable({ read() {} });
    for (const e of ["data", "end", "close", "pause", "resume", "readable"]) if (e !== "readable") r.on(e, (x) => ev.push(e + (x ? ":" + x : "")));
    r.push("a"); r.push("b"); r.push(null);
    await tick();
    log("flow", ev);
  }
  // 2. readable event mode
  {
    const ev = [];
    const r = new Readable({ read() {} });
    r.on("readable", () => { let c; ev.push("readable"); while ((c = r.read()) !== null) ev.push("read:" + c); });
    r.on("end", () => ev.push("end")); r.on("close", () => ev.push("close"));
    r.push("x"); r.push("y"); await tick(); r.push(null);
    await tick();
    log("readable", ev);
  }
  // 3. writable
  {
    const ev = [];
    const w = new Writable({ highWaterMark: 3, write(c, e, cb) { ev.push("write:" + c + ":" + e); setTimeout(cb, 0); } });
    for (const e of ["drain", "finish", "close", "prefinish"]) w.on(e, () => ev.push(e));
    ev.push("w1:" + w.write("ab")); ev.push("w2:" + w.write("cd")); ev.push("len:" + w.writableLength);
    w.end("ef", () => ev.push("endcb"));
    await tick(); await tick(); await tick(); await tick();
    log("writable", ev, w.writableFinished, w.destroyed);
  }
  // 4. transform & pipe
  {
    const ev = [];
    const t = new Transform({ transform(c, e, cb) { cb(null, c.toString().toUpperCase()); }, flush(cb) { this.push("!"); cb(); } });
    const r = Readable.from(["a", "b", "c"]);
    const chunks = [];
    t.on("data", (c) => chunks.push(c.toString()));
    await new Promise((res) => { t.on("end", res); r.pipe(t); });
    log("transform", chunks);
  }
  // 5. pipeline error
  {
    const r = new Readable({ read() { this.destroy(new Error("boom")); } });
    const w = new Writable({ write(c, e, cb) { cb(); } });
    const err = await new Promise((res) => pipeline(r, w, res));
    log("pipeline-err", show(err), r.destroyed, w.destroyed);
  }
  // 6. errors
  {
    const w = new Writable({ write(c, e, cb) { cb(); } });
    try { w.write(null); } catch (e) { log("nullwrite", show(e), e instanceof TypeError, String(e)); }
    try { w.write(5); } catch (e) { log("numwrite", show(e)); }
    w.end();
    const errs = [];
    w.on("error", (e) => errs.push(show(e)));
    w.write("x", (e) => errs.push("cb:" + (e && e.code)));
    await tick();
    log("write-after-end", errs);
    const r = new Readable();
    r.on("error", (e) => log("read-not-impl", show(e)));
    r.read();
    await tick();
  }
  // 7. callable without new, keys
  {
    const r = Readable({ read() {} });
    log("nonew", r instanceof Readable, Object.keys(r), Object.keys(stream), typeof stream.promises.pipeline);
    const d = new Duplex({ read() {}, write(c, e, cb) { cb(); } });
    log("duplex", d instanceof Writable, d instanceof Readable, Object.keys(d), d.allowHalfOpen);
    log("eventNames", r.eventNames(), r.on("data", () => {}).eventNames());
    const w = new Writable();
    log("w-keys", Object.keys(w), Object.keys(w._writableState).sort());
    log("r-state-keys", Object.keys(r._readableState).sort());
  }
  // 8. async iteration
  {
    const got = [];
    for await (const c of Readable.from([1, 2, 3])) got.push(c);
    const r = new Readable({ read() {} }); r.push("hello "); r.push("world"); r.push(null);
    for await (const c of r) got.push(String(c));
    log("iter", got);
  }
  // 9. finished
  {
    const r = Readable.from(["x"]);
    const ev = [];
    finished(r, (err) => ev.push("finished:" + (err ? err.code : "ok")));
    r.resume();
    await tick(); await tick();
    const r2 = new Readable({ read() {} });
    finished(r2, (err) => ev.push("finished2:" + (err ? err.code + ":" + err.message : "ok")));
    r2.destroy();
    await tick();
    log("finished", ev);
  }
  // 10. utility exports
  {
    const r = new Readable({ read() {} });
    log("utils", stream.isReadable(r), stream.isWritable(r), stream.isDestroyed(r), stream.isDisturbed(r), stream.isErrored(r), stream.getDefaultHighWaterMark(false), stream.getDefaultHighWaterMark(true));
    r.push("a"); r.read();
    log("disturbed", stream.isDisturbed(r));
    stream.destroy(r);
    await tick();
    log("destroyed", stream.isDestroyed(r), show(r.errored));
    try { stream.setDefaultHighWaterMark(false, -1); } catch (e) { log("hwm", show(e)); }
    try { stream.setDefaultHighWaterMark(false, "x"); } catch (e) { log("hwm2", show(e)); }
    try { new Readable({ highWaterMark: -1 }); } catch (e) { log("hwm3", show(e)); }
    const [a, b] = stream.duplexPair();
    const got = [];
    b.on("data", (c) => got.push(String(c)));
    a.write("ping"); a.end();
    await tick(); await tick();
    log("duplexPair", got, b.readableEnded);
  }
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"flow ["resume","data:a","data:b","end","close"]
readable ["readable","read:xy","readable","end","close"]
writable ["write:ab:buffer","w1:true","w2:false","len:4","write:cd:buffer","write:ef:buffer","prefinish","endcb","finish","close"] true true
transform ["A","B","C","!"]
pipeline-err {"name":"Error","message":"boom"} true true
nullwrite {"name":"TypeError","code":"ERR_STREAM_NULL_VALUES","message":"May not write null values to stream"} true TypeError [ERR_STREAM_NULL_VALUES]: May not write null values to stream
numwrite {"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (5)"}
write-after-end ["cb:ERR_STREAM_WRITE_AFTER_END",{"name":"Error","code":"ERR_STREAM_WRITE_AFTER_END","message":"write after end"}]
read-not-impl {"name":"Error","code":"ERR_METHOD_NOT_IMPLEMENTED","message":"The _read() method is not implemented"}
nonew true ["_events","_readableState","_read","_maxListeners","domain"] ["Stream","_isUint8Array","_isArrayBufferView","_uint8ArrayToBuffer","addAbortSignal","compose","destroy","finished","isReadable","isWritable","isErrored","isDisturbed","pipeline","Writable","Readable","Duplex","Transform","PassThrough","promises","getDefaultHighWaterMark","setDefaultHighWaterMark","isDestroyed","duplexPair"] function
duplex true true ["_events","_readableState","_writableState","allowHalfOpen","_read","_write","_maxListeners","domain"] true
eventNames [] ["close","error","data","end","readable"]
w-keys ["_events","_writableState","_maxListeners","domain"] ["bufferedIndex","corked","highWaterMark","length","onwrite","pendingcb","writelen"]
r-state-keys ["awaitDrainWriters","buffer","bufferIndex","highWaterMark","length","pipes"]
iter [1,2,3,"hello world"]
finished ["finished:ok","finished2:ERR_STREAM_PREMATURE_CLOSE:Premature close"]
utils true null false false false 65536 16
disturbed true
destroyed true {"name":"AbortError","code":"ABORT_ERR","message":"The operation was aborted"}
hwm {"name":"RangeError","code":"ERR_OUT_OF_RANGE","message":"The value of \"value\" is out of range. It must be >= 0 && <= 9007199254740991. Received -1"}
hwm2 {"name":"TypeError","code":"ERR_INVALID_ARG_TYPE","message":"The \"value\" argument must be of type number. Received type string ('x')"}
hwm3 {"name":"TypeError","code":"ERR_INVALID_ARG_VALUE","message":"The property 'options.highWaterMark' is invalid. Received -1"}
duplexPair ["ping"] true"#,
    );
}

/// node:stream: pipeline with generator stages and its promise form (values, errors, abort,
/// argument errors), compose, Duplex.from, node:stream/consumers, the iterator helpers, the
/// Web stream adapters, writev, cork, setEncoding, read(n), destroy, construct, addAbortSignal
/// and the errors streams emit.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn stream_pipeline_compose_consumers_and_web_adapters_answer_as_on_workerd() {
    let script = r#"import stream, { Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished, compose, addAbortSignal } from "node:stream";
import { pipeline as pp, finished as pf } from "node:stream/promises";
import consumers from "node:stream/consumers";
import { Buffer } from "node:buffer";
const tick = () => new Promise((r) => setTimeout(r, 0));
function show(e) { return e instanceof Error ? [e.name, e.code, e.message] : e; }
async function ta(f) { try { const v = await f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v));
  // pipeline with generator transforms
  {
    const chunks = [];
    const res = await ta(() => pp(Readable.from(["a", "b", "c"]), async function* (src) { for await (const c of src) yield c.toUpperCase(); }, new Writable({ objectMode: true, write(c, e, cb) { chunks.push(c); cb(); } })));
    log("pp-gen", [res, chunks]);
  }
  {
    const res = await ta(() => pp(["x", "y"], async function (src) { let s = ""; for await (const c of src) s += c; return s; }));
    log("pp-ret", res);
  }
  {
    const res = await ta(() => pp(Readable.from(["a"]), async function* (src) { for await (const c of src) throw new Error("inner"); }, new PassThrough()));
    log("pp-throw", res);
  }
  {
    const ac = new AbortController();
    const p = ta(() => pp(new Readable({ read() {} }), new PassThrough(), { signal: ac.signal }));
    ac.abort();
    log("pp-abort", await p);
  }
  log("pp-args", [t(() => pipeline()), t(() => pipeline(new PassThrough())), t(() => pipeline(new PassThrough(), new PassThrough()))]);
  // compose
  {
    const c = compose(new Transform({ transform(ch, e, cb) { cb(null, String(ch) + "1"); } }), new Transform({ transform(ch, e, cb) { cb(null, String(ch) + "2"); } }));
    const got = [];
    c.on("data", (d) => got.push(String(d)));
    c.write("a"); c.end("b");
    await new Promise((r) => c.on("end", r));
    log("compose", got);
    log("compose-fn", t(() => compose(async function* (s) { yield* s; })));
    log("compose-none", t(() => compose()));
  }
  // Duplex.from
  log("duplex-from-iter", t(() => Duplex.from(["a"])));
  log("duplex-from-fn", t(() => Duplex.from(async function* (s) { yield* s; })));
  {
    const d = Duplex.from({ readable: Readable.from(["r1", "r2"]), writable: new Writable({ write(c, e, cb) { cb(); } }) });
    const got = [];
    for await (const c of d) got.push(String(c));
    log("duplex-from-pair", got);
    const p = Duplex.from(Promise.resolve("pv"));
    const got2 = [];
    for await (const c of p) got2.push(c);
    log("duplex-from-promise", got2);
  }
  // consumers
  log("consumers", [await consumers.text(Readable.from(["a", "b"])), await consumers.json(Readable.from(['{"x":', '1}'])), (await consumers.buffer(Readable.from([Buffer.from("hi")]))).toString(), (await consumers.arrayBuffer(Readable.from([new Uint8Array([1, 2])]))).byteLength, (await consumers.blob(Readable.from(["abc"]))).size, await consumers.text(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("web")); c.close(); } }))]);
  // operators
  log("ops", [await Readable.from([1, 2, 3, 4]).map((x) => x * 2).filter((x) => x > 2).toArray(), await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 0), await Readable.from([1, 2, 3]).some((x) => x > 2), await Readable.from([1, 2, 3]).every((x) => x > 2), await Readable.from([1, 2, 3]).find((x) => x > 1), await Readable.from([1, 2, 3, 4]).drop(1).take(2).toArray(), await Readable.from([[1, 2], [3]]).flatMap((x) => x).toArray(), await ta(() => Readable.from([]).reduce((a, b) => a + b)), await Readable.from(["a", "b"]).asIndexedPairs().toArray()]);
  // web adapters
  {
    const rs = Readable.toWeb(Readable.from(["w1", "w2"]));
    const reader = rs.getReader();
    const got = [];
    for (;;) { const { value, done } = await reader.read(); if (done) break; got.push(value); }
    log("toWeb", got);
    const r = Readable.fromWeb(new ReadableStream({ start(c) { c.enqueue("f1"); c.enqueue("f2"); c.close(); } }), { objectMode: true });
    const got2 = [];
    for await (const c of r) got2.push(c);
    log("fromWeb", got2);
    const chunks = [];
    const ws = Writable.toWeb(new Writable({ write(c, e, cb) { chunks.push(String(c)); cb(); } }));
    const w = ws.getWriter();
    await w.write(new TextEncoder().encode("x1")); await w.close();
    log("w-toWeb", chunks);
    const wchunks = [];
    const nw = Writable.fromWeb(new WritableStream({ write(c) { wchunks.push(new TextDecoder().decode(c)); } }));
    nw.write("y1"); nw.end("y2");
    await pf(nw);
    log("w-fromWeb", wchunks);
    log("fromWeb-bad", t(() => Readable.fromWeb({})));
  }
  // backpressure & events order
  {
    const ev = [];
    const w = new Writable({ highWaterMark: 2, write(c, e, cb) { ev.push("w" + c); queueMicrotask(cb); } });
    w.on("drain", () => ev.push("drain"));
    ev.push(w.write("1")); ev.push(w.write("2")); ev.push(w.write("3")); ev.push(w.writableNeedDrain);
    w.cork(); w.write("4"); w.write("5"); ev.push("corked" + w.writableCorked); w.uncork();
    await tick(); await tick();
    log("backpressure", ev);
  }
  {
    const ev = [];
    const w = new Writable({ writev(chunks, cb) { ev.push("writev:" + chunks.map((c) => String(c.chunk)).join(",")); cb(); }, write(c, e, cb) { ev.push("write:" + c); cb(); } });
    w.cork(); w.write("a"); w.write("b"); w.write("c"); w.uncork();
    w.write("d");
    await tick();
    log("writev", ev);
  }
  // setEncoding & read(n)
  {
    const r = new Readable({ read() {} });
    r.setEncoding("hex");
    r.push(Buffer.from([1, 2, 3]));
    r.push(null);
    const got = [];
    r.on("data", (d) => got.push(d));
    await new Promise((res) => r.on("end", res));
    const r2 = new Readable({ read() {} });
    r2.push("abcdef"); r2.push(null);
    log("encoding", [got, String(r2.read(2)), String(r2.read(3)), String(r2.read()), r2.read()]);
  }
  // destroy semantics
  {
    const ev = [];
    const r = new Readable({ read() {}, destroy(err, cb) { ev.push("_destroy:" + (err && err.message)); cb(err); } });
    r.on("error", (e) => ev.push("error:" + e.message));
    r.on("close", () => ev.push("close"));
    r.destroy(new Error("x"));
    r.destroy(new Error("y"));
    ev.push("sync:" + r.destroyed + ":" + (r.errored && r.errored.message));
    await tick();
    log("destroy", ev);
    const r2 = new Readable({ read() {}, emitClose: false, autoDestroy: false });
    const ev2 = [];
    r2.on("close", () => ev2.push("close")); r2.on("end", () => ev2.push("end"));
    r2.push(null); r2.resume();
    await tick();
    log("noclose", [ev2, r2.destroyed]);
  }
  // construct
  {
    const ev = [];
    const w = new Writable({ construct(cb) { ev.push("construct"); setTimeout(() => { ev.push("constructed"); cb(); }, 1); }, write(c, e, cb) { ev.push("write:" + c); cb(); } });
    w.write("a"); ev.push("after-write");
    w.end();
    await new Promise((r) => w.on("finish", r));
    log("construct", ev);
  }
  // addAbortSignal & errors
  {
    const ac = new AbortController();
    const r = addAbortSignal(ac.signal, new Readable({ read() {} }));
    const errs = [];
    r.on("error", (e) => errs.push([e.name, e.code, e.message, e.cause]));
    ac.abort("why");
    await tick();
    log("abortsig", [errs, t(() => addAbortSignal({}, r)), t(() => addAbortSignal(ac.signal, {}))]);
  }
  {
    const r = new Readable({ read() {} });
    const errs = [];
    r.on("error", (e) => errs.push(show(e)));
    r.push("a"); r.push(null); r.push("b");
    r.push(5);
    await tick();
    const r2 = new Readable({ read() {} });
    r2.on("error", (e) => errs.push(show(e)));
    r2.push(5);
    await tick();
    const w = new Writable({ write(c, e, cb) { cb(); cb(); } });
    w.on("error", (e) => errs.push(show(e)));
    w.write("x");
    await tick();
    log("errs", errs);
  }
  // iterator break
  {
    const r = Readable.from([1, 2, 3]);
    for await (const x of r) { if (x === 1) break; }
    await tick();
    const r2 = new Readable({ read() {} }); r2.push("a");
    for await (const x of r2.iterator({ destroyOnReturn: false })) break;
    log("iter-break", [r.destroyed, r2.destroyed]);
  }
  // transform flush & highWaterMark 0
  {
    const t0 = new Transform({ readableHighWaterMark: 0, transform(c, e, cb) { cb(null, c); } });
    log("hwm0", [t0.readableHighWaterMark, t0.writableHighWaterMark, new PassThrough({ highWaterMark: 5 }).writableHighWaterMark]);
  }
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"pp-gen [["ok","undefined"],["A","B","C"]]
pp-ret ["ok","xy"]
pp-throw ["Error",null,"inner"]
pp-abort ["AbortError","ABORT_ERR","The operation was aborted"]
pp-args [["TypeError","ERR_INVALID_ARG_TYPE","The \"streams[stream.length - 1]\" property must be of type function. Received undefined"],["TypeError","ERR_INVALID_ARG_TYPE","The \"streams[stream.length - 1]\" property must be of type function. Received an instance of PassThrough"],["TypeError","ERR_INVALID_ARG_TYPE","The \"streams[stream.length - 1]\" property must be of type function. Received an instance of PassThrough"]]
compose ["a12","b12"]
compose-fn ["TypeError","ERR_INVALID_ARG_TYPE","The \"iterable\" argument must be an instance of Iterable. Received function Duplexify"]
compose-none ["TypeError","ERR_MISSING_ARGS","The \"streams\" argument must be specified"]
duplex-from-iter ["TypeError","ERR_INVALID_ARG_TYPE","The \"iterable\" argument must be an instance of Iterable. Received function Duplexify"]
duplex-from-fn ["TypeError","ERR_INVALID_ARG_TYPE","The \"iterable\" argument must be an instance of Iterable. Received function Duplexify"]
duplex-from-pair ["r1","r2"]
duplex-from-promise ["pv"]
consumers ["ab",{"x":1},"hi",2,3,"web"]
ops [[4,6,8],6,true,false,2,[2,3],[1,2,3],["TypeError","ERR_MISSING_ARGS","Reduce of an empty stream requires an initial value"],[[0,"a"],[1,"b"]]]
toWeb ["w1","w2"]
fromWeb ["f1","f2"]
w-toWeb ["x1"]
w-fromWeb ["y1","y2"]
fromWeb-bad ["TypeError","ERR_INVALID_ARG_TYPE","The \"readableStream\" argument must be an instance of ReadableStream. Received an instance of Object"]
backpressure ["w1",true,false,false,true,"corked1","w2","w3","w4","w5","drain"]
writev ["writev:a,b,c","write:d"]
encoding [["010203"],"ab","cde","f",null]
destroy ["_destroy:x","sync:true:x","error:x","close"]
noclose [["end"],false]
construct ["after-write","construct","constructed","write:a"]
abortsig [[["AbortError","ABORT_ERR","The operation was aborted","why"]],["TypeError","ERR_INVALID_ARG_TYPE","The \"signal\" argument must be an instance of AbortSignal. Received an instance of Object"],["TypeError","ERR_INVALID_ARG_TYPE","The \"stream\" argument must be an instance of ReadableStream, WritableStream, or Stream. Received an instance of Object"]]
errs [["Error","ERR_STREAM_PUSH_AFTER_EOF","stream.push() after EOF"],["TypeError","ERR_INVALID_ARG_TYPE","The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (5)"],["Error","ERR_MULTIPLE_CALLBACK","Callback called multiple times"]]
iter-break [true,false]
hwm0 [0,0,5]"#,
    );
}

/// node:stream with Web streams: pipeline through ReadableStream/TransformStream/WritableStream
/// stages, finished and addAbortSignal refusing them (ERR_WEB_STREAM_INTEROP_UNSUPPORTED),
/// compose's events and destroy, Duplex.toWeb/fromWeb and the predicates on Web streams.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn stream_interop_with_web_streams_answers_as_on_workerd() {
    let script = r#"import stream, { Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished, compose } from "node:stream";
import { pipeline as pp, finished as pf } from "node:stream/promises";
const tick = () => new Promise((r) => setTimeout(r, 0));
function show(e) { return e instanceof Error ? [e.name, e.code, e.message] : e; }
async function ta(f) { try { const v = await f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
const rs = (...items) => new ReadableStream({ start(c) { for (const i of items) c.enqueue(i); c.close(); } });
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v));
  const sym = Symbol.for("nodejs.webstream.isClosedPromise");
  log("sym", [sym in rs(), typeof rs()[sym], typeof new WritableStream()[sym], typeof new TransformStream().readable[sym]]);
  log("finished-web", await ta(() => new Promise((res, rej) => { const s = rs("a"); finished(s, (e) => e ? rej(e) : res("done")); s.getReader().read().then(() => {}); })));
  log("pf-web", await ta(async () => { const s = rs(); const p = pf(s); await s.getReader().read(); return p; }));
  {
    const chunks = [];
    log("pp-rs-w", [await ta(() => pp(rs("a", "b"), new Writable({ objectMode: true, write(c, e, cb) { chunks.push(c); cb(); } }))), chunks]);
  }
  {
    const chunks = [];
    log("pp-r-ws", [await ta(() => pp(Readable.from(["a", "b"]), new WritableStream({ write(c) { chunks.push(c); } }))), chunks]);
  }
  {
    const chunks = [];
    log("pp-r-ts-ws", [await ta(() => pp(Readable.from(["a", "b"]), new TransformStream({ transform(c, ctl) { ctl.enqueue(c + "!"); } }), new WritableStream({ write(c) { chunks.push(c); } }))), chunks]);
  }
  {
    const chunks = [];
    log("pp-rs-ts-w", [await ta(() => pp(rs("x"), new TransformStream(), new Writable({ objectMode: true, write(c, e, cb) { chunks.push(c); cb(); } }))), chunks]);
  }
  log("pp-cb-ws", await ta(() => new Promise((res) => { const r = pipeline(Readable.from(["q"]), new WritableStream({ write() {} }), (e) => res(e ? show(e) : "ok")); })));
  {
    const c = t(() => compose(new PassThrough(), new TransformStream({ transform(ch, ctl) { ctl.enqueue(String(ch) + "?"); } })));
    log("compose-web", c[0]);
    if (c[0] === "ok") {
      const d = c[1]; const got = [];
      d.on("data", (x) => got.push(String(x)));
      d.end("hi");
      await new Promise((r) => { d.on("end", r); d.on("error", r); d.on("close", r); });
      log("compose-web-data", got);
    }
  }
  {
    const d = compose(new PassThrough({ objectMode: true }), new PassThrough({ objectMode: true }));
    const ev = [];
    d.on("data", (x) => ev.push("data:" + x)); d.on("end", () => ev.push("end")); d.on("finish", () => ev.push("finish")); d.on("close", () => ev.push("close"));
    d.write("1"); d.write("2"); d.end();
    await tick(); await tick(); await tick();
    log("compose-events", [ev, d.readableObjectMode, d.writableObjectMode]);
    const d2 = compose(new PassThrough(), new PassThrough());
    const ev2 = [];
    d2.on("error", (e) => ev2.push("error:" + e.message)); d2.on("close", () => ev2.push("close"));
    d2.destroy(new Error("boom"));
    await tick(); await tick();
    log("compose-destroy", ev2);
    const d3 = compose(Readable.from(["r"]), new PassThrough());
    const got = [];
    for await (const x of d3) got.push(String(x));
    log("compose-readable-head", [got, d3.writable]);
  }
  log("duplex-toWeb", await ta(async () => { const d = new PassThrough(); const { readable, writable } = Duplex.toWeb(d); const w = writable.getWriter(); w.write(new TextEncoder().encode("z")); w.close(); const r = readable.getReader(); const a = await r.read(); return [a.done, new TextDecoder().decode(a.value)]; }));
  log("duplex-fromWeb", await ta(async () => { const ts = new TransformStream(); const d = Duplex.fromWeb(ts, { objectMode: true }); d.write("k"); d.end(); const got = []; for await (const x of d) got.push(x); return got; }));
  log("duplex-from-web", await ta(async () => { const d = Duplex.from(rs("u")); const got = []; for await (const x of d) got.push(String(x)); return got; }));
  log("readable-from-rs", await ta(async () => { const got = []; for await (const x of Readable.from(rs("v1", "v2"))) got.push(x); return got; }));
  log("addAbortSignal-web", await ta(async () => { const ac = new AbortController(); const s = stream.addAbortSignal(ac.signal, rs("x")); ac.abort(); const r = s.getReader(); return await r.read(); }));
  log("isReadable-web", [stream.isReadable(rs()), stream.isErrored(rs()), stream.isDisturbed(rs()), stream.isDestroyed(rs()), stream.isWritable(new WritableStream())]);
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"sym [false,"undefined","undefined","undefined"]
finished-web ["TypeError","ERR_WEB_STREAM_INTEROP_UNSUPPORTED","finished() is not supported for web streams by the streams implementation in use"]
pf-web ["TypeError","ERR_WEB_STREAM_INTEROP_UNSUPPORTED","finished() is not supported for web streams by the streams implementation in use"]
pp-rs-w [["ok","undefined"],["a","b"]]
pp-r-ws [["ok","undefined"],["a","b"]]
pp-r-ts-ws [["ok","undefined"],["a!","b!"]]
pp-rs-ts-w [["ok","undefined"],["x"]]
pp-cb-ws ["ok","ok"]
compose-web "TypeError"
compose-events [["data:1","data:2","end","finish","close"],true,true]
compose-destroy ["error:boom","close"]
compose-readable-head [["r"],false]
duplex-toWeb ["ok",[false,"z"]]
duplex-fromWeb ["ok",["k"]]
duplex-from-web ["ok",["u"]]
readable-from-rs ["ok",["v1","v2"]]
addAbortSignal-web ["TypeError","ERR_WEB_STREAM_INTEROP_UNSUPPORTED","addAbortSignal() is not supported for web streams by the streams implementation in use"]
isReadable-web [null,false,false,null,null]"#,
    );
}

/// workerd's non-functional modules: child_process, cluster, dgram, domain, http2, inspector
/// (and /promises), readline (and /promises), repl, sqlite, test's mocks, trace_events, v8, vm,
/// wasi and worker_threads: their ERR_METHOD_NOT_IMPLEMENTED errors (code, name, message,
/// class), argument validation, no-ops and fixed values.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn non_functional_modules_answer_as_on_workerd() {
    let script = r#"import * as cp from "node:child_process";
import cluster, * as clusterNs from "node:cluster";
import dgram from "node:dgram";
import domain from "node:domain";
import http2 from "node:http2";
import inspector from "node:inspector";
import inspectorP from "node:inspector/promises";
import readline from "node:readline";
import readlineP from "node:readline/promises";
import repl from "node:repl";
import sqlite from "node:sqlite";
import test from "node:test";
import trace from "node:trace_events";
import v8 from "node:v8";
import vm from "node:vm";
import wasi from "node:wasi";
import wt from "node:worker_threads";
function show(e) {
  if (!(e instanceof Error)) return ["value", e];
  return [e.name, e.code, e.message, e.constructor.name, Object.keys(e), e instanceof TypeError, e instanceof RangeError, String(e)];
}
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
async function ta(f) { try { const v = await f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v, (key, x) => typeof x === "symbol" ? String(x) : typeof x === "function" ? "fn:" + x.name : x));
  log("cp.ChildProcess", t(() => new cp.ChildProcess()));
  log("cp.exec", t(() => cp.exec("ls")));
  log("cp.exec2", t(() => cp.exec(5)));
  log("cp.exec3", t(() => cp.exec("ls", 5)));
  log("cp.exec4", t(() => cp.exec("ls", {}, 5)));
  log("cp.execFile", t(() => cp.execFile("ls")));
  log("cp.execFileSync", t(() => cp.execFileSync("ls")));
  log("cp.execSync", t(() => cp.execSync("ls")));
  log("cp.fork", t(() => cp.fork("x", "bad")));
  log("cp.fork2", t(() => cp.fork("x", [], 5)));
  log("cp.fork3", t(() => cp.fork("x")));
  log("cp.spawn", t(() => cp.spawn("ls")));
  log("cp.spawnSync", t(() => cp.spawnSync(1)));
  log("cp.spawnSync2", t(() => cp.spawnSync("ls")));
  log("cp._forkChild", t(() => cp._forkChild()));
  log("cluster", [cluster.isPrimary, cluster.isMaster, cluster.isWorker, cluster.schedulingPolicy, cluster.SCHED_RR, Object.keys(cluster), cluster.constructor.name]);
  log("cluster.fork", t(() => cluster.fork()));
  log("cluster.setupMaster", t(() => cluster.setupMaster()));
  log("cluster.setupPrimary", t(() => clusterNs.setupPrimary()));
  log("cluster.disconnect", t(() => clusterNs.disconnect()));
  const w = new cluster.Worker();
  log("cluster.Worker", [w.id, w.isDead(), w.isConnected(), w.send(), w.process === globalThis.process, w.exitedAfterDisconnect, w.disconnect() === w, Object.keys(w)]);
  log("cluster.events", [clusterNs._events, clusterNs._eventsCount, clusterNs._maxListeners]);
  const s = dgram.createSocket("udp4");
  log("dgram", [s.bind() === s, s.close() === s, s.address(), s.getRecvBufferSize(), s.ref() === s, s.send(), typeof s.on, Object.keys(s)]);
  log("dgram2", t(() => dgram.createSocket(5)));
  log("dgram3", t(() => dgram.createSocket("udp4", 5)));
  log("dgram4", t(() => new dgram.Socket({ type: "udp6" }) instanceof dgram.Socket));
  const d = domain.create;
  log("domain", [domain.active, Object.keys(d), d.run((a, b) => a + b, 1, 2), d.bind(Math.max) === Math.max, d.intercept(Math.min) === Math.min, typeof domain.createDomain(), domain.createDomain().members]);
  log("http2.connect", t(() => http2.connect("https://x")));
  log("http2.createServer", t(() => http2.createServer()));
  log("http2.req", t(() => new http2.Http2ServerRequest()));
  log("http2.settings", [http2.getDefaultSettings(), http2.getDefaultSettings().enablePush, http2.getPackedSettings().length, http2.getUnpackedSettings(), String(http2.sensitiveHeaders)]);
  log("http2.constants", [http2.constants.HTTP2_HEADER_STATUS, http2.constants.NGHTTP2_CANCEL]);
  log("inspector", [inspector.url(), inspector.close(), inspector.waitForDebugger(), typeof inspector.open(), inspector.console.log("x"), Object.keys(inspector.console).length]);
  log("inspector.Session", t(() => new inspector.Session()));
  log("inspector.Network", t(() => inspector.Network.dataSent({})));
  log("inspectorP.url", t(() => inspectorP.url()));
  log("inspectorP.open", t(() => inspectorP.open()));
  log("inspectorP.close", t(() => inspectorP.close()));
  log("inspectorP.Session", t(() => new inspectorP.Session()));
  const rl = readline.createInterface({ input: null });
  let answer;
  rl.question("q?", (a) => { answer = a; });
  log("readline", [answer, rl.getPrompt(), rl.getCursorPos(), rl.pause() === rl, readline.clearLine(), readline.cursorTo(), readline.moveCursor(), readline.emitKeypressEvents(), Object.keys(rl), Object.prototype.toString.call(readline.promises), Object.keys(readline.promises), readline.promises.Interface === readlineP.Interface]);
  const got = []; for await (const l of rl) got.push(l);
  log("readline.iter", got);
  const rlp = readlineP.createInterface();
  log("readlineP", [await rlp.question("x"), new readlineP.Readline().clearLine() instanceof readlineP.Readline, await new readlineP.Readline().commit()]);
  log("repl", [t(() => repl.start()), t(() => repl.writer()), repl.writer.options.depth, String(repl.REPL_MODE_SLOPPY), repl.builtinModules.length, repl._builtinLibs === repl.builtinModules, t(() => new repl.REPLServer())]);
  const rec = new repl.Recoverable(new Error("x"));
  log("repl.Recoverable", [rec.name, rec.message, rec.err.message, rec instanceof SyntaxError, Object.keys(rec)]);
  log("sqlite", [t(() => new sqlite.DatabaseSync(":memory:")), t(() => new sqlite.StatementSync()), t(() => sqlite.backup()), sqlite.backup.name, sqlite.constants.SQLITE_INSERT]);
  const fn = test.mock.fn((a) => a * 2);
  fn(3); fn(4);
  log("test.mock", [fn.mock.callCount(), fn.mock.calls.map((c) => [c.arguments, c.result]), Object.keys(test.mock), typeof test.MockTracker]);
  const obj = { m(x) { return x + 1; } };
  const mm = test.mock.method(obj, "m", (x) => x * 10);
  log("test.method", [obj.m(2), mm.mock.callCount(), (test.mock.restoreAll(), obj.m(2)), t(() => test.mock.method(obj, "nope")), t(() => test.mock.fn(5))]);
  log("trace", [t(() => trace.createTracing({ categories: [] })), t(() => trace.createTracing({ categories: [1] })), t(() => trace.createTracing(5)), trace.getEnabledCategories()]);
  const tr = trace.createTracing({ categories: ["a", "b"] });
  tr.enable();
  log("trace2", [tr.enabled, tr.categories, (tr.disable(), tr.enabled)]);
  log("v8", [v8.cachedDataVersionTag(), v8.getHeapStatistics().heap_size_limit, v8.getHeapSpaceStatistics(), v8.getCppHeapStatistics("brief").detail_level, t(() => v8.getCppHeapStatistics("x")), t(() => v8.serialize({})), t(() => v8.deserialize()), t(() => new v8.Serializer()), t(() => new v8.DefaultSerializer()), t(() => v8.setFlagsFromString(1)), t(() => v8.setFlagsFromString("--x")), t(() => v8.setHeapSnapshotNearHeapLimit(0)), t(() => v8.setHeapSnapshotNearHeapLimit(1.5)), t(() => v8.queryObjects(5)), t(() => v8.queryObjects(Object, { format: "x" })), t(() => v8.writeHeapSnapshot(5)), t(() => v8.getHeapSnapshot({ exposeInternals: 1 })), v8.startupSnapshot.isBuildingSnapshot(), t(() => v8.promiseHooks.onInit()), t(() => new v8.GCProfiler().start()), t(() => v8.isStringOneByteRepresentation("x"))]);
  log("vm", [t(() => new vm.Script("1+1")), t(() => new vm.Script("1").runInThisContext()), t(() => new vm.Script("1", { filename: 5 })), t(() => new vm.Script("1", { lineOffset: 1.5 })), t(() => vm.runInThisContext("1")), t(() => vm.runInNewContext("1")), t(() => vm.runInContext("1", {})), t(() => vm.isContext(vm.createContext())), t(() => vm.isContext({})), t(() => vm.isContext(5)), t(() => vm.compileFunction("x")), t(() => vm.compileFunction(5)), t(() => vm.measureMemory()), t(() => vm.measureMemory({ mode: "x" })), t(() => vm.createContext({}, { microtaskMode: "x" })), new vm.Script("1").createCachedData().length, Object.keys(vm.constants), Object.getPrototypeOf(vm.constants)]);
  log("wasi", [t(() => new wasi.WASI()), t(() => new wasi.WASI({ version: "x" })), t(() => new wasi.WASI({ version: "preview1", stdin: -1 })), t(() => new wasi.WASI({ version: "preview1", args: 5 }))]);
  log("wt", [wt.isMainThread, wt.threadId, wt.parentPort, wt.workerData, t(() => new wt.Worker("x")), t(() => new wt.BroadcastChannel("x")), wt.getEnvironmentData("k"), (wt.setEnvironmentData("k", 5), wt.getEnvironmentData("k")), wt.receiveMessageOnPort(), wt.isMarkedAsUntransferable({}), t(() => wt.postMessageToThread(1, 2)), typeof wt.MessageChannel, wt.MessageChannel === globalThis.MessageChannel, t(() => wt.moveMessagePortToContext()), String(wt.SHARE_ENV)]);
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"cp.ChildProcess ["Error","ERR_METHOD_NOT_IMPLEMENTED","The child_process.ChildProcess method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The child_process.ChildProcess method is not implemented"]
cp.exec ["Error","ERR_METHOD_NOT_IMPLEMENTED","The child_process.exec method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The child_process.exec method is not implemented"]
cp.exec2 ["TypeError","ERR_INVALID_ARG_TYPE","The \"command\" argument must be of type string. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"command\" argument must be of type string. Received type number (5)"]
cp.exec3 ["TypeError","ERR_INVALID_ARG_TYPE","The \"options\" argument must be of type object. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type object. Received type number (5)"]
cp.exec4 ["TypeError","ERR_INVALID_ARG_TYPE","The \"callback\" argument must be of type function. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"callback\" argument must be of type function. Received type number (5)"]
cp.execFile ["Error","ERR_METHOD_NOT_IMPLEMENTED","The child_process.execFile method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The child_process.execFile method is not implemented"]
cp.execFileSync ["Error","ERR_METHOD_NOT_IMPLEMENTED","The child_process.execFileSync method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The child_process.execFileSync method is not implemented"]
cp.execSync ["Error","ERR_METHOD_NOT_IMPLEMENTED","The child_process.execSync method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The child_process.execSync method is not implemented"]
cp.fork ["TypeError","ERR_INVALID_ARG_TYPE","The \"args\" argument must be an instance of Array. Received type string ('bad')","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"args\" argument must be an instance of Array. Received type string ('bad')"]
cp.fork2 ["TypeError","ERR_INVALID_ARG_TYPE","The \"options\" argument must be of type object. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type object. Received type number (5)"]
cp.fork3 ["Error","ERR_METHOD_NOT_IMPLEMENTED","The child_process.fork method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The child_process.fork method is not implemented"]
cp.spawn ["Error","ERR_METHOD_NOT_IMPLEMENTED","The child_process.spawn method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The child_process.spawn method is not implemented"]
cp.spawnSync ["TypeError","ERR_INVALID_ARG_TYPE","The \"command\" argument must be of type string. Received type number (1)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"command\" argument must be of type string. Received type number (1)"]
cp.spawnSync2 ["Error","ERR_METHOD_NOT_IMPLEMENTED","The child_process.spawnSync method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The child_process.spawnSync method is not implemented"]
cp._forkChild ["Error","ERR_METHOD_NOT_IMPLEMENTED","The child_process._forkChild method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The child_process._forkChild method is not implemented"]
cluster [true,true,false,2,2,["_events","_eventsCount","_maxListeners","domain","Worker","isMaster","isPrimary","isWorker","SCHED_NONE","SCHED_RR","schedulingPolicy","settings","workers"],"Cluster"]
cluster.fork ["Error","ERR_METHOD_NOT_IMPLEMENTED","The cluster.fork method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The cluster.fork method is not implemented"]
cluster.setupMaster ["Error","ERR_METHOD_NOT_IMPLEMENTED","The cluster.setupWorker method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The cluster.setupWorker method is not implemented"]
cluster.setupPrimary ["Error","ERR_METHOD_NOT_IMPLEMENTED","The cluster.setupPrimary method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The cluster.setupPrimary method is not implemented"]
cluster.disconnect ["Error","ERR_METHOD_NOT_IMPLEMENTED","The cluster.disconnect method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The cluster.disconnect method is not implemented"]
cluster.Worker [0,true,false,false,true,false,true,["_events","_eventsCount","_maxListeners","domain","_connected","id"]]
cluster.events [[],0,0]
dgram [true,true,{},0,true,null,"function",["_events","_eventsCount","_maxListeners","domain"]]
dgram2 ["TypeError","ERR_INVALID_ARG_TYPE","The \"type\" argument must be of type object. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"type\" argument must be of type object. Received type number (5)"]
dgram3 ["TypeError","ERR_INVALID_ARG_TYPE","The \"callback\" argument must be of type function. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"callback\" argument must be of type function. Received type number (5)"]
dgram4 ["ok",true]
domain [null,["_events","_eventsCount","_maxListeners","domain","members"],3,true,true,"object",null]
http2.connect ["Error","ERR_METHOD_NOT_IMPLEMENTED","The http2.connect method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The http2.connect method is not implemented"]
http2.createServer ["Error","ERR_METHOD_NOT_IMPLEMENTED","The http2.createServer method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The http2.createServer method is not implemented"]
http2.req ["Error","ERR_METHOD_NOT_IMPLEMENTED","The http2.Http2ServerRequest method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The http2.Http2ServerRequest method is not implemented"]
http2.settings [{},true,0,{},"Symbol(nodejs.http2.sensitiveHeaders)"]
http2.constants [":status",8]
inspector [null,null,null,"object",null,21]
inspector.Session ["Error","ERR_METHOD_NOT_IMPLEMENTED","The Session method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The Session method is not implemented"]
inspector.Network ["Error","ERR_METHOD_NOT_IMPLEMENTED","The Network.dataSent method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The Network.dataSent method is not implemented"]
inspectorP.url ["Error","ERR_METHOD_NOT_IMPLEMENTED","The Inspector.url method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The Inspector.url method is not implemented"]
inspectorP.open ["Error","ERR_METHOD_NOT_IMPLEMENTED","The Inspector.open method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The Inspector.open method is not implemented"]
inspectorP.close ["Error","ERR_METHOD_NOT_IMPLEMENTED","The Inspector.close method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The Inspector.close method is not implemented"]
inspectorP.Session ["Error","ERR_METHOD_NOT_IMPLEMENTED","The Session method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The Session method is not implemented"]
readline ["","",{"rows":0,"cols":0},true,false,false,false,null,["_events","_eventsCount","_maxListeners","domain","terminal","line","cursor"],"[object Module]",["Interface","Readline","createInterface"],true]
readline.iter [""]
readlineP ["",true,null]
repl [["Error","ERR_METHOD_NOT_IMPLEMENTED","The start method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The start method is not implemented"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The writer method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The writer method is not implemented"],2,"Symbol(repl-sloppy)",54,true,["Error","ERR_METHOD_NOT_IMPLEMENTED","The REPLServer method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The REPLServer method is not implemented"]]
repl.Recoverable ["SyntaxError","","x",true,["err"]]
sqlite [["TypeError",null,"Illegal constructor","TypeError",[],true,false,"TypeError: Illegal constructor"],["TypeError",null,"Illegal constructor","TypeError",[],true,false,"TypeError: Illegal constructor"],["Error",null,"backup is not implemented","Error",[],false,false,"Error: backup is not implemented"],"backup",18]
test.mock [2,[[[3],6],[[4],8]],[],"function"]
test.method [20,1,3,["TypeError","ERR_INVALID_ARG_VALUE","The argument 'methodName' must be a method. Received undefined","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_VALUE]: The argument 'methodName' must be a method. Received undefined"],["TypeError","ERR_INVALID_ARG_TYPE","The \"original\" argument must be of type function. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"original\" argument must be of type function. Received type number (5)"]]
trace [["TypeError","ERR_TRACE_EVENTS_CATEGORY_REQUIRED","At least one category is required","TypeError",["code","name","toString"],true,false,"TypeError [ERR_TRACE_EVENTS_CATEGORY_REQUIRED]: At least one category is required"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options.categories[0]\" property must be of type string. Received type number (1)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options.categories[0]\" property must be of type string. Received type number (1)"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options\" argument must be of type object. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type object. Received type number (5)"],null]
trace2 [true,"a,b",false]
v8 [0,0,[],"brief",["TypeError","ERR_INVALID_ARG_VALUE","The argument 'type' must be one of: 'brief', 'detailed'. Received 'x'","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_VALUE]: The argument 'type' must be one of: 'brief', 'detailed'. Received 'x'"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The serialize method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The serialize method is not implemented"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The deserialize method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The deserialize method is not implemented"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The Serializer method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The Serializer method is not implemented"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The Serializer method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The Serializer method is not implemented"],["TypeError","ERR_INVALID_ARG_TYPE","The \"flags\" argument must be of type string. Received type number (1)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"flags\" argument must be of type string. Received type number (1)"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The setFlagsFromString method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The setFlagsFromString method is not implemented"],["RangeError","ERR_OUT_OF_RANGE","The value of \"limit\" is out of range. It must be >= 1 && < 4294967296. Received 0","ERR_OUT_OF_RANGE",["code","name"],false,true,"RangeError: The value of \"limit\" is out of range. It must be >= 1 && < 4294967296. Received 0"],["RangeError","ERR_OUT_OF_RANGE","The value of \"limit\" is out of range. It must be an integer. Received 1.5","ERR_OUT_OF_RANGE",["code","name"],false,true,"RangeError: The value of \"limit\" is out of range. It must be an integer. Received 1.5"],["TypeError","ERR_INVALID_ARG_TYPE","The \"constructor\" argument must be of type function. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"constructor\" argument must be of type function. Received type number (5)"],["TypeError","ERR_INVALID_ARG_VALUE","The property 'options.format' is invalid. Received 'x'","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_VALUE]: The property 'options.format' is invalid. Received 'x'"],["TypeError","ERR_INVALID_ARG_TYPE","The \"filename\" argument must be of type string. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"filename\" argument must be of type string. Received type number (5)"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options.exposeInternals\" property must be of type boolean. Received type number (1)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options.exposeInternals\" property must be of type boolean. Received type number (1)"],false,["Error","ERR_METHOD_NOT_IMPLEMENTED","The promiseHooks.onInit method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The promiseHooks.onInit method is not implemented"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The GCProfiler.start method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The GCProfiler.start method is not implemented"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The isStringOneByteRepresentation method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The isStringOneByteRepresentation method is not implemented"]]
vm [["ok",{}],["Error","ERR_METHOD_NOT_IMPLEMENTED","The runInThisContext method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The runInThisContext method is not implemented"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options.filename\" property must be of type string. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options.filename\" property must be of type string. Received type number (5)"],["RangeError","ERR_OUT_OF_RANGE","The value of \"options.lineOffset\" is out of range. It must be an integer. Received 1.5","ERR_OUT_OF_RANGE",["code","name"],false,true,"RangeError: The value of \"options.lineOffset\" is out of range. It must be an integer. Received 1.5"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The runInThisContext method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The runInThisContext method is not implemented"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The runInThisContext method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The runInThisContext method is not implemented"],["TypeError","ERR_INVALID_ARG_TYPE","The \"contextifiedObject\" argument must be an vm.Context. Received an instance of Object","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"contextifiedObject\" argument must be an vm.Context. Received an instance of Object"],["ok",true],["ok",false],["TypeError","ERR_INVALID_ARG_TYPE","The \"object\" argument must be of type object. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"object\" argument must be of type object. Received type number (5)"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The compileFunction method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The compileFunction method is not implemented"],["TypeError","ERR_INVALID_ARG_TYPE","The \"code\" argument must be of type string. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"code\" argument must be of type string. Received type number (5)"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The measureMemory method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The measureMemory method is not implemented"],["TypeError","ERR_INVALID_ARG_VALUE","The property 'options.mode' must be one of: 'summary', 'detailed'. Received 'x'","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_VALUE]: The property 'options.mode' must be one of: 'summary', 'detailed'. Received 'x'"],["TypeError","ERR_INVALID_ARG_VALUE","The property 'options.microtaskMode' must be one of: 'afterEvaluate', undefined. Received 'x'","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_VALUE]: The property 'options.microtaskMode' must be one of: 'afterEvaluate', undefined. Received 'x'"],0,["USE_MAIN_CONTEXT_DEFAULT_LOADER","DONT_CONTEXTIFY"],null]
wasi [["Error","ERR_METHOD_NOT_IMPLEMENTED","The WASI method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The WASI method is not implemented"],["TypeError","ERR_INVALID_ARG_VALUE","The property 'options.version' must be one of: 'unstable', 'preview1'. Received 'x'","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_VALUE]: The property 'options.version' must be one of: 'unstable', 'preview1'. Received 'x'"],["RangeError","ERR_OUT_OF_RANGE","The value of \"options.stdin\" is out of range. It must be >= 0 && <= 2147483647. Received -1","ERR_OUT_OF_RANGE",["code","name"],false,true,"RangeError: The value of \"options.stdin\" is out of range. It must be >= 0 && <= 2147483647. Received -1"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options.args\" property must be an instance of Array. Received type number (5)","TypeError",["code","name","toString"],true,false,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options.args\" property must be an instance of Array. Received type number (5)"]]
wt [true,0,null,null,["Error","ERR_METHOD_NOT_IMPLEMENTED","The Worker method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The Worker method is not implemented"],["Error","ERR_METHOD_NOT_IMPLEMENTED","The BroadcastChannel method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The BroadcastChannel method is not implemented"],null,5,null,false,["Error","ERR_METHOD_NOT_IMPLEMENTED","The postMessageToThread method is not implemented","ERR_METHOD_NOT_IMPLEMENTED",["code","name"],false,false,"Error [ERR_METHOD_NOT_IMPLEMENTED]: The postMessageToThread method is not implemented"],"function",true,["TypeError",null,"Illegal constructor","TypeError",[],true,false,"TypeError: Illegal constructor"],"Symbol(nodejs.worker_threads.SHARE_ENV)"]"#,
    );
}

/// node:dns and node:dns/promises: lookups and resolve* queries go to Cloudflare's DNS-over-HTTPS
/// resolver with fetch() (here answered by origins): families, `all`, ordering, IP literals,
/// NXDOMAIN and failed responses (DnsError codes), MX/TXT/CAA/SOA/NAPTR/SRV parsing, the
/// callback forms, argument errors and the Resolver classes.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn dns_resolves_over_https_as_on_workerd() {
    let script = r#"import dns from "node:dns";
import dnsp from "node:dns/promises";
function show(e) { return e instanceof Error ? [e.name, e.code, e.message, e.syscall, e.hostname, Object.keys(e)] : e; }
async function ta(f) { try { const v = await f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
const cb = (f) => new Promise((res) => { try { f((...a) => res(["cb", ...a.map((x) => show(x))])); } catch (e) { res(["threw", ...show(e)]); } });
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v));
  log("lookup", await cb((c) => dns.lookup("example.com", c)));
  log("lookup4all", await cb((c) => dns.lookup("example.com", { family: 4, all: true }, c)));
  log("lookupall", await cb((c) => dns.lookup("example.com", { all: true }, c)));
  log("lookup6", await cb((c) => dns.lookup("example.com", { family: "IPv6" }, c)));
  log("lookup6first", await cb((c) => dns.lookup("example.com", { order: "ipv6first" }, c)));
  log("lookupip", await cb((c) => dns.lookup("1.2.3.4", c)));
  log("lookupempty", await cb((c) => dns.lookup("", c)));
  log("lookupmissing", await cb((c) => dns.lookup("missing.example", 4, c)));
  log("lookupbad", await cb((c) => dns.lookup("bad.example", 4, c)));
  log("lookupargs", [t(() => dns.lookup(5, () => {})), t(() => dns.lookup("x", 5, () => {})), t(() => dns.lookup("x", "y")), t(() => dns.lookup("x", { hints: 1 }, () => {})), t(() => dns.lookup("x", {}))]);
  log("p.lookup", await ta(() => dnsp.lookup("example.com")));
  log("p.lookupall", await ta(() => dnsp.lookup("example.com", { all: true })));
  log("resolve4", await ta(() => dnsp.resolve4("example.com", { ttl: true })));
  log("resolve6", await ta(() => dnsp.resolve6("example.com")));
  log("resolveMx", await ta(() => dnsp.resolveMx("example.com")));
  log("resolveTxt", await ta(() => dnsp.resolveTxt("example.com")));
  log("resolveCaa", await ta(() => dnsp.resolveCaa("example.com")));
  log("resolveSoa", await ta(() => dnsp.resolveSoa("example.com")));
  log("resolveNaptr", await ta(() => dnsp.resolveNaptr("example.com")));
  log("resolveSrv", await ta(() => dnsp.resolveSrv("example.com")));
  log("resolve", await ta(() => dnsp.resolve("example.com", "A")));
  log("resolvebad", t(() => dnsp.resolve("example.com", "X")));
  log("resolveMissing", await ta(() => dnsp.resolve4("missing.example")));
  log("resolveBad", await ta(() => dnsp.resolve4("bad.example")));
  log("resolveAny", await ta(() => dnsp.resolveAny("x")));
  log("cb.resolve4", await cb((c) => dns.resolve4("example.com", c)));
  log("cb.resolveMx", await cb((c) => dns.resolveMx("example.com", c)));
  log("cb.resolve4bad", await cb((c) => dns.resolve4(5, c)));
  log("cb.nocb", t(() => dns.resolve4("example.com")));
  log("misc", [dns.getServers(), dns.getDefaultResultOrder(), t(() => dns.setDefaultResultOrder("x")), t(() => dns.setServers([])), dns.lookup.name, dns.resolve4.name, dns.resolve4.length, dns.getServers.name, dns.lookupService.name, Object.prototype.toString.call(dns.promises), Object.keys(dns.promises.default).length, dns.promises.lookup === dnsp.lookup]);
  const r = new dns.Resolver();
  log("resolver", [r.getServers(), t(() => r.cancel()), t(() => r.setLocalAddress())]);
  log("resolverResolve", await cb((c) => r.resolve4("example.com", c)));
  const rp = new dnsp.Resolver();
  log("presolver", await ta(() => rp.resolveMx("example.com")));
  return new Response(out.join("\n"));
} };
"#;
    let mut model = module_model(script);
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=example.com&type=A".into(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,"Question":[{"name":"example.com","type":1}],"Answer":[{"name":"example.com","type":1,"TTL":300,"data":"93.184.216.34"},{"name":"example.com","type":1,"TTL":300,"data":"93.184.216.35"}]}"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=example.com&type=AAAA".into(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,"Question":[{"name":"example.com","type":28}],"Answer":[{"name":"example.com","type":28,"TTL":300,"data":"2606:2800:220:1:248:1893:25c8:1946"}]}"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=example.com&type=MX".into(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: r#"{"Status":0,"Question":[{"name":"example.com","type":15}],"Answer":[{"name":"example.com","type":15,"TTL":300,"data":"10 mail.example.com."}]}"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=example.com&type=TXT".into(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: r#"{"Status":0,"Question":[{"name":"example.com","type":16}],"Answer":[{"name":"example.com","type":16,"TTL":300,"data":"\"v=spf1 -all\""},{"name":"example.com","type":16,"TTL":300,"data":"\"a\"\"b\""}]}"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=example.com&type=CAA".into(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: r#"{"Status":0,"Question":[{"name":"example.com","type":257}],"Answer":[{"name":"example.com","type":257,"TTL":300,"data":"\\# 15 00 05 69 73 73 75 65 70 6b 69 2e 67 6f 6f 67"},{"name":"example.com","type":257,"TTL":300,"data":"0 issuewild \"letsencrypt.org\""}]}"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=example.com&type=SOA".into(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: r#"{"Status":0,"Question":[{"name":"example.com","type":6}],"Answer":[{"name":"example.com","type":6,"TTL":300,"data":"ns.icann.org. noc.dns.icann.org. 2024 7200 3600 1209600 3600"}]}"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=missing.example&type=A".into(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: r#"{"Status":3,"Question":[{"name":"missing.example","type":1}]}"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=bad.example&type=A".into(),
        latency: MsRange::fixed(0),
        status: 500,
        headers: Vec::new(),
        body: r#"oops"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=example.com&type=NAPTR".into(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: r#"{"Status":0,"Question":[{"name":"example.com","type":35}],"Answer":[{"name":"example.com","type":35,"TTL":300,"data":"\\# 37 15 b3 08 ae 01 73 0a 6d 79 2d 73 65 72 76 69 63 65 06 72 65 67 65 78 70 0b 72 65 70 6c 61 63 65 6d 65 6e 74 00"},{"name":"example.com","type":35,"TTL":300,"data":"100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com."}]}"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    model.origins.push(OriginSpec {
        url: "https://cloudflare-dns.com/dns-query?name=example.com&type=SRV".into(),
        latency: MsRange::fixed(0),
        status: 200,
        headers: Vec::new(),
        body: r#"{"Status":0,"Question":[{"name":"example.com","type":33}],"Answer":[{"name":"example.com","type":33,"TTL":300,"data":"5 0 80 calendar.google.com"}]}"#.into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    });
    assert_answers_line_by_line(
        &model,
        r#"lookup ["cb",null,"93.184.216.34",4]
lookup4all ["cb",null,[{"address":"93.184.216.34","family":4},{"address":"93.184.216.35","family":4}]]
lookupall ["cb",null,[{"address":"93.184.216.34","family":4},{"address":"93.184.216.35","family":4},{"address":"2606:2800:220:1:248:1893:25c8:1946","family":6}]]
lookup6 ["cb",null,"2606:2800:220:1:248:1893:25c8:1946",6]
lookup6first ["cb",null,"2606:2800:220:1:248:1893:25c8:1946",6]
lookupip ["cb",null,"1.2.3.4",4]
lookupempty ["cb",null,null,4]
lookupmissing ["cb",["Error","ENOTFOUND","queryA ENOTFOUND missing.example","queryA","missing.example",["code","name","errno","hostname","syscall"]]]
lookupbad ["cb",["Error","EBADRESP","queryA EBADRESP bad.example","queryA","bad.example",["code","name","errno","hostname","syscall"]]]
lookupargs [["TypeError","ERR_INVALID_ARG_TYPE","The \"hostname\" argument must be of type string. Received type number (5)",null,null,["code","name","toString"]],["TypeError","ERR_INVALID_ARG_VALUE","The argument 'family' must be one of: 0, 4, 6. Received 5",null,null,["code","name","toString"]],["TypeError","ERR_INVALID_ARG_TYPE","The \"callback\" argument must be of type function. Received type string ('y')",null,null,["code","name","toString"]],["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.hints option is not implemented",null,null,["code","name"]],["TypeError","ERR_INVALID_ARG_TYPE","The \"callback\" argument must be of type function. Received undefined",null,null,["code","name","toString"]]]
p.lookup ["ok",{"address":"93.184.216.34","family":4}]
p.lookupall ["ok",[{"address":"93.184.216.34","family":4},{"address":"93.184.216.35","family":4},{"address":"2606:2800:220:1:248:1893:25c8:1946","family":6}]]
resolve4 ["ok",[{"ttl":300,"address":"93.184.216.34"},{"ttl":300,"address":"93.184.216.35"}]]
resolve6 ["ok",["2606:2800:220:1:248:1893:25c8:1946"]]
resolveMx ["ok",[{"exchange":"mail.example.com","priority":10}]]
resolveTxt ["ok",[["v=spf1 -all"],["a","b"]]]
resolveCaa ["ok",[{"critical":0,"issue":"pki.goog"},{"critical":0,"issuewild":"letsencrypt.org"}]]
resolveSoa ["ok",{"nsname":"ns.icann.org.","hostmaster":"noc.dns.icann.org.","serial":2024,"refresh":7200,"retry":3600,"expire":1209600,"minttl":3600}]
resolveNaptr ["ok",[{"flags":"s","service":"my-service","regexp":"regexp","replacement":"replacement","order":5555,"preference":2222},{"flags":"S","service":"SIP+D2U","regexp":"","replacement":"_sip._udp.example.com","order":100,"preference":10}]]
resolveSrv ["ok",[{"priority":5,"weight":0,"port":80,"name":"calendar.google.com"}]]
resolve ["ok",["93.184.216.34","93.184.216.35"]]
resolvebad ["TypeError","ERR_INVALID_ARG_VALUE","The argument 'rrtype' is invalid. Received 'X'",null,null,["code","name","toString"]]
resolveMissing ["Error","ENOTFOUND","queryA ENOTFOUND missing.example","queryA","missing.example",["code","name","errno","hostname","syscall"]]
resolveBad ["Error","EBADRESP","queryA EBADRESP bad.example","queryA","bad.example",["code","name","errno","hostname","syscall"]]
resolveAny ["Error",null,"Not implemented",null,null,[]]
cb.resolve4 ["cb",null,["93.184.216.34","93.184.216.35"]]
cb.resolveMx ["cb",null,[{"exchange":"mail.example.com","priority":10}]]
cb.resolve4bad ["threw","TypeError","ERR_INVALID_ARG_TYPE","The \"name\" argument must be of type string. Received type number (5)",null,null,["code","name","toString"]]
cb.nocb ["TypeError","ERR_INVALID_ARG_TYPE","The last argument must be of type function. Received type string ('example.com')",null,null,["code","name","toString"]]
misc [["1.1.1.1","2606:4700:4700::1111","1.0.0.1","2606:4700:4700::1001"],"verbatim",["TypeError","ERR_INVALID_ARG_VALUE","The argument 'dnsOrder' must be one of: 'verbatim', 'ipv4first', 'ipv6first'. Received 'x'",null,null,["code","name","toString"]],["Error",null,"Not implemented",null,null,[]],"bound lookup","bound resolve4Callbackified",3,"bound getServers","bound lookupServiceCallbackified","[object Module]",48,true]
resolver [["1.1.1.1","2606:4700:4700::1111","1.0.0.1","2606:4700:4700::1001"],["Error",null,"Not implemented",null,null,[]],["Error",null,"Not implemented",null,null,[]]]
resolverResolve ["cb",null,["93.184.216.34","93.184.216.35"]]
presolver ["ok",[{"exchange":"mail.example.com","priority":10}]]"#,
    );
}

/// node:net's BoundSocket: ephemeral and fixed port reservations, EADDRINUSE, validation
/// errors, close (ERR_SOCKET_HANDLE_ADOPTED after it) and dispose.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn net_bound_socket_reserves_ports_as_on_workerd() {
    let script = r#"import net from "node:net";
function show(e) { return e instanceof Error ? [e.name, e.code, e.message, e.constructor.name, Object.keys(e), e.errno, e.syscall, e.address, e.port, String(e), Object.getPrototypeOf(Object.getPrototypeOf(e)).constructor.name] : e; }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v));
  const x = new net.BoundSocket({ port: 8080 });
  log("dup", t(() => new net.BoundSocket({ port: 8080 })));
  log("dup6", t(() => new net.BoundSocket({ port: 8080, host: "::" }).address()));
  log("dupother", t(() => new net.BoundSocket({ port: 8080, host: "127.0.0.1" }).address()));
  x.close();
  log("reuse", t(() => new net.BoundSocket({ port: 8080 }).address()));
  const y = new net.BoundSocket({ port: 0 });
  log("eph", y.address());
  log("eph-take", t(() => new net.BoundSocket({ port: y.address().port }).address()));
  log("g0", t(() => new net.BoundSocket({ port: -1 })));
  log("g1", t(() => new net.BoundSocket({ port: "" })));
  log("g2", t(() => new net.BoundSocket({ port: 1.5 })));
  log("g3", t(() => new net.BoundSocket({ host: 5 })));
  log("g4", t(() => new net.BoundSocket({ host: null }).address()));
  log("g5", t(() => new net.BoundSocket(null)));
  log("g6", t(() => new net.BoundSocket({ reusePort: "x" })));
  log("dispose", t(() => { const z = new net.BoundSocket(); z[Symbol.dispose](); z[Symbol.dispose](); return "fine"; }));
  log("addr-same", (() => { const z = new net.BoundSocket(); return z.address() === z.address(); })());
  log("isBound", [net.BoundSocket.isBoundSocket({}), net.BoundSocket.isBoundSocket(null), Object.getOwnPropertyNames(net.BoundSocket)]);
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"dup ["Error","EADDRINUSE","bind EADDRINUSE 0.0.0.0:8080","EADDRINUSE",["code","name","syscall","address","port"],null,"bind","0.0.0.0",8080,"Error [EADDRINUSE]: bind EADDRINUSE 0.0.0.0:8080","NodeError"]
dup6 ["Error","EADDRINUSE","bind EADDRINUSE :::8080","EADDRINUSE",["code","name","syscall","address","port"],null,"bind","::",8080,"Error [EADDRINUSE]: bind EADDRINUSE :::8080","NodeError"]
dupother ["Error","EADDRINUSE","bind EADDRINUSE 127.0.0.1:8080","EADDRINUSE",["code","name","syscall","address","port"],null,"bind","127.0.0.1",8080,"Error [EADDRINUSE]: bind EADDRINUSE 127.0.0.1:8080","NodeError"]
reuse ["ok",{"address":"0.0.0.0","family":"IPv4","port":8080}]
eph {"address":"0.0.0.0","family":"IPv4","port":49152}
eph-take ["Error","EADDRINUSE","bind EADDRINUSE 0.0.0.0:49152","EADDRINUSE",["code","name","syscall","address","port"],null,"bind","0.0.0.0",49152,"Error [EADDRINUSE]: bind EADDRINUSE 0.0.0.0:49152","NodeError"]
g0 ["Error","ERR_SOCKET_BAD_PORT","options.port should be >= 0 and < 65536. Received number.","ERR_SOCKET_BAD_PORT",["code","name"],null,null,null,null,"Error [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received number.","NodeError"]
g1 ["Error","ERR_SOCKET_BAD_PORT","options.port should be >= 0 and < 65536. Received string.","ERR_SOCKET_BAD_PORT",["code","name"],null,null,null,null,"Error [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received string.","NodeError"]
g2 ["Error","ERR_SOCKET_BAD_PORT","options.port should be >= 0 and < 65536. Received number.","ERR_SOCKET_BAD_PORT",["code","name"],null,null,null,null,"Error [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received number.","NodeError"]
g3 ["TypeError","ERR_INVALID_ARG_TYPE","The \"options.host\" property must be of type string. Received type number (5)","TypeError",["code","name","toString"],null,null,null,null,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options.host\" property must be of type string. Received type number (5)","Error"]
g4 ["ok",{"address":"0.0.0.0","family":"IPv4","port":49153}]
g5 ["TypeError","ERR_INVALID_ARG_TYPE","The \"options\" argument must be of type object. Received null","TypeError",["code","name","toString"],null,null,null,null,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type object. Received null","Error"]
g6 ["TypeError","ERR_INVALID_ARG_TYPE","The \"options.reusePort\" property must be of type boolean. Received type string ('x')","TypeError",["code","name","toString"],null,null,null,null,"TypeError [ERR_INVALID_ARG_TYPE]: The \"options.reusePort\" property must be of type boolean. Received type string ('x')","Error"]
dispose ["ok","fine"]
addr-same true
isBound [false,false,["length","name","prototype","isBoundSocket"]]"#,
    );
}

/// node:events (listener order, once/prepend, newListener/removeListener, errorMonitor,
/// unhandled 'error' errors, validation, max listeners, once()/on() with errors and signals,
/// EventTarget, captureRejections, addAbortListener, util.inherits subclasses,
/// removeAllListeners) and node:async_hooks (AsyncLocalStorage run/exit/bind/snapshot, its
/// default value and name, enterWith/disable errors, AsyncResource, the hook stubs,
/// EventEmitterAsyncResource).
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn events_and_async_hooks_answer_as_on_workerd() {
    let script = r#"import events, { EventEmitter, once, on, getEventListeners, getMaxListeners, setMaxListeners, listenerCount, addAbortListener, errorMonitor, captureRejectionSymbol, EventEmitterAsyncResource } from "node:events";
import { AsyncLocalStorage, AsyncResource, createHook, executionAsyncId, triggerAsyncId, executionAsyncResource, asyncWrapProviders } from "node:async_hooks";
import util from "node:util";
function show(e) { return e instanceof Error ? [e.name, e.code, e.message, e.constructor.name] : e; }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
async function ta(f) { try { const v = await f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
const tick = () => new Promise((r) => setTimeout(r, 0));
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v, (key, x) => typeof x === "symbol" ? String(x) : typeof x === "function" ? "fn:" + x.name : x));
  const e = new EventEmitter();
  const ev = [];
  e.on("newListener", (n) => ev.push("new:" + String(n)));
  e.on("removeListener", (n) => ev.push("rm:" + String(n)));
  const f = () => ev.push("f");
  e.on("x", f); e.prependListener("x", () => ev.push("p")); e.once("x", () => ev.push("once"));
  e.emit("x"); e.emit("x");
  e.off("x", f);
  log("basic", [ev, e.listenerCount("x"), e.eventNames(), Object.keys(e), e.getMaxListeners(), e.rawListeners("x").map((l) => l.name)]);
  log("keys", [Object.keys(new EventEmitter()), Object.getOwnPropertyNames(EventEmitter).sort(), Object.keys(EventEmitter.prototype).sort()]);
  log("unhandled", [t(() => new EventEmitter().emit("error", "str")), t(() => new EventEmitter().emit("error", new TypeError("te"))), t(() => new EventEmitter().emit("error")), t(() => new EventEmitter().emit("error", { a: 1 }))]);
  const ue = t(() => new EventEmitter().emit("error", 5));
  log("unhandled-ctx", (() => { try { new EventEmitter().emit("error", 5); } catch (err) { return [err.context, Object.keys(err), String(err)]; } })());
  const e2 = new EventEmitter();
  const mon = [];
  e2.on(errorMonitor, (er) => mon.push("monitor:" + er.message));
  e2.on("error", (er) => mon.push("error:" + er.message));
  e2.emit("error", new Error("m"));
  log("monitor", mon);
  log("validate", [t(() => e.on("y", 5)), t(() => e.setMaxListeners(-1)), t(() => setMaxListeners(-1)), t(() => { EventEmitter.defaultMaxListeners = -1; }), t(() => { EventEmitter.captureRejections = 5; }), t(() => getEventListeners({}, "x")), t(() => new EventEmitter({ captureRejections: 1 }))]);
  const e3 = new EventEmitter();
  for (let i = 0; i < 11; i++) e3.on("leak", () => {});
  log("max", [getMaxListeners(e3), EventEmitter.defaultMaxListeners, events.defaultMaxListeners, listenerCount(e3, "leak"), getEventListeners(e3, "leak").length, getEventListeners(new EventTarget(), "x")]);
  const e4 = new EventEmitter();
  setTimeout(() => e4.emit("go", 1, 2), 1);
  log("once", await once(e4, "go"));
  const e5 = new EventEmitter();
  setTimeout(() => e5.emit("error", new Error("oops")), 1);
  log("once-err", await ta(() => once(e5, "go")));
  const ac = new AbortController(); ac.abort();
  log("once-abort", [await ta(() => once(e5, "go", { signal: ac.signal })), await ta(() => once(e5, "go", 5))]);
  const et = new EventTarget();
  setTimeout(() => et.dispatchEvent(new Event("ping")), 1);
  log("once-et", (await once(et, "ping")).map((x) => x.type));
  const e6 = new EventEmitter();
  const it = on(e6, "d");
  setTimeout(() => { e6.emit("d", 1); e6.emit("d", 2); e6.emit("error", new Error("stop")); }, 1);
  const got = [];
  try { for await (const v of it) got.push(v); } catch (err) { got.push("err:" + err.message); }
  log("on", got);
  log("on-abort", t(() => on(e6, "d", { signal: ac.signal })));
  const e7 = new EventEmitter({ captureRejections: true });
  const caught = [];
  e7.on("error", (er) => caught.push("error:" + er.message));
  e7.on("ev", async () => { throw new Error("async-boom"); });
  e7.emit("ev");
  await tick();
  log("capture", caught);
  const ac2 = new AbortController();
  const hits = [];
  const disp = addAbortListener(ac2.signal, () => hits.push("aborted"));
  ac2.abort();
  log("abortListener", [hits, typeof disp, Object.getPrototypeOf(disp), t(() => addAbortListener()), t(() => addAbortListener(ac2.signal, 5))]);
  function Legacy() { EventEmitter.call(this); }
  util.inherits(Legacy, EventEmitter);
  const l = new Legacy();
  let lv; l.on("z", (v) => { lv = v; }); l.emit("z", 9);
  log("legacy", [lv, l instanceof EventEmitter, Object.keys(l)]);
  const r = new EventEmitter();
  r.on("a", f); r.on("a", () => {}); r.on("b", f);
  r.removeAllListeners("a");
  log("removeAll", [r.eventNames(), (r.removeAllListeners(), r.eventNames()), r._eventsCount]);
  // async hooks
  const als = new AsyncLocalStorage();
  const als2 = new AsyncLocalStorage({ defaultValue: "dv", name: "named" });
  log("als", [als.getStore(), als2.getStore(), als2.name, als.name, als.run(1, () => als.getStore()), als.run(1, () => als.exit(() => als.getStore())), als2.run(2, () => als2.exit(() => als2.getStore())), t(() => als.enterWith(5)), t(() => als.disable()), t(() => als.run(1, 5)), als.run(1, function () { return this === globalThis; }), Object.keys(AsyncLocalStorage), Object.getOwnPropertyNames(AsyncLocalStorage.prototype).sort()]);
  const bound = als.run("b", () => AsyncLocalStorage.bind(() => als.getStore()));
  const snap = als.run("s", () => AsyncLocalStorage.snapshot());
  log("als-bind", [bound(), snap(() => als.getStore()), bound.name, snap.name]);
  const res = als.run("r", () => new AsyncResource("X"));
  const rb = res.bind(function () { return [als.getStore(), this === globalThis]; });
  log("resource", [res.runInAsyncScope(() => als.getStore()), res.runInAsyncScope(function () { return this === globalThis; }), res.runInAsyncScope(function () { return this; }, 5), rb(), rb.asyncResource === res, res.asyncId(), res.triggerAsyncId(), res.emitDestroy(), Object.keys(rb), rb.name, t(() => new AsyncResource("x", { triggerAsyncId: 1 })), t(() => res.runInAsyncScope(5)), Object.keys(AsyncResource), AsyncResource.bind(() => 1).name, Object.getOwnPropertyNames(AsyncResource.prototype).sort()]);
  const hook = createHook({ init() {} });
  log("hooks", [hook.enable() === hook, hook.disable() === hook, executionAsyncId(), triggerAsyncId(), Object.getPrototypeOf(executionAsyncResource()), Object.keys(asyncWrapProviders).length, asyncWrapProviders.PROMISE, Object.keys(hook), Object.getOwnPropertyNames(Object.getPrototypeOf(hook))]);
  const ear = new EventEmitterAsyncResource({ name: "n" });
  const earv = [];
  als.run("ear", () => { ear.on("q", () => earv.push(als.getStore())); });
  const ear2 = als.run("ctx", () => new EventEmitterAsyncResource());
  ear2.on("q", () => earv.push(als.getStore()));
  ear.emit("q"); ear2.emit("q");
  log("ear", [earv, typeof ear.asyncResource, ear.asyncResource.constructor.name, ear.asyncResource.eventEmitter === ear, ear instanceof EventEmitter, Object.keys(ear)]);
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"basic [["new:removeListener","new:x","new:x","new:x","p","f","rm:x","once","p","f","rm:x"],1,["newListener","removeListener","x"],["_events","_eventsCount","_maxListeners","domain"],10,[""]]
keys [["_events","_eventsCount","_maxListeners","domain"],["EventEmitter","EventEmitterAsyncResource","addAbortListener","captureRejectionSymbol","captureRejections","defaultMaxListeners","errorMonitor","getEventListeners","getMaxListeners","init","kMaxEventTargetListeners","kMaxEventTargetListenersWarned","length","listenerCount","name","on","once","prototype","setMaxListeners","usingDomains"],["_events","_eventsCount","_maxListeners","addListener","emit","eventNames","getMaxListeners","listenerCount","listeners","off","on","once","prependListener","prependOnceListener","rawListeners","removeAllListeners","removeListener","setMaxListeners"]]
unhandled [["Error","ERR_UNHANDLED_ERROR","Unhandled error. ('str')","ERR_UNHANDLED_ERROR"],["TypeError",null,"te","TypeError"],["Error","ERR_UNHANDLED_ERROR","Unhandled error. (undefined)","ERR_UNHANDLED_ERROR"],["Error","ERR_UNHANDLED_ERROR","Unhandled error. ({ a: 1 })","ERR_UNHANDLED_ERROR"]]
unhandled-ctx [5,["code","name","context"],"Error [ERR_UNHANDLED_ERROR]: Unhandled error. (5)"]
monitor ["monitor:m","error:m"]
validate [["TypeError","ERR_INVALID_ARG_TYPE","The \"listener\" argument must be of type function. Received type number (5)","TypeError"],["RangeError","ERR_OUT_OF_RANGE","The value of \"n\" is out of range. It must be a non-negative number. Received -1","ERR_OUT_OF_RANGE"],["RangeError","ERR_OUT_OF_RANGE","The value of \"n\" is out of range. It must be a non-negative number. Received -1","ERR_OUT_OF_RANGE"],["RangeError","ERR_OUT_OF_RANGE","The value of \"defaultMaxListeners\" is out of range. It must be a non-negative number. Received -1","ERR_OUT_OF_RANGE"],["TypeError","ERR_INVALID_ARG_TYPE","The \"EventEmitter.captureRejections\" property must be of type boolean. Received type number (5)","TypeError"],["TypeError","ERR_INVALID_ARG_TYPE","The \"emitter\" argument must be an instance of EventEmitter or EventTarget. Received an instance of Object","TypeError"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options.captureRejections\" property must be of type boolean. Received type number (1)","TypeError"]]
max [10,10,10,11,11,[]]
once [1,2]
once-err ["Error",null,"oops","Error"]
once-abort [["AbortError","ABORT_ERR","The operation was aborted","AbortError"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options\" argument must be of type object. Received type number (5)","TypeError"]]
once-et ["ping"]
on [[1],[2],"err:stop"]
on-abort ["AbortError","ABORT_ERR","The operation was aborted","AbortError"]
capture ["error:async-boom"]
abortListener [["aborted"],"object",null,["TypeError","ERR_INVALID_ARG_TYPE","The \"signal\" argument must be an instance of AbortSignal. Received undefined","TypeError"],["TypeError","ERR_INVALID_ARG_TYPE","The \"listener\" argument must be of type function. Received type number (5)","TypeError"]]
legacy [9,true,["_events","_eventsCount","_maxListeners","domain"]]
removeAll [["b"],[],0]
als [null,"dv","named","",1,null,null,["Error",null,"asyncLocalStorage.enterWith() is not implemented","Error"],["Error",null,"asyncLocalStorage.disable() is not implemented","Error"],["TypeError",null,"Failed to execute 'run' on 'AsyncLocalStorage': parameter 2 is not of type 'function'.","TypeError"],true,["bind","snapshot"],["constructor","disable","enterWith","exit","getStore","name","run"]]
als-bind ["b","s","",""]
resource ["r",true,5,["r",true],true,0,0,null,["asyncResource"],"",["Error",null,"The 'triggerAsyncId' field on 'Options' is not implemented.","Error"],["TypeError",null,"Failed to execute 'runInAsyncScope' on 'AsyncResource': parameter 1 is not of type 'function'.","TypeError"],["bind"],"",["asyncId","bind","constructor","emitDestroy","runInAsyncScope","triggerAsyncId"]]
hooks [true,true,0,0,null,69,0,[],["constructor","enable","disable"]]
ear [[null,"ctx"],"object","EventEmitterReferencingAsyncResource",true,true,["_events","_eventsCount","_maxListeners","domain"]]"#,
    );
}

/// node:diagnostics_channel: channels by name and symbol, the hasSubscribers getter, subscriber
/// order and receiver, duplicate subscriptions, argument errors, illegal constructor and
/// invocation, a subscriber's exception reaching the publisher, bound stores with transforms,
/// tracing channels (traceSync, tracePromise, traceCallback) and their validation.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn diagnostics_channel_answers_as_on_workerd() {
    let script = r#"import dc, { Channel, TracingChannel, channel, hasSubscribers, subscribe, unsubscribe, tracingChannel } from "node:diagnostics_channel";
import { AsyncLocalStorage } from "node:async_hooks";
function show(e) { return e instanceof Error ? [e.name, e.code, e.message, e.constructor.name] : e; }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
async function ta(f) { try { const v = await f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v, (key, x) => typeof x === "symbol" ? String(x) : typeof x === "function" ? "fn:" + x.name : x === undefined ? "undef" : x));
  const ch = channel("a");
  log("basic", [typeof ch.hasSubscribers, ch.hasSubscribers, Object.prototype.toString.call(ch), ch instanceof Channel, channel("a") === ch, Object.keys(ch), ch.name, Object.getOwnPropertyNames(Channel.prototype).sort()]);
  const got = [];
  const fn = (m, n) => got.push([m, String(n), this === undefined]);
  const fn2 = function (m, n) { got.push(["fn2", this === globalThis]); };
  ch.subscribe(fn); ch.subscribe(fn); ch.subscribe(fn2);
  ch.publish({ x: 1 });
  log("publish", [got, hasSubscribers("a"), ch.hasSubscribers, ch.unsubscribe(fn), ch.unsubscribe(fn), hasSubscribers("a")]);
  log("errs", [t(() => ch.subscribe(5)), t(() => ch.unsubscribe(5)), t(() => ch.publish()), t(() => subscribe("a", 5)), t(() => unsubscribe("a", 5)), t(() => channel(5)), t(() => channel({})), t(() => hasSubscribers(5)), t(() => new Channel("x")), t(() => Channel.prototype.publish.call({}, 1)), t(() => new TracingChannel()), t(() => ch.bindStore({})), t(() => ch.bindStore(new AsyncLocalStorage(), 5)), t(() => ch.runStores()), t(() => ch.runStores(1, 5))]);
  const s = Symbol("sym");
  const sc = channel(s);
  log("symbol", [sc === channel(s), String(channel(Symbol.for("q")) === channel(Symbol.for("q"))), hasSubscribers(s)]);
  const thrower = channel("thr");
  thrower.subscribe(() => { throw new Error("sub-throw"); });
  log("sub-throw", t(() => thrower.publish(1)));
  const als = new AsyncLocalStorage();
  const st = channel("st");
  st.bindStore(als, (m) => ({ wrapped: m }));
  log("stores", [st.runStores({ m: 1 }, function (a, b) { return [als.getStore(), a, b, this === globalThis]; }, undefined, "A", "B"), st.unbindStore(als), st.runStores(2, () => als.getStore())]);
  const tc = tracingChannel("op");
  const tev = [];
  tc.subscribe({ start: (c) => tev.push("start"), end: (c) => tev.push("end"), asyncStart: (c) => tev.push("asyncStart"), asyncEnd: (c) => tev.push("asyncEnd"), error: (c) => tev.push("error:" + c.error.message) });
  log("tracing", [typeof tc.hasSubscribers, tc.start === channel("tracing:op:start"), tc.traceSync((a) => a * 2, {}, undefined, 21), t(() => tc.traceSync(() => { throw new Error("ts"); })), await ta(() => tc.tracePromise(async () => "pv")), await ta(() => tc.tracePromise(async () => { throw new Error("tp"); })), tev]);
  const cbres = await new Promise((res) => tc.traceCallback((cb) => cb(null, "cbv"), 0, {}, undefined, (err, v) => res([err, v])));
  log("traceCallback", [cbres, t(() => tc.traceCallback(() => {}, 0, {}, undefined, 5)), tev.slice(-2)]);
  log("tc-errs", [t(() => tracingChannel(5)), t(() => tracingChannel({ start: 1 })), Object.keys(tc), Object.getOwnPropertyNames(TracingChannel.prototype).sort()]);
  tc.unsubscribe({ start: () => {} });
  log("default", [Object.keys(dc).sort(), dc.channel === channel]);
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"basic ["boolean",false,"[object Channel]",true,true,[],"undef",["bindStore","constructor","hasSubscribers","publish","runStores","subscribe","unbindStore","unsubscribe"]]
publish [[[{"x":1},"a",false],["fn2",true]],true,true,"undef","undef",true]
errs [["TypeError","undef","Failed to execute 'subscribe' on 'Channel': parameter 1 is not of type 'function'.","TypeError"],["TypeError","undef","Failed to execute 'unsubscribe' on 'Channel': parameter 1 is not of type 'function'.","TypeError"],["TypeError","undef","Failed to execute 'publish' on 'Channel': parameter 1 is not of type 'Value'.","TypeError"],["TypeError","undef","Failed to execute 'subscribe' on 'DiagnosticsChannelModule': parameter 2 is not of type 'function'.","TypeError"],["TypeError","undef","Failed to execute 'unsubscribe' on 'DiagnosticsChannelModule': parameter 2 is not of type 'function'.","TypeError"],["ok",{}],["ok",{}],["ok",false],["TypeError","undef","Illegal constructor","TypeError"],["TypeError","undef","Illegal invocation: function called with incorrect `this` reference. See https://developers.cloudflare.com/workers/observability/errors/#illegal-invocation-errors for details.","TypeError"],["Error","undef","Use diagnostic_channel.tracingChannels() to create TracingChannel","Error"],["TypeError","undef","Failed to execute 'bindStore' on 'Channel': parameter 1 is not of type 'AsyncLocalStorage'.","TypeError"],["TypeError","undef","Failed to execute 'bindStore' on 'Channel': parameter 2 is not of type 'function'.","TypeError"],["TypeError","undef","Failed to execute 'runStores' on 'Channel': parameter 1 is not of type 'Value'.","TypeError"],["TypeError","undef","Failed to execute 'runStores' on 'Channel': parameter 2 is not of type 'function'.","TypeError"]]
symbol [true,"true",false]
sub-throw ["Error","undef","sub-throw","Error"]
stores [[{"wrapped":{"m":1}},"A","B",true],"undef","undef"]
tracing ["boolean",true,42,["Error","undef","ts","Error"],["ok","pv"],["Error","undef","tp","Error"],["start","end","start","error:ts","end","start","end","asyncStart","asyncEnd","start","end","error:tp","asyncStart","asyncEnd"]]
traceCallback [[null,"cbv"],["TypeError","ERR_INVALID_ARG_TYPE","The \"callback\" argument must be of type function. Received type number (5)","TypeError"],["asyncEnd","end"]]
tc-errs [["TypeError","ERR_INVALID_ARG_TYPE","The \"channels\" argument must be of type object. Received type number (5)","TypeError"],["TypeError","ERR_INVALID_ARG_TYPE","The \"channels.start\" property must be an instance of Channel. Received type number (1)","TypeError"],[],["asyncEnd","asyncStart","constructor","end","error","hasSubscribers","start","subscribe","traceCallback","tracePromise","traceSync","unsubscribe"]]
default [["Channel","channel","hasSubscribers","subscribe","tracingChannel","unsubscribe"],true]"#,
    );
}

/// node:buffer's Buffer as workerd has it: callable without `new`, its prototype the
/// instances', its statics enumerable (Buffer.of, a read-only poolSize of 0), species results
/// that are Buffers, and the module's export list.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn buffer_is_a_callable_function_as_on_workerd() {
    let script = r#"import { Buffer } from "node:buffer";
import buffer from "node:buffer";
function show(e) { return e instanceof Error ? [e.name, e.code, e.message] : e; }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v));
  const a = Buffer("hi");
  const b = Buffer(3);
  const c = new Buffer([1, 2]);
  log("call", [a.toString(), b.length, [...b], [...c], a instanceof Buffer, a instanceof Uint8Array, a.constructor === Buffer, Buffer.isBuffer(a), Object.getPrototypeOf(Buffer) === Uint8Array, Buffer.name, Buffer.length]);
  log("statics", [Object.keys(Buffer).sort(), Buffer.poolSize, t(() => { "use strict"; Buffer.poolSize = 5; return Buffer.poolSize; })[0], [...Buffer.of(1, 2, 3)], Buffer.of(1) instanceof Buffer, t(() => Buffer(5, "utf8"))]);
  log("species", [a.map((x) => x + 1) instanceof Buffer, a.filter(() => true).constructor === Buffer, a.subarray(1) instanceof Buffer]);
  log("module", [Object.keys(buffer).sort(), buffer.Buffer === Buffer, globalThis.Buffer === undefined || globalThis.Buffer === Buffer]);
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"call ["hi",3,[0,0,0],[1,2],true,true,true,true,true,"Buffer",3]
statics [["alloc","allocUnsafe","allocUnsafeSlow","byteLength","compare","concat","from","isBuffer","isEncoding","of","poolSize"],0,"TypeError",[1,2,3],true,["TypeError","ERR_INVALID_ARG_TYPE","The \"string\" argument must be of type string. Received type number (5)"]]
species [true,true,true]
module [["Blob","Buffer","File","INSPECT_MAX_BYTES","SlowBuffer","atob","btoa","constants","isAscii","isUtf8","kMaxLength","kStringMaxLength","resolveObjectURL","transcode"],true,true]"#,
    );
}

/// node:net's plain parts: SocketAddress (defaults, validation, parse), BlockList (addresses,
/// ranges, subnets, IPv4-mapped IPv6, rules, JSON round trips, errors), the auto-select family
/// settings, isIP on non-strings, _normalizeArgs, and node:_stream_wrap's JSStreamSocket
/// checking its argument.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn net_socket_address_block_list_and_helpers_answer_as_on_workerd() {
    let script = r#"import net, { BlockList, SocketAddress } from "node:net";
import JSStreamSocket from "node:_stream_wrap";
function show(e) { return e instanceof Error ? [e.name, e.code, e.message] : e; }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v));
  const sa = new SocketAddress({ address: "::1", port: 443, family: "IPv6", flowlabel: 5 });
  log("sa", [sa.address, sa.port, sa.family, sa.flowlabel, sa.toJSON(), new SocketAddress().toJSON(), new SocketAddress({ family: "ipv6" }).address, Object.keys(sa), SocketAddress.isSocketAddress(sa)]);
  log("sa-errs", [t(() => new SocketAddress({ address: "x" })), t(() => new SocketAddress({ family: "ipv5" })), t(() => new SocketAddress({ port: -1 })), t(() => new SocketAddress({ flowlabel: -1 })), t(() => new SocketAddress(5)), t(() => new SocketAddress({ address: 5 }))]);
  log("sa-parse", [SocketAddress.parse("1.2.3.4:80")?.toJSON(), SocketAddress.parse("[::1]:8080")?.toJSON(), SocketAddress.parse("not valid"), SocketAddress.parse("example.com:1"), t(() => SocketAddress.parse(5))]);
  const bl = new BlockList();
  bl.addAddress("1.2.3.4");
  bl.addRange("10.0.0.1", "10.0.0.10");
  bl.addSubnet("192.168.0.0", 16);
  bl.addAddress("::1", "ipv6");
  bl.addSubnet("fe80::", 10, "ipv6");
  bl.addRange(new SocketAddress({ address: "5.5.5.1" }), new SocketAddress({ address: "5.5.5.9" }));
  log("bl", [bl.rules, bl.check("1.2.3.4"), bl.check("10.0.0.5"), bl.check("10.0.0.11"), bl.check("192.168.5.5"), bl.check("::1", "ipv6"), bl.check("fe80::1", "ipv6"), bl.check("::ffff:1.2.3.4", "ipv6"), bl.check("::ffff:10.0.0.3", "ipv6"), bl.check("x"), bl.check(new SocketAddress({ address: "5.5.5.5" })), bl.toJSON().length, BlockList.isBlockList(bl), Object.keys(bl)]);
  log("bl-errs", [t(() => bl.addAddress("x")), t(() => bl.addAddress("1.1.1.1", "ipv5")), t(() => bl.addRange("10.0.0.9", "10.0.0.1")), t(() => bl.addSubnet("1.1.1.1", 33)), t(() => bl.addSubnet("1.1.1.1", 1.5)), t(() => bl.check(5)), t(() => bl.fromJSON("{bad"))]);
  const bl2 = new BlockList();
  bl2.fromJSON(bl.toJSON());
  const bl3 = new BlockList();
  bl3.fromJSON(JSON.stringify(["Address: IPv4 9.9.9.9"]));
  log("bl-json", [bl2.rules, bl3.rules]);
  log("auto", [net.getDefaultAutoSelectFamily(), t(() => net.setDefaultAutoSelectFamily(true)), t(() => net.setDefaultAutoSelectFamily(false)), net.getDefaultAutoSelectFamilyAttemptTimeout(), t(() => net.setDefaultAutoSelectFamilyAttemptTimeout(5)), net.getDefaultAutoSelectFamilyAttemptTimeout(), t(() => net.setDefaultAutoSelectFamilyAttemptTimeout(500)), net.getDefaultAutoSelectFamilyAttemptTimeout(), t(() => net.setDefaultAutoSelectFamilyAttemptTimeout(0)), t(() => net.setDefaultAutoSelectFamilyAttemptTimeout("x"))]);
  log("ip", [net.isIP(5), net.isIPv4({ toString() { return "1.2.3.4"; } }), net.isIPv6(null)]);
  log("norm", [t(() => net._normalizeArgs([])), t(() => net._normalizeArgs([80])), t(() => net._normalizeArgs(["/tmp/sock", () => {}])), t(() => net._normalizeArgs(["80", "host"])), t(() => net._normalizeArgs([{ port: 1 }, "x"]))]);
  log("wrap", [JSStreamSocket.name, Object.getPrototypeOf(JSStreamSocket) === net.Socket, t(() => new JSStreamSocket())]);
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"sa ["::1",443,"ipv6",5,{"address":"::1","port":443,"family":"ipv6","flowlabel":5},{"address":"127.0.0.1","port":0,"family":"ipv4","flowlabel":0},"::",[],true]
sa-errs [["TypeError","ERR_INVALID_ADDRESS","Invalid socket address"],["TypeError","ERR_INVALID_ARG_VALUE","The property 'options.family' must be one of: 'ipv4', 'ipv6'. Received 'ipv5'"],["Error","ERR_SOCKET_BAD_PORT","options.port should be >= 0 and < 65536. Received number."],["RangeError","ERR_OUT_OF_RANGE","The value of \"options.flowlabel\" is out of range. It must be >= 0 && < 4294967296. Received -1"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options\" argument must be of type object. Received type number (5)"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options.address\" property must be of type string. Received type number (5)"]]
sa-parse [{"address":"1.2.3.4","port":0,"family":"ipv4","flowlabel":0},{"address":"::1","port":8080,"family":"ipv6","flowlabel":0},null,null,["TypeError","ERR_INVALID_ARG_TYPE","The \"input\" argument must be of type string. Received type number (5)"]]
bl [["Address: IPv4 1.2.3.4","Range: IPv4 10.0.0.1-10.0.0.10","Subnet: IPv4 192.168.0.0/16","Address: IPv6 ::1","Subnet: IPv6 fe80::/10","Range: IPv4 5.5.5.1-5.5.5.9"],true,true,false,true,true,true,true,true,false,true,6,true,[]]
bl-errs [["TypeError","ERR_INVALID_IP_ADDRESS","Invalid IP address: Invalid IPv4 address"],["TypeError","ERR_INVALID_ARG_VALUE","The argument 'family' must be one of: 'ipv4', 'ipv6'. Received 'ipv5'"],["TypeError","ERR_INVALID_ARG_VALUE","The argument 'start' must come before end. Received '10.0.0.9'"],["RangeError","ERR_OUT_OF_RANGE","The value of \"prefix\" is out of range. It must be between 0 and 32. Received 33"],["RangeError","ERR_OUT_OF_RANGE","The value of \"prefix\" is out of range. It must be an integer. Received 1.5"],["TypeError","ERR_INVALID_ARG_TYPE","The \"address\" argument must be of type string. Received type number (5)"],["TypeError","ERR_INVALID_ARG_VALUE","The argument 'data' must be valid JSON. Received '{bad'"]]
bl-json [["Address: IPv4 1.2.3.4","Range: IPv4 10.0.0.1-10.0.0.10","Subnet: IPv4 192.168.0.0/16","Address: IPv6 ::1","Subnet: IPv6 fe80::/10","Range: IPv4 5.5.5.1-5.5.5.9"],[]]
auto [false,["TypeError","ERR_INVALID_ARG_VALUE","The argument 'val' is invalid. Received true"],["ok","undefined"],10,["ok","undefined"],10,["ok","undefined"],500,["RangeError","ERR_OUT_OF_RANGE","The value of \"val\" is out of range. It must be >= 1 && <= 2147483647. Received 0"],["TypeError","ERR_INVALID_ARG_TYPE","The \"val\" argument must be of type number. Received type string ('x')"]]
ip [0,true,false]
norm [["ok",[{},null]],["ok",[{"port":80},null]],["ok",[{"path":"/tmp/sock"},null]],["ok",[{"port":"80","host":"host"},null]],["ok",[{"port":1},null]]]
wrap ["JSStreamSocket",true,["TypeError","ERR_INVALID_ARG_TYPE","The \"duplex\" argument must be an stream.Duplex. Received undefined"]]"#,
    );
}

/// node:tls (and _tls_common, _tls_wrap): checkServerIdentity over CNs, DNS and IP altnames,
/// wildcards and escaped names, convertALPNProtocols, secure contexts, the server and cipher
/// stubs, connect's and TLSSocket's option errors, translatePeerCertificate.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn tls_helpers_and_option_errors_answer_as_on_workerd() {
    let script = r#"import tls from "node:tls";
import { translatePeerCertificate, SecureContext as SC2, createSecureContext as csc2 } from "node:_tls_common";
import { connect as c2, TLSSocket as TS2 } from "node:_tls_wrap";
function show(e) { return e instanceof Error ? [e.name, e.code, e.message, e.reason, e.host] : e; }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v));
  const csi = (h, c) => { const r = tls.checkServerIdentity(h, c); return r === undefined ? "ok" : show(r); };
  log("csi", [
    csi("example.com", { subject: { CN: "example.com" } }),
    csi("a.example.com", { subjectaltname: "DNS:*.example.com" }),
    csi("a.b.example.com", { subjectaltname: "DNS:*.example.com" }),
    csi("example.com", { subjectaltname: "DNS:other.com, DNS:example.com" }),
    csi("EXAMPLE.com.", { subject: { CN: "example.com" } }),
    csi("1.2.3.4", { subjectaltname: "IP Address:1.2.3.4" }),
    csi("::1", { subjectaltname: "IP Address:0:0:0:0:0:0:0:1" }),
    csi("1.2.3.5", { subjectaltname: "IP Address:1.2.3.4, DNS:x.com" }),
    csi("x.com", {}),
    csi("x.com", { subject: { CN: ["a.com", "x.com"] } }),
    csi("x.com", { subjectaltname: 'DNS:"x.com", DNS:y.com' }),
    t(() => tls.checkServerIdentity("x.com", { subjectaltname: 'DNS:"bad' })),
    csi("a.com", { subjectaltname: "DNS:*.com" }),
    csi("xn--a.example.com", { subjectaltname: "DNS:xn--*.example.com" }),
    csi("ab.example.com", { subjectaltname: "DNS:a*.example.com" }),
  ]);
  const o1 = {}; tls.convertALPNProtocols(["h2", "http/1.1"], o1);
  const o2 = {}; tls.convertALPNProtocols(new Uint8Array([1, 2]), o2);
  const o3 = {}; tls.convertALPNProtocols(new DataView(new ArrayBuffer(2)), o3);
  const o4 = {}; tls.convertALPNProtocols("x", o4);
  log("alpn", [[...o1.ALPNProtocols], [...o2.ALPNProtocols], [...o3.ALPNProtocols], o4, t(() => tls.convertALPNProtocols(["x".repeat(300)], {}))]);
  log("ctx", [tls.createSecureContext() instanceof tls.SecureContext, tls.SecureContext() instanceof tls.SecureContext, Object.keys(tls.createSecureContext({ secureOptions: 1 })), t(() => tls.createSecureContext({ secureOptions: 1.5 })), t(() => tls.createSecureContext({ secureOptions: "x" })), SC2 === tls.SecureContext, csc2 === tls.createSecureContext, c2 === tls.connect, TS2 === tls.TLSSocket]);
  log("stubs", [t(() => tls.createServer()), t(() => tls.Server()), t(() => tls.getCiphers()), t(() => tls.createSecurePair()), tls.rootCertificates, tls.DEFAULT_MIN_VERSION]);
  log("connect-opts", [t(() => tls.connect({ port: 1, host: "x", minDHSize: 1 })), t(() => tls.connect({ port: 1, host: "x", minDHSize: 0 })), t(() => tls.connect(443, "x", { rejectUnauthorized: false })), t(() => tls.connect({ port: 1, pskCallback() {} })), t(() => tls.connect({ port: 1, checkServerIdentity: 5 })), t(() => tls.connect({ port: 1, ALPNProtocols: ["h2"] })), t(() => tls.connect({ port: 1, secureContext: {} })), t(() => tls.connect({ port: 1, enableTrace: true }))]);
  log("socket-opts", [t(() => new tls.TLSSocket(undefined, { isServer: true })), t(() => new tls.TLSSocket(undefined, { requestCert: true })), t(() => new tls.TLSSocket(undefined, { SNICallback() {} })), t(() => new tls.TLSSocket(undefined, { requestOCSP: true }))]);
  const cert = { infoAccess: "OCSP - URI:http://ocsp.x\nCA Issuers - URI:http://ca.x\n", issuerCertificate: { infoAccess: 'A:"q\\u0041"\n' } };
  const tr = translatePeerCertificate(cert);
  log("translate", [translatePeerCertificate(null), translatePeerCertificate(undefined), Object.entries(tr.infoAccess), Object.entries(tr.issuerCertificate.infoAccess), Object.getPrototypeOf(tr.infoAccess)]);
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"csi ["ok","ok",["Error","ERR_TLS_CERT_ALTNAME_INVALID","Host: a.b.example.com. is not in the cert's altnames: DNS:*.example.com","Host: a.b.example.com. is not in the cert's altnames: DNS:*.example.com","a.b.example.com"],"ok","ok","ok","ok",["Error","ERR_TLS_CERT_ALTNAME_INVALID","IP: 1.2.3.5 is not in the cert's list: 1.2.3.4","IP: 1.2.3.5 is not in the cert's list: 1.2.3.4","1.2.3.5"],["Error","ERR_TLS_CERT_ALTNAME_INVALID","Cert does not contain a DNS name","Cert does not contain a DNS name","x.com"],"ok","ok",["SyntaxError","ERR_TLS_CERT_ALTNAME_FORMAT","Invalid subject alternative name string",null,null],["Error","ERR_TLS_CERT_ALTNAME_INVALID","Host: a.com. is not in the cert's altnames: DNS:*.com","Host: a.com. is not in the cert's altnames: DNS:*.com","a.com"],["Error","ERR_TLS_CERT_ALTNAME_INVALID","Host: xn--a.example.com. is not in the cert's altnames: DNS:xn--*.example.com","Host: xn--a.example.com. is not in the cert's altnames: DNS:xn--*.example.com","xn--a.example.com"],"ok"]
alpn [[2,104,50,8,104,116,116,112,47,49,46,49],[1,2],[0,0],{},["RangeError","ERR_OUT_OF_RANGE","The byte length of the protocol at index 0 exceeds the maximum length. It must be <= 255. Received 300",null,null]]
ctx [true,true,["context"],["RangeError","ERR_OUT_OF_RANGE","The value of \"secureOptions\" is out of range. It must be an integer. Received 1.5",null,null],["TypeError","ERR_INVALID_ARG_TYPE","The \"secureOptions\" argument must be of type number. Received type string ('x')",null,null],true,true,true,true]
stubs [["Error",null,"Not implemented",null,null],["Error",null,"Not implemented",null,null],["Error",null,"Not implemented",null,null],["Error","ERR_METHOD_NOT_IMPLEMENTED","The createSecurePair method is not implemented",null,null],[],"TLSv1.2"]
connect-opts [["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.minDHSize option is not implemented",null,null],["RangeError","ERR_OUT_OF_RANGE","The value of \"options.minDHSize\" is out of range. It must be >= 1. Received 0",null,null],["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.rejectUnauthorized option is not implemented",null,null],["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.pskCallback option is not implemented",null,null],["TypeError","ERR_INVALID_ARG_TYPE","The \"options.checkServerIdentity\" property must be of type function. Received type number (5)",null,null],["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.ALPNProtocols option is not implemented",null,null],["TypeError","ERR_TLS_INVALID_CONTEXT","context must be a SecureContext",null,null],["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.enableTrace option is not implemented",null,null]]
socket-opts [["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.isServer option is not implemented",null,null],["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.requestCert option is not implemented",null,null],["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.SNICallback option is not implemented",null,null],["Error","ERR_OPTION_NOT_IMPLEMENTED","The options.requestOCSP option is not implemented",null,null]]
translate [null,null,[["OCSP - URI",["http://ocsp.x"]],["CA Issuers - URI",["http://ca.x"]]],[["A",["qA"]]],null]"#,
    );
}

/// node:stream's edge cases and the `_stream_*` modules: read(n) under 'readable', several
/// pipe destinations and unpipe, allowHalfOpen, _final errors, destroy with pending writes,
/// falsy chunks, Readable.from of scalars and null values, wrap of an old-style stream, the
/// `_events` shapes, readableAborted/writableAborted, async transforms, finished options,
/// the legacy pipe, high-water mark and encoding validation, Symbol.asyncDispose.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn stream_edge_cases_and_internal_modules_answer_as_on_workerd() {
    let script = r#"import stream, { Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished, Stream } from "node:stream";
import { EventEmitter } from "node:events";
import { Buffer } from "node:buffer";
import RS, { ReadableState, from as internalFrom, wrap as internalWrap } from "node:_stream_readable";
import WS, { WritableState } from "node:_stream_writable";
import DS from "node:_stream_duplex";
import TS from "node:_stream_transform";
import PS from "node:_stream_passthrough";
const tick = () => new Promise((r) => setTimeout(r, 0));
function show(e) { return e instanceof Error ? [e.name, e.code, e.message] : e; }
async function ta(f) { try { const v = await f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
function t(f) { try { const v = f(); return ["ok", v === undefined ? "undefined" : v]; } catch (e) { return show(e); } }
export default { async fetch() {
  const out = [];
  const log = (k, v) => out.push(k + " " + JSON.stringify(v));
  log("internal-modules", [RS === Readable, WS === Writable, DS === Duplex, TS === Transform, PS === PassThrough, ReadableState === Readable.ReadableState, WritableState === Writable.WritableState, typeof internalFrom, typeof internalWrap, t(() => internalFrom(Readable, ["a"]) instanceof Readable), t(() => internalFrom(["a"]))]);
  {
    const ev = [];
    const r = new Readable({ highWaterMark: 4, read(n) { ev.push("_read:" + n); } });
    r.on("readable", () => { ev.push("readable:" + r.readableLength); let c; while ((c = r.read(3)) !== null) ev.push("read:" + c); });
    r.push("abcdefgh"); ev.push("pushed"); await tick(); r.push("ij"); r.push(null); await tick(); await tick();
    log("read-n", ev);
  }
  {
    const ev = [];
    const src = new PassThrough();
    const a = new PassThrough(); const b = new PassThrough();
    src.pipe(a); src.pipe(b);
    a.on("data", (d) => ev.push("a:" + d)); b.on("data", (d) => ev.push("b:" + d));
    a.on("unpipe", () => ev.push("a-unpipe")); b.on("pipe", () => ev.push("never"));
    src.write("1"); await tick();
    src.unpipe(a); src.write("2"); await tick();
    src.end(); await tick(); await tick();
    log("multi-pipe", [ev, src._readableState.pipes.length, src._readableState.pipesCount, a.writableEnded, b.writableEnded]);
  }
  {
    const ev = [];
    const d = new Duplex({ allowHalfOpen: false, read() {}, write(c, e, cb) { cb(); } });
    d.on("finish", () => ev.push("finish")); d.on("end", () => ev.push("end")); d.on("close", () => ev.push("close"));
    d.push(null); d.resume(); await tick(); await tick(); await tick();
    log("halfopen", [ev, d.writableEnded, d.destroyed]);
  }
  {
    const ev = [];
    const w = new Writable({ write(c, e, cb) { cb(); }, final(cb) { ev.push("final"); cb(new Error("final-err")); } });
    w.on("error", (e) => ev.push("error:" + e.message)); w.on("finish", () => ev.push("finish")); w.on("close", () => ev.push("close"));
    w.end("x", (e) => ev.push("endcb:" + (e && e.message)));
    await tick(); await tick();
    log("final-err", [ev, w.writableFinished, w.errored && w.errored.message]);
  }
  {
    const ev = [];
    const w = new Writable({ write(c, e, cb) { ev.push("write:" + c); setTimeout(cb, 1); } });
    w.write("a", (e) => ev.push("cb-a:" + (e && e.code))); w.write("b", (e) => ev.push("cb-b:" + (e && e.code)));
    w.destroy();
    w.on("close", () => ev.push("close"));
    await new Promise((r) => setTimeout(r, 5));
    log("destroy-pending", [ev, w.writableLength]);
  }
  {
    const got = [];
    const r = new Readable({ objectMode: true, read() {} });
    r.push(undefined); r.push(0); r.push(""); r.push(false); r.push(null);
    r.on("data", (d) => got.push(d === undefined ? "undef" : d));
    await new Promise((res) => r.on("end", res));
    log("object-falsy", got);
    const r2 = new Readable({ read() {} });
    const e2 = [];
    r2.on("error", (e) => e2.push(show(e)));
    r2.push(undefined); r2.push(""); r2.push(Buffer.alloc(0)); r2.push({});
    await tick();
    log("bytes-falsy", [e2, r2.readableLength]);
  }
  {
    const r = Readable.from("whole string");
    const r2 = Readable.from(Buffer.from("buf"));
    const got = [];
    for await (const c of r) got.push(typeof c + ":" + c);
    for await (const c of r2) got.push(Buffer.isBuffer(c) + ":" + c);
    log("from-scalar", [got, t(() => Readable.from(5)), t(() => Readable.from(null))]);
    const it = Readable.from((function* () { yield 1; yield null; })());
    log("from-null", await ta(() => it.toArray()));
  }
  {
    const old = new Stream();
    const w = new Readable().wrap(old);
    const got = [];
    w.on("data", (d) => got.push(String(d)));
    old.emit("data", "o1"); old.emit("data", "o2"); old.emit("end");
    await tick(); await tick();
    const wr = Readable.wrap(new EventEmitter());
    log("wrap", [got, w.readableEnded, wr.readableObjectMode]);
  }
  {
    const r = new Readable({ read() {} });
    log("events-shape", [Object.keys(r._events), r.eventNames(), r._eventsCount, Object.getPrototypeOf(r._events) === Object.prototype, r.listenerCount("data"), (r.on("data", () => {}), r.eventNames()), r._eventsCount]);
    const w = new Writable();
    log("w-events", [Object.keys(w._events), new Duplex()._events && Object.keys(new Duplex()._events), typeof new Stream()._events, Object.keys(new Stream())]);
  }
  {
    const r = new Readable({ read() {} });
    log("aborted", [r.readableAborted, r.readableDidRead, (r.push("x"), r.read(), r.readableDidRead), (r.destroy(), r.readableAborted)]);
    const w = new Writable({ write(c, e, cb) { cb(); } });
    w.on("error", () => {});
    log("w-aborted", [w.writableAborted, (w.destroy(new Error("q")), w.writableAborted), w.writable, w.destroyed]);
  }
  {
    const tr = new Transform({ transform(c, e, cb) { setTimeout(() => cb(null, String(c) + "!"), 1); } });
    const got = [];
    tr.on("data", (d) => got.push(String(d)));
    tr.write("a"); tr.write("b"); tr.end();
    await new Promise((r) => tr.on("end", r));
    const tr2 = new Transform({ transform(c, e, cb) { cb(new Error("tr-err")); } });
    const err = await new Promise((r) => pipeline(Readable.from(["x"]), tr2, new PassThrough(), r));
    log("transform-async", [got, show(err)]);
  }
  {
    const r = new Readable({ read() {} });
    const ev = [];
    finished(r, { readable: false }, (e) => ev.push("fin-no-readable:" + (e ? e.code : "ok")));
    finished(r, (e) => ev.push("fin:" + (e ? e.code : "ok")));
    r.push(null); r.resume();
    await tick(); await tick();
    const w = new Writable({ write(c, e, cb) { cb(); } });
    finished(w, { writable: false }, (e) => ev.push("w-fin-no-writable:" + (e ? e.code : "ok")));
    await tick();
    log("finished-opts", [ev, t(() => finished(r, 5, () => {})), t(() => finished(r, {}, 5)), t(() => finished({}, () => {}))]);
  }
  {
    const src = new Stream();
    const dst = new PassThrough();
    src.pipe(dst);
    const got = [];
    dst.on("data", (d) => got.push(String(d)));
    src.emit("data", "legacy"); src.emit("end");
    await tick();
    log("legacy-pipe", [got, dst.writableEnded]);
  }
  {
    log("hwm-validate", [t(() => new Readable({ highWaterMark: 1.5 })), t(() => new Duplex({ readableHighWaterMark: -2 })), t(() => new Duplex({ writableHighWaterMark: "x" })), new Duplex({ readableHighWaterMark: 7, writableHighWaterMark: 9 }).readableHighWaterMark, new Duplex({ highWaterMark: 3, readableHighWaterMark: 7 }).readableHighWaterMark, new Readable({ objectMode: true, highWaterMark: 2 }).readableHighWaterMark]);
    log("encoding-opts", [t(() => new Writable().setDefaultEncoding("bogus")), new Writable().setDefaultEncoding("HEX")._writableState.defaultEncoding, t(() => new Writable({ write(c, e, cb) { cb(); } }).write("x", "bogus")), new Readable({ encoding: "base64" }).readableEncoding, t(() => new Readable().setEncoding("nope"))]);
  }
  {
    const r = Readable.from([1, 2, 3]);
    const res = await ta(async () => { await r[Symbol.asyncDispose](); return [r.destroyed, r.readableAborted]; });
    log("asyncDispose", res);
  }
  return new Response(out.join("\n"));
} };
"#;
    let model = module_model(script);
    assert_answers_line_by_line(
        &model,
        r#"internal-modules [true,true,true,true,true,true,true,"function","function",["ok",true],["TypeError","ERR_INVALID_ARG_TYPE","The \"iterable\" argument must be an instance of Iterable. Received undefined"]]
read-n ["pushed","readable:8","read:abc","_read:4","read:def","readable:4","read:ghi","read:j","readable:0"]
multi-pipe [["a:1","b:1","a-unpipe","b:2"],0,0,false,true]
halfopen [["end","finish","close"],true,true]
final-err [["final","error:final-err","close","endcb:final-err"],false,"final-err"]
destroy-pending [["write:a","close","cb-a:undefined","cb-b:ERR_STREAM_DESTROYED"],0]
object-falsy ["undef",0,"",false]
bytes-falsy [[["TypeError","ERR_INVALID_ARG_TYPE","The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object"]],0]
from-scalar [["string:whole string","true:buf"],["TypeError","ERR_INVALID_ARG_TYPE","The \"iterable\" argument must be an instance of Iterable. Received type number (5)"],["TypeError","ERR_INVALID_ARG_TYPE","The \"iterable\" argument must be an instance of Iterable. Received null"]]
from-null ["TypeError","ERR_STREAM_NULL_VALUES","May not write null values to stream"]
wrap [["o1","o2"],true,true]
events-shape [["close","error","data","end","readable"],[],0,true,0,["close","error","data","end","readable"],1]
w-events [["close","error","prefinish","finish","drain"],["close","error","prefinish","finish","drain","data","end","readable"],"object",["_events","_eventsCount","_maxListeners","domain"]]
aborted [false,false,true,true]
w-aborted [false,true,false,true]
transform-async [["a!","b!"],["Error",null,"tr-err"]]
finished-opts [["fin-no-readable:ok","fin:ok"],["TypeError","ERR_INVALID_ARG_TYPE","The \"options\" argument must be of type object. Received type number (5)"],["TypeError","ERR_INVALID_ARG_TYPE","The \"callback\" argument must be of type function. Received type number (5)"],["TypeError","ERR_INVALID_ARG_TYPE","The \"stream\" argument must be an instance of ReadableStream, WritableStream, or Stream. Received an instance of Object"]]
legacy-pipe [["legacy"],true]
hwm-validate [["TypeError","ERR_INVALID_ARG_VALUE","The property 'options.highWaterMark' is invalid. Received 1.5"],["TypeError","ERR_INVALID_ARG_VALUE","The property 'options.readableHighWaterMark' is invalid. Received -2"],["TypeError","ERR_INVALID_ARG_VALUE","The property 'options.writableHighWaterMark' is invalid. Received 'x'"],7,3,2]
encoding-opts [["TypeError","ERR_UNKNOWN_ENCODING","Unknown encoding: bogus"],"hex",["TypeError","ERR_UNKNOWN_ENCODING","Unknown encoding: bogus"],"base64",["TypeError","ERR_UNKNOWN_ENCODING","Unknown encoding: nope"]]
asyncDispose ["ok",[true,true]]"#,
    );
}
