// The accounts worker: only other workers call it, through service bindings. Its default
// entrypoint checks bearer tokens over HTTP; Directory answers RPC calls.
import { WorkerEntrypoint } from "cloudflare:workers";

interface Env {
  ADMIN_TOKEN: string;
}

interface Account {
  id: string;
  name: string;
  plan: "free" | "pro";
  since: Date;
}

const ACCOUNTS: Record<string, Omit<Account, "id">> = {
  u1: { name: "Ada", plan: "pro", since: new Date(Date.UTC(2021, 4, 1)) },
  u2: { name: "Grace", plan: "free", since: new Date(Date.UTC(2023, 0, 15)) },
};

export default class Auth extends WorkerEntrypoint<Env> {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== "/verify") return new Response("not found", { status: 404 });
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "");
    if (token !== this.env.ADMIN_TOKEN) {
      return Response.json({ ok: false, reason: token ? "bad token" : "no token" }, { status: 401 });
    }
    return Response.json({ ok: true, role: "admin" });
  }
}

export class Directory extends WorkerEntrypoint<Env> {
  async lookup(id: string): Promise<Account> {
    const account = ACCOUNTS[id];
    if (account === undefined) throw new RangeError(`no account ${id}`);
    return { id, ...account };
  }

  async count(): Promise<number> {
    return Object.keys(ACCOUNTS).length;
  }
}
