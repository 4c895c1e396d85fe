//! Hostile worker code gets the runtime's verdict, never a crash of the tool.
//! Expected values are V8's (node 20): it parses 1,500 nested parentheses and throws
//! `RangeError: Maximum call stack size exceeded` for 10,000.

mod common;

use common::*;
use crosstalk_runtime::{FirstScheduler, Model, MsRange, simulate};

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
