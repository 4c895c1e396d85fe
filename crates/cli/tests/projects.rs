//! Real wrangler projects with npm dependencies, run unchanged (the worked examples in
//! `scenarios/`). The jose example needs `npm install`; without npm the test says so and
//! passes vacuously outside CI (in CI, `CI=true`, a missing npm is a failure).

use std::path::{Path, PathBuf};

use crosstalk_harness::session::Session;

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name)
}

/// Installs the folder's npm dependencies if needed; false when npm is unavailable.
fn npm_ready(folder: &Path) -> bool {
    if folder.join("node_modules").is_dir() {
        return true;
    }
    let ok = std::process::Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(folder)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(std::env::var("CI").map_or(true, |v| v != "true"), "CI needs npm to install {}", folder.display());
        eprintln!("skipping: npm install failed or npm is missing in {}", folder.display());
    }
    ok
}

#[test]
fn jose_verifies_rs256_and_es256_and_rejects_a_tampered_token_while_racing_on_a_cold_key_set() {
    let folder = scenario("jwt-project");
    if !npm_ready(&folder) {
        return;
    }
    let session = Session::load(&folder, None).expect("the wrangler project loads");
    for seed in 0..6 {
        let checked = session.checked(Some(seed), None).expect("the project runs");
        let by_path =
            |path: &str| checked.run.requests.iter().find(|r| r.url.ends_with(path)).expect("request present").clone();
        let rs = by_path("/rs256");
        assert_eq!(
            (rs.status, rs.body.as_deref()),
            (Some(200), Some(r#"{"sub":"user-42","alg":"RS256"}"#)),
            "seed {seed}"
        );
        let es = by_path("/es256");
        assert_eq!(
            (es.status, es.body.as_deref()),
            (Some(200), Some(r#"{"sub":"user-7","alg":"ES256"}"#)),
            "seed {seed}"
        );
        let tampered = by_path("/tampered");
        assert_eq!(
            (tampered.status, tampered.body.as_deref()),
            (Some(401), Some(r#"{"error":"ERR_JWS_SIGNATURE_VERIFICATION_FAILED"}"#)),
            "jose's own error code, seed {seed}"
        );
        // All three arrive within 5 ms, before the key set (10..60 ms) is fetched: they race
        // on a cold key set, and the run is clean.
        assert!(checked.findings.violations.is_empty(), "seed {seed}: {:?}", checked.findings.violations);
        assert!(checked.verdict.matches);
    }
}

#[test]
fn kv_project_runs_from_its_wrangler_toml_with_vars_secrets_and_kv() {
    let session = Session::load(&scenario("kv-project"), None).expect("loads");
    let checked = session.checked(Some(0), None).expect("runs");
    let bodies: Vec<_> = checked.run.requests.iter().map(|r| r.body.clone().unwrap_or_default()).collect();
    assert_eq!(bodies, vec!["hello, visit 42 of visits:/home", "hello, visit 43 of visits:/home", "unauthorized"]);
    assert!(checked.verdict.matches);
}
