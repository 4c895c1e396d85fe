import { DurableObject } from "cloudflare:workers";

interface Env {
  LIMITER: DurableObjectNamespace<RateLimiter>;
  PLANS_URL: string;
}

interface Quota {
  requests: number;
}

// One object per client: it counts the requests the client made and refuses those past
// the quota of the client's plan, which a plans service answers.
export class RateLimiter extends DurableObject<Env> {
  async fetch(request: Request): Promise<Response> {
    const used: number = (await this.ctx.storage.get<number>("used")) ?? 0;
    // The quota is looked up between the read and the write: while this fetch() is in
    // flight the object's input gate is open, and another request reads the same count.
    const plan = await fetch(this.env.PLANS_URL);
    const quota: Quota = await plan.json();
    if (used >= quota.requests) {
      return new Response("rate limited", { status: 429 });
    }
    await this.ctx.storage.put("used", used + 1);
    return new Response(`request ${used + 1} of ${quota.requests}`);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const client = request.headers.get("x-client") ?? "anonymous";
    const limiter = env.LIMITER.getByName(client);
    const verdict = await limiter.fetch("https://limiter/check");
    if (verdict.status === 429) {
      return new Response("Too many requests for " + client, { status: 429 });
    }
    return new Response(`Hello ${client}: ${await verdict.text()}`);
  },
} satisfies ExportedHandler<Env>;
