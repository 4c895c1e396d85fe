// The fix: share the key once it has arrived, never the pending call. Each request that
// finds no key makes (and awaits) a call of its own, so no request waits on another
// request's I/O.
let key = null;

export default {
  async fetch(request, env) {
    if (key === null) {
      const response = await env.KEYS.fetch("https://keys/current");
      key = await response.json();
    }
    return new Response(`signed with ${key.kid}`);
  }
};
