//! The seams between boa and the event loop: the job executor, the host hooks and the
//! virtual clock, plus the per-isolate [`Host`] state they share.
//!
//! Invariants:
//! - The executor only files jobs; it never runs them. The event loop decides when (R4).
//! - Every job is tagged with the owner running when it was enqueued (R2); every
//!   reaction with the owner running when it was registered (`make_job_callback`).
//! - Nothing here reads the host's clock or entropy (R3).

use boa_engine::builtins::promise::OperationType;
use boa_engine::context::{Clock, HostHooks, time::JsInstant};
use boa_engine::job::{GenericJob, Job, JobCallback, JobExecutor, NativeAsyncJob, PromiseJob};
use boa_engine::object::builtins::JsFunction;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, Finalize, JsData, JsObject, JsResult, JsValue, Trace};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use crate::location::{RawLocation, caller_location};
use crate::trace::{EventKind, Owner};
use crate::world::{TaskKey, World};

/// A queued microtask.
pub(crate) enum Micro {
    Promise(PromiseJob),
    Async(NativeAsyncJob),
    Generic(GenericJob),
}

/// A pending timer (R2: owned by the request that set it).
pub(crate) struct Timer {
    pub owner: Owner,
    pub callback: JsFunction,
    pub args: Vec<JsValue>,
    pub due_ms: u64,
    pub interval_ms: Option<u64>,
    pub task: TaskKey,
    pub at: Option<crate::Location>,
    /// The async context frame when the timer was set.
    pub frame: Option<JsObject>,
    /// Set by the runtime for itself (`AbortSignal.timeout`), not by user code.
    pub internal: bool,
}

/// Why the running code was stopped by the engine rather than by JS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EngineStop {
    CpuLimit,
    StackOverflow,
}

/// Per-isolate host state, reachable from native functions through the context's data.
pub(crate) struct Host {
    pub isolate: u32,
    pub world: Rc<World>,
    /// The owner of the code running now (R2).
    pub current: Cell<Owner>,
    pub micro: RefCell<VecDeque<(Owner, Micro)>>,
    pub timers: RefCell<BTreeMap<u32, Timer>>,
    pub next_timer_id: Cell<u32>,
    /// `addEventListener('fetch', …)` listeners, in registration order.
    pub listeners: RefCell<Vec<JsFunction>>,
    /// The module worker's default export.
    pub handler: RefCell<Option<JsObject>>,
    /// Rejected promises without a handler since the last checkpoint, with their owner.
    pub rejections: RefCell<Vec<(JsObject, Owner)>>,
    /// Whether hooks record the registration site of reactions (costs a stack walk).
    pub capture_locations: bool,
    /// Reactions registered but not yet run, by registration id.
    pub pending_registrations: RefCell<BTreeMap<u64, PendingReaction>>,
    pub next_registration: Cell<u64>,
    /// Subrequests by (request id, n) (R9).
    pub subrequests: RefCell<BTreeMap<(u32, u32), crate::subrequest::Subrequest>>,
    /// Response bodies by id.
    pub bodies: RefCell<BTreeMap<u64, crate::subrequest::BodyState>>,
    pub next_body_id: Cell<u64>,
    /// Latencies to draw from the scheduler after the current task.
    pub draws: RefCell<Vec<crate::subrequest::PendingDraw>>,
    /// Logical clock of subrequest use (least-recently-used, R9).
    pub use_clock: Cell<u64>,
    /// The async context frame (`node:async_hooks`): captured with every reaction and
    /// timer, restored when it runs, exactly like the owner.
    pub async_frame: RefCell<Option<JsObject>>,
    /// The Cache API's storage (per isolate).
    pub caches: RefCell<crate::host::cache::CacheStore>,
    /// KV operations in flight by (request id, n).
    pub kv_ops: RefCell<BTreeMap<(u32, u32), crate::host::kv::KvOp>>,
    /// Which request created each promise, and what each reaction waits on.
    pub provenance: crate::provenance::Provenance,
    /// The `await` and async-function sites of the instrumented modules of this isolate.
    pub sites: crate::provenance::Sites,
}

/// A reaction registered and not yet run (R7 and R13 read these).
pub(crate) struct PendingReaction {
    pub owner: Owner,
    pub at: Option<RawLocation>,
    /// The `await`/`then` it belongs to: its sibling reactions share the group.
    pub group: u64,
    /// The tag of the promise it waits on, when known.
    pub waits_on: Option<u32>,
    /// That promise, kept only when another request created it (R13 keep-alive).
    pub foreign: Option<JsPromise>,
}

impl Host {
    pub fn new(isolate: u32, world: Rc<World>) -> Self {
        Self {
            isolate,
            world,
            current: Cell::new(Owner::Startup),
            micro: RefCell::new(VecDeque::new()),
            timers: RefCell::new(BTreeMap::new()),
            next_timer_id: Cell::new(1),
            listeners: RefCell::new(Vec::new()),
            handler: RefCell::new(None),
            rejections: RefCell::new(Vec::new()),
            capture_locations: true,
            pending_registrations: RefCell::new(BTreeMap::new()),
            next_registration: Cell::new(0),
            subrequests: RefCell::new(BTreeMap::new()),
            bodies: RefCell::new(BTreeMap::new()),
            next_body_id: Cell::new(1),
            draws: RefCell::new(Vec::new()),
            use_clock: Cell::new(0),
            kv_ops: RefCell::new(BTreeMap::new()),
            async_frame: RefCell::new(None),
            caches: RefCell::new(BTreeMap::new()),
            provenance: Default::default(),
            sites: Default::default(),
        }
    }

    /// Where `owner` is stuck (R7 reports): the site of the reaction it waits at, and the
    /// tag of the promise that reaction waits on.
    pub fn stuck_registration(&self, owner: Owner) -> (Option<crate::Location>, Option<u32>) {
        let pending = self.pending_registrations.borrow();
        // The leaf of the waiting chain: a wait on another request's promise if there is
        // one; else the oldest `await`/`then` that named its promise (a synchronous call
        // chain registers the callee's await before the caller's); the host's own
        // reactions (respondWith, waitUntil) name none.
        let mine = || pending.values().filter(|r| r.owner == owner);
        let newest = mine()
            .find(|r| r.foreign.is_some())
            .or_else(|| mine().find(|r| r.waits_on.is_some()))
            .or_else(|| pending.values().rev().find(|r| r.owner == owner && r.at.is_some()));
        match newest {
            Some(r) => (r.at.as_ref().map(RawLocation::to_location), r.waits_on),
            None => (None, None),
        }
    }

    /// The host of the isolate `context` belongs to.
    pub fn of(context: &Context) -> Rc<Host> {
        context.get_data::<Rc<Host>>().expect("every isolate context carries its host").clone()
    }

    pub fn record(&self, kind: EventKind) {
        self.world.record(self.current.get(), kind);
    }

    /// Drops every JS value held outside the GC heap.
    pub fn clear_js_values(&self) {
        self.micro.borrow_mut().clear();
        self.timers.borrow_mut().clear();
        self.listeners.borrow_mut().clear();
        self.handler.borrow_mut().take();
        self.rejections.borrow_mut().clear();
        self.pending_registrations.borrow_mut().clear();
        self.subrequests.borrow_mut().clear();
        self.bodies.borrow_mut().clear();
        self.draws.borrow_mut().clear();
        self.kv_ops.borrow_mut().clear();
        self.async_frame.borrow_mut().take();
        self.provenance.clear_js_values();
    }

    /// Registers a body and returns its id.
    pub fn new_body(&self, body: crate::subrequest::BodyState) -> u64 {
        let id = self.next_body_id.get();
        self.next_body_id.set(id + 1);
        self.bodies.borrow_mut().insert(id, body);
        id
    }
}

/// The job executor: files every job under the owner running now (R2).
pub(crate) struct Executor(pub Rc<Host>);

impl JobExecutor for Executor {
    fn enqueue_job(self: Rc<Self>, job: Job, _context: &mut Context) {
        let owner = self.0.current.get();
        let micro = match job {
            Job::PromiseJob(job) => Micro::Promise(job),
            Job::AsyncJob(job) => Micro::Async(job),
            Job::GenericJob(job) => Micro::Generic(job),
            // Timers are the host's own (host/timers.rs); finalization callbacks would make
            // a run depend on GC timing (R12), so they never run.
            _ => return,
        };
        self.0.micro.borrow_mut().push_back((owner, micro));
    }

    fn run_jobs(self: Rc<Self>, _context: &mut Context) -> JsResult<()> {
        // The event loop drains jobs itself, after each task (R4).
        Ok(())
    }
}

/// The reaction's registering owner, stored in its `JobCallback`.
#[derive(Trace, Finalize, JsData)]
pub(crate) struct Registration {
    #[unsafe_ignore_trace]
    id: u64,
    #[unsafe_ignore_trace]
    owner: Owner,
    #[unsafe_ignore_trace]
    at: Option<RawLocation>,
    #[unsafe_ignore_trace]
    group: u64,
    #[unsafe_ignore_trace]
    waits_on: Option<u32>,
    /// The async context frame to restore (traced: it is a JS object).
    frame: Option<JsObject>,
}

pub(crate) struct Hooks(pub Rc<Host>);

impl HostHooks for Hooks {
    fn make_job_callback(&self, callback: JsFunction, context: &mut Context) -> JobCallback {
        let host = &self.0;
        let owner = host.current.get();
        let (at, group, waits_on, foreign) = match host.provenance.take_waiting() {
            Some(w) => {
                let at = match w.at {
                    Some(at) => Some(at),
                    None if host.capture_locations => caller_location(context),
                    None => None,
                };
                // R13: keep the promise only when another request created it.
                let foreign = w.promise.filter(|_| {
                    w.tag
                        .and_then(|t| host.provenance.tag(t))
                        .is_some_and(|t| t.creator.is_request() && t.creator != owner)
                });
                (at, w.group, w.tag, foreign)
            }
            None => {
                let at = if host.capture_locations { caller_location(context) } else { None };
                (at, host.provenance.new_group(), None, None)
            }
        };
        let id = host.next_registration.get();
        host.next_registration.set(id + 1);
        host.pending_registrations
            .borrow_mut()
            .insert(id, PendingReaction { owner, at: at.clone(), group, waits_on, foreign });
        let frame = host.async_frame.borrow().clone();
        JobCallback::new(callback, Registration { id, owner, at, group, waits_on, frame })
    }

    fn call_job_callback(
        &self,
        job: &JobCallback,
        this: &JsValue,
        args: &[JsValue],
        context: &mut Context,
    ) -> JsResult<JsValue> {
        let host = &self.0;
        let settler = host.current.get();
        let (registrant, at, frame, waits_on) = match job.host_defined().downcast_ref::<Registration>() {
            Some(r) => {
                // The reaction ran: it and its siblings (the other half of an `await` or
                // `then`) no longer wait.
                let mut pending = host.pending_registrations.borrow_mut();
                pending.remove(&r.id);
                for sibling in [r.id.wrapping_sub(1), r.id + 1] {
                    if pending.get(&sibling).is_some_and(|p| p.group == r.group) {
                        pending.remove(&sibling);
                    }
                }
                (r.owner, r.at.clone(), r.frame.clone(), r.waits_on)
            }
            None => (settler, None, None, None),
        };
        if registrant != settler && registrant != Owner::Startup && settler != Owner::Startup {
            // R2: a cross-request resolution. Who owns the reaction is the profile's
            // choice (R13): the settler in production-2022, the waiter under workerd.
            host.record(EventKind::Job { registered_by: registrant, at: at.map(|l| l.to_location()) });
        }
        let owner = if host.world.profile.promise_context_tagging() {
            // R13: the waiter owns its continuation, unless (flag off) a request other
            // than the promise's creator settled it: then the settler runs it at once.
            let creator = waits_on.and_then(|t| host.provenance.tag(t)).map(|t| t.creator);
            let crossed = creator.is_some_and(|c| c.is_request() && settler.is_request() && c != settler);
            if crossed && !host.world.profile.cross_request_resolution_flag() { settler } else { registrant }
        } else {
            settler
        };
        let previous = host.current.replace(owner);
        let previous_frame = host.async_frame.replace(frame);
        let result = job.callback().call(this, args, context);
        host.current.set(previous);
        *host.async_frame.borrow_mut() = previous_frame;
        result
    }

    fn promise_rejection_tracker(
        &self,
        promise: &JsObject<boa_engine::builtins::promise::Promise>,
        operation: OperationType,
        _context: &mut Context,
    ) {
        let promise: JsObject = promise.clone().upcast();
        let mut rejections = self.0.rejections.borrow_mut();
        match operation {
            OperationType::Reject => rejections.push((promise, self.0.current.get())),
            OperationType::Handle => rejections.retain(|(p, _)| p != &promise),
        }
    }

    fn local_timezone_offset_seconds(&self, _unix_time_seconds: i64) -> i32 {
        0
    }
}

/// R3: the virtual clock. It moves only between tasks.
pub(crate) struct VirtualClock(pub Rc<World>);

impl Clock for VirtualClock {
    fn now(&self) -> JsInstant {
        let ms = self.0.now();
        JsInstant::new(ms / 1000, ((ms % 1000) * 1_000_000) as u32)
    }

    fn system_time_millis(&self) -> i64 {
        self.0.epoch_ms + self.0.now() as i64
    }
}

/// Whether a promise is still pending.
pub(crate) fn is_pending(promise: &JsPromise) -> bool {
    matches!(promise.state(), boa_engine::builtins::promise::PromiseState::Pending)
}
