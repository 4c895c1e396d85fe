//! The workerd configuration of one scenario: a Cap'n Proto text file and the files it
//! embeds, written to a temporary folder.
//!
//! The layout follows the verified recipe of `notes/workerd-conformance.md`: the worker
//! under test (`serviceWorkerScript` for service-worker syntax, `modules` for ES modules,
//! every module the scenario loads listed by the name the runtime gave it) with the
//! scenario's compatibility date and flags and its `[env]` as text bindings; its
//! `globalOutbound` is an `external` service at the loopback origin server, so every
//! `fetch()` and every pass-through reaches conform; a tail worker ([`crate::tail`]) reports
//! each finished request; one socket serves the worker with `forwardedProtoHeader` so the
//! worker sees `https://` URLs. Everything the scenario supplies is embedded from a file,
//! so only module names and flags need Cap'n Proto string escaping.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crosstalk_runtime::{CompatibilityDate, Syntax};

use crate::plan::ModuleFile;
use crate::tail::{TAIL_COMPATIBILITY_DATE, TAIL_SCRIPT};

/// The header that carries the scheme of the URL the worker sees.
pub(crate) const FORWARDED_PROTO_HEADER: &str = "X-Forwarded-Proto";

/// What the configuration is made of.
#[derive(Clone, Debug)]
pub(crate) struct ConfigSpec<'a> {
    pub syntax: Syntax,
    /// The main module first, then every module it loads (service-worker syntax: one).
    pub modules: &'a [ModuleFile],
    pub env: &'a BTreeMap<String, String>,
    /// The names in `env` bound as JSON values (`json` bindings), not as text.
    pub json_env: &'a std::collections::BTreeSet<String>,
    pub compatibility_date: CompatibilityDate,
    pub compatibility_flags: &'a [String],
    pub worker_port: u16,
    pub origin_port: u16,
    /// The worker's service bindings (their targets are among `services`).
    pub bindings: &'a [crosstalk_runtime::ServiceSpec],
    /// The scenario's other workers, each a workerd service of its own.
    pub services: &'a [crate::plan::ServicePlan],
    /// The worker's KV namespaces: binding and the port of the loopback server holding it
    /// (`crate::kv`), filled in once the servers run.
    pub kv: Vec<(String, u16)>,
    /// The worker's D1 databases: binding and the port of its server (`crate::d1`).
    pub d1: Vec<(String, u16)>,
    /// The worker's Durable Object namespaces (classes it exports), and the worker's name,
    /// which their ids are derived from (`<name>-<class>`, as crosstalk and wrangler do).
    pub durable_objects: &'a [crosstalk_runtime::DurableObjectSpec],
    pub name: &'a str,
    /// Where workerd keeps the Durable Objects' storage (set by [`write`]): on disk, as
    /// `wrangler dev` keeps it, because workerd gives an object kept in memory no SQLite
    /// database (`ctx.storage.sql` would fail).
    pub storage_dir: Option<PathBuf>,
}

/// The workerd service a D1 database is reached through.
fn d1_service_name(binding: &str) -> String {
    format!("crosstalk-d1-{binding}")
}

/// The workerd service a KV namespace is reached through.
fn kv_service_name(binding: &str) -> String {
    format!("crosstalk-kv-{binding}")
}

/// The workerd service a scenario's other worker runs as (never one of conform's own).
pub(crate) fn service_name(worker: &str) -> String {
    format!("worker-{worker}")
}

/// The folder a service's files are written to, relative to the config.
fn service_dir(i: usize) -> String {
    format!("service{i}")
}

/// Writes a module's file: its text, or for a CompiledWasm module, its Wasm bytes.
fn write_module(path: &Path, module: &ModuleFile) -> std::io::Result<()> {
    match crosstalk_runtime::compiled_wasm_bytes(&module.text) {
        Some(bytes) => std::fs::write(path, bytes),
        None => std::fs::write(path, module.text.as_bytes()),
    }
}

/// Writes the configuration and its embedded files into `dir`; returns the config's path.
pub(crate) fn write(dir: &Path, spec: &ConfigSpec<'_>) -> std::io::Result<PathBuf> {
    for module in spec.modules {
        let path = dir.join(module_file(&module.name));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_module(&path, module)?;
    }
    std::fs::create_dir_all(dir.join("env"))?;
    for (i, value) in spec.env.values().enumerate() {
        std::fs::write(dir.join(format!("env/{i}.txt")), value)?;
    }
    for (i, service) in spec.services.iter().enumerate() {
        let root = dir.join(service_dir(i));
        for module in &service.modules {
            let path = root.join(module_file(&module.name));
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            write_module(&path, module)?;
        }
        std::fs::create_dir_all(root.join("env"))?;
        for (j, value) in service.env.values().enumerate() {
            std::fs::write(root.join(format!("env/{j}.txt")), value)?;
        }
    }
    std::fs::write(dir.join("tail.mjs"), TAIL_SCRIPT)?;
    let mut spec = spec.clone();
    if !spec.durable_objects.is_empty() || spec.services.iter().any(|s| !s.durable_objects.is_empty()) {
        let storage = dir.join("do-storage");
        // A fresh store for every start: storage from an earlier try must not leak in.
        if storage.exists() {
            std::fs::remove_dir_all(&storage)?;
        }
        std::fs::create_dir_all(&storage)?;
        spec.storage_dir = Some(storage.canonicalize()?);
    }
    let spec = &spec;
    let path = dir.join("config.capnp");
    std::fs::write(&path, render(spec))?;
    Ok(path)
}

/// The file a module is embedded from, relative to the config: `worker/<name>`, with any
/// component that could leave the folder replaced.
pub(crate) fn module_file(name: &str) -> String {
    let safe: Vec<String> = Path::new(name)
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_string_lossy().into_owned(),
            _ => "_".to_string(),
        })
        .collect();
    format!("worker/{}", safe.join("/"))
}

/// The Durable Object classes worker `name` hosts: those its own bindings name, and those
/// other workers' bindings name on it (`script_name`), each once, with whether it is
/// SQLite-backed.
fn hosted(spec: &ConfigSpec<'_>, name: &str) -> Vec<(String, bool)> {
    let own = if name == spec.name {
        spec.durable_objects
    } else {
        spec.services.iter().find(|s| s.name == name).map_or(&[][..], |s| &s.durable_objects[..])
    };
    let all = spec.durable_objects.iter().chain(spec.services.iter().flat_map(|s| &s.durable_objects));
    let mut classes: Vec<(String, bool)> = Vec::new();
    for d in own.iter().filter(|d| d.script.is_none()).chain(all.filter(|d| d.script.as_deref() == Some(name))) {
        if !classes.iter().any(|(c, _)| *c == d.class_name) {
            classes.push((d.class_name.clone(), d.sqlite));
        }
    }
    classes
}

/// The Cap'n Proto text of the configuration.
pub(crate) fn render(spec: &ConfigSpec<'_>) -> String {
    let mut out = String::new();
    out.push_str("# Written by crosstalk conform.\nusing Workerd = import \"/workerd/workerd.capnp\";\n\n");
    let mut services = String::new();
    for (i, service) in spec.services.iter().enumerate() {
        let _ = writeln!(services, "    (name = {}, worker = .service{i}),", text(&service_name(&service.name)));
    }
    for (binding, port) in &spec.kv {
        let _ = writeln!(
            services,
            "    (name = {}, external = (address = \"127.0.0.1:{port}\", http = ())),",
            text(&kv_service_name(binding))
        );
    }
    for (binding, port) in &spec.d1 {
        let _ = writeln!(
            services,
            "    (name = {}, external = (address = \"127.0.0.1:{port}\", http = ())),",
            text(&d1_service_name(binding))
        );
    }
    if let Some(storage) = &spec.storage_dir {
        let _ = writeln!(
            services,
            "    (name = {DO_STORAGE_SERVICE}, disk = (path = {}, writable = true)),",
            text(&storage.to_string_lossy())
        );
    }
    let _ = writeln!(
        out,
        "const config :Workerd.Config = (\n  services = [\n    (name = \"main\", worker = .worker),\n{services}    \
         (name = \"crosstalk-tail\", worker = .tail),\n    \
         (name = \"crosstalk-origins\", external = (address = \"127.0.0.1:{}\", http = ())),\n  ],\n  \
         sockets = [\n    (name = \"http\", address = \"127.0.0.1:{}\", \
         http = (forwardedProtoHeader = \"{FORWARDED_PROTO_HEADER}\"), service = \"main\"),\n  ],\n  \
         logging = (structuredLogging = true),\n);\n",
        spec.origin_port, spec.worker_port
    );
    out.push_str("const worker :Workerd.Worker = (\n");
    let main = Worker {
        dir: String::new(),
        syntax: spec.syntax,
        modules: spec.modules,
        env: spec.env,
        json_env: spec.json_env,
        bindings: spec.bindings,
        compatibility_date: spec.compatibility_date,
        compatibility_flags: spec.compatibility_flags,
        kv: &spec.kv,
        d1: &spec.d1,
        durable_objects: spec.durable_objects,
        hosted: hosted(spec, spec.name),
        name: spec.name,
        main_name: spec.name,
        on_disk: spec.storage_dir.is_some(),
    };
    main.render(&mut out);
    out.push_str("  tails = [\"crosstalk-tail\"],\n);\n\n");
    for (i, service) in spec.services.iter().enumerate() {
        let _ = writeln!(out, "const service{i} :Workerd.Worker = (");
        let worker = Worker {
            dir: format!("{}/", service_dir(i)),
            syntax: service.syntax,
            modules: &service.modules,
            env: &service.env,
            json_env: &service.json_env,
            bindings: &service.bindings,
            compatibility_date: service.compatibility_date.unwrap_or(spec.compatibility_date),
            compatibility_flags: &service.compatibility_flags,
            kv: &[],
            d1: &[],
            durable_objects: &service.durable_objects,
            hosted: hosted(spec, &service.name),
            name: &service.name,
            main_name: spec.name,
            on_disk: spec.storage_dir.is_some(),
        };
        worker.render(&mut out);
        out.push_str(");\n\n");
    }
    let _ = writeln!(
        out,
        "const tail :Workerd.Worker = (\n  modules = [ (name = \"tail\", esModule = embed \"tail.mjs\") ],\n  \
         compatibilityDate = \"{TAIL_COMPATIBILITY_DATE}\",\n  compatibilityFlags = [\"nodejs_compat\"],\n);"
    );
    out
}

/// One worker's fields in the configuration: its code, bindings, date, flags and outbound.
struct Worker<'a> {
    /// The folder its files are embedded from, with a trailing `/` (empty for the main one).
    dir: String,
    syntax: Syntax,
    modules: &'a [ModuleFile],
    env: &'a BTreeMap<String, String>,
    json_env: &'a std::collections::BTreeSet<String>,
    bindings: &'a [crosstalk_runtime::ServiceSpec],
    compatibility_date: CompatibilityDate,
    compatibility_flags: &'a [String],
    /// KV namespaces: binding and the port of its server.
    kv: &'a [(String, u16)],
    /// D1 databases: binding and the port of its server.
    d1: &'a [(String, u16)],
    /// Its Durable Object bindings (to its own classes, or another worker's by
    /// `script_name`).
    durable_objects: &'a [crosstalk_runtime::DurableObjectSpec],
    /// The classes it hosts objects of (its own bindings', and those others' bindings
    /// name on it), each with whether it is SQLite-backed.
    hosted: Vec<(String, bool)>,
    /// The worker's name, which its Durable Object ids derive from.
    name: &'a str,
    /// The main worker's name (its workerd service is `main`).
    main_name: &'a str,
    /// Its Durable Objects are stored on disk (`DO_STORAGE_SERVICE`), else in memory.
    on_disk: bool,
}

/// The disk service Durable Objects are stored in.
const DO_STORAGE_SERVICE: &str = "\"crosstalk-do-storage\"";

impl Worker<'_> {
    fn render(&self, out: &mut String) {
        let dir = &self.dir;
        match self.syntax {
            Syntax::ServiceWorker => {
                let main = self.modules.first().map(|m| module_file(&m.name)).unwrap_or_default();
                let _ = writeln!(out, "  serviceWorkerScript = embed {},", text(&format!("{dir}{main}")));
            }
            Syntax::Module => {
                out.push_str("  modules = [\n");
                for module in self.modules {
                    let kind = if module.json {
                        "json"
                    } else if crosstalk_runtime::compiled_wasm_bytes(&module.text).is_some() {
                        "wasm"
                    } else {
                        "esModule"
                    };
                    let _ = writeln!(
                        out,
                        "    (name = {}, {kind} = embed {}),",
                        text(&module.name),
                        text(&format!("{dir}{}", module_file(&module.name)))
                    );
                }
                out.push_str("  ],\n");
            }
        }
        if !self.hosted.is_empty() {
            // One namespace per class it hosts; ids from the same key as crosstalk's.
            out.push_str("  durableObjectNamespaces = [\n");
            for (class, sqlite) in &self.hosted {
                let _ = writeln!(
                    out,
                    "    (className = {}, uniqueKey = {}, enableSql = {sqlite}),",
                    text(class),
                    text(&format!("{}-{class}", self.name)),
                );
            }
            if self.on_disk {
                let _ = writeln!(out, "  ],\n  durableObjectStorage = (localDisk = {DO_STORAGE_SERVICE}),");
            } else {
                out.push_str("  ],\n  durableObjectStorage = (inMemory = void),\n");
            }
        }
        if !self.env.is_empty()
            || !self.bindings.is_empty()
            || !self.kv.is_empty()
            || !self.d1.is_empty()
            || !self.durable_objects.is_empty()
        {
            out.push_str("  bindings = [\n");
            for (i, name) in self.env.keys().enumerate() {
                let kind = if self.json_env.contains(name) { "json" } else { "text" };
                let _ = writeln!(
                    out,
                    "    (name = {}, {kind} = embed {}),",
                    text(name),
                    text(&format!("{dir}env/{i}.txt"))
                );
            }
            for binding in self.bindings {
                // A binding to the main worker (its own `SELF`, or another worker's) names
                // workerd's "main" service.
                let target = if binding.service == self.main_name {
                    text("main")
                } else {
                    text(&service_name(&binding.service))
                };
                let service = match &binding.entrypoint {
                    Some(entrypoint) => format!("(name = {target}, entrypoint = {})", text(entrypoint)),
                    None => target,
                };
                let _ = writeln!(out, "    (name = {}, service = {service}),", text(&binding.binding));
            }
            for (binding, _) in self.d1 {
                let _ = writeln!(
                    out,
                    "    (name = {}, wrapped = (moduleName = \"cloudflare-internal:d1-api\", innerBindings = [(name = \"fetcher\", service = {})])),",
                    text(binding),
                    text(&d1_service_name(binding))
                );
            }
            for (binding, _) in self.kv {
                let _ =
                    writeln!(out, "    (name = {}, kvNamespace = {}),", text(binding), text(&kv_service_name(binding)));
            }
            for spec in self.durable_objects {
                // A class of another worker is named with that worker's service.
                let service = match &spec.script {
                    Some(script) if script == self.main_name => ", serviceName = \"main\"".to_string(),
                    Some(script) => format!(", serviceName = {}", text(&service_name(script))),
                    None => String::new(),
                };
                let _ = writeln!(
                    out,
                    "    (name = {}, durableObjectNamespace = (className = {}{service})),",
                    text(&spec.binding),
                    text(&spec.class_name)
                );
            }
            out.push_str("  ],\n");
        }
        let _ = writeln!(out, "  compatibilityDate = {},", text(&self.compatibility_date.to_string()));
        let flags: Vec<String> = self.compatibility_flags.iter().map(|f| text(f)).collect();
        let _ = writeln!(out, "  compatibilityFlags = [{}],", flags.join(", "));
        out.push_str("  globalOutbound = \"crosstalk-origins\",\n");
    }
}

/// A Cap'n Proto text literal.
pub(crate) fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn module(name: &str, json: bool) -> ModuleFile {
        ModuleFile { name: name.to_string(), text: Arc::from("export default {}"), json }
    }

    static NO_JSON: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();

    fn spec<'a>(
        syntax: Syntax,
        modules: &'a [ModuleFile],
        env: &'a BTreeMap<String, String>,
        flags: &'a [String],
    ) -> ConfigSpec<'a> {
        ConfigSpec {
            syntax,
            modules,
            env,
            json_env: &NO_JSON,
            compatibility_date: CompatibilityDate::ymd(2024, 1, 1),
            compatibility_flags: flags,
            worker_port: 8001,
            origin_port: 8002,
            bindings: &[],
            services: &[],
            kv: Vec::new(),
            d1: Vec::new(),
            durable_objects: &[],
            name: "worker",
            storage_dir: None,
        }
    }

    #[test]
    fn service_worker_config_embeds_the_script_and_routes_outbound_to_the_origins() {
        let modules = [module("worker.js", false)];
        let env = BTreeMap::new();
        let config = render(&spec(Syntax::ServiceWorker, &modules, &env, &[]));
        assert!(config.contains("serviceWorkerScript = embed \"worker/worker.js\","), "{config}");
        assert!(!config.contains("modules = [\n    (name = \"worker.js\""), "{config}");
        assert!(config.contains("external = (address = \"127.0.0.1:8002\", http = ())"), "{config}");
        assert!(config.contains("address = \"127.0.0.1:8001\""), "{config}");
        assert!(config.contains("forwardedProtoHeader = \"X-Forwarded-Proto\""), "{config}");
        // Console lines come out as JSON with their level: what workerd prints is compared.
        assert!(config.contains("logging = (structuredLogging = true),"), "{config}");
        assert!(config.contains("globalOutbound = \"crosstalk-origins\""), "{config}");
        assert!(config.contains("tails = [\"crosstalk-tail\"]"), "{config}");
        assert!(config.contains("compatibilityDate = \"2024-01-01\","), "{config}");
        assert!(config.contains("compatibilityFlags = [],"), "{config}");
        assert!(!config.contains("bindings"), "{config}");
    }

    #[test]
    fn module_config_lists_every_module_by_its_runtime_name() {
        let modules = [module("worker.mjs", false), module("lib/shout.mjs", false), module("data.json", true)];
        let env = BTreeMap::from([("API_BASE".to_string(), "https://api.example".to_string())]);
        let flags = ["nodejs_compat".to_string(), "no_handle_cross_request_promise_resolution".to_string()];
        let config = render(&spec(Syntax::Module, &modules, &env, &flags));
        let main = config.find("(name = \"worker.mjs\", esModule = embed \"worker/worker.mjs\")").unwrap();
        let lib = config.find("(name = \"lib/shout.mjs\", esModule = embed \"worker/lib/shout.mjs\")").unwrap();
        assert!(main < lib, "the main module comes first: {config}");
        assert!(config.contains("(name = \"data.json\", json = embed \"worker/data.json\")"), "{config}");
        assert!(config.contains("(name = \"API_BASE\", text = embed \"env/0.txt\")"), "{config}");
        assert!(
            config.contains("compatibilityFlags = [\"nodejs_compat\", \"no_handle_cross_request_promise_resolution\"]"),
            "{config}"
        );
        assert!(!config.contains("serviceWorkerScript"), "{config}");
    }

    #[test]
    fn other_workers_are_services_of_their_own_bound_by_name_and_entrypoint() {
        let modules = [module("worker.mjs", false)];
        let env = BTreeMap::new();
        let bindings = [
            crosstalk_runtime::ServiceSpec { binding: "AUTH".into(), service: "accounts".into(), entrypoint: None },
            crosstalk_runtime::ServiceSpec {
                binding: "DIR".into(),
                service: "accounts".into(),
                entrypoint: Some("Directory".into()),
            },
        ];
        let services = [crate::plan::ServicePlan {
            name: "accounts".into(),
            syntax: Syntax::Module,
            modules: vec![module("src/index.mjs", false)],
            unserved: Vec::new(),
            env: BTreeMap::from([("TOKEN".to_string(), "t".to_string())]),
            json_env: Default::default(),
            compatibility_date: Some(CompatibilityDate::ymd(2025, 1, 1)),
            compatibility_flags: Vec::new(),
            bindings: Vec::new(),
            durable_objects: Vec::new(),
        }];
        let config = render(&ConfigSpec {
            bindings: &bindings,
            services: &services,
            ..spec(Syntax::Module, &modules, &env, &[])
        });
        assert!(config.contains("(name = \"worker-accounts\", worker = .service0)"), "{config}");
        assert!(config.contains("(name = \"AUTH\", service = \"worker-accounts\")"), "{config}");
        assert!(
            config.contains("(name = \"DIR\", service = (name = \"worker-accounts\", entrypoint = \"Directory\"))"),
            "{config}"
        );
        let service = &config[config.find("const service0").unwrap()..];
        assert!(
            service.contains("(name = \"src/index.mjs\", esModule = embed \"service0/worker/src/index.mjs\")"),
            "{config}"
        );
        assert!(service.contains("(name = \"TOKEN\", text = embed \"service0/env/0.txt\")"), "{config}");
        assert!(service.contains("compatibilityDate = \"2025-01-01\""), "{config}");
        assert!(!service[..service.find("const tail").unwrap()].contains("tails"), "only the main worker is tailed");
    }

    #[test]
    fn a_kv_namespace_is_bound_to_its_loopback_server() {
        let modules = [module("worker.mjs", false)];
        let env = BTreeMap::new();
        let config =
            render(&ConfigSpec { kv: vec![("VISITS".into(), 8123)], ..spec(Syntax::Module, &modules, &env, &[]) });
        assert!(config.contains("(name = \"VISITS\", kvNamespace = \"crosstalk-kv-VISITS\")"), "{config}");
        assert!(
            config.contains("(name = \"crosstalk-kv-VISITS\", external = (address = \"127.0.0.1:8123\", http = ()))"),
            "{config}"
        );
    }

    #[test]
    fn written_files_match_the_embeds() {
        let dir = tempfile::tempdir().unwrap();
        let modules = [module("worker.mjs", false), module("lib/a.mjs", false)];
        let env = BTreeMap::from([("K".to_string(), "v\n\"x\"".to_string())]);
        let path = write(dir.path(), &spec(Syntax::Module, &modules, &env, &[])).unwrap();
        assert!(path.ends_with("config.capnp"));
        assert!(dir.path().join("worker/lib/a.mjs").is_file());
        assert_eq!(std::fs::read_to_string(dir.path().join("env/0.txt")).unwrap(), "v\n\"x\"");
        assert!(std::fs::read_to_string(dir.path().join("tail.mjs")).unwrap().contains("crosstalk-tail"));
    }

    #[test]
    fn text_literals_are_escaped_and_paths_stay_inside() {
        assert_eq!(text("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\x01\"");
        assert_eq!(module_file("../x/./y.mjs"), "worker/_/x/y.mjs");
        assert_eq!(module_file("/abs.mjs"), "worker/_/abs.mjs");
    }

    #[test]
    fn a_binding_to_another_workers_class_names_its_service_which_hosts_the_namespace() {
        let modules = [module("index.mjs", false)];
        let env = BTreeMap::new();
        let counter = |script: Option<&str>| crosstalk_runtime::DurableObjectSpec {
            binding: "COUNTER".into(),
            class_name: "Counter".into(),
            sqlite: true,
            latency: crosstalk_runtime::MsRange::fixed(1),
            script: script.map(str::to_string),
        };
        let main_objects = [counter(Some("counters"))];
        let services = [crate::plan::ServicePlan {
            name: "counters".into(),
            syntax: Syntax::Module,
            modules: vec![module("index.mjs", false)],
            unserved: Vec::new(),
            env: BTreeMap::new(),
            json_env: Default::default(),
            compatibility_date: None,
            compatibility_flags: Vec::new(),
            bindings: Vec::new(),
            durable_objects: vec![counter(None)],
        }];
        let config = render(&ConfigSpec {
            services: &services,
            durable_objects: &main_objects,
            ..spec(Syntax::Module, &modules, &env, &[])
        });
        // The worker with the binding declares no namespace; the class's worker does, with
        // its own unique key (workerd's `serviceName` form, checked by conform on workerd).
        assert!(
            config.contains(
                "(name = \"COUNTER\", durableObjectNamespace = (className = \"Counter\", serviceName = \"worker-counters\"))"
            ),
            "{config}"
        );
        assert_eq!(config.matches("durableObjectNamespaces = [").count(), 1, "{config}");
        assert!(
            config.contains("(className = \"Counter\", uniqueKey = \"counters-Counter\", enableSql = true)"),
            "{config}"
        );
    }
}
