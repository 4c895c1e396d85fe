//! Scenario folders, explicit replayable schedules, exploration, shrinking and the
//! corpus: everything between a `scenario.toml` and a minimal failing schedule.
//!
//! The data flow is one straight line:
//! [`load`] a folder into a [`Scenario`]; turn a seed into a [`Schedule`]
//! ([`Schedule::from_seed`]) or let a [`Campaign`] explore schedules with a strategy
//! ([`StrategyName`]: random, PCT, exhaustive); [`shrink`] a failing one; store it with
//! [`corpus::save`]; every later campaign replays the corpus first.
//!
//! A scenario's code is a script in its folder or a Workers project (`worker =
//! "…/wrangler.toml"`, read by [`load_project`]); its modules, including packages from
//! the project's `node_modules`, are served to the runtime by [`FsSource`].
//!
//! This crate never reads a clock or OS entropy: all randomness comes from ChaCha streams
//! seeded by the campaign seed. It does not know what a violation is: the caller passes
//! an [`Oracle`] that turns a run into an optional [`Finding`].
//!
//! ```
//! use crosstalk_scenario::{Campaign, Finding, StrategyName, load, shrink};
//! let scenario = load(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/blocker")).unwrap();
//! let hang = |_: &crosstalk_scenario::Schedule, run: &crosstalk_runtime::Run| {
//!     run.requests.iter().any(|r| r.error.as_deref().is_some_and(|e| e.contains("never generate")))
//!         .then(|| Finding::new("hang", "a request hung"))
//! };
//! let report = Campaign { strategy: StrategyName::Random, runs: 10, seed: 7, ..Campaign::default() }
//!     .run(&scenario, &hang).unwrap();
//! let found = &report.findings[0];
//! let minimal = shrink(&scenario, None, &found.schedule, &hang).unwrap();
//! assert_eq!(minimal.schedule.requests.len(), 2);
//! ```

mod campaign;
mod commonjs;
pub mod corpus;
mod dotenv;
mod duration;
mod error;
mod exports;
mod finding;
mod graph;
mod jsonc;
mod load;
mod ordered_json;
mod project;
mod raw;
mod replay;
mod resolve;
mod scan;
mod scenario;
mod schedule;
mod shard;
mod shrink;
mod source;
mod start_time;
pub mod strategy;
mod trial;
mod tsconfig;

pub use campaign::{Campaign, CampaignError, CampaignReport, Executor, FailingSchedule, Source, WORKER_STACK_BYTES};
pub use duration::{parse_duration_ms, parse_range};
pub use error::{Excerpt, LoadError};
pub use finding::{Finding, Oracle};
pub use load::{D1_LATENCY, DURABLE_OBJECT_LATENCY, QUEUE_LATENCY, R2_LATENCY, expectable_kinds, load, load_env};
pub use project::{
    ModuleRuleSpec, Project, ProjectD1, WRANGLER_FILES, WRANGLER_KV_LATENCY, load_project, load_project_env,
};
pub use replay::{Decision, Recording, Replay};
pub use resolve::{EXPORT_CONDITIONS, REQUIRE_CONDITIONS};
pub use scenario::{Expect, KvNamespace, RuntimeKnobs, Scenario, WorkerProject};
pub use schedule::{Latency, Schedule, ScheduledRequest};
pub use shard::Shard;
pub use shrink::{SHRINK_REPLAYS_MAX, ScheduleStrategy, ScheduleTree, ShrinkError, Shrunk, shrink, shrink_by};
pub use source::{FsSource, NODEJS_COMPAT_DEFAULT_DATE};
pub use start_time::{format_start_time, parse_start_time};
pub use strategy::{Explorer, StrategyName, schedule_seed};
pub use trial::{INTERNAL_ERROR, Trial, explore_trial, replay_trial, run_trial, run_trial_observed};
