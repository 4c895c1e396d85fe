//! `Schedule`: every free choice of one run, as plain data (R12).
//!
//! A schedule fixes which requests are sent and when, where each is routed, every
//! subrequest latency and body-chunk interval, the order of tasks that are ready at the
//! same instant, and the seed of the `Math.random`/`crypto` stream. It is serde data:
//! written as JSON, edited by hand, and replayed exactly by [`crate::Replay`].
//!
//! A seed becomes a schedule by recording a run of the random strategy
//! ([`Schedule::from_seed`]); the result is a pure function of the scenario and the seed.

use crosstalk_runtime::{LatencyKey, ModelError, ProfileName, Run, simulate};
use serde::{Deserialize, Serialize};

use crate::replay::{Recording, Replay};
use crate::scenario::Scenario;
use crate::strategy::random::RandomScheduler;

/// One request a schedule sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledRequest {
    /// Which request of the scenario (an index into `Scenario::requests`).
    pub index: usize,
    /// When it arrives, in virtual ms; clamped into the request's `at` range on replay.
    pub arrival_ms: u64,
    /// Which isolate it is routed to; clamped to the isolates that exist on replay.
    pub isolate: u32,
}

/// One latency answer: what it is for and how long it takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Latency {
    /// The subrequest, body chunk or binding operation it is for.
    pub key: LatencyKey,
    /// How long, in virtual ms; clamped into the key's range on replay.
    pub ms: u64,
}

/// Every free choice of one run.
///
/// Replaying a schedule whose lists do not fit the run never panics:
/// - a missing latency takes the low end of its range, a missing tie-break choice takes
///   `0` (the ready task created first), an out-of-range value is clamped into range;
/// - surplus latencies and choices are ignored (and counted by [`Replay::unused`]);
/// - a request index the scenario does not have is skipped ([`Schedule::check`] says so).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The requests sent, in model order: request `i` of the run is `requests[i]`.
    /// Shrinking removes entries from here.
    pub requests: Vec<ScheduledRequest>,
    /// Subrequest latencies and chunk intervals, in the order the run asked for them.
    #[serde(default)]
    pub latencies: Vec<Latency>,
    /// Tie-break choices, in order: each is an index into the ready tasks offered by
    /// `Scheduler::pick` (owners in task creation order).
    #[serde(default)]
    pub choices: Vec<u32>,
    /// Seed of the stream `Math.random` and `crypto` draw from (R3).
    #[serde(default)]
    pub random_seed: u64,
}

impl Schedule {
    /// The schedule the random strategy makes from `seed`: a recorded run, so every
    /// latency and tie-break the run meets is explicit.
    ///
    /// ```
    /// use crosstalk_scenario::{Schedule, load};
    /// let scenario = load(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/counter")).unwrap();
    /// let a = Schedule::from_seed(&scenario, 7).unwrap();
    /// assert_eq!(a, Schedule::from_seed(&scenario, 7).unwrap());
    /// assert_eq!(a.requests.len(), scenario.requests.len());
    /// ```
    pub fn from_seed(scenario: &Scenario, seed: u64) -> Result<Schedule, ModelError> {
        let model = scenario.model(None);
        let mut recording = Recording::new(RandomScheduler::new(seed));
        simulate(&model, &mut recording)?;
        Ok(recording.into_schedule())
    }

    /// The default schedule of a scenario: every request at the start of its range, in
    /// isolate 0, every latency at its minimum, every choice 0, random seed 0.
    pub fn defaults(scenario: &Scenario) -> Schedule {
        let requests = scenario
            .requests
            .iter()
            .enumerate()
            .map(|(index, r)| ScheduledRequest { index, arrival_ms: r.arrival.min, isolate: r.isolate.unwrap_or(0) })
            .collect();
        Schedule { requests, ..Schedule::default() }
    }

    /// Runs this schedule against `scenario` (under another profile if one is given).
    pub fn replay(&self, scenario: &Scenario, profile: Option<ProfileName>) -> Result<Run, ModelError> {
        let schedule = self.normalized(scenario);
        let model = scenario.model_for(&schedule, profile);
        simulate(&model, &mut Replay::new(&schedule))
    }

    /// This schedule without requests whose index the scenario does not have, so that
    /// model position `i` is `requests[i]` (what [`Replay`] assumes).
    pub fn normalized(&self, scenario: &Scenario) -> Schedule {
        let mut schedule = self.clone();
        schedule.requests.retain(|r| r.index < scenario.requests.len());
        schedule
    }

    /// Problems a replay would silently repair, for people editing schedules by hand.
    pub fn check(&self, scenario: &Scenario) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, r) in self.requests.iter().enumerate() {
            match scenario.requests.get(r.index) {
                None => problems.push(format!(
                    "requests[{i}]: index {} does not exist (the scenario has {} requests); skipped",
                    r.index,
                    scenario.requests.len()
                )),
                Some(spec) => {
                    if spec.arrival.clamp(r.arrival_ms) != r.arrival_ms {
                        problems.push(format!(
                            "requests[{i}]: arrival {}ms is outside {}; clamped",
                            r.arrival_ms, spec.arrival
                        ));
                    }
                    if r.isolate >= scenario.runtime.isolates.max(1) {
                        problems.push(format!("requests[{i}]: isolate {} does not exist; clamped", r.isolate));
                    }
                }
            }
        }
        problems
    }

    /// The JSON form (stable field order, pretty-printed).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Parses the JSON form.
    pub fn from_json(text: &str) -> Result<Schedule, serde_json::Error> {
        serde_json::from_str(text)
    }
}
