//! Where a module graph fails to link, said as V8 says it, at the import that asks.
//!
//! boa 0.22 links a graph and reports a missing export as ``SyntaxError: could not find
//! export `x` `` with no module and no position. When that happens the graph is walked
//! again from the main module through the [`ModuleSource`] (every text it serves is
//! cached), each module's interface is read ([`crosstalk_instrument::module_interface`]),
//! and the first import of `x` that its module cannot answer (ECMA-262 ResolveExport:
//! its own and named re-exports, then `export *`, never for `default`) is the error:
//! workerd's text, ``SyntaxError: The requested module './lib.mjs' does not provide an
//! export named 'x'``, at the import's line in the user's file, with what the module
//! does export.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crosstalk_instrument::{ModuleInterface, module_interface};

use crate::ModelError;
use crate::model::{ModuleSource, ResolvedModule};

/// How many of a module's export names a hint lists.
const NAMES_SHOWN: usize = 12;

/// boa's text for an import of a name the imported module does not export.
const BOA_MISSING_EXPORT: &str = "could not find export `";

/// The located error for boa's link error `message`, when it is a missing export and the
/// import that asks for it is found; `None` leaves boa's error as it is.
pub(crate) fn locate(source: &dyn ModuleSource, main: &ResolvedModule, message: &str) -> Option<ModelError> {
    let wanted = message.split_once(BOA_MISSING_EXPORT)?.1.split_once('`')?.0;
    let mut graph = Graph { source, modules: BTreeMap::new() };
    let mut order = Vec::new();
    let mut queue = VecDeque::from([main.clone()]);
    let mut seen = BTreeSet::from([main.name.clone()]);
    while let Some(module) = queue.pop_front() {
        let name = module.name.clone();
        graph.modules.insert(name.clone(), Node::of(module));
        order.push(name.clone());
        let requests = graph.modules[&name].interface.as_ref().map(|i| i.requests.clone()).unwrap_or_default();
        for specifier in requests {
            if let Ok(next) = source.resolve(&name, &specifier)
                && seen.insert(next.name.clone())
            {
                queue.push_back(next);
            }
        }
    }
    for name in &order {
        let node = &graph.modules[name];
        let Some(interface) = &node.interface else { continue };
        let positions = node.module.positions.clone();
        let imports: Vec<_> = interface.imports.iter().filter(|i| i.name == wanted).cloned().collect();
        for import in imports {
            let Ok(target) = source.resolve(name, &import.specifier) else { continue };
            // ResolveExport without ambiguity: the name among all the module exports.
            if graph.names(&target.name, &mut BTreeSet::new()).is_none_or(|names| names.contains(wanted)) {
                continue;
            }
            let (line, column) = match &positions {
                Some(map) => map.original(import.line, import.column),
                None => (import.line, import.column),
            };
            let at = format!("{name}:{line}:{column}");
            let offered = graph.names(&target.name, &mut BTreeSet::new()).map(|names| {
                let shown: Vec<&str> = names.iter().take(NAMES_SHOWN).map(String::as_str).collect();
                let more = names.len().saturating_sub(NAMES_SHOWN);
                if more == 0 { shown.join(", ") } else { format!("{} and {more} more", shown.join(", ")) }
            });
            let hint = match offered.filter(|names| !names.is_empty()) {
                Some(names) if wanted == "default" => format!(
                    "'{}' has no default export (it exports {}): import it as `import * as name from '{}'` or by name",
                    target.name, names, import.specifier
                ),
                Some(names) => format!("'{}' exports {names}", target.name),
                None => format!("'{}' exports no names", target.name),
            };
            return Some(ModelError::Startup {
                message: format!(
                    "SyntaxError: The requested module '{}' does not provide an export named '{wanted}'",
                    import.specifier
                ),
                stack: Some(format!("    at {at}\n  hint: {hint}")),
                file: at,
            });
        }
    }
    None
}

struct Node {
    module: ResolvedModule,
    /// `None` when the text is not an ES module crosstalk can read (the engine decides).
    interface: Option<ModuleInterface>,
}

impl Node {
    fn of(module: ResolvedModule) -> Node {
        let default_only = || ModuleInterface { exports: vec!["default".to_string()], ..ModuleInterface::default() };
        let interface = if module.json || crate::host::wasm::bytes_of(&module.source).is_some() {
            Some(default_only())
        } else {
            module_interface(&module.source).ok()
        };
        Node { module, interface }
    }
}

struct Graph<'a> {
    source: &'a dyn ModuleSource,
    modules: BTreeMap<String, Node>,
}

impl Graph<'_> {
    /// The names module `name` exports, sorted (its stars' without `default`); `None` when
    /// some module on the way cannot be read.
    fn names(&mut self, name: &str, visited: &mut BTreeSet<String>) -> Option<BTreeSet<String>> {
        if !visited.insert(name.to_string()) {
            return Some(BTreeSet::new());
        }
        let interface = self.modules.get(name)?.interface.clone()?;
        let mut names: BTreeSet<String> = interface.exports.iter().cloned().collect();
        for star in &interface.stars {
            let target = self.node(name, star)?;
            names.extend(self.names(&target, visited)?.into_iter().filter(|n| n != "default"));
        }
        Some(names)
    }

    /// The module `specifier` names from `referrer`, read once.
    fn node(&mut self, referrer: &str, specifier: &str) -> Option<String> {
        let target = self.source.resolve(referrer, specifier).ok()?;
        let name = target.name.clone();
        self.modules.entry(name.clone()).or_insert_with(|| Node::of(target));
        Some(name)
    }
}
