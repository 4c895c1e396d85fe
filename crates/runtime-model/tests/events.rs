//! `scheduled` (cron triggers) and `queue` (message batches) events: the handler each
//! goes to, what it receives, when the event is complete, and what a queue event's
//! messages become.
//!
//! Expected values: workerd's `ScheduledController`/`ScheduledEvent` and `MessageBatch`
//! (api/scheduled.h, api/queue.h) and its texts for a missing handler
//! (api/global-scope.c++, api/queue.c++); the Queues documentation for acknowledgement
//! (explicit `ack()`/`retry()` and their batch forms, the first decision winning; every
//! undecided message acknowledged when the handler succeeds and retried when it throws).

mod common;

use common::*;
use crosstalk_runtime::{Model, OutcomeKind, QueueMessageSpec, RequestSpec};

fn message(id: &str, body: &str) -> QueueMessageSpec {
    QueueMessageSpec { id: id.into(), body: body.into(), attempts: 1 }
}

#[test]
fn a_cron_trigger_reaches_scheduled_with_its_controller_and_waits_for_wait_until() {
    let script = r#"export default {
        fetch() { return new Response('x'); },
        async scheduled(controller, env, ctx) {
          console.log(controller.cron, controller.scheduledTime === Date.now(), typeof controller.noRetry, env.NAME);
          ctx.waitUntil(new Promise(r => setTimeout(r, 40)).then(() => console.log('late')));
        } };"#;
    let mut model = Model::module("worker.mjs", script);
    model.env.insert("NAME".into(), "v".into());
    model.requests = vec![RequestSpec::scheduled("*/5 * * * *", 10)];
    let run = run_first(&model);
    assert_eq!(console(&run), ["*/5 * * * * true function v", "late"]);
    let event = run.request(1).unwrap();
    assert_eq!((event.outcome, event.status, event.responded_ms), (OutcomeKind::Completed, None, Some(10)));
    let end = events(&run, "request-end").next().unwrap();
    assert_eq!(end.t_ms, 50, "the event lasts until its waitUntil promise settles");
}

#[test]
fn a_message_batch_reaches_queue_and_every_message_gets_a_fate() {
    let script = r#"export default {
        fetch() { return new Response('x'); },
        async queue(batch, env, ctx) {
          console.log(batch.queue, batch.messages.map(m => m.id + ':' + JSON.stringify(m.body) + ':' + m.attempts).join(' '));
          const [a, b, c, d] = batch.messages;
          a.ack(); a.retry();      // the first decision wins
          b.retry();
          batch.ackAll();          // decides only c and d
          d.retry();
          if (c.body.fail) throw new Error('boom');
        } };"#;
    let mut model = Model::module("worker.mjs", script);
    let batch = vec![message("a", r#""one""#), message("b", "2"), message("c", "{}"), message("d", "null")];
    model.requests = vec![RequestSpec::queue("jobs", batch, 0)];
    let run = run_first(&model);
    assert_eq!(console(&run), [r#"jobs a:"one":1 b:2:1 c:{}:1 d:null:1"#]);
    let event = run.request(1).unwrap();
    assert_eq!(event.outcome, OutcomeKind::Completed);
    assert_eq!(event.body.as_deref(), Some(r#"{"acked":["a","c","d"],"retried":["b"]}"#));

    // A handler that throws: undecided messages are retried, decided ones keep their fate.
    let failing = script.replace("batch.ackAll();", "").replace("d.retry();", "");
    let mut model = Model::module("worker.mjs", &failing);
    let batch = vec![message("a", "1"), message("b", "2"), message("c", r#"{"fail":true}"#), message("d", "4")];
    model.requests = vec![RequestSpec::queue("jobs", batch, 0)];
    let run = run_first(&model);
    let event = run.request(1).unwrap();
    assert_eq!((event.outcome, event.error.as_deref()), (OutcomeKind::Error, Some("Error: boom")));
    assert_eq!(event.body.as_deref(), Some(r#"{"acked":["a"],"retried":["b","c","d"]}"#));
}

#[test]
fn service_workers_get_scheduled_and_queue_events() {
    let script = r#"
        addEventListener('fetch', e => e.respondWith(new Response('x')));
        addEventListener('scheduled', e => {
          console.log(e.type, e.cron, typeof e.scheduledTime);
          e.waitUntil(new Promise(r => setTimeout(r, 5)));
        });
        addEventListener('queue', e => { console.log(e.type, e.queue, e.messages.length); e.messages[0].retry(); });"#;
    let mut model = Model::service_worker("worker.js", script);
    model.requests = vec![RequestSpec::scheduled("0 * * * *", 0), RequestSpec::queue("q", vec![message("m", "1")], 20)];
    let run = run_first(&model);
    assert_eq!(console(&run), ["scheduled 0 * * * * number", "queue q 1"]);
    assert_eq!(run.request(1).unwrap().outcome, OutcomeKind::Completed);
    assert_eq!(run.request(2).unwrap().body.as_deref(), Some(r#"{"acked":[],"retried":["m"]}"#));
}

#[test]
fn a_worker_without_the_handler_fails_the_event_with_workerds_words() {
    let mut model = Model::module("worker.mjs", "export default { fetch() { return new Response('x'); } };");
    model.requests = vec![RequestSpec::scheduled("* * * * *", 0), RequestSpec::queue("q", vec![message("m", "1")], 0)];
    let run = run_first(&model);
    let errors: Vec<_> = run.requests.iter().map(|r| (r.outcome, r.error.clone().unwrap_or_default())).collect();
    assert_eq!(
        errors,
        [
            (OutcomeKind::Error, "Error: Handler does not export a scheduled() function".to_string()),
            (OutcomeKind::Error, "Error: Handler does not export a queue() function.".to_string()),
        ]
    );
    let mut model =
        Model::service_worker("worker.js", "addEventListener('fetch', e => e.respondWith(new Response('x')));");
    model.requests = vec![RequestSpec::scheduled("* * * * *", 0), RequestSpec::queue("q", vec![message("m", "1")], 0)];
    let run = run_first(&model);
    let errors: Vec<_> = run.requests.iter().map(|r| r.error.clone().unwrap_or_default()).collect();
    assert_eq!(
        errors,
        [
            "Error: No event listener registered for scheduled events.",
            "Error: No event listener registered for queue messages."
        ]
    );
}

#[test]
fn a_queue_producer_sends_as_io_of_its_request_and_checks_messages_as_workerd_does() {
    let script = r#"export default { async fetch(request, env, ctx) {
        const path = new URL(request.url).pathname;
        if (path === '/forgot') { env.JOBS.send('lost'); return new Response('ok'); }
        const out = [];
        const t = async (f) => { try { out.push(JSON.stringify(await f())); } catch (e) { out.push(e.name + ': ' + e.message); } };
        await t(async () => { const r = await env.JOBS.send({ n: 1 }); return [r.metadata.metrics.backlogCount, r.metadata.metrics.oldestMessageTimestamp instanceof Date]; });
        await t(async () => (await env.JOBS.sendBatch([{ body: 'a', contentType: 'text' }, { body: new Uint8Array(3), contentType: 'bytes' }])).metadata.metrics.backlogCount);
        await t(() => env.JOBS.send(undefined));
        await t(() => env.JOBS.send('x', { contentType: 'xml' }));
        await t(() => env.JOBS.send(1, { contentType: 'text' }));
        await t(() => env.JOBS.send('x', { contentType: 'bytes' }));
        await t(() => env.JOBS.sendBatch([]));
        await t(() => env.JOBS.send(() => 1));
        return new Response(out.join('\n'));
    } };"#;
    let mut model = Model::module("worker.mjs", script);
    model.queues.push(crosstalk_runtime::QueueProducerSpec {
        binding: "JOBS".into(),
        queue: "jobs".into(),
        latency: crosstalk_runtime::MsRange::fixed(3),
    });
    model.requests = vec![RequestSpec::get("https://w.example/", 0), RequestSpec::get("https://w.example/forgot", 100)];
    let run = run_first(&model);
    let body = run.request(1).unwrap().body.clone().unwrap();
    assert_eq!(
        body.lines().collect::<Vec<_>>(),
        [
            "[1,true]",
            "3",
            "TypeError: Message body cannot be undefined",
            "TypeError: Unsupported queue message content type: xml",
            "TypeError: Content Type \"text\" requires a value of type string, but received: number",
            "TypeError: Content Type \"bytes\" requires a value of type ArrayBufferView, but received: string",
            "TypeError: sendBatch() requires at least one message",
            "DataCloneError: () => 1 could not be cloned.",
        ]
    );
    let sent: Vec<u64> = events(&run, "queue-sent").map(|e| e.t_ms).collect();
    assert_eq!(sent, [3, 6], "each send completes after its latency");
    let cancelled: Vec<String> = run
        .trace
        .iter()
        .filter_map(|e| match &e.kind {
            crosstalk_runtime::EventKind::SubrequestCancelled { url, .. } => Some(url.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(cancelled, ["queue://jobs (send, 1 message)"], "a send not awaited is dropped at the response (R6)");
}
