// D1 database bindings, crosstalk's own code: the API a worker sees (`env.DB`), over
// host.d1Query, which runs SQL on the scenario's SQLite database as I/O of the calling
// request (host/d1.rs, d1.rs).
//
// host.d1Query(binding, queries, method) takes [{ sql, params }] and the method the
// worker called ("first", "all", "raw", "run", "batch" or "exec") and resolves to
// { results: [{ columns, rows, meta }], failure: null | { index, message }, bookmark }.
// Every promise a method returns comes from `then` on that host promise, so promise
// provenance sees the calling request as its creator.
(function (host) {
  "use strict";

  const sessions = new WeakMap();
  const FIRST_PRIMARY = "first-primary";
  const FIRST_UNCONSTRAINED = "first-unconstrained";

  function d1Error(prefix, message) {
    return new Error(`${prefix}: ${message}`, { cause: new Error(message) });
  }

  // A bound value as D1 sends it: numbers and strings as they are, booleans as 1/0,
  // null, and bytes (an array of octets, an ArrayBuffer or a view) as an array of octets.
  function bindable(value) {
    const type = typeof value;
    if (type === "number" || type === "string") return value;
    if (type === "boolean") return value ? 1 : 0;
    if (type === "object") {
      if (value === null) return null;
      if (Array.isArray(value) && value.every((b) => typeof b === "number" && b >= 0 && b < 256)) return value;
      if (value instanceof ArrayBuffer) return Array.from(new Uint8Array(value));
      if (ArrayBuffer.isView(value)) return Array.from(value);
    }
    throw d1Error("D1_TYPE_ERROR", `Type '${type}' not supported for value '${value}'`);
  }

  function objects(result) {
    return result.rows.map((row) => {
      const object = {};
      row.forEach((cell, i) => {
        object[result.columns[i]] = cell;
      });
      return object;
    });
  }

  function asAll(result) {
    return { success: true, meta: result.meta, results: objects(result) };
  }

  class Session {
    constructor(binding, bookmarkOrConstraint) {
      this.binding = binding;
      // null: the database's own session, which never sends or keeps a bookmark.
      this.bookmarkOrConstraint = bookmarkOrConstraint;
    }

    bookmark() {
      const b = this.bookmarkOrConstraint;
      return b === null || b === FIRST_PRIMARY || b === FIRST_UNCONSTRAINED ? null : b;
    }

    // Runs queries; throws D1's error for a failed call, else returns the results.
    send(queries, method) {
      return host.d1Query(this.binding, queries, method).then((answer) => {
        if (this.bookmarkOrConstraint !== null) {
          const current = this.bookmark();
          if (current === null || current.localeCompare(answer.bookmark) < 0) this.bookmarkOrConstraint = answer.bookmark;
        }
        if (answer.failure !== null) {
          const { index, message } = answer.failure;
          if (method === "exec") {
            throw d1Error("D1_EXEC_ERROR", `Error in line ${index + 1}: ${queries[index].sql}: ${message}`);
          }
          throw d1Error("D1_ERROR", message);
        }
        return answer.results;
      });
    }

    one(statement, method) {
      const { sql, params } = statementOf(statement);
      return this.send([{ sql, params }], method).then((results) => results[0]);
    }

    batch(statements) {
      const list = Array.from(statements, (s) => {
        const { sql, params } = statementOf(s);
        return { sql, params };
      });
      return this.send(list, "batch").then((results) => results.map(asAll));
    }
  }

  const statements = new WeakMap();

  function statementOf(value) {
    const found = statements.get(value);
    if (found === undefined) throw new TypeError("D1 batch() takes statements made with prepare()");
    return found;
  }

  class D1PreparedStatement {
    constructor(session, sql, params) {
      statements.set(this, { session, sql, params });
      this.statement = sql;
      this.params = params;
    }

    bind(...values) {
      const own = statementOf(this);
      return new D1PreparedStatement(own.session, own.sql, values.map(bindable));
    }

    first(column) {
      const own = statementOf(this);
      return own.session.one(this, "first").then((result) => {
        const rows = objects(result);
        if (rows.length === 0) return null;
        if (column === undefined) return rows[0];
        if (rows[0][column] === undefined) {
          throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`, {
            cause: new Error("Column not found"),
          });
        }
        return rows[0][column];
      });
    }

    run() {
      return statementOf(this).session.one(this, "run").then(asAll);
    }

    all() {
      return statementOf(this).session.one(this, "all").then(asAll);
    }

    raw(options) {
      return statementOf(this).session.one(this, "raw").then((result) => {
        const names = options !== undefined && options !== null && options.columnNames;
        return names ? [result.columns, ...result.rows] : result.rows;
      });
    }
  }

  class D1DatabaseSession {
    constructor(session) {
      sessions.set(this, session);
    }

    prepare(sql) {
      return new D1PreparedStatement(sessions.get(this), String(sql), []);
    }

    batch(statements) {
      return sessions.get(this).batch(statements);
    }

    getBookmark() {
      return sessions.get(this).bookmark();
    }
  }

  class D1Database {
    constructor(binding) {
      sessions.set(this, new Session(binding, null));
    }

    prepare(sql) {
      return new D1PreparedStatement(sessions.get(this), String(sql), []);
    }

    batch(statements) {
      return sessions.get(this).batch(statements);
    }

    exec(sql) {
      const lines = String(sql).trim().split("\n");
      const queries = lines.map((line) => ({ sql: line, params: [] }));
      return sessions.get(this).send(queries, "exec").then((results) => ({ count: results.length, duration: 0 }));
    }

    withSession(constraintOrBookmark) {
      let value = constraintOrBookmark === undefined || constraintOrBookmark === null ? "" : String(constraintOrBookmark).trim();
      if (value === "") value = FIRST_UNCONSTRAINED;
      return new D1DatabaseSession(new Session(sessions.get(this).binding, value));
    }

    dump() {
      return Promise.reject(new Error("D1_DUMP_ERROR: dump() applies only to the deprecated alpha databases"));
    }
  }

  return {
    database(binding) {
      return new D1Database(binding);
    },
  };
});
