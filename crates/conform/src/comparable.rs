//! Which scenarios local workerd cannot show, and why.
//!
//! A difference conform reports must be a difference of the runtimes, never of the
//! harness. So a scenario is "not comparable" (reported with the reason, exit 0) when its
//! outcome depends on something local workerd does not reproduce:
//! - R9: crosstalk's run queues a subrequest, hits the subrequest limit or cancels one to
//!   avoid deadlock; local workerd enforces none of the limits;
//! - R11: crosstalk stopped a request for its CPU budget, which local workerd does not
//!   enforce;
//! - R1: the schedule routes requests to more than one isolate (local workerd runs one);
//! - the run hit crosstalk's own run limit (requests cancelled by the harness);
//! - static assets served (wrangler `[assets]`: Cloudflare's asset router and worker, not
//!   workerd, answer them);
//! - and what conform does not serve yet: D1, R2, queues, bindings crosstalk does not model,
//!   modules whose imports conform cannot point at the names it serves them under.
//!
//! R3 is judged per request and only when a request differs ([`input_reads`]): the clock
//! is frozen while JavaScript runs in production and in crosstalk but moves in local
//! workerd, and random values come from the schedule in crosstalk and from the OS in
//! workerd, so a difference on a run that read either may come from the inputs rather
//! than the runtimes. crosstalk records every such read as the run makes it (the run's
//! `inputs`), so an alias (`const now = Date.now`) counts and a `new Date(0)` does not.

use crosstalk_runtime::{CancelReason, EventKind, InputRead, InputSource, OutcomeKind, Owner, Run};
use crosstalk_scenario::Scenario;

/// Every reason the scenario is not comparable (empty when it is).
pub(crate) fn reasons(scenario: &Scenario, run: &Run, unserved: &[String]) -> Vec<String> {
    let mut reasons = Vec::new();
    if let Some(reason) = subrequest_limits(run) {
        reasons.push(reason);
    }
    if let Some(event) = run.trace.iter().find(|e| matches!(e.kind, EventKind::CpuLimit { .. })) {
        reasons.push(format!(
            "R11: crosstalk stopped {} for its CPU budget; local workerd does not enforce CPU limits",
            event.owner
        ));
    }
    if let Some(event) = run.trace.iter().find(|e| matches!(e.kind, EventKind::MemoryLimit { .. })) {
        reasons.push(format!(
            "R11: crosstalk stopped {} at the isolate's memory limit; local workerd does not enforce it",
            event.owner
        ));
    }
    let mut isolates: std::collections::BTreeMap<u32, Vec<String>> = std::collections::BTreeMap::new();
    for request in run.incoming() {
        isolates.entry(request.isolate).or_default().push(request.id.to_string());
    }
    if isolates.len() > 1 {
        let routes: Vec<String> =
            isolates.iter().map(|(isolate, ids)| format!("{} to isolate {isolate}", ids.join(", "))).collect();
        reasons.push(format!(
            "R1: the schedule routes requests to {} isolates ({}); local workerd runs the worker in one",
            isolates.len(),
            routes.join("; ")
        ));
    }
    let cancelled: Vec<String> =
        run.incoming().filter(|r| r.outcome == OutcomeKind::Cancelled).map(|r| r.id.to_string()).collect();
    if !cancelled.is_empty() || run.trace.iter().any(|e| matches!(e.kind, EventKind::RunLimit { .. })) {
        let which = if cancelled.is_empty() { String::new() } else { format!(" ({})", cancelled.join(", ")) };
        reasons.push(format!("the simulation reached its run limit and cancelled the requests still waiting{which}"));
    }
    let storage: Vec<&str> = (scenario.r2.iter().map(|r| r.binding.as_str()))
        .chain(scenario.queues.iter().map(|q| q.binding.as_str()))
        .collect();
    if !storage.is_empty() {
        let named: Vec<String> = storage.iter().map(|binding| format!("{binding}: {}", users(run, binding))).collect();
        reasons.push(format!("conform does not serve R2 buckets or queues to workerd yet ({})", named.join("; ")));
    }
    let events: Vec<String> = (run.incoming())
        .filter(|r| !scenario.requests.get(r.index).is_none_or(|spec| spec.is_fetch()))
        .map(|r| format!("{}: {}", r.id, r.method))
        .collect();
    if !events.is_empty() {
        reasons.push(format!(
            "the scenario delivers events other than fetch ({}); conform sends workerd HTTP requests only",
            events.join(", ")
        ));
    }
    if scenario.assets.is_some() {
        let served: Vec<String> = (run.trace.iter())
            .filter(|e| matches!(e.kind, EventKind::AssetsServed { .. } | EventKind::AssetsFetch { .. }))
            .map(|e| e.owner.to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !served.is_empty() {
            reasons.push(format!(
                "static assets answered {}: Cloudflare's asset router and asset worker run in front of workerd, \
                 which alone serves no assets",
                served.join(", ")
            ));
        }
    }
    if !scenario.workflows.is_empty() {
        let named: Vec<String> =
            (scenario.workflows.iter()).map(|w| format!("{}: {}", w.binding, users(run, &w.binding))).collect();
        reasons.push(format!(
            "the worker has Workflow bindings ({}): their engine runs beside workerd, not in it",
            named.join("; ")
        ));
    }
    if !scenario.small_bindings.is_empty() {
        let named: Vec<String> =
            (scenario.small_bindings.iter()).map(|b| format!("{}: {}", b.binding(), users(run, b.binding()))).collect();
        reasons.push(format!(
            "conform does not serve rate limiters, Analytics Engine, version metadata, email or Hyperdrive to workerd \
             yet ({})",
            named.join("; ")
        ));
    }
    if !scenario.unsupported_bindings.is_empty() {
        let named: Vec<String> = (scenario.unsupported_bindings.keys())
            .map(|binding| format!("{binding}: {}", users(run, binding)))
            .collect();
        reasons.push(format!("the worker has bindings crosstalk does not model ({})", named.join("; ")));
    }
    let alarms: Vec<String> = (run.trace.iter())
        .filter(|e| matches!(e.kind, EventKind::DoAlarmSet { .. }))
        .map(|e| e.owner.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !alarms.is_empty() {
        reasons.push(format!(
            "R17: a Durable Object alarm was set ({}); workerd 1.20261117 run locally did not deliver alarms in \
             our checks (KV- and SQLite-backed objects, kept in memory or on disk), so what they do cannot be compared",
            alarms.join(", ")
        ));
    }
    if !unserved.is_empty() {
        reasons.push(format!("conform cannot read the imports of some modules ({})", unserved.join("; ")));
    }
    reasons
}

/// Which requests used `binding` in the run (`used by r1, r3`, or `unused in this run`).
fn users(run: &Run, binding: &str) -> String {
    let mut owners: Vec<Owner> = (run.trace.iter())
        .filter(|e| match &e.kind {
            EventKind::D1Op { binding: b, .. }
            | EventKind::R2Op { binding: b, .. }
            | EventKind::QueueSend { binding: b, .. }
            | EventKind::BindingCall { binding: b, .. }
            | EventKind::UnsupportedBinding { binding: b, .. } => b == binding,
            _ => false,
        })
        .map(|e| e.owner)
        .collect();
    owners.sort_unstable();
    owners.dedup();
    if owners.is_empty() {
        return "unused in this run".to_string();
    }
    let names: Vec<String> = owners.iter().map(Owner::to_string).collect();
    format!("used by {}", names.join(", "))
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
        if !plan.unserved.is_empty() {
            reasons.push(format!(
                "conform cannot read the imports of some of worker '{name}''s modules ({})",
                plan.unserved.join("; ")
            ));
        }
    }
    reasons
}

/// R3: why a difference on request `id` may come from the run's inputs rather than the
/// runtimes, or `None` when the run read neither the clock, random values nor
/// `request.cf`. The request's
/// own reads come first; reads by others count too (module state is shared), and the
/// reason says so. The top level's clock reads do not count: the clock reads the Unix
/// epoch there in both runtimes (workerd has no request to take the time from).
pub(crate) fn input_reads(run: &Run, id: Owner) -> Option<String> {
    let inputs: Vec<&InputRead> =
        run.inputs.iter().filter(|r| !(r.owner == Owner::Startup && r.source == InputSource::Clock)).collect();
    if inputs.is_empty() {
        return None;
    }
    let own: Vec<&InputRead> = inputs.iter().copied().filter(|r| r.owner == id).collect();
    let others: Vec<&InputRead> = inputs.iter().copied().filter(|r| r.owner != id).collect();
    let mut text = String::from("R3: ");
    if own.is_empty() {
        text.push_str(&format!("{id} read neither the clock, random values nor request.cf, but {}", readers(&others)));
        text.push_str(" and module state is shared");
    } else {
        text.push_str(&format!("{id} {}", what(&own)));
        if !others.is_empty() {
            text.push_str(&format!(", and {}", readers(&others)));
        }
    }
    let clock = inputs.iter().any(|r| r.source == InputSource::Clock);
    let random = inputs.iter().any(|r| r.source == InputSource::Random);
    if clock {
        text.push_str(
            "; the clock stands still while JavaScript runs in production and in crosstalk, not in local workerd",
        );
    }
    if random {
        text.push_str("; crosstalk's random values come from the schedule, workerd's from the OS");
    }
    if inputs.iter().any(|r| r.source == InputSource::Cf) {
        text.push_str("; request.cf is the scenario's in crosstalk, local workerd's own (only clientIp)");
    }
    Some(text)
}

/// `read the clock (Date) and drew random values (Math.random)`.
fn what(reads: &[&InputRead]) -> String {
    let parts: Vec<String> = reads
        .iter()
        .map(|r| match r.source {
            InputSource::Clock => format!("read the clock ({})", r.api),
            InputSource::Random => format!("drew random values ({})", r.api),
            InputSource::Cf => format!("read {}", r.api),
        })
        .collect();
    parts.join(" and ")
}

/// `the worker's top-level code read the clock (Date), r2 drew random values
/// (Math.random)`, owners in order; past [`READERS_NAMED_MAX`] owners, how many more.
fn readers(reads: &[&InputRead]) -> String {
    let mut owners: Vec<Owner> = reads.iter().map(|r| r.owner).collect();
    owners.dedup();
    let more = owners.len().saturating_sub(READERS_NAMED_MAX);
    owners.truncate(READERS_NAMED_MAX);
    let mut parts: Vec<String> = owners
        .iter()
        .map(|owner| {
            let of: Vec<&InputRead> = reads.iter().copied().filter(|r| r.owner == *owner).collect();
            let who = match owner {
                Owner::Startup => "the worker's top-level code".to_string(),
                Owner::Request(_) => owner.to_string(),
            };
            format!("{who} {}", what(&of))
        })
        .collect();
    if more > 0 {
        parts.push(format!("{more} more request{} read them too", if more == 1 { "" } else { "s" }));
    }
    parts.join(", ")
}

/// Owners a reason names before it counts the rest.
const READERS_NAMED_MAX: usize = 2;

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

    fn scenario() -> Scenario {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/end-1");
        crosstalk_scenario::load(dir).unwrap()
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
                websocket: None,
            })
            .collect();
        Run { requests, trace, end_ms: 0, inputs: Vec::new() }
    }

    #[test]
    fn a_plain_run_is_comparable() {
        let run = run_with(Vec::new(), &[0, 0]);
        assert_eq!(reasons(&scenario(), &run, &[]), Vec::<String>::new());
    }

    #[test]
    fn a_storage_reason_names_the_requests_that_used_the_binding() {
        let op = |owner, binding: &str| Event {
            t_ms: 0,
            owner: Owner::Request(owner),
            kind: EventKind::D1Op {
                n: 1,
                binding: binding.into(),
                method: "all".into(),
                sql: "SELECT 1".into(),
                at: None,
            },
        };
        let run = run_with(vec![op(3, "DB"), op(1, "DB"), op(2, "OTHER"), op(1, "DB")], &[0, 0, 0]);
        assert_eq!(users(&run, "DB"), "used by r1, r3");
        assert_eq!(users(&run, "NONE"), "unused in this run");
    }

    #[test]
    fn r9_limits_make_a_scenario_not_comparable() {
        let queued = Event { t_ms: 0, owner: Owner::Request(1), kind: EventKind::SubrequestQueued { n: 7, open: 6 } };
        let reasons = reasons(&scenario(), &run_with(vec![queued], &[0]), &[]);
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

    fn read(owner: Owner, source: InputSource, api: &str) -> InputRead {
        InputRead { owner, source, api: api.into() }
    }

    #[test]
    fn r3_reads_excuse_a_difference_naming_who_read_what() {
        let mut run = run_with(Vec::new(), &[0, 0]);
        assert_eq!(input_reads(&run, Owner::Request(1)), None);
        // The top level's clock reads the epoch in both runtimes: no excuse.
        run.inputs = vec![read(Owner::Startup, InputSource::Clock, "Date")];
        assert_eq!(input_reads(&run, Owner::Request(1)), None);
        run.inputs = vec![
            read(Owner::Startup, InputSource::Random, "Math.random"),
            read(Owner::Request(2), InputSource::Clock, "performance.now"),
            read(Owner::Request(2), InputSource::Random, "Math.random"),
        ];
        let own = input_reads(&run, Owner::Request(2)).unwrap();
        assert!(
            own.starts_with(
                "R3: r2 read the clock (performance.now) and drew random values (Math.random), and the worker's \
                 top-level code drew random values (Math.random); the clock stands still"
            ),
            "{own}"
        );
        assert!(own.ends_with("workerd's from the OS"), "{own}");
        let others = input_reads(&run, Owner::Request(1)).unwrap();
        assert!(
            others.starts_with(
                "R3: r1 read neither the clock, random values nor request.cf, but the worker's top-level code drew \
                 random values (Math.random), r2 read the clock (performance.now) and drew random values (Math.random) \
                 and module state is shared"
            ),
            "{others}"
        );
        run.inputs = (1..=5).map(|id| read(Owner::Request(id), InputSource::Random, "Math.random")).collect();
        let many = input_reads(&run, Owner::Request(1)).unwrap();
        assert!(
            many.starts_with(
                "R3: r1 drew random values (Math.random), and r2 drew random values (Math.random), r3 drew random \
                 values (Math.random), 2 more requests read them too; crosstalk's"
            ),
            "{many}"
        );
    }

    #[test]
    fn several_isolates_and_unreadable_modules_are_not_comparable() {
        let reasons = reasons(&scenario(), &run_with(Vec::new(), &[0, 1]), &["a.js: Unexpected token".to_string()]);
        assert!(
            reasons[0].starts_with("R1: the schedule routes requests to 2 isolates (r1 to isolate 0; r2 to isolate 1)"),
            "{reasons:?}"
        );
        assert!(reasons[1].contains("cannot read the imports of some modules (a.js: Unexpected token)"), "{reasons:?}");
    }
}
