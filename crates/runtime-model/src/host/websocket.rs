//! WebSockets, the isolate's side (R21): `host.ws(op, …)`, the one door of
//! `web/websocket.js` (`WebSocketPair`, `WebSocket`, a Durable Object's hibernation API)
//! into the run's pairs (`crate::websocket`); the client's steps (`TaskKind::WsClient`);
//! and `WebSocketRequestResponsePair`.

use boa_engine::native_function::NativeFunctionPointer;
use boa_engine::object::builtins::{JsArray, JsUint8Array};
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::{Attribute, PropertyDescriptor};
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsString, JsValue, NativeFunction, Trace, js_error, js_string,
};

use crate::engine::Host;
use crate::host::web::{WebModule, call as web_call};
use crate::scheduler::LatencyKey;
use crate::subrequest::{Draws, PendingDraw};
use crate::trace::{EventKind, Owner};
use crate::websocket::{Accepted, ClientClose, DROPPED_CODE, DROPPED_REASON, End, Frame, PeerEvent};
use crate::world::{Task, TaskKind};

/// The client's step that answers the worker's close with its own (R21).
pub(crate) const CLOSE_REPLY: u32 = u32::MAX;

fn number(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<u32> {
    let n = args.get(i).cloned().unwrap_or_default().to_number(context)?;
    debug_assert!(n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX), "host.ws takes whole numbers");
    Ok(n as u32)
}

fn text(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<String> {
    Ok(args.get(i).cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped())
}

fn end_arg(args: &[JsValue], context: &mut Context) -> JsResult<End> {
    let pair = number(args, 1, context)?;
    let end = u8::try_from(number(args, 2, context)?).expect("an end is 0 or 1");
    debug_assert!(end < 2, "an end is 0 or 1");
    Ok((pair, end))
}

/// `host.ws(op, …)`: `pair`, `buffered`, `flags`, `accept`, `hibernate`, `send`, `close`, `attach`,
/// `attachment`, `tags`, `sockets`, `autoResponse`, `autoResponseTime`.
pub(crate) fn host_ws(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let op = text(args, 0, context)?;
    let sockets = &host.world.sockets;
    match op.as_str() {
        "pair" => Ok(sockets.make(host.isolate).into()),
        "buffered" => {
            let (pair, end) = end_arg(args, context)?;
            Ok(JsValue::from(sockets.with(pair, |p| p.buffered[end as usize]) as f64))
        }
        "flags" => {
            let profile = &host.world.profile;
            let flags = ObjectInitializer::new(context)
                .property(js_string!("autoReply"), profile.websocket_auto_reply_to_close(), Attribute::all())
                .property(js_string!("reasonLimit"), profile.websocket_close_reason_limit(), Attribute::all())
                .property(js_string!("blobDefault"), profile.websocket_blob_default(), Attribute::all())
                .build();
            Ok(flags.into())
        }
        "accept" | "hibernate" => {
            let (pair, end) = end_arg(args, context)?;
            let Owner::Request(request) = crate::host::require_request(&host, "WebSocket.accept")? else {
                unreachable!("require_request answers a request")
            };
            let accepted = if op == "accept" {
                Accepted::Plain { request }
            } else {
                let object = host
                    .world
                    .with_request(request, |r| r.object)
                    .ok_or_else(|| js_error!(TypeError: "acceptWebSocket() is only available in a Durable Object"))?;
                let tags = tags_arg(args.get(3), context)?;
                Accepted::Hibernatable { object, tags, order: sockets.next_order() }
            };
            let hibernatable = matches!(accepted, Accepted::Hibernatable { .. });
            // Two objects of one end (a socket read back in another isolate) cannot both
            // take it.
            let taken = sockets.with(pair, |p| {
                let slot = &mut p.accepted[end as usize];
                let taken = slot.is_some() || (p.client.is_some() && p.given == end);
                if !taken {
                    *slot = Some(accepted);
                }
                taken
            });
            if taken {
                return Err(js_error!(TypeError: "Can't accept() WebSocket that was already used in a response."));
            }
            host.record(EventKind::WsAccept { pair, hibernatable });
            Ok(JsValue::undefined())
        }
        "send" => {
            let (pair, end) = end_arg(args, context)?;
            let frame = frame_arg(args.get(3), context)?;
            // R11: a send copies its message; a loop of huge sends meets the CPU budget.
            crate::host::charge(frame.len() as u64 / 8 + 1, context)?;
            send(&host, (pair, end), frame);
            Ok(JsValue::undefined())
        }
        "close" => {
            let (pair, end) = end_arg(args, context)?;
            let code = u16::try_from(number(args, 3, context)?).expect("close codes are checked in websocket.js");
            let reason = text(args, 4, context)?;
            if !to_peer(&host, (pair, end), PeerEvent::Close(code, reason.clone())) {
                worker_closed(&host, (pair, end), code, reason);
            }
            Ok(JsValue::undefined())
        }
        "attach" => {
            let (pair, _) = end_arg(args, context)?;
            let attachment = text(args, 3, context)?;
            sockets.with(pair, |p| p.attachment = Some(attachment));
            Ok(JsValue::undefined())
        }
        "attachment" => {
            let (pair, _) = end_arg(args, context)?;
            Ok(sockets.with(pair, |p| p.attachment.clone()).map_or(JsValue::null(), |t| JsString::from(t).into()))
        }
        "tags" => {
            let (pair, end) = end_arg(args, context)?;
            let tags = sockets.with(pair, |p| match &p.accepted[end as usize] {
                Some(Accepted::Hibernatable { tags, .. }) => Some(tags.clone()),
                _ => None,
            });
            let tags = tags.ok_or_else(|| js_error!(Error: "only hibernatable websockets can have tags."))?;
            let values: Vec<JsValue> = tags.into_iter().map(|t| JsString::from(t).into()).collect();
            Ok(JsArray::from_iter(values, context).into())
        }
        "sockets" => {
            let object = number(args, 1, context)?;
            let tag = match args.get(2) {
                Some(v) if !v.is_null_or_undefined() => Some(v.to_string(context)?.to_std_string_escaped()),
                _ => None,
            };
            let mut values = Vec::new();
            for (pair, end) in sockets.hibernatable(object, tag.as_deref()) {
                values.push(JsArray::from_iter([pair.into(), u32::from(end).into()], context).into());
            }
            Ok(JsArray::from_iter(values, context).into())
        }
        "autoResponse" => {
            let object = number(args, 1, context)?;
            if args.len() > 2 {
                let pair = (text(args, 2, context)?, text(args, 3, context)?);
                sockets.auto_responses.borrow_mut().insert(object, pair);
            } else {
                sockets.auto_responses.borrow_mut().remove(&object);
            }
            Ok(JsValue::undefined())
        }
        "autoResponseTime" => {
            let (pair, _) = end_arg(args, context)?;
            Ok(sockets.with(pair, |p| p.auto_response_at).map_or(JsValue::null(), |ms| (ms as f64).into()))
        }
        _ => Err(js_error!(TypeError: "host.ws: no operation {}", op)),
    }
}

fn tags_arg(value: Option<&JsValue>, context: &mut Context) -> JsResult<Vec<String>> {
    let Some(object) = value.and_then(JsValue::as_object) else { return Ok(Vec::new()) };
    let length = object.get(js_string!("length"), context)?.to_length(context)?;
    let mut tags = Vec::new();
    for i in 0..length {
        tags.push(object.get(i, context)?.to_string(context)?.to_std_string_escaped());
    }
    Ok(tags)
}

fn frame_arg(value: Option<&JsValue>, context: &mut Context) -> JsResult<Frame> {
    let value = value.cloned().unwrap_or_default();
    if let Some(object) = value.as_object()
        && let Ok(bytes) = JsUint8Array::from_object(object.clone())
    {
        return Ok(Frame::Binary(bytes.iter(context).collect()));
    }
    Ok(Frame::Text(value.to_string(context)?.to_std_string_escaped()))
}

/// When the worker holds the other end of `from` too: `event` goes to it, as a task of
/// its own in that end's isolate (`TaskKind::WsPeer`). `false` when it does not.
fn to_peer(host: &Host, (pair, from): End, event: PeerEvent) -> bool {
    let peer = 1 - from;
    let accepted = host.world.sockets.with(pair, |p| p.accepted[peer as usize].clone());
    let Some(accepted) = accepted else { return false };
    let sender = host.current.get();
    match &event {
        PeerEvent::Message(frame) => host.record(EventKind::WsSend { pair, data: frame.preview() }),
        PeerEvent::Close(code, reason) => {
            host.record(EventKind::WsClose { pair, by: "worker".to_string(), code: *code, reason: reason.clone() })
        }
    }
    host.world.sockets.with(pair, |p| {
        if matches!(event, PeerEvent::Close(..)) {
            p.sent_close[from as usize] = true;
        }
        p.inbox[peer as usize].push_back((sender, event));
    });
    let (isolate, owner) = match accepted {
        Accepted::Plain { request } => (host.world.with_request(request, |r| r.isolate), Owner::Request(request)),
        Accepted::Hibernatable { object, .. } => (host.world.objects.with(object, |o| o.isolate), sender),
    };
    host.world.schedule(host.world.now(), Task { isolate, owner, kind: TaskKind::WsPeer(pair, u32::from(peer)) });
    true
}

/// The next event of end `end`'s inbox reaches it: its listeners run (an end accepted
/// with `accept()`, unless its request is over), or its object's handler is called (a
/// hibernatable end).
pub(crate) fn peer_event(host: &Host, pair: u32, end: u32, context: &mut Context) {
    let end = u8::try_from(end).expect("an end is 0 or 1");
    let (event, accepted) =
        host.world.sockets.with(pair, |p| (p.inbox[end as usize].pop_front(), p.accepted[end as usize].clone()));
    let (Some((sender, event)), Some(accepted)) = (event, accepted) else { return };
    let (kind, frame, code, reason) = match event {
        PeerEvent::Message(frame) => ("message", Some(frame), 0, String::new()),
        PeerEvent::Close(code, reason) => ("close", None, code, reason),
    };
    match accepted {
        Accepted::Plain { request } => {
            if host.world.phase(request) == crate::world::Phase::Done {
                // Its I/O context is gone: so is the event.
                return;
            }
            if let Some(frame) = &frame {
                host.world.record(Owner::Request(request), EventKind::WsMessage { pair, data: frame.preview() });
            }
            let data = frame.as_ref().map_or(JsValue::undefined(), |f| frame_value(f, context));
            to_listeners(host, request, (pair, end), (kind, data, code, reason), context);
        }
        Accepted::Hibernatable { object, .. } => {
            let event =
                crate::model::EventSpec::WebSocket { pair, end, event: kind.to_string(), data: frame, code, reason };
            crate::host::durable_object::socket_event(host, object, sender.request(), event);
        }
    }
}

/// The worker sent `frame` on its end of pair `pair`: the other end receives it when the
/// worker holds that too; else the client receives it, or will once the response reaches
/// it.
fn send(host: &Host, (pair, from): End, frame: Frame) {
    let bytes = frame.len() as u64;
    host.world.sockets.with(pair, |p| p.buffered[from as usize] += bytes);
    if to_peer(host, (pair, from), PeerEvent::Message(frame.clone())) {
        return;
    }
    host.record(EventKind::WsSend { pair, data: frame.preview() });
    let client = host.world.sockets.with(pair, |p| {
        if p.client.is_none() {
            crate::websocket::keep(&mut p.outbox, frame.clone());
        }
        // A client that disconnected receives nothing.
        p.client.filter(|_| !p.dropped)
    });
    if let Some(client) = client {
        host.world.with_request(client, |r| crate::websocket::keep(&mut r.ws_received, frame));
    }
}

/// The worker closed its end of pair `pair`: the client receives the close and answers
/// with its own (a `CLOSE_REPLY` step), unless it closed first.
fn worker_closed(host: &Host, (pair, end): End, code: u16, reason: String) {
    host.record(EventKind::WsClose { pair, by: "worker".to_string(), code, reason: reason.clone() });
    let (client, client_closed) = host.world.sockets.with(pair, |p| {
        // A second object of the same end may close it again: the first close stands.
        let first = p.closed_by_worker.is_none();
        if first {
            p.closed_by_worker = Some((code, reason.clone()));
            p.sent_close[end as usize] = true;
        }
        (p.client.filter(|_| first && !p.dropped), p.closed_by_client.is_some())
    });
    let Some(client) = client else { return };
    host.world.with_request(client, |r| r.ws_close = Some((code, reason)));
    if !client_closed {
        // The client's scripted steps end: it answers the close.
        host.world.tasks.borrow_mut().retain(|_, t| !matches!(t.kind, TaskKind::WsClient(c, _) if c == client));
        host.get::<Draws>().retain(|d| !matches!(d.task.kind, TaskKind::WsClient(c, _) if c == client));
        schedule_step(host, client, pair, CLOSE_REPLY);
    }
}

/// The response carrying end `given` of its pair reached the client of request `client`:
/// the connection opens, the frames the worker sent before are delivered, and the
/// client's first step is scheduled.
pub(crate) fn connect(host: &Host, client: u32, given: End) {
    let (pair, end) = given;
    let connected = host.world.sockets.with(pair, |p| {
        // Both ends handed to clients (a relay between them) is not modelled: the second
        // connection stays silent.
        if p.client.is_some() {
            return None;
        }
        p.client = Some(client);
        p.given = end;
        Some((std::mem::take(&mut p.outbox), p.closed_by_worker.clone()))
    });
    let Some((outbox, worker_close)) = connected else { return };
    host.world.record(Owner::Request(client), EventKind::WsOpen { pair });
    host.world.with_request(client, |r| {
        for frame in outbox {
            crate::websocket::keep(&mut r.ws_received, frame);
        }
        r.ws_close = worker_close.clone();
    });
    let step = if worker_close.is_some() { CLOSE_REPLY } else { 0 };
    schedule_step(host, client, pair, step);
}

/// Queues client step `step` of request `client` after a drawn interval: in the isolate of
/// the pair, as the request whose context the worker's end lives in.
fn schedule_step(host: &Host, client: u32, pair: u32, step: u32) {
    let (isolate, accepted) = host.world.sockets.with(pair, |p| (p.isolate, p.worker_end()));
    let (isolate, owner) = match accepted {
        Some((_, Accepted::Plain { request })) => {
            (host.world.with_request(request, |r| r.isolate), Owner::Request(request))
        }
        _ => (isolate, Owner::Request(client)),
    };
    let interval = host.world.with_request(client, |r| r.spec.websocket.as_ref().map(|w| w.interval));
    let interval = interval.unwrap_or(crate::websocket::DEFAULT_INTERVAL);
    host.get::<Draws>().push(PendingDraw {
        key: LatencyKey::WebSocket { request: client, step },
        range: interval,
        task: Task { isolate, owner, kind: TaskKind::WsClient(client, step) },
    });
}

/// Client step `step` of request `client`: its message number `step`, its close (the
/// step after its last message), or its answer to the worker's close (`CLOSE_REPLY`).
pub(crate) fn client_step(host: &Host, client: u32, step: u32, context: &mut Context) {
    let Some(pair) = host.world.sockets.of_client(client) else { return };
    let script = host.world.with_request(client, |r| r.spec.websocket.clone()).unwrap_or_default();
    let sent = usize::try_from(step).ok().and_then(|i| script.send.get(i));
    let event = match (step, sent) {
        (CLOSE_REPLY, _) => {
            // The client echoes the code with no reason, as undici's does (workerd
            // 1.20261117 under conform).
            let (code, _) =
                host.world.sockets.with(pair, |p| p.closed_by_worker.clone()).expect("a reply answers a close");
            ClientEvent::Close(code, String::new())
        }
        (_, Some(text)) => ClientEvent::Message(Frame::Text(text.clone())),
        (_, None) => match script.close.clone() {
            ClientClose::Code(code, reason) => ClientEvent::Close(code, reason),
            ClientClose::Open => return,
            ClientClose::Drop => {
                // It disconnects without a Close frame: its end hears workerd's abnormal
                // closure, and nothing reaches the client any more.
                host.world.sockets.with(pair, |p| p.dropped = true);
                host.world.with_request(client, |r| r.ws_dropped = true);
                ClientEvent::Close(DROPPED_CODE, DROPPED_REASON.to_string())
            }
        },
    };
    if let ClientEvent::Message(_) = &event {
        schedule_step(host, client, pair, step + 1);
    }
    deliver(host, client, pair, event, context);
}

/// What the client sends.
enum ClientEvent {
    Message(Frame),
    Close(u16, String),
}

/// The client's `event` reaches the worker's end of pair `pair`.
fn deliver(host: &Host, client: u32, pair: u32, event: ClientEvent, context: &mut Context) {
    let accepted = host.world.sockets.with(pair, |p| p.worker_end());
    // Recorded as the request whose listeners run it (an `accept()`ed end), so a report
    // of what the listener did names the event; else as the client's request.
    let owner = match &accepted {
        Some((_, Accepted::Plain { request })) => Owner::Request(*request),
        _ => Owner::Request(client),
    };
    let (kind, data, code, reason) = match &event {
        ClientEvent::Message(frame) => {
            host.world.record(owner, EventKind::WsMessage { pair, data: frame.shown() });
            ("message", frame_value(frame, context), 0, String::new())
        }
        ClientEvent::Close(code, reason) => {
            host.world.record(
                owner,
                EventKind::WsClose { pair, by: "client".to_string(), code: *code, reason: reason.clone() },
            );
            let already = host.world.sockets.with(pair, |p| {
                p.sent_close[p.given as usize] = true;
                p.closed_by_client.replace((*code, reason.clone()))
            });
            debug_assert!(already.is_none(), "the client closes pair {pair} once");
            ("close", JsValue::undefined(), *code, reason.clone())
        }
    };
    let Some((end, accepted)) = accepted else {
        // Nobody accepted the worker's end: the event is lost.
        return;
    };
    match accepted {
        Accepted::Plain { request } => {
            to_listeners(host, request, (pair, end), (kind, data, code, reason), context);
        }
        Accepted::Hibernatable { object, .. } => {
            // The object's auto-response answers a matching message without waking it.
            let auto = host.world.sockets.auto_responses.borrow().get(&object).cloned();
            if let (Some((request, response)), ClientEvent::Message(Frame::Text(text))) = (auto, &event)
                && *text == request
            {
                let at = host.world.epoch_ms + host.world.now() as i64;
                host.world.sockets.with(pair, |p| p.auto_response_at = Some(at));
                send(host, (pair, end), Frame::Text(response));
                return;
            }
            let event = crate::model::EventSpec::WebSocket {
                pair,
                end,
                event: kind.to_string(),
                data: match event {
                    ClientEvent::Message(frame) => Some(frame),
                    ClientEvent::Close(..) => None,
                },
                code,
                reason,
            };
            crate::host::durable_object::socket_event(host, object, Some(client), event);
        }
    }
}

/// A message (`data`) or a close (`code`, `reason`) reaches end `end` of a pair, accepted
/// with `accept()` by request `request`: its listeners run in that request's context.
/// Under `web_socket_auto_reply_to_close` the runtime answers a close first.
fn to_listeners(
    host: &Host,
    request: u32,
    (pair, end): End,
    (kind, data, code, reason): (&str, JsValue, u16, String),
    context: &mut Context,
) {
    host.current.set(Owner::Request(request));
    let auto_reply = host.world.profile.websocket_auto_reply_to_close();
    let args = [
        pair.into(),
        u32::from(end).into(),
        JsString::from(kind).into(),
        data,
        code.into(),
        JsString::from(reason).into(),
        auto_reply.into(),
    ];
    if let Err(error) = web_call(WebModule::WebSocket, "deliver", &args, context) {
        listener_threw(host, request, &error, context);
    }
}

/// A listener of request `request`'s socket threw: a CPU or memory stop ends the request
/// (R11), as in a timer's callback; anything else is an uncaught error of the request.
fn listener_threw(host: &Host, request: u32, error: &boa_engine::JsError, context: &mut Context) {
    let thrown = crate::location::describe_error(error, context);
    match thrown.stop.and_then(crate::engine::EngineStop::limit) {
        Some(limit) => crate::lifecycle::stop_for_limit(host, request, limit),
        None => host.record(EventKind::UncaughtError { message: thrown.message, stack: thrown.stack, at: thrown.at }),
    }
}

/// A frame as the JS side takes it: a string, or a `Uint8Array` of the bytes.
fn frame_value(frame: &Frame, context: &mut Context) -> JsValue {
    match frame {
        Frame::Text(text) => JsString::from(text.as_str()).into(),
        Frame::Binary(bytes) => {
            JsUint8Array::from_iter(bytes.iter().copied(), context).map(JsValue::from).unwrap_or_default()
        }
    }
}

/// Runs a hibernatable socket's event on the object's instance; always a promise.
pub(crate) fn run_hibernation_event(
    instance: &JsObject,
    event: &crate::model::EventSpec,
    context: &mut Context,
) -> JsResult<JsValue> {
    let crate::model::EventSpec::WebSocket { pair, end, event: kind, data, code, reason } = event else {
        unreachable!("only a WebSocket event is run here")
    };
    let data = data.as_ref().map_or(JsValue::undefined(), |f| frame_value(f, context));
    let args = [
        instance.clone().into(),
        (*pair).into(),
        u32::from(*end).into(),
        JsString::from(kind.as_str()).into(),
        data,
        (*code).into(),
        JsString::from(reason.as_str()).into(),
    ];
    web_call(WebModule::WebSocket, "hibernationEvent", &args, context)
}

/// The end of pair a `Response`'s `webSocket` is, released to the client (workerd's
/// errors for an end the worker accepted or already used).
pub(crate) fn release(socket: &JsValue, context: &mut Context) -> JsResult<Option<End>> {
    let released = web_call(WebModule::WebSocket, "release", std::slice::from_ref(socket), context)?;
    end_of_array(&released, context)
}

/// The end `value` is, if it is a `WebSocket`.
pub(crate) fn end_of(value: &JsValue, context: &mut Context) -> JsResult<Option<End>> {
    let end = web_call(WebModule::WebSocket, "endOf", std::slice::from_ref(value), context)?;
    end_of_array(&end, context)
}

/// A new `WebSocket` object for end `end`, which a 101 answer hands to its caller.
pub(crate) fn received(end: End, context: &mut Context) -> JsResult<JsValue> {
    web_call(WebModule::WebSocket, "received", &[end.0.into(), u32::from(end.1).into()], context)
}

fn end_of_array(value: &JsValue, context: &mut Context) -> JsResult<Option<End>> {
    let Some(array) = value.as_object() else { return Ok(None) };
    let pair = array.get(0, context)?.to_u32(context)?;
    let end = u8::try_from(array.get(1, context)?.to_u32(context)?).expect("an end is 0 or 1");
    Ok(Some((pair, end)))
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
