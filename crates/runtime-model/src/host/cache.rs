//! The Cache API (`caches.default`, `caches.open(name)`), in memory per isolate, as
//! Workers' cache is per data center. Operations are I/O owned by the calling request
//! (R2: not at the top level; R8: a matched response's body belongs to the matcher) and
//! complete at once: the model gives them no latency.

use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsPromise;
use boa_engine::property::{Attribute, PropertyDescriptor};
use boa_engine::{
    Context, Finalize, JsData, JsObject, JsResult, JsValue, NativeFunction, Trace, boa_class, js_error, js_string,
};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use crate::engine::Host;
use crate::host::request::Request;
use crate::host::response::Response;
use crate::host::stream::BodyState;
use crate::host::{headers, require_request};
use crate::trace::Owner;

/// A stored response.
#[derive(Clone, Debug)]
pub(crate) struct Stored {
    status: u16,
    headers: Vec<(String, String)>,
    body: Rc<Vec<u8>>,
}

/// Caches of one isolate: cache name → URL → response.
pub(crate) type CacheStore = BTreeMap<String, BTreeMap<String, Stored>>;

/// The Cache API's storage (per isolate).
#[derive(Default)]
pub(crate) struct Caches {
    store: std::cell::RefCell<CacheStore>,
}

impl Caches {
    /// The response cache `name` holds for `url`.
    fn get(&self, name: &str, url: &str) -> Option<Stored> {
        self.store.borrow().get(name).and_then(|cache| cache.get(url).cloned())
    }

    /// Stores `stored` for `url` in cache `name`, replacing what it held.
    fn put(&self, name: &str, url: String, stored: Stored) {
        self.store.borrow_mut().entry(name.to_string()).or_default().insert(url, stored);
    }

    /// Removes `url` from cache `name`; whether it was there.
    fn delete(&self, name: &str, url: &str) -> bool {
        self.store.borrow_mut().get_mut(name).and_then(|cache| cache.remove(url)).is_some()
    }
}

impl crate::component::Component for Caches {
    // Stored responses are bytes, never JS values: they last as long as the isolate.
    fn clear_js_values(&self) {}
    fn is_clear(&self) -> bool {
        true
    }
}

#[derive(Trace, Finalize, JsData)]
pub(crate) struct Cache {
    #[unsafe_ignore_trace]
    name: String,
}

/// The cache key of a `RequestInfo` (a Request or a URL), and whether it is a GET.
fn key_of(request: &JsValue, context: &mut Context) -> JsResult<(String, bool)> {
    if let Some(r) =
        request.as_object().and_then(|o| o.downcast_ref::<Request>().map(|r| (r.url.clone(), r.method.clone())))
    {
        return Ok((r.0, r.1 == "GET"));
    }
    let text = request.to_string(context)?.to_std_string_escaped();
    let url = crate::host::url::parse_absolute(&text).ok_or_else(|| js_error!(TypeError: "Invalid URL: {}", text))?;
    Ok((url, true))
}

fn resolved(value: JsValue, context: &mut Context) -> JsResult<JsValue> {
    let promise = JsPromise::resolve(value, context)?;
    crate::provenance::tag_host(&crate::engine::Host::of(context), &promise, "the Cache API", context);
    Ok(promise.into())
}

#[boa_class(rename = "Cache")]
#[boa(rename_all = "camelCase")]
impl Cache {
    #[boa(constructor)]
    fn constructor() -> JsResult<Self> {
        Err(js_error!(TypeError: "Illegal constructor"))
    }

    #[boa(rename = "match")]
    fn lookup(&self, request: JsValue, context: &mut Context) -> JsResult<JsValue> {
        let host = Host::of(context);
        let Owner::Request(owner) = require_request(&host, "cache.match()")? else { unreachable!("require_request") };
        let (url, get) = key_of(&request, context)?;
        let found = if get { host.get::<Caches>().get(&self.name, &url) } else { None };
        let Some(stored) = found else { return resolved(JsValue::undefined(), context) };
        let body = host.get::<crate::host::stream::Bodies>().insert(BodyState {
            owner: Some(owner),
            subrequest: None,
            full: stored.body.clone(),
            buffered: if stored.body.is_empty() { VecDeque::new() } else { VecDeque::from([stored.body.to_vec()]) },
            complete: true,
            disturbed: false,
            finished: false,
            error: None,
            waiters: VecDeque::new(),
        });
        let origin = crate::model::OriginSpec {
            url: url.clone(),
            latency: crate::model::MsRange::fixed(0),
            status: stored.status,
            headers: stored.headers.clone(),
            body: String::new(),
            body_chunks: 1,
            chunk_interval: crate::model::MsRange::fixed(0),
        };
        let response = Response::received(&origin, &url, body, None, context)?;
        resolved(response.into(), context)
    }

    fn put(&self, request: JsValue, response: JsValue, context: &mut Context) -> JsResult<JsValue> {
        let host = Host::of(context);
        require_request(&host, "cache.put()")?;
        let (url, get) = key_of(&request, context)?;
        if !get {
            return Err(js_error!(TypeError: "Cannot cache response to non-GET request."));
        }
        let object = response.as_object().ok_or_else(|| js_error!(TypeError: "cache.put() expects a Response."))?;
        let (status, header_pairs, body_id) = {
            let r = object
                .downcast_ref::<Response>()
                .ok_or_else(|| js_error!(TypeError: "cache.put() expects a Response."))?;
            (r.status, headers::sorted(&r.headers), r.body.host_id())
        };
        if status == 206 {
            return Err(js_error!(TypeError: "Cannot cache response to a range request (206 Partial Content)."));
        }
        if header_pairs.iter().any(|(k, v)| k == "vary" && v.trim() == "*") {
            return Err(js_error!(TypeError: "Cannot cache response with 'Vary: *' header."));
        }
        let body = match body_id {
            Some(id) => {
                let taken = host.get::<crate::host::stream::Bodies>().with_mut(id, |body| {
                    if body.disturbed {
                        return None;
                    }
                    body.disturbed = true;
                    body.finished = true;
                    Some(body.full.clone())
                });
                match taken {
                    None => return Err(js_error!(TypeError: "The response body is gone.")),
                    Some(None) => return Err(crate::host::body::used_error()),
                    Some(Some(full)) => full,
                }
            }
            None => Rc::new(Vec::new()),
        };
        host.get::<Caches>().put(&self.name, url, Stored { status, headers: header_pairs, body });
        resolved(JsValue::undefined(), context)
    }

    fn delete(&self, request: JsValue, context: &mut Context) -> JsResult<JsValue> {
        let host = Host::of(context);
        require_request(&host, "cache.delete()")?;
        let (url, _) = key_of(&request, context)?;
        let removed = host.get::<Caches>().delete(&self.name, &url);
        resolved(removed.into(), context)
    }
}

fn open(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let name = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    let cache = Cache::from_data(Cache { name: format!("named:{name}") }, context)?;
    resolved(cache.into(), context)
}

/// The `CacheStorage` interface: `caches` is its one instance, with `default` as its own
/// property and `open` (plus the `delete`, `match`, `has` and `keys` workerd declines to
/// implement) on the prototype.
#[derive(Trace, Finalize, JsData)]
pub(crate) struct CacheStorage {}

/// workerd's error for the CacheStorage methods it does not implement (thrown, not a
/// rejected promise).
fn not_implemented(_: &JsValue, _: &[JsValue], name: &&'static str, _: &mut Context) -> JsResult<JsValue> {
    let message = format!("Failed to execute '{name}' on 'CacheStorage': the method is not implemented.");
    Err(boa_engine::JsNativeError::error().with_message(message).into())
}

impl Class for CacheStorage {
    const NAME: &'static str = "CacheStorage";
    const LENGTH: usize = 0;

    fn data_constructor(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<Self> {
        Err(js_error!(TypeError: "Illegal constructor"))
    }

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        let realm = class.context().realm().clone();
        let mut methods = vec![("open", NativeFunction::from_fn_ptr(open))];
        for name in ["delete", "match", "has", "keys"] {
            methods.push((name, NativeFunction::from_copy_closure_with_captures(not_implemented, name)));
        }
        for (name, function) in methods {
            let function = FunctionObjectBuilder::new(&realm, function).name(js_string!(name)).length(0).build();
            class.property(js_string!(name), function, Attribute::all());
        }
        Ok(())
    }
}

/// The `caches` global, built on first read (`host::lazy`); the `Cache` class is
/// registered with it.
pub(crate) fn build(context: &mut Context) -> JsResult<JsObject> {
    crate::host::lazy::class::<Cache>(context)?;
    crate::host::lazy::class::<CacheStorage>(context)?;
    let default: JsObject = Cache::from_data(Cache { name: "default".to_string() }, context)?;
    crate::host::tag_object(&default, "Cache", context)?;
    let caches = CacheStorage::from_data(CacheStorage {}, context)?;
    caches.define_property_or_throw(
        js_string!("default"),
        PropertyDescriptor::builder().value(default).writable(false).enumerable(true).configurable(true),
        context,
    )?;
    Ok(caches)
}
