//! The `URL` class: the URL Standard's API (url.spec.whatwg.org, "API"), on crosstalk's
//! own basic URL parser (`parser`), with `searchParams` live in both directions (the
//! standard's "update steps" of `URLSearchParams` and the setters' re-parse of the query).

mod parser;

use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::Attribute;
use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, Trace, js_error,
    js_string,
};
use parser::{EncodeSet, State, UrlPath, UrlRecord};

/// Parses an absolute URL and returns its serialization.
pub(crate) fn parse_absolute(text: &str) -> Option<String> {
    parser::parse(text, None).map(|url| url.href())
}

/// A `URL` object: its URL record, and its `searchParams` object once JS asked for it.
#[derive(Trace, Finalize, JsData)]
pub(crate) struct Url {
    #[unsafe_ignore_trace]
    record: UrlRecord,
    /// The URL's query object (`searchParams`), made on first access.
    params: Option<JsObject>,
}

/// WebIDL's USVString conversion: ToString, lone surrogates replaced by U+FFFD.
fn usv(value: &JsValue, context: &mut Context) -> JsResult<String> {
    Ok(value.to_string(context)?.to_std_string_lossy())
}

/// The API URL parser: `input` against `base` (itself parsed first), or `None`.
fn api_parse(input: &str, base: Option<&str>) -> Option<UrlRecord> {
    let base = match base {
        Some(base) => Some(parser::parse(base, None)?),
        None => None,
    };
    parser::parse(input, base.as_ref())
}

/// The input and the base of `URL(url, base)`, `URL.parse` and `URL.canParse`.
fn url_and_base(args: &[JsValue], context: &mut Context) -> JsResult<(String, Option<String>)> {
    let input = usv(args.first().unwrap_or(&JsValue::undefined()), context)?;
    let base = match args.get(1) {
        Some(base) if !base.is_undefined() => Some(usv(base, context)?),
        _ => None,
    };
    Ok((input, base))
}

/// The `URL` object `this` is, or the TypeError WebIDL throws for any other receiver.
fn this_url(this: &JsValue) -> JsResult<JsObject> {
    this.as_object().filter(|object| object.is::<Url>()).ok_or_else(|| js_error!(TypeError: "Illegal invocation"))
}

/// Reads `this`'s URL record.
fn read<T>(this: &JsValue, read: impl FnOnce(&UrlRecord) -> T) -> JsResult<T> {
    let object = this_url(this)?;
    let url = object.downcast_ref::<Url>().ok_or_else(|| js_error!(TypeError: "Illegal invocation"))?;
    Ok(read(&url.record))
}

/// Runs a setter on `this`'s URL record with the USVString `args[0]`. With `query_changed`
/// set, the URL's query object is then re-read from the new query.
fn write(
    this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
    query_changed: bool,
    write: impl FnOnce(&mut UrlRecord, String) -> JsResult<()>,
) -> JsResult<JsValue> {
    let object = this_url(this)?;
    let value = usv(args.first().unwrap_or(&JsValue::undefined()), context)?;
    let (params, query) = {
        let mut url = object.downcast_mut::<Url>().ok_or_else(|| js_error!(TypeError: "Illegal invocation"))?;
        write(&mut url.record, value)?;
        (url.params.clone(), url.record.query.clone())
    };
    if query_changed && let Some(params) = params {
        crate::host::url_search_params::reset(&params, query.as_deref().unwrap_or(""));
    }
    Ok(JsValue::undefined())
}

/// A string result.
fn string(text: &str) -> JsValue {
    JsString::from(text).into()
}

fn get_href(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| string(&url.href()))
}

/// `href = …`: the whole URL, parsed anew; a TypeError when it does not parse.
fn set_href(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, true, |url, value| {
        *url = parser::parse(&value, None).ok_or_else(|| {
            js_error!(TypeError: "Failed to set the 'href' property on 'URL': the provided value is not of type 'valid URL string'.")
        })?;
        Ok(())
    })
}

fn get_origin(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| string(&url.origin()))
}

fn get_protocol(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| string(&format!("{}:", url.scheme)))
}

fn set_protocol(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, false, |url, value| {
        parser::parse_into(&format!("{value}:"), url, State::SchemeStart);
        Ok(())
    })
}

fn get_username(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| string(&url.username))
}

fn set_username(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, false, |url, value| {
        if !url.cannot_have_username_password_or_port() {
            url.username = parser::encode(&value, EncodeSet::Userinfo);
        }
        Ok(())
    })
}

fn get_password(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| string(&url.password))
}

fn set_password(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, false, |url, value| {
        if !url.cannot_have_username_password_or_port() {
            url.password = parser::encode(&value, EncodeSet::Userinfo);
        }
        Ok(())
    })
}

fn get_host(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| match (&url.host, url.port) {
        (None, _) => string(""),
        (Some(host), None) => string(host),
        (Some(host), Some(port)) => string(&format!("{host}:{port}")),
    })
}

fn set_host(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, false, |url, value| {
        if !url.has_opaque_path() {
            parser::parse_into(&value, url, State::Host);
        }
        Ok(())
    })
}

fn get_hostname(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| string(url.host.as_deref().unwrap_or("")))
}

fn set_hostname(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, false, |url, value| {
        if !url.has_opaque_path() {
            parser::parse_into(&value, url, State::Hostname);
        }
        Ok(())
    })
}

fn get_port(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| string(&url.port.map(|port| port.to_string()).unwrap_or_default()))
}

fn set_port(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, false, |url, value| {
        if url.cannot_have_username_password_or_port() {
            return Ok(());
        }
        if value.is_empty() {
            url.port = None;
        } else {
            parser::parse_into(&value, url, State::Port);
        }
        Ok(())
    })
}

fn get_pathname(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| string(&url.path_string()))
}

fn set_pathname(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, false, |url, value| {
        if !url.has_opaque_path() {
            url.path = UrlPath::Segments(Vec::new());
            parser::parse_into(&value, url, State::PathStart);
        }
        Ok(())
    })
}

fn get_search(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| match url.query.as_deref() {
        None | Some("") => string(""),
        Some(query) => string(&format!("?{query}")),
    })
}

fn set_search(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, true, |url, value| {
        if value.is_empty() {
            url.query = None;
            return Ok(());
        }
        let input = value.strip_prefix('?').unwrap_or(&value);
        url.query = Some(String::new());
        parser::parse_into(input, url, State::Query);
        Ok(())
    })
}

fn get_hash(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    read(this, |url| match url.fragment.as_deref() {
        None | Some("") => string(""),
        Some(fragment) => string(&format!("#{fragment}")),
    })
}

fn set_hash(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    write(this, args, context, false, |url, value| {
        if value.is_empty() {
            url.fragment = None;
            return Ok(());
        }
        let input = value.strip_prefix('#').unwrap_or(&value);
        url.fragment = Some(String::new());
        parser::parse_into(input, url, State::Fragment);
        Ok(())
    })
}

/// `searchParams`: one `URLSearchParams` per URL ([SameObject]), made on first access
/// and kept in step with the URL's query from then on.
fn get_search_params(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let object = this_url(this)?;
    let (params, query) = {
        let url = object.downcast_ref::<Url>().ok_or_else(|| js_error!(TypeError: "Illegal invocation"))?;
        (url.params.clone(), url.record.query.clone())
    };
    if let Some(params) = params {
        return Ok(params.into());
    }
    let params =
        crate::host::url_search_params::create_for_url(query.as_deref().unwrap_or(""), object.clone(), context)?;
    if let Some(mut url) = object.downcast_mut::<Url>() {
        url.params = Some(params.clone());
    }
    Ok(params.into())
}

/// The update steps of a URL's `URLSearchParams`: the query becomes `serialized`, or
/// none when that is empty.
pub(crate) fn set_query(url: &JsObject, serialized: &str) {
    if let Some(mut url) = url.downcast_mut::<Url>() {
        url.record.query = (!serialized.is_empty()).then(|| serialized.to_string());
    }
}

/// `URL.canParse(url, base)`.
fn can_parse(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let (input, base) = url_and_base(args, context)?;
    Ok(api_parse(&input, base.as_deref()).is_some().into())
}

/// `URL.parse(url, base)`: a new `URL`, or null where the constructor would throw.
fn parse(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let (input, base) = url_and_base(args, context)?;
    match api_parse(&input, base.as_deref()) {
        Some(record) => Ok(Url::from_data(Url { record, params: None }, context)?.into()),
        None => Ok(JsValue::null()),
    }
}

/// `URL.createObjectURL` and `URL.revokeObjectURL`, which workerd does not implement.
fn not_implemented(name: &'static str) -> NativeFunction {
    NativeFunction::from_copy_closure(move |_, _, _| {
        Err(JsNativeError::error().with_message(format!("URL.{name}() is not implemented")).into())
    })
}

impl Class for Url {
    const NAME: &'static str = "URL";
    const LENGTH: usize = 1;
    const ATTRIBUTES: Attribute = Attribute::WRITABLE.union(Attribute::CONFIGURABLE);

    fn data_constructor(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<Self> {
        let (input, base) = url_and_base(args, context)?;
        let record = api_parse(&input, base.as_deref()).ok_or_else(|| js_error!(TypeError: "Invalid URL string."))?;
        Ok(Url { record, params: None })
    }

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        type Native = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;
        // In the order of workerd's `URL.prototype`.
        let accessors: [(&str, Native, Option<Native>); 12] = [
            ("origin", get_origin, None),
            ("href", get_href, Some(set_href)),
            ("protocol", get_protocol, Some(set_protocol)),
            ("username", get_username, Some(set_username)),
            ("password", get_password, Some(set_password)),
            ("host", get_host, Some(set_host)),
            ("hostname", get_hostname, Some(set_hostname)),
            ("port", get_port, Some(set_port)),
            ("pathname", get_pathname, Some(set_pathname)),
            ("search", get_search, Some(set_search)),
            ("hash", get_hash, Some(set_hash)),
            ("searchParams", get_search_params, None),
        ];
        for (name, get, set) in accessors {
            let realm = class.context().realm().clone();
            let get = FunctionObjectBuilder::new(&realm, NativeFunction::from_fn_ptr(get))
                .name(JsString::from(format!("get {name}").as_str()))
                .length(0)
                .build();
            let set = set.map(|set| {
                FunctionObjectBuilder::new(&realm, NativeFunction::from_fn_ptr(set))
                    .name(JsString::from(format!("set {name}").as_str()))
                    .length(1)
                    .build()
            });
            class.accessor(JsString::from(name), Some(get), set, Attribute::ENUMERABLE | Attribute::CONFIGURABLE);
        }
        let methods = Attribute::WRITABLE | Attribute::ENUMERABLE | Attribute::CONFIGURABLE;
        for name in ["toJSON", "toString"] {
            let realm = class.context().realm().clone();
            let method =
                FunctionObjectBuilder::new(&realm, NativeFunction::from_fn_ptr(get_href)).name(name).length(0).build();
            class.property(JsString::from(name), method, methods);
        }
        class.static_method(js_string!("canParse"), 1, NativeFunction::from_fn_ptr(can_parse));
        class.static_method(js_string!("parse"), 1, NativeFunction::from_fn_ptr(parse));
        class.static_method(js_string!("createObjectURL"), 1, not_implemented("createObjectURL"));
        class.static_method(js_string!("revokeObjectURL"), 1, not_implemented("revokeObjectURL"));
        Ok(())
    }
}
