//! `crosstalk trace SCENARIO --seed N --format perfetto|mermaid|text [-o FILE]`: the
//! trace of one schedule for people. Exits 0 whenever the trace was written: the verdict
//! is `run`'s business.

use crate::cli::{TraceArgs, TraceFormat};
use crate::exit::{CommandError, Exit};
use crate::output::Output;
use crate::render::{mermaid, perfetto, timeline};
use crate::session::{Session, read_schedule};

pub(crate) fn run(args: &TraceArgs, out: &mut Output) -> Result<Exit, CommandError> {
    let mut session = Session::load_env(&args.scenario, args.profile, args.worker_env.name.as_deref())?;
    session.override_start_time(args.start_time.ms);
    let schedule = args.choice.schedule.as_deref().map(read_schedule).transpose()?;
    let checked = session.checked(args.choice.seed, schedule)?;
    let title = match checked.seed {
        Some(seed) => format!("{} (seed {seed}, {})", session.name(), session.profile_name().as_str()),
        None => format!("{} ({})", session.name(), session.profile_name().as_str()),
    };
    let width = if args.output.is_some() { None } else { out.width() };
    let text = match args.format {
        TraceFormat::Perfetto => {
            let mut json = serde_json::to_string(&perfetto::render(&checked.run.trace, &title))
                .map_err(|e| CommandError::internal(format!("cannot serialise the trace: {e}")))?;
            json.push('\n');
            json
        }
        TraceFormat::Mermaid => mermaid::render(&checked.run.trace, &title),
        TraceFormat::Text => timeline::render(&checked.run.trace, width),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| CommandError::bad_input(format!("{}: cannot write the trace: {e}", path.display())))?;
            if args.format == TraceFormat::Perfetto {
                out.warn(&format!("wrote {} (open it in https://ui.perfetto.dev)", path.display()));
            } else {
                out.warn(&format!("wrote {}", path.display()));
            }
        }
        None => out.print(&text),
    }
    Ok(Exit::Matches)
}
