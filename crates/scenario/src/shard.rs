//! `Shard`: the `I/N` slice of a campaign one job runs; the union of all shards' findings
//! is the finding set of the whole campaign.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Shard `index` of `count` (0-based): it runs the schedules whose number `n` has
/// `n % count == index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// This shard, `0 ≤ index < count`.
    pub index: u64,
    /// How many shards the campaign is split into (at least 1).
    pub count: u64,
}

impl Default for Shard {
    fn default() -> Self {
        Self { index: 0, count: 1 }
    }
}

impl Shard {
    /// Parses `I/N`, e.g. `0/4` … `3/4`.
    ///
    /// ```
    /// use crosstalk_scenario::Shard;
    /// assert_eq!(Shard::parse("1/4"), Ok(Shard { index: 1, count: 4 }));
    /// assert!(Shard::parse("4/4").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("bad shard '{text}': write I/N with 0 <= I < N, e.g. 0/4");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether schedule `n` belongs to this shard.
    pub fn owns(self, n: u64) -> bool {
        n % self.count.max(1) == self.index
    }

    /// The `k`-th schedule number of this shard.
    pub fn number(self, k: u64) -> u64 {
        k.saturating_mul(self.count.max(1)).saturating_add(self.index)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}
