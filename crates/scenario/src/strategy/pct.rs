//! PCT, probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010), over the
//! requests of a run.
//!
//! Each owner (a request, or `startup`) gets a random priority when it is first ready;
//! a tie-break always runs the highest-priority ready owner; at `depth - 1` random steps
//! (priority-change points, drawn from `1..=steps`) the owner about to run drops to a
//! priority below every initial one. For a bug of depth `d` among `n` owners in a run of
//! at most `k` tie-breaks, one schedule finds it with probability at least
//! `1 / (n · k^(d-1))` ([`Pct::bound`]). Arrivals, routing and latencies are drawn
//! uniformly, as the random strategy does: PCT only steers the interleaving.

use crosstalk_runtime::{LatencyKey, MsRange, Owner, ReadyTask, Scheduler};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

use super::random::RandomScheduler;
use super::{BoxScheduler, Explorer, schedule_seed};

/// Default bug depth the campaign targets.
pub const DEFAULT_DEPTH: u32 = 3;
/// Default estimate of the tie-breaks in one run (`k`).
pub const DEFAULT_STEPS: u64 = 32;

/// The PCT strategy.
#[derive(Clone, Debug)]
pub struct Pct {
    /// Schedule `n` is seeded with [`schedule_seed`]`(campaign_seed, n)`.
    pub campaign_seed: u64,
    /// Bug depth `d`: the strategy places `d - 1` priority-change points.
    pub depth: u32,
    /// Estimate of the number of tie-breaks in one run (`k`).
    pub steps: u64,
}

impl Pct {
    /// The strategy; a `depth` or `steps` of 0 counts as 1.
    pub fn new(campaign_seed: u64, depth: u32, steps: u64) -> Self {
        Self { campaign_seed, depth: depth.max(1), steps: steps.max(1) }
    }

    /// The PCT guarantee: the probability that one schedule exposes a given bug of this
    /// strategy's depth among `owners` owners, if runs have at most `steps` tie-breaks.
    ///
    /// ```
    /// let pct = crosstalk_scenario::strategy::pct::Pct::new(0, 2, 10);
    /// assert_eq!(pct.bound(2), 1.0 / 20.0);
    /// ```
    pub fn bound(&self, owners: usize) -> f64 {
        1.0 / (owners.max(1) as f64 * (self.steps as f64).powi(self.depth as i32 - 1))
    }
}

impl Explorer for Pct {
    fn name(&self) -> String {
        format!("pct(d={})", self.depth)
    }

    fn scheduler(&mut self, n: u64) -> Option<BoxScheduler> {
        Some(Box::new(PctScheduler::new(schedule_seed(self.campaign_seed, n), self.depth, self.steps)))
    }
}

/// One PCT schedule.
#[derive(Clone, Debug)]
pub struct PctScheduler {
    rng: ChaCha8Rng,
    depth: u32,
    priorities: BTreeMap<(Owner, u32), u64>,
    /// Tie-break numbers (1-based) at which the chosen owner is demoted, with the
    /// priority it is demoted to (`depth - 1 - i`, below every initial priority).
    change_points: Vec<(u64, u64)>,
    step: u64,
}

impl PctScheduler {
    /// The schedule of `seed`, with `depth - 1` change points drawn from `1..=steps`.
    pub fn new(seed: u64, depth: u32, steps: u64) -> Self {
        let rng = ChaCha8Rng::seed_from_u64(seed);
        // Change points come from their own stream, so the initial priorities of a seed
        // do not depend on the depth.
        let mut points = ChaCha8Rng::seed_from_u64(seed);
        points.set_stream(1);
        let change_points = (0..depth.saturating_sub(1))
            .map(|i| (points.random_range(1..=steps.max(1)), u64::from(depth - 1 - i)))
            .collect();
        Self { rng, depth, priorities: BTreeMap::new(), change_points, step: 0 }
    }

    fn priority(&mut self, task: &ReadyTask) -> u64 {
        let floor = u64::from(self.depth);
        let rng = &mut self.rng;
        *self.priorities.entry((task.owner, task.isolate)).or_insert_with(|| rng.random_range(floor..floor + (1 << 32)))
    }

    fn highest(&mut self, ready: &[ReadyTask]) -> usize {
        let mut best = (0, 0u64);
        for (i, task) in ready.iter().enumerate() {
            let p = self.priority(task);
            if i == 0 || p > best.1 {
                best = (i, p);
            }
        }
        best.0
    }
}

impl Scheduler for PctScheduler {
    fn arrival_ms(&mut self, _index: usize, range: MsRange) -> u64 {
        RandomScheduler::draw(&mut self.rng, range)
    }

    fn isolate(&mut self, _index: usize, isolates: u32) -> u32 {
        if isolates <= 1 { 0 } else { self.rng.random_range(0..isolates) }
    }

    fn latency_ms(&mut self, _key: &LatencyKey, range: MsRange) -> u64 {
        RandomScheduler::draw(&mut self.rng, range)
    }

    fn pick(&mut self, _now_ms: u64, ready: &[ReadyTask]) -> usize {
        self.step += 1;
        let mut chosen = self.highest(ready);
        let demotions: Vec<u64> =
            self.change_points.iter().filter(|(at, _)| *at == self.step).map(|(_, p)| *p).collect();
        for demoted in demotions {
            if let Some(task) = ready.get(chosen) {
                self.priorities.insert((task.owner, task.isolate), demoted);
                chosen = self.highest(ready);
            }
        }
        chosen
    }

    fn random_seed(&mut self) -> u64 {
        self.rng.random()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(ids: &[u32]) -> Vec<ReadyTask> {
        ids.iter().map(|&id| ReadyTask { owner: Owner::Request(id), isolate: 0, label: "dispatch".into() }).collect()
    }

    #[test]
    fn without_change_points_the_same_owner_keeps_winning() {
        let mut s = PctScheduler::new(9, 1, 10);
        let first = s.pick(0, &ready(&[1, 2, 3]));
        let winner = ready(&[1, 2, 3])[first].owner;
        // Present the same owners in another order: the same owner still wins.
        let again = s.pick(0, &ready(&[3, 2, 1]));
        assert_eq!(ready(&[3, 2, 1])[again].owner, winner);
    }

    #[test]
    fn a_change_point_demotes_the_running_owner() {
        let mut s = PctScheduler::new(9, 2, 1); // the only change point is step 1
        let tasks = ready(&[1, 2]);
        let undemoted = PctScheduler::new(9, 1, 1).pick(0, &tasks);
        let chosen = s.pick(0, &tasks);
        assert_ne!(chosen, undemoted, "step 1 demotes the owner PCT would have run");
    }
}
