// R8: a Response or Request the worker constructs with a body of bytes is an I/O object
// of the request that constructed it: another request reading it (or a clone of it) gets
// the foreign-I/O error, while its headers, and a body that is the worker's own
// ReadableStream, stay usable.
let stored, storedStream, storedReq;
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/a") {
      stored = new Response("constructed in a");
      storedStream = new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("s")); c.close(); } }));
      storedReq = new Request("https://x/", { method: "POST", body: "req body" });
      return new Response("a stored");
    }
    const out = [];
    for (const [name, f] of [["text", () => stored.clone().text()], ["headers", () => stored.headers.get("content-type")], ["stream", () => storedStream.text()], ["req", () => storedReq.text()]]) {
      try { out.push(name + ": " + await f()); } catch (e) { out.push(name + ": THROW " + e.message.slice(0, 40)); }
    }
    return new Response(out.join("\n"));
  },
};
