//! The call stack's limit (R11 `max_stack_depth`), as V8 has it: past it a call throws
//! `RangeError: Maximum call stack size exceeded`, which the worker can catch.
//!
//! boa 0.22's own recursion limit is an engine error no `catch` sees (a worker that
//! guards a deep walk with `try` would die instead), and it counts the VM's frames plus
//! its re-entries from native code (a getter, a `map` callback, a Proxy trap), each of
//! which also takes native stack. So the limit is checked where the call meter runs, at
//! the start of every function body of the worker's code (`host::meter`), on two
//! measures:
//! - the JS frames on the VM's stack, against `Limits::stack_depth_max`: boa keeps them
//!   on the heap, so plain recursion costs no native stack, and the count is the same in
//!   every build;
//! - the native stack the run has used since it started ([`on_run_stack`]), against
//!   [`NATIVE_BUDGET_BYTES`]: V8 measures its limit in bytes of stack too. The same binary
//!   uses the same bytes for the same code, so a replay stops at the same call; a debug
//!   build's frames are larger than a release build's, so recursion through native code
//!   stops sooner there.
//!
//! boa's recursion limit stays as the backstop for code without a meter (crosstalk's own
//! Web modules), at twice `stack_depth_max` and more: a re-entry always runs a JS frame,
//! so frames plus re-entries never exceed twice the frames, and the meter stops an
//! instrumented body first.

use std::cell::Cell;

use boa_engine::{Context, JsNativeError, JsResult};

/// The native stack a run may use below the point where it started before a metered call
/// is refused. (Measured, release build: a getter that reads itself re-enters the VM in
/// about 1 KB a level; 6,690 levels in workerd.)
pub(crate) const NATIVE_BUDGET_BYTES: usize = 8 << 20;

/// The native stack a link of a chain of proxies without a trap for the operation may
/// find used. boa's frames for such a link (100–600 bytes, release build) are about V8's,
/// unlike its frames for a re-entry of the VM (several times V8's, hence
/// [`NATIVE_BUDGET_BYTES`]); so a chain is held to a budget nearer V8's own stack. Against
/// workerd 1.20261117 (empty handlers; release build), the first depth of 1,000, 2,000,
/// 3,000, 4,000, 5,000, 6,000, 8,000, 10,000, 20,000 that throws: a write 2,000 there,
/// 6,000 here; `Object.keys` 2,000 and 8,000; `in` 8,000 and 20,000; a read 10,000 and
/// 20,000; `Object.getPrototypeOf` 100,000 and 20,000; a `get` trap that forwards with
/// `Reflect.get` 4,000 and 2,000. Erring toward an answer, never by more than a factor of
/// five.
pub(crate) const PROXY_BUDGET_BYTES: usize = 4 << 20;

/// The stack a run needs beyond its budget: what native code may use between two
/// metered calls (a builtin's own frames, building the error, a collection).
const RESERVE_BYTES: usize = 2 << 20;

/// The stack of a thread that runs worker code (the CLI's command thread, a campaign's
/// workers): room for the native recursion that runs no JS and so meets no check, such
/// as a property read through a long prototype chain (boa's `[[Get]]` recurses once per
/// link: in a release build a read takes about 190 bytes a link, so a million links fit,
/// and a write 330, so a million do not). V8 walks a prototype chain in a loop and
/// answers at any length; here a chain runs out of stack only past a length whose
/// construction takes tens of seconds (boa's prototype transitions cost quadratic time).
/// The stack is reserved, not committed: only the pages a run touches cost memory.
pub const THREAD_STACK_BYTES: usize = 256 << 20;

/// Runs `f` on a new thread with [`THREAD_STACK_BYTES`] of stack and returns what it
/// returns (for a program's `main`: the benches). Panics if the thread cannot be spawned
/// or `f` panics.
pub fn on_worker_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let thread = std::thread::Builder::new().stack_size(THREAD_STACK_BYTES).spawn(f);
    thread.expect("a thread with the worker's stack").join().expect("the thread ran to its end")
}

/// V8's message.
pub(crate) const MESSAGE: &str = "Maximum call stack size exceeded";

thread_local! {
    /// Where the running run's stack starts (0 outside a run).
    static BASE: Cell<usize> = const { Cell::new(0) };
}

/// The approximate stack pointer: the address of a local.
#[inline(always)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Runs `f` — a run, or a template's boot: whatever runs the worker's JS — with
/// [`NATIVE_BUDGET_BYTES`] of stack measured from here, on a new segment of
/// [`THREAD_STACK_BYTES`] when the thread has less than half that left (a thread that is
/// not one of crosstalk's own: a test's, a library user's). A nested call keeps the outer
/// run's base.
pub(crate) fn on_run_stack<T>(f: impl FnOnce() -> T) -> T {
    const { assert!(THREAD_STACK_BYTES / 2 > NATIVE_BUDGET_BYTES + RESERVE_BYTES) };
    stacker::maybe_grow(THREAD_STACK_BYTES / 2, THREAD_STACK_BYTES, || {
        struct Restore(usize);
        impl Drop for Restore {
            fn drop(&mut self) {
                BASE.with(|base| base.set(self.0));
            }
        }
        let outer = BASE.with(Cell::get);
        let _restore = Restore(outer);
        if outer == 0 {
            BASE.with(|base| base.set(stack_pointer()));
        }
        f()
    })
}

/// The native stack the running run has used (0 outside a run).
fn native_used() -> usize {
    let base = BASE.with(Cell::get);
    if base == 0 {
        return 0;
    }
    // The stack grows down on every platform crosstalk builds for.
    base.saturating_sub(stack_pointer())
}

/// Refuses the call being entered when the JS frames reach `depth_max` or the native
/// stack its budget: V8's catchable `RangeError`.
#[inline]
pub(crate) fn check(depth_max: usize, context: &Context) -> JsResult<()> {
    debug_assert_ne!(BASE.with(Cell::get), 0, "the worker's JS runs inside on_run_stack");
    // `stack_trace` walks nothing: its length is the VM's frame count.
    let frames = context.stack_trace().size_hint().0;
    if frames > depth_max || native_used() > NATIVE_BUDGET_BYTES {
        return Err(JsNativeError::range().with_message(MESSAGE).into());
    }
    Ok(())
}

/// Refuses native work that recurses without running the worker's code (`join` through
/// nested arrays' `toString`) once the run's native stack is past its budget.
pub(crate) fn check_native() -> JsResult<()> {
    refuse_past(NATIVE_BUDGET_BYTES)
}

/// Refuses a link of a chain of proxies (`host::proxy`) once the run's native stack is
/// past [`PROXY_BUDGET_BYTES`].
pub(crate) fn check_proxy_link() -> JsResult<()> {
    refuse_past(PROXY_BUDGET_BYTES)
}

/// V8's `RangeError` once the run's native stack is past `budget`.
fn refuse_past(budget: usize) -> JsResult<()> {
    if native_used() > budget {
        return Err(JsNativeError::range().with_message(MESSAGE).into());
    }
    Ok(())
}

/// The engine's own recursion limit for `depth_max`: the backstop for code without a
/// meter, never reached first by metered code (see the module's text).
pub(crate) fn engine_limit(depth_max: usize) -> usize {
    depth_max.saturating_mul(2).saturating_add(64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_measures_its_stack_from_where_it_started_and_restores_the_outer_base() {
        assert_eq!(native_used(), 0, "outside a run nothing is measured");
        on_run_stack(|| {
            let outer = BASE.with(Cell::get);
            assert_ne!(outer, 0);
            assert!(native_used() < 64 * 1024, "a run starts near its base");
            on_run_stack(|| assert_eq!(BASE.with(Cell::get), outer, "a nested run keeps the outer base"));
            assert_eq!(BASE.with(Cell::get), outer);
        });
        assert_eq!(BASE.with(Cell::get), 0);
    }

    #[test]
    fn the_engine_limit_is_past_every_depth_the_meter_allows() {
        for depth in [1, 400, 10_000] {
            assert!(engine_limit(depth) > 2 * depth);
        }
    }
}
