// The D1 API a worker sees, call by call, through workerd's own D1 module and through
// crosstalk's, over the same database: first/all/raw/run and their shapes, bound types,
// batch (and its rollback), exec, and the errors of each.
export default {
  async fetch(request, env) {
    const out = [];
    const db = env.DB;
    const show = (label, value) => out.push(label + " " + JSON.stringify(value));
    const fail = async (label, promise) => {
      try { await promise; out.push(label + " no error"); } catch (e) { out.push(label + " " + e.message + " | cause " + (e.cause && e.cause.message)); }
    };
    show("first", await db.prepare("SELECT * FROM items WHERE id = ?").bind(1).first());
    show("firstcol", await db.prepare("SELECT name FROM items ORDER BY id").first("name"));
    show("firstnone", await db.prepare("SELECT * FROM items WHERE id = 99").first());
    const all = await db.prepare("SELECT id, name FROM items ORDER BY id").all();
    show("all", { success: all.success, results: all.results, keys: Object.keys(all), meta: Object.keys(all.meta) });
    show("raw", await db.prepare("SELECT id, name FROM items ORDER BY id").raw());
    show("rawcols", await db.prepare("SELECT id, name FROM items ORDER BY id").raw({ columnNames: true }));
    const run = await db.prepare("INSERT INTO items (name, price, data, flag) VALUES (?1, ?2, ?3, ?4)").bind("box", null, new Uint8Array([1, 2]), true).run();
    show("run", { success: run.success, changes: run.meta.changes, last: run.meta.last_row_id, results: run.results });
    show("blob", await db.prepare("SELECT data, flag FROM items WHERE name = 'box'").first());
    const batch = await db.batch([
      db.prepare("UPDATE items SET price = price + 1 WHERE id = ?").bind(1),
      db.prepare("SELECT price FROM items WHERE id = 1"),
    ]);
    show("batch", batch.map((r) => r.results));
    await fail("batchfail", db.batch([db.prepare("INSERT INTO items (name) VALUES ('x')"), db.prepare("INSERT INTO nope VALUES (1)")]));
    show("afterbatch", await db.prepare("SELECT count(*) AS n FROM items").first("n"));
    await fail("notable", db.prepare("SELECT * FROM missing").all());
    await fail("notnull", db.prepare("INSERT INTO items (price) VALUES (1)").run());
    await fail("bindcount", db.prepare("SELECT ?1, ?2").bind(1).all());
    await fail("badtype", (async () => db.prepare("SELECT ?").bind({ a: 1 }).all())());
    const exec = await db.exec("INSERT INTO items (name) VALUES ('e1');\nINSERT INTO items (name) VALUES ('e2');");
    show("exec", { count: exec.count, keys: Object.keys(exec) });
    await fail("execfail", db.exec("INSERT INTO items (name) VALUES ('e3');\nSELECT * FROM nowhere;"));
    show("final", await db.prepare("SELECT name FROM items ORDER BY id").raw());
    return new Response(out.join("\n"));
  },
};
