//! `console.*` (R10): every call is a trace event with its owner, level and the text the
//! console would print.

use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsResult, JsValue, NativeFunction, js_string};

use crate::engine::Host;
use crate::host::format::format_args;
use crate::trace::EventKind;

fn emit(level: &str, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let text = format_args(args, context);
    Host::of(context).record(EventKind::Console { level: level.to_string(), text });
    Ok(JsValue::undefined())
}

fn log(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("log", args, context)
}
fn info(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("info", args, context)
}
fn warn(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("warn", args, context)
}
fn error(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("error", args, context)
}
fn debug(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("debug", args, context)
}

fn assert(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if args.first().is_some_and(JsValue::to_boolean) {
        return Ok(JsValue::undefined());
    }
    let rest = args.get(1..).unwrap_or_default();
    let text = if rest.is_empty() {
        "Assertion failed".to_string()
    } else {
        format!("Assertion failed: {}", format_args(rest, context))
    };
    Host::of(context).record(EventKind::Console { level: "error".to_string(), text });
    Ok(JsValue::undefined())
}

fn ignore(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::undefined())
}

type NativeFn = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;

/// Installs the global `console`.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let methods: [(&str, NativeFn); 14] = [
        ("log", log),
        ("info", info),
        ("warn", warn),
        ("error", error),
        ("debug", debug),
        ("trace", log),
        ("dir", log),
        ("assert", assert),
        ("group", log),
        ("groupCollapsed", log),
        ("groupEnd", ignore),
        ("time", ignore),
        ("timeEnd", ignore),
        ("table", log),
    ];
    let mut init = ObjectInitializer::new(context);
    for (name, f) in methods {
        init.function(NativeFunction::from_fn_ptr(f), js_string!(name), 0);
    }
    let console = init.build();
    context.register_global_property(js_string!("console"), console, Attribute::WRITABLE | Attribute::CONFIGURABLE)?;
    Ok(())
}
