interface Env {
  ASSETS: Fetcher;
}

interface Config {
  currency: string;
  taxRate: number;
}

// The fix: cache the settled settings, never the pending read. Requests that arrive
// before the first read has finished read the file themselves.
let config: Config | undefined;

async function loadConfig(env: Env, url: string): Promise<Config> {
  if (config === undefined) {
    const response = await env.ASSETS.fetch(new URL("/config.json", url));
    config = (await response.json()) as Config;
  }
  return config;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/api/price") {
      const net = Number(url.searchParams.get("net") ?? "0");
      const { currency, taxRate } = await loadConfig(env, request.url);
      return Response.json({ gross: Math.round(net * (1 + taxRate) * 100) / 100, currency });
    }
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
