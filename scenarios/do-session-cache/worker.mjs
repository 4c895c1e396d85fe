import { DurableObject } from "cloudflare:workers";

// One cart per user. The items live in a field: fast, but gone whenever the runtime
// evicts the idle object (or it hibernates, or a deploy resets it).
export class Cart extends DurableObject {
  items = [];

  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/add") {
      this.items.push(url.searchParams.get("item"));
      return new Response(`${this.items.length} in cart`);
    }
    const order = { items: this.items, at: "checkout" };
    await this.ctx.storage.put("last-order", order);
    this.items = [];
    return new Response(`ordered ${order.items.length}: ${order.items.join(", ")}`);
  }
}

export default {
  async fetch(request, env) {
    const user = request.headers.get("x-user") ?? "guest";
    const response = await env.CARTS.getByName(user).fetch(request);
    return new Response(await response.text());
  },
};
