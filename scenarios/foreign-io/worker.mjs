// A Response kept in module state by one request and read by another: Workers throws
// "Cannot perform I/O on behalf of a different request" (SEMANTICS R8).
let cached;

export default {
  async fetch(request) {
    if (!cached) {
      cached = await fetch("https://api.example/config");
      return new Response("stored");
    }
    try {
      return new Response(await cached.text());
    } catch (err) {
      return new Response(err.message, { status: 500 });
    }
  },
};
