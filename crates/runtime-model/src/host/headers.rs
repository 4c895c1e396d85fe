//! Glue to boa_runtime's `Headers` class, which crosstalk reuses as it is.

use boa_engine::class::Class;
use boa_engine::value::TryFromJs;
use boa_engine::{Context, JsObject, JsResult, JsValue};
use boa_runtime::fetch::headers::JsHeaders;
use http::{HeaderName, HeaderValue, header::HeaderMap};
use std::cell::RefCell;
use std::rc::Rc;

/// A header list being built in Rust.
pub(crate) type HeaderList = Rc<RefCell<HeaderMap>>;

/// Builds a header list from a `HeadersInit` (a `Headers`, a record or a list of pairs).
pub(crate) fn from_init(init: &JsValue, context: &mut Context) -> JsResult<HeaderList> {
    if init.is_null_or_undefined() {
        return Ok(Rc::new(RefCell::new(HeaderMap::new())));
    }
    let headers = JsHeaders::try_from_js(init, context)?;
    Ok(headers.as_header_map())
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

/// Wraps a header list in a JS `Headers` object.
pub(crate) fn to_object(list: HeaderList, context: &mut Context) -> JsResult<JsObject> {
    let map = list.borrow().clone();
    JsHeaders::from_data(JsHeaders::from_http(map), context)
}

/// The shared header map behind a JS `Headers` object.
pub(crate) fn map_of(object: &JsObject) -> Option<HeaderList> {
    object.downcast_ref::<JsHeaders>().map(|h| h.as_header_map())
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
