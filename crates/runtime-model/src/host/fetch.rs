//! `fetch()`: the JS surface of subrequests. The subrequest state machine lives in
//! crate::subrequest; the bodies it streams in host/stream.rs.

use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsError, JsNativeError, JsResult, JsValue, js_error, js_string};
use std::collections::VecDeque;
use std::rc::Rc;

use crate::engine::Host;
use crate::host::body;
use crate::host::request::Request;
use crate::host::require_request;
use crate::host::response::Response;
use crate::host::stream::{BodyState, pump};
use crate::location::caller;
use crate::scheduler::LatencyKey;
use crate::subrequest::{Draws, PendingDraw, SubState, Subrequest};
use crate::trace::{EventKind, Owner};
use crate::world::{Phase, Task, TaskKind};

fn rejected(error: JsError, context: &mut Context) -> JsValue {
    body::rejected(error, context).into()
}

pub(crate) fn fetch(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    // At the top level the global-scope error is the promise's rejection, not a throw
    // (workerd 1.20261117).
    let owner = match require_request(&host, "fetch()") {
        Ok(Owner::Request(owner)) => owner,
        Ok(_) => unreachable!("require_request"),
        Err(error) => return Ok(rejected(error, context)),
    };
    let input = args.first().cloned().unwrap_or_default();
    let init = args.get(1).cloned();
    let request = match Request::build(input, init.clone(), context) {
        Ok(request) => request,
        Err(error) => return Ok(rejected(error, context)),
    };
    // A URL no fetch can load never leaves the worker, so it is not a subrequest either
    // (workerd 1.20261117: the 51st such fetch is still this TypeError).
    let scheme = request.url.split(':').next().unwrap_or_default().to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https" | "data") {
        return Ok(rejected(js_error!(TypeError: "Fetch API cannot load: {}", request.url), context));
    }
    let at = caller(context);
    let n = match number_subrequest(&host, owner, at.clone()) {
        Ok(n) => n,
        Err(error) => return Ok(rejected(error, context)),
    };
    let phase = host.world.phase(owner);
    host.record(EventKind::Fetch { n, method: request.method.clone(), url: request.url.clone(), at });
    let signal = match init.as_ref().and_then(JsValue::as_object) {
        Some(init) => crate::host::abort::signal_of(&init.get(js_string!("signal"), context)?, context)?,
        None => None,
    };
    // `fetch(request)` follows the request's own signal (`new Request(url, { signal })`).
    let signal = signal.or_else(|| request.given_signal());
    if let Some(signal) = &signal
        && signal.get(js_string!("aborted"), context)?.to_boolean()
    {
        let reason = signal.get(js_string!("reason"), context)?;
        host.record(EventKind::SubrequestFailed { n, message: "aborted before it was sent".to_string() });
        return Ok(rejected(JsError::from_opaque(reason), context));
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
    let aborted = match &signal {
        Some(signal) => Some(crate::host::abort::on_abort(signal, context)?),
        None => None,
    };
    host.get::<crate::subrequest::Subrequests>().insert(
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
            aborted,
            service: None,
        },
    );
    if phase == Phase::Done {
        // Code still running for a request that has ended: its I/O never happens (R6).
        host.cancel(key, crate::trace::CancelReason::RequestEnded, crate::subrequest::REQUEST_ENDED, false);
        return Ok(promise.into());
    }
    host.admit(key);
    Ok(promise.into())
}

/// R9's total limit: numbers the next I/O of request `owner` as a subrequest (a `fetch()`
/// or a service binding call), or gives the error of the one past the limit.
pub(crate) fn number_subrequest(host: &Host, owner: u32, at: Option<crate::Location>) -> Result<u32, JsError> {
    let (made, n) = host.world.with_request(owner, |r| {
        r.subrequests_made += 1;
        r.io_made += 1;
        (r.subrequests_made, r.io_made)
    });
    let limit = host.world.limits.subrequests_per_request;
    if made > limit {
        host.record(EventKind::TooManySubrequests { n, limit, at });
        return Err(JsNativeError::error().with_message("Too many subrequests.").into());
    }
    Ok(n)
}

/// The headers of subrequest `key` arrived: resolve its `fetch()` promise (R9). The
/// body then arrives in the origin's chunks, or, for a service binding's answer (whose
/// body the callee had finished), at once.
pub(crate) fn headers_arrived(host: &Host, key: (u32, u32), context: &mut Context) {
    let arrived = host.get::<crate::subrequest::Subrequests>().with_mut(key, |s| {
        (s.state == SubState::AwaitingHeaders).then(|| {
            s.state = SubState::Open;
            (s.origin.clone(), s.url.clone(), s.resolvers.take())
        })
    });
    let Some(Some((origin, url, resolvers))) = arrived else {
        return;
    };
    host.touch(key);
    host.current.set(Owner::Request(key.0));
    host.record(EventKind::SubrequestHeaders { n: key.1, status: origin.status });
    let full = Rc::new(origin.body.clone().into_bytes());
    let empty = full.is_empty();
    let at_once = host.get::<crate::subrequest::Subrequests>().with(key, |s| !s.is_connection()) == Some(true);
    let buffered = if at_once && !empty { VecDeque::from([full.to_vec()]) } else { VecDeque::new() };
    let id = host.get::<crate::host::stream::Bodies>().insert(BodyState {
        owner: Some(key.0),
        subrequest: Some(key),
        full,
        buffered,
        complete: empty || at_once,
        disturbed: false,
        finished: false,
        error: None,
        waiters: VecDeque::new(),
    });
    host.get::<crate::subrequest::Subrequests>().with_mut(key, |sub| sub.body = Some(id));
    // A Durable Object's (or service's) 101 answer hands over its WebSocket (R21).
    let callee = host.get::<crate::subrequest::Subrequests>().with(key, |s| s.service.as_ref().map(|c| c.callee));
    let socket = callee.flatten().and_then(|callee| host.world.with_request(callee, |r| r.answer.websocket));
    let response = Response::received(&origin, &url, id, socket, context);
    match (response, resolvers) {
        (Ok(response), Some(resolvers)) => {
            crate::host::settle(&resolvers, Ok(response.into()), context);
        }
        (Err(error), Some(resolvers)) => {
            crate::host::settle(&resolvers, Err(error), context);
        }
        _ => {}
    }
    if empty {
        host.finish(key);
    } else if !at_once {
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
    let open = host
        .get::<crate::subrequest::Subrequests>()
        .with(key, |s| if s.state == SubState::Open { s.body.map(|id| (s.origin.clone(), id)) } else { None });
    let Some(Some((origin, id))) = open else {
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
    host.get::<crate::host::stream::Bodies>().with_mut(id, |body| {
        if !piece.is_empty() {
            body.buffered.push_back(piece);
        }
        body.complete = chunk >= total;
    });
    if chunk < total {
        schedule_chunk(host, key, chunk + 1, &origin);
    }
    pump(host, id, context);
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    crate::host::global_scope::callable("fetch", 0, fetch, context)?;
    Ok(())
}
