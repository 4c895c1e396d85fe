//! V8's texts for the errors the engine raises at a call: `x is not a function`, `o.m is
//! not a constructor`, and the texts that need no site (`Assignment to constant
//! variable.`, `Cannot mix BigInt and other types, use explicit conversions`, `Cannot
//! convert a Symbol value to a string` and its kin).
//!
//! boa 0.22 says `not a callable function` and `not a constructor`, with no callee; its
//! backtrace places the throw at the call's `(` (at the `new` of a `new`). V8 names the
//! callee as written (`obj.method`, `o[k]`, `(a || b)`, call arguments as `(...)`). The
//! text is rewritten where a worker first sees the error: at the start of each `catch (e)`
//! block (the instrumentation's `crosstalk_instrument::CAUGHT_HOOK`), in a promise
//! reaction's argument (`engine::Hooks::call_job_callback`), and where crosstalk reports
//! or prints an error. A property of `null` or `undefined` needs no rewrite: the guard
//! pass throws V8's text in the first place (`host::nullish`).

use std::cell::RefCell;

use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_string};

/// boa's getter of `Error.prototype.stack` (its frames, at the positions of the text the
/// engine runs), kept by `error_stack::register`.
#[derive(Default)]
pub(crate) struct BoaStack {
    getter: RefCell<Option<JsObject>>,
}

impl BoaStack {
    pub(crate) fn set(&self, getter: JsObject) {
        *self.getter.borrow_mut() = Some(getter);
    }

    pub(crate) fn getter(&self) -> Option<JsObject> {
        self.getter.borrow().clone()
    }
}

impl crate::component::Component for BoaStack {
    fn clear_js_values(&self) {
        self.getter.borrow_mut().take();
    }
    fn is_clear(&self) -> bool {
        self.getter.borrow().is_none()
    }
}

/// Defines the `catch` hook.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    super::define_hook(crosstalk_instrument::CAUGHT_HOOK, caught, 1, context)
}

fn caught(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if let Some(value) = args.first() {
        translate(value, context);
    }
    Ok(JsValue::undefined())
}

/// Gives `value`, if it is an error the engine raised with one of boa's texts above, V8's
/// text instead (its `message`, and the first line of a `stack` already read), and any
/// error its own `stack` accessor, first of its own properties, as V8 gives every error
/// (`error_stack::give_own_stack`). Anything else is left as it is; so is an error whose
/// call site cannot be read back.
pub(crate) fn translate(value: &JsValue, context: &mut Context) {
    translate_message(value, context);
    if let Some(error) = value.as_object()
        && error.is::<boa_engine::builtins::error::Error>()
    {
        super::error_stack::give_own_stack(&error, context);
    }
}

fn translate_message(value: &JsValue, context: &mut Context) {
    let Some(error) = value.as_object() else { return };
    if !error.is::<boa_engine::builtins::error::Error>() {
        return;
    }
    if !error.has_own_property(js_string!("message"), context).unwrap_or(false) {
        return;
    }
    let Ok(message) = error.get(js_string!("message"), context) else { return };
    let Some(message) = message.as_string().map(|m| m.to_std_string_escaped()) else { return };
    let v8 = match message.as_str() {
        "not a callable function" => site(&error, context)
            .and_then(|(text, at)| callee_before(&text, at))
            .map(|callee| format!("{callee} is not a function")),
        "not a constructor" => site(&error, context)
            .and_then(|(text, at)| constructor_after(&text, at))
            .map(|callee| format!("{callee} is not a constructor")),
        "class constructor cannot be invoked without 'new'" => site(&error, context)
            .and_then(|(text, at)| callee_before(&text, at))
            .map(|callee| format!("Class constructor {callee} cannot be invoked without 'new'")),
        m => without_site(m),
    };
    let Some(v8) = v8 else { return };
    let attributes = |value: JsString| {
        PropertyDescriptor::builder().value(value).writable(true).enumerable(false).configurable(true)
    };
    drop(error.define_property_or_throw(js_string!("message"), attributes(JsString::from(v8.as_str())), context));
    // A stack read before (V8 formats it once): its first line says the old text.
    if error.has_own_property(js_string!("stack"), context).unwrap_or(false)
        && let Ok(stack) = error.get(js_string!("stack"), context)
        && let Some(text) = stack.as_string().map(|s| s.to_std_string_escaped())
        && let Some(name) = error.get(js_string!("name"), context).ok().and_then(|n| n.as_string())
        && let Some(rest) = text
            .strip_prefix(name.to_std_string_escaped().as_str())
            .and_then(|t| t.strip_prefix(": "))
            .and_then(|t| t.strip_prefix(message.as_str()))
    {
        let text = format!("{}: {v8}{rest}", name.to_std_string_escaped());
        // Through the setter when `stack` is the own accessor (which keeps the text).
        drop(error.set(js_string!("stack"), JsString::from(text.as_str()), false, context));
    }
}

/// V8's text for one of boa's that needs no call site: fixed texts, and texts whose
/// operand boa already names.
fn without_site(message: &str) -> Option<String> {
    let fixed = match message {
        "cannot mix BigInt and other types, use explicit conversions" => {
            "Cannot mix BigInt and other types, use explicit conversions"
        }
        // ToString and ToNumber of a Symbol, ToNumber of a BigInt.
        "can't convert symbol to string" => "Cannot convert a Symbol value to a string",
        "argument must not be a symbol" => "Cannot convert a Symbol value to a number",
        "argument must not be a bigint" => "Cannot convert a BigInt value to a number",
        // ToObject (`Object.keys(null)`, `Object.assign(undefined)`, …).
        "cannot convert 'null' or 'undefined' to object" => "Cannot convert undefined or null to object",
        "invalid array length" | "bad length for array" => "Invalid array length",
        "precision must be an integer at least 1 and no greater than 100" => {
            "toPrecision() argument must be between 1 and 100"
        }
        "radix must be an integer at least 2 and no greater than 36" => {
            "toString() radix argument must be between 2 and 36"
        }
        "Object.defineProperty: expected 'this' to be an Object" => "Object.defineProperty called on non-object",
        "Proxy constructor called with non-object target" | "Proxy constructor called with non-object handler" => {
            "Cannot create proxy with a non-object as target or handler"
        }
        "Array.prototype.reduce: called on an empty array and with no initial value"
        | "Array.prototype.reduceRight: called on an empty array and with no initial value" => {
            "Reduce of empty array with no initial value"
        }
        // Every failure of `encodeURI`, `decodeURI` and their `Component` forms.
        "trying to encode an invalid string"
        | "invalid escape character found"
        | "invalid hexadecimal digit found"
        | "invalid escaped character found"
        | "non-terminated escape character found"
        | "escape characters must be preceded with a % sign"
        | "invalid UTF-8 encoding found" => "URI malformed",
        "Generator should not be executing" => "Generator is already running",
        "cannot transfer a detached buffer" => {
            "Cannot perform ArrayBuffer.prototype.transfer on a detached ArrayBuffer"
        }
        "ArrayBuffer.slice called with detached buffer" => {
            "Cannot perform ArrayBuffer.prototype.slice on a detached ArrayBuffer"
        }
        "`iterationNumber` must be an integral Number" => "Atomics.pause argument must be undefined or an integer",
        m if m.starts_with("WeakMap.set: expected target argument") => "Invalid value used as weak map key",
        m if m.starts_with("WeakSet.add: expected target argument") => "Invalid value used in weak set",
        m => return with_operand(m),
    };
    Some(fixed.to_string())
}

/// V8's text for one of boa's that names its operand: `cannot assign to uninitialized
/// binding `x``, `codepoint `-1` outside of Unicode range`, `cannot convert 1.5 to a
/// BigInt`, `cannot convert string '1.5' to bigint primitive`, `cannot mutate an
/// immutable binding 'x'`.
fn with_operand(message: &str) -> Option<String> {
    let between = |prefix: &str, suffix: &str| message.strip_prefix(prefix)?.strip_suffix(suffix).map(str::to_string);
    if message.starts_with("cannot mutate an immutable binding '") {
        return Some("Assignment to constant variable.".to_string());
    }
    if let Some(name) = between("cannot assign to uninitialized binding `", "`") {
        return Some(format!("Cannot access '{name}' before initialization"));
    }
    if let Some(point) = between("codepoint `", "` outside of Unicode range") {
        return Some(format!("Invalid code point {point}"));
    }
    if let Some(text) = between("cannot convert string '", "' to bigint primitive") {
        return Some(format!("Cannot convert {text} to a BigInt"));
    }
    if let Some(value) = between("cannot convert ", " to a BigInt") {
        // A number that is not an integer is a RangeError; null, undefined or a Symbol a
        // TypeError.
        return Some(if value.parse::<f64>().is_ok() || matches!(value.as_str(), "NaN" | "Infinity" | "-Infinity") {
            format!("The number {value} cannot be converted to a BigInt because it is not an integer")
        } else {
            format!("Cannot convert {value} to a BigInt")
        });
    }
    None
}

/// The text the engine ran where `error` was thrown, and the byte offset of the throw in
/// it: the top frame of boa's backtrace, in one of the worker's instrumented files.
fn site(error: &JsObject, context: &mut Context) -> Option<(std::sync::Arc<str>, usize)> {
    let host = context.get_data::<std::rc::Rc<crate::engine::Host>>()?.clone();
    let getter = host.get::<BoaStack>().getter.borrow().clone()?;
    let frames = getter.call(&error.clone().into(), &[], context).ok()?;
    let frames = frames.as_string()?.to_std_string_escaped();
    // The top frame must be the worker's own: an error a builtin raised while calling
    // something (`addEventListener` calling a listener that is not callable) names no
    // callee of the worker's text.
    let line = frames.lines().map(str::trim).find(|l| l.starts_with("at "))?;
    if line.ends_with("(native)") {
        return None;
    }
    let top = crate::location::Location::of_frame(line)?;
    let text = host.sites.engine_text(std::path::Path::new(&top.file))?;
    let at = crate::location::byte_of(&text, top.line as usize, top.column as usize)?;
    Some((text, at))
}

/// V8's text for the callee of the call whose `(` is at `at`: the member chain before it
/// as written, without the instrumentation's insertions, call arguments as `(...)`, a
/// string key as a name (`o["a b"]` is `o.a b`), whitespace dropped.
fn callee_before(text: &str, at: usize) -> Option<String> {
    if !text[at..].starts_with('(') {
        return None;
    }
    let bytes = text.as_bytes();
    let is_name = |b: u8| b == b'.' || b == b'_' || b == b'$' || b.is_ascii_alphanumeric();
    // Walk back over the chain's parts: a run of names and dots (the chain goes on before
    // it only if it starts with a dot), or a bracketed key or argument list.
    let mut start = at;
    loop {
        let mut i = start;
        while i > 0 && bytes[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        let last = bytes[i - 1];
        if last == b')' || last == b']' {
            let open_of = if last == b')' { b'(' } else { b'[' };
            let mut depth = 0usize;
            let mut j = i;
            loop {
                j = j.checked_sub(1)?;
                if bytes[j] == last {
                    depth += 1;
                } else if bytes[j] == open_of {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
            start = j;
        } else if is_name(last)
            && (start == at || bytes[start] == b'.' || (i == start && (bytes[start] == b'[' || bytes[start] == b'(')))
        {
            let mut j = i;
            while j > 0 && is_name(bytes[j - 1]) {
                j -= 1;
            }
            start = j;
            if bytes[j] != b'.' {
                break;
            }
        } else {
            break;
        }
    }
    let raw = crosstalk_instrument::strip_meter(&text[start..at]);
    let printed = print_callee(raw.trim());
    (!printed.is_empty()).then_some(printed)
}

/// The constructor of the `new` at `at`: the member chain after `new`, as V8 prints it.
fn constructor_after(text: &str, at: usize) -> Option<String> {
    let rest = text[at..].strip_prefix("new")?;
    let body = rest.trim_start();
    let bytes = body.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        match bytes[end] {
            b'.' | b'_' | b'$' => end += 1,
            c if c.is_ascii_alphanumeric() => end += 1,
            // A key, or a parenthesised head (`new (a || b)()`, a guard): balanced.
            open @ (b'[' | b'(') if open == b'[' || end == 0 => {
                let close = if open == b'[' { b']' } else { b')' };
                let mut depth = 0usize;
                loop {
                    match *bytes.get(end)? {
                        b if b == open => depth += 1,
                        b if b == close => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    end += 1;
                }
                end += 1;
            }
            _ => break,
        }
    }
    let printed = print_callee(&crosstalk_instrument::strip_meter(&body[..end]));
    (!printed.is_empty()).then_some(printed)
}

/// A callee's source as V8's call printer shows it.
fn print_callee(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' => {
                // Arguments (or a parenthesised expression, printed as written).
                let mut depth = 1;
                let mut inner = String::new();
                for d in chars.by_ref() {
                    match d {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    inner.push(d);
                }
                if out.is_empty() {
                    out.push_str(&format!("({inner})"));
                } else {
                    out.push_str("(...)");
                }
            }
            '[' => {
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                let key = inner.trim();
                let quoted = key.len() >= 2
                    && (key.starts_with('"') && key.ends_with('"') || key.starts_with('\'') && key.ends_with('\''));
                if quoted {
                    out.push('.');
                    out.push_str(&key[1..key.len() - 1]);
                } else {
                    out.push('[');
                    out.push_str(key);
                    out.push(']');
                }
            }
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}
