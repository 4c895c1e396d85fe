//! Formats JS values the way the Workers console prints them (Node's `util.inspect`
//! style: strings bare at top level and quoted inside objects, `{ a: 1 }`, `[ 1, 2 ]`).

use boa_engine::builtins::promise::PromiseState;
use boa_engine::object::builtins::{JsArray, JsDate, JsMap, JsPromise, JsSet};
use boa_engine::{Context, JsObject, JsValue, js_string};

const DEPTH_MAX: usize = 2;
const ITEMS_MAX: usize = 100;

/// Formats console arguments: printf-style substitutions in a leading string, then the
/// remaining values separated by spaces.
pub(crate) fn format_args(args: &[JsValue], context: &mut Context) -> String {
    let mut out = String::new();
    let mut rest = args;
    if let [only] = args
        && let Some(text) = only.as_string()
    {
        // Node's util.format: a lone string is printed as it is, `%%` included.
        return text.to_std_string_escaped();
    }
    if let Some(first) = args.first().and_then(JsValue::as_string) {
        let template = first.to_std_string_escaped();
        let mut next = 1;
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.peek().copied() {
                Some('%') => {
                    chars.next();
                    out.push('%');
                }
                Some(spec @ ('s' | 'd' | 'i' | 'f' | 'o' | 'O' | 'j' | 'c')) if next < args.len() => {
                    chars.next();
                    let arg = &args[next];
                    next += 1;
                    match spec {
                        's' => out.push_str(&top_level(arg, context)),
                        'd' | 'i' => {
                            let n = arg.to_number(context).unwrap_or(f64::NAN);
                            let n = if spec == 'i' { n.trunc() } else { n };
                            out.push_str(&number(n));
                        }
                        'f' => out.push_str(&number(arg.to_number(context).unwrap_or(f64::NAN))),
                        'c' => {}
                        'j' => out.push_str(&json(arg, context)),
                        _ => out.push_str(&inspect(arg, context)),
                    }
                }
                _ => out.push('%'),
            }
        }
        rest = &args[next.min(args.len())..];
    } else if let Some(first) = args.first() {
        out.push_str(&top_level(first, context));
        rest = &args[1..];
    }
    for arg in rest {
        out.push(' ');
        out.push_str(&top_level(arg, context));
    }
    out
}

/// `%j`: `JSON.stringify`, `[Circular]` when it cannot (Node's rule), `undefined` for
/// what has no JSON.
fn json(value: &JsValue, context: &mut Context) -> String {
    match value.to_json(context) {
        Ok(Some(json)) => json.to_string(),
        Ok(None) => "undefined".to_string(),
        Err(_) => "[Circular]".to_string(),
    }
}

/// A top-level console argument: strings print bare.
fn top_level(value: &JsValue, context: &mut Context) -> String {
    match value.as_string() {
        Some(s) => s.to_std_string_escaped(),
        None => inspect(value, context),
    }
}

/// `util.inspect` of one value.
pub(crate) fn inspect(value: &JsValue, context: &mut Context) -> String {
    let mut seen = Vec::new();
    inspect_at(value, 0, &mut seen, context)
}

fn number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() { "-0".to_string() } else { JsValue::from(n).display().to_string() }
}

fn quote(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace('\n', "\\n");
    if !s.contains('\'') {
        format!("'{escaped}'")
    } else if !s.contains('"') {
        format!("\"{escaped}\"")
    } else {
        format!("'{}'", escaped.replace('\'', "\\'"))
    }
}

fn inspect_at(value: &JsValue, depth: usize, seen: &mut Vec<JsObject>, context: &mut Context) -> String {
    if let Some(s) = value.as_string() {
        return quote(&s.to_std_string_escaped());
    }
    if let Some(n) = value.as_number() {
        return number(n);
    }
    let Some(object) = value.as_object() else {
        if let Some(symbol) = value.as_symbol() {
            return symbol.descriptive_string().to_std_string_escaped();
        }
        return value.display().to_string();
    };
    if seen.iter().any(|o| o == &object) {
        return "[Circular *1]".to_string();
    }
    if object.is_callable() {
        let name = object
            .get(js_string!("name"), context)
            .ok()
            .and_then(|v| v.as_string().map(|s| s.to_std_string_escaped()))
            .filter(|s| !s.is_empty());
        return match name {
            Some(name) => format!("[Function: {name}]"),
            None => "[Function (anonymous)]".to_string(),
        };
    }
    if let Ok(date) = JsDate::from_object(object.clone()) {
        return date
            .to_iso_string(context)
            .ok()
            .and_then(|v| v.as_string().map(|s| s.to_std_string_escaped()))
            .unwrap_or_else(|| "Invalid Date".to_string());
    }
    if is_error(&object) {
        let thrown = crate::location::describe_value(value, context);
        return match thrown.stack {
            Some(stack) => format!("{}\n{}", thrown.message, stack.trim_end()),
            None => thrown.message,
        };
    }
    if let Ok(promise) = JsPromise::from_object(object.clone()) {
        seen.push(object.clone());
        let inner = match promise.state() {
            PromiseState::Pending => "<pending>".to_string(),
            PromiseState::Fulfilled(v) => inspect_at(&v, depth + 1, seen, context),
            PromiseState::Rejected(e) => format!("<rejected> {}", inspect_at(&e, depth + 1, seen, context)),
        };
        seen.pop();
        return format!("Promise {{ {inner} }}");
    }
    if depth > DEPTH_MAX {
        return if object.is_array() { "[Array]".to_string() } else { "[Object]".to_string() };
    }
    seen.push(object.clone());
    let text = if object.is_array() {
        let array = JsArray::from_object(object.clone()).expect("checked is_array");
        let len = array.length(context).unwrap_or(0);
        let mut items = Vec::new();
        for i in 0..len.min(ITEMS_MAX as u64) {
            let item = array.get(i, context).unwrap_or_default();
            items.push(inspect_at(&item, depth + 1, seen, context));
        }
        if len > ITEMS_MAX as u64 {
            items.push(format!("... {} more items", len - ITEMS_MAX as u64));
        }
        if items.is_empty() { "[]".to_string() } else { format!("[ {} ]", items.join(", ")) }
    } else if let Ok(map) = JsMap::from_object(object.clone()) {
        let size = map.get_size(context).ok().and_then(|v| v.as_number()).unwrap_or(0.0) as usize;
        let mut items = Vec::new();
        if let Ok(entries) = map.entries(context) {
            while let Ok(next) = entries.next(context) {
                let Some(pair) = next.as_object() else { break };
                if pair.get(js_string!("done"), context).map(|d| d.to_boolean()).unwrap_or(true) {
                    break;
                }
                let entry = pair.get(js_string!("value"), context).unwrap_or_default();
                let Some(entry) = entry.as_object() else { break };
                let k = entry.get(0, context).unwrap_or_default();
                let v = entry.get(1, context).unwrap_or_default();
                items.push(format!(
                    "{} => {}",
                    inspect_at(&k, depth + 1, seen, context),
                    inspect_at(&v, depth + 1, seen, context)
                ));
            }
        }
        if items.is_empty() { format!("Map({size}) {{}}") } else { format!("Map({size}) {{ {} }}", items.join(", ")) }
    } else if let Ok(set) = JsSet::from_object(object.clone()) {
        let size = set.size();
        let mut items = Vec::new();
        if let Ok(values) = set.values(context) {
            while let Ok(next) = values.next(context) {
                let Some(step) = next.as_object() else { break };
                if step.get(js_string!("done"), context).map(|d| d.to_boolean()).unwrap_or(true) {
                    break;
                }
                let v = step.get(js_string!("value"), context).unwrap_or_default();
                items.push(inspect_at(&v, depth + 1, seen, context));
            }
        }
        if items.is_empty() { format!("Set({size}) {{}}") } else { format!("Set({size}) {{ {} }}", items.join(", ")) }
    } else {
        let prefix =
            constructor_name(&object, context).filter(|n| n != "Object").map(|n| format!("{n} ")).unwrap_or_default();
        let mut items = Vec::new();
        for key in enumerable_keys(&object, context) {
            let label = if is_identifier(&key) { key.clone() } else { quote(&key) };
            let v = object.get(js_string!(key.as_str()), context).unwrap_or_default();
            items.push(format!("{label}: {}", inspect_at(&v, depth + 1, seen, context)));
            if items.len() >= ITEMS_MAX {
                break;
            }
        }
        if items.is_empty() { format!("{prefix}{{}}") } else { format!("{prefix}{{ {} }}", items.join(", ")) }
    };
    seen.pop();
    text
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

fn is_error(object: &JsObject) -> bool {
    object.is::<boa_engine::builtins::error::Error>()
}

fn constructor_name(object: &JsObject, context: &mut Context) -> Option<String> {
    let constructor = object.get(js_string!("constructor"), context).ok()?;
    let constructor = constructor.as_object()?;
    let name = constructor.get(js_string!("name"), context).ok()?;
    name.as_string().map(|s| s.to_std_string_escaped()).filter(|s| !s.is_empty())
}

/// `Object.keys(object)`.
fn enumerable_keys(object: &JsObject, context: &mut Context) -> Vec<String> {
    let Ok(keys) =
        boa_engine::builtins::object::OrdinaryObject::keys(&JsValue::undefined(), &[object.clone().into()], context)
    else {
        return Vec::new();
    };
    let Some(array) = keys.as_object().and_then(|o| JsArray::from_object(o.clone()).ok()) else {
        return Vec::new();
    };
    let len = array.length(context).unwrap_or(0);
    (0..len)
        .filter_map(|i| array.get(i, context).ok())
        .filter_map(|v| v.as_string().map(|s| s.to_std_string_escaped()))
        .collect()
}
