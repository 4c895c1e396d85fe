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
    /// The request's 1-based number; `None` for `startup`.
    pub fn request(self) -> Option<u32> {
        match self {
            Owner::Startup => None,
            Owner::Request(id) => Some(id),
        }
    }

    /// Whether this is a request rather than `startup`.
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
    /// When it happened: virtual ms since the run began (R3).
    pub t_ms: u64,
    /// The request (or `startup`) it happened for.
    pub owner: Owner,
    /// What happened; its fields sit beside `t_ms` and `owner` in the JSON.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened. Field names are part of the JSON contract (ARCHITECTURE.md lists them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum EventKind {
    /// An isolate evaluated the worker's top-level code (owner `startup`).
    Startup {
        /// The isolate, numbered from 0.
        isolate: u32,
    },
    /// A request arrived and was routed to an isolate (R1).
    Arrival {
        /// The isolate it was routed to, numbered from 0.
        isolate: u32,
        /// Its HTTP method (`RPC` for a service RPC call, `ALARM` for an alarm event).
        method: String,
        /// Its URL (for an RPC call or an alarm event, a label naming the binding).
        url: String,
    },
    /// The dispatch task of a request ran its handler (R5).
    Dispatch,
    /// `setTimeout`/`setInterval` created a timer owned by the running request (R2).
    TimerSet {
        /// The timer's id as the worker sees it: from 1, per isolate.
        timer: u32,
        /// The delay in ms after conversion (a missing, negative or non-finite delay is 0).
        delay_ms: u64,
        /// Set by `setInterval`: it is re-armed each time it fires.
        repeat: bool,
        /// Where the user's code set it, if known.
        at: Option<Location>,
    },
    /// A timer's task ran.
    TimerFired {
        /// The timer's id, as in its `timer-set`.
        timer: u32,
    },
    /// `clearTimeout`/`clearInterval` removed a timer.
    TimerCleared {
        /// The timer's id, as in its `timer-set`.
        timer: u32,
    },
    /// A pending timer was dropped without running (R6, R7). `internal` marks a timer the
    /// runtime set for itself (`AbortSignal.timeout`): dropping it loses no user work.
    TimerDropped {
        /// The timer's id, as in its `timer-set`.
        timer: u32,
        /// When it would have run, in virtual ms.
        due_ms: u64,
        /// Why it was dropped.
        reason: DropReason,
        /// Where the user's code set it, if known.
        at: Option<Location>,
        /// The runtime's own timer rather than the worker's.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        internal: bool,
    },
    /// A job whose reaction was registered by `registered_by` ran owned by `owner`
    /// because the owner's work settled the promise (R2 cross-request resolution).
    Job {
        /// The request (or `startup`) whose code registered the reaction.
        registered_by: Owner,
        /// Where the reaction was registered (its `await` or `then`), if known.
        at: Option<Location>,
    },
    /// A console call (R10).
    Console {
        /// `log`, `info`, `warn`, `error` or `debug`.
        level: String,
        /// The line as the console prints it.
        text: String,
    },
    /// `respondWith` (or the module handler's return) handed over a response or a promise.
    RespondWith {
        /// A promise was handed over, not a `Response`.
        promise: bool,
        /// Where it was handed over, if known.
        at: Option<Location>,
    },
    /// `respondWith` called late, twice or on another request's event.
    RespondWithMisuse {
        /// Which misuse it was.
        misuse: Misuse,
        /// The request whose event `respondWith` was called on.
        target: Owner,
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// `waitUntil` registered a promise.
    WaitUntil {
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// The response settled: the true ResponseTime (R6).
    Response {
        /// The HTTP status: the worker's, the origin's on pass-through, 500 for a failure.
        status: u16,
    },
    /// No `respondWith`: the request passes through to the origin (R5).
    PassThrough {
        /// Why, in words (`no respondWith() during dispatch`).
        reason: String,
    },
    /// All `waitUntil` promises settled (or the grace period ended them).
    WaitUntilDone {
        /// The grace period ran out before they all settled.
        timed_out: bool,
    },
    /// The request was found hung (R7). `awaiting_at` is where it registered the newest
    /// reaction that never ran (usually the `await` it is stuck on).
    Hang {
        /// The profile's hang message, the request's error text.
        message: String,
        /// Where it waits; `None` when no waiting reaction has a location.
        awaiting_at: Option<Location>,
        /// The promise it waits on, when provenance knows it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        awaited: Option<Awaited>,
    },
    /// The simulation ran out of work while the request still waited (R13, `workerd`):
    /// its outcome is `no-response`.
    NoResponse {
        /// What it waits on, in words.
        reason: String,
        /// Where it waits; `None` when no waiting reaction has a location.
        awaiting_at: Option<Location>,
        /// The promise it waits on, when provenance knows it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        awaited: Option<Awaited>,
    },
    /// R13, flag on: a settlement by this owner of a promise `creator` made was queued
    /// into the creator's context.
    SettlementDeferred {
        /// The request that created the promise.
        creator: Owner,
    },
    /// An exception escaped a handler, a timer callback or a reaction (R10).
    UncaughtError {
        /// The error as people read it (`TypeError: x is not a function`).
        message: String,
        /// Its JS stack text; `None` when it has none.
        stack: Option<String>,
        /// Its top frame in the user's script, if known.
        at: Option<Location>,
    },
    /// A rejected promise had no handler after the microtask checkpoint (R10).
    UnhandledRejection {
        /// The rejection reason as people read it.
        message: String,
        /// Its JS stack text; `None` when it has none.
        stack: Option<String>,
        /// Its top frame in the user's script, if known.
        at: Option<Location>,
    },
    /// A task or its microtasks exceeded the CPU budget (R11).
    CpuLimit {
        /// The error the request fails with.
        message: String,
    },
    /// R11: the running request's code took the isolates past their memory limit.
    MemoryLimit {
        /// The error the request fails with.
        message: String,
    },
    /// `fetch()` was called: subrequest `n` (1-based per request) of the owner (R9).
    Fetch {
        /// Its number among the request's I/O (fetches, calls, binding operations), from 1.
        n: u32,
        /// Its HTTP method.
        method: String,
        /// Its URL.
        url: String,
        /// Where `fetch()` was called, if known.
        at: Option<Location>,
    },
    /// It waits for one of the `subrequest_concurrency` slots (R9).
    SubrequestQueued {
        /// The subrequest, as numbered in its `fetch`.
        n: u32,
        /// How many of the request's subrequests were open.
        open: u32,
    },
    /// It holds a slot and was sent to its origin.
    SubrequestStarted {
        /// The subrequest, as numbered in its `fetch`.
        n: u32,
    },
    /// Its response headers arrived.
    SubrequestHeaders {
        /// The subrequest, as numbered in its `fetch`.
        n: u32,
        /// The HTTP status the origin answered with.
        status: u16,
    },
    /// A body chunk arrived.
    SubrequestChunk {
        /// The subrequest, as numbered in its `fetch`.
        n: u32,
        /// Which chunk of the body, from 1.
        chunk: u32,
        /// The chunk's size in bytes.
        bytes: u64,
    },
    /// Its body was fully read: the slot is free.
    SubrequestDone {
        /// The subrequest, as numbered in its `fetch`.
        n: u32,
    },
    /// It was cancelled before its body was read.
    SubrequestCancelled {
        /// The subrequest or binding operation, as numbered in its first event.
        n: u32,
        /// Why it was cancelled.
        reason: CancelReason,
        /// Its URL; for a binding operation a label such as `kv://BINDING/key (op)`.
        url: String,
    },
    /// `fetch()` failed (no origin answers the URL, or the request was aborted).
    SubrequestFailed {
        /// The subrequest, as numbered in its `fetch`.
        n: u32,
        /// Why, in words.
        message: String,
    },
    /// R9: the per-request subrequest limit was hit; `fetch` rejected.
    TooManySubrequests {
        /// The number the refused subrequest took among the request's I/O.
        n: u32,
        /// The limit: `subrequests_per_request`.
        limit: u32,
        /// Where the refused call was made, if known.
        at: Option<Location>,
    },
    /// R9: a response body that was never read or cancelled (recorded at the end).
    UnreadBody {
        /// The subrequest, as numbered in its `fetch`.
        n: u32,
        /// Its URL.
        url: String,
    },
    /// A KV operation (`get`, `put`, `delete`, `list`…) started (R2: owned by the caller).
    KvOp {
        /// Its number among the request's I/O, from 1.
        n: u32,
        /// The namespace's binding name.
        binding: String,
        /// The method called (`get`, `getWithMetadata`, `put`, `delete`, `list`).
        op: String,
        /// The key (a `list`'s prefix).
        key: String,
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// It completed: a write is visible to later reads from now on.
    KvDone {
        /// The operation, as numbered in its `kv-op`.
        n: u32,
    },
    /// R13 (`workerd`, flag off): the request's response was settled by code running for
    /// `by`; it is never delivered, and the request fails when its own context runs again.
    ResponseSettledElsewhere {
        /// The request whose code settled it.
        by: Owner,
    },
    /// A D1 call started (`first`, `all`, `raw`, `run`, `batch`, `exec`; R2: owned by the
    /// caller). `sql` is its first statement, shortened, and how many more there are.
    D1Op {
        /// Its number among the request's I/O, from 1.
        n: u32,
        /// The database's binding name.
        binding: String,
        /// The D1 method called.
        method: String,
        /// Its first statement, cut at 60 characters, and ` +N more` when there are others.
        sql: String,
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// It reached the database: its statements ran (or failed) at this instant.
    D1Done {
        /// The call, as numbered in its `d1-op`.
        n: u32,
    },
    /// An R2 operation started (`get`, `put`, `list`…; R2: owned by the caller). `key` is
    /// its object key (a `list`'s prefix, a `delete`'s keys joined with `,`).
    R2Op {
        /// Its number among the request's I/O, from 1.
        n: u32,
        /// The bucket's binding name.
        binding: String,
        /// The R2 method called.
        op: String,
        /// The object key it names.
        key: String,
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// It completed: a write is visible to later reads from now on.
    R2Done {
        /// The operation, as numbered in its `r2-op`.
        n: u32,
    },
    /// A queue producer's `send` (one message) or `sendBatch` started (R2: owned by the
    /// caller).
    QueueSend {
        /// Its number among the request's I/O, from 1.
        n: u32,
        /// The producer's binding name.
        binding: String,
        /// The name of the queue the binding sends to.
        queue: String,
        /// `send` or `sendBatch`.
        method: String,
        /// How many messages it sends.
        messages: u32,
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// An `env.ASSETS.fetch()` started (R2: owned by the caller).
    AssetsFetch {
        /// Its number among the request's I/O, from 1.
        n: u32,
        /// The assets binding's name.
        binding: String,
        /// The request's method.
        method: String,
        /// The requested path and query.
        path: String,
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// It completed with this status.
    AssetsDone {
        /// The operation, as numbered in its `assets-fetch`.
        n: u32,
        /// The status the assets answered.
        status: u16,
    },
    /// The router answered the request from the project's static assets (wrangler
    /// `[assets]`): the worker's code never saw it.
    AssetsServed {
        /// The status the assets answered.
        status: u16,
        /// The file served, if any (its path in the assets folder).
        file: Option<String>,
    },
    /// A call of a small binding (a rate limiter's `limit`, an Analytics Engine write, an
    /// email sent; R2: owned by the caller).
    BindingCall {
        /// Its number among the request's I/O, from 1.
        n: u32,
        /// The binding's name.
        binding: String,
        /// The call, as written (`limit("user-1")`).
        call: String,
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// It completed with this result.
    BindingAnswered {
        /// The call, as numbered in its `binding-call`.
        n: u32,
        /// What it answered, in words (`success: false`).
        result: String,
    },
    /// A Workflow step of the running instance: `ran` (its callback returned), `cached`
    /// (a replay read its stored result), `failed` (it will be retried), `slept`.
    WorkflowStep {
        /// The instance's id.
        instance: String,
        /// The step, as `name#occurrence`.
        step: String,
        /// What happened: `start`, `ran`, `cached`, `retry`, `sleep`, `slept`.
        what: String,
    },
    /// `[faults] workflow_hibernation`: the instance hibernated while it slept, and its
    /// run ends here; `resumed_by` replays `run()` with the stored step results.
    WorkflowHibernated {
        /// The instance's id.
        instance: String,
        /// The run that replays it.
        resumed_by: Owner,
    },
    /// The queue accepted the messages.
    QueueSent {
        /// The send, as numbered in its `queue-send`.
        n: u32,
    },
    /// A service binding call (`env.AUTH.fetch()` or an RPC method; R2: I/O owned by the
    /// caller) became request `callee` of the target worker's isolate.
    ServiceCall {
        /// Its number among the caller's I/O, from 1.
        n: u32,
        /// The service binding's name.
        binding: String,
        /// What was called: `fetch(METHOD url)` or `method()`.
        call: String,
        /// The request the call became in the target's isolate.
        callee: Owner,
        /// For a call through a Durable Object stub: the object (`Class(name)`), whose
        /// calls share one I/O context (R14).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        object: Option<String>,
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// The callee answered RPC call `n`: its promise resolves, or rejects with `error`.
    ServiceAnswered {
        /// The call, as numbered in its `service-call`.
        n: u32,
        /// The message it rejects with; `None` when it resolves.
        error: Option<String>,
    },
    /// A Durable Object storage operation of the call (R15, R16) on `object`: `get`, `put`,
    /// `delete`, `list`, `deleteAll`, `sync`, `rollback` (with no keys), `kv.<op>` for the
    /// synchronous `ctx.storage.kv` API, or `sql.exec`; `keys` are the keys it read or
    /// wrote, joined with `,` (for `sql.exec`, its SQL with whitespace collapsed, cut to
    /// 60 characters); `cached` when it needed no storage round trip.
    DoStorage {
        /// Its number among the call's I/O, from 1.
        n: u32,
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// The storage method (`get`, `put`…; `kv.get`… for the synchronous API, `sql.exec`,
        /// `rollback`).
        op: String,
        /// The keys it read or wrote; for `sql.exec`, its SQL shortened.
        keys: String,
        /// Answered without a storage round trip: the input gate stays open.
        cached: bool,
        /// Where it was called, if known.
        at: Option<Location>,
    },
    /// A storage read completed; the object's input gate opens unless another is pending.
    DoStorageDone {
        /// The operation, as numbered in its `do-storage`.
        n: u32,
    },
    /// A write was confirmed; answers held by the object's output gate go out once no
    /// write is pending.
    DoWriteConfirmed {
        /// The write, as numbered in its `do-storage`.
        n: u32,
    },
    /// The object's constructor ran, for this call.
    DoConstruct {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
    },
    /// `blockConcurrencyWhile`: no other event reaches `object` until the callback settles.
    DoBlock {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// Where `blockConcurrencyWhile` was called, if known.
        at: Option<Location>,
    },
    /// The callback settled; `error` when it threw, which resets the object.
    DoUnblock {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// The message of what the callback threw; `None` when it fulfilled.
        error: Option<String>,
    },
    /// `setAlarm`: `object`'s alarm is due at `due_ms` (virtual time; R17).
    DoAlarmSet {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// When the alarm runs, in virtual ms (now, for a time already past).
        due_ms: u64,
        /// Where `setAlarm` was called, if known.
        at: Option<Location>,
    },
    /// `deleteAlarm`, or a `setAlarm` that replaced a pending alarm.
    DoAlarmDeleted {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// Where the call was made, if known.
        at: Option<Location>,
    },
    /// `object`'s alarm is due: request `alarm` runs its `alarm()` handler.
    DoAlarmDue {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// The request the alarm event runs as.
        alarm: Owner,
        /// How many times this alarm has been retried after failing (0 on its first run).
        retry_count: u32,
    },
    /// A call was delivered to `object` while subrequests `pending` (numbers of
    /// `constructed_by`'s I/O) that its constructor started outside a
    /// `blockConcurrencyWhile` were still in flight: the handler runs on an object whose
    /// initialisation has not finished.
    DoEarlyDelivery {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// The call that constructed the object, which owns those subrequests.
        constructed_by: Owner,
        /// The constructor's subrequests still queued or awaiting headers, by their `n`.
        pending: Vec<u32>,
    },
    /// R21: the worker accepted its end of WebSocket pair `pair` (`accept()`, or
    /// `ctx.acceptWebSocket()` when `hibernatable`).
    WsAccept {
        /// The pair, numbered from 1 in the order the run made them.
        pair: u32,
        /// Accepted by a Durable Object's `ctx.acceptWebSocket()`.
        hibernatable: bool,
    },
    /// R21: the 101 response carrying pair `pair`'s other end reached the client of this
    /// request: the connection is open.
    WsOpen {
        /// The pair.
        pair: u32,
    },
    /// R21: the worker sent `data` on pair `pair` (text as itself, bytes as
    /// `<binary: hex>`).
    WsSend {
        /// The pair.
        pair: u32,
        /// The message.
        data: String,
    },
    /// R21: the client's message `data` reached the worker's end of pair `pair`.
    WsMessage {
        /// The pair.
        pair: u32,
        /// The message.
        data: String,
    },
    /// R21: a close frame on pair `pair`, sent by the worker or by the client.
    WsClose {
        /// The pair.
        pair: u32,
        /// `worker` or `client`.
        by: String,
        /// The close code (1005: none given).
        code: u16,
        /// The close reason.
        reason: String,
    },
    /// R18: the schedule evicted idle `object` (`[faults] durable_object_reset`): its
    /// instance and in-memory state are gone; the next call constructs it again.
    DoReset {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
    },
    /// R20: the schedule reset `object` by a deploy (`[faults] durable_object_deploy`):
    /// its instance is gone, the calls it was running fail with `error` (workerd's text for
    /// a code update), a stub that had reached it fails every later call the same way, and
    /// writes not yet confirmed are lost.
    DoDeploy {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// What the calls fail with, `Name: message`.
        error: String,
    },
    /// `object` was broken by its own code (`ctx.abort()`, a `blockConcurrencyWhile`
    /// callback that threw): its instance is gone, the calls it was running fail, and a stub
    /// that had reached it fails every later call with `error` (R19).
    DoBroken {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// What the calls fail with, `Name: message`.
        error: String,
    },
    /// The run ended with `object`'s alarm still set beyond `run_virtual_ms_max`.
    DoAlarmNotReached {
        /// The object, `Class(name)` or `Class(<first 8 hex digits>…)`.
        object: String,
        /// When the alarm was due, in virtual ms.
        due_ms: u64,
    },
    /// R8: an I/O object of `object_owner` was used from the owner's code.
    ForeignIo {
        /// What was used (`response body`).
        object: String,
        /// The request the object belongs to.
        object_owner: Owner,
        /// Where it was used, if known.
        at: Option<Location>,
    },
    /// A binding crosstalk does not model was used (the call threw): the scenario cannot
    /// be simulated faithfully.
    UnsupportedBinding {
        /// The binding's name in `env`.
        binding: String,
        /// Its wrangler type (`ai`, `vectorize`, `hyperdrive`…).
        kind: String,
        /// The property the code read on it.
        member: String,
        /// Where it was used, if known.
        at: Option<Location>,
    },
    /// The run reached a limit of the harness (virtual time or task count); the requests
    /// still waiting are cancelled.
    RunLimit {
        /// Which limit was reached, in words.
        message: String,
    },
    /// The request is finished: answered and its waitUntil work done, or failed.
    RequestEnd {
        /// How it ended, as the report's `outcome` says.
        outcome: crate::outcome::OutcomeKind,
    },
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
            EventKind::AssetsFetch { .. } => "assets-fetch",
            EventKind::BindingCall { .. } => "binding-call",
            EventKind::WorkflowStep { .. } => "workflow-step",
            EventKind::WorkflowHibernated { .. } => "workflow-hibernated",
            EventKind::BindingAnswered { .. } => "binding-answered",
            EventKind::AssetsDone { .. } => "assets-done",
            EventKind::AssetsServed { .. } => "assets-served",
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
            EventKind::DoBroken { .. } => "do-broken",
            EventKind::DoDeploy { .. } => "do-deploy",
            EventKind::DoEarlyDelivery { .. } => "do-early-delivery",
            EventKind::WsAccept { .. } => "ws-accept",
            EventKind::WsOpen { .. } => "ws-open",
            EventKind::WsSend { .. } => "ws-send",
            EventKind::WsMessage { .. } => "ws-message",
            EventKind::WsClose { .. } => "ws-close",
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
        EventKind::AssetsFetch { n, binding, method, path, at: l } => {
            format!("#{n} {binding}.fetch({method} {path}){}", at(l))
        }
        EventKind::AssetsDone { n, status } => format!("#{n} {status}"),
        EventKind::BindingCall { n, binding, call, at: l } => format!("#{n} {binding}.{call}{}", at(l)),
        EventKind::BindingAnswered { n, result } => format!("#{n} {result}"),
        EventKind::WorkflowStep { instance, step, what } => format!("{instance} {step}: {what}"),
        EventKind::WorkflowHibernated { instance, resumed_by } => {
            format!("{instance} hibernated while it slept; {resumed_by} replays run()")
        }
        EventKind::AssetsServed { status, file } => match file {
            Some(file) => format!("{status} {file} (static assets; the worker never ran)"),
            None => format!("{status} (static assets; the worker never ran)"),
        },
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
        EventKind::DoBroken { object, error } => {
            format!("{object}: broken ({error}); its instance is gone and the stubs that reached it fail")
        }
        EventKind::DoDeploy { object, error } => {
            format!("{object}: reset by a deploy ({error}); its calls fail and its in-memory state is gone")
        }
        EventKind::WsAccept { pair, hibernatable } => match hibernatable {
            true => format!("WebSocket #{pair} (hibernatable)"),
            false => format!("WebSocket #{pair}"),
        },
        EventKind::WsOpen { pair } => format!("WebSocket #{pair} connected to the client"),
        EventKind::WsSend { pair, data } => format!("WebSocket #{pair} → client: {data:?}"),
        EventKind::WsMessage { pair, data } => format!("WebSocket #{pair} ← client: {data:?}"),
        EventKind::WsClose { pair, by, code, reason } => {
            format!("WebSocket #{pair} closed by the {by}: {code} {reason:?}")
        }
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
    /// A run begins: the events that follow are its own.
    Run,
    /// An event was just recorded.
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
