//! The `worker = …` part of `load`: the wrangler project behind a scenario, the syntax
//! of its `main`, and how the scenario's `[[kv]]` refines the project's namespaces.

use crosstalk_runtime::Syntax;
use toml::Spanned;

use super::Loader;
use crate::error::LoadError;
use crate::project::{Project, load_project_env};
use crate::raw::RawKv;
use crate::scan::scan;
use crate::scenario::KvNamespace;

impl Loader<'_> {
    /// `worker = "…/wrangler.toml"` (or a folder holding one): the project, or an error
    /// at the key when it cannot be found, or inside the wrangler file when it is wrong.
    pub(super) fn project(
        &self,
        worker: &Spanned<String>,
        script: Option<&Spanned<String>>,
        env: Option<&Spanned<String>>,
    ) -> Result<Project, LoadError> {
        if let Some(script) = script {
            return Err(self
                .err(script.span(), "the scenario names both `script` and `worker`")
                .with_hint("keep `worker` to run the wrangler project's `main`, or `script` for a plain script"));
        }
        let path = self.dir.join(worker.get_ref());
        if !path.exists() {
            return Err(self
                .err(worker.span(), format!("the wrangler config '{}' does not exist", worker.get_ref()))
                .with_hint(format!("looked for {}", path.display())));
        }
        load_project_env(&path, env.map(|e| e.get_ref().as_str()))
    }

    /// The syntax of a wrangler project's `main`: the scenario's `syntax` if given; else
    /// `.mjs` and `.mts` are modules, `.cjs` a service worker, and `.js`, `.ts`, `.tsx`
    /// and `.jsx` a module exactly when it has an import or export statement (wrangler
    /// projects nearly always do).
    pub(super) fn main_syntax(
        &self,
        project: &Project,
        worker: Option<&Spanned<String>>,
        syntax: Option<&Spanned<String>>,
    ) -> Result<Syntax, LoadError> {
        if let Some(s) = syntax {
            return self.syntax(&Spanned::new(0..0, project.main.clone()), Some(s));
        }
        let main = &project.main;
        if main.ends_with(".mjs") || main.ends_with(".mts") {
            return Ok(Syntax::Module);
        }
        if main.ends_with(".cjs") {
            return Ok(Syntax::ServiceWorker);
        }
        if [".js", ".ts", ".tsx", ".jsx"].iter().any(|e| main.ends_with(e)) {
            let path = project.root.join(main);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| LoadError::file(&path, format!("cannot read the worker's main module: {e}")))?;
            return Ok(if scan(&text).module_syntax { Syntax::Module } else { Syntax::ServiceWorker });
        }
        let span = worker.map_or(0..0, Spanned::span);
        Err(self
            .err(span, format!("cannot tell the syntax of the project's main '{main}' from its extension"))
            .with_hint("add syntax = \"module\" (or \"service-worker\") to the scenario"))
    }

    /// The project's KV namespaces refined by the scenario's `[[kv]]` (same binding: its
    /// data, and its latency when it names one), then the scenario's other namespaces.
    pub(super) fn merged_kv(
        &self,
        project: Option<&Project>,
        raw: &[Spanned<RawKv>],
    ) -> Result<Vec<KvNamespace>, LoadError> {
        let mut kv: Vec<KvNamespace> = project.map(|p| p.kv.clone()).unwrap_or_default();
        for table in raw {
            let scenario_kv = self.kv(table)?;
            match kv.iter_mut().find(|k| k.binding == scenario_kv.binding) {
                // The scenario's [[kv]] refines the project's namespace: its data, and its
                // latency when it names one.
                Some(existing) => {
                    if table.get_ref().latency.is_some() {
                        existing.latency = scenario_kv.latency;
                    }
                    existing.data = scenario_kv.data;
                }
                None => kv.push(scenario_kv),
            }
        }
        Ok(kv)
    }
}
