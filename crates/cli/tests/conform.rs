//! `crosstalk conform` end to end, without workerd: the exit codes of bad input (2) and of
//! a workerd that cannot run (3). The agreement itself is the conformance suite's
//! (`crates/conform/tests/conformance.rs`).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios").join(name)
}

fn crosstalk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosstalk"))
}

#[test]
fn conform_exits_2_on_a_bad_scenario() {
    crosstalk()
        .args(["conform"])
        .arg(fixture("bad-toml"))
        .args(["--workerd", "/nonexistent/workerd"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("scenario.toml"));
}

#[test]
fn conform_exits_2_on_a_bad_date() {
    crosstalk()
        .args(["conform"])
        .arg(fixture("blocker"))
        .args(["--compatibility-date", "soon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
}

#[test]
fn conform_exits_3_when_workerd_is_missing_and_says_how_to_fix_it() {
    crosstalk()
        .args(["conform"])
        .arg(fixture("blocker"))
        .args(["--workerd", "/nonexistent"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("workerd not found at /nonexistent (--workerd)"))
        .stderr(predicate::str::contains("hint:"));
}

#[test]
fn conform_reports_the_worst_exit_of_several_scenarios() {
    crosstalk()
        .args(["conform"])
        .arg(fixture("bad-toml"))
        .arg(fixture("blocker"))
        .args(["--workerd", "/nonexistent"])
        .assert()
        .code(3);
}

#[test]
fn conform_needs_a_scenario() {
    crosstalk().args(["conform"]).assert().code(2);
}
