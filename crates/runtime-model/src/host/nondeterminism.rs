//! A deliberately nondeterministic global, for testing only: the harness replays every
//! schedule it checks and must notice when a run depends on something outside the
//! schedule (R12). This is that something, on purpose.
//!
//! Off by default: nothing is installed and no run changes. Once
//! [`enable_nondeterministic_counter`] has been called, every isolate created afterwards
//! in this process gets `__crosstalk_nondeterministic_counter()`, which returns the next
//! value of a process-global counter, so two runs of one schedule see different values.
//! Must never be enabled outside tests of the replay check (the CLI's hidden
//! `--nondeterminism-probe`).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use boa_engine::{Context, JsResult, JsValue, NativeFunction, js_string};

/// Whether isolates get the counter; set once, never cleared (process-global by design).
static ENABLED: AtomicBool = AtomicBool::new(false);
/// Shared by every run of the process: the source of the nondeterminism.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Installs `__crosstalk_nondeterministic_counter()` in every isolate created from now on
/// in this process. For tests of the harness's replay check only.
pub fn enable_nondeterministic_counter() {
    ENABLED.store(true, Ordering::SeqCst);
}

fn next(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::from(COUNTER.fetch_add(1, Ordering::SeqCst) as f64))
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    if !ENABLED.load(Ordering::SeqCst) {
        return Ok(());
    }
    context.register_global_callable(
        js_string!("__crosstalk_nondeterministic_counter"),
        0,
        NativeFunction::from_fn_ptr(next),
    )?;
    Ok(())
}
