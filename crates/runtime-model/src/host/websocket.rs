//! `WebSocketPair` and `WebSocket`: the classes exist, as in Workers (libraries probe
//! `typeof WebSocketPair` to detect the runtime), but sockets are not modelled.

use boa_engine::class::Class;
use boa_engine::native_function::NativeFunctionPointer;
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsString, JsValue, NativeFunction, Trace, boa_class, js_error,
    js_string,
};

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

/// `WebSocketRequestResponsePair`: the request text and the response text a Durable
/// Object's WebSocket auto-response pairs (`ctx.setWebSocketAutoResponse`, not modelled);
/// the class and its two getters are there, as in workerd 1.20261117.
#[derive(Trace, Finalize, JsData)]
pub(crate) struct WebSocketRequestResponsePair {
    request: JsString,
    response: JsString,
}

/// The `WebSocketRequestResponsePair` class (built on first read: `host::lazy`). Written
/// out rather than as a boa `Class`, whose constructor has its own message for a call
/// without `new`.
pub(crate) fn request_response_pair_class(context: &mut Context) -> JsResult<JsValue> {
    let prototype = ObjectInitializer::new(context).build();
    for (name, getter) in [("request", pair_request as NativeFunctionPointer), ("response", pair_response)] {
        let getter = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(getter))
            .name(js_string!(format!("get {name}")))
            .build();
        prototype.define_property_or_throw(
            js_string!(name),
            PropertyDescriptor::builder().get(getter).enumerable(true).configurable(true),
            context,
        )?;
    }
    let constructor = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(construct_pair, prototype.clone()),
    )
    .name(js_string!("WebSocketRequestResponsePair"))
    .length(0)
    .constructor(true)
    .build();
    crate::host::global_scope::link_class(&constructor.clone().into(), &prototype, context)?;
    if crate::host::global_scope::tagged(context) {
        crate::host::tag_object(&prototype, "WebSocketRequestResponsePair", context)?;
    }
    Ok(constructor.into())
}

/// `new WebSocketRequestResponsePair(request, response)`: boa hands a native constructor
/// its new target as `this` (undefined for a plain call).
fn construct_pair(
    new_target: &JsValue,
    args: &[JsValue],
    prototype: &JsObject,
    context: &mut Context,
) -> JsResult<JsValue> {
    if new_target.is_undefined() {
        return Err(js_error!(
            TypeError: "Failed to construct 'WebSocketRequestResponsePair': Please use the 'new' operator, this object constructor cannot be called as a function."
        ));
    }
    let pair = WebSocketRequestResponsePair {
        request: pair_argument(args, 0, context)?,
        response: pair_argument(args, 1, context)?,
    };
    // A subclass's prototype, else the class's own.
    let target_prototype = match new_target.as_object() {
        Some(target) => target.get(js_string!("prototype"), context)?.as_object(),
        None => None,
    };
    let prototype = target_prototype.unwrap_or_else(|| prototype.clone());
    Ok(JsObject::from_proto_and_data(Some(prototype), pair).into())
}

/// Argument `index` of the constructor as a string; workerd's TypeError when it is missing.
fn pair_argument(args: &[JsValue], index: usize, context: &mut Context) -> JsResult<JsString> {
    match args.get(index) {
        Some(value) if !value.is_undefined() => value.to_string(context),
        _ => Err(js_error!(
            TypeError: "Failed to construct 'WebSocketRequestResponsePair': constructor parameter {} is not of type 'string'.",
            index + 1
        )),
    }
}

fn pair_field(this: &JsValue, field: fn(&WebSocketRequestResponsePair) -> JsString) -> JsResult<JsValue> {
    let pair = this.as_object().and_then(|o| o.downcast_ref::<WebSocketRequestResponsePair>().map(|p| field(&p)));
    pair.map(JsValue::from).ok_or_else(|| js_error!(TypeError: "Illegal invocation"))
}

fn pair_request(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    pair_field(this, |p| p.request.clone())
}

fn pair_response(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    pair_field(this, |p| p.response.clone())
}
