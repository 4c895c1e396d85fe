//! R13 with `handle_cross_request_promise_resolution`: settlements from another request
//! are deferred into the creator's context (a `Settle` task) or dropped with W1, and a
//! waiter on another request's pending promise follows a stand-in that is rejected when
//! the creator ends.
//!
//! Invariant: a deferred settlement runs once, as its creator, or not at all (W1).

use boa_engine::object::JsObject;
use boa_engine::object::builtins::{JsFunction, JsPromise};
use boa_engine::{Context, Finalize, JsData, JsNativeError, JsResult, JsValue, NativeFunction, Trace};

use super::{CREATOR_ENDED_MESSAGE, Creation, W1, creator_request, lookup, tag_fresh};
use crate::engine::Host;
use crate::location::RawLocation;
use crate::trace::{EventKind, Owner};
use crate::world::{Phase, Task, TaskKind};

/// A settlement queued into another request's context, or an orphaned waiter's rejection.
pub(super) struct Deferred {
    function: JsFunction,
    /// `None`: reject with [`CREATOR_ENDED_MESSAGE`].
    value: Option<JsValue>,
    /// The request whose code settled it (W1 is recorded against it).
    settler: Owner,
}

/// A waiter's stand-in for another request's pending promise (flag on).
pub(super) struct ProxyWait {
    creator: u32,
    waiter: Owner,
    reject: JsFunction,
    awaited: JsPromise,
}

#[derive(Trace, Finalize, JsData)]
pub(crate) struct Captured {
    pub function: JsFunction,
    #[unsafe_ignore_trace]
    pub index: u32,
}

/// A resolving function that applies R13's flag-on rule: settling from another request
/// is deferred into the creator's context, or dropped with W1 when it has ended.
pub(crate) fn guarded_settle(function: JsFunction, index: u32, context: &mut Context) -> JsFunction {
    NativeFunction::from_copy_closure_with_captures(
        |_, args, captures: &Captured, context| {
            let host = Host::of(context);
            let value = args.first().cloned().unwrap_or_default();
            let settler = host.current.get();
            match creator_request(&host, captures.index) {
                Some(creator) if settler != Owner::Request(creator) && settler != Owner::Startup => {
                    if host.world.phase(creator) == Phase::Done {
                        host.record(EventKind::Console { level: "warn".into(), text: W1.to_string() });
                    } else {
                        defer(&host, Owner::Request(creator), captures.function.clone(), Some(value), settler);
                        host.record(EventKind::SettlementDeferred { creator: Owner::Request(creator) });
                    }
                    Ok(JsValue::undefined())
                }
                _ => captures.function.call(&JsValue::undefined(), &[value], context),
            }
        },
        Captured { function, index },
    )
    .to_js_function(context.realm())
}

fn defer(host: &Host, owner: Owner, function: JsFunction, value: Option<JsValue>, settler: Owner) {
    let id = host.provenance.next_deferred.get();
    host.provenance.next_deferred.set(id + 1);
    host.provenance.deferred.borrow_mut().insert(id, Deferred { function, value, settler });
    let now = host.world.now();
    host.world.schedule(now, Task { isolate: host.isolate, owner, kind: TaskKind::Settle(id) });
}

/// Runs a deferred settlement (task [`TaskKind::Settle`]) as its task's owner.
pub(crate) fn run_deferred(host: &Host, id: u64, context: &mut Context) {
    let Some(deferred) = host.provenance.deferred.borrow_mut().remove(&id) else { return };
    let owner = host.current.get();
    if let Some(request) = owner.request()
        && host.world.phase(request) == Phase::Done
    {
        if deferred.value.is_some() {
            host.world.record(deferred.settler, EventKind::Console { level: "warn".into(), text: W1.to_string() });
        }
        return;
    }
    let value = match deferred.value {
        Some(value) => value,
        None => JsNativeError::error().with_message(CREATOR_ENDED_MESSAGE).into_opaque(context).into(),
    };
    let settled = deferred.function.call(&JsValue::undefined(), &[value], context);
    debug_assert!(settled.is_ok(), "a promise's resolving functions never throw");
}

/// The promise a waiter should really register on, and the tag of the one it names.
///
/// Under the flag (R13), another request's pending promise is replaced by a stand-in
/// owned by the waiter: it follows the original while its creator lives and is rejected
/// with [`CREATOR_ENDED_MESSAGE`] when the creator ends first.
pub(crate) fn waited_on(
    host: &Host,
    promise: JsObject,
    at: Option<RawLocation>,
    context: &mut Context,
) -> JsResult<(JsObject, u32)> {
    let index = match lookup(host, &promise, context) {
        Some(index) => index,
        None => tag_fresh(host, &promise, Creation::Inferred, None, context),
    };
    let waiter = host.current.get();
    let Some(creator) = creator_request(host, index) else { return Ok((promise, index)) };
    if !host.world.profile.cross_request_resolution_flag()
        || waiter == Owner::Request(creator)
        || waiter == Owner::Startup
    {
        return Ok((promise, index));
    }
    let Ok(awaited) = JsPromise::from_object(promise.clone()) else { return Ok((promise, index)) };
    if !crate::engine::is_pending(&awaited) {
        return Ok((promise, index));
    }
    let (proxy, functions) = JsPromise::new_pending(context);
    let proxy_object: JsObject = proxy.clone().into();
    tag_fresh(host, &proxy_object, Creation::Proxy, at.clone(), context);
    if host.world.phase(creator) == Phase::Done {
        let error = JsNativeError::error().with_message(CREATOR_ENDED_MESSAGE).into_opaque(context);
        functions.reject.call(&JsValue::undefined(), &[error.into()], context)?;
        return Ok((proxy_object, index));
    }
    // The forwarding reactions are the waiter's and wait on the original (keep-alive).
    let then = host.provenance.intrinsic_then();
    host.provenance.set_stash(Some(index), Some(&promise), at, 2);
    let forwarded =
        then.call(&promise.clone().into(), &[functions.resolve.into(), functions.reject.clone().into()], context);
    host.provenance.clear_stash();
    if let Some(derived) = forwarded?.as_object() {
        // The forwarding chain's own promise is never observed by user code.
        tag_fresh(host, &derived, Creation::Proxy, None, context);
    }
    host.provenance.proxies.borrow_mut().push(ProxyWait { creator, waiter, reject: functions.reject, awaited });
    Ok((proxy_object, index))
}

/// R13, flag on: request `creator` ended; every live waiter still following one of its
/// pending promises gets the "has since ended" rejection, as a task of its own.
pub(crate) fn creator_ended(host: &Host, creator: u32) {
    let orphaned: Vec<ProxyWait> = {
        let mut proxies = host.provenance.proxies.borrow_mut();
        let (orphaned, kept): (Vec<_>, Vec<_>) = proxies.drain(..).partition(|p| p.creator == creator);
        *proxies = kept;
        orphaned
    };
    for proxy in orphaned {
        if !crate::engine::is_pending(&proxy.awaited) {
            continue;
        }
        if let Some(request) = proxy.waiter.request()
            && host.world.phase(request) == Phase::Done
        {
            continue;
        }
        defer(host, proxy.waiter, proxy.reject, None, proxy.waiter);
    }
}
