//! `cargo test`: every folder under `scenarios/` is its own named test.
//!
//! Each test does what `crosstalk check SCENARIO` does — the pinned seed, every corpus
//! entry, then a bounded exploration, failing with the shrunk schedule and the replay
//! command when a violation appears that `[expect]` does not list (or an expected one
//! never does) — and compares the pinned seed's trace with its insta snapshot
//! `snapshots/<scenario>.snap` (`cargo insta review` shows changes).
//!
//! Knobs: `CROSSTALK_TEST_RUNS` (schedules explored per scenario, default 8),
//! `CROSSTALK_TEST_CORPUS` (the corpus folder, default `corpus/` at the project root:
//! entries there are replayed first and new failing schedules are saved there), and
//! `INSTA_UPDATE` as insta reads it (`always` writes snapshots, `no` fails on missing).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crosstalk::report::request_line;
use crosstalk_harness::check::{CheckOptions, check_scenario, summary};
use crosstalk_harness::session::{PINNED_SEED, Session};
use libtest_mimic::{Arguments, Failed, Trial};

/// Schedules explored per scenario when `CROSSTALK_TEST_RUNS` is not set: enough to catch
/// an unexpected violation in a scenario's common schedules, few enough for `cargo test`.
const TEST_RUNS_DEFAULT: u64 = 8;

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() {
    let arguments = Arguments::from_args();
    let root = project_root();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios"))
        .map(|listing| listing.filter_map(|item| item.ok().map(|i| i.path())).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    folders.sort();
    let trials = folders
        .into_iter()
        .map(|folder| {
            let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            // A folder without scenario.toml is a draft: listed, not run. A project whose
            // npm dependencies cannot be installed here is listed as ignored, with why.
            let draft = !folder.join("scenario.toml").is_file();
            let missing_npm = !draft && !install_npm_dependencies(&folder);
            Trial::test(name.clone(), move || scenario_test(&name, &folder)).with_ignored_flag(draft || missing_npm)
        })
        .collect();
    libtest_mimic::run(&arguments, trials).exit();
}

/// A scenario folder that is an npm project (`package.json`) needs its `node_modules`:
/// when it is missing, `npm install` runs here. Returns false when it cannot (no npm),
/// after saying so; in CI (`CI=true`) a missing npm is a failure, not a skip.
fn install_npm_dependencies(folder: &Path) -> bool {
    if !folder.join("package.json").is_file() || folder.join("node_modules").is_dir() {
        return true;
    }
    let status = std::process::Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(folder)
        .status();
    match status {
        Ok(status) if status.success() => true,
        outcome => {
            let why = match outcome {
                Ok(status) => format!("npm install failed ({status})"),
                Err(error) => format!("npm is not available ({error})"),
            };
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{}: {why}; CI needs the npm dependencies of every scenario", folder.display());
            }
            eprintln!("skipping {}: {why}; run `npm install` in that folder", folder.display());
            false
        }
    }
}

fn scenario_test(name: &str, folder: &Path) -> Result<(), Failed> {
    let session = Session::load(folder, None).map_err(|e| Failed::from(e.to_string()))?;
    let runs = std::env::var("CROSSTALK_TEST_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(TEST_RUNS_DEFAULT);
    let corpus = std::env::var_os("CROSSTALK_TEST_CORPUS").map_or_else(|| project_root().join("corpus"), PathBuf::from);
    let options = CheckOptions { runs, seed: 0, jobs: 1, corpus: Some(corpus) };
    let result = check_scenario(&session, &options).map_err(|e| Failed::from(e.to_string()))?;

    let mut problems = Vec::new();
    if !result.matches {
        problems.push(summary(&session, &result));
    }
    if let Err(message) = compare_snapshot(name, &snapshot_text(&session, &result.pinned)) {
        problems.push(message);
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n").into()) }
}

/// What a snapshot pins: the outcomes and the full trace of the pinned seed, in the
/// runtime's width-independent text form.
fn snapshot_text(session: &Session, pinned: &crosstalk_harness::session::Checked) -> String {
    let mut text = format!(
        "scenario {} · seed {PINNED_SEED} · profile {}\n\nrequests:\n",
        session.name(),
        session.profile_name().as_str()
    );
    for request in &pinned.run.requests {
        text.push_str(&format!("  {}\n", request_line(request)));
    }
    text.push_str("\ntrace:\n");
    text.push_str(&crosstalk_runtime::render_text(&pinned.run.trace));
    text
}

fn compare_snapshot(name: &str, text: &str) -> Result<(), String> {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("trace of scenarios/{name} for its pinned seed {PINNED_SEED}"));
    catch_unwind(AssertUnwindSafe(|| settings.bind(|| insta::assert_snapshot!(name.to_string(), text)))).map_err(|_| {
        format!("the trace of seed {PINNED_SEED} differs from snapshots/{name}.snap: review with `cargo insta review`")
    })
}
