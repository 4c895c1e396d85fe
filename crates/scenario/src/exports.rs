//! `package.json` `exports`: which file a package offers for a subpath (Node's
//! PACKAGE_EXPORTS_RESOLVE), under the conditions wrangler bundles Workers with.
//!
//! Pure functions over the parsed `exports` value: they return the target as written
//! (`./dist/index.js`) and never touch the file system; [`crate::resolve`] checks it.

use crate::ordered_json::OrderedJson;

/// The subpath map of `exports`: an exact key, else the best `*` pattern (longest prefix,
/// then longest key: Node's PATTERN_KEY_COMPARE), else a legacy folder key ending in `/`.
pub(crate) fn subpath_target(
    conditions: &[&str],
    exports: &OrderedJson,
    subpath: &str,
    skipped: &mut Vec<String>,
) -> Option<String> {
    mapped(Targets::Files, conditions, exports, subpath, skipped)
}

/// `imports` (Node's PACKAGE_IMPORTS_RESOLVE): the same matching over its `#` keys; a
/// target is a file of the package (`./lib/x.js`) or a bare specifier — another package,
/// or a `node:` module — that the caller resolves from the package's folder.
pub(crate) fn imports_target(
    conditions: &[&str],
    imports: &OrderedJson,
    specifier: &str,
    skipped: &mut Vec<String>,
) -> Option<String> {
    debug_assert!(specifier.starts_with('#'), "an imports key starts with #: {specifier}");
    mapped(Targets::FilesOrPackages, conditions, imports, specifier, skipped)
}

/// What a target string may be.
#[derive(Clone, Copy, PartialEq)]
enum Targets {
    /// `exports`: files of the package only (`./…`).
    Files,
    /// `imports`: files of the package, or bare specifiers.
    FilesOrPackages,
}

fn mapped(
    targets: Targets,
    conditions: &[&str],
    exports: &OrderedJson,
    subpath: &str,
    skipped: &mut Vec<String>,
) -> Option<String> {
    let OrderedJson::Object(entries) = exports else { return None };
    if !subpath.contains('*')
        && let Some((_, target)) = entries.iter().find(|(k, _)| k == subpath)
    {
        return resolved(targets, conditions, target, None, skipped);
    }
    let mut best: Option<(&str, &OrderedJson, String)> = None;
    for (key, target) in entries {
        let Some((base, trailer)) = key.split_once('*') else { continue };
        if trailer.contains('*') || !subpath.starts_with(base) || subpath == base {
            continue;
        }
        let fits = trailer.is_empty() || (subpath.len() >= key.len() && subpath.ends_with(trailer));
        if !fits {
            continue;
        }
        let better = match &best {
            None => true,
            Some((k, _, _)) => {
                let best_base = k.find('*').unwrap_or(k.len());
                base.len() > best_base || (base.len() == best_base && key.len() > k.len())
            }
        };
        if better {
            let matched = subpath[base.len()..subpath.len() - trailer.len()].to_string();
            best = Some((key, target, matched));
        }
    }
    if let Some((_, target, matched)) = best {
        return resolved(targets, conditions, target, Some(&matched), skipped);
    }
    let folder = entries
        .iter()
        .filter(|(k, _)| k.ends_with('/') && subpath.starts_with(k.as_str()))
        .max_by_key(|(k, _)| k.len());
    let (key, target) = folder?;
    let base = resolved(targets, conditions, target, None, skipped)?;
    Some(format!("{base}{}", &subpath[key.len()..]))
}

/// A target: a `./` string (with `*` replaced), `null`, an array of alternatives (the
/// first that resolves), or a conditions object tried in the package's key order, taking
/// the keys in `conditions` (wrangler's: [`crate::resolve::EXPORT_CONDITIONS`] for `import`, [`crate::resolve::REQUIRE_CONDITIONS`] for `require`). Condition keys not taken are added to `skipped`.
pub(crate) fn conditional(
    conditions: &[&str],
    target: &OrderedJson,
    matched: Option<&str>,
    skipped: &mut Vec<String>,
) -> Option<String> {
    resolved(Targets::Files, conditions, target, matched, skipped)
}

fn resolved(
    targets: Targets,
    conditions: &[&str],
    target: &OrderedJson,
    matched: Option<&str>,
    skipped: &mut Vec<String>,
) -> Option<String> {
    // A bare target of `imports`: not a path that climbs or starts at the root.
    let bare = |s: &str| {
        targets == Targets::FilesOrPackages
            && !s.is_empty()
            && !s.starts_with('.')
            && !s.starts_with('/')
            && !s.starts_with('#')
    };
    match target {
        OrderedJson::String(s) if s.starts_with("./") || bare(s) => Some(match matched {
            Some(m) => s.replace('*', m),
            None => s.clone(),
        }),
        OrderedJson::Array(alternatives) => {
            alternatives.iter().find_map(|t| resolved(targets, conditions, t, matched, skipped))
        }
        OrderedJson::Object(keys) => {
            for (condition, value) in keys {
                if conditions.contains(&condition.as_str()) {
                    if let Some(found) = resolved(targets, conditions, value, matched, skipped) {
                        return Some(found);
                    }
                } else if !skipped.contains(condition) {
                    skipped.push(condition.clone());
                }
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::EXPORT_CONDITIONS;

    fn json(text: &str) -> OrderedJson {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn conditions_follow_key_order_and_skip_require_and_node() {
        let mut skipped = Vec::new();
        let t = json(r#"{"node": "./n.js", "require": "./r.cjs", "import": "./i.js", "workerd": "./w.js"}"#);
        assert_eq!(conditional(EXPORT_CONDITIONS, &t, None, &mut skipped).as_deref(), Some("./i.js"));
        assert_eq!(skipped, ["node", "require"]);
        let nested = json(r#"{"browser": {"require": "./r.cjs", "default": "./b.js"}, "default": "./d.js"}"#);
        assert_eq!(conditional(EXPORT_CONDITIONS, &nested, None, &mut skipped).as_deref(), Some("./b.js"));
        let alternatives = json(r#"[{"require": "./r.cjs"}, "./second.js"]"#);
        assert_eq!(conditional(EXPORT_CONDITIONS, &alternatives, None, &mut skipped).as_deref(), Some("./second.js"));
    }

    /// Node's documentation of `imports`: `"#dep": {"node": "dep-node-native", "default":
    /// "./dep-polyfill.js"}` and `"#internal/*.js": "./src/internal/*.js"`.
    #[test]
    fn imports_map_hash_keys_to_files_or_packages() {
        let imports = json(
            r##"{"#dep": {"node": "dep-node-native", "default": "./dep-polyfill.js"},
                "#internal/*.js": "./src/internal/*.js", "#pkg": "other-package/sub", "#fs": "node:fs",
                "#up": "../outside.js"}"##,
        );
        let mut s = Vec::new();
        let target = |specifier: &str, s: &mut Vec<String>| imports_target(EXPORT_CONDITIONS, &imports, specifier, s);
        assert_eq!(target("#dep", &mut s).as_deref(), Some("./dep-polyfill.js"));
        assert_eq!(target("#internal/z.js", &mut s).as_deref(), Some("./src/internal/z.js"));
        assert_eq!(target("#pkg", &mut s).as_deref(), Some("other-package/sub"));
        assert_eq!(target("#fs", &mut s).as_deref(), Some("node:fs"));
        assert_eq!(target("#up", &mut s), None, "a target may not climb out of the package");
        assert_eq!(target("#missing", &mut s), None);
        // exports never take a bare target.
        let exports = json(r#"{".": "other-package"}"#);
        assert_eq!(subpath_target(EXPORT_CONDITIONS, &exports, ".", &mut s), None);
    }

    #[test]
    fn subpath_patterns_take_the_longest_prefix() {
        let exports = json(
            r#"{".": "./i.js", "./features/*": "./f/*.js", "./features/private/*": null,
                "./features/*.css": "./css/*.css", "./legacy/": "./old/"}"#,
        );
        let mut s = Vec::new();
        assert_eq!(subpath_target(EXPORT_CONDITIONS, &exports, ".", &mut s).as_deref(), Some("./i.js"));
        assert_eq!(
            subpath_target(EXPORT_CONDITIONS, &exports, "./features/a/b", &mut s).as_deref(),
            Some("./f/a/b.js")
        );
        assert_eq!(subpath_target(EXPORT_CONDITIONS, &exports, "./features/private/x", &mut s), None);
        assert_eq!(
            subpath_target(EXPORT_CONDITIONS, &exports, "./features/x.css", &mut s).as_deref(),
            Some("./css/x.css")
        );
        assert_eq!(subpath_target(EXPORT_CONDITIONS, &exports, "./legacy/y.js", &mut s).as_deref(), Some("./old/y.js"));
        assert_eq!(subpath_target(EXPORT_CONDITIONS, &exports, "./other", &mut s), None);
    }
}
