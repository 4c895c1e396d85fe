//! `FsSource`: a scenario folder or a wrangler project as a [`ModuleSource`] for the runtime.
//!
//! Module names are paths relative to the root folder (`worker.mjs`,
//! `node_modules/jose/dist/webapi/index.js`); imports never leave it. Resolution is
//! [`crate::resolve`]: relative paths with bundler-style probing, bare specifiers through
//! `node_modules` and `package.json`, `node:` modules when the compatibility flags allow
//! them. Files and resolutions are cached, so a campaign never sees a file change
//! mid-way and resolves each import once.

use crosstalk_runtime::{CompatibilityDate, ModuleSource, PositionMap, ResolvedModule};

/// The compatibility date from which workerd provides `node:` modules without the
/// `nodejs_compat` flag (checked on workerd 1.20261117: `node:events` is "No such module"
/// at 2026-08-03 and loads at 2026-08-04).
pub use crosstalk_runtime::node_modules::NODEJS_COMPAT_DEFAULT_DATE;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::commonjs::{self, Required};
use crate::error::LoadError;
use crate::resolve::{NodeCompat, ResolveError, Resolver, Target};
use crate::scan::{scan, scan_commonjs};
use crate::tsconfig::TsConfig;

/// What wrangler's own `define` makes `process.env.NODE_ENV` in a deploy build.
const NODE_ENV_VALUE: &str = "\"production\"";

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
    /// The ancestors of `dir` with a `node_modules` folder (`resolve::outer_node_modules`).
    outer: Vec<PathBuf>,
    main: String,
    compat: NodeCompat,
    /// The project's tsconfig, read on first use.
    tsconfig: OnceLock<Result<TsConfig, LoadError>>,
    /// wrangler's `define`: replacements applied to every module that mentions them.
    define: Vec<(String, String)>,
    /// The modules are a wrangler project's, which wrangler builds with its own `define`
    /// of `process.env.NODE_ENV` ([`crosstalk_transpile::define_node_env`]).
    wrangler: bool,
    /// wrangler's module rules in force (custom ones, then the defaults they leave).
    rules: Vec<(ModuleRule, Vec<String>)>,
    cache: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    files: BTreeMap<String, Arc<str>>,
    /// (referrer, specifier, is a `require`) → target.
    targets: BTreeMap<(String, String, bool), Result<Target, ResolveError>>,
    /// Module name → whether it is CommonJS.
    commonjs: BTreeMap<String, bool>,
    /// Package folder → its `package.json` `browser` map (object form), if any.
    browser: BTreeMap<String, Option<Vec<(String, serde_json::Value)>>>,
    /// TypeScript and JSX modules, transpiled once per source (so once per campaign).
    compiled: BTreeMap<String, Result<Compiled, LoadError>>,
    /// Folder → whether the nearest `package.json` at or above it says `"type": "module"`.
    module_type: BTreeMap<String, bool>,
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
            outer: crate::resolve::outer_node_modules(dir),
            main: main.trim_start_matches("./").to_string(),
            compat: NodeCompat::default(),
            tsconfig: OnceLock::new(),
            define: Vec::new(),
            wrangler: false,
            rules: effective_rules(&[]),
            cache: Mutex::new(Cache::default()),
        }
    }

    /// wrangler's custom module `rules` (checked by the loader), applied before its
    /// defaults as wrangler applies them: a rule without `fallthrough = true` completes
    /// its type, so later rules of that type, defaults included, no longer apply.
    pub fn with_rules(mut self, rules: &[crate::project::ModuleRuleSpec]) -> Self {
        self.rules = effective_rules(rules);
        self
    }

    /// How module `name` imports under the rules in force: `None` for JavaScript. Globs
    /// match its path from the project folder or from the main module's folder
    /// (wrangler's `base_dir`).
    pub(crate) fn rule_of(&self, name: &str) -> Option<ModuleRule> {
        let base = self.main.rsplit_once('/').map(|(dir, _)| format!("{dir}/"));
        let from_base = base.as_deref().and_then(|b| name.strip_prefix(b));
        let rule = self.rules.iter().find(|(_, globs)| {
            globs.iter().any(|g| glob_matches(g, name) || from_base.is_some_and(|n| glob_matches(g, n)))
        });
        rule.map(|(kind, _)| *kind).filter(|kind| *kind != ModuleRule::JavaScript)
    }

    /// Applies wrangler's `define` (checked by the loader) to every module, as esbuild
    /// does when wrangler bundles.
    pub fn with_define(mut self, define: Vec<(String, String)>) -> Self {
        self.define = define;
        self
    }

    /// The modules are a wrangler project's: as a `wrangler deploy` build, every module
    /// reads `process.env.NODE_ENV` as `"production"` unless the project's `define` names
    /// it.
    pub fn with_wrangler_build(mut self, wrangler: bool) -> Self {
        self.wrangler = wrangler;
        self
    }

    /// Whether wrangler's own `define` of `process.env.NODE_ENV` applies: a wrangler
    /// project whose `define` does not name it.
    fn defines_node_env(&self) -> bool {
        self.wrangler && !self.define.iter().any(|(name, _)| name == crosstalk_transpile::NODE_ENV)
    }

    /// Lets `node:` imports through as the compatibility flags say (`nodejs_compat`,
    /// `nodejs_compat_v2`: the modules without a flag of their own; `nodejs_als`:
    /// `node:async_hooks`; `enable_nodejs_fs_module` and the like: theirs). Without it,
    /// every `node:` import is an error naming the module.
    pub fn with_compatibility_flags(mut self, flags: &[String]) -> Self {
        self.compat = NodeCompat { date: None, flags: flags.to_vec() };
        self
    }

    /// As [`Self::with_compatibility_flags`], with the dates workerd turns modules on at:
    /// `nodejs_compat` itself from 2026-08-04 (`NODEJS_COMPAT_DEFAULT_DATE`), `node:fs` and
    /// `node:os` from 2025-09-15 under it, … ([`crosstalk_runtime::node_modules`]).
    pub fn with_compatibility(mut self, date: Option<CompatibilityDate>, flags: &[String]) -> Self {
        self.compat = NodeCompat { date, flags: flags.to_vec() };
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
        let path = self.path(name);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
        // JavaScript boa would refuse but V8 runs is rewritten in place (lines and columns
        // kept), once per campaign.
        let javascript = [".js", ".mjs", ".cjs"].iter().any(|e| name.ends_with(e));
        let text = match javascript.then(|| crosstalk_transpile::boa_compatible(name, &text)).flatten() {
            Some(rewritten) => rewritten,
            None => text,
        };
        // wrangler's own define, also in place.
        let text = match (javascript && self.defines_node_env())
            .then(|| crosstalk_transpile::define_node_env(name, &text, NODE_ENV_VALUE))
            .flatten()
        {
            Some(rewritten) => rewritten,
            None => text,
        };
        let source: Arc<str> = Arc::from(text);
        cache.files.insert(name.to_string(), Arc::clone(&source));
        Ok(source)
    }

    /// The project's tsconfig (defaults without one).
    fn tsconfig(&self) -> Result<&TsConfig, LoadError> {
        self.tsconfig.get_or_init(|| TsConfig::load(&self.dir)).as_ref().map_err(Clone::clone)
    }

    /// The JavaScript of module `name`: compiled once if it is TypeScript or JSX, or if
    /// it is JavaScript that a `define` applies to.
    pub(crate) fn compiled(&self, name: &str) -> Result<Option<Compiled>, LoadError> {
        let typescript = crosstalk_transpile::is_transpiled(name);
        if !typescript && self.define.is_empty() {
            return Ok(None);
        }
        if let Some(found) = self.cache.lock().ok().and_then(|c| c.compiled.get(name).cloned()) {
            return found.map(Some);
        }
        let file = self.path(name);
        let text = self.text(name).map_err(|e| LoadError::file(&file, e))?;
        if !typescript && !crosstalk_transpile::needs_define(name, &text, &self.define) {
            return Ok(None);
        }
        let mut options = self.tsconfig()?.options.clone();
        options.define.clone_from(&self.define);
        // A JavaScript module's text has it replaced already; TypeScript's is the source.
        if self.defines_node_env() {
            options.define.push((crosstalk_transpile::NODE_ENV.to_string(), NODE_ENV_VALUE.to_string()));
        }
        let compiled = match crosstalk_transpile::transpile(name, &text, &options) {
            // JavaScript oxc cannot parse still runs as written (boa may parse it), only
            // without the defines.
            Err(_) if !typescript => return Ok(None),
            Ok(out) => {
                let code = crosstalk_transpile::boa_compatible("compiled.mjs", &out.code).unwrap_or(out.code);
                Ok(Compiled { code: Arc::from(code), positions: Arc::new(Positions(out.map)) })
            }
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
        if let Some(rule) = self.rule_of(&name) {
            return self.rule_module(name, rule);
        }
        match self.compiled(&name).map_err(|e| e.to_string())? {
            Some(compiled) => {
                Ok(ResolvedModule { name, source: compiled.code, json: false, positions: Some(compiled.positions) })
            }
            None => self.es_module(name),
        }
    }

    /// A module wrangler's default rules import as data: its text or bytes as the default
    /// export.
    fn rule_module(&self, name: String, rule: ModuleRule) -> Result<ResolvedModule, String> {
        let path = self.path(&name);
        let source = match rule {
            ModuleRule::Text => {
                let text = self.text(&name)?;
                format!("export default {};", serde_json::to_string(&*text).map_err(|e| e.to_string())?)
            }
            ModuleRule::Data => {
                let bytes = std::fs::read(&path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
                let list: Vec<String> = bytes.iter().map(u8::to_string).collect();
                format!("export default new Uint8Array([{}]).buffer;", list.join(","))
            }
            ModuleRule::CompiledWasm => {
                let bytes = std::fs::read(&path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
                crosstalk_runtime::compiled_wasm_source(&bytes)
            }
            ModuleRule::Python => return Err(ModuleRule::python_error(&name)),
            ModuleRule::JavaScript => unreachable!("rule_of never gives JavaScript"),
        };
        Ok(ResolvedModule::javascript(name, Arc::from(source)))
    }

    fn module(&self, target: Target) -> Result<ResolvedModule, String> {
        match target {
            Target::File(name) => self.file_module(name),
            Target::Builtin(name, source) => {
                Ok(ResolvedModule { name, source: Arc::from(source), json: false, positions: None })
            }
        }
    }

    /// Whether module `name` is CommonJS (see [`commonjs::is_commonjs`]); cached.
    pub(crate) fn is_commonjs(&self, name: &str) -> bool {
        if let Some(&known) = self.cache.lock().ok().and_then(|c| c.commonjs.get(name).copied()).as_ref() {
            return known;
        }
        let found = match self.text(name) {
            Ok(text) => commonjs::is_commonjs(name, &text, name.ends_with(".js") && scan(&text).module_syntax),
            Err(_) => false,
        };
        if let Ok(mut cache) = self.cache.lock() {
            cache.commonjs.insert(name.to_string(), found);
        }
        found
    }

    /// The body of the CommonJS file `name`: its `require`s resolved now, with the
    /// `require` condition.
    fn commonjs_body(&self, name: String) -> Result<ResolvedModule, String> {
        let text = self.text(&name)?;
        let requires = self.requires_of(&name, &text);
        let (source, width) = commonjs::body(&name, &text, &requires);
        Ok(ResolvedModule {
            name,
            source: Arc::from(source),
            json: false,
            positions: Some(Arc::new(commonjs::HeaderShift(width))),
        })
    }

    /// The ES module `name` as wrangler's bundle runs it: with a `require` function when
    /// it calls `require("…")` without declaring one (see [`commonjs::with_require`]).
    fn es_module(&self, name: String) -> Result<ResolvedModule, String> {
        let text = self.text(&name)?;
        if !text.contains("require(") || crate::scan::declares_require(&text) {
            return Ok(ResolvedModule::javascript(name, text));
        }
        let requires = self.requires_of(&name, &text);
        if requires.is_empty() {
            return Ok(ResolvedModule::javascript(name, text));
        }
        let source = commonjs::with_require(&text, &requires);
        Ok(ResolvedModule::javascript(name, Arc::from(source)))
    }

    /// What each literal `require("…")` of module `name` (text `text`) names, resolved
    /// with the `require` condition and the package's `browser` map.
    fn requires_of(&self, name: &str, text: &str) -> Vec<(String, Required)> {
        let mut requires: Vec<(String, Required)> = Vec::new();
        for (specifier, _) in scan_commonjs(text).requires {
            if requires.iter().any(|(s, _)| *s == specifier) {
                continue;
            }
            let resolved = self.resolve_target(name, &specifier, true);
            let file = match &resolved {
                Ok(Target::File(file)) => Some(file.as_str()),
                _ => None,
            };
            let required = match self.browser_replacement(name, &specifier, file) {
                Some(None) => Required::Empty,
                Some(Some(replacement)) if self.is_commonjs(&replacement) => Required::CommonJs(replacement),
                Some(Some(replacement)) => Required::Module(replacement),
                None => match resolved {
                    Ok(Target::File(file)) if self.is_commonjs(&file) => Required::CommonJs(file),
                    Ok(Target::File(file)) => Required::Module(file),
                    Ok(Target::Builtin(module, _)) => Required::Builtin(module),
                    Err(_) => Required::Missing,
                },
            };
            requires.push((specifier, required));
        }
        requires
    }

    /// What the `browser` field of the package holding `referrer` makes of `specifier`
    /// (resolved to `file`, when it resolved): `Some(None)` for `false` (an empty
    /// module), `Some(Some(name))` for a replacement file, `None` when it says nothing.
    /// As esbuild reads it for the browser platform wrangler bundles for.
    fn browser_replacement(&self, referrer: &str, specifier: &str, file: Option<&str>) -> Option<Option<String>> {
        let package = package_folder(referrer)?;
        let map = self.browser_map(&package)?;
        let relative = |name: &str| name.strip_prefix(&package).map(|rest| format!(".{rest}"));
        let wanted: Vec<String> = match file.and_then(relative) {
            Some(own) => vec![own.clone(), own.trim_end_matches(".js").to_string(), specifier.to_string()],
            None => vec![specifier.to_string()],
        };
        let (_, value) = map.iter().find(|(key, _)| wanted.iter().any(|w| w == key))?;
        match value {
            serde_json::Value::Bool(false) => Some(None),
            serde_json::Value::String(target) => {
                let name = crate::resolve::join(&package, target)?;
                self.is_file(&name).then_some(Some(name))
            }
            _ => None,
        }
    }

    /// Whether `importer` imports CommonJS as Node does (esbuild's "node mode": a `.mjs` or
    /// `.mts` file, or a `.js`/`.ts` file whose nearest `package.json` has
    /// `"type": "module"`): its default import is then always `module.exports`, even when
    /// that has `__esModule` set (tslib 1.x's `modules/index.js` imports its UMD file so).
    fn node_mode(&self, importer: &str) -> bool {
        if importer.ends_with(".mjs") || importer.ends_with(".mts") {
            return true;
        }
        if !(importer.ends_with(".js")
            || importer.ends_with(".ts")
            || importer.ends_with(".jsx")
            || importer.ends_with(".tsx"))
        {
            return false;
        }
        let folder = importer.rfind('/').map_or("", |i| &importer[..i]);
        self.module_type(folder)
    }

    fn module_type(&self, folder: &str) -> bool {
        if let Some(&known) = self.cache.lock().ok().and_then(|c| c.module_type.get(folder).copied()).as_ref() {
            return known;
        }
        let manifest = if folder.is_empty() { "package.json".to_string() } else { format!("{folder}/package.json") };
        let found = match std::fs::read_to_string(self.path(&manifest)) {
            Ok(text) => serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(|t| t == "module"))
                .unwrap_or(false),
            Err(_) if folder.is_empty() => false,
            Err(_) => self.module_type(folder.rfind('/').map_or("", |i| &folder[..i])),
        };
        if let Ok(mut cache) = self.cache.lock() {
            cache.module_type.insert(folder.to_string(), found);
        }
        found
    }

    fn browser_map(&self, package: &str) -> Option<Vec<(String, serde_json::Value)>> {
        if let Some(found) = self.cache.lock().ok().and_then(|c| c.browser.get(package).cloned()) {
            return found;
        }
        let manifest = std::fs::read_to_string(self.path(&format!("{package}/package.json"))).ok();
        let value: Option<serde_json::Value> = manifest.and_then(|m| serde_json::from_str(&m).ok());
        let map = value
            .as_ref()
            .and_then(|v| v.get("browser"))
            .and_then(serde_json::Value::as_object)
            .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
        if let Ok(mut cache) = self.cache.lock() {
            cache.browser.insert(package.to_string(), map.clone());
        }
        map
    }

    fn is_file(&self, name: &str) -> bool {
        self.path(name).is_file()
    }

    /// The file module `name` stands for (`resolve::overlay`: the project's own, or a
    /// hoisted package's in an ancestor's `node_modules`).
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        crate::resolve::overlay(&self.dir, &self.outer, name)
    }

    /// The ES face of the CommonJS file `file` for `referrer`, which imports it as
    /// `specifier`: the names the CommonJS lexer sees plus those the importer asks for.
    fn commonjs_face(&self, file: &str, referrer: &str, specifier: &str) -> Result<ResolvedModule, String> {
        let mut names = scan_commonjs(&self.text(file)?).exports;
        let importer = match self.compiled(referrer).ok().flatten() {
            Some(compiled) => compiled.code,
            None => self.text(referrer).unwrap_or_else(|_| Arc::from("")),
        };
        for import in scan(&importer).imports.into_iter().filter(|i| i.specifier == specifier) {
            names.extend(import.names);
        }
        let name = format!("{file}{}{referrer}", commonjs::FACE_MARK);
        let node_mode = self.node_mode(referrer);
        Ok(ResolvedModule::javascript(name, Arc::from(commonjs::face(file, &names, node_mode))))
    }

    /// Resolves without reading: the target or the reasons, for load-time checks.
    pub(crate) fn target(&self, referrer: &str, specifier: &str) -> Result<Target, ResolveError> {
        self.resolve_target(referrer, specifier, false)
    }

    fn resolve_target(&self, referrer: &str, specifier: &str, require: bool) -> Result<Target, ResolveError> {
        let key = (referrer.to_string(), specifier.to_string(), require);
        if let Ok(cache) = self.cache.lock()
            && let Some(found) = cache.targets.get(&key)
        {
            return found.clone();
        }
        let default = TsConfig::default();
        // A bad tsconfig is reported when a module is compiled; resolution goes on without it.
        let tsconfig = self.tsconfig().unwrap_or(&default);
        let found = Resolver { root: &self.dir, outer: &self.outer, compat: self.compat.settings(), tsconfig, require }
            .resolve(referrer, specifier);
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
        // The generated CommonJS modules name their files directly.
        if let Some(file) = specifier.strip_prefix(commonjs::BODY_PREFIX) {
            return self.commonjs_body(file.to_string());
        }
        if let Some(file) = specifier.strip_prefix(commonjs::FILE_PREFIX) {
            return self.file_module(file.to_string());
        }
        if specifier.starts_with("./") || specifier.starts_with("../") {
            // Checked on the raw depth too: a name that climbs out must never be read.
            if escapes(referrer, specifier) {
                return Err(format!("'{specifier}' imported from '{referrer}' leaves the scenario folder"));
            }
        }
        match self.target(referrer, specifier).map_err(|e| e.one_line())? {
            Target::File(file) if self.is_commonjs(&file) => self.commonjs_face(&file, referrer, specifier),
            target => self.module(target),
        }
    }
}

/// How wrangler's module rules import a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ModuleRule {
    /// `Text` (by default `**/*.txt`, `**/*.html`, `**/*.sql`): the text, as a string.
    Text,
    /// `Data` (by default `**/*.bin`): the bytes, as an `ArrayBuffer`.
    Data,
    /// `CompiledWasm` (by default `**/*.wasm`, `**/*.wasm?module`): a `WebAssembly.Module`.
    CompiledWasm,
    /// `ESModule`, `CommonJS`: JavaScript (crosstalk tells the two apart itself).
    JavaScript,
    /// `PythonModule`, `PythonRequirement` (not modelled).
    Python,
}

/// wrangler's default rules, after any custom ones: (type, globs).
const DEFAULT_RULES: [(&str, &[&str]); 3] = [
    ("Text", &["**/*.txt", "**/*.html", "**/*.sql"]),
    ("Data", &["**/*.bin"]),
    ("CompiledWasm", &["**/*.wasm", "**/*.wasm?module"]),
];

/// The rules in force: `custom` then the defaults, each type completed by its first rule
/// without `fallthrough` (later rules of that type are dropped).
fn effective_rules(custom: &[crate::project::ModuleRuleSpec]) -> Vec<(ModuleRule, Vec<String>)> {
    let all = custom
        .iter()
        .map(|r| (r.kind.as_str(), r.globs.clone(), r.fallthrough))
        .chain(DEFAULT_RULES.iter().map(|(kind, globs)| (*kind, globs.iter().map(|g| g.to_string()).collect(), false)));
    let mut completed: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (kind, globs, fallthrough) in all {
        if completed.contains(&kind) {
            continue;
        }
        if !fallthrough {
            completed.push(kind);
        }
        let rule = match kind {
            "Text" => ModuleRule::Text,
            "Data" => ModuleRule::Data,
            "CompiledWasm" => ModuleRule::CompiledWasm,
            "PythonModule" | "PythonRequirement" => ModuleRule::Python,
            // ESModule, CommonJS (the loader refuses any other type).
            _ => ModuleRule::JavaScript,
        };
        out.push((rule, globs));
    }
    out
}

/// Whether `path` matches `glob` as wrangler's globs match: `**/` any number of folders
/// (none included), `*` any run of characters but `/`, `?` one of them.
pub(crate) fn glob_matches(glob: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p {
            [] => s.is_empty(),
            [b'*', b'*', b'/', rest @ ..] => {
                go(rest, s) || s.iter().enumerate().any(|(i, &c)| c == b'/' && go(rest, &s[i + 1..]))
            }
            [b'*', b'*'] => true,
            [b'*', rest @ ..] => (0..=s.len()).take_while(|&i| i == 0 || s[i - 1] != b'/').any(|i| go(rest, &s[i..])),
            [b'?', rest @ ..] => s.first().is_some_and(|&c| c != b'/') && go(rest, &s[1..]),
            [c, rest @ ..] => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(glob.trim_start_matches("./").as_bytes(), path.as_bytes())
}

impl ModuleRule {
    pub(crate) fn python_error(name: &str) -> String {
        format!("'{name}' is a Python module (a PythonModule rule), which crosstalk does not model: it runs JavaScript")
    }
}

/// The package folder (`node_modules/x`, `node_modules/@s/x`) holding module `name`.
fn package_folder(name: &str) -> Option<String> {
    let at = name.rfind("node_modules/")?;
    let rest = &name[at + "node_modules/".len()..];
    let parts = if rest.starts_with('@') { 2 } else { 1 };
    let package: Vec<&str> = rest.split('/').take(parts).collect();
    (package.len() == parts).then(|| format!("{}{}", &name[..at + "node_modules/".len()], package.join("/")))
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
    fn globs_match_as_wranglers_do() {
        assert!(glob_matches("**/*.txt", "a.txt"));
        assert!(glob_matches("**/*.txt", "src/deep/a.txt"));
        assert!(!glob_matches("**/*.txt", "a.txt.js"));
        assert!(glob_matches("*.md", "README.md"));
        assert!(!glob_matches("*.md", "docs/README.md"));
        assert!(glob_matches("templates/*.html", "templates/a.html"));
        assert!(glob_matches("./templates/?.html", "templates/a.html"));
        assert!(!glob_matches("templates/?.html", "templates/ab.html"));
        assert!(glob_matches("src/**", "src/a/b/c.js"));
    }

    #[test]
    fn a_rule_without_fallthrough_completes_its_type() {
        let rule = |kind: &str, glob: &str, fallthrough| crate::project::ModuleRuleSpec {
            kind: kind.into(),
            globs: vec![glob.into()],
            fallthrough,
        };
        let kinds = |rules: &[crate::project::ModuleRuleSpec]| -> Vec<(ModuleRule, String)> {
            effective_rules(rules).into_iter().map(|(k, g)| (k, g.join(","))).collect()
        };
        // A Text rule drops the default Text rule; Data and CompiledWasm stay.
        assert_eq!(
            kinds(&[rule("Text", "**/*.md", false)]),
            [
                (ModuleRule::Text, "**/*.md".to_string()),
                (ModuleRule::Data, "**/*.bin".to_string()),
                (ModuleRule::CompiledWasm, "**/*.wasm,**/*.wasm?module".to_string())
            ]
        );
        // With fallthrough the default follows it; a second custom rule of a completed
        // type is dropped too.
        let with =
            kinds(&[rule("Text", "**/*.md", true), rule("Data", "**/*.dat", false), rule("Data", "**/*.x", false)]);
        assert_eq!(with.iter().filter(|(k, _)| *k == ModuleRule::Text).count(), 2);
        assert_eq!(
            with.iter().filter(|(k, _)| *k == ModuleRule::Data).map(|(_, g)| g.as_str()).collect::<Vec<_>>(),
            ["**/*.dat"]
        );
    }

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
