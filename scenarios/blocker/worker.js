// Request A creates a module-level promise that settles only after A's own 20 s timer;
// every request arriving meanwhile awaits it (SEMANTICS R7, seed: "never generate a response").
addEventListener("fetch", (event) => {
  event.respondWith(handleRequest(event.request));
});

// shared by every request routed to this isolate
let blocker;

async function handleRequest(request) {
  if (!blocker) {
    // the first request blocks for 20 s
    blocker = sleep(20000);
  }
  await blocker;
  blocker = undefined;
  return new Response("ok");
}

function sleep(delay) {
  const p = new Promise((res, rej) => {
    setTimeout(res, delay);
  });
  return p;
}
