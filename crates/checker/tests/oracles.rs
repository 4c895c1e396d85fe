//! The serializability (`global-state-race`) and isolation (`state-leak`) oracles:
//! triggering workers, near-identical guards, nondeterminism, shared-state declarations,
//! the reference cache and its budget.

mod common;

use common::*;
use crosstalk_checker::{CheckConfig, Kind, ReferenceCache, check};
use crosstalk_runtime::{Location, Model, MsRange, Owner, RequestSpec};

#[test]
fn global_state_race_counter_demo_is_caught_on_every_schedule() {
    let model = sw(&scenario_script("counter", "worker.js"), 10);
    let mut cache = ReferenceCache::new();
    for seed in 0..4 {
        let run = run_seed(&model, seed);
        let found = check(&model, &run, &CheckConfig::default(), &mut cache);
        assert_eq!(kinds(&found), vec![Kind::GlobalStateRace, Kind::StateLeak], "seed {seed}");
        let race = found.violations.iter().find(|v| v.kind == Kind::GlobalStateRace).unwrap();
        // It points at the await where requests interleave (the sleep on line 12).
        assert_eq!(race.location, Some(Location::new("worker.js", 12, 38)));
        assert_eq!(race.related.len(), 9);
    }
}

#[test]
fn global_state_race_guard_counter_without_await_is_serializable() {
    // Each request reads and bumps the counter in one synchronous step: every
    // interleaving is some serial order. It still leaks state between requests.
    let model = sw(&scenario_script("counter-sync", "worker.js"), 10);
    for seed in 0..3 {
        let found = findings(&model, &run_seed(&model, seed));
        assert_eq!(kinds(&found), vec![Kind::StateLeak], "seed {seed}");
    }
}

fn clean_model(names: &[&str]) -> Model {
    let mut model = Model::module("worker.mjs", &scenario_script("clean", "worker.mjs"));
    model.requests =
        names.iter().enumerate().map(|(i, n)| RequestSpec::get(&format!("{URL}?name={n}"), i as u64)).collect();
    model
}

#[test]
fn clean_worker_with_a_correct_cache_has_no_violation() {
    let model = clean_model(&["a", "b", "a", "c", "b"]);
    for seed in 0..3 {
        let found = findings(&model, &run_seed(&model, seed));
        assert!(found.violations.is_empty(), "seed {seed}: {:#?}", found.violations);
    }
}

const CACHE: &str = r#"
const cache = new Map();
export default {
  async fetch(request) {
    const name = new URL(request.url).searchParams.get('name');
    const key = KEY;
    if (!cache.has(key)) {
      await new Promise((r) => setTimeout(r, 5));
      cache.set(key, name.toUpperCase());
    }
    return new Response('hello ' + cache.get(key));
  },
};
"#;

#[test]
fn state_leak_cache_keyed_wrongly_and_keyed_correctly_guard() {
    let names = ["a", "b"];
    let wrong = Model::module("worker.mjs", &CACHE.replace("KEY", "'greeting'"));
    let mut wrong = wrong;
    wrong.requests =
        names.iter().enumerate().map(|(i, n)| RequestSpec::get(&format!("{URL}?name={n}"), 10 * i as u64)).collect();
    let found = findings(&wrong, &run_first(&wrong));
    assert_eq!(kinds(&found), vec![Kind::StateLeak]);
    assert_eq!(found.violations[0].request, Owner::Request(2));
    assert!(found.violations[0].message.contains("'hello A' here but 'hello B'"), "{}", found.violations[0].message);

    let mut right = Model::module("worker.mjs", &CACHE.replace("KEY", "name"));
    right.requests = wrong.requests.clone();
    assert_eq!(kinds(&findings(&right, &run_first(&right))), vec![]);
}

const BREADCRUMBS: &str = r#"
SCOPE
addEventListener('fetch', (e) => e.respondWith((async () => {
  LOCAL
  breadcrumbs.push(new URL(e.request.url).pathname);
  await new Promise((r) => setTimeout(r, 1));
  console.log('report: ' + breadcrumbs.join(' > '));
  return new Response('ok');
})()));
"#;

#[test]
fn state_leak_sentry_breadcrumbs_and_per_request_guard() {
    let requests = [("/login", 0), ("/checkout", 100)];
    let global = sw_paths(&BREADCRUMBS.replace("SCOPE", "const breadcrumbs = [];").replace("LOCAL", ""), &requests);
    let found = findings(&global, &run_first(&global));
    assert_eq!(kinds(&found), vec![Kind::StateLeak]);
    let v = &found.violations[0];
    assert_eq!((v.request, v.related.clone()), (Owner::Request(2), vec![Owner::Request(1)]));
    assert!(v.message.contains("console was 'report: /login > /checkout'"), "{}", v.message);

    let local = sw_paths(&BREADCRUMBS.replace("SCOPE", "").replace("LOCAL", "const breadcrumbs = [];"), &requests);
    assert_eq!(kinds(&findings(&local, &run_first(&local))), vec![]);
}

#[test]
fn state_leak_declared_shared_state_is_not_reported() {
    let script = "let hits = 0; addEventListener('fetch', e => e.respondWith(new Response('ok', { headers: { 'x-hits': String(++hits) } })));";
    let model = sw_paths(script, &[("/", 0), ("/", 10)]);
    let run = run_first(&model);
    assert_eq!(kinds(&findings(&model, &run)), vec![Kind::StateLeak]);
    let config = CheckConfig { shared_state: vec!["header:x-hits".into()], ..CheckConfig::default() };
    assert_eq!(check(&model, &run, &config, &mut ReferenceCache::new()).kinds(), vec![]);
}

#[test]
fn nondeterministic_fields_are_masked_not_reported() {
    // Random and clock values differ from every reference run for reasons that are not
    // shared state; the rest of the body is still compared.
    let script = "addEventListener('fetch', e => e.respondWith(new Response('id ' + Math.random() + ' at ' + Date.now() + ' ' + crypto.randomUUID())));";
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::new_range(0, 50), 4);
    let found = findings(&model, &run_seed(&model, 5));
    assert_eq!(kinds(&found), vec![], "{:#?}", found.violations);
    assert!(
        found.notes.iter().any(|n| n.contains("tokens of body") && n.contains("Math.random()")),
        "{:?}",
        found.notes
    );

    // The same worker with a shared counter in the body is still caught.
    let leaky = script.replace(
        "e => e.respondWith(new Response('id '",
        "e => e.respondWith(new Response((++globalThis.n || (globalThis.n = 1)) + ' id '",
    );
    let model = Model::service_worker("worker.js", &leaky).with_requests(URL, MsRange::new_range(0, 50), 4);
    assert_eq!(kinds(&findings(&model, &run_seed(&model, 5))), vec![Kind::StateLeak]);
}

#[test]
fn requests_in_different_isolates_are_checked_per_isolate() {
    let script = "let n = 0; addEventListener('fetch', e => e.respondWith(new Response(String(++n))));";
    let mut model = Model::service_worker("worker.js", script);
    model.isolates = 2;
    model.requests = (0..4)
        .map(|i| {
            let mut r = RequestSpec::get(URL, i);
            r.isolate = Some((i % 2) as u32);
            r
        })
        .collect();
    let found = findings(&model, &run_first(&model));
    // 1,1,2,2 is serial per isolate: no race; r3 and r4 saw their isolate's counter.
    assert_eq!(kinds(&found), vec![Kind::StateLeak]);
    let leaking: Vec<Owner> = found.violations.iter().map(|v| v.request).collect();
    assert_eq!(leaking, vec![Owner::Request(3), Owner::Request(4)]);
}

#[test]
fn reference_runs_are_cached_per_scenario_and_bounded() {
    let model = sw(&scenario_script("counter-sync", "worker.js"), 6);
    let mut cache = ReferenceCache::new();
    check(&model, &run_seed(&model, 1), &CheckConfig::default(), &mut cache);
    let first = cache.simulations();
    assert!(first > 0 && first <= 6, "{first} reference simulations");
    check(&model, &run_seed(&model, 2), &CheckConfig::default(), &mut cache);
    check(&model, &run_seed(&model, 3), &CheckConfig::default(), &mut cache);
    assert_eq!(cache.simulations(), first, "later schedules reuse the cached reference runs");

    // A budget too small to decide is reported as inconclusive, never as a violation.
    let model = sw(&scenario_script("counter", "worker.js"), 4);
    let config = CheckConfig { reference_runs_max: 1, ..CheckConfig::default() };
    let found = check(&model, &run_seed(&model, 1), &config, &mut ReferenceCache::new());
    assert!(!kinds(&found).contains(&Kind::GlobalStateRace));
    assert!(found.notes.iter().any(|n| n.contains("inconclusive")), "{:?}", found.notes);
}

#[test]
fn serial_prefix_runs_agree_with_full_serial_runs() {
    // The cache relies on it: a serial run's first k requests behave as the serial run
    // of those k alone.
    use crosstalk_runtime::{Dispatch, FirstScheduler, simulate};
    let mut model = sw(&scenario_script("counter", "worker.js"), 4);
    model.dispatch = Dispatch::Serial(vec![2, 0, 3, 1]);
    let full = simulate(&model, &mut FirstScheduler).unwrap();
    model.dispatch = Dispatch::Serial(vec![2, 0]);
    let prefix = simulate(&model, &mut FirstScheduler).unwrap();
    for r in &prefix.requests {
        let same = full.requests.iter().find(|f| f.index == r.index).unwrap();
        assert_eq!((&r.body, r.status), (&same.body, same.status));
    }
}
