//! Resident memory over long campaigns: does a schedule leave anything behind?
//!
//! `cargo bench -p crosstalk-runtime --bench memory [-- SCHEDULES]` runs SCHEDULES
//! (default 100,000) schedules of a one-line module worker and of the bundled `clean`
//! module scenario's worker on one thread, and prints the process's resident set
//! (`VmRSS`, Linux) at checkpoints, and the growth per schedule after a warm-up of 2,000
//! schedules. Numbers in BENCHMARKS.md ("Memory over a campaign"). A leak of the realm
//! (the boa 0.22 namespace defect, ARCHITECTURE.md) shows as ~400 KB per schedule; flat
//! means under 100 bytes per schedule.

use crosstalk_runtime::{Model, MsRange, SeededScheduler, simulate};

const TRIVIAL: &str = "export default { fetch() { return new Response('ok') } };";
const CLEAN: &str = include_str!("../../../scenarios/clean/worker.mjs");
const WARM_UP: u64 = 2_000;

/// The resident set in bytes, from `/proc/self/status` (0 where there is none).
fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn campaign(name: &str, model: &Model, schedules: u64) {
    let checkpoints = [1_000, WARM_UP, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];
    let mut after_warm_up = 0;
    for seed in 0..schedules {
        let run = simulate(model, &mut SeededScheduler::new(seed)).expect("the worker runs");
        assert!(run.requests.iter().all(|r| r.status == Some(200)), "{name}: every request answers 200");
        let done = seed + 1;
        if done == WARM_UP {
            after_warm_up = rss_bytes();
        }
        if checkpoints.contains(&done) || done == schedules {
            let rss = rss_bytes();
            let growth = if done > WARM_UP {
                format!(
                    "{:+.1} bytes/schedule since warm-up",
                    (rss as f64 - after_warm_up as f64) / (done - WARM_UP) as f64
                )
            } else {
                String::new()
            };
            println!("{name:<10} {done:>9} schedules  RSS {:>7.1} MB  {growth}", rss as f64 / 1e6);
        }
    }
}

/// On a thread with the stack the CLI runs on (16 MB): a simulation needs 10 MB of stack
/// (`on_run_stack`), and on the main thread's 8 MB every run would map a new segment.
fn main() {
    crosstalk_runtime::on_worker_thread(run_benches);
}

fn run_benches() {
    let schedules = std::env::args().skip(1).find_map(|a| a.parse::<u64>().ok()).unwrap_or(100_000);
    let trivial = Model::module("worker.mjs", TRIVIAL).with_requests("https://worker.example/", MsRange::fixed(0), 1);
    campaign("trivial", &trivial, schedules);
    let clean = Model::module("worker.mjs", CLEAN).with_requests(
        "https://worker.example/?name=ada",
        MsRange::new_range(0, 20),
        3,
    );
    campaign("clean", &clean, schedules);
}
