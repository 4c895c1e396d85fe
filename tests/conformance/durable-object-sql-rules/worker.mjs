import { DurableObject } from "cloudflare:workers";

export class Obj extends DurableObject {
  async fetch() {
    const sql = this.ctx.storage.sql;
    const out = [];
    for (const q of ["BEGIN", "BEGIN TRANSACTION", "SAVEPOINT x", "COMMIT", "CREATE TABLE _cf_x (a)", "SELECT * FROM _cf_KV", "CREATE TABLE ok (a)", "select 1 as one; select 2 as two", "PRAGMA table_list", "ATTACH DATABASE 'x' AS y"]) {
      try { const c = sql.exec(q); out.push(`${q}: ${JSON.stringify(c.toArray())}`); } catch (e) { out.push(`${q}: ${e.name}: ${e.message}`); }
    }
    return new Response(out.join("\n"));
  }
}

export default {
  async fetch(request, env) {
    const response = await env.OBJ.getByName("s").fetch(request.url);
    return new Response(await response.text());
  },
};
