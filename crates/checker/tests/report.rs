//! The text report (requests, timeline, code frames, fix, verdict) and the JSON items.

mod common;

use common::*;
use crosstalk_checker::{CheckConfig, Kind, report, verdict};

#[test]
fn text_report_of_the_blocker_explains_the_hang_with_code_frames() {
    let script = scenario_script("blocker", "worker.js");
    let model = sw(&script, 2);
    let found = findings(&model, &run_first(&model));
    let config = CheckConfig::expecting(&[Kind::Hang, Kind::CrossRequestAwait]);
    let v = verdict(&config, &found.violations);
    let lookup = |file: &str| (file == "worker.js").then(|| script.clone());
    let text = report::text(&found, Some(&v), &lookup);
    assert!(text.contains("error[cross-request-await]: r2 at worker.js:"), "{text}");
    assert!(text.contains("requests: r2 (related: r1)"));
    assert!(text.contains("timeline:") && text.contains("job                  reaction registered by r2"));
    // The code frame of the timer that settled the shared promise.
    assert!(text.contains("> 22 |     setTimeout(res, delay);"), "{text}");
    assert!(text.contains("fix: Don't share pending promises across requests"));
    assert!(text.ends_with("verdict: matches-expect\n"), "{text}");
}

#[test]
fn json_items_have_the_interfaces_fields_in_order() {
    let model = sw(&scenario_script("blocker", "worker.js"), 2);
    let found = findings(&model, &run_first(&model));
    let json = serde_json::to_string(&report::json_violations(&found.violations)).unwrap();
    assert!(json.starts_with(r#"[{"kind":"hang","request":"r2","message":"#), "{json}");
    let first: serde_json::Value = serde_json::from_str(&json).unwrap();
    let item = &first[0];
    assert_eq!(item["related"], serde_json::json!(["r1"]));
    assert_eq!(item["severity"], "error");
    assert!(item["location"].as_str().unwrap().starts_with("worker.js:"));
}

#[test]
fn verdict_rules_for_info_kinds_and_missing_ones() {
    let trace = vec![ev(0, 1, crosstalk_runtime::EventKind::SubrequestQueued { n: 7, open: 6 })];
    let found = check_trace(trace);
    // Info findings never fail a verdict on their own ...
    assert!(verdict(&CheckConfig::expecting(&[]), &found.violations).matches);
    assert!(verdict(&CheckConfig::default(), &found.violations).matches);
    // ... but an expected kind that did not occur does.
    let v = verdict(&CheckConfig::expecting(&[Kind::SubrequestQueued, Kind::Hang]), &found.violations);
    assert_eq!((v.matches, v.missing.clone(), v.unexpected.clone()), (false, vec![Kind::Hang], vec![]));
    // A severity override makes it count.
    let mut strict = CheckConfig::expecting(&[]);
    strict.severity.insert(Kind::SubrequestQueued, crosstalk_checker::Severity::Error);
    let found = crosstalk_checker::check(
        &crosstalk_runtime::Model::service_worker("worker.js", ""),
        &crosstalk_runtime::Run {
            requests: vec![],
            trace: vec![ev(0, 1, crosstalk_runtime::EventKind::SubrequestQueued { n: 7, open: 6 })],
            end_ms: 0,
            inputs: vec![],
        },
        &strict,
        &mut crosstalk_checker::ReferenceCache::new(),
    );
    assert_eq!(verdict(&strict, &found.violations).unexpected, vec![Kind::SubrequestQueued]);
}
