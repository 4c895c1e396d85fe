//! Exhaustive exploration: depth-first search over the tie-break choices of a run.
//!
//! Every other answer is fixed (each request at the start of its range, all in isolate
//! 0, every latency at its minimum, one random seed for the whole search), so the tree
//! is exactly the orders in which simultaneously ready requests can run. Starting every
//! request at its earliest time makes them collide as much as the scenario allows. The
//! search is bounded by `depth_max` tie-breaks per run (later ones take choice 0); the
//! campaign's run count bounds the number of schedules. [`Exhaustive::explored`] counts
//! schedules and [`Exhaustive::is_complete`] says whether the whole tree was covered.

use crosstalk_runtime::{LatencyKey, MsRange, ReadyTask, Scheduler};

use super::{BoxScheduler, Explorer, schedule_seed};

/// Default bound on the tie-breaks per run that the search branches on.
pub const DEFAULT_DEPTH_MAX: usize = 16;

/// Depth-first search over tie-break choices.
#[derive(Clone, Debug)]
pub struct Exhaustive {
    random_seed: u64,
    depth_max: usize,
    /// The last run's choices and how many tasks were ready at each.
    trail: Vec<(u32, usize)>,
    /// The choices of the schedule handed out last.
    prefix: Vec<u32>,
    explored: u64,
    complete: bool,
}

impl Exhaustive {
    /// A search branching on the first `depth_max` tie-breaks of each run, with one random
    /// seed for the whole search drawn from `campaign_seed`.
    pub fn new(campaign_seed: u64, depth_max: usize) -> Self {
        Self {
            random_seed: schedule_seed(campaign_seed, 0),
            depth_max,
            trail: Vec::new(),
            prefix: Vec::new(),
            explored: 0,
            complete: false,
        }
    }

    /// How many schedules the search has handed out.
    pub fn explored(&self) -> u64 {
        self.explored
    }

    /// Whether every schedule within `depth_max` was explored.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// The next choice prefix in depth-first order, or `None` when the tree is done.
    /// The tie-break prefix of schedule `n`, or `None` when the tree is explored.
    fn next_prefix(&mut self, n: u64) -> Option<Vec<u32>> {
        if self.complete {
            return None;
        }
        if n > 0 || self.explored > 0 {
            match self.advance() {
                Some(prefix) => self.prefix = prefix,
                None => {
                    self.complete = true;
                    return None;
                }
            }
        }
        self.explored += 1;
        Some(self.prefix.clone())
    }

    fn advance(&mut self) -> Option<Vec<u32>> {
        while let Some((choice, width)) = self.trail.pop() {
            if (choice as usize) + 1 < width {
                let mut prefix: Vec<u32> = self.trail.iter().map(|(c, _)| *c).collect();
                prefix.push(choice + 1);
                return Some(prefix);
            }
        }
        None
    }
}

impl Explorer for Exhaustive {
    fn name(&self) -> String {
        "exhaustive".into()
    }

    fn is_independent(&self) -> bool {
        false
    }

    fn scheduler(&mut self, n: u64) -> Option<BoxScheduler> {
        let prefix = self.next_prefix(n)?;
        Some(Box::new(DfsScheduler { prefix, next: 0, random_seed: self.random_seed }))
    }

    /// The same run as the scheduler's: no requests listed (each arrives at the start of
    /// its range, in isolate 0), no latencies (each the low end of its range), and the
    /// prefix's tie-breaks, then the first ready task.
    fn partial_schedule(&mut self, n: u64) -> Option<crate::Schedule> {
        let choices = self.next_prefix(n)?;
        Some(crate::Schedule { requests: Vec::new(), latencies: Vec::new(), choices, random_seed: self.random_seed })
    }

    fn observe(&mut self, _n: u64, widths: &[usize]) {
        self.trail = widths
            .iter()
            .take(self.depth_max)
            .enumerate()
            .map(|(i, &width)| (self.prefix.get(i).copied().unwrap_or(0), width))
            .collect();
    }
}

/// One schedule of the search: a choice prefix, then choice 0.
#[derive(Clone, Debug)]
struct DfsScheduler {
    prefix: Vec<u32>,
    next: usize,
    random_seed: u64,
}

impl Scheduler for DfsScheduler {
    fn arrival_ms(&mut self, _index: usize, range: MsRange) -> u64 {
        range.min
    }

    fn isolate(&mut self, _index: usize, _isolates: u32) -> u32 {
        0
    }

    fn latency_ms(&mut self, _key: &LatencyKey, range: MsRange) -> u64 {
        range.min
    }

    fn pick(&mut self, _now_ms: u64, ready: &[ReadyTask]) -> usize {
        let choice = self.prefix.get(self.next).copied().unwrap_or(0) as usize;
        self.next += 1;
        choice.min(ready.len().saturating_sub(1))
    }

    fn random_seed(&mut self) -> u64 {
        self.random_seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drives the search over a fixed tree where every run meets the widths given.
    fn count_schedules(widths: &[usize]) -> (u64, bool) {
        let mut dfs = Exhaustive::new(1, 8);
        let mut n = 0;
        while dfs.scheduler(n).is_some() {
            dfs.observe(n, widths);
            n += 1;
            assert!(n < 1000, "the search must end");
        }
        (dfs.explored(), dfs.is_complete())
    }

    #[test]
    fn the_search_visits_every_leaf_once() {
        assert_eq!(count_schedules(&[]), (1, true));
        assert_eq!(count_schedules(&[2]), (2, true));
        assert_eq!(count_schedules(&[2, 3]), (6, true));
        assert_eq!(count_schedules(&[3, 2, 2]), (12, true));
    }
}
