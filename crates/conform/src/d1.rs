//! The scenario's D1 databases, served to workerd.
//!
//! workerd's D1 binding is its own module (`cloudflare-internal:d1-api`) wrapped around a
//! service it speaks D1's HTTP protocol to (`POST /query`, `POST /execute`, with
//! `?resultsFormat=`). Each database is one loopback server here, answering through
//! [`crosstalk_runtime::D1Backend`], the engine crosstalk's own `env.DB` runs on (the same
//! SQLite, migrations, messages and `meta`), so what conform compares is the API the worker
//! sees: crosstalk's `web/d1.js` against workerd's module. The k-th call to reach a
//! database is answered after the latency of crosstalk's k-th call on it in trace order,
//! as origins and KV are.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use tokio::time::Instant;

use crosstalk_runtime::{D1Backend, D1Spec, EventKind, Owner, Run};

/// The header D1 carries a session's bookmark in.
const BOOKMARK_HEADER: &str = "x-cf-d1-session-commit-token";

/// One database as the run used it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct D1Plan {
    pub spec: D1Spec,
    /// The latency of crosstalk's k-th call on this database, in trace order.
    pub latencies: Vec<u64>,
}

/// The plan of every database of `specs` from `run`.
pub(crate) fn plans(specs: &[D1Spec], run: &Run) -> Vec<D1Plan> {
    let mut started: BTreeMap<(Owner, u32), u64> = BTreeMap::new();
    let mut order: Vec<(String, (Owner, u32))> = Vec::new();
    let mut done: BTreeMap<(Owner, u32), u64> = BTreeMap::new();
    for event in &run.trace {
        match &event.kind {
            EventKind::D1Op { n, binding, .. } => {
                started.insert((event.owner, *n), event.t_ms);
                order.push((binding.clone(), (event.owner, *n)));
            }
            EventKind::D1Done { n } => {
                if let Some(start) = started.get(&(event.owner, *n)) {
                    done.insert((event.owner, *n), event.t_ms - start);
                }
            }
            _ => {}
        }
    }
    specs
        .iter()
        .map(|spec| D1Plan {
            spec: spec.clone(),
            latencies: (order.iter().filter(|(b, _)| *b == spec.binding))
                .map(|(_, call)| done.get(call).copied().unwrap_or(spec.latency.min))
                .collect(),
        })
        .collect()
}

struct State {
    plan: D1Plan,
    backend: Mutex<D1Backend>,
    /// Calls answered so far (the k of "the k-th call").
    seen: Mutex<usize>,
}

/// One database's server.
pub(crate) struct D1Server {
    pub binding: String,
    pub port: u16,
}

impl D1Server {
    /// Opens the database, binds a free loopback port and serves until the runtime stops.
    pub(crate) async fn start(plan: D1Plan) -> Result<D1Server, String> {
        let backend = D1Backend::open(&plan.spec, 0).map_err(|e| {
            format!("the database {} could not be set up: {}: {}", plan.spec.binding, e.file, e.message)
        })?;
        let binding = plan.spec.binding.clone();
        let state = Arc::new(State { plan, backend: Mutex::new(backend), seen: Mutex::new(0) });
        let port = crate::loopback::serve(state, handle).await.map_err(|e| e.to_string())?;
        Ok(D1Server { binding, port })
    }
}

async fn handle(state: Arc<State>, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let arrived = Instant::now();
    let k = crate::loopback::next_index(&state.seen);
    let latency = state.plan.latencies.get(k).copied().unwrap_or(state.plan.spec.latency.min);
    let endpoint = request.uri().path().to_string();
    let format = (request.uri().query().unwrap_or(""))
        .split('&')
        .find_map(|pair| pair.strip_prefix("resultsFormat="))
        .unwrap_or("NONE")
        .to_string();
    let body = request.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    tokio::time::sleep_until(arrived + Duration::from_millis(latency)).await;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    let answer = match state.backend.lock() {
        Ok(mut backend) => backend.answer(&endpoint, &format, &String::from_utf8_lossy(&body), now),
        Err(_) => return Ok(Response::new(Full::new(Bytes::new()))),
    };
    let (text, bookmark) = answer;
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = StatusCode::OK;
    if let Ok(value) = hyper::header::HeaderValue::try_from(bookmark) {
        response.headers_mut().insert(BOOKMARK_HEADER, value);
    }
    response
        .headers_mut()
        .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosstalk_runtime::{Event, MsRange};

    #[test]
    fn the_kth_call_on_a_database_gets_crosstalks_kth_latency_in_trace_order() {
        let op = |t_ms, owner, n, binding: &str| Event {
            t_ms,
            owner: Owner::Request(owner),
            kind: EventKind::D1Op {
                n,
                binding: binding.into(),
                method: "all".into(),
                sql: "SELECT 1".into(),
                at: None,
            },
        };
        let done = |t_ms, owner, n| Event { t_ms, owner: Owner::Request(owner), kind: EventKind::D1Done { n } };
        let trace = vec![op(0, 1, 1, "DB"), op(2, 2, 1, "DB"), done(9, 2, 1), done(20, 1, 1), op(30, 1, 2, "DB")];
        let run = Run { requests: Vec::new(), trace, end_ms: 30, inputs: Vec::new() };
        let spec = D1Spec { binding: "DB".into(), latency: MsRange::new_range(4, 50), migrations: Vec::new() };
        let plans = plans(&[spec], &run);
        // r1's first call took 20 ms, r2's 7 ms, r1's second never finished: the minimum.
        assert_eq!(plans[0].latencies, [20, 7, 4]);
    }
}
