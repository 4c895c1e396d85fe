//! Seed → schedule → run is deterministic across processes: this test binary starts itself
//! twice with `--print-runs` (each child prints the JSON of the counter scenario's seeded
//! schedules and runs) and requires both outputs to equal this process's, byte for byte.
//!
//! `harness = false`, so the child is this binary's own mode, chosen by an argument: there
//! is no `#[test]` that passes without doing anything when a variable is missing.

mod common;

use libtest_mimic::{Arguments, Failed, Trial};

/// The argument that makes this binary a child: print the runs and exit.
const PRINT_RUNS: &str = "--print-runs";

fn main() {
    if std::env::args().nth(1).as_deref() == Some(PRINT_RUNS) {
        print!("{}", common::runs_json());
        return;
    }
    let trials = vec![Trial::test("seed_to_schedule_to_run_is_deterministic_across_processes", across_processes)];
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

fn across_processes() -> Result<(), Failed> {
    let here = common::runs_json();
    for child in 1..=2 {
        let exe = std::env::current_exe().map_err(|e| format!("no test executable: {e}"))?;
        let output = std::process::Command::new(exe).arg(PRINT_RUNS).output().map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(format!("child {child} failed: {}", String::from_utf8_lossy(&output.stderr)).into());
        }
        if output.stdout != here.as_bytes() {
            return Err(format!("child {child} printed runs that differ from this process's").into());
        }
    }
    Ok(())
}
