//! The R9 kinds and foreign-io on hand-built traces (each with a near-identical guard
//! trace), plus end-to-end checks of fetch-based workers.

mod common;

use common::*;
use crosstalk_checker::Kind;
use crosstalk_runtime::{CancelReason, EventKind, Location, Model, MsRange, OriginSpec, Owner};

fn fetch(n: u32, method: &str) -> EventKind {
    EventKind::Fetch {
        n,
        method: method.into(),
        url: format!("https://api.example/{n}"),
        at: Some(Location::new("worker.js", 10 + n, 5)),
    }
}

#[test]
fn subrequest_queued_and_unqueued_guard() {
    let mut trace: Vec<_> = (1..=7).map(|n| ev(0, 1, fetch(n, "GET"))).collect();
    trace.push(ev(0, 1, EventKind::SubrequestQueued { n: 7, open: 6 }));
    let found = check_trace(trace.clone());
    assert_eq!(kinds(&found), vec![Kind::SubrequestQueued]);
    assert_eq!(found.violations[0].location, Some(Location::new("worker.js", 17, 5)));
    assert_eq!(found.violations[0].severity, crosstalk_checker::Severity::Info);
    trace.pop();
    assert_eq!(kinds(&check_trace(trace)), vec![]);
}

#[test]
fn subrequest_cancelled_by_deadlock_avoidance_but_not_when_aborted() {
    let trace = |reason| {
        vec![
            ev(0, 1, fetch(1, "GET")),
            ev(5, 1, EventKind::SubrequestCancelled { n: 1, reason, url: "https://api.example/1".into() }),
        ]
    };
    let found = check_trace(trace(CancelReason::Deadlock));
    assert_eq!(kinds(&found), vec![Kind::SubrequestCancelled]);
    assert!(found.violations[0].message.contains("deadlock"));
    assert_eq!(kinds(&check_trace(trace(CancelReason::Aborted))), vec![]);
}

#[test]
fn too_many_subrequests_and_within_limit_guard() {
    let mut trace: Vec<_> = (1..=50).map(|n| ev(0, 1, fetch(n, "GET"))).collect();
    assert_eq!(kinds(&check_trace(trace.clone())), vec![]);
    trace.push(ev(
        0,
        1,
        EventKind::TooManySubrequests { n: 51, limit: 50, at: Some(Location::new("worker.js", 3, 9)) },
    ));
    let found = check_trace(trace);
    assert_eq!(kinds(&found), vec![Kind::TooManySubrequests]);
    assert_eq!(found.violations[0].location, Some(Location::new("worker.js", 3, 9)));
}

#[test]
fn unread_body_and_read_body_guard() {
    let base = vec![
        ev(0, 1, fetch(1, "GET")),
        ev(0, 1, EventKind::SubrequestStarted { n: 1 }),
        ev(20, 1, EventKind::SubrequestHeaders { n: 1, status: 200 }),
    ];
    let mut unread = base.clone();
    unread.push(ev(20, 1, EventKind::UnreadBody { n: 1, url: "https://api.example/1".into() }));
    let found = check_trace(unread);
    assert_eq!(kinds(&found), vec![Kind::UnreadBody]);
    assert_eq!(found.violations[0].location, Some(Location::new("worker.js", 11, 5)));
    let mut read = base;
    read.push(ev(25, 1, EventKind::SubrequestDone { n: 1 }));
    assert_eq!(kinds(&check_trace(read)), vec![]);
}

#[test]
fn dropped_work_cancelled_put_was_never_sent() {
    let trace = vec![
        ev(0, 1, fetch(1, "PUT")),
        ev(0, 1, EventKind::Response { status: 200 }),
        ev(
            0,
            1,
            EventKind::SubrequestCancelled {
                n: 1,
                reason: CancelReason::ResponseTime,
                url: "https://api.example/1".into(),
            },
        ),
    ];
    let found = check_trace(trace);
    assert_eq!(kinds(&found), vec![Kind::DroppedWork]);
    assert!(
        found.violations[0].message.contains("PUT https://api.example/1 (fetch at worker.js:11:5) was never sent"),
        "{}",
        found.violations[0].message
    );
}

#[test]
fn foreign_io_and_own_body_guard() {
    let trace = vec![
        ev(0, 1, fetch(1, "GET")),
        ev(
            30,
            2,
            EventKind::ForeignIo {
                object: "response body".into(),
                object_owner: Owner::Request(1),
                at: Some(Location::new("worker.js", 9, 20)),
            },
        ),
    ];
    let found = check_trace(trace);
    assert_eq!(kinds(&found), vec![Kind::ForeignIo]);
    assert_eq!(
        (found.violations[0].request, found.violations[0].related.clone()),
        (Owner::Request(2), vec![Owner::Request(1)])
    );
    assert_eq!(
        kinds(&check_trace(vec![ev(0, 1, fetch(1, "GET")), ev(30, 1, EventKind::SubrequestDone { n: 1 })])),
        vec![]
    );
}

fn with_origin(script: &str) -> Model {
    let mut model = sw(script, 1);
    model.origins.push(OriginSpec {
        url: "https://api.example/*".into(),
        latency: MsRange::fixed(20),
        status: 200,
        headers: Vec::new(),
        body: "{}".into(),
        body_chunks: 1,
        chunk_interval: MsRange::fixed(5),
    });
    model
}

#[test]
fn end_to_end_fire_and_forget_put_is_dropped_and_wait_until_guard() {
    let forgotten = "addEventListener('fetch', e => {\n  fetch('https://api.example/log', { method: 'PUT', body: 'x' });\n  e.respondWith(new Response('ok'));\n});";
    let model = with_origin(forgotten);
    let found = trace_findings(&model, &run_first(&model));
    assert!(kinds(&found).contains(&Kind::DroppedWork), "{:#?}", found.violations);
    let kept = forgotten
        .replace("  fetch(", "  e.waitUntil(fetch(")
        .replace("body: 'x' });", "body: 'x' }).then(r => r.text()));");
    let model = with_origin(&kept);
    let found = trace_findings(&model, &run_first(&model));
    assert_eq!(kinds(&found), vec![], "{:#?}", found.violations);
}
