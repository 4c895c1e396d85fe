//! `crosstalk check [SCENARIO…]`: every scenario against its `[expect]`, as CI runs it.
//! Prints one line per scenario (or one JSON report per line) and a closing
//! `N passed, M failed` line; exits with the worst code of all scenarios.

use std::path::{Path, PathBuf};

use crate::check::{CheckOptions, check_scenario, summary};
use crate::cli::{CheckArgs, ReportFormat};
use crate::cmd_fuzz::default_jobs;
use crate::exit::{CommandError, Exit};
use crate::explore::shell_path;
use crate::output::Output;
use crate::report;
use crate::session::Session;

pub(crate) fn run(args: &CheckArgs, out: &mut Output) -> Result<Exit, CommandError> {
    let folders = if args.scenarios.is_empty() { default_scenarios(out)? } else { args.scenarios.clone() };
    let mut worst = Exit::Matches;
    let (mut passed, mut failed) = (0, 0);
    for folder in &folders {
        let exit = match check_one(args, folder, out) {
            Ok(exit) => exit,
            Err(error) => {
                out.warn(&error.to_string());
                if args.format == ReportFormat::Text {
                    out.line(&format!("ERROR {}", shell_path(folder)));
                }
                error.exit()
            }
        };
        if exit == Exit::Matches {
            passed += 1;
        } else {
            failed += 1;
        }
        worst = worst.max(exit);
    }
    if args.format == ReportFormat::Text {
        out.line(&format!("check: {passed} passed, {failed} failed"));
    }
    Ok(worst)
}

fn check_one(args: &CheckArgs, folder: &Path, out: &mut Output) -> Result<Exit, CommandError> {
    let mut session = Session::load_env(folder, args.profile, args.worker_env.name.as_deref())?;
    session.override_start_time(args.start_time.ms);
    let options = CheckOptions {
        runs: args.runs,
        seed: args.seed,
        jobs: args.jobs.map_or_else(default_jobs, |j| j as usize),
        corpus: Some(args.corpus.clone().unwrap_or_else(|| session.project_root().join("corpus"))),
    };
    let result = check_scenario(&session, &options)?;
    match args.format {
        ReportFormat::Json => {
            // The report shows a run; why the runs of a schedule differ goes to stderr.
            if !result.divergences.is_empty() {
                out.warn(summary(&session, &result).trim_end());
            }
            let shown = match result.failure() {
                Some(failure) => session.checked(None, Some(failure.shrunk.clone()))?,
                None => result.pinned.clone(),
            };
            out.line(&report::json(&session, &shown, result.matches));
        }
        ReportFormat::Text => out.print(&summary(&session, &result)),
    }
    Ok(Exit::of_verdict(result.matches))
}

/// Every folder under `scenarios/` at the project root (the nearest ancestor of the
/// current directory that has one) holding a scenario.toml, sorted by name.
fn default_scenarios(out: &mut Output) -> Result<Vec<PathBuf>, CommandError> {
    let cwd = std::env::current_dir().map_err(|e| CommandError::internal(format!("no current directory: {e}")))?;
    let root = cwd.ancestors().map(|dir| dir.join("scenarios")).find(|dir| dir.is_dir()).ok_or_else(|| {
        CommandError::bad_input(
            "no scenarios/ folder here or above\n  hint: name scenario folders: crosstalk check scenarios/NAME",
        )
    })?;
    let mut folders =
        scenario_folders(&root).map_err(|e| CommandError::bad_input(format!("{}: {e}", root.display())))?;
    folders.retain(|folder| {
        let has_toml = folder.join("scenario.toml").is_file();
        if !has_toml {
            out.warn(&format!("skipped {}: no scenario.toml", shell_path(folder)));
        }
        has_toml
    });
    if folders.is_empty() {
        return Err(CommandError::bad_input(format!("{}: no scenario folder holds a scenario.toml", root.display())));
    }
    Ok(folders)
}

/// The sub-folders of `root`, sorted.
pub(crate) fn scenario_folders(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut folders = Vec::new();
    for item in std::fs::read_dir(root)? {
        let path = item?.path();
        if path.is_dir() {
            folders.push(path);
        }
    }
    folders.sort();
    Ok(folders)
}
