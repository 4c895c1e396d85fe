//! Uniform random exploration: every free choice drawn uniformly from one ChaCha stream.

use crosstalk_runtime::{LatencyKey, MsRange, ReadyTask, Scheduler};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{BoxScheduler, Explorer, schedule_seed};

/// Answers every choice uniformly at random from a seed.
#[derive(Clone, Debug)]
pub struct RandomScheduler {
    rng: ChaCha8Rng,
}

impl RandomScheduler {
    /// Answers from the ChaCha stream seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self { rng: ChaCha8Rng::seed_from_u64(seed) }
    }

    /// A uniform value in `range`.
    pub(crate) fn draw(rng: &mut ChaCha8Rng, range: MsRange) -> u64 {
        if range.is_fixed() { range.min } else { rng.random_range(range.min..=range.max) }
    }
}

impl Scheduler for RandomScheduler {
    fn arrival_ms(&mut self, _index: usize, range: MsRange) -> u64 {
        Self::draw(&mut self.rng, range)
    }

    fn isolate(&mut self, _index: usize, isolates: u32) -> u32 {
        if isolates <= 1 { 0 } else { self.rng.random_range(0..isolates) }
    }

    fn latency_ms(&mut self, _key: &LatencyKey, range: MsRange) -> u64 {
        Self::draw(&mut self.rng, range)
    }

    fn pick(&mut self, _now_ms: u64, ready: &[ReadyTask]) -> usize {
        if ready.len() <= 1 { 0 } else { self.rng.random_range(0..ready.len()) }
    }

    fn random_seed(&mut self) -> u64 {
        self.rng.random()
    }
}

/// The uniform random strategy: schedule `n` is `RandomScheduler::new(schedule_seed(seed, n))`,
/// so [`crate::Schedule::from_seed`] with that seed reproduces it.
#[derive(Clone, Debug)]
pub struct Random {
    /// Schedule `n` is seeded with [`schedule_seed`]`(campaign_seed, n)`.
    pub campaign_seed: u64,
}

impl Random {
    /// The strategy seeded by `campaign_seed`.
    pub fn new(campaign_seed: u64) -> Self {
        Self { campaign_seed }
    }
}

impl Explorer for Random {
    fn name(&self) -> String {
        "random".into()
    }

    fn scheduler(&mut self, n: u64) -> Option<BoxScheduler> {
        Some(Box::new(RandomScheduler::new(schedule_seed(self.campaign_seed, n))))
    }
}
