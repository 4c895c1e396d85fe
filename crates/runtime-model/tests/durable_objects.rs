//! Durable Objects (R14–R16, docs/semantics-durable-objects.md): ids, calls, the input
//! gate, `blockConcurrencyWhile` and the output gate.
//!
//! Expected values are what workerd 1.20261117 answered for the same code at
//! compatibility date 2026-11-17 (the conformance cases
//! `tests/conformance/durable-object-basics` and `durable-object-gates`, where conform
//! checks them again), unless a test says otherwise.

mod common;

use common::{Scripted, origin, run_seed};
use crosstalk_runtime::{DurableObjectSpec, EventKind, Model, MsRange, Owner, RequestSpec, Run, simulate};

/// A module worker whose default export sends each request to the `COUNTER` object named
/// by its path, and answers with the object's body; `class` is the object's code.
fn counter(name: &str, class: &str, latency: MsRange) -> Model {
    let source = format!(
        r#"import {{ DurableObject }} from "cloudflare:workers";
{class}
export default {{
  async fetch(request, env) {{
    const path = new URL(request.url).pathname;
    const response = await env.COUNTER.getByName(path).fetch("https://counter" + path);
    return new Response(await response.text());
  }},
}};"#
    );
    let mut model = Model::module("worker.mjs", &source);
    model.name = name.to_string();
    model.durable_objects.push(DurableObjectSpec {
        binding: "COUNTER".into(),
        class_name: "Counter".into(),
        sqlite: false,
        latency,
        script: None,
    });
    model
}

/// `ctx.exports`, `this.ctx.exports` and cloudflare:workers' `exports` reach the worker's
/// own Durable Object classes as namespaces (the Agents SDK finds its classes there).
/// workerd 1.20261117 answers "function function | hi a | true | function" for the same
/// worker (its keys there are `default,Counter`: the default entrypoint's loopback stub,
/// which crosstalk does not model, is also one).
#[test]
fn ctx_exports_reach_the_workers_own_durable_object_classes() {
    let source = r#"import { DurableObject, exports } from "cloudflare:workers";
export class Counter extends DurableObject {
  hi() { return "hi " + this.ctx.id.name; }
  has() { return Object.keys(this.ctx.exports).includes("Counter"); }
}
export default {
  async fetch(request, env, ctx) {
    return new Response([typeof ctx.exports.Counter.getByName + " " + typeof ctx.exports.Counter.idFromName,
      await ctx.exports.Counter.getByName("a").hi(), await env.COUNTER.getByName("a").has(),
      typeof exports.Counter.getByName].join(" | "));
  },
};"#;
    let mut model = Model::module("worker.mjs", source);
    model.durable_objects.push(DurableObjectSpec {
        binding: "COUNTER".into(),
        class_name: "Counter".into(),
        sqlite: true,
        latency: MsRange::fixed(1),
        script: None,
    });
    requests(&mut model, "/", &[0]);
    assert_eq!(bodies(&run_seed(&model, 1)), ["function function | hi a | true | function"]);
}

/// `count` requests of `path`, arriving at the given times.
fn requests(model: &mut Model, path: &str, arrivals: &[u64]) {
    for &at in arrivals {
        model.requests.push(RequestSpec::get(&format!("https://worker.example{path}"), at));
    }
}

/// The scenario's own requests' bodies, in arrival order.
fn bodies(run: &Run) -> Vec<String> {
    run.requests.iter().filter(|r| r.called_by.is_none()).map(|r| r.body.clone().unwrap_or_default()).collect()
}

/// The conformance case's worker itself (`tests/conformance/durable-object-gates`): a
/// counter that reads, optionally awaits a `fetch()` to the audit origin, then writes,
/// optionally inside `blockConcurrencyWhile`; its constructor's `blockConcurrencyWhile`
/// reads "ready" first. Two requests of `path`, 5 ms apart.
fn gates(path: &str) -> Model {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/durable-object-gates/worker.mjs");
    let source = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let mut model = Model::module("worker.mjs", &source);
    model.name = "durable-object-gates".to_string();
    model.durable_objects.push(DurableObjectSpec {
        binding: "COUNTER".into(),
        class_name: "Counter".into(),
        sqlite: false,
        latency: MsRange::new_range(1, 10),
        script: None,
    });
    model.origins.push(origin("https://audit.example/", MsRange::fixed(50), "logged"));
    requests(&mut model, path, &[0, 5]);
    model
}

/// The two bodies of `gates(path)` under each of 20 schedules, in order.
fn gate_bodies(path: &str) -> Vec<Vec<String>> {
    (0..20).map(|seed| bodies(&run_seed(&gates(path), seed))).collect()
}

#[test]
fn input_gate_keeps_a_second_call_out_while_the_first_reads_storage() {
    // Whatever the schedule, a read-modify-write with only storage awaits counts both.
    for got in gate_bodies("/storage-only") {
        assert_eq!(got, ["ready 1", "ready 2"]);
    }
}

#[test]
fn a_fetch_between_read_and_write_opens_the_gate_and_loses_an_update() {
    // workerd: both calls read 0 while the first one's fetch is in flight.
    for got in gate_bodies("/fetch-between") {
        assert_eq!(got, ["ready 1", "ready 1"]);
    }
}

#[test]
fn block_concurrency_while_keeps_other_calls_out_across_a_fetch() {
    for got in gate_bodies("/blocked") {
        assert_eq!(got, ["ready 1", "ready 2"]);
    }
}

#[test]
fn a_constructor_block_runs_before_the_first_call_is_delivered() {
    let class = r#"
export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.ready = (await ctx.storage.get("ready")) ?? "ready";
    });
  }
  async fetch() {
    return new Response(String(this.ready));
  }
}"#;
    let mut model = counter("ctor", class, MsRange::fixed(20));
    requests(&mut model, "/a", &[0, 1]);
    let run = run_seed(&model, 0);
    assert_eq!(bodies(&run), ["ready", "ready"]);
    let constructed = run.trace.iter().filter(|e| matches!(e.kind, EventKind::DoConstruct { .. })).count();
    assert_eq!(constructed, 1, "one instance per object");
}

#[test]
fn an_answer_waits_for_its_writes_to_be_confirmed() {
    // R16 (Cloudflare's documented output gate; local workerd confirms in-memory writes at
    // once, so this is the documented behaviour rather than a workerd run): the object
    // answers right after an unawaited put, but its caller sees the response only once
    // the write is confirmed, 30 ms later.
    let class = r#"
export class Counter extends DurableObject {
  fetch() {
    this.ctx.storage.put("k", 1);
    return new Response("written");
  }
}"#;
    let mut model = counter("output-gate", class, MsRange::fixed(30));
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    assert_eq!(bodies(&run), ["written"]);
    let confirmed = run.trace.iter().find(|e| matches!(e.kind, EventKind::DoWriteConfirmed { .. })).map(|e| e.t_ms);
    let callee_answered = run.request(2).and_then(|r| r.responded_ms);
    let caller_got = run
        .trace
        .iter()
        .find(|e| e.owner == Owner::Request(1) && matches!(e.kind, EventKind::SubrequestHeaders { .. }))
        .map(|e| e.t_ms);
    assert_eq!((callee_answered, confirmed, caller_got), (Some(0), Some(30), Some(30)));
}

#[test]
fn ids_are_derived_as_workerd_derives_them() {
    // workerd with uniqueKey "durable-object-basics-Counter" (what conform configures).
    let class = r#"
export class Counter extends DurableObject {
  fetch() {
    return new Response(String(this.ctx.id) + " " + this.ctx.id.name);
  }
}"#;
    let mut model = counter("durable-object-basics", class, MsRange::fixed(1));
    requests(&mut model, "/a", &[0]);
    requests(&mut model, "/b", &[1]);
    let run = run_seed(&model, 0);
    assert_eq!(
        bodies(&run),
        [
            "a9421cc4d9fd95e8354870c715d7c99228adbc624972f8d92f00bf38c51fae41 /a",
            "9e9aa02695edae4fa62e6f49aeefea12d1ee383b6138c8c37c68a2ad5a3b2660 /b",
        ]
    );
}

#[test]
fn storage_values_are_structured_clones_and_lists_are_in_key_order() {
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    const s = this.ctx.storage;
    await s.put({ b: [2, 3], a: 1, c: new Map([[1, 2]]), "b-2": null });
    const copy = await s.get("c");
    copy.set(3, 4);
    const out = [
      (await s.get("c")).size,
      [...(await s.list()).keys()].join(","),
      [...(await s.list({ start: "b", end: "c" })).keys()].join(","),
      [...(await s.list({ startAfter: "b", limit: 2 })).keys()].join(","),
      [...(await s.list({ reverse: true, limit: 2 })).keys()].join(","),
      JSON.stringify([...(await s.get(["a", "zz", "b"]))]),
      await s.delete("a"),
      await s.delete("a"),
      await s.delete(["b", "c", "q"]),
    ];
    return new Response(out.join(" | "));
  }
}"#;
    let mut model = counter("storage", class, MsRange::fixed(1));
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    assert_eq!(bodies(&run), [r#"1 | a,b,b-2,c | b,b-2 | b-2,c | c,b-2 | [["a",1],["b",[2,3]]] | true | false | 2"#]);
}

#[test]
fn a_schedule_replays_to_the_same_interleaving() {
    let model = gates("/fetch-between");
    let first = simulate(&model, &mut Scripted { arrivals: vec![0, 5], picks: vec![1, 0, 1], seed: 3 }).unwrap();
    let again = simulate(&model, &mut Scripted { arrivals: vec![0, 5], picks: vec![1, 0, 1], seed: 3 }).unwrap();
    assert_eq!(first.trace, again.trace);
}

/// R17 (Cloudflare's documented alarm semantics; workerd run locally did not deliver
/// alarms in our checks): an alarm set for +500 ms runs as an event of its own at that
/// time, through the object's gate, and a failed one is retried 2 s later with
/// `retryCount` 1.
#[test]
fn an_alarm_runs_at_its_time_and_a_failed_one_is_retried_with_backoff() {
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    await this.ctx.storage.setAlarm(Date.now() + 500);
    return new Response(String(await this.ctx.storage.getAlarm()));
  }
  async alarm(info) {
    const started = Date.now();
    const runs = (await this.ctx.storage.get("runs")) ?? [];
    runs.push(`${info.retryCount}/${info.isRetry}@${started}`);
    await this.ctx.storage.put("runs", runs);
    console.log(runs.join(" "));
    if (runs.length === 1) throw new Error("the first run fails");
  }
}"#;
    let mut model = counter("alarms", class, MsRange::fixed(1));
    model.epoch_ms = 0;
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    assert_eq!(bodies(&run), ["500"]);
    let due: Vec<(u64, u32)> = run
        .trace
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DoAlarmDue { retry_count, .. } => Some((e.t_ms, *retry_count)),
            _ => None,
        })
        .collect();
    assert_eq!(due.len(), 2, "{due:?}");
    assert_eq!(due[0], (500, 0));
    assert_eq!(due[1].1, 1);
    let lines: Vec<String> = run
        .trace
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Console { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    let retried_at = due[1].0;
    assert!((2_500..=2_520).contains(&retried_at), "retried 2 s after the failure: {retried_at}");
    assert_eq!(lines, ["0/false@500".to_string(), format!("0/false@500 1/true@{retried_at}")]);
}

/// An alarm is an event like a call: a call delivered while the alarm awaits a `fetch()`
/// runs between the alarm's read and its write, so the alarm writes over the call's update.
#[test]
fn an_alarm_interleaves_with_a_call_at_a_non_storage_await() {
    let source = r#"import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  async fetch(request) {
    if (new URL(request.url).pathname === "/set") {
      await this.ctx.storage.setAlarm(Date.now() + 100);
      return new Response("set");
    }
    const n = (await this.ctx.storage.get("n")) ?? 0;
    await this.ctx.storage.put("n", n + 10);
    return new Response(String(n + 10));
  }
  async alarm() {
    const n = (await this.ctx.storage.get("n")) ?? 0;
    const response = await fetch("https://audit.example/alarm");
    await response.text();
    await this.ctx.storage.put("n", n + 1);
    console.log("alarm wrote " + (n + 1));
  }
}
export default {
  async fetch(request, env) {
    const response = await env.COUNTER.getByName("one").fetch(request.url);
    return new Response(await response.text());
  },
};"#;
    let mut model = Model::module("worker.mjs", source);
    model.epoch_ms = 0;
    model.durable_objects.push(DurableObjectSpec {
        binding: "COUNTER".into(),
        class_name: "Counter".into(),
        sqlite: false,
        latency: MsRange::fixed(1),
        script: None,
    });
    model.origins.push(origin("https://audit.example/", MsRange::fixed(50), "ok"));
    model.requests.push(RequestSpec::get("https://worker.example/set", 0));
    model.requests.push(RequestSpec::get("https://worker.example/bump", 120));
    let run = run_seed(&model, 0);
    assert_eq!(bodies(&run), ["set", "10"], "the call ran while the alarm's fetch was in flight");
    let console: Vec<String> = run
        .trace
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Console { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(console, ["alarm wrote 1"], "the alarm wrote from the value it read before the call's write");
}

#[test]
fn sql_exec_runs_on_the_object_s_own_sqlite_database() {
    let class = r#"
export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT, score REAL, data BLOB)");
  }
  async fetch(request) {
    const sql = this.ctx.storage.sql;
    const out = [];
    const inserted = sql.exec("INSERT INTO notes (body, score, data) VALUES (?, ?, ?)", "/first", 1.5, new Uint8Array([1, 2, 3]));
    out.push(`insert: read ${inserted.rowsRead} written ${inserted.rowsWritten} columns ${JSON.stringify(inserted.columnNames)}`);
    out.push(`rows ${JSON.stringify(sql.exec("SELECT id, body, score FROM notes ORDER BY id").toArray())}`);
    out.push(`one ${JSON.stringify(sql.exec("SELECT count(*) AS n FROM notes").one())}`);
    out.push(`raw ${JSON.stringify([...sql.exec("SELECT id, body FROM notes ORDER BY id DESC").raw()])}`);
    const blob = sql.exec("SELECT data FROM notes LIMIT 1").one().data;
    out.push(`blob ${Object.prototype.toString.call(blob)} ${new Uint8Array(blob).join(",")}`);
    out.push(`several ${JSON.stringify(sql.exec("INSERT INTO notes (body) VALUES ('x'); SELECT count(*) AS n FROM notes").one())}`);
    for (const f of [() => sql.exec("SELECT * FROM nope"), () => sql.exec("SELECT 1 WHERE 0").one(), () => sql.exec("SELECT 1 UNION SELECT 2").one()]) {
      try { f(); } catch (e) { out.push(`${e.name}: ${e.message}`); }
    }
    return new Response(out.join("\n"));
  }
}"#;
    let mut model = counter("sql", class, MsRange::fixed(1));
    model.durable_objects[0].sqlite = true;
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    // workerd 1.20261117 (tests/conformance/durable-object-sql, first request).
    assert_eq!(
        bodies(&run)[0].lines().collect::<Vec<_>>(),
        [
            "insert: read 0 written 1 columns []",
            r#"rows [{"id":1,"body":"/first","score":1.5}]"#,
            r#"one {"n":1}"#,
            r#"raw [[1,"/first"]]"#,
            "blob [object ArrayBuffer] 1,2,3",
            r#"several {"n":2}"#,
            "Error: no such table: nope: SQLITE_ERROR",
            "Error: Expected exactly one result from SQL query, but got no results.",
            "Error: Expected exactly one result from SQL query, but got multiple results.",
        ]
    );
    // A class that is not SQLite-backed has no SQL API (local workerd's error).
    let mut plain = counter("sql", class, MsRange::fixed(1));
    requests(&mut plain, "/a", &[0]);
    let run = run_seed(&plain, 0);
    let error = run.request(2).and_then(|r| r.error.clone()).unwrap_or_default();
    assert!(error.starts_with("Error: SQL is not enabled for this Durable Object class."), "{error}");
}

/// `deleteAll()` of a SQLite-backed object drops its SQL tables along with its key-value
/// pairs. Expected lines: workerd 1.20261117 for this class under `crosstalk conform`
/// (2026-11-17).
#[test]
fn delete_all_drops_the_sql_tables_of_a_sqlite_backed_object() {
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    const sql = this.ctx.storage.sql;
    const out = [];
    sql.exec("CREATE TABLE t (a)");
    sql.exec("INSERT INTO t VALUES (1), (2)");
    await this.ctx.storage.put("k", 1);
    await this.ctx.storage.deleteAll();
    out.push(JSON.stringify(sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").toArray()));
    out.push(String(await this.ctx.storage.get("k")));
    try { out.push(JSON.stringify(sql.exec("SELECT * FROM t").toArray())); } catch (e) { out.push(e.name + ": " + e.message); }
    return new Response(out.join("\n"));
  }
}"#;
    let mut model = counter("delete-all", class, MsRange::fixed(1));
    model.durable_objects[0].sqlite = true;
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    assert_eq!(
        bodies(&run)[0].lines().collect::<Vec<_>>(),
        ["[]", "undefined", "Error: no such table: t: SQLITE_ERROR"]
    );
}

/// `ctx.storage.sql.databaseSize` is the bytes of the pages in use: one page for a fresh
/// object, a page per small table, back to one page when tables are dropped (the free
/// list does not count) and after `deleteAll()`. Expected lines: workerd 1.20261117 for
/// this class under `crosstalk conform` (2026-11-17).
#[test]
fn database_size_counts_the_pages_in_use_of_a_sqlite_backed_object() {
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    const out = [];
    const sql = this.ctx.storage.sql;
    out.push("empty " + sql.databaseSize);
    sql.exec("CREATE TABLE t (a INTEGER, b TEXT)");
    out.push("table " + sql.databaseSize);
    for (let i = 0; i < 1000; i++) sql.exec("INSERT INTO t VALUES (?, ?)", i, "x".repeat(100));
    out.push("rows " + sql.databaseSize);
    sql.exec("CREATE INDEX ti ON t (b)");
    out.push("index " + sql.databaseSize);
    sql.exec("DROP TABLE t");
    out.push("dropped " + sql.databaseSize);
    sql.exec("CREATE TABLE u (a)");
    out.push("u " + sql.databaseSize);
    await this.ctx.storage.deleteAll();
    out.push("after deleteAll " + sql.databaseSize);
    const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(sql), "databaseSize");
    out.push(typeof descriptor.get + " " + typeof descriptor.set);
    return new Response(out.join("\n"));
  }
}"#;
    let mut model = counter("database-size", class, MsRange::fixed(1));
    model.durable_objects[0].sqlite = true;
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    assert_eq!(
        bodies(&run)[0].lines().collect::<Vec<_>>(),
        [
            "empty 4096",
            "table 8192",
            "rows 122880",
            "index 237568",
            "dropped 4096",
            "u 8192",
            "after deleteAll 4096",
            "function undefined"
        ]
    );
}

/// A SQLite-backed object keeps its key-value pairs where workerd keeps them: the
/// `_cf_KV` table of its database, created by the first put, listed by `sqlite_master`
/// and counted by `databaseSize`, and closed to the worker's SQL (SQLite's authorizer
/// texts). Expected lines: workerd 1.20261117 for this class under `crosstalk conform`
/// (2026-11-17).
#[test]
fn key_value_pairs_of_a_sqlite_backed_object_live_in_its_cf_kv_table() {
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    const sql = this.ctx.storage.sql;
    const out = [];
    const t = (label, f) => { try { out.push(label + " " + JSON.stringify(f())); } catch (e) { out.push(label + " throws " + e.name + ": " + e.message); } };
    t("master0", () => sql.exec("SELECT name, type FROM sqlite_master").toArray());
    t("size0", () => sql.databaseSize);
    await this.ctx.storage.put("a", 1);
    t("master1", () => sql.exec("SELECT name, type, sql FROM sqlite_master").toArray());
    t("size1", () => sql.databaseSize);
    await this.ctx.storage.put("b", "x".repeat(5000));
    t("size2", () => sql.databaseSize);
    t("select", () => sql.exec("SELECT * FROM _cf_KV").toArray());
    t("count", () => sql.exec("SELECT count(*) FROM _cf_KV").toArray());
    t("insert", () => sql.exec("INSERT INTO _cf_KV VALUES ('z', 1)").toArray());
    t("drop", () => sql.exec("DROP TABLE _cf_KV").toArray());
    t("create", () => sql.exec("CREATE TABLE mine (a)").toArray());
    t("master2", () => sql.exec("SELECT name FROM sqlite_master").toArray());
    await this.ctx.storage.delete("a");
    await this.ctx.storage.delete("b");
    t("master3", () => sql.exec("SELECT name FROM sqlite_master").toArray());
    t("size3", () => sql.databaseSize);
    await this.ctx.storage.deleteAll();
    t("master4", () => sql.exec("SELECT name FROM sqlite_master").toArray());
    t("size4", () => sql.databaseSize);
    return new Response(out.join("\n"));
  }
}"#;
    let mut model = counter("cf-kv", class, MsRange::fixed(1));
    model.durable_objects[0].sqlite = true;
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    assert_eq!(
        bodies(&run)[0].lines().collect::<Vec<_>>(),
        [
            "master0 []",
            "size0 4096",
            r#"master1 [{"name":"_cf_KV","type":"table","sql":"CREATE TABLE _cf_KV (\n        key TEXT PRIMARY KEY,\n        value BLOB\n      ) WITHOUT ROWID"}]"#,
            "size1 8192",
            "size2 12288",
            "select throws Error: access to _cf_KV.key is prohibited: SQLITE_AUTH",
            "count throws Error: not authorized: SQLITE_AUTH",
            "insert throws Error: not authorized: SQLITE_AUTH",
            "drop throws Error: not authorized: SQLITE_AUTH",
            "create []",
            r#"master2 [{"name":"_cf_KV"},{"name":"mine"}]"#,
            r#"master3 [{"name":"_cf_KV"},{"name":"mine"}]"#,
            "size3 12288",
            "master4 []",
            "size4 4096",
        ]
    );
}

/// R18 (`[faults] durable_object_reset`): an idle object may be evicted between tasks, so
/// a count kept in a field restarts, while one kept in storage survives; with faults off
/// nothing is ever evicted. (workerd evicts idle objects in production; local workerd
/// keeps them, so this follows Cloudflare's documentation.)
#[test]
fn state_kept_only_in_memory_is_lost_across_an_injected_eviction() {
    let in_memory = r#"
export class Counter extends DurableObject {
  count = 0;
  async fetch() {
    this.count += 1;
    return new Response(String(this.count));
  }
}"#;
    let in_storage = r#"
export class Counter extends DurableObject {
  async fetch() {
    const count = ((await this.ctx.storage.get("count")) ?? 0) + 1;
    await this.ctx.storage.put("count", count);
    return new Response(String(count));
  }
}"#;
    let model = |class: &str, faults: bool| {
        let mut model = counter("faults", class, MsRange::fixed(1));
        model.faults.durable_object_reset = faults;
        requests(&mut model, "/a", &[0, 100]);
        model
    };
    let outcomes = |model: &Model| (0..30).map(|seed| bodies(&run_seed(model, seed))).collect::<Vec<_>>();
    let memory_faults = outcomes(&model(in_memory, true));
    assert!(memory_faults.iter().any(|b| b == &["1", "1"]), "some schedule evicts the object: {memory_faults:?}");
    assert!(memory_faults.iter().any(|b| b == &["1", "2"]), "some schedule does not");
    assert!(outcomes(&model(in_memory, false)).iter().all(|b| b == &["1", "2"]));
    assert!(outcomes(&model(in_storage, true)).iter().all(|b| b == &["1", "2"]));
    // The first choice never injects a fault: choices shrunk to 0 keep the object.
    let first = simulate(&model(in_memory, true), &mut crosstalk_runtime::FirstScheduler).unwrap();
    assert_eq!(bodies(&first), ["1", "2"]);
}

/// `allowConcurrency` opts a read out of the input gate: the storage-only counter that
/// the gate protects loses an update when its read allows concurrency (Cloudflare's
/// documented meaning of the option; local workerd's in-memory reads do not show it).
#[test]
fn a_read_with_allow_concurrency_does_not_close_the_input_gate() {
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    const value = (await this.ctx.storage.get("count", { allowConcurrency: true })) ?? 0;
    await this.ctx.storage.put("count", value + 1);
    return new Response(String(value + 1));
  }
}"#;
    let mut model = counter("allow-concurrency", class, MsRange::fixed(10));
    requests(&mut model, "/a", &[0, 5]);
    assert_eq!(bodies(&run_seed(&model, 0)), ["1", "1"]);
}

#[test]
fn an_object_s_exception_reaches_the_caller_marked_remote_and_the_stub_stays_usable() {
    // workerd 1.20261117 (tests/conformance/durable-object-errors).
    let source = r#"import { DurableObject } from "cloudflare:workers";
let constructions = 0;
export class Counter extends DurableObject {
  constructor(ctx, env) { super(ctx, env); constructions++; }
  async fetch(request) {
    if (new URL(request.url).pathname === "/throw") throw new TypeError("bad in fetch");
    return new Response("ok " + constructions);
  }
  async boom() { throw new RangeError("bad in rpc"); }
}
export default {
  async fetch(request, env) {
    const stub = env.COUNTER.getByName("x");
    const out = [];
    const show = (e) => `${e.name}: ${e.message} remote=${e.remote}`;
    try { await stub.fetch("https://x/throw"); } catch (e) { out.push(show(e)); }
    try { await stub.boom(); } catch (e) { out.push(show(e)); }
    out.push(await (await stub.fetch("https://x/ok")).text());
    return new Response(out.join("\n"));
  },
};"#;
    let mut model = Model::module("worker.mjs", source);
    model.durable_objects.push(DurableObjectSpec {
        binding: "COUNTER".into(),
        class_name: "Counter".into(),
        sqlite: false,
        latency: MsRange::fixed(1),
        script: None,
    });
    model.requests.push(RequestSpec::get("https://worker.example/", 0));
    let run = run_seed(&model, 0);
    assert_eq!(
        bodies(&run)[0].lines().collect::<Vec<_>>(),
        ["TypeError: bad in fetch remote=true", "RangeError: bad in rpc remote=true", "ok 1"]
    );
}

/// R14/R15: a fetch a constructor starts outside `blockConcurrencyWhile` is still in
/// flight when the call that made the object runs (workerd 1.20261117 answers "not
/// ready", tests/conformance/durable-object-constructor-io), and it goes on after that
/// call has answered, so a later call finds it done ("welcome"). The early delivery is
/// recorded for the checker; under `blockConcurrencyWhile` there is none.
#[test]
fn a_constructor_fetch_outside_block_concurrency_while_is_seen_half_done() {
    let class = |blocked: bool| {
        let start = r#"fetch("https://config.example/room").then((r) => r.json()).then((c) => { this.config = c; })"#;
        let init = if blocked { format!("ctx.blockConcurrencyWhile(() => {start});") } else { format!("{start};") };
        format!(
            r#"
export class Counter extends DurableObject {{
  constructor(ctx, env) {{
    super(ctx, env);
    this.config = null;
    {init}
  }}
  async fetch() {{
    return new Response(this.config ? this.config.greeting : "not ready");
  }}
}}"#
        )
    };
    let model = |blocked: bool| {
        let mut model = counter("constructor-io", &class(blocked), MsRange::fixed(1));
        let mut config = origin("https://config.example/", MsRange::fixed(20), r#"{"greeting": "welcome"}"#);
        config.headers.push(("content-type".into(), "application/json".into()));
        model.origins.push(config);
        requests(&mut model, "/a", &[0, 300]);
        model
    };
    let early = |run: &Run| run.trace.iter().filter(|e| matches!(e.kind, EventKind::DoEarlyDelivery { .. })).count();
    let run = run_seed(&model(false), 0);
    assert_eq!(bodies(&run), ["not ready", "welcome"]);
    assert_eq!(early(&run), 1, "the constructing call ran while the fetch was in flight");
    let run = run_seed(&model(true), 0);
    assert_eq!(bodies(&run), ["welcome", "welcome"]);
    assert_eq!(early(&run), 0);
}

#[test]
fn a_transaction_is_undone_when_its_closure_throws_or_rolls_back() {
    // workerd 1.20261117 (tests/conformance/durable-object-transactions).
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    const storage = this.ctx.storage;
    const out = [];
    await storage.put("a", 1);
    try {
      await storage.transaction(async (txn) => { await txn.put("a", 2); await txn.put("b", 3); throw new Error("abort"); });
    } catch (e) { out.push("threw: " + e.message); }
    out.push(`a=${await storage.get("a")} b=${await storage.get("b")}`);
    await storage.transaction(async (txn) => { await txn.put("a", 5); txn.rollback(); });
    out.push(`a=${await storage.get("a")}`);
    const value = await storage.transaction(async (txn) => { await txn.put("c", 7); return "returned"; });
    out.push(`${value} c=${await storage.get("c")}`);
    return new Response(out.join("\n"));
  }
}"#;
    let mut model = counter("transactions", class, MsRange::fixed(1));
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    assert_eq!(bodies(&run)[0].lines().collect::<Vec<_>>(), ["threw: abort", "a=1 b=undefined", "a=1", "returned c=7"]);
}

/// R14: calls to one object share its I/O context, so a pending fetch one call started
/// and kept in a field settles the other call's await too, in every profile (workerd
/// 1.20261117 answers both, tests/conformance/durable-object-shared-promise); the same
/// sharing between top-level requests is the `blocker` seed's hang.
#[test]
fn calls_to_one_object_can_await_a_promise_another_call_created() {
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    if (!this.pending) this.pending = fetch("https://keys.example/jwks").then((r) => r.text());
    return new Response(await this.pending);
  }
}"#;
    for profile in [crosstalk_runtime::ProfileName::Production2022, crosstalk_runtime::ProfileName::Workerd] {
        let mut model = counter("shared-promise", class, MsRange::fixed(1));
        model.profile = crosstalk_runtime::Profile::new(profile, None, Vec::new());
        model.origins.push(origin("https://keys.example/", MsRange::fixed(50), "key-material"));
        requests(&mut model, "/a", &[0, 10]);
        let run = run_seed(&model, 0);
        assert_eq!(bodies(&run), ["key-material", "key-material"], "{profile:?}");
        let crossed = run.trace.iter().any(|e| matches!(e.kind, EventKind::Job { .. } | EventKind::Hang { .. }));
        assert!(!crossed, "no cross-request resolution and no hang: {profile:?}");
    }
}

#[test]
fn sync_kv_shares_the_storage_and_transaction_sync_undoes_kv_and_sql() {
    // workerd 1.20261117 (tests/conformance/durable-object-sync-kv).
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    const { kv, sql } = this.ctx.storage;
    const out = [];
    kv.put("a", 1);
    await this.ctx.storage.put("d", 4);
    out.push(`${kv.get("a")} ${kv.get("d")} ${await this.ctx.storage.get("a")} ${kv.get("zz")}`);
    out.push(JSON.stringify([...kv.list({ reverse: true })].map(([k]) => k)));
    sql.exec("CREATE TABLE t (n INTEGER)");
    try {
      this.ctx.storage.transactionSync(() => { kv.put("a", 9); sql.exec("INSERT INTO t VALUES (2)"); throw new Error("undo"); });
    } catch (e) { out.push(e.message); }
    out.push(`a=${kv.get("a")} rows=${sql.exec("SELECT count(*) AS n FROM t").one().n}`);
    return new Response(out.join("\n"));
  }
}"#;
    let mut model = counter("sync-kv", class, MsRange::fixed(1));
    model.durable_objects[0].sqlite = true;
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    assert_eq!(bodies(&run)[0].lines().collect::<Vec<_>>(), ["1 4 1 undefined", r#"["d","a"]"#, "undo", "a=1 rows=0"]);
}

/// A worker's own `BEGIN` must not leave a transaction open across calls (it used to trip
/// crosstalk's own invariant): workerd refuses it, and `_cf_` names and `ATTACH`, with
/// these texts (workerd 1.20261117, tests/conformance/durable-object-sql-rules).
#[test]
fn sql_refuses_transactions_reserved_names_and_attach_as_workerd_does() {
    let class = r#"
export class Counter extends DurableObject {
  async fetch() {
    const out = [];
    for (const q of ["BEGIN", "SAVEPOINT x", "CREATE TABLE _cf_x (a)", "ATTACH DATABASE 'x' AS y", "CREATE TABLE ok (a)"]) {
      try { this.ctx.storage.sql.exec(q); out.push("ok"); } catch (e) { out.push(e.message.slice(0, 60)); }
    }
    return new Response(out.join("\n"));
  }
}"#;
    let mut model = counter("sql-rules", class, MsRange::fixed(1));
    model.durable_objects[0].sqlite = true;
    requests(&mut model, "/a", &[0]);
    let run = run_seed(&model, 0);
    let refused = "To execute a transaction, please use the state.storage.trans";
    assert_eq!(
        bodies(&run)[0].lines().collect::<Vec<_>>(),
        [refused, refused, "not authorized: SQLITE_AUTH", "not authorized: SQLITE_AUTH", "ok"]
    );
}

/// The conformance case's worker (`tests/conformance/durable-object-abort`), one request.
fn abort_case() -> Model {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/durable-object-abort/worker.mjs");
    let source = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let mut model = Model::module("worker.mjs", &source);
    model.name = "durable-object-abort".to_string();
    model.durable_objects.push(DurableObjectSpec {
        binding: "OBJ".into(),
        class_name: "Obj".into(),
        sqlite: false,
        latency: MsRange::new_range(1, 10),
        script: None,
    });
    requests(&mut model, "/", &[0]);
    model
}

/// R19: `ctx.abort()` and a `blockConcurrencyWhile` callback that throws break the object:
/// the `fetch()` calls it is running (and one whose response had not crossed yet) fail
/// with its error marked `durableObjectReset` and `remote`; a stub that had reached it
/// fails every later call (`durableObjectReset` only); a stub first used afterwards gets
/// a new instance; the write not yet confirmed is lost. Every schedule agrees.
#[test]
fn a_broken_object_fails_its_calls_and_the_stubs_that_reached_it() {
    let expected = "hit: 1
in flight: Error: why reset=true remote=true
abort: Error: why reset=true remote=true
same stub: Error: why reset=true remote=undefined
stub made before, first used now: 1
new stub: 2
unconfirmed write: undefined
same stub again: Error: why reset=true remote=undefined
default reason: Error: Application called abort() to reset Durable Object. reset=true remote=true
hit: 1
failing blockConcurrencyWhile: RangeError: the initialisation failed reset=true remote=true
same stub: RangeError: the initialisation failed reset=true remote=undefined
new stub: 1";
    for seed in 0..10 {
        assert_eq!(bodies(&run_seed(&abort_case(), seed)), [expected], "seed {seed}");
    }
}

/// R19 through RPC: the calls a break stops fail with `durableObjectReset` and no `remote`;
/// a call that returned in the turn its `blockConcurrencyWhile` callback threw keeps its
/// result. Expected: workerd 1.20261117 on the same worker.
#[test]
fn rpc_calls_to_a_broken_object_fail_with_its_error() {
    let source = r##"import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.n = 0;
  }
  async hit() { return ++this.n; }
  async breakMe(reason) { await this.ctx.storage.put("k", "v"); if (reason === undefined) this.ctx.abort(); else this.ctx.abort(reason); return "after abort"; }
  async failBlock() { this.ctx.blockConcurrencyWhile(async () => { throw new RangeError("bcw failed"); }); return "returned"; }
  async slow() { await new Promise((r) => setTimeout(r, 50)); return "slow done"; }
  async get() { return await this.ctx.storage.get("k"); }
}
export default { async fetch(request, env) {
  const out = [];
  const path = new URL(request.url).pathname;
  const t = async (label, f) => { try { out.push(label + " ok " + JSON.stringify(await f())); } catch (e) { out.push(label + " " + e.name + ": " + e.message + (e.remote ? " remote" : "") + (e.durableObjectReset ? " reset" : "") + " " + Object.keys(e).join("/")); } };
  if (path === "/abort") {
    const id = env.OBJ.idFromName("a");
    const stub = env.OBJ.get(id);
    const unused = env.OBJ.get(id);
    await t("hit1", () => stub.hit());
    const slow = t("slow", () => stub.slow());
    await new Promise((r) => setTimeout(r, 5));
    await t("break", () => stub.breakMe("why"));
    await slow;
    await t("same stub", () => stub.hit());
    await t("unused stub", () => unused.hit());
    await t("new stub", () => env.OBJ.get(id).hit());
    await t("storage", () => env.OBJ.get(id).get());
    await t("same stub again", () => stub.hit());
    const b = env.OBJ.get(env.OBJ.idFromName("b"));
    await t("default reason", () => b.breakMe());
  } else {
    const id = env.OBJ.idFromName("c");
    const stub = env.OBJ.get(id);
    await t("hit1", () => stub.hit());
    await t("failBlock", () => stub.failBlock());
    await t("same stub", () => stub.hit());
    await t("new stub", () => env.OBJ.get(id).hit());
  }
  return new Response(out.join("\n"));
} };
"##;
    let mut model = Model::module("worker.mjs", source);
    model.durable_objects.push(DurableObjectSpec {
        binding: "OBJ".into(),
        class_name: "Obj".into(),
        sqlite: false,
        latency: MsRange::new_range(1, 10),
        script: None,
    });
    requests(&mut model, "/abort", &[0]);
    requests(&mut model, "/bcw", &[500]);
    let expected = [
        "hit1 ok 1
slow Error: why reset durableObjectReset
break Error: why reset durableObjectReset
same stub Error: why reset durableObjectReset
unused stub ok 1
new stub ok 2
storage ok undefined
same stub again Error: why reset durableObjectReset
default reason Error: Application called abort() to reset Durable Object. reset durableObjectReset",
        "hit1 ok 1
failBlock ok \"returned\"
same stub RangeError: bcw failed reset durableObjectReset
new stub ok 1",
    ];
    for seed in 0..10 {
        assert_eq!(bodies(&run_seed(&model, seed)), expected, "seed {seed}");
    }
}

/// R19 for SQL: the write a break catches unconfirmed is lost, the confirmed one stays
/// (the conformance case `tests/conformance/durable-object-abort-sql`; expected: workerd
/// 1.20261117).
#[test]
fn a_break_loses_the_sql_writes_not_yet_confirmed() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/durable-object-abort-sql/worker.mjs");
    let source = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let mut model = Model::module("worker.mjs", &source);
    model.durable_objects.push(DurableObjectSpec {
        binding: "OBJ".into(),
        class_name: "Obj".into(),
        sqlite: true,
        latency: MsRange::new_range(1, 10),
        script: None,
    });
    requests(&mut model, "/", &[0]);
    for seed in 0..10 {
        assert_eq!(
            bodies(&run_seed(&model, seed)),
            ["/insert inserted\n/insertAbort gone\n/read [{\"x\":1}]"],
            "seed {seed}"
        );
    }
}
