// The called worker: echoes what it receives, and fails in every way a handler can.
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/throw") throw new Error("boom in auth");
    if (url.pathname === "/type") throw new TypeError("bad type");
    if (url.pathname === "/string") throw "a string";
    if (url.pathname === "/hang") await new Promise(() => {});
    if (url.pathname === "/not-a-response") return "nope";
    if (url.pathname === "/pass") {
      ctx.passThroughOnException();
      throw new Error("passing through");
    }
    const body = await request.text();
    const seen = { method: request.method, url: request.url, host: request.headers.get("host"), x: request.headers.get("x-a"), body };
    return new Response(JSON.stringify(seen), { status: 201, headers: { "x-from": "auth", "content-type": "application/json" } });
  },
  add(pair) {
    return pair[0] + pair[1];
  },
};
