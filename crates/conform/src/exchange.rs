//! The workerd side of one check, in real time: start the origin server and workerd, send
//! the requests at their arrival times, collect the answers and the tail events, stop
//! workerd. Real time enters conform here only (tokio's timers), and it only decides when
//! requests are sent and when origins answer: what they are comes from the schedule.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::client::{Sent, Turn, send, sending_order};
use crate::config::{ConfigSpec, write};
use crate::d1::D1Server;
use crate::error::ConformError;
use crate::kv::KvServer;
use crate::origin::OriginServer;
use crate::plan::Plan;
use crate::tail::{Line, Printed, TailEvent};
use crate::workerd::{StartError, Workerd};

/// Delay between workerd being ready and virtual time 0, so every request task is
/// sleeping on its arrival time before the first one is due.
const START_DELAY_MS: u64 = 50;

/// Attempts at starting workerd (a free port can be taken between choosing and binding it).
const START_ATTEMPTS: usize = 3;

/// What workerd did with each request: the answer and the tail event, by request id.
#[derive(Debug, Default)]
pub(crate) struct Exchanged {
    pub sent: BTreeMap<String, Sent>,
    pub tails: BTreeMap<String, TailEvent>,
    /// The console lines workerd printed, in order (given to requests by
    /// [`crate::tail::attribute`] once every tail event is in).
    pub printed: Vec<Printed>,
    /// What reached the origins, for notes.
    pub origin_log: Vec<String>,
}

/// The inputs of the workerd side.
pub(crate) struct Setup<'a> {
    pub binary: &'a Path,
    pub plan: &'a Plan,
    pub spec: ConfigSpec<'a>,
    /// Requests unanswered this long after the run's expected end are no-responses.
    pub bound_ms: u64,
}

/// Runs the exchange on a fresh single-threaded runtime; stops on SIGINT/SIGTERM.
pub(crate) fn exchange(setup: Setup<'_>) -> Result<Exchanged, ConformError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ConformError::internal(format!("cannot start the async runtime: {e}")))?;
    // Dropping the runtime afterwards drops every task; workerd is already killed and
    // reaped on every path of `run`.
    runtime.block_on(run(setup))
}

async fn run(setup: Setup<'_>) -> Result<Exchanged, ConformError> {
    let origins = OriginServer::start(setup.plan.origins.clone())
        .await
        .map_err(|e| ConformError::internal(format!("cannot start the loopback origin server: {e}")))?;
    let mut kv = Vec::new();
    for namespace in &setup.plan.kv {
        let server = KvServer::start(namespace.clone())
            .await
            .map_err(|e| ConformError::internal(format!("cannot start the loopback KV server: {e}")))?;
        kv.push((server.binding, server.port));
    }
    let mut d1 = Vec::new();
    for database in &setup.plan.d1 {
        let server = D1Server::start(database.clone())
            .await
            .map_err(|e| ConformError::internal(format!("cannot start the loopback D1 server: {e}")))?;
        d1.push((server.binding, server.port));
    }
    let folder = tempfile::Builder::new()
        .prefix("crosstalk-conform-")
        .tempdir()
        .map_err(|e| ConformError::internal(format!("cannot create a temporary folder: {e}")))?;
    let mut workerd = tokio::select! {
        started = start(&setup, folder.path(), origins.port, &kv, &d1) => started?,
        // A workerd being started is killed by `kill_on_drop`.
        () = interrupted() => return Err(ConformError::Interrupted),
    };
    let result = tokio::select! {
        exchanged = drive(&mut workerd, &setup) => Ok(exchanged),
        () = interrupted() => Err(ConformError::Interrupted),
    };
    let exited = workerd.exited();
    workerd.stop().await;
    let mut exchanged = result?;
    if let Some(status) = exited {
        return Err(ConformError::workerd(format!(
            "workerd exited during the run ({status}); its stderr:\n{}",
            indent(&workerd.stderr())
        )));
    }
    exchanged.origin_log = origins.log();
    Ok(exchanged)
}

async fn start(
    setup: &Setup<'_>,
    folder: &Path,
    origin_port: u16,
    kv: &[(String, u16)],
    d1: &[(String, u16)],
) -> Result<Workerd, ConformError> {
    let mut last = String::new();
    for _ in 0..START_ATTEMPTS {
        let port = free_port().map_err(|e| ConformError::internal(format!("cannot pick a free port: {e}")))?;
        let spec =
            ConfigSpec { worker_port: port, origin_port, kv: kv.to_vec(), d1: d1.to_vec(), ..setup.spec.clone() };
        let config = write(folder, &spec)
            .map_err(|e| ConformError::internal(format!("cannot write the workerd config: {e}")))?;
        match Workerd::start(setup.binary, &config, port).await {
            Ok(workerd) => return Ok(workerd),
            Err(StartError::Spawn(message)) => {
                return Err(ConformError::workerd(format!(
                    "{message}\n  hint: is it a workerd binary for this machine? `npm install` at the repo root \
                     installs the pinned one"
                )));
            }
            Err(StartError::NotReady { why, stderr }) => {
                last = format!("{why}; its stderr:\n{}", indent(&stderr));
                if !stderr.contains("Address already in use") {
                    break;
                }
            }
        }
    }
    Err(ConformError::workerd(format!("workerd could not serve the scenario: {last}")))
}

/// Sends every request, then waits for the tail events of the answered ones.
async fn drive(workerd: &mut Workerd, setup: &Setup<'_>) -> Exchanged {
    let start = Instant::now() + Duration::from_millis(START_DELAY_MS);
    let deadline = start + Duration::from_millis(setup.bound_ms);
    let mut exchanged = Exchanged::default();
    let mut clients = JoinSet::new();
    let mut after = None;
    for index in sending_order(&setup.plan.requests) {
        let (port, request) = (workerd.port, setup.plan.requests[index].clone());
        let (written, next) = oneshot::channel();
        let turn = Turn { after: after.replace(next), written };
        clients.spawn(async move {
            let id = request.id.clone();
            (id, send(port, request, start, deadline, turn).await)
        });
    }
    let mut stdout_open = true;
    while !clients.is_empty() {
        tokio::select! {
            joined = clients.join_next() => {
                if let Some(Ok((id, sent))) = joined {
                    exchanged.sent.insert(id, sent);
                }
            }
            tail = workerd.tails.recv(), if stdout_open => match tail {
                Some(event) => keep(&mut exchanged, event),
                None => stdout_open = false,
            },
        }
    }
    // A tail event comes when a request has finished, `waitUntil` work included.
    let answered: Vec<String> =
        exchanged.sent.iter().filter(|(_, s)| matches!(s, Sent::Answered(_))).map(|(id, _)| id.clone()).collect();
    while stdout_open && !answered.iter().all(|id| exchanged.tails.contains_key(id)) {
        tokio::select! {
            tail = workerd.tails.recv() => match tail {
                Some(event) => keep(&mut exchanged, event),
                None => stdout_open = false,
            },
            () = tokio::time::sleep_until(deadline) => break,
        }
    }
    while let Ok(event) = workerd.tails.try_recv() {
        keep(&mut exchanged, event);
    }
    crate::tail::attribute(&exchanged.printed, &mut exchanged.tails);
    exchanged
}

fn keep(exchanged: &mut Exchanged, line: Line) {
    match line {
        Line::Tail(event) => {
            if let Some(id) = event.request.clone() {
                exchanged.tails.entry(id).or_insert(event);
            }
        }
        Line::Printed(printed) => exchanged.printed.push(printed),
    }
}

/// A loopback port nobody listens on right now.
fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    Ok(listener.local_addr()?.port())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn interrupted() {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let term = async {
        match terminate.as_mut() {
            Some(signal) => {
                signal.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = term => {}
    }
}

fn indent(text: &str) -> String {
    let text = text.trim_end();
    if text.is_empty() {
        return "    (nothing)".to_string();
    }
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}
