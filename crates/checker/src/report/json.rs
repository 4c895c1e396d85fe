//! The `violations` items of the INTERFACES.md JSON report.

use crosstalk_runtime::Location;
use serde::Serialize;

use crate::violation::Violation;

/// One item of the JSON report's `violations` array. Keys serialize in this order:
/// the INTERFACES.md fields first, then `severity`, `fix` and `t_ms`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonViolation {
    pub kind: String,
    pub request: String,
    pub message: String,
    pub related: Vec<String>,
    pub location: Option<Location>,
    pub severity: String,
    pub fix: String,
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
