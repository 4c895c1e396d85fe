//! `lost-update`: a read-modify-write of a Durable Object's stored value whose read and
//! write were separated by another call's write of the same key (R15). The input gate
//! keeps other calls out while a storage read is pending, but not across `fetch()` or
//! any other non-storage I/O: a call that reads, awaits such I/O, then writes, can
//! overwrite what another call wrote meanwhile.

use std::collections::BTreeSet;

use crosstalk_runtime::{EventKind, Location, Owner};

use crate::config::CheckConfig;
use crate::kind::Kind;
use crate::trace_index::TraceIndex;
use crate::violation::Violation;

const FIX: &str = "Keep the read and the write of a Durable Object's stored value together: don't await \
`fetch()` (or any other non-storage I/O) between `storage.get()` and `storage.put()` — do that I/O before the \
read or after the write —, or wrap the read-modify-write in `ctx.blockConcurrencyWhile()`, which keeps other \
calls out until it finishes. Awaiting storage alone is safe: the input gate holds other calls while a storage \
read is pending.";

/// One storage operation of the trace.
struct Op<'t> {
    index: usize,
    owner: Owner,
    object: &'t str,
    op: &'t str,
    keys: Vec<&'t str>,
    at: Option<&'t Location>,
    t_ms: u64,
}

impl Op<'_> {
    fn reads(&self, key: &str) -> bool {
        self.op == "get" && self.keys.contains(&key)
    }
    fn writes(&self, key: &str) -> bool {
        match self.op {
            "put" | "delete" => self.keys.contains(&key),
            "deleteAll" => true,
            _ => false,
        }
    }
}

pub(crate) fn check(index: &TraceIndex, config: &CheckConfig) -> Vec<Violation> {
    let ops: Vec<Op> = index
        .trace
        .iter()
        .enumerate()
        .filter_map(|(i, event)| match &event.kind {
            EventKind::DoStorage { object, op, keys, at, .. } => Some(Op {
                index: i,
                owner: event.owner,
                object,
                op,
                keys: if keys.is_empty() { Vec::new() } else { keys.split(',').collect() },
                at: at.as_ref(),
                t_ms: event.t_ms,
            }),
            _ => None,
        })
        .collect();
    let mut reported: BTreeSet<(&str, &str, Owner)> = BTreeSet::new();
    let mut out = Vec::new();
    for (w, write) in ops.iter().enumerate() {
        if write.op != "put" {
            continue;
        }
        for key in &write.keys {
            // The writer's latest read of the key before this write, with no write of its
            // own in between (that would be the read-modify-write to judge instead).
            let mine = ops[..w].iter().rev().filter(|o| o.owner == write.owner && o.object == write.object);
            let Some(read) = mine.take_while(|o| !o.writes(key)).find(|o| o.reads(key)) else { continue };
            let between = ops[..w].iter().filter(|o| o.index > read.index && o.object == write.object);
            let Some(other) = between.filter(|o| o.owner != write.owner).find(|o| o.writes(key)) else { continue };
            if !reported.insert((write.object, key, write.owner)) {
                continue;
            }
            let site = |l: Option<&Location>| l.map(|l| format!(" at {l}")).unwrap_or_default();
            let message = format!(
                "{object}: {a} read '{key}'{} ({} ms), then {b} wrote it{} ({} ms), then {a} wrote it{} ({} ms) from \
                 the value it had read before {b}'s write, so {b}'s update is lost. Between its read and its write {a} \
                 awaited something other than storage, which opens the object's input gate to other calls.",
                site(read.at),
                read.t_ms,
                site(other.at),
                other.t_ms,
                site(write.at),
                write.t_ms,
                object = write.object,
                a = write.owner,
                b = other.owner,
            );
            let v = Violation::new(config, Kind::LostUpdate, write.owner, write.t_ms, message, FIX)
                .related(vec![other.owner])
                .at(write.at.cloned())
                .see_also(format!("{}'s read", write.owner), read.at)
                .see_also(format!("{}'s write", other.owner), other.at);
            out.push(v.timeline(index.trace, &[read.index, other.index, write.index]));
        }
    }
    out
}
