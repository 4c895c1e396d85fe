import { WorkerEntrypoint } from "cloudflare:workers";

export class Api extends WorkerEntrypoint {
  add(a, b) {
    return a + b;
  }
}

class Hidden extends WorkerEntrypoint {
  secret() {
    return "hidden";
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/inner") return new Response("inner " + request.method);
    const viaBinding = await (await env.SELF.fetch("https://self.example/inner", { method: "POST" })).text();
    let exportsSeen = "none";
    let viaExports = "none";
    let rpc = "none";
    let hidden = "none";
    try {
      exportsSeen = typeof ctx.exports;
      viaExports = await (await ctx.exports.default.fetch("https://self.example/inner")).text();
      rpc = await ctx.exports.Api.add(2, 3);
      hidden = typeof ctx.exports.Hidden;
    } catch (error) {
      viaExports = viaExports === "none" ? `${error.name}: ${error.message}` : viaExports;
    }
    return Response.json({ viaBinding, exportsSeen, viaExports, rpc, hidden, unused: typeof Hidden });
  },
};
