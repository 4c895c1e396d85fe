// "The end 2" with fixed delays 100 ms apart, so real time cannot blur the order (R6).
async function handleRequest(req) {
  await new Promise((r) => setTimeout(r, 250));
  console.log("responding");
  return new Response("hello Sunshine");
}

addEventListener("fetch", (e) => {
  setTimeout(() => console.log("zero"), 0);
  setTimeout(() => console.log("one hundred"), 100);
  setTimeout(() => console.log("two hundred"), 200);
  setTimeout(() => console.log("three hundred"), 300);
  setTimeout(() => console.log("four hundred"), 400);
  setTimeout(() => console.log("five hundred"), 500);
  e.respondWith(handleRequest(e.request));
});
