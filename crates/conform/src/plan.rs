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
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
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
    pub packages: Vec<String>,
    pub env: BTreeMap<String, String>,
    pub compatibility_date: Option<crosstalk_runtime::CompatibilityDate>,
    pub compatibility_flags: Vec<String>,
    /// Its own service bindings.
    pub bindings: Vec<crosstalk_runtime::ServiceSpec>,
}

/// The crosstalk run and everything needed to replay its schedule against workerd.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub run: Run,
    pub requests: Vec<WireRequest>,
    pub origins: Vec<OriginPlan>,
    /// The main module first.
    pub modules: Vec<ModuleFile>,
    /// Bare specifiers the worker imports (`jose`): packages conform does not serve.
    pub packages: Vec<String>,
    /// The scenario's other workers, in the scenario's order.
    pub services: Vec<ServicePlan>,
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
    let requests = run
        .incoming()
        .map(|outcome| {
            let spec = &model.requests[outcome.index];
            WireRequest {
                id: outcome.id.to_string(),
                arrival_ms: outcome.arrived_ms,
                method: spec.method.clone(),
                url: spec.url.clone(),
                headers: spec.headers.clone(),
                body: spec.body.clone(),
            }
        })
        .collect();
    let origins = origin_plans(&scenario.origins, &run, &schedule);
    let (modules, packages) = recorder.modules();
    let services = scenario
        .workers
        .iter()
        .zip(&recorders)
        .map(|(worker, recorder)| {
            let (modules, packages) = recorder.modules();
            ServicePlan {
                name: worker.name.clone(),
                syntax: worker.syntax,
                modules,
                packages,
                env: worker.env.clone(),
                compatibility_date: worker.runtime.compatibility_date,
                compatibility_flags: worker.runtime.compatibility_flags.clone(),
                bindings: worker.services.clone(),
            }
        })
        .collect();
    Ok(Plan { run, requests, origins, modules, packages, services })
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
    modules: Vec<ModuleFile>,
    packages: Vec<String>,
}

impl Recorder {
    fn note(&self, specifier: &str, module: &ResolvedModule) {
        let Ok(mut seen) = self.seen.lock() else { return };
        let builtin = crosstalk_runtime::builtin_module(specifier).is_some()
            || module.name.starts_with("node:")
            || module.name.starts_with("cloudflare:");
        if builtin {
            return;
        }
        let relative = specifier.starts_with("./") || specifier.starts_with("../") || specifier.starts_with('/');
        if !relative && !seen.modules.is_empty() && !seen.packages.iter().any(|p| p == specifier) {
            seen.packages.push(specifier.to_string());
        }
        if !seen.modules.iter().any(|m| m.name == module.name) {
            seen.modules.push(ModuleFile { name: module.name.clone(), text: module.source.clone(), json: module.json });
        }
    }

    fn modules(&self) -> (Vec<ModuleFile>, Vec<String>) {
        match self.seen.lock() {
            Ok(seen) => (seen.modules.clone(), seen.packages.clone()),
            Err(_) => (Vec::new(), Vec::new()),
        }
    }
}

impl ModuleSource for Recorder {
    fn main(&self) -> Result<ResolvedModule, String> {
        let module = self.inner.main()?;
        self.note("./", &module);
        Ok(module)
    }

    fn resolve(&self, referrer: &str, specifier: &str) -> Result<ResolvedModule, String> {
        let module = self.inner.resolve(referrer, specifier)?;
        self.note(specifier, &module);
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
    fn bodies_split_like_the_runtime_splits_them() {
        let spec = origin("https://a/*", MsRange::fixed(1), "abcdefg", 3);
        assert_eq!(chunks(&spec), [b"abc".to_vec(), b"def".to_vec(), b"g".to_vec()]);
        assert!(chunks(&origin("https://a/*", MsRange::fixed(1), "", 3)).is_empty());
        assert_eq!(chunks(&origin("https://a/*", MsRange::fixed(1), "ab", 5)).concat(), b"ab");
    }
}
