//! `FsSource`: a scenario folder or a wrangler project as a [`ModuleSource`] for the runtime.
//!
//! Module names are paths relative to the root folder (`worker.mjs`,
//! `node_modules/jose/dist/webapi/index.js`); imports never leave it. Resolution is
//! [`crate::resolve`]: relative paths with bundler-style probing, bare specifiers through
//! `node_modules` and `package.json`, `node:` modules when the compatibility flags allow
//! them. Files and resolutions are cached, so a campaign never sees a file change
//! mid-way and resolves each import once.

use crosstalk_runtime::{ModuleSource, PositionMap, ResolvedModule};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::LoadError;
use crate::resolve::{NodeCompat, ResolveError, Resolver, Target};
use crate::tsconfig::TsConfig;

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
    /// The project's tsconfig, read on first use.
    tsconfig: OnceLock<Result<TsConfig, LoadError>>,
    cache: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    files: BTreeMap<String, Arc<str>>,
    /// (referrer, specifier) → target.
    targets: BTreeMap<(String, String), Result<Target, ResolveError>>,
    /// TypeScript and JSX modules, transpiled once per source (so once per campaign).
    compiled: BTreeMap<String, Result<Compiled, LoadError>>,
}

/// A module compiled to JavaScript, with the way back to its source.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub code: Arc<str>,
    pub positions: Arc<dyn PositionMap>,
}

/// The transpiler's map, as the runtime reads it.
#[derive(Debug)]
struct Positions(crosstalk_transpile::PositionMap);

impl PositionMap for Positions {
    fn original(&self, line: u32, column: u32) -> (u32, u32) {
        self.0.original(line, column)
    }
}

impl FsSource {
    /// A source whose main module is `main` (relative to `dir`).
    pub fn new(dir: &Path, main: &str) -> Self {
        Self {
            dir: dir.to_path_buf(),
            main: main.trim_start_matches("./").to_string(),
            compat: NodeCompat::default(),
            tsconfig: OnceLock::new(),
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

    /// The project's tsconfig (defaults without one).
    fn tsconfig(&self) -> Result<&TsConfig, LoadError> {
        self.tsconfig.get_or_init(|| TsConfig::load(&self.dir)).as_ref().map_err(Clone::clone)
    }

    /// The JavaScript of module `name`: compiled once if it is TypeScript or JSX.
    pub(crate) fn compiled(&self, name: &str) -> Result<Option<Compiled>, LoadError> {
        if !crosstalk_transpile::is_transpiled(name) {
            return Ok(None);
        }
        if let Some(found) = self.cache.lock().ok().and_then(|c| c.compiled.get(name).cloned()) {
            return found.map(Some);
        }
        let file = self.dir.join(name);
        let text = self.text(name).map_err(|e| LoadError::file(&file, e))?;
        let options = &self.tsconfig()?.options;
        let compiled = match crosstalk_transpile::transpile(name, &text, options) {
            Ok(out) => Ok(Compiled { code: Arc::from(out.code), positions: Arc::new(Positions(out.map)) }),
            Err(error) => Err(match error.at {
                Some((line, column)) => LoadError::at_line(&file, &text, line as usize, column as usize, error.message),
                None => LoadError::file(&file, error.message),
            }),
        };
        if let Ok(mut cache) = self.cache.lock() {
            cache.compiled.insert(name.to_string(), compiled.clone());
        }
        compiled.map(Some)
    }

    fn file_module(&self, name: String) -> Result<ResolvedModule, String> {
        match self.compiled(&name).map_err(|e| e.to_string())? {
            Some(compiled) => {
                Ok(ResolvedModule { name, source: compiled.code, json: false, positions: Some(compiled.positions) })
            }
            None => Ok(ResolvedModule::javascript(name.clone(), self.text(&name)?)),
        }
    }

    fn module(&self, target: Target) -> Result<ResolvedModule, String> {
        match target {
            Target::File(name) => self.file_module(name),
            Target::Builtin(name, source) => {
                Ok(ResolvedModule { name, source: Arc::from(source), json: false, positions: None })
            }
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
        let default = TsConfig::default();
        // A bad tsconfig is reported when a module is compiled; resolution goes on without it.
        let tsconfig = self.tsconfig().unwrap_or(&default);
        let found = Resolver { root: &self.dir, compat: self.compat, tsconfig }.resolve(referrer, specifier);
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
        let mut main = self.file_module(self.main.clone())?;
        main.json = false;
        Ok(main)
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
