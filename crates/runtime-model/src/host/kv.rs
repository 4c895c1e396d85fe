//! KV namespace bindings. Every operation is I/O owned by the calling request (R2, R8),
//! takes a latency the schedule draws from `[[kv]] latency`, and is applied when it
//! completes: later reads in any isolate see a write once it has completed. A `put`
//! still in flight when its request ends is cancelled like a subrequest (R6).

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::class::Class;
use boa_engine::object::builtins::{JsArray, JsPromise};
use boa_engine::property::Attribute;
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsString, JsValue, Trace, boa_class, js_error, js_string,
};
use std::collections::VecDeque;
use std::rc::Rc;

use crate::engine::Host;
use crate::host::binding_io::{self, BindingOp};
use crate::host::body::{self, ReadAs};
use crate::host::stream::BodyState;
use crate::model::MsRange;
use crate::trace::{EventKind, Owner};
use crate::world::KvEntry;

/// What a pending KV operation will do when it completes.
pub(crate) enum KvAction {
    Get { key: String, read: GetAs, metadata: bool },
    Put { key: String, value: Vec<u8>, metadata: Option<String>, expires_ms: Option<u64> },
    Delete { key: String },
    List { prefix: String, limit: usize, cursor: Option<String> },
}

#[derive(Clone, Copy)]
pub(crate) enum GetAs {
    Text,
    Json,
    ArrayBuffer,
    Stream,
}

pub(crate) struct KvOp {
    pub binding: String,
    pub action: KvAction,
    pub resolvers: ResolvingFunctions,
}

impl BindingOp for KvOp {
    const LABEL: &'static str = "kv";

    /// `kv://CACHE/key (put)`.
    fn describe(&self) -> String {
        let (op, key) = match &self.action {
            KvAction::Get { key, .. } => ("get", key.as_str()),
            KvAction::Put { key, .. } => ("put", key.as_str()),
            KvAction::Delete { key } => ("delete", key.as_str()),
            KvAction::List { prefix, .. } => ("list", prefix.as_str()),
        };
        format!("kv://{}/{key} ({op})", self.binding)
    }

    fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
        complete(host, key, context);
    }
}

/// `env.CACHE`: a KV namespace.
#[derive(Trace, Finalize, JsData)]
pub(crate) struct KvNamespace {
    #[unsafe_ignore_trace]
    binding: String,
    #[unsafe_ignore_trace]
    latency: MsRange,
}

fn key_of(value: &JsValue, context: &mut Context) -> JsResult<String> {
    let key = value.to_string(context)?.to_std_string_escaped();
    if key.is_empty() {
        return Err(js_error!(TypeError: "Key names must not be empty."));
    }
    if key.len() > 512 {
        return Err(
            js_error!(TypeError: "KV GET failed: 414 UTF-8 encoded length of {} exceeds key length limit of 512.", key.len()),
        );
    }
    Ok(key)
}

fn option(options: Option<&JsValue>, name: &str, context: &mut Context) -> JsResult<JsValue> {
    match options.and_then(JsValue::as_object) {
        Some(o) => o.get(JsString::from(name), context),
        None => Ok(JsValue::undefined()),
    }
}

fn get_as(arg: Option<&JsValue>, context: &mut Context) -> JsResult<GetAs> {
    let kind = match arg {
        Some(v) if v.is_string() => v.to_string(context)?.to_std_string_escaped(),
        Some(v) if v.is_object() => {
            let t = option(Some(v), "type", context)?;
            if t.is_undefined() { "text".to_string() } else { t.to_string(context)?.to_std_string_escaped() }
        }
        _ => "text".to_string(),
    };
    match kind.as_str() {
        "text" => Ok(GetAs::Text),
        "json" => Ok(GetAs::Json),
        "arrayBuffer" => Ok(GetAs::ArrayBuffer),
        "stream" => Ok(GetAs::Stream),
        other => Err(
            js_error!(TypeError: "Unknown response type. Possible types are \"text\", \"arrayBuffer\", \"json\", and \"stream\" (got \"{}\").", other),
        ),
    }
}

impl KvNamespace {
    /// Starts an operation: traced, owned by the running request, completed by a task.
    fn start(&self, op: &str, key: &str, action: KvAction, context: &mut Context) -> JsResult<JsValue> {
        let event =
            |n, at| EventKind::KvOp { n, binding: self.binding.clone(), op: op.to_string(), key: key.to_string(), at };
        let started = binding_io::begin("KV", "a KV operation", event, context)?;
        let entry = KvOp { binding: self.binding.clone(), action, resolvers: started.resolvers.clone() };
        Ok(binding_io::queue(&Host::of(context), &started, entry, self.latency))
    }
}

#[boa_class(rename = "KvNamespace")]
#[boa(rename_all = "camelCase")]
impl KvNamespace {
    #[boa(constructor)]
    fn constructor() -> JsResult<Self> {
        Err(js_error!(TypeError: "Illegal constructor: KV namespaces are bindings declared with [[kv]]."))
    }

    fn get(&self, key: JsValue, options: Option<JsValue>, context: &mut Context) -> JsResult<JsValue> {
        let key = key_of(&key, context)?;
        let read = get_as(options.as_ref(), context)?;
        self.start("get", &key.clone(), KvAction::Get { key, read, metadata: false }, context)
    }

    fn get_with_metadata(&self, key: JsValue, options: Option<JsValue>, context: &mut Context) -> JsResult<JsValue> {
        let key = key_of(&key, context)?;
        let read = get_as(options.as_ref(), context)?;
        self.start("getWithMetadata", &key.clone(), KvAction::Get { key, read, metadata: true }, context)
    }

    fn put(&self, key: JsValue, value: JsValue, options: Option<JsValue>, context: &mut Context) -> JsResult<JsValue> {
        let key = key_of(&key, context)?;
        let init = body::extract(Some(&value), context)?.init;
        let host = Host::of(context);
        let now = host.world.now();
        let mut expires_ms = None;
        let ttl = option(options.as_ref(), "expirationTtl", context)?;
        if !ttl.is_undefined() {
            let ttl = ttl.to_number(context)?;
            if ttl.is_nan() || ttl < 60.0 {
                return Err(
                    js_error!(TypeError: "KV PUT failed: 400 Invalid expiration_ttl of {}. Expiration TTL must be at least 60.", ttl),
                );
            }
            expires_ms = Some(now + (ttl * 1000.0) as u64);
        }
        let expiration = option(options.as_ref(), "expiration", context)?;
        if !expiration.is_undefined() {
            let seconds = expiration.to_number(context)?;
            let at_ms = (seconds * 1000.0) as i64 - host.world.epoch_ms;
            if at_ms < now as i64 + 60_000 {
                return Err(
                    js_error!(TypeError: "KV PUT failed: 400 Invalid expiration of {}. Expiration times must be at least 60 seconds in the future.", seconds),
                );
            }
            expires_ms = Some(at_ms as u64);
        }
        let metadata = option(options.as_ref(), "metadata", context)?;
        let metadata = if metadata.is_null_or_undefined() {
            None
        } else {
            let text = body::stringify(metadata, context)?;
            Some(text.to_string(context)?.to_std_string_escaped())
        };
        let put = PutCapture { binding: self.binding.clone(), latency: self.latency, key, metadata, expires_ms };
        match init.bytes_now(context) {
            Some(bytes) => put.start(bytes, context),
            None => {
                // A stream of the worker's own: read to its end, then put (the put's I/O
                // starts when the last chunk is in, as workerd buffers it).
                let stream = match init {
                    body::Init::Stream(stream) => stream,
                    _ => return Err(js_error!(TypeError: "KV put() of a body that is still arriving")),
                };
                let all =
                    crate::host::web::call(crate::host::web::WebModule::Streams, "readAll", &[stream.into()], context)?;
                let all = all
                    .as_object()
                    .and_then(|o| JsPromise::from_object(o.clone()).ok())
                    .ok_or_else(|| js_error!(TypeError: "readAll returned no promise"))?;
                let then = boa_engine::NativeFunction::from_copy_closure_with_captures(
                    |_, args, put: &PutCapture, context| {
                        let bytes = args.first().cloned().unwrap_or_default();
                        let bytes = body::uint8_bytes(&bytes, context)?;
                        put.start(bytes, context)
                    },
                    put,
                )
                .to_js_function(context.realm());
                Ok(all.then(Some(then), None, context)?.into())
            }
        }
    }

    fn delete(&self, key: JsValue, context: &mut Context) -> JsResult<JsValue> {
        let key = key_of(&key, context)?;
        self.start("delete", &key.clone(), KvAction::Delete { key }, context)
    }

    fn list(&self, options: Option<JsValue>, context: &mut Context) -> JsResult<JsValue> {
        let prefix = option(options.as_ref(), "prefix", context)?;
        let prefix = if prefix.is_null_or_undefined() {
            String::new()
        } else {
            prefix.to_string(context)?.to_std_string_escaped()
        };
        let limit = option(options.as_ref(), "limit", context)?;
        let limit = if limit.is_undefined() { 1000 } else { limit.to_number(context)?.clamp(1.0, 1000.0) as usize };
        let cursor = option(options.as_ref(), "cursor", context)?;
        let cursor =
            if cursor.is_null_or_undefined() { None } else { Some(cursor.to_string(context)?.to_std_string_escaped()) };
        self.start("list", &prefix.clone(), KvAction::List { prefix, limit, cursor }, context)
    }
}

/// A `put` whose value is known: what `start` needs, captured while a stream is read.
#[derive(Clone, Trace, Finalize)]
struct PutCapture {
    #[unsafe_ignore_trace]
    binding: String,
    #[unsafe_ignore_trace]
    latency: MsRange,
    #[unsafe_ignore_trace]
    key: String,
    #[unsafe_ignore_trace]
    metadata: Option<String>,
    #[unsafe_ignore_trace]
    expires_ms: Option<u64>,
}

impl PutCapture {
    fn start(&self, value: Vec<u8>, context: &mut Context) -> JsResult<JsValue> {
        let namespace = KvNamespace { binding: self.binding.clone(), latency: self.latency };
        let action = KvAction::Put {
            key: self.key.clone(),
            value,
            metadata: self.metadata.clone(),
            expires_ms: self.expires_ms,
        };
        namespace.start("put", &self.key, action, context)
    }
}

/// Creates the binding objects for the model's namespaces.
pub(crate) fn bindings(model: &crate::model::Model, context: &mut Context) -> JsResult<Vec<(String, JsObject)>> {
    if !model.kv.is_empty() {
        register(context)?;
    }
    model
        .kv
        .iter()
        .map(|spec| {
            let ns = KvNamespace { binding: spec.binding.clone(), latency: spec.latency };
            Ok((spec.binding.clone(), KvNamespace::from_data(ns, context)?))
        })
        .collect()
}

/// Registers the class in the realm, without a global: workerd has no `KvNamespace` global.
/// Only a worker with a namespace binding needs it (a class costs every schedule).
fn register(context: &mut Context) -> JsResult<()> {
    crate::host::lazy::class::<KvNamespace>(context).map(drop)
}

fn live<'a>(entries: &'a std::collections::BTreeMap<String, KvEntry>, key: &str, now: u64) -> Option<&'a KvEntry> {
    entries.get(key).filter(|e| e.expires_ms.is_none_or(|t| t > now))
}

/// KV operation `key` completes: apply it to the store and settle its promise.
fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
    let Some(op) = binding_io::take::<KvOp>(host, key) else { return };
    host.current.set(Owner::Request(key.0));
    host.record(EventKind::KvDone { n: key.1 });
    let now = host.world.now();
    let owner = key.0;
    let result = (|| -> JsResult<JsValue> {
        match op.action {
            KvAction::Put { key, value, metadata, expires_ms } => {
                host.world
                    .kv
                    .borrow_mut()
                    .entry(op.binding.clone())
                    .or_default()
                    .insert(key, KvEntry { value, metadata, expires_ms });
                Ok(JsValue::undefined())
            }
            KvAction::Delete { key } => {
                host.world.kv.borrow_mut().entry(op.binding.clone()).or_default().remove(&key);
                Ok(JsValue::undefined())
            }
            KvAction::Get { key, read, metadata } => {
                let found = host.world.kv.borrow().get(&op.binding).and_then(|e| live(e, &key, now).cloned());
                let value = match &found {
                    None => JsValue::null(),
                    Some(entry) => match read {
                        GetAs::Text => body::convert(&entry.value, ReadAs::Text, context)?,
                        GetAs::Json => body::convert(&entry.value, ReadAs::Json, context)?,
                        GetAs::ArrayBuffer => body::convert(&entry.value, ReadAs::ArrayBuffer, context)?,
                        GetAs::Stream => stream(host, owner, &entry.value, context)?,
                    },
                };
                if !metadata {
                    return Ok(value);
                }
                let meta = match found.and_then(|e| e.metadata) {
                    Some(json) => body::convert(json.as_bytes(), ReadAs::Json, context)?,
                    None => JsValue::null(),
                };
                Ok(boa_engine::object::ObjectInitializer::new(context)
                    .property(js_string!("value"), value, Attribute::all())
                    .property(js_string!("metadata"), meta, Attribute::all())
                    .property(js_string!("cacheStatus"), JsValue::null(), Attribute::all())
                    .build()
                    .into())
            }
            KvAction::List { prefix, limit, cursor } => {
                let store = host.world.kv.borrow();
                let names: Vec<(String, KvEntry)> = store
                    .get(&op.binding)
                    .map(|entries| {
                        entries
                            .iter()
                            .filter(|(k, e)| k.starts_with(&prefix) && e.expires_ms.is_none_or(|t| t > now))
                            .filter(|(k, _)| cursor.as_ref().is_none_or(|c| k.as_str() > c.as_str()))
                            .map(|(k, e)| (k.clone(), e.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                drop(store);
                let complete = names.len() <= limit;
                let page: Vec<_> = names.into_iter().take(limit).collect();
                let next_cursor = if complete { None } else { page.last().map(|(k, _)| k.clone()) };
                let mut keys = Vec::new();
                for (name, entry) in page {
                    let item = boa_engine::object::ObjectInitializer::new(context)
                        .property(js_string!("name"), JsString::from(name.as_str()), Attribute::all())
                        .build();
                    if let Some(expires) = entry.expires_ms {
                        let seconds = (host.world.epoch_ms + expires as i64) / 1000;
                        item.set(js_string!("expiration"), seconds, false, context)?;
                    }
                    if let Some(json) = entry.metadata {
                        let meta = body::convert(json.as_bytes(), ReadAs::Json, context)?;
                        item.set(js_string!("metadata"), meta, false, context)?;
                    }
                    keys.push(item.into());
                }
                let keys = JsArray::from_iter(keys, context);
                // workerd hands the worker the KV service's JSON (`keys`, `list_complete`,
                // then `cursor` when there is more) and sets `cacheStatus` last.
                let result = boa_engine::object::ObjectInitializer::new(context)
                    .property(js_string!("keys"), keys, Attribute::all())
                    .property(js_string!("list_complete"), complete, Attribute::all())
                    .build();
                if let Some(c) = next_cursor {
                    result.set(js_string!("cursor"), JsString::from(c.as_str()), false, context)?;
                }
                result.set(js_string!("cacheStatus"), JsValue::null(), false, context)?;
                Ok(result.into())
            }
        }
    })();
    crate::host::settle(&op.resolvers, result, context);
}

fn stream(host: &Host, owner: u32, bytes: &[u8], context: &mut Context) -> JsResult<JsValue> {
    let mut buffered = VecDeque::new();
    if !bytes.is_empty() {
        buffered.push_back(bytes.to_vec());
    }
    let id = host.get::<crate::host::stream::Bodies>().insert(BodyState {
        owner: Some(owner),
        subrequest: None,
        full: Rc::new(bytes.to_vec()),
        buffered,
        complete: true,
        disturbed: false,
        finished: false,
        error: None,
        waiters: VecDeque::new(),
    });
    crate::host::body::Body::host(id).stream(context)
}
