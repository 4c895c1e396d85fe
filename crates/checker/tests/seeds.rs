//! Every bundled scenario script produces exactly the kinds its seed describes, with
//! every check on (oracles included); the clean worker produces none.

mod common;

use common::*;
use crosstalk_checker::Kind;
use crosstalk_runtime::Model;

fn seed_kinds(name: &str, requests: &[(&str, u64)], seed: u64) -> Vec<Kind> {
    let model = sw_paths(&scenario_script(name, "worker.js"), requests);
    kinds(&findings(&model, &run_seed(&model, seed)))
}

#[test]
fn seeds_produce_exactly_their_kinds() {
    use Kind::*;
    let two_at_once: &[(&str, u64)] = &[("/", 0), ("/", 0)];
    let one: &[(&str, u64)] = &[("/", 0)];
    type Row<'a> = (&'a str, &'a [(&'a str, u64)], &'a [Kind]);
    let table: &[Row] = &[
        // zuplo: B awaits A's pending promise ⇒ never generates a response.
        ("blocker", two_at_once, &[Hang, CrossRequestAwait]),
        // ... but awaiting it once fulfilled is fine.
        ("blocker-fulfilled", &[("/", 0), ("/", 50)], &[]),
        // fetchevent-lifecycle: overlapping requests share the counter.
        ("counter", &[("/", 0), ("/", 0), ("/", 0), ("/", 0)], &[GlobalStateRace, StateLeak]),
        ("counter-sync", &[("/", 0), ("/", 0), ("/", 0)], &[StateLeak]),
        // "The end 1/2/4": timers after the true ResponseTime are dropped unless waitUntil.
        ("end-1", one, &[DroppedWork]),
        ("end-2", one, &[DroppedWork]),
        ("end-4", one, &[]),
        ("end-4-plain-timer", one, &[DroppedWork]),
        // respondWith after an await: the request passed through at dispatch and the
        // timer before the late call was dropped, so the late call never even ran.
        ("late-respond-with", one, &[DroppedWork]),
        ("double-respond-with", one, &[RespondWithMisuse]),
        ("non-response", one, &[UncaughtError]),
        ("uncaught-error", one, &[UncaughtError]),
    ];
    for (name, requests, expected) in table {
        for seed in [1, 2] {
            assert_eq!(seed_kinds(name, requests, seed), expected.to_vec(), "{name}, seed {seed}");
        }
    }
}

#[test]
fn clean_module_worker_produces_none() {
    let mut model = Model::module("worker.mjs", &scenario_script("clean", "worker.mjs"));
    model.requests = sw_paths("", &[("/?name=x", 0), ("/?name=y", 0), ("/?name=x", 3)]).requests;
    for seed in 0..3 {
        let found = findings(&model, &run_seed(&model, seed));
        assert!(found.violations.is_empty(), "seed {seed}: {:#?}", found.violations);
    }
}

#[test]
fn blocker_under_ten_concurrent_requests_reports_every_waiter() {
    let model = sw(&scenario_script("blocker", "worker.js"), 10);
    let found = findings(&model, &run_seed(&model, 4));
    assert_eq!(kinds(&found), vec![Kind::Hang, Kind::CrossRequestAwait]);
    let hangs = found.violations.iter().filter(|v| v.kind == Kind::Hang).count();
    let awaits = found.violations.iter().filter(|v| v.kind == Kind::CrossRequestAwait).count();
    assert_eq!((hangs, awaits), (9, 9));
    // The hung requests are not reported a third time by the oracles.
    assert!(found.notes.iter().any(|n| n.contains("hung (see hang)")));
}

#[test]
fn r13_blocker_hang_names_the_creator_and_workerd_keeps_the_waiter_alive() {
    let mut model = sw(&scenario_script("blocker", "worker.js"), 2);
    let production = findings(&model, &run_first(&model));
    let hang = production.violations.iter().find(|v| v.kind == Kind::Hang).expect("a hang");
    assert!(hang.message.contains("on a promise created by r1 at worker.js:21:13 (new Promise())"), "{}", hang.message);
    model.profile = crosstalk_runtime::Profile::new(crosstalk_runtime::ProfileName::Workerd, None, Vec::new());
    let workerd = findings(&model, &run_first(&model));
    assert!(!workerd.violations.iter().any(|v| v.kind == Kind::Hang), "{:?}", workerd.violations);
}

#[test]
fn r13_a_promise_provenance_could_not_see_created_is_said_to_be_a_guess() {
    // The async function comes from eval, which crosstalk does not instrument (workerd
    // allows eval at the top level only).
    let script = r#"
        let shared;
        const make = eval("() => (async () => { await new Promise(r => setTimeout(r, 1000)); })()");
        addEventListener('fetch', e => e.respondWith((async () => {
          if (!shared) shared = make();
          await shared;
          return new Response('ok');
        })()));
    "#;
    let model = sw(script, 2);
    let found = findings(&model, &run_first(&model));
    assert!(found.violations.iter().any(|v| v.kind == Kind::Hang));
    assert!(found.notes.iter().any(|n| n.contains("was not seen when it was created")), "{:?}", found.notes);
    // A clean worker gets no such note.
    let clean = sw(&scenario_script("blocker-fulfilled", "worker.js"), 1);
    assert!(findings(&clean, &run_first(&clean)).notes.is_empty());
}
