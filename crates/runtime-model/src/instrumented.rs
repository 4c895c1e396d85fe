//! The process-wide cache of instrumented module texts (see [`crate::instrument`]).
//!
//! Instrumenting means parsing: doing it once per module text per process, not once per
//! isolate, keeps a campaign's cost at one parse per schedule (boa's own). Site numbers
//! are per module; the hooks find the module from the calling frame's path.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::sites::SiteMap;
use crosstalk_instrument::{Goal, Instrumented, instrument};

/// One module text, as the engine should run it.
pub(crate) struct Entry {
    original: Arc<str>,
    /// The text to parse: instrumented, or the original when instrumenting failed.
    pub text: Arc<str>,
    /// The instrumentation's site table and position map.
    pub sites: Option<Arc<Sited>>,
}

/// An instrumentation, as the isolate's [`crate::sites::Sites`] reads it.
pub(crate) struct Sited(Instrumented);

impl SiteMap for Sited {
    fn site(&self, index: u32) -> Option<(u32, u32)> {
        self.0.sites.get(index as usize).map(|s| (s.line, s.column))
    }

    fn original_position(&self, line: u32, column: u32) -> (u32, u32) {
        self.0.original_position(line, column)
    }
}

#[derive(Default)]
struct Cache {
    entries: BTreeMap<String, Vec<Arc<Entry>>>,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The instrumented text of module `name` (cached by name and exact text).
pub(crate) fn get(name: &str, text: &Arc<str>, goal: Goal) -> Arc<Entry> {
    {
        let cache = cache().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache.entries.get(name).and_then(|v| v.iter().find(|e| *e.original == **text)) {
            return found.clone();
        }
    }
    // Instrument outside the lock: other threads may parse other modules meanwhile.
    let instrumented = crate::isolate::on_big_stack(|| instrument(text, goal));
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = cache.entries.get(name).and_then(|v| v.iter().find(|e| *e.original == **text)) {
        return found.clone();
    }
    let entry = match instrumented {
        Ok(instrumented) if instrumented.sites.is_empty() => {
            Entry { original: text.clone(), text: text.clone(), sites: None }
        }
        Ok(instrumented) => {
            let rewritten: Arc<str> = Arc::from(instrumented.text.as_str());
            Entry { original: text.clone(), text: rewritten, sites: Some(Arc::new(Sited(instrumented))) }
        }
        // The engine reports the syntax error on the original text.
        Err(_) => Entry { original: text.clone(), text: text.clone(), sites: None },
    };
    let entry = Arc::new(entry);
    cache.entries.entry(name.to_string()).or_default().push(entry.clone());
    entry
}
