//! The shape of `scenario.toml` exactly as written (INTERFACES.md "Scenario files").
//!
//! Every table denies unknown keys, and values that need checking keep their byte span
//! so `load` can report line and column. Nothing here validates meaning.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The top level of `scenario.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub name: Option<Spanned<String>>,
    pub description: Option<String>,
    pub script: Option<Spanned<String>>,
    pub worker: Option<Spanned<String>>,
    /// The wrangler environment (`[env.NAME]`) to run, as `wrangler --env NAME`.
    pub worker_env: Option<Spanned<String>>,
    pub syntax: Option<Spanned<String>>,
    pub runtime: Option<RawRuntime>,
    #[serde(default)]
    pub request: Vec<Spanned<RawRequest>>,
    #[serde(default)]
    pub origin: Vec<Spanned<RawOrigin>>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    #[serde(default)]
    pub kv: Vec<Spanned<RawKv>>,
    #[serde(default)]
    pub d1: Vec<Spanned<RawD1>>,
    #[serde(default)]
    pub r2: Vec<Spanned<RawR2>>,
    #[serde(default)]
    pub scheduled: Vec<Spanned<RawScheduled>>,
    #[serde(default)]
    pub queue_batch: Vec<Spanned<RawQueueBatch>>,
    #[serde(default)]
    pub queue_producer: Vec<Spanned<RawQueueProducer>>,
    #[serde(default)]
    pub service: Vec<Spanned<RawService>>,
    #[serde(default)]
    pub durable_object: Vec<Spanned<RawDurableObject>>,
    pub faults: Option<RawFaults>,
    pub expect: Option<RawExpect>,
}

/// `[faults]`: faults the explorer may inject, each a schedule choice.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFaults {
    pub durable_object_reset: Option<bool>,
    pub durable_object_deploy: Option<bool>,
    pub workflow_hibernation: Option<bool>,
}

/// One `[[durable_object]]`: `env.<binding>` addresses objects of the exported `class`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDurableObject {
    pub binding: Option<Spanned<String>>,
    pub class: Option<Spanned<String>>,
    pub latency: Option<Spanned<String>>,
    pub sqlite: Option<bool>,
}

/// One `[[service]]`: another worker of the scenario, and optionally a binding to it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawService {
    /// The binding the main worker calls it through (`env.AUTH`).
    pub binding: Option<Spanned<String>>,
    /// Its service name (what wrangler's `services[].service` names); default: its
    /// wrangler `name`, or the script's file name without extension.
    pub service: Option<Spanned<String>>,
    /// Its wrangler config (or the folder holding one).
    pub worker: Option<Spanned<String>>,
    /// Or a plain script, relative to the scenario folder.
    pub script: Option<Spanned<String>>,
    pub syntax: Option<Spanned<String>>,
    /// A named `WorkerEntrypoint` export the binding calls instead of the default.
    pub entrypoint: Option<Spanned<String>>,
}

/// `[runtime]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRuntime {
    pub profile: Option<Spanned<String>>,
    pub compatibility_date: Option<Spanned<String>>,
    /// `None` when absent, so that a wrangler project's flags apply.
    pub compatibility_flags: Option<Vec<String>>,
    pub isolates: Option<Spanned<u32>>,
    pub subrequest_concurrency: Option<Spanned<u32>>,
    pub subrequests_per_request: Option<Spanned<u32>>,
    pub wait_until_grace_ms: Option<u64>,
    pub cpu_loop_iterations_max: Option<u64>,
    pub cpu_jobs_per_task_max: Option<u64>,
    pub cpu_work_per_task_max: Option<u64>,
    pub memory_mb_max: Option<Spanned<u64>>,
    pub stack_depth_max: Option<usize>,
    /// How much virtual time a run may cover (a duration).
    pub virtual_time_max: Option<Spanned<String>>,
    /// Where virtual time begins (RFC 3339).
    pub start_time: Option<Spanned<String>>,
}

/// One `[[request]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRequest {
    pub url: Option<Spanned<String>>,
    pub method: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
    pub at: Option<Spanned<String>>,
    pub count: Option<Spanned<u32>>,
    /// Pins the request to one isolate instead of letting the schedule route it.
    pub isolate: Option<Spanned<u32>>,
    /// Fields of `request.cf` over the defaults.
    pub cf: Option<Spanned<BTreeMap<String, toml::Value>>>,
    /// The request opens a WebSocket: the messages its client sends (a list), or
    /// `{ send, interval, close, reason }`.
    pub websocket: Option<Spanned<toml::Value>>,
}

/// One `[[origin]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOrigin {
    pub url: Option<Spanned<String>>,
    pub latency: Option<Spanned<String>>,
    pub status: Option<Spanned<u16>>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
    pub body_chunks: Option<Spanned<u32>>,
    pub chunk_interval: Option<Spanned<String>>,
}

/// One `[[kv]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawKv {
    pub binding: Option<Spanned<String>>,
    pub latency: Option<Spanned<String>>,
    #[serde(default)]
    pub data: BTreeMap<String, String>,
}

/// One `[[scheduled]]`: a cron trigger delivered to the `scheduled` handler.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScheduled {
    pub cron: Option<Spanned<String>>,
    pub at: Option<Spanned<String>>,
    pub isolate: Option<Spanned<u32>>,
}

/// One `[[queue_batch]]`: a batch of messages delivered to the `queue` handler.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQueueBatch {
    pub queue: Option<Spanned<String>>,
    #[serde(default)]
    pub messages: Vec<Spanned<toml::Value>>,
    pub at: Option<Spanned<String>>,
    pub isolate: Option<Spanned<u32>>,
}

/// One `[[queue_producer]]`: `env.<binding>` sends to `queue`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQueueProducer {
    pub binding: Option<Spanned<String>>,
    pub queue: Option<Spanned<String>>,
    pub latency: Option<Spanned<String>>,
}

/// One `[[r2]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawR2 {
    pub binding: Option<Spanned<String>>,
    pub latency: Option<Spanned<String>>,
    /// Initial objects: key → text content.
    #[serde(default)]
    pub data: BTreeMap<String, String>,
}

/// One `[[d1]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawD1 {
    pub binding: Option<Spanned<String>>,
    pub latency: Option<Spanned<String>>,
    /// A folder of `.sql` files, applied in name order (wrangler's migrations folder).
    pub migrations: Option<Spanned<String>>,
    /// One SQL file or a list of them, applied after `migrations`.
    pub schema: Option<Spanned<OneOrMany>>,
}

/// A string, or a list of strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(crate) fn items(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(one) => vec![one.as_str()],
            OneOrMany::Many(many) => many.iter().map(String::as_str).collect(),
        }
    }
}

/// `[expect]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExpect {
    pub violations: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
}
