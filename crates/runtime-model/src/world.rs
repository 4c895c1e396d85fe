//! State shared by every isolate of one simulation: the virtual clock, the task queue,
//! the requests and the trace.
//!
//! Invariant: JS values held here (promises, events) are cleared by
//! [`World::clear_js_values`] before any `Context` is dropped, or the realm leaks
//! (boa roots every JS value held outside the GC heap; see ARCHITECTURE.md).

use boa_engine::JsObject;
use boa_engine::object::builtins::JsPromise;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use crate::model::{Limits, OriginSpec, RequestSpec};
use crate::outcome::OutcomeKind;
use crate::profile::Profile;
use crate::trace::{Event, EventKind, Owner};

/// Key of a task in the queue: (due time, creation sequence). The sequence keeps the
/// creation order of tasks due at the same instant (R4).
pub(crate) type TaskKey = (u64, u64);

#[derive(Clone, Debug)]
pub(crate) enum TaskKind {
    /// Dispatch request `id` (R5).
    Dispatch(u32),
    /// Fire timer `id` of the task's isolate.
    Timer(u32),
    /// The waitUntil grace period of request `id` ends (R6).
    WaitUntilDeadline(u32),
    /// Response headers of subrequest (request, n) arrive (R9).
    SubrequestHeaders(u32, u32),
    /// Body chunk k of subrequest (request, n) arrives.
    SubrequestChunk(u32, u32, u32),
    /// The origin answers a passed-through request (R5).
    PassThrough(u32),
    /// Binding operation n of a request (KV, D1, R2, a queue send) completes, run by
    /// the operation type's [`Completion`] (a new binding adds no task kind).
    BindingOp(u32, u32, Completion),
    /// The callee of service call (request, n) answered: settle the caller's promise.
    ServiceAnswer(u32, u32),
    /// The caller of service-call request `id` ended before its answer: the call is
    /// cancelled (the callee's isolate runs this).
    ServiceCancel(u32),
    /// A promise settlement deferred into its creator's context, or an orphaned waiter's
    /// rejection (R13, flag on).
    Settle(u64),
    /// Durable Object storage read n of a call completes (R15: the input gate may open).
    DoRead(u32, u32),
    /// Durable Object write n of a call is confirmed (R16: held answers may go out).
    DoFlush(u32, u32),
    /// A Durable Object call whose dispatch found the input gate closed is delivered to
    /// the object (its handler runs).
    DoDeliver(u32),
    /// Durable Object `n`'s alarm is due: its alarm event becomes a request (R17).
    DoAlarm(u32),
    /// Step `k` of the WebSocket client of request `id` (R21): its k-th message, its
    /// close after the last, or its answer to the worker's close
    /// (`host::websocket::CLOSE_REPLY`).
    WsClient(u32, u32),
    /// The next event from the other end reaches end `e` of WebSocket pair `p` (R21; the
    /// worker holds both ends).
    WsPeer(u32, u32),
}

impl TaskKind {
    /// Whether this task belongs to subrequest `key`.
    pub(crate) fn is_subrequest(&self, key: (u32, u32)) -> bool {
        match *self {
            TaskKind::SubrequestHeaders(r, n)
            | TaskKind::SubrequestChunk(r, n, _)
            | TaskKind::BindingOp(r, n, _)
            | TaskKind::ServiceAnswer(r, n)
            | TaskKind::DoRead(r, n) => (r, n) == key,
            _ => false,
        }
    }
}

/// How the completion task of one binding's operations runs: what
/// `host::binding_io::queue` puts in the task from the operation type's `BindingOp` impl.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Completion {
    /// The task's label in scheduler choices (`kv`, `d1`, `r2`, `queue send`).
    pub label: &'static str,
    /// Takes operation (request, n) out of flight, if it was not cancelled, and settles
    /// its promise.
    pub run: fn(&crate::engine::Host, (u32, u32), &mut boa_engine::Context),
}

#[derive(Clone, Debug)]
pub(crate) struct Task {
    pub isolate: u32,
    pub owner: Owner,
    pub kind: TaskKind,
}

impl Task {
    /// The task's label (allocated only where it names a number: a burst of thousands
    /// of ready requests offers every one of them, `dispatch`, at every pick).
    pub(crate) fn label(&self) -> Cow<'static, str> {
        match self.kind {
            TaskKind::Dispatch(_) => "dispatch".into(),
            TaskKind::Timer(id) => format!("timer #{id}").into(),
            TaskKind::WaitUntilDeadline(_) => "waitUntil deadline".into(),
            TaskKind::SubrequestHeaders(_, n) => format!("subrequest #{n} headers").into(),
            TaskKind::SubrequestChunk(_, n, k) => format!("subrequest #{n} chunk {k}").into(),
            TaskKind::PassThrough(_) => "pass-through response".into(),
            TaskKind::BindingOp(_, n, completion) => format!("{} #{n}", completion.label).into(),
            TaskKind::ServiceAnswer(_, n) => format!("service answer #{n}").into(),
            TaskKind::ServiceCancel(_) => "service call cancelled".into(),
            TaskKind::Settle(_) => "cross-request settlement".into(),
            TaskKind::DoRead(_, n) => format!("storage read #{n}").into(),
            TaskKind::DoFlush(_, n) => format!("storage write #{n} confirmed").into(),
            TaskKind::DoDeliver(_) => "delivery to the object".into(),
            TaskKind::DoAlarm(_) => "alarm".into(),
            TaskKind::WsClient(_, crate::host::websocket::CLOSE_REPLY) => "WebSocket client's close reply".into(),
            TaskKind::WsClient(_, k) => format!("WebSocket client step {k}").into(),
            TaskKind::WsPeer(p, _) => format!("WebSocket #{p} event").into(),
        }
    }
}

/// Where a request is in its life (R5–R7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Not yet dispatched.
    Arriving,
    /// Its listeners are running: `respondWith` is allowed.
    Dispatching,
    /// Waiting for its response to settle.
    Awaiting,
    /// Answered; `waitUntil` promises still pending.
    Lingering,
    /// Finished.
    Done,
}

/// The final answer of a request, before it is turned into a [`crate::RequestOutcome`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Answer {
    pub kind: Option<OutcomeKind>,
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub error: Option<String>,
    /// An RPC call's result (or thrown value), serialised for the caller's isolate.
    pub rpc_value: Option<String>,
    /// The call failed because its Durable Object was broken (R19): the caller's error
    /// carries `durableObjectReset: true` rather than `remote: true`.
    pub reset: bool,
    /// A 101 response's WebSocket: the end of its pair the response hands over (R21).
    pub websocket: Option<crate::websocket::End>,
}

pub(crate) struct RequestState {
    pub id: u32,
    pub index: usize,
    pub isolate: u32,
    pub spec: RequestSpec,
    pub arrived_ms: u64,
    pub phase: Phase,
    pub respond_with_called: bool,
    pub pass_through_on_exception: bool,
    /// The response promise handed to `respondWith` or returned by the module handler.
    pub response: Option<JsPromise>,
    pub wait_until: Vec<JsPromise>,
    pub wait_until_deadline: Option<TaskKey>,
    pub event: Option<JsObject>,
    /// Who was running when the response promise settled (R13: under `workerd` with the
    /// flag off, a response settled from another request's context is never delivered).
    pub response_settled_by: Option<Owner>,
    /// The response was settled from another request's context and will never be
    /// delivered: the request fails when its own context next runs.
    pub response_orphaned: bool,
    pub answer: Answer,
    pub responded_ms: Option<u64>,
    /// How many `fetch()` calls this request made (R9 total limit).
    pub subrequests_made: u32,
    /// Numbering of this request's I/O (fetches and binding operations share it).
    pub io_made: u32,
    /// For a request a service binding made (`env.AUTH.fetch()`, an RPC call): who called.
    pub called_by: Option<Caller>,
    /// For a call to a Durable Object: the object's number (`World::objects`).
    pub object: Option<u32>,
    /// For a Durable Object's alarm event: the binding of its object.
    pub alarm_of: Option<String>,
    /// The Workflow instance this request runs: (binding, instance id).
    pub workflow_of: Option<(String, String)>,
    /// A call to a Durable Object dispatched while the object's input gate was closed: its
    /// handler runs in a `DoDeliver` task once the gate opens.
    pub delivery_deferred: bool,
    /// A `fetch()` call to a Durable Object whose answer was decided but not yet taken by
    /// its caller when the object broke (R19): the caller gets this error (`Name: message`)
    /// instead, as workerd's response had not crossed yet.
    pub broken_before_delivery: Option<String>,
    /// The caller took this call's answer (`service::answered`).
    pub answer_taken: bool,
    /// What this request's WebSocket client received from the worker (R21).
    pub ws_received: Vec<crate::websocket::Frame>,
    /// The close this request's WebSocket client received: (code, reason).
    pub ws_close: Option<(u16, String)>,
    /// This request's WebSocket client went away without a Close frame.
    pub ws_dropped: bool,
    /// For a hibernatable WebSocket's event delivered to a Durable Object: the scenario
    /// request whose client sent it.
    pub socket_event_of: Option<u32>,
}

/// The caller of a service-binding request: I/O `n` of request `request`, running in
/// isolate `isolate`, through `binding` (and the target's `entrypoint`, if one is named).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Caller {
    pub request: u32,
    pub n: u32,
    pub isolate: u32,
    pub binding: String,
    pub entrypoint: Option<String>,
}

impl RequestState {
    /// Request `id` (spec index `index`), not yet dispatched, to run in `isolate`.
    pub(crate) fn new(id: u32, index: usize, isolate: u32, spec: RequestSpec, arrived_ms: u64) -> Self {
        Self {
            id,
            index,
            isolate,
            spec,
            arrived_ms,
            phase: Phase::Arriving,
            respond_with_called: false,
            pass_through_on_exception: false,
            response: None,
            wait_until: Vec::new(),
            wait_until_deadline: None,
            event: None,
            response_settled_by: None,
            response_orphaned: false,
            answer: Answer::default(),
            responded_ms: None,
            subrequests_made: 0,
            io_made: 0,
            called_by: None,
            object: None,
            delivery_deferred: false,
            alarm_of: None,
            workflow_of: None,
            broken_before_delivery: None,
            answer_taken: false,
            ws_received: Vec::new(),
            ws_close: None,
            ws_dropped: false,
            socket_event_of: None,
        }
    }

    pub(crate) fn is_live(&self) -> bool {
        !matches!(self.phase, Phase::Arriving | Phase::Done)
    }

    fn clear_js_values(&mut self) {
        self.response = None;
        self.wait_until.clear();
        self.event = None;
    }
}

pub(crate) struct World {
    // invariant: never moves back (asserted in `advance_to`).
    now_ms: Cell<u64>,
    pub epoch_ms: i64,
    pub limits: Limits,
    pub profile: Profile,
    pub origins: Vec<OriginSpec>,
    pub trace: RefCell<Vec<Event>>,
    pub tasks: RefCell<BTreeMap<TaskKey, Task>>,
    seq: Cell<u64>,
    pub requests: RefCell<Vec<RequestState>>,
    /// The R3 stream behind `Math.random` and `crypto` random values.
    // invariant: every draw is recorded in `inputs` (reached only through `random`).
    rng: RefCell<ChaCha8Rng>,
    /// R3: who read the clock or drew random values, and through which API.
    pub inputs: crate::inputs::InputReads,
    /// KV namespaces, shared by every isolate: binding → key → entry.
    pub kv: RefCell<BTreeMap<String, BTreeMap<String, KvEntry>>>,
    /// D1 databases, shared by every isolate.
    pub d1: crate::d1::Databases,
    /// R2 buckets, shared by every isolate.
    pub r2: crate::r2::Buckets,
    /// Messages sent to each queue in this run: queue → (count, bytes, first send's Unix
    /// ms). Nothing consumes them, so this is each queue's backlog.
    pub queue_backlog: RefCell<BTreeMap<String, (u64, u64, i64)>>,
    /// The queue producer bindings.
    pub queues: Vec<crate::model::QueueProducerSpec>,
    /// The main worker has static assets: its router answers a client's request first.
    pub routes_to_assets: bool,
    /// The rate limiters' counts, shared by every isolate: namespace → (the window the
    /// counts are for, key → calls allowed in it).
    pub rate_limits: RefCell<BTreeMap<String, RateWindow>>,
    /// The Workflow instances the run created, by (binding, instance id).
    pub workflows: RefCell<BTreeMap<(String, String), WorkflowInstance>>,
    /// Message ids handed out to emails sent without one.
    pub emails_sent: Cell<u64>,
    /// The isolate each worker of the scenario answers service calls in, by name.
    pub workers: BTreeMap<String, u32>,
    /// The Durable Objects the run has addressed, their storage and gates.
    pub objects: crate::durable_object::Objects,
    /// The WebSocket pairs the run has made (R21).
    pub sockets: crate::websocket::Sockets,
    /// The memory the run holds, against the isolates' limit (R11).
    pub memory: crate::memory::Meter,
    /// Requests whose handler returned and whose response R13 has not seen settle.
    // invariant: holds every request in Phase::Awaiting with no `response_settled_by`
    // (and others until `note_response_settlements` prunes them).
    pub awaiting_response: RefCell<Vec<u32>>,
}

/// A Workflow instance: its status as `instance.status()` reports it.
#[derive(Clone, Debug)]
pub(crate) struct WorkflowInstance {
    /// `queued`, `running`, `complete`, `errored` or `terminated`.
    pub status: &'static str,
    /// `run()`'s result, serialised, once complete.
    pub output: Option<String>,
    /// The error `run()` ended with: its name and message.
    pub error: Option<(String, String)>,
    /// The request that runs it now (each replay after a hibernation is a new one).
    pub run: u32,
    /// What its steps left, by `name#occurrence`: a step's serialised result, or the
    /// Unix ms a sleep ends (`sleep:…`); a replay of `run()` reads them instead of
    /// running the steps again.
    pub steps: BTreeMap<String, String>,
}

/// A rate limiter's window and the calls each key made in it.
pub(crate) type RateWindow = (u64, BTreeMap<String, u64>);

/// A stored KV value.
#[derive(Clone, Debug)]
pub(crate) struct KvEntry {
    pub value: Vec<u8>,
    /// JSON text of the metadata.
    pub metadata: Option<String>,
    /// Expiry, in virtual ms.
    pub expires_ms: Option<u64>,
}

impl World {
    pub(crate) fn new(
        limits: Limits,
        profile: Profile,
        origins: Vec<OriginSpec>,
        epoch_ms: i64,
        random_seed: u64,
    ) -> Self {
        let memory =
            crate::memory::Meter::start(usize::try_from(limits.memory_per_isolate_bytes_max).unwrap_or(usize::MAX));
        Self {
            now_ms: Cell::new(0),
            epoch_ms,
            limits,
            profile,
            origins,
            trace: RefCell::new(Vec::new()),
            tasks: RefCell::new(BTreeMap::new()),
            seq: Cell::new(0),
            requests: RefCell::new(Vec::new()),
            rng: RefCell::new(ChaCha8Rng::seed_from_u64(random_seed)),
            inputs: crate::inputs::InputReads::default(),
            kv: RefCell::new(BTreeMap::new()),
            d1: crate::d1::Databases::default(),
            r2: crate::r2::Buckets::default(),
            queue_backlog: RefCell::new(BTreeMap::new()),
            queues: Vec::new(),
            routes_to_assets: false,
            rate_limits: RefCell::new(BTreeMap::new()),
            emails_sent: Cell::new(0),
            workflows: RefCell::new(BTreeMap::new()),
            workers: BTreeMap::new(),
            objects: crate::durable_object::Objects::default(),
            sockets: crate::websocket::Sockets::default(),
            memory,
            awaiting_response: RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn now(&self) -> u64 {
        self.now_ms.get()
    }

    /// The R3 random stream, for a draw by `owner` through `api` (recorded in `inputs`).
    pub(crate) fn random(&self, owner: Owner, api: &'static str) -> std::cell::RefMut<'_, ChaCha8Rng> {
        self.inputs.read(owner, crate::inputs::InputSource::Random, api);
        self.rng.borrow_mut()
    }

    /// Seeds the R3 random stream and the databases for the schedule about to run: a
    /// world is staged before its schedule is known (`template`), and nothing draws
    /// before this.
    pub(crate) fn reseed(&self, random_seed: u64) {
        *self.rng.borrow_mut() = ChaCha8Rng::seed_from_u64(random_seed);
        self.d1.reseed(random_seed);
    }

    /// Moves the virtual clock to `t_ms` (R3/R4: only the event loop does, between tasks).
    pub(crate) fn advance_to(&self, t_ms: u64) {
        assert!(t_ms >= self.now(), "time never moves back: {t_ms} < {}", self.now());
        self.now_ms.set(t_ms);
    }

    /// Appends an event at the current virtual time.
    pub(crate) fn record(&self, owner: Owner, kind: EventKind) {
        let event = Event { t_ms: self.now(), owner, kind };
        crate::trace::tapped(crate::trace::Tapped::Event(&event));
        self.trace.borrow_mut().push(event);
    }

    /// Queues a task due at `due_ms`; returns its key for removal.
    pub(crate) fn schedule(&self, due_ms: u64, task: Task) -> TaskKey {
        assert!(due_ms >= self.now(), "a task is never due in the past: {due_ms} < {}", self.now());
        let seq = self.seq.get();
        self.seq.set(seq + 1);
        let key = (due_ms, seq);
        self.tasks.borrow_mut().insert(key, task);
        key
    }

    pub(crate) fn unschedule(&self, key: TaskKey) {
        self.tasks.borrow_mut().remove(&key);
    }

    /// Runs `f` on the state of request `id`.
    pub(crate) fn with_request<T>(&self, id: u32, f: impl FnOnce(&mut RequestState) -> T) -> T {
        assert!(id >= 1, "request ids start at 1");
        let mut requests = self.requests.borrow_mut();
        f(&mut requests[id as usize - 1])
    }

    /// R8/R14: whether requests `a` and `b` share an I/O context: the same request, or two
    /// calls to the same Durable Object (whose calls share the object's context).
    pub(crate) fn same_io_context(&self, a: u32, b: u32) -> bool {
        a == b || {
            let object = |id| self.with_request(id, |r| r.object);
            object(a).is_some() && object(a) == object(b)
        }
    }

    /// Numbers the next I/O of request `id` (fetches and binding operations share the
    /// count, `RequestState::io_made`); numbers start at 1.
    pub(crate) fn next_io(&self, id: u32) -> u32 {
        self.with_request(id, |r| {
            r.io_made += 1;
            r.io_made
        })
    }

    pub(crate) fn phase(&self, id: u32) -> Phase {
        self.with_request(id, |r| r.phase)
    }

    /// Drops every JS value held outside the GC heap (see the module invariant).
    pub(crate) fn clear_js_values(&self) {
        for request in self.requests.borrow_mut().iter_mut() {
            request.clear_js_values();
        }
    }

    /// Drops the JS values of the requests the isolates `isolates` served (they are torn
    /// down before the run ends).
    pub(crate) fn clear_js_values_of_isolates(&self, isolates: &std::collections::BTreeSet<usize>) {
        let served = |r: &&mut RequestState| isolates.contains(&(r.isolate as usize));
        for request in self.requests.borrow_mut().iter_mut().filter(served) {
            assert_eq!(request.phase, Phase::Done, "only an isolate whose requests ended is torn down early");
            request.clear_js_values();
        }
    }
}

impl World {
    /// The first origin whose pattern matches `url` (INTERFACES.md: first match wins).
    pub(crate) fn origin_for(&self, url: &str) -> Option<&OriginSpec> {
        self.origins.iter().find(|o| o.matches(url))
    }
}
