//! `console.*` (R10): every call of `log`, `info`, `warn`, `error` and `debug` is a trace
//! event with its owner, level and the text the console would print.
//!
//! The object is shaped as workerd's (V8's console, with workerd's five logging functions
//! in front): every method an enumerable own property in V8's order, a prototype of its
//! own, `Symbol.toStringTag` "console". V8's other methods (`count`, `time`, `table`,
//! `trace`, `dir`, `assert`, `group`, …) report to the inspector only: a worker's logs and
//! its tail worker never see them, so they record nothing (checked on workerd 1.20261117).

use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsObject, JsResult, JsSymbol, JsValue, NativeFunction, js_string};

use crate::engine::Host;
use crate::host::format::format_args;
use crate::trace::EventKind;

fn emit(level: &str, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let text = format_args(args, context);
    Host::of(context).record(EventKind::Console { level: level.to_string(), text });
    Ok(JsValue::undefined())
}

fn debug(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("debug", args, context)
}
fn error(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("error", args, context)
}
fn info(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("info", args, context)
}
fn log(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("log", args, context)
}
fn warn(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    emit("warn", args, context)
}

/// V8's methods that only the inspector hears.
fn inspector_only(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::undefined())
}

/// `console.context(name)`: V8's own console for the inspector under a label, whose
/// methods (`log` too) all report to the inspector only.
fn console_context(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let console = ObjectInitializer::new(context).build();
    for name in CONTEXT_METHODS {
        define_method(&console, name, inspector_only, 0, context)?;
    }
    Ok(console.into())
}

/// The methods of a `console.context()` console, in V8's order.
const CONTEXT_METHODS: [&str; 22] = [
    "dir",
    "dirxml",
    "table",
    "groupEnd",
    "clear",
    "count",
    "countReset",
    "profile",
    "profileEnd",
    "debug",
    "error",
    "info",
    "log",
    "warn",
    "trace",
    "group",
    "groupCollapsed",
    "time",
    "timeLog",
    "timeEnd",
    "timeStamp",
    "assert",
];

/// Defines `name` on `object` as V8 defines a console method: a named native function,
/// writable, enumerable and configurable.
fn define_method(object: &JsObject, name: &str, f: NativeFn, length: usize, context: &mut Context) -> JsResult<()> {
    let function = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(f))
        .name(js_string!(name))
        .length(length)
        .build();
    object.define_property_or_throw(
        js_string!(name),
        PropertyDescriptor::builder().value(function).writable(true).enumerable(true).configurable(true),
        context,
    )?;
    Ok(())
}

type NativeFn = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;

/// workerd's own logging functions: anonymous, length 0, ordinary functions with a
/// `prototype`.
const LOGGING: [(&str, NativeFn); 5] =
    [("debug", debug), ("error", error), ("info", info), ("log", log), ("warn", warn)];

/// V8's console methods after them, in V8's order (all of length 0).
const V8_METHODS: [&str; 17] = [
    "dir",
    "dirxml",
    "table",
    "trace",
    "group",
    "groupCollapsed",
    "groupEnd",
    "clear",
    "count",
    "countReset",
    "assert",
    "profile",
    "profileEnd",
    "time",
    "timeLog",
    "timeEnd",
    "timeStamp",
];

/// The global console object (built on first read: `host::lazy`).
pub(crate) fn build(context: &mut Context) -> JsResult<JsObject> {
    let prototype = ObjectInitializer::new(context).build();
    let console = ObjectInitializer::new(context).build();
    console.set_prototype(Some(prototype));
    for (name, f) in LOGGING {
        let function = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(f))
            .name(js_string!())
            .length(0)
            .build();
        let own_prototype = ObjectInitializer::new(context).build();
        own_prototype.define_property_or_throw(
            js_string!("constructor"),
            PropertyDescriptor::builder().value(function.clone()).writable(true).enumerable(false).configurable(true),
            context,
        )?;
        function.define_property_or_throw(
            js_string!("prototype"),
            PropertyDescriptor::builder().value(own_prototype).writable(true).enumerable(false).configurable(false),
            context,
        )?;
        console.define_property_or_throw(
            js_string!(name),
            PropertyDescriptor::builder().value(function).writable(true).enumerable(true).configurable(true),
            context,
        )?;
    }
    for name in V8_METHODS {
        define_method(&console, name, inspector_only, 0, context)?;
    }
    define_method(&console, "context", console_context, 1, context)?;
    console.define_property_or_throw(
        JsSymbol::to_string_tag(),
        PropertyDescriptor::builder().value(js_string!("console")).writable(false).enumerable(false).configurable(true),
        context,
    )?;
    Ok(console)
}
