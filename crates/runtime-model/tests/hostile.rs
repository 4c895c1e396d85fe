//! Hostile worker code gets the runtime's verdict, never a crash of the tool.
//! Expected values are V8's (node 20): it parses 1,500 nested parentheses and throws
//! `RangeError: Maximum call stack size exceeded` for 10,000.

mod common;

use common::*;
use crosstalk_runtime::{FirstScheduler, Model, ModelError, MsRange, simulate};

fn worker(expression: &str) -> Model {
    let script = format!("export default {{ fetch() {{ return new Response(String({expression})); }} }};");
    Model::module("worker.mjs", &script).with_requests("https://worker.example/", MsRange::fixed(0), 1)
}

#[test]
fn a_source_nested_as_deep_as_v8_accepts_parses_and_runs() {
    let n = 1_500;
    // (The array is only measured: stringifying it would recurse natively at run time.)
    for (open, close, answer) in [("(", ")", "1"), ("[", "].length", "1"), ("`${", "}`", "1")] {
        let expression = format!("{}1{}", open.repeat(n), close.repeat(n).replacen(".length", "", n - 1));
        let run = run_first(&worker(&expression));
        assert_eq!(run.requests[0].body.as_deref(), Some(answer), "{open}");
    }
}

#[test]
fn a_source_nested_deeper_than_the_stack_is_a_range_error_at_its_line() {
    let expression = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let error = simulate(&worker(&expression), &mut FirstScheduler).unwrap_err().to_string();
    assert!(error.contains("RangeError: Maximum call stack size exceeded"), "{error}");
    assert!(error.contains("worker.mjs:1:"), "located in the user's file: {error}");
}

/// Chains without brackets nest in both parsers too (node 20 parses 12,000 `!` at a
/// module's top level and not 13,000; 8,000 `typeof` and not 9,000; 5,000 `void` and not
/// 10,000; 3,000 `else if` and not 4,000; 1,000 arrows and not 1,500); they parse in
/// crosstalk up to those lengths and are V8's `RangeError` well past them, never a
/// stack overflow of the process.
#[test]
fn chains_without_brackets_parse_as_long_as_v8_parses_them_and_are_its_range_error_past_that() {
    let ladder = |n: usize| {
        format!(
            "(() => {{ let a = 0, x = 0; if (a) x = 1;{} else x = 2; return x; }})()",
            " else if (a) x = 1;".repeat(n)
        )
    };
    for (expression, answer) in [
        (format!("{}1", "!".repeat(10_000)), "true"),
        (format!("{}1", "typeof ".repeat(8_000)), "string"),
        (format!("{}1", "void ".repeat(5_000)), "undefined"),
        (ladder(3_000), "2"),
        (format!("typeof ({}1)", "a => ".repeat(1_000)), "function"),
    ] {
        assert_eq!(answered(&expression), answer, "{}", &expression[..24]);
    }
    for expression in [
        format!("{}1", "!".repeat(20_000)),
        format!("{}1", "void ".repeat(20_000)),
        ladder(10_000),
        format!("typeof ({}1)", "a => ".repeat(5_000)),
    ] {
        let error = simulate(&worker(&expression), &mut FirstScheduler).unwrap_err().to_string();
        assert!(error.contains("RangeError: Maximum call stack size exceeded"), "{}: {error}", &expression[..24]);
        assert!(error.contains("worker.mjs:1:"), "located in the user's file: {error}");
    }
}

/// A worker whose `/hot` request runs `body` (a function body) and whose other requests
/// answer at once, with a call budget small enough for a debug build.
fn hot_worker(body: &str) -> Model {
    let script = format!(
        "function hot() {{ {body} }}\n\
         export default {{ async fetch(request) {{\n\
           if (new URL(request.url).pathname === '/hot') return new Response(String(hot()));\n\
           return new Response('fine');\n\
         }} }};"
    );
    hot_and_cool(&script)
}

/// `script` serving `/hot` and `/cool`, both at 0 ms, with a call budget small enough for
/// a debug build.
fn hot_and_cool(script: &str) -> Model {
    let mut model = Model::module("worker.mjs", script);
    model.requests = vec![
        crosstalk_runtime::RequestSpec::get("https://worker.example/hot", 0),
        crosstalk_runtime::RequestSpec::get("https://worker.example/cool", 0),
    ];
    model.limits.cpu_work_per_task_max = 50_000;
    model
}

fn outcome_of<'r>(run: &'r crosstalk_runtime::Run, path: &str) -> &'r crosstalk_runtime::RequestOutcome {
    run.requests.iter().find(|r| r.url.ends_with(path)).expect("the request ran")
}

#[test]
fn recursion_without_a_loop_exceeds_the_cpu_budget_like_workerd() {
    // fib(30) makes 2.7 million calls and no loop iteration; workerd's message (R11).
    for body in [
        "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } return fib(30);",
        "const fib = n => n < 2 ? n : fib(n - 1) + fib(n - 2); return fib(30);",
        "class F { f(n) { return n < 2 ? n : this.f(n - 1) + this.f(n - 2); } } return new F().f(30);",
    ] {
        let model = hot_worker(body);
        for seed in 0..3 {
            let run = run_seed(&model, seed);
            let hot = outcome_of(&run, "/hot");
            assert_eq!(hot.status, Some(500), "{body}");
            assert_eq!(hot.error.as_deref(), Some("Error: Worker exceeded CPU time limit."), "{body}");
            assert_eq!(outcome_of(&run, "/cool").body.as_deref(), Some("fine"), "{body}");
            assert_eq!(run, run_seed(&model, seed), "the same verdict on replay");
        }
    }
}

#[test]
fn the_cpu_limit_cannot_be_caught_by_the_worker() {
    let model = hot_worker(
        "function f(n) { return n < 2 ? n : f(n - 1) + f(n - 2); }\n\
         try { return f(30); } catch (e) { return 'caught ' + e; } finally { }",
    );
    let run = run_first(&model);
    assert_eq!(outcome_of(&run, "/hot").error.as_deref(), Some("Error: Worker exceeded CPU time limit."));
}

/// Most handlers `await` before they work: the CPU budget and the memory limit stop the
/// code that runs after an `await` (resumed by a microtask, or by a timer's task) as they
/// stop the code before it, with workerd's errors (R11). boa 0.22 drops the error of an
/// async function resumed after an `await`; the function then never settled and the
/// request was reported as a hang ("The script will never generate a response."); the
/// loops the instrumentation checks now stop through the host too.
#[test]
fn the_limits_stop_the_code_after_an_await_as_before_it() {
    let fib = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }";
    let hoard = "function chunk(i) { return 'x'.repeat(1024).repeat(1024) + i; } const kept = [];";
    for (before, work, error) in [
        (fib, "return fib(30);", "Error: Worker exceeded CPU time limit."),
        ("", "while (true) {}", "Error: Worker exceeded CPU time limit."),
        ("", "let i = 0; do { i++; } while (i > 0);", "Error: Worker exceeded CPU time limit."),
        ("", "for (let i = 0; ; i++) {}", "Error: Worker exceeded CPU time limit."),
        ("", "for (;;) {}", "Error: Worker exceeded CPU time limit."),
        ("", "let i = 0; for (;;) i++;", "Error: Worker exceeded CPU time limit."),
        (
            "function* ones() { for (;;) yield 1; }",
            "for (const one of ones()) {}",
            "Error: Worker exceeded CPU time limit.",
        ),
        (
            hoard,
            "for (let i = 0; i < 200; i++) kept.push(chunk(i)); return kept.length;",
            "Error: Worker has exceeded memory limit.",
        ),
    ] {
        for wait in [
            "await null;",
            "await new Promise((r) => setTimeout(r, 1));",
            "await crypto.subtle.digest('SHA-256', new Uint8Array(1));",
        ] {
            let script = format!(
                "{before}\n\
                 export default {{ async fetch(request) {{\n\
                   if (new URL(request.url).pathname !== '/hot') return new Response('fine');\n\
                   {wait}\n\
                   const result = (() => {{ {work} }})();\n\
                   return new Response(String(result));\n\
                 }} }};"
            );
            let mut model = hot_and_cool(&script);
            model.limits.memory_per_isolate_bytes_max = 64 << 20;
            let run = run_first(&model);
            let hot = outcome_of(&run, "/hot");
            assert_eq!(hot.status, Some(500), "{wait} {work}: {hot:?}");
            assert_eq!(hot.error.as_deref(), Some(error), "{wait} {work}");
            assert_eq!(outcome_of(&run, "/cool").body.as_deref(), Some("fine"), "{wait} {work}");
        }
    }
}

#[test]
fn calls_within_the_budget_run_to_the_end_and_each_task_has_its_own_budget() {
    // count(299) returns 299 in 300 calls: 30,000 calls in each of two tasks (a timer between them): 60,000 in all, over the
    // 50,000 budget of one task, so the request finishes only if each task is counted alone.
    let script = "function count(n) { return n === 0 ? 0 : 1 + count(n - 1); }\n\
        function batch() { let total = 0; for (let i = 0; i < 100; i++) total += count(299); return total; }\n\
        export default { async fetch() {\n\
          const first = batch();\n\
          await new Promise(r => setTimeout(r, 1));\n\
          return new Response(first + ' ' + batch());\n\
        } };";
    let mut model = Model::module("worker.mjs", script).with_requests("https://worker.example/", MsRange::fixed(0), 1);
    model.limits.cpu_work_per_task_max = 50_000;
    assert_eq!(run_first(&model).requests[0].body.as_deref(), Some("29900 29900"));
    model.limits.cpu_work_per_task_max = 20_000;
    assert_eq!(run_first(&model).requests[0].error.as_deref(), Some("Error: Worker exceeded CPU time limit."));
}

/// What the worker's request answered: its body, or its error.
fn answered(expression: &str) -> String {
    let run = run_first(&worker(expression));
    let request = &run.requests[0];
    request.body.clone().or_else(|| request.error.clone()).unwrap_or_default()
}

/// `repeat` costs V8 next to nothing (node 20 answers each of these at once); it is no
/// CPU-limit stop here either, alone, several in one loop, or long. The edge cases are
/// V8's answers too.
/// R11's loop budget is per task: a million iterations in each of three tasks of one
/// async function (a timer between them) run to the end, as in workerd.
#[test]
fn each_task_has_its_own_loop_budget_across_awaits() {
    let script = "export default { async fetch() {\n\
          let n = 0;\n\
          for (let i = 0; i < 3; i++) {\n\
            for (let j = 0; j < 1000000; j++) n++;\n\
            await new Promise((r) => setTimeout(r, 1));\n\
          }\n\
          return new Response(String(n));\n\
        } };";
    let model = Model::module("worker.mjs", script).with_requests("https://worker.example/", MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert_eq!(run.requests[0].body.as_deref(), Some("3000000"), "{:?}", run.requests[0]);
}

#[test]
fn repeat_answers_as_v8_whatever_the_count() {
    for (expression, answer) in [
        ("'x'.repeat(5e6).length", "5000000"),
        ("'ab'.repeat(3e6).length", "6000000"),
        (
            "(() => { let n = 0; for (let i = 0; i < 16; i++) n += 'x'.repeat(1 << 20).length; return n; })()",
            "16777216",
        ),
        ("JSON.stringify('abc'.repeat(2.9))", "\"abcabc\""),
        ("JSON.stringify(''.repeat(1e300))", "\"\""),
        ("JSON.stringify('a'.repeat(NaN))", "\"\""),
        ("JSON.stringify('ab'.repeat(-0.5))", "\"\""),
        ("'a'.repeat('3')", "aaa"),
        ("String.prototype.repeat.call(123, 2)", "123123"),
        ("'ab'.repeat(-1)", "RangeError: Invalid count value: -1"),
    ] {
        assert_eq!(answered(expression), answer, "{expression}");
    }
}

#[test]
fn strings_longer_than_v8_allows_are_v8s_range_error_before_any_allocation() {
    // V8's longest string is 2^29 - 24 code units; past it, "RangeError: Invalid string length".
    for expression in [
        "'x'.repeat(2 ** 31)",
        "'xy'.repeat(2 ** 28)",
        "'x'.padStart(2 ** 30)",
        "'x'.padEnd(2 ** 29, 'ab')",
        "new Array(2 ** 30).join('x')",
        "new Array(2 ** 29).join()",
    ] {
        let caught = format!(
            "(() => {{ try {{ return {expression}.length; }} catch (e) {{ return e.name + ': ' + e.message; }} }})()"
        );
        assert_eq!(answered(&caught), "RangeError: Invalid string length", "{expression}");
    }
}

#[test]
fn builtins_that_walk_a_huge_array_exceed_the_cpu_budget_at_once() {
    for expression in [
        "Array(1e9).fill(0).length",
        "Array.from({ length: 1e9 }).length",
        "Array.prototype.includes.call({ length: 1e12 }, 1)",
        "Array.prototype.indexOf.call({ length: 1e12 }, 1)",
        "Array.prototype.lastIndexOf.call({ length: 1e12 }, 1)",
    ] {
        assert_eq!(answered(expression), "Error: Worker exceeded CPU time limit.", "{expression}");
    }
}

#[test]
fn guarded_builtins_answer_as_before_and_keep_their_name_and_length() {
    let expression = "JSON.stringify([[1, 2, 3].includes(2), [1, 2, 1].indexOf(1, 1), [1, 2, 1].lastIndexOf(1), \
        'ab'.repeat(3), '5'.padStart(3, '0'), '5'.padEnd(3, '-'), [1, [2, 3]].join('-'), new Array(3).fill(7), \
        Array.from({ length: 3 }, (_, i) => i * 2), Array.from('hé'), Array.prototype.includes.call({ length: 2, 1: 'b' }, 'b'), \
        [[].fill, [].includes, [].indexOf, [].lastIndexOf, [].join, ''.repeat, ''.padStart, ''.padEnd, Array.from] \
          .map(f => f.name + '/' + f.length).join(' ')])";
    // Each value as V8 gives it (node 22 prints the same).
    assert_eq!(
        answered(expression),
        r#"[true,2,2,"ababab","005","5--","1-2,3",[7,7,7],[0,2,4],["h","é"],true,"fill/1 includes/1 indexOf/1 lastIndexOf/1 join/1 repeat/1 padStart/1 padEnd/1 from/1"]"#
    );
}

/// workerd 1.20261117 answers "caught RangeError: Maximum call stack size exceeded" for
/// each: V8's serializer, `flat` and `join` recurse on its stack and throw its ordinary
/// error, which the worker catches.
#[test]
fn data_nested_deeper_than_the_stack_is_the_range_error_the_worker_can_catch() {
    for (nest, use_) in [("a = [a]", "a.flat(Infinity)"), ("a = [a]", "String(a)"), ("a = { a }", "structuredClone(a)")]
    {
        let expression = format!(
            "(() => {{ let a = 1; for (let i = 0; i < 100000; i++) {nest}; \
             try {{ return typeof {use_}; }} catch (e) {{ return 'caught ' + e; }} }})()"
        );
        assert_eq!(answered(&expression), "caught RangeError: Maximum call stack size exceeded", "{use_}");
    }
    // What V8 gives for shallow data, and the builtin's own name and length (node 22).
    let expression = "JSON.stringify([[[1, [2, [3, [4]]]], [5]].flat(Infinity), [[1, [2]]].flat().length, \
        [1, [2, [3]]].flat(2).length, [].flat.name + '/' + [].flat.length])";
    assert_eq!(answered(expression), r#"[[1,2,3,4,5],2,3,"flat/0"]"#);
}

/// workerd 1.20261117 serialises plain data at any depth (V8's fast path keeps no native
/// stack per level; it answers arrays nested a million deep), and throws its catchable
/// `RangeError` once its slow path (indentation, a replacer, `toJSON`, a Proxy, a class
/// instance) holds more than 5,023 objects: 5,000 levels serialise, 6,000 do not.
#[test]
fn json_stringify_serialises_plain_data_at_any_depth_and_stops_the_slow_path_as_v8_does() {
    let nested = |depth: usize, nest: &str, call: &str| {
        format!(
            "(() => {{ let o = {{}}; for (let i = 0; i < {depth}; i++) o = {nest}; \
             try {{ return JSON.stringify({call}).length; }} catch (e) {{ return 'caught ' + e; }} }})()"
        )
    };
    // `{"o":` per level, `{}` inside, `}` per level.
    assert_eq!(answered(&nested(100_000, "{ o }", "o")), "600002");
    assert_eq!(answered(&nested(100_000, "[o]", "o")), "200002");
    let caught = "caught RangeError: Maximum call stack size exceeded";
    for (nest, call) in [
        ("{ o }", "o, null, 1"),
        ("[o]", "o, null, 1"),
        ("{ o }", "o, (k, v) => v"),
        ("{ o, toJSON() { return this; } }", "o"),
        ("new Proxy({ o }, {})", "o"),
        ("new (class A { constructor(o) { this.o = o; } })(o)", "o"),
    ] {
        assert_eq!(answered(&nested(6_000, nest, call)), caught, "{nest} {call}");
        assert_ne!(answered(&nested(5_000, nest, call)), caught, "{nest} {call}");
    }
    // V8's longest string is 2^29 - 24 units: an array of 2^28 holes cannot fit.
    assert_eq!(answered(&nested(0, "o", "new Array(2 ** 28)")), "caught RangeError: Invalid string length");
}

/// Module state that grows with every request: `chunks` chunks of 1 MiB per request,
/// kept in a module-level array (the cache that never evicts).
fn hoarding_worker(requests: usize, chunks: usize) -> Model {
    let script = format!(
        "const kept = [];\n\
         function chunk(i) {{ return 'x'.repeat(1 << 20) + i; }}\n\
         export default {{ async fetch() {{\n\
           for (let i = 0; i < {chunks}; i++) kept.push(chunk(kept.length));\n\
           return new Response(String(kept.length));\n\
         }} }};"
    );
    let mut model =
        Model::module("worker.mjs", &script).with_requests("https://worker.example/", MsRange::fixed(0), requests);
    model.limits.memory_per_isolate_bytes_max = 64 * 1024 * 1024;
    model
}

/// Workers isolates have a memory limit (128 MB; 64 MiB here): the request whose code
/// takes the isolate past it fails with workerd's "Worker has exceeded memory limit."
/// (io-context.h), and the requests before it answer. The limit is checked as a
/// function starts: a chunk of 2^20 characters holds 1 MiB (one byte per character) to
/// 2 MiB (UTF-16), so the isolate holds at least 64 MiB when r5 starts (a stop in r5 at
/// the latest), and at most 2 × 31 MiB before r2's last chunk (no stop before r3).
#[test]
fn module_state_that_outgrows_the_isolate_is_a_memory_limit_stop() {
    let run = run_first(&hoarding_worker(6, 16));
    let bodies: Vec<Option<&str>> = run.requests.iter().map(|r| r.body.as_deref()).collect();
    let stopped = run
        .requests
        .iter()
        .position(|r| r.error.as_deref() == Some("Error: Worker has exceeded memory limit."))
        .unwrap_or_else(|| panic!("no request was stopped: {bodies:?}"));
    assert!((2..=4).contains(&stopped), "stopped r{}: {bodies:?}", stopped + 1);
    for (i, request) in run.requests[..stopped].iter().enumerate() {
        assert_eq!(request.body.as_deref(), Some((16 * (i + 1)).to_string().as_str()));
    }
    let event = run.trace.iter().find(|e| e.kind.name() == "memory-limit").expect("a memory-limit event");
    assert_eq!(event.owner.to_string(), format!("r{}", stopped + 1));
}

/// The verdict is the same in every run of the same schedule, however much garbage
/// earlier runs on the thread left (the check collects before it decides).
#[test]
fn the_memory_limit_stops_the_same_request_in_every_run() {
    let model = hoarding_worker(6, 16);
    let first = run_first(&model);
    for chunks in [1, 7, 30] {
        // Another run first: its isolate's heap is garbage when the next run starts.
        run_first(&hoarding_worker(2, chunks));
        let again = run_first(&model);
        assert_eq!(again.requests, first.requests);
        assert_eq!(again.trace, first.trace);
    }
}

/// A module whose top level builds `entries` small records, each made by a function call
/// (the limit is checked as a function starts), under a limit of 8 MiB.
fn startup_table(entries: usize) -> Model {
    let script = format!(
        "function entry(i) {{ return {{ id: i, name: 'n' + i, tags: [i] }}; }}\n\
         const table = [];\n\
         for (let i = 0; i < {entries}; i++) table.push(entry(i));\n\
         export default {{ fetch() {{ return new Response(String(table.length)); }} }};"
    );
    let mut model = Model::module("worker.mjs", &script).with_requests("https://worker.example/", MsRange::fixed(0), 1);
    model.limits.memory_per_isolate_bytes_max = 8 * 1024 * 1024;
    model
}

/// Workers' limit is on V8's heap, where a small object takes several times fewer bytes
/// than in boa: objects count at V8's size, so a worker whose startup fits workerd's limit
/// fits here, and one that does not is stopped. Expected values from V8 (node 20, heap
/// used after a collection; workerd's V8 compresses pointers, which can only make it
/// smaller): 50,000 records hold 6.6 MB, 200,000 hold 26 MB — at least 13 MB compressed.
/// (Counted as boa allocates them, the 50,000 would exceed the 8 MiB.)
#[test]
fn the_memory_limit_counts_objects_at_v8s_size() {
    let run = run_first(&startup_table(50_000));
    assert_eq!(run.requests[0].body.as_deref(), Some("50000"), "{:?}", run.requests[0]);
    match simulate(&startup_table(200_000), &mut FirstScheduler) {
        Err(ModelError::Startup { message, .. }) => {
            assert_eq!(message, "Error: Script startup exceeded memory limits.");
        }
        other => panic!("startup fits: {other:?}"),
    }
}

/// Memory that is freed is not held: a request that builds and drops far more than the
/// limit, one chunk at a time, answers.
#[test]
fn garbage_is_collected_before_the_limit_decides() {
    let script = "function chunk(i) { return 'x'.repeat(1 << 20) + i; }\n\
         export default { async fetch() {\n\
           let total = 0;\n\
           for (let i = 0; i < 200; i++) total += chunk(i).length;\n\
           return new Response(String(total));\n\
         } };";
    let mut model = Model::module("worker.mjs", script).with_requests("https://worker.example/", MsRange::fixed(0), 1);
    model.limits.memory_per_isolate_bytes_max = 64 * 1024 * 1024;
    let run = run_first(&model);
    assert_eq!(run.requests[0].error, None);
    assert!(run.requests[0].body.as_deref().is_some_and(|b| b.parse::<u64>().unwrap() > 200 << 20));
}

#[test]
fn intl_on_huge_text_exceeds_the_cpu_budget() {
    for expression in [
        "'a'.repeat(1e7).localeCompare('b'.repeat(1e7))",
        "new Intl.Collator('de').compare('a'.repeat(1e7), 'b')",
        "[...new Intl.Segmenter().segment('a'.repeat(1e7))].length",
        "'i'.repeat(1e7).toLocaleUpperCase('tr').length",
        "Array.prototype.toLocaleString.call({ length: 1e9 })",
    ] {
        assert_eq!(answered(expression), "Error: Worker exceeded CPU time limit.", "{expression}");
    }
}
