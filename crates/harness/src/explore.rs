//! Exploration as the CLI and the test harness run it: a campaign (or timed batches of
//! campaigns), then shrinking the first failing schedule of each kind and saving it to
//! the corpus.
//!
//! Each new finding is saved to the corpus the moment a schedule shows it, unshrunk,
//! so a campaign that dies later (an abort, a hung shrink, a killed CI job) keeps every
//! finding; when its shrunk schedule is saved, the provisional entry is removed.
//!
//! Owns the loop around `crosstalk_scenario::Campaign`; never decides what a failure is
//! (that is [`Session::judge`]) and never prints.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crosstalk_checker::Kind;
use crosstalk_runtime::ModelError;
use crosstalk_scenario::corpus::{self, Entry};
use crosstalk_scenario::{
    Campaign, CampaignError, Executor, Finding, Schedule, Shard, Source, StrategyName, schedule_seed, shrink, shrink_by,
};

use crate::crash;
use crate::determinism::{Difference, Divergence, NONDETERMINISM, replay_difference};
use crate::exit::CommandError;
use crate::session::{CampaignCounts, Session, guarded};
use crate::workers::{OnWorkers, Workers};

/// Schedules a campaign explores without a run count or a time limit (`fuzz` without
/// `--runs` or `--time`).
pub const DEFAULT_RUNS: u64 = 200;

/// Schedules per batch when exploring for a wall-clock time: small enough to stop soon
/// after the deadline, large enough to keep every worker busy.
const TIMED_BATCH_RUNS_PER_JOB: u64 = 8;

/// Mixed into the campaign seed of timed batches after the first, so batch seeds do not
/// coincide with schedule seeds of the campaign itself.
const BATCH_SEED_SALT: u64 = 0x5EED_BA7C_0000_0000;

/// How to explore one scenario.
#[derive(Clone, Debug)]
pub struct Exploration {
    /// How schedules are drawn (`--strategy`).
    pub strategy: StrategyName,
    /// Schedules in the whole campaign (all shards); `None` with a time limit: unbounded.
    pub runs: Option<u64>,
    /// The campaign seed (`--seed`); timed batches after the first derive theirs from it.
    pub seed: u64,
    /// Campaign threads (0 runs one); with worker processes, each thread keeps one busy.
    pub jobs: usize,
    /// This process's share of the campaign's schedules (`--shard I/N`).
    pub shard: Shard,
    /// Explore on after the first failing schedule instead of stopping (`--keep-going`).
    pub keep_going: bool,
    /// Corpus root: entries are replayed first, new failures are saved here.
    pub corpus: Option<PathBuf>,
    /// Wall-clock limit in ms (`fuzz --time`).
    pub time_ms: Option<u64>,
    /// Replay every judged schedule and require the identical run (`check` does; `fuzz`
    /// does not: its campaigns are large and replaying doubles them).
    pub replay_check: bool,
}

/// Where a failing schedule came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// The scenario's pinned seed.
    Pinned(u64),
    /// A stored corpus entry.
    Corpus(PathBuf),
    /// Schedule `n` of a campaign with this seed.
    Schedule {
        /// The seed of the campaign (or timed batch) that drew it.
        campaign_seed: u64,
        /// The schedule's number in that campaign.
        n: u64,
    },
}

/// A failing schedule, shrunk and (when new) saved.
#[derive(Clone, Debug)]
pub struct Reproducer {
    /// Where the failing schedule came from.
    pub origin: Origin,
    /// The failing schedule as found, before shrinking.
    pub schedule: Schedule,
    /// The minimal schedule with the same kind (the original if shrinking failed).
    pub shrunk: Schedule,
    /// What the shrunk schedule fails with (the original finding when it was not shrunk).
    pub finding: Finding,
    /// Replays shrinking tried (0 when it did not shrink).
    pub shrink_replays: u64,
    /// Why the schedule could not be shrunk, if it could not.
    pub shrink_problem: Option<String>,
    /// The corpus entry that reproduces it.
    pub entry: Option<PathBuf>,
    /// Whether the entry was written now (`false`: the corpus already held it).
    pub entry_created: bool,
}

/// What an exploration did.
#[derive(Clone, Debug, Default)]
pub struct Explored {
    /// The strategy's name with its parameters (`random`, `pct(d=3)`, `exhaustive`), as
    /// corpus entries record it.
    pub strategy: String,
    /// Corpus entries replayed before exploring.
    pub corpus_replayed: usize,
    /// Schedules of this shard that ran, over every batch.
    pub schedules_run: u64,
    /// Whether the strategy ran out of schedules (exhaustive search done).
    pub exhausted: bool,
    /// Failing schedules as the campaigns found them, before [`minimise_failing`].
    /// One per signature, with how many schedules failed with it (memory stays flat).
    pub found: Vec<(Origin, Schedule, Finding, u64)>,
    /// Shrunk failures, the first of each kind.
    pub failures: Vec<Reproducer>,
    /// Further failures of kinds already shrunk.
    pub repeats: usize,
    /// Schedules whose replay differed from their first run (with `replay_check`).
    pub divergences: Vec<Divergence>,
    /// Entries saved unshrunk as their findings appeared, by finding signature; each is
    /// replaced by its shrunk entry in [`minimise_failing`].
    pub provisional: Vec<(String, PathBuf)>,
}

/// Runs the campaign(s) of `plan`; every judged run is counted in `counts`. Failing
/// schedules are left in `found` for [`minimise_failing`]; with `replay_check`, schedules
/// whose replay differs go to `divergences` instead.
pub fn explore(session: &Session, plan: &Exploration, counts: &CampaignCounts) -> Result<Explored, CommandError> {
    explore_on(session, plan, counts, None)
}

/// [`explore`], with the corpus and the schedules of independent strategies run by
/// `workers` when given (a schedule that crashes a worker is then a `crash` finding);
/// stateful strategies (exhaustive search) run in this process.
pub fn explore_on(
    session: &Session,
    plan: &Exploration,
    counts: &CampaignCounts,
    workers: Option<&Workers>,
) -> Result<Explored, CommandError> {
    assert!(!(plan.replay_check && workers.is_some()), "the replay check runs in-process (crosstalk check)");
    // The campaign only carries a finding's kind and message: the difference itself is
    // kept here, by schedule.
    let differences = Mutex::new(Vec::<(Schedule, Difference)>::new());
    let provisional = Mutex::new(Vec::<(String, PathBuf)>::new());
    let batch_seed = std::sync::atomic::AtomicU64::new(plan.seed);
    let save_found = |schedule: &Schedule, finding: &Finding| {
        if let Some(root) = &plan.corpus {
            let seed = batch_seed.load(std::sync::atomic::Ordering::Relaxed);
            save_provisional(session, root, seed, schedule, finding, &provisional);
        }
    };
    let remote = workers.map(|workers| OnWorkers { workers, counts, found: &save_found });
    let oracle = |schedule: &Schedule, run: &crosstalk_runtime::Run| {
        // Judged first, so that every run is counted and its kinds recorded.
        let finding = session.judge(schedule, run, counts);
        if plan.replay_check
            && let Some(difference) = replay_difference(session, schedule, run)
        {
            if finding.is_none() {
                counts.failures.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let finding = Finding::new(NONDETERMINISM, difference.to_string());
            differences.lock().unwrap_or_else(PoisonError::into_inner).push((schedule.clone(), difference));
            return Some(finding);
        }
        if let Some(finding) = &finding {
            save_found(schedule, finding);
        }
        finding
    };
    let deadline = plan.time_ms.map(|ms| Instant::now() + Duration::from_millis(ms));
    // Exhaustive search learns from earlier runs: batches would restart it, so it runs
    // as one campaign and the time limit is not applied.
    let timed = deadline.is_some() && plan.strategy != StrategyName::Exhaustive;
    let runs_total = plan.runs.unwrap_or(if timed { u64::MAX } else { DEFAULT_RUNS });
    let batch_runs = (plan.jobs as u64).max(1) * TIMED_BATCH_RUNS_PER_JOB * plan.shard.count.max(1);
    let mut explored = Explored::default();
    let mut found = Vec::new();
    let mut done: u64 = 0;
    let mut batch: u64 = 0;
    while done < runs_total {
        let runs = if timed { batch_runs.min(runs_total - done) } else { runs_total };
        let seed = if batch == 0 { plan.seed } else { schedule_seed(plan.seed ^ BATCH_SEED_SALT, batch) };
        batch_seed.store(seed, std::sync::atomic::Ordering::Relaxed);
        let campaign = Campaign {
            strategy: plan.strategy,
            runs,
            seed,
            jobs: plan.jobs.max(1),
            shard: plan.shard,
            stop_at_first: !plan.keep_going,
            profile: session.profile,
            corpus: if batch == 0 { plan.corpus.clone() } else { None },
        };
        let executor = remote.as_ref().map(|r| r as &dyn Executor);
        let report = guarded(|| campaign.run_on(&session.scenario, &oracle, executor))?.map_err(campaign_error)?;
        explored.strategy = report.strategy.clone();
        explored.corpus_replayed += report.corpus_replayed;
        explored.schedules_run += report.schedules_run;
        explored.exhausted |= report.exhausted;
        for item in report.findings {
            let origin = match item.source {
                Source::Corpus(path) => Origin::Corpus(path),
                Source::Schedule(n) => Origin::Schedule { campaign_seed: seed, n },
            };
            if item.finding.kind == NONDETERMINISM {
                let differences = differences.lock().unwrap_or_else(PoisonError::into_inner);
                let difference = differences
                    .iter()
                    .find(|(s, _)| *s == item.schedule)
                    .map(|(_, d)| d.clone())
                    .expect("the oracle records a difference before it reports one");
                explored.divergences.push(Divergence { origin, schedule: item.schedule, difference });
                continue;
            }
            let signature = item.finding.signature();
            match found
                .iter_mut()
                .find(|(_, _, f, _): &&mut (Origin, Schedule, Finding, u64)| f.signature() == signature)
            {
                Some((_, _, _, count)) => *count += item.count,
                None => found.push((origin, item.schedule, item.finding, item.count)),
            }
        }
        done = done.saturating_add(runs);
        batch += 1;
        let stop = !plan.keep_going && !found.is_empty();
        if stop || report.exhausted || !timed || deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
    }
    explored.found = found;
    explored.provisional = provisional.into_inner().unwrap_or_else(PoisonError::into_inner);
    Ok(explored)
}

/// Saves `schedule` unshrunk the first time a finding with its signature appears (the
/// signature's first schedule only: a campaign that fails every schedule writes one entry
/// per signature, not one per schedule).
fn save_provisional(
    session: &Session,
    root: &Path,
    campaign_seed: u64,
    schedule: &Schedule,
    finding: &Finding,
    saved: &Mutex<Vec<(String, PathBuf)>>,
) {
    let signature = finding.signature();
    let mut saved = saved.lock().unwrap_or_else(PoisonError::into_inner);
    if saved.iter().any(|(s, _)| *s == signature) {
        return;
    }
    let entry = entry_for(session, campaign_seed, "provisional", finding, schedule);
    // A corpus that cannot be written is reported when the shrunk entry is saved.
    if let Ok(written) = corpus::save(root, &entry)
        && written.created
    {
        saved.push((signature, written.path));
    }
}

fn entry_for(session: &Session, campaign_seed: u64, strategy: &str, finding: &Finding, schedule: &Schedule) -> Entry {
    Entry {
        scenario: session.name().to_string(),
        campaign_seed,
        strategy: strategy.to_string(),
        kind: finding.kind.clone(),
        schedule: schedule.clone(),
        violations: finding.violations.clone(),
        profile: session.profile.map(|p| p.as_str().to_string()),
        start_time: Some(crosstalk_scenario::format_start_time(session.scenario.runtime.start_time_ms)),
        worker_env: session.worker_env.clone(),
    }
}

/// Shrinks and saves the first failure of each kind (later ones of a kind are the same
/// bug seen again: shrinking them would mostly rediscover the same minimal schedule).
pub fn minimise_failing(session: &Session, plan: &Exploration, explored: &mut Explored) -> Result<(), CommandError> {
    minimise_failing_on(session, plan, explored, None)
}

/// [`minimise_failing`], replaying the candidates on `workers` when given.
pub fn minimise_failing_on(
    session: &Session,
    plan: &Exploration,
    explored: &mut Explored,
    workers: Option<&Workers>,
) -> Result<(), CommandError> {
    let mut kinds_done = std::collections::BTreeSet::new();
    let provisional = std::mem::take(&mut explored.provisional);
    let replaced = |signature: &str, kept: Option<&PathBuf>| {
        for (_, path) in provisional.iter().filter(|(s, _)| s == signature) {
            if Some(path) != kept {
                // The shrunk entry reproduces the finding; the unshrunk one is redundant.
                std::fs::remove_file(path).ok();
            }
        }
    };
    for (origin, schedule, finding, count) in std::mem::take(&mut explored.found) {
        let count = usize::try_from(count).unwrap_or(usize::MAX);
        if !kinds_done.insert(finding.kind.clone()) {
            explored.repeats = explored.repeats.saturating_add(count);
            continue;
        }
        explored.repeats = explored.repeats.saturating_add(count - 1);
        let signature = finding.signature();
        let saved: Vec<&Path> = provisional.iter().filter(|(s, _)| *s == signature).map(|(_, p)| p.as_path()).collect();
        let failure = minimise(session, plan, origin, schedule, finding, &explored.strategy, workers, &saved)?;
        if failure.entry.is_some() {
            replaced(&signature, failure.entry.as_ref());
        }
        explored.failures.push(failure);
    }
    Ok(())
}

/// Shrinks a failing schedule (replaying candidates on `workers` when given) and saves
/// it to the corpus (unless it came from there). `provisional` are the entries saved
/// unshrunk as the campaign found it: one the shrunk entry coincides with is rewritten.
#[allow(clippy::too_many_arguments)]
pub fn minimise(
    session: &Session,
    plan: &Exploration,
    origin: Origin,
    schedule: Schedule,
    finding: Finding,
    strategy: &str,
    workers: Option<&Workers>,
    provisional: &[&Path],
) -> Result<Reproducer, CommandError> {
    // Shrinking judges many runs: count them apart from the exploration.
    let scratch = CampaignCounts::default();
    let oracle = |s: &Schedule, run: &crosstalk_runtime::Run| session.judge(s, run, &scratch);
    let shrunk = || match workers {
        Some(workers) => shrink_by(&session.scenario, &schedule, &|candidate| workers.replay(candidate).trial.verdict),
        None => shrink(&session.scenario, session.profile, &schedule, &oracle),
    };
    let (shrunk, finding, shrink_replays, shrink_problem) = if crash::cause_of(&finding) == Some("timeout") {
        let problem = "a schedule that outlives the timeout is not shrunk: each replay would take the whole timeout";
        (schedule.clone(), finding, 0, Some(problem.to_string()))
    } else {
        match guarded(shrunk) {
            Ok(Ok(shrunk)) => (shrunk.schedule, shrunk.finding, shrunk.replays, None),
            Ok(Err(error)) => (schedule.clone(), finding, 0, Some(error.to_string())),
            Err(panic) => (schedule.clone(), finding, 0, Some(panic.to_string())),
        }
    };
    // A crash's shrinking replays are not journaled: one more run of the shrunk schedule,
    // journaled, says which request's code was running and what the run did last. (A
    // timeout's finding is its journaled run's already; another would take the whole
    // timeout again.)
    let finding = match (workers, crash::cause_of(&finding)) {
        (Some(workers), Some(cause)) if cause != "timeout" => match workers.replay_journaled(&shrunk).trial.verdict {
            Ok(Some(again)) if crash::cause_of(&again).is_some() => again,
            _ => finding,
        },
        _ => finding,
    };
    let (entry, entry_created) = match (&origin, &plan.corpus) {
        (Origin::Corpus(path), _) => (Some(path.clone()), false),
        (_, Some(root)) => {
            let campaign_seed = match origin {
                Origin::Schedule { campaign_seed, .. } => campaign_seed,
                Origin::Pinned(seed) => seed,
                Origin::Corpus(_) => plan.seed,
            };
            let entry = entry_for(session, campaign_seed, strategy, &finding, &shrunk);
            let path = root.join(&entry.scenario).join(entry.file_name());
            if provisional.contains(&path.as_path()) {
                // Not shrunk: the same schedule, saved as found; now with its strategy.
                std::fs::remove_file(&path).ok();
            }
            let saved = corpus::save(root, &entry)?;
            (Some(saved.path), saved.created)
        }
        (_, None) => (None, false),
    };
    Ok(Reproducer { origin, schedule, shrunk, finding, shrink_replays, shrink_problem, entry, entry_created })
}

fn campaign_error(error: CampaignError) -> CommandError {
    match &error {
        CampaignError::Model { error: ModelError::Internal(_), .. }
        | CampaignError::CorpusEntry { error: ModelError::Internal(_), .. } => {
            CommandError::internal(error.to_string())
        }
        _ => CommandError::bad_input(error.to_string()),
    }
}

/// The command that replays a corpus entry, as short as it can be: `--scenario` only
/// when the default lookup (`scenarios/<name>` beside the corpus folder) would miss.
pub fn replay_command(session: &Session, entry: &Path) -> String {
    let mut command = format!("crosstalk replay {}", shell_path(entry));
    let default = default_scenario_dir(entry, session.name());
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !default.as_deref().is_some_and(|d| same(d, &session.scenario.dir)) {
        command.push_str(&format!(" --scenario {}", shell_path(&session.scenario.dir)));
    }
    if let Some(expect) = &session.expect_override {
        command.push_str(&format!(" --expect {}", shell_path(std::path::Path::new(expect))));
    }
    command
}

/// `<project>/scenarios/<name>` for an entry at `<project>/corpus/<name>/<file>.json`.
pub fn default_scenario_dir(entry: &Path, scenario: &str) -> Option<PathBuf> {
    let absolute = std::path::absolute(entry).ok()?;
    let corpus_root = absolute.parent()?.parent()?;
    Some(corpus_root.parent()?.join("scenarios").join(scenario))
}

/// A path relative to the current directory when it is below it, quoted if needed.
pub fn shell_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| absolute.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or(absolute);
    let text = shown.display().to_string();
    if text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:=@".contains(c)) {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The kinds `[expect]` lists that neither the exploration nor the pinned run showed.
pub fn missing_kinds(session: &Session, counts: &CampaignCounts) -> Vec<Kind> {
    counts.missing(&session.config)
}
