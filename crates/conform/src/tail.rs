//! The tail worker conform installs beside the scenario's worker, and the parser of the
//! lines it prints.
//!
//! workerd hands a tail worker one event per finished request (after its `waitUntil` work)
//! with the request's headers, `outcome`, console `logs` and `exceptions`. The tail worker
//! prints each as one line, [`TAIL_MARKER`] followed by JSON, on workerd's stdout. Requests
//! are told apart by the [`REQUEST_HEADER`] conform adds to every request it sends, so
//! repeated URLs and any completion order attribute correctly.
//!
//! A tail event's console arguments have been through JSON (`undefined` → `null`, a `Map`
//! → `{}`), so they are not what workerd prints. conform runs workerd with structured
//! logging: every `console` call of the worker is one JSON line on stdout with its level,
//! timestamp and the text workerd itself formatted ([`Printed`]), but without the request.
//! [`attribute`] gives each printed line to the request whose next tail log it is (same
//! level, and the same text or the same timestamp), and a request whose lines are all
//! accounted for is compared on what workerd printed; otherwise on its tail logs,
//! formatted with `node:util`'s `format` from what JSON left.

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
        logs: (event.logs || []).map((log) => ({
          level: String(log.level ?? "log"),
          timestamp: Number(log.timestamp ?? 0),
          text: format(...(Array.isArray(log.message) ? log.message : [log.message])),
        })),
        exceptions: (event.exceptions || []).map((e) => ({ name: String(e.name ?? ""), message: String(e.message ?? "") })),
      };
      console.log("crosstalk-tail " + JSON.stringify(line));
    }
  },
};
"#;

/// One finished request, as the tail worker reported it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub(crate) struct TailEvent {
    /// The [`REQUEST_HEADER`] value, `None` for requests conform did not send.
    pub request: Option<String>,
    pub url: Option<String>,
    /// workerd's outcome: `ok`, `exceededCpu`, `canceled`, …
    pub outcome: Option<String>,
    /// The worker produced a response (absent when the request passed through).
    pub responded: bool,
    /// Console calls, in order.
    pub logs: Vec<TailLog>,
    pub exceptions: Vec<TailException>,
}

/// One console call of a tail event.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub(crate) struct TailLog {
    /// `log`, `info`, `warn`, `error`, `debug`.
    pub level: String,
    pub timestamp: f64,
    /// The arguments formatted from their JSON form, or what workerd printed once
    /// [`attribute`] found the printed line.
    pub text: String,
}

/// An exception of a tail event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct TailException {
    pub name: String,
    pub message: String,
}

/// One console line workerd printed (structured logging), not yet given to a request.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub(crate) struct Printed {
    pub timestamp: f64,
    pub level: String,
    #[serde(rename = "message")]
    pub text: String,
}

/// What one stdout line of workerd carries.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Line {
    Tail(TailEvent),
    Printed(Printed),
}

/// The tail event or the console line of one stdout line, or `None` for anything else.
pub(crate) fn parse_line(line: &str) -> Option<Line> {
    let line = line.trim_end();
    let printed = serde_json::from_str::<Printed>(line).ok();
    let text = printed.as_ref().map_or(line, |p| p.text.as_str());
    match text.strip_prefix(TAIL_MARKER) {
        Some(json) => serde_json::from_str(json).ok().map(Line::Tail),
        None => printed.map(Line::Printed),
    }
}

/// Gives each printed line to the request it came from, and each request whose every
/// console call was found the text workerd printed (see the module doc).
///
/// First, every tail log, earliest first, takes the first unclaimed printed line after its
/// request's previous one with its level and its exact text. Then each log JSON changed
/// (`undefined` → `null`, a `Map` → `{}`) takes, among the unclaimed lines of its level
/// between its request's neighbours, the one nearest in time (workerd stamps a printed line
/// with the real time of the call, a tail log with the time of the request's last I/O).
/// Lines no request claims (another worker's, start-up's) are left; a request with a log
/// left unmatched keeps its tail texts.
pub(crate) fn attribute(printed: &[Printed], tails: &mut std::collections::BTreeMap<String, TailEvent>) {
    use std::collections::BTreeMap;
    // (request, log index) → printed index.
    let mut taken: BTreeMap<(&str, usize), usize> = BTreeMap::new();
    let mut claimed = vec![false; printed.len()];
    let mut logs: Vec<(&str, usize, &TailLog)> = (tails.iter())
        .flat_map(|(id, event)| event.logs.iter().enumerate().map(move |(k, log)| (id.as_str(), k, log)))
        .collect();
    logs.sort_by(|a, b| a.2.timestamp.total_cmp(&b.2.timestamp).then(a.0.cmp(b.0)).then(a.1.cmp(&b.1)));
    let mut after: BTreeMap<&str, usize> = BTreeMap::new();
    for &(id, k, log) in &logs {
        let from = after.get(id).copied().unwrap_or(0);
        let hit = (from..printed.len())
            .find(|&i| !claimed[i] && printed[i].level == log.level && printed[i].text == log.text);
        if let Some(i) = hit {
            claimed[i] = true;
            taken.insert((id, k), i);
            after.insert(id, i + 1);
        }
    }
    for (id, event) in tails.iter() {
        for (k, log) in event.logs.iter().enumerate() {
            if taken.contains_key(&(id.as_str(), k)) {
                continue;
            }
            let low = (0..k).rev().find_map(|j| taken.get(&(id.as_str(), j))).map_or(0, |i| i + 1);
            let high =
                (k + 1..event.logs.len()).find_map(|j| taken.get(&(id.as_str(), j)).copied()).unwrap_or(printed.len());
            let nearest =
                (low..high.max(low)).filter(|&i| !claimed[i] && printed[i].level == log.level).min_by(|&a, &b| {
                    let distance = |i: usize| (printed[i].timestamp - log.timestamp).abs();
                    distance(a).total_cmp(&distance(b)).then(a.cmp(&b))
                });
            if let Some(i) = nearest {
                claimed[i] = true;
                taken.insert((id.as_str(), k), i);
            }
        }
    }
    let texts: Vec<(String, Vec<String>)> = tails
        .iter()
        .filter(|(id, event)| (0..event.logs.len()).all(|k| taken.contains_key(&(id.as_str(), k))))
        .map(|(id, event)| {
            let lines = (0..event.logs.len()).map(|k| printed[taken[&(id.as_str(), k)]].text.clone()).collect();
            (id.clone(), lines)
        })
        .collect();
    for (id, lines) in texts {
        let event = tails.get_mut(&id).expect("texts are found for known requests");
        for (log, text) in event.logs.iter_mut().zip(lines) {
            log.text = text;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(level: &str, timestamp: f64, text: &str) -> TailLog {
        TailLog { level: level.into(), timestamp, text: text.into() }
    }

    fn printed(level: &str, timestamp: f64, text: &str) -> Printed {
        Printed { timestamp, level: level.into(), text: text.into() }
    }

    #[test]
    fn parses_tail_lines_plain_or_structured_and_printed_lines() {
        let tail = r#"{"request":"r2","url":"https://worker.example/","outcome":"exception","responded":false,"logs":[{"level":"warn","timestamp":5,"text":"a 1 { x: 2 }"}],"exceptions":[{"name":"Error","message":"boom"}]}"#;
        let Some(Line::Tail(event)) = parse_line(&format!("{TAIL_MARKER}{tail}")) else { panic!("a tail line") };
        assert_eq!(event.request.as_deref(), Some("r2"));
        assert_eq!(event.logs, [log("warn", 5.0, "a 1 { x: 2 }")]);
        assert_eq!(event.exceptions[0].message, "boom");
        assert!(!event.responded);
        let structured = serde_json::json!({"timestamp": 1, "level": "log", "message": format!("{TAIL_MARKER}{tail}")});
        assert_eq!(parse_line(&structured.to_string()), Some(Line::Tail(event)));
        let line = r#"{"timestamp":1796378072120,"level":"log","message":"undefined NaN -0 Map(1) { 1 => 2 }"}"#;
        assert_eq!(
            parse_line(line),
            Some(Line::Printed(printed("log", 1796378072120.0, "undefined NaN -0 Map(1) { 1 => 2 }")))
        );
        assert_eq!(parse_line("hello from the worker"), None);
        assert_eq!(parse_line(&format!("{TAIL_MARKER}{{not json")), None);
    }

    #[test]
    fn printed_lines_go_to_the_request_whose_next_log_they_are() {
        let event = |id: &str, logs: Vec<TailLog>| TailEvent { request: Some(id.into()), logs, ..TailEvent::default() };
        let mut tails = std::collections::BTreeMap::new();
        // r1 logged `undefined` (JSON made it null) and then "done"; r2 logged "done" too.
        tails.insert("r1".to_string(), event("r1", vec![log("log", 10.0, "null"), log("log", 20.0, "done")]));
        tails.insert("r2".to_string(), event("r2", vec![log("log", 15.0, "done"), log("warn", 15.0, "careful")]));
        // r3 logged a Map (JSON made it `{}`); r4's line was never printed: it keeps its tail text.
        tails.insert("r3".to_string(), event("r3", vec![log("log", 30.0, "{}")]));
        tails.insert("r4".to_string(), event("r4", vec![log("error", 40.0, "lost")]));
        let lines = [
            printed("log", 17.0, "undefined"),
            printed("log", 15.0, "done"),
            // Another worker's line, between r1's two: r1's `undefined` is the nearer in time.
            printed("log", 19.0, "from another worker"),
            printed("warn", 15.0, "careful"),
            printed("log", 20.0, "done"),
            printed("log", 31.0, "Map(0) {}"),
        ];
        attribute(&lines, &mut tails);
        let texts = |id: &str| tails[id].logs.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts("r1"), ["undefined", "done"]);
        assert_eq!(texts("r2"), ["done", "careful"]);
        assert_eq!(texts("r3"), ["Map(0) {}"]);
        assert_eq!(texts("r4"), ["lost"]);
    }

    #[test]
    fn the_script_reads_the_header_conform_sends() {
        assert!(TAIL_SCRIPT.contains(&format!("headers[\"{REQUEST_HEADER}\"]")));
        assert!(TAIL_SCRIPT.contains(&format!("\"{TAIL_MARKER}\"")));
    }
}
