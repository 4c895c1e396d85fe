//! The `Request` class: what a handler receives, and what `fetch()` accepts.

use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, Finalize, JsData, JsObject, JsResult, JsValue, Trace, boa_class, js_error, js_string};
use std::rc::Rc;

use crate::host::body::{self, Body, Init, ReadAs};
use crate::host::headers;
use crate::model::RequestSpec;

#[derive(Trace, Finalize, JsData)]
pub(crate) struct Request {
    #[unsafe_ignore_trace]
    pub url: String,
    #[unsafe_ignore_trace]
    pub method: String,
    pub headers: JsObject,
    pub body: Body,
    #[unsafe_ignore_trace]
    pub redirect: String,
    /// `request.signal`: the signal given to the constructor, or the input request's (the
    /// same object, as in workerd: checked on 1.20261117); made on first read when there
    /// is none (or `signal: null`), and then never aborted.
    pub signal: boa_gc::GcRefCell<Option<JsObject>>,
    /// `request.cf`: the `cf` of the constructor's init or input request, or, for a request
    /// from the edge, its object once made (on first read).
    pub cf: boa_gc::GcRefCell<Option<JsObject>>,
    /// For a request from the edge: the scenario's `cf` fields, laid over
    /// [`crate::model::DEFAULT_CF`] when `cf` is first read (reading it is a read of the
    /// run's input, R3). Most workers never read it, so the object is not made up front.
    #[unsafe_ignore_trace]
    pub edge_cf: Option<Rc<std::collections::BTreeMap<String, serde_json::Value>>>,
    /// `request.cache`: `no-store` or `no-cache` when the constructor was given one
    /// (`cache_option_enabled`), else `undefined`.
    #[unsafe_ignore_trace]
    pub cache: Option<&'static str>,
    /// `request.fetcher`: `None` for a constructed request (`null`); for a request the
    /// worker received (and its clones), the object once made.
    pub fetcher: Option<boa_gc::GcRefCell<Option<JsObject>>>,
}

/// A `cache` init member: before `cache_option_enabled` any value is refused, after it
/// `no-store` and `no-cache` are the modes workerd supports (1.20261117).
fn cache_mode(value: &JsValue, context: &mut Context) -> JsResult<&'static str> {
    if !crate::compat_flags::is_on(&crate::engine::Host::of(context).world.profile, "cache_option_enabled") {
        return Err(js_error!(Error: "The 'cache' field on 'RequestInitializerDict' is not implemented."));
    }
    let mode = value.to_string(context)?.to_std_string_escaped();
    match mode.as_str() {
        "no-store" => Ok("no-store"),
        "no-cache" => Ok("no-cache"),
        _ => Err(js_error!(TypeError: "Unsupported cache mode: {}", mode)),
    }
}

/// The `fetcher` of a received request: an object whose `fetch` is the global `fetch`'s
/// subrequest, tagged `Fetcher` where workerd tags its classes (`set_tostring_tag`).
fn fetcher_object(context: &mut Context) -> JsResult<JsObject> {
    let fetch = boa_engine::object::FunctionObjectBuilder::new(
        context.realm(),
        boa_engine::NativeFunction::from_fn_ptr(crate::host::fetch::fetch),
    )
    .name(js_string!("fetch"))
    .length(1)
    .build();
    let prototype = boa_engine::object::ObjectInitializer::new(context)
        .property(js_string!("fetch"), fetch, boa_engine::property::Attribute::all())
        .build();
    if crate::host::global_scope::tagged(context) {
        crate::host::tag_object(&prototype, "Fetcher", context)?;
    }
    let fetcher = boa_engine::object::ObjectInitializer::new(context).build();
    fetcher.set_prototype(Some(prototype));
    Ok(fetcher)
}

fn normalize_method(method: &str) -> String {
    let upper = method.to_ascii_uppercase();
    // The Fetch standard normalises six methods; workerd also knows PATCH (and uppercases it).
    if matches!(upper.as_str(), "DELETE" | "GET" | "HEAD" | "OPTIONS" | "PATCH" | "POST" | "PUT") {
        upper
    } else {
        method.to_string()
    }
}

/// The `cf` object of a request from the edge: the scenario's fields over the defaults.
fn edge_cf(
    overrides: &std::collections::BTreeMap<String, serde_json::Value>,
    context: &mut Context,
) -> JsResult<JsObject> {
    let mut fields = crate::model::default_cf();
    for (name, value) in overrides {
        fields.insert(name.clone(), value.clone());
    }
    let value = JsValue::from_json(&serde_json::Value::Object(fields), context)?;
    value.as_object().ok_or_else(|| js_error!(TypeError: "request.cf is not an object"))
}

impl Request {
    /// `new Request(input, init)`, for `fetch(input, init)`.
    pub(crate) fn build(input: JsValue, init: Option<JsValue>, context: &mut Context) -> JsResult<Self> {
        Self::constructor(input, init, context)
    }

    /// The incoming request of a scenario, as its handler sees it. `from_client`: it came
    /// over HTTP (a scenario's request), not through a service binding.
    pub(crate) fn incoming(
        spec: &RequestSpec,
        id: u32,
        from_client: bool,
        context: &mut Context,
    ) -> JsResult<JsObject> {
        let mut pairs = spec.headers.clone();
        // workerd hands the handler the `host` the client sent: the URL's host (and port
        // when not the scheme's default), unless the scenario gives one. A request through
        // a service binding has only the headers its caller gave (workerd 1.20261117).
        if from_client
            && !pairs.iter().any(|(name, _)| name.eq_ignore_ascii_case("host"))
            && let Ok(url) = url::Url::parse(&spec.url)
            && let Some(host) = url.host_str()
        {
            let host = match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_string(),
            };
            pairs.insert(0, ("host".to_string(), host));
        }
        let list = headers::from_pairs(&pairs);
        let request = Self {
            url: spec.url.clone(),
            method: normalize_method(&spec.method),
            // workerd: the headers of an incoming request cannot be changed.
            headers: headers::to_object_guarded(list, headers::Guard::Immutable, context)?,
            // The incoming body is the request's own I/O (R8).
            body: match &spec.body {
                Some(text) => Body::from_init(Init::Bytes(Rc::new(text.clone().into_bytes())), Some(id), context),
                None => Body::null(),
            },
            redirect: "manual".to_string(),
            signal: boa_gc::GcRefCell::new(None),
            cf: boa_gc::GcRefCell::new(None),
            edge_cf: from_client.then(|| Rc::new(spec.cf.clone())),
            cache: None,
            fetcher: Some(boa_gc::GcRefCell::new(None)),
        };
        <Self as boa_engine::class::Class>::from_data(request, context)
    }

    /// The signal set by the constructor, if any (a fetch of this request follows it).
    pub(crate) fn given_signal(&self) -> Option<JsObject> {
        self.signal.borrow().clone()
    }

    fn read(&self, read_as: ReadAs, context: &mut Context) -> JsPromise {
        self.body.read(read_as, context)
    }
}

#[boa_class(rename = "Request")]
#[boa(rename_all = "camelCase")]
impl Request {
    #[boa(constructor)]
    fn constructor(input: JsValue, init: Option<JsValue>, context: &mut Context) -> JsResult<Self> {
        let (url, mut method, mut headers_init, mut redirect);
        let mut body = None;
        let mut signal = None;
        let mut cf = None;
        let mut edge = None;
        let mut cache = None;
        // A request made from a received one keeps its fetcher (workerd 1.20261117).
        let mut fetcher = None;
        let input_request = input.as_object().filter(|o| o.is::<Request>());
        if let Some(other) = input_request.as_ref().and_then(|o| {
            o.downcast_ref::<Request>().map(|r| {
                let cf = (r.cf.borrow().clone(), r.edge_cf.clone());
                let fetcher = r.fetcher.as_ref().map(|slot| boa_gc::GcRefCell::new(slot.borrow().clone()));
                (
                    r.url.clone(),
                    r.method.clone(),
                    r.headers.clone(),
                    r.redirect.clone(),
                    r.given_signal(),
                    cf,
                    (r.cache, fetcher),
                )
            })
        }) {
            url = other.0;
            method = other.1;
            headers_init = other.2.into();
            redirect = other.3;
            signal = other.4;
            (cf, edge) = other.5;
            (cache, fetcher) = other.6;
        } else {
            let text = input.to_string(context)?.to_std_string_escaped();
            (method, headers_init, redirect) = ("GET".to_string(), JsValue::undefined(), "follow".to_string());
            // Before `fetch_standard_url` (2024-06-03) workerd keeps the text as given,
            // unparsed: `new Request('x').url` is "x", and only a fetch of it fails.
            url = if crate::compat_flags::is_on(&crate::engine::Host::of(context).world.profile, "fetch_standard_url") {
                crate::host::url::parse_absolute(&text).ok_or_else(|| js_error!(TypeError: "Invalid URL: {}", text))?
            } else {
                text
            };
        }
        let mut content_type = None;
        if let Some(init) = init.as_ref().and_then(JsValue::as_object) {
            let m = init.get(js_string!("method"), context)?;
            if !m.is_undefined() {
                method = normalize_method(&m.to_string(context)?.to_std_string_escaped());
            }
            let h = init.get(js_string!("headers"), context)?;
            if !h.is_undefined() {
                headers_init = h;
            }
            let b = init.get(js_string!("body"), context)?;
            if !b.is_undefined() {
                let extracted = body::extract(Some(&b), context)?;
                body = Some(extracted.init);
                content_type = extracted.content_type;
            }
            let c = init.get(js_string!("cache"), context)?;
            if !c.is_undefined() {
                cache = Some(cache_mode(&c, context)?);
            }
            let i = init.get(js_string!("integrity"), context)?;
            if !i.is_undefined() && !i.to_string(context)?.is_empty() {
                return Err(js_error!(TypeError:
                    "Subrequest integrity checking is not implemented. The integrity option must be either undefined or an empty string."));
            }
            let r = init.get(js_string!("redirect"), context)?;
            if !r.is_undefined() {
                redirect = r.to_string(context)?.to_std_string_escaped();
            }
            let c = init.get(js_string!("cf"), context)?;
            if let Some(object) = c.as_object() {
                (cf, edge) = (Some(object.clone()), None);
            } else if !c.is_undefined() {
                (cf, edge) = (None, None);
            }
            let s = init.get(js_string!("signal"), context)?;
            if s.is_null() {
                signal = None;
            } else if !s.is_undefined() {
                signal = crate::host::abort::signal_of(&s, context)
                    .map_err(|_| js_error!(TypeError: "Failed to construct 'Request': member signal is not of type AbortSignal."))?;
            }
        }
        let body = match (body, &input_request) {
            (Some(init), _) => Body::constructed(init, context),
            // The input request's body comes along (as a copy of it: crosstalk does not
            // model the input's body becoming disturbed).
            (None, Some(other)) => other.downcast_ref::<Request>().expect("checked above").body.tee(context)?,
            (None, None) => Body::null(),
        };
        if !body.is_null() && matches!(method.as_str(), "GET" | "HEAD") {
            return Err(js_error!(TypeError: "Request with a GET or HEAD method cannot have a body."));
        }
        let list = headers::from_init(&headers_init, context)?;
        let list = {
            let copy = list.borrow().clone();
            Rc::new(std::cell::RefCell::new(copy))
        };
        if let Some(content_type) = &content_type {
            headers::set_default(&list, "content-type", content_type);
        }
        Ok(Self {
            url,
            method,
            headers: headers::to_object(list, context)?,
            body,
            redirect,
            signal: boa_gc::GcRefCell::new(signal),
            cf: boa_gc::GcRefCell::new(cf),
            edge_cf: edge,
            cache,
            fetcher,
        })
    }

    #[boa(getter)]
    fn url(&self) -> JsValue {
        js_string!(self.url.as_str()).into()
    }

    #[boa(getter)]
    fn method(&self) -> JsValue {
        js_string!(self.method.as_str()).into()
    }

    #[boa(getter)]
    fn headers(&self) -> JsObject {
        self.headers.clone()
    }

    #[boa(getter)]
    fn redirect(&self) -> JsValue {
        js_string!(self.redirect.as_str()).into()
    }

    /// `undefined`, or the `cache` mode the constructor was given.
    #[boa(getter)]
    fn cache(&self) -> JsValue {
        self.cache.map_or(JsValue::undefined(), |mode| js_string!(mode).into())
    }

    /// Always `""`: workerd refuses any other (the constructor throws).
    #[boa(getter)]
    fn integrity(&self) -> JsValue {
        js_string!().into()
    }

    /// Always `false` in workerd, whatever the constructor was given.
    #[boa(getter)]
    fn keepalive(&self) -> bool {
        false
    }

    /// `null` for a constructed request; for one the worker received, a `Fetcher` whose
    /// `fetch` makes a subrequest as the global `fetch` does, the same object at every read.
    #[boa(getter)]
    fn fetcher(&self, context: &mut Context) -> JsResult<JsValue> {
        let Some(slot) = &self.fetcher else { return Ok(JsValue::null()) };
        if let Some(made) = slot.borrow().clone() {
            return Ok(made.into());
        }
        let made = fetcher_object(context)?;
        *slot.borrow_mut() = Some(made.clone());
        Ok(made.into())
    }

    #[boa(getter)]
    fn body_used(&self, context: &mut Context) -> JsResult<bool> {
        self.body.used(context)
    }

    #[boa(getter)]
    fn body(&self, context: &mut Context) -> JsResult<JsValue> {
        self.body.stream(context)
    }

    /// `request.cf`; reading an incoming request's is a read of the run's input (R3).
    #[boa(getter)]
    fn cf(&self, context: &mut Context) -> JsResult<JsValue> {
        if let Some(overrides) = &self.edge_cf {
            let host = crate::engine::Host::of(context);
            host.world.inputs.read(host.current.get(), crate::inputs::InputSource::Cf, "request.cf");
            if self.cf.borrow().is_none() {
                let made = edge_cf(overrides, context)?;
                *self.cf.borrow_mut() = Some(made);
            }
        }
        Ok(self.cf.borrow().clone().map_or(JsValue::undefined(), JsValue::from))
    }

    #[boa(getter)]
    fn signal(&self, context: &mut Context) -> JsResult<JsObject> {
        if let Some(signal) = self.given_signal() {
            return Ok(signal);
        }
        let controller = crate::host::web::exports(crate::host::web::WebModule::Events, context)?
            .get(js_string!("AbortController"), context)?;
        let controller = controller
            .as_constructor()
            .ok_or_else(|| js_error!(TypeError: "no AbortController"))?
            .construct(&[], None, context)?;
        let signal = controller
            .get(js_string!("signal"), context)?
            .as_object()
            .ok_or_else(|| js_error!(TypeError: "AbortController made no signal"))?;
        *self.signal.borrow_mut() = Some(signal.clone());
        Ok(signal)
    }

    fn text(&self, context: &mut Context) -> JsPromise {
        self.read(ReadAs::Text, context)
    }

    #[boa(rename = "json")]
    fn read_json(&self, context: &mut Context) -> JsPromise {
        self.read(ReadAs::Json, context)
    }

    fn array_buffer(&self, context: &mut Context) -> JsPromise {
        self.read(ReadAs::ArrayBuffer, context)
    }

    fn bytes(&self, context: &mut Context) -> JsPromise {
        self.read(ReadAs::Bytes, context)
    }

    fn blob(&self, context: &mut Context) -> JsPromise {
        body::read_blob(&self.body, &self.headers, context)
    }

    fn form_data(&self, context: &mut Context) -> JsPromise {
        body::read_form_data(&self.body, &self.headers, context)
    }

    #[boa(rename = "clone")]
    fn clone_request(&self, context: &mut Context) -> JsResult<JsObject> {
        let body = self.body.tee(context)?;
        let request = Self {
            url: self.url.clone(),
            method: self.method.clone(),
            headers: headers::to_object_guarded(
                headers::copy(&self.headers),
                headers::guard_of(&self.headers),
                context,
            )?,
            body,
            redirect: self.redirect.clone(),
            signal: boa_gc::GcRefCell::new(self.given_signal()),
            cf: boa_gc::GcRefCell::new(self.cf.borrow().clone()),
            edge_cf: self.edge_cf.clone(),
            cache: self.cache,
            // A clone of a received request has a fetcher of its own (workerd 1.20261117).
            fetcher: self.fetcher.as_ref().map(|_| boa_gc::GcRefCell::new(None)),
        };
        <Self as boa_engine::class::Class>::from_data(request, context)
    }
}
