// respondWith after an await is too late: workerd ignores it silently and the request
// has already passed through to the origin (SEMANTICS R5).
addEventListener("fetch", async (e) => {
  try {
    console.log("bob");
    await new Promise((r) => setTimeout(r, 100));
    console.log("alice");
    e.respondWith(new Response("hello sunshine"));
    e.respondWith(new Response("hello sunshine"));
  } catch (err) {
    console.log(err.message);
  }
});
