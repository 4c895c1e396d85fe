//! Bodies of `Request` and `Response`: extracting a `BodyInit`, the one [`Body`] both
//! classes hold, and the read methods (`text`, `json`, `arrayBuffer`, …) they share.

use boa_engine::gc::GcRefCell;
use boa_engine::object::builtins::{JsArrayBuffer, JsDataView, JsPromise, JsTypedArray, JsUint8Array};
use boa_engine::{
    Context, Finalize, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, Trace, js_error,
    js_string,
};
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

use crate::engine::Host;
use crate::host::stream::{BodyState, WaiterKind};
use crate::host::web::{self, WebModule};

/// A body and the content type its kind implies.
pub(crate) struct Extracted {
    pub init: Init,
    pub content_type: Option<String>,
}

impl Extracted {
    fn bytes(bytes: Vec<u8>, content_type: Option<&str>) -> Self {
        Self { init: Init::Bytes(Rc::new(bytes)), content_type: content_type.map(str::to_string) }
    }
}

/// Fetch's "extract a body": strings, `ArrayBuffer` and views, `URLSearchParams`,
/// `Blob`, `FormData` (multipart, with its boundary) and `ReadableStream`.
pub(crate) fn extract(value: Option<&JsValue>, context: &mut Context) -> JsResult<Extracted> {
    let Some(value) = value.filter(|v| !v.is_null_or_undefined()) else {
        return Ok(Extracted { init: Init::Null, content_type: None });
    };
    if let Some(s) = value.as_string() {
        // USVString: a lone surrogate becomes U+FFFD, as UTF-8 encoding requires.
        let bytes = s.to_std_string_lossy().into_bytes();
        return Ok(Extracted::bytes(bytes, Some("text/plain;charset=UTF-8")));
    }
    if let Some(object) = value.as_object() {
        if let Ok(buffer) = JsArrayBuffer::from_object(object.clone()) {
            let bytes = buffer.data().map(|d| d.to_vec()).unwrap_or_default();
            return Ok(Extracted::bytes(bytes, None));
        }
        if let Ok(view) = JsTypedArray::from_object(object.clone()) {
            let offset = view.byte_offset(context)?;
            let length = view.byte_length(context)?;
            let buffer = view.buffer(context)?;
            return Ok(Extracted::bytes(buffer_slice(&buffer, offset, length), None));
        }
        if let Ok(view) = JsDataView::from_object(object.clone()) {
            let offset = view.byte_offset(context)? as usize;
            let length = view.byte_length(context)? as usize;
            let buffer = view.buffer(context)?;
            return Ok(Extracted::bytes(buffer_slice(&buffer, offset, length), None));
        }
        if let Some(params) = crate::host::url_search_params::serialize(&object) {
            return Ok(Extracted::bytes(params.into_bytes(), Some("application/x-www-form-urlencoded;charset=UTF-8")));
        }
        // The Web modules' objects exist only once their module is loaded: a worker that
        // never touched them pays nothing here.
        if web::loaded(context, WebModule::Streams).is_some()
            && web::call(WebModule::Streams, "isReadableStream", std::slice::from_ref(value), context)?.to_boolean()
        {
            return extract_stream(&object, context);
        }
        if web::loaded(context, WebModule::Blob).is_some() {
            if web::call(WebModule::Blob, "isFormData", std::slice::from_ref(value), context)?.to_boolean() {
                let serialized = web::call(WebModule::Blob, "serializeFormData", std::slice::from_ref(value), context)?;
                let serialized = serialized.as_object().ok_or_else(|| js_error!(TypeError: "no form data"))?;
                let bytes = uint8_bytes(&serialized.get(js_string!("bytes"), context)?, context)?;
                let content_type = serialized.get(js_string!("contentType"), context)?.to_string(context)?;
                return Ok(Extracted {
                    init: Init::Bytes(Rc::new(bytes)),
                    content_type: Some(content_type.to_std_string_escaped()),
                });
            }
            if web::call(WebModule::Blob, "isBlob", std::slice::from_ref(value), context)?.to_boolean() {
                let bytes = web::call(WebModule::Blob, "bytesOf", std::slice::from_ref(value), context)?;
                let bytes = uint8_bytes(&bytes, context)?;
                let kind = object.get(js_string!("type"), context)?.to_string(context)?.to_std_string_escaped();
                let content_type = (!kind.is_empty()).then_some(kind);
                return Ok(Extracted { init: Init::Bytes(Rc::new(bytes)), content_type });
            }
        }
    }
    let text = value.to_string(context)?.to_std_string_lossy();
    Ok(Extracted::bytes(text.into_bytes(), Some("text/plain;charset=UTF-8")))
}

/// A `ReadableStream` as a body: an untouched stream over a host body hands the host
/// body over whole (chunk timing and R8 ownership stay the host's); any other stream is
/// read by JS. Either way the stream is locked from now on, as the standard says.
fn extract_stream(stream: &JsObject, context: &mut Context) -> JsResult<Extracted> {
    if web::call(WebModule::Streams, "isDisturbed", &[stream.clone().into()], context)?.to_boolean()
        || stream.get(js_string!("locked"), context)?.to_boolean()
    {
        return Err(
            js_error!(TypeError: "This ReadableStream is disturbed (has already been read from), and cannot be used as a body."),
        );
    }
    let source = web::call(WebModule::Streams, "hostSource", &[stream.clone().into()], context)?;
    let host_id = match source.as_object() {
        Some(source) => source.get(js_string!("id"), context)?.as_number().map(|n| n as u64),
        None => None,
    };
    match host_id {
        Some(id) => {
            let get_reader = stream.get(js_string!("getReader"), context)?;
            if let Some(get_reader) = get_reader.as_callable() {
                get_reader.call(&stream.clone().into(), &[], context)?;
            }
            Ok(Extracted { init: Init::Host(id), content_type: None })
        }
        None => Ok(Extracted { init: Init::Stream(stream.clone()), content_type: None }),
    }
}

/// The bytes of a `Uint8Array` a Web module handed back.
pub(crate) fn uint8_bytes(value: &JsValue, context: &mut Context) -> JsResult<Vec<u8>> {
    let object = value.as_object().ok_or_else(|| js_error!(TypeError: "expected a Uint8Array"))?;
    let array = JsUint8Array::from_object(object.clone())?;
    Ok(array.iter(context).collect())
}

fn buffer_slice(buffer: &JsValue, offset: usize, length: usize) -> Vec<u8> {
    buffer
        .as_object()
        .and_then(|o| JsArrayBuffer::from_object(o.clone()).ok())
        .and_then(|b| b.data().map(|d| d.get(offset..offset + length).map(<[u8]>::to_vec).unwrap_or_default()))
        .unwrap_or_default()
}

/// Locks `stream` to a reader nobody reads from: what a body read as a whole leaves.
fn lock(stream: &JsObject, context: &mut Context) -> JsResult<()> {
    let get_reader = stream.get(js_string!("getReader"), context)?;
    let get_reader =
        get_reader.as_callable().ok_or_else(|| js_error!(TypeError: "the body stream has no getReader"))?;
    get_reader.call(&stream.clone().into(), &[], context)?;
    Ok(())
}

/// The error reading a consumed body gives, as in workerd.
pub(crate) fn used_error() -> JsError {
    JsNativeError::typ()
        .with_message(
            "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.",
        )
        .into()
}

/// How a body is read.
#[derive(Clone, Copy)]
pub(crate) enum ReadAs {
    Text,
    Json,
    ArrayBuffer,
    Bytes,
}

/// Converts body bytes into what `text()`/`json()`/`arrayBuffer()` resolve to.
pub(crate) fn convert(bytes: &[u8], read_as: ReadAs, context: &mut Context) -> JsResult<JsValue> {
    // text() and json() decode as the Encoding standard's "UTF-8 decode": a leading byte
    // order mark is dropped.
    let text_bytes = || bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match read_as {
        ReadAs::Text => Ok(JsString::from(String::from_utf8_lossy(text_bytes()).as_ref()).into()),
        ReadAs::Json => {
            let text = JsString::from(String::from_utf8_lossy(text_bytes()).as_ref());
            let json = context.intrinsics().objects().json();
            let parse = json.get(js_string!("parse"), context)?;
            let parse = parse.as_callable().ok_or_else(|| JsNativeError::typ().with_message("JSON.parse missing"))?;
            parse.call(&json.into(), &[text.into()], context)
        }
        ReadAs::ArrayBuffer => {
            let array = JsUint8Array::from_iter(bytes.iter().copied(), context)?;
            array.buffer(context)
        }
        ReadAs::Bytes => Ok(JsUint8Array::from_iter(bytes.iter().copied(), context)?.into()),
    }
}

/// A promise for a body read that completes at once (an in-memory body).
pub(crate) fn read_now(bytes: Option<&[u8]>, read_as: ReadAs, context: &mut Context) -> JsPromise {
    let result = convert(bytes.unwrap_or_default(), read_as, context);
    let promise = match result.and_then(|value| JsPromise::resolve(value, context)) {
        Ok(promise) => promise,
        Err(error) => return rejected(error, context),
    };
    crate::provenance::tag_host(&crate::engine::Host::of(context), &promise, "a body read", context);
    promise
}

/// A promise already rejected with `error`.
pub(crate) fn rejected(error: JsError, context: &mut Context) -> JsPromise {
    let (promise, functions) = JsPromise::new_pending(context);
    crate::host::settle(&functions, Err(error), context);
    crate::provenance::tag_host(&crate::engine::Host::of(context), &promise, "a host API", context);
    promise
}

/// `JSON.stringify(value)` with the realm's intrinsic (user code may replace the global).
pub(crate) fn stringify(value: JsValue, context: &mut Context) -> JsResult<JsValue> {
    let json = context.intrinsics().objects().json();
    let stringify = json.get(js_string!("stringify"), context)?;
    let stringify =
        stringify.as_callable().ok_or_else(|| JsNativeError::typ().with_message("JSON.stringify missing"))?;
    stringify.call(&json.into(), &[value], context)
}

/// What a `BodyInit` becomes.
pub(crate) enum Init {
    Null,
    /// Bytes known now (strings, buffers, `URLSearchParams`, `Blob`, `FormData`).
    Bytes(Rc<Vec<u8>>),
    /// A host body taken over whole (an untouched `response.body` passed on).
    Host(u64),
    /// A stream of the worker's own (`new ReadableStream(…)`, a `TransformStream`'s side).
    Stream(JsObject),
}

impl Init {
    /// The bytes of the body when they are all known now: `None` for a JS stream.
    pub(crate) fn bytes_now(&self, context: &mut Context) -> Option<Vec<u8>> {
        match self {
            Init::Null => Some(Vec::new()),
            Init::Bytes(bytes) => Some(bytes.to_vec()),
            Init::Host(id) => {
                let host = Host::of(context);
                host.get::<crate::host::stream::Bodies>().with(*id, |b| b.complete.then(|| b.full.to_vec())).flatten()
            }
            Init::Stream(_) => None,
        }
    }
}

/// The body of a `Request` or `Response` (Fetch's "body"), shared by both classes: null,
/// a host body (in `Bodies`: bytes in memory or a subrequest's stream), or a JS stream.
#[derive(Trace, Finalize)]
pub(crate) struct Body {
    // invariant: `host` is set for a host body; then `stream` is the JS stream the
    // `body` getter made over it (or `None` before the first `body` read). For a JS
    // stream body `host` is `None` and `stream` is that stream. Both `None`: a null body.
    #[unsafe_ignore_trace]
    host: Cell<Option<u64>>,
    stream: GcRefCell<Option<JsObject>>,
}

impl Body {
    pub(crate) fn null() -> Self {
        Self { host: Cell::new(None), stream: GcRefCell::new(None) }
    }

    pub(crate) fn host(id: u64) -> Self {
        Self { host: Cell::new(Some(id)), stream: GcRefCell::new(None) }
    }

    /// The body an `Init` makes; in-memory bytes become a host body owned by `owner`.
    /// The body of a `Request` or `Response` the worker constructs: R8, a body of bytes
    /// is an I/O object of the request running the constructor (workerd 1.20261117:
    /// another request reading it, or answering with it, gets the foreign-I/O error),
    /// while a body that is the worker's own `ReadableStream` is not.
    pub(crate) fn constructed(init: Init, context: &mut Context) -> Self {
        let owner = match Host::of(context).current.get() {
            crate::trace::Owner::Request(id) => Some(id),
            crate::trace::Owner::Startup => None,
        };
        Self::from_init(init, owner, context)
    }

    pub(crate) fn from_init(init: Init, owner: Option<u32>, context: &mut Context) -> Self {
        match init {
            Init::Null => Self::null(),
            Init::Bytes(bytes) => Self::host(memory_body(bytes, owner, context)),
            Init::Host(id) => Self::host(id),
            Init::Stream(stream) => Self { host: Cell::new(None), stream: GcRefCell::new(Some(stream)) },
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        self.host.get().is_none() && self.stream.borrow().is_none()
    }

    /// The host body's id, when the body is one.
    pub(crate) fn host_id(&self) -> Option<u64> {
        self.host.get()
    }

    /// The worker's own stream, when the body is one (not a host body).
    pub(crate) fn js_stream(&self) -> Option<JsObject> {
        if self.host.get().is_some() { None } else { self.stream.borrow().clone() }
    }

    /// The `body` attribute: `null` or a `ReadableStream` (made once, over a host body).
    pub(crate) fn stream(&self, context: &mut Context) -> JsResult<JsValue> {
        if let Some(stream) = self.stream.borrow().as_ref() {
            return Ok(stream.clone().into());
        }
        let Some(id) = self.host.get() else { return Ok(JsValue::null()) };
        let source = crate::host::stream::source_object(id, context);
        let stream = web::call(WebModule::Streams, "fromSource", &[source.into()], context)?;
        let stream = stream.as_object().ok_or_else(|| js_error!(TypeError: "fromSource made no stream"))?;
        *self.stream.borrow_mut() = Some(stream.clone());
        if self.used(context)? {
            // Read as a whole already: the stream that did it keeps its reader (Fetch's
            // "fully read"), so the stream JS sees now is locked, as in workerd.
            lock(&stream, context)?;
        }
        Ok(stream.into())
    }

    /// `bodyUsed`: the body was read (or its stream disturbed).
    pub(crate) fn used(&self, context: &mut Context) -> JsResult<bool> {
        if let Some(id) = self.host.get() {
            let host = Host::of(context);
            return Ok(host.get::<crate::host::stream::Bodies>().with(id, |b| b.disturbed) == Some(true));
        }
        match self.js_stream() {
            Some(stream) => Ok(web::call(WebModule::Streams, "isDisturbed", &[stream.into()], context)?.to_boolean()),
            None => Ok(false),
        }
    }

    /// `text()`, `json()`, `arrayBuffer()`, `bytes()`: the whole body.
    pub(crate) fn read(&self, read_as: ReadAs, context: &mut Context) -> JsPromise {
        match self.read_inner(read_as, context) {
            Ok(promise) => promise,
            Err(error) => rejected(error, context),
        }
    }

    fn read_inner(&self, read_as: ReadAs, context: &mut Context) -> JsResult<JsPromise> {
        if self.used(context)? {
            return Err(used_error());
        }
        // A body whose stream JS has locked (`body.getReader()`) cannot be read as a whole.
        let stream = self.stream.borrow().clone();
        if let Some(stream) = &stream
            && stream.get(js_string!("locked"), context)?.to_boolean()
        {
            return Err(js_error!(TypeError: "This ReadableStream is currently locked to a reader."));
        }
        if let Some(id) = self.host.get() {
            if let Some(stream) = &stream {
                // JS holds this body's stream: reading the body as a whole locks it.
                lock(stream, context)?;
            }
            return Ok(crate::host::stream::read(&Host::of(context), id, WaiterKind::All(read_as), context));
        }
        let Some(stream) = self.js_stream() else { return Ok(read_now(None, read_as, context)) };
        if self.used(context)? {
            return Err(used_error());
        }
        let all = web::call(WebModule::Streams, "readAll", &[stream.into()], context)?;
        let all = all.as_object().and_then(|o| JsPromise::from_object(o.clone()).ok());
        let all = all.ok_or_else(|| js_error!(TypeError: "readAll returned no promise"))?;
        let convert = NativeFunction::from_copy_closure_with_captures(
            |_, args, read_as: &ReadAsCapture, context| {
                let bytes = args.first().and_then(JsValue::as_object);
                let bytes = bytes.map(|b| JsUint8Array::from_object(b.clone())).transpose()?;
                let bytes: Vec<u8> = bytes.map(|b| b.iter(context).collect()).unwrap_or_default();
                convert(&bytes, read_as.0, context)
            },
            ReadAsCapture(read_as),
        )
        .to_js_function(context.realm());
        all.then(Some(convert), None, context)
    }

    /// `clone()`: a second body with the same bytes. A host body is copied whole (it does
    /// not hold a subrequest slot); a JS stream is teed, this body keeping one branch.
    pub(crate) fn tee(&self, context: &mut Context) -> JsResult<Body> {
        if self.used(context)? {
            return Err(used_error());
        }
        if let Some(id) = self.host.get() {
            let host = Host::of(context);
            let found = host.get::<crate::host::stream::Bodies>().with(id, |b| (b.full.clone(), b.owner));
            // The copy is the same request's I/O object as the original (R8).
            return Ok(match found {
                Some((full, owner)) => Body::host(memory_body(full, owner, context)),
                None => Body::null(),
            });
        }
        let Some(stream) = self.js_stream() else { return Ok(Body::null()) };
        let tee = stream.get(js_string!("tee"), context)?;
        let branches = tee.as_callable().ok_or_else(|| js_error!(TypeError: "stream.tee is not a function"))?.call(
            &stream.into(),
            &[],
            context,
        )?;
        let branches = branches.as_object().ok_or_else(|| js_error!(TypeError: "tee() returned no pair"))?;
        let first = branches.get(0, context)?.as_object().ok_or_else(|| js_error!(TypeError: "no branch"))?;
        let second = branches.get(1, context)?.as_object().ok_or_else(|| js_error!(TypeError: "no branch"))?;
        *self.stream.borrow_mut() = Some(first);
        Ok(Body::from_init(Init::Stream(second), None, context))
    }
}

/// A `ReadAs` captured by a native closure (plain data: nothing to trace).
#[derive(Clone, Trace, Finalize)]
struct ReadAsCapture(#[unsafe_ignore_trace] ReadAs);

/// Registers an in-memory body owned by `owner` (R8) or by no request.
pub(crate) fn memory_body(bytes: Rc<Vec<u8>>, owner: Option<u32>, context: &mut Context) -> u64 {
    let host = Host::of(context);
    let mut buffered = VecDeque::new();
    if !bytes.is_empty() {
        buffered.push_back(bytes.to_vec());
    }
    host.get::<crate::host::stream::Bodies>().insert(BodyState {
        owner,
        subrequest: None,
        full: bytes,
        buffered,
        complete: true,
        disturbed: false,
        finished: false,
        error: None,
        waiters: VecDeque::new(),
    })
}

/// The `content-type` of a `Headers` object, or "".
fn content_type_of(headers: &JsObject) -> String {
    let list = crate::host::headers::map_of(headers);
    let value = list.and_then(|l| l.borrow().get(http::header::CONTENT_TYPE).map(|v| v.as_bytes().to_vec()));
    value.map(|v| String::from_utf8_lossy(&v).into_owned()).unwrap_or_default()
}

/// Reads the whole body as bytes, then hands them and the content type to `finish`.
fn read_then(
    body: &Body,
    headers: &JsObject,
    finish: fn(Vec<u8>, JsString, &mut Context) -> JsResult<JsValue>,
    context: &mut Context,
) -> JsPromise {
    let content_type = JsString::from(content_type_of(headers));
    let bytes = body.read(ReadAs::Bytes, context);
    let then = NativeFunction::from_copy_closure_with_captures(
        |_, args, (content_type, finish): &(JsString, FinishCapture), context| {
            let bytes = uint8_bytes(&args.first().cloned().unwrap_or_default(), context)?;
            (finish.0)(bytes, content_type.clone(), context)
        },
        (content_type, FinishCapture(finish)),
    )
    .to_js_function(context.realm());
    match bytes.then(Some(then), None, context) {
        Ok(promise) => promise,
        Err(error) => rejected(error, context),
    }
}

/// A plain function pointer captured by a native closure (nothing to trace).
#[derive(Clone, Trace, Finalize)]
struct FinishCapture(#[unsafe_ignore_trace] fn(Vec<u8>, JsString, &mut Context) -> JsResult<JsValue>);

/// `blob()`: a `Blob` of the body's bytes whose type is the `content-type`.
pub(crate) fn read_blob(body: &Body, headers: &JsObject, context: &mut Context) -> JsPromise {
    read_then(
        body,
        headers,
        |bytes, content_type, context| {
            let blob = web::exports(WebModule::Blob, context)?.get(js_string!("Blob"), context)?;
            let blob = blob.as_constructor().ok_or_else(|| js_error!(TypeError: "Blob is not a constructor"))?;
            let bytes = JsUint8Array::from_iter(bytes, context)?;
            let parts = boa_engine::object::builtins::JsArray::from_iter([bytes.into()], context);
            let options = boa_engine::object::ObjectInitializer::new(context)
                .property(js_string!("type"), content_type, boa_engine::property::Attribute::all())
                .build();
            blob.construct(&[parts.into(), options.into()], None, context).map(Into::into)
        },
        context,
    )
}

/// `formData()`: the body parsed as `multipart/form-data` or
/// `application/x-www-form-urlencoded`, as its `content-type` says.
pub(crate) fn read_form_data(body: &Body, headers: &JsObject, context: &mut Context) -> JsPromise {
    read_then(
        body,
        headers,
        |bytes, content_type, context| {
            let bytes = JsUint8Array::from_iter(bytes, context)?;
            web::call(WebModule::Blob, "parseFormData", &[bytes.into(), content_type.into()], context)
        },
        context,
    )
}
