// Orders through a queue, run unchanged from its wrangler.toml: the fetch handler sends
// each order to the `orders` queue, the queue consumer stores the orders it can and
// retries the rest, and a cron trigger writes a report of what is stored.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/orders") {
      const order = await request.json();
      const { metadata } = await env.ORDERS.send(order);
      return Response.json({ queued: order.id, backlog: metadata.metrics.backlogCount }, { status: 202 });
    }
    if (url.pathname === "/report") {
      return new Response((await env.STORE.get("report")) ?? "no report yet");
    }
    const order = await env.STORE.get(`order:${url.pathname.slice("/orders/".length)}`);
    return order === null ? new Response("not found", { status: 404 }) : new Response(order);
  },

  async queue(batch, env) {
    for (const message of batch.messages) {
      if (typeof message.body.item !== "string") {
        message.retry();
        continue;
      }
      await env.STORE.put(`order:${message.body.id}`, message.body.item);
      message.ack();
    }
  },

  async scheduled(controller, env, ctx) {
    const { keys } = await env.STORE.list({ prefix: "order:" });
    ctx.waitUntil(env.STORE.put("report", `${keys.length} orders at ${new Date(controller.scheduledTime).toISOString()}`));
  },
};
