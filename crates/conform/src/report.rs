//! The result of one check, as data ([`Report`]), as text for people and as JSON.
//!
//! JSON (`--format json`), one object per scenario, keys in this order:
//! `{"scenario", "compatibility_date", "agree", "requests": [{"id", "crosstalk": {…},
//! "workerd": {…}, "agree", "differences": [{"field", "crosstalk", "workerd"}]}],
//! "comparable", "reason"}`. Each side is an [`Observed`] (`outcome`, `status`, `headers`
//! as `[name, value]` pairs, `body`, `error`, `exceptions`, `console`; `exceptions` or
//! `console: null` on workerd's side means they could not be observed).
//! A request may add `"notes"` (e.g. why workerd's connection failed), and
//! `"not_comparable"`: why its differences may come from the run's inputs (R3: the clock or
//! random values) rather than the runtimes; such a request does not make the scenario
//! differ. A not-comparable scenario has `"comparable": false`, its `"reason"`, no
//! requests, and `"agree": true` (nothing was found to differ).

use std::fmt::Write as _;

use serde::Serialize;

use crate::compare::Difference;
use crate::observe::Observed;

/// The result of checking one scenario at one compatibility date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The scenario's `name`.
    pub scenario: String,
    /// The compatibility date both sides ran at: [`Options::compatibility_date`](crate::Options),
    /// else the scenario's, else the newest one modelled.
    pub compatibility_date: crosstalk_runtime::CompatibilityDate,
    /// No request differs (true for a not-comparable scenario: nothing was compared).
    pub agree: bool,
    /// The scenario's own requests, in crosstalk's arrival order; empty when not comparable.
    pub requests: Vec<RequestReport>,
    /// Whether the two sides were compared; when `false`, `reason` says why.
    pub comparable: bool,
    /// Why the scenario is not comparable (every reason, joined with "; ").
    pub reason: Option<String>,
    /// The seed of the schedule both sides ran.
    #[serde(skip)]
    pub seed: u64,
}

/// One request on both sides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestReport {
    /// crosstalk's id (`r1`, … in arrival order).
    pub id: String,
    /// What the request ended with in crosstalk.
    pub crosstalk: Observed,
    /// What the request ended with in workerd.
    pub workerd: Observed,
    /// No field differs (`differences` is empty).
    pub agree: bool,
    /// Every field on which the two sides differ.
    pub differences: Vec<Difference>,
    /// Why the differences may not be the runtimes' (R3), when they may not be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_comparable: Option<String>,
    /// Remarks for people: a connection to workerd that failed, the origin requests seen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl RequestReport {
    /// The request differs and nothing excuses it.
    pub fn differs(&self) -> bool {
        !self.agree && self.not_comparable.is_none()
    }
}

impl Report {
    /// The exit code of this report: 0 when every request agrees (or the scenario is not
    /// comparable), 1 when some differ.
    pub fn exit_code(&self) -> i32 {
        if self.agree { 0 } else { 1 }
    }

    /// One JSON object, one line.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The report for people: a headline, then one block per request.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let head = format!("conform {} at {} (seed {})", self.scenario, self.compatibility_date, self.seed);
        if !self.comparable {
            let _ = writeln!(out, "{head}: not comparable: {}", self.reason.as_deref().unwrap_or("?"));
            return out;
        }
        let differing = self.requests.iter().filter(|r| r.differs()).count();
        let excused = self.requests.iter().filter(|r| r.not_comparable.is_some()).count();
        let total = self.requests.len();
        let mut verdict = match (differing, total - excused) {
            (0, 0) => String::new(),
            (0, 1) if total == 1 => "crosstalk and workerd agree on its request".to_string(),
            (0, n) if n == total => format!("crosstalk and workerd agree on all {total} requests"),
            (0, n) => format!("crosstalk and workerd agree on {n} of {total} requests"),
            (1, 1) if total == 1 => "its request differs".to_string(),
            (1, _) => format!("1 of {total} requests differs"),
            _ => format!("{differing} of {total} requests differ"),
        };
        if excused > 0 {
            if !verdict.is_empty() {
                verdict.push_str(", ");
            }
            verdict.push_str(&format!("{excused} not comparable (R3)"));
        }
        let _ = writeln!(out, "{head}: {verdict}");
        for request in &self.requests {
            if request.agree {
                let _ = writeln!(out, "  {:<4} agree   {}", request.id, summary(&request.workerd));
            } else {
                match &request.not_comparable {
                    Some(reason) => {
                        let _ = writeln!(out, "  {:<4} not comparable: {reason}", request.id);
                    }
                    None => {
                        let _ = writeln!(out, "  {:<4} DIFFERS", request.id);
                    }
                }
                for difference in &request.differences {
                    let _ = writeln!(out, "       {}:", difference.field);
                    let _ = writeln!(out, "         crosstalk: {}", difference.crosstalk);
                    let _ = writeln!(out, "         workerd:   {}", difference.workerd);
                }
            }
            if request.workerd.console.is_none() && request.crosstalk.console.as_ref().is_some_and(|c| !c.is_empty()) {
                let _ = writeln!(
                    out,
                    "       (workerd's console lines are unknown: it reports them only for requests that finish)"
                );
            }
            for note in &request.notes {
                let _ = writeln!(out, "       note: {note}");
            }
        }
        out
    }
}

/// What a run of `conform` over several scenarios found, for its summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Scenarios on which no compared request differs.
    pub agree: usize,
    /// Scenarios on which some request differs.
    pub differ: usize,
    /// Scenarios not comparable as a whole.
    pub not_comparable: usize,
    /// Scenarios conform could not check (bad input, workerd could not run).
    pub failed: usize,
    /// Requests that agree.
    pub requests_agree: usize,
    /// Requests that differ with nothing to excuse it.
    pub requests_differ: usize,
    /// Requests that differ where the inputs may explain it (R3).
    pub requests_not_comparable: usize,
}

impl Tally {
    /// Counts `report`'s scenario and each of its requests.
    pub fn add(&mut self, report: &Report) {
        if !report.comparable {
            self.not_comparable += 1;
        } else if report.agree {
            self.agree += 1;
        } else {
            self.differ += 1;
        }
        for request in &report.requests {
            if request.agree {
                self.requests_agree += 1;
            } else if request.differs() {
                self.requests_differ += 1;
            } else {
                self.requests_not_comparable += 1;
            }
        }
    }

    /// `conform: 12 scenarios: 9 agree, 1 differs, 2 not comparable (requests: 20 agree, …)`.
    pub fn to_line(&self) -> String {
        let scenarios = self.agree + self.differ + self.not_comparable + self.failed;
        let mut line = format!(
            "conform: {scenarios} scenario{}: {} agree, {} differ, {} not comparable",
            if scenarios == 1 { "" } else { "s" },
            self.agree,
            self.differ,
            self.not_comparable
        );
        if self.failed > 0 {
            line.push_str(&format!(", {} could not be checked", self.failed));
        }
        line.push_str(&format!(
            " (requests: {} agree, {} differ, {} not comparable)",
            self.requests_agree, self.requests_differ, self.requests_not_comparable
        ));
        line
    }
}

/// `response 200 "ok", 2 console lines`.
fn summary(observed: &Observed) -> String {
    let mut text = observed.outcome.clone();
    if let Some(status) = observed.status {
        let _ = write!(text, " {status}");
    }
    if let Some(body) = &observed.body {
        let _ = write!(text, " {}", serde_json::Value::from(shorten(body)));
    }
    if let Some(error) = &observed.error {
        let _ = write!(text, " {}", serde_json::Value::from(shorten(error)));
    }
    match &observed.console {
        Some(lines) if lines.len() == 1 => text.push_str(", 1 console line"),
        Some(lines) => {
            let _ = write!(text, ", {} console lines", lines.len());
        }
        None => {}
    }
    text
}

fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    if text.chars().count() <= MAX_CHARS {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX_CHARS).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;

    fn observed(outcome: &str, status: Option<u16>, body: Option<&str>) -> Observed {
        Observed {
            outcome: outcome.into(),
            status,
            headers: None,
            body: body.map(str::to_string),
            error: None,
            exceptions: None,
            console: Some(vec!["hi".into()]),
            websocket: None,
        }
    }

    fn report() -> Report {
        let same = observed("response", Some(200), Some("ok"));
        let other = observed("no-response", None, None);
        let requests = vec![
            RequestReport {
                id: "r1".into(),
                crosstalk: same.clone(),
                workerd: same.clone(),
                agree: true,
                differences: vec![],
                not_comparable: None,
                notes: vec![],
            },
            RequestReport {
                id: "r2".into(),
                differences: compare(&same, &other),
                crosstalk: same,
                workerd: other,
                agree: false,
                not_comparable: None,
                notes: vec![],
            },
        ];
        Report {
            scenario: "s".into(),
            compatibility_date: crosstalk_runtime::CompatibilityDate::ymd(2024, 1, 1),
            agree: false,
            requests,
            comparable: true,
            reason: None,
            seed: 1,
        }
    }

    #[test]
    fn json_keys_come_in_the_documented_order() {
        let json = report().to_json();
        assert!(json.starts_with(r#"{"scenario":"s","compatibility_date":"2024-01-01","agree":false,"requests":[{"id":"r1","crosstalk":{"outcome":"response","status":200,"headers":null,"body":"ok","error":null,"exceptions":null,"console":["hi"]},"workerd":"#), "{json}");
        assert!(json.ends_with(r#"],"comparable":true,"reason":null}"#), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let r2 = &value["requests"][1];
        assert_eq!(r2["agree"], false);
        assert_eq!(r2["differences"][0]["field"], "outcome");
        assert_eq!(r2["workerd"]["status"], serde_json::Value::Null);
        assert!(r2.get("notes").is_none());
    }

    #[test]
    fn text_shows_agreement_and_each_difference() {
        let text = report().to_text();
        assert!(text.starts_with("conform s at 2024-01-01 (seed 1): 1 of 2 requests differs\n"), "{text}");
        assert!(text.contains("  r1   agree   response 200 \"ok\", 1 console line\n"), "{text}");
        assert!(text.contains("  r2   DIFFERS\n       outcome:\n         crosstalk: \"response\"\n"), "{text}");
        assert_eq!(report().exit_code(), 1);
    }

    #[test]
    fn the_tally_counts_scenarios_and_requests_by_verdict() {
        let mut tally = Tally::default();
        tally.add(&report());
        let mut excused = report();
        excused.requests[1].not_comparable = Some("R3".into());
        excused.agree = true;
        tally.add(&excused);
        tally.add(&Report { comparable: false, requests: vec![], agree: true, ..report() });
        tally.failed += 1;
        assert_eq!(
            tally.to_line(),
            "conform: 4 scenarios: 1 agree, 1 differ, 1 not comparable, 1 could not be checked \
             (requests: 2 agree, 1 differ, 1 not comparable)"
        );
    }

    #[test]
    fn a_difference_the_inputs_may_explain_is_not_comparable_and_exits_0() {
        let mut excused = report();
        excused.requests[1].not_comparable = Some("R3: r2 read the clock (Date)".into());
        excused.agree = true;
        let text = excused.to_text();
        assert!(
            text.starts_with("conform s at 2024-01-01 (seed 1): crosstalk and workerd agree on 1 of 2 requests, 1 not comparable (R3)\n"),
            "{text}"
        );
        assert!(text.contains("  r2   not comparable: R3: r2 read the clock (Date)\n       outcome:\n"), "{text}");
        assert_eq!(excused.exit_code(), 0);
        assert!(!excused.requests[1].differs());
        let json: serde_json::Value = serde_json::from_str(&excused.to_json()).unwrap();
        assert_eq!(json["requests"][1]["not_comparable"], "R3: r2 read the clock (Date)");
        assert!(json["requests"][0].get("not_comparable").is_none());
    }

    #[test]
    fn not_comparable_reads_as_such_and_exits_0() {
        let report = Report {
            agree: true,
            requests: vec![],
            comparable: false,
            reason: Some("R3: worker.js reads the clock".into()),
            ..report()
        };
        assert_eq!(
            report.to_text(),
            "conform s at 2024-01-01 (seed 1): not comparable: R3: worker.js reads the clock\n"
        );
        assert_eq!(report.exit_code(), 0);
    }
}
