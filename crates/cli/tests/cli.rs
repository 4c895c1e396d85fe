//! The `crosstalk` binary end to end: every command, every exit code of INTERFACES.md,
//! and bad arguments. Scenarios are the small fixtures under `tests/fixtures/scenarios/`
//! (never the project's own, which change with the model); anything a command writes
//! goes to a temporary folder.

use std::fmt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios").join(name)
}

fn crosstalk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosstalk"))
}

fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// The keys of a JSON object in the order they were written.
struct KeyOrder(Vec<String>);

impl<'de> Deserialize<'de> for KeyOrder {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = KeyOrder;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyOrder, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(KeyOrder(keys))
            }
        }
        deserializer.deserialize_map(Keys)
    }
}

/// The key order of the report's requests and violations.
#[derive(serde::Deserialize)]
struct Nested {
    requests: Vec<KeyOrder>,
    violations: Vec<KeyOrder>,
}

/// Copies a fixture into `<root>/scenarios/<name>`, the layout of a real project.
fn project_with(root: &Path, name: &str) -> PathBuf {
    let dir = root.join("scenarios").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for item in std::fs::read_dir(fixture(name)).unwrap() {
        let path = item.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

// ---------------------------------------------------------------- run

#[test]
fn run_exits_0_when_the_verdict_matches_expect() {
    crosstalk()
        .args(["run"])
        .arg(fixture("blocker"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("verdict: matches-expect"))
        .stdout(predicate::str::contains("error[hang]: r2"))
        .stdout(predicate::str::contains("r1   GET https://worker.example/"));
}

#[test]
fn run_exits_1_on_a_violation_the_scenario_does_not_expect() {
    crosstalk()
        .args(["run", "--seed", "3"])
        .arg(fixture("surprise"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("verdict: differs-from-expect; unexpected: hang"));
}

#[test]
fn run_json_report_has_the_interface_keys_in_order() {
    let assert = crosstalk().args(["run", "--seed", "7", "--format", "json"]).arg(fixture("blocker")).assert().code(0);
    let text = stdout_of(&assert);
    assert_eq!(text.lines().count(), 1, "one JSON object on one line");
    let KeyOrder(keys) = serde_json::from_str(&text).unwrap();
    assert_eq!(keys, ["scenario", "seed", "schedule", "requests", "violations", "trace", "verdict", "start_time"]);
    // No `[runtime] start_time`: virtual time starts at the documented default.
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["start_time"], "2024-01-01T00:00:00Z");
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["scenario"], "blocker");
    assert_eq!(report["seed"], 7);
    assert_eq!(report["verdict"], "matches-expect");
    let nested: Nested = serde_json::from_str(&text).unwrap();
    for KeyOrder(request_keys) in &nested.requests {
        assert_eq!(
            request_keys,
            &["id", "url", "isolate", "arrived_ms", "responded_ms", "outcome", "status", "body", "error"]
        );
    }
    assert_eq!(nested.violations[0].0[..5], ["kind", "request", "message", "related", "location"]);
    assert_eq!(report["requests"][1]["outcome"], "error");
    assert_eq!(report["requests"][1]["status"], 500);
    assert!(report["requests"][1]["error"].as_str().unwrap().contains("never generate a response"));
    let kinds: Vec<&str> =
        report["violations"].as_array().unwrap().iter().map(|v| v["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"hang") && kinds.contains(&"cross-request-await"), "{kinds:?}");
    for event in report["trace"].as_array().unwrap() {
        assert!(event["t_ms"].is_u64() && event["owner"].is_string() && event["event"].is_string(), "{event}");
    }
    let console = report["trace"].as_array().unwrap().iter().find(|e| e["event"] == "console").unwrap();
    assert_eq!((console["level"].as_str(), console["text"].as_str()), (Some("log"), Some("waiting")));
}

#[test]
fn run_replays_the_schedule_of_a_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let assert =
        crosstalk().args(["run", "--seed", "11", "--format", "json"]).arg(fixture("surprise")).assert().code(1);
    let first: Value = serde_json::from_str(&stdout_of(&assert)).unwrap();
    let report_path = dir.path().join("report.json");
    std::fs::write(&report_path, stdout_of(&assert)).unwrap();
    let schedule_path = dir.path().join("schedule.json");
    std::fs::write(&schedule_path, serde_json::to_string(&first["schedule"]).unwrap()).unwrap();
    for file in [&report_path, &schedule_path] {
        let again = crosstalk()
            .args(["run", "--format", "json", "--schedule"])
            .arg(file)
            .arg(fixture("surprise"))
            .assert()
            .code(1);
        let second: Value = serde_json::from_str(&stdout_of(&again)).unwrap();
        assert_eq!(second["seed"], Value::Null, "an explicit schedule has no seed");
        assert_eq!(first["trace"], second["trace"], "the schedule replays the same run");
        assert_eq!(first["requests"], second["requests"]);
    }
}

#[test]
fn run_takes_a_profile_override() {
    crosstalk()
        .args(["run", "--profile", "workerd"])
        .arg(fixture("clean"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("profile workerd"));
}

// ---------------------------------------------------------------- bad input (2)

#[test]
fn a_bad_scenario_file_exits_2_with_its_location() {
    crosstalk()
        .arg("run")
        .arg(fixture("bad-toml"))
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("bad-toml/scenario.toml:6:1: error: unknown key 'latncy'"));
}

#[test]
fn a_script_syntax_error_exits_2() {
    crosstalk()
        .args(["trace", "--format", "text"])
        .arg(fixture("bad-script"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("worker.js:3:1: syntax error"));
}

/// The 1-based line and column where `needle` starts in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle:?} is in the fixture"));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (text[..offset].matches('\n').count() + 1, text[line_start..offset].chars().count() + 1)
}

#[test]
fn a_bug_in_a_typescript_module_is_reported_at_its_ts_line_and_column() {
    // The fixture's `main` is src/index.ts; the bug is in a module it imports through a
    // tsconfig `paths` alias. The engine runs the transpiled JavaScript; the report must
    // name the .ts file, the line and column of the property read on `undefined` (as a
    // JS engine reports it: the property name), and quote the .ts line.
    let file = fixture("typescript-bug").join("src/lib/settings.ts");
    let source = std::fs::read_to_string(&file).unwrap();
    let (line, column) = position_of(&source, "greeting.trim()");
    let at = format!("src/lib/settings.ts:{line}:{column}");
    let quoted = format!("> {line} |   return settings!.greeting.trim();");
    let assert = crosstalk().arg("run").arg(fixture("typescript-bug")).assert().code(1);
    let out = stdout_of(&assert);
    assert!(out.contains(&format!("error[uncaught-error]: r2 at {at}")), "{out}");
    assert!(out.contains(&quoted), "{out}");
    assert!(out.contains("r1   GET https://worker.example/?settings=default") && out.contains(": \"hello\""), "{out}");
    let json = crosstalk().args(["run", "--format", "json"]).arg(fixture("typescript-bug")).assert().code(1);
    let report: Value = serde_json::from_str(&stdout_of(&json)).unwrap();
    let stack = report["trace"].as_array().and_then(|t| t.iter().find_map(|e| e["stack"].as_str())).unwrap_or("");
    assert!(stack.starts_with(&format!("    at greeting ({at})")), "{stack}");
}

#[test]
fn a_bug_in_a_commonjs_module_is_reported_at_its_own_line_and_column() {
    // The CommonJS body is wrapped on its first line; the report must still name the
    // file's own columns there, and its own line numbers below.
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("cjs-bug");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("wrangler.toml"),
        "name = \"x\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-11-17\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("scenario.toml"), "name = \"x\"\nworker = \"wrangler.toml\"\n[[request]]\nurl = \"https://a.example/?first\"\n[[request]]\nurl = \"https://a.example/\"\nat = \"5ms\"\n")
        .unwrap();
    std::fs::write(
        dir.join("src/index.js"),
        "import { first, second } from \"./lib.cjs\";\nexport default { fetch(r) { return new Response(r.url.endsWith(\"?first\") ? first({}) : second({})); } };\n",
    )
    .unwrap();
    let lib = "exports.first = function (o) { return o.deep.value; };\n\nexports.second = function (o) {\n  return o.other.value;\n};\n";
    std::fs::write(dir.join("src/lib.cjs"), lib).unwrap();
    let (line1, column1) = position_of(lib, "value; };");
    let (line2, column2) = position_of(lib, "value;\n};");
    let assert = crosstalk().arg("run").arg(&dir).assert().code(1);
    let out = stdout_of(&assert);
    assert!(out.contains(&format!("error[uncaught-error]: r1 at src/lib.cjs:{line1}:{column1}")), "{out}");
    assert!(out.contains(&format!("error[uncaught-error]: r2 at src/lib.cjs:{line2}:{column2}")), "{out}");
}

#[test]
fn a_typescript_syntax_error_exits_2_located_in_the_ts_file() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("ts-syntax");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("wrangler.toml"),
        "name = \"x\"\nmain = \"src/index.ts\"\ncompatibility_date = \"2026-11-17\"\n",
    )
    .unwrap();
    let source = "type Answer = { text: string };\n\nexport default {\n  fetch(): Response {\n    const a: Answer = { text: \"hi\" ;\n    return new Response(a.text);\n  },\n};\n";
    std::fs::write(dir.join("src/index.ts"), source).unwrap();
    std::fs::write(
        dir.join("scenario.toml"),
        "name = \"x\"\nworker = \"wrangler.toml\"\n[[request]]\nurl = \"https://a.example/\"\n",
    )
    .unwrap();
    let (line, column) = position_of(source, ";\n    return");
    crosstalk()
        .arg("run")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("src/index.ts:{line}:{column}: error:")));
}

#[test]
fn a_missing_scenario_or_schedule_exits_2() {
    crosstalk()
        .args(["run", "no/such/scenario"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the scenario"));
    crosstalk()
        .args(["run", "--schedule", "no-such-schedule.json"])
        .arg(fixture("clean"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the schedule"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"requests": "none"}"#).unwrap();
    crosstalk()
        .args(["run", "--schedule"])
        .arg(&bad)
        .arg(fixture("clean"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a schedule"));
}

#[test]
fn bad_arguments_exit_2() {
    let clean = fixture("clean");
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["frobnicate"],
        vec!["run"],
        vec!["run", "--format", "xml", "X"],
        vec!["run", "--seed", "many", "X"],
        vec!["run", "--seed", "1", "--schedule", "s.json", "X"],
        vec!["run", "--profile", "production-2019", "X"],
        vec!["fuzz", "--shard", "4/4", "X"],
        vec!["fuzz", "--shard", "two", "X"],
        vec!["fuzz", "--time", "30", "X"],
        vec!["fuzz", "--strategy", "bfs", "X"],
        vec!["fuzz", "--jobs", "0", "X"],
        vec!["trace", "--format", "svg", "X"],
        vec!["replay"],
    ];
    for case in cases {
        let args: Vec<&std::ffi::OsStr> =
            case.iter().map(|a| if *a == "X" { clean.as_os_str() } else { std::ffi::OsStr::new(a) }).collect();
        crosstalk().args(&args).assert().code(2).stdout(predicate::str::is_empty());
    }
}

#[test]
fn help_and_version_exit_0() {
    crosstalk().arg("--help").assert().code(0).stdout(predicate::str::contains("fuzz"));
    crosstalk().arg("--version").assert().code(0).stdout(predicate::str::contains("crosstalk"));
}

// ---------------------------------------------------------------- internal error (3)

#[test]
fn an_internal_model_error_exits_3() {
    // The runtime cannot install a service-worker binding that clashes with the
    // non-configurable global `NaN`; it reports ModelError::Internal.
    crosstalk()
        .arg("run")
        .arg(fixture("env-clash"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("internal error:"))
        .stderr(predicate::str::contains("bug in crosstalk"));
}

// ---------------------------------------------------------------- fuzz and replay

#[test]
fn fuzz_finds_shrinks_saves_and_prints_the_replay_command() {
    let project = tempfile::tempdir().unwrap();
    project_with(project.path(), "surprise");
    let assert = crosstalk()
        .current_dir(project.path())
        .args(["fuzz", "scenarios/surprise", "--runs", "20", "--jobs", "2", "--seed", "5"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("fuzz surprise:"))
        .stderr(predicate::str::contains("\u{1b}[").not());
    let stdout = stdout_of(&assert);
    assert!(stdout.contains("found hang in"), "{stdout}");
    assert!(stdout.contains("shrunk in"), "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("crosstalk replay corpus/surprise/hang-"), "{last}");
    assert!(!last.contains("--scenario"), "the default lookup finds scenarios/surprise: {last}");
    let entry_path = project.path().join(last.trim_start_matches("crosstalk replay "));
    let entry: Value = serde_json::from_str(&std::fs::read_to_string(&entry_path).unwrap()).unwrap();
    assert_eq!(entry["scenario"], "surprise");
    assert_eq!(entry["kind"], "hang");
    assert_eq!(entry["schedule"]["requests"].as_array().unwrap().len(), 2, "shrunk to the two requests a hang needs");

    // The printed command works as printed, from the project root.
    let replay: Vec<&str> = last.split(' ').skip(1).collect();
    crosstalk()
        .current_dir(project.path())
        .args(&replay)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unexpected: hang"));

    // Once the scenario expects the hang, the entry matches: replay exits 0.
    let toml = project.path().join("scenarios/surprise/scenario.toml");
    let fixed = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("violations = []", r#"violations = ["hang", "cross-request-await"]"#);
    std::fs::write(&toml, fixed).unwrap();
    crosstalk()
        .current_dir(project.path())
        .args(&replay)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("matches-expect"));

    // The next campaign replays the corpus first.
    crosstalk()
        .current_dir(project.path())
        .args(["fuzz", "scenarios/surprise", "--runs", "4", "--jobs", "1"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("1 corpus entries replayed first"));
}

#[test]
fn env_runs_a_wrangler_environment_and_a_corpus_entry_replays_under_it() {
    // wrangler's rule: [env.staging] does not inherit the top-level vars, so API is
    // missing there and the fixture's worker throws.
    let project = tempfile::tempdir().unwrap();
    let dir = project.path().join("scenarios/envs");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    for file in ["wrangler.toml", "scenario.toml", "src/index.js"] {
        std::fs::copy(fixture("envs").join(file), dir.join(file)).unwrap();
    }
    let run = |extra: &[&str]| {
        let mut command = crosstalk();
        command.current_dir(project.path()).args(["run", "scenarios/envs", "--format", "json"]).args(extra);
        command
    };
    let top = run(&[]).assert().code(0);
    let report: Value = serde_json::from_str(&stdout_of(&top)).unwrap();
    assert_eq!(report["requests"][0]["body"], "production https://api.example");
    let staging = run(&["--env", "staging"]).assert().code(1);
    let report: Value = serde_json::from_str(&stdout_of(&staging)).unwrap();
    assert_eq!(report["requests"][0]["error"], "Error: staging: API is not configured");
    run(&["--env", "prod"]).assert().code(2).stderr(predicate::str::contains("no environment 'prod'"));

    let assert = crosstalk()
        .current_dir(project.path())
        .args(["fuzz", "scenarios/envs", "--runs", "2", "--jobs", "1", "--env", "staging"])
        .assert()
        .code(1);
    let stdout = stdout_of(&assert);
    let last = stdout.lines().last().unwrap();
    let entry_path = project.path().join(last.trim_start_matches("crosstalk replay "));
    let entry: Value = serde_json::from_str(&std::fs::read_to_string(&entry_path).unwrap()).unwrap();
    assert_eq!(entry["worker_env"], "staging", "{stdout}");
    let replay: Vec<&str> = last.split(' ').skip(1).collect();
    crosstalk()
        .current_dir(project.path())
        .args(&replay)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unexpected: uncaught-error"));
}

#[test]
fn start_time_moves_the_clock_and_a_corpus_entry_replays_under_the_clock_it_was_found_with() {
    // The fixture's token is valid until 2025-12-31T23:59:59Z: clean from the default
    // start (2024-01-01), an uncaught error from 2026-12-01 on.
    let project = tempfile::tempdir().unwrap();
    project_with(project.path(), "expiry");
    let run = |extra: &[&str]| {
        let mut command = crosstalk();
        command.current_dir(project.path()).args(["run", "scenarios/expiry", "--format", "json"]).args(extra);
        command
    };
    let clean = run(&[]).assert().code(0);
    let report: Value = serde_json::from_str(&stdout_of(&clean)).unwrap();
    assert_eq!(
        (report["start_time"].as_str(), report["requests"][0]["body"].as_str()),
        (Some("2024-01-01T00:00:00Z"), Some("token valid"))
    );
    let late = run(&["--start-time", "2026-12-01T00:00:00Z"]).assert().code(1);
    let report: Value = serde_json::from_str(&stdout_of(&late)).unwrap();
    assert_eq!(report["start_time"], "2026-12-01T00:00:00Z");
    assert_eq!(report["requests"][0]["error"], "Error: token expired at 2025-12-31T23:59:59.000Z");
    run(&["--start-time", "2026-02-30"]).assert().code(2).stderr(predicate::str::contains("no such date"));

    // A campaign under --start-time records the clock in its entry; replay uses it
    // without being told, and --start-time overrides it.
    let assert = crosstalk()
        .current_dir(project.path())
        .args(["fuzz", "scenarios/expiry", "--runs", "4", "--jobs", "1", "--start-time", "2026-12-01T00:00:00Z"])
        .assert()
        .code(1);
    let stdout = stdout_of(&assert);
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("crosstalk replay corpus/expiry/uncaught-error-"), "{stdout}");
    let entry_path = project.path().join(last.trim_start_matches("crosstalk replay "));
    let entry: Value = serde_json::from_str(&std::fs::read_to_string(&entry_path).unwrap()).unwrap();
    assert_eq!(entry["start_time"], "2026-12-01T00:00:00Z");
    let replay: Vec<&str> = last.split(' ').skip(1).collect();
    crosstalk()
        .current_dir(project.path())
        .args(&replay)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unexpected: uncaught-error"));
    crosstalk()
        .current_dir(project.path())
        .args(&replay)
        .args(["--start-time", "2025-06-01T00:00:00Z"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("matches-expect"));
}

#[test]
fn fuzz_keep_going_with_shards_and_strategies() {
    let corpus = tempfile::tempdir().unwrap();
    for strategy in ["random", "pct", "exhaustive"] {
        crosstalk()
            .args(["fuzz", "--runs", "8", "--strategy", strategy, "--shard", "1/2", "--jobs", "2", "--corpus"])
            .arg(corpus.path())
            .arg(fixture("clean"))
            .assert()
            .code(0)
            .stdout(predicate::str::contains("no unexpected violation"));
    }
    let assert = crosstalk()
        .args(["fuzz", "--runs", "6", "--keep-going", "--jobs", "1", "--corpus"])
        .arg(corpus.path())
        .arg(fixture("surprise"))
        .assert()
        .code(1);
    let stdout = stdout_of(&assert);
    assert!(stdout.contains("explored 6 schedules"), "--keep-going runs every schedule: {stdout}");
    assert!(stdout.lines().last().unwrap().starts_with("crosstalk replay "), "{stdout}");
}

#[test]
fn fuzz_stops_at_the_time_limit() {
    let corpus = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    crosstalk()
        .args(["fuzz", "--time", "300ms", "--jobs", "1", "--corpus"])
        .arg(corpus.path())
        .arg(fixture("clean"))
        .assert()
        .code(0);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn fuzz_exits_1_when_an_expected_violation_never_shows() {
    let project = tempfile::tempdir().unwrap();
    let dir = project_with(project.path(), "clean");
    let toml = dir.join("scenario.toml");
    std::fs::write(
        &toml,
        std::fs::read_to_string(&toml).unwrap().replace("violations = []", r#"violations = ["hang"]"#),
    )
    .unwrap();
    crosstalk()
        .current_dir(project.path())
        .args(["fuzz", "scenarios/clean", "--runs", "4"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("expected but never seen: hang"));
}

#[test]
fn replay_of_a_file_that_is_not_an_entry_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("entry.json");
    std::fs::write(&bad, "{ not json").unwrap();
    crosstalk().arg("replay").arg(&bad).assert().code(2).stderr(predicate::str::contains("not a corpus entry"));
    std::fs::write(
        &bad,
        r#"{"scenario": "nowhere", "campaign_seed": 0, "kind": "hang", "schedule": {"requests": []}}"#,
    )
    .unwrap();
    crosstalk()
        .arg("replay")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot find scenario 'nowhere'"));
}

// ---------------------------------------------------------------- trace

#[test]
fn trace_perfetto_is_trace_event_json_with_a_track_per_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("blocker.perfetto.json");
    crosstalk()
        .args(["trace", "--seed", "0", "--format", "perfetto", "-o"])
        .arg(&file)
        .arg(fixture("blocker"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("ui.perfetto.dev"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let events = doc["traceEvents"].as_array().unwrap();
    for event in events {
        let ph = event["ph"].as_str().unwrap();
        assert!(["M", "X", "i", "s", "f"].contains(&ph), "{event}");
        assert!(event["pid"].is_u64() && event["tid"].is_u64() && event["name"].is_string(), "{event}");
        if ph != "M" {
            assert!(event["ts"].is_u64(), "{event}");
        }
    }
    let track = |name: &str| {
        events
            .iter()
            .find(|e| e["ph"] == "M" && e["name"] == "thread_name" && e["args"]["name"] == name)
            .map(|e| e["tid"].as_u64().unwrap())
            .unwrap_or_else(|| panic!("no track {name}"))
    };
    let (r1, r2, startup) = (track("r1"), track("r2"), track("startup"));
    let names = |ph: &str, tid: u64| -> Vec<String> {
        events
            .iter()
            .filter(|e| e["ph"] == ph && e["tid"] == tid)
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(names("X", r1).iter().any(|n| n == "dispatch GET https://worker.example/"), "{:?}", names("X", r1));
    assert!(names("X", r1).iter().any(|n| n == "timer #1"), "{:?}", names("X", r1));
    assert_eq!(names("X", startup), ["startup"]);
    assert!(names("i", r2).contains(&"hang".to_string()), "{:?}", names("i", r2));
    assert!(names("i", r2).contains(&"console.log: waiting".to_string()), "{:?}", names("i", r2));
    // r1's timer settles the promise r2 awaited: a flow from r2's track to r1's.
    let starts: Vec<&Value> = events.iter().filter(|e| e["ph"] == "s").collect();
    let finishes: Vec<&Value> = events.iter().filter(|e| e["ph"] == "f").collect();
    assert_eq!(starts.len(), 1, "{starts:?}");
    assert_eq!(finishes.len(), 1);
    assert_eq!(starts[0]["id"], finishes[0]["id"]);
    assert_eq!((starts[0]["tid"].as_u64(), finishes[0]["tid"].as_u64()), (Some(r2), Some(r1)));
}

#[test]
fn trace_mermaid_and_text() {
    crosstalk()
        .args(["trace", "--format", "mermaid"])
        .arg(fixture("blocker"))
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("sequenceDiagram\n"))
        .stdout(predicate::str::contains("r1-)r2: 20000ms resolves r2's reaction at worker.js:14:3"))
        .stdout(predicate::str::contains("Note over r2: 5ms hang:"));
    let assert = crosstalk().args(["trace", "--format", "text"]).arg(fixture("blocker")).assert().code(0);
    let text = stdout_of(&assert);
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("st") && header.contains("r1") && header.contains("r2") && header.contains("event"),
        "{header}"
    );
    assert!(text.lines().any(|l| l.contains("hang") && l.trim_start().starts_with("5ms")), "{text}");
}

// ---------------------------------------------------------------- check

#[test]
fn check_runs_every_scenario_and_exits_with_the_worst_code() {
    let corpus = tempfile::tempdir().unwrap();
    let check = |scenarios: &[&str]| {
        let mut command = crosstalk();
        command.args(["check", "--runs", "4", "--jobs", "1", "--corpus"]).arg(corpus.path());
        for s in scenarios {
            command.arg(fixture(s));
        }
        command.assert()
    };
    check(&["blocker", "clean"])
        .code(0)
        .stdout(predicate::str::contains("ok    blocker"))
        .stdout(predicate::str::contains("ok    clean"))
        .stdout(predicate::str::ends_with("check: 2 passed, 0 failed\n"));
    let assert = check(&["clean", "surprise"]).code(1);
    let stdout = stdout_of(&assert);
    assert!(stdout.contains("FAIL  surprise  unexpected hang in pinned seed 0"), "{stdout}");
    assert!(stdout.contains("shrunk schedule: {\"requests\":[{"), "{stdout}");
    assert!(stdout.contains("replay: crosstalk replay "), "{stdout}");
    assert!(stdout.ends_with("check: 1 passed, 1 failed\n"), "{stdout}");
    check(&["clean", "surprise", "bad-toml"]).code(2).stderr(predicate::str::contains("unknown key 'latncy'"));
    check(&["clean", "env-clash"]).code(3);
}

#[test]
fn check_json_prints_one_report_per_scenario() {
    let corpus = tempfile::tempdir().unwrap();
    let assert = crosstalk()
        .args(["check", "--runs", "2", "--format", "json", "--corpus"])
        .arg(corpus.path())
        .arg(fixture("blocker"))
        .arg(fixture("surprise"))
        .assert()
        .code(1);
    let lines: Vec<Value> = stdout_of(&assert).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0]["scenario"].as_str(), lines[0]["verdict"].as_str()),
        (Some("blocker"), Some("matches-expect"))
    );
    assert_eq!(
        (lines[1]["scenario"].as_str(), lines[1]["verdict"].as_str()),
        (Some("surprise"), Some("differs-from-expect"))
    );
    assert_eq!(
        lines[1]["schedule"]["requests"].as_array().unwrap().len(),
        2,
        "the shrunk failing schedule is reported"
    );
}

#[test]
fn check_without_arguments_finds_the_project_scenarios() {
    let project = tempfile::tempdir().unwrap();
    project_with(project.path(), "clean");
    project_with(project.path(), "blocker");
    std::fs::create_dir_all(project.path().join("scenarios/draft")).unwrap();
    crosstalk()
        .current_dir(project.path().join("scenarios"))
        .args(["check", "--runs", "2"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ok    blocker"))
        .stdout(predicate::str::contains("check: 2 passed, 0 failed"))
        .stderr(
            predicate::str::contains("skipped scenarios/draft: no scenario.toml")
                .or(predicate::str::contains("draft: no scenario.toml")),
        );
}

#[test]
fn expect_override_replaces_the_scenarios_expect() {
    // The fixture expects its hang: as written it matches.
    crosstalk().args(["run"]).arg(fixture("blocker")).assert().code(0);
    // Treated as a worker that must be clean, the same run is a failure...
    crosstalk().args(["run"]).arg(fixture("blocker")).args(["--expect", "clean"]).assert().code(1);
    // ...and listing the kinds explicitly matches again.
    crosstalk().args(["run"]).arg(fixture("blocker")).args(["--expect", "hang, cross-request-await"]).assert().code(0);
    crosstalk()
        .args(["run"])
        .arg(fixture("blocker"))
        .args(["--expect", "hangg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown violation kind 'hangg'"));
}

#[test]
fn fuzz_with_expect_clean_prints_a_replay_command_that_keeps_the_override() {
    let corpus = tempfile::tempdir().unwrap();
    let assert = crosstalk()
        .args(["fuzz"])
        .arg(fixture("blocker"))
        .args(["--expect", "clean", "--runs", "20", "--jobs", "1", "--corpus"])
        .arg(corpus.path())
        .assert()
        .code(1);
    let out = stdout_of(&assert);
    let last = out.lines().last().unwrap_or_default();
    assert!(last.starts_with("crosstalk replay ") && last.ends_with("--expect clean"), "{last}");
}

#[test]
fn using_an_unmodelled_binding_is_bad_input_with_its_location() {
    crosstalk()
        .args(["run"])
        .arg(fixture("unmodelled-binding"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("warning: env.VECTORS (vectorize) is not modelled"))
        .stderr(predicate::str::contains("worker.mjs:"))
        .stderr(predicate::str::contains("used env.VECTORS.query, but env.VECTORS is a vectorize binding"));
}

#[test]
fn a_corpus_entry_remembers_the_profile_it_was_found_under() {
    let corpus = tempfile::tempdir().unwrap();
    let assert = crosstalk()
        .args(["fuzz"])
        .arg(fixture("blocker"))
        .args(["--expect", "clean", "--profile", "workerd", "--runs", "10", "--jobs", "1", "--corpus"])
        .arg(corpus.path())
        .assert()
        .code(1);
    let out = stdout_of(&assert);
    let command = out.lines().last().unwrap_or_default().to_string();
    assert!(!command.contains("--profile"), "replay reads the profile from the entry: {command}");
    let saved = std::fs::read_dir(corpus.path().join("blocker")).unwrap().next().unwrap().unwrap().path();
    let entry: Value = serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(entry["profile"], "workerd");
    let replayed = crosstalk()
        .args(["replay"])
        .arg(&saved)
        .args(["--scenario"])
        .arg(fixture("blocker"))
        .args(["--expect", "clean"])
        .assert()
        .code(1);
    assert!(stdout_of(&replayed).contains("profile workerd"));
}

#[test]
fn check_fails_when_a_replay_differs_from_its_first_run() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("../harness/tests/fixtures/nondeterministic");
    let corpus = tempfile::tempdir().unwrap();
    let check = |probe: bool| {
        let mut command = crosstalk();
        command.args(["check", "--runs", "2", "--jobs", "1", "--corpus"]).arg(corpus.path()).arg(&scenario);
        if probe {
            command.arg("--nondeterminism-probe");
        }
        command.assert()
    };
    // The trace is arrival, startup, dispatch, then the console line with the counter.
    check(true).code(1).stdout(predicate::str::starts_with(
        "FAIL  nondeterministic  nondeterministic: replaying pinned seed 0 gave a different run: trace event 3 differs\n      first run: {\"t_ms\":0,\"owner\":\"r1\",\"event\":\"console\",\"level\":\"log\",\"text\":\"counter 0\"}\n",
    ));
    check(false).code(0).stdout(predicate::str::starts_with("ok    nondeterministic  (3 schedules: clean)\n"));
}

/// Issue #18's hostile sweep: `--runs 0` and an `--expect` that names nothing are bad
/// input (exit 2), not a campaign that explores nothing and passes.
#[test]
fn fuzz_runs_0_and_an_empty_expect_are_bad_input() {
    crosstalk().args(["fuzz", "--runs", "0"]).arg(fixture("blocker")).assert().code(2);
    crosstalk()
        .args(["run", "--expect", ","])
        .arg(fixture("blocker"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("names no violation kind"));
}

/// A verdict that cannot be written to stdout (a full disk) must not exit as if it had
/// been delivered: `/dev/full` fails every write with ENOSPC.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_is_not_exit_0() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full exists on Linux");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_crosstalk"))
        .arg("run")
        .arg(fixture("blocker"))
        .stdout(full)
        .output()
        .expect("crosstalk runs");
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write the results to stdout"));
}
