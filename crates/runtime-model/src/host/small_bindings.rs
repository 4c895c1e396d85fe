//! The small bindings, the host side: `host.smallBinding(kind, binding, args)`, the one
//! door of `web/bindings.js` (rate limiters, Analytics Engine, email senders), and the
//! `env` objects of every small binding, version metadata and Hyperdrive included.
//!
//! A rate limiter's `limit()` and an email's `send()` are I/O of the calling request
//! (R2, R6): each completes after a latency the schedule draws. A limiter counts a call
//! when it completes, in the fixed window of `period` seconds that the virtual clock is
//! in then (the windows start at the Unix epoch, as the local emulation's do), so two
//! requests racing for the last slot are an interleaving the explorer reaches. An
//! Analytics Engine write is recorded at once and never waits.

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_error};

use crate::engine::Host;
use crate::host::binding_io::{self, BindingOp};
use crate::host::web::WebModule;
use crate::model::{Model, MsRange, SmallBinding};
use crate::trace::{EventKind, Owner};

/// How long a rate limiter's `limit()` or an email's `send()` takes.
pub(crate) const SMALL_BINDING_LATENCY: MsRange = MsRange::new_range(1, 5);

/// What a small binding's call does when it completes.
enum Effect {
    /// Counts `key` against `limit` calls per `period` seconds in `namespace`.
    Limit { namespace: String, key: String, limit: u64, period: u64 },
    /// Resolves to `{ messageId }`.
    Email { message_id: String },
}

/// A call waiting for its latency to pass.
pub(crate) struct SmallBindingOp {
    call: String,
    effect: Effect,
    resolvers: ResolvingFunctions,
}

impl BindingOp for SmallBindingOp {
    const LABEL: &'static str = "binding";

    fn describe(&self) -> String {
        self.call.clone()
    }

    fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
        let Some(op) = binding_io::take::<SmallBindingOp>(host, key) else { return };
        host.current.set(Owner::Request(key.0));
        let object = boa_engine::object::ObjectInitializer::new(context).build();
        let (result, field, value): (String, &str, JsValue) = match op.effect {
            Effect::Limit { namespace, key, limit, period } => {
                let now_s = u64::try_from(host.world.epoch_ms + host.world.now() as i64).unwrap_or(0) / 1000;
                let window = now_s / period;
                let success = {
                    let mut limits = host.world.rate_limits.borrow_mut();
                    let (current, counts) = limits.entry(namespace).or_insert((window, Default::default()));
                    if *current != window {
                        *current = window;
                        counts.clear();
                    }
                    let count = counts.entry(key).or_insert(0);
                    let success = *count < limit;
                    if success {
                        *count += 1;
                    }
                    success
                };
                (format!("success: {success}"), "success", success.into())
            }
            Effect::Email { message_id } => {
                (format!("sent {message_id}"), "messageId", JsString::from(message_id.as_str()).into())
            }
        };
        host.record(EventKind::BindingAnswered { n: key.1, result });
        let settled = object.set(JsString::from(field), value, false, context).map(|_| JsValue::from(object));
        crate::host::settle(&op.resolvers, settled, context);
    }
}

/// `host.smallBinding(kind, binding, args)`.
pub(crate) fn small_binding(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let kind = arg(0).to_string(context)?.to_std_string_escaped();
    let binding = arg(1).to_string(context)?.to_std_string_escaped();
    let list = arg(2).as_object().and_then(|o| JsArray::from_object(o.clone()).ok());
    let mut values = Vec::new();
    if let Some(list) = list {
        for i in 0..list.length(context)? {
            values.push(list.get(i, context)?);
        }
    }
    let text = |i: usize, context: &mut Context| -> JsResult<String> {
        Ok(values.get(i).cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped())
    };
    let number = |i: usize, context: &mut Context| -> JsResult<f64> {
        values.get(i).cloned().unwrap_or_default().to_number(context)
    };
    let host = Host::of(context);
    match kind.as_str() {
        "messageId" => {
            let n = host.world.emails_sent.get() + 1;
            host.world.emails_sent.set(n);
            Ok(JsString::from(format!("crosstalk-{n}")).into())
        }
        "analytics" => {
            let (blobs, doubles, indexes) = (number(0, context)?, number(1, context)?, number(2, context)?);
            let owner = crate::host::require_request(&host, "AnalyticsEngine")?;
            let Owner::Request(owner) = owner else { unreachable!("require_request") };
            let n = host.world.next_io(owner);
            let at = crate::location::caller(context);
            let call = format!("writeDataPoint({blobs} blobs, {doubles} doubles, {indexes} indexes)");
            host.record(EventKind::BindingCall { n, binding, call, at });
            Ok(JsValue::undefined())
        }
        "ratelimit" => {
            let key = text(0, context)?;
            let (limit, period) = (number(1, context)?, number(2, context)?);
            debug_assert!(period == 10.0 || period == 60.0, "web/bindings.js checks the period");
            let namespace = text(3, context)?;
            let call = format!("limit({key:?})");
            let event = |n, at| EventKind::BindingCall { n, binding: binding.clone(), call: call.clone(), at };
            let started = binding_io::begin("RateLimit", "a rate limit check", event, context)?;
            let effect = Effect::Limit { namespace, key, limit: limit.max(0.0) as u64, period: period as u64 };
            let op = SmallBindingOp { call: format!("{binding}.{call}"), effect, resolvers: started.resolvers.clone() };
            Ok(binding_io::queue(&host, &started, op, SMALL_BINDING_LATENCY))
        }
        "email" => {
            let (from, to, message_id) = (text(0, context)?, text(1, context)?, text(2, context)?);
            let call = format!("send({from} → {to})");
            let event = |n, at| EventKind::BindingCall { n, binding: binding.clone(), call: call.clone(), at };
            let started = binding_io::begin("SendEmail", "an email send", event, context)?;
            let effect = Effect::Email { message_id };
            let op = SmallBindingOp { call: format!("{binding}.{call}"), effect, resolvers: started.resolvers.clone() };
            Ok(binding_io::queue(&host, &started, op, SMALL_BINDING_LATENCY))
        }
        other => Err(js_error!(TypeError: "unknown small binding call {}", other)),
    }
}

/// The `env` objects of the model's small bindings.
pub(crate) fn bindings(model: &Model, context: &mut Context) -> JsResult<Vec<(String, JsObject)>> {
    let mut out = Vec::new();
    for binding in &model.small_bindings {
        let name: JsValue = JsString::from(binding.binding()).into();
        let strings = |list: &Option<Vec<String>>, context: &mut Context| -> JsValue {
            match list {
                None => JsValue::undefined(),
                Some(items) => {
                    JsArray::from_iter(items.iter().map(|s| JsString::from(s.as_str()).into()), context).into()
                }
            }
        };
        let object = match binding {
            SmallBinding::RateLimit { limit, period, namespace, .. } => crate::host::web::call(
                WebModule::Bindings,
                "rateLimit",
                &[
                    name,
                    JsValue::from(*limit as f64),
                    JsValue::from(*period as f64),
                    JsString::from(namespace.as_str()).into(),
                ],
                context,
            )?,
            SmallBinding::AnalyticsEngine { .. } => {
                crate::host::web::call(WebModule::Bindings, "analytics", &[name], context)?
            }
            SmallBinding::SendEmail { destination, allowed, senders, .. } => {
                let destination = destination.as_deref().map_or(JsValue::undefined(), |d| JsString::from(d).into());
                let allowed = strings(allowed, context);
                let senders = strings(senders, context);
                crate::host::web::call(WebModule::Bindings, "email", &[name, destination, allowed, senders], context)?
            }
            SmallBinding::Hyperdrive { connection_string, .. } => {
                let text: JsValue = JsString::from(connection_string.as_str()).into();
                crate::host::web::call(WebModule::Bindings, "hyperdrive", &[name, text], context)?
            }
            SmallBinding::VersionMetadata { .. } => version_metadata(model, context)?.into(),
        };
        let object = object.as_object().ok_or_else(|| js_error!(TypeError: "a binding object"))?.clone();
        out.push((binding.binding().to_string(), object));
    }
    Ok(out)
}

/// `{ id, tag, timestamp }` of the version: an id made from the worker's name (the same
/// in every run), no tag, and the run's start as its time.
fn version_metadata(model: &Model, context: &mut Context) -> JsResult<JsObject> {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(model.name.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let id = format!("{}-{}-4{}-8{}-{}", &hex[0..8], &hex[8..12], &hex[13..16], &hex[17..20], &hex[20..32]);
    let args = [JsString::from(id).into(), JsValue::from(model.epoch_ms as f64)];
    let object = crate::host::web::call(WebModule::Bindings, "versionMetadata", &args, context)?;
    object.as_object().ok_or_else(|| js_error!(TypeError: "version metadata"))
}
