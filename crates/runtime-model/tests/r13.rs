//! R13: the runtime profiles, row by row, and the promise provenance they rest on.
//! Each test runs the same worker under `production-2022`, `workerd` with
//! `handle_cross_request_promise_resolution` off (compatibility date 2024-01-01) and on
//! (2026-11-17), and asserts the table's cell for each.

mod common;

use common::*;
use crosstalk_runtime::{
    Awaited, CREATOR_ENDED_MESSAGE, EventKind, KvSpec, Model, MsRange, OriginSpec, OutcomeKind, Owner, Profile,
    ProfileName, RequestSpec, Run, W1,
};

const URL: &str = "https://worker.example/";

#[derive(Clone, Copy, Debug, PartialEq)]
enum P {
    Production,
    FlagOff,
    FlagOn,
}

const ALL: [P; 3] = [P::Production, P::FlagOff, P::FlagOn];

fn profile(p: P) -> Profile {
    match p {
        P::Production => Profile::default(),
        P::FlagOff => Profile::new(ProfileName::Workerd, "2024-01-01".parse().ok(), Vec::new()),
        P::FlagOn => Profile::new(ProfileName::Workerd, "2026-11-17".parse().ok(), Vec::new()),
    }
}

/// Requests at the given paths and arrival times.
fn model(script: &str, p: P, requests: &[(&str, u64)]) -> Model {
    let mut model = Model::service_worker("worker.js", script);
    model.profile = profile(p);
    model.requests = requests.iter().map(|(path, at)| RequestSpec::get(&format!("{URL}{path}"), *at)).collect();
    model
}

fn hang_event(run: &Run, id: u32) -> Option<(String, Option<crosstalk_runtime::Location>, Option<Awaited>)> {
    run.trace.iter().find_map(|e| match &e.kind {
        EventKind::Hang { message, awaiting_at, awaited } if e.owner == Owner::Request(id) => {
            Some((message.clone(), awaiting_at.clone(), awaited.clone()))
        }
        _ => None,
    })
}

fn no_response_event(run: &Run, id: u32) -> Option<(String, Option<Awaited>)> {
    run.trace.iter().find_map(|e| match &e.kind {
        EventKind::NoResponse { reason, awaited, .. } if e.owner == Owner::Request(id) => {
            Some((reason.clone(), awaited.clone()))
        }
        _ => None,
    })
}

// ---------------------------------------------------------------------------------------
// Row 1/2: B awaits a pending promise created by A, which A settles later.

#[test]
fn r13_seed_blocker_fails_in_production_and_every_request_answers_under_workerd() {
    for p in ALL {
        let mut m = sw("blocker");
        m.profile = profile(p);
        m.requests = (0..5).map(|i| RequestSpec::get(URL, i * 10)).collect();
        let run = run_first(&m);
        let answered = run.requests.iter().filter(|r| r.body.as_deref() == Some("ok")).count();
        match p {
            P::Production => {
                assert_eq!(answered, 1, "only the creator answers");
                for id in 2..=5 {
                    let r = run.request(id).unwrap();
                    assert_eq!(r.error.as_deref(), Some("Error: The script will never generate a response."));
                }
            }
            _ => {
                assert_eq!(answered, 5, "{p:?}: every request answers: {:?}", run.requests);
                for r in &run.requests {
                    assert_eq!(r.responded_ms, Some(20_000), "{p:?}");
                }
            }
        }
    }
}

#[test]
fn r13_the_reaction_runs_owned_by_the_settler_in_production_and_by_the_waiter_under_workerd() {
    let script = r#"
        let shared;
        addEventListener('fetch', e => e.respondWith((async () => {
          if (!shared) shared = new Promise(r => setTimeout(r, 100));
          await shared;
          console.log('continued');
          return new Response('ok');
        })()));
    "#;
    for p in ALL {
        let run = run_first(&model(script, p, &[("", 0), ("", 10)]));
        let continued: Vec<Owner> = run
            .trace
            .iter()
            .filter(|e| matches!(&e.kind, EventKind::Console { text, .. } if text == "continued"))
            .map(|e| e.owner)
            .collect();
        match p {
            // r2 is hung at 10 ms; its reaction still runs at 100 ms, as r1.
            P::Production => assert_eq!(continued, vec![Owner::Request(1), Owner::Request(1)]),
            _ => assert_eq!(continued, vec![Owner::Request(1), Owner::Request(2)], "{p:?}"),
        }
    }
}

#[test]
fn r13_hang_message_depends_on_the_profile() {
    let script = r#"
        addEventListener('fetch', e => e.respondWith(new Promise(() => {})));
    "#;
    for p in ALL {
        let run = run_first(&model(script, p, &[("", 0)]));
        let expected = match p {
            P::Production => "Error: The script will never generate a response.",
            _ => {
                "The Workers runtime canceled this request because it detected that your Worker's code had hung and would never generate a response."
            }
        };
        assert_eq!(run.request(1).unwrap().error.as_deref(), Some(expected), "{p:?}");
        assert_eq!(run.request(1).unwrap().outcome, OutcomeKind::Error);
    }
}

#[test]
fn r13_awaiting_an_already_settled_foreign_promise_is_fine_in_every_profile() {
    for p in ALL {
        let mut m = sw("blocker-fulfilled");
        m.profile = profile(p);
        m.requests = vec![RequestSpec::get(URL, 0), RequestSpec::get(URL, 50)];
        let run = run_first(&m);
        for r in &run.requests {
            assert_eq!(r.body.as_deref(), Some("ok"), "{p:?}: {r:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// The follower that parks its own `resolve`: hung under every profile and flag.

#[test]
fn r13_follower_parking_its_own_resolve_hangs_in_every_profile() {
    let script = r#"
        let waiting = [];
        addEventListener('fetch', e => e.respondWith((async () => {
          const path = new URL(e.request.url).pathname;
          if (path === '/follower') {
            await new Promise(resolve => waiting.push(resolve));
            return new Response('follower');
          }
          await new Promise(r => setTimeout(r, 50));
          waiting.splice(0).forEach(resolve => resolve());
          return new Response('leader');
        })()));
    "#;
    for p in ALL {
        let run = run_first(&model(script, p, &[("follower", 0), ("leader", 100)]));
        let follower = run.request(1).unwrap();
        assert_eq!(follower.outcome, OutcomeKind::Error, "{p:?}: {follower:?}");
        assert_eq!(follower.error.as_deref(), Some(profile(p).hang_message()), "{p:?}");
        assert_eq!(follower.responded_ms, Some(0), "{p:?}: hung at the first idle instant");
        assert_eq!(run.request(2).unwrap().body.as_deref(), Some("leader"), "{p:?}");
        let (_, _, awaited) = hang_event(&run, 1).expect("a hang event");
        let awaited = awaited.expect("the hang names the promise");
        assert_eq!(awaited.creator, Owner::Request(1), "{p:?}: it created the promise itself");
    }
}

// ---------------------------------------------------------------------------------------
// Row 3: the creator answers first; its timer is dropped (no waitUntil).

const CREATOR_FIRST: &str = r#"
    let shared;
    addEventListener('fetch', e => {
      const path = new URL(e.request.url).pathname;
      if (path === '/creator') {
        shared = new Promise(r => setTimeout(r, 1000));
        e.respondWith(new Response('creator'));
        return;
      }
      e.respondWith((async () => {
        try {
          await shared;
          return new Response('settled');
        } catch (err) {
          return new Response('rejected: ' + err.message);
        } finally {
          console.log('finally ran');
        }
      })());
    });
"#;

#[test]
fn r13_creator_answering_first_leaves_the_waiter_hung_in_production() {
    let run = run_first(&model(CREATOR_FIRST, P::Production, &[("creator", 0), ("waiter", 10)]));
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("creator"));
    let waiter = run.request(2).unwrap();
    assert_eq!(waiter.error.as_deref(), Some("Error: The script will never generate a response."));
}

#[test]
fn r13_creator_answering_first_leaves_the_waiter_without_response_when_the_flag_is_off() {
    let run = run_first(&model(CREATOR_FIRST, P::FlagOff, &[("creator", 0), ("waiter", 10)]));
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("creator"));
    let waiter = run.request(2).unwrap();
    assert_eq!(waiter.outcome, OutcomeKind::NoResponse, "{waiter:?}");
    assert_eq!(waiter.status, None);
    let (reason, awaited) = no_response_event(&run, 2).expect("a no-response event");
    assert_eq!(reason, "waits on a promise of r1, which ended without settling it");
    assert_eq!(awaited.unwrap().creator, Owner::Request(1));
    assert!(hang_event(&run, 2).is_none(), "not failed with the hang message");
    assert!(!console(&run).contains(&"finally ran".to_string()));
}

#[test]
fn r13_creator_answering_first_rejects_the_waiter_when_the_flag_is_on() {
    let run = run_first(&model(CREATOR_FIRST, P::FlagOn, &[("creator", 0), ("waiter", 10)]));
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("creator"));
    let waiter = run.request(2).unwrap();
    assert_eq!(waiter.outcome, OutcomeKind::Response, "{waiter:?}");
    assert_eq!(waiter.body.as_deref(), Some(format!("rejected: {CREATOR_ENDED_MESSAGE}").as_str()));
    assert_eq!(run.console(Owner::Request(2)), vec!["finally ran".to_string()]);
}

#[test]
fn r13_waiter_arriving_after_the_creator_ended_is_rejected_at_once_when_the_flag_is_on() {
    let run = run_first(&model(CREATOR_FIRST, P::FlagOn, &[("creator", 0), ("waiter", 500)]));
    let waiter = run.request(2).unwrap();
    assert_eq!(waiter.body.as_deref(), Some(format!("rejected: {CREATOR_ENDED_MESSAGE}").as_str()));
    assert_eq!(waiter.responded_ms, Some(500));
}

// ---------------------------------------------------------------------------------------
// Row 4: a promise created by A is settled by code running for B.

const SETTLED_BY_ANOTHER: &str = r#"
    let parked;
    addEventListener('fetch', e => {
      const path = new URL(e.request.url).pathname;
      if (path === '/a') {
        e.respondWith((async () => {
          const keepAlive = new Promise(r => setTimeout(r, 1000));
          const p = new Promise(resolve => { parked = resolve; });
          p.then(v => console.log('reaction saw ' + v));
          await keepAlive;
          return new Response('a');
        })());
        return;
      }
      parked('from b');
      console.log('b settled it');
      e.respondWith(new Response('b'));
    });
"#;

fn reaction_owner(run: &Run) -> Option<Owner> {
    run.trace
        .iter()
        .find(|e| matches!(&e.kind, EventKind::Console { text, .. } if text == "reaction saw from b"))
        .map(|e| e.owner)
}

#[test]
fn r13_settled_by_another_request_runs_the_reactions_at_once_as_the_settler_without_the_flag() {
    for p in [P::Production, P::FlagOff] {
        let run = run_first(&model(SETTLED_BY_ANOTHER, p, &[("a", 0), ("b", 10)]));
        assert_eq!(reaction_owner(&run), Some(Owner::Request(2)), "{p:?}");
        let lines = console(&run);
        assert_eq!(lines, vec!["b settled it", "reaction saw from b"], "{p:?}: at once, in b's microtasks");
        assert!(!has_event(&run, Owner::Request(2), "settlement-deferred"));
    }
}

#[test]
fn r13_settled_by_another_request_is_deferred_into_the_creator_with_the_flag() {
    let run = run_first(&model(SETTLED_BY_ANOTHER, P::FlagOn, &[("a", 0), ("b", 10)]));
    assert_eq!(reaction_owner(&run), Some(Owner::Request(1)));
    assert!(has_event(&run, Owner::Request(2), "settlement-deferred"));
    let lines = console(&run);
    assert_eq!(lines, vec!["b settled it", "reaction saw from b"]);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("a"));
}

#[test]
fn r13_settling_after_the_creator_ended_is_dropped_with_w1_when_the_flag_is_on() {
    let script = r#"
        let parked;
        addEventListener('fetch', e => {
          const path = new URL(e.request.url).pathname;
          if (path === '/a') {
            const p = new Promise(resolve => { parked = resolve; });
            p.then(v => console.log('reaction saw ' + v));
            e.respondWith(new Response('a'));
            return;
          }
          parked('from b');
          e.respondWith(new Response('b'));
        });
    "#;
    let run = run_first(&model(script, P::FlagOn, &[("a", 0), ("b", 10)]));
    let w1: Vec<_> = run
        .trace
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::Console { level, text } if level == "warn" && text == W1))
        .collect();
    assert_eq!(w1.len(), 1);
    assert_eq!(w1[0].owner, Owner::Request(2), "W1 is the settler's");
    assert!(!console(&run).iter().any(|l| l.starts_with("reaction saw")), "the settlement was dropped");
    // Without the flag the reaction runs, as the settler.
    let run = run_first(&model(script, P::FlagOff, &[("a", 0), ("b", 10)]));
    assert_eq!(reaction_owner(&run), Some(Owner::Request(2)));
}

// ---------------------------------------------------------------------------------------
// Provenance: every creation path names its creator in hang reports (every profile) and
// keeps the waiter alive under `workerd`.

/// r1 creates `shared` with `make` (settled only by r1's own pending work after ~1 s)
/// and awaits it; r2 arrives at 10 ms and awaits the same promise.
fn creation_path(make: &str) -> String {
    format!(
        r#"
        let shared;
        addEventListener('fetch', e => e.respondWith((async () => {{
          const first = !shared;
          if (first) shared = {make};
          await shared;
          return new Response(first ? 'creator' : 'waiter');
        }})()));
        "#
    )
}

fn creation_model(make: &str, p: P) -> Model {
    let mut m = model(&creation_path(make), p, &[("", 0), ("", 10)]);
    m.origins = vec![OriginSpec {
        url: "https://api.example/*".into(),
        latency: MsRange::fixed(1000),
        status: 200,
        headers: Vec::new(),
        body: "payload".into(),
        body_chunks: 2,
        chunk_interval: MsRange::fixed(500),
    }];
    m.kv = vec![KvSpec { binding: "KV".into(), latency: MsRange::fixed(1000), data: Default::default() }];
    m
}

const SLEEP: &str = "new Promise(r => setTimeout(r, 1000))";

fn paths() -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("new Promise", SLEEP.to_string(), "new Promise()"),
        ("async function result", format!("(async () => {{ await {SLEEP}; }})()"), "async function"),
        ("then", format!("{SLEEP}.then(() => 1)"), "then()"),
        ("catch", format!("{SLEEP}.catch(() => 1)"), "then()"),
        ("finally", format!("{SLEEP}.finally(() => 1)"), "then()"),
        ("Promise.all", format!("Promise.all([{SLEEP}])"), "Promise.all()"),
        ("Promise.allSettled", format!("Promise.allSettled([{SLEEP}])"), "Promise.allSettled()"),
        ("Promise.race", format!("Promise.race([{SLEEP}])"), "Promise.race()"),
        ("Promise.any", format!("Promise.any([{SLEEP}])"), "Promise.any()"),
        ("Promise.resolve", "Promise.resolve({ then(r) { setTimeout(r, 1000); } })".to_string(), "Promise.resolve()"),
        (
            "Promise.withResolvers",
            "(() => { const w = Promise.withResolvers(); setTimeout(w.resolve, 1000); return w.promise; })()"
                .to_string(),
            "Promise.withResolvers()",
        ),
        ("fetch", "fetch('https://api.example/slow')".to_string(), "fetch()"),
        (
            "body read",
            "(() => { const s = {}; return fetch('https://api.example/body').then(res => res.text()); })()".to_string(),
            "then()",
        ),
        ("KV", "KV.get('key')".to_string(), "KV"),
        ("scheduler.wait", "scheduler.wait(1000)".to_string(), "scheduler.wait()"),
    ]
}

#[test]
fn r13_every_creation_path_names_its_creator_in_the_production_hang_report() {
    for (name, make, how) in paths() {
        let run = run_first(&creation_model(&make, P::Production));
        assert_eq!(run.request(1).unwrap().body.as_deref(), Some("creator"), "{name}: {:?}", run.requests);
        let (_, awaiting_at, awaited) = hang_event(&run, 2).unwrap_or_else(|| panic!("{name}: r2 hangs"));
        let awaited = awaited.unwrap_or_else(|| panic!("{name}: the hang names the awaited promise"));
        assert_eq!(awaited.creator, Owner::Request(1), "{name}");
        assert!(!awaited.inferred, "{name}: seen at creation");
        assert!(awaited.how.contains(how), "{name}: {} should mention {how}", awaited.how);
        assert!(awaited.created_at.as_ref().is_some_and(|a| a.file == "worker.js"), "{name}: {awaited:?}");
        assert!(awaiting_at.as_ref().is_some_and(|a| a.file == "worker.js"), "{name}");
    }
}

#[test]
fn r13_every_creation_path_keeps_the_waiter_alive_under_workerd() {
    for p in [P::FlagOff, P::FlagOn] {
        for (name, make, _) in paths() {
            let run = run_first(&creation_model(&make, p));
            let waiter = run.request(2).unwrap();
            assert_eq!(waiter.body.as_deref(), Some("waiter"), "{p:?} {name}: {waiter:?}");
            assert_eq!(run.request(1).unwrap().body.as_deref(), Some("creator"), "{p:?} {name}");
        }
    }
}

#[test]
fn r13_hang_report_says_where_the_await_is_and_where_the_promise_was_created() {
    let run = run_first(&model(&creation_path(SLEEP), P::Production, &[("", 0), ("", 10)]));
    let (_, awaiting_at, awaited) = hang_event(&run, 2).unwrap();
    // `await shared;` is on line 6, column 11; `new Promise` on line 5, column 31.
    assert_eq!(awaiting_at, Some(crosstalk_runtime::Location::new("worker.js", 6, 11)));
    let awaited = awaited.unwrap();
    assert_eq!(awaited.created_at, Some(crosstalk_runtime::Location::new("worker.js", 5, 31)));
    assert_eq!(awaited.to_string(), "a promise created by r1 at worker.js:5:31 (new Promise())");
}

#[test]
fn r13_promise_subclasses_and_identity_still_work() {
    let script = r#"
        class Deferred extends Promise {
          constructor(executor) { super(executor); this.tagged = true; }
        }
        addEventListener('fetch', e => e.respondWith((async () => {
          const d = new Deferred(r => r(1));
          const t = d.then(x => x + 1);
          const checks = [
            d instanceof Promise, d instanceof Deferred, t instanceof Deferred, d.tagged,
            typeof Promise.resolve, Promise.name, Promise.length, Object.prototype.toString.call(d),
            await t, await Promise.resolve(5), (await Promise.allSettled([1]))[0].status,
          ];
          let threw = false;
          try { Promise(() => {}); } catch (err) { threw = err instanceof TypeError; }
          checks.push(threw);
          return new Response(checks.join(','));
        })()));
    "#;
    for p in ALL {
        let run = run_first(&model(script, p, &[("", 0)]));
        assert_eq!(
            run.request(1).unwrap().body.as_deref(),
            Some("true,true,true,true,function,Promise,1,[object Promise],2,5,fulfilled,true"),
            "{p:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// A request's own promise, settled by another request's code.

/// r1 awaits a promise of its own whose `resolve` it parked in module state, with a
/// 1,000 ms timer pending; r2 calls that `resolve` from its own timer at 105 ms.
/// workerd 1.20261117 with `no_handle_cross_request_promise_resolution`, and the
/// 2023-05-18 binary: r1's
/// continuation runs in r2's context, so r1's response is settled from there and never
/// delivered; when r1's context next runs (its timer fires, and logs), r1 fails with 500
/// `Error: Promise will never complete.`. With the flag on the settlement is deferred
/// into r1, which answers.
#[test]
fn r13_a_response_settled_from_another_requests_context_never_arrives_without_the_flag() {
    let script = r#"
        let parked;
        addEventListener('fetch', (e) => e.respondWith(handle(e.request)));
        async function handle(request) {
          if (new URL(request.url).pathname === '/r1') {
            setTimeout(() => console.log('r1 timer fired'), 1000);
            const value = await new Promise((resolve) => { parked = resolve; });
            return new Response('r1 got ' + value);
          }
          await new Promise((r) => setTimeout(r, 100));
          parked('from r2');
          return new Response('r2 resolved it');
        }"#;
    let run = run_first(&model(script, P::FlagOff, &[("r1", 0), ("r2", 5)]));
    let r1 = run.request(1).unwrap();
    assert_eq!(
        (r1.status, r1.error.as_deref(), r1.responded_ms),
        (Some(500), Some("Error: Promise will never complete."), Some(1000))
    );
    assert_eq!(console(&run), ["r1 timer fired"]);
    assert_eq!(run.request(2).unwrap().body.as_deref(), Some("r2 resolved it"));

    let run = run_first(&model(script, P::FlagOn, &[("r1", 0), ("r2", 5)]));
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("r1 got from r2"));
}
