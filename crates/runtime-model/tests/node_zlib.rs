//! node:zlib: one-shot functions, callback forms, stream classes and constants, each
//! worker checked line by line against workerd's answer.

mod common;

use common::*;
use crosstalk_runtime::{MemorySource, Model, MsRange, Syntax};

fn module_model(script: &str) -> Model {
    Model::new("m", Syntax::Module, MemorySource::single("worker.mjs", script)).with_requests(
        "https://w.example/",
        MsRange::fixed(0),
        1,
    )
}

/// deflateSync/gzipSync/deflateRawSync at every level, strategy, memLevel/windowBits,
/// with a dictionary and a sync flush, Brotli at the default quality and at 5, and 150 KB
/// inputs (window sliding): small inputs, stored blocks (level 0), dictionaries, sync
/// flushes and Brotli are workerd's exact bytes; Huffman-coded output has workerd's
/// zlib/gzip header and inflates back to the input (its bytes are the codec's choice: see
/// `host/node_zlib.rs`). Expected: workerd 1.20261117 on the same worker.
#[test]
fn one_shot_compression_has_workerds_headers_and_round_trips() {
    let model = module_model(
        r##"import zlib from "node:zlib";
import { Buffer } from "node:buffer";
export default { async fetch() {
  const hex = (b) => Buffer.from(b).toString("hex");
  const lines = [];
  const text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. ".repeat(12);
  lines.push(hex(zlib.deflateSync("hello world")));
  lines.push(hex(zlib.gzipSync("hello world")));
  lines.push(hex(zlib.deflateRawSync("hello world")));
  const back = (d, inflate = zlib.inflateSync) => hex(d.subarray(0, 2)) + " " + (inflate(d).toString() === text);
  lines.push("0 " + hex(zlib.deflateSync(text, { level: 0 })));
  for (const level of [1, 4, 6, 9]) lines.push(level + " " + back(zlib.deflateSync(text, { level })));
  for (const strategy of [1, 2, 3, 4]) lines.push("s" + strategy + " " + (zlib.inflateSync(zlib.deflateSync(text, { strategy })).toString() === text));
  lines.push("mem " + back(zlib.deflateSync(text, { memLevel: 2, windowBits: 10 })));
  lines.push("dict " + hex(zlib.deflateSync("hello hello", { dictionary: Buffer.from("hello") })));
  lines.push("sync " + hex(zlib.deflateSync("abc", { finishFlush: zlib.constants.Z_SYNC_FLUSH })));
  lines.push("br " + hex(zlib.brotliCompressSync("hello brotli")));
  lines.push("br4 " + hex(zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })));
  let x = 1;
  const big = Buffer.alloc(150000);
  const words = ["alpha ", "beta ", "gamma\n", "delta ", "the ", "of "];
  for (let i = 0; i < big.length;) { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; const w = words[(x >> 16) % words.length]; for (let j = 0; j < w.length && i < big.length; j++) big[i++] = w.charCodeAt(j); }
  const d0 = zlib.deflateSync(big, { level: 0 }); lines.push("big0 " + d0.length + " " + zlib.crc32(d0));
  for (const level of [1, 6, 9]) { const d = zlib.deflateSync(big, { level }); lines.push("big" + level + " " + hex(d.subarray(0, 2)) + " " + zlib.inflateSync(d).equals(big)); }
  const gz = zlib.gzipSync(big, { level: 3 }); lines.push("biggz " + hex(gz.subarray(0, 10)) + " " + zlib.gunzipSync(gz).equals(big));
  const br = zlib.brotliCompressSync(big.subarray(0, 20000), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }); lines.push("bigbr " + br.length + " " + zlib.crc32(br));
  return new Response(lines.join("\n"));
} };"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"789ccb48cdc9c95728cf2fca4901001a0b045d
1f8b0800000000000003cb48cdc9c95728cf2fca49010085114a0d0b000000
cb48cdc9c95728cf2fca490100
0 780101c0033ffc4c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e73656374657475722061646970697363696e6720656c69742c2073656420646f20656975736d6f642074656d706f722e204c2a6078
1 7801 true
4 785e true
6 789c true
9 78da true
s1 true
s2 true
s3 true
s4 true
mem 2891 true
dict 78bb062c0215cb00110a60120019910449
sync 789c4a4c4a06000000ffff
br 8b058068656c6c6f2062726f746c6903
br4 1bbf0300c4dc56aa47974fc952c41dcfc079e266d4181844d97519f0932f605aba482f8c60354cede42cd6bb18e6c773fafec1e5d5903498407f193214e3e87ee89a
big0 150021 4270487466
big1 7801 true
big6 789c true
big9 78da true
biggz 1f8b0800000000000003 true
bigbr 2809 449310595"##,
    );
}

/// Inflate, gunzip (several members, zero padding), unzip, raw inflate, input types
/// (ArrayBuffer, DataView, Uint16Array, a lone surrogate), `info`, crc32 and dictionaries.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn one_shot_decompression_input_types_and_crc32() {
    let model = module_model(
        r##"import zlib from "node:zlib";
import { Buffer } from "node:buffer";
export default { async fetch() {
  const lines = [];
  const text = "The quick brown fox jumps over the lazy dog. ".repeat(30);
  const z = zlib.deflateSync(text), g = zlib.gzipSync(text), r = zlib.deflateRawSync(text);
  const back = (b) => (Buffer.isBuffer(b) ? "Buffer " : "other ") + b.length + " " + (b.toString() === text);
  lines.push(back(zlib.inflateSync(z)));
  lines.push(back(zlib.gunzipSync(g)));
  lines.push(back(zlib.inflateRawSync(r)));
  lines.push(back(zlib.unzipSync(g)) + " " + back(zlib.unzipSync(z)));
  lines.push(zlib.inflateSync(z.buffer.slice(z.byteOffset, z.byteOffset + z.length)).length);
  lines.push(zlib.inflateSync(new DataView(z.buffer, z.byteOffset, z.length)).length);
  lines.push(zlib.deflateSync(new Uint16Array([1, 2, 3])).toString("hex"));
  lines.push(zlib.deflateSync("a\ud800b").toString("hex"));
  lines.push(zlib.gunzipSync(Buffer.concat([g, g])).length);
  lines.push(zlib.gunzipSync(Buffer.concat([g, Buffer.alloc(4)])).length);
  lines.push(zlib.inflateSync(Buffer.concat([z, Buffer.from("trailing")])).length);
  lines.push(zlib.inflateSync(z.subarray(0, 30), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString());
  lines.push(zlib.brotliDecompressSync(zlib.brotliCompressSync(text)).toString() === text);
  const info = zlib.deflateSync("abc", { info: true });
  lines.push(Object.keys(info).join(",") + " " + info.buffer.toString("hex") + " " + info.engine.constructor.name + " " + info.engine.bytesWritten);
  lines.push(zlib.crc32("hello") + " " + zlib.crc32("hello", 5) + " " + zlib.crc32(Buffer.from("héllo")) + " " + zlib.crc32(new ArrayBuffer(3)));
  const d = zlib.deflateSync("hello hello", { dictionary: Buffer.from("hello") });
  lines.push(zlib.inflateSync(d, { dictionary: Buffer.from("hello") }).toString());
  return new Response(lines.join("\n"));
} };"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"Buffer 1350 true
Buffer 1350 true
Buffer 1350 true
Buffer 1350 true Buffer 1350 true
1350
1350
789c6364606260660000001a0007
789c4b7cbba021090008e002d1
2700
1350
1350
The quick brown fox jumps o
true
engine,buffer 789c4b4c4a0600024d0127 Deflate 3
907060870 4277152246 2654700086 4282505490
hello hello"##,
    );
}

/// Corrupt, truncated and mis-checksummed data, dictionaries, Brotli errors, option range
/// and type errors, and crc32's argument errors.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn one_shot_errors_have_workerds_types_and_messages() {
    let model = module_model(
        r##"import zlib from "node:zlib";
import { Buffer } from "node:buffer";
export default { async fetch() {
  const lines = [];
  const show = (f) => { try { const r = f(); return "ok " + (Buffer.isBuffer(r) ? r.toString("hex") : String(r)); } catch (e) { return [e.name, e.message, e.code, e.errno].join(" | "); } };
  const z = zlib.deflateSync("hello world"), g = zlib.gzipSync("hello world");
  const flip = (b, i) => { const c = Buffer.from(b); c[i < 0 ? c.length + i : i] ^= 1; return c; };
  lines.push(show(() => zlib.inflateSync("not compressed at all")));
  lines.push(show(() => zlib.gunzipSync(z)));
  lines.push(show(() => zlib.inflateSync(z.subarray(0, 8))));
  lines.push(show(() => zlib.inflateSync(flip(z, -1))));
  lines.push(show(() => zlib.inflateRawSync(Buffer.from([0xff, 0xff]))));
  lines.push(show(() => zlib.unzipSync(zlib.deflateRawSync("x"))));
  lines.push(show(() => zlib.gunzipSync(flip(g, -5))));
  lines.push(show(() => zlib.gunzipSync(flip(g, -1))));
  lines.push(show(() => zlib.gunzipSync(Buffer.concat([g, Buffer.from("xyz")]))));
  lines.push(show(() => zlib.inflateSync(zlib.deflateSync("hi hi", { dictionary: Buffer.from("hi") }))));
  lines.push(show(() => zlib.inflateSync(zlib.deflateSync("hi hi", { dictionary: Buffer.from("hi") }), { dictionary: Buffer.from("ho") })));
  lines.push(show(() => zlib.brotliDecompressSync(Buffer.from("garbage data"))));
  lines.push(show(() => zlib.brotliDecompressSync(zlib.brotliCompressSync("hello").subarray(0, 3))));
  lines.push(show(() => zlib.inflateSync(zlib.deflateSync("x".repeat(1000)), { maxOutputLength: 10 })));
  lines.push(show(() => zlib.deflateSync(123)));
  lines.push(show(() => zlib.deflateSync("x", "abc")));
  lines.push(show(() => zlib.deflateSync("x", null)));
  lines.push(show(() => zlib.deflateSync("x", { level: 10 })));
  lines.push(show(() => zlib.deflateSync("x", { windowBits: 7 })));
  lines.push(show(() => zlib.deflateSync("x", { memLevel: 0 })));
  lines.push(show(() => zlib.deflateSync("x", { strategy: 5 })));
  lines.push(show(() => zlib.deflateSync("x", { chunkSize: 10 })));
  lines.push(show(() => zlib.deflateSync("x", { windowBits: -1 })));
  lines.push(show(() => zlib.deflateSync("x", { level: 2 ** 33 })));
  lines.push(show(() => zlib.deflateSync("x", { finishFlush: 9 })));
  lines.push(show(() => zlib.deflateSync("x", { dictionary: "abc" })));
  lines.push(show(() => zlib.gzipSync("x", { windowBits: 8 })));
  lines.push(show(() => zlib.deflateSync("x", { windowBits: 8 })));
  lines.push(show(() => zlib.brotliCompressSync("x", { params: { 100: 4 } })));
  lines.push(show(() => zlib.brotliCompressSync("x", { flush: 5 })));
  lines.push(show(() => zlib.crc32(123)));
  lines.push(show(() => zlib.crc32("a", -1)));
  lines.push(show(() => zlib.crc32("a", "x")));
  lines.push(show(() => zlib.crc32("a", 1.5)));
  lines.push(show(() => zlib.zstdCompressSync === undefined));
  return new Response(lines.join("\n"));
} };"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"Error | incorrect header check |  | 
Error | incorrect header check |  | 
Error | unexpected end of file |  | 
Error | incorrect data check |  | 
Error | invalid block type |  | 
Error | incorrect header check |  | 
Error | incorrect data check |  | 
Error | incorrect length check |  | 
Error | incorrect header check |  | 
Error | Missing dictionary |  | 
Error | Bad dictionary |  | 
Error | Compression failed |  | 
Error | Unexpected end of file |  | 
RangeError | Memory limit exceeded |  | 
TypeError | Failed to execute 'zlibSync' on 'ZlibUtil': parameter 1 is not of type 'string or ArrayBuffer or ArrayBufferView'. |  | 
TypeError | Failed to execute 'zlibSync' on 'ZlibUtil': parameter 2 is not of type 'Options'. |  | 
TypeError | Cannot read properties of null (reading 'info') |  | 
RangeError | The value of "options.level" is out of range. It must be >= -1 and <= 9. Received 10 |  | 
RangeError | The value of "options.windowBits" is out of range. It must be >= 8 and <= 15. Received 7 |  | 
RangeError | The value of "options.memLevel" is out of range. It must be >= 1 and <= 9. Received 0 |  | 
Error | invalid strategy |  | 
RangeError | The value of "options.chunkSize" is out of range. It must be >= 64 and <= 134217728. Received 10 |  | 
TypeError | The value cannot be converted because it is negative and this API expects a positive number. |  | 
TypeError | Value out of range. Must be between -2147483648 and 2147483647 (inclusive). |  | 
RangeError | The value of "options.finishFlush" is out of range. It must be >= 0 and <= 6. Received 0 |  | 
TypeError | Incorrect type for the 'dictionary' field on 'Options': the provided value is not of type 'ArrayBuffer or ArrayBufferView'. |  | 
Error | Zlib error |  | 
ok 1895ab000000790079
Error | Setting parameter failed |  | 
RangeError | The value of "options.flush" is out of range. It must be >= 0 and <= 3. Received 5 |  | 
TypeError | Failed to execute 'crc32' on 'ZlibUtil': parameter 1 is not of type 'string or ArrayBuffer or ArrayBufferView'. |  | 
RangeError | The value of "value" is out of range. It must be >= 0 && < 4294967296. Received -1 | ERR_OUT_OF_RANGE | 
TypeError | The "value" argument must be of type number. Received type string ('x') | ERR_INVALID_ARG_TYPE | 
RangeError | The value of "value" is out of range. It must be an integer. Received 1.5 | ERR_OUT_OF_RANGE | 
ok false"##,
    );
}

/// The callback forms: the callback runs in a microtask queued at the call, errors of
/// the work go to the callback, argument errors throw; util.promisify over them.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn callback_forms_call_back_in_a_microtask_and_promisify() {
    let model = module_model(
        r##"import zlib from "node:zlib";
import { Buffer } from "node:buffer";
import util from "node:util";
export default { async fetch() {
  const lines = [];
  const desc = (e) => [e.name, e.message, e.code].join(" | ");
  const order = [];
  zlib.deflate("abc", (e, b) => order.push("cb1 " + (e ? e.message : b.toString("hex"))));
  Promise.resolve().then(() => order.push("micro"));
  zlib.inflate("bad", (e) => order.push("cb2 " + e.message));
  zlib.gzip("abc", { level: 1 }, (e, b) => order.push("cb3 " + b.toString("hex")));
  order.push("sync");
  await new Promise((r) => setTimeout(r, 5));
  lines.push(order.join(", "));
  lines.push(await util.promisify(zlib.deflateRaw)("hello").then((b) => b.toString("hex"), desc));
  lines.push(await util.promisify(zlib.unzip)(zlib.gzipSync("zipped")).then((b) => b.toString(), desc));
  lines.push(await util.promisify(zlib.inflate)("hello").then((b) => b.toString("hex"), desc));
  lines.push(await util.promisify(zlib.brotliCompress)("abc").then((b) => b.toString("hex"), desc));
  lines.push(await util.promisify(zlib.brotliDecompress)("abc").then((b) => b.toString("hex"), desc));
  lines.push(await new Promise((res) => zlib.deflate("x", { level: 99 }, (e) => res("cb " + desc(e)))));
  for (const f of [() => zlib.deflate("abc"), () => zlib.deflate("abc", {}, 5), () => zlib.deflate(123, () => {})]) {
    try { f(); lines.push("no throw"); } catch (e) { lines.push("threw " + desc(e)); }
  }
  lines.push(await new Promise((res) => zlib.deflate("abc", { info: true }, (e, r) => res(Object.keys(r).join(",") + " " + r.buffer.toString("hex")))));
  return new Response(lines.join("\n"));
} };"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"sync, cb1 789c4b4c4a0600024d0127, micro, cb2 incorrect header check, cb3 1f8b08000000000004034b4c4a0600c241243503000000
cb48cdc9c90700
zipped
Error | incorrect header check | 
0b018061626303
Error | Unexpected end of file | 
cb RangeError | The value of "options.level" is out of range. It must be >= -1 and <= 9. Received 99 | 
threw TypeError | The "callback" argument must be of type function. Received undefined | ERR_INVALID_ARG_TYPE
threw TypeError | The "callback" argument must be of type function. Received type number (5) | ERR_INVALID_ARG_TYPE
threw TypeError | Failed to execute 'zlib' on 'ZlibUtil': parameter 1 is not of type 'string or ArrayBuffer or ArrayBufferView'. | 
engine,buffer 789c4b4c4a0600024d0127"##,
    );
}

/// Gzip/Deflate/Inflate/Gunzip/Unzip/Brotli streams: data chunk sizes, event order,
/// bytesWritten, and stream errors with their code and errno.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn stream_classes_emit_what_workerd_emits() {
    let model = module_model(
        r##"import zlib from "node:zlib";
import { Buffer } from "node:buffer";
import { Readable, Writable, pipeline } from "node:stream";
function run(stream, inputs, decode) {
  return new Promise((resolve) => {
    const log = [];
    const chunks = [];
    const written = inputs.reduce((n, i) => n + i.length, 0);
    stream.on("data", (c) => { log.push(decode ? "data" : "data:" + c.length); chunks.push(c); });
    stream.on("end", () => log.push("end"));
    stream.on("finish", () => log.push("finish"));
    stream.on("error", (e) => log.push(`error:${e.message}|${e.code}|${e.errno}`));
    stream.on("close", () => {
      const all = Buffer.concat(chunks);
      const shown = decode ? all.subarray(0, 2).toString("hex") + " " + (decode(all).toString() === inputs.join("")) : all.toString("hex").slice(0, 80);
      resolve(log.join(",") + " " + shown + " " + (stream.bytesWritten === written ? "all" : stream.bytesWritten));
    });
    for (const i of inputs) stream.write(i, () => log.push("wcb"));
    stream.end(() => log.push("endcb"));
  });
}
export default { async fetch() {
  const lines = [];
  const lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(50);
  lines.push(await run(zlib.createGzip(), ["hello ", "world"]));
  lines.push(await run(zlib.createDeflate(), [lorem, lorem], zlib.inflateSync));
  lines.push(await run(zlib.createDeflateRaw({ level: 1 }), ["abc"]));
  lines.push(await run(zlib.createInflate(), [zlib.deflateSync(lorem)]));
  lines.push(await run(zlib.createInflate({ chunkSize: 1000 }), [zlib.deflateSync(lorem)]));
  const big = zlib.deflateSync(Buffer.alloc(40000, 97));
  lines.push(await run(zlib.createInflate(), [big.subarray(0, 10), big.subarray(10)]));
  lines.push(await run(zlib.createInflate(), ["garbage"]));
  lines.push(await run(zlib.createInflate(), [zlib.deflateSync(lorem).subarray(0, 20)]));
  lines.push(await run(zlib.createGunzip(), [Buffer.concat([zlib.gzipSync("a"), zlib.gzipSync("b")])]));
  lines.push(await run(zlib.createUnzip(), [zlib.gzipSync("abc")]));
  lines.push(await run(zlib.createBrotliCompress(), ["hello brotli"]));
  lines.push(await run(zlib.createBrotliDecompress(), [zlib.brotliCompressSync("hello brotli")]));
  lines.push(await run(zlib.createBrotliDecompress(), ["garbage!"]));
  lines.push(await run(zlib.createGzip(), []));
  return new Response(lines.join("\n"));
} };"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"data:10,wcb,data:21,wcb,endcb,finish,end 1f8b0800000000000003cb48cdc9c95728cf2fca49010085114a0d0b000000 all
data,wcb,data,wcb,endcb,finish,end 789c true all
wcb,endcb,finish,data:5,end 4b4c4a0600 all
data:2850,wcb,endcb,finish,end 4c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e736563746574757220 all
data:1000,data:1000,data:850,wcb,endcb,finish,end 4c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e736563746574757220 all
wcb,data:16384,data:16384,data:7232,wcb,endcb,finish,end 61616161616161616161616161616161616161616161616161616161616161616161616161616161 all
error:incorrect header check|Z_DATA_ERROR|-3  0
wcb,endcb,finish,error:unexpected end of file|Z_BUF_ERROR|-5  all
data:2,wcb,endcb,finish,end 6162 all
data:3,wcb,endcb,finish,end 616263 all
wcb,data:16,endcb,finish,end 8b058068656c6c6f2062726f746c6903 all
data:12,wcb,endcb,finish,end 68656c6c6f2062726f746c69 all
error:Compression failed|ERR__ERROR_FORMAT_PADDING_1|-1  0
data:20,endcb,finish,end 1f8b080000000000000303000000000000000000 all"##,
    );
}

/// flush() kinds, params() mid-stream, reset(), close(), _processChunk, pipeline, the
/// constructor's option errors and the class hierarchy.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn stream_flush_params_reset_close_and_option_errors() {
    let model = module_model(
        r##"import zlib from "node:zlib";
import { Buffer } from "node:buffer";
import { Readable, Writable, pipeline } from "node:stream";
export default { async fetch() {
  const lines = [];
  const desc = (e) => [e.name, e.message, e.code].join(" | ");
  const hex = (b) => b.toString("hex");
  lines.push(await new Promise((res) => {
    const d = zlib.createDeflate(); const log = [];
    d.on("data", (c) => log.push(hex(c)));
    d.write("hello");
    d.flush(() => { log.push("flushed"); d.write(" world"); d.flush(zlib.constants.Z_SYNC_FLUSH, () => { log.push("flushed2"); d.end(); }); });
    d.on("end", () => res(log.join(" ")));
  }));
  lines.push(await new Promise((res) => {
    const d = zlib.createDeflate(); const log = [];
    d.on("data", (c) => log.push(hex(c)));
    d.write("hello hello hello");
    d.params(0, 0, () => { log.push("params"); d.end("abcabc"); });
    d.on("end", () => res(log.join(" ")));
  }));
  lines.push(await new Promise((res) => {
    const d = zlib.createDeflate(); const log = [];
    d.on("data", (c) => log.push(hex(c)));
    d.write("hello"); d.reset(); d.end("x");
    d.on("end", () => res(log.join(" ")));
  }));
  lines.push(await new Promise((res) => {
    const d = zlib.createDeflate(); const log = [];
    d.on("close", () => log.push("close"));
    d.close(() => { log.push("closecb"); res(log.join(" ") + " " + (d._handle === null) + " " + d.destroyed); });
  }));
  lines.push(hex(zlib.createDeflate()._processChunk(Buffer.from("abc"), zlib.constants.Z_FINISH)));
  lines.push(await new Promise((res) => {
    const chunks = [];
    pipeline(Readable.from([Buffer.from("a".repeat(100)), Buffer.from("b".repeat(100))]), zlib.createGzip(), zlib.createGunzip(),
      new Writable({ write(c, e, cb) { chunks.push(c); cb(); } }), (e) => res(e ? desc(e) : Buffer.concat(chunks).toString().length + " " + Buffer.concat(chunks).toString().slice(95, 105)));
  }));
  for (const f of [() => zlib.createGzip({ level: 99 }), () => zlib.createGzip({ chunkSize: 10 }), () => zlib.createGzip({ windowBits: "x" }),
    () => zlib.createGzip({ dictionary: "abc" }), () => zlib.createBrotliCompress({ params: { 99: 1 } }), () => zlib.createBrotliCompress({ params: { 1: "x" } }),
    () => zlib.createGzip({ windowBits: 8 }), () => zlib.createGzip({ level: Infinity }), () => zlib.createGzip({ maxOutputLength: 0 }),
    () => zlib.createDeflate().params(12, 0, () => {})]) {
    try { const s = f(); lines.push("ok " + s.constructor.name); } catch (e) { lines.push(desc(e)); }
  }
  const g = new zlib.Gzip();
  lines.push([g instanceof zlib.Gzip, Object.getPrototypeOf(zlib.Gzip.prototype).constructor.name, Object.getPrototypeOf(Object.getPrototypeOf(zlib.Gzip.prototype)).constructor.name, g._chunkSize, g.bytesWritten, g._level, g._strategy, zlib.createDeflateRaw({ windowBits: 8 })._chunkSize].join(" "));
  return new Response(lines.join("\n"));
} };"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"789c ca48cdc9c907000000ffff flushed 5228cf2fca4901000000ffff flushed2 03001a0b045d
789c ca48cdc9c957c8409000000000ffff params 010600f9ff616263616263692208c9
789c 789cab000000790079
close closecb true true
789c4b4c4a0600024d0127
200 aaaaabbbbb
RangeError | The value of "options.level" is out of range. It must be >= -1 and <= 9. Received 99 | ERR_OUT_OF_RANGE
RangeError | The value of "options.chunkSize" is out of range. It must be >= 64. Received 10 | ERR_OUT_OF_RANGE
TypeError | The "options.windowBits" property must be of type number. Received type string ('x') | ERR_INVALID_ARG_TYPE
TypeError | The "options.dictionary" property must be an instance of Buffer, TypedArray, DataView, or ArrayBuffer. Received type string ('abc') | ERR_INVALID_ARG_TYPE
RangeError | 99 is not a valid Brotli parameter | ERR_BROTLI_INVALID_PARAM
TypeError | The "options.params[key]" property must be of type number. Received type string ('x') | ERR_INVALID_ARG_TYPE
RangeError | The value of "options.windowBits" is out of range. It must be >= 9 and <= 15. Received 8 | ERR_OUT_OF_RANGE
RangeError | The value of "options.level" is out of range. It must be a finite number. Received Infinity | ERR_OUT_OF_RANGE
RangeError | The value of "options.maxOutputLength" is out of range. It must be >= 1 and <= 2147483647. Received 0 | ERR_OUT_OF_RANGE
RangeError | The value of "level" is out of range. It must be >= -1 and <= 9. Received 12 | ERR_OUT_OF_RANGE
true Zlib ZlibBase 16384 0 -1 0 16384"##,
    );
}

/// zlib.constants (read-only, extensible), the frozen codes table, the default export's
/// keys and the functions' names and lengths.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn constants_codes_and_export_shapes() {
    let model = module_model(
        r##"import zlib from "node:zlib";
import * as ns from "node:zlib";
export default { async fetch() {
  const lines = [];
  lines.push(JSON.stringify(zlib.codes));
  lines.push([Object.isFrozen(zlib.constants), Object.isFrozen(zlib.codes), zlib.constants === ns.constants, zlib.codes === ns.codes].join(" "));
  lines.push(JSON.stringify(Object.getOwnPropertyDescriptor(zlib.constants, "Z_OK")));
  lines.push(Object.keys(zlib.constants).length + " " + Object.keys(zlib).length);
  lines.push(Object.keys(zlib).slice(0, 12).join(","));
  lines.push([zlib.Z_BEST_COMPRESSION, ns.Z_DEFAULT_CHUNK, zlib.constants.BROTLI_PARAM_SIZE_HINT, zlib.constants.ZSTD_c_nbWorkers, ns.ZLIB_VERNUM, zlib.constants.BROTLI_DECODER_ERROR_UNREACHABLE].join(" "));
  lines.push(["deflateSync", "deflate", "crc32", "createGzip", "Gzip", "brotliCompress"].map((n) => `${zlib[n].name}/${zlib[n].length}`).join(" "));
  return new Response(lines.join("\n"));
} };"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"{"0":"Z_OK","1":"Z_STREAM_END","2":"Z_NEED_DICT","Z_OK":0,"Z_STREAM_END":1,"Z_NEED_DICT":2,"Z_ERRNO":-1,"Z_STREAM_ERROR":-2,"Z_DATA_ERROR":-3,"Z_MEM_ERROR":-4,"Z_BUF_ERROR":-5,"Z_VERSION_ERROR":-6,"-1":"Z_ERRNO","-2":"Z_STREAM_ERROR","-3":"Z_DATA_ERROR","-4":"Z_MEM_ERROR","-5":"Z_BUF_ERROR","-6":"Z_VERSION_ERROR"}
false true true true
{"value":0,"writable":false,"enumerable":true,"configurable":false}
172 219
crc32,codes,constants,Z_NO_FLUSH,Z_PARTIAL_FLUSH,Z_SYNC_FLUSH,Z_FULL_FLUSH,Z_FINISH,Z_BLOCK,Z_OK,Z_STREAM_END,Z_NEED_DICT
9 16384 5 400 5120 -31
deflateSync/1 deflate/3 crc32/1 createGzip/1 Gzip/1 brotliCompress/3"##,
    );
}

/// Streams fed in pieces (down to one byte), every flush kind, a level change with
/// params(), gzip members and trailing data, Brotli flushes, maxOutputLength with `info`.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn chunked_streams_match_workerd() {
    let model = module_model(
        r##"import zlib from "node:zlib";
import { Buffer } from "node:buffer";
function gen(n) {
  const b = Buffer.alloc(n); let x = 99;
  const words = ["alpha ", "beta ", "gamma\n", "delta ", "the ", "of ", "zlib "];
  for (let i = 0; i < n;) { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; const w = words[(x >> 16) % words.length]; for (let j = 0; j < w.length && i < n; j++) b[i++] = w.charCodeAt(j); }
  return b;
}
function run(stream, pieces, decode, opts = {}) {
  return new Promise((resolve) => {
    const sizes = []; const chunks = []; let err = null;
    stream.on("data", (c) => { sizes.push(c.length); chunks.push(c); });
    stream.on("error", (e) => { err = `${e.message}|${e.code}|${e.errno}`; });
    stream.on("close", () => {
      const all = Buffer.concat(chunks);
      if (decode) resolve([stream instanceof zlib.DeflateRaw ? "raw" : all.subarray(0, 2).toString("hex"), decode(all).equals(Buffer.concat(pieces.filter((p) => typeof p !== "number"))), sizes.every((s) => s <= (opts.chunkSize ?? 16384)), stream.bytesWritten, err].join(" "));
      else resolve([sizes.length, sizes.slice(0, 8).join("."), all.length, zlib.crc32(all), stream.bytesWritten, err].join(" "));
    });
    let i = 0;
    const next = () => {
      if (i < pieces.length) { const p = pieces[i++]; if (typeof p === "number") { stream.flush(p, next); } else stream.write(p, next); }
      else stream.end();
    };
    next();
  });
}
const split = (buf, n) => { const out = []; for (let i = 0; i < buf.length; i += n) out.push(buf.subarray(i, i + n)); return out; };
export default { async fetch() {
  const out = {};
  const data = gen(120000);
  out.gz1 = await run(zlib.createGzip(), split(data, 7000), zlib.gunzipSync);
  out.def9 = await run(zlib.createDeflate({ level: 9, chunkSize: 1024 }), split(data, 33333), zlib.inflateSync);
  out.raw1 = await run(zlib.createDeflateRaw({ level: 1 }), split(data, 100000), zlib.inflateRawSync);
  out.def0 = await run(zlib.createDeflate({ level: 0 }), split(data, 5000));
  out.flushes = await run(zlib.createDeflate(), [data.subarray(0, 1000), zlib.constants.Z_PARTIAL_FLUSH, data.subarray(1000, 3000), zlib.constants.Z_FULL_FLUSH, data.subarray(3000, 5000), zlib.constants.Z_BLOCK, data.subarray(5000, 9000), zlib.constants.Z_SYNC_FLUSH, zlib.constants.Z_SYNC_FLUSH], zlib.inflateSync);
  out.flushHex = await new Promise((res) => { const d = zlib.createDeflateRaw(); const h = []; d.on("data", (c) => h.push(c.toString("hex"))); d.on("end", () => res(h.length + " " + zlib.inflateRawSync(Buffer.from(h.join(""), "hex")).toString())); d.write("abcabcabc"); d.flush(zlib.constants.Z_PARTIAL_FLUSH, () => { d.write("xyz"); d.flush(zlib.constants.Z_BLOCK, () => { d.write("q"); d.flush(zlib.constants.Z_FULL_FLUSH, () => d.end("abc")); }); }); });
  const z = zlib.deflateSync(data, { level: 0 });
  const gz5 = Buffer.from("1f8b08000000000000037d98c16e1b310c44effd0affda06b19b000edc834ff9fac2d28a9c79a40cb486a3952872381c72fdfcba5e1eb7cbc7f579cc8fe3feefebb83ce7f2e7f5bed67fefdf1fafa5c76d3cfc7bfcfc1c7fe6f3f1689e7bdcea13b3c5b3a7b9f8639a1937ceb5b9208eccd3f3f375342da6a171effc9a8fc6e92628b15aeed5dbcf38165ae36c5a375c22ee4065793a1764575ad0bb02090d227c3717c6b7884ff05bf18e5d92238d6f1ace9ccb71f99a160420f54cc19a9f729f40cbec574baf1d815ee22e092d8438d16f9dc42263d2a346c3b5a857fa5a5a8e5cc5b633df1a7e1446b8bcfeaf64c68eb580836b59f00d422450127b060466611fe3d17408ccdce6b5176e86f1524b952a453e18cd26ed2a010255e6d9d1963a531fc2f1f8d71890b3734fa048d682034e0d8a563c882f9422a187c0a49e6c44928954075a8e9b36afe895cb8515607c297340f1f6397401c2279192544cad75a9204f56a3d00ca226f6d4d50254d7241bbd2a025873e4329eb969b2446a092d99d91530ab41fe26694b056e59e99224b897d69cdb651785d92d150792909568b569f0de08c25ae00606a80d1733d5d0371b0a72576b24d170d7941979450bbd4d122e112821729aeabdc3b214804b792134b373425108ca3d28817d993623c0da5cb22898610443db85fda64fcb8e37ad6937fe5823ecf3598fa2a9945d99050e8a1b55852f0d8df47a0fda2b1d7ad74f81b5c97154516fa1979c412dd1de8dc35dc189655e7b998e507841299de864a1f5441d998ae66542222ce79ab32ced13210ea8155360d0f0ad2410fd052d17e511415b3d3b89363597d964c7c1ac0087202fa58152c6a0b0dd8c8e2d1a419126ed9aec725b69d3e1bd8c7b8cc5e7a9e685edcdc04eb174829560ea7c8ffc5a9968e8282b27670590ddadd4bd0f3685377eedae8a5cfdf182eb0db41926ba3728362c1081b25d7a633bceb4838f96783b38dbc810a82b90cae4d2155cb01997efa97dc6b9476cfad16e5399c6f84d17e87fe1d870837ce2ef431acde6c708afaf56b0f1fad64efdad6b3eccb158a9e31bb221d323e4ff54f474bf88130000", "hex");
  const z5 = Buffer.from("789c7d98c16e1b310c44effd0affda06b19b000edc834ff9fac2d28a9c79a40cb486a3952872381c72fdfcba5e1eb7cbc7f579cc8fe3feefebb83ce7f2e7f5bed67fefdf1fafa5c76d3cfc7bfcfc1c7fe6f3f1689e7bdcea13b3c5b3a7b9f8639a1937ceb5b9208eccd3f3f375342da6a171effc9a8fc6e92628b15aeed5dbcf38165ae36c5a375c22ee4065793a1764575ad0bb02090d227c3717c6b7884ff05bf18e5d92238d6f1ace9ccb71f99a160420f54cc19a9f729f40cbec574baf1d815ee22e092d8438d16f9dc42263d2a346c3b5a857fa5a5a8e5cc5b633df1a7e1446b8bcfeaf64c68eb580836b59f00d422450127b060466611fe3d17408ccdce6b5176e86f1524b952a453e18cd26ed2a010255e6d9d1963a531fc2f1f8d71890b3734fa048d682034e0d8a563c882f9422a187c0a49e6c44928954075a8e9b36afe895cb8515607c297340f1f6397401c2279192544cad75a9204f56a3d00ca226f6d4d50254d7241bbd2a025873e4329eb969b2446a092d99d91530ab41fe26694b056e59e99224b897d69cdb651785d92d150792909568b569f0de08c25ae00606a80d1733d5d0371b0a72576b24d170d7941979450bbd4d122e112821729aeabdc3b214804b792134b373425108ca3d28817d993623c0da5cb22898610443db85fda64fcb8e37ad6937fe5823ecf3598fa2a9945d99050e8a1b55852f0d8df47a0fda2b1d7ad74f81b5c97154516fa1979c412dd1de8dc35dc189655e7b998e507841299de864a1f5441d998ae66542222ce79ab32ced13210ea8155360d0f0ad2410fd052d17e511415b3d3b89363597d964c7c1ac0087202fa58152c6a0b0dd8c8e2d1a419126ed9aec725b69d3e1bd8c7b8cc5e7a9e685edcdc04eb174829560ea7c8ffc5a9968e8282b27670590ddadd4bd0f3685377eedae8a5cfdf182eb0db41926ba3728362c1081b25d7a633bceb4838f96783b38dbc810a82b90cae4d2155cb01997efa97dc6b9476cfad16e5399c6f84d17e87fe1d870837ce2ef431acde6c708afaf56b0f1fad64efdad6b3eccb158a9e31bb221d323e4ffefb0d5ab", "hex");
  out.inf1 = await run(zlib.createInflate(), split(z, 1).slice(0, 3000).concat([z.subarray(3000)]));
  out.infc = await run(zlib.createInflate({ chunkSize: 64 }), split(z, 997));
  out.gunzipBytes = await run(zlib.createGunzip(), split(gz5, 1));
  out.unzipBytes = await run(zlib.createUnzip(), split(gz5, 1));
  out.unzipZ = await run(zlib.createUnzip(), split(z5, 3));
  out.inflate5 = await run(zlib.createInflate(), split(z5, 50));
  const bad = Buffer.from(z); bad[20000] ^= 0x55;
  out.badMid = await run(zlib.createInflate(), split(bad, 4096));
  out.trailing = await run(zlib.createInflate(), [Buffer.concat([zlib.deflateSync("abc"), Buffer.from("junk")])]);
  out.gzTrail = await run(zlib.createGunzip(), [Buffer.concat([zlib.gzipSync("abc"), Buffer.from("junk")])]);
  out.gzZero = await run(zlib.createGunzip(), [Buffer.concat([zlib.gzipSync("abc"), Buffer.alloc(5)])]);
  out.gzMulti = await run(zlib.createGunzip(), [Buffer.concat([zlib.gzipSync("abc"), zlib.gzipSync("def")]), zlib.gzipSync("ghi")]);
  out.params = await new Promise((res) => { const d = zlib.createDeflate({ level: 1 }); const ch = []; d.on("data", (c) => ch.push(c)); d.on("end", () => { const a = Buffer.concat(ch); res(a.subarray(0, 2).toString("hex") + " " + zlib.inflateSync(a).equals(data.subarray(0, 50000))); }); d.write(data.subarray(0, 20000)); d.params(9, 1, () => { d.write(data.subarray(20000, 40000)); d.params(9, 2, () => { d.end(data.subarray(40000, 50000)); }); }); });
  out.reset = await new Promise((res) => { const d = zlib.createInflate(); const ch = []; d.on("data", (c) => ch.push(c)); d.on("end", () => res(Buffer.concat(ch).toString())); d.write(zlib.deflateSync("first").subarray(0, 5)); d.reset(); d.end(zlib.deflateSync("second")); });
  out.brFlush = await new Promise((res) => { const d = zlib.createBrotliCompress(); const h = []; d.on("data", (c) => h.push(c.toString("hex"))); d.on("end", () => res(h.join(" "))); d.write("hello"); d.flush(() => d.end(" world")); });
  out.brBig = await run(zlib.createBrotliCompress({ params: { 1: 5 } }), split(data.subarray(0, 50000), 10000));
  out.brDec = await run(zlib.createBrotliDecompress(), split(zlib.brotliCompressSync(data.subarray(0, 50000), { params: { 1: 5 } }), 100));
  out.info = (() => { try { return zlib.inflateSync(zlib.deflateSync(data), { info: true, maxOutputLength: 1000 }).buffer.length; } catch (e) { return [e.name, e.message, e.code].join("|"); } })();
  out.sync = (() => { const d = zlib.createGzip(); const r = d._processChunk(data.subarray(0, 1000), zlib.constants.Z_FINISH); return [r.subarray(0, 10).toString("hex"), zlib.gunzipSync(r).equals(data.subarray(0, 1000)), d.bytesWritten, d._handle === null].join(" "); })();
  out.writeAfterEnd = await new Promise((res) => { const d = zlib.createGzip(); d.on("error", (e) => res(e.code + " " + e.message)); d.end("a"); d.write("b"); });
  return new Response(Object.entries(out).map(([k, v]) => k + " " + v).join("\n"));
} };"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"gz1 1f8b true true 120000 
def9 78da true true 120000 
raw1 raw true true 120000 
def0 12 2.16382.16384.2239.14145.16384.4476.11908 120026 3229756986 120000 
flushes 789c true true 9000 
flushHex 4 abcabcabcxyzqabc
inf1 3001 1.1.1.1.1.1.1.1 120000 3052405 120021 
infc 1994 64.64.64.64.64.64.64.64 120000 3052405 120021 
gunzipBytes 394 1.1.1.2.1.1.1.1 5000 3212112980 784 
unzipBytes 394 1.1.1.2.1.1.1.1 5000 3212112980 784 
unzipZ 242 3.4.3.8.3.3.8.9 5000 3212112980 772 
inflate5 16 9.146.261.291.320.356.387.382 5000 3212112980 772 
badMid 36 4089.4096.4096.4096.7.4089.4096.4096 118767 859700802 118784 incorrect data check|Z_DATA_ERROR|-3
trailing 1 3 3 891568578 11 
gzTrail 0  0 0 0 incorrect header check|Z_DATA_ERROR|-3
gzZero 1 3 3 891568578 23 
gzMulti 2 6.3 9 2376698031 69 
params 7801 true
reset fisecond
brFlush 0b028068656c6c6f 5100805f022416890c00
brBig 1 7414 7414 3199165223 50000 
brDec 78 144.558.636.677.702.686.673.692 50000 453565545 7414 
info RangeError|Cannot create a Buffer larger than 1000 bytes|ERR_BUFFER_TOO_LARGE
sync 1f8b0800000000000003 true 1000 true
writeAfterEnd ERR_STREAM_WRITE_AFTER_END write after end"##,
    );
}
