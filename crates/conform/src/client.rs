//! Sends the scenario's requests to workerd at the schedule's arrival times.
//!
//! Each request goes on its own connection at `start + arrival_ms` (real time), with the
//! `Host` of its URL, `X-Forwarded-Proto` set to its scheme (so the worker sees the URL the
//! scenario wrote), the scenario's headers and body, and crosstalk's request id in
//! [`REQUEST_HEADER`]. A request not answered (headers and whole body) by the deadline is
//! a no-response.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::header::{CONTENT_LENGTH, HOST, HeaderName, HeaderValue};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::time::Instant;

use crate::config::FORWARDED_PROTO_HEADER;
use crate::observe::WireAnswer;
use crate::observe::WireSocket;
use crate::plan::{WireRequest, WireStep};
use crate::tail::REQUEST_HEADER;

/// What came back for one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Sent {
    Answered(WireAnswer),
    /// Nothing (complete) by the deadline.
    TimedOut,
    /// The connection failed or closed without a whole answer.
    Failed(String),
}

/// The HTTP request for `request`; an error names what is wrong with it.
pub(crate) fn build(request: &WireRequest) -> Result<Request<Full<Bytes>>, String> {
    let url = url::Url::parse(&request.url).map_err(|e| format!("{}: bad URL: {e}", request.url))?;
    let host = url.host_str().ok_or_else(|| format!("{}: the URL has no host", request.url))?;
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    let body = request.body.clone().unwrap_or_default();
    let mut builder = Request::builder()
        .method(request.method.as_str())
        .uri(target)
        .header(HOST, authority)
        .header(FORWARDED_PROTO_HEADER, url.scheme())
        .header(REQUEST_HEADER, request.id.as_str());
    for (name, value) in &request.headers {
        let name = HeaderName::try_from(name.as_str()).map_err(|e| format!("header '{name}': {e}"))?;
        let value = HeaderValue::try_from(value.as_str()).map_err(|e| format!("header '{name}' value: {e}"))?;
        if name != HOST && name != CONTENT_LENGTH && name.as_str() != REQUEST_HEADER {
            builder = builder.header(name, value);
        }
    }
    if request.body.is_some() {
        builder = builder.header(CONTENT_LENGTH, body.len());
    }
    builder.body(Full::new(Bytes::from(body))).map_err(|e| format!("{} {}: {e}", request.method, request.url))
}

/// How long before its send time a request's connection is opened: the connect and
/// handshake are then not part of the gap between two requests, and workerd has accepted
/// the connection before the bytes come. Well under workerd's header timeout (15 s).
const CONNECT_AHEAD_MS: u64 = 40;

/// A request's place in the sending order: it is written only after the one before it
/// (`after`) has been written, and it tells the one after it (`written`) when it has been.
/// Two requests a millisecond apart on a loaded machine would otherwise reach workerd in
/// either order, and which one a worker sees first is often the whole scenario.
pub(crate) struct Turn {
    pub after: Option<oneshot::Receiver<()>>,
    pub written: oneshot::Sender<()>,
}

/// The sending order of `requests`: by arrival, then by the stagger that puts requests of
/// one instant in crosstalk's dispatch order; indexes into `requests`.
pub(crate) fn sending_order(requests: &[WireRequest]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by_key(|&i| (requests[i].arrival_ms, requests[i].stagger_ms, i));
    order
}

/// Sends `request` to workerd on `port` at `start + arrival_ms` (plus its stagger), not
/// before the request before it in `turn` has been written; gives up at `deadline`.
pub(crate) async fn send(port: u16, request: WireRequest, start: Instant, deadline: Instant, turn: Turn) -> Sent {
    let due = start + Duration::from_millis(request.arrival_ms + request.stagger_ms);
    let Turn { after, written } = turn;
    let exchange = async {
        let http = build(&request)?;
        let ahead = Duration::from_millis(CONNECT_AHEAD_MS);
        tokio::time::sleep_until(due.checked_sub(ahead).unwrap_or(due)).await;
        let stream = TcpStream::connect(("127.0.0.1", port)).await.map_err(|e| format!("connect: {e}"))?;
        drop(stream.set_nodelay(true));
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(connection.with_upgrades());
        tokio::time::sleep_until(due).await;
        if let Some(after) = after {
            // An error means the request before gave up; this one goes on.
            drop(after.await);
        }
        // hyper queues the request for the connection task, woken now; yielding once lets
        // that task write it before the next request is let go.
        let answer = sender.send_request(http);
        tokio::task::yield_now().await;
        // The next request may have given up already; nothing to tell it then.
        let _ = written.send(());
        let response = answer.await.map_err(|e| format!("no response: {e}"))?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = (response.headers().iter())
            .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        if status == 101
            && let Some(steps) = &request.websocket
        {
            let upgraded = hyper::upgrade::on(response).await.map_err(|e| format!("upgrade: {e}"))?;
            let socket = converse(TokioIo::new(upgraded), steps, start, deadline).await;
            return Ok(WireAnswer { status, headers, body: String::new(), websocket: Some(socket) });
        }
        let bytes = response.into_body().collect().await.map_err(|e| format!("body: {e}"))?.to_bytes();
        Ok::<_, String>(WireAnswer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            websocket: None,
        })
    };
    match tokio::time::timeout_at(deadline, exchange).await {
        Ok(Ok(answer)) => Sent::Answered(answer),
        Ok(Err(message)) => Sent::Failed(message),
        Err(_) => Sent::TimedOut,
    }
}

/// How long a WebSocket client waits for the worker's close after its last step: a
/// connection the worker leaves open is reported open, as crosstalk's run ends with it.
const CLOSE_WAIT_MS: u64 = 1_500;

/// A WebSocket client's conversation over `io`: it sends `steps` at their instants (from
/// `start`), and collects what the worker sends until the worker's close, or until
/// [`CLOSE_WAIT_MS`] after the last step.
async fn converse<S>(io: S, steps: &[WireStep], start: Instant, deadline: Instant) -> WireSocket
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, frame::coding::CloseCode};
    let socket = tokio_tungstenite::WebSocketStream::from_raw_socket(io, Role::Client, None).await;
    let (mut sink, mut stream) = socket.split();
    let mut received = WireSocket::default();
    let last = steps.iter().map(|s| s.at_ms).max().unwrap_or(0);
    let give_up = (start + Duration::from_millis(last + CLOSE_WAIT_MS)).min(deadline);
    let mut pending = steps.iter();
    let mut next = pending.next();
    loop {
        let wake = next.map_or(give_up, |s| start + Duration::from_millis(s.at_ms));
        tokio::select! {
            _ = tokio::time::sleep_until(wake) => {
                let Some(step) = next else { break };
                if step.text.is_none() && step.close.0 == crosstalk_runtime::DROPPED_CODE {
                    // The scenario's client disconnects without a Close frame: the
                    // connection is dropped with the socket, nothing more is read.
                    break;
                }
                let message = match &step.text {
                    Some(text) => Message::Text(text.as_str().into()),
                    None => Message::Close(Some(CloseFrame {
                        code: CloseCode::from(step.close.0),
                        reason: step.close.1.as_str().into(),
                    })),
                };
                // The worker may have closed first: nothing more goes out then.
                drop(sink.send(message).await);
                next = pending.next();
            }
            message = stream.next() => match message {
                Some(Ok(Message::Text(text))) => received.received.push(text.to_string()),
                Some(Ok(Message::Binary(bytes))) => {
                    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                    received.received.push(format!("<binary: {hex}>"));
                }
                Some(Ok(Message::Close(frame))) => {
                    received.close = Some(frame.map_or((1005, String::new()), |f| (u16::from(f.code), f.reason.to_string())));
                    // tungstenite answers the close itself; the client's scripted steps end.
                    drop(sink.flush().await);
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            },
        }
    }
    received
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str) -> WireRequest {
        WireRequest {
            id: "r3".into(),
            arrival_ms: 0,
            stagger_ms: 0,
            method: "POST".into(),
            url: url.into(),
            headers: vec![("cf-request-id".into(), "abc".into()), ("Host".into(), "spoofed".into())],
            body: Some("payload".into()),
            websocket: None,
        }
    }

    #[test]
    fn requests_carry_host_scheme_id_headers_and_body() {
        let http = build(&request("https://worker.example:8443/a/b?c=1")).unwrap();
        assert_eq!(http.method(), "POST");
        assert_eq!(http.uri(), "/a/b?c=1");
        assert_eq!(http.headers()[HOST], "worker.example:8443");
        assert_eq!(http.headers()[FORWARDED_PROTO_HEADER], "https");
        assert_eq!(http.headers()[REQUEST_HEADER], "r3");
        assert_eq!(http.headers()["cf-request-id"], "abc");
        assert_eq!(http.headers().get_all(HOST).iter().count(), 1);
        assert_eq!(http.headers()[CONTENT_LENGTH], "7");
    }

    #[test]
    fn requests_are_sent_in_arrival_order_then_in_dispatch_order_within_an_instant() {
        let at = |id: &str, arrival_ms, stagger_ms| WireRequest {
            id: id.into(),
            arrival_ms,
            stagger_ms,
            ..request("https://w.example/")
        };
        // r1 and r2 arrive at 0 ms and crosstalk dispatched r2 first; r3 arrives at 5 ms,
        // after both, although r1's stagger sends it at 10 ms.
        let requests = [at("r1", 0, 10), at("r2", 0, 0), at("r3", 5, 0), at("r4", 1, 0)];
        assert_eq!(sending_order(&requests), [1, 0, 3, 2]);
    }

    #[test]
    fn bad_headers_are_reported() {
        let mut bad = request("https://worker.example/");
        bad.headers.push(("bad header".into(), "x".into()));
        assert!(build(&bad).unwrap_err().contains("header 'bad header'"));
    }
}
