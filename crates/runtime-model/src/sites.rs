//! The sites table: the `await` and async-function sites of the modules an isolate
//! loaded instrumented (crosstalk-instrument), and the map from positions in the
//! instrumented text back to the user's source.
//!
//! Invariant: holds no JS value; every location it returns is in the user's original
//! source (`file:line:col` as the user wrote it).

use std::cell::RefCell;

use crate::location::RawLocation;

/// An instrumented module's site table and position map.
pub(crate) trait SiteMap: Send + Sync {
    /// The original (line, column) of the module's site `index`.
    fn site(&self, index: u32) -> Option<(u32, u32)>;
    /// Maps a position of the instrumented text back to the original source.
    fn original_position(&self, line: u32, column: u32) -> (u32, u32);
    /// The text the engine runs (instrumented), when the module was instrumented.
    fn engine_text(&self) -> Option<std::sync::Arc<str>>;
}

/// The `await` and async-function sites of the instrumented modules an isolate loaded.
#[derive(Default)]
pub(crate) struct Sites {
    modules: RefCell<Vec<SitesOf>>,
}

/// One module's path and site map.
type SitesOf = (std::rc::Rc<std::path::Path>, std::sync::Arc<dyn SiteMap>);

impl Sites {
    pub(crate) fn add(&self, path: std::rc::Rc<std::path::Path>, module: std::sync::Arc<dyn SiteMap>) {
        self.modules.borrow_mut().push((path, module));
    }

    fn find(&self, path: &std::path::Path) -> Option<std::sync::Arc<dyn SiteMap>> {
        self.modules.borrow().iter().find(|(p, _)| &**p == path).map(|(_, m)| m.clone())
    }

    /// The original source location of site `number` of the module at `path`.
    pub(crate) fn location(&self, path: &std::rc::Rc<std::path::Path>, number: u32) -> Option<RawLocation> {
        let (line, column) = self.find(path)?.site(number)?;
        Some(RawLocation::new(Some(path.clone()), line, column))
    }

    /// The instrumented text the engine runs for `path`.
    pub(crate) fn engine_text(&self, path: &std::path::Path) -> Option<std::sync::Arc<str>> {
        self.find(path)?.engine_text()
    }

    /// Maps a position in the instrumented text of `path` back to the user's source.
    pub(crate) fn original(&self, path: &std::path::Path, line: u32, column: u32) -> (u32, u32) {
        match self.find(path) {
            Some(module) => module.original_position(line, column),
            None => (line, column),
        }
    }
}
