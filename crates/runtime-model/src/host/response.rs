//! The `Response` class (Fetch standard), with an in-memory body.
//!
//! A response made by `fetch()` carries the id of the request that owns it (R8); the
//! subrequest module sets it. Responses the worker constructs belong to no request.

use boa_engine::class::Class;
use boa_engine::gc::GcRefCell;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, Finalize, JsData, JsObject, JsResult, JsValue, Trace, boa_class, js_error, js_string};
use std::collections::VecDeque;
use std::rc::Rc;

use crate::engine::Host;
use crate::host::body::{self, ReadAs};
use crate::host::headers;
use crate::host::stream::{BodyState, WaiterKind};
use crate::model::OriginSpec;

#[derive(Trace, Finalize, JsData)]
pub(crate) struct Response {
    #[unsafe_ignore_trace]
    pub status: u16,
    #[unsafe_ignore_trace]
    pub status_text: String,
    pub headers: JsObject,
    /// The body's id in the host's body table (`None`: a null body).
    #[unsafe_ignore_trace]
    pub body: Option<u64>,
    /// The `ReadableStream` handed out by the `body` getter, made on first use.
    pub stream: GcRefCell<Option<JsObject>>,
    #[unsafe_ignore_trace]
    pub url: String,
    #[unsafe_ignore_trace]
    pub redirected: bool,
}

/// Registers an in-memory body (built by the worker, owned by no request).
pub(crate) fn memory_body(bytes: Option<Rc<Vec<u8>>>, context: &mut Context) -> Option<u64> {
    let bytes = bytes?;
    let host = Host::of(context);
    let mut buffered = VecDeque::new();
    if !bytes.is_empty() {
        buffered.push_back(bytes.to_vec());
    }
    Some(host.get::<crate::host::stream::Bodies>().insert(BodyState {
        owner: None,
        subrequest: None,
        full: bytes,
        buffered,
        complete: true,
        disturbed: false,
        finished: false,
        error: None,
        waiters: VecDeque::new(),
    }))
}

fn is_null_body_status(status: u16) -> bool {
    matches!(status, 101 | 103 | 204 | 205 | 304)
}

impl Response {
    /// Builds a response from a body and a `ResponseInit`-like object.
    pub(crate) fn from_init(
        body_init: Option<&JsValue>,
        init: Option<&JsValue>,
        context: &mut Context,
    ) -> JsResult<Self> {
        let init = init.filter(|v| !v.is_null_or_undefined()).and_then(JsValue::as_object);
        let mut status = 200u16;
        let mut status_text = String::new();
        let mut headers_value = JsValue::undefined();
        if let Some(init) = &init {
            let s = init.get(js_string!("status"), context)?;
            if !s.is_undefined() {
                let n = s.to_number(context)?;
                if !(200.0..=599.0).contains(&n) || n.fract() != 0.0 {
                    return Err(
                        js_error!(RangeError: "Responses may only be constructed with status codes in the range 200 to 599, inclusive."),
                    );
                }
                status = n as u16;
            }
            let t = init.get(js_string!("statusText"), context)?;
            if !t.is_undefined() {
                status_text = t.to_string(context)?.to_std_string_escaped();
            }
            headers_value = init.get(js_string!("headers"), context)?;
        }
        let extracted = body::extract(body_init, context)?;
        if extracted.bytes.is_some() && is_null_body_status(status) {
            return Err(js_error!(TypeError: "Response with null body status ({}) cannot have a body.", status));
        }
        let headers = headers::from_init(&headers_value, context)?;
        if let Some(content_type) = extracted.content_type {
            headers::set_default(&headers, "content-type", content_type);
        }
        let headers = headers::to_object(headers, context)?;
        let body = memory_body(extracted.bytes, context);
        Ok(Self::with(status, status_text, headers, body, String::new()))
    }

    fn with(status: u16, status_text: String, headers: JsObject, body: Option<u64>, url: String) -> Self {
        Self { status, status_text, headers, body, stream: GcRefCell::new(None), url, redirected: false }
    }

    /// The response of a subrequest whose headers arrived (R9); `body` streams in.
    pub(crate) fn received(origin: &OriginSpec, url: &str, body: u64, context: &mut Context) -> JsResult<JsObject> {
        let list = headers::from_pairs(&origin.headers);
        let status_text =
            http::StatusCode::from_u16(origin.status).ok().and_then(|s| s.canonical_reason()).unwrap_or("").to_string();
        let headers = headers::to_object(list, context)?;
        let body = (!is_null_body_status(origin.status)).then_some(body);
        Self::from_data(Self::with(origin.status, status_text, headers, body, url.to_string()), context)
    }

    fn read(&self, read_as: ReadAs, context: &mut Context) -> JsPromise {
        match self.body {
            Some(id) => crate::host::stream::read(&Host::of(context), id, WaiterKind::All(read_as), context),
            None => body::read_now(None, read_as, context),
        }
    }
}

#[boa_class(rename = "Response")]
#[boa(rename_all = "camelCase")]
impl Response {
    #[boa(constructor)]
    fn constructor(body: Option<JsValue>, init: Option<JsValue>, context: &mut Context) -> JsResult<Self> {
        Self::from_init(body.as_ref(), init.as_ref(), context)
    }

    #[boa(static)]
    fn json(data: JsValue, init: Option<JsValue>, context: &mut Context) -> JsResult<JsObject> {
        let text = body::stringify(data, context)?;
        if text.is_undefined() {
            return Err(js_error!(TypeError: "The data is not JSON serializable."));
        }
        let response = Self::from_init(Some(&text), init.as_ref(), context)?;
        let map = headers::map_of(&response.headers);
        if let Some(map) = map {
            map.borrow_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        }
        Self::from_data(response, context)
    }

    #[boa(static)]
    fn redirect(url: JsValue, status: Option<u16>, context: &mut Context) -> JsResult<JsObject> {
        let status = status.unwrap_or(302);
        if !matches!(status, 301 | 302 | 303 | 307 | 308) {
            return Err(js_error!(RangeError: "Invalid redirect status: {}", status));
        }
        let location = url.to_string(context)?.to_std_string_escaped();
        let map = headers::HeaderList::default();
        headers::set_default(&map, "location", &location);
        let headers = headers::to_object(map, context)?;
        let response = Self::with(status, String::new(), headers, None, String::new());
        Self::from_data(response, context)
    }

    #[boa(static)]
    #[boa(rename = "error")]
    fn network_error(context: &mut Context) -> JsResult<JsObject> {
        let headers = headers::to_object(headers::HeaderList::default(), context)?;
        let response = Self::with(0, String::new(), headers, None, String::new());
        Self::from_data(response, context)
    }

    #[boa(getter)]
    fn status(&self) -> u16 {
        self.status
    }

    #[boa(getter)]
    fn ok(&self) -> bool {
        (200..=299).contains(&self.status)
    }

    #[boa(getter)]
    fn status_text(&self) -> JsValue {
        js_string!(self.status_text.as_str()).into()
    }

    #[boa(getter)]
    fn headers(&self) -> JsObject {
        self.headers.clone()
    }

    #[boa(getter)]
    fn url(&self) -> JsValue {
        js_string!(self.url.as_str()).into()
    }

    #[boa(getter)]
    fn redirected(&self) -> bool {
        self.redirected
    }

    #[boa(getter)]
    #[boa(rename = "type")]
    fn kind(&self) -> JsValue {
        js_string!(if self.status == 0 { "error" } else { "default" }).into()
    }

    #[boa(getter)]
    fn body_used(&self, context: &mut Context) -> bool {
        self.body.is_some_and(|id| {
            Host::of(context).get::<crate::host::stream::Bodies>().borrow().get(&id).is_some_and(|b| b.disturbed)
        })
    }

    #[boa(getter)]
    fn body(&self, context: &mut Context) -> JsResult<JsValue> {
        let Some(id) = self.body else { return Ok(JsValue::null()) };
        if let Some(stream) = self.stream.borrow().as_ref() {
            return Ok(stream.clone().into());
        }
        let stream =
            crate::host::stream::ReadableStream::from_data(crate::host::stream::ReadableStream { body: id }, context)?;
        *self.stream.borrow_mut() = Some(stream.clone());
        Ok(stream.into())
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

    #[boa(rename = "clone")]
    fn clone_response(&self, context: &mut Context) -> JsResult<JsObject> {
        let host = Host::of(context);
        let full = match self.body {
            Some(id) => {
                let bodies = host.get::<crate::host::stream::Bodies>();
                let bodies = bodies.borrow();
                let body = bodies.get(&id);
                if body.is_some_and(|b| b.disturbed) {
                    return Err(
                        js_error!(TypeError: "Body has already been used. It can only be used once. Use tee() first if you need to read it twice."),
                    );
                }
                body.map(|b| b.full.clone())
            }
            None => None,
        };
        let copy = headers::copy(&self.headers);
        let headers = headers::to_object(copy, context)?;
        // The copy is a fully buffered tee of the original (it does not hold a slot).
        let body = memory_body(full, context);
        let mut response = Self::with(self.status, self.status_text.clone(), headers, body, self.url.clone());
        response.redirected = self.redirected;
        Self::from_data(response, context)
    }
}

/// What the runtime sends back for a response: status, headers (sorted) and body text,
/// and the subrequest whose body it streams, if any.
pub(crate) struct Sent {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub subrequest: Option<(u32, u32)>,
}

/// Reads a `Response` object back from a JS value, or `None` if it is not one.
pub(crate) fn sent(host: &Host, value: &JsValue) -> Option<Sent> {
    let object = value.as_object()?;
    let response = object.downcast_ref::<Response>()?;
    let bodies = host.get::<crate::host::stream::Bodies>();
    let bodies = bodies.borrow();
    let body = response.body.and_then(|id| bodies.get(&id));
    Some(Sent {
        status: response.status,
        headers: headers::sorted(&response.headers),
        body: body.map(|b| String::from_utf8_lossy(&b.full).into_owned()),
        subrequest: body.and_then(|b| b.subrequest),
    })
}
