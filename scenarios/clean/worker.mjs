// A correct module worker: request-scoped state only, fire-and-forget work under
// waitUntil, and a module-level cache of settled values (not of pending promises).
const cache = new Map();

async function lookup(key) {
  if (cache.has(key)) return cache.get(key);
  await new Promise((r) => setTimeout(r, 5));
  const value = key.toUpperCase();
  cache.set(key, value);
  return value;
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const name = url.searchParams.get("name") ?? "world";
    const value = await lookup(name);
    ctx.waitUntil(new Promise((r) => setTimeout(r, 10)).then(() => console.log("logged " + name)));
    return new Response(`hello ${value}`, { headers: { "content-type": "text/plain" } });
  },
};
