//! crosstalk's verdict pipeline, as a library: everything a command does with a
//! scenario except parsing arguments and printing.
//!
//! [`session`] holds a loaded scenario and the one definition of a verdict (the fuzzing
//! oracle); [`explore`] the campaign/shrink/corpus loop; [`check`] what `crosstalk check`
//! and `cargo test` run per scenario, including the replay that catches hidden
//! nondeterminism ([`determinism`]); [`workers`] the worker processes `fuzz` runs its
//! schedules in (each job in a `fork` of a booted template, `fork`), and [`crash`] what a worker's death means; [`exit`] the error type and
//! exit codes of INTERFACES.md. The `crosstalk` binary is clap and printing over these functions.
//!
//! Never prints and never reads a clock, except the wall-clock limit of `fuzz --time`
//! ([`explore::Exploration::time_ms`]), which decides how many schedules run, never what a
//! schedule does.
//!
//! ```no_run
//! use crosstalk_harness::check::{CheckOptions, check_scenario, summary};
//! use crosstalk_harness::session::Session;
//!
//! let session = Session::load("scenarios/blocker".as_ref(), None)?;
//! let options = CheckOptions { runs: 16, seed: 0, jobs: 1, corpus: None };
//! let result = check_scenario(&session, &options)?;
//! print!("{}", summary(&session, &result));
//! # Ok::<(), crosstalk_harness::exit::CommandError>(())
//! ```

pub mod check;
pub mod crash;
pub mod determinism;
pub mod exit;
pub mod explore;
pub mod fork;
pub mod session;
pub mod workers;

pub use exit::{CommandError, Exit};
