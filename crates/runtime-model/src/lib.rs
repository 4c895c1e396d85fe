//! crosstalk's model of the Cloudflare Workers runtime: boa under a virtual clock, with
//! a request-aware event loop, the Workers host APIs and a complete event trace.
//!
//! The public surface is small: describe a [`Model`], answer its free choices with a
//! [`Scheduler`], call [`simulate`], read the [`Run`]. Rules cited as `R1`…`R13` are
//! those of SEMANTICS.md.
//!
//! This crate never reads files, a clock or OS entropy: scripts arrive through a
//! [`ModuleSource`], time is virtual and randomness comes from the scheduler.

pub mod assets;
mod compat_flags;
mod compat_flags_table;
mod compatibility_date;
mod component;
mod d1;
mod durable_object;
mod engine;
mod event_loop;
mod fork_arena;
mod host;
mod inputs;
mod instrumented;
mod isolate;
mod lifecycle;
mod link_error;
mod location;
mod memory;
mod model;
mod nesting;
pub mod node_modules;
mod outcome;
mod profile;
mod provenance;
mod r2;
mod scheduler;
mod sites;
mod stack;
mod subrequest;
mod template;
mod trace;
mod websocket;
mod world;

pub use compatibility_date::{BadDate, CompatibilityDate};
pub use d1::{D1Backend, D1Spec, SetupError as D1SetupError, SqlFile, check as check_d1};
pub use durable_object::DurableObjectSpec;
pub use event_loop::simulate;
pub use host::builtin_module;

/// The module source a [`ModuleSource`] gives for a `.wasm` file under wrangler's
/// CompiledWasm rule (`import module from "./x.wasm"`): the isolate makes its
/// `WebAssembly.Module` the default export.
pub fn compiled_wasm_source(bytes: &[u8]) -> String {
    host::wasm::source_of(bytes)
}

/// The Wasm bytes of a module source made by [`compiled_wasm_source`] (`None` for any
/// other source).
pub fn compiled_wasm_bytes(source: &str) -> Option<Vec<u8>> {
    host::wasm::bytes_of(source)
}
#[doc(hidden)]
pub use host::nondeterminism::enable_nondeterministic_counter;
pub use inputs::{InputRead, InputSource};
pub use location::{BadLocation, Location};
pub use model::{
    DEFAULT_CF, DEFAULT_EPOCH_MS, DefaultCfValue, Dispatch, EventSpec, Faults, KvSpec, Limits, MemorySource, Model,
    ModuleSource, MsRange, OriginSpec, PositionMap, QueueMessageSpec, QueueProducerSpec, RequestSpec, ResolvedModule,
    ServiceSpec, SmallBinding, Syntax, WorkflowSpec, join_relative,
};
pub use outcome::{CalledBy, OutcomeKind, RequestOutcome, Run, WebSocketClose, WebSocketOutcome};
pub use profile::{CROSS_REQUEST_RESOLUTION_DATE, NEWEST_COMPATIBILITY_DATE, Profile, ProfileName};
pub use provenance::{CREATOR_ENDED_MESSAGE, W1};
pub use r2::R2Spec;
pub use scheduler::{FirstScheduler, LatencyKey, ReadyTask, Scheduler, SeededScheduler};
pub use stack::{THREAD_STACK_BYTES, on_worker_thread};
pub use template::Template;
pub use trace::{
    Awaited, CancelReason, DropReason, Event, EventKind, Misuse, Owner, Tapped, Trace, TraceTap, describe, parse_owner,
    render_text, tap_trace,
};
pub use websocket::{ClientClose, DROPPED_CODE, DROPPED_REASON, Frame, WebSocketClientSpec};

/// Why a model could not run: bad input, reported to the user (exit code 2), or, for
/// `Internal`, a crosstalk failure (exit code 3).
/// Serde data, so a worker process can hand it to the campaign that asked.
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ModelError {
    /// `at` is the position in `file` when the parser reported one.
    #[error("{}: syntax error: {message}", at.as_ref().map_or_else(|| file.clone(), ToString::to_string))]
    Syntax {
        /// The module that does not parse.
        file: String,
        /// The parser's position; `None` when it gave none.
        at: Option<Location>,
        /// The parser's message.
        message: String,
    },
    #[error("{file}: cannot import '{specifier}': {message}")]
    /// A module could not be found or read: an import, or the main script itself.
    Resolve {
        /// The importing module; the model's name when the main script itself failed.
        file: String,
        /// The specifier as written; `main` for the main script.
        specifier: String,
        /// Why the [`ModuleSource`] refused it.
        message: String,
    },
    #[error("the worker threw during startup: {message}{}", stack.as_deref().map(|s| format!("\n{s}")).unwrap_or_default())]
    /// The top level threw or never settled, or a binding names an export the worker lacks.
    Startup {
        /// The main module, or the `file:line:column` of the throw (empty when it has
        /// none).
        file: String,
        /// The error as the runtime prints it, e.g. `TypeError: …`.
        message: String,
        /// The JS stack, when there is one.
        stack: Option<String>,
    },
    #[error("{file}: no fetch handler: {hint}")]
    /// The worker registered no event listener (service-worker syntax) or has no default
    /// export object (module syntax).
    NoHandler {
        /// The main module.
        file: String,
        /// How to declare the handler in this syntax.
        hint: String,
    },
    #[error("internal error: {0}")]
    /// A fault of crosstalk itself, not of the input (exit code 3).
    Internal(String),
}
