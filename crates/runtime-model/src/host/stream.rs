//! The body stream: every body handed to JS (subrequest responses, KV values, cached
//! and worker-built responses) as a [`Bodies`] component, the reads that consume it
//! (`text()`/`json()`/…, `reader.read()`), cancellation, and the underlying source the
//! JS `ReadableStream` (web/streams.js) reads a host body through. Extracting a
//! `BodyInit` and converting bytes is host/body.rs.
//!
//! R8: every body read checks that the running request owns the body.

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::{JsPromise, JsUint8Array};
use boa_engine::property::Attribute;
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsValue, NativeFunction, js_string};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use crate::component::Component;
use crate::engine::Host;
use crate::host::body::{self, ReadAs};
use crate::location::caller;
use crate::subrequest::SubState;
use crate::trace::{EventKind, Owner};

/// R8: the message for I/O on another request's object, workerd's text to the letter:
/// workerd 1.20261117 ends it `(I/O type: ReadableStreamSource>)`, with a stray `>` from
/// its type-name printing (SEMANTICS.md quotes it without; `crosstalk conform` compares
/// the text workers and tests see, so crosstalk keeps workerd's).
pub(crate) const FOREIGN_IO_MESSAGE: &str = "Cannot perform I/O on behalf of a different request. I/O objects (such as streams, request/response bodies, and others) created in the context of one request handler cannot be accessed from a different request's handler. This is a limitation of Cloudflare Workers which allows us to improve overall performance. (I/O type: ReadableStreamSource>)";

/// A body being streamed to JS: chunks that arrived and have not been read yet.
pub(crate) struct BodyState {
    /// The request whose I/O this is (R8); `None` for bodies the worker built itself.
    pub owner: Option<u32>,
    pub subrequest: Option<(u32, u32)>,
    /// The whole body, as it will have arrived once complete.
    pub full: Rc<Vec<u8>>,
    pub buffered: VecDeque<Vec<u8>>,
    pub complete: bool,
    /// Reading has started (`bodyUsed`).
    pub disturbed: bool,
    /// Everything was read.
    pub finished: bool,
    /// Set when the body was cancelled: reads reject with this message.
    pub error: Option<String>,
    pub waiters: VecDeque<Waiter>,
}

pub(crate) enum WaiterKind {
    /// `text()`/`json()`/`arrayBuffer()`/`bytes()`: the whole body.
    All(ReadAs),
    /// `reader.read()`: the next chunk.
    Chunk,
}

pub(crate) struct Waiter {
    pub resolvers: ResolvingFunctions,
    pub kind: WaiterKind,
}

/// The isolate's bodies being streamed to JS, by id.
#[derive(Default)]
pub(crate) struct Bodies {
    // invariant: ids are >= 1 and never reused.
    map: RefCell<BTreeMap<u64, BodyState>>,
    last_id: Cell<u64>,
}

impl Bodies {
    /// Registers a body and returns its id.
    pub(crate) fn insert(&self, body: BodyState) -> u64 {
        let id = self.last_id.get() + 1;
        self.last_id.set(id);
        assert!(id >= 1, "body ids start at 1");
        self.map.borrow_mut().insert(id, body);
        id
    }

    /// `read` of body `id`; `None` when there is none. Like every method here, the map is
    /// borrowed only for the closure, which never runs JavaScript.
    pub(crate) fn with<R>(&self, id: u64, read: impl FnOnce(&BodyState) -> R) -> Option<R> {
        self.map.borrow().get(&id).map(read)
    }

    /// `change` of body `id`; `None` when there is none.
    pub(crate) fn with_mut<R>(&self, id: u64, change: impl FnOnce(&mut BodyState) -> R) -> Option<R> {
        self.map.borrow_mut().get_mut(&id).map(change)
    }
}

impl Component for Bodies {
    fn clear_js_values(&self) {
        self.map.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.map.borrow().is_empty()
    }
}

/// Serves waiting body reads from what has arrived, in order.
pub(crate) fn pump(host: &Host, id: u64, context: &mut Context) {
    loop {
        let step = host.get::<Bodies>().with_mut(id, |body| {
            if let Some(message) = body.error.clone() {
                return body.waiters.pop_front().map(|waiter| Step::Fail(waiter, message));
            }
            match body.waiters.front().map(|w| matches!(w.kind, WaiterKind::Chunk)) {
                None => None,
                Some(true) => {
                    if let Some(chunk) = body.buffered.pop_front() {
                        Some(Step::Chunk(body.waiters.pop_front().expect("front exists"), Some(chunk)))
                    } else if body.complete {
                        body.finished = true;
                        Some(Step::Chunk(body.waiters.pop_front().expect("front exists"), None))
                    } else {
                        None
                    }
                }
                Some(false) => {
                    if !body.complete {
                        return None;
                    }
                    let all: Vec<u8> = body.buffered.drain(..).flatten().collect();
                    body.finished = true;
                    Some(Step::All(body.waiters.pop_front().expect("front exists"), all))
                }
            }
        });
        let Some(Some(step)) = step else { return };
        let subrequest = host.get::<Bodies>().with(id, |b| b.subrequest).flatten();
        match step {
            Step::Fail(waiter, message) => {
                let error = JsNativeError::error().with_message(message.trim_start_matches("Error: ").to_string());
                crate::host::settle(&waiter.resolvers, Err(JsError::from(error)), context);
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
                crate::host::settle(&waiter.resolvers, Ok(result.into()), context);
                if done && let Some(key) = subrequest {
                    host.finish(key);
                }
            }
            Step::All(waiter, bytes) => {
                let WaiterKind::All(read_as) = waiter.kind else { unreachable!("matched above") };
                let converted = body::convert(&bytes, read_as, context);
                crate::host::settle(&waiter.resolvers, converted, context);
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
    let waiters: Vec<Waiter> = host.get::<Bodies>().with_mut(id, |b| b.waiters.drain(..).collect()).unwrap_or_default();
    for waiter in waiters {
        crate::host::settle(&waiter.resolvers, Err(JsError::from_opaque(reason.clone())), context);
    }
}

/// R8: the error (and trace event) for reading a body owned by another request.
fn check_owner(host: &Host, id: u64, context: &mut Context) -> JsResult<()> {
    let owner = host.get::<Bodies>().with(id, |b| b.owner).flatten();
    let current = host.current.get();
    if let Some(owner) = owner
        && let Owner::Request(current) = current
        && !host.world.same_io_context(current, owner)
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
    let Some(disturbed) = host.get::<Bodies>().with(id, |b| b.disturbed) else {
        return body::rejected(body::used_error(), context);
    };
    if whole && disturbed {
        return body::rejected(body::used_error(), context);
    }
    let (promise, resolvers) = JsPromise::new_pending(context);
    crate::provenance::tag_host(host, &promise, "a body read", context);
    let subrequest = host.get::<Bodies>().with_mut(id, |body| {
        body.disturbed = true;
        body.waiters.push_back(Waiter { resolvers, kind });
        body.subrequest
    });
    let subrequest = subrequest.expect("checked above: making a promise removes no body");
    if let Some(key) = subrequest {
        host.touch(key);
    }
    pump(host, id, context);
    promise
}

/// Cancels body `id` (`body.cancel()`, `reader.cancel()`): frees its subrequest slot.
pub(crate) fn cancel_body(host: &Host, id: u64, context: &mut Context) -> JsResult<JsValue> {
    check_owner(host, id, context)?;
    let subrequest = host.get::<Bodies>().with_mut(id, |b| {
        b.disturbed = true;
        b.finished = true;
        b.buffered.clear();
        b.subrequest
    });
    if let Some(Some(key)) = subrequest {
        let open = host.get::<crate::subrequest::Subrequests>().with(key, |s| s.state == SubState::Open) == Some(true);
        if open {
            host.cancel(key, crate::trace::CancelReason::Aborted, "Error: This body was cancelled.", true);
        }
    }
    Ok(JsPromise::resolve(JsValue::undefined(), context)?.into())
}

/// The underlying source of the `ReadableStream` over host body `id`
/// (web/streams.js `fromSource`): `read()` gives the next chunk as `{ value, done }`,
/// `cancel()` cancels the body; both check R8; `length` is the body's size in bytes
/// (what workerd's console shows as the stream's `[length]`). `id` lets the host take an untouched
/// stream's body over whole (`body::extract`); the stream keeps this object private.
pub(crate) fn source_object(id: u64, context: &mut Context) -> JsObject {
    let read = NativeFunction::from_copy_closure_with_captures(
        |_, _, id: &u64, context| Ok(read(&Host::of(context), *id, WaiterKind::Chunk, context).into()),
        id,
    );
    let cancel = NativeFunction::from_copy_closure_with_captures(
        |_, _, id: &u64, context| match cancel_body(&Host::of(context), *id, context) {
            Ok(value) => Ok(value),
            Err(error) => Ok(body::rejected(error, context).into()),
        },
        id,
    );
    let length = Host::of(context).get::<Bodies>().with(id, |body| body.full.len() as f64);
    ObjectInitializer::new(context)
        .function(read, js_string!("read"), 0)
        .function(cancel, js_string!("cancel"), 1)
        .property(js_string!("id"), id as f64, Attribute::READONLY)
        .property(js_string!("length"), length.map_or(JsValue::undefined(), JsValue::from), Attribute::READONLY)
        .build()
}
