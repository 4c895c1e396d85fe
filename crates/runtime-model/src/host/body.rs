//! Bodies of `Request` and `Response`: extracting a `BodyInit`, and the read methods
//! (`text`, `json`, `arrayBuffer`) they share.

use boa_engine::object::builtins::{JsArrayBuffer, JsDataView, JsPromise, JsTypedArray, JsUint8Array};
use boa_engine::{Context, JsError, JsNativeError, JsResult, JsString, JsValue, js_string};
use std::rc::Rc;

/// The bytes of a body and the content type its kind implies.
pub(crate) struct Extracted {
    pub bytes: Option<Rc<Vec<u8>>>,
    pub content_type: Option<&'static str>,
}

/// Fetch's "extract a body" for the kinds crosstalk models.
pub(crate) fn extract(value: Option<&JsValue>, context: &mut Context) -> JsResult<Extracted> {
    let Some(value) = value.filter(|v| !v.is_null_or_undefined()) else {
        return Ok(Extracted { bytes: None, content_type: None });
    };
    if let Some(s) = value.as_string() {
        let bytes = s.to_std_string_escaped().into_bytes();
        return Ok(Extracted { bytes: Some(Rc::new(bytes)), content_type: Some("text/plain;charset=UTF-8") });
    }
    if let Some(object) = value.as_object() {
        if let Ok(buffer) = JsArrayBuffer::from_object(object.clone()) {
            let bytes = buffer.data().map(|d| d.to_vec()).unwrap_or_default();
            return Ok(Extracted { bytes: Some(Rc::new(bytes)), content_type: None });
        }
        if let Ok(view) = JsTypedArray::from_object(object.clone()) {
            let offset = view.byte_offset(context)?;
            let length = view.byte_length(context)?;
            let buffer = view.buffer(context)?;
            let bytes = buffer_slice(&buffer, offset, length);
            return Ok(Extracted { bytes: Some(Rc::new(bytes)), content_type: None });
        }
        if let Ok(view) = JsDataView::from_object(object.clone()) {
            let offset = view.byte_offset(context)? as usize;
            let length = view.byte_length(context)? as usize;
            let buffer = view.buffer(context)?;
            let bytes = buffer_slice(&buffer, offset, length);
            return Ok(Extracted { bytes: Some(Rc::new(bytes)), content_type: None });
        }
        if let Some(params) = crate::host::url_search_params::serialize(&object) {
            return Ok(Extracted {
                bytes: Some(Rc::new(params.into_bytes())),
                content_type: Some("application/x-www-form-urlencoded;charset=UTF-8"),
            });
        }
    }
    let text = value.to_string(context)?.to_std_string_escaped();
    Ok(Extracted { bytes: Some(Rc::new(text.into_bytes())), content_type: Some("text/plain;charset=UTF-8") })
}

fn buffer_slice(buffer: &JsValue, offset: usize, length: usize) -> Vec<u8> {
    buffer
        .as_object()
        .and_then(|o| JsArrayBuffer::from_object(o.clone()).ok())
        .and_then(|b| b.data().map(|d| d.get(offset..offset + length).map(<[u8]>::to_vec).unwrap_or_default()))
        .unwrap_or_default()
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
    match read_as {
        ReadAs::Text => Ok(JsString::from(String::from_utf8_lossy(bytes).as_ref()).into()),
        ReadAs::Json => {
            let text = JsString::from(String::from_utf8_lossy(bytes).as_ref());
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
