//! Wrangler projects (`worker = …`): the config, `.dev.vars`, precedence against the
//! scenario, and module resolution through `node_modules` as wrangler's bundler does it.
//! Every unsupported input is a located error that says what to do.
//!
//! Fixture packages live in `fixtures/project/node_modules_fixture/` (the repository
//! ignores `node_modules/`); [`copy_into`] copies a fixture to a temporary folder and
//! renames that folder to `node_modules`.

mod common;

use common::{fixture, temp_dir};
use crosstalk_runtime::{CompatibilityDate, FirstScheduler, ModuleSource, MsRange, Syntax, simulate};
use crosstalk_scenario::{FsSource, LoadError, Scenario, WRANGLER_KV_LATENCY, load, load_project};
use std::path::{Path, PathBuf};

/// A copy of `fixtures/<name>` in `dir`, `node_modules_fixture` renamed `node_modules`.
/// Tests run in parallel: each passes a folder of its own.
fn copy_into(name: &str, dir: PathBuf) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            let target = if name == "node_modules_fixture" { to.join("node_modules") } else { to.join(&name) };
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    copy(Path::new(&fixture(name)), &dir);
    dir
}

/// The project fixture with its packages, plus `files` written over it.
fn project_with(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = copy_into("project", temp_dir(&format!("project-{test}")));
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn load_err(dir: &Path) -> LoadError {
    load(dir).expect_err("the project is refused")
}

/// The source of the project fixture (with `nodejs_compat`, as its wrangler.toml says).
fn packages(test: &str) -> FsSource {
    let dir = copy_into("project", temp_dir(&format!("packages-{test}")));
    FsSource::new(&dir, "src/index.js").with_compatibility_flags(&["nodejs_compat".to_string()])
}

fn resolved(source: &FsSource, specifier: &str) -> String {
    source.resolve("src/index.js", specifier).unwrap_or_else(|e| panic!("{specifier}: {e}")).name
}

fn run_body(scenario: &Scenario) -> String {
    let run = simulate(&scenario.model(None), &mut FirstScheduler).unwrap_or_else(|e| panic!("{e}"));
    let request = &run.requests[0];
    request.body.clone().unwrap_or_else(|| panic!("no body: {:?}", request.error))
}

#[test]
fn wrangler_project_runs_with_vars_secrets_kv_and_a_bare_import() {
    let dir = copy_into("project", temp_dir("e2e"));
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((scenario.script.as_str(), scenario.syntax), ("src/index.js", Syntax::Module));
    assert_eq!(scenario.module_root(), dir.as_path());
    assert_eq!(scenario.runtime.compatibility_date, Some(CompatibilityDate::ymd(2024, 9, 23)));
    assert_eq!(scenario.runtime.compatibility_flags, ["nodejs_compat"]);
    // [env] > .dev.vars > vars; JSON vars become JSON text.
    assert_eq!(scenario.env["VAR"], "from-scenario");
    assert_eq!(scenario.env["GREETING"], "hi-from-dev-vars");
    assert_eq!(scenario.env["SECRET"], "s3cret");
    assert_eq!(scenario.env["LIMITS"], r#"{"max":3}"#);
    // The scenario's [[kv]] adds data to wrangler's namespace and keeps its latency.
    assert_eq!(scenario.kv.len(), 1);
    assert_eq!((scenario.kv[0].binding.as_str(), scenario.kv[0].latency), ("CACHE", WRANGLER_KV_LATENCY));
    assert_eq!(scenario.kv[0].data["visits"], "7");
    let unsupported: Vec<(&str, &str)> =
        scenario.unsupported_bindings.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // A Durable Object binding to another Worker's class (`script_name`) is not modelled.
    assert_eq!(unsupported, [("ROOMS", "durable_objects")]);
    // wrangler's D1 database is modelled; the project has no migrations folder, so it
    // starts empty.
    assert_eq!(scenario.d1.iter().map(|d| (d.binding.as_str(), d.migrations.len())).collect::<Vec<_>>(), [("DB", 0)]);
    assert_eq!(scenario.model(None).unsupported_bindings, scenario.unsupported_bindings);

    assert_eq!(run_body(&scenario), "hi-from-dev-vars! | <s3cret> | from-scenario | alpha | test | 7");
}

#[test]
fn load_project_reads_the_wrangler_file_alone() {
    let project = load_project(fixture("project")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(project.config, Path::new(&fixture("project")).join("wrangler.toml"));
    assert_eq!(project.vars["VAR"], "from-wrangler"); // top level, not [env.staging]
    assert_eq!(project.secrets["SECRET"], "s3cret");
    assert_eq!(project.kv[0].latency, MsRange::new_range(5, 30));
}

#[test]
fn scenario_runtime_overrides_wrangler_date_and_flags() {
    let dir = project_with(
        "override",
        &[(
            "scenario.toml",
            "worker = \"wrangler.toml\"\n[runtime]\ncompatibility_date = \"2025-02-02\"\ncompatibility_flags = []\n\
             [[request]]\nurl = \"https://worker.example/\"\n[[kv]]\nbinding = \"CACHE\"\nlatency = \"1ms\"\n\
             [[kv]]\nbinding = \"OTHER\"\n[env]\nDB = \"modelled now\"\n",
        )],
    );
    let s = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.runtime.compatibility_date, Some(CompatibilityDate::ymd(2025, 2, 2)));
    assert!(s.runtime.compatibility_flags.is_empty());
    assert_eq!(
        s.kv.iter().map(|k| (k.binding.as_str(), k.latency)).collect::<Vec<_>>(),
        [("CACHE", MsRange::fixed(1)), ("OTHER", MsRange::fixed(0))]
    );
    // A binding the scenario defines is no longer unsupported.
    assert!(!s.unsupported_bindings.contains_key("DB"));
}

#[test]
fn exports_conditions_are_taken_in_the_package_key_order() {
    let source = packages("conditions");
    // `node` and `require` are skipped; `workerd` is the first active key.
    assert_eq!(resolved(&source, "conditions"), "node_modules/conditions/dist/workerd.js");
    // Like Node and esbuild, the package's order decides, not the list's: `import` first.
    assert_eq!(resolved(&source, "key-order"), "node_modules/key-order/import.js");
    // Nested under a subpath: `require` skipped, `import` taken.
    assert_eq!(resolved(&source, "@scope/util/format"), "node_modules/@scope/util/format.mjs");
    assert_eq!(resolved(&source, "greet"), "node_modules/greet/workerd.js");
}

#[test]
fn subpath_exports_patterns_and_scoped_packages() {
    let source = packages("subpaths");
    assert_eq!(resolved(&source, "pattern-pkg"), "node_modules/pattern-pkg/src/index.js");
    assert_eq!(resolved(&source, "pattern-pkg/features/alpha"), "node_modules/pattern-pkg/src/features/alpha.js");
    assert_eq!(resolved(&source, "@scope/util"), "node_modules/@scope/util/index.mjs");
    let hidden = source.resolve("src/index.js", "pattern-pkg/features/internal/x").unwrap_err();
    assert!(hidden.contains("package 'pattern-pkg' does not export './features/internal/x'"), "{hidden}");
    let unlisted = source.resolve("src/index.js", "pattern-pkg/src/index.js").unwrap_err();
    assert!(unlisted.contains("does not export './src/index.js'"), "{unlisted}");
    // Relative imports inside a package probe extensions like bundlers (`./punctuate`).
    assert_eq!(
        source.resolve("node_modules/greet/workerd.js", "./punctuate").unwrap().name,
        "node_modules/greet/punctuate.js"
    );
}

/// Node's PACKAGE_IMPORTS_RESOLVE, as esbuild applies it: a `#` specifier is looked up in
/// the `imports` of the package the importing module belongs to (vfile's `#minpath` is
/// `{"node": "./lib/minpath.js", "default": "./lib/minpath.browser.js"}`), with the same
/// conditions as `exports`; a target may be another package or a `node:` module. The
/// project's tsconfig `paths` come first for its own modules (esbuild's order).
#[test]
fn package_imports_resolve_in_the_importing_packages_own_map() {
    let dir = project_with(
        "imports",
        &[
            (
                "node_modules/hash-pkg/package.json",
                r##"{"name": "hash-pkg", "type": "module", "exports": "./index.js",
                    "imports": {"#path": {"node": "./path.node.js", "default": "./path.browser.js"},
                                "#util/*": "./lib/*.js", "#dep": "greet", "#node-path": "node:path"}}"##,
            ),
            ("node_modules/hash-pkg/index.js", "export * from '#path';\n"),
            ("node_modules/hash-pkg/path.node.js", "export const where = 'node';\n"),
            ("node_modules/hash-pkg/path.browser.js", "export const where = 'browser';\n"),
            ("node_modules/hash-pkg/lib/deep/x.js", "export const x = 1;\n"),
            ("package.json", r##"{"name": "app", "imports": {"#app/*": "./src/app/*.js"}}"##),
            ("src/app/config.js", "export default 42;\n"),
        ],
    );
    let source = FsSource::new(&dir, "src/index.js").with_compatibility_flags(&["nodejs_compat".to_string()]);
    let from_package = |specifier: &str| source.resolve("node_modules/hash-pkg/index.js", specifier);
    assert_eq!(from_package("#path").unwrap().name, "node_modules/hash-pkg/path.browser.js");
    assert_eq!(from_package("#util/deep/x").unwrap().name, "node_modules/hash-pkg/lib/deep/x.js");
    assert_eq!(from_package("#dep").unwrap().name, "node_modules/greet/workerd.js");
    assert_eq!(from_package("#node-path").unwrap().name, "node:path");
    let missing = from_package("#nope").unwrap_err();
    assert!(missing.contains(r#"is not defined in the "imports" of node_modules/hash-pkg/package.json"#), "{missing}");
    // The project's own modules use the project's package.json.
    assert_eq!(resolved(&source, "#app/config"), "src/app/config.js");
    // A package's map is its own: the project's keys are not visible inside it.
    assert!(from_package("#app/config").is_err());
}

#[test]
fn without_exports_module_then_main_with_probing() {
    let source = packages("legacy");
    assert_eq!(resolved(&source, "module-field"), "node_modules/module-field/esm/index.js");
    assert_eq!(resolved(&source, "main-probe"), "node_modules/main-probe/lib/entry.js");
    // `"type": "module"` makes an import-free `main` ESM.
    assert_eq!(resolved(&source, "main-esm"), "node_modules/main-esm/index.js");
    assert_eq!(resolved(&source, "module-field/esm/index.js"), "node_modules/module-field/esm/index.js");
    // A trailing slash names the package folder: its entry, as Node loads a directory
    // (tr46's `require("punycode/")`, which must not be the built-in module).
    assert_eq!(resolved(&source, "module-field/"), "node_modules/module-field/esm/index.js");
    assert_eq!(resolved(&source, "main-probe/"), "node_modules/main-probe/lib/entry.js");
}

#[test]
fn commonjs_packages_load_as_esbuild_links_them() {
    // `exports` offering only `require`, and a `main` without import/export: both load as
    // CommonJS. The ES face's default is `module.exports` (Node's and esbuild's interop).
    let source = packages("commonjs");
    let face = source.resolve("src/index.js", "require-only").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(face.name, "node_modules/require-only/index.cjs?esm-for=src/index.js");
    // Through a dependency, with a relative `require` inside the package: cjs-only's
    // lib/index.js does `module.exports = { x: require("./x") }`, and x.js sets `value`.
    let dir = project_with(
        "cjs",
        &[(
            "src/index.js",
            "import dep from \"uses-cjs-dep\";\nimport one from \"require-only\";\n\
             export default { fetch() { return new Response(JSON.stringify([dep, one])) } };\n",
        )],
    );
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_body(&scenario), r#"[{"x":{"value":42}},1]"#);
}

#[test]
fn node_modules_need_no_flag_from_compatibility_date_2026_08_04() {
    // workerd 1.20261117 without nodejs_compat: `node:events` is "No such module" at
    // 2026-08-03 and loads at 2026-08-04.
    let worker = "import { EventEmitter } from \"node:events\";\nexport default { fetch() { return new Response(typeof EventEmitter) } };\n";
    let at = |date: &str| format!("name = \"n\"\nmain = \"src/index.js\"\ncompatibility_date = \"{date}\"\n");
    let dir = project_with("node-date-before", &[("src/index.js", worker), ("wrangler.toml", &at("2026-08-03"))]);
    assert!(load_err(&dir).message.contains("nodejs_compat"));
    let dir = project_with("node-date-on", &[("src/index.js", worker), ("wrangler.toml", &at("2026-08-04"))]);
    assert_eq!(run_body(&load(&dir).unwrap_or_else(|e| panic!("{e}"))), "function");
}

#[test]
fn gated_node_modules_follow_their_own_flag_and_date() {
    // workerd's compatibility-date.capnp: enableNodeJsOsModule is implied by nodeJsCompat
    // from 2025-09-15, or set by enable_nodejs_os_module; api/node/node.h gates node:os
    // with it. The unprefixed "os" is the same module.
    let worker = "import os from \"node:os\";\nimport { EOL } from \"os\";\n\
                  export default { fetch() { return new Response(JSON.stringify([os.EOL, EOL])) } };\n";
    let wrangler = |date: &str, flags: &str| {
        format!(
            "name = \"n\"\nmain = \"src/index.js\"\ncompatibility_date = \"{date}\"\ncompatibility_flags = {flags}\n"
        )
    };
    let dir = project_with(
        "node-os-before",
        &[("src/index.js", worker), ("wrangler.toml", &wrangler("2025-09-14", "[\"nodejs_compat\"]"))],
    );
    let error = load_err(&dir);
    assert!(error.message.contains("'node:os'"), "{}", error.message);
    assert!(format!("{error:?}").contains("enable_nodejs_os_module"), "{error:?}");
    let cases =
        [("2025-09-15", "[\"nodejs_compat\"]"), ("2024-01-01", "[\"nodejs_compat\", \"enable_nodejs_os_module\"]")];
    for (date, flags) in cases {
        let dir = project_with("node-os-on", &[("src/index.js", worker), ("wrangler.toml", &wrangler(date, flags))]);
        assert_eq!(run_body(&load(&dir).unwrap_or_else(|e| panic!("{e}"))), "[\"\\n\",\"\\n\"]", "{date} {flags}");
    }
    let dir = project_with(
        "node-os-off",
        &[
            ("src/index.js", worker),
            ("wrangler.toml", &wrangler("2025-09-15", "[\"nodejs_compat\", \"disable_nodejs_os_module\"]")),
        ],
    );
    assert!(load_err(&dir).message.contains("'node:os'"));
}

#[test]
fn buffer_and_process_globals_and_process_env_follow_the_date_and_flags() {
    // Each answer is workerd 1.20261117's for the same worker, date and flags, with a
    // text binding GREETING = "hi".
    let worker = "export default { fetch() { return new Response([typeof Buffer, typeof process, \
                  typeof process !== 'undefined' ? process.env.PROBE : '-', \
                  typeof Buffer !== 'undefined' ? Buffer.from('hi').toString('hex') : '-'].join(' ')); } };\n";
    let cases = [
        ("2024-01-01", "[\"nodejs_compat\"]", "undefined undefined - -"),
        ("2024-09-23", "[\"nodejs_compat\"]", "function object  6869"),
        ("2025-03-31", "[\"nodejs_compat\"]", "function object  6869"),
        ("2025-04-01", "[\"nodejs_compat\"]", "function object hi 6869"),
        ("2026-08-03", "[]", "undefined undefined - -"),
        ("2026-11-17", "[]", "function object hi 6869"),
    ];
    for (date, flags, expected) in cases {
        let wrangler = format!(
            "name = \"n\"\nmain = \"src/index.js\"\ncompatibility_date = \"{date}\"\ncompatibility_flags = {flags}\n[vars]\nPROBE = \"hi\"\n"
        );
        let dir =
            project_with(&format!("node-globals-{date}"), &[("src/index.js", worker), ("wrangler.toml", &wrangler)]);
        let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run_body(&scenario), expected, "{date} {flags}");
    }
}

#[test]
fn wranglers_default_rules_import_text_data_and_wasm() {
    // As workerd 1.20261117 gives text, data and CompiledWasm modules: the text as a
    // string, the bytes as an ArrayBuffer, a .wasm file as a WebAssembly.Module (its
    // `String` is "[object WebAssembly.Module]" there).
    let worker = "import page from \"./page.html\";\nimport blob from \"./blob.bin\";\n\
                  export default { fetch() { return new Response(JSON.stringify([page, \
                  Object.prototype.toString.call(blob), [...new Uint8Array(blob)]])); } };\n";
    let dir = project_with("rules", &[("src/index.js", worker), ("src/page.html", "<p>hi \"there\"</p>\n")]);
    std::fs::write(dir.join("src/blob.bin"), [0u8, 1, 254, 255]).unwrap();
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_body(&scenario), r#"["<p>hi \"there\"</p>\n","[object ArrayBuffer]",[0,1,254,255]]"#);

    let wasm =
        "import module from \"./add.wasm\";\nexport default { fetch() { return new Response(String(module)) } };\n";
    let dir = project_with("rules-wasm", &[("src/index.js", wasm)]);
    // The empty module: the magic number and version 1.
    std::fs::write(dir.join("src/add.wasm"), [0u8, 97, 115, 109, 1, 0, 0, 0]).unwrap();
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_body(&scenario), "[object WebAssembly.Module]");
}

/// wrangler's custom `rules` (its rules.ts: custom rules first, then the defaults; a rule
/// without `fallthrough = true` completes its type): a Text rule for `.md` and a Data
/// rule for `.dat`, globs matched from the project or from the main module's folder.
#[test]
fn custom_module_rules_apply_before_the_defaults_and_complete_their_type() {
    let worker = "import readme from \"./templates/readme.md\";\nimport raw from \"./raw.dat\";\n\
                  import page from \"./page.html\";\n\
                  export default { fetch() { return new Response(JSON.stringify([readme, [...new Uint8Array(raw)], page])); } };\n";
    let files = |rules: &str| -> Vec<(String, String)> {
        vec![
            ("src/index.js".into(), worker.into()),
            ("src/templates/readme.md".into(), "# Hello\n".into()),
            ("src/raw.dat".into(), "ab".into()),
            ("src/page.html".into(), "<p>x</p>".into()),
            ("wrangler.toml".into(), format!("name = \"r\"\nmain = \"src/index.js\"\n{rules}")),
        ]
    };
    let with = |name: &str, rules: &str| {
        let owned = files(rules);
        let borrowed: Vec<(&str, &str)> = owned.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        project_with(name, &borrowed)
    };
    // fallthrough = true on the Text rule keeps the default Text rule for .html.
    let dir = with(
        "custom-rules",
        "rules = [\n  { type = \"Text\", globs = [\"templates/*.md\"], fallthrough = true },\n  { type = \"Data\", globs = [\"**/*.dat\"] },\n]\n",
    );
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_body(&scenario), r##"["# Hello\n",[97,98],"<p>x</p>"]"##);
    // Without fallthrough the custom Text rule completes the type: .html is no longer text,
    // so the page is parsed as JavaScript, and that fails in the page.
    let dir = with(
        "custom-rules-complete",
        "rules = [{ type = \"Text\", globs = [\"**/*.md\"] }, { type = \"Data\", globs = [\"**/*.dat\"] }]\n",
    );
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let error = simulate(&scenario.model(None), &mut FirstScheduler).expect_err("the page is not JavaScript");
    assert!(error.to_string().starts_with("src/page.html:1:"), "{error}");
    // An unknown type is an error at the key.
    let dir = with("custom-rules-bad", "rules = [{ type = \"Markdown\", globs = [\"**/*.md\"] }]\n");
    let e = load_err(&dir);
    assert!(e.message.contains("unknown module rule type 'Markdown'"), "{e}");
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn node_imports_need_nodejs_compat_and_name_the_module() {
    let worker = "// uses events\nimport { EventEmitter } from \"node:events\";\nexport default { fetch() { return new Response(typeof EventEmitter) } };\n";
    let plain = "name = \"n\"\nmain = \"src/index.js\"\n";
    let dir = project_with("node", &[("src/index.js", worker), ("wrangler.toml", plain)]);
    let e = load_err(&dir);
    assert_eq!((e.file.clone(), e.line, e.column), (dir.join("src/index.js"), 2, 30), "{e}");
    assert!(e.message.contains("'node:events'") && e.message.contains("nodejs_compat"), "{e}");

    let compat = format!("{plain}compatibility_flags = [\"nodejs_compat\"]\n");
    let dir = project_with("node-compat", &[("src/index.js", worker), ("wrangler.toml", &compat)]);
    match crosstalk_runtime::builtin_module("node:events") {
        Some(_) => {
            assert_eq!(run_body(&load(&dir).unwrap_or_else(|e| panic!("{e}"))), "function");
            // Unprefixed built-in names fall back to `node:` when no package has the name.
            let source = FsSource::new(&dir, "src/index.js").with_compatibility_flags(&["nodejs_compat".into()]);
            assert_eq!(source.resolve("src/index.js", "events").unwrap().name, "node:events");
        }
        None => assert!(load_err(&dir).message.contains("'node:events'"), "crosstalk does not provide it yet"),
    }
    // A module with a gate of its own needs it even under nodejs_compat (node:fs: its
    // flag, or the date 2025-09-15; this project has no date), and the error says so.
    let fs = "import { readFileSync } from \"node:fs\";\nexport default {};\n";
    let dir = project_with("node-fs", &[("src/index.js", fs), ("wrangler.toml", &compat)]);
    let e = load_err(&dir);
    assert!(e.message.contains("'node:fs'") && e.message.contains("not available"), "{e}");
    assert!(format!("{e:?}").contains("enable_nodejs_fs_module"), "{e:?}");
    // A `node:` name workerd does not have is no module at all.
    let nope = "import x from \"node:nope\";\nexport default {};\n";
    let dir = project_with("node-nope", &[("src/index.js", nope), ("wrangler.toml", &compat)]);
    assert!(load_err(&dir).message.contains("is not a Node.js module workerd provides"));
}

#[test]
fn json_modules_resolve_as_json() {
    let source = packages("json");
    let module = source.resolve("src/index.js", "./settings.json").unwrap();
    assert_eq!((module.name.as_str(), module.json), ("src/settings.json", true));
}

#[test]
fn wrangler_jsonc_with_comments_and_trailing_commas() {
    let scenario = load(fixture("jsonc")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scenario.script, "worker.mjs");
    assert_eq!(scenario.runtime.compatibility_flags, ["nodejs_als"]);
    assert_eq!(scenario.env["RETRIES"], "3");
    assert_eq!(scenario.kv[0].binding, "SESSIONS");
    let unsupported: Vec<&str> = scenario.unsupported_bindings.keys().map(String::as_str).collect();
    assert_eq!(unsupported, ["AI", "AUTH"]);
    // The R2 bucket is modelled.
    assert_eq!(scenario.r2.iter().map(|r| r.binding.as_str()).collect::<Vec<_>>(), ["BUCKET"]);
    assert_eq!(run_body(&scenario), "from-jsonc 3");
}

#[test]
fn a_single_file_bundle_loads_and_runs() {
    let scenario = load(fixture("bundled")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scenario.syntax, Syntax::Module);
    assert_eq!(run_body(&scenario), "bundled 2 dry-run");
}

#[test]
fn missing_or_commonjs_typescript_main_is_an_error_with_advice() {
    let dir = project_with("no-main", &[("wrangler.toml", "name = \"x\"\ncompatibility_date = \"2024-01-01\"\n")]);
    let e = load_err(&dir);
    assert_eq!((e.file.clone(), e.line), (dir.join("wrangler.toml"), 0));
    assert!(e.message.contains("no `main`"), "{e}");

    let dir = project_with("gone-main", &[("wrangler.toml", "name = \"x\"\nmain = \"dist/index.js\"\n")]);
    let e = load_err(&dir);
    assert_eq!((e.line, e.column), (2, 8), "{e}");
    assert!(e.message.contains("'dist/index.js') does not exist"), "{e}");

    let dir = project_with(
        "cts-main",
        &[("wrangler.toml", "main = \"src/index.cts\"\n"), ("src/index.cts", "module.exports = {}")],
    );
    let e = load_err(&dir);
    assert!(e.message.contains("CommonJS TypeScript"), "{e}");
    assert!(e.hint.unwrap().contains("wrangler deploy --dry-run --outdir dist"));
}

#[test]
fn a_typescript_main_loads_as_esbuild_resolves_it() {
    // As esbuild resolves a wrangler project: a tsconfig `paths` alias, a `.js` import
    // naming a `.ts` file, an extensionless `.tsx` import, a folder's index.ts, and
    // type-only imports (of a file that does not exist at run time) dropped.
    let dir = project_with(
        "ts-main",
        &[
            ("wrangler.toml", "main = \"src/index.ts\"\ncompatibility_date = \"2024-09-23\"\n"),
            (
                "tsconfig.json",
                "{ \"compilerOptions\": { \"jsx\": \"react\", \"jsxFactory\": \"h\", \"paths\": { \"#lib/*\": [\"./src/lib/*\"] } } }",
            ),
            ("src/lib/shout.ts", "export const shout = (s: string): string => s.toUpperCase() + \"!\";\n"),
            ("src/lib/math/index.ts", "export enum Op { Add = 1, Twice = Add * 2 }\n"),
            (
                "src/view.tsx",
                "export const h = (tag: string, _p: unknown, ...kids: string[]) => `<${tag}>${kids.join('')}</${tag}>`;\nexport const view = (text: string) => <b>{text}</b>;\n",
            ),
            (
                "src/index.ts",
                "import type { Missing } from \"./types\";\nimport { shout } from \"#lib/shout\";\n\
                 import { Op } from \"./lib/math\";\nimport { view } from \"./view\";\nimport { shout as again } from \"./lib/shout.js\";\n\
                 export default { fetch(): Response { const m: Missing | null = null; \
                 return new Response(view(shout(\"hi\")) + Op.Twice + (again === shout) + m); } };\n",
            ),
        ],
    );
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((scenario.script.as_str(), scenario.syntax), ("src/index.ts", Syntax::Module));
    assert_eq!(run_body(&scenario), "<b>HI!</b>2truenull");
}

#[test]
fn broken_wrangler_files_give_line_and_column() {
    let dir = project_with("bad-toml", &[("wrangler.toml", "name = \"x\"\nmain = \"src/index.js\nvars = 1\n")]);
    let e = load_err(&dir);
    assert_eq!((e.file.clone(), e.line), (dir.join("wrangler.toml"), 2), "{e}");
    assert!(e.column > 0);

    let dir = temp_dir("bad-jsonc");
    std::fs::write(dir.join("wrangler.jsonc"), "{\n  // c\n  \"main\": \"w.mjs\"\n  \"vars\": {}\n}\n").unwrap();
    std::fs::write(
        dir.join("scenario.toml"),
        "worker = \"wrangler.jsonc\"\n[[request]]\nurl = \"https://w.example/\"\n",
    )
    .unwrap();
    let e = load_err(&dir);
    assert_eq!((e.line, e.column), (4, 3), "{e}");

    let dir = project_with(
        "bad-type",
        &[("wrangler.toml", "main = \"src/index.js\"\ncompatibility_flags = \"nodejs_compat\"\n")],
    );
    let e = load_err(&dir);
    assert_eq!((e.line, e.column), (2, 23), "{e}");

    let dir = project_with("bad-dev-vars", &[(".dev.vars", "OK=1\nSECRET\n")]);
    let e = load_err(&dir);
    assert_eq!((e.file.clone(), e.line, e.column), (dir.join(".dev.vars"), 2, 1), "{e}");

    let dir = project_with(
        "missing-worker",
        &[("scenario.toml", "worker = \"../nowhere/wrangler.toml\"\n[[request]]\nurl = \"https://w.example/\"\n")],
    );
    let e = load_err(&dir);
    assert_eq!((e.file.clone(), e.line, e.column), (dir.join("scenario.toml"), 1, 10), "{e}");
}

#[test]
fn a_package_in_no_node_modules_folder_is_a_located_error() {
    // Not in the project's node_modules nor in any ancestor's (the fixture's greet sits in
    // a sibling folder, which Node never searches).
    let outer = copy_into("project", temp_dir("outer")); // has node_modules/greet
    let inner = outer.join("sibling").join("inner");
    std::fs::rename(outer.join("node_modules"), outer.join("sibling-packages")).unwrap();
    std::fs::create_dir_all(inner.join("src")).unwrap();
    std::fs::write(inner.join("wrangler.toml"), "main = \"src/index.js\"\n").unwrap();
    std::fs::write(inner.join("src/index.js"), "import { greet } from \"greet\";\nexport default { fetch() {} };\n")
        .unwrap();
    std::fs::write(
        inner.join("scenario.toml"),
        "worker = \"wrangler.toml\"\n[[request]]\nurl = \"https://w.example/\"\n",
    )
    .unwrap();
    let e = load_err(&inner);
    assert!(e.message.contains("no package 'greet'"), "{e}");
    assert_eq!((e.line, e.column), (1, 23));
}

#[test]
fn impossible_compatibility_dates_in_wrangler_files_are_located_errors() {
    let wrangler = "name = \"x\"\nmain = \"src/index.js\"\ncompatibility_date = \"2024-02-30\"\n";
    let dir = project_with("impossible-date", &[("wrangler.toml", wrangler)]);
    let e = load_err(&dir);
    assert_eq!((e.file.clone(), e.line), (dir.join("wrangler.toml"), 3), "{e}");
    assert_eq!(e.message, "bad compatibility date '2024-02-30': 2024-02 has 29 days");
}

#[test]
fn start_time_sets_where_the_virtual_clock_begins() {
    // A JWT issued "now" in 2026 is only valid if the worker's clock says 2026: Date
    // starts at [runtime] start_time and moves with the schedule (arrival at 250 ms).
    let dir = temp_dir("start-time");
    std::fs::write(
        dir.join("worker.mjs"),
        "export default { fetch() { return new Response(new Date().toISOString() + ' ' + Date.now()); } };\n",
    )
    .unwrap();
    let scenario_toml = "name = \"start-time\"\nscript = \"worker.mjs\"\n[runtime]\nstart_time = \"2026-12-01T09:30:00+02:00\"\n\
                         [[request]]\nurl = \"https://w.example/\"\nat = \"250ms\"\n";
    std::fs::write(dir.join("scenario.toml"), scenario_toml).unwrap();
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    // 2026-12-01T07:30:00Z is 1 796 110 200 000 ms after the Unix epoch (Python's
    // datetime.fromisoformat("2026-12-01T09:30:00+02:00").timestamp() * 1000).
    assert_eq!(run_body(&scenario), "2026-12-01T07:30:00.250Z 1796110200250");

    let bad = "name = \"start-time\"\nscript = \"worker.mjs\"\n[runtime]\nstart_time = \"2026-02-30T00:00:00Z\"\n\
               [[request]]\nurl = \"https://w.example/\"\n";
    std::fs::write(dir.join("scenario.toml"), bad).unwrap();
    let e = load_err(&dir);
    assert_eq!((e.line, e.column), (4, 14), "{e}");
    assert!(e.message.contains("no such date"), "{e}");
}

#[test]
fn worker_env_runs_a_wrangler_environment_as_wrangler_env_does() {
    // wrangler's rules: top-level keys such as main and compatibility_date are inherited;
    // vars and KV namespaces are not; .dev.vars.<env> replaces .dev.vars.
    let wrangler = "name = \"x\"\nmain = \"src/index.js\"\ncompatibility_date = \"2024-09-23\"\n\
                    [vars]\nSTAGE = \"production\"\nONLY_TOP = \"1\"\n\
                    [[kv_namespaces]]\nbinding = \"CACHE\"\nid = \"a\"\n\
                    [env.staging]\ncompatibility_flags = [\"nodejs_compat\"]\n\
                    [env.staging.vars]\nSTAGE = \"staging\"\n";
    let worker = "export default { fetch(r, env) { return new Response([env.STAGE, env.ONLY_TOP, typeof env.CACHE, \
                  env.SECRET].join(' ')); } };\n";
    let scenario = |extra: &str| {
        format!("name = \"envs\"\nworker = \"wrangler.toml\"\n{extra}\n[[request]]\nurl = \"https://w.example/\"\n")
    };
    let dir = project_with(
        "worker-env",
        &[
            ("wrangler.toml", wrangler),
            ("src/index.js", worker),
            (".dev.vars.staging", "SECRET=staging-secret\n"),
            ("scenario.toml", &scenario("worker_env = \"staging\"")),
        ],
    );
    let staging = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(staging.runtime.compatibility_flags, ["nodejs_compat"]);
    assert_eq!(staging.runtime.compatibility_date, Some(CompatibilityDate::ymd(2024, 9, 23)));
    assert_eq!(run_body(&staging), "staging  undefined staging-secret");

    std::fs::write(dir.join("scenario.toml"), scenario("")).unwrap();
    let top = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    // The fixture's own .dev.vars applies at the top level.
    assert_eq!(run_body(&top), format!("production 1 object {}", top.env.get("SECRET").map_or("", String::as_str)));

    std::fs::write(dir.join("scenario.toml"), scenario("worker_env = \"prod\"")).unwrap();
    let e = load_err(&dir);
    assert!(
        e.message.contains("no environment 'prod'") && e.hint.as_deref() == Some("its environments are: staging"),
        "{e}"
    );
}

#[test]
fn wrangler_d1_databases_start_from_their_migrations_dir() {
    let dir = common::temp_dir("d1-project");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("db/migrations")).unwrap();
    std::fs::write(dir.join("src/index.js"), "export default { fetch() { return new Response('ok'); } };").unwrap();
    std::fs::write(dir.join("db/migrations/0001.sql"), "CREATE TABLE t (x);").unwrap();
    std::fs::write(
        dir.join("wrangler.toml"),
        "name = \"p\"\nmain = \"src/index.js\"\n\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"p\"\nmigrations_dir = \"db/migrations\"\n\n[[d1_databases]]\nbinding = \"OTHER\"\ndatabase_name = \"q\"\n",
    )
    .unwrap();
    let project = crosstalk_scenario::load_project(&dir).unwrap();
    let dirs: Vec<(&str, &str)> = project.d1.iter().map(|d| (d.binding.as_str(), d.migrations_dir.as_str())).collect();
    assert_eq!(dirs, [("DB", "db/migrations"), ("OTHER", "migrations")]);
    assert!(project.unsupported_bindings.is_empty(), "D1 is modelled: {:?}", project.unsupported_bindings);
    std::fs::write(
        dir.join("scenario.toml"),
        "worker = \"wrangler.toml\"\n[[request]]\nurl = \"https://p.example/\"\n[[d1]]\nbinding = \"OTHER\"\nlatency = \"1ms\"\n",
    )
    .unwrap();
    let s = crosstalk_scenario::load(&dir).unwrap();
    assert_eq!(s.d1.len(), 2);
    assert_eq!(s.d1[0].migrations.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["db/migrations/0001.sql"]);
    assert_eq!(
        (s.d1[1].binding.as_str(), s.d1[1].latency, s.d1[1].migrations.len()),
        ("OTHER", crosstalk_runtime::MsRange::fixed(1), 0)
    );
}

#[test]
fn wrangler_r2_buckets_are_buckets_the_scenario_can_fill() {
    let dir = common::temp_dir("r2-project");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/index.js"), "export default { fetch() { return new Response('ok'); } };").unwrap();
    std::fs::write(
        dir.join("wrangler.toml"),
        "name = \"p\"\nmain = \"src/index.js\"\n\n[[r2_buckets]]\nbinding = \"FILES\"\nbucket_name = \"files\"\n",
    )
    .unwrap();
    let project = crosstalk_scenario::load_project(&dir).unwrap();
    assert_eq!(project.r2, ["FILES"]);
    assert!(project.unsupported_bindings.is_empty(), "R2 is modelled: {:?}", project.unsupported_bindings);
    std::fs::write(
        dir.join("scenario.toml"),
        "worker = \"wrangler.toml\"\n[[request]]\nurl = \"https://p.example/\"\n[[r2]]\nbinding = \"FILES\"\ndata = { \"a.txt\" = \"A\" }\n",
    )
    .unwrap();
    let s = crosstalk_scenario::load(&dir).unwrap();
    assert_eq!(s.r2.len(), 1);
    assert_eq!((s.r2[0].latency, s.r2[0].data["a.txt"].as_str()), (crosstalk_scenario::R2_LATENCY, "A"));
    assert_eq!(s.model(None).r2, s.r2);
}

/// wrangler's `define`, applied as esbuild applies it when wrangler bundles: global names
/// and property chains are replaced in every module that reads them, never a property
/// or binding of the same name; locations stay those of the file as written.
#[test]
fn wrangler_define_replaces_globals_in_every_module() {
    let dir = common::temp_dir("define");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("wrangler.toml"),
        "name = \"d\"\nmain = \"src/index.js\"\n\n[define]\n__VERSION__ = \"'1.2.3'\"\n\"process.env.MODE\" = \"'production'\"\nDEBUG = \"false\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/index.js"),
        "import { describe } from \"./lib.js\";\nexport default {\n  async fetch() {\n    const local = { DEBUG: 1 };\n    if (DEBUG) throw new Error(\"debug build\");\n    return new Response(describe() + \" \" + local.DEBUG);\n  },\n};\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.js"),
        "export function describe() {\n  if (process.env.MODE !== 'production') throw new Error('not production');\n  return `v${__VERSION__} ${process.env.MODE}`;\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("scenario.toml"),
        "worker = \"wrangler.toml\"\n[[request]]\nurl = \"https://d.example/\"\n",
    )
    .unwrap();
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_body(&scenario), "v1.2.3 production 1");

    // A location in a rewritten module is the line and column as written.
    std::fs::write(
        dir.join("src/lib.js"),
        "export function describe() {\n  const mode = process.env.MODE;\n  throw new Error(`bad ${mode}`);\n}\n",
    )
    .unwrap();
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let run = simulate(&scenario.model(None), &mut FirstScheduler).unwrap();
    let thrown = run.trace.iter().find_map(|e| match &e.kind {
        crosstalk_runtime::EventKind::UncaughtError { message, at, .. } => Some((message.clone(), at.clone())),
        _ => None,
    });
    let (message, at) = thrown.expect("the worker threw");
    assert_eq!(message, "Error: bad production");
    assert_eq!(at.map(|l| (l.file, l.line)), Some(("src/lib.js".to_string(), 3)));

    std::fs::write(dir.join("wrangler.toml"), "name = \"d\"\nmain = \"src/index.js\"\n\n[define]\n\"a b\" = \"1\"\n")
        .unwrap();
    let e = load(&dir).expect_err("a key that is not a name");
    assert!(e.message.starts_with("bad define:"), "{e}");
}

/// wrangler replaces `process.env.NODE_ENV` with "production" in every build it deploys
/// (workers-sdk's `bundle.ts` defines it, "production" for a deploy when the shell sets
/// no NODE_ENV), so a library that branches on it runs its production code, even without
/// `nodejs_compat`, where `process` is not a global at all; a project's own `define` of it
/// wins (wrangler spreads the project's after its own).
#[test]
fn wrangler_builds_define_node_env_as_production_unless_the_project_does() {
    let lib = "export const mode = process.env.NODE_ENV !== 'production' ? 'checks on' : 'lean';\n\
               export const raw = process.env.NODE_ENV;\n";
    let worker = "import { mode, raw } from './lib.js';\n\
                  export default { fetch() { return new Response(mode + ' ' + raw + ' ' + typeof process); } };\n";
    let plain = "name = \"n\"\nmain = \"src/index.js\"\ncompatibility_date = \"2024-09-23\"\n";
    let dir = project_with("node-env", &[("src/index.js", worker), ("src/lib.js", lib), ("wrangler.toml", plain)]);
    assert_eq!(run_body(&load(&dir).unwrap_or_else(|e| panic!("{e}"))), "lean production undefined");
    let defined = format!("{plain}[define]\n\"process.env.NODE_ENV\" = \"'staging'\"\n");
    let dir =
        project_with("node-env-defined", &[("src/index.js", worker), ("src/lib.js", lib), ("wrangler.toml", &defined)]);
    assert_eq!(run_body(&load(&dir).unwrap_or_else(|e| panic!("{e}"))), "checks on staging undefined");
}

/// A package whose code names a function or variable `using` runs (tRPC's bundle calls
/// `using.bind(…)`, kysely spreads `{ ...using }`): boa's parser refuses `using` as an
/// identifier, so crosstalk renames it in place. Expected body: workerd 1.20261117 on
/// the same modules.
#[test]
fn a_package_that_names_a_binding_using_loads_and_runs() {
    let package = "export function using(a) { return a * 2; }\n\
                   const tables = { using: { tables: ['t'] } };\n\
                   export const spread = (({ using }) => ({ ...using, n: using.tables.length }))(tables);\n";
    let worker = "import { using, spread } from 'uses-using';\n\
                  export default { fetch() { return new Response(`${using(21)} ${JSON.stringify(spread)}`) } };\n";
    let dir = project_with(
        "using",
        &[
            (
                "node_modules/uses-using/package.json",
                r#"{ "name": "uses-using", "type": "module", "main": "index.js" }"#,
            ),
            ("node_modules/uses-using/index.js", package),
            ("src/index.js", worker),
        ],
    );
    assert_eq!(run_body(&load(&dir).unwrap_or_else(|e| panic!("{e}"))), r#"42 {"tables":["t"],"n":1}"#);
}

/// An ES module that calls `require()` (turndown's ES build requires its DOM parser) runs
/// as wrangler's bundle runs it: esbuild bundles each literal `require` — a CommonJS
/// package gives its `module.exports`, a `node:` module its default export — and leaves
/// other ids to throw "Dynamic require of … is not supported" when called. A module with
/// a `require` of its own keeps it.
#[test]
fn an_es_module_that_calls_require_gets_the_bundlers_require() {
    let dir = project_with(
        "esm-require",
        &[
            ("node_modules/esm-req/package.json", r#"{ "name": "esm-req", "type": "module", "main": "index.js" }"#),
            (
                "node_modules/esm-req/index.js",
                "export function make(name) {\n  const dep = require('cjs-dep');\n  \
                 let dynamic;\n  try { require(name); } catch (e) { dynamic = e.message; }\n  \
                 return [dep.name, typeof require('node:buffer').Buffer, dynamic].join(' | ');\n}\n",
            ),
            ("node_modules/cjs-dep/package.json", r#"{ "name": "cjs-dep", "main": "index.js" }"#),
            ("node_modules/cjs-dep/index.js", "module.exports = { name: 'dep' };\n"),
            ("node_modules/own-req/package.json", r#"{ "name": "own-req", "type": "module", "main": "index.js" }"#),
            (
                "node_modules/own-req/index.js",
                "const require = (id) => 'own ' + id;\nexport const own = require('x');\n",
            ),
            (
                "src/index.js",
                "import { make } from 'esm-req';\nimport { own } from 'own-req';\n\
                 export default { fetch() { return new Response(make('elsewhere') + ' | ' + own); } };\n",
            ),
        ],
    );
    assert_eq!(
        run_body(&load(&dir).unwrap_or_else(|e| panic!("{e}"))),
        r#"dep | function | Dynamic require of "elsewhere" is not supported | own x"#
    );
}

/// A class method whose computed key holds functions runs, as TypeScript emits private
/// methods below ES2022 (the openai SDK's `[(_C_m = function _C_m() { … }, …)]()`): boa
/// 0.22 does not analyse a method key's scopes and its compiler panicked on them, so
/// crosstalk moves such keys into a static field's key. Expected body: workerd
/// 1.20261117 on the same worker.
#[test]
fn a_function_in_a_class_method_key_runs() {
    let worker = r#"var _C_m, _C_inst;
class C {
  constructor() { _C_inst.add(this); }
  get [(_C_inst = new WeakSet(), _C_m = function _C_m(x) { const y = x * 2; return y + 1; }, "value")]() { return _C_m.call(this, 20); }
  static [(() => { let s = "st"; return s + "atic"; })()]() { return "s"; }
  async *[(function () { var k = Symbol.asyncIterator; return k; })()]() { yield 1; }
}
export default { async fetch() {
  const c = new C();
  const out = [c.value, C.static(), Object.getOwnPropertyNames(C).sort().join(), Object.getOwnPropertyNames(C.prototype).sort().join(), _C_inst.has(c)];
  for await (const v of c) out.push(v);
  return new Response(JSON.stringify(out));
} };
"#;
    let dir = project_with("method-key", &[("src/index.js", worker)]);
    assert_eq!(
        run_body(&load(&dir).unwrap_or_else(|e| panic!("{e}"))),
        r#"[41,"s","length,name,prototype,static","constructor,value",true,1]"#
    );
}

#[test]
fn a_node_mode_importer_gets_module_exports_as_default_even_when_marked_es_module() {
    // tslib 1.x's shape: `modules/index.js` (in a `"type": "module"` folder) default-imports
    // the UMD `tslib.js`, which marks its exports `__esModule` and has no `default`. esbuild
    // (`__toESM(mod, 1)`, node mode) and Node give `module.exports`; a plain `.js` importer
    // outside such a folder gets the module's own `default` (undefined here), as esbuild's
    // `__toESM(mod)` does.
    let umd = "Object.defineProperty(module.exports, '__esModule', { value: true });\nexports.helper = 7;\n";
    let dir = project_with(
        "node-mode",
        &[
            ("node_modules/umd/package.json", "{ \"name\": \"umd\", \"main\": \"umd.js\" }"),
            ("node_modules/umd/umd.js", umd),
            ("node_modules/umd/modules/package.json", "{ \"type\": \"module\" }"),
            ("node_modules/umd/modules/index.js", "import umd from '../umd.js';\nexport const helper = umd.helper;\n"),
            ("node_modules/umd/plain.mjs", "import umd from './umd.js';\nexport const helper = umd.helper;\n"),
            (
                "src/index.js",
                "import { helper } from \"umd/modules/index.js\";\nimport { helper as h2 } from \"umd/plain.mjs\";\n\
                 import direct from \"umd\";\n\
                 export default { fetch() { return new Response(JSON.stringify([helper, h2, direct === undefined])) } };\n",
            ),
        ],
    );
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_body(&scenario), "[7,7,true]");
}

#[test]
fn packages_hoisted_to_a_workspace_root_resolve_as_node_finds_them() {
    // An npm/yarn workspace: the worker in apps/api, its packages hoisted to the root's
    // node_modules. Node and esbuild look in every ancestor's node_modules, nearest first:
    // `hoisted` comes from the root, its own nested `dep` from beside it, `shared` from
    // the root, and `own` from the project's node_modules, which wins over the root's.
    let root = temp_dir("workspace");
    let files: &[(&str, &str)] = &[
        ("package.json", "{ \"private\": true, \"workspaces\": [\"apps/*\"] }"),
        ("node_modules/hoisted/package.json", "{ \"name\": \"hoisted\", \"main\": \"index.js\" }"),
        (
            "node_modules/hoisted/index.js",
            "const dep = require('dep');\nconst shared = require('shared').default;\nmodule.exports = 'hoisted+' + dep + '+' + shared;\n",
        ),
        ("node_modules/hoisted/node_modules/dep/package.json", "{ \"name\": \"dep\", \"main\": \"index.js\" }"),
        ("node_modules/hoisted/node_modules/dep/index.js", "module.exports = 'nested-dep';\n"),
        (
            "node_modules/shared/package.json",
            "{ \"name\": \"shared\", \"type\": \"module\", \"exports\": \"./index.js\" }",
        ),
        ("node_modules/shared/index.js", "export default 'shared';\n"),
        ("node_modules/own/package.json", "{ \"name\": \"own\", \"main\": \"index.js\" }"),
        ("node_modules/own/index.js", "module.exports = 'root-own';\n"),
        ("apps/api/node_modules/own/package.json", "{ \"name\": \"own\", \"main\": \"index.js\" }"),
        ("apps/api/node_modules/own/index.js", "module.exports = 'project-own';\n"),
        ("apps/api/wrangler.toml", "name = \"api\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-11-17\"\n"),
        ("apps/api/scenario.toml", "worker = \"wrangler.toml\"\n[[request]]\nurl = \"https://api.example/\"\n"),
        (
            "apps/api/src/index.js",
            "import hoisted from 'hoisted';\nimport own from 'own';\n\
             export default { fetch() { return new Response(hoisted + ' ' + own); } };\n",
        ),
    ];
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let project = root.join("apps/api");
    let scenario = load(&project).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_body(&scenario), "hoisted+nested-dep+shared project-own");
    // Module names stay inside the project: the hoisted package reads as the project's.
    let source = FsSource::new(&project, "src/index.js");
    assert_eq!(
        source.resolve("src/index.js", "hoisted").map(|m| m.name).unwrap(),
        "node_modules/hoisted/index.js?esm-for=src/index.js"
    );
}

/// Writes `files` under `root` and links each `(link, target)` (target relative to the
/// link's folder), as pnpm lays out `node_modules`.
fn write_linked(root: &Path, files: &[(&str, &str)], links: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    for (link, target) in links {
        let link = root.join(link);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, link).unwrap();
    }
}

#[test]
fn packages_in_a_pnpm_store_find_their_dependencies_beside_their_real_folder() {
    // pnpm's layout: the project's node_modules holds links into node_modules/.pnpm, where
    // each package's dependencies are links beside it. `app` depends on `lib`, which
    // depends on `@scope/dep`; the project itself has no `@scope/dep`. Node resolves from a
    // module's real path, so `lib` finds it in `.pnpm/lib@1.0.0/node_modules/@scope/dep`.
    let root = temp_dir("pnpm");
    write_linked(
        &root,
        &[
            ("wrangler.toml", "name = \"app\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-11-17\"\n"),
            ("scenario.toml", "worker = \"wrangler.toml\"\n[[request]]\nurl = \"https://app.example/\"\n"),
            (
                "src/index.js",
                "import lib from 'lib';\nimport { scoped } from '@scope/direct';\n\
                 export default { fetch() { return new Response(lib + ' ' + scoped); } };\n",
            ),
            (
                "node_modules/.pnpm/lib@1.0.0/node_modules/lib/package.json",
                "{ \"name\": \"lib\", \"type\": \"module\", \"exports\": \"./index.js\" }",
            ),
            (
                "node_modules/.pnpm/lib@1.0.0/node_modules/lib/index.js",
                "import dep from '@scope/dep';\nexport default 'lib+' + dep;\n",
            ),
            ("node_modules/.pnpm/@scope+dep@2.0.0/node_modules/@scope/dep/package.json", "{ \"main\": \"index.js\" }"),
            ("node_modules/.pnpm/@scope+dep@2.0.0/node_modules/@scope/dep/index.js", "module.exports = 'dep';\n"),
            (
                "node_modules/.pnpm/@scope+direct@1.0.0/node_modules/@scope/direct/package.json",
                "{ \"type\": \"module\", \"main\": \"index.js\" }",
            ),
            (
                "node_modules/.pnpm/@scope+direct@1.0.0/node_modules/@scope/direct/index.js",
                "export const scoped = 'direct';\n",
            ),
        ],
        &[
            ("node_modules/lib", ".pnpm/lib@1.0.0/node_modules/lib"),
            ("node_modules/@scope/direct", "../.pnpm/@scope+direct@1.0.0/node_modules/@scope/direct"),
            (
                "node_modules/.pnpm/lib@1.0.0/node_modules/@scope/dep",
                "../../../@scope+dep@2.0.0/node_modules/@scope/dep",
            ),
        ],
    );
    let scenario = load(&root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_body(&scenario), "lib+dep direct");
    // A module is named by its real path, as Node and esbuild identify it.
    let source = FsSource::new(&root, "src/index.js");
    assert_eq!(
        source.resolve("src/index.js", "lib").map(|m| m.name).unwrap(),
        "node_modules/.pnpm/lib@1.0.0/node_modules/lib/index.js"
    );
}

#[test]
fn a_pnpm_workspace_finds_the_store_at_the_monorepo_root() {
    // A pnpm workspace: apps/api's node_modules links into the root's node_modules/.pnpm,
    // outside the project; `lib`'s dependency is beside its real folder there.
    let root = temp_dir("pnpm-workspace");
    write_linked(
        &root,
        &[
            ("pnpm-workspace.yaml", "packages:\n  - apps/*\n"),
            (
                "apps/api/wrangler.toml",
                "name = \"api\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-11-17\"\n",
            ),
            ("apps/api/scenario.toml", "worker = \"wrangler.toml\"\n[[request]]\nurl = \"https://api.example/\"\n"),
            (
                "apps/api/src/index.js",
                "import lib from 'lib';\nexport default { fetch() { return new Response(lib); } };\n",
            ),
            ("node_modules/.pnpm/lib@1.0.0/node_modules/lib/package.json", "{ \"main\": \"index.js\" }"),
            ("node_modules/.pnpm/lib@1.0.0/node_modules/lib/index.js", "module.exports = 'lib+' + require('dep');\n"),
            ("node_modules/.pnpm/dep@1.0.0/node_modules/dep/package.json", "{ \"main\": \"index.js\" }"),
            ("node_modules/.pnpm/dep@1.0.0/node_modules/dep/index.js", "module.exports = 'dep';\n"),
        ],
        &[
            ("apps/api/node_modules/lib", "../../../node_modules/.pnpm/lib@1.0.0/node_modules/lib"),
            ("node_modules/.pnpm/lib@1.0.0/node_modules/dep", "../../dep@1.0.0/node_modules/dep"),
        ],
    );
    let scenario = load(root.join("apps/api")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_body(&scenario), "lib+dep");
}

#[test]
fn wrangler_vars_that_are_not_strings_are_bound_as_json_values() {
    // workerd binds a var of a JSON value as that value (a `json` binding): env.LIMIT + 1
    // is 11, not "101"; a .dev.vars secret of the same name is text; process.env holds
    // every var as its JSON text. The expected body is workerd's answer to this scenario
    // (`crosstalk conform tests/conformance/json-vars` agrees).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/json-vars");
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let body: serde_json::Value = serde_json::from_str(&run_body(&scenario)).unwrap();
    let expected = serde_json::json!({
        "types": ["ENABLED:boolean", "FEATURES:object", "GREETING:string", "LIMIT:number", "ORIGINS:object",
                  "OVERRIDDEN:string", "RATIO:number"],
        "sum": 11, "scaled": 2, "enabled": true, "origins": 2, "first": "https://a.example", "depth": 3,
        "beta": false, "overridden": "seven", "fresh": true,
        "processEnv": ["ENABLED=true", "FEATURES={\"beta\":false,\"depth\":3}", "GREETING=hello", "LIMIT=10",
                       "ORIGINS=[\"https://a.example\",\"https://b.example\"]", "OVERRIDDEN=seven", "RATIO=0.25"],
    });
    assert_eq!(body, expected);
}

#[test]
fn static_assets_answer_before_the_worker_and_through_the_assets_binding() {
    // Cloudflare's router: a path an asset matches (through html_handling) never reaches
    // the worker; what matches nothing does; `env.ASSETS.fetch()` applies the same rules
    // and is I/O of the calling request. Expected statuses from Cloudflare's asset worker
    // (auto-trailing-slash: `/about.html` → 307 `/about`, `/blog` → 307 `/blog/`); its
    // root `_headers` is configuration, never served; `.assetsignore` keeps source maps
    // out; `_redirects` answers before any file.
    let root = temp_dir("assets");
    write_linked(
        &root,
        &[
            (
                "wrangler.toml",
                "name = \"site\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-06-01\"\n\
                 [assets]\ndirectory = \"./public\"\nbinding = \"ASSETS\"\n",
            ),
            (
                "scenario.toml",
                "worker = \"wrangler.toml\"\n\
                 [[request]]\nurl = \"https://site.example/\"\nat = \"0ms\"\n\
                 [[request]]\nurl = \"https://site.example/about.html?x=1\"\nat = \"1ms\"\n\
                 [[request]]\nurl = \"https://site.example/blog\"\nat = \"2ms\"\n\
                 [[request]]\nurl = \"https://site.example/api/users\"\nat = \"3ms\"\n\
                 [[request]]\nurl = \"https://site.example/page\"\nat = \"4ms\"\n\
                 [[request]]\nurl = \"https://site.example/_headers\"\nat = \"5ms\"\n\
                 [[request]]\nurl = \"https://site.example/style.css\"\nmethod = \"POST\"\nat = \"6ms\"\n\
                 [[request]]\nurl = \"https://site.example/app.js.map\"\nat = \"7ms\"\n\
                 [[request]]\nurl = \"https://site.example/old\"\nat = \"8ms\"\n",
            ),
            ("public/index.html", "home"),
            ("public/about.html", "about"),
            ("public/blog/index.html", "blog"),
            ("public/style.css", "body{}"),
            ("public/_headers", "/*\n  X-Frame-Options: DENY\n"),
            ("public/_redirects", "/old /about 301\n"),
            ("public/.assetsignore", "*.map\n"),
            ("public/app.js.map", "{}"),
            (
                "src/index.js",
                "export default { async fetch(request, env) {\n\
                   const url = new URL(request.url);\n\
                   if (url.pathname === '/page') {\n\
                     const r = await env.ASSETS.fetch(new URL('/about', request.url));\n\
                     return new Response(`${r.status} ${await r.text()} ${r.headers.get('content-type')}`);\n\
                   }\n\
                   return new Response('worker ' + url.pathname);\n\
                 } };\n",
            ),
        ],
        &[],
    );
    let scenario = load(&root).unwrap_or_else(|e| panic!("{e}"));
    let run = simulate(&scenario.model(None), &mut FirstScheduler).unwrap_or_else(|e| panic!("{e}"));
    let answers: Vec<(u16, String)> =
        (run.requests.iter()).map(|r| (r.status.unwrap_or(0), r.body.clone().unwrap_or_default())).collect();
    assert_eq!(
        answers,
        [
            (200, "home".to_string()),
            (307, String::new()),
            (307, String::new()),
            (200, "worker /api/users".to_string()),
            (200, "200 about text/html; charset=utf-8".to_string()),
            (200, "worker /_headers".to_string()),
            (405, String::new()),
            (200, "worker /app.js.map".to_string()),
            (301, String::new()),
        ]
    );
}

#[test]
fn small_bindings_limit_write_send_and_describe_as_their_runtimes_do() {
    // A rate limiter of 2 calls per key and minute (the local emulation's fixed windows:
    // three calls for one key, the third refused); Analytics Engine's checks with
    // workerd's messages; an email to an address the binding does not allow; version
    // metadata; Hyperdrive's connection details from `localConnectionString`.
    let root = temp_dir("small-bindings");
    write_linked(
        &root,
        &[
            (
                "wrangler.toml",
                "name = \"sb\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-06-01\"\n\
                 [[ratelimits]]\nname = \"LIMITER\"\nnamespace_id = \"1001\"\nsimple = { limit = 2, period = 60 }\n\
                 [[analytics_engine_datasets]]\nbinding = \"AE\"\n\
                 [version_metadata]\nbinding = \"VERSION\"\n\
                 [[send_email]]\nname = \"MAIL\"\nallowed_destination_addresses = [\"a@example.com\"]\n\
                 [[hyperdrive]]\nbinding = \"HD\"\nid = \"x\"\nlocalConnectionString = \"postgres://u:p%40ss@db.local:5433/app\"\n",
            ),
            ("scenario.toml", "worker = \"wrangler.toml\"\n[[request]]\nurl = \"https://sb.example/\"\nat = \"0ms\"\n"),
            (
                "src/index.js",
                "import { EmailMessage } from 'cloudflare:email';\n\
                 export default { async fetch(request, env) {\n\
                   const limits = [];\n\
                   for (let i = 0; i < 3; i++) limits.push((await env.LIMITER.limit({ key: 'k' })).success);\n\
                   const other = (await env.LIMITER.limit({ key: 'other' })).success;\n\
                   const errors = [];\n\
                   for (const event of [{ indexes: ['a', 'b'] }, { indexes: ['x'.repeat(97)] }, { blobs: Array(21).fill('') },\n\
                                        { blobs: ['x'.repeat(5121)] }, { doubles: Array(21).fill(0) }]) {\n\
                     try { env.AE.writeDataPoint(event); errors.push('none'); } catch (e) { errors.push(e.message); }\n\
                   }\n\
                   env.AE.writeDataPoint({ blobs: ['a'], doubles: [1], indexes: ['i'] });\n\
                   const raw = 'From: s@example.com\\r\\nMessage-ID: <m1@example.com>\\r\\n\\r\\nhi';\n\
                   const sent = await env.MAIL.send(new EmailMessage('s@example.com', 'a@example.com', raw));\n\
                   const refused = await env.MAIL.send(new EmailMessage('s@example.com', 'b@example.com', raw)).catch((e) => e.message);\n\
                   const badOption = await env.LIMITER.limit({ key: 'k', cost: 2 }).catch((e) => e.message);\n\
                   return Response.json({ limits, other, errors, sent, refused, badOption, tag: env.VERSION.tag,\n\
                     time: env.VERSION.timestamp, hd: [env.HD.host, env.HD.port, env.HD.user, env.HD.password, env.HD.database] });\n\
                 } };\n",
            ),
        ],
        &[],
    );
    let scenario = load(&root).unwrap_or_else(|e| panic!("{e}"));
    let body: serde_json::Value = serde_json::from_str(&run_body(&scenario)).unwrap();
    let expected = serde_json::json!({
        "limits": [true, true, false],
        "other": true,
        "errors": [
            "writeDataPoint(): Maximum of 1 indexes supported.",
            "writeDataPoint(): Size of indexes[0] exceeds 96 bytes).",
            "writeDataPoint(): Maximum of 20 blobs supported.",
            "writeDataPoint(): Cumulative size of blobs exceeds 5120 bytes).",
            "writeDataPoint(): Maximum of 20 doubles supported.",
        ],
        "sent": { "messageId": "<m1@example.com>" },
        "refused": "email to b@example.com not allowed",
        "badOption": "bad rate limit options: [cost]",
        "tag": "",
        "time": "2024-01-01T00:00:00.000Z",
        "hd": ["db.local", 5433, "u", "p@ss", "app"],
    });
    assert_eq!(body, expected);
}

#[test]
fn a_worker_calls_itself_through_its_own_service_binding_and_ctx_exports() {
    // A service binding naming the project's own wrangler `name`, `ctx.exports.default`
    // and `ctx.exports.Api` (a WorkerEntrypoint class) all reach the worker itself; a
    // class it does not export is not among ctx.exports. The expected body is workerd's
    // answer (`crosstalk conform tests/conformance/self-calls` agrees at 2026-11-17).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/self-calls");
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let body: serde_json::Value = serde_json::from_str(&run_body(&scenario)).unwrap();
    let expected = serde_json::json!({
        "viaBinding": "inner POST", "exportsSeen": "object", "viaExports": "inner GET", "rpc": 5,
        "hidden": "undefined", "unused": "function",
    });
    assert_eq!(body, expected);
}

#[test]
fn cloudflare_workers_context_helpers_hold_across_awaits_as_workerd_does() {
    // withEnv/withExports/withEnvAndExports keep their replacement across the callback's
    // awaits and timers; tracing's spans, `cache` and `restore` have workerd's shapes. The
    // expected body is workerd's answer (`crosstalk conform
    // tests/conformance/cloudflare-context` agrees at 2024-01-01 and 2026-11-17).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/cloudflare-context");
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let body: serde_json::Value = serde_json::from_str(&run_body(&scenario)).unwrap();
    let expected = serde_json::json!({
        "spanProto": ["isTraced", "spanContext", "setAttribute", "setAttributes", "recordException", "updateName",
                      "setStatus", "end", "constructor"],
        "enter": 3, "active": "[object Span]", "start": "object", "startActive": 7,
        "withActive": "TypeError: Failed to execute 'withActiveSpan' on 'Tracing': parameter 1 is not of type 'Span'.",
        "tracingProto": ["enterSpan", "startActiveSpan", "startSpan", "getActiveSpan", "withActiveSpan", "Span",
                         "constructor"],
        "withExports": 1, "both": [2, 3], "acrossAwait": 4, "acrossTimer": 5, "after": [null, null, true],
        "cacheKeys": [], "restore": "symbol",
    });
    assert_eq!(body, expected);
}

#[test]
fn a_workflow_instance_runs_its_steps_sleeps_and_retries_beside_the_requests() {
    // Cloudflare's Workflows as documented: `create()` starts an instance that outlives
    // its request; `step.sleep("1 minute")` waits a minute of virtual time; a failing
    // `step.do` is retried after its `delay` (constant backoff) up to `limit` times; a
    // `NonRetryableError` ends the instance as errored; `status()` reports queued or
    // running, then complete with the output, or errored with the error.
    let root = temp_dir("workflows");
    write_linked(
        &root,
        &[
            (
                "wrangler.toml",
                "name = \"wf\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-11-17\"\n\
                 [[workflows]]\nname = \"signup\"\nbinding = \"SIGNUP\"\nclass_name = \"SignupFlow\"\n",
            ),
            (
                "scenario.toml",
                "worker = \"wrangler.toml\"\n\
                 [[request]]\nurl = \"https://wf.example/start?email=a@example.com&id=good\"\nat = \"0ms\"\n\
                 [[request]]\nurl = \"https://wf.example/start?email=bad&id=bad\"\nat = \"1ms\"\n\
                 [[request]]\nurl = \"https://wf.example/status?id=good\"\nat = \"2s\"\n\
                 [[request]]\nurl = \"https://wf.example/status?id=good\"\nat = \"70s\"\n\
                 [[request]]\nurl = \"https://wf.example/status?id=bad\"\nat = \"71s\"\n\
                 [[request]]\nurl = \"https://wf.example/status?id=none\"\nat = \"72s\"\n\
                 [[request]]\nurl = \"https://wf.example/start?email=x&id=good\"\nat = \"73s\"\n",
            ),
            (
                "src/index.js",
                "import { WorkflowEntrypoint } from 'cloudflare:workers';\n\
                 import { NonRetryableError } from 'cloudflare:workflows';\n\
                 let failures = 0;\n\
                 export class SignupFlow extends WorkflowEntrypoint {\n\
                   async run(event, step) {\n\
                     const user = await step.do('create user', async () => ({ email: event.payload.email }));\n\
                     if (user.email === 'bad') await step.do('check', async () => { throw new NonRetryableError('bad email'); });\n\
                     await step.sleep('wait', '1 minute');\n\
                     const mail = await step.do('mail', { retries: { limit: 3, delay: '1 second', backoff: 'constant' } },\n\
                       async () => { if (++failures < 3) throw new Error('smtp down'); return `sent after ${failures}`; });\n\
                     return { user, mail, instance: event.instanceId };\n\
                   }\n\
                 }\n\
                 export default { async fetch(request, env) {\n\
                   const url = new URL(request.url);\n\
                   const id = url.searchParams.get('id');\n\
                   try {\n\
                     if (url.pathname === '/start') {\n\
                       const instance = await env.SIGNUP.create({ id, params: { email: url.searchParams.get('email') } });\n\
                       return Response.json({ id: instance.id });\n\
                     }\n\
                     return Response.json(await (await env.SIGNUP.get(id)).status());\n\
                   } catch (e) { return Response.json({ error: e.message }); }\n\
                 } };\n",
            ),
        ],
        &[],
    );
    let scenario = load(&root).unwrap_or_else(|e| panic!("{e}"));
    let run = simulate(&scenario.model(None), &mut FirstScheduler).unwrap_or_else(|e| panic!("{e}"));
    let bodies: Vec<serde_json::Value> =
        (run.incoming()).map(|r| serde_json::from_str(r.body.as_deref().unwrap_or("null")).unwrap()).collect();
    let expected = [
        serde_json::json!({ "id": "good" }),
        serde_json::json!({ "id": "bad" }),
        serde_json::json!({ "status": "running" }),
        serde_json::json!({ "status": "complete", "output": {
            "user": { "email": "a@example.com" }, "mail": "sent after 3", "instance": "good" } }),
        serde_json::json!({ "status": "errored", "error": { "name": "NonRetryableError", "message": "bad email" } }),
        serde_json::json!({ "error": "instance.not_found" }),
        serde_json::json!({ "error": "instance.already_exists" }),
    ];
    assert_eq!(bodies, expected);
}

/// Answers every choice as `FirstScheduler` does, but takes any offered hibernation.
struct Hibernating;

impl crosstalk_runtime::Scheduler for Hibernating {
    fn arrival_ms(&mut self, _: usize, range: MsRange) -> u64 {
        range.min
    }
    fn isolate(&mut self, _: usize, _: u32) -> u32 {
        0
    }
    fn latency_ms(&mut self, _: &crosstalk_runtime::LatencyKey, range: MsRange) -> u64 {
        range.min
    }
    fn pick(&mut self, _: u64, ready: &[crosstalk_runtime::ReadyTask]) -> usize {
        ready.iter().position(|t| t.label.starts_with("hibernate ")).unwrap_or(0)
    }
    fn random_seed(&mut self) -> u64 {
        0
    }
}

#[test]
fn a_hibernated_workflow_replays_run_with_its_stored_steps_and_repeats_what_is_outside_them() {
    // The engine's replay after a hibernation, as Cloudflare documents it ("Rules of
    // Workflows"): run() starts again from the top; a completed step returns its stored
    // result without running its callback; a sleep already begun ends when it was due;
    // code outside steps runs again. The bundled scenario's welcome email is outside a
    // step: the replay sends it twice (workflow-replay), the follow-up once.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/workflow-project");
    let scenario = load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let run = simulate(&scenario.model(None), &mut Hibernating).unwrap_or_else(|e| panic!("{e}"));
    let fetches: Vec<String> = (run.trace.iter())
        .filter_map(|e| match &e.kind {
            crosstalk_runtime::EventKind::Fetch { url, .. } => Some(url.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        fetches,
        [
            "https://api.example/accounts",
            "https://mail.example/send",
            "https://mail.example/send",
            "https://mail.example/send"
        ]
    );
    let steps: Vec<String> = (run.trace.iter())
        .filter_map(|e| match &e.kind {
            crosstalk_runtime::EventKind::WorkflowStep { step, what, .. } => Some(format!("{step}: {what}")),
            _ => None,
        })
        .collect();
    assert_eq!(
        steps,
        [
            "create account#1: start",
            "create account#1: ran",
            "wait before following up#1: sleep",
            "create account#1: cached",
            "wait before following up#1: sleep",
            "wait before following up#1: slept",
            "follow up#1: start",
            "follow up#1: ran",
        ]
    );
    let config = crosstalk_checker::CheckConfig::default();
    let report =
        crosstalk_checker::check(&scenario.model(None), &run, &config, &mut crosstalk_checker::ReferenceCache::new());
    let kinds: Vec<&str> = report.violations.iter().map(|v| v.kind.as_str()).collect();
    assert_eq!(kinds, ["workflow-replay"]);
}
