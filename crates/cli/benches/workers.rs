//! What running a campaign's schedules in worker processes costs: the same campaign of
//! each scenario explored in this process and on worker processes (the `crosstalk`
//! binary, as `fuzz` runs them), side by side in one run, with one job and with two.
//! Then the fork server: the same campaign on worker processes that boot the isolates
//! for every schedule (`CROSSTALK_FORK=0`) and that fork a booted template
//! (`CROSSTALK_FORK=1`), for a small worker and for npm projects.
//! `cargo bench -p crosstalk --bench workers [-- RUNS [FORK_RUNS]]`.

use std::path::Path;
use std::time::{Duration, Instant};

use crosstalk_harness::crash::Limits;
use crosstalk_harness::explore::{Exploration, explore, explore_on};
use crosstalk_harness::session::{CampaignCounts, Session};
use crosstalk_harness::workers::{WorkerCommand, Workers};
use crosstalk_scenario::{Shard, StrategyName};

fn plan(runs: u64, jobs: usize) -> Exploration {
    Exploration {
        strategy: StrategyName::Random,
        runs: Some(runs),
        seed: 1,
        jobs,
        shard: Shard::default(),
        keep_going: true,
        corpus: None,
        time_ms: None,
        replay_check: false,
    }
}

/// A pool of `crosstalk fuzz FOLDER` workers, as `fuzz` starts them.
fn workers_for(folder: &Path) -> Workers {
    Workers::new(WorkerCommand {
        program: env!("CARGO_BIN_EXE_crosstalk").into(),
        args: vec!["fuzz".into(), folder.into()],
        limits: Limits { timeout: Duration::from_secs(120), memory_bytes: 8 << 30 },
    })
}

fn timed(f: impl FnOnce() -> u64) -> (Duration, u64) {
    let started = Instant::now();
    let schedules = f();
    (started.elapsed(), schedules)
}

fn main() {
    let numbers: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let runs = numbers.first().copied().unwrap_or(2000);
    let fork_runs = numbers.get(1).copied().unwrap_or(300);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    println!("{runs} schedules per campaign, random strategy, every finding kept");
    for name in ["clean", "counter", "blocker"] {
        let folder = root.join("scenarios").join(name);
        let session = Session::load(&folder, None).expect("the scenario loads");
        for jobs in [1, 2] {
            let plan = plan(runs, jobs);
            let (here, ran_here) =
                timed(|| explore(&session, &plan, &CampaignCounts::default()).expect("explores").schedules_run);
            let workers = workers_for(&folder);
            let (there, ran_there) = timed(|| {
                explore_on(&session, &plan, &CampaignCounts::default(), Some(&workers)).expect("explores").schedules_run
            });
            drop(workers);
            assert_eq!(ran_here, ran_there, "both campaigns run every schedule");
            let rate = |d: Duration| ran_here as f64 / d.as_secs_f64();
            println!(
                "  {name:8} --jobs {jobs}: in-process {:7.0}/s, worker processes {:7.0}/s ({:.2}×)",
                rate(here),
                rate(there),
                here.as_secs_f64() / there.as_secs_f64()
            );
        }
    }
    println!("{fork_runs} schedules per campaign on worker processes, one job: fresh isolates vs forks");
    for name in ["counter", "jwt-project", "typescript-project"] {
        let folder = root.join("scenarios").join(name);
        let session = Session::load(&folder, None).expect("the scenario loads (npm install in its folder first)");
        let plan = plan(fork_runs, 1);
        let mut rates = Vec::new();
        for fork in ["0", "1"] {
            // SAFETY: no other thread of this process reads the environment now (the
            // previous pool was dropped, which joins its threads).
            unsafe { std::env::set_var("CROSSTALK_FORK", fork) };
            let workers = workers_for(&folder);
            let (took, ran) = timed(|| {
                explore_on(&session, &plan, &CampaignCounts::default(), Some(&workers)).expect("explores").schedules_run
            });
            drop(workers);
            rates.push(ran as f64 / took.as_secs_f64());
        }
        println!(
            "  {name:18} fresh isolates {:7.1}/s, forks {:7.1}/s ({:.2}×)",
            rates[0],
            rates[1],
            rates[1] / rates[0]
        );
    }
}
