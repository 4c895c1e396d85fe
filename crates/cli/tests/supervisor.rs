//! Hostile worker code that breaks the engine itself still gets a verdict: `run`, `replay`,
//! `trace` and `check` work in a supervised child process, and a child that aborts,
//! overflows its stack or outlives `--timeout` is a `crash` verdict with exit 1
//! (INTERFACES.md: 1 = a violation the scenario does not expect), never an abort (134),
//! a hang or an out-of-memory machine. `fuzz` runs each schedule in a worker process: a
//! schedule that crashes one is a `crash` finding, and the campaign goes on.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

fn crosstalk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosstalk"))
}

/// A one-request scenario whose module worker answers with `String(EXPRESSION)`.
fn hostile(dir: &Path, expression: &str) {
    one_request(
        dir,
        "hostile",
        "",
        &format!("export default {{ fetch() {{ return new Response(String({expression})); }} }};\n"),
    );
}

/// Scenario `name` with one request (arriving `at`, when given) to a module worker.
fn one_request(dir: &Path, name: &str, at: &str, worker: &str) {
    let at = if at.is_empty() { String::new() } else { format!("at = \"{at}\"\n") };
    std::fs::write(
        dir.join("scenario.toml"),
        format!("name = \"{name}\"\nscript = \"worker.mjs\"\n\n[[request]]\nurl = \"https://worker.example/\"\n{at}"),
    )
    .unwrap();
    std::fs::write(dir.join("worker.mjs"), worker).unwrap();
}

fn json_run(dir: &Path, extra: &[&str]) -> (i32, Value, Duration) {
    let started = Instant::now();
    let output = crosstalk().args(extra).args(["run", "--format", "json"]).arg(dir).output().unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    (output.status.code().expect("an exit code, not a signal"), report, started.elapsed())
}

fn assert_crash(report: &Value, cause: &str) {
    assert_eq!(report["verdict"], "differs-from-expect", "{report}");
    assert_eq!(report["violations"][0]["kind"], "crash", "{report}");
    assert_eq!(report["crash"]["cause"], cause, "{report}");
}

/// Native recursion that runs no JS and meets no check: a chain of `Function.prototype.call`
/// bound to the next link, 400,000 links (every link is named `bound call`: the bound
/// target is always `call`). boa 0.22 calls a native function by recursing in Rust, so
/// the chain overflows even the 256 MiB stack crosstalk runs the worker on (V8 calls the
/// next link as a tail call: workerd answers 7).
const NATIVE_OVERFLOW: &str = "(() => { let f = function () { return 7; }; \
    for (let i = 0; i < 400000; i++) f = Function.prototype.call.bind(f); \
    return f(); })()";

#[test]
fn native_recursion_that_overflows_the_stack_is_a_crash_verdict() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path(), NATIVE_OVERFLOW);
    let (code, report, _) = json_run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_crash(&report, "stack-overflow");
    // The report names the request whose code was running, and what its run did last.
    assert_eq!(report["violations"][0]["request"], "r1", "{report}");
    let last = report["crash"]["last_events"].as_array().expect("the last events");
    assert!(last.last().and_then(Value::as_str).is_some_and(|e| e.contains(" r1       dispatch")), "{report}");
}

/// A read through a prototype chain of 150,000 links answers as V8 (which walks the chain
/// in a loop; workerd 1.20261117 answers `undefined true`): boa recurses once per link,
/// within the stack crosstalk runs the worker on.
#[test]
fn a_read_through_a_long_prototype_chain_answers_as_v8() {
    let dir = tempfile::tempdir().unwrap();
    hostile(
        dir.path(),
        "(() => { let o = { y: true }; for (let i = 0; i < 150000; i++) o = Object.create(o); return o.x + ' ' + o.y; })()",
    );
    let (code, report, _) = json_run(dir.path(), &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["requests"][0]["body"], "undefined true", "{report}");
}

#[test]
fn an_allocation_past_the_memory_limit_is_a_crash_verdict() {
    let dir = tempfile::tempdir().unwrap();
    // String doubling: `+` is not a builtin crosstalk can guard, so the allocation of the
    // first string past the limit fails in the child.
    hostile(dir.path(), "(() => { let s = 'x'; for (let i = 0; i < 40; i++) s += s; return s.length; })()");
    let (code, report, _) = json_run(dir.path(), &["--memory-limit", "2048"]);
    assert_eq!(code, 1);
    assert_crash(&report, "memory");
    assert!(report["violations"][0]["message"].as_str().unwrap().contains("2048 MiB"), "{report}");
}

#[test]
fn a_builtin_that_never_returns_is_stopped_at_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    // Catastrophic backtracking: 2^40 steps inside one call of a native builtin.
    hostile(dir.path(), "/^(a+)+$/.test('a'.repeat(40) + 'b')");
    let (code, report, took) = json_run(dir.path(), &["--timeout", "2s"]);
    assert_eq!(code, 1);
    assert_crash(&report, "timeout");
    assert!(took < Duration::from_secs(60), "the supervisor gave its verdict after {took:?}");
}

/// `--timeout` stops work that makes no progress, not a run whose checks take long: the
/// checker's reference runs boot the worker once per request, and every boot of this
/// worker spins at its top level. 12 requests make 27 boots, several times the timeout
/// in all (in a debug build), each far within it.
#[test]
fn checks_that_take_longer_than_the_timeout_in_all_are_not_stopped() {
    let dir = tempfile::tempdir().unwrap();
    // The top level loops 6 million times in all, past the default loop budget of one
    // task (2 million, R11): the budget is raised, this test is about the timeout.
    let mut scenario = String::from(
        "name = \"slow-boot\"\nscript = \"worker.mjs\"\n\n[runtime]\ncpu_loop_iterations_max = 10000000\n",
    );
    for i in 0..12 {
        scenario.push_str(&format!("\n[[request]]\nurl = \"https://worker.example/{i}\"\nat = \"{i}ms\"\n"));
    }
    std::fs::write(dir.path().join("scenario.toml"), scenario).unwrap();
    std::fs::write(
        dir.path().join("worker.mjs"),
        "function spin() { let s = 0; for (let i = 0; i < 500000; i++) s += i % 7; return s; }\n\
         let spun = 0;\nfor (let k = 0; k < 12; k++) spun += spin();\n\
         export default { fetch(request) { return new Response(new URL(request.url).pathname + ' ' + spun); } };\n",
    )
    .unwrap();
    let (code, report, took) = json_run(dir.path(), &["--timeout", "2s"]);
    assert_eq!(code, 0, "{report}");
    assert!(report.get("crash").is_none(), "{report}");
    assert_eq!(report["requests"][11]["body"], "/11 17999928", "{report}");
    eprintln!("the run and its checks took {took:?} against a timeout of 2s");
}

#[test]
fn the_text_report_names_the_crash_and_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path(), NATIVE_OVERFLOW);
    let output = crosstalk().arg("run").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("error[crash]: "), "{text}");
    assert!(text.contains("  fix: "), "{text}");
    assert!(text.trim_end().ends_with("verdict: differs-from-expect; unexpected: crash"), "{text}");
}

#[test]
fn a_worker_that_behaves_is_reported_by_the_child_as_before() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path(), "'fine'");
    let (code, report, _) = json_run(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(report["requests"][0]["body"], "fine");
    assert!(report.get("crash").is_none());
}

/// boa 0.22 asserts that an async generator's body never ends in an uncatchable error, and
/// the CPU limit is one: an endless loop inside an async generator panics the engine.
/// That is a `crash` verdict of cause `engine` with exit 1, not an internal error of
/// crosstalk.
#[test]
fn an_engine_panic_on_the_workers_code_is_a_crash_verdict() {
    let dir = tempfile::tempdir().unwrap();
    one_request(
        dir.path(),
        "hostile",
        "",
        "async function* g() { while (true) {} yield 1; }\n\
         export default { async fetch() { for await (const x of g()) {} return new Response('no'); } };\n",
    );
    let (code, report, _) = json_run(dir.path(), &[]);
    assert_eq!(code, 1, "{report}");
    assert_crash(&report, "engine");
    assert!(report["crash"]["detail"].as_str().is_some_and(|d| d.contains("boa_engine")), "{report}");
}

/// A scenario whose third request, in about a third of the schedules (its random draw),
/// overflows the engine's stack, while the first two race on module state in others.
fn crashing_sometimes(dir: &Path) {
    std::fs::write(
        dir.join("scenario.toml"),
        "name = \"mixed\"\nscript = \"worker.mjs\"\n\n\
         [[request]]\nurl = \"https://worker.example/?u=alice\"\nat = \"0ms..5ms\"\n\n\
         [[request]]\nurl = \"https://worker.example/?u=bob\"\nat = \"0ms..5ms\"\n\n\
         [[request]]\nurl = \"https://worker.example/deep\"\nat = \"0ms..5ms\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("worker.mjs"),
        "let user;\n\
         export default {\n\
           async fetch(request) {\n\
             const url = new URL(request.url);\n\
             if (url.pathname === '/deep') {\n\
               if (Math.random() < 0.3) {\n\
                 let f = function () { return 7; };\n\
                 for (let i = 0; i < 400000; i++) f = Function.prototype.call.bind(f);\n\
                 return new Response(String(f()));\n\
               }\n\
               return new Response('shallow');\n\
             }\n\
             user = url.searchParams.get('u');\n\
             await new Promise((r) => setTimeout(r, 1));\n\
             return new Response('hello ' + user);\n\
           },\n\
         };\n",
    )
    .unwrap();
}

/// The line after `found KIND …` that saves its corpus entry, and the replay command.
fn saved_entry(stdout: &str, kind: &str) -> (String, String) {
    let at = stdout.find(&format!("\nfound {kind} in ")).unwrap_or_else(|| panic!("no {kind} finding:\n{stdout}"));
    let rest = &stdout[at..];
    let saved = rest.lines().find_map(|l| l.strip_prefix("saved ")).unwrap_or_else(|| panic!("{rest}"));
    let replay = rest.lines().find(|l| l.starts_with("crosstalk replay ")).unwrap_or_else(|| panic!("{rest}"));
    (saved.to_string(), replay.to_string())
}

/// libFuzzer's fork mode, for Workers: schedules run in worker processes, so one that
/// aborts its process is a `crash` finding with a replay command, the campaign goes on,
/// and the other findings are kept.
#[test]
fn a_campaign_survives_schedules_that_crash_and_keeps_every_finding() {
    campaign_survives_crashes("auto");
}

/// The same campaign with every schedule (after the oracles' warm-up) in a fork of the
/// booted worker: a fork that overflows its stack takes its fork server down the same
/// way, and the campaign sees the same crash.
#[test]
fn a_campaign_of_forked_schedules_survives_schedules_that_crash() {
    campaign_survives_crashes("1");
}

fn campaign_survives_crashes(fork: &str) {
    let dir = tempfile::tempdir().unwrap();
    crashing_sometimes(dir.path());
    let corpus = dir.path().join("corpus");
    let fuzz = || {
        crosstalk()
            .env("CROSSTALK_FORK", fork)
            .args(["fuzz", "--runs", "40", "--keep-going", "--jobs", "2", "--corpus"])
            .arg(&corpus)
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let output = fuzz();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.starts_with("explored 40 schedules of mixed"), "{stdout}");
    let (crash_entry, crash_replay) = saved_entry(&stdout, "crash");
    let (race_entry, _) = saved_entry(&stdout, "global-state-race");
    // The report names the request whose code was running and what the run did last:
    // shrunk, the schedule is the deep request alone.
    assert!(
        stdout.contains("error[crash]: r1\n  while r1's code ran, the worker's code recursed natively"),
        "{stdout}"
    );
    assert!(stdout.contains("  last events:\n") && stdout.contains(" r1       dispatch"), "{stdout}");
    assert!(stdout.contains("error[global-state-race]: r"), "{stdout}");
    let entry: Value = serde_json::from_str(&std::fs::read_to_string(&crash_entry).unwrap()).unwrap();
    assert_eq!(entry["kind"], "crash");
    assert_eq!(entry["violations"][0]["crash"]["cause"], "stack-overflow");
    assert_eq!(entry["violations"][0]["request"], "r1", "the entry names the request: {entry}");
    assert!(Path::new(&race_entry).exists());

    // The crash entry replays as a crash: exit 1, the same cause, twice over.
    let entry_path = crash_replay.split_whitespace().nth(2).unwrap();
    for _ in 0..2 {
        let replay = crosstalk()
            .args(["replay", "--format", "json", entry_path, "--scenario"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(replay.status.code(), Some(1));
        let report: Value = serde_json::from_slice(&replay.stdout).unwrap();
        assert_crash(&report, "stack-overflow");
    }

    // A second campaign replays the corpus first (the crash again, in a worker) and
    // finds the same two kinds: the schedule numbers and entries are the same.
    let again = fuzz();
    let stdout_again = String::from_utf8_lossy(&again.stdout).to_string();
    assert_eq!(again.status.code(), Some(1), "{stdout_again}");
    assert!(stdout_again.contains("\nfound crash in corpus entry "), "{stdout_again}");
    assert!(stdout_again.contains("\nfound global-state-race in "), "{stdout_again}");
}

/// A forked schedule starts from the booted isolate, never from what an earlier schedule
/// left: module state is fresh in every one, and the top level ran at the fixed instant.
#[test]
fn every_forked_schedule_starts_from_the_booted_worker() {
    let dir = tempfile::tempdir().unwrap();
    one_request(
        dir.path(),
        "fresh",
        "0ms..50ms",
        "let served = 0;\n\
         const booted = Date.now();\n\
         export default {\n\
           async fetch() {\n\
             served += 1;\n\
             if (served !== 1 || booted !== 0) throw new Error(`served ${served}, booted at ${booted}`);\n\
             return new Response('fresh');\n\
           },\n\
         };\n",
    );
    let output = crosstalk()
        .env("CROSSTALK_FORK", "1")
        .args(["fuzz", "--runs", "60", "--jobs", "1"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.starts_with("explored 60 schedules of fresh"), "{stdout}");
}

/// `crosstalk fuzz ARGS --corpus DIR/corpus DIR`: its exit code and stdout.
fn fuzz_with_corpus(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = crosstalk().arg("fuzz").args(args).arg("--corpus").arg(dir.join("corpus")).arg(dir).output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stdout).to_string())
}

/// A schedule that outlives `--timeout` is stopped, reported as a `crash` of cause
/// `timeout` (not shrunk: every replay would take the whole timeout), and the campaign
/// ends with exit 1 in bounded time.
#[test]
fn a_campaign_stops_a_schedule_that_outlives_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path(), "/^(a+)+$/.test('a'.repeat(40) + 'b')");
    let started = Instant::now();
    let (code, stdout) = fuzz_with_corpus(dir.path(), &["--runs", "3", "--jobs", "1", "--timeout", "1s"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("\nfound crash in schedule 0 of campaign seed 0: timeout: "), "{stdout}");
    assert!(stdout.contains("not shrunk: a schedule that outlives the timeout"), "{stdout}");
    assert!(stdout.contains("error[crash]: r1\n  while r1's code ran, the work did not finish within 1 s"), "{stdout}");
    assert!(stdout.contains("\ncrosstalk replay "), "{stdout}");
    assert!(started.elapsed() < Duration::from_secs(60), "the campaign took {:?}", started.elapsed());
}

/// Exhaustive search learns from each run in the campaign's process, but runs each
/// schedule (as data: its tie-break prefix) in a worker process too.
#[test]
fn an_exhaustive_campaign_survives_a_schedule_that_crashes() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path(), NATIVE_OVERFLOW);
    let (code, stdout) = fuzz_with_corpus(dir.path(), &["--strategy", "exhaustive", "--runs", "4"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("\nfound crash in schedule 0 of campaign seed 0: stack-overflow: "), "{stdout}");
    let (entry, _) = saved_entry(&stdout, "crash");
    let entry: Value = serde_json::from_str(&std::fs::read_to_string(entry).unwrap()).unwrap();
    assert_eq!(entry["schedule"]["requests"].as_array().map(Vec::len), Some(1), "{entry}");
}

/// Module state that outgrows the isolate (32 MiB here, `memory_mb_max`) is the
/// runtime's `memory-limit` verdict with exit 1 — not a crash — the same in every run;
/// a limit of 0 is bad input, located.
#[test]
fn an_isolate_over_its_memory_limit_is_a_memory_limit_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let toml = |limit: u32| {
        format!(
            "name = \"hoard\"\nscript = \"worker.mjs\"\n\n[runtime]\nmemory_mb_max = {limit}\n\n\
             [[request]]\nurl = \"https://worker.example/\"\ncount = 4\n"
        )
    };
    std::fs::write(dir.path().join("scenario.toml"), toml(32)).unwrap();
    std::fs::write(
        dir.path().join("worker.mjs"),
        "const kept = [];\nfunction chunk(i) { return 'x'.repeat(1 << 20) + i; }\n\
         export default { async fetch() { for (let i = 0; i < 16; i++) kept.push(chunk(i)); \
         return new Response(String(kept.length)); } };\n",
    )
    .unwrap();
    let (code, report, _) = json_run(dir.path(), &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "differs-from-expect", "{report}");
    assert!(report["violations"].as_array().unwrap().iter().any(|v| v["kind"] == "memory-limit"), "{report}");
    let failed: Vec<&Value> = report["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["error"] == "Error: Worker has exceeded memory limit.")
        .collect();
    assert!(!failed.is_empty(), "{report}");
    let (_, again, _) = json_run(dir.path(), &[]);
    assert_eq!(again, report);

    std::fs::write(dir.path().join("scenario.toml"), toml(0)).unwrap();
    let output = crosstalk().arg("run").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("scenario.toml:5:") && stderr.contains("memory_mb_max must be 1 to 1048576"), "{stderr}");
}

/// In a fork, the run allocates from an arena of its own (`fork_arena.rs`) and leaves the
/// template's memory alone; what it holds is measured as in a process of its own. So a
/// campaign of forked schedules finds what one that boots every schedule finds: a request
/// that keeps more than the isolate's limit (16 MiB here: 48 strings of 512 KiB) is over
/// it, and one that makes and drops the same strings never is.
#[test]
fn forked_schedules_meet_the_memory_limit_as_fresh_ones_do() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("scenario.toml"),
        "name = \"hoard\"\nscript = \"worker.mjs\"\n\n[runtime]\nmemory_mb_max = 16\n\n\
         [[request]]\nurl = \"https://worker.example/churn\"\nat = \"0ms..5ms\"\n\n\
         [[request]]\nurl = \"https://worker.example/hoard\"\nat = \"0ms..5ms\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("worker.mjs"),
        "function chunk(c, i) { return c.repeat(1 << 19) + i; }\n\
         export default {\n\
           async fetch(request) {\n\
             const kept = [];\n\
             let total = 0;\n\
             for (let i = 0; i < 48; i++) {\n\
               const s = chunk('y', i);\n\
               total += s.length;\n\
               if (new URL(request.url).pathname === '/hoard') kept.push(s);\n\
             }\n\
             return new Response(String(total + kept.length));\n\
           },\n\
         };\n",
    )
    .unwrap();
    let campaign = |fork: &str| {
        let output = crosstalk()
            .env("CROSSTALK_FORK", fork)
            .args(["fuzz", "--runs", "6", "--keep-going", "--jobs", "1", "--corpus"])
            .arg(dir.path().join(format!("corpus-{fork}")))
            .arg(dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).to_string();
        assert_eq!(output.status.code(), Some(1), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
        let found: Vec<String> = stdout.lines().filter(|l| l.starts_with("found ")).map(str::to_string).collect();
        (found, stdout)
    };
    let (forked, stdout) = campaign("1");
    let (fresh, _) = campaign("0");
    // One finding: the hoarding request alone, shrunk.
    assert_eq!(forked.len(), 1, "{stdout}");
    assert!(forked[0].starts_with("found memory-limit in schedule 0 of campaign seed 0: r1: "), "{stdout}");
    assert!(stdout.contains("GET https://worker.example/hoard → isolate 0"), "{stdout}");
    assert!(!stdout.contains("GET https://worker.example/churn → isolate 0"), "{stdout}");
    assert_eq!(forked, fresh);
}
