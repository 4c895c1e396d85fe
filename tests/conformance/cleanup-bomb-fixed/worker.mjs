// The fix: the log write is handed to waitUntil, so it completes after the response (R6).
export default {
  async fetch(request, env, ctx) {
    const response = fetch("https://origin.example/file");
    ctx.waitUntil(
      fetch("https://logs.example/write", { method: "PUT", body: request.url })
        .then((r) => r.text())
        .then((text) => console.log("log write: " + text)),
    );
    return response;
  },
};
