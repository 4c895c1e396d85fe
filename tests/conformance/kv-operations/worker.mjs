// Every KV operation crosstalk models, through the KV protocol workerd speaks to the
// namespace conform serves it: values as text, JSON and bytes, metadata, a TTL, a paged
// list (its key order is what the worker sees), delete, and the scenario's own data.
export default {
  async fetch(request, env) {
    const out = [];
    await env.KV.put("a:1", "one", { metadata: { m: 1 } });
    await env.KV.put("a:2", JSON.stringify({ x: 2 }), { expirationTtl: 3600 });
    await env.KV.put("a:3", new Uint8Array([104, 105]));
    out.push(await env.KV.get("a:1"));
    out.push(JSON.stringify(await env.KV.get("a:2", "json")));
    out.push(new Uint8Array(await env.KV.get("a:3", "arrayBuffer")).join(","));
    out.push(JSON.stringify(await env.KV.getWithMetadata("a:1")));
    out.push(JSON.stringify(await env.KV.getWithMetadata("missing")));
    const page = await env.KV.list({ prefix: "a:", limit: 2 });
    out.push(JSON.stringify({ ...page, keys: page.keys.map((k) => ({ name: k.name, metadata: k.metadata, hasExp: "expiration" in k })) }));
    out.push(Object.keys(page).join(","));
    const rest = await env.KV.list({ prefix: "a:", cursor: page.cursor });
    out.push(JSON.stringify(rest.keys.map((k) => k.name)), String(rest.list_complete), Object.keys(rest).join(","));
    await env.KV.delete("a:1");
    out.push(String(await env.KV.get("a:1")));
    out.push(String(await env.KV.get("seeded")));
    out.push(JSON.stringify(await env.KV.list()).length > 0 ? "listed" : "");
    return new Response(out.join("\n"));
  },
};
