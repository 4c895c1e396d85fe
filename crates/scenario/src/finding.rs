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
