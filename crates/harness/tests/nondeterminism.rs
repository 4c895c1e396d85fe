//! `check` replays every schedule it judges and fails when a replay differs from the
//! first run. The worker here calls the runtime's test-only nondeterministic counter,
//! which this test binary enables for its whole process (so it has no other tests:
//! the deterministic half lives in `check.rs`'s unit tests, a process without it).

use std::path::Path;

use crosstalk_harness::check::{CheckOptions, check_scenario, summary};
use crosstalk_harness::determinism::Difference;
use crosstalk_harness::explore::Origin;
use crosstalk_harness::session::Session;

#[test]
fn a_replay_that_differs_from_its_first_run_fails_the_check_and_names_the_first_differing_event() {
    crosstalk_runtime::enable_nondeterministic_counter();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nondeterministic");
    let session = Session::load(&folder, None).expect("the fixture loads");
    let corpus = std::env::temp_dir().join(format!("crosstalk-harness-nondeterminism-{}", std::process::id()));
    let options = CheckOptions { runs: 2, seed: 0, jobs: 1, corpus: Some(corpus.clone()) };
    let result = check_scenario(&session, &options).expect("the check runs");
    drop(std::fs::remove_dir_all(&corpus));

    assert!(!result.matches);
    let divergence = result.divergences.first().expect("the pinned schedule diverges");
    assert_eq!(divergence.origin, Origin::Pinned(0));
    assert_eq!(divergence.schedule, result.pinned.schedule);
    // The trace is arrival, startup, dispatch, then the console line with the counter.
    let Difference::Event { index: 3, first: Some(first), replay: Some(replay) } = &divergence.difference else {
        panic!("expected trace event 3 to differ: {:?}", divergence.difference);
    };
    let console = r#"{"t_ms":0,"owner":"r1","event":"console","level":"log","text":"counter "#;
    assert!(first.starts_with(console) && replay.starts_with(console), "{first}\n{replay}");
    assert_ne!(first, replay);

    let text = summary(&session, &result);
    assert!(
        text.starts_with(
            "FAIL  nondeterministic  nondeterministic: replaying pinned seed 0 gave a different run: trace event 3 differs\n"
        ),
        "{text}"
    );
    assert!(text.contains(&format!("      first run: {first}\n      replay:    {replay}\n")), "{text}");
}
