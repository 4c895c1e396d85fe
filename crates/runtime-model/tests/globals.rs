//! The small Workers globals real libraries probe for (R3 for the random ones).

mod common;

use common::*;
use crosstalk_runtime::{Model, MsRange};

const URL: &str = "https://worker.example/?a=1&b=two";

fn answer(script: &str, seed: u64) -> String {
    let mut model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
    model.origins.push(origin("https://slow.example/", MsRange::fixed(500), "late"));
    run_seed(&model, seed).requests[0]
        .body
        .clone()
        .unwrap_or_else(|| format!("{:?}", run_seed(&model, seed).requests[0]))
}

#[test]
fn globals_libraries_probe_for_exist() {
    let body = answer(
        r#"export default { async fetch(request) {
            const u = new URL(request.url);
            const out = [
              navigator.userAgent,
              new TextDecoder().decode(new TextEncoder().encode('héllo')),
              atob(btoa('bin')),
              structuredClone({ x: [1, 2] }).x.length,
              u.searchParams.get('b'),
              new URLSearchParams({ q: 'a b', r: '1' }).toString(),
              typeof queueMicrotask,
              typeof crypto.randomUUID(),
              crypto.getRandomValues(new Uint8Array(8)).length,
            ];
            return new Response(out.join('|'));
        } };"#,
        1,
    );
    assert_eq!(body, "Cloudflare-Workers|héllo|bin|2|two|q=a+b&r=1|function|string|8");
}

#[test]
fn r3_crypto_random_values_come_from_the_schedule() {
    let script = r#"export default { async fetch() {
        const bytes = crypto.getRandomValues(new Uint32Array(2));
        return new Response(crypto.randomUUID() + ' ' + bytes.join(','));
    } };"#;
    let a = answer(script, 5);
    assert_eq!(a, answer(script, 5));
    assert_ne!(a, answer(script, 6));
    let uuid = a.split(' ').next().unwrap();
    assert_eq!(uuid.len(), 36);
    assert_eq!(&uuid[14..15], "4", "a version-4 UUID: {uuid}");
}

#[test]
fn r9_abort_signal_timeout_aborts_a_slow_fetch() {
    let body = answer(
        r#"export default { async fetch() {
            try {
              await fetch('https://slow.example/x', { signal: AbortSignal.timeout(100) });
              return new Response('fetched');
            } catch (err) {
              return new Response(err.name + ' at ' + (Date.now() % 100000));
            }
        } };"#,
        1,
    );
    let epoch = crosstalk_runtime::DEFAULT_EPOCH_MS % 100000;
    assert_eq!(body, format!("TimeoutError at {}", epoch + 100));
}

#[test]
fn url_global_parses_the_request_url_in_service_worker_syntax() {
    let script = "addEventListener('fetch', e => { const u = new URL(e.request.url); e.respondWith(new Response(typeof URL + ' ' + u.pathname + ' ' + new URL('https://x.example/y').pathname)); });";
    let model = Model::service_worker("worker.js", script).with_requests("https://w.example/p", MsRange::fixed(0), 1);
    assert_eq!(run_first(&model).requests[0].body.as_deref(), Some("function /p /y"));
}

/// The default export is read through an entry module that imports it (never through a
/// module namespace object, which boa 0.22 never frees: ARCHITECTURE.md, "The module
/// leak"); the helper it uses is gone before any request runs, and a module whose default
/// export is a class instance, a function's object or a re-export works the same.
#[test]
fn the_default_export_is_read_without_leaving_a_helper_global() {
    let body = answer(
        r#"class Handler { async fetch() { return new Response(typeof globalThis.__ct$default + ',' + Object.keys(globalThis).filter(k => k.startsWith('__ct$default')).length); } }
        export default new Handler();"#,
        1,
    );
    assert_eq!(body, "undefined,0");
}

/// A module worker without a default export is still told how to write one.
#[test]
fn a_module_without_a_default_export_has_no_handler() {
    let model = Model::module("worker.mjs", "export const fetch = () => new Response('x');").with_requests(
        URL,
        MsRange::fixed(0),
        1,
    );
    let error = crosstalk_runtime::simulate(&model, &mut crosstalk_runtime::FirstScheduler).unwrap_err().to_string();
    assert!(error.contains("export default"), "{error}");
}

/// workerd gives an incoming request the `host` header of its URL (port included when it
/// is not the scheme's default), as a client sends it (verified on workerd 2026-11-17,
/// issue #16).
#[test]
fn an_incoming_request_carries_the_host_header_of_its_url() {
    let script = "export default { fetch(request) { return new Response(String(request.headers.get('host'))); } };";
    let model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
    assert_eq!(run_seed(&model, 1).requests[0].body.as_deref(), Some("worker.example"));
    let model = Model::module("worker.mjs", script).with_requests("http://localhost:8787/x", MsRange::fixed(0), 1);
    assert_eq!(run_seed(&model, 1).requests[0].body.as_deref(), Some("localhost:8787"));
}

/// A bare `abort()` gives its signal workerd's default reason: an `AbortError` whose
/// message is "The operation was aborted" (issues #14, #16); an explicit reason is kept.
#[test]
fn abort_without_a_reason_gives_workerds_abort_error() {
    let body = answer(
        r#"export default { async fetch() {
            const a = new AbortController(); a.abort();
            const b = new AbortController(); b.abort('mine');
            return new Response([a.signal.aborted, a.signal.reason.name, a.signal.reason.message, b.signal.reason].join('|'));
        } };"#,
        1,
    );
    assert_eq!(body, "true|AbortError|The operation was aborted|mine");
}

/// `global` is Node's name for `globalThis`, there with the `Buffer` and `process` globals
/// (nodejs_compat); boa's `TypedArray` and `Temporal` globals, which V8 does not have, are
/// not. Expected: workerd 1.20261117 at compatibility dates 2024-01-01 (no globals) and
/// 2026-11-17 (nodejs_compat's globals).
#[test]
fn global_is_global_this_under_nodejs_compat_and_boas_extra_globals_are_gone() {
    let script = r#"export default { async fetch() {
  const d = Object.getOwnPropertyDescriptor(globalThis, "global");
  return new Response([typeof globalThis.global, globalThis.global === globalThis,
    d ? [d.writable, d.enumerable, d.configurable].join("/") : "not own",
    typeof globalThis.TypedArray, typeof globalThis.Temporal, "Temporal" in globalThis].join(" "));
} };"#;
    let body = |node_globals: bool| {
        let mut model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
        model.node_globals = node_globals;
        run_seed(&model, 0).requests[0].body.clone().unwrap_or_default()
    };
    assert_eq!(body(true), "object true true/true/true undefined undefined false");
    assert_eq!(body(false), "undefined false not own undefined undefined false");
}

/// `console`, `crypto`, `caches`, `CryptoKey`, `Cache`, `TextEncoder`, `TextDecoder`,
/// `WebSocket` and `WebSocketPair` are built on first read (a cost measure): they must
/// read, compare, tag and assign as workerd's do, whichever is read first. Expected:
/// workerd 1.20261117 at compatibility date 2026-11-17, the same script.
#[test]
fn globals_built_on_first_read_answer_as_workerds_do() {
    let script = r#"export default { async fetch() {
  const out = [];
  out.push(typeof CryptoKey, typeof WebSocket, typeof TextDecoder, typeof Cache);
  const pair = new WebSocketPair();
  out.push(pair[0] instanceof WebSocket, Object.prototype.toString.call(pair[1]));
  out.push(Object.prototype.toString.call(crypto), Object.prototype.toString.call(crypto.subtle));
  out.push(Object.prototype.toString.call(caches), Object.prototype.toString.call(caches.default), caches.default instanceof Cache);
  out.push(Object.prototype.toString.call(new TextEncoder()), Object.prototype.toString.call(new TextDecoder()));
  const key = await crypto.subtle.importKey("raw", new Uint8Array(16), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  out.push(key instanceof CryptoKey, Object.prototype.toString.call(key));
  out.push(console === globalThis.console, crypto === globalThis.crypto);
  const d = Object.getOwnPropertyDescriptor(globalThis, "console");
  out.push("console" in globalThis, Object.keys(globalThis).includes("console"), d.enumerable, d.configurable);
  globalThis.TextDecoder = 7; out.push(TextDecoder);
  globalThis.console = { log() {} }; out.push(typeof console.warn);
  return new Response(out.join(" "));
} };"#;
    assert_eq!(
        answer(script, 0),
        "function function function function true [object WebSocket] [object Crypto] [object SubtleCrypto] \
         [object CacheStorage] [object Cache] true [object TextEncoder] [object TextDecoder] true \
         [object CryptoKey] true true true false false true 7 undefined"
    );
}

/// `setImmediate`/`clearImmediate` are globals under nodejs_compat_v2: 0 ms timers in
/// creation order, an `Immediate` handle, the global scope's TypeErrors; absent without.
/// Expected: workerd 1.20261117, nodejs_compat at 2026-11-17 (present) and 2024-01-01
/// without the flag (`setImmediate is not defined`).
#[test]
fn set_immediate_is_a_zero_ms_timer_with_an_immediate_handle_under_nodejs_compat_v2() {
    let script = r#"export default { async fetch() {
  const out = [];
  const t = (f) => { try { const v = f(); return String(v); } catch (e) { return e.constructor.name + ": " + e.message; } };
  out.push(t(() => { const i = setImmediate(() => {}); return [typeof i, i.constructor.name, i.hasRef(), i.unref() === i, i.hasRef(), i.ref() === i, typeof i[Symbol.dispose], typeof i[Symbol.toPrimitive], Object.keys(i).join(",")].join(" "); }));
  const order = [];
  await new Promise(r => { const a = setImmediate(() => order.push("A")); setImmediate(() => order.push("B")); clearImmediate(a); setTimeout(() => order.push("t1"), 1); setImmediate(() => { order.push("C"); setImmediate(() => order.push("D")); setTimeout(() => order.push("t0"), 0); }); setTimeout(r, 20); });
  out.push(order.join(","));
  out.push(t(() => setImmediate()), t(() => setImmediate("x")), t(() => clearImmediate(undefined)), t(() => clearImmediate(5)));
  out.push([setImmediate.length, clearImmediate.length, Object.keys(globalThis).includes("setImmediate")].join(" "));
  return new Response(out.join("\n"));
} };"#;
    let body = |node_globals: bool| {
        let mut model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
        model.node_globals = node_globals;
        let run = run_seed(&model, 0);
        run.requests[0].body.clone().unwrap_or_else(|| format!("{:?}", run.requests[0].error))
    };
    assert_eq!(
        body(true),
        "object Immediate false false false false function undefined \n\
         B,C,D,t0,t1\n\
         TypeError: Failed to execute 'setImmediate' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'.\n\
         TypeError: Failed to execute 'setImmediate' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'.\n\
         undefined\n\
         TypeError: Failed to execute 'clearImmediate' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'Immediate'.\n\
         0 0 false"
    );
    assert!(body(false).contains("setImmediate is not defined"), "{}", body(false));
}

/// The global scope is an EventTarget: listeners of any type but the runtime's own
/// (`fetch`, `scheduled`, `queue`), `dispatchEvent`, listener objects, `once`,
/// cancellation, and workerd's TypeErrors for missing listeners. Expected: workerd
/// 1.20261117 at 2026-11-17, the same script.
#[test]
fn the_global_scope_dispatches_events_like_an_event_target() {
    let script = r#"export default { async fetch() {
  const out = [];
  const t = (f) => { try { const v = f(); return String(v); } catch (e) { return e.constructor.name + ": " + e.message; } };
  const et = new EventTarget();
  out.push(t(() => et.addEventListener("foo")), t(() => et.addEventListener("foo", null)), t(() => et.addEventListener("foo", 5)), t(() => et.removeEventListener("foo")), t(() => addEventListener("foo", null)), t(() => addEventListener("foo", 5)), t(() => addEventListener()), t(() => removeEventListener("foo")));
  let seen = [];
  const h = { handleEvent(e) { seen.push("obj " + (this === h) + " " + (e.target === globalThis) + " " + (e.currentTarget === globalThis)); } };
  addEventListener("bar", h);
  addEventListener("bar", function (e) { seen.push("fn " + (this === globalThis)); }, { once: true });
  dispatchEvent(new Event("bar")); dispatchEvent(new Event("bar"));
  removeEventListener("bar", h); dispatchEvent(new Event("bar"));
  addEventListener("baz", () => { throw new Error("listener threw"); });
  out.push(t(() => dispatchEvent(new Event("baz"))));
  out.push(seen.join(";"));
  out.push(t(() => { const e = new Event("c", { cancelable: true }); addEventListener("c", (e) => e.preventDefault()); return dispatchEvent(e); }));
  out.push(t(() => dispatchEvent()), t(() => dispatchEvent({})));
  return new Response(out.join("\n"));
} };"#;
    assert_eq!(
        answer(script, 0),
        "TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'.\n\
         undefined\n\
         TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'.\n\
         TypeError: Failed to execute 'removeEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.\n\
         undefined\n\
         TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'.\n\
         TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 1 is not of type 'string'.\n\
         TypeError: Failed to execute 'removeEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.\n\
         true\n\
         obj true true true;fn true;obj true true true\n\
         false\n\
         TypeError: Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.\n\
         TypeError: Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'."
    );
}

/// `ErrorEvent` and `CloseEvent` construct as workerd's; the events only the runtime
/// makes refuse `new`; `reportError` dispatches an ErrorEvent at the global scope whose
/// message is V8's `Uncaught …` and whose position is where an Error was made. Expected:
/// workerd 1.20261117 at 2026-11-17, the same script. (For a value that is not an Error,
/// workerd gives the position of the `reportError` call, which crosstalk does not match
/// yet: boa places a call at its argument list; that case is not asserted.)
#[test]
fn error_and_close_events_and_report_error_as_in_workerd() {
    let script = r#"export default { async fetch() {
  const out = [];
  const t = (f) => { try { const v = f(); return String(v); } catch (e) { return e.constructor.name + ": " + e.message; } };
  const names = (C) => Object.getOwnPropertyNames(C.prototype).join(",") + " <" + Object.getPrototypeOf(C.prototype).constructor.name + "> len=" + C.length;
  for (const n of ["ErrorEvent", "CloseEvent", "PromiseRejectionEvent", "ExtendableEvent", "ScheduledEvent", "TailEvent", "TraceEvent"]) out.push(n + ": " + t(() => names(globalThis[n])));
  out.push(t(() => { const e = new ErrorEvent("error"); return [e.message, e.filename, e.lineno, e.colno, e.error, e.cancelable].map(String).join("|"); }));
  out.push(t(() => { const e = new ErrorEvent("e", { message: 5, filename: "f", lineno: "3", colno: 4.7, error: null }); return [e.message, e.filename, e.lineno, e.colno, e.error].map(String).join("|"); }));
  out.push(t(() => { const e = new CloseEvent("close"); return [e.code, e.reason, e.wasClean].map(String).join("|"); }));
  out.push(t(() => { const e = new CloseEvent("close", { code: "1006", reason: 7, wasClean: 1 }); return [e.code, e.reason, e.wasClean].map(String).join("|"); }));
  out.push(t(() => { const e = new CloseEvent("close", { code: 70000 }); const d = Object.getOwnPropertyDescriptor(e, "code"); return [e.code, Object.keys(e).join(","), [d.writable, d.enumerable, d.configurable].join("/")].join(" "); }));
  out.push(t(() => { const e = new ErrorEvent("x", { lineno: -1, colno: NaN }); return [e.lineno, e.colno, Object.keys(e).join(",")].join(" "); }));
  out.push(t(() => new ErrorEvent()), t(() => new CloseEvent()));
  out.push(t(() => new PromiseRejectionEvent("x")), t(() => new ScheduledEvent("x")));
  let seen = [];
  addEventListener("error", (e) => { seen.push([e.constructor.name, e.message, e.filename, e.lineno, e.colno, String(e.error), e.cancelable].join("|")); });
reportError(new TypeError("tt"));
  reportError("plain");
  out.push(seen[0], seen[1].split("|").slice(0, 2).join("|"));
  out.push(t(() => reportError()));
  return new Response(out.join("\n"));
} };"#;
    assert_eq!(
        answer(script, 0),
        "ErrorEvent: filename,message,lineno,colno,error,constructor <Event> len=0\n\
         CloseEvent: constructor <Event> len=0\n\
         PromiseRejectionEvent: constructor <Event> len=0\n\
         ExtendableEvent: waitUntil,constructor <Event> len=0\n\
         ScheduledEvent: noRetry,constructor <ExtendableEvent> len=0\n\
         TailEvent: constructor <ExtendableEvent> len=0\n\
         TraceEvent: constructor <ExtendableEvent> len=0\n\
         ||0|0|undefined|false\n\
         5|f|3|4|null\n\
         0||false\n\
         1006|7|true\n\
         70000 wasClean,reason,code false/true/true\n\
         -1 0 \n\
         TypeError: Failed to construct 'ErrorEvent': constructor parameter 1 is not of type 'string'.\n\
         TypeError: Failed to construct 'CloseEvent': constructor parameter 1 is not of type 'string'.\n\
         TypeError: Illegal constructor\n\
         TypeError: Illegal constructor\n\
         ErrorEvent|Uncaught TypeError: tt|file:///bundle/worker.mjs|16|12|TypeError: tt|false\n\
         ErrorEvent|Uncaught plain\n\
         TypeError: Failed to execute 'reportError' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'Value'."
    );
}

/// workerd's `origin` ("null", read-only), `navigator.platform` (""), and the globals
/// `Object.keys(globalThis)` lists there (`crypto`, `caches`, `performance`, `navigator`,
/// `self`). Expected: workerd 1.20261117 at 2026-11-17.
#[test]
fn origin_navigator_and_enumerable_globals_as_in_workerd() {
    let script = r#"export default { async fetch() {
  const d = Object.getOwnPropertyDescriptor(globalThis, "origin");
  const keys = Object.keys(globalThis);
  return new Response([JSON.stringify(origin), [d.writable, d.enumerable, d.configurable].join("/"), JSON.stringify(navigator.platform),
    Object.getOwnPropertyNames(navigator).join(","),
    ["crypto", "caches", "performance", "navigator", "self", "origin", "console", "TextDecoder"].map(n => n + ":" + keys.includes(n)).join(" ")].join("\n"));
} };"#;
    assert_eq!(
        answer(script, 0),
        "\"null\"\nfalse/true/true\n\"\"\nlanguages,language,platform,hardwareConcurrency,userAgent\n\
         crypto:true caches:true performance:true navigator:true self:true origin:true console:false TextDecoder:false"
    );
}

/// `unhandledrejection` and `rejectionhandled` at the global scope: a trusted, not
/// cancelable PromiseRejectionEvent with own `reason` and `promise`, after the microtask
/// checkpoint that left the promise unhandled; `rejectionhandled` inside the call that
/// adds the late handler, without a `reason`; nothing for a rejection handled in time.
/// Expected: workerd 1.20261117 at 2026-11-17, the same script.
#[test]
fn unhandled_rejections_reach_the_global_scopes_listeners_as_in_workerd() {
    let script = r#"const seen = [];
addEventListener("unhandledrejection", (e) => seen.push([e.type, e.constructor.name, e.cancelable, e.isTrusted, String(e.reason), e.promise instanceof Promise, Object.keys(e).join(","), e.target === globalThis].join("|")));
addEventListener("rejectionhandled", (e) => seen.push([e.type, String(e.reason), e.promise === globalThis.late].join("|")));
export default { async fetch() {
  seen.push("start");
  Promise.reject(new Error("r1"));
  seen.push("after r1");
  await null;
  seen.push("after await");
  await new Promise(r => setTimeout(r, 5));
  globalThis.late = Promise.reject(new TypeError("late"));
  await new Promise(r => setTimeout(r, 5));
  seen.push("before catch");
  globalThis.late.catch(() => {});
  seen.push("after catch");
  const handled = Promise.reject(new Error("handled in time"));
  handled.catch(() => {});
  await new Promise(r => setTimeout(r, 5));
  return new Response(seen.join("\n"));
} };"#;
    assert_eq!(
        answer(script, 0),
        "start\nafter r1\nafter await\n\
         unhandledrejection|PromiseRejectionEvent|false|true|Error: r1|true|reason,promise|true\n\
         unhandledrejection|PromiseRejectionEvent|false|true|TypeError: late|true|reason,promise|true\n\
         before catch\nrejectionhandled|undefined|true\nafter catch"
    );
}

/// `DisposableStack`, `AsyncDisposableStack` and `SuppressedError` as V8 has them:
/// reverse-order disposal, `move`, errors wrapped in SuppressedError, the TypeErrors and
/// ReferenceErrors. Expected: workerd 1.20261117 at 2026-11-17, the same script.
#[test]
fn disposable_stacks_dispose_in_reverse_and_suppress_errors_as_in_v8() {
    let script = r#"export default { async fetch() {
  const out = [];
  const t = (f) => { try { const v = f(); return String(v); } catch (e) { return e.constructor.name + ": " + e.message; } };
  out.push(t(() => typeof Symbol.dispose), t(() => typeof Symbol.asyncDispose), t(() => typeof DisposableStack), t(() => typeof AsyncDisposableStack), t(() => typeof SuppressedError));
  out.push(t(() => Object.getOwnPropertyNames(DisposableStack.prototype).join(",")), t(() => Object.getOwnPropertyNames(AsyncDisposableStack.prototype).join(",")));
  out.push(t(() => { const log = []; const s = new DisposableStack(); s.use({ [Symbol.dispose]() { log.push("a"); } }); s.defer(() => log.push("b")); s.adopt(1, (v) => log.push("c" + v)); const m = s.move(); out.push(s.disposed, m.disposed); m.dispose(); m.dispose(); return log.join(",") + " " + m.disposed; }));
  out.push(t(() => { const s = new DisposableStack(); s.defer(() => { throw new Error("e1"); }); s.defer(() => { throw new Error("e2"); }); try { s.dispose(); } catch (e) { return [e.constructor.name, e.message, e.error && e.error.message, e.suppressed && e.suppressed.message].join("|"); } }));
  out.push(t(() => { const e = new SuppressedError(1, 2, "m"); return [e.name, e.message, e.error, e.suppressed, Object.keys(e).join(","), SuppressedError.length].join("|"); }));
  out.push(t(() => { const s = new DisposableStack(); s.dispose(); s.use(null); return "ok"; }));
  out.push(t(() => new DisposableStack().use(5)));
  out.push(t(() => DisposableStack()));
  out.push(t(() => Object.prototype.toString.call(new DisposableStack())));
  const as = new AsyncDisposableStack(); const log = [];
  as.use({ async [Symbol.asyncDispose]() { log.push("x"); } }); as.defer(async () => log.push("y"));
  out.push(String(await as.disposeAsync()), log.join(","));
  return new Response(out.join("\n"));
} };"#;
    assert_eq!(
        answer(script, 0),
        "symbol\nsymbol\nfunction\nfunction\nfunction\n\
         constructor,use,dispose,adopt,defer,move,disposed\n\
         constructor,use,disposeAsync,adopt,defer,move,disposed\n\
         true\nfalse\nc1,b,a true\n\
         SuppressedError|An error was suppressed during disposal|e1|e2\n\
         SuppressedError|m|1|2||3\n\
         ReferenceError: Cannot call DisposableStack.prototype.use on an already-disposed DisposableStack\n\
         TypeError: An object is expected with `using` declarations\n\
         TypeError: Constructor DisposableStack requires 'new'\n\
         [object DisposableStack]\nundefined\ny,x"
    );
}

/// An import of a name its module does not export fails the link with V8's message at
/// the import, as workerd 1.20261117 prints it for the same modules: `Uncaught
/// SyntaxError: The requested module './lib.mjs' does not provide an export named
/// 'default'` at `worker.mjs:2:7`, and for a name sought through an `export *`, `… './mid.mjs'
/// does not provide an export named 'c'` at `worker.mjs:1:12` (V8's message columns count
/// from 0; crosstalk's from 1).
#[test]
fn an_import_of_a_name_the_module_does_not_export_is_v8s_syntax_error_at_the_import() {
    let lib = "export const a = 1;\nexport const b = 2;\n";
    let source = crosstalk_runtime::MemorySource::single(
        "worker.mjs",
        "// hi\nimport x from \"./lib.mjs\";\nexport default { fetch() { return new Response(String(x)) } }\n",
    )
    .with("lib.mjs", lib);
    let model = Model::new("m", crosstalk_runtime::Syntax::Module, source).with_requests(URL, MsRange::fixed(0), 1);
    let error = crosstalk_runtime::simulate(&model, &mut crosstalk_runtime::FirstScheduler).unwrap_err().to_string();
    assert!(
        error.contains("SyntaxError: The requested module './lib.mjs' does not provide an export named 'default'\n    at worker.mjs:2:8\n"),
        "{error}"
    );
    assert!(error.contains("'lib.mjs' has no default export (it exports a, b)"), "{error}");

    let source = crosstalk_runtime::MemorySource::single(
        "worker.mjs",
        "import { a, c } from \"./mid.mjs\";\nexport default { fetch() { return new Response(String(a)) } }\n",
    )
    .with("mid.mjs", "export * from \"./lib.mjs\";\n")
    .with("lib.mjs", lib);
    let model = Model::new("m", crosstalk_runtime::Syntax::Module, source).with_requests(URL, MsRange::fixed(0), 1);
    let error = crosstalk_runtime::simulate(&model, &mut crosstalk_runtime::FirstScheduler).unwrap_err().to_string();
    assert!(
        error.contains("SyntaxError: The requested module './mid.mjs' does not provide an export named 'c'\n    at worker.mjs:1:13\n"),
        "{error}"
    );
    assert!(error.contains("'mid.mjs' exports a, b"), "{error}");
}

/// `export { a }` as a module's last statement, with no semicolon, is a complete export
/// (ASI at the end of the input); workerd 1.20261117 links it and answers "1".
#[test]
fn a_named_export_list_that_ends_the_module_without_a_semicolon_links() {
    let source = crosstalk_runtime::MemorySource::single(
        "worker.mjs",
        "import { a } from \"./eof.mjs\";\nexport default { fetch() { return new Response(String(a)) } }\n",
    )
    .with("eof.mjs", "const a = 1;\nexport {\n  a\n}");
    let model = Model::new("m", crosstalk_runtime::Syntax::Module, source).with_requests(URL, MsRange::fixed(0), 1);
    assert_eq!(run_seed(&model, 1).requests[0].body.as_deref(), Some("1"));
}

/// A worker of 3,000 modules boots and answers, as on workerd 1.20261117 (the same
/// graph, checked with `crosstalk conform`). boa 0.22 leaves a few values on its VM stack
/// for every module it links; with boa's default stack size (10,240 values) a graph
/// this size (or @aws-sdk/client-s3 with effect, 884 modules) filled it before the top
/// level ran, and the boot failed as a top-level await that never settled.
#[test]
fn a_graph_of_thousands_of_modules_boots() {
    const MODULES: usize = 3000;
    let imports: String = (0..MODULES).map(|i| format!("import {{ v{i} }} from \"./m{i}.mjs\";\n")).collect();
    let main = format!("{imports}export default {{ fetch() {{ return new Response(String(v{})) }} }}\n", MODULES - 1);
    let mut source = crosstalk_runtime::MemorySource::single("worker.mjs", &main);
    for i in 0..MODULES {
        source = source.with(&format!("m{i}.mjs"), &format!("export const v{i} = {i};\n"));
    }
    let model = Model::new("m", crosstalk_runtime::Syntax::Module, source).with_requests(URL, MsRange::fixed(0), 1);
    assert_eq!(run_seed(&model, 1).requests[0].body.as_deref(), Some("2999"));
}
