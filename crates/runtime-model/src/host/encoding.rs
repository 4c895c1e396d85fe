//! `TextEncoder` and `TextDecoder` (WHATWG Encoding): every encoding of the standard
//! through encoding_rs, `fatal`, `ignoreBOM`, streaming decodes and `encodeInto`.

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::{JsArrayBuffer, JsDataView, JsSharedArrayBuffer, JsTypedArray, JsUint8Array};
use boa_engine::property::Attribute;
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsString, JsValue, Trace, boa_class, js_error, js_string,
};
use encoding_rs::{DecoderResult, Encoding};
use std::cell::RefCell;

/// The bytes of a `BufferSource` (`ArrayBuffer`, a typed array or a `DataView`).
fn buffer_source(value: &JsValue, context: &mut Context) -> JsResult<Vec<u8>> {
    let not_buffer = || js_error!(TypeError: "Failed to execute 'decode' on 'TextDecoder': parameter 1 is not of type 'ArrayBuffer or ArrayBufferView'.");
    let object = value.as_object().ok_or_else(not_buffer)?;
    if let Ok(buffer) = JsArrayBuffer::from_object(object.clone()) {
        return Ok(buffer.data().map(|d| d.to_vec()).unwrap_or_default());
    }
    if let Ok(buffer) = JsSharedArrayBuffer::from_object(object.clone()) {
        return Ok(buffer.to_vec());
    }
    let (buffer, offset, length) = if let Ok(view) = JsTypedArray::from_object(object.clone()) {
        (view.buffer(context)?, view.byte_offset(context)?, view.byte_length(context)?)
    } else if let Ok(view) = JsDataView::from_object(object.clone()) {
        (view.buffer(context)?, view.byte_offset(context)? as usize, view.byte_length(context)? as usize)
    } else {
        return Err(not_buffer());
    };
    // A view of a SharedArrayBuffer (WPT's `common/sab.js` makes them through
    // `WebAssembly.Memory`).
    if let Some(shared) = buffer.as_object().and_then(|b| JsSharedArrayBuffer::from_object(b.clone()).ok()) {
        return Ok(shared.to_vec().get(offset..offset + length).map(<[u8]>::to_vec).unwrap_or_default());
    }
    let buffer = buffer.as_object().and_then(|b| JsArrayBuffer::from_object(b.clone()).ok());
    Ok(buffer
        .and_then(|b| b.data().and_then(|d| d.get(offset..offset + length).map(<[u8]>::to_vec)))
        .unwrap_or_default())
}

#[derive(Trace, Finalize, JsData)]
pub(crate) struct TextDecoder {
    #[unsafe_ignore_trace]
    encoding: &'static Encoding,
    fatal: bool,
    ignore_bom: bool,
    /// The decoder of a streaming decode in progress (`decode(…, { stream: true })`).
    #[unsafe_ignore_trace]
    decoder: RefCell<Option<encoding_rs::Decoder>>,
}

impl TextDecoder {
    fn new_decoder(&self) -> encoding_rs::Decoder {
        if self.ignore_bom {
            self.encoding.new_decoder_without_bom_handling()
        } else {
            self.encoding.new_decoder_with_bom_removal()
        }
    }
}

#[boa_class(rename = "TextDecoder")]
#[boa(rename_all = "camelCase")]
impl TextDecoder {
    #[boa(constructor)]
    fn constructor(label: Option<JsValue>, options: Option<JsValue>, context: &mut Context) -> JsResult<Self> {
        let label = match label.filter(|l| !l.is_undefined()) {
            Some(label) => label.to_string(context)?.to_std_string_lossy(),
            None => "utf-8".to_string(),
        };
        // The "replacement" encoding exists only to be refused (Encoding, "get an encoding").
        // `for_label` strips ASCII whitespace only, as the standard says: a vertical tab or
        // a no-break space around a label makes it invalid.
        let encoding = Encoding::for_label(label.as_bytes())
            .filter(|e| *e != encoding_rs::REPLACEMENT)
            .ok_or_else(|| js_error!(RangeError: "\"{}\" is not a valid encoding.", label))?;
        let (mut fatal, mut ignore_bom) = (false, false);
        if let Some(options) = options.as_ref().and_then(JsValue::as_object) {
            fatal = options.get(js_string!("fatal"), context)?.to_boolean();
            ignore_bom = options.get(js_string!("ignoreBOM"), context)?.to_boolean();
        }
        Ok(Self { encoding, fatal, ignore_bom, decoder: RefCell::new(None) })
    }

    /// The encoding's name, lowercased as the standard gives it (`utf-8`, `windows-1252`).
    #[boa(getter)]
    fn encoding(&self) -> JsValue {
        JsString::from(self.encoding.name().to_ascii_lowercase()).into()
    }

    #[boa(getter)]
    fn fatal(&self) -> bool {
        self.fatal
    }

    #[boa(getter)]
    #[boa(rename = "ignoreBOM")]
    fn ignore_bom(&self) -> bool {
        self.ignore_bom
    }

    fn decode(&self, input: Option<JsValue>, options: Option<JsValue>, context: &mut Context) -> JsResult<JsValue> {
        let bytes = match input.filter(|i| !i.is_undefined()) {
            Some(input) => buffer_source(&input, context)?,
            None => Vec::new(),
        };
        let stream = match options.as_ref().and_then(JsValue::as_object) {
            Some(options) => options.get(js_string!("stream"), context)?.to_boolean(),
            None => false,
        };
        let mut slot = self.decoder.borrow_mut();
        let mut decoder = slot.take().unwrap_or_else(|| self.new_decoder());
        let last = !stream;
        let capacity = decoder.max_utf16_buffer_length(bytes.len()).unwrap_or(bytes.len() * 2 + 4);
        let mut out = vec![0u16; capacity];
        let written = if self.fatal {
            let (result, _, written) = decoder.decode_to_utf16_without_replacement(&bytes, &mut out, last);
            match result {
                DecoderResult::InputEmpty => written,
                DecoderResult::Malformed(_, _) => {
                    // The decoder is spent: the next decode starts afresh.
                    return Err(js_error!(TypeError: "The encoded data was not valid."));
                }
                DecoderResult::OutputFull => unreachable!("the output holds max_utf16_buffer_length units"),
            }
        } else {
            let (result, _, written, _) = decoder.decode_to_utf16(&bytes, &mut out, last);
            debug_assert!(
                matches!(result, encoding_rs::CoderResult::InputEmpty),
                "the output holds max_utf16_buffer_length units"
            );
            written
        };
        if stream {
            *slot = Some(decoder);
        }
        Ok(JsString::from(&out[..written]).into())
    }
}

#[derive(Trace, Finalize, JsData)]
pub(crate) struct TextEncoder;

#[boa_class(rename = "TextEncoder")]
#[boa(rename_all = "camelCase")]
impl TextEncoder {
    #[boa(constructor)]
    fn constructor() -> Self {
        Self
    }

    #[boa(getter)]
    fn encoding(&self) -> JsValue {
        js_string!("utf-8").into()
    }

    /// UTF-8 of the string (a lone surrogate becomes U+FFFD).
    fn encode(&self, input: Option<JsValue>, context: &mut Context) -> JsResult<JsValue> {
        let text = match input.filter(|i| !i.is_undefined()) {
            Some(input) => input.to_string(context)?.to_std_string_lossy(),
            None => String::new(),
        };
        Ok(JsUint8Array::from_iter(text.into_bytes(), context)?.into())
    }

    /// Writes as much of `source`'s UTF-8 as fits whole characters into `destination`;
    /// `{ read, written }` count UTF-16 units read and bytes written.
    fn encode_into(&self, source: JsValue, destination: JsValue, context: &mut Context) -> JsResult<JsObject> {
        let text = source.to_string(context)?;
        let target = destination
            .as_object()
            .and_then(|o| JsUint8Array::from_object(o.clone()).ok())
            .ok_or_else(|| js_error!(TypeError: "Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'."))?;
        let capacity = target.length(context)?;
        let (mut read, mut written) = (0usize, 0usize);
        let mut encoded = Vec::new();
        for unit in char::decode_utf16(text.iter()) {
            let c = *unit.as_ref().unwrap_or(&char::REPLACEMENT_CHARACTER);
            let size = c.len_utf8();
            if written + size > capacity {
                break;
            }
            let mut buffer = [0u8; 4];
            encoded.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            written += size;
            read += match unit {
                Ok(c) => c.len_utf16(),
                Err(_) => 1,
            };
        }
        for (i, byte) in encoded.into_iter().enumerate() {
            target.set(i, byte, true, context)?;
        }
        Ok(ObjectInitializer::new(context)
            .property(js_string!("read"), read as f64, Attribute::all())
            .property(js_string!("written"), written as f64, Attribute::all())
            .build())
    }
}
