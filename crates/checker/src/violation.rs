//! The finding type every invariant module produces, and the timeline excerpt helper.
//!
//! Owns the shape of a violation; never decides what is one.

use serde::Serialize;

use crosstalk_runtime::{Event, Location, Owner};

use crate::config::CheckConfig;
use crate::kind::{Kind, Severity};

/// A script location worth showing beside the culprit (e.g. where the timer that
/// settled a shared promise was set).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeeAlso {
    /// What the location is, e.g. `where r1 created the promise`.
    pub label: String,
    /// The script location, shown with a code frame in the text report.
    pub location: Location,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    /// Which invariant was broken.
    pub kind: Kind,
    /// The kind's severity in this scenario (its default unless overridden).
    pub severity: Severity,
    /// The request the finding is about.
    pub request: Owner,
    /// Other requests involved (the one whose work settled the promise, …).
    pub related: Vec<Owner>,
    /// What happened, for a Workers developer.
    pub message: String,
    /// The culprit line of the user's script (serialised `file:line:col`).
    pub location: Option<Location>,
    /// Further locations, shown with code frames in the text report.
    pub see_also: Vec<SeeAlso>,
    /// How to fix it.
    pub fix: String,
    /// Virtual time of the finding.
    pub t_ms: u64,
    /// A short excerpt of the trace around the finding.
    pub timeline: Vec<Event>,
}

impl Violation {
    /// A violation of `kind` with the configured severity; fill the rest with the setters.
    pub(crate) fn new(config: &CheckConfig, kind: Kind, request: Owner, t_ms: u64, message: String, fix: &str) -> Self {
        Self {
            kind,
            severity: config.severity_of(kind),
            request,
            related: Vec::new(),
            message,
            location: None,
            see_also: Vec::new(),
            fix: fix.to_string(),
            t_ms,
            timeline: Vec::new(),
        }
    }

    pub(crate) fn related(mut self, related: Vec<Owner>) -> Self {
        let mut related = related;
        related.sort();
        related.dedup();
        related.retain(|r| *r != self.request);
        self.related = related;
        self
    }

    pub(crate) fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub(crate) fn see_also(mut self, label: String, location: Option<&Location>) -> Self {
        if let Some(location) = location {
            self.see_also.push(SeeAlso { label, location: location.clone() });
        }
        self
    }

    pub(crate) fn timeline(mut self, trace: &[Event], key_events: &[usize]) -> Self {
        let mut owners = vec![self.request];
        owners.extend(self.related.iter().copied());
        self.timeline = excerpt(trace, &owners, key_events);
        self
    }
}

/// The longest timeline excerpt a violation carries.
pub(crate) const TIMELINE_EVENTS_MAX: usize = 14;

/// Key events plus the two events of the involved owners just before each, in trace
/// order, at most [`TIMELINE_EVENTS_MAX`].
pub(crate) fn excerpt(trace: &[Event], owners: &[Owner], key_events: &[usize]) -> Vec<Event> {
    let mut chosen: Vec<usize> = Vec::new();
    for &key in key_events {
        if key >= trace.len() {
            continue;
        }
        let before =
            trace[..key].iter().enumerate().rev().filter(|(_, e)| owners.contains(&e.owner)).take(2).map(|(i, _)| i);
        chosen.extend(before);
        chosen.push(key);
    }
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.len() > TIMELINE_EVENTS_MAX {
        // Keep the key events first: drop context lines from the front.
        let keys: Vec<usize> = key_events.to_vec();
        while chosen.len() > TIMELINE_EVENTS_MAX {
            match chosen.iter().position(|i| !keys.contains(i)) {
                Some(p) => {
                    chosen.remove(p);
                }
                None => {
                    chosen.truncate(TIMELINE_EVENTS_MAX);
                }
            }
        }
    }
    chosen.into_iter().filter_map(|i| trace.get(i).cloned()).collect()
}

/// `r1`, `r1 and r2`, `r1, r2 and r3`.
pub(crate) fn list_owners(owners: &[Owner]) -> String {
    let names: Vec<String> = owners.iter().map(|o| o.to_string()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
