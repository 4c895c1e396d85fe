// A notes API on D1, run unchanged from its wrangler.toml: the database starts with
// migrations/ applied. The author's counter is updated under ctx.waitUntil, after the
// response, so the write always lands.
interface Env {
  DB: D1Database;
}

interface NoteRow {
  id: number;
  body: string;
  author: string;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    const author = url.searchParams.get("author") ?? "anonymous";
    if (request.method === "POST" && url.pathname === "/notes") {
      const body = await request.text();
      try {
        const { meta } = await env.DB.prepare("INSERT INTO notes (body, author) VALUES (?, ?)").bind(body, author).run();
        ctx.waitUntil(env.DB.prepare("UPDATE authors SET notes = notes + 1 WHERE name = ?").bind(author).run());
        return Response.json({ id: meta.last_row_id }, { status: 201 });
      } catch (error) {
        return Response.json({ error: (error as Error).message }, { status: 400 });
      }
    }
    if (url.pathname === "/notes") {
      const { results } = await env.DB.prepare("SELECT id, body, author FROM notes ORDER BY id").all<NoteRow>();
      return Response.json(results);
    }
    if (url.pathname === "/authors") {
      const rows = await env.DB.prepare("SELECT name, notes FROM authors ORDER BY name").raw({ columnNames: true });
      return Response.json(rows);
    }
    return new Response("not found", { status: 404 });
  },
};
