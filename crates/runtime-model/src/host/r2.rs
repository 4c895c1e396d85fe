//! R2 bindings, the host side: `host.r2(binding, request, bytes)`, the one door
//! `web/r2.js` (the API a worker sees) has into the buckets (`crate::r2`).
//!
//! Every operation is I/O owned by the calling request (R2, R8): it takes a latency the
//! schedule draws from the binding's range and is applied when it completes, at that
//! virtual instant, so a write is visible to reads that complete after it. An operation
//! still in flight when its request ends is cancelled like a subrequest (R6).

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsArrayBuffer;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsObject, JsResult, JsValue, js_error, js_string};

use crate::engine::Host;
use crate::host::binding_io::{self, BindingOp};
use crate::trace::{EventKind, Owner};

/// An R2 operation waiting for its latency to pass.
pub(crate) struct R2Op {
    binding: String,
    op: String,
    key: String,
    request: crate::r2::Request,
    bytes: Option<Vec<u8>>,
    resolvers: ResolvingFunctions,
}

impl BindingOp for R2Op {
    const LABEL: &'static str = "r2";

    /// `r2://BUCKET/key (put)`.
    fn describe(&self) -> String {
        format!("r2://{}/{} ({})", self.binding, self.key, self.op)
    }

    fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
        complete(host, key, context);
    }
}

/// The operation's name and the key traces show for it.
fn label(request: &serde_json::Value) -> (String, String) {
    let text = |name: &str| request.get(name).and_then(serde_json::Value::as_str).map(str::to_string);
    let op = text("op").unwrap_or_default();
    let key = match request.get("keys").and_then(serde_json::Value::as_array) {
        Some(keys) => keys.iter().filter_map(serde_json::Value::as_str).collect::<Vec<_>>().join(","),
        None => text("key").or_else(|| text("prefix")).unwrap_or_default(),
    };
    (op, key)
}

/// `host.r2(binding, request, bytes)`: starts an R2 operation of the running request.
/// `request` is the JSON text of a `crate::r2::Request`; `bytes` an ArrayBuffer or
/// undefined.
pub(crate) fn r2_op(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let binding = arg(0).to_string(context)?.to_std_string_escaped();
    let json = arg(1).to_string(context)?.to_std_string_escaped();
    let bytes = arg(2)
        .as_object()
        .and_then(|o| JsArrayBuffer::from_object(o.clone()).ok())
        .map(|buffer| buffer.data().map(|d| d.to_vec()).unwrap_or_default());
    let value: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| js_error!(TypeError: "bad R2 request: {}", e))?;
    let (op, key) = label(&value);
    let request: crate::r2::Request =
        serde_json::from_value(value).map_err(|e| js_error!(TypeError: "bad R2 request: {}", e))?;
    let host = Host::of(context);
    let latency = host
        .world
        .r2
        .spec(&binding)
        .map(|s| s.latency)
        .ok_or_else(|| js_error!(TypeError: "no R2 binding {}", binding))?;
    let event = |n, at| EventKind::R2Op { n, binding: binding.clone(), op: op.clone(), key: key.clone(), at };
    let started = binding_io::begin("R2", "an R2 operation", event, context)?;
    let pending = R2Op { binding, op, key, request, bytes, resolvers: started.resolvers.clone() };
    Ok(binding_io::queue(&host, &started, pending, latency))
}

/// R2 operation `key` completes: it is applied to the bucket now, and its promise
/// settles with `{ answer, bytes }` (or rejects with R2's error).
fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
    let Some(op) = binding_io::take::<R2Op>(host, key) else { return };
    host.current.set(Owner::Request(key.0));
    host.record(EventKind::R2Done { n: key.1 });
    let now_unix_ms = host.world.epoch_ms + host.world.now() as i64;
    let (answer, bytes) = host.world.r2.run(&op.binding, op.request, op.bytes, now_unix_ms);
    let result = (|| -> JsResult<JsValue> {
        if let Some(error) = &answer.error {
            return Err(js_error!(Error: "{}", error));
        }
        let json = serde_json::to_value(&answer).map_err(|e| js_error!(Error: "R2 answer: {}", e))?;
        let answer = JsValue::from_json(&json, context)?;
        let bytes = match bytes {
            Some(bytes) => crate::host::body::convert(&bytes, crate::host::body::ReadAs::ArrayBuffer, context)?,
            None => JsValue::null(),
        };
        Ok(ObjectInitializer::new(context)
            .property(js_string!("answer"), answer, Attribute::all())
            .property(js_string!("bytes"), bytes, Attribute::all())
            .build()
            .into())
    })();
    crate::host::settle(&op.resolvers, result, context);
}

/// The `env` objects of the model's R2 bindings (`web/r2.js`'s `R2Bucket`).
pub(crate) fn bindings(model: &crate::model::Model, context: &mut Context) -> JsResult<Vec<(String, JsObject)>> {
    let names = model.r2.iter().map(|s| s.binding.as_str());
    binding_io::env_objects(names, crate::host::web::WebModule::R2, "bucket", context)
}
