//! A Durable Object's lost update, as a campaign finds it: the bundled rate limiter (a
//! wrangler project whose object awaits a `fetch()` between reading a count and writing
//! it) fails with `lost-update` and shrinks to two requests, one call each; its fixed
//! variant (the fetch before the read) stays clean over the same campaign. The bundled chat
//! room's hibernatable WebSockets outlive an eviction its `Map` of sessions does not: the
//! campaign finds the message that throws, and the variant that keeps the session in each
//! socket's attachment stays clean.

use std::path::Path;

use crosstalk_harness::explore::{Exploration, explore, minimise_failing};
use crosstalk_harness::session::{CampaignCounts, Session};
use crosstalk_scenario::{Shard, StrategyName};

fn campaign(folder: &str) -> (Session, Exploration) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(folder);
    let mut session = Session::load(&folder, None).expect("the scenario loads");
    session.override_expect(Some("clean")).expect("clean is a valid expectation");
    let plan = Exploration {
        strategy: StrategyName::Random,
        runs: Some(20),
        seed: 5,
        jobs: 1,
        shard: Shard::default(),
        keep_going: true,
        corpus: None,
        time_ms: None,
        replay_check: false,
    };
    (session, plan)
}

fn kinds(violations: &serde_json::Value) -> Vec<String> {
    let list = violations.as_array().cloned().unwrap_or_default();
    list.iter().filter_map(|v| v["kind"].as_str().map(str::to_string)).collect()
}

#[test]
fn a_lost_update_across_a_fetch_is_found_and_shrunk_to_two_calls() {
    let (session, plan) = campaign("do-ratelimit-project");
    let mut explored = explore(&session, &plan, &CampaignCounts::default()).expect("the campaign runs");
    assert!(!explored.found.is_empty(), "every schedule of three requests within the fetch's latency loses an update");
    minimise_failing(&session, &plan, &mut explored).expect("shrinking runs");
    let failure = &explored.failures[0];
    assert!(kinds(&failure.finding.violations).contains(&"lost-update".to_string()), "{:#?}", failure.finding);
    assert_eq!(failure.shrunk.requests.len(), 2, "two calls race: {:#?}", failure.shrunk);
}

#[test]
fn the_fixed_rate_limiter_is_clean() {
    let (session, plan) = campaign("do-ratelimit-project-fixed");
    let explored = explore(&session, &plan, &CampaignCounts::default()).expect("the campaign runs");
    assert!(explored.found.is_empty(), "{:#?}", explored.found);
}

#[test]
fn a_chat_room_that_keeps_its_sessions_in_a_field_loses_them_to_an_eviction() {
    let (session, plan) = campaign("do-chat-project");
    let mut explored = explore(&session, &plan, &CampaignCounts::default()).expect("the campaign runs");
    assert!(!explored.found.is_empty(), "an eviction between a connection and its message is a schedule choice");
    minimise_failing(&session, &plan, &mut explored).expect("shrinking runs");
    let failure = &explored.failures[0];
    let violations = failure.finding.violations.as_array().cloned().unwrap_or_default();
    let thrown = violations.iter().find(|v| v["kind"] == "uncaught-error").expect("an uncaught error");
    let message = thrown["message"].as_str().unwrap_or_default();
    assert!(message.contains("had been evicted"), "{message}");
    // One person and one message are enough: the eviction comes between them.
    assert_eq!(failure.shrunk.requests.len(), 1, "{:#?}", failure.shrunk);
}

#[test]
fn the_chat_room_that_keeps_sessions_in_socket_attachments_is_clean() {
    let (session, plan) = campaign("do-chat-project-fixed");
    let explored = explore(&session, &plan, &CampaignCounts::default()).expect("the campaign runs");
    assert!(explored.found.is_empty(), "{:#?}", explored.found);
}

#[test]
fn requests_the_object_serves_out_of_arrival_order_leak_no_module_state() {
    // Seed 42 of the fixed rate limiter: the third request's quota fetch returns before
    // the second's, so the object counts it second. Its two slots go to r1 and r3 and r2 is
    // refused, as workerd would for the same order: a storage order, not module state.
    let (session, _) = campaign("do-ratelimit-project-fixed");
    let (schedule, run) = session.run_seed(42).expect("the schedule runs");
    let body = |id: u32| run.request(id).and_then(|r| r.body.clone()).unwrap_or_default();
    assert_eq!(body(1), "Hello ada: request 1 of 2");
    assert_eq!(body(2), "Too many requests for ada");
    assert_eq!(body(3), "Hello ada: request 2 of 2");
    let (report, _) = session.check(&schedule, &run).expect("the check runs");
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
}

#[test]
fn module_state_kept_across_a_d1_await_still_leaks_between_requests() {
    // The positive control of the test above: in d1-module-state the requests reach the
    // database too, and alice's page shows bob's name in any order they reach it.
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/d1-module-state");
    let session = Session::load(&folder, None).expect("the scenario loads");
    let (schedule, run) = session.run_seed(0).expect("the schedule runs");
    let (report, _) = session.check(&schedule, &run).expect("the check runs");
    let found: Vec<String> = report.violations.iter().map(|v| v.kind.to_string()).collect();
    assert!(found.contains(&"state-leak".to_string()), "{found:?}");
}
