//! The oracle every free choice of a run goes through (as in shuttle's `Scheduler`).
//!
//! The event loop never draws a random number and never reads a clock: it asks the
//! scheduler. Same answers ⇒ same run (R12). The scenario crate implements schedules and
//! exploration strategies on top of this trait; [`SeededScheduler`] is the simple one.

use std::borrow::Cow;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::MsRange;
use crate::trace::Owner;

/// A task that is ready at the current instant, offered to [`Scheduler::pick`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadyTask {
    /// Whom the task runs for (R2); `startup` also for an offered Durable Object eviction.
    pub owner: Owner,
    /// The isolate it runs in (0-based).
    pub isolate: u32,
    /// A short label for people and strategies, e.g. `dispatch`, `timer #3`.
    pub label: Cow<'static, str>,
}

/// What a latency is for, so a schedule can name it and a strategy can shrink it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LatencyKey {
    /// Time to headers of a request's I/O number n (fetches and binding operations share
    /// the count, from 1; a pass-through to the origin is n = 0).
    Subrequest {
        /// The request's id (the N of `rN`).
        request: u32,
        /// The request's I/O number, from 1 (fetches and binding operations share the
        /// count); 0 for the request's own pass-through to its origin.
        n: u32,
    },
    /// Interval before body chunk `chunk` of that subrequest.
    Chunk {
        /// The request's id (the N of `rN`).
        request: u32,
        /// The subrequest's I/O number, as in `Subrequest`.
        n: u32,
        /// The chunk's number, from 1.
        chunk: u32,
    },
    /// The n-th binding operation (KV…) of a request.
    Binding {
        /// The request's id (the N of `rN`).
        request: u32,
        /// The operation's I/O number, from 1, counted with the request's fetches.
        n: u32,
    },
    /// Interval before step `step` of a request's WebSocket client (R21): its message
    /// number `step` (from 0), its close after the last one, or (`4294967295`) its answer
    /// to the worker's close.
    WebSocket {
        /// The request's id (the N of `rN`).
        request: u32,
        /// The client's step.
        step: u32,
    },
}

/// Answers every free choice of one run.
pub trait Scheduler {
    /// When request `index` (its position in the model, 0-based) arrives.
    fn arrival_ms(&mut self, index: usize, range: MsRange) -> u64;
    /// Which isolate request `index` is routed to.
    fn isolate(&mut self, index: usize, isolates: u32) -> u32;
    /// A latency within `range`.
    fn latency_ms(&mut self, key: &LatencyKey, range: MsRange) -> u64;
    /// Which of the ready tasks (at least two, of different owners) runs next: an index
    /// into `ready` (the event loop asserts it).
    fn pick(&mut self, now_ms: u64, ready: &[ReadyTask]) -> usize;
    /// The seed of the stream `Math.random` and `crypto` draw from (R3).
    fn random_seed(&mut self) -> u64;
}

/// A scheduler that answers everything from one ChaCha stream.
#[derive(Clone, Debug)]
pub struct SeededScheduler {
    rng: ChaCha8Rng,
}

impl SeededScheduler {
    /// A scheduler whose every answer follows from `seed`.
    pub fn new(seed: u64) -> Self {
        Self { rng: ChaCha8Rng::seed_from_u64(seed) }
    }
}

fn draw(rng: &mut ChaCha8Rng, range: MsRange) -> u64 {
    if range.is_fixed() { range.min } else { rng.random_range(range.min..=range.max) }
}

impl Scheduler for SeededScheduler {
    fn arrival_ms(&mut self, _index: usize, range: MsRange) -> u64 {
        draw(&mut self.rng, range)
    }

    fn isolate(&mut self, _index: usize, isolates: u32) -> u32 {
        if isolates <= 1 { 0 } else { self.rng.random_range(0..isolates) }
    }

    fn latency_ms(&mut self, _key: &LatencyKey, range: MsRange) -> u64 {
        draw(&mut self.rng, range)
    }

    fn pick(&mut self, _now_ms: u64, ready: &[ReadyTask]) -> usize {
        self.rng.random_range(0..ready.len())
    }

    fn random_seed(&mut self) -> u64 {
        self.rng.random()
    }
}

/// A scheduler that always takes the first option and the low end of every range: the
/// "default" answers a replayed schedule falls back to.
#[derive(Clone, Copy, Debug, Default)]
pub struct FirstScheduler;

impl Scheduler for FirstScheduler {
    fn arrival_ms(&mut self, _index: usize, range: MsRange) -> u64 {
        range.min
    }
    fn isolate(&mut self, _index: usize, _isolates: u32) -> u32 {
        0
    }
    fn latency_ms(&mut self, _key: &LatencyKey, range: MsRange) -> u64 {
        range.min
    }
    fn pick(&mut self, _now_ms: u64, _ready: &[ReadyTask]) -> usize {
        0
    }
    fn random_seed(&mut self) -> u64 {
        0
    }
}
