//! `[[scheduled]]` and `[[queue_batch]]`: the events other than HTTP requests a
//! scenario delivers, to the worker's `scheduled` and `queue` handlers. They join the
//! requests (after them, in file order), so schedules order them like any request.

use crosstalk_runtime::{EventSpec, MsRange, QueueMessageSpec, RequestSpec};
use toml::Spanned;

use super::Loader;
use crate::error::LoadError;
use crate::raw::{RawQueueBatch, RawScheduled};

impl Loader<'_> {
    pub(super) fn events(
        &self,
        scheduled: &[Spanned<RawScheduled>],
        batches: &[Spanned<RawQueueBatch>],
        isolates: u32,
    ) -> Result<Vec<RequestSpec>, LoadError> {
        let mut events = Vec::new();
        for table in scheduled {
            let s = table.get_ref();
            let Some(cron) = &s.cron else {
                return Err(self
                    .err(table.span(), "this [[scheduled]] has no cron")
                    .with_hint("add cron = \"*/5 * * * *\", the trigger wrangler's [triggers] crons lists"));
            };
            let fields = cron.get_ref().split_whitespace().count();
            if fields != 5 {
                return Err(self
                    .err(cron.span(), format!("'{}' is not a cron expression: it has {fields} fields", cron.get_ref()))
                    .with_hint("a cron trigger has 5 fields: minute hour day-of-month month day-of-week"));
            }
            let mut spec = RequestSpec::scheduled(cron.get_ref(), 0);
            spec.arrival = self.range(s.at.as_ref(), MsRange::fixed(0))?;
            spec.isolate = self.pinned(s.isolate.as_ref(), isolates)?;
            events.push(spec);
        }
        let mut next_id = 0u32;
        for table in batches {
            let b = table.get_ref();
            let Some(queue) = &b.queue else {
                return Err(self
                    .err(table.span(), "this [[queue_batch]] has no queue")
                    .with_hint("add queue = \"jobs\", the queue your consumer reads"));
            };
            if b.messages.is_empty() {
                return Err(self
                    .err(table.span(), "this [[queue_batch]] has no messages")
                    .with_hint("add messages = [\"text\", { body = { id = 1 }, attempts = 2 }]"));
            }
            let mut messages = Vec::with_capacity(b.messages.len());
            for message in &b.messages {
                next_id += 1;
                messages.push(self.message(message, next_id)?);
            }
            let mut spec = RequestSpec::queue(queue.get_ref(), messages, 0);
            spec.arrival = self.range(b.at.as_ref(), MsRange::fixed(0))?;
            spec.isolate = self.pinned(b.isolate.as_ref(), isolates)?;
            debug_assert!(matches!(spec.event, EventSpec::Queue { .. }));
            events.push(spec);
        }
        Ok(events)
    }

    /// A message: a plain value is its body; a table holds `body` and optionally `id`
    /// and `attempts`.
    fn message(&self, value: &Spanned<toml::Value>, n: u32) -> Result<QueueMessageSpec, LoadError> {
        let (body, id, attempts) = match value.get_ref() {
            toml::Value::Table(table) => {
                let Some(body) = table.get("body") else {
                    return Err(self
                        .err(value.span(), "a message table needs a body")
                        .with_hint("write { body = { user = 1 } }, or the body itself for a text message"));
                };
                if let Some(key) = table.keys().find(|k| !matches!(k.as_str(), "body" | "id" | "attempts")) {
                    return Err(self
                        .err(value.span(), format!("unknown message key '{key}'"))
                        .with_hint("a message has body, id and attempts"));
                }
                let id = match table.get("id") {
                    None => None,
                    Some(toml::Value::String(id)) => Some(id.clone()),
                    Some(_) => return Err(self.err(value.span(), "a message id is a string")),
                };
                let attempts = match table.get("attempts") {
                    None => 1,
                    Some(toml::Value::Integer(n)) if (1..=100).contains(n) => *n as u32,
                    Some(_) => return Err(self.err(value.span(), "attempts is a number from 1 to 100")),
                };
                (body.clone(), id, attempts)
            }
            other => (other.clone(), None, 1),
        };
        let body =
            serde_json::to_string(&body).map_err(|e| self.err(value.span(), format!("bad message body: {e}")))?;
        Ok(QueueMessageSpec { id: id.unwrap_or_else(|| format!("msg-{n}")), body, attempts })
    }

    /// `isolate = N` of a request or event: an isolate the scenario has.
    pub(super) fn pinned(&self, isolate: Option<&Spanned<u32>>, isolates: u32) -> Result<Option<u32>, LoadError> {
        match isolate {
            Some(i) if *i.get_ref() >= isolates => Err(self
                .err(i.span(), format!("isolate {} does not exist: the scenario has {isolates}", i.get_ref()))
                .with_hint("isolates are numbered from 0; raise [runtime] isolates")),
            Some(i) => Ok(Some(*i.get_ref())),
            None => Ok(None),
        }
    }
}
