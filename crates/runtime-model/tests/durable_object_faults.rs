//! Durable Object faults and lazy SQL cursors (docs/semantics-durable-objects.md): an
//! eviction only when the object is idle (R18), a reset by a deploy (R20), and a SQL
//! cursor stepped as it is read (R16's SQL paragraph).
//!
//! Expected values: the cursor's are what workerd 1.20261117 answered for the
//! conformance case `tests/conformance/durable-object-sql-cursor` at both dates; the
//! deploy error's text is production's for a code update, and its `durableObjectReset`
//! and `remote` marks are workerd's for a broken object (`jsg/exception.c++`, the same as
//! `tests/conformance/durable-object-abort` checks for `ctx.abort()`).

mod common;

use common::run_seed;
use crosstalk_runtime::{DurableObjectSpec, EventKind, Model, MsRange, RequestSpec, Run, simulate};

fn with_object(name: &str, source: &str, sqlite: bool) -> Model {
    let mut model = Model::module("worker.mjs", source);
    model.name = name.to_string();
    model.durable_objects.push(DurableObjectSpec {
        binding: "OBJ".into(),
        class_name: "Obj".into(),
        sqlite,
        latency: MsRange::new_range(1, 5),
        script: None,
    });
    model
}

/// The scenario's own requests' bodies, in arrival order.
fn bodies(run: &Run) -> Vec<String> {
    run.incoming().map(|r| r.body.clone().unwrap_or_default()).collect()
}

/// When object `label` was evicted (R18) in `run`.
fn evictions(run: &Run, label: &str) -> Vec<u64> {
    run.trace
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DoReset { object } if object == label => Some(e.t_ms),
            _ => None,
        })
        .collect()
}

/// The worker's trace as JSON text, to compare runs byte for byte (R12).
fn trace_text(run: &Run) -> String {
    serde_json::to_string(&run.trace).expect("a trace serialises")
}

/// R18: an object whose call answered but left a timer pending is not idle (a pending
/// timer keeps an object from hibernating in production), so it is never evicted before
/// the timer fires; an idle object is, and so is the first one once its timer has fired.
#[test]
fn an_object_with_a_pending_timer_is_not_evicted_before_it_fires() {
    let source = r#"import { DurableObject } from "cloudflare:workers";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export class Obj extends DurableObject {
  x = "unset";
  async fetch(request) {
    if (new URL(request.url).pathname === "/arm") {
      setTimeout(() => { this.x = "set"; }, 10000);
      return new Response("armed");
    }
    return new Response(this.x);
  }
}
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/tick") {
      // Work of the worker's own, so that the schedule has choices (and may evict) all along.
      for (let i = 0; i < 14; i++) await sleep(1000);
      return new Response("ticked");
    }
    const [, name, action] = path.split("/");
    return new Response(await (await env.OBJ.getByName(name).fetch("https://o/" + action)).text());
  },
};"#;
    let mut model = with_object("evict-when-idle", source, false);
    model.faults.durable_object_reset = true;
    for (path, at) in [("/timer/arm", 0), ("/idle/read", 0), ("/tick", 0), ("/timer/read", 12_000)] {
        model.requests.push(RequestSpec::get(&format!("https://worker.example{path}"), at));
    }
    let (mut idle_evicted, mut timer_evicted_after) = (false, false);
    for seed in 0..40 {
        let run = run_seed(&model, seed);
        let fired = run
            .trace
            .iter()
            .find(|e| matches!(e.kind, EventKind::TimerFired { .. }) && e.t_ms == 10_000)
            .map(|e| e.t_ms);
        assert_eq!(fired, Some(10_000), "seed {seed}: the object's timer fires");
        let timer = evictions(&run, "Obj(timer)");
        assert!(timer.iter().all(|&t| t >= 10_000), "seed {seed}: Obj(timer) evicted at {timer:?}, before its timer");
        timer_evicted_after |= !timer.is_empty();
        idle_evicted |= evictions(&run, "Obj(idle)").iter().any(|&t| t < 10_000);
        // Evicted after the timer fired and before the read, the object is constructed
        // again and the field is lost; else the read sees the timer's write.
        let constructed = run
            .trace
            .iter()
            .filter(|e| matches!(&e.kind, EventKind::DoConstruct { object } if object == "Obj(timer)"))
            .count();
        let read = &bodies(&run)[3];
        assert_eq!(read, if constructed > 1 { "unset" } else { "set" }, "seed {seed}");
    }
    assert!(idle_evicted, "some schedule evicts the idle object before 10 s");
    assert!(timer_evicted_after, "some schedule evicts the timer's object once its timer has fired");
}

/// R20 (`[faults] durable_object_deploy`): a deploy resets an object even while calls are
/// running. A `fetch()` in progress fails with the code-update error marked
/// `durableObjectReset` and `remote`; an RPC call with `durableObjectReset` only; a stub
/// that reached the old instance keeps failing (not `remote`); a new stub gets a new
/// instance, which sees the storage the old one had confirmed.
#[test]
fn a_deploy_fails_the_calls_in_progress_with_the_code_update_error() {
    let source = r#"import { DurableObject } from "cloudflare:workers";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export class Obj extends DurableObject {
  n = 0;
  async fetch(request) {
    this.n++;
    await sleep(100);
    return new Response("fetched " + this.n);
  }
  async slow() {
    this.n++;
    const stored = (await this.ctx.storage.get("calls")) ?? 0;
    await this.ctx.storage.put("calls", stored + 1);
    await sleep(100);
    return "rpc " + this.n + " stored " + (stored + 1);
  }
}
export default {
  async fetch(request, env) {
    const show = (e) => `${e.name}: ${e.message} reset=${e.durableObjectReset} remote=${e.remote}`;
    const stub = env.OBJ.getByName("d");
    const out = [];
    try { out.push(await (await stub.fetch("https://o/")).text()); } catch (e) { out.push("fetch " + show(e)); }
    try { out.push(await stub.slow()); } catch (e) { out.push("rpc " + show(e)); }
    try { out.push(await (await stub.fetch("https://o/")).text()); } catch (e) { out.push("again " + show(e)); }
    try { out.push(await env.OBJ.getByName("d").slow()); } catch (e) { out.push("fresh " + show(e)); }
    return new Response(out.join("\n"));
  },
};"#;
    let mut model = with_object("deploy", source, false);
    model.faults.durable_object_deploy = true;
    model.requests.push(RequestSpec::get("https://worker.example/", 0));
    const ERROR: &str = "Error: Durable Object reset because its code was updated.";
    let fetch_failed = format!("fetch {ERROR} reset=true remote=true");
    let rpc_failed = format!("rpc {ERROR} reset=true remote=undefined");
    let (mut saw_fetch, mut saw_rpc, mut saw_stub) = (false, false, false);
    for seed in 0..60 {
        let run = run_seed(&model, seed);
        assert_eq!(trace_text(&run), trace_text(&run_seed(&model, seed)), "seed {seed}: same seed, same trace");
        let body = bodies(&run).remove(0);
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(lines.len(), 4, "seed {seed}: {body}");
        let deploys = run.trace.iter().filter(|e| matches!(e.kind, EventKind::DoDeploy { .. })).count();
        if deploys == 0 {
            assert!(lines.iter().all(|l| !l.contains(ERROR)), "seed {seed}: no deploy, no error: {body}");
        }
        // Each line is a result, or the error with workerd's marks for its kind of call.
        assert!(lines[0].starts_with("fetched ") || lines[0] == fetch_failed, "seed {seed}: {}", lines[0]);
        assert!((lines[1].starts_with("rpc ") && !lines[1].contains(ERROR)) || lines[1] == rpc_failed, "{}", lines[1]);
        saw_fetch |= lines[0] == fetch_failed;
        saw_rpc |= lines[1] == rpc_failed;
        // A stub that reached a reset instance fails without reaching the object, and its
        // error is not `remote` (R19).
        if lines[0] == fetch_failed || lines[1] == rpc_failed {
            assert_eq!(lines[2], format!("again {ERROR} reset=true remote=undefined"), "seed {seed}");
            saw_stub = true;
        }
        // A new stub's call reaches a new instance (or fails with the error, if a deploy hit
        // it too); the storage it reads is what was confirmed before.
        if let Some(rest) = lines[3].strip_prefix("fresh ") {
            assert_eq!(rest, format!("{ERROR} reset=true remote=undefined"), "seed {seed}");
        } else {
            assert!(lines[3].starts_with("rpc "), "seed {seed}: {}", lines[3]);
        }
    }
    assert!(saw_fetch && saw_rpc && saw_stub, "some schedules fail a fetch, an RPC call and a bound stub");
    // The first choice never injects a fault.
    let first = simulate(&model, &mut crosstalk_runtime::FirstScheduler).expect("the model runs");
    assert_eq!(bodies(&first)[0], "fetched 1\nrpc 2 stored 1\nfetched 3\nrpc 4 stored 2");
    assert!(!first.trace.iter().any(|e| matches!(e.kind, EventKind::DoDeploy { .. })));
}

/// R16's SQL paragraph: a cursor is stepped as it is read, one row ahead of the reader,
/// so a cursor read again after an `await` sees what another call wrote to the rows it
/// has not stepped over yet. The worker is the conformance case's; the expected body is
/// workerd's answer to it (1.20261117, at both dates).
#[test]
fn a_sql_cursor_read_across_an_await_sees_the_writes_made_meanwhile() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/durable-object-sql-cursor/worker.mjs");
    let source = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let mut model = with_object("durable-object-sql-cursor", &source, true);
    model.requests.push(RequestSpec::get("https://worker.example/", 0));
    let expected = r#"/write
wrote
---
/scan
rowsRead 1
{"done":false,"value":{"id":1,"v":"a"}}
rowsRead 2
[{"id":2,"v":"b"},{"id":3,"v":"c!"},{"id":5,"v":"e!"},{"id":6,"v":"z"}]
rowsRead 5
---
/write
wrote
---
/sorted
{"done":false,"value":{"id":6,"v":"z"}}
[{"id":5,"v":"e!"},{"id":3,"v":"c!"},{"id":2,"v":"b!"},{"id":1,"v":"a!"}]
---
/same
{"done":false,"value":{"id":1}}
[{"id":1},{"id":2},{"id":3},{"id":5},{"id":6},{"id":7}]
[{"id":2},{"id":3},{"id":5},{"id":6},{"id":7}]
{"done":false,"value":{"id":2}}
[[3],[5],[6],[7]]
[{"id":5},{"id":6},{"id":7}]
---
/self
{"done":false,"value":{"id":1,"v":"a!!"}}
[{"id":2,"v":"b!!"},{"id":3,"v":"C"},{"id":5,"v":"e!!"},{"id":6,"v":"z!"},{"id":7,"v":"z"},{"id":10,"v":"y"}]
---
/drop
{"done":false,"value":{"x":1}}
error database table is locked: SQLITE_LOCKED
[{"x":2},{"x":3}]
[]
---
/one
error Expected exactly one result from SQL query, but got multiple results.
[]
rowsRead 2
{"v":"a!!"}"#;
    for seed in 0..5 {
        let run = run_seed(&model, seed);
        assert_eq!(bodies(&run), [expected], "seed {seed}");
        assert_eq!(trace_text(&run), trace_text(&run_seed(&model, seed)), "seed {seed}: same seed, same trace");
    }
}
