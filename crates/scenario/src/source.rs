//! `FsSource`: a scenario folder or a wrangler project as a [`ModuleSource`] for the runtime.
//!
//! Module names are paths relative to the root folder (`worker.mjs`,
//! `node_modules/jose/dist/webapi/index.js`); imports never leave it. Resolution is
//! [`crate::resolve`]: relative paths with bundler-style probing, bare specifiers through
//! `node_modules` and `package.json`, `node:` modules when the compatibility flags allow
//! them. Files and resolutions are cached, so a campaign never sees a file change
//! mid-way and resolves each import once.

use crosstalk_runtime::{ModuleSource, ResolvedModule};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::resolve::{NodeCompat, ResolveError, Resolver, Target};

/// Reads modules from a folder. Module names are paths relative to the folder, with `/`
/// separators (`worker.js`, `lib/util.mjs`), as they appear in stack traces.
///
/// ```
/// use crosstalk_runtime::ModuleSource;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/modules");
/// let source = crosstalk_scenario::FsSource::new(std::path::Path::new(dir), "worker.mjs");
/// assert_eq!(source.resolve("worker.mjs", "./lib/shout.mjs").unwrap().name, "lib/shout.mjs");
/// ```
#[derive(Debug)]
pub struct FsSource {
    dir: PathBuf,
    main: String,
    compat: NodeCompat,
    cache: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    files: BTreeMap<String, Arc<str>>,
    /// (referrer, specifier) → target.
    targets: BTreeMap<(String, String), Result<Target, ResolveError>>,
}

impl FsSource {
    /// A source whose main module is `main` (relative to `dir`).
    pub fn new(dir: &Path, main: &str) -> Self {
        Self {
            dir: dir.to_path_buf(),
            main: main.trim_start_matches("./").to_string(),
            compat: NodeCompat::default(),
            cache: Mutex::new(Cache::default()),
        }
    }

    /// Lets `node:` imports through as the compatibility flags say (`nodejs_compat`,
    /// `nodejs_compat_v2`: every module crosstalk provides; `nodejs_als`:
    /// `node:async_hooks`). Without it, every `node:` import is an error naming the module.
    pub fn with_compatibility_flags(mut self, flags: &[String]) -> Self {
        self.compat = NodeCompat::from_flags(flags);
        self
    }

    /// The main module's name.
    pub fn main_name(&self) -> &str {
        &self.main
    }

    /// The text of the module named `name` (read once, then cached).
    pub(crate) fn text(&self, name: &str) -> Result<Arc<str>, String> {
        if name.is_empty() || name.starts_with('/') || name.split('/').any(|s| s == "..") {
            return Err(format!("'{name}' is outside the folder {}", self.dir.display()));
        }
        let mut cache = self.cache.lock().map_err(|_| "module cache poisoned".to_string())?;
        if let Some(source) = cache.files.get(name) {
            return Ok(Arc::clone(source));
        }
        let path = self.dir.join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
        let source: Arc<str> = Arc::from(text);
        cache.files.insert(name.to_string(), Arc::clone(&source));
        Ok(source)
    }

    fn module(&self, target: Target) -> Result<ResolvedModule, String> {
        match target {
            Target::File(name) => {
                let source = self.text(&name)?;
                Ok(ResolvedModule { json: name.ends_with(".json"), name, source })
            }
            Target::Builtin(name, source) => Ok(ResolvedModule { name, source: Arc::from(source), json: false }),
        }
    }

    /// Resolves without reading: the target or the reasons, for load-time checks.
    pub(crate) fn target(&self, referrer: &str, specifier: &str) -> Result<Target, ResolveError> {
        let key = (referrer.to_string(), specifier.to_string());
        if let Ok(cache) = self.cache.lock()
            && let Some(found) = cache.targets.get(&key)
        {
            return found.clone();
        }
        let found = Resolver { root: &self.dir, compat: self.compat }.resolve(referrer, specifier);
        if let Ok(mut cache) = self.cache.lock() {
            cache.targets.insert(key, found.clone());
        }
        found
    }

    /// Bare specifiers (`"jose"`, `"@scope/pkg/sub"`): `node_modules` resolution.
    pub fn resolve_bare(&self, referrer: &str, specifier: &str) -> Result<ResolvedModule, String> {
        self.target(referrer, specifier).map_err(|e| e.one_line()).and_then(|t| self.module(t))
    }
}

impl ModuleSource for FsSource {
    fn main(&self) -> Result<ResolvedModule, String> {
        let source = self.text(&self.main)?;
        Ok(ResolvedModule { name: self.main.clone(), json: false, source })
    }

    fn resolve(&self, referrer: &str, specifier: &str) -> Result<ResolvedModule, String> {
        if specifier.starts_with("./") || specifier.starts_with("../") {
            // Checked on the raw depth too: a name that climbs out must never be read.
            if escapes(referrer, specifier) {
                return Err(format!("'{specifier}' imported from '{referrer}' leaves the scenario folder"));
            }
        }
        self.target(referrer, specifier).map_err(|e| e.one_line()).and_then(|t| self.module(t))
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
        let node = source.resolve("worker.mjs", "node:fs").unwrap_err();
        assert!(node.contains("'node:fs'") && node.contains("nodejs_compat"), "{node}");
        assert!(source.resolve("worker.mjs", "/etc/passwd").unwrap_err().contains("absolute import"));
        assert!(source.resolve("worker.mjs", "../x.mjs").unwrap_err().contains("leaves the scenario folder"));
    }
}
