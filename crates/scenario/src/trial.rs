//! One trial: run one scheduler on a model, record its schedule, ask the oracle.
//!
//! A panic anywhere in the run or the oracle is caught and becomes a finding of kind
//! `internal-error`, so one bad schedule never takes a campaign down.

use crosstalk_runtime::{LatencyKey, Model, ModelError, MsRange, ReadyTask, Run, Scheduler, simulate};
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::finding::{Finding, Oracle};
use crate::replay::Recording;
use crate::schedule::Schedule;

/// The kind of a finding made from a panic.
pub const INTERNAL_ERROR: &str = "internal-error";

/// What one trial produced.
#[derive(Debug)]
pub(crate) struct Trial {
    pub schedule: Schedule,
    /// Ready tasks at each tie-break (for exhaustive search).
    pub widths: Vec<usize>,
    pub verdict: Result<Option<Finding>, ModelError>,
}

/// Runs `scheduler` on `model` under a recording; `indices` are the scenario indices of
/// the model's requests.
pub(crate) fn run_trial(model: &Model, scheduler: &mut dyn Scheduler, indices: Vec<usize>, oracle: &Oracle) -> Trial {
    let mut recording = Recording::new(ByRef(scheduler)).with_indices(indices);
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
