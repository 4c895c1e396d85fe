// Exceptions after the response: what the runtime reports for a request that answered.
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(new Promise((_, reject) => setTimeout(() => reject(new Error("late failure")), 50)));
    ctx.waitUntil(new Promise((resolve) => setTimeout(() => { console.log("waited"); resolve(); }, 80)));
    Promise.reject(new TypeError("nobody catches this"));
    setTimeout(() => { throw new RangeError("thrown in a timer"); }, 20);
    return new Response("ok");
  },
};
