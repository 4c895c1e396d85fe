interface Env {
  ASSETS: Fetcher;
}

interface Config {
  currency: string;
  taxRate: number;
}

// The shop's settings ship as a static file; the API reads them once per isolate.
// The bug: the cache holds the pending read, an I/O of the request that started it.
// Every request arriving while it is in flight awaits another request's promise.
let config: Promise<Config> | undefined;

function loadConfig(env: Env, url: string): Promise<Config> {
  config ??= env.ASSETS.fetch(new URL("/config.json", url)).then((r) => r.json() as Promise<Config>);
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
