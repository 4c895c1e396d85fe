//! Campaign benchmarks (plain `harness = false`; wall clock is allowed here only):
//! schedules to first failure per strategy (median over 20 campaign seeds), shrink time
//! of the 10-request blocker, and the speed-up of a parallel campaign over one thread.
//!
//! Run with `cargo bench -p crosstalk-scenario`.

use crosstalk_runtime::Run;
use crosstalk_scenario::{Campaign, Finding, Oracle, Schedule, StrategyName, load, shrink};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> crosstalk_scenario::Scenario {
    load(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture loads")
}

fn hang(_: &Schedule, run: &Run) -> Option<Finding> {
    run.requests
        .iter()
        .any(|r| r.error.as_deref().is_some_and(|e| e.contains("never generate a response")))
        .then(|| Finding::new("hang", "a request hung"))
}

fn counter_race(_: &Schedule, run: &Run) -> Option<Finding> {
    run.requests.iter().find_map(|r| {
        let numbers: Vec<u64> = r.body.as_deref()?.trim().split(", ").filter_map(|p| p.parse().ok()).collect();
        match numbers[..] {
            [.., a, b] if a % 2 != 0 || b != a + 1 => Some(Finding::new("global-state-race", "interleaved")),
            _ => None,
        }
    })
}

fn median<T: Ord + Copy>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values[values.len() / 2]
}

/// On a thread with the stack the CLI runs on (16 MB): a simulation needs 10 MB of stack
/// (`on_run_stack`), and on the main thread's 8 MB every run would map a new segment.
fn main() {
    crosstalk_runtime::on_worker_thread(run_benches);
}

fn run_benches() {
    let blocker = fixture("blocker");
    let counter = fixture("counter");
    let seeds = 0..20u64;

    println!("schedules to first failure (median over 20 campaign seeds)");
    for (name, scenario, oracle) in
        [("blocker", &blocker, &hang as &Oracle), ("counter", &counter, &counter_race as &Oracle)]
    {
        for strategy in [StrategyName::Random, StrategyName::Pct, StrategyName::Exhaustive] {
            let counts: Vec<u64> = seeds
                .clone()
                .map(|seed| {
                    let campaign = Campaign { strategy, runs: 200, seed, ..Campaign::default() };
                    campaign.run(scenario, oracle).expect("campaign runs").schedules_run
                })
                .collect();
            println!(
                "  {name:8} {strategy:?}: median {} (max {})",
                median(counts.clone()),
                counts.iter().max().unwrap_or(&0)
            );
        }
    }

    let failing = Schedule::from_seed(&blocker, 4).expect("schedule");
    let mut times = Vec::new();
    let mut replays = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let shrunk = shrink(&blocker, None, &failing, &hang).expect("shrinks");
        times.push(start.elapsed());
        replays = shrunk.replays;
        assert_eq!(shrunk.schedule.requests.len(), 2);
    }
    println!("shrink blocker 10 -> 2 requests: median {:?} ({replays} replays)", median(times));

    let time = |jobs: usize| -> Duration {
        let campaign = Campaign { runs: 200, seed: 1, jobs, stop_at_first: false, ..Campaign::default() };
        let start = Instant::now();
        campaign.run(&counter, &counter_race).expect("campaign runs");
        start.elapsed()
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let one = median((0..3).map(|_| time(1)).collect());
    let many = median((0..3).map(|_| time(cores)).collect());
    println!(
        "parallel campaign (200 counter schedules): 1 thread {one:?}, {cores} threads {many:?}, speed-up {:.2}x",
        one.as_secs_f64() / many.as_secs_f64().max(1e-9)
    );
}
