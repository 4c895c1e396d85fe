//! The `crosstalk` command line: run, fuzz, replay, trace, check and conform Workers scenarios.
//!
//! `main.rs` only calls [`main_with`]. Each command lives in its own `cmd_*` module and
//! is argument handling and printing over `crosstalk_harness` (the verdict pipeline:
//! sessions, exploration, `check`); [`render`] holds the trace renderers, [`report`] the
//! run report. Exit codes are those of INTERFACES.md ([`Exit`]).
//!
//! ```no_run
//! let code = crosstalk::main_with(["crosstalk", "check", "scenarios/blocker"]);
//! std::process::exit(code);
//! ```

mod cli;
mod cmd_check;
mod cmd_conform;
mod cmd_fuzz;
mod cmd_replay;
mod cmd_run;
mod cmd_trace;
mod output;
mod progress;
pub mod render;
pub mod report;
mod supervise;

pub use supervise::{SUPERVISED_ENV, main_supervised};

use std::ffi::OsString;

use clap::Parser;

// The harness's modules under the names the commands use (`crate::session::Session`).
pub use crosstalk_harness::{CommandError, Exit};
use crosstalk_harness::{check, exit, explore, session};

use crate::cli::{Cli, Command};
use crate::output::Output;

/// Stack of the thread commands run on, the engine's (`crosstalk_runtime::THREAD_STACK_BYTES`):
/// a run, and a campaign with `--jobs 1`, run on it.
const COMMAND_STACK_BYTES: usize = crosstalk_scenario::WORKER_STACK_BYTES;

/// Runs the command line `args` (program name first) and returns the exit code.
pub fn main_with<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let argv: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version print to stdout and exit 0; usage errors exit 2.
            // Printing clap's own message can only fail when stderr is gone.
            drop(error.print());
            return error.exit_code();
        }
    };
    if cli.nondeterminism_probe {
        crosstalk_runtime::enable_nondeterministic_counter();
    }
    let spawned =
        std::thread::Builder::new().name("crosstalk".into()).stack_size(COMMAND_STACK_BYTES).spawn(move || {
            let mut out = Output::process();
            let result = session::guarded(|| dispatch(&cli, &argv, &mut out)).and_then(|r| r);
            let exit = match result {
                Ok(exit) => exit,
                Err(error) => {
                    out.warn(&error.to_string());
                    error.exit()
                }
            };
            match out.finish() {
                // The verdict never reached the user (a full disk, a closed file).
                Some(error) => {
                    out.warn(&format!("error: cannot write the results to stdout: {error}"));
                    Exit::Internal
                }
                None => exit,
            }
        });
    let exit = match spawned.map(|handle| handle.join()) {
        Ok(Ok(exit)) => exit,
        Ok(Err(_)) => Exit::Internal,
        Err(error) => {
            eprintln!("internal error: cannot start the command thread: {error}");
            Exit::Internal
        }
    };
    exit.code()
}

/// One reference run in a forked child of this process (`crosstalk_harness::fork::in_child`).
fn reference_in_a_fork(model: &crosstalk_runtime::Model, variant: bool) -> Result<crosstalk_runtime::Run, String> {
    crosstalk_harness::fork::in_child(|| crosstalk_checker::simulate_reference(model, variant))
        .map_err(|e| e.to_string())
        .and_then(|reply| reply)
}

/// Runs the command `cli` parsed from `argv` (program name first).
fn dispatch(cli: &Cli, argv: &[OsString], out: &mut Output) -> Result<Exit, CommandError> {
    // A supervised run of one schedule tells its supervisor each trace event as it is
    // recorded, so that a crash report can say whose code was running (`supervise.rs`).
    let _tap = (std::env::var_os(SUPERVISED_ENV).is_some()
        && matches!(cli.command, Command::Run(_) | Command::Replay(_) | Command::Trace(_)))
    .then(|| {
        crosstalk_runtime::tap_trace(Box::new(|tapped| {
            let marker = crosstalk_harness::crash::EVENT_MARKER;
            match tapped {
                crosstalk_runtime::Tapped::Run => eprintln!("{marker}run"),
                crosstalk_runtime::Tapped::Event(event) => {
                    eprintln!("{marker}{}\t{}", event.owner, crosstalk_harness::crash::event_line(event))
                }
            }
        }))
    });
    // Each reference run of a supervised run's checks boots the worker again, in a fork:
    // what boa leaks per boot (a realm whose modules made a namespace object) dies with it.
    if std::env::var_os(SUPERVISED_ENV).is_some()
        && matches!(cli.command, Command::Run(_) | Command::Replay(_) | Command::Trace(_))
    {
        crosstalk_checker::run_references_with(reference_in_a_fork);
    }
    match &cli.command {
        Command::Run(args) => cmd_run::run(args, out),
        Command::Fuzz(args) => cmd_fuzz::run(args, cli, argv, out),
        Command::Replay(args) => cmd_replay::run(args, out),
        Command::Trace(args) => cmd_trace::run(args, out),
        Command::Check(args) => cmd_check::run(args, out),
        Command::Conform(args) => cmd_conform::run(args, out),
    }
}
