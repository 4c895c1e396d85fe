//! `Replay` answers a run from a [`Schedule`]; `Recording` writes down every answer of
//! any other scheduler as a complete `Schedule`.
//!
//! Together they make a schedule data: record once, replay forever (R12). Replay's rules
//! for lists that do not fit the run are on [`Schedule`].

use crosstalk_runtime::{LatencyKey, MsRange, ReadyTask, Scheduler};

use serde::{Deserialize, Serialize};

use crate::schedule::{Latency, Schedule, ScheduledRequest};

/// One answer a scheduler gave, as a [`Recording`] writes it into its schedule. A worker
/// process streams these while it runs a schedule that may crash it, so the campaign
/// keeps the schedule up to the crash ([`Schedule::record`] rebuilds it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// When a request arrives.
    Arrival {
        /// The request's position in the model (0-based).
        request: usize,
        /// Its arrival, in virtual ms.
        ms: u64,
    },
    /// Where a request is routed.
    Isolate {
        /// The request's position in the model (0-based).
        request: usize,
        /// The isolate it runs in (0-based).
        isolate: u32,
    },
    /// A subrequest, chunk or binding latency.
    Latency(Latency),
    /// A tie-break: the index of the ready task that ran next.
    Choice(u32),
    /// The seed of the stream `Math.random` and `crypto` draw from (R3).
    RandomSeed(u64),
}

impl Schedule {
    /// Writes one answer into the schedule; `indices` maps the model's request `i` to
    /// the scenario's request (identity when `None`).
    pub fn record(&mut self, decision: &Decision, indices: Option<&[usize]>) {
        fn entry<'r>(
            requests: &'r mut Vec<ScheduledRequest>,
            request: usize,
            indices: Option<&[usize]>,
        ) -> &'r mut ScheduledRequest {
            while requests.len() <= request {
                let position = requests.len();
                let index = indices.and_then(|v| v.get(position).copied()).unwrap_or(position);
                requests.push(ScheduledRequest { index, arrival_ms: 0, isolate: 0 });
            }
            &mut requests[request]
        }
        match decision {
            Decision::Arrival { request, ms } => entry(&mut self.requests, *request, indices).arrival_ms = *ms,
            Decision::Isolate { request, isolate } => entry(&mut self.requests, *request, indices).isolate = *isolate,
            Decision::Latency(latency) => self.latencies.push(latency.clone()),
            Decision::Choice(choice) => self.choices.push(*choice),
            Decision::RandomSeed(seed) => self.random_seed = *seed,
        }
    }
}

/// A [`Scheduler`] that answers from a schedule. Use it with the model of
/// [`crate::Scenario::model_for`], whose request `i` is `schedule.requests[i]`.
#[derive(Clone, Debug)]
pub struct Replay<'s> {
    schedule: &'s Schedule,
    /// Which latency entries were used already (a key may be asked only once per run).
    latency_used: Vec<bool>,
    next_choice: usize,
}

impl<'s> Replay<'s> {
    /// A replay of `schedule`, from its first latency and choice.
    pub fn new(schedule: &'s Schedule) -> Self {
        Self { schedule, latency_used: vec![false; schedule.latencies.len()], next_choice: 0 }
    }

    /// Surplus entries the run never asked for: (latencies, choices).
    pub fn unused(&self) -> (usize, usize) {
        let latencies = self.latency_used.iter().filter(|used| !**used).count();
        (latencies, self.schedule.choices.len().saturating_sub(self.next_choice))
    }

    /// The scheduled request at model position `index` (see [`Schedule::normalized`]).
    fn request(&self, index: usize) -> Option<&ScheduledRequest> {
        self.schedule.requests.get(index)
    }
}

impl Scheduler for Replay<'_> {
    fn arrival_ms(&mut self, index: usize, range: MsRange) -> u64 {
        range.clamp(self.request(index).map_or(range.min, |r| r.arrival_ms))
    }

    fn isolate(&mut self, index: usize, isolates: u32) -> u32 {
        self.request(index).map_or(0, |r| r.isolate).min(isolates.saturating_sub(1))
    }

    fn latency_ms(&mut self, key: &LatencyKey, range: MsRange) -> u64 {
        let found =
            self.schedule.latencies.iter().enumerate().position(|(i, l)| !self.latency_used[i] && l.key == *key);
        match found {
            Some(i) => {
                self.latency_used[i] = true;
                range.clamp(self.schedule.latencies[i].ms)
            }
            None => range.min,
        }
    }

    fn pick(&mut self, _now_ms: u64, ready: &[ReadyTask]) -> usize {
        let choice = self.schedule.choices.get(self.next_choice).copied().unwrap_or(0);
        self.next_choice += 1;
        (choice as usize).min(ready.len().saturating_sub(1))
    }

    fn random_seed(&mut self) -> u64 {
        self.schedule.random_seed
    }
}

/// Wraps a scheduler and records every answer it gives into a complete schedule, plus
/// the number of ready tasks at each tie-break (what exhaustive search branches on).
///
/// ```
/// use crosstalk_runtime::{FirstScheduler, simulate};
/// use crosstalk_scenario::{Recording, Replay, load};
/// let scenario = load(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/counter")).unwrap();
/// let model = scenario.model(None);
/// let mut recording = Recording::new(FirstScheduler);
/// let first = simulate(&model, &mut recording).unwrap();
/// let schedule = recording.into_schedule();
/// let again = simulate(&scenario.model_for(&schedule, None), &mut Replay::new(&schedule)).unwrap();
/// assert_eq!(first, again);
/// ```
pub struct Recording<'o, S> {
    inner: S,
    schedule: Schedule,
    widths: Vec<usize>,
    /// Scenario request index of each model request (identity unless set).
    indices: Option<Vec<usize>>,
    /// Told every answer as it is given (a worker's journal).
    observer: Option<&'o mut dyn FnMut(&Decision)>,
}

impl<'o, S: Scheduler> Recording<'o, S> {
    /// Records what `inner` answers, into an empty schedule.
    pub fn new(inner: S) -> Self {
        Self { inner, schedule: Schedule::default(), widths: Vec::new(), indices: None, observer: None }
    }

    /// Records model request `i` as scenario request `indices[i]` (for models built by
    /// `model_for`, pass the schedule's indices).
    pub fn with_indices(mut self, indices: Vec<usize>) -> Self {
        self.indices = Some(indices);
        self
    }

    /// Tells `observer` every answer the moment it is given.
    pub fn with_observer(mut self, observer: &'o mut dyn FnMut(&Decision)) -> Self {
        self.observer = Some(observer);
        self
    }

    /// How many tasks were ready at each tie-break, in order.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// The recorded schedule.
    pub fn into_schedule(self) -> Schedule {
        self.schedule
    }

    fn write(&mut self, decision: Decision) {
        if let Some(observer) = self.observer.as_mut() {
            observer(&decision);
        }
        self.schedule.record(&decision, self.indices.as_deref());
    }
}

impl<S: Scheduler> Scheduler for Recording<'_, S> {
    fn arrival_ms(&mut self, index: usize, range: MsRange) -> u64 {
        let ms = self.inner.arrival_ms(index, range);
        self.write(Decision::Arrival { request: index, ms });
        ms
    }

    fn isolate(&mut self, index: usize, isolates: u32) -> u32 {
        let isolate = self.inner.isolate(index, isolates);
        self.write(Decision::Isolate { request: index, isolate });
        isolate
    }

    fn latency_ms(&mut self, key: &LatencyKey, range: MsRange) -> u64 {
        let ms = self.inner.latency_ms(key, range);
        self.write(Decision::Latency(Latency { key: key.clone(), ms }));
        ms
    }

    fn pick(&mut self, now_ms: u64, ready: &[ReadyTask]) -> usize {
        let choice = self.inner.pick(now_ms, ready).min(ready.len().saturating_sub(1));
        self.widths.push(ready.len());
        self.write(Decision::Choice(u32::try_from(choice).unwrap_or(u32::MAX)));
        choice
    }

    fn random_seed(&mut self) -> u64 {
        let seed = self.inner.random_seed();
        self.write(Decision::RandomSeed(seed));
        seed
    }
}
