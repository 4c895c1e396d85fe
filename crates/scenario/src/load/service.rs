//! The service-binding part of `load`: the scenario's other workers (`[[service]]`, each
//! a wrangler project or a plain script), the bindings that call them (wrangler's
//! `services`, `[[service]] binding`), and the check that every binding names one of
//! them.

use crosstalk_runtime::{ServiceSpec, Syntax};
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

use super::Loader;
use crate::error::LoadError;
use crate::graph::check_imports;
use crate::project::load_project;
use crate::raw::RawService;
use crate::scenario::{Expect, RuntimeKnobs, Scenario, WorkerProject};

/// What `[[service]]` and wrangler's `services` give the main worker.
pub(super) struct Services {
    /// Its bindings to workers of the scenario.
    pub bindings: Vec<ServiceSpec>,
    /// The scenario's other workers.
    pub workers: Vec<Scenario>,
    /// Its bindings to workers the scenario does not define: name → `services`.
    pub unbound: BTreeMap<String, String>,
}

impl Loader<'_> {
    /// The main worker's service bindings, the scenario's other workers, and the main
    /// worker's bindings to workers the scenario does not define (name → `services`).
    pub(super) fn services(
        &self,
        main_name: &str,
        main_runtime: &RuntimeKnobs,
        mut services: Vec<ServiceSpec>,
        raw: &[Spanned<RawService>],
    ) -> Result<Services, LoadError> {
        let mut workers: Vec<Scenario> = Vec::new();
        for table in raw {
            let t = table.get_ref();
            let worker = match (&t.worker, &t.script) {
                (Some(_), Some(script)) => {
                    return Err(self
                        .err(script.span(), "this [[service]] names both `worker` and `script`")
                        .with_hint("keep `worker` for a wrangler project, or `script` for a plain script"));
                }
                (None, None) => {
                    return Err(self.err(table.span(), "this [[service]] names no worker").with_hint(
                        "add worker = \"path/to/wrangler.toml\" (its folder works too) or script = \"auth.mjs\"",
                    ));
                }
                (Some(worker), None) => self.service_project(worker, t)?,
                (None, Some(script)) => self.service_script(script, t, main_runtime)?,
            };
            let name_span = t.service.as_ref().or(t.worker.as_ref()).or(t.script.as_ref()).map_or(0..0, Spanned::span);
            if worker.name == main_name || workers.iter().any(|w| w.name == worker.name) {
                return Err(self
                    .err(name_span, format!("two workers of the scenario are named '{}'", worker.name))
                    .with_hint("give each [[service]] a distinct service = \"name\""));
            }
            match (&t.binding, &t.entrypoint) {
                (Some(binding), entrypoint) => {
                    self.check_binding_name(binding)?;
                    services.retain(|s| s.binding != *binding.get_ref());
                    services.push(ServiceSpec {
                        binding: binding.get_ref().clone(),
                        service: worker.name.clone(),
                        entrypoint: entrypoint.as_ref().map(|e| e.get_ref().clone()),
                    });
                }
                (None, Some(entrypoint)) => {
                    return Err(self
                        .err(entrypoint.span(), "`entrypoint` needs a `binding` in the same [[service]]")
                        .with_hint("add binding = \"AUTH\", or put the entrypoint in the wrangler `services` entry"));
                }
                (None, None) => {}
            }
            workers.push(worker);
        }
        // A binding to a worker the scenario does not define stays on `env` as an
        // unmodelled binding (every use throws, naming it; `run` warns once). The main
        // worker is one of them: a binding to itself (`SELF`) loops back, as on workerd.
        let names: Vec<String> =
            workers.iter().map(|w| w.name.clone()).chain(std::iter::once(main_name.to_string())).collect();
        let (services, unknown) = split_known(services, &names);
        for worker in &mut workers {
            let (known, unknown) = split_known(std::mem::take(&mut worker.services), &names);
            worker.services = known;
            worker.unsupported_bindings.extend(unknown);
        }
        Ok(Services { bindings: services, workers, unbound: unknown })
    }

    /// A `[[service]] worker = …`: the wrangler project, loaded as wrangler reads it, with
    /// its own bindings.
    fn service_project(&self, worker: &Spanned<String>, t: &RawService) -> Result<Scenario, LoadError> {
        let path = self.dir.join(worker.get_ref());
        if !path.exists() {
            return Err(self
                .err(worker.span(), format!("the wrangler config '{}' does not exist", worker.get_ref()))
                .with_hint(format!("looked for {}", path.display())));
        }
        let project = load_project(&path)?;
        let name = match (&t.service, &project.name) {
            (Some(name), _) => name.get_ref().clone(),
            (None, Some(name)) => name.clone(),
            (None, None) => {
                return Err(self.err(worker.span(), "this worker's wrangler config has no `name`").with_hint(
                    "add service = \"its-name\" to the [[service]] (what other workers' bindings call it)",
                ));
            }
        };
        let syntax = self.main_syntax(&project, Some(worker), t.syntax.as_ref())?;
        let runtime = RuntimeKnobs {
            compatibility_date: project.compatibility_date,
            compatibility_flags: project.compatibility_flags.clone(),
            ..RuntimeKnobs::default()
        };
        let kv = self.merged_kv(Some(&project), &[])?;
        let d1 = self.merged_d1(Some(&project), &[])?;
        let r2 = self.merged_r2(Some(&project), &[])?;
        let queues = self.merged_queues(Some(&project), &[])?;
        let durable_objects = self.merged_durable_objects(Some(&project), &[])?;
        let mut env: BTreeMap<String, String> = project.vars.clone();
        env.extend(project.secrets.clone());
        let json_env = project.json_vars.iter().filter(|n| !project.secrets.contains_key(*n)).cloned().collect();
        let scenario = Scenario {
            name,
            description: None,
            dir: project.root.clone(),
            script: project.main.clone(),
            syntax,
            requests: Vec::new(),
            origins: Vec::new(),
            runtime,
            env,
            json_env,
            assets: project.assets.clone().map(std::sync::Arc::new),
            small_bindings: project.small_bindings.clone(),
            workflows: project.workflows.clone(),
            kv,
            d1,
            r2,
            queues,
            durable_objects,
            faults: crosstalk_runtime::Faults::default(),
            define: project.define.clone(),
            module_rules: project.rules.clone(),
            expect: Expect::default(),
            project: Some(WorkerProject { config: project.config.clone(), root: project.root.clone() }),
            unsupported_bindings: project.unsupported_bindings.clone(),
            services: project.services.clone(),
            workers: Vec::new(),
        };
        if scenario.syntax == Syntax::Module {
            check_imports(&scenario.source(), scenario.module_root())?;
        }
        Ok(scenario)
    }

    /// A `[[service]] script = …`: a plain script with no bindings of its own, at the main
    /// worker's compatibility date and flags.
    fn service_script(
        &self,
        script: &Spanned<String>,
        t: &RawService,
        main_runtime: &RuntimeKnobs,
    ) -> Result<Scenario, LoadError> {
        let syntax = self.syntax(script, t.syntax.as_ref())?;
        self.check_script(script)?;
        let file = script.get_ref().trim_start_matches("./").to_string();
        let name = match &t.service {
            Some(name) => name.get_ref().clone(),
            None => Path::new(&file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
        };
        let scenario = Scenario {
            name,
            description: None,
            dir: self.dir.to_path_buf(),
            script: file,
            syntax,
            requests: Vec::new(),
            origins: Vec::new(),
            runtime: RuntimeKnobs {
                compatibility_date: main_runtime.compatibility_date,
                compatibility_flags: main_runtime.compatibility_flags.clone(),
                ..RuntimeKnobs::default()
            },
            env: BTreeMap::new(),
            json_env: Default::default(),
            assets: None,
            small_bindings: Vec::new(),
            workflows: Vec::new(),
            kv: Vec::new(),
            d1: Vec::new(),
            r2: Vec::new(),
            queues: Vec::new(),
            durable_objects: Vec::new(),
            faults: crosstalk_runtime::Faults::default(),
            define: Vec::new(),
            module_rules: Vec::new(),
            expect: Expect::default(),
            project: None,
            unsupported_bindings: BTreeMap::new(),
            services: Vec::new(),
            workers: Vec::new(),
        };
        if scenario.syntax == Syntax::Module {
            check_imports(&scenario.source(), scenario.module_root())?;
        }
        Ok(scenario)
    }
}

/// The bindings that call one of `workers`, and the others as unmodelled bindings.
fn split_known(services: Vec<ServiceSpec>, workers: &[String]) -> (Vec<ServiceSpec>, BTreeMap<String, String>) {
    let (known, unknown): (Vec<ServiceSpec>, Vec<ServiceSpec>) =
        services.into_iter().partition(|s| workers.contains(&s.service));
    (known, unknown.into_iter().map(|s| (s.binding, "services".to_string())).collect())
}
