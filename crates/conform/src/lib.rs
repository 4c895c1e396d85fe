//! `crosstalk conform`: the differential check of crosstalk's model against the real
//! workerd.
//!
//! One check runs one scenario twice with the same schedule (the one of `--seed`, default
//! 1): in crosstalk under the `workerd` profile, and in the real runtime (the npm package
//! `workerd`, pinned in the repo's `package.json`) at the same compatibility date and flags.
//! Then it compares, per request, the outcome kind, status, body, error text and console
//! lines, never timestamps, and reports what agrees and what differs ([`Report`]).
//!
//! The data flow, one module per step:
//! 1. `plan`: load the scenario, record the schedule of the seed, run it in
//!    crosstalk, and derive what to send (requests with crosstalk's ids and arrival times)
//!    and how each origin answers (the k-th wire request to an origin gets the latency and
//!    chunk intervals of crosstalk's k-th subrequest to it in trace order);
//! 2. `comparable`: scenarios local workerd cannot show (R9 limits, several isolates, …)
//!    stop here as "not comparable" with the reason; a request that differs after a run
//!    that read the clock or random values (R3) is "not comparable" itself, with the reads
//!    that may explain it;
//! 3. [`find_workerd`]: `--workerd`, `$WORKERD`, `node_modules/.bin/workerd`;
//! 4. `config` writes the workerd config (the worker, a tail worker, `globalOutbound` to
//!    the loopback origin server) to a temporary folder; `exchange` starts `origin` and
//!    `workerd`, sends the requests (`client`) at their arrival times in real time, and
//!    collects answers and tail events (`tail`); workerd is killed on every path;
//! 5. `observe` puts both sides in one shape, `compare` diffs them, `report` prints.
//!
//! This is the only crate of crosstalk with real time, sockets and child processes (tokio
//! lives here); the model crates stay deterministic.
//!
//! What the method cannot see, by design:
//! - the worker sees one extra request header, [`REQUEST_HEADER`] (`x-crosstalk-request:
//!   r2`), which attributes tail events to requests even when URLs repeat;
//! - workerd reports a request's console lines only once it finishes, so a request that
//!   never answers has `console: null` on workerd's side and its lines are not compared;
//! - console lines are what workerd printed (structured logging), given to requests by the
//!   tail events (`tail::attribute`); a request whose lines cannot all be found falls back
//!   to its tail logs, formatted from JSON; stack frames (`    at …` lines) are dropped on
//!   both sides;
//! - real time is not virtual time: the suite keeps events 100 ms or more apart, and the
//!   mapping of wire requests to crosstalk's subrequests assumes requests to one origin
//!   reach it in the order crosstalk sent them;
//! - scenarios that depend on what local workerd does not reproduce are reported "not
//!   comparable" with the reason instead (see `comparable`).
//!
//! ```no_run
//! use crosstalk_conform::{Options, conform};
//! let options = Options { compatibility_date: "2024-01-01".parse().ok(), ..Options::default() };
//! let report = conform(std::path::Path::new("tests/conformance/blocker"), &options).unwrap();
//! print!("{}", report.to_text());
//! std::process::exit(report.exit_code());
//! ```

mod client;
mod comparable;
mod compare;
mod config;
mod d1;
mod discover;
mod error;
mod exchange;
mod kv;
mod loopback;
mod observe;
mod origin;
mod plan;
mod report;
mod tail;
mod workerd;

use std::path::{Path, PathBuf};

use crosstalk_runtime::{CompatibilityDate, EventKind, Profile, ProfileName};
use crosstalk_scenario::Schedule;

pub use compare::{Difference, compare};
pub use discover::{NPM_BIN, find_workerd, locate};
pub use error::ConformError;
pub use observe::Observed;
pub use report::{Report, RequestReport, Tally};
pub use tail::REQUEST_HEADER;

use crate::client::Sent;
use crate::config::ConfigSpec;
use crate::exchange::{Setup, exchange};

/// The default seed of the schedule both sides run.
pub const DEFAULT_SEED: u64 = 1;

/// The default bound after the run's expected end before a request is a no-response.
pub const DEFAULT_TIMEOUT_MS: u64 = 5_000;

/// How a check runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The workerd binary (`--workerd`); found by [`find_workerd`] when `None`.
    pub workerd: Option<PathBuf>,
    /// The schedule of this seed decides arrivals and latencies on both sides.
    pub seed: u64,
    /// Overrides the scenario's `[runtime] compatibility_date` on both sides.
    pub compatibility_date: Option<CompatibilityDate>,
    /// A request not answered this long after the latest moment crosstalk's run answers
    /// or ends a request (and after the last arrival) is a `no-response`.
    pub timeout_ms: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self { workerd: None, seed: DEFAULT_SEED, compatibility_date: None, timeout_ms: DEFAULT_TIMEOUT_MS }
    }
}

/// Checks the scenario at `path` (a folder or its `scenario.toml`) against workerd.
///
/// Errors: [`ConformError::BadInput`] for a bad scenario or option (exit 2),
/// [`ConformError::Workerd`] when workerd is missing or cannot run it (exit 3).
pub fn conform(path: &Path, options: &Options) -> Result<Report, ConformError> {
    let mut scenario = crosstalk_scenario::load(path)?;
    scenario.runtime.profile = ProfileName::Workerd;
    // Local workerd never evicts a Durable Object: both sides run without injected faults.
    scenario.faults = crosstalk_runtime::Faults::default();
    if let Some(date) = options.compatibility_date {
        scenario.runtime.compatibility_date = Some(date);
    }
    let profile = Profile::new(
        ProfileName::Workerd,
        scenario.runtime.compatibility_date,
        scenario.runtime.compatibility_flags.clone(),
    );
    // Both sides at one date: a scenario without one runs at the profile's default on
    // workerd's side, so crosstalk's model must be given the same (its own default for a
    // scenario without a date is older).
    scenario.runtime.compatibility_date = Some(profile.compatibility_date);
    let schedule = Schedule::from_seed(&scenario, options.seed)?;
    let plan = plan::plan(&scenario, &schedule)?;
    let mut report = Report {
        scenario: scenario.name.clone(),
        compatibility_date: profile.compatibility_date,
        agree: true,
        requests: Vec::new(),
        comparable: true,
        reason: None,
        seed: options.seed,
    };
    let mut reasons = comparable::reasons(&scenario, &plan.run, &plan.unserved);
    reasons.extend(comparable::service_reasons(&scenario, &plan.services));
    if !reasons.is_empty() {
        report.comparable = false;
        report.reason = Some(reasons.join("; "));
        return Ok(report);
    }
    for request in &plan.requests {
        client::build(request)
            .map_err(|e| ConformError::bad_input(format!("{}: request {}: {e}", scenario.dir.display(), request.id)))?;
    }
    if plan.modules.is_empty() {
        return Err(ConformError::internal("the run loaded no module, so there is nothing to give workerd"));
    }
    let binary = find_workerd(options.workerd.as_deref(), &scenario.dir)?;
    let spec = ConfigSpec {
        syntax: scenario.syntax,
        modules: &plan.modules,
        env: &scenario.env,
        json_env: &scenario.json_env,
        compatibility_date: profile.compatibility_date,
        compatibility_flags: &profile.compatibility_flags,
        worker_port: 0,
        origin_port: 0,
        bindings: &scenario.services,
        services: &plan.services,
        kv: Vec::new(),
        d1: Vec::new(),
        durable_objects: &scenario.durable_objects,
        name: &scenario.name,
        storage_dir: None,
    };
    let bound_ms = expected_end_ms(&plan.run).saturating_add(options.timeout_ms);
    let exchanged = exchange(Setup { binary: &binary, plan: &plan, spec, bound_ms })?;
    for outcome in plan.run.incoming() {
        let id = outcome.id.to_string();
        let crosstalk = observe::crosstalk(&plan.run, outcome);
        let sent = exchanged.sent.get(&id);
        let answer = match sent {
            Some(Sent::Answered(answer)) => Some(answer),
            _ => None,
        };
        let workerd = observe::workerd(answer, exchanged.tails.get(&id));
        let mut notes = Vec::new();
        if let Some(Sent::Failed(message)) = sent {
            notes.push(format!("workerd's connection ended without a whole answer: {message}"));
        }
        let differences = compare(&crosstalk, &workerd);
        // A difference the clock or random values may explain is not the runtimes' (R3).
        let not_comparable = if differences.is_empty() { None } else { comparable::input_reads(&plan.run, outcome.id) };
        report.requests.push(RequestReport {
            id,
            agree: differences.is_empty(),
            crosstalk,
            workerd,
            differences,
            not_comparable,
            notes,
        });
    }
    report.agree = report.requests.iter().all(|r| r.agree || r.not_comparable.is_some());
    if !report.agree && !exchanged.origin_log.is_empty() {
        // Which wire request got which answer helps tell a model difference from a timing one.
        if let Some(first) = report.requests.iter_mut().find(|r| !r.agree) {
            first.notes.push(format!("origin requests: {}", exchanged.origin_log.join("; ")));
        }
    }
    Ok(report)
}

/// The latest virtual time crosstalk's run arrives, answers or ends a request.
fn expected_end_ms(run: &crosstalk_runtime::Run) -> u64 {
    let answered = run.requests.iter().map(|r| r.responded_ms.unwrap_or(r.arrived_ms).max(r.arrived_ms));
    let ended = run.trace.iter().filter(|e| matches!(e.kind, EventKind::RequestEnd { .. })).map(|e| e.t_ms);
    answered.chain(ended).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance").join(name)
    }

    #[test]
    fn a_bad_scenario_is_bad_input() {
        let error = conform(Path::new("/nonexistent/scenario"), &Options::default()).unwrap_err();
        assert_eq!(error.exit_code(), 2, "{error}");
    }

    #[test]
    fn a_missing_workerd_is_exit_3_and_says_so() {
        let options = Options { workerd: Some("/nonexistent/workerd".into()), ..Options::default() };
        let error = conform(&suite("end-1"), &options).unwrap_err();
        assert_eq!(error.exit_code(), 3);
        assert!(error.to_string().contains("/nonexistent/workerd"), "{error}");
    }
}
