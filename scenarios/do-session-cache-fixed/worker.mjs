import { DurableObject } from "cloudflare:workers";

// One cart per user, kept in storage: an evicted object reads it back.
export class Cart extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url);
    const items = (await this.ctx.storage.get("items")) ?? [];
    if (url.pathname === "/add") {
      items.push(url.searchParams.get("item"));
      await this.ctx.storage.put("items", items);
      return new Response(`${items.length} in cart`);
    }
    await this.ctx.storage.put({ "last-order": { items, at: "checkout" }, items: [] });
    return new Response(`ordered ${items.length}: ${items.join(", ")}`);
  }
}

export default {
  async fetch(request, env) {
    const user = request.headers.get("x-user") ?? "guest";
    const response = await env.CARTS.getByName(user).fetch(request);
    return new Response(await response.text());
  },
};
