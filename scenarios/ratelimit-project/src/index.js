// Rate limiting with @upstash/ratelimit, which ships CommonJS only, over Upstash's REST
// API (the scenario's [[origin]] answers its pipeline requests).
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis/cloudflare";

export default {
  async fetch(request, env) {
    const redis = Redis.fromEnv(env);
    const limiter = new Ratelimit({ redis, limiter: Ratelimit.fixedWindow(2, "10 s"), analytics: false });
    const user = new URL(request.url).searchParams.get("user") ?? "anonymous";
    const { success, limit, remaining } = await limiter.limit(user);
    return Response.json({ user, success, limit, remaining }, { status: success ? 200 : 429 });
  },
};
