//! `fetch()` and response body streams (`Response.body`, its reader). The subrequest
//! state machine lives in crate::subrequest; this file is the JS surface.
//!
//! R8: every body read checks that the running request owns the body.

use boa_engine::class::Class;
use boa_engine::object::builtins::{JsPromise, JsUint8Array};
use boa_engine::{
    Context, Finalize, JsData, JsError, JsNativeError, JsObject, JsResult, JsValue, NativeFunction, Trace, boa_class,
    js_error, js_string,
};
use std::collections::VecDeque;
use std::rc::Rc;

use crate::engine::Host;
use crate::host::body::{self, ReadAs};
use crate::host::headers;
use crate::host::request::Request;
use crate::host::require_request;
use crate::host::response::Response;
use crate::location::caller;
use crate::scheduler::LatencyKey;
use crate::subrequest::{BodyState, Draws, PendingDraw, SubState, Subrequest, Waiter, WaiterKind};
use crate::trace::{EventKind, Owner};
use crate::world::{Phase, Task, TaskKind};

/// R8: the message for I/O on another request's object (workerd's text).
pub(crate) const FOREIGN_IO_MESSAGE: &str = "Cannot perform I/O on behalf of a different request. I/O objects (such as streams, request/response bodies, and others) created in the context of one request handler cannot be accessed from a different request's handler. This is a limitation of Cloudflare Workers which allows us to improve overall performance. (I/O type: ReadableStreamSource)";

fn rejected(error: JsError, context: &mut Context) -> JsValue {
    body::rejected(error, context).into()
}

fn fetch(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let Owner::Request(owner) = require_request(&host, "fetch()")? else { unreachable!("require_request") };
    let input = args.first().cloned().unwrap_or_default();
    let init = args.get(1).cloned();
    let request = match Request::build(input, init.clone(), context) {
        Ok(request) => request,
        Err(error) => return Ok(rejected(error, context)),
    };
    let at = caller(context);
    let (made, n, phase) = host.world.with_request(owner, |r| {
        r.subrequests_made += 1;
        r.io_made += 1;
        (r.subrequests_made, r.io_made, r.phase)
    });
    let limit = host.world.limits.subrequests_per_request;
    if made > limit {
        host.record(EventKind::TooManySubrequests { n, limit, at });
        return Ok(rejected(JsNativeError::error().with_message("Too many subrequests.").into(), context));
    }
    host.record(EventKind::Fetch { n, method: request.method.clone(), url: request.url.clone(), at });
    let signal = init
        .as_ref()
        .and_then(JsValue::as_object)
        .map(|o| o.get(js_string!("signal"), context))
        .transpose()?
        .and_then(|v| v.as_object())
        .filter(|o| o.is::<boa_runtime::abort::JsAbortSignal>());
    if let Some(signal) = &signal {
        let aborted = signal.downcast_ref::<boa_runtime::abort::JsAbortSignal>().is_some_and(|s| s.is_aborted());
        if aborted {
            let reason = signal.get(js_string!("reason"), context)?;
            host.record(EventKind::SubrequestFailed { n, message: "aborted before it was sent".to_string() });
            return Ok(rejected(JsError::from_opaque(reason), context));
        }
    }
    let Some(origin) = host.world.origin_for(&request.url).cloned() else {
        let message = format!(
            "Network connection lost: no [[origin]] in the scenario answers {} (add an [[origin]] whose url matches it)",
            request.url
        );
        host.record(EventKind::SubrequestFailed { n, message: message.clone() });
        return Ok(rejected(js_error!(TypeError: "{}", message), context));
    };
    let (promise, resolvers) = JsPromise::new_pending(context);
    crate::provenance::tag_host(&host, &promise, "fetch()", context);
    let key = (owner, n);
    let abort_token = signal
        .as_ref()
        .and_then(|s| s.downcast_ref::<boa_runtime::abort::JsAbortSignal>().map(|s| s.cancellation_token()));
    host.get::<crate::subrequest::Subrequests>().borrow_mut().insert(
        key,
        Subrequest {
            owner,
            url: request.url.clone(),
            origin,
            state: SubState::Queued,
            resolvers: Some(resolvers),
            body: None,
            last_used: 0,
            signal,
            abort_token,
        },
    );
    if phase == Phase::Done {
        // Code still running for a request that has ended: its I/O never happens (R6).
        host.cancel(
            key,
            crate::trace::CancelReason::RequestEnded,
            "Error: The request that made this subrequest has ended.",
            false,
        );
        return Ok(promise.into());
    }
    host.admit(key);
    Ok(promise.into())
}

/// The headers of subrequest `key` arrived: resolve its `fetch()` promise (R9).
pub(crate) fn headers_arrived(host: &Host, key: (u32, u32), context: &mut Context) {
    let Some((origin, url, resolvers)) = ({
        let subs = host.get::<crate::subrequest::Subrequests>();
        let mut subs = subs.borrow_mut();
        subs.get_mut(&key).filter(|s| s.state == SubState::AwaitingHeaders).map(|s| {
            s.state = SubState::Open;
            (s.origin.clone(), s.url.clone(), s.resolvers.take())
        })
    }) else {
        return;
    };
    host.touch(key);
    host.current.set(Owner::Request(key.0));
    host.record(EventKind::SubrequestHeaders { n: key.1, status: origin.status });
    let full = Rc::new(origin.body.clone().into_bytes());
    let empty = full.is_empty();
    let id = host.get::<crate::subrequest::Bodies>().insert(BodyState {
        owner: Some(key.0),
        subrequest: Some(key),
        full,
        buffered: VecDeque::new(),
        complete: empty,
        disturbed: false,
        finished: false,
        error: None,
        waiters: VecDeque::new(),
    });
    if let Some(sub) = host.get::<crate::subrequest::Subrequests>().borrow_mut().get_mut(&key) {
        sub.body = Some(id);
    }
    let response = Response::received(&origin, &url, id, context);
    match (response, resolvers) {
        (Ok(response), Some(resolvers)) => {
            let _ = resolvers.resolve.call(&JsValue::undefined(), &[response.into()], context);
        }
        (Err(error), Some(resolvers)) => {
            let reason = error.into_opaque(context).unwrap_or_default();
            let _ = resolvers.reject.call(&JsValue::undefined(), &[reason], context);
        }
        _ => {}
    }
    if empty {
        host.finish(key);
    } else {
        schedule_chunk(host, key, 1, &origin);
    }
}

fn schedule_chunk(host: &Host, key: (u32, u32), chunk: u32, origin: &crate::model::OriginSpec) {
    host.get::<Draws>().push(PendingDraw {
        key: LatencyKey::Chunk { request: key.0, n: key.1, chunk },
        range: origin.chunk_interval,
        task: Task {
            isolate: host.isolate,
            owner: Owner::Request(key.0),
            kind: TaskKind::SubrequestChunk(key.0, key.1, chunk),
        },
    });
}

/// Body chunk `chunk` of subrequest `key` arrived.
pub(crate) fn chunk_arrived(host: &Host, key: (u32, u32), chunk: u32, context: &mut Context) {
    let Some((origin, id)) = host
        .get::<crate::subrequest::Subrequests>()
        .borrow()
        .get(&key)
        .filter(|s| s.state == SubState::Open)
        .and_then(|s| s.body.map(|id| (s.origin.clone(), id)))
    else {
        return;
    };
    host.current.set(Owner::Request(key.0));
    let total = origin.body_chunks.max(1);
    let bytes = origin.body.as_bytes();
    let size = bytes.len().div_ceil(total as usize).max(1);
    let start = ((chunk - 1) as usize * size).min(bytes.len());
    let end = if chunk == total { bytes.len() } else { (start + size).min(bytes.len()) };
    let piece = bytes[start..end].to_vec();
    host.record(EventKind::SubrequestChunk { n: key.1, chunk, bytes: piece.len() as u64 });
    if let Some(body) = host.get::<crate::subrequest::Bodies>().borrow_mut().get_mut(&id) {
        if !piece.is_empty() {
            body.buffered.push_back(piece);
        }
        body.complete = chunk >= total;
    }
    if chunk < total {
        schedule_chunk(host, key, chunk + 1, &origin);
    }
    pump(host, id, context);
}

/// Serves waiting body reads from what has arrived, in order.
pub(crate) fn pump(host: &Host, id: u64, context: &mut Context) {
    loop {
        let step = {
            let bodies = host.get::<crate::subrequest::Bodies>();
            let mut bodies = bodies.borrow_mut();
            let Some(body) = bodies.get_mut(&id) else { return };
            if let Some(message) = body.error.clone() {
                match body.waiters.pop_front() {
                    Some(waiter) => Step::Fail(waiter, message),
                    None => return,
                }
            } else {
                match body.waiters.front().map(|w| matches!(w.kind, WaiterKind::Chunk)) {
                    None => return,
                    Some(true) => {
                        if let Some(chunk) = body.buffered.pop_front() {
                            Step::Chunk(body.waiters.pop_front().expect("front exists"), Some(chunk))
                        } else if body.complete {
                            body.finished = true;
                            Step::Chunk(body.waiters.pop_front().expect("front exists"), None)
                        } else {
                            return;
                        }
                    }
                    Some(false) => {
                        if !body.complete {
                            return;
                        }
                        let all: Vec<u8> = body.buffered.drain(..).flatten().collect();
                        body.finished = true;
                        Step::All(body.waiters.pop_front().expect("front exists"), all)
                    }
                }
            }
        };
        let subrequest = host.get::<crate::subrequest::Bodies>().borrow().get(&id).and_then(|b| b.subrequest);
        match step {
            Step::Fail(waiter, message) => {
                let error = JsNativeError::error().with_message(message.trim_start_matches("Error: ").to_string());
                let reason = JsError::from(error).into_opaque(context).unwrap_or_default();
                let _ = waiter.resolvers.reject.call(&JsValue::undefined(), &[reason], context);
            }
            Step::Chunk(waiter, chunk) => {
                let done = chunk.is_none();
                let value: JsValue = match chunk {
                    Some(bytes) => JsUint8Array::from_iter(bytes, context).map(Into::into).unwrap_or_default(),
                    None => JsValue::undefined(),
                };
                let result = boa_engine::object::ObjectInitializer::new(context)
                    .property(js_string!("value"), value, boa_engine::property::Attribute::all())
                    .property(js_string!("done"), done, boa_engine::property::Attribute::all())
                    .build();
                let _ = waiter.resolvers.resolve.call(&JsValue::undefined(), &[result.into()], context);
                if done && let Some(key) = subrequest {
                    host.finish(key);
                }
            }
            Step::All(waiter, bytes) => {
                let WaiterKind::All(read_as) = waiter.kind else { unreachable!("matched above") };
                match body::convert(&bytes, read_as, context) {
                    Ok(value) => {
                        let _ = waiter.resolvers.resolve.call(&JsValue::undefined(), &[value], context);
                    }
                    Err(error) => {
                        let reason = error.into_opaque(context).unwrap_or_default();
                        let _ = waiter.resolvers.reject.call(&JsValue::undefined(), &[reason], context);
                    }
                }
                if let Some(key) = subrequest {
                    host.finish(key);
                }
            }
        }
    }
}

enum Step {
    Fail(Waiter, String),
    Chunk(Waiter, Option<Vec<u8>>),
    All(Waiter, Vec<u8>),
}

/// Rejects every waiting read of body `id` with `reason`.
pub(crate) fn fail_waiters(host: &Host, id: u64, reason: JsValue, context: &mut Context) {
    let waiters: Vec<Waiter> = host
        .get::<crate::subrequest::Bodies>()
        .borrow_mut()
        .get_mut(&id)
        .map(|b| b.waiters.drain(..).collect())
        .unwrap_or_default();
    for waiter in waiters {
        let _ = waiter.resolvers.reject.call(&JsValue::undefined(), std::slice::from_ref(&reason), context);
    }
}

/// R8: the error (and trace event) for reading a body owned by another request.
fn check_owner(host: &Host, id: u64, context: &mut Context) -> JsResult<()> {
    let owner = host.get::<crate::subrequest::Bodies>().borrow().get(&id).and_then(|b| b.owner);
    let current = host.current.get();
    if let Some(owner) = owner
        && current != Owner::Request(owner)
        && current != Owner::Startup
    {
        let at = caller(context);
        host.record(EventKind::ForeignIo {
            object: "response body".to_string(),
            object_owner: Owner::Request(owner),
            at,
        });
        return Err(JsNativeError::error().with_message(FOREIGN_IO_MESSAGE).into());
    }
    Ok(())
}

/// Starts a read of body `id` (R8 checked): the whole body or its next chunk.
pub(crate) fn read(host: &Host, id: u64, kind: WaiterKind, context: &mut Context) -> JsPromise {
    if let Err(error) = check_owner(host, id, context) {
        return body::rejected(error, context);
    }
    let whole = matches!(kind, WaiterKind::All(_));
    {
        let bodies = host.get::<crate::subrequest::Bodies>();
        let bodies = bodies.borrow();
        let Some(body) = bodies.get(&id) else { return body::rejected(body::used_error(), context) };
        if whole && body.disturbed {
            drop(bodies);
            return body::rejected(body::used_error(), context);
        }
    }
    let (promise, resolvers) = JsPromise::new_pending(context);
    crate::provenance::tag_host(host, &promise, "a body read", context);
    let subrequest = {
        let bodies = host.get::<crate::subrequest::Bodies>();
        let mut bodies = bodies.borrow_mut();
        let body = bodies.get_mut(&id).expect("checked above");
        body.disturbed = true;
        body.waiters.push_back(Waiter { resolvers, kind });
        body.subrequest
    };
    if let Some(key) = subrequest {
        host.touch(key);
    }
    pump(host, id, context);
    promise
}

/// Cancels body `id` (`body.cancel()`, `reader.cancel()`): frees its subrequest slot.
pub(crate) fn cancel_body(host: &Host, id: u64, context: &mut Context) -> JsResult<JsValue> {
    check_owner(host, id, context)?;
    let subrequest = host.get::<crate::subrequest::Bodies>().borrow_mut().get_mut(&id).map(|b| {
        b.disturbed = true;
        b.finished = true;
        b.buffered.clear();
        b.subrequest
    });
    if let Some(Some(key)) = subrequest {
        let open =
            host.get::<crate::subrequest::Subrequests>().borrow().get(&key).is_some_and(|s| s.state == SubState::Open);
        if open {
            host.cancel(key, crate::trace::CancelReason::Aborted, "Error: This body was cancelled.", true);
        }
    }
    Ok(JsPromise::resolve(JsValue::undefined(), context)?.into())
}

/// `Response.body`: a minimal `ReadableStream` over a body.
#[derive(Trace, Finalize, JsData)]
pub(crate) struct ReadableStream {
    #[unsafe_ignore_trace]
    pub body: u64,
}

#[boa_class(rename = "ReadableStream")]
#[boa(rename_all = "camelCase")]
impl ReadableStream {
    #[boa(constructor)]
    fn constructor() -> JsResult<Self> {
        Err(js_error!(TypeError: "crosstalk models ReadableStream only for request and response bodies."))
    }

    fn get_reader(&self, context: &mut Context) -> JsResult<JsObject> {
        let host = Host::of(context);
        check_owner(&host, self.body, context)?;
        let locked = host.get::<crate::subrequest::Bodies>().borrow().get(&self.body).is_some_and(|b| b.disturbed);
        if locked {
            return Err(js_error!(TypeError: "This ReadableStream is currently locked to a reader."));
        }
        ReadableStreamDefaultReader::from_data(ReadableStreamDefaultReader { body: self.body }, context)
    }

    #[boa(getter)]
    fn locked(&self, context: &mut Context) -> bool {
        Host::of(context).get::<crate::subrequest::Bodies>().borrow().get(&self.body).is_some_and(|b| b.disturbed)
    }

    fn cancel(&self, context: &mut Context) -> JsResult<JsValue> {
        cancel_body(&Host::of(context), self.body, context)
    }
}

#[derive(Trace, Finalize, JsData)]
pub(crate) struct ReadableStreamDefaultReader {
    #[unsafe_ignore_trace]
    pub body: u64,
}

#[boa_class(rename = "ReadableStreamDefaultReader")]
#[boa(rename_all = "camelCase")]
impl ReadableStreamDefaultReader {
    #[boa(constructor)]
    fn constructor() -> JsResult<Self> {
        Err(js_error!(TypeError: "Use body.getReader()."))
    }

    fn read(&self, context: &mut Context) -> JsPromise {
        let host = Host::of(context);
        read(&host, self.body, WaiterKind::Chunk, context)
    }

    fn cancel(&self, context: &mut Context) -> JsResult<JsValue> {
        cancel_body(&Host::of(context), self.body, context)
    }

    fn release_lock(&self) {}
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    context.register_global_class::<ReadableStream>()?;
    context.register_global_class::<ReadableStreamDefaultReader>()?;
    context.register_global_callable(js_string!("fetch"), 2, NativeFunction::from_fn_ptr(fetch))?;
    let _ = headers::HeaderList::default;
    let _: Option<ReadAs> = None;
    Ok(())
}
