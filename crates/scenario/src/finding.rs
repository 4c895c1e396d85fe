//! `Finding`: what an oracle says about a failed run, opaque enough that this crate never
//! needs the checker. The checker (or a test) supplies an [`Oracle`].

use crosstalk_runtime::Run;
use serde::{Deserialize, Serialize};

use crate::schedule::Schedule;

/// A failure found in one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The violation kind shrinking must preserve (`hang`, `global-state-race`, …, or
    /// `internal-error` for a panic).
    pub kind: String,
    /// One line for people.
    pub message: String,
    /// The violations as the checker reports them; stored in the corpus as they are.
    pub violations: serde_json::Value,
}

impl Finding {
    /// A finding with no structured violations.
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> Self {
        Self { kind: kind.into(), message: message.into(), violations: serde_json::Value::Null }
    }

    /// What makes two findings the same bug seen twice: the kind, and the set of
    /// (violation kind, code location) pairs the checker reported — not request ids,
    /// times or messages, which change from schedule to schedule. A violation without a
    /// location that says why a worker process crashed (`crash.cause`) is located by
    /// that cause. A finding without structured violations is identified by its kind and
    /// message.
    ///
    /// ```
    /// use crosstalk_scenario::Finding;
    /// let at = |request: &str, t_ms: u64| Finding {
    ///     violations: serde_json::json!([{ "kind": "hang", "location": "worker.js:15:3", "request": request, "t_ms": t_ms }]),
    ///     ..Finding::new("hang", format!("{request} hung at {t_ms} ms"))
    /// };
    /// assert_eq!(at("r2", 0).signature(), at("r7", 40).signature());
    /// assert_ne!(Finding::new("hang", "a").signature(), Finding::new("hang", "b").signature());
    /// ```
    pub fn signature(&self) -> String {
        let Some(violations) = self.violations.as_array().filter(|v| !v.is_empty()) else {
            return format!("{}: {}", self.kind, self.message);
        };
        let field = |v: &serde_json::Value, name: &str| v.get(name).and_then(|f| f.as_str()).unwrap_or("").to_string();
        let pairs: std::collections::BTreeSet<(String, String)> = violations
            .iter()
            .map(|v| {
                let cause = v.get("crash").map(|c| field(c, "cause")).unwrap_or_default();
                let location = v.get("location").and_then(|l| l.as_str()).map_or(cause, str::to_string);
                (field(v, "kind"), location)
            })
            .collect();
        let pairs: Vec<String> = pairs.into_iter().map(|(kind, at)| format!("{kind}@{at}")).collect();
        format!("{}: {}", self.kind, pairs.join(" "))
    }
}

/// Decides whether a run failed, and how. Must be deterministic in its inputs.
///
/// ```
/// use crosstalk_scenario::{Finding, Oracle};
/// let hang: &Oracle = &|_, run| {
///     run.requests.iter().find(|r| r.error.as_deref().is_some_and(|e| e.contains("never generate")))
///         .map(|r| Finding::new("hang", format!("{} hung", r.id)))
/// };
/// # let _ = hang;
/// ```
pub type Oracle<'a> = dyn Fn(&Schedule, &Run) -> Option<Finding> + Sync + 'a;
