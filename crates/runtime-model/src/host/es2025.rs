//! The newer builtins workerd's V8 ships, from boa's `experimental` feature
//! (`Array.fromAsync`, `Error.isError`, `ArrayBuffer.prototype.transfer`,
//! `transferToFixedLength` and `detached`, `Atomics.pause`,
//! `Iterator.prototype.includes`), made to match V8 where boa's differ:
//! - the feature's two proposals V8 does not have, `Promise.allKeyed` and
//!   `Promise.allSettledKeyed`, are removed;
//! - `Error.isError` is false for a `DOMException`, which workerd makes as a platform
//!   object, not an Error (crosstalk's extends `Error`, `web/events.js`).
//!
//! The `Uint8Array` base64 and hex methods, which boa lacks, are `uint8_base64.rs`.

use boa_engine::{Context, JsResult, JsValue, js_string};

use super::web::{self, WebModule};

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let promise = context.intrinsics().constructors().promise().constructor();
    promise.delete_property_or_throw(js_string!("allKeyed"), context)?;
    promise.delete_property_or_throw(js_string!("allSettledKeyed"), context)?;
    let error = context.intrinsics().constructors().error().constructor();
    super::wrap_builtin(&error, "isError", 1, context, |this, args, original, context| {
        let is_error = original.call(this, args, context)?.to_boolean();
        Ok((is_error && !is_dom_exception(args.first(), context)?).into())
    })
}

/// Whether `value` is a `DOMException`: `DOMException.prototype` is on its prototype
/// chain (there is none before `web/events.js` is loaded).
fn is_dom_exception(value: Option<&JsValue>, context: &mut Context) -> JsResult<bool> {
    let (Some(object), Some(events)) = (value.and_then(JsValue::as_object), web::loaded(context, WebModule::Events))
    else {
        return Ok(false);
    };
    let class = events.get(js_string!("DOMException"), context)?;
    let Some(class) = class.as_object() else { return Ok(false) };
    let prototype = class.get(js_string!("prototype"), context)?;
    let Some(prototype) = prototype.as_object() else { return Ok(false) };
    let mut current = object.prototype();
    while let Some(here) = current {
        if here == prototype {
            return Ok(true);
        }
        current = here.prototype();
    }
    Ok(false)
}
