//! Helpers shared by the runtime-model integration tests.
#![allow(dead_code)]

use crosstalk_runtime::{
    DropReason, EventKind, FirstScheduler, LatencyKey, Model, MsRange, Owner, ReadyTask, Run, Scheduler,
    SeededScheduler, simulate,
};

/// The text of a bundled scenario's script (the scenarios are the project's examples).
pub(crate) fn scenario_script(name: &str, file: &str) -> String {
    let path = format!("{}/../../scenarios/{name}/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

pub(crate) fn sw(name: &str) -> Model {
    Model::service_worker("worker.js", &scenario_script(name, "worker.js"))
}

pub(crate) fn run_seed(model: &Model, seed: u64) -> Run {
    simulate(model, &mut SeededScheduler::new(seed)).expect("the model runs")
}

pub(crate) fn run_first(model: &Model) -> Run {
    simulate(model, &mut FirstScheduler).expect("the model runs")
}

/// A scheduler with fixed answers: arrivals in order, picks from a list, a fixed random seed.
pub(crate) struct Scripted {
    pub arrivals: Vec<u64>,
    pub picks: Vec<usize>,
    pub seed: u64,
}

impl Scheduler for Scripted {
    fn arrival_ms(&mut self, index: usize, range: MsRange) -> u64 {
        range.clamp(self.arrivals.get(index).copied().unwrap_or(range.min))
    }
    fn isolate(&mut self, _: usize, _: u32) -> u32 {
        0
    }
    fn latency_ms(&mut self, _: &LatencyKey, range: MsRange) -> u64 {
        range.min
    }
    fn pick(&mut self, _: u64, ready: &[ReadyTask]) -> usize {
        if self.picks.is_empty() { 0 } else { self.picks.remove(0).min(ready.len() - 1) }
    }
    fn random_seed(&mut self) -> u64 {
        self.seed
    }
}

pub(crate) fn console(run: &Run) -> Vec<String> {
    run.all_console()
}

pub(crate) fn dropped(run: &Run, owner: Owner) -> Vec<(u32, DropReason)> {
    run.trace
        .iter()
        .filter(|e| e.owner == owner)
        .filter_map(|e| match &e.kind {
            EventKind::TimerDropped { timer, reason, .. } => Some((*timer, *reason)),
            _ => None,
        })
        .collect()
}

pub(crate) fn has_event(run: &Run, owner: Owner, name: &str) -> bool {
    run.trace.iter().any(|e| e.owner == owner && e.kind.name() == name)
}

pub(crate) fn module(name: &str) -> Model {
    Model::module("worker.mjs", &scenario_script(name, "worker.mjs"))
}

/// An origin answering every URL under `prefix` after `latency`.
pub(crate) fn origin(prefix: &str, latency: MsRange, body: &str) -> crosstalk_runtime::OriginSpec {
    crosstalk_runtime::OriginSpec {
        url: format!("{prefix}*"),
        latency,
        status: 200,
        headers: vec![("content-type".into(), "text/plain".into())],
        body: body.to_string(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    }
}

pub(crate) fn events<'a>(run: &'a Run, name: &'a str) -> impl Iterator<Item = &'a crosstalk_runtime::Event> + 'a {
    run.trace.iter().filter(move |e| e.kind.name() == name)
}

/// The I/O cancelled at a request's true ResponseTime (R6): (virtual ms, what it was).
pub(crate) fn cancelled_at_response(run: &Run) -> Vec<(u64, String)> {
    run.trace
        .iter()
        .filter_map(|e| match &e.kind {
            crosstalk_runtime::EventKind::SubrequestCancelled {
                reason: crosstalk_runtime::CancelReason::ResponseTime,
                url,
                ..
            } => Some((e.t_ms, url.clone())),
            _ => None,
        })
        .collect()
}

/// The first request's body equals `expected`, compared line by line (a failure names the
/// first differing line), with as many lines.
pub(crate) fn assert_answers_line_by_line(model: &Model, expected: &str) {
    let run = run_first(model);
    let body = run.requests[0].body.clone().unwrap_or_else(|| panic!("no body: {:?}", run.requests[0].error));
    for (got, want) in body.lines().zip(expected.lines()) {
        assert_eq!(got, want);
    }
    assert_eq!(body.lines().count(), expected.lines().count());
}
