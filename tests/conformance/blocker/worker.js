// R7/R13: request A creates a module-level promise that only A's own timer settles; the
// requests arriving meanwhile await it while it is pending.
addEventListener("fetch", (event) => {
  event.respondWith(handleRequest(event.request));
});

let blocker;

async function handleRequest(request) {
  if (!blocker) {
    console.log("creating the blocker");
    blocker = sleep(1000);
  } else {
    console.log("awaiting the pending blocker");
  }
  await blocker;
  blocker = undefined;
  console.log("blocker settled");
  return new Response("ok");
}

function sleep(delay) {
  return new Promise((resolve) => setTimeout(resolve, delay));
}
