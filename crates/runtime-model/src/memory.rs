//! The memory a simulation uses, for workerd's per-isolate memory limit (R11).
//!
//! Every allocation goes through [`Counting`], the process's global allocator: it adds
//! the bytes asked for to a per-thread count and takes freed bytes off it, so the count
//! is exact and costs one thread-local add. Blocks are counted in two classes by size:
//! bulk data ([`BULK_BYTES`] and more: strings, buffers, array storage, source text)
//! as it is, and the engine's small blocks (objects, shapes, closures, bytecode) at V8's
//! size, a quarter of boa's ([`SMALL_PER_V8_BYTE`]), since workerd's 128 MB is V8's heap.
//! A run reads how far the count has grown since it began (after a full collection, so
//! that no earlier run's garbage is in it): its isolates' heaps, strings and buffers, and
//! the host state that serves them; not the process's cache of instrumented module texts
//! (`isolate::run_text` excludes what it adds).
//!
//! Deterministic: the engine allocates the same sizes for the same code, and the check
//! (`host::charge`, at every metered call) collects garbage before it decides, so what
//! is compared with the limit is the memory still reachable, not what the collector
//! happened not to sweep yet. What varies is only the first run on a thread filling the
//! engine's and the module source's one-off caches (kilobytes), which can move the
//! verdict only for a worker that ends within them of the limit.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting the live bytes of each thread.
pub(crate) struct Counting;

thread_local! {
    /// Bytes allocated minus bytes freed on this thread (negative when a thread frees what
    /// another allocated). Const-initialised and without a destructor, so the allocator
    /// can use it at any time, even while the thread ends.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// The part of [`LIVE`] in blocks of [`BULK_BYTES`] or more (kept apart only for those,
    /// which are rare: every allocation pays one comparison for it).
    static BULK: Cell<isize> = const { Cell::new(0) };
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The size from which a block is bulk data: a string's or a buffer's bytes, an array's
/// elements, a module's source text. Those take about as many bytes in boa as in V8.
/// Smaller blocks are the engine's objects, shapes, closures, scopes and bytecode, which
/// boa 0.22 makes several times larger than V8 does ([`SMALL_PER_V8_BYTE`]).
pub(crate) const BULK_BYTES: usize = 64 * 1024;

/// How many bytes of boa's small blocks hold what V8's heap holds in one byte, measured
/// on the same code in both (ARCHITECTURE.md, "The memory limit"): records of a few
/// fields take 3–4 times V8's bytes, module graphs 2–5 times (boa compiles every function
/// when it loads a module, V8 only those that run).
pub(crate) const SMALL_PER_V8_BYTE: isize = 4;

fn add(bytes: usize, delta: isize) {
    // Fails only once the thread's locals are gone: nothing is measured then.
    LIVE.try_with(|live| live.set(live.get().wrapping_add(delta))).ok();
    if bytes >= BULK_BYTES {
        BULK.try_with(|bulk| bulk.set(bulk.get().wrapping_add(delta))).ok();
    }
}

fn size(bytes: usize) -> isize {
    isize::try_from(bytes).expect("an allocation is smaller than isize::MAX bytes")
}

// SAFETY: every method forwards to the system allocator with the caller's arguments
// unchanged, or, in a forked run, to its arena (`fork_arena`), which hands out blocks
// of the size and alignment asked for from memory no other block uses; it only counts
// what they return, and the counting allocates nothing.
unsafe impl GlobalAlloc for Counting {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if crate::fork_arena::exists() {
            // SAFETY: as given.
            return unsafe { in_arena::alloc(layout, false) };
        }
        // SAFETY: forwarded as given (the caller upholds `alloc`'s contract).
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            add(layout.size(), size(layout.size()));
        }
        pointer
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if crate::fork_arena::exists() {
            // SAFETY: as given.
            return unsafe { in_arena::alloc(layout, true) };
        }
        // SAFETY: as above.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            add(layout.size(), size(layout.size()));
        }
        pointer
    }

    #[inline]
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        if crate::fork_arena::exists() {
            // SAFETY: as given.
            return unsafe { in_arena::dealloc(pointer, layout) };
        }
        // SAFETY: as above.
        unsafe { System.dealloc(pointer, layout) };
        add(layout.size(), -size(layout.size()));
    }

    #[inline]
    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if crate::fork_arena::exists() {
            // SAFETY: as given.
            return unsafe { in_arena::realloc(pointer, layout, new_size) };
        }
        // SAFETY: as above.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            counted_move(layout.size(), new_size);
        }
        moved
    }
}

/// Counts a block of `old` bytes that became one of `new` bytes.
fn counted_move(old: usize, new: usize) {
    if old.max(new) < BULK_BYTES {
        // Both small: one add, to the live count only.
        add(new, size(new) - size(old));
    } else {
        add(old, -size(old));
        add(new, size(new));
    }
}

/// The allocator's methods in a process that has an arena (a forked run): the arena
/// serves the thread it belongs to, the system allocator every other (`fork_arena`).
/// Apart from the hot path of every other process, which pays one test for it.
mod in_arena {
    use super::{add, counted_move, size};
    use crate::fork_arena;
    use std::alloc::{GlobalAlloc, Layout, System};

    /// `GlobalAlloc::alloc`, or `alloc_zeroed` when `zeroed`.
    #[cold]
    #[inline(never)]
    pub(super) unsafe fn alloc(layout: Layout, zeroed: bool) -> *mut u8 {
        let pointer = match fork_arena::alloc(layout) {
            Some((pointer, fresh)) => {
                if zeroed && !fresh {
                    // SAFETY: a reused block of the arena, at least `layout.size()` bytes.
                    unsafe { pointer.write_bytes(0, layout.size()) };
                }
                pointer
            }
            // SAFETY: forwarded as given (the caller upholds `alloc`'s contract).
            None if zeroed => unsafe { System.alloc_zeroed(layout) },
            // SAFETY: as above.
            None => unsafe { System.alloc(layout) },
        };
        if !pointer.is_null() {
            add(layout.size(), size(layout.size()));
        }
        pointer
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn dealloc(pointer: *mut u8, layout: Layout) {
        if !fork_arena::dealloc(pointer, layout) {
            // SAFETY: a block of the system allocator's, given back by its owner.
            unsafe { System.dealloc(pointer, layout) };
        }
        add(layout.size(), -size(layout.size()));
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn realloc(pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = if !fork_arena::takes_realloc(pointer) {
            // SAFETY: a block of the system allocator's, as given.
            unsafe { System.realloc(pointer, layout, new_size) }
        } else if fork_arena::fits_in_place(pointer, layout.size(), new_size) {
            pointer
        } else {
            // SAFETY: the caller guarantees that `new_size`, rounded up to the alignment,
            // does not overflow isize (`realloc`'s contract).
            let wanted = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
            let fresh = match fork_arena::alloc(wanted) {
                Some((fresh, _)) => fresh,
                // SAFETY: `wanted` has a non-zero size (`realloc`'s contract).
                None => unsafe { System.alloc(wanted) },
            };
            if !fresh.is_null() {
                // SAFETY: two distinct blocks, each with room for the bytes copied; the
                // old one is then given back as `dealloc` would.
                unsafe {
                    std::ptr::copy_nonoverlapping(pointer, fresh, layout.size().min(new_size));
                    if !fork_arena::dealloc(pointer, layout) {
                        System.dealloc(pointer, layout);
                    }
                }
            }
            fresh
        };
        if !moved.is_null() {
            counted_move(layout.size(), new_size);
        }
        moved
    }
}

/// What this thread holds now, in V8-equivalent bytes: its bulk blocks as they are, its
/// small blocks at [`SMALL_PER_V8_BYTE`] to one (allocated minus freed since it started).
pub(crate) fn live_bytes() -> isize {
    let live = LIVE.try_with(Cell::get).unwrap_or(0);
    let bulk = BULK.try_with(Cell::get).unwrap_or(0);
    bulk.wrapping_add(live.wrapping_sub(bulk) / SMALL_PER_V8_BYTE)
}

/// One run's use of memory, measured from where it began. Isolates share one engine
/// heap per thread, so the run is held to the limit of one isolate times the isolates
/// it has booted.
#[derive(Debug)]
pub(crate) struct Meter {
    /// Live bytes on the run's thread when it began, after a full collection, plus what
    /// the isolates a template booted ahead hold until the run first uses them.
    baseline: Cell<isize>,
    per_isolate: usize,
    // invariant: ≥ 1; the limit is per_isolate × isolates.
    isolates: Cell<usize>,
    /// What the run held after the last collection this meter made, plus a margin: no
    /// new collection before the run holds more than this (a run that stays just under
    /// its limit while it makes garbage would otherwise collect at every call).
    quiet_until: Cell<usize>,
}

impl Meter {
    /// Starts measuring on this thread: the garbage of earlier runs is collected first.
    pub(crate) fn start(per_isolate: usize) -> Meter {
        boa_gc::force_collect();
        Meter { baseline: Cell::new(live_bytes()), per_isolate, isolates: Cell::new(1), quiet_until: Cell::new(0) }
    }

    /// Measures from here: a run that takes a template's world starts now, not when the
    /// template booted. Whatever the process came to hold in between (the fork server's
    /// cache of reference runs, its explorer) is not the run's, and what the template
    /// booted is charged when the run first uses it (`include`). The caller makes sure the
    /// heap holds no garbage (`Template::install` collects; a fork server collects before
    /// it forks, so a forked run never collects the template's heap): what is compared
    /// with the limit stays what the run holds, in every run.
    pub(crate) fn rebase(&self) {
        self.baseline.set(live_bytes());
        self.quiet_until.set(0);
    }

    /// An isolate booted: the run may hold one isolate's limit more (the first is
    /// counted from the start).
    pub(crate) fn isolate_booted(&self, booted: usize) {
        debug_assert!(booted >= 1, "counting booted isolates from one");
        self.isolates.set(self.isolates.get().max(booted));
    }

    /// A template booted an isolate ahead, holding `bytes` (reachable, measured after a
    /// collection): not the run's until it first uses that isolate.
    pub(crate) fn exclude(&self, bytes: isize) {
        self.baseline.set(self.baseline.get() + bytes);
    }

    /// The run took an isolate a template booted ahead (`exclude`): as if it had booted
    /// it now.
    pub(crate) fn include(&self, bytes: isize) {
        self.baseline.set(self.baseline.get() - bytes);
    }

    /// The most the run may hold now.
    pub(crate) fn limit(&self) -> usize {
        self.per_isolate.saturating_mul(self.isolates.get())
    }

    /// Bytes the run holds now, beyond its baseline.
    pub(crate) fn used(&self) -> usize {
        usize::try_from(live_bytes().saturating_sub(self.baseline.get())).unwrap_or(0)
    }

    /// Whether the run holds more than its limit in reachable memory: past the limit,
    /// the garbage is collected and the run measured again.
    pub(crate) fn exceeded(&self) -> bool {
        let used = self.used();
        if used <= self.limit() || used <= self.quiet_until.get() {
            return false;
        }
        boa_gc::force_collect();
        let reachable = self.used();
        // Deterministic: what is reachable after a collection is the same in every run.
        // The margin is an eighth of the limit plus what the collection freed (at most a
        // quarter of the limit): boa's collector frees its list of live objects and grows
        // it again at the next allocation, so without the second term a run that holds
        // close to its limit would collect at every call.
        let freed = used.saturating_sub(reachable).min(self.limit() / 4);
        self.quiet_until.set(reachable.saturating_add(self.limit() / 8).saturating_add(freed));
        reachable > self.limit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_follows_allocations_and_frees_on_this_thread() {
        let before = live_bytes();
        let block = vec![0u8; 1 << 20];
        assert!(live_bytes() - before >= 1 << 20);
        drop(block);
        assert!(live_bytes() - before < 1 << 10);
    }

    #[test]
    fn a_run_is_over_its_limit_only_with_reachable_memory() {
        let meter = Meter::start(4 << 20);
        let held = vec![1u8; 8 << 20];
        assert!(meter.exceeded());
        drop(held);
        assert!(!meter.exceeded());
    }
}
