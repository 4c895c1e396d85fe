//! URL helpers. The `URL` class itself is boa_runtime's (WHATWG parsing by the `url`
//! crate); crosstalk adds `URL.prototype.searchParams`.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsResult, JsValue, NativeFunction, js_string};

/// Parses an absolute URL and returns its serialization.
pub(crate) fn parse_absolute(text: &str) -> Option<String> {
    url::Url::parse(text).ok().map(|u| u.to_string())
}

fn search_params(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let search = match this.as_object() {
        Some(object) => object.get(js_string!("search"), context)?,
        None => JsValue::undefined(),
    };
    let text = if search.is_undefined() { String::new() } else { search.to_string(context)?.to_std_string_escaped() };
    crate::host::url_search_params::create(&text, context)
}

/// Adds `searchParams` to `URL.prototype` (a snapshot of the query, not a live view).
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
