//! Reference runs for the two oracles, produced by the runtime itself (never a
//! reimplementation) and cached per scenario.
//!
//! - Serial runs (`Dispatch::Serial`): the requests of one isolate one after another.
//!   A serial run's first k requests behave exactly as the serial run of those k alone
//!   (each starts after the previous ended), so the cache is keyed by *prefix*: one run
//!   of `[a, b, c]` answers the prefixes `[a]`, `[a, b]` and `[a, b, c]`. Requests with the
//!   same method, URL, headers and body are interchangeable in a serial run, so prefixes
//!   are keyed by request class, not position.
//! - Fresh runs (`Dispatch::Fresh`): every request alone in its own isolate.
//! - Fresh serial runs (`Dispatch::FreshSerial`): every request in its own isolate, one
//!   after another in the order a checked run's requests reached their durable state,
//!   keyed by request class like serial runs.
//! - Each kind is run twice — once with [`FirstScheduler`], once with a variant that
//!   changes the random seed, the clock epoch and every latency — and the fields that
//!   differ become the nondeterminism mask (see `observe`).
//!
//! Owns the cache and the simulation budget; never judges outcomes.

use std::collections::BTreeMap;
use std::sync::Arc;

use crosstalk_runtime::{
    Dispatch, FirstScheduler, LatencyKey, Model, ModuleSource, MsRange, ReadyTask, Run, Scheduler, simulate,
};

use crate::observe::{Mask, Observation, Observed, derive_mask};

/// How far the variant run moves `Date.now()` (one day and a bit, so no token aligns).
const VARIANT_EPOCH_SHIFT_MS: i64 = 86_400_000 + 12_345;
const VARIANT_RANDOM_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// The second reference scheduler: the other end of every range, the last ready task,
/// another random seed.
struct VariantScheduler;

impl Scheduler for VariantScheduler {
    fn arrival_ms(&mut self, _index: usize, range: MsRange) -> u64 {
        range.max
    }
    fn isolate(&mut self, _index: usize, _isolates: u32) -> u32 {
        0
    }
    fn latency_ms(&mut self, _key: &LatencyKey, range: MsRange) -> u64 {
        range.max
    }
    fn pick(&mut self, _now_ms: u64, ready: &[ReadyTask]) -> usize {
        ready.len().saturating_sub(1)
    }
    fn random_seed(&mut self) -> u64 {
        VARIANT_RANDOM_SEED
    }
}

/// How a reference run is simulated: [`simulate_reference`] here unless a process chose
/// otherwise ([`run_references_with`]).
pub type ReferenceRunner = fn(&Model, bool) -> Result<Run, String>;

static RUNNER: std::sync::OnceLock<ReferenceRunner> = std::sync::OnceLock::new();

/// Simulates every reference run of this process with `runner` (the first one set wins;
/// set it before the first check): a supervised `run` runs each in a forked child, so
/// that what the engine leaks while it boots the worker again and again dies with the
/// child.
pub fn run_references_with(runner: ReferenceRunner) {
    RUNNER.set(runner).ok();
}

/// One reference run of `model` (its dispatch and epoch already set): with the first
/// scheduler, or the variant one.
pub fn simulate_reference(model: &Model, variant: bool) -> Result<Run, String> {
    let result = if variant { simulate(model, &mut VariantScheduler) } else { simulate(model, &mut FirstScheduler) };
    result.map_err(|e| e.to_string())
}

/// Each request's outcome alone in a fresh isolate, and its nondeterminism mask (by
/// model position).
pub(crate) type FreshReference = (BTreeMap<usize, Observation>, BTreeMap<usize, Mask>);

/// Why a reference could not be produced.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ReferenceError {
    /// The check's simulation budget (`reference_runs_max`) is spent.
    Budget,
    /// The runtime refused the reference model (it ran concurrently, so this is rare).
    Model(String),
}

/// A model's module source, compared by identity.
#[derive(Clone)]
struct HeldSource(Arc<dyn ModuleSource>);

impl std::fmt::Debug for HeldSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HeldSource")
    }
}

/// Reference runs of one scenario, reused across checks of many schedules.
///
/// Pass the same cache to every [`crate::check`] of a scenario; it resets itself when
/// the model changes (script, requests, knobs).
#[derive(Debug, Default)]
pub struct ReferenceCache {
    fingerprint: Option<String>,
    /// The module source of the model the runs are of, held so that its address stays its
    /// own: a model with another source (other imported modules, same main) starts afresh.
    source: Option<HeldSource>,
    classes: Vec<usize>,
    /// Serial runs made: each one's class sequence and each position's outcome. One run
    /// answers every prefix of its sequence; the first run made that has it answers.
    /// (Keying every prefix apart held n²/2 classes for a run of n requests: 10,000
    /// requests took gigabytes.)
    serial: Vec<(Vec<usize>, Vec<Option<Observation>>)>,
    /// Class sequence of a group → mask by request class.
    serial_masks: BTreeMap<Vec<usize>, BTreeMap<usize, Mask>>,
    fresh: Option<FreshReference>,
    /// Fresh isolates one after another: class sequence → each position's outcome.
    fresh_serial: BTreeMap<Vec<usize>, Vec<Option<Observation>>>,
    simulations: usize,
    budget_left: usize,
}

impl ReferenceCache {
    /// An empty cache; the first check fills it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reference simulations run so far (for benchmarks and progress output).
    pub fn simulations(&self) -> usize {
        self.simulations
    }

    /// Prepares for one check: resets on a new model, sets the budget.
    pub(crate) fn begin(&mut self, model: &Model, budget: usize) {
        let fingerprint = fingerprint(model);
        let same_source = self.source.as_ref().is_some_and(|held| Arc::ptr_eq(&held.0, &model.source));
        if !same_source || self.fingerprint.as_deref() != Some(fingerprint.as_str()) {
            *self = Self {
                fingerprint: Some(fingerprint),
                source: Some(HeldSource(model.source.clone())),
                ..Self::default()
            };
            self.classes = (0..model.requests.len()).map(|i| request_class(model, i)).collect();
        }
        self.budget_left = budget;
    }

    fn key(&self, order: &[usize]) -> Vec<usize> {
        order.iter().map(|&i| self.classes.get(i).copied().unwrap_or(i)).collect()
    }

    fn run(&mut self, model: &Model, dispatch: Dispatch, variant: bool) -> Result<Run, ReferenceError> {
        if self.budget_left == 0 {
            return Err(ReferenceError::Budget);
        }
        self.budget_left -= 1;
        self.simulations += 1;
        let mut reference = model.clone();
        reference.dispatch = dispatch;
        // A reference run is the run without injected faults: what the code does when
        // nothing is evicted (R18).
        reference.faults = crosstalk_runtime::Faults::default();
        if variant {
            reference.epoch_ms = reference.epoch_ms.saturating_add(VARIANT_EPOCH_SHIFT_MS);
        }
        let runner = RUNNER.get().copied().unwrap_or(simulate_reference);
        runner(&reference, variant).map_err(ReferenceError::Model)
    }

    /// The outcome of the last request of `prefix` when `prefix` runs serially. On a miss
    /// runs `prefix` followed by `extension` (a guess at the rest of the order) and caches
    /// every prefix of that run.
    pub(crate) fn serial_last(
        &mut self,
        model: &Model,
        prefix: &[usize],
        extension: &[usize],
    ) -> Result<Observation, ReferenceError> {
        assert!(!prefix.is_empty(), "a prefix has a last request");
        let (run, _) = self.serial_run(model, prefix, extension)?;
        self.serial[run].1[prefix.len() - 1]
            .clone()
            .ok_or_else(|| ReferenceError::Model("a serial reference run lost a request".into()))
    }

    /// The serial run that answers `prefix` (its position in `serial`), made on a miss by
    /// running `prefix` followed by `extension`; and the prefix's classes.
    fn serial_run(
        &mut self,
        model: &Model,
        prefix: &[usize],
        extension: &[usize],
    ) -> Result<(usize, Vec<usize>), ReferenceError> {
        let key = self.key(prefix);
        if let Some(hit) = self.serial.iter().position(|(classes, _)| classes.starts_with(&key)) {
            return Ok((hit, key));
        }
        let order: Vec<usize> = prefix.iter().chain(extension).copied().collect();
        let run = self.run(model, Dispatch::Serial(order.clone()), false)?;
        let observed = Observed::new(&run);
        self.serial.push((self.key(&order), order.iter().map(|&i| observed.get(i)).collect()));
        Ok((self.serial.len() - 1, key))
    }

    /// Nondeterminism masks of the requests of `group` run serially in that order.
    pub(crate) fn serial_masks(
        &mut self,
        model: &Model,
        group: &[usize],
    ) -> Result<BTreeMap<usize, Mask>, ReferenceError> {
        // Keyed by request class, so another arrival order of the same requests hits.
        let key = self.key(group);
        if let Some(hit) = self.serial_masks.get(&key) {
            return Ok(group.iter().zip(&key).filter_map(|(&i, class)| Some((i, hit.get(class)?.clone()))).collect());
        }
        // Every prefix of the group is answered by one serial run of the whole group.
        let (run, _) = self.serial_run(model, group, &[])?;
        let mut first = BTreeMap::new();
        for (&i, observed) in group.iter().zip(&self.serial[run].1) {
            let observed = observed.clone();
            first.insert(
                i,
                observed.ok_or_else(|| ReferenceError::Model("a serial reference run lost a request".into()))?,
            );
        }
        let variant = self.run(model, Dispatch::Serial(group.to_vec()), true)?;
        let masks = masks_of(&first, &variant, group);
        let by_class = masks.iter().map(|(i, m)| (self.classes.get(*i).copied().unwrap_or(*i), m.clone())).collect();
        self.serial_masks.insert(key, by_class);
        Ok(masks)
    }

    /// Every request's outcome alone in a fresh isolate, and the masks.
    pub(crate) fn fresh(&mut self, model: &Model) -> Result<FreshReference, ReferenceError> {
        if let Some(hit) = &self.fresh {
            return Ok(hit.clone());
        }
        let all: Vec<usize> = (0..model.requests.len()).collect();
        let first_run = self.run(model, Dispatch::Fresh, false)?;
        let variant = self.run(model, Dispatch::Fresh, true)?;
        let observed = Observed::new(&first_run);
        let first: BTreeMap<usize, Observation> = all.iter().filter_map(|&i| observed.get(i).map(|o| (i, o))).collect();
        let masks = masks_of(&first, &variant, &all);
        self.fresh = Some((first, masks));
        self.fresh.clone().ok_or(ReferenceError::Budget)
    }

    /// Every request's outcome in a fresh isolate of its own, the requests one after
    /// another in `order` (spec indices), by spec index.
    pub(crate) fn fresh_serial(
        &mut self,
        model: &Model,
        order: &[usize],
    ) -> Result<BTreeMap<usize, Observation>, ReferenceError> {
        let key = self.key(order);
        if !self.fresh_serial.contains_key(&key) {
            let run = self.run(model, Dispatch::FreshSerial(order.to_vec()), false)?;
            let observer = Observed::new(&run);
            let observed = order.iter().map(|&i| observer.get(i)).collect();
            self.fresh_serial.insert(key.clone(), observed);
        }
        let observed = &self.fresh_serial[&key];
        debug_assert_eq!(observed.len(), order.len());
        Ok(order.iter().zip(observed).filter_map(|(&i, o)| Some((i, o.clone()?))).collect())
    }
}

/// The first request of the model that is interchangeable with request `i` in a serial
/// run: same method, URL, headers and body (arrival and routing do not matter there).
pub(crate) fn request_class(model: &Model, i: usize) -> usize {
    let Some(a) = model.requests.get(i) else { return i };
    model
        .requests
        .iter()
        .position(|b| a.url == b.url && a.method == b.method && a.headers == b.headers && a.body == b.body)
        .unwrap_or(i)
}

fn masks_of(first: &BTreeMap<usize, Observation>, variant: &Run, indices: &[usize]) -> BTreeMap<usize, Mask> {
    let variant = Observed::new(variant);
    indices
        .iter()
        .filter_map(|&i| {
            let mask = derive_mask(first.get(&i)?, &variant.get(i)?);
            (!mask.is_empty()).then_some((i, mask))
        })
        .collect()
}

/// Everything about a model that changes reference runs but the identity of its module
/// source (which [`ReferenceCache::begin`] compares itself): every field, listed by
/// destructuring so that a new field cannot be left out, but the dispatch and the faults,
/// which a reference run sets itself. Bindings and their initial data (KV entries, D1
/// migrations, R2 objects) are in, so two models that differ only there never share
/// reference runs.
fn fingerprint(model: &Model) -> String {
    let Model {
        name,
        syntax,
        source,
        requests,
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
        faults: _,
        workers,
        unsupported_bindings,
        epoch_ms,
        dispatch: _,
        provenance,
        node_globals,
        node_timers,
        node_process_v2,
        performance_classes,
        node_perf_hooks,
        process_env,
    } = model;
    let main = source.main().map(|m| format!("{}\n{}", m.name, m.source)).unwrap_or_default();
    // The service bindings' targets, each as a whole model.
    let workers: String = workers.iter().map(|w| format!("[{}]", fingerprint(w))).collect();
    format!(
        "{name}|{syntax:?}|{requests:?}|{origins:?}|{isolates}|{limits:?}|{profile:?}|{env:?}|{json_env:?}|{kv:?}|{d1:?}|{r2:?}\
         |{queues:?}|{services:?}|{durable_objects:?}|{assets:?}|{small_bindings:?}|{workflows:?}|{unsupported_bindings:?}|{epoch_ms}|{provenance}\
         |{node_globals}|{node_timers}|{node_process_v2}|{performance_classes}|{node_perf_hooks}|{process_env}\
         |{workers}|{main}"
    )
}

#[cfg(test)]
mod tests {
    use super::{ReferenceCache, fingerprint};
    use crosstalk_runtime::{D1Spec, KvSpec, MemorySource, Model, MsRange, SqlFile, Syntax};

    #[test]
    fn models_that_differ_only_in_their_bindings_data_never_share_reference_runs() {
        let base = Model::module("worker.mjs", "export default { fetch() { return new Response('x') } }");
        let mut kv = base.clone();
        kv.kv.push(KvSpec { binding: "K".into(), latency: MsRange::fixed(0), data: [("a".into(), "1".into())].into() });
        let mut kv2 = kv.clone();
        kv2.kv[0].data.insert("a".into(), "2".into());
        let mut d1 = base.clone();
        let schema = |text: &str| vec![SqlFile { name: "s.sql".into(), text: text.into() }];
        d1.d1.push(D1Spec {
            binding: "DB".into(),
            latency: MsRange::fixed(0),
            migrations: schema("CREATE TABLE a (x);"),
        });
        let mut d1b = d1.clone();
        d1b.d1[0].migrations = schema("CREATE TABLE b (x);");
        let prints: Vec<String> = [&base, &kv, &kv2, &d1, &d1b].iter().map(|m| fingerprint(m)).collect();
        for (i, a) in prints.iter().enumerate() {
            for b in &prints[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(fingerprint(&d1), fingerprint(&d1.clone()));
    }

    #[test]
    fn models_that_differ_only_in_a_compatibility_switch_never_share_reference_runs() {
        let base = Model::module("worker.mjs", "export default { fetch() { return new Response('x') } }");
        let mut timers = base.clone();
        timers.node_timers = !base.node_timers;
        let mut process = base.clone();
        process.node_process_v2 = !base.node_process_v2;
        let mut globals = base.clone();
        globals.node_globals = !base.node_globals;
        let prints: Vec<String> = [&base, &timers, &process, &globals].iter().map(|m| fingerprint(m)).collect();
        for (i, a) in prints.iter().enumerate() {
            for b in &prints[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn a_model_whose_imported_modules_differ_starts_a_fresh_cache() {
        let source = |x: &str| {
            MemorySource::single(
                "worker.mjs",
                "import { x } from './lib.mjs'; export default { fetch() { return new Response(x) } }",
            )
            .with("lib.mjs", &format!("export const x = '{x}';"))
        };
        let a = Model::new("m", Syntax::Module, source("a")).with_requests("https://w.example/", MsRange::fixed(0), 2);
        let b = Model::new("m", Syntax::Module, source("b")).with_requests("https://w.example/", MsRange::fixed(0), 2);
        let mut cache = ReferenceCache::new();
        cache.begin(&a, 1);
        cache.simulations = 7;
        // The same model again (a clone shares its source): the cache is kept.
        cache.begin(&a.clone(), 1);
        assert_eq!(cache.simulations, 7);
        // Same main module, another lib.mjs: everything cached is dropped.
        cache.begin(&b, 1);
        assert_eq!(cache.simulations, 0);
    }
}
