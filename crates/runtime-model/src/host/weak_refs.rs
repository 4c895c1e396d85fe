//! `WeakRef` and `FinalizationRegistry` under `enable_weak_ref` (workerd, from
//! 2025-05-05), written in JS (`weak_refs.js`) so that garbage collection stays
//! unobservable (R12): a `WeakRef` keeps its target, a registry never calls back. boa's
//! own, whose answers follow its collector, are removed at boot (`host::register`).
//! Both are lazy globals (`lazy`): a worker that does not read them parses nothing.

use std::path::Path;

use boa_engine::{Context, JsNativeError, JsResult, JsValue, Source, js_string};

/// The class `which` ("WeakRef" or "FinalizationRegistry"), from `weak_refs.js`.
pub(crate) fn build(which: &str, context: &mut Context) -> JsResult<JsValue> {
    let path = format!("{}/weak_refs.js", crate::host::web::PATH_PREFIX);
    let factory =
        context.eval(Source::from_bytes(include_str!("weak_refs.js").as_bytes()).with_path(Path::new(&path)))?;
    let factory =
        factory.as_callable().ok_or_else(|| JsNativeError::typ().with_message("weak_refs.js is not a function"))?;
    factory.call(&JsValue::undefined(), &[js_string!(which).into()], context)
}
