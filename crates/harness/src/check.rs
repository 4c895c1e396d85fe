//! One scenario against its `[expect]`, as `crosstalk check` and `cargo test` run it:
//! the pinned seed, then the corpus, then a bounded exploration; every failing schedule
//! is shrunk and saved; expected kinds must show up in at least one schedule; and every
//! one of these schedules, replayed, must give the identical run ([`crate::determinism`]).

use std::path::PathBuf;

use crosstalk_checker::Kind;
use crosstalk_scenario::{Shard, StrategyName};

use crate::determinism::{Divergence, replay_difference};
use crate::exit::CommandError;
use crate::explore::{
    Exploration, Explored, Origin, Reproducer, explore, minimise, minimise_failing, replay_command, shell_path,
};
use crate::session::{CampaignCounts, Checked, PINNED_SEED, Session};

/// Schedules explored per scenario by default, after the pinned seed and the corpus.
pub const DEFAULT_RUNS: u64 = 16;

/// How much checking one scenario does.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// Schedules explored after the pinned seed and the corpus (`--runs`).
    pub runs: u64,
    /// The exploration's campaign seed (`--seed`); the pinned run always uses
    /// [`PINNED_SEED`].
    pub seed: u64,
    /// Threads exploring at once (`--jobs`; 0 runs one).
    pub jobs: usize,
    /// Corpus root: entries are replayed first, new failures are saved here.
    pub corpus: Option<PathBuf>,
}

/// The result of checking one scenario.
pub struct ScenarioCheck {
    /// The run of the pinned seed (the snapshot's trace).
    pub pinned: Checked,
    /// The corpus replay and the exploration; its failures are shrunk, the pinned seed's
    /// first.
    pub explored: Explored,
    /// Expected kinds no schedule showed.
    pub missing: Vec<Kind>,
    /// Schedules whose replay differed from their first run: the pinned one first.
    pub divergences: Vec<Divergence>,
    /// No failure, no missing kind and no divergence: exit 0, else 1.
    pub matches: bool,
}

impl ScenarioCheck {
    /// Schedules judged: the pinned one, corpus entries and explored ones.
    pub fn schedules(&self) -> u64 {
        1 + self.explored.corpus_replayed as u64 + self.explored.schedules_run
    }

    /// The first failure (the one to show), if any.
    pub fn failure(&self) -> Option<&Reproducer> {
        self.explored.failures.first()
    }
}

/// Checks `session`'s scenario (see the module docs).
pub fn check_scenario(session: &Session, options: &CheckOptions) -> Result<ScenarioCheck, CommandError> {
    let counts = CampaignCounts::default();
    let pinned = session.checked(Some(PINNED_SEED), None)?;
    counts.record(pinned.findings.kinds());
    let plan = Exploration {
        strategy: StrategyName::Random,
        runs: Some(options.runs),
        seed: options.seed,
        jobs: options.jobs,
        shard: Shard::default(),
        keep_going: false,
        corpus: options.corpus.clone(),
        time_ms: None,
        replay_check: true,
    };
    let mut divergences = Vec::new();
    if let Some(difference) = replay_difference(session, &pinned.schedule, &pinned.run) {
        let origin = Origin::Pinned(PINNED_SEED);
        divergences.push(Divergence { origin, schedule: pinned.schedule.clone(), difference });
    }
    let mut explored = explore(session, &plan, &counts)?;
    divergences.append(&mut explored.divergences);
    minimise_failing(session, &plan, &mut explored)?;
    if let Some(finding) = session.judge(&pinned.schedule, &pinned.run, &CampaignCounts::default()) {
        let failure = minimise(
            session,
            &plan,
            Origin::Pinned(PINNED_SEED),
            pinned.schedule.clone(),
            finding,
            "random",
            None,
            &[],
        )?;
        explored.failures.insert(0, failure);
    }
    let missing = counts.missing(&session.config);
    let matches = explored.failures.is_empty() && missing.is_empty() && divergences.is_empty();
    Ok(ScenarioCheck { pinned, explored, missing, divergences, matches })
}

/// The text lines of one scenario's check.
pub fn summary(session: &Session, result: &ScenarioCheck) -> String {
    let seen: Vec<&str> = result.pinned.findings.kinds().iter().map(|k| k.as_str()).collect();
    if result.matches {
        let expected = match &session.config.expect {
            Some(kinds) if kinds.is_empty() => "clean".to_string(),
            Some(kinds) => kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "),
            None => {
                if seen.is_empty() {
                    "clean".to_string()
                } else {
                    seen.join(", ")
                }
            }
        };
        return format!("ok    {}  ({} schedules: {expected})\n", session.name(), result.schedules());
    }
    let mut text = String::new();
    if let Some(divergence) = result.divergences.first() {
        text.push_str(&format!(
            "FAIL  {}  nondeterministic: replaying {} gave a different run: {}\n",
            session.name(),
            origin_text(&divergence.origin),
            divergence.difference.to_string().replace('\n', "\n      ")
        ));
        let compact = serde_json::to_string(&divergence.schedule).unwrap_or_default();
        text.push_str(&format!("      schedule: {compact}\n"));
    }
    if let Some(failure) = result.failure() {
        let origin = origin_text(&failure.origin);
        text.push_str(&format!(
            "FAIL  {}  unexpected {} in {origin}: {}\n",
            session.name(),
            failure.finding.kind,
            failure.finding.message
        ));
        let compact = serde_json::to_string(&failure.shrunk).unwrap_or_default();
        text.push_str(&format!("      shrunk schedule: {compact}\n"));
        if let Some(entry) = &failure.entry {
            text.push_str(&format!("      replay: {}\n", replay_command(session, entry)));
        }
    }
    if !result.missing.is_empty() {
        let names: Vec<&str> = result.missing.iter().map(|k| k.as_str()).collect();
        text.push_str(&format!(
            "FAIL  {}  expected but never seen: {} (in {} schedules)\n",
            session.name(),
            names.join(", "),
            result.schedules()
        ));
    }
    text
}

/// Where a schedule came from, for people: `pinned seed 0`, `schedule 3 of campaign seed 0`.
fn origin_text(origin: &Origin) -> String {
    match origin {
        Origin::Pinned(seed) => format!("pinned seed {seed}"),
        Origin::Corpus(path) => format!("corpus entry {}", shell_path(path)),
        Origin::Schedule { campaign_seed, n } => format!("schedule {n} of campaign seed {campaign_seed}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
    }

    /// The other half of `tests/nondeterminism.rs`: without the runtime's test-only
    /// counter the same worker is deterministic, so every replay is identical.
    #[test]
    fn a_deterministic_worker_replays_identically_and_matches() {
        let session = Session::load(&fixture("nondeterministic"), None).unwrap();
        let options = CheckOptions { runs: 3, seed: 0, jobs: 1, corpus: None };
        let result = check_scenario(&session, &options).unwrap();
        assert_eq!(result.divergences, Vec::new());
        assert!(result.matches);
        assert_eq!(result.schedules(), 4, "the pinned seed and 3 explored schedules");
        assert_eq!(summary(&session, &result), "ok    nondeterministic  (4 schedules: clean)\n");
    }
}
