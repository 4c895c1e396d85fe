// One pending call to the key service, shared by every request in module state.
let pending = null;
export default {
  async fetch(request, env) {
    if (pending === null) {
      pending = env.KEYS.fetch("https://keys.internal/current").then((r) => r.json());
      const first = await Promise.race([pending, new Promise((r) => setTimeout(() => r(null), 25))]);
      if (first === null) return new Response("key service slow, try again", { status: 503 });
      return new Response(`kid ${first.kid}`);
    }
    const keys = await pending;
    return new Response(`kid ${keys.kid}`);
  }
};
