//! `navigator` and its class `Navigator`, as workerd 1.20261117 has them: an instance
//! whose own read-only properties are the answers (`userAgent` "Cloudflare-Workers",
//! `hardwareConcurrency` 1, `platform` "", and `language`/`languages` under
//! `enable_navigator_language`), with `sendBeacon` on the prototype. Both globals are
//! built on first read (`lazy`).

use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::{JsArray, JsPromise};
use boa_engine::property::Attribute;
use boa_engine::{Context, Finalize, JsData, JsObject, JsResult, JsValue, NativeFunction, Trace, js_error, js_string};

use crate::engine::Host;

/// The data of the one `navigator` object (a class needs a data type).
#[derive(Trace, Finalize, JsData)]
pub(crate) struct Navigator;

impl Class for Navigator {
    const NAME: &'static str = "Navigator";

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        let send_beacon = FunctionObjectBuilder::new(class.context().realm(), NativeFunction::from_fn_ptr(send_beacon))
            .name(js_string!("sendBeacon"))
            .length(0)
            .build();
        // Writable, enumerable and configurable, as workerd's prototype methods are.
        class.property(js_string!("sendBeacon"), send_beacon, Attribute::all());
        Ok(())
    }

    fn data_constructor(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<Self> {
        Err(js_error!(TypeError: "Illegal constructor"))
    }
}

/// The `Navigator` class of this realm, registered on first use, its prototype tagged as
/// workerd's is (`global_scope::tagged`).
pub(crate) fn class(context: &mut Context) -> JsResult<JsValue> {
    let constructor = crate::host::global_scope::register_class::<Navigator>(context)?;
    if crate::host::global_scope::tagged(context) {
        crate::host::tag_prototype(&constructor, Navigator::NAME, context)?;
    }
    Ok(constructor.into())
}

/// The `navigator` global: a `Navigator` with workerd's answers as own read-only
/// properties, in workerd's order.
pub(crate) fn build(context: &mut Context) -> JsResult<JsValue> {
    class(context)?;
    let navigator = Navigator::from_data(Navigator, context)?;
    let language = crate::compat_flags::is_on(&Host::of(context).world.profile, "enable_navigator_language");
    if language {
        let languages = JsArray::from_iter([js_string!("en").into()], context);
        define(&navigator, "languages", languages.into(), context)?;
        define(&navigator, "language", js_string!("en").into(), context)?;
    }
    define(&navigator, "platform", js_string!("").into(), context)?;
    define(&navigator, "hardwareConcurrency", 1.into(), context)?;
    define(&navigator, "userAgent", js_string!("Cloudflare-Workers").into(), context)?;
    Ok(navigator.into())
}

/// An own property of `navigator`: read-only, enumerable, configurable.
fn define(navigator: &JsObject, name: &'static str, value: JsValue, context: &mut Context) -> JsResult<()> {
    navigator.define_property_or_throw(
        js_string!(name),
        boa_engine::property::PropertyDescriptor::builder()
            .value(value)
            .writable(false)
            .enumerable(true)
            .configurable(true),
        context,
    )?;
    Ok(())
}

/// `navigator.sendBeacon(url, body)`: a POST of `body` to `url` that nobody awaits (its
/// failure is dropped); `true`, as the request was queued.
fn send_beacon(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let url = args.first().cloned().unwrap_or_default();
    let init = boa_engine::object::ObjectInitializer::new(context)
        .property(js_string!("method"), js_string!("POST"), Attribute::all())
        .property(js_string!("body"), args.get(1).cloned().unwrap_or_default(), Attribute::all())
        .build();
    let sent = crate::host::fetch::fetch(&JsValue::undefined(), &[url, init.into()], context)?;
    if let Some(promise) = sent.as_object().and_then(|p| JsPromise::from_object(p.clone()).ok()) {
        let ignore = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_fn_ptr(|_, _, _| Ok(JsValue::undefined())),
        )
        .build();
        promise.catch(ignore, context)?;
    }
    Ok(true.into())
}
