//! `Proxy`, with V8's stack limit on chains of proxies.
//!
//! An operation on a proxy without the trap for it is the same operation on its target,
//! and a trap is looked up on the handler with an ordinary property read. A proxy whose
//! target (or handler) is a proxy therefore recurses: boa 0.22 recurses natively, once a
//! link, without running any JS, so no call meter sees it, and a chain of a million
//! proxies would overflow the process's stack (a `crash`). V8 checks its stack at each
//! link and throws the catchable `RangeError: Maximum call stack size exceeded` (workerd
//! 1.20261117, an empty handler at every link: `set` and `Object.keys` at 2,000 links,
//! `in` at 8,000, a read at 10,000; a chain of handlers likewise).
//!
//! The `Proxy` constructor here is boa's, with one difference: a proxy whose target or
//! handler is a proxy is given, instead of its handler, a handler of crosstalk's
//! ([`Checked`]) that holds the given one. Every trap name of a checked handler is an
//! accessor (on their shared prototype), so boa's lookup of a trap calls its getter,
//! which checks the run's native stack (`stack::check_proxy_link`, against a budget near
//! V8's own stack) and then reads the trap from the given handler, as boa would have read
//! it:
//! - no trap: the getter answers `undefined`, and boa does the operation on the target
//!   itself, as it would have;
//! - a trap: the getter answers the checked handler's caller for that trap, which calls
//!   the given trap with the given handler as `this` (the trap read is kept in the checked
//!   handler between the getter and the call, which boa makes next, without running JS).
//!
//! A checked handler has no trap of its own, so boa makes no check of a trap's result
//! the given handler would not have made (each one reads the target again: traps at
//! every link would make a chain's cost exponential). The checked handler is never given
//! to the worker's code. A proxy over an ordinary object, with an ordinary handler, is
//! boa's own, untouched.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, Trace, js_string,
};
use boa_gc::GcRefCell;
use std::cell::RefCell;

use crate::component::Component;
use crate::engine::Host;

/// The handler's traps (ECMA-262, "Proxy Object Internal Methods and Internal Slots").
const TRAPS: [&str; 13] = [
    "getPrototypeOf",
    "setPrototypeOf",
    "isExtensible",
    "preventExtensions",
    "getOwnPropertyDescriptor",
    "defineProperty",
    "has",
    "get",
    "set",
    "deleteProperty",
    "ownKeys",
    "apply",
    "construct",
];

/// The handler crosstalk gives a proxy of a chain: the handler it was given, and the
/// trap its getter read last, for the caller boa calls next.
#[derive(Trace, Finalize, JsData)]
struct Checked {
    given: JsObject,
    read: GcRefCell<Option<JsObject>>,
}

/// The prototype of the isolate's checked handlers, holding the thirteen accessors, made
/// when the isolate's first chain is.
#[derive(Default)]
pub(crate) struct ProxyTraps {
    prototype: RefCell<Option<JsObject>>,
}

impl Component for ProxyTraps {
    fn clear_js_values(&self) {
        self.prototype.borrow_mut().take();
    }

    fn is_clear(&self) -> bool {
        self.prototype.borrow().is_none()
    }
}

/// Puts the constructor in front of boa's as the global `Proxy`, a data property as in
/// V8, with V8's own properties (`length`, `name`, `revocable`, in that order).
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    // boa's constructor: no JS reaches it once the global is the wrapper, so its
    // `revocable` is read where it is called, not at every boot.
    let original = context.intrinsics().constructors().proxy().constructor();
    let wrapper: JsObject = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(construct, original.clone()),
    )
    .name(js_string!("Proxy"))
    .length(2)
    .constructor(true)
    .build()
    .into();
    let revocable = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(revocable_proxy, original),
    )
    .name(js_string!("revocable"))
    .length(2)
    .build();
    wrapper.insert_property(
        js_string!("revocable"),
        PropertyDescriptor::builder().value(revocable).writable(true).enumerable(false).configurable(true),
    );
    // Written, not redefined: a redefinition rebuilds the global object's property table.
    context.global_object().set(js_string!("Proxy"), wrapper, true, context)?;
    Ok(())
}

/// `new Proxy(target, handler)`.
fn construct(this: &JsValue, args: &[JsValue], original: &JsObject, context: &mut Context) -> JsResult<JsValue> {
    // A native constructor receives `new.target` where a call receives `this`.
    if !this.as_object().is_some_and(|target| target.is_constructor()) {
        return Err(JsNativeError::typ().with_message("Constructor Proxy requires 'new'").into());
    }
    let arguments = chain_checked(args, context)?;
    let proxy = original.construct(&arguments, Some(original), context)?;
    Ok(proxy.into())
}

/// `Proxy.revocable(target, handler)`.
fn revocable_proxy(_: &JsValue, args: &[JsValue], original: &JsObject, context: &mut Context) -> JsResult<JsValue> {
    let arguments = chain_checked(args, context)?;
    let revocable = original.get(js_string!("revocable"), context)?;
    let revocable = revocable
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("boa's Proxy has no revocable function"))?;
    revocable.call(&JsValue::undefined(), &arguments, context)
}

/// The constructor's arguments, the handler replaced by a checked one when the target or
/// the handler is a proxy.
fn chain_checked(args: &[JsValue], context: &mut Context) -> JsResult<[JsValue; 2]> {
    let target = args.first().cloned().unwrap_or_default();
    let handler = args.get(1).cloned().unwrap_or_default();
    let (Some(target_object), Some(given)) = (target.as_object(), handler.as_object()) else {
        // Not objects: boa's constructor throws V8's error.
        return Ok([target, handler]);
    };
    if !target_object.is::<boa_engine::builtins::proxy::Proxy>() && !given.is::<boa_engine::builtins::proxy::Proxy>() {
        return Ok([target, handler]);
    }
    let prototype = traps_prototype(context)?;
    let checked = Checked { given: given.clone(), read: GcRefCell::new(None) };
    Ok([target, JsObject::from_proto_and_data(Some(prototype), checked).into()])
}

/// The isolate's prototype of checked handlers, made on first use: for each trap name
/// an accessor whose getter is [`read_trap`] and a caller, [`call_trap`].
fn traps_prototype(context: &mut Context) -> JsResult<JsObject> {
    let traps = Host::of(context).get::<ProxyTraps>();
    if let Some(prototype) = traps.prototype.borrow().as_ref() {
        return Ok(prototype.clone());
    }
    let prototype = JsObject::with_null_proto();
    for (index, name) in TRAPS.iter().enumerate() {
        let index = u8::try_from(index).expect("thirteen traps");
        let caller = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(call_trap))
            .name(JsString::from(*name))
            .length(0)
            .build();
        let getter = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure_with_captures(read_trap, Reader { index, caller: caller.into() }),
        )
        .name(JsString::from(format!("get {name}")))
        .length(0)
        .build();
        prototype.insert_property(
            JsString::from(*name),
            PropertyDescriptor::builder().get(getter).enumerable(false).configurable(false),
        );
    }
    traps.prototype.borrow_mut().replace(prototype.clone());
    Ok(prototype)
}

/// One trap name's getter: which trap, and the caller it answers when there is one.
#[derive(Trace, Finalize, Clone)]
struct Reader {
    #[unsafe_ignore_trace]
    index: u8,
    caller: JsObject,
}

/// Runs `f` on the checked handler `this` is (boa reads a trap with the handler as
/// receiver, and calls it with the handler as `this`).
fn with_checked<T>(this: &JsValue, f: impl FnOnce(&Checked) -> T) -> JsResult<T> {
    let handler = this.as_object();
    let checked = handler.as_ref().and_then(|handler| handler.downcast_ref::<Checked>());
    debug_assert!(checked.is_some(), "only boa reads and calls a checked handler's traps");
    let checked = checked.ok_or_else(|| JsNativeError::typ().with_message("Illegal invocation"))?;
    Ok(f(&checked))
}

/// A trap name's getter on a checked handler: the stack's check, then the given handler's
/// trap read as boa's `GetMethod` reads it.
fn read_trap(this: &JsValue, _: &[JsValue], reader: &Reader, context: &mut Context) -> JsResult<JsValue> {
    // Before the read: the given handler may itself be a proxy, the next link.
    crate::stack::check_proxy_link()?;
    let given = with_checked(this, |checked| checked.given.clone())?;
    let name = TRAPS[usize::from(reader.index)];
    let method = given.get(JsString::from(name), context)?;
    if method.is_null_or_undefined() {
        return Ok(JsValue::undefined());
    }
    let Some(method) = method.as_callable() else {
        // V8 shows a string as its text, an object as `#<Object>`.
        let shown = match (method.as_string(), method.is_object()) {
            (Some(text), _) => text.to_std_string_lossy(),
            (None, true) => "#<Object>".to_owned(),
            (None, false) => method.display().to_string(),
        };
        return Err(JsNativeError::typ()
            .with_message(format!("'{shown}' returned for property '{name}' of object '#<Object>' is not a function"))
            .into());
    };
    with_checked(this, |checked| checked.read.borrow_mut().replace(method.clone()))?;
    Ok(reader.caller.clone().into())
}

/// A trap's caller on a checked handler: the trap its getter just read, called on the
/// given handler.
fn call_trap(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let (given, method) = with_checked(this, |checked| (checked.given.clone(), checked.read.borrow_mut().take()))?;
    // boa calls a trap right after reading it, and reads it afresh for every operation.
    debug_assert!(method.is_some(), "a trap is called after its getter read it");
    let method = method.ok_or_else(|| JsNativeError::typ().with_message("Illegal invocation"))?;
    method.call(&given.into(), args, context)
}
