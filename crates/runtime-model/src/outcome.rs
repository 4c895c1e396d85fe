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
    pub id: Owner,
    pub url: String,
    pub method: String,
    pub isolate: u32,
    /// Index of the request in the model (before arrival-order renumbering).
    pub index: usize,
    pub arrived_ms: u64,
    pub responded_ms: Option<u64>,
    pub outcome: OutcomeKind,
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub error: Option<String>,
    /// For a request made by a service binding: which request called, through which
    /// binding. `None` for the scenario's own requests and events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub called_by: Option<CalledBy>,
}

/// Who made a service-binding request (`RequestOutcome::called_by`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalledBy {
    pub request: Owner,
    pub binding: String,
}

/// The result of one simulation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub requests: Vec<RequestOutcome>,
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
