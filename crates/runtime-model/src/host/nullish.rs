//! V8's TypeErrors for a property of `null` or `undefined`, for destructuring one, and
//! for iterating what is not iterable, through the instrumentation's guard pass
//! (`crosstalk_instrument::NULLISH_HOOK`, `DESTRUCTURE_HOOK`, `ITERABLE_HOOK`).
//!
//! boa 0.22 throws `cannot convert 'null' or 'undefined' to object` for `config.greeting`
//! when `config` is `undefined`, and its position often points at the statement rather
//! than the access; V8 says `Cannot read properties of undefined (reading 'greeting')`,
//! and workers answer that text, log it and match on it. The guard pass rewrites each
//! member access whose object may be nullish so that such an object is replaced, only
//! then, by a stand-in made here: a proxy whose traps throw V8's text for the value and
//! the key the access uses (the key is evaluated once, by the access itself, and a write
//! throws after its right-hand side ran, as in V8).

use boa_engine::object::builtins::JsProxy;
use boa_engine::{Context, JsNativeError, JsResult, JsValue};

/// Defines the guard pass's hooks.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    super::define_hook(crosstalk_instrument::NULLISH_HOOK, nullish, 1, context)?;
    super::define_hook(crosstalk_instrument::DESTRUCTURE_HOOK, destructure, 3, context)?;
    super::define_hook(crosstalk_instrument::ITERABLE_HOOK, iterable, 2, context)
}

/// `__ct$i(value, message)`: what a `for…of` or a spread is about to iterate; `value`
/// when it can be iterated, else V8's `message` as a TypeError. An object is asked for
/// its `Symbol.iterator` (the loop asks again: a getter there would run twice); a proxy is
/// left to the engine, whose traps must not run an extra time.
fn iterable(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    let iterable = match value.as_object() {
        Some(object) if object.is::<boa_engine::builtins::proxy::Proxy>() => true,
        Some(object) => object.get(boa_engine::JsSymbol::iterator(), context)?.is_callable(),
        None => value.is_string(),
    };
    if iterable {
        return Ok(value);
    }
    let message = args.get(1).and_then(JsValue::as_string).map(|s| s.to_std_string_escaped()).unwrap_or_default();
    Err(JsNativeError::typ().with_message(message).into())
}

/// `__ct$d(value, key, text)`: an object pattern's initialiser was `null` or `undefined`;
/// throws V8's TypeError, naming the pattern's first key (none for `{}` or a lone rest)
/// and the initialiser as V8 prints it.
fn destructure(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let value = name(args.first().is_some_and(JsValue::is_null));
    let text =
        |i: usize| args.get(i).and_then(JsValue::as_string).map(|s| s.to_std_string_escaped()).unwrap_or_default();
    let (key, source) = (text(1), text(2));
    let message = if key.is_empty() {
        format!("Cannot destructure '{source}' as it is {value}.")
    } else {
        format!("Cannot destructure property '{key}' of '{source}' as it is {value}.")
    };
    Err(JsNativeError::typ().with_message(message).into())
}

/// `__ct$n(value)`: the stand-in for a nullish object. Called only once the object was
/// found nullish; its second evaluation gives `value` (a getter that answers differently
/// the second time is taken as `undefined`).
fn nullish(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let is_null = args.first().is_some_and(JsValue::is_null);
    stand_in(is_null, context)
}

fn stand_in(is_null: bool, context: &mut Context) -> JsResult<JsValue> {
    let target = boa_engine::object::ObjectInitializer::new(context).build();
    let builder = JsProxy::builder(target);
    let builder = if is_null {
        builder.get(read::<true>).set(write::<true>)
    } else {
        builder.get(read::<false>).set(write::<false>)
    };
    Ok(builder.delete_property(delete).build(context)?.into())
}

fn name(is_null: bool) -> &'static str {
    if is_null { "null" } else { "undefined" }
}

/// A property key as V8 prints it in these messages: the string, or `Symbol(description)`.
fn key_text(key: Option<&JsValue>) -> String {
    match key {
        Some(key) => match key.as_symbol() {
            Some(symbol) => symbol.descriptive_string().to_std_string_escaped(),
            None => key.as_string().map(|s| s.to_std_string_escaped()).unwrap_or_default(),
        },
        None => String::new(),
    }
}

/// The `get` trap: `(target, key, receiver)`.
fn read<const NULL: bool>(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let key = key_text(args.get(1));
    Err(JsNativeError::typ().with_message(format!("Cannot read properties of {} (reading '{key}')", name(NULL))).into())
}

/// The `set` trap: `(target, key, value, receiver)`.
fn write<const NULL: bool>(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let key = key_text(args.get(1));
    Err(JsNativeError::typ().with_message(format!("Cannot set properties of {} (setting '{key}')", name(NULL))).into())
}

/// The `deleteProperty` trap: `delete undefined.x` is V8's ToObject error.
fn delete(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Err(JsNativeError::typ().with_message("Cannot convert undefined or null to object").into())
}
