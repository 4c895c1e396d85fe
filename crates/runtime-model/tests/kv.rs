//! KV namespace bindings: I/O owned by the request, applied when complete, dropped at
//! the true ResponseTime unless waitUntil holds it (R2, R6).

mod common;

use common::*;
use crosstalk_runtime::{KvSpec, Model, MsRange, RequestSpec};
use std::collections::BTreeMap;

fn kv(latency: MsRange, data: &[(&str, &str)]) -> KvSpec {
    KvSpec {
        binding: "STATS".into(),
        latency,
        data: data.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>(),
    }
}

fn bomb(origin_ms: u64, kv_ms: u64) -> crosstalk_runtime::Run {
    let mut model = module("cleanup-bomb-kv").with_requests("https://worker.example/file", MsRange::fixed(0), 1);
    model.origins.push(origin("https://origin.example/", MsRange::fixed(origin_ms), "file"));
    model.kv.push(kv(MsRange::fixed(kv_ms), &[("visits", "41")]));
    run_first(&model)
}

#[test]
fn r6_kv_put_in_flight_at_the_true_response_time_is_dropped() {
    // get completes at 10, put would complete at 20; the origin answers at 15.
    let run = bomb(15, 10);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("file"));
    let dropped = cancelled_at_response(&run);
    assert_eq!(dropped, vec![(15, "kv://STATS/visits (put)".to_string())]);
}

#[test]
fn r6_kv_put_that_completes_before_the_response_lands() {
    let run = bomb(50, 10);
    assert!(events(&run, "subrequest-cancelled").next().is_none());
    assert_eq!(events(&run, "kv-done").count(), 2);
}

#[test]
fn kv_reads_see_writes_once_they_complete_and_support_types_metadata_and_list() {
    let script = r#"export default { async fetch(request, env, ctx) {
        const path = new URL(request.url).pathname;
        if (path === '/peek') return new Response(String(await env.STATS.get('user:1')) + ' ' + await env.STATS.get('gone'));
        if (path === '/write') {
          await new Promise(r => setTimeout(r, 10));
          await env.STATS.put('user:1', JSON.stringify({ n: 1 }), { metadata: { v: 2 } });
          await env.STATS.put('user:2', 'two', { expirationTtl: 60 });
          await env.STATS.delete('gone');
          return new Response('written');
        }
        const json = await env.STATS.get('user:1', 'json');
        const withMeta = await env.STATS.getWithMetadata('user:1', { type: 'text' });
        const list = await env.STATS.list({ prefix: 'user:', limit: 1 });
        const rest = await env.STATS.list({ prefix: 'user:', cursor: list.cursor });
        const buffer = await env.STATS.get('user:2', 'arrayBuffer');
        return new Response([json?.n, withMeta.metadata?.v, list.keys.map(k => k.name), list.list_complete,
          rest.keys.map(k => k.name + '@' + (k.expiration ?? '-')), buffer?.byteLength, await env.STATS.get('gone')].join('|'));
    } };"#;
    let mut model = Model::module("worker.mjs", script);
    model.kv.push(kv(MsRange::fixed(5), &[("gone", "x")]));
    // The reader arrives before the writes complete, then again after.
    model.requests = vec![
        RequestSpec::get("https://w.example/write", 0),
        RequestSpec::get("https://w.example/peek", 1),
        RequestSpec::get("https://w.example/read", 100),
    ];
    let run = run_first(&model);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("written"));
    assert_eq!(run.request(2).unwrap().body.as_deref(), Some("null x"), "nothing written yet at 11 ms");
    // user:2 was put at 20 ms with a 60 s TTL.
    let expiry = (crosstalk_runtime::DEFAULT_EPOCH_MS + 20 + 60_000) / 1000;
    assert_eq!(run.request(3).unwrap().body.as_deref(), Some(&*format!("1|2|user:1|false|user:2@{expiry}|3|")));
}

/// workerd hands the worker the KV service's list JSON (`keys`, `list_complete`, `cursor`)
/// and sets `cacheStatus` last: the worker sees the keys in that order (workerd
/// 1.20261117 through `crosstalk conform`, `tests/conformance/kv-operations`).
#[test]
fn kv_list_results_keep_workerds_key_order() {
    let script = r#"export default { async fetch(request, env) {
        await env.STATS.put('a', '1'); await env.STATS.put('b', '2');
        const page = await env.STATS.list({ limit: 1 });
        const rest = await env.STATS.list({ cursor: page.cursor });
        return new Response(Object.keys(page).join() + ' ' + Object.keys(rest).join());
    } };"#;
    let mut model = Model::module("worker.mjs", script);
    model.kv.push(kv(MsRange::fixed(1), &[]));
    model.requests = vec![RequestSpec::get("https://w.example/", 0)];
    let run = run_first(&model);
    assert_eq!(
        run.request(1).unwrap().body.as_deref(),
        Some("keys,list_complete,cursor,cacheStatus keys,list_complete,cacheStatus")
    );
}

#[test]
fn r2_kv_at_the_top_level_throws() {
    let script = "export default { fetch() { return new Response('x'); } }; await globalThis.STATS?.get('k');";
    let mut model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    model.kv.push(kv(MsRange::fixed(5), &[]));
    // In module syntax the binding lives on env, not on the global: nothing to call.
    assert!(crosstalk_runtime::simulate(&model, &mut crosstalk_runtime::FirstScheduler).is_ok());
    let script = "addEventListener('fetch', e => e.respondWith(new Response('x'))); STATS.get('k');";
    let mut model =
        Model::service_worker("worker.js", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    model.kv.push(kv(MsRange::fixed(5), &[]));
    let error = crosstalk_runtime::simulate(&model, &mut crosstalk_runtime::FirstScheduler).unwrap_err();
    assert!(error.to_string().contains("Disallowed operation called within global scope"), "{error}");
}
