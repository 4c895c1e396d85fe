//! `Campaign`: explore many schedules of one scenario, on several threads and across
//! shards, with results identical to one thread running the same campaign.
//!
//! Order of work: the corpus first (every stored finding of the scenario is replayed),
//! then schedules `n = 0, 1, …` of the strategy that belong to the shard. Findings come
//! back sorted by schedule number; with `stop_at_first`, everything after the first
//! finding is discarded even if a faster thread already ran it, so the answer does not
//! depend on thread timing.

use crosstalk_runtime::{ModelError, ProfileName};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::corpus;
use crate::finding::{Finding, Oracle};
use crate::scenario::Scenario;
use crate::schedule::Schedule;
use crate::shard::Shard;
use crate::strategy::{BoxScheduler, Explorer, StrategyName};
use crate::trial::{Trial, replay_trial, run_trial};

/// Stack of campaign worker threads: the engine's (`crosstalk_runtime::THREAD_STACK_BYTES`,
/// reserved rather than committed).
pub const WORKER_STACK_BYTES: usize = crosstalk_runtime::THREAD_STACK_BYTES;

/// The stack of a campaign worker thread when [`WORKER_STACK_BYTES`] cannot be had (an
/// address space capped by `--memory-limit` with many jobs): enough for every run, less
/// room for native recursion past the run's budget.
const SMALL_WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Runs a campaign's trials somewhere other than the campaign's own threads: worker
/// processes that survive whatever the worker's code does to the engine (the harness's
/// supervised workers). It must give the trial the same schedule would give in this
/// process.
pub trait Executor: Sync {
    /// Schedule `n` of the independent `strategy` seeded with `seed`; `None` when it has
    /// nothing left.
    fn explore(&self, strategy: StrategyName, seed: u64, n: u64) -> Option<Trial>;
    /// A partial schedule of a stateful strategy ([`Explorer::partial_schedule`]) on the
    /// scenario's full model.
    fn run_partial(&self, schedule: &Schedule) -> Trial;
    /// A stored schedule (normalized for the scenario), replayed exactly.
    fn replay(&self, schedule: &Schedule) -> Trial;
}

/// A campaign's parameters.
#[derive(Clone, Debug)]
pub struct Campaign {
    /// How schedules are chosen.
    pub strategy: StrategyName,
    /// Schedules in the whole campaign (all shards together).
    pub runs: u64,
    /// The strategy's seed: the same seed, strategy and `runs` give the same schedules.
    pub seed: u64,
    /// Worker threads (1 = run on the calling thread).
    pub jobs: usize,
    /// The part of the schedule numbers this process runs (`--shard I/N`).
    pub shard: Shard,
    /// Stop at the first finding (`--keep-going` clears it); a model error always stops.
    pub stop_at_first: bool,
    /// Overrides the scenario's `[runtime] profile`; `None` keeps it.
    pub profile: Option<ProfileName>,
    /// Corpus root; entries under `<corpus>/<scenario name>/` are replayed first.
    pub corpus: Option<PathBuf>,
}

impl Default for Campaign {
    fn default() -> Self {
        Self {
            strategy: StrategyName::Random,
            runs: 100,
            seed: 0,
            jobs: 1,
            shard: Shard::default(),
            stop_at_first: true,
            profile: None,
            corpus: None,
        }
    }
}

/// Where a finding came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A stored corpus entry.
    Corpus(PathBuf),
    /// Schedule `n` of the campaign.
    Schedule(u64),
}

/// One failing schedule: the first of its [signature](Finding::signature) in the campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct FailingSchedule {
    /// The corpus entry or campaign schedule it came from.
    pub source: Source,
    /// The schedule that failed, as it ran.
    pub schedule: Schedule,
    /// What the oracle reported for it.
    pub finding: Finding,
    /// How many schedules of the campaign failed with the same signature (≥ 1). Only
    /// the first is kept, so memory stays flat however many schedules fail.
    pub count: u64,
}

/// What a campaign did.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignReport {
    /// The strategy as [`Explorer::name`] gives it (`random`, `pct(d=3)`, `exhaustive`).
    pub strategy: String,
    /// Corpus entries replayed before exploring.
    pub corpus_replayed: usize,
    /// Corpus findings first, then campaign findings by schedule number, one per
    /// signature (with its count).
    pub findings: Vec<FailingSchedule>,
    /// Schedules of this shard that ran (and count: after a stop, none past the first finding).
    pub schedules_run: u64,
    /// Whether the strategy ran out of schedules before `runs` (exhaustive search done).
    pub exhausted: bool,
}

/// Why a campaign could not run.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// A schedule of the campaign broke the model.
    #[error("schedule {number}: {error}")]
    Model {
        /// The schedule's number in the campaign (0-based).
        number: u64,
        /// What broke.
        error: ModelError,
    },
    /// A stored corpus entry broke the model on replay.
    #[error("{}: {error}", path.display())]
    CorpusEntry {
        /// The entry's file.
        path: PathBuf,
        /// What broke.
        error: ModelError,
    },
    /// The scenario's corpus folder could not be read, or holds a file that is no entry.
    #[error("corpus: {0}")]
    Corpus(#[from] corpus::CorpusError),
}

impl Campaign {
    /// Runs the campaign. `oracle` decides which runs fail.
    ///
    /// ```
    /// use crosstalk_scenario::{Campaign, Finding, StrategyName, load};
    /// let scenario = load(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/blocker")).unwrap();
    /// let campaign = Campaign { strategy: StrategyName::Pct, runs: 5, seed: 1, ..Campaign::default() };
    /// let report = campaign.run(&scenario, &|_, run| {
    ///     run.requests.iter().any(|r| r.error.as_deref().is_some_and(|e| e.contains("never generate")))
    ///         .then(|| Finding::new("hang", "a request hung"))
    /// }).unwrap();
    /// assert_eq!(report.findings[0].finding.kind, "hang");
    /// ```
    pub fn run(&self, scenario: &Scenario, oracle: &Oracle) -> Result<CampaignReport, CampaignError> {
        self.run_on(scenario, oracle, None)
    }

    /// [`Campaign::run`], with the corpus and every schedule run by `executor` when
    /// there is one (`oracle` is then not asked).
    pub fn run_on(
        &self,
        scenario: &Scenario,
        oracle: &Oracle,
        executor: Option<&dyn Executor>,
    ) -> Result<CampaignReport, CampaignError> {
        let mut explorer = self.strategy.build(self.seed);
        let mut report = CampaignReport {
            strategy: explorer.name(),
            corpus_replayed: 0,
            findings: Vec::new(),
            schedules_run: 0,
            exhausted: false,
        };
        let base = scenario.model(self.profile);
        self.replay_corpus(scenario, &base, oracle, executor, &mut report)?;
        if self.stop_at_first && !report.findings.is_empty() {
            return Ok(report);
        }
        let jobs = if explorer.is_independent() { self.jobs.max(1) } else { 1 };
        // Only the first failing trial of each signature is kept, with a count (memory
        // stays flat over millions of failing schedules); `ran` counts the rest.
        let (failures, ran, exhausted) = if jobs == 1 {
            self.explore_serial(&base, explorer.as_mut(), oracle, executor)
        } else {
            self.explore_parallel(&base, explorer.as_mut(), oracle, executor, jobs)
        };
        let mut trials = failures.into_sorted();
        report.schedules_run = ran;
        if let Some(stop) = trials.iter().position(|(_, t, _)| self.stops(t)) {
            trials.truncate(stop + 1);
            // Whatever ran past the first stop on other threads does not count, so the
            // report is the one a single thread would give.
            let last = trials[stop].0;
            report.schedules_run = self.numbers().take_while(|n| *n <= last).count() as u64;
        }
        debug_assert!(report.schedules_run <= ran, "a stop only ever discards schedules");
        report.exhausted = exhausted;
        for (number, trial, count) in trials {
            match trial.verdict {
                Err(error) => return Err(CampaignError::Model { number, error }),
                Ok(Some(finding)) => {
                    // After a stop at the first finding, later ones were never part of
                    // the campaign.
                    let count = if self.stop_at_first { 1 } else { count };
                    report.findings.push(FailingSchedule {
                        source: Source::Schedule(number),
                        schedule: trial.schedule,
                        finding,
                        count,
                    })
                }
                Ok(None) => unreachable!("passing trials are not kept"),
            }
        }
        Ok(report)
    }

    /// Whether a trial ends the campaign: a model error always does, a finding when
    /// `stop_at_first` is set.
    fn stops(&self, trial: &Trial) -> bool {
        match &trial.verdict {
            Err(_) => true,
            Ok(finding) => self.stop_at_first && finding.is_some(),
        }
    }

    fn replay_corpus(
        &self,
        scenario: &Scenario,
        base: &crosstalk_runtime::Model,
        oracle: &Oracle,
        executor: Option<&dyn Executor>,
        report: &mut CampaignReport,
    ) -> Result<(), CampaignError> {
        let Some(root) = &self.corpus else { return Ok(()) };
        for (path, entry) in corpus::load_dir(&root.join(&scenario.name))? {
            report.corpus_replayed += 1;
            let schedule = entry.schedule.normalized(scenario);
            let trial = match executor {
                Some(executor) => executor.replay(&schedule),
                None => replay_trial(scenario, base, &schedule, oracle, None),
            };
            match trial.verdict {
                Err(error) => return Err(CampaignError::CorpusEntry { path, error }),
                Ok(Some(finding)) => {
                    report.findings.push(FailingSchedule { source: Source::Corpus(path), schedule, finding, count: 1 });
                    if self.stop_at_first {
                        break;
                    }
                }
                Ok(None) => {}
            }
        }
        Ok(())
    }

    fn numbers(&self) -> impl Iterator<Item = u64> + '_ {
        (0..).map(|k| self.shard.number(k)).take_while(|n| *n < self.runs)
    }

    fn explore_serial(
        &self,
        model: &crosstalk_runtime::Model,
        explorer: &mut dyn Explorer,
        oracle: &Oracle,
        executor: Option<&dyn Executor>,
    ) -> (Failures, u64, bool) {
        let all: Vec<usize> = (0..model.requests.len()).collect();
        let mut trials = Failures::default();
        let mut ran = 0;
        // A stateful strategy must see every schedule in order, including other shards'.
        let every = !explorer.is_independent();
        let mut n = 0;
        while n < self.runs {
            if !every && !self.shard.owns(n) {
                n += 1;
                continue;
            }
            let trial = match executor {
                Some(executor) if every => explorer.partial_schedule(n).map(|s| executor.run_partial(&s)),
                Some(executor) => executor.explore(self.strategy, self.seed, n),
                None => {
                    explorer.scheduler(n).map(|mut scheduler| run_trial(model, scheduler.as_mut(), all.clone(), oracle))
                }
            };
            let Some(trial) = trial else { return (trials, ran, true) };
            explorer.observe(n, &trial.widths);
            let stop = self.stops(&trial) && self.shard.owns(n);
            if self.shard.owns(n) {
                ran += 1;
                trials.add(n, trial);
            }
            if stop {
                break;
            }
            n += 1;
        }
        (trials, ran, false)
    }

    fn explore_parallel(
        &self,
        model: &crosstalk_runtime::Model,
        explorer: &mut dyn Explorer,
        oracle: &Oracle,
        executor: Option<&dyn Executor>,
        jobs: usize,
    ) -> (Failures, u64, bool) {
        let numbers: Vec<u64> = self.numbers().collect();
        let ran = AtomicU64::new(0);
        let next = AtomicU64::new(0);
        let first_stop = AtomicU64::new(u64::MAX);
        let explorer = Mutex::new(explorer);
        let trials: Mutex<Failures> = Mutex::new(Failures::default());
        let exhausted = AtomicU64::new(0);
        // Takes the next schedule number until none is left (or one past the first stop):
        // each worker thread runs this, and so does the calling thread afterwards.
        let work = || loop {
            let k = next.fetch_add(1, Ordering::SeqCst) as usize;
            let Some(&n) = numbers.get(k) else { break };
            if n > first_stop.load(Ordering::SeqCst) {
                break;
            }
            let trial = match executor {
                Some(executor) => executor.explore(self.strategy, self.seed, n),
                None => {
                    let scheduler: Option<BoxScheduler> =
                        explorer.lock().unwrap_or_else(PoisonError::into_inner).scheduler(n);
                    let all: Vec<usize> = (0..model.requests.len()).collect();
                    scheduler.map(|mut scheduler| run_trial(model, scheduler.as_mut(), all, oracle))
                }
            };
            let Some(trial) = trial else {
                exhausted.store(1, Ordering::SeqCst);
                break;
            };
            if self.stops(&trial) {
                first_stop.fetch_min(n, Ordering::SeqCst);
            }
            ran.fetch_add(1, Ordering::SeqCst);
            trials.lock().unwrap_or_else(PoisonError::into_inner).add(n, trial);
        };
        std::thread::scope(|scope| {
            for _ in 0..jobs {
                let spawned =
                    std::thread::Builder::new().stack_size(WORKER_STACK_BYTES).spawn_scoped(scope, work).or_else(
                        |_| std::thread::Builder::new().stack_size(SMALL_WORKER_STACK_BYTES).spawn_scoped(scope, work),
                    );
                if spawned.is_err() {
                    // No thread to be had: the remaining workers (or none) carry on;
                    // the caller's thread runs what is left below.
                    break;
                }
            }
        });
        // Anything no worker took (threads could not be spawned) runs here.
        work();
        let trials = trials.into_inner().unwrap_or_else(PoisonError::into_inner);
        (trials, ran.load(Ordering::SeqCst), exhausted.load(Ordering::SeqCst) == 1)
    }
}

/// The failing trials a campaign keeps: runs that broke the model, and the earliest
/// (lowest schedule number, whatever thread finished first) of each finding signature,
/// with how many schedules failed with it.
#[derive(Default)]
struct Failures {
    broken: Vec<(u64, Trial)>,
    first_by_signature: std::collections::BTreeMap<String, (u64, Trial, u64)>,
}

impl Failures {
    fn add(&mut self, number: u64, trial: Trial) {
        let signature = match &trial.verdict {
            Ok(None) => return,
            Err(_) => return self.broken.push((number, trial)),
            Ok(Some(finding)) => finding.signature(),
        };
        match self.first_by_signature.get_mut(&signature) {
            Some((first, kept, count)) => {
                *count += 1;
                if number < *first {
                    (*first, *kept) = (number, trial);
                }
            }
            None => {
                self.first_by_signature.insert(signature, (number, trial, 1));
            }
        }
    }

    /// By schedule number.
    fn into_sorted(self) -> Vec<(u64, Trial, u64)> {
        let mut all: Vec<(u64, Trial, u64)> = self.broken.into_iter().map(|(n, t)| (n, t, 1)).collect();
        all.extend(self.first_by_signature.into_values());
        all.sort_by_key(|(n, _, _)| *n);
        all
    }
}
