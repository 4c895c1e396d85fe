//! The JS face of promise provenance: the global `Promise` replacement, the native
//! `Promise.prototype.then` and statics, and the two instrumentation hooks (`__ct$a`,
//! `__ct$t`). Each tags the promises it sees in the tag store (crate::provenance).
//!
//! Invariant: `Promise.prototype` stays the intrinsic one, so `instanceof`, `await`'s
//! fast path and tick counts are unchanged.

use boa_engine::object::builtins::{JsFunction, JsPromise};
use boa_engine::object::{FunctionObjectBuilder, JsObject};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsNativeError, JsResult, JsValue, NativeFunction, js_string};

use crate::engine::Host;
use crate::location::{RawLocation, caller_location};
use crate::provenance::{Captured, Creation, as_promise, guarded_settle, reserve, tag, tag_fresh, waited_on, weak_map};

/// Installs the levers on a fresh context, before any user code runs.
pub(crate) fn install(context: &mut Context) -> JsResult<()> {
    let host = Host::of(context);
    let promise = context.intrinsics().constructors().promise().constructor();
    let prototype = context.intrinsics().constructors().promise().prototype();
    let then = prototype
        .get(js_string!("then"), context)?
        .as_object()
        .and_then(JsFunction::from_object)
        .ok_or_else(|| JsNativeError::typ().with_message("Promise.prototype.then missing"))?;
    host.provenance.set_intrinsics(promise.clone(), then);

    let then = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(then_wrapper))
        .name(js_string!("then"))
        .length(2)
        .build();
    prototype.define_property_or_throw(
        js_string!("then"),
        PropertyDescriptor::builder().value(then).writable(true).enumerable(false).configurable(true),
        context,
    )?;

    let constructor = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(construct_promise))
        .name(js_string!("Promise"))
        .length(1)
        .constructor(true)
        .build();
    let constructor: JsObject = constructor.into();
    host.provenance.set_global_promise(constructor.clone());
    constructor.define_property_or_throw(
        js_string!("prototype"),
        PropertyDescriptor::builder().value(prototype.clone()).writable(false).enumerable(false).configurable(false),
        context,
    )?;
    for (name, length) in STATICS {
        if promise.get(js_string!(*name), context)?.is_undefined() {
            continue;
        }
        let wrapper = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure(move |this, args, context| call_static(name, this, args, context)),
        )
        .name(js_string!(*name))
        .length(*length)
        .build();
        constructor.define_property_or_throw(
            js_string!(*name),
            PropertyDescriptor::builder().value(wrapper).writable(true).enumerable(false).configurable(true),
            context,
        )?;
    }
    let species =
        FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(|this, _, _| Ok(this.clone())))
            .name(js_string!("get [Symbol.species]"))
            .build();
    constructor.define_property_or_throw(
        boa_engine::JsSymbol::species(),
        PropertyDescriptor::builder().get(species).enumerable(false).configurable(true),
        context,
    )?;
    context.global_object().define_property_or_throw(
        js_string!("Promise"),
        PropertyDescriptor::builder().value(constructor).writable(true).enumerable(false).configurable(true),
        context,
    )?;

    crate::host::define_hook(crosstalk_instrument::AWAIT_HOOK, instrumented_await, 2, context)?;
    // ASYNC_FUNCTION_HOOK is the same function, called with one argument.
    debug_assert_eq!(crosstalk_instrument::ASYNC_FUNCTION_HOOK, crosstalk_instrument::ASYNC_HOOK);
    crate::host::define_hook(crosstalk_instrument::ASYNC_HOOK, instrumented_async_result, 2, context)
}

const STATICS: &[(&str, usize)] = &[
    ("resolve", 1),
    ("reject", 1),
    ("all", 1),
    ("allSettled", 1),
    ("any", 1),
    ("race", 1),
    ("try", 1),
    ("withResolvers", 0),
];

/// `Promise.<name>(…)`: the intrinsic static, called with the intrinsic `%Promise%` as
/// receiver when called on the global replacement, and its result tagged.
fn call_static(name: &'static str, this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let intrinsic = host.provenance.intrinsic_promise();
    let global = host.provenance.global_promise();
    let receiver = match this.as_object() {
        Some(o) if global.as_ref().is_some_and(|g| JsObject::equals(&o, g)) => JsValue::from(intrinsic.clone()),
        _ => this.clone(),
    };
    let at = if host.capture_locations { caller_location(context) } else { None };
    let function = intrinsic.get(js_string!(name), context)?;
    let function = function.as_callable().ok_or_else(|| JsNativeError::typ().with_message("not callable"))?;
    let creation = Creation::Static(name);
    if name == "withResolvers" && host.world.profile.cross_request_resolution_flag() {
        return with_resolvers(&host, at, context);
    }
    let result = function.call(&receiver, args, context)?;
    if let Some(promise) = as_promise(&result) {
        tag(&host, &promise, creation, at, context);
    } else if let Some(object) = result.as_object()
        && let Some(promise) = as_promise(&object.get(js_string!("promise"), context)?)
    {
        tag(&host, &promise, creation, at, context);
    }
    Ok(result)
}

/// `Promise.withResolvers()` whose resolving functions defer cross-request settlement.
fn with_resolvers(host: &Host, at: Option<RawLocation>, context: &mut Context) -> JsResult<JsValue> {
    let (promise, functions) = JsPromise::new_pending(context);
    let object: JsObject = promise.into();
    let index = tag_fresh(host, &object, Creation::Static("withResolvers"), at, context);
    let resolve = guarded_settle(functions.resolve, index, context);
    let reject = guarded_settle(functions.reject, index, context);
    let result = boa_engine::object::ObjectInitializer::new(context)
        .property(js_string!("promise"), object, boa_engine::property::Attribute::all())
        .property(js_string!("resolve"), resolve, boa_engine::property::Attribute::all())
        .property(js_string!("reject"), reject, boa_engine::property::Attribute::all())
        .build();
    Ok(result.into())
}

/// `new Promise(executor)`: a genuine intrinsic promise, tagged with its creator.
fn construct_promise(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    // For [[Construct]], boa passes new.target as `this`.
    let new_target = this
        .as_object()
        .filter(|o| o.is_constructor())
        .ok_or_else(|| JsNativeError::typ().with_message("Promise constructor cannot be invoked without 'new'"))?;
    let intrinsic = host.provenance.intrinsic_promise();
    let global = host.provenance.global_promise();
    let new_target =
        if global.as_ref().is_some_and(|g| JsObject::equals(&new_target, g)) { intrinsic.clone() } else { new_target };
    let at = if host.capture_locations { caller_location(context) } else { None };
    let index = reserve(&host, Creation::NewPromise, at);
    let promise = if host.world.profile.cross_request_resolution_flag()
        && let Some(executor) = args.first().and_then(JsValue::as_object).and_then(JsFunction::from_object)
    {
        // R13, flag on: settling from another request is deferred into the creator's.
        let wrapped = NativeFunction::from_copy_closure_with_captures(
            |_, args, captures: &Captured, context| {
                let resolve = args.first().and_then(JsValue::as_object).and_then(JsFunction::from_object);
                let reject = args.get(1).and_then(JsValue::as_object).and_then(JsFunction::from_object);
                let (Some(resolve), Some(reject)) = (resolve, reject) else {
                    return captures.function.call(&JsValue::undefined(), args, context);
                };
                let resolve = guarded_settle(resolve, captures.index, context);
                let reject = guarded_settle(reject, captures.index, context);
                captures.function.call(&JsValue::undefined(), &[resolve.into(), reject.into()], context)
            },
            Captured { function: executor, index },
        )
        .to_js_function(context.realm());
        intrinsic.construct(&[wrapped.into()], Some(&new_target), context)?
    } else {
        intrinsic.construct(args, Some(&new_target), context)?
    };
    let map = weak_map(&host, context);
    let tagged = map.set(&promise, JsValue::from(index), context);
    debug_assert!(tagged.is_ok(), "a WeakMap accepts any object key");
    Ok(promise.into())
}

/// `promise.then(onFulfilled, onRejected)`: names the promise the reactions wait on,
/// stands in for another request's pending promise under the flag (R13), tags the result.
fn then_wrapper(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let then = host.provenance.intrinsic_then();
    let Some(promise) = as_promise(this) else {
        return then.call(this, args, context);
    };
    let at = if host.capture_locations { caller_location(context) } else { None };
    let (target, index) = waited_on(&host, promise, at.clone(), context)?;
    host.provenance.set_stash(Some(index), Some(&target), at.clone(), 2);
    let result = then.call(&target.clone().into(), args, context);
    host.provenance.clear_stash();
    let result = result?;
    if let Some(derived) = as_promise(&result) {
        tag(&host, &derived, Creation::Then, at, context);
    }
    Ok(result)
}

/// `__ct$a(value, site)`: inserted around every `await` operand by the instrumentation.
fn instrumented_await(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context);
    let value = args.first().cloned().unwrap_or_default();
    let at = site(&host, args.get(1), context);
    match as_promise(&value) {
        Some(promise) => {
            let (target, index) = waited_on(&host, promise, at.clone(), context)?;
            host.provenance.set_stash(Some(index), Some(&target), at, 2);
            Ok(target.into())
        }
        None => {
            host.provenance.set_stash(None, None, at, 2);
            Ok(value)
        }
    }
}

/// The original location of the site number an instrumented module passed: site numbers
/// are per module, and the module is the calling frame's.
fn site(host: &Host, number: Option<&JsValue>, context: &Context) -> Option<RawLocation> {
    let number = number.and_then(JsValue::as_number)? as u32;
    let frame = context.stack_trace().next()?;
    match frame.position().path {
        boa_engine::vm::SourcePath::Path(path) => host.sites.location(&path, number),
        _ => None,
    }
}

/// `__ct$t(promise, site)`: an async function's result, tagged at call time.
fn instrumented_async_result(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if args.len() == 1 {
        return instrumented_async_function(this, args, context);
    }
    let host = Host::of(context);
    let value = args.first().cloned().unwrap_or_default();
    if let Some(promise) = as_promise(&value) {
        let at = site(&host, args.get(1), context);
        tag_fresh(&host, &promise, Creation::AsyncFunction, at, context);
    }
    Ok(value)
}

/// `__ct$t(f)` (`crosstalk_instrument::ASYNC_FUNCTION_HOOK`): the instrumentation made `f` from an async function without its `async`
/// keyword; it is an async function again to the eye — `AsyncFunction.prototype` is its
/// prototype, so `Symbol.toStringTag`, `constructor` and `instanceof` answer as for the
/// function the worker wrote (the async package, h3 and elysia test them to decide how
/// to call it).
fn instrumented_async_function(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let function = args.first().cloned().unwrap_or_default();
    if let Some(object) = function.as_object() {
        let prototype = context.intrinsics().constructors().async_function().prototype();
        let set = object.set_prototype(Some(prototype));
        debug_assert!(set, "a function the instrumentation just made is extensible");
    }
    Ok(function)
}
