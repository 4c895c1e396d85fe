//! What a scenario tells the checker: the expected kinds, severity overrides, the state
//! it shares on purpose, and how much reference work the oracles may do.
//!
//! This is the checker's own small type; the CLI maps a scenario's `[expect]` onto it.
//! The checker never reads scenario files.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::kind::{Kind, Severity};

/// Configuration of one check.
///
/// ```
/// use crosstalk_checker::{CheckConfig, Kind, Severity};
/// let mut config = CheckConfig::expecting(&[Kind::Hang, Kind::CrossRequestAwait]);
/// config.severity.insert(Kind::DroppedWork, Severity::Info);
/// config.shared_state.push("header:x-cache".into());
/// assert_eq!(config.severity_of(Kind::DroppedWork), Severity::Info);
/// assert_eq!(config.severity_of(Kind::Hang), Severity::Error);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckConfig {
    /// The scenario's `[expect] violations`; `None` means the scenario has no `[expect]`.
    pub expect: Option<Vec<Kind>>,
    /// Severity overrides; kinds not listed keep [`Kind::default_severity`].
    pub severity: BTreeMap<Kind, Severity>,
    /// Parts of a request's outcome that may depend on state shared on purpose (a cache,
    /// a hit counter), so the isolation oracle (`state-leak`) does not compare them. The
    /// checker sees outcomes, not variables, so shared state is declared by what it may
    /// influence: `status`, `body`, `error`, `outcome`, `console`, `effects`, `headers`
    /// or `header:NAME`.
    pub shared_state: Vec<String>,
    /// At most this many reference simulations per check for `global-state-race` and
    /// `state-leak` (cached ones are free). `0` turns both oracles off.
    pub reference_runs_max: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self { expect: None, severity: BTreeMap::new(), shared_state: Vec::new(), reference_runs_max: 256 }
    }
}

impl CheckConfig {
    /// A configuration expecting exactly `kinds` (`&[]` = "must be clean").
    pub fn expecting(kinds: &[Kind]) -> Self {
        Self { expect: Some(kinds.to_vec()), ..Self::default() }
    }

    /// The severity `kind` has in this scenario.
    pub fn severity_of(&self, kind: Kind) -> Severity {
        self.severity.get(&kind).copied().unwrap_or_else(|| kind.default_severity())
    }

    /// Whether the outcome field `field` (e.g. `body`, `header:x-cache`) is declared shared.
    pub(crate) fn is_shared(&self, field: &str) -> bool {
        self.shared_state
            .iter()
            .any(|declared| declared == field || (declared == "headers" && field.starts_with("header:")))
    }
}
