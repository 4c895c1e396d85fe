//! Promise provenance: which request created each promise, and which promise each
//! reaction waits on (R13, and the "awaited at … a promise created by …" of hang reports).
//! This module is the tag store; `deferral` holds R13's flag-on deferral, host/promise.rs
//! the JS-facing `Promise` wrappers and hooks, sites.rs the site table.
//!
//! boa 0.22 has no promise-creation hook, so provenance is assembled from levers that
//! exist (ARCHITECTURE.md, "Promise provenance", lists what each covers):
//! - a native replacement of the global `Promise` constructor that builds a genuine
//!   intrinsic promise and tags it (`new Promise`, subclasses through `super`);
//! - native wrappers of `Promise.prototype.then` (which `catch`, `finally`, `await`ed
//!   thenables and the combinators all go through) and of the statics;
//! - the source instrumentation of crosstalk-instrument: every async function's result
//!   passes through `__ct$t` (tagged at call time) and every `await e` through `__ct$a`
//!   (which names the exact promise and the exact site of the `await`);
//! - host code tags the promises it makes (fetch, body reads, KV, cache, `scheduler.wait`).
//!
//! A promise none of these saw (made by code crosstalk does not instrument: `eval`,
//! `new Function`, an async generator's own promise) is tagged when first seen, as
//! created by the request that first used it, and marked [`Creation::Inferred`]; reports
//! that rely on such a tag say so.
//!
//! The tag of the promise a reaction is about to wait on travels in a short-lived
//! *stash*: set by `__ct$a` or the `then` wrapper, consumed by the engine's very next
//! `make_job_callback` calls for the same registration (an `await` registers two
//! reactions, `then` up to two).

use boa_engine::builtins::promise::Promise;
use boa_engine::object::JsObject;
use boa_engine::object::builtins::{JsFunction, JsPromise, JsWeakMap};
use boa_engine::{Context, JsValue};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

mod deferral;

pub(crate) use deferral::{Captured, guarded_settle, waited_on};
pub(crate) use deferral::{creator_ended, run_deferred};

use crate::engine::Host;
use crate::location::{RawLocation, caller_location};
use crate::trace::{Awaited, Owner};

/// The error a waiter gets when the creator of the promise it awaits has ended (R13,
/// `workerd` with `handle_cross_request_promise_resolution`).
pub const CREATOR_ENDED_MESSAGE: &str = "This promise was created by a request that has since ended, so it can never settle. With the handle_cross_request_promise_resolution compatibility flag, a promise can only settle in the request that created it, and settling it after that request ends is dropped.";

/// Warning W1 (R13): a settlement from another request, after the creator ended.
pub const W1: &str = "A promise was resolved or rejected from a different request context than the one it was created in. However, the creating request has already been completed or canceled. Continuations for that request are unlikely to run safely and have been canceled. If this behavior breaks your worker, consider setting the `no_handle_cross_request_promise_resolution` compatibility flag for your worker.";

/// How a promise came to be, as far as crosstalk saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Creation {
    NewPromise,
    AsyncFunction,
    Then,
    Static(&'static str),
    Host(&'static str),
    /// A per-waiter stand-in for another request's promise (R13, flag on).
    Proxy,
    /// Never seen at creation: tagged when first used.
    Inferred,
}

impl Creation {
    pub(crate) fn describe(self) -> String {
        match self {
            Self::NewPromise => "new Promise()".into(),
            Self::AsyncFunction => "an async function call".into(),
            Self::Then => "then()/catch()/finally()".into(),
            Self::Static(name) => format!("Promise.{name}()"),
            Self::Host(api) => api.into(),
            Self::Proxy => "a cross-request await".into(),
            Self::Inferred => "code crosstalk does not instrument".into(),
        }
    }
}

/// What crosstalk knows about one promise.
#[derive(Clone, Debug)]
pub(crate) struct PromiseTag {
    pub creator: Owner,
    pub creation: Creation,
    /// Where it was created (`worker.js:5:15`), when known.
    pub at: Option<RawLocation>,
}

/// The registration the engine is about to make: the promise it waits on and the site.
#[derive(Clone, Debug)]
struct Stash {
    tag: Option<u32>,
    at: Option<RawLocation>,
    promise: Option<JsPromise>,
    group: u64,
    remaining: u8,
}

/// What the next reaction registrations wait on (consumed by `make_job_callback`).
pub(crate) struct Waiting {
    pub tag: Option<u32>,
    pub at: Option<RawLocation>,
    pub promise: Option<JsPromise>,
    pub group: u64,
}

/// Per-isolate provenance state.
#[derive(Default)]
pub(crate) struct Provenance {
    map: RefCell<Option<JsWeakMap>>,
    tags: RefCell<Vec<PromiseTag>>,
    stash: RefCell<Option<Stash>>,
    next_group: Cell<u64>,
    intrinsic_promise: RefCell<Option<JsObject>>,
    intrinsic_then: RefCell<Option<JsFunction>>,
    global_promise: RefCell<Option<JsObject>>,
    deferred: RefCell<BTreeMap<u64, deferral::Deferred>>,
    next_deferred: Cell<u64>,
    proxies: RefCell<Vec<deferral::ProxyWait>>,
}

impl Provenance {
    pub(crate) fn clear_js_values(&self) {
        self.map.borrow_mut().take();
        self.stash.borrow_mut().take();
        self.intrinsic_promise.borrow_mut().take();
        self.intrinsic_then.borrow_mut().take();
        self.global_promise.borrow_mut().take();
        self.deferred.borrow_mut().clear();
        self.proxies.borrow_mut().clear();
    }

    /// Whether no JS value is held (after `clear_js_values`).
    pub(crate) fn is_clear(&self) -> bool {
        self.map.borrow().is_none()
            && self.stash.borrow().is_none()
            && self.intrinsic_promise.borrow().is_none()
            && self.intrinsic_then.borrow().is_none()
            && self.global_promise.borrow().is_none()
            && self.deferred.borrow().is_empty()
            && self.proxies.borrow().is_empty()
    }

    /// The intrinsic `%Promise%`, its `then`, and the global replacement, recorded when
    /// the wrappers are installed (host/promise.rs).
    pub(crate) fn set_intrinsics(&self, promise: JsObject, then: JsFunction) {
        *self.intrinsic_promise.borrow_mut() = Some(promise);
        *self.intrinsic_then.borrow_mut() = Some(then);
    }

    pub(crate) fn set_global_promise(&self, constructor: JsObject) {
        *self.global_promise.borrow_mut() = Some(constructor);
    }

    pub(crate) fn intrinsic_promise(&self) -> JsObject {
        self.intrinsic_promise.borrow().clone().expect("installed")
    }

    pub(crate) fn intrinsic_then(&self) -> JsFunction {
        self.intrinsic_then.borrow().clone().expect("installed")
    }

    pub(crate) fn global_promise(&self) -> Option<JsObject> {
        self.global_promise.borrow().clone()
    }

    pub(crate) fn tag(&self, index: u32) -> Option<PromiseTag> {
        self.tags.borrow().get(index as usize).cloned()
    }

    /// Takes the stash for one reaction registration.
    pub(crate) fn take_waiting(&self) -> Option<Waiting> {
        let mut stash = self.stash.borrow_mut();
        let s = stash.as_mut()?;
        let waiting = Waiting { tag: s.tag, at: s.at.clone(), promise: s.promise.clone(), group: s.group };
        s.remaining -= 1;
        if s.remaining == 0 {
            stash.take();
        }
        Some(waiting)
    }

    pub(crate) fn new_group(&self) -> u64 {
        let g = self.next_group.get();
        self.next_group.set(g + 1);
        g
    }

    pub(crate) fn set_stash(
        &self,
        tag: Option<u32>,
        promise: Option<&JsObject>,
        at: Option<RawLocation>,
        remaining: u8,
    ) {
        let group = self.new_group();
        let promise = promise.and_then(|p| JsPromise::from_object(p.clone()).ok());
        *self.stash.borrow_mut() = Some(Stash { tag, at, promise, group, remaining });
    }

    pub(crate) fn clear_stash(&self) {
        self.stash.borrow_mut().take();
    }

    /// The description of the promise with tag `index`, for the trace.
    pub(crate) fn awaited(&self, index: u32) -> Option<Awaited> {
        self.tag(index).map(|t| Awaited {
            creator: t.creator,
            created_at: t.at.map(|l| l.to_location()),
            how: t.creation.describe(),
            inferred: t.creation == Creation::Inferred,
        })
    }
}

pub(crate) fn weak_map(host: &Host, context: &mut Context) -> JsWeakMap {
    if let Some(map) = host.provenance.map.borrow().as_ref() {
        return map.clone();
    }
    let map = JsWeakMap::new(context);
    *host.provenance.map.borrow_mut() = Some(map.clone());
    map
}

/// The tag of `promise`, if it has one.
pub(crate) fn lookup(host: &Host, promise: &JsObject, context: &mut Context) -> Option<u32> {
    let map = weak_map(host, context);
    map.get(promise, context).ok().and_then(|v| v.as_number()).map(|n| n as u32)
}

/// Tags `promise` as created now by the running owner (no-op when already tagged).
pub(crate) fn tag(
    host: &Host,
    promise: &JsObject,
    creation: Creation,
    at: Option<RawLocation>,
    context: &mut Context,
) -> u32 {
    if let Some(index) = lookup(host, promise, context) {
        return index;
    }
    tag_fresh(host, promise, creation, at, context)
}

pub(crate) fn tag_fresh(
    host: &Host,
    promise: &JsObject,
    creation: Creation,
    at: Option<RawLocation>,
    context: &mut Context,
) -> u32 {
    let index = reserve(host, creation, at);
    let map = weak_map(host, context);
    let tagged = map.set(promise, JsValue::from(index), context);
    debug_assert!(tagged.is_ok(), "a WeakMap accepts any object key");
    index
}

pub(crate) fn reserve(host: &Host, creation: Creation, at: Option<RawLocation>) -> u32 {
    let mut tags = host.provenance.tags.borrow_mut();
    tags.push(PromiseTag { creator: host.current.get(), creation, at });
    (tags.len() - 1) as u32
}

/// Tags a promise made by a host API (`fetch()`, `response.text()`, `KV.get()`…).
pub(crate) fn tag_host(host: &Host, promise: &JsPromise, api: &'static str, context: &mut Context) {
    let object: JsObject = promise.clone().into();
    let at = if host.capture_locations { caller_location(context) } else { None };
    tag(host, &object, Creation::Host(api), at, context);
}

pub(crate) fn as_promise(value: &JsValue) -> Option<JsObject> {
    value.as_object().filter(|o| o.is::<Promise>())
}

/// The request that created the promise with tag `index`, if a request did.
pub(crate) fn creator_request(host: &Host, index: u32) -> Option<u32> {
    host.provenance.tags.borrow().get(index as usize).and_then(|t| t.creator.request())
}
