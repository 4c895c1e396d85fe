//! D1 bindings, the host side: `host.d1Query`, the one door `web/d1.js` (the API a
//! worker sees) has into the database (`crate::d1`).
//!
//! Every call (`first`, `all`, `raw`, `run`, `batch`, `exec`) is I/O owned by the calling
//! request (R2, R8): it takes a latency the schedule draws from the binding's range, and
//! its statements run on the database when it completes, at that virtual instant, so
//! concurrent requests' statements interleave as the schedule orders their completions.
//! A call still in flight when its request ends is cancelled like a subrequest (R6):
//! its statements never run.

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsArray;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_error, js_string};

use crate::d1::{Meta, Mode, Query, QueryResult, SqlValue};
use crate::engine::Host;
use crate::host::binding_io::{self, BindingOp};
use crate::trace::{EventKind, Owner};

/// A D1 call waiting for its latency to pass.
pub(crate) struct D1Op {
    binding: String,
    method: String,
    queries: Vec<Query>,
    resolvers: ResolvingFunctions,
}

impl BindingOp for D1Op {
    const LABEL: &'static str = "d1";

    /// `d1://DB run(INSERT INTO …)`.
    fn describe(&self) -> String {
        format!("d1://{} {}({})", self.binding, self.method, summary(&self.queries))
    }

    fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
        complete(host, key, context);
    }
}

/// The first statement of a call, shortened for traces, and how many follow it.
fn summary(queries: &[Query]) -> String {
    let first = queries.first().map(|q| q.sql.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default();
    let mut text: String = first.chars().take(60).collect();
    if first.chars().count() > 60 {
        text.push('…');
    }
    if queries.len() > 1 {
        text.push_str(&format!(" +{} more", queries.len() - 1));
    }
    text
}

fn mode_of(method: &str) -> Mode {
    match method {
        "batch" => Mode::Batch,
        "exec" => Mode::Exec,
        _ => Mode::Single,
    }
}

/// A bound value as `web/d1.js` hands it over: a number (bound as REAL, as workerd's
/// SQLite binding binds every JS number), a string, null, or an array of octets (a BLOB).
pub(crate) fn sql_value(value: &JsValue, context: &mut Context) -> JsResult<SqlValue> {
    if value.is_null_or_undefined() {
        return Ok(SqlValue::Null);
    }
    if let Some(n) = value.as_number() {
        return Ok(SqlValue::Real(n));
    }
    if value.is_string() {
        return Ok(SqlValue::Text(value.to_string(context)?.to_std_string_escaped()));
    }
    if let Some(array) = value.as_object().and_then(|o| JsArray::from_object(o.clone()).ok()) {
        let length = array.length(context)?;
        let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        for i in 0..length {
            let octet = array.get(i, context)?.to_number(context)?;
            debug_assert!((0.0..256.0).contains(&octet), "d1.js passes octets only");
            bytes.push(octet as u8);
        }
        return Ok(SqlValue::Blob(bytes));
    }
    Err(js_error!(TypeError: "D1_TYPE_ERROR: a bound value must be a number, string, null or bytes"))
}

fn queries_of(value: &JsValue, context: &mut Context) -> JsResult<Vec<Query>> {
    let list = value
        .as_object()
        .and_then(|o| JsArray::from_object(o.clone()).ok())
        .ok_or_else(|| js_error!(TypeError: "d1Query takes a list of queries"))?;
    let mut queries = Vec::new();
    for i in 0..list.length(context)? {
        let item = list.get(i, context)?;
        let item = item.as_object().ok_or_else(|| js_error!(TypeError: "a D1 query is an object"))?;
        let sql = item.get(js_string!("sql"), context)?.to_string(context)?.to_std_string_escaped();
        let params = item.get(js_string!("params"), context)?;
        let mut values = Vec::new();
        if let Some(params) = params.as_object().and_then(|o| JsArray::from_object(o.clone()).ok()) {
            for k in 0..params.length(context)? {
                values.push(sql_value(&params.get(k, context)?, context)?);
            }
        }
        queries.push(Query { sql, params: values });
    }
    Ok(queries)
}

/// `host.d1Query(binding, queries, method)`: starts a D1 call of the running request.
pub(crate) fn d1_query(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let binding = arg(0).to_string(context)?.to_std_string_escaped();
    let queries = queries_of(&arg(1), context)?;
    let method = arg(2).to_string(context)?.to_std_string_escaped();
    let host = Host::of(context);
    let latency = host
        .world
        .d1
        .spec(&binding)
        .map(|s| s.latency)
        .ok_or_else(|| js_error!(TypeError: "no D1 binding {}", binding))?;
    let sql = summary(&queries);
    let event = |n, at| EventKind::D1Op { n, binding: binding.clone(), method: method.clone(), sql, at };
    let started = binding_io::begin("D1", "a D1 query", event, context)?;
    let op = D1Op { binding, method, queries, resolvers: started.resolvers.clone() };
    Ok(binding_io::queue(&host, &started, op, latency))
}

/// D1 call `key` completes: its statements run now, and its promise settles.
fn complete(host: &Host, key: (u32, u32), context: &mut Context) {
    let Some(op) = binding_io::take::<D1Op>(host, key) else { return };
    host.current.set(Owner::Request(key.0));
    host.record(EventKind::D1Done { n: key.1 });
    let now_unix_ms = host.world.epoch_ms + host.world.now() as i64;
    let mode = mode_of(&op.method);
    let ran = host.world.d1.with(&op.binding, |db| {
        let (results, failure) = db.run(&op.queries, mode, now_unix_ms);
        (results, failure, db.bookmark())
    });
    // Turning rows into JS values is the worker's CPU (V8 deserialises them in workerd):
    // one unit of the task's budget per cell, so a result too large to handle is a
    // deterministic CPU-limit stop rather than minutes of native work.
    if let Ok((results, _, _)) = &ran {
        let cells: u64 = results.iter().map(|r| (r.rows.len() * r.columns.len().max(1)) as u64).sum();
        if let Err(error) = crate::host::charge(cells, context) {
            let stop = crate::location::describe_error(&error, context).stop;
            let limit = stop.and_then(crate::engine::EngineStop::limit);
            crate::lifecycle::stop_for_limit(host, key.0, limit.expect("charge stops only for a limit"));
            return;
        }
    }
    let answer = match ran {
        Ok((results, failure, bookmark)) => answer(&results, failure.as_ref(), &bookmark, context),
        Err(setup) => {
            Err(js_error!(Error: "D1_ERROR: the database could not be set up: {}: {}", setup.file, setup.message))
        }
    };
    crate::host::settle(&op.resolvers, answer, context);
}

/// `{ results: [{ columns, rows, meta }], failure, bookmark }` for `web/d1.js`.
fn answer(
    results: &[QueryResult],
    failure: Option<&crate::d1::Failure>,
    bookmark: &str,
    context: &mut Context,
) -> JsResult<JsValue> {
    let mut list = Vec::with_capacity(results.len());
    for result in results {
        let columns: Vec<JsValue> = result.columns.iter().map(|c| JsString::from(c.as_str()).into()).collect();
        let columns = JsArray::from_iter(columns, context);
        let mut rows = Vec::with_capacity(result.rows.len());
        for row in &result.rows {
            let cells: Vec<JsValue> = row.iter().map(|v| js_value(v, context)).collect();
            rows.push(JsArray::from_iter(cells, context).into());
        }
        let rows = JsArray::from_iter(rows, context);
        let meta = meta(&result.meta, context);
        let item = ObjectInitializer::new(context)
            .property(js_string!("columns"), columns, Attribute::all())
            .property(js_string!("rows"), rows, Attribute::all())
            .property(js_string!("meta"), meta, Attribute::all())
            .build();
        list.push(item.into());
    }
    let failure = match failure {
        None => JsValue::null(),
        Some(f) => ObjectInitializer::new(context)
            .property(js_string!("index"), f.index as u32, Attribute::all())
            .property(js_string!("message"), JsString::from(f.message.as_str()), Attribute::all())
            .build()
            .into(),
    };
    let results = JsArray::from_iter(list, context);
    Ok(ObjectInitializer::new(context)
        .property(js_string!("results"), results, Attribute::all())
        .property(js_string!("failure"), failure, Attribute::all())
        .property(js_string!("bookmark"), JsString::from(bookmark), Attribute::all())
        .build()
        .into())
}

/// A SQLite value as D1 returns it: INTEGER and REAL as numbers, TEXT as a string, NULL
/// as null, a BLOB as an array of octets.
pub(crate) fn js_value(value: &SqlValue, context: &mut Context) -> JsValue {
    match value {
        SqlValue::Null => JsValue::null(),
        SqlValue::Integer(i) => JsValue::from(*i as f64),
        SqlValue::Real(f) => JsValue::from(*f),
        SqlValue::Text(t) => JsString::from(t.as_str()).into(),
        SqlValue::Blob(bytes) => {
            let octets: Vec<JsValue> = bytes.iter().map(|b| JsValue::from(*b)).collect();
            JsArray::from_iter(octets, context).into()
        }
    }
}

/// D1's `meta`. Timings are 0: statements take no virtual time of their own (the call's
/// latency is the schedule's).
fn meta(meta: &Meta, context: &mut Context) -> JsObject {
    let timings = ObjectInitializer::new(context).property(js_string!("sql_duration_ms"), 0, Attribute::all()).build();
    ObjectInitializer::new(context)
        .property(js_string!("served_by"), js_string!("crosstalk"), Attribute::all())
        .property(js_string!("served_by_primary"), true, Attribute::all())
        .property(js_string!("timings"), timings, Attribute::all())
        .property(js_string!("duration"), 0, Attribute::all())
        .property(js_string!("changes"), meta.changes as f64, Attribute::all())
        .property(js_string!("last_row_id"), meta.last_row_id as f64, Attribute::all())
        .property(js_string!("changed_db"), meta.changed_db, Attribute::all())
        .property(js_string!("size_after"), meta.size_after as f64, Attribute::all())
        .property(js_string!("rows_read"), meta.rows_read as f64, Attribute::all())
        .property(js_string!("rows_written"), meta.rows_written as f64, Attribute::all())
        .build()
}

/// The `env` objects of the model's D1 bindings (`web/d1.js`'s `D1Database`).
pub(crate) fn bindings(model: &crate::model::Model, context: &mut Context) -> JsResult<Vec<(String, JsObject)>> {
    let names = model.d1.iter().map(|s| s.binding.as_str());
    binding_io::env_objects(names, crate::host::web::WebModule::D1, "database", context)
}
