// The CleanupBomb with a real KV binding: the visit counter is written fire-and-forget
// after the response is on its way. When the origin answers before the KV write
// completes, the write is cancelled at the true ResponseTime (SEMANTICS R6).
export default {
  async fetch(request, env, ctx) {
    const response = fetch("https://origin.example/file");
    const visits = Number((await env.STATS.get("visits")) ?? "0");
    env.STATS.put("visits", String(visits + 1));
    return response;
  },
};
