// An exception escaping the response promise fails the request with a 500 (R5).
addEventListener("fetch", (e) => {
  e.respondWith(handle(e.request));
});

async function handle(request) {
  console.log("handling");
  await new Promise((r) => setTimeout(r, 50));
  throw new Error("the configuration is missing");
}
