// The seeds' failure on today's runtime: the waiter's own promise, settled only by a
// resolve function parked in module state for another request (R7, R13).
let parked;

addEventListener("fetch", (event) => {
  const path = new URL(event.request.url).pathname;
  if (path === "/wait") {
    event.respondWith(waitForRelease());
  } else {
    event.respondWith(release());
  }
});

async function waitForRelease() {
  console.log("waiting for a release");
  const value = await new Promise((resolve) => {
    parked = resolve;
  });
  console.log("released with " + value);
  return new Response("released");
}

async function release() {
  if (parked) {
    console.log("calling the parked resolve");
    parked("a value");
    parked = undefined;
  }
  return new Response("release sent");
}
