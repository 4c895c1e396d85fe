// "The end 4": waitUntil keeps the request alive until its promises settle (R6).
async function handleRequest(req) {
  await new Promise((r) => setTimeout(r, 50));
  return new Response("hello Sunshine");
}

async function logLater(text, delay) {
  await new Promise((r) => setTimeout(r, delay));
  console.log(text);
}

addEventListener("fetch", (e) => {
  e.waitUntil(logLater("zero", 0));
  e.waitUntil(logLater("one hundred", 100));
  e.waitUntil(logLater("two hundred", 200));
  e.waitUntil(logLater("three hundred", 300));
  setTimeout(() => console.log("plain timer at 150"), 150);
  setTimeout(() => console.log("plain timer at 500"), 500);
  e.respondWith(handleRequest(e.request));
});
