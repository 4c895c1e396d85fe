// The same shared promise, but later requests await it after it has fulfilled:
// awaiting an already-settled promise is safe (SEMANTICS R7).
addEventListener("fetch", (event) => {
  event.respondWith(handleRequest(event.request));
});

let ready;

async function handleRequest(request) {
  if (!ready) {
    ready = sleep(10);
  }
  await ready;
  return new Response("ok");
}

function sleep(delay) {
  return new Promise((resolve) => setTimeout(resolve, delay));
}
