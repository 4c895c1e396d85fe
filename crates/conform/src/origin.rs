//! The loopback origin server: every `[[origin]]` of the scenario, behind workerd's
//! `globalOutbound`.
//!
//! workerd sends each `fetch()` and each pass-through here as plain HTTP/1.1 with the
//! original `Host`. The server matches Host + path against the scenario's origins the way
//! the runtime does (first match wins; the scheme is lost on the way, so `https://` and
//! `http://` patterns both match), and answers the k-th request to an origin as
//! [`crate::plan`] says: headers after the latency, then the body in the runtime's chunks,
//! each after its interval. A request no origin matches is answered 502 with a body that
//! says so.
//!
//! HTTP is hyper 1 (server side), one task per connection.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{CONTENT_LENGTH, HOST, HeaderName, HeaderValue, TRANSFER_ENCODING};
use hyper::{Request, Response, StatusCode};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::plan::{OriginPlan, chunks};

/// A running origin server.
pub(crate) struct OriginServer {
    pub port: u16,
    state: Arc<State>,
}

struct State {
    origins: Vec<OriginPlan>,
    /// Requests seen per origin so far (the k of "the k-th request").
    seen: Mutex<Vec<usize>>,
    /// `METHOD host/path → origin k` per request, for diagnostics.
    log: Mutex<Vec<String>>,
}

impl OriginServer {
    /// Binds a free loopback port and serves until the runtime stops.
    pub(crate) async fn start(origins: Vec<OriginPlan>) -> std::io::Result<OriginServer> {
        let state = Arc::new(State { seen: Mutex::new(vec![0; origins.len()]), origins, log: Mutex::default() });
        let port = crate::loopback::serve(state.clone(), handle).await?;
        Ok(OriginServer { port, state })
    }

    /// What reached the origins, in order (`GET api.example/x → origin 0 #1`).
    pub(crate) fn log(&self) -> Vec<String> {
        self.state.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

async fn handle(state: Arc<State>, request: Request<Incoming>) -> Result<Response<Chunks>, Infallible> {
    let arrived = Instant::now();
    let host = request
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    let method = request.method().clone();
    // The request body is read (and dropped) before answering, like any origin would.
    drop(request.into_body().collect().await);
    let found = state.origins.iter().position(|origin| {
        origin.spec.matches(&format!("https://{host}{path}")) || origin.spec.matches(&format!("http://{host}{path}"))
    });
    let Some(index) = found else {
        note(&state, format!("{method} {host}{path} → no [[origin]] matches: 502"));
        let text = format!("crosstalk conform: no [[origin]] of the scenario answers {host}{path}");
        return Ok(answer(StatusCode::BAD_GATEWAY, &[], Chunks::ready(text.into_bytes())));
    };
    let k = match state.seen.lock() {
        Ok(mut seen) => {
            seen[index] += 1;
            seen[index] - 1
        }
        Err(_) => 0,
    };
    note(&state, format!("{method} {host}{path} → origin {index} #{}", k + 1));
    let origin = &state.origins[index];
    let serve = origin.serve(k);
    tokio::time::sleep_until(arrived + Duration::from_millis(serve.headers_ms)).await;
    let (sender, body) = Chunks::channel();
    let pieces = chunks(&origin.spec);
    tokio::spawn(async move {
        for (interval_ms, piece) in serve.chunk_ms.into_iter().zip(pieces) {
            tokio::time::sleep(Duration::from_millis(interval_ms)).await;
            if sender.send(Bytes::from(piece)).await.is_err() {
                return; // workerd cancelled the subrequest
            }
        }
    });
    let status = StatusCode::from_u16(origin.spec.status).unwrap_or(StatusCode::OK);
    Ok(answer(status, &origin.spec.headers, body))
}

fn note(state: &State, line: String) {
    if let Ok(mut log) = state.log.lock() {
        log.push(line);
    }
}

fn answer(status: StatusCode, headers: &[(String, String)], body: Chunks) -> Response<Chunks> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    for (name, value) in headers {
        let (Ok(name), Ok(value)) = (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str())) else {
            continue;
        };
        // Framing is the server's: the body is streamed in the scenario's chunks.
        if name != CONTENT_LENGTH && name != TRANSFER_ENCODING {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// A response body streamed chunk by chunk from a channel.
pub(crate) struct Chunks {
    receiver: mpsc::Receiver<Bytes>,
}

impl Chunks {
    fn channel() -> (mpsc::Sender<Bytes>, Chunks) {
        let (sender, receiver) = mpsc::channel(4);
        (sender, Chunks { receiver })
    }

    fn ready(bytes: Vec<u8>) -> Chunks {
        let (sender, body) = Chunks::channel();
        drop(sender.try_send(Bytes::from(bytes)));
        body
    }
}

impl Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.receiver.poll_recv(cx).map(|chunk| chunk.map(|bytes| Ok(Frame::data(bytes))))
    }
}
