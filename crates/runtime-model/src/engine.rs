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
    pub at: Option<String>,
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
    /// Reactions registered but not yet run: id → (registering owner, where).
    pub pending_registrations: RefCell<BTreeMap<u64, (Owner, Option<RawLocation>)>>,
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
        }
    }

    /// Where `owner` registered its newest reaction that has not run (R7 reports).
    pub fn newest_pending_registration(&self, owner: Owner) -> Option<String> {
        self.pending_registrations
            .borrow()
            .values()
            .rev()
            .find(|(o, at)| *o == owner && at.is_some())
            .and_then(|(_, at)| at.as_ref().map(|l| l.to_string()))
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
    /// The async context frame to restore (traced: it is a JS object).
    frame: Option<JsObject>,
}

pub(crate) struct Hooks(pub Rc<Host>);

impl HostHooks for Hooks {
    fn make_job_callback(&self, callback: JsFunction, context: &mut Context) -> JobCallback {
        let host = &self.0;
        let at = if host.capture_locations { caller_location(context) } else { None };
        let id = host.next_registration.get();
        host.next_registration.set(id + 1);
        let owner = host.current.get();
        host.pending_registrations.borrow_mut().insert(id, (owner, at.clone()));
        let frame = host.async_frame.borrow().clone();
        JobCallback::new(callback, Registration { id, owner, at, frame })
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
        let (registrant, at, frame) = match job.host_defined().downcast_ref::<Registration>() {
            Some(r) => {
                host.pending_registrations.borrow_mut().remove(&r.id);
                (r.owner, r.at.clone(), r.frame.clone())
            }
            None => (settler, None, None),
        };
        if registrant != settler && registrant != Owner::Startup && settler != Owner::Startup {
            // R2: a cross-request resolution. Who owns the reaction is the profile's
            // choice (R13): the settler in production-2022, the waiter under workerd.
            host.record(EventKind::Job { registered_by: registrant, at: at.map(|l| l.to_string()) });
        }
        let owner = if host.world.profile.promise_context_tagging() { registrant } else { settler };
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
