// The user row is kept in a module variable between two D1 queries. Requests of one
// isolate interleave at every await, so another request's user can replace it while
// this request waits for its posts: alice's page shows bob's name.
let user;

export default {
  async fetch(request, env) {
    const id = Number(new URL(request.url).searchParams.get("id"));
    user = await env.DB.prepare("SELECT id, name FROM users WHERE id = ?").bind(id).first();
    const { results } = await env.DB.prepare("SELECT title FROM posts WHERE author = ?").bind(id).all();
    return Response.json({ name: user.name, posts: results.map((p) => p.title) });
  },
};
