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
use boa_engine::{Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsValue, Trace};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};

use std::rc::Rc;

use crate::component::{Component, Components};
use crate::location::{RawLocation, caller_location};
use crate::trace::{EventKind, Owner};
use crate::world::World;

/// A queued microtask.
pub(crate) enum Micro {
    /// A promise job, with the async context frame of the code that enqueued it: a
    /// reaction restores its registration's own (`call_job_callback`), and a job with no
    /// callback (`queueMicrotask`, `process.nextTick`) runs in the enqueuer's, as in
    /// workerd, where AsyncLocalStorage's store survives them.
    Promise(PromiseJob, Option<JsObject>),
    Async(NativeAsyncJob),
    /// A generic job, with the enqueuer's async context frame as above.
    Generic(GenericJob, Option<JsObject>),
}

/// Why the running code was stopped by the engine rather than by JS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EngineStop {
    CpuLimit,
    MemoryLimit,
    StackOverflow,
}

impl EngineStop {
    /// The request-stopping limit this stop is (R11), if it is one.
    pub(crate) fn limit(self) -> Option<crate::lifecycle::Limit> {
        match self {
            EngineStop::CpuLimit => Some(crate::lifecycle::Limit::Cpu),
            EngineStop::MemoryLimit => Some(crate::lifecycle::Limit::Memory),
            EngineStop::StackOverflow => None,
        }
    }
}

/// Per-isolate host state, reachable from native functions through the context's data.
///
/// It holds what every seam needs (the isolate, the world, the running owner, the async
/// context frame, provenance) and the [`Components`] that modules own: a binding's state
/// is `host.get::<ItsComponent>()`, never a new field here.
pub(crate) struct Host {
    pub isolate: u32,
    pub world: Rc<World>,
    /// The owner of the code running now (R2).
    pub current: Cell<Owner>,
    /// Whether hooks record the registration site of reactions (costs a stack walk).
    pub capture_locations: bool,
    /// The async context frame (`node:async_hooks`): captured with every reaction and
    /// timer, restored when it runs, exactly like the owner.
    pub async_frame: RefCell<Option<JsObject>>,
    /// Which request created each promise, and what each reaction waits on.
    pub provenance: crate::provenance::Provenance,
    /// The `await` and async-function sites of the instrumented modules of this isolate.
    pub sites: crate::sites::Sites,
    /// Work done by the running task (R11's budget): function calls, counted by the meter
    /// the instrumenter puts at the start of every function body, and the elements the
    /// guarded builtins walk (`host::charge`).
    pub work: Cell<u64>,
    /// Loop iterations the running task has made, in steps of
    /// `crosstalk_instrument::LOOP_STEP` (`host::loop_step`; R11's loop budget).
    pub loops: Cell<u64>,
    /// The stop the host last raised (`host::charge`, `host::loop_step`: the CPU budget or
    /// the memory limit), until the event loop sees the job it stopped end. boa 0.22 drops the error of an async
    /// function resumed after an `await` (its await continuation ignores what the resume
    /// returns), so that job ends as if nothing happened and the function never settles:
    /// the stop is read here instead (`drain_microtasks`).
    pub raised: Cell<Option<EngineStop>>,
    /// The isolate is evaluating the worker's top level (`Isolate::boot`): its clock reads
    /// the Unix epoch, as workerd's does outside any request (R3).
    pub booting: Cell<bool>,
    components: Components,
}

impl Host {
    /// A new task, or the rest of a drain after a request was stopped: fresh call and
    /// loop budgets (R11).
    pub(crate) fn reset_budgets(&self) {
        self.work.set(0);
        self.loops.set(0);
    }

    pub(crate) fn new(isolate: u32, world: Rc<World>) -> Self {
        Self {
            isolate,
            world,
            current: Cell::new(Owner::Startup),
            capture_locations: true,
            async_frame: RefCell::new(None),
            provenance: Default::default(),
            sites: Default::default(),
            work: Cell::new(0),
            loops: Cell::new(0),
            raised: Cell::new(None),
            booting: Cell::new(false),
            components: Components::default(),
        }
    }

    /// The Unix time in ms the worker's clock reads now (R3): frozen at the virtual
    /// instant, and 0 while the top level is evaluated, so that a boot does not depend on
    /// when the isolate's first request arrives.
    pub(crate) fn unix_now_ms(&self) -> i64 {
        if self.booting.get() { 0 } else { self.world.epoch_ms + self.world.now() as i64 }
    }

    /// The isolate's component `T` (created empty on first use).
    pub(crate) fn get<T: Component>(&self) -> Rc<T> {
        self.components.get::<T>()
    }

    /// R6: every component's I/O of request `owner` still in flight, taken out in the
    /// order it started ([`Components::cancel_owned_by`]).
    pub(crate) fn cancel_io_of(&self, owner: u32) -> Vec<((u32, u32), String)> {
        self.components.cancel_owned_by(owner)
    }

    /// The host of the isolate `context` belongs to.
    pub(crate) fn of(context: &Context) -> Rc<Host> {
        context.get_data::<Rc<Host>>().expect("every isolate context carries its host").clone()
    }

    pub(crate) fn record(&self, kind: EventKind) {
        self.world.record(self.current.get(), kind);
    }

    /// Drops every JS value held outside the GC heap: the host's own, then every
    /// component's (the realm-leak trap).
    pub(crate) fn clear_js_values(&self) {
        self.async_frame.borrow_mut().take();
        self.provenance.clear_js_values();
        self.components.clear_js_values();
        debug_assert!(self.is_clear(), "the host still holds JS values after teardown");
    }

    /// Whether the host holds no JS value.
    pub(crate) fn is_clear(&self) -> bool {
        self.async_frame.borrow().is_none() && self.provenance.is_clear() && self.components.is_clear()
    }
}

/// The microtask queue (R4), each job with the owner running when it was enqueued (R2).
#[derive(Default)]
pub(crate) struct Microtasks {
    // invariant: FIFO; the event loop pops, the executor pushes, nobody else reorders.
    queue: RefCell<VecDeque<(Owner, Micro)>>,
    /// Why the engine stopped a job of the top level (its queue is dropped then), for the
    /// boot to say instead of "never settled".
    pub(crate) startup_stop: std::cell::Cell<Option<EngineStop>>,
}

impl Microtasks {
    pub(crate) fn push(&self, owner: Owner, job: Micro) {
        self.queue.borrow_mut().push_back((owner, job));
    }

    /// The oldest job. The queue is not borrowed while the caller runs it.
    pub(crate) fn pop(&self) -> Option<(Owner, Micro)> {
        self.queue.borrow_mut().pop_front()
    }

    /// Whether no job is queued.
    pub(crate) fn is_empty(&self) -> bool {
        self.queue.borrow().is_empty()
    }

    /// Whether `owner` has a queued job.
    pub(crate) fn owns_any(&self, owner: Owner) -> bool {
        self.queue.borrow().iter().any(|(o, _)| *o == owner)
    }

    /// Drops the queued jobs of `owner` (R11).
    pub(crate) fn drop_owned_by(&self, owner: Owner) {
        self.queue.borrow_mut().retain(|(o, _)| *o != owner);
    }

    pub(crate) fn clear(&self) {
        self.queue.borrow_mut().clear();
    }
}

impl Component for Microtasks {
    fn clear_js_values(&self) {
        self.clear();
    }
    fn is_clear(&self) -> bool {
        self.queue.borrow().is_empty()
    }
}

/// Rejected promises without a handler since the last checkpoint, with their owner (R10).
#[derive(Default)]
pub(crate) struct Rejections {
    list: RefCell<Vec<(JsObject, Owner)>>,
    // invariant: promises reported unhandled to a worker that listens to
    // `unhandledrejection`, not handled since; a handler added later fires
    // `rejectionhandled` (web/events.js).
    reported: RefCell<Vec<JsObject>>,
}

impl Rejections {
    /// Takes the rejections of this checkpoint.
    pub(crate) fn take(&self) -> Vec<(JsObject, Owner)> {
        std::mem::take(&mut *self.list.borrow_mut())
    }

    /// Notes that `promise` was reported to the worker's `unhandledrejection` listeners.
    pub(crate) fn reported(&self, promise: JsObject) {
        self.reported.borrow_mut().push(promise);
    }
}

impl Component for Rejections {
    fn clear_js_values(&self) {
        self.list.borrow_mut().clear();
        self.reported.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.list.borrow().is_empty() && self.reported.borrow().is_empty()
    }
}

/// Reactions registered and not yet run, by registration id (R7 and R13 read these).
#[derive(Default)]
pub(crate) struct Registrations {
    // invariant: ids are handed out in increasing order, each once.
    pending: RefCell<BTreeMap<u64, PendingReaction>>,
    next_id: Cell<u64>,
}

/// A reaction registered and not yet run.
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

impl Registrations {
    fn register(&self, reaction: PendingReaction) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.pending.borrow_mut().insert(id, reaction);
        id
    }

    /// Reaction `id` ran: it and its siblings (the other half of an `await` or `then`)
    /// no longer wait.
    fn ran(&self, id: u64, group: u64) {
        let mut pending = self.pending.borrow_mut();
        pending.remove(&id);
        for sibling in [id.wrapping_sub(1), id + 1] {
            if pending.get(&sibling).is_some_and(|p| p.group == group) {
                pending.remove(&sibling);
            }
        }
    }

    /// Where `owner` is stuck (R7 reports): the site of the reaction it waits at, and the
    /// tag of the promise that reaction waits on.
    pub(crate) fn stuck(&self, owner: Owner) -> (Option<crate::Location>, Option<u32>) {
        let pending = self.pending.borrow();
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

    /// The pending promise of another request that `owner` waits on (R13), as its tag.
    pub(crate) fn foreign_wait(&self, owner: Owner) -> Option<u32> {
        self.pending
            .borrow()
            .values()
            .rev()
            .filter(|r| r.owner == owner)
            .find(|r| r.foreign.as_ref().is_some_and(is_pending))
            .and_then(|r| r.waits_on)
    }
}

impl Component for Registrations {
    fn clear_js_values(&self) {
        self.pending.borrow_mut().clear();
    }
    fn is_clear(&self) -> bool {
        self.pending.borrow().is_empty()
    }
}

/// The job executor: files every job under the owner running now (R2).
pub(crate) struct Executor(pub Rc<Host>);

impl JobExecutor for Executor {
    fn enqueue_job(self: Rc<Self>, job: Job, _context: &mut Context) {
        let owner = self.0.current.get();
        let micro = match job {
            Job::PromiseJob(job) => Micro::Promise(job, self.0.async_frame.borrow().clone()),
            Job::AsyncJob(job) => Micro::Async(job),
            Job::GenericJob(job) => Micro::Generic(job, self.0.async_frame.borrow().clone()),
            // Timers are the host's own (host/timers.rs); finalization callbacks would make
            // a run depend on GC timing (R12), so they never run.
            _ => return,
        };
        self.0.get::<Microtasks>().push(owner, micro);
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

/// workerd's message for `eval`/`new Function` outside the top level (1.20261117).
pub(crate) const CODE_GENERATION_MESSAGE: &str = "Code generation from strings disallowed for this context";

impl HostHooks for Hooks {
    /// workerd refuses `eval` and `new Function` (every compile of a string) once the
    /// worker serves events; its top level may use them.
    fn ensure_can_compile_strings(
        &self,
        _realm: boa_engine::realm::Realm,
        _parameters: &[boa_engine::JsString],
        _body: &boa_engine::JsString,
        _direct: bool,
        _context: &mut Context,
    ) -> JsResult<()> {
        if self.0.booting.get() {
            return Ok(());
        }
        Err(JsNativeError::eval().with_message(CODE_GENERATION_MESSAGE).into())
    }

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
        let id =
            host.get::<Registrations>().register(PendingReaction { owner, at: at.clone(), group, waits_on, foreign });
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
                host.get::<Registrations>().ran(r.id, r.group);
                (r.owner, r.at.clone(), r.frame.clone(), r.waits_on)
            }
            None => (settler, None, None, None),
        };
        // R14: two calls to one Durable Object share its I/O context: no request is crossed.
        let shared = match (registrant, settler) {
            (Owner::Request(a), Owner::Request(b)) => host.world.same_io_context(a, b),
            _ => false,
        };
        if registrant != settler && registrant != Owner::Startup && settler != Owner::Startup && !shared {
            // R2: a cross-request resolution. Who owns the reaction is the profile's
            // choice (R13): the settler in production-2022, the waiter under workerd.
            host.record(EventKind::Job { registered_by: registrant, at: at.map(|l| l.to_location()) });
        }
        let owner = if shared {
            registrant
        } else if host.world.profile.promise_context_tagging() {
            // R13: the waiter owns its continuation, unless (flag off) a request other
            // than the promise's creator settled it: then the settler runs it at once.
            let creator = waits_on.and_then(|t| host.provenance.tag(t)).map(|t| t.creator);
            let crossed = !shared && creator.is_some_and(|c| c.is_request() && settler.is_request() && c != settler);
            if crossed && !host.world.profile.cross_request_resolution_flag() { settler } else { registrant }
        } else {
            settler
        };
        let previous = host.current.replace(owner);
        let previous_frame = host.async_frame.replace(frame);
        if let Some(argument) = args.first() {
            // A rejection handler sees an engine error with V8's text.
            crate::host::engine_errors::translate(argument, context);
        }
        let result = job.callback().call(this, args, context);
        // R13: a response this reaction settled was settled by `owner`'s code.
        crate::lifecycle::note_response_settlements(host, owner);
        host.current.set(previous);
        *host.async_frame.borrow_mut() = previous_frame;
        result
    }

    fn promise_rejection_tracker(
        &self,
        promise: &JsObject<boa_engine::builtins::promise::Promise>,
        operation: OperationType,
        context: &mut Context,
    ) {
        let promise: JsObject = promise.clone().upcast();
        let rejections = self.0.get::<Rejections>();
        match operation {
            OperationType::Reject => rejections.list.borrow_mut().push((promise, self.0.current.get())),
            OperationType::Handle => {
                rejections.list.borrow_mut().retain(|(p, _)| p != &promise);
                let reported = {
                    let mut reported = rejections.reported.borrow_mut();
                    let at = reported.iter().position(|p| p == &promise);
                    at.map(|at| reported.swap_remove(at))
                };
                // workerd 1.20261117 fires `rejectionhandled` at once, inside the call
                // that adds the handler.
                if let Some(promise) = reported {
                    crate::host::fetch_event::rejection_handled(&promise, context);
                }
            }
        }
    }

    fn local_timezone_offset_seconds(&self, _unix_time_seconds: i64) -> i32 {
        0
    }
}

/// R3: the virtual clock. It moves only between tasks.
pub(crate) struct VirtualClock(pub Rc<Host>);

impl Clock for VirtualClock {
    /// Monotonic time for the engine's own job timing: not a read by the worker.
    fn now(&self) -> JsInstant {
        let ms = self.0.world.now();
        JsInstant::new(ms / 1000, ((ms % 1000) * 1_000_000) as u32)
    }

    /// The time `Date` (and `Intl`, `Temporal`) read: a read by whoever is running.
    fn system_time_millis(&self) -> i64 {
        self.0.world.inputs.read(self.0.current.get(), crate::inputs::InputSource::Clock, "Date");
        self.0.unix_now_ms()
    }
}

/// Whether a promise is still pending.
pub(crate) fn is_pending(promise: &JsPromise) -> bool {
    matches!(promise.state(), boa_engine::builtins::promise::PromiseState::Pending)
}
