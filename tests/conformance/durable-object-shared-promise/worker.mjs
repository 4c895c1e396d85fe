import { DurableObject } from "cloudflare:workers";

export class Keys extends DurableObject {
  async fetch() {
    if (!this.pending) {
      this.pending = fetch("https://keys.example/jwks").then((r) => r.text());
    }
    return new Response(await this.pending);
  }
}

export default {
  async fetch(request, env) {
    const response = await env.KEYS.getByName("k").fetch(request.url);
    return new Response(await response.text());
  },
};
