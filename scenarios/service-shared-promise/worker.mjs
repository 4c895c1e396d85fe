// The gateway shares one pending call to the key service between requests, as
// token-verifying libraries cache a pending key-set fetch. The request that starts the
// call gives up after 25 ms; when it answers, its call is cancelled (R6), and every
// request waiting on the shared promise waits on a call that no longer exists.
let pending = null;

export default {
  async fetch(request, env) {
    if (pending === null) {
      pending = env.KEYS.fetch("https://keys/current").then((response) => response.json());
      const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 25));
      const key = await Promise.race([pending, timeout]);
      if (key === null) return new Response("key service slow, try again", { status: 503 });
      return new Response(`signed with ${key.kid}`);
    }
    const key = await pending;
    return new Response(`signed with ${key.kid}`);
  }
};
