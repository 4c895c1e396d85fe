//! `FsSource`: the scenario folder as a [`ModuleSource`] for the runtime.
//!
//! Relative imports resolve against the importing module's folder and may not leave the
//! scenario folder. Bare specifiers (`"jose"`) are refused with a clear error for now:
//! `node_modules` resolution comes with wrangler projects, through [`FsSource::resolve_bare`].
//! Files are read once and cached, so a campaign never sees a file change mid-way.

use crosstalk_runtime::{ModuleSource, ResolvedModule, join_relative};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Reads modules from a scenario folder. Module names are paths relative to the folder,
/// with `/` separators (`worker.js`, `lib/util.mjs`), as they appear in stack traces.
#[derive(Debug)]
pub struct FsSource {
    dir: PathBuf,
    main: String,
    cache: Mutex<BTreeMap<String, Arc<str>>>,
}

impl FsSource {
    /// A source whose main module is `main` (relative to `dir`).
    pub fn new(dir: &Path, main: &str) -> Self {
        Self {
            dir: dir.to_path_buf(),
            main: main.trim_start_matches("./").to_string(),
            cache: Mutex::new(BTreeMap::new()),
        }
    }

    fn read(&self, name: &str, specifier: &str, referrer: &str) -> Result<ResolvedModule, String> {
        if name.is_empty() || name.starts_with("..") || name.split('/').any(|s| s == "..") {
            return Err(format!("'{specifier}' imported from '{referrer}' leaves the scenario folder"));
        }
        let mut cache = self.cache.lock().map_err(|_| "module cache poisoned".to_string())?;
        let source = match cache.get(name) {
            Some(source) => Arc::clone(source),
            None => {
                let path = self.dir.join(name);
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    format!("cannot read '{}' (imported as '{specifier}' from '{referrer}'): {e}", path.display())
                })?;
                let source: Arc<str> = Arc::from(text);
                cache.insert(name.to_string(), Arc::clone(&source));
                source
            }
        };
        Ok(ResolvedModule { name: name.to_string(), json: name.ends_with(".json"), source })
    }

    /// The seam for bare specifiers. Today: an error that says what is missing.
    pub fn resolve_bare(&self, referrer: &str, specifier: &str) -> Result<ResolvedModule, String> {
        Err(format!(
            "bare import '{specifier}' in '{referrer}' is not supported yet: use a relative path \
             ('./{specifier}.js'); node_modules resolution comes with wrangler projects"
        ))
    }
}

impl ModuleSource for FsSource {
    fn main(&self) -> Result<ResolvedModule, String> {
        self.read(&self.main.clone(), &self.main, "scenario.toml")
    }

    fn resolve(&self, referrer: &str, specifier: &str) -> Result<ResolvedModule, String> {
        if specifier.starts_with("./") || specifier.starts_with("../") {
            let name = join_relative(referrer, specifier);
            // `join_relative` drops `..` at the root; detect escapes on the raw depth.
            if escapes(referrer, specifier) {
                return Err(format!("'{specifier}' imported from '{referrer}' leaves the scenario folder"));
            }
            self.read(&name, specifier, referrer)
        } else if specifier.starts_with('/') {
            Err(format!("absolute import '{specifier}' in '{referrer}': use a path relative to the importing module"))
        } else {
            self.resolve_bare(referrer, specifier)
        }
    }
}

/// Whether `specifier`, relative to `referrer`'s folder, climbs above the folder root.
fn escapes(referrer: &str, specifier: &str) -> bool {
    let mut depth = referrer.split('/').count() as i64 - 1;
    for segment in specifier.split('/') {
        match segment {
            ".." => depth -= 1,
            "." | "" => {}
            _ => depth += 1,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_detects_climbing_out() {
        assert!(!escapes("worker.mjs", "./lib/a.mjs"));
        assert!(!escapes("lib/a.mjs", "../b.mjs"));
        assert!(escapes("worker.mjs", "../secret.mjs"));
        assert!(escapes("lib/a.mjs", "../../x.mjs"));
    }

    #[test]
    fn bare_and_absolute_imports_are_clear_errors() {
        let source = FsSource::new(Path::new("/nonexistent"), "worker.mjs");
        let bare = source.resolve("worker.mjs", "jose").unwrap_err();
        assert!(bare.contains("bare import 'jose'") && bare.contains("node_modules"), "{bare}");
        assert!(source.resolve("worker.mjs", "/etc/passwd").unwrap_err().contains("absolute import"));
        assert!(source.resolve("worker.mjs", "../x.mjs").unwrap_err().contains("leaves the scenario folder"));
    }
}
