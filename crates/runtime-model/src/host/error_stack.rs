//! V8's error stacks, as workerd shows them: `error.stack` and `Error.captureStackTrace`.
//!
//! boa 0.22's `Error.prototype.stack` getter gives only the frames (`    at f (file:l:c)`
//! lines, the top level as `<main>`, then a `(native)` line for the host), in the
//! instrumented text's positions. Libraries print stacks, split off their first line to
//! get `Name: message`, or match on it, so crosstalk wraps that getter to give V8's text:
//! - the header `name: message` as V8's `ErrorUtils::ToString` makes it (`name` defaults
//!   to `Error`; an empty part and its colon are left out), read when the stack is first
//!   read, as V8 formats it lazily;
//! - the frames at the positions of the user's own source, the top level's as a bare
//!   location (`    at worker.js:4:13`), without the frames of the error's own constructors
//!   (V8 starts at the `new` of a subclass), of the host, or of crosstalk's JS-written Web
//!   modules (workerd's builtins are native and show no frames), at most
//!   `Error.stackTraceLimit` of them;
//! - an own accessor, first of the error's own properties, as V8 gives every error when it
//!   is made (`Object.getOwnPropertyNames(e)` is `["stack", "message"]`): given by the
//!   `Error` constructor crosstalk puts in front of boa's (so `new Error`, `Error()` and
//!   every `class … extends Error`), and, for errors `TypeError` and its kin or the engine
//!   made, where the worker first sees them (a `catch`, a promise reaction); its getter
//!   computes the text once, its setter replaces it. An error read before either
//!   memoises `stack` as its own data property instead.
//!
//! - a module worker's files as workerd serves them, from `/bundle`
//!   (`file:///bundle/worker.mjs:4:13`); a service worker's script by its name.
//!
//! Where the text still differs from V8's: a method's frame has no receiver type
//! (`at fetch`, V8 `at Object.fetch`), a class method's frame has no name at all, an
//! async function resumed after an `await` shows no name, and boa places some call sites
//! at the `(` rather than at the callee. Where the property differs: `new TypeError(…)`
//! (and its kin) has its own `stack` only once caught, `delete e.stack` leaves
//! `Error.prototype`'s getter (V8 has none), and `TypeError`'s prototype is boa's `Error`.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsWeakMap;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, js_string};

use crate::location::original_positions;

/// V8's default `Error.stackTraceLimit`.
const STACK_TRACE_LIMIT: usize = 10;

/// How stacks name the worker's files: workerd serves a module worker's modules from
/// `/bundle`, so V8 shows them as `file:///bundle/<name>`.
#[derive(Default)]
pub(crate) struct StackPaths {
    // invariant: set once, before the worker's code runs; holds no JS value.
    bundle: std::cell::Cell<bool>,
}

impl StackPaths {
    /// The isolate runs a module worker.
    pub(crate) fn set_module_worker(&self) {
        self.bundle.set(true);
    }

    fn prefix(&self) -> &'static str {
        if self.bundle.get() { crate::location::BUNDLE_PREFIX } else { "" }
    }
}

impl crate::component::Component for StackPaths {
    fn clear_js_values(&self) {}
    fn is_clear(&self) -> bool {
        true
    }
}

/// The stack's path prefix for the isolate `context` belongs to.
fn path_prefix(context: &Context) -> &'static str {
    context.get_data::<std::rc::Rc<crate::engine::Host>>().map_or("", |host| host.get::<StackPaths>().prefix())
}

/// The accessor pair an error gets as its own `stack` ([`give_own_stack`]), made once per
/// isolate, when it first makes or catches an error.
#[derive(Default)]
pub(crate) struct OwnStack {
    pair: std::cell::RefCell<Option<(JsObject, JsObject)>>,
}

impl crate::component::Component for OwnStack {
    fn clear_js_values(&self) {
        self.pair.borrow_mut().take();
    }
    fn is_clear(&self) -> bool {
        self.pair.borrow().is_none()
    }
}

/// Wraps `Error.prototype.stack`'s getter, defines `Error.captureStackTrace` and puts the
/// `Error` constructor that gives the own `stack` in front of boa's.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let error = context.intrinsics().constructors().error().constructor();
    let prototype = context.intrinsics().constructors().error().prototype();
    let boa_getter = super::wrap_getter(&prototype, "stack", get_stack, context)?;
    if let Some(host) = context.get_data::<std::rc::Rc<crate::engine::Host>>() {
        host.get::<super::engine_errors::BoaStack>().set(boa_getter.clone());
    }
    let capture = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(capture_stack_trace, boa_getter),
    )
    .name(js_string!("captureStackTrace"))
    .length(2)
    .build();
    error.set(js_string!("captureStackTrace"), capture, false, context)?;
    error.set(js_string!("stackTraceLimit"), STACK_TRACE_LIMIT, false, context)?;
    born_with_own_stack(context)
}

/// Puts a constructor in front of boa's `Error` (the global binding and
/// `Error.prototype.constructor`) that gives what it makes the own `stack` accessor
/// ([`give_own_stack`]), as V8 gives every error when it is made: `new Error(…)`,
/// `Error(…)`, and every `class … extends Error` through `super()`. Its prototype is
/// boa's, so `instanceof` is unchanged, and its static members are `Error`'s
/// (`captureStackTrace`, `stackTraceLimit`, boa's `isError`). `TypeError` and its kin are
/// left as they are: an error made by them, or raised by the engine, gets its own `stack`
/// where the worker catches it (`engine_errors::translate`); wrapping all eight cost 2.5%
/// of a counter schedule.
fn born_with_own_stack(context: &mut Context) -> JsResult<()> {
    let global = context.global_object();
    let original = context.intrinsics().constructors().error().constructor();
    let prototype = context.intrinsics().constructors().error().prototype();
    let wrapper: JsObject = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(construct_error, original.clone()),
    )
    .name(js_string!("Error"))
    .length(1)
    .constructor(true)
    .build()
    .into();
    wrapper.insert_property(
        js_string!("prototype"),
        PropertyDescriptor::builder().value(prototype.clone()).writable(false).enumerable(false).configurable(false),
    );
    prototype.set(js_string!("constructor"), wrapper.clone(), true, context)?;
    for key in ["captureStackTrace", "stackTraceLimit", "isError"] {
        let value = original.get(JsString::from(key), context)?;
        wrapper.insert_property(
            JsString::from(key),
            PropertyDescriptor::builder().value(value).writable(true).enumerable(false).configurable(true),
        );
    }
    // Written, not redefined: a redefinition rebuilds the global object's property table.
    global.set(js_string!("Error"), wrapper, true, context)?;
    Ok(())
}

/// `new Error(…)` (and `Error(…)` called): boa's constructor makes the error,
/// for the `new.target` given (a subclass's `super()`) or for itself; then it gets its own
/// `stack`.
fn construct_error(this: &JsValue, args: &[JsValue], original: &JsObject, context: &mut Context) -> JsResult<JsValue> {
    // A native constructor receives `new.target` where a call receives `this`.
    let new_target = this.as_object().filter(|target| target.is_constructor());
    let error = original.construct(args, new_target.as_ref(), context)?;
    give_own_stack(&error, context);
    Ok(error.into())
}

/// `get Error.prototype.stack`, for an error that has no own `stack` yet: V8's text for
/// an error boa recorded frames for, memoised as the error's own data property.
fn get_stack(this: &JsValue, _: &[JsValue], boa_getter: &JsObject, context: &mut Context) -> JsResult<JsValue> {
    let Some(error) = this.as_object() else { return Ok(JsValue::undefined()) };
    super::engine_errors::translate(this, context);
    // `translate` gave it the own accessor, which reads (and keeps) the text.
    if error.has_own_property(js_string!("stack"), context)? {
        return error.get(js_string!("stack"), context);
    }
    let Some(text) = v8_stack(&error, boa_getter, context)? else { return Ok(JsValue::undefined()) };
    // Memoised as V8's own property; a frozen error keeps the accessor (and stays right).
    let own = PropertyDescriptor::builder().value(text.clone()).writable(true).enumerable(false).configurable(true);
    error.define_property_or_throw(js_string!("stack"), own, context).ok();
    Ok(text.into())
}

/// V8's `stack` text of `error`, from the frames boa recorded for it.
fn v8_stack(error: &JsObject, boa_getter: &JsObject, context: &mut Context) -> JsResult<Option<JsString>> {
    let frames = boa_getter.call(&error.clone().into(), &[], context)?;
    let Some(frames) = frames.as_string() else { return Ok(None) };
    let frames = original_positions(&fold_async_frames(&frames.to_std_string_lossy(), context), context);
    let constructors = constructor_names(error, context)?;
    let skipped = frames_after(&frames, |name| constructors.iter().any(|c| c == name));
    Ok(Some(JsString::from(stack_text(&header(error, context)?, skipped, limit(context)?, path_prefix(context)))))
}

/// Gives `error` V8's own `stack`: an accessor, non-enumerable, first of its own
/// properties (`Object.getOwnPropertyNames(e)` is `["stack", "message"]`, so
/// `JSON.stringify(e, Object.getOwnPropertyNames(e))` shows the stack). boa makes errors
/// without it; crosstalk gives it as `Error` makes one ([`born_with_own_stack`]) and where
/// a worker first sees an error it caught (`engine_errors::translate`). The properties the
/// error has are taken out and put back after it, to keep their order behind it; an
/// error with a property that cannot be taken out gets it last.
pub(crate) fn give_own_stack(error: &JsObject, context: &mut Context) {
    if error.has_own_property(js_string!("stack"), context).unwrap_or(true)
        || !error.is_extensible(context).unwrap_or(false)
    {
        return;
    }
    let Some((getter, setter)) = own_stack_pair(context) else { return };
    let mut own = Vec::new();
    let Ok(keys) = error.own_property_keys(context) else { return };
    for key in keys {
        let Some(descriptor) = super::format::own_descriptor(error, &key, context) else { continue };
        let Ok(descriptor) = descriptor.to_property_descriptor(context) else { return };
        own.push((key, descriptor));
    }
    let movable = own.iter().all(|(_, d)| d.expect_configurable());
    if movable {
        for (key, _) in &own {
            // A configurable property of an ordinary object can always be deleted; every
            // one is defined again below either way.
            let deleted = error.delete_property_or_throw(key.clone(), context);
            debug_assert!(deleted.is_ok(), "a configurable own property of an error is deleted");
        }
    }
    let stack = PropertyDescriptor::builder().get(getter).set(setter).enumerable(false).configurable(true);
    drop(error.define_property_or_throw(js_string!("stack"), stack, context));
    if movable {
        for (key, descriptor) in own {
            drop(error.define_property_or_throw(key, descriptor, context));
        }
    }
}

/// The isolate's own-`stack` accessor pair, made on first use (most schedules make no
/// error: every isolate boot pays only for what it uses).
fn own_stack_pair(context: &mut Context) -> Option<(JsObject, JsObject)> {
    let host = context.get_data::<std::rc::Rc<crate::engine::Host>>()?.clone();
    let own = host.get::<OwnStack>();
    if let Some(pair) = own.pair.borrow().clone() {
        return Some(pair);
    }
    let boa_getter = host.get::<super::engine_errors::BoaStack>().getter()?;
    // The texts the own accessors give (computed on the first read) or were given.
    let captures = (boa_getter, JsWeakMap::new(context));
    let getter = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(get_own_stack, captures.clone()),
    )
    .name(js_string!("stack"))
    .length(0)
    .build();
    let setter = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(set_own_stack, captures),
    )
    .name(js_string!("stack"))
    .length(1)
    .build();
    let pair = (JsObject::from(getter), JsObject::from(setter));
    *own.pair.borrow_mut() = Some(pair.clone());
    Some(pair)
}

/// The own `stack` accessor's getter: the text set, else V8's (computed once).
fn get_own_stack(
    this: &JsValue,
    _: &[JsValue],
    (boa_getter, texts): &(JsObject, JsWeakMap),
    context: &mut Context,
) -> JsResult<JsValue> {
    let Some(error) = this.as_object() else { return Ok(JsValue::undefined()) };
    if texts.has(&error, context)? {
        return texts.get(&error, context);
    }
    let text: JsValue = v8_stack(&error, boa_getter, context)?.map_or_else(JsValue::undefined, Into::into);
    texts.set(&error, text.clone(), context)?;
    Ok(text)
}

/// The own `stack` accessor's setter: the error's stack is now the value given.
fn set_own_stack(
    this: &JsValue,
    args: &[JsValue],
    (_, texts): &(JsObject, JsWeakMap),
    context: &mut Context,
) -> JsResult<JsValue> {
    if let Some(error) = this.as_object() {
        texts.set(&error, args.first().cloned().unwrap_or_default(), context)?;
    }
    Ok(JsValue::undefined())
}

/// V8's `Error.captureStackTrace(target, constructorOpt)`: gives `target` a `stack`, the
/// header its own `name`/`message` make and the frames of the call, starting below the
/// frame of `constructorOpt` when it is on the stack.
fn capture_stack_trace(
    _: &JsValue,
    args: &[JsValue],
    boa_getter: &JsObject,
    context: &mut Context,
) -> JsResult<JsValue> {
    let Some(target) = args.first().and_then(JsValue::as_object) else {
        return Err(JsNativeError::typ().with_message("Invalid argument").into());
    };
    let error = context.intrinsics().constructors().error().constructor();
    let probe = error.construct(&[], None, context)?;
    let frames = boa_getter.call(&probe.into(), &[], context)?;
    let frames = frames
        .as_string()
        .map(|f| original_positions(&fold_async_frames(&f.to_std_string_lossy(), context), context))
        .unwrap_or_default();
    let below = match args.get(1).and_then(JsValue::as_object) {
        Some(function) if function.is_callable() => {
            let name = function.get(js_string!("name"), context)?.to_string(context)?.to_std_string_lossy();
            let mut frames = frames_after(&frames, |_| false);
            match frames.iter().position(|line| frame_name(line) == Some(name.as_str())) {
                Some(at) => frames.split_off(at + 1),
                None => frames,
            }
        }
        _ => frames_after(&frames, |_| false),
    };
    let text = stack_text(&header(&target, context)?, below, limit(context)?, path_prefix(context));
    target.define_property_or_throw(
        js_string!("stack"),
        PropertyDescriptor::builder().value(JsString::from(text)).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    Ok(JsValue::undefined())
}

/// V8's `ErrorUtils::ToString` of an error: `name: message`, `name` defaulting to
/// `Error`, an empty part and the colon left out.
fn header(error: &JsObject, context: &mut Context) -> JsResult<String> {
    let name = error.get(js_string!("name"), context)?;
    let name = if name.is_undefined() { "Error".to_string() } else { name.to_string(context)?.to_std_string_lossy() };
    let message = error.get(js_string!("message"), context)?;
    let message =
        if message.is_undefined() { String::new() } else { message.to_string(context)?.to_std_string_lossy() };
    Ok(match (name.is_empty(), message.is_empty()) {
        (_, true) => name,
        (true, false) => message,
        (false, false) => format!("{name}: {message}"),
    })
}

/// `Error.stackTraceLimit` now (a non-number hides every frame, as in V8), read from the
/// `Error` the worker sees (`Error.prototype.constructor`, [`born_with_own_stack`]).
fn limit(context: &mut Context) -> JsResult<usize> {
    let prototype = context.intrinsics().constructors().error().prototype();
    let error = prototype.get(js_string!("constructor"), context)?;
    let Some(error) = error.as_object() else { return Ok(STACK_TRACE_LIMIT) };
    let limit = error.get(js_string!("stackTraceLimit"), context)?;
    Ok(match limit.as_number() {
        Some(n) if n.is_finite() && n > 0.0 => n as usize,
        Some(n) if n == f64::INFINITY => usize::MAX,
        _ => 0,
    })
}

/// The names of the constructors on `error`'s prototype chain below `Error.prototype`'s
/// own (`E` for `class E extends Error`): V8's frames start at the `new` of the subclass.
fn constructor_names(error: &JsObject, context: &mut Context) -> JsResult<Vec<String>> {
    let mut names = Vec::new();
    let mut prototype = error.prototype();
    // A bound on the walk: prototype chains are finite, but user code may make them long.
    for _ in 0..32 {
        let Some(object) = prototype else { break };
        let constructor = object.get(js_string!("constructor"), context)?;
        if let Some(constructor) = constructor.as_object().filter(|c| c.is_callable()) {
            let name = constructor.get(js_string!("name"), context)?;
            if let Some(name) = name.as_string() {
                names.push(name.to_std_string_lossy());
            }
        }
        prototype = object.prototype();
    }
    Ok(names)
}

/// The name of a frame line (`at name (loc)`), if it has one.
fn frame_name(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("at ")?;
    let open = rest.rfind(" (")?;
    Some(&rest[..open])
}

/// boa's frames (engine positions) with the second frame of each async call folded into
/// the first.
///
/// The instrumentation runs an async function's body as an inner arrow the function
/// calls (`crosstalk_instrument::ASYNC_HOOK`), so while the body runs boa shows two
/// frames: the arrow's at the current position (named after the function, or `<main>`
/// for a method or an anonymous function), then the function's own at the arrow's call,
/// which maps back to the body's closing brace. V8 shows one: the function's name at the
/// current position. Every other frame stays, an anonymous function's `<main>` frame and
/// its caller's included.
fn fold_async_frames(frames: &str, context: &Context) -> String {
    let host = crate::engine::Host::of(context);
    let at_body_call = |line: &str| {
        let Some(at) = crate::location::Location::of_frame(line) else { return false };
        let Some(text) = host.sites.engine_text(std::path::Path::new(&at.file)) else { return false };
        crate::location::byte_of(&text, at.line as usize, at.column as usize)
            .is_some_and(|byte| crosstalk_instrument::is_async_body_call(&text, byte))
    };
    let mut out: Vec<String> = Vec::new();
    for line in frames.lines().map(str::trim_start) {
        if let Some(previous) = out.last_mut()
            && previous.starts_with("at ")
            && line.starts_with("at ")
            && at_body_call(line)
        {
            if let (Some(location), Some(name)) = (previous.strip_prefix("at <main> ("), frame_name(line)) {
                *previous = format!("at {name} ({location}");
            }
            continue;
        }
        out.push(line.to_string());
    }
    out.join("\n")
}

/// The frames of boa's text that V8 would show, after any leading frames `skip` names.
fn frames_after(frames: &str, skip: impl Fn(&str) -> bool) -> Vec<String> {
    let mut shown: Vec<String> = frames
        .lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with("at "))
        .filter(|line| !line.ends_with("(native)") && !line.contains(&format!("({}/", crate::host::web::PATH_PREFIX)))
        .map(str::to_string)
        .collect();
    let first = shown.iter().position(|line| !frame_name(line).is_some_and(&skip)).unwrap_or(shown.len());
    shown.split_off(first)
}

/// The stack text: the header, then each frame, V8's top level as a bare location, the
/// worker's own files behind `prefix`.
fn stack_text(header: &str, frames: Vec<String>, limit: usize, prefix: &str) -> String {
    let mut text = header.to_string();
    for line in frames.iter().take(limit) {
        text.push_str("\n    at ");
        let rest = line.strip_prefix("at ").unwrap_or(line);
        match rest.strip_prefix("<main> (").and_then(|l| l.strip_suffix(')')) {
            Some(location) => text.push_str(&prefixed(location, prefix)),
            None => match rest.rfind(" (").filter(|_| rest.ends_with(')')) {
                Some(open) => {
                    let location = &rest[open + 2..rest.len() - 1];
                    text.push_str(&format!("{} ({})", &rest[..open], prefixed(location, prefix)));
                }
                None => text.push_str(&prefixed(rest, prefix)),
            },
        }
    }
    text
}

/// `file:line:column` behind `prefix` when `file` is one of the worker's own (no scheme:
/// `node:events`, `crosstalk:…` stay as they are).
fn prefixed(location: &str, prefix: &str) -> String {
    let file = location.rsplitn(3, ':').nth(2).unwrap_or(location);
    if prefix.is_empty() || file.contains(':') { location.to_string() } else { format!("{prefix}{location}") }
}

/// `host.describeError(value)` (`reportError` in web/events.js): V8's message for `value`
/// reported as an uncaught exception, and where it is — an Error where it was made (the
/// top frame of its stack), any other value where the script reports it — as
/// `{ message, filename, lineno, colno }`, the line 1-based and the column 0-based as
/// V8's message gives them (workerd 1.20261117: `reportError(new TypeError("tt"))` is
/// `TypeError: tt` at the `new`, `reportError({})` is `#<Object>` at the call).
pub(crate) fn describe_reported(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    let error = value.as_object().filter(|o| o.is::<boa_engine::builtins::error::Error>());
    let message = match (&error, value.as_object()) {
        (Some(_), _) => crate::location::describe_value(&value, context).message,
        (None, Some(object)) if object.is_array() => value.to_string(context)?.to_std_string_escaped(),
        (None, Some(object)) => {
            let constructor = object.get(js_string!("constructor"), context)?;
            let name = match constructor.as_object() {
                Some(c) => c.get(js_string!("name"), context)?.as_string().map(|s| s.to_std_string_escaped()),
                None => None,
            };
            format!("#<{}>", name.filter(|n| !n.is_empty()).unwrap_or_else(|| "Object".to_string()))
        }
        (None, None) => match value.as_symbol() {
            Some(symbol) => symbol.descriptive_string().to_std_string_escaped(),
            None => value.to_string(context)?.to_std_string_escaped(),
        },
    };
    let made_at = match &error {
        Some(error) => {
            let stack = error.get(js_string!("stack"), context)?;
            stack.as_string().and_then(|s| top_frame(&s.to_std_string_escaped()))
        }
        None => None,
    };
    let (filename, line, column) = match made_at {
        Some(found) => found,
        None => match crate::location::caller(context) {
            Some(at) => (format!("{}{}", path_prefix(context), at.file), at.line, at.column),
            None => (String::new(), 0, 0),
        },
    };
    let described = boa_engine::object::ObjectInitializer::new(context)
        .property(js_string!("message"), JsString::from(message), boa_engine::property::Attribute::all())
        .property(js_string!("filename"), JsString::from(filename), boa_engine::property::Attribute::all())
        .property(js_string!("lineno"), line, boa_engine::property::Attribute::all())
        .property(js_string!("colno"), column.saturating_sub(1), boa_engine::property::Attribute::all())
        .build();
    Ok(described.into())
}

/// The file, line and (1-based) column of a V8 stack's top frame with a position.
fn top_frame(stack: &str) -> Option<(String, u32, u32)> {
    stack.lines().find_map(|line| {
        let at = crate::location::Location::of_frame(line)?;
        // Frames in crosstalk's own Web modules are not the user's code.
        (!at.file.starts_with(crate::host::web::PATH_PREFIX)).then_some((at.file, at.line, at.column))
    })
}
