// A response promise that resolves to something other than a Response fails the
// request with a TypeError (SEMANTICS R5).
addEventListener("fetch", (e) => {
  e.respondWith(Promise.resolve("just a string"));
});
