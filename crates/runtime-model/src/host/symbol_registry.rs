//! `Symbol.for` made atomic across threads.
//!
//! boa 0.22 keeps one symbol registry per process and fills it in two steps: look the key
//! up, and if it is missing create a symbol and insert it. Two threads asking for a new key
//! at the same moment can both create one; the second insert wins, and the thread whose
//! symbol lost sees `Symbol.for(k) !== Symbol.for(k)` from then on. crosstalk runs isolates
//! on several threads (`--jobs`, tests), and its own modules find their hidden hooks
//! through `Symbol.for` (`define_hidden_global`), so a lost race broke a run at random
//! (an `AsyncLocalStorage` that read no store). Every isolate's `Symbol.for` is wrapped:
//! the key is converted first (that may run the worker's code), then the registry is
//! asked under one process-wide lock.

use std::sync::Mutex;

use boa_engine::{Context, JsResult, JsValue};

static REGISTRY: Mutex<()> = Mutex::new(());

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let symbol = context.intrinsics().constructors().symbol().constructor();
    super::wrap_builtin(&symbol, "for", 1, context, |_, args, original, context| {
        let key = args.first().cloned().unwrap_or_default().to_string(context)?;
        let _registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
        original.call(&JsValue::undefined(), &[key.into()], context)
    })
}
