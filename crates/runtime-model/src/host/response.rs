//! The `Response` class (Fetch standard), with an in-memory body.
//!
//! A response made by `fetch()` carries the id of the request that owns it (R8); the
//! subrequest module sets it. Responses the worker constructs belong to no request.

use boa_engine::class::Class;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsValue, NativeFunction, Trace, boa_class, js_error, js_string,
};

use crate::engine::Host;
use crate::host::body::{self, Body, Init, ReadAs};
use crate::host::headers;
use crate::host::web::{self, WebModule};
use crate::model::OriginSpec;

#[derive(Trace, Finalize, JsData)]
pub(crate) struct Response {
    #[unsafe_ignore_trace]
    pub status: u16,
    #[unsafe_ignore_trace]
    pub status_text: String,
    pub headers: JsObject,
    pub body: Body,
    #[unsafe_ignore_trace]
    pub url: String,
    #[unsafe_ignore_trace]
    pub redirected: bool,
    /// A 101 response's WebSocket: the end of a pair the worker hands to the client (R21).
    pub web_socket: Option<JsObject>,
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
        let mut web_socket = None;
        if let Some(init) = &init {
            let socket = init.get(js_string!("webSocket"), context)?;
            if !socket.is_null_or_undefined() {
                if crate::host::websocket::end_of(&socket, context)?.is_none() {
                    return Err(
                        js_error!(TypeError: "Failed to construct 'Response': member webSocket is not of type 'WebSocket'."),
                    );
                }
                web_socket = socket.as_object();
            }
            let s = init.get(js_string!("status"), context)?;
            if !s.is_undefined() {
                let n = s.to_number(context)?;
                if n.fract() != 0.0 || !(0.0..=999.0).contains(&n) {
                    return Err(
                        js_error!(RangeError: "Responses may only be constructed with status codes in the range 200 to 599, inclusive."),
                    );
                }
                status = n as u16;
            }
            // workerd: a WebSocket makes 101 the only status, and 101 needs one.
            match web_socket {
                None if !(200..=599).contains(&status) => {
                    return Err(
                        js_error!(RangeError: "Responses may only be constructed with status codes in the range 200 to 599, inclusive."),
                    );
                }
                Some(_) if status != 101 => {
                    return Err(js_error!(RangeError: "Responses with a WebSocket must have status code 101."));
                }
                _ => {}
            }
            let t = init.get(js_string!("statusText"), context)?;
            if !t.is_undefined() {
                status_text = t.to_string(context)?.to_std_string_escaped();
                // Fetch: a reason-phrase is HTAB, SP, visible ASCII and obs-text only.
                let valid = status_text.chars().all(|c| {
                    c == '\t' || c == ' ' || ('\u{21}'..='\u{7e}').contains(&c) || ('\u{80}'..='\u{ff}').contains(&c)
                });
                if !valid {
                    return Err(js_error!(TypeError: "Invalid statusText"));
                }
            }
            headers_value = init.get(js_string!("headers"), context)?;
        }
        let extracted = body::extract(body_init, context)?;
        if !matches!(extracted.init, Init::Null) && is_null_body_status(status) {
            return Err(
                js_error!(TypeError: "Response with null body status (101, 204, 205, or 304) cannot have a body."),
            );
        }
        let headers = headers::from_init(&headers_value, context)?;
        if let Some(content_type) = &extracted.content_type {
            headers::set_default(&headers, "content-type", content_type);
        }
        let headers = headers::to_object(headers, context)?;
        let body = Body::constructed(extracted.init, context);
        let mut response = Self::with(status, status_text, headers, body, String::new());
        response.web_socket = web_socket;
        Ok(response)
    }

    fn with(status: u16, status_text: String, headers: JsObject, body: Body, url: String) -> Self {
        Self { status, status_text, headers, body, url, redirected: false, web_socket: None }
    }

    /// The response of a subrequest whose headers arrived (R9); `body` streams in. A
    /// Durable Object's (or a service's) 101 answer carries its WebSocket, `socket`.
    pub(crate) fn received(
        origin: &OriginSpec,
        url: &str,
        body: u64,
        socket: Option<crate::websocket::End>,
        context: &mut Context,
    ) -> JsResult<JsObject> {
        let list = headers::from_pairs(&origin.headers);
        let status_text =
            http::StatusCode::from_u16(origin.status).ok().and_then(|s| s.canonical_reason()).unwrap_or("").to_string();
        // workerd: the headers of a fetched response cannot be changed.
        let headers = headers::to_object_guarded(list, headers::Guard::Immutable, context)?;
        let body = if is_null_body_status(origin.status) { Body::null() } else { Body::host(body) };
        let mut response = Self::with(origin.status, status_text, headers, body, url.to_string());
        if let Some(end) = socket {
            response.web_socket = crate::host::websocket::received(end, context)?.as_object();
        }
        Self::from_data(response, context)
    }

    fn read(&self, read_as: ReadAs, context: &mut Context) -> JsPromise {
        self.body.read(read_as, context)
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
        // The body's type, unless `init` names a Content-Type (Fetch: "initialize a
        // response" sets it only when the headers lack one).
        let named = match init.as_ref().and_then(JsValue::as_object) {
            Some(init) => {
                let given = init.get(js_string!("headers"), context)?;
                headers::from_init(&given, context)?.borrow().contains_key(http::header::CONTENT_TYPE)
            }
            None => false,
        };
        let response = Self::from_init(Some(&text), init.as_ref(), context)?;
        let map = headers::map_of(&response.headers);
        if let Some(map) = map.filter(|_| !named) {
            map.borrow_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        }
        Self::from_data(response, context)
    }

    #[boa(static)]
    fn redirect(url: JsValue, status: Option<u16>, context: &mut Context) -> JsResult<JsObject> {
        let status = status.unwrap_or(302);
        if !matches!(status, 301 | 302 | 303 | 307 | 308) {
            return Err(
                js_error!(RangeError: "{} is not a redirect status code. It must be one of: 301, 302, 303, 307, or 308.", status),
            );
        }
        // Parsed and serialised; workers have no base URL, so a relative one fails too
        // (workerd 1.20261117's text).
        let input = url.to_string(context)?.to_std_string_escaped();
        let location = crate::host::url::parse_absolute(&input)
            .ok_or_else(|| js_error!(TypeError: "Unable to parse URL: {}", input))?;
        let map = headers::HeaderList::default();
        headers::set_default(&map, "location", &location);
        let headers = headers::to_object_guarded(map, headers::Guard::Immutable, context)?;
        let response = Self::with(status, String::new(), headers, Body::null(), String::new());
        Self::from_data(response, context)
    }

    #[boa(static)]
    #[boa(rename = "error")]
    fn network_error(context: &mut Context) -> JsResult<JsObject> {
        let headers = headers::to_object(headers::HeaderList::default(), context)?;
        let response = Self::with(0, String::new(), headers, Body::null(), String::new());
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

    /// The WebSocket a 101 response hands over (`null` for every other response).
    #[boa(getter)]
    fn web_socket(&self) -> JsValue {
        self.web_socket.clone().map_or(JsValue::null(), JsValue::from)
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
    fn body_used(&self, context: &mut Context) -> JsResult<bool> {
        self.body.used(context)
    }

    #[boa(getter)]
    fn body(&self, context: &mut Context) -> JsResult<JsValue> {
        self.body.stream(context)
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
    fn clone_response(&self, context: &mut Context) -> JsResult<JsObject> {
        if self.web_socket.is_some() {
            return Err(js_error!(TypeError: "Cannot clone a response to a WebSocket handshake."));
        }
        let body = self.body.tee(context)?;
        let guard = headers::guard_of(&self.headers);
        let headers = headers::to_object_guarded(headers::copy(&self.headers), guard, context)?;
        let mut response = Self::with(self.status, self.status_text.clone(), headers, body, self.url.clone());
        response.redirected = self.redirected;
        Self::from_data(response, context)
    }
}

/// Whether `value` is a `Response` whose body is the worker's own stream.
pub(crate) fn streams_own_body(value: &JsValue) -> bool {
    value.as_object().and_then(|o| o.downcast_ref::<Response>().map(|r| r.body.js_stream().is_some())).unwrap_or(false)
}

/// A response whose body is the worker's own stream is sent once that stream is done
/// (workerd keeps the request open until then): a promise of the same response with its
/// body read into memory. Reactions registered here belong to the running owner.
pub(crate) fn drain(value: &JsValue, context: &mut Context) -> JsResult<JsPromise> {
    let object = value.as_object().ok_or_else(|| js_error!(TypeError: "not a Response"))?;
    let stream = object.downcast_ref::<Response>().and_then(|r| r.body.js_stream());
    let stream = stream.ok_or_else(|| js_error!(TypeError: "not a streamed Response"))?;
    let all = web::call(WebModule::Streams, "readAll", &[stream.into()], context)?;
    let all = all.as_object().and_then(|o| JsPromise::from_object(o.clone()).ok());
    let all = all.ok_or_else(|| js_error!(TypeError: "readAll returned no promise"))?;
    let rebuild = NativeFunction::from_copy_closure_with_captures(
        |_, args, original: &JsObject, context| {
            let bytes = body::uint8_bytes(&args.first().cloned().unwrap_or_default(), context)?;
            let (status, status_text, headers, url) = {
                let r = original.downcast_ref::<Response>().expect("captured a Response");
                (r.status, r.status_text.clone(), r.headers.clone(), r.url.clone())
            };
            let body = Body::from_init(Init::Bytes(std::rc::Rc::new(bytes)), None, context);
            Response::from_data(Response::with(status, status_text, headers, body, url), context).map(Into::into)
        },
        object.clone(),
    )
    .to_js_function(context.realm());
    all.then(Some(rebuild), None, context)
}

/// What the runtime sends back for a response: status, headers (sorted) and body text,
/// and the subrequest whose body it streams, if any.
pub(crate) struct Sent {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub subrequest: Option<(u32, u32)>,
    /// The request whose I/O object the body is (R8), if any.
    pub owner: Option<u32>,
    /// A 101 response's WebSocket, as a `JsObject` still to release to the client.
    pub web_socket: Option<JsObject>,
}

/// Reads a `Response` object back from a JS value, or `None` if it is not one.
pub(crate) fn sent(host: &Host, value: &JsValue) -> Option<Sent> {
    let object = value.as_object()?;
    let response = object.downcast_ref::<Response>()?;
    let body = response.body.host_id().and_then(|id| {
        host.get::<crate::host::stream::Bodies>()
            .with(id, |b| (String::from_utf8_lossy(&b.full).into_owned(), b.subrequest, b.owner))
    });
    let (body, subrequest, owner) = match body {
        Some((text, subrequest, owner)) => (Some(text), subrequest, owner),
        None => (None, None, None),
    };
    Some(Sent {
        status: response.status,
        headers: headers::sorted(&response.headers),
        body,
        subrequest,
        owner,
        web_socket: response.web_socket.clone(),
    })
}
