import { DurableObject } from "cloudflare:workers";

export class Obj extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.n = 0;
  }
  async fetch(request) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/hit":
        return new Response(String(++this.n));
      case "/slow":
        await new Promise((resolve) => setTimeout(resolve, 50));
        return new Response("slow done");
      case "/break": {
        await this.ctx.storage.put("k", "written before the abort");
        const reason = url.searchParams.get("reason");
        if (reason === null) this.ctx.abort();
        else this.ctx.abort(reason);
        return new Response("after abort");
      }
      case "/failBlock":
        this.ctx.blockConcurrencyWhile(async () => {
          throw new RangeError("the initialisation failed");
        });
        return new Response("returned");
      case "/get":
        return new Response(String(await this.ctx.storage.get("k")));
    }
    return new Response("?", { status: 404 });
  }
}

export default {
  async fetch(request, env) {
    const out = [];
    const call = async (label, stub, path) => {
      try {
        const response = await stub.fetch("https://object" + path);
        out.push(`${label}: ${await response.text()}`);
      } catch (e) {
        out.push(`${label}: ${e.name}: ${e.message} reset=${e.durableObjectReset} remote=${e.remote}`);
      }
    };
    const id = env.OBJ.idFromName("a");
    const stub = env.OBJ.get(id);
    const unused = env.OBJ.get(id);
    await call("hit", stub, "/hit");
    const slow = call("in flight", stub, "/slow");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await call("abort", stub, "/break?reason=why");
    await slow;
    await call("same stub", stub, "/hit");
    await call("stub made before, first used now", unused, "/hit");
    await call("new stub", env.OBJ.get(id), "/hit");
    await call("unconfirmed write", env.OBJ.get(id), "/get");
    await call("same stub again", stub, "/hit");
    await call("default reason", env.OBJ.get(env.OBJ.idFromName("b")), "/break");
    const blocked = env.OBJ.get(env.OBJ.idFromName("c"));
    await call("hit", blocked, "/hit");
    await call("failing blockConcurrencyWhile", blocked, "/failBlock");
    await call("same stub", blocked, "/hit");
    await call("new stub", env.OBJ.get(env.OBJ.idFromName("c")), "/hit");
    return new Response(out.join("\n"));
  },
};
