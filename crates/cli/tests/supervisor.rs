//! Hostile worker code that breaks the engine itself still gets a verdict: `run`, `replay`,
//! `trace` and `check` work in a supervised child process, and a child that aborts,
//! overflows its stack or outlives `--timeout` is a `crash` verdict with exit 1
//! (INTERFACES.md: 1 = a violation the scenario does not expect), never an abort (134),
//! a hang or an out-of-memory machine.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

fn crosstalk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosstalk"))
}

/// A one-request scenario whose module worker answers with `String(EXPRESSION)`.
fn hostile(dir: &Path, expression: &str) {
    std::fs::write(
        dir.join("scenario.toml"),
        "name = \"hostile\"\nscript = \"worker.mjs\"\n\n[[request]]\nurl = \"https://worker.example/\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("worker.mjs"),
        format!("export default {{ fetch() {{ return new Response(String({expression})); }} }};\n"),
    )
    .unwrap();
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

#[test]
fn native_recursion_through_deeply_nested_data_is_a_crash_verdict() {
    let dir = tempfile::tempdir().unwrap();
    hostile(
        dir.path(),
        "(() => { let o = {}; for (let i = 0; i < 100000; i++) o = { o }; return JSON.stringify(o); })()",
    );
    let (code, report, _) = json_run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_crash(&report, "stack-overflow");
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

#[test]
fn the_text_report_names_the_crash_and_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    hostile(
        dir.path(),
        "(() => { let a = []; for (let i = 0; i < 100000; i++) a = [a]; return a.flat(Infinity).length; })()",
    );
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
/// the engine's recursion limit is one: deep recursion inside an async generator panics
/// the engine. That is a `crash` verdict of cause `engine` with exit 1, not an internal
/// error of crosstalk.
#[test]
fn an_engine_panic_on_the_workers_code_is_a_crash_verdict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("scenario.toml"),
        "name = \"hostile\"\nscript = \"worker.mjs\"\n\n[[request]]\nurl = \"https://worker.example/\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("worker.mjs"),
        "async function* g() { const f = () => f(); f(); yield 1; }\n\
         export default { async fetch() { for await (const x of g()) {} return new Response('no'); } };\n",
    )
    .unwrap();
    let (code, report, _) = json_run(dir.path(), &[]);
    assert_eq!(code, 1, "{report}");
    assert_crash(&report, "engine");
    assert!(report["crash"]["detail"].as_str().is_some_and(|d| d.contains("boa_engine")), "{report}");
}
