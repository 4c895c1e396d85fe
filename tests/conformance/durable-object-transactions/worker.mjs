import { DurableObject } from "cloudflare:workers";

export class Obj extends DurableObject {
  async fetch() {
    const storage = this.ctx.storage;
    const out = [];
    await storage.put("a", 1);
    try {
      await storage.transaction(async (txn) => {
        await txn.put("a", 2);
        await txn.put("b", 3);
        out.push("inside: " + (await txn.get("a")));
        throw new Error("abort");
      });
    } catch (e) {
      out.push("threw: " + e.message);
    }
    out.push(`after throw: a=${await storage.get("a")} b=${await storage.get("b")}`);
    await storage.transaction(async (txn) => {
      await txn.put("a", 5);
      txn.rollback();
    });
    out.push(`after rollback: a=${await storage.get("a")}`);
    const value = await storage.transaction(async (txn) => {
      await txn.put("c", 7);
      await txn.delete("a");
      return "returned";
    });
    out.push(`committed: ${value} c=${await storage.get("c")} a=${await storage.get("a")}`);
    return new Response(out.join("\n"));
  }
}

export default {
  async fetch(request, env) {
    const response = await env.OBJ.getByName("t").fetch(request.url);
    return new Response(await response.text());
  },
};
