//! Real wrangler projects with npm dependencies, run unchanged (the worked examples in
//! `scenarios/`). The jose example needs `npm install`; without npm the test says so and
//! passes vacuously outside CI (in CI, `CI=true`, a missing npm is a failure).

use std::path::{Path, PathBuf};

use crosstalk_harness::session::Session;

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name)
}

/// Installs the folder's npm dependencies if needed; false when npm is unavailable.
fn npm_ready(folder: &Path) -> bool {
    if folder.join("node_modules").is_dir() {
        return true;
    }
    let ok = std::process::Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(folder)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(std::env::var("CI").map_or(true, |v| v != "true"), "CI needs npm to install {}", folder.display());
        eprintln!("skipping: npm install failed or npm is missing in {}", folder.display());
    }
    ok
}

/// The run's requests in the scenario's order (ids follow the arrival order the schedule
/// drew); requests a service binding made are not the scenario's.
fn in_scenario_order(checked: &crosstalk_harness::session::Checked) -> Vec<&crosstalk_runtime::RequestOutcome> {
    let mut answers: Vec<_> = checked.run.incoming().collect();
    answers.sort_by_key(|r| r.index);
    answers
}

fn statuses_and_bodies(answers: &[&crosstalk_runtime::RequestOutcome]) -> Vec<(Option<u16>, String)> {
    answers.iter().map(|r| (r.status, r.body.clone().unwrap_or_default())).collect()
}

/// Expected (status, body) pairs, written as workerd answered.
fn pairs(expected: &[(u16, &str)]) -> Vec<(Option<u16>, String)> {
    expected.iter().map(|(status, body)| (Some(*status), body.to_string())).collect()
}

#[test]
fn jose_verifies_rs256_and_es256_and_rejects_a_tampered_token_while_racing_on_a_cold_key_set() {
    let folder = scenario("jwt-project");
    if !npm_ready(&folder) {
        return;
    }
    let session = Session::load(&folder, None).expect("the wrangler project loads");
    for seed in 0..6 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        let by_path =
            |path: &str| checked.run.requests.iter().find(|r| r.url.ends_with(path)).expect("request present").clone();
        let rs = by_path("/rs256");
        assert_eq!(
            (rs.status, rs.body.as_deref()),
            (Some(200), Some(r#"{"sub":"user-42","alg":"RS256"}"#)),
            "seed {seed}"
        );
        let es = by_path("/es256");
        assert_eq!(
            (es.status, es.body.as_deref()),
            (Some(200), Some(r#"{"sub":"user-7","alg":"ES256"}"#)),
            "seed {seed}"
        );
        let tampered = by_path("/tampered");
        assert_eq!(
            (tampered.status, tampered.body.as_deref()),
            (Some(401), Some(r#"{"error":"ERR_JWS_SIGNATURE_VERIFICATION_FAILED"}"#)),
            "jose's own error code, seed {seed}"
        );
        // All three arrive within 5 ms, before the key set (10..60 ms) is fetched: they race
        // on a cold key set, and the run is clean.
        assert!(checked.findings.violations.is_empty(), "seed {seed}: {:?}", checked.findings.violations);
        assert!(checked.verdict.matches);
    }
}

#[test]
fn kv_project_runs_from_its_wrangler_toml_with_vars_secrets_and_kv() {
    let session = Session::load(&scenario("kv-project"), None).expect("loads");
    let checked = session.checked(Some(0), None).expect("runs");
    let bodies: Vec<_> = checked.run.requests.iter().map(|r| r.body.clone().unwrap_or_default()).collect();
    assert_eq!(bodies, vec!["hello, visit 42 of visits:/home", "hello, visit 43 of visits:/home", "unauthorized"]);
    assert!(checked.verdict.matches);
}

/// The hono example answers as workerd answered the same project (bundled with esbuild,
/// workerd 2026-11-17, compatibility date 2026-11-17): status, the headers hono sets and
/// the body, for every request and every schedule.
#[test]
fn hono_routes_cors_etag_stream_and_upload_answer_as_on_workerd() {
    let folder = scenario("hono-project");
    if !npm_ready(&folder) {
        return;
    }
    let session = Session::load(&folder, None).expect("the wrangler project loads");
    let etag = r#""6569556cd18dc816afe064d484f543d2dadeea20""#;
    for seed in 0..4 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        // In the scenario's order (ids follow the arrival order the schedule drew).
        let mut answers: Vec<_> = checked.run.requests.iter().collect();
        answers.sort_by_key(|r| r.index);
        let header = |i: usize, name: &str| {
            answers[i].headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
        };
        let status_body = |i: usize| (answers[i].status, answers[i].body.clone().unwrap_or_default());
        assert_eq!(status_body(0), (Some(200), r#"{"id":"7","agent":"crosstalk-test"}"#.to_string()), "seed {seed}");
        assert_eq!(header(0, "access-control-allow-origin"), "https://app.example");
        assert_eq!(header(0, "vary"), "Origin");
        assert_eq!(status_body(1).0, Some(204), "the preflight, seed {seed}");
        assert_eq!(header(1, "access-control-allow-methods"), "GET,POST");
        assert_eq!(status_body(2), (Some(200), "About crosstalk: deterministic simulation for Workers.".to_string()));
        assert_eq!(header(2, "etag"), etag);
        assert_eq!(status_body(3).0, Some(304), "a conditional GET with the ETag, seed {seed}");
        assert_eq!(header(3, "etag"), etag);
        assert_eq!(status_body(4), (Some(200), "one\ntwo\nthree\n".to_string()), "the streamed body, seed {seed}");
        assert_eq!(
            status_body(5),
            (
                Some(200),
                r#"{"title":"meeting notes","file":"notes.txt","type":"text/plain","size":23,"text":"first line\r\nsecond line"}"#
                    .to_string()
            ),
            "the multipart upload, seed {seed}"
        );
        assert_eq!(status_body(6), (Some(404), r#"{"error":"not found","path":"/missing"}"#.to_string()));
        assert!(checked.findings.violations.is_empty(), "seed {seed}: {:?}", checked.findings.violations);
        assert!(checked.verdict.matches);
    }
}

/// The TypeScript project (main = src/index.ts, a tsconfig path alias, a .tsx view with
/// hono/jsx) answers as workerd answered the same project bundled by esbuild with the
/// same tsconfig (workerd 2026-11-17, compatibility date 2026-11-17).
#[test]
fn a_typescript_hono_project_with_a_path_alias_and_tsx_answers_as_on_workerd() {
    let folder = scenario("typescript-project");
    if !npm_ready(&folder) {
        return;
    }
    let session = Session::load(&folder, None).expect("the wrangler project loads");
    for seed in 0..4 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        let mut answers: Vec<_> = checked.run.requests.iter().collect();
        answers.sort_by_key(|r| r.index);
        let got: Vec<(Option<u16>, String, String)> = answers
            .iter()
            .map(|r| {
                let kind = r.headers.iter().find(|(k, _)| k == "content-type").map(|(_, v)| v.clone());
                (r.status, kind.unwrap_or_default(), r.body.clone().unwrap_or_default())
            })
            .collect();
        let json = "application/json";
        let expected: Vec<(Option<u16>, String, String)> = [
            (200, "text/html; charset=UTF-8", concat!(
                r#"<html><body><h1>Welcome to the shop</h1><ul><li class="available">Anvil <small>(3 left)</small></li>"#,
                r#"<li class="available">Rope <small>(12 left)</small></li><li class="sold-out">Giant magnet "#,
                r#"<small>(0 left)</small></li></ul></body></html>"#
            )),
            (200, json, r#"{"sku":"anvil","name":"Anvil","stock":3,"cents":4999,"availability":"Low"}"#),
            (200, json, r#"{"sku":"magnet","name":"Giant magnet","stock":0,"cents":8800,"availability":"SoldOut"}"#),
            (404, json, r#"{"error":"no such item"}"#),
            (200, json, r#"{"total":"45.00","tax":"7.50","label":"VAT"}"#),
        ]
        .into_iter()
        .map(|(status, kind, body)| (Some(status), kind.to_string(), body.to_string()))
        .collect();
        assert_eq!(got, expected, "seed {seed}");
        assert!(checked.findings.violations.is_empty(), "seed {seed}: {:?}", checked.findings.violations);
        assert!(checked.verdict.matches);
    }
}

/// CommonJS-only packages (cookie, ms, and qs with its chain of get-intrinsic and
/// side-channel helpers, one of which maps a file away through its `browser` field) and
/// a CommonJS module of the project's own answer as workerd answered the same project
/// bundled by esbuild for the browser platform, as wrangler bundles (workerd 2026-11-17).
#[test]
fn commonjs_packages_and_modules_answer_as_on_workerd() {
    let folder = scenario("commonjs-project");
    if !npm_ready(&folder) {
        return;
    }
    let session = Session::load(&folder, None).expect("the wrangler project loads");
    for seed in 0..4 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        let answers = in_scenario_order(&checked);
        assert_eq!(
            statuses_and_bodies(&answers),
            pairs(&[
                (200, r#"{"user":"ada","theme":"dark"}"#),
                (
                    200,
                    r#"{"query":{"filter":{"status":"open","tags":["a","b"]},"page":"2"},"again":"filter[status]=open&filter[tags][0]=a&filter[tags][1]=b&page=2"}"#,
                ),
                (200, r#"{"plan":{"name":"pro","cents":2000,"trial":"2 days"},"region":"eu"}"#),
                (200, r#"{"plan":null,"region":"eu"}"#),
            ]),
            "seed {seed}"
        );
        let cookie = answers[0].headers.iter().find(|(k, _)| k == "set-cookie").map(|(_, v)| v.as_str());
        assert_eq!(cookie, Some("seen=1; Max-Age=86400; Path=/; HttpOnly"), "seed {seed}");
        assert!(checked.findings.violations.is_empty(), "seed {seed}: {:?}", checked.findings.violations);
        assert!(checked.verdict.matches);
    }
}

/// @upstash/ratelimit ships CommonJS only; with @upstash/redis against an origin that
/// answers Upstash's REST pipeline, both requests answer as workerd answered the same
/// project bundled by esbuild (workerd 2026-11-17, a loopback origin with the same body).
#[test]
fn a_commonjs_only_rate_limiter_answers_as_on_workerd() {
    let folder = scenario("ratelimit-project");
    if !npm_ready(&folder) {
        return;
    }
    let session = Session::load(&folder, None).expect("the wrangler project loads");
    for seed in 0..4 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        let answers = in_scenario_order(&checked);
        assert_eq!(
            statuses_and_bodies(&answers),
            pairs(&[
                (200, r#"{"user":"ada","success":true,"limit":2,"remaining":1}"#),
                (200, r#"{"user":"grace","success":true,"limit":2,"remaining":1}"#),
            ]),
            "seed {seed}"
        );
        assert!(checked.findings.violations.is_empty(), "seed {seed}: {:?}", checked.findings.violations);
    }
}

/// itty-router with zod 4, valibot, superjson and toucan-js answers as workerd answered
/// the same project (bundled with esbuild, workerd 2026-11-17). zod 4 needs the
/// workaround for boa's self-replacing-getter defect (ARCHITECTURE.md).
#[test]
fn itty_router_zod_valibot_superjson_and_toucan_answer_as_on_workerd() {
    let folder = scenario("libraries-project");
    if !npm_ready(&folder) {
        return;
    }
    let session = Session::load(&folder, None).expect("the wrangler project loads");
    for seed in 0..4 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        let answers = in_scenario_order(&checked);
        assert_eq!(
            statuses_and_bodies(&answers),
            pairs(&[
                (200, r#"{"hello":"ada"}"#),
                (
                    400,
                    r#"{"status":400,"error":"Too small: expected string to have >=2 characters; Too small: expected number to be >0"}"#
                ),
                (200, r#"{"name":"grace","age":36}"#),
                (200, r#"{"ok":false,"issue":"Invalid length: Expected >=2 but received 1"}"#),
                (
                    200,
                    r#""{\"json\":{\"d\":\"1970-01-01T00:00:00.000Z\",\"m\":[[1,2]]},\"meta\":{\"values\":{\"d\":[\"Date\"],\"m\":[\"map\"]},\"v\":1}}""#
                ),
                (200, r#"{"sent":true}"#),
            ]),
            "seed {seed}"
        );
        let cors = answers[0].headers.iter().find(|(k, _)| k == "access-control-allow-origin").map(|(_, v)| v.as_str());
        assert_eq!(cors, Some("*"), "seed {seed}");
        assert!(checked.verdict.matches, "seed {seed}: {:?}", checked.findings.violations);
    }
}

/// The D1 example answers as workerd 1.20261117 answered the same worker (its D1 binding
/// over a SQLite Durable Object, the database set up with the same two migrations), for
/// every schedule: inserts with their row ids, D1's foreign-key error, the listing, and
/// the counters written under waitUntil.
#[test]
fn d1_project_runs_from_its_migrations_and_answers_as_on_workerd() {
    let session = Session::load(&scenario("d1-project"), None).expect("the wrangler project loads");
    let expected = pairs(&[
        (201, r#"{"id":3}"#),
        (201, r#"{"id":4}"#),
        (
            400,
            r#"{"error":"D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_FOREIGNKEY)"}"#,
        ),
        (
            200,
            r#"[{"id":1,"body":"first note","author":"alice"},{"id":2,"body":"hello from bob","author":"bob"},{"id":3,"body":"buy milk","author":"alice"},{"id":4,"body":"call carol","author":"bob"}]"#,
        ),
        (200, r#"[["name","notes"],["alice",2],["bob",2]]"#),
    ]);
    for seed in 0..6 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        assert_eq!(statuses_and_bodies(&in_scenario_order(&checked)), expected, "seed {seed}");
        assert!(checked.verdict.matches, "seed {seed}: {:?}", checked.findings.violations);
    }
}

/// The R2 example, for every schedule: the upload's ETag is the MD5 of the content
/// (RFC 1321: md5("hello world")), the download carries the stored content type and that
/// ETag, a GET with a matching If-None-Match is answered 304 without a body (R2's
/// conditional get returns the object's metadata only), and the listing includes the
/// HTTP metadata it asked for.
#[test]
fn r2_project_uploads_downloads_and_revalidates() {
    let session = Session::load(&scenario("r2-project"), None).expect("the wrangler project loads");
    let etag = "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"";
    for seed in 0..6 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        let answers = in_scenario_order(&checked);
        let header = |i: usize, name: &str| {
            answers[i].headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
        };
        assert_eq!(
            statuses_and_bodies(&answers),
            pairs(&[
                (201, ""),
                (200, "hello world"),
                (304, ""),
                (200, r#"[{"key":"hello.txt","size":11,"type":"text/plain; charset=utf-8"}]"#),
                (404, "not found"),
            ]),
            "seed {seed}"
        );
        assert_eq!((header(0, "etag").as_str(), header(1, "etag").as_str()), (etag, etag));
        assert_eq!(header(1, "content-type"), "text/plain; charset=utf-8");
        assert_eq!(header(2, "etag"), etag);
        assert!(checked.verdict.matches, "seed {seed}: {:?}", checked.findings.violations);
    }
}

/// The queue example, for every schedule: the producer's send is accepted with a backlog
/// of one message, the delivered batch stores the well-formed order and retries the
/// malformed one (each message's fate as the Queues documentation defines it), and the
/// cron handler's report, written under waitUntil, counts what the consumer stored.
#[test]
fn queue_project_produces_consumes_and_reports() {
    let session = Session::load(&scenario("queue-project"), None).expect("the wrangler project loads");
    for seed in 0..6 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        let answers = in_scenario_order(&checked);
        let outcomes: Vec<_> =
            answers.iter().map(|r| (r.outcome, r.status, r.body.clone().unwrap_or_default())).collect();
        use crosstalk_runtime::OutcomeKind::{Completed, Response};
        assert_eq!(
            outcomes,
            [
                (Response, Some(202), r#"{"queued":"o-3","backlog":1}"#.to_string()),
                (Response, Some(200), "book".to_string()),
                (Response, Some(200), "1 orders at 2024-01-01T00:00:00.200Z".to_string()),
                // Events follow the requests: [[scheduled]], then [[queue_batch]].
                (Completed, None, String::new()),
                (Completed, None, r#"{"acked":["m-1"],"retried":["m-2"]}"#.to_string()),
            ],
            "seed {seed}"
        );
        assert!(checked.verdict.matches, "seed {seed}: {:?}", checked.findings.violations);
    }
}

/// The service-binding example, two wrangler projects, for every schedule, with the
/// bodies workerd 1.20261117 gives the same two workers (bound to each other as the
/// wrangler files say): a token checked over HTTP by the default entrypoint, an RPC
/// result with a `Date` inside, an RPC `RangeError` that arrives as a `RangeError`, and the
/// 401 answers of a wrong and a missing token. Every call is a request of its own in the
/// accounts worker's isolate, made by the gateway request that called.
#[test]
fn service_project_calls_a_second_worker_over_http_and_rpc_as_on_workerd() {
    let session = Session::load(&scenario("service-project"), None).expect("the two wrangler projects load");
    let expected = pairs(&[
        (200, r#"{"name":"Ada","plan":"pro","since":2021,"of":2}"#),
        (404, r#"{"error":"RangeError: no account u9"}"#),
        (403, "forbidden: bad token"),
        (403, "forbidden: no token"),
    ]);
    for seed in 0..6 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        let answers = in_scenario_order(&checked);
        assert_eq!(statuses_and_bodies(&answers), expected, "seed {seed}");
        assert!(checked.verdict.matches, "seed {seed}: {:?}", checked.findings.violations);
        // A check and two RPC calls for u1, a check and the failing lookup for u9, one
        // check each for the other two: 7 calls, each made by a gateway request, none in
        // the gateway's isolate.
        let calls: Vec<_> = checked.run.requests.iter().filter(|r| r.called_by.is_some()).collect();
        assert_eq!(calls.len(), 7, "seed {seed}");
        for call in calls {
            let caller = call.called_by.as_ref().expect("filtered above");
            let gateway = checked.run.requests.iter().find(|r| r.id == caller.request).expect("the caller ran");
            assert!(gateway.called_by.is_none() && gateway.isolate != call.isolate, "seed {seed}: {call:?}");
        }
    }
}
