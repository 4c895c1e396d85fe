// waitUntil keeps the request alive only until its promises settle: a plain timer due
// after the last of them (50 ms) is still dropped (SEMANTICS R6).
async function andAone(str, int) {
  await new Promise((r) => setTimeout(r, int));
  console.log(str);
}

addEventListener("fetch", (e) => {
  for (let i = 0; i < 10; i++) {
    e.waitUntil(andAone("waitUntil " + i, i));
  }
  setTimeout(() => console.log("plain 50ms"), 50);
  e.respondWith(new Response("ok"));
});
