//! `load`: a scenario folder (or its `scenario.toml`) → a validated [`Scenario`].
//!
//! Owns every check of INTERFACES.md "Scenario files" and turns each failure into a
//! [`LoadError`] located at the offending key or value. Never panics on bad input.

use crosstalk_runtime::{ClientClose, MsRange, OriginSpec, ProfileName, RequestSpec, Syntax};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

use crate::duration::parse_range;
use crate::error::{LoadError, did_you_mean};
use crate::graph::check_imports;
use crate::raw::{RawExpect, RawKv, RawOrigin, RawRequest, RawRuntime, RawScenario};
use crate::scenario::{Expect, KvNamespace, RuntimeKnobs, Scenario, WorkerProject};
use crate::trial::INTERNAL_ERROR;
use crosstalk_checker::{Kind, Severity};

mod d1;
mod events;
mod r2;
mod service;
mod worker;

pub use d1::D1_LATENCY;
pub use r2::{DURABLE_OBJECT_LATENCY, QUEUE_LATENCY, R2_LATENCY};

/// The names `[expect] violations` accepts: the checker's kinds (INTERFACES.md), in table
/// order, then `internal-error` (a panic of crosstalk itself; not a checker kind).
pub fn expectable_kinds() -> impl Iterator<Item = &'static str> {
    Kind::ALL.into_iter().map(Kind::as_str).chain([INTERNAL_ERROR])
}

/// Loads a scenario from its folder or its `scenario.toml`.
///
/// ```
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/blocker");
/// let scenario = crosstalk_scenario::load(path).unwrap();
/// assert_eq!(scenario.name, "blocker");
/// assert_eq!(scenario.requests.len(), 10); // `count = 10`
/// ```
pub fn load(path: impl AsRef<Path>) -> Result<Scenario, LoadError> {
    load_env(path, None)
}

/// As [`load`], running the wrangler environment `worker_env` (`--env NAME`) instead of
/// the one the scenario names, if any.
pub fn load_env(path: impl AsRef<Path>, worker_env: Option<&str>) -> Result<Scenario, LoadError> {
    let path = path.as_ref();
    let (dir, file) = if path.is_dir() {
        (path.to_path_buf(), path.join("scenario.toml"))
    } else {
        (path.parent().map(Path::to_path_buf).unwrap_or_default(), path.to_path_buf())
    };
    let text = std::fs::read_to_string(&file).map_err(|e| {
        LoadError::file(&file, format!("cannot read the scenario: {e}"))
            .with_hint("a scenario is a folder holding scenario.toml and the worker script it names")
    })?;
    let mut raw: RawScenario = toml::from_str(&text).map_err(|e| toml_error(&file, &text, &e))?;
    if let Some(env) = worker_env {
        raw.worker_env = Some(Spanned::new(0..0, env.to_string()));
    }
    Loader { file: &file, text: &text, dir: &dir }.scenario(raw)
}

/// Turns a toml/serde error into a located error, with a hint for unknown keys.
fn toml_error(file: &Path, text: &str, error: &toml::de::Error) -> LoadError {
    let span = error.span().unwrap_or(0..0);
    let message = error.message().trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let error = LoadError::spanning(file, text, span, format!("unknown key '{key}'"));
        return match did_you_mean(key, candidates.iter().copied()) {
            Some(best) => error.with_hint(format!("did you mean '{best}'?")),
            None => error.with_hint(format!("the keys allowed here are: {}", candidates.join(", "))),
        };
    }
    let error = LoadError::spanning(file, text, span, message.clone());
    if message.contains("expected a string") {
        error.with_hint("durations and names are strings, e.g. latency = \"20ms\"")
    } else if error.line == 0 {
        error
    } else {
        error.with_hint("see INTERFACES.md \"Scenario files\" for the format")
    }
}

struct Loader<'a> {
    file: &'a Path,
    text: &'a str,
    dir: &'a Path,
}

impl Loader<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> LoadError {
        LoadError::spanning(self.file, self.text, span, message)
    }

    fn range(&self, value: Option<&Spanned<String>>, default: MsRange) -> Result<MsRange, LoadError> {
        match value {
            None => Ok(default),
            Some(v) => parse_range(v.get_ref()).map_err(|m| {
                self.err(v.span(), m).with_hint("write a duration (\"20ms\", \"1.5s\") or a range (\"0ms..50ms\")")
            }),
        }
    }

    /// A request's `websocket`: a list of messages, or `{ send, interval, close, reason }`.
    fn websocket(&self, value: &Spanned<toml::Value>) -> Result<crosstalk_runtime::WebSocketClientSpec, LoadError> {
        let hint = "write websocket = [\"hello\"], or { send = [\"hello\"], interval = \"1ms..20ms\", close = 1000, reason = \"bye\" } (close = false keeps it open)";
        let bad = |message: String| self.err(value.span(), message).with_hint(hint);
        let texts = |list: &Vec<toml::Value>| -> Result<Vec<String>, LoadError> {
            list.iter()
                .map(|v| {
                    v.as_str().map(str::to_string).ok_or_else(|| bad(format!("websocket message {v} is not a string")))
                })
                .collect()
        };
        let mut spec = crosstalk_runtime::WebSocketClientSpec::default();
        match value.get_ref() {
            toml::Value::Array(list) => spec.send = texts(list)?,
            toml::Value::Table(table) => {
                for (key, field) in table {
                    match (key.as_str(), field) {
                        ("send", toml::Value::Array(list)) => spec.send = texts(list)?,
                        ("interval", toml::Value::String(text)) => {
                            spec.interval = parse_range(text).map_err(|m| bad(format!("websocket.interval: {m}")))?;
                        }
                        ("close", toml::Value::Boolean(false)) => spec.close = ClientClose::Open,
                        ("close", toml::Value::Boolean(true)) => {}
                        ("close", toml::Value::String(text)) if text == "drop" => spec.close = ClientClose::Drop,
                        ("close", toml::Value::Integer(code)) => {
                            let code = u16::try_from(*code)
                                .ok()
                                .filter(|c| (1000..5000).contains(c) && ![1004, 1005, 1006, 1015].contains(c))
                                .ok_or_else(|| {
                                    bad(format!("websocket.close {code} is not a close code a client may send"))
                                })?;
                            spec.close = ClientClose::Code(code, String::new());
                        }
                        ("reason", toml::Value::String(_)) => {}
                        (key, field) => return Err(bad(format!("websocket.{key} = {field} is not understood"))),
                    }
                }
                // `reason` read before `close`: read it again.
                if let (Some(toml::Value::String(text)), ClientClose::Code(_, reason)) =
                    (table.get("reason"), &mut spec.close)
                {
                    *reason = text.clone();
                }
            }
            other => return Err(bad(format!("websocket = {other} is neither a list nor a table"))),
        }
        Ok(spec)
    }

    fn scenario(&self, raw: RawScenario) -> Result<Scenario, LoadError> {
        let name = match &raw.name {
            Some(n) if n.get_ref().trim().is_empty() => return Err(self.err(n.span(), "the name is empty")),
            Some(n) if crate::corpus::scenario_name_problem(n.get_ref()).is_some() => {
                let reason = crate::corpus::scenario_name_problem(n.get_ref()).unwrap_or_default();
                return Err(self
                    .err(n.span(), format!("the name cannot name a corpus folder: {reason}"))
                    .with_hint("a scenario name is one plain folder name, e.g. name = \"checkout-race\""));
            }
            Some(n) => n.get_ref().clone(),
            None => self.dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "scenario".into()),
        };
        let project = match &raw.worker {
            Some(worker) => Some(self.project(worker, raw.script.as_ref(), raw.worker_env.as_ref())?),
            None => {
                if let Some(env) = &raw.worker_env {
                    return Err(self
                        .err(env.span(), "`worker_env` names a wrangler environment, but the scenario has no `worker`")
                        .with_hint("add worker = \"wrangler.toml\", or remove worker_env"));
                }
                None
            }
        };
        let (script, syntax) = match &project {
            Some(project) => {
                (project.main.clone(), self.main_syntax(project, raw.worker.as_ref(), raw.syntax.as_ref())?)
            }
            None => {
                let Some(script) = &raw.script else {
                    return Err(LoadError::at(self.file, self.text, 0, "the scenario names no script").with_hint(
                        "add script = \"worker.js\" (or .mjs for an ES module), or worker = \"path/to/wrangler.toml\"",
                    ));
                };
                let syntax = self.syntax(script, raw.syntax.as_ref())?;
                self.check_script(script)?;
                (script.get_ref().trim_start_matches("./").to_string(), syntax)
            }
        };
        let mut base = RuntimeKnobs::default();
        if let Some(project) = &project {
            base.compatibility_date.clone_from(&project.compatibility_date);
            base.compatibility_flags.clone_from(&project.compatibility_flags);
        }
        let runtime = self.runtime(raw.runtime, base)?;
        let mut requests = self.requests(&raw.request, runtime.isolates)?;
        requests.extend(self.events(&raw.scheduled, &raw.queue_batch, runtime.isolates)?);
        if requests.is_empty() {
            return Err(LoadError::at(self.file, self.text, self.text.len(), "the scenario sends no request")
                .with_hint("add a [[request]] table with url = \"https://worker.example/\" (or a [[scheduled]] or [[queue_batch]] event)"));
        }
        if requests.len() > REQUESTS_MAX {
            return Err(LoadError::at(
                self.file,
                self.text,
                self.text.len(),
                format!("the scenario would send more than {REQUESTS_MAX} requests and events"),
            ));
        }
        let origins = self.origins(&raw.origin)?;
        let kv = self.merged_kv(project.as_ref(), &raw.kv)?;
        let d1 = self.merged_d1(project.as_ref(), &raw.d1)?;
        let r2 = self.merged_r2(project.as_ref(), &raw.r2)?;
        let queues = self.merged_queues(project.as_ref(), &raw.queue_producer)?;
        let mut durable_objects = self.merged_durable_objects(project.as_ref(), &raw.durable_object)?;
        // Precedence: scenario [env] > .dev.vars secrets > wrangler vars.
        let mut env = BTreeMap::new();
        let mut json_env = std::collections::BTreeSet::new();
        if let Some(project) = &project {
            env.extend(project.vars.clone());
            env.extend(project.secrets.clone());
            json_env = project.json_vars.iter().filter(|n| !project.secrets.contains_key(*n)).cloned().collect();
        }
        json_env.retain(|n| !raw.env.contains_key(n));
        env.extend(raw.env);
        let mut project_services = project.as_ref().map(|p| p.services.clone()).unwrap_or_default();
        // A binding to the project itself (by its wrangler `name`) calls the main worker,
        // which the run knows by the scenario's name.
        if let Some(own) = project.as_ref().and_then(|p| p.name.as_ref()) {
            for spec in &mut project_services {
                if spec.service == *own {
                    spec.service = name.clone();
                }
            }
        }
        let service::Services { bindings: services, mut workers, unbound } =
            self.services(&name, &runtime, project_services, &raw.service)?;
        let mut unsupported_bindings = project.as_ref().map(|p| p.unsupported_bindings.clone()).unwrap_or_default();
        unsupported_bindings.extend(unbound);
        {
            // Durable Object bindings to a class another worker of the scenario exports.
            let mut all = vec![(name.as_str(), &mut durable_objects, &mut unsupported_bindings)];
            for worker in &mut workers {
                let Scenario { name, durable_objects, unsupported_bindings, .. } = worker;
                all.push((name.as_str(), durable_objects, unsupported_bindings));
            }
            r2::resolve_scripts(&mut all);
        }
        unsupported_bindings.retain(|name, _| {
            !env.contains_key(name)
                && !kv.iter().any(|k| &k.binding == name)
                && !d1.iter().any(|d| &d.binding == name)
                && !r2.iter().any(|r| &r.binding == name)
                && !queues.iter().any(|q| &q.binding == name)
                && !durable_objects.iter().any(|d| &d.binding == name)
                && !services.iter().any(|s| &s.binding == name)
        });
        let expect = self.expect(raw.expect)?;
        let scenario = Scenario {
            name,
            description: raw.description,
            dir: self.dir.to_path_buf(),
            script,
            syntax,
            requests,
            origins,
            runtime,
            env,
            json_env,
            assets: project.as_ref().and_then(|p| p.assets.clone()).map(std::sync::Arc::new),
            small_bindings: project.as_ref().map(|p| p.small_bindings.clone()).unwrap_or_default(),
            workflows: project.as_ref().map(|p| p.workflows.clone()).unwrap_or_default(),
            kv,
            d1,
            r2,
            queues,
            durable_objects,
            faults: crosstalk_runtime::Faults {
                durable_object_reset: raw.faults.as_ref().and_then(|f| f.durable_object_reset).unwrap_or(false),
                durable_object_deploy: raw.faults.as_ref().and_then(|f| f.durable_object_deploy).unwrap_or(false),
                workflow_hibernation: raw.faults.as_ref().and_then(|f| f.workflow_hibernation).unwrap_or(false),
            },
            define: project.as_ref().map(|p| p.define.clone()).unwrap_or_default(),
            module_rules: project.as_ref().map(|p| p.rules.clone()).unwrap_or_default(),
            expect,
            project: project.map(|p| WorkerProject { config: p.config, root: p.root }),
            unsupported_bindings,
            services,
            workers,
        };
        if scenario.syntax == Syntax::Module {
            check_imports(&scenario.source(), scenario.module_root())?;
        }
        Ok(scenario)
    }

    fn syntax(&self, script: &Spanned<String>, syntax: Option<&Spanned<String>>) -> Result<Syntax, LoadError> {
        if let Some(s) = syntax {
            return match s.get_ref().as_str() {
                "service-worker" => Ok(Syntax::ServiceWorker),
                "module" => Ok(Syntax::Module),
                other => Err(self
                    .err(s.span(), format!("unknown syntax '{other}'"))
                    .with_hint("use \"service-worker\" or \"module\"")),
            };
        }
        let name = script.get_ref();
        if [".mjs", ".mts", ".ts", ".tsx"].iter().any(|e| name.ends_with(e)) {
            Ok(Syntax::Module)
        } else if name.ends_with(".js") || name.ends_with(".cjs") {
            Ok(Syntax::ServiceWorker)
        } else {
            Err(self
                .err(script.span(), format!("cannot tell the syntax of '{name}' from its extension"))
                .with_hint("name it .js (service worker) or .mjs/.ts (module), or add syntax = \"module\""))
        }
    }

    fn check_script(&self, script: &Spanned<String>) -> Result<(), LoadError> {
        let name = script.get_ref();
        let path: PathBuf = self.dir.join(name);
        if Path::new(name).is_absolute() || name.split(['/', '\\']).any(|s| s == "..") {
            return Err(self
                .err(script.span(), format!("the script '{name}' is outside the scenario folder"))
                .with_hint("scripts are paths relative to the scenario folder"));
        }
        if !path.is_file() {
            return Err(self
                .err(script.span(), format!("the script '{name}' does not exist"))
                .with_hint(format!("looked for {}", path.display())));
        }
        Ok(())
    }

    /// `[runtime]` over `knobs` (the defaults, or a wrangler project's date and flags).
    fn runtime(&self, raw: Option<RawRuntime>, mut knobs: RuntimeKnobs) -> Result<RuntimeKnobs, LoadError> {
        let Some(raw) = raw else { return Ok(knobs) };
        if let Some(p) = &raw.profile {
            knobs.profile = ProfileName::parse(p.get_ref()).ok_or_else(|| {
                self.err(p.span(), format!("unknown profile '{}'", p.get_ref()))
                    .with_hint("use \"production-2022\" or \"workerd\"")
            })?;
        }
        if let Some(d) = &raw.compatibility_date {
            knobs.compatibility_date = Some(d.get_ref().parse().map_err(|e| {
                self.err(d.span(), format!("bad compatibility date '{}': {e}", d.get_ref()))
                    .with_hint("write YYYY-MM-DD, e.g. 2024-01-01")
            })?);
        }
        if let Some(flags) = raw.compatibility_flags {
            knobs.compatibility_flags = flags;
        }
        if let Some(t) = &raw.start_time {
            knobs.start_time_ms = crate::start_time::parse_start_time(t.get_ref())
                .map_err(|e| self.err(t.span(), e).with_hint("e.g. start_time = \"2026-12-01T00:00:00Z\""))?;
        }
        let positive = |v: &Spanned<u32>, what: &str| {
            if *v.get_ref() == 0 {
                Err(self.err(v.span(), format!("{what} must be at least 1")))
            } else {
                Ok(*v.get_ref())
            }
        };
        if let Some(v) = &raw.isolates {
            knobs.isolates = positive(v, "isolates")?;
            if knobs.isolates > ISOLATES_MAX {
                return Err(self
                    .err(
                        v.span(),
                        format!("isolates = {} is more than crosstalk runs ({ISOLATES_MAX})", knobs.isolates),
                    )
                    .with_hint("each isolate is a whole JS engine; a few show every sharing bug"));
            }
        }
        if let Some(v) = &raw.subrequest_concurrency {
            knobs.limits.subrequest_concurrency = positive(v, "subrequest_concurrency")?;
        }
        if let Some(v) = &raw.subrequests_per_request {
            knobs.limits.subrequests_per_request = *v.get_ref();
        }
        let limits = &mut knobs.limits;
        limits.wait_until_grace_ms = raw.wait_until_grace_ms.unwrap_or(limits.wait_until_grace_ms);
        limits.cpu_loop_iterations_max = raw.cpu_loop_iterations_max.unwrap_or(limits.cpu_loop_iterations_max);
        limits.cpu_jobs_per_task_max = raw.cpu_jobs_per_task_max.unwrap_or(limits.cpu_jobs_per_task_max);
        limits.cpu_work_per_task_max = raw.cpu_work_per_task_max.unwrap_or(limits.cpu_work_per_task_max);
        limits.stack_depth_max = raw.stack_depth_max.unwrap_or(limits.stack_depth_max);
        if let Some(v) = &raw.memory_mb_max {
            let mb = *v.get_ref();
            // Past 2^20 MB (a terabyte) no machine crosstalk runs on gets there first.
            if !(1..=1 << 20).contains(&mb) {
                return Err(self
                    .err(v.span(), "memory_mb_max must be 1 to 1048576")
                    .with_hint("it is the memory one isolate may hold, in MiB; Workers' is 128"));
            }
            limits.memory_per_isolate_bytes_max = mb * 1024 * 1024;
        }
        if let Some(v) = &raw.virtual_time_max {
            let ms = crate::duration::parse_duration_ms(v.get_ref()).map_err(|m| self.err(v.span(), m))?;
            // Past ten years of virtual time a run is no longer a test of anything.
            if !(1..=10 * 365 * 86_400_000).contains(&ms) {
                return Err(self
                    .err(v.span(), "virtual_time_max must be 1ms to 3650d")
                    .with_hint("it is how much virtual time one run may cover; the default is 1h"));
            }
            limits.run_virtual_ms_max = ms;
        }
        if limits.stack_depth_max == 0 {
            return Err(LoadError::at(self.file, self.text, 0, "stack_depth_max must be at least 1")
                .with_hint("it is the deepest JS call stack allowed; the default suits almost every worker"));
        }
        Ok(knobs)
    }

    fn requests(&self, raw: &[Spanned<RawRequest>], isolates: u32) -> Result<Vec<RequestSpec>, LoadError> {
        let mut specs = Vec::new();
        for table in raw {
            let r = table.get_ref();
            let Some(url) = &r.url else {
                return Err(self
                    .err(table.span(), "this [[request]] has no url")
                    .with_hint("add url = \"https://worker.example/\""));
            };
            if let Err(e) = url::Url::parse(url.get_ref()) {
                return Err(self
                    .err(url.span(), format!("bad url '{}': {e}", url.get_ref()))
                    .with_hint("write an absolute URL such as \"https://worker.example/\""));
            }
            let count = match &r.count {
                Some(c) if *c.get_ref() == 0 => return Err(self.err(c.span(), "count must be at least 1")),
                Some(c) if specs.len() as u64 + u64::from(*c.get_ref()) > REQUESTS_MAX as u64 => {
                    return Err(self
                        .err(c.span(), format!("the scenario would send more than {REQUESTS_MAX} requests"))
                        .with_hint("concurrency bugs show with a handful of requests; fuzzing explores their orders"));
                }
                Some(c) => *c.get_ref(),
                None => 1,
            };
            let method = r.method.clone().unwrap_or_else(|| "GET".into());
            if !is_token(&method) {
                return Err(self
                    .err(table.span(), format!("method {method:?} is not an HTTP method (an RFC 9110 token)"))
                    .with_hint("e.g. method = \"POST\""));
            }
            if let Some((name, _)) = r.headers.iter().find(|(name, value)| !is_token(name) || !is_field_value(value)) {
                return Err(self
                    .err(table.span(), format!("header {name:?} is not a valid HTTP header (name or value)"))
                    .with_hint("names are RFC 9110 tokens; values hold no CR, LF or NUL"));
            }
            let isolate = self.pinned(r.isolate.as_ref(), isolates)?;
            let mut cf = BTreeMap::new();
            if let Some(table) = &r.cf {
                for (name, value) in table.get_ref() {
                    if matches!(value, toml::Value::Datetime(_)) {
                        return Err(self
                            .err(table.span(), format!("cf.{name} is a date: request.cf holds JSON values"))
                            .with_hint("write it as a string, e.g. \"2026-12-01\""));
                    }
                    let json = serde_json::to_value(value)
                        .map_err(|e| self.err(table.span(), format!("cf.{name} is not a JSON value: {e}")))?;
                    cf.insert(name.clone(), json);
                }
            }
            let websocket = match &r.websocket {
                Some(value) => Some(self.websocket(value)?),
                None => None,
            };
            let mut headers: Vec<(String, String)> = r.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            if websocket.is_some() {
                websocket_headers(&mut headers);
            }
            let spec = RequestSpec {
                url: url.get_ref().clone(),
                method: method.to_ascii_uppercase(),
                headers,
                body: r.body.clone(),
                arrival: self.range(r.at.as_ref(), MsRange::fixed(0))?,
                isolate,
                event: crosstalk_runtime::EventSpec::Fetch,
                cf,
                websocket,
            };
            specs.extend(std::iter::repeat_n(spec, count as usize));
            if specs.len() > REQUESTS_MAX {
                return Err(
                    self.err(table.span(), format!("the scenario would send more than {REQUESTS_MAX} requests"))
                );
            }
        }
        Ok(specs)
    }

    fn origins(&self, raw: &[Spanned<RawOrigin>]) -> Result<Vec<OriginSpec>, LoadError> {
        let mut origins: Vec<(OriginSpec, Range<usize>)> = Vec::new();
        for table in raw {
            let o = table.get_ref();
            let Some(url) = &o.url else {
                return Err(self
                    .err(table.span(), "this [[origin]] has no url")
                    .with_hint("add url = \"https://api.example/*\""));
            };
            let pattern = url.get_ref().clone();
            if pattern.is_empty() || pattern.strip_suffix('*').unwrap_or(&pattern).contains('*') {
                return Err(self
                    .err(url.span(), format!("bad origin pattern '{pattern}'"))
                    .with_hint("only a trailing '*' is a wildcard"));
            }
            if let Some((earlier, at)) = origins.iter().find(|(e, _)| overlap(&e.url, &pattern)) {
                let (line, _) = crate::error::line_column(self.text, at.start);
                return Err(self
                    .err(url.span(), format!("the origin '{pattern}' overlaps '{}' (line {line})", earlier.url))
                    .with_hint(
                        "origin patterns must be disjoint: the first match wins, so one of them would be shadowed",
                    ));
            }
            let chunks = match &o.body_chunks {
                Some(c) if *c.get_ref() == 0 => return Err(self.err(c.span(), "body_chunks must be at least 1")),
                Some(c) => *c.get_ref(),
                None => 1,
            };
            let status = match &o.status {
                Some(s) if !(100..=599).contains(s.get_ref()) => {
                    return Err(self
                        .err(s.span(), format!("bad status {}", s.get_ref()))
                        .with_hint("use an HTTP status between 100 and 599"));
                }
                Some(s) => *s.get_ref(),
                None => 200,
            };
            let spec = OriginSpec {
                url: pattern,
                latency: self.range(o.latency.as_ref(), MsRange::fixed(0))?,
                status,
                headers: o.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                body: o.body.clone().unwrap_or_default(),
                body_chunks: chunks,
                chunk_interval: self.range(o.chunk_interval.as_ref(), MsRange::fixed(0))?,
            };
            origins.push((spec, url.span()));
        }
        Ok(origins.into_iter().map(|(o, _)| o).collect())
    }

    fn kv(&self, table: &Spanned<RawKv>) -> Result<KvNamespace, LoadError> {
        let k = table.get_ref();
        let Some(binding) = &k.binding else {
            return Err(self.err(table.span(), "this [[kv]] has no binding").with_hint("add binding = \"CACHE\""));
        };
        self.check_binding_name(binding)?;
        let name = binding.get_ref();
        Ok(KvNamespace {
            binding: name.clone(),
            latency: self.range(k.latency.as_ref(), MsRange::fixed(0))?,
            data: k.data.clone(),
        })
    }

    /// A binding's name is a JavaScript identifier (it is a global in service-worker syntax).
    fn check_binding_name(&self, binding: &Spanned<String>) -> Result<(), LoadError> {
        let name = binding.get_ref();
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(self
                .err(binding.span(), format!("bad binding name '{name}'"))
                .with_hint("a binding is a JavaScript identifier, e.g. CACHE"));
        }
        Ok(())
    }

    fn expect(&self, raw: Option<RawExpect>) -> Result<Expect, LoadError> {
        let Some(raw) = raw else { return Ok(Expect::default()) };
        let violations = match raw.violations {
            None => None,
            Some(kinds) => {
                let mut out = Vec::new();
                for kind in kinds {
                    if !expectable_kinds().any(|k| k == kind.get_ref()) {
                        let error = self.err(kind.span(), format!("unknown violation kind '{}'", kind.get_ref()));
                        return Err(match did_you_mean(kind.get_ref(), expectable_kinds()) {
                            Some(best) => error.with_hint(format!("did you mean '{best}'?")),
                            None => error.with_hint(format!(
                                "the kinds are: {}",
                                expectable_kinds().collect::<Vec<_>>().join(", ")
                            )),
                        });
                    }
                    out.push(kind.into_inner());
                }
                Some(out)
            }
        };
        let mut severity = BTreeMap::new();
        for (kind, level) in raw.severity {
            // Severities apply to checker kinds only: `internal-error` always fails.
            if Kind::parse(kind.get_ref()).is_none() {
                let error =
                    self.err(kind.span(), format!("unknown violation kind '{}' in [expect.severity]", kind.get_ref()));
                let kinds = Kind::ALL.map(Kind::as_str);
                return Err(match did_you_mean(kind.get_ref(), kinds) {
                    Some(best) => error.with_hint(format!("did you mean '{best}'?")),
                    None => error.with_hint(format!("the kinds are: {}", kinds.join(", "))),
                });
            }
            if Severity::parse(level.get_ref()).is_none() {
                return Err(self
                    .err(level.span(), format!("'{}' is not a severity", level.get_ref()))
                    .with_hint("use \"error\", \"warning\" or \"info\""));
            }
            severity.insert(kind.into_inner(), level.into_inner());
        }
        Ok(Expect { violations, severity })
    }
}

/// Whether two origin patterns (exact URLs or prefixes ending in `*`) can match one URL.
fn overlap(a: &str, b: &str) -> bool {
    match (a.strip_suffix('*'), b.strip_suffix('*')) {
        (Some(pa), Some(pb)) => pa.starts_with(pb) || pb.starts_with(pa),
        (Some(pa), None) => b.starts_with(pa),
        (None, Some(pb)) => a.starts_with(pb),
        (None, None) => a == b,
    }
}

/// The most requests one scenario sends (all `count`s together): enough for any
/// interleaving worth exploring, far below what would exhaust memory.
const REQUESTS_MAX: usize = 10_000;

/// The most isolates a scenario may ask for: each is a whole JS engine per schedule.
const ISOLATES_MAX: u32 = 64;

/// An RFC 9110 token (methods, header names): one or more `tchar`s.
fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// An RFC 9110 field value as far as the wire cares: no CR, LF or NUL.
fn is_field_value(text: &str) -> bool {
    !text.contains(['\r', '\n', '\0'])
}

/// The handshake headers a WebSocket client sends, where the scenario gave none of its own
/// (RFC 6455 §4.1; the key is the RFC's example: no randomness in a request).
fn websocket_headers(headers: &mut Vec<(String, String)>) {
    for (name, value) in [
        ("upgrade", "websocket"),
        ("connection", "Upgrade"),
        ("sec-websocket-version", "13"),
        ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
    ] {
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            headers.push((name.to_string(), value.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn overlap_covers_prefixes_and_exact_urls() {
        use super::overlap;
        assert!(overlap("https://a/*", "https://a/x"));
        assert!(overlap("https://a/x*", "https://a/*"));
        assert!(overlap("https://a/x", "https://a/x"));
        assert!(!overlap("https://a/*", "https://b/*"));
        assert!(!overlap("https://a/x", "https://a/y"));
    }
}
