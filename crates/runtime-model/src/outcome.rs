//! What each request ended with: the per-request part of a run's result.

use serde::{Deserialize, Serialize};

use crate::trace::{Owner, Trace};

/// How a request ended (INTERFACES.md `outcome`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    /// The worker answered with a `Response`.
    Response,
    /// No `respondWith`: the request went to the origin (R5).
    PassThrough,
    /// The request failed with a 500 (uncaught error, hang, CPU limit, bad response).
    Error,
    /// The request was cancelled.
    Cancelled,
    /// The request still waited when the simulation had no work left (R13).
    NoResponse,
    /// A `scheduled` or `queue` event whose handler finished (it has no response).
    Completed,
}

/// The outcome of one request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestOutcome {
    /// `rN`: numbered from 1 in arrival order.
    pub id: Owner,
    /// The URL of its [`crate::RequestSpec`] (for other events, what stands in for one).
    pub url: String,
    /// The HTTP method, or the event's marker (`scheduled`, `queue`, `RPC`, `ALARM`).
    pub method: String,
    /// The isolate it ran in (0-based).
    pub isolate: u32,
    /// Index of the request in the model (before arrival-order renumbering).
    pub index: usize,
    /// Virtual time of its dispatch.
    pub arrived_ms: u64,
    /// Virtual time of its true ResponseTime (R6); `None` when no answer was ever decided
    /// (`no-response`, or cancelled before one).
    pub responded_ms: Option<u64>,
    /// How it ended; says which of the fields below are set.
    pub outcome: OutcomeKind,
    /// The status sent (500 for a failed HTTP request); `None` when nothing was sent.
    pub status: Option<u16>,
    /// The response headers, sorted; empty when nothing was sent.
    pub headers: Vec<(String, String)>,
    /// The response body as text, or for a `queue` event its messages' fates as JSON;
    /// `None` when there is none.
    pub body: Option<String>,
    /// Why it failed or was cancelled, or why a pass-through reached no origin.
    pub error: Option<String>,
    /// For a request made by a service binding: which request called, through which
    /// binding. `None` for the scenario's own requests and events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub called_by: Option<CalledBy>,
    /// For a request answered with a WebSocket (101): what its client received (R21).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websocket: Option<WebSocketOutcome>,
}

/// What a request's WebSocket client received from the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebSocketOutcome {
    /// The messages, in order: text as itself, bytes as `<binary: hex>`.
    pub received: Vec<String>,
    /// The close the worker sent, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<WebSocketClose>,
    /// The client went away without a Close frame (`close = "drop"`); absent when it did
    /// not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dropped: bool,
}

/// A close frame: its code (1005 when none was given) and reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebSocketClose {
    /// The close code.
    pub code: u16,
    /// The close reason.
    pub reason: String,
}

/// Who made a request that is not one of the scenario's (`RequestOutcome::called_by`):
/// the caller of a service-binding or Durable Object call, or `startup` for an alarm
/// (its binding then reads `<binding> alarm`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalledBy {
    /// The calling request; `startup` for a Durable Object alarm, which the runtime calls.
    pub request: Owner,
    /// The binding it went through (`<binding> alarm` for an alarm).
    pub binding: String,
}

/// The result of one simulation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// Every request's outcome in id order, service-binding calls and alarms included.
    pub requests: Vec<RequestOutcome>,
    /// Every event of the run, in order.
    pub trace: Trace,
    /// Virtual time when the simulation ran out of work.
    pub end_ms: u64,
    /// R3: who read the clock or drew random values, first API of each (by owner).
    #[serde(default)]
    pub inputs: Vec<crate::inputs::InputRead>,
}

impl Run {
    /// The scenario's own requests and events: every outcome but those of requests a
    /// service binding made. The oracles that compare a request with itself in other runs
    /// (serializability, isolation) look at these only.
    pub fn incoming(&self) -> impl Iterator<Item = &RequestOutcome> {
        self.requests.iter().filter(|r| r.called_by.is_none())
    }

    /// The outcome of request `rN`.
    pub fn request(&self, id: u32) -> Option<&RequestOutcome> {
        self.requests.iter().find(|r| r.id == Owner::Request(id))
    }

    /// Console lines of one owner, in order.
    pub fn console(&self, owner: Owner) -> Vec<String> {
        self.trace
            .iter()
            .filter(|e| e.owner == owner)
            .filter_map(|e| match &e.kind {
                crate::trace::EventKind::Console { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    /// Every console line, in order.
    pub fn all_console(&self) -> Vec<String> {
        self.trace
            .iter()
            .filter_map(|e| match &e.kind {
                crate::trace::EventKind::Console { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }
}
