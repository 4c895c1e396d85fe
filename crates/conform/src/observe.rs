//! What one request ended with, on either side, in one shape: [`Observed`].
//!
//! crosstalk's side is its [`RequestOutcome`] and the console lines of its trace. workerd's
//! side is put together from the HTTP answer and the tail event of the request:
//! - no answer within the bound: `no-response`;
//! - tail outcome `ok` with a response: `response`; `ok` without one: `pass-through` (the
//!   worker did not call `respondWith`, workerd fetched the origin itself);
//! - any other tail outcome (`exception`, `exceededCpu`, `canceled`…): `error`, its text the
//!   last exception as `Name: message`; the 500 body workerd writes itself is not the
//!   worker's and is dropped, as crosstalk has none.
//!
//! Error texts are normalised the way crosstalk's `error` field reads: workerd appends
//! " Refer to: https://…" to the runtime's own messages, and its hang text (R7, R13) is a
//! runtime message without an exception name. Console lines carry their level (`[warn] …`
//! unless it is `log`) and drop stack frames (indented `at …` lines) on both sides: V8's
//! and boa's frames differ in form, and workerd appends them to its own warnings (W1 of
//! R13).

use crosstalk_runtime::{OutcomeKind, RequestOutcome, Run};
use serde::Serialize;

use crate::tail::TailEvent;

/// The comparable result of one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Observed {
    /// `response`, `pass-through`, `error`, `cancelled` or `no-response`.
    pub outcome: String,
    /// The HTTP status; `None` when no answer came.
    pub status: Option<u16>,
    /// The response's headers, lowercase names in order, without what the transport adds
    /// (`TRANSPORT_HEADERS`); `None` when there was no response.
    pub headers: Option<Vec<(String, String)>>,
    /// The response body as text (a response without one reads as empty); `None` when
    /// there was no response.
    pub body: Option<String>,
    /// The error text the request ended with (`Name: message` for an exception), without
    /// workerd's " Refer to: …" suffix; `None` when there is none.
    pub error: Option<String>,
    /// Uncaught exceptions the request reported (its handler's, its timers', its
    /// `waitUntil` promises'), as `Name: message`, in order, also on a request that
    /// answered; `None` when workerd's were not observed (no tail event).
    pub exceptions: Option<Vec<String>>,
    /// Console lines in order; `None` when they could not be observed (workerd reports a
    /// request's logs only once it finishes, so a request that never finished has none).
    pub console: Option<Vec<String>>,
    /// For a request answered with a WebSocket: the messages its client received, then
    /// `close <code> <reason>` if the worker closed it; `None` for any other request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub websocket: Option<Vec<String>>,
}

/// A WebSocket conversation as both sides are compared: the messages, then the close.
fn conversation(received: &[String], close: Option<(u16, &str)>) -> Vec<String> {
    let mut lines = received.to_vec();
    if let Some((code, reason)) = close {
        lines.push(format!("close {code} {reason:?}"));
    }
    lines
}

/// The HTTP answer workerd gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WireAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// After a 101: what the WebSocket client received.
    pub websocket: Option<WireSocket>,
}

/// What a WebSocket client received: the messages (bytes as `<binary: hex>`, as crosstalk
/// shows them) and the worker's close (code, reason), if it came.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct WireSocket {
    pub received: Vec<String>,
    pub close: Option<(u16, String)>,
}

/// Headers the HTTP transport (workerd's server, conform's origin server) writes, not the
/// worker: they are not compared.
pub(crate) const TRANSPORT_HEADERS: [&str; 7] =
    ["connection", "content-length", "date", "keep-alive", "transfer-encoding", "upgrade", "sec-websocket-accept"];

/// `headers` as compared: lowercase names, transport headers dropped, sorted by name (the
/// order of one name's values kept).
fn comparable_headers<'a>(headers: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    let mut kept: Vec<(String, String)> = headers
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .filter(|(n, _)| !TRANSPORT_HEADERS.contains(&n.as_str()))
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    kept
}

/// crosstalk's side of request `outcome` of `run`.
pub(crate) fn crosstalk(run: &Run, outcome: &RequestOutcome) -> Observed {
    Observed {
        outcome: outcome_name(outcome.outcome),
        status: outcome.status,
        headers: matches!(outcome.outcome, OutcomeKind::Response | OutcomeKind::PassThrough)
            .then(|| comparable_headers(outcome.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))),
        // A response without a body (`new Response(null)`, a 304) reaches the client as an
        // empty one: the wire cannot tell them apart.
        body: match outcome.outcome {
            OutcomeKind::Error => None,
            OutcomeKind::Response => Some(outcome.body.clone().unwrap_or_default()),
            _ => outcome.body.clone(),
        },
        error: outcome.error.as_deref().map(normalize_error),
        exceptions: Some(exceptions(run, outcome)),
        console: Some(
            (run.trace.iter().filter(|e| e.owner == outcome.id))
                .filter_map(|e| match &e.kind {
                    crosstalk_runtime::EventKind::Console { level, text } => Some(console_line(level, text)),
                    _ => None,
                })
                .collect(),
        ),
        websocket: outcome
            .websocket
            .as_ref()
            .map(|ws| conversation(&ws.received, ws.close.as_ref().map(|c| (c.code, c.reason.as_str())))),
    }
}

/// crosstalk's uncaught exceptions of `outcome` (a handler, a timer or a `waitUntil`
/// promise that threw or rejected), and the error that ended it when the runtime raised
/// it (a hang, a CPU stop): workerd reports those as exceptions of the request too. An
/// unhandled rejection is crosstalk's finding, not a runtime event: workerd hands it only
/// to `unhandledrejection` listeners (`ServiceWorkerGlobalScope::emitPromiseRejection`),
/// never to the tail, so it is not among them.
fn exceptions(run: &Run, outcome: &RequestOutcome) -> Vec<String> {
    let mut found: Vec<String> = (run.trace.iter().filter(|e| e.owner == outcome.id))
        .filter_map(|e| match &e.kind {
            crosstalk_runtime::EventKind::UncaughtError { message, .. } => Some(normalize_error(message)),
            _ => None,
        })
        .collect();
    if outcome.outcome == OutcomeKind::Error
        && let Some(error) = outcome.error.as_deref().map(normalize_error)
        && found.last() != Some(&error)
    {
        found.push(error);
    }
    found
}

/// workerd's side: the answer (if any came) and the tail event (if any came).
pub(crate) fn workerd(answer: Option<&WireAnswer>, tail: Option<&TailEvent>) -> Observed {
    let console = tail.map(|t| t.logs.iter().map(|log| console_line(&log.level, &log.text)).collect());
    let exceptions = tail.map(|t| t.exceptions.iter().map(|e| runtime_error(&e.name, &e.message)).collect());
    let Some(answer) = answer else {
        return Observed {
            outcome: outcome_name(OutcomeKind::NoResponse),
            status: None,
            headers: None,
            body: None,
            error: None,
            exceptions,
            console,
            websocket: None,
        };
    };
    let failed = match tail {
        // A WebSocket whose client went away without a Close frame: the worker answered
        // (101); the tail event reports the disconnection, not a failure of the worker.
        Some(tail) if answer.websocket.is_some() => {
            !matches!(tail.outcome.as_deref(), Some("ok" | "responseStreamDisconnected"))
        }
        Some(tail) => tail.outcome.as_deref() != Some("ok"),
        // No tail event: only the status is left to tell a runtime failure.
        None => answer.status == 500 && answer.body == "Internal Server Error",
    };
    if failed {
        let error = tail
            .and_then(|t| t.exceptions.last())
            .map(|e| runtime_error(&e.name, &e.message))
            .or_else(|| tail.and_then(|t| t.outcome.clone()).map(|o| format!("workerd outcome '{o}'")));
        return Observed {
            outcome: outcome_name(OutcomeKind::Error),
            status: Some(answer.status),
            headers: None,
            body: None,
            error,
            exceptions,
            console,
            websocket: None,
        };
    }
    // workerd's tail event of a WebSocket upgrade has no `response`: a 101 is the worker's.
    let passed = tail.is_some_and(|t| !t.responded) && answer.websocket.is_none();
    Observed {
        outcome: outcome_name(if passed { OutcomeKind::PassThrough } else { OutcomeKind::Response }),
        status: Some(answer.status),
        headers: Some(comparable_headers(answer.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))),
        body: Some(answer.body.clone()),
        error: None,
        exceptions,
        console,
        websocket: answer
            .websocket
            .as_ref()
            .map(|ws| conversation(&ws.received, ws.close.as_ref().map(|(c, r)| (*c, r.as_str())))),
    }
}

/// An exception as crosstalk's `error` field writes it.
pub(crate) fn runtime_error(name: &str, message: &str) -> String {
    let message = normalize_error(message);
    // The runtime's own texts (the R7/R13 hang) carry no exception name in crosstalk.
    if message.starts_with("The Workers runtime ") || name.is_empty() { message } else { format!("{name}: {message}") }
}

/// Drops workerd's " Refer to: https://…" suffix and surrounding whitespace.
pub(crate) fn normalize_error(text: &str) -> String {
    let text = text.trim();
    match text.find(" Refer to: http") {
        Some(at) => text[..at].trim_end().to_string(),
        None => text.to_string(),
    }
}

/// A console line as both sides are compared: its text, after `[level] ` unless the
/// level is `log`.
fn console_line(level: &str, text: &str) -> String {
    let text = normalize_console(text);
    if level == "log" { text } else { format!("[{level}] {text}") }
}

/// A console line without its stack frames (lines `    at …`), and without the
/// `Warning: ` workerd's console puts before its own W1 text (SEMANTICS R13 gives the
/// text without it, as crosstalk's trace records it).
pub(crate) fn normalize_console(line: &str) -> String {
    let line = if line.contains('\n') {
        let kept: Vec<&str> = line
            .lines()
            .filter(|l| !(l.starts_with(char::is_whitespace) && l.trim_start().starts_with("at ")))
            .collect();
        kept.join("\n")
    } else {
        line.to_string()
    };
    match line.strip_prefix("Warning: ") {
        Some(rest) if rest == crosstalk_runtime::W1 => rest.to_string(),
        _ => line,
    }
}

fn outcome_name(kind: OutcomeKind) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tail::TailException;

    fn tail(outcome: &str, responded: bool, exceptions: &[(&str, &str)]) -> TailEvent {
        TailEvent {
            request: Some("r1".into()),
            url: None,
            outcome: Some(outcome.into()),
            responded,
            logs: vec![crate::tail::TailLog { level: "log".into(), timestamp: 0.0, text: "hello".into() }],
            exceptions: exceptions
                .iter()
                .map(|(n, m)| TailException { name: n.to_string(), message: m.to_string() })
                .collect(),
        }
    }

    fn answer(status: u16, body: &str) -> WireAnswer {
        WireAnswer { status, headers: Vec::new(), body: body.into(), websocket: None }
    }

    #[test]
    fn a_response_without_a_body_is_seen_as_the_empty_body_the_wire_carries() {
        use crosstalk_runtime::{Owner, RequestOutcome, Run};
        let outcome = RequestOutcome {
            id: Owner::Request(1),
            url: "https://worker.example/".into(),
            method: "GET".into(),
            isolate: 0,
            index: 0,
            arrived_ms: 0,
            responded_ms: Some(0),
            outcome: OutcomeKind::Response,
            status: Some(304),
            headers: Vec::new(),
            body: None,
            error: None,
            called_by: None,
            websocket: None,
        };
        let run = Run { requests: vec![outcome.clone()], trace: Vec::new(), end_ms: 0, inputs: Vec::new() };
        assert_eq!(crosstalk(&run, &outcome).body.as_deref(), Some(""));
        assert_eq!(workerd(Some(&answer(304, "")), Some(&tail("ok", true, &[]))).body.as_deref(), Some(""));
    }

    #[test]
    fn transport_headers_are_not_compared_and_names_are_lowercase_and_sorted() {
        let wire = WireAnswer {
            status: 200,
            headers: vec![
                ("X-B".into(), "2".into()),
                ("date".into(), "Fri, 04 Dec 2026 10:00:00 GMT".into()),
                ("content-length".into(), "2".into()),
                ("content-type".into(), "text/plain".into()),
            ],
            body: "ok".into(),
            websocket: None,
        };
        let observed = workerd(Some(&wire), Some(&tail("ok", true, &[])));
        assert_eq!(
            observed.headers,
            Some(vec![("content-type".to_string(), "text/plain".to_string()), ("x-b".to_string(), "2".to_string())])
        );
        assert_eq!(observed.exceptions, Some(vec![]));
    }

    #[test]
    fn console_lines_carry_their_level_unless_it_is_log() {
        let mut event = tail("ok", true, &[]);
        event.logs.push(crate::tail::TailLog { level: "warn".into(), timestamp: 0.0, text: "careful".into() });
        let observed = workerd(Some(&answer(200, "ok")), Some(&event));
        assert_eq!(observed.console, Some(vec!["hello".to_string(), "[warn] careful".to_string()]));
    }

    #[test]
    fn a_response_and_a_pass_through() {
        let ok = workerd(Some(&answer(200, "ok")), Some(&tail("ok", true, &[])));
        assert_eq!(ok.outcome, "response");
        assert_eq!(ok.body.as_deref(), Some("ok"));
        assert_eq!(ok.console, Some(vec!["hello".to_string()]));
        let passed = workerd(Some(&answer(200, "from the origin")), Some(&tail("ok", false, &[])));
        assert_eq!(passed.outcome, "pass-through");
    }

    #[test]
    fn an_exception_is_an_error_with_its_text_and_no_body() {
        let failed = workerd(
            Some(&answer(500, "Internal Server Error")),
            Some(&tail("exception", false, &[("TypeError", "Incorrect type for Promise")])),
        );
        assert_eq!(failed.outcome, "error");
        assert_eq!(failed.status, Some(500));
        assert_eq!(failed.body, None);
        assert_eq!(failed.error.as_deref(), Some("TypeError: Incorrect type for Promise"));
    }

    #[test]
    fn the_hang_text_reads_as_crosstalk_writes_it() {
        let hang = "The Workers runtime canceled this request because it detected that your Worker's code had hung \
                    and would never generate a response. Refer to: https://developers.cloudflare.com/workers/observability/errors/";
        let failed =
            workerd(Some(&answer(500, "Internal Server Error")), Some(&tail("exception", false, &[("Error", hang)])));
        assert_eq!(
            failed.error.as_deref(),
            Some(
                "The Workers runtime canceled this request because it detected that your Worker's code had hung and \
                 would never generate a response."
            )
        );
    }

    #[test]
    fn console_lines_lose_their_stack_frames() {
        assert_eq!(
            normalize_console("Warning: W1 text\n    at <anonymous>\n    at release (main:26:5)\n    at main:10:23"),
            "Warning: W1 text"
        );
        assert_eq!(
            normalize_console(&format!("Warning: {}\n    at main:10:23", crosstalk_runtime::W1)),
            crosstalk_runtime::W1
        );
        assert_eq!(normalize_console("two\nlines at noon"), "two\nlines at noon");
        assert_eq!(normalize_console("{\n  at: 1\n}"), "{\n  at: 1\n}");
    }

    #[test]
    fn no_answer_is_no_response_and_a_missing_tail_leaves_the_console_unknown() {
        let none = workerd(None, None);
        assert_eq!(none.outcome, "no-response");
        assert_eq!((none.status, none.console), (None, None));
        let untailed = workerd(Some(&answer(200, "ok")), None);
        assert_eq!((untailed.outcome.as_str(), untailed.console), ("response", None));
        let untailed_failure = workerd(Some(&answer(500, "Internal Server Error")), None);
        assert_eq!(untailed_failure.outcome, "error");
    }
}
