//! `WebSocketPair` and `WebSocket`: the classes exist, as in Workers (libraries probe
//! `typeof WebSocketPair` to detect the runtime), but sockets are not modelled.

use boa_engine::class::Class;
use boa_engine::{Context, Finalize, JsData, JsObject, JsResult, Trace, boa_class, js_error, js_string};

const NOT_MODELLED: &str = "WebSockets are not modelled by crosstalk: a scenario cannot exercise code that accepts, sends on or closes a WebSocket.";

#[derive(Trace, Finalize, JsData)]
pub(crate) struct WebSocket;

#[boa_class(rename = "WebSocket")]
#[boa(rename_all = "camelCase")]
impl WebSocket {
    #[boa(constructor)]
    fn constructor() -> JsResult<Self> {
        Err(js_error!(Error: "{}", NOT_MODELLED))
    }

    fn accept(&self) -> JsResult<()> {
        Err(js_error!(Error: "{}", NOT_MODELLED))
    }

    fn send(&self) -> JsResult<()> {
        Err(js_error!(Error: "{}", NOT_MODELLED))
    }

    fn close(&self) -> JsResult<()> {
        Err(js_error!(Error: "{}", NOT_MODELLED))
    }

    fn add_event_listener(&self) -> JsResult<()> {
        Err(js_error!(Error: "{}", NOT_MODELLED))
    }
}

#[derive(Trace, Finalize, JsData)]
pub(crate) struct WebSocketPair;

#[boa_class(rename = "WebSocketPair")]
impl WebSocketPair {
    #[boa(constructor)]
    fn constructor() -> JsResult<Self> {
        Ok(Self)
    }
}

/// The `WebSocketPair` class (built on first read: `host::lazy`); a pair's `0` and `1`
/// are `WebSocket` objects.
pub(crate) fn pair_class(context: &mut Context) -> JsResult<JsObject> {
    if let Some(registered) = context.get_global_class::<WebSocketPair>() {
        return Ok(registered.constructor());
    }
    let pair = crate::host::lazy::class::<WebSocketPair>(context)?;
    crate::host::lazy::class::<WebSocket>(context)?;
    // `new WebSocketPair()` must carry its two sockets: give the prototype getters.
    let prototype = pair.get(js_string!("prototype"), context)?;
    if let Some(prototype) = prototype.as_object() {
        for index in 0..2u32 {
            let socket = WebSocket::from_data(WebSocket, context)?;
            prototype.define_property_or_throw(
                index,
                boa_engine::property::PropertyDescriptor::builder()
                    .value(socket)
                    .writable(false)
                    .enumerable(true)
                    .configurable(true),
                context,
            )?;
        }
    }
    Ok(pair)
}
