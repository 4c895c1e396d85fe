import { DurableObject } from "cloudflare:workers";

export class Obj extends DurableObject {
  async fetch() {
    if (!this.pending) {
      this.pending = await fetch("https://data.example/x");
      return new Response("fetched");
    }
    try {
      return new Response("read " + (await this.pending.text()));
    } catch (e) {
      return new Response(`${e.name}: ${e.message}`);
    }
  }
}

let kept;
export default {
  async fetch(request, env) {
    const response = await env.OBJ.getByName("x").fetch(request.url);
    let text = await response.text();
    if (!kept) {
      kept = await fetch("https://data.example/y");
    } else {
      try { text += " | " + (await kept.text()); } catch (e) { text += ` | ${e.name}: ${e.message}`; }
    }
    return new Response(text);
  },
};
