//! One trial: run one scheduler on a model, record its schedule, ask the oracle.
//!
//! A panic anywhere in the run or the oracle is caught and becomes a finding of kind
//! `internal-error`, so one bad schedule never takes a campaign down.

use crosstalk_runtime::{LatencyKey, Model, ModelError, MsRange, ReadyTask, Run, Scheduler, simulate};

use crate::scenario::Scenario;
use crate::strategy::Explorer;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::finding::{Finding, Oracle};
use serde::{Deserialize, Serialize};

use crate::replay::{Decision, Recording};
use crate::schedule::Schedule;

/// The kind of a finding made from a panic.
pub const INTERNAL_ERROR: &str = "internal-error";

/// What one trial produced: in this process, or in a worker process that sent it back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    /// Every answer the scheduler gave, as a replayable schedule.
    pub schedule: Schedule,
    /// Ready tasks at each tie-break (for exhaustive search).
    pub widths: Vec<usize>,
    /// The oracle's finding (a panic is an `internal-error` one), `None` when the run
    /// passed, or the model error that stopped the run.
    pub verdict: Result<Option<Finding>, ModelError>,
}

/// Runs `scheduler` on `model` under a recording; `indices` are the scenario indices of
/// the model's requests.
pub fn run_trial(model: &Model, scheduler: &mut dyn Scheduler, indices: Vec<usize>, oracle: &Oracle) -> Trial {
    run_trial_observed(model, scheduler, indices, oracle, None)
}

/// [`run_trial`], telling `observer` each answer of the scheduler as it is given.
pub fn run_trial_observed(
    model: &Model,
    scheduler: &mut dyn Scheduler,
    indices: Vec<usize>,
    oracle: &Oracle,
    observer: Option<&mut dyn FnMut(&Decision)>,
) -> Trial {
    let mut recording = Recording::new(ByRef(scheduler)).with_indices(indices);
    if let Some(observer) = observer {
        recording = recording.with_observer(observer);
    }
    let run = catch_unwind(AssertUnwindSafe(|| simulate(model, &mut recording)));
    let widths = recording.widths().to_vec();
    let schedule = recording.into_schedule();
    let verdict = match run {
        Err(panic) => {
            Ok(Some(Finding::new(INTERNAL_ERROR, format!("the simulation panicked: {}", panic_text(&*panic)))))
        }
        Ok(Err(error)) => Err(error),
        Ok(Ok(run)) => judge(&schedule, &run, oracle),
    };
    Trial { schedule, widths, verdict }
}

/// Schedule `n` of `explorer` on `base`, the scenario's full model; `None` when the
/// strategy has nothing left.
pub fn explore_trial(
    base: &Model,
    explorer: &mut dyn Explorer,
    n: u64,
    oracle: &Oracle,
    observer: Option<&mut dyn FnMut(&Decision)>,
) -> Option<Trial> {
    let mut scheduler = explorer.scheduler(n)?;
    let all: Vec<usize> = (0..base.requests.len()).collect();
    let trial = run_trial_observed(base, scheduler.as_mut(), all, oracle, observer);
    explorer.observe(n, &trial.widths);
    Some(trial)
}

/// A stored schedule replayed exactly. `schedule` must be normalized for `scenario`
/// ([`Schedule::normalized`]); `base` is the scenario's full model, whose module source
/// the replay shares.
pub fn replay_trial(
    scenario: &Scenario,
    base: &Model,
    schedule: &Schedule,
    oracle: &Oracle,
    observer: Option<&mut dyn FnMut(&Decision)>,
) -> Trial {
    let model = scenario.model_with_source(base, schedule);
    let indices = schedule.requests.iter().map(|r| r.index).collect();
    run_trial_observed(&model, &mut crate::Replay::new(schedule), indices, oracle, observer)
}

/// Asks the oracle, turning its panic into an `internal-error` finding.
pub(crate) fn judge(schedule: &Schedule, run: &Run, oracle: &Oracle) -> Result<Option<Finding>, ModelError> {
    match catch_unwind(AssertUnwindSafe(|| oracle(schedule, run))) {
        Ok(finding) => Ok(finding),
        Err(panic) => Ok(Some(Finding::new(INTERNAL_ERROR, format!("the oracle panicked: {}", panic_text(&*panic))))),
    }
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Lets a `Recording` wrap a scheduler it does not own.
struct ByRef<'a>(&'a mut dyn Scheduler);

impl Scheduler for ByRef<'_> {
    fn arrival_ms(&mut self, index: usize, range: MsRange) -> u64 {
        self.0.arrival_ms(index, range)
    }
    fn isolate(&mut self, index: usize, isolates: u32) -> u32 {
        self.0.isolate(index, isolates)
    }
    fn latency_ms(&mut self, key: &LatencyKey, range: MsRange) -> u64 {
        self.0.latency_ms(key, range)
    }
    fn pick(&mut self, now_ms: u64, ready: &[ReadyTask]) -> usize {
        self.0.pick(now_ms, ready)
    }
    fn random_seed(&mut self) -> u64 {
        self.0.random_seed()
    }
}
