//! The verdict: do the violations match the scenario's `[expect]`?
//!
//! Rules (documented for scenario authors):
//! - Without `[expect]`, the verdict matches when no violation of severity `warning`
//!   or `error` occurred.
//! - With `[expect] violations = [...]`, a kind found at `warning`/`error` severity but
//!   not listed is *unexpected*; a listed kind not found at any severity is *missing*.
//! - `info` findings are reported but never make a verdict differ on their own; listing
//!   an info kind in `[expect]` pins it (it must then occur).

use serde::Serialize;
use std::collections::BTreeSet;

use crate::config::CheckConfig;
use crate::kind::{Kind, Severity};
use crate::violation::Violation;

/// `matches-expect` or `differs-from-expect`, with the kinds that made the difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Whether nothing is unexpected and nothing missing: `matches-expect`.
    pub matches: bool,
    /// Kinds found that the scenario does not expect, in table order.
    pub unexpected: Vec<Kind>,
    /// Kinds the scenario expects that did not occur, in table order.
    pub missing: Vec<Kind>,
}

impl Verdict {
    /// The INTERFACES.md spelling: `matches-expect` or `differs-from-expect`.
    pub fn as_str(&self) -> &'static str {
        if self.matches { "matches-expect" } else { "differs-from-expect" }
    }
}

/// Compares `violations` with the expectation of `config`.
///
/// ```
/// use crosstalk_checker::{CheckConfig, Kind, verdict};
/// let v = verdict(&CheckConfig::expecting(&[Kind::Hang]), &[]);
/// assert_eq!(v.as_str(), "differs-from-expect");
/// assert_eq!(v.missing, vec![Kind::Hang]);
/// ```
pub fn verdict(config: &CheckConfig, violations: &[Violation]) -> Verdict {
    let found: BTreeSet<Kind> = violations.iter().map(|v| v.kind).collect();
    let counted: BTreeSet<Kind> =
        violations.iter().filter(|v| v.severity >= Severity::Warning).map(|v| v.kind).collect();
    let expected: BTreeSet<Kind> = config.expect.iter().flatten().copied().collect();
    let unexpected: Vec<Kind> = counted.difference(&expected).copied().collect();
    let missing: Vec<Kind> = expected.difference(&found).copied().collect();
    Verdict { matches: unexpected.is_empty() && missing.is_empty(), unexpected, missing }
}
