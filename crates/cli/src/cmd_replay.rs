//! `crosstalk replay FILE`: replays a corpus entry exactly and reports it as `run` does.
//! Exits 1 while the entry still shows a violation the scenario does not expect, 0 once
//! it is fixed.

use std::path::Path;

use crosstalk_scenario::LoadError;
use crosstalk_scenario::corpus::Entry;

use crate::cli::{ReplayArgs, ReportFormat};
use crate::exit::{CommandError, Exit};
use crate::explore::default_scenario_dir;
use crate::output::Output;
use crate::report;
use crate::session::Session;

pub(crate) fn run(args: &ReplayArgs, out: &mut Output) -> Result<Exit, CommandError> {
    let entry = read_entry(&args.file)?;
    let scenario_dir = match &args.scenario {
        Some(dir) => dir.clone(),
        None => default_scenario_dir(&args.file, &entry.scenario).filter(|d| d.exists()).ok_or_else(|| {
            CommandError::bad_input(format!(
                "{}: cannot find scenario '{}' (looked for scenarios/{} beside the corpus folder)\n  hint: pass --scenario DIR",
                args.file.display(),
                entry.scenario,
                entry.scenario
            ))
        })?,
    };
    // The profile the entry was found under, unless --profile says otherwise.
    let profile = match (args.profile, entry.profile.as_deref()) {
        (Some(profile), _) => Some(profile),
        (None, Some(name)) => Some(crosstalk_runtime::ProfileName::parse(name).ok_or_else(|| {
            CommandError::bad_input(format!("{}: unknown profile '{name}' in the corpus entry", args.file.display()))
        })?),
        (None, None) => None,
    };
    // Likewise the clock the entry ran under.
    let start_time = match (args.start_time.ms, entry.start_time.as_deref()) {
        (Some(ms), _) => Some(ms),
        (None, Some(text)) => Some(crosstalk_scenario::parse_start_time(text).map_err(|e| {
            CommandError::bad_input(format!("{}: bad start_time in the corpus entry: {e}", args.file.display()))
        })?),
        (None, None) => None,
    };
    let worker_env = args.worker_env.name.clone().or_else(|| entry.worker_env.clone());
    let mut session = Session::load_env(&scenario_dir, profile, worker_env.as_deref())?;
    session.override_expect(args.expect.kinds.as_deref())?;
    session.override_start_time(start_time);
    if session.name() != entry.scenario {
        return Err(CommandError::bad_input(format!(
            "{}: the entry is for scenario '{}', not '{}'",
            args.file.display(),
            entry.scenario,
            session.name()
        )));
    }
    for problem in entry.schedule.check(&session.scenario) {
        out.warn(&format!("warning: schedule {problem}"));
    }
    let checked = session.checked(None, Some(entry.schedule.clone()))?;
    match args.format {
        ReportFormat::Json => out.line(&report::json(&session, &checked, checked.verdict.matches)),
        ReportFormat::Text => {
            out.line(&format!("replaying {} ({} found by {})", args.file.display(), entry.kind, entry.strategy));
            out.print(&report::text(&session, &checked, out.width()));
            let reproduced = checked.verdict.unexpected.iter().any(|k| k.as_str() == entry.kind);
            if !reproduced && checked.verdict.matches {
                out.line(&format!("{} no longer occurs: the entry now matches [expect]", entry.kind));
            }
        }
    }
    Ok(Exit::of_verdict(checked.verdict.matches))
}

fn read_entry(path: &Path) -> Result<Entry, CommandError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CommandError::bad_input(format!("{}: cannot read the corpus entry: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        CommandError::Located(
            LoadError::at_line(path, &text, e.line(), e.column(), format!("not a corpus entry: {e}")).with_hint(
                "corpus entries are written by `crosstalk fuzz`; for a bare schedule use `crosstalk run SCENARIO --schedule FILE`",
            ),
        )
    })
}
