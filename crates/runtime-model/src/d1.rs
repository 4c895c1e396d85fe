//! D1 databases: one real SQLite database per binding and schedule, in memory.
//!
//! This module is the database side only, plain Rust with no JS: it opens a database
//! from its migrations, runs the queries a D1 call sends (one statement, a batch, or the
//! lines of `exec`), and reports results, metadata and errors in the shapes and words
//! the D1 binding gives them. `host/d1.rs` and `host/web/d1.js` are the JS side.
//!
//! Determinism (R3): SQLite's clock and its randomness are the simulation's. The
//! databases open under a VFS of our own whose current time is the virtual instant
//! the query runs at ([`Database::run`]), and `random()` / `randomblob()` are replaced
//! per connection by functions that draw from a stream seeded by the schedule.
//!
//! The migrations run once per process and distinct set of files: the migrated
//! database is kept as an image, and every schedule starts from a copy of it.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{Batch, Connection, OpenFlags, ffi};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::model::MsRange;

mod cursor;
pub(crate) use cursor::Read;

/// A D1 database binding (`[[d1]]`, or wrangler's `d1_databases`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct D1Spec {
    /// The name the worker reaches the database by: `env.<binding>`.
    pub binding: String,
    /// Latency of every call (a statement, a batch, an `exec`), drawn by the schedule.
    pub latency: MsRange,
    /// The SQL files that make the database's initial schema and rows, applied in order.
    pub migrations: Vec<SqlFile>,
}

/// One SQL file, by the name reports use (relative to the scenario or project).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SqlFile {
    /// Its path relative to the scenario or project folder.
    pub name: String,
    /// Its SQL, run statement by statement.
    pub text: String,
}

/// Why a database could not be set up: a migration failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError {
    /// The file, as [`SqlFile::name`] says.
    pub file: String,
    /// Byte offset in the file of the statement (or token) that failed, when known.
    pub offset: Option<usize>,
    /// What went wrong: SQLite's error as D1 words it, or why the file is not SQL text.
    pub message: String,
}

/// A value crossing between JS and SQLite.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SqlValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// One statement (or, for `exec`, one line) and its bound parameters.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    pub sql: String,
    pub params: Vec<SqlValue>,
}

/// How a call runs its queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// One statement (`first`, `all`, `raw`, `run`).
    Single,
    /// `batch()`: every query in one transaction; the first failure rolls all back.
    Batch,
    /// `exec()`: each line on its own, stopping at the first failure; earlier lines stay.
    Exec,
}

/// D1's `meta` of one query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Meta {
    pub changes: u64,
    pub last_row_id: i64,
    pub changed_db: bool,
    pub size_after: u64,
    /// Rows the query returned (D1 also counts rows it scanned; SQLite does not say).
    pub rows_read: u64,
    /// Rows it changed.
    pub rows_written: u64,
}

/// The rows and columns of one query.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<SqlValue>>,
    pub meta: Meta,
}

/// A query that failed: which one, and SQLite's error as D1 words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    pub index: usize,
    pub message: String,
}

/// D1's text for a statement bound with too few or too many values.
pub(crate) const WRONG_PARAMETER_COUNT: &str = "Wrong number of parameter bindings for SQL query.";
/// D1's text for SQL with no statement in it.
pub(crate) const NO_STATEMENT: &str = "SQL code did not contain a statement.";

const VFS_NAME: &str = "crosstalk-virtual-clock";

/// The schema of the table workerd 1.20261117 keeps a SQLite-backed Durable Object's
/// key-value pairs in, as its `sqlite_master` shows it.
const KV_TABLE_SQL: &str =
    "CREATE TABLE _cf_KV (\n        key TEXT PRIMARY KEY,\n        value BLOB\n      ) WITHOUT ROWID";
/// Whether `action` names a table, index, view or trigger workerd reserves for itself
/// (`_cf_…`, any case).
fn reserved_name(action: &rusqlite::hooks::AuthAction<'_>) -> bool {
    use rusqlite::hooks::AuthAction as A;
    let name = match action {
        A::CreateTable { table_name }
        | A::CreateTempTable { table_name }
        | A::DropTable { table_name }
        | A::DropTempTable { table_name }
        | A::Insert { table_name }
        | A::Delete { table_name }
        | A::Read { table_name, .. }
        | A::Update { table_name, .. }
        | A::AlterTable { table_name, .. } => *table_name,
        A::CreateIndex { index_name, .. } | A::DropIndex { index_name, .. } => *index_name,
        A::CreateView { view_name } | A::DropView { view_name } => *view_name,
        A::CreateTrigger { trigger_name, .. } | A::DropTrigger { trigger_name, .. } => *trigger_name,
        _ => return false,
    };
    name.len() >= 4 && name[..4].eq_ignore_ascii_case("_cf_")
}

/// The savepoint `Database::run` wraps a batch in (the one the authorizer allows).
const BATCH_SAVEPOINT: &str = "crosstalk_batch";
/// workerd's text for a transaction statement in a Durable Object's SQL (its
/// `SqlStorageRegulator::allowTransactions`), which D1 also runs on.
pub(crate) const TRANSACTION_REFUSED: &str = "To execute a transaction, please use the state.storage.transaction() or \
state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API \
is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable \
Objects' automatic atomic write coalescing.";
/// Julian day number of the Unix epoch, in milliseconds (SQLite's `xCurrentTimeInt64` unit).
const UNIX_EPOCH_JULIAN_MS: i64 = 210_866_760_000_000;

thread_local! {
    /// The virtual instant (Unix ms) SQLite reads as "now" on this thread.
    static NOW_UNIX_MS: Cell<i64> = const { Cell::new(0) };
    /// Migrated database images, by their migrations.
    static IMAGES: RefCell<BTreeMap<Vec<SqlFile>, Rc<Vec<u8>>>> = const { RefCell::new(BTreeMap::new()) };
}

/// D1's documented limits: the largest string, BLOB or row (2,000,000 bytes), SQL
/// statement (100,000 bytes), number of bound parameters (100) and of columns (100).
const LIMITS: [(rusqlite::limits::Limit, i32); 4] = [
    (rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH, 2_000_000),
    (rusqlite::limits::Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000),
    (rusqlite::limits::Limit::SQLITE_LIMIT_VARIABLE_NUMBER, 100),
    (rusqlite::limits::Limit::SQLITE_LIMIT_COLUMN, 100),
];

/// SQLite virtual-machine steps one call may take before it is interrupted (a runaway
/// recursive query stops with `interrupted: SQLITE_INTERRUPT`, the same at the same step
/// in every replay, instead of running forever).
pub(crate) const STEPS_PER_CALL_MAX: u64 = 200_000_000;
/// How often, in steps, SQLite reports progress.
const STEPS_PER_REPORT: i32 = 10_000;

/// An open database.
pub(crate) struct Database {
    // invariant: declared before `conn`, so its statements are finalized before the
    // connection closes.
    cursors: cursor::Cursors,
    // invariant: opened under `VFS_NAME`, with `random`/`randomblob` replaced, D1's
    // `LIMITS` set and the step budget's progress handler installed.
    conn: Connection,
    // invariant: the reports of the call running now (reset when a call starts).
    reports: std::sync::Arc<std::sync::atomic::AtomicU64>,
    // invariant: counts the calls that changed the database; bookmarks are made from it.
    commits: u64,
    // invariant: set by the authorizer when it refused a transaction statement; read and
    // cleared by the statement that caused it (`run_one`).
    refused: std::sync::Arc<std::sync::atomic::AtomicBool>,
    // invariant: set only while crosstalk runs statements of its own (`restore`): the
    // authorizer then allows everything.
    trusted: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").field("commits", &self.commits).finish_non_exhaustive()
    }
}

/// The D1 databases of one schedule, shared by every isolate: opened on first use, so a
/// schedule that never queries pays nothing.
#[derive(Default)]
pub(crate) struct Databases {
    // invariant: one spec per binding name.
    specs: Vec<D1Spec>,
    // invariant: set (`reseed`) before any database opens.
    seed: std::cell::Cell<u64>,
    // invariant: keys are bindings of `specs`.
    open: RefCell<BTreeMap<String, Database>>,
}

impl Databases {
    pub(crate) fn new(specs: Vec<D1Spec>, seed: u64) -> Databases {
        debug_assert!(
            specs.iter().enumerate().all(|(i, s)| specs[..i].iter().all(|t| t.binding != s.binding)),
            "one D1 spec per binding"
        );
        Databases { specs, seed: std::cell::Cell::new(seed), open: RefCell::new(BTreeMap::new()) }
    }

    /// Seeds the databases' randomness for the schedule about to run (none is open yet).
    pub(crate) fn reseed(&self, seed: u64) {
        assert!(self.open.borrow().is_empty(), "a database opened before the schedule's seed was known");
        self.seed.set(seed);
    }

    pub(crate) fn spec(&self, binding: &str) -> Option<&D1Spec> {
        self.specs.iter().find(|s| s.binding == binding)
    }

    /// Runs `f` on `binding`'s database, opening it first if this schedule has not.
    pub(crate) fn with<T>(&self, binding: &str, f: impl FnOnce(&mut Database) -> T) -> Result<T, SetupError> {
        let mut open = self.open.borrow_mut();
        if !open.contains_key(binding) {
            let spec = self.spec(binding).expect("queries name a declared D1 binding");
            // Each binding's randomness is its own stream, derived from the schedule's seed.
            let salt =
                binding.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
            open.insert(binding.to_string(), Database::open(spec, self.seed.get() ^ salt)?);
        }
        Ok(f(open.get_mut(binding).expect("opened above")))
    }
}

/// A D1 database behind D1's HTTP protocol, as workerd's `cloudflare-internal:d1-api`
/// module speaks it to the service its binding wraps: `POST /query` (one `{ sql, params }`,
/// or a list of them for `batch`) and `POST /execute` (`exec`'s lines), with
/// `?resultsFormat=ROWS_AND_COLUMNS`, or `ARRAY_OF_OBJECTS` and `NONE` (both rows as objects). `crosstalk conform`
/// serves workerd a scenario's databases through it, on the same engine (and so the same
/// SQLite, messages and `meta`) crosstalk's own `env.DB` runs on; what is compared is then
/// the worker-facing API: crosstalk's `web/d1.js` against workerd's own module.
pub struct D1Backend {
    db: Database,
}

impl D1Backend {
    /// The database of `spec` with its migrations applied, its randomness seeded by `seed`.
    pub fn open(spec: &D1Spec, seed: u64) -> Result<D1Backend, SetupError> {
        Database::open(spec, seed).map(|db| D1Backend { db })
    }

    /// The JSON answer to one request, and the session bookmark after it. An answer is one
    /// `{ success, meta, results }` (or `{ success: false, error }`) for a single query or a
    /// failed batch, a list of them for a batch or an `exec`.
    pub fn answer(&mut self, endpoint: &str, results_format: &str, body: &str, now_unix_ms: i64) -> (String, String) {
        let failure = |message: &str| serde_json::json!({ "success": false, "error": message }).to_string();
        let Ok(json) = serde_json::from_str::<serde_json::Value>(body) else {
            return (failure("the request body is not JSON"), self.db.bookmark());
        };
        let list = json.is_array();
        let items: Vec<&serde_json::Value> = match &json {
            serde_json::Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let mut queries = Vec::with_capacity(items.len());
        for item in items {
            let sql = item.get("sql").and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
            let params = item.get("params").and_then(serde_json::Value::as_array).map_or(&[][..], Vec::as_slice);
            let params: Option<Vec<SqlValue>> = params.iter().map(json_sql_value).collect();
            let Some(params) = params else {
                return (failure("a bound value must be a number, string, null or bytes"), self.db.bookmark());
            };
            queries.push(Query { sql, params });
        }
        let mode = match (endpoint, list) {
            ("/execute", _) => Mode::Exec,
            (_, true) => Mode::Batch,
            _ => Mode::Single,
        };
        if mode == Mode::Single && queries.len() != 1 {
            return (failure("one query expected"), self.db.bookmark());
        }
        let (results, failed) = self.db.run(&queries, mode, now_unix_ms);
        let mut answers: Vec<String> = results.iter().map(|r| result_json(r, results_format)).collect();
        let text = match (mode, failed) {
            (Mode::Exec, Some(f)) => {
                answers.push(failure(&f.message));
                format!("[{}]", answers.join(","))
            }
            (_, Some(f)) => failure(&f.message),
            (Mode::Single, None) => answers.pop().unwrap_or_default(),
            (_, None) => format!("[{}]", answers.join(",")),
        };
        (text, self.db.bookmark())
    }
}

/// A bound value as D1's protocol carries it: every number binds as REAL (as crosstalk's
/// binding binds every JS number), a string as TEXT, null, an array of octets as a BLOB.
fn json_sql_value(value: &serde_json::Value) -> Option<SqlValue> {
    match value {
        serde_json::Value::Null => Some(SqlValue::Null),
        serde_json::Value::Number(n) => n.as_f64().map(SqlValue::Real),
        serde_json::Value::String(s) => Some(SqlValue::Text(s.clone())),
        serde_json::Value::Bool(b) => Some(SqlValue::Integer(i64::from(*b))),
        serde_json::Value::Array(octets) => octets
            .iter()
            .map(|o| o.as_u64().and_then(|b| u8::try_from(b).ok()))
            .collect::<Option<Vec<u8>>>()
            .map(SqlValue::Blob),
        serde_json::Value::Object(_) => None,
    }
}

/// One query's answer in D1's protocol, written by hand: the worker sees its objects' key
/// order (a row's columns, `meta`'s fields), and serde_json's map would sort the keys.
fn result_json(result: &QueryResult, results_format: &str) -> String {
    let text = |t: &str| serde_json::Value::from(t).to_string();
    let cell = |value: &SqlValue| match value {
        SqlValue::Null => "null".to_string(),
        SqlValue::Integer(i) => i.to_string(),
        SqlValue::Real(f) => serde_json::Number::from_f64(*f).map_or("null".to_string(), |n| n.to_string()),
        SqlValue::Text(t) => text(t),
        SqlValue::Blob(bytes) => serde_json::Value::from(bytes.clone()).to_string(),
    };
    let meta = &result.meta;
    // The fields and order crosstalk's own `meta` has (host/d1.rs).
    let meta = format!(
        "{{\"served_by\":\"crosstalk\",\"served_by_primary\":true,\"timings\":{{\"sql_duration_ms\":0}},\"duration\":0,\
         \"changes\":{},\"last_row_id\":{},\"changed_db\":{},\"size_after\":{},\"rows_read\":{},\"rows_written\":{}}}",
        meta.changes, meta.last_row_id, meta.changed_db, meta.size_after, meta.rows_read, meta.rows_written
    );
    let results = match results_format {
        "ROWS_AND_COLUMNS" => {
            let columns: Vec<String> = result.columns.iter().map(|c| text(c)).collect();
            let rows: Vec<String> = result
                .rows
                .iter()
                .map(|row| format!("[{}]", row.iter().map(cell).collect::<Vec<_>>().join(",")))
                .collect();
            format!(",\"results\":{{\"columns\":[{}],\"rows\":[{}]}}", columns.join(","), rows.join(","))
        }
        // `NONE` answers objects too: D1 kept `run()`'s results after workers came to rely
        // on them (workerd's own D1 mock does the same).
        _ => {
            let objects: Vec<String> = result
                .rows
                .iter()
                .map(|row| {
                    let fields: Vec<String> =
                        result.columns.iter().zip(row).map(|(c, v)| format!("{}:{}", text(c), cell(v))).collect();
                    format!("{{{}}}", fields.join(","))
                })
                .collect();
            format!(",\"results\":[{}]", objects.join(","))
        }
    };
    format!("{{\"success\":true,\"meta\":{meta}{results}}}")
}

/// Checks that `spec`'s migrations apply, so a broken one is reported when the scenario
/// loads, at its file and offset, rather than at a schedule's first query.
pub fn check(spec: &D1Spec) -> Result<(), SetupError> {
    image(&spec.migrations).map(|_| ())
}

/// The image of a database with no table: one that had a table and dropped it (a
/// database never written to has no page to serialize).
fn empty_image() -> Vec<u8> {
    let scratch = rusqlite::Connection::open_in_memory().expect("an in-memory database opens");
    scratch.execute_batch("CREATE TABLE scratch (x); DROP TABLE scratch;").expect("a scratch table comes and goes");
    scratch.serialize("main").map(|data| data.to_vec()).expect("a database with a page serializes")
}

impl Database {
    /// A fresh database holding `spec`'s migrations, its randomness seeded by `seed`.
    pub(crate) fn open(spec: &D1Spec, seed: u64) -> Result<Database, SetupError> {
        let image = image(&spec.migrations)?;
        let mut conn = connect(seed).map_err(|e| SetupError { file: String::new(), offset: None, message: e })?;
        if !image.is_empty() {
            conn.deserialize_read_exact("main", image.as_slice(), image.len(), false).map_err(|e| SetupError {
                file: String::new(),
                offset: None,
                message: describe(&e),
            })?;
        }
        let setup = |e: rusqlite::Error| SetupError { file: String::new(), offset: None, message: describe(&e) };
        for (limit, value) in LIMITS {
            conn.set_limit(limit, value).map_err(setup)?;
        }
        // A worker's own BEGIN/COMMIT/SAVEPOINT is refused, as workerd refuses it: a
        // transaction must not outlive the call that opened it. crosstalk's own batch
        // savepoint is the one allowed.
        let refused = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = refused.clone();
        let trusted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let ours = trusted.clone();
        conn.authorizer(Some(move |context: rusqlite::hooks::AuthContext<'_>| match context.action {
            // crosstalk's own statements (restoring an image) are not the worker's.
            _ if ours.load(std::sync::atomic::Ordering::Relaxed) => rusqlite::hooks::Authorization::Allow,
            rusqlite::hooks::AuthAction::Transaction { .. } => {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
                rusqlite::hooks::Authorization::Deny
            }
            rusqlite::hooks::AuthAction::Savepoint { savepoint_name, .. }
                if !savepoint_name.eq_ignore_ascii_case(BATCH_SAVEPOINT) =>
            {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
                rusqlite::hooks::Authorization::Deny
            }
            // workerd's regulator: no other database attached, no `_cf_` names (its own).
            rusqlite::hooks::AuthAction::Attach { .. } | rusqlite::hooks::AuthAction::Detach { .. } => {
                rusqlite::hooks::Authorization::Deny
            }
            action if reserved_name(&action) => rusqlite::hooks::Authorization::Deny,
            _ => rusqlite::hooks::Authorization::Allow,
        }));
        let reports = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let seen = reports.clone();
        let budget = STEPS_PER_CALL_MAX / STEPS_PER_REPORT as u64;
        conn.progress_handler(
            STEPS_PER_REPORT,
            Some(move || seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1 >= budget),
        );
        Ok(Database { cursors: cursor::Cursors::default(), conn, reports, commits: 0, refused, trusted })
    }

    /// Runs `queries` at virtual instant `now_unix_ms`: the results of those that ran,
    /// and the failure that stopped them, if one did. In [`Mode::Batch`] a failure undoes
    /// the whole batch and no result is returned.
    pub(crate) fn run(
        &mut self,
        queries: &[Query],
        mode: Mode,
        now_unix_ms: i64,
    ) -> (Vec<QueryResult>, Option<Failure>) {
        assert!(mode != Mode::Single || queries.len() == 1, "a single call runs one query");
        NOW_UNIX_MS.with(|now| now.set(now_unix_ms));
        self.reports.store(0, std::sync::atomic::Ordering::Relaxed);
        let atomic = mode == Mode::Batch;
        if atomic {
            self.conn
                .execute_batch(&format!("SAVEPOINT {BATCH_SAVEPOINT}"))
                .expect("a savepoint opens on an idle connection");
        }
        let mut results = Vec::with_capacity(queries.len());
        let mut failure = None;
        for (index, query) in queries.iter().enumerate() {
            match self.run_one(query) {
                Ok(result) => results.push(result),
                Err(message) => {
                    failure = Some(Failure { index, message });
                    break;
                }
            }
        }
        if atomic {
            if failure.is_some() {
                results.clear();
                self.conn
                    .execute_batch(&format!("ROLLBACK TO {BATCH_SAVEPOINT}; RELEASE {BATCH_SAVEPOINT}"))
                    .expect("the batch's savepoint rolls back");
            } else {
                self.conn
                    .execute_batch(&format!("RELEASE {BATCH_SAVEPOINT}"))
                    .expect("the batch's savepoint is released");
            }
        }
        debug_assert!(self.conn.is_autocommit(), "no transaction outlives a call");
        if results.iter().any(|r| r.meta.changed_db) {
            self.commits += 1;
        }
        (results, failure)
    }

    /// The database as it is now, as bytes (`transactionSync` of a Durable Object keeps
    /// one to roll back to).
    /// A database nothing was ever written to has no page, and SQLite cannot serialize
    /// it: its image is empty.
    pub(crate) fn image(&self) -> Vec<u8> {
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |row| row.get(0)).unwrap_or(0);
        if pages == 0 {
            return Vec::new();
        }
        self.conn.serialize("main").map(|data| data.to_vec()).expect("an open database with pages serializes")
    }

    /// Puts the database back to `image` (made by [`Database::image`]; an empty image is
    /// a database with no table).
    pub(crate) fn restore(&mut self, image: &[u8]) {
        let empty;
        let image = if image.is_empty() {
            empty = empty_image();
            empty.as_slice()
        } else {
            image
        };
        // An open cursor holds a read of the database, which SQLite cannot replace: the
        // cursors end here.
        self.cursors.clear();
        self.trusted.store(true, std::sync::atomic::Ordering::Relaxed);
        let restored = self.conn.deserialize_read_exact("main", image, image.len(), false);
        self.trusted.store(false, std::sync::atomic::Ordering::Relaxed);
        restored.expect("an image this database made deserializes");
    }

    /// Writes a SQLite-backed Durable Object's key-value changes into the table workerd
    /// keeps them in, `_cf_KV` (created, with workerd's exact schema text, by the first
    /// put): `puts` are (key, stored value) pairs, `deletes` keys. The worker cannot
    /// read or write the table (the authorizer refuses `_cf_` names, with SQLite's own
    /// messages), but sees it in `sqlite_master` and in `databaseSize`, as on workerd.
    pub(crate) fn kv_mirror(&mut self, puts: &[(String, String)], deletes: &[String]) {
        self.trusted.store(true, std::sync::atomic::Ordering::Relaxed);
        let exists: bool = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = '_cf_KV'", [], |row| row.get::<_, i64>(0))
            .map(|n| n > 0)
            .expect("the schema table can be read");
        if exists || !puts.is_empty() {
            if !exists {
                self.conn.execute_batch(KV_TABLE_SQL).expect("workerd's key-value table can be created");
            }
            for (key, value) in puts {
                self.conn
                    .execute("INSERT OR REPLACE INTO _cf_KV (key, value) VALUES (?1, ?2)", (key, value.as_bytes()))
                    .expect("a key-value pair can be written");
            }
            for key in deletes {
                self.conn.execute("DELETE FROM _cf_KV WHERE key = ?1", [key]).expect("a key can be deleted");
            }
        }
        self.trusted.store(false, std::sync::atomic::Ordering::Relaxed);
    }

    /// Makes `_cf_KV` hold exactly `pairs` (after a transaction's rollback), if it exists.
    pub(crate) fn kv_replace(&mut self, pairs: &std::collections::BTreeMap<String, String>) {
        let deletes: Vec<String> = {
            self.trusted.store(true, std::sync::atomic::Ordering::Relaxed);
            let keys = self.conn.prepare("SELECT key FROM _cf_KV").and_then(|mut statement| {
                statement.query_map([], |row| row.get::<_, String>(0))?.collect::<Result<Vec<String>, _>>()
            });
            self.trusted.store(false, std::sync::atomic::Ordering::Relaxed);
            // No table yet: nothing was ever put, and nothing is to restore.
            let Ok(keys) = keys else { return };
            keys.into_iter().filter(|key| !pairs.contains_key(key)).collect()
        };
        let puts: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        self.kv_mirror(&puts, &deletes);
    }

    /// A session bookmark naming the database's state now: later states sort after it.
    pub(crate) fn bookmark(&self) -> String {
        format!("{:08x}-{:08x}-00000000-{:032x}", 0, self.commits, 0)
    }

    /// The bytes of the pages in use: the page count less the free list, times the page
    /// size (a Durable Object's `sql.databaseSize`, as workerd's `getDatabaseSize`).
    pub(crate) fn size_in_use(&self) -> u64 {
        let count = |pragma: &str| -> u64 {
            let value: rusqlite::Result<i64> =
                self.conn.prepare_cached(pragma).and_then(|mut s| s.query_row([], |r| r.get(0)));
            let value = value.expect("a pragma of an open database answers");
            assert!(value >= 0, "{pragma} answered {value}");
            value as u64
        };
        let pages = count("PRAGMA page_count");
        let free = count("PRAGMA freelist_count");
        assert!(free <= pages, "more free pages ({free}) than pages ({pages})");
        (pages - free) * count("PRAGMA page_size")
    }

    fn size(&self) -> u64 {
        let count = |pragma: &str| -> u64 {
            let value: rusqlite::Result<i64> =
                self.conn.prepare_cached(pragma).and_then(|mut s| s.query_row([], |r| r.get(0)));
            value.map_or(0, |v| v.max(0) as u64)
        };
        count("PRAGMA page_count") * count("PRAGMA page_size")
    }

    fn run_one(&self, query: &Query) -> Result<QueryResult, String> {
        let result = self.run_one_unchecked(query);
        if self.refused.swap(false, std::sync::atomic::Ordering::Relaxed) {
            return Err(TRANSACTION_REFUSED.to_string());
        }
        result
    }

    fn run_one_unchecked(&self, query: &Query) -> Result<QueryResult, String> {
        let total_before = self.conn.total_changes();
        let row_id_before = self.conn.last_insert_rowid();
        let size_before = self.size();
        let mut last: Option<(Vec<String>, Vec<Vec<SqlValue>>)> = None;
        let mut rows_read = 0u64;
        // One statement (the common case) comes from the connection's statement cache, so a
        // query a worker repeats is compiled once per schedule; several run in turn.
        if !has_statement(&query.sql) {
            return Err(NO_STATEMENT.to_string());
        }
        match self.conn.prepare_cached(&query.sql) {
            Ok(mut statement) => {
                let (columns, rows) = execute(&mut statement, &query.params)?;
                rows_read += rows.len() as u64;
                last = Some((columns, rows));
            }
            Err(rusqlite::Error::MultipleStatement) => {
                let mut batch = Batch::new(&self.conn, &query.sql);
                while let Some(mut statement) = batch.next().map_err(|e| describe(&e))? {
                    let (columns, rows) = execute(&mut statement, &query.params)?;
                    rows_read += rows.len() as u64;
                    last = Some((columns, rows));
                }
            }
            Err(error) => return Err(describe(&error)),
        }
        let Some((columns, rows)) = last else { return Err(NO_STATEMENT.to_string()) };
        let changes = self.conn.total_changes() - total_before;
        let last_row_id = self.conn.last_insert_rowid();
        let size_after = self.size();
        let changed_db = changes != 0 || last_row_id != row_id_before || size_after != size_before;
        let meta = Meta { changes, last_row_id, changed_db, size_after, rows_read, rows_written: changes };
        Ok(QueryResult { columns, rows, meta })
    }
}

/// Whether `sql` holds anything but whitespace, comments and `;` (SQLite compiles such
/// text to no statement at all).
fn has_statement(sql: &str) -> bool {
    let mut rest = sql;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        if let Some(line) = rest.strip_prefix("--") {
            rest = line.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(block) = rest.strip_prefix("/*") {
            rest = block.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return !rest.is_empty();
        }
    }
}

/// Binds `params` to `statement` and runs it: its column names and rows.
fn execute(
    statement: &mut rusqlite::Statement<'_>,
    params: &[SqlValue],
) -> Result<(Vec<String>, Vec<Vec<SqlValue>>), String> {
    if statement.parameter_count() != params.len() {
        return Err(WRONG_PARAMETER_COUNT.to_string());
    }
    for (i, value) in params.iter().enumerate() {
        bind(statement, i + 1, value).map_err(|e| describe(&e))?;
    }
    let columns: Vec<String> = statement.column_names().into_iter().map(str::to_string).collect();
    let mut rows = Vec::new();
    let mut cursor = statement.raw_query();
    while let Some(row) = cursor.next().map_err(|e| describe(&e))? {
        let mut cells = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            cells.push(value_of(row.get_ref(i).map_err(|e| describe(&e))?));
        }
        rows.push(cells);
    }
    Ok((columns, rows))
}

fn bind(statement: &mut rusqlite::Statement<'_>, index: usize, value: &SqlValue) -> rusqlite::Result<()> {
    match value {
        SqlValue::Null => statement.raw_bind_parameter(index, rusqlite::types::Null),
        SqlValue::Integer(i) => statement.raw_bind_parameter(index, i),
        SqlValue::Real(f) => statement.raw_bind_parameter(index, f),
        SqlValue::Text(s) => statement.raw_bind_parameter(index, s),
        SqlValue::Blob(b) => statement.raw_bind_parameter(index, b),
    }
}

fn value_of(value: ValueRef<'_>) -> SqlValue {
    match value {
        ValueRef::Null => SqlValue::Null,
        ValueRef::Integer(i) => SqlValue::Integer(i),
        ValueRef::Real(f) => SqlValue::Real(f),
        ValueRef::Text(t) => SqlValue::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => SqlValue::Blob(b.to_vec()),
    }
}

/// The migrated image of `migrations`, made once per thread.
fn image(migrations: &[SqlFile]) -> Result<Rc<Vec<u8>>, SetupError> {
    if let Some(found) = IMAGES.with(|images| images.borrow().get(migrations).cloned()) {
        return Ok(found);
    }
    let conn = connect(0).map_err(|message| SetupError { file: String::new(), offset: None, message })?;
    NOW_UNIX_MS.with(|now| now.set(crate::model::DEFAULT_EPOCH_MS));
    for file in migrations {
        apply(&conn, file)?;
    }
    let bytes = if migrations.is_empty() {
        Vec::new()
    } else {
        conn.serialize("main")
            .map_err(|e| SetupError { file: String::new(), offset: None, message: describe(&e) })?
            .to_vec()
    };
    let image = Rc::new(bytes);
    IMAGES.with(|images| images.borrow_mut().insert(migrations.to_vec(), image.clone()));
    Ok(image)
}

/// Runs one migration file statement by statement, so a failure names where it is.
fn apply(conn: &Connection, file: &SqlFile) -> Result<(), SetupError> {
    let fail = |offset: usize, message: String| SetupError { file: file.name.clone(), offset: Some(offset), message };
    let text = std::ffi::CString::new(file.text.as_str())
        .map_err(|e| fail(e.nul_position(), "the file holds a NUL character".to_string()))?;
    let len = file.text.len();
    let mut at = 0usize;
    // SAFETY: `db` is this connection's handle, used on this thread only while `conn` is
    // borrowed; every statement prepared here is finalized before the next one; `base`
    // points at `len` bytes plus a NUL, and SQLite's tail pointer stays within them.
    unsafe {
        let db = conn.handle();
        let base = text.as_ptr();
        while at < len && !file.text[at..].trim().is_empty() {
            let mut statement = std::ptr::null_mut();
            let mut tail = std::ptr::null();
            let rest =
                std::ffi::c_int::try_from(len - at).map_err(|_| fail(at, "the file is too large".to_string()))?;
            let rc = ffi::sqlite3_prepare_v2(db, base.add(at), rest, &mut statement, &mut tail);
            let start = at + (file.text[at..].len() - file.text[at..].trim_start().len());
            if rc != ffi::SQLITE_OK {
                let offset = usize::try_from(ffi::sqlite3_error_offset(db)).map_or(start, |o| at + o);
                return Err(fail(offset, connection_error(db)));
            }
            let next = usize::try_from(tail.offset_from(base)).expect("SQLite's tail is past its input's start");
            assert!(next > at || statement.is_null(), "SQLite consumes the statement it prepared");
            if !statement.is_null() {
                let mut rc = ffi::sqlite3_step(statement);
                while rc == ffi::SQLITE_ROW {
                    rc = ffi::sqlite3_step(statement);
                }
                if rc != ffi::SQLITE_DONE {
                    let message = connection_error(db);
                    ffi::sqlite3_finalize(statement);
                    return Err(fail(start, message));
                }
                ffi::sqlite3_finalize(statement);
            }
            if next <= at {
                break;
            }
            at = next;
        }
    }
    Ok(())
}

/// The connection's last error, as [`describe`] words it (without an offset: the caller
/// locates it).
///
/// # Safety
/// `db` is an open connection handle.
unsafe fn connection_error(db: *mut ffi::sqlite3) -> String {
    // SAFETY: `db` is open; SQLite's message is a NUL-terminated string it owns.
    let (message, code) = unsafe {
        (
            std::ffi::CStr::from_ptr(ffi::sqlite3_errmsg(db)).to_string_lossy().into_owned(),
            ffi::sqlite3_extended_errcode(db),
        )
    };
    with_codes(message, code)
}

/// A connection under the virtual-clock VFS, with seeded `random()` and `randomblob()`.
fn connect(seed: u64) -> Result<Connection, String> {
    register_vfs();
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_MEMORY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags_and_vfs(":memory:", flags, VFS_NAME).map_err(|e| describe(&e))?;
    // SQLite calls these on the connection's thread; the lock only satisfies `Send`.
    let rng = std::sync::Mutex::new(ChaCha8Rng::seed_from_u64(seed));
    conn.create_scalar_function("random", 0, FunctionFlags::SQLITE_UTF8, move |_| {
        Ok(rng.lock().expect("the stream is never poisoned").random::<i64>())
    })
    .map_err(|e| describe(&e))?;
    let rng = std::sync::Mutex::new(ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15));
    conn.create_scalar_function("randomblob", 1, FunctionFlags::SQLITE_UTF8, move |ctx| {
        let n = match ctx.get_raw(0) {
            ValueRef::Integer(i) => i,
            ValueRef::Real(f) => f as i64,
            _ => 0,
        };
        let mut bytes = vec![0u8; n.clamp(1, 1 << 20) as usize];
        rng.lock().expect("the stream is never poisoned").fill(bytes.as_mut_slice());
        Ok(bytes)
    })
    .map_err(|e| describe(&e))?;
    Ok(conn)
}

/// Registers the VFS whose clock is the thread's virtual instant: the default VFS with
/// its time functions replaced (the databases are in memory, so nothing else of it runs).
fn register_vfs() {
    static REGISTER: std::sync::Once = std::sync::Once::new();
    static NAME: &std::ffi::CStr = c"crosstalk-virtual-clock";
    debug_assert_eq!(NAME.to_str(), Ok(VFS_NAME));
    REGISTER.call_once(|| {
        // SAFETY: `sqlite3_vfs_find(NULL)` returns the default VFS, which lives for the
        // process; we copy it, change only its name, list link and time functions, and
        // leak the copy so SQLite may keep the pointer for the process's life.
        unsafe {
            let default = ffi::sqlite3_vfs_find(std::ptr::null());
            assert!(!default.is_null(), "SQLite has a default VFS");
            let mut vfs: ffi::sqlite3_vfs = std::ptr::read(default);
            vfs.zName = NAME.as_ptr();
            vfs.pNext = std::ptr::null_mut();
            vfs.xCurrentTime = Some(current_time);
            if vfs.iVersion >= 2 {
                vfs.xCurrentTimeInt64 = Some(current_time_int64);
            }
            let leaked: &'static mut ffi::sqlite3_vfs = Box::leak(Box::new(vfs));
            let rc = ffi::sqlite3_vfs_register(leaked, 0);
            assert_eq!(rc, ffi::SQLITE_OK, "the virtual-clock VFS registers");
        }
    });
}

unsafe extern "C" fn current_time_int64(_: *mut ffi::sqlite3_vfs, out: *mut ffi::sqlite3_int64) -> std::ffi::c_int {
    let ms = NOW_UNIX_MS.with(Cell::get);
    // SAFETY: SQLite passes a valid pointer to write the time to.
    unsafe { *out = UNIX_EPOCH_JULIAN_MS + ms };
    ffi::SQLITE_OK
}

unsafe extern "C" fn current_time(_: *mut ffi::sqlite3_vfs, out: *mut f64) -> std::ffi::c_int {
    let ms = NOW_UNIX_MS.with(Cell::get);
    // SAFETY: SQLite passes a valid pointer to write the time to.
    unsafe { *out = (UNIX_EPOCH_JULIAN_MS + ms) as f64 / 86_400_000.0 };
    ffi::SQLITE_OK
}

/// SQLite's error as D1 (workerd's SQLite layer) words it: the message, ` at offset N`
/// when SQLite located it, the primary code's name, and the extended code's when it
/// says more: `UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended:
/// SQLITE_CONSTRAINT_UNIQUE)`.
pub(crate) fn describe(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqliteFailure(code, message) => {
            let text = message.clone().unwrap_or_else(|| code.to_string());
            with_codes(text, code.extended_code)
        }
        rusqlite::Error::SqlInputError { error, msg, offset, .. } => {
            with_codes(format!("{msg} at offset {offset}"), error.extended_code)
        }
        rusqlite::Error::InvalidParameterCount(..) => WRONG_PARAMETER_COUNT.to_string(),
        other => other.to_string(),
    }
}

fn with_codes(text: String, extended: std::ffi::c_int) -> String {
    let primary = extended & 0xff;
    let mut out = format!("{text}: {}", code_name(primary, PRIMARY_CODES));
    if extended != primary
        && let Some(name) = EXTENDED_CODES.iter().find(|(c, _)| *c == extended).map(|(_, n)| n)
    {
        out.push_str(&format!(" (extended: {name})"));
    }
    out
}

fn code_name(code: std::ffi::c_int, table: &[(std::ffi::c_int, &'static str)]) -> String {
    table.iter().find(|(c, _)| *c == code).map_or_else(|| format!("SQLITE_ERROR_{code}"), |(_, n)| n.to_string())
}

const PRIMARY_CODES: &[(std::ffi::c_int, &str)] = &[
    (ffi::SQLITE_ERROR, "SQLITE_ERROR"),
    (ffi::SQLITE_INTERNAL, "SQLITE_INTERNAL"),
    (ffi::SQLITE_PERM, "SQLITE_PERM"),
    (ffi::SQLITE_ABORT, "SQLITE_ABORT"),
    (ffi::SQLITE_BUSY, "SQLITE_BUSY"),
    (ffi::SQLITE_LOCKED, "SQLITE_LOCKED"),
    (ffi::SQLITE_NOMEM, "SQLITE_NOMEM"),
    (ffi::SQLITE_READONLY, "SQLITE_READONLY"),
    (ffi::SQLITE_INTERRUPT, "SQLITE_INTERRUPT"),
    (ffi::SQLITE_IOERR, "SQLITE_IOERR"),
    (ffi::SQLITE_CORRUPT, "SQLITE_CORRUPT"),
    (ffi::SQLITE_NOTFOUND, "SQLITE_NOTFOUND"),
    (ffi::SQLITE_FULL, "SQLITE_FULL"),
    (ffi::SQLITE_CANTOPEN, "SQLITE_CANTOPEN"),
    (ffi::SQLITE_PROTOCOL, "SQLITE_PROTOCOL"),
    (ffi::SQLITE_EMPTY, "SQLITE_EMPTY"),
    (ffi::SQLITE_SCHEMA, "SQLITE_SCHEMA"),
    (ffi::SQLITE_TOOBIG, "SQLITE_TOOBIG"),
    (ffi::SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT"),
    (ffi::SQLITE_MISMATCH, "SQLITE_MISMATCH"),
    (ffi::SQLITE_MISUSE, "SQLITE_MISUSE"),
    (ffi::SQLITE_NOLFS, "SQLITE_NOLFS"),
    (ffi::SQLITE_AUTH, "SQLITE_AUTH"),
    (ffi::SQLITE_FORMAT, "SQLITE_FORMAT"),
    (ffi::SQLITE_RANGE, "SQLITE_RANGE"),
    (ffi::SQLITE_NOTADB, "SQLITE_NOTADB"),
];

const EXTENDED_CODES: &[(std::ffi::c_int, &str)] = &[
    (ffi::SQLITE_CONSTRAINT_CHECK, "SQLITE_CONSTRAINT_CHECK"),
    (ffi::SQLITE_CONSTRAINT_COMMITHOOK, "SQLITE_CONSTRAINT_COMMITHOOK"),
    (ffi::SQLITE_CONSTRAINT_FOREIGNKEY, "SQLITE_CONSTRAINT_FOREIGNKEY"),
    (ffi::SQLITE_CONSTRAINT_FUNCTION, "SQLITE_CONSTRAINT_FUNCTION"),
    (ffi::SQLITE_CONSTRAINT_NOTNULL, "SQLITE_CONSTRAINT_NOTNULL"),
    (ffi::SQLITE_CONSTRAINT_PRIMARYKEY, "SQLITE_CONSTRAINT_PRIMARYKEY"),
    (ffi::SQLITE_CONSTRAINT_TRIGGER, "SQLITE_CONSTRAINT_TRIGGER"),
    (ffi::SQLITE_CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT_UNIQUE"),
    (ffi::SQLITE_CONSTRAINT_VTAB, "SQLITE_CONSTRAINT_VTAB"),
    (ffi::SQLITE_CONSTRAINT_ROWID, "SQLITE_CONSTRAINT_ROWID"),
    (ffi::SQLITE_CONSTRAINT_DATATYPE, "SQLITE_CONSTRAINT_DATATYPE"),
    (ffi::SQLITE_ERROR_MISSING_COLLSEQ, "SQLITE_ERROR_MISSING_COLLSEQ"),
    (ffi::SQLITE_ERROR_RETRY, "SQLITE_ERROR_RETRY"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(files: &[(&str, &str)]) -> D1Spec {
        D1Spec {
            binding: "DB".into(),
            latency: MsRange::fixed(0),
            migrations: files.iter().map(|(n, t)| SqlFile { name: n.to_string(), text: t.to_string() }).collect(),
        }
    }

    fn q(sql: &str, params: Vec<SqlValue>) -> Query {
        Query { sql: sql.into(), params }
    }

    fn one(db: &mut Database, sql: &str, params: Vec<SqlValue>) -> Result<QueryResult, String> {
        let (mut results, failure) = db.run(&[q(sql, params)], Mode::Single, 0);
        match failure {
            Some(f) => Err(f.message),
            None => Ok(results.remove(0)),
        }
    }

    const USERS: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, score REAL);\n\
                         INSERT INTO users (email, score) VALUES ('a@x', 1.5);";

    #[test]
    fn the_backend_answers_in_d1s_protocol_with_columns_in_order() {
        let mut backend = D1Backend::open(&spec(&[("users.sql", USERS)]), 0).unwrap();
        let body = r#"{"sql":"SELECT score, email FROM users WHERE id = ?","params":[1]}"#;
        let (rows, _) = backend.answer("/query", "ROWS_AND_COLUMNS", body, 0);
        assert!(rows.starts_with(r#"{"success":true,"meta":{"served_by":"crosstalk","#), "{rows}");
        assert!(rows.ends_with(r#""results":{"columns":["score","email"],"rows":[[1.5,"a@x"]]}}"#), "{rows}");
        let (objects, _) = backend.answer("/query", "ARRAY_OF_OBJECTS", body, 0);
        assert!(objects.ends_with(r#""results":[{"score":1.5,"email":"a@x"}]}"#), "{objects}");
        let batch = r#"[{"sql":"INSERT INTO users (email) VALUES (?)","params":["b@x"]},{"sql":"SELECT * FROM nope"}]"#;
        let (failed, _) = backend.answer("/query", "ROWS_AND_COLUMNS", batch, 0);
        assert_eq!(failed, r#"{"error":"no such table: nope: SQLITE_ERROR","success":false}"#);
        let (count, _) =
            backend.answer("/query", "ROWS_AND_COLUMNS", r#"{"sql":"SELECT count(*) AS n FROM users"}"#, 0);
        assert!(count.ends_with(r#""rows":[[1]]}}"#), "the failed batch was rolled back: {count}");
    }

    // Expected texts below are workerd 1.20261117's, from its D1 binding over a SQLite
    // Durable Object (the same SQLite layer D1 runs on).
    #[test]
    fn errors_are_worded_as_d1_words_them() {
        let mut db = Database::open(&spec(&[("0001.sql", USERS)]), 1).unwrap();
        assert_eq!(one(&mut db, "SELECT * FROM nope", vec![]).unwrap_err(), "no such table: nope: SQLITE_ERROR");
        assert_eq!(
            one(&mut db, "SELEC * FROM users", vec![]).unwrap_err(),
            "near \"SELEC\": syntax error at offset 0: SQLITE_ERROR"
        );
        assert_eq!(
            one(&mut db, "INSERT INTO users (email) VALUES (?)", vec![SqlValue::Text("a@x".into())]).unwrap_err(),
            "UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)"
        );
        assert_eq!(one(&mut db, "SELECT ?, ?", vec![SqlValue::Integer(1)]).unwrap_err(), WRONG_PARAMETER_COUNT);
        assert_eq!(
            one(&mut db, "SELECT ?", vec![SqlValue::Integer(1), SqlValue::Integer(2)]).unwrap_err(),
            WRONG_PARAMETER_COUNT
        );
        assert_eq!(one(&mut db, "", vec![]).unwrap_err(), NO_STATEMENT);
        assert_eq!(one(&mut db, " -- nothing\n /* here */ ;", vec![]).unwrap_err(), NO_STATEMENT);
    }

    #[test]
    fn meta_counts_changes_and_row_ids_as_d1_does() {
        let mut db = Database::open(&spec(&[("0001.sql", USERS)]), 1).unwrap();
        let r = one(
            &mut db,
            "INSERT INTO users (email, score) VALUES (?, ?)",
            vec![SqlValue::Text("b@x".into()), SqlValue::Real(2.0)],
        )
        .unwrap();
        assert_eq!((r.meta.changes, r.meta.last_row_id, r.meta.changed_db), (1, 2, true));
        // Two 4 KiB pages for the table and its unique index, one for the schema.
        assert_eq!(r.meta.size_after, 12288);
        let r = one(&mut db, "SELECT * FROM users ORDER BY id", vec![]).unwrap();
        assert_eq!(r.columns, ["id", "email", "score"]);
        assert_eq!(r.rows.len(), 2);
        assert_eq!((r.meta.changes, r.meta.changed_db, r.meta.rows_read), (0, false, 2));
        let r = one(&mut db, "SELECT 1; SELECT 2", vec![]).unwrap();
        assert_eq!((r.columns, r.rows), (vec!["2".to_string()], vec![vec![SqlValue::Integer(2)]]));
    }

    #[test]
    fn a_failed_batch_leaves_nothing_behind() {
        let mut db = Database::open(&spec(&[("0001.sql", USERS)]), 1).unwrap();
        let insert = |email: &str| q("INSERT INTO users (email) VALUES (?)", vec![SqlValue::Text(email.into())]);
        let (results, failure) = db.run(&[insert("d@x"), insert("a@x")], Mode::Batch, 0);
        assert!(results.is_empty());
        assert_eq!(failure.map(|f| f.index), Some(1));
        let n = one(&mut db, "SELECT count(*) FROM users", vec![]).unwrap();
        assert_eq!(n.rows, vec![vec![SqlValue::Integer(1)]]);
        // exec keeps what ran before the failing line.
        let lines = [q("INSERT INTO users (email) VALUES ('e@x')", vec![]), q("SELECT * FROM nope", vec![])];
        let (results, failure) = db.run(&lines, Mode::Exec, 0);
        assert_eq!((results.len(), failure.map(|f| f.index)), (1, Some(1)));
        let n = one(&mut db, "SELECT count(*) FROM users", vec![]).unwrap();
        assert_eq!(n.rows, vec![vec![SqlValue::Integer(2)]]);
    }

    #[test]
    fn now_is_the_virtual_instant_and_random_is_seeded() {
        let mut db = Database::open(&spec(&[]), 7).unwrap();
        // 2026-12-01T00:00:00Z
        let (r, _) = db.run(&[q("SELECT datetime('now'), unixepoch('now')", vec![])], Mode::Single, 1_796_083_200_000);
        assert_eq!(r[0].rows[0], vec![SqlValue::Text("2026-12-01 00:00:00".into()), SqlValue::Integer(1_796_083_200)]);
        let draw = |seed| {
            let mut db = Database::open(&spec(&[]), seed).unwrap();
            db.run(&[q("SELECT random(), hex(randomblob(8))", vec![])], Mode::Single, 0).0.remove(0).rows
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn each_schedule_starts_from_the_migrated_state() {
        let s = spec(&[("0001.sql", USERS), ("0002.sql", "ALTER TABLE users ADD COLUMN age INTEGER;")]);
        let mut first = Database::open(&s, 1).unwrap();
        one(&mut first, "DELETE FROM users", vec![]).unwrap();
        let mut second = Database::open(&s, 1).unwrap();
        let r = one(&mut second, "SELECT email, age FROM users", vec![]).unwrap();
        assert_eq!(r.rows, vec![vec![SqlValue::Text("a@x".into()), SqlValue::Null]]);
    }

    #[test]
    fn d1s_limits_hold_and_a_runaway_query_is_interrupted() {
        let mut db = Database::open(&spec(&[]), 1).unwrap();
        let forever = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
        assert_eq!(one(&mut db, forever, vec![]).unwrap_err(), "interrupted: SQLITE_INTERRUPT");
        // The budget is per call: the next one runs.
        assert!(one(&mut db, "SELECT 1", vec![]).is_ok());
        assert_eq!(
            one(&mut db, "SELECT zeroblob(2000001)", vec![]).unwrap_err(),
            "string or blob too big: SQLITE_TOOBIG"
        );
        let many = format!("SELECT {}", vec!["?"; 101].join(", "));
        assert_eq!(
            one(&mut db, &many, vec![SqlValue::Null; 101]).unwrap_err(),
            // SQLite points at the 101st `?`: 7 bytes of `SELECT `, then 100 of `?, `.
            "too many SQL variables at offset 307: SQLITE_ERROR"
        );
    }

    #[test]
    fn a_broken_migration_is_located() {
        let s = spec(&[("0001.sql", "CREATE TABLE a (x);\nCREATE TABLE a (y);\n")]);
        let e = check(&s).unwrap_err();
        assert_eq!(e.file, "0001.sql");
        // SQLite points at the table's name: line 2, column 14.
        assert_eq!(e.offset, Some(33));
        assert_eq!(e.message, "table a already exists: SQLITE_ERROR");
        let s = spec(&[("0001.sql", "CREATE TABLE a (x);\nCREAT TABLE b (y);\n")]);
        let e = check(&s).unwrap_err();
        assert_eq!(e.offset, Some(20));
        assert!(e.message.starts_with("near \"CREAT\": syntax error"), "{}", e.message);
    }
}
