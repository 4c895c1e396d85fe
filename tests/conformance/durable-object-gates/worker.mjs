import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.ready = (await ctx.storage.get("ready")) ?? "ready";
    });
  }
  async fetch(request) {
    const path = new URL(request.url).pathname;
    const storage = this.ctx.storage;
    const step = async () => {
      const value = (await storage.get("count")) ?? 0;
      if (path !== "/storage-only") {
        const response = await fetch("https://audit.example/log?value=" + value);
        await response.text();
      }
      await storage.put("count", value + 1);
      return value + 1;
    };
    const value = path === "/blocked" ? await this.ctx.blockConcurrencyWhile(step) : await step();
    return new Response(`${this.ready} ${value}`);
  }
}

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    const stub = env.COUNTER.getByName(path);
    const response = await stub.fetch("https://counter" + path);
    return new Response(await response.text());
  },
};
