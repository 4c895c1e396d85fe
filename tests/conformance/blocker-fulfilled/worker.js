// R7: awaiting a promise another request created is fine once it has settled.
addEventListener("fetch", (event) => {
  event.respondWith(handleRequest(event.request));
});

let ready;

async function handleRequest(request) {
  if (!ready) {
    console.log("creating the promise");
    ready = sleep(100);
  }
  await ready;
  console.log("ready");
  return new Response("ok");
}

function sleep(delay) {
  return new Promise((resolve) => setTimeout(resolve, delay));
}
