//! Which scenarios local workerd cannot show, and why.
//!
//! A difference conform reports must be a difference of the runtimes, never of the
//! harness. So a scenario is "not comparable" (reported with the reason, exit 0) when its
//! outcome depends on something local workerd does not reproduce:
//! - R9: crosstalk's run queues a subrequest, hits the subrequest limit or cancels one to
//!   avoid deadlock; local workerd enforces none of the limits;
//! - R3: the worker reads the clock (`Date.now`, `performance.now`, `new Date`), frozen in
//!   production and in crosstalk but moving in local workerd, or draws random values
//!   (`Math.random`, `crypto.getRandomValues`, `crypto.randomUUID`, key generation), which
//!   come from the schedule in crosstalk and from the OS in workerd. This check is
//!   textual and conservative: a mention anywhere in a loaded module counts;
//! - R11: crosstalk stopped a request for its CPU budget, which local workerd does not
//!   enforce;
//! - R1: the schedule routes requests to more than one isolate (local workerd runs one);
//! - the run hit crosstalk's own run limit (requests cancelled by the harness);
//! - and what conform does not serve yet: KV namespaces, bindings crosstalk does not model,
//!   packages imported from `node_modules`.

use crosstalk_runtime::{CancelReason, EventKind, OutcomeKind, Run};
use crosstalk_scenario::Scenario;

use crate::plan::ModuleFile;

/// Words whose presence in a module makes its output depend on the clock (R3).
const CLOCK_READS: [&str; 4] = ["Date.now", "performance.now", "new Date", "Date()"];

/// Words whose presence makes it depend on random values (R3).
const RANDOM_DRAWS: [&str; 4] = ["Math.random", "getRandomValues", "randomUUID", "generateKey"];

/// Every reason the scenario is not comparable (empty when it is).
pub(crate) fn reasons(scenario: &Scenario, run: &Run, modules: &[ModuleFile], packages: &[String]) -> Vec<String> {
    let mut reasons = Vec::new();
    if let Some(reason) = subrequest_limits(run) {
        reasons.push(reason);
    }
    let clock = mentions(modules, &CLOCK_READS);
    if !clock.is_empty() {
        reasons.push(format!(
            "R3: the worker reads the clock ({clock}): production and crosstalk freeze it while JavaScript runs, \
             local workerd does not"
        ));
    }
    let random = mentions(modules, &RANDOM_DRAWS);
    if !random.is_empty() {
        reasons.push(format!(
            "R3: the worker draws random values ({random}): crosstalk's come from the schedule, workerd's from the OS"
        ));
    }
    if let Some(event) = run.trace.iter().find(|e| matches!(e.kind, EventKind::CpuLimit { .. })) {
        reasons.push(format!(
            "R11: crosstalk stopped {} for its CPU budget; local workerd does not enforce CPU limits",
            event.owner
        ));
    }
    let mut isolates: Vec<u32> = run.incoming().map(|r| r.isolate).collect();
    isolates.sort_unstable();
    isolates.dedup();
    if isolates.len() > 1 {
        reasons.push(format!(
            "R1: the schedule routes requests to {} isolates; local workerd runs the worker in one",
            isolates.len()
        ));
    }
    if run.incoming().any(|r| r.outcome == OutcomeKind::Cancelled)
        || run.trace.iter().any(|e| matches!(e.kind, EventKind::RunLimit { .. }))
    {
        reasons.push("the simulation reached its run limit and cancelled the requests still waiting".to_string());
    }
    if !scenario.kv.is_empty() {
        let names: Vec<&str> = scenario.kv.iter().map(|k| k.binding.as_str()).collect();
        reasons.push(format!("conform does not serve KV namespaces to workerd yet ({})", names.join(", ")));
    }
    let storage: Vec<&str> = (scenario.d1.iter().map(|d| d.binding.as_str()))
        .chain(scenario.r2.iter().map(|r| r.binding.as_str()))
        .chain(scenario.queues.iter().map(|q| q.binding.as_str()))
        .collect();
    if !storage.is_empty() {
        reasons.push(format!(
            "conform does not serve D1 databases, R2 buckets or queues to workerd yet ({})",
            storage.join(", ")
        ));
    }
    if let Some(event) = scenario.requests.iter().find(|r| !r.is_fetch()) {
        reasons
            .push(format!("the scenario delivers a {} event; conform sends workerd HTTP requests only", event.method));
    }
    if !scenario.unsupported_bindings.is_empty() {
        let names: Vec<&str> = scenario.unsupported_bindings.keys().map(String::as_str).collect();
        reasons.push(format!("the worker has bindings crosstalk does not model ({})", names.join(", ")));
    }
    if !packages.is_empty() {
        reasons.push(format!(
            "the worker imports packages ({}); conform serves workerd only the scenario's own modules",
            packages.join(", ")
        ));
    }
    reasons
}

/// Why the scenario's other workers (service binding targets) keep it from being
/// compared: what would make the main worker not comparable, said of them.
pub(crate) fn service_reasons(scenario: &Scenario, services: &[crate::plan::ServicePlan]) -> Vec<String> {
    let mut reasons = Vec::new();
    for (worker, plan) in scenario.workers.iter().zip(services) {
        let name = &worker.name;
        if plan.modules.is_empty() {
            reasons.push(format!(
                "the schedule never calls worker '{name}', and conform learns a worker's modules from the run"
            ));
            continue;
        }
        let clock = mentions(&plan.modules, &CLOCK_READS);
        if !clock.is_empty() {
            reasons.push(format!("R3: worker '{name}' reads the clock ({clock})"));
        }
        let random = mentions(&plan.modules, &RANDOM_DRAWS);
        if !random.is_empty() {
            reasons.push(format!("R3: worker '{name}' draws random values ({random})"));
        }
        let storage: Vec<&str> = (worker.kv.iter().map(|k| k.binding.as_str()))
            .chain(worker.d1.iter().map(|d| d.binding.as_str()))
            .chain(worker.r2.iter().map(|r| r.binding.as_str()))
            .chain(worker.queues.iter().map(|q| q.binding.as_str()))
            .chain(worker.unsupported_bindings.keys().map(String::as_str))
            .collect();
        if !storage.is_empty() {
            reasons.push(format!(
                "worker '{name}' has bindings conform does not serve to workerd ({})",
                storage.join(", ")
            ));
        }
        if !plan.packages.is_empty() {
            reasons.push(format!(
                "worker '{name}' imports packages ({}); conform serves workerd only the scenario's own modules",
                plan.packages.join(", ")
            ));
        }
    }
    reasons
}

/// `` `Date.now` in worker.js, `new Date` in lib.js `` for the first modules that mention
/// one of `words` (at most [`MODULES_NAMED_MAX`], then how many more).
fn mentions(modules: &[ModuleFile], words: &[&str]) -> String {
    let found: Vec<String> = modules
        .iter()
        .filter(|m| !m.json)
        .filter_map(|m| words.iter().find(|w| m.text.contains(**w)).map(|w| format!("`{w}` in {}", m.name)))
        .collect();
    let mut text = found.iter().take(MODULES_NAMED_MAX).cloned().collect::<Vec<_>>().join(", ");
    if found.len() > MODULES_NAMED_MAX {
        text.push_str(&format!(" and {} more modules", found.len() - MODULES_NAMED_MAX));
    }
    text
}

/// Modules a reason names before it counts the rest.
const MODULES_NAMED_MAX: usize = 2;

/// R9: the first sign that the run depends on the subrequest limits.
fn subrequest_limits(run: &Run) -> Option<String> {
    run.trace.iter().find_map(|event| match &event.kind {
        EventKind::SubrequestQueued { n, open } => Some(format!(
            "R9: {}'s subrequest #{n} waited for a connection slot ({open} open); local workerd does not enforce \
             the subrequest limits",
            event.owner
        )),
        EventKind::TooManySubrequests { n, limit, .. } => Some(format!(
            "R9: {}'s subrequest #{n} hit the limit of {limit} per request; local workerd does not enforce it",
            event.owner
        )),
        EventKind::SubrequestCancelled { n, reason: CancelReason::Deadlock, .. } => Some(format!(
            "R9: {}'s subrequest #{n} was cancelled to avoid deadlock; local workerd does not enforce the \
             subrequest limits",
            event.owner
        )),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosstalk_runtime::{Event, Owner, RequestOutcome};
    use std::sync::Arc;

    fn scenario() -> Scenario {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/end-1");
        crosstalk_scenario::load(dir).unwrap()
    }

    fn module(text: &str) -> ModuleFile {
        ModuleFile { name: "worker.js".into(), text: Arc::from(text), json: false }
    }

    fn run_with(trace: Vec<Event>, isolates: &[u32]) -> Run {
        let requests = isolates
            .iter()
            .enumerate()
            .map(|(i, isolate)| RequestOutcome {
                id: Owner::Request(i as u32 + 1),
                url: "https://worker.example/".into(),
                method: "GET".into(),
                isolate: *isolate,
                index: i,
                arrived_ms: 0,
                responded_ms: Some(0),
                outcome: OutcomeKind::Response,
                status: Some(200),
                headers: Vec::new(),
                body: Some("ok".into()),
                error: None,
                called_by: None,
            })
            .collect();
        Run { requests, trace, end_ms: 0 }
    }

    #[test]
    fn a_plain_run_is_comparable() {
        let run = run_with(Vec::new(), &[0, 0]);
        assert_eq!(reasons(&scenario(), &run, &[module("console.log('hi')")], &[]), Vec::<String>::new());
    }

    #[test]
    fn r9_limits_make_a_scenario_not_comparable() {
        let queued = Event { t_ms: 0, owner: Owner::Request(1), kind: EventKind::SubrequestQueued { n: 7, open: 6 } };
        let reasons = reasons(&scenario(), &run_with(vec![queued], &[0]), &[], &[]);
        assert_eq!(reasons.len(), 1);
        assert!(reasons[0].starts_with("R9: r1's subrequest #7 waited"), "{reasons:?}");
        let deadlock = Event {
            t_ms: 0,
            owner: Owner::Request(2),
            kind: EventKind::SubrequestCancelled { n: 1, reason: CancelReason::Deadlock, url: "u".into() },
        };
        assert!(subrequest_limits(&run_with(vec![deadlock], &[0])).unwrap().contains("avoid deadlock"));
        let response_time = Event {
            t_ms: 0,
            owner: Owner::Request(2),
            kind: EventKind::SubrequestCancelled { n: 1, reason: CancelReason::ResponseTime, url: "u".into() },
        };
        assert_eq!(subrequest_limits(&run_with(vec![response_time], &[0])), None);
    }

    #[test]
    fn r3_clock_and_randomness_make_a_scenario_not_comparable() {
        let run = run_with(Vec::new(), &[0]);
        let clock = reasons(&scenario(), &run, &[module("const t = Date.now();")], &[]);
        assert!(clock[0].starts_with("R3: the worker reads the clock (`Date.now` in worker.js)"), "{clock:?}");
        let random = reasons(&scenario(), &run, &[module("setTimeout(r, Math.random() * 9)")], &[]);
        assert!(random[0].contains("draws random values (`Math.random` in worker.js)"), "{random:?}");
        let many: Vec<ModuleFile> =
            (0..4).map(|i| ModuleFile { name: format!("m{i}.js"), ..module("new Date()") }).collect();
        assert_eq!(mentions(&many, &CLOCK_READS), "`new Date` in m0.js, `new Date` in m1.js and 2 more modules");
        let json = ModuleFile { json: true, ..module("{\"note\": \"Date.now\"}") };
        assert!(reasons(&scenario(), &run, &[json], &[]).is_empty());
    }

    #[test]
    fn several_isolates_and_packages_are_not_comparable() {
        let reasons = reasons(&scenario(), &run_with(Vec::new(), &[0, 1]), &[], &["jose".to_string()]);
        assert!(reasons[0].starts_with("R1: the schedule routes requests to 2 isolates"), "{reasons:?}");
        assert!(reasons[1].contains("imports packages (jose)"), "{reasons:?}");
    }
}
