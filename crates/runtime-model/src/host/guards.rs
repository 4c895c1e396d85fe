//! Guards on the builtins whose cost depends on their input: what V8 refuses before it
//! allocates, and the CPU the engine spends inside one native call, where neither the
//! loop budget nor the call meter sees it.
//!
//! * Strings: V8's longest string is 2^29 − 24 code units. `repeat`, `padStart`,
//!   `padEnd` and `join` that would build a longer one throw V8's
//!   `RangeError: Invalid string length` before anything is allocated (boa would try to
//!   allocate it, and a big enough request aborts the process).
//! * Element walks: `fill`, `includes`, `indexOf`, `lastIndexOf`, `join` over an array (or
//!   array-like) of length N, and `Array.from` of an array-like without an iterator, charge
//!   N units of work to the task's CPU budget before they run (`host::charge`), so
//!   `Array(1e9).fill(0)` or `includes` on `{ length: 1e12 }` stops the request with
//!   workerd's "Worker exceeded CPU time limit." at once, in every replay.
//!
//! * `repeat` builds its result itself, by doubling: boa's charges every repetition to
//!   the loop budget, V8's costs next to nothing.
//!
//! The length is read only when it is an own data property (arrays, strings, plain
//! array-likes), so a `length` getter is never run twice; anything else goes straight to
//! the original builtin. Each wrapper keeps the original's `name` and `length`.

use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsValue, js_string};

/// V8's `String::kMaxLength` on 64-bit platforms.
const MAX_STRING_LENGTH: f64 = ((1u64 << 29) - 24) as f64;

#[derive(Clone, Copy)]
enum Guard {
    /// Charge the receiver's length.
    Walk,
    /// `join`: charge the length; refuse a result longer than V8's longest string.
    Join,
    /// `repeat`: refuse a result longer than V8's longest string (the result itself is
    /// built by [`repeated`]).
    Repeat,
    /// `padStart`/`padEnd`: refuse a target length past V8's longest string.
    Pad,
    /// `Array.from`: charge an iterator-less array-like's length.
    From,
    /// `flat`: refuse arrays nested deeper than the call stack allows.
    Flat,
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let array = context.intrinsics().constructors().array().prototype();
    for name in ["fill", "includes", "indexOf", "lastIndexOf"] {
        wrap(&array, name, Guard::Walk, context)?;
    }
    wrap(&array, "join", Guard::Join, context)?;
    super::wrap_builtin(&array, "flat", 0, context, move |this, args, original, context| {
        check(Guard::Flat, this, args, context)?;
        original.call(this, args, context)
    })?;
    let string = context.intrinsics().constructors().string().prototype();
    super::wrap_builtin(&string, "repeat", 1, context, move |this, args, original, context| {
        check(Guard::Repeat, this, args, context)?;
        match (this.as_string(), args.first().and_then(JsValue::as_number)) {
            // ToIntegerOrInfinity; `check` refused a negative or infinite count and a
            // result past V8's longest string.
            (Some(text), Some(count)) => {
                let count = if count.is_nan() { 0.0 } else { count.trunc() };
                debug_assert!(count >= 0.0 && (text.is_empty() || count <= MAX_STRING_LENGTH));
                Ok(repeated(&text, count as usize).into())
            }
            _ => original.call(this, args, context),
        }
    })?;
    wrap(&string, "padStart", Guard::Pad, context)?;
    wrap(&string, "padEnd", Guard::Pad, context)?;
    let array_constructor = context.intrinsics().constructors().array().constructor();
    wrap(&array_constructor, "from", Guard::From, context)?;
    Ok(())
}

/// `count` copies of `text`, built by doubling (at most twice the result's length is
/// copied), as V8 builds it at once. boa's own `repeat` charges every repetition to the
/// calling function's loop budget (`cpu_loop_iterations_max`), so `'x'.repeat(5e6)`
/// stopped the request for CPU where workerd answers.
fn repeated(text: &boa_engine::JsString, mut count: usize) -> boa_engine::JsString {
    let mut result = js_string!();
    if text.is_empty() {
        return result;
    }
    let mut power = text.clone();
    loop {
        if count & 1 == 1 {
            result = boa_engine::JsString::concat(result.as_str(), power.as_str());
        }
        count >>= 1;
        if count == 0 {
            return result;
        }
        power = boa_engine::JsString::concat(power.as_str(), power.as_str());
    }
}

fn wrap(holder: &JsObject, name: &str, guard: Guard, context: &mut Context) -> JsResult<()> {
    // Every guarded builtin has the standard length 1.
    super::wrap_builtin(holder, name, 1, context, move |this, args, original, context| {
        check(guard, this, args, context)?;
        original.call(this, args, context)
    })
}

fn check(guard: Guard, this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<()> {
    let first = args.first().cloned().unwrap_or_default();
    match guard {
        Guard::Walk => {
            if let Some(length) = data_length(this) {
                super::charge(length as u64, context)?;
            }
        }
        Guard::Join => {
            // Nested arrays' `toString` comes back here at every level, natively.
            crate::stack::check_native()?;
            if let Some(length) = data_length(this) {
                // A separator that is not a string is converted by the builtin itself (its
                // toString may have effects): only the length is charged then.
                let separator = match first.as_string() {
                    Some(s) => s.len() as f64,
                    None if first.is_undefined() => 1.0,
                    None => 0.0,
                };
                if length > 1.0 && (length - 1.0) * separator > MAX_STRING_LENGTH {
                    return Err(invalid_string_length());
                }
                super::charge(length as u64, context)?;
            }
        }
        Guard::Repeat => {
            // V8's text for a count the standard refuses (ToIntegerOrInfinity below zero,
            // or +∞), naming the count as given.
            if this.as_string().is_some()
                && let Some(count) = first.as_number()
                && (count.trunc() < 0.0 || count == f64::INFINITY)
            {
                let count = first.to_string(context)?.to_std_string_escaped();
                return Err(JsNativeError::range().with_message(format!("Invalid count value: {count}")).into());
            }
            if let (Some(s), Some(count)) = (this.as_string(), first.as_number())
                && count.is_finite()
                && count >= 0.0
                && s.len() as f64 * count.floor() > MAX_STRING_LENGTH
            {
                return Err(invalid_string_length());
            }
        }
        Guard::Pad => {
            if this.as_string().is_some()
                && let Some(target) = first.as_number()
                && target > MAX_STRING_LENGTH
            {
                return Err(invalid_string_length());
            }
        }
        Guard::From => {
            if let Some(source) = first.as_object()
                && !source.has_property(boa_engine::JsSymbol::iterator(), context)?
                && let Some(length) = data_length(&first)
            {
                super::charge(length as u64, context)?;
            }
        }
        Guard::Flat => {
            // flat(depth) recurses natively as deep as the arrays nest, up to `depth`.
            let depth = match first.as_number() {
                _ if first.is_undefined() => 1.0,
                Some(depth) => depth,
                // Converted by the builtin itself (a `valueOf` may have effects).
                None => return Ok(()),
            };
            let limit = super::Host::of(context).world.limits.stack_depth_max;
            if depth > limit as f64 && nests_deeper(this, limit) {
                return Err(JsNativeError::range().with_message(crate::stack::MESSAGE).into());
            }
        }
    }
    Ok(())
}

/// Whether `value` holds arrays nested more than `limit` deep, following only the plain
/// arrays' own data elements (nothing of the worker's runs), without recursion.
fn nests_deeper(value: &JsValue, limit: usize) -> bool {
    let Some(root) = value.as_object().filter(|o| o.is_array()) else {
        return false;
    };
    // Each entry: an array and the index of the next element to look at.
    let mut path: Vec<(JsObject, u32)> = vec![(root.clone(), 0)];
    while let Some((array, index)) = path.last_mut() {
        let length = data_length(&array.clone().into()).unwrap_or(0.0);
        let next = (f64::from(*index) < length)
            .then(|| array.borrow().properties().get(&PropertyKey::from(*index)).and_then(|d| d.value().cloned()));
        match next {
            None => {
                path.pop();
            }
            Some(element) => {
                *index += 1;
                if let Some(inner) = element.and_then(|e| e.as_object().filter(|o| o.is_array())) {
                    if path.len() >= limit {
                        return true;
                    }
                    path.push((inner, 0));
                }
            }
        }
    }
    false
}

/// The value's `length` when it is a string, or an object whose own `length` is a data
/// property holding a number (read without running any code of the worker's).
fn data_length(value: &JsValue) -> Option<f64> {
    if let Some(s) = value.as_string() {
        return Some(s.len() as f64);
    }
    let object = value.as_object()?;
    // Only ordinary objects and arrays: a Proxy's or an exotic object's properties are code.
    if !(object.is_ordinary() || object.is_array()) {
        return None;
    }
    let key = PropertyKey::from(js_string!("length"));
    let descriptor = object.borrow().properties().get(&key);
    let length =
        descriptor.and_then(|d| d.value().cloned()).and_then(|v| v.as_number()).filter(|n| n.is_finite() && *n > 0.0);
    length.map(f64::floor)
}

fn invalid_string_length() -> boa_engine::JsError {
    JsNativeError::range().with_message("Invalid string length").into()
}
