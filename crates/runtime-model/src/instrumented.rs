//! The process-wide cache of instrumented module texts (see [`crate::instrument`]).
//!
//! Instrumenting means parsing: doing it once per module text per process, not once per
//! isolate, keeps a campaign's cost at one parse per schedule (boa's own). Site numbers
//! are per module; the hooks find the module from the calling frame's path.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::model::PositionMap;
use crate::sites::SiteMap;
use crosstalk_instrument::{Goal, Inserted, Instrumented, Passes, instrument_with, repair_keyword_import};

/// How many `import { of }` specifiers one module may have repaired (each costs a parse).
const REPAIRS_MAX: usize = 64;

/// One module text, as the engine should run it.
pub(crate) struct Entry {
    original: Arc<str>,
    passes: Passes,
    /// The text to parse: instrumented, or the original when instrumenting failed.
    pub text: Arc<str>,
    /// The instrumentation's site table and the way back to the user's source; `None`
    /// when positions in `text` are the user's own.
    pub sites: Option<Arc<Sited>>,
}

/// Positions of the text the engine runs, as the isolate's [`crate::sites::Sites`] reads
/// them: through the instrumentation (which shifts columns on the lines it edits), then
/// through the compiler's map when the module was compiled from TypeScript or JSX.
#[derive(Default)]
pub(crate) struct Sited {
    instrumented: Option<Instrumented>,
    /// Specifiers written out for boa's parser, in the order made (undone last first).
    repairs: Vec<Inserted>,
    compiled: Option<Arc<dyn PositionMap>>,
    /// The text the engine runs.
    engine: Option<Arc<str>>,
}

impl Sited {
    fn source_position(&self, line: u32, column: u32) -> (u32, u32) {
        let column = self.repairs.iter().rev().fold(column, |column, r| r.original_column(line, column));
        match &self.compiled {
            Some(map) => map.original(line, column),
            None => (line, column),
        }
    }
}

impl SiteMap for Sited {
    fn site(&self, index: u32) -> Option<(u32, u32)> {
        let site = self.instrumented.as_ref()?.sites.get(index as usize)?;
        Some(self.source_position(site.line, site.column))
    }

    fn engine_text(&self) -> Option<Arc<str>> {
        self.engine.clone()
    }

    fn original_position(&self, line: u32, column: u32) -> (u32, u32) {
        let (line, column) = match &self.instrumented {
            Some(instrumented) => instrumented.original_position(line, column),
            None => (line, column),
        };
        self.source_position(line, column)
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

/// The instrumented text of module `name` (cached by name, passes and exact text; a
/// module's `compiled` map is the same for the same text).
pub(crate) fn get(
    name: &str,
    text: &Arc<str>,
    goal: Goal,
    passes: Passes,
    compiled: Option<&Arc<dyn PositionMap>>,
) -> Arc<Entry> {
    let same = |e: &&Arc<Entry>| e.passes == passes && *e.original == **text;
    {
        let cache = cache().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache.entries.get(name).and_then(|v| v.iter().find(same)) {
            return found.clone();
        }
    }
    let original = text;
    // boa 0.22's parser looks one token past `export { a }` for a `from`, and fails with
    // "abrupt end" when the module ends there without a semicolon, where ASI allows it (cborg's
    // entry module ends so). An empty statement on a line of its own after the module's
    // text gives it that token and moves no position of the user's text.
    let mut text: Arc<str> = match goal {
        Goal::Module => Arc::from(format!("{text}\n;")),
        Goal::Script => text.clone(),
    };
    // Instrument outside the lock: other threads may parse other modules meanwhile.
    let mut instrumented = crate::isolate::on_big_stack(|| instrument_with(&text, goal, passes));
    // boa 0.22 cannot parse `import { of }` (crosstalk_instrument::repair_keyword_import):
    // such a specifier is written `of as of`, one per parse, and positions map back.
    let mut repairs = Vec::new();
    while let Err(error) = &instrumented
        && repairs.len() < REPAIRS_MAX
        && let Some((repaired, inserted)) = repair_keyword_import(&text, error)
    {
        text = Arc::from(repaired);
        repairs.push(inserted);
        instrumented = crate::isolate::on_big_stack(|| instrument_with(&text, goal, passes));
    }
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = cache.entries.get(name).and_then(|v| v.iter().find(same)) {
        return found.clone();
    }
    let compiled = compiled.cloned();
    let entry = match instrumented {
        Ok(instrumented) if instrumented.edited => {
            let rewritten: Arc<str> = Arc::from(instrumented.text.as_str());
            let sites = Sited { instrumented: Some(instrumented), repairs, compiled, engine: Some(rewritten.clone()) };
            Entry { original: original.clone(), passes, text: rewritten, sites: Some(Arc::new(sites)) }
        }
        // Nothing to instrument, or a syntax error the engine reports on the original text.
        _ => {
            let sites = (compiled.is_some() || !repairs.is_empty())
                .then(|| Arc::new(Sited { instrumented: None, repairs, compiled, engine: Some(text.clone()) }));
            Entry { original: original.clone(), passes, text, sites }
        }
    };
    let entry = Arc::new(entry);
    cache.entries.entry(name.to_string()).or_default().push(entry.clone());
    entry
}
