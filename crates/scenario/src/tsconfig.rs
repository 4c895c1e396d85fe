//! The project's `tsconfig.json`, as wrangler's bundler reads it: the compiler options
//! that change emitted code (JSX, decorators, class fields) and the module aliases
//! (`baseUrl`, `paths`).
//!
//! Owns: finding the file (the project root's `tsconfig.json`), following `extends`
//! (relative files and packages, child options winning), and the alias lookup. A missing
//! file is the defaults esbuild uses; a malformed one is a located [`LoadError`].

use std::path::Path;

use serde_json::Value;

use crate::error::LoadError;
use crate::jsonc;
use crate::resolve::join;

/// `extends` chains longer than this are refused (a loop, in practice).
const EXTENDS_DEPTH_MAX: usize = 16;

/// What crosstalk uses of a project's tsconfig.
#[derive(Clone, Debug, Default)]
pub(crate) struct TsConfig {
    pub options: crosstalk_transpile::Options,
    /// Module-name folder that `paths` targets are relative to: `baseUrl`, else the
    /// folder of the tsconfig that declared `paths`.
    paths_base: String,
    /// `baseUrl`, when set: bare specifiers are also looked up under it.
    base_url: Option<String>,
    /// `paths` patterns (at most one `*`) and their targets, in file order.
    paths: Paths,
}

/// tsconfig `paths`: each pattern with its targets, in file order.
type Paths = Vec<(String, Vec<String>)>;

/// Options as read, before defaults: a child's set options override its parent's.
#[derive(Default)]
struct Raw {
    jsx: Option<String>,
    jsx_factory: Option<String>,
    jsx_fragment: Option<String>,
    jsx_import_source: Option<String>,
    experimental_decorators: Option<bool>,
    emit_decorator_metadata: Option<bool>,
    use_define_for_class_fields: Option<bool>,
    /// (module-name folder of the file that set it, value)
    base_url: Option<(String, String)>,
    paths: Option<(String, Paths)>,
}

impl TsConfig {
    /// The tsconfig of the project rooted at `root` (defaults when there is none).
    pub(crate) fn load(root: &Path) -> Result<Self, LoadError> {
        if !root.join("tsconfig.json").is_file() {
            return Ok(Self::default());
        }
        let mut raw = Raw::default();
        read(root, "tsconfig.json", &mut raw, 0)?;
        let classic = matches!(raw.jsx.as_deref(), None | Some("react") | Some("preserve"));
        let jsx = if classic {
            crosstalk_transpile::Jsx::Classic {
                factory: raw.jsx_factory.unwrap_or_else(|| "React.createElement".to_string()),
                fragment: raw.jsx_fragment.unwrap_or_else(|| "React.Fragment".to_string()),
            }
        } else {
            crosstalk_transpile::Jsx::Automatic {
                import_source: raw.jsx_import_source.unwrap_or_else(|| "react".to_string()),
            }
        };
        let base_url = raw.base_url.and_then(|(folder, value)| join(&folder, &value));
        let (paths_folder, paths) = raw.paths.unwrap_or_default();
        Ok(Self {
            options: crosstalk_transpile::Options {
                jsx,
                experimental_decorators: raw.experimental_decorators.unwrap_or(false),
                emit_decorator_metadata: raw.emit_decorator_metadata.unwrap_or(false),
                use_define_for_class_fields: raw.use_define_for_class_fields.unwrap_or(true),
                define: Vec::new(),
            },
            paths_base: base_url.clone().unwrap_or(paths_folder),
            base_url,
            paths,
        })
    }

    /// The module names (relative to the root, without probing) an alias maps `specifier`
    /// to, best match first: the `paths` pattern with the longest prefix, then `baseUrl`.
    pub(crate) fn aliases(&self, specifier: &str) -> Vec<String> {
        let mut best: Option<(usize, &str, &Vec<String>)> = None;
        for (pattern, targets) in &self.paths {
            let matched = match pattern.split_once('*') {
                None => (pattern == specifier).then_some((usize::MAX, "")),
                Some((prefix, suffix)) => (specifier.len() >= prefix.len() + suffix.len()
                    && specifier.starts_with(prefix)
                    && specifier.ends_with(suffix))
                .then(|| (prefix.len(), &specifier[prefix.len()..specifier.len() - suffix.len()])),
            };
            if let Some((rank, star)) = matched
                && best.is_none_or(|(r, _, _)| rank > r)
            {
                best = Some((rank, star, targets));
            }
        }
        let mut out: Vec<String> = match best {
            Some((_, star, targets)) => {
                targets.iter().filter_map(|t| join(&self.paths_base, &t.replacen('*', star, 1))).collect()
            }
            None => Vec::new(),
        };
        if let Some(aliased) = self.base_url.as_deref().and_then(|base| join(base, specifier)) {
            out.push(aliased);
        }
        out
    }
}

/// Reads the tsconfig `name` (a module name) into `raw`, parents first.
fn read(root: &Path, name: &str, raw: &mut Raw, depth: usize) -> Result<(), LoadError> {
    let file = root.join(name);
    if depth > EXTENDS_DEPTH_MAX {
        return Err(LoadError::file(&file, format!("tsconfig `extends` is nested more than {EXTENDS_DEPTH_MAX} deep")));
    }
    let text = std::fs::read_to_string(&file).map_err(|e| LoadError::file(&file, format!("cannot read: {e}")))?;
    let json = jsonc::to_json(&text);
    let value: Value = serde_json::from_str(&json)
        .map_err(|e| LoadError::at_line(&file, &text, e.line(), e.column(), format!("bad tsconfig: {e}")))?;
    let folder = name.rfind('/').map_or(String::new(), |i| name[..i].to_string());
    let parents = match value.get("extends") {
        None => Vec::new(),
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(many)) => many.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        Some(_) => return Err(LoadError::file(&file, "tsconfig `extends` must be a string or a list of strings")),
    };
    for parent in parents {
        let parent_name = extended(root, &folder, &parent).ok_or_else(|| {
            LoadError::file(&file, format!("tsconfig `extends` names '{parent}', which is not in the project"))
        })?;
        read(root, &parent_name, raw, depth + 1)?;
    }
    let Some(options) = value.get("compilerOptions").and_then(Value::as_object) else { return Ok(()) };
    let string = |key: &str| options.get(key).and_then(Value::as_str).map(str::to_string);
    let boolean = |key: &str| options.get(key).and_then(Value::as_bool);
    raw.jsx = string("jsx").map(|s| s.to_ascii_lowercase()).or(raw.jsx.take());
    raw.jsx_factory = string("jsxFactory").or(raw.jsx_factory.take());
    raw.jsx_fragment = string("jsxFragmentFactory").or(raw.jsx_fragment.take());
    raw.jsx_import_source = string("jsxImportSource").or(raw.jsx_import_source.take());
    raw.experimental_decorators = boolean("experimentalDecorators").or(raw.experimental_decorators);
    raw.emit_decorator_metadata = boolean("emitDecoratorMetadata").or(raw.emit_decorator_metadata);
    raw.use_define_for_class_fields = boolean("useDefineForClassFields").or(raw.use_define_for_class_fields);
    if let Some(base) = string("baseUrl") {
        raw.base_url = Some((folder.clone(), base));
    }
    if let Some(paths) = options.get("paths").and_then(Value::as_object) {
        let paths = paths
            .iter()
            .map(|(pattern, targets)| {
                let targets = targets.as_array().map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_string)));
                (pattern.clone(), targets.map(Iterator::collect).unwrap_or_default())
            })
            .collect();
        raw.paths = Some((folder, paths));
    }
    Ok(())
}

/// The module name of an `extends` target: a relative file, or a package's file in the
/// root's `node_modules` (`@tsconfig/strictest/tsconfig.json` or the package's folder).
fn extended(root: &Path, folder: &str, target: &str) -> Option<String> {
    let base = if target.starts_with("./") || target.starts_with("../") {
        join(folder, target)?
    } else {
        join("node_modules", target)?
    };
    [base.clone(), format!("{base}.json"), format!("{base}/tsconfig.json")].into_iter().find(|n| root.join(n).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        }
        dir
    }

    #[test]
    fn paths_resolve_longest_prefix_first_relative_to_base_url() {
        // As TypeScript's module resolution documents: the longest matching prefix wins,
        // targets are relative to baseUrl.
        let dir = project(&[(
            "tsconfig.json",
            r#"{ // comments and trailing commas, as tsc accepts
                "compilerOptions": { "baseUrl": "./src", "paths": { "@/*": ["./*"], "@/lib/*": ["./lib/*", "./vendor/*"], "config": ["./config.ts"], }, },
            }"#,
        )]);
        let config = TsConfig::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.aliases("@/lib/x"), ["src/lib/x", "src/vendor/x", "src/@/lib/x"]);
        assert_eq!(config.aliases("@/routes/a"), ["src/routes/a", "src/@/routes/a"]);
        assert_eq!(config.aliases("config"), ["src/config.ts", "src/config"]);
    }

    #[test]
    fn extends_is_followed_and_the_child_wins() {
        let dir = project(&[
            (
                "tsconfig.base.json",
                r#"{ "compilerOptions": { "jsx": "react-jsx", "jsxImportSource": "preact", "paths": { "~/*": ["./app/*"] } } }"#,
            ),
            (
                "tsconfig.json",
                r#"{ "extends": "./tsconfig.base.json", "compilerOptions": { "jsxImportSource": "hono/jsx" } }"#,
            ),
        ]);
        let config = TsConfig::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let automatic = crosstalk_transpile::Jsx::Automatic { import_source: "hono/jsx".to_string() };
        assert_eq!(config.options.jsx, automatic);
        // No baseUrl: paths are relative to the tsconfig that declared them.
        assert_eq!(config.aliases("~/db"), ["app/db"]);
        assert!(config.aliases("hono").is_empty());
    }

    #[test]
    fn a_malformed_tsconfig_is_a_located_error() {
        let dir = project(&[("tsconfig.json", "{\n  \"compilerOptions\": {\n    \"jsx\": react\n  }\n}\n")]);
        let error = TsConfig::load(dir.path()).unwrap_err();
        assert_eq!((error.line, error.column), (3, 12), "{error}");
    }
}
