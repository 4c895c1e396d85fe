// Calling respondWith twice during dispatch throws InvalidStateError (SEMANTICS R5).
addEventListener("fetch", (e) => {
  e.respondWith(new Response("first"));
  try {
    e.respondWith(new Response("second"));
  } catch (err) {
    console.log(err.name + ": " + err.message);
  }
});
