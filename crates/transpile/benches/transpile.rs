//! The cost of compiling a TypeScript project, paid once per campaign:
//! `cargo bench -p crosstalk-transpile --bench transpile -- [FOLDER]` compiles every
//! `.ts`/`.tsx` file under FOLDER (default: the bundled typescript-project's `src`), nine
//! times, and prints the median. Test folders and `.d.ts` files are skipped.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.ends_with("tests") && !name.ends_with("test") {
                sources(&path, out);
            }
        } else if crosstalk_transpile::is_transpiled(&name)
            && !name.ends_with(".test.ts")
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            out.push((name, text));
        }
    }
}

fn main() {
    let folder = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/typescript-project/src"));
    let mut files = Vec::new();
    sources(&folder, &mut files);
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let options = crosstalk_transpile::Options::default();
    let mut rounds = Vec::new();
    for _ in 0..9 {
        let start = Instant::now();
        for (name, text) in &files {
            let out = crosstalk_transpile::transpile(name, text, &options);
            assert!(out.is_ok(), "{name}: {:?}", out.err());
        }
        rounds.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    rounds.sort_by(f64::total_cmp);
    let median = rounds[rounds.len() / 2];
    println!(
        "{} files, {:.0} KiB: median {median:.2} ms per compile of the folder ({:.1} MB/s)",
        files.len(),
        bytes as f64 / 1024.0,
        bytes as f64 / 1e6 / (median / 1000.0)
    );
}
