//! A workaround for boa 0.22's inline-cache defect with getters that turn their property
//! into a data property (ARCHITECTURE.md, "A getter that replaces itself").
//!
//! The defect needs an own accessor property to become a data property (the lazy-value
//! idiom of zod 4 and others: the getter computes once, then `Object.defineProperty(obj,
//! key, { value })`). So `Object.defineProperty`, `Object.defineProperties` and
//! `Reflect.defineProperty` are wrapped: when they would turn an existing, configurable
//! own accessor into a data property, they redefine it as an accessor with the same
//! layout instead, whose getter returns the value (and whose setter, if the data property
//! is writable, stores a new one). `Object.getOwnPropertyDescriptor(s)` and
//! `Reflect.getOwnPropertyDescriptor` show such a property as the data property it
//! stands for, so code that inspects descriptors sees what V8 shows. Every other call
//! goes to the original function unchanged.
//!
//! Left observable: assigning to a read-only emulated property in strict mode throws
//! "… which has only a getter" instead of V8's "Cannot assign to read only property".

use boa_engine::gc::{Gc, GcRefCell};
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsFunction;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsObject, JsResult, JsSymbol, JsValue, NativeFunction, js_error, js_string};

thread_local! {
    /// Marks the getters this module makes (a property of the getter function object; no
    /// JS can name the symbol).
    static EMULATED: JsSymbol = JsSymbol::new(Some(js_string!("crosstalk.dataProperty"))).expect("a new symbol");
}

fn emulated_key() -> JsSymbol {
    EMULATED.with(Clone::clone)
}

/// The original functions, captured by the wrappers.
#[derive(Clone, boa_engine::Trace, boa_engine::Finalize)]
struct Originals {
    define_property: JsFunction,
    get_own_property_descriptor: JsFunction,
}

/// Whether a descriptor object describes a data property (`value` or `writable`).
fn is_data_descriptor(descriptor: &JsObject, context: &mut Context) -> JsResult<bool> {
    Ok(descriptor.has_property(js_string!("value"), context)?
        || descriptor.has_property(js_string!("writable"), context)?)
}

fn field(object: &JsObject, name: &str, context: &mut Context) -> JsResult<Option<JsValue>> {
    if object.has_property(js_string!(name), context)? {
        Ok(Some(object.get(js_string!(name), context)?))
    } else {
        Ok(None)
    }
}

/// The accessor descriptor that stands for the data descriptor `wanted` on a property
/// whose current (accessor) descriptor is `current`, or `None` when the define must go
/// to the original unchanged.
fn stand_in(
    target: &JsValue,
    key: &JsValue,
    wanted: &JsValue,
    originals: &Originals,
    context: &mut Context,
) -> JsResult<Option<JsObject>> {
    let (Some(_), Some(wanted)) = (target.as_object(), wanted.as_object()) else { return Ok(None) };
    if !is_data_descriptor(&wanted, context)? {
        return Ok(None);
    }
    let current =
        originals.get_own_property_descriptor.call(&JsValue::undefined(), &[target.clone(), key.clone()], context)?;
    let Some(current) = current.as_object() else { return Ok(None) };
    let is_accessor = current.has_own_property(js_string!("get"), context)?;
    let configurable = current.get(js_string!("configurable"), context)?.to_boolean();
    if !is_accessor || !configurable {
        return Ok(None);
    }
    let value = field(&wanted, "value", context)?.unwrap_or_default();
    let writable = field(&wanted, "writable", context)?.is_some_and(|w| w.to_boolean());
    let enumerable = match field(&wanted, "enumerable", context)? {
        Some(e) => e.to_boolean(),
        None => current.get(js_string!("enumerable"), context)?.to_boolean(),
    };
    let configurable = match field(&wanted, "configurable", context)? {
        Some(c) => c.to_boolean(),
        None => true,
    };
    let cell = Gc::new(GcRefCell::new(value));
    let get = NativeFunction::from_copy_closure_with_captures(
        |_, _, cell: &Gc<GcRefCell<JsValue>>, _| Ok(cell.borrow().clone()),
        cell.clone(),
    );
    let get = FunctionObjectBuilder::new(context.realm(), get).name(js_string!("get")).build();
    get.set(emulated_key(), writable, false, context)?;
    // `set` is always given: an absent field would keep the accessor's old setter.
    let mut descriptor = PropertyDescriptor::builder()
        .get(get)
        .set(JsValue::undefined())
        .enumerable(enumerable)
        .configurable(configurable);
    if writable {
        let set = NativeFunction::from_copy_closure_with_captures(
            |_, args, cell: &Gc<GcRefCell<JsValue>>, _| {
                *cell.borrow_mut() = args.first().cloned().unwrap_or_default();
                Ok(JsValue::undefined())
            },
            cell,
        );
        let set = FunctionObjectBuilder::new(context.realm(), set).name(js_string!("set")).length(1).build();
        descriptor = descriptor.set(set);
    }
    let descriptor = descriptor.build();
    Ok(Some(descriptor_object(&descriptor, context)))
}

/// A descriptor as the JS object `Object.defineProperty` takes.
fn descriptor_object(descriptor: &PropertyDescriptor, context: &mut Context) -> JsObject {
    let object = JsObject::with_object_proto(context.intrinsics());
    let mut put = |name: &str, value: JsValue| {
        let done = object.create_data_property_or_throw(js_string!(name), value, context);
        debug_assert!(done.is_ok(), "a fresh object takes data properties");
    };
    if let Some(get) = descriptor.get() {
        put("get", get.clone());
    }
    put("set", descriptor.set().cloned().unwrap_or_default());
    put("enumerable", descriptor.expect_enumerable().into());
    put("configurable", descriptor.expect_configurable().into());
    object
}

/// `Object.defineProperty(target, key, descriptor)`.
fn define_property(_: &JsValue, args: &[JsValue], originals: &Originals, context: &mut Context) -> JsResult<JsValue> {
    let [target, key, wanted] = [0, 1, 2].map(|i| args.get(i).cloned().unwrap_or_default());
    match stand_in(&target, &key, &wanted, originals, context)? {
        Some(descriptor) => {
            originals.define_property.call(&JsValue::undefined(), &[target, key, descriptor.into()], context)
        }
        None => originals.define_property.call(&JsValue::undefined(), args, context),
    }
}

/// `Reflect.defineProperty(target, key, descriptor)`: the same, answering a boolean.
fn reflect_define_property(
    _: &JsValue,
    args: &[JsValue],
    originals: &(Originals, JsFunction),
    context: &mut Context,
) -> JsResult<JsValue> {
    let (originals, reflect) = originals;
    let [target, key, wanted] = [0, 1, 2].map(|i| args.get(i).cloned().unwrap_or_default());
    match stand_in(&target, &key, &wanted, originals, context)? {
        Some(descriptor) => reflect.call(&JsValue::undefined(), &[target, key, descriptor.into()], context),
        None => reflect.call(&JsValue::undefined(), args, context),
    }
}

/// `Object.defineProperties(target, properties)`: each own enumerable key in turn.
fn define_properties(_: &JsValue, args: &[JsValue], originals: &Originals, context: &mut Context) -> JsResult<JsValue> {
    let target = args.first().cloned().unwrap_or_default();
    if target.as_object().is_none() {
        return Err(js_error!(TypeError: "Object.defineProperties called on non-object"));
    }
    let properties = args.get(1).cloned().unwrap_or_default().to_object(context)?;
    let keys = properties.own_property_keys(context)?;
    let mut pending = Vec::new();
    for key in keys {
        let key_value: JsValue = key.clone().into();
        let enumerable = originals
            .get_own_property_descriptor
            .call(&JsValue::undefined(), &[properties.clone().into(), key_value.clone()], context)?
            .as_object()
            .map(|d| d.get(js_string!("enumerable"), context))
            .transpose()?
            .is_some_and(|e| e.to_boolean());
        if enumerable {
            pending.push((key_value, properties.get(key, context)?));
        }
    }
    for (key, descriptor) in pending {
        define_property(&JsValue::undefined(), &[target.clone(), key, descriptor], originals, context)?;
    }
    Ok(target)
}

/// The descriptor a property shows: an emulated data property as the data property.
pub(crate) fn shown(descriptor: JsValue, context: &mut Context) -> JsResult<JsValue> {
    let Some(object) = descriptor.as_object() else { return Ok(descriptor) };
    let get = object.get(js_string!("get"), context)?;
    let Some(get) = get.as_object() else { return Ok(descriptor) };
    let marker = get.get(emulated_key(), context)?;
    if marker.is_undefined() {
        return Ok(descriptor);
    }
    let value = get.call(&JsValue::undefined(), &[], context)?;
    let data = JsObject::with_object_proto(context.intrinsics());
    data.create_data_property_or_throw(js_string!("value"), value, context)?;
    data.create_data_property_or_throw(js_string!("writable"), marker.to_boolean(), context)?;
    data.create_data_property_or_throw(
        js_string!("enumerable"),
        object.get(js_string!("enumerable"), context)?,
        context,
    )?;
    data.create_data_property_or_throw(
        js_string!("configurable"),
        object.get(js_string!("configurable"), context)?,
        context,
    )?;
    Ok(data.into())
}

fn get_own_property_descriptor(
    _: &JsValue,
    args: &[JsValue],
    original: &JsFunction,
    context: &mut Context,
) -> JsResult<JsValue> {
    let descriptor = original.call(&JsValue::undefined(), args, context)?;
    shown(descriptor, context)
}

/// `Object.getOwnPropertyDescriptors(target)`: every own key's descriptor, as shown.
fn get_own_property_descriptors(
    _: &JsValue,
    args: &[JsValue],
    original: &JsFunction,
    context: &mut Context,
) -> JsResult<JsValue> {
    let all = original.call(&JsValue::undefined(), args, context)?;
    let Some(all) = all.as_object() else { return Ok(all) };
    for key in all.own_property_keys(context)? {
        let descriptor = all.get(key.clone(), context)?;
        let descriptor = shown(descriptor, context)?;
        all.create_data_property_or_throw(key, descriptor, context)?;
    }
    Ok(all.into())
}

fn install(
    holder: &JsObject,
    name: &str,
    length: usize,
    function: NativeFunction,
    context: &mut Context,
) -> JsResult<()> {
    let function = FunctionObjectBuilder::new(context.realm(), function).name(js_string!(name)).length(length).build();
    holder.set(js_string!(name), function, true, context)?;
    Ok(())
}

/// Wraps the defining and describing functions of `Object` and `Reflect`.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let object = context.intrinsics().constructors().object().constructor();
    let reflect = context.intrinsics().objects().reflect();
    let originals = Originals {
        define_property: super::method_of(&object, "defineProperty", context)?,
        get_own_property_descriptor: super::method_of(&object, "getOwnPropertyDescriptor", context)?,
    };
    let descriptors = super::method_of(&object, "getOwnPropertyDescriptors", context)?;
    let reflect_define = super::method_of(&reflect, "defineProperty", context)?;
    let reflect_describe = super::method_of(&reflect, "getOwnPropertyDescriptor", context)?;
    install(
        &object,
        "defineProperty",
        3,
        NativeFunction::from_copy_closure_with_captures(define_property, originals.clone()),
        context,
    )?;
    install(
        &object,
        "defineProperties",
        2,
        NativeFunction::from_copy_closure_with_captures(define_properties, originals.clone()),
        context,
    )?;
    install(
        &object,
        "getOwnPropertyDescriptor",
        2,
        NativeFunction::from_copy_closure_with_captures(
            get_own_property_descriptor,
            originals.get_own_property_descriptor.clone(),
        ),
        context,
    )?;
    install(
        &object,
        "getOwnPropertyDescriptors",
        1,
        NativeFunction::from_copy_closure_with_captures(get_own_property_descriptors, descriptors),
        context,
    )?;
    install(
        &reflect,
        "defineProperty",
        3,
        NativeFunction::from_copy_closure_with_captures(reflect_define_property, (originals, reflect_define)),
        context,
    )?;
    install(
        &reflect,
        "getOwnPropertyDescriptor",
        2,
        NativeFunction::from_copy_closure_with_captures(get_own_property_descriptor, reflect_describe),
        context,
    )?;
    Ok(())
}
