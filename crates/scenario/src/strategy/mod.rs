//! Exploration strategies: which schedules a campaign runs, one file each behind the
//! [`Explorer`] trait (as shuttle's `scheduler/`): [`random`], [`pct`], [`dfs`].
//!
//! Every strategy is deterministic from the campaign seed: schedule `n` of a campaign
//! is the same in every process, on every thread, in every shard.

use crosstalk_runtime::Scheduler;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

pub mod dfs;
pub mod pct;
pub mod random;

/// A boxed scheduler that can be handed to a worker thread.
pub type BoxScheduler = Box<dyn Scheduler + Send>;

/// An exploration strategy: the schedulers a campaign runs, numbered from 0.
pub trait Explorer: Send {
    /// The name reports and corpus entries use (`random`, `pct(d=3)`, `exhaustive`).
    fn name(&self) -> String;

    /// Whether [`Explorer::scheduler`] depends only on `n`: the campaign may then ask
    /// for schedules in any order and run them on several threads. Strategies that learn
    /// from earlier runs (exhaustive search) return `false` and run in order.
    fn is_independent(&self) -> bool {
        true
    }

    /// The scheduler of schedule `n`, or `None` when the strategy has nothing left.
    fn scheduler(&mut self, n: u64) -> Option<BoxScheduler>;

    /// Tells the strategy how many tasks were ready at each tie-break of the run of
    /// schedule `n` (only strategies that are not independent read it).
    fn observe(&mut self, _n: u64, _widths: &[usize]) {}

    /// For strategies that are not independent, schedule `n` as data that a worker
    /// process can run: the scheduler [`Explorer::scheduler`] would give, as a partial
    /// schedule replayed on the scenario's full model (a [`crate::Replay`] answers from
    /// its lists and takes the defaults past them). `None` when the strategy has nothing
    /// left. Independent strategies are rebuilt from the seed instead and never asked.
    fn partial_schedule(&mut self, _n: u64) -> Option<crate::Schedule> {
        unreachable!("only a stateful strategy is asked for its schedule as data")
    }
}

/// The strategies by name, as the CLI's `--strategy` spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StrategyName {
    /// Every choice uniform at random ([`random`]).
    Random,
    /// Probabilistic concurrency testing at depth [`pct::DEFAULT_DEPTH`] ([`pct`]).
    Pct,
    /// Depth-first search over tie-breaks ([`dfs`]); [`StrategyName::parse`] also takes `dfs`.
    Exhaustive,
}

impl StrategyName {
    /// Parses `random`, `pct` or `exhaustive`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "random" => Some(Self::Random),
            "pct" => Some(Self::Pct),
            "exhaustive" | "dfs" => Some(Self::Exhaustive),
            _ => None,
        }
    }

    /// The strategy with its default parameters, seeded by the campaign seed.
    ///
    /// ```
    /// use crosstalk_scenario::StrategyName;
    /// let mut explorer = StrategyName::Pct.build(42);
    /// assert_eq!(explorer.name(), "pct(d=3)");
    /// assert!(explorer.scheduler(0).is_some());
    /// ```
    pub fn build(self, campaign_seed: u64) -> Box<dyn Explorer> {
        match self {
            Self::Random => Box::new(random::Random::new(campaign_seed)),
            Self::Pct => Box::new(pct::Pct::new(campaign_seed, pct::DEFAULT_DEPTH, pct::DEFAULT_STEPS)),
            Self::Exhaustive => Box::new(dfs::Exhaustive::new(campaign_seed, dfs::DEFAULT_DEPTH_MAX)),
        }
    }
}

/// The seed of schedule `n` of a campaign: ChaCha stream `n` of the campaign seed, so
/// every schedule's randomness is independent of every other's and of thread timing.
pub fn schedule_seed(campaign_seed: u64, n: u64) -> u64 {
    let mut rng = ChaCha8Rng::seed_from_u64(campaign_seed);
    rng.set_stream(n);
    rand::RngCore::next_u64(&mut rng)
}
