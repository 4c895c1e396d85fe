//! R3: who read the clock, drew random values or read what the edge says about the client
//! (`request.cf`) in a run, and through which API.
//!
//! They are frozen, seeded or given by the scenario in crosstalk and free in other
//! runtimes, so a run's outcome can depend on them only through these reads. `crosstalk
//! conform` uses the record to tell a difference of the runtimes from one of the inputs:
//! it is the run's own account, not a search of the source text, so an alias
//! (`const now = Date.now`) is seen and a `new Date(0)` that reads nothing is not.
//!
//! Invariants:
//! - at most one record per (owner, source): the first API that read it;
//! - the record is ordered by owner, then source, never by a hash or by time, so it is
//!   the same for every replay of a schedule;
//! - reads made while crosstalk sets up its own modules (`quietly`, e.g. `process`
//!   noting when it started) are not the worker's and are not recorded.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::trace::Owner;

/// What a read depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputSource {
    /// The clock: `Date`, `performance.now()`, `Intl`/`Temporal` reading the time.
    Clock,
    /// Random values: `Math.random`, `crypto.getRandomValues`/`randomUUID`, key generation.
    Random,
    /// What the edge says about the client: an incoming request's `request.cf`.
    Cf,
}

/// The first read of one source by one owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRead {
    /// The request (or `startup`) whose code read it.
    pub owner: Owner,
    /// What it read: the clock, random values or `request.cf`.
    pub source: InputSource,
    /// The API that read it, as the worker would write it (`Date`, `Math.random`, …).
    pub api: String,
}

/// The record of one run (part of the world, shared by its isolates).
#[derive(Default)]
pub(crate) struct InputReads {
    // invariant: one entry per (owner, source), the first API (see the module doc).
    first: RefCell<BTreeMap<(Owner, InputSource), &'static str>>,
    // invariant: how many `quietly` calls are running (one module's set-up can load another's).
    quiet: Cell<u32>,
}

impl InputReads {
    /// Notes that `owner` read `source` through `api` (kept only if it is the first).
    pub(crate) fn read(&self, owner: Owner, source: InputSource, api: &'static str) {
        if self.quiet.get() > 0 {
            return;
        }
        self.first.borrow_mut().entry((owner, source)).or_insert(api);
    }

    /// Runs `f` (crosstalk's own set-up code) without recording its reads.
    pub(crate) fn quietly<T>(&self, f: impl FnOnce() -> T) -> T {
        let depth = self.quiet.get();
        self.quiet.set(depth + 1);
        let result = f();
        assert_eq!(self.quiet.get(), depth + 1, "quiet set-up calls end in the order they began");
        self.quiet.set(depth);
        result
    }

    /// Takes every read recorded so far, in order (a template's boot, to be recorded again
    /// when a run first uses the isolate).
    pub(crate) fn take(&self) -> Vec<(Owner, InputSource, &'static str)> {
        std::mem::take(&mut *self.first.borrow_mut())
            .into_iter()
            .map(|((owner, source), api)| (owner, source, api))
            .collect()
    }

    /// Every read, by owner then source.
    pub(crate) fn list(&self) -> Vec<InputRead> {
        (self.first.borrow().iter())
            .map(|(&(owner, source), api)| InputRead { owner, source, api: (*api).to_string() })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_api_per_owner_and_source_is_kept_in_owner_order() {
        let reads = InputReads::default();
        reads.read(Owner::Request(2), InputSource::Random, "Math.random");
        reads.read(Owner::Request(2), InputSource::Random, "crypto.randomUUID");
        reads.read(Owner::Request(1), InputSource::Clock, "Date");
        reads.quietly(|| reads.read(Owner::Startup, InputSource::Clock, "Date"));
        let listed: Vec<(Owner, InputSource, String)> =
            reads.list().into_iter().map(|r| (r.owner, r.source, r.api)).collect();
        assert_eq!(
            listed,
            [
                (Owner::Request(1), InputSource::Clock, "Date".to_string()),
                (Owner::Request(2), InputSource::Random, "Math.random".to_string()),
            ]
        );
    }
}
