// An exception escaping the handler answers 500 with the JS stack (SEMANTICS R5, R10).
addEventListener("fetch", (e) => {
  e.respondWith(handle(e.request));
});

async function handle(request) {
  const config = undefined;
  return new Response(config.greeting);
}
