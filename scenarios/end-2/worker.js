// "The end 2": ten timers at 0..9 ms; the response settles after a random 0..9 ms
// sleep. Timers due after the true ResponseTime are dropped (SEMANTICS R6).
async function handleRequest(req) {
  const upto9 = Math.random() * 9;
  await new Promise((r) => setTimeout(r, upto9));
  return new Response("hello Sunshine " + upto9);
}

addEventListener("fetch", (e) => {
  setTimeout(() => console.log("zero"), 0);
  setTimeout(() => console.log("one"), 1);
  setTimeout(() => console.log("two"), 2);
  setTimeout(() => console.log("three"), 3);
  setTimeout(() => console.log("four"), 4);
  setTimeout(() => console.log("five"), 5);
  setTimeout(() => console.log("six"), 6);
  setTimeout(() => console.log("seven"), 7);
  setTimeout(() => console.log("eight"), 8);
  setTimeout(() => console.log("nine"), 9);
  e.respondWith(handleRequest(e.request));
});
