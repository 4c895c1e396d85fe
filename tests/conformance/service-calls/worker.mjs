// A worker calling another through a service binding: what the callee receives, its
// answer, how each of its failures reaches the caller, and (from the rpc date) an RPC call.
export default {
  async fetch(request, env) {
    const out = [];
    const t = async (name, f) => {
      try {
        out.push(name + ": " + (await f()));
      } catch (e) {
        out.push(name + " threw " + e.constructor.name + ": " + e.message);
      }
    };
    await t("binding", () => String(env.AUTH) + " " + typeof env.AUTH.fetch + " [" + Object.keys(env.AUTH) + "]");
    await t("echo", async () => {
      const r = await env.AUTH.fetch("https://auth.internal/echo?q=1", { method: "POST", body: "hello", headers: { "x-a": "1" } });
      return r.status + " " + r.statusText + " " + JSON.stringify([...r.headers]) + " " + (await r.text());
    });
    await t("relative", async () => (await env.AUTH.fetch("/relative")).status);
    for (const path of ["throw", "type", "string", "hang", "not-a-response", "pass"]) {
      await t(path, async () => {
        const r = await env.AUTH.fetch("https://auth.internal/" + path);
        return r.status + " [" + (await r.text()) + "]";
      });
    }
    const rpc = typeof env.AUTH.add;
    await t("rpc", async () => (rpc === "function" ? await env.AUTH.add([1, 2]) : rpc));
    return new Response(out.join("\n"));
  },
};
