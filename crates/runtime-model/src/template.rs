//! Isolates booted once, for a process that forks per schedule (the fork server of
//! `fuzz`'s worker processes, as AFL's): the worker's module graph is parsed, linked
//! and evaluated once, and each forked copy runs one schedule from that state.
//!
//! Sound because a boot does not depend on the schedule: the top level runs before any
//! request at a fixed instant (its clock reads the Unix epoch, as workerd's does outside a
//! request, R3), and it can draw no random value, set no timer and do no I/O (R2). What
//! a boot leaves in the world — its trace events, its clock reads and the memory it
//! holds — is kept aside and given to the run when it first uses the isolate, stamped
//! then, exactly where a boot at that moment would have put it. So a run from a
//! template is the run `simulate` makes without one (checked on every schedule
//! `crosstalk check` judges, whose replay runs from a template, so on every bundled
//! scenario in `cargo test`; and by `r12_a_run_from_a_booted_template_…`).
//!
//! Invariants:
//! - a template is used by at most one run (`take` moves it out); a process that runs
//!   many schedules from one template forks a copy for each;
//! - a run takes a template only if its model boots alike (`boots_alike`): the same
//!   worker sources, bindings, limits and profile; the requests may differ (shrinking
//!   drops some), as long as the isolates are numbered the same.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use crate::ModelError;
use crate::event_loop::{service_base, stage, worker_of};
use crate::inputs::InputSource;
use crate::isolate::Isolate;
use crate::model::Model;
use crate::trace::{EventKind, Owner};
use crate::world::World;

/// The isolates of one model, booted ahead of any schedule.
pub struct Template {
    /// The model booted (sources are shared, so this is cheap).
    model: Model,
    world: Option<Rc<World>>,
    // invariant: `isolates[i]` is isolate `i`, every one the model can use.
    isolates: Vec<Option<Booted>>,
    /// The run's process ends after it (`install_in_fork`): its isolates are abandoned,
    /// not torn down.
    abandon: bool,
}

/// One isolate a template booted, and what its boot left in the world.
pub(crate) struct Booted {
    isolate: Isolate,
    events: Vec<(Owner, EventKind)>,
    reads: Vec<(Owner, InputSource, &'static str)>,
    /// The memory the isolate holds after its boot (reachable, after a collection).
    bytes: isize,
}

thread_local! {
    static INSTALLED: RefCell<Option<Template>> = const { RefCell::new(None) };
}

impl Template {
    /// Boots every isolate `model` can use: the main worker's (one per request under
    /// fresh dispatch) and each service worker's, in index order.
    ///
    /// An error is the first isolate's boot error; a caller then runs without a
    /// template, and each run meets the error when it boots that isolate itself.
    pub fn boot(model: &Model) -> Result<Template, ModelError> {
        // The top levels run with the call stack's native budget measured from here.
        crate::stack::on_run_stack(|| Self::boot_here(model))
    }

    fn boot_here(model: &Model) -> Result<Template, ModelError> {
        let world = stage(model);
        let count = service_base(model) + u32::try_from(model.workers.len()).expect("worker counts fit in u32");
        let mut template =
            Template { model: model.clone(), world: Some(world.clone()), isolates: Vec::new(), abandon: false };
        for index in 0..count {
            let before = crate::memory::live_bytes();
            let (worker, entrypoints) = worker_of(model, index);
            let isolate = Isolate::boot(index, world.clone(), worker, &entrypoints)?;
            boa_gc::force_collect();
            let bytes = crate::memory::live_bytes() - before;
            let events =
                std::mem::take(&mut *world.trace.borrow_mut()).into_iter().map(|e| (e.owner, e.kind)).collect();
            let reads = world.inputs.take();
            // R2 forbids timers and I/O at the top level; were one to slip through, this
            // boot would depend on the schedule: no template then (runs boot their own).
            debug_assert!(world.tasks.borrow().is_empty(), "a top level scheduled a task");
            if !world.tasks.borrow().is_empty() {
                template.isolates.push(Some(Booted { isolate, events, reads, bytes }));
                return Err(ModelError::Internal("a top level scheduled a task: the boot cannot be shared".into()));
            }
            world.memory.exclude(bytes);
            template.isolates.push(Some(Booted { isolate, events, reads, bytes }));
        }
        Ok(template)
    }

    /// Compiles, in every isolate, the JS Web modules that runs on this thread have
    /// loaded so far (streams, events, `structuredClone`…), without running them: a run
    /// evaluates a module on first use as before, from the compiled script, and is charged
    /// its memory then (`web::exports`). For a process that forks many runs from this
    /// template, after it has run some itself: each fork would parse them again.
    pub fn compile_used_web_modules(&mut self) -> Result<(), ModelError> {
        let modules = crate::host::web::used();
        let world = self.world.clone().expect("a template not yet taken has its world");
        for booted in self.isolates.iter_mut().flatten() {
            let compiled = crate::host::web::prepare(&modules, &mut booted.isolate.context)
                .map_err(|e| ModelError::Internal(format!("the Web modules do not compile: {e}")))?;
            world.memory.exclude(compiled);
        }
        Ok(())
    }

    /// The bytes of Web module source the runs on this thread have loaded so far: each
    /// run that boots a fresh isolate parses them again, a fork of a template that
    /// compiled them (`compile_used_web_modules`) does not.
    pub fn used_web_module_bytes() -> usize {
        crate::host::web::used_bytes()
    }

    /// Makes the next `simulate` of the same model on this thread start from this
    /// template (then it is spent). The garbage of whatever ran since the template booted
    /// is collected first: the run measures its memory from what is live when it starts
    /// (`Meter::rebase`).
    pub fn install(self) {
        boa_gc::force_collect();
        self.keep();
    }

    /// As `install`, in a forked copy of the process that ends after the run: the run
    /// abandons its isolates instead of tearing them down, since freeing a page of the
    /// template only makes the fork copy it first. Nothing is collected here (a
    /// collection would copy every page of the template's heap into the fork): the fork
    /// server collects before it forks ([`Template::collect_before_fork`]) whenever JS ran
    /// in it since its last collection. From here on the process allocates from an
    /// arena of fresh pages (`fork_arena`), so that malloc's bookkeeping does not copy
    /// the template's pages either.
    pub fn install_in_fork(mut self) {
        crate::fork_arena::begin();
        self.abandon = true;
        self.keep();
    }

    /// Collects the garbage the server's own runs left (for a fork server, before it
    /// forks): a forked run measures its memory from what is live when it starts. The
    /// pages the garbage held go back to the kernel.
    pub fn collect_before_fork(&self) {
        boa_gc::force_collect();
        hand_back_free_pages();
    }

    fn keep(self) {
        INSTALLED.with(|installed| *installed.borrow_mut() = Some(self));
    }

    /// Makes the engine's collector wait until `headroom` more bytes are allocated (for a
    /// fork server, before it forks). A collection marks every live object, which in a
    /// forked copy writes to, and so copies, every page of the template's heap: a run
    /// that stays under the headroom never collects. boa 0.22 has no setting for it, but
    /// its threshold only grows, to what is live after a collection over 0.7: so live
    /// ballast is allocated up to the headroom, then freed, and its pages handed back.
    pub fn defer_collections(&self, headroom: usize) {
        const CHUNK: usize = 64 * 1024;
        let mut ballast = Vec::with_capacity(headroom / CHUNK);
        for _ in 0..headroom / CHUNK * 7 / 10 {
            ballast.push(boa_gc::Gc::new([0u8; CHUNK]));
        }
        drop(ballast);
        boa_gc::force_collect();
        hand_back_free_pages();
    }

    /// Whether a template is installed on this thread and not spent yet (for tests).
    #[doc(hidden)]
    pub fn installed() -> bool {
        INSTALLED.with(|installed| installed.borrow().is_some())
    }

    /// The world and the booted isolates, for the run that takes the template.
    pub(crate) fn into_parts(mut self) -> (Rc<World>, Vec<Option<Booted>>, bool) {
        let world = self.world.take().expect("a template's world is taken once");
        (world, std::mem::take(&mut self.isolates), self.abandon)
    }
}

impl Drop for Template {
    fn drop(&mut self) {
        for booted in self.isolates.iter_mut().flatten() {
            booted.teardown();
        }
        if let Some(world) = self.world.take() {
            world.clear_js_values();
        }
    }
}

/// Gives the pages of the process's free memory back to the kernel, for a process about
/// to fork: a fork copies the page-table entry of every page the process holds (measured
/// on the counter seed: 1.0 ms a fork holding the 64 MB that `defer_collections` freed,
/// 0.25 ms without them), and a fork never reuses its template's free memory
/// (`fork_arena`).
fn hand_back_free_pages() {
    #[cfg(target_env = "gnu")]
    // SAFETY: malloc_trim has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The installed template, if it was booted from `model`.
pub(crate) fn take(model: &Model) -> Option<Template> {
    INSTALLED.with(|installed| {
        let mut installed = installed.borrow_mut();
        if boots_alike(&installed.as_ref()?.model, model) { installed.take() } else { None }
    })
}

/// Whether `a` and `b` boot the same isolates: they may differ only in their requests,
/// and then not in the isolate numbers (under fresh dispatch, one isolate per request).
fn boots_alike(a: &Model, b: &Model) -> bool {
    // Destructured, so that a new field of the model must be placed here or below.
    let Model {
        name,
        syntax,
        source,
        requests: _,
        origins,
        isolates,
        limits,
        profile,
        env,
        json_env,
        kv,
        d1,
        r2,
        queues,
        services,
        durable_objects,
        assets,
        small_bindings,
        workflows,
        faults,
        workers,
        unsupported_bindings,
        epoch_ms,
        dispatch,
        provenance,
        node_globals,
        node_timers,
        node_process_v2,
        performance_classes,
        node_perf_hooks,
        process_env,
    } = a;
    std::ptr::addr_eq(Arc::as_ptr(source), Arc::as_ptr(&b.source))
        && *name == b.name
        && *syntax == b.syntax
        && *origins == b.origins
        && *isolates == b.isolates
        && *limits == b.limits
        && *profile == b.profile
        && *env == b.env
        && *json_env == b.json_env
        && *kv == b.kv
        && *d1 == b.d1
        && *r2 == b.r2
        && *queues == b.queues
        && *services == b.services
        && *durable_objects == b.durable_objects
        && *assets == b.assets
        && *small_bindings == b.small_bindings
        && *workflows == b.workflows
        && *faults == b.faults
        && *unsupported_bindings == b.unsupported_bindings
        && *epoch_ms == b.epoch_ms
        && *dispatch == b.dispatch
        && *provenance == b.provenance
        && *node_globals == b.node_globals
        && *node_timers == b.node_timers
        && *node_process_v2 == b.node_process_v2
        && *performance_classes == b.performance_classes
        && *node_perf_hooks == b.node_perf_hooks
        && *process_env == b.process_env
        && service_base(a) == service_base(b)
        && workers.len() == b.workers.len()
        && workers.iter().zip(&b.workers).all(|(x, y)| boots_alike(x, y))
}

impl Booted {
    /// The isolate, for a run that uses it for the first time now: its boot's trace
    /// events and clock reads are recorded now, and its memory becomes the run's.
    pub(crate) fn resume(self, world: &World) -> Isolate {
        for (owner, kind) in self.events {
            world.record(owner, kind);
        }
        for (owner, source, api) in self.reads {
            world.inputs.read(owner, source, api);
        }
        world.memory.include(self.bytes);
        self.isolate
    }

    pub(crate) fn teardown(&mut self) {
        self.isolate.teardown();
    }
}
