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

use crosstalk_instrument::{Goal, Passes};

use crate::ModelError;
use crate::engine::{Executor, Hooks, Host, VirtualClock};
use crate::event_loop::drain_microtasks;
use crate::host::fetch_event::Handlers;
use crate::location::{Location, describe_error};
use crate::model::{Model, ModuleSource, ResolvedModule, Syntax};
use crate::world::World;

pub(crate) struct Isolate {
    pub context: Context,
    pub host: Rc<Host>,
    /// The `env` object handed to module handlers.
    pub env: JsValue,
    /// The syntax of this isolate's worker (a scenario's workers may differ).
    pub syntax: Syntax,
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
    /// While the entry module runs: the main module's name, which [`ENTRY_SPECIFIER`]
    /// resolves to.
    entry_of: RefCell<Option<String>>,
    /// Whether some module nests deeper than [`SHALLOW_NESTING_MAX`]: its parse, and the
    /// linking and evaluation of the graph, then run on the big stack segment.
    deep: std::cell::Cell<bool>,
}

/// The specifier the entry module imports the main module by, and the entry's own name.
const ENTRY_SPECIFIER: &str = "crosstalk:main";
const ENTRY_NAME: &str = "crosstalk:entry";

impl Loader {
    fn parse(&self, resolved: ResolvedModule, context: &mut Context) -> JsResult<Module> {
        if let Some(module) = self.modules.borrow().get(&resolved.name) {
            return Ok(module.clone());
        }
        // A CompiledWasm module: its `WebAssembly.Module` is the default export.
        if let Some(bytes) = crate::host::wasm::bytes_of(&resolved.source) {
            let module = crate::host::wasm::imported_module(&bytes, context)
                .map(|value| Module::from_value_as_default(value, context))
                .map_err(|message| {
                    self.errors.borrow_mut().push(ModelError::Syntax {
                        file: resolved.name.clone(),
                        at: None,
                        message,
                    });
                    JsError::from(JsNativeError::typ().with_message("invalid WebAssembly module"))
                })?;
            self.modules.borrow_mut().insert(resolved.name, module.clone());
            return Ok(module);
        }
        let deep = if resolved.json {
            false
        } else {
            match check_nesting(&resolved.name, &resolved.source) {
                Ok(deep) => deep,
                Err(error) => {
                    self.errors.borrow_mut().push(error);
                    return Err(JsNativeError::range().with_message(STACK_OVERFLOW).into());
                }
            }
        };
        self.deep.set(self.deep.get() || deep);
        // workerd's /bundle holds every module of the worker (node:fs reads it).
        Host::of(context).get::<crate::host::node_fs::NodeFs>().note_module(&resolved.name, &resolved.source);
        let text: Arc<str> = if resolved.json {
            Arc::from(format!("export default {};", resolved.source))
        } else {
            run_text(&resolved, self.instrument, Goal::Module, context)
        };
        let source = Source::from_bytes(text.as_bytes()).with_path(Path::new(&resolved.name));
        let module = on_stack(deep, || Module::parse(source, None, context)).inspect_err(|e| {
            let error = syntax_error(&resolved.name, &e.to_string());
            self.errors.borrow_mut().push(in_source(error, resolved.positions.as_deref()));
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
        if specifier == ENTRY_SPECIFIER
            && let Some(main) = self.entry_of.borrow().as_ref()
            && let Some(module) = self.modules.borrow().get(main)
        {
            return Ok(module.clone());
        }
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
    /// Creates isolate `index`, installs the host and evaluates the worker (owner `startup`);
    /// reads the named exports `entrypoints` that service bindings call.
    pub(crate) fn boot(
        index: u32,
        world: Rc<World>,
        model: &Model,
        entrypoints: &[String],
    ) -> Result<Isolate, ModelError> {
        let host = Rc::new(Host::new(index, world.clone()));
        let loader = Rc::new(Loader {
            source: model.source.clone(),
            instrument: model.provenance,
            modules: RefCell::new(BTreeMap::new()),
            errors: RefCell::new(Vec::new()),
            entry_of: RefCell::new(None),
            deep: std::cell::Cell::new(false),
        });
        let mut context = ContextBuilder::new()
            .job_executor(Rc::new(Executor(host.clone())))
            .host_hooks(Rc::new(Hooks(host.clone())))
            .clock(Rc::new(VirtualClock(host.clone())))
            .module_loader(loader.clone())
            .build()
            .map_err(|e| ModelError::Internal(format!("cannot create a JS context: {e}")))?;
        context.insert_data(host.clone());
        if model.syntax == Syntax::Module {
            host.get::<crate::host::error_stack::StackPaths>().set_module_worker();
        }
        let limits = &world.limits;
        // boa's own count is a backstop: the instrumentation counts the loops it can
        // check per task (`host::loop_step`); boa counts every loop, per function call, and
        // its error is lost after an `await` (ARCHITECTURE.md, "CPU budget").
        context
            .runtime_limits_mut()
            .set_loop_iteration_limit(limits.cpu_loop_iterations_max.saturating_mul(ENGINE_LOOP_FACTOR));
        context.runtime_limits_mut().set_recursion_limit(crate::stack::engine_limit(limits.stack_depth_max));
        context.runtime_limits_mut().set_stack_size_limit(STACK_VALUES_MAX);
        crate::host::register(&mut context)
            .map_err(|e| ModelError::Internal(format!("cannot install host APIs: {e}")))?;
        if model.provenance {
            crate::host::promise::install(&mut context)
                .map_err(|e| ModelError::Internal(format!("cannot install promise provenance: {e}")))?;
        }
        let env =
            install_env(model, &mut context).map_err(|e| ModelError::Internal(format!("cannot install env: {e}")))?;
        let mut isolate =
            Isolate { context, host, env, syntax: model.syntax, provenance: model.provenance, torn_down: false };
        if model.node_globals
            && let Err(error) = crate::host::web::register_node_globals(&mut isolate.context)
        {
            isolate.teardown();
            return Err(ModelError::Internal(format!("cannot install the node globals: {error}")));
        }
        if !model.node_process_v2
            && let Err(error) =
                crate::host::define_hidden_global("crosstalk.node.processV2", false.into(), &mut isolate.context)
        {
            isolate.teardown();
            return Err(ModelError::Internal(format!("cannot select the legacy process: {error}")));
        }
        if !model.node_perf_hooks
            && let Err(error) =
                crate::host::define_hidden_global("crosstalk.performance.nodeHooks", false.into(), &mut isolate.context)
        {
            isolate.teardown();
            return Err(ModelError::Internal(format!("cannot leave out node:perf_hooks' members: {error}")));
        }
        if model.performance_classes
            && let Err(error) = crate::host::web::register_performance_classes(&mut isolate.context)
        {
            isolate.teardown();
            return Err(ModelError::Internal(format!("cannot install the performance classes: {error}")));
        }
        if model.node_timers
            && let Err(error) = crate::host::web::register_node_timers(&mut isolate.context)
        {
            isolate.teardown();
            return Err(ModelError::Internal(format!("cannot install the node timers: {error}")));
        }
        let main = match model.source.main() {
            Ok(main) => main,
            Err(message) => {
                isolate.teardown();
                return Err(ModelError::Resolve { file: model.name.clone(), specifier: "main".to_string(), message });
            }
        };
        // The top level runs at a fixed instant (R3), whenever the isolate boots: the boot
        // is then the same in every schedule, which lets a worker process boot it once
        // and fork it per schedule (`template`).
        isolate.host.booting.set(true);
        let result = match model.syntax {
            Syntax::ServiceWorker => isolate.eval_script(&main),
            Syntax::Module => isolate.eval_module(&main, &loader),
        };
        let result = result
            .and_then(|()| entrypoints.iter().try_for_each(|name| isolate.read_entrypoint(&main.name, name, &loader)))
            .and_then(|()| {
                // The main module's own `WorkerEntrypoint` classes, for `ctx.exports`: read
                // when exported, skipped when not.
                if model.syntax != Syntax::Module {
                    return Ok(());
                }
                for name in worker_entrypoint_classes(&main.source) {
                    if entrypoints.contains(&name) {
                        continue;
                    }
                    match isolate.read_entrypoint(&main.name, &name, &loader) {
                        Ok(()) => {}
                        Err(ModelError::Startup { .. }) => loader.errors.borrow_mut().clear(),
                        Err(other) => return Err(other),
                    }
                }
                Ok(())
            });
        isolate.host.booting.set(false);
        if let Err(error) = result {
            let loader_error = loader.errors.borrow_mut().drain(..).next();
            isolate.teardown();
            return Err(loader_error.unwrap_or(error));
        }
        Ok(isolate)
    }

    fn eval_script(&mut self, main: &ResolvedModule) -> Result<(), ModelError> {
        let deep = check_nesting(&main.name, &main.source)?;
        Host::of(&self.context).get::<crate::host::node_fs::NodeFs>().note_module(&main.name, &main.source);
        let text = run_text(main, self.provenance, Goal::Script, &mut self.context);
        let source = Source::from_bytes(text.as_bytes()).with_path(Path::new(&main.name));
        let context = &mut self.context;
        // Parsing, compiling (inside `evaluate`) and dropping the syntax tree all recurse
        // once per nesting level of the source.
        let result = on_stack(deep, || {
            let script = Script::parse(source, None, context)?;
            Ok(script.evaluate(context))
        })
        .map_err(|e: JsError| syntax_error(&main.name, &e.to_string()))?;
        drain_microtasks(&self.host, &mut self.context);
        result.map_err(|e| self.startup_error(&e))?;
        if !self.host.get::<Handlers>().has_listeners() {
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
            loader.errors.borrow_mut().drain(..).next().unwrap_or(ModelError::Syntax {
                file: main.name.clone(),
                at: None,
                message: e.to_string(),
            })
        })?;
        let promise = on_stack(loader.deep.get(), || module.load_link_evaluate(&mut self.context));
        drain_microtasks(&self.host, &mut self.context);
        match promise.state() {
            PromiseState::Fulfilled(_) => {}
            PromiseState::Rejected(reason) => {
                let thrown = crate::location::describe_value(&reason, &mut self.context);
                if let Some(located) = crate::link_error::locate(&*loader.source, main, &thrown.message) {
                    return Err(located);
                }
                return Err(ModelError::Startup {
                    file: main.name.clone(),
                    message: thrown.message,
                    stack: thrown.stack,
                });
            }
            PromiseState::Pending => {
                // An engine stop of a job that linked or evaluated the graph leaves it pending.
                let message = match self.host.get::<crate::engine::Microtasks>().startup_stop.take() {
                    Some(crate::engine::EngineStop::CpuLimit) => STARTUP_CPU.to_string(),
                    Some(crate::engine::EngineStop::MemoryLimit) => STARTUP_MEMORY.to_string(),
                    Some(crate::engine::EngineStop::StackOverflow) => format!("RangeError: {STACK_OVERFLOW}"),
                    None => "the module's top-level await never settled".to_string(),
                };
                return Err(ModelError::Startup { file: main.name.clone(), message, stack: None });
            }
        }
        self.read_default_export(&main.name, loader)?;
        if self.host.get::<Handlers>().default_export().is_none() {
            return Err(ModelError::NoHandler {
                file: main.name.clone(),
                hint: "a module worker must `export default { async fetch(request, env, ctx) { … } }`; \
                       for addEventListener use a .js file or `syntax = \"service-worker\"`"
                    .to_string(),
            });
        }
        Ok(())
    }

    /// Reads the main module's default export into `host.handler` through a one-line entry
    /// module that imports it, never through `Module::namespace()`: boa 0.22's namespace
    /// object keeps its binding cache outside GC tracing, which roots the module graph and
    /// its whole realm for the life of the process (ARCHITECTURE.md, "The module leak").
    /// Leaves the handler unset when the module has no default export or it is not an
    /// object.
    fn read_default_export(&mut self, main: &str, loader: &Rc<Loader>) -> Result<(), ModelError> {
        let internal = |e: JsError| ModelError::Internal(format!("cannot read the default export: {e}"));
        let receive = boa_engine::NativeFunction::from_fn_ptr(|_, args, context| {
            if let Some(handler) = args.first().and_then(JsValue::as_object) {
                Host::of(context).get::<Handlers>().set_default_export(handler.clone());
            }
            Ok(JsValue::undefined())
        });
        let receive = boa_engine::object::FunctionObjectBuilder::new(self.context.realm(), receive).build();
        let global = self.context.global_object();
        global.set(js_string!("__ct$default"), receive, false, &mut self.context).map_err(internal)?;
        let text = format!("import handler from {ENTRY_SPECIFIER:?}; __ct$default(handler);");
        let source = Source::from_bytes(text.as_bytes()).with_path(Path::new(ENTRY_NAME));
        *loader.entry_of.borrow_mut() = Some(main.to_string());
        let entry = Module::parse(source, None, &mut self.context).map_err(internal)?;
        // Linking fails (and the handler stays unset) only when there is no default export.
        let _settled = entry.load_link_evaluate(&mut self.context);
        drain_microtasks(&self.host, &mut self.context);
        loader.entry_of.borrow_mut().take();
        global.delete_property_or_throw(js_string!("__ct$default"), &mut self.context).map_err(internal)?;
        Ok(())
    }

    /// Reads the named export `name` into the handlers, as `read_default_export` reads the
    /// default (an entry module that imports it: no namespace object).
    fn read_entrypoint(&mut self, main: &str, name: &str, loader: &Rc<Loader>) -> Result<(), ModelError> {
        let missing = || ModelError::Startup {
            file: main.to_string(),
            message: format!(
                "a service binding or Durable Object binding names the export '{name}', which the worker does not export"
            ),
            stack: None,
        };
        if self.syntax != Syntax::Module || !is_identifier(name) {
            return Err(missing());
        }
        let internal = |e: JsError| ModelError::Internal(format!("cannot read entrypoint {name}: {e}"));
        let receive = boa_engine::NativeFunction::from_fn_ptr(|_, args, context| {
            let name = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
            if let Some(handler) = args.get(1).and_then(JsValue::as_object) {
                Host::of(context).get::<Handlers>().set_entrypoint(&name, handler.clone());
            }
            Ok(JsValue::undefined())
        });
        let receive = boa_engine::object::FunctionObjectBuilder::new(self.context.realm(), receive).build();
        let global = self.context.global_object();
        global.set(js_string!("__ct$entry"), receive, false, &mut self.context).map_err(internal)?;
        let text = format!("import {{ {name} as handler }} from {ENTRY_SPECIFIER:?}; __ct$entry({name:?}, handler);");
        let source = Source::from_bytes(text.as_bytes()).with_path(Path::new(ENTRY_NAME));
        *loader.entry_of.borrow_mut() = Some(main.to_string());
        let entry = Module::parse(source, None, &mut self.context).map_err(internal)?;
        let _settled = entry.load_link_evaluate(&mut self.context);
        drain_microtasks(&self.host, &mut self.context);
        loader.entry_of.borrow_mut().take();
        global.delete_property_or_throw(js_string!("__ct$entry"), &mut self.context).map_err(internal)?;
        match self.host.get::<Handlers>().entrypoint(name) {
            Some(_) => Ok(()),
            None => Err(missing()),
        }
    }

    fn startup_error(&mut self, error: &JsError) -> ModelError {
        let thrown = describe_error(error, &mut self.context);
        ModelError::Startup {
            file: thrown.at.as_ref().map(ToString::to_string).unwrap_or_default(),
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

/// V8's message for a source nested deeper than its parser's stack.
const STACK_OVERFLOW: &str = "Maximum call stack size exceeded";

/// Cloudflare's texts for a top level that ran past the CPU or memory limit (the errors
/// of code 10021 when a deploy's startup is measured; local workerd enforces neither).
const STARTUP_CPU: &str = "Error: Script startup exceeded CPU time limit.";
const STARTUP_MEMORY: &str = "Error: Script startup exceeded memory limits.";

/// The values boa's VM stack may hold (arguments, registers) before a call fails.
///
/// boa's default, 10,240, is far below V8's: V8 takes `Math.max(...a)` of 120,000
/// elements (workerd 1.20261117; 125,000 is a RangeError), and boa counts every argument
/// as a value. Worse, boa 0.22 never takes back the registers it pushes to initialise a
/// module's environment when the graph links (`initialize_environment` pushes a frame
/// with its registers and pops the frame, not the values): each module of the graph
/// keeps a few values on the stack for the life of the isolate, so a worker importing
/// @aws-sdk/client-s3 and effect (884 modules) filled the default before its top level
/// ran, and every call after failed. Nested calls are still bounded by `stack_depth_max`;
/// the values are counted by the memory limit.
const STACK_VALUES_MAX: usize = 1 << 20;

/// boa's own loop-iteration limit, in multiples of `cpu_loop_iterations_max`: a backstop
/// for the loops the instrumentation cannot check (`for (;;)`, `for…of`, `for…in`, code
/// compiled from a string at the top level), counted per function call, every task of an
/// async function together (and `String.prototype.repeat`'s repetitions, were the guard
/// not building its result).
const ENGINE_LOOP_FACTOR: u64 = 8;

/// The deepest bracket nesting parsed on the thread's own stack (boa needs ~150 KB of
/// stack per level in a debug build); deeper sources get [`on_big_stack`].
const SHALLOW_NESTING_MAX: usize = 48;

/// Refuses a source nested deeper than boa can parse on [`on_big_stack`] with V8's error,
/// located where the nesting first goes too deep; else says whether it needs the big
/// stack (nests deeper than [`SHALLOW_NESTING_MAX`]).
fn check_nesting(name: &str, source: &Arc<str>) -> Result<bool, ModelError> {
    match nesting_of(source) {
        Nesting::Shallow => Ok(false),
        Nesting::Deep => Ok(true),
        Nesting::TooDeep(line, column) => Err(ModelError::Startup {
            file: format!("{name}:{line}:{column}"),
            message: format!("RangeError: {STACK_OVERFLOW}"),
            stack: Some(format!(
                "    at {name}:{line}:{column} (the source nests brackets, or chains operators, more than {} levels deep)",
                crate::nesting::SOURCE_NESTING_MAX
            )),
        }),
    }
}

/// How deeply a module text nests: see [`check_nesting`].
#[derive(Clone, Copy)]
enum Nesting {
    Shallow,
    Deep,
    TooDeep(u32, u32),
}

/// The nesting of `source`, scanned once per text per process: every schedule boots an
/// isolate from the same texts, and the scan reads every character.
fn nesting_of(source: &Arc<str>) -> Nesting {
    type Known = Vec<(Arc<str>, Nesting)>;
    static KNOWN: std::sync::OnceLock<std::sync::Mutex<Known>> = std::sync::OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    let same = |(text, _): &&(Arc<str>, Nesting)| Arc::ptr_eq(text, source) || **text == **source;
    if let Some((_, nesting)) = known.lock().unwrap_or_else(|e| e.into_inner()).iter().find(same) {
        return *nesting;
    }
    let nesting = if crate::nesting::too_deep(source, SHALLOW_NESTING_MAX).is_none() {
        Nesting::Shallow
    } else {
        match crate::nesting::too_deep(source, crate::nesting::SOURCE_NESTING_MAX) {
            None => Nesting::Deep,
            Some((line, column)) => Nesting::TooDeep(line, column),
        }
    };
    known.lock().unwrap_or_else(|e| e.into_inner()).push((source.clone(), nesting));
    nesting
}

/// Runs `f` on the big segment when the source is deep, else on the thread's stack with
/// at least 4 MiB left (a fresh 32 MiB segment if need be). A fresh 1 GiB segment for
/// every schedule cost ~40% of a small worker's schedule (page faults on a new stack).
fn on_stack<T>(deep: bool, f: impl FnOnce() -> T) -> T {
    if deep { on_big_stack(f) } else { stacker::maybe_grow(4 * 1024 * 1024, 32 * 1024 * 1024, f) }
}

/// Runs `f` (a parse, a compile, or the drop of a syntax tree: boa's parser recurses
/// through ~20 functions per nesting level of the source, ~150 KB of stack per level in
/// a debug build) on a fresh segment big enough for [`SOURCE_NESTING_MAX`] levels. The
/// segment is reserved, not committed: only the pages a deep source touches cost memory.
pub(crate) fn on_big_stack<T>(f: impl FnOnce() -> T) -> T {
    const PARSE_STACK_BYTES: usize = 1024 * 1024 * 1024;
    stacker::grow(PARSE_STACK_BYTES, f)
}

/// The text the engine runs for a module: instrumented (cached per process) with the call
/// meter, and for promise provenance when `provenance`; its sites and its way back to the
/// user's source registered with the isolate's host.
fn run_text(module: &ResolvedModule, provenance: bool, goal: Goal, context: &mut Context) -> Arc<str> {
    let path = || Rc::from(Path::new(&module.name));
    // The meter and the lexical-`this` fix always: the CPU budget and `this` must not depend
    // on provenance being modelled.
    let passes = Passes { provenance, meter: true, lexical_this: true, guards: true };
    // The process keeps what it instrumented for every later run: not this run's memory,
    // or the first run on a process would hold more than the runs after it.
    let before = crate::memory::live_bytes();
    let entry = crate::instrumented::get(&module.name, &module.source, goal, passes, module.positions.as_ref());
    Host::of(context).world.memory.exclude(crate::memory::live_bytes() - before);
    if let Some(sites) = &entry.sites {
        Host::of(context).sites.add(path(), sites.clone());
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
    let kv = crate::host::kv::bindings(model, context)?;
    let d1 = crate::host::d1::bindings(model, context)?;
    let r2 = crate::host::r2::bindings(model, context)?;
    let queues = crate::host::queue::bindings(model, context)?;
    let services = crate::host::service::bindings(model, context)?;
    let services = services.into_iter().filter_map(|(name, value)| value.as_object().map(|o| (name, o.clone())));
    let objects = crate::host::durable_object::bindings(model, context)?;
    crate::host::assets::install(model.assets.clone(), context);
    let assets = crate::host::assets::bindings(model, context)?;
    let small = crate::host::small_bindings::bindings(model, context)?;
    let workflows = crate::host::workflows::bindings(model, context)?;
    // `ctx.exports` (and cloudflare:workers' `exports`): workerd's loopback bindings to
    // what the worker exports, made on first use from these bindings.
    crate::host::durable_object::note_own_classes(model, context);
    for (binding, namespace) in kv
        .into_iter()
        .chain(d1)
        .chain(r2)
        .chain(queues)
        .chain(services)
        .chain(objects)
        .chain(assets)
        .chain(small)
        .chain(workflows)
    {
        env.set(JsString::from(binding.as_str()), namespace.clone(), false, context)?;
        if model.syntax == Syntax::ServiceWorker {
            context.register_global_property(JsString::from(binding.as_str()), namespace, Attribute::all())?;
        }
    }
    // `process.env` of node:process: the text bindings (as workerd fills it), out of sight.
    if model.process_env && !model.env.is_empty() {
        let process_env = boa_engine::object::ObjectInitializer::new(context).build();
        for (name, value) in &model.env {
            process_env.set(JsString::from(name.as_str()), JsString::from(value.as_str()), false, context)?;
        }
        crate::host::define_hidden_global("crosstalk.process.env", process_env.into(), context)?;
    }
    for (name, value) in &model.env {
        let text: JsValue = JsString::from(value.as_str()).into();
        let value = if model.json_env.contains(name) {
            // A wrangler var of a JSON value: workerd's `json` binding, a fresh parse.
            let json = context.intrinsics().objects().json();
            let parse = json.get(js_string!("parse"), context)?;
            parse.as_callable().expect("JSON.parse is callable").call(&json.into(), &[text], context)?
        } else {
            text
        };
        env.set(JsString::from(name.as_str()), value.clone(), false, context)?;
        if model.syntax == Syntax::ServiceWorker {
            context.register_global_property(JsString::from(name.as_str()), value, Attribute::all())?;
        }
    }
    // `import { env } from "cloudflare:workers"` reads it here.
    crate::host::define_hidden_global("crosstalk.env", env.clone().into(), context)?;
    Ok(env.into())
}

/// The names under which `source` exports a class it declares as `class Name extends
/// WorkerEntrypoint` (`export class Name …`, or `export { Name }` / `export { Name as
/// Other }`; never the default export), in source order, each once: the candidates for
/// `ctx.exports`' loopback entrypoints.
fn worker_entrypoint_classes(source: &str) -> Vec<String> {
    const BASE: &str = " extends WorkerEntrypoint";
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut classes: Vec<(String, bool)> = Vec::new();
    for (at, _) in source.match_indices(BASE) {
        if source[at + BASE.len()..].chars().next().is_some_and(word) {
            continue;
        }
        let before = source[..at].trim_end();
        let name: String =
            before.chars().rev().take_while(|c| word(*c)).collect::<Vec<_>>().into_iter().rev().collect();
        let head = before[..before.len() - name.len()].trim_end();
        let Some(declaration) = head.strip_suffix("class") else { continue };
        let declaration = declaration.trim_end();
        if name.is_empty() || !is_identifier(&name) || declaration.ends_with("default") {
            continue;
        }
        classes.push((name, declaration.ends_with("export")));
    }
    let mut names: Vec<String> = classes.iter().filter(|(_, exported)| *exported).map(|(n, _)| n.clone()).collect();
    let mut rest = source;
    while let Some(at) = rest.find("export {") {
        let list = &rest[at + "export {".len()..];
        let Some(close) = list.find('}') else { break };
        for item in list[..close].split(',') {
            let mut parts = item.split_whitespace();
            let (Some(local), alias) = (parts.next(), parts.nth(1)) else { continue };
            let exported = alias.unwrap_or(local);
            if exported != "default" && classes.iter().any(|(n, _)| n == local) && is_identifier(exported) {
                names.push(exported.to_string());
            }
        }
        rest = &list[close..];
    }
    let mut seen = Vec::new();
    names.retain(|n| {
        if seen.contains(n) {
            false
        } else {
            seen.push(n.clone());
            true
        }
    });
    names
}

/// Whether `name` can be imported by name as written (an entrypoint's export name).
fn is_identifier(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A syntax error in a compiled module, located in the file the user wrote.
fn in_source(error: ModelError, positions: Option<&dyn crate::model::PositionMap>) -> ModelError {
    match (error, positions) {
        (ModelError::Syntax { file, at: Some(at), message }, Some(map)) => {
            let (line, column) = map.original(at.line, at.column);
            ModelError::Syntax { file, at: Some(Location::new(at.file, line, column)), message }
        }
        (error, _) => error,
    }
}

/// A parse error of `file`, located when the parser said where.
///
/// boa 0.22 has the position typed (`boa_parser::Error` carries spans and `Position`s),
/// but `Script::parse` and `Module::parse` return a `JsError` built by
/// `From<boa_parser::Error> for JsNativeError`, which keeps only the formatted message:
/// `SyntaxError: … at line 3, col 1`. Re-parsing with `boa_parser` to get the typed error
/// would parse every failing module twice and could disagree with the engine's parse
/// (strictness, realm scope), so the position is read back from that text here, the one
/// place that does, and `boa_syntax_errors_are_located` pins boa's wording: an upgrade
/// that changes it fails that test instead of silently losing positions.
fn syntax_error(file: &str, text: &str) -> ModelError {
    let text = text.trim().trim_end_matches("(native)").trim_end();
    let text = text.strip_prefix("SyntaxError: ").unwrap_or(text);
    let located = text.rsplit_once(" at line ").and_then(|(message, position)| {
        let (line, column) = position.split_once(", col ")?;
        Some((message, Location::new(file, line.trim().parse().ok()?, column.trim().parse().ok()?)))
    });
    match located {
        Some((message, at)) => {
            ModelError::Syntax { file: file.to_string(), at: Some(at), message: message.to_string() }
        }
        None => ModelError::Syntax { file: file.to_string(), at: None, message: text.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ctx.exports holds the named exports that are WorkerEntrypoint classes (workerd's
    /// loopback entrypoints): not the default export, not a class the module keeps to
    /// itself, and under the name it is exported as.
    #[test]
    fn the_loopback_entrypoints_are_the_named_exports_of_worker_entrypoint_classes() {
        let source = "export default class Auth extends WorkerEntrypoint {}\n\
                      export class Directory extends WorkerEntrypoint {}\n\
                      class Hidden extends WorkerEntrypoint {}\n\
                      class Api extends WorkerEntrypoint {}\n\
                      class Other extends WorkerEntrypointBase {}\n\
                      export { Api as PublicApi, Other };\n";
        assert_eq!(worker_entrypoint_classes(source), ["Directory", "PublicApi"]);
    }

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

    /// What boa itself reports, through the engine API the isolate uses.
    fn boa_error(text: &str, module: bool) -> ModelError {
        let mut context = Context::default();
        let source = Source::from_bytes(text.as_bytes());
        let error = if module {
            Module::parse(source, None, &mut context).err()
        } else {
            Script::parse(source, None, &mut context).err()
        };
        syntax_error("w.js", &error.map(|e| e.to_string()).unwrap_or_default())
    }

    #[test]
    fn boa_syntax_errors_are_located() {
        // Parser errors: the unexpected `;` is line 2, column 10.
        let ModelError::Syntax { at, message, .. } = boa_error("let a = 1;\nlet b = (;\n", false) else {
            panic!("not a syntax error");
        };
        assert_eq!(at, Some(Location::new("w.js", 2, 10)), "{message}");
        assert!(!message.contains(" at line "), "{message}");
        // Lexer errors in modules: the literal `09n` starts at line 3, column 9.
        let ModelError::Syntax { at, message, .. } = boa_error("export {};\n\nlet s = 09n;\n", true) else {
            panic!("not a syntax error");
        };
        assert_eq!(at, Some(Location::new("w.js", 3, 9)), "{message}");
        // Some boa errors carry no position (an unterminated string is an end-of-input
        // error): the file alone is named.
        let error = boa_error("let s = 'abc", false);
        assert_eq!(error.to_string(), "w.js: syntax error: unterminated string literal");
    }
}
