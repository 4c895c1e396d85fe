//! A campaign saves each finding to the corpus the moment a schedule shows it (unshrunk),
//! so a campaign that dies before shrinking keeps it; shrinking replaces it with the
//! minimal schedule.

use std::path::{Path, PathBuf};

use crosstalk_harness::explore::{Exploration, explore, minimise_failing};
use crosstalk_harness::session::{CampaignCounts, Session};
use crosstalk_scenario::{Shard, StrategyName};

fn entries(root: &Path) -> Vec<(PathBuf, serde_json::Value)> {
    let mut found = Vec::new();
    for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(file.path()).unwrap();
            found.push((file.path(), serde_json::from_str(&text).unwrap()));
        }
    }
    found
}

#[test]
fn a_finding_is_in_the_corpus_before_shrinking_and_its_shrunk_schedule_replaces_it() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/d1-dropped-write");
    let mut session = Session::load(&folder, None).expect("the scenario loads");
    session.override_expect(Some("clean")).expect("clean is a valid expectation");
    let corpus = std::env::temp_dir().join(format!("crosstalk-findings-saved-{}", std::process::id()));
    let plan = Exploration {
        strategy: StrategyName::Random,
        runs: Some(20),
        seed: 3,
        jobs: 1,
        shard: Shard::default(),
        keep_going: true,
        corpus: Some(corpus.clone()),
        time_ms: None,
        replay_check: false,
    };
    let mut explored = explore(&session, &plan, &CampaignCounts::default()).expect("the campaign runs");
    let before = entries(&corpus);
    assert_eq!(before.len(), 1, "one entry per finding, saved as it was found: {before:?}");
    assert_eq!(before[0].1["strategy"], "provisional");
    assert_eq!(before[0].1["kind"], "dropped-work");

    minimise_failing(&session, &plan, &mut explored).expect("shrinking runs");
    let after = entries(&corpus);
    drop(std::fs::remove_dir_all(&corpus));
    assert_eq!(after.len(), 1, "the shrunk entry replaced the provisional one: {after:?}");
    assert_ne!(after[0].1["strategy"], "provisional");
    assert_eq!(Some(&after[0].0), explored.failures[0].entry.as_ref());
}
