//! The D1 part of `load`: wrangler's `d1_databases` and the scenario's `[[d1]]`, merged
//! into the databases a schedule starts with, every migration read and tried once so a
//! broken one is a located error now rather than a failing query later.

use crosstalk_runtime::{D1Spec, MsRange, SqlFile};
use std::path::Path;
use toml::Spanned;

use super::Loader;
use crate::error::LoadError;
use crate::project::Project;
use crate::raw::RawD1;

/// Latency of every D1 call (a statement, a batch, an `exec`) unless `[[d1]] latency`
/// says otherwise: 2 to 20 ms, a query's round trip from a Worker to its database, so
/// that schedules reorder concurrent requests' statements.
pub const D1_LATENCY: MsRange = MsRange::new_range(2, 20);

impl Loader<'_> {
    pub(super) fn merged_d1(
        &self,
        project: Option<&Project>,
        raw: &[Spanned<RawD1>],
    ) -> Result<Vec<D1Spec>, LoadError> {
        // (spec, the folder its file names are relative to)
        let mut specs: Vec<(D1Spec, &Path)> = Vec::new();
        if let Some(project) = project {
            for db in &project.d1 {
                let dir = project.root.join(&db.migrations_dir);
                let migrations = if dir.is_dir() { sql_folder(&project.root, &db.migrations_dir)? } else { Vec::new() };
                specs.push((D1Spec { binding: db.binding.clone(), latency: D1_LATENCY, migrations }, &project.root));
            }
        }
        for table in raw {
            let d = table.get_ref();
            let Some(binding) = &d.binding else {
                return Err(self.err(table.span(), "this [[d1]] has no binding").with_hint("add binding = \"DB\""));
            };
            self.check_binding_name(binding)?;
            let mut migrations = Vec::new();
            if let Some(folder) = &d.migrations {
                if !self.dir.join(folder.get_ref()).is_dir() {
                    return Err(self
                        .err(folder.span(), format!("'{}' is not a folder", folder.get_ref()))
                        .with_hint("`migrations` names a folder of .sql files, applied in name order"));
                }
                migrations = sql_folder(self.dir, folder.get_ref())?;
            }
            if let Some(schema) = &d.schema {
                for name in schema.get_ref().items() {
                    let path = self.dir.join(name);
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        self.err(schema.span(), format!("cannot read '{name}': {e}"))
                            .with_hint("`schema` names SQL files in the scenario folder")
                    })?;
                    migrations.push(SqlFile { name: name.to_string(), text });
                }
            }
            let given = d.migrations.is_some() || d.schema.is_some();
            match specs.iter_mut().find(|(s, _)| s.binding == *binding.get_ref()) {
                // The scenario's [[d1]] refines the project's database: its latency, and
                // its SQL when it names some.
                Some((existing, base)) => {
                    if d.latency.is_some() {
                        existing.latency = self.range(d.latency.as_ref(), D1_LATENCY)?;
                    }
                    if given {
                        existing.migrations = migrations;
                        *base = self.dir;
                    }
                }
                None => {
                    let latency = self.range(d.latency.as_ref(), D1_LATENCY)?;
                    specs.push((D1Spec { binding: binding.get_ref().clone(), latency, migrations }, self.dir));
                }
            }
        }
        for (spec, base) in &specs {
            crosstalk_runtime::check_d1(spec).map_err(|e| {
                let path = base.join(&e.file);
                let text = spec.migrations.iter().find(|f| f.name == e.file).map_or("", |f| f.text.as_str());
                LoadError::at(
                    &path,
                    text,
                    e.offset.unwrap_or(0),
                    format!("D1 database {}: {}", spec.binding, e.message),
                )
                .with_hint("the database starts with these SQL files applied in order; fix the statement")
            })?;
        }
        Ok(specs.into_iter().map(|(s, _)| s).collect())
    }
}

/// The `.sql` files of `folder` (relative to `base`), in name order, named
/// `folder/file.sql`.
fn sql_folder(base: &Path, folder: &str) -> Result<Vec<SqlFile>, LoadError> {
    let dir = base.join(folder);
    let entries = std::fs::read_dir(&dir).map_err(|e| LoadError::file(&dir, format!("cannot read the folder: {e}")))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|file| {
            let path = dir.join(&file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| LoadError::file(&path, format!("cannot read the migration: {e}")))?;
            Ok(SqlFile { name: format!("{}/{file}", folder.trim_end_matches('/')), text })
        })
        .collect()
}
