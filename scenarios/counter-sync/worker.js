// The same counter without an await: each request reads it once, synchronously.
// Every interleaving is some serial order, so this is not a race.
let counter = 0;

async function handleRequest(request) {
  const c = counter++;
  return new Response(c + "\n");
}

addEventListener("fetch", (e) => e.respondWith(handleRequest(e.request)));
