//! `Scenario`: a loaded, validated scenario folder, and the runtime [`Model`]s built
//! from it. Plain data; building a model never reads anything but the scenario's files.

use crosstalk_runtime::{
    CompatibilityDate, KvSpec, Limits, Model, MsRange, OriginSpec, Profile, ProfileName, RequestSpec, Syntax,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::schedule::Schedule;
use crate::source::FsSource;

/// A scenario folder after loading (INTERFACES.md "Scenario files").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// `name`, or the folder's name when the file has none.
    pub name: String,
    /// `description`: free text for reports; `None` when the file has none.
    pub description: Option<String>,
    /// The scenario folder (holding `scenario.toml`).
    pub dir: PathBuf,
    /// The main script, relative to [`Scenario::module_root`].
    pub script: String,
    /// How the main script runs: `syntax`, else what its extension says.
    pub syntax: Syntax,
    /// The requests after `count` expansion, in file order. Schedules index into this.
    pub requests: Vec<RequestSpec>,
    /// `[[origin]]`, in file order: the first that matches answers.
    pub origins: Vec<OriginSpec>,
    /// `[runtime]`, over the project's compatibility date and flags.
    pub runtime: RuntimeKnobs,
    /// Plain-text bindings: wrangler `vars`, overridden by `.dev.vars` secrets, overridden
    /// by `[env]`.
    pub env: BTreeMap<String, String>,
    /// The names in `env` that are wrangler `vars` of a JSON value other than a string
    /// (not overridden by a secret or by `[env]`): `env.NAME` is that value, parsed.
    #[serde(default)]
    pub json_env: std::collections::BTreeSet<String>,
    /// The wrangler project's static assets (`[assets]`), read when the scenario loads.
    #[serde(skip)]
    pub assets: Option<std::sync::Arc<crosstalk_runtime::assets::AssetsSpec>>,
    /// The wrangler project's rate limiters, Analytics Engine datasets, version metadata,
    /// email senders and Hyperdrive configurations.
    #[serde(default)]
    pub small_bindings: Vec<crosstalk_runtime::SmallBinding>,
    /// The wrangler project's Workflow bindings to its own classes.
    #[serde(default)]
    pub workflows: Vec<crosstalk_runtime::WorkflowSpec>,
    /// KV namespaces: their initial entries and latencies, which the model's KV bindings start from.
    pub kv: Vec<KvNamespace>,
    /// D1 databases, their migrations read.
    #[serde(default)]
    pub d1: Vec<crosstalk_runtime::D1Spec>,
    /// R2 buckets, with their initial objects.
    #[serde(default)]
    pub r2: Vec<crosstalk_runtime::R2Spec>,
    /// Queue producers.
    #[serde(default)]
    pub queues: Vec<crosstalk_runtime::QueueProducerSpec>,
    /// Durable Object namespaces, each to a class the worker exports.
    #[serde(default)]
    pub durable_objects: Vec<crosstalk_runtime::DurableObjectSpec>,
    /// `[faults]`: faults the explorer may inject.
    #[serde(default)]
    pub faults: crosstalk_runtime::Faults,
    /// wrangler's `define`, applied to every module.
    #[serde(default)]
    pub define: Vec<(String, String)>,
    /// wrangler's custom module `rules`.
    #[serde(default)]
    pub module_rules: Vec<crate::project::ModuleRuleSpec>,
    /// `[expect]`: the verdict the scenario must produce.
    pub expect: Expect,
    /// The wrangler project of `worker = …`, if the scenario names one.
    #[serde(default)]
    pub project: Option<WorkerProject>,
    /// Bindings of the project crosstalk does not model: name → wrangler key
    /// (`ai`, `vectorize`, …). Present on `env`; every use throws. Warn
    /// about them once.
    #[serde(default)]
    pub unsupported_bindings: BTreeMap<String, String>,
    /// Service bindings of this worker (`services` in its wrangler config, `[[service]]`
    /// with a `binding`).
    #[serde(default)]
    pub services: Vec<crosstalk_runtime::ServiceSpec>,
    /// The scenario's other workers (`[[service]]`), each loaded as a scenario of its
    /// own with no requests; `name` is its service name. Empty in those workers.
    #[serde(default)]
    pub workers: Vec<Scenario>,
}

/// Where a `worker = …` scenario's code comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerProject {
    /// The wrangler file (`…/wrangler.toml`).
    pub config: PathBuf,
    /// Its folder: module names and `node_modules` lookups are relative to it.
    pub root: PathBuf,
}

/// `[runtime]`: the profile and the R11 limits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuntimeKnobs {
    /// The runtime modelled (default `production-2022`).
    pub profile: ProfileName,
    /// `compatibility_date`, else the project's; `None` when neither gives one.
    pub compatibility_date: Option<CompatibilityDate>,
    /// `compatibility_flags`, else the project's (replaced, not merged).
    pub compatibility_flags: Vec<String>,
    /// Isolates requests are routed to (default 1).
    pub isolates: u32,
    /// The R9 and R11 limits: subrequests, `waitUntil` grace, CPU, stack, memory, run length.
    pub limits: Limits,
    /// Where virtual time begins, in milliseconds since the Unix epoch (`[runtime]
    /// start_time`; default 2024-01-01T00:00:00Z).
    #[serde(default = "default_start_time_ms")]
    pub start_time_ms: i64,
}

fn default_start_time_ms() -> i64 {
    crosstalk_runtime::DEFAULT_EPOCH_MS
}

impl Default for RuntimeKnobs {
    fn default() -> Self {
        Self {
            profile: ProfileName::default(),
            compatibility_date: None,
            compatibility_flags: Vec::new(),
            isolates: 1,
            limits: Limits::default(),
            start_time_ms: crosstalk_runtime::DEFAULT_EPOCH_MS,
        }
    }
}

/// One `[[kv]]` binding: its name, per-operation latency and initial contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvNamespace {
    /// The name on `env`.
    pub binding: String,
    /// Per operation, in ms; the schedule draws a value from it.
    pub latency: MsRange,
    /// Initial contents, key to value.
    pub data: BTreeMap<String, String>,
}

/// `[expect]`: the verdict the scenario must produce.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expect {
    /// Violation kinds that must occur; `Some(vec![])` means "must be clean", `None`
    /// means the file says nothing.
    pub violations: Option<Vec<String>>,
    /// Per-kind severity overrides: checker kind names to `error`, `warning` or `info`
    /// (validated by the loader).
    pub severity: BTreeMap<String, String>,
}

impl Scenario {
    /// The folder module names (and so trace locations such as `src/index.js:3:7`) are
    /// relative to: the project's folder for `worker = …`, else the scenario folder.
    ///
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/blocker");
    /// let scenario = crosstalk_scenario::load(path).unwrap();
    /// assert_eq!(scenario.module_root(), scenario.dir.as_path());
    /// ```
    pub fn module_root(&self) -> &Path {
        self.project.as_ref().map_or(self.dir.as_path(), |p| p.root.as_path())
    }

    /// The module source of this scenario's code, as the runtime reads it.
    pub fn source(&self) -> FsSource {
        FsSource::new(self.module_root(), &self.script)
            .with_compatibility(self.runtime.compatibility_date, &self.runtime.compatibility_flags)
            .with_define(self.define.clone())
            .with_wrangler_build(self.project.is_some())
            .with_rules(&self.module_rules)
    }

    /// The model of the whole scenario: every request, the scenario's profile unless
    /// `profile_override` names another.
    ///
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/blocker");
    /// let scenario = crosstalk_scenario::load(path).unwrap();
    /// let model = scenario.model(None);
    /// assert_eq!(model.requests.len(), 10);
    /// ```
    pub fn model(&self, profile_override: Option<ProfileName>) -> Model {
        let mut model = Model::new(&self.name, self.syntax, self.source());
        model.requests = self.requests.clone();
        model.origins = self.origins.clone();
        model.isolates = self.runtime.isolates.max(1);
        model.limits = self.runtime.limits.clone();
        model.profile = Profile::new(
            profile_override.unwrap_or(self.runtime.profile),
            self.runtime.compatibility_date,
            self.runtime.compatibility_flags.clone(),
        );
        model.env = self.env.clone();
        model.json_env = self.json_env.clone();
        model.small_bindings = self.small_bindings.clone();
        model.workflows = self.workflows.clone();
        model.assets = self.assets.as_ref().map(|assets| {
            // assets_navigation_prefers_asset_serving: the default from 2025-04-01.
            let flags = &self.runtime.compatibility_flags;
            let by_date = self.runtime.compatibility_date.is_some_and(|d| d >= CompatibilityDate::ymd(2025, 4, 1));
            let prefers = flags.iter().any(|f| f == "assets_navigation_prefers_asset_serving")
                || (by_date && !flags.iter().any(|f| f == "assets_navigation_has_no_effect"));
            if assets.navigation_prefers_assets == prefers {
                assets.clone()
            } else {
                std::sync::Arc::new(crosstalk_runtime::assets::AssetsSpec {
                    navigation_prefers_assets: prefers,
                    ..(**assets).clone()
                })
            }
        });
        model.kv = self
            .kv
            .iter()
            .map(|k| KvSpec { binding: k.binding.clone(), latency: k.latency, data: k.data.clone() })
            .collect();
        model.d1 = self.d1.clone();
        model.r2 = self.r2.clone();
        model.queues = self.queues.clone();
        model.durable_objects = self.durable_objects.clone();
        model.faults = self.faults.clone();
        model.services = self.services.clone();
        model.workers = self.workers.iter().map(|w| w.model(profile_override)).collect();
        model.unsupported_bindings = self.unsupported_bindings.clone();
        model.epoch_ms = self.runtime.start_time_ms;
        model.node_globals = self.node_globals();
        model.node_timers = self.node_timers();
        let settings = crosstalk_runtime::node_modules::NodeSettings {
            date: self.runtime.compatibility_date,
            flags: &self.runtime.compatibility_flags,
        };
        use crosstalk_runtime::node_modules::{GLOBAL_PERFORMANCE_CLASSES, PERF_HOOKS, PROCESS_V2};
        model.node_process_v2 = settings.opens(&PROCESS_V2);
        model.node_perf_hooks = settings.opens(&PERF_HOOKS);
        model.performance_classes = model.node_perf_hooks || settings.opens(&GLOBAL_PERFORMANCE_CLASSES);
        model.process_env = self.populates_process_env();
        model
    }

    /// Whether `process.env` holds the text bindings: workerd's
    /// `nodejs_compat_populate_process_env`, on by default from 2025-04-01 (checked on
    /// workerd 1.20261117 with `nodejs_compat`: empty at 2025-03-31, filled at 2025-04-01),
    /// or set by its flag. Without a compatibility date, as the newest date does.
    fn populates_process_env(&self) -> bool {
        let flags = &self.runtime.compatibility_flags;
        let has = |flag: &str| flags.iter().any(|f| f == flag);
        let dated =
            self.runtime.compatibility_date.is_none_or(|d| d >= crosstalk_runtime::CompatibilityDate::ymd(2025, 4, 1));
        (dated || has("nodejs_compat_populate_process_env")) && !has("nodejs_compat_do_not_populate_process_env")
    }

    /// Whether workerd would install the `Buffer` and `process` globals: `nodejs_compat_v2`,
    /// or `nodejs_compat` from 2024-09-23 (when v2 became its default), or no flag at all
    /// from 2026-08-04; `no_nodejs_compat_v2` turns them off.
    fn node_globals(&self) -> bool {
        let flags = &self.runtime.compatibility_flags;
        let has = |flag: &str| flags.iter().any(|f| f == flag);
        let date = self.runtime.compatibility_date;
        let from = |d: crosstalk_runtime::CompatibilityDate| date.is_some_and(|date| date >= d);
        let v2 = has("nodejs_compat_v2")
            || (has("nodejs_compat") && from(crosstalk_runtime::CompatibilityDate::ymd(2024, 9, 23)))
            || from(crate::NODEJS_COMPAT_DEFAULT_DATE);
        v2 && !has("no_nodejs_compat_v2")
    }

    /// Whether the global timers are `node:timers`' (workerd's `enable_nodejs_global_timers`,
    /// implied by `nodejs_compat` from 2026-02-10; `no_nodejs_global_timers` turns it off).
    /// `nodejs_compat` is on by default from 2026-08-04.
    fn node_timers(&self) -> bool {
        let flags = &self.runtime.compatibility_flags;
        let has = |flag: &str| flags.iter().any(|f| f == flag);
        let date = self.runtime.compatibility_date;
        let from = |d: crosstalk_runtime::CompatibilityDate| date.is_some_and(|date| date >= d);
        let node = has("nodejs_compat") || has("nodejs_compat_v2") || from(crate::NODEJS_COMPAT_DEFAULT_DATE);
        let on = has("enable_nodejs_global_timers") || from(crosstalk_runtime::CompatibilityDate::ymd(2026, 2, 10));
        node && on && !has("no_nodejs_global_timers")
    }

    /// The model a schedule runs: only the requests the schedule sends, in its order
    /// (request `i` of the model is `schedule.requests[i]`). Indices past the scenario's
    /// requests are skipped, so a hand-edited schedule never panics; replay such a
    /// schedule through [`Schedule::normalized`] (as [`Schedule::replay`] does) so that
    /// positions still line up, and [`Schedule::check`] reports them.
    pub fn model_for(&self, schedule: &Schedule, profile_override: Option<ProfileName>) -> Model {
        let mut model = self.model(profile_override);
        model.requests = schedule.requests.iter().filter_map(|r| self.requests.get(r.index).cloned()).collect();
        model
    }

    /// Like [`Scenario::model_for`], sharing one module source between many models so
    /// that scripts are read once per campaign.
    pub(crate) fn model_with_source(&self, base: &Model, schedule: &Schedule) -> Model {
        let mut model = base.clone(); // shares the source (an `Arc`) and its file cache
        model.requests = schedule.requests.iter().filter_map(|r| self.requests.get(r.index).cloned()).collect();
        model
    }
}
