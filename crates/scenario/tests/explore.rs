//! Strategies, campaigns and shrinking: every strategy finds the blocker hang and the
//! counter race; parallel and sharded campaigns give the single-threaded answer; a panic
//! is a finding; the 10-request blocker shrinks to 2 requests; the corpus is replayed first.

mod common;

use common::{counter_race, hang, scenario, temp_dir};
use crosstalk_scenario::{
    Campaign, FailingSchedule, Finding, Oracle, Schedule, Shard, Source, StrategyName, corpus, schedule_seed, shrink,
};

const STRATEGIES: [StrategyName; 3] = [StrategyName::Random, StrategyName::Pct, StrategyName::Exhaustive];

fn campaign(strategy: StrategyName, seed: u64) -> Campaign {
    Campaign { strategy, runs: 50, seed, ..Campaign::default() }
}

fn first(scenario_name: &str, strategy: StrategyName, seed: u64, oracle: &Oracle) -> FailingSchedule {
    let report = campaign(strategy, seed).run(&scenario(scenario_name), oracle).unwrap();
    report.findings.into_iter().next().unwrap_or_else(|| panic!("{strategy:?} found nothing in {scenario_name}"))
}

#[test]
fn every_strategy_finds_the_blocker_hang_and_the_counter_race() {
    for strategy in STRATEGIES {
        assert_eq!(first("blocker", strategy, 1, &hang).finding.kind, "hang");
        assert_eq!(first("counter", strategy, 1, &counter_race).finding.kind, "global-state-race");
    }
}

#[test]
fn a_found_schedule_replays_to_the_same_finding() {
    let s = scenario("counter");
    for strategy in STRATEGIES {
        let found = first("counter", strategy, 3, &counter_race);
        let run = found.schedule.replay(&s, None).unwrap();
        assert_eq!(counter_race(&found.schedule, &run), Some(found.finding.clone()), "{strategy:?}");
    }
    // Random schedule n is the schedule of its seed.
    let found = first("counter", StrategyName::Random, 3, &counter_race);
    let Source::Schedule(n) = found.source else { panic!("not from the corpus") };
    assert_eq!(Schedule::from_seed(&s, schedule_seed(3, n)).unwrap(), found.schedule);
}

/// An oracle that fails on some schedules only: the counter race on a subset of seeds.
fn sometimes(schedule: &Schedule, run: &crosstalk_runtime::Run) -> Option<Finding> {
    counter_race(schedule, run).filter(|_| schedule.random_seed.is_multiple_of(3))
}

#[test]
fn parallel_and_sharded_campaigns_equal_the_single_threaded_run() {
    let s = scenario("counter");
    let keep_going = |jobs, shard| Campaign {
        runs: 24,
        seed: 5,
        jobs,
        shard,
        stop_at_first: false,
        ..campaign(StrategyName::Random, 5)
    };
    let serial = keep_going(1, Shard::default()).run(&s, &sometimes).unwrap();
    let failing: u64 = serial.findings.iter().map(|f| f.count).sum();
    assert!(failing > 1 && failing < 24, "{failing}");
    assert!(serial.findings.len() < failing as usize, "findings of one signature are kept once, with a count");
    assert!(serial.findings.windows(2).all(|w| w[0].finding.signature() != w[1].finding.signature()));
    assert_eq!(keep_going(2, Shard::default()).run(&s, &sometimes).unwrap(), serial);
    // The shards' findings together are the campaign's: per signature, the earliest
    // schedule and the sum of the counts.
    let mut union: Vec<FailingSchedule> = Vec::new();
    for i in 0..3 {
        for found in keep_going(2, Shard { index: i, count: 3 }).run(&s, &sometimes).unwrap().findings {
            match union.iter_mut().find(|u| u.finding.signature() == found.finding.signature()) {
                Some(u) if number(u) <= number(&found) => u.count += found.count,
                Some(u) => *u = FailingSchedule { count: u.count + found.count, ..found },
                None => union.push(found),
            }
        }
    }
    union.sort_by_key(number);
    assert_eq!(union, serial.findings);
    // Stopping at the first finding gives the same first finding on any number of threads.
    let stop =
        |jobs| Campaign { stop_at_first: true, ..keep_going(jobs, Shard::default()) }.run(&s, &sometimes).unwrap();
    let (one, two) = (stop(1), stop(2));
    assert_eq!(one, two);
    assert_eq!(one.findings, vec![FailingSchedule { count: 1, ..serial.findings[0].clone() }]);
    assert_eq!(
        one.schedules_run,
        match serial.findings[0].source {
            Source::Schedule(n) => n + 1,
            _ => 0,
        }
    );
}

#[test]
fn a_panicking_schedule_is_an_internal_error_finding() {
    let s = scenario("counter");
    let boom = |schedule: &Schedule, _: &crosstalk_runtime::Run| -> Option<Finding> {
        assert!(!schedule.random_seed.is_multiple_of(2), "oracle bug");
        None
    };
    for jobs in [1, 2] {
        let report = Campaign { runs: 20, jobs, ..campaign(StrategyName::Random, 2) }.run(&s, &boom).unwrap();
        let found = &report.findings[0];
        assert_eq!(found.finding.kind, "internal-error");
        assert!(found.finding.message.contains("oracle bug"), "{}", found.finding.message);
    }
}

#[test]
fn exhaustive_search_counts_its_schedules_and_ends() {
    let s = scenario("counter");
    let never = |_: &Schedule, _: &crosstalk_runtime::Run| None;
    let report = Campaign { runs: 1000, ..campaign(StrategyName::Exhaustive, 0) }.run(&s, &never).unwrap();
    assert!(report.exhausted, "two requests have a small tree");
    assert!(report.schedules_run >= 2 && report.schedules_run < 1000, "{}", report.schedules_run);
    // Bounded by runs when the tree is bigger than the budget.
    let big = Campaign { runs: 3, ..campaign(StrategyName::Exhaustive, 0) }.run(&scenario("blocker"), &never).unwrap();
    assert_eq!((big.schedules_run, big.exhausted), (3, false));
}

#[test]
fn the_ten_request_blocker_shrinks_to_two_requests() {
    let s = scenario("blocker");
    let found = first("blocker", StrategyName::Random, 4, &hang);
    assert_eq!(found.schedule.requests.len(), 10);
    let shrunk = shrink(&s, None, &found.schedule, &hang).unwrap();
    assert_eq!(shrunk.schedule.requests.len(), 2, "{:#?}", shrunk.schedule);
    assert_eq!(shrunk.finding.kind, "hang");
    let arrivals: Vec<u64> = shrunk.schedule.requests.iter().map(|r| r.arrival_ms).collect();
    assert_eq!(arrivals, vec![0, 0], "arrivals shrink to the earliest, equal time");
    assert!(shrunk.schedule.choices.iter().all(|&c| c == 0) && shrunk.schedule.random_seed == 0);
    assert!(hang(&shrunk.schedule, &shrunk.schedule.replay(&s, None).unwrap()).is_some());
}

#[test]
fn shrinking_keeps_the_violation_kind() {
    let s = scenario("counter");
    let found = first("counter", StrategyName::Random, 8, &counter_race);
    let shrunk = shrink(&s, None, &found.schedule, &counter_race).unwrap();
    assert_eq!(shrunk.finding.kind, "global-state-race");
    assert_eq!(shrunk.schedule.requests.len(), 2, "a race needs two requests");
    // A clean schedule cannot be shrunk.
    let clean = Schedule { requests: vec![shrunk.schedule.requests[0].clone()], ..Schedule::default() };
    assert!(shrink(&s, None, &clean, &counter_race).is_err());
}

#[test]
fn the_corpus_is_replayed_first_and_stores_each_finding_once() {
    let s = scenario("blocker");
    let root = temp_dir("corpus-first");
    let found = first("blocker", StrategyName::Random, 4, &hang);
    let shrunk = shrink(&s, None, &found.schedule, &hang).unwrap();
    let entry = corpus::Entry {
        scenario: s.name.clone(),
        campaign_seed: 4,
        strategy: "random".into(),
        kind: shrunk.finding.kind.clone(),
        schedule: shrunk.schedule.clone(),
        violations: shrunk.finding.violations.clone(),
        profile: None,
        start_time: None,
        worker_env: None,
    };
    let saved = corpus::save(&root, &entry).unwrap();
    assert!(saved.created);
    assert!(!corpus::save(&root, &corpus::Entry { campaign_seed: 9, ..entry.clone() }).unwrap().created);
    let with_corpus = Campaign { corpus: Some(root.clone()), ..campaign(StrategyName::Random, 77) };
    let report = with_corpus.run(&s, &hang).unwrap();
    assert_eq!(report.corpus_replayed, 1);
    assert_eq!(report.schedules_run, 0, "the corpus finding stops the campaign before exploring");
    assert_eq!(report.findings[0].source, Source::Corpus(saved.path.clone()));
    assert_eq!(report.findings[0].schedule, shrunk.schedule);
    // Keep going: corpus findings come first, then the campaign's.
    let report = Campaign { stop_at_first: false, runs: 3, ..with_corpus }.run(&s, &hang).unwrap();
    assert!(matches!(report.findings[0].source, Source::Corpus(_)));
    assert!(report.findings[1..].iter().all(|f| matches!(f.source, Source::Schedule(_))));
    assert_eq!(report.findings[1..].iter().map(|f| f.count).sum::<u64>(), 3, "all three schedules hang");
    std::fs::remove_dir_all(&root).unwrap();
}

fn number(found: &FailingSchedule) -> u64 {
    match found.source {
        Source::Schedule(n) => n,
        Source::Corpus(_) => u64::MAX,
    }
}

/// Schedules until the first finding (1-based), for campaign seeds 0..20.
fn schedules_to_failure(scenario_name: &str, strategy: StrategyName, oracle: &Oracle) -> Vec<u64> {
    let s = scenario(scenario_name);
    (0..20).map(|seed| campaign(strategy, seed).run(&s, oracle).unwrap().schedules_run).collect()
}

fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

#[test]
fn pct_needs_no_more_schedules_than_random_on_the_seed_scenarios() {
    for (name, oracle) in [("blocker", &hang as &Oracle), ("counter", &counter_race as &Oracle)] {
        let random = schedules_to_failure(name, StrategyName::Random, oracle);
        let pct = schedules_to_failure(name, StrategyName::Pct, oracle);
        println!("{name}: schedules to first failure, random {random:?}, pct {pct:?}");
        assert!(random.iter().chain(&pct).all(|&n| n >= 1), "every campaign found it");
        assert!(median(pct.clone()) <= median(random.clone()), "{name}: pct {pct:?} vs random {random:?}");
        assert!(pct.iter().sum::<u64>() <= random.iter().sum::<u64>(), "{name}: pct {pct:?} vs random {random:?}");
    }
}
