import { DurableObject } from "cloudflare:workers";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const attempt = (f) => { try { return JSON.stringify(f()); } catch (e) { return "error " + e.message; } };

export class Obj extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    ctx.storage.sql.exec("INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e')");
  }
  async fetch(request) {
    const sql = this.ctx.storage.sql;
    const path = new URL(request.url).pathname;
    const out = [];
    if (path === "/write") {
      sql.exec("UPDATE t SET v = v || '!'");
      sql.exec("INSERT INTO t (v) VALUES ('z')");
      sql.exec("DELETE FROM t WHERE v LIKE 'd%'");
      out.push("wrote");
    } else if (path === "/scan") {
      // Read one row, await while /write runs, read the rest.
      const cursor = sql.exec("SELECT * FROM t");
      out.push("rowsRead " + cursor.rowsRead);
      out.push(attempt(() => cursor.next()));
      out.push("rowsRead " + cursor.rowsRead);
      await sleep(100);
      out.push(attempt(() => cursor.toArray()));
      out.push("rowsRead " + cursor.rowsRead);
    } else if (path === "/sorted") {
      const cursor = sql.exec("SELECT * FROM t ORDER BY v DESC");
      out.push(attempt(() => cursor.next()));
      await sleep(100);
      out.push(attempt(() => cursor.toArray()));
    } else if (path === "/same") {
      const first = sql.exec("SELECT id FROM t");
      out.push(attempt(() => first.next()));
      const second = sql.exec("SELECT id FROM t");
      out.push(attempt(() => second.toArray()));
      out.push(attempt(() => first.toArray()));
      const above1 = sql.exec("SELECT id FROM t WHERE id > ?", 1);
      out.push(attempt(() => above1.next()));
      const above3 = sql.exec("SELECT id FROM t WHERE id > ?", 3);
      out.push(attempt(() => [...above1.raw()]));
      out.push(attempt(() => above3.toArray()));
    } else if (path === "/self") {
      // The same call's own writes, without an await between.
      const cursor = sql.exec("SELECT * FROM t");
      out.push(attempt(() => cursor.next()));
      sql.exec("INSERT INTO t VALUES (10,'y')");
      sql.exec("UPDATE t SET v = 'B' WHERE id = 2");
      sql.exec("UPDATE t SET v = 'C' WHERE id = 3");
      out.push(attempt(() => cursor.toArray()));
    } else if (path === "/drop") {
      sql.exec("CREATE TABLE u (x)");
      sql.exec("INSERT INTO u VALUES (1),(2),(3)");
      const cursor = sql.exec("SELECT x FROM u");
      out.push(attempt(() => cursor.next()));
      out.push(attempt(() => sql.exec("DROP TABLE u").toArray()));
      out.push(attempt(() => cursor.toArray()));
      out.push(attempt(() => sql.exec("DROP TABLE u").toArray()));
    } else if (path === "/one") {
      const cursor = sql.exec("SELECT id FROM t");
      out.push(attempt(() => cursor.one()));
      out.push(attempt(() => cursor.toArray()));
      out.push("rowsRead " + cursor.rowsRead);
      out.push(attempt(() => sql.exec("SELECT v FROM t WHERE id = 1").one()));
    }
    return new Response(out.join("\n"));
  }
}

export default {
  async fetch(request, env) {
    const stub = env.OBJ.getByName("cursor");
    const call = async (path) => path + "\n" + (await (await stub.fetch("https://o" + path)).text());
    const out = [];
    const scan = call("/scan");
    await sleep(30);
    out.push(await call("/write"));
    out.push(await scan);
    const sorted = call("/sorted");
    await sleep(30);
    out.push(await call("/write"));
    out.push(await sorted);
    for (const path of ["/same", "/self", "/drop", "/one"]) out.push(await call(path));
    return new Response(out.join("\n---\n"));
  },
};
