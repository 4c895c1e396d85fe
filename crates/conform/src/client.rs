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
use tokio::time::Instant;

use crate::config::FORWARDED_PROTO_HEADER;
use crate::observe::WireAnswer;
use crate::plan::WireRequest;
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

/// Sends `request` to workerd on `port` at `start + arrival_ms`; gives up at `deadline`.
pub(crate) async fn send(port: u16, request: WireRequest, start: Instant, deadline: Instant) -> Sent {
    tokio::time::sleep_until(start + Duration::from_millis(request.arrival_ms + request.stagger_ms)).await;
    let exchange = async {
        let http = build(&request)?;
        let stream = TcpStream::connect(("127.0.0.1", port)).await.map_err(|e| format!("connect: {e}"))?;
        drop(stream.set_nodelay(true));
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(connection);
        let response = sender.send_request(http).await.map_err(|e| format!("no response: {e}"))?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = (response.headers().iter())
            .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let bytes = response.into_body().collect().await.map_err(|e| format!("body: {e}"))?.to_bytes();
        Ok::<_, String>(WireAnswer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() })
    };
    match tokio::time::timeout_at(deadline, exchange).await {
        Ok(Ok(answer)) => Sent::Answered(answer),
        Ok(Err(message)) => Sent::Failed(message),
        Err(_) => Sent::TimedOut,
    }
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
    fn bad_headers_are_reported() {
        let mut bad = request("https://worker.example/");
        bad.headers.push(("bad header".into(), "x".into()));
        assert!(build(&bad).unwrap_err().contains("header 'bad header'"));
    }
}
