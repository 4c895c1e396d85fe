//! Each trace-only kind on a worker that triggers it and a near-identical worker that
//! must not (the false-positive guard). Oracles are off here; `oracles.rs` and
//! `seeds.rs` run everything.

mod common;

use common::*;
use crosstalk_checker::Kind;
use crosstalk_runtime::{Location, Owner};

#[test]
fn hang_and_cross_request_await_blocker_pending_shared_promise() {
    let model = sw(&scenario_script("blocker", "worker.js"), 2);
    let run = run_first(&model);
    let found = trace_findings(&model, &run);
    assert_eq!(kinds(&found), vec![Kind::Hang, Kind::CrossRequestAwait]);
    let await_v = found.violations.iter().find(|v| v.kind == Kind::CrossRequestAwait).unwrap();
    // r2 waited; r1's 20 s timer (set inside sleep(), line 22) settled the promise.
    assert_eq!(await_v.request, Owner::Request(2));
    assert_eq!(await_v.related, vec![Owner::Request(1)]);
    assert!(await_v.location.as_ref().is_some_and(|l| l.file == "worker.js"));
    assert_eq!(await_v.see_also[0].location, Location::new("worker.js", 22, 15));
    assert!(await_v.message.contains("r1's 20000 ms timer #1"), "{}", await_v.message);
    assert!(await_v.message.contains("The script will never generate a response."), "{}", await_v.message);
    let hang = found.violations.iter().find(|v| v.kind == Kind::Hang).unwrap();
    assert_eq!((hang.request, hang.t_ms), (Owner::Request(2), 0));
}

#[test]
fn hang_guard_awaiting_an_already_fulfilled_shared_promise() {
    let model = sw_paths(&scenario_script("blocker-fulfilled", "worker.js"), &[("/", 0), ("/", 50)]);
    let run = run_first(&model);
    assert_eq!(kinds(&trace_findings(&model, &run)), vec![]);
}

#[test]
fn hang_without_cross_request_evidence_explains_the_dropped_settler() {
    // r2 awaits a promise only r1's timer would settle; r1 answers first, its timer is
    // dropped, so nothing ever settles it: a hang, but no cross-request reaction ran.
    let script = r#"
        let resolveShared;
        const shared = new Promise(r => { resolveShared = r; });
        addEventListener('fetch', e => e.respondWith((async () => {
          if (new URL(e.request.url).pathname === '/a') {
            setTimeout(() => resolveShared('done'), 100);
            return new Response('a');
          }
          return new Response('b ' + await shared);
        })()));
    "#;
    let model = sw_paths(script, &[("/a", 0), ("/b", 0)]);
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![Kind::Hang, Kind::DroppedWork]);
    let hang = found.violations.iter().find(|v| v.kind == Kind::Hang).unwrap();
    assert_eq!(hang.related, vec![Owner::Request(1)]);
    assert!(hang.message.contains("r1's timer #1 set at worker.js:6:23"), "{}", hang.message);
}

const RESOLUTION: &str = r#"
    let resolveShared;
    const shared = new Promise(r => { resolveShared = r; });
    addEventListener('fetch', e => e.respondWith((async () => {
      if (new URL(e.request.url).pathname === '/a') {
        await new Promise(r => setTimeout(r, 10));
        resolveShared('v');
        return new Response('a');
      }
      shared.then(v => console.log('b saw ' + v));
      return new Response('b');
    })()));
"#;

#[test]
fn cross_request_resolution_reaction_of_b_runs_for_a() {
    let model = sw_paths(RESOLUTION, &[("/a", 0), ("/b", 0)]);
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![Kind::CrossRequestResolution]);
    let v = &found.violations[0];
    assert_eq!((v.request, v.related.clone()), (Owner::Request(2), vec![Owner::Request(1)]));
    assert!(v.message.contains("r1's 10 ms timer #1"), "{}", v.message);
}

#[test]
fn cross_request_resolution_guard_b_arrives_after_the_promise_settled() {
    let model = sw_paths(RESOLUTION, &[("/a", 0), ("/b", 50)]);
    assert_eq!(kinds(&trace_findings(&model, &run_first(&model))), vec![]);
}

#[test]
fn dropped_work_timer_after_the_response_and_waituntil_guard() {
    let dropped = "addEventListener('fetch', e => {\n  setTimeout(() => console.log('flush logs'), 10);\n  e.respondWith(new Response('ok'));\n});";
    let model = sw(dropped, 1);
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![Kind::DroppedWork]);
    assert_eq!(found.violations[0].location, Some(Location::new("worker.js", 2, 13)));
    assert!(found.violations[0].fix.contains("waitUntil"));

    let kept = "addEventListener('fetch', e => {\n  e.waitUntil(new Promise(r => setTimeout(r, 10)).then(() => console.log('flush logs')));\n  e.respondWith(new Response('ok'));\n});";
    let model = sw(kept, 1);
    let run = run_first(&model);
    assert_eq!(run.all_console(), vec!["flush logs"]);
    assert_eq!(kinds(&trace_findings(&model, &run)), vec![]);
}

#[test]
fn dropped_work_end_1_and_end_4_seeds() {
    let model = sw(&scenario_script("end-1", "worker.js"), 1);
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![Kind::DroppedWork]);
    assert!(found.violations[0].message.contains("timer #1") && found.violations[0].message.contains("timer #2"));
    let model = sw(&scenario_script("end-4", "worker.js"), 1);
    assert_eq!(kinds(&trace_findings(&model, &run_seed(&model, 3))), vec![]);
}

#[test]
fn respond_with_misuse_twice_and_once_guard() {
    let model = sw(&scenario_script("double-respond-with", "worker.js"), 1);
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![Kind::RespondWithMisuse]);
    assert_eq!(found.violations[0].location, Some(Location::new("worker.js", 5, 18)));
    let once = "addEventListener('fetch', (e) => {\n  e.respondWith(new Response('first'));\n});";
    let model = sw(once, 1);
    assert_eq!(kinds(&trace_findings(&model, &run_first(&model))), vec![]);
}

#[test]
fn respond_with_misuse_late_in_a_wait_until_continuation() {
    let late = r#"addEventListener('fetch', e => {
      e.waitUntil((async () => {
        await new Promise(r => setTimeout(r, 10));
        e.respondWith(new Response('late'));
      })());
    });"#;
    let model = sw(late, 1);
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![Kind::RespondWithMisuse]);
    assert!(found.violations[0].message.contains("passed through"), "{}", found.violations[0].message);
    let in_time = late
        .replace("e.waitUntil((async () => {", "e.respondWith(new Response('now')); e.waitUntil((async () => {")
        .replace("e.respondWith(new Response('late'));", "");
    let model = sw(&in_time, 1);
    assert_eq!(kinds(&trace_findings(&model, &run_first(&model))), vec![]);
}

#[test]
fn uncaught_error_seed_and_guarded_access() {
    let script = scenario_script("uncaught-error", "worker.js");
    let model = sw(&script, 1);
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![Kind::UncaughtError]);
    assert_eq!(found.violations[0].location, Some(Location::new("worker.js", 8, 30)));
    let fixed = script.replace("config.greeting", "config?.greeting ?? 'hi'");
    let model = sw(&fixed, 1);
    assert_eq!(kinds(&trace_findings(&model, &run_first(&model))), vec![]);
}

#[test]
fn uncaught_error_unhandled_rejection_and_caught_guard() {
    let rejecting = "addEventListener('fetch', e => { Promise.reject(new Error('nobody listens')); e.respondWith(new Response('ok')); });";
    let model = sw(rejecting, 1);
    assert_eq!(kinds(&trace_findings(&model, &run_first(&model))), vec![Kind::UncaughtError]);
    let caught = rejecting.replace(
        "Promise.reject(new Error('nobody listens'))",
        "Promise.reject(new Error('nobody listens')).catch(() => {})",
    );
    let model = sw(&caught, 1);
    assert_eq!(kinds(&trace_findings(&model, &run_first(&model))), vec![]);
}

#[test]
fn cpu_limit_infinite_loop_and_bounded_loop_guard() {
    let spinning = "addEventListener('fetch', e => { let i = 0; while (true) { i++; } });";
    let model = sw(spinning, 1);
    let found = trace_findings(&model, &run_first(&model));
    assert!(kinds(&found).contains(&Kind::CpuLimit), "{:?}", kinds(&found));
    assert!(!kinds(&found).contains(&Kind::Hang));
    let bounded = "addEventListener('fetch', e => { let i = 0; while (i < 1000) { i++; } e.respondWith(new Response(String(i))); });";
    let model = sw(bounded, 1);
    assert_eq!(kinds(&trace_findings(&model, &run_first(&model))), vec![]);
}

/// Issue #16: a request that hangs awaiting a promise *another request created*, which
/// nothing ever settles (emdash's init promise whose owner answered early), is a
/// `cross-request-await` as well as a `hang` (INTERFACES.md: "a request awaited a promise
/// whose settlement depended on another request's I/O"), just as when it settles late.
#[test]
fn cross_request_await_when_the_other_requests_promise_never_settles() {
    let script = r#"
        let init;
        addEventListener('fetch', e => e.respondWith((async () => {
          if (new URL(e.request.url).pathname === '/a') {
            init = new Promise(() => {});
            return new Response('a');
          }
          return new Response('b ' + await init);
        })()));
    "#;
    let model = sw_paths(script, &[("/a", 0), ("/b", 10)]);
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![Kind::Hang, Kind::CrossRequestAwait]);
    let v = found.violations.iter().find(|v| v.kind == Kind::CrossRequestAwait).unwrap();
    assert_eq!((v.request, v.related.clone()), (Owner::Request(2), vec![Owner::Request(1)]));
    assert_eq!(v.location, Location::new("worker.js", 8, 38).into());
    assert_eq!(v.see_also[0].location, Location::new("worker.js", 5, 20));
    assert!(v.message.contains("nothing ever settled"), "{}", v.message);
    // The same worker where the promise is created at startup: a hang only.
    let startup =
        script.replace("init = new Promise(() => {});\n", "").replace("let init;", "let init = new Promise(() => {});");
    let model = sw_paths(&startup, &[("/a", 0), ("/b", 10)]);
    assert_eq!(kinds(&trace_findings(&model, &run_first(&model))), vec![Kind::Hang]);
}

/// Issue #18: a run cut off by crosstalk's own limits is a verdict (`run-limit`, an
/// error), never "no violations": the requests it cut off have no outcome.
#[test]
fn run_limit_a_worker_that_never_stops_is_a_verdict() {
    let script =
        "addEventListener('fetch', e => { setInterval(() => {}, 10); e.respondWith(new Promise(() => {})); });";
    let mut model = sw_paths(script, &[("/", 0)]);
    model.limits.run_virtual_ms_max = 60_000;
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![Kind::RunLimit]);
    let v = &found.violations[0];
    assert_eq!(v.request, Owner::Request(1));
    assert_eq!(v.severity, crosstalk_checker::Severity::Error);
    assert!(v.message.contains("run_virtual_ms_max"), "{}", v.message);
    // The same worker that clears its interval and answers: no run-limit.
    let fine = "addEventListener('fetch', e => { const t = setInterval(() => {}, 10); clearInterval(t); e.respondWith(new Response('ok')); });";
    let model = sw_paths(fine, &[("/", 0)]);
    assert_eq!(kinds(&trace_findings(&model, &run_first(&model))), vec![]);
}
