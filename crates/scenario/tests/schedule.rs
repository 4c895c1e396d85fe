//! Schedules: seed → schedule → run is deterministic across threads (across processes:
//! `tests/determinism.rs`); a
//! schedule round-trips through JSON and replays to the identical trace; hand-edited
//! schedules with too few or too many entries replay with defaults, never a panic.

mod common;

use common::{counter_race, hang, runs_json, scenario};
use crosstalk_runtime::{LatencyKey, simulate};
use crosstalk_scenario::{Latency, Recording, Replay, Schedule, ScheduledRequest, strategy::random::RandomScheduler};

#[test]
fn seed_to_schedule_to_run_is_deterministic_across_threads() {
    let here = runs_json();
    let there: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2).map(|_| scope.spawn(runs_json)).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(there.iter().all(|t| *t == here));
}

#[test]
fn the_recorded_schedule_replays_the_seeded_run_exactly() {
    let s = scenario("counter");
    let model = s.model(None);
    for seed in 0..5 {
        let mut recording = Recording::new(RandomScheduler::new(seed));
        let original = simulate(&model, &mut recording).unwrap();
        let schedule = recording.into_schedule();
        assert_eq!(schedule, Schedule::from_seed(&s, seed).unwrap(), "from_seed is the recording");
        assert_eq!(schedule.replay(&s, None).unwrap(), original);
    }
}

#[test]
fn a_schedule_round_trips_through_json_and_replays_to_the_identical_trace() {
    let s = scenario("blocker");
    let schedule = Schedule::from_seed(&s, 11).unwrap();
    let json = schedule.to_json();
    let back = Schedule::from_json(&json).unwrap();
    assert_eq!(back, schedule);
    let (a, b) = (schedule.replay(&s, None).unwrap(), back.replay(&s, None).unwrap());
    assert_eq!(serde_json::to_string(&a.trace).unwrap(), serde_json::to_string(&b.trace).unwrap());
    assert!(hang(&back, &b).is_some());
}

#[test]
fn hand_edited_schedules_replay_with_defaults() {
    let s = scenario("counter");
    // Only the requests: no choices, no latencies, seed 0. Every answer is a default.
    let minimal: Schedule = serde_json::from_str(
        r#"{"requests": [{"index": 0, "arrival_ms": 0, "isolate": 0}, {"index": 1, "arrival_ms": 10, "isolate": 0}]}"#,
    )
    .unwrap();
    let run = minimal.replay(&s, None).unwrap();
    assert_eq!(run.requests.len(), 2);
    assert_eq!(minimal.replay(&s, None).unwrap(), run, "defaults are deterministic too");
    // Too many choices and latencies, out-of-range values, a request the scenario lacks.
    let mut edited = minimal.clone();
    edited.choices = vec![7; 50];
    edited.latencies = vec![Latency { key: LatencyKey::Subrequest { request: 9, n: 1 }, ms: 5 }];
    edited.requests[1].arrival_ms = 10_000; // clamped to 50
    edited.requests[1].isolate = 4; // clamped to 0
    edited.requests.push(ScheduledRequest { index: 99, arrival_ms: 0, isolate: 0 });
    let problems = edited.check(&s);
    assert_eq!(problems.len(), 3, "{problems:?}");
    let run = edited.replay(&s, None).unwrap();
    assert_eq!(run.requests.len(), 2, "the unknown request is skipped");
    assert_eq!(run.requests.iter().map(|r| r.arrived_ms).max(), Some(50));
    let normalized = edited.normalized(&s);
    let mut replay = Replay::new(&normalized);
    simulate(&s.model_for(&normalized, None), &mut replay).unwrap();
    let (latencies, choices) = replay.unused();
    assert_eq!(latencies, 1, "the latency for a subrequest that never happens is unused");
    assert!(choices > 40, "surplus choices are ignored");
}

#[test]
fn seeds_differ_and_the_counter_race_depends_on_the_schedule() {
    let s = scenario("counter");
    let schedules: Vec<Schedule> = (0..6).map(|seed| Schedule::from_seed(&s, seed).unwrap()).collect();
    assert!(schedules.windows(2).any(|w| w[0] != w[1]));
    // Two requests arriving together interleave on the shared counter.
    let together: Schedule = serde_json::from_str(r#"{"requests": [{"index": 0, "arrival_ms": 0, "isolate": 0}, {"index": 1, "arrival_ms": 0, "isolate": 0}], "random_seed": 1}"#).unwrap();
    let run = together.replay(&s, None).unwrap();
    assert!(counter_race(&together, &run).is_some(), "{:?}", run.requests);
    // One request alone reads a serial pair: the oracle can say "clean".
    let alone = Schedule { requests: vec![together.requests[0].clone()], ..together.clone() };
    assert!(counter_race(&alone, &alone.replay(&s, None).unwrap()).is_none());
}

#[test]
fn subrequest_latencies_and_chunk_timing_are_recorded_and_replayed() {
    let s = scenario("fetch");
    let schedule = Schedule::from_seed(&s, 5).unwrap();
    let keys: Vec<&LatencyKey> = schedule.latencies.iter().map(|l| &l.key).collect();
    assert!(keys.iter().any(|k| matches!(k, LatencyKey::Subrequest { .. })), "{keys:?}");
    assert!(keys.iter().any(|k| matches!(k, LatencyKey::Chunk { .. })), "{keys:?}");
    let run = schedule.replay(&s, None).unwrap();
    assert_eq!(run, Schedule::from_json(&schedule.to_json()).unwrap().replay(&s, None).unwrap());
    // Editing one latency changes exactly what it should: that request takes longer.
    let mut slower = schedule.clone();
    let first = slower.latencies.iter_mut().find(|l| matches!(l.key, LatencyKey::Subrequest { .. })).unwrap();
    first.ms = 200;
    let elapsed =
        |run: &crosstalk_runtime::Run| -> Vec<String> { run.requests.iter().filter_map(|r| r.body.clone()).collect() };
    assert_ne!(elapsed(&slower.replay(&s, None).unwrap()), elapsed(&run));
    // Without latencies every subrequest takes its minimum: 20 ms + 3 chunks of 5 ms.
    let fastest = Schedule { latencies: Vec::new(), ..schedule };
    assert!(
        elapsed(&fastest.replay(&s, None).unwrap()).iter().all(|b| b == "abcdef 35"),
        "{:?}",
        elapsed(&fastest.replay(&s, None).unwrap())
    );
}
