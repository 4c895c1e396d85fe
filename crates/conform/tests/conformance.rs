//! The conformance suite: every scenario under `tests/conformance/` at the repo root, run
//! through `crosstalk conform` at compatibility dates 2024-01-01 (before
//! `handle_cross_request_promise_resolution`) and 2026-11-17 (the newest), must agree with
//! the real workerd request by request. One named test per scenario and date
//! (`blocker@2024-01-01`).
//!
//! workerd comes from `npm install` at the repo root (or `$WORKERD`). Without it the
//! tests are skipped with a message saying so; with `CI=true` they fail instead.
//! The tests run one at a time: each drives workerd in real time, and timing margins are
//! kept honest on a two-core machine by not competing with each other.
//!
//! Every bundled scenario (`scenarios/` at the repo root) is checked too, at its own
//! compatibility date (`bundled/clean`, npm packages installed first where a scenario has
//! a `package.json`): none may differ but those in [`KNOWN_DIFFERENCES`], and those only
//! in the fields listed there; one that is not comparable passes, with its reason
//! printed. The run ends with conform's summary line (`conform: N scenarios: … agree, …
//! differ, … not comparable`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crosstalk_conform::{Options, Tally, conform, find_workerd};
use libtest_mimic::{Arguments, Failed, Trial};

/// Bundled scenarios on which crosstalk still differs from workerd, the fields that
/// differ, and why: each is a model bug still open (README, "crosstalk conform"). A listed
/// scenario fails if it differs in any other field, or if it agrees (then the bug is
/// fixed: take it off the list), so the list stays true.
const KNOWN_DIFFERENCES: [(&str, &[&str], &str); 0] = [];

/// Installs a bundled project's npm dependencies if it has any and they are missing.
fn npm_ready(folder: &Path) -> Result<(), String> {
    if !folder.join("package.json").is_file() || folder.join("node_modules").is_dir() {
        return Ok(());
    }
    let status = std::process::Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(folder)
        .status();
    match status {
        Ok(status) if status.success() => Ok(()),
        other => Err(format!("npm install in {} failed: {other:?}", folder.display())),
    }
}

/// Whether `report` is as [`KNOWN_DIFFERENCES`] expects of scenario `name`.
fn as_expected(name: &str, report: &crosstalk_conform::Report) -> Result<(), String> {
    let known = KNOWN_DIFFERENCES.iter().find(|(scenario, _, _)| *scenario == name);
    let mut fields: Vec<&str> = (report.requests.iter().filter(|r| r.differs()))
        .flat_map(|r| r.differences.iter().map(|d| d.field.as_str()))
        .collect();
    fields.sort_unstable();
    fields.dedup();
    match known {
        None if report.agree => Ok(()),
        None => Err(report.to_text()),
        Some((_, expected, why)) if fields == *expected => {
            eprintln!("bundled/{name}: known difference in {}: {why}", expected.join(", "));
            Ok(())
        }
        Some(_) if report.agree => {
            Err(format!("bundled/{name} now agrees with workerd: take it off KNOWN_DIFFERENCES\n{}", report.to_text()))
        }
        Some((_, expected, _)) => Err(format!(
            "bundled/{name} differs in {fields:?}, not only in the known {expected:?}\n{}",
            report.to_text()
        )),
    }
}

/// The dates every scenario is checked at.
const DATES: [&str; 2] = ["2024-01-01", "2026-11-17"];

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

fn bundled_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

fn scenarios_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join("scenario.toml").is_file()).collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Runs conform, and once more when the sides differ: workerd runs in real time, and
/// requests that crosstalk dispatches a few milliseconds apart can reach it in the other
/// order on a loaded machine (seen once in `bundled/service-shared-promise` during a full
/// `cargo test`). A difference the model causes shows again and still fails; the first
/// report is printed either way.
fn conform_again_if_differs(
    scenario: &Path,
    options: &Options,
) -> Result<crosstalk_conform::Report, crosstalk_conform::ConformError> {
    let first = conform(scenario, options)?;
    if first.agree {
        return Ok(first);
    }
    eprintln!("{}: the sides differed; running it once more:\n{}", scenario.display(), first.to_text());
    conform(scenario, options)
}

fn main() {
    let mut arguments = Arguments::from_args();
    arguments.test_threads = Some(1);
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let workerd = find_workerd(None, &suite_dir());
    if let Err(error) = &workerd {
        if in_ci {
            eprintln!("conformance suite: workerd is required in CI (CI=true): {error}");
        } else {
            eprintln!("conformance suite SKIPPED: {error}");
        }
    }
    let mut trials = Vec::new();
    let tally = Arc::new(Mutex::new(Tally::default()));
    for scenario in scenarios_in(&suite_dir()) {
        let name = scenario.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for date in DATES {
            let workerd = workerd.clone();
            let scenario = scenario.clone();
            let skip = workerd.is_err() && !in_ci;
            let trial = Trial::test(format!("{name}@{date}"), move || {
                let binary = workerd.map_err(|e| Failed::from(format!("workerd is required in CI: {e}")))?;
                let options =
                    Options { workerd: Some(binary), compatibility_date: date.parse().ok(), ..Options::default() };
                let report = conform_again_if_differs(&scenario, &options).map_err(|e| Failed::from(e.to_string()))?;
                if !report.comparable {
                    return Err(format!("the suite holds only comparable scenarios: {}", report.to_text()).into());
                }
                if report.agree { Ok(()) } else { Err(report.to_text().into()) }
            });
            trials.push(trial.with_ignored_flag(skip));
        }
    }
    for scenario in scenarios_in(&bundled_dir()) {
        let name = scenario.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let workerd = workerd.clone();
        let tally = tally.clone();
        let skip = workerd.is_err() && !in_ci;
        let trial = Trial::test(format!("bundled/{name}"), move || {
            let binary = workerd.map_err(|e| Failed::from(format!("workerd is required in CI: {e}")))?;
            npm_ready(&scenario)?;
            let options = Options { workerd: Some(binary), ..Options::default() };
            let report = conform_again_if_differs(&scenario, &options);
            let mut tally = tally.lock().unwrap_or_else(|e| e.into_inner());
            let report = match report {
                Ok(report) => report,
                Err(error) => {
                    tally.failed += 1;
                    return Err(error.to_string().into());
                }
            };
            tally.add(&report);
            if !report.comparable || report.requests.iter().any(|r| r.not_comparable.is_some()) {
                eprint!("{}", report.to_text());
            }
            as_expected(&name, &report).map_err(Failed::from)
        });
        trials.push(trial.with_ignored_flag(skip));
    }
    if trials.is_empty() {
        eprintln!("conformance suite: no scenario under {}", suite_dir().display());
        std::process::exit(1);
    }
    let conclusion = libtest_mimic::run(&arguments, trials);
    let tally = *tally.lock().unwrap_or_else(|e| e.into_inner());
    if tally != Tally::default() {
        println!("bundled scenarios: {}", tally.to_line());
    }
    conclusion.exit();
}
