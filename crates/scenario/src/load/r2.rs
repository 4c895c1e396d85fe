//! The R2 and queue-producer parts of `load`: wrangler's `r2_buckets` and
//! `queues.producers` and the scenario's `[[r2]]` and `[[queue_producer]]`, merged by
//! binding.

use crosstalk_runtime::{DurableObjectSpec, MsRange, QueueProducerSpec, R2Spec};
use std::collections::BTreeMap;
use toml::Spanned;

use super::Loader;
use crate::error::LoadError;
use crate::project::Project;
use crate::raw::{RawDurableObject, RawQueueProducer, RawR2};

/// Latency of every R2 operation unless `[[r2]] latency` says otherwise: 5 to 40 ms, an
/// object store's round trip from a Worker, so that schedules reorder concurrent
/// requests' reads and writes.
pub const R2_LATENCY: MsRange = MsRange::new_range(5, 40);

/// Latency of every `send`/`sendBatch` unless `[[queue_producer]] latency` says
/// otherwise: 2 to 20 ms.
pub const QUEUE_LATENCY: MsRange = MsRange::new_range(2, 20);

/// Latency of a Durable Object storage read that misses the object's cache, and of the
/// confirmation of a write, unless `[[durable_object]] latency` says otherwise: 1 to 10
/// ms, a round trip to storage on the object's own machine.
pub const DURABLE_OBJECT_LATENCY: MsRange = MsRange::new_range(1, 10);

impl Loader<'_> {
    pub(super) fn merged_durable_objects(
        &self,
        project: Option<&Project>,
        raw: &[Spanned<RawDurableObject>],
    ) -> Result<Vec<DurableObjectSpec>, LoadError> {
        let mut specs: Vec<DurableObjectSpec> = project
            .map(|p| {
                p.durable_objects
                    .iter()
                    .map(|d| DurableObjectSpec {
                        binding: d.binding.clone(),
                        class_name: d.class_name.clone(),
                        sqlite: d.sqlite,
                        latency: DURABLE_OBJECT_LATENCY,
                        script: d.script.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        for table in raw {
            let d = table.get_ref();
            let Some(binding) = &d.binding else {
                return Err(self
                    .err(table.span(), "this [[durable_object]] has no binding")
                    .with_hint("add binding = \"ROOMS\""));
            };
            self.check_binding_name(binding)?;
            let latency = self.range(d.latency.as_ref(), DURABLE_OBJECT_LATENCY)?;
            match specs.iter_mut().find(|s| s.binding == *binding.get_ref()) {
                Some(existing) => {
                    if d.latency.is_some() {
                        existing.latency = latency;
                    }
                    if let Some(class) = &d.class {
                        existing.class_name = class.get_ref().clone();
                    }
                    if let Some(sqlite) = d.sqlite {
                        existing.sqlite = sqlite;
                    }
                }
                None => {
                    let Some(class) = &d.class else {
                        return Err(self
                            .err(table.span(), "this [[durable_object]] has no class")
                            .with_hint("add class = \"Room\", the name of the class the worker exports"));
                    };
                    specs.push(DurableObjectSpec {
                        binding: binding.get_ref().clone(),
                        class_name: class.get_ref().clone(),
                        sqlite: d.sqlite.unwrap_or(false),
                        latency,
                        script: None,
                    });
                }
            }
        }
        Ok(specs)
    }

    pub(super) fn merged_queues(
        &self,
        project: Option<&Project>,
        raw: &[Spanned<RawQueueProducer>],
    ) -> Result<Vec<QueueProducerSpec>, LoadError> {
        let mut specs: Vec<QueueProducerSpec> = project
            .map(|p| {
                p.queue_producers
                    .iter()
                    .map(|(binding, queue)| QueueProducerSpec {
                        binding: binding.clone(),
                        queue: queue.clone(),
                        latency: QUEUE_LATENCY,
                    })
                    .collect()
            })
            .unwrap_or_default();
        for table in raw {
            let q = table.get_ref();
            let Some(binding) = &q.binding else {
                return Err(self
                    .err(table.span(), "this [[queue_producer]] has no binding")
                    .with_hint("add binding = \"JOBS\""));
            };
            self.check_binding_name(binding)?;
            let latency = self.range(q.latency.as_ref(), QUEUE_LATENCY)?;
            match specs.iter_mut().find(|s| s.binding == *binding.get_ref()) {
                Some(existing) => {
                    if q.latency.is_some() {
                        existing.latency = latency;
                    }
                    if let Some(queue) = &q.queue {
                        existing.queue = queue.get_ref().clone();
                    }
                }
                None => {
                    let Some(queue) = &q.queue else {
                        return Err(self
                            .err(table.span(), "this [[queue_producer]] has no queue")
                            .with_hint("add queue = \"jobs\", the queue it sends to"));
                    };
                    specs.push(QueueProducerSpec {
                        binding: binding.get_ref().clone(),
                        queue: queue.get_ref().clone(),
                        latency,
                    });
                }
            }
        }
        Ok(specs)
    }

    pub(super) fn merged_r2(
        &self,
        project: Option<&Project>,
        raw: &[Spanned<RawR2>],
    ) -> Result<Vec<R2Spec>, LoadError> {
        let mut specs: Vec<R2Spec> = project
            .map(|p| {
                p.r2.iter()
                    .map(|binding| R2Spec { binding: binding.clone(), latency: R2_LATENCY, data: BTreeMap::new() })
                    .collect()
            })
            .unwrap_or_default();
        for table in raw {
            let r = table.get_ref();
            let Some(binding) = &r.binding else {
                return Err(self.err(table.span(), "this [[r2]] has no binding").with_hint("add binding = \"BUCKET\""));
            };
            self.check_binding_name(binding)?;
            if let Some(key) = r.data.keys().find(|k| k.is_empty() || k.len() > 1024) {
                return Err(self
                    .err(table.span(), format!("'{key}' is not a valid R2 object key"))
                    .with_hint("an R2 key is 1 to 1,024 bytes long"));
            }
            match specs.iter_mut().find(|s| s.binding == *binding.get_ref()) {
                // The scenario's [[r2]] refines the project's bucket: its objects, and its
                // latency when it names one.
                Some(existing) => {
                    if r.latency.is_some() {
                        existing.latency = self.range(r.latency.as_ref(), R2_LATENCY)?;
                    }
                    existing.data = r.data.clone();
                }
                None => specs.push(R2Spec {
                    binding: binding.get_ref().clone(),
                    latency: self.range(r.latency.as_ref(), R2_LATENCY)?,
                    data: r.data.clone(),
                }),
            }
        }
        Ok(specs)
    }
}

/// Durable Object bindings to another worker's class (wrangler's `script_name`) across the
/// scenario's workers: `workers` is every worker's name and bindings, the main worker
/// first. A binding whose worker is one of them is modelled (SQLite-backed when that
/// worker's own binding to the class is) and leaves `unsupported` (the same worker's
/// unsupported bindings); one to a worker the scenario lacks is dropped and stays there.
pub(super) fn resolve_scripts(
    workers: &mut [(&str, &mut Vec<DurableObjectSpec>, &mut std::collections::BTreeMap<String, String>)],
) {
    let own: Vec<(String, Vec<(String, bool)>)> = workers
        .iter()
        .map(|(name, specs, _)| {
            let classes =
                specs.iter().filter(|s| s.script.is_none()).map(|s| (s.class_name.clone(), s.sqlite)).collect();
            (name.to_string(), classes)
        })
        .collect();
    for (_, specs, unsupported) in workers.iter_mut() {
        specs.retain_mut(|spec| {
            let Some(script) = &spec.script else { return true };
            let Some((_, classes)) = own.iter().find(|(name, _)| name == script) else { return false };
            spec.sqlite = classes.iter().any(|(class, sqlite)| *class == spec.class_name && *sqlite);
            unsupported.remove(&spec.binding);
            true
        });
    }
}
