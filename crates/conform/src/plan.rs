//! The crosstalk side of a check: the scenario's run under the `workerd` profile, and the
//! plan that replays the same schedule against the real runtime.
//!
//! From the run come the requests to send (each with crosstalk's id and the arrival time
//! the schedule chose) and, per `[[origin]]`, the latencies to answer with. The k-th
//! request that reaches an origin on the wire is answered with the latency and chunk
//! intervals of crosstalk's k-th subrequest to that origin in trace order (a `fetch` when it
//! is sent, a pass-through when the request passes through). Wire requests past the ones
//! crosstalk made get the origin's defaults (the low end of its ranges), as a schedule
//! replay does for a missing latency.
//!
//! The run also records every module the runtime loaded, so the workerd configuration can
//! list exactly the modules the scenario uses.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crosstalk_runtime::{
    EventKind, LatencyKey, ModuleSource, MsRange, OriginSpec, Owner, ProfileName, ResolvedModule, Run, simulate,
};
use crosstalk_scenario::{Replay, Scenario, Schedule};

use crate::error::ConformError;

/// A module the worker loads: its runtime name (relative to the scenario's module root),
/// its text, and whether it is a JSON module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ModuleFile {
    pub name: String,
    pub text: Arc<str>,
    pub json: bool,
}

/// One request to send to workerd.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WireRequest {
    /// crosstalk's id (`r1`, …), sent in [`crate::tail::REQUEST_HEADER`].
    pub id: String,
    pub arrival_ms: u64,
    /// Real time added to the arrival so that requests arriving at one virtual instant
    /// reach workerd in the order crosstalk dispatched them ([`SAME_INSTANT_STAGGER_MS`]
    /// per place in that order), never all at once in id order.
    pub stagger_ms: u64,
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// The request opens a WebSocket: what its client sends, when crosstalk's run had it
    /// send (`None` for a plain HTTP request).
    pub websocket: Option<Vec<WireStep>>,
}

/// One thing a WebSocket client sends, at a virtual instant of crosstalk's run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WireStep {
    pub at_ms: u64,
    /// A text message, or (`None`) a close with `close`; a close with
    /// [`crosstalk_runtime::DROPPED_CODE`] (never sent on the wire) is a disconnection
    /// without a Close frame.
    pub text: Option<String>,
    pub close: (u16, String),
}

/// What the client of request `id` sent in `run`: its messages and its own close, at the
/// instants crosstalk delivered them (an answer to the worker's close is the transport's,
/// which every client sends by itself).
fn websocket_steps(run: &Run, id: Owner) -> Vec<WireStep> {
    let Some(pair) = socket_of(run, id) else { return Vec::new() };
    let mut steps = Vec::new();
    let mut worker_closed = false;
    for event in run.trace.iter().filter(|e| socket_pair(&e.kind) == Some(pair)) {
        match &event.kind {
            EventKind::WsMessage { data, .. } => {
                steps.push(WireStep { at_ms: event.t_ms, text: Some(data.clone()), close: (0, String::new()) });
            }
            EventKind::WsClose { by, .. } if by == "worker" => worker_closed = true,
            EventKind::WsClose { code, reason, .. } if !worker_closed => {
                steps.push(WireStep { at_ms: event.t_ms, text: None, close: (*code, reason.clone()) });
            }
            _ => {}
        }
    }
    steps
}

/// The pair a `ws-*` event is about.
fn socket_pair(kind: &EventKind) -> Option<u32> {
    match kind {
        EventKind::WsOpen { pair }
        | EventKind::WsSend { pair, .. }
        | EventKind::WsMessage { pair, .. }
        | EventKind::WsClose { pair, .. } => Some(*pair),
        _ => None,
    }
}

/// The pair whose client is request `id`, once its connection opened.
fn socket_of(run: &Run, id: Owner) -> Option<u32> {
    run.trace
        .iter()
        .find(|e| e.owner == id && matches!(e.kind, EventKind::WsOpen { .. }))
        .and_then(|e| socket_pair(&e.kind))
}

/// How one wire request to an origin is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Serve {
    /// Time from the request's arrival at the origin to the response headers.
    pub headers_ms: u64,
    /// The interval before each body chunk (empty for an empty body).
    pub chunk_ms: Vec<u64>,
}

/// One `[[origin]]` and the answers crosstalk's run gave from it, in order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct OriginPlan {
    pub spec: OriginSpec,
    pub serves: Vec<Serve>,
}

impl OriginPlan {
    /// How the `k`-th (0-based) wire request to this origin is answered.
    pub(crate) fn serve(&self, k: usize) -> Serve {
        self.serves.get(k).cloned().unwrap_or_else(|| Serve {
            headers_ms: self.spec.latency.min,
            chunk_ms: vec![self.spec.chunk_interval.min; chunk_count(&self.spec)],
        })
    }
}

/// Another worker of the scenario (a service binding's target), as workerd runs it.
#[derive(Clone, Debug)]
pub(crate) struct ServicePlan {
    /// Its service name (what bindings call it).
    pub name: String,
    pub syntax: crosstalk_runtime::Syntax,
    /// The modules the run loaded for it, the main module first (empty when the schedule
    /// never called it).
    pub modules: Vec<ModuleFile>,
    /// Why some of its modules cannot be served (see [`Plan::unserved`]).
    pub unserved: Vec<String>,
    pub env: BTreeMap<String, String>,
    /// The names in `env` bound as JSON values.
    pub json_env: std::collections::BTreeSet<String>,
    pub compatibility_date: Option<crosstalk_runtime::CompatibilityDate>,
    pub compatibility_flags: Vec<String>,
    /// Its own service bindings.
    pub bindings: Vec<crosstalk_runtime::ServiceSpec>,
    /// Its Durable Object bindings.
    pub durable_objects: Vec<crosstalk_runtime::DurableObjectSpec>,
}

/// The crosstalk run and everything needed to replay its schedule against workerd.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub run: Run,
    pub requests: Vec<WireRequest>,
    pub origins: Vec<OriginPlan>,
    /// The main module first.
    pub modules: Vec<ModuleFile>,
    /// The worker's KV namespaces, served to workerd by `crate::kv`.
    pub kv: Vec<crate::kv::KvPlan>,
    /// The worker's D1 databases, served to workerd by `crate::d1`.
    pub d1: Vec<crate::d1::D1Plan>,
    /// Modules whose imports conform could not point at the names it serves them under,
    /// each with why (empty when every module can be served).
    pub unserved: Vec<String>,
    /// The scenario's other workers, in the scenario's order.
    pub services: Vec<ServicePlan>,
}

/// The real-time gap between two requests that arrive at one virtual instant: enough for
/// workerd to accept and start the first before the second reaches it on loopback.
pub(crate) const SAME_INSTANT_STAGGER_MS: u64 = 10;

/// For each incoming request that shares its arrival instant with others, its place in
/// crosstalk's dispatch order among them times [`SAME_INSTANT_STAGGER_MS`]. crosstalk's
/// scheduler may dispatch them in any order (a free choice of the schedule), so workerd
/// must see them in that order, not in id order.
fn same_instant_staggers(run: &Run) -> BTreeMap<Owner, u64> {
    let dispatched: Vec<Owner> =
        run.trace.iter().filter(|e| matches!(e.kind, EventKind::Dispatch)).map(|e| e.owner).collect();
    let place = |id: Owner| dispatched.iter().position(|o| *o == id).unwrap_or(usize::MAX);
    let mut by_instant: BTreeMap<u64, Vec<Owner>> = BTreeMap::new();
    for outcome in run.incoming() {
        by_instant.entry(outcome.arrived_ms).or_default().push(outcome.id);
    }
    let mut staggers = BTreeMap::new();
    for mut group in by_instant.into_values().filter(|g| g.len() > 1) {
        group.sort_by_key(|id| (place(*id), *id));
        for (rank, id) in group.into_iter().enumerate() {
            staggers.insert(id, rank as u64 * SAME_INSTANT_STAGGER_MS);
        }
    }
    staggers
}

/// Runs `scenario` (already set to the `workerd` profile) with `schedule` and plans the
/// wire side.
pub(crate) fn plan(scenario: &Scenario, schedule: &Schedule) -> Result<Plan, ConformError> {
    let schedule = schedule.normalized(scenario);
    let mut model = scenario.model_for(&schedule, Some(ProfileName::Workerd));
    let recorder = Arc::new(Recorder { inner: model.source.clone(), seen: Mutex::default() });
    model.source = recorder.clone();
    let recorders: Vec<Arc<Recorder>> = model
        .workers
        .iter_mut()
        .map(|worker| {
            let recorder = Arc::new(Recorder { inner: worker.source.clone(), seen: Mutex::default() });
            worker.source = recorder.clone();
            recorder
        })
        .collect();
    let run = simulate(&model, &mut Replay::new(&schedule))?;
    // The scenario's own requests: a service binding's requests never go over the wire.
    let staggers = same_instant_staggers(&run);
    let requests = run
        .incoming()
        .map(|outcome| {
            let spec = &model.requests[outcome.index];
            WireRequest {
                id: outcome.id.to_string(),
                arrival_ms: outcome.arrived_ms,
                stagger_ms: staggers.get(&outcome.id).copied().unwrap_or(0),
                method: spec.method.clone(),
                url: spec.url.clone(),
                headers: spec.headers.clone(),
                body: spec.body.clone(),
                websocket: spec.websocket.as_ref().map(|_| websocket_steps(&run, outcome.id)),
            }
        })
        .collect();
    let origins = origin_plans(&scenario.origins, &run, &schedule);
    let (modules, unserved) = recorder.modules();
    let services = scenario
        .workers
        .iter()
        .zip(&recorders)
        .map(|(worker, recorder)| {
            let (modules, unserved) = recorder.modules();
            ServicePlan {
                name: worker.name.clone(),
                syntax: worker.syntax,
                modules,
                unserved,
                env: worker.env.clone(),
                json_env: worker.json_env.clone(),
                compatibility_date: worker.runtime.compatibility_date,
                compatibility_flags: worker.runtime.compatibility_flags.clone(),
                bindings: worker.services.clone(),
                durable_objects: worker.durable_objects.clone(),
            }
        })
        .collect();
    let kv = crate::kv::plans(scenario.kv.iter().map(|k| (k.binding.as_str(), k.latency, &k.data)), &run);
    let d1 = crate::d1::plans(&scenario.d1, &run);
    Ok(Plan { run, requests, origins, modules, kv, d1, unserved, services })
}

/// Per origin, crosstalk's answers in trace order (see the module docs).
pub(crate) fn origin_plans(origins: &[OriginSpec], run: &Run, schedule: &Schedule) -> Vec<OriginPlan> {
    let mut plans: Vec<OriginPlan> =
        origins.iter().map(|spec| OriginPlan { spec: spec.clone(), serves: Vec::new() }).collect();
    let mut fetch_urls: BTreeMap<(Owner, u32), &str> = BTreeMap::new();
    for event in &run.trace {
        let (request, n, url) = match &event.kind {
            EventKind::Fetch { n, url, .. } => {
                fetch_urls.insert((event.owner, *n), url);
                continue;
            }
            EventKind::SubrequestStarted { n } => match fetch_urls.get(&(event.owner, *n)) {
                Some(url) => (event.owner, *n, *url),
                None => continue,
            },
            EventKind::PassThrough { .. } => {
                let Some(id) = event.owner.request() else { continue };
                match run.request(id) {
                    Some(outcome) => (event.owner, 0, outcome.url.as_str()),
                    None => continue,
                }
            }
            _ => continue,
        };
        let Some(id) = request.request() else { continue };
        let Some(plan) = plans.iter_mut().find(|p| p.spec.matches(url)) else { continue };
        let headers_ms = latency(schedule, &LatencyKey::Subrequest { request: id, n }, plan.spec.latency);
        let chunk_ms = (1..=chunk_count(&plan.spec) as u32)
            .map(|chunk| latency(schedule, &LatencyKey::Chunk { request: id, n, chunk }, plan.spec.chunk_interval))
            .collect();
        plan.serves.push(Serve { headers_ms, chunk_ms });
    }
    plans
}

/// The latency a replay of `schedule` answers for `key` (the runtime asks each key once).
fn latency(schedule: &Schedule, key: &LatencyKey, range: MsRange) -> u64 {
    schedule.latencies.iter().find(|l| l.key == *key).map_or(range.min, |l| range.clamp(l.ms))
}

/// How many chunks the runtime splits an origin's body into (none for an empty body).
pub(crate) fn chunk_count(spec: &OriginSpec) -> usize {
    if spec.body.is_empty() { 0 } else { spec.body_chunks.max(1) as usize }
}

/// The pieces of an origin's body, split as the runtime splits it.
pub(crate) fn chunks(spec: &OriginSpec) -> Vec<Vec<u8>> {
    let bytes = spec.body.as_bytes();
    let total = chunk_count(spec);
    if total == 0 {
        return Vec::new();
    }
    let size = bytes.len().div_ceil(total).max(1);
    (0..total)
        .map(|i| {
            let start = (i * size).min(bytes.len());
            let end = if i + 1 == total { bytes.len() } else { (start + size).min(bytes.len()) };
            bytes[start..end].to_vec()
        })
        .collect()
}

/// A [`ModuleSource`] that remembers what the runtime loaded through it.
struct Recorder {
    inner: Arc<dyn ModuleSource>,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// Every module the run loaded, in load order (the main module first).
    modules: Vec<ModuleFile>,
    /// (referrer, specifier) → the module name it resolved to.
    edges: BTreeMap<(String, String), String>,
}

impl Recorder {
    fn note(&self, referrer: Option<&str>, specifier: &str, module: &ResolvedModule) {
        let Ok(mut seen) = self.seen.lock() else { return };
        if is_builtin(specifier, &module.name) {
            // workerd provides `node:` and `cloudflare:` modules itself.
            return;
        }
        if let Some(referrer) = referrer {
            seen.edges.insert((referrer.to_string(), specifier.to_string()), module.name.clone());
        }
        if !seen.modules.iter().any(|m| m.name == module.name) {
            seen.modules.push(ModuleFile { name: module.name.clone(), text: module.source.clone(), json: module.json });
        }
    }

    /// The modules as workerd is given them, and why any cannot be. Each module is served
    /// under a name workerd accepts ([`served_name`]), and every import the run resolved
    /// (a package's bare specifier, an extensionless path, a CommonJS face) names the
    /// served module it resolved to by a relative path, since workerd resolves specifiers
    /// by name only, as a bundle would have them.
    fn modules(&self) -> (Vec<ModuleFile>, Vec<String>) {
        let Ok(seen) = self.seen.lock() else { return (Vec::new(), Vec::new()) };
        let names = served_names(&seen.modules);
        let mut unserved = Vec::new();
        let mut served = Vec::new();
        for module in &seen.modules {
            let name = names[&module.name].clone();
            // JSON and Wasm modules import nothing.
            if module.json || crosstalk_runtime::compiled_wasm_bytes(&module.text).is_some() {
                served.push(ModuleFile { name, ..module.clone() });
                continue;
            }
            let requests = match crosstalk_transpile::module_requests(&module.text) {
                Ok(requests) => requests,
                Err(error) => {
                    unserved.push(format!("{}: {error}", module.name));
                    served.push(ModuleFile { name, ..module.clone() });
                    continue;
                }
            };
            let mut text = String::with_capacity(module.text.len());
            let mut at = 0;
            for (range, specifier) in requests {
                let Some(target) = seen.edges.get(&(module.name.clone(), specifier)) else { continue };
                text.push_str(&module.text[at..range.start]);
                text.push_str(&serde_json::Value::from(relative_specifier(&name, &names[target])).to_string());
                at = range.end;
            }
            text.push_str(&module.text[at..]);
            served.push(ModuleFile { name, text: Arc::from(text), json: false });
        }
        (served, unserved)
    }
}

/// A module crosstalk or workerd provides rather than the worker's files.
fn is_builtin(specifier: &str, name: &str) -> bool {
    crosstalk_runtime::builtin_module(specifier).is_some()
        || name.starts_with("node:")
        || name.starts_with("cloudflare:")
}

/// The name each module is served under: its own, with every character workerd would
/// read as URL syntax (`:`, `?`, `=`, `#`, …) made a `_`, and a number added on a clash.
fn served_names(modules: &[ModuleFile]) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut taken = std::collections::BTreeSet::new();
    for module in modules {
        let plain: String = module
            .name
            .trim_start_matches('/')
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || "._-/@+".contains(c) { c } else { '_' })
            .collect();
        let mut name = plain.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{plain}_{n}");
            n += 1;
        }
        names.insert(module.name.clone(), name);
    }
    names
}

/// `../lib/a.js`: the specifier that names `to` from a module named `from`.
fn relative_specifier(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> =
        from.split('/').collect::<Vec<_>>().split_last().map(|(_, d)| d.to_vec()).unwrap_or_default();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let common = common.min(to_parts.len() - 1);
    let ups = from_dir.len() - common;
    let rest = to_parts[common..].join("/");
    if ups == 0 { format!("./{rest}") } else { format!("{}{rest}", "../".repeat(ups)) }
}

impl ModuleSource for Recorder {
    fn main(&self) -> Result<ResolvedModule, String> {
        let module = self.inner.main()?;
        self.note(None, "./", &module);
        Ok(module)
    }

    fn resolve(&self, referrer: &str, specifier: &str) -> Result<ResolvedModule, String> {
        let module = self.inner.resolve(referrer, specifier)?;
        self.note(Some(referrer), specifier, &module);
        Ok(module)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosstalk_runtime::{Event, OutcomeKind, RequestOutcome};
    use crosstalk_scenario::Latency;

    fn origin(url: &str, latency: MsRange, body: &str, chunks: u32) -> OriginSpec {
        OriginSpec {
            url: url.to_string(),
            latency,
            status: 200,
            headers: Vec::new(),
            body: body.to_string(),
            body_chunks: chunks,
            chunk_interval: MsRange::new_range(1, 9),
        }
    }

    fn event(owner: u32, kind: EventKind) -> Event {
        Event { t_ms: 0, owner: Owner::Request(owner), kind }
    }

    fn fetch(owner: u32, n: u32, url: &str) -> [Event; 2] {
        [
            event(owner, EventKind::Fetch { n, method: "GET".into(), url: url.into(), at: None }),
            event(owner, EventKind::SubrequestStarted { n }),
        ]
    }

    fn outcome(id: u32, url: &str) -> RequestOutcome {
        RequestOutcome {
            id: Owner::Request(id),
            url: url.into(),
            method: "GET".into(),
            isolate: 0,
            index: id as usize - 1,
            arrived_ms: 0,
            responded_ms: None,
            outcome: OutcomeKind::PassThrough,
            status: None,
            headers: Vec::new(),
            body: None,
            error: None,
            called_by: None,
            websocket: None,
        }
    }

    #[test]
    fn the_kth_wire_request_gets_crosstalks_kth_subrequest_latency_in_trace_order() {
        let origins = [
            origin("https://api.example/*", MsRange::new_range(20, 200), "abcdefg", 3),
            origin("https://worker.example/*", MsRange::fixed(150), "", 1),
        ];
        let mut trace = Vec::new();
        trace.extend(fetch(2, 1, "https://api.example/a"));
        trace.extend(fetch(1, 1, "https://api.example/b"));
        trace.extend(fetch(1, 2, "https://elsewhere.example/"));
        trace.push(event(3, EventKind::PassThrough { reason: "no respondWith".into() }));
        let run = Run {
            requests: vec![
                outcome(1, "https://worker.example/"),
                outcome(2, "https://worker.example/"),
                outcome(3, "https://worker.example/p"),
            ],
            trace,
            end_ms: 0,
            inputs: Vec::new(),
        };
        let key = |request, n| LatencyKey::Subrequest { request, n };
        let schedule = Schedule {
            latencies: vec![
                Latency { key: key(1, 1), ms: 30 },
                Latency { key: key(2, 1), ms: 500 }, // clamped into 20..200
                Latency { key: LatencyKey::Chunk { request: 2, n: 1, chunk: 2 }, ms: 7 },
            ],
            ..Schedule::default()
        };
        let plans = origin_plans(&origins, &run, &schedule);
        assert_eq!(
            plans[0].serves,
            [Serve { headers_ms: 200, chunk_ms: vec![1, 7, 1] }, Serve { headers_ms: 30, chunk_ms: vec![1, 1, 1] }]
        );
        assert_eq!(plans[1].serves, [Serve { headers_ms: 150, chunk_ms: vec![] }]);
        // Past crosstalk's subrequests: the origin's defaults.
        assert_eq!(plans[0].serve(5), Serve { headers_ms: 20, chunk_ms: vec![1, 1, 1] });
    }

    #[test]
    fn requests_of_one_instant_reach_workerd_in_crosstalks_dispatch_order() {
        let mut requests: Vec<RequestOutcome> = (1..=4).map(|id| outcome(id, "https://worker.example/")).collect();
        requests[3].arrived_ms = 100;
        let trace = vec![event(3, EventKind::Dispatch), event(1, EventKind::Dispatch), event(2, EventKind::Dispatch)];
        let run = Run { requests, trace, end_ms: 100, inputs: Vec::new() };
        let staggers = same_instant_staggers(&run);
        let ms = |id| staggers.get(&Owner::Request(id)).copied();
        // r3, r1, r2 arrive at 0 and were dispatched in that order; r4 is alone at 100 ms.
        assert_eq!((ms(3), ms(1), ms(2), ms(4)), (Some(0), Some(10), Some(20), None));
    }

    #[test]
    fn served_modules_name_each_other_by_relative_paths_workerd_can_resolve() {
        assert_eq!(relative_specifier("src/index.ts", "src/routes.ts"), "./routes.ts");
        assert_eq!(
            relative_specifier("src/index.ts", "node_modules/hono/dist/index.js"),
            "../node_modules/hono/dist/index.js"
        );
        assert_eq!(relative_specifier("worker.mjs", "lib/a.mjs"), "./lib/a.mjs");
        assert_eq!(relative_specifier("node_modules/a/b/c.js", "node_modules/a/d.js"), "../d.js");
        let recorder = Recorder { inner: Arc::new(crosstalk_runtime::MemorySource::default()), seen: Mutex::default() };
        let module = |name: &str, text: &str| ResolvedModule::javascript(name, Arc::from(text));
        recorder.note(None, "./", &module("src/index.js", "import { Hono } from 'hono';\nimport x from \"./x\";"));
        recorder.note(Some("src/index.js"), "hono", &module("node_modules/hono/index.js", "export const Hono = 1;"));
        recorder.note(
            Some("src/index.js"),
            "./x",
            &module("node_modules/x/i.js?esm-for=src/index.js", "export default 2;"),
        );
        recorder.note(Some("src/index.js"), "node:events", &module("node:events", "export default 3;"));
        let (modules, unserved) = recorder.modules();
        assert!(unserved.is_empty(), "{unserved:?}");
        let names: Vec<&str> = modules.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["src/index.js", "node_modules/hono/index.js", "node_modules/x/i.js_esm-for_src/index.js"]);
        assert_eq!(
            &*modules[0].text,
            "import { Hono } from \"../node_modules/hono/index.js\";\nimport x from \"../node_modules/x/i.js_esm-for_src/index.js\";"
        );
    }

    #[test]
    fn bodies_split_like_the_runtime_splits_them() {
        let spec = origin("https://a/*", MsRange::fixed(1), "abcdefg", 3);
        assert_eq!(chunks(&spec), [b"abc".to_vec(), b"def".to_vec(), b"g".to_vec()]);
        assert!(chunks(&origin("https://a/*", MsRange::fixed(1), "", 3)).is_empty());
        assert_eq!(chunks(&origin("https://a/*", MsRange::fixed(1), "ab", 5)).concat(), b"ab");
    }
}
