//! The `Headers` class (Fetch standard, as workerd implements it): a header list with
//! validation and workerd's messages, iteration sorted and combined, `getSetCookie`, and
//! the guard that makes the headers of incoming requests and fetched responses immutable.

use boa_engine::class::Class;
use boa_engine::interop::JsClass;
use boa_engine::object::builtins::JsArray;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsString, JsSymbol, JsValue, Trace, boa_class, js_error, js_string,
};
use http::{HeaderName, HeaderValue, header::HeaderMap};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A header list shared between a `Headers` object and the host.
pub(crate) type HeaderList = Rc<RefCell<HeaderMap>>;

/// Who may change a header list (Fetch's "headers guard").
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Guard {
    None,
    /// The headers of an incoming request, a fetched response or a redirect response.
    Immutable,
}

#[derive(Trace, Finalize, JsData)]
pub(crate) struct Headers {
    #[unsafe_ignore_trace]
    list: HeaderList,
    #[unsafe_ignore_trace]
    guard: Cell<Guard>,
}

/// workerd's message for a change to immutable headers.
const IMMUTABLE: &str = "Can't modify immutable headers.";

/// A header name as the standard validates it (a token), lowercased.
fn name_of(value: &JsValue, context: &mut Context) -> JsResult<HeaderName> {
    let text = value.to_string(context)?.to_std_string_lossy();
    HeaderName::from_bytes(text.as_bytes()).map_err(|_| js_error!(TypeError: "Invalid header name."))
}

/// A header value normalised (leading and trailing HTTP whitespace removed) and validated
/// (no NUL, CR or LF; a ByteString).
fn value_of(value: &JsValue, context: &mut Context) -> JsResult<HeaderValue> {
    let text = value.to_string(context)?;
    let mut bytes = Vec::with_capacity(text.len());
    for unit in text.iter() {
        let byte = u8::try_from(unit).map_err(|_| js_error!(TypeError: "Invalid header value."))?;
        bytes.push(byte);
    }
    let is_space = |b: &u8| matches!(b, b'\t' | b'\n' | b'\r' | b' ');
    let start = bytes.iter().position(|b| !is_space(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !is_space(b)).map_or(start, |i| i + 1);
    let trimmed = &bytes[start..end];
    if trimmed.iter().any(|b| matches!(b, 0 | b'\n' | b'\r')) {
        return Err(js_error!(TypeError: "Invalid header value."));
    }
    HeaderValue::from_bytes(trimmed).map_err(|_| js_error!(TypeError: "Invalid header value."))
}

fn value_text(value: &HeaderValue) -> JsString {
    let units: Vec<u16> = value.as_bytes().iter().map(|&b| u16::from(b)).collect();
    JsString::from(units.as_slice())
}

impl Headers {
    /// Whether the guard forbids changes (what `console.log` shows as `[immutable]`).
    pub(crate) fn is_immutable(&self) -> bool {
        self.guard.get() == Guard::Immutable
    }

    fn writable(&self) -> JsResult<()> {
        match self.guard.get() {
            Guard::None => Ok(()),
            Guard::Immutable => Err(js_error!(TypeError: "{}", IMMUTABLE)),
        }
    }

    /// Fills the list from a `HeadersInit`: a `Headers`, a sequence of pairs or a record.
    fn fill(list: &mut HeaderMap, init: &JsValue, context: &mut Context) -> JsResult<()> {
        let not_init = || js_error!(TypeError: "Failed to construct 'Headers': constructor parameter 1 is not of type 'Headers or Sequence or object'.");
        let Some(object) = init.as_object() else { return Err(not_init()) };
        if let Some(other) = object.downcast_ref::<Headers>() {
            let copy = other.list.borrow().clone();
            list.extend(copy);
            return Ok(());
        }
        let iterator = object.get(JsSymbol::iterator(), context)?;
        if iterator.is_callable() {
            let array_class = context.intrinsics().constructors().array().constructor();
            let from = array_class.get(js_string!("from"), context)?;
            let from = from.as_callable().ok_or_else(|| js_error!(TypeError: "Array.from is missing"))?;
            let pairs = from.call(&array_class.clone().into(), std::slice::from_ref(init), context)?;
            let pairs = JsArray::from_object(pairs.as_object().expect("Array.from returns an array").clone())?;
            for i in 0..pairs.length(context)? {
                let pair = pairs.get(i, context)?;
                let pair = pair.as_object().ok_or_else(not_init)?;
                let array_class = context.intrinsics().constructors().array().constructor();
                let pair = from.call(&array_class.into(), &[pair.clone().into()], context)?;
                let pair = JsArray::from_object(pair.as_object().expect("Array.from returns an array").clone())?;
                if pair.length(context)? != 2 {
                    return Err(
                        js_error!(TypeError: "To initialize a Headers object from a sequence, each inner sequence must have exactly two elements."),
                    );
                }
                let name = name_of(&pair.get(0, context)?, context)?;
                let value = value_of(&pair.get(1, context)?, context)?;
                list.append(name, value);
            }
            return Ok(());
        }
        // A record: the object's own enumerable string keys.
        let keys = boa_engine::builtins::object::OrdinaryObject::keys(
            &JsValue::undefined(),
            std::slice::from_ref(init),
            context,
        )?;
        let keys = JsArray::from_object(keys.as_object().expect("Object.keys returns an array").clone())?;
        for i in 0..keys.length(context)? {
            let name = keys.get(i, context)?;
            let value = object.get(name.to_property_key(context)?, context)?;
            list.append(name_of(&name, context)?, value_of(&value, context)?);
        }
        Ok(())
    }
}

#[boa_class(rename = "Headers")]
#[boa(rename_all = "camelCase")]
impl Headers {
    #[boa(constructor)]
    fn constructor(init: Option<JsValue>, context: &mut Context) -> JsResult<Self> {
        let mut list = HeaderMap::new();
        if let Some(init) = init.filter(|v| !v.is_undefined()) {
            Self::fill(&mut list, &init, context)?;
        }
        Ok(Self { list: Rc::new(RefCell::new(list)), guard: Cell::new(Guard::None) })
    }

    fn append(&self, name: JsValue, value: JsValue, context: &mut Context) -> JsResult<()> {
        let (name, value) = (name_of(&name, context)?, value_of(&value, context)?);
        self.writable()?;
        self.list.borrow_mut().append(name, value);
        Ok(())
    }

    fn set(&self, name: JsValue, value: JsValue, context: &mut Context) -> JsResult<()> {
        let (name, value) = (name_of(&name, context)?, value_of(&value, context)?);
        self.writable()?;
        self.list.borrow_mut().insert(name, value);
        Ok(())
    }

    fn delete(&self, name: JsValue, context: &mut Context) -> JsResult<()> {
        let name = name_of(&name, context)?;
        self.writable()?;
        self.list.borrow_mut().remove(name);
        Ok(())
    }

    /// The values of `name` joined with ", ", or `null`.
    fn get(&self, name: JsValue, context: &mut Context) -> JsResult<JsValue> {
        let name = name_of(&name, context)?;
        let list = self.list.borrow();
        let mut values = list.get_all(&name).iter().peekable();
        if values.peek().is_none() {
            return Ok(JsValue::null());
        }
        let joined: Vec<u16> = values
            .map(|v| v.as_bytes().iter().map(|&b| u16::from(b)).collect::<Vec<u16>>())
            .collect::<Vec<_>>()
            .join(&[u16::from(b','), u16::from(b' ')][..]);
        Ok(JsString::from(joined.as_slice()).into())
    }

    fn has(&self, name: JsValue, context: &mut Context) -> JsResult<bool> {
        let name = name_of(&name, context)?;
        Ok(self.list.borrow().contains_key(name))
    }

    /// Every `set-cookie` value, in the order they were added.
    fn get_set_cookie(&self, context: &mut Context) -> JsValue {
        let values: Vec<JsValue> =
            self.list.borrow().get_all(http::header::SET_COOKIE).iter().map(|v| value_text(v).into()).collect();
        JsArray::from_iter(values, context).into()
    }

    /// workerd's non-standard `getAll`: the `set-cookie` values, as `getSetCookie`; any
    /// other name is refused (workerd 1.20261117's messages).
    fn get_all(&self, args: boa_engine::interop::JsAll<JsValue>, context: &mut Context) -> JsResult<JsValue> {
        // A missing name is refused; an explicit `undefined` is the name "undefined".
        let Some(name) = args.0.first() else {
            return Err(
                js_error!(TypeError: "Failed to execute 'getAll' on 'Headers': parameter 1 is not of type 'string'."),
            );
        };
        let name = name.to_string(context)?.to_std_string_escaped();
        if !name.eq_ignore_ascii_case("set-cookie") {
            return Err(js_error!(TypeError: "getAll() can only be used with the header name \"Set-Cookie\"."));
        }
        Ok(self.get_set_cookie(context))
    }

    /// `callback(value, name, headers)` over the sorted and combined list, read afresh at
    /// each step so that changes made by the callback are seen as the standard says.
    fn for_each(
        this: JsClass<Self>,
        callback: JsValue,
        this_arg: Option<JsValue>,
        context: &mut Context,
    ) -> JsResult<()> {
        let this: JsValue = this.inner().upcast().into();
        let callback = callback.as_callable().ok_or_else(
            || js_error!(TypeError: "Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'."),
        )?;
        let list = this_list(&this)?;
        let this_arg = this_arg.unwrap_or_default();
        let mut index = 0;
        loop {
            let entry = sort_and_combine(&list.borrow()).into_iter().nth(index);
            let Some((name, value)) = entry else { break };
            callback.call(&this_arg, &[value.into(), JsString::from(name).into(), this.clone()], context)?;
            index += 1;
        }
        Ok(())
    }

    fn entries(this: JsClass<Self>, context: &mut Context) -> JsResult<JsValue> {
        iterate(&this.inner().upcast().into(), Iteration::Entries, context)
    }

    fn keys(this: JsClass<Self>, context: &mut Context) -> JsResult<JsValue> {
        iterate(&this.inner().upcast().into(), Iteration::Keys, context)
    }

    fn values(this: JsClass<Self>, context: &mut Context) -> JsResult<JsValue> {
        iterate(&this.inner().upcast().into(), Iteration::Values, context)
    }
}

/// The header list as the Fetch standard's "sort and combine" gives it: names
/// lowercased and sorted by their bytes, the values of a name joined with ", ", except
/// `set-cookie`, whose values stay separate entries (in the order they were added).
fn sort_and_combine(map: &HeaderMap) -> Vec<(String, JsString)> {
    let mut names: Vec<&HeaderName> = map.keys().collect();
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    let mut pairs = Vec::with_capacity(map.len());
    for name in names {
        let values = map.get_all(name).iter().map(value_text);
        if name == http::header::SET_COOKIE {
            pairs.extend(values.map(|v| (name.as_str().to_string(), v)));
        } else {
            let joined: Vec<u16> = values
                .map(|v| v.iter().collect::<Vec<u16>>())
                .collect::<Vec<_>>()
                .join(&[u16::from(b','), u16::from(b' ')][..]);
            pairs.push((name.as_str().to_string(), JsString::from(joined.as_slice())));
        }
    }
    pairs
}

/// What a `Headers` iterator yields.
#[derive(Clone, Copy)]
enum Iteration {
    Entries,
    Keys,
    Values,
}

fn this_list(this: &JsValue) -> JsResult<HeaderList> {
    this.as_object().and_then(|o| map_of(&o)).ok_or_else(|| js_error!(TypeError: "Illegal invocation"))
}

/// An iterator over the sorted and combined list as it is when the iteration starts.
fn iterate(this: &JsValue, kind: Iteration, context: &mut Context) -> JsResult<JsValue> {
    let pairs = sort_and_combine(&this_list(this)?.borrow());
    let items: Vec<JsValue> = pairs
        .into_iter()
        .map(|(name, value)| match kind {
            Iteration::Entries => JsArray::from_iter([JsString::from(name).into(), value.into()], context).into(),
            Iteration::Keys => JsString::from(name).into(),
            Iteration::Values => value.into(),
        })
        .collect();
    JsArray::from_iter(items, context).values(context)
}

/// Registers the class, its `[Symbol.iterator]` (= `entries`) and its `toStringTag`.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    crate::host::global_scope::class::<Headers>(context)?;
    let class = context.global_object().get(js_string!("Headers"), context)?;
    let prototype = class
        .as_object()
        .map(|c| c.get(js_string!("prototype"), context))
        .transpose()?
        .and_then(|p| p.as_object())
        .ok_or_else(|| js_error!(TypeError: "Headers is not installed"))?;
    let entries = prototype.get(js_string!("entries"), context)?;
    prototype.define_property_or_throw(
        JsSymbol::iterator(),
        PropertyDescriptor::builder().value(entries).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    // workerd tags its classes from `set_tostring_tag` on.
    if crate::host::global_scope::tagged(context) {
        prototype.define_property_or_throw(
            JsSymbol::to_string_tag(),
            PropertyDescriptor::builder()
                .value(js_string!("Headers"))
                .writable(true)
                .enumerable(false)
                .configurable(true),
            context,
        )?;
    }
    Ok(())
}

/// Builds a header list from a `HeadersInit` (a `Headers`, a record or a list of pairs).
pub(crate) fn from_init(init: &JsValue, context: &mut Context) -> JsResult<HeaderList> {
    let mut list = HeaderMap::new();
    if !init.is_null_or_undefined() {
        Headers::fill(&mut list, init, context)?;
    }
    Ok(Rc::new(RefCell::new(list)))
}

/// Builds a header list from name/value pairs (invalid pairs are skipped).
pub(crate) fn from_pairs(pairs: &[(String, String)]) -> HeaderList {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str())) {
            map.append(name, value);
        }
    }
    Rc::new(RefCell::new(map))
}

/// Sets `name` unless the list already has it.
pub(crate) fn set_default(list: &HeaderList, name: &str, value: &str) {
    let mut map = list.borrow_mut();
    if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value))
        && !map.contains_key(&name)
    {
        map.insert(name, value);
    }
}

/// Wraps a header list in a JS `Headers` object anyone may change.
pub(crate) fn to_object(list: HeaderList, context: &mut Context) -> JsResult<JsObject> {
    to_object_guarded(list, Guard::None, context)
}

/// Wraps a header list in a JS `Headers` object with `guard`.
pub(crate) fn to_object_guarded(list: HeaderList, guard: Guard, context: &mut Context) -> JsResult<JsObject> {
    Headers::from_data(Headers { list, guard: Cell::new(guard) }, context)
}

/// The guard of a `Headers` object (`Guard::None` for any other object).
pub(crate) fn guard_of(object: &JsObject) -> Guard {
    object.downcast_ref::<Headers>().map_or(Guard::None, |h| h.guard.get())
}

/// The shared header list behind a JS `Headers` object.
pub(crate) fn map_of(object: &JsObject) -> Option<HeaderList> {
    object.downcast_ref::<Headers>().map(|h| h.list.clone())
}

/// A deep copy of a `Headers` object's list.
pub(crate) fn copy(object: &JsObject) -> HeaderList {
    let map = map_of(object).map(|m| m.borrow().clone()).unwrap_or_default();
    Rc::new(RefCell::new(map))
}

/// The headers as sorted `(name, value)` pairs (deterministic output, R12).
pub(crate) fn sorted(object: &JsObject) -> Vec<(String, String)> {
    let Some(map) = map_of(object) else { return Vec::new() };
    let mut pairs: Vec<(String, String)> = map
        .borrow()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    pairs.sort();
    pairs
}
