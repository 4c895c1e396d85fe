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

use std::path::{Path, PathBuf};

use crosstalk_conform::{Options, conform, find_workerd};
use libtest_mimic::{Arguments, Failed, Trial};

/// The dates every scenario is checked at.
const DATES: [&str; 2] = ["2024-01-01", "2026-11-17"];

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

fn scenarios() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(suite_dir())
        .map(|entries| {
            entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join("scenario.toml").is_file()).collect()
        })
        .unwrap_or_default();
    found.sort();
    found
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
    for scenario in scenarios() {
        let name = scenario.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for date in DATES {
            let workerd = workerd.clone();
            let scenario = scenario.clone();
            let skip = workerd.is_err() && !in_ci;
            let trial = Trial::test(format!("{name}@{date}"), move || {
                let binary = workerd.map_err(|e| Failed::from(format!("workerd is required in CI: {e}")))?;
                let options =
                    Options { workerd: Some(binary), compatibility_date: date.parse().ok(), ..Options::default() };
                let report = conform(&scenario, &options).map_err(|e| Failed::from(e.to_string()))?;
                if !report.comparable {
                    return Err(format!("the suite holds only comparable scenarios: {}", report.to_text()).into());
                }
                if report.agree { Ok(()) } else { Err(report.to_text().into()) }
            });
            trials.push(trial.with_ignored_flag(skip));
        }
    }
    if trials.is_empty() {
        eprintln!("conformance suite: no scenario under {}", suite_dir().display());
        std::process::exit(1);
    }
    libtest_mimic::run(&arguments, trials).exit();
}
