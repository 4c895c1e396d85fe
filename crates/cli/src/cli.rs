//! The command line as data (clap derive). Parsing only: no command runs here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use crosstalk_runtime::{CompatibilityDate, ProfileName};
use crosstalk_scenario::{Shard, StrategyName};

/// Deterministic simulation and fuzzing of Cloudflare Workers scripts.
#[derive(Debug, Parser)]
#[command(name = "crosstalk", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Test only: gives every isolate a global that returns a process-wide counter, so
    /// runs are deliberately nondeterministic (tests of `check`'s replay).
    #[arg(long, global = true, hide = true)]
    pub nondeterminism_probe: bool,
    /// Wall-clock time `run`, `replay` and `trace` may go without a step of the simulation
    /// (a trace event, in the run or in a reference run of its checks), all of `check`
    /// may take, and `fuzz` per schedule: past it the supervisor stops the work and
    /// reports a `crash` (default 2m; 30m for `check`).
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_wall_time_ms)]
    pub timeout: Option<u64>,
    /// Memory, in MiB of address space, that `run`, `replay`, `trace` and `check` may use,
    /// and each of `fuzz`'s worker processes: an allocation past it is a `crash`, never an
    /// out-of-memory machine
    /// (default 8192; at least 2048: parsing deeply nested sources reserves a 1 GiB stack).
    #[arg(long, global = true, value_name = "MIB", value_parser = clap::value_parser!(u64).range(2048..))]
    pub memory_limit: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Runs one schedule; prints the per-request outcomes, the trace and the verdict.
    Run(RunArgs),
    /// Explores schedules until a violation the scenario does not expect, shrinks it and
    /// saves it to the corpus.
    Fuzz(FuzzArgs),
    /// Replays a corpus entry exactly.
    Replay(ReplayArgs),
    /// Renders the trace of one schedule for people: Perfetto, Mermaid or text.
    Trace(TraceArgs),
    /// Checks every scenario against its `[expect]`, as CI runs it.
    Check(CheckArgs),
    /// Runs scenarios in the real workerd and in crosstalk (profile `workerd`) with the same
    /// schedule and prints, per request, what agrees and what differs.
    Conform(ConformArgs),
}

/// A report for people or for machines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    Text,
    Json,
}

/// The renderings of `crosstalk trace`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum TraceFormat {
    /// Chrome/Perfetto trace-event JSON: open it in ui.perfetto.dev.
    Perfetto,
    /// A Mermaid sequence diagram.
    Mermaid,
    /// An aligned text timeline.
    Text,
}

/// Which schedule a single run uses.
#[derive(Debug, Args)]
pub(crate) struct ScheduleChoice {
    /// The schedule drawn from this seed (default 0, the scenario's pinned seed).
    #[arg(long, value_name = "N", conflicts_with = "schedule")]
    pub seed: Option<u64>,
    /// An explicit schedule: a schedule JSON, a corpus entry or a `--format json` report.
    #[arg(long, value_name = "FILE")]
    pub schedule: Option<PathBuf>,
}

/// `--expect`, shared by `run`, `fuzz` and `replay`.
#[derive(Debug, Args)]
pub(crate) struct ExpectOverride {
    /// Overrides the scenario's `[expect]`: `clean`, or kinds separated by commas
    /// (e.g. `--expect clean` to treat every violation as unexpected).
    #[arg(long = "expect", value_name = "KINDS")]
    pub kinds: Option<String>,
}

/// `--env`, shared by `run`, `fuzz`, `replay`, `trace` and `check`.
#[derive(Debug, Args)]
pub(crate) struct EnvOverride {
    /// The wrangler environment (`[env.NAME]`) to run, as `wrangler --env NAME`, instead of
    /// the scenario's `worker_env`.
    #[arg(long = "env", value_name = "NAME")]
    pub name: Option<String>,
}

/// `--start-time`, shared by `run`, `fuzz`, `replay`, `trace` and `check`.
#[derive(Debug, Args)]
pub(crate) struct StartTimeOverride {
    /// Where virtual time begins instead of the scenario's `[runtime] start_time`: an
    /// RFC 3339 instant such as `2026-12-01T00:00:00Z` (default 2024-01-01T00:00:00Z).
    #[arg(long = "start-time", value_name = "INSTANT", value_parser = crosstalk_scenario::parse_start_time)]
    pub ms: Option<i64>,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// A scenario folder or its scenario.toml.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub choice: ScheduleChoice,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Overrides the scenario's runtime profile.
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<ProfileName>,
    #[command(flatten)]
    pub start_time: StartTimeOverride,
    #[command(flatten)]
    pub worker_env: EnvOverride,
    #[command(flatten)]
    pub expect: ExpectOverride,
}

#[derive(Debug, Args)]
pub(crate) struct FuzzArgs {
    /// A scenario folder or its scenario.toml.
    pub scenario: PathBuf,
    /// Schedules to explore (all shards together) [default: 200, or unbounded with --time].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: Option<u64>,
    /// Stop exploring after this much wall-clock time, e.g. `30s`, `500ms`, `2m`.
    #[arg(long, value_name = "DURATION", value_parser = parse_wall_time_ms)]
    pub time: Option<u64>,
    #[arg(long, value_enum, default_value = "random")]
    pub strategy: StrategyArg,
    /// Worker threads [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub jobs: Option<u64>,
    /// Run only shard I of N (0-based), e.g. `--shard 0/4`; the shards' findings together
    /// are the whole campaign's.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// The campaign seed.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Where failing schedules are stored [default: corpus/ at the project root].
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Keep exploring after the first unexpected violation.
    #[arg(long)]
    pub keep_going: bool,
    /// Overrides the scenario's runtime profile.
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<ProfileName>,
    #[command(flatten)]
    pub start_time: StartTimeOverride,
    #[command(flatten)]
    pub worker_env: EnvOverride,
    #[command(flatten)]
    pub expect: ExpectOverride,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    Random,
    Pct,
    Exhaustive,
}

impl From<StrategyArg> for StrategyName {
    fn from(arg: StrategyArg) -> Self {
        match arg {
            StrategyArg::Random => StrategyName::Random,
            StrategyArg::Pct => StrategyName::Pct,
            StrategyArg::Exhaustive => StrategyName::Exhaustive,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ReplayArgs {
    /// A corpus entry (`corpus/<scenario>/<kind>-<hash>.json`).
    pub file: PathBuf,
    /// The scenario [default: `scenarios/<name>` beside the corpus folder].
    #[arg(long, value_name = "DIR")]
    pub scenario: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// The profile the entry was found under, if not the scenario's.
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<ProfileName>,
    #[command(flatten)]
    pub start_time: StartTimeOverride,
    #[command(flatten)]
    pub worker_env: EnvOverride,
    #[command(flatten)]
    pub expect: ExpectOverride,
}

#[derive(Debug, Args)]
pub(crate) struct TraceArgs {
    /// A scenario folder or its scenario.toml.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub choice: ScheduleChoice,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TraceFormat,
    /// Write to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overrides the scenario's runtime profile.
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<ProfileName>,
    #[command(flatten)]
    pub start_time: StartTimeOverride,
    #[command(flatten)]
    pub worker_env: EnvOverride,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Scenario folders [default: every folder under scenarios/ at the project root].
    pub scenarios: Vec<PathBuf>,
    /// Schedules explored per scenario, after the pinned seed and the corpus.
    #[arg(long, value_name = "N", default_value_t = crate::check::DEFAULT_RUNS)]
    pub runs: u64,
    /// The exploration's campaign seed.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Worker threads per scenario [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub jobs: Option<u64>,
    /// Where failing schedules are stored [default: corpus/ at the project root].
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Overrides every scenario's runtime profile.
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<ProfileName>,
    #[command(flatten)]
    pub start_time: StartTimeOverride,
    #[command(flatten)]
    pub worker_env: EnvOverride,
}

#[derive(Debug, Args)]
pub(crate) struct ConformArgs {
    /// Scenario folders (or their scenario.toml); one report each.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// The workerd binary [default: $WORKERD, else node_modules/.bin/workerd at the project
    /// root, from `npm install`].
    #[arg(long, value_name = "PATH")]
    pub workerd: Option<PathBuf>,
    /// The schedule of this seed decides arrivals and latencies on both sides.
    #[arg(long, value_name = "N", default_value_t = crosstalk_conform::DEFAULT_SEED)]
    pub seed: u64,
    /// Overrides the scenarios' compatibility date on both sides, e.g. 2024-01-01.
    #[arg(long, value_name = "DATE", value_parser = parse_compatibility_date)]
    pub compatibility_date: Option<CompatibilityDate>,
    /// A request unanswered this long after crosstalk's last answer is a no-response.
    #[arg(long, value_name = "MS", default_value_t = crosstalk_conform::DEFAULT_TIMEOUT_MS)]
    pub timeout_ms: u64,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

fn parse_profile(text: &str) -> Result<ProfileName, String> {
    ProfileName::parse(text).ok_or_else(|| format!("unknown profile '{text}': use production-2022 or workerd"))
}

fn parse_compatibility_date(text: &str) -> Result<CompatibilityDate, String> {
    text.parse().map_err(|e| format!("'{text}' is not a date: {e}"))
}

/// `30s`, `500ms`, `2m`, `1h` → milliseconds of wall-clock time, in the one duration
/// grammar (`crosstalk_scenario::parse_duration_ms`); zero is rejected.
fn parse_wall_time_ms(text: &str) -> Result<u64, String> {
    let bad = || format!("bad duration '{text}': write e.g. 500ms, 30s, 2m or 1h");
    crosstalk_scenario::parse_duration_ms(text).ok().filter(|ms| *ms > 0).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_time_units() {
        assert_eq!(parse_wall_time_ms("30s"), Ok(30_000));
        assert_eq!(parse_wall_time_ms("250ms"), Ok(250));
        assert_eq!(parse_wall_time_ms("2m"), Ok(120_000));
        assert!(parse_wall_time_ms("30").is_err());
        assert!(parse_wall_time_ms("0s").is_err());
        assert!(parse_wall_time_ms("s").is_err());
        assert_eq!(parse_wall_time_ms("1h"), Ok(3_600_000));
        assert_eq!(parse_wall_time_ms("1.5s"), Ok(1_500));
    }

    #[test]
    fn compatibility_dates_are_calendar_days() {
        assert_eq!(parse_compatibility_date("2024-02-29").map(|d| d.to_string()).as_deref(), Ok("2024-02-29"));
        assert_eq!(parse_compatibility_date("soon"), Err("'soon' is not a date: not written YYYY-MM-DD".to_string()));
        assert!(parse_compatibility_date("2024-02-30").is_err());
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
