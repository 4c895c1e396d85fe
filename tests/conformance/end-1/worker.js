// "The end 1": respondWith with a ready Response. The current task and its microtasks
// finish; the timers this request scheduled are silently dropped (SEMANTICS R6).
addEventListener("fetch", (e) => {
  console.log("same task before");
  Promise.resolve().then(() => console.log("micro before"));
  setTimeout(() => console.log("event loop before"));

  e.respondWith(new Response("hello Sunshine"));

  console.log("same task after");
  Promise.resolve().then(() => console.log("micro after"));
  setTimeout(() => console.log("event loop after"));
});
