// The fixed variant of d1-module-state: each request keeps its own user row, so the
// requests interleave at every await without seeing each other.
// The fix: the row lives in a local variable of the request.

export default {
  async fetch(request, env) {
    const id = Number(new URL(request.url).searchParams.get("id"));
    const user = await env.DB.prepare("SELECT id, name FROM users WHERE id = ?").bind(id).first();
    const { results } = await env.DB.prepare("SELECT title FROM posts WHERE author = ?").bind(id).all();
    return Response.json({ name: user.name, posts: results.map((p) => p.title) });
  },
};
