//! The corpus: failing schedules persisted under `corpus/<scenario>/`, replayed first by
//! every campaign (as proptest's regression files, but holding explicit schedules).
//!
//! An entry is written atomically: to a temporary file in the same folder, flushed to
//! disk, then renamed over its final name. A crash mid-write leaves at most a stray
//! `.tmp` file, which loading ignores; it never leaves a truncated entry. Names are a
//! stable hash of (scenario, kind, schedule), so the same finding is stored once.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::schedule::Schedule;

/// One stored finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The scenario's name, also the folder the entry is stored in.
    pub scenario: String,
    /// The seed of the campaign that found it (for people; replay does not need it).
    pub campaign_seed: u64,
    /// The strategy that found it (for people; replay does not need it).
    #[serde(default)]
    pub strategy: String,
    /// The violation kind the schedule reproduces.
    pub kind: String,
    /// The shrunk schedule.
    pub schedule: Schedule,
    /// The violations it produced, as the checker reported them.
    #[serde(default)]
    pub violations: serde_json::Value,
    /// The runtime profile it was found under, when not the scenario's own; replay uses
    /// it unless told otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Where virtual time began (RFC 3339), so that a replay runs the same clock even
    /// when it came from `--start-time`; replay uses it unless told otherwise. Entries
    /// written before it existed replay from the scenario's own start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// The wrangler environment it was found under (`--env`), when not the scenario's own;
    /// replay uses it unless told otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_env: Option<String>,
}

impl Entry {
    /// The entry's file name: kind and a stable 64-bit FNV-1a hash of the scenario, kind
    /// and schedule (not the seed: two campaigns that find the same schedule share it).
    pub fn file_name(&self) -> String {
        let identity = serde_json::json!({ "scenario": self.scenario, "kind": self.kind, "schedule": self.schedule });
        let kind: String =
            self.kind.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        format!("{kind}-{:016x}.json", fnv1a(identity.to_string().as_bytes()))
    }
}

/// What [`save`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The entry's file, new or already there.
    pub path: PathBuf,
    /// `false` when the same finding was already stored.
    pub created: bool,
}

/// A corpus that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// An entry is not valid JSON of an [`Entry`] (or could not be written as one).
    #[error("{}: not a corpus entry: {source}", path.display())]
    Parse {
        /// The entry's file.
        path: PathBuf,
        /// What serde said.
        source: serde_json::Error,
    },
    /// A scenario name that is not one plain folder name: writing under it could escape
    /// the corpus root (`x/../../escaped`, an absolute path).
    #[error("the scenario name {name:?} cannot name a corpus folder: {reason}")]
    Name {
        /// The scenario name as given.
        name: String,
        /// What is wrong with it ([`scenario_name_problem`]).
        reason: &'static str,
    },
}

/// Why `name` cannot be a scenario's corpus folder, if it cannot: it must be one plain
/// path component, so that `<root>/<name>/` always stays under `<root>`.
///
/// ```
/// use crosstalk_scenario::corpus::scenario_name_problem;
/// assert_eq!(scenario_name_problem("kv-project"), None);
/// assert!(scenario_name_problem("x/../../escaped").is_some());
/// assert!(scenario_name_problem("/etc").is_some());
/// ```
pub fn scenario_name_problem(name: &str) -> Option<&'static str> {
    const NAME_BYTES_MAX: usize = 128;
    if name.trim().is_empty() {
        Some("it is empty")
    } else if name.len() > NAME_BYTES_MAX {
        Some("it is longer than 128 bytes")
    } else if name.contains(['/', '\\']) {
        Some("it contains a path separator")
    } else if name.starts_with('.') {
        Some("it starts with '.' (a hidden or parent folder)")
    } else if name.chars().any(|c| c.is_control() || c == ':') {
        Some("it contains a control character or ':'")
    } else {
        None
    }
}

/// Stores `entry` under `<root>/<entry.scenario>/`, unless the same finding is there.
///
/// ```
/// use crosstalk_scenario::{Schedule, corpus};
/// let root = std::env::temp_dir().join(format!("crosstalk-doc-{}", std::process::id()));
/// let entry = corpus::Entry { scenario: "blocker".into(), campaign_seed: 1, strategy: "random".into(),
///     kind: "hang".into(), schedule: Schedule::default(), violations: serde_json::Value::Null, profile: None, start_time: None, worker_env: None };
/// assert!(corpus::save(&root, &entry).unwrap().created);
/// assert!(!corpus::save(&root, &entry).unwrap().created); // stored once
/// assert_eq!(corpus::load_dir(&root.join("blocker")).unwrap().len(), 1);
/// # std::fs::remove_dir_all(&root).unwrap();
/// ```
pub fn save(root: &Path, entry: &Entry) -> Result<Saved, CorpusError> {
    if let Some(reason) = scenario_name_problem(&entry.scenario) {
        return Err(CorpusError::Name { name: entry.scenario.clone(), reason });
    }
    let dir = root.join(&entry.scenario);
    debug_assert!(dir.starts_with(root) && dir.components().count() == root.components().count() + 1);
    std::fs::create_dir_all(&dir).map_err(|source| CorpusError::Io { path: dir.clone(), source })?;
    let path = dir.join(entry.file_name());
    if path.exists() {
        return Ok(Saved { path, created: false });
    }
    let mut text =
        serde_json::to_string_pretty(entry).map_err(|source| CorpusError::Parse { path: path.clone(), source })?;
    text.push('\n');
    write_atomic(&path, text.as_bytes(), &mut |file, bytes| file.write_all(bytes))?;
    Ok(Saved { path, created: true })
}

/// Writes `bytes` to `path` through a temporary file and a rename. `write` does the
/// writing (tests inject a crash there).
fn write_atomic(
    path: &Path,
    bytes: &[u8],
    write: &mut dyn FnMut(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), CorpusError> {
    let io = |source| CorpusError::Io { path: path.to_path_buf(), source };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let mut file = std::fs::File::create(&temp).map_err(io)?;
    let written = write(&mut file, bytes).and_then(|()| file.sync_all());
    drop(file);
    if let Err(source) = written {
        drop(std::fs::remove_file(&temp));
        return Err(io(source));
    }
    std::fs::rename(&temp, path).map_err(io)?;
    // Make the rename itself durable where the platform allows opening a folder.
    if let Some(dir) = path.parent()
        && let Ok(dir) = std::fs::File::open(dir)
    {
        drop(dir.sync_all());
    }
    Ok(())
}

/// Every entry in one scenario's corpus folder, sorted by file name; a missing folder is
/// an empty corpus. Temporary files left by a crash are ignored.
pub fn load_dir(dir: &Path) -> Result<Vec<(PathBuf, Entry)>, CorpusError> {
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(CorpusError::Io { path: dir.to_path_buf(), source }),
    };
    let mut paths = Vec::new();
    for item in listing {
        let path = item.map_err(|source| CorpusError::Io { path: dir.to_path_buf(), source })?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with(".json") && !name.starts_with('.') {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(&path).map_err(|source| CorpusError::Io { path: path.clone(), source })?;
            let entry =
                serde_json::from_str(&text).map_err(|source| CorpusError::Parse { path: path.clone(), source })?;
            Ok((path, entry))
        })
        .collect()
}

/// 64-bit FNV-1a: tiny, stable across versions and platforms (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seed: u64) -> Entry {
        Entry {
            scenario: "s".into(),
            campaign_seed: seed,
            strategy: "random".into(),
            kind: "hang".into(),
            schedule: Schedule { random_seed: 5, ..Schedule::default() },
            violations: serde_json::json!([{"kind": "hang"}]),
            profile: None,
            start_time: None,
            worker_env: None,
        }
    }

    fn temp_root(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("crosstalk-corpus-{name}-{}", std::process::id()));
        drop(std::fs::remove_dir_all(&root));
        root
    }

    #[test]
    fn names_are_stable_and_ignore_the_seed() {
        assert_eq!(entry(1).file_name(), entry(2).file_name());
        assert!(entry(1).file_name().starts_with("hang-"));
        // The FNV-1a test vector keeps the hash stable across releases.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_crash_while_writing_leaves_the_corpus_intact() {
        let root = temp_root("crash");
        let kept = save(&root, &entry(1)).unwrap();
        let mut other = entry(1);
        other.kind = "global-state-race".into();
        let final_path = root.join("s").join(other.file_name());
        // The writer dies half-way through the bytes, as a killed process would.
        let text = serde_json::to_vec_pretty(&other).unwrap();
        let result = write_atomic(&final_path, &text, &mut |file, bytes| {
            file.write_all(&bytes[..bytes.len() / 2])?;
            Err(std::io::Error::other("crash"))
        });
        assert!(result.is_err());
        assert!(!final_path.exists(), "no truncated entry under the final name");
        // A temp file a killed process left behind is ignored too.
        std::fs::write(root.join("s").join(".hang-0000.json.99.tmp"), &text[..10]).unwrap();
        let loaded = load_dir(&root.join("s")).unwrap();
        assert_eq!(loaded, vec![(kept.path.clone(), entry(1))]);
        // After the crash, writing the same finding again works.
        assert!(save(&root, &other).unwrap().created);
        assert_eq!(load_dir(&root.join("s")).unwrap().len(), 2);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_scenario_name_that_would_escape_the_corpus_root_is_refused() {
        let root = temp_root("escape");
        for name in ["x/../../escaped", "../up", "/tmp/abs", "a\\b", "..", ".hidden", "", "c:d"] {
            let mut bad = entry(1);
            bad.scenario = name.into();
            let error = save(&root, &bad).unwrap_err();
            assert!(matches!(error, CorpusError::Name { .. }), "{name:?}: {error}");
        }
        assert!(!root.exists(), "nothing was written anywhere");
        assert!(!root.parent().unwrap().join("escaped").exists());
    }

    #[test]
    fn a_corrupt_entry_is_an_error_naming_the_file() {
        let root = temp_root("corrupt");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("bad.json"), "{").unwrap();
        let error = load_dir(&root).unwrap_err().to_string();
        assert!(error.contains("bad.json") && error.contains("not a corpus entry"), "{error}");
        std::fs::remove_dir_all(&root).unwrap();
        assert!(load_dir(&root).unwrap().is_empty(), "a missing folder is an empty corpus");
    }
}
