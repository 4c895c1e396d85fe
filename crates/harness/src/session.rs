//! A loaded scenario and everything a command does with one schedule of it: run it,
//! check the run against `[expect]`, and judge it as a fuzzing oracle.
//!
//! This is the only module that maps the scenario crate's `[expect]` onto the checker's
//! [`CheckConfig`]; commands and the test harness go through it, so `crosstalk check`,
//! `crosstalk fuzz` and `cargo test` can never disagree about a verdict.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crosstalk_checker::{CheckConfig, CheckReport, Kind, ReferenceCache, Severity, Verdict, check, verdict};
use crosstalk_runtime::{Model, ProfileName, Run, simulate};
use crosstalk_scenario::strategy::random::RandomScheduler;
use crosstalk_scenario::{Finding, INTERNAL_ERROR, LoadError, Recording, Replay, Scenario, Schedule};

use crate::exit::{CommandError, panic_text};

/// The seed whose trace each scenario pins in its snapshot, and the default of `--seed`.
pub const PINNED_SEED: u64 = 0;

/// A scenario ready to run, under an optional profile override.
pub struct Session {
    /// The loaded scenario (its start time as `--start-time` overrides it).
    pub scenario: Scenario,
    /// `--profile`: the profile runs use instead of the scenario's; `None` keeps its own.
    pub profile: Option<ProfileName>,
    /// `--env`: the wrangler environment run instead of the scenario's own.
    pub worker_env: Option<String>,
    /// The checker's configuration: `[expect]` (or `--expect`) and `[expect.severity]`.
    pub config: CheckConfig,
    /// `[expect]` lists `internal-error` (a checker kind does not exist for it).
    pub expects_internal_error: bool,
    /// The scenario's model with every request; per-schedule models share its source.
    base: Model,
    /// `--expect` as given, repeated in printed replay commands.
    pub expect_override: Option<String>,
}

/// One schedule's run and its judgement.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The schedule that ran, drawn from `seed` or given.
    pub schedule: Schedule,
    /// The seed that drew the schedule; `None` when the schedule was given.
    pub seed: Option<u64>,
    /// What the simulation did: outcomes and trace.
    pub run: Run,
    /// The checker's violations and notes for the run.
    pub findings: CheckReport,
    /// The findings' kinds against `[expect]`.
    pub verdict: Verdict,
}

thread_local! {
    // Reference runs of the oracles, per thread: the cache is `&mut` and campaigns run
    // schedules on several threads. It resets itself when the model changes.
    static REFERENCES: RefCell<ReferenceCache> = RefCell::new(ReferenceCache::new());
}

impl Session {
    /// Loads a scenario folder (or its scenario.toml).
    pub fn load(path: &Path, profile: Option<ProfileName>) -> Result<Session, CommandError> {
        Self::load_env(path, profile, None)
    }

    /// As [`Session::load`], running the wrangler environment `worker_env` (`--env`).
    pub fn load_env(
        path: &Path,
        profile: Option<ProfileName>,
        worker_env: Option<&str>,
    ) -> Result<Session, CommandError> {
        let scenario = crosstalk_scenario::load_env(path, worker_env)?;
        let toml = scenario.dir.join("scenario.toml");
        let mut config = CheckConfig::default();
        let mut expects_internal_error = false;
        if let Some(names) = &scenario.expect.violations {
            let mut kinds = Vec::new();
            for name in names {
                match Kind::parse(name) {
                    Some(kind) => kinds.push(kind),
                    None if name == INTERNAL_ERROR => expects_internal_error = true,
                    None => {
                        return Err(CommandError::bad_input(format!(
                            "{}: unknown violation kind '{name}' in [expect]",
                            toml.display()
                        )));
                    }
                }
            }
            config.expect = Some(kinds);
        }
        for (kind, severity) in &scenario.expect.severity {
            let kind_parsed = Kind::parse(kind).ok_or_else(|| {
                CommandError::bad_input(format!(
                    "{}: [expect.severity]: unknown violation kind '{kind}'",
                    toml.display()
                ))
            })?;
            let severity_parsed = Severity::parse(severity).ok_or_else(|| {
                CommandError::bad_input(format!(
                    "{}: [expect.severity] {kind}: '{severity}' is not error, warning or info",
                    toml.display()
                ))
            })?;
            config.severity.insert(kind_parsed, severity_parsed);
        }
        let base = scenario.model(profile);
        let worker_env = worker_env.map(str::to_string);
        Ok(Session { scenario, profile, worker_env, config, expects_internal_error, base, expect_override: None })
    }

    /// Replaces the scenario's `[expect]` with `--expect`: `clean` or a comma-separated
    /// list of kinds.
    pub fn override_expect(&mut self, expect: Option<&str>) -> Result<(), CommandError> {
        let Some(expect) = expect else { return Ok(()) };
        if expect.trim() != "clean" && expect.split(',').all(|n| n.trim().is_empty()) {
            return Err(CommandError::bad_input(format!(
                "--expect: {expect:?} names no violation kind\n  hint: use `clean` or kinds such as hang,dropped-work"
            )));
        }
        let mut kinds = Vec::new();
        self.expects_internal_error = false;
        for name in expect.split(',').map(str::trim).filter(|n| !n.is_empty() && *n != "clean") {
            match Kind::parse(name) {
                Some(kind) => kinds.push(kind),
                None if name == INTERNAL_ERROR => self.expects_internal_error = true,
                None => {
                    return Err(CommandError::bad_input(format!(
                        "--expect: unknown violation kind '{name}'\n  hint: use `clean` or kinds such as hang,dropped-work"
                    )));
                }
            }
        }
        self.config.expect = Some(kinds);
        self.expect_override = Some(expect.to_string());
        Ok(())
    }

    /// Replaces where virtual time begins (`--start-time`, milliseconds since the Unix
    /// epoch); reports, campaigns, shrinking and corpus entries all read it from here.
    pub fn override_start_time(&mut self, start_time_ms: Option<i64>) {
        let Some(ms) = start_time_ms else { return };
        self.scenario.runtime.start_time_ms = ms;
        self.base = self.scenario.model(self.profile);
        debug_assert_eq!(self.base.epoch_ms, ms, "the model runs from the overridden start");
    }

    /// The scenario's name (`name`, or its folder's), as reports and the corpus use it.
    pub fn name(&self) -> &str {
        &self.scenario.name
    }

    /// The profile runs use: the override, or the scenario's.
    pub fn profile_name(&self) -> ProfileName {
        self.profile.unwrap_or(self.scenario.runtime.profile)
    }

    /// The model that runs `schedule`: the scenario's requests the schedule sends, in its
    /// order (as `Scenario::model_for`, sharing one module source).
    pub fn model_for(&self, schedule: &Schedule) -> Model {
        let mut model = self.base.clone();
        model.requests =
            schedule.requests.iter().filter_map(|r| self.scenario.requests.get(r.index).cloned()).collect();
        model
    }

    /// The schedule a seed draws, recorded under this session's profile, and its run.
    pub fn run_seed(&self, seed: u64) -> Result<(Schedule, Run), CommandError> {
        let all: Vec<usize> = (0..self.scenario.requests.len()).collect();
        let mut recording = Recording::new(RandomScheduler::new(seed)).with_indices(all);
        let run = guarded(|| simulate(&self.base, &mut recording))??;
        Ok((recording.into_schedule(), run))
    }

    /// Replays `schedule` exactly.
    pub fn run_schedule(&self, schedule: &Schedule) -> Result<Run, CommandError> {
        let schedule = schedule.normalized(&self.scenario);
        let model = self.model_for(&schedule);
        Ok(guarded(|| simulate(&model, &mut Replay::new(&schedule)))??)
    }

    /// Checks a run of `schedule` against every invariant and `[expect]`.
    pub fn check(&self, schedule: &Schedule, run: &Run) -> Result<(CheckReport, Verdict), CommandError> {
        let model = self.model_for(&schedule.normalized(&self.scenario));
        let findings = guarded(|| REFERENCES.with(|cache| check(&model, run, &self.config, &mut cache.borrow_mut())))?;
        let verdict = verdict(&self.config, &findings.violations);
        Ok((findings, verdict))
    }

    /// Reference simulations the oracles have run on this thread (they are cached: a
    /// change means the cache learnt something).
    pub fn reference_runs(&self) -> usize {
        REFERENCES.with(|cache| cache.borrow().simulations())
    }

    /// Runs and checks the schedule of `seed`, or an explicit schedule.
    pub fn checked(&self, seed: Option<u64>, schedule: Option<Schedule>) -> Result<Checked, CommandError> {
        let (schedule, run, seed) = match schedule {
            Some(schedule) => {
                let run = self.run_schedule(&schedule)?;
                (schedule, run, None)
            }
            None => {
                let seed = seed.unwrap_or(PINNED_SEED);
                let (schedule, run) = self.run_seed(seed)?;
                (schedule, run, Some(seed))
            }
        };
        if let Some(error) = unsupported_binding_error(&run) {
            return Err(error);
        }
        let (findings, verdict) = self.check(&schedule, &run)?;
        Ok(Checked { schedule, seed, run, findings, verdict })
    }

    /// The fuzzing oracle: a run fails when it shows a violation `[expect]` does not
    /// list. Records every kind it sees in `counts` (expected kinds must show up in
    /// some schedule) and counts judged runs and failures for progress output.
    pub fn judge(&self, schedule: &Schedule, run: &Run, counts: &CampaignCounts) -> Option<Finding> {
        counts.runs.fetch_add(1, Ordering::Relaxed);
        let (findings, verdict) = match self.check(schedule, run) {
            Ok(result) => result,
            // `[expect]` lists internal-error: such a run is what the scenario expects.
            Err(_) if self.expects_internal_error => return None,
            Err(error) => {
                counts.failures.fetch_add(1, Ordering::Relaxed);
                return Some(Finding::new(INTERNAL_ERROR, error.to_string()));
            }
        };
        counts.record(findings.kinds());
        let kind = verdict.unexpected.first()?;
        counts.failures.fetch_add(1, Ordering::Relaxed);
        let first = findings.violations.iter().find(|v| v.kind == *kind);
        let message = first.map(|v| format!("{}: {}", v.request, v.message)).unwrap_or_default();
        let violations =
            serde_json::to_value(crosstalk_checker::report::json_violations(&findings.violations)).unwrap_or_default();
        Some(Finding { kind: kind.as_str().to_string(), message, violations })
    }

    /// The scenario's model with every request, as every run of this session starts.
    pub fn model(&self) -> &Model {
        &self.base
    }

    /// One warning per binding crosstalk does not model (D1, R2, queues…).
    pub fn unsupported_binding_warnings(&self) -> Vec<String> {
        self.scenario
            .unsupported_bindings
            .iter()
            .map(|(name, kind)| {
                let hint = if kind == "services" {
                    " (add a [[service]] table naming the worker it calls to run that worker too)"
                } else {
                    ""
                };
                format!(
                    "warning: env.{name} ({kind}) is not modelled by crosstalk: it is present on env, but every use throws an error naming it{hint}"
                )
            })
            .collect()
    }

    /// Reads a script of the scenario for code frames (`worker.js` → its text).
    pub fn source(&self, file: &str) -> Option<String> {
        let relative = Path::new(file);
        if relative.is_absolute() || relative.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
            return None;
        }
        std::fs::read_to_string(self.scenario.module_root().join(relative)).ok()
    }

    /// The project root: the folder holding `scenarios/` when the scenario lives there,
    /// else the current directory.
    pub fn project_root(&self) -> PathBuf {
        project_root_of(&self.scenario.dir)
    }
}

/// The project root of a scenario folder (see [`Session::project_root`]).
pub fn project_root_of(scenario_dir: &Path) -> PathBuf {
    let dir = std::path::absolute(scenario_dir).unwrap_or_else(|_| scenario_dir.to_path_buf());
    match dir.parent() {
        Some(parent) if parent.file_name().is_some_and(|n| n == "scenarios") => {
            parent.parent().map(Path::to_path_buf).unwrap_or_default()
        }
        _ => std::env::current_dir().unwrap_or_default(),
    }
}

/// What a campaign counted (runs, failing runs, the kinds seen), shared by its threads.
#[derive(Debug, Default)]
pub struct CampaignCounts {
    /// Runs judged.
    pub runs: AtomicU64,
    /// Judged runs that failed: an unexpected violation, an internal error or a crash.
    pub failures: AtomicU64,
    kinds: Mutex<BTreeSet<Kind>>,
}

impl CampaignCounts {
    /// Adds the violation kinds a judged run showed.
    pub fn record(&self, kinds: impl IntoIterator<Item = Kind>) {
        let mut seen = self.kinds.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.extend(kinds);
    }

    /// Every kind recorded so far.
    pub fn kinds(&self) -> BTreeSet<Kind> {
        self.kinds.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Expected kinds that no judged run showed.
    pub fn missing(&self, config: &CheckConfig) -> Vec<Kind> {
        let seen = self.kinds();
        config.expect.iter().flatten().filter(|k| !seen.contains(k)).copied().collect()
    }
}

/// Runs `f`, turning a panic into an internal error (exit code 3).
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, CommandError> {
    catch_unwind(AssertUnwindSafe(f))
        .map_err(|panic| CommandError::internal(format!("crosstalk panicked: {}", panic_text(&*panic))))
}

/// Reads an explicit schedule: a schedule JSON, a corpus entry or a JSON report (the
/// last two hold it under `schedule`).
pub fn read_schedule(path: &Path) -> Result<Schedule, CommandError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CommandError::bad_input(format!("{}: cannot read the schedule: {e}", path.display())))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        CommandError::Located(LoadError::at_line(path, &text, e.line(), e.column(), format!("not JSON: {e}")))
    })?;
    let inner = match value.get("schedule") {
        Some(schedule) => schedule.clone(),
        None => value,
    };
    serde_json::from_value(inner).map_err(|e| {
        CommandError::bad_input(format!(
            "{}: not a schedule: {e}\n  hint: pass a schedule JSON, a corpus entry or a `crosstalk run --format json` report",
            path.display()
        ))
    })
}

/// A run that used a binding crosstalk does not model is bad input (exit 2): its result
/// would say nothing about the real worker.
fn unsupported_binding_error(run: &Run) -> Option<CommandError> {
    run.trace.iter().find_map(|event| match &event.kind {
        crosstalk_runtime::EventKind::UnsupportedBinding { binding, kind, member, at } => {
            let message = format!(
                "{} used env.{binding}.{member}, but env.{binding} is a {kind} binding, which crosstalk does not model yet",
                event.owner
            );
            let error = match at {
                Some(at) => LoadError { line: at.line as usize, column: at.column as usize, ..LoadError::file(&at.file, message) },
                None => LoadError::file("<unknown location>", message),
            };
            Some(CommandError::Located(error.with_hint(
                "keep it out of the request path this scenario simulates, or give the scenario a stand-in \
                 (e.g. an [env] value or a [[kv]] namespace with the same binding name)",
            )))
        }
        _ => None,
    })
}
