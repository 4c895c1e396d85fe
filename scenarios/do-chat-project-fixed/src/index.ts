import { DurableObject } from "cloudflare:workers";

interface Env {
  ROOMS: DurableObjectNamespace<ChatRoom>;
}

interface Session {
  name: string;
}

// A chat room per name. Its sockets are hibernatable (ctx.acceptWebSocket), so the room
// may be evicted while people are connected, and each message wakes it up again.
export class ChatRoom extends DurableObject<Env> {
  async fetch(request: Request): Promise<Response> {
    const name = new URL(request.url).searchParams.get("name") ?? "anonymous";
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    // Who is behind the socket travels with it, and survives an eviction.
    server.serializeAttachment({ name } satisfies Session);
    server.send(`welcome ${name}, ${this.ctx.getWebSockets().length} here`);
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const { name } = ws.deserializeAttachment() as Session;
    const line = `${name}: ${message}`;
    await this.ctx.storage.put("last", line);
    for (const socket of this.ctx.getWebSockets()) socket.send(line);
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean): Promise<void> {
    // A client that went away without a Close frame arrives as 1006, a code close() may
    // not send (it throws): there is no one left to answer.
    if (wasClean) ws.close(code, reason);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const room = url.pathname.split("/")[2];
    if (!room || request.headers.get("Upgrade") !== "websocket") {
      return new Response("connect with a WebSocket to /rooms/<name>?name=<you>", { status: 426 });
    }
    return env.ROOMS.getByName(room).fetch(request);
  },
} satisfies ExportedHandler<Env>;
