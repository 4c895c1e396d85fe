//! A Mermaid sequence diagram of a trace (`crosstalk trace --format mermaid`).
//!
//! Owns the choice of what a diagram shows: requests as participants, their arrival and
//! answer as arrows to and from the client, subrequests as arrows to the origin, cross-
//! request resolutions as arrows between requests, and console lines, drops and hangs as
//! notes. Timer bookkeeping and dispatch details stay in the text and Perfetto formats.

use std::collections::BTreeSet;
use std::fmt::Write;

use crosstalk_runtime::{Event, EventKind, OutcomeKind, Owner};

/// Renders `trace` as a `sequenceDiagram` block (without Markdown fences).
///
/// ```
/// use crosstalk_runtime::{Event, EventKind, Owner};
/// let trace = vec![Event { t_ms: 0, owner: Owner::Request(1), kind: EventKind::Dispatch }];
/// let diagram = crosstalk::render::mermaid::render(&trace, "demo");
/// assert!(diagram.starts_with("sequenceDiagram\n"));
/// ```
pub fn render(trace: &[Event], title: &str) -> String {
    // Failed requests record a 500 `response` too: the end event only draws an arrow
    // for requests that never recorded one.
    let answered: BTreeSet<Owner> =
        trace.iter().filter(|e| matches!(e.kind, EventKind::Response { .. })).map(|e| e.owner).collect();
    let lines: Vec<(Option<Owner>, String)> = trace.iter().filter_map(|e| line(e, &answered)).collect();
    let mut out = String::from("sequenceDiagram\n");
    let _ = writeln!(out, "    title {}", clean(title));
    out.push_str("    participant client\n");
    let mut owners: Vec<Owner> = trace.iter().map(|e| e.owner).collect();
    owners.sort();
    owners.dedup();
    for owner in owners {
        // Startup appears only when it has something to say.
        if owner == Owner::Startup && !lines.iter().any(|(o, _)| *o == Some(Owner::Startup)) {
            continue;
        }
        let _ = writeln!(out, "    participant {owner}");
    }
    if trace.iter().any(|e| matches!(e.kind, EventKind::Fetch { .. } | EventKind::PassThrough { .. })) {
        out.push_str("    participant origin\n");
    }
    for (_, text) in lines {
        let _ = writeln!(out, "    {text}");
    }
    out
}

/// One diagram line for an event, and the owner the line talks about (for `Note`s).
fn line(event: &Event, answered: &BTreeSet<Owner>) -> Option<(Option<Owner>, String)> {
    let owner = event.owner;
    let t = event.t_ms;
    let note = |text: String| Some((Some(owner), format!("Note over {owner}: {t}ms {}", clean(&text))));
    let arrow = |text: String| Some((None, clean_arrow(&text)));
    match &event.kind {
        EventKind::Arrival { method, url, isolate } => {
            arrow(format!("client->>{owner}: {t}ms {method} {url} (isolate {isolate})"))
        }
        EventKind::Response { status } if *status >= 500 => arrow(format!("{owner}--xclient: {t}ms {status}")),
        EventKind::Response { status } => arrow(format!("{owner}-->>client: {t}ms {status}")),
        EventKind::RequestEnd { outcome: OutcomeKind::Error } if !answered.contains(&owner) => {
            arrow(format!("{owner}--xclient: {t}ms 500 error"))
        }
        EventKind::RequestEnd { outcome: OutcomeKind::Cancelled } => {
            arrow(format!("{owner}--xclient: {t}ms cancelled"))
        }
        EventKind::RequestEnd { outcome: OutcomeKind::NoResponse } => note("no response".to_string()),
        EventKind::PassThrough { reason } => arrow(format!("{owner}->>origin: {t}ms pass-through ({reason})")),
        EventKind::Fetch { n, method, url, .. } => arrow(format!("{owner}->>origin: {t}ms fetch {n}: {method} {url}")),
        EventKind::SubrequestHeaders { n, status } => arrow(format!("origin-->>{owner}: {t}ms fetch {n}: {status}")),
        EventKind::SubrequestCancelled { n, reason, .. } => note(format!(
            "fetch {n} cancelled ({})",
            serde_json::to_string(reason).unwrap_or_default().trim_matches('"')
        )),
        EventKind::Job { registered_by, at } => {
            let place = at.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
            arrow(format!("{owner}-){registered_by}: {t}ms resolves {registered_by}'s reaction{place}"))
        }
        EventKind::Console { level, text } => note(format!("console.{level}: {text}")),
        EventKind::TimerDropped { timer, reason, .. } => note(format!(
            "timer {timer} dropped ({})",
            serde_json::to_string(reason).unwrap_or_default().trim_matches('"')
        )),
        EventKind::Hang { message, awaiting_at, .. } => match awaiting_at {
            Some(l) => note(format!("hang: {message} (waiting at {l})")),
            None => note(format!("hang: {message}")),
        },
        EventKind::NoResponse { reason, .. } => note(format!("no response: {reason}")),
        EventKind::UncaughtError { message, .. } => note(format!("uncaught error: {message}")),
        EventKind::UnhandledRejection { message, .. } => note(format!("unhandled rejection: {message}")),
        EventKind::CpuLimit { message } => note(format!("cpu limit: {message}")),
        EventKind::MemoryLimit { message } => note(format!("memory limit: {message}")),
        EventKind::RespondWithMisuse { misuse, target, .. } => note(format!(
            "respondWith misuse: {} (event of {target})",
            serde_json::to_string(misuse).unwrap_or_default().trim_matches('"')
        )),
        EventKind::ForeignIo { object, object_owner, .. } => note(format!("foreign I/O: {object} of {object_owner}")),
        EventKind::TooManySubrequests { limit, .. } => note(format!("too many subrequests (limit {limit})")),
        EventKind::UnreadBody { n, .. } => note(format!("fetch {n} body never read")),
        _ => None,
    }
}

/// Makes free text safe inside a Mermaid statement: `;` ends a statement and `#` starts
/// an entity code, line breaks end the line, and long texts are cut.
fn clean(text: &str) -> String {
    let single: String = text
        .chars()
        .map(|c| match c {
            '\n' | '\r' => ' ',
            ';' => ',',
            other => other,
        })
        .collect();
    let cut: String = if single.chars().count() > 100 {
        let mut s: String = single.chars().take(99).collect();
        s.push('…');
        s
    } else {
        single
    };
    cut.replace('#', "#35;")
}

/// Cleans the message part of an arrow statement (after the first `: `).
fn clean_arrow(statement: &str) -> String {
    match statement.split_once(": ") {
        Some((head, message)) => format!("{head}: {}", clean(message)),
        None => statement.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::sample_trace;

    #[test]
    fn participants_per_request_and_client() {
        let diagram = render(&sample_trace(), "blocker");
        let participants: Vec<&str> = diagram.lines().filter_map(|l| l.trim().strip_prefix("participant ")).collect();
        assert_eq!(participants, ["client", "r1", "r2", "r3"], "startup says nothing in this trace");
    }

    #[test]
    fn cross_request_resolution_is_an_arrow_and_hang_a_note() {
        let diagram = render(&sample_trace(), "blocker");
        assert!(diagram.contains("    r1-)r2: 20000ms resolves r2's reaction at worker.js:15:3\n"), "{diagram}");
        assert!(
            diagram.contains("Note over r3: 20000ms hang: The script will never generate a response."),
            "{diagram}"
        );
        assert!(diagram.contains("Note over r2: 5ms console.log: waiting"), "{diagram}");
        assert!(diagram.contains("r3--xclient: 20000ms 500 error"), "{diagram}");
        assert!(diagram.contains("r1-->>client: 20000ms 200"), "{diagram}");
    }

    #[test]
    fn free_text_cannot_break_the_diagram() {
        assert_eq!(clean("a;b\nc #1"), "a,b c #35;1");
        assert!(clean(&"x".repeat(500)).chars().count() <= 100);
    }
}
