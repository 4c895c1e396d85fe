//! The report of one schedule: the JSON report of INTERFACES.md and its text form.
//!
//! Owns the key order of the JSON report (struct field order, serialised by serde), so
//! nothing else may add or reorder keys.

use crosstalk_checker::report::{JsonViolation, json_violations};
use crosstalk_runtime::{Event, OutcomeKind, RequestOutcome};
use crosstalk_scenario::Schedule;
use serde::Serialize;

use crate::render::timeline;
use crate::session::{Checked, Session};

/// The `--format json` report, keys in the order INTERFACES.md gives.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// The scenario's name.
    pub scenario: &'a str,
    /// The seed that drew the schedule; `None` (null) when the schedule was given (a
    /// `--schedule` file, a corpus entry, a shrunk failure).
    pub seed: Option<u64>,
    /// The schedule that ran, replayable with `--schedule`.
    pub schedule: &'a Schedule,
    /// Every request of the run, those a service binding made included.
    pub requests: Vec<JsonRequest>,
    /// The checker's violations, in its order.
    pub violations: Vec<JsonViolation>,
    /// The run's trace events, in the order they were recorded.
    pub trace: &'a [Event],
    /// `matches-expect` (exit 0) or `differs-from-expect` (exit 1).
    pub verdict: &'static str,
    /// Where virtual time began (RFC 3339, UTC): an extension after INTERFACES.md's keys.
    pub start_time: String,
}

/// One request of the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonRequest {
    /// `rN`: 1-based, in arrival order.
    pub id: String,
    /// The URL the request was sent to.
    pub url: String,
    /// The isolate that ran it (0-based).
    pub isolate: u32,
    /// When it arrived, in virtual ms since the run began.
    pub arrived_ms: u64,
    /// When its answer was decided, in virtual ms; `None` when it never was.
    pub responded_ms: Option<u64>,
    /// How it ended: `response`, `pass-through`, `error`, `cancelled`, `no-response` or
    /// `completed`.
    pub outcome: OutcomeKind,
    /// The answer's HTTP status (500 for a failed fetch); `None` without one (an event, a
    /// cancellation, no response).
    pub status: Option<u16>,
    /// The response body as text; `None` without one.
    pub body: Option<String>,
    /// Why it failed, was cancelled or passed through to no origin; `None` otherwise.
    pub error: Option<String>,
    /// For a request a service binding made: the calling request and the binding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub called_by: Option<crosstalk_runtime::CalledBy>,
    /// For a request answered with a WebSocket: what its client received (an extension
    /// after INTERFACES.md's keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub websocket: Option<crosstalk_runtime::WebSocketOutcome>,
}

impl JsonRequest {
    fn of(request: &RequestOutcome) -> Self {
        Self {
            id: request.id.to_string(),
            url: request.url.clone(),
            isolate: request.isolate,
            arrived_ms: request.arrived_ms,
            responded_ms: request.responded_ms,
            outcome: request.outcome,
            status: request.status,
            body: request.body.clone(),
            error: request.error.clone(),
            called_by: request.called_by.clone(),
            websocket: request.websocket.clone(),
        }
    }
}

/// The JSON report of a checked schedule. `verdict` may differ from the schedule's own
/// (`crosstalk check` reports the verdict over every schedule it explored).
pub fn json(session: &Session, checked: &Checked, matches: bool) -> String {
    let report = JsonReport {
        scenario: session.name(),
        seed: checked.seed,
        schedule: &checked.schedule,
        requests: checked.run.requests.iter().map(JsonRequest::of).collect(),
        violations: json_violations(&checked.findings.violations),
        trace: &checked.run.trace,
        verdict: if matches { "matches-expect" } else { "differs-from-expect" },
        start_time: crosstalk_scenario::format_start_time(session.scenario.runtime.start_time_ms),
    };
    serde_json::to_string(&report).unwrap_or_default()
}

/// The text report: header, per-request outcomes, the timeline, the findings with code
/// frames, the verdict.
pub fn text(session: &Session, checked: &Checked, width: Option<usize>) -> String {
    let mut out = String::new();
    let origin = match checked.seed {
        Some(seed) => format!("seed {seed}"),
        None => "explicit schedule".to_string(),
    };
    out.push_str(&format!(
        "scenario {} · {origin} · profile {} · {} requests · starts {}\n\n",
        session.name(),
        session.profile_name().as_str(),
        checked.run.requests.len(),
        crosstalk_scenario::format_start_time(session.scenario.runtime.start_time_ms)
    ));
    out.push_str("requests:\n");
    for request in &checked.run.requests {
        out.push_str(&format!("  {}\n", request_line(request)));
    }
    out.push_str("\ntrace:\n");
    for line in timeline::render(&checked.run.trace, width.map(|w| w.saturating_sub(2))).lines() {
        out.push_str(&format!("  {line}\n"));
    }
    out.push('\n');
    let sources = |file: &str| session.source(file);
    out.push_str(&crosstalk_checker::report::text(&checked.findings, Some(&checked.verdict), &sources));
    out
}

/// `r2  GET https://…  isolate 0  3ms → error 500 at 20003ms: The script will never…`
pub fn request_line(request: &RequestOutcome) -> String {
    let answer = match request.outcome {
        OutcomeKind::Response => format!("response {}", request.status.unwrap_or(200)),
        OutcomeKind::PassThrough => "pass-through".to_string(),
        OutcomeKind::Error => match request.status {
            Some(status) => format!("error {status}"),
            // A `scheduled` or `queue` event has no response status.
            None => "error".to_string(),
        },
        OutcomeKind::Cancelled => "cancelled".to_string(),
        OutcomeKind::NoResponse => "no response".to_string(),
        OutcomeKind::Completed => "completed".to_string(),
    };
    let when = request.responded_ms.map(|ms| format!(" at {ms}ms")).unwrap_or_default();
    let detail = match (&request.error, &request.body) {
        (Some(error), _) => format!(": {error}"),
        (None, Some(body)) if !body.is_empty() => format!(": {}", quote(body)),
        _ => String::new(),
    };
    let caller =
        request.called_by.as_ref().map(|c| format!(" (from {} via {})", c.request, c.binding)).unwrap_or_default();
    let socket = match &request.websocket {
        Some(ws) => {
            let received: Vec<String> = ws.received.iter().map(|m| quote(m)).collect();
            let close = ws.close.as_ref().map_or_else(
                || if ws.dropped { ", then left without a Close frame" } else { ", still open" }.to_string(),
                |c| {
                    format!(
                        ", closed {}{}",
                        c.code,
                        if c.reason.is_empty() { String::new() } else { format!(" {}", quote(&c.reason)) }
                    )
                },
            );
            format!("; WebSocket received [{}]{close}", received.join(", "))
        }
        None => String::new(),
    };
    format!(
        "{:<4} {} {}{caller}  isolate {}  arrived {}ms → {answer}{when}{detail}{socket}",
        request.id.to_string(),
        request.method,
        request.url,
        request.isolate,
        request.arrived_ms
    )
}

fn quote(body: &str) -> String {
    const BODY_CHARS_MAX: usize = 60;
    let single = body.replace('\n', "⏎");
    if single.chars().count() > BODY_CHARS_MAX {
        format!("{:?}…", single.chars().take(BODY_CHARS_MAX).collect::<String>())
    } else {
        format!("{single:?}")
    }
}
