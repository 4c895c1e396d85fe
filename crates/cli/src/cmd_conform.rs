//! `crosstalk conform SCENARIO… [--workerd PATH] [--seed N] [--compatibility-date DATE]
//! [--timeout-ms MS] [--format text|json]`: each scenario in the real workerd and in
//! crosstalk with the same schedule, compared request by request (the work is
//! `crosstalk_conform`'s).
//!
//! One report per scenario (text, or one JSON object per line); in text, more than one
//! scenario ends with a summary line (`conform: 40 scenarios: 31 agree, 0 differ, 9 not
//! comparable (requests: …)`). The exit code is the worst
//! of the scenarios': 0 all agree (or not comparable), 1 some request differs, 2 bad input,
//! 3 workerd could not run.

use crosstalk_conform::{ConformError, Options, Tally, conform};

use crate::cli::{ConformArgs, ReportFormat};
use crate::exit::{CommandError, Exit};
use crate::output::Output;

pub(crate) fn run(args: &ConformArgs, out: &mut Output) -> Result<Exit, CommandError> {
    let options = Options {
        workerd: args.workerd.clone(),
        seed: args.seed,
        compatibility_date: args.compatibility_date,
        timeout_ms: args.timeout_ms,
    };
    let mut worst = Exit::Matches;
    let mut tally = Tally::default();
    for scenario in &args.scenarios {
        let exit = match conform(scenario, &options) {
            Ok(report) => {
                tally.add(&report);
                match args.format {
                    ReportFormat::Json => out.line(&report.to_json()),
                    ReportFormat::Text => out.print(&report.to_text()),
                }
                Exit::of_verdict(report.agree)
            }
            Err(error) => {
                tally.failed += 1;
                out.warn(&message(scenario, &error));
                match error.exit_code() {
                    2 => Exit::BadInput,
                    _ => Exit::Internal,
                }
            }
        };
        worst = worst.max(exit);
    }
    if args.scenarios.len() > 1 && args.format == ReportFormat::Text {
        out.print(&format!("{}\n", tally.to_line()));
    }
    Ok(worst)
}

/// The error as the user reads it: located errors compiler-style with a code frame,
/// others naming the scenario.
fn message(scenario: &std::path::Path, error: &ConformError) -> String {
    match error {
        ConformError::Located(located) => located.render(),
        other => format!("error: conform {}: {other}", scenario.display()),
    }
}
