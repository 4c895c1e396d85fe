//! The allocator of a forked run: fresh pages for what it allocates, so that the pages
//! it shares with its template stay shared.
//!
//! A fork of the fork server (`template.rs`) shares every page of the template's memory
//! until one of the two processes writes to it; the kernel then copies the page. glibc's
//! malloc writes wherever it keeps free memory (chunk headers, bins, the top chunk), and
//! after the template's collections its free chunks lie all over the template's heap, so
//! a fork's `malloc` and `free` copied pages at almost every call: measured with `perf`
//! (BENCHMARKS.md, "Forks that allocate from pages of their own"), most of a fork's page
//! copies were malloc's. In a fork, [`begin`] reserves an arena of fresh pages and the
//! process's allocator (`memory::Counting`) serves the thread that forked from it:
//!
//! - blocks up to [`LARGE_MAX`] come in size classes, each with a list of freed blocks
//!   to reuse (the list lives in the freed blocks themselves, so it touches only the
//!   arena's pages); the pages of a freed block of [`RETURN_FROM`] bytes or more are
//!   handed back to the kernel (`MADV_DONTNEED`) while it waits in its list; larger
//!   blocks still get pages of their own, handed back when freed and never reused;
//! - a block of the template's that the fork frees is left as it is: freeing it would
//!   copy its page and the pages of its neighbours, and the fork ends soon anyway;
//! - once the arena is used up (it is reserved, not committed: tens of GiB of address
//!   space when the process may have them), the thread goes back to the system
//!   allocator for good, frees included; blocks of the arena are then never reused.
//!
//! The counts of `memory.rs` are kept by the caller for every block, wherever it comes
//! from, so a forked run's memory is measured as before: the memory limit's verdicts do
//! not depend on this allocator.
//!
//! Only a forked process has an arena, and in it only the thread that forked (a fork has
//! no other thread when it begins); a block of the arena freed by any other thread is
//! left as it is.

use std::alloc::Layout;
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Blocks are aligned to this (malloc's alignment on 64-bit Linux), and small ones are
/// sized in steps of it.
const ALIGN: usize = 16;
/// Classes in steps of [`ALIGN`] up to this size.
const SMALL_MAX: usize = 1024;
const SMALL_CLASSES: usize = SMALL_MAX / ALIGN;
/// Classes of the powers of two above [`SMALL_MAX`] up to this size; larger blocks get
/// pages of their own.
const LARGE_MAX: usize = 1 << 30;
/// Blocks of a class this large or larger start a page, and their pages are handed back
/// when they are freed.
const RETURN_FROM: usize = 1 << 20;
const LARGE_CLASSES: usize = (LARGE_MAX.trailing_zeros() - SMALL_MAX.trailing_zeros()) as usize;
const CLASSES: usize = SMALL_CLASSES + LARGE_CLASSES;
const PAGE: usize = 4096;

/// The address space asked for, largest first: a process whose address space is capped
/// (`workers::limit_memory`) gets a smaller arena, or none.
const RESERVATIONS: [usize; 4] = [64 << 30, 8 << 30, 1 << 30, 256 << 20];

/// The arena's range when this process has one: a block in it is the arena's, whichever
/// thread frees it. Both 0 when there is none.
static BASE: AtomicUsize = AtomicUsize::new(0);
static END: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Where the next fresh block starts, on the thread the arena serves; 0 on every
    /// other thread, and on that one once the arena is used up.
    static CURSOR: Cell<usize> = const { Cell::new(0) };
    /// The head of each class's list of freed blocks (0: empty); each freed block holds
    /// the address of the next.
    static FREED: [Cell<usize>; CLASSES] = const { [const { Cell::new(0) }; CLASSES] };
}

/// Gives this process an arena serving the calling thread, for the rest of its life (for
/// a forked copy of the fork server, before its run). Does nothing in a process that has
/// one already (a fork of a fork keeps its parent's), or that cannot reserve one.
pub(crate) fn begin() {
    if END.load(Ordering::Relaxed) != 0 {
        return;
    }
    for size in RESERVATIONS {
        // SAFETY: a new private anonymous mapping, at an address the kernel chooses; it
        // aliases nothing.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            continue;
        }
        let base = base as usize;
        assert!(base.is_multiple_of(PAGE) && base != 0, "mmap returns a page");
        BASE.store(base, Ordering::Relaxed);
        END.store(base + size, Ordering::Relaxed);
        CURSOR.with(|cursor| cursor.set(base));
        return;
    }
}

/// Whether this process has an arena (it is a forked run): the one test every
/// allocation of every other process pays.
#[inline(always)]
pub(crate) fn exists() -> bool {
    END.load(Ordering::Relaxed) != 0
}

/// A block for `layout` from the arena, and whether it is fresh (its bytes still the
/// zeros of a new page), or `None` when this thread has no arena (or it is used up).
pub(crate) fn alloc(layout: Layout) -> Option<(*mut u8, bool)> {
    let cursor = CURSOR.try_with(Cell::get).ok().filter(|&c| c != 0)?;
    let (size, align) = match class_of(layout.size()) {
        Some(class) => {
            let size = class_size(class);
            let block_align = if size >= RETURN_FROM { PAGE } else { ALIGN };
            if layout.align() <= block_align {
                let head = FREED.with(|freed| freed[class].get());
                if head != 0 {
                    // SAFETY: a freed block of this class, at least ALIGN bytes, holding
                    // the address of the next (written by `dealloc`).
                    let next = unsafe { (head as *const usize).read() };
                    FREED.with(|freed| freed[class].set(next));
                    return Some((head as *mut u8, false));
                }
            }
            (size, layout.align().max(block_align))
        }
        None => (layout.size().next_multiple_of(PAGE), layout.align().max(PAGE)),
    };
    let start = cursor.next_multiple_of(align);
    let end = END.load(Ordering::Relaxed);
    if start.checked_add(size).is_none_or(|past| past > end) {
        // Used up: the system allocator from now on, frees included.
        CURSOR.with(|c| c.set(0));
        return None;
    }
    CURSOR.with(|c| c.set(start + size));
    debug_assert!(start.is_multiple_of(layout.align()) && size >= layout.size());
    Some((start as *mut u8, true))
}

/// Takes back a block this thread's arena serves the frees of: one of the arena's, or,
/// while the arena serves this thread, one of the template's (left as it is). `false`:
/// the system allocator's to free.
pub(crate) fn dealloc(pointer: *mut u8, layout: Layout) -> bool {
    if !exists() {
        return false;
    }
    let serving = CURSOR.try_with(Cell::get).unwrap_or(0) != 0;
    let address = pointer as usize;
    if !(BASE.load(Ordering::Relaxed)..END.load(Ordering::Relaxed)).contains(&address) {
        // The template's (or, once the arena is used up, the system allocator's).
        return serving;
    }
    if !serving {
        return true;
    }
    match class_of(layout.size()) {
        Some(class) => {
            let size = class_size(class);
            if size >= RETURN_FROM {
                debug_assert!(address.is_multiple_of(PAGE), "blocks of the large classes start a page");
                // SAFETY: the block's own pages, given back by its owner: their contents
                // are no longer needed. Failure only keeps them.
                unsafe { libc::madvise(pointer.cast(), size, libc::MADV_DONTNEED) };
            }
            let head = FREED.with(|freed| freed[class].get());
            // SAFETY: the caller gives the block back; it is at least ALIGN bytes, aligned,
            // and no one reads it any more but this list.
            unsafe { (address as *mut usize).write(head) };
            FREED.with(|freed| freed[class].set(address));
        }
        None => {
            debug_assert!(address.is_multiple_of(PAGE), "blocks past the classes start a page");
            // SAFETY: as above.
            unsafe { libc::madvise(pointer.cast(), layout.size().next_multiple_of(PAGE), libc::MADV_DONTNEED) };
        }
    }
    true
}

/// Whether the arena takes a `realloc` of `pointer`: it does for its own blocks and, while
/// it serves this thread, for the template's.
pub(crate) fn takes_realloc(pointer: *mut u8) -> bool {
    if !exists() {
        return false;
    }
    let address = pointer as usize;
    (BASE.load(Ordering::Relaxed)..END.load(Ordering::Relaxed)).contains(&address)
        || CURSOR.try_with(Cell::get).unwrap_or(0) != 0
}

/// Whether a block of the arena allocated for `old` bytes has room for `new` bytes in
/// place (the same class).
pub(crate) fn fits_in_place(pointer: *mut u8, old: usize, new: usize) -> bool {
    let address = pointer as usize;
    (BASE.load(Ordering::Relaxed)..END.load(Ordering::Relaxed)).contains(&address)
        && class_of(old).is_some()
        && class_of(old) == class_of(new)
}

/// The class of a block of `size` bytes, `None` above [`LARGE_MAX`].
fn class_of(size: usize) -> Option<usize> {
    if size <= SMALL_MAX {
        Some(size.max(1).div_ceil(ALIGN) - 1)
    } else if size <= LARGE_MAX {
        Some(SMALL_CLASSES + (size.next_power_of_two().trailing_zeros() - SMALL_MAX.trailing_zeros()) as usize - 1)
    } else {
        None
    }
}

/// The bytes of a block of `class`.
fn class_size(class: usize) -> usize {
    debug_assert!(class < CLASSES);
    if class < SMALL_CLASSES { (class + 1) * ALIGN } else { SMALL_MAX << (class + 1 - SMALL_CLASSES) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_has_a_class_that_holds_it_and_the_next_class_down_does_not() {
        for size in (0..=SMALL_MAX + 100).chain([4095, 4096, 4097, LARGE_MAX - 1, LARGE_MAX]) {
            let class = class_of(size).expect("a class up to LARGE_MAX");
            assert!(class < CLASSES);
            assert!(class_size(class) >= size.max(1), "size {size}");
            if class > 0 {
                assert!(class_size(class - 1) < size, "size {size} fits a smaller class");
            }
            assert!(class_size(class).is_multiple_of(ALIGN));
        }
        assert_eq!(class_of(LARGE_MAX + 1), None);
        assert_eq!(class_size(CLASSES - 1), LARGE_MAX);
        assert_eq!(class_size(class_of(RETURN_FROM).unwrap()), RETURN_FROM);
        assert_eq!(class_of(16), Some(0));
        assert_eq!(class_of(17), Some(1));
        assert_eq!(class_of(1025), Some(SMALL_CLASSES));
        assert_eq!(class_size(SMALL_CLASSES), 2048);
    }

    fn in_arena<T>(pointer: *const T) -> bool {
        (BASE.load(Ordering::Relaxed)..END.load(Ordering::Relaxed)).contains(&(pointer as usize))
    }

    /// The only test that calls `begin`: the arena serves its thread alone, and every
    /// other test's thread keeps the system allocator (as a fork's other threads would).
    #[test]
    fn the_thread_an_arena_serves_gets_its_blocks_from_it_and_reuses_what_it_frees() {
        std::thread::spawn(|| {
            let before: Vec<u64> = (0..100).collect();
            begin();
            if END.load(Ordering::Relaxed) == 0 {
                return; // No address space to reserve here: nothing to check.
            }
            // A block from before the arena is still read as usual; freed, it is left alone.
            assert!(!in_arena(before.as_ptr()));
            assert_eq!(before.iter().sum::<u64>(), 4950);
            drop(before);

            let small = vec![7u8; 40];
            let address = small.as_ptr();
            assert!(in_arena(address));
            drop(small);
            // The same class, reused from its list, and zeroed when asked.
            let layout = Layout::from_size_align(33, 1).unwrap();
            // SAFETY: a layout of non-zero size; the block is read within it, then freed.
            unsafe {
                let again = std::alloc::alloc_zeroed(layout);
                assert_eq!(again.cast_const(), address);
                assert!(std::slice::from_raw_parts(again, 33).iter().all(|&b| b == 0));
                std::alloc::dealloc(again, layout);
            }

            // A growing vector keeps its contents through every move, whatever the class.
            let mut grown: Vec<u32> = Vec::new();
            for i in 0..300_000 {
                grown.push(i);
            }
            assert!(in_arena(grown.as_ptr()));
            assert!(grown.iter().enumerate().all(|(i, &v)| v as usize == i));

            // A large block starts a page; freed, its pages are handed back, and the
            // block is reused, zeroed when asked.
            let large = vec![1u8; 3 << 20];
            let address = large.as_ptr();
            assert!(in_arena(address) && (address as usize).is_multiple_of(PAGE));
            drop(large);
            let zeroed = vec![0u8; 3 << 20];
            assert_eq!(zeroed.as_ptr(), address);
            assert!(zeroed.iter().all(|&b| b == 0));
            drop(zeroed);
            // Past the classes: pages of its own.
            let huge = vec![0u8; LARGE_MAX + 1];
            assert!(in_arena(huge.as_ptr()) && (huge.as_ptr() as usize).is_multiple_of(PAGE));
            assert_eq!(huge[LARGE_MAX], 0);
            drop(huge);

            // Alignment above the classes' is honoured.
            let layout = Layout::from_size_align(24, 256).unwrap();
            let (aligned, _) = alloc(layout).expect("the arena serves this thread");
            assert_eq!(aligned as usize % 256, 0);
            assert!(dealloc(aligned, layout));
        })
        .join()
        .expect("the arena's thread ends");
        // Another thread: the system allocator's.
        let here: Vec<u8> = std::iter::repeat_n(0, 64).collect();
        assert!(!in_arena(here.as_ptr()));
    }
}
