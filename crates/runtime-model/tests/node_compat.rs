//! Built-in `node:` modules crosstalk provides under `nodejs_compat`, the unmodelled
//! binding stand-ins and `WebSocketPair`.

mod common;

use common::*;
use crosstalk_runtime::{MemorySource, Model, MsRange, RequestSpec, Syntax};

fn module_model(script: &str) -> Model {
    Model::new("m", Syntax::Module, MemorySource::single("worker.mjs", script))
}

#[test]
fn async_local_storage_follows_each_requests_continuations() {
    let script = r#"
        import { AsyncLocalStorage } from 'node:async_hooks';
        const als = new AsyncLocalStorage();
        async function step(ms) { await new Promise(r => setTimeout(r, ms)); return als.getStore(); }
        export default {
          fetch(request) {
            const id = new URL(request.url).pathname;
            return als.run(id, async () => {
              const a = await step(id === '/1' ? 30 : 10);
              const b = await Promise.all([step(5), Promise.resolve().then(() => als.getStore())]);
              const c = await new Promise(r => setTimeout(() => r(als.getStore()), 1));
              return new Response([a, ...b, c, als.getStore()].join(' '));
            });
          },
        };
    "#;
    let mut model = module_model(script);
    model.requests = vec![RequestSpec::get("https://w.example/1", 0), RequestSpec::get("https://w.example/2", 0)];
    for seed in 0..4 {
        let run = run_seed(&model, seed);
        assert_eq!(run.request(1).unwrap().body.as_deref(), Some("/1 /1 /1 /1 /1"), "seed {seed}");
        assert_eq!(run.request(2).unwrap().body.as_deref(), Some("/2 /2 /2 /2 /2"), "seed {seed}");
    }
}

#[test]
fn events_and_buffer_modules_work() {
    let script = r#"
        import { EventEmitter, once } from 'node:events';
        import { Buffer } from 'node:buffer';
        export default {
          async fetch() {
            const e = new EventEmitter();
            const seen = [];
            e.on('x', v => seen.push('on ' + v));
            e.once('x', v => seen.push('once ' + v));
            e.emit('x', 1); e.emit('x', 2);
            const waited = once(e, 'y');
            e.emit('y', 'done');
            const b = Buffer.from('héllo');
            return new Response([seen.join(','), (await waited)[0], b.toString('hex'), b.toString('base64'),
              Buffer.from('aGk', 'base64url').toString(), Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(),
              Buffer.isBuffer(b), b.length].join('|'));
          },
        };
    "#;
    let model = module_model(script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(
        run_first(&model).requests[0].body.as_deref(),
        Some("on 1,once 1,on 2|done|68c3a96c6c6f|aMOpbGxv|hi|ab|true|6")
    );
}

#[test]
fn unmodelled_bindings_are_present_and_throw_naming_the_binding() {
    let script = r#"
        export default {
          async fetch(request, env) {
            const present = typeof env.DB;
            try { await env.DB.prepare('select 1'); return new Response('ran'); }
            catch (err) { return new Response(present + ': ' + err.message); }
          },
        };
    "#;
    let mut model = module_model(script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    model.unsupported_bindings.insert("DB".into(), "d1_databases".into());
    let body = run_first(&model).requests[0].body.clone().unwrap();
    assert!(body.starts_with("object: env.DB.prepare was used, but env.DB is a D1 database (d1_databases), which crosstalk does not model yet"), "{body}");
}

#[test]
fn websocket_pair_exists_as_in_workers() {
    let script = r#"
        export default {
          fetch() {
            const pair = new WebSocketPair();
            let error = '';
            try { pair[1].accept(); } catch (e) { error = e.message.split(':')[0]; }
            return new Response([typeof WebSocketPair, pair[0] instanceof WebSocket, error].join('|'));
          },
        };
    "#;
    let model = module_model(script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(
        run_first(&model).requests[0].body.as_deref(),
        Some("function|true|WebSockets are not modelled by crosstalk")
    );
}

#[test]
fn cache_api_stores_per_isolate_and_matched_bodies_belong_to_the_matcher() {
    let script = r#"
        let kept;
        export default {
          async fetch(request) {
            const path = new URL(request.url).pathname;
            const key = 'https://w.example/cached';
            if (path === '/put') {
              await caches.default.put(key, new Response('cached body', { headers: { 'x-a': '1' } }));
              const named = await caches.open('mine');
              return new Response(String(await named.match(key)));
            }
            if (path === '/match') {
              kept = await caches.default.match(key);
              return new Response(kept.headers.get('x-a') + ' ' + (await kept.clone().text()));
            }
            try { await kept.text(); return new Response('read'); }
            catch (err) { return new Response(err.message.split('.')[0]); }
          },
        };
    "#;
    let mut model = module_model(script);
    model.requests = vec![
        RequestSpec::get("https://w.example/put", 0),
        RequestSpec::get("https://w.example/match", 10),
        RequestSpec::get("https://w.example/other", 20),
    ];
    let run = run_first(&model);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("undefined"), "a named cache is separate");
    assert_eq!(run.request(2).unwrap().body.as_deref(), Some("1 cached body"));
    assert_eq!(
        run.request(3).unwrap().body.as_deref(),
        Some("Cannot perform I/O on behalf of a different request"),
        "R8: the matched body belongs to r2"
    );
}
