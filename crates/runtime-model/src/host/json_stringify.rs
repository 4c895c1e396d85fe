//! `JSON.stringify`, crosstalk's own: ECMA-262's SerializeJSONProperty over an explicit
//! stack, with V8's messages and V8's limits.
//!
//! boa 0.22's serialiser recurses natively once per level, so data nested a few
//! thousand deep overflowed the process's stack (a `crash` verdict), where workerd
//! answers. This one keeps the objects being serialised in a `Vec`, so nesting costs
//! heap, never stack:
//! - Plain data (no replacer, no indentation, ordinary objects and arrays) serialises at
//!   any depth, as V8's fast path does (workerd 1.20261117 serialises arrays nested a
//!   million deep).
//! - Everything else is V8's slow path, which recurses: past [`SLOW_PATH_DEPTH_MAX`]
//!   objects on the stack it is V8's `RangeError: Maximum call stack size exceeded`,
//!   which the worker can catch.
//! - A cycle is V8's `TypeError: Converting circular structure to JSON`, naming the
//!   object the circle starts at, the steps after it (the first two and the last, with
//!   `...` between) and the key that closes it. The path is the one the serialiser
//!   followed, so no getter runs twice and `toJSON` and replacers count.
//! - A BigInt is V8's `Do not know how to serialize a BigInt`.
//! - A result longer than V8's longest string (2^29 − 24 code units) is V8's
//!   `RangeError: Invalid string length`; an array too long for any result is refused
//!   before its elements are read.
//!
//! Each member serialised is one unit of work against the task's CPU budget
//! (`host::charge`), as the guarded builtins' elements are.
//!
//! `JSON.rawJSON` and `JSON.isRawJSON` are crosstalk's too (`json.rs`), since the raw
//! objects they make must be recognised here.

use std::collections::HashSet;

use boa_engine::object::builtins::JsProxy;
use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsBigInt, JsNativeError, JsObject, JsResult, JsString, JsValue, js_string};
use boa_gc::{Finalize, Trace};

/// V8's `String::kMaxLength` on 64-bit platforms, in UTF-16 code units.
const MAX_STRING_LENGTH: usize = (1 << 29) - 24;

/// How many objects V8's slow path (a replacer, indentation, `toJSON`, a Proxy, an object
/// that is not a plain object or array) holds on its stack before the call stack runs
/// out. Measured on workerd 1.20261117: objects and arrays nested 5,022 deep under the
/// outermost one serialise with indentation, with a replacer or below a `toJSON`; one
/// more is a `RangeError`.
pub(crate) const SLOW_PATH_DEPTH_MAX: usize = 5_023;

/// The data of the objects `JSON.rawJSON` makes (ECMA-262's `[[IsRawJSON]]` slot).
#[derive(Debug, Trace, Finalize, boa_engine::JsData)]
pub(crate) struct RawJson;

/// How an object on the stack was reached, for the cycle message.
enum Via {
    Index(u64),
    Key(JsString),
}

impl Via {
    /// V8's words for the key: `index 3`, `property 'name'`, `<anonymous>` for `""`.
    fn describe(&self) -> String {
        match self {
            Via::Index(index) => format!("index {index}"),
            Via::Key(key) if key.is_empty() => "<anonymous>".to_string(),
            Via::Key(key) => format!("property '{}'", key.to_std_string_escaped()),
        }
    }
}

/// What an object being serialised has left to write.
enum Members {
    Array { length: u64 },
    Object { keys: Vec<JsString> },
}

/// An array or object on the serialiser's stack.
struct Frame {
    object: JsObject,
    via: Via,
    members: Members,
    /// The next index or key to serialise.
    next: usize,
    /// Whether a member has been written (a separator comes before the next one).
    written: bool,
}

/// A property's value, ready to be written.
enum Prepared {
    /// Nothing to write: an object member is left out, an array element is `null`.
    Nothing,
    /// The text of a primitive (or a raw JSON object's text).
    Text(JsString),
    /// An array or object to open.
    Open { object: JsObject, is_array: bool },
}

struct Serializer {
    replacer: Option<JsObject>,
    property_list: Option<Vec<JsString>>,
    gap: Vec<u16>,
    /// The realm's original `Array.isArray` (ECMA-262's IsArray, Proxies included).
    is_array: JsObject,
    out: Vec<u16>,
    stack: Vec<Frame>,
    /// The objects on the stack, for the cycle check.
    open: HashSet<JsObject>,
    /// Whether V8 would have left its fast path, and the deepest stack so far.
    slow: bool,
    deepest: usize,
}

/// `JSON.stringify(value, replacer, space)`.
pub(crate) fn stringify(
    _: &JsValue,
    args: &[JsValue],
    is_array: &JsObject,
    context: &mut Context,
) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    let replacer = args.get(1).cloned().unwrap_or_default();
    let space = args.get(2).cloned().unwrap_or_default();
    let mut serializer = Serializer {
        replacer: None,
        property_list: None,
        gap: Vec::new(),
        is_array: is_array.clone(),
        out: Vec::new(),
        stack: Vec::new(),
        open: HashSet::new(),
        slow: false,
        deepest: 0,
    };
    if let Some(replacer) = replacer.as_object() {
        if replacer.is_callable() {
            serializer.replacer = Some(replacer.clone());
        } else if serializer.array(&replacer, context)? {
            serializer.property_list = Some(property_list(&replacer, context)?);
        }
    }
    serializer.gap = gap(&space, context)?;
    serializer.slow = serializer.replacer.is_some() || serializer.property_list.is_some() || !serializer.gap.is_empty();
    let wrapper = JsObject::with_object_proto(context.intrinsics());
    wrapper.create_data_property_or_throw(js_string!(""), value, context)?;
    match serializer.prepare(&wrapper, PropertyKey::from(js_string!("")), js_string!("").into(), context)? {
        Prepared::Nothing => return Ok(JsValue::undefined()),
        Prepared::Text(text) => return Ok(text.into()),
        Prepared::Open { object, is_array } => serializer.push(object, is_array, Via::Key(js_string!("")), context)?,
    }
    serializer.run(context)?;
    debug_assert!(serializer.open.is_empty(), "every object opened was closed");
    Ok(JsString::from(serializer.out.as_slice()).into())
}

/// ECMA-262 JSON.stringify step 4.b: the keys an array replacer lists, in order, once each.
fn property_list(replacer: &JsObject, context: &mut Context) -> JsResult<Vec<JsString>> {
    let length = replacer.get(js_string!("length"), context)?.to_length(context)?;
    let mut list: Vec<JsString> = Vec::new();
    for index in 0..length {
        let element = replacer.get(index, context)?;
        let item = if let Some(text) = element.as_string() {
            Some(text.clone())
        } else if element.is_number() || element.as_object().is_some_and(|o| o.is::<JsString>() || o.is::<f64>()) {
            Some(element.to_string(context)?)
        } else {
            None
        };
        if let Some(item) = item
            && !list.contains(&item)
        {
            list.push(item);
        }
    }
    Ok(list)
}

/// ECMA-262 JSON.stringify steps 5–8: the indentation `space` asks for.
fn gap(space: &JsValue, context: &mut Context) -> JsResult<Vec<u16>> {
    let mut space = space.clone();
    if let Some(object) = space.as_object() {
        if object.is::<f64>() {
            space = space.to_number(context)?.into();
        } else if object.is::<JsString>() {
            space = space.to_string(context)?.into();
        }
    }
    if let Some(number) = space.as_number() {
        let width = if number.is_nan() { 0.0 } else { number.trunc().clamp(0.0, 10.0) };
        // Exact: `width` is a whole number in 0..=10.
        return Ok(vec![u16::from(b' '); width as usize]);
    }
    if let Some(text) = space.as_string() {
        return Ok(text.iter().take(10).collect());
    }
    Ok(Vec::new())
}

impl Serializer {
    /// ECMA-262 IsArray, through the realm's original `Array.isArray`.
    fn array(&self, object: &JsObject, context: &mut Context) -> JsResult<bool> {
        Ok(self.is_array.call(&JsValue::undefined(), &[object.clone().into()], context)?.to_boolean())
    }

    /// ECMA-262 SerializeJSONProperty up to the point where the value is written: the
    /// value of `key` of `holder` after `toJSON`, the replacer and unwrapping.
    fn prepare(
        &mut self,
        holder: &JsObject,
        key: PropertyKey,
        key_value: JsValue,
        context: &mut Context,
    ) -> JsResult<Prepared> {
        let mut value = holder.get(key, context)?;
        if value.is_object() || value.is_bigint() {
            let to_json = value.to_object(context)?.get(js_string!("toJSON"), context)?;
            if let Some(to_json) = to_json.as_callable() {
                self.became_slow()?;
                value = to_json.call(&value, std::slice::from_ref(&key_value), context)?;
            }
        }
        if let Some(replacer) = &self.replacer {
            value = replacer.call(&holder.clone().into(), &[key_value, value], context)?;
        }
        if let Some(object) = value.as_object() {
            if object.is::<f64>() {
                value = value.to_number(context)?.into();
            } else if object.is::<JsString>() {
                value = value.to_string(context)?.into();
            } else if let Some(boolean) = object.downcast_ref::<bool>().map(|b| *b) {
                value = boolean.into();
            } else if let Some(bigint) = object.downcast_ref::<JsBigInt>().map(|b| b.clone()) {
                value = bigint.into();
            } else if object.is::<RawJson>() {
                let raw = object.get(js_string!("rawJSON"), context)?;
                let text = raw.as_string().expect("a raw JSON object's text is a frozen string");
                return Ok(Prepared::Text(text.clone()));
            }
        }
        if value.is_null() {
            return Ok(Prepared::Text(js_string!("null")));
        }
        if let Some(boolean) = value.as_boolean() {
            return Ok(Prepared::Text(if boolean { js_string!("true") } else { js_string!("false") }));
        }
        if let Some(text) = value.as_string() {
            let mut quoted = Vec::with_capacity(text.len() + 2);
            quote(&text, &mut quoted);
            return Ok(Prepared::Text(JsString::from(quoted.as_slice())));
        }
        if let Some(number) = value.as_number() {
            if number.is_finite() {
                return Ok(Prepared::Text(value.to_string(context)?));
            }
            return Ok(Prepared::Text(js_string!("null")));
        }
        if value.is_bigint() {
            return Err(JsNativeError::typ().with_message("Do not know how to serialize a BigInt").into());
        }
        if let Some(object) = value.as_object()
            && !object.is_callable()
        {
            let is_array = self.array(&object, context)?;
            return Ok(Prepared::Open { object, is_array });
        }
        Ok(Prepared::Nothing)
    }

    /// V8 would serialise on its slow path from here on: its depth limit applies to the
    /// whole call, including the stack it has already been through.
    fn became_slow(&mut self) -> JsResult<()> {
        self.slow = true;
        if self.deepest > SLOW_PATH_DEPTH_MAX {
            return Err(stack_exceeded());
        }
        Ok(())
    }

    /// Opens `object` (reached by `via`): the cycle check, the depth, its bracket and the
    /// members it will write.
    fn push(&mut self, object: JsObject, is_array: bool, via: Via, context: &mut Context) -> JsResult<()> {
        if self.open.contains(&object) {
            return Err(JsNativeError::typ().with_message(self.circle(&object, &via, context)).into());
        }
        if !self.slow && !plain(&object, is_array, context) {
            self.became_slow()?;
        }
        let depth = self.stack.len() + 1;
        self.deepest = self.deepest.max(depth);
        if self.slow && depth > SLOW_PATH_DEPTH_MAX {
            return Err(stack_exceeded());
        }
        let members = if is_array {
            let length = object.get(js_string!("length"), context)?.to_length(context)?;
            // Every element writes at least one unit and a comma.
            let shortest = u128::from(length) * 2 + 1;
            if shortest + self.out.len() as u128 > MAX_STRING_LENGTH as u128 {
                return Err(invalid_length());
            }
            self.out.push(u16::from(b'['));
            Members::Array { length }
        } else {
            let keys = match &self.property_list {
                Some(list) => list.clone(),
                None => own_enumerable_keys(&object, context)?,
            };
            self.out.push(u16::from(b'{'));
            Members::Object { keys }
        };
        let inserted = self.open.insert(object.clone());
        debug_assert!(inserted, "an object is opened once at a time");
        self.stack.push(Frame { object, via, members, next: 0, written: false });
        Ok(())
    }

    /// Writes members until the outermost object is closed.
    fn run(&mut self, context: &mut Context) -> JsResult<()> {
        while let Some(frame) = self.stack.last_mut() {
            let (key, key_value, via) = match &frame.members {
                Members::Array { length } => {
                    let index = frame.next as u64;
                    if index >= *length {
                        self.close();
                        continue;
                    }
                    (PropertyKey::from(index), JsValue::from(JsString::from(index.to_string())), Via::Index(index))
                }
                Members::Object { keys } => {
                    let Some(key) = keys.get(frame.next).cloned() else {
                        self.close();
                        continue;
                    };
                    (PropertyKey::from(key.clone()), JsValue::from(key.clone()), Via::Key(key))
                }
            };
            frame.next += 1;
            let holder = frame.object.clone();
            super::charge(1, context)?;
            let prepared = self.prepare(&holder, key, key_value, context)?;
            let in_array = matches!(via, Via::Index(_));
            if matches!(prepared, Prepared::Nothing) && !in_array {
                continue;
            }
            self.separate();
            if let Via::Key(key) = &via {
                quote(key, &mut self.out);
                self.out.push(u16::from(b':'));
                if !self.gap.is_empty() {
                    self.out.push(u16::from(b' '));
                }
            }
            match prepared {
                Prepared::Nothing => self.out.extend("null".encode_utf16()),
                Prepared::Text(text) => self.out.extend(text.iter()),
                Prepared::Open { object, is_array } => self.push(object, is_array, via, context)?,
            }
            if self.out.len() > MAX_STRING_LENGTH {
                return Err(invalid_length());
            }
        }
        Ok(())
    }

    /// The comma before a member, and with indentation a new line at the member's depth.
    fn separate(&mut self) {
        let frame = self.stack.last_mut().expect("a member belongs to an open object");
        if frame.written {
            self.out.push(u16::from(b','));
        }
        frame.written = true;
        if !self.gap.is_empty() {
            self.newline(self.stack.len());
        }
    }

    fn newline(&mut self, depth: usize) {
        self.out.push(u16::from(b'\n'));
        for _ in 0..depth {
            self.out.extend_from_slice(&self.gap);
        }
    }

    /// Closes the innermost object: a new line at its own depth when it wrote members
    /// and indents, then its bracket.
    fn close(&mut self) {
        let frame = self.stack.pop().expect("closing an open object");
        let removed = self.open.remove(&frame.object);
        debug_assert!(removed, "an open object is in the set");
        if frame.written && !self.gap.is_empty() {
            self.newline(self.stack.len());
        }
        let bracket = if matches!(frame.members, Members::Array { .. }) { b']' } else { b'}' };
        self.out.push(u16::from(bracket));
    }

    /// V8's message for `object`, reached again by `closing`: the object the circle
    /// starts at, the first two steps after it and the last, and the key that closes it.
    fn circle(&self, object: &JsObject, closing: &Via, context: &mut Context) -> String {
        const PREFIX_STEPS: usize = 2;
        const POSTFIX_STEPS: usize = 1;
        let start = self.stack.iter().position(|f| f.object == *object).expect("a repeated object is on the stack");
        let mut text = format!(
            "Converting circular structure to JSON\n    --> starting at object with constructor '{}'",
            constructor_name(object, context)
        );
        let step = |frame: &Frame, context: &mut Context| {
            format!(
                "\n    |     {} -> object with constructor '{}'",
                frame.via.describe(),
                constructor_name(&frame.object, context)
            )
        };
        let mut index = start + 1;
        let prefix_end = self.stack.len().min(index + PREFIX_STEPS);
        while index < prefix_end {
            text.push_str(&step(&self.stack[index], context));
            index += 1;
        }
        if self.stack.len() > index + POSTFIX_STEPS {
            text.push_str("\n    |     ...");
        }
        index = index.max(self.stack.len() - POSTFIX_STEPS);
        while index < self.stack.len() {
            text.push_str(&step(&self.stack[index], context));
            index += 1;
        }
        text.push_str(&format!("\n    --- {} closes the circle", closing.describe()));
        text
    }
}

/// Whether V8's fast path would take `object`: an ordinary object whose prototype is
/// `Object.prototype` (or none), or an array whose prototype is `Array.prototype`.
fn plain(object: &JsObject, is_array: bool, context: &Context) -> bool {
    if JsProxy::from_object(object.clone()).is_ok() {
        return false;
    }
    let prototype = object.prototype();
    if is_array {
        return prototype.as_ref() == Some(&context.intrinsics().constructors().array().prototype());
    }
    match prototype {
        None => true,
        Some(prototype) => prototype == context.intrinsics().constructors().object().prototype(),
    }
}

/// ECMA-262 EnumerableOwnProperties(object, key): `Object.keys`, Proxy traps included.
pub(crate) fn own_enumerable_keys(object: &JsObject, context: &mut Context) -> JsResult<Vec<JsString>> {
    let keys =
        boa_engine::builtins::object::OrdinaryObject::keys(&JsValue::undefined(), &[object.clone().into()], context)?;
    let keys = keys.as_object().expect("Object.keys returns an array");
    let length = keys.get(js_string!("length"), context)?.to_length(context)?;
    let mut list = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    for index in 0..length {
        let key = keys.get(index, context)?;
        list.push(key.as_string().expect("Object.keys lists strings").clone());
    }
    Ok(list)
}

/// ECMA-262 QuoteJSONString, appended to `out`.
fn quote(text: &JsString, out: &mut Vec<u16>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let units: Vec<u16> = text.iter().collect();
    out.push(u16::from(b'"'));
    let mut index = 0;
    while index < units.len() {
        let unit = units[index];
        let escape = match unit {
            0x08 => Some(b'b'),
            0x09 => Some(b't'),
            0x0a => Some(b'n'),
            0x0c => Some(b'f'),
            0x0d => Some(b'r'),
            0x22 => Some(b'"'),
            0x5c => Some(b'\\'),
            _ => None,
        };
        if let Some(escape) = escape {
            out.extend([u16::from(b'\\'), u16::from(escape)]);
        } else if unit < 0x20 || is_lone_surrogate(&units, index) {
            out.extend([u16::from(b'\\'), u16::from(b'u')]);
            out.extend((0..4).rev().map(|shift| u16::from(HEX[usize::from((unit >> (shift * 4)) & 0xf)])));
        } else if (0xd800..0xdc00).contains(&unit) {
            // A paired surrogate: both halves as they are.
            out.extend([unit, units[index + 1]]);
            index += 1;
        } else {
            out.push(unit);
        }
        index += 1;
    }
    out.push(u16::from(b'"'));
}

/// Whether the surrogate at `index` has no partner.
fn is_lone_surrogate(units: &[u16], index: usize) -> bool {
    let unit = units[index];
    match unit {
        0xd800..=0xdbff => !units.get(index + 1).is_some_and(|next| (0xdc00..=0xdfff).contains(next)),
        0xdc00..=0xdfff => true,
        _ => false,
    }
}

/// The name V8 gives an object's constructor in its messages
/// (`JSReceiver::GetConstructorName`): the constructor whose `prototype` the object's
/// prototype is; else, up the prototype chain, the first `Symbol.toStringTag` string or
/// (not on the object itself) `constructor` function with a name other than `Object`;
/// else `Object`. Only data properties are read: no getter or Proxy trap runs.
fn constructor_name(object: &JsObject, context: &mut Context) -> String {
    let named = |function: &JsValue, context: &mut Context| -> Option<String> {
        let function = function.as_object().filter(|f| f.is_callable())?;
        let name = own_data(&function, js_string!("name").into(), context)?;
        let name = name.as_string()?.to_std_string_escaped();
        (!name.is_empty() && name != "Object").then_some(name)
    };
    if JsProxy::from_object(object.clone()).is_ok() {
        return "Object".to_string();
    }
    if let Some(prototype) = object.prototype()
        && let Some(constructor) = own_data(&prototype, js_string!("constructor").into(), context)
        && let Some(constructor_object) = constructor.as_object()
        && own_data(&constructor_object, js_string!("prototype").into(), context)
            .is_some_and(|p| p.as_object().is_some_and(|p| p == prototype))
        && let Some(name) = named(&constructor, context)
    {
        return name;
    }
    let tag: PropertyKey = boa_engine::JsSymbol::to_string_tag().into();
    let mut current = Some(object.clone());
    while let Some(here) = current {
        if JsProxy::from_object(here.clone()).is_ok() {
            break;
        }
        if let Some(tag) = own_data(&here, tag.clone(), context)
            && let Some(tag) = tag.as_string()
        {
            return tag.to_std_string_escaped();
        }
        if here != *object
            && let Some(constructor) = own_data(&here, js_string!("constructor").into(), context)
            && let Some(name) = named(&constructor, context)
        {
            return name;
        }
        current = here.prototype();
    }
    "Object".to_string()
}

/// The value of `object`'s own data property `key`, if it has one (never a getter), as
/// the worker sees it (`format::own_descriptor`).
fn own_data(object: &JsObject, key: PropertyKey, context: &mut Context) -> Option<JsValue> {
    let descriptor = super::format::own_descriptor(object, &key, context)?;
    let accessor = |field: &str, context: &mut Context| {
        descriptor.has_own_property(JsString::from(field), context).unwrap_or(false)
    };
    if accessor("get", context) || accessor("set", context) {
        return None;
    }
    descriptor.get(js_string!("value"), context).ok()
}

fn stack_exceeded() -> boa_engine::JsError {
    JsNativeError::range().with_message(crate::stack::MESSAGE).into()
}

fn invalid_length() -> boa_engine::JsError {
    JsNativeError::range().with_message("Invalid string length").into()
}
