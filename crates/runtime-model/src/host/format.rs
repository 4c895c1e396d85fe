//! Formats JS values the way the Workers console prints them (Node's `util.inspect`
//! style: strings bare at top level and quoted inside objects, `{ a: 1 }`, `[ 1, 2 ]`).

use boa_engine::builtins::promise::PromiseState;
use boa_engine::object::builtins::{JsArray, JsArrayBuffer, JsDate, JsMap, JsPromise, JsRegExp, JsSet, JsTypedArray};
use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsObject, JsString, JsValue, js_string};

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
                        // Node's rules: `%d` is `Number(x)`, `%i` `parseInt(x)`, `%f`
                        // `parseFloat(x)`; a BigInt prints as one, a Symbol as NaN.
                        'd' | 'i' | 'f' if arg.is_bigint() && spec != 'f' => {
                            out.push_str(&arg.display().to_string());
                        }
                        'd' | 'i' | 'f' => {
                            let n = if arg.is_symbol() {
                                f64::NAN
                            } else if spec == 'd' {
                                arg.to_number(context).unwrap_or(f64::NAN)
                            } else {
                                let objects = context.intrinsics().objects();
                                let parse = if spec == 'i' { objects.parse_int() } else { objects.parse_float() };
                                parse
                                    .call(&JsValue::undefined(), std::slice::from_ref(arg), context)
                                    .ok()
                                    .and_then(|n| n.as_number())
                                    .unwrap_or(f64::NAN)
                            };
                            out.push_str(&number(n));
                        }
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
    Inspector::default().value(value, 0, context)
}

fn number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() { "-0".to_string() } else { JsValue::from(n).display().to_string() }
}

/// A string as `util.inspect` quotes it: single quotes, or double quotes when it holds a
/// single one, or backticks when it holds both; control characters escaped.
fn quote(s: &str) -> String {
    let mark = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') && !s.contains("${") {
        '`'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(mark);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\\' => out.push_str("\\\\"),
            c if c == mark => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(mark);
    out
}

/// The widest a line of grouped or single-line output may be (`breakLength`).
const BREAK_LENGTH: usize = 80;

/// How many innermost levels may share a line, and the cap on columns (`compact` = 3).
const COMPACT: usize = 3;

/// How an array-like's entries may be grouped into columns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entries {
    /// An object's, a Map's or a Set's: never grouped.
    Plain,
    /// An array's: grouped when there are more than six; numbers align right.
    Array { numeric: bool, more: bool },
}

/// One `util.inspect` call: what is being printed (for `[Circular *1]`) and the
/// indentation of the entries being formatted.
#[derive(Default)]
struct Inspector {
    seen: Vec<JsObject>,
    indentation: usize,
}

impl Inspector {
    fn value(&mut self, value: &JsValue, depth: usize, context: &mut Context) -> String {
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
        if self.seen.iter().any(|o| o == &object) {
            return "[Circular *1]".to_string();
        }
        if let Some(text) = self.custom(&object, depth, context) {
            return text;
        }
        if object.is_callable() {
            let text = function_text(&object, context);
            let keys = own_keys(&object, context);
            if keys.is_empty() || depth > DEPTH_MAX {
                return text;
            }
            return self.entries_of(&object, keys, &text, "{", "}", depth, context);
        }
        if let Ok(date) = JsDate::from_object(object.clone()) {
            return date
                .to_iso_string(context)
                .ok()
                .and_then(|v| v.as_string().map(|s| s.to_std_string_escaped()))
                .unwrap_or_else(|| "Invalid Date".to_string());
        }
        if let Ok(regexp) = JsRegExp::from_object(object.clone()) {
            return regexp.to_string(context).unwrap_or_else(|_| "/(?:)/".to_string());
        }
        if is_error(&object) {
            let thrown = crate::location::describe_value(value, context);
            return match thrown.stack {
                Some(stack) => format!("{}\n{}", thrown.message, stack.trim_end()),
                None => thrown.message,
            };
        }
        if let Ok(promise) = JsPromise::from_object(object.clone()) {
            self.seen.push(object.clone());
            self.indentation += 2;
            let inner = match promise.state() {
                PromiseState::Pending => "<pending>".to_string(),
                PromiseState::Fulfilled(v) => self.value(&v, depth + 1, context),
                PromiseState::Rejected(e) => format!("<rejected> {}", self.value(&e, depth + 1, context)),
            };
            self.indentation -= 2;
            self.seen.pop();
            return self.reduce(vec![inner], "", "Promise {", "}", Entries::Plain);
        }
        if let Ok(buffer) = JsArrayBuffer::from_object(object.clone()) {
            return self.array_buffer(&buffer);
        }
        let name = constructor_name(&object, context);
        if let Some(class) = name.as_deref().and_then(|n| web_class(&object, n, context)) {
            return self.web_object(&object, class, depth, context);
        }
        if let Ok(array) = JsTypedArray::from_object(object.clone()) {
            let length = array.length(context).unwrap_or(0);
            let open = format!("{}({length}) [", name.as_deref().unwrap_or("TypedArray"));
            if length == 0 {
                return format!("{open}]");
            }
            if depth > DEPTH_MAX {
                return format!("[{}]", name.as_deref().unwrap_or("TypedArray"));
            }
            let shown = length.min(ITEMS_MAX);
            let mut output: Vec<String> = (0..shown)
                .map(|i| self.value(&array.at(i as i64, context).unwrap_or_default(), depth + 1, context))
                .collect();
            let more = length > shown;
            if more {
                output.push(more_items(length - shown));
            }
            return self.reduce(output, "", &open, "]", Entries::Array { numeric: true, more });
        }
        if object.is_array() {
            return self.array(&object, name.as_deref(), depth, context);
        }
        if let Ok(map) = JsMap::from_object(object.clone()) {
            let size = map.get_size(context).ok().and_then(|v| v.as_number()).unwrap_or(0.0) as usize;
            let open = format!("{}({size}) {{", name.as_deref().unwrap_or("Map"));
            if size == 0 {
                return format!("{open}}}");
            }
            if depth > DEPTH_MAX {
                return format!("[{}]", name.as_deref().unwrap_or("Map"));
            }
            self.seen.push(object.clone());
            self.indentation += 2;
            let mut output = Vec::new();
            for (k, v) in iterate(map.entries(context).ok().map(|i| i.into()), true, context) {
                let k = self.value(&k, depth + 1, context);
                let v = self.value(&v, depth + 1, context);
                output.push(format!("{k} => {v}"));
            }
            self.indentation -= 2;
            self.seen.pop();
            return self.reduce(output, "", &open, "}", Entries::Plain);
        }
        if let Ok(set) = JsSet::from_object(object.clone()) {
            let size = set.size();
            let open = format!("{}({size}) {{", name.as_deref().unwrap_or("Set"));
            if size == 0 {
                return format!("{open}}}");
            }
            if depth > DEPTH_MAX {
                return format!("[{}]", name.as_deref().unwrap_or("Set"));
            }
            self.seen.push(object.clone());
            self.indentation += 2;
            let mut output = Vec::new();
            for (v, _) in iterate(set.values(context).ok().map(|i| i.into()), false, context) {
                output.push(self.value(&v, depth + 1, context));
            }
            self.indentation -= 2;
            self.seen.pop();
            return self.reduce(output, "", &open, "}", Entries::Plain);
        }
        // Node's prefix: the constructor's name, then `[tag]` when the object's
        // `Symbol.toStringTag` differs from it and is not an own enumerable property
        // (`Object [Intl] {}`, `NumberFormat [Intl.NumberFormat] {}`).
        let tag = to_string_tag(&object, context).filter(|tag| name.as_deref() != Some(tag.as_str()));
        let tagged = |prefix: &str| match &tag {
            Some(tag) => format!("{prefix} [{tag}] {{"),
            None => format!("{prefix} {{"),
        };
        let open = match (&name, object.prototype()) {
            (_, None) => tagged("[Object: null prototype]"),
            (Some(name), _) if name != "Object" || tag.is_some() => tagged(name),
            _ => "{".to_string(),
        };
        let keys = own_keys(&object, context);
        if keys.is_empty() {
            return format!("{open}}}");
        }
        if depth > DEPTH_MAX {
            return format!("[{}]", name.as_deref().unwrap_or("Object"));
        }
        self.entries_of(&object, keys, "", &open, "}", depth, context)
    }

    /// A Web platform object as workerd prints it: `Name(size) { key => value, … }` for
    /// the map-like ones, then the getters workerd lists, in its order, and its internal
    /// slots (`[immutable]: false`).
    /// Node's custom inspection, which workerd's console honours with or without
    /// `nodejs_compat`: an object's `[Symbol.for('nodejs.util.inspect.custom')]` method
    /// (not a prototype's own) is called with the depth left, the options and `inspect`;
    /// a string it returns is printed as it is (its lines indented to the entry's level),
    /// another value is printed in its place, the object itself as if it had none. A
    /// method that throws is passed over.
    fn custom(&mut self, object: &JsObject, depth: usize, context: &mut Context) -> Option<String> {
        let key = custom_inspect_symbol(context)?;
        let method = object.get(key, context).ok()?;
        let method = method.as_callable()?;
        let constructor = object.get(js_string!("constructor"), context).ok();
        let is_prototype = constructor
            .and_then(|c| c.as_object().and_then(|c| c.get(js_string!("prototype"), context).ok()))
            .is_some_and(|p| p.as_object().is_some_and(|p| p == *object));
        if is_prototype {
            return None;
        }
        let left = DEPTH_MAX.saturating_sub(depth);
        let options = boa_engine::object::ObjectInitializer::new(context)
            .property(js_string!("depth"), DEPTH_MAX, boa_engine::property::Attribute::all())
            .property(js_string!("colors"), false, boa_engine::property::Attribute::all())
            .property(js_string!("customInspect"), true, boa_engine::property::Attribute::all())
            .property(js_string!("showHidden"), false, boa_engine::property::Attribute::all())
            .function(boa_engine::NativeFunction::from_fn_ptr(stylize), js_string!("stylize"), 2)
            .build();
        let inspect = boa_engine::object::FunctionObjectBuilder::new(
            context.realm(),
            boa_engine::NativeFunction::from_fn_ptr(inspect_function),
        )
        .name(js_string!("inspect"))
        .length(2)
        .build();
        let result =
            method.call(&object.clone().into(), &[left.into(), options.into(), inspect.into()], context).ok()?;
        if result.as_object().is_some_and(|r| r == *object) {
            return None;
        }
        match result.as_string() {
            Some(text) => {
                let indent = format!("\n{}", " ".repeat(self.indentation));
                Some(text.to_std_string_escaped().replace('\n', &indent))
            }
            None => Some(self.value(&result, depth, context)),
        }
    }

    fn web_object(&mut self, object: &JsObject, class: &WebClass, depth: usize, context: &mut Context) -> String {
        let mut entries = Vec::new();
        if class.map_like {
            let iterator = object
                .get(js_string!("entries"), context)
                .ok()
                .and_then(|f| f.as_callable().and_then(|f| f.call(&object.clone().into(), &[], context).ok()));
            entries = iterate(iterator, true, context);
        }
        let open =
            if class.map_like { format!("{}({}) {{", class.name, entries.len()) } else { format!("{} {{", class.name) };
        let headers = object.downcast_ref::<crate::host::headers::Headers>().map(|h| h.is_immutable());
        if entries.is_empty() && class.getters.is_empty() && headers.is_none() {
            return format!("{open}}}");
        }
        if depth > DEPTH_MAX {
            return format!("[{}]", class.name);
        }
        self.seen.push(object.clone());
        self.indentation += 2;
        let mut output = Vec::new();
        for (k, v) in entries {
            let k = self.value(&k, depth + 1, context);
            let v = self.value(&v, depth + 1, context);
            output.push(format!("{k} => {v}"));
        }
        for getter in class.getters {
            let v = object.get(JsString::from(*getter), context).unwrap_or_default();
            output.push(format!("{getter}: {}", self.value(&v, depth + 1, context)));
        }
        if let Some(immutable) = headers {
            output.push(format!("[immutable]: {immutable}"));
        }
        if class.name == "ReadableStream" {
            let slots = crate::host::web::call(
                crate::host::web::WebModule::Streams,
                "inspectSlots",
                &[object.clone().into()],
                context,
            );
            if let Some(slots) = slots.ok().and_then(|s| s.as_object()) {
                for (k, label) in ["[state]", "[supportsBYOB]", "[length]"].into_iter().enumerate() {
                    let v = slots.get(k as u32, context).unwrap_or_default();
                    output.push(format!("{label}: {}", self.value(&v, depth + 1, context)));
                }
            }
        }
        self.indentation -= 2;
        self.seen.pop();
        self.reduce(output, "", &open, "}", Entries::Plain)
    }

    /// `{ a: 1, 'b-c': 2, Symbol(s): 3 }`: an object's own enumerable properties.
    #[allow(clippy::too_many_arguments)]
    fn entries_of(
        &mut self,
        object: &JsObject,
        keys: Vec<PropertyKey>,
        base: &str,
        open: &str,
        close: &str,
        depth: usize,
        context: &mut Context,
    ) -> String {
        self.seen.push(object.clone());
        self.indentation += 2;
        let mut output = Vec::new();
        for key in keys.into_iter().take(ITEMS_MAX) {
            let label = match &key {
                PropertyKey::Symbol(symbol) => symbol.descriptive_string().to_std_string_escaped(),
                PropertyKey::String(s) => property_label(&s.to_std_string_escaped()),
                PropertyKey::Index(i) => quote(&i.get().to_string()),
            };
            // An accessor prints as Node's `[Getter]`, `[Setter]` or `[Getter/Setter]`. Its
            // getter still runs once: workerd serialises what is logged for its logs and
            // tail workers, which reads the property (1.20261117: a logged object's
            // getters run once each).
            let accessor = own_descriptor(object, &key, context).map(|d| {
                let has = |name: &str, context: &mut Context| {
                    d.get(JsString::from(name), context).is_ok_and(|f| !f.is_undefined())
                };
                (has("get", context), has("set", context))
            });
            let read = object.get(key, context).unwrap_or_default();
            let shown = match accessor {
                Some((true, true)) => "[Getter/Setter]".to_string(),
                Some((true, false)) => "[Getter]".to_string(),
                Some((false, true)) => "[Setter]".to_string(),
                _ => self.value(&read, depth + 1, context),
            };
            output.push(format!("{label}: {shown}"));
        }
        self.indentation -= 2;
        self.seen.pop();
        self.reduce(output, base, open, close, Entries::Plain)
    }

    /// `[ 1, <2 empty items>, 'x' ]`, at most [`ITEMS_MAX`] entries and how many more.
    fn array(&mut self, object: &JsObject, name: Option<&str>, depth: usize, context: &mut Context) -> String {
        let array = JsArray::from_object(object.clone()).expect("checked is_array");
        let length = array.length(context).unwrap_or(0) as usize;
        let open = match name {
            Some(name) if name != "Array" => format!("{name}({length}) ["),
            _ => "[".to_string(),
        };
        if length == 0 {
            return format!("{open}]");
        }
        if depth > DEPTH_MAX {
            return "[Array]".to_string();
        }
        self.seen.push(object.clone());
        self.indentation += 2;
        let mut output = Vec::new();
        let mut numeric = true;
        let mut i = 0;
        while i < length && output.len() < ITEMS_MAX {
            if !object.has_own_property(i as u32, context).unwrap_or(true) {
                let holes =
                    (i..length).take_while(|&j| !object.has_own_property(j as u32, context).unwrap_or(true)).count();
                output.push(format!("<{holes} empty item{}>", if holes == 1 { "" } else { "s" }));
                numeric = false;
                i += holes;
                continue;
            }
            let item = object.get(i as u32, context).unwrap_or_default();
            numeric &= item.is_number() || item.is_bigint();
            output.push(self.value(&item, depth + 1, context));
            i += 1;
        }
        self.indentation -= 2;
        self.seen.pop();
        let more = i < length;
        if more {
            output.push(more_items(length - i));
        }
        self.reduce(output, "", &open, "]", Entries::Array { numeric, more })
    }

    /// `ArrayBuffer { [Uint8Contents]: <00 ff>, byteLength: 2 }`.
    fn array_buffer(&self, buffer: &JsArrayBuffer) -> String {
        let bytes: Vec<u8> = buffer.data().map(|d| d.to_vec()).unwrap_or_default();
        let shown = bytes.len().min(ITEMS_MAX);
        let mut hex: Vec<String> = bytes[..shown].iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>();
        let remaining = bytes.len() - shown;
        if remaining > 0 {
            hex.push(format!("... {remaining} more byte{}", if remaining == 1 { "" } else { "s" }));
        }
        let output = vec![format!("[Uint8Contents]: <{}>", hex.join(" ")), format!("byteLength: {}", bytes.len())];
        self.reduce(output, "", "ArrayBuffer {", "}", Entries::Plain)
    }

    /// The entries on one line (`{ a: 1, b: 2 }`) when they fit in [`BREAK_LENGTH`], else
    /// one per line (or in aligned columns, for an array of more than six short ones),
    /// indented under the opening brace.
    fn reduce(&self, mut output: Vec<String>, base: &str, open: &str, close: &str, entries: Entries) -> String {
        let count = output.len();
        if let Entries::Array { numeric, more } = entries
            && count > 6
        {
            output = self.columns(output, numeric, more);
        }
        let base_space = if base.is_empty() { String::new() } else { format!("{base} ") };
        if output.len() == count {
            let start = output.len() + self.indentation + open.chars().count() + base.chars().count() + 10;
            if self.fits(&output, start, base) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    return format!("{base_space}{open} {joined} {close}");
                }
            }
        }
        let indent = format!("\n{}", " ".repeat(self.indentation));
        let separator = format!(",{indent}  ");
        format!("{base_space}{open}{indent}  {}{indent}{close}", output.join(&separator))
    }

    /// Whether `output` fits on one line after `start` characters.
    fn fits(&self, output: &[String], start: usize, base: &str) -> bool {
        let mut total = output.len() + start;
        if total + output.len() > BREAK_LENGTH {
            return false;
        }
        for entry in output {
            total += entry.chars().count();
            if total > BREAK_LENGTH {
                return false;
            }
        }
        !base.contains('\n')
    }

    /// An array's entries in rows of aligned columns, when they are short enough to make
    /// it worth it: numbers align right, anything else left. `more` says the last entry is
    /// the `... N more items` line, which stays on its own.
    fn columns(&self, output: Vec<String>, numeric: bool, more: bool) -> Vec<String> {
        const SEPARATOR: usize = 2;
        let data = if more { output.len() - 1 } else { output.len() };
        let widths: Vec<usize> = output[..data].iter().map(|e| e.chars().count()).collect();
        let total: usize = widths.iter().map(|w| w + SEPARATOR).sum();
        let widest = widths.iter().copied().max().unwrap_or(0);
        let cell = widest + SEPARATOR;
        let worth_it = cell * 3 + self.indentation < BREAK_LENGTH && (total as f64 / cell as f64 > 5.0 || widest <= 6);
        if !worth_it {
            return output;
        }
        // Roughly square blocks of text, narrower for long entries (characters are about
        // 2.5 times as high as wide).
        let bias = (cell as f64 - total as f64 / output.len() as f64).sqrt();
        let biased = (cell as f64 - 3.0 - bias).max(1.0);
        let columns = ((2.5 * biased * data as f64).sqrt() / biased)
            .round()
            .min(((BREAK_LENGTH - self.indentation) / cell) as f64)
            .min((COMPACT * 4) as f64)
            .min(15.0) as usize;
        if columns <= 1 {
            return output;
        }
        let column_width: Vec<usize> = (0..columns)
            .map(|c| (c..data).step_by(columns).map(|j| widths[j]).max().unwrap_or(0) + SEPARATOR)
            .collect();
        let mut rows = Vec::new();
        for row_start in (0..data).step_by(columns) {
            let row_end = (row_start + columns).min(data);
            let mut row = String::new();
            for j in row_start..row_end {
                let width = column_width[j - row_start];
                let last = j + 1 == row_end;
                let cell_text = if last { output[j].clone() } else { format!("{}, ", output[j]) };
                let width = if last { width - SEPARATOR } else { width };
                let pad = " ".repeat(width.saturating_sub(cell_text.chars().count()));
                if numeric {
                    row.push_str(&pad);
                    row.push_str(&cell_text);
                } else {
                    row.push_str(&cell_text);
                    if !last {
                        row.push_str(&pad);
                    }
                }
            }
            rows.push(row);
        }
        if more {
            rows.push(output[data].clone());
        }
        rows
    }
}

/// A Web platform class as workerd's console shows its objects.
struct WebClass {
    name: &'static str,
    /// `Name(size) { key => value }` from its `entries()`.
    map_like: bool,
    /// The getters shown after the entries, in workerd's order.
    getters: &'static [&'static str],
}

/// The Web classes workerd prints by their getters (read off workerd 1.20261117's
/// `console.log` of each).
const WEB_CLASSES: &[WebClass] = &[
    WebClass { name: "Headers", map_like: true, getters: &[] },
    WebClass { name: "URLSearchParams", map_like: true, getters: &[] },
    WebClass { name: "FormData", map_like: true, getters: &[] },
    WebClass {
        name: "Request",
        map_like: false,
        getters: &[
            "method",
            "url",
            "headers",
            "redirect",
            "fetcher",
            "signal",
            "cf",
            "integrity",
            "keepalive",
            "cache",
            "body",
            "bodyUsed",
        ],
    },
    WebClass {
        name: "Response",
        map_like: false,
        getters: &[
            "status",
            "statusText",
            "headers",
            "ok",
            "redirected",
            "url",
            "webSocket",
            "cf",
            "type",
            "body",
            "bodyUsed",
        ],
    },
    WebClass {
        name: "URL",
        map_like: false,
        getters: &[
            "origin",
            "href",
            "protocol",
            "username",
            "password",
            "host",
            "hostname",
            "port",
            "pathname",
            "search",
            "hash",
            "searchParams",
        ],
    },
    WebClass { name: "Blob", map_like: false, getters: &["size", "type"] },
    WebClass { name: "AbortSignal", map_like: false, getters: &["aborted", "reason", "onabort"] },
    WebClass { name: "TextEncoder", map_like: false, getters: &["encoding"] },
    WebClass { name: "TextDecoder", map_like: false, getters: &["encoding", "fatal", "ignoreBOM"] },
    // and `[state]`, `[supportsBYOB]`, `[length]` (web/streams.js `inspectSlots`).
    WebClass { name: "ReadableStream", map_like: false, getters: &["locked"] },
];

/// The Web class `object` is an instance of, when its constructor is named like one and
/// it is an instance of that global (a user class of the same name is not).
fn web_class(object: &JsObject, name: &str, context: &mut Context) -> Option<&'static WebClass> {
    let class = WEB_CLASSES.iter().find(|c| c.name == name)?;
    let global = context.global_object().get(JsString::from(class.name), context).ok()?;
    let is_instance = JsValue::from(object.clone()).instance_of(&global, context).unwrap_or(false);
    is_instance.then_some(class)
}

/// `... 3 more items`.
/// `Symbol.for('nodejs.util.inspect.custom')`, the key of Node's custom inspection.
fn custom_inspect_symbol(context: &mut Context) -> Option<boa_engine::JsSymbol> {
    let symbol = context.intrinsics().constructors().symbol().constructor();
    let registry = symbol.get(js_string!("for"), context).ok()?;
    let key = registry.as_callable()?.call(&symbol.into(), &[js_string!("nodejs.util.inspect.custom").into()], context);
    key.ok()?.as_symbol()
}

/// The options' `stylize` without colours: the text as it is.
fn stylize(_: &JsValue, args: &[JsValue], context: &mut Context) -> boa_engine::JsResult<JsValue> {
    Ok(args.first().cloned().unwrap_or_default().to_string(context)?.into())
}

/// The `inspect` a custom inspection is given.
fn inspect_function(_: &JsValue, args: &[JsValue], context: &mut Context) -> boa_engine::JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    Ok(JsString::from(inspect(&value, context).as_str()).into())
}

fn more_items(n: usize) -> String {
    format!("... {n} more item{}", if n == 1 { "" } else { "s" })
}

/// A property name as `util.inspect` labels it: bare when it is a plain identifier
/// (ASCII letters, digits and `_`), quoted otherwise.
fn property_label(key: &str) -> String {
    let mut chars = key.chars();
    let plain = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain { key.to_string() } else { quote(key) }
}

/// Whether `function` is a class: a function of JavaScript source (not a built-in such as
/// `Map`) whose `prototype` cannot be reassigned, which only a class's is.
fn is_class(function: &JsObject, context: &mut Context) -> bool {
    if !function.is::<boa_engine::builtins::function::OrdinaryFunction>() {
        return false;
    }
    boa_engine::builtins::object::OrdinaryObject::get_own_property_descriptor(
        &JsValue::undefined(),
        &[function.clone().into(), js_string!("prototype").into()],
        context,
    )
    .ok()
    .and_then(|d| d.as_object().and_then(|d| d.get(js_string!("writable"), context).ok()))
    .is_some_and(|writable| writable == JsValue::from(false))
}

/// `[Function: f]`, `[AsyncFunction: f]`, `[class A extends B]`, `[Function (anonymous)]`.
fn function_text(function: &JsObject, context: &mut Context) -> String {
    let name = function
        .get(js_string!("name"), context)
        .ok()
        .and_then(|v| v.as_string().map(|s| s.to_std_string_escaped()))
        .filter(|s| !s.is_empty());
    if is_class(function, context) {
        let mut text = match &name {
            Some(name) => format!("[class {name}"),
            None => "[class (anonymous)".to_string(),
        };
        let base = function.prototype().filter(|p| p.is_callable()).and_then(|p| {
            p.get(js_string!("name"), context).ok().and_then(|v| v.as_string().map(|s| s.to_std_string_escaped()))
        });
        if let Some(base) = base.filter(|b| !b.is_empty()) {
            text.push_str(&format!(" extends {base}"));
        }
        text.push(']');
        return text;
    }
    // An async function the provenance pass rewrote is a plain function returning through
    // the async hook: it is still the worker's async function.
    if source_of(function, context).is_some_and(|text| is_rewritten_async(&text)) {
        return match name {
            Some(name) => format!("[AsyncFunction: {name}]"),
            None => "[AsyncFunction (anonymous)]".to_string(),
        };
    }
    let kind = function
        .prototype()
        .and_then(|p| p.get(js_string!("constructor"), context).ok())
        .and_then(|c| c.as_object().and_then(|c| c.get(js_string!("name"), context).ok()))
        .and_then(|v| v.as_string().map(|s| s.to_std_string_escaped()))
        .filter(|k| matches!(k.as_str(), "AsyncFunction" | "GeneratorFunction" | "AsyncGeneratorFunction"))
        .unwrap_or_else(|| "Function".to_string());
    match name {
        Some(name) => format!("[{kind}: {name}]"),
        None => format!("[{kind} (anonymous)]"),
    }
}

/// `Function.prototype.toString` of `function`.
fn source_of(function: &JsObject, context: &mut Context) -> Option<String> {
    let to_string =
        context.intrinsics().constructors().function().prototype().get(js_string!("toString"), context).ok()?;
    let text = to_string.as_callable()?.call(&function.clone().into(), &[], context).ok()?;
    text.as_string().map(|s| s.to_std_string_escaped())
}

/// Whether a function's text is the provenance pass's rewrite of an async function: its
/// own body (not a nested function's) returns the inner async arrow through the async
/// hook, after at most the directives, the meter call and the constructor guard.
fn is_rewritten_async(text: &str) -> bool {
    let hook = format!("{}((", crosstalk_instrument::ASYNC_HOOK);
    let Some(body) = body_start(text) else { return false };
    let rest = text[body..].trim_start();
    match rest.strip_prefix('{') {
        Some(block) => block.find(&format!("return {hook}")).is_some_and(|i| !block[..i].contains(['{', '}'])),
        None => {
            rest.starts_with(&hook) || rest.starts_with(&format!("({}(), {hook}", crosstalk_instrument::METER_HOOK))
        }
    }
}

/// Where a function's own body starts in its text: the first `{` after its parameter
/// list, or what follows an arrow's `=>`, outside brackets and string literals.
fn body_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    let mut after_parameters = false;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'\'' | b'"' | b'`' => quote = Some(b),
            b'(' | b'[' => depth += 1,
            b')' | b']' => {
                depth -= 1;
                after_parameters |= depth == 0;
            }
            b'{' if depth == 0 && after_parameters => return Some(i),
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b'=' if depth == 0 && bytes.get(i + 1) == Some(&b'>') => return Some(i + 2),
            _ => {}
        }
        i += 1;
    }
    None
}

fn is_error(object: &JsObject) -> bool {
    object.is::<boa_engine::builtins::error::Error>()
}

/// The object's `Symbol.toStringTag`, when it is a non-empty string that is not an own
/// enumerable property (Node's inspect prints it in the prefix then, and only then).
fn to_string_tag(object: &JsObject, context: &mut Context) -> Option<String> {
    let key = PropertyKey::Symbol(boa_engine::JsSymbol::to_string_tag());
    let tag = object.get(key.clone(), context).ok()?;
    let tag = tag.as_string()?.to_std_string_escaped();
    if tag.is_empty() {
        return None;
    }
    let own_enumerable = own_descriptor(object, &key, context).is_some_and(|descriptor| {
        descriptor.get(js_string!("enumerable"), context).map(|e| e.to_boolean()).unwrap_or(false)
    });
    (!own_enumerable).then_some(tag)
}

fn constructor_name(object: &JsObject, context: &mut Context) -> Option<String> {
    let constructor = object.get(js_string!("constructor"), context).ok()?;
    let constructor = constructor.as_object()?;
    let name = constructor.get(js_string!("name"), context).ok()?;
    name.as_string().map(|s| s.to_std_string_escaped()).filter(|s| !s.is_empty())
}

/// `Object.getOwnPropertyDescriptor(object, key)` as an object, if the property exists
/// (an accessor's descriptor has `get`/`set`, a data property's `value`), as the worker
/// sees it: a data property crosstalk emulates with an accessor shows as data.
pub(crate) fn own_descriptor(object: &JsObject, key: &PropertyKey, context: &mut Context) -> Option<JsObject> {
    let key_value: JsValue = match key {
        PropertyKey::Symbol(s) => s.clone().into(),
        PropertyKey::String(s) => s.clone().into(),
        PropertyKey::Index(i) => JsValue::from(i.get()),
    };
    boa_engine::builtins::object::OrdinaryObject::get_own_property_descriptor(
        &JsValue::undefined(),
        &[object.clone().into(), key_value],
        context,
    )
    .and_then(|d| super::define_property::shown(d, context))
    .ok()
    .and_then(|d| d.as_object())
}

/// The own enumerable keys `util.inspect` shows: `Object.keys` order, then enumerable
/// symbols.
fn own_keys(object: &JsObject, context: &mut Context) -> Vec<PropertyKey> {
    let Ok(keys) = object.own_property_keys(context) else { return Vec::new() };
    let (strings, symbols): (Vec<PropertyKey>, Vec<PropertyKey>) =
        keys.into_iter().partition(|k| !matches!(k, PropertyKey::Symbol(_)));
    let enumerable = |key: &PropertyKey, context: &mut Context| {
        own_descriptor(object, key, context)
            .and_then(|d| d.get(js_string!("enumerable"), context).ok())
            .is_some_and(|e| e.to_boolean())
    };
    let mut shown = Vec::new();
    for key in strings.into_iter().chain(symbols) {
        if enumerable(&key, context) {
            shown.push(key);
        }
    }
    shown
}

/// The `[value]` (or `[key, value]` when `pairs`) steps of an iterator object.
fn iterate(iterator: Option<JsValue>, pairs: bool, context: &mut Context) -> Vec<(JsValue, JsValue)> {
    let mut steps = Vec::new();
    let Some(iterator) = iterator.and_then(|i| i.as_object()) else { return steps };
    let Ok(next) = iterator.get(js_string!("next"), context) else { return steps };
    let Some(next) = next.as_callable() else { return steps };
    loop {
        let Ok(step) = next.call(&iterator.clone().into(), &[], context) else { break };
        let Some(step) = step.as_object() else { break };
        if step.get(js_string!("done"), context).map(|d| d.to_boolean()).unwrap_or(true) {
            break;
        }
        let value = step.get(js_string!("value"), context).unwrap_or_default();
        if pairs {
            let Some(entry) = value.as_object() else { break };
            steps.push((entry.get(0, context).unwrap_or_default(), entry.get(1, context).unwrap_or_default()));
        } else {
            steps.push((value, JsValue::undefined()));
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_functions_own_rewritten_body_makes_it_async() {
        let rewritten = r#"function af(a = {}) {if (new.target) throw new TypeError("af is not a constructor");return __ct$t(({"af": async (a) => {}})["af"](), 1)}"#;
        assert!(is_rewritten_async(rewritten));
        assert!(is_rewritten_async("() => __ct$t((async () => (1))(), 2)"));
        assert!(is_rewritten_async("x => __ct$t((async () => (x))(), 2)"));
        // A plain function holding a rewritten async function or arrow is not async.
        assert!(!is_rewritten_async(
            "function outer() { function inner() {return __ct$t((async () => {})(), 1)} return inner; }"
        ));
        assert!(!is_rewritten_async("function outer() { return xs.map(x => __ct$t((async () => (x))(), 3)); }"));
        assert!(!is_rewritten_async("function plain() { return 1; }"));
    }
}
