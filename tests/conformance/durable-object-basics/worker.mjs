import { DurableObject } from "cloudflare:workers";

let constructed = 0;
export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    constructed++;
  }
  async fetch(request) {
    const storage = this.ctx.storage;
    const value = (await storage.get("count")) ?? 0;
    await storage.put("count", value + 1);
    await storage.put({ a: 1, b: [2, 3], c: new Map([[1, 2]]), "b-2": null });
    const many = await storage.get(["a", "b", "zz", "count"]);
    const listed = await storage.list();
    const ranged = await storage.list({ start: "b", end: "c" });
    const after = await storage.list({ startAfter: "b", limit: 2 });
    const prefixed = await storage.list({ prefix: "b" });
    const deleted = await storage.delete("a");
    const deletedAgain = await storage.delete("a");
    const deletedMany = await storage.delete(["a", "b", "q"]);
    const rev = await storage.list({ reverse: true, limit: 2 });
    const copy = await storage.get("c");
    copy.set(3, 4);
    const fresh = await storage.get("c");
    return new Response(JSON.stringify({
      value: value + 1,
      id: String(this.ctx.id),
      name: this.ctx.id.name,
      many: [...many],
      listed: [...listed.keys()],
      ranged: [...ranged.keys()],
      after: [...after.keys()],
      prefixed: [...prefixed.keys()],
      deleted, deletedAgain, deletedMany,
      rev: [...rev.keys()],
      cloned: fresh.size,
      url: request.url,
      method: request.method,
      constructed,
    }));
  }
  async add(a, b) {
    return { sum: a + b, at: await this.ctx.storage.get("count") };
  }
  async fail() {
    throw new RangeError("out of range in the object");
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const id = env.COUNTER.idFromName(url.pathname);
    const stub = env.COUNTER.get(id);
    const response = await stub.fetch("https://counter" + url.pathname, { method: "POST", body: "x" });
    const lines = [await response.text(), String(response.status)];
    if (typeof stub.add === "function") {
      lines.push(JSON.stringify(await stub.add(2, 3)));
      try { await stub.fail(); } catch (e) { lines.push(`${e.name}: ${e.message}`); }
      try { await stub.missing(); } catch (e) { lines.push(`${e.name}: ${e.message}`); }
    } else {
      lines.push("no rpc");
    }
    const again = env.COUNTER.idFromString(id.toString());
    lines.push(
      String(id.equals(again)),
      String(id.name),
      String(again.name),
      Object.prototype.toString.call(env.COUNTER),
      Object.prototype.toString.call(id),
      String(stub.id === id),
      String(stub.name),
      String(env.COUNTER.newUniqueId().toString().length),
      String(env.COUNTER.idFromName("x").toString() === env.COUNTER.idFromName("x").toString()),
    );
    for (const bad of ["zz", "0".repeat(64), "A".repeat(64)]) {
      try { env.COUNTER.idFromString(bad); lines.push("no error"); } catch (e) { lines.push(`${e.name}: ${e.message}`); }
    }
    try { env.COUNTER.get("x"); } catch (e) { lines.push(`${e.name}: ${e.message}`); }
    return new Response(lines.join("\n"));
  },
};
