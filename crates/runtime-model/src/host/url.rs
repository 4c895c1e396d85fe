//! URL helpers. The `URL` class itself is boa_runtime's (WHATWG parsing by the `url`
//! crate); crosstalk adds `URL.prototype.searchParams` and resolves inputs against bases
//! as the standard does (see `resolve_against_any_base`).

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

/// Sets `url`'s query to `serialized` (none when it is empty), for `URLSearchParams`:
/// through boa_runtime's own `search` setter, so the params object that asked is not
/// re-read while it is busy (see `sync_search_params`).
pub(crate) fn set_query(url: &JsObject, serialized: &str, context: &mut Context) -> JsResult<()> {
    let search = if serialized.is_empty() { String::new() } else { format!("?{serialized}") };
    let setter = url.get(ORIGINAL_SEARCH_SETTER.with(Clone::clone), context)?;
    match setter.as_callable() {
        Some(setter) => setter.call(&url.clone().into(), &[JsString::from(search).into()], context).map(drop),
        None => url.set(js_string!("search"), JsString::from(search), true, context).map(drop),
    }
}

thread_local! {
    /// Where `URL.prototype` keeps boa_runtime's `search` setter (no JS can name it).
    static ORIGINAL_SEARCH_SETTER: JsSymbol = JsSymbol::new(Some(js_string!("crosstalk.searchSetter"))).expect("a new symbol");
}

/// `url.search = …` and `url.href = …` also update the URL's `searchParams` object, if JS
/// has one (the URL standard's "update steps" the other way round): the setters are
/// boa_runtime's, followed by a re-read of the query into the params.
fn sync_search_params(prototype: &JsObject, context: &mut Context) -> JsResult<()> {
    for name in ["search", "href"] {
        let key: boa_engine::property::PropertyKey = js_string!(name).into();
        let Some(descriptor) = prototype.borrow().properties().get(&key) else { continue };
        let (Some(getter), Some(setter)) = (descriptor.get().cloned(), descriptor.set().cloned()) else { continue };
        let Some(original) = setter.as_object() else { continue };
        if name == "search" {
            prototype.define_property_or_throw(
                ORIGINAL_SEARCH_SETTER.with(Clone::clone),
                PropertyDescriptor::builder()
                    .value(setter.clone())
                    .writable(false)
                    .enumerable(false)
                    .configurable(false),
                context,
            )?;
        }
        let wrapped = NativeFunction::from_copy_closure_with_captures(
            |this, args, original: &JsObject, context| {
                original.call(this, args, context)?;
                if let Some(url) = this.as_object()
                    && let Some(params) = url.get(params_key(), context)?.as_object()
                {
                    let search = url.get(js_string!("search"), context)?.to_string(context)?.to_std_string_escaped();
                    crate::host::url_search_params::reset(&params, &search);
                }
                Ok(JsValue::undefined())
            },
            original.clone(),
        );
        let wrapped = FunctionObjectBuilder::new(context.realm(), wrapped)
            .name(JsString::from(format!("set {name}").as_str()))
            .length(1)
            .build();
        prototype.define_property_or_throw(
            js_string!(name),
            PropertyDescriptor::builder()
                .get(getter)
                .set(wrapped)
                .enumerable(descriptor.enumerable().unwrap_or(true))
                .configurable(true),
            context,
        )?;
    }
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
    let origin = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(origin))
        .name(js_string!("get origin"))
        .build();
    prototype.define_property_or_throw(
        js_string!("origin"),
        PropertyDescriptor::builder().get(origin).enumerable(true).configurable(true),
        context,
    )?;
    sync_search_params(&prototype.clone(), context)?;
    resolve_against_any_base(&url.clone(), &prototype.clone(), context)
}

/// `URL.prototype.origin`, with the URL standard's rule for `blob:` URLs that the url
/// crate lacks: the origin of the URL in the path only when that URL is http or https,
/// else an opaque origin, "null" (`blob:ftp://host/path`, `blob:blob:https://…`).
fn origin(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let Some(url) = this.as_object() else { return Err(js_error!(TypeError: "Illegal invocation")) };
    let href = url.get(js_string!("href"), context)?.to_string(context)?.to_std_string_escaped();
    let parsed = url::Url::parse(&href).map_err(|e| js_error!(TypeError: "Invalid URL: {}", e))?;
    let origin = if parsed.scheme() == "blob" {
        match url::Url::parse(parsed.path()) {
            Ok(inner) if matches!(inner.scheme(), "http" | "https") => inner.origin().ascii_serialization(),
            _ => "null".to_string(),
        }
    } else {
        parsed.origin().ascii_serialization()
    };
    Ok(JsString::from(origin.as_str()).into())
}

/// boa_runtime's `URL` refuses every base with an opaque path (`about:blank`, `mailto:x`,
/// `data:,`), even for an absolute input or a fragment (`new URL('#x', 'mailto:x@x.com')`
/// is `mailto:x@x.com#x`). The URL standard's API URL parser refuses only what cannot be
/// resolved, which is what the url crate's parser with a base does: so `URL`, `URL.parse`
/// and `URL.canParse` resolve the input against the base here and hand boa_runtime's class
/// the absolute result alone. The wrapper is the class as far as JS can tell: the same
/// `prototype` (whose `constructor` is the wrapper), `name`, `length` and statics.
fn resolve_against_any_base(original: &JsObject, prototype: &JsObject, context: &mut Context) -> JsResult<()> {
    let constructor = NativeFunction::from_copy_closure_with_captures(
        |this, args, original: &JsObject, context| {
            // Called without `new`: the class's own TypeError.
            let Some(new_target) = this.as_object() else { return original.call(this, args, context) };
            let args = resolved(args, context)?;
            Ok(original.construct(&args, Some(&new_target), context)?.into())
        },
        original.clone(),
    );
    let wrapper = FunctionObjectBuilder::new(context.realm(), constructor)
        .name(js_string!("URL"))
        .length(1)
        .constructor(true)
        .build();
    wrapper.define_property_or_throw(
        js_string!("prototype"),
        PropertyDescriptor::builder().value(prototype.clone()).writable(false).enumerable(false).configurable(false),
        context,
    )?;
    prototype.define_property_or_throw(
        js_string!("constructor"),
        PropertyDescriptor::builder().value(wrapper.clone()).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    for (name, resolve) in [("canParse", true), ("parse", true), ("createObjectURL", false), ("revokeObjectURL", false)]
    {
        let Some(method) = original.get(js_string!(name), context)?.as_object() else { continue };
        let method = if resolve {
            let wrapped = NativeFunction::from_copy_closure_with_captures(
                move |_, args, method: &JsObject, context| match resolved(args, context) {
                    Ok(args) => method.call(&JsValue::undefined(), &args, context),
                    // What each answers for an input that does not parse.
                    Err(_) if name == "canParse" => Ok(JsValue::from(false)),
                    Err(_) => Ok(JsValue::null()),
                },
                method.clone(),
            );
            JsObject::from(
                FunctionObjectBuilder::new(context.realm(), wrapped).name(js_string!(name)).length(1).build(),
            )
        } else {
            method.clone()
        };
        wrapper.define_property_or_throw(
            js_string!(name),
            PropertyDescriptor::builder().value(method).writable(true).enumerable(false).configurable(true),
            context,
        )?;
    }
    context.global_object().define_property_or_throw(
        js_string!("URL"),
        PropertyDescriptor::builder().value(wrapper).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    Ok(())
}

/// The arguments to hand boa_runtime's `URL`: the input alone when there is no base, else
/// the input resolved against the base (errors worded as boa_runtime words them).
fn resolved(args: &[JsValue], context: &mut Context) -> JsResult<Vec<JsValue>> {
    let input = args.first().cloned().unwrap_or_default();
    let Some(base) = args.get(1).filter(|b| !b.is_undefined()) else { return Ok(vec![input]) };
    let input = input.to_string(context)?.to_std_string_escaped();
    let base = base.to_string(context)?.to_std_string_escaped();
    let base = url::Url::parse(&base).map_err(|e| js_error!(TypeError: "Failed to parse base URL: {}", e))?;
    let url = url::Url::options()
        .base_url(Some(&base))
        .parse(&input)
        .map_err(|e| js_error!(TypeError: "Failed to parse URL: {}", e))?;
    Ok(vec![JsValue::from(boa_engine::JsString::from(url.as_str()))])
}
