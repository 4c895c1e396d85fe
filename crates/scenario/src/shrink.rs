//! Shrinking with proptest: a [`ScheduleStrategy`] whose value trees shrink a schedule
//! toward fewer requests, earlier and equal arrivals, isolate 0, shorter latencies,
//! default (0) tie-breaks and random seed 0; and [`shrink`], which reduces a failing
//! schedule to a minimal one that still fails with the same violation kind.
//!
//! The value tree is greedy: it tries one simplification at a time, keeps it when the
//! failure persists, and restarts from the simplified schedule; it stops when no single
//! step keeps the failure. Each step is a strict decrease, so shrinking terminates.

use crosstalk_runtime::{ModelError, MsRange, ProfileName, simulate};
use proptest::strategy::{NewTree, Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cell::Cell;
use std::collections::VecDeque;

use crate::finding::{Finding, Oracle};
use crate::replay::Replay;
use crate::scenario::Scenario;
use crate::schedule::{Schedule, ScheduledRequest};
use crate::trial::judge;

/// Generates schedules of a scenario and shrinks them (see the module docs).
#[derive(Clone, Debug)]
pub struct ScheduleStrategy {
    /// Arrival range of each scenario request.
    arrivals: Vec<MsRange>,
    isolates: u32,
    /// Start every tree here instead of generating (used by [`shrink`]).
    start: Option<Schedule>,
}

impl ScheduleStrategy {
    /// Random schedules of every request of `scenario`: arrivals and routing in range,
    /// up to two tie-break choices per request, a random seed; no latencies (defaults).
    pub fn arbitrary(scenario: &Scenario) -> Self {
        Self {
            arrivals: scenario.requests.iter().map(|r| r.arrival).collect(),
            isolates: scenario.runtime.isolates.max(1),
            start: None,
        }
    }

    /// Trees that start at `schedule` and only shrink.
    pub fn from_schedule(scenario: &Scenario, schedule: Schedule) -> Self {
        Self { start: Some(schedule), ..Self::arbitrary(scenario) }
    }
}

impl Strategy for ScheduleStrategy {
    type Tree = ScheduleTree;
    type Value = Schedule;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let schedule = match &self.start {
            Some(schedule) => schedule.clone(),
            None => {
                // proptest's rng seeds a ChaCha stream of our own rand version.
                let mut rng = ChaCha8Rng::seed_from_u64(proptest::prelude::Rng::next_u64(runner.rng()));
                let requests = (0..self.arrivals.len())
                    .map(|index| ScheduledRequest {
                        index,
                        arrival_ms: rng.random_range(self.arrivals[index].min..=self.arrivals[index].max),
                        isolate: rng.random_range(0..self.isolates),
                    })
                    .collect();
                let choices = (0..self.arrivals.len() * 2).map(|_| rng.random_range(0..4)).collect();
                Schedule { requests, latencies: Vec::new(), choices, random_seed: rng.random() }
            }
        };
        Ok(ScheduleTree::new(schedule, self.arrivals.clone()))
    }
}

/// The value tree of [`ScheduleStrategy`].
#[derive(Clone, Debug)]
pub struct ScheduleTree {
    /// The simplest schedule known to fail.
    accepted: Schedule,
    /// The simplification under test, if any.
    candidate: Option<Schedule>,
    /// Simplifications of `accepted` not tried yet, most promising first.
    queue: VecDeque<Schedule>,
    arrivals: Vec<MsRange>,
}

impl ScheduleTree {
    fn new(schedule: Schedule, arrivals: Vec<MsRange>) -> Self {
        let queue = simplifications(&schedule, &arrivals);
        Self { accepted: schedule, candidate: None, queue, arrivals }
    }

    fn next_candidate(&mut self) -> bool {
        self.candidate = self.queue.pop_front();
        self.candidate.is_some()
    }
}

impl ValueTree for ScheduleTree {
    type Value = Schedule;

    fn current(&self) -> Schedule {
        self.candidate.clone().unwrap_or_else(|| self.accepted.clone())
    }

    fn simplify(&mut self) -> bool {
        // The candidate under test still failed: keep it and simplify from there.
        if let Some(candidate) = self.candidate.take() {
            self.queue = simplifications(&candidate, &self.arrivals);
            self.accepted = candidate;
        }
        self.next_candidate()
    }

    fn complicate(&mut self) -> bool {
        // The candidate passed: drop it and try the next simplification.
        self.next_candidate()
    }
}

/// Every one-step simplification of `s`, biggest first, each strictly simpler.
fn simplifications(s: &Schedule, arrivals: &[MsRange]) -> VecDeque<Schedule> {
    let mut out = VecDeque::new();
    let mut push = |candidate: Schedule| {
        if candidate != *s && !out.contains(&candidate) {
            out.push_back(candidate);
        }
    };
    let floor = |r: &ScheduledRequest| arrivals.get(r.index).map_or(0, |range| range.min);
    // Fewer requests: halves first (delta debugging), then one at a time.
    let n = s.requests.len();
    let mut chunk = n / 2;
    while chunk >= 1 {
        for start in (0..n).step_by(chunk) {
            let mut c = s.clone();
            c.requests.drain(start..(start + chunk).min(n));
            if !c.requests.is_empty() {
                push(c);
            }
        }
        chunk /= 2;
    }
    // Earlier and equal arrivals.
    if let Some(earliest) = s.requests.iter().map(|r| r.arrival_ms).min() {
        let mut c = s.clone();
        c.requests.iter_mut().for_each(|r| r.arrival_ms = earliest.max(floor(r)));
        push(c);
    }
    for i in 0..n {
        let r = &s.requests[i];
        for arrival in [floor(r), floor(r) + (r.arrival_ms - floor(r).min(r.arrival_ms)) / 2] {
            if arrival < r.arrival_ms {
                let mut c = s.clone();
                c.requests[i].arrival_ms = arrival;
                push(c);
            }
        }
        if r.isolate > 0 {
            let mut c = s.clone();
            c.requests[i].isolate = 0;
            push(c);
        }
    }
    // Default tie-breaks: none at all, half as many, then each one zeroed.
    for keep in [0, s.choices.len() / 2] {
        let mut c = s.clone();
        c.choices.truncate(keep);
        push(c);
    }
    for i in 0..s.choices.len() {
        if s.choices[i] > 0 {
            let mut c = s.clone();
            c.choices[i] = 0;
            push(c);
        }
    }
    // Shorter latencies: all at their minimum (no entry), then each halved.
    let mut c = s.clone();
    c.latencies.clear();
    push(c);
    for i in 0..s.latencies.len() {
        if s.latencies[i].ms > 0 {
            let mut c = s.clone();
            c.latencies[i].ms /= 2;
            push(c);
        }
    }
    if s.random_seed != 0 {
        push(Schedule { random_seed: 0, ..s.clone() });
    }
    out
}

/// Upper bound on the replays one shrink may try (each simplification step is strict, so
/// shrinking ends long before this on real scenarios).
pub const SHRINK_REPLAYS_MAX: u32 = 100_000;

/// A shrunk schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct Shrunk {
    /// The smallest schedule found that still fails with the same kind.
    pub schedule: Schedule,
    /// The finding of the shrunk schedule (same kind as the original's).
    pub finding: Finding,
    /// Replays tried while shrinking.
    pub replays: u64,
}

/// Why a schedule could not be shrunk.
#[derive(Debug, thiserror::Error)]
pub enum ShrinkError {
    /// The schedule does not fail under the oracle.
    #[error("the schedule does not fail: nothing to shrink")]
    NotFailing,
    /// A replay broke the model.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// proptest gave up on the search, with its reason.
    #[error("proptest stopped: {0}")]
    Aborted(String),
}

/// Shrinks `schedule`, which must fail under `oracle`, to a minimal schedule that fails
/// with the same violation kind.
///
/// ```
/// use crosstalk_scenario::{Finding, Schedule, load, shrink};
/// let scenario = load(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/blocker")).unwrap();
/// let hang = |_: &Schedule, run: &crosstalk_runtime::Run| {
///     run.requests.iter().any(|r| r.error.as_deref().is_some_and(|e| e.contains("never generate")))
///         .then(|| Finding::new("hang", "a request hung"))
/// };
/// let failing = Schedule::from_seed(&scenario, 3).unwrap();
/// let shrunk = shrink(&scenario, None, &failing, &hang).unwrap();
/// assert_eq!(shrunk.schedule.requests.len(), 2);
/// ```
pub fn shrink(
    scenario: &Scenario,
    profile: Option<ProfileName>,
    schedule: &Schedule,
    oracle: &Oracle,
) -> Result<Shrunk, ShrinkError> {
    let base = scenario.model(profile);
    let verdict = |candidate: &Schedule| -> Result<Option<Finding>, ModelError> {
        let candidate = candidate.normalized(scenario);
        let model = scenario.model_with_source(&base, &candidate);
        let run = simulate(&model, &mut Replay::new(&candidate))?;
        judge(&candidate, &run, oracle)
    };
    shrink_by(scenario, schedule, &verdict)
}

/// [`shrink`] with the verdict on each candidate given by `verdict`, which is handed
/// the candidate normalized for `scenario` (a worker process can replay it, so that a
/// candidate that crashes the engine is a verdict too).
pub fn shrink_by(
    scenario: &Scenario,
    schedule: &Schedule,
    verdict: &dyn Fn(&Schedule) -> Result<Option<Finding>, ModelError>,
) -> Result<Shrunk, ShrinkError> {
    let verdict = |candidate: &Schedule| verdict(&candidate.normalized(scenario));
    let original = verdict(schedule)?.ok_or(ShrinkError::NotFailing)?;
    let replays = Cell::new(1u64);
    let config = Config {
        cases: 1,
        failure_persistence: None,
        max_shrink_iters: SHRINK_REPLAYS_MAX,
        max_shrink_time: 0,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let tree = ScheduleStrategy::from_schedule(scenario, schedule.normalized(scenario))
        .new_tree(&mut runner)
        .map_err(|reason| ShrinkError::Aborted(reason.to_string()))?;
    let outcome = runner.run_one(tree, |candidate| {
        replays.set(replays.get() + 1);
        match verdict(&candidate) {
            Ok(Some(finding)) if finding.kind == original.kind => Err(TestCaseError::fail(finding.kind)),
            _ => Ok(()),
        }
    });
    match outcome {
        Err(TestError::Fail(_, minimal)) => {
            let finding = verdict(&minimal)?.ok_or(ShrinkError::NotFailing)?;
            Ok(Shrunk { schedule: minimal, finding, replays: replays.get() })
        }
        Err(TestError::Abort(reason)) => Err(ShrinkError::Aborted(reason.to_string())),
        Ok(_) => Err(ShrinkError::NotFailing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_simplification_is_strictly_simpler() {
        let s = Schedule {
            requests: (0..4)
                .map(|index| ScheduledRequest { index, arrival_ms: 10 + index as u64, isolate: 1 })
                .collect(),
            latencies: Vec::new(),
            choices: vec![2, 0, 1],
            random_seed: 9,
        };
        let arrivals = vec![MsRange::new_range(5, 50); 4];
        let size = |s: &Schedule| {
            s.requests.len() * 1_000_000
                + s.requests.iter().map(|r| r.arrival_ms as usize + r.isolate as usize).sum::<usize>() * 10
                + s.choices.len() * 100
                + s.choices.iter().map(|&c| c as usize).sum::<usize>()
                + usize::from(s.random_seed != 0)
        };
        let candidates = simplifications(&s, &arrivals);
        assert!(!candidates.is_empty());
        for c in &candidates {
            assert!(size(c) < size(&s), "{c:?} is not simpler than {s:?}");
            assert!(c.requests.iter().all(|r| r.arrival_ms >= 5), "arrivals stay in range");
        }
        assert_eq!(candidates[0].requests.len(), 2, "halving the requests comes first");
    }
}
