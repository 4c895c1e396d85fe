// The CleanupBomb: a fire-and-forget log write races the origin fetch that produces the
// response. When the origin answers first, the runtime cancels the write at the true
// ResponseTime (SEMANTICS R6).
export default {
  async fetch(request, env, ctx) {
    const response = fetch("https://origin.example/file");
    fetch("https://logs.example/write", { method: "PUT", body: request.url });
    return response;
  },
};
