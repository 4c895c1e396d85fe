//! Globals built on first read: `console`, `crypto`, `caches` and the classes few workers
//! use (`Crypto`, `SubtleCrypto`, `CryptoKey`, `CacheStorage`, `Cache`, `TextEncoder`,
//! `TextDecoder`, `WebAssembly`, `URL`, `URLSearchParams`,
//! `Intl`), and
//! `nodejs_compat_v2`'s `setImmediate` and `clearImmediate`.
//!
//! Every schedule boots a fresh isolate, so every object an isolate makes at boot is paid
//! for in every schedule, twice (made, then swept by the next schedule's collection).
//! These globals are accessors whose one function is both getter and setter, as the Web
//! modules' are (`web::install_globals`): the first read builds the value, in the realm
//! of the isolate, and every later read returns the same one; an assignment replaces it.
//! The accessor is never replaced by a data property: boa 0.22 caches global lookups by
//! shape, and a global that changes from accessor to data property can be read through
//! a stale cache entry.
//!
//! A class built here is registered in the realm (so `Class::from_data` finds it) without
//! a global data property: [`class`] is how Rust code that makes instances of one gets it
//! first.

use std::cell::RefCell;

use boa_engine::class::Class;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, NativeFunction};

use crate::component::Component;
use crate::engine::Host;

/// What builds a lazy global's value.
type Build = fn(&mut Context) -> JsResult<JsValue>;

/// Which globals a lazy global is one of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Set {
    /// Every isolate's.
    Web,
    /// `nodejs_compat_v2`'s (installed with `Buffer` and `process`).
    Node,
}

/// The globals built on first read, in the order they are installed.
const LAZY: [(&str, Set, Build); 22] = [
    ("console", Set::Web, |c| crate::host::console::build(c).map(JsValue::from)),
    ("crypto", Set::Web, |c| crate::host::crypto::build(c).map(JsValue::from)),
    ("Crypto", Set::Web, |c| crate::host::crypto::class(c).map(JsValue::from)),
    ("SubtleCrypto", Set::Web, |c| crate::host::crypto::subtle_class(c).map(JsValue::from)),
    ("CryptoKey", Set::Web, crypto_key),
    ("caches", Set::Web, |c| crate::host::cache::build(c).map(JsValue::from)),
    ("CacheStorage", Set::Web, |c| class::<crate::host::cache::CacheStorage>(c).map(JsValue::from)),
    ("Cache", Set::Web, |c| class::<crate::host::cache::Cache>(c).map(JsValue::from)),
    ("TextDecoder", Set::Web, |c| class::<crate::host::encoding::TextDecoder>(c).map(JsValue::from)),
    ("TextEncoder", Set::Web, |c| class::<crate::host::encoding::TextEncoder>(c).map(JsValue::from)),
    ("WebAssembly", Set::Web, crate::host::wasm::build),
    ("URL", Set::Web, |c| class::<crate::host::url::Url>(c).map(JsValue::from)),
    ("URLSearchParams", Set::Web, |c| crate::host::url_search_params::class(c).map(JsValue::from)),
    ("navigator", Set::Web, crate::host::navigator::build),
    ("Navigator", Set::Web, crate::host::navigator::class),
    ("Cloudflare", Set::Web, crate::host::global_scope::cloudflare),
    ("WebSocketRequestResponsePair", Set::Web, crate::host::websocket::request_response_pair_class),
    ("WeakRef", Set::Web, |c| crate::host::weak_refs::build("WeakRef", c)),
    ("FinalizationRegistry", Set::Web, |c| crate::host::weak_refs::build("FinalizationRegistry", c)),
    ("Intl", Set::Web, crate::host::intl::build),
    ("setImmediate", Set::Node, |c| node_timers_export(c, "globalSetImmediate")),
    ("clearImmediate", Set::Node, |c| node_timers_export(c, "globalClearImmediate")),
];

/// An export of `web/node_timers.js` (workerd's `Immediate` is node:timers' own).
fn node_timers_export(context: &mut Context, name: &str) -> JsResult<JsValue> {
    let exports = crate::host::web::exports(crate::host::web::WebModule::NodeTimers, context)?;
    exports.get(JsString::from(name), context)
}

/// `CryptoKey`: the class `crypto.subtle` makes keys of (registered by whichever of the
/// two globals is read first).
fn crypto_key(context: &mut Context) -> JsResult<JsValue> {
    let class = crosstalk_webcrypto::crypto_key_class(context)?;
    crate::host::tag_prototype(&class, "CryptoKey", context)?;
    Ok(class.into())
}

/// The values of the lazy globals that were read or assigned in this isolate.
#[derive(Default)]
pub(crate) struct LazyGlobals {
    // invariant: at most one entry per index of `LAZY`; an entry is the value the global
    // reads as (built on first read, or assigned by the worker).
    values: RefCell<Vec<(u8, JsValue)>>,
}

impl Component for LazyGlobals {
    fn clear_js_values(&self) {
        self.values.borrow_mut().clear();
    }

    fn is_clear(&self) -> bool {
        self.values.borrow().is_empty()
    }
}

/// The lazy globals `Object.keys(globalThis)` lists in workerd 1.20261117 (its Web classes
/// and `console` it does not).
const ENUMERABLE: [&str; 4] = ["crypto", "caches", "navigator", "Cloudflare"];

/// Installs the lazy globals of every isolate.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    install(Set::Web, context)
}

/// Installs `nodejs_compat_v2`'s lazy globals: `setImmediate` and `clearImmediate`
/// (workerd 1.20261117 defines them on the global scope's prototype, so
/// `Object.keys(globalThis)` does not list them: not enumerable here, where they are own).
pub(crate) fn register_node(context: &mut Context) -> JsResult<()> {
    install(Set::Node, context)
}

fn install(set: Set, context: &mut Context) -> JsResult<()> {
    for (index, (name, of, _)) in LAZY.iter().enumerate() {
        if *of != set || !crate::host::global_scope::exposed(name, context) {
            continue;
        }
        let index = u8::try_from(index).expect("fewer than 256 lazy globals");
        let access = NativeFunction::from_copy_closure_with_captures(access, index);
        let access = FunctionObjectBuilder::new(context.realm(), access).build();
        // The object workerd has it on (`global_scope`): its prototypes' are enumerable.
        let (holder, enumerable) = crate::host::global_scope::holder(name, context);
        crate::host::define_new(
            &holder,
            JsString::from(*name),
            PropertyDescriptor::builder()
                .get(access.clone())
                .set(access)
                .enumerable(enumerable.unwrap_or(ENUMERABLE.contains(name)))
                .configurable(true),
        );
    }
    Ok(())
}

/// The getter (no argument) and the setter (one argument) of lazy global `index`.
fn access(_: &JsValue, args: &[JsValue], index: &u8, context: &mut Context) -> JsResult<JsValue> {
    let index = *index;
    let globals = Host::of(context).get::<LazyGlobals>();
    if let Some(value) = args.first() {
        let mut values = globals.values.borrow_mut();
        match values.iter_mut().find(|(i, _)| *i == index) {
            Some(entry) => entry.1 = value.clone(),
            None => values.push((index, value.clone())),
        }
        return Ok(JsValue::undefined());
    }
    let known = globals.values.borrow().iter().find(|(i, _)| *i == index).map(|(_, v)| v.clone());
    if let Some(value) = known {
        return Ok(value);
    }
    // Built outside the borrow: a builder may read another lazy global.
    let value = (LAZY[usize::from(index)].2)(context)?;
    let mut values = globals.values.borrow_mut();
    debug_assert!(values.iter().all(|(i, _)| *i != index), "a lazy global is built once");
    values.push((index, value.clone()));
    Ok(value)
}

/// The constructor of class `C` in this realm, registered on first use (without a global).
pub(crate) fn class<C: Class>(context: &mut Context) -> JsResult<JsObject> {
    let first = context.get_global_class::<C>().is_none();
    let constructor = crate::host::global_scope::register_class::<C>(context)?;
    if first {
        crate::host::global_scope::make_members_enumerable::<C>(context)?;
    }
    crate::host::tag_prototype(&constructor, C::NAME, context)?;
    Ok(constructor)
}
