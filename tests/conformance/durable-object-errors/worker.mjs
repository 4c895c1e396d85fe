import { DurableObject } from "cloudflare:workers";

let constructions = 0;
export class Obj extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    constructions++;
  }
  async fetch(request) {
    if (new URL(request.url).pathname === "/throw") throw new TypeError("bad in fetch");
    return new Response("ok " + constructions);
  }
  async boom() {
    throw new RangeError("bad in rpc");
  }
}

export default {
  async fetch(request, env) {
    const stub = env.OBJ.getByName("x");
    const out = [];
    const show = (e) => `${e.name}: ${e.message} remote=${e.remote} retryable=${e.retryable} reset=${e.durableObjectReset}`;
    try { await stub.fetch("https://x/throw"); out.push("no throw"); } catch (e) { out.push(show(e)); }
    out.push(await (await stub.fetch("https://x/ok")).text());
    try { await env.AUTH.fetch("https://auth/"); out.push("no throw"); } catch (e) { out.push(show(e)); }
    if (typeof stub.boom === "function") {
      try { await stub.boom(); } catch (e) { out.push(show(e)); }
      try { await env.AUTH.boom(); } catch (e) { out.push(show(e)); }
    }
    out.push(await (await stub.fetch("https://x/ok")).text());
    return new Response(out.join("\n"));
  },
};
