//! Hidden nondeterminism (R12): one schedule must give one run, byte for byte. `check`
//! replays every schedule it judges and compares the replay with the schedule's first
//! run — the way shuttle's uncontrolled-nondeterminism scheduler replays each schedule —
//! so a run that depends on anything outside its schedule (a process global, a hash
//! order, the wall clock) fails the check instead of flaking later.
//!
//! The first run boots its isolates when they are first used; the replay starts from
//! isolates booted ahead (`crosstalk_runtime::Template`), as `fuzz`'s worker processes
//! run every schedule. So the check also proves, for every schedule it judges, that a
//! campaign's forked runs are the runs `run` and `replay` make.
//!
//! Owns the comparison and how a difference reads; never decides which schedules are
//! replayed ([`crate::check`] and [`crate::explore`] do).

use std::fmt;

use crosstalk_runtime::Run;
use crosstalk_scenario::Schedule;

use crate::explore::Origin;
use crate::session::Session;

/// The finding kind under which a campaign reports a replay that differs. It is never
/// shrunk or saved to the corpus: shrinking needs runs that repeat.
pub const NONDETERMINISM: &str = "nondeterminism";

/// Where the replay of a schedule first differs from its first run. Events and outcomes
/// are compared as their JSON (the form reports and snapshots show).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// Trace event `index` (0-based) differs; `None` when that run's trace ended before it.
    Event {
        /// The event's position in the trace (0-based).
        index: usize,
        /// The first run's event as JSON; `None` when its trace ended before it.
        first: Option<String>,
        /// The replay's event as JSON; `None` when its trace ended before it.
        replay: Option<String>,
    },
    /// The traces agree; the outcome of request `index` (in report order) differs.
    Outcome {
        /// The request's position in the run's outcomes (0-based).
        index: usize,
        /// The first run's outcome as JSON; `None` when it had no such request.
        first: Option<String>,
        /// The replay's outcome as JSON; `None` when it had no such request.
        replay: Option<String>,
    },
    /// Traces and outcomes agree; the runs ran out of work at different virtual times.
    End {
        /// When the first run ran out of work, in virtual ms.
        first_ms: u64,
        /// When the replay ran out of work, in virtual ms.
        replay_ms: u64,
    },
    /// The first run ran; its replay could not.
    ReplayFailed(String),
}

/// A schedule whose replay differs from its first run.
#[derive(Clone, Debug, PartialEq)]
pub struct Divergence {
    /// Where the schedule came from: the pinned seed, a corpus entry or a campaign.
    pub origin: Origin,
    /// The schedule that ran twice.
    pub schedule: Schedule,
    /// Where its replay first differed.
    pub difference: Difference,
}

/// The first place where `replay` differs from `first`, or `None` when they are the same
/// run.
///
/// ```
/// use crosstalk_harness::determinism::{Difference, first_difference};
/// use crosstalk_runtime::Run;
/// let run = Run { requests: Vec::new(), trace: Vec::new(), end_ms: 5, inputs: Vec::new() };
/// assert_eq!(first_difference(&run, &run.clone()), None);
/// let later = Run { end_ms: 6, ..run.clone() };
/// assert_eq!(first_difference(&run, &later), Some(Difference::End { first_ms: 5, replay_ms: 6 }));
/// ```
pub fn first_difference(first: &Run, replay: &Run) -> Option<Difference> {
    if let Some((index, first, replay)) = first_unequal(&first.trace, &replay.trace) {
        return Some(Difference::Event { index, first, replay });
    }
    if let Some((index, first, replay)) = first_unequal(&first.requests, &replay.requests) {
        return Some(Difference::Outcome { index, first, replay });
    }
    (first.end_ms != replay.end_ms).then_some(Difference::End { first_ms: first.end_ms, replay_ms: replay.end_ms })
}

/// The index and JSON of the first item whose JSON differs (a missing item is `None`).
fn first_unequal<T: serde::Serialize>(first: &[T], replay: &[T]) -> Option<(usize, Option<String>, Option<String>)> {
    let json = |items: &[T], index: usize| items.get(index).map(|item| serde_json::to_string(item).unwrap_or_default());
    (0..first.len().max(replay.len())).find_map(|index| {
        let (a, b) = (json(first, index), json(replay, index));
        (a != b).then_some((index, a, b))
    })
}

/// Replays `schedule` from isolates booted ahead and compares it with `first`, its first
/// run (which booted its own).
pub fn replay_difference(session: &Session, schedule: &Schedule, first: &Run) -> Option<Difference> {
    // A model that cannot boot replays without a template, and meets the same error.
    if let Ok(template) = crosstalk_runtime::Template::boot(session.model()) {
        template.install();
    }
    match session.run_schedule(schedule) {
        Ok(replay) => first_difference(first, &replay),
        Err(error) => Some(Difference::ReplayFailed(error.to_string())),
    }
}

impl fmt::Display for Difference {
    /// A headline, then the two sides on lines of their own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |json: &Option<String>, ended: &str| json.clone().unwrap_or_else(|| format!("({ended})"));
        match self {
            Difference::Event { index, first, replay } => write!(
                f,
                "trace event {index} differs\nfirst run: {}\nreplay:    {}",
                side(first, "the trace ended"),
                side(replay, "the trace ended")
            ),
            Difference::Outcome { index, first, replay } => write!(
                f,
                "the traces agree; the outcome of request {index} differs\nfirst run: {}\nreplay:    {}",
                side(first, "no such request"),
                side(replay, "no such request")
            ),
            Difference::End { first_ms, replay_ms } => {
                write!(f, "traces and outcomes agree; the first run ended at {first_ms}ms, the replay at {replay_ms}ms")
            }
            Difference::ReplayFailed(error) => write!(f, "the first run ran, its replay failed: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosstalk_runtime::{Event, EventKind, Owner};

    fn console(text: &str) -> Event {
        Event { t_ms: 0, owner: Owner::Request(1), kind: EventKind::Console { level: "log".into(), text: text.into() } }
    }

    fn run(lines: &[&str]) -> Run {
        Run { requests: Vec::new(), trace: lines.iter().map(|l| console(l)).collect(), end_ms: 0, inputs: Vec::new() }
    }

    #[test]
    fn identical_runs_have_no_difference() {
        assert_eq!(first_difference(&run(&["a", "b"]), &run(&["a", "b"])), None);
    }

    #[test]
    fn the_first_differing_event_is_named_with_both_sides() {
        let difference = first_difference(&run(&["a", "b", "c"]), &run(&["a", "x", "y"])).unwrap();
        assert_eq!(
            difference,
            Difference::Event {
                index: 1,
                first: Some(r#"{"t_ms":0,"owner":"r1","event":"console","level":"log","text":"b"}"#.into()),
                replay: Some(r#"{"t_ms":0,"owner":"r1","event":"console","level":"log","text":"x"}"#.into()),
            }
        );
        assert_eq!(
            difference.to_string(),
            "trace event 1 differs\n\
             first run: {\"t_ms\":0,\"owner\":\"r1\",\"event\":\"console\",\"level\":\"log\",\"text\":\"b\"}\n\
             replay:    {\"t_ms\":0,\"owner\":\"r1\",\"event\":\"console\",\"level\":\"log\",\"text\":\"x\"}"
        );
    }

    #[test]
    fn a_shorter_trace_differs_where_it_ends() {
        let difference = first_difference(&run(&["a", "b"]), &run(&["a"])).unwrap();
        assert!(matches!(difference, Difference::Event { index: 1, first: Some(_), replay: None }), "{difference:?}");
        assert!(difference.to_string().ends_with("replay:    (the trace ended)"), "{difference}");
    }
}
