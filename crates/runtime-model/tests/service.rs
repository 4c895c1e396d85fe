//! Service bindings: `env.X.fetch()` and RPC calls into a second worker of the scenario,
//! which runs in an isolate of its own under the same scheduler.
//!
//! Expected values are what workerd 1.20261117 answered for the same two workers bound to
//! each other (compatibility date 2026-11-17), unless a test says otherwise.

mod common;

use common::{Scripted, console, run_first};
use crosstalk_runtime::{EventKind, Model, MsRange, OutcomeKind, Owner, RequestSpec, ServiceSpec, simulate};

/// A main module worker bound to `other` (a module named `auth.mjs`) as `AUTH`, and as
/// `NAMED` to its `Named` export when it has one.
fn pair(main: &str, other: &str) -> Model {
    let mut model = Model::module("main.mjs", main);
    let mut auth = Model::module("auth.mjs", other);
    auth.name = "auth".to_string();
    model.services.push(ServiceSpec { binding: "AUTH".into(), service: "auth".into(), entrypoint: None });
    if other.contains("export class Named") {
        model.services.push(ServiceSpec {
            binding: "NAMED".into(),
            service: "auth".into(),
            entrypoint: Some("Named".into()),
        });
    }
    model.workers.push(auth);
    model.requests.push(RequestSpec::get("https://worker.example/", 0));
    model
}

/// The first request's body, line by line.
fn lines(model: &Model) -> Vec<String> {
    let run = run_first(model);
    let body = run.request(1).and_then(|r| r.body.clone()).unwrap_or_default();
    body.lines().map(str::to_string).collect()
}

/// Runs `probes` (`name: async () => value` pairs) in the main worker, one line each.
fn probe_main(probes: &str) -> String {
    format!(
        r#"export default {{
  async fetch(request, env, ctx) {{
    const out = [];
    const t = async (name, f) => {{
      try {{ out.push(name + ": " + await f()); }}
      catch (e) {{ out.push(name + " threw " + e.constructor.name + ": " + e.message); }}
    }};
    {probes}
    return new Response(out.join("\n"));
  }}
}};"#
    )
}

const ECHO_WORKER: &str = r#"
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/throw") throw new Error("boom in auth");
    if (url.pathname === "/type") throw new TypeError("bad type");
    if (url.pathname === "/str") throw "a string";
    if (url.pathname === "/hang") { await new Promise(() => {}); }
    if (url.pathname === "/nostr") return "nope";
    if (url.pathname === "/pass") { ctx.passThroughOnException(); throw new Error("x"); }
    if (url.pathname === "/echo") {
      return new Response(JSON.stringify({ method: request.method, url: request.url,
        host: request.headers.get("host"), x: request.headers.get("x-a"), body: await request.text() }),
        { status: 201, headers: { "x-from": "auth", "content-type": "application/json" } });
    }
    return new Response("auth ok " + url.pathname);
  },
  add(a, b) { return a + b; }
};
"#;

#[test]
fn fetch_through_a_binding_reaches_the_other_workers_fetch_handler() {
    let main = probe_main(
        r#"await t("type", () => String(env.AUTH) + " " + typeof env.AUTH.fetch + " [" + Object.keys(env.AUTH) + "]");
    await t("echo", async () => {
      const r = await env.AUTH.fetch("https://x.example/echo?q=1", { method: "POST", body: "hello", headers: { "x-a": "1" } });
      return r.status + " " + r.statusText + " " + JSON.stringify([...r.headers]) + " " + await r.text();
    });
    await t("rel", async () => (await env.AUTH.fetch("/rel")).status);"#,
    );
    assert_eq!(
        lines(&pair(&main, ECHO_WORKER)),
        [
            "type: [object Fetcher] function []",
            r#"echo: 201 Created [["content-type","application/json"],["x-from","auth"]] {"method":"POST","url":"https://x.example/echo?q=1","host":null,"x":"1","body":"hello"}"#,
            "rel threw TypeError: Invalid URL: /rel",
        ]
    );
}

#[test]
fn a_failing_callee_rejects_the_callers_fetch_with_its_error() {
    let main = probe_main(
        r#"for (const path of ["throw", "type", "str", "hang", "nostr", "pass"]) {
      await t(path, async () => { const r = await env.AUTH.fetch("https://x.example/" + path); return r.status + " [" + await r.text() + "]"; });
    }"#,
    );
    let mut model = pair(&main, ECHO_WORKER);
    // A callee that passes through on exception reaches the origin of the request's URL,
    // through the called worker's outbound (workerd 1.20261117).
    model.origins.push(common::origin("https://x.example/pass", MsRange::fixed(5), "from the origin"));
    model.profile = crosstalk_runtime::Profile::new(
        crosstalk_runtime::ProfileName::Workerd,
        Some(crosstalk_runtime::CompatibilityDate::ymd(2026, 11, 17)),
        Vec::new(),
    );
    assert_eq!(
        lines(&model),
        [
            "throw threw Error: boom in auth",
            "type threw TypeError: bad type",
            "str threw Error: a string",
            "hang threw Error: The Workers runtime canceled this request because it detected that your Worker's code had hung and would never generate a response. Refer to: https://developers.cloudflare.com/workers/observability/errors/",
            "nostr threw TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'.",
            "pass: 200 [from the origin]",
        ]
    );
}

const ENTRYPOINTS: &str = r#"
import { WorkerEntrypoint } from "cloudflare:workers";
let calls = 0;
export default class extends WorkerEntrypoint {
  async fetch(request) { return new Response("ok " + (++calls)); }
  add(a, b) { return a + b; }
  async slow(x) {
    await new Promise((r) => setTimeout(r, 10));
    return { x, d: new Date(0), m: new Map([[1, 2]]), u: new Uint8Array([1, 2]) };
  }
  fail() { throw new RangeError("rpc range"); }
  envKeys() { return Object.keys(this.env).join(","); }
  get prop() { return 5; }
}
export class Named extends WorkerEntrypoint {
  hi(n) { return "hi " + n; }
  async fetch() { return new Response("named"); }
}
"#;

#[test]
fn rpc_calls_run_on_the_entrypoint_and_clone_their_results_and_errors() {
    let main = probe_main(
        r#"await t("ok", async () => { const r = await env.AUTH.fetch("https://x.example/"); return r.status + " " + await r.text(); });
    await t("add", async () => await env.AUTH.add(1, 2));
    await t("slow", async () => {
      const v = await env.AUTH.slow("a");
      return JSON.stringify(v) + " " + (v.d instanceof Date) + " " + (v.m instanceof Map) + " " + v.u.constructor.name;
    });
    await t("fail", async () => await env.AUTH.fail());
    await t("envKeys", async () => await env.AUTH.envKeys());
    await t("prop", async () => await env.AUTH.prop);
    await t("missing", async () => await env.AUTH.nope(1));
    await t("named", async () => await env.NAMED.hi(3));
    await t("namedfetch", async () => await (await env.NAMED.fetch("https://a/")).text());
    await t("sym", async () => String(env.AUTH[Symbol.iterator]) + " " + String(env.AUTH.then));"#,
    );
    assert_eq!(
        lines(&pair(&main, ENTRYPOINTS)),
        [
            "ok: 200 ok 1",
            "add: 3",
            r#"slow: {"x":"a","d":"1970-01-01T00:00:00.000Z","m":{},"u":{"0":1,"1":2}} true true Uint8Array"#,
            "fail threw RangeError: rpc range",
            "envKeys: ",
            "prop: 5",
            r#"missing threw TypeError: The RPC receiver does not implement the method "nope"."#,
            "named: hi 3",
            "namedfetch: named",
            "sym: undefined undefined",
        ]
    );
}

#[test]
fn an_object_entrypoints_rpc_methods_take_exactly_one_argument() {
    let main = probe_main(r#"await t("rpc", async () => await env.AUTH.add(1, 2));"#);
    assert_eq!(
        lines(&pair(&main, ECHO_WORKER)),
        [
            "rpc threw TypeError: Attempted to call RPC function \"add\" with the wrong number of arguments. When calling a top-level handler function that is not declared as part of a class, you must always send exactly one argument. In order to support variable numbers of arguments, the server must use class-based syntax (extending WorkerEntrypoint) instead."
        ]
    );
}

/// workerd 1.20261117: a caller that answers without waiting for its call cancels it, and
/// the callee's pending work never runs ("auth after 50" and the 100 ms timer are never
/// logged).
#[test]
fn a_callee_is_cancelled_when_its_caller_ends() {
    let main = r#"export default {
  async fetch(request, env) {
    env.AUTH.fetch("https://a/slow");
    return new Response("main fire and forget");
  }
};"#;
    let auth = r#"export default {
  async fetch(request) {
    console.log("auth start", request.url);
    setTimeout(() => console.log("auth timer 100"), 100);
    await new Promise((r) => setTimeout(r, 50));
    console.log("auth after 50");
    return new Response("auth done");
  }
};"#;
    let model = pair(main, auth);
    let run = run_first(&model);
    assert_eq!(run.request(1).and_then(|r| r.body.clone()).as_deref(), Some("main fire and forget"));
    assert_eq!(console(&run), ["auth start https://a/slow"]);
    let callee = run.requests.iter().find(|r| r.called_by.is_some()).expect("the call was made");
    assert_eq!(callee.outcome, OutcomeKind::Cancelled);
    assert_eq!(callee.called_by.as_ref().map(|c| (c.request, c.binding.as_str())), Some((Owner::Request(1), "AUTH")));
}

/// R2: a service binding is I/O, so it throws at the top level like `fetch()`.
#[test]
fn a_service_call_at_the_top_level_throws() {
    // The binding exists only on `env`: the top level reaches it through cloudflare:workers.
    let main = r#"import { env } from "cloudflare:workers";
let error = null;
try { env.AUTH.fetch("https://a/"); } catch (e) { error = e.message; }
console.log("top level:", error);
export default { async fetch(request, env) { return new Response("ok"); } };"#;
    let auth = r#"export default { async fetch() { return new Response("a"); } };"#;
    let run = run_first(&pair(main, auth));
    let first = console(&run).into_iter().next().unwrap_or_default();
    assert!(first.starts_with("top level: Disallowed operation called within global scope."), "{first}");
}

/// Two requests interleave their calls into one callee isolate, whose module state they
/// share: the callee's counter sees both, in the order the schedule chose.
#[test]
fn calls_from_concurrent_requests_interleave_in_the_callee_isolate() {
    let main = r#"export default {
  async fetch(request, env) { return env.AUTH.fetch(request.url); }
};"#;
    let auth = r#"let n = 0;
export default {
  async fetch(request) {
    const mine = ++n;
    await new Promise((r) => setTimeout(r, 10));
    return new Response(`call ${mine} of ${n}`);
  }
};"#;
    let mut model = pair(main, auth);
    model.requests.push(RequestSpec::get("https://worker.example/2", 0));
    let mut scripted = Scripted { arrivals: vec![0, 0], picks: Vec::new(), seed: 1 };
    let run = simulate(&model, &mut scripted).expect("runs");
    let bodies: Vec<String> = run.incoming().filter_map(|r| r.body.clone()).collect();
    assert_eq!(bodies, ["call 1 of 2", "call 2 of 2"]);
    let isolates: Vec<u32> = run.requests.iter().filter(|r| r.called_by.is_some()).map(|r| r.isolate).collect();
    assert_eq!(isolates, [1, 1], "both calls run in the callee's one isolate");
    assert!(run.trace.iter().any(|e| matches!(e.kind, EventKind::ServiceCall { .. })));
}
