//! Bindings crosstalk does not model yet (D1, R2, queues, Durable Objects, services…):
//! present on `env`, so code that only passes them around works, but every use throws
//! an error that names the binding and says it is not modelled.

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsProxyBuilder;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_error, js_string};

use crate::trace::EventKind;

/// A readable name for a wrangler binding type.
fn describe(kind: &str) -> &str {
    match kind {
        "d1_databases" => "D1 database",
        "r2_buckets" => "R2 bucket",
        "queues" => "Queue producer",
        "durable_objects" => "Durable Object namespace",
        "services" => "service binding",
        "analytics_engine_datasets" => "Analytics Engine dataset",
        "ai" => "Workers AI binding",
        "vectorize" => "Vectorize index",
        "hyperdrive" => "Hyperdrive configuration",
        "browser" => "Browser Rendering binding",
        "send_email" => "Email binding",
        "dispatch_namespaces" => "dispatch namespace",
        "mtls_certificates" => "mTLS certificate",
        other => other,
    }
}

fn trap_get(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let target = args.first().and_then(JsValue::as_object).ok_or_else(|| js_error!(TypeError: "bad proxy target"))?;
    let key = args.get(1).cloned().unwrap_or_default();
    // Probes that generic code makes without using the binding: awaiting, printing,
    // serialising, type checks.
    if key.is_symbol() {
        return Ok(JsValue::undefined());
    }
    let key = key.to_string(context)?.to_std_string_escaped();
    if matches!(key.as_str(), "then" | "toJSON" | "constructor" | "valueOf" | "toString" | "inspect") {
        return Ok(JsValue::undefined());
    }
    let name = target.get(js_string!("binding"), context)?.to_string(context)?.to_std_string_escaped();
    let kind = target.get(js_string!("type"), context)?.to_string(context)?.to_std_string_escaped();
    let at = crate::location::caller(context);
    crate::engine::Host::of(context).record(EventKind::UnsupportedBinding {
        binding: name.clone(),
        kind: kind.clone(),
        member: key.clone(),
        at,
    });
    Err(js_error!(
        Error: "env.{}.{} was used, but env.{} is a {} ({}), which crosstalk does not model yet: this scenario cannot run code that uses it. Keep it out of the request path you simulate, or pass a stub object in its place.",
        name,
        key,
        name,
        describe(&kind),
        kind
    ))
}

/// The stand-in object for an unmodelled binding.
pub(crate) fn unsupported(name: &str, kind: &str, context: &mut Context) -> JsResult<JsObject> {
    let target = ObjectInitializer::new(context)
        .property(js_string!("binding"), JsString::from(name), Attribute::empty())
        .property(js_string!("type"), JsString::from(kind), Attribute::empty())
        .build();
    Ok(JsProxyBuilder::new(target).get(trap_get).build(context)?.into())
}
