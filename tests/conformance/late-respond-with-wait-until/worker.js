// A late respondWith is ignored silently (R5); waitUntil keeps the request's timers alive
// after it passed through, so the late call really runs.
addEventListener("fetch", (e) => {
  e.waitUntil(new Promise((r) => setTimeout(r, 200)));
  respondLate(e);
});

async function respondLate(e) {
  try {
    console.log("bob");
    await new Promise((r) => setTimeout(r, 100));
    console.log("alice");
    e.respondWith(new Response("hello sunshine"));
    console.log("respondWith returned");
  } catch (err) {
    console.log("respondWith threw: " + err.name + ": " + err.message);
  }
}
