//! Schedules per second on one core, next to a raw-boa baseline measured in the same run.
//!
//! `cargo bench -p crosstalk-runtime --bench schedules` (numbers in BENCHMARKS.md).
//! Wall-clock time is read here and only here (benches are outside the deterministic
//! crates' contract).

use boa_engine::{Context, JsValue, NativeFunction, Source, js_string};
use crosstalk_runtime::{DurableObjectSpec, Model, MsRange, OriginSpec, RequestSpec, SeededScheduler, simulate};
use std::time::{Duration, Instant};

const COUNTER: &str = include_str!("../../../scenarios/counter/worker.js");
const BLOCKER: &str = include_str!("../../../scenarios/blocker/worker.js");
const READ_EACH: &str = include_str!("../../../scenarios/read-each/worker.mjs");
const NO_FETCH: &str = "export default { async fetch(request) { return new Response('x'); } };";

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(iterations: usize, mut f: impl FnMut(usize)) -> Duration {
    for i in 0..iterations / 10 {
        f(i);
    }
    let samples = (0..iterations)
        .map(|i| {
            let start = Instant::now();
            f(i);
            start.elapsed()
        })
        .collect();
    median(samples)
}

/// Raw boa: the garbage of the previous iteration collected, a fresh default Context, the
/// same script, drain the jobs. The collection is what a simulation does first
/// (`memory::Meter::start`, so that each run's memory is measured from a clean heap);
/// without it here, boa collects only every few contexts, and a median leaves those
/// iterations out: the baseline would skip the sweep every embedding that does not leak
/// pays (measured: 266 µs median without it, 450 µs mean either way).
fn raw_boa(script: &str) {
    boa_gc::force_collect();
    let mut context = Context::default();
    context
        .register_global_callable(
            js_string!("addEventListener"),
            2,
            NativeFunction::from_fn_ptr(|_, _, _| Ok(JsValue::undefined())),
        )
        .expect("register");
    context.eval(Source::from_bytes(script)).expect("script evaluates");
    context.run_jobs().expect("jobs run");
}

fn report(name: &str, crosstalk: Duration, raw: Duration) {
    println!(
        "{name:<34} crosstalk {:>8.1} µs ({:>6.0} schedules/s)   raw boa {:>8.1} µs ({:>6.0}/s)   ratio {:.2}×",
        crosstalk.as_secs_f64() * 1e6,
        1.0 / crosstalk.as_secs_f64(),
        raw.as_secs_f64() * 1e6,
        1.0 / raw.as_secs_f64(),
        raw.as_secs_f64() / crosstalk.as_secs_f64(),
    );
}

fn api_origin(latency: MsRange) -> OriginSpec {
    OriginSpec {
        url: "https://api.example/*".into(),
        latency,
        status: 200,
        headers: vec![],
        body: "data".into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(0),
    }
}

/// On a thread with the stack the CLI runs on (16 MB): a simulation needs 10 MB of stack
/// (`on_run_stack`), and on the main thread's 8 MB every run would map a new segment.
fn main() {
    crosstalk_runtime::on_worker_thread(run_benches);
}

fn run_benches() {
    let iterations: usize = std::env::var("BENCH_ITERATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(1000);
    for (name, script) in [("counter, 10 requests", COUNTER), ("blocker, 10 requests", BLOCKER)] {
        let model = Model::service_worker("worker.js", script).with_requests(
            "https://w.example/",
            MsRange::new_range(0, 50),
            10,
        );
        let crosstalk = measure(iterations, |i| {
            simulate(&model, &mut SeededScheduler::new(i as u64)).expect("runs");
        });
        let raw = measure(iterations, |_| raw_boa(script));
        report(name, crosstalk, raw);
        let mut off = model.clone();
        off.provenance = false;
        let without = measure(iterations, |i| {
            simulate(&off, &mut SeededScheduler::new(i as u64)).expect("runs");
        });
        report(&format!("{name}, provenance off"), without, raw);
    }
    // The cost of provenance per await: 1 000 awaits of settled promises in one request,
    // with and without it.
    let awaits = "addEventListener('fetch', e => e.respondWith((async () => {
        let n = 0;
        for (let i = 0; i < 1000; i++) { n += await Promise.resolve(i); }
        return new Response(String(n));
    })()));";
    let on = Model::service_worker("worker.js", awaits).with_requests("https://w.example/", MsRange::fixed(0), 1);
    let mut off = on.clone();
    off.provenance = false;
    let t_on = measure(iterations / 4, |i| {
        simulate(&on, &mut SeededScheduler::new(i as u64)).expect("runs");
    });
    let t_off = measure(iterations / 4, |i| {
        simulate(&off, &mut SeededScheduler::new(i as u64)).expect("runs");
    });
    println!(
        "1000 awaits in one request          provenance on {:>8.1} µs; off {:>8.1} µs; per await {:.2} µs",
        t_on.as_secs_f64() * 1e6,
        t_off.as_secs_f64() * 1e6,
        (t_on.saturating_sub(t_off)).as_secs_f64() * 1e6 / 1000.0
    );
    // Where crosstalk's own time goes: booting an isolate with the host installed (one
    // trivial request), versus the requests' work.
    let trivial_script = "addEventListener('fetch', e => e.respondWith(new Response('x')));";
    let trivial =
        Model::service_worker("worker.js", trivial_script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    let boot = measure(iterations, |i| {
        simulate(&trivial, &mut SeededScheduler::new(i as u64)).expect("runs");
    });
    let raw_trivial = measure(iterations, |_| raw_boa(trivial_script));
    report("trivial, 1 request (boot cost)", boot, raw_trivial);
    let mut trivial_off = trivial.clone();
    trivial_off.provenance = false;
    let boot_off = measure(iterations, |i| {
        simulate(&trivial_off, &mut SeededScheduler::new(i as u64)).expect("runs");
    });
    report("trivial, provenance off", boot_off, raw_trivial);
    // The call meter's cost: 8,361 calls (fib(18)) at the top level, where raw boa makes
    // them too, unmetered.
    let calls_script = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n\
        var answer = fib(18);\n\
        addEventListener('fetch', e => e.respondWith(new Response(String(answer))));";
    let calls =
        Model::service_worker("worker.js", calls_script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    let t_calls = measure(iterations, |i| {
        simulate(&calls, &mut SeededScheduler::new(i as u64)).expect("runs");
    });
    let raw_calls = measure(iterations, |_| raw_boa(calls_script));
    report("fib(18) at top level, 1 request", t_calls, raw_calls);
    // Per-subrequest overhead: ten fetches whose bodies are read, minus the same worker
    // answering without them.
    let mut with_fetch =
        Model::module("worker.mjs", READ_EACH).with_requests("https://w.example/", MsRange::fixed(0), 1);
    with_fetch.origins.push(api_origin(MsRange::new_range(5, 50)));
    let without = Model::module("worker.mjs", NO_FETCH).with_requests("https://w.example/", MsRange::fixed(0), 1);
    let t_with = measure(iterations, |i| {
        simulate(&with_fetch, &mut SeededScheduler::new(i as u64)).expect("runs");
    });
    let t_without = measure(iterations, |i| {
        simulate(&without, &mut SeededScheduler::new(i as u64)).expect("runs");
    });
    let per = (t_with.saturating_sub(t_without)).as_secs_f64() * 1e6 / 10.0;
    println!(
        "read-each (10 subrequests)         {:>8.1} µs; without fetches {:>8.1} µs; per subrequest {per:.1} µs",
        t_with.as_secs_f64() * 1e6,
        t_without.as_secs_f64() * 1e6
    );
    // Durable Objects: 10 requests, each a call to one of 2 objects that reads and writes
    // its storage, next to the same worker counting in module state instead (same run).
    let objects = r#"import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  async fetch() {
    const n = (await this.ctx.storage.get("n")) ?? 0;
    await this.ctx.storage.put("n", n + 1);
    return new Response(String(n + 1));
  }
}
export default {
  async fetch(request, env) {
    const stub = env.COUNTER.getByName(new URL(request.url).pathname);
    return new Response(await (await stub.fetch("https://counter/")).text());
  },
};"#;
    let plain = r#"const counts = new Map();
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    await null;
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    return new Response(String(n));
  },
};"#;
    let ten = |model: &mut Model| {
        for i in 0..10 {
            let mut spec = RequestSpec::get(if i % 2 == 0 { "https://w.example/a" } else { "https://w.example/b" }, 0);
            spec.arrival = MsRange::new_range(0, 50);
            model.requests.push(spec);
        }
    };
    let mut with_objects = Model::module("worker.mjs", objects);
    with_objects.durable_objects.push(DurableObjectSpec {
        binding: "COUNTER".into(),
        class_name: "Counter".into(),
        sqlite: false,
        latency: MsRange::new_range(1, 10),
        script: None,
    });
    ten(&mut with_objects);
    let mut in_module_state = Model::module("worker.mjs", plain);
    ten(&mut in_module_state);
    let t_objects = measure(iterations, |i| {
        simulate(&with_objects, &mut SeededScheduler::new(i as u64)).expect("runs");
    });
    let t_plain = measure(iterations, |i| {
        simulate(&in_module_state, &mut SeededScheduler::new(i as u64)).expect("runs");
    });
    println!(
        "2 objects, 10 calls                 {:>8.1} µs ({:>6.0} schedules/s); in module state {:>8.1} µs ({:>6.0}/s); ratio {:.2}×",
        t_objects.as_secs_f64() * 1e6,
        1.0 / t_objects.as_secs_f64(),
        t_plain.as_secs_f64() * 1e6,
        1.0 / t_plain.as_secs_f64(),
        t_plain.as_secs_f64() / t_objects.as_secs_f64(),
    );
    // Where the time goes: the stages of one schedule.
    let parse = measure(iterations, |_| {
        let mut context = Context::default();
        boa_engine::Script::parse(Source::from_bytes(COUNTER), None, &mut context).expect("parses");
    });
    let context_only = measure(iterations, |_| {
        drop(Context::default());
    });
    println!(
        "stages: Context::default {:.1} µs, + parse of the counter script {:.1} µs",
        context_only.as_secs_f64() * 1e6,
        (parse.saturating_sub(context_only)).as_secs_f64() * 1e6
    );
}
