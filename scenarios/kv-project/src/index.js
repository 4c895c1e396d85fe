// A small wrangler project: counts visits per path in KV and greets with a var.
// The write is handed to ctx.waitUntil, so it completes after the response.
import { visitKey } from "./keys.js";

export default {
  async fetch(request, env, ctx) {
    if (request.headers.get("authorization") !== `Bearer ${env.API_TOKEN}`) {
      return new Response("unauthorized", { status: 401 });
    }
    const key = visitKey(new URL(request.url));
    const visits = Number((await env.VISITS.get(key)) ?? "0") + 1;
    ctx.waitUntil(env.VISITS.put(key, String(visits), { metadata: { at: Date.now() } }));
    return new Response(`${env.GREETING}, visit ${visits} of ${key}`);
  },
};
