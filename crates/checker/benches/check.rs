//! Checking cost: per schedule (trace checks + oracles against cached references) and
//! the one-off cost of the reference runs, each as a ratio to the simulation of the
//! same schedule measured in the same run (the baseline).
//!
//! `cargo bench -p crosstalk-checker`

use std::time::{Duration, Instant};

use crosstalk_checker::{CheckConfig, ReferenceCache, check};
use crosstalk_runtime::{Model, MsRange, SeededScheduler, Syntax, simulate};

fn script(name: &str, file: &str) -> String {
    let path = format!("{}/../../scenarios/{name}/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn mean(samples: &[Duration]) -> Duration {
    samples.iter().sum::<Duration>() / samples.len().max(1) as u32
}

fn bench(label: &str, model: &Model) {
    let schedules = 20u64;
    let mut simulate_times = Vec::new();
    let mut check_times = Vec::new();
    let mut trace_only_times = Vec::new();
    let mut cache = ReferenceCache::new();
    // One-off: the first check fills the reference cache.
    let run = simulate(model, &mut SeededScheduler::new(0)).expect("runs");
    let start = Instant::now();
    check(model, &run, &CheckConfig::default(), &mut cache);
    let one_off = start.elapsed();
    let references = cache.simulations();
    for seed in 1..=schedules {
        let start = Instant::now();
        let run = simulate(model, &mut SeededScheduler::new(seed)).expect("runs");
        simulate_times.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(check(model, &run, &CheckConfig::default(), &mut cache));
        check_times.push(start.elapsed());
        let start = Instant::now();
        let config = CheckConfig { reference_runs_max: 0, ..CheckConfig::default() };
        std::hint::black_box(check(model, &run, &config, &mut cache));
        trace_only_times.push(start.elapsed());
    }
    let base = mean(&simulate_times).as_secs_f64().max(1e-9);
    let per = |d: Duration| format!("{:>9.1} µs ({:>6.2}× simulate)", d.as_secs_f64() * 1e6, d.as_secs_f64() / base);
    println!("{label}");
    println!("  simulate one schedule (baseline) {:>9.1} µs", base * 1e6);
    println!("  check per schedule, trace only   {}", per(mean(&trace_only_times)));
    println!("  check per schedule, all oracles  {}", per(mean(&check_times)));
    println!(
        "  one-off reference runs           {} — {references} simulations, {} more over {schedules} schedules",
        per(one_off),
        cache.simulations() - references
    );
}

/// On a thread with the stack the CLI runs on (16 MB): a simulation needs 10 MB of stack
/// (`on_run_stack`), and on the main thread's 8 MB every run would map a new segment.
fn main() {
    crosstalk_runtime::on_worker_thread(run_benches);
}

fn run_benches() {
    let url = "https://worker.example/";
    for (name, count) in [("counter", 10), ("counter-sync", 10), ("blocker", 10)] {
        let model = Model::service_worker("worker.js", &script(name, "worker.js")).with_requests(
            url,
            MsRange::new_range(0, 50),
            count,
        );
        bench(&format!("{name}, {count} requests"), &model);
    }
    let mut clean = Model::new(
        "clean",
        Syntax::Module,
        crosstalk_runtime::MemorySource::single("worker.mjs", &script("clean", "worker.mjs")),
    );
    clean.requests =
        (0..8).map(|i| crosstalk_runtime::RequestSpec::get(&format!("{url}?name=n{}", i % 3), i * 2)).collect();
    bench("clean, 8 requests", &clean);
}
