// The CleanupBomb: a fire-and-forget log write races the origin fetch that produces the
// response; it is cancelled when the response completes (R6).
export default {
  async fetch(request, env, ctx) {
    const response = fetch("https://origin.example/file");
    fetch("https://logs.example/write", { method: "PUT", body: request.url })
      .then((r) => r.text())
      .then((text) => console.log("log write: " + text));
    return response;
  },
};
