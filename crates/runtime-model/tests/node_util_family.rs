//! The util family (node:util, node:sys, node:util/types), node:path (with path/posix and
//! path/win32), node:assert (with assert/strict) and node:console, as workerd 1.20261117
//! provides them under `nodejs_compat`.

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

/// The legacy `util.is*` checks and `node:util/types` (the same object as `util.types`), on
/// built-ins, look-alikes made with `Object.create` and key objects.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn util_is_checks_and_util_types_tell_values_apart_as_in_workerd() {
    let model = module_model(
        r##"import util from "node:util";
import * as types from "node:util/types";
import { Buffer } from "node:buffer";
import { createSecretKey } from "node:crypto";
const out = [];
const t = (name, fn) => { try { out.push(name + " " + JSON.stringify(fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };
const ta = async (name, fn) => { try { out.push(name + " " + JSON.stringify(await fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };

export default { async fetch() {
  t("is", () => [util.isBoolean(true), util.isBuffer(Buffer.alloc(1)), util.isBuffer(new Uint8Array(1)), util.isDate(new Date()), util.isError(new TypeError()), util.isError({ name: "Error", message: "" }), util.isError(Object.create(Error.prototype)), util.isFunction(class {}), util.isNull(null), util.isNullOrUndefined(undefined), util.isNumber(NaN), util.isObject([]), util.isObject(() => 1), util.isPrimitive(Symbol()), util.isPrimitive({}), util.isRegExp(/a/), util.isString(""), util.isSymbol(Symbol()), util.isUndefined(null), util.isArray([])]);
  t("promise", () => [types.isPromise(Promise.resolve()), types.isPromise({ then() {} }), types.isPromise(Object.create(Promise.prototype)), types.isPromise(new Proxy(Promise.resolve(), {}))]);
  t("slots", () => [types.isDate(Object.create(Date.prototype)), types.isRegExp(Object.create(RegExp.prototype)), types.isMap(Object.create(Map.prototype)), types.isNativeError(Object.create(Error.prototype)), types.isNativeError(new RangeError()), types.isArgumentsObject((function () { return arguments; })()), types.isArgumentsObject({ length: 0 }), types.isModuleNamespaceObject(types), types.isModuleNamespaceObject({})]);
  t("iter", () => [types.isMapIterator(new Map().keys()), types.isSetIterator(new Set().values()), types.isMapIterator(new Set().values()), types.isGeneratorObject((function* () {})()), types.isGeneratorObject((async function* () {})()), types.isGeneratorFunction(function* () {}), types.isAsyncFunction(async () => {}), types.isAsyncFunction(() => {})]);
  t("boxed", () => [types.isBigIntObject(Object(1n)), types.isBoxedPrimitive(Object(Symbol())), types.isNumberObject(1), types.isStringObject(new String("")), types.isBooleanObject(Object(false)), types.isSymbolObject(Symbol())]);
  t("buffers", () => [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Float32Array, Float64Array, BigInt64Array].map((C) => new C(1)).map((a) => [types.isUint8Array(a), types.isInt8Array(a), types.isBigInt64Array(a), types.isFloat64Array(a), types.isTypedArray(a)].map(Number).join("")));
  t("abuf", () => [types.isArrayBuffer(new ArrayBuffer(1)), types.isAnyArrayBuffer(new ArrayBuffer(1)), types.isSharedArrayBuffer(new ArrayBuffer(1)), types.isArrayBufferView(new DataView(new ArrayBuffer(1))), types.isDataView(new DataView(new ArrayBuffer(1))), types.isTypedArray(new DataView(new ArrayBuffer(1)))]);
  t("weak", () => [types.isWeakMap(new WeakMap()), types.isWeakSet(new WeakSet()), types.isWeakMap(new Map()), types.isExternal({})]);
  const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  t("keys", () => [types.isCryptoKey(key), types.isKeyObject(key), types.isKeyObject(createSecretKey(new Uint8Array(4))), types.isCryptoKey({})]);
  t("same", () => [types.default === util.types, types.isPromise === util.types.isPromise, Object.keys(util.types).length]);
  return new Response(out.join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"is [true,true,false,true,true,false,false,true,true,true,true,true,false,true,false,true,true,true,false,true]
promise [true,false,false,false]
slots [false,false,false,false,true,true,false,true,false]
iter [true,true,false,true,true,true,true,false]
boxed [true,true,false,true,true,false]
buffers ["01001","10001","00001","00001","00001","00011","00101"]
abuf [true,true,false,true,true,false]
weak [true,true,false,false]
keys [true,false,true,false]
same [true,true,43]"##,
    );
}

/// util's helpers: parseEnv, stripVTControlCharacters, styleText (plain text for the default
/// stream), system errors, signals, diff, debuglog, aborted, and the errors of each (codes,
/// names, messages); parseArgs throws as workerd's does.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn util_helpers_return_and_throw_as_in_workerd() {
    let model = module_model(
        r##"import util from "node:util";
const out = [];
const t = (name, fn) => { try { out.push(name + " " + JSON.stringify(fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };
const ta = async (name, fn) => { try { out.push(name + " " + JSON.stringify(await fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };

export default { async fetch() {
  t("parseEnv", () => util.parseEnv("A=1\nB='x y'\n# c\nexport C=\"q\\nr\"\nD = spaced \nE=`bt`\nF=#x\nG=a #c\nH=\"multi\nline\"\nI='open\nJ=2"));
  t("parseEnv bad", () => util.parseEnv(1));
  t("parseArgs", () => util.parseArgs({ args: ["-f"], options: { f: { type: "boolean", short: "f" } } }));
  t("strip", () => util.stripVTControlCharacters("\u001b[31mred\u001b[39m \u001b]8;;http://x\u0007link\u001b]8;;\u0007 \u001b[1;31;42mA\u001b[0m"));
  t("strip bad", () => util.stripVTControlCharacters(1));
  t("styleText", () => [util.styleText("red", "hi"), util.styleText(["bold", "red"], "x", { validateStream: false }), util.styleText("none", "y", { validateStream: false }), util.styleText("grey", "z", { validateStream: false })]);
  t("styleText format", () => util.styleText("nocolor", "hi"));
  t("styleText stream", () => util.styleText("red", "hi", { stream: {} }));
  t("styleText text", () => util.styleText("red", 1));
  t("toUSVString", () => util.toUSVString("a\ud800b"));
  t("_extend", () => [util._extend({ a: 1 }, { b: 2, a: 3 }), util._extend({ a: 1 }, null)]);
  t("system errors", () => [util.getSystemErrorName(-2), util.getSystemErrorMessage(-13), util.getSystemErrorName(-4095), util.getSystemErrorName(-99999), util.getSystemErrorMap().size, util.getSystemErrorMap().get(-98)]);
  t("system error range", () => util.getSystemErrorName(1));
  t("system error type", () => util.getSystemErrorName("x"));
  t("signals", () => ["SIGHUP", "SIGINT", "SIGKILL", "SIGTERM", "SIGPWR"].map((s) => util.convertProcessSignalToExitCode(s)));
  t("signal bad", () => util.convertProcessSignalToExitCode(2).slice(0, 10));
  t("diff", () => [util.diff("12345678", "12!!5!7!"), util.diff("kitten", "sitting"), util.diff(["a", "b"], ["a", "c"]), util.diff(1, 1)]);
  t("diff bad", () => util.diff(["a", 1], "a"));
  t("debuglog", () => { const d = util.debuglog("sec"); return [typeof d, d.enabled, d.name, util.debug === util.debuglog]; });
  t("transferable", () => { const c = util.transferableAbortController(); return [c instanceof AbortController, util.transferableAbortSignal(c.signal) === c.signal]; });
  t("transferable bad", () => util.transferableAbortSignal({}));
  await ta("aborted", async () => { const ac = new AbortController(); const p = util.aborted(ac.signal, {}); ac.abort(); const e = await p; return [e.type, await util.aborted(AbortSignal.abort(), {})]; });
  await ta("aborted bad", () => util.aborted(new AbortController().signal, 1));
  t("not implemented", () => util._errnoException());
  t("callsite frames", () => util.getCallSites(0));
  t("setTraceSigInt", () => [util.setTraceSigInt(true), util.deprecate(Math.max, "m") === Math.max]);
  t("inspect", () => [Object.keys(util.inspect), util.inspect.custom === Symbol.for("nodejs.util.inspect.custom"), util.inspect.colors.red, util.inspect.colors.grey, Object.keys(util.inspect.colors).length, util.inspect.styles.string, util.inspect.defaultOptions.depth]);
  t("formatWithOptions", () => util.formatWithOptions(1, "x"));
  return new Response(out.join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"parseEnv {"A":"1","B":"x y","C":"q\nr","D":"spaced","E":"bt","F":"","G":"a","H":"multi\nline","I":"open","J":"2"}
parseEnv bad ! TypeError ERR_INVALID_ARG_TYPE The "content" argument must be of type string. Received type number (1)
parseArgs ! Error undefined node:util parseArgs is not implemented
strip "red link A"
strip bad ! TypeError ERR_INVALID_ARG_TYPE The "str" argument must be of type string. Received type number (1)
styleText ["hi","\u001b[1m\u001b[31mx\u001b[39m\u001b[22m","y","\u001b[90mz\u001b[39m"]
styleText format ! TypeError ERR_INVALID_ARG_VALUE The argument 'format' must be one of: 'reset', 'bold', 'dim', 'italic', 'underline', 'blink', 'inverse', 'hidden', 'strikethrough', 'doubleunderline', 'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'bgBlack', 'bgRed', 'bgGreen', 'bgYellow', 'bgBlue', 'bgMagenta', 'bgCyan', 'bgWhite', 'framed', 'overlined', 'gray', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright', 'bgGray', 'bgRedBright', 'bgGreenBright', 'bgYellowBright', 'bgBlueBright', 'bgMagentaBright', 'bgCyanBright', 'bgWhiteBright'. Received 'nocolor'
styleText stream ! TypeError ERR_INVALID_ARG_TYPE The "stream" argument must be an instance of ReadableStream, WritableStream, or Stream. Received an instance of Object
styleText text ! TypeError ERR_INVALID_ARG_TYPE The "text" argument must be of type string. Received type number (1)
toUSVString "a�b"
_extend [{"a":3,"b":2},{"a":1}]
system errors ["ENOENT","permission denied","EOF","Unknown system error -99999",85,["EADDRINUSE","address already in use"]]
system error range ! RangeError ERR_OUT_OF_RANGE The value of "err" is out of range. It must be a negative integer. Received 1
system error type ! TypeError ERR_INVALID_ARG_TYPE The "err" argument must be of type number. Received type string ('x')
signals [129,130,137,143,158]
signal bad ! TypeError ERR_INVALID_ARG_VALUE The argument 'signalCode' must be one of: 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGIOT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGCHLD', 'SIGSTKFLT', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPOLL', 'SIGPWR', 'SIGSYS'. Received 2
diff [[[0,"1"],[0,"2"],[1,"3"],[1,"4"],[-1,"!"],[-1,"!"],[0,"5"],[1,"6"],[-1,"!"],[0,"7"],[1,"8"],[-1,"!"]],[[1,"k"],[-1,"s"],[0,"i"],[0,"t"],[0,"t"],[1,"e"],[-1,"i"],[0,"n"],[-1,"g"]],[[0,"a"],[1,"b"],[-1,"c"]],[]]
diff bad ! TypeError ERR_INVALID_ARG_TYPE The "actual[1]" argument must be of type string. Received type number (1)
debuglog ["function",true,"logger",true]
transferable [true,true]
transferable bad ! TypeError ERR_INVALID_ARG_TYPE The "signal" argument must be an instance of AbortSignal. Received an instance of Object
aborted ["abort",null]
aborted bad ! TypeError ERR_INVALID_ARG_TYPE The "resource" argument must be of type object. Received type number (1)
not implemented ! Error ERR_METHOD_NOT_IMPLEMENTED The _errnoException method is not implemented
callsite frames ! Error undefined Frame count should be between 1 and 200 inclusive.
setTraceSigInt [null,true]
inspect [["custom","colors","styles"],true,[31,39],[90,39],44,"green",2]
formatWithOptions ! TypeError ERR_INVALID_ARG_TYPE The "inspectOptions" argument must be of type object. Received type number (1)"##,
    );
}

/// promisify/callbackify/inherits and their argument errors, MIMEType/MIMEParams parsing and
/// editing, isDeepStrictEqual, node:sys being node:util, and debuglog's console lines.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn util_promisify_mime_and_deep_equality_match_workerd() {
    let model = module_model(
        r##"import util from "node:util";
import * as sys from "node:sys";
const out = [];
const t = (name, fn) => { try { out.push(name + " " + JSON.stringify(fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };
const ta = async (name, fn) => { try { out.push(name + " " + JSON.stringify(await fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };

export default { async fetch() {
  t("promisify bad", () => util.promisify(1));
  t("promisify custom bad", () => { const f = () => {}; f[util.promisify.custom] = 5; return util.promisify(f); });
  await ta("promisify args", () => { const f = (cb) => cb(null, 1, 2); f[Symbol.for("nodejs.util.promisify.custom.args")] = ["a", "b"]; return util.promisify(f)(); });
  t("promisify props", () => { function foo(a, cb) {} foo.x = 1; const p = util.promisify(foo); return [p.name, p.length, p.x, util.promisify(p) === p]; });
  await ta("callbackify", async () => { async function foo(a) { return a * 2; } const c = util.callbackify(foo); const r = await new Promise((res) => c(4, (e, v) => res([e, v]))); return [c.name, c.length, r]; });
  await ta("callbackify falsy", async () => { const c = util.callbackify(async () => { throw null; }); return await new Promise((res) => c((e) => res([e.name, e.code, e.message, e.reason, Object.keys(e), String(e)]))); });
  t("callbackify no callback", () => util.callbackify(async () => 1)(1));
  t("inherits ctor", () => util.inherits(null, Object));
  t("inherits super", () => util.inherits(function () {}, undefined));
  t("inherits proto", () => util.inherits(function () {}, {}));
  t("mime", () => { const m = new util.MIMEType("  TEXT/Plain ; A=1;;b ; c=\"x\\\"y\\\\\" junk; d= ; e=\"\"; f=\"unterminated"); return [m.type, m.subtype, m.essence, String(m), [...m.params], m.params.get("a"), m.params.get("A"), m.params.has("e"), JSON.stringify({ m })]; });
  t("mime edit", () => { const m = new util.MIMEType("a/b;x=1;y=2;z=3"); m.params.set("x", "9"); m.params.set("w", "é"); m.params.delete("x"); m.type = "Text"; m.subtype = "HTML"; return [String(m), m.params.toString()]; });
  t("mime boundary", () => String(new util.MIMEType("multipart/form-data;boundary=abc;q=\"a;b\"")));
  t("mime bad", () => new util.MIMEType("a/b c"));
  t("mime bad type", () => { new util.MIMEType("a/b").type = "?"; });
  t("mime bad subtype", () => { new util.MIMEType("a/b").subtype = ""; });
  t("mime bad param", () => new util.MIMEType("a/b").params.set("a b", "1"));
  t("mime params", () => { const p = new util.MIMEParams(); p.set("a", "1"); return [String(p), p.get("a"), [...p.keys()], Object.prototype.toString.call(p)]; });
  t("deep", () => [util.isDeepStrictEqual({ a: [1, 2] }, { a: [1, 2] }), util.isDeepStrictEqual([1, , 3], [1, undefined, 3]), util.isDeepStrictEqual(new Set([1, {}]), new Set([{}, 1])), util.isDeepStrictEqual(new Map([[{ a: 1 }, 1]]), new Map([[{ a: 1 }, 1]])), util.isDeepStrictEqual(NaN, NaN), util.isDeepStrictEqual(0, -0), util.isDeepStrictEqual(Object.create(null), {}), util.isDeepStrictEqual(new Error("a"), new TypeError("a")), util.isDeepStrictEqual({ [Symbol.for("x")]: 1 }, {}), util.isDeepStrictEqual(new Date(NaN), new Date(NaN)), util.isDeepStrictEqual(/a/g, /a/i), util.isDeepStrictEqual(new Float64Array([0]), new Float64Array([-0])), util.isDeepStrictEqual(new Uint8Array([1]), new Int8Array([1])), util.isDeepStrictEqual({ a: undefined }, {}), util.isDeepStrictEqual(Object(1n), Object(1n))]);
  t("deep cycles", () => { const a = { x: 1 }; a.self = a; const b = { x: 1 }; b.self = b; return util.isDeepStrictEqual(a, b); });
  t("sys", () => [Object.keys(util).length, Object.keys(sys).filter((k) => sys[k] !== util[k] && k !== "default"), sys.default === util]);
  const d = util.debuglog("my-sec"); d("a %d", 5); d({ x: 1 }, "b");
  return new Response(out.join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"promisify bad ! TypeError ERR_INVALID_ARG_TYPE The "original" argument must be of type function. Received type number (1)
promisify custom bad ! TypeError ERR_INVALID_ARG_TYPE The "util.promisify.custom" property must be of type function. Received type number (5)
promisify args {"a":1,"b":2}
promisify props ["foo",2,1,true]
callbackify ["fooCallbackified",2,[null,8]]
callbackify falsy ["Error","ERR_FALSY_VALUE_REJECTION","Promise was rejected with falsy value",null,["code","name","reason"],"Error [ERR_FALSY_VALUE_REJECTION]: Promise was rejected with falsy value"]
callbackify no callback ! TypeError ERR_INVALID_ARG_TYPE The last argument must be of type function. Received type number (1)
inherits ctor ! TypeError ERR_INVALID_ARG_TYPE The "ctor" argument must be of type function. Received null
inherits super ! TypeError ERR_INVALID_ARG_TYPE The "superCtor" argument must be of type function. Received undefined
inherits proto ! TypeError ERR_INVALID_ARG_TYPE The "superCtor.prototype" property must be of type object. Received undefined
mime ["text","plain","text/plain","text/plain;a=1;c=\"x\\\"y\\\\\";e=\"\";f=unterminated",[["a","1"],["c","x\"y\\"],["e",""],["f","unterminated"]],"1",null,true,"{\"m\":\"text/plain;a=1;c=\\\"x\\\\\\\"y\\\\\\\\\\\";e=\\\"\\\";f=unterminated\"}"]
mime edit ["text/html;w=\"é\";y=2;z=3","w=\"é\";y=2;z=3"]
mime boundary "multipart/form-data; boundary=abc;q=\"a;b\""
mime bad ! TypeError undefined Not a valid MIME type: a/b c
mime bad type ! TypeError undefined Not a valid MIME type
mime bad subtype ! TypeError undefined Not a valid MIME subtype
mime bad param ! TypeError undefined Not a valid MIME parameter
mime params ["",null,[],"[object MIMEParams]"]
deep [true,false,true,true,true,false,false,false,false,false,false,false,false,false,true]
deep cycles true
sys [50,[],true]"##,
    );
    let run = run_first(&model);
    let console: Vec<String> = run.all_console().iter().map(|line| line.trim_end().to_string()).collect();
    assert_eq!(console, ["MY-SEC: a 5", "MY-SEC: { x: 1 } b"]);
}

/// node:path's POSIX and Windows functions on awkward paths (drives, UNC roots, dots), the
/// path/posix and path/win32 modules, matchesGlob, and the argument errors.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn path_win32_posix_and_globs_match_workerd() {
    let model = module_model(
        r##"import path from "node:path";
import * as posixModule from "node:path/posix";
import * as win32Module from "node:path/win32";
const out = [];
const t = (name, fn) => { try { out.push(name + " " + JSON.stringify(fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };
const ta = async (name, fn) => { try { out.push(name + " " + JSON.stringify(await fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };

export default { async fetch() {
  const P = ["", "/", "\\\\", "a/", "\\a", "C:", "C:\\", "C:a", "C:/a/b/", "C:\\a\\..\\..\\b", "\\\\srv", "\\\\srv\\share", "\\\\srv\\share\\a\\b", "//srv/share/a", "\\\\?\\C:\\x", "a.b", ".a", "..a", "...", "C:.b", "/..", "a/b/../../..", "a:b", "\\a\\\\b"];
  for (const f of ["normalize", "dirname", "basename", "extname", "isAbsolute", "toNamespacedPath"]) t("win32 " + f, () => P.map((p) => path.win32[f](p)));
  for (const f of ["normalize", "dirname", "basename", "extname"]) t("posix " + f, () => P.map((p) => path.posix[f](p)));
  t("win32 parse", () => P.map((p) => Object.values(path.win32.parse(p)).join("|")));
  t("posix parse", () => P.map((p) => Object.values(path.parse(p)).join("|")));
  t("win32 resolve", () => P.map((p) => path.win32.resolve("C:\\base", p)));
  t("win32 join", () => P.map((p) => path.win32.join(p, "x")));
  t("win32 relative", () => P.map((p) => path.win32.relative("C:\\a\\b", p)));
  t("posix resolve join relative", () => [path.resolve(), path.resolve("a", "../.."), path.join("a", "", "../b"), path.relative("/a/b", "/a/bc"), path.relative("a", "b")]);
  t("suffix", () => [path.basename("a/bc/", "xbc"), path.basename("a/b.js", ".js"), path.win32.basename("C:\\x\\y.txt", ".txt"), path.basename("aaa/bbb", "bb")]);
  t("format", () => [path.format({ root: "/", name: "a", ext: "js" }), path.win32.format({ dir: "C:\\x", name: "n", ext: ".e" }), path.win32.sep, path.win32.delimiter, path.sep, path.delimiter]);
  t("links", () => [path.posix === path, path.win32.posix === path, path.posix.win32 === path.win32, posixModule.default === path, win32Module.default === path.win32, win32Module.sep]);
  t("glob", () => [["a/b.js", "a/*.js"], ["a/.b.js", "a/*.js"], ["a/b/c.js", "a/**/*.js"], ["a/c.js", "a/**/*.js"], ["a", "a/**"], ["a/", "a/**"], ["abc", "a[!b]c"], ["a]b", "a[]]b"], ["aXc", "a[[:upper:]]c"], ["a", "[[:alpha:]"], ["a.ts", "*.{js,ts}"], ["a3", "a{1..5}"], ["a/b", "a\\b"], ["a/./c", "a/**/c"], ["./a", "a"], ["", "*"], ["x.js", "!(x).js"], ["z.js", "!(x).js"], ["xy.js", "+(x|y).js"]].map(([p, g]) => path.matchesGlob(p, g)));
  t("glob win32", () => [path.win32.matchesGlob("a\\b.js", "a/*.js"), path.win32.matchesGlob("c:\\x\\y", "C:/x/*"), path.win32.matchesGlob("A\\B.JS", "a/*.js")]);
  t("errors", () => [() => path.join(1), () => path.resolve("a", 1), () => path.resolve(1, "/a"), () => path.basename("a", 1), () => path.win32.basename("a", 1), () => path.format([]), () => path.relative(1, "a"), () => path.toNamespacedPath(1), () => path.matchesGlob("a", 1)].map((f) => { try { return f(); } catch (e) { return e.code + ":" + e.message; } }));
  return new Response(out.join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"win32 normalize [".","\\","\\","a\\","\\a","C:.","C:\\","C:a","C:\\a\\b\\","C:\\b","\\srv","\\\\srv\\share\\","\\\\srv\\share\\a\\b","\\\\srv\\share\\a","\\\\?\\C:\\x","a.b",".a","..a","...","C:.b","\\","..","a:b","\\a\\b"]
win32 dirname [".","/","\\",".","\\","C:","C:\\","C:","C:/a","C:\\a\\..\\..","\\","\\\\srv\\share","\\\\srv\\share\\a","//srv/share/","\\\\?\\C:\\",".",".",".",".","C:","/","a/b/../..","a:","\\a\\"]
win32 basename ["","","","a","a","","","a","b","b","srv","share","b","a","x","a.b",".a","..a","...",".b","..","..","b","b"]
win32 extname ["","","","","","","","","","","","","","","",".b","",".a",".","","","","",""]
win32 isAbsolute [false,true,true,false,true,false,true,false,true,true,true,true,true,true,true,false,false,false,false,false,true,false,false,true]
win32 toNamespacedPath ["","/","\\\\","a/","\\a","\\\\?\\C:\\","\\\\?\\C:\\","\\\\?\\C:\\a","\\\\?\\C:\\a\\b","\\\\?\\C:\\b","\\srv","\\\\?\\UNC\\srv\\share\\","\\\\?\\UNC\\srv\\share\\a\\b","\\\\?\\UNC\\srv\\share\\a","\\\\?\\C:\\x","\\a.b","\\.a","\\..a","\\...","\\\\?\\C:\\.b","/..","a/b/../../..","\\\\?\\a:\\b","\\a\\b"]
posix normalize [".","/","\\\\","a/","\\a","C:","C:\\","C:a","C:/a/b/","C:\\a\\..\\..\\b","\\\\srv","\\\\srv\\share","\\\\srv\\share\\a\\b","/srv/share/a","\\\\?\\C:\\x","a.b",".a","..a","...","C:.b","/","..","a:b","\\a\\\\b"]
posix dirname [".","/",".",".",".",".",".",".","C:/a",".",".",".",".","//srv/share",".",".",".",".",".",".","/","a/b/../..",".","."]
posix basename ["","","\\\\","a","\\a","C:","C:\\","C:a","b","C:\\a\\..\\..\\b","\\\\srv","\\\\srv\\share","\\\\srv\\share\\a\\b","a","\\\\?\\C:\\x","a.b",".a","..a","...","C:.b","..","..","a:b","\\a\\\\b"]
posix extname ["","","","","","","","","",".\\b","","","","","",".b","",".a",".",".b","","","",""]
win32 parse ["||||","/|/|||","\\|\\|||","||a||a","\\|\\|a||a","C:|C:|||","C:\\|C:\\|||","C:|C:|a||a","C:/|C:/a|b||b","C:\\|C:\\a\\..\\..|b||b","\\|\\|srv||srv","\\\\srv\\share|\\\\srv\\share|||","\\\\srv\\share\\|\\\\srv\\share\\a|b||b","//srv/share/|//srv/share/|a||a","\\\\?\\C:\\|\\\\?\\C:\\|x||x","||a.b|.b|a","||.a||.a","||..a|.a|.","||...|.|..","C:|C:|.b||.b","/|/|..||..","|a/b/../..|..||..","a:|a:|b||b","\\|\\a\\|b||b"]
posix parse ["||||","/|/|||","||\\\\||\\\\","||a||a","||\\a||\\a","||C:||C:","||C:\\||C:\\","||C:a||C:a","|C:/a|b||b","||C:\\a\\..\\..\\b|.\\b|C:\\a\\..\\.","||\\\\srv||\\\\srv","||\\\\srv\\share||\\\\srv\\share","||\\\\srv\\share\\a\\b||\\\\srv\\share\\a\\b","/|//srv/share|a||a","||\\\\?\\C:\\x||\\\\?\\C:\\x","||a.b|.b|a","||.a||.a","||..a|.a|.","||...|.|..","||C:.b|.b|C:","/|/|..|.|.","|a/b/../..|..||..","||a:b||a:b","||\\a\\\\b||\\a\\\\b"]
win32 resolve ["C:\\base","C:\\","C:\\","C:\\base\\a","C:\\a","C:\\base","C:\\","C:\\base\\a","C:\\a\\b","C:\\b","C:\\srv","\\\\srv\\share\\","\\\\srv\\share\\a\\b","\\\\srv\\share\\a","\\\\?\\C:\\x","C:\\base\\a.b","C:\\base\\.a","C:\\base\\..a","C:\\base\\...","C:\\base\\.b","C:\\","C:\\","a:\\b","C:\\a\\b"]
win32 join ["x","\\x","\\x","a\\x","\\a\\x","C:\\x","C:\\x","C:a\\x","C:\\a\\b\\x","C:\\b\\x","\\\\srv\\x\\","\\\\srv\\share\\x","\\\\srv\\share\\a\\b\\x","\\\\srv\\share\\a\\x","\\\\?\\C:\\x\\x","a.b\\x",".a\\x","..a\\x","...\\x","C:.b\\x","\\x","..\\x","a:b\\x","\\a\\b\\x"]
win32 relative ["..\\..\\..","..\\..\\..","..\\..\\..","\\a","\\a","..\\..","..\\..","..","","..\\..\\b","\\srv","\\\\srv\\share\\","\\\\srv\\share\\a\\b","\\\\srv\\share\\a","\\\\?\\C:\\x","\\a.b","\\.a","\\..a","\\...","..\\..\\.b","..\\..\\..","..\\..\\..","a:\\b","\\a\\b"]
posix resolve join relative ["/","/","b","../bc","../b"]
suffix ["bc/","b","y","b"]
format ["/a.js","C:\\x\\n.e","\\",";","/",":"]
links [true,true,true,true,true,"\\"]
glob [true,false,true,true,false,true,false,true,false,true,true,true,true,true,false,false,false,true,true]
glob win32 [true,true,false]
errors ["ERR_INVALID_ARG_TYPE:The \"path\" argument must be of type string. Received type number (1)","ERR_INVALID_ARG_TYPE:The \"paths[1]\" argument must be of type string. Received type number (1)","/a","ERR_INVALID_ARG_TYPE:The \"ext\" argument must be of type string. Received type number (1)","ERR_INVALID_ARG_TYPE:The \"suffix\" argument must be of type string. Received type number (1)","ERR_INVALID_ARG_TYPE:The \"pathObject\" argument must be of type object. Received an instance of Array","ERR_INVALID_ARG_TYPE:The \"from\" argument must be of type string. Received type number (1)",1,"ERR_INVALID_ARG_TYPE:The \"pattern\" argument must be of type string. Received type number (1)"]"##,
    );
}

/// node:assert's failures (messages, operators, generatedMessage), argument errors,
/// AssertionError's own messages, node:assert/strict, and the `Assert` class (strict and loose).
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn assert_messages_and_errors_match_workerd() {
    let model = module_model(
        r##"import assert, { Assert, AssertionError } from "node:assert";
import strict from "node:assert/strict";
const out = [];
const t = (name, fn) => { try { out.push(name + " " + JSON.stringify(fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };
const ta = async (name, fn) => { try { out.push(name + " " + JSON.stringify(await fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };

const m = (name, fn) => { try { fn(); out.push(name + " ok"); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + JSON.stringify(e.message) + (e.operator === undefined ? "" : " " + e.operator + " " + e.generatedMessage)); } };
export default { async fetch() {
  t("ids", () => [strict === assert, assert.ok === assert, assert.strict === strict.strict, assert.equal === assert.strictEqual, assert.strict.equal === assert.strictEqual, assert.equal.name, Object.keys(assert), Object.keys(assert.strict).length]);
  m("ok", () => assert.ok(0));
  m("ok message", () => assert(false, "boom"));
  m("ok none", () => assert.ok());
  m("ok error", () => assert.ok(false, new RangeError("r")));
  m("equal", () => assert.equal(1, "1"));
  m("strictEqual strings", () => assert.strictEqual("a\nb1\nb2\nc", "a\nx1\nx2\nc"));
  m("strictEqual lines", () => assert.strictEqual("l1\nl2\nl3", "m1\nl2\nm3\nm4"));
  m("strictEqual objects", () => assert.strictEqual({ a: 1 }, { a: 1 }));
  m("strictEqual arrays", () => assert.strictEqual([1, 2, 3], [1, 2, 4]));
  m("strictEqual missing", () => assert.strictEqual(1));
  m("strictEqual message", () => assert.strictEqual(1, 2, "custom"));
  m("notStrictEqual", () => assert.notStrictEqual(1, 1));
  m("deepStrictEqual", () => assert.deepStrictEqual({ b: 1, a: [1, 2] }, { b: 1, a: [1, 3] }));
  m("deepStrictEqual short", () => assert.deepStrictEqual(1, 2));
  m("deepStrictEqual same look", () => assert.deepStrictEqual([Symbol("a")], [Symbol("a")]));
  m("notDeepStrictEqual", () => assert.notDeepStrictEqual({ a: 1 }, { a: 1 }));
  m("partial", () => { assert.partialDeepStrictEqual({ a: 1, b: [1, 2] }, { b: [1] }); assert.partialDeepStrictEqual({ a: 1 }, { a: 1, c: 2 }); });
  m("throws none", () => assert.throws(() => {}, TypeError, "m"));
  m("throws class", () => assert.throws(() => { throw new RangeError("r"); }, TypeError));
  m("throws regexp", () => assert.throws(() => { throw new Error("abc"); }, /xyz/));
  m("throws object", () => assert.throws(() => { throw new Error("abc"); }, { message: "abd" }));
  m("throws key", () => assert.throws(() => { throw new Error("abc"); }, { code: "X" }));
  m("throws matches", () => assert.throws(() => { throw Object.assign(new Error("abc"), { code: "X" }); }, { message: /b/, code: "X" }));
  m("throws empty", () => assert.throws(() => { throw new Error("abc"); }, {}));
  m("throws fn", () => assert.throws(1));
  m("throws ambiguous", () => assert.throws(() => { throw new Error("m"); }, "m"));
  m("doesNotThrow", () => assert.doesNotThrow(() => { throw new Error("bad"); }, "hmm"));
  m("doesNotThrow class", () => assert.doesNotThrow(() => { throw new TypeError("bad"); }, TypeError));
  m("match", () => assert.match("abc", /x/));
  m("match regexp", () => assert.match("abc", "x"));
  m("doesNotMatch", () => assert.doesNotMatch(1, /b/));
  m("ifError", () => assert.ifError(new TypeError()));
  m("fail", () => assert.fail());
  m("fail message", () => assert.fail("m"));
  for (const [name, run] of [["rejects", () => assert.rejects(Promise.resolve(1), TypeError)], ["rejects type", () => assert.rejects(1)], ["rejects return", () => assert.rejects(() => 1)], ["rejects validate", () => assert.rejects(Promise.reject(new Error("abc")), () => 5)], ["doesNotReject", () => assert.doesNotReject(Promise.reject(new Error("e")))], ["rejects ok", () => assert.rejects(Promise.reject(new Error("x")), Error)]]) {
    try { await run(); out.push(name + " ok"); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + JSON.stringify(e.message)); }
  }
  t("AssertionError", () => { const e = new AssertionError({ actual: 1, expected: 2, operator: "strictEqual" }); return [e.message, e.name, e.code, e.generatedMessage, Object.keys(e), String(e), e instanceof Error]; });
  t("AssertionError ops", () => [["notDeepStrictEqual", { a: 1 }, { a: 1 }], ["notStrictEqual", [1], 1], ["deepEqual", 1, 2], ["notDeepEqual", 1, 1], [undefined, 1, 2]].map(([operator, actual, expected]) => new AssertionError({ actual, expected, operator }).message));
  t("AssertionError options", () => new AssertionError(1));
  t("Assert", () => { const a = new Assert(); return [Object.keys(a), a.strictEqual === assert.strictEqual, a.equal === a.strictEqual, Object.getOwnPropertyNames(Assert.prototype).length]; });
  t("Assert call", () => Assert());
  t("Assert loose", () => { const a = new Assert({ strict: false }); return [() => a.equal(1, "1"), () => a.notEqual(1, "1"), () => a.deepEqual({ a: 1 }, { a: "1" }), () => a.notDeepEqual({ a: 1 }, { a: "1" }), () => a.equal(1, 2), () => a.deepEqual([1], [2])].map((f) => { try { f(); return "ok"; } catch (e) { return e.message; } }); });
  return new Response(out.join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"ids [true,true,true,false,true,"equal",["fail","deepStrictEqual","notDeepStrictEqual","strictEqual","notStrictEqual","partialDeepStrictEqual","match","doesNotMatch","throws","rejects","doesNotThrow","doesNotReject","ifError","Assert","AssertionError","ok","strict","equal","notEqual","deepEqual","notDeepEqual"],21]
ok ! AssertionError ERR_ASSERTION "0 == true" == true
ok message ! AssertionError ERR_ASSERTION "boom" == false
ok none ! AssertionError ERR_ASSERTION "No value argument passed to `assert.ok()`"
ok error ! AssertionError ERR_ASSERTION "RangeError: r" == false
equal ! AssertionError ERR_ASSERTION "Values are not strictly equal:\n\n\n[Diff] Actual / Expected\n\n\n-   1\n+   '1'\n" strictEqual false
strictEqual strings ! AssertionError ERR_ASSERTION "Values are not strictly equal:\n\n\n[Diff] Actual / Expected\n\n\n    a\\n\n-   b1\\n\n-   b2\\n\n+   x1\\n\n+   x2\\n\n    c\n\n" strictEqual false
strictEqual lines ! AssertionError ERR_ASSERTION "Values are not strictly equal:\n\n\n[Diff] Actual / Expected\n\n\n+   m1\\n\n-   l1\\n\n    l2\\n\n+   m3\\n\n+   m4\n-   l3\n\n" strictEqual false
strictEqual objects ! AssertionError ERR_ASSERTION "Values have the same structure but are not reference-equal:\n\n    { a: 1 }\n" strictEqual false
strictEqual arrays ! AssertionError ERR_ASSERTION "Values are not strictly equal:\n\n\n[Diff] Actual / Expected\n\n\n-   [ 1, 2, 3 ]\n+   [ 1, 2, 4 ]\n" strictEqual false
strictEqual missing ! TypeError ERR_MISSING_ARGS "The \"actual\" and \"expected\" arguments must be specified"
strictEqual message ! AssertionError ERR_ASSERTION "custom" strictEqual false
notStrictEqual ! AssertionError ERR_ASSERTION "Expected actual to be strictly unequal to expected" notStrictEqual false
deepStrictEqual ! AssertionError ERR_ASSERTION "Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ { a: [ 1, 2 ], b: 1 }\n- { a: [ 1, 3 ], b: 1 }\n            ^" deepStrictEqual true
deepStrictEqual short ! AssertionError ERR_ASSERTION "Expected values to be strictly deep-equal:\n\n1 !== 2\n" deepStrictEqual true
deepStrictEqual same look ! AssertionError ERR_ASSERTION "Values have same structure but are not reference-equal:\n\n[ Symbol(a) ]\n" deepStrictEqual true
notDeepStrictEqual ! AssertionError ERR_ASSERTION "Expected actual to not be deeply strictly equal to expected" notDeepStrictEqual false
partial ! AssertionError ERR_ASSERTION "Expected actual to be partially deeply strictly equal to expected" partialDeepStrictEqual false
throws none ! AssertionError ERR_ASSERTION "Missing expected exception (TypeError): m" throws false
throws class ! AssertionError ERR_ASSERTION "The error is expected to be an instance of \"TypeError\". Received \"RangeError\"\n\nError message:\n\nr" throws true
throws regexp ! AssertionError ERR_ASSERTION "The input did not match the regular expression /xyz/. Input:\n\n'Error: abc'\n" throws true
throws object ! AssertionError ERR_ASSERTION "Expected values to be strictly deep-equal:\n\n'abc' !== 'abd'\n" deepStrictEqual true
throws key ! AssertionError ERR_ASSERTION "A key in the expected object is missing: code" throws true
throws matches ok
throws empty ! TypeError ERR_INVALID_ARG_VALUE "The argument 'error' may not be an empty object. Received {}"
throws fn ! TypeError ERR_INVALID_ARG_TYPE "The \"fn\" argument must be of type function. Received type number (1)"
throws ambiguous ! TypeError ERR_AMBIGUOUS_ARGUMENT "The \"error/message\" argument is ambiguous. The error message \"m\" is identical to the message."
doesNotThrow ! AssertionError ERR_ASSERTION "Got unwanted exception: hmm\nActual message: \"bad\"" doesNotThrow false
doesNotThrow class ! AssertionError ERR_ASSERTION "Got unwanted exception: TypeError" doesNotThrow false
match ! AssertionError ERR_ASSERTION "actual: \"abc\" expected to match: \"/x/\"" match false
match regexp ! TypeError ERR_INVALID_ARG_TYPE "The \"regexp\" argument must be an instance of RegExp. Received type string ('x')"
doesNotMatch ! AssertionError ERR_ASSERTION "The \"string\" argument must be of type string. Received type number (1)" doesNotMatch false
ifError ! AssertionError ERR_ASSERTION "ifError got unwanted exception: TypeError" ifError false
fail ! AssertionError ERR_ASSERTION "Failed" fail true
fail message ! AssertionError ERR_ASSERTION "m" fail false
rejects ! AssertionError ERR_ASSERTION "Missing expected rejection (TypeError)."
rejects type ! TypeError ERR_INVALID_ARG_TYPE "The \"promiseFn\" argument must be of type function or an instance of Promise. Received type number (1)"
rejects return ! TypeError ERR_INVALID_RETURN_VALUE "Expected instance of Promise to be returned from the \"promiseFn\" function but got type number (1)."
rejects validate ! AssertionError ERR_ASSERTION "The \"validate\" validation function is expected to return \"true\". Received 5\n\nCaught error:\n\nError: abc"
doesNotReject ! AssertionError ERR_ASSERTION "Got unwanted exception.\nActual message: \"e\""
rejects ok ok
AssertionError ["Expected values to be strictly equal:\n\n1 !== 2\n","AssertionError","ERR_ASSERTION",true,["generatedMessage","code","actual","expected","operator"],"AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n1 !== 2\n",true]
AssertionError ops ["Expected \"actual\" not to be strictly deep-equal to:\n\n{ a: 1 }","Expected \"actual\" not to be reference-equal to \"expected\": [ 1 ]","Expected values to be loosely deep-equal:\n\n1\n\nshould loosely deep-equal\n\n2","Expected \"actual\" not to be loosely deep-equal to:\n\n1","1 undefined 2"]
AssertionError options ! TypeError ERR_INVALID_ARG_TYPE The "options" argument must be of type object. Received type number (1)
Assert [["AssertionError","equal","deepEqual","notEqual","notDeepEqual"],true,true,19]
Assert call ! TypeError ERR_CONSTRUCT_CALL_REQUIRED Class constructor Assert cannot be invoked without `new`
Assert loose ["ok","1 != '1'","ok","Expected values not to be loosely deep-equal:\n\n{ a: 1 }\n\nshould not loosely deep-equal\n\n{ a: '1' }","1 == 2","Expected values to be loosely deep-equal:\n\n[ 1 ]\n\nshould loosely deep-equal\n\n[ 2 ]"]"##,
    );
}

/// node:console: the global console as default export with workerd's additions, context and
/// createTask throwing, and `Console` writing to the streams it is given (counts, groups,
/// tables, assert, trace) with Node's option errors.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn console_module_and_console_class_match_workerd() {
    let model = module_model(
        r##"import con, * as cns from "node:console";
import { Writable } from "node:stream";
const out = [];
const t = (name, fn) => { try { out.push(name + " " + JSON.stringify(fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };
const ta = async (name, fn) => { try { out.push(name + " " + JSON.stringify(await fn())); } catch (e) { out.push(name + " ! " + e.name + " " + e.code + " " + e.message); } };

const sink = () => { const chunks = []; const w = new Writable({ write(c, e, cb) { chunks.push(String(c)); cb(); } }); return [w, chunks]; };
export default { async fetch() {
  t("module", () => [con === console, console.Console === cns.Console, console.context === cns.context, console._times instanceof Map, console._ignoreErrors, typeof cns.log, cns.Console.name, cns.Console.length]);
  t("context", () => cns.context());
  t("createTask", () => cns.createTask());
  t("Console stdout", () => new cns.Console({ stdout: null }));
  t("Console stderr", () => cns.Console({ stdout: { write() {} }, stderr: 1 }));
  t("Console colorMode", () => new cns.Console({ stdout: { write() {} }, colorMode: "x" }));
  t("Console groupIndentation", () => new cns.Console({ stdout: { write() {} }, groupIndentation: -1 }));
  t("Console inspectOptions", () => new cns.Console({ stdout: { write() {} }, inspectOptions: 1 }));
  t("Console option pair", () => new cns.Console({ stdout: { write() {} }, colorMode: true, inspectOptions: { colors: true } }));
  t("writes", () => { const [out, oc] = sink(); const [err, ec] = sink(); const c = new cns.Console({ stdout: out, stderr: err }); c.log("a %d", 1); c.info("i"); c.debug("d"); c.warn("w"); c.error("e"); c.dirxml("x", 1); c.trace("tr"); c.assert(false, "as %s", "z"); c.assert(false); c.assert(true, "no"); return [oc, ec.map((s) => s.split("\n")[0])]; });
  t("counts", () => { const [out, oc] = sink(); const c = new cns.Console(out); c.count(); c.count("x"); c.count(); c.countReset(); c.count(); return oc; });
  t("groups", () => { const [out, oc] = sink(); const c = new cns.Console({ stdout: out, groupIndentation: 4 }); c.group("g1", 2); c.log("in1\nline2"); c.groupCollapsed(); c.log("in2"); c.groupEnd(); c.groupEnd(); c.log("out"); return oc; });
  t("table", () => { const [out, oc] = sink(); const c = new cns.Console(out); c.table([{ a: 1, b: "x" }, { a: 2 }]); c.table([[1, 2]]); c.table("str"); c.table({ r: { c: 1 } }, ["c"]); c.table(new Map([["k", 1]])); c.table(new Set(["v"])); return oc; });
  t("instance", () => { const [out, oc] = sink(); const c = new cns.Console(out); const { log } = c; log("unbound"); return [Object.keys(c).length, Object.keys(cns.Console.prototype), c instanceof cns.Console, c.log.name, Object.prototype.toString.call(c), oc]; });
  t("plain writer", () => new cns.Console({ write() {} }).log("x"));
  t("ignoreErrors false", () => new cns.Console({ stdout: { write() { throw new Error("boom"); } }, ignoreErrors: false }).log("x"));
  return new Response(out.join("\n"));
} };
"##,
    );
    assert_answers_line_by_line(
        &model,
        r##"module [true,true,true,true,true,"function","Console",1]
context ! Error ERR_METHOD_NOT_IMPLEMENTED The Console.context method is not implemented
createTask ! Error ERR_METHOD_NOT_IMPLEMENTED The Console.createTask method is not implemented
Console stdout ! TypeError ERR_CONSOLE_WRITABLE_STREAM Console expects a writable stream instance for stdout
Console stderr ! TypeError ERR_CONSOLE_WRITABLE_STREAM Console expects a writable stream instance for stderr
Console colorMode ! TypeError ERR_INVALID_ARG_VALUE The argument 'colorMode' must be one of: 'auto', true, false. Received 'x'
Console groupIndentation ! RangeError ERR_OUT_OF_RANGE The value of "groupIndentation" is out of range. It must be >= 0 && <= 1000. Received -1
Console inspectOptions ! TypeError ERR_INVALID_ARG_TYPE The "options.inspectOptions" property must be of type object. Received type number (1)
Console option pair ! Error ERR_INCOMPATIBLE_OPTION_PAIR The options "options.inspectOptions.color" and "colorMode" are mutually exclusive.
writes [["a 1\n","i\n","d\n","x 1\n"],["w","e","Trace: tr","Assertion failed: as z","Assertion failed"]]
counts ["default: 1\n","x: 1\n","default: 2\n","default: 1\n"]
groups ["g1 2\n","    in1\n    line2\n","        in2\n","out\n"]
table ["┌─────────┬───┬─────┐\n│ (index) │ a │ b   │\n├─────────┼───┼─────┤\n│ 0       │ 1 │ 'x' │\n│ 1       │ 2 │     │\n└─────────┴───┴─────┘\n","┌─────────┬───┬───┐\n│ (index) │ 0 │ 1 │\n├─────────┼───┼───┤\n│ 0       │ 1 │ 2 │\n└─────────┴───┴───┘\n","str\n","┌─────────┬───┐\n│ (index) │ c │\n├─────────┼───┤\n│ r       │ 1 │\n└─────────┴───┘\n","┌───────────────────┬─────┬────────┐\n│ (iteration index) │ Key │ Values │\n├───────────────────┼─────┼────────┤\n│ 0                 │ 'k' │ 1      │\n└───────────────────┴─────┴────────┘\n","┌───────────────────┬────────┐\n│ (iteration index) │ Values │\n├───────────────────┼────────┤\n│ 0                 │ 'v'    │\n└───────────────────┴────────┘\n"]
instance [19,["log","info","debug","warn","error","dir","time","timeEnd","timeLog","trace","assert","clear","count","countReset","group","groupEnd","table","dirxml","groupCollapsed"],true,"log","[object console]",["unbound\n"]]
plain writer ! TypeError undefined stream.removeListener is not a function
ignoreErrors false ! Error undefined boom"##,
    );
}

/// Node's custom inspection (`Symbol.for('nodejs.util.inspect.custom')`), which workerd's
/// console honours with or without `nodejs_compat`, and `Buffer`'s own, through
/// `util.inspect`. Expected: workerd 1.20261117 on the same worker (the console lines
/// without `nodejs_compat`, the body with it).
#[test]
fn custom_inspection_is_honoured_by_the_console_and_util_inspect() {
    let script = r#"const c = Symbol.for('nodejs.util.inspect.custom');
class Money { constructor(v) { this.v = v; } [c](depth, opts, inspect) { return `Money<${this.v}> ${typeof depth} ${typeof opts} ${typeof inspect} ${opts && opts.depth}`; } }
class Obj { [c]() { return { replaced: true, n: [1, 2] }; } }
class Multi { [c]() { return 'line1\nline2'; } }
class Self { [c]() { return this; } }
export default { fetch() {
  console.log(new Money(5));
  console.log({ m: new Money(1), o: new Obj(), list: [new Multi()] });
  console.log(new Self());
  console.log([1, 2, 3].map(() => new Money(3)));
  return new Response('ok');
} };
"#;
    let run = run_first(&module_model(script));
    assert_eq!(
        console(&run),
        [
            "Money<5> number object function 2",
            "{\n  m: Money<1> number object function 2,\n  o: { replaced: true, n: [ 1, 2 ] },\n  list: [\n    line1\n    line2\n  ]\n}",
            "Self {}",
            "[\n  Money<3> number object function 2,\n  Money<3> number object function 2,\n  Money<3> number object function 2\n]",
        ]
    );
    let mut model = module_model(
        r#"import { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
export default { fetch() {
  return new Response([inspect(Buffer.from('hi')), inspect(Buffer.alloc(0)), inspect(Buffer.alloc(51, 2)), inspect({ nested: Buffer.from('xy') }), inspect([Buffer.from('a')]), inspect(new Uint8Array(2)), inspect(Buffer.from('abc').subarray(1))].join('\n'));
} };
"#,
    );
    model.profile.compatibility_flags.push("nodejs_compat".to_string());
    let run = run_first(&model);
    let fifty = vec!["02"; 50].join(" ");
    assert_eq!(
        run.requests[0].body.as_deref().unwrap_or_default().lines().collect::<Vec<_>>(),
        [
            "<Buffer 68 69>".to_string(),
            "<Buffer >".to_string(),
            format!("<Buffer {fifty} ... 1 more byte>"),
            "{ nested: <Buffer 78 79> }".to_string(),
            "[ <Buffer 61> ]".to_string(),
            "Uint8Array(2) [ 0, 0 ]".to_string(),
            "<Buffer 62 63>".to_string(),
        ]
    );
}
