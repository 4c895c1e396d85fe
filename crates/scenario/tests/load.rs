//! Loading scenario folders: the fixtures load, and every kind of bad input is a located
//! error with a hint, never a panic.

mod common;

use common::{fixture, scenario, temp_dir};
use crosstalk_runtime::{ClientClose, MsRange, ProfileName, Syntax};
use crosstalk_scenario::{LoadError, Schedule, load};

/// Writes a scenario folder with `worker.js` and the given `scenario.toml`, and loads it.
fn load_text(name: &str, toml: &str) -> Result<crosstalk_scenario::Scenario, LoadError> {
    let dir = temp_dir(name);
    std::fs::write(dir.join("worker.js"), "addEventListener('fetch', e => e.respondWith(new Response('ok')));")
        .unwrap();
    std::fs::write(dir.join("scenario.toml"), toml).unwrap();
    load(&dir)
}

fn error(name: &str, toml: &str) -> LoadError {
    load_text(name, toml).expect_err("the scenario is invalid")
}

const HEAD: &str = "name = \"t\"\nscript = \"worker.js\"\n";
const REQUEST: &str = "[[request]]\nurl = \"https://worker.example/\"\n";

#[test]
fn fixtures_load_with_counts_defaults_and_expect() {
    let s = scenario("blocker");
    assert_eq!((s.name.as_str(), s.syntax, s.requests.len()), ("blocker", Syntax::ServiceWorker, 10));
    assert!(s.requests.iter().all(|r| r.method == "GET" && r.arrival == MsRange::new_range(0, 50)));
    assert_eq!(s.expect.violations, Some(vec!["hang".to_string()]));
    let m = scenario("modules");
    assert_eq!((m.syntax, m.runtime.profile, m.requests.len()), (Syntax::Module, ProfileName::Workerd, 1));
    // The scenario file can also be named directly.
    assert_eq!(load(format!("{}/scenario.toml", fixture("blocker"))).unwrap(), s);
}

#[test]
fn module_scenarios_import_relative_modules_and_read_env() {
    let s = scenario("modules");
    let run = Schedule::defaults(&s).replay(&s, None).unwrap();
    assert_eq!(run.requests[0].body.as_deref(), Some("HI!"));
}

#[test]
fn unknown_key_points_at_the_key_with_a_suggestion() {
    let e =
        error("unknown", &format!("{HEAD}{REQUEST}\n[[origin]]\nurl = \"https://api.example/*\"\nlatncy = \"20ms\"\n"));
    assert_eq!((e.line, e.column), (8, 1), "{e}");
    assert_eq!(e.message, "unknown key 'latncy'");
    assert_eq!(e.hint.as_deref(), Some("did you mean 'latency'?"));
    let text = e.to_string();
    assert!(
        text.ends_with("scenario.toml:8:1: error: unknown key 'latncy'\n  hint: did you mean 'latency'?"),
        "{text}"
    );
}

#[test]
fn bad_durations_and_ranges_point_at_the_value() {
    let e = error("duration", &format!("{HEAD}[[request]]\nurl = \"https://w/\"\nat = \"20\"\n"));
    assert_eq!((e.line, e.column), (5, 6), "{e}");
    assert!(e.message.contains("no unit") && e.hint.is_some(), "{e}");
    let e = error("range", &format!("{HEAD}[[request]]\nurl = \"https://w/\"\nat = \"50ms..10ms\"\n"));
    assert!(e.message.contains("ends before it starts") && e.line == 5, "{e}");
    let e = error("number", &format!("{HEAD}{REQUEST}[[origin]]\nurl = \"https://a/\"\nlatency = 20\n"));
    assert!(e.line == 7 && e.hint.as_deref().is_some_and(|h| h.contains("\"20ms\"")), "{e}");
}

#[test]
fn missing_script_no_request_and_no_url_are_errors() {
    let e = error("script", &format!("name = \"t\"\nscript = \"missing.js\"\n{REQUEST}"));
    assert!(e.message.contains("'missing.js' does not exist") && (e.line, e.column) == (2, 10), "{e}");
    let e = error("norequest", HEAD);
    assert!(e.message.contains("sends no request") && e.hint.is_some(), "{e}");
    let e = error("nourl", &format!("{HEAD}[[request]]\nmethod = \"POST\"\n"));
    assert!(e.message.contains("has no url") && (e.line, e.column) == (3, 1), "{e}"); // at [[request]]
    let e = error("count", &format!("{HEAD}{REQUEST}count = 0\n"));
    assert!(e.message.contains("count must be at least 1"), "{e}");
}

#[test]
fn overlapping_origins_are_errors_naming_both() {
    let e = error(
        "overlap",
        &format!(
            "{HEAD}{REQUEST}[[origin]]\nurl = \"https://api.example/*\"\n[[origin]]\nurl = \"https://api.example/v1\"\n"
        ),
    );
    assert_eq!((e.line, e.column), (8, 7), "{e}");
    assert!(e.message.contains("overlaps 'https://api.example/*' (line 6)"), "{e}");
}

#[test]
fn toml_syntax_errors_profiles_and_expect_kinds_are_located() {
    let e = error("syntax", &format!("{HEAD}[[request]\n"));
    assert_eq!(e.line, 3, "{e}");
    let e = error("profile", &format!("{HEAD}{REQUEST}[runtime]\nprofile = \"prod\"\n"));
    assert!(e.message.contains("unknown profile 'prod'") && e.line == 6, "{e}");
    let e = error("kind", &format!("{HEAD}{REQUEST}[expect]\nviolations = [\"hnag\"]\n"));
    assert_eq!(e.hint.as_deref(), Some("did you mean 'hang'?"), "{e}");
    // `worker` names a wrangler project (tests/project.rs); a missing one is located.
    let e = error("worker", "worker = \"../w/wrangler.toml\"\n");
    assert!(e.message.contains("'../w/wrangler.toml' does not exist") && (e.line, e.column) == (1, 10), "{e}");
    let missing = load("/nonexistent/crosstalk/scenario").unwrap_err();
    assert!(missing.message.contains("cannot read the scenario") && missing.line == 0, "{missing}");
}

#[test]
fn kv_env_and_runtime_knobs_are_kept_as_data() {
    let s = load_text(
        "kv",
        &format!(
            "{HEAD}{REQUEST}isolate = 1\n[runtime]\nisolates = 2\nwait_until_grace_ms = 5\n[env]\nA = \"1\"\n\
             [[kv]]\nbinding = \"CACHE\"\nlatency = \"5ms..40ms\"\ndata = {{ config = \"v1\" }}\n"
        ),
    )
    .unwrap();
    assert_eq!((s.runtime.isolates, s.runtime.limits.wait_until_grace_ms, s.requests[0].isolate), (2, 5, Some(1)));
    assert_eq!(s.env.get("A").map(String::as_str), Some("1"));
    assert_eq!(s.kv[0].latency, MsRange::new_range(5, 40));
    assert_eq!(s.kv[0].data.get("config").map(String::as_str), Some("v1"));
    let e = error("isolate", &format!("{HEAD}{REQUEST}isolate = 3\n"));
    assert!(e.message.contains("isolate 3 does not exist"), "{e}");
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "=",
        "[[request]]\nurl = 5",
        "name = [1,\n",
        "\u{0}",
        "[runtime]\nisolates = -1",
        "script = \"worker.js\"\n[[origin]]\nurl = \"é*x\"\n",
    ];
    for (i, text) in inputs.iter().enumerate() {
        assert!(load_text(&format!("garbage{i}"), text).is_err(), "{text:?} must be rejected");
    }
}

/// A scenario name becomes the corpus folder `corpus/<name>/`: a name that is a path
/// (`x/../../escaped`, an absolute path) would let `fuzz` write outside `--corpus`.
#[test]
fn a_scenario_name_that_is_a_path_is_a_located_error() {
    for (i, name) in ["x/../../escaped", "/tmp/abs", "..", "a\\\\b"].into_iter().enumerate() {
        let e = error(&format!("name-path-{i}"), &format!("name = \"{name}\"\nscript = \"worker.js\"\n{REQUEST}"));
        assert_eq!((e.line, e.column), (1, 8), "{name}: {e}");
        assert!(e.message.contains("cannot name a corpus folder"), "{name}: {e}");
    }
}

#[test]
fn expect_accepts_exactly_the_checker_kinds_and_internal_error() {
    // One list: `[expect]` names are the checker's `Kind`s, plus `internal-error`.
    let names: Vec<&str> = crosstalk_checker::Kind::ALL.iter().map(|k| k.as_str()).collect();
    let listed = names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let toml = format!("{HEAD}{REQUEST}[expect]\nviolations = [{listed}, \"internal-error\"]\n");
    let s = load_text("all-kinds", &toml).expect("every checker kind is expectable");
    let mut expected: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    expected.push("internal-error".to_string());
    assert_eq!(s.expect.violations, Some(expected.clone()));
    assert_eq!(crosstalk_scenario::expectable_kinds().collect::<Vec<_>>(), expected);
    let e = error("no-such-kind", &format!("{HEAD}{REQUEST}[expect]\nviolations = [\"zzzzzzzzzzzz\"]\n"));
    assert_eq!(e.hint, Some(format!("the kinds are: {}", expected.join(", "))));
}

#[test]
fn impossible_compatibility_dates_are_located_errors() {
    let e = error("month-99", &format!("{HEAD}{REQUEST}[runtime]\ncompatibility_date = \"9999-99-99\"\n"));
    assert_eq!((e.line, e.column), (6, 22), "{e}");
    assert_eq!(e.message, "bad compatibility date '9999-99-99': there is no month 99");
    assert_eq!(e.hint.as_deref(), Some("write YYYY-MM-DD, e.g. 2024-01-01"));
    let e = error("feb-30", &format!("{HEAD}{REQUEST}[runtime]\ncompatibility_date = \"2024-02-30\"\n"));
    assert_eq!((e.line, e.column), (6, 22), "{e}");
    assert_eq!(e.message, "bad compatibility date '2024-02-30': 2024-02 has 29 days");
    // The rendering for people quotes the line and underlines the value.
    assert!(
        e.render().contains("6 | compatibility_date = \"2024-02-30\"\n  |                      ^^^^^^^^^^^^"),
        "{}",
        e.render()
    );
    let s = load_text("leap-day", &format!("{HEAD}{REQUEST}[runtime]\ncompatibility_date = \"2024-02-29\"\n")).unwrap();
    assert_eq!(s.runtime.compatibility_date.map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
}

#[test]
fn expect_severity_names_checker_kinds_and_severities_at_their_place() {
    let expect = "[expect]\nviolations = []\n[expect.severity]\n";
    let s = load_text("severity", &format!("{HEAD}{REQUEST}{expect}subrequest-queued = \"error\"\n")).unwrap();
    assert_eq!(s.expect.severity.get("subrequest-queued").map(String::as_str), Some("error"));
    let e = error("severity-kind", &format!("{HEAD}{REQUEST}{expect}dropped-wrk = \"info\"\n"));
    assert_eq!((e.line, e.column), (8, 1), "{e}");
    assert_eq!(e.message, "unknown violation kind 'dropped-wrk' in [expect.severity]");
    assert_eq!(e.hint.as_deref(), Some("did you mean 'dropped-work'?"));
    let e = error("severity-level", &format!("{HEAD}{REQUEST}{expect}dropped-work = \"fatal\"\n"));
    assert_eq!((e.line, e.column), (8, 16), "{e}");
    assert_eq!(e.message, "'fatal' is not a severity");
}

/// Absurd values are located errors, never an attempt (issue #18's hostile sweep):
/// `count = 1e9`, `isolates = 2^32-1`, `stack_depth_max = 0`, methods and header names
/// that are not RFC 9110 tokens, header values with CR/LF.
#[test]
fn absurd_counts_limits_methods_and_headers_are_located_errors() {
    let e = error("count-1e9", &format!("{HEAD}[[request]]\nurl = \"https://worker.example/\"\ncount = 1000000000\n"));
    assert_eq!((e.line, e.column), (5, 9), "{e}");
    assert!(e.message.contains("more than 10000 requests"), "{e}");
    let e = error("isolates-max", &format!("{HEAD}{REQUEST}[runtime]\nisolates = 4294967295\n"));
    assert_eq!((e.line, e.column), (6, 12), "{e}");
    assert!(e.message.contains("isolates"), "{e}");
    let e = error("stack-0", &format!("{HEAD}{REQUEST}[runtime]\nstack_depth_max = 0\n"));
    assert!(e.message.contains("stack_depth_max must be at least 1"), "{e}");
    let e = error("virtual-0", &format!("{HEAD}{REQUEST}[runtime]\nvirtual_time_max = \"0ms\"\n"));
    assert_eq!((e.line, e.column), (6, 20), "{e}");
    assert!(e.message.contains("virtual_time_max must be 1ms to 3650d"), "{e}");
    let e = error("virtual-unit", &format!("{HEAD}{REQUEST}[runtime]\nvirtual_time_max = \"2\"\n"));
    assert!(e.message.contains("has no unit"), "{e}");
    let days = load_text("virtual-2d", &format!("{HEAD}{REQUEST}[runtime]\nvirtual_time_max = \"2d\"\n")).unwrap();
    assert_eq!(days.runtime.limits.run_virtual_ms_max, 2 * 86_400_000);
    for (name, extra) in [
        ("method-space", "method = \"GE T\""),
        ("method-empty", "method = \"\""),
        ("header-name", "headers = { \"bad name\" = \"x\" }"),
        ("header-value", "headers = { \"x-a\" = \"1\\r\\nInjected: yes\" }"),
    ] {
        let e = error(name, &format!("{HEAD}[[request]]\nurl = \"https://worker.example/\"\n{extra}\n"));
        assert_eq!(e.line, 3, "{name}: {e}");
        assert!(
            e.message.contains("not an HTTP method") || e.message.contains("not a valid HTTP header"),
            "{name}: {e}"
        );
    }
    // The largest allowed values still load.
    let ok = load_text("count-max", &format!("{HEAD}[[request]]\nurl = \"https://worker.example/\"\ncount = 10000\n"));
    assert_eq!(ok.unwrap().requests.len(), 10_000);
}

#[test]
fn d1_databases_read_their_migrations_in_name_order_and_a_broken_one_is_located() {
    let dir = temp_dir("d1-load");
    std::fs::create_dir_all(dir.join("migrations")).unwrap();
    std::fs::write(dir.join("worker.js"), "addEventListener('fetch', e => e.respondWith(new Response('ok')));")
        .unwrap();
    std::fs::write(dir.join("migrations/0002_rows.sql"), "INSERT INTO t VALUES (1);\n").unwrap();
    std::fs::write(dir.join("migrations/0001_table.sql"), "CREATE TABLE t (x);\n").unwrap();
    std::fs::write(dir.join("migrations/notes.txt"), "not SQL").unwrap();
    std::fs::write(dir.join("seed.sql"), "INSERT INTO t VALUES (2);\n").unwrap();
    let toml =
        format!("{HEAD}{REQUEST}\n[[d1]]\nbinding = \"DB\"\nmigrations = \"migrations\"\nschema = \"seed.sql\"\n");
    std::fs::write(dir.join("scenario.toml"), &toml).unwrap();
    let s = load(&dir).unwrap();
    let names: Vec<&str> = s.d1[0].migrations.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["migrations/0001_table.sql", "migrations/0002_rows.sql", "seed.sql"]);
    assert_eq!(s.d1[0].latency, crosstalk_scenario::D1_LATENCY);
    assert_eq!(s.model(None).d1, s.d1);

    // A statement that fails: the error is in the SQL file, at the failing statement.
    std::fs::write(dir.join("seed.sql"), "INSERT INTO t VALUES (2);\nINSERT INTO nope VALUES (3);\n").unwrap();
    let e = load(&dir).expect_err("the seed fails");
    assert!(e.file.ends_with("seed.sql"), "{e}");
    assert_eq!((e.line, e.column), (2, 1), "{e}");
    assert_eq!(e.message, "D1 database DB: no such table: nope: SQLITE_ERROR");

    let e = error("d1-nobinding", &format!("{HEAD}{REQUEST}\n[[d1]]\nschema = \"seed.sql\"\n"));
    assert_eq!((e.line, e.message.as_str()), (6, "this [[d1]] has no binding"));
    let e = error("d1-nofolder", &format!("{HEAD}{REQUEST}\n[[d1]]\nbinding = \"DB\"\nmigrations = \"gone\"\n"));
    assert_eq!((e.line, e.message.as_str()), (8, "'gone' is not a folder"));
}

#[test]
fn scheduled_and_queue_events_join_the_requests_and_bad_ones_are_located() {
    let toml = format!(
        "{HEAD}{REQUEST}\n[[scheduled]]\ncron = \"*/5 * * * *\"\nat = \"10ms\"\n\n[[queue_batch]]\nqueue = \"jobs\"\nmessages = [\"text\", {{ body = {{ n = 1 }}, id = \"m\", attempts = 2 }}]\n\n[[queue_producer]]\nbinding = \"JOBS\"\nqueue = \"jobs\"\n"
    );
    let s = load_text("events", &toml).unwrap();
    assert_eq!(s.requests.len(), 3);
    assert_eq!(s.requests[1].event, crosstalk_runtime::EventSpec::Scheduled { cron: "*/5 * * * *".into() });
    assert_eq!(s.requests[1].arrival, MsRange::fixed(10));
    let crosstalk_runtime::EventSpec::Queue { messages } = &s.requests[2].event else { panic!("a queue event") };
    let got: Vec<(&str, &str, u32)> = messages.iter().map(|m| (m.id.as_str(), m.body.as_str(), m.attempts)).collect();
    assert_eq!(got, [("msg-1", "\"text\"", 1), ("m", "{\"n\":1}", 2)]);
    assert_eq!((s.queues[0].binding.as_str(), s.queues[0].queue.as_str()), ("JOBS", "jobs"));

    let e = error("badcron", &format!("{HEAD}[[scheduled]]\ncron = \"* * *\"\n"));
    assert_eq!((e.line, e.message.as_str()), (4, "'* * *' is not a cron expression: it has 3 fields"));
    let e = error("nomessages", &format!("{HEAD}[[queue_batch]]\nqueue = \"q\"\n"));
    assert_eq!((e.line, e.message.as_str()), (3, "this [[queue_batch]] has no messages"));
    // A scenario of events alone is fine; one with nothing at all is not.
    assert!(load_text("cron-only", &format!("{HEAD}[[scheduled]]\ncron = \"0 * * * *\"\n")).is_ok());
    let e = error("nothing", HEAD);
    assert_eq!(e.message, "the scenario sends no request");
}

/// Writes `files` (name → text) into a fresh folder and loads its `scenario.toml`.
fn load_files(name: &str, files: &[(&str, &str)]) -> Result<crosstalk_scenario::Scenario, LoadError> {
    let dir = temp_dir(name);
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    load(&dir)
}

const AUTH_MODULE: &str = "export default { async fetch() { return new Response('a'); } };";

#[test]
fn services_load_their_workers_and_bind_them_by_name() {
    let gateway = "name = \"gateway\"\nmain = \"index.mjs\"\ncompatibility_date = \"2026-11-17\"\n\
                   services = [{ binding = \"AUTH\", service = \"accounts\" }, \
                   { binding = \"DIR\", service = \"accounts\", entrypoint = \"Directory\" }]\n";
    let accounts = "name = \"accounts\"\nmain = \"src/index.mjs\"\ncompatibility_date = \"2025-01-01\"\n\
                    [vars]\nTOKEN = \"t\"\n";
    let s = load_files(
        "services-ok",
        &[
            ("scenario.toml", "worker = \"gateway/wrangler.toml\"\n[[service]]\nworker = \"accounts\"\n[[service]]\nbinding = \"KEYS\"\nscript = \"keys.mjs\"\n[[request]]\nurl = \"https://a/\"\n"),
            ("gateway/wrangler.toml", gateway),
            ("gateway/index.mjs", AUTH_MODULE),
            ("accounts/wrangler.toml", accounts),
            ("accounts/src/index.mjs", AUTH_MODULE),
            ("keys.mjs", AUTH_MODULE),
        ],
    )
    .expect("loads");
    let bindings: Vec<(&str, &str, Option<&str>)> =
        s.services.iter().map(|b| (b.binding.as_str(), b.service.as_str(), b.entrypoint.as_deref())).collect();
    assert_eq!(bindings, [("AUTH", "accounts", None), ("DIR", "accounts", Some("Directory")), ("KEYS", "keys", None)]);
    assert!(s.unsupported_bindings.is_empty(), "{:?}", s.unsupported_bindings);
    let names: Vec<&str> = s.workers.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["accounts", "keys"]);
    let accounts = &s.workers[0];
    assert_eq!((accounts.script.as_str(), accounts.env["TOKEN"].as_str()), ("src/index.mjs", "t"));
    assert_eq!(accounts.runtime.compatibility_date.map(|d| d.to_string()).as_deref(), Some("2025-01-01"));
    // The model carries the bindings and the workers as models of their own.
    let model = s.model(None);
    assert_eq!(model.workers.iter().map(|w| w.name.as_str()).collect::<Vec<_>>(), ["accounts", "keys"]);
    assert_eq!(model.services.len(), 3);
}

#[test]
fn bad_service_tables_are_located_errors() {
    let cases: [(&str, &str, usize, &str); 5] = [
        ("svc-none", "[[service]]\nbinding = \"AUTH\"\n", 5, "names no worker"),
        ("svc-both", "[[service]]\nworker = \"w\"\nscript = \"auth.mjs\"\n", 7, "both `worker` and `script`"),
        ("svc-missing", "[[service]]\nworker = \"nowhere/wrangler.toml\"\n", 6, "does not exist"),
        ("svc-entry", "[[service]]\nscript = \"auth.mjs\"\nentrypoint = \"X\"\n", 7, "needs a `binding`"),
        (
            "svc-dup",
            "[[service]]\nscript = \"auth.mjs\"\n[[service]]\nscript = \"auth.mjs\"\nbinding = \"B\"\n",
            8,
            "two workers of the scenario are named 'auth'",
        ),
    ];
    for (name, tables, line, message) in cases {
        let toml = format!("{HEAD}{REQUEST}{tables}");
        let e = load_files(
            name,
            &[
                ("scenario.toml", &toml),
                ("worker.js", "addEventListener('fetch', () => {});"),
                ("auth.mjs", AUTH_MODULE),
            ],
        )
        .expect_err("invalid");
        assert!(e.message.contains(message), "{name}: {e}");
        assert_eq!(e.line, line, "{name}: {e}");
    }
}

/// A wrangler service binding to a worker the scenario does not define stays on `env` as
/// an unmodelled binding (every use throws, naming it), as before service bindings ran.
#[test]
fn a_wrangler_service_binding_to_a_worker_the_scenario_lacks_is_unmodelled() {
    let s = load_files(
        "svc-unknown",
        &[
            ("scenario.toml", "worker = \"wrangler.toml\"\n[[request]]\nurl = \"https://a/\"\n"),
            ("wrangler.toml", "main = \"index.mjs\"\nservices = [{ binding = \"AUTH\", service = \"auth-worker\" }]\n"),
            ("index.mjs", AUTH_MODULE),
        ],
    )
    .expect("loads");
    assert!(s.services.is_empty());
    assert_eq!(s.unsupported_bindings.get("AUTH").map(String::as_str), Some("services"));
}

#[test]
fn a_requests_cf_fields_load_as_json_and_a_date_is_a_located_error() {
    let toml = format!("{HEAD}{REQUEST}cf = {{ country = \"DE\", asn = 3320, isEUCountry = \"1\" }}\n");
    let s = load_text("cf", &toml).unwrap();
    let cf = &s.requests[0].cf;
    assert_eq!(cf.get("country"), Some(&serde_json::json!("DE")));
    assert_eq!(cf.get("asn"), Some(&serde_json::json!(3320)));
    assert_eq!(cf.len(), 3);
    let e = error("cf-date", &format!("{HEAD}{REQUEST}cf = {{ since = 2026-12-01 }}\n"));
    assert_eq!(e.message, "cf.since is a date: request.cf holds JSON values");
    assert_eq!((e.line, e.column), (5, 6), "the cf table: {e}");
}

#[test]
fn faults_are_off_by_default_and_each_key_turns_one_on() {
    let none = load_text("faults-none", &format!("{HEAD}{REQUEST}")).unwrap();
    assert_eq!(none.faults, crosstalk_runtime::Faults::default());
    assert!(!none.faults.durable_object_reset && !none.faults.durable_object_deploy);
    let deploy =
        load_text("faults-deploy", &format!("{HEAD}{REQUEST}[faults]\ndurable_object_deploy = true\n")).unwrap();
    assert!(deploy.faults.durable_object_deploy && !deploy.faults.durable_object_reset);
    let both = load_text(
        "faults-both",
        &format!("{HEAD}{REQUEST}[faults]\ndurable_object_reset = true\ndurable_object_deploy = true\n"),
    )
    .unwrap();
    assert!(both.faults.durable_object_deploy && both.faults.durable_object_reset);
    let e = error("faults-unknown", &format!("{HEAD}{REQUEST}[faults]\ndurable_object_deploys = true\n"));
    assert!(e.message.contains("durable_object_deploys"), "{e}");
}

#[test]
fn a_websocket_client_loads_with_its_handshake_headers_and_bad_ones_are_located() {
    let short = load_text("ws-list", &format!("{HEAD}{REQUEST}websocket = [\"hi\", \"bye\"]\n")).unwrap();
    let spec = short.requests[0].websocket.clone().expect("a WebSocket client");
    assert_eq!(spec.send, ["hi", "bye"]);
    assert_eq!(spec.interval, MsRange::new_range(1, 20));
    assert_eq!(spec.close, ClientClose::Code(1000, String::new()));
    // RFC 6455 §4.1's handshake, as a client sends it.
    let header = |name: &str| short.requests[0].headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(header("upgrade").as_deref(), Some("websocket"));
    assert_eq!(header("sec-websocket-version").as_deref(), Some("13"));
    let table = format!(
        "{HEAD}{REQUEST}headers = {{ Upgrade = \"WebSocket\" }}\nwebsocket = {{ send = [\"a\"], interval = \"5ms..9ms\", reason = \"done\", close = 4000 }}\n"
    );
    let full = load_text("ws-table", &table).unwrap();
    let spec = full.requests[0].websocket.clone().expect("a WebSocket client");
    assert_eq!((spec.interval, spec.close), (MsRange::new_range(5, 9), ClientClose::Code(4000, "done".to_string())));
    assert_eq!(full.requests[0].headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("upgrade")).count(), 1);
    let open = load_text("ws-open", &format!("{HEAD}{REQUEST}websocket = {{ close = false }}\n")).unwrap();
    assert_eq!(open.requests[0].websocket.as_ref().map(|w| w.close.clone()), Some(ClientClose::Open));
    let gone =
        load_text("ws-drop", &format!("{HEAD}{REQUEST}websocket = {{ send = [\"a\"], close = \"drop\" }}\n")).unwrap();
    assert_eq!(gone.requests[0].websocket.as_ref().map(|w| w.close.clone()), Some(ClientClose::Drop));
    for (name, value, message) in [
        ("ws-code", "{ close = 1005 }", "websocket.close 1005 is not a close code a client may send"),
        ("ws-kind", "3", "websocket = 3 is neither a list nor a table"),
        ("ws-key", "{ sned = [] }", "websocket.sned = [] is not understood"),
        ("ws-text", "[1]", "websocket message 1 is not a string"),
        ("ws-close-text", "{ close = \"later\" }", "websocket.close = \"later\" is not understood"),
    ] {
        let e = error(name, &format!("{HEAD}{REQUEST}websocket = {value}\n"));
        assert_eq!(e.message, message);
        assert_eq!(e.line, 5, "the websocket value: {e}");
    }
}

#[test]
fn a_durable_object_binding_to_another_workers_class_is_modelled_when_that_worker_is_the_scenarios() {
    let app = "name = \"app\"\nmain = \"index.mjs\"\ncompatibility_date = \"2026-11-17\"\n\
               [[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Counter\"\nscript_name = \"counters\"\n\
               [[durable_objects.bindings]]\nname = \"ELSEWHERE\"\nclass_name = \"Gone\"\nscript_name = \"absent\"\n";
    let counters = "name = \"counters\"\nmain = \"index.mjs\"\ncompatibility_date = \"2026-11-17\"\n\
                    [vars]\nWHO = \"counters' env\"\n\
                    [[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Counter\"\n\
                    [[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"Counter\"]\n";
    let app_module = "export default { async fetch(request, env) {\n\
                        const stub = env.COUNTER.getByName('a');\n\
                        const n = await stub.increment();\n\
                        return new Response(`${n} ${await (await stub.fetch('https://c/')).text()}`);\n\
                      } };";
    let counters_module = "import { DurableObject } from 'cloudflare:workers';\n\
                           export class Counter extends DurableObject {\n\
                             increment() { const n = (this.ctx.storage.kv.get('n') ?? 0) + 1; this.ctx.storage.kv.put('n', n); return n; }\n\
                             fetch() { return new Response(`${this.env.WHO} ${this.ctx.storage.sql.databaseSize > 0}`); }\n\
                           }\n\
                           export default { fetch() { return new Response('counters'); } };";
    let s = load_files(
        "do-script-name",
        &[
            ("scenario.toml", "worker = \"app/wrangler.toml\"\n[[service]]\nworker = \"counters\"\n[[request]]\nurl = \"https://a/\"\n"),
            ("app/wrangler.toml", app),
            ("app/index.mjs", app_module),
            ("counters/wrangler.toml", counters),
            ("counters/index.mjs", counters_module),
        ],
    )
    .expect("loads");
    // The binding to the scenario's `counters` is modelled, SQLite-backed as its class's
    // worker declares; the one to a worker the scenario lacks stays unsupported.
    let objects: Vec<(&str, Option<&str>, bool)> =
        s.durable_objects.iter().map(|d| (d.binding.as_str(), d.script.as_deref(), d.sqlite)).collect();
    assert_eq!(objects, [("COUNTER", Some("counters"), true)]);
    let unsupported: Vec<&str> = s.unsupported_bindings.keys().map(String::as_str).collect();
    assert_eq!(unsupported, ["ELSEWHERE"]);
    // The object lives in its class's worker: that worker's `env`, a SQLite database
    // (workerd 1.20261117 answers `1 counters' env true` to the same projects, under
    // `crosstalk conform`).
    let run = crosstalk_runtime::simulate(&s.model(None), &mut crosstalk_runtime::FirstScheduler).expect("runs");
    assert_eq!(run.requests[0].body.as_deref(), Some("1 counters' env true"));
}
