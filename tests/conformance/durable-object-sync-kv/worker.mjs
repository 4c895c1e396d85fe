import { DurableObject } from "cloudflare:workers";

export class Obj extends DurableObject {
  async fetch() {
    const { kv, sql } = this.ctx.storage;
    const out = [];
    kv.put("a", 1);
    kv.put("b", { nested: [1, 2] });
    kv.put("c", "three");
    out.push(`get: ${kv.get("a")} ${JSON.stringify(kv.get("b"))} ${kv.get("zz")}`);
    out.push(`async sees it: ${await this.ctx.storage.get("c")}`);
    await this.ctx.storage.put("d", 4);
    out.push(`kv sees async: ${kv.get("d")}`);
    out.push(`list: ${JSON.stringify([...kv.list()])}`);
    out.push(`list opts: ${JSON.stringify([...kv.list({ start: "b", limit: 2 })])} ${JSON.stringify([...kv.list({ reverse: true, prefix: "" })].map(([k]) => k))}`);
    out.push(`delete: ${kv.delete("a")} ${kv.delete("a")}`);
    sql.exec("CREATE TABLE t (n INTEGER)");
    sql.exec("INSERT INTO t VALUES (1)");
    try {
      this.ctx.storage.transactionSync(() => {
        kv.put("c", "changed");
        sql.exec("INSERT INTO t VALUES (2)");
        throw new Error("undo");
      });
    } catch (e) {
      out.push("threw: " + e.message);
    }
    out.push(`after: c=${kv.get("c")} rows=${sql.exec("SELECT count(*) AS n FROM t").one().n}`);
    const kept = this.ctx.storage.transactionSync(() => {
      kv.put("e", 5);
      sql.exec("INSERT INTO t VALUES (3)");
      return "kept";
    });
    out.push(`${kept}: e=${kv.get("e")} rows=${sql.exec("SELECT count(*) AS n FROM t").one().n}`);
    return new Response(out.join("\n"));
  }
}

export default {
  async fetch(request, env) {
    const response = await env.OBJ.getByName("s").fetch(request.url);
    return new Response(await response.text());
  },
};
