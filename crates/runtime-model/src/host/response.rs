//! The `Response` class (Fetch standard), with an in-memory body.
//!
//! A response made by `fetch()` carries the id of the request that owns it (R8); the
//! subrequest module sets it. Responses the worker constructs belong to no request.

use boa_engine::class::Class;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, Finalize, JsData, JsObject, JsResult, JsValue, Trace, boa_class, js_error, js_string};
use std::cell::Cell;
use std::rc::Rc;

use crate::host::body::{self, ReadAs};
use crate::host::headers;

#[derive(Trace, Finalize, JsData)]
pub(crate) struct Response {
    #[unsafe_ignore_trace]
    pub status: u16,
    #[unsafe_ignore_trace]
    pub status_text: String,
    pub headers: JsObject,
    #[unsafe_ignore_trace]
    pub body: Option<Rc<Vec<u8>>>,
    #[unsafe_ignore_trace]
    pub body_used: Cell<bool>,
    #[unsafe_ignore_trace]
    pub url: String,
    #[unsafe_ignore_trace]
    pub redirected: bool,
}

fn is_null_body_status(status: u16) -> bool {
    matches!(status, 101 | 103 | 204 | 205 | 304)
}

impl Response {
    /// Builds a response from a body and a `ResponseInit`-like object.
    pub(crate) fn from_init(body_init: Option<&JsValue>, init: Option<&JsValue>, context: &mut Context) -> JsResult<Self> {
        let init = init.filter(|v| !v.is_null_or_undefined()).and_then(JsValue::as_object);
        let mut status = 200u16;
        let mut status_text = String::new();
        let mut headers_value = JsValue::undefined();
        if let Some(init) = &init {
            let s = init.get(js_string!("status"), context)?;
            if !s.is_undefined() {
                let n = s.to_number(context)?;
                if !(200.0..=599.0).contains(&n) || n.fract() != 0.0 {
                    return Err(js_error!(RangeError: "Responses may only be constructed with status codes in the range 200 to 599, inclusive."));
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
        Ok(Self {
            status,
            status_text,
            headers: headers::to_object(headers, context)?,
            body: extracted.bytes,
            body_used: Cell::new(false),
            url: String::new(),
            redirected: false,
        })
    }

    fn read(&self, read_as: ReadAs, context: &mut Context) -> JsPromise {
        if self.body_used.get() {
            return body::rejected(body::used_error(), context);
        }
        if self.body.is_some() {
            self.body_used.set(true);
        }
        body::read_now(self.body.as_deref().map(|b| b.as_slice()), read_as, context)
    }

    /// The body as text, for outcomes and reports.
    pub(crate) fn body_text(&self) -> Option<String> {
        self.body.as_ref().map(|b| String::from_utf8_lossy(b).into_owned())
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
        let json = context.intrinsics().objects().json();
        let stringify = json.get(js_string!("stringify"), context)?;
        let text = stringify
            .as_callable()
            .ok_or_else(|| js_error!(TypeError: "JSON.stringify missing"))?
            .call(&json.into(), &[data], context)?;
        if text.is_undefined() {
            return Err(js_error!(TypeError: "The data is not JSON serializable."));
        }
        let response = Self::from_init(Some(&text), init.as_ref(), context)?;
        let map = headers::map_of(&response.headers);
        if let Some(map) = map {
            map.borrow_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
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
        let response = Self {
            status,
            status_text: String::new(),
            headers: headers::to_object(map, context)?,
            body: None,
            body_used: Cell::new(false),
            url: String::new(),
            redirected: false,
        };
        Self::from_data(response, context)
    }

    #[boa(static)]
    #[boa(rename = "error")]
    fn network_error(context: &mut Context) -> JsResult<JsObject> {
        let response = Self {
            status: 0,
            status_text: String::new(),
            headers: headers::to_object(headers::HeaderList::default(), context)?,
            body: None,
            body_used: Cell::new(false),
            url: String::new(),
            redirected: false,
        };
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
    fn body_used(&self) -> bool {
        self.body_used.get()
    }

    #[boa(getter)]
    fn body(&self) -> JsValue {
        // Streams arrive with subrequests (R9); until then a body is readable only
        // through text()/json()/arrayBuffer().
        JsValue::null()
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
        if self.body_used.get() {
            return Err(js_error!(TypeError: "Body has already been used. It can only be used once. Use tee() first if you need to read it twice."));
        }
        let copy = headers::copy(&self.headers);
        let response = Self {
            status: self.status,
            status_text: self.status_text.clone(),
            headers: headers::to_object(copy, context)?,
            body: self.body.clone(),
            body_used: Cell::new(false),
            url: self.url.clone(),
            redirected: self.redirected,
        };
        Self::from_data(response, context)
    }
}

/// What the runtime sends back for a response: status, headers (sorted) and body text.
pub(crate) struct Sent {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// Reads a `Response` object back from a JS value, or `None` if it is not one.
pub(crate) fn sent(value: &JsValue) -> Option<Sent> {
    let object = value.as_object()?;
    let response = object.downcast_ref::<Response>()?;
    Some(Sent {
        status: response.status,
        headers: headers::sorted(&response.headers),
        body: response.body_text(),
    })
}
