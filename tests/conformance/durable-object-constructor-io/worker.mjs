import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.config = null;
    fetch("https://config.example/room").then((r) => r.json()).then((c) => { this.config = c; });
  }
  async fetch() {
    return new Response(this.config ? this.config.greeting : "not ready");
  }
}

export default {
  async fetch(request, env) {
    const response = await env.ROOMS.getByName("lobby").fetch(request.url);
    return new Response(await response.text());
  },
};
