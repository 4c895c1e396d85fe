//! `WebSocketPair` and `WebSocket`: the classes exist, as in Workers (libraries probe
//! `typeof WebSocketPair` to detect the runtime), but sockets are not modelled.

use boa_engine::class::Class;
use boa_engine::{Context, Finalize, JsData, JsResult, Trace, boa_class, js_error, js_string};

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

/// Installs both classes; a pair's `0` and `1` are `WebSocket` objects.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    context.register_global_class::<WebSocket>()?;
    context.register_global_class::<WebSocketPair>()?;
    // `new WebSocketPair()` must carry its two sockets: give the prototype getters.
    let pair = context.global_object().get(js_string!("WebSocketPair"), context)?;
    let prototype = pair.as_object().map(|p| p.get(js_string!("prototype"), context)).transpose()?;
    if let Some(prototype) = prototype.and_then(|p| p.as_object()) {
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
    Ok(())
}
