//! `crosstalk run SCENARIO [--seed N | --schedule FILE] [--format text|json]`: one
//! schedule, its outcomes, trace, findings and verdict.

use crate::cli::{ReportFormat, RunArgs};
use crate::exit::{CommandError, Exit};
use crate::output::Output;
use crate::report;
use crate::session::{Session, read_schedule};

pub(crate) fn run(args: &RunArgs, out: &mut Output) -> Result<Exit, CommandError> {
    let mut session = Session::load_env(&args.scenario, args.profile, args.worker_env.name.as_deref())?;
    session.override_expect(args.expect.kinds.as_deref())?;
    session.override_start_time(args.start_time.ms);
    for warning in session.unsupported_binding_warnings() {
        out.warn(&warning);
    }
    let schedule = args.choice.schedule.as_deref().map(read_schedule).transpose()?;
    if let Some(schedule) = &schedule {
        for problem in schedule.check(&session.scenario) {
            out.warn(&format!("warning: schedule {problem}"));
        }
    }
    let checked = session.checked(args.choice.seed, schedule)?;
    match args.format {
        ReportFormat::Json => out.line(&report::json(&session, &checked, checked.verdict.matches)),
        ReportFormat::Text => out.print(&report::text(&session, &checked, out.width())),
    }
    Ok(Exit::of_verdict(checked.verdict.matches))
}
