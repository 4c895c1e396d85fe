// The fix for the deadlock: read each body as its response arrives. All ten fetches
// complete, never more than six at a time (SEMANTICS R9).
export default {
  async fetch(request) {
    const urls = Array.from({ length: 10 }, (_, i) => `https://api.example/item/${i}`);
    const bodies = await Promise.all(urls.map((url) => fetch(url).then((r) => r.text())));
    return new Response(bodies.join("\n"));
  },
};
