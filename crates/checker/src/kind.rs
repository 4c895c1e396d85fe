//! The violation kinds of INTERFACES.md and their severities.
//!
//! Owns the names (kebab-case, as scenarios write them in `[expect]`) and the default
//! severity of each kind. It never decides whether a kind occurred.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One row of the INTERFACES.md "Violation kinds" table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A request failed with the profile's "never generate a response" error (R7), or still
    /// waited when the run had no work left (R13 `no-response`).
    Hang,
    /// A request awaited a promise whose settlement depended on another request's task or
    /// I/O (R2, R7).
    CrossRequestAwait,
    /// A reaction one request registered ran because of another request's work while the
    /// registering request was not waiting for it (R2).
    CrossRequestResolution,
    /// A timer or subrequest was dropped at the true ResponseTime, or when the `waitUntil`
    /// work ended, before it ran or finished (R6).
    DroppedWork,
    /// The interleaved outcome of an isolate's requests matches no serial execution of
    /// them in one isolate (the serializability oracle).
    GlobalStateRace,
    /// A request's outcome differs from its outcome alone in a fresh isolate (the isolation
    /// oracle).
    StateLeak,
    /// `respondWith` was called after dispatch, twice, or on another request's event
    /// (R5, R8).
    RespondWithMisuse,
    /// An I/O object was used from a request that does not own it (R8).
    ForeignIo,
    /// A `fetch()` waited because the request already had `subrequest_concurrency`
    /// subrequests open (R9).
    SubrequestQueued,
    /// Deadlock avoidance cancelled an open subrequest to free a slot (R9).
    SubrequestCancelled,
    /// A request went past `subrequests_per_request` (R9).
    TooManySubrequests,
    /// A subrequest's response body was never read or cancelled (R9).
    UnreadBody,
    /// An exception or a rejection escaped the worker's code (R10).
    UncaughtError,
    /// A task exceeded the CPU budget (R11).
    CpuLimit,
    /// The running request's code took the isolate past its memory limit (R11, 128 MB).
    MemoryLimit,
    /// The run hit crosstalk's own limits (`run_tasks_max`, `run_virtual_ms_max`) with
    /// requests still waiting: their outcome is unknown, so it is never a pass.
    RunLimit,
    /// A Durable Object call overwrote another call's write of the same key with a value
    /// it read before that write (R15: the input gate does not cover non-storage I/O).
    LostUpdate,
    /// A result depended on a Durable Object's in-memory state that an injected eviction
    /// dropped (R18, `[faults] durable_object_reset`).
    StateLost,
    /// A call was delivered to a Durable Object while I/O its constructor started outside
    /// `blockConcurrencyWhile` was in flight (R15).
    PartialInit,
    /// A Workflow instance's replay of `run()` after a hibernation (`[faults]
    /// workflow_hibernation`) made again I/O that an earlier run had made outside any step.
    WorkflowReplay,
}

impl Kind {
    /// Every kind, in table order.
    pub const ALL: [Kind; 20] = [
        Kind::Hang,
        Kind::CrossRequestAwait,
        Kind::CrossRequestResolution,
        Kind::DroppedWork,
        Kind::GlobalStateRace,
        Kind::StateLeak,
        Kind::RespondWithMisuse,
        Kind::ForeignIo,
        Kind::SubrequestQueued,
        Kind::SubrequestCancelled,
        Kind::TooManySubrequests,
        Kind::UnreadBody,
        Kind::UncaughtError,
        Kind::CpuLimit,
        Kind::MemoryLimit,
        Kind::RunLimit,
        Kind::LostUpdate,
        Kind::StateLost,
        Kind::PartialInit,
        Kind::WorkflowReplay,
    ];

    /// The kebab-case name, as in `[expect] violations` and the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hang => "hang",
            Kind::CrossRequestAwait => "cross-request-await",
            Kind::CrossRequestResolution => "cross-request-resolution",
            Kind::DroppedWork => "dropped-work",
            Kind::GlobalStateRace => "global-state-race",
            Kind::StateLeak => "state-leak",
            Kind::RespondWithMisuse => "respond-with-misuse",
            Kind::ForeignIo => "foreign-io",
            Kind::SubrequestQueued => "subrequest-queued",
            Kind::SubrequestCancelled => "subrequest-cancelled",
            Kind::TooManySubrequests => "too-many-subrequests",
            Kind::UnreadBody => "unread-body",
            Kind::UncaughtError => "uncaught-error",
            Kind::CpuLimit => "cpu-limit",
            Kind::MemoryLimit => "memory-limit",
            Kind::RunLimit => "run-limit",
            Kind::LostUpdate => "lost-update",
            Kind::StateLost => "state-lost",
            Kind::PartialInit => "partial-init",
            Kind::WorkflowReplay => "workflow-replay",
        }
    }

    /// Parses a kind name; `None` for anything not in the table.
    ///
    /// ```
    /// use crosstalk_checker::Kind;
    /// assert_eq!(Kind::parse("global-state-race"), Some(Kind::GlobalStateRace));
    /// assert_eq!(Kind::parse("race"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The severity a kind has unless the scenario overrides it.
    ///
    /// Errors are failures a user sees (a 500, a wrong answer); warnings are work or
    /// data silently lost or shared; infos are performance facts that are often fine.
    pub fn default_severity(self) -> Severity {
        match self {
            Kind::Hang
            | Kind::CrossRequestAwait
            | Kind::GlobalStateRace
            | Kind::ForeignIo
            | Kind::TooManySubrequests
            | Kind::UncaughtError
            | Kind::CpuLimit
            | Kind::MemoryLimit
            | Kind::RunLimit
            | Kind::LostUpdate
            | Kind::StateLost
            | Kind::WorkflowReplay => Severity::Error,
            Kind::CrossRequestResolution
            | Kind::DroppedWork
            | Kind::StateLeak
            | Kind::RespondWithMisuse
            | Kind::SubrequestCancelled
            | Kind::UnreadBody
            | Kind::PartialInit => Severity::Warning,
            Kind::SubrequestQueued => Severity::Info,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a violation matters. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Reported, never fails a verdict on its own (see [`crate::verdict`]).
    Info,
    /// Work or data silently lost or shared: fails a verdict unless expected.
    Warning,
    /// A failure the user sees (a 500, a wrong answer): fails a verdict unless expected.
    Error,
}

impl Severity {
    /// The lowercase name, as in the JSON report and scenario severity overrides.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(name: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error].into_iter().find(|s| s.as_str() == name)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_parse() {
        for kind in Kind::ALL {
            let json = serde_json::to_string(&kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }
}
