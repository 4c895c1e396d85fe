//! The request-aware event loop (R4): pick the next task, run it, drain the microtasks,
//! settle responses; when nothing is ready now, check for hangs (R7), then advance the
//! virtual clock (R3).
//!
//! Invariants: time moves only here, and only forward; every free choice goes through
//! the [`Scheduler`]; a run with the same model and scheduler answers is identical (R12).

use boa_engine::Context;
use boa_engine::job::NativeAsyncJob;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::future::Future;
use std::hash::{BuildHasherDefault, DefaultHasher};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use crate::ModelError;
use crate::engine::{EngineStop, Host, Micro, Microtasks};
use crate::isolate::Isolate;
use crate::lifecycle;
use crate::location::describe_error;
use crate::model::{Dispatch, Model};
use crate::outcome::{OutcomeKind, RequestOutcome, Run};
use crate::scheduler::{ReadyTask, Scheduler};
use crate::subrequest::Draws;
use crate::trace::{EventKind, Owner};
use crate::world::{Phase, RequestState, Task, TaskKey, TaskKind, World};

/// Runs `model` with every free choice answered by `scheduler`.
///
/// ```
/// use crosstalk_runtime::{Model, MsRange, SeededScheduler, simulate};
/// let model = Model::service_worker("worker.js", r#"
///     addEventListener('fetch', e => e.respondWith(new Response('hi')));
/// "#).with_requests("https://worker.example/", MsRange::fixed(0), 1);
/// let run = simulate(&model, &mut SeededScheduler::new(1)).unwrap();
/// assert_eq!(run.requests[0].body.as_deref(), Some("hi"));
/// ```
pub fn simulate(model: &Model, scheduler: &mut dyn Scheduler) -> Result<Run, ModelError> {
    // The worker's JS runs with the call stack's native budget measured from here.
    crate::stack::on_run_stack(|| simulate_here(model, scheduler))
}

fn simulate_here(model: &Model, scheduler: &mut dyn Scheduler) -> Result<Run, ModelError> {
    crate::trace::tapped(crate::trace::Tapped::Run);
    let seed = scheduler.random_seed();
    // Isolates booted ahead by a worker process's template (`template`), or none: every
    // isolate then boots when its first task runs. Both give the same run (R12).
    let (world, prebooted, abandon) = match crate::template::take(model) {
        Some(template) => {
            let parts = template.into_parts();
            // The template's world was staged when it booted: the run's memory is measured
            // from now, as a fresh world's is from when it is staged.
            parts.0.memory.rebase();
            parts
        }
        None => (stage(model), Vec::new(), false),
    };
    world.reseed(seed);
    let mut sim = Sim {
        world: world.clone(),
        model,
        isolates: Vec::new(),
        prebooted,
        booted: 0,
        serial: VecDeque::new(),
        retired: BTreeSet::new(),
        ran_in: BTreeSet::new(),
    };
    sim.plan_arrivals(scheduler);
    let result = sim.run(scheduler);
    let outcomes = sim.outcomes();
    if abandon {
        // A forked copy of a template that ends after this run: tearing the isolates
        // down would only copy the pages it frees. (The simulation's own reference
        // keeps the world alive too.)
        std::mem::forget(sim);
    } else {
        for isolate in sim.isolates.iter_mut().flatten() {
            isolate.teardown();
        }
        for booted in sim.prebooted.iter_mut().flatten() {
            booted.teardown();
        }
        world.clear_js_values();
        drop(sim);
    }
    result?;
    let trace = std::mem::take(&mut *world.trace.borrow_mut());
    Ok(Run { requests: outcomes, trace, end_ms: world.now(), inputs: world.inputs.list() })
}

/// The world a run of `model` starts from, before its schedule is known (the random
/// stream is seeded by `World::reseed`): storage, queues, the worker map.
pub(crate) fn stage(model: &Model) -> Rc<World> {
    let mut world = World::new(model.limits.clone(), model.profile.clone(), model.origins.clone(), model.epoch_ms, 0);
    // Storage is shared by the scenario's workers: a binding name bound in two of them is
    // one database (bucket, namespace), the first worker's.
    let mut d1 = model.d1.clone();
    let mut r2 = model.r2.clone();
    for worker in &model.workers {
        d1.extend(worker.d1.iter().filter(|w| !d1.iter().any(|d| d.binding == w.binding)).cloned().collect::<Vec<_>>());
        r2.extend(worker.r2.iter().filter(|w| !r2.iter().any(|b| b.binding == w.binding)).cloned().collect::<Vec<_>>());
    }
    world.d1 = crate::d1::Databases::new(d1, 0);
    world.r2 = crate::r2::Buckets::new(r2, model.epoch_ms);
    world.queues = model.queues.clone();
    world.routes_to_assets = model.assets.is_some();
    for worker in &model.workers {
        world.queues.extend(worker.queues.iter().cloned());
    }
    for namespace in model.kv.iter().chain(model.workers.iter().flat_map(|w| w.kv.iter())) {
        let entries = namespace
            .data
            .iter()
            .map(|(k, v)| {
                (k.clone(), crate::world::KvEntry { value: v.clone().into_bytes(), metadata: None, expires_ms: None })
            })
            .collect();
        // A namespace bound by the same name in two workers is one store (the first
        // worker's data).
        world.kv.borrow_mut().entry(namespace.binding.clone()).or_insert(entries);
    }
    let service_base = service_base(model);
    world.workers.insert(model.name.clone(), 0);
    for (k, worker) in model.workers.iter().enumerate() {
        let previous = world.workers.insert(worker.name.clone(), service_base + k as u32);
        assert!(previous.is_none(), "worker names are unique (checked by the loader): {}", worker.name);
    }
    Rc::new(world)
}

/// The first isolate of the scenario's other workers (service binding targets): they
/// run in isolates numbered after every isolate the main worker can use.
pub(crate) fn service_base(model: &Model) -> u32 {
    match model.dispatch {
        Dispatch::Fresh | Dispatch::FreshSerial(_) => {
            u32::try_from(model.requests.len()).expect("request counts fit in u32")
        }
        Dispatch::Concurrent | Dispatch::Serial(_) => model.isolates.max(1),
    }
}

/// The worker isolate `index` runs, and the named exports it must offer: those the
/// service bindings of every worker call on it, and the Durable Object classes it hosts.
pub(crate) fn worker_of(model: &Model, index: u32) -> (&Model, Vec<String>) {
    let worker = match index.checked_sub(service_base(model)) {
        Some(k) => &model.workers[k as usize],
        None => model,
    };
    let mut entrypoints: Vec<String> = std::iter::once(model)
        .chain(&model.workers)
        .flat_map(|m| &m.services)
        .filter(|s| s.service == worker.name)
        .filter_map(|s| s.entrypoint.clone())
        .collect();
    // Its own classes, and those other workers' bindings name on it (`script_name`).
    entrypoints.extend(worker.durable_objects.iter().filter(|d| d.script.is_none()).map(|d| d.class_name.clone()));
    entrypoints.extend(worker.workflows.iter().map(|w| w.class_name.clone()));
    entrypoints.extend(
        std::iter::once(model)
            .chain(&model.workers)
            .flat_map(|m| &m.durable_objects)
            .filter(|d| d.script.as_deref() == Some(worker.name.as_str()))
            .map(|d| d.class_name.clone()),
    );
    entrypoints.sort();
    entrypoints.dedup();
    (worker, entrypoints)
}

/// What the event loop does next: run a task, or (a fault) evict a Durable Object or
/// reset it by a deploy.
enum Picked {
    Task(TaskKey, Task),
    Reset(u32),
    Deploy(u32),
    /// `[faults] workflow_hibernation`: Workflow run `request` hibernates and is replayed.
    Hibernate(u32),
}

struct Sim<'m> {
    world: Rc<World>,
    model: &'m Model,
    isolates: Vec<Option<Isolate>>,
    /// Isolates a template booted ahead, by index, until their first task takes them.
    prebooted: Vec<Option<crate::template::Booted>>,
    /// Isolates booted so far.
    booted: usize,
    /// Serial dispatch: requests still to send, one after another.
    serial: VecDeque<u32>,
    /// Fresh dispatch: the isolates torn down because nothing can run in them again
    /// ([`Sim::retire_finished_isolates`]).
    retired: BTreeSet<usize>,
    /// Fresh dispatch: the isolates that ran a task since the last look for finished ones.
    ran_in: BTreeSet<usize>,
}

/// Fresh dispatch looks for isolates to tear down once this many have run a task since it
/// last looked (and at every idle instant): each look scans the requests and the queue.
const RETIRE_BATCH: usize = 32;

impl Sim<'_> {
    /// Draws arrival times and routing, numbers requests in arrival order (R1).
    fn plan_arrivals(&mut self, scheduler: &mut dyn Scheduler) {
        let model = self.model;
        let isolates = model.isolates.max(1);
        let mut plan: Vec<(u64, usize, u32)> = match &model.dispatch {
            Dispatch::Concurrent => (0..model.requests.len())
                .map(|i| {
                    let spec = &model.requests[i];
                    let at = scheduler.arrival_ms(i, spec.arrival);
                    // The loader refuses `isolate` past `isolates`; schedulers answer in range.
                    let iso = spec.isolate.unwrap_or_else(|| scheduler.isolate(i, isolates));
                    assert!(iso < isolates, "request {i} routed to isolate {iso} of {isolates}");
                    (at, i, iso)
                })
                .collect(),
            Dispatch::Serial(order) => order.iter().enumerate().map(|(n, &i)| (n as u64, i, 0)).collect(),
            Dispatch::FreshSerial(order) => order.iter().enumerate().map(|(n, &i)| (n as u64, i, i as u32)).collect(),
            Dispatch::Fresh => (0..model.requests.len())
                .map(|i| (scheduler.arrival_ms(i, model.requests[i].arrival), i, i as u32))
                .collect(),
        };
        plan.sort();
        let serial = matches!(model.dispatch, Dispatch::Serial(_) | Dispatch::FreshSerial(_));
        for (n, (at, index, isolate)) in plan.into_iter().enumerate() {
            let id = n as u32 + 1;
            let at = if serial { 0 } else { at };
            self.world.requests.borrow_mut().push(RequestState::new(
                id,
                index,
                isolate,
                model.requests[index].clone(),
                at,
            ));
            if serial && id > 1 {
                self.serial.push_back(id);
            } else {
                self.world.schedule(at, Task { isolate, owner: Owner::Request(id), kind: TaskKind::Dispatch(id) });
            }
        }
    }

    fn run(&mut self, scheduler: &mut dyn Scheduler) -> Result<(), ModelError> {
        let mut tasks_run = 0u64;
        loop {
            let now = self.world.now();
            let limits = &self.world.limits;
            if now > limits.run_virtual_ms_max || tasks_run >= limits.run_tasks_max {
                self.stop_at_limit(now, tasks_run);
                return Ok(());
            }
            let next = self.next_due();
            if next.is_none_or(|t| t > now) {
                // R4/R7: idle at this instant: hang check, then (serial mode) the next
                // request, then advance time.
                self.check_hangs();
                self.retire_finished_isolates();
                self.draw_latencies(scheduler);
                self.next_serial();
                let next = self.next_due();
                match next {
                    None => {
                        self.never_answered();
                        return Ok(());
                    }
                    Some(t) if t > self.world.limits.run_virtual_ms_max && self.only_alarms_left() => {
                        // R17: an alarm set past the run's horizon does not keep it going.
                        self.alarms_not_reached();
                        self.never_answered();
                        return Ok(());
                    }
                    Some(t) => self.world.advance_to(t),
                }
                continue;
            }
            match self.pick(scheduler) {
                Picked::Task(key, task) => {
                    self.world.unschedule(key);
                    let isolate = task.isolate as usize;
                    self.run_task(task)?;
                    self.ran_in.insert(isolate);
                    if self.ran_in.len() >= RETIRE_BATCH {
                        self.retire_finished_isolates();
                    }
                    self.world.sockets.flush();
                    tasks_run += 1;
                    self.draw_latencies(scheduler);
                }
                Picked::Reset(object) => self.inject_reset(object),
                Picked::Deploy(object) => self.inject_deploy(object),
                Picked::Hibernate(request) => {
                    let isolate = self.world.with_request(request, |r| r.isolate) as usize;
                    let host =
                        self.isolates[isolate].as_ref().expect("a running Workflow has its isolate").host.clone();
                    crate::host::workflows::hibernate(&host, request);
                }
            }
        }
    }

    /// R18: evicts object `object` in the isolate that holds its instance.
    fn inject_reset(&mut self, object: u32) {
        crate::host::durable_object::inject_reset(&self.host_of(object), object);
    }

    /// R20: resets object `object` by a deploy, in the isolate that holds its instance.
    fn inject_deploy(&mut self, object: u32) {
        crate::host::durable_object::inject_deploy(&self.host_of(object), object);
    }

    /// The host of the isolate that holds object `object`'s instance.
    fn host_of(&self, object: u32) -> Rc<Host> {
        let isolate = self.world.objects.with(object, |o| o.isolate) as usize;
        self.isolates[isolate].as_ref().expect("an object with an instance has a booted isolate").host.clone()
    }

    /// R20: the objects a deploy may reset now (`[faults] durable_object_deploy`): every
    /// object with an instance, whatever it is running.
    fn deployable(&self) -> Vec<u32> {
        if !self.model.faults.durable_object_deploy {
            return Vec::new();
        }
        (0..self.world.objects.len()).filter(|&o| self.world.objects.with(o, |x| x.instantiated)).collect()
    }

    /// R18: the objects the schedule may evict now (`[faults] durable_object_reset`):
    /// those with an instance, no call in progress and no write waiting for confirmation.
    fn evictable(&self) -> Vec<u32> {
        if !self.model.faults.durable_object_reset {
            return Vec::new();
        }
        let requests = self.world.requests.borrow();
        (0..self.world.objects.len())
            .filter(|&o| self.world.objects.with(o, |x| x.instantiated && x.gate.writes.is_empty()))
            .filter(|&o| !requests.iter().any(|r| r.object == Some(o) && r.is_live()))
            .collect()
    }

    /// R4: among the tasks ready now, the first of each owner is a candidate; the
    /// scheduler chooses between owners. With faults on, evicting an idle Durable Object
    /// is a candidate too, after every task (so the first choice never injects one).
    fn pick(&self, scheduler: &mut dyn Scheduler) -> Picked {
        let now = self.world.now();
        let tasks = self.world.tasks.borrow();
        let mut candidates: Vec<(TaskKey, &Task)> = Vec::new();
        // The owners (per isolate) that have a candidate already: a hash set, so that a
        // burst of thousands of ready requests costs n per pick, not n² (nor n log n, a
        // B-tree's). Only asked for membership: its order is never seen, and its hasher
        // has fixed keys.
        let mut owners: HashSet<(Owner, u32), BuildHasherDefault<DefaultHasher>> = HashSet::default();
        // Tasks due before now are ones a Durable Object's input gate held (R15).
        for (key, task) in tasks.range(..=(now, u64::MAX)) {
            if self.eligible(task) && owners.insert((task.owner, task.isolate)) {
                candidates.push((*key, task));
            }
        }
        // R15: events an input gate held are delivered in the order they reached it (the
        // gate's waiters are a FIFO queue in workerd): of an object's held tasks, only
        // the first is a candidate, and its later tasks wait behind it.
        if !self.world.objects.is_empty() {
            let object_of = |task: &Task| match task.owner {
                Owner::Request(r) => self.world.with_request(r, |s| s.object),
                Owner::Startup => None,
            };
            let mut first_held: Vec<(u32, TaskKey)> = Vec::new();
            for (key, task) in &candidates {
                if key.0 < now
                    && let Some(object) = object_of(task)
                    && !first_held.iter().any(|(o, _)| *o == object)
                {
                    first_held.push((object, *key));
                }
            }
            candidates.retain(|(key, task)| match object_of(task) {
                Some(object) => first_held.iter().find(|(o, _)| *o == object).is_none_or(|(_, first)| key <= first),
                None => true,
            });
        }
        let evictable = self.evictable();
        let deployable = self.deployable();
        // A Workflow run whose own timer is due now, with no other work of its own: it may
        // have hibernated meanwhile (then it wakes as a replay instead). Only a run that
        // has slept (its timer is due after the run began) can have: a replay whose sleep
        // has already ended does not sleep again.
        let hibernatable: Vec<u32> = if self.model.faults.workflow_hibernation {
            candidates
                .iter()
                .filter_map(|(key, t)| match (&t.kind, t.owner) {
                    (TaskKind::Timer(_), Owner::Request(r)) => Some((r, key.0)),
                    _ => None,
                })
                .filter(|&(r, due)| {
                    self.world.with_request(r, |s| {
                        s.workflow_of.is_some() && s.phase == Phase::Awaiting && due > s.arrived_ms
                    })
                })
                .map(|(r, _)| r)
                .filter(|&r| tasks.values().filter(|t| t.owner == Owner::Request(r)).count() == 1)
                .collect()
        } else {
            Vec::new()
        };
        let chosen =
            if candidates.len() == 1 && evictable.is_empty() && deployable.is_empty() && hibernatable.is_empty() {
                0
            } else {
                let mut ready: Vec<ReadyTask> = candidates
                    .iter()
                    .map(|(_, t)| ReadyTask { owner: t.owner, isolate: t.isolate, label: t.label() })
                    .collect();
                for &object in &evictable {
                    let (isolate, label) =
                        (self.world.objects.with(object, |o| o.isolate), self.world.objects.label(object));
                    ready.push(ReadyTask { owner: Owner::Startup, isolate, label: format!("evict {label}").into() });
                }
                for &object in &deployable {
                    let (isolate, label) =
                        (self.world.objects.with(object, |o| o.isolate), self.world.objects.label(object));
                    ready.push(ReadyTask { owner: Owner::Startup, isolate, label: format!("deploy {label}").into() });
                }
                for &request in &hibernatable {
                    let isolate = self.world.with_request(request, |r| r.isolate);
                    ready.push(ReadyTask {
                        owner: Owner::Startup,
                        isolate,
                        label: format!("hibernate {}", Owner::Request(request)).into(),
                    });
                }
                // The Scheduler contract: an index into `ready` (Replay maps hand-edited
                // schedules into range itself).
                let pick = scheduler.pick(now, &ready);
                assert!(pick < ready.len(), "the scheduler picked task {pick} of {}", ready.len());
                pick
            };
        if chosen >= candidates.len() + evictable.len() + deployable.len() {
            return Picked::Hibernate(hibernatable[chosen - candidates.len() - evictable.len() - deployable.len()]);
        }
        if chosen >= candidates.len() + evictable.len() {
            return Picked::Deploy(deployable[chosen - candidates.len() - evictable.len()]);
        }
        if chosen >= candidates.len() {
            return Picked::Reset(evictable[chosen - candidates.len()]);
        }
        let (key, task) = candidates[chosen];
        Picked::Task(key, task.clone())
    }

    /// When the next task can run: the earliest task's due time, or, with Durable
    /// Objects, the earliest that no input gate holds (a held task that is overdue runs
    /// now). `None` when nothing can run.
    fn next_due(&self) -> Option<u64> {
        let tasks = self.world.tasks.borrow();
        if self.world.objects.is_empty() {
            return tasks.keys().next().map(|k| k.0);
        }
        let now = self.world.now();
        tasks.iter().find(|(_, task)| self.eligible(task)).map(|(key, _)| key.0.max(now))
    }

    /// Whether every queued task is a Durable Object's alarm.
    fn only_alarms_left(&self) -> bool {
        self.world.tasks.borrow().values().all(|t| matches!(t.kind, TaskKind::DoAlarm(_)) || self.workflow_timer(t))
    }

    /// Whether `task` is a timer of a Workflow run (a sleep or a retry's wait): like an
    /// alarm, one due past the run's horizon does not keep the run going.
    fn workflow_timer(&self, task: &Task) -> bool {
        matches!(task.kind, TaskKind::Timer(_))
            && matches!(task.owner, Owner::Request(r) if self.world.with_request(r, |s| s.workflow_of.is_some()))
    }

    /// The alarms still set when the run ends are recorded and dropped; a Workflow run
    /// asleep past the horizon ends there, its instance still running.
    fn alarms_not_reached(&self) {
        let asleep: Vec<u32> = (self.world.tasks.borrow().values())
            .filter(|t| self.workflow_timer(t))
            .filter_map(|t| match t.owner {
                Owner::Request(r) => Some(r),
                Owner::Startup => None,
            })
            .collect::<std::collections::BTreeSet<u32>>()
            .into_iter()
            .collect();
        for run in asleep {
            let isolate = self.world.with_request(run, |r| r.isolate) as usize;
            let Some(Some(isolate)) = self.isolates.get(isolate) else { continue };
            let instance = self.world.with_request(run, |r| r.workflow_of.clone()).map(|w| w.1).unwrap_or_default();
            let step = "run()".to_string();
            let what = "asleep past the run's horizon".to_string();
            self.world.record(Owner::Request(run), EventKind::WorkflowStep { instance, step, what });
            lifecycle::end_hibernated(&isolate.host, run);
        }
        let alarms: Vec<(u64, u32)> = self
            .world
            .tasks
            .borrow()
            .iter()
            .filter_map(|(key, t)| match t.kind {
                TaskKind::DoAlarm(object) => Some((key.0, object)),
                _ => None,
            })
            .collect();
        self.world.tasks.borrow_mut().clear();
        for (due_ms, object) in alarms {
            self.world.objects.with(object, |o| o.alarm = None);
            let object = self.world.objects.label(object);
            self.world.record(Owner::Startup, EventKind::DoAlarmNotReached { object, due_ms });
        }
    }

    /// R15: whether `task` may run now: a task of a call to a Durable Object waits while
    /// the object's input gate is closed, unless it completes the storage read that
    /// closed it (a write's confirmation and the runtime's own bookkeeping never wait).
    fn eligible(&self, task: &Task) -> bool {
        if self.world.objects.is_empty() {
            return true;
        }
        let Owner::Request(r) = task.owner else { return true };
        let Some(object) = self.world.with_request(r, |s| s.object) else { return true };
        let completes = match task.kind {
            TaskKind::DoRead(a, b) => Some((a, b)),
            TaskKind::DoFlush(..) | TaskKind::WaitUntilDeadline(_) | TaskKind::ServiceCancel(_) => return true,
            _ => None,
        };
        let delivery = matches!(task.kind, TaskKind::Dispatch(_) | TaskKind::DoDeliver(_));
        !self.world.objects.gated(object, r, delivery, completes)
    }

    /// Fresh dispatch (each incoming request in an isolate of its own, `Dispatch::Fresh`
    /// and `FreshSerial`, the checker's reference runs): tears down every such isolate
    /// that ran a task since the last look ([`RETIRE_BATCH`] of them, or at an idle
    /// instant), whose requests have all ended and that has no task queued.
    /// Nothing can run in it again: a request's end drops its timers and cancels its I/O
    /// (`lifecycle::end`), and no binding routes to it (the main worker's name routes to
    /// isolate 0, which stays, as do the other workers' isolates). Without this, a
    /// reference run of n requests held n isolates (~450 KB each for a one-line worker)
    /// until it ended, and every collection marked them all.
    fn retire_finished_isolates(&mut self) {
        if !matches!(self.model.dispatch, Dispatch::Fresh | Dispatch::FreshSerial(_)) {
            return;
        }
        let base = (service_base(self.model) as usize).min(self.isolates.len());
        let ran_in = std::mem::take(&mut self.ran_in);
        let booted: Vec<usize> =
            ran_in.into_iter().filter(|&i| (1..base).contains(&i) && self.isolates[i].is_some()).collect();
        if booted.is_empty() {
            return;
        }
        let working: BTreeSet<usize> = (self.world.requests.borrow().iter())
            .filter(|r| r.phase != Phase::Done)
            .map(|r| r.isolate as usize)
            .chain(self.world.tasks.borrow().values().map(|t| t.isolate as usize))
            .collect();
        let finished: BTreeSet<usize> = booted.into_iter().filter(|i| !working.contains(i)).collect();
        if finished.is_empty() {
            return;
        }
        for &i in &finished {
            self.isolates[i].take().expect("listed as booted").teardown();
        }
        // One pass over the requests for the whole batch (a pass per isolate would make a
        // burst of n requests cost n² again).
        self.world.clear_js_values_of_isolates(&finished);
        self.retired.extend(finished);
    }

    fn isolate(&mut self, index: u32) -> Result<&mut Isolate, ModelError> {
        let i = index as usize;
        assert!(!self.retired.contains(&i), "a task for isolate {i}, torn down when nothing could run in it");
        if self.isolates.len() <= i {
            self.isolates.resize_with(i + 1, || None);
        }
        if self.isolates[i].is_none() {
            self.world.record(Owner::Startup, EventKind::Startup { isolate: index });
            let isolate = match self.prebooted.get_mut(i).and_then(Option::take) {
                Some(booted) => booted.resume(&self.world),
                None => {
                    let (model, entrypoints) = worker_of(self.model, index);
                    Isolate::boot(index, self.world.clone(), model, &entrypoints)?
                }
            };
            self.isolates[i] = Some(isolate);
            self.booted += 1;
            self.world.memory.isolate_booted(self.booted);
        }
        Ok(self.isolates[i].as_mut().expect("booted above"))
    }

    fn run_task(&mut self, task: Task) -> Result<(), ModelError> {
        if let TaskKind::Dispatch(id) = task.kind {
            let spec = self.world.with_request(id, |r| {
                r.arrived_ms = self.world.now();
                r.spec.clone()
            });
            self.world.record(
                Owner::Request(id),
                EventKind::Arrival { isolate: task.isolate, method: spec.method.clone(), url: spec.url.clone() },
            );
        }
        let isolate = self.isolate(task.isolate)?;
        let syntax = isolate.syntax;
        let host = isolate.host.clone();
        let context = &mut isolate.context;
        host.reset_budgets();
        match task.kind {
            TaskKind::Dispatch(id) => {
                let thrown = lifecycle::dispatch(&host, id, syntax, &isolate.env, context);
                drain_microtasks(&host, context);
                lifecycle::after_dispatch(&host, id, thrown);
            }
            TaskKind::Timer(id) => {
                if let Some(Err(error)) = crate::host::timers::fire(&host, id, context) {
                    let thrown = describe_error(&error, context);
                    let owner = host.current.get();
                    match (thrown.stop, owner) {
                        (Some(stop), Owner::Request(r)) if stop.limit().is_some() => {
                            lifecycle::stop_for_limit(&host, r, stop.limit().expect("matched a limit"))
                        }
                        _ => host.record(EventKind::UncaughtError {
                            message: thrown.message,
                            stack: thrown.stack,
                            at: thrown.at,
                        }),
                    }
                }
                drain_microtasks(&host, context);
            }
            TaskKind::WaitUntilDeadline(id) => lifecycle::wait_until_deadline(&host, id),
            TaskKind::SubrequestHeaders(r, n) => {
                crate::host::fetch::headers_arrived(&host, (r, n), context);
                drain_microtasks(&host, context);
            }
            TaskKind::SubrequestChunk(r, n, k) => {
                crate::host::fetch::chunk_arrived(&host, (r, n), k, context);
                drain_microtasks(&host, context);
            }
            TaskKind::PassThrough(id) => lifecycle::pass_through_arrived(&host, id),
            TaskKind::BindingOp(r, n, completion) => {
                (completion.run)(&host, (r, n), context);
                drain_microtasks(&host, context);
            }
            TaskKind::ServiceAnswer(r, n) => {
                crate::host::service::answered(&host, (r, n), context);
                drain_microtasks(&host, context);
            }
            TaskKind::ServiceCancel(id) => lifecycle::caller_ended(&host, id),
            TaskKind::DoRead(r, n) => {
                crate::host::durable_object::read_done(&host, (r, n), context);
                drain_microtasks(&host, context);
            }
            TaskKind::DoFlush(r, n) => {
                crate::host::durable_object::write_confirmed(&host, (r, n), context);
                drain_microtasks(&host, context);
            }
            TaskKind::DoAlarm(object) => crate::host::durable_object::alarm_due(&host, object),
            TaskKind::DoDeliver(id) => {
                let thrown = lifecycle::deliver(&host, id, &isolate.env, context);
                drain_microtasks(&host, context);
                lifecycle::after_dispatch(&host, id, thrown);
            }
            TaskKind::WsClient(client, step) => {
                crate::host::websocket::client_step(&host, client, step, context);
                drain_microtasks(&host, context);
            }
            TaskKind::WsPeer(pair, end) => {
                crate::host::websocket::peer_event(&host, pair, end, context);
                drain_microtasks(&host, context);
            }
            TaskKind::Settle(id) => {
                host.current.set(task.owner);
                crate::provenance::run_deferred(&host, id, context);
                drain_microtasks(&host, context);
            }
        }
        // Settlements made by the task's own code (not a microtask) are the task owner's.
        lifecycle::note_response_settlements(&host, task.owner);
        crate::subrequest::check_aborts(&host, context);
        drain_microtasks(&host, context);
        lifecycle::report_unhandled_rejections(&host, context);
        lifecycle::orphaned_response_fails(&host, task.owner);
        lifecycle::settle(&host, context);
        // Settling can start work of its own (a response whose body is the worker's own
        // stream is read to its end): run it within the same task, as workerd would.
        while !host.get::<Microtasks>().is_empty() {
            drain_microtasks(&host, context);
            lifecycle::report_unhandled_rejections(&host, context);
            lifecycle::settle(&host, context);
        }
        host.current.set(Owner::Startup);
        Ok(())
    }

    /// The harness's own limits were reached: every request still live is cancelled and
    /// the remaining work dropped, so a worker that never stops cannot hang a campaign.
    fn stop_at_limit(&mut self, now: u64, tasks_run: u64) {
        let limits = &self.world.limits;
        let message = if tasks_run >= limits.run_tasks_max {
            format!("the run stopped after {tasks_run} tasks (run_tasks_max); requests still waiting were cancelled")
        } else {
            format!(
                "the run reached {now} ms of virtual time (run_virtual_ms_max = {} ms); requests still waiting were cancelled",
                limits.run_virtual_ms_max
            )
        };
        self.world.record(Owner::Startup, EventKind::RunLimit { message: message.clone() });
        let live: Vec<(u32, u32)> =
            self.world.requests.borrow().iter().filter(|r| r.is_live()).map(|r| (r.id, r.isolate)).collect();
        for (id, isolate) in live {
            let Some(Some(isolate)) = self.isolates.get(isolate as usize) else { continue };
            let host = isolate.host.clone();
            let answered = self.world.with_request(id, |r| r.answer.kind.is_some());
            if !answered {
                self.world.with_request(id, |r| {
                    r.answer.kind = Some(OutcomeKind::Cancelled);
                    r.answer.error = Some(message.clone());
                });
            }
            lifecycle::end(&host, id, crate::trace::DropReason::RequestEnded);
        }
        self.world.tasks.borrow_mut().clear();
    }

    /// R9 deadlock avoidance, then R7, for every isolate (it is idle at this instant).
    fn check_hangs(&mut self) {
        for isolate in self.isolates.iter().flatten() {
            crate::subrequest::avoid_deadlocks(&isolate.host);
            if isolate.host.get::<Draws>().is_empty() {
                lifecycle::check_hangs(&isolate.host);
            }
        }
    }

    /// Asks the scheduler for the latencies host code needed during the last task and
    /// queues the tasks that wait for them.
    fn draw_latencies(&mut self, scheduler: &mut dyn Scheduler) {
        let now = self.world.now();
        for isolate in self.isolates.iter().flatten() {
            let draws = isolate.host.get::<Draws>().take();
            for draw in draws {
                let ms = draw.range.clamp(scheduler.latency_ms(&draw.key, draw.range));
                self.world.schedule(now + ms, draw.task);
            }
        }
    }

    /// R13: requests still waiting when no work is left anywhere never get an answer.
    fn never_answered(&mut self) {
        let waiting: Vec<(u32, u32)> = self
            .world
            .requests
            .borrow()
            .iter()
            .filter(|r| r.phase == Phase::Awaiting)
            .map(|r| (r.id, r.isolate))
            .collect();
        for (id, isolate) in waiting {
            if let Some(Some(isolate)) = self.isolates.get(isolate as usize) {
                lifecycle::never_answered(&isolate.host, id);
            }
        }
    }

    fn next_serial(&mut self) {
        // A request held only by an open WebSocket (R21) does not keep the next one out: a
        // connection lasts as long as its client wants, and one left open would stop the
        // rest.
        let held_by_socket = |r: &RequestState| r.phase == Phase::Lingering && self.world.sockets.keeps_open(r.id);
        let busy = self.world.requests.borrow().iter().any(|r| r.is_live() && !held_by_socket(r));
        if busy {
            return;
        }
        if let Some(id) = self.serial.pop_front() {
            let now = self.world.now();
            let isolate = {
                let requests = self.world.requests.borrow();
                let request = &requests[id as usize - 1];
                assert_eq!(request.id, id, "requests are kept in id order");
                request.isolate
            };
            self.world.schedule(now, Task { isolate, owner: Owner::Request(id), kind: TaskKind::Dispatch(id) });
        }
    }

    fn outcomes(&self) -> Vec<RequestOutcome> {
        self.world
            .requests
            .borrow()
            .iter()
            .map(|r| {
                let kind = if r.phase == Phase::Arriving {
                    OutcomeKind::NoResponse
                } else {
                    r.answer.kind.unwrap_or(OutcomeKind::NoResponse)
                };
                RequestOutcome {
                    id: Owner::Request(r.id),
                    url: r.spec.url.clone(),
                    method: r.spec.method.clone(),
                    isolate: r.isolate,
                    index: r.index,
                    arrived_ms: r.arrived_ms,
                    responded_ms: r.responded_ms,
                    outcome: kind,
                    status: r.answer.status,
                    headers: r.answer.headers.clone(),
                    body: r.answer.body.clone(),
                    error: r.answer.error.clone(),
                    // An alarm event is the runtime's call (`startup`) through its object's binding.
                    called_by: r
                        .called_by
                        .as_ref()
                        .map(|c| crate::outcome::CalledBy {
                            request: Owner::Request(c.request),
                            binding: c.binding.clone(),
                        })
                        .or_else(|| {
                            r.alarm_of.as_ref().map(|binding| crate::outcome::CalledBy {
                                request: Owner::Startup,
                                binding: format!("{binding} alarm"),
                            })
                        })
                        .or_else(|| {
                            r.workflow_of.as_ref().map(|(binding, instance)| crate::outcome::CalledBy {
                                request: Owner::Startup,
                                binding: format!("{binding} workflow {instance}"),
                            })
                        })
                        .or_else(|| {
                            r.socket_event_of.map(|client| crate::outcome::CalledBy {
                                request: Owner::Request(client),
                                binding: r.spec.url.clone(),
                            })
                        }),
                    websocket: (r.answer.websocket.is_some() && r.called_by.is_none()).then(|| {
                        crate::outcome::WebSocketOutcome {
                            received: r.ws_received.iter().map(crate::websocket::Frame::shown).collect(),
                            close: r
                                .ws_close
                                .clone()
                                .map(|(code, reason)| crate::outcome::WebSocketClose { code, reason }),
                            dropped: r.ws_dropped,
                        }
                    }),
                }
            })
            .collect()
    }
}

/// Runs `job` with `frame` as the async context frame, then restores the one before.
fn in_frame<T>(host: &Host, frame: Option<boa_engine::JsObject>, job: impl FnOnce() -> T) -> T {
    let previous = host.async_frame.replace(frame);
    let result = job();
    *host.async_frame.borrow_mut() = previous;
    result
}

/// R4: runs queued microtasks in FIFO order until none is left, each as its owner.
/// An endless chain is stopped by the CPU budget (R11).
pub(crate) fn drain_microtasks(host: &Host, context: &mut Context) {
    let budget = host.world.limits.cpu_jobs_per_task_max;
    let mut ran = 0u64;
    loop {
        // Never hold the queue borrowed while a job runs: jobs enqueue jobs.
        let Some((owner, job)) = host.get::<Microtasks>().pop() else { break };
        host.current.set(owner);
        host.raised.set(None);
        let result = match job {
            Micro::Promise(job, frame) => in_frame(host, frame, || job.call(context).map(drop)),
            Micro::Generic(job, frame) => in_frame(host, frame, || job.call(context).map(drop)),
            Micro::Async(job) => poll_once(job, context),
        };
        ran += 1;
        lifecycle::note_response_settlements(host, owner);
        // A job that resumed an async function after an `await` ends `Ok` even when the
        // function was stopped (boa drops the error): the stop the host raised tells.
        let raised = host.raised.take();
        let stopped = match result {
            Err(error) => describe_error(&error, context).stop,
            Ok(()) => raised.or_else(|| (ran > budget).then_some(EngineStop::CpuLimit)),
        };
        if let Some(stop) = stopped {
            let owner = host.current.get();
            match (stop, owner) {
                (EngineStop::CpuLimit | EngineStop::MemoryLimit, Owner::Request(id)) => {
                    lifecycle::stop_for_limit(host, id, stop.limit().expect("a limit stop"));
                    ran = 0;
                }
                (EngineStop::CpuLimit | EngineStop::MemoryLimit, Owner::Startup) => {
                    host.get::<Microtasks>().clear();
                    host.get::<Microtasks>().startup_stop.set(Some(stop));
                    host.reset_budgets();
                }
                (EngineStop::StackOverflow, Owner::Startup) => host.get::<Microtasks>().startup_stop.set(Some(stop)),
                _ => {}
            }
        }
    }
}

/// Polls a native async job once. The host only creates jobs that are ready at once
/// (module loading, in-memory reads); a job still pending is dropped, never waited on.
fn poll_once(job: NativeAsyncJob, context: &mut Context) -> boa_engine::JsResult<()> {
    let cell = RefCell::new(context);
    let mut future = job.call(&cell);
    match Pin::new(&mut future).poll(&mut std::task::Context::from_waker(Waker::noop())) {
        Poll::Ready(result) => result.map(drop),
        Poll::Pending => Ok(()),
    }
}
