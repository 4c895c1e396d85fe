//! Helpers shared by the checker's integration tests.
#![allow(dead_code)]

use crosstalk_checker::{CheckConfig, CheckReport, Kind, ReferenceCache, check};
use crosstalk_runtime::{
    Event, EventKind, FirstScheduler, Model, MsRange, Owner, RequestSpec, Run, SeededScheduler, simulate,
};

pub(crate) const URL: &str = "https://worker.example/";

/// The text of a bundled scenario script.
pub(crate) fn scenario_script(name: &str, file: &str) -> String {
    let path = format!("{}/../../scenarios/{name}/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// A service-worker model of `script` with `count` GETs of [`URL`] at 0 ms.
pub(crate) fn sw(script: &str, count: usize) -> Model {
    Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), count)
}

/// A service-worker model with one GET per `(path, at_ms)`.
pub(crate) fn sw_paths(script: &str, requests: &[(&str, u64)]) -> Model {
    let mut model = Model::service_worker("worker.js", script);
    model.requests =
        requests.iter().map(|(path, at)| RequestSpec::get(&format!("https://worker.example{path}"), *at)).collect();
    model
}

pub(crate) fn run_first(model: &Model) -> Run {
    simulate(model, &mut FirstScheduler).expect("the model runs")
}

pub(crate) fn run_seed(model: &Model, seed: u64) -> Run {
    simulate(model, &mut SeededScheduler::new(seed)).expect("the model runs")
}

/// Every check, oracles included.
pub(crate) fn findings(model: &Model, run: &Run) -> CheckReport {
    check(model, run, &CheckConfig::default(), &mut ReferenceCache::new())
}

/// Only the trace checks (no reference runs).
pub(crate) fn trace_findings(model: &Model, run: &Run) -> CheckReport {
    let config = CheckConfig { reference_runs_max: 0, ..CheckConfig::default() };
    check(model, run, &config, &mut ReferenceCache::new())
}

pub(crate) fn kinds(findings: &CheckReport) -> Vec<Kind> {
    findings.kinds()
}

/// A hand-built event.
pub(crate) fn ev(t_ms: u64, owner: u32, kind: EventKind) -> Event {
    Event { t_ms, owner: Owner::Request(owner), kind }
}

/// Checks a hand-built trace (no requests, so the oracles do not run).
pub(crate) fn check_trace(trace: Vec<Event>) -> CheckReport {
    let model = Model::service_worker("worker.js", "");
    let run =
        Run { requests: Vec::new(), end_ms: trace.last().map(|e| e.t_ms).unwrap_or(0), trace, inputs: Vec::new() };
    check(&model, &run, &CheckConfig::default(), &mut ReferenceCache::new())
}
