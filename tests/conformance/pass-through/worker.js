// No respondWith: the request passes through to the origin (SEMANTICS R5).
addEventListener("fetch", (event) => {
  console.log("seen " + new URL(event.request.url).pathname);
});
