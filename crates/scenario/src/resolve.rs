//! Module resolution as wrangler's bundler does it, over a project folder.
//!
//! Owns the mapping specifier → module name: relative paths (with bundler-style
//! extension and `index` probing), bare package specifiers through `node_modules` and
//! `package.json` (`exports`, then `module`, then `main`), and `node:` built-ins. Module
//! names are paths relative to the project root with `/` separators, so traces read
//! `node_modules/jose/dist/webapi/index.js`. No name has a `..` escaping the root; the
//! `node_modules` folders of the root's ancestors (where npm, yarn and bun workspaces
//! hoist a monorepo's packages) are searched after the project's own, as esbuild and Node
//! search them: a name under `node_modules/` that the project does not have is read from
//! the nearest ancestor that has it ([`overlay`]).
//! It reads files only to decide (package.json, "is this ESM?"); the caller reads the
//! module text.

use std::path::Path;

use crosstalk_runtime::CompatibilityDate;
use crosstalk_runtime::node_modules::{self, NodeSettings};

use crate::exports::{conditional, imports_target, subpath_target};
use crate::ordered_json::OrderedJson;
use crate::tsconfig::TsConfig;

/// The `exports` conditions wrangler bundles Workers with (esbuild's `conditions` plus
/// `import` and `default`). `require` and `node` are never taken.
pub const EXPORT_CONDITIONS: &[&str] = &["workerd", "worker", "browser", "import", "default"];

/// The conditions of a `require()` call: the same with `require` in place of `import`,
/// as esbuild applies them by the kind of the import.
pub const REQUIRE_CONDITIONS: &[&str] = &["workerd", "worker", "browser", "require", "default"];

/// What the bundle command to suggest for anything crosstalk cannot load as it is.
pub(crate) const BUNDLE_HINT: &str = "bundle the worker with `wrangler deploy --dry-run --outdir dist` and use the \
     bundle as `main` (main = \"dist/index.js\"), or point the scenario's `script` at it";

/// The `node:` modules workerd provides, for an error that lists them.
fn node_module_names() -> String {
    let names: Vec<&str> = node_modules::NODE_MODULES.iter().map(|m| m.specifier).collect();
    names.join(", ")
}

/// The extensions a path without one is tried with, in order: esbuild's defaults
/// (`.tsx`, `.ts`, `.jsx`, `.js`, `.json`) with the module variants wrangler adds.
const PROBED_EXTENSIONS: &[&str] = &[".tsx", ".ts", ".jsx", ".js", ".mts", ".mjs", ".json"];

/// A resolved specifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file, by module name (relative to the root).
    File(String),
    /// A `node:` module crosstalk provides, with its source.
    Builtin(String, &'static str),
}

/// Why a specifier does not resolve: a message naming it and advice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResolveError {
    pub message: String,
    pub hint: Option<String>,
}

impl ResolveError {
    fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), hint: None }
    }
    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// One line for the runtime's error (`ModuleSource` errors are strings).
    pub(crate) fn one_line(&self) -> String {
        match &self.hint {
            Some(hint) => format!("{} (hint: {hint})", self.message),
            None => self.message.clone(),
        }
    }
}

/// The compatibility date and flags `node:` imports are resolved under (which modules
/// exist is [`crosstalk_runtime::node_modules::NodeSettings`]'s to say).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct NodeCompat {
    pub date: Option<CompatibilityDate>,
    pub flags: Vec<String>,
}

impl NodeCompat {
    pub(crate) fn settings(&self) -> NodeSettings<'_> {
        NodeSettings { date: self.date, flags: &self.flags }
    }
}

/// The file a module name stands for: `root/name`, or, for a name under `node_modules/`
/// the project does not have, the same path under the nearest of `outer` (the ancestors
/// of the root that have a `node_modules` folder, nearest first) that has it.
pub(crate) fn overlay(root: &Path, outer: &[std::path::PathBuf], name: &str) -> std::path::PathBuf {
    let own = root.join(name);
    if name.starts_with("node_modules/")
        && !own.exists()
        && let Some(found) = outer.iter().map(|o| o.join(name)).find(|p| p.exists())
    {
        return found;
    }
    own
}

/// The ancestors of `root` that hold a `node_modules` folder, nearest first (canonical
/// paths; none when the root cannot be made canonical).
pub(crate) fn outer_node_modules(root: &Path) -> Vec<std::path::PathBuf> {
    let Ok(canonical) = root.canonicalize() else { return Vec::new() };
    canonical.ancestors().skip(1).filter(|a| a.join("node_modules").is_dir()).map(Path::to_path_buf).collect()
}

/// Resolves specifiers inside one project root.
#[derive(Clone, Copy)]
pub(crate) struct Resolver<'a> {
    pub root: &'a Path,
    /// [`outer_node_modules`] of the root.
    pub outer: &'a [std::path::PathBuf],
    pub compat: NodeSettings<'a>,
    /// The project's `tsconfig.json` aliases, for the project's own modules.
    pub tsconfig: &'a TsConfig,
    /// Resolving a `require()` (the `require` condition) rather than an `import`.
    pub require: bool,
}

impl Resolver<'_> {
    /// Resolves `specifier` imported from the module named `referrer`.
    pub(crate) fn resolve(&self, referrer: &str, specifier: &str) -> Result<Target, ResolveError> {
        if specifier.starts_with("./") || specifier.starts_with("../") || specifier == "." || specifier == ".." {
            let name = join(folder(referrer), specifier).ok_or_else(|| {
                ResolveError::new(format!("'{specifier}' imported from '{referrer}' leaves the project folder"))
            })?;
            self.file(&name, specifier, referrer).map(Target::File)
        } else if specifier.starts_with('/') {
            Err(ResolveError::new(format!(
                "absolute import '{specifier}' in '{referrer}': use a path relative to the importing module"
            )))
        } else if let Some(module) = specifier.strip_prefix("node:") {
            self.builtin(module, referrer)
        } else if let Some(module) = specifier.strip_prefix("cloudflare:") {
            // workerd's own modules, available at every compatibility date.
            match crosstalk_runtime::builtin_module(specifier) {
                Some(source) => Ok(Target::Builtin(specifier.to_string(), source)),
                None => Err(ResolveError::new(format!(
                    "'{specifier}' imported from '{referrer}' is a workerd module crosstalk does not provide yet"
                ))
                .hint(format!(
                    "crosstalk provides cloudflare:workers, cloudflare:workflows, cloudflare:sockets and \
                     cloudflare:email; '{module}' is not modelled"
                ))),
            }
        } else if let Some(aliased) = self.alias(referrer, specifier) {
            // tsconfig `paths` first, `#` keys included, as esbuild applies them.
            Ok(Target::File(aliased))
        } else if specifier.starts_with('#') {
            self.imported(referrer, specifier)
        } else {
            self.package(referrer, specifier)
        }
    }

    /// A bare specifier the tsconfig's `paths` or `baseUrl` maps to a file of the project,
    /// as esbuild applies them: only to modules outside `node_modules`, and only when the
    /// aliased file exists (else the specifier is a package).
    fn alias(&self, referrer: &str, specifier: &str) -> Option<String> {
        if referrer.split('/').any(|s| s == "node_modules") {
            return None;
        }
        self.tsconfig.aliases(specifier).iter().find_map(|name| self.probe(name))
    }

    /// A relative file with bundler probing (see [`PROBED_EXTENSIONS`]). CommonJS
    /// TypeScript (`.cts`) gets advice instead of a parse error.
    pub(crate) fn file(&self, name: &str, specifier: &str, referrer: &str) -> Result<String, ResolveError> {
        match self.probe(name) {
            Some(found) if found.ends_with(".cts") => {
                Err(ResolveError::new(format!("'{found}' is CommonJS TypeScript (.cts); crosstalk loads ES modules"))
                    .hint(BUNDLE_HINT))
            }
            Some(found) => Ok(found),
            None => Err(ResolveError::new(format!(
                "cannot find '{specifier}' imported from '{referrer}' (looked for {})",
                self.root.join(name).display()
            ))),
        }
    }

    /// The file a module path names, as esbuild probes it: the exact file, the path with
    /// each of [`PROBED_EXTENSIONS`], a TypeScript file for a `.js`/`.mjs`/`.jsx` path
    /// (TypeScript's own import convention), then the folder's `index` with each extension.
    fn probe(&self, name: &str) -> Option<String> {
        let base = name.trim_end_matches('/');
        let mut candidates = vec![name.to_string()];
        candidates.extend(PROBED_EXTENSIONS.iter().map(|e| format!("{base}{e}")));
        for (js, ts) in [(".js", &[".ts", ".tsx"][..]), (".mjs", &[".mts"][..]), (".jsx", &[".tsx"][..])] {
            if let Some(stem) = base.strip_suffix(js) {
                candidates.extend(ts.iter().map(|e| format!("{stem}{e}")));
            }
        }
        candidates.extend(PROBED_EXTENSIONS.iter().map(|e| format!("{base}/index{e}")));
        candidates.into_iter().find(|c| !c.is_empty() && self.is_file(c))
    }

    fn is_file(&self, name: &str) -> bool {
        overlay(self.root, self.outer, name).is_file()
    }

    fn builtin(&self, module: &str, referrer: &str) -> Result<Target, ResolveError> {
        let name = format!("node:{module}");
        let Some(found) = node_modules::node_module(&name) else {
            return Err(ResolveError::new(format!(
                "'{name}' imported from '{referrer}' is not a Node.js module workerd provides"
            ))
            .hint(format!("workerd's node: modules are {}; otherwise {BUNDLE_HINT}", node_module_names())));
        };
        if self.compat.enables(found) {
            return Ok(Target::Builtin(name, found.source));
        }
        if !self.compat.any_node() {
            return Err(ResolveError::new(format!(
                "'{name}' imported from '{referrer}' is a Node.js module and needs the nodejs_compat flag"
            ))
            .hint("add compatibility_flags = [\"nodejs_compat\"] to wrangler.toml or to the scenario's [runtime]"));
        }
        let gate = found.gate.expect("a module nodejs_compat does not enable has a gate of its own");
        Err(ResolveError::new(format!(
            "'{name}' imported from '{referrer}' is not available at this compatibility date and flags (workerd: \
             No such module)"
        ))
        .hint(format!(
            "add the compatibility flag \"{}\", or set the compatibility date to {} or later with nodejs_compat",
            gate.enable, gate.implied_from
        )))
    }

    fn package(&self, referrer: &str, specifier: &str) -> Result<Target, ResolveError> {
        let (package, subpath) = split_package(specifier).ok_or_else(|| {
            ResolveError::new(format!("bare import '{specifier}' in '{referrer}' is not a valid package name"))
        })?;
        let Some(dir) = self.find_package(referrer, package).map(|d| self.real_name(d)) else {
            if node_modules::node_module(&format!("node:{specifier}")).is_some() {
                return self.builtin(specifier, referrer);
            }
            return Err(ResolveError::new(format!(
                "bare import '{specifier}' in '{referrer}': no package '{package}' in the node_modules folders \
                 of the project"
            ))
            .hint(format!("run `npm install {package}` in {}", self.root.display())));
        };
        let manifest_name = format!("{dir}/package.json");
        let manifest =
            if self.is_file(&manifest_name) { self.manifest(&manifest_name)? } else { OrderedJson::Object(Vec::new()) };
        let package = Package { name: package, dir: &dir, manifest: &manifest, specifier, referrer };
        match manifest.get("exports") {
            Some(exports) if *exports != OrderedJson::Null => self.exported(&package, exports, &subpath),
            _ => self.legacy(&package, &subpath),
        }
    }

    fn manifest(&self, name: &str) -> Result<OrderedJson, ResolveError> {
        let text = std::fs::read_to_string(overlay(self.root, self.outer, name))
            .map_err(|e| ResolveError::new(format!("cannot read {name}: {e}")))?;
        serde_json::from_str::<OrderedJson>(&text)
            .map_err(|e| ResolveError::new(format!("{name}:{}:{}: bad package.json: {e}", e.line(), e.column())))
    }

    /// A `#` specifier: the `imports` of the package the referrer belongs to — the nearest
    /// `package.json` above it, the project's own for its modules (Node's
    /// PACKAGE_IMPORTS_RESOLVE, with the conditions of `exports`). A target that is a
    /// package or a `node:` module is resolved from the package's folder.
    fn imported(&self, referrer: &str, specifier: &str) -> Result<Target, ResolveError> {
        let mut dir = folder(referrer).to_string();
        let manifest_name = loop {
            let candidate = if dir.is_empty() { "package.json".to_string() } else { format!("{dir}/package.json") };
            if self.is_file(&candidate) {
                break candidate;
            }
            if dir.is_empty() {
                return Err(ResolveError::new(format!(
                    "'{specifier}' imported from '{referrer}' is a package import, but no package.json encloses \
                     '{referrer}'"
                ))
                .hint("declare it in the \"imports\" field of the package.json of the importing package"));
            }
            dir = folder(&dir).to_string();
        };
        let manifest = self.manifest(&manifest_name)?;
        let conditions = if self.require { REQUIRE_CONDITIONS } else { EXPORT_CONDITIONS };
        let mut skipped = Vec::new();
        let target =
            manifest.get("imports").and_then(|imports| imports_target(conditions, imports, specifier, &mut skipped));
        let Some(target) = target else {
            return Err(ResolveError::new(format!(
                "'{specifier}' imported from '{referrer}' is not defined in the \"imports\" of {manifest_name}"
            ))
            .hint(format!("crosstalk resolves imports with the conditions {}", conditions.join(", "))));
        };
        if !target.starts_with("./") {
            return self.resolve(&manifest_name, &target);
        }
        let name = join(&dir, &target).filter(|n| n.starts_with(&dir)).ok_or_else(|| {
            ResolveError::new(format!("{manifest_name} imports '{specifier}' as '{target}', outside the package"))
        })?;
        self.file(&name, specifier, referrer).map(Target::File)
    }

    /// The nearest `node_modules/<package>` folder from the referrer's folder up to the
    /// root, by module name.
    fn find_package(&self, referrer: &str, package: &str) -> Option<String> {
        let mut dir = folder(referrer).to_string();
        loop {
            if !dir.ends_with("node_modules") {
                let candidate = if dir.is_empty() {
                    format!("node_modules/{package}")
                } else {
                    format!("{dir}/node_modules/{package}")
                };
                if overlay(self.root, self.outer, &candidate).is_dir() {
                    return Some(candidate);
                }
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir.rfind('/').map_or(String::new(), |i| dir[..i].to_string());
        }
    }

    /// The module name of the folder a package name reached through a symlink really is,
    /// as Node and esbuild identify modules by their real path: pnpm links
    /// `node_modules/hono` to `node_modules/.pnpm/hono@4.6.0/node_modules/hono`, whose own
    /// dependencies are its siblings there, found by the usual walk up from the real
    /// folder. A real path under the project root is named from the root; one under an
    /// outer `node_modules` (a pnpm workspace's store at the monorepo root) by its path
    /// there, which [`overlay`] finds; anything else (a workspace package linked from
    /// `packages/`) keeps the linked name.
    fn real_name(&self, name: String) -> String {
        let linked = overlay(self.root, self.outer, &name);
        if !linked.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            // The package folder itself is no link (pnpm links a scoped package at its last
            // segment too): nothing to follow.
            return name;
        }
        let Ok(real) = linked.canonicalize() else { return name };
        let named = |base: &Path| -> Option<String> {
            let relative = real.strip_prefix(base).ok()?;
            let parts: Option<Vec<&str>> = relative.components().map(|c| c.as_os_str().to_str()).collect();
            Some(parts?.join("/"))
        };
        if let Some(own) = self.root.canonicalize().ok().and_then(|root| named(&root)) {
            return own;
        }
        for outer in self.outer {
            if let Some(there) = named(outer).filter(|n| n.starts_with("node_modules/"))
                && !self.root.join(&there).exists()
            {
                return there;
            }
        }
        name
    }

    /// `exports` (Node's PACKAGE_EXPORTS_RESOLVE with our conditions).
    fn exported(&self, package: &Package, exports: &OrderedJson, subpath: &str) -> Result<Target, ResolveError> {
        let sugar = match exports {
            OrderedJson::Object(entries) => !entries.iter().any(|(k, _)| k.starts_with('.')),
            _ => true,
        };
        let mut skipped = Vec::new();
        let conditions = if self.require { REQUIRE_CONDITIONS } else { EXPORT_CONDITIONS };
        let target = if sugar {
            if subpath == "." { conditional(conditions, exports, None, &mut skipped) } else { None }
        } else {
            subpath_target(conditions, exports, subpath, &mut skipped)
        };
        let Some(target) = target else {
            let name = package.name;
            if !self.require && skipped.iter().any(|c| c == "require") {
                // Exports for `require` only: loaded as CommonJS, as an ES module may import one.
                let require = Resolver { require: true, ..*self };
                return require.exported(package, exports, subpath);
            }
            return Err(ResolveError::new(format!(
                "package '{name}' does not export '{subpath}' (imported as '{}')",
                package.specifier
            ))
            .hint(format!("crosstalk resolves exports with the conditions {}", conditions.join(", "))));
        };
        let name = join(package.dir, &target).filter(|n| n.starts_with(package.dir)).ok_or_else(|| {
            ResolveError::new(format!(
                "package '{}' exports '{subpath}' as '{target}', outside the package",
                package.name
            ))
        })?;
        if !self.is_file(&name) {
            return Err(ResolveError::new(format!(
                "package '{}' exports '{subpath}' as '{target}', which does not exist ({})",
                package.name,
                self.root.join(&name).display()
            )));
        }
        Ok(Target::File(name))
    }

    /// No `exports`: `module`, then `main` (default `index.js`) for the package itself; the
    /// file under the package folder for a deep import.
    fn legacy(&self, package: &Package, subpath: &str) -> Result<Target, ResolveError> {
        // `require("punycode/")` (tr46) names the package folder itself, as a directory:
        // its entry, never a built-in module of the same name.
        let subpath = if subpath == "./" { "." } else { subpath };
        let field = |f: &str| package.manifest.get(f).and_then(OrderedJson::as_str).map(str::to_string);
        let entry = if subpath != "." {
            subpath.to_string()
        } else if let Some(module) = field("module") {
            module
        } else {
            field("main").unwrap_or_else(|| "index.js".into())
        };
        let relative =
            if entry.starts_with("./") || entry.starts_with("../") { entry.clone() } else { format!("./{entry}") };
        let name = join(package.dir, &relative).filter(|n| n.starts_with(package.dir)).ok_or_else(|| {
            ResolveError::new(format!("package '{}' points at '{entry}', outside the package", package.name))
        })?;
        let found = self.file(&name, package.specifier, package.referrer)?;
        Ok(Target::File(found))
    }
}

struct Package<'a> {
    name: &'a str,
    /// Module name of the package folder (`node_modules/jose`).
    dir: &'a str,
    manifest: &'a OrderedJson,
    specifier: &'a str,
    referrer: &'a str,
}

/// `@scope/pkg/sub` → (`@scope/pkg`, `./sub`); `pkg` → (`pkg`, `.`).
fn split_package(specifier: &str) -> Option<(&str, String)> {
    let mut parts = specifier.splitn(if specifier.starts_with('@') { 3 } else { 2 }, '/');
    let first = parts.next()?;
    let name_len = if specifier.starts_with('@') {
        let second = parts.next().filter(|s| !s.is_empty())?;
        first.len() + 1 + second.len()
    } else {
        first.len()
    };
    let name = &specifier[..name_len];
    if name.is_empty() || name.starts_with('.') || name.contains('\\') || name.contains('%') {
        return None;
    }
    let rest = &specifier[name_len..];
    Some((name, if rest.is_empty() { ".".to_string() } else { format!(".{rest}") }))
}

/// The folder part of a module name (`a/b.js` → `a`, `b.js` → ``).
fn folder(name: &str) -> &str {
    name.rfind('/').map_or("", |i| &name[..i])
}

/// Joins a relative path onto a folder (both `/`-separated, relative to the root);
/// `None` when it climbs above the root.
pub(crate) fn join(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if relative.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_package_handles_scopes_and_subpaths() {
        assert_eq!(split_package("jose"), Some(("jose", ".".into())));
        assert_eq!(split_package("jose/jwt/sign"), Some(("jose", "./jwt/sign".into())));
        assert_eq!(split_package("@scope/pkg"), Some(("@scope/pkg", ".".into())));
        assert_eq!(split_package("@scope/pkg/sub"), Some(("@scope/pkg", "./sub".into())));
        assert_eq!(split_package("@scope"), None);
    }

    #[test]
    fn join_never_climbs_above_the_root() {
        assert_eq!(join("a/b", "../c.js").as_deref(), Some("a/c.js"));
        assert_eq!(join("", "./x/./y.js").as_deref(), Some("x/y.js"));
        assert_eq!(join("a", "../../x.js"), None);
    }
}
