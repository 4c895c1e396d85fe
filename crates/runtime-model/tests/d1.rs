//! D1 database bindings: the binding's API with D1's results and errors, statements
//! applied when the call completes (R2), calls dropped at the true ResponseTime (R6),
//! SQLite's clock and randomness from the simulation (R3).
//!
//! Expected texts and shapes come from workerd 1.20261117 running its D1 binding module
//! (`cloudflare-internal:d1-api`) over a SQLite Durable Object, the same SQLite layer D1
//! runs on; where that local stand-in and the D1 service differ (a failed `batch` is
//! rolled back; BLOBs come back as arrays of octets), the test says so and follows D1's
//! documentation.

mod common;

use common::*;
use crosstalk_runtime::{D1Spec, Model, MsRange, RequestSpec, SqlFile};

const SCHEMA: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, score REAL, data BLOB, flag INTEGER);\n\
                      INSERT INTO users (email, score) VALUES ('a@x', 1.5);\n";

fn d1(latency: MsRange, schema: &str) -> D1Spec {
    D1Spec {
        binding: "DB".into(),
        latency,
        migrations: vec![SqlFile { name: "migrations/0001_init.sql".into(), text: schema.into() }],
    }
}

fn model(script: &str, latency: MsRange) -> Model {
    let mut model = Model::module("worker.mjs", script);
    model.d1.push(d1(latency, SCHEMA));
    model
}

/// Runs `body` (the inside of an async fetch handler that fills `out`) and returns
/// `out` as JSON text.
fn probe(body: &str) -> String {
    let script = format!(
        r#"export default {{ async fetch(request, env) {{
          const out = {{}};
          const t = async (name, f) => {{
            try {{ out[name] = await f(); }}
            catch (e) {{ out[name] = 'THROW ' + e.name + ': ' + e.message + (e.cause ? ' | cause: ' + e.cause.message : ''); }}
          }};
          {body}
          return new Response(JSON.stringify(out));
        }} }};"#
    );
    let model = model(&script, MsRange::fixed(5)).with_requests("https://w.example/", MsRange::fixed(0), 1);
    let run = run_first(&model);
    run.request(1).unwrap().body.clone().expect("the probe answers")
}

#[test]
fn statements_return_d1s_shapes() {
    let out = probe(
        r#"await t('run', async () => {
             const r = await env.DB.prepare('INSERT INTO users (email, score, data, flag) VALUES (?, ?, ?, ?)').bind('b@x', 2, new Uint8Array([1,2,3]), true).run();
             return [r.success, r.meta.changes, r.meta.last_row_id, r.meta.changed_db, r.meta.size_after, r.results];
           });
           await t('all', async () => { const r = await env.DB.prepare('SELECT id, email, score, flag FROM users ORDER BY id').all(); return [r.success, r.meta.changed_db, r.results]; });
           await t('first', () => env.DB.prepare('SELECT id, email FROM users WHERE email = ?1').bind('b@x').first());
           await t('firstcol', () => env.DB.prepare('SELECT email FROM users WHERE id = ?').bind(1).first('email'));
           await t('firstnone', () => env.DB.prepare('SELECT email FROM users WHERE id = ?').bind(99).first('email'));
           await t('raw', () => env.DB.prepare('SELECT id, email FROM users ORDER BY id').raw());
           await t('rawcols', () => env.DB.prepare('SELECT id, email FROM users ORDER BY id').raw({ columnNames: true }));
           await t('multi', async () => (await env.DB.prepare('SELECT 1; SELECT 2').all()).results);
           await t('types', () => env.DB.prepare("SELECT 1 AS i, 1.0 AS f, 2.5 AS r, 'x' AS s, NULL AS n, 9007199254740993 AS big").first());
           await t('bindnum', () => env.DB.prepare('SELECT typeof(?) AS a, typeof(?) AS b').bind(1, 1.5).first());
           await t('stmtkeys', () => Object.keys(env.DB.prepare('SELECT 1')));
           await t('exec', () => env.DB.exec('CREATE TABLE t (x);\nINSERT INTO t VALUES (1);'));"#,
    );
    let expected = concat!(
        r#"{"run":[true,1,2,true,12288,[]],"#,
        r#""all":[true,false,[{"id":1,"email":"a@x","score":1.5,"flag":null},{"id":2,"email":"b@x","score":2,"flag":1}]],"#,
        r#""first":{"id":2,"email":"b@x"},"firstcol":"a@x","firstnone":null,"#,
        r#""raw":[[1,"a@x"],[2,"b@x"]],"rawcols":[["id","email"],[1,"a@x"],[2,"b@x"]],"#,
        r#""multi":[{"2":2}],"#,
        r#""types":{"i":1,"f":1,"r":2.5,"s":"x","n":null,"big":9007199254740992},"#,
        r#""bindnum":{"a":"real","b":"real"},"stmtkeys":["statement","params"],"#,
        r#""exec":{"count":2,"duration":0}}"#,
    );
    assert_eq!(out, expected);
}

#[test]
fn errors_carry_d1s_words() {
    let out = probe(
        r#"await t('badcol', () => env.DB.prepare('SELECT email FROM users WHERE id = ?').bind(1).first('nope'));
           await t('unique', () => env.DB.prepare('INSERT INTO users (email) VALUES (?)').bind('a@x').run());
           await t('nosuchtable', () => env.DB.prepare('SELECT * FROM nope').all());
           await t('syntax', () => env.DB.prepare('SELEC * FROM users').all());
           await t('bindundef', () => env.DB.prepare('SELECT ?').bind(undefined).all());
           await t('bindobj', () => env.DB.prepare('SELECT ?').bind({a:1}).all());
           await t('toofew', () => env.DB.prepare('SELECT ?, ?').bind(1).all());
           await t('execfail', () => env.DB.exec('SELECT 1;\nSELECT * FROM nope;'));
           await t('emptyexec', () => env.DB.exec(''));"#,
    );
    let expected = [
        r#""badcol":"THROW Error: D1_COLUMN_NOTFOUND: Column not found (nope) | cause: Column not found""#,
        r#""unique":"THROW Error: D1_ERROR: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE) | cause: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)""#,
        r#""nosuchtable":"THROW Error: D1_ERROR: no such table: nope: SQLITE_ERROR | cause: no such table: nope: SQLITE_ERROR""#,
        r#""syntax":"THROW Error: D1_ERROR: near \"SELEC\": syntax error at offset 0: SQLITE_ERROR | cause: near \"SELEC\": syntax error at offset 0: SQLITE_ERROR""#,
        r#""bindundef":"THROW Error: D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined' | cause: Type 'undefined' not supported for value 'undefined'""#,
        r#""bindobj":"THROW Error: D1_TYPE_ERROR: Type 'object' not supported for value '[object Object]' | cause: Type 'object' not supported for value '[object Object]'""#,
        r#""toofew":"THROW Error: D1_ERROR: Wrong number of parameter bindings for SQL query. | cause: Wrong number of parameter bindings for SQL query.""#,
        r#""execfail":"THROW Error: D1_EXEC_ERROR: Error in line 2: SELECT * FROM nope;: no such table: nope: SQLITE_ERROR | cause: Error in line 2: SELECT * FROM nope;: no such table: nope: SQLITE_ERROR""#,
        r#""emptyexec":"THROW Error: D1_EXEC_ERROR: Error in line 1: : SQL code did not contain a statement. | cause: Error in line 1: : SQL code did not contain a statement.""#,
    ];
    assert_eq!(out, format!("{{{}}}", expected.join(",")));
}

#[test]
fn a_failed_batch_is_rolled_back_and_blobs_are_octets() {
    // D1's documentation: a batch is a transaction, and a failing statement rolls back
    // the whole sequence; a BLOB is returned as an array of octets. (workerd's local
    // stand-in applies the statements one by one and returns an object for a BLOB.)
    let out = probe(
        r#"await t('batch', async () => (await env.DB.batch([
               env.DB.prepare('INSERT INTO users (email) VALUES (?)').bind('c@x'),
               env.DB.prepare('SELECT count(*) AS n FROM users')])).map(r => r.results));
           await t('batchfail', () => env.DB.batch([
               env.DB.prepare('INSERT INTO users (email) VALUES (?)').bind('d@x'),
               env.DB.prepare('INSERT INTO users (email) VALUES (?)').bind('a@x')]));
           await t('after', () => env.DB.prepare("SELECT count(*) AS n FROM users WHERE email = 'd@x'").first('n'));
           await t('blob', async () => { await env.DB.prepare('INSERT INTO users (email, data) VALUES (?, ?)').bind('e@x', new Uint8Array([1, 2, 255]).buffer).run();
                                        return env.DB.prepare("SELECT data, x'00ff' AS lit FROM users WHERE email = 'e@x'").first(); });"#,
    );
    let expected = concat!(
        r#"{"batch":[[],[{"n":2}]],"#,
        r#""batchfail":"THROW Error: D1_ERROR: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE) | cause: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)","#,
        r#""after":0,"blob":{"data":[1,2,255],"lit":[0,255]}}"#,
    );
    assert_eq!(out, expected);
}

#[test]
fn sessions_hand_out_bookmarks_that_only_move_forward() {
    let out = probe(
        r#"await t('session', async () => {
             const s = env.DB.withSession('first-primary');
             const before = s.getBookmark();
             await s.prepare("INSERT INTO users (email) VALUES ('s@x')").run();
             const first = s.getBookmark();
             await s.prepare('SELECT 1').first();
             const second = s.getBookmark();
             const again = env.DB.withSession(first);
             return [before, typeof first, first <= second, again.getBookmark() === first, env.DB.withSession().getBookmark()];
           });"#,
    );
    assert_eq!(out, r#"{"session":[null,"string",true,true,null]}"#);
}

#[test]
fn r2_statements_run_when_the_call_completes_so_concurrent_requests_interleave() {
    // Read-modify-write across an await: both requests read the score before either
    // write lands, so one increment is lost, the race D1 code meets on a busy server.
    let script = r#"export default { async fetch(request, env) {
        const path = new URL(request.url).pathname;
        if (path === '/read') return new Response(String(await env.DB.prepare("SELECT score FROM users WHERE email = 'a@x'").first('score')));
        const score = await env.DB.prepare("SELECT score FROM users WHERE email = 'a@x'").first('score');
        await env.DB.prepare("UPDATE users SET score = ? WHERE email = 'a@x'").bind(score + 1).run();
        return new Response('ok');
    } };"#;
    let mut model = model(script, MsRange::fixed(10));
    model.requests = vec![
        RequestSpec::get("https://w.example/inc", 0),
        RequestSpec::get("https://w.example/inc", 5),
        RequestSpec::get("https://w.example/read", 100),
    ];
    let run = run_first(&model);
    assert_eq!(run.request(3).unwrap().body.as_deref(), Some("2.5"), "1.5 + 1, once: an update was lost");
    // One after the other, both increments land.
    model.requests[1] = RequestSpec::get("https://w.example/inc", 50);
    let run = run_first(&model);
    assert_eq!(run.request(3).unwrap().body.as_deref(), Some("3.5"));
    let done: Vec<u64> = events(&run, "d1-done").map(|e| e.t_ms).collect();
    assert_eq!(done, vec![10, 20, 60, 70, 110]);
}

#[test]
fn r6_a_write_not_under_wait_until_is_dropped_at_the_response() {
    let script = r#"export default { async fetch(request, env, ctx) {
        const path = new URL(request.url).pathname;
        if (path === '/count') return new Response(String(await env.DB.prepare('SELECT count(*) AS n FROM users').first('n')));
        const write = env.DB.prepare("INSERT INTO users (email) VALUES ('new@x')").run();
        if (path === '/kept') ctx.waitUntil(write);
        return new Response('ok');
    } };"#;
    let mut model = model(script, MsRange::fixed(10));
    model.requests =
        vec![RequestSpec::get("https://w.example/forgot", 0), RequestSpec::get("https://w.example/count", 50)];
    let run = run_first(&model);
    let cancelled = cancelled_at_response(&run);
    assert_eq!(cancelled, vec![(0, "d1://DB run(INSERT INTO users (email) VALUES ('new@x'))".to_string())]);
    assert_eq!(run.request(2).unwrap().body.as_deref(), Some("1"), "the insert never ran");
    model.requests[0] = RequestSpec::get("https://w.example/kept", 0);
    let run = run_first(&model);
    assert_eq!(run.request(2).unwrap().body.as_deref(), Some("2"));
    assert!(events(&run, "subrequest-cancelled").next().is_none());
}

#[test]
fn r3_sqlite_reads_the_virtual_clock_and_the_schedules_randomness() {
    let script = r#"export default { async fetch(request, env) {
        const row = await env.DB.prepare("SELECT datetime('now') AS now, random() AS r, hex(randomblob(4)) AS b").first();
        return new Response(row.now + '|' + row.r + '|' + row.b);
    } };"#;
    let mut model = model(script, MsRange::fixed(7));
    model.epoch_ms = 1_796_083_200_000; // 2026-12-01T00:00:00Z
    model.requests = vec![RequestSpec::get("https://w.example/", 1000)];
    let body = |seed| run_seed(&model, seed).request(1).unwrap().body.clone().unwrap();
    let first = body(3);
    assert!(first.starts_with("2026-12-01 00:00:01|"), "arrival 1000 ms + 7 ms latency: {first}");
    assert_eq!(first, body(3), "same seed, same random values");
    assert_ne!(first, body(4));
}

#[test]
fn r11_a_result_too_large_to_handle_is_a_cpu_limit_stop() {
    let script = r#"export default { async fetch(request, env) {
        // raw() hands the rows over with no JS call per row: only the conversion counts.
        const results = await env.DB.prepare(
          'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 200000) SELECT x FROM c').raw();
        return new Response(String(results.length));
    } };"#;
    let mut model = model(script, MsRange::fixed(1)).with_requests("https://w.example/", MsRange::fixed(0), 1);
    model.limits.cpu_work_per_task_max = 100_000;
    let run = run_first(&model);
    let outcome = run.request(1).unwrap();
    assert_eq!(outcome.error.as_deref(), Some("Error: Worker exceeded CPU time limit."));
    assert_eq!(events(&run, "cpu-limit").count(), 1);
}
