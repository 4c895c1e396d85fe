import { DurableObject } from "cloudflare:workers";

export class Notes extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT, score REAL, data BLOB)");
  }
  async fetch(request) {
    const sql = this.ctx.storage.sql;
    const out = [];
    const inserted = sql.exec("INSERT INTO notes (body, score, data) VALUES (?, ?, ?)", new URL(request.url).pathname, 1.5, new Uint8Array([1, 2, 3]));
    out.push(`insert: read ${inserted.rowsRead} written ${inserted.rowsWritten} columns ${JSON.stringify(inserted.columnNames)}`);
    const all = sql.exec("SELECT id, body, score FROM notes ORDER BY id");
    out.push(`columns ${JSON.stringify(all.columnNames)}`);
    out.push(`rows ${JSON.stringify(all.toArray())} read ${all.rowsRead}`);
    const count = sql.exec("SELECT count(*) AS n FROM notes").one();
    out.push(`one ${JSON.stringify(count)}`);
    const raw = [...sql.exec("SELECT id, body FROM notes ORDER BY id DESC").raw()];
    out.push(`raw ${JSON.stringify(raw)}`);
    const blob = sql.exec("SELECT data FROM notes LIMIT 1").one().data;
    out.push(`blob ${Object.prototype.toString.call(blob)} ${new Uint8Array(blob).join(",")}`);
    const cursor = sql.exec("SELECT body FROM notes ORDER BY id");
    const first = cursor.next();
    out.push(`next ${JSON.stringify(first)}`);
    let seen = 0;
    for (const row of sql.exec("SELECT * FROM notes")) seen += row.id;
    out.push(`iterated ${seen}`);
    const several = sql.exec("INSERT INTO notes (body) VALUES ('x'); SELECT count(*) AS n FROM notes").one();
    out.push(`several ${JSON.stringify(several)}`);
    for (const [name, f] of [
      ["missing table", () => sql.exec("SELECT * FROM nope")],
      ["syntax", () => sql.exec("SELEC 1")],
      ["none", () => sql.exec("SELECT 1 WHERE 0").one()],
      ["many", () => sql.exec("SELECT 1 UNION SELECT 2").one()],
      ["constraint", () => sql.exec("INSERT INTO notes (id) VALUES (1)")],
    ]) {
      try { f(); out.push(`${name}: no error`); } catch (e) { out.push(`${name}: ${e.name}: ${e.message}`); }
    }
    return new Response(out.join("\n"));
  }
}

export class Plain extends DurableObject {
  async fetch() {
    try {
      this.ctx.storage.sql.exec("SELECT 1");
      return new Response("sql works");
    } catch (e) {
      return new Response(`${e.name}: ${e.message}`);
    }
  }
}

export default {
  async fetch(request, env) {
    const notes = await env.NOTES.getByName("notes").fetch(request.url);
    const plain = await env.PLAIN.getByName("plain").fetch(request.url);
    return new Response((await notes.text()) + "\n" + (await plain.text()));
  },
};
