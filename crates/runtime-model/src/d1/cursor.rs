//! Lazily stepped statements: the cursors `ctx.storage.sql.exec()` of a SQLite-backed
//! Durable Object returns.
//!
//! workerd steps a cursor's statement as the cursor is read, one row ahead of the reader:
//! `exec` runs the first step (a write's effect happens there, and a sort materialises its
//! rows there), and each row read takes the current row's values and steps to the next. A
//! cursor read again after an `await` therefore sees what other statements wrote
//! meanwhile to the rows it has not stepped over yet, exactly as SQLite's own cursor does;
//! here the same SQLite statement is kept open between reads, so it sees the same.
//! Older cursors stay open when a new `exec` runs, even of the same SQL (workerd compiles a
//! second copy of a statement that is in use). Checked against workerd 1.20261117:
//! `tests/conformance/durable-object-sql-cursor`.
//!
//! SQL of several statements keeps the materialising path (`Database::run`): its rows are
//! read when `exec` runs.
//!
//! Invariants: every open cursor's statement belongs to this database's connection and is
//! finalized before the connection closes (`Database` declares its cursors before its
//! connection, so they drop first) and before the database is replaced (`restore`); an
//! open stepped cursor's statement is positioned on a row (it is closed when a step
//! answers `SQLITE_DONE` or fails).

use rusqlite::ffi;
use std::collections::{BTreeMap, VecDeque};
use std::ffi::c_int;
use std::ptr::NonNull;

use super::{Database, NO_STATEMENT, NOW_UNIX_MS, Query, SqlValue, TRANSACTION_REFUSED, WRONG_PARAMETER_COUNT};

/// The open cursors of one database, by number.
#[derive(Default)]
pub(crate) struct Cursors {
    // invariant: keys are below `made`.
    open: BTreeMap<u32, Cursor>,
    /// Cursors made so far; numbers are never reused (a stale number finds nothing).
    made: u32,
}

impl Cursors {
    /// Finalizes every open cursor (their later reads find no rows).
    pub(crate) fn clear(&mut self) {
        self.open.clear();
    }
}

/// One cursor: a statement positioned on its next row, or rows read already.
enum Cursor {
    Stepped(Stepped),
    Materialised { rows: VecDeque<Vec<SqlValue>>, rows_read: u64, rows_written: u64 },
}

/// A prepared statement stepped onto a row not yet read.
struct Stepped {
    // invariant: a statement of the owning database's connection, not finalized.
    statement: NonNull<ffi::sqlite3_stmt>,
    columns: usize,
    /// Steps that produced a row (workerd's `rowsRead` for a scan).
    rows_read: u64,
    /// Rows the statement changed (workerd's `rowsWritten`).
    rows_written: u64,
}

// SAFETY: a `Stepped` lives only in its database's `Cursors` (it is taken out only for
// the length of a read, on the same thread), so it moves between threads only together
// with the connection its statement belongs to, which rusqlite lets move (`Connection` is
// `Send`); nothing shares it between threads.
unsafe impl Send for Stepped {}

impl Drop for Stepped {
    fn drop(&mut self) {
        // SAFETY: the statement is this cursor's own and finalized only here.
        unsafe { ffi::sqlite3_finalize(self.statement.as_ptr()) };
    }
}

/// What `exec` answers: its cursor (`None` when the statement is already done), its
/// columns, counts so far, and whether it changed the database (a write the output gate
/// waits for).
pub(crate) struct Opened {
    pub cursor: Option<u32>,
    pub columns: Vec<String>,
    pub rows_read: u64,
    pub rows_written: u64,
    pub changed_db: bool,
}

/// What a read of a cursor answers: the rows, whether the cursor is done now, the counts
/// as of now, and whether a step changed the database.
pub(crate) struct Read {
    pub rows: Vec<Vec<SqlValue>>,
    pub done: bool,
    pub rows_read: u64,
    pub rows_written: u64,
    pub changed_db: bool,
}

impl Read {
    /// The read of a cursor that is gone: no rows, done.
    pub(crate) fn empty() -> Read {
        Read { rows: Vec::new(), done: true, rows_read: 0, rows_written: 0, changed_db: false }
    }
}

/// The database's state a change is told by: total changes, last row id and size.
type Marks = (u64, i64, u64);

impl Database {
    fn marks(&self) -> Marks {
        (self.conn.total_changes(), self.conn.last_insert_rowid(), self.size())
    }

    /// Runs `sql` with `params` up to its first row at virtual instant `now_unix_ms`: a
    /// statement with more rows stays open as a cursor.
    pub(crate) fn open_cursor(&mut self, sql: &str, params: &[SqlValue], now_unix_ms: i64) -> Result<Opened, String> {
        if !super::has_statement(sql) {
            return Err(NO_STATEMENT.to_string());
        }
        NOW_UNIX_MS.with(|now| now.set(now_unix_ms));
        self.reports.store(0, std::sync::atomic::Ordering::Relaxed);
        let before = self.marks();
        // The authorizer refuses a transaction statement, which fails the prepare.
        let prepared = self.prepare_one(sql).map_err(|message| {
            if self.refused.swap(false, std::sync::atomic::Ordering::Relaxed) {
                TRANSACTION_REFUSED.to_string()
            } else {
                message
            }
        })?;
        let Some(statement) = prepared else {
            return self.open_materialised(sql, params, now_unix_ms);
        };
        // `Stepped`'s drop finalizes the statement on every path below.
        let mut stepped = Stepped { statement, columns: 0, rows_read: 0, rows_written: 0 };
        let raw = stepped.statement.as_ptr();
        // SAFETY: `raw` is a live statement of this connection; the names SQLite answers
        // are NUL-terminated and copied before the next call on it.
        let columns = unsafe {
            let count = ffi::sqlite3_column_count(raw);
            stepped.columns = usize::try_from(count).unwrap_or(0);
            let mut names = Vec::with_capacity(stepped.columns);
            for i in 0..count {
                let name = ffi::sqlite3_column_name(raw, i);
                names.push(if name.is_null() {
                    String::new()
                } else {
                    std::ffi::CStr::from_ptr(name).to_string_lossy().into_owned()
                });
            }
            names
        };
        // SAFETY: `raw` is live.
        let wanted = usize::try_from(unsafe { ffi::sqlite3_bind_parameter_count(raw) }).unwrap_or(0);
        if wanted != params.len() {
            return Err(WRONG_PARAMETER_COUNT.to_string());
        }
        for (i, value) in params.iter().enumerate() {
            let index = c_int::try_from(i + 1).expect("at most 100 parameters");
            // SAFETY: `raw` is live; SQLite copies the bytes (SQLITE_TRANSIENT).
            let rc = unsafe { bind(raw, index, value) };
            if rc != ffi::SQLITE_OK {
                return Err(self.error());
            }
        }
        let row = self.step(&mut stepped)?;
        let after = self.marks();
        let changed_db = after != before;
        if changed_db {
            self.commits += 1;
        }
        let (rows_read, rows_written) = (stepped.rows_read, stepped.rows_written);
        let cursor = row.then(|| {
            let number = self.cursors.made;
            self.cursors.made += 1;
            self.cursors.open.insert(number, Cursor::Stepped(stepped));
            number
        });
        Ok(Opened { cursor, columns, rows_read, rows_written, changed_db })
    }

    /// SQL of several statements runs at once (every row read now), as `run` runs it.
    fn open_materialised(&mut self, sql: &str, params: &[SqlValue], now_unix_ms: i64) -> Result<Opened, String> {
        let query = Query { sql: sql.to_string(), params: params.to_vec() };
        let (mut results, failure) = self.run(std::slice::from_ref(&query), super::Mode::Single, now_unix_ms);
        if let Some(failure) = failure {
            return Err(failure.message);
        }
        let result = results.pop().expect("a query that did not fail has a result");
        let (rows_read, rows_written) = (result.meta.rows_read, result.meta.rows_written);
        let cursor = (!result.rows.is_empty()).then(|| {
            let number = self.cursors.made;
            self.cursors.made += 1;
            let rows = result.rows.into_iter().collect();
            self.cursors.open.insert(number, Cursor::Materialised { rows, rows_read, rows_written });
            number
        });
        Ok(Opened { cursor, columns: result.columns, rows_read, rows_written, changed_db: result.meta.changed_db })
    }

    /// Reads up to `max` rows (all when `max` is 0) of cursor `number`, stepping its
    /// statement at virtual instant `now_unix_ms`. A cursor that is done (or was closed)
    /// answers no rows.
    pub(crate) fn read_cursor(&mut self, number: u32, max: usize, now_unix_ms: i64) -> Result<Read, String> {
        let Some(mut cursor) = self.cursors.open.remove(&number) else {
            return Ok(Read::empty());
        };
        let limit = if max == 0 { usize::MAX } else { max };
        let mut rows = Vec::new();
        let mut changed_db = false;
        let done = match &mut cursor {
            Cursor::Materialised { rows: left, .. } => {
                while rows.len() < limit
                    && let Some(row) = left.pop_front()
                {
                    rows.push(row);
                }
                left.is_empty()
            }
            Cursor::Stepped(stepped) => {
                NOW_UNIX_MS.with(|now| now.set(now_unix_ms));
                self.reports.store(0, std::sync::atomic::Ordering::Relaxed);
                let written_before = stepped.rows_written;
                let mut done = false;
                while rows.len() < limit {
                    // SAFETY: the statement is live and positioned on a row.
                    rows.push(unsafe { row(stepped.statement.as_ptr(), stepped.columns) });
                    if !self.step(stepped)? {
                        done = true;
                        break;
                    }
                }
                changed_db = stepped.rows_written != written_before;
                done
            }
        };
        let (rows_read, rows_written) = match &cursor {
            Cursor::Stepped(s) => (s.rows_read, s.rows_written),
            Cursor::Materialised { rows_read, rows_written, .. } => (*rows_read, *rows_written),
        };
        if !done {
            self.cursors.open.insert(number, cursor);
        }
        Ok(Read { rows, done, rows_read, rows_written, changed_db })
    }

    /// Ends cursor `number` early (`one()` that found more than one row).
    pub(crate) fn close_cursor(&mut self, number: u32) {
        self.cursors.open.remove(&number);
    }

    /// Ends every open cursor (the object's instance is gone).
    pub(crate) fn close_cursors(&mut self) {
        self.cursors.clear();
    }

    /// Prepares the first statement of `sql`: `None` when more statements follow it.
    fn prepare_one(&self, sql: &str) -> Result<Option<NonNull<ffi::sqlite3_stmt>>, String> {
        let length = c_int::try_from(sql.len()).map_err(|_| "the SQL text is too long".to_string())?;
        let mut statement = std::ptr::null_mut();
        let mut tail = std::ptr::null();
        // SAFETY: the handle is this connection's; `sql` outlives the call and SQLite reads
        // at most `length` bytes of it; the tail it answers points within them.
        unsafe {
            let db = self.conn.handle();
            let rc = ffi::sqlite3_prepare_v2(db, sql.as_ptr().cast(), length, &mut statement, &mut tail);
            if rc != ffi::SQLITE_OK {
                let offset = ffi::sqlite3_error_offset(db);
                let message = std::ffi::CStr::from_ptr(ffi::sqlite3_errmsg(db)).to_string_lossy().into_owned();
                // As rusqlite words it (and so `describe`): a generic error SQLite located
                // names its offset.
                let located = rc & 0xff == ffi::SQLITE_ERROR && offset >= 0;
                let message = if located { format!("{message} at offset {offset}") } else { message };
                return Err(super::with_codes(message, rc));
            }
            let Some(statement) = NonNull::new(statement) else { return Err(NO_STATEMENT.to_string()) };
            let consumed = usize::try_from(tail.cast::<u8>().offset_from(sql.as_ptr())).unwrap_or(sql.len());
            if super::has_statement(sql.get(consumed..).unwrap_or("")) {
                ffi::sqlite3_finalize(statement.as_ptr());
                return Ok(None);
            }
            Ok(Some(statement))
        }
    }

    /// Steps `stepped`: `true` when it is on a new row, `false` when it is done.
    fn step(&self, stepped: &mut Stepped) -> Result<bool, String> {
        let changes_before = self.conn.total_changes();
        // SAFETY: the statement is live and belongs to this connection.
        let rc = unsafe { ffi::sqlite3_step(stepped.statement.as_ptr()) };
        stepped.rows_written += self.conn.total_changes() - changes_before;
        match rc {
            ffi::SQLITE_ROW => {
                stepped.rows_read += 1;
                Ok(true)
            }
            ffi::SQLITE_DONE => Ok(false),
            _ => Err(self.error()),
        }
    }

    /// The connection's last error, worded as `describe` words it.
    fn error(&self) -> String {
        // SAFETY: the handle is this connection's, open.
        unsafe { super::connection_error(self.conn.handle()) }
    }
}

/// Binds `value` to parameter `index` of `statement`.
///
/// # Safety
/// `statement` is a live statement.
unsafe fn bind(statement: *mut ffi::sqlite3_stmt, index: c_int, value: &SqlValue) -> c_int {
    // SAFETY: the caller's; SQLite copies text and blobs (SQLITE_TRANSIENT).
    unsafe {
        match value {
            SqlValue::Null => ffi::sqlite3_bind_null(statement, index),
            SqlValue::Integer(i) => ffi::sqlite3_bind_int64(statement, index, *i),
            SqlValue::Real(f) => ffi::sqlite3_bind_double(statement, index, *f),
            SqlValue::Text(s) => ffi::sqlite3_bind_text64(
                statement,
                index,
                s.as_ptr().cast(),
                s.len() as u64,
                ffi::SQLITE_TRANSIENT(),
                ffi::SQLITE_UTF8 as std::ffi::c_uchar,
            ),
            SqlValue::Blob(b) => {
                ffi::sqlite3_bind_blob64(statement, index, b.as_ptr().cast(), b.len() as u64, ffi::SQLITE_TRANSIENT())
            }
        }
    }
}

/// The values of the row `statement` is on.
///
/// # Safety
/// `statement` is a live statement positioned on a row of `columns` columns.
unsafe fn row(statement: *mut ffi::sqlite3_stmt, columns: usize) -> Vec<SqlValue> {
    let mut cells = Vec::with_capacity(columns);
    for i in 0..columns {
        let i = c_int::try_from(i).expect("at most 100 columns");
        // SAFETY: the caller's; SQLite's pointers are read before the next call on it.
        let value = unsafe {
            match ffi::sqlite3_column_type(statement, i) {
                ffi::SQLITE_INTEGER => SqlValue::Integer(ffi::sqlite3_column_int64(statement, i)),
                ffi::SQLITE_FLOAT => SqlValue::Real(ffi::sqlite3_column_double(statement, i)),
                ffi::SQLITE_TEXT => {
                    let text = ffi::sqlite3_column_text(statement, i);
                    let length = usize::try_from(ffi::sqlite3_column_bytes(statement, i)).unwrap_or(0);
                    let bytes = if text.is_null() { &[][..] } else { std::slice::from_raw_parts(text, length) };
                    SqlValue::Text(String::from_utf8_lossy(bytes).into_owned())
                }
                ffi::SQLITE_BLOB => {
                    let blob = ffi::sqlite3_column_blob(statement, i);
                    let length = usize::try_from(ffi::sqlite3_column_bytes(statement, i)).unwrap_or(0);
                    let bytes =
                        if blob.is_null() { &[][..] } else { std::slice::from_raw_parts(blob.cast::<u8>(), length) };
                    SqlValue::Blob(bytes.to_vec())
                }
                _ => SqlValue::Null,
            }
        };
        cells.push(value);
    }
    cells
}
