//! The event trace: everything the checker, the snapshots and the reports read.
//!
//! Events are appended in the order they happen; `t_ms` is virtual time (R3), never the
//! host's clock. The JSON shape is the contract of INTERFACES.md: every event has
//! `t_ms`, `owner` (`startup` or `rN`) and `event` (a kebab-case kind).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Who a task, job, timer or I/O belongs to (R2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Owner {
    /// Top-level evaluation of the script in an isolate.
    #[default]
    Startup,
    /// Request `rN` (1-based, in arrival order).
    Request(u32),
}

impl Owner {
    pub fn request(self) -> Option<u32> {
        match self {
            Owner::Startup => None,
            Owner::Request(id) => Some(id),
        }
    }

    pub fn is_request(self) -> bool {
        matches!(self, Owner::Request(_))
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Startup => f.write_str("startup"),
            Owner::Request(id) => write!(f, "r{id}"),
        }
    }
}

impl Serialize for Owner {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_owner(&text).ok_or_else(|| serde::de::Error::custom(format!("bad owner '{text}'")))
    }
}

/// Parses `startup` or `rN`.
pub fn parse_owner(text: &str) -> Option<Owner> {
    if text == "startup" {
        return Some(Owner::Startup);
    }
    text.strip_prefix('r')?.parse().ok().filter(|&n| n > 0).map(Owner::Request)
}

pub(crate) use crate::location::Location;

/// The promise a stuck request awaited, as far as provenance knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Awaited {
    /// The request (or `startup`) that created it.
    pub creator: Owner,
    /// Where it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Location>,
    /// How: `new Promise()`, `an async function call`, `fetch()`, …
    pub how: String,
    /// Crosstalk did not see it created and assumed its first user created it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

impl fmt::Display for Awaited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.inferred {
            return write!(f, "a promise first used by {} (its creator is not known: {})", self.creator, self.how);
        }
        write!(f, "a promise created by {}", self.creator)?;
        match &self.created_at {
            Some(at) => write!(f, " at {at} ({})", self.how),
            None => write!(f, " ({})", self.how),
        }
    }
}

/// Why a timer or subrequest was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropReason {
    /// R6: the true ResponseTime passed and no `waitUntil` held the request.
    ResponseTime,
    /// R6: the request's `waitUntil` promises all settled.
    WaitUntilSettled,
    /// R6: the waitUntil grace period ran out.
    WaitUntilTimeout,
    /// R7: the request was found hung.
    Hang,
    /// R11: the request was stopped for exceeding its CPU budget.
    CpuLimit,
    /// R11: the request was stopped for exceeding the isolate's memory limit.
    MemoryLimit,
    /// The run reached a limit of the harness and ended the request.
    RequestEnded,
}

/// How `respondWith` was misused (R5, R8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Misuse {
    /// Called after dispatch (after an `await`): ignored.
    Late,
    /// Called a second time during dispatch: threw InvalidStateError.
    Twice,
    /// Called on another request's event: threw InvalidStateError.
    Foreign,
}

/// Why a subrequest was cancelled (R6, R9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CancelReason {
    /// R9: deadlock avoidance freed its slot for a queued fetch.
    Deadlock,
    /// R6: still open at the true ResponseTime, not covered by `waitUntil`.
    ResponseTime,
    /// R6: still open when the waitUntil grace period ended or the request was stopped.
    RequestEnded,
    /// The worker aborted it (`AbortSignal`) or cancelled its body.
    Aborted,
}

/// One entry of the trace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub t_ms: u64,
    pub owner: Owner,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened. Field names are part of the JSON contract (ARCHITECTURE.md lists them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum EventKind {
    /// An isolate evaluated the worker's top-level code (owner `startup`).
    Startup { isolate: u32 },
    /// A request arrived and was routed to an isolate (R1).
    Arrival { isolate: u32, method: String, url: String },
    /// The dispatch task of a request ran its handler (R5).
    Dispatch,
    /// `setTimeout`/`setInterval` created a timer owned by the running request (R2).
    TimerSet { timer: u32, delay_ms: u64, repeat: bool, at: Option<Location> },
    /// A timer's task ran.
    TimerFired { timer: u32 },
    /// `clearTimeout`/`clearInterval` removed a timer.
    TimerCleared { timer: u32 },
    /// A pending timer was dropped without running (R6, R7). `internal` marks a timer the
    /// runtime set for itself (`AbortSignal.timeout`): dropping it loses no user work.
    TimerDropped {
        timer: u32,
        due_ms: u64,
        reason: DropReason,
        at: Option<Location>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        internal: bool,
    },
    /// A job whose reaction was registered by `registered_by` ran owned by `owner`
    /// because the owner's work settled the promise (R2 cross-request resolution).
    Job { registered_by: Owner, at: Option<Location> },
    /// A console call (R10).
    Console { level: String, text: String },
    /// `respondWith` (or the module handler's return) handed over a response or a promise.
    RespondWith { promise: bool, at: Option<Location> },
    /// `respondWith` called late, twice or on another request's event.
    RespondWithMisuse { misuse: Misuse, target: Owner, at: Option<Location> },
    /// `waitUntil` registered a promise.
    WaitUntil { at: Option<Location> },
    /// The response settled: the true ResponseTime (R6).
    Response { status: u16 },
    /// No `respondWith`: the request passes through to the origin (R5).
    PassThrough { reason: String },
    /// All `waitUntil` promises settled (or the grace period ended them).
    WaitUntilDone { timed_out: bool },
    /// The request was found hung (R7). `awaiting_at` is where it registered the newest
    /// reaction that never ran (usually the `await` it is stuck on).
    Hang {
        message: String,
        awaiting_at: Option<Location>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        awaited: Option<Awaited>,
    },
    /// The simulation ran out of work while the request still waited (R13, `workerd`):
    /// its outcome is `no-response`.
    NoResponse {
        reason: String,
        awaiting_at: Option<Location>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        awaited: Option<Awaited>,
    },
    /// R13, flag on: a settlement by this owner of a promise `creator` made was queued
    /// into the creator's context.
    SettlementDeferred { creator: Owner },
    /// An exception escaped a handler, a timer callback or a reaction (R10).
    UncaughtError { message: String, stack: Option<String>, at: Option<Location> },
    /// A rejected promise had no handler after the microtask checkpoint (R10).
    UnhandledRejection { message: String, stack: Option<String>, at: Option<Location> },
    /// A task or its microtasks exceeded the CPU budget (R11).
    CpuLimit { message: String },
    /// R11: the running request's code took the isolates past their memory limit.
    MemoryLimit { message: String },
    /// `fetch()` was called: subrequest `n` (1-based per request) of the owner (R9).
    Fetch { n: u32, method: String, url: String, at: Option<Location> },
    /// It waits for one of the `subrequest_concurrency` slots (R9).
    SubrequestQueued { n: u32, open: u32 },
    /// It holds a slot and was sent to its origin.
    SubrequestStarted { n: u32 },
    /// Its response headers arrived.
    SubrequestHeaders { n: u32, status: u16 },
    /// A body chunk arrived.
    SubrequestChunk { n: u32, chunk: u32, bytes: u64 },
    /// Its body was fully read: the slot is free.
    SubrequestDone { n: u32 },
    /// It was cancelled before its body was read.
    SubrequestCancelled { n: u32, reason: CancelReason, url: String },
    /// `fetch()` failed (no origin answers the URL, or the request was aborted).
    SubrequestFailed { n: u32, message: String },
    /// R9: the per-request subrequest limit was hit; `fetch` rejected.
    TooManySubrequests { n: u32, limit: u32, at: Option<Location> },
    /// R9: a response body that was never read or cancelled (recorded at the end).
    UnreadBody { n: u32, url: String },
    /// A KV operation (`get`, `put`, `delete`, `list`…) started (R2: owned by the caller).
    KvOp { n: u32, binding: String, op: String, key: String, at: Option<Location> },
    /// It completed: a write is visible to later reads from now on.
    KvDone { n: u32 },
    /// R13 (`workerd`, flag off): the request's response was settled by code running for
    /// `by`; it is never delivered, and the request fails when its own context runs again.
    ResponseSettledElsewhere { by: Owner },
    /// A D1 call started (`first`, `all`, `raw`, `run`, `batch`, `exec`; R2: owned by the
    /// caller). `sql` is its first statement, shortened, and how many more there are.
    D1Op { n: u32, binding: String, method: String, sql: String, at: Option<Location> },
    /// It reached the database: its statements ran (or failed) at this instant.
    D1Done { n: u32 },
    /// An R2 operation started (`get`, `put`, `list`…; R2: owned by the caller). `key` is
    /// its object key (a `list`'s prefix, a `delete`'s keys joined with `,`).
    R2Op { n: u32, binding: String, op: String, key: String, at: Option<Location> },
    /// It completed: a write is visible to later reads from now on.
    R2Done { n: u32 },
    /// A queue producer's `send` (one message) or `sendBatch` started (R2: owned by the
    /// caller).
    QueueSend { n: u32, binding: String, queue: String, method: String, messages: u32, at: Option<Location> },
    /// The queue accepted the messages.
    QueueSent { n: u32 },
    /// A service binding call (`env.AUTH.fetch()` or an RPC method; R2: I/O owned by the
    /// caller) became request `callee` of the target worker's isolate.
    ServiceCall {
        n: u32,
        binding: String,
        call: String,
        callee: Owner,
        /// For a call through a Durable Object stub: the object (`Class(name)`), whose
        /// calls share one I/O context (R14).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        object: Option<String>,
        at: Option<Location>,
    },
    /// The callee answered RPC call `n`: its promise resolves, or rejects with `error`.
    ServiceAnswered { n: u32, error: Option<String> },
    /// A Durable Object storage operation of the call (R15, R16): `get`, `put`, `delete`,
    /// `list`, `deleteAll` or `sync` on `object`; `keys` are the keys it read or wrote,
    /// joined with `,`; `cached` when it needed no storage round trip.
    DoStorage { n: u32, object: String, op: String, keys: String, cached: bool, at: Option<Location> },
    /// A storage read completed; the object's input gate opens unless another is pending.
    DoStorageDone { n: u32 },
    /// A write was confirmed; answers held by the object's output gate go out once no
    /// write is pending.
    DoWriteConfirmed { n: u32 },
    /// The object's constructor ran, for this call.
    DoConstruct { object: String },
    /// `blockConcurrencyWhile`: no other event reaches `object` until the callback settles.
    DoBlock { object: String, at: Option<Location> },
    /// The callback settled; `error` when it threw, which resets the object.
    DoUnblock { object: String, error: Option<String> },
    /// `setAlarm`: `object`'s alarm is due at `due_ms` (virtual time; R17).
    DoAlarmSet { object: String, due_ms: u64, at: Option<Location> },
    /// `deleteAlarm`, or a `setAlarm` that replaced a pending alarm.
    DoAlarmDeleted { object: String, at: Option<Location> },
    /// `object`'s alarm is due: request `alarm` runs its `alarm()` handler.
    DoAlarmDue { object: String, alarm: Owner, retry_count: u32 },
    /// A call was delivered to `object` while subrequests `pending` (numbers of
    /// `constructed_by`'s I/O) that its constructor started outside a
    /// `blockConcurrencyWhile` were still in flight: the handler runs on an object whose
    /// initialisation has not finished.
    DoEarlyDelivery { object: String, constructed_by: Owner, pending: Vec<u32> },
    /// R18: the schedule evicted idle `object` (`[faults] durable_object_reset`): its
    /// instance and in-memory state are gone; the next call constructs it again.
    DoReset { object: String },
    /// The run ended with `object`'s alarm still set beyond `run_virtual_ms_max`.
    DoAlarmNotReached { object: String, due_ms: u64 },
    /// R8: an I/O object of `object_owner` was used from the owner's code.
    ForeignIo { object: String, object_owner: Owner, at: Option<Location> },
    /// A binding crosstalk does not model was used (the call threw): the scenario cannot
    /// be simulated faithfully.
    UnsupportedBinding { binding: String, kind: String, member: String, at: Option<Location> },
    /// The run reached a limit of the harness (virtual time or task count); the requests
    /// still waiting are cancelled.
    RunLimit { message: String },
    /// The request is finished: answered and its waitUntil work done, or failed.
    RequestEnd { outcome: crate::outcome::OutcomeKind },
}

impl EventKind {
    /// The kebab-case name, as in the JSON `event` field.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Startup { .. } => "startup",
            EventKind::Arrival { .. } => "arrival",
            EventKind::Dispatch => "dispatch",
            EventKind::TimerSet { .. } => "timer-set",
            EventKind::TimerFired { .. } => "timer-fired",
            EventKind::TimerCleared { .. } => "timer-cleared",
            EventKind::TimerDropped { .. } => "timer-dropped",
            EventKind::Job { .. } => "job",
            EventKind::Console { .. } => "console",
            EventKind::RespondWith { .. } => "respond-with",
            EventKind::RespondWithMisuse { .. } => "respond-with-misuse",
            EventKind::WaitUntil { .. } => "wait-until",
            EventKind::Response { .. } => "response",
            EventKind::PassThrough { .. } => "pass-through",
            EventKind::WaitUntilDone { .. } => "wait-until-done",
            EventKind::Hang { .. } => "hang",
            EventKind::NoResponse { .. } => "no-response",
            EventKind::SettlementDeferred { .. } => "settlement-deferred",
            EventKind::UncaughtError { .. } => "uncaught-error",
            EventKind::UnhandledRejection { .. } => "unhandled-rejection",
            EventKind::CpuLimit { .. } => "cpu-limit",
            EventKind::MemoryLimit { .. } => "memory-limit",
            EventKind::RequestEnd { .. } => "request-end",
            EventKind::RunLimit { .. } => "run-limit",
            EventKind::UnsupportedBinding { .. } => "unsupported-binding",
            EventKind::Fetch { .. } => "fetch",
            EventKind::SubrequestQueued { .. } => "subrequest-queued",
            EventKind::SubrequestStarted { .. } => "subrequest-started",
            EventKind::SubrequestHeaders { .. } => "subrequest-headers",
            EventKind::SubrequestChunk { .. } => "subrequest-chunk",
            EventKind::SubrequestDone { .. } => "subrequest-done",
            EventKind::SubrequestCancelled { .. } => "subrequest-cancelled",
            EventKind::SubrequestFailed { .. } => "subrequest-failed",
            EventKind::TooManySubrequests { .. } => "too-many-subrequests",
            EventKind::UnreadBody { .. } => "unread-body",
            EventKind::ForeignIo { .. } => "foreign-io",
            EventKind::KvOp { .. } => "kv-op",
            EventKind::KvDone { .. } => "kv-done",
            EventKind::ResponseSettledElsewhere { .. } => "response-settled-elsewhere",
            EventKind::D1Op { .. } => "d1-op",
            EventKind::D1Done { .. } => "d1-done",
            EventKind::R2Op { .. } => "r2-op",
            EventKind::R2Done { .. } => "r2-done",
            EventKind::QueueSend { .. } => "queue-send",
            EventKind::QueueSent { .. } => "queue-sent",
            EventKind::ServiceCall { .. } => "service-call",
            EventKind::ServiceAnswered { .. } => "service-answered",
            EventKind::DoStorage { .. } => "do-storage",
            EventKind::DoStorageDone { .. } => "do-storage-done",
            EventKind::DoWriteConfirmed { .. } => "do-write-confirmed",
            EventKind::DoConstruct { .. } => "do-construct",
            EventKind::DoBlock { .. } => "do-block",
            EventKind::DoUnblock { .. } => "do-unblock",
            EventKind::DoAlarmSet { .. } => "do-alarm-set",
            EventKind::DoAlarmDeleted { .. } => "do-alarm-deleted",
            EventKind::DoAlarmDue { .. } => "do-alarm-due",
            EventKind::DoAlarmNotReached { .. } => "do-alarm-not-reached",
            EventKind::DoReset { .. } => "do-reset",
            EventKind::DoEarlyDelivery { .. } => "do-early-delivery",
        }
    }
}

/// The whole trace of a run.
pub type Trace = Vec<Event>;

/// Renders a trace as an aligned text timeline, one event per line (used by snapshots
/// and `crosstalk trace --format text`).
pub fn render_text(trace: &[Event]) -> String {
    let mut out = String::new();
    for event in trace {
        let detail = describe(&event.kind);
        out.push_str(&format!(
            "{:>8}ms  {:<8} {:<20} {}\n",
            event.t_ms,
            event.owner.to_string(),
            event.kind.name(),
            detail
        ));
    }
    out
}

fn at(location: &Option<Location>) -> String {
    location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default()
}

/// A one-line description of an event's fields.
pub fn describe(kind: &EventKind) -> String {
    match kind {
        EventKind::Startup { isolate } => format!("isolate {isolate}"),
        EventKind::Arrival { isolate, method, url } => format!("{method} {url} → isolate {isolate}"),
        EventKind::Dispatch => String::new(),
        EventKind::TimerSet { timer, delay_ms, repeat, at: l } => {
            format!("#{timer} {}{delay_ms}ms{}", if *repeat { "every " } else { "" }, at(l))
        }
        EventKind::TimerFired { timer } | EventKind::TimerCleared { timer } => format!("#{timer}"),
        EventKind::TimerDropped { timer, due_ms, reason, at: l, internal } => {
            let what = if *internal { " (AbortSignal.timeout)" } else { "" };
            format!("#{timer}{what} due {due_ms}ms ({}){}", serde_plain(reason), at(l))
        }
        EventKind::Job { registered_by, at: l } => format!("reaction registered by {registered_by}{}", at(l)),
        EventKind::Console { level, text } => format!("[{level}] {text}"),
        EventKind::RespondWith { promise, at: l } => {
            format!("{}{}", if *promise { "promise" } else { "response" }, at(l))
        }
        EventKind::RespondWithMisuse { misuse, target, at: l } => {
            format!("{} (event of {target}){}", serde_plain(misuse), at(l))
        }
        EventKind::WaitUntil { at: l } => at(l).trim_start().to_string(),
        EventKind::Response { status } => format!("{status}"),
        EventKind::PassThrough { reason } => reason.clone(),
        EventKind::WaitUntilDone { timed_out } => {
            if *timed_out {
                "timed out".into()
            } else {
                "settled".into()
            }
        }
        EventKind::Hang { message, awaiting_at, awaited }
        | EventKind::NoResponse { reason: message, awaiting_at, awaited } => {
            let mut text = message.clone();
            if let Some(l) = awaiting_at {
                text.push_str(&format!(" (waiting at {l}"));
                if let Some(a) = awaited {
                    text.push_str(&format!(" on {a}"));
                }
                text.push(')');
            } else if let Some(a) = awaited {
                text.push_str(&format!(" (waiting on {a})"));
            }
            text
        }
        EventKind::SettlementDeferred { creator } => format!("into {creator}"),
        EventKind::UncaughtError { message, at: l, .. } | EventKind::UnhandledRejection { message, at: l, .. } => {
            format!("{message}{}", at(l))
        }
        EventKind::CpuLimit { message } | EventKind::MemoryLimit { message } => message.clone(),
        EventKind::RequestEnd { outcome } => serde_plain(outcome),
        EventKind::RunLimit { message } => message.clone(),
        EventKind::UnsupportedBinding { binding, kind, member, at: l } => {
            format!("env.{binding}.{member} ({kind}){}", at(l))
        }
        EventKind::Fetch { n, method, url, at: l } => format!("#{n} {method} {url}{}", at(l)),
        EventKind::SubrequestQueued { n, open } => format!("#{n} ({open} open)"),
        EventKind::SubrequestStarted { n } | EventKind::SubrequestDone { n } => format!("#{n}"),
        EventKind::SubrequestHeaders { n, status } => format!("#{n} {status}"),
        EventKind::SubrequestChunk { n, chunk, bytes } => format!("#{n} chunk {chunk} ({bytes} bytes)"),
        EventKind::SubrequestCancelled { n, reason, url } => format!("#{n} {url} ({})", serde_plain(reason)),
        EventKind::SubrequestFailed { n, message } => format!("#{n} {message}"),
        EventKind::TooManySubrequests { n, limit, at: l } => format!("#{n} (limit {limit}){}", at(l)),
        EventKind::UnreadBody { n, url } => format!("#{n} {url}"),
        EventKind::ForeignIo { object, object_owner, at: l } => format!("{object} of {object_owner}{}", at(l)),
        EventKind::KvOp { n, binding, op, key, at: l } => format!("#{n} {binding}.{op}({key}){}", at(l)),
        EventKind::KvDone { n } => format!("#{n}"),
        EventKind::ResponseSettledElsewhere { by } => format!("settled by {by}'s code: never delivered"),
        EventKind::D1Op { n, binding, method, sql, at: l } => format!("#{n} {binding}.{method}({sql}){}", at(l)),
        EventKind::D1Done { n } => format!("#{n}"),
        EventKind::R2Op { n, binding, op, key, at: l } => format!("#{n} {binding}.{op}({key}){}", at(l)),
        EventKind::R2Done { n } => format!("#{n}"),
        EventKind::QueueSend { n, binding, queue, method, messages, at: l } => {
            let what = if *messages == 1 { "1 message".to_string() } else { format!("{messages} messages") };
            format!("#{n} {binding}.{method}() → {queue}: {what}{}", at(l))
        }
        EventKind::QueueSent { n } => format!("#{n}"),
        EventKind::ServiceCall { n, binding, call, callee, at: l, .. } => {
            format!("#{n} {binding}.{call} → {callee}{}", at(l))
        }
        EventKind::ServiceAnswered { n, error } => match error {
            Some(error) => format!("#{n} threw {error}"),
            None => format!("#{n}"),
        },
        EventKind::DoStorage { n, object, op, keys, cached, at: l } => {
            let cached = if *cached { " (cached)" } else { "" };
            format!("#{n} {object}.storage.{op}({keys}){cached}{}", at(l))
        }
        EventKind::DoStorageDone { n } | EventKind::DoWriteConfirmed { n } => format!("#{n}"),
        EventKind::DoConstruct { object } => object.clone(),
        EventKind::DoBlock { object, at: l } => format!("{object}{}", at(l)),
        EventKind::DoUnblock { object, error } => match error {
            Some(error) => format!("{object}: the callback threw {error}; the object is reset"),
            None => object.clone(),
        },
        EventKind::DoAlarmSet { object, due_ms, at: l } => format!("{object} at {due_ms}ms{}", at(l)),
        EventKind::DoAlarmDeleted { object, at: l } => format!("{object}{}", at(l)),
        EventKind::DoAlarmDue { object, alarm, retry_count } => match retry_count {
            0 => format!("{object} → {alarm}"),
            n => format!("{object} → {alarm} (retry {n})"),
        },
        EventKind::DoReset { object } => format!("{object}: evicted; its in-memory state is gone"),
        EventKind::DoEarlyDelivery { object, constructed_by, pending } => {
            let list: Vec<String> = pending.iter().map(|n| format!("#{n}")).collect();
            format!("{object}: {constructed_by}'s constructor fetch {} still in flight", list.join(", "))
        }
        EventKind::DoAlarmNotReached { object, due_ms } => {
            format!("{object}'s alarm at {due_ms}ms is past run_virtual_ms_max: it never ran")
        }
    }
}

fn serde_plain<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// What a trace tap is told: a run begins, or one of its events was recorded.
#[derive(Clone, Copy, Debug)]
pub enum Tapped<'e> {
    Run,
    Event(&'e Event),
}

/// What [`tap_trace`] calls.
type Tap = Box<dyn FnMut(Tapped<'_>)>;

thread_local! {
    /// Told every event recorded on this thread while set ([`tap_trace`]).
    static TAP: std::cell::RefCell<Option<Tap>> = const { std::cell::RefCell::new(None) };
}

/// Tells `tap` every trace event the runs on this thread record, the moment each is
/// recorded, and the start of each run, until the returned guard is dropped. A worker process uses it while it
/// runs a schedule that crashed a worker before: what it sends out before the process
/// dies says which request's code was running.
pub fn tap_trace(tap: Tap) -> TraceTap {
    TAP.with(|slot| {
        let previous = slot.borrow_mut().replace(tap);
        assert!(previous.is_none(), "one trace tap at a time on a thread");
    });
    TraceTap(())
}

/// Removes the trace tap when dropped.
#[must_use = "the tap is removed when this is dropped"]
pub struct TraceTap(());

impl Drop for TraceTap {
    fn drop(&mut self) {
        TAP.with(|slot| slot.borrow_mut().take());
    }
}

/// Hands `what` to the thread's tap, if there is one.
pub(crate) fn tapped(what: Tapped<'_>) {
    TAP.with(|slot| {
        if let Some(tap) = slot.borrow_mut().as_mut() {
            tap(what);
        }
    });
}
