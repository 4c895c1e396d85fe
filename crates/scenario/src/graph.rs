//! The module graph check of `load`: every static import of a module worker resolves.
//!
//! Owns turning a bad import anywhere in the graph (a package that does not export it, a `node:`
//! module without `nodejs_compat`, a missing file) into a [`LoadError`] at the file, line
//! and column of the import, before any run starts. It resolves exactly as the runtime
//! will (through the same [`FsSource`]) and never evaluates anything. Dynamic
//! `import()` is left to run time: it may sit on a path that never runs.

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::{LoadError, line_column};
use crate::resolve::Target;
use crate::scan::scan;
use crate::source::{Compiled, FsSource, ModuleRule};

/// Files past this many are not checked (a bundle is one file; a project with more
/// modules than this still fails at run time with the runtime's error).
pub(crate) const GRAPH_MODULES_MAX: usize = 5_000;

/// Resolves every static import reachable from the main module of `source`.
pub(crate) fn check_imports(source: &FsSource, root: &Path) -> Result<(), LoadError> {
    let main = source.main_name().to_string();
    let mut seen = BTreeSet::from([main.clone()]);
    let mut queue = vec![main];
    while let Some(name) = queue.pop() {
        if seen.len() > GRAPH_MODULES_MAX {
            break;
        }
        let text = source.text(&name).map_err(|e| LoadError::file(root.join(&name), e))?;
        // A TypeScript module's imports are read from its JavaScript (type-only imports are
        // gone) and located back in the TypeScript.
        let compiled = source.compiled(&name)?;
        let code = compiled.as_ref().map_or(&text, |c| &c.code);
        for import in scan(code).imports {
            match source.target(&name, &import.specifier) {
                Ok(Target::File(next)) if source.rule_of(&next) == Some(ModuleRule::Python) => {
                    let error = ModuleRule::python_error(&next);
                    return Err(locate(&root.join(&name), &text, compiled.as_ref(), import.offset, error));
                }
                Ok(Target::File(next)) => {
                    // Only JavaScript (and what compiles to it) has imports to follow.
                    let script = !next.ends_with(".json") && source.rule_of(&next).is_none();
                    if script && seen.insert(next.clone()) {
                        queue.push(next);
                    }
                }
                Ok(Target::Builtin(..)) => {}
                Err(e) => {
                    let error = locate(&root.join(&name), &text, compiled.as_ref(), import.offset, e.message);
                    return Err(match e.hint {
                        Some(hint) => error.with_hint(hint),
                        None => error,
                    });
                }
            }
        }
    }
    Ok(())
}

/// An error at byte `offset` of a module's code, located in the file the user wrote
/// (`text`; for a compiled module, through its position map).
fn locate(file: &Path, text: &str, compiled: Option<&Compiled>, offset: usize, message: String) -> LoadError {
    match compiled {
        Some(c) => {
            let (line, column) = line_column(&c.code, offset);
            let (line, column) = c.positions.original(line as u32, column as u32);
            LoadError::at_line(file, text, line as usize, column as usize, message)
        }
        None => LoadError::at(file, text, offset, message),
    }
}
