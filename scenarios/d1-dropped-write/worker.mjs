// A signup is recorded in D1 without awaiting the write or handing it to
// ctx.waitUntil: the response is sent at once, the request ends, and the insert is
// cancelled before it reaches the database. The fix: ctx.waitUntil(write).
export default {
  async fetch(request, env, ctx) {
    const email = new URL(request.url).searchParams.get("email");
    env.DB.prepare("INSERT INTO users (email) VALUES (?)").bind(email).run();
    return new Response(`welcome ${email}`);
  },
};
