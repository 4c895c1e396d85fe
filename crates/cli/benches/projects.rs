//! The cost of real projects: the jose example (`scenarios/jwt-project`, needs `npm
//! install` in that folder) and the D1 example (`scenarios/d1-project`), and the cost of
//! one D1 call next to one KV read in the same worker, measured in the same run.
//! `cargo bench -p crosstalk --bench projects`.

use std::path::Path;
use std::time::{Duration, Instant};

use crosstalk_runtime::{SeededScheduler, simulate};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Median time per schedule of `model` over `iterations` seeds.
fn per_schedule(model: &crosstalk_runtime::Model, iterations: u64) -> Duration {
    let samples = (0..iterations)
        .map(|i| {
            let start = Instant::now();
            simulate(model, &mut SeededScheduler::new(i)).expect("runs");
            start.elapsed()
        })
        .collect();
    median(samples)
}

fn storage() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/d1-project");
    let scenario = crosstalk_scenario::load(&folder).expect("the D1 project loads");
    let project = per_schedule(&scenario.model(None), 300);
    println!(
        "d1-project: {:.2} ms per schedule ({:.0} schedules/s; 5 requests, 9 D1 calls, 2 migrations copied in)",
        project.as_secs_f64() * 1e3,
        1.0 / project.as_secs_f64()
    );
    // The same worker shape with 50 reads from D1, or from KV, and with none.
    let worker = |read: &str| {
        format!(
            "export default {{ async fetch(request, env) {{ let n = 0; for (let i = 0; i < 50; i++) {{ {read} }} return new Response(String(n)); }} }};"
        )
    };
    let d1_read = "n += (await env.DB.prepare('SELECT count(*) AS c FROM t WHERE x = ?').bind(i).first('c'));";
    let kv_read = "n += Number((await env.KV.get('k')) ?? 0);";
    let mut base = crosstalk_runtime::Model::module("worker.mjs", &worker("n += 0;"));
    base.requests = vec![crosstalk_runtime::RequestSpec::get("https://w.example/", 0)];
    base.d1.push(crosstalk_runtime::D1Spec {
        binding: "DB".into(),
        latency: crosstalk_runtime::MsRange::fixed(1),
        migrations: vec![crosstalk_runtime::SqlFile {
            name: "schema.sql".into(),
            text: "CREATE TABLE t (x INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3);".into(),
        }],
    });
    base.kv.push(crosstalk_runtime::KvSpec {
        binding: "KV".into(),
        latency: crosstalk_runtime::MsRange::fixed(1),
        data: [("k".to_string(), "1".to_string())].into(),
    });
    let with = |script: String| {
        let mut model = base.clone();
        model.source = std::sync::Arc::new(crosstalk_runtime::MemorySource::single("worker.mjs", &script));
        model
    };
    let none = per_schedule(&base, 300);
    let d1 = per_schedule(&with(worker(d1_read)), 300);
    let kv = per_schedule(&with(worker(kv_read)), 300);
    let per_call = |t: Duration| (t.as_secs_f64() - none.as_secs_f64()) * 1e6 / 50.0;
    println!(
        "50 reads per schedule: none {:.2} ms, D1 {:.2} ms ({:.1} µs per call), KV {:.2} ms ({:.1} µs per call)",
        none.as_secs_f64() * 1e3,
        d1.as_secs_f64() * 1e3,
        per_call(d1),
        kv.as_secs_f64() * 1e3,
        per_call(kv)
    );
}

fn main() {
    storage();
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
