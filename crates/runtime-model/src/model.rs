//! The input of a simulation: what the worker is, what traffic arrives, which knobs apply.
//!
//! This is plain data, built by the scenario crate (or by hand in tests). The runtime
//! never reads files: scripts and modules arrive through a [`ModuleSource`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::profile::Profile;

/// An inclusive range of virtual milliseconds; `min == max` is a fixed value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MsRange {
    /// The low end, in virtual ms.
    pub min: u64,
    /// The high end, in virtual ms (included).
    pub max: u64,
}

impl MsRange {
    /// A fixed duration.
    pub const fn fixed(ms: u64) -> Self {
        Self { min: ms, max: ms }
    }

    /// A range of durations.
    pub const fn new_range(min: u64, max: u64) -> Self {
        Self { min, max }
    }

    /// Clamps `value` into the range (used when a replayed schedule is out of bounds).
    pub fn clamp(self, value: u64) -> u64 {
        value.clamp(self.min, self.max)
    }

    /// Whether the range leaves the schedule no choice (`min == max`).
    pub fn is_fixed(self) -> bool {
        self.min == self.max
    }
}

impl fmt::Display for MsRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_fixed() { write!(f, "{}ms", self.min) } else { write!(f, "{}ms..{}ms", self.min, self.max) }
    }
}

/// Which of the two Workers script syntaxes the main script uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    /// `addEventListener('fetch', …)`, evaluated as a classic script.
    ServiceWorker,
    /// `export default { fetch(request, env, ctx) }`, evaluated as an ES module.
    Module,
}

/// A module the [`ModuleSource`] resolved: its canonical name (used in stack traces and
/// trace locations) and its text.
#[derive(Clone, Debug)]
pub struct ResolvedModule {
    /// The canonical name (a path under the module root, or a built-in's specifier); the
    /// isolate loads each name once.
    pub name: String,
    /// The JavaScript the engine runs (for a TypeScript module, the transpiled text).
    pub source: Arc<str>,
    /// JSON modules are wrapped as `export default <json>`.
    pub json: bool,
    /// For a module compiled from another language (TypeScript, JSX): the map from
    /// positions in `source` back to the file the user wrote, which every location in
    /// traces, reports and stacks is given in.
    pub positions: Option<Arc<dyn PositionMap>>,
}

impl ResolvedModule {
    /// A JavaScript module run as written.
    pub fn javascript(name: impl Into<String>, source: Arc<str>) -> Self {
        let name = name.into();
        Self { json: name.ends_with(".json"), name, source, positions: None }
    }
}

/// Maps a 1-based (line, column) of a compiled module's JavaScript back to its source.
pub trait PositionMap: Send + Sync + std::fmt::Debug {
    /// The 1-based (line, column) in the file the user wrote for a (line, column) of
    /// `source`.
    fn original(&self, line: u32, column: u32) -> (u32, u32);
}

/// Resolves and reads scripts and modules for the runtime. Implemented by the scenario
/// crate over the file system; [`MemorySource`] serves tests.
pub trait ModuleSource: Send + Sync {
    /// The main script or module.
    fn main(&self) -> Result<ResolvedModule, String>;
    /// Resolves `specifier` imported from the module named `referrer`.
    fn resolve(&self, referrer: &str, specifier: &str) -> Result<ResolvedModule, String>;
}

/// An in-memory [`ModuleSource`]: a map from module name to text, with relative imports
/// (`./x.mjs`, `../y.js`) resolved against the importing module's folder.
#[derive(Clone, Debug, Default)]
pub struct MemorySource {
    /// The name of the main module, a key of `files`.
    pub main: String,
    /// Module name (a `/`-separated path) → text.
    pub files: BTreeMap<String, Arc<str>>,
}

impl MemorySource {
    /// A source holding a single main script named `name`.
    pub fn single(name: &str, text: &str) -> Self {
        let mut files = BTreeMap::new();
        files.insert(name.to_string(), Arc::from(text));
        Self { main: name.to_string(), files }
    }

    /// Adds another module.
    pub fn with(mut self, name: &str, text: &str) -> Self {
        self.files.insert(name.to_string(), Arc::from(text));
        self
    }
}

/// Joins a relative specifier onto the folder of `referrer`, normalising `.` and `..`.
pub fn join_relative(referrer: &str, specifier: &str) -> String {
    let mut parts: Vec<&str> = referrer.split('/').collect();
    parts.pop();
    for segment in specifier.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

impl ModuleSource for MemorySource {
    fn main(&self) -> Result<ResolvedModule, String> {
        self.resolve("", &format!("./{}", self.main))
    }

    fn resolve(&self, referrer: &str, specifier: &str) -> Result<ResolvedModule, String> {
        if let Some(source) = crate::host::builtin_module(specifier) {
            return Ok(ResolvedModule {
                name: specifier.to_string(),
                source: Arc::from(source),
                json: false,
                positions: None,
            });
        }
        if !(specifier.starts_with("./") || specifier.starts_with("../")) {
            return Err(format!("cannot resolve '{specifier}': only relative imports are available here"));
        }
        let name = join_relative(referrer, specifier);
        let source = self
            .files
            .get(&name)
            .ok_or_else(|| format!("cannot find module '{specifier}' imported from '{referrer}'"))?;
        Ok(ResolvedModule::javascript(name, source.clone()))
    }
}

/// What an incoming event delivers: an HTTP request to `fetch`, a cron trigger to
/// `scheduled`, or a batch of queue messages to `queue`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventSpec {
    #[default]
    /// An HTTP request to the `fetch` handler or listeners.
    Fetch,
    /// A cron trigger (`[[scheduled]]`): the request's `url` is the cron expression.
    Scheduled {
        /// The cron expression the handler reads as `controller.cron` (`event.cron`).
        cron: String,
    },
    /// A message batch (`[[queue_batch]]`): the request's `url` is the queue's name.
    Queue {
        /// The batch's messages, in the order `batch.messages` lists them.
        messages: Vec<QueueMessageSpec>,
    },
    /// An RPC call through a service binding (`env.AUTH.method(…)`): made by the run, never
    /// by a scenario. `args` is the arguments' structured-clone serialisation (JSON text of
    /// `web/clone.js`'s `serialize`).
    Rpc {
        /// The name of the method called on the target.
        method: String,
        /// The serialised arguments, decoded in the target's isolate.
        args: String,
    },
    /// A Durable Object's alarm (`ctx.storage.setAlarm`): made by the run, never by a
    /// scenario. `retry_count` is how many times it failed before (R17).
    Alarm {
        /// The handler's `retryCount`: 0 on a first run.
        retry_count: u32,
    },
    /// A client's message or close reaching a Durable Object's hibernatable WebSocket
    /// (R21): made by the run, never by a scenario; the object's `webSocketMessage` or
    /// `webSocketClose` handler runs.
    WebSocket {
        /// The socket's pair.
        pair: u32,
        /// The object's end of it.
        end: u8,
        /// `message` or `close`.
        event: String,
        /// The message (for `message`).
        data: Option<crate::websocket::Frame>,
        /// The close code (for `close`).
        code: u16,
        /// The close reason (for `close`).
        reason: String,
    },
    /// A Workflow instance's run (`env.WF.create()`): made by the run, never by a
    /// scenario; the class's `run(event, step)` is called.
    Workflow {
        /// The Workflow binding that created it.
        binding: String,
        /// The `WorkflowEntrypoint` class it runs.
        class: String,
        /// The instance's id.
        instance: String,
        /// Its `params`, serialised (`web/clone.js`'s `serialize`).
        payload: String,
    },
}

/// One message of a delivered batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueMessageSpec {
    /// `message.id`: the scenario's, or `msg-N` when it names none.
    pub id: String,
    /// The message body, as JSON text (what `send()` would have serialised).
    pub body: String,
    /// Delivery attempts so far, this one included (1 for a first delivery).
    pub attempts: u32,
}

/// The `request.cf` of an incoming request when the scenario sets none of its fields:
/// what Cloudflare's edge tells a worker about the client and the connection, with fixed
/// values (a client in San Francisco on HTTP/1.1 over TLS 1.3). Each value has the type
/// production gives it (`latitude` is a string, `asn` a number).
pub const DEFAULT_CF: &[(&str, DefaultCfValue)] = &[
    ("asn", DefaultCfValue::Number(13335.0)),
    ("asOrganization", DefaultCfValue::Text("Cloudflare")),
    ("clientAcceptEncoding", DefaultCfValue::Text("gzip, deflate, br")),
    ("clientTcpRtt", DefaultCfValue::Number(10.0)),
    ("colo", DefaultCfValue::Text("SFO")),
    ("continent", DefaultCfValue::Text("NA")),
    ("country", DefaultCfValue::Text("US")),
    ("city", DefaultCfValue::Text("San Francisco")),
    ("edgeRequestKeepAliveStatus", DefaultCfValue::Number(1.0)),
    ("httpProtocol", DefaultCfValue::Text("HTTP/1.1")),
    ("latitude", DefaultCfValue::Text("37.78034")),
    ("longitude", DefaultCfValue::Text("-122.39059")),
    ("metroCode", DefaultCfValue::Text("807")),
    ("postalCode", DefaultCfValue::Text("94107")),
    ("region", DefaultCfValue::Text("California")),
    ("regionCode", DefaultCfValue::Text("CA")),
    ("requestPriority", DefaultCfValue::Text("")),
    ("timezone", DefaultCfValue::Text("America/Los_Angeles")),
    ("tlsCipher", DefaultCfValue::Text("AEAD-AES128-GCM-SHA256")),
    ("tlsVersion", DefaultCfValue::Text("TLSv1.3")),
];

/// A value of [`DEFAULT_CF`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultCfValue {
    /// A JavaScript string.
    Text(&'static str),
    /// A number; those of [`DEFAULT_CF`] are whole and are written as integers.
    Number(f64),
}

/// [`DEFAULT_CF`] as JSON fields.
pub(crate) fn default_cf() -> serde_json::Map<String, serde_json::Value> {
    DEFAULT_CF
        .iter()
        .map(|(name, value)| {
            let value = match value {
                DefaultCfValue::Text(text) => serde_json::Value::from(*text),
                DefaultCfValue::Number(n) => serde_json::Value::from(*n as i64),
            };
            ((*name).to_string(), value)
        })
        .collect()
}

/// One incoming request (or other event) of the scenario (after `count` expansion).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestSpec {
    /// The URL; for a `scheduled` event its cron expression, for a `queue` event the queue.
    pub url: String,
    /// The HTTP method; for other events a marker (`scheduled`, `queue`, `RPC`, `ALARM`).
    pub method: String,
    /// Request headers as (name, value) pairs; none for other events.
    pub headers: Vec<(String, String)>,
    /// The request body as text; `None` for a request without one.
    pub body: Option<String>,
    /// When the request arrives; the schedule picks a value in the range.
    pub arrival: MsRange,
    /// A fixed isolate, or `None` to let the schedule route it.
    pub isolate: Option<u32>,
    /// Which handler the event goes to.
    #[serde(default)]
    pub event: EventSpec,
    /// Fields of `request.cf` the scenario sets, over [`DEFAULT_CF`]'s (an
    /// incoming HTTP request's; a service binding's request has no `cf`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cf: BTreeMap<String, serde_json::Value>,
    /// The request opens a WebSocket: what its client sends once the worker's 101
    /// response arrives (R21). `None` for a plain HTTP request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websocket: Option<crate::websocket::WebSocketClientSpec>,
}

impl RequestSpec {
    /// A GET of `url` arriving at `at_ms`.
    pub fn get(url: &str, at_ms: u64) -> Self {
        Self {
            url: url.to_string(),
            method: "GET".to_string(),
            headers: Vec::new(),
            body: None,
            arrival: MsRange::fixed(at_ms),
            isolate: None,
            event: EventSpec::Fetch,
            cf: BTreeMap::new(),
            websocket: None,
        }
    }

    /// A cron trigger arriving at `at_ms` (`scheduled` handler).
    pub fn scheduled(cron: &str, at_ms: u64) -> Self {
        Self {
            url: cron.to_string(),
            method: "scheduled".to_string(),
            headers: Vec::new(),
            body: None,
            arrival: MsRange::fixed(at_ms),
            isolate: None,
            event: EventSpec::Scheduled { cron: cron.to_string() },
            cf: BTreeMap::new(),
            websocket: None,
        }
    }

    /// A batch of `messages` of `queue` arriving at `at_ms` (`queue` handler).
    pub fn queue(queue: &str, messages: Vec<QueueMessageSpec>, at_ms: u64) -> Self {
        Self {
            url: queue.to_string(),
            method: "queue".to_string(),
            headers: Vec::new(),
            body: None,
            arrival: MsRange::fixed(at_ms),
            isolate: None,
            event: EventSpec::Queue { messages },
            cf: BTreeMap::new(),
            websocket: None,
        }
    }

    /// Whether this is an HTTP request (the `fetch` handler's).
    pub fn is_fetch(&self) -> bool {
        self.event == EventSpec::Fetch
    }
}

/// What an origin answers to a subrequest or a pass-through (R9).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OriginSpec {
    /// A URL pattern; a trailing `*` matches any suffix.
    pub url: String,
    /// Time to headers.
    pub latency: MsRange,
    /// The response status.
    pub status: u16,
    /// Response headers as (name, value) pairs.
    pub headers: Vec<(String, String)>,
    /// The whole response body as text, split across the chunks.
    pub body: String,
    /// The body arrives in this many chunks, `chunk_interval` apart, after the headers.
    pub body_chunks: u32,
    /// The wait before each chunk, drawn by the schedule for every chunk.
    pub chunk_interval: MsRange,
}

impl OriginSpec {
    /// Whether this origin answers `url`.
    pub fn matches(&self, url: &str) -> bool {
        match self.url.strip_suffix('*') {
            Some(prefix) => url.starts_with(prefix),
            None => url == self.url,
        }
    }
}

/// A queue producer binding (`[[queue_producer]]`, or wrangler's `queues.producers`):
/// `env.<binding>.send()` / `sendBatch()` put messages on `queue`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueProducerSpec {
    /// The name the worker uses: `env.<binding>`.
    pub binding: String,
    /// The queue the messages join; nothing in a run consumes them.
    pub queue: String,
    /// Latency of every `send`/`sendBatch`, drawn by the schedule.
    pub latency: MsRange,
}

/// A service binding (`[[service]]`, or wrangler's `services`): `env.<binding>` sends
/// requests and RPC calls to another worker of the scenario, the [`Model`] in
/// [`Model::workers`] whose name is `service`, in an isolate of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSpec {
    /// The name the worker uses: `env.<binding>`.
    pub binding: String,
    /// The target worker's name.
    pub service: String,
    /// A named export of the target (a `WorkerEntrypoint` class) instead of its default.
    pub entrypoint: Option<String>,
}

/// A KV namespace binding (`[[kv]]`): `env.<binding>` in module syntax, a global in
/// service-worker syntax.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KvSpec {
    /// The name the worker uses: `env.<binding>`, or a global in service-worker syntax.
    pub binding: String,
    /// Latency of every operation, drawn by the schedule.
    pub latency: MsRange,
    /// Initial contents.
    pub data: BTreeMap<String, String>,
}

/// The limits of R11, with the production defaults. Units are last in every name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Subrequests one request may have open at once; further `fetch()` calls wait in
    /// FIFO order (R9, default 6).
    pub subrequest_concurrency: u32,
    /// Subrequests (`fetch()` and service binding calls) one request may make in all;
    /// the next rejects with `Too many subrequests.` (R9, default 50).
    pub subrequests_per_request: u32,
    /// How long unsettled `waitUntil` promises keep a request alive after its true
    /// ResponseTime before its remaining work is dropped (R6, default 30 000 ms).
    pub wait_until_grace_ms: u64,
    /// Loop iterations one loop may run in one task before the task is stopped (R11).
    pub cpu_loop_iterations_max: u64,
    /// Microtasks one drain may run before the running request is stopped (R11).
    pub cpu_jobs_per_task_max: u64,
    /// Function calls one task may make before the running request is stopped (R11):
    /// recursion and call-heavy code have no loop for the iteration budget to count.
    pub cpu_work_per_task_max: u64,
    /// Nested JS calls before a RangeError (R11 `max_stack_depth`).
    pub stack_depth_max: usize,
    /// Memory one isolate may hold (R11; Workers' 128 MB): past it, the running request
    /// is stopped with workerd's "Worker has exceeded memory limit.".
    pub memory_per_isolate_bytes_max: u64,
    /// Virtual time after which the run stops and requests still waiting are cancelled
    /// (a worker polling with `setInterval` forever must not hang the harness).
    pub run_virtual_ms_max: u64,
    /// Tasks after which the run stops the same way.
    pub run_tasks_max: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            subrequest_concurrency: 6,
            subrequests_per_request: 50,
            wait_until_grace_ms: 30_000,
            cpu_loop_iterations_max: 2_000_000,
            cpu_jobs_per_task_max: 1_000_000,
            cpu_work_per_task_max: 10_000_000,
            stack_depth_max: 10_000,
            memory_per_isolate_bytes_max: 128 * 1024 * 1024,
            run_virtual_ms_max: 3_600_000,
            run_tasks_max: 1_000_000,
        }
    }
}

/// Everything one simulation needs. Cheap to clone (sources are shared).
#[derive(Clone)]
pub struct Model {
    /// The worker's name: the scenario's, or, in `workers`, the service name bindings
    /// target.
    pub name: String,
    /// How the main script is evaluated and its handlers found.
    pub syntax: Syntax,
    /// Where the main script and every module it imports come from.
    pub source: Arc<dyn ModuleSource>,
    /// Incoming requests and events; a position here is a request's `index` (ids `rN`
    /// follow arrival order instead).
    pub requests: Vec<RequestSpec>,
    /// What subrequests and pass-throughs reach; the first origin that matches answers.
    pub origins: Vec<OriginSpec>,
    /// Isolates requests may be routed to (R1); 0 counts as 1.
    pub isolates: u32,
    /// The R11 limits and the harness's own run limits.
    pub limits: Limits,
    /// The runtime generation the run follows (R13).
    pub profile: Profile,
    /// Plain-text bindings (`env.NAME` in module syntax, globals in service-worker syntax).
    pub env: BTreeMap<String, String>,
    /// The names in `env` whose text is JSON to bind as its value (wrangler `vars` that
    /// are numbers, booleans, arrays or objects); `process.env` keeps the text.
    pub json_env: std::collections::BTreeSet<String>,
    /// KV namespace bindings.
    pub kv: Vec<KvSpec>,
    /// D1 database bindings.
    pub d1: Vec<crate::d1::D1Spec>,
    /// R2 bucket bindings.
    pub r2: Vec<crate::r2::R2Spec>,
    /// Queue producer bindings.
    pub queues: Vec<QueueProducerSpec>,
    /// Service bindings (targets are named in the top-level model's `workers`).
    pub services: Vec<ServiceSpec>,
    /// Durable Object namespace bindings, each to a class this worker exports.
    pub durable_objects: Vec<crate::durable_object::DurableObjectSpec>,
    /// The project's static assets (wrangler `[assets]`): what the router answers before
    /// the worker, and what `env.ASSETS` fetches.
    pub assets: Option<std::sync::Arc<crate::assets::AssetsSpec>>,
    /// The rate limiters, Analytics Engine datasets, version metadata, email senders and
    /// Hyperdrive configurations.
    pub small_bindings: Vec<SmallBinding>,
    /// The Workflow bindings to the worker's own classes.
    pub workflows: Vec<WorkflowSpec>,
    /// Faults the schedule may inject (top-level model only).
    pub faults: Faults,
    /// The scenario's other workers, the targets of service bindings (set on the
    /// top-level model only; each one's own requests, origins, limits and profile are
    /// ignored: the run's are the top-level model's). Each runs in an isolate of its own.
    pub workers: Vec<Model>,
    /// Bindings crosstalk does not model (name → wrangler type, e.g. `queues`):
    /// present on `env`, every use throws an error naming the binding.
    pub unsupported_bindings: BTreeMap<String, String>,
    /// Wall-clock value of virtual time 0, as `Date.now()` reports it.
    pub epoch_ms: i64,
    /// How requests are dispatched: as the schedule says, or one after another.
    pub dispatch: Dispatch,
    /// Promise provenance (ARCHITECTURE.md): on by default. Off only to measure its cost:
    /// hang reports then lack the promise's creator, and profile `workerd` treats waits
    /// on other requests' promises as production-2022 does.
    pub provenance: bool,
    /// The `Buffer` and `process` globals of `nodejs_compat_v2` (workerd installs them for
    /// `nodejs_compat` from compatibility date 2024-09-23, or with `nodejs_compat_v2`).
    pub node_globals: bool,
    /// workerd's `enable_nodejs_global_timers` (implied by `nodejs_compat` from
    /// 2026-02-10): the global `setTimeout`/`setInterval` are `node:timers`', returning
    /// `Timeout` objects.
    pub node_timers: bool,
    /// workerd's full `process` object ([`crate::node_modules::PROCESS_V2`], implied by
    /// `nodejs_compat` from 2025-09-15); else the legacy six-member object.
    pub node_process_v2: bool,
    /// The performance classes and the User Timing API on `performance`
    /// ([`crate::node_modules::GLOBAL_PERFORMANCE_CLASSES`] or
    /// [`crate::node_modules::PERF_HOOKS`]); else `performance` has `now` and `timeOrigin` only.
    pub performance_classes: bool,
    /// Node's members of `performance` (`nodeTiming`, `timerify`, …), with `node:perf_hooks`
    /// ([`crate::node_modules::PERF_HOOKS`]).
    pub node_perf_hooks: bool,
    /// `process.env` holds the text bindings (workerd's `nodejs_compat_populate_process_env`,
    /// the default from compatibility date 2025-04-01); else it is empty.
    pub process_env: bool,
}

/// Faults the explorer may inject (`[faults]`), each a schedule choice: off by default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faults {
    /// A Durable Object with no call in progress may be evicted (reset) between any two
    /// tasks: its instance and in-memory state are dropped, its storage kept, and the
    /// next call constructs it again (R18).
    #[serde(default)]
    pub durable_object_reset: bool,
    /// A Durable Object with an instance may be reset by a deploy between any two tasks,
    /// even while calls are running: the calls in progress fail with the code-update
    /// error (marked `durableObjectReset`), stubs that reached the old instance keep
    /// failing, writes not yet confirmed are lost, storage is kept, and the next call
    /// through a new stub constructs the object again (R20).
    #[serde(default)]
    pub durable_object_deploy: bool,
    /// A Workflow instance waiting only for its own sleep or retry timer may hibernate:
    /// when the timer is due, its run ends and a new run replays `run()` from the start,
    /// with the results of the steps already done (as the engine does after hibernation).
    #[serde(default)]
    pub workflow_hibernation: bool,
}

/// Concurrent dispatch is the normal mode; serial dispatch builds the reference runs of
/// the serializability and isolation oracles (the checker's `global-state-race`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dispatch {
    /// Requests arrive at their scheduled times and overlap freely.
    Concurrent,
    /// Requests (spec indices, in this order) arrive one at a time, each when the previous
    /// one has completed, all in isolate 0.
    Serial(Vec<usize>),
    /// Each request runs alone in a fresh isolate of its own.
    Fresh,
    /// Each request runs in a fresh isolate of its own, one at a time in this order (spec
    /// indices), each when the previous one has completed: the isolation oracle's
    /// reference when requests share durable state (storage, a Durable Object), whose
    /// outcome depends on the order the requests reached it.
    FreshSerial(Vec<usize>),
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("name", &self.name)
            .field("syntax", &self.syntax)
            .field("requests", &self.requests.len())
            .field("origins", &self.origins.len())
            .field("isolates", &self.isolates)
            .field("profile", &self.profile)
            .field("workers", &self.workers)
            .finish_non_exhaustive()
    }
}

/// The default epoch: 2024-01-01T00:00:00Z.
pub const DEFAULT_EPOCH_MS: i64 = 1_704_067_200_000;

impl Model {
    /// A model of one script with default knobs and no requests yet.
    pub fn new(name: &str, syntax: Syntax, source: impl ModuleSource + 'static) -> Self {
        Self {
            name: name.to_string(),
            syntax,
            source: Arc::new(source),
            requests: Vec::new(),
            origins: Vec::new(),
            isolates: 1,
            limits: Limits::default(),
            profile: Profile::default(),
            env: BTreeMap::new(),
            json_env: Default::default(),
            kv: Vec::new(),
            d1: Vec::new(),
            r2: Vec::new(),
            queues: Vec::new(),
            services: Vec::new(),
            durable_objects: Vec::new(),
            assets: None,
            small_bindings: Vec::new(),
            workflows: Vec::new(),
            faults: Faults::default(),
            workers: Vec::new(),
            unsupported_bindings: BTreeMap::new(),
            epoch_ms: DEFAULT_EPOCH_MS,
            dispatch: Dispatch::Concurrent,
            provenance: true,
            node_globals: false,
            node_timers: false,
            node_process_v2: true,
            performance_classes: true,
            node_perf_hooks: true,
            process_env: true,
        }
    }

    /// A service-worker script held in memory (handy in tests).
    pub fn service_worker(name: &str, text: &str) -> Self {
        Self::new(name, Syntax::ServiceWorker, MemorySource::single(name, text))
    }

    /// An ES-module worker held in memory.
    pub fn module(name: &str, text: &str) -> Self {
        Self::new(name, Syntax::Module, MemorySource::single(name, text))
    }

    /// Adds `count` GET requests of `url` arriving within `arrival`.
    pub fn with_requests(mut self, url: &str, arrival: MsRange, count: usize) -> Self {
        for _ in 0..count {
            let mut spec = RequestSpec::get(url, 0);
            spec.arrival = arrival;
            self.requests.push(spec);
        }
        self
    }
}

/// A Workflow binding (wrangler `workflows`): instances of the worker's own
/// `WorkflowEntrypoint` class.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowSpec {
    /// The binding's name (`env.MY_WORKFLOW`).
    pub binding: String,
    /// The Workflow's name.
    pub name: String,
    /// The class its instances run.
    pub class_name: String,
}

/// A binding whose whole behaviour is small enough to be data: the rate limiter, Analytics
/// Engine, version metadata, email sending and Hyperdrive (wrangler `ratelimits`,
/// `analytics_engine_datasets`, `version_metadata`, `send_email`, `hyperdrive`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SmallBinding {
    /// `env.NAME.limit({ key })`: at most `limit` calls per key in each fixed window of
    /// `period` seconds (10 or 60), counted when a call reaches the limiter.
    RateLimit {
        /// The binding's name.
        binding: String,
        /// The namespace: limiters of one namespace share their counts.
        namespace: String,
        /// Calls allowed per key and window.
        limit: u64,
        /// The window, in seconds.
        period: u64,
    },
    /// `env.NAME.writeDataPoint({ blobs, doubles, indexes })`, checked as workerd checks it.
    AnalyticsEngine {
        /// The binding's name.
        binding: String,
        /// The dataset written to.
        dataset: String,
    },
    /// `env.NAME`: `{ id, tag, timestamp }` of the deployed version.
    VersionMetadata {
        /// The binding's name.
        binding: String,
    },
    /// `env.NAME.send(message)` of an `EmailMessage` (cloudflare:email).
    SendEmail {
        /// The binding's name.
        binding: String,
        /// `destination_address`: the only recipient allowed, if set.
        destination: Option<String>,
        /// `allowed_destination_addresses`: the recipients allowed, if set.
        allowed: Option<Vec<String>>,
        /// `allowed_sender_addresses`: the senders allowed, if set.
        senders: Option<Vec<String>>,
    },
    /// `env.NAME`: Hyperdrive's connection details (`localConnectionString`).
    Hyperdrive {
        /// The binding's name.
        binding: String,
        /// The connection string.
        connection_string: String,
    },
}

impl SmallBinding {
    /// The binding's name.
    pub fn binding(&self) -> &str {
        match self {
            SmallBinding::RateLimit { binding, .. }
            | SmallBinding::AnalyticsEngine { binding, .. }
            | SmallBinding::VersionMetadata { binding }
            | SmallBinding::SendEmail { binding, .. }
            | SmallBinding::Hyperdrive { binding, .. } => binding,
        }
    }
}
