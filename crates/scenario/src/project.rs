//! `Project`: what crosstalk takes from a Workers project's wrangler config.
//!
//! Owns reading `wrangler.toml` / `wrangler.json` / `wrangler.jsonc` and the `.dev.vars`
//! beside it: `main`, `compatibility_date`, `compatibility_flags`, `vars`,
//! `kv_namespaces`, `d1_databases`, `r2_buckets`, secrets, and the names of bindings crosstalk does not model. Every
//! problem is a [`LoadError`] at the file, line and column of the offending text.
//! `[env.<name>]` sections apply when asked for ([`load_project_env`]). Merging
//! with the scenario's own tables is `load`'s job, not this module's.

use crosstalk_runtime::assets::{AssetFile, AssetsSpec, HtmlHandling, NotFoundHandling, RunWorkerFirst};
use crosstalk_runtime::{CompatibilityDate, MsRange, SmallBinding};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::LoadError;
use crate::resolve::BUNDLE_HINT;
use crate::scenario::KvNamespace;
use crate::{dotenv, jsonc};

/// Latency of each operation on a KV namespace declared in wrangler's `kv_namespaces`,
/// unless the scenario's `[[kv]]` with the same binding says otherwise: 5 to 30 ms, the
/// order of an edge-cached KV read, so that schedules can reorder KV operations.
pub const WRANGLER_KV_LATENCY: MsRange = MsRange::new_range(5, 30);

/// The config file names wrangler looks for in a folder, in its order of preference.
pub const WRANGLER_FILES: &[&str] = &["wrangler.json", "wrangler.jsonc", "wrangler.toml"];

/// Binding kinds crosstalk does not model: (wrangler key, where the entries are, the
/// entry key holding the binding name).
const UNSUPPORTED: &[(&str, Shape, &str)] = &[
    ("ai", Shape::Single, "binding"),
    ("vectorize", Shape::List, "binding"),
    ("hyperdrive", Shape::List, "binding"),
    ("browser", Shape::Single, "binding"),
    ("dispatch_namespaces", Shape::List, "binding"),
    ("mtls_certificates", Shape::List, "binding"),
    ("workflows", Shape::List, "binding"),
    ("images", Shape::Single, "binding"),
    ("secrets_store_secrets", Shape::List, "binding"),
    ("pipelines", Shape::List, "binding"),
];

#[derive(Clone, Copy)]
enum Shape {
    /// `key = [{ binding = "X" }, …]`
    List,
    /// `key = { binding = "X" }`
    Single,
}

/// A Workers project as its wrangler config describes it.
///
/// ```
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/project");
/// let project = crosstalk_scenario::load_project(dir).unwrap();
/// assert_eq!(project.main, "src/index.js");
/// assert_eq!(project.vars["GREETING"], "hello");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// The wrangler file read.
    pub config: PathBuf,
    /// Its folder: the root of module names and of `node_modules` lookups.
    pub root: PathBuf,
    /// `main`, relative to `root` with `/` separators.
    pub main: String,
    /// `compatibility_date`; `None` when the config has none.
    pub compatibility_date: Option<CompatibilityDate>,
    /// `compatibility_flags`, as written.
    pub compatibility_flags: Vec<String>,
    /// `vars`; values that are not strings are JSON text (see `json_vars`).
    pub vars: BTreeMap<String, String>,
    /// The names in `vars` whose values are not strings: workerd binds them as JSON
    /// values (a number, a boolean, an object…), parsed from this text.
    pub json_vars: std::collections::BTreeSet<String>,
    /// `assets`: the static assets, their files read.
    pub assets: Option<AssetsSpec>,
    /// `ratelimits`, `analytics_engine_datasets`, `version_metadata`, `send_email`, and
    /// `hyperdrive` entries with a `localConnectionString`.
    pub small_bindings: Vec<SmallBinding>,
    /// `workflows` whose class is the worker's own (no `script_name`, or its own name).
    pub workflows: Vec<crosstalk_runtime::WorkflowSpec>,
    /// `.dev.vars` beside the config file.
    pub secrets: BTreeMap<String, String>,
    /// `kv_namespaces`, empty, with [`WRANGLER_KV_LATENCY`].
    pub kv: Vec<KvNamespace>,
    /// `d1_databases`.
    pub d1: Vec<ProjectD1>,
    /// The bindings of `r2_buckets`.
    pub r2: Vec<String>,
    /// `durable_objects.bindings`, SQLite-backed when a migration lists the class in
    /// `new_sqlite_classes`. A binding whose `script_name` names another Worker is also
    /// in `unsupported_bindings` until the scenario finds that Worker among its own.
    pub durable_objects: Vec<ProjectDurableObject>,
    /// `queues.producers`: (binding, queue).
    pub queue_producers: Vec<(String, String)>,
    /// `name`: the Worker's name, which other workers' service bindings use.
    pub name: Option<String>,
    /// `services`: bindings to other Workers (`{ binding, service, entrypoint }`).
    pub services: Vec<crosstalk_runtime::ServiceSpec>,
    /// `define`: (global or property chain, JavaScript expression), as esbuild applies it.
    pub define: Vec<(String, String)>,
    /// `rules`: custom module rules, before wrangler's defaults.
    pub rules: Vec<ModuleRuleSpec>,
    /// Bindings crosstalk does not model: name → wrangler key (`ai`, `vectorize`, …).
    pub unsupported_bindings: BTreeMap<String, String>,
}

/// One of wrangler's module `rules`: files matching `globs` import as `kind`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModuleRuleSpec {
    /// `Text`, `Data`, `CompiledWasm`, `ESModule`, `CommonJS`, `PythonModule` or
    /// `PythonRequirement` (checked when the config is read).
    pub kind: String,
    /// Patterns of module paths (`**/` any folders, `*` and `?` within a name).
    pub globs: Vec<String>,
    /// `fallthrough = true`: later rules of the same type (wrangler's defaults included)
    /// still apply; otherwise this rule completes its type.
    pub fallthrough: bool,
}

/// The module types wrangler's `rules` name.
const RULE_TYPES: [&str; 7] =
    ["ESModule", "CommonJS", "CompiledWasm", "Text", "Data", "PythonModule", "PythonRequirement"];

/// A binding of wrangler's `durable_objects.bindings`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectDurableObject {
    pub binding: String,
    pub class_name: String,
    pub sqlite: bool,
    /// `script_name`, when it names another Worker than this one.
    pub script: Option<String>,
}

/// A database of wrangler's `d1_databases`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectD1 {
    /// The name on `env`.
    pub binding: String,
    /// `migrations_dir` (default `migrations`), relative to the project's folder; the
    /// database starts with every `.sql` file in it applied, in name order, as after
    /// `wrangler d1 migrations apply`.
    pub migrations_dir: String,
}

/// Reads a wrangler config file, or the one in a folder ([`WRANGLER_FILES`]).
pub fn load_project(path: impl AsRef<Path>) -> Result<Project, LoadError> {
    load_project_env(path, None)
}

/// Keys an `[env.NAME]` section does not inherit from the top level (wrangler's
/// "non-inheritable keys"): every binding, and `define`.
const NOT_INHERITED: &[&str] =
    &["vars", "kv_namespaces", "d1_databases", "r2_buckets", "queues", "services", "durable_objects", "define"];

/// As [`load_project`], as `wrangler --env NAME` reads it: the `[env.NAME]` section's keys
/// over the top level's, bindings (`vars`, `kv_namespaces`, every other binding kind) and
/// `define` taken from the section only, and `.dev.vars.NAME` instead of `.dev.vars` when
/// it exists.
pub fn load_project_env(path: impl AsRef<Path>, env: Option<&str>) -> Result<Project, LoadError> {
    let path = path.as_ref();
    let file =
        if path.is_dir() {
            WRANGLER_FILES.iter().map(|f| path.join(f)).find(|f| f.is_file()).ok_or_else(|| {
                LoadError::file(path, "no wrangler.json, wrangler.jsonc or wrangler.toml in this folder")
            })?
        } else {
            path.to_path_buf()
        };
    let text = std::fs::read_to_string(&file).map_err(|e| {
        LoadError::file(&file, format!("cannot read the wrangler config: {e}"))
            .with_hint("`worker` names a wrangler.toml, wrangler.json or wrangler.jsonc")
    })?;
    let root = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let is_toml = file.extension().is_some_and(|e| e == "toml");
    let mut entries = if is_toml { toml_entries(&file, &text)? } else { json_entries(&file, &text)? };
    if let Some(name) = env {
        entries = environment(&file, &text, entries, name)?;
    }
    Config { file: &file, text: &text, entries }.project(root, env)
}

/// The entries `wrangler --env name` sees.
fn environment(file: &Path, text: &str, mut entries: Entries, name: &str) -> Result<Entries, LoadError> {
    let (envs, at) = entries.remove("env").unwrap_or((Value::Null, 0));
    let names: Vec<String> = envs.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    let Some(section) = envs.get(name).and_then(Value::as_object) else {
        let hint = if names.is_empty() {
            "the wrangler config has no [env.…] sections".to_string()
        } else {
            format!("its environments are: {}", names.join(", "))
        };
        return Err(
            LoadError::at(file, text, at, format!("no environment '{name}' in the wrangler config")).with_hint(hint)
        );
    };
    let bindings = UNSUPPORTED.iter().map(|(key, _, _)| *key);
    for key in NOT_INHERITED.iter().copied().chain(bindings) {
        entries.remove(key);
    }
    for (key, value) in section {
        entries.insert(key.clone(), (value.clone(), at));
    }
    Ok(entries)
}

/// A top-level key's value and the offset where it is written.
type Entries = BTreeMap<String, (Value, usize)>;

fn toml_entries(file: &Path, text: &str) -> Result<Entries, LoadError> {
    let table: BTreeMap<String, toml::Spanned<toml::Value>> = toml::from_str(text).map_err(|e| {
        LoadError::at(file, text, e.span().map_or(0, |s| s.start), format!("bad wrangler.toml: {}", e.message().trim()))
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, (v.span().start, toml_to_json(v.get_ref()))))
        .map(|(k, (at, v))| (k, (v, at)))
        .collect())
}

fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        // `compatibility_date = 2024-01-01` without quotes is a TOML date.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect()),
    }
}

fn json_entries(file: &Path, text: &str) -> Result<Entries, LoadError> {
    let json = jsonc::to_json(text);
    let value: Value = serde_json::from_str(&json).map_err(|e| {
        let line_start: usize = json.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
        let offset = line_start + e.column().saturating_sub(1);
        LoadError::at(file, text, offset, format!("bad wrangler config: {e}"))
    })?;
    let Value::Object(mut map) = value else {
        return Err(LoadError::at(file, text, 0, "the wrangler config is not a JSON object"));
    };
    Ok(jsonc::top_level_keys(&json)
        .into_iter()
        .filter_map(|(key, at)| map.remove(&key).map(|v| (key, (v, at))))
        .collect())
}

struct Config<'a> {
    file: &'a Path,
    text: &'a str,
    entries: Entries,
}

impl Config<'_> {
    fn err(&self, key: &str, message: impl Into<String>) -> LoadError {
        let at = self.entries.get(key).map_or(0, |(_, at)| *at);
        LoadError::at(self.file, self.text, at, message)
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.entries.get(key).map(|(v, _)| v)
    }

    fn string(&self, key: &str) -> Result<Option<String>, LoadError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.err(key, format!("`{key}` must be a string"))),
        }
    }

    fn project(self, root: PathBuf, env: Option<&str>) -> Result<Project, LoadError> {
        let main = self.main(&root)?;
        let compatibility_date = match self.string("compatibility_date")? {
            None => None,
            Some(date) => Some(date.parse::<CompatibilityDate>().map_err(|e| {
                self.err("compatibility_date", format!("bad compatibility date '{date}': {e}"))
                    .with_hint("write YYYY-MM-DD, e.g. 2024-01-01")
            })?),
        };
        let compatibility_flags = match self.get("compatibility_flags") {
            None => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
            }
            Some(_) => return Err(self.err("compatibility_flags", "`compatibility_flags` must be a list of strings")),
        };
        let vars = match self.get("vars") {
            None => BTreeMap::new(),
            Some(Value::Object(map)) => {
                map.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect()
            }
            Some(_) => return Err(self.err("vars", "`vars` must be a table of names to values")),
        };
        let assets = self.assets(&root)?;
        let small_bindings = self.small_bindings()?;
        let workflows = self.workflows()?;
        let json_vars = match self.get("vars") {
            Some(Value::Object(map)) => map.iter().filter(|(_, v)| !v.is_string()).map(|(k, _)| k.clone()).collect(),
            _ => Default::default(),
        };
        let kv = self.kv()?;
        let d1 = self.d1()?;
        let r2 = self.bucket_bindings()?;
        let name = self.string("name")?;
        let (durable_objects, external) = self.durable_objects(name.as_deref())?;
        let queue_producers = self.queue_producers()?;
        let services = self.services()?;
        let define = self.define()?;
        let rules = self.rules()?;
        let mut unsupported_bindings = self.unsupported();
        for binding in &small_bindings {
            unsupported_bindings.remove(binding.binding());
        }
        for workflow in &workflows {
            unsupported_bindings.remove(&workflow.binding);
        }
        for binding in external {
            unsupported_bindings.insert(binding, "durable_objects".to_string());
        }
        let secrets = secrets(&root, env)?;
        Ok(Project {
            config: self.file.to_path_buf(),
            root,
            main,
            compatibility_date,
            compatibility_flags,
            vars,
            json_vars,
            assets,
            small_bindings,
            workflows,
            secrets,
            kv,
            d1,
            r2,
            durable_objects,
            queue_producers,
            name,
            services,
            define,
            rules,
            unsupported_bindings,
        })
    }

    fn main(&self, root: &Path) -> Result<String, LoadError> {
        let Some(main) = self.string("main")? else {
            return Err(LoadError::file(self.file, "the wrangler config has no `main`").with_hint(format!(
                "crosstalk runs the Worker's entry module: add main = \"src/index.ts\" (or .js); for CommonJS, {BUNDLE_HINT}"
            )));
        };
        let name = main.trim_start_matches("./").replace('\\', "/");
        if Path::new(&main).is_absolute() || name.split('/').any(|s| s == "..") {
            return Err(self
                .err("main", format!("`main` ('{main}') is outside the project folder"))
                .with_hint("crosstalk resolves modules inside the folder of the wrangler config"));
        }
        if name.ends_with(".cts") {
            return Err(self
                .err("main", format!("`main` ('{main}') is CommonJS TypeScript, which crosstalk does not load"))
                .with_hint(BUNDLE_HINT));
        }
        if !root.join(&name).is_file() {
            return Err(self.err("main", format!("`main` ('{main}') does not exist")).with_hint(format!(
                "looked for {}; if it is a build output, build it first",
                root.join(&name).display()
            )));
        }
        Ok(name)
    }

    fn kv(&self) -> Result<Vec<KvNamespace>, LoadError> {
        let Some(value) = self.get("kv_namespaces") else { return Ok(Vec::new()) };
        let bad = || self.err("kv_namespaces", "`kv_namespaces` must be a list of { binding = \"NAME\", id = \"…\" }");
        let Value::Array(items) = value else { return Err(bad()) };
        items
            .iter()
            .map(|item| {
                let binding = item.get("binding").and_then(Value::as_str).ok_or_else(bad)?;
                Ok(KvNamespace { binding: binding.to_string(), latency: WRANGLER_KV_LATENCY, data: BTreeMap::new() })
            })
            .collect()
    }

    fn d1(&self) -> Result<Vec<ProjectD1>, LoadError> {
        let Some(value) = self.get("d1_databases") else { return Ok(Vec::new()) };
        let bad =
            || self.err("d1_databases", "`d1_databases` must be a list of { binding = \"DB\", database_name = \"…\" }");
        let Value::Array(items) = value else { return Err(bad()) };
        items
            .iter()
            .map(|item| {
                let binding = item.get("binding").and_then(Value::as_str).ok_or_else(bad)?;
                let migrations_dir = match item.get("migrations_dir") {
                    None => "migrations",
                    Some(dir) => dir.as_str().ok_or_else(bad)?,
                };
                Ok(ProjectD1 { binding: binding.to_string(), migrations_dir: migrations_dir.to_string() })
            })
            .collect()
    }

    fn bucket_bindings(&self) -> Result<Vec<String>, LoadError> {
        let Some(value) = self.get("r2_buckets") else { return Ok(Vec::new()) };
        let bad =
            || self.err("r2_buckets", "`r2_buckets` must be a list of { binding = \"BUCKET\", bucket_name = \"…\" }");
        let Value::Array(items) = value else { return Err(bad()) };
        items.iter().map(|item| Ok(item.get("binding").and_then(Value::as_str).ok_or_else(bad)?.to_string())).collect()
    }

    /// `durable_objects.bindings`, and the names of those to another Worker's class
    /// (`script_name`), modelled only when that Worker is one of the scenario's.
    fn durable_objects(&self, own: Option<&str>) -> Result<(Vec<ProjectDurableObject>, Vec<String>), LoadError> {
        let Some(value) = self.get("durable_objects") else { return Ok((Vec::new(), Vec::new())) };
        let bad = || {
            self.err(
                "durable_objects",
                "`durable_objects` must be { bindings = [{ name = \"ROOMS\", class_name = \"Room\" }, …] }",
            )
        };
        let Some(Value::Array(items)) = value.get("bindings") else { return Err(bad()) };
        let sqlite = self.sqlite_classes()?;
        let mut ours = Vec::new();
        let mut external = Vec::new();
        for item in items {
            let field = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_string);
            let (Some(binding), Some(class_name)) = (field("name"), field("class_name")) else { return Err(bad()) };
            match field("script_name") {
                Some(script) if Some(script.as_str()) != own => {
                    external.push(binding.clone());
                    ours.push(ProjectDurableObject { binding, sqlite: false, class_name, script: Some(script) });
                }
                _ => ours.push(ProjectDurableObject {
                    binding,
                    sqlite: sqlite.contains(&class_name),
                    class_name,
                    script: None,
                }),
            }
        }
        Ok((ours, external))
    }

    /// The classes `migrations` make SQLite-backed (`new_sqlite_classes`, and the new
    /// names of renamed ones).
    fn sqlite_classes(&self) -> Result<Vec<String>, LoadError> {
        let Some(value) = self.get("migrations") else { return Ok(Vec::new()) };
        let Value::Array(migrations) = value else {
            return Err(self.err("migrations", "`migrations` must be a list of { tag = \"v1\", new_classes = [...] }"));
        };
        let mut sqlite = Vec::new();
        for migration in migrations {
            if let Some(Value::Array(classes)) = migration.get("new_sqlite_classes") {
                sqlite.extend(classes.iter().filter_map(Value::as_str).map(str::to_string));
            }
        }
        Ok(sqlite)
    }

    fn define(&self) -> Result<Vec<(String, String)>, LoadError> {
        let Some(value) = self.get("define") else { return Ok(Vec::new()) };
        let bad = || {
            self.err("define", "`define` must be a table of names to JavaScript expressions (strings)")
                .with_hint("e.g. define = { \"__VERSION__\" = \"'1.2.3'\", \"process.env.MODE\" = \"'production'\" }")
        };
        let Value::Object(entries) = value else { return Err(bad()) };
        let define: Vec<(String, String)> = entries
            .iter()
            .map(|(key, value)| value.as_str().map(|v| (key.clone(), v.to_string())).ok_or_else(bad))
            .collect::<Result<_, _>>()?;
        crosstalk_transpile::check_define(&define)
            .map_err(|message| self.err("define", format!("bad define: {message}")))?;
        Ok(define)
    }

    /// `assets`: the folder's files read now (its root `_headers`, `_redirects` and
    /// `.assetsignore` are configuration, never served), with the routing options.
    fn assets(&self, root: &Path) -> Result<Option<AssetsSpec>, LoadError> {
        let Some(value) = self.get("assets") else { return Ok(None) };
        let err = |message: String| self.err("assets", message);
        let Value::Object(table) = value else {
            return Err(err("`assets` must be a table: { directory = \"./public\", binding = \"ASSETS\" }".into()));
        };
        for key in table.keys() {
            if ![
                "directory",
                "binding",
                "html_handling",
                "not_found_handling",
                "run_worker_first",
                "experimental_serve_directly",
            ]
            .contains(&key.as_str())
            {
                return Err(err(format!("unknown key `assets.{key}`")).with_hint(
                    "assets takes directory, binding, html_handling, not_found_handling and run_worker_first",
                ));
            }
        }
        let text = |key: &str| -> Result<Option<&str>, LoadError> {
            match table.get(key) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.as_str())),
                Some(_) => Err(err(format!("`assets.{key}` must be a string"))),
            }
        };
        let directory = text("directory")?
            .ok_or_else(|| err("`assets` has no `directory` (the folder of files to serve)".into()))?;
        let folder = root.join(directory);
        if !folder.is_dir() {
            return Err(err(format!("the assets directory {} does not exist", folder.display()))
                .with_hint("build the project first (its assets are what the build writes there)"));
        }
        let html_handling = match text("html_handling")? {
            None => HtmlHandling::AutoTrailingSlash,
            Some(mode) => HtmlHandling::parse(mode).ok_or_else(|| {
                err(format!("unknown `assets.html_handling` '{mode}'"))
                    .with_hint("it is one of auto-trailing-slash, force-trailing-slash, drop-trailing-slash, none")
            })?,
        };
        let not_found_handling = match text("not_found_handling")? {
            None => NotFoundHandling::None,
            Some(mode) => NotFoundHandling::parse(mode).ok_or_else(|| {
                err(format!("unknown `assets.not_found_handling` '{mode}'"))
                    .with_hint("it is one of none, 404-page, single-page-application")
            })?,
        };
        let run_worker_first = match table.get("run_worker_first") {
            None => RunWorkerFirst::All(false),
            Some(Value::Bool(all)) => RunWorkerFirst::All(*all),
            Some(Value::Array(rules)) => {
                let (mut worker, mut assets) = (Vec::new(), Vec::new());
                for rule in rules {
                    let Some(rule) = rule.as_str() else {
                        return Err(err("`assets.run_worker_first` rules must be strings".into()));
                    };
                    if let Some(negated) = rule.strip_prefix('!') {
                        if !negated.starts_with('/') {
                            return Err(err(format!(
                                "run_worker_first rule '{rule}': negative rules must start with '!/'"
                            )));
                        }
                        assets.push(negated.to_string());
                    } else if rule.starts_with('/') {
                        worker.push(rule.to_string());
                    } else {
                        return Err(err(format!("run_worker_first rule '{rule}': rules must start with '/' or '!/'")));
                    }
                }
                RunWorkerFirst::Rules { worker, assets }
            }
            Some(_) => return Err(err("`assets.run_worker_first` must be true, false or a list of path rules".into())),
        };
        let mut files = BTreeMap::new();
        let ignored = assets_ignore(&folder).map_err(|e| err(format!("bad .assetsignore: {e}")))?;
        read_assets(&folder, &folder, &ignored, &mut files)
            .map_err(|e| err(format!("cannot read the assets directory: {e}")))?;
        Ok(Some(AssetsSpec {
            binding: text("binding")?.map(str::to_string),
            files,
            html_handling,
            not_found_handling,
            run_worker_first,
            navigation_prefers_assets: true,
            latency: crosstalk_runtime::assets::ASSETS_LATENCY,
            redirects: read_rules(&folder.join("_redirects"))
                .map(|text| crosstalk_runtime::assets::parse_redirects(&text, html_handling))
                .unwrap_or_default(),
            headers: read_rules(&folder.join("_headers"))
                .map(|text| crosstalk_runtime::assets::parse_headers(&text))
                .unwrap_or_default(),
        }))
    }

    /// `workflows` of the worker's own classes (one naming another worker's class,
    /// `script_name`, stays an unmodelled binding).
    fn workflows(&self) -> Result<Vec<crosstalk_runtime::WorkflowSpec>, LoadError> {
        let Some(value) = self.get("workflows") else { return Ok(Vec::new()) };
        let bad = || self.err("workflows", "`workflows` must be a list of { name, binding, class_name }");
        let Value::Array(items) = value else { return Err(bad()) };
        let own = self.get("name").and_then(Value::as_str);
        let mut out = Vec::new();
        for item in items {
            let field = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_string);
            let (Some(binding), Some(class_name)) = (field("binding"), field("class_name")) else { return Err(bad()) };
            if field("script_name").is_some_and(|script| Some(script.as_str()) != own) {
                continue;
            }
            let name = field("name").unwrap_or_else(|| binding.clone());
            out.push(crosstalk_runtime::WorkflowSpec { binding, name, class_name });
        }
        Ok(out)
    }

    /// The bindings whose behaviour is small enough to be data ([`SmallBinding`]).
    fn small_bindings(&self) -> Result<Vec<SmallBinding>, LoadError> {
        let mut out = Vec::new();
        let list = |key: &str| -> Result<Vec<&serde_json::Map<String, Value>>, LoadError> {
            match self.get(key) {
                None => Ok(Vec::new()),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|item| {
                        item.as_object().ok_or_else(|| self.err(key, format!("`{key}` must be a list of tables")))
                    })
                    .collect(),
                Some(_) => Err(self.err(key, format!("`{key}` must be a list of tables"))),
            }
        };
        let field = |key: &str, item: &serde_json::Map<String, Value>, name: &str| -> Result<String, LoadError> {
            item.get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| self.err(key, format!("each `{key}` entry needs `{name}` (a string)")))
        };
        let strings =
            |key: &str, item: &serde_json::Map<String, Value>, name: &str| -> Result<Option<Vec<String>>, LoadError> {
                match item.get(name) {
                    None => Ok(None),
                    Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                        Ok(Some(items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()))
                    }
                    Some(_) => Err(self.err(key, format!("`{key}.{name}` must be a list of strings"))),
                }
            };
        for item in list("ratelimits")? {
            let binding = field("ratelimits", item, "name")?;
            let namespace = match item.get("namespace_id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => return Err(self.err("ratelimits", "each `ratelimits` entry needs `namespace_id`")),
            };
            let simple = item.get("simple").and_then(Value::as_object);
            let limit = simple.and_then(|s| s.get("limit")).and_then(Value::as_u64);
            let period = simple.and_then(|s| s.get("period")).and_then(Value::as_u64);
            let (Some(limit), Some(period)) = (limit, period) else {
                return Err(self.err(
                    "ratelimits",
                    format!("rate limiter {binding} needs `simple = {{ limit = 100, period = 60 }}`"),
                ));
            };
            if period != 10 && period != 60 {
                return Err(
                    self.err("ratelimits", format!("rate limiter {binding}: `period` must be 10 or 60, not {period}"))
                );
            }
            out.push(SmallBinding::RateLimit { binding, namespace, limit, period });
        }
        for item in list("analytics_engine_datasets")? {
            let binding = field("analytics_engine_datasets", item, "binding")?;
            let dataset = item.get("dataset").and_then(Value::as_str).unwrap_or(&binding).to_string();
            out.push(SmallBinding::AnalyticsEngine { binding, dataset });
        }
        if let Some(value) = self.get("version_metadata") {
            let binding = value
                .get("binding")
                .and_then(Value::as_str)
                .ok_or_else(|| self.err("version_metadata", "`version_metadata` needs `binding` (a string)"))?;
            out.push(SmallBinding::VersionMetadata { binding: binding.to_string() });
        }
        for item in list("send_email")? {
            let binding = field("send_email", item, "name")?;
            let destination = item.get("destination_address").and_then(Value::as_str).map(str::to_string);
            let allowed = strings("send_email", item, "allowed_destination_addresses")?;
            let senders = strings("send_email", item, "allowed_sender_addresses")?;
            out.push(SmallBinding::SendEmail { binding, destination, allowed, senders });
        }
        for item in list("hyperdrive")? {
            let binding = field("hyperdrive", item, "binding")?;
            let Some(connection_string) = item.get("localConnectionString").and_then(Value::as_str) else { continue };
            if url::Url::parse(connection_string).is_err() {
                return Err(
                    self.err("hyperdrive", format!("hyperdrive {binding}: `localConnectionString` is not a URL"))
                );
            }
            out.push(SmallBinding::Hyperdrive { binding, connection_string: connection_string.to_string() });
        }
        Ok(out)
    }

    fn queue_producers(&self) -> Result<Vec<(String, String)>, LoadError> {
        let Some(value) = self.get("queues") else { return Ok(Vec::new()) };
        let bad =
            || self.err("queues", "`queues.producers` must be a list of { binding = \"QUEUE\", queue = \"name\" }");
        let Some(producers) = value.get("producers") else { return Ok(Vec::new()) };
        let Value::Array(items) = producers else { return Err(bad()) };
        items
            .iter()
            .map(|item| {
                let binding = item.get("binding").and_then(Value::as_str).ok_or_else(bad)?;
                let queue = item.get("queue").and_then(Value::as_str).ok_or_else(bad)?;
                Ok((binding.to_string(), queue.to_string()))
            })
            .collect()
    }

    fn rules(&self) -> Result<Vec<ModuleRuleSpec>, LoadError> {
        let Some(value) = self.get("rules") else { return Ok(Vec::new()) };
        let bad = || {
            self.err(
                "rules",
                "`rules` must be a list of { type = \"Text\", globs = [\"**/*.md\"], fallthrough = true }",
            )
            .with_hint(format!("the types are {}", RULE_TYPES.join(", ")))
        };
        let Value::Array(items) = value else { return Err(bad()) };
        items
            .iter()
            .map(|item| {
                let kind = item.get("type").and_then(Value::as_str).ok_or_else(bad)?;
                if !RULE_TYPES.contains(&kind) {
                    return Err(self
                        .err("rules", format!("unknown module rule type '{kind}'"))
                        .with_hint(format!("the types are {}", RULE_TYPES.join(", "))));
                }
                let globs = item.get("globs").and_then(Value::as_array).ok_or_else(bad)?;
                let globs =
                    globs.iter().map(|g| g.as_str().map(str::to_string).ok_or_else(bad)).collect::<Result<_, _>>()?;
                let fallthrough = match item.get("fallthrough") {
                    None => false,
                    Some(f) => f.as_bool().ok_or_else(bad)?,
                };
                Ok(ModuleRuleSpec { kind: kind.to_string(), globs, fallthrough })
            })
            .collect()
    }

    fn services(&self) -> Result<Vec<crosstalk_runtime::ServiceSpec>, LoadError> {
        let Some(value) = self.get("services") else { return Ok(Vec::new()) };
        let bad = || {
            self.err("services", "`services` must be a list of { binding = \"NAME\", service = \"worker-name\" }")
                .with_hint("entrypoint = \"ClassName\" may name a WorkerEntrypoint export of the target")
        };
        let Value::Array(items) = value else { return Err(bad()) };
        items
            .iter()
            .map(|item| {
                let binding = item.get("binding").and_then(Value::as_str).ok_or_else(bad)?;
                let service = item.get("service").and_then(Value::as_str).ok_or_else(bad)?;
                let entrypoint = match item.get("entrypoint") {
                    None => None,
                    Some(e) => Some(e.as_str().ok_or_else(bad)?.to_string()),
                };
                Ok(crosstalk_runtime::ServiceSpec {
                    binding: binding.to_string(),
                    service: service.to_string(),
                    entrypoint,
                })
            })
            .collect()
    }

    fn unsupported(&self) -> BTreeMap<String, String> {
        let mut found = BTreeMap::new();
        for (key, shape, name_key) in UNSUPPORTED {
            let Some(value) = self.get(key) else { continue };
            let items: Vec<&Value> = match shape {
                Shape::Single => vec![value],
                Shape::List => value.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
            };
            for item in items {
                if let Some(name) = item.get(name_key).and_then(Value::as_str) {
                    found.insert(name.to_string(), key.to_string());
                }
            }
        }
        found
    }
}

/// The rules of the folder's `.assetsignore` (gitignore syntax, relative to the folder;
/// none when it has no such file): the files they match are not assets.
fn assets_ignore(folder: &Path) -> Result<ignore::gitignore::Gitignore, ignore::Error> {
    let mut builder = ignore::gitignore::GitignoreBuilder::new(folder);
    let file = folder.join(".assetsignore");
    if file.is_file()
        && let Some(error) = builder.add(&file)
    {
        return Err(error);
    }
    builder.build()
}

/// The text of a `_redirects` or `_headers` file, if the folder has one.
fn read_rules(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// Reads every file under `dir` into `files`, keyed by its path from `folder` with a
/// leading `/`, in name order; the folder's own `_headers`, `_redirects` and
/// `.assetsignore` are left out (Cloudflare never serves them), and so is what
/// `.assetsignore` matches; symlinks are skipped.
fn read_assets(
    folder: &Path,
    dir: &Path,
    ignored: &ignore::gitignore::Gitignore,
    files: &mut BTreeMap<String, AssetFile>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let kind = entry.file_type()?;
        let path = entry.path();
        if ignored.matched_path_or_any_parents(&path, kind.is_dir()).is_ignore() {
            continue;
        }
        if kind.is_dir() {
            read_assets(folder, &path, ignored, files)?;
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        let Ok(relative) = path.strip_prefix(folder) else { continue };
        let parts: Option<Vec<&str>> = relative.components().map(|c| c.as_os_str().to_str()).collect();
        let Some(parts) = parts else { continue };
        let key = format!("/{}", parts.join("/"));
        if matches!(key.as_str(), "/_headers" | "/_redirects" | "/.assetsignore") {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        files.insert(key.clone(), AssetFile::new(&key, bytes));
    }
    Ok(())
}

fn secrets(root: &Path, env: Option<&str>) -> Result<BTreeMap<String, String>, LoadError> {
    let for_env = env.map(|name| root.join(format!(".dev.vars.{name}"))).filter(|f| f.is_file());
    let file = for_env.unwrap_or_else(|| root.join(".dev.vars"));
    if !file.is_file() {
        return Ok(BTreeMap::new());
    }
    let text =
        std::fs::read_to_string(&file).map_err(|e| LoadError::file(&file, format!("cannot read .dev.vars: {e}")))?;
    dotenv::parse(&text).map_err(|e| {
        LoadError::at(&file, &text, e.offset, e.message).with_hint(".dev.vars holds KEY=value lines (dotenv syntax)")
    })
}
