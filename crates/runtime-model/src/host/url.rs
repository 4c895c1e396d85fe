//! URL helpers. The `URL` class itself is boa_runtime's (WHATWG parsing by the `url`
//! crate); crosstalk adds `URL.prototype.searchParams`.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsObject, JsResult, JsString, JsSymbol, JsValue, NativeFunction, js_error, js_string};

/// Parses an absolute URL and returns its serialization.
pub(crate) fn parse_absolute(text: &str) -> Option<String> {
    url::Url::parse(text).ok().map(|u| u.to_string())
}

/// The hidden property a `URL` keeps its `searchParams` object in.
fn params_key() -> JsSymbol {
    PARAMS_KEY.with(|key| key.clone())
}

thread_local! {
    /// One symbol per thread: it only names a slot, and no JS can reach it.
    static PARAMS_KEY: JsSymbol = JsSymbol::new(Some(js_string!("crosstalk.searchParams"))).expect("a new symbol");
}

/// `URL.prototype.searchParams`: one `URLSearchParams` per URL, live in both directions:
/// its changes are written to the URL's query, and it is re-read from the query on each
/// access (so `url.search = …` shows through).
fn search_params(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let Some(url) = this.as_object() else { return Err(js_error!(TypeError: "Illegal invocation")) };
    let search = url.get(js_string!("search"), context)?.to_string(context)?.to_std_string_escaped();
    let key = params_key();
    let cached = url.get(key.clone(), context)?;
    if let Some(params) = cached.as_object() {
        crate::host::url_search_params::reset(&params, &search);
        return Ok(params.into());
    }
    let params = crate::host::url_search_params::create_for_url(&search, url.clone(), context)?;
    url.define_property_or_throw(
        key,
        PropertyDescriptor::builder().value(params.clone()).writable(false).enumerable(false).configurable(false),
        context,
    )?;
    Ok(params.into())
}

/// Sets `url`'s query to `serialized` (none when it is empty), for `URLSearchParams`.
pub(crate) fn set_query(url: &JsObject, serialized: &str, context: &mut Context) -> JsResult<()> {
    let search = if serialized.is_empty() { String::new() } else { format!("?{serialized}") };
    url.set(js_string!("search"), JsString::from(search), true, context)?;
    Ok(())
}

/// Adds `searchParams` to `URL.prototype`.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let url = context.global_object().get(js_string!("URL"), context)?;
    let Some(url) = url.as_object() else { return Ok(()) };
    let prototype = url.get(js_string!("prototype"), context)?;
    let Some(prototype) = prototype.as_object() else { return Ok(()) };
    let getter = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(search_params))
        .name(js_string!("get searchParams"))
        .build();
    prototype.define_property_or_throw(
        js_string!("searchParams"),
        PropertyDescriptor::builder().get(getter).enumerable(true).configurable(true),
        context,
    )?;
    Ok(())
}
