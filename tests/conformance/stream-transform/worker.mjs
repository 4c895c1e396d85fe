// Streams a response through a TransformStream, the way server-sent updates and
// proxied rewrites are written on Workers.
const encoder = new TextEncoder();

function ticks() {
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  (async () => {
    for (let i = 1; i <= 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await writer.write(encoder.encode(`tick ${i}\n`));
    }
    await writer.close();
  })();
  return new Response(readable, { headers: { "content-type": "text/plain" } });
}

async function upstream() {
  const res = await fetch("https://origin.example/data");
  const upper = new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(encoder.encode(new TextDecoder().decode(chunk).toUpperCase()));
    },
  });
  return new Response(res.body.pipeThrough(upper), { headers: { "content-type": "text/plain" } });
}

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    return pathname === "/ticks" ? ticks() : upstream();
  },
};
