//! BufferSource in (ArrayBuffer, any TypedArray, DataView) and ArrayBuffer out.
//!
//! Input bytes are always copied out of the JS heap before any crypto runs, so a worker
//! that mutates its buffer afterwards cannot change what was signed.

use boa_engine::object::builtins::{AlignedVec, JsArrayBuffer, JsDataView, JsTypedArray, JsUint8Array};
use boa_engine::{Context, JsResult, JsValue};

use crate::error::{SubtleResult, type_error};

/// The bytes a BufferSource views, or a TypeError for anything else.
pub(crate) fn bytes_of(value: &JsValue, context: &mut Context) -> SubtleResult<Vec<u8>> {
    let not_buffer = || type_error("Expected a BufferSource (ArrayBuffer, TypedArray or DataView).");
    let object = value.as_object().ok_or_else(not_buffer)?;
    if let Ok(buffer) = JsArrayBuffer::from_object(object.clone()) {
        return buffer.data().map(|d| d.to_vec()).ok_or_else(|| type_error("The ArrayBuffer is detached."));
    }
    let (buffer, offset, length) = if let Ok(view) = JsTypedArray::from_object(object.clone()) {
        let offset = view.byte_offset(context).map_err(|e| type_error(e.to_string()))?;
        let length = view.byte_length(context).map_err(|e| type_error(e.to_string()))?;
        (view.buffer(context).map_err(|e| type_error(e.to_string()))?, offset, length)
    } else if let Ok(view) = JsDataView::from_object(object.clone()) {
        let offset = view.byte_offset(context).map_err(|e| type_error(e.to_string()))?;
        let length = view.byte_length(context).map_err(|e| type_error(e.to_string()))?;
        let offset = usize::try_from(offset).map_err(|_| not_buffer())?;
        let length = usize::try_from(length).map_err(|_| not_buffer())?;
        (view.buffer(context).map_err(|e| type_error(e.to_string()))?, offset, length)
    } else {
        return Err(not_buffer());
    };
    let buffer = buffer.as_object().and_then(|o| JsArrayBuffer::from_object(o.clone()).ok()).ok_or_else(not_buffer)?;
    let data = buffer.data().ok_or_else(|| type_error("The ArrayBuffer is detached."))?;
    let end = offset.checked_add(length).ok_or_else(not_buffer)?;
    data.get(offset..end).map(<[u8]>::to_vec).ok_or_else(|| type_error("The view lies outside its ArrayBuffer."))
}

/// A new ArrayBuffer holding `bytes`.
pub(crate) fn array_buffer(bytes: &[u8], context: &mut Context) -> JsResult<JsValue> {
    let block = AlignedVec::from_iter(0, bytes.iter().copied());
    Ok(JsArrayBuffer::from_byte_block(block, context)?.into())
}

/// A new Uint8Array holding `bytes` (RSA `publicExponent`).
pub(crate) fn uint8_array(bytes: &[u8], context: &mut Context) -> JsResult<JsValue> {
    Ok(JsUint8Array::from_iter(bytes.iter().copied(), context)?.into())
}
