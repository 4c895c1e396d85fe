//! The SEMANTICS rules R1–R7 and R10–R12, each shown on the seed scripts (bundled under
//! `scenarios/`) or on a minimal worker. Test names start with the rule they show.

mod common;

use common::*;
use crosstalk_runtime::{DropReason, EventKind, Misuse, Model, MsRange, OutcomeKind, Owner, RequestSpec, simulate};

const URL: &str = "https://worker.example/";

#[test]
fn r7_blocker_creator_answers_ok_and_waiter_hangs() {
    // Two overlapping requests: r1 creates the 20 s blocker, r2 awaits it while pending.
    let model = sw("blocker").with_requests(URL, MsRange::fixed(0), 2);
    let run = run_first(&model);
    let r1 = run.request(1).unwrap();
    assert_eq!(r1.outcome, OutcomeKind::Response);
    assert_eq!(r1.body.as_deref(), Some("ok"));
    assert_eq!(r1.responded_ms, Some(20_000));
    let r2 = run.request(2).unwrap();
    assert_eq!(r2.outcome, OutcomeKind::Error);
    assert_eq!(r2.status, Some(500));
    assert_eq!(r2.error.as_deref(), Some("Error: The script will never generate a response."));
    // r2 is hung at the first idle instant, long before r1's timer.
    assert_eq!(r2.responded_ms, Some(0));
    // R7: the reaction r2 registered still runs later, owned by r1 (the settler).
    assert!(
        run.trace.iter().any(|e| e.owner == Owner::Request(1)
            && matches!(&e.kind, EventKind::Job { registered_by: Owner::Request(2), .. }))
    );
}

#[test]
fn r7_blocker_ten_concurrent_requests_only_the_creator_answers() {
    let model = sw("blocker").with_requests(URL, MsRange::fixed(0), 10);
    for seed in 0..5 {
        let run = run_seed(&model, seed);
        let ok: Vec<_> = run.requests.iter().filter(|r| r.body.as_deref() == Some("ok")).collect();
        assert_eq!(ok.len(), 1, "seed {seed}: exactly the creator answers");
        assert_eq!(ok[0].responded_ms, Some(20_000));
        let hung = run.requests.iter().filter(|r| r.outcome == OutcomeKind::Error).count();
        assert_eq!(hung, 9, "seed {seed}");
    }
}

#[test]
fn r7_blocker_sequential_requests_both_answer() {
    // Requests 30 s apart never overlap: the blocker is reset before the second arrives.
    let mut model = sw("blocker");
    model.requests = vec![RequestSpec::get(URL, 0), RequestSpec::get(URL, 30_000)];
    let run = run_first(&model);
    assert!(run.requests.iter().all(|r| r.body.as_deref() == Some("ok")));
}

#[test]
fn r7_already_fulfilled_shared_promise_is_safe() {
    let mut model = sw("blocker-fulfilled");
    model.requests = vec![RequestSpec::get(URL, 0), RequestSpec::get(URL, 50)];
    let run = run_first(&model);
    for r in &run.requests {
        assert_eq!(r.outcome, OutcomeKind::Response, "{r:?}");
        assert_eq!(r.body.as_deref(), Some("ok"));
    }
    // No cross-request reaction: r2's continuation is queued at once, owned by r2.
    assert!(!run.trace.iter().any(|e| matches!(e.kind, EventKind::Job { .. })));
}

#[test]
fn r7_hang_does_not_wait_for_other_requests_timers() {
    // B's promise would be settled by A's timer; A's timer does not protect B.
    let script = r#"
        let resolveShared;
        const shared = new Promise(r => { resolveShared = r; });
        addEventListener('fetch', e => e.respondWith((async () => {
          if (new URL(e.request.url).pathname === '/a') {
            setTimeout(() => resolveShared('done'), 100);
            return new Response('a');
          }
          return new Response('b ' + await shared);
        })()));
    "#;
    let mut model = Model::service_worker("worker.js", script);
    model.requests = vec![RequestSpec::get("https://w.example/a", 0), RequestSpec::get("https://w.example/b", 0)];
    let run = run_first(&model);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("a"));
    assert_eq!(run.request(2).unwrap().outcome, OutcomeKind::Error);
    // A's timer was dropped at A's true ResponseTime, so nothing ever settles `shared`.
    assert_eq!(dropped(&run, Owner::Request(1)), vec![(1, DropReason::ResponseTime)]);
}

#[test]
fn r4_counter_pairs_depend_on_the_schedule() {
    let model = sw("counter").with_requests(URL, MsRange::fixed(0), 10);
    let mut patterns = std::collections::BTreeSet::new();
    for seed in 0..8 {
        let run = run_seed(&model, seed);
        let mut pairs: Vec<(u32, u32)> = run
            .requests
            .iter()
            .map(|r| {
                let body = r.body.clone().unwrap();
                let nums: Vec<u32> = body.trim().split(", ").filter_map(|s| s.parse().ok()).collect();
                (nums[0], nums[1])
            })
            .collect();
        // Every request reads the counter twice; all 20 values 0..19 appear once.
        let mut all: Vec<u32> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
        all.sort();
        assert_eq!(all, (0..20).collect::<Vec<_>>(), "seed {seed}");
        // The first reads happen at dispatch, before any second read: 0..9.
        assert!(pairs.iter().all(|(a, b)| *a < 10 && *b >= 10), "seed {seed}: {pairs:?}");
        pairs.sort();
        patterns.insert(pairs);
    }
    assert!(patterns.len() > 1, "different schedules interleave differently");
}

#[test]
fn r6_end_1_finishes_the_task_and_its_microtasks_then_drops_timers() {
    let model = sw("end-1").with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert_eq!(console(&run), vec!["same task before", "same task after", "micro before", "micro after"]);
    assert_eq!(dropped(&run, Owner::Request(1)).len(), 2);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("hello Sunshine"));
}

#[test]
fn r6_end_2_timers_fire_up_to_the_response_and_drop_after() {
    let names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    let model = sw("end-2").with_requests(URL, MsRange::fixed(0), 1);
    let mut saw_five = false;
    for seed in 0..40 {
        let run = run_seed(&model, seed);
        let r1 = run.request(1).unwrap();
        let responded = r1.responded_ms.unwrap();
        let upto9: f64 = r1.body.as_deref().unwrap().trim_start_matches("hello Sunshine ").parse().unwrap();
        assert_eq!(responded, upto9.trunc() as u64, "the response settles when its sleep ends");
        // Timers due at or before the response (set earlier) fire; the rest are dropped.
        let fired: Vec<String> = names[..=responded as usize].iter().map(|s| s.to_string()).collect();
        assert_eq!(console(&run), fired, "seed {seed}");
        assert_eq!(dropped(&run, Owner::Request(1)).len(), 9 - responded as usize);
        saw_five |= responded == 5;
    }
    assert!(saw_five, "some seed answers at 5 ms: zero..five fire, six..nine are dropped");
}

#[test]
fn r6_end_4_wait_until_keeps_every_log() {
    let model = sw("end-4").with_requests(URL, MsRange::fixed(0), 1);
    for seed in 0..10 {
        let run = run_seed(&model, seed);
        let logs = console(&run);
        assert_eq!(
            logs,
            vec!["undefined", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
            "seed {seed}"
        );
        assert!(dropped(&run, Owner::Request(1)).is_empty());
    }
}

/// workerd consumes a `waitUntil` promise itself and logs its rejection as an uncaught
/// exception of the request (its tail event lists `Error: late failure`;
/// `tests/conformance/late-exceptions`), never as an unhandled rejection.
#[test]
fn r6_a_rejected_wait_until_promise_is_an_uncaught_exception_of_its_request() {
    let script = r#"export default { async fetch(request, env, ctx) {
        ctx.waitUntil(new Promise((_, reject) => setTimeout(() => reject(new Error("late failure")), 50)));
        return new Response("ok");
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("ok"));
    let late: Vec<(u64, &str)> = run
        .trace
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::UncaughtError { message, .. } => Some((e.t_ms, message.as_str())),
            EventKind::UnhandledRejection { message, .. } => panic!("reported as unhandled: {message}"),
            _ => None,
        })
        .collect();
    assert_eq!(late, [(50, "Error: late failure")]);
}

#[test]
fn r6_wait_until_timers_fire_but_a_later_plain_timer_is_dropped() {
    let model = sw("end-4-plain-timer").with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    let logs = console(&run);
    assert_eq!(logs.len(), 10);
    assert!(logs.iter().all(|l| l.starts_with("waitUntil ")));
    assert_eq!(dropped(&run, Owner::Request(1)), vec![(11, DropReason::WaitUntilSettled)]);
}

#[test]
fn r6_wait_until_grace_period_ends_the_request() {
    let script = r#"
        addEventListener('fetch', e => {
          e.waitUntil(new Promise(() => {}));
          setTimeout(() => console.log('tick'), 40000);
          e.respondWith(new Response('ok'));
        });
    "#;
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert!(
        run.trace.iter().any(|e| e.t_ms == 30_000 && matches!(e.kind, EventKind::WaitUntilDone { timed_out: true }))
    );
    assert_eq!(dropped(&run, Owner::Request(1)), vec![(1, DropReason::WaitUntilTimeout)]);
}

#[test]
fn r5_late_respond_with_is_ignored_and_the_request_passes_through() {
    let model = sw("late-respond-with").with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    let r1 = run.request(1).unwrap();
    assert_eq!(r1.outcome, OutcomeKind::PassThrough);
    assert_eq!(r1.responded_ms, Some(0));
    // The request ended at dispatch: its 100 ms timer was dropped, "alice" never prints.
    assert_eq!(console(&run), vec!["bob"]);
    assert_eq!(dropped(&run, Owner::Request(1)).len(), 1);
}

#[test]
fn r5_late_respond_with_in_a_wait_until_continuation_is_recorded_and_ignored() {
    let script = r#"
        addEventListener('fetch', e => {
          e.waitUntil((async () => {
            await new Promise(r => setTimeout(r, 10));
            e.respondWith(new Response('late'));
            console.log('no exception');
          })());
        });
    "#;
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert_eq!(run.request(1).unwrap().outcome, OutcomeKind::PassThrough);
    assert_eq!(console(&run), vec!["no exception"]);
    assert!(run.trace.iter().any(|e| matches!(e.kind, EventKind::RespondWithMisuse { misuse: Misuse::Late, .. })));
}

#[test]
fn r5_double_respond_with_throws_invalid_state_error() {
    let model = sw("double-respond-with").with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert_eq!(
        console(&run),
        vec!["InvalidStateError: FetchEvent.respondWith() has already been called; it can only be called once."]
    );
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("first"));
}

#[test]
fn r5_non_response_answer_is_a_500_type_error() {
    let model = sw("non-response").with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    let r1 = run.request(1).unwrap();
    assert_eq!(r1.status, Some(500));
    assert_eq!(
        r1.error.as_deref(),
        Some("TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'.")
    );
}

#[test]
fn r5_uncaught_error_is_a_500_with_the_js_stack() {
    let model = sw("uncaught-error").with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    let r1 = run.request(1).unwrap();
    assert_eq!(r1.outcome, OutcomeKind::Error);
    assert_eq!(r1.status, Some(500));
    assert!(r1.error.as_deref().unwrap().starts_with("TypeError"), "{:?}", r1.error);
    let located = run.trace.iter().find_map(|e| match &e.kind {
        EventKind::UncaughtError { at, stack, .. } => Some((at.clone(), stack.clone())),
        _ => None,
    });
    let (at, stack) = located.expect("an uncaught-error event");
    // The property access `config.greeting` on line 8 of the script.
    assert_eq!(at, Some(crosstalk_runtime::Location::new("worker.js", 8, 30)), "stack: {stack:?}");
    assert!(stack.unwrap().contains("at handle (worker.js:8:30)"));
}

#[test]
fn r5_sync_throw_without_respond_with_is_a_500_and_pass_through_on_exception_passes() {
    let script = "addEventListener('fetch', e => { throw new Error('boom'); });";
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert_eq!(run.request(1).unwrap().error.as_deref(), Some("Error: boom"));
    let script = "addEventListener('fetch', e => { e.passThroughOnException(); throw new Error('boom'); });";
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    assert_eq!(run_first(&model).request(1).unwrap().outcome, OutcomeKind::PassThrough);
}

#[test]
fn r5_module_syntax_with_relative_imports() {
    let source = crosstalk_runtime::MemorySource::single(
        "src/index.mjs",
        "import { greet } from './lib/greet.mjs';\n\
         export default { async fetch(request, env, ctx) { ctx.waitUntil(Promise.resolve()); return new Response(greet(env.NAME)); } };",
    )
    .with("src/lib/greet.mjs", "import { prefix } from '../prefix.mjs'; export function greet(n) { return prefix + n; }")
    .with("src/prefix.mjs", "export const prefix = 'hello ';");
    let mut model =
        Model::new("modules", crosstalk_runtime::Syntax::Module, source).with_requests(URL, MsRange::fixed(0), 2);
    model.env.insert("NAME".into(), "crosstalk".into());
    let run = run_first(&model);
    assert!(run.requests.iter().all(|r| r.body.as_deref() == Some("hello crosstalk")));
}

#[test]
fn r2_top_level_timers_throw_as_in_workers() {
    let script = "setTimeout(() => {}, 1); addEventListener('fetch', e => e.respondWith(new Response('x')));";
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let error = simulate(&model, &mut crosstalk_runtime::FirstScheduler).unwrap_err();
    assert!(error.to_string().contains("Disallowed operation called within global scope"), "{error}");
}

#[test]
fn r2_every_log_is_attributed_to_its_request() {
    let script = r#"
        addEventListener('fetch', e => e.respondWith((async () => {
          const id = new URL(e.request.url).pathname;
          console.log('start ' + id);
          await new Promise(r => setTimeout(r, 5));
          console.log('after timer ' + id);
          await Promise.all([Promise.resolve(1), new Promise(r => queueMicrotask(r))]);
          console.log('after all ' + id);
          return new Response(id);
        })()));
    "#;
    let mut model = Model::service_worker("worker.js", script);
    model.requests = (1..=4).map(|i| RequestSpec::get(&format!("https://w.example/{i}"), 0)).collect();
    let run = run_seed(&model, 3);
    for e in &run.trace {
        if let EventKind::Console { text, .. } = &e.kind {
            let path = text.rsplit(' ').next().unwrap();
            let request = run.requests.iter().find(|r| r.id == e.owner).unwrap();
            assert!(request.url.ends_with(path), "{text} attributed to {}", e.owner);
        }
    }
}

#[test]
fn r3_clock_is_frozen_during_a_task_and_jumps_between_tasks() {
    let script = r#"
        addEventListener('fetch', e => e.respondWith((async () => {
          const t0 = Date.now(); const p0 = performance.now();
          for (let i = 0; i < 100000; i++) {}
          const t1 = Date.now();
          await new Promise(r => setTimeout(r, 250));
          return new Response([t1 - t0, Date.now() - t0, p0, t0].join(','));
        })()));
    "#;
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(7), 1);
    let run = run_first(&model);
    // performance.now() reads the same instant as Date.now(): workerd 1.20261117's
    // performance.timeOrigin is 0 and both gave 1796381413648 in one request.
    let at = crosstalk_runtime::DEFAULT_EPOCH_MS + 7;
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some(&*format!("0,250,{at},{at}")));
}

#[test]
fn r3_the_top_level_reads_the_unix_epoch_whenever_the_isolate_boots() {
    // workerd 1.20261117, the same worker and a request at 5 ms: `{"t0":0,"p0":0,"now":true}`
    // (its clock outside a request reads 0).
    let script = r#"
        const t0 = Date.now();
        const p0 = performance.now();
        export default { async fetch() { return new Response(JSON.stringify({ t0, p0, now: Date.now() > 1e12 })); } };
    "#;
    let model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(5), 1);
    assert_eq!(run_first(&model).request(1).unwrap().body.as_deref(), Some(r#"{"t0":0,"p0":0,"now":true}"#));
}

/// `a` and `b` are the same run: trace, answers and input reads.
fn assert_same_run(a: &crosstalk_runtime::Run, b: &crosstalk_runtime::Run, seed: u64) {
    assert_eq!(serde_json::to_string(&a.trace).unwrap(), serde_json::to_string(&b.trace).unwrap(), "seed {seed}");
    assert_eq!(a.requests, b.requests, "seed {seed}");
    assert_eq!(a.inputs, b.inputs, "seed {seed}");
}

/// A template that holds the Web modules compiled ahead (as a fork server's does) gives
/// the run that parses them on first use: same trace, answers and reads, for every seed.
#[test]
fn r12_a_template_with_compiled_web_modules_gives_the_same_runs() {
    use crosstalk_runtime::Template;
    let script = r#"
        export default { async fetch(request) {
          const copy = structuredClone({ url: request.url, at: [1, 2] });
          const controller = new AbortController();
          const stream = new ReadableStream({ start(c) { c.enqueue("a"); c.close(); } });
          await new Promise(r => setTimeout(r, 5));
          const text = await new Response(stream).text();
          return new Response(`${copy.at.length} ${controller.signal.aborted} ${text} ${Math.random()}`);
        } };
    "#;
    let model = Model::module("worker.mjs", script).with_requests(URL, MsRange::new_range(0, 20), 3);
    for seed in 0..3 {
        // The fresh run loads the modules, so the template compiles them.
        let fresh = run_seed(&model, seed);
        let mut template = Template::boot(&model).unwrap();
        template.compile_used_web_modules().unwrap();
        template.install();
        let from_template = run_seed(&model, seed);
        assert!(!Template::installed(), "the run took the template");
        assert_same_run(&from_template, &fresh, seed);
    }
}

#[test]
fn r12_a_run_from_a_booted_template_is_the_run_that_boots_its_own_isolates() {
    use crosstalk_runtime::Template;
    // Two isolates that boot at different instants, each logging and reading the clock at
    // the top level, and module state the requests share.
    let script = r#"
        let served = 0;
        console.log("booting at", Date.now());
        addEventListener('fetch', e => e.respondWith((async () => {
          served += 1;
          await new Promise(r => setTimeout(r, 10));
          return new Response(`${served} ${Math.random()}`);
        })()));
    "#;
    let mut model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::new_range(0, 40), 6);
    model.isolates = 2;
    for seed in 0..4 {
        let fresh = run_seed(&model, seed);
        Template::boot(&model).unwrap().install();
        assert!(Template::installed());
        let from_template = run_seed(&model, seed);
        assert!(!Template::installed(), "the run took the template");
        assert_same_run(&from_template, &fresh, seed);
        // The template was spent: the next run boots its own isolates and is the same.
        assert_eq!(run_seed(&model, seed).requests, fresh.requests, "seed {seed}");
    }
    // The boot's log line is stamped when the isolate's first request arrives, as a boot
    // at that moment would be (arrivals are drawn between 0 and 40 ms).
    let run = run_seed(&model, 3);
    let startups: Vec<u64> =
        run.trace.iter().filter(|e| matches!(e.kind, EventKind::Startup { .. })).map(|e| e.t_ms).collect();
    let logs: Vec<u64> = run
        .trace
        .iter()
        .filter(|e| e.owner == Owner::Startup && matches!(e.kind, EventKind::Console { .. }))
        .map(|e| e.t_ms)
        .collect();
    assert_eq!(startups, logs);
}

/// A run from a template is charged the memory it holds, not what the process came to
/// hold after the template booted (a fork server's cache of reference runs): found on a
/// campaign whose forked runs all stopped with "Worker has exceeded memory limit.".
#[test]
fn r12_a_run_from_a_template_is_charged_only_the_memory_it_holds() {
    use crosstalk_runtime::Template;
    let script = "export default { async fetch() { return new Response('x'.repeat(1000).length + ' ok'); } };";
    let mut model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 2);
    model.limits.memory_per_isolate_bytes_max = 16 << 20;
    let fresh = run_seed(&model, 0);
    assert_eq!(fresh.requests[0].body.as_deref(), Some("1000 ok"));
    let template = Template::boot(&model).unwrap();
    // What the process holds from here on is four times the isolate's limit.
    let held = std::hint::black_box(vec![1u8; 64 << 20]);
    template.install();
    let from_template = run_seed(&model, 0);
    drop(held);
    assert_same_run(&from_template, &fresh, 0);
}

#[test]
fn r3_math_random_comes_from_the_schedule() {
    let script = "addEventListener('fetch', e => e.respondWith(new Response(String(Math.random()))));";
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let body = |seed| run_seed(&model, seed).requests[0].body.clone();
    assert_eq!(body(1), body(1));
    assert_ne!(body(1), body(2));
}

#[test]
fn r3_the_run_records_who_read_the_clock_or_drew_random_values() {
    use crosstalk_runtime::{InputRead, InputSource};
    // An alias reads the clock; `new Date(0)` and `Date.UTC` read nothing; `process`
    // noting its own start time is crosstalk's set-up, not the worker's read.
    let script = r#"
        const clock = Date.now;
        const epoch = new Date(0).getTime() + Date.UTC(2026, 0, 1);
        const booted = new Date();
        export default {
          async fetch(request) {
            const path = new URL(request.url).pathname;
            if (path === "/clock") return new Response(String(clock() - epoch));
            if (path === "/random") return new Response(crypto.randomUUID() + performance.now());
            return new Response(typeof process.env);
          },
        };
    "#;
    let mut model = Model::module("worker.mjs", script);
    model.node_globals = true;
    model.requests = ["/clock", "/random", "/none"]
        .iter()
        .enumerate()
        .map(|(i, path)| RequestSpec::get(&format!("https://worker.example{path}"), i as u64 * 10))
        .collect();
    let run = run_first(&model);
    assert_eq!(run.request(3).unwrap().body.as_deref(), Some("object"));
    let read = |owner, source, api: &str| InputRead { owner, source, api: api.to_string() };
    assert_eq!(
        run.inputs,
        [
            read(Owner::Startup, InputSource::Clock, "Date"),
            read(Owner::Request(1), InputSource::Clock, "Date"),
            read(Owner::Request(2), InputSource::Clock, "performance.now"),
            read(Owner::Request(2), InputSource::Random, "crypto.randomUUID"),
        ]
    );
}

#[test]
fn r11_infinite_loop_hits_the_cpu_limit() {
    let script = "addEventListener('fetch', e => { while (true) {} });";
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 2);
    let run = run_first(&model);
    for r in &run.requests {
        assert_eq!(r.error.as_deref(), Some("Error: Worker exceeded CPU time limit."));
    }
    assert!(has_event(&run, Owner::Request(1), "cpu-limit"));
}

#[test]
fn r11_infinite_microtask_chain_hits_the_cpu_limit() {
    let script = r#"
        addEventListener('fetch', e => {
          const spin = () => Promise.resolve().then(spin);
          spin();
          e.respondWith(new Promise(() => {}));
        });
    "#;
    let mut model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    model.limits.cpu_jobs_per_task_max = 10_000;
    let run = run_first(&model);
    assert_eq!(run.requests[0].error.as_deref(), Some("Error: Worker exceeded CPU time limit."));
}

#[test]
fn r11_deep_recursion_is_a_range_error_not_a_crash() {
    let script = "function f(n) { return f(n + 1) + 1; } addEventListener('fetch', e => e.respondWith(new Response(String(f(0)))));";
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert_eq!(run.requests[0].error.as_deref(), Some("RangeError: Maximum call stack size exceeded"));
}

/// workerd 1.20261117 answers `[true, "RangeError", "Maximum call stack size exceeded"]`:
/// V8's stack overflow is an ordinary error the worker can catch.
#[test]
fn r11_deep_recursion_is_a_range_error_the_worker_can_catch() {
    let script = r#"
        function f() { return f() + 1; }
        function native() { const o = { get x() { return this.x; } }; return o.x; }
        function probe(g) {
          try { g(); return [false]; } catch (e) { return [e instanceof RangeError, e.constructor.name, e.message]; }
        }
        addEventListener('fetch', e => e.respondWith(new Response(JSON.stringify([probe(f), probe(native)]))));
    "#;
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    let caught = r#"[true,"RangeError","Maximum call stack size exceeded"]"#;
    assert_eq!(run.requests[0].body.as_deref(), Some(format!("[{caught},{caught}]").as_str()), "{:?}", run.requests[0]);
}

/// V8 recurses about 9,300 levels deep through a one-argument function before it
/// overflows (workerd 1.20261117: a walk of a linked list stops at 9,317); a walk 5,000
/// deep answers 5000 there.
#[test]
fn r11_recursion_as_deep_as_v8_allows_runs() {
    let script = r#"
        function walk(o) { return o === null ? 0 : 1 + walk(o.next); }
        addEventListener('fetch', e => {
          let list = null;
          for (let i = 0; i < 5000; i++) list = { next: list };
          e.respondWith(new Response(String(walk(list))));
        });
    "#;
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert_eq!(run.requests[0].body.as_deref(), Some("5000"), "{:?}", run.requests[0]);
}

#[test]
fn r10_unhandled_rejection_is_recorded_with_its_owner() {
    let script = r#"
        addEventListener('fetch', e => {
          Promise.reject(new Error('nobody listens'));
          e.respondWith(new Response('ok'));
        });
    "#;
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert!(run.trace.iter().any(|e| e.owner == Owner::Request(1)
        && matches!(&e.kind, EventKind::UnhandledRejection { message, .. } if message == "Error: nobody listens")));
}

#[test]
fn r10_console_formats_like_the_workers_console() {
    let script = r#"
        addEventListener('fetch', e => {
          console.log('text', 42, -0, true, null, undefined, 10n);
          console.log({ a: 1, b: 'two', c: [1, 2, { d: 3 }] });
          console.log([], {}, [undefined, null], new Map([['k', 1]]), new Set([1]));
          console.warn('%s is %d years', 'Bob', 42.5);
          console.error(new TypeError('bad'));
          console.log(function named() {}, () => {}, Symbol('s'), 'it\'s');
          e.respondWith(new Response('ok'));
        });
    "#;
    let model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    let logs = console(&run);
    assert_eq!(logs[0], "text 42 -0 true null undefined 10n");
    assert_eq!(logs[1], "{ a: 1, b: 'two', c: [ 1, 2, { d: 3 } ] }");
    assert_eq!(logs[2], "[] {} [ undefined, null ] Map(1) { 'k' => 1 } Set(1) { 1 }");
    assert_eq!(logs[3], "Bob is 42.5 years");
    assert!(logs[4].starts_with("TypeError: bad"), "{}", logs[4]);
    assert_eq!(logs[5], "[Function: named] [Function (anonymous)] Symbol(s) it's");
}

/// Each expected line is what workerd 1.20261117 printed for the same `console.log`
/// (structured logging, read by `crosstalk conform`).
#[test]
fn r10_console_breaks_lines_groups_arrays_and_prints_web_objects_as_workerd_does() {
    let script = r#"
        class Base {} class Derived extends Base {}
        export default {
          async fetch() {
            console.log([1, , 3], [, , 1], new Array(3), [1, 2, , , , 6]);
            console.log(class K {}, class {}, Derived, async function af() {}, function* gen() {}, async () => {});
            console.log(/re/g, new RegExp("a/b", "i"), new Uint8Array([1, 2]), new Float64Array(2), new ArrayBuffer(2));
            console.log(["x".repeat(100)]);
            console.log([1, 2, 3, 4, 5, 6, 7]);
            console.log(Array.from({ length: 30 }, (_, i) => i * 3));
            console.log(["apple", "banana", "cherry", "date", "elderberry", "fig", "grape"]);
            console.log({ a: 1, b: "two", c: [1, 2, 3], d: { e: "f" }, g: null, h: undefined, i: true, j: 1.5 });
            console.log({ a: { b: { c: {} } } }, { a: [{ b: [1] }] });
            console.log([{ id: 1, name: "alpha", tags: ["x", "y"] }, { id: 2, name: "beta", tags: [] }]);
            console.log("it's", ["it's", 'say "hi"', `both ' and "`, "tab\there", "nl\nx"]);
            console.log(Object.create(null), { [Symbol("s")]: 1, a: 2 });
            console.log(Array(101).fill(1));
            console.log(new Headers({ b: "2", a: "1" }), new URLSearchParams("a=1&b=2"));
            console.log(new Blob(["ab"], { type: "text/plain" }), new AbortController().signal);
            console.log(new TextEncoder(), new TextDecoder(), new FormData());
            console.log(new ReadableStream());
            console.log(new Response("hi", { status: 201 }));
            return new Response("ok");
          },
        };
    "#;
    let model = Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    let logs = console(&run);
    let hundred_ones =
        format!("{}  1, 1, 1, 1,\n  ... 1 more item\n]", "  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,\n".repeat(8));
    let expected = [
        "[ 1, <1 empty item>, 3 ] [ <2 empty items>, 1 ] [ <3 empty items> ] [ 1, 2, <3 empty items>, 6 ]".to_string(),
        "[class K] [class (anonymous)] [class Derived extends Base] [AsyncFunction: af] [GeneratorFunction: gen] [AsyncFunction (anonymous)]".to_string(),
        "/re/g /a\\/b/i Uint8Array(2) [ 1, 2 ] Float64Array(2) [ 0, 0 ] ArrayBuffer { [Uint8Contents]: <00 00>, byteLength: 2 }".to_string(),
        format!("[\n  '{}'\n]", "x".repeat(100)),
        "[\n  1, 2, 3, 4,\n  5, 6, 7\n]".to_string(),
        "[\n   0,  3,  6,  9, 12, 15, 18, 21, 24,\n  27, 30, 33, 36, 39, 42, 45, 48, 51,\n  54, 57, 60, 63, 66, 69, 72, 75, 78,\n  81, 84, 87\n]".to_string(),
        "[ 'apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape' ]".to_string(),
        "{\n  a: 1,\n  b: 'two',\n  c: [ 1, 2, 3 ],\n  d: { e: 'f' },\n  g: null,\n  h: undefined,\n  i: true,\n  j: 1.5\n}".to_string(),
        "{ a: { b: { c: {} } } } { a: [ { b: [Array] } ] }".to_string(),
        "[\n  { id: 1, name: 'alpha', tags: [ 'x', 'y' ] },\n  { id: 2, name: 'beta', tags: [] }\n]".to_string(),
        "it's [ \"it's\", 'say \"hi\"', `both ' and \"`, 'tab\\there', 'nl\\nx' ]".to_string(),
        "[Object: null prototype] {} { a: 2, Symbol(s): 1 }".to_string(),
        format!("[\n{hundred_ones}"),
        "Headers(2) { 'a' => '1', 'b' => '2', [immutable]: false } URLSearchParams(2) { 'a' => '1', 'b' => '2' }".to_string(),
        "Blob { size: 2, type: 'text/plain' } AbortSignal { aborted: false, reason: undefined, onabort: null }".to_string(),
        "TextEncoder { encoding: 'utf-8' } TextDecoder { encoding: 'utf-8', fatal: false, ignoreBOM: false } FormData(0) {}".to_string(),
        "ReadableStream {\n  locked: false,\n  [state]: 'readable',\n  [supportsBYOB]: false,\n  [length]: undefined\n}".to_string(),
        "Response {\n  status: 201,\n  statusText: '',\n  headers: Headers(1) {\n    'content-type' => 'text/plain;charset=UTF-8',\n    [immutable]: false\n  },\n  ok: true,\n  redirected: false,\n  url: '',\n  webSocket: null,\n  cf: undefined,\n  type: 'default',\n  body: ReadableStream {\n    locked: false,\n    [state]: 'readable',\n    [supportsBYOB]: true,\n    [length]: 2n\n  },\n  bodyUsed: false\n}".to_string(),
    ];
    assert_eq!(logs.len(), expected.len(), "{logs:#?}");
    for (got, want) in logs.iter().zip(&expected) {
        assert_eq!(got, want);
    }
}

#[test]
fn r12_same_schedule_gives_a_byte_identical_trace() {
    let model = sw("counter").with_requests(URL, MsRange::new_range(0, 50), 10);
    let json = |seed| serde_json::to_string(&run_seed(&model, seed)).unwrap();
    assert_eq!(json(7), json(7));
    assert_ne!(json(7), json(8));
    // Across threads: each thread has its own GC and contexts.
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let model = model.clone();
            std::thread::spawn(move || serde_json::to_string(&run_seed(&model, 7)).unwrap())
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), json(7));
    }
}

#[test]
fn r1_isolates_do_not_share_module_state() {
    let script = "let n = 0; addEventListener('fetch', e => e.respondWith(new Response(String(++n))));";
    let mut model = Model::service_worker("worker.js", script);
    model.isolates = 2;
    model.requests = (0..4)
        .map(|i| {
            let mut r = RequestSpec::get(URL, i);
            r.isolate = Some((i % 2) as u32);
            r
        })
        .collect();
    let run = run_first(&model);
    let bodies: Vec<_> = run.requests.iter().map(|r| r.body.clone().unwrap()).collect();
    assert_eq!(bodies, vec!["1", "1", "2", "2"]);
}

#[test]
fn r11_a_worker_that_never_stops_is_cut_off_by_the_run_limit() {
    // Polls forever and never answers: the harness must stop, not hang.
    let script =
        "addEventListener('fetch', e => { setInterval(() => {}, 10); e.respondWith(new Promise(() => {})); });";
    let mut model = Model::service_worker("worker.js", script).with_requests(URL, MsRange::fixed(0), 1);
    model.limits.run_virtual_ms_max = 60_000;
    let run = run_first(&model);
    let r1 = run.request(1).unwrap();
    assert_eq!(r1.outcome, OutcomeKind::Cancelled);
    assert!(r1.error.as_deref().unwrap().contains("run_virtual_ms_max"), "{:?}", r1.error);
    assert!(run.end_ms <= 60_010);
    assert!(has_event(&run, Owner::Startup, "run-limit"));
}
