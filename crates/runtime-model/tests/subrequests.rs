//! R6, R8 and R9: subrequests, their limits, deadlock avoidance, cleanup at the true
//! ResponseTime and I/O objects owned by their request.

mod common;

use common::*;
use crosstalk_runtime::{CancelReason, EventKind, MsRange, OutcomeKind, Owner, RequestSpec};

const URL: &str = "https://worker.example/";

#[test]
fn r9_deadlock_avoidance_cancels_the_four_least_recently_used() {
    let mut model = module("deadlock").with_requests(URL, MsRange::fixed(0), 1);
    model.origins.push(origin("https://api.example/", MsRange::fixed(20), "data"));
    let run = run_first(&model);
    let body = run.request(1).unwrap().body.clone().unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 10);
    for (i, line) in lines.iter().enumerate() {
        if i < 4 {
            assert!(line.contains("failed"), "the first four were cancelled: {line}");
        } else {
            assert_eq!(*line, format!("{i}: data"));
        }
    }
    let queued: Vec<u32> = events(&run, "subrequest-queued")
        .map(|e| match e.kind {
            EventKind::SubrequestQueued { n, .. } => n,
            _ => 0,
        })
        .collect();
    assert_eq!(queued, vec![7, 8, 9, 10], "the first six open, four queue");
    let cancelled: Vec<u32> = events(&run, "subrequest-cancelled")
        .filter_map(|e| match e.kind {
            EventKind::SubrequestCancelled { n, reason: CancelReason::Deadlock, .. } => Some(n),
            _ => None,
        })
        .collect();
    assert_eq!(cancelled, vec![1, 2, 3, 4]);
}

#[test]
fn r9_reading_each_body_runs_all_ten_with_at_most_six_open() {
    let mut model = module("read-each").with_requests(URL, MsRange::fixed(0), 1);
    model.origins.push(origin("https://api.example/", MsRange::new_range(5, 50), "data"));
    for seed in 0..5 {
        let run = run_seed(&model, seed);
        assert_eq!(run.request(1).unwrap().body.as_deref(), Some(&*["data"; 10].join("\n")));
        assert_eq!(events(&run, "subrequest-cancelled").count(), 0);
        // Replay the trace: never more than six open.
        let mut open = 0i32;
        let mut max_open = 0;
        for e in &run.trace {
            match e.kind {
                EventKind::SubrequestStarted { .. } => open += 1,
                EventKind::SubrequestDone { .. } => open -= 1,
                _ => {}
            }
            max_open = max_open.max(open);
        }
        assert_eq!(max_open, 6, "seed {seed}");
        assert_eq!(events(&run, "subrequest-done").count(), 10);
    }
}

#[test]
fn r9_concurrency_limit_is_a_knob() {
    let mut model = module("read-each").with_requests(URL, MsRange::fixed(0), 1);
    model.origins.push(origin("https://api.example/", MsRange::fixed(10), "data"));
    model.limits.subrequest_concurrency = 2;
    let run = run_first(&model);
    assert_eq!(events(&run, "subrequest-queued").count(), 8);
    assert_eq!(run.request(1).unwrap().responded_ms, Some(50), "five waves of 10 ms");
}

#[test]
fn r9_the_51st_subrequest_fails_with_too_many_subrequests() {
    let mut model = module("too-many-subrequests").with_requests(URL, MsRange::fixed(0), 1);
    model.origins.push(origin("https://api.example/", MsRange::fixed(1), "x"));
    let run = run_first(&model);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("stopped after 50: Too many subrequests."));
    assert_eq!(events(&run, "too-many-subrequests").count(), 1);
    // At the boundary: a limit of 60 lets all 60 through.
    model.limits.subrequests_per_request = 60;
    assert_eq!(run_first(&model).request(1).unwrap().body.as_deref(), Some("fetched 60"));
}

fn cleanup_bomb(name: &str, origin_ms: u64, log_ms: u64) -> crosstalk_runtime::Run {
    let mut model = module(name).with_requests(URL, MsRange::fixed(0), 1);
    model.origins.push(origin("https://origin.example/", MsRange::fixed(origin_ms), "file"));
    model.origins.push(origin("https://logs.example/", MsRange::fixed(log_ms), "logged"));
    run_first(&model)
}

#[test]
fn r6_cleanup_bomb_log_write_cancelled_when_the_origin_answers_first() {
    let run = cleanup_bomb("cleanup-bomb", 30, 40);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("file"));
    let cancelled: Vec<_> = run
        .trace
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SubrequestCancelled { reason, url, .. } => Some((e.t_ms, *reason, url.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(cancelled, vec![(30, CancelReason::ResponseTime, "https://logs.example/write".to_string())]);
}

#[test]
fn r6_cleanup_bomb_log_write_reaches_the_origin_when_it_is_faster() {
    let run = cleanup_bomb("cleanup-bomb", 60, 40);
    assert_eq!(events(&run, "subrequest-cancelled").count(), 0);
    assert!(run.trace.iter().any(|e| e.t_ms == 40 && matches!(e.kind, EventKind::SubrequestHeaders { n: 2, .. })));
    // Its body was never read: recorded at the end of the request.
    assert_eq!(events(&run, "unread-body").count(), 1);
}

#[test]
fn r6_cleanup_bomb_fixed_with_wait_until() {
    let run = cleanup_bomb("cleanup-bomb-fixed", 30, 40);
    assert_eq!(events(&run, "subrequest-cancelled").count(), 0);
    assert!(run.trace.iter().any(|e| e.t_ms == 40 && matches!(e.kind, EventKind::SubrequestDone { n: 2 })));
}

#[test]
fn r8_a_response_stored_by_one_request_cannot_be_read_by_another() {
    let mut model = module("foreign-io");
    model.requests = vec![RequestSpec::get(URL, 0), RequestSpec::get(URL, 100)];
    model.origins.push(origin("https://api.example/", MsRange::fixed(10), "{}"));
    let run = run_first(&model);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("stored"));
    let r2 = run.request(2).unwrap();
    assert_eq!(r2.status, Some(500));
    assert!(r2.body.as_deref().unwrap().starts_with("Cannot perform I/O on behalf of a different request."));
    // workerd 1.20261117's tail, its stray `>` included (`crosstalk conform
    // scenarios/foreign-io` agrees on the whole body).
    assert!(r2.body.as_deref().unwrap().ends_with("(I/O type: ReadableStreamSource>)"));
    assert!(run.trace.iter().any(|e| e.owner == Owner::Request(2)
        && matches!(e.kind, EventKind::ForeignIo { object_owner: Owner::Request(1), .. })));
}

#[test]
fn r5_pass_through_goes_to_the_origin_for_the_request_url() {
    let mut model = Model::service_worker("worker.js", &scenario_script("pass-through", "worker.js")).with_requests(
        "https://site.example/page",
        MsRange::fixed(0),
        1,
    );
    model.origins.push(origin("https://site.example/", MsRange::fixed(25), "from origin"));
    let run = run_first(&model);
    let r1 = run.request(1).unwrap();
    assert_eq!(r1.outcome, OutcomeKind::PassThrough);
    assert_eq!(r1.body.as_deref(), Some("from origin"));
    assert_eq!(r1.responded_ms, Some(25));
}

#[test]
fn r9_body_streams_chunk_by_chunk() {
    let script = r#"
        export default {
          async fetch() {
            const response = await fetch('https://api.example/stream');
            const reader = response.body.getReader();
            const sizes = [];
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              sizes.push(value.length + '@' + Date.now() % 1000);
            }
            return new Response(sizes.join(' '));
          },
        };
    "#;
    let mut model = crosstalk_runtime::Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
    let mut o = origin("https://api.example/", MsRange::fixed(10), "abcdefghij");
    o.body_chunks = 3;
    o.chunk_interval = MsRange::fixed(5);
    model.origins.push(o);
    let run = run_first(&model);
    let epoch_ms = crosstalk_runtime::DEFAULT_EPOCH_MS % 1000;
    assert_eq!(
        run.request(1).unwrap().body.as_deref(),
        Some(&*format!("4@{} 4@{} 2@{}", epoch_ms + 15, epoch_ms + 20, epoch_ms + 25))
    );
}

#[test]
fn r9_fetch_without_an_origin_fails_with_a_clear_message() {
    let script = "export default { async fetch() { try { await fetch('https://nowhere.example/x'); } catch (e) { return new Response(e.message); } } };";
    let model = crosstalk_runtime::Model::module("worker.mjs", script).with_requests(URL, MsRange::fixed(0), 1);
    let run = run_first(&model);
    assert!(
        run.request(1)
            .unwrap()
            .body
            .as_deref()
            .unwrap()
            .contains("no [[origin]] in the scenario answers https://nowhere.example/x")
    );
}

use crosstalk_runtime::Model;

/// A URL that no fetch can load (a scheme other than http, https or data) rejects with
/// workerd's TypeError and is not a subrequest: 60 of them, past the 50-subrequest limit,
/// all give the TypeError (answers of workerd 1.20261117).
#[test]
fn fetch_of_an_unloadable_url_is_a_type_error_and_not_a_subrequest() {
    let script = r#"export default { async fetch() {
        const out = new Set();
        for (let i = 0; i < 60; i++) {
          for (const url of ['undefined:' + i, 'ftp://example.com/', 'file:///etc/passwd', 'about:blank']) {
            try { await fetch(url); out.add('ok'); } catch (e) { out.add(e.name + ': ' + e.message.replace(/:\s\S+$/, ':')); }
          }
        }
        return new Response([...out].join('|'));
    } };"#;
    let model = Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
    assert_eq!(run_first(&model).requests[0].body.as_deref(), Some("TypeError: Fetch API cannot load:"));
}

/// R8 for bodies the worker constructs, as workerd 1.20261117 answered the same worker:
/// `new Response("…")` made by r1 and returned by r2 is r1's I/O object, so r2 fails
/// with the foreign-I/O error; a body that is the worker's own `ReadableStream` is not
/// an I/O object and another request may read it.
#[test]
fn r8_a_constructed_response_answered_by_another_request_is_foreign_io() {
    let script = r#"
        let shared, stream;
        export default { async fetch(request) {
          if (new URL(request.url).pathname === '/a') {
            stream = new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('s')); c.close(); } }));
            shared = new Promise((resolve) => setTimeout(() => resolve(new Response('shared response')), 100));
            await shared;
            return new Response('a done');
          }
          if (new URL(request.url).pathname === '/stream') return new Response(await stream.text());
          return shared;
        } };"#;
    let mut model = crosstalk_runtime::Model::module("worker.mjs", script);
    model.profile = crosstalk_runtime::Profile::new(crosstalk_runtime::ProfileName::Workerd, None, Vec::new());
    model.requests = vec![
        RequestSpec::get(&format!("{URL}a"), 0),
        RequestSpec::get(&format!("{URL}b"), 5),
        RequestSpec::get(&format!("{URL}stream"), 200),
    ];
    let run = run_first(&model);
    assert_eq!(run.request(1).unwrap().body.as_deref(), Some("a done"));
    let b = run.request(2).unwrap();
    assert_eq!(b.status, Some(500));
    assert!(
        b.error.as_deref().unwrap().starts_with("Error: Cannot perform I/O on behalf of a different request."),
        "{b:?}"
    );
    assert!(run.trace.iter().any(|e| e.owner == Owner::Request(2)
        && matches!(e.kind, EventKind::ForeignIo { object_owner: Owner::Request(1), .. })));
    assert_eq!(run.request(3).unwrap().body.as_deref(), Some("s"));
}
