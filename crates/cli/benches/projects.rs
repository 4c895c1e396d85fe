//! The cost of an npm-backed worker: the jose example (`scenarios/jwt-project`).
//! `cargo bench -p crosstalk --bench projects` (needs `npm install` in that folder).

use std::path::Path;
use std::time::{Duration, Instant};

use crosstalk_runtime::{SeededScheduler, simulate};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/jwt-project");
    if !folder.join("node_modules").is_dir() {
        println!("skipped: run `npm install` in {}", folder.display());
        return;
    }
    let scenario = crosstalk_scenario::load(&folder).expect("the project loads");
    let model = scenario.model(None);
    let iterations = 200;
    let mut full = Vec::new();
    for i in 0..iterations {
        let start = Instant::now();
        simulate(&model, &mut SeededScheduler::new(i)).expect("runs");
        full.push(start.elapsed());
    }
    // One request that is rejected before any key is fetched: mostly the cost of
    // booting an isolate with the jose module graph (parse, link, evaluate).
    let mut boot_model = model.clone();
    boot_model.requests.truncate(1);
    boot_model.requests[0].headers.clear();
    let mut boot = Vec::new();
    for i in 0..iterations {
        let start = Instant::now();
        simulate(&boot_model, &mut SeededScheduler::new(i)).expect("runs");
        boot.push(start.elapsed());
    }
    let (full, boot) = (median(full), median(boot));
    println!(
        "jwt-project: {:.2} ms per schedule ({:.0} schedules/s, 3 requests verifying RS256/ES256 with jose); isolate with the jose graph + 1 rejected request: {:.2} ms",
        full.as_secs_f64() * 1e3,
        1.0 / full.as_secs_f64(),
        boot.as_secs_f64() * 1e3
    );
}
