//! Runs a bundled scenario script with N identical requests and prints the checker's
//! text report: `cargo run -p crosstalk-checker --example dump -- blocker 3 [seed] [workerd]`.
use crosstalk_checker::{CheckConfig, ReferenceCache, check, report, verdict};
use crosstalk_runtime::{Model, MsRange, Profile, ProfileName, SeededScheduler, Syntax, simulate};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(name) = args.get(1) else {
        eprintln!("usage: dump SCENARIO [REQUESTS] [SEED] [workerd]");
        return;
    };
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
    let (file, syntax) = if std::path::Path::new(&format!("{dir}/worker.mjs")).exists() {
        ("worker.mjs", Syntax::Module)
    } else {
        ("worker.js", Syntax::ServiceWorker)
    };
    let Ok(text) = std::fs::read_to_string(format!("{dir}/{file}")) else {
        eprintln!("cannot read {dir}/{file}");
        return;
    };
    let source = crosstalk_runtime::MemorySource::single(file, &text);
    let mut model = Model::new(name, syntax, source).with_requests("https://worker.example/", MsRange::fixed(0), n);
    if args.get(4).map(String::as_str) == Some("workerd") {
        model.profile = Profile::new(ProfileName::Workerd, None, vec![]);
    }
    let run = match simulate(&model, &mut SeededScheduler::new(seed)) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let config = CheckConfig::default();
    let findings = check(&model, &run, &config, &mut ReferenceCache::new());
    let lookup = |f: &str| (f == file).then(|| text.clone());
    print!("{}", report::text(&findings, Some(&verdict(&config, &findings.violations)), &lookup));
}
