//! The `violations` items of the INTERFACES.md JSON report.

use crosstalk_runtime::Location;
use serde::Serialize;

use crate::violation::Violation;

/// One item of the JSON report's `violations` array. Keys serialize in this order:
/// the INTERFACES.md fields first, then `severity`, `fix` and `t_ms`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonViolation {
    /// The kebab-case kind name.
    pub kind: String,
    /// The request the finding is about: `rN` or `startup`.
    pub request: String,
    /// What happened, for a Workers developer.
    pub message: String,
    /// Other requests involved (`rN`).
    pub related: Vec<String>,
    /// The culprit line as `file:line:col`; `null` when unknown.
    pub location: Option<Location>,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// How to fix it.
    pub fix: String,
    /// Virtual time of the finding, in ms.
    pub t_ms: u64,
}

/// The `violations` array of the JSON report.
///
/// ```
/// let items = crosstalk_checker::report::json_violations(&[]);
/// assert_eq!(serde_json::to_string(&items).unwrap(), "[]");
/// ```
pub fn json_violations(violations: &[Violation]) -> Vec<JsonViolation> {
    violations
        .iter()
        .map(|v| JsonViolation {
            kind: v.kind.as_str().to_string(),
            request: v.request.to_string(),
            message: v.message.clone(),
            related: v.related.iter().map(|o| o.to_string()).collect(),
            location: v.location.clone(),
            severity: v.severity.as_str().to_string(),
            fix: v.fix.clone(),
            t_ms: v.t_ms,
        })
        .collect()
}
