//! Static assets, the host side: the router in front of the worker (a client's request
//! an asset answers never reaches the worker's code, [`serve_incoming`]) and
//! `host.assetsFetch(method, url, headers)`, the door of `web/service.js`'s assets
//! Fetcher (`env.ASSETS`). The answers are `crate::assets`'; an `env.ASSETS.fetch()` is
//! I/O of the calling request, as a service call is (R2, R6): it completes after a
//! latency the schedule draws.

use boa_engine::object::builtins::{JsArray, JsUint8Array};
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_error, js_string};
use std::cell::RefCell;
use std::sync::Arc;

use crate::assets::{AssetRequest, AssetResponse, AssetsSpec};
use crate::component::Component;
use crate::engine::Host;
use crate::host::binding_io::{self, BindingOp};
use crate::host::web::WebModule;
use crate::trace::{EventKind, Owner};

/// The assets of this isolate's worker, if it has any.
#[derive(Default)]
pub(crate) struct Assets {
    spec: RefCell<Option<Arc<AssetsSpec>>>,
}

impl Component for Assets {
    fn clear_js_values(&self) {}
    fn is_clear(&self) -> bool {
        true
    }
}

/// An `env.ASSETS.fetch()` waiting for its latency to pass; its answer is known already.
pub(crate) struct AssetsFetchOp {
    url: String,
    response: AssetResponse,
    resolvers: boa_engine::builtins::promise::ResolvingFunctions,
}

impl BindingOp for AssetsFetchOp {
    const LABEL: &'static str = "assets";

    fn describe(&self) -> String {
        format!("assets {}", self.url)
    }

    fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
        let Some(op) = binding_io::take::<AssetsFetchOp>(host, key) else { return };
        host.current.set(Owner::Request(key.0));
        host.record(EventKind::AssetsDone { n: key.1, status: op.response.status });
        let record = record(&op.response, context);
        crate::host::settle(&op.resolvers, record, context);
    }
}

/// A URL's pathname, search and hostname, as the asset worker reads them; `None` for a
/// URL that does not parse.
fn parts(url: &str) -> Option<(String, String, String)> {
    let url = url::Url::parse(url).ok()?;
    let search = url.query().map_or(String::new(), |q| format!("?{q}"));
    Some((url.path().to_string(), search, url.host_str().unwrap_or("").to_string()))
}

/// The plain record `web/service.js` turns into a `Response`:
/// `{ status, statusText, headers: [[name, value]…], body: Uint8Array | null }`.
fn record(response: &AssetResponse, context: &mut Context) -> JsResult<JsValue> {
    let headers = JsArray::new(context)?;
    for (name, value) in &response.headers {
        let pair =
            JsArray::from_iter([JsString::from(name.as_str()).into(), JsString::from(value.as_str()).into()], context);
        headers.push(pair, context)?;
    }
    let body: JsValue = match &response.body {
        Some(bytes) => JsUint8Array::from_iter(bytes.iter().copied(), context)?.into(),
        None => JsValue::null(),
    };
    let object = boa_engine::object::ObjectInitializer::new(context).build();
    object.set(js_string!("status"), response.status, false, context)?;
    object.set(js_string!("statusText"), JsString::from(response.status_text), false, context)?;
    object.set(js_string!("headers"), headers, false, context)?;
    object.set(js_string!("body"), body, false, context)?;
    Ok(object.into())
}

/// Notes the assets of the isolate's worker (at boot); a worker without any has no
/// component.
pub(crate) fn install(spec: Option<Arc<AssetsSpec>>, context: &mut Context) {
    if spec.is_some() {
        *Host::of(context).get::<Assets>().spec.borrow_mut() = spec;
    }
}

/// The `env` object of the worker's assets binding, if it has one (`web/service.js`'s
/// assets Fetcher).
pub(crate) fn bindings(model: &crate::model::Model, context: &mut Context) -> JsResult<Vec<(String, JsObject)>> {
    let names = model.assets.iter().filter_map(|a| a.binding.as_deref());
    binding_io::env_objects(names, WebModule::Service, "assets", context)
}

/// The router: when the client's request `spec` is one the assets answer, their
/// `Response`; `None` when it goes to the worker.
pub(crate) fn serve_incoming(spec: &crate::model::RequestSpec, context: &mut Context) -> Option<JsResult<JsValue>> {
    let host = Host::of(context);
    if !host.world.routes_to_assets {
        return None;
    }
    let assets = host.get::<Assets>().spec.borrow().clone()?;
    let (pathname, search, hostname) = parts(&spec.url)?;
    let headers: Vec<(String, String)> =
        spec.headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v.clone())).collect();
    let request =
        AssetRequest { method: &spec.method, pathname: &pathname, search: &search, headers: &headers, host: &hostname };
    if assets.routes_to_worker(&request) {
        return None;
    }
    let response = assets.serve(&request);
    host.record(EventKind::AssetsServed { status: response.status, file: response.file.clone() });
    Some(
        record(&response, context)
            .and_then(|r| crate::host::web::call(WebModule::Service, "assetResponse", &[r], context)),
    )
}

/// `host.assetsFetch(method, url, headers)`: starts an `env.ASSETS.fetch()` of the
/// running request; resolves to the response's record.
pub(crate) fn assets_fetch(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let method = arg(0).to_string(context)?.to_std_string_escaped();
    let url = arg(1).to_string(context)?.to_std_string_escaped();
    // `web/service.js` passes `Array.from(request.headers)`: well-formed pairs.
    let headers: Vec<(String, String)> = (crate::host::service::pairs(args.get(2), context)?.into_iter())
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .collect();
    let host = Host::of(context);
    let assets = host.get::<Assets>().spec.borrow().clone().ok_or_else(|| js_error!(TypeError: "no assets binding"))?;
    let (pathname, search, hostname) = parts(&url).ok_or_else(|| js_error!(TypeError: "Invalid URL: {}", url))?;
    let request =
        AssetRequest { method: &method, pathname: &pathname, search: &search, headers: &headers, host: &hostname };
    let response = assets.serve(&request);
    let binding = assets.binding.clone().unwrap_or_default();
    let path = format!("{pathname}{search}");
    let event = |n, at| EventKind::AssetsFetch { n, binding, method: method.clone(), path, at };
    let started = binding_io::begin("Fetcher", "an assets fetch", event, context)?;
    let op = AssetsFetchOp { url: url.clone(), response, resolvers: started.resolvers.clone() };
    Ok(binding_io::queue(&host, &started, op, assets.latency))
}
