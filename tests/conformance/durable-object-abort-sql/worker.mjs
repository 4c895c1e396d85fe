import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
  }
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/insert") { this.ctx.storage.sql.exec("INSERT INTO t VALUES (1)"); await this.ctx.storage.sync(); return new Response("inserted"); }
    if (path === "/insertAbort") { this.ctx.storage.sql.exec("INSERT INTO t VALUES (2)"); this.ctx.abort("gone"); }
    return new Response(JSON.stringify(this.ctx.storage.sql.exec("SELECT x FROM t ORDER BY x").toArray()));
  }
}
export default { async fetch(request, env) {
  const out = [];
  const call = async (path) => { try { out.push(path + " " + await (await env.OBJ.getByName("s").fetch("https://o" + path)).text()); } catch (e) { out.push(path + " " + e.message); } };
  await call("/insert");
  await call("/insertAbort");
  await call("/read");
  return new Response(out.join("\n"));
} };
