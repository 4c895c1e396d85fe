//! WebAssembly, on the `wasmi` interpreter: the `WebAssembly` namespace (`wasm.js`, its JS
//! face) and the modules a worker imports from `.wasm` files (wrangler's CompiledWasm rule).
//!
//! As in workerd, no code is compiled at run time: a `WebAssembly.Module` comes only from
//! an imported file ([`imported_module`]), and `new WebAssembly.Module(bytes)`,
//! `WebAssembly.compile` and `WebAssembly.instantiate(bytes)` throw or reject with a
//! `CompileError`. Everything else is the JS API: instances with JS imports, exported
//! functions, memories, tables and globals.
//!
//! The isolate has one wasmi `Store`, which every module, instance, memory, table and
//! global lives in; JS knows them by handle (an index into this component's lists).
//!
//! Invariants:
//! - Memory is exact on both sides: a memory whose `buffer` JS has read has a JS
//!   `ArrayBuffer` copy, written into Wasm memory whenever Wasm code is about to run (a
//!   call from JS, a return from a JS import) and read back whenever JS is about to run
//!   (a return to JS, a call of a JS import). A memory that grew (by `grow` from either
//!   side) has its old buffer detached; the next `buffer` read makes a new one.
//! - The store is never borrowed while JS runs: a JS import is called between two
//!   resumable steps of wasmi (`call_resumable` / `resume`), so JS may call back into Wasm.
//! - R11: Wasm runs on wasmi's fuel, [`FUEL_PER_WORK`] units per unit of the task's work
//!   budget (`host::charge`), so an endless loop is stopped with the CPU verdict, and
//!   every step is charged; a memory never grows past the isolate's memory limit (a
//!   `memory.grow` past it fails, as the spec allows), and the bytes it holds count
//!   toward that limit like any allocation.
//! - Deterministic: wasmi executes deterministically; nothing here reads a clock or a
//!   hash-ordered map.

use std::cell::RefCell;
use std::path::Path;

use boa_engine::object::builtins::{AlignedVec, JsArray, JsArrayBuffer, JsSharedArrayBuffer};
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::Attribute;
use boa_engine::{
    Context, JsBigInt, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, Source, js_string,
};
use wasmi::{
    Engine, ExternRef, ExternType, Func, FuncType, Global, Memory, MemoryType, Module, Mutability, Nullable, Ref,
    RefType, ResumableCall, Store, Table, TableType, TrapCode, Val, ValType,
};

use crate::component::Component;
use crate::engine::Host;

/// Wasm fuel per unit of the task's work budget (one JS function call): wasmi spends about
/// one unit of fuel per instruction, so the default budget runs some 10⁸ instructions.
const FUEL_PER_WORK: u64 = 20;

/// Wasm calls nested through JS imports (each level holds Rust frames of boa and wasmi):
/// deeper is a `RangeError`, as V8's stack limit gives.
const NESTING_MAX: u32 = 48;

/// Wasm call frames within one call from JS (wasmi's own stack limit).
const WASM_RECURSION_MAX: usize = 10_000;

/// What the module loader's source holds for a CompiledWasm module: this marker (which no
/// JavaScript can start with), then the module's bytes in hexadecimal.
const SOURCE_MARKER: &str = "\0crosstalk:CompiledWasm\0";

/// The module source standing for the CompiledWasm module `bytes` ([`crate::compiled_wasm_source`]).
pub(crate) fn source_of(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(SOURCE_MARKER.len() + bytes.len() * 2);
    out.push_str(SOURCE_MARKER);
    for byte in bytes {
        out.push(HEX[usize::from(byte >> 4)] as char);
        out.push(HEX[usize::from(byte & 15)] as char);
    }
    out
}

/// The bytes of a CompiledWasm module source made by [`source_of`], or `None` for any
/// other source.
pub(crate) fn bytes_of(source: &str) -> Option<Vec<u8>> {
    let hex = source.strip_prefix(SOURCE_MARKER)?.as_bytes();
    if hex.len() % 2 != 0 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    hex.chunks(2).map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?)).collect()
}

/// What a suspended Wasm call asks of JS: call JS import `index` with `params`.
#[derive(Debug)]
struct CallJs {
    index: usize,
    params: Vec<Val>,
}

impl std::fmt::Display for CallJs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a call of JS import {}", self.index)
    }
}

impl wasmi::errors::HostError for CallJs {}

/// A compiled module and what the JS API reads of it, in declaration order.
struct ModuleEntry {
    module: Module,
    imports: Vec<(String, String, &'static str)>,
    /// (name, kind, index in its index space).
    exports: Vec<(String, &'static str, u32)>,
    custom: Vec<(String, Vec<u8>)>,
    /// Whether the module has a start function, which wasmi does not run itself: it is
    /// exported as [`START_EXPORT`] and called like any export, so it may call JS imports.
    start: bool,
}

/// The export name the start function is given in the module wasmi compiles (a name no
/// module's own export list can show: those are read from the original bytes).
const START_EXPORT: &str = "\0crosstalk:start";

/// Reads a LEB128 u32 at `*at`, moving past it.
fn read_u32(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn write_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A valid module with a start section rewritten without it, its start function exported
/// as [`START_EXPORT`] instead; `None` when there is no start section.
fn without_start(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut sections = Vec::new();
    let mut at = 8;
    while at < bytes.len() {
        let id = bytes[at];
        at += 1;
        let size = read_u32(bytes, &mut at)? as usize;
        let end = at.checked_add(size).filter(|end| *end <= bytes.len())?;
        sections.push((id, at, end));
        at = end;
    }
    let &(_, start_at, _) = sections.iter().find(|(id, _, _)| *id == 8)?;
    let mut cursor = start_at;
    let func = read_u32(bytes, &mut cursor)?;
    let mut entry = Vec::new();
    write_u32(&mut entry, START_EXPORT.len() as u32);
    entry.extend_from_slice(START_EXPORT.as_bytes());
    entry.push(0x00);
    write_u32(&mut entry, func);
    let has_exports = sections.iter().any(|(id, _, _)| *id == 7);
    let mut out = bytes[..8].to_vec();
    let push_section = |out: &mut Vec<u8>, id: u8, body: &[u8]| {
        out.push(id);
        write_u32(out, body.len() as u32);
        out.extend_from_slice(body);
    };
    for &(id, from, to) in &sections {
        match id {
            7 => {
                let mut cursor = from;
                let count = read_u32(bytes, &mut cursor)?;
                let mut body = Vec::new();
                write_u32(&mut body, count.checked_add(1)?);
                body.extend_from_slice(&bytes[cursor..to]);
                body.extend_from_slice(&entry);
                push_section(&mut out, 7, &body);
            }
            8 if !has_exports => {
                let mut body = Vec::new();
                write_u32(&mut body, 1);
                body.extend_from_slice(&entry);
                push_section(&mut out, 7, &body);
            }
            8 => {}
            _ => push_section(&mut out, id, &bytes[from..to]),
        }
    }
    Some(out)
}

struct MemoryEntry {
    memory: Memory,
    /// The JS view of the memory (`Memory.prototype.buffer`), once JS has asked for it.
    buffer: Option<JsArrayBuffer>,
    /// The bytes of `buffer` when it was made: a mirror of Wasm memory, kept out of the
    /// run's memory count (the memory itself is counted) until it is dropped.
    mirror_len: usize,
}

struct FuncEntry {
    func: Func,
    /// The exported function JS sees (one per Wasm function, for identity).
    object: JsObject,
}

struct State {
    store: Store<wasmi::StoreLimits>,
    modules: Vec<ModuleEntry>,
    memories: Vec<MemoryEntry>,
    tables: Vec<Table>,
    globals: Vec<Global>,
    funcs: Vec<FuncEntry>,
    /// The JS functions instances import, by the index their host function carries.
    imports: Vec<(JsObject, FuncType, Func)>,
    /// The JS values Wasm holds as `externref`s, by the index the reference carries.
    externs: Vec<JsValue>,
    /// CompileError, LinkError, RuntimeError.
    errors: Option<[JsObject; 3]>,
    /// What `wasm.js` returned: `{ namespace, wrapModule }`.
    face: Option<JsObject>,
    /// Bytes of mirrors dropped since the run's count last took them back ([`account`]).
    released: usize,
}

/// This isolate's WebAssembly state, made on first use.
#[derive(Default)]
pub(crate) struct Wasm {
    state: RefCell<Option<State>>,
    depth: std::cell::Cell<u32>,
}

impl Component for Wasm {
    fn clear_js_values(&self) {
        self.state.borrow_mut().take();
    }
    fn is_clear(&self) -> bool {
        self.state.borrow().is_none()
    }
}

/// Whether two wasmi handles name the same object (wasmi's handles compare only through
/// their `Debug` form, which is their store and index).
fn same<T: std::fmt::Debug>(a: &T, b: &T) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

fn engine() -> Engine {
    let mut config = wasmi::Config::default();
    config
        .consume_fuel(true)
        .set_max_recursion_depth(WASM_RECURSION_MAX)
        .wasm_simd(true)
        .wasm_custom_page_sizes(false)
        .wasm_wide_arithmetic(false);
    Engine::new(&config)
}

/// Runs `f` on this isolate's state, made on first use.
fn with_state<T>(context: &Context, f: impl FnOnce(&mut State) -> T) -> T {
    let host = Host::of(context);
    let wasm = host.get::<Wasm>();
    let mut slot = wasm.state.borrow_mut();
    let state = slot.get_or_insert_with(|| {
        let memory_bytes_max = usize::try_from(host.world.limits.memory_per_isolate_bytes_max).unwrap_or(usize::MAX);
        // The memory cap: a memory never grows past the isolate's memory limit.
        let limits = wasmi::StoreLimitsBuilder::new()
            .memory_size(memory_bytes_max)
            .table_elements(10_000_000)
            .instances(10_000)
            .tables(10_000)
            .memories(10_000)
            .build();
        let mut store = Store::new(&engine(), limits);
        store.limiter(|limits| limits as &mut dyn wasmi::ResourceLimiter);
        State {
            store,
            modules: Vec::new(),
            memories: Vec::new(),
            tables: Vec::new(),
            globals: Vec::new(),
            funcs: Vec::new(),
            imports: Vec::new(),
            externs: Vec::new(),
            errors: None,
            face: None,
            released: 0,
        }
    });
    f(state)
}

/// The `WebAssembly` global (a lazy global: built on first read).
pub(crate) fn build(context: &mut Context) -> JsResult<JsValue> {
    face(context)?.get(js_string!("namespace"), context)
}

/// What `wasm.js` returned, evaluating it on first use.
fn face(context: &mut Context) -> JsResult<JsObject> {
    if let Some(face) = with_state(context, |s| s.face.clone()) {
        return Ok(face);
    }
    let native = natives(context);
    let path = format!("{}/wasm.js", crate::host::web::PATH_PREFIX);
    let factory = context.eval(Source::from_bytes(include_str!("wasm.js").as_bytes()).with_path(Path::new(&path)))?;
    let factory = factory.as_callable().ok_or_else(|| JsNativeError::typ().with_message("wasm.js is not a module"))?;
    let face = factory.call(&JsValue::undefined(), &[native.into()], context)?;
    let face = face.as_object().ok_or_else(|| JsNativeError::typ().with_message("wasm.js returned no object"))?;
    with_state(context, |s| s.face = Some(face.clone()));
    Ok(face)
}

/// A `WebAssembly.Module` for the imported CompiledWasm module `bytes` (named `name`);
/// an invalid module is a `CompileError` as V8 words it.
pub(crate) fn imported_module(bytes: &[u8], context: &mut Context) -> Result<JsValue, String> {
    let engine = with_state(context, |s| s.store.engine().clone());
    let entry = parse(&engine, bytes)?;
    let handle = with_state(context, |s| {
        s.modules.push(entry);
        s.modules.len() - 1
    });
    let wrapped = (|| {
        let face = face(context)?;
        let wrap = face.get(js_string!("wrapModule"), context)?;
        let wrap = wrap.as_callable().ok_or_else(|| JsNativeError::typ().with_message("no wrapModule"))?;
        wrap.call(&JsValue::undefined(), &[JsValue::from(handle as u32)], context)
    })();
    wrapped.map_err(|e| e.to_string())
}

/// Compiles `bytes` and reads its imports, exports and custom sections.
fn parse(engine: &Engine, bytes: &[u8]) -> Result<ModuleEntry, String> {
    // Validated first by wasmi (the engine that will run it).
    let module = Module::new(engine, bytes).map_err(|e| format!("CompileError: WebAssembly.Module(): {e}"))?;
    let (module, start) = match without_start(bytes) {
        Some(rewritten) => {
            (Module::new(engine, rewritten).map_err(|e| format!("CompileError: WebAssembly.Module(): {e}"))?, true)
        }
        None => (module, false),
    };
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    let mut custom = Vec::new();
    let mut counts = [0u32; 4];
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| format!("CompileError: WebAssembly.Module(): {e}"))?;
        match payload {
            wasmparser::Payload::ImportSection(reader) => {
                for import in reader {
                    let import = import.map_err(|e| e.to_string())?;
                    let (kind, slot) = match import.ty {
                        wasmparser::TypeRef::Func(_) => ("function", 0),
                        wasmparser::TypeRef::Table(_) => ("table", 1),
                        wasmparser::TypeRef::Memory(_) => ("memory", 2),
                        wasmparser::TypeRef::Global(_) => ("global", 3),
                        wasmparser::TypeRef::Tag(_) => ("tag", 0),
                    };
                    if kind != "tag" {
                        counts[slot] += 1;
                    }
                    imports.push((import.module.to_string(), import.name.to_string(), kind));
                }
            }
            wasmparser::Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export.map_err(|e| e.to_string())?;
                    let kind = match export.kind {
                        wasmparser::ExternalKind::Func => "function",
                        wasmparser::ExternalKind::Table => "table",
                        wasmparser::ExternalKind::Memory => "memory",
                        wasmparser::ExternalKind::Global => "global",
                        wasmparser::ExternalKind::Tag => "tag",
                    };
                    exports.push((export.name.to_string(), kind, export.index));
                }
            }
            wasmparser::Payload::CustomSection(reader) => {
                custom.push((reader.name().to_string(), reader.data().to_vec()));
            }
            _ => {}
        }
    }
    Ok(ModuleEntry { module, imports, exports, custom, start })
}

/// The `native` object `wasm.js` receives.
fn natives(context: &mut Context) -> JsObject {
    type Native = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;
    let list: [(&str, Native, usize); 19] = [
        ("init", init, 3),
        ("validate", validate, 1),
        ("moduleImports", module_imports, 1),
        ("moduleExports", module_exports, 1),
        ("customSections", custom_sections, 2),
        ("instantiate", instantiate, 3),
        ("sharedBuffer", shared_buffer, 1),
        ("memoryNew", memory_new, 2),
        ("memoryGrow", memory_grow, 2),
        ("memoryBuffer", memory_buffer, 1),
        ("tableNew", table_new, 4),
        ("tableLength", table_length, 1),
        ("tableElement", table_element, 1),
        ("tableGet", table_get, 2),
        ("tableSet", table_set, 3),
        ("tableGrow", table_grow, 3),
        ("globalNew", global_new, 4),
        ("globalGet", global_get, 1),
        ("globalSet", global_set, 2),
    ];
    let mut builder = ObjectInitializer::new(context);
    for (name, function, length) in list {
        builder.function(NativeFunction::from_fn_ptr(function), JsString::from(name), length);
    }
    builder.function(NativeFunction::from_fn_ptr(global_mutable), js_string!("globalMutable"), 1);
    builder.build()
}

fn arg(args: &[JsValue], i: usize) -> JsValue {
    args.get(i).cloned().unwrap_or_default()
}

fn index_arg(args: &[JsValue], i: usize) -> usize {
    args.get(i).and_then(JsValue::as_number).map_or(usize::MAX, |n| if n >= 0.0 { n as usize } else { usize::MAX })
}

fn internal(message: &str) -> JsError {
    JsNativeError::typ().with_message(format!("crosstalk: {message}")).into()
}

fn init(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let errors: Option<Vec<JsObject>> = args.iter().take(3).map(|v| v.as_object()).collect();
    let errors = errors.and_then(|e| <[JsObject; 3]>::try_from(e).ok()).ok_or_else(|| internal("bad error classes"))?;
    with_state(context, |s| s.errors = Some(errors));
    Ok(JsValue::undefined())
}

/// A new CompileError (0), LinkError (1) or RuntimeError (2) with `message`.
fn wasm_error(kind: usize, message: &str, context: &mut Context) -> JsError {
    let Some(class) = with_state(context, |s| s.errors.as_ref().map(|e| e[kind].clone())) else {
        return internal(message);
    };
    match class.construct(&[JsString::from(message).into()], None, context) {
        Ok(error) => JsError::from_opaque(error.into()),
        Err(error) => error,
    }
}

fn validate(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bytes = uint8_bytes(&arg(args, 0), context)?;
    Ok(Module::validate(&engine(), &bytes).is_ok().into())
}

/// The bytes of the `Uint8Array` `value` (a copy `wasm.js` made, so the whole of its
/// buffer).
fn uint8_bytes(value: &JsValue, context: &mut Context) -> JsResult<Vec<u8>> {
    let object = value.as_object().ok_or_else(|| internal("expected a Uint8Array"))?;
    let array = boa_engine::object::builtins::JsUint8Array::from_object(object)?;
    let buffer = array.buffer(context)?;
    let buffer = buffer.as_object().ok_or_else(|| internal("expected a buffer"))?;
    let buffer = JsArrayBuffer::from_object(buffer)?;
    Ok(buffer.data().map(|d| d.to_vec()).unwrap_or_default())
}

fn module_handle(args: &[JsValue], context: &Context) -> JsResult<usize> {
    let handle = index_arg(args, 0);
    if with_state(context, |s| handle < s.modules.len()) { Ok(handle) } else { Err(internal("no such module")) }
}

fn module_imports(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let handle = module_handle(args, context)?;
    let imports = with_state(context, |s| s.modules[handle].imports.clone());
    let mut items = Vec::new();
    for (module, name, kind) in imports {
        let item = ObjectInitializer::new(context)
            .property(js_string!("module"), JsString::from(module), Attribute::all())
            .property(js_string!("name"), JsString::from(name), Attribute::all())
            .property(js_string!("kind"), JsString::from(kind), Attribute::all())
            .build();
        items.push(item.into());
    }
    Ok(JsArray::from_iter(items, context).into())
}

fn module_exports(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let handle = module_handle(args, context)?;
    let exports = with_state(context, |s| s.modules[handle].exports.clone());
    let mut items = Vec::new();
    for (name, kind, _) in exports {
        let item = ObjectInitializer::new(context)
            .property(js_string!("name"), JsString::from(name), Attribute::all())
            .property(js_string!("kind"), JsString::from(kind), Attribute::all())
            .build();
        items.push(item.into());
    }
    Ok(JsArray::from_iter(items, context).into())
}

fn custom_sections(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let handle = module_handle(args, context)?;
    let wanted = arg(args, 1).to_string(context)?.to_std_string_escaped();
    let sections: Vec<Vec<u8>> = with_state(context, |s| {
        s.modules[handle].custom.iter().filter(|(name, _)| *name == wanted).map(|(_, data)| data.clone()).collect()
    });
    let mut items = Vec::new();
    for data in sections {
        items.push(JsArrayBuffer::from_byte_block(AlignedVec::from_slice(0, &data), context)?.into());
    }
    Ok(JsArray::from_iter(items, context).into())
}

/// The function object JS sees for Wasm function `func` (made once per function).
fn function_object(func: Func, name: Option<u32>, context: &mut Context) -> JsObject {
    if let Some(found) =
        with_state(context, |s| s.funcs.iter().find(|entry| same(&entry.func, &func)).map(|e| e.object.clone()))
    {
        return found;
    }
    let (index, params) = with_state(context, |s| {
        let params = func.ty(&s.store).params().len();
        (s.funcs.len(), params)
    });
    let name = name.map_or_else(|| index.to_string(), |n| n.to_string());
    let object = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(call_export, JsValue::from(index as u32)),
    )
    .name(JsString::from(name))
    .length(params)
    .constructor(false)
    .build();
    let object: JsObject = object.into();
    with_state(context, |s| s.funcs.push(FuncEntry { func, object: object.clone() }));
    object
}

/// The Wasm function behind `value`, if it is an exported function.
fn func_of(value: &JsValue, context: &Context) -> Option<Func> {
    let object = value.as_object()?;
    with_state(context, |s| s.funcs.iter().find(|entry| entry.object == object).map(|entry| entry.func))
}

fn instantiate(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let handle = module_handle(args, context)?;
    let prefix = arg(args, 2).to_string(context)?.to_std_string_escaped();
    let values = arg(args, 1);
    let values = values.as_object().ok_or_else(|| internal("expected import values"))?;
    let values = JsArray::from_object(values)?;
    let (module, imports) = with_state(context, |s| {
        let entry = &s.modules[handle];
        (entry.module.clone(), entry.imports.clone())
    });
    // wasmi lists imports by kind; the JS API reads and checks them in declaration order.
    let wanted: Vec<(String, String, ExternType)> =
        module.imports().map(|i| (i.module().to_string(), i.name().to_string(), i.ty().clone())).collect();
    let mut slots: Vec<Option<wasmi::Extern>> = vec![None; wanted.len()];
    for (i, (module_name, name, kind)) in imports.iter().enumerate() {
        let found = wanted.iter().enumerate().position(|(at, (m, n, ty))| {
            slots[at].is_none() && m == module_name && n == name && kind_name(ty) == *kind
        });
        let Some(slot) = found else { return Err(internal("an import wasmi does not list")) };
        let ty = &wanted[slot].2;
        let value = values.get(i as u64, context)?;
        let place = format!("{prefix}: Import #{i} \"{module_name}\" \"{name}\"");
        let external = match ty {
            ExternType::Func(func_type) => match func_of(&value, context) {
                Some(func) => {
                    let matches = with_state(context, |s| func.ty(&s.store) == *func_type);
                    if !matches {
                        return Err(wasm_error(
                            1,
                            &format!("{place}: imported function does not match the expected type"),
                            context,
                        ));
                    }
                    wasmi::Extern::Func(func)
                }
                None => {
                    let object = value.as_object().ok_or_else(|| internal("a function import"))?;
                    wasmi::Extern::Func(host_function(object, func_type.clone(), context))
                }
            },
            ExternType::Memory(memory_type) => {
                let at = index_arg(&[value], 0);
                let Some(memory) = with_state(context, |s| s.memories.get(at).map(|m| m.memory)) else {
                    return Err(internal("no such memory"));
                };
                let (pages, maximum) = with_state(context, |s| (memory.size(&s.store), memory.ty(&s.store).maximum()));
                if pages < memory_type.minimum() {
                    let message = format!(
                        "{place}: memory import has {pages} pages which is smaller than the declared initial of {}",
                        memory_type.minimum()
                    );
                    return Err(wasm_error(1, &message, context));
                }
                if let Some(declared) = memory_type.maximum() {
                    match maximum {
                        None => {
                            let message =
                                format!("{place}: memory import has no maximum limit, expected at most {declared}");
                            return Err(wasm_error(1, &message, context));
                        }
                        Some(maximum) if maximum > declared => {
                            let message = format!(
                                "{place}: memory import has a larger maximum size {maximum} than the module's declared maximum {declared}"
                            );
                            return Err(wasm_error(1, &message, context));
                        }
                        Some(_) => {}
                    }
                }
                wasmi::Extern::Memory(memory)
            }
            ExternType::Table(table_type) => {
                let at = index_arg(&[value], 0);
                let Some(table) = with_state(context, |s| s.tables.get(at).copied()) else {
                    return Err(internal("no such table"));
                };
                let (size, actual) = with_state(context, |s| (table.size(&s.store), table.ty(&s.store)));
                if actual.element() != table_type.element() {
                    return Err(wasm_error(
                        1,
                        &format!("{place}: imported table does not match the expected type"),
                        context,
                    ));
                }
                if size < table_type.minimum() {
                    let message = format!(
                        "{place}: table import has {size} elements which is smaller than the declared initial of {}",
                        table_type.minimum()
                    );
                    return Err(wasm_error(1, &message, context));
                }
                if let Some(declared) = table_type.maximum() {
                    match actual.maximum() {
                        None => {
                            let message = format!("{place}: table import has no maximum length, expected {declared}");
                            return Err(wasm_error(1, &message, context));
                        }
                        Some(maximum) if maximum > declared => {
                            let message = format!(
                                "{place}: table import has a larger maximum size {maximum} than the module's declared maximum {declared}"
                            );
                            return Err(wasm_error(1, &message, context));
                        }
                        Some(_) => {}
                    }
                }
                wasmi::Extern::Table(table)
            }
            ExternType::Global(global_type) => {
                if let Some(at) = value.as_number() {
                    let at = at as usize;
                    let Some(global) = with_state(context, |s| s.globals.get(at).copied()) else {
                        return Err(internal("no such global"));
                    };
                    let fits = with_state(context, |s| global.ty(&s.store) == *global_type);
                    if !fits {
                        return Err(wasm_error(
                            1,
                            &format!("{place}: imported global does not match the expected type"),
                            context,
                        ));
                    }
                    wasmi::Extern::Global(global)
                } else {
                    let plain = value.as_object().map(|o| o.get(js_string!("value"), context)).transpose()?;
                    let plain = plain.unwrap_or_default();
                    if global_type.mutability() == Mutability::Var {
                        return Err(wasm_error(
                            1,
                            &format!("{place}: imported mutable global must be a WebAssembly.Global object"),
                            context,
                        ));
                    }
                    let fits = match global_type.content() {
                        ValType::I64 => plain.is_bigint(),
                        ValType::I32 | ValType::F32 | ValType::F64 => plain.is_number(),
                        _ => true,
                    };
                    if !fits {
                        let message = match global_type.content() {
                            ValType::I64 => "global import must be a BigInt value",
                            _ => "global import must be a number, valid Wasm reference, or WebAssembly.Global object",
                        };
                        return Err(wasm_error(1, &format!("{place}: {message}"), context));
                    }
                    let Some(val) = to_wasm(&plain, global_type.content(), context)? else {
                        return Err(wasm_error(
                            1,
                            &format!(
                                "{place}: global import must be a number, valid Wasm reference, or WebAssembly.Global object"
                            ),
                            context,
                        ));
                    };
                    let global = with_state(context, |s| Global::new(&mut s.store, val, Mutability::Const));
                    wasmi::Extern::Global(global)
                }
            }
        };
        slots[slot] = Some(external);
    }
    let externs: Vec<wasmi::Extern> = slots.into_iter().flatten().collect();
    // Segments are written now (JS writes so far are seen by it); the start function
    // runs after, as an export.
    let instance = with_state(context, |s| {
        sync_to_wasm(s);
        let fuel = remaining_fuel(context);
        s.store.set_fuel(fuel).ok();
        let made = wasmi::Instance::new(&mut s.store, &module, &externs);
        let left = s.store.get_fuel().unwrap_or(0);
        (made, fuel.saturating_sub(left))
    });
    let (instance, spent) = instance;
    charge_fuel(spent, context)?;
    sync_to_js(context)?;
    let instance = match instance {
        Ok(instance) => instance,
        Err(error) => {
            if error.as_trap_code().is_some() {
                return Err(trap_error(&error, context));
            }
            if error.to_string().contains("resource limiter denied") {
                let message = format!("{prefix}: Out of memory: Cannot allocate Wasm memory for new instance");
                return Err(JsNativeError::range().with_message(message).into());
            }
            return Err(wasm_error(1, &format!("{prefix}: {error}"), context));
        }
    };
    if with_state(context, |s| s.modules[handle].start) {
        let start = with_state(context, |s| instance.get_export(&s.store, START_EXPORT).and_then(|e| e.into_func()));
        let start = start.ok_or_else(|| internal("no start function"))?;
        call(start, &[], &[], context)?;
    }
    let exports = with_state(context, |s| s.modules[handle].exports.clone());
    let mut items = Vec::new();
    for (name, kind, index) in exports {
        let Some(external) = with_state(context, |s| instance.get_export(&s.store, &name)) else { continue };
        let value: JsValue = match external {
            wasmi::Extern::Func(func) => function_object(func, Some(index), context).into(),
            wasmi::Extern::Memory(memory) => JsValue::from(memory_handle(memory, context) as u32),
            wasmi::Extern::Table(table) => JsValue::from(table_handle(table, context) as u32),
            wasmi::Extern::Global(global) => JsValue::from(global_handle(global, context) as u32),
        };
        let item = JsArray::from_iter([JsString::from(name).into(), JsString::from(kind).into(), value], context);
        items.push(item.into());
    }
    Ok(JsArray::from_iter(items, context).into())
}

/// The JS API's name of an import's kind.
fn kind_name(ty: &ExternType) -> &'static str {
    match ty {
        ExternType::Func(_) => "function",
        ExternType::Table(_) => "table",
        ExternType::Memory(_) => "memory",
        ExternType::Global(_) => "global",
    }
}

fn memory_handle(memory: Memory, context: &Context) -> usize {
    with_state(context, |s| match s.memories.iter().position(|m| same(&m.memory, &memory)) {
        Some(at) => at,
        None => {
            s.memories.push(MemoryEntry { memory, buffer: None, mirror_len: 0 });
            s.memories.len() - 1
        }
    })
}

fn table_handle(table: Table, context: &Context) -> usize {
    with_state(context, |s| match s.tables.iter().position(|t| same(t, &table)) {
        Some(at) => at,
        None => {
            s.tables.push(table);
            s.tables.len() - 1
        }
    })
}

fn global_handle(global: Global, context: &Context) -> usize {
    with_state(context, |s| match s.globals.iter().position(|g| same(g, &global)) {
        Some(at) => at,
        None => {
            s.globals.push(global);
            s.globals.len() - 1
        }
    })
}

/// A host function that suspends the Wasm call to have `object` called from JS.
fn host_function(object: JsObject, ty: FuncType, context: &Context) -> Func {
    with_state(context, |s| {
        let index = s.imports.len();
        let func = Func::new(&mut s.store, ty.clone(), move |_caller, params, _results| {
            Err(wasmi::Error::host(CallJs { index, params: params.to_vec() }))
        });
        s.imports.push((object, ty, func));
        func
    })
}

/// The fuel the running task has left.
fn remaining_fuel(context: &Context) -> u64 {
    let host = Host::of(context);
    let left = host.world.limits.cpu_work_per_task_max.saturating_sub(host.work.get());
    left.saturating_mul(FUEL_PER_WORK).max(1)
}

/// Charges `fuel` spent to the task's work (stopping it past its budget or memory).
fn charge_fuel(fuel: u64, context: &Context) -> JsResult<()> {
    account(context);
    crate::host::charge(fuel.div_ceil(FUEL_PER_WORK), context).map(|_| ())
}

/// Gives the run's memory count back the mirrors dropped since the last call.
fn account(context: &Context) {
    let released = with_state(context, |s| std::mem::take(&mut s.released));
    if released > 0 {
        Host::of(context).world.memory.include(isize::try_from(released).unwrap_or(isize::MAX));
    }
}

/// The CPU verdict's engine error (JS cannot catch it).
fn out_of_fuel() -> JsError {
    boa_engine::error::RuntimeLimitError::LoopIteration.into()
}

/// JS → Wasm: the bytes of every JS view of a memory into the memory.
fn sync_to_wasm(state: &mut State) {
    for entry in &mut state.memories {
        let Some(buffer) = &entry.buffer else { continue };
        let Some(bytes) = buffer.data() else {
            // Detached by JS (`transfer`): no longer a mirror.
            entry.buffer = None;
            state.released += entry.mirror_len;
            continue;
        };
        let memory = entry.memory.data_mut(&mut state.store);
        if memory.len() == bytes.len() {
            memory.copy_from_slice(&bytes);
        }
    }
}

/// Wasm → JS: every memory's bytes into its JS view; the view of a memory that grew is
/// detached (its next `buffer` is a new one).
fn sync_to_js(context: &Context) -> JsResult<()> {
    with_state(context, |state| {
        for entry in &mut state.memories {
            let Some(buffer) = &entry.buffer else { continue };
            let memory = entry.memory.data(&state.store);
            let same = buffer.data().is_some_and(|bytes| bytes.len() == memory.len());
            if same {
                if let Some(mut bytes) = buffer.data_mut() {
                    bytes.copy_from_slice(memory);
                }
            } else {
                if buffer.data().is_some() {
                    buffer.detach(&JsValue::undefined())?;
                }
                entry.buffer = None;
                state.released += entry.mirror_len;
            }
        }
        Ok(())
    })
}

/// The error a failed Wasm execution throws: a trap as V8 words it (a `RuntimeError`, or a
/// `RangeError` for the stack), or the CPU verdict for spent fuel.
fn trap_error(error: &wasmi::Error, context: &mut Context) -> JsError {
    let Some(code) = error.as_trap_code() else {
        return wasm_error(2, &error.to_string(), context);
    };
    let message = match code {
        TrapCode::OutOfFuel => return out_of_fuel(),
        TrapCode::StackOverflow => {
            return JsNativeError::range().with_message("Maximum call stack size exceeded").into();
        }
        TrapCode::UnreachableCodeReached => "unreachable",
        TrapCode::MemoryOutOfBounds => "memory access out of bounds",
        TrapCode::TableOutOfBounds => "table index is out of bounds",
        TrapCode::IndirectCallToNull => "null function",
        TrapCode::IntegerDivisionByZero => "divide by zero",
        TrapCode::IntegerOverflow => "divide result unrepresentable",
        TrapCode::BadConversionToInteger => "float unrepresentable in integer range",
        TrapCode::BadSignature => "function signature mismatch",
        TrapCode::GrowthOperationLimited | TrapCode::OutOfSystemMemory => "memory access out of bounds",
    };
    wasm_error(2, message, context)
}

/// ToWebAssemblyValue: `value` as a Wasm value of type `ty` (`None`: not a valid
/// reference for a funcref).
fn to_wasm(value: &JsValue, ty: ValType, context: &mut Context) -> JsResult<Option<Val>> {
    // V8's words for the two conversions that fail on a primitive.
    match ty {
        ValType::I32 | ValType::F32 | ValType::F64 if value.is_bigint() => {
            return Err(JsNativeError::typ().with_message("Cannot convert a BigInt value to a number").into());
        }
        ValType::I64 if value.is_number() => {
            let text = value.to_string(context)?.to_std_string_escaped();
            return Err(JsNativeError::typ().with_message(format!("Cannot convert {text} to a BigInt")).into());
        }
        _ => {}
    }
    Ok(Some(match ty {
        ValType::I32 => Val::I32(value.to_i32(context)?),
        ValType::I64 => Val::I64(value.to_big_int64(context)?),
        ValType::F32 => Val::F32((value.to_number(context)? as f32).into()),
        ValType::F64 => Val::F64(value.to_number(context)?.into()),
        ValType::V128 => {
            return Err(JsNativeError::typ().with_message("type incompatibility when transforming from/to JS").into());
        }
        ValType::FuncRef => {
            if value.is_null() {
                Val::FuncRef(Nullable::Null)
            } else {
                match func_of(value, context) {
                    Some(func) => Val::FuncRef(Nullable::Val(func)),
                    None => return Ok(None),
                }
            }
        }
        ValType::ExternRef => {
            if value.is_null() {
                Val::ExternRef(Nullable::Null)
            } else {
                let index = with_state(context, |s| {
                    s.externs.push(value.clone());
                    (s.externs.len() - 1) as u32
                });
                let reference = with_state(context, |s| ExternRef::new(&mut s.store, index));
                Val::ExternRef(Nullable::Val(reference))
            }
        }
    }))
}

/// ToJSValue.
fn to_js(value: &Val, context: &mut Context) -> JsValue {
    match value {
        Val::I32(n) => JsValue::from(*n),
        Val::I64(n) => JsValue::from(JsBigInt::from(*n)),
        Val::F32(n) => JsValue::from(f64::from(f32::from(*n))),
        Val::F64(n) => JsValue::from(f64::from(*n)),
        Val::V128(_) => JsValue::undefined(),
        Val::FuncRef(Nullable::Null) | Val::ExternRef(Nullable::Null) => JsValue::null(),
        Val::FuncRef(Nullable::Val(func)) => function_object(*func, None, context).into(),
        Val::ExternRef(Nullable::Val(reference)) => with_state(context, |s| {
            let index = reference.data(&s.store).downcast_ref::<u32>().copied();
            index.and_then(|i| s.externs.get(i as usize).cloned()).unwrap_or_default()
        }),
    }
}

/// Calls exported function `captures` (an index into the function list) from JS.
fn call_export(_: &JsValue, args: &[JsValue], captures: &JsValue, context: &mut Context) -> JsResult<JsValue> {
    let index = captures.as_number().unwrap_or(-1.0) as usize;
    let func = with_state(context, |s| s.funcs.get(index).map(|entry| entry.func))
        .ok_or_else(|| internal("no such function"))?;
    let ty = with_state(context, |s| func.ty(&s.store));
    // A JS function re-exported by Wasm is called as it is.
    if let Some(object) = with_state(context, |s| imported_js(s, func)) {
        return object.call(&JsValue::undefined(), args, context);
    }
    let mut params = Vec::with_capacity(ty.params().len());
    for (i, param) in ty.params().iter().enumerate() {
        let value = args.get(i).cloned().unwrap_or_default();
        params.push(
            to_wasm(&value, *param, context)?.ok_or_else(|| {
                JsNativeError::typ().with_message("type incompatibility when transforming from/to JS")
            })?,
        );
    }
    if ty.results().contains(&ValType::V128) {
        return Err(JsNativeError::typ().with_message("type incompatibility when transforming from/to JS").into());
    }
    let results = call(func, &params, ty.results(), context)?;
    Ok(match results.as_slice() {
        [] => JsValue::undefined(),
        [one] => to_js(one, context),
        many => {
            let values: Vec<JsValue> = many.iter().map(|v| to_js(v, context)).collect();
            JsArray::from_iter(values, context).into()
        }
    })
}

/// The JS function a host function `func` stands for, if it is one.
fn imported_js(state: &State, func: Func) -> Option<JsObject> {
    state.imports.iter().find(|(_, _, f)| same(f, &func)).map(|(object, _, _)| object.clone())
}

/// Runs Wasm function `func`, calling its JS imports as it asks, until it returns.
fn call(func: Func, params: &[Val], results: &[ValType], context: &mut Context) -> JsResult<Vec<Val>> {
    let wasm = Host::of(context).get::<Wasm>();
    if wasm.depth.get() >= NESTING_MAX {
        return Err(JsNativeError::range().with_message("Maximum call stack size exceeded").into());
    }
    wasm.depth.set(wasm.depth.get() + 1);
    let result = drive(func, params, results, context);
    wasm.depth.set(wasm.depth.get() - 1);
    result
}

fn drive(func: Func, params: &[Val], results: &[ValType], context: &mut Context) -> JsResult<Vec<Val>> {
    let mut outputs: Vec<Val> = results.iter().map(|ty| Val::default_for_ty(*ty)).collect();
    let fuel = remaining_fuel(context);
    let (mut step, spent) = with_state(context, |s| {
        sync_to_wasm(s);
        s.store.set_fuel(fuel).ok();
        let step = func.call_resumable(&mut s.store, params, &mut outputs);
        (step, fuel.saturating_sub(s.store.get_fuel().unwrap_or(0)))
    });
    let mut spent = spent;
    loop {
        let charged = charge_fuel(spent, context);
        let pending = match step {
            Ok(ResumableCall::Finished) => {
                charged?;
                sync_to_js(context)?;
                return Ok(outputs);
            }
            Ok(ResumableCall::OutOfFuel(_)) => return Err(out_of_fuel()),
            Err(error) => {
                charged?;
                sync_to_js(context)?;
                return Err(trap_error(&error, context));
            }
            Ok(ResumableCall::HostTrap(pending)) => pending,
        };
        charged?;
        let Some(request) = pending.host_error().downcast_ref::<CallJs>() else {
            sync_to_js(context)?;
            return Err(wasm_error(2, &pending.host_error().to_string(), context));
        };
        let (index, request_params) = (request.index, request.params.clone());
        let (object, ty, _) = with_state(context, |s| s.imports[index].clone());
        sync_to_js(context)?;
        let args: Vec<JsValue> = request_params.iter().map(|v| to_js(v, context)).collect();
        let returned = object.call(&JsValue::undefined(), &args, context)?;
        let values = from_js_results(&returned, ty.results(), context)?;
        let fuel = remaining_fuel(context);
        let (next, used) = with_state(context, |s| {
            sync_to_wasm(s);
            s.store.set_fuel(fuel).ok();
            let next = pending.resume(&mut s.store, &values, &mut outputs);
            (next, fuel.saturating_sub(s.store.get_fuel().unwrap_or(0)))
        });
        step = next;
        spent = used;
    }
}

/// What a JS import returned, as the Wasm results of type `types`.
fn from_js_results(returned: &JsValue, types: &[ValType], context: &mut Context) -> JsResult<Vec<Val>> {
    let invalid =
        || JsError::from(JsNativeError::typ().with_message("type incompatibility when transforming from/to JS"));
    match types {
        [] => Ok(Vec::new()),
        [one] => to_wasm(returned, *one, context)?.map(|v| vec![v]).ok_or_else(invalid),
        many => {
            let object = returned
                .as_object()
                .ok_or_else(|| JsNativeError::typ().with_message("multi-return value must be iterable"))?;
            let length = object.get(js_string!("length"), context)?.to_length(context)?;
            if length != many.len() as u64 {
                return Err(JsNativeError::typ().with_message("multi-return length mismatch").into());
            }
            let mut out = Vec::with_capacity(many.len());
            for (i, ty) in many.iter().enumerate() {
                let value = object.get(i, context)?;
                out.push(to_wasm(&value, *ty, context)?.ok_or_else(invalid)?);
            }
            Ok(out)
        }
    }
}

fn shared_buffer(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bytes = index_arg(args, 0);
    Ok(JsSharedArrayBuffer::new(bytes, context)?.into())
}

fn memory_new(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let initial = index_arg(args, 0).min(65536) as u32;
    let maximum =
        args.get(1).and_then(JsValue::as_number).filter(|n| *n >= 0.0).map(|n| (n as u32).clamp(initial, 65536));
    let made = with_state(context, |s| {
        let ty = MemoryType::new(initial, maximum);
        // Past the memory cap the limiter refuses it.
        Memory::new(&mut s.store, ty).ok()
    });
    Ok(match made {
        Some(memory) => JsValue::from(memory_handle(memory, context) as u32),
        None => JsValue::from(-2),
    })
}

fn memory_at(args: &[JsValue], context: &Context) -> JsResult<Memory> {
    let at = index_arg(args, 0);
    with_state(context, |s| s.memories.get(at).map(|m| m.memory)).ok_or_else(|| internal("no such memory"))
}

fn memory_grow(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let memory = memory_at(args, context)?;
    let at = index_arg(args, 0);
    let delta = index_arg(args, 1) as u64;
    let grown = with_state(context, |s| {
        sync_to_wasm(s);
        let maximum = memory.ty(&s.store).maximum().unwrap_or(65536);
        let size = memory.size(&s.store);
        if size.saturating_add(delta) > maximum {
            return Ok(-1.0);
        }
        let grown = memory.grow(&mut s.store, delta).map_or(-2.0, |old| old as f64);
        // The old buffer is detached whatever the delta (0 too), as V8 does.
        if let Some(buffer) = s.memories[at].buffer.take() {
            s.released += s.memories[at].mirror_len;
            if buffer.data().is_some() {
                buffer.detach(&JsValue::undefined())?;
            }
        }
        Ok::<f64, JsError>(grown)
    })?;
    account(context);
    crate::host::charge(0, context)?;
    Ok(JsValue::from(grown))
}

fn memory_buffer(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let memory = memory_at(args, context)?;
    let at = index_arg(args, 0);
    let cached = with_state(context, |s| s.memories[at].buffer.clone().filter(|b| b.data().is_some()));
    if let Some(buffer) = cached {
        return Ok(buffer.into());
    }
    let bytes = with_state(context, |s| AlignedVec::from_slice(0, memory.data(&s.store)));
    let buffer = JsArrayBuffer::from_byte_block(bytes, context)?;
    let length = buffer.byte_length();
    with_state(context, |s| {
        s.memories[at].buffer = Some(buffer.clone());
        s.memories[at].mirror_len = length;
    });
    Host::of(context).world.memory.exclude(isize::try_from(length).unwrap_or(isize::MAX));
    account(context);
    crate::host::charge(0, context)?;
    Ok(buffer.into())
}

fn ref_type(value: &JsValue) -> RefType {
    if value.as_string().is_some_and(|s| s.to_std_string_escaped() == "externref") {
        RefType::Extern
    } else {
        RefType::Func
    }
}

/// A table's element from a JS value (`None`: not valid for it).
fn to_ref(value: &JsValue, ty: RefType, context: &mut Context) -> JsResult<Option<Ref>> {
    let ty = match ty {
        RefType::Func => ValType::FuncRef,
        RefType::Extern => ValType::ExternRef,
    };
    Ok(to_wasm(value, ty, context)?.and_then(|v| match v {
        Val::FuncRef(f) => Some(Ref::Func(f)),
        Val::ExternRef(e) => Some(Ref::Extern(e)),
        _ => None,
    }))
}

fn table_new(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let element = ref_type(&arg(args, 0));
    let initial = index_arg(args, 1) as u32;
    let maximum = args.get(2).and_then(JsValue::as_number).filter(|n| *n >= 0.0).map(|n| n as u32);
    let Some(init) = to_ref(&arg(args, 3), element, context)? else { return Ok(JsValue::from(-1)) };
    let made = with_state(context, |s| Table::new(&mut s.store, TableType::new(element, initial, maximum), init).ok());
    Ok(match made {
        Some(table) => JsValue::from(table_handle(table, context) as u32),
        None => JsValue::from(-2),
    })
}

fn table_at(args: &[JsValue], context: &Context) -> JsResult<Table> {
    let at = index_arg(args, 0);
    with_state(context, |s| s.tables.get(at).copied()).ok_or_else(|| internal("no such table"))
}

fn table_length(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let table = table_at(args, context)?;
    Ok(JsValue::from(with_state(context, |s| table.size(&s.store)) as f64))
}

fn table_element(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let table = table_at(args, context)?;
    let element = with_state(context, |s| table.ty(&s.store).element());
    Ok(match element {
        RefType::Func => js_string!("funcref").into(),
        RefType::Extern => js_string!("externref").into(),
    })
}

fn ref_to_js(reference: Ref, context: &mut Context) -> JsValue {
    match reference {
        Ref::Func(f) => to_js(&Val::FuncRef(f), context),
        Ref::Extern(Nullable::Null) => JsValue::null(),
        Ref::Extern(e) => to_js(&Val::ExternRef(e), context),
    }
}

fn table_get(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let table = table_at(args, context)?;
    let index = index_arg(args, 1) as u64;
    let found = with_state(context, |s| table.get(&s.store, index));
    Ok(found.map(|r| ref_to_js(r, context)).unwrap_or_default())
}

fn table_set(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let table = table_at(args, context)?;
    let index = index_arg(args, 1) as u64;
    let element = with_state(context, |s| table.ty(&s.store).element());
    let Some(value) = to_ref(&arg(args, 2), element, context)? else { return Ok(false.into()) };
    let done = with_state(context, |s| table.set(&mut s.store, index, value).is_ok());
    Ok(done.into())
}

fn table_grow(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let table = table_at(args, context)?;
    let delta = index_arg(args, 1) as u64;
    let element = with_state(context, |s| table.ty(&s.store).element());
    let Some(init) = to_ref(&arg(args, 2), element, context)? else { return Ok(JsValue::from(-1)) };
    let grown = with_state(context, |s| table.grow(&mut s.store, delta, init).ok());
    Ok(grown.map_or(JsValue::from(-2), |old| JsValue::from(old as f64)))
}

fn val_type(name: &str) -> ValType {
    match name {
        "i64" => ValType::I64,
        "f32" => ValType::F32,
        "f64" => ValType::F64,
        "externref" => ValType::ExternRef,
        "funcref" => ValType::FuncRef,
        _ => ValType::I32,
    }
}

fn global_new(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let ty = val_type(&arg(args, 0).to_string(context)?.to_std_string_escaped());
    let mutability = if arg(args, 1).to_boolean() { Mutability::Var } else { Mutability::Const };
    let given = arg(args, 3).to_boolean();
    let value = if given {
        match to_wasm(&arg(args, 2), ty, context)? {
            Some(value) => value,
            None => return Ok(JsValue::from(-1)),
        }
    } else if ty == ValType::ExternRef {
        // An externref global's default is `undefined`.
        to_wasm(&JsValue::undefined(), ty, context)?.unwrap_or(Val::ExternRef(Nullable::Null))
    } else {
        Val::default_for_ty(ty)
    };
    let global = with_state(context, |s| Global::new(&mut s.store, value, mutability));
    Ok(JsValue::from(global_handle(global, context) as u32))
}

fn global_at(args: &[JsValue], context: &Context) -> JsResult<Global> {
    let at = index_arg(args, 0);
    with_state(context, |s| s.globals.get(at).copied()).ok_or_else(|| internal("no such global"))
}

fn global_get(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let global = global_at(args, context)?;
    let value = with_state(context, |s| global.get(&s.store));
    if matches!(value, Val::V128(_)) {
        return Err(JsNativeError::typ().with_message("type incompatibility when transforming from/to JS").into());
    }
    Ok(to_js(&value, context))
}

fn global_mutable(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let global = global_at(args, context)?;
    Ok(with_state(context, |s| global.ty(&s.store).mutability() == Mutability::Var).into())
}

fn global_set(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let global = global_at(args, context)?;
    let ty = with_state(context, |s| global.ty(&s.store).content());
    let Some(value) = to_wasm(&arg(args, 1), ty, context)? else { return Ok(false.into()) };
    let done = with_state(context, |s| global.set(&mut s.store, value).is_ok());
    Ok(done.into())
}
