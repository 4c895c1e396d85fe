//! Chrome/Perfetto trace-event JSON (`crosstalk trace --format perfetto`).
//!
//! Owns the mapping from a crosstalk trace to the trace-event format that
//! ui.perfetto.dev and chrome://tracing open: one process per isolate, one thread
//! (track) per owner (`startup`, `r1`, …), an `X` slice per task, `i` instants for the
//! events people look for (console lines, drops, hangs, errors) and `s`/`f` flow arrows
//! for cross-request resolutions. It never changes the trace, only draws it.
//!
//! Virtual time stands still while JavaScript runs (R3), so many events share one
//! millisecond. To keep their order visible, each event gets a display timestamp that is
//! its virtual time in microseconds, pushed forward by [`STEP_US`] past the previous
//! event when needed; the true `t_ms` is always in the event's `args`.

use std::collections::BTreeMap;

use crosstalk_runtime::{Event, EventKind, Owner, describe};
use serde_json::{Value, json};

/// Display distance between two consecutive events that happen in the same millisecond.
pub const STEP_US: u64 = 10;

/// How long a slice lasts past its last event, so that a task that ran in zero virtual
/// time stays visible. Shorter than [`STEP_US`], so slices on one track never overlap.
const SLICE_TAIL_US: u64 = 8;

/// The category of every event we emit; flow events bind only within a category.
const CATEGORY: &str = "crosstalk";

/// Renders `trace` as a trace-event JSON document (`{"traceEvents": [...]}`).
///
/// ```
/// use crosstalk_runtime::{Event, EventKind, Owner};
/// let trace = vec![Event { t_ms: 0, owner: Owner::Startup, kind: EventKind::Startup { isolate: 0 } }];
/// let doc = crosstalk::render::perfetto::render(&trace, "demo");
/// assert!(doc["traceEvents"].as_array().is_some());
/// ```
pub fn render(trace: &[Event], scenario: &str) -> Value {
    let placed = place(trace);
    let mut out = Vec::new();
    metadata(&placed, scenario, &mut out);
    slices(&placed, &mut out);
    instants(&placed, &mut out);
    flows(&placed, &mut out);
    objects(&placed, &mut out);
    json!({
        "traceEvents": out,
        "displayTimeUnit": "ms",
        "otherData": { "scenario": scenario, "generator": "crosstalk" },
    })
}

/// A trace event with where it is drawn.
struct Placed<'a> {
    event: &'a Event,
    ts_us: u64,
    pid: u32,
    tid: u64,
    /// Index of the task (segment of the trace) the event happened in.
    task: usize,
}

/// A track: a (process, thread) pair and the owner it shows.
fn tid_of(owner: Owner, isolate: u32) -> u64 {
    match owner {
        // Startup tracks come after every request id, one per isolate.
        Owner::Startup => 1_000_000 + u64::from(isolate),
        Owner::Request(id) => u64::from(id),
    }
}

fn pid_of(isolate: u32) -> u32 {
    // pid 0 is special in some viewers (the idle "swapper" process): start at 1.
    isolate + 1
}

/// Whether `kind` starts a new task of the event loop. An isolate's startup is not one:
/// it runs inside the task of the request whose arrival booted the isolate.
fn starts_task(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Arrival { .. }
            | EventKind::TimerFired { .. }
            | EventKind::SubrequestHeaders { .. }
            | EventKind::SubrequestChunk { .. }
    )
}

/// Whether `kind` is recorded while JavaScript of its owner runs (so it belongs inside
/// a task slice) rather than by the loop's bookkeeping between tasks.
fn runs_code(kind: &EventKind) -> bool {
    starts_task(kind)
        || matches!(
            kind,
            EventKind::Startup { .. }
                | EventKind::Dispatch
                | EventKind::Console { .. }
                | EventKind::TimerSet { .. }
                | EventKind::TimerCleared { .. }
                | EventKind::Job { .. }
                | EventKind::RespondWith { .. }
                | EventKind::RespondWithMisuse { .. }
                | EventKind::WaitUntil { .. }
                | EventKind::Fetch { .. }
                | EventKind::SubrequestQueued { .. }
                | EventKind::UncaughtError { .. }
                | EventKind::UnhandledRejection { .. }
                | EventKind::ForeignIo { .. }
                | EventKind::TooManySubrequests { .. }
        )
}

fn place(trace: &[Event]) -> Vec<Placed<'_>> {
    let mut isolate_of: BTreeMap<u32, u32> = BTreeMap::new();
    let mut current_isolate = 0;
    let mut previous_us: Option<u64> = None;
    let mut task = 0;
    let mut placed = Vec::with_capacity(trace.len());
    for (index, event) in trace.iter().enumerate() {
        match (&event.kind, event.owner) {
            (EventKind::Startup { isolate }, _) => current_isolate = *isolate,
            (EventKind::Arrival { isolate, .. }, Owner::Request(id)) => {
                isolate_of.insert(id, *isolate);
                current_isolate = *isolate;
            }
            (_, Owner::Request(id)) if starts_task(&event.kind) => {
                current_isolate = isolate_of.get(&id).copied().unwrap_or(current_isolate);
            }
            _ => {}
        }
        if index > 0 && starts_task(&event.kind) {
            task += 1;
        }
        let isolate = match event.owner {
            Owner::Request(id) => isolate_of.get(&id).copied().unwrap_or(current_isolate),
            Owner::Startup => current_isolate,
        };
        let virtual_us = event.t_ms.saturating_mul(1000);
        let ts_us = match previous_us {
            Some(previous) => virtual_us.max(previous + STEP_US),
            None => virtual_us,
        };
        previous_us = Some(ts_us);
        placed.push(Placed { event, ts_us, pid: pid_of(isolate), tid: tid_of(event.owner, isolate), task });
    }
    placed
}

fn metadata(placed: &[Placed<'_>], scenario: &str, out: &mut Vec<Value>) {
    let mut processes: BTreeMap<u32, ()> = BTreeMap::new();
    let mut threads: BTreeMap<(u32, u64), Owner> = BTreeMap::new();
    for p in placed {
        processes.insert(p.pid, ());
        threads.insert((p.pid, p.tid), p.event.owner);
    }
    for pid in processes.keys() {
        let name = format!("{scenario} · isolate {}", pid - 1);
        out.push(json!({"ph": "M", "name": "process_name", "pid": pid, "tid": 0, "args": {"name": name}}));
        out.push(json!({"ph": "M", "name": "process_sort_index", "pid": pid, "tid": 0, "args": {"sort_index": pid}}));
    }
    for ((pid, tid), owner) in threads {
        let sort_index: i64 = match owner {
            Owner::Startup => 0,
            Owner::Request(id) => i64::from(id),
        };
        out.push(
            json!({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": owner.to_string()}}),
        );
        out.push(
            json!({"ph": "M", "name": "thread_sort_index", "pid": pid, "tid": tid, "args": {"sort_index": sort_index}}),
        );
    }
}

/// The name of a task slice: what started the task, seen from `owner`'s track.
fn task_name(starter: &Event, owner: Owner) -> String {
    if owner == Owner::Startup {
        return "startup".to_string();
    }
    let own = match &starter.kind {
        EventKind::Startup { .. } => "startup".to_string(),
        EventKind::Arrival { method, url, .. } => format!("dispatch {method} {url}"),
        EventKind::TimerFired { timer } => format!("timer #{timer}"),
        EventKind::SubrequestHeaders { n, status } => format!("fetch #{n} headers {status}"),
        EventKind::SubrequestChunk { n, chunk, .. } => format!("fetch #{n} chunk {chunk}"),
        other => other.name().to_string(),
    };
    if starter.owner == owner { own } else { format!("reactions (in {}'s {own})", starter.owner) }
}

fn slices(placed: &[Placed<'_>], out: &mut Vec<Value>) {
    // Per task, per track: the first and last code-running event.
    let mut spans: BTreeMap<(usize, u32, u64), (usize, usize)> = BTreeMap::new();
    let mut starter_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (index, p) in placed.iter().enumerate() {
        if starts_task(&p.event.kind) {
            starter_of.insert(p.task, index);
        }
        if !runs_code(&p.event.kind) {
            continue;
        }
        spans.entry((p.task, p.pid, p.tid)).and_modify(|span| span.1 = index).or_insert((index, index));
    }
    for ((task, pid, tid), (first, last)) in spans {
        let owner = placed[first].event.owner;
        let starter = starter_of.get(&task).map(|&i| placed[i].event).unwrap_or(placed[first].event);
        let start_us = placed[first].ts_us;
        let end_us = placed[last].ts_us + SLICE_TAIL_US;
        let events: Vec<String> = placed[first..=last]
            .iter()
            .filter(|p| p.pid == pid && p.tid == tid && runs_code(&p.event.kind))
            .map(|p| {
                format!("{}ms {} {}", p.event.t_ms, p.event.kind.name(), describe(&p.event.kind)).trim_end().to_string()
            })
            .collect();
        out.push(json!({
            "ph": "X", "cat": CATEGORY, "name": task_name(starter, owner),
            "pid": pid, "tid": tid, "ts": start_us, "dur": end_us - start_us,
            "args": {"t_ms": placed[first].event.t_ms, "owner": owner.to_string(), "events": events},
        }));
    }
}

/// The events drawn as instants, with their label.
fn instant_label(kind: &EventKind) -> Option<String> {
    let label = match kind {
        EventKind::Console { level, text } => format!("console.{level}: {text}"),
        EventKind::TimerDropped { timer, .. } => format!("timer #{timer} dropped"),
        EventKind::Hang { .. } => "hang".to_string(),
        EventKind::UncaughtError { message, .. } => format!("uncaught error: {message}"),
        EventKind::UnhandledRejection { message, .. } => format!("unhandled rejection: {message}"),
        EventKind::CpuLimit { .. } => "cpu limit".to_string(),
        EventKind::MemoryLimit { .. } => "memory limit".to_string(),
        EventKind::RespondWithMisuse { .. } => "respondWith misuse".to_string(),
        EventKind::Response { status } => format!("response {status}"),
        EventKind::PassThrough { .. } => "pass-through".to_string(),
        EventKind::RequestEnd { .. } => "request end".to_string(),
        EventKind::SubrequestCancelled { n, .. } => format!("fetch #{n} cancelled"),
        EventKind::SubrequestFailed { n, .. } => format!("fetch #{n} failed"),
        EventKind::TooManySubrequests { .. } => "too many subrequests".to_string(),
        EventKind::UnreadBody { n, .. } => format!("fetch #{n} body unread"),
        EventKind::ForeignIo { .. } => "foreign I/O".to_string(),
        _ => return None,
    };
    Some(truncate(&label, 80))
}

fn truncate(text: &str, chars_max: usize) -> String {
    let single_line = text.replace('\n', " ");
    if single_line.chars().count() <= chars_max {
        return single_line;
    }
    let mut cut: String = single_line.chars().take(chars_max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn instants(placed: &[Placed<'_>], out: &mut Vec<Value>) {
    for p in placed {
        let Some(name) = instant_label(&p.event.kind) else { continue };
        let mut args = serde_json::to_value(p.event).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut args {
            map.insert("detail".to_string(), Value::String(describe(&p.event.kind)));
        }
        out.push(json!({
            "ph": "i", "s": "t", "cat": CATEGORY, "name": name,
            "pid": p.pid, "tid": p.tid, "ts": p.ts_us, "args": args,
        }));
    }
}

/// A flow arrow per cross-request resolution: from the registering request's latest
/// code-running event (its `await`, usually) to the job on the settling owner's track.
fn flows(placed: &[Placed<'_>], out: &mut Vec<Value>) {
    let mut latest_code: BTreeMap<Owner, usize> = BTreeMap::new();
    let mut id = 0u64;
    for (index, p) in placed.iter().enumerate() {
        if let EventKind::Job { registered_by, at } = &p.event.kind
            && let Some(&source) = latest_code.get(registered_by)
        {
            id += 1;
            let from = &placed[source];
            let name = match at {
                Some(location) => format!("resolution of {registered_by}'s reaction at {location}"),
                None => format!("resolution of {registered_by}'s reaction"),
            };
            out.push(json!({"ph": "s", "cat": CATEGORY, "name": name, "id": id, "pid": from.pid, "tid": from.tid, "ts": from.ts_us}));
            out.push(json!({"ph": "f", "bp": "e", "cat": CATEGORY, "name": name, "id": id, "pid": p.pid, "tid": p.tid, "ts": p.ts_us}));
        }
        if runs_code(&p.event.kind) {
            latest_code.insert(p.event.owner, index);
        }
    }
}

/// The first track id of Durable Objects (after every request and startup track).
const OBJECT_TIDS: u64 = 2_000_000;

/// One track per Durable Object (in its isolate's process): an instant for each of its
/// events (construction, storage operations, confirmations, evictions, alarms), and
/// async slices for the time its input gate is closed (a storage read in flight, a
/// `blockConcurrencyWhile` callback) and for each write waiting for confirmation (what
/// the output gate holds answers for).
fn objects(placed: &[Placed<'_>], out: &mut Vec<Value>) {
    let mut tracks: BTreeMap<String, u64> = BTreeMap::new();
    // Open slices: (owner, n) of a read or write → (object, slice id, name).
    let mut open: BTreeMap<(Owner, u32, &'static str), (String, u64, String)> = BTreeMap::new();
    let mut blocks: BTreeMap<String, u64> = BTreeMap::new();
    let mut next_id = 0u64;
    let mut track = |object: &str, pid: u32, out: &mut Vec<Value>| -> u64 {
        let known = tracks.len() as u64;
        *tracks.entry(object.to_string()).or_insert_with(|| {
            let tid = OBJECT_TIDS + known;
            out.push(json!({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": object}}));
            out.push(
                json!({"ph": "M", "name": "thread_sort_index", "pid": pid, "tid": tid, "args": {"sort_index": tid}}),
            );
            tid
        })
    };
    let slice = |ph: &str, name: &str, id: u64, pid: u32, tid: u64, ts: u64, out: &mut Vec<Value>| {
        out.push(json!({"ph": ph, "cat": CATEGORY, "name": name, "id": id, "pid": pid, "tid": tid, "ts": ts}));
    };
    for p in placed {
        let owner = p.event.owner;
        let (object, label) = match &p.event.kind {
            EventKind::DoStorage { n, object, op, keys, cached, .. } => {
                let write = matches!(op.as_str(), "put" | "delete" | "deleteAll" | "sql.exec");
                let read = !cached && matches!(op.as_str(), "get" | "delete" | "list");
                let tid = track(object, p.pid, out);
                for (kind, open_it, name) in [
                    ("read", read, format!("input gate closed: {op}({keys})")),
                    ("write", write, format!("unconfirmed: {op}({keys})")),
                ] {
                    if open_it {
                        next_id += 1;
                        slice("b", &name, next_id, p.pid, tid, p.ts_us, out);
                        open.insert((owner, *n, kind), (object.clone(), next_id, name));
                    }
                }
                (object.clone(), format!("{owner} {op}({keys})"))
            }
            EventKind::DoStorageDone { n } | EventKind::DoWriteConfirmed { n } => {
                let kind = if matches!(p.event.kind, EventKind::DoStorageDone { .. }) { "read" } else { "write" };
                let Some((object, id, name)) = open.remove(&(owner, *n, kind)) else { continue };
                let tid = track(&object, p.pid, out);
                slice("e", &name, id, p.pid, tid, p.ts_us, out);
                (object, format!("{owner} #{n} {}", if kind == "read" { "read done" } else { "write confirmed" }))
            }
            EventKind::DoBlock { object, .. } => {
                next_id += 1;
                let tid = track(object, p.pid, out);
                slice("b", "input gate closed: blockConcurrencyWhile", next_id, p.pid, tid, p.ts_us, out);
                blocks.insert(object.clone(), next_id);
                (object.clone(), format!("{owner} blockConcurrencyWhile"))
            }
            EventKind::DoUnblock { object, .. } => {
                if let Some(id) = blocks.remove(object) {
                    let tid = track(object, p.pid, out);
                    slice("e", "input gate closed: blockConcurrencyWhile", id, p.pid, tid, p.ts_us, out);
                }
                (object.clone(), "blockConcurrencyWhile settled".to_string())
            }
            EventKind::DoConstruct { object } => (object.clone(), format!("constructed for {owner}")),
            EventKind::DoReset { object } => (object.clone(), "evicted (injected)".to_string()),
            EventKind::DoBroken { object, error } => (object.clone(), format!("broken: {error}")),
            EventKind::DoDeploy { object, .. } => (object.clone(), "reset by a deploy (injected)".to_string()),
            EventKind::DoAlarmSet { object, due_ms, .. } => (object.clone(), format!("alarm set for {due_ms} ms")),
            EventKind::DoAlarmDeleted { object, .. } => (object.clone(), "alarm deleted".to_string()),
            EventKind::DoAlarmDue { object, alarm, .. } => (object.clone(), format!("alarm → {alarm}")),
            EventKind::DoAlarmNotReached { object, .. } => (object.clone(), "alarm not reached".to_string()),
            _ => continue,
        };
        let tid = track(&object, p.pid, out);
        out.push(json!({
            "ph": "i", "s": "t", "cat": CATEGORY, "name": truncate(&label, 80),
            "pid": p.pid, "tid": tid, "ts": p.ts_us, "args": {"t_ms": p.event.t_ms, "owner": owner.to_string()},
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::sample_trace;

    fn events_of<'a>(doc: &'a Value, ph: &str) -> Vec<&'a Value> {
        doc["traceEvents"].as_array().expect("traceEvents").iter().filter(|e| e["ph"] == ph).collect()
    }

    #[test]
    fn one_named_track_per_owner() {
        let doc = render(&sample_trace(), "sample");
        let text = serde_json::to_string(&doc).expect("serialises");
        let parsed: Value = serde_json::from_str(&text).expect("parses back");
        let names: Vec<&str> = events_of(&parsed, "M")
            .into_iter()
            .filter(|e| e["name"] == "thread_name")
            .map(|e| e["args"]["name"].as_str().expect("name"))
            .collect();
        assert_eq!(names, ["r1", "r2", "r3", "startup"]);
    }

    #[test]
    fn tasks_are_slices_that_never_overlap_on_a_track() {
        let doc = render(&sample_trace(), "sample");
        let slices = events_of(&doc, "X");
        assert!(slices.iter().any(|s| s["name"].as_str().is_some_and(|n| n.starts_with("dispatch GET"))));
        assert!(slices.iter().any(|s| s["name"] == "timer #1"));
        let mut by_track: BTreeMap<(u64, u64), Vec<(u64, u64)>> = BTreeMap::new();
        for s in slices {
            let key = (s["pid"].as_u64().expect("pid"), s["tid"].as_u64().expect("tid"));
            let ts = s["ts"].as_u64().expect("ts");
            let dur = s["dur"].as_u64().expect("dur");
            assert!(dur > 0, "every slice is visible");
            by_track.entry(key).or_default().push((ts, ts + dur));
        }
        for spans in by_track.values() {
            for pair in spans.windows(2) {
                assert!(pair[0].1 <= pair[1].0, "slices overlap: {spans:?}");
            }
        }
    }

    #[test]
    fn each_durable_object_has_a_track_with_its_gates_as_slices() {
        let r4 = Owner::Request(4);
        let op = |n, op: &str, cached| EventKind::DoStorage {
            n,
            object: "Counter(main)".into(),
            op: op.into(),
            keys: "count".into(),
            cached,
            at: None,
        };
        let trace = vec![
            Event { t_ms: 0, owner: Owner::Startup, kind: EventKind::Startup { isolate: 0 } },
            Event { t_ms: 0, owner: r4, kind: EventKind::DoConstruct { object: "Counter(main)".into() } },
            Event { t_ms: 0, owner: r4, kind: op(1, "get", false) },
            Event { t_ms: 5, owner: r4, kind: EventKind::DoStorageDone { n: 1 } },
            Event { t_ms: 5, owner: r4, kind: op(2, "put", true) },
            Event { t_ms: 9, owner: r4, kind: EventKind::DoWriteConfirmed { n: 2 } },
        ];
        let doc = render(&trace, "objects");
        let track = events_of(&doc, "M")
            .into_iter()
            .find(|e| e["name"] == "thread_name" && e["args"]["name"] == "Counter(main)")
            .expect("a track named after the object");
        let tid = track["tid"].clone();
        let on_track = |ph: &str| events_of(&doc, ph).into_iter().filter(|e| e["tid"] == tid).count();
        assert_eq!(on_track("i"), 5, "construction, two operations, the read's completion, the confirmation");
        let begins: Vec<String> =
            events_of(&doc, "b").iter().map(|e| e["name"].as_str().unwrap_or_default().to_string()).collect();
        assert_eq!(begins, ["input gate closed: get(count)", "unconfirmed: put(count)"]);
        assert_eq!(on_track("e"), 2, "each slice ends");
    }

    #[test]
    fn instants_for_console_drops_and_hangs() {
        let doc = render(&sample_trace(), "sample");
        let names: Vec<&str> = events_of(&doc, "i").iter().map(|e| e["name"].as_str().expect("name")).collect();
        assert!(names.contains(&"console.log: waiting"));
        assert!(names.contains(&"hang"));
        assert!(names.contains(&"timer #2 dropped"));
    }

    #[test]
    fn flows_are_paired_and_cross_tracks() {
        let doc = render(&sample_trace(), "sample");
        let starts = events_of(&doc, "s");
        let finishes = events_of(&doc, "f");
        assert_eq!(starts.len(), 1);
        assert_eq!(finishes.len(), 1);
        assert_eq!(starts[0]["id"], finishes[0]["id"]);
        assert_eq!(starts[0]["tid"], 2, "from the registering request r2");
        assert_eq!(finishes[0]["tid"], 1, "to the settling request r1");
        assert!(starts[0]["ts"].as_u64() <= finishes[0]["ts"].as_u64());
    }

    #[test]
    fn display_time_is_monotonic_and_keeps_virtual_time() {
        let trace = sample_trace();
        let placed = place(&trace);
        for pair in placed.windows(2) {
            assert!(pair[0].ts_us < pair[1].ts_us);
        }
        for p in &placed {
            assert!(p.ts_us >= p.event.t_ms * 1000);
        }
    }
}
