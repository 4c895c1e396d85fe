//! Queue producer bindings, the host side: `host.queueSend(binding, method, sizes)`, the
//! door `web/queues.js` (the API a worker sees) has into the run's queues.
//!
//! A `send` or `sendBatch` is I/O owned by the calling request (R2, R8): it takes a
//! latency the schedule draws from the binding's range and its messages join the queue
//! when it completes; one still in flight when its request ends is cancelled like a
//! subrequest (R6), and its messages are never sent. Nothing in a run consumes them (a
//! scenario delivers batches to the `queue` handler with `[[queue_batch]]`), so a
//! queue's backlog only grows.

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_error};

use crate::engine::Host;
use crate::host::binding_io::{self, BindingOp};
use crate::trace::{EventKind, Owner};

/// A `send` or `sendBatch` waiting for its latency to pass.
pub(crate) struct QueueSendOp {
    queue: String,
    method: String,
    messages: u64,
    bytes: u64,
    resolvers: ResolvingFunctions,
}

impl BindingOp for QueueSendOp {
    const LABEL: &'static str = "queue send";

    /// `queue://jobs (send, 1 message)`.
    fn describe(&self) -> String {
        let what = if self.messages == 1 { "1 message".to_string() } else { format!("{} messages", self.messages) };
        format!("queue://{} ({}, {what})", self.queue, self.method)
    }

    fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
        complete(host, key, context);
    }
}

/// `host.queueSend(binding, method, sizes)`: starts a send of the running request;
/// `sizes` holds each message's size in bytes.
pub(crate) fn queue_send(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let binding = arg(0).to_string(context)?.to_std_string_escaped();
    let method = arg(1).to_string(context)?.to_std_string_escaped();
    let sizes = arg(2)
        .as_object()
        .and_then(|o| JsArray::from_object(o.clone()).ok())
        .ok_or_else(|| js_error!(TypeError: "queueSend takes the messages' sizes"))?;
    let messages = sizes.length(context)?;
    let mut bytes = 0u64;
    for i in 0..messages {
        bytes += sizes.get(i, context)?.to_number(context)?.max(0.0) as u64;
    }
    debug_assert!(messages > 0, "web/queues.js refuses an empty batch");
    let host = Host::of(context);
    let spec = host
        .world
        .queues
        .iter()
        .find(|q| q.binding == binding)
        .cloned()
        .ok_or_else(|| js_error!(TypeError: "no queue binding {}", binding))?;
    let count = u32::try_from(messages).unwrap_or(u32::MAX);
    let event = |n, at| EventKind::QueueSend {
        n,
        binding: binding.clone(),
        queue: spec.queue.clone(),
        method: method.clone(),
        messages: count,
        at,
    };
    let started = binding_io::begin("Queue", "a queue send", event, context)?;
    let op = QueueSendOp { queue: spec.queue, method, messages, bytes, resolvers: started.resolvers.clone() };
    Ok(binding_io::queue(&host, &started, op, spec.latency))
}

/// Send `key` completes: its messages join the queue, and its promise resolves to the
/// queue's metrics, `{ metadata: { metrics: { backlogCount, backlogBytes,
/// oldestMessageTimestamp } } }`.
fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
    let Some(op) = binding_io::take::<QueueSendOp>(host, key) else { return };
    host.current.set(Owner::Request(key.0));
    host.record(EventKind::QueueSent { n: key.1 });
    let now_unix_ms = host.world.epoch_ms + host.world.now() as i64;
    let (count, bytes, oldest) = {
        let mut backlog = host.world.queue_backlog.borrow_mut();
        let entry = backlog.entry(op.queue.clone()).or_insert((0, 0, now_unix_ms));
        entry.0 += op.messages;
        entry.1 += op.bytes;
        *entry
    };
    let json = serde_json::json!({
        "metadata": { "metrics": { "backlogCount": count, "backlogBytes": bytes, "oldestMessageTimestamp": oldest } }
    });
    let result = JsValue::from_json(&json, context).and_then(|value| {
        // oldestMessageTimestamp is a Date, as workerd's.
        let metrics = value
            .as_object()
            .map(|o| o.get(JsString::from("metadata"), context))
            .transpose()?
            .and_then(|m| m.as_object())
            .map(|o| o.get(JsString::from("metrics"), context))
            .transpose()?
            .and_then(|m| m.as_object());
        if let Some(metrics) = metrics {
            let date = context.intrinsics().constructors().date().constructor();
            let date = date.construct(&[JsValue::from(oldest as f64)], None, context)?;
            metrics.set(JsString::from("oldestMessageTimestamp"), date, false, context)?;
        }
        Ok(value)
    });
    crate::host::settle(&op.resolvers, result, context);
}

/// The `env` objects of the model's queue producers (`web/queues.js`'s `Queue`).
pub(crate) fn bindings(model: &crate::model::Model, context: &mut Context) -> JsResult<Vec<(String, JsObject)>> {
    let names = model.queues.iter().map(|s| s.binding.as_str());
    binding_io::env_objects(names, crate::host::web::WebModule::Queues, "producer", context)
}
