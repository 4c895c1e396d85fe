//! The loopback HTTP servers workerd talks to (origins, KV namespaces, D1 databases): a
//! free port on 127.0.0.1, one task per connection, each request answered by a handler
//! over the server's shared state.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use hyper::body::{Body, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Binds a free loopback port and serves `handle` over `state` until the runtime stops;
/// returns the port.
pub(crate) async fn serve<S, F, B>(state: Arc<S>, handle: fn(Arc<S>, Request<Incoming>) -> F) -> std::io::Result<u16>
where
    S: Send + Sync + 'static,
    F: Future<Output = Result<Response<B>, Infallible>> + Send + 'static,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let state = state.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| handle(state.clone(), request));
                // A connection workerd drops mid-way is its business, not a difference.
                drop(hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await);
            });
        }
    });
    Ok(port)
}

/// The index of the next request of a server that answers the k-th one as crosstalk's
/// k-th (0-based), counting it.
pub(crate) fn next_index(seen: &std::sync::Mutex<usize>) -> usize {
    match seen.lock() {
        Ok(mut seen) => {
            *seen += 1;
            *seen - 1
        }
        Err(_) => 0,
    }
}
