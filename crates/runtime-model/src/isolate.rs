//! An isolate: one boa `Context` with the host installed and the worker evaluated (R1).
//!
//! Invariant: [`Isolate::teardown`] runs before the context is dropped, so no JS value
//! held by the host outlives its realm (the realm-leak trap, ARCHITECTURE.md).

use boa_engine::builtins::promise::PromiseState;
use boa_engine::context::ContextBuilder;
use boa_engine::module::{ModuleLoader, Referrer};
use boa_engine::property::Attribute;
use boa_engine::script::Script;
use boa_engine::{Context, JsError, JsNativeError, JsResult, JsString, JsValue, Module, Source, js_string};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use crosstalk_instrument::Goal;

use crate::ModelError;
use crate::engine::{Executor, Hooks, Host, VirtualClock};
use crate::event_loop::drain_microtasks;
use crate::host::fetch_event::Handlers;
use crate::location::describe_error;
use crate::model::{Model, ModuleSource, ResolvedModule, Syntax};
use crate::world::World;

pub(crate) struct Isolate {
    pub context: Context,
    pub host: Rc<Host>,
    /// The `env` object handed to module handlers.
    pub env: JsValue,
    provenance: bool,
    // invariant: set by `teardown`, which runs before the isolate drops (checked in Drop).
    torn_down: bool,
}

/// Loads ES modules through the model's [`ModuleSource`], each module once.
struct Loader {
    source: std::sync::Arc<dyn ModuleSource>,
    /// Whether module texts are instrumented for promise provenance.
    instrument: bool,
    modules: RefCell<BTreeMap<String, Module>>,
    errors: RefCell<Vec<ModelError>>,
}

impl Loader {
    fn parse(&self, resolved: ResolvedModule, context: &mut Context) -> JsResult<Module> {
        if let Some(module) = self.modules.borrow().get(&resolved.name) {
            return Ok(module.clone());
        }
        let text: Arc<str> = if resolved.json {
            Arc::from(format!("export default {};", resolved.source))
        } else if self.instrument {
            instrumented(&resolved.name, &resolved.source, Goal::Module, context)
        } else {
            resolved.source.clone()
        };
        let source = Source::from_bytes(text.as_bytes()).with_path(Path::new(&resolved.name));
        let module = on_big_stack(|| Module::parse(source, None, context)).inspect_err(|e| {
            self.errors.borrow_mut().push(syntax_error(&resolved.name, &e.to_string()));
        })?;
        self.modules.borrow_mut().insert(resolved.name, module.clone());
        Ok(module)
    }
}

impl ModuleLoader for Loader {
    async fn load_imported_module(
        self: Rc<Self>,
        referrer: Referrer,
        request: boa_engine::module::ModuleRequest,
        context: &RefCell<&mut Context>,
    ) -> JsResult<Module> {
        let referrer_name = referrer.path().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        let specifier = request.specifier().to_std_string_escaped();
        let resolved = self.source.resolve(&referrer_name, &specifier).map_err(|message| {
            self.errors.borrow_mut().push(ModelError::Resolve {
                file: referrer_name.clone(),
                specifier: specifier.clone(),
                message: message.clone(),
            });
            JsError::from(JsNativeError::typ().with_message(message))
        })?;
        self.parse(resolved, &mut context.borrow_mut())
    }
}

impl Isolate {
    /// Creates isolate `index`, installs the host and evaluates the worker (owner `startup`).
    pub(crate) fn boot(index: u32, world: Rc<World>, model: &Model) -> Result<Isolate, ModelError> {
        let host = Rc::new(Host::new(index, world.clone()));
        let loader = Rc::new(Loader {
            source: model.source.clone(),
            instrument: model.provenance,
            modules: RefCell::new(BTreeMap::new()),
            errors: RefCell::new(Vec::new()),
        });
        let mut context = ContextBuilder::new()
            .job_executor(Rc::new(Executor(host.clone())))
            .host_hooks(Rc::new(Hooks(host.clone())))
            .clock(Rc::new(VirtualClock(world.clone())))
            .module_loader(loader.clone())
            .build()
            .map_err(|e| ModelError::Internal(format!("cannot create a JS context: {e}")))?;
        context.insert_data(host.clone());
        let limits = &world.limits;
        context.runtime_limits_mut().set_loop_iteration_limit(limits.cpu_loop_iterations_max);
        context.runtime_limits_mut().set_recursion_limit(limits.stack_depth_max);
        crate::host::register(&mut context)
            .map_err(|e| ModelError::Internal(format!("cannot install host APIs: {e}")))?;
        if model.provenance {
            crate::host::promise::install(&mut context)
                .map_err(|e| ModelError::Internal(format!("cannot install promise provenance: {e}")))?;
        }
        let env =
            install_env(model, &mut context).map_err(|e| ModelError::Internal(format!("cannot install env: {e}")))?;
        let mut isolate = Isolate { context, host, env, provenance: model.provenance, torn_down: false };
        let main = match model.source.main() {
            Ok(main) => main,
            Err(message) => {
                isolate.teardown();
                return Err(ModelError::Resolve { file: model.name.clone(), specifier: "main".to_string(), message });
            }
        };
        let result = match model.syntax {
            Syntax::ServiceWorker => isolate.eval_script(&main),
            Syntax::Module => isolate.eval_module(&main, &loader),
        };
        if let Err(error) = result {
            let loader_error = loader.errors.borrow_mut().drain(..).next();
            isolate.teardown();
            return Err(loader_error.unwrap_or(error));
        }
        Ok(isolate)
    }

    fn eval_script(&mut self, main: &ResolvedModule) -> Result<(), ModelError> {
        let text = if self.provenance {
            instrumented(&main.name, &main.source, Goal::Script, &mut self.context)
        } else {
            main.source.clone()
        };
        let source = Source::from_bytes(text.as_bytes()).with_path(Path::new(&main.name));
        let script = on_big_stack(|| Script::parse(source, None, &mut self.context))
            .map_err(|e| syntax_error(&main.name, &e.to_string()))?;
        let result = script.evaluate(&mut self.context);
        drain_microtasks(&self.host, &mut self.context);
        result.map_err(|e| self.startup_error(&e))?;
        if self.host.get::<Handlers>().listeners().is_empty() {
            return Err(ModelError::NoHandler {
                file: main.name.clone(),
                hint: "a service-worker script must call addEventListener('fetch', event => event.respondWith(…)); \
                       for `export default { fetch }` use a .mjs file or `syntax = \"module\"`"
                    .to_string(),
            });
        }
        Ok(())
    }

    fn eval_module(&mut self, main: &ResolvedModule, loader: &Rc<Loader>) -> Result<(), ModelError> {
        let module = loader.parse(main.clone(), &mut self.context).map_err(|e| {
            loader
                .errors
                .borrow_mut()
                .drain(..)
                .next()
                .unwrap_or(ModelError::Syntax { file: main.name.clone(), message: e.to_string() })
        })?;
        let promise = module.load_link_evaluate(&mut self.context);
        drain_microtasks(&self.host, &mut self.context);
        match promise.state() {
            PromiseState::Fulfilled(_) => {}
            PromiseState::Rejected(reason) => {
                let thrown = crate::location::describe_value(&reason, &mut self.context);
                return Err(ModelError::Startup {
                    file: main.name.clone(),
                    message: thrown.message,
                    stack: thrown.stack,
                });
            }
            PromiseState::Pending => {
                return Err(ModelError::Startup {
                    file: main.name.clone(),
                    message: "the module's top-level await never settled".to_string(),
                    stack: None,
                });
            }
        }
        let default = module
            .namespace(&mut self.context)
            .get(js_string!("default"), &mut self.context)
            .map_err(|e| self.startup_error(&e))?;
        let Some(handler) = default.as_object() else {
            return Err(ModelError::NoHandler {
                file: main.name.clone(),
                hint: "a module worker must `export default { async fetch(request, env, ctx) { … } }`; \
                       for addEventListener use a .js file or `syntax = \"service-worker\"`"
                    .to_string(),
            });
        };
        self.host.get::<Handlers>().set_default_export(handler.clone());
        Ok(())
    }

    fn startup_error(&mut self, error: &JsError) -> ModelError {
        let thrown = describe_error(error, &mut self.context);
        ModelError::Startup {
            file: thrown.at.clone().unwrap_or_default(),
            message: thrown.message,
            stack: thrown.stack,
        }
    }

    /// Drops every JS value the host holds, then lets the context go.
    pub(crate) fn teardown(&mut self) {
        self.host.clear_js_values();
        self.env = JsValue::undefined();
        self.torn_down = true;
    }
}

impl Drop for Isolate {
    fn drop(&mut self) {
        // The realm-leak trap: a JS value held outside the GC heap past teardown would
        // outlive its realm. (Not while unwinding: a second panic would abort.)
        if !std::thread::panicking() {
            debug_assert!(self.torn_down, "an isolate is torn down before it drops");
            debug_assert!(self.host.is_clear(), "no JS value is held past teardown");
        }
    }
}

/// Runs `f` (a parse: boa's parser recurses once per nesting level, with large frames)
/// with at least 4 MiB of stack left, on a fresh 32 MiB segment if need be.
pub(crate) fn on_big_stack<T>(f: impl FnOnce() -> T) -> T {
    stacker::maybe_grow(4 * 1024 * 1024, 32 * 1024 * 1024, f)
}

/// The text the engine runs for a module: instrumented for promise provenance (cached
/// per process), its sites registered with the isolate's host.
fn instrumented(name: &str, text: &Arc<str>, goal: Goal, context: &mut Context) -> Arc<str> {
    let entry = crate::instrumented::get(name, text, goal);
    if let Some(sites) = &entry.sites {
        Host::of(context).sites.add(Rc::from(Path::new(name)), sites.clone());
    }
    entry.text.clone()
}

/// `env` bindings: globals in service-worker syntax, the `env` argument in module syntax.
fn install_env(model: &Model, context: &mut Context) -> JsResult<JsValue> {
    let env = boa_engine::object::ObjectInitializer::new(context).build();
    for (name, kind) in &model.unsupported_bindings {
        let stand_in = crate::host::bindings::unsupported(name, kind, context)?;
        env.set(JsString::from(name.as_str()), stand_in.clone(), false, context)?;
        if model.syntax == Syntax::ServiceWorker {
            context.register_global_property(JsString::from(name.as_str()), stand_in, Attribute::all())?;
        }
    }
    for (binding, namespace) in crate::host::kv::bindings(model, context)? {
        env.set(JsString::from(binding.as_str()), namespace.clone(), false, context)?;
        if model.syntax == Syntax::ServiceWorker {
            context.register_global_property(JsString::from(binding.as_str()), namespace, Attribute::all())?;
        }
    }
    for (name, value) in &model.env {
        let value: JsValue = JsString::from(value.as_str()).into();
        env.set(JsString::from(name.as_str()), value.clone(), false, context)?;
        if model.syntax == Syntax::ServiceWorker {
            context.register_global_property(JsString::from(name.as_str()), value, Attribute::all())?;
        }
    }
    Ok(env.into())
}

/// A parse error as `file:line:column` and the parser's message without its position
/// suffix (boa writes `SyntaxError: … at line 3, col 1 (native)`).
fn syntax_error(file: &str, text: &str) -> ModelError {
    let text = text.trim().trim_end_matches("(native)").trim_end();
    let text = text.strip_prefix("SyntaxError: ").unwrap_or(text);
    if let Some((message, position)) = text.rsplit_once(" at line ")
        && let Some((line, column)) = position.split_once(", col ")
        && line.trim().parse::<u32>().is_ok()
        && column.trim().parse::<u32>().is_ok()
    {
        return ModelError::Syntax {
            file: format!("{file}:{}:{}", line.trim(), column.trim()),
            message: message.to_string(),
        };
    }
    ModelError::Syntax { file: file.to_string(), message: text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_located_as_file_line_column() {
        let error = syntax_error(
            "worker.js",
            "SyntaxError: expected one of ',' or ')', got '}' in argument list at line 3, col 1 (native)",
        );
        assert_eq!(
            error.to_string(),
            "worker.js:3:1: syntax error: expected one of ',' or ')', got '}' in argument list"
        );
        assert_eq!(syntax_error("a.mjs", "odd").to_string(), "a.mjs: syntax error: odd");
    }
}
