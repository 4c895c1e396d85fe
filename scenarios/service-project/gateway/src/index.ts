// The public gateway: every request is checked by the accounts worker's HTTP entrypoint
// (AUTH), then answered from its RPC entrypoint (DIRECTORY). Errors thrown by the RPC
// method arrive here with their type and message.
interface Directory {
  lookup(id: string): Promise<{ id: string; name: string; plan: string; since: Date }>;
  count(): Promise<number>;
}

interface Env {
  AUTH: Fetcher;
  DIRECTORY: Directory;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const check = await env.AUTH.fetch("https://accounts.internal/verify", {
      headers: { authorization: request.headers.get("authorization") ?? "" },
    });
    if (!check.ok) {
      const { reason } = (await check.json()) as { reason: string };
      return new Response(`forbidden: ${reason}`, { status: 403 });
    }
    const id = new URL(request.url).pathname.split("/")[2] ?? "";
    try {
      const account = await env.DIRECTORY.lookup(id);
      const total = await env.DIRECTORY.count();
      const year = account.since.getUTCFullYear();
      return Response.json({ name: account.name, plan: account.plan, since: year, of: total });
    } catch (error) {
      const e = error as Error;
      return Response.json({ error: `${e.name}: ${e.message}` }, { status: e instanceof RangeError ? 404 : 500 });
    }
  },
};
