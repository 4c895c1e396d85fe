//! The global scope as workerd 1.20261117 shows it (issue #14): the global object a
//! `ServiceWorkerGlobalScope` whose prototypes hold the Web classes and functions, the
//! global names at both conformance dates, `navigator` a `Navigator`, `Cloudflare.compatibilityFlags`,
//! `WebSocketRequestResponsePair`, `importScripts` before `no_global_importscripts`, and
//! what a listener's exception does to `dispatchEvent`, the Web classes' members and
//! `Request`'s workerd-only fields. Every expected value is workerd's
//! answer to the same script through `crosstalk conform` (the long ones are the files
//! under `tests/global_scope/`).

mod common;

use common::*;
use crosstalk_runtime::{EventKind, Model, MsRange, Profile, ProfileName, Run};

/// The two conformance dates, each with `nodejs_compat` and the globals crosstalk's
/// scenario loader installs for it there.
#[derive(Clone, Copy)]
enum At {
    /// 2024-01-01: no Node.js globals yet.
    Old,
    /// 2026-11-17: `Buffer`, `process`, `global`, node:timers' timers, the performance classes.
    New,
}

fn run_at(script: &str, at: At) -> Run {
    let mut model = Model::module("worker.mjs", script).with_requests("https://x.example/", MsRange::fixed(0), 1);
    let date = match at {
        At::Old => "2024-01-01",
        At::New => "2026-11-17",
    };
    model.profile = Profile::new(ProfileName::Workerd, date.parse().ok(), vec!["nodejs_compat".to_string()]);
    let new = matches!(at, At::New);
    model.node_globals = new;
    model.node_timers = new;
    model.performance_classes = new;
    run_seed(&model, 0)
}

fn body_at(script: &str, at: At) -> String {
    let run = run_at(script, at);
    run.requests[0].body.clone().unwrap_or_else(|| format!("{:?}", run.requests[0]))
}

/// workerd's answer stored under `tests/global_scope/`.
fn workerd_answer(file: &str) -> String {
    let path = format!("{}/tests/global_scope/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    text.trim_end_matches('\n').to_string()
}

/// Checks `script`'s body at both dates against workerd's answers `NAME-DATE-nodejs_compat.txt`.
fn assert_answers_as_workerd(script: &str, name: &str) {
    for (at, date) in [(At::Old, "2024-01-01"), (At::New, "2026-11-17")] {
        let file = format!("{name}-{date}-nodejs_compat.txt");
        assert_eq!(body_at(script, at), workerd_answer(&file), "{file}");
    }
}

const CHAIN: &str = r#"export default { async fetch() {
  const out = [];
  const t = (f) => { try { return String(f()); } catch (e) { return e.constructor.name + ": " + e.message; } };
  const chain = []; for (let o = Object.getPrototypeOf(globalThis); o; o = Object.getPrototypeOf(o)) chain.push(o.constructor.name + " " + Object.prototype.toString.call(o));
  out.push(chain.join(" > "));
  out.push(Object.getPrototypeOf(globalThis).constructor.name, String(globalThis), Object.prototype.toString.call(globalThis), globalThis instanceof EventTarget);
  out.push(["fetch", "Response", "setTimeout", "addEventListener", "EventTarget", "console", "crypto", "navigator", "self", "ServiceWorkerGlobalScope", "WorkerGlobalScope"].map(n => n + ":" + globalThis.hasOwnProperty(n) + "/" + (n in globalThis)).join(" "));
  const [sw, w, et] = [1, 2, 3].map(n => { let o = globalThis; for (let i = 0; i < n; i++) o = Object.getPrototypeOf(o); return o; });
  out.push(Object.getOwnPropertyNames(w).sort().join(","), Object.getOwnPropertyNames(et).sort().join(","));
  out.push(["Response", "fetch", "atob", "URL", "TextDecoder", "WebSocketRequestResponsePair"].map(n => { const d = Object.getOwnPropertyDescriptor(sw, n); return n + ":" + (d ? [d.enumerable, d.configurable].join("/") : "none"); }).join(" "));
  out.push(t(() => new ServiceWorkerGlobalScope()), t(() => WorkerGlobalScope()), t(() => [ServiceWorkerGlobalScope.name, ServiceWorkerGlobalScope.length, WorkerGlobalScope.name].join(" ")));
  out.push(t(() => [fetch.length, atob.length, addEventListener.length, reportError.length, dispatchEvent.length].join(" ")));
  out.push(t(() => { const d = Object.getOwnPropertyDescriptor(globalThis, "ServiceWorkerGlobalScope"); return [d.writable, d.enumerable, d.configurable, Object.keys(globalThis).includes("ServiceWorkerGlobalScope")].join("/"); }));
  out.push(t(() => { const p = new WebSocketRequestResponsePair("ping", 7); return [p.request, p.response, Object.getOwnPropertyNames(WebSocketRequestResponsePair.prototype).join(",")].join("|"); }), t(() => new WebSocketRequestResponsePair("a")), t(() => WebSocketRequestResponsePair("a", "b")));
  out.push(t(() => typeof importScripts), t(() => importScripts("x.js")));
  out.push(t(() => typeof ExecutionContext), t(() => typeof KvNamespace));
  return new Response(out.join("\n"));
} };"#;

/// Before 2024-03-04 (`no_global_importscripts`) `WorkerGlobalScope.prototype` has an
/// `importScripts` that refuses; before 2024-09-26 (`set_tostring_tag`) the scope's
/// prototypes have no `Symbol.toStringTag`, so the global object reads `[object Object]`.
#[test]
fn the_global_object_is_a_service_worker_global_scope_whose_prototypes_hold_the_web_api() {
    assert_answers_as_workerd(CHAIN, "chain");
}

const NAMES: &str = r#"export default { async fetch() {
  return new Response(Object.getOwnPropertyNames(globalThis).sort().join(" "));
} };"#;

/// `Object.getOwnPropertyNames(globalThis)` as workerd's, but for the names crosstalk
/// differs on by design: the instrumentation's hooks `__ct$…` (crosstalk's own, called by
/// the rewritten code).
fn own_names_as_compared(text: &str) -> Vec<String> {
    text.split(' ').filter(|n| !n.starts_with("__ct$")).map(str::to_string).collect()
}

#[test]
fn the_global_objects_own_names_are_workerds_at_both_dates() {
    for (at, file) in
        [(At::Old, "global-names-2024-01-01-nodejs_compat.txt"), (At::New, "global-names-2026-11-17-nodejs_compat.txt")]
    {
        assert_eq!(own_names_as_compared(&body_at(NAMES, at)), own_names_as_compared(&workerd_answer(file)), "{file}");
    }
}

const NAVIGATOR: &str = r#"export default { async fetch() {
  const t = (f) => { try { return String(f()); } catch (e) { return e.constructor.name + ": " + e.message; } };
  const proto = Object.getPrototypeOf(navigator);
  const d = (o, k) => { const x = Object.getOwnPropertyDescriptor(o, k); return k + ":" + [x.writable, x.enumerable, x.configurable].join("/"); };
  return new Response([
    Object.prototype.toString.call(navigator), navigator instanceof Navigator, proto === Navigator.prototype, Object.getOwnPropertyNames(navigator).map(k => d(navigator, k)).join(" "),
    Object.getOwnPropertyNames(proto).map(k => d(proto, k)).join(" "), JSON.stringify([navigator.userAgent, navigator.language, navigator.languages, navigator.hardwareConcurrency, navigator.platform]),
    t(() => new Navigator()), t(() => Navigator.prototype.userAgent), typeof navigator.sendBeacon, navigator.sendBeacon.length, Object.keys(globalThis).includes("navigator"), globalThis.hasOwnProperty("Navigator"),
  ].join("\n"));
} };"#;

/// `language` and `languages` come with `enable_navigator_language` (2025-05-19), the tag
/// with `set_tostring_tag`.
#[test]
fn navigator_is_a_navigator_with_send_beacon_on_its_prototype() {
    assert_answers_as_workerd(NAVIGATOR, "navigator");
}

const CLOUDFLARE: &str = r#"export default { async fetch() {
  const f = Cloudflare.compatibilityFlags;
  const d = Object.getOwnPropertyDescriptor(globalThis, "Cloudflare");
  const shape = [Object.prototype.toString.call(Cloudflare), Object.getOwnPropertyNames(Cloudflare).join(","), Object.getPrototypeOf(Cloudflare).constructor.name, typeof globalThis.hasOwnProperty("Cloudflare"), d.enumerable, Object.isFrozen(f), Object.getPrototypeOf(f), Object.keys(globalThis).includes("Cloudflare"), f === Cloudflare.compatibilityFlags];
  return new Response(shape.join(" ") + "\n" + JSON.stringify(f));
} };"#;

#[test]
fn cloudflare_compatibility_flags_list_every_flag_as_workerd_resolves_it() {
    assert_answers_as_workerd(CLOUDFLARE, "compatibility-flags");
}

const DISPATCH: &str = r#"export default { async fetch() {
  const out = [];
  addEventListener("boom", () => { throw new Error("listener threw"); });
  addEventListener("boom", () => { out.push("second listener ran"); });
  try { out.push("dispatched: " + dispatchEvent(new Event("boom"))); } catch (e) { out.push("caught: " + e.message); }
  const target = new EventTarget();
  target.addEventListener("x", () => { throw new TypeError("target threw"); });
  try { out.push("target dispatched: " + target.dispatchEvent(new Event("x"))); } catch (e) { out.push("target caught: " + e.message); }
  console.log("after");
  return new Response(out.join("\n"));
} };"#;

fn uncaught(run: &Run) -> Vec<String> {
    run.trace
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::UncaughtError { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

/// Until `spec_compliant_dispatch_exceptions` (2026-09-15) a listener's exception ends the
/// dispatch the worker started and reaches its caller; from then on the other listeners
/// run, `dispatchEvent` returns, and the exception is the request's (workerd's tail lists
/// it among the exceptions; neither logs it to the console).
#[test]
fn a_listeners_exception_reaches_the_dispatcher_until_spec_compliant_dispatch_exceptions() {
    let old = run_at(DISPATCH, At::Old);
    assert_eq!(
        old.requests[0].body.as_deref(),
        Some(
            "caught: listener threw\n\
         target caught: target threw"
        )
    );
    assert_eq!(console(&old), ["after"]);
    assert!(uncaught(&old).is_empty(), "{:?}", uncaught(&old));
    let new = run_at(DISPATCH, At::New);
    assert_eq!(
        new.requests[0].body.as_deref(),
        Some(
            "second listener ran\n\
         dispatched: true\n\
         target dispatched: true"
        )
    );
    assert_eq!(console(&new), ["after"]);
    // workerd: "Error: listener threw" and "TypeError: target threw", each with its stack.
    assert_eq!(uncaught(&new), ["Error: listener threw", "TypeError: target threw"]);
}

const WEAK_REFS: &str = r#"export default { async fetch() {
  const out = [];
  const t = (f) => { try { return String(f()); } catch (e) { return e.constructor.name + ": " + e.message; } };
  const d = (o, k) => { const x = Object.getOwnPropertyDescriptor(o, k); return x ? [x.enumerable, x.configurable].join("/") : "none"; };
  out.push(t(() => typeof WeakRef), t(() => typeof FinalizationRegistry), d(globalThis, "WeakRef"), d(globalThis, "FinalizationRegistry"));
  out.push(t(() => { const o = {}; const r = new WeakRef(o); return [r.deref() === o, Object.prototype.toString.call(r), WeakRef.length, WeakRef.name, Object.getOwnPropertyNames(WeakRef.prototype).join(","), JSON.stringify(Object.getOwnPropertyDescriptor(WeakRef.prototype, Symbol.toStringTag))].join(" "); }));
  out.push(t(() => new WeakRef(1)), t(() => WeakRef({})), t(() => new WeakRef(Symbol("s")).deref().toString()), t(() => new WeakRef(Symbol.for("s"))), t(() => WeakRef.prototype.deref.call({})));
  out.push(t(() => { const f = new FinalizationRegistry(() => {}); const o = {}; return [f.register(o, 1), f.register(o, 2, o), f.unregister(o), f.unregister({}), Object.prototype.toString.call(f), FinalizationRegistry.length, Object.getOwnPropertyNames(FinalizationRegistry.prototype).join(",")].join(" "); }));
  out.push(t(() => new FinalizationRegistry()), t(() => new FinalizationRegistry(() => {}).register(1)), t(() => { const o = {}; new FinalizationRegistry(() => {}).register(o, o); }), t(() => new FinalizationRegistry(() => {}).unregister(1)), t(() => FinalizationRegistry(() => {})));
  return new Response(out.join("\n"));
} };"#;

/// `WeakRef` and `FinalizationRegistry` come with `enable_weak_ref` (2025-05-05) and
/// answer as V8's, but deterministically: a `WeakRef` keeps its target, a registry never
/// calls back (R12).
#[test]
fn weak_refs_and_finalization_registries_answer_as_v8s_without_showing_collection() {
    assert_answers_as_workerd(WEAK_REFS, "weak-refs");
}

const WEBIDL_MEMBERS: &str = r#"export default { async fetch() {
  const out = [];
  const members = (o) => Object.getOwnPropertyNames(o).filter(n => !["constructor", "prototype", "length", "name"].includes(n)).sort()
    .map(n => n + (Object.getOwnPropertyDescriptor(o, n).enumerable ? "+" : "-")).join(",");
  for (const C of [URL, URLSearchParams, ReadableStream, ReadableStreamDefaultReader, WritableStream, WritableStreamDefaultWriter, TransformStream, ByteLengthQueuingStrategy, CountQueuingStrategy, TextEncoder, TextDecoder, TextEncoderStream, CompressionStream, WebSocketPair]) {
    out.push(C.name + " static " + members(C), C.name + " prototype " + members(C.prototype));
  }
  out.push("Event.prototype.initEvent " + ("initEvent" in Event.prototype));
  return new Response(out.join("\n"));
} };"#;

/// The Web classes registered on first use and those of the Web modules list their
/// attributes and operations as enumerable, statics included (`URL.canParse`,
/// `ReadableStream.from`), as WebIDL and workerd do; `Event` has no legacy `initEvent`.
/// (`Request`, `Response`, `Headers` and `FetchEvent`, built at every boot, keep boa's
/// non-enumerable members: BENCHMARKS.md, "WebIDL members".)
#[test]
fn web_classes_list_their_members_as_enumerable_as_workerds_do() {
    assert_answers_as_workerd(WEBIDL_MEMBERS, "webidl-members");
}

const TRANSFORM_CHAIN: &str = r#"export default { async fetch() {
  const out = [];
  for (const C of [TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream, IdentityTransformStream, FixedLengthStream]) {
    const x = C === FixedLengthStream ? new C(3) : C === CompressionStream || C === DecompressionStream ? new C("gzip") : new C();
    out.push([C.name, x instanceof TransformStream, Object.getPrototypeOf(C.prototype) === TransformStream.prototype, Object.getPrototypeOf(C) === TransformStream, Object.getOwnPropertyNames(C.prototype).sort().join(",")].join(" "));
  }
  return new Response(out.join("\n"));
} };"#;

/// `TextEncoderStream`, `TextDecoderStream`, `CompressionStream` and
/// `DecompressionStream` are `TransformStream`s: their prototypes chain to its prototype
/// (their `readable`/`writable` are its getters), their constructors do not chain to it.
#[test]
fn workers_transform_streams_are_transform_streams_as_in_workerd() {
    let body = body_at(TRANSFORM_CHAIN, At::New);
    let lines: Vec<&str> = body.lines().collect();
    // workerd 1.20261117's answer (crosstalk conform), but for the last two: crosstalk's
    // IdentityTransformStream extends TransformStream, so its constructor chains too.
    assert_eq!(
        lines[..4],
        [
            "TextEncoderStream true true false constructor,encoding",
            "TextDecoderStream true true false constructor,encoding,fatal,ignoreBOM",
            "CompressionStream true true false constructor",
            "DecompressionStream true true false constructor",
        ]
    );
}

const REQUEST_FIELDS: &str = r#"export default { async fetch(request) {
  const out = [];
  const t = (f) => { try { const v = f(); return typeof v + ":" + (typeof v === "object" && v !== null ? Object.prototype.toString.call(v) : String(v)); } catch (e) { return e.constructor.name + ": " + e.message; } };
  const r = new Request("https://a.example/x", { method: "POST", body: "b" });
  for (const k of ["cache", "integrity", "keepalive", "fetcher"]) {
    out.push(k + " incoming=" + t(() => request[k]) + " constructed=" + t(() => r[k]));
  }
  for (const c of ["default", "no-store", "no-cache", "reload", "bogus", undefined, null, ""]) {
    out.push(String(c) + " " + t(() => new Request("https://a.example/", { cache: c }).cache));
  }
  out.push("copy " + t(() => new Request(new Request("https://a.example/", { cache: "no-store" })).cache));
  out.push("override " + t(() => new Request(new Request("https://a.example/", { cache: "no-store" }), { cache: "no-cache" }).cache));
  out.push("integrity " + t(() => new Request("https://a.example/", { integrity: "sha256-abc" }).integrity));
  out.push("integrity empty " + t(() => new Request("https://a.example/", { integrity: "" }).integrity));
  out.push("keepalive " + t(() => new Request("https://a.example/", { keepalive: true }).keepalive));
  out.push("fetcher " + t(() => request.fetcher === request.fetcher) + " " + t(() => typeof request.fetcher.fetch) + " " + t(() => Object.keys(request.fetcher).join(",")) + " " + t(() => request.clone().fetcher === null) + " " + t(() => new Request(request).fetcher));
  const h = new Headers([["set-cookie", "a=1"], ["Set-Cookie", "b=2"], ["x", "1"]]);
  out.push(t(() => h.getAll("Set-Cookie").join("|")), t(() => h.getAll("x")), t(() => h.getAll()), t(() => h.getAll(undefined)));
  return new Response(out.join("\n"));
} };"#;

/// `Request`'s `cache` (refused before `cache_option_enabled`, then only `no-store` and
/// `no-cache`), `integrity` (only `""`), `keepalive` (always `false`) and `fetcher` (a
/// `Fetcher` on a received request, its clones and the requests made from it, `null` on
/// a constructed one), and `Headers`' non-standard `getAll` (only `Set-Cookie`), as
/// workerd 1.20261117 answers at both dates.
#[test]
fn request_cache_integrity_keepalive_fetcher_and_headers_get_all_answer_as_workerds() {
    assert_answers_as_workerd(REQUEST_FIELDS, "request-fields");
}

const TO_STRING_TAGS: &str = r#"export default { async fetch(request) {
  const out = [];
  const t = (f) => { try { return Object.prototype.toString.call(f()); } catch (e) { return e.constructor.name + ": " + e.message; } };
  const list = {
    AbortController: () => new AbortController(), AbortSignal: () => new AbortController().signal, Event: () => new Event("x"),
    EventTarget: () => new EventTarget(), CustomEvent: () => new CustomEvent("x"), Blob: () => new Blob([]), File: () => new File([], "f"),
    FormData: () => new FormData(), ReadableStream: () => new ReadableStream(), WritableStream: () => new WritableStream(),
    TransformStream: () => new TransformStream(), Reader: () => new ReadableStream().getReader(), URLPattern: () => new URLPattern({}),
    WebSocketPair: () => new WebSocketPair(), WebSocket: () => new WebSocketPair()[0], TextEncoderStream: () => new TextEncoderStream(),
    CompressionStream: () => new CompressionStream("gzip"), MessageChannel: () => typeof MessageChannel === "function" ? new MessageChannel() : null,
    Headers: () => new Headers(), Request: () => new Request("https://a/"), Response: () => new Response(""), URL: () => new URL("https://a/"),
    URLSearchParams: () => new URLSearchParams(), TextEncoder: () => new TextEncoder(), TextDecoder: () => new TextDecoder(), crypto: () => crypto,
    subtle: () => crypto.subtle, caches: () => caches, performance: () => performance, navigator: () => navigator, scheduler: () => scheduler,
    FixedLengthStream: () => new FixedLengthStream(1), ByteLengthQueuingStrategy: () => new ByteLengthQueuingStrategy({ highWaterMark: 1 }),
  };
  for (const [name, make] of Object.entries(list)) out.push(name + " " + t(make));
  return new Response(out.join("\n"));
} };"#;

/// workerd's C++ classes have a `Symbol.toStringTag` only from `set_tostring_tag`
/// (2024-09-26) on: `Object.prototype.toString` of a `Headers`, an `AbortSignal`, a
/// `ReadableStream` or `crypto.subtle` is `[object Object]` before it, and each class's
/// own name after it, a subclass's too (`[object TextEncoderStream]`, not its parent's).
#[test]
fn web_objects_are_tagged_from_set_tostring_tag_on_as_in_workerd() {
    assert_answers_as_workerd(TO_STRING_TAGS, "to-string-tags");
}

const TAG_DESCRIPTORS: &str = r#"export default { async fetch() {
  const out = [];
  for (const C of [Headers, Request, Response, ReadableStream, ReadableStreamDefaultReader, AbortSignal, Blob, URL, URLPattern, WebSocket, TextEncoderStream, Crypto, SubtleCrypto]) {
    const d = Object.getOwnPropertyDescriptor(C.prototype, Symbol.toStringTag);
    out.push(C.name + " " + (d ? JSON.stringify(d) : "none"));
  }
  return new Response(out.join("\n"));
} };"#;

/// The tags are writable, not enumerable and configurable, as workerd 1.20261117 defines
/// them (2026-11-17; before `set_tostring_tag` there are none).
#[test]
fn the_tags_are_writable_and_configurable_as_workerds() {
    assert_eq!(body_at(TAG_DESCRIPTORS, At::New), workerd_answer("tag-descriptors-2026-11-17.txt"));
}
