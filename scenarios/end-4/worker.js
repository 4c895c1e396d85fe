// "The end 4": every log is wrapped in waitUntil, so all of them print even when the
// response settles first (SEMANTICS R6).
async function handleRequest(req) {
  const upto9 = Math.random() * 9;
  await new Promise((r) => setTimeout(r, upto9));
  return new Response("hello Sunshine " + upto9);
}

async function andAone(str, int) {
  await new Promise((r) => setTimeout(r, int));
  console.log(str);
}

addEventListener("fetch", (e) => {
  e.waitUntil(andAone());
  e.waitUntil(andAone("zero", 0));
  e.waitUntil(andAone("one", 1));
  e.waitUntil(andAone("two", 2));
  e.waitUntil(andAone("three", 3));
  e.waitUntil(andAone("four", 4));
  e.waitUntil(andAone("five", 5));
  e.waitUntil(andAone("six", 6));
  e.waitUntil(andAone("seven", 7));
  e.waitUntil(andAone("eight", 8));
  e.waitUntil(andAone("nine", 9));
  e.respondWith(handleRequest(e.request));
});
