//! Components: the pieces of per-isolate host state, each owned by the module that
//! implements it (timers by host/timers.rs, subrequests by subrequest.rs, …).
//!
//! A component is found by its type, created empty on first use, and cleared at
//! teardown through [`Component::clear_js_values`], so a new binding adds its state
//! without editing the [`crate::engine::Host`] or the teardown (ARCHITECTURE.md, "How to
//! add a binding").
//!
//! Invariants:
//! - one instance per type per isolate; components live as long as the isolate;
//! - the set is ordered by first use, never by a hash, so teardown is deterministic;
//! - after [`Components::clear_js_values`], every component [`Component::is_clear`]
//!   (the realm-leak trap: no JS value outlives its realm).

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::rc::Rc;

/// A piece of per-isolate host state.
pub(crate) trait Component: Any + Default {
    /// Drops every JS value the component holds outside the GC heap.
    fn clear_js_values(&self);
    /// Whether the component holds no JS value (true after `clear_js_values`).
    fn is_clear(&self) -> bool;
    /// R6: takes out the I/O of request `owner` still in flight, as (request, n) keys
    /// with the text of their cancellation events. Only binding operations
    /// (`host::binding_io::Pending`) have any, so the end of a request reaches every
    /// binding without a list of them.
    fn cancel_owned_by(&self, _owner: u32) -> Vec<((u32, u32), String)> {
        Vec::new()
    }
}

/// The object-safe face of a [`Component`].
trait Erased: Any {
    fn clear_js_values(&self);
    fn is_clear(&self) -> bool;
    fn cancel_owned_by(&self, owner: u32) -> Vec<((u32, u32), String)>;
}

impl<T: Component> Erased for T {
    fn clear_js_values(&self) {
        Component::clear_js_values(self);
    }
    fn is_clear(&self) -> bool {
        Component::is_clear(self)
    }
    fn cancel_owned_by(&self, owner: u32) -> Vec<((u32, u32), String)> {
        Component::cancel_owned_by(self, owner)
    }
}

/// The components of one isolate, in order of first use.
#[derive(Default)]
pub(crate) struct Components {
    // invariant: at most one entry per concrete type.
    entries: RefCell<Vec<Rc<dyn Erased>>>,
    /// The type of each entry, at the same position: a lookup compares these instead of
    /// asking each entry its type through its vtable (a host call looks up several).
    types: RefCell<Vec<TypeId>>,
}

impl Components {
    /// The isolate's `T`, created empty on first use.
    pub(crate) fn get<T: Component>(&self) -> Rc<T> {
        let wanted = TypeId::of::<T>();
        let position = self.types.borrow().iter().position(|t| *t == wanted);
        if let Some(position) = position {
            let found = self.entries.borrow()[position].clone();
            return (found as Rc<dyn Any>).downcast::<T>().unwrap_or_else(|_| unreachable!("types[i] is entries[i]'s"));
        }
        let created = Rc::new(T::default());
        self.entries.borrow_mut().push(created.clone());
        self.types.borrow_mut().push(wanted);
        debug_assert_eq!(self.entries.borrow().len(), self.types.borrow().len());
        created
    }

    /// Drops every JS value every component holds.
    pub(crate) fn clear_js_values(&self) {
        // A component's clear may drop a JS value whose finalizer reaches the host: never
        // hold the list borrowed while clearing.
        let entries: Vec<Rc<dyn Erased>> = self.entries.borrow().clone();
        for entry in &entries {
            entry.clear_js_values();
        }
        debug_assert!(self.is_clear(), "a component still holds JS values after clear_js_values");
    }

    /// R6: every component's I/O of request `owner` still in flight, taken out, in the
    /// order it started (by n).
    pub(crate) fn cancel_owned_by(&self, owner: u32) -> Vec<((u32, u32), String)> {
        let entries: Vec<Rc<dyn Erased>> = self.entries.borrow().clone();
        let mut cancelled: Vec<((u32, u32), String)> =
            entries.iter().flat_map(|entry| entry.cancel_owned_by(owner)).collect();
        cancelled.sort_by_key(|(key, _)| *key);
        debug_assert!(cancelled.windows(2).all(|w| w[0].0 != w[1].0), "an I/O number is used once per request");
        cancelled
    }

    /// Whether no component holds a JS value.
    pub(crate) fn is_clear(&self) -> bool {
        self.entries.borrow().iter().all(|entry| entry.is_clear())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[derive(Default)]
    struct Counter(Cell<u32>);

    impl Component for Counter {
        fn clear_js_values(&self) {
            self.0.set(0);
        }
        fn is_clear(&self) -> bool {
            self.0.get() == 0
        }
    }

    #[test]
    fn one_instance_per_type_cleared_at_teardown() {
        let components = Components::default();
        components.get::<Counter>().0.set(3);
        assert_eq!(components.get::<Counter>().0.get(), 3);
        assert!(!components.is_clear());
        components.clear_js_values();
        assert!(components.is_clear());
        assert_eq!(components.get::<Counter>().0.get(), 0);
    }

    /// Two kinds of I/O in flight: one per request, keyed (request, n).
    #[derive(Default)]
    struct Io(RefCell<Vec<(u32, u32)>>);
    #[derive(Default)]
    struct OtherIo(RefCell<Vec<(u32, u32)>>);

    fn take(ops: &RefCell<Vec<(u32, u32)>>, owner: u32, what: &str) -> Vec<((u32, u32), String)> {
        let mut ops = ops.borrow_mut();
        let (mine, rest): (Vec<_>, Vec<_>) = ops.iter().partition(|k| k.0 == owner);
        *ops = rest;
        mine.into_iter().map(|k| (k, format!("{what} #{}", k.1))).collect()
    }

    impl Component for Io {
        fn clear_js_values(&self) {}
        fn is_clear(&self) -> bool {
            true
        }
        fn cancel_owned_by(&self, owner: u32) -> Vec<((u32, u32), String)> {
            take(&self.0, owner, "io")
        }
    }

    impl Component for OtherIo {
        fn clear_js_values(&self) {}
        fn is_clear(&self) -> bool {
            true
        }
        fn cancel_owned_by(&self, owner: u32) -> Vec<((u32, u32), String)> {
            take(&self.0, owner, "other")
        }
    }

    #[test]
    fn a_request_ends_its_io_of_every_component_in_start_order() {
        let components = Components::default();
        components.get::<Counter>();
        *components.get::<Io>().0.borrow_mut() = vec![(1, 3), (2, 1), (1, 1)];
        *components.get::<OtherIo>().0.borrow_mut() = vec![(1, 2), (2, 2)];
        let cancelled = components.cancel_owned_by(1);
        let expected =
            vec![((1, 1), "io #1".to_string()), ((1, 2), "other #2".to_string()), ((1, 3), "io #3".to_string())];
        assert_eq!(cancelled, expected);
        // Request 2's I/O stays in flight, and request 1 has nothing left to cancel.
        assert!(components.cancel_owned_by(1).is_empty());
        assert_eq!(*components.get::<Io>().0.borrow(), vec![(2, 1)]);
        assert_eq!(components.cancel_owned_by(2).len(), 2);
    }
}
