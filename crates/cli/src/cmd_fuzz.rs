//! `crosstalk fuzz SCENARIO …`: explores schedules, stops at the first violation the
//! scenario does not expect (or keeps going), shrinks it, saves it to the corpus and
//! prints the minimal schedule and a one-line `crosstalk replay …` command.

use std::ffi::OsString;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crosstalk_harness::crash;
use crosstalk_harness::workers::{self, WORKER_ENV, WorkerCommand, Workers};

use crate::cli::{Cli, FuzzArgs};
use crate::exit::{CommandError, Exit};
use crate::explore::{
    DEFAULT_RUNS, Exploration, Origin, Reproducer, explore_on, minimise_failing_on, missing_kinds, replay_command,
};
use crate::output::Output;
use crate::progress;
use crate::session::{CampaignCounts, Session};

pub(crate) fn run(args: &FuzzArgs, cli: &Cli, argv: &[OsString], out: &mut Output) -> Result<Exit, CommandError> {
    let mut session = Session::load_env(&args.scenario, args.profile, args.worker_env.name.as_deref())?;
    session.override_expect(args.expect.kinds.as_deref())?;
    session.override_start_time(args.start_time.ms);
    if std::env::var_os(WORKER_ENV).is_some() {
        // A worker process of a campaign: it serves schedules, it does not explore.
        workers::serve(&session)?;
        return Ok(Exit::Matches);
    }
    // Every schedule runs in a worker process: whatever the worker's code does to the
    // engine, the campaign survives it and keeps every finding.
    let program = std::env::current_exe()
        .map_err(|e| CommandError::internal(format!("cannot find crosstalk's own executable: {e}")))?;
    let workers = Workers::new(WorkerCommand {
        program,
        args: argv.iter().skip(1).cloned().collect(),
        limits: crate::supervise::limits(cli, crate::supervise::DEFAULT_TIMEOUT_MS),
    });
    for warning in session.unsupported_binding_warnings() {
        out.warn(&warning);
    }
    let corpus = args.corpus.clone().unwrap_or_else(|| session.project_root().join("corpus"));
    let plan = Exploration {
        strategy: args.strategy.into(),
        runs: args.runs,
        seed: args.seed,
        jobs: args.jobs.map_or_else(default_jobs, |j| j as usize),
        shard: args.shard.unwrap_or_default(),
        keep_going: args.keep_going,
        corpus: Some(corpus),
        time_ms: args.time,
        replay_check: false,
    };
    let label = format!("fuzz {}", session.name());
    let expected_runs = match (args.runs, args.time) {
        (Some(runs), _) => Some(shard_share(runs, &plan)),
        (None, Some(_)) => None,
        (None, None) => Some(shard_share(DEFAULT_RUNS, &plan)),
    };
    let counts = CampaignCounts::default();
    let done = AtomicBool::new(false);
    let started = Instant::now();
    let terminal = out.progress_bar();
    let mut explored = std::thread::scope(|scope| {
        scope.spawn(|| progress::show(&label, expected_runs, terminal, &counts, &done));
        let result = explore_on(&session, &plan, &counts, Some(&workers));
        done.store(true, Ordering::SeqCst);
        result
    })?;
    let elapsed = started.elapsed();
    let corpus_note = match explored.corpus_replayed {
        0 => String::new(),
        n => format!(", {n} corpus entries replayed first"),
    };
    out.warn(&format!(
        "{}{corpus_note}{}",
        progress::line(&label, None, &counts, elapsed),
        if explored.exhausted { " (every schedule explored)" } else { "" }
    ));
    let shard = if plan.shard.count > 1 { format!(", shard {}", plan.shard) } else { String::new() };
    out.line(&format!(
        "explored {} schedule{} of {} ({}, seed {}{shard}) in {:.1}s",
        explored.schedules_run,
        if explored.schedules_run == 1 { "" } else { "s" },
        session.name(),
        explored.strategy,
        plan.seed,
        elapsed.as_secs_f64()
    ));
    if !explored.found.is_empty() {
        out.warn(&format!("shrinking {} failing schedule(s)…", distinct_kinds(&explored.found)));
    }
    minimise_failing_on(&session, &plan, &mut explored, Some(&workers))?;
    if explored.repeats > 0 {
        out.line(&format!("{} more failing schedule(s) of the same kind(s) were not shrunk", explored.repeats));
    }
    // The replay command is the last line of each failure (and of the output).
    for failure in &explored.failures {
        print_failure(&session, &workers, failure, out)?;
    }
    if !explored.failures.is_empty() {
        return Ok(Exit::Differs);
    }
    let missing = missing_kinds(&session, &counts);
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|k| k.as_str()).collect();
        out.line(&format!("expected but never seen: {} (in {} schedules)", names.join(", "), explored.schedules_run));
        return Ok(Exit::Differs);
    }
    out.line("no unexpected violation");
    Ok(Exit::Matches)
}

/// Prints one failure: what, where from, the shrunk schedule's report, the minimal
/// schedule, the corpus entry and, last, the replay command.
fn print_failure(
    session: &Session,
    workers: &Workers,
    failure: &Reproducer,
    out: &mut Output,
) -> Result<(), CommandError> {
    let origin = match &failure.origin {
        Origin::Pinned(seed) => format!("the pinned seed {seed}"),
        Origin::Corpus(path) => format!("corpus entry {}", crate::explore::shell_path(path)),
        Origin::Schedule { campaign_seed, n } => format!("schedule {n} of campaign seed {campaign_seed}"),
    };
    out.line(&format!("\nfound {} in {origin}: {}", failure.finding.kind, failure.finding.message));
    match &failure.shrink_problem {
        None => out.line(&format!(
            "shrunk in {} replays: {} → {} requests",
            failure.shrink_replays,
            failure.schedule.requests.len(),
            failure.shrunk.requests.len()
        )),
        Some(problem) => out.line(&format!("not shrunk: {problem}")),
    }
    out.line("");
    if crash::cause_of(&failure.finding).is_some() {
        // Its run would crash this process too: say what the worker died of, in which
        // request's code, after what (from the journaled run of the shrunk schedule).
        out.print(&crash_details(&failure.finding));
    } else {
        out.print(&workers.report(&failure.shrunk)?);
    }
    out.line("\nminimal schedule:");
    out.line(&failure.shrunk.to_json());
    match &failure.entry {
        Some(entry) => {
            let verb = if failure.entry_created { "saved" } else { "already in the corpus:" };
            out.line(&format!("{verb} {}", crate::explore::shell_path(entry)));
            out.line(&replay_command(session, entry));
        }
        None => out.line("not saved (no corpus)"),
    }
    Ok(())
}

/// The report of a `crash` finding: what the worker process died of, in which request's
/// code and after what, and how to fix it.
fn crash_details(finding: &crosstalk_scenario::Finding) -> String {
    let violation = &finding.violations[0];
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let mut report = match violation["request"].as_str() {
        Some(request) => {
            format!("error[crash]: {request}\n  while {request}'s code ran, {}\n", text(&violation["message"]))
        }
        None => format!("error[crash]: {}\n", text(&violation["message"])),
    };
    if let Some(detail) = violation["crash"]["detail"].as_str() {
        report.push_str(&format!("  the process said: {detail}\n"));
    }
    if let Some(events) = violation["crash"]["last_events"].as_array().filter(|e| !e.is_empty()) {
        report.push_str("  last events:\n");
        for event in events {
            report.push_str(&format!("  {}\n", text(event)));
        }
    }
    report.push_str(&format!("  fix: {}\n", text(&violation["crash"]["fix"])));
    report
}

fn distinct_kinds(found: &[(Origin, crosstalk_scenario::Schedule, crosstalk_scenario::Finding, u64)]) -> usize {
    found.iter().map(|(_, _, f, _)| f.kind.as_str()).collect::<std::collections::BTreeSet<_>>().len()
}

/// This shard's part of `runs` schedules.
fn shard_share(runs: u64, plan: &Exploration) -> u64 {
    let count = plan.shard.count.max(1);
    runs / count + u64::from(runs % count > plan.shard.index)
}

/// One worker per core.
pub(crate) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
