//! Shared helpers: fixture paths and the tiny oracles the tests use in place of the checker.
#![allow(dead_code)]

use crosstalk_runtime::Run;
use crosstalk_scenario::{Finding, Scenario, Schedule, load};

pub(crate) fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn scenario(name: &str) -> Scenario {
    load(fixture(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// Kind `hang`: some request failed with the R7 message.
pub(crate) fn hang(_: &Schedule, run: &Run) -> Option<Finding> {
    run.requests
        .iter()
        .find(|r| r.error.as_deref().is_some_and(|e| e.contains("never generate a response")))
        .map(|r| Finding::new("hang", format!("{} never generated a response", r.id)))
}

/// Kind `global-state-race`: a counter request's two reads are not a serial pair (2k, 2k+1).
pub(crate) fn counter_race(_: &Schedule, run: &Run) -> Option<Finding> {
    for r in &run.requests {
        let body = r.body.as_deref().unwrap_or("");
        let numbers: Vec<u64> = body.trim().split(", ").filter_map(|p| p.parse().ok()).collect();
        if let [.., a, b] = numbers[..]
            && (a % 2 != 0 || b != a + 1)
        {
            return Some(Finding {
                kind: "global-state-race".into(),
                message: format!("{} read the counter as {a} then {b}", r.id),
                violations: serde_json::json!([{ "kind": "global-state-race", "request": r.id.to_string() }]),
            });
        }
    }
    None
}

/// A folder of the test's own under the target dir (`CARGO_TARGET_TMPDIR`), emptied first.
/// Scenarios read their files lazily, so the folder outlives the test; naming it by the
/// test alone (each test uses its own name) keeps one copy, not one per run in `/tmp`.
pub(crate) fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("crosstalk-scenario-{name}"));
    drop(std::fs::remove_dir_all(&dir));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The JSON of every seeded schedule and its replay, seeds 0..8 of the counter scenario.
pub(crate) fn runs_json() -> String {
    let s = scenario("counter");
    let runs: Vec<_> = (0..8)
        .map(|seed| {
            let schedule = Schedule::from_seed(&s, seed).unwrap();
            (schedule.clone(), schedule.replay(&s, None).unwrap())
        })
        .collect();
    serde_json::to_string(&runs).unwrap()
}
