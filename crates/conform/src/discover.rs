//! Where the workerd binary is: `--workerd PATH`, else `$WORKERD`, else
//! `node_modules/.bin/workerd` in the scenario's folder or any folder above it (the project
//! root holds the `package.json` that pins it), else in the current folder.
//!
//! [`locate`] is the pure rule (the file system is a predicate), [`find_workerd`] applies it
//! to this process. When npm's `workerd` is still its JavaScript launcher (its postinstall
//! step replaces it with the binary, and may not have run), conform runs the platform
//! package's binary instead: killing a launcher would leave its workerd child running. A missing binary is [`ConformError::Workerd`] (exit 3) whose message
//! says how to install it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::ConformError;

/// The binary npm links into a project (`npm install` at the repo root, from the
/// `package.json` that pins `workerd`).
pub const NPM_BIN: &str = "node_modules/.bin/workerd";

/// Finds workerd for a scenario in `scenario_dir`, reading `$WORKERD` and the current
/// folder of this process.
///
/// ```no_run
/// let binary = crosstalk_conform::find_workerd(None, std::path::Path::new("tests/conformance/blocker")).unwrap();
/// assert!(binary.ends_with("workerd"));
/// ```
pub fn find_workerd(explicit: Option<&Path>, scenario_dir: &Path) -> Result<PathBuf, ConformError> {
    let env = std::env::var_os("WORKERD");
    let cwd = std::env::current_dir().unwrap_or_default();
    let start = std::path::absolute(scenario_dir).unwrap_or_else(|_| scenario_dir.to_path_buf());
    locate(explicit, env, &start, &cwd, |p| p.is_file()).map(|found| platform_binary(&found).unwrap_or(found))
}

/// For npm's JavaScript launcher (`#!` script) at `…/node_modules/.bin/workerd` or
/// `…/node_modules/workerd/bin/workerd`, the binary of the platform package beside it
/// (`…/node_modules/@cloudflare/workerd-linux-64/bin/workerd`).
pub(crate) fn platform_binary(launcher: &Path) -> Option<PathBuf> {
    let mut head = [0u8; 2];
    let mut file = std::fs::File::open(launcher).ok()?;
    std::io::Read::read_exact(&mut file, &mut head).ok()?;
    if &head != b"#!" {
        return None;
    }
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "64",
        "aarch64" => "arm64",
        other => other,
    };
    let package = format!("@cloudflare/workerd-{os}-{arch}/bin/workerd");
    let node_modules = launcher.ancestors().find(|p| p.file_name().is_some_and(|n| n == "node_modules"))?;
    Some(node_modules.join(package)).filter(|p| p.is_file())
}

/// The discovery rule over a file-exists predicate: the first of `explicit`, `env`,
/// `<ancestor>/node_modules/.bin/workerd` for `start` and each of its ancestors, and
/// `<cwd>/node_modules/.bin/workerd`. An explicit path or `$WORKERD` that does not exist is
/// an error of its own (never silently replaced by another binary).
pub fn locate(
    explicit: Option<&Path>,
    env: Option<OsString>,
    start: &Path,
    cwd: &Path,
    exists: impl Fn(&Path) -> bool,
) -> Result<PathBuf, ConformError> {
    if let Some(path) = explicit {
        return if exists(path) {
            Ok(path.to_path_buf())
        } else {
            Err(ConformError::workerd(format!(
                "workerd not found at {} (--workerd)\n  hint: pass the path of a workerd binary, or drop --workerd to use \
                 the one `npm install` puts in node_modules/.bin/workerd at the repo root",
                path.display()
            )))
        };
    }
    if let Some(path) = env.filter(|p| !p.is_empty()).map(PathBuf::from) {
        return if exists(&path) {
            Ok(path)
        } else {
            Err(ConformError::workerd(format!(
                "workerd not found at {} ($WORKERD)\n  hint: point WORKERD at a workerd binary, or unset it to use \
                 node_modules/.bin/workerd from `npm install` at the repo root",
                path.display()
            )))
        };
    }
    let mut searched = Vec::new();
    for folder in start.ancestors().chain(std::iter::once(cwd)) {
        let candidate = folder.join(NPM_BIN);
        if exists(&candidate) {
            return Ok(candidate);
        }
        searched.push(candidate);
    }
    Err(ConformError::workerd(format!(
        "workerd not found: no --workerd, no $WORKERD, and no {NPM_BIN} in {} or the folders above it, nor in {}\n  \
         hint: run `npm install` at the repo root (its package.json pins workerd), or pass --workerd PATH",
        start.display(),
        cwd.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exists_in(files: &'static [&'static str]) -> impl Fn(&Path) -> bool {
        move |p: &Path| files.iter().any(|f| Path::new(f) == p)
    }

    #[test]
    fn explicit_path_wins_over_everything() {
        let found = locate(
            Some(Path::new("/opt/workerd")),
            Some("/env/workerd".into()),
            Path::new("/repo/tests/conformance/x"),
            Path::new("/repo"),
            exists_in(&["/opt/workerd", "/env/workerd", "/repo/node_modules/.bin/workerd"]),
        );
        assert_eq!(found, Ok(PathBuf::from("/opt/workerd")));
    }

    #[test]
    fn a_missing_explicit_path_is_an_error_not_a_fallback() {
        let error = locate(
            Some(Path::new("/nonexistent")),
            None,
            Path::new("/repo/s"),
            Path::new("/repo"),
            exists_in(&["/repo/node_modules/.bin/workerd"]),
        )
        .unwrap_err();
        assert_eq!(error.exit_code(), 3);
        assert!(error.to_string().contains("workerd not found at /nonexistent (--workerd)"), "{error}");
    }

    #[test]
    fn env_comes_before_node_modules_and_must_exist() {
        let files = &["/env/workerd", "/repo/node_modules/.bin/workerd"];
        let start = Path::new("/repo/s");
        assert_eq!(
            locate(None, Some("/env/workerd".into()), start, Path::new("/"), exists_in(files)),
            Ok(PathBuf::from("/env/workerd"))
        );
        let error = locate(None, Some("/gone".into()), start, Path::new("/"), exists_in(files)).unwrap_err();
        assert!(error.to_string().contains("($WORKERD)"), "{error}");
        // An empty $WORKERD counts as unset.
        assert_eq!(
            locate(None, Some("".into()), start, Path::new("/"), exists_in(files)),
            Ok(PathBuf::from("/repo/node_modules/.bin/workerd"))
        );
    }

    #[test]
    fn walks_up_from_the_scenario_then_tries_the_current_folder() {
        let nearest = &["/repo/tests/node_modules/.bin/workerd", "/repo/node_modules/.bin/workerd"];
        assert_eq!(
            locate(None, None, Path::new("/repo/tests/conformance/x"), Path::new("/"), exists_in(nearest)),
            Ok(PathBuf::from("/repo/tests/node_modules/.bin/workerd"))
        );
        let cwd_only = &["/work/node_modules/.bin/workerd"];
        assert_eq!(
            locate(None, None, Path::new("/elsewhere/s"), Path::new("/work"), exists_in(cwd_only)),
            Ok(PathBuf::from("/work/node_modules/.bin/workerd"))
        );
    }

    #[test]
    fn a_javascript_launcher_gives_way_to_the_platform_binary() {
        let root = tempfile::tempdir().unwrap();
        let node_modules = root.path().join("node_modules");
        let launcher = node_modules.join(".bin/workerd");
        std::fs::create_dir_all(launcher.parent().unwrap()).unwrap();
        std::fs::write(&launcher, "#!/usr/bin/env node\n").unwrap();
        assert_eq!(platform_binary(&launcher), None, "no platform package yet");
        let arch = if std::env::consts::ARCH == "aarch64" { "arm64" } else { "64" };
        let os = if std::env::consts::OS == "macos" { "darwin" } else { std::env::consts::OS };
        let binary = node_modules.join(format!("@cloudflare/workerd-{os}-{arch}/bin/workerd"));
        std::fs::create_dir_all(binary.parent().unwrap()).unwrap();
        std::fs::write(&binary, b"\x7fELF").unwrap();
        assert_eq!(platform_binary(&launcher), Some(binary.clone()));
        assert_eq!(platform_binary(&binary), None, "a binary is used as it is");
    }

    #[test]
    fn nothing_found_says_how_to_install() {
        let error = locate(None, None, Path::new("/a/b"), Path::new("/c"), |_| false).unwrap_err();
        assert_eq!(error.exit_code(), 3);
        assert!(error.to_string().contains("`npm install` at the repo root"), "{error}");
    }
}
