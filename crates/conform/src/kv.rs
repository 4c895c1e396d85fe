//! The scenario's KV namespaces, served to workerd.
//!
//! workerd's `kvNamespace` binding speaks HTTP to the service it names: `GET /<key>`
//! (the value, `CF-KV-Metadata` carrying the metadata JSON; 404 when there is none), `PUT
//! /<key>` with `expiration`/`expiration_ttl` in the query and the metadata in that header,
//! `DELETE /<key>`, and `GET /` with `prefix`, `key_count_limit` and `cursor` for a list,
//! which it hands the worker as the JSON it gets. Each namespace is one loopback server
//! here, holding the scenario's initial data, and each operation is answered after the
//! latency crosstalk's run gave the same operation: the k-th operation to reach a
//! namespace gets the latency of crosstalk's k-th operation on it in trace order (as
//! origins do), so both sides see the same interleaving of reads and writes.
//!
//! What crosstalk models and this server mirrors: one consistent store per namespace, list
//! pages in key order with the last key as the cursor, expiry. Expiry runs on real time
//! here, on virtual time in crosstalk; the suite's KV scenarios do not expire keys.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use tokio::time::Instant;

use crosstalk_runtime::{EventKind, MsRange, Run};

/// The header the KV protocol carries a value's metadata in.
const METADATA_HEADER: &str = "cf-kv-metadata";

/// One namespace as the run used it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KvPlan {
    pub binding: String,
    pub data: BTreeMap<String, String>,
    /// The latency of crosstalk's k-th operation on this namespace, in trace order.
    pub latencies: Vec<u64>,
    /// The latency of operations past crosstalk's.
    pub default_ms: u64,
}

/// The plan of every namespace of `kv` (binding, latency range, initial data) from `run`.
pub(crate) fn plans<'a>(
    kv: impl Iterator<Item = (&'a str, MsRange, &'a BTreeMap<String, String>)>,
    run: &Run,
) -> Vec<KvPlan> {
    // (owner, n) → (binding, start) for operations not yet done.
    let mut started: BTreeMap<(crosstalk_runtime::Owner, u32), (String, u64)> = BTreeMap::new();
    let mut order: Vec<(String, (crosstalk_runtime::Owner, u32))> = Vec::new();
    let mut done: BTreeMap<(crosstalk_runtime::Owner, u32), u64> = BTreeMap::new();
    for event in &run.trace {
        match &event.kind {
            EventKind::KvOp { n, binding, .. } => {
                started.insert((event.owner, *n), (binding.clone(), event.t_ms));
                order.push((binding.clone(), (event.owner, *n)));
            }
            EventKind::KvDone { n } => {
                if let Some((_, start)) = started.get(&(event.owner, *n)) {
                    done.insert((event.owner, *n), event.t_ms - start);
                }
            }
            _ => {}
        }
    }
    kv.map(|(binding, latency, data)| KvPlan {
        binding: binding.to_string(),
        data: data.clone(),
        latencies: (order.iter().filter(|(b, _)| b == binding))
            .map(|(_, op)| done.get(op).copied().unwrap_or(latency.min))
            .collect(),
        default_ms: latency.min,
    })
    .collect()
}

/// A stored value.
#[derive(Clone, Debug)]
struct Entry {
    value: Bytes,
    metadata: Option<String>,
    /// Unix seconds.
    expiration: Option<u64>,
}

struct State {
    plan: KvPlan,
    entries: Mutex<BTreeMap<String, Entry>>,
    /// Operations answered so far (the k of "the k-th operation").
    seen: Mutex<usize>,
}

/// One namespace's server.
pub(crate) struct KvServer {
    pub binding: String,
    pub port: u16,
}

impl KvServer {
    /// Binds a free loopback port and serves `plan` until the runtime stops.
    pub(crate) async fn start(plan: KvPlan) -> std::io::Result<KvServer> {
        let entries = (plan.data.iter())
            .map(|(k, v)| (k.clone(), Entry { value: Bytes::from(v.clone()), metadata: None, expiration: None }))
            .collect();
        let binding = plan.binding.clone();
        let state = Arc::new(State { plan, entries: Mutex::new(entries), seen: Mutex::new(0) });
        let port = crate::loopback::serve(state, handle).await?;
        Ok(KvServer { binding, port })
    }
}

async fn handle(state: Arc<State>, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let arrived = Instant::now();
    let k = crate::loopback::next_index(&state.seen);
    let latency = state.plan.latencies.get(k).copied().unwrap_or(state.plan.default_ms);
    let method = request.method().clone();
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    let metadata = request.headers().get(METADATA_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let body = request.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let Ok(url) = url::Url::parse(&format!("http://kv{target}")) else {
        return Ok(answer(StatusCode::BAD_REQUEST, Bytes::from("bad KV request"), None));
    };
    let query: BTreeMap<String, String> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let key = url
        .path_segments()
        .map(|segments| segments.map(percent_decode).collect::<Vec<_>>().join("/"))
        .unwrap_or_default();
    tokio::time::sleep_until(arrived + Duration::from_millis(latency)).await;
    let now = unix_seconds();
    let Ok(mut entries) = state.entries.lock() else {
        return Ok(answer(StatusCode::INTERNAL_SERVER_ERROR, Bytes::new(), None));
    };
    entries.retain(|_, e| e.expiration.is_none_or(|at| at > now));
    let response = match (method, key.is_empty()) {
        (Method::GET, true) => list(&entries, &query),
        (Method::GET, false) => match entries.get(&key) {
            Some(entry) => answer(StatusCode::OK, entry.value.clone(), entry.metadata.clone()),
            None => answer(StatusCode::NOT_FOUND, Bytes::new(), None),
        },
        (Method::PUT, false) => {
            let number = |name: &str| query.get(name).and_then(|v| v.parse::<f64>().ok());
            let expiration =
                number("expiration").map(|s| s as u64).or_else(|| number("expiration_ttl").map(|ttl| now + ttl as u64));
            entries.insert(key, Entry { value: body, metadata, expiration });
            answer(StatusCode::OK, Bytes::new(), None)
        }
        (Method::DELETE, false) => {
            entries.remove(&key);
            answer(StatusCode::OK, Bytes::new(), None)
        }
        _ => answer(StatusCode::NOT_IMPLEMENTED, Bytes::from("crosstalk conform: KV operation not served"), None),
    };
    Ok(response)
}

/// A list page: keys with the prefix after the cursor (the last key of the page before),
/// in key order, at most `key_count_limit` (1000 when not given).
fn list(entries: &BTreeMap<String, Entry>, query: &BTreeMap<String, String>) -> Response<Full<Bytes>> {
    let prefix = query.get("prefix").map(String::as_str).unwrap_or("");
    let limit = query.get("key_count_limit").and_then(|l| l.parse::<usize>().ok()).unwrap_or(1000);
    let cursor = query.get("cursor");
    let found: Vec<(&String, &Entry)> = (entries.iter())
        .filter(|(k, _)| k.starts_with(prefix) && cursor.is_none_or(|c| k.as_str() > c.as_str()))
        .collect();
    let complete = found.len() <= limit;
    let page = &found[..found.len().min(limit)];
    // Written by hand: the worker sees this JSON's key order (Cloudflare's API answers
    // `keys`, `list_complete`, then `cursor`; serde_json's map would sort them).
    let keys: Vec<String> = page
        .iter()
        .map(|(name, entry)| {
            let mut key = format!("{{\"name\":{}", serde_json::Value::from(name.as_str()));
            if let Some(at) = entry.expiration {
                key.push_str(&format!(",\"expiration\":{at}"));
            }
            if let Some(metadata) = &entry.metadata {
                key.push_str(&format!(",\"metadata\":{}", serde_json::Value::from(metadata.as_str())));
            }
            key.push('}');
            key
        })
        .collect();
    let mut json = format!("{{\"keys\":[{}],\"list_complete\":{complete}", keys.join(","));
    if !complete && let Some((last, _)) = page.last() {
        json.push_str(&format!(",\"cursor\":{}", serde_json::Value::from(last.as_str())));
    }
    json.push('}');
    answer(StatusCode::OK, Bytes::from(json), None)
}

fn answer(status: StatusCode, body: Bytes, metadata: Option<String>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    if let Some(metadata) = metadata.and_then(|m| hyper::header::HeaderValue::try_from(m).ok()) {
        response.headers_mut().insert(METADATA_HEADER, metadata);
    }
    response
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn unix_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosstalk_runtime::{Event, Owner};

    fn event(t_ms: u64, owner: u32, kind: EventKind) -> Event {
        Event { t_ms, owner: Owner::Request(owner), kind }
    }

    fn op(n: u32, binding: &str) -> EventKind {
        EventKind::KvOp { n, binding: binding.into(), op: "get".into(), key: "k".into(), at: None }
    }

    #[test]
    fn the_kth_operation_on_a_namespace_gets_crosstalks_kth_latency_in_trace_order() {
        let trace = vec![
            event(0, 2, op(1, "A")),
            event(5, 1, op(1, "A")),
            event(6, 1, op(2, "B")),
            event(12, 1, EventKind::KvDone { n: 1 }),
            event(30, 2, EventKind::KvDone { n: 1 }),
        ];
        let run = Run { requests: Vec::new(), trace, end_ms: 30, inputs: Vec::new() };
        let data = BTreeMap::from([("k".to_string(), "v".to_string())]);
        let kv = [("A", MsRange::new_range(3, 40), &data), ("B", MsRange::fixed(9), &data)];
        let plans = plans(kv.into_iter(), &run);
        // A: r2's op (30 ms), then r1's (7 ms); B's op never finished: its range's minimum.
        assert_eq!(plans[0].latencies, [30, 7]);
        assert_eq!(plans[1].latencies, [9]);
        assert_eq!(plans[0].data, data);
    }

    #[test]
    fn keys_are_percent_decoded_and_lists_page_by_the_last_key() {
        assert_eq!(percent_decode("user%3A7%2Fx"), "user:7/x");
        assert_eq!(percent_decode("100%"), "100%");
        let entry = |v: &str| Entry { value: Bytes::from(v.to_string()), metadata: None, expiration: None };
        let entries: BTreeMap<String, Entry> =
            ["a:1", "a:2", "a:3", "b:1"].iter().map(|k| (k.to_string(), entry(k))).collect();
        let query = BTreeMap::from([
            ("prefix".to_string(), "a:".to_string()),
            ("key_count_limit".to_string(), "2".to_string()),
        ]);
        let body = |r: Response<Full<Bytes>>| {
            let bytes = futures_body(r);
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()
        };
        let raw = futures_body(list(&entries, &query));
        assert!(raw.starts_with(b"{\"keys\":[{\"name\":\"a:1\"}"), "keys come first: {raw:?}");
        assert!(raw.ends_with(b"\"list_complete\":false,\"cursor\":\"a:2\"}"), "then list_complete, cursor: {raw:?}");
        let first = body(list(&entries, &query));
        assert_eq!(
            first,
            serde_json::json!({"keys": [{"name": "a:1"}, {"name": "a:2"}], "list_complete": false, "cursor": "a:2"})
        );
        let mut next = query.clone();
        next.insert("cursor".into(), "a:2".into());
        assert_eq!(body(list(&entries, &next)), serde_json::json!({"keys": [{"name": "a:3"}], "list_complete": true}));
    }

    fn futures_body(response: Response<Full<Bytes>>) -> Bytes {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async { response.into_body().collect().await.unwrap().to_bytes() })
    }
}
