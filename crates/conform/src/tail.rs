//! The tail worker conform installs beside the scenario's worker, and the parser of the
//! lines it prints.
//!
//! workerd hands a tail worker one event per finished request (after its `waitUntil` work)
//! with the request's headers, `outcome`, console `logs` and `exceptions`. The tail worker
//! prints each as one line, [`TAIL_MARKER`] followed by JSON, on workerd's stdout. Requests
//! are told apart by the [`REQUEST_HEADER`] conform adds to every request it sends, so
//! repeated URLs and any completion order attribute correctly. Console arguments are
//! formatted with `node:util`'s `format`, which is how workerd's own `console.log` prints
//! them; values that do not survive workerd's JSON hand-over (`undefined` inside arrays,
//! class instances, an Error's stack) are formatted from what is left.

use serde::Deserialize;

/// The header carrying crosstalk's request id (`r1`, `r2`, …) on every request conform
/// sends. The worker sees it too (and forwards it when it passes a request on).
pub const REQUEST_HEADER: &str = "x-crosstalk-request";

/// What starts a line the tail worker prints.
pub(crate) const TAIL_MARKER: &str = "crosstalk-tail ";

/// Compatibility date of the tail worker: old enough for any workerd that has
/// `nodejs_compat` with `node:util`, independent of the date under test.
pub(crate) const TAIL_COMPATIBILITY_DATE: &str = "2024-09-23";

/// The tail worker (an ES module).
pub(crate) const TAIL_SCRIPT: &str = r#"// Written by crosstalk conform: one line per finished request of the worker under test.
import { format } from "node:util";

export default {
  tail(events) {
    for (const event of events) {
      const request = (event.event && event.event.request) || {};
      const headers = request.headers || {};
      const line = {
        request: headers["x-crosstalk-request"] ?? null,
        url: request.url ?? null,
        outcome: event.outcome ?? null,
        responded: Boolean(event.event && event.event.response),
        logs: (event.logs || []).map((log) => format(...(Array.isArray(log.message) ? log.message : [log.message]))),
        exceptions: (event.exceptions || []).map((e) => ({ name: String(e.name ?? ""), message: String(e.message ?? "") })),
      };
      console.log("crosstalk-tail " + JSON.stringify(line));
    }
  },
};
"#;

/// One finished request, as the tail worker reported it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct TailEvent {
    /// The [`REQUEST_HEADER`] value, `None` for requests conform did not send.
    pub request: Option<String>,
    pub url: Option<String>,
    /// workerd's outcome: `ok`, `exception`, `canceled`, `exceededCpu`, …
    pub outcome: Option<String>,
    /// The worker produced a response (absent when the request passed through).
    pub responded: bool,
    /// Console lines, formatted.
    pub logs: Vec<String>,
    pub exceptions: Vec<TailException>,
}

/// An exception of a tail event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct TailException {
    pub name: String,
    pub message: String,
}

/// The tail event of one stdout line, or `None` for any other line (the worker's own
/// console output also goes to stdout).
pub(crate) fn parse_line(line: &str) -> Option<TailEvent> {
    let json = line.trim_end().strip_prefix(TAIL_MARKER)?;
    serde_json::from_str(json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tail_lines_and_ignores_the_rest() {
        let line = r#"crosstalk-tail {"request":"r2","url":"https://worker.example/","outcome":"exception","responded":false,"logs":["a 1 { x: 2 }"],"exceptions":[{"name":"Error","message":"boom"}]}"#;
        let event = parse_line(line).unwrap();
        assert_eq!(event.request.as_deref(), Some("r2"));
        assert_eq!(event.logs, ["a 1 { x: 2 }"]);
        assert_eq!(event.exceptions[0].message, "boom");
        assert!(!event.responded);
        assert_eq!(parse_line("hello from the worker"), None);
        assert_eq!(parse_line("crosstalk-tail {not json"), None);
    }

    #[test]
    fn the_script_reads_the_header_conform_sends() {
        assert!(TAIL_SCRIPT.contains(&format!("headers[\"{REQUEST_HEADER}\"]")));
        assert!(TAIL_SCRIPT.contains(&format!("\"{TAIL_MARKER}\"")));
    }
}
